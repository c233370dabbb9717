-- 20_audit.sql — every write leaves an audit event saying who, with which
-- token, in which role and ward, what, and under which request_id; the audit
-- trail, the request log and the status history are append-only, for the
-- daemon by privilege and for everyone (even the owner) by trigger.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(26);

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'TT', 'Tam Thuận office',
                              '20000000-0000-7000-8000-0000000000e1', 'a2000000-0000-7000-8000-000000000001');
SELECT is((ansinh_api.household_create('a2000000-0000-7000-8000-000000000001', '20000000-0000-7000-8000-000000000001',
              'TT', 'T20-1', 'Lê Văn Bốn', 4, '12 Hà Huy Tập', NULL, true, false, 'poor', '2023-02-01')).code,
          0, 'setup: household created');

SELECT results_eq(
    $$ SELECT ward_code, actor, token_id, role, db_user, table_name, action, record_id, request_id
         FROM ansinh.audit_event
        WHERE record_id = '20000000-0000-7000-8000-000000000001' ORDER BY id $$,
    $$ VALUES ('TT', 'Tam Thuận office', '20000000-0000-7000-8000-0000000000e1'::uuid, 'ward', session_user::text COLLATE "default",
               'household', 'insert', '20000000-0000-7000-8000-000000000001'::uuid,
               'a2000000-0000-7000-8000-000000000001'::uuid),
              ('TT', 'Tam Thuận office', '20000000-0000-7000-8000-0000000000e1'::uuid, 'ward', session_user::text COLLATE "default",
               'household_status', 'insert', '20000000-0000-7000-8000-000000000001'::uuid,
               'a2000000-0000-7000-8000-000000000001'::uuid) $$,
    'creating a household records two audit events: the household and its first status');
SELECT is(row_data ->> 'head_name', 'Lê Văn Bốn', 'the audit event holds the row as written')
  FROM ansinh.audit_event WHERE record_id = '20000000-0000-7000-8000-000000000001' AND table_name = 'household';
SELECT ok(NOT row_data ? 'head_name_folded', 'generated search columns are left out of the recorded row')
  FROM ansinh.audit_event WHERE record_id = '20000000-0000-7000-8000-000000000001' AND table_name = 'household';
SELECT results_eq(
    $$ SELECT ward_code, operation, code, record_id, actor, token_id FROM ansinh.request_log
        WHERE request_id = 'a2000000-0000-7000-8000-000000000001' $$,
    $$ VALUES ('TT', 'household_create', 0, '20000000-0000-7000-8000-000000000001'::uuid,
               'Tam Thuận office', '20000000-0000-7000-8000-0000000000e1'::uuid) $$,
    'the request log records the request');

-- The write function makes its request_id the context's, even when the
-- caller's set_context named another (or none).
SELECT ansinh_test.context('ward', 'TT', 'Tam Thuận office', '20000000-0000-7000-8000-0000000000e1', NULL);
SELECT is((ansinh_api.household_update('a2000000-0000-7000-8000-000000000002', NULL, 'TT', 'T20-1',
              NULL, NULL, NULL, '0905 111 222', NULL, NULL, NULL, NULL, NULL)).code,
          0, 'setup: household updated');
SELECT results_eq(
    $$ SELECT action, changed, request_id FROM ansinh.audit_event
        WHERE record_id = '20000000-0000-7000-8000-000000000001' AND table_name = 'household'
        ORDER BY id $$,
    $$ VALUES ('insert', NULL::text[], 'a2000000-0000-7000-8000-000000000001'::uuid),
              ('update', ARRAY['phone'], 'a2000000-0000-7000-8000-000000000002'::uuid) $$,
    'an update records the columns it changed and its request_id');

SELECT is((ansinh_api.household_update('a2000000-0000-7000-8000-000000000003', NULL, 'TT', 'T20-1',
              'Lê Văn Bốn', NULL, NULL, '0905 111 222', NULL, NULL, 'poor', NULL, NULL)).message,
          'household T20-1 in ward TT is unchanged', 'an update that changes nothing says so');
SELECT is(count(*)::integer, 2, 'and records no audit event')
  FROM ansinh.audit_event WHERE record_id = '20000000-0000-7000-8000-000000000001' AND table_name = 'household';
UPDATE ansinh.household SET phone = phone WHERE id = '20000000-0000-7000-8000-000000000001';
SELECT is(count(*)::integer, 2, 'a direct no-op UPDATE records no audit event either')
  FROM ansinh.audit_event WHERE record_id = '20000000-0000-7000-8000-000000000001' AND table_name = 'household';

SELECT is(created_at, now(), 'created_at is the transaction time')
  FROM ansinh.household WHERE id = '20000000-0000-7000-8000-000000000001';
UPDATE ansinh.household SET created_at = '2000-01-01', residential_group = 5
 WHERE id = '20000000-0000-7000-8000-000000000001';
SELECT is(created_at, now(), 'created_at cannot be changed')
  FROM ansinh.household WHERE id = '20000000-0000-7000-8000-000000000001';

-- ---------------------------------------------------------------- the daemon cannot rewrite history
SELECT throws_ok($$ UPDATE ansinh.audit_event SET actor = 'someone else' $$,
    '42501', 'permission denied for table audit_event', 'the daemon cannot UPDATE audit_event');
SELECT throws_ok($$ DELETE FROM ansinh.audit_event $$,
    '42501', 'permission denied for table audit_event', 'the daemon cannot DELETE audit_event');
SELECT throws_ok($$ TRUNCATE ansinh.audit_event $$,
    '42501', 'permission denied for table audit_event', 'the daemon cannot TRUNCATE audit_event');
SELECT throws_ok($$ UPDATE ansinh.request_log SET message = 'forged' $$,
    '42501', 'permission denied for table request_log', 'the daemon cannot UPDATE request_log');
SELECT throws_ok($$ DELETE FROM ansinh.request_log $$,
    '42501', 'permission denied for table request_log', 'the daemon cannot DELETE request_log');
SELECT throws_ok($$ UPDATE ansinh.household_status SET status = 'none' $$,
    '42501', 'permission denied for table household_status', 'the daemon cannot UPDATE household_status');
SELECT throws_ok($$ DELETE FROM ansinh.household_status $$,
    '42501', 'permission denied for table household_status', 'the daemon cannot DELETE household_status');

-- ---------------------------------------------------------------- nor can the owner, nor a superuser
RESET ROLE;
SET LOCAL ROLE ansinh_owner;
SELECT ansinh_test.context('district', NULL, 'owner', NULL, NULL);
-- (CASCADE: the seals (0001_baseline, part 8) refer to audit_event; without it the foreign
-- key refuses first.)
SET LOCAL client_min_messages = warning;
SELECT throws_ok($$ TRUNCATE ansinh.audit_event CASCADE $$,
    '42501', 'ansinh.audit_event is append-only: TRUNCATE is not allowed', 'the owner cannot TRUNCATE audit_event');
SELECT throws_ok($$ TRUNCATE ansinh.request_log $$,
    '42501', 'ansinh.request_log is append-only: TRUNCATE is not allowed', 'the owner cannot TRUNCATE request_log');
RESET ROLE;
-- A superuser bypasses row-level security, so these reach the triggers.
SELECT throws_ok($$ UPDATE ansinh.audit_event SET actor = 'someone else' $$,
    '42501', 'ansinh.audit_event is append-only: UPDATE is not allowed', 'even a superuser cannot UPDATE audit_event');
SELECT throws_ok($$ DELETE FROM ansinh.audit_event $$,
    '42501', 'ansinh.audit_event is append-only: DELETE is not allowed', 'even a superuser cannot DELETE audit_event');
SELECT throws_ok($$ DELETE FROM ansinh.request_log $$,
    '42501', 'ansinh.request_log is append-only: DELETE is not allowed', 'even a superuser cannot DELETE request_log');
SELECT throws_ok($$ UPDATE ansinh.household_status SET since = since $$,
    '42501', 'ansinh.household_status is append-only: UPDATE is not allowed', 'even a superuser cannot UPDATE household_status');
SELECT throws_ok($$ TRUNCATE ansinh.household_status CASCADE $$,
    '42501', 'ansinh.household_status is append-only: TRUNCATE is not allowed', 'even a superuser cannot TRUNCATE household_status');

SELECT * FROM finish();
ROLLBACK;
