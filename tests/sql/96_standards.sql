-- 96_standards.sql — the standards of 2026 and 2027–2030 (0020): the
-- 2022–2025 standard extended to 2026, the 2027–2030 standard with its own
-- indicator set, each boundary of both, a household judged by two rule sets
-- in two years, the refusal of a year no standard covers and of an
-- indicator the year's standard does not count, the income-only line; a
-- standard's request in the one request log, its replay answered from it
-- (0123).
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(22);

-- ---------------------------------------------------------------- the shipped standards
SELECT results_eq(
    $$ SELECT code, area, valid_from, valid_to, income_line_vnd, near_poor_ceiling_vnd, min_deprivations::integer,
              income_only_line_vnd
         FROM ansinh.poverty_standard WHERE scope = 'central' ORDER BY valid_from, area $$,
    $$ VALUES ('central-2022', 'rural', '2022-01-01'::date, '2026-12-31'::date, 1500000::bigint, 1500000::bigint, 3, NULL::bigint),
              ('central-2022', 'urban', '2022-01-01'::date, '2026-12-31'::date, 2000000::bigint, 2000000::bigint, 3, NULL::bigint),
              ('central-2027', 'rural', '2027-01-01'::date, '2030-12-31'::date, 2200000::bigint, 2200000::bigint, 3, NULL::bigint),
              ('central-2027', 'urban', '2027-01-01'::date, '2030-12-31'::date, 2800000::bigint, 2800000::bigint, 3, NULL::bigint) $$,
    '2022–2025 standard covers 2026; 2027–2030: 2,800,000 urban / 2,200,000 rural, 3 deprivations, no income-only line');
SELECT is(ansinh.standards_of_year(2026), ARRAY['central-2022'], '2026 is judged by the 2022–2025 standard');
SELECT is(ansinh.standards_of_year(2027), ARRAY['central-2027'], '2027 by the 2027–2030 standard');
SELECT is(ansinh.standards_of_year(2031), NULL, 'no standard covers 2031');
SELECT results_eq(
    $$ SELECT indicator_code FROM ansinh.standard_indicator WHERE standard_code = 'central-2027' ORDER BY position $$,
    $$ VALUES ('employment'), ('dependants'), ('nutrition'), ('health-insurance'), ('adult-education'),
              ('child-schooling'), ('housing-quality'), ('housing-area'), ('water'), ('latrine'), ('telecom'),
              ('digital-services'), ('internet-access'), ('waste-handling') $$,
    'the 2027–2030 indicators: information-access gone; digital services, internet access, domestic waste added');
SELECT is_empty(
    $$ SELECT i.column_name FROM ansinh.poverty_indicator AS i
        WHERE NOT EXISTS (SELECT FROM pg_attribute AS a
                           WHERE a.attrelid = 'ansinh.poverty_assessment'::regclass
                             AND a.attname = i.column_name AND a.atttypid = 'boolean'::regtype) $$,
    'every indicator, old and new, has its boolean column');
SELECT results_eq(
    $$ SELECT standard_code, count(*)::integer FROM ansinh_api.standard_indicator_list(NULL, NULL) GROUP BY standard_code
        ORDER BY standard_code $$,
    $$ VALUES ('central-2022', 12), ('central-2027', 14) $$,
    'standard_indicator_list: 12 and 14 indicators');

-- ---------------------------------------------------------------- households
CREATE TEMP TABLE t96 (n integer, hh integer, year integer, area text, income bigint, deprived text[]);
INSERT INTO t96 VALUES
    (1, 1, 2026, 'urban', 2000000, '{employment,water,telecom}'),              -- on the line, 3: poor
    (2, 2, 2026, 'urban', 2000001, '{employment,water,telecom}'),              -- one đồng over: average
    (3, 3, 2026, 'urban', 2000000, '{employment,water}'),                      -- 2: near-poor
    (4, 1, 2027, 'urban', 2800000, '{digital-services,internet-access,waste-handling}'), -- on the line, 3 new: poor
    (5, 2, 2027, 'urban', 2800001, '{employment,water,telecom}'),              -- one đồng over: average
    (6, 3, 2027, 'urban', 2800000, '{employment,internet-access}'),            -- 2: near-poor
    (7, 4, 2027, 'rural', 2200000, '{nutrition,latrine,waste-handling}'),      -- rural line, 3: poor
    (8, 5, 2027, 'rural', 2200001, '{nutrition,latrine,waste-handling}'),      -- rural, one over: average
    (9, 6, 2026, 'urban', 2500000, '{employment,nutrition,water}'),            -- 2026: average
    (10, 6, 2027, 'urban', 2500000, '{employment,nutrition,water}');           -- 2027, the same: poor
GRANT SELECT ON t96 TO ansinh_api_owner;
SET LOCAL ROLE ansinh_api_owner; -- the daemon's privileges, and its tables to read
SELECT ansinh_test.context('ward', 'VT', 'Vĩnh Trung office', NULL, NULL);
SELECT is(count(*)::integer, 8, 'setup: eight households')
  FROM (SELECT ansinh_api.household_create(('a9600000-0000-7000-8000-0000000001' || lpad(n::text, 2, '0'))::uuid,
                                           ('96000000-0000-7000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid,
                                           'VT', 'T96-' || n, 'Hộ ' || n, 1, NULL, NULL, false, false, 'none',
                                           '2022-01-10') AS o
          FROM generate_series(1, 8) AS n) AS s
 WHERE (s.o).code = 0;

-- ---------------------------------------------------------------- boundaries of both standards
SELECT is(count(*)::integer, 10, 'assessments of 2026 and 2027 recorded')
  FROM t96
 CROSS JOIN LATERAL ansinh_api.assessment_create(('a9600000-0000-7000-8000-0000000002' || lpad(t96.n::text, 2, '0'))::uuid,
        ('96000000-0000-7000-8000-0000000002' || lpad(t96.n::text, 2, '0'))::uuid, 'VT', NULL, 'T96-' || t96.hh,
        t96.year, ((t96.year - 1) || '-09-15')::date, t96.area, t96.income, t96.deprived, NULL, NULL) AS o
 WHERE o.code = 0;
SELECT results_eq(
    $$ SELECT t.n, c.standard_code, c.classification, c.deprivation_count
         FROM t96 AS t
         JOIN ansinh.poverty_classification AS c
           ON c.assessment_id = ('96000000-0000-7000-8000-0000000002' || lpad(t.n::text, 2, '0'))::uuid
        ORDER BY t.n $$,
    $$ VALUES (1, 'central-2022', 'poor', 3), (2, 'central-2022', 'average', 3), (3, 'central-2022', 'near-poor', 2),
              (4, 'central-2027', 'poor', 3), (5, 'central-2027', 'average', 3), (6, 'central-2027', 'near-poor', 2),
              (7, 'central-2027', 'poor', 3), (8, 'central-2027', 'average', 3),
              (9, 'central-2022', 'average', 3), (10, 'central-2027', 'poor', 3) $$,
    'each assessment judged by its year''s standard, at each boundary');
SELECT results_eq(
    $$ SELECT year, standard_code, classification, reason FROM ansinh_api.assessment_list('VT', 0, NULL, NULL, 0, 0)
        WHERE household_code = 'T96-6' ORDER BY year $$,
    $$ VALUES (2026, 'central-2022', 'average', 'income 2,500,000 > 2,000,000 and ≤ 3,000,000 (average living standard)'),
              (2027, 'central-2027', 'poor', 'income 2,500,000 ≤ 2,800,000 and 3 deprivations: employment, nutrition, domestic water') $$,
    'one household, 2026 and 2027: two classifications by two rule sets');

-- ---------------------------------------------------------------- refusals
SELECT results_eq(
    $$ SELECT (o).code, (o).message FROM (VALUES
        (ansinh_api.assessment_create('a9600000-0000-7000-8000-000000000301', '96000000-0000-7000-8000-000000000301',
            'VT', NULL, 'T96-7', 2031, NULL, 'urban', 1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9600000-0000-7000-8000-000000000302', '96000000-0000-7000-8000-000000000302',
            'VT', NULL, 'T96-7', 2021, '2021-06-01', NULL, 1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9600000-0000-7000-8000-000000000303', '96000000-0000-7000-8000-000000000303',
            'VT', NULL, 'T96-7', 2026, '2026-09-15', 'urban', 1, '{water,internet-access}', NULL, NULL)),
        (ansinh_api.assessment_create('a9600000-0000-7000-8000-000000000304', '96000000-0000-7000-8000-000000000304',
            'VT', NULL, 'T96-7', 2027, '2026-09-15', 'rural', 1, '{information-access}', NULL, NULL))
       ) AS r (o) $$,
    $$ VALUES
        (3, 'review year 2031: no poverty standard covers urban households in 2031 (the standards cover 2022 to 2026, 2027 to 2030); a district session adds one with ''ansinh standard add'''),
        (3, 'review year 2021: no poverty standard covers households in 2021 (the standards cover 2022 to 2026, 2027 to 2030); a district session adds one with ''ansinh standard add'''),
        (3, 'deprivation ''internet-access'' is not an indicator of the urban standard of review year 2026 (central-2022): use employment, dependants, nutrition, health-insurance, adult-education, child-schooling, housing-quality, housing-area, water, latrine, telecom, information-access'),
        (3, 'deprivation ''information-access'' is not an indicator of the rural standard of review year 2027 (central-2027): use employment, dependants, nutrition, health-insurance, adult-education, child-schooling, housing-quality, housing-area, water, latrine, telecom, digital-services, internet-access, waste-handling') $$,
    'an uncovered year and an indicator the year''s standard does not count are INVALID_ARGUMENT naming the year');
SELECT is_empty($$ SELECT * FROM ansinh.poverty_assessment WHERE household_id = '96000000-0000-7000-8000-000000000007' $$,
                'refused assessments write nothing');

-- ---------------------------------------------------------------- a city standard and the income-only line
SELECT ansinh_test.context('district', NULL, 'Thanh Khê district', NULL, NULL);
SELECT is((ansinh_api.standard_create('a9600000-0000-7000-8000-000000000401', '96000000-0000-7000-8000-000000000401',
           'city-2027', 'urban', 'Chuẩn nghèo thử 2027', 'city', '2027-01-01', '2030-12-31', 3000000, 0, 0, 0, NULL)).code,
          0, 'the district adds a city standard for 2027–2030');
SELECT results_eq(
    $$ SELECT scope, operation, code, message, record_id FROM ansinh.request_log
        WHERE request_id = 'a9600000-0000-7000-8000-000000000401' $$,
    $$ VALUES ('district', 'standard_create', 0, 'standard city-2027 (urban) added',
               '96000000-0000-7000-8000-000000000401'::uuid) $$,
    'its request is in the one request log, in the district''s scope (0123)');
SELECT results_eq(
    $$ SELECT code, message, id, replayed FROM ansinh_api.standard_create(
           'a9600000-0000-7000-8000-000000000401', '96000000-0000-7000-8000-000000000401',
           'city-2027', 'urban', 'Chuẩn nghèo thử 2027', 'city', '2027-01-01', '2030-12-31', 3000000, 0, 0, 0, NULL) $$,
    $$ VALUES (0, 'standard city-2027 (urban) added', '96000000-0000-7000-8000-000000000401'::uuid, true) $$,
    'the same request again is answered from the log, replayed');
SELECT is((SELECT count(*)::integer FROM ansinh.standard_indicator WHERE standard_code = 'city-2027'), 14,
          'it counts the indicators of the central standard in force on its first day');
INSERT INTO ansinh.poverty_standard
       (code, area, id, name, scope, valid_from, valid_to, income_line_vnd, near_poor_ceiling_vnd,
        average_ceiling_vnd, min_deprivations, income_only_line_vnd, created_by)
VALUES ('test96-only', 'rural', '96000000-0000-7000-8000-000000000402', 'Thử', 'city', '2027-01-01', '2030-12-31',
        2200000, 2200000, 3300000, 3, 1500000, 'test');
SELECT results_eq(
    $$ SELECT t.n, c.classification, c.reason
         FROM t96 AS t
         JOIN ansinh.poverty_classification AS c
           ON c.assessment_id = ('96000000-0000-7000-8000-0000000002' || lpad(t.n::text, 2, '0'))::uuid
        WHERE c.standard_code = 'test96-only' ORDER BY t.n $$,
    $$ VALUES (7, 'poor', 'income 2,200,000 ≤ 2,200,000 and 3 deprivations: nutrition, hygienic latrine, domestic-waste handling'),
              (8, 'average', 'income 2,200,001 > 2,200,000 and ≤ 3,300,000 (average living standard)') $$,
    'above the income-only line the usual rule');
SELECT ansinh_test.context('ward', 'VT', 'Vĩnh Trung office', NULL, NULL);
SELECT is((ansinh_api.assessment_create('a9600000-0000-7000-8000-000000000501', '96000000-0000-7000-8000-000000000501',
           'VT', NULL, 'T96-8', 2027, '2026-09-15', 'rural', 1500000, '{}', NULL, NULL)).code, 0,
          'setup: a rural household on the income-only line, no deprivations');
SELECT results_eq(
    $$ SELECT standard_code, classification, reason FROM ansinh.poverty_classification
        WHERE assessment_id = '96000000-0000-7000-8000-000000000501' ORDER BY standard_code $$,
    $$ VALUES ('central-2027', 'near-poor', 'income 1,500,000 ≤ 2,200,000 and no deprivations'),
              ('test96-only', 'poor', 'income 1,500,000 ≤ 1,500,000 (income-only line)') $$,
    'at the income-only line: poor whatever the deprivations');
SELECT is((ansinh_api.assessment_create('a9600000-0000-7000-8000-000000000502', '96000000-0000-7000-8000-000000000502',
           'VT', NULL, 'T96-7', 2027, '2026-09-15', 'rural', 1500001, '{}', NULL, NULL)).code, 0,
          'setup: one đồng over the income-only line');
SELECT is((SELECT classification FROM ansinh.poverty_classification
            WHERE assessment_id = '96000000-0000-7000-8000-000000000502' AND standard_code = 'test96-only'),
          'near-poor', 'one đồng over the income-only line without deprivations: near-poor');

SELECT * FROM finish();
ROLLBACK;
