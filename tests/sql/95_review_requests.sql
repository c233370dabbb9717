-- 95_review_requests.sql — ad-hoc review requests (0026): create, replay,
-- re-create with other content, the household in the session's wards, the
-- date and reason rules, the list with the assessment that followed, the
-- review status's requests and requests_open, row-level security in direct
-- SQL, no UPDATE or DELETE, the analysts' read.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(14);

-- ---------------------------------------------------------------- setup
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
SELECT is(count(*)::integer, 2, 'setup: a household in AK and one in CG')
  FROM (VALUES ('AK', 1), ('CG', 2)) AS h (w, n)
 CROSS JOIN LATERAL ansinh_api.household_create(('a9520000-0000-7000-8000-00000000010' || h.n)::uuid,
        ('95200000-0000-7000-8000-00000000010' || h.n)::uuid, h.w, 'T952-' || h.n, 'Hộ ' || h.n, 1, NULL, NULL,
        false, false, 'poor', '2023-01-10') AS o
 WHERE o.code = 0;

-- ---------------------------------------------------------------- create, replay, refusals
SELECT ansinh_test.context('ward', 'AK', 'T952 An Khê', NULL, NULL);
SELECT results_eq(
    $$ SELECT code, ward_code, replayed FROM ansinh_api.review_request_create('a9520000-0000-7000-8000-000000000201',
           '95200000-0000-7000-8000-000000000201', NULL, NULL, 'T952-1', '2025-03-10', '  mất việc  ') $$,
    $$ VALUES (0, 'AK', false) $$,
    'review_request_create: OK (household by code, ward from the session)');
SELECT is((SELECT reason FROM ansinh.review_request WHERE id = '95200000-0000-7000-8000-000000000201'), 'mất việc',
          'the reason is stored trimmed');
SELECT is((ansinh_api.review_request_create('a9520000-0000-7000-8000-000000000201',
           '95200000-0000-7000-8000-0000000002ff', NULL, NULL, 'T952-1', NULL, NULL)).replayed,
          true, 'a replayed request_id returns the stored outcome');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.review_request_create('a9520000-0000-7000-8000-000000000202',
           '95200000-0000-7000-8000-000000000201', NULL, NULL, 'T952-1', '2025-03-10', 'mất việc') $$,
    $$ VALUES (0) $$, 'the same request again under a new request_id: OK');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.review_request_create('a9520000-0000-7000-8000-000000000203',
           '95200000-0000-7000-8000-000000000201', NULL, NULL, 'T952-1', '2025-03-11', 'mất việc') $$,
    $$ VALUES (6) $$, 'the same id with another date: 6 (already exists)');
SELECT results_eq(
    $$ SELECT code, message FROM ansinh_api.review_request_create('a9520000-0000-7000-8000-000000000204',
           '95200000-0000-7000-8000-000000000204', NULL, '95200000-0000-7000-8000-000000000102', NULL, NULL, NULL) $$,
    $$ VALUES (5, 'household 95200000-0000-7000-8000-000000000102 was not found in ward AK') $$,
    'another ward''s household is not found (5)');
SELECT results_eq(
    $$ SELECT code, message FROM ansinh_api.review_request_create('a9520000-0000-7000-8000-000000000205',
           '95200000-0000-7000-8000-000000000205', NULL, NULL, 'T952-1', NULL, repeat('x', 1001)) $$,
    $$ VALUES (3, 'reason is longer than 1000 characters') $$,
    'a reason longer than 1000 characters (3, named)');

-- ---------------------------------------------------------------- followed, open, review status
SELECT results_eq(
    $$ SELECT household_code, followed_on FROM ansinh_api.review_request_list('AK', 2025, true, 0, 0) $$,
    $$ VALUES ('T952-1', NULL::text) $$, 'open before any assessment');
SELECT is((ansinh_api.assessment_create('a9520000-0000-7000-8000-000000000301',
           '95200000-0000-7000-8000-000000000301', 'AK', NULL, 'T952-1', 2025, '2025-03-10', 'urban', 1500000,
           '{}', NULL, NULL)).code, 0, 'setup: an assessment for 2025 dated on the day of the request');
SELECT results_eq(
    $$ SELECT followed_on, assessment_id FROM ansinh_api.review_request_list('AK', 2025, false, 0, 0) $$,
    $$ VALUES ('2025-03-10', '95200000-0000-7000-8000-000000000301'::uuid) $$,
    'an assessment dated on the day of the request follows it');
SELECT results_eq(
    $$ SELECT requests, requests_open FROM ansinh_api.review_status('AK', 2025) $$,
    $$ VALUES (1, 0) $$, 'review_status: one request in 2025, none open');

-- ---------------------------------------------------------------- direct SQL
SELECT throws_ok(
    $$ INSERT INTO ansinh.review_request (ward_code, id, household_id, requested_on)
       VALUES ('CG', '95200000-0000-7000-8000-0000000004f1', '95200000-0000-7000-8000-000000000102', '2025-01-01') $$,
    '42501', NULL, 'a ward session cannot insert another ward''s request');

RESET ROLE;
SET LOCAL ROLE analyst;
SELECT is((SELECT count(*)::integer FROM ansinh.review_request WHERE id = '95200000-0000-7000-8000-000000000201'), 1,
          'analysts read the requests');

SELECT * FROM finish();
ROLLBACK;
