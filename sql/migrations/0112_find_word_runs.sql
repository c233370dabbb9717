-- 0112 — household find: whole-word matches from an index of word runs,
-- and a common word from the first households in code order (issue 8,
-- goal 4).
--
-- 0111 found the whole-word matches through the trigram indexes with a
-- regular expression, (^| )text( |$). The trigrams of a short or common
-- name are in a large share of the names, so the index handed back tens of
-- thousands of candidates, each rechecked by the expression: 30–80 ms on a
-- store of 100,000 households whatever the query (docs/performance.md).
--
-- Now every folded name (and the lower-case code) is indexed by its word
-- runs: each run of one or more consecutive words, "ly quoc nam" ->
-- {ly, "ly quoc", "ly quoc nam", quoc, "quoc nam", nam}
-- (ansinh.word_runs; a GIN index of the array). The folded text is a
-- whole word, or whole words in that order, of a name exactly when it is
-- one of the name's runs: one lookup of one key, whose posting list is the
-- matches themselves — the same matches as 0111's expression.
--
-- A one-word query of a common given name still has thousands of them, of
-- which the list wants the limit's number with the smallest codes. So such
-- a query first walks the households in code order (a new index on (code,
-- ward_code)), at most 400 of them, checking each
-- one's head, code and members: when the walk finds the limit's number of
-- matches they are the first ones of all (every household with a smaller
-- code was looked at), and the list; otherwise the index lookup runs.
--
-- The order, the scores and the fuzzy branch are 0111's. 0111's regular
-- expression scan (household_find_hits_exact, household_find_scan_exact)
-- is dropped.

-- The runs of consecutive words of s (words: split on single spaces, as
-- ansinh.fold leaves a cleaned name). PL/pgSQL: a few microseconds a name;
-- IMMUTABLE, so that an index may use it.
CREATE FUNCTION ansinh.word_runs(s text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    w text[] := pg_catalog.string_to_array(s, ' ');
    n integer := coalesce(pg_catalog.cardinality(w), 0);
    runs text[] := '{}';
    run text;
BEGIN
    FOR i IN 1 .. n LOOP
        run := w[i];
        runs := runs || run;
        FOR j IN i + 1 .. n LOOP
            run := run || ' ' || w[j];
            runs := runs || run;
        END LOOP;
    END LOOP;
    RETURN runs;
END
$$;

COMMENT ON FUNCTION ansinh.word_runs(text) IS
    'Every run of consecutive words of a text (split on single spaces): the keys of household find''s whole-word indexes';
-- An index's expression runs as whoever writes the row: the API's owner
-- (the owner of the tables and the superuser need no grant); the search
-- reads it as ansinh_search.
GRANT EXECUTE ON FUNCTION ansinh.word_runs(text) TO ansinh_api_owner, ansinh_search;

CREATE INDEX household_head_name_runs ON ansinh.household
    USING gin (ansinh.word_runs(head_name_folded));
CREATE INDEX household_code_runs ON ansinh.household
    USING gin (ansinh.word_runs(pg_catalog.lower(code)));
CREATE INDEX person_full_name_runs ON ansinh.person
    USING gin (ansinh.word_runs(full_name_folded));
-- The walk in code order, across the wards of a district token.
CREATE INDEX household_code_order ON ansinh.household (code, ward_code);


-- The whole-word matches of folded in the given wards: the households whose
-- head or code, and the members whose name, has folded as a run of words.
CREATE FUNCTION ansinh.household_find_hits_runs(folded text, wards text[])
RETURNS TABLE (ward_code text, id uuid)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.ward_code, h.id
      FROM ansinh.household AS h
     WHERE pg_catalog.array_position(household_find_hits_runs.wards, h.ward_code) IS NOT NULL
       AND ansinh.word_runs(h.head_name_folded) OPERATOR(pg_catalog.@>) ARRAY[household_find_hits_runs.folded]
    UNION
    SELECT h.ward_code, h.id
      FROM ansinh.household AS h
     WHERE pg_catalog.array_position(household_find_hits_runs.wards, h.ward_code) IS NOT NULL
       AND ansinh.word_runs(pg_catalog.lower(h.code)) OPERATOR(pg_catalog.@>) ARRAY[household_find_hits_runs.folded]
    UNION
    SELECT p.ward_code, p.household_id
      FROM ansinh.person AS p
     WHERE pg_catalog.array_position(household_find_hits_runs.wards, p.ward_code) IS NOT NULL
       AND ansinh.word_runs(p.full_name_folded) OPERATOR(pg_catalog.@>) ARRAY[household_find_hits_runs.folded];
END;

COMMENT ON FUNCTION ansinh.household_find_hits_runs(text, text[]) IS
    'household_find''s whole-word matches in the given wards, one row per household (inlined into household_find_scan_runs)';

-- The same, as ansinh_search (0070: the indexes cannot serve a search under
-- the context policies), with each match's code for the order.
CREATE FUNCTION ansinh.household_find_scan_runs(folded text, wards text[])
RETURNS TABLE (ward_code text, id uuid, code text)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    SET enable_seqscan = off
BEGIN ATOMIC
    SELECT hit.ward_code, hit.id, h.code
      FROM ansinh.household_find_hits_runs(household_find_scan_runs.folded, household_find_scan_runs.wards) AS hit
      JOIN ansinh.household AS h ON h.ward_code = hit.ward_code AND h.id = hit.id;
END;

COMMENT ON FUNCTION ansinh.household_find_scan_runs(text, text[]) IS
    'household_find''s whole-word matches in the given wards with their codes, read as ansinh_search through the word-run indexes (callable by the API''s owner only)';

-- The first n households in code order (then ward) of the given wards whose
-- head, code or a member has the one word folded, among the first
-- 400 households in that order: when there are n, they are
-- the n whole-word matches with the smallest codes. 400 households cost a
-- few milliseconds; a word common enough to fill a list of 20 in them is
-- in one name in sixty.
CREATE FUNCTION ansinh.household_find_walk(folded text, wards text[], n integer)
RETURNS TABLE (ward_code text, id uuid, code text)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
BEGIN ATOMIC
    SELECT w.ward_code, w.id, w.code
      FROM (SELECT h.ward_code, h.id, h.code, h.head_name_folded
              FROM ansinh.household AS h
             WHERE h.ward_code = ANY (household_find_walk.wards)
             ORDER BY h.code, h.ward_code
             LIMIT 400) AS w
     WHERE household_find_walk.folded = ANY (pg_catalog.string_to_array(w.head_name_folded, ' '))
        OR household_find_walk.folded = ANY (pg_catalog.string_to_array(pg_catalog.lower(w.code), ' '))
        -- OFFSET 0: probed household by household, never hashed whole
        OR EXISTS (SELECT FROM ansinh.person AS p
                    WHERE p.ward_code = w.ward_code AND p.household_id = w.id
                      AND household_find_walk.folded = ANY (pg_catalog.string_to_array(p.full_name_folded, ' '))
                   OFFSET 0)
     ORDER BY w.code, w.ward_code
     LIMIT household_find_walk.n;
END;

COMMENT ON FUNCTION ansinh.household_find_walk(text, text[], integer) IS
    'household_find''s one-word matches with the smallest codes, from a walk of the first households in code order (callable by the API''s owner only)';

REVOKE ALL ON FUNCTION ansinh.household_find_hits_runs(text, text[]),
    ansinh.household_find_scan_runs(text, text[]),
    ansinh.household_find_walk(text, text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.household_find_hits_runs(text, text[]) TO ansinh_search;
GRANT EXECUTE ON FUNCTION ansinh.household_find_scan_runs(text, text[]),
    ansinh.household_find_walk(text, text[], integer) TO ansinh_api_owner;

GRANT ansinh_search TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_search;
ALTER FUNCTION ansinh.household_find_scan_runs(text, text[]) OWNER TO ansinh_search;
ALTER FUNCTION ansinh.household_find_walk(text, text[], integer) OWNER TO ansinh_search;
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
                      WHERE nullif(household_find.ward, '') IS NULL OR w = household_find.ward) AS wards,
               coalesce(household_find."limit", 0) AS n
          FROM (SELECT ansinh.fold(ansinh.clean_name(household_find.text)) AS folded) AS q
         WHERE q.folded <> ''
    ), walk AS MATERIALIZED (
        -- one word and a limit: the first matches in code order
        SELECT hit.ward_code, hit.id, hit.code
          FROM query AS q, ansinh.household_find_walk(q.folded, q.wards, q.n) AS hit
         WHERE q.n > 0 AND pg_catalog.strpos(q.folded, ' ') = 0
    ), walked AS MATERIALIZED (
        SELECT q.n > 0 AND (SELECT pg_catalog.count(*) FROM walk) >= q.n AS yes
          FROM query AS q
    ), exact AS MATERIALIZED (
        SELECT hit.ward_code, hit.id, hit.code
          FROM query AS q, ansinh.household_find_scan_runs(q.folded, q.wards) AS hit
         WHERE q.n > 0 AND NOT (SELECT w.yes FROM walked AS w)
    ), enough AS MATERIALIZED (
        -- the limit's number of whole-word matches (score 1): the other
        -- matches cannot come before them
        SELECT (SELECT w.yes FROM walked AS w)
               OR (q.n > 0 AND (SELECT pg_catalog.count(*) FROM exact AS e) >= q.n) AS yes
          FROM query AS q
    ), best AS (
        SELECT w.ward_code, w.id, 1::real AS score, w.code
          FROM walk AS w WHERE (SELECT w2.yes FROM walked AS w2)
        UNION ALL
        SELECT e.ward_code, e.id, 1::real, e.code
          FROM exact AS e WHERE (SELECT n.yes FROM enough AS n) AND NOT (SELECT w.yes FROM walked AS w)
        UNION ALL
        SELECT s.ward_code, s.id, s.score, h.code
          FROM (SELECT hit.ward_code, hit.id, pg_catalog.max(hit.score) AS score
                  FROM query AS q, ansinh.household_find_scan(q.folded, q.pattern, q.wards) AS hit
                 WHERE NOT (SELECT n.yes FROM enough AS n)
                 GROUP BY hit.ward_code, hit.id) AS s
          JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.id
    ), top AS MATERIALIZED (
        SELECT b.ward_code, b.id, b.score, b.code
          FROM best AS b
         ORDER BY b.score DESC, b.code, b.ward_code
         LIMIT nullif(household_find."limit", 0)
    )
    SELECT r.*
      FROM top AS t
      JOIN ansinh_api.household_row AS r ON r.ward_code = t.ward_code AND r.id = t.id
     ORDER BY t.score DESC, t.code, t.ward_code;
END;

COMMENT ON FUNCTION ansinh_api.household_find(text, text, integer) IS
    'Accent- and case-insensitive search over head and member names and household codes, in the wards of the context (ansinh.context_read_wards): whole-word matches first (a one-word query''s from the first households in code order), similar names (pg_trgm) when those are fewer than the limit';

DROP FUNCTION ansinh.household_find_scan_exact(text, text[]);
DROP FUNCTION ansinh.household_find_hits_exact(text, text[]);

CALL ansinh.secure_api();
