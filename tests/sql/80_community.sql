-- 80_community.sql — programmes and sessions, pairings, employment, targets:
-- the constraints below the API, row-level security (district-wide rows
-- readable by every ward, written by the district only), privileges, the
-- API's status codes and replay, and the district-wide logs.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(117);

-- ---------------------------------------------------------------- setup (superuser)
DO $$ BEGIN PERFORM set_config('ansinh.actor', 'community test', true); END $$;

INSERT INTO ansinh.organization (id, name, kind, ward_code) VALUES
    ('80000000-0000-7000-8000-00000000000a', 'T80 Hội Phụ nữ An Khê', 'association', 'AK'),
    ('80000000-0000-7000-8000-00000000000b', 'T80 Đơn vị 906', 'army-unit', NULL),
    ('80000000-0000-7000-8000-00000000000c', 'T80 Trường Trần Cao Vân', 'school', 'KD');

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'T80 district', NULL, NULL);
SELECT is(code, 0, 'setup: ' || message) FROM (VALUES
    (ansinh_api.household_create('a8000000-0000-7000-8000-000000000001', '80000000-0000-7000-8000-000000000101',
        'AK', 'T80-AK-1', 'Nguyễn Văn Tám', 1, NULL, NULL, false, true, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a8000000-0000-7000-8000-000000000002', '80000000-0000-7000-8000-000000000102',
        'AK', 'T80-AK-2', 'Lê Thị Tám', 1, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.household_create('a8000000-0000-7000-8000-000000000003', '80000000-0000-7000-8000-000000000103',
        'CG', 'T80-CG-1', 'Trần Văn Tám', 2, NULL, NULL, false, false, 'poor', '2023-01-01')),
    (ansinh_api.member_create('a8000000-0000-7000-8000-000000000004', '80000000-0000-7000-8000-000000000201',
        'AK', '80000000-0000-7000-8000-000000000101', NULL, 'Nguyễn Thị Chín', '2000-02-02', 'female', '048300000801',
        'child', NULL, NULL, NULL)),
    (ansinh_api.programme_create('a8000000-0000-7000-8000-000000000005', '80000000-0000-7000-8000-000000000301',
        'AK', false, 'T80 Chợ 0 đồng', '80000000-0000-7000-8000-00000000000a', 'produce-market', 'monthly')),
    (ansinh_api.programme_create('a8000000-0000-7000-8000-000000000006', '80000000-0000-7000-8000-000000000302',
        NULL, true, 'T80 Quà Tết', '80000000-0000-7000-8000-00000000000b', 'gift-distribution', NULL)),
    (ansinh_api.programme_create('a8000000-0000-7000-8000-000000000007', '80000000-0000-7000-8000-000000000303',
        'CG', false, 'T80 Bữa cơm', '80000000-0000-7000-8000-00000000000c', 'free-meals', NULL)),
    (ansinh_api.job_week_create('a8000000-0000-7000-8000-000000000008', '80000000-0000-7000-8000-000000000401',
        'AK', 'T80 Tuần lễ việc làm', '2023-03-13', '2023-03-19', NULL)),
    (ansinh_api.job_week_create('a8000000-0000-7000-8000-000000000009', '80000000-0000-7000-8000-000000000402',
        'CG', 'T80 Tuần lễ CG', '2023-04-10', '2023-04-16', NULL)),
    (ansinh_api.target_set('a8000000-0000-7000-8000-000000000010', '80000000-0000-7000-8000-000000000501',
        2023, NULL, 'poor-exit', 220)),
    (ansinh_api.target_set('a8000000-0000-7000-8000-000000000011', '80000000-0000-7000-8000-000000000502',
        2023, 'CG', 'referrals', 20))
) AS setup (o)
CROSS JOIN LATERAL (SELECT (o).code, (o).message) AS r;

-- ---------------------------------------------------------------- programmes through the API
SELECT ansinh_test.context('ward', 'AK', 'T80 An Khê', NULL, NULL);
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000005', '80000000-0000-7000-8000-000000000301',
              'AK', false, 'T80 Chợ 0 đồng', '80000000-0000-7000-8000-00000000000a', 'produce-market', 'monthly')).replayed,
          true, 'a replayed request_id returns the stored outcome');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000020', '80000000-0000-7000-8000-000000000301',
              'AK', false, 'T80 Chợ 0 đồng', '80000000-0000-7000-8000-00000000000a', 'produce-market', 'monthly')).code,
          0, 'the same programme again under a new request_id is OK');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000021', '80000000-0000-7000-8000-000000000301',
              'AK', false, 'T80 Chợ khác', '80000000-0000-7000-8000-00000000000a', 'produce-market', 'monthly')).code,
          6, 'the same id with different content is ALREADY_EXISTS');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000022', '80000000-0000-7000-8000-000000000304',
              'AK', false, 'T80 Chợ 0 đồng', '80000000-0000-7000-8000-00000000000a', 'other', NULL)).code,
          6, 'a second programme of the ward with the same name is ALREADY_EXISTS');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000023', '80000000-0000-7000-8000-000000000305',
              NULL, true, 'T80 Ward-wide', '80000000-0000-7000-8000-00000000000a', 'other', NULL)),
          ROW(7, 'only a district session may create a district-wide programme',
              '80000000-0000-7000-8000-000000000305'::uuid, NULL::text, false)::ansinh_api.outcome,
          'a ward session cannot create a district-wide programme');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000024', '80000000-0000-7000-8000-000000000306',
              'AK', false, 'T80 Nobody', '80000000-0000-7000-8000-0000000000ff', 'other', NULL)).code,
          5, 'an unknown organization is NOT_FOUND');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000025', '80000000-0000-7000-8000-000000000307',
              'AK', false, 'T80 Odd', '80000000-0000-7000-8000-00000000000a', 'market', NULL)).message,
          'programme kind ''market'' is not valid: use produce-market, bread-cabinet, free-meals, gift-distribution, scholarship, health-check or other',
          'a bad kind is INVALID_ARGUMENT, naming the field and the words');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000026', '80000000-0000-7000-8000-000000000308',
              'CG', false, 'T80 Elsewhere', '80000000-0000-7000-8000-00000000000a', 'other', NULL)).code,
          7, 'a ward session cannot create another ward''s programme');

SELECT set_eq($$ SELECT name FROM ansinh_api.programme_list('AK', NULL, 0) WHERE name LIKE 'T80%' $$,
              ARRAY['T80 Chợ 0 đồng', 'T80 Quà Tết'],
              'a ward lists its programmes and the district-wide ones');
SELECT is_empty($$ SELECT * FROM ansinh.programme WHERE ward_code = 'CG' $$,
                'a ward session cannot read another ward''s programmes');

-- ---------------------------------------------------------------- sessions through the API
SELECT is(ansinh_api.session_create('a8000000-0000-7000-8000-000000000030', '80000000-0000-7000-8000-000000000601',
              NULL, '80000000-0000-7000-8000-000000000301', '2023-03-05', 3, 40,
              '{trứng,rau}', '{300,50.5}', '{quả,kg}', '{900000,500000}',
              '{80000000-0000-7000-8000-000000000101}', '{T80-AK-2,T80-AK-1}',
              '{80000000-0000-7000-8000-00000000000b,80000000-0000-7000-8000-00000000000b}', 'by bicycle'),
          ROW(0, 'session of T80 Chợ 0 đồng on 2023-03-05 recorded in ward AK',
              '80000000-0000-7000-8000-000000000601'::uuid, 'AK', false)::ansinh_api.outcome,
          'a session with goods, households and donors');
SELECT results_eq(
    $$ SELECT household_count, goods_value_vnd, goods_items, goods_quantities, donor_names
         FROM ansinh_api.session_list('AK', '80000000-0000-7000-8000-000000000301', NULL, NULL, 0) $$,
    $$ VALUES (2, 1400000::bigint, ARRAY['trứng', 'rau'], ARRAY['300', '50.5'], ARRAY['T80 Đơn vị 906']) $$,
    'households and donors are kept once each; goods in line order with their total');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000031', '80000000-0000-7000-8000-000000000601',
              'AK', '80000000-0000-7000-8000-000000000301', '2023-03-05', 3, 40,
              '{trứng,rau}', '{300.000,50.5}', '{quả,kg}', '{900000,500000}',
              '{}', '{T80-AK-1,T80-AK-2}', '{80000000-0000-7000-8000-00000000000b}', 'by bicycle')).code,
          0, 'the same session again (households by code now) is OK');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000032', '80000000-0000-7000-8000-000000000601',
              'AK', '80000000-0000-7000-8000-000000000301', '2023-03-05', 3, 40,
              '{trứng}', '{300}', '{quả}', '{900000}', '{}', '{}', '{}', NULL)).code,
          6, 'the same session id with different goods is ALREADY_EXISTS');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000033', '80000000-0000-7000-8000-000000000602',
              NULL, '80000000-0000-7000-8000-000000000301', '2023-03-06', NULL, 1,
              '{}', '{}', '{}', '{}', '{}', '{T80-AK-1,T80-AK-2}', '{}', NULL)).message,
          'beneficiaries (1) must be at least the number of households listed (2)',
          'fewer beneficiaries than households listed is refused');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000034', '80000000-0000-7000-8000-000000000603',
              NULL, '80000000-0000-7000-8000-000000000301', '2023-03-06', NULL, NULL,
              '{}', '{}', '{}', '{}', '{}', '{T80-AK-1}', '{}', NULL)).code,
          0, 'without a number of beneficiaries, the households listed count');
SELECT is(beneficiaries, 1, 'and it is 1')
  FROM ansinh.programme_session WHERE id = '80000000-0000-7000-8000-000000000603';
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000035', '80000000-0000-7000-8000-000000000604',
              NULL, '80000000-0000-7000-8000-000000000301', '2023-03-06', NULL, 5,
              '{trứng,rau}', '{300}', '{quả,kg}', '{1,2}', '{}', '{}', '{}', NULL)).message,
          'every goods line needs an item, a quantity, a unit and a value',
          'goods arrays of different lengths are refused');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000036', '80000000-0000-7000-8000-000000000604',
              NULL, '80000000-0000-7000-8000-000000000301', '2023-03-06', NULL, 5,
              '{trứng}', '{0.0005}', '{quả}', '{1}', '{}', '{}', '{}', NULL)).message,
          'goods line 1 quantity has more than 3 decimals', 'a quantity with 4 decimals is refused');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000037', '80000000-0000-7000-8000-000000000604',
              NULL, '80000000-0000-7000-8000-000000000301', '2023-03-06', NULL, 5,
              '{trứng}', '{1}', '{""}', '{1}', '{}', '{}', '{}', NULL)).message,
          'goods line 1 unit is required', 'an empty unit is refused, naming the line');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000038', '80000000-0000-7000-8000-000000000604',
              NULL, '80000000-0000-7000-8000-000000000301', '2023-03-06', NULL, 5,
              '{}', '{}', '{}', '{}', '{}', '{T80-CG-1}', '{}', NULL)).code,
          5, 'a household of another ward is NOT_FOUND');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000039', '80000000-0000-7000-8000-000000000604',
              NULL, '80000000-0000-7000-8000-000000000303', '2023-03-06', NULL, 5,
              '{}', '{}', '{}', '{}', '{}', '{}', '{}', NULL)).code,
          5, 'another ward''s programme is NOT_FOUND for a ward session');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000040', '80000000-0000-7000-8000-000000000605',
              NULL, '80000000-0000-7000-8000-000000000302', '2023-01-20', NULL, 12,
              '{gạo}', '{120}', '{kg}', '{1800000}', '{}', '{}', '{80000000-0000-7000-8000-00000000000b}', NULL)).ward_code,
          'AK', 'a ward holds a session of a district-wide programme in its own ward');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000041', '80000000-0000-7000-8000-000000000606',
              NULL, '80000000-0000-7000-8000-000000000301', '2099-03-06', NULL, 5,
              '{}', '{}', '{}', '{}', '{}', '{}', '{}', NULL)).message,
          'session date 2099-03-06 is in the future', 'a session in the future is refused');

-- ---------------------------------------------------------------- pairings through the API
SELECT is((ansinh_api.pairing_create('a8000000-0000-7000-8000-000000000050', '80000000-0000-7000-8000-000000000701',
              NULL, '80000000-0000-7000-8000-00000000000b', NULL, 'T80-AK-1', NULL, 'monthly visits', '2023-02-01')).code,
          0, 'a pairing, the year from the signing date');
SELECT is(year, 2023::smallint, 'year 2023')
  FROM ansinh.pairing WHERE id = '80000000-0000-7000-8000-000000000701';
SELECT is((ansinh_api.pairing_create('a8000000-0000-7000-8000-000000000051', '80000000-0000-7000-8000-000000000702',
              NULL, '80000000-0000-7000-8000-00000000000b', '80000000-0000-7000-8000-000000000101', NULL, 2023, NULL, '2023-05-01')).message,
          'household T80-AK-1 already has an open pairing with T80 Đơn vị 906 for 2023',
          'a second open pairing for the same household, organization and year is refused');
SELECT is((ansinh_api.pairing_end('a8000000-0000-7000-8000-000000000052', '80000000-0000-7000-8000-000000000701',
              NULL, '2023-01-01', NULL)).message,
          'end date 2023-01-01 is before the signing date 2023-02-01', 'a pairing cannot end before it was signed');
SELECT is((ansinh_api.pairing_end('a8000000-0000-7000-8000-000000000053', '80000000-0000-7000-8000-000000000701',
              NULL, '2023-09-30', 'done')).code, 0, 'a pairing ends');
SELECT is((ansinh_api.pairing_end('a8000000-0000-7000-8000-000000000054', '80000000-0000-7000-8000-000000000701',
              NULL, '2023-10-30', NULL)).code, 9, 'ending it again on another day is FAILED_PRECONDITION');
SELECT is((ansinh_api.pairing_create('a8000000-0000-7000-8000-000000000055', '80000000-0000-7000-8000-000000000702',
              NULL, '80000000-0000-7000-8000-00000000000b', '80000000-0000-7000-8000-000000000101', NULL, 2023, NULL, '2023-10-01')).code,
          0, 'after the end, the pair may sign again for the same year');
SELECT is((ansinh_api.pairing_create('a8000000-0000-7000-8000-000000000056', '80000000-0000-7000-8000-000000000703',
              NULL, '80000000-0000-7000-8000-00000000000b', '80000000-0000-7000-8000-000000000103', NULL, 2023, NULL, NULL)).code,
          5, 'another ward''s household is NOT_FOUND for a ward session');

-- ---------------------------------------------------------------- employment through the API
SELECT is((ansinh_api.job_event_create('a8000000-0000-7000-8000-000000000060', '80000000-0000-7000-8000-000000000801',
              NULL, 'job-placement', '80000000-0000-7000-8000-000000000201', NULL, NULL, 'Công ty May', NULL,
              '2023-03-15', '80000000-0000-7000-8000-000000000401', NULL)).code,
          0, 'an event for a member at the ward''s job week');
SELECT is((ansinh_api.job_event_create('a8000000-0000-7000-8000-000000000061', '80000000-0000-7000-8000-000000000802',
              NULL, 'job-placement', '80000000-0000-7000-8000-000000000201', 'Someone', NULL, NULL, NULL,
              '2023-03-15', NULL, NULL)).message,
          'give the member or the name of a person who is not a member, not both', 'member and name together are refused');
SELECT is((ansinh_api.job_event_create('a8000000-0000-7000-8000-000000000062', '80000000-0000-7000-8000-000000000802',
              NULL, 'job-placement', NULL, 'Nguyễn Thị Chín', '048300000801', NULL, NULL,
              '2023-03-15', NULL, NULL)).code,
          9, 'a named person with a member''s citizen ID is FAILED_PRECONDITION');
SELECT is((ansinh_api.job_event_create('a8000000-0000-7000-8000-000000000063', '80000000-0000-7000-8000-000000000802',
              NULL, 'job-placement', NULL, 'Người ngoài', NULL, NULL, NULL,
              '2023-04-12', '80000000-0000-7000-8000-000000000402', NULL)).code,
          5, 'another ward''s job week is NOT_FOUND');
SELECT is((ansinh_api.job_event_create('a8000000-0000-7000-8000-000000000064', '80000000-0000-7000-8000-000000000802',
              NULL, 'apprenticeship', NULL, 'Người ngoài', NULL, NULL, NULL, '2023-04-12', NULL, NULL)).code,
          3, 'an unknown kind is INVALID_ARGUMENT');
SELECT is((ansinh_api.job_week_create('a8000000-0000-7000-8000-000000000065', '80000000-0000-7000-8000-000000000403',
              NULL, 'T80 Backwards', '2023-05-10', '2023-05-01', NULL)).message,
          'job week end date 2023-05-01 is before its start date 2023-05-10', 'a job week cannot end before it starts');
SELECT results_eq(
    $$ SELECT placements, trainings FROM ansinh_api.job_week_list('AK', 2023, 0) WHERE title = 'T80 Tuần lễ việc làm' $$,
    $$ VALUES (1, 0) $$, 'job_week_list counts the events at each job week');

-- ---------------------------------------------------------------- targets through the API
SELECT is((ansinh_api.target_set('a8000000-0000-7000-8000-000000000070', '80000000-0000-7000-8000-000000000503',
              2023, 'AK', 'poor-exit', 5)).code, 7, 'a ward session cannot set a target, not even its own');
SELECT set_eq($$ SELECT coalesce(ward_code, 'district') || ':' || metric FROM ansinh_api.target_list(2023, NULL) $$,
              ARRAY['district:poor-exit'],
              'a ward reads the district''s targets (and would read its own), not another ward''s');

SELECT ansinh_test.context('district', NULL, 'T80 district', NULL, NULL);
SELECT is((ansinh_api.target_set('a8000000-0000-7000-8000-000000000071', '80000000-0000-7000-8000-000000000599',
              2023, NULL, 'poor-exit', 230)).message,
          'target 2023 poor-exit for the district changed from 220 to 230', 'setting a target again replaces its value');
SELECT is((ansinh_api.target_set('a8000000-0000-7000-8000-000000000071', '80000000-0000-7000-8000-000000000599',
              2023, NULL, 'poor-exit', 230)).replayed, true, 'a replayed district-wide write is found in the request log');
SELECT is((ansinh_api.target_set('a8000000-0000-7000-8000-000000000072', '80000000-0000-7000-8000-000000000599',
              2023, NULL, 'poor-exit', 230)).id, '80000000-0000-7000-8000-000000000501'::uuid,
          'the target keeps its first id');
SELECT results_eq(
    $$ SELECT previous_value, value FROM ansinh.target_history
        WHERE target_id = '80000000-0000-7000-8000-000000000501' ORDER BY id $$,
    $$ VALUES (NULL::bigint, 220::bigint), (220, 230) $$,
    'the history keeps every value (and nothing for an unchanged one)');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000071', '80000000-0000-7000-8000-000000000399',
              NULL, true, 'T80 Reuse', '80000000-0000-7000-8000-00000000000b', 'other', NULL)).code,
          9, 'a district request_id cannot be reused for another operation');
SELECT is((ansinh_api.target_set('a8000000-0000-7000-8000-000000000073', '80000000-0000-7000-8000-000000000504',
              2023, 'ZZ', 'poor-exit', 1)).message, 'ward ''ZZ'' does not exist', 'an unknown ward is refused');
SELECT is((ansinh_api.target_set('a8000000-0000-7000-8000-000000000074', '80000000-0000-7000-8000-000000000504',
              2023, NULL, 'poverty', 1)).code, 3, 'an unknown metric is INVALID_ARGUMENT');
SELECT is((ansinh_api.programme_create('a8000000-0000-7000-8000-000000000075', '80000000-0000-7000-8000-000000000309',
              'AK', true, 'T80 Both', '80000000-0000-7000-8000-00000000000b', 'other', NULL)).code,
          3, 'a district-wide programme with a ward is INVALID_ARGUMENT');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000076', '80000000-0000-7000-8000-000000000607',
              NULL, '80000000-0000-7000-8000-000000000302', '2023-01-21', NULL, 3,
              '{}', '{}', '{}', '{}', '{}', '{}', '{}', NULL)).code,
          3, 'the district names the ward of a district-wide programme''s session');
SELECT is((ansinh_api.session_create('a8000000-0000-7000-8000-000000000077', '80000000-0000-7000-8000-000000000607',
              'CG', '80000000-0000-7000-8000-000000000301', '2023-01-21', NULL, 3,
              '{}', '{}', '{}', '{}', '{}', '{}', '{}', NULL)).message,
          'programme T80 Chợ 0 đồng belongs to ward AK: its sessions are recorded there, not in ward CG',
          'a ward programme''s session cannot be put in another ward');

-- The district-wide writes are logged and audited in the district scope.
SELECT results_eq(
    $$ SELECT table_name, action, role FROM ansinh.audit_event
        WHERE record_id = '80000000-0000-7000-8000-000000000302' AND scope = 'district' $$,
    $$ VALUES ('programme'::text, 'insert'::text, 'district'::text) $$,
    'a district-wide programme is audited in the district scope');
SELECT is(count(*)::integer, 0, 'and in no ward''s')
  FROM ansinh.audit_event WHERE record_id = '80000000-0000-7000-8000-000000000302' AND scope <> 'district';
SELECT is(operation, 'programme_create', 'its request is logged in the district scope')
  FROM ansinh.request_log WHERE scope = 'district' AND request_id = 'a8000000-0000-7000-8000-000000000006';
SELECT is(ward_code, 'CG', 'a ward target''s request is in request_log, under its ward')
  FROM ansinh.request_log WHERE request_id = 'a8000000-0000-7000-8000-000000000011';

-- ---------------------------------------------------------------- RLS in direct SQL
SELECT ansinh_test.context('ward', 'AK', 'T80 An Khê', NULL, NULL);
SELECT throws_ok(
    $$ INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind)
       VALUES ('80000000-0000-7000-8000-0000000003f1', NULL, 'T80 Sneaky', '80000000-0000-7000-8000-00000000000a', 'other') $$,
    '42501', NULL, 'a ward session cannot insert a district-wide programme');
SELECT throws_ok(
    $$ INSERT INTO ansinh.programme_session (ward_code, id, programme_id, held_on, beneficiaries)
       VALUES ('AK', '80000000-0000-7000-8000-0000000006f1', '80000000-0000-7000-8000-000000000303', '2023-03-01', 1) $$,
    '23514', 'programme 80000000-0000-7000-8000-000000000303 is not visible to this session',
    'a ward session cannot hang a session on another ward''s programme');
SELECT throws_ok(
    $$ INSERT INTO ansinh.programme_session (ward_code, id, programme_id, held_on, beneficiaries)
       VALUES ('CG', '80000000-0000-7000-8000-0000000006f2', '80000000-0000-7000-8000-000000000302', '2023-03-01', 1) $$,
    '42501', NULL, 'a ward session cannot insert another ward''s session');
SELECT throws_ok(
    $$ INSERT INTO ansinh.target (id, year, ward_code, metric, value)
       VALUES ('80000000-0000-7000-8000-0000000005f1', 2024, 'AK', 'poor-exit', 1) $$,
    '42501', NULL, 'a ward session cannot insert a target, even its own');
SELECT is_empty($$ UPDATE ansinh.target SET value = 1 RETURNING id $$,
                'a ward session updates no target');
SELECT throws_ok(
    $$ INSERT INTO ansinh.request_log (request_id, operation, code, message, record_id, actor)
       VALUES ('80000000-0000-7000-8000-0000000009f1', 'target_set', 0, 'forged', '80000000-0000-7000-8000-000000000501', 'x') $$,
    '42501', NULL, 'a ward session cannot write the district request log');
SELECT isnt_empty($$ SELECT * FROM ansinh.audit_event WHERE scope = 'district' $$,
                  'a ward session reads the district audit trail (of district-wide records)');
SELECT is_empty($$ SELECT * FROM ansinh.pairing WHERE ward_code <> 'AK' $$,
                'a ward session reads no other ward''s pairing');
SELECT is_empty($$ SELECT * FROM ansinh.target WHERE ward_code = 'CG' $$,
                'nor another ward''s target');
SELECT is_empty($$ SELECT * FROM ansinh.programme_session_goods WHERE ward_code <> 'AK' $$,
                'nor another ward''s goods lines');

SELECT ansinh_test.context('auditor', NULL, 'T80 auditor', NULL, NULL);
SELECT ok((SELECT count(*) FROM ansinh.programme WHERE name LIKE 'T80%') = 3, 'an auditor reads every programme');
SELECT throws_ok(
    $$ INSERT INTO ansinh.job_week (ward_code, id, title, starts_on, ends_on)
       VALUES ('AK', '80000000-0000-7000-8000-0000000004f1', 'T80 Auditor', '2023-01-02', '2023-01-06') $$,
    '42501', NULL, 'an auditor cannot insert');
SELECT is((ansinh_api.job_week_create('a8000000-0000-7000-8000-000000000080', '80000000-0000-7000-8000-0000000004f2',
              'AK', 'T80 Auditor', '2023-01-02', '2023-01-06', NULL)).code,
          7, 'nor write through the API');

SELECT set_config('ansinh.role', '', true);
SELECT is_empty($$ SELECT * FROM ansinh.programme $$, 'without a context nothing is visible, district-wide rows included');
SELECT is_empty($$ SELECT * FROM ansinh.target $$, 'not even the district''s targets');

RESET ROLE;
SET LOCAL ROLE analyst;
SELECT ok((SELECT count(*) FROM ansinh.target_history) >= 3, 'analysts read the target history');
SELECT ok((SELECT count(*) FROM ansinh.programme_session_v WHERE programme_name LIKE 'T80%') = 3, 'and the session view');
SELECT throws_ok($$ INSERT INTO ansinh.target (id, year, metric, value)
                    VALUES ('80000000-0000-7000-8000-0000000005f2', 2030, 'pairings', 1) $$,
                 '42501', NULL, 'analysts cannot insert');
RESET ROLE;

-- ---------------------------------------------------------------- privileges
SELECT is_empty(
    $$ SELECT t FROM unnest(ARRAY['programme', 'programme_session', 'programme_session_goods',
                                  'programme_session_household', 'programme_session_donor', 'job_week',
                                  'employment_event', 'target_history', 'request_log']) AS t
        WHERE has_table_privilege('ansinh_api_owner', 'ansinh.' || t, 'UPDATE')
           OR NOT has_table_privilege('ansinh_api_owner', 'ansinh.' || t, 'SELECT, INSERT') $$,
    'the API''s owner inserts but never updates programmes, sessions, job weeks, events and the logs');
SELECT ok(has_table_privilege('ansinh_api_owner', 'ansinh.pairing', 'UPDATE')
          AND has_table_privilege('ansinh_api_owner', 'ansinh.target', 'UPDATE'),
          'it updates pairings (ended) and targets (re-set)');
SELECT ok(NOT has_table_privilege('ansinh_analyst', 'ansinh.request_log', 'INSERT'),
          'analysts write nothing');

-- ---------------------------------------------------------------- append-only, for everyone
SELECT throws_ok($$ UPDATE ansinh.target_history SET value = 0 $$,
                 '42501', 'ansinh.target_history is append-only: UPDATE is not allowed',
                 'target_history cannot be changed, even by a superuser');
SELECT throws_ok($$ DELETE FROM ansinh.audit_event WHERE scope = 'district' $$,
                 '42501', 'ansinh.audit_event is append-only: DELETE is not allowed',
                 'district audit events cannot be deleted');
SELECT throws_ok($$ UPDATE ansinh.request_log SET message = 'x' WHERE scope = 'district' $$,
                 '42501', 'ansinh.request_log is append-only: UPDATE is not allowed',
                 'district request log rows cannot be changed');
SELECT throws_ok($$ UPDATE ansinh.target SET year = 2024 WHERE id = '80000000-0000-7000-8000-000000000501' $$,
                 '23000', 'the id, year, ward and metric of a target cannot change',
                 'a target keeps its year, ward and metric');

-- ---------------------------------------------------------------- constraints (superuser)
CREATE TEMP TABLE bad (n serial, what text, stmt text, con text) ON COMMIT DROP;
INSERT INTO bad (what, stmt, con) VALUES
  ('programme kind not in the list',
   $$ INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind)
      VALUES (gen_random_uuid(), 'AK', 'T80 Bad', '80000000-0000-7000-8000-00000000000a', 'market') $$, 'programme_kind_word'),
  ('programme name not NFC',
   $$ INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind)
      VALUES (gen_random_uuid(), 'AK', normalize('T80 Hòa', NFD), '80000000-0000-7000-8000-00000000000a', 'other') $$, 'programme_name_text'),
  ('two district-wide programmes with one name',
   $$ INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind)
      VALUES (gen_random_uuid(), NULL, 'T80 Quà Tết', '80000000-0000-7000-8000-00000000000a', 'other') $$, 'programme_name_key'),
  ('empty schedule',
   $$ INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind, schedule)
      VALUES (gen_random_uuid(), 'AK', 'T80 Empty', '80000000-0000-7000-8000-00000000000a', 'other', '') $$, 'programme_schedule_text'),
  ('session in another ward than its programme',
   $$ INSERT INTO ansinh.programme_session (ward_code, id, programme_id, held_on)
      VALUES ('CG', gen_random_uuid(), '80000000-0000-7000-8000-000000000301', '2023-03-01') $$, 'programme_session_programme_ward'),
  ('negative beneficiaries',
   $$ INSERT INTO ansinh.programme_session (ward_code, id, programme_id, held_on, beneficiaries)
      VALUES ('AK', gen_random_uuid(), '80000000-0000-7000-8000-000000000301', '2023-03-01', -1) $$, 'programme_session_beneficiaries_range'),
  ('residential group 0',
   $$ INSERT INTO ansinh.programme_session (ward_code, id, programme_id, held_on, residential_group)
      VALUES ('AK', gen_random_uuid(), '80000000-0000-7000-8000-000000000301', '2023-03-01', 0) $$, 'programme_session_residential_group_range'),
  ('more households than beneficiaries',
   $$ INSERT INTO ansinh.programme_session_household (ward_code, session_id, household_id)
      VALUES ('AK', '80000000-0000-7000-8000-000000000603', '80000000-0000-7000-8000-000000000102') $$, 'programme_session_beneficiaries_households'),
  ('goods quantity 0',
   $$ INSERT INTO ansinh.programme_session_goods (ward_code, session_id, line, item, quantity, unit, value_vnd)
      VALUES ('AK', '80000000-0000-7000-8000-000000000603', 1, 'rau', 0, 'kg', 1) $$, 'programme_session_goods_quantity_range'),
  ('goods negative value',
   $$ INSERT INTO ansinh.programme_session_goods (ward_code, session_id, line, item, quantity, unit, value_vnd)
      VALUES ('AK', '80000000-0000-7000-8000-000000000603', 1, 'rau', 1, 'kg', -1) $$, 'programme_session_goods_value_range'),
  ('goods empty unit',
   $$ INSERT INTO ansinh.programme_session_goods (ward_code, session_id, line, item, quantity, unit, value_vnd)
      VALUES ('AK', '80000000-0000-7000-8000-000000000603', 1, 'rau', 1, '', 1) $$, 'programme_session_goods_unit_text'),
  ('the same goods line twice',
   $$ INSERT INTO ansinh.programme_session_goods (ward_code, session_id, line, item, quantity, unit, value_vnd)
      VALUES ('AK', '80000000-0000-7000-8000-000000000601', 1, 'rau', 1, 'kg', 1) $$, 'programme_session_goods_line_key'),
  ('pairing year 1999',
   $$ INSERT INTO ansinh.pairing (ward_code, id, organization_id, household_id, year, signed_on)
      VALUES ('AK', gen_random_uuid(), '80000000-0000-7000-8000-00000000000a', '80000000-0000-7000-8000-000000000102', 1999, '1999-01-01') $$, 'pairing_year_range'),
  ('pairing ended before signed',
   $$ INSERT INTO ansinh.pairing (ward_code, id, organization_id, household_id, year, signed_on, ended_on)
      VALUES ('AK', gen_random_uuid(), '80000000-0000-7000-8000-00000000000a', '80000000-0000-7000-8000-000000000102', 2023, '2023-05-01', '2023-04-01') $$, 'pairing_ended_after_signed'),
  ('pairing end note while open',
   $$ INSERT INTO ansinh.pairing (ward_code, id, organization_id, household_id, year, signed_on, end_note)
      VALUES ('AK', gen_random_uuid(), '80000000-0000-7000-8000-00000000000a', '80000000-0000-7000-8000-000000000102', 2023, '2023-05-01', 'why') $$, 'pairing_end_note_when_ended'),
  ('two open pairings, same household, organization and year',
   $$ INSERT INTO ansinh.pairing (ward_code, id, organization_id, household_id, year, signed_on)
      VALUES ('AK', gen_random_uuid(), '80000000-0000-7000-8000-00000000000b', '80000000-0000-7000-8000-000000000101', 2023, '2023-11-01') $$, 'pairing_open_key'),
  ('job week ending before it starts',
   $$ INSERT INTO ansinh.job_week (ward_code, id, title, starts_on, ends_on)
      VALUES ('AK', gen_random_uuid(), 'T80 Bad', '2023-05-10', '2023-05-01') $$, 'job_week_ends_after_start'),
  ('employment kind not in the list',
   $$ INSERT INTO ansinh.employment_event (ward_code, id, kind, person_name, occurred_on)
      VALUES ('AK', gen_random_uuid(), 'apprenticeship', 'X', '2023-01-01') $$, 'employment_event_kind_word'),
  ('event for nobody',
   $$ INSERT INTO ansinh.employment_event (ward_code, id, kind, occurred_on)
      VALUES ('AK', gen_random_uuid(), 'job-placement', '2023-01-01') $$, 'employment_event_member_or_name'),
  ('event for a member and a name',
   $$ INSERT INTO ansinh.employment_event (ward_code, id, kind, person_id, person_name, occurred_on)
      VALUES ('AK', gen_random_uuid(), 'job-placement', '80000000-0000-7000-8000-000000000201', 'X', '2023-01-01') $$, 'employment_event_member_or_name'),
  ('citizen ID on a member''s event',
   $$ INSERT INTO ansinh.employment_event (ward_code, id, kind, person_id, citizen_id, occurred_on)
      VALUES ('AK', gen_random_uuid(), 'job-placement', '80000000-0000-7000-8000-000000000201', '048300000809', '2023-01-01') $$, 'employment_event_citizen_id_of_named'),
  ('citizen ID of 11 digits',
   $$ INSERT INTO ansinh.employment_event (ward_code, id, kind, person_name, citizen_id, occurred_on)
      VALUES ('AK', gen_random_uuid(), 'job-placement', 'X', '80000000000', '2023-01-01') $$, 'employment_event_citizen_id_format'),
  ('event at another ward''s job week',
   $$ INSERT INTO ansinh.employment_event (ward_code, id, kind, person_name, occurred_on, job_week_id)
      VALUES ('AK', gen_random_uuid(), 'job-placement', 'X', '2023-01-01', '80000000-0000-7000-8000-000000000402') $$, 'employment_event_ward_code_job_week_id_fkey'),
  ('target metric not in the list',
   $$ INSERT INTO ansinh.target (id, year, metric, value) VALUES (gen_random_uuid(), 2023, 'poverty', 1) $$, 'target_metric_word'),
  ('negative target',
   $$ INSERT INTO ansinh.target (id, year, metric, value) VALUES (gen_random_uuid(), 2023, 'pairings', -1) $$, 'target_value_range'),
  ('a second district target for the same year and metric',
   $$ INSERT INTO ansinh.target (id, year, metric, value) VALUES (gen_random_uuid(), 2023, 'poor-exit', 1) $$, 'target_key');

-- The constraint that refused a statement (or its error, or NULL if none).
CREATE FUNCTION pg_temp.refused_by(stmt text) RETURNS text
    LANGUAGE plpgsql
AS $f$
DECLARE
    con text;
BEGIN
    EXECUTE stmt;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS con = CONSTRAINT_NAME;
    RETURN coalesce(nullif(con, ''), SQLERRM);
END
$f$;

SELECT is(pg_temp.refused_by(stmt), con, con || ' refuses ' || what) FROM bad ORDER BY n;

SELECT * FROM finish();
ROLLBACK;
