-- 95_poverty.sql — poverty standards as data, the classification and its
-- reason at every boundary, assessments through the API (idempotency, codes
-- 3/5/6/7/9), recognition and the household's status history, the
-- expected-exit list, case files, the exit/entry computation across years,
-- the report, row-level security and privileges.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(110);

-- ---------------------------------------------------------------- the seeded standard
SELECT results_eq(
    $$ SELECT code, area, scope, valid_from, valid_to, income_line_vnd, near_poor_ceiling_vnd,
              average_ceiling_vnd, min_deprivations::integer
         FROM ansinh.poverty_standard WHERE code = 'central-2022' ORDER BY area $$,
    $$ VALUES ('central-2022', 'rural', 'central', '2022-01-01'::date, '2026-12-31'::date,
               1500000::bigint, 1500000::bigint, 2250000::bigint, 3),
              ('central-2022', 'urban', 'central', '2022-01-01'::date, '2026-12-31'::date,
               2000000::bigint, 2000000::bigint, 3000000::bigint, 3) $$,
    'the central 2022–2025 standard (extended to 2026 by 0020): 2,000,000 urban / 1,500,000 rural, ceilings 1.5×, 3 deprivations');
SELECT is(count(*)::integer, 12, 'twelve indicators in the 2022–2025 standard')
  FROM ansinh.standard_indicator WHERE standard_code = 'central-2022';
SELECT results_eq(
    $$ SELECT i.dimension, count(*)::integer
         FROM ansinh.standard_indicator AS si JOIN ansinh.poverty_indicator AS i ON i.code = si.indicator_code
        WHERE si.standard_code = 'central-2022' GROUP BY i.dimension ORDER BY min(si.position) $$,
    $$ VALUES ('employment', 2), ('health', 2), ('education', 2), ('housing', 2), ('water-sanitation', 2),
              ('information', 2) $$,
    'in six dimensions of two indicators each, in the standard''s order');
SELECT is_empty(
    $$ SELECT i.column_name FROM ansinh.poverty_indicator AS i
        WHERE NOT EXISTS (SELECT FROM pg_attribute AS a
                           WHERE a.attrelid = 'ansinh.poverty_assessment'::regclass
                             AND a.attname = i.column_name AND a.atttypid = 'boolean'::regtype) $$,
    'every indicator has its boolean column in poverty_assessment');

-- ---------------------------------------------------------------- money and classification boundaries
SELECT is(ansinh.vnd(1850000), '1,850,000', 'vnd() groups thousands');
SELECT is(ansinh.vnd(0), '0', 'vnd(0)');
SELECT is(ansinh.vnd(1000000000000), '1,000,000,000,000', 'vnd() of the largest amount');

SELECT results_eq(
    $$ SELECT ansinh.poverty_class(i, d, l, n, a, 3)
         FROM (VALUES (2000000::bigint, 3, 2000000::bigint, 2000000::bigint, 3000000::bigint),
                      (2000001, 3, 2000000, 2000000, 3000000),
                      (2000000, 2, 2000000, 2000000, 3000000),
                      (2000000, 12, 2000000, 2000000, 3000000),
                      (0, 0, 2000000, 2000000, 3000000),
                      (3000000, 0, 2000000, 2000000, 3000000),
                      (3000001, 12, 2000000, 2000000, 3000000),
                      (1500000, 3, 1500000, 1500000, 2250000),
                      (1500001, 3, 1500000, 1500000, 2250000),
                      (2250001, 0, 1500000, 1500000, 2250000)) AS t (i, d, l, n, a) $$,
    $$ VALUES ('poor'), ('average'), ('near-poor'), ('poor'), ('near-poor'), ('average'), ('above-average'),
              ('poor'), ('average'), ('above-average') $$,
    'classification: on the line, one đồng over, exactly 3 deprivations, 2, rural line, ceilings');
SELECT is(ansinh.poverty_class(2100000, 5, 2000000, 2200000, 3300000, 3), 'near-poor',
          'a standard with a near-poor ceiling above the line: over the line, under the ceiling is near-poor');
SELECT is(ansinh.poverty_class(1000000, 3, 2000000, 2000000, 3000000, 4), 'near-poor',
          'a standard needing 4 deprivations: 3 are not enough');

SELECT is(ansinh.poverty_reason(1850000, ARRAY['health insurance', 'housing area', 'domestic water', 'hygienic latrine'],
                                2000000, 2000000, 3000000, 3),
          'income 1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance, housing area, domestic water, hygienic latrine',
          'reason of a poor household');
SELECT is(ansinh.poverty_reason(2000000, ARRAY['nutrition'], 2000000, 2000000, 3000000, 3),
          'income 2,000,000 ≤ 2,000,000 and 1 deprivation, fewer than 3: nutrition',
          'reason of a near-poor household on the line');
SELECT is(ansinh.poverty_reason(1200000, '{}', 2000000, 2000000, 3000000, 3),
          'income 1,200,000 ≤ 2,000,000 and no deprivations', 'reason without deprivations');
SELECT is(ansinh.poverty_reason(2000001, ARRAY['employment', 'nutrition', 'water'], 2000000, 2000000, 3000000, 3),
          'income 2,000,001 > 2,000,000 and ≤ 3,000,000 (average living standard)',
          'reason one đồng over the line');
SELECT is(ansinh.poverty_reason(3000001, '{}', 2000000, 2000000, 3000000, 3),
          'income 3,000,001 > 3,000,000 (above the average living standard)', 'reason above the average ceiling');
SELECT is(ansinh.poverty_reason(2100000, '{}', 2000000, 2200000, 3300000, 3),
          'income 2,100,000 > 2,000,000 and ≤ 2,200,000 (near-poor ceiling)', 'reason under a near-poor ceiling');

-- ---------------------------------------------------------------- standards through the API
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'VT', 'Vĩnh Trung office', NULL, NULL);
SELECT is((ansinh_api.standard_create('a9500000-0000-7000-8000-000000000001', '95000000-0000-7000-8000-0000000000c1',
              'test95-city', 'urban', 'Chuẩn thử', 'city', '2022-01-01', '2025-12-31', 2500000, 0, 0, 0, NULL)).code,
          7, 'a ward session may not add a standard (PERMISSION_DENIED)');
SELECT throws_ok(
    $$ INSERT INTO ansinh.poverty_standard (code, area, id, name, scope, valid_from, valid_to, income_line_vnd,
                                            near_poor_ceiling_vnd, average_ceiling_vnd, min_deprivations, created_by)
       VALUES ('sneaky', 'urban', gen_random_uuid(), 'Sneaky', 'city', '2022-01-01', '2025-12-31', 1, 1, 1, 3, 'x') $$,
    '42501', NULL, 'and row-level security refuses it in direct SQL');

SELECT ansinh_test.context('district', NULL, 'district office', '95000000-0000-7000-8000-0000000000e1', NULL);
SELECT results_eq(
    $$ SELECT * FROM ansinh_api.standard_create('a9500000-0000-7000-8000-000000000002', '95000000-0000-7000-8000-0000000000c1',
              'test95-city', 'urban', '  Chuẩn   nghèo thử ', 'city', '2022-01-01', '2025-12-31', 2500000, 0, 0, 0, NULL) $$,
    $$ VALUES (0, 'standard test95-city (urban) added', '95000000-0000-7000-8000-0000000000c1'::uuid, NULL::text, false) $$,
    'the district adds a city standard');
SELECT results_eq(
    $$ SELECT name, near_poor_ceiling_vnd, average_ceiling_vnd, min_deprivations::integer, created_by, token_id,
              request_id
         FROM ansinh.poverty_standard WHERE code = 'test95-city' $$,
    $$ VALUES ('Chuẩn nghèo thử', 2500000::bigint, 3750000::bigint, 3, 'district office',
               '95000000-0000-7000-8000-0000000000e1'::uuid, 'a9500000-0000-7000-8000-000000000002'::uuid) $$,
    'defaults: near-poor ceiling = line, average = 1.5 × line, 3 deprivations; the row records who added it');
SELECT is((ansinh_api.standard_create('a9500000-0000-7000-8000-000000000002', '95000000-0000-7000-8000-0000000000ff',
              'other', 'urban', 'x', 'city', '2022-01-01', '2025-12-31', 1, 0, 0, 0, NULL)),
          ROW(0, 'standard test95-city (urban) added', '95000000-0000-7000-8000-0000000000c1'::uuid, NULL::text, true)
              ::ansinh_api.outcome,
          'a replayed request_id returns the stored outcome');
SELECT is((ansinh_api.standard_create('a9500000-0000-7000-8000-000000000003', '95000000-0000-7000-8000-0000000000c2',
              'test95-city', 'urban', 'Chuẩn nghèo thử', 'city', '2022-01-01', '2025-12-31', 2500000, 2500000, 3750000, 3,
              NULL)).code,
          0, 'the same standard again with the same content is OK');
SELECT is((ansinh_api.standard_create('a9500000-0000-7000-8000-000000000004', '95000000-0000-7000-8000-0000000000c3',
              'test95-city', 'urban', 'Chuẩn nghèo thử', 'city', '2022-01-01', '2025-12-31', 2600000, 0, 0, 0, NULL)).code,
          6, 'the same standard and area with another line is ALREADY_EXISTS');
SELECT is((ansinh_api.standard_create('a9500000-0000-7000-8000-000000000005', '95000000-0000-7000-8000-0000000000c4',
              'test95-city', 'rural', 'Another name', 'city', '2022-01-01', '2025-12-31', 2000000, 0, 0, 0, NULL)).code,
          9, 'its other area must have the same name, scope and validity (FAILED_PRECONDITION)');
SELECT is((ansinh_api.standard_create('a9500000-0000-7000-8000-000000000006', '95000000-0000-7000-8000-0000000000c5',
              'central-test', 'urban', 'Overlap', 'central', '2025-01-01', '2027-12-31', 2000000, 0, 0, 0, NULL)).message,
          'central standard central-2022 already applies to urban areas from 2022-01-01 to 2026-12-31',
          'two central standards may not overlap for one area');
SELECT results_eq(
    $$ SELECT (o).code, (o).message FROM (VALUES
        (ansinh_api.standard_create('a9500000-0000-7000-8000-000000000007', '95000000-0000-7000-8000-0000000000c6',
            'Bad Code', 'urban', 'x', 'city', '2022-01-01', '2025-12-31', 1, 0, 0, 0, NULL)),
        (ansinh_api.standard_create('a9500000-0000-7000-8000-000000000008', '95000000-0000-7000-8000-0000000000c6',
            'ok-code', 'suburb', 'x', 'city', '2022-01-01', '2025-12-31', 1, 0, 0, 0, NULL)),
        (ansinh_api.standard_create('a9500000-0000-7000-8000-000000000009', '95000000-0000-7000-8000-0000000000c6',
            'ok-code', 'urban', 'x', 'city', '2026-01-01', '2025-12-31', 1, 0, 0, 0, NULL)),
        (ansinh_api.standard_create('a9500000-0000-7000-8000-00000000000a', '95000000-0000-7000-8000-0000000000c6',
            'ok-code', 'urban', 'x', 'city', '2022-01-01', '2025-12-31', 2000000, 1000000, 0, 0, NULL)),
        (ansinh_api.standard_create('a9500000-0000-7000-8000-00000000000b', '95000000-0000-7000-8000-0000000000c6',
            'ok-code', 'urban', 'x', 'city', '2022-01-01', '2025-12-31', 2000000, 0, 0, 13, NULL))
       ) AS t (o) $$,
    $$ VALUES
        (3, 'standard code ''Bad Code'' is not valid: use 1 to 32 lower-case letters, digits and ''-'''),
        (3, 'area ''suburb'' is not valid: use urban or rural'),
        (3, 'valid-to date 2025-12-31 is before valid-from date 2026-01-01'),
        (3, 'near-poor ceiling 1,000,000 is below the income line 2,000,000'),
        (3, 'number of deprivations 13 is out of range: use 1 to 12') $$,
    'invalid standards are INVALID_ARGUMENT with a sentence naming the field');
SELECT throws_ok(
    $$ UPDATE ansinh.poverty_standard SET income_line_vnd = 1 WHERE code = 'test95-city' $$,
    '42501', NULL, 'the API''s owner may not change a standard');
RESET ROLE;
SELECT throws_ok(
    $$ UPDATE ansinh.poverty_standard SET income_line_vnd = 1 WHERE code = 'central-2022' $$,
    '42501', 'ansinh.poverty_standard is append-only: UPDATE is not allowed',
    'standards are append-only even for the owner');

-- ---------------------------------------------------------------- households of the review (ward VT)
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'VT', 'Vĩnh Trung office', NULL, NULL);
SELECT is(code, 0, 'setup: ' || message) FROM (VALUES
    (ansinh_api.household_create('a9500000-0000-7000-8000-000000000101', '95000000-0000-7000-8000-000000000001',
        'VT', 'T95-1', 'Hộ Một', 1, NULL, NULL, false, true, 'poor', '2022-01-10')),
    (ansinh_api.household_create('a9500000-0000-7000-8000-000000000102', '95000000-0000-7000-8000-000000000002',
        'VT', 'T95-2', 'Hộ Hai', 1, NULL, NULL, false, false, 'poor', '2022-01-10')),
    (ansinh_api.household_create('a9500000-0000-7000-8000-000000000103', '95000000-0000-7000-8000-000000000003',
        'VT', 'T95-3', 'Hộ Ba', 1, NULL, NULL, false, false, 'near-poor', '2022-01-10')),
    (ansinh_api.household_create('a9500000-0000-7000-8000-000000000104', '95000000-0000-7000-8000-000000000004',
        'VT', 'T95-4', 'Hộ Bốn', 1, NULL, NULL, false, false, 'none', '2022-01-10')),
    (ansinh_api.household_create('a9500000-0000-7000-8000-000000000105', '95000000-0000-7000-8000-000000000005',
        'VT', 'T95-5', 'Hộ Năm', 1, NULL, NULL, false, true, 'poor', '2022-01-10')),
    (ansinh_api.household_create('a9500000-0000-7000-8000-000000000106', '95000000-0000-7000-8000-000000000006',
        'VT', 'T95-6', 'Hộ Sáu', 1, NULL, NULL, false, false, 'poor', '2024-06-01')),
    (ansinh_api.household_create('a9500000-0000-7000-8000-000000000107', '95000000-0000-7000-8000-000000000007',
        'VT', 'T95-7', 'Hộ Bảy', 1, NULL, NULL, false, false, 'near-poor', '2022-01-10'))
) AS setup (o)
CROSS JOIN LATERAL (SELECT (o).code, (o).message) AS r;

-- ---------------------------------------------------------------- assessments: create, replay, re-create
SELECT results_eq(
    $$ SELECT * FROM ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000201',
           '95000000-0000-7000-8000-000000000201', NULL, NULL, 'T95-1', 2023, '2023-11-01', 'urban', 1800000,
           '{nutrition,employment,health-insurance}', '  Lê   Cán Bộ ', NULL) $$,
    $$ VALUES (0, 'assessment of household T95-1 for 2023 recorded in ward VT',
               '95000000-0000-7000-8000-000000000201'::uuid, 'VT', false) $$,
    'assessment_create: OK (household by code, ward from the session)');
SELECT results_eq(
    $$ SELECT deprived_employment, deprived_nutrition, deprived_health_insurance, deprived_water,
              deprivation_count::integer, reviewer
         FROM ansinh.poverty_assessment WHERE id = '95000000-0000-7000-8000-000000000201' $$,
    $$ VALUES (true, true, true, false, 3, 'Lê Cán Bộ') $$,
    'the flags, their count and the cleaned reviewer name are stored');
SELECT is((ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000201',
           '95000000-0000-7000-8000-0000000002ff', NULL, NULL, 'T95-1', 2020, NULL, 'rural', 1, '{}', NULL, NULL)).replayed,
          true, 'a replayed request_id returns the stored outcome');
SELECT is((ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000202',
           '95000000-0000-7000-8000-000000000201', 'VT', NULL, 'T95-1', 2023, '2023-11-01', 'urban', 1800000,
           '{health-insurance,employment,nutrition}', 'Lê Cán Bộ', NULL)).code,
          0, 'the same id again with identical content (flags in any order) is OK');
SELECT is((ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000203',
           '95000000-0000-7000-8000-000000000201', 'VT', NULL, 'T95-1', 2023, '2023-11-01', 'urban', 1800001,
           '{health-insurance,employment,nutrition}', 'Lê Cán Bộ', NULL)).code,
          6, 'the same id with different content is ALREADY_EXISTS');
SELECT is((ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000204',
           '95000000-0000-7000-8000-000000000299', 'VT', NULL, 'T95-1', 2023, '2023-11-02', 'urban', 1, '{}', NULL, NULL)).message,
          'household T95-1 already has an assessment for 2023 (id 95000000-0000-7000-8000-000000000201)',
          'a second assessment of a household for the same year is ALREADY_EXISTS');
SELECT results_eq(
    $$ SELECT (o).code, (o).message FROM (VALUES
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000211', '95000000-0000-7000-8000-000000000298',
            'VT', NULL, 'T95-2', 1999, '1999-01-01', 'urban', 1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000212', '95000000-0000-7000-8000-000000000298',
            'VT', NULL, 'T95-2', 2023, '2099-01-01', 'urban', 1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000213', '95000000-0000-7000-8000-000000000298',
            'VT', NULL, 'T95-2', 2023, '2020-01-01', 'urban', 1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000214', '95000000-0000-7000-8000-000000000298',
            'VT', NULL, 'T95-2', 2023, '2023-11-01', 'suburban', 1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000215', '95000000-0000-7000-8000-000000000298',
            'VT', NULL, 'T95-2', 2023, '2023-11-01', 'urban', -1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000216', '95000000-0000-7000-8000-000000000298',
            'VT', NULL, 'T95-2', 2023, '2023-11-01', 'urban', 1, '{water,wifi}', NULL, NULL)),
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000217', '95000000-0000-7000-8000-000000000298',
            'VT', NULL, 'T95-404', 2023, '2023-11-01', 'urban', 1, '{}', NULL, NULL)),
        (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000218', '95000000-0000-7000-8000-000000000298',
            'AK', NULL, 'T95-2', 2023, '2023-11-01', 'urban', 1, '{}', NULL, NULL))
       ) AS t (o) $$,
    $$ VALUES
        (3, 'review year 1999 is out of range: use 2000 to 2100'),
        (3, 'assessment date 2099-01-01 is in the future'),
        (3, 'assessment date 2020-01-01 is too far from review year 2023: use a date from 2022-01-01 to 2024-12-31'),
        (3, 'area ''suburban'' is not valid: use urban or rural'),
        (3, 'income per person must not be negative'),
        (3, 'deprivation ''wifi'' is not an indicator (employment, dependants, nutrition, health-insurance, adult-education, child-schooling, housing-quality, housing-area, water, latrine, telecom, information-access, digital-services, internet-access, waste-handling)'),
        (5, 'household ''T95-404'' was not found in ward VT'),
        (7, 'a session of ward VT may not write records of ward AK') $$,
    'bad assessments: INVALID_ARGUMENT naming the field, NOT_FOUND, PERMISSION_DENIED');
SELECT is(count(*)::integer, 1, 'refused assessments write nothing')
  FROM ansinh.poverty_assessment WHERE ward_code = 'VT';
SELECT is(count(*)::integer, 1, 'the assessment was audited once')
  FROM ansinh.audit_event WHERE table_name = 'poverty_assessment' AND record_id = '95000000-0000-7000-8000-000000000201';

-- The rest of the review: 2023 and 2024 (central and test95-city valid in both).
--   T95-1 (special difficulty) poor 2023 -> near-poor 2024: exits poverty by both
--   T95-2 poor 2023 -> 2,200,000 with 4 deprivations 2024: average by central, still poor by the city's
--   T95-3 near-poor 2023 -> above average 2024: exits near-poverty
--   T95-4 average 2023 -> poor 2024: enters poverty
--   T95-5 (special difficulty) poor 2023, not assessed in 2024: stays poor
--   T95-6 first assessed in 2024, poor: enters poverty
--   T95-7 rural, 1,500,000 with 3 deprivations: poor by central (rural line); no rural city row
SELECT is(code, 0, 'assessment: ' || message) FROM (VALUES
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000221', '95000000-0000-7000-8000-000000000221',
        'VT', NULL, 'T95-1', 2024, '2024-11-01', 'urban', 1900000, '{nutrition}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000222', '95000000-0000-7000-8000-000000000222',
        'VT', NULL, 'T95-2', 2023, '2023-11-01', 'urban', 1500000, '{water,latrine,telecom,housing-area}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000223', '95000000-0000-7000-8000-000000000223',
        'VT', NULL, 'T95-2', 2024, '2024-11-01', 'urban', 2200000, '{water,latrine,telecom,housing-area}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000224', '95000000-0000-7000-8000-000000000224',
        'VT', NULL, 'T95-3', 2023, '2023-11-01', 'urban', 1000000, '{}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000225', '95000000-0000-7000-8000-000000000225',
        'VT', NULL, 'T95-3', 2024, '2024-11-01', 'urban', 3500000, '{}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000226', '95000000-0000-7000-8000-000000000226',
        'VT', NULL, 'T95-4', 2023, '2023-11-01', 'urban', 2600000, '{}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000227', '95000000-0000-7000-8000-000000000227',
        'VT', NULL, 'T95-4', 2024, '2024-11-01', 'urban', 1000000, '{employment,dependants,nutrition}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000228', '95000000-0000-7000-8000-000000000228',
        'VT', NULL, 'T95-5', 2023, '2023-11-01', 'urban', 900000, '{employment,dependants,nutrition,water}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000229', '95000000-0000-7000-8000-000000000229',
        'VT', NULL, 'T95-6', 2024, '2024-11-01', 'urban', 1200000, '{employment,dependants,nutrition}', NULL, NULL)),
    (ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000230', '95000000-0000-7000-8000-000000000230',
        'VT', NULL, 'T95-7', 2024, '2024-11-01', 'rural', 1500000, '{employment,water,latrine}', NULL, NULL))
) AS t (o)
CROSS JOIN LATERAL (SELECT (o).code, (o).message) AS r;

-- ---------------------------------------------------------------- the classification view
SELECT results_eq(
    $$ SELECT household_code, year, standard_code, classification, status, reason
         FROM ansinh.poverty_classification
        WHERE ward_code = 'VT' AND household_code IN ('T95-1', 'T95-2', 'T95-7')
        ORDER BY household_code, year, standard_code $$,
    $$ VALUES
        ('T95-1', 2023::smallint, 'central-2022', 'poor', 'poor',
         'income 1,800,000 ≤ 2,000,000 and 3 deprivations: employment, nutrition, health insurance'),
        ('T95-1', 2023::smallint, 'test95-city', 'poor', 'poor',
         'income 1,800,000 ≤ 2,500,000 and 3 deprivations: employment, nutrition, health insurance'),
        ('T95-1', 2024::smallint, 'central-2022', 'near-poor', 'near-poor',
         'income 1,900,000 ≤ 2,000,000 and 1 deprivation, fewer than 3: nutrition'),
        ('T95-1', 2024::smallint, 'test95-city', 'near-poor', 'near-poor',
         'income 1,900,000 ≤ 2,500,000 and 1 deprivation, fewer than 3: nutrition'),
        ('T95-2', 2023::smallint, 'central-2022', 'poor', 'poor',
         'income 1,500,000 ≤ 2,000,000 and 4 deprivations: housing area, domestic water, hygienic latrine, telecom services'),
        ('T95-2', 2023::smallint, 'test95-city', 'poor', 'poor',
         'income 1,500,000 ≤ 2,500,000 and 4 deprivations: housing area, domestic water, hygienic latrine, telecom services'),
        ('T95-2', 2024::smallint, 'central-2022', 'average', 'none',
         'income 2,200,000 > 2,000,000 and ≤ 3,000,000 (average living standard)'),
        ('T95-2', 2024::smallint, 'test95-city', 'poor', 'poor',
         'income 2,200,000 ≤ 2,500,000 and 4 deprivations: housing area, domestic water, hygienic latrine, telecom services'),
        ('T95-7', 2024::smallint, 'central-2022', 'poor', 'poor',
         'income 1,500,000 ≤ 1,500,000 and 3 deprivations: employment, domestic water, hygienic latrine') $$,
    'one row per assessment and standard valid that year and area; two standards may disagree; rural line for rural');
SELECT is(count(*)::integer, 0, 'no standard row, no classification: the city standard has no rural row')
  FROM ansinh.poverty_classification WHERE household_code = 'T95-7' AND standard_code = 'test95-city';
SELECT results_eq(
    $$ SELECT standard_code, classification, reason FROM ansinh_api.assessment_get('VT', NULL, 'T95-2', 0) $$,
    $$ SELECT standard_code, classification, reason FROM ansinh.poverty_classification
        WHERE household_code = 'T95-2' AND year = 2024 ORDER BY standard_scope, standard_code $$,
    'assessment_get (latest year) answers exactly what the view says');
SELECT is((SELECT count(*)::integer FROM ansinh_api.assessment_list('VT', 2024, 'central-2022', 'poor', 0, 0)), 3,
          'assessment_list filters by year, standard and class (T95-4, T95-6, T95-7)');

-- ---------------------------------------------------------------- status at year end, movements, exits
SELECT results_eq(
    $$ SELECT h.code, s.status FROM ansinh.poverty_status_at(2024) AS s
         JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
        WHERE s.ward_code = 'VT' AND s.standard_code = 'central-2022' ORDER BY h.code $$,
    $$ VALUES ('T95-1', 'near-poor'), ('T95-2', 'none'), ('T95-3', 'none'), ('T95-4', 'poor'), ('T95-5', 'poor'),
              ('T95-6', 'poor'), ('T95-7', 'poor') $$,
    'status at the end of 2024 by the central standard (T95-5 keeps its 2023 result)');
SELECT results_eq(
    $$ SELECT household_code, status_before, status_after, exited_poverty, exited_near_poverty, entered_poverty,
              entered_near_poverty
         FROM ansinh.poverty_movement(2024)
        WHERE ward_code = 'VT' AND standard_code = 'central-2022' ORDER BY household_code $$,
    $$ VALUES ('T95-1', 'poor', 'near-poor', true, false, false, true),
              ('T95-2', 'poor', 'none', true, false, false, false),
              ('T95-3', 'near-poor', 'none', false, true, false, false),
              ('T95-4', 'none', 'poor', false, false, true, false),
              ('T95-5', 'poor', 'poor', false, false, false, false),
              ('T95-6', NULL, 'poor', false, false, true, false),
              ('T95-7', NULL, 'poor', false, false, true, false) $$,
    'movements in 2024 by the central standard');
SELECT results_eq(
    $$ SELECT standard_code, poor_exits, poor_exits_special_difficulty, poor_exits_central_poor, near_poor_exits,
              near_poor_exits_special_difficulty
         FROM ansinh.poverty_exits(2024) WHERE ward_code = 'VT' ORDER BY standard_code $$,
    $$ VALUES ('central-2022', 2, 1, 2, 1, 0), ('test95-city', 1, 1, 1, 1, 0) $$,
    'exits in 2024 per standard, of which especially difficult and poor by the central standard');
SELECT is_empty($$ SELECT * FROM ansinh.poverty_exits(2022) WHERE ward_code = 'VT' $$,
                'no exits in 2022: the standards did not apply in 2021, nothing to compare with');

-- ---------------------------------------------------------------- the expected-exit list
SELECT results_eq(
    $$ SELECT (o).code, (o).message FROM (VALUES
        (ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000301', '95000000-0000-7000-8000-000000000301',
            NULL, NULL, 'T95-1', 2024, 'needs a stall', false)),
        (ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000302', '95000000-0000-7000-8000-000000000302',
            NULL, NULL, 'T95-2', 2024, NULL, false)),
        (ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000303', '95000000-0000-7000-8000-000000000303',
            NULL, NULL, 'T95-5', 2024, NULL, false)),
        (ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000304', '95000000-0000-7000-8000-000000000304',
            NULL, NULL, 'T95-3', 2024, NULL, false)),
        (ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000305', '95000000-0000-7000-8000-000000000305',
            NULL, NULL, 'T95-3', 2024, NULL, true)),
        (ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000306', '95000000-0000-7000-8000-000000000306',
            NULL, NULL, 'T95-4', 2024, NULL, false)),
        (ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000307', '95000000-0000-7000-8000-000000000307',
            NULL, NULL, 'T95-6', 2025, NULL, true))
       ) AS t (o) $$,
    $$ VALUES (0, 'household T95-1 is on the expected-exit list of 2024'),
              (0, 'household T95-2 is on the expected-exit list of 2024'),
              (0, 'household T95-5 is on the expected-exit list of 2024'),
              (0, 'household T95-3 is on the expected-exit list of 2024'),
              (0, 'household T95-3 withdrawn from the expected-exit list of 2024'),
              (9, 'household T95-4 is neither poor nor near-poor (status none): it cannot be expected to exit'),
              (5, 'household T95-6 is not on the expected-exit list of 2025') $$,
    'listing, withdrawing, and the refusals of the expected-exit list');
SELECT is((ansinh_api.expected_exit_set('a9500000-0000-7000-8000-000000000308', '95000000-0000-7000-8000-000000000308',
              NULL, NULL, 'T95-1', 2024, NULL, false)).id,
          '95000000-0000-7000-8000-000000000301'::uuid, 'listing again answers with the entry''s first id');
SELECT set_eq($$ SELECT code FROM ansinh_api.household_list_expected('VT', NULL, NULL, 2024, 0, 0) $$,
              ARRAY['T95-1', 'T95-2', 'T95-5'], 'household_list_expected: the listed households, not the withdrawn');
SELECT results_eq(
    $$ SELECT household_code, standard_code, outcome FROM ansinh.expected_exit_outcome(2024) WHERE ward_code = 'VT' $$,
    $$ VALUES ('T95-1', 'central-2022', 'exited'), ('T95-1', 'test95-city', 'exited'),
              ('T95-2', 'central-2022', 'exited'), ('T95-2', 'test95-city', 'remained'),
              ('T95-5', 'central-2022', 'not-assessed'), ('T95-5', 'test95-city', 'not-assessed') $$,
    'the expected-exit list''s outcome, by standard');

-- ---------------------------------------------------------------- the report
SELECT results_eq(
    $$ SELECT ward_code, standard_code, poor, near_poor, poor_entries, poor_exits, poor_exits_special_difficulty,
              poor_exits_central_poor, near_poor_entries, near_poor_exits, expected_exits, expected_exited,
              expected_remained, expected_not_assessed
         FROM ansinh.poverty_report(2024, 'VT') $$,
    $$ VALUES ('VT', 'central-2022', 4, 1, 3, 2, 1, 2, 1, 1, 3, 2, 0, 1),
              ('VT', 'test95-city', 4, 1, 2, 1, 1, 1, 1, 1, 3, 1, 1, 1) $$,
    'report 2024 for VT: at year end, entries, exits and their breakdown, the expected list''s outcome');
SELECT results_eq(
    $$ SELECT ward_code IS NULL, ward_name, poor, poor_exits FROM ansinh.poverty_report(2024)
        WHERE standard_code = 'central-2022' AND (ward_code = 'VT' OR ward_code IS NULL) $$,
    $$ VALUES (false, 'Vĩnh Trung', 4, 2), (true, 'all wards', 4, 2) $$,
    'without a ward: every ward and a total row');
SELECT is(count(*)::integer, 26, 'twelve ward codes (ten old, TH and AN: 0022) and a total, by two standards')
  FROM ansinh.poverty_report(2024);
SELECT results_eq(
    $$ SELECT poor, poor_entries, poor_exits, expected_exited FROM ansinh.poverty_report(2022, 'VT')
        WHERE standard_code = 'central-2022' $$,
    $$ VALUES (0, NULL::integer, NULL::integer, NULL::integer) $$,
    'in a standard''s first year entries and exits are NULL: nothing to compare with');
SELECT results_eq(
    $$ SELECT ward_code, standard_code, poor, poor_exits FROM ansinh_api.poverty_report(2024, 'VT') $$,
    $$ SELECT ward_code, standard_code, poor, poor_exits FROM ansinh.poverty_report(2024, 'VT') $$,
    'the daemon''s report function is the analysts''');

-- ---------------------------------------------------------------- recognition and the status history
SELECT is((ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000401', '95000000-0000-7000-8000-000000000401',
              'VT', NULL, 'T95-1', 2024, NULL, '2024-12-20', NULL)).code,
          7, 'a ward session may not recognize a review result');
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT results_eq(
    $$ SELECT * FROM ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000402',
           '95000000-0000-7000-8000-000000000402', 'VT', NULL, 'T95-1', 2024, NULL, '2024-12-20', ' 12/QĐ-UBND ') $$,
    $$ VALUES (0, 'household T95-1 recognized for 2024 as near-poor by central-2022: status near-poor since 2024-12-20',
               '95000000-0000-7000-8000-000000000402'::uuid, 'VT', false) $$,
    'the district recognizes T95-1''s 2024 result (the central standard by default)');
SELECT results_eq(
    $$ SELECT status, status_since FROM ansinh.household WHERE code = 'T95-1' $$,
    $$ VALUES ('near-poor', '2024-12-20'::date) $$,
    'the household''s status and its date follow the recognition');
SELECT results_eq(
    $$ SELECT status, since, recorded_by FROM ansinh_api.household_history('VT', '95000000-0000-7000-8000-000000000001') $$,
    $$ VALUES ('poor', '2022-01-10', 'Vĩnh Trung office'), ('near-poor', '2024-12-20', 'district office') $$,
    'and its history has the change, dated');
SELECT results_eq(
    $$ SELECT year::integer, standard_code, classification, status, decision FROM ansinh.poverty_recognition
        WHERE household_id = '95000000-0000-7000-8000-000000000001' $$,
    $$ VALUES (2024, 'central-2022', 'near-poor', 'near-poor', '12/QĐ-UBND') $$,
    'the recognition is recorded');
SELECT is((ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000402', NULL, NULL, NULL, NULL, NULL, NULL,
              NULL, NULL)).replayed,
          true, 'a replayed recognition returns the stored outcome');
SELECT is((ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000403', '95000000-0000-7000-8000-000000000403',
              'VT', NULL, 'T95-1', 2024, 'central-2022', '2024-12-20', '12/QĐ-UBND')).code,
          0, 'recognizing the same result again is OK');
SELECT is(count(*)::integer, 2, 'and changes nothing more')
  FROM ansinh.household_status WHERE household_id = '95000000-0000-7000-8000-000000000001';
SELECT results_eq(
    $$ SELECT (o).code, (o).message FROM (VALUES
        (ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000404', '95000000-0000-7000-8000-000000000404',
            'VT', NULL, 'T95-1', 2024, 'test95-city', '2024-12-21', NULL)),
        (ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000405', '95000000-0000-7000-8000-000000000405',
            'VT', NULL, 'T95-5', 2024, NULL, '2024-12-20', NULL)),
        (ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000406', '95000000-0000-7000-8000-000000000406',
            'VT', NULL, 'T95-7', 2024, 'test95-city', '2024-12-20', NULL)),
        (ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000407', '95000000-0000-7000-8000-000000000407',
            'VT', NULL, 'T95-2', 2024, 'nowhere-2022', '2024-12-20', NULL)),
        (ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000408', '95000000-0000-7000-8000-000000000408',
            'VT', NULL, 'T95-6', 2024, NULL, '2024-11-15', NULL)),
        (ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000409', '95000000-0000-7000-8000-000000000409',
            'VT', NULL, 'T95-4', 2024, NULL, '2024-10-01', NULL)),
        (ansinh_api.recognition_create('a9500000-0000-7000-8000-00000000040a', '95000000-0000-7000-8000-00000000040a',
            NULL, NULL, 'T95-4', 2024, NULL, '2024-12-20', NULL))
       ) AS t (o) $$,
    $$ VALUES
        (6, 'household T95-1 was already recognized for 2024 as near-poor by central-2022 on 2024-12-20'),
        (9, 'household T95-5 has no assessment for 2024 to recognize'),
        (9, 'standard test95-city does not apply to rural households in 2024'),
        (5, 'standard ''nowhere-2022'' does not exist'),
        (0, 'household T95-6 recognized for 2024 as poor by central-2022: status stays poor'),
        (3, 'recognition date 2024-10-01 is before the assessment of 2024-11-01'),
        (3, 'ward code is required to find a household by its code') $$,
    'recognition refusals: ALREADY_EXISTS, FAILED_PRECONDITION, NOT_FOUND, INVALID_ARGUMENT; an unchanged status');
SELECT is((ansinh_api.household_update('a9500000-0000-7000-8000-000000000410', NULL, 'VT', 'T95-4', NULL, NULL, NULL,
              NULL, NULL, NULL, 'near-poor', '2025-01-15', NULL)).code,
          0, 'household update --status still works beside recognitions');
SELECT is((ansinh_api.recognition_create('a9500000-0000-7000-8000-000000000411', '95000000-0000-7000-8000-000000000411',
              'VT', NULL, 'T95-4', 2024, NULL, '2024-12-20', NULL)).message,
          'household T95-4 has been near-poor since 2025-01-15; a recognition that changes its status cannot be dated 2024-12-20',
          'a recognition that would change the status before its current date is refused');
RESET ROLE;
SELECT throws_ok(
    $$ UPDATE ansinh.poverty_recognition SET status = 'poor' $$,
    '42501', 'ansinh.poverty_recognition is append-only: UPDATE is not allowed',
    'recognitions are append-only');
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'VT', 'Vĩnh Trung office', NULL, NULL);
SELECT results_eq(
    $$ SELECT DISTINCT recognized_standard, recognized_status, recognized_on
         FROM ansinh_api.assessment_get('VT', NULL, 'T95-1', 2024) $$,
    $$ VALUES ('central-2022', 'near-poor', '2024-12-20') $$,
    'assessment_get shows the recognition');

-- ---------------------------------------------------------------- case files
SELECT results_eq(
    $$ SELECT (o).code, (o).message FROM (VALUES
        (ansinh_api.casefile_set('a9500000-0000-7000-8000-000000000501', '95000000-0000-7000-8000-000000000501',
            NULL, NULL, 'T95-1', E' Chồng khuyết tật nặng.\nHai con đi học. ', NULL)),
        (ansinh_api.casefile_set('a9500000-0000-7000-8000-000000000502', '95000000-0000-7000-8000-000000000502',
            NULL, NULL, 'T95-1', NULL, 'Nhà thuê 12 m²')),
        (ansinh_api.casefile_set('a9500000-0000-7000-8000-000000000503', '95000000-0000-7000-8000-000000000503',
            NULL, NULL, 'T95-1', NULL, 'Nhà thuê 12 m²')),
        (ansinh_api.casefile_set('a9500000-0000-7000-8000-000000000504', '95000000-0000-7000-8000-000000000504',
            NULL, NULL, 'T95-1', repeat('x', 4001), NULL)),
        (ansinh_api.plan_item_create('a9500000-0000-7000-8000-000000000505', '95000000-0000-7000-8000-000000000505',
            NULL, NULL, 'T95-1', 'livelihood', 'Tủ kính bán hàng', NULL, '2025-03-01')),
        (ansinh_api.plan_item_create('a9500000-0000-7000-8000-000000000506', '95000000-0000-7000-8000-000000000506',
            NULL, NULL, 'T95-1', 'lottery', 'x', NULL, NULL)),
        (ansinh_api.plan_item_update('a9500000-0000-7000-8000-000000000507', '95000000-0000-7000-8000-000000000505',
            NULL, NULL, NULL, 'done', '')),
        (ansinh_api.plan_item_update('a9500000-0000-7000-8000-000000000508', '95000000-0000-7000-8000-000000000505',
            NULL, NULL, NULL, NULL, '2025-02-30')),
        (ansinh_api.casefile_note_create('a9500000-0000-7000-8000-000000000509', '95000000-0000-7000-8000-000000000509',
            NULL, NULL, 'T95-1', '2024-10-01', 'Thăm hộ; đối thoại về sinh kế')),
        (ansinh_api.casefile_note_create('a9500000-0000-7000-8000-00000000050a', '95000000-0000-7000-8000-00000000050a',
            NULL, NULL, 'T95-1', '2099-10-01', 'Future'))
       ) AS t (o) $$,
    $$ VALUES
        (0, 'case file of household T95-1 opened'),
        (0, 'case file of household T95-1 updated'),
        (0, 'case file of household T95-1 is unchanged'),
        (3, 'circumstances is longer than 4000 characters'),
        (0, 'plan item (livelihood) added to the case file of household T95-1'),
        (3, 'plan item kind ''lottery'' is not valid: use livelihood, housing, employment, training, health, education, loan, assistance or other'),
        (0, 'plan item 95000000-0000-7000-8000-000000000505 updated (livelihood, done)'),
        (3, 'due date ''2025-02-30'' is not a real date'),
        (0, 'note of 2024-10-01 added to the case file of household T95-1'),
        (3, 'note date 2099-10-01 is in the future') $$,
    'case file writes and their refusals');
SELECT results_eq(
    $$ SELECT part, status, on_date, text1, text2 FROM ansinh_api.casefile_get('VT', NULL, 'T95-1') $$,
    $$ VALUES ('household', 'near-poor', NULL, E'Chồng khuyết tật nặng.\nHai con đi học.', 'Nhà thuê 12 m²'),
              ('expected', 'listed', NULL, 'needs a stall', NULL),
              ('plan', 'done', NULL, 'Tủ kính bán hàng', NULL),
              ('note', NULL, '2024-10-01', 'Thăm hộ; đối thoại về sinh kế', NULL) $$,
    'casefile_get: the household and its texts, the expected-exit entries, the plan, the notes');
SELECT throws_ok(
    $$ UPDATE ansinh.casefile_note SET body = 'changed' $$,
    '42501', NULL, 'the API''s owner may not change a note');

-- ---------------------------------------------------------------- row-level security
SELECT ansinh_test.context('ward', 'AK', 'An Khê office', NULL, NULL);
SELECT is_empty($$ SELECT * FROM ansinh.poverty_assessment WHERE ward_code = 'VT' $$,
                'ward AK cannot read VT''s assessments');
SELECT is_empty($$ SELECT * FROM ansinh.poverty_classification WHERE ward_code = 'VT' $$,
                'nor their classification');
SELECT is_empty($$ SELECT * FROM ansinh.expected_exit WHERE ward_code = 'VT' $$, 'nor VT''s expected-exit list');
SELECT is_empty($$ SELECT * FROM ansinh.casefile_note WHERE ward_code = 'VT' $$, 'nor its case file notes');
SELECT is_empty($$ SELECT * FROM ansinh.poverty_recognition WHERE ward_code = 'VT' $$, 'nor its recognitions');
SELECT is((SELECT sum(poor)::integer FROM ansinh.poverty_report(2024)), 0,
          'and VT''s households count for nothing in AK''s report');
SELECT is(count(*)::integer, 5, 'while every session reads the standards')
  FROM ansinh.poverty_standard;
SELECT throws_ok(
    $$ INSERT INTO ansinh.poverty_assessment (ward_code, id, household_id, year, assessed_on, area, income_vnd)
       VALUES ('VT', gen_random_uuid(), '95000000-0000-7000-8000-000000000002', 2025, '2025-01-01', 'urban', 1) $$,
    '42501', NULL, 'ward AK cannot insert a VT assessment in direct SQL');
SELECT throws_ok(
    $$ INSERT INTO ansinh.poverty_recognition (ward_code, id, household_id, assessment_id, year, standard_code, area,
                                               classification, status, recognized_on, recorded_by)
       VALUES ('AK', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 2024, 'central-2022', 'urban', 'poor',
               'poor', '2024-12-20', 'x') $$,
    '42501', NULL, 'a ward session cannot insert a recognition even in its own ward');
SELECT ansinh_test.context('auditor', NULL, 'auditor', NULL, NULL);
SELECT is((SELECT count(*)::integer FROM ansinh.poverty_assessment WHERE ward_code = 'VT'), 11,
          'an auditor reads every ward''s assessments');
SELECT is((ansinh_api.assessment_create('a9500000-0000-7000-8000-000000000601', '95000000-0000-7000-8000-000000000601',
              'VT', NULL, 'T95-6', 2025, '2025-11-01', 'urban', 1, '{}', NULL, NULL)).code,
          7, 'and writes none');
RESET ROLE;

SET LOCAL ROLE analyst;
SELECT is((SELECT count(*)::integer FROM ansinh.poverty_classification WHERE ward_code = 'VT'), 21,
          'analysts read the classification of every ward without a context');
SELECT is((SELECT poor_exits FROM ansinh.poverty_report(2024, 'VT') WHERE standard_code = 'central-2022'), 2,
          'and run the report functions');
SELECT throws_ok($$ INSERT INTO ansinh.casefile_note (ward_code, id, household_id, noted_on, body, recorded_by)
                    VALUES ('VT', gen_random_uuid(), '95000000-0000-7000-8000-000000000001', '2024-01-01', 'x', 'x') $$,
                 '42501', NULL, 'analysts cannot write');
SELECT throws_ok($$ SELECT * FROM ansinh_api.standard_list(0) $$, '42501', NULL,
                 'analysts cannot call the daemon''s functions');
RESET ROLE;

-- ---------------------------------------------------------------- privileges and shape
SELECT is_empty(
    $$ SELECT t FROM unnest(ARRAY['ansinh.poverty_standard', 'ansinh.poverty_recognition', 'ansinh.casefile_note']) AS t
        WHERE has_table_privilege('ansinh_api_owner', t, 'UPDATE')
           OR NOT has_table_privilege('ansinh_api_owner', t, 'INSERT') $$,
    'the API''s owner may INSERT but not UPDATE standards, recognitions and notes');
SELECT ok(has_table_privilege('ansinh_api_owner', 'ansinh.poverty_assessment', 'SELECT, INSERT, UPDATE')
          AND has_table_privilege('ansinh_api_owner', 'ansinh.expected_exit', 'SELECT, INSERT, UPDATE')
          AND has_table_privilege('ansinh_api_owner', 'ansinh.casefile', 'SELECT, INSERT, UPDATE')
          AND has_table_privilege('ansinh_api_owner', 'ansinh.casefile_plan_item', 'SELECT, INSERT, UPDATE'),
          'the API''s owner may read, insert and update assessments, the expected-exit list, case files and plans');
SELECT ok(NOT has_table_privilege('ansinh_api_owner', 'ansinh.poverty_indicator', 'INSERT')
          AND has_table_privilege('ansinh_analyst', 'ansinh.poverty_indicator', 'SELECT'),
          'the indicators are read-only reference data');
SELECT ok(relrowsecurity AND relforcerowsecurity, 'row-level security is forced on poverty_standard')
  FROM pg_class WHERE oid = 'ansinh.poverty_standard'::regclass;
SELECT is_empty(
    $$ SELECT p.oid::regprocedure FROM pg_proc AS p
        WHERE p.pronamespace = 'ansinh_api'::regnamespace
          AND p.proname IN ('standard_create', 'assessment_create', 'recognition_create', 'expected_exit_set',
                            'casefile_set', 'plan_item_create', 'plan_item_update', 'casefile_note_create')
          AND p.prorettype <> 'ansinh_api.outcome'::regtype $$,
    'the new write functions return ansinh_api.outcome');
SELECT results_eq(
    $$ SELECT count(*)::integer FROM pg_proc
        WHERE pronamespace = 'ansinh_api'::regnamespace
          AND proname IN ('standard_create', 'standard_list', 'indicator_list', 'assessment_create', 'assessment_get',
                          'assessment_list', 'recognition_create', 'expected_exit_set', 'household_list_expected',
                          'casefile_set', 'plan_item_create', 'plan_item_update', 'casefile_note_create',
                          'casefile_get', 'poverty_report') $$,
    $$ VALUES (15) $$,
    'the fifteen API functions of the poverty family exist');
SELECT results_eq(
    $$ SELECT actor, role, request_id FROM ansinh.audit_event
        WHERE table_name = 'poverty_recognition' AND record_id = '95000000-0000-7000-8000-000000000402' $$,
    $$ VALUES ('district office', 'district', 'a9500000-0000-7000-8000-000000000402'::uuid) $$,
    'a recognition is audited with the district''s actor, role and request');
SELECT set_eq(
    $$ SELECT DISTINCT table_name FROM ansinh.audit_event WHERE ward_code = 'VT' $$,
    ARRAY['household', 'household_status', 'poverty_assessment', 'poverty_recognition', 'expected_exit', 'casefile',
          'casefile_plan_item', 'casefile_note'],
    'every write of the review left audit events');

SELECT * FROM finish();
ROLLBACK;
