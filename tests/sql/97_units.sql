-- 97_units.sql — administrative units as data (0020): the merge chains of
-- 2025, what a unit holds on a day, today's wards and an earlier day's, the
-- yearly figures counted as recorded and rolled up to today's units,
-- append-only reference data.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(16);

-- ---------------------------------------------------------------- merge chains
SELECT results_eq(
    $$ SELECT ansinh.unit_at('HK', '2024-12-31'), ansinh.unit_at('HK', '2025-01-01'),
              ansinh.unit_at('HK', '2025-07-01'), ansinh.unit_at('HK', '2026-12-02') $$,
    $$ VALUES ('HK', 'KD', 'TKW', 'TKW') $$,
    'Hòa Khê: itself in 2024, Thanh Khê Đông from 1 Jan 2025, Thanh Khê ward from 1 Jul 2025');
SELECT results_eq(
    $$ SELECT ansinh.unit_at(c, '2026-12-02') FROM unnest(ARRAY['AK', 'HA', 'HP', 'HM', 'KT', 'TKW']) AS c $$,
    $$ VALUES ('AKW'), ('AKW'), ('AKW'), ('HKH'), ('TKW'), ('TKW') $$,
    'An Khê, Hòa An, Hòa Phát: An Khê ward; Hòa Minh: Hòa Khánh; a unit of today is its own');
SELECT is(ansinh.unit_at('HM', '2025-03-01'), 'HM', 'taking part of Hòa Minh (part-of) does not move its records');
SELECT results_eq(
    $$ SELECT array_agg(c ORDER BY c) FROM ansinh.unit_covers('TKW', '2026-12-02') AS c $$,
    $$ VALUES (ARRAY['CG', 'HK', 'KD', 'KT', 'TC', 'TG', 'TKW', 'TT', 'VT', 'XH']) $$,
    'Thanh Khê ward holds the records of nine old wards (transitively)');
SELECT results_eq(
    $$ SELECT array_agg(c ORDER BY c) FROM ansinh.unit_covers('AKW', '2026-12-02') AS c $$,
    $$ VALUES (ARRAY['AK', 'AKW', 'HA', 'HP']) $$,
    'An Khê ward: An Khê, Hòa An, Hòa Phát — not Hòa Khê');
SELECT results_eq(
    $$ SELECT array_agg(c ORDER BY c) FROM ansinh.unit_covers('KD', '2025-03-01') AS c $$,
    $$ VALUES (ARRAY['HK', 'KD']) $$,
    'in March 2025 Thanh Khê Đông holds Hòa Khê''s');

-- ---------------------------------------------------------------- units by day
SELECT results_eq(
    $$ SELECT code, name, official_code, valid_from, merged_from
         FROM ansinh_api.unit_list('2026-12-02', false, 'ward') ORDER BY code $$,
    $$ VALUES ('AKW', 'An Khê', '20305', '2025-07-01', 'AK,HA,HP'),
              ('HKH', 'Hòa Khánh', '20200', '2025-07-01', 'HM'),
              ('TKW', 'Thanh Khê', '20209', '2025-07-01', 'CG,KD,KT,TG,XH') $$,
    'the wards of 2 Dec 2026 with their official codes (Decision 19/2025/QĐ-TTg)');
SELECT results_eq(
    $$ SELECT string_agg(code, ',' ORDER BY code) FROM ansinh_api.unit_list('2025-03-01', false, 'ward')
        WHERE parent_code = 'TK' $$,
    $$ VALUES ('AK,CG,KD,KT,TG,XH') $$,
    'Thanh Khê''s six wards of 2025 (Resolution 1251/NQ-UBTVQH15)');
SELECT results_eq(
    $$ SELECT string_agg(code, ',' ORDER BY code) FROM ansinh_api.unit_list('2023-06-01', false, 'ward')
        WHERE parent_code = 'TK' $$,
    $$ VALUES ('AK,CG,HK,KD,KT,TC,TG,TT,VT,XH') $$,
    'and its ten of 2023');
SELECT results_eq(
    $$ SELECT code, valid_to, merged_into, merged_on FROM ansinh_api.unit_list(NULL, true, NULL)
        WHERE code IN ('TK', 'VT', 'XH') ORDER BY code $$,
    $$ VALUES ('TK', '2025-06-30', NULL, NULL), ('VT', '2024-12-31', 'TG', '2025-01-01'),
              ('XH', '2025-06-30', 'TKW', '2025-07-01') $$,
    'history: Thanh Khê district until 30 Jun 2025, each ward with what it merged into and when');
SELECT is((SELECT count(*)::integer FROM ansinh.admin_unit AS u JOIN ansinh.ward AS w ON w.code = u.ward_code), 12,
          'the ten old wards of the records and today''s two (TH, AN) are units, their codes unchanged');

-- ---------------------------------------------------------------- counting two ways
SET LOCAL ROLE ansinh_api_owner; -- the daemon's privileges, and its tables to read
SELECT ansinh_test.context('district', NULL, 'district', NULL, NULL);
SELECT is(count(*)::integer, 4, 'setup: households in HK, KD, AK, VT')
  FROM (VALUES ('HK', 1, 1800000), ('KD', 2, 1900000), ('AK', 3, 1700000), ('VT', 4, 2500000)) AS h (w, n, income)
 CROSS JOIN LATERAL ansinh_api.household_create(('a9700000-0000-7000-8000-00000000010' || h.n)::uuid,
        ('97000000-0000-7000-8000-00000000010' || h.n)::uuid, h.w, 'T97-' || h.n, 'Hộ ' || h.n, 1, NULL, NULL,
        false, false, 'none', '2022-01-10') AS o
 CROSS JOIN LATERAL ansinh_api.assessment_create(('a9700000-0000-7000-8000-00000000020' || h.n)::uuid,
        ('97000000-0000-7000-8000-00000000020' || h.n)::uuid, h.w, NULL, 'T97-' || h.n, 2023, '2023-11-01',
        'urban', h.income, CASE WHEN h.n < 4 THEN '{employment,water,telecom}' ELSE '{water}' END::text[],
        NULL, NULL) AS a
 WHERE o.code = 0 AND a.code = 0;
SELECT results_eq(
    $$ SELECT ward_code, poor, near_poor FROM ansinh.poverty_report(2023)
        WHERE standard_code = 'central-2022' AND ward_code IN ('AK', 'HK', 'KD', 'VT') ORDER BY ward_code $$,
    $$ VALUES ('AK', 1, 0), ('HK', 1, 0), ('KD', 1, 0), ('VT', 0, 0) $$,
    '2023 as recorded: by the ward each household was recorded in');
SELECT results_eq(
    $$ SELECT unit_code, poor, near_poor FROM ansinh.poverty_report_as_of(2023, '2026-12-02')
        WHERE standard_code = 'central-2022' ORDER BY unit_code $$,
    $$ VALUES ('AKW', 1, 0), ('TKW', 2, 0) $$,
    'the same 2023 figures rolled up to the units of 2 Dec 2026: An Khê ward and Thanh Khê ward');
SELECT results_eq(
    $$ SELECT h.ward_code, ansinh.ward_unit_at(h.ward_code, '2026-12-02') FROM ansinh.household AS h
        WHERE h.code LIKE 'T97-%' ORDER BY h.code $$,
    $$ VALUES ('HK', 'TKW'), ('KD', 'TKW'), ('AK', 'AKW'), ('VT', 'TKW') $$,
    'records are never re-keyed: they keep their ward and roll up through ward_unit_at');

RESET ROLE;
SELECT throws_ok($$ UPDATE ansinh.admin_unit SET valid_to = NULL WHERE code = 'HK' $$,
                 '42501', NULL, 'units are append-only even for a superuser''s session');

SELECT * FROM finish();
ROLLBACK;
