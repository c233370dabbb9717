-- 40_member_api.sql — member_create/update/list: households found by id or
-- code, citizen IDs unique in the whole district (a ward is told only the
-- other ward, never the other household), one head per household.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(30);

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'test setup', NULL, NULL);
SELECT is(code, 0, 'setup: ' || message) FROM (VALUES
    (ansinh_api.household_create('a4000000-0000-7000-8000-000000000001', '40000000-0000-7000-8000-000000000001',
        'KT', 'T40-KT-31', 'Trương Văn Hoành', 31, NULL, NULL, false, true, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a4000000-0000-7000-8000-000000000002', '40000000-0000-7000-8000-000000000002',
        'CG', 'T40-CG-1', 'Huỳnh Thị Bảy', 2, NULL, NULL, false, false, 'near-poor', '2023-01-01'))
) AS setup (o)
CROSS JOIN LATERAL (SELECT (o).code, (o).message) AS r;

-- ---------------------------------------------------------------- create
-- (Thanh Khê Tây: a ward session of one ward; Thanh Khê Đông's also holds Hòa Khê's since 2025, 0022, and names the ward to find a household by code.)
SELECT ansinh_test.context('ward', 'KT', 'Thanh Khê Tây office', NULL, NULL);
SELECT results_eq(
    $$ SELECT * FROM ansinh_api.member_create(
           'a4000000-0000-7000-8000-000000000010', '40000000-0000-7000-8000-0000000000a1', NULL, NULL, 'T40-KT-31',
           'Trương  Văn Hoành', '1968-05-04', 'male', '048068000001', 'head', 'severe', false, 'helps run a food stall') $$,
    $$ VALUES (0, 'member Trương Văn Hoành added to household T40-KT-31 in ward KT',
               '40000000-0000-7000-8000-0000000000a1'::uuid, 'KT', false) $$,
    'member_create by household code (the ward defaults to the session''s)');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000011', '40000000-0000-7000-8000-0000000000a2', 'KT',
              '40000000-0000-7000-8000-000000000001', NULL, 'Nguyễn Thị Tám', '1970-09-10', 'female', NULL,
              'spouse', NULL, true, 'food stall')).code,
          0, 'member_create by household id');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000012', '40000000-0000-7000-8000-0000000000a3', 'KT',
              '40000000-0000-7000-8000-000000000001', NULL, 'Trương Thị Chín', NULL, NULL, '', NULL, '', NULL, '')).code,
          0, 'member_create with only a name');
SELECT results_eq(
    $$ SELECT full_name, birth_date, sex, citizen_id, relation, disability, serious_illness, occupation, household_code
         FROM ansinh_api.member_list('KT', NULL, 'T40-KT-31') $$,
    $$ VALUES ('Trương Văn Hoành', '1968-05-04', 'male', '048068000001', 'head', 'severe', false, 'helps run a food stall', 'T40-KT-31'),
              ('Nguyễn Thị Tám', '1970-09-10', 'female', NULL, 'spouse', 'none', true, 'food stall', 'T40-KT-31'),
              ('Trương Thị Chín', NULL, NULL, NULL, NULL, 'none', false, NULL, 'T40-KT-31') $$,
    'member_list: head first, then by birth date; '''' and NULL are "not given"');
SELECT is(member_count, 3, 'household_get counts the members')
  FROM ansinh_api.household_get(NULL, '40000000-0000-7000-8000-000000000001', NULL);

SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000010', '40000000-0000-7000-8000-0000000000a1', NULL, NULL, 'T40-KT-31',
              'Trương Văn Hoành', '1968-05-04', 'male', '048068000001', 'head', 'severe', false, 'helps run a food stall')).replayed,
          true, 'a replayed member_create is not applied again');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000013', '40000000-0000-7000-8000-0000000000a1', NULL, NULL, 'T40-KT-31',
              'Trương Văn Hoành', '1968-05-04', 'male', '048068000001', 'head', 'severe', false, 'helps run a food stall')).code,
          0, 're-creating a member identically is OK');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000014', '40000000-0000-7000-8000-0000000000a1', NULL, NULL, 'T40-KT-31',
              'Trương Văn Hoành', '1968-05-04', 'male', '048068000001', 'head', 'mild', false, 'helps run a food stall')).code,
          6, 're-creating a member with different content is ALREADY_EXISTS');
SELECT is(count(*)::integer, 3, 'still three members')
  FROM ansinh.person WHERE household_id = '40000000-0000-7000-8000-000000000001';

-- ---------------------------------------------------------------- one head
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000015', '40000000-0000-7000-8000-0000000000a4', NULL, NULL, 'T40-KT-31',
              'Trương Văn Mười', NULL, 'male', NULL, 'head', NULL, NULL, NULL)),
          ROW(9, 'household T40-KT-31 already has a head: Trương Văn Hoành',
              '40000000-0000-7000-8000-0000000000a4'::uuid, 'KT', false)::ansinh_api.outcome,
          'a second head is FAILED_PRECONDITION');
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-000000000016', '40000000-0000-7000-8000-0000000000a2', NULL,
              NULL, NULL, NULL, NULL, 'head', NULL, NULL, NULL)).code,
          9, 'making a second member head is FAILED_PRECONDITION');

-- ---------------------------------------------------------------- citizen IDs, district-wide
SELECT ansinh_test.context('ward', 'CG', 'Chính Gián office', NULL, NULL);
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000020', '40000000-0000-7000-8000-0000000000c1', 'CG', NULL, 'T40-CG-1',
              'Huỳnh Văn Bảy', NULL, 'male', '048068000001', 'head', NULL, NULL, NULL)),
          ROW(6, 'citizen ID 048068000001 is already registered in ward KT',
              '40000000-0000-7000-8000-0000000000c1'::uuid, 'CG', false)::ansinh_api.outcome,
          'a citizen ID held in another ward is refused, naming only that ward');
SELECT is_empty($$ SELECT * FROM ansinh.person WHERE citizen_id = '048068000001' $$,
                'and the ward session still cannot see that member');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000021', '40000000-0000-7000-8000-0000000000c1', 'CG', NULL, 'T40-CG-1',
              'Huỳnh Văn Bảy', NULL, 'male', '048000000002', 'head', NULL, NULL, NULL)).code,
          0, 'a fresh citizen ID is accepted');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000022', '40000000-0000-7000-8000-0000000000c2', 'CG', NULL, 'T40-CG-1',
              'Lê Văn Út', NULL, 'male', '048000000002', 'child', NULL, NULL, NULL)).message,
          'citizen ID 048000000002 is already registered in ward CG (household T40-CG-1)',
          'within its own ward, the session is told the household too');
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000023', '40000000-0000-7000-8000-0000000000c3', 'CG', NULL, 'T40-CG-1',
              'Lê Văn Út', NULL, 'male', '048068000001', 'child', NULL, NULL, NULL)).message,
          'citizen ID 048068000001 is already registered in ward KT (household T40-KT-31)',
          'a district session is told the ward and the household');

SELECT ansinh_test.context('ward', 'CG', 'Chính Gián office', NULL, NULL);
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-000000000024', '40000000-0000-7000-8000-0000000000c1', NULL,
              NULL, NULL, NULL, '048068000001', NULL, NULL, NULL, NULL)).message,
          'citizen ID 048068000001 is already registered in ward KT',
          'member_update to a citizen ID held in another ward is refused the same way');
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-000000000025', '40000000-0000-7000-8000-0000000000c1', NULL,
              NULL, NULL, NULL, '40000000000X', NULL, NULL, NULL, NULL)).message,
          'citizen ID ''40000000000X'' is not valid: it must be exactly 12 digits',
          'a malformed citizen ID is INVALID_ARGUMENT');

-- ---------------------------------------------------------------- update
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-000000000026', '40000000-0000-7000-8000-0000000000c1', NULL,
              'Huỳnh Văn  Bảy', '1980-01-31', NULL, '', NULL, 'mild', true, 'lottery-ticket seller')),
          ROW(0, 'member Huỳnh Văn Bảy updated', '40000000-0000-7000-8000-0000000000c1'::uuid, 'CG', false)::ansinh_api.outcome,
          'member_update: OK');
SELECT results_eq(
    $$ SELECT full_name, birth_date, sex, citizen_id, relation, disability, serious_illness, occupation
         FROM ansinh_api.member_list(NULL, '40000000-0000-7000-8000-000000000002', NULL) $$,
    $$ VALUES ('Huỳnh Văn Bảy', '1980-01-31', 'male', NULL::text, 'head', 'mild', true, 'lottery-ticket seller') $$,
    'NULL leaves a field unchanged, '''' clears the citizen ID');
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-000000000027', '40000000-0000-7000-8000-0000000000c1', NULL,
              NULL, NULL, NULL, NULL, NULL, NULL, NULL, '')).code,
          0, 'clearing the occupation');
SELECT is(occupation, NULL, 'occupation cleared')
  FROM ansinh_api.member_list(NULL, '40000000-0000-7000-8000-000000000002', NULL);
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-000000000028', '40000000-0000-7000-8000-0000000000c1', NULL,
              NULL, '2999-01-01', 'other', NULL, 'cousin', 'total', NULL, NULL)).message,
          'birth date 2999-01-01 is in the future', 'the first invalid field is named');
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-000000000029', '40000000-0000-7000-8000-0000000000c1', NULL,
              NULL, NULL, NULL, NULL, 'cousin', NULL, NULL, NULL)).message,
          'relation ''cousin'' is not valid: use head, spouse, child, parent, grandchild or other',
          'an unknown relation is INVALID_ARGUMENT');
SELECT is((ansinh_api.member_update(
              'a4000000-0000-7000-8000-00000000002a', '40000000-0000-7000-8000-0000000000a1', NULL,
              'Đổi Tên', NULL, NULL, NULL, NULL, NULL, NULL, NULL)).code,
          5, 'a CG session cannot update a KT member: NOT_FOUND');

-- ---------------------------------------------------------------- household lookups
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000030', '40000000-0000-7000-8000-0000000000c4', 'CG', NULL, 'T40-NONE',
              'Ai Đó', NULL, NULL, NULL, NULL, NULL, NULL, NULL)).message,
          'household ''T40-NONE'' was not found in ward CG', 'an unknown household code is NOT_FOUND');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000031', '40000000-0000-7000-8000-0000000000c4', NULL,
              '40000000-0000-7000-8000-000000000001', NULL,
              'Ai Đó', NULL, NULL, NULL, NULL, NULL, NULL, NULL)).code,
          5, 'another ward''s household id is NOT_FOUND for a ward session');
SELECT is((ansinh_api.member_create(
              'a4000000-0000-7000-8000-000000000032', '40000000-0000-7000-8000-0000000000c4', 'KT', NULL, 'T40-KT-31',
              'Ai Đó', NULL, NULL, NULL, NULL, NULL, NULL, NULL)).code,
          7, 'naming another ward is PERMISSION_DENIED');

SELECT * FROM finish();
ROLLBACK;
