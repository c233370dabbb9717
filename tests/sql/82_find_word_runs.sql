-- 82_find_word_runs.sql — household find (0112): the whole-word matches
-- from the word-run indexes, and a one-word query's from a walk of the
-- first households in code order. With a limit, the list is always the
-- first rows of the full search (no limit), whichever way it was found.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(10);

CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text
    LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;

SELECT is(ansinh.word_runs('ly quoc nam'), ARRAY['ly', 'ly quoc', 'ly quoc nam', 'quoc', 'quoc nam', 'nam'],
          'word_runs: every run of consecutive words');
SELECT is(ansinh.word_runs(''), '{}'::text[], 'word_runs of an empty text: none');

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
-- Thirty households T82-01..30 over two wards: heads "Trần Văn Khoa" (the
-- even ones), "Khoa Văn Lý" (every third), a member "Lê Khoa" (every fifth),
-- the rest "Phạm Thị Hồng".
SELECT is(string_agg(o.message, '; ') FILTER (WHERE o.code <> 0), NULL, 'setup: every household was created')
  FROM (SELECT n, CASE WHEN n % 2 = 0 THEN 'KD' ELSE 'VT' END AS w,
               CASE WHEN n % 2 = 0 THEN 'Trần Văn Khoa' WHEN n % 3 = 0 THEN 'Khoa Văn Lý'
                    ELSE 'Phạm Thị Hồng' END AS name
          FROM generate_series(1, 30) AS n) AS h
 CROSS JOIN LATERAL ansinh_api.household_create(gen_random_uuid(),
                        ('82000000-0000-7000-8000-' || lpad(h.n::text, 12, '0'))::uuid, h.w,
                        'T82-' || lpad(h.n::text, 2, '0'), h.name,
                        1, NULL, NULL, false, false, 'poor', '2023-01-01') AS o;
SELECT is(string_agg(o.message, '; ') FILTER (WHERE o.code <> 0), NULL, 'setup: every member was added')
  FROM generate_series(5, 30, 5) AS n
 CROSS JOIN LATERAL ansinh_api.member_create(gen_random_uuid(), gen_random_uuid(),
                        CASE WHEN n % 2 = 0 THEN 'KD' ELSE 'VT' END,
                        ('82000000-0000-7000-8000-' || lpad(n::text, 12, '0'))::uuid, NULL,
                        'Lê Khoa', '1990-01-01', 'male', NULL, 'child', 'none', false, NULL) AS o;

CREATE TEMP TABLE full_list AS
SELECT row_number() OVER () AS n, code, q
  FROM unnest(ARRAY['khoa', 'van khoa', 'khoa van ly', 'le khoa']) AS q,
       LATERAL ansinh_api.household_find(q, NULL, NULL)
 WHERE code LIKE 'T82-%';
GRANT SELECT ON full_list TO PUBLIC;

SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('khoa', NULL, 5) WHERE code LIKE 'T82-%' $$,
    ARRAY['T82-02', 'T82-03', 'T82-04', 'T82-05', 'T82-06'],
    'one word, a limit: the whole-word matches with the smallest codes (heads and a member), across wards');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('khoa', NULL, 5) WHERE code LIKE 'T82-%' $$,
    $$ SELECT code FROM full_list WHERE q = 'khoa' ORDER BY n LIMIT 5 $$,
    'and they are the first rows of the full search');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('van khoa', NULL, 3) WHERE code LIKE 'T82-%' $$,
    ARRAY['T82-02', 'T82-04', 'T82-06'],
    'two words: only names holding them in that order, as whole words ("Khoa Văn Lý" does not)');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('Khoa Văn Lý', 'VT', 2) $$,
    ARRAY['T82-03', 'T82-09'],
    'three words, one ward: the whole name, in that ward only');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('le khoa', NULL, 6) WHERE code LIKE 'T82-%' $$,
    $$ SELECT code FROM full_list WHERE q = 'le khoa' ORDER BY n LIMIT 6 $$,
    'a member''s whole name finds its households, the first of the full search');
RESET ROLE;

-- The walk's households, as in household_find_walk (a function with
-- settings of its own is not inlined into a plan): on a store this small
-- the planner would rather sort a scan, so scans and sorts are made dear.
SET LOCAL ROLE ansinh_search;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SET LOCAL enable_sort = off;
SELECT ok((SELECT bool_or(l ~ 'Index Scan using household_code_order') AND NOT bool_or(l ~ 'Sort')
             FROM pg_temp.plan($$ SELECT h.ward_code, h.id, h.code, h.head_name_folded FROM ansinh.household AS h
                                   WHERE h.ward_code = ANY (ARRAY['KD', 'VT']) ORDER BY h.code, h.ward_code
                                   LIMIT 400 $$) AS l),
          'the walk reads the households in code order from household_code_order, unsorted');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
