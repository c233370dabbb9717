-- 71_household_create_many.sql — household creates of a batch in one call
-- (0107; set-wise through ansinh.household_write_set since 0122): rows of two wards' tokens in one statement, each answered and
-- logged under its own token; a batch mixing good rows, an invalid row, a
-- replay, a request id given twice, a ward token writing another ward and a
-- taken code answers each row as household_create does and commits the
-- good ones; the audit trail and the status history carry each row's
-- request id, and a later write of the same transaction its own.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(20);
-- Which rows went the per-row way: household_create's calls in this transaction.
SET LOCAL track_functions = 'all';

-- The tokens (made by the helper, which also sets a context).
SELECT ansinh_test.context('ward', 'AK', 'An Khê office', NULL, NULL);
SELECT ansinh_test.context('ward', 'KD', 'Khuê Trung office', NULL, NULL);
CREATE TEMP TABLE t71 (name text, hex text, id uuid);
INSERT INTO t71
SELECT t.name, encode(t.token_sha256, 'hex'), t.id FROM ansinh.api_token AS t
 WHERE t.token_sha256 IN (ansinh_test.token_sha256('ward', 'AK', 'An Khê office'),
                          ansinh_test.token_sha256('ward', 'KD', 'Khuê Trung office'));
GRANT SELECT ON t71 TO PUBLIC;
CREATE TEMP TABLE r71 (batch integer, ord bigint, code integer, message text, id uuid, ward_code text,
                       replayed boolean);
GRANT ALL ON r71 TO PUBLIC;

SET LOCAL ROLE ansinhd;

-- ---------------------------------------------------------------- two wards' tokens, one statement
INSERT INTO r71
SELECT 1, o.ordinality, o.code, o.message, o.id, o.ward_code, o.replayed
  FROM ansinh_api.household_create_many(
           ARRAY[(SELECT hex FROM t71 WHERE name = 'An Khê office'), (SELECT hex FROM t71 WHERE name = 'Khuê Trung office'),
                 (SELECT hex FROM t71 WHERE name = 'An Khê office'), (SELECT hex FROM t71 WHERE name = 'Khuê Trung office')],
           ARRAY['a7100000-0000-7000-8000-000000000001', 'a7100000-0000-7000-8000-000000000002',
                 'a7100000-0000-7000-8000-000000000003', 'a7100000-0000-7000-8000-000000000004']::uuid[],
           ARRAY['AK', 'KD', '', 'KD'],
           ARRAY['71000000-0000-7000-8000-000000000001', '71000000-0000-7000-8000-000000000002',
                 '71000000-0000-7000-8000-000000000003', '71000000-0000-7000-8000-000000000004']::uuid[],
           ARRAY['S71-001', 'S71-002', ' S71-003 ', 'S71-004'],
           ARRAY['  Phạm   Thị Năm ', 'Lê Văn Hai', 'Trần Thị Ba', 'Võ Văn Bốn'],
           ARRAY[3, NULL, 0, 7]::integer[],
           ARRAY[' K45/2 Điện Biên Phủ ', NULL, '', 'Tổ 7'],
           ARRAY['0236 3 123 456', NULL, NULL, ''],
           ARRAY[true, false, NULL, false], ARRAY[false, true, false, NULL],
           ARRAY['poor', 'near-poor', 'poor', 'poor'],
           ARRAY['2023-03-01', NULL, NULL, '2024-01-02']::date[],
           ARRAY[NULL, NULL, NULL, NULL]::text[]) WITH ORDINALITY AS o;

SELECT is((SELECT calls FROM pg_stat_xact_user_functions
            WHERE schemaname = 'ansinh_api' AND funcname = 'household_create'), NULL,
          'four new households of two tokens: none went through household_create');
SELECT results_eq(
    $$ SELECT ord, code, message, id, ward_code, replayed FROM r71 WHERE batch = 1 ORDER BY ord $$,
    $$ VALUES (1::bigint, 0, 'household S71-001 created in ward AK', '71000000-0000-7000-8000-000000000001'::uuid, 'AK', false),
              (2, 0, 'household S71-002 created in ward KD', '71000000-0000-7000-8000-000000000002'::uuid, 'KD', false),
              (3, 0, 'household S71-003 created in ward AK', '71000000-0000-7000-8000-000000000003'::uuid, 'AK', false),
              (4, 0, 'household S71-004 created in ward KD', '71000000-0000-7000-8000-000000000004'::uuid, 'KD', false) $$,
    'four creates of two wards'' tokens in one call: one outcome each, in order');
RESET ROLE;
SELECT results_eq(
    $$ SELECT ward_code, code, head_name, residential_group::integer, address, phone, policy, special_difficulty, status,
              status_since
         FROM ansinh.household WHERE code LIKE 'S71-00%' ORDER BY code $$,
    $$ VALUES ('AK', 'S71-001', 'Phạm Thị Năm', 3, 'K45/2 Điện Biên Phủ', '0236 3 123 456', true, false, 'poor', '2023-03-01'::date),
              ('KD', 'S71-002', 'Lê Văn Hai', NULL, NULL, NULL, false, true, 'near-poor', ansinh.today()),
              ('AK', 'S71-003', 'Trần Thị Ba', NULL, NULL, NULL, false, false, 'poor', ansinh.today()),
              ('KD', 'S71-004', 'Võ Văn Bốn', 7, 'Tổ 7', NULL, false, false, 'poor', '2024-01-02'::date) $$,
    'the rows are stored cleaned as household_create stores them');
SELECT results_eq(
    $$ SELECT l.request_id, l.ward_code, l.operation, l.code, l.record_id, l.actor, l.token_id
         FROM ansinh.request_log AS l WHERE l.request_id::text LIKE 'a7100000-%' ORDER BY l.request_id $$,
    $$ SELECT x.r::uuid, x.w, 'household_create', 0, x.h::uuid, t.name, t.id
         FROM (VALUES ('a7100000-0000-7000-8000-000000000001', 'AK', '71000000-0000-7000-8000-000000000001', 'An Khê office'),
                      ('a7100000-0000-7000-8000-000000000002', 'KD', '71000000-0000-7000-8000-000000000002', 'Khuê Trung office'),
                      ('a7100000-0000-7000-8000-000000000003', 'AK', '71000000-0000-7000-8000-000000000003', 'An Khê office'),
                      ('a7100000-0000-7000-8000-000000000004', 'KD', '71000000-0000-7000-8000-000000000004', 'Khuê Trung office'))
              AS x (r, w, h, n)
         JOIN t71 AS t ON t.name = x.n ORDER BY 1 $$,
    'each request-log row carries its own token and actor');
SELECT results_eq(
    $$ SELECT e.record_id, e.request_id, e.actor, e.ward_code FROM ansinh.audit_event AS e
        WHERE e.table_name = 'household' AND e.record_id::text LIKE '71000000-%' ORDER BY e.record_id $$,
    $$ VALUES ('71000000-0000-7000-8000-000000000001'::uuid, 'a7100000-0000-7000-8000-000000000001'::uuid, 'An Khê office', 'AK'),
              ('71000000-0000-7000-8000-000000000002', 'a7100000-0000-7000-8000-000000000002', 'Khuê Trung office', 'KD'),
              ('71000000-0000-7000-8000-000000000003', 'a7100000-0000-7000-8000-000000000003', 'An Khê office', 'AK'),
              ('71000000-0000-7000-8000-000000000004', 'a7100000-0000-7000-8000-000000000004', 'Khuê Trung office', 'KD') $$,
    'the audit trail names each row''s own request and actor');
SELECT results_eq(
    $$ SELECT s.household_id, s.request_id, s.recorded_by FROM ansinh.household_status AS s
        WHERE s.household_id::text LIKE '71000000-%' ORDER BY 1 $$,
    $$ VALUES ('71000000-0000-7000-8000-000000000001'::uuid, 'a7100000-0000-7000-8000-000000000001'::uuid, 'An Khê office'),
              ('71000000-0000-7000-8000-000000000002', 'a7100000-0000-7000-8000-000000000002', 'Khuê Trung office'),
              ('71000000-0000-7000-8000-000000000003', 'a7100000-0000-7000-8000-000000000003', 'An Khê office'),
              ('71000000-0000-7000-8000-000000000004', 'a7100000-0000-7000-8000-000000000004', 'Khuê Trung office') $$,
    'one status-history row each, with its request id');

-- ---------------------------------------------------------------- a mixed batch
SET LOCAL ROLE ansinhd;
INSERT INTO r71
SELECT 2, o.ordinality, o.code, o.message, o.id, o.ward_code, o.replayed
  FROM ansinh_api.household_create_many(
           (SELECT array_agg(t.hex ORDER BY x.i)
              FROM unnest(ARRAY['An Khê office', 'An Khê office', 'Khuê Trung office', 'An Khê office',
                                'Khuê Trung office', 'Khuê Trung office', 'An Khê office'])
                   WITH ORDINALITY AS x (n, i)
              JOIN t71 AS t ON t.name = x.n),
           ARRAY['b7100000-0000-7000-8000-000000000001', 'b7100000-0000-7000-8000-000000000002',
                 'a7100000-0000-7000-8000-000000000002', 'b7100000-0000-7000-8000-000000000004',
                 'b7100000-0000-7000-8000-000000000005', 'b7100000-0000-7000-8000-000000000005',
                 'b7100000-0000-7000-8000-000000000007']::uuid[],
           ARRAY['AK', 'AK', 'KD', 'KD', 'KD', 'KD', 'AK'],
           ARRAY['71000000-0000-7000-8000-000000000011', '71000000-0000-7000-8000-000000000012',
                 '71000000-0000-7000-8000-000000000002', '71000000-0000-7000-8000-000000000014',
                 '71000000-0000-7000-8000-000000000015', '71000000-0000-7000-8000-000000000015',
                 '71000000-0000-7000-8000-000000000017']::uuid[],
           ARRAY['S71-011', 'S71-012', 'S71-002', 'S71-014', 'S71-015', 'S71-015', 'S71-001'],
           ARRAY['Đặng Văn Mười', '   ', 'Lê Văn Hai', 'Ngô Thị Mười Bốn', 'Hồ Văn Mười Lăm', 'Hồ Văn Mười Lăm',
                 'Ai Khác'],
           ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL]::integer[],
           ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL]::text[],
           ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL]::text[],
           ARRAY[false, false, false, false, false, false, false],
           ARRAY[false, false, true, false, false, false, false],
           ARRAY['poor', 'poor', 'near-poor', 'poor', 'poor', 'poor', 'poor'],
           ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL]::date[],
           ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL]::text[]) WITH ORDINALITY AS o;

SELECT is(count(*)::integer, 7, 'seven rows in, seven outcomes out') FROM r71 WHERE batch = 2;
SELECT is((SELECT calls::integer FROM pg_stat_xact_user_functions
            WHERE schemaname = 'ansinh_api' AND funcname = 'household_create'), 2,
          'only the two deliveries of one request id went through household_create (0122): the invalid, replayed, refused and taken rows were answered set-wise');
SELECT results_eq(
    $$ SELECT code, message, ward_code, replayed FROM r71 WHERE batch = 2 AND ord IN (1, 5) ORDER BY ord $$,
    $$ VALUES (0, 'household S71-011 created in ward AK', 'AK', false),
              (0, 'household S71-015 created in ward KD', 'KD', false) $$,
    'the good rows beside bad ones are created');
SELECT is((SELECT code FROM r71 WHERE batch = 2 AND ord = 2), 3,
          'a row household_create finds invalid answers INVALID_ARGUMENT');
SELECT results_eq(
    $$ SELECT code, message, id, ward_code, replayed FROM r71 WHERE batch = 2 AND ord = 3 $$,
    $$ SELECT code, message, id, ward_code, true FROM r71 WHERE batch = 1 AND ord = 2 $$,
    'a replayed request id answers the stored outcome, replayed');
SELECT results_eq(
    $$ SELECT code, message FROM r71 WHERE batch = 2 AND ord = 4 $$,
    $$ VALUES (7, 'a session of ward AK may not write records of ward KD') $$,
    'a ward token writing another ward is refused, inside the mixed batch');
SELECT results_eq(
    $$ SELECT code, message, id, ward_code, replayed FROM r71 WHERE batch = 2 AND ord = 6 $$,
    $$ SELECT code, message, id, ward_code, true FROM r71 WHERE batch = 2 AND ord = 5 $$,
    'the same request id twice in one batch: the second is a replay, as a second delivery');
SELECT is((SELECT code FROM r71 WHERE batch = 2 AND ord = 7), 6,
          'a code the ward has already answers ALREADY_EXISTS');
RESET ROLE;
SELECT results_eq(
    $$ SELECT code FROM ansinh.household WHERE code LIKE 'S71-01%' ORDER BY code $$,
    $$ VALUES ('S71-011'), ('S71-015') $$,
    'only the good rows were written, once');
SELECT is((SELECT count(*)::integer FROM ansinh.request_log WHERE request_id::text LIKE 'b7100000-%'), 2,
          'and logged: the refused and invalid rows are not');

-- The per-row function gives the invalid row the same answer.
SELECT ansinh_test.context('ward', 'AK', 'An Khê office', NULL, NULL);
SET LOCAL ROLE ansinhd;
SELECT results_eq(
    $$ SELECT code, message, id, ward_code FROM ansinh_api.household_create(
           'b7100000-0000-7000-8000-000000000002', '71000000-0000-7000-8000-000000000012', 'AK', 'S71-012',
           '   ', NULL, NULL, NULL, false, false, 'poor', NULL) $$,
    $$ SELECT code, message, id, ward_code FROM r71 WHERE batch = 2 AND ord = 2 $$,
    'household_create answers the invalid row as the batch did');

SELECT throws_ok(
    $$ SELECT * FROM ansinh_api.household_create_many(ARRAY['00'], ARRAY[]::uuid[], ARRAY[]::text[], ARRAY[]::uuid[],
           ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::integer[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::boolean[],
           ARRAY[]::boolean[], ARRAY[]::text[], ARRAY[]::date[], ARRAY[]::text[]) $$,
    '22023', NULL, 'arrays of different lengths are refused');
RESET ROLE;

-- A later write in the same transaction, to a household the batch wrote
-- set-wise: its audit event carries its own request id, not the batch
-- row's (the request map is cleared after the set-wise statement).
SELECT ansinh_test.context('ward', 'AK', 'An Khê office', NULL, NULL);
SET LOCAL ROLE ansinhd;
SELECT is((ansinh_api.household_update('c7100000-0000-7000-8000-000000000001', '71000000-0000-7000-8000-000000000011',
                                       'AK', NULL, 'Đặng Văn Mười Một', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                       NULL)).code, 0, 'a household the batch wrote is updated in the same transaction');
RESET ROLE;
SELECT results_eq(
    $$ SELECT e.action, e.request_id FROM ansinh.audit_event AS e
        WHERE e.table_name = 'household' AND e.record_id = '71000000-0000-7000-8000-000000000011' ORDER BY e.id $$,
    $$ VALUES ('insert', 'b7100000-0000-7000-8000-000000000001'::uuid),
              ('update', 'c7100000-0000-7000-8000-000000000001'::uuid) $$,
    'the update''s audit event carries its own request id, the set-wise insert''s the batch row''s');

SELECT * FROM finish();
ROLLBACK;
