-- 97_unit_tokens.sql — row-level security across merges (0022): a token of
-- Thanh Khê ward (TH, 2025) reads and writes the records of the nine old
-- wards merged into it; An Khê ward (AN) those of An Khê (AK) and not Hòa
-- Khê's; an old ward keeps what it held; district sessions everything; the
-- policies read the session's wards once per statement, as an index
-- condition.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(23);

-- ---------------------------------------------------------------- setup
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
SELECT is(count(*)::integer, 4, 'setup: households of 2023 in HK, VT, AK and one of 2026 in TH')
  FROM (VALUES ('HK', 1), ('VT', 2), ('AK', 3), ('TH', 4)) AS h (w, n)
 CROSS JOIN LATERAL ansinh_api.household_create(('a9710000-0000-7000-8000-00000000010' || h.n)::uuid,
        ('97100000-0000-7000-8000-00000000010' || h.n)::uuid, h.w, 'T971-' || h.n, 'Hộ ' || h.n, 1, NULL, NULL,
        false, false, 'poor', CASE WHEN h.w = 'TH' THEN '2026-02-01' ELSE '2023-01-10' END::date) AS o
 WHERE o.code = 0;

SELECT results_eq(
    $$ SELECT ansinh.ward_covers('TH', '2026-12-02'), ansinh.ward_covers('AN', '2026-12-02'),
              ansinh.ward_covers('KD', '2026-12-02'), ansinh.ward_covers('KD', '2024-12-31') $$,
    $$ VALUES (ARRAY['CG', 'HK', 'KD', 'KT', 'TC', 'TG', 'TH', 'TT', 'VT', 'XH'], ARRAY['AK', 'AN'],
               ARRAY['HK', 'KD'], ARRAY['KD']) $$,
    'the ward codes each unit holds: TH the nine old wards, AN An Khê, KD Hòa Khê from 2025');

-- ---------------------------------------------------------------- Thanh Khê ward
SELECT ansinh_test.context('ward', 'TH', 'Thanh Khê ward office', NULL, NULL);
SELECT set_eq($$ SELECT ward_code FROM ansinh.household WHERE code LIKE 'T971-%' $$,
              ARRAY['HK', 'VT', 'TH'],
              'Thanh Khê ward sees the 2023 records of Hòa Khê and Vĩnh Trung, and its own');
SELECT is_empty($$ SELECT * FROM ansinh.household WHERE id = '97100000-0000-7000-8000-000000000103' $$,
                'Thanh Khê ward does not see An Khê''s');
SELECT is(ansinh.write_refusal('HK'), NULL, 'Thanh Khê ward may write Hòa Khê''s records');
SELECT is(ansinh.write_refusal('AK'), 'a session of ward TH may not write records of ward AK',
          'and not An Khê''s');
SELECT is(ansinh.request_ward(NULL), NULL,
          'naming no ward, Thanh Khê ward looks in every ward it holds');
SELECT results_eq(
    $$ SELECT o.code, o.ward_code FROM ansinh_api.household_update(
           'a9710000-0000-7000-8000-000000000201', '97100000-0000-7000-8000-000000000101', NULL, NULL,
           NULL, 7, NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS o $$,
    $$ VALUES (0, 'HK') $$,
    'Thanh Khê ward updates a Hòa Khê household found by id; the record stays Hòa Khê''s');
SELECT results_eq(
    $$ SELECT ward_code, residential_group::integer FROM ansinh.household
        WHERE id = '97100000-0000-7000-8000-000000000101' $$,
    $$ VALUES ('HK', 7) $$,
    'never re-keyed');
SELECT results_eq(
    $$ SELECT ward_code, table_name, action FROM ansinh.audit_event
        WHERE request_id = 'a9710000-0000-7000-8000-000000000201' AND table_name = 'household' $$,
    $$ VALUES ('HK', 'household', 'update') $$,
    'its audit event is Hòa Khê''s, in Hòa Khê''s chain');
SELECT results_eq(
    $$ SELECT o.code, o.ward_code FROM ansinh_api.household_create(
           'a9710000-0000-7000-8000-000000000202', '97100000-0000-7000-8000-000000000105', 'TH', 'T971-5',
           'Hộ 5', 2, NULL, NULL, false, false, 'none', '2026-11-01') AS o $$,
    $$ VALUES (0, 'TH') $$,
    'a new household goes to the ward the request names, Thanh Khê ward''s own');
SELECT results_eq(
    $$ SELECT o.code FROM ansinh_api.household_update(
           'a9710000-0000-7000-8000-000000000203', '97100000-0000-7000-8000-000000000103', NULL, NULL,
           NULL, 7, NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS o $$,
    $$ VALUES (5) $$,
    'An Khê''s household is not found for Thanh Khê ward');
SELECT throws_ok(
    $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
       VALUES ('AK', '97100000-0000-7000-8000-0000000001f1', 'T971-X', 'Kẻ Lạ', 'poor', '2026-01-01') $$,
    '42501', 'new row violates row-level security policy for table "household"',
    'direct SQL: Thanh Khê ward cannot insert an An Khê household');

-- ---------------------------------------------------------------- An Khê ward
SELECT ansinh_test.context('ward', 'AN', 'An Khê ward office', NULL, NULL);
SELECT set_eq($$ SELECT ward_code FROM ansinh.household WHERE code LIKE 'T971-%' $$,
              ARRAY['AK'],
              'An Khê ward sees An Khê''s 2023 records and not Hòa Khê''s');
SELECT is_empty($$ SELECT * FROM ansinh.audit_event WHERE ward_code = 'HK' $$,
                'nor Hòa Khê''s audit events');
SELECT is(ansinh.write_refusal('HK'), 'a session of ward AN may not write records of ward HK',
          'nor may it write them');

-- ---------------------------------------------------------------- old wards, district
SELECT ansinh_test.context('ward', 'KD', 'Thanh Khê Đông office', NULL, NULL);
SELECT set_eq($$ SELECT ward_code FROM ansinh.household WHERE code LIKE 'T971-%' $$,
              ARRAY['HK'],
              'an old ward''s token (Thanh Khê Đông) holds what merged into it (Hòa Khê), not its successor''s');
SELECT ansinh_test.context('ward', 'VT', 'Vĩnh Trung office', NULL, NULL);
SELECT set_eq($$ SELECT ward_code FROM ansinh.household WHERE code LIKE 'T971-%' $$,
              ARRAY['VT'],
              'Vĩnh Trung''s old token still sees its own records');
SELECT ansinh_test.context('district', NULL, 'city office', NULL, NULL);
SELECT is((SELECT count(*)::integer FROM ansinh.household WHERE code LIKE 'T971-%'), 5,
          'a district (city) session sees every ward''s');
SELECT ansinh_test.context('auditor', NULL, 'inspector', NULL, NULL);
SELECT is((SELECT count(*)::integer FROM ansinh.household WHERE code LIKE 'T971-%'), 5,
          'an auditor too');
RESET ROLE;

-- ---------------------------------------------------------------- the policies
SELECT is((SELECT count(*)::integer FROM pg_policy AS p
            WHERE coalesce(pg_get_expr(p.polqual, p.polrelid), '') || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
                  ~ 'context_may_(read|write)(_scope)?\([^()]*, \( SELECT ansinh\.context_role\(\) AS context_role\), \( SELECT ansinh\.context_ward\(\)'),
          0, 'no policy compares with one ward any more');
SELECT ok((SELECT pg_get_expr(p.polqual, p.polrelid) FROM pg_policy AS p
            WHERE p.polrelid = 'ansinh.household'::regclass AND p.polname = 'context_read')
          = 'ansinh.context_may_read(ward_code, ( SELECT ansinh.context_read_wards() AS context_read_wards))',
          'a policy reads the session''s wards once per statement (an init plan)');
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text
    LANGUAGE plpgsql AS $f$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $f$;
-- A predicate no index serves without the ward (household_status_idx is
-- (ward_code, status)); a code alone would let the planner take the
-- code-first index once earlier files' rolled-back rows weigh on its
-- estimates, and the wards go to a filter there.
SET LOCAL enable_seqscan = off;
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'TH', 'Thanh Khê ward office', NULL, NULL);
SELECT ok((SELECT string_agg(l, ' ') FROM (SELECT * FROM pg_temp.plan_of(
              $$ SELECT id FROM ansinh.household WHERE status = 'poor' $$)) AS e (l))
          ~ 'Index Cond: .*ward_code = ANY \(\$',
          'the wards are an index condition (ward_code = ANY (...))');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
