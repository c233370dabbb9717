-- 81_find_exact_first.sql — household find (0111): whole-word matches
-- first; the fuzzy branch only when they are fewer than the limit. With a
-- limit the whole-word matches fill, the list is the first households of
-- the full search (no limit: every branch); with one they do not fill, the
-- near misses still come; the whole-word scan is served by the word-run
-- indexes since 0112 (as ansinh_search with sequential scans off, as in
-- the scan).
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(6);

CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text
    LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
-- Six whole-word "Khuê" heads (T81-1..6, two wards), a "Khuêr" (a longer
-- word: substring, not whole word), a near miss "Khuế Văn" member.
SELECT is(string_agg(o.message, '; ') FILTER (WHERE o.code <> 0), NULL, 'setup: every household was created')
  FROM (VALUES (1, 'KD', 'Lê Thị Khuê'), (2, 'KD', 'Trần Khuê'), (3, 'VT', 'Khuê Văn Bảy'), (4, 'VT', 'Phạm Khuê'),
               (5, 'KD', 'Ngô Thị Khuê'), (6, 'VT', 'Đỗ Khuê'), (7, 'KD', 'Hà Khuêr'), (8, 'VT', 'Vũ Văn Khanh'))
       AS h (n, w, name)
 CROSS JOIN LATERAL ansinh_api.household_create(gen_random_uuid(),
                        ('81000000-0000-7000-8000-' || lpad(h.n::text, 12, '0'))::uuid, h.w, 'T81-' || h.n, h.name,
                        1, NULL, NULL, false, false, 'poor', '2023-01-01') AS o;

CREATE TEMP TABLE full_list AS
SELECT row_number() OVER () AS n, code FROM ansinh_api.household_find('khue', NULL, NULL) WHERE code LIKE 'T81-%';
GRANT SELECT ON full_list TO PUBLIC;

SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('khue', NULL, 4) $$,
    $$ SELECT code FROM full_list ORDER BY n LIMIT 4 $$,
    'a limit the whole-word matches fill: the first households of the full search');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('khue', NULL, 4) $$,
    ARRAY['T81-1', 'T81-2', 'T81-3', 'T81-4'],
    'whole-word matches score 1: by code');
SELECT ok((SELECT count(*) FROM full_list) > 6 AND 'T81-7' = ANY (ARRAY(SELECT code FROM full_list)),
          'the full search also finds the longer word (a substring)');
SELECT ok('T81-7' = ANY (ARRAY(SELECT code FROM ansinh_api.household_find('khue', NULL, 10))),
          'a limit the whole-word matches do not fill: the substring and similar names come too');
RESET ROLE;

SET LOCAL ROLE ansinh_search;
SET LOCAL enable_seqscan = off;
SELECT ok((SELECT bool_or(l ~ 'Bitmap Index Scan on household_head_name_runs')
                  AND bool_or(l ~ 'Bitmap Index Scan on household_code_runs')
                  AND bool_or(l ~ 'Bitmap Index Scan on person_full_name_runs')
                  AND NOT bool_or(l ~ 'Seq Scan')
             FROM pg_temp.plan($$ SELECT * FROM ansinh.household_find_hits_runs('khue', ARRAY['KD']) $$)
                  AS l),
          'the whole-word scan is served by the word-run indexes (0112)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
