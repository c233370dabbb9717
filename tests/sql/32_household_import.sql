-- 32_household_import.sql — household_import (0105), a chunk of
-- `ansinh import households` set-wise: good and bad rows in one chunk (each
-- answered, the good ones written), a replayed chunk writing nothing, rows
-- created one way replayed the other, the rows, status history and request
-- log the same as household_create's, another ward refused per row, the
-- limit of 2,000 rows.
BEGIN;
SELECT plan(20);

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'HK', 'Hòa Khê office', NULL, NULL);

CREATE TEMP TABLE chunk AS
SELECT * FROM ansinh_api.household_import(
    'b3200000-0000-7000-8000-000000000000',
    ARRAY['b3200000-0000-7000-8000-000000000001', 'b3200000-0000-7000-8000-000000000002',
          'b3200000-0000-7000-8000-000000000003', 'b3200000-0000-7000-8000-000000000004',
          'b3200000-0000-7000-8000-000000000005']::uuid[],
    ARRAY[2, 3, 5, 6, 7],
    ARRAY['32000000-0000-7000-8000-000000000001', '32000000-0000-7000-8000-000000000002',
          '32000000-0000-7000-8000-000000000003', '32000000-0000-7000-8000-000000000004',
          '32000000-0000-7000-8000-000000000005']::uuid[],
    ARRAY['HK', '', '', 'HK', 'AK'],
    ARRAY['T32-001', 'T32-002', 'T32-003', 'T32-001', 'T32-005'],
    ARRAY['  Phạm   Thị Năm ', 'Lê Văn Hai', 'Trần Thị Ba', 'Ai Khác', 'Ngô Văn Năm'],
    ARRAY[7, 0, 3, 0, 0],
    ARRAY[' K45/2 Điện Biên Phủ ', '', '', '', ''],
    ARRAY['0236 3 123 456', '12', '', '', ''],
    ARRAY[false, false, true, false, false],
    ARRAY[true, false, false, false, false],
    ARRAY['poor', 'poor', 'near-poor', 'poor', 'poor'],
    ARRAY['2023-03-01', '', '2024-01-02', '', '']);

SELECT results_eq(
    $$ SELECT code, message, replayed, row_lines, row_codes, row_replayed FROM chunk $$,
    $$ VALUES (0, '5 rows', false, ARRAY[2, 3, 5, 6, 7], ARRAY[0, 3, 0, 6, 7],
               ARRAY[false, false, false, false, false]) $$,
    'one outcome per row, in order, with its line: the bad rows do not fail the good ones');
SELECT is((SELECT row_messages FROM chunk),
          ARRAY['household T32-001 created in ward HK',
                (SELECT ansinh.household_problem('T32-002', 'Lê Văn Hai', NULL, NULL, '12', 'poor', ansinh.today())),
                'household T32-003 created in ward HK',
                'household code ''T32-001'' already exists in ward HK',
                (SELECT ansinh.write_refusal('AK'))],
          'each message is the one household_create gives');
SELECT results_eq(
    $$ SELECT code, head_name, residential_group, address, phone, policy, special_difficulty, status, status_since
         FROM ansinh.household WHERE code LIKE 'T32-%' ORDER BY code $$,
    $$ VALUES ('T32-001', 'Phạm Thị Năm', 7::smallint, 'K45/2 Điện Biên Phủ', '0236 3 123 456', false, true, 'poor', '2023-03-01'::date),
              ('T32-003', 'Trần Thị Ba', 3::smallint, NULL, NULL, true, false, 'near-poor', '2024-01-02'::date) $$,
    'the good rows are written, cleaned as household_create cleans them');
SELECT results_eq(
    $$ SELECT h.code, s.status, s.since, s.recorded_by, s.request_id
         FROM ansinh.household_status AS s JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
        WHERE h.code LIKE 'T32-%' ORDER BY h.code $$,
    $$ VALUES ('T32-001', 'poor', '2023-03-01'::date, 'Hòa Khê office', 'b3200000-0000-7000-8000-000000000001'::uuid),
              ('T32-003', 'near-poor', '2024-01-02'::date, 'Hòa Khê office', 'b3200000-0000-7000-8000-000000000003'::uuid) $$,
    'each has its first status-history row, under its own request id');
SELECT results_eq(
    $$ SELECT ward_code, request_id, operation, code, message, record_id, actor
         FROM ansinh.request_log WHERE request_id::text LIKE 'b3200000-%' ORDER BY request_id $$,
    $$ VALUES ('HK', 'b3200000-0000-7000-8000-000000000001'::uuid, 'household_create', 0,
               'household T32-001 created in ward HK', '32000000-0000-7000-8000-000000000001'::uuid, 'Hòa Khê office'),
              ('HK', 'b3200000-0000-7000-8000-000000000003'::uuid, 'household_create', 0,
               'household T32-003 created in ward HK', '32000000-0000-7000-8000-000000000003'::uuid, 'Hòa Khê office') $$,
    'the request log holds each written row as a household_create');
SELECT results_eq(
    $$ SELECT table_name, record_id, request_id FROM ansinh.audit_event
        WHERE record_id IN ('32000000-0000-7000-8000-000000000001', '32000000-0000-7000-8000-000000000003')
        ORDER BY record_id, table_name $$,
    $$ VALUES ('household', '32000000-0000-7000-8000-000000000001'::uuid, 'b3200000-0000-7000-8000-000000000001'::uuid),
              ('household_status', '32000000-0000-7000-8000-000000000001', 'b3200000-0000-7000-8000-000000000001'),
              ('household', '32000000-0000-7000-8000-000000000003', 'b3200000-0000-7000-8000-000000000003'),
              ('household_status', '32000000-0000-7000-8000-000000000003', 'b3200000-0000-7000-8000-000000000003') $$,
    'the audit trigger recorded the households and their status rows, each under its row''s own request id (0122)');
SELECT is((SELECT count(*)::integer FROM ansinh.household WHERE ward_code = 'AK' AND code = 'T32-005'), 0,
          'nothing was written in the other ward');

-- ---------------------------------------------------------------- replay
SELECT results_eq(
    $$ SELECT row_codes, row_replayed FROM ansinh_api.household_import(
           'b3200000-0000-7000-8000-000000000000',
           ARRAY['b3200000-0000-7000-8000-000000000001', 'b3200000-0000-7000-8000-000000000003']::uuid[],
           ARRAY[2, 5],
           ARRAY['32000000-0000-7000-8000-000000000001', '32000000-0000-7000-8000-000000000003']::uuid[],
           ARRAY['HK', ''], ARRAY['T32-001', 'T32-003'], ARRAY['Phạm Thị Năm', 'Trần Thị Ba'],
           ARRAY[7, 3], ARRAY['K45/2 Điện Biên Phủ', ''], ARRAY['0236 3 123 456', ''],
           ARRAY[false, true], ARRAY[true, false], ARRAY['poor', 'near-poor'], ARRAY['2023-03-01', '2024-01-02']) $$,
    $$ VALUES (ARRAY[0, 0], ARRAY[true, true]) $$,
    'a replayed chunk answers its written rows replayed');
SELECT is((SELECT count(*)::integer FROM ansinh.household WHERE code LIKE 'T32-%'), 2, 'and writes no household');
SELECT is((SELECT count(*)::integer FROM ansinh.household_status AS s JOIN ansinh.household AS h
             ON h.ward_code = s.ward_code AND h.id = s.household_id WHERE h.code LIKE 'T32-%'), 2,
          'no status-history row');
SELECT is((SELECT count(*)::integer FROM ansinh.request_log WHERE request_id::text LIKE 'b3200000-%'), 2,
          'and no request-log row');

-- ---------------------------------------------------------------- the same as household_create
SELECT is((ansinh_api.household_create(
              'b3200000-0000-7000-8000-000000000010', '32000000-0000-7000-8000-000000000010', NULL, 'T32-010',
              'Đỗ Thị Mười', 12, 'Tổ 12', '0905 123 456', true, false, 'near-poor', '2022-05-06')).code,
          0, 'one household by household_create');
SELECT is((SELECT row_codes FROM ansinh_api.household_import(
              'b3200000-0000-7000-8000-000000000019',
              ARRAY['b3200000-0000-7000-8000-000000000011']::uuid[], ARRAY[2],
              ARRAY['32000000-0000-7000-8000-000000000011']::uuid[], ARRAY[''], ARRAY['T32-011'],
              ARRAY['Đỗ Thị Mười'], ARRAY[12], ARRAY['Tổ 12'], ARRAY['0905 123 456'], ARRAY[true], ARRAY[false],
              ARRAY['near-poor'], ARRAY['2022-05-06'])),
          ARRAY[0], 'the same household by household_import');
SELECT results_eq(
    $$ SELECT ward_code, head_name, residential_group, address, phone, policy, special_difficulty, status, status_since
         FROM ansinh.household WHERE code = 'T32-011' $$,
    $$ SELECT ward_code, head_name, residential_group, address, phone, policy, special_difficulty, status, status_since
         FROM ansinh.household WHERE code = 'T32-010' $$,
    'the household rows are the same');
SELECT results_eq(
    $$ SELECT s.ward_code, s.status, s.since, s.recorded_by FROM ansinh.household_status AS s
        WHERE s.household_id = '32000000-0000-7000-8000-000000000011' $$,
    $$ SELECT s.ward_code, s.status, s.since, s.recorded_by FROM ansinh.household_status AS s
        WHERE s.household_id = '32000000-0000-7000-8000-000000000010' $$,
    'the status-history rows are the same');
SELECT results_eq(
    $$ SELECT ward_code, operation, code, replace(message, 'T32-011', 'T32-0xx'), actor, token_id
         FROM ansinh.request_log WHERE request_id = 'b3200000-0000-7000-8000-000000000011' $$,
    $$ SELECT ward_code, operation, code, replace(message, 'T32-010', 'T32-0xx'), actor, token_id
         FROM ansinh.request_log WHERE request_id = 'b3200000-0000-7000-8000-000000000010' $$,
    'the request-log rows are the same');
SELECT results_eq(
    $$ SELECT row_codes, row_replayed, row_messages FROM ansinh_api.household_import(
           'b3200000-0000-7000-8000-000000000020',
           ARRAY['b3200000-0000-7000-8000-000000000010']::uuid[], ARRAY[9],
           ARRAY['32000000-0000-7000-8000-000000000010']::uuid[], ARRAY[''], ARRAY['T32-010'],
           ARRAY['Đỗ Thị Mười'], ARRAY[12], ARRAY['Tổ 12'], ARRAY['0905 123 456'], ARRAY[true], ARRAY[false],
           ARRAY['near-poor'], ARRAY['2022-05-06']) $$,
    $$ VALUES (ARRAY[0], ARRAY[true], ARRAY['household T32-010 created in ward HK']) $$,
    'a row household_create wrote is replayed by household_import');

-- ---------------------------------------------------------------- the log lookup
-- Each row's request id is one index lookup in the request log (0124): a
-- join that scanned the whole log (its row-level security filter on every
-- row of it) once per chunk grew with the log.
CREATE TEMP TABLE scans AS
SELECT pg_stat_get_xact_numscans('ansinh.request_log'::regclass) AS n;
CREATE TEMP TABLE big AS
SELECT * FROM ansinh_api.household_import(
    'b3200000-0000-7000-8000-000000000040',
    (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 1000)),
    (SELECT array_agg(g) FROM generate_series(1, 1000) AS g),
    (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 1000)),
    array_fill(''::text, ARRAY[1000]), (SELECT array_agg('T32-B' || g) FROM generate_series(1, 1000) AS g),
    array_fill('Ai Đó'::text, ARRAY[1000]), array_fill(0, ARRAY[1000]), array_fill(''::text, ARRAY[1000]),
    array_fill(''::text, ARRAY[1000]), array_fill(false, ARRAY[1000]), array_fill(false, ARRAY[1000]),
    array_fill('poor'::text, ARRAY[1000]), array_fill(''::text, ARRAY[1000]));
SELECT results_eq(
    $$ SELECT (SELECT bool_and(c = 0) FROM unnest(row_codes) AS c),
              pg_stat_get_xact_numscans('ansinh.request_log'::regclass) - (SELECT n FROM scans)
         FROM big $$,
    $$ VALUES (true, 0::bigint) $$,
    'a chunk of 1,000 rows is written without a scan of the request log');

-- ---------------------------------------------------------------- limits
SELECT results_eq(
    $$ SELECT code, message FROM ansinh_api.household_import(
           'b3200000-0000-7000-8000-000000000030',
           (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 2001)),
           (SELECT array_agg(g) FROM generate_series(1, 2001) AS g),
           (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 2001)),
           array_fill(''::text, ARRAY[2001]), (SELECT array_agg('T32-L' || g) FROM generate_series(1, 2001) AS g),
           array_fill('Ai Đó'::text, ARRAY[2001]), array_fill(0, ARRAY[2001]), array_fill(''::text, ARRAY[2001]),
           array_fill(''::text, ARRAY[2001]), array_fill(false, ARRAY[2001]), array_fill(false, ARRAY[2001]),
           array_fill('poor'::text, ARRAY[2001]), array_fill(''::text, ARRAY[2001])) $$,
    $$ VALUES (3, 'rows: 2001 rows, at most 2000 in one import request') $$,
    'a chunk over 2,000 rows is refused whole');
SELECT results_eq(
    $$ SELECT code, message FROM ansinh_api.household_import(
           'b3200000-0000-7000-8000-000000000031',
           ARRAY['b3200000-0000-7000-8000-000000000031']::uuid[], ARRAY[2, 3],
           ARRAY['32000000-0000-7000-8000-000000000031']::uuid[], ARRAY[''], ARRAY['T32-031'],
           ARRAY['Ai Đó'], ARRAY[0], ARRAY[''], ARRAY[''], ARRAY[false], ARRAY[false], ARRAY['poor'], ARRAY['']) $$,
    $$ VALUES (3, 'rows: every column needs one value per row') $$,
    'columns of different lengths are refused');

SELECT * FROM finish();
ROLLBACK;
