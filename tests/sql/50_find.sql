-- 50_find.sql — household_find: accent- and case-insensitive search over the
-- head's name, members' names and the household code; best matches first,
-- then by code; limited to what the session may see.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(26);

CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text
    LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
SELECT is(code, 0, 'setup: ' || message) FROM (VALUES
    (ansinh_api.household_create('a5000000-0000-7000-8000-000000000001', '50000000-0000-7000-8000-000000000001',
        'KD', 'T50-KD-1', 'Trương Văn Hoành', 31, NULL, NULL, false, true, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a5000000-0000-7000-8000-000000000002', '50000000-0000-7000-8000-000000000002',
        'KD', 'T50-KD-2', 'Đặng Thị Hòa', 12, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a5000000-0000-7000-8000-000000000003', '50000000-0000-7000-8000-000000000003',
        'VT', 'T50-VT-1', 'Phan Văn Hoà', 3, NULL, NULL, false, false, 'near-poor', '2023-01-01')),
    (ansinh_api.household_create('a5000000-0000-7000-8000-000000000004', '50000000-0000-7000-8000-000000000004',
        'VT', 'T50-VT-2', 'Lý Thị Mai', 3, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.member_create('a5000000-0000-7000-8000-000000000005', '50000000-0000-7000-8000-0000000000b1',
        'VT', NULL, 'T50-VT-2', 'Nguyễn Hoàng Đức', '2010-06-01', 'male', NULL, 'child', NULL, NULL, NULL))
) AS setup (o)
CROSS JOIN LATERAL (SELECT (o).code, (o).message) AS r;

SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('hoanh', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    ARRAY['T50-KD-1', 'T50-VT-2'],
    '"hoanh" finds Trương Văn Hoành first, then a near miss (a member named Hoàng)');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('TRƯƠNG VĂN HOÀNH', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    ARRAY['T50-KD-1'],
    'upper case with diacritics finds the same');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('Hoà', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    ARRAY['T50-KD-2', 'T50-VT-1', 'T50-KD-1', 'T50-VT-2'],
    '"Hoà" finds Hòa and Hoà first (whole word), then Hoành and Hoàng (same prefix), then by code');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('Hòa', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    $$ SELECT code FROM ansinh_api.household_find('Hoà', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    '"Hòa" and "Hoà" find the same');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find(normalize('Hòa', NFD), NULL, NULL) WHERE code LIKE 'T50-%' $$,
    $$ SELECT code FROM ansinh_api.household_find('Hòa', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    'decomposed (NFD) input finds the same');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('dang thi', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    ARRAY['T50-KD-2'],
    '"dang" finds Đặng (đ folds to d)');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('duc', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    ARRAY['T50-VT-2'],
    'a member''s name finds the household');
SELECT results_eq(
    $$ SELECT code, member_count FROM ansinh_api.household_find('t50-vt-2', NULL, NULL) $$,
    $$ VALUES ('T50-VT-2', 1) $$,
    'the household code is searched too, case-insensitively');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('Hoà', 'VT', NULL) WHERE code LIKE 'T50-%' $$,
    ARRAY['T50-VT-1', 'T50-VT-2'],
    'the ward argument narrows the search');
SELECT is((SELECT count(*)::integer FROM ansinh_api.household_find('hoa', NULL, 2)), 2,
          'limit cuts the list');
SELECT is_empty($$ SELECT * FROM ansinh_api.household_find('%', NULL, NULL) WHERE code LIKE 'T50-%' $$,
                'LIKE wildcards in the query are taken literally');
SELECT is_empty($$ SELECT * FROM ansinh_api.household_find('   ', NULL, NULL) $$,
                'an empty query finds nothing');

SELECT ansinh_test.context('ward', 'KD', 'Thanh Khê Đông office', NULL, NULL);
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_find('hoa', NULL, NULL) WHERE code LIKE 'T50-%' $$,
    ARRAY['T50-KD-2', 'T50-KD-1'],
    'a ward session finds only its own ward''s households');

SELECT is(ansinh.context_read_wards(), ARRAY['HK', 'KD'], 'a ward session''s wards: its own and Hòa Khê, merged into it (context_read_wards)');
SELECT is_empty($$ SELECT * FROM ansinh_api.household_find('hoa', 'VT', NULL) $$,
                'a ward session naming another ward finds nothing');

-- The plan (0070): as ansinh_search, with sequential scans off (as in
-- household_find_scan), the trigram indexes serve the search of both
-- tables; a search the indexes could not serve (as under the context
-- policies) would still show a Seq Scan.
SET LOCAL ROLE ansinh_search;
SET LOCAL enable_seqscan = off;
SELECT ok(NOT EXISTS (SELECT FROM pg_temp.plan(
              $$ SELECT * FROM ansinh.household_find_hits('hoa', '%hoa%', ARRAY['KD']) $$) AS l
           WHERE l ~ 'Seq Scan on (household|person)'),
          'the search reads no table sequentially: ' || (SELECT string_agg(btrim(l), ' | ') FROM pg_temp.plan(
              $$ SELECT * FROM ansinh.household_find_hits('hoa', '%hoa%', ARRAY['KD']) $$) AS l));
SELECT is((SELECT count(DISTINCT substring(l FROM 'Index Scan on ([a-z_]+_trgm)'))::integer FROM pg_temp.plan(
              $$ SELECT * FROM ansinh.household_find_hits('hoa', '%hoa%', ARRAY['KD']) $$) AS l), 3,
          'the trigram indexes serve it: head names and codes, member names');
RESET enable_seqscan;
SELECT throws_ok($$ SELECT head_name FROM ansinh.household $$, '42501', NULL,
    'ansinh_search reads no column a search does not need');
SET LOCAL ROLE ansinh_api_owner;
SELECT ok(NOT has_function_privilege('ansinh_daemon', 'ansinh.household_find_scan(text, text, text[])', 'EXECUTE')
          AND NOT has_function_privilege('ansinh_analyst', 'ansinh.household_find_scan(text, text, text[])', 'EXECUTE'),
          'only the API''s owner may call the scan');

SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
SELECT is(cardinality(ansinh.context_read_wards()), (SELECT count(*)::integer FROM ansinh.ward),
          'a district session''s wards: all of them');
SELECT set_config('ansinh.role', 'district', true) IS NOT NULL AS changed_by_hand \gset
SELECT set_config('ansinh.actor', 'someone else', true) IS NOT NULL AS changed_by_hand \gset
SELECT is(ansinh.context_read_wards(), NULL, 'a context changed by hand: no ward');

SELECT * FROM finish();
ROLLBACK;
