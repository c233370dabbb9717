-- 0111 — household find: the exact branch first, the fuzzy one only when
-- it finds too few (issue 8, goal 4).
--
-- 0070's search ran one scan whose condition was the exact branch (the
-- folded text a substring of a name or the code: LIKE) OR the fuzzy one
-- (pg_trgm's <%, word similarity >= 0.6). The fuzzy branch is what costs:
-- its trigram index hands back every name sharing a trigram with the
-- query, thousands per common name, each rechecked and ranked (docs/
-- performance.md). Now household_find runs the exact branch alone first
-- (ansinh.household_find_scan_exact, the same scan without <%); when it
-- finds at least the limit's number of households whose best match scores
-- 1 (the query is a whole word, or whole words, of a name or the code),
-- those are the first households of the list anyway — a fuzzy match
-- scores below 1 — and the fuzzy scan is skipped. Otherwise (fewer, or no
-- limit) the full scan of 0070 runs, as before. The ordering is that of
-- 0070 (best score first, then code, then ward), now taken on the
-- households' codes before the rows are read under the context policies
-- (ansinh_api.household_row), so that only the households returned are.

-- The exact branch of household_find_hits.
CREATE FUNCTION ansinh.household_find_hits_exact(folded text, pattern text, wards text[])
RETURNS TABLE (ward_code text, id uuid, score real)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.ward_code, h.id,
           pg_catalog.float4larger(public.word_similarity(household_find_hits_exact.folded, h.head_name_folded),
                                   public.word_similarity(household_find_hits_exact.folded, pg_catalog.lower(h.code)))
      FROM ansinh.household AS h
     WHERE pg_catalog.array_position(household_find_hits_exact.wards, h.ward_code) IS NOT NULL
       AND (h.head_name_folded OPERATOR(pg_catalog.~~) household_find_hits_exact.pattern
            OR pg_catalog.lower(h.code) OPERATOR(pg_catalog.~~) household_find_hits_exact.pattern)
    UNION ALL
    SELECT p.ward_code, p.household_id,
           public.word_similarity(household_find_hits_exact.folded, p.full_name_folded)
      FROM ansinh.person AS p
     WHERE pg_catalog.array_position(household_find_hits_exact.wards, p.ward_code) IS NOT NULL
       AND p.full_name_folded OPERATOR(pg_catalog.~~) household_find_hits_exact.pattern;
END;

COMMENT ON FUNCTION ansinh.household_find_hits_exact(text, text, text[]) IS
    'household_find''s exact matches (a substring of a name or the code) in the given wards (inlined into household_find_scan_exact)';

CREATE FUNCTION ansinh.household_find_scan_exact(folded text, pattern text, wards text[])
RETURNS TABLE (ward_code text, id uuid, score real)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    SET enable_seqscan = off
BEGIN ATOMIC
    SELECT hit.ward_code, hit.id, hit.score
      FROM ansinh.household_find_hits_exact(household_find_scan_exact.folded, household_find_scan_exact.pattern,
                                            household_find_scan_exact.wards) AS hit;
END;

COMMENT ON FUNCTION ansinh.household_find_scan_exact(text, text, text[]) IS
    'household_find''s exact matches in the given wards, read as ansinh_search through the trigram indexes (callable by the API''s owner only)';

REVOKE ALL ON FUNCTION ansinh.household_find_hits_exact(text, text, text[]),
    ansinh.household_find_scan_exact(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.household_find_scan_exact(text, text, text[]) TO ansinh_api_owner;
GRANT EXECUTE ON FUNCTION ansinh.household_find_hits_exact(text, text, text[]) TO ansinh_search;

GRANT ansinh_search TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_search;
ALTER FUNCTION ansinh.household_find_scan_exact(text, text, text[]) OWNER TO ansinh_search;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_search;

CREATE OR REPLACE FUNCTION ansinh_api.household_find(text text, ward text, "limit" integer)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH query AS MATERIALIZED (
        SELECT q.folded,
               '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(q.folded,
                        '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pattern,
               ARRAY(SELECT w FROM pg_catalog.unnest(ansinh.context_read_wards()) AS w
                      WHERE nullif(household_find.ward, '') IS NULL OR w = household_find.ward) AS wards
          FROM (SELECT ansinh.fold(ansinh.clean_name(household_find.text)) AS folded) AS q
         WHERE q.folded <> ''
    ), exact AS MATERIALIZED (
        SELECT hit.ward_code, hit.id, pg_catalog.max(hit.score) AS score
          FROM query AS q, ansinh.household_find_scan_exact(q.folded, q.pattern, q.wards) AS hit
         GROUP BY hit.ward_code, hit.id
    ), enough AS MATERIALIZED (
        -- the limit's number of whole-word matches: the fuzzy branch
        -- cannot change the first households of the list
        SELECT coalesce(household_find."limit", 0) > 0
               AND (SELECT pg_catalog.count(*) FROM exact AS e WHERE e.score >= 1) >= household_find."limit"
                   AS yes
    ), best AS (
        SELECT e.ward_code, e.id, e.score FROM exact AS e WHERE (SELECT n.yes FROM enough AS n)
        UNION ALL
        SELECT hit.ward_code, hit.id, pg_catalog.max(hit.score)
          FROM query AS q, ansinh.household_find_scan(q.folded, q.pattern, q.wards) AS hit
         WHERE NOT (SELECT n.yes FROM enough AS n)
         GROUP BY hit.ward_code, hit.id
    ), top AS MATERIALIZED (
        SELECT b.ward_code, b.id, b.score, h.code
          FROM best AS b
          JOIN ansinh.household AS h ON h.ward_code = b.ward_code AND h.id = b.id
         ORDER BY b.score DESC, h.code, h.ward_code
         LIMIT nullif(household_find."limit", 0)
    )
    SELECT r.*
      FROM top AS t
      JOIN ansinh_api.household_row AS r ON r.ward_code = t.ward_code AND r.id = t.id
     ORDER BY t.score DESC, t.code, t.ward_code;
END;

COMMENT ON FUNCTION ansinh_api.household_find(text, text, integer) IS
    'Accent- and case-insensitive search over head and member names and household codes, in the wards of the context (ansinh.context_read_wards): exact matches first, similar names (pg_trgm) when those are fewer than the limit''s whole-word matches';

CALL ansinh.secure_api();
