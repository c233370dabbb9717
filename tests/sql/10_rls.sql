-- 10_rls.sql — row-level security holds even in direct SQL: a ward session
-- reads and writes only its own ward; district reads and writes all; an
-- auditor reads all and writes nothing; without a context nothing at all;
-- analysts read everything and write nothing.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(46);

-- ---------------------------------------------------------------- setup
-- Two households in An Khê (AK), one in Chính Gián (CG), each with a member,
-- written through the API by a district session.
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
SELECT is(code, 0, 'setup: ' || message) FROM (VALUES
    (ansinh_api.household_create('a1000000-0000-7000-8000-000000000001', '10000000-0000-7000-8000-000000000001',
        'AK', 'T10-AK-1', 'Nguyễn Văn Một', 1, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a1000000-0000-7000-8000-000000000002', '10000000-0000-7000-8000-000000000002',
        'AK', 'T10-AK-2', 'Nguyễn Văn Hai', 2, NULL, NULL, false, false, 'near-poor', '2023-01-01')),
    (ansinh_api.household_create('a1000000-0000-7000-8000-000000000003', '10000000-0000-7000-8000-000000000003',
        'CG', 'T10-CG-1', 'Trần Thị Ba', 3, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.member_create('a1000000-0000-7000-8000-000000000004', '10000000-0000-7000-8000-0000000000a1',
        'AK', '10000000-0000-7000-8000-000000000001', NULL, 'Nguyễn Văn Một', NULL, 'male', '048000000001',
        'head', NULL, NULL, NULL)),
    (ansinh_api.member_create('a1000000-0000-7000-8000-000000000005', '10000000-0000-7000-8000-0000000000c1',
        'CG', '10000000-0000-7000-8000-000000000003', NULL, 'Trần Thị Ba', NULL, 'female', '048100000003',
        'head', NULL, NULL, NULL))
) AS setup (o)
CROSS JOIN LATERAL (SELECT (o).code, (o).message) AS r;

-- ---------------------------------------------------------------- ward session, direct SQL
SELECT ansinh_test.context('ward', 'AK', 'An Khê office', NULL, NULL);

SELECT set_eq($$ SELECT code FROM ansinh.household WHERE code LIKE 'T10-%' $$,
              ARRAY['T10-AK-1', 'T10-AK-2'],
              'ward AK sees its own households only');
SELECT is_empty($$ SELECT * FROM ansinh.household WHERE id = '10000000-0000-7000-8000-000000000003' $$,
                'ward AK cannot read a CG household by id');
SELECT is_empty($$ SELECT * FROM ansinh.person WHERE ward_code = 'CG' $$,
                'ward AK cannot read CG members');
SELECT is_empty($$ SELECT * FROM ansinh.household_status WHERE ward_code = 'CG' $$,
                'ward AK cannot read CG status history');
SELECT is_empty($$ SELECT * FROM ansinh.audit_event WHERE ward_code <> 'AK' $$,
                'ward AK cannot read other wards'' audit events');
SELECT is_empty($$ SELECT * FROM ansinh.request_log WHERE ward_code <> 'AK' $$,
                'ward AK cannot read other wards'' request log');
SELECT is_empty($$ SELECT * FROM ansinh.household_v WHERE ward_code = 'CG' $$,
                'the analyst view does not lift row-level security for a ward session');

SELECT throws_ok(
    $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
       VALUES ('CG', '10000000-0000-7000-8000-0000000000f1', 'T10-CG-X', 'Kẻ Lạ', 'poor', '2023-01-01') $$,
    '42501', 'new row violates row-level security policy for table "household"',
    'ward AK cannot insert a CG household');
SELECT throws_ok(
    $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name)
       VALUES ('CG', '10000000-0000-7000-8000-0000000000f2', '10000000-0000-7000-8000-000000000003', 'Kẻ Lạ') $$,
    '42501', NULL,
    'ward AK cannot insert a member into a CG household');
SELECT throws_ok(
    $$ INSERT INTO ansinh.audit_event (ward_code, actor, table_name, action, record_id, row_data)
       VALUES ('CG', 'forger', 'household', 'insert', '10000000-0000-7000-8000-000000000003', '{}') $$,
    '42501', NULL,
    'ward AK cannot insert an audit event for CG');
SELECT is_empty(
    $$ UPDATE ansinh.household SET head_name = 'Đổi Tên' WHERE ward_code = 'CG' RETURNING id $$,
    'ward AK updates no CG household (the rows are invisible)');
SELECT throws_ok(
    $$ UPDATE ansinh.household SET ward_code = 'CG' WHERE id = '10000000-0000-7000-8000-000000000001' $$,
    '23000', 'the ward and id of a ansinh.household row cannot change',
    'ward AK cannot move its household into CG (no record ever changes ward)');
SELECT throws_ok(
    $$ DELETE FROM ansinh.household WHERE ward_code = 'AK' $$,
    '42501', 'permission denied for table household',
    'the daemon cannot DELETE even its own ward''s rows');
SELECT lives_ok(
    $$ UPDATE ansinh.household SET phone = '0905000001' WHERE id = '10000000-0000-7000-8000-000000000001' $$,
    'ward AK can update its own household');

-- ---------------------------------------------------------------- ward session, through the API
SELECT is((ansinh_api.household_create('a1000000-0000-7000-8000-000000000010', '10000000-0000-7000-8000-0000000000f3',
              'CG', 'T10-CG-Y', 'Kẻ Lạ', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)).code,
          7, 'API: ward AK creating in CG gets PERMISSION_DENIED');
SELECT is((ansinh_api.household_update('a1000000-0000-7000-8000-000000000011', '10000000-0000-7000-8000-000000000003',
              NULL, NULL, 'Đổi Tên', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).code,
          5, 'API: ward AK updating a CG household finds nothing (NOT_FOUND)');
SELECT is_empty($$ SELECT * FROM ansinh_api.household_get('CG', '10000000-0000-7000-8000-000000000003', NULL) $$,
                'API: ward AK cannot get a CG household');
SELECT is_empty($$ SELECT * FROM ansinh_api.household_list('CG', NULL, NULL, NULL, NULL) $$,
                'API: ward AK lists nothing in CG');
SELECT is_empty($$ SELECT * FROM ansinh_api.member_list(NULL, '10000000-0000-7000-8000-000000000003', NULL) $$,
                'API: ward AK cannot list CG members');
SELECT is_empty($$ SELECT * FROM ansinh_api.household_find('Trần Thị Ba', NULL, NULL) $$,
                'API: ward AK does not find CG households');

-- ---------------------------------------------------------------- district and auditor
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT set_eq($$ SELECT code FROM ansinh.household WHERE code LIKE 'T10-%' $$,
              ARRAY['T10-AK-1', 'T10-AK-2', 'T10-CG-1'],
              'district sees every ward');
SELECT is(head_name, 'Trần Thị Ba', 'the CG household was not renamed by ward AK')
  FROM ansinh.household WHERE id = '10000000-0000-7000-8000-000000000003';
SELECT lives_ok(
    $$ UPDATE ansinh.household SET phone = '0905000003' WHERE id = '10000000-0000-7000-8000-000000000003' $$,
    'district can update any ward');

SELECT ansinh_test.context('auditor', NULL, 'inspector', NULL, NULL);
SELECT set_eq($$ SELECT code FROM ansinh.household WHERE code LIKE 'T10-%' $$,
              ARRAY['T10-AK-1', 'T10-AK-2', 'T10-CG-1'],
              'an auditor sees every ward');
SELECT throws_ok(
    $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
       VALUES ('AK', '10000000-0000-7000-8000-0000000000f4', 'T10-AK-X', 'Kẻ Lạ', 'poor', '2023-01-01') $$,
    '42501', NULL,
    'an auditor cannot insert');
SELECT is_empty(
    $$ UPDATE ansinh.household SET head_name = 'Đổi Tên' WHERE code LIKE 'T10-%' RETURNING id $$,
    'an auditor updates nothing');
SELECT is((ansinh_api.household_update('a1000000-0000-7000-8000-000000000012', '10000000-0000-7000-8000-000000000001',
              NULL, NULL, 'Đổi Tên', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).message,
          'an auditor session is read-only', 'API: an auditor is told it is read-only');

-- ---------------------------------------------------------------- no context
DO $$ BEGIN PERFORM set_config('ansinh.role', '', true), set_config('ansinh.ward', '', true); END $$;
SELECT is_empty($$ SELECT * FROM ansinh.household $$, 'without a context nothing is visible');
SELECT throws_ok(
    $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
       VALUES ('AK', '10000000-0000-7000-8000-0000000000f5', 'T10-AK-Y', 'Kẻ Lạ', 'poor', '2023-01-01') $$,
    '42501', NULL,
    'without a context nothing can be written');
SELECT throws_ok(
    $$ SELECT ansinh_api.household_create('a1000000-0000-7000-8000-000000000013', '10000000-0000-7000-8000-0000000000f6',
           'AK', 'T10-AK-Z', 'Kẻ Lạ', NULL, NULL, NULL, NULL, NULL, 'poor', NULL) $$,
    '42501', NULL,
    'API: a write without a context raises');

-- ---------------------------------------------------------------- the owner obeys too
RESET ROLE;
SET LOCAL ROLE ansinh_owner;
SELECT isnt_empty($$ SELECT * FROM ansinh.household $$, 'the owner reads households as a member of ansinh_analyst (0011)');
SELECT ok(NOT has_table_privilege('ansinh_analyst', 'ansinh.person', 'INSERT'), 'and writes nothing as one');
SELECT is(ansinh.citizen_id_ward('048100000003', NULL, NULL), 'CG',
          'the citizen-ID check sees across wards');

-- ---------------------------------------------------------------- analysts
RESET ROLE;
SET LOCAL ROLE analyst;
SELECT set_eq($$ SELECT code FROM ansinh.household WHERE code LIKE 'T10-%' $$,
              ARRAY['T10-AK-1', 'T10-AK-2', 'T10-CG-1'],
              'an analyst reads every ward without a context');
SELECT is(count(*)::integer, 2, 'an analyst reads the members view')
  FROM ansinh.person_v WHERE household_code LIKE 'T10-%';
SELECT throws_ok(
    $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
       VALUES ('AK', '10000000-0000-7000-8000-0000000000f7', 'T10-AK-W', 'Kẻ Lạ', 'poor', '2023-01-01') $$,
    '42501', 'permission denied for table household', 'an analyst cannot INSERT');
SELECT throws_ok($$ UPDATE ansinh.person SET full_name = 'Đổi Tên' $$,
    '42501', 'permission denied for table person', 'an analyst cannot UPDATE');
SELECT throws_ok($$ DELETE FROM ansinh.household_status $$,
    '42501', 'permission denied for table household_status', 'an analyst cannot DELETE');
SELECT throws_ok($$ SELECT * FROM ansinh.api_token $$,
    '42501', 'permission denied for table api_token', 'an analyst cannot read tokens');
SELECT throws_ok(
    $$ SELECT ansinh_api.household_create('a1000000-0000-7000-8000-000000000014', '10000000-0000-7000-8000-0000000000f8',
           'AK', 'T10-AK-V', 'Kẻ Lạ', NULL, NULL, NULL, NULL, NULL, 'poor', NULL) $$,
    '42501', NULL, 'an analyst cannot call the API');
-- Setting a context changes nothing for an analyst: the privileges still say no.
DO $$ BEGIN PERFORM set_config('ansinh.role', 'district', true); END $$;
SELECT throws_ok($$ UPDATE ansinh.household SET phone = NULL $$,
    '42501', 'permission denied for table household', 'an analyst cannot write even with a forged context');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
