-- 70_ledger.sql — the ledger (0001_baseline, part 6): funds and organizations (a fixed
-- contract, shared, audited in reference_audit_event), needs and their
-- lifecycle, support given (append-only, even for the owner), dialogues;
-- their constraints, row-level security and privileges, and the API.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(125);

-- ---------------------------------------------------------------- the contract
SELECT columns_are('ansinh', 'fund', ARRAY['code', 'name', 'created_at'],
                   'fund has exactly the contract''s columns');
SELECT columns_are('ansinh', 'organization', ARRAY['id', 'name', 'kind', 'ward_code', 'created_at'],
                   'organization has exactly the contract''s columns');
SELECT col_type_is('ansinh', 'fund', 'code', 'text', 'fund.code is text');
SELECT col_is_pk('ansinh', 'fund', 'code', 'fund.code is the primary key');
SELECT col_type_is('ansinh', 'organization', 'id', 'uuid', 'organization.id is a uuid');
SELECT col_is_pk('ansinh', 'organization', 'id', 'organization.id is the primary key');
SELECT col_is_null('ansinh', 'organization', 'ward_code', 'an organization may have no ward');
SELECT fk_ok('ansinh', 'organization', 'ward_code', 'ansinh', 'ward', 'code');
SELECT set_has(
    $$ SELECT code FROM ansinh.fund $$,
    $$ VALUES ('gratitude'), ('poor-fund'), ('social-assurance') $$,
    'the three funds are seeded');
SELECT is((SELECT count(*)::integer FROM ansinh.ward), 12, 'there are still exactly twelve ward codes (the ten old wards, TH and AN: 0022)');
SELECT is((SELECT count(*)::integer FROM ansinh.audit_event
            WHERE scope = 'reference' AND table_name = 'fund' AND record_key IN ('gratitude', 'poor-fund', 'social-assurance')), 3,
          'the seeded funds are in the reference audit trail');

-- ---------------------------------------------------------------- privileges
SELECT ok(has_table_privilege('ansinh_api_owner', 'ansinh.support', 'SELECT, INSERT'),
          'the API''s owner may read and insert support');
SELECT ok(NOT has_table_privilege('ansinh_api_owner', 'ansinh.support', 'UPDATE')
          AND NOT has_table_privilege('ansinh_api_owner', 'ansinh.support', 'DELETE')
          AND NOT has_table_privilege('ansinh_api_owner', 'ansinh.support', 'TRUNCATE'),
          'the API''s owner may not update, delete or truncate support');
SELECT ok(has_column_privilege('ansinh_api_owner', 'ansinh.need', 'status', 'UPDATE')
          AND has_column_privilege('ansinh_api_owner', 'ansinh.need', 'status_on', 'UPDATE'),
          'the API''s owner may update a need''s status and its date');
SELECT is_empty(
    $$ SELECT a.attname FROM pg_attribute AS a
        WHERE a.attrelid = 'ansinh.need'::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attname NOT IN ('status', 'status_on')
          AND has_column_privilege('ansinh_api_owner', 'ansinh.need', a.attname, 'UPDATE') $$,
    'and no other column of need');
SELECT is_empty(
    $$ SELECT t FROM unnest(ARRAY['ansinh.need_event', 'ansinh.dialogue', 'ansinh.dialogue_household',
                                  'ansinh.fund', 'ansinh.organization',
                                  'ansinh.request_log']) AS t
        WHERE has_table_privilege('ansinh_api_owner', t, 'UPDATE')
           OR NOT has_table_privilege('ansinh_api_owner', t, 'INSERT') $$,
    'the API''s owner may insert but not update the other ledger tables');
SELECT is_empty(
    $$ SELECT t FROM unnest(ARRAY['ansinh.fund', 'ansinh.organization', 'ansinh.need', 'ansinh.need_event',
                                  'ansinh.support', 'ansinh.dialogue', 'ansinh.dialogue_household',
                                  'ansinh.audit_event', 'ansinh.request_log',
                                  'ansinh.need_v', 'ansinh.support_v']) AS t
        WHERE NOT has_table_privilege('ansinh_analyst', t, 'SELECT')
           OR has_table_privilege('ansinh_analyst', t, 'INSERT') $$,
    'analysts read every ledger table and view, and write none');
SELECT ok(NOT has_function_privilege('ansinh_analyst', 'ansinh_api.support_create(uuid, uuid, text, uuid, text, uuid, text, text, bigint, date, text, uuid, text, uuid)', 'EXECUTE'),
          'analysts may not call the ledger API');
SELECT is_empty(
    $$ SELECT c.relname FROM pg_class AS c
        WHERE c.oid IN ('ansinh.need'::regclass, 'ansinh.need_event'::regclass, 'ansinh.support'::regclass,
                        'ansinh.dialogue'::regclass, 'ansinh.dialogue_household'::regclass)
          AND NOT (c.relrowsecurity AND c.relforcerowsecurity) $$,
    'row-level security is enabled and forced on the ward-scoped ledger tables');
SELECT ok((SELECT relrowsecurity FROM pg_class WHERE oid = 'ansinh.fund'::regclass)
          AND (SELECT relrowsecurity FROM pg_class WHERE oid = 'ansinh.organization'::regclass),
          'row-level security is enabled on the shared reference tables');
SELECT has_trigger('ansinh', 'support', 'support_append_only', 'support has its append-only trigger');
SELECT has_trigger('ansinh', 'support', 'support_no_truncate', 'support has its no-truncate trigger');

-- ---------------------------------------------------------------- setup through the API
-- Households in Hòa Khê (HK) and Xuân Hà (XH), a member, an organization of
-- HK's, written by a district session.
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT is(code, 0, 'setup: ' || message) FROM (VALUES
    (ansinh_api.household_create('a7000000-0000-7000-8000-000000000001', '70000000-0000-7000-8000-000000000001',
        'HK', 'T70-HK-1', 'Đoàn Văn Một', 1, NULL, NULL, false, true, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a7000000-0000-7000-8000-000000000002', '70000000-0000-7000-8000-000000000002',
        'HK', 'T70-HK-2', 'Đoàn Thị Hai', 2, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a7000000-0000-7000-8000-000000000003', '70000000-0000-7000-8000-000000000003',
        'XH', 'T70-XH-1', 'Phan Văn Ba', 3, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.member_create('a7000000-0000-7000-8000-000000000004', '70000000-0000-7000-8000-0000000000a1',
        'HK', '70000000-0000-7000-8000-000000000001', NULL, 'Đoàn Văn Một', NULL, 'male', '048000000701',
        'head', 'severe', NULL, NULL)),
    (ansinh_api.organization_create('a7000000-0000-7000-8000-000000000005', '70000000-0000-7000-8000-0000000000b1',
        'Hội Cựu chiến binh phường Hòa Khê T70', 'association', 'HK'))
) AS setup (o)
CROSS JOIN LATERAL (SELECT (o).code, (o).message) AS r;

-- ---------------------------------------------------------------- funds and organizations
SELECT is((ansinh_api.fund_create('a7000000-0000-7000-8000-000000000010', 't70-fund', 'Quỹ thử T70')).code,
          0, 'the district adds a fund');
SELECT is((ansinh_api.fund_create('a7000000-0000-7000-8000-000000000010', 't70-fund', 'Quỹ thử T70')).replayed,
          true, 'a replayed fund_create returns the stored outcome');
SELECT is((ansinh_api.fund_create('a7000000-0000-7000-8000-000000000011', 't70-fund', 'Quỹ khác T70')).code,
          6, 'the same fund code with another name is ALREADY_EXISTS');
SELECT is((ansinh_api.fund_create('a7000000-0000-7000-8000-000000000012', 'T70 Fund', 'Quỹ ba T70')).code,
          3, 'a malformed fund code is INVALID_ARGUMENT');
SELECT results_eq(
    $$ SELECT actor, role, table_name, action, record_key, request_id FROM ansinh.audit_event
        WHERE scope = 'reference' AND record_key = 't70-fund' $$,
    $$ VALUES ('district office', 'district', 'fund', 'insert', 't70-fund',
               'a7000000-0000-7000-8000-000000000010'::uuid) $$,
    'adding a fund leaves one reference audit event: who, what, which request');
SELECT is((SELECT ward_code FROM ansinh.request_log WHERE scope = 'reference' AND request_id = 'a7000000-0000-7000-8000-000000000005'),
          'HK', 'the reference request log holds an organization''s ward');

SELECT ansinh_test.context('ward', 'HK', 'Hòa Khê office', NULL, NULL);
SELECT is((ansinh_api.fund_create('a7000000-0000-7000-8000-000000000013', 't70-ward', 'Quỹ phường T70')).code,
          7, 'a ward may not add a fund');
SELECT is((ansinh_api.organization_create('a7000000-0000-7000-8000-000000000014', '70000000-0000-7000-8000-0000000000b2',
              'Trường tiểu học T70', 'school', NULL)).ward_code,
          'HK', 'a ward adds an organization, of its own ward by default');
SELECT is((ansinh_api.organization_create('a7000000-0000-7000-8000-000000000015', '70000000-0000-7000-8000-0000000000b3',
              'Trường khác T70', 'school', 'XH')).code,
          7, 'a ward may not add an organization of another ward');
SELECT is((ansinh_api.organization_create('a7000000-0000-7000-8000-000000000016', '70000000-0000-7000-8000-0000000000b4',
              'Trường tiểu học T70', 'school', NULL)).code,
          6, 'organization names are unique');
SELECT throws_ok(
    $$ INSERT INTO ansinh.fund (code, name) VALUES ('t70-direct', 'Quỹ trực tiếp T70') $$,
    '42501', NULL, 'a ward session cannot insert a fund even in direct SQL');
SELECT throws_ok(
    $$ INSERT INTO ansinh.organization (id, name, kind, ward_code)
       VALUES ('70000000-0000-7000-8000-0000000000b5', 'Lạ T70', 'other', 'XH') $$,
    '42501', NULL, 'nor an organization of another ward');
SELECT throws_ok(
    $$ UPDATE ansinh.fund SET name = 'Đổi T70' WHERE code = 'poor-fund' $$,
    '42501', NULL, 'nor change a fund');
SELECT isnt_empty($$ SELECT * FROM ansinh.organization WHERE ward_code = 'HK' $$,
                  'organizations are readable by every session');

-- ---------------------------------------------------------------- dialogues
SELECT is((ansinh_api.dialogue_create('a7000000-0000-7000-8000-000000000020', '70000000-0000-7000-8000-0000000000d1',
              NULL, '2024-01-08', 'Đối thoại T70', 'họp tổ', NULL, ARRAY['T70-HK-1', 'T70-HK-2', 'T70-HK-1'])).code,
          0, 'a ward records a dialogue with two households');
SELECT is((SELECT count(*)::integer FROM ansinh.dialogue_household WHERE dialogue_id = '70000000-0000-7000-8000-0000000000d1'),
          2, 'each attending household once');
SELECT is((ansinh_api.dialogue_create('a7000000-0000-7000-8000-000000000021', '70000000-0000-7000-8000-0000000000d1',
              NULL, '2024-01-08', 'Đối thoại T70', 'họp tổ', NULL, ARRAY['T70-HK-2', 'T70-HK-1'])).code,
          0, 'the same dialogue again with the same content is OK');
SELECT is((ansinh_api.dialogue_create('a7000000-0000-7000-8000-000000000022', '70000000-0000-7000-8000-0000000000d1',
              NULL, '2024-01-08', 'Đối thoại T70', 'họp tổ', NULL, ARRAY['T70-HK-2'])).code,
          6, 'with other households it is ALREADY_EXISTS');
SELECT is((ansinh_api.dialogue_create('a7000000-0000-7000-8000-000000000023', '70000000-0000-7000-8000-0000000000d2',
              NULL, '2024-01-08', 'Đối thoại T70 b', NULL, NULL, ARRAY['T70-XH-1'])).code,
          5, 'a household of another ward is NOT_FOUND');
SELECT is((ansinh_api.dialogue_create('a7000000-0000-7000-8000-000000000024', '70000000-0000-7000-8000-0000000000d3',
              NULL, '2999-01-08', 'Đối thoại T70 c', NULL, NULL, NULL)).message,
          'dialogue held_on date 2999-01-08 is in the future', 'a dialogue date in the future is refused, naming the field');

-- ---------------------------------------------------------------- the need lifecycle
SELECT is((ansinh_api.need_create('a7000000-0000-7000-8000-000000000030', '70000000-0000-7000-8000-0000000000e1',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính bán hàng', 12000000, '2024-01-08',
              '70000000-0000-7000-8000-0000000000d1', 'nêu tại đối thoại')).code,
          0, 'a ward registers a need raised at the dialogue');
SELECT is((SELECT status || ' ' || status_on FROM ansinh.need WHERE id = '70000000-0000-7000-8000-0000000000e1'),
          'registered 2024-01-08', 'it starts registered, on its survey date');
SELECT is((ansinh_api.need_create('a7000000-0000-7000-8000-000000000031', '70000000-0000-7000-8000-0000000000e2',
              NULL, NULL, 'T70-HK-2', '70000000-0000-7000-8000-0000000000a1', 'assistive-device', 'xe lăn', NULL,
              '2024-01-08', NULL, NULL)).code,
          5, 'a member of another household is refused');
SELECT is((ansinh_api.need_create('a7000000-0000-7000-8000-000000000032', '70000000-0000-7000-8000-0000000000e3',
              NULL, NULL, 'T70-HK-1', NULL, 'spaceship', 'x', NULL, '2024-01-08', NULL, NULL)).message,
          'need kind ''spaceship'' is not valid: use livelihood-equipment, house-new, house-repair, assistive-device, orthopaedic-aid, job, vocational-training or other',
          'an unknown kind of need is refused, naming the field');
SELECT is((ansinh_api.need_create('a7000000-0000-7000-8000-000000000033', '70000000-0000-7000-8000-0000000000e3',
              NULL, NULL, 'T70-HK-1', NULL, 'house-repair', 'sửa mái', -5, '2024-01-08', NULL, NULL)).code,
          3, 'a negative estimate is refused');
SELECT is((ansinh_api.need_create('a7000000-0000-7000-8000-000000000034', '70000000-0000-7000-8000-0000000000e4',
              NULL, NULL, 'T70-HK-2', NULL, 'house-repair', 'sửa mái', 30000000, '2024-01-09', NULL, NULL)).code,
          0, 'a second need, to be withdrawn');

SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000035', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'verify', '2024-01-15', NULL)).code,
          7, 'a ward may not verify a need');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000036', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'approve', '2024-01-15', NULL)).code,
          7, 'a ward may not approve a need');
SELECT throws_ok(
    $$ UPDATE ansinh.need SET status = 'verified', status_on = '2024-01-15'
        WHERE id = '70000000-0000-7000-8000-0000000000e1' $$,
    '42501', NULL, 'nor verify it in direct SQL');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000037', '70000000-0000-7000-8000-0000000000e4',
              NULL, 'withdraw', '2024-01-20', 'không cần nữa')).code,
          0, 'a ward withdraws its need');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000038', '70000000-0000-7000-8000-0000000000e4',
              NULL, 'withdraw', '2024-01-21', NULL)).message,
          'need 70000000-0000-7000-8000-0000000000e4 is withdrawn: no further step is possible',
          'nothing follows a withdrawal (FAILED_PRECONDITION names the state)');

SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000040', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'approve', '2024-01-15', NULL)).code,
          9, 'a registered need cannot be approved before it is verified');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000041', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'verify', '2024-01-07', NULL)).code,
          3, 'a step dated before the previous one is refused');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000042', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'verify', '2024-01-15', 'phúc tra')).code,
          0, 'the district verifies');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000042', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'verify', '2024-01-15', 'phúc tra')).replayed,
          true, 'a replayed step returns the stored outcome');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000043', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'verify', '2024-01-16', NULL)).code,
          9, 'verifying twice is FAILED_PRECONDITION');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000044', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'approve', '2024-01-20', NULL)).code,
          0, 'the district approves');
SELECT throws_ok(
    $$ UPDATE ansinh.need SET status = 'fulfilled', status_on = '2024-02-01'
        WHERE id = '70000000-0000-7000-8000-0000000000e1' $$,
    '23000', NULL, 'a need is not fulfilled without a support entry that names it');

-- ---------------------------------------------------------------- support given
SELECT ansinh_test.context('ward', 'HK', 'Hòa Khê office', NULL, NULL);
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000050', '70000000-0000-7000-8000-0000000000f1',
              NULL, NULL, 'T70-HK-2', NULL, 'livelihood-equipment', 'tủ kính', 12000000, '2024-02-01',
              'poor-fund', NULL, NULL, '70000000-0000-7000-8000-0000000000e1')).code,
          3, 'a support cannot fulfil another household''s need');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000051', '70000000-0000-7000-8000-0000000000f1',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính', 12000000, '2024-02-01',
              NULL, NULL, NULL, NULL)).code,
          3, 'a support needs a fund or an organization');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000052', '70000000-0000-7000-8000-0000000000f1',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính', 12000000, '2024-02-01',
              'no-such-fund', NULL, NULL, NULL)).code,
          5, 'an unknown fund is NOT_FOUND');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000053', '70000000-0000-7000-8000-0000000000f1',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính', 1000000000001, '2024-02-01',
              'poor-fund', NULL, NULL, NULL)).message,
          'support amount_vnd 1000000000001 is out of range: use 0 to 1000000000000',
          'an amount over 1e12 is refused, naming the field');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000054', '70000000-0000-7000-8000-0000000000f1',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính', 12000000, '2024-02-01',
              'poor-fund', NULL, 'Hội Cựu chiến binh phường Hòa Khê T70', '70000000-0000-7000-8000-0000000000e1')).code,
          0, 'a support from a fund and an organization fulfils the approved need');
SELECT is((SELECT status || ' ' || status_on FROM ansinh.need WHERE id = '70000000-0000-7000-8000-0000000000e1'),
          'fulfilled 2024-02-01', 'in the same transaction the need became fulfilled');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000055', '70000000-0000-7000-8000-0000000000f1',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính', 12000000, '2024-02-01',
              'poor-fund', NULL, 'Hội Cựu chiến binh phường Hòa Khê T70', '70000000-0000-7000-8000-0000000000e1')).code,
          0, 'the same entry again with the same content is OK');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000056', '70000000-0000-7000-8000-0000000000f2',
              NULL, NULL, 'T70-HK-1', NULL, 'cash', 'tiền mặt', 500000, '2024-02-02',
              'poor-fund', NULL, NULL, '70000000-0000-7000-8000-0000000000e1')).code,
          9, 'a fulfilled need cannot be fulfilled again');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000057', '70000000-0000-7000-8000-0000000000f3',
              NULL, NULL, 'T70-HK-2', NULL, 'tet-gift', 'quà Tết', 500000, '2024-02-05',
              'gratitude', NULL, NULL, NULL)).code,
          0, 'a support that answers no need');

-- Append-only, for the daemon: no privilege.
SELECT throws_ok($$ UPDATE ansinh.support SET amount_vnd = 1 WHERE id = '70000000-0000-7000-8000-0000000000f1' $$,
                 '42501', 'permission denied for table support', 'the API''s owner cannot UPDATE support');
SELECT throws_ok($$ DELETE FROM ansinh.support WHERE id = '70000000-0000-7000-8000-0000000000f1' $$,
                 '42501', 'permission denied for table support', 'the API''s owner cannot DELETE support');
SELECT throws_ok($$ TRUNCATE ansinh.support $$,
                 '42501', 'permission denied for table support', 'the API''s owner cannot TRUNCATE support');
SELECT throws_ok($$ UPDATE ansinh.need_event SET note = 'x' $$,
                 '42501', NULL, 'the API''s owner cannot UPDATE the need history');

-- Reversal.
SELECT is((ansinh_api.support_reverse('a7000000-0000-7000-8000-000000000060', '70000000-0000-7000-8000-0000000000f4',
              NULL, '70000000-0000-7000-8000-0000000000f1', '', '2024-02-03')).code,
          3, 'a reversal needs a reason');
SELECT is((ansinh_api.support_reverse('a7000000-0000-7000-8000-000000000061', '70000000-0000-7000-8000-0000000000f4',
              NULL, '70000000-0000-7000-8000-0000000000f1', 'nhập sai số tiền', '2024-02-03')).code,
          0, 'an entry is reversed');
SELECT results_eq(
    $$ SELECT amount_vnd, reverses_id, fund_code, household_id, reason FROM ansinh.support
        WHERE id = '70000000-0000-7000-8000-0000000000f4' $$,
    $$ VALUES (-12000000::bigint, '70000000-0000-7000-8000-0000000000f1'::uuid, 'poor-fund',
               '70000000-0000-7000-8000-000000000001'::uuid, 'nhập sai số tiền') $$,
    'the reversing entry mirrors the original with minus its amount');
SELECT is((SELECT status || ' ' || status_on FROM ansinh.need WHERE id = '70000000-0000-7000-8000-0000000000e1'),
          'approved 2024-02-03', 'the need it fulfilled is approved again');
SELECT is((ansinh_api.support_reverse('a7000000-0000-7000-8000-000000000062', '70000000-0000-7000-8000-0000000000f5',
              NULL, '70000000-0000-7000-8000-0000000000f1', 'lần nữa', '2024-02-04')).code,
          9, 'an entry is reversed only once');
SELECT is((ansinh_api.support_reverse('a7000000-0000-7000-8000-000000000063', '70000000-0000-7000-8000-0000000000f5',
              NULL, '70000000-0000-7000-8000-0000000000f4', 'lần nữa', '2024-02-04')).code,
          9, 'a reversing entry cannot be reversed');
SELECT is((ansinh_api.support_totals('HK', NULL, NULL, NULL, NULL, NULL, NULL, NULL)).net_vnd,
          500000::bigint, 'the totals net the reversal out');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000065', '70000000-0000-7000-8000-0000000000f6',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính', 11500000, '2024-01-19',
              'poor-fund', NULL, NULL, '70000000-0000-7000-8000-0000000000e1')).code,
          3, 'a support cannot be dated before the need was approved');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000064', '70000000-0000-7000-8000-0000000000f6',
              NULL, NULL, 'T70-HK-1', NULL, 'livelihood-equipment', 'tủ kính', 11500000, '2024-02-01',
              'poor-fund', NULL, NULL, '70000000-0000-7000-8000-0000000000e1')).code,
          0, 'the corrected entry, with the original''s date, fulfils the need again');
SELECT is((SELECT status || ' ' || status_on FROM ansinh.need WHERE id = '70000000-0000-7000-8000-0000000000e1'),
          'fulfilled 2024-02-03', 'the need''s latest date does not go backwards');
SELECT results_eq(
    $$ SELECT status FROM ansinh.need_event WHERE need_id = '70000000-0000-7000-8000-0000000000e1' ORDER BY id $$,
    ARRAY['registered', 'verified', 'approved', 'fulfilled', 'approved', 'fulfilled'],
    'the need''s history keeps every step');
SELECT is((SELECT funded_vnd FROM ansinh.need_v WHERE id = '70000000-0000-7000-8000-0000000000e1'),
          11500000::bigint, 'need_v shows the net amount that funded the need');

-- ---------------------------------------------------------------- the database's own checks
SELECT throws_ok(
    $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on,
                                   fund_code, reverses_id, reason, recorded_by)
       VALUES ('HK', '70000000-0000-7000-8000-0000000000f7', '70000000-0000-7000-8000-000000000002', 'tet-gift',
               'quà Tết', -1, '2024-02-06', 'gratitude', '70000000-0000-7000-8000-0000000000f3', 'sai', 'x') $$,
    '23000', NULL, 'a reversing entry must carry minus the original amount (trigger)');
SELECT throws_ok(
    $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on,
                                   fund_code, reverses_id, reason, recorded_by)
       VALUES ('HK', '70000000-0000-7000-8000-0000000000f7', '70000000-0000-7000-8000-000000000001',
               'livelihood-equipment', 'tủ kính', 12000000, '2024-02-06', 'poor-fund',
               '70000000-0000-7000-8000-0000000000f4', 'sai', 'x') $$,
    '23000', NULL, 'a reversal of a reversal is refused by the table too (trigger)');

-- The owner: row-level security has no UPDATE or DELETE policy on support,
-- so neither reaches a row; TRUNCATE meets the trigger.
RESET ROLE;
SET LOCAL ROLE ansinh_owner;
SELECT is_empty($$ UPDATE ansinh.support SET amount_vnd = 1 RETURNING id $$,
                'even the owner updates no support entry');
SELECT is_empty($$ DELETE FROM ansinh.support RETURNING id $$,
                'even the owner deletes no support entry');
SELECT throws_ok($$ TRUNCATE ansinh.support $$,
                 '42501', 'ansinh.support is append-only: TRUNCATE is not allowed',
                 'even the owner cannot TRUNCATE support');
RESET ROLE;
SELECT is((SELECT sum(amount_vnd) FROM ansinh.support WHERE ward_code = 'HK'), 12000000::numeric,
          'every entry is as it was written');
-- As the superuser (RLS does not apply), the trigger still refuses.
SELECT throws_ok($$ UPDATE ansinh.support SET amount_vnd = 1 WHERE id = '70000000-0000-7000-8000-0000000000f1' $$,
                 '42501', 'ansinh.support is append-only: UPDATE is not allowed',
                 'the append-only trigger refuses an UPDATE of support whoever asks');
SELECT throws_ok($$ DELETE FROM ansinh.support WHERE id = '70000000-0000-7000-8000-0000000000f1' $$,
                 '42501', 'ansinh.support is append-only: DELETE is not allowed',
                 'and a DELETE');
SELECT throws_ok($$ DELETE FROM ansinh.need_event $$,
                 '42501', NULL, 'the need history is append-only');
SELECT throws_ok($$ DELETE FROM ansinh.audit_event WHERE scope = 'reference' $$,
                 '42501', NULL, 'the reference audit trail is append-only');

-- Constraints, below the API.
DO $$ BEGIN PERFORM set_config('ansinh.actor', 'constraint test', true); END $$;
CREATE TEMP TABLE bad70 (n serial, what text, stmt text, con text) ON COMMIT DROP;
INSERT INTO bad70 (what, stmt, con) VALUES
  ('a negative amount on an original entry',
   $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on, fund_code, recorded_by)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'cash', 'x', -1, '2024-01-01', 'poor-fund', 'x') $$,
   'support_amount_range'),
  ('an amount over 1e12',
   $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on, fund_code, recorded_by)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'cash', 'x', 1000000000001, '2024-01-01', 'poor-fund', 'x') $$,
   'support_amount_range'),
  ('a support from neither a fund nor an organization',
   $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on, recorded_by)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'cash', 'x', 1, '2024-01-01', 'x') $$,
   'support_source'),
  ('an unknown kind of support',
   $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on, fund_code, recorded_by)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'lottery', 'x', 1, '2024-01-01', 'poor-fund', 'x') $$,
   'support_kind_word'),
  ('a reason on an original entry',
   $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on, fund_code, reason, recorded_by)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'cash', 'x', 1, '2024-01-01', 'poor-fund', 'why', 'x') $$,
   'support_reason_iff_reversal'),
  ('an unknown kind of need',
   $$ INSERT INTO ansinh.need (ward_code, id, household_id, kind, description, surveyed_on, status_on)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'yacht', 'x', '2024-01-01', '2024-01-01') $$,
   'need_kind_word'),
  ('an empty need description',
   $$ INSERT INTO ansinh.need (ward_code, id, household_id, kind, description, surveyed_on, status_on)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'job', '', '2024-01-01', '2024-01-01') $$,
   'need_description_text'),
  ('a negative estimate',
   $$ INSERT INTO ansinh.need (ward_code, id, household_id, kind, description, estimated_vnd, surveyed_on, status_on)
      VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'job', 'x', -1, '2024-01-01', '2024-01-01') $$,
   'need_estimated_vnd_range'),
  ('an unknown step in a need''s history',
   $$ INSERT INTO ansinh.need_event (ward_code, need_id, status, event_on, recorded_by)
      VALUES ('HK', '70000000-0000-7000-8000-0000000000e1', 'lost', '2024-01-01', 'x') $$,
   'need_event_status_word'),
  ('an unknown kind of organization',
   $$ INSERT INTO ansinh.organization (id, name, kind) VALUES (gen_random_uuid(), 'Câu lạc bộ T70', 'club') $$,
   'organization_kind_word'),
  ('a fund code in capitals',
   $$ INSERT INTO ansinh.fund (code, name) VALUES ('Poor', 'Quỹ T70 viết hoa') $$,
   'fund_code_format'),
  ('a dialogue without a title',
   $$ INSERT INTO ansinh.dialogue (ward_code, id, held_on, title) VALUES ('HK', gen_random_uuid(), '2024-01-01', '') $$,
   'dialogue_title_text');
SELECT throws_like(stmt, '%violates check constraint "' || con || '"%', con || ' refuses ' || what)
  FROM bad70 ORDER BY n;
SELECT throws_ok(
    $$ INSERT INTO ansinh.need (ward_code, id, household_id, person_id, kind, description, surveyed_on, status_on)
       VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000002', '70000000-0000-7000-8000-0000000000a1',
               'job', 'x', '2024-01-01', '2024-01-01') $$,
    '23503', NULL, 'a need''s member must be of the need''s household (foreign key)');
SELECT throws_ok(
    $$ INSERT INTO ansinh.need (ward_code, id, household_id, kind, description, surveyed_on, status, status_on)
       VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'job', 'x', '2024-01-01', 'approved', '2024-01-01') $$,
    '23000', NULL, 'a new need starts registered (trigger)');

-- ---------------------------------------------------------------- row-level security
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'XH', 'Xuân Hà office', NULL, NULL);
SELECT is_empty($$ SELECT * FROM ansinh.need WHERE ward_code = 'HK' $$, 'ward XH sees no HK needs');
SELECT is_empty($$ SELECT * FROM ansinh.support WHERE ward_code = 'HK' $$, 'nor HK support');
SELECT is_empty($$ SELECT * FROM ansinh.dialogue WHERE ward_code = 'HK' $$, 'nor HK dialogues');
SELECT is((ansinh_api.support_totals(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).entries,
          0::bigint, 'XH''s totals count none of HK''s entries');
SELECT throws_ok(
    $$ INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on, fund_code, recorded_by)
       VALUES ('HK', gen_random_uuid(), '70000000-0000-7000-8000-000000000001', 'cash', 'x', 1, '2024-01-01', 'poor-fund', 'x') $$,
    '42501', NULL, 'ward XH cannot insert support for HK in direct SQL');
SELECT is((ansinh_api.support_reverse('a7000000-0000-7000-8000-000000000070', '70000000-0000-7000-8000-0000000000f8',
              NULL, '70000000-0000-7000-8000-0000000000f3', 'lạ', '2024-02-06')).code,
          5, 'ward XH cannot reverse HK''s entry: it does not exist for XH');
SELECT ansinh_test.context('auditor', NULL, 'auditor', NULL, NULL);
SELECT isnt_empty($$ SELECT * FROM ansinh.support WHERE ward_code = 'HK' $$, 'an auditor reads HK support');
SELECT is((ansinh_api.support_create('a7000000-0000-7000-8000-000000000071', '70000000-0000-7000-8000-0000000000f9',
              'HK', NULL, 'T70-HK-2', NULL, 'cash', 'x', 1, '2024-02-06', 'poor-fund', NULL, NULL, NULL)).code,
          7, 'an auditor cannot record support');
SELECT is((ansinh_api.need_transition('a7000000-0000-7000-8000-000000000072', '70000000-0000-7000-8000-0000000000e1',
              NULL, 'withdraw', '2024-02-06', NULL)).code,
          7, 'nor withdraw a need');
RESET ROLE;
SET LOCAL ROLE analyst;
SELECT isnt_empty($$ SELECT * FROM ansinh.support_v WHERE ward_code = 'HK' $$, 'analysts read support_v');
SELECT throws_ok($$ INSERT INTO ansinh.fund (code, name) VALUES ('t70-an', 'Quỹ analyst T70') $$,
                 '42501', NULL, 'analysts cannot add funds');

SELECT * FROM finish();
ROLLBACK;
