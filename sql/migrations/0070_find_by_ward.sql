-- 0070_find_by_ward.sql — household find through the trigram indexes,
-- with the wards of the request's context as an explicit filter.
--
-- Under the context policies (0004, read once per statement since 0011)
-- PostgreSQL never lets a query's own non-leakproof conditions (LIKE,
-- pg_trgm's <%) run ahead of a policy's, so no index on the folded names
-- could serve household_find: it read every household and every member,
-- then filtered. Now the search runs as ansinh_search, a NOLOGIN role whose
-- only policy on household and person is USING (true) (the planner drops
-- it, as it does the analysts'), allowed to read only the columns a search
-- needs (ward, ids, code, folded names), through one SECURITY DEFINER
-- function that only the API's owner may call. The filter that row-level
-- security gave is explicit there: the ward is one of wards, the wards
-- household_find takes from ansinh.context_read_wards() (0022: a ward
-- token's own ward and every ward merged into its unit). The rows returned
-- to the caller are still read under the context policies
-- (ansinh_api.household_row).

-- The code is searched too (lower(code) LIKE): with an index of its own,
-- each branch of the search's OR has one, and a bitmap OR serves it.
CREATE INDEX household_code_trgm ON ansinh.household
    USING gin (pg_catalog.lower(code) public.gin_trgm_ops);

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_search') THEN
        CREATE ROLE ansinh_search NOLOGIN;
    END IF;
END
$$;
COMMENT ON ROLE ansinh_search IS
    'ansinh: runs household find''s index scan (ansinh.household_find_scan); reads ward, ids, code and folded names of households and persons, nothing else';

GRANT USAGE ON SCHEMA ansinh TO ansinh_search;
GRANT SELECT (ward_code, id, code, head_name_folded) ON ansinh.household TO ansinh_search;
GRANT SELECT (ward_code, household_id, full_name_folded) ON ansinh.person TO ansinh_search;
CREATE POLICY search_read ON ansinh.household FOR SELECT TO ansinh_search USING (true);
CREATE POLICY search_read ON ansinh.person FOR SELECT TO ansinh_search USING (true);

-- The matches of a folded text among the households and members of the
-- given wards: (ward, household id, score), one row per matching head,
-- code or member. Plain SQL, no settings of its own, so that the planner
-- inlines it into household_find_scan (and into the EXPLAIN of
-- tests/sql/50_find.sql): the trigram indexes serve it.
CREATE FUNCTION ansinh.household_find_hits(folded text, pattern text, wards text[])
RETURNS TABLE (ward_code text, id uuid, score real)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.ward_code, h.id,
           pg_catalog.float4larger(public.word_similarity(household_find_hits.folded, h.head_name_folded),
                                   public.word_similarity(household_find_hits.folded, pg_catalog.lower(h.code)))
      FROM ansinh.household AS h
     WHERE pg_catalog.array_position(household_find_hits.wards, h.ward_code) IS NOT NULL
       AND (h.head_name_folded OPERATOR(pg_catalog.~~) household_find_hits.pattern
            OR pg_catalog.lower(h.code) OPERATOR(pg_catalog.~~) household_find_hits.pattern
            OR household_find_hits.folded OPERATOR(public.<%) h.head_name_folded)
    UNION ALL
    SELECT p.ward_code, p.household_id,
           public.word_similarity(household_find_hits.folded, p.full_name_folded)
      FROM ansinh.person AS p
     WHERE pg_catalog.array_position(household_find_hits.wards, p.ward_code) IS NOT NULL
       AND (p.full_name_folded OPERATOR(pg_catalog.~~) household_find_hits.pattern
            OR household_find_hits.folded OPERATOR(public.<%) p.full_name_folded);
END;

COMMENT ON FUNCTION ansinh.household_find_hits(text, text, text[]) IS
    'household_find''s matches in the given wards (inlined into household_find_scan; the trigram indexes serve it)';

-- The search as ansinh_search: only the API's owner may call it, with the
-- wards of the context. Through row-level security the planner may not
-- use the columns' statistics with a non-leakproof operator (LIKE, <%), so
-- it would cost the trigram scans with default selectivities and read the
-- tables whole instead: sequential scans are off here. The ward filter
-- (array_position) is applied to the index's candidates.
CREATE FUNCTION ansinh.household_find_scan(folded text, pattern text, wards text[])
RETURNS TABLE (ward_code text, id uuid, score real)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    SET enable_seqscan = off
BEGIN ATOMIC
    SELECT hit.ward_code, hit.id, hit.score
      FROM ansinh.household_find_hits(household_find_scan.folded, household_find_scan.pattern,
                                      household_find_scan.wards) AS hit;
END;

COMMENT ON FUNCTION ansinh.household_find_scan(text, text, text[]) IS
    'household_find''s matches in the given wards, read as ansinh_search through the trigram indexes (callable by the API''s owner only)';

REVOKE ALL ON FUNCTION ansinh.household_find_hits(text, text, text[]),
    ansinh.household_find_scan(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.household_find_scan(text, text, text[])
    TO ansinh_api_owner;
GRANT EXECUTE ON FUNCTION ansinh.household_find_hits(text, text, text[]) TO ansinh_search;

-- Hand the scan to ansinh_search (as 0005 does citizen_id_ward to
-- ansinh_idcheck): changing a function's owner needs membership.
GRANT ansinh_search TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_search;
ALTER FUNCTION ansinh.household_find_scan(text, text, text[]) OWNER TO ansinh_search;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_search;

-- As 0005's, but the matches come from household_find_scan over the wards
-- of the context (narrowed to the ward argument, if given).
CREATE OR REPLACE FUNCTION ansinh_api.household_find(text text, ward text, "limit" integer)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH query AS MATERIALIZED (
        SELECT q.folded,
               '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(q.folded,
                        '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pattern
          FROM (SELECT ansinh.fold(ansinh.clean_name(household_find.text)) AS folded) AS q
         WHERE q.folded <> ''
    ), best AS (
        SELECT hit.ward_code, hit.id, pg_catalog.max(hit.score) AS score
          FROM query AS q,
               ansinh.household_find_scan(q.folded, q.pattern,
                   ARRAY(SELECT w FROM pg_catalog.unnest(ansinh.context_read_wards()) AS w
                          WHERE nullif(household_find.ward, '') IS NULL OR w = household_find.ward)) AS hit
         GROUP BY hit.ward_code, hit.id
    )
    SELECT r.*
      FROM best AS b
      JOIN ansinh_api.household_row AS r ON r.ward_code = b.ward_code AND r.id = b.id
     ORDER BY b.score DESC, r.code, r.ward_code
     LIMIT nullif(household_find."limit", 0);
END;

COMMENT ON FUNCTION ansinh_api.household_find(text, text, integer) IS
    'Accent- and case-insensitive search over head and member names and household codes, in the wards of the context (ansinh.context_read_wards)';

CALL ansinh.secure_api();
