-- 31_outcomes.sql — the named outcome constructors and the write prologue
-- (0001_baseline, part 5): each constructor gives its wire status code, and
-- ansinh.write_prologue answers a replay, a missing request ID and a refused
-- ward exactly as the write functions did with the codes spelled out.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(12);

SET LOCAL ROLE ansinh_api_owner;

SELECT results_eq(
    $$ VALUES (ansinh.ok('m', '31000000-0000-7000-8000-000000000001', 'AK')),
              (ansinh.invalid_argument('m', NULL, NULL)),
              (ansinh.not_found('m', NULL, 'AK')),
              (ansinh.already_exists('m', NULL, NULL)),
              (ansinh.permission_denied('m', NULL, NULL)),
              (ansinh.failed_precondition('m', NULL, NULL)) $$,
    $$ VALUES (ROW(0, 'm', '31000000-0000-7000-8000-000000000001'::uuid, 'AK', false)::ansinh_api.outcome),
              (ROW(3, 'm', NULL, NULL, false)::ansinh_api.outcome),
              (ROW(5, 'm', NULL, 'AK', false)::ansinh_api.outcome),
              (ROW(6, 'm', NULL, NULL, false)::ansinh_api.outcome),
              (ROW(7, 'm', NULL, NULL, false)::ansinh_api.outcome),
              (ROW(9, 'm', NULL, NULL, false)::ansinh_api.outcome) $$,
    'each constructor is ansinh.outcome with its wire status code');

-- A ward session.
SELECT ansinh_test.context('ward', 'AK', 'An Khê office', NULL, NULL);
SELECT is(ansinh.write_prologue(NULL, 'AK', '31000000-0000-7000-8000-000000000002'), NULL,
          'its own ward: go on (NULL)');
SELECT is(ansinh.write_prologue(NULL, 'HK', '31000000-0000-7000-8000-000000000002'),
          ROW(7, 'a session of ward AK may not write records of ward HK',
              '31000000-0000-7000-8000-000000000002'::uuid, 'HK', false)::ansinh_api.outcome,
          'another ward: PERMISSION_DENIED naming both wards, with the record and its ward');
SELECT is(ansinh.write_prologue(ansinh.start_write(NULL, 'household_create'), 'AK', NULL),
          ROW(3, 'request ID is required', NULL, NULL, false)::ansinh_api.outcome,
          'no request ID: what start_write answers comes first');
SELECT is(ansinh.write_prologue(ansinh.start_write(NULL, 'household_create'), 'HK', NULL),
          ROW(3, 'request ID is required', NULL, NULL, false)::ansinh_api.outcome,
          'and comes before the ward''s refusal');

-- The prologue in a write: a write to another ward is refused as before,
-- and a replay answers the stored outcome even where the ward would now be
-- refused.
SELECT results_eq(
    $$ SELECT code, message FROM ansinh_api.household_create(
           'a3100000-0000-7000-8000-000000000001', '31000000-0000-7000-8000-000000000003', 'HK', 'T31-1',
           'Lê Văn Ba', 1, NULL, NULL, false, false, 'poor', '2023-01-01') $$,
    $$ VALUES (7, 'a session of ward AK may not write records of ward HK') $$,
    'household_create in another ward: 7, the same sentence');
SELECT results_eq(
    $$ SELECT code, message, replayed FROM ansinh_api.household_create(
           'a3100000-0000-7000-8000-000000000002', '31000000-0000-7000-8000-000000000004', 'AK', 'T31-2',
           'Lê Văn Bốn', 1, NULL, NULL, false, false, 'poor', '2023-01-01') $$,
    $$ VALUES (0, 'household T31-2 created in ward AK', false) $$,
    'household_create in its own ward: OK');
SELECT results_eq(
    $$ SELECT code, message, replayed FROM ansinh_api.household_create(
           'a3100000-0000-7000-8000-000000000002', '31000000-0000-7000-8000-000000000004', 'AK', 'T31-2',
           'Lê Văn Bốn', 1, NULL, NULL, false, false, 'poor', '2023-01-01') $$,
    $$ VALUES (0, 'household T31-2 created in ward AK', true) $$,
    'the same request again: the stored outcome, replayed');
SELECT is(ansinh.write_prologue(ansinh.start_write('a3100000-0000-7000-8000-000000000002', 'household_create'),
                                'HK', NULL),
          ROW(0, 'household T31-2 created in ward AK', '31000000-0000-7000-8000-000000000004'::uuid, 'AK',
              true)::ansinh_api.outcome,
          'a replay is answered before the ward is judged');
SELECT is((ansinh.write_prologue(ansinh.start_write('a3100000-0000-7000-8000-000000000002', 'member_create'),
                                 'AK', NULL)).code, 9,
          'a request ID used for another operation: FAILED_PRECONDITION');

-- An auditor session writes nothing.
SELECT ansinh_test.context('auditor', NULL, 'Thanh tra', NULL, NULL);
SELECT is(ansinh.write_prologue(NULL, 'AK', NULL),
          ROW(7, 'an auditor session is read-only', NULL, 'AK', false)::ansinh_api.outcome,
          'an auditor: PERMISSION_DENIED, read-only');

-- A district session writes every ward.
SELECT ansinh_test.context('district', NULL, 'Quận', NULL, NULL);
SELECT is(ansinh.write_prologue(NULL, 'HK', NULL), NULL, 'the district: go on');

SELECT * FROM finish();
ROLLBACK;
