-- 30_household_api.sql — household_create/update/get/list/history as the
-- daemon calls them: idempotency by request_id, re-creating a record, the
-- status codes and their messages, the status history, the output formats.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(43);

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'HK', 'Hòa Khê office', NULL, NULL);

-- ---------------------------------------------------------------- create, replay, re-create
SELECT results_eq(
    $$ SELECT * FROM ansinh_api.household_create(
           'a3000000-0000-7000-8000-000000000001', '30000000-0000-7000-8000-000000000001', 'HK', 'T30-001',
           '  Phạm   Thị Năm ', 7, ' K45/2 Điện Biên Phủ ', '0236 3 123 456', false, true, 'poor', '2023-03-01') $$,
    $$ VALUES (0, 'household T30-001 created in ward HK', '30000000-0000-7000-8000-000000000001'::uuid, 'HK', false) $$,
    'household_create: OK');
SELECT results_eq(
    $$ SELECT ward_code, code, head_name, residential_group, address, phone, policy, special_difficulty,
              status, status_since, member_count
         FROM ansinh_api.household_get(NULL, '30000000-0000-7000-8000-000000000001', NULL) $$,
    $$ VALUES ('HK', 'T30-001', 'Phạm Thị Năm', 7, 'K45/2 Điện Biên Phủ', '0236 3 123 456', false, true,
               'poor', '2023-03-01', 0) $$,
    'the household is stored with its name and address cleaned');
SELECT ok(created_at ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$' AND updated_at = created_at,
          'timestamps come back as RFC 3339 UTC')
  FROM ansinh_api.household_get('HK', NULL, 'T30-001');

SELECT results_eq(
    $$ SELECT * FROM ansinh_api.household_create(
           'a3000000-0000-7000-8000-000000000001', '30000000-0000-7000-8000-000000000001', 'HK', 'T30-001',
           'Phạm Thị Năm', 7, 'K45/2 Điện Biên Phủ', '0236 3 123 456', false, true, 'poor', '2023-03-01') $$,
    $$ VALUES (0, 'household T30-001 created in ward HK', '30000000-0000-7000-8000-000000000001'::uuid, 'HK', true) $$,
    'a replayed request_id returns the stored outcome with replayed = true');
SELECT is((ansinh_api.household_create(
              'a3000000-0000-7000-8000-000000000001', '30000000-0000-7000-8000-0000000000ff', 'HK', 'T30-FFF',
              'Ai Đó', NULL, NULL, NULL, NULL, NULL, 'none', NULL)).replayed,
          true, 'a replay returns the stored outcome even if the body differs');
SELECT is(count(*)::integer, 1, 'the household was written once')
  FROM ansinh.household WHERE code IN ('T30-001', 'T30-FFF');
SELECT is(count(*)::integer, 1, 'its status history was written once')
  FROM ansinh.household_status WHERE household_id = '30000000-0000-7000-8000-000000000001';
SELECT is(count(*)::integer, 2, 'and audited once (household and status)')
  FROM ansinh.audit_event WHERE record_id = '30000000-0000-7000-8000-000000000001';
SELECT is(count(*)::integer, 1, 'the request log has the request once')
  FROM ansinh.request_log WHERE request_id = 'a3000000-0000-7000-8000-000000000001';

SELECT results_eq(
    $$ SELECT code, replayed FROM ansinh_api.household_create(
           'a3000000-0000-7000-8000-000000000002', '30000000-0000-7000-8000-000000000001', NULL, 'T30-001',
           'Phạm Thị Năm', 7, 'K45/2 Điện Biên Phủ', '0236 3 123 456', false, true, 'poor', NULL) $$,
    $$ VALUES (0, false) $$,
    'creating the same id again with identical content is OK (ward and status date may be left out)');
SELECT is((ansinh_api.household_create(
              'a3000000-0000-7000-8000-000000000003', '30000000-0000-7000-8000-000000000001', 'HK', 'T30-001',
              'Phạm Thị Năm', 8, 'K45/2 Điện Biên Phủ', '0236 3 123 456', false, true, 'poor', '2023-03-01')),
          ROW(6, 'household 30000000-0000-7000-8000-000000000001 already exists in ward HK (code T30-001) with different content',
              '30000000-0000-7000-8000-000000000001'::uuid, 'HK', false)::ansinh_api.outcome,
          'creating the same id with different content is ALREADY_EXISTS');
SELECT is((ansinh_api.household_create(
              'a3000000-0000-7000-8000-000000000004', '30000000-0000-7000-8000-000000000002', 'HK', 'T30-001',
              'Người Khác', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)).message,
          'household code ''T30-001'' already exists in ward HK',
          'a second household with the same code is ALREADY_EXISTS, naming code and ward');
SELECT is(count(*)::integer, 1, 'refused requests are not logged')
  FROM ansinh.request_log
 WHERE request_id IN ('a3000000-0000-7000-8000-000000000001', 'a3000000-0000-7000-8000-000000000003',
                      'a3000000-0000-7000-8000-000000000004');

-- ---------------------------------------------------------------- invalid arguments
SELECT results_eq(
    $$ SELECT (o).code, (o).message
         FROM (VALUES
           (ansinh_api.household_create(NULL, '30000000-0000-7000-8000-000000000003', 'HK', 'T30-X',
                'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000011', NULL, 'HK', 'T30-X',
                'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000012', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30 X', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000013', '30000000-0000-7000-8000-000000000003',
                'HK', '30000000000070008000000000000003', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000014', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30-X', '   ', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000015', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30-X', 'Tên', 1000, NULL, NULL, NULL, NULL, 'poor', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000016', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30-X', 'Tên', NULL, NULL, '12-34', NULL, NULL, 'poor', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000017', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30-X', 'Tên', NULL, NULL, NULL, NULL, NULL, 'rich', NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000018', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30-X', 'Tên', NULL, NULL, NULL, NULL, NULL, NULL, NULL)),
           (ansinh_api.household_create('a3000000-0000-7000-8000-000000000019', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30-X', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', '2999-01-01')),
           (ansinh_api.household_create('a3000000-0000-7000-8000-00000000001a', '30000000-0000-7000-8000-000000000003',
                'HK', 'T30-X', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', '1899-12-31'))
         ) AS t (o) $$,
    $$ VALUES
        (3, 'request ID is required'),
        (3, 'household id is required'),
        (3, 'household code ''T30 X'' is not valid: use 1 to 32 letters, digits, ''-'', ''_'', ''/'' or ''.'''),
        (3, 'household code ''30000000000070008000000000000003'' must not look like a UUID'),
        (3, 'head name is required'),
        (3, 'residential group 1000 is out of range: use 1 to 999'),
        (3, 'phone ''12-34'' is not valid: use 8 to 15 digits, with an optional leading ''+'' and spaces, ''.'' or ''-'''),
        (3, 'household status ''rich'' is not valid: use poor, near-poor or none'),
        (3, 'household status is required: poor, near-poor or none'),
        (3, 'status date 2999-01-01 is in the future'),
        (3, 'status date 1899-12-31 is before 1900-01-01') $$,
    'invalid arguments are INVALID_ARGUMENT with a sentence naming the field');
SELECT is_empty($$ SELECT * FROM ansinh.household WHERE id = '30000000-0000-7000-8000-000000000003' $$,
                'and nothing was written');

-- ---------------------------------------------------------------- permission
SELECT is((ansinh_api.household_create('a3000000-0000-7000-8000-000000000020', '30000000-0000-7000-8000-000000000004',
              'XH', 'T30-XH', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)),
          ROW(7, 'a session of ward HK may not write records of ward XH',
              '30000000-0000-7000-8000-000000000004'::uuid, 'XH', false)::ansinh_api.outcome,
          'a ward session writing another ward is PERMISSION_DENIED');
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT is((ansinh_api.household_create('a3000000-0000-7000-8000-000000000021', '30000000-0000-7000-8000-000000000004',
              NULL, 'T30-XH', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)).message,
          'ward code is required', 'a district session must name the ward');
SELECT is((ansinh_api.household_create('a3000000-0000-7000-8000-000000000022', '30000000-0000-7000-8000-000000000004',
              'ZZ', 'T30-XH', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)).message,
          'ward ''ZZ'' does not exist', 'an unknown ward is INVALID_ARGUMENT');
SELECT ansinh_test.context('auditor', NULL, 'inspector', NULL, NULL);
SELECT is((ansinh_api.household_create('a3000000-0000-7000-8000-000000000023', '30000000-0000-7000-8000-000000000004',
              'HK', 'T30-XH', 'Tên', NULL, NULL, NULL, NULL, NULL, 'poor', NULL)).code,
          7, 'an auditor cannot create');

-- ---------------------------------------------------------------- update
SELECT ansinh_test.context('ward', 'HK', 'Hòa Khê office', NULL, NULL);
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000030', NULL, NULL, 'T30-001',
              NULL, NULL, NULL, NULL, NULL, NULL, 'near-poor', '2024-01-15', NULL)),
          ROW(0, 'household T30-001 in ward HK updated', '30000000-0000-7000-8000-000000000001'::uuid, 'HK', false)::ansinh_api.outcome,
          'household_update by code: OK');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000030', NULL, NULL, 'T30-001',
              NULL, NULL, NULL, NULL, NULL, NULL, 'near-poor', '2024-01-15', NULL)).replayed,
          true, 'a replayed update is not applied again');
SELECT results_eq(
    $$ SELECT status, since, recorded_by FROM ansinh_api.household_history('HK', '30000000-0000-7000-8000-000000000001') $$,
    $$ VALUES ('poor', '2023-03-01', 'Hòa Khê office'), ('near-poor', '2024-01-15', 'Hòa Khê office') $$,
    'a new status adds a history row');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000031', '30000000-0000-7000-8000-000000000001',
              'HK', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'near-poor', '2024-02-01', NULL)).code,
          0, 'giving the current status again is OK');
SELECT is(count(*)::integer, 2, 'and adds no history row')
  FROM ansinh_api.household_history('HK', '30000000-0000-7000-8000-000000000001');
SELECT is(status_since, '2024-01-15', 'nor changes the status date')
  FROM ansinh_api.household_get('HK', '30000000-0000-7000-8000-000000000001', NULL);

SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000032', '30000000-0000-7000-8000-000000000001',
              NULL, NULL, 'Phạm Thị  Năm', 0, '', '', true, NULL, NULL, NULL, 'T30-001A')).code,
          0, 'update: rename, clear group/address/phone, set policy');
SELECT results_eq(
    $$ SELECT code, head_name, residential_group, address, phone, policy, special_difficulty, status
         FROM ansinh_api.household_get('HK', '30000000-0000-7000-8000-000000000001', NULL) $$,
    $$ VALUES ('T30-001A', 'Phạm Thị Năm', NULL::integer, NULL::text, NULL::text, true, true, 'near-poor') $$,
    'NULL leaves a field unchanged, '''' and 0 clear it');

SELECT is((ansinh_api.household_create('a3000000-0000-7000-8000-000000000033', '30000000-0000-7000-8000-000000000005',
              'HK', 'T30-002', 'Võ Văn Sáu', NULL, NULL, NULL, NULL, NULL, 'poor', '2023-01-01')).code,
          0, 'setup: a second household');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000034', '30000000-0000-7000-8000-000000000005',
              NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'T30-001A')).message,
          'household code ''T30-001A'' already exists in ward HK', 'renaming onto an existing code is ALREADY_EXISTS');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000035', '30000000-0000-7000-8000-000000000005',
              NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'middle', NULL, NULL)).code,
          3, 'an invalid status in an update is INVALID_ARGUMENT');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000036', NULL, NULL, 'T30-NONE',
              'Ai', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)),
          ROW(5, 'household ''T30-NONE'' was not found in ward HK', NULL::uuid, 'HK', false)::ansinh_api.outcome,
          'updating an unknown code is NOT_FOUND');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000037', '30000000-0000-7000-8000-0000000000aa',
              NULL, NULL, 'Ai', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).code,
          5, 'updating an unknown id is NOT_FOUND');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000038', '30000000-0000-7000-8000-000000000005',
              NULL, 'T30-001A', 'Ai', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).message,
          'household 30000000-0000-7000-8000-000000000005 has code ''T30-002'', not ''T30-001A''',
          'an id and a code that disagree are INVALID_ARGUMENT');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000039', NULL, NULL, NULL,
              'Ai', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).message,
          'household id or code is required', 'an update must name the household');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000001', '30000000-0000-7000-8000-000000000005',
              NULL, NULL, 'Ai', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)),
          ROW(9, 'request ID a3000000-0000-7000-8000-000000000001 was already used for household_create',
              NULL::uuid, NULL::text, false)::ansinh_api.outcome,
          'a request_id reused for another operation is FAILED_PRECONDITION');

-- ---------------------------------------------------------------- district session
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000040', '30000000-0000-7000-8000-000000000005',
              NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, NULL, NULL, NULL)).ward_code,
          'HK', 'a district session may update by id alone; the outcome names the ward');
SELECT is((ansinh_api.household_update('a3000000-0000-7000-8000-000000000041', NULL, NULL, 'T30-002',
              NULL, NULL, NULL, NULL, NULL, true, NULL, NULL, NULL)).message,
          'ward code is required to find a household by its code', 'by code, a district session must name the ward');

-- ---------------------------------------------------------------- reads
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_list('HK', NULL, NULL, NULL, NULL) WHERE code LIKE 'T30-%' $$,
    ARRAY['T30-001A', 'T30-002'],
    'household_list orders by code');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_list('HK', NULL, 'poor', NULL, NULL) WHERE code LIKE 'T30-%' $$,
    ARRAY['T30-002'],
    'household_list filters by status');
SELECT is_empty(
    $$ SELECT code FROM ansinh_api.household_list('HK', 999, NULL, 10, 0) WHERE code LIKE 'T30-%' $$,
    'household_list filters by residential group');
SELECT is((SELECT count(*)::integer FROM ansinh_api.household_list(NULL, NULL, NULL, 1, 0)), 1,
          'household_list honours limit');
SELECT results_eq(
    $$ SELECT code FROM ansinh_api.household_get('HK', NULL, 'T30-002') $$,
    ARRAY['T30-002'],
    'household_get by ward and code');
SELECT is_empty($$ SELECT * FROM ansinh_api.household_get(NULL, NULL, 'T30-002') $$,
                'household_get by code needs the ward');

SELECT * FROM finish();
ROLLBACK;
