-- 05_privileges.sql — the daemon's database login can call the API and
-- nothing else (sql/migrations/0011): each forgery of issue 10 ("the
-- daemon's database login can forge history") is refused.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(17);

-- A live ward token of An Khê, as `ansinhd token create` makes it.
INSERT INTO ansinh.api_token (id, name, role, ward_code, token_sha256)
VALUES ('05000000-0000-7000-8000-0000000000a1', 'T05 An Khê', 'ward', 'AK',
        sha256(convert_to('t05-ak-token', 'UTF8')));

CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text
    LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;

SET LOCAL ROLE ansinhd;

-- ---------------------------------------------------------------- direct SQL
SELECT throws_ok($$ SELECT * FROM ansinh.api_token $$, '42501', NULL,
    'the daemon login cannot read the token hashes');
SELECT throws_ok(
    $$ INSERT INTO ansinh.audit_event (ward_code, actor, table_name, action, record_id, row_data)
       VALUES ('AK', 'someone else', 'household', 'insert', gen_random_uuid(), '{}') $$,
    '42501', NULL, 'the daemon login cannot insert an audit event');
SELECT throws_ok(
    $$ INSERT INTO ansinh.request_log (ward_code, request_id, operation, code, message, record_id, actor)
       VALUES ('AK', '05000000-0000-7000-8000-0000000000f1', 'household_create', 0, 'OK', gen_random_uuid(), 'x') $$,
    '42501', NULL, 'the daemon login cannot pre-insert a request-log row');
SELECT throws_ok($$ SELECT * FROM ansinh.household $$, '42501', NULL,
    'the daemon login cannot read a table directly');
SELECT throws_ok($$ SELECT ansinh.start_write('05000000-0000-7000-8000-0000000000f1', 'household_create') $$,
    '42501', NULL, 'the daemon login cannot call the helpers behind the API');

-- ---------------------------------------------------------------- forged contexts
SELECT throws_ok($$ SELECT ansinh_api.set_context(sha256(convert_to('no such token', 'UTF8')), NULL) $$,
    '28000', 'set_context: no live token has this SHA-256',
    'set_context refuses a hash that is no live token');

-- Settings set by hand, without set_context: nothing is admitted.
SELECT set_config('ansinh.role', 'district', true), set_config('ansinh.ward', '', true),
       set_config('ansinh.actor', 'forger', true),
       set_config('ansinh.token_id', '05000000-0000-7000-8000-0000000000a1', true);
SELECT throws_ok(
    $$ SELECT ansinh_api.household_create('05000000-0000-7000-8000-0000000000f2', '05000000-0000-7000-8000-000000000001',
           'KD', 'T05-KD-1', 'Kẻ Giả', 1, NULL, NULL, false, false, 'poor', '2023-01-01') $$,
    '42501', NULL, 'a hand-set district context cannot write');

-- A real ward context, then the role changed by hand: refused.
SELECT ansinh_api.set_context(sha256(convert_to('t05-ak-token', 'UTF8')), NULL);
SELECT is((ansinh_api.household_create('05000000-0000-7000-8000-0000000000f3', '05000000-0000-7000-8000-000000000002',
              'AK', 'T05-AK-1', 'Người Thật', 1, NULL, NULL, false, false, 'poor', '2023-01-01')).code, 0,
          'set_context with the live token: its ward may write');
SELECT set_config('ansinh.role', 'district', true), set_config('ansinh.ward', '', true);
SELECT throws_ok(
    $$ SELECT ansinh_api.household_create('05000000-0000-7000-8000-0000000000f4', '05000000-0000-7000-8000-000000000003',
           'KD', 'T05-KD-2', 'Kẻ Giả', 1, NULL, NULL, false, false, 'poor', '2023-01-01') $$,
    '42501', NULL, 'a ward context turned district by hand cannot write another ward');
SELECT is((SELECT count(*)::integer FROM ansinh_api.household_list('KD', NULL, NULL, 10, 0)), 0,
          'nor read another ward');

-- The actor changed by hand after set_context: nothing is admitted, so no
-- audit event can carry it.
SELECT ansinh_api.set_context(sha256(convert_to('t05-ak-token', 'UTF8')), NULL);
SELECT set_config('ansinh.actor', 'somebody else', true);
SELECT throws_ok(
    $$ SELECT ansinh_api.household_create('05000000-0000-7000-8000-0000000000f5', '05000000-0000-7000-8000-000000000004',
           'AK', 'T05-AK-2', 'Người Giả', 1, NULL, NULL, false, false, 'poor', '2023-01-01') $$,
    '42501', NULL, 'a context with a forged actor cannot write');

-- The audit event of the real write names the token's holder.
RESET ROLE;
SELECT is(actor || '/' || role || '/' || token_id::text, 'T05 An Khê/ward/05000000-0000-7000-8000-0000000000a1',
          'the audit event carries the token''s name, role and id')
  FROM ansinh.audit_event WHERE record_id = '05000000-0000-7000-8000-000000000002';

-- A context of an earlier transaction does not carry over: the row is
-- bound to the transaction's start.
SELECT is((SELECT count(*)::integer FROM ansinh.request_context
            WHERE backend_pid = pg_backend_pid() AND xact_start = now()), 1,
          'set_context recorded its context for this transaction');

-- The policies read the context once per statement (init plans), not the
-- SECURITY DEFINER context functions once per row.
SET LOCAL ROLE ansinh_api_owner;
SELECT ok(p ~ 'InitPlan' AND p !~ 'Filter: [^\n]*context_', 'row-level security reads the context once per statement')
  FROM (SELECT string_agg(l, E'\n') AS p FROM pg_temp.plan('SELECT * FROM ansinh.household') AS l) AS x;
RESET ROLE;

-- ---------------------------------------------------------------- the seal lock
SET LOCAL ROLE analyst;
SELECT throws_ok($$ SELECT FROM ansinh.seal_lock FOR UPDATE $$, '42501', NULL,
    'an analyst cannot take the sealer''s lock');
RESET ROLE;
SET LOCAL ROLE ansinhd;
SELECT ok(EXISTS (SELECT FROM ansinh_api.seal_audit_events(1000, false)),
          'the daemon seals through ansinh_api');

SELECT * FROM finish();
ROLLBACK;
