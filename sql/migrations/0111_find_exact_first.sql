-- 0111 — household find: whole-word matches first, the fuzzy branch only
-- when they are too few (issue 8, goal 4).
--
-- 0070's search ran one scan whose condition was the exact branch (the
-- folded text a substring of a name or the code: LIKE) OR the fuzzy one
-- (pg_trgm's <%, word similarity >= 0.6). The fuzzy branch is what costs:
-- its trigram index hands back every name sharing a trigram with the
-- query, thousands per common name, each rechecked and ranked (docs/
-- performance.md). Now household_find first looks for whole-word matches
-- only (ansinh.household_find_scan_exact: the folded text is a whole word,
-- or whole words in that order, of a name or of the code). Such a match
-- scores 1, the most a match can, so when there are at least the limit's
-- number of them they are the list — the best score first, then by code,
-- as before — and the other scans are skipped. Otherwise (fewer, or no
-- limit) 0070's full scan runs, as before. The order (score, code, ward)
-- is now taken on the households' codes, and the limit applied, before
-- the rows are read under the context policies (ansinh_api.household_row),
-- so that only the households returned are.
--
-- What can differ from 0070: a name that holds the query's words in
-- another order, or split by other words, also scores 1 by similarity; it
-- is no longer listed among the first when the whole-word matches already
-- fill the limit.

-- The whole-word matches: the folded text is a whole word, or whole
-- words, of a name or of the code (regex: (^| )text( |$); the trigram
-- indexes serve it). Their score is 1.
CREATE FUNCTION ansinh.household_find_hits_exact(regex text, wards text[])
RETURNS TABLE (ward_code text, id uuid)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.ward_code, h.id
      FROM ansinh.household AS h
     WHERE pg_catalog.array_position(household_find_hits_exact.wards, h.ward_code) IS NOT NULL
       AND (h.head_name_folded OPERATOR(pg_catalog.~) household_find_hits_exact.regex
            OR pg_catalog.lower(h.code) OPERATOR(pg_catalog.~) household_find_hits_exact.regex)
    UNION ALL
    SELECT p.ward_code, p.household_id
      FROM ansinh.person AS p
     WHERE pg_catalog.array_position(household_find_hits_exact.wards, p.ward_code) IS NOT NULL
       AND p.full_name_folded OPERATOR(pg_catalog.~) household_find_hits_exact.regex;
END;

COMMENT ON FUNCTION ansinh.household_find_hits_exact(text, text[]) IS
    'household_find''s whole-word matches in the given wards (inlined into household_find_scan_exact)';

CREATE FUNCTION ansinh.household_find_scan_exact(regex text, wards text[])
RETURNS TABLE (ward_code text, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    SET enable_seqscan = off
BEGIN ATOMIC
    SELECT hit.ward_code, hit.id
      FROM ansinh.household_find_hits_exact(household_find_scan_exact.regex, household_find_scan_exact.wards) AS hit;
END;

COMMENT ON FUNCTION ansinh.household_find_scan_exact(text, text[]) IS
    'household_find''s whole-word matches in the given wards, read as ansinh_search through the trigram indexes (callable by the API''s owner only)';

REVOKE ALL ON FUNCTION ansinh.household_find_hits_exact(text, text[]),
    ansinh.household_find_scan_exact(text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.household_find_scan_exact(text, text[]) TO ansinh_api_owner;
GRANT EXECUTE ON FUNCTION ansinh.household_find_hits_exact(text, text[]) TO ansinh_search;

GRANT ansinh_search TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_search;
ALTER FUNCTION ansinh.household_find_scan_exact(text, text[]) OWNER TO ansinh_search;
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
               '(^| )' || pg_catalog.regexp_replace(q.folded, '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g')
                   || '( |$)' AS regex,
               ARRAY(SELECT w FROM pg_catalog.unnest(ansinh.context_read_wards()) AS w
                      WHERE nullif(household_find.ward, '') IS NULL OR w = household_find.ward) AS wards
          FROM (SELECT ansinh.fold(ansinh.clean_name(household_find.text)) AS folded) AS q
         WHERE q.folded <> ''
    ), exact AS MATERIALIZED (
        SELECT DISTINCT hit.ward_code, hit.id, 1::real AS score
          FROM query AS q, ansinh.household_find_scan_exact(q.regex, q.wards) AS hit
    ), enough AS MATERIALIZED (
        -- the limit's number of whole-word matches (score 1): the other
        -- matches cannot come before them
        SELECT coalesce(household_find."limit", 0) > 0
               AND (SELECT pg_catalog.count(*) FROM exact AS e) >= household_find."limit" AS yes
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
