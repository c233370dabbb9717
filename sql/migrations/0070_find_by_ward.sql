-- 0070_find_by_ward.sql — household find through the indexes under
-- row-level security.
--
-- The policies' checks (0004, read once per statement since 0011) are a
-- coalesce over the context: no index can serve them, and PostgreSQL never
-- lets a query's own non-leakproof conditions (LIKE, pg_trgm's <%) run
-- ahead of a policy's, so household_find read every household and every
-- member, then filtered. An explicit `ward_code = ANY (wards)` (texteq is
-- leakproof) may run first, through the indexes that lead with ward_code:
-- a ward token's find reads its own ward only. The wards come from one
-- small function, ansinh.context_wards(), so that a token covering several
-- wards (merged units) changes that function alone. The policies still
-- apply, unchanged, on top.

-- The wards the request's context may read: a ward token's own, every ward
-- for a district or auditor token, none without a context.
CREATE FUNCTION ansinh.context_wards() RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT CASE r.role
               WHEN 'ward' THEN ARRAY[(SELECT ansinh.context_ward())]
               WHEN 'district' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               WHEN 'auditor' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               ELSE '{}'::text[]
           END
      FROM (SELECT ansinh.context_role() AS role) AS r;
END;

COMMENT ON FUNCTION ansinh.context_wards() IS
    'The wards the current request may read (a ward token''s own; all for district and auditor; none without a context): the explicit filter of the searches, beside row-level security';

-- The matches of a folded text among the households and members of the
-- given wards: (ward, household id, score), one row per matching head,
-- code or member. Plain SQL, no settings of its own, so that the planner
-- inlines it into household_find (and into the EXPLAIN of
-- tests/sql/50_find.sql): the ward filter is then an index condition.
CREATE FUNCTION ansinh.household_find_hits(folded text, pattern text, wards text[])
RETURNS TABLE (ward_code text, id uuid, score real)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.ward_code, h.id,
           pg_catalog.float4larger(public.word_similarity(household_find_hits.folded, h.head_name_folded),
                                   public.word_similarity(household_find_hits.folded, pg_catalog.lower(h.code)))
      FROM ansinh.household AS h
     WHERE h.ward_code OPERATOR(pg_catalog.=) ANY (household_find_hits.wards)
       AND (h.head_name_folded OPERATOR(pg_catalog.~~) household_find_hits.pattern
            OR pg_catalog.lower(h.code) OPERATOR(pg_catalog.~~) household_find_hits.pattern
            OR household_find_hits.folded OPERATOR(public.<%) h.head_name_folded)
    UNION ALL
    SELECT p.ward_code, p.household_id,
           public.word_similarity(household_find_hits.folded, p.full_name_folded)
      FROM ansinh.person AS p
     WHERE p.ward_code OPERATOR(pg_catalog.=) ANY (household_find_hits.wards)
       AND (p.full_name_folded OPERATOR(pg_catalog.~~) household_find_hits.pattern
            OR household_find_hits.folded OPERATOR(public.<%) p.full_name_folded);
END;

COMMENT ON FUNCTION ansinh.household_find_hits(text, text, text[]) IS
    'household_find''s matches in the given wards (inlined into it; the ward filter served by the indexes)';

REVOKE ALL ON FUNCTION ansinh.context_wards(), ansinh.household_find_hits(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.context_wards(), ansinh.household_find_hits(text, text, text[])
    TO ansinh_api_owner;

-- As 0005's, but the matches come from household_find_hits over the wards
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
               ansinh.household_find_hits(q.folded, q.pattern,
                   ARRAY(SELECT w FROM pg_catalog.unnest(ansinh.context_wards()) AS w
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
    'Accent- and case-insensitive search over head and member names and household codes, in the wards of the context (ansinh.context_wards)';

CALL ansinh.secure_api();
