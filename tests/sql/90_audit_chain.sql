-- 90_audit_chain.sql — the seals of the audit trail (0001_baseline, part 8): the daemon may
-- make seals through ansinh.seal_audit_events but never write, change or
-- delete one; seals chain without gaps; a seal's hash and its events'
-- digests recompute from the data alone, whatever the session's settings;
-- limits; append-only for everyone; and the likely-duplicates read.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(55);

-- ---------------------------------------------------------------- structure
SELECT has_table('ansinh', 'audit_seal', 'table audit_seal exists');
SELECT has_table('ansinh', 'audit_seal_event', 'table audit_seal_event exists');
SELECT col_type_is('ansinh', 'audit_event', 'xact', 'xid8', 'audit_event.xact is the writing transaction (xid8)');
SELECT has_role('ansinh_sealer');
SELECT ok(p.prosecdef AND p.proowner = 'ansinh_sealer'::regrole
          AND 'search_path=pg_catalog, ansinh, pg_temp' = ANY (p.proconfig),
          'seal_audit_events is SECURITY DEFINER, owned by ansinh_sealer, with a fixed search_path')
  FROM pg_proc AS p WHERE p.oid = 'ansinh.seal_audit_events(integer,boolean)'::regprocedure;
SELECT ok(has_function_privilege('ansinh_daemon', 'ansinh_api.seal_audit_events(integer,boolean)', 'EXECUTE')
          AND NOT has_function_privilege('ansinh_daemon', 'ansinh.seal_audit_events(integer,boolean)', 'EXECUTE')
          AND NOT has_function_privilege('ansinh_analyst', 'ansinh.seal_audit_events(integer,boolean)', 'EXECUTE'),
          'the daemon may seal (through ansinh_api); analysts may not');
SELECT is_empty(
    $$ SELECT t, p FROM unnest(ARRAY['ansinh.audit_seal', 'ansinh.audit_seal_event']) AS t,
                        unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p
        WHERE has_table_privilege('ansinh_daemon', t, p) OR has_table_privilege('ansinh_analyst', t, p) $$,
    'neither the daemon nor analysts may write seals directly');

-- ---------------------------------------------------------------- the daemon seals
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'XH', 'Xuân Hà office', NULL, NULL);
SELECT is((ansinh_api.household_create('90000000-0000-7000-8000-000000000a01', '90000000-0000-7000-8000-000000000001',
              'XH', 'X90-1', 'Nguyễn Văn Chín', 9, NULL, NULL, false, false, 'poor', '2023-01-01')).code,
          0, 'setup: household X90-1');
SELECT is((ansinh_api.household_create('90000000-0000-7000-8000-000000000a02', '90000000-0000-7000-8000-000000000002',
              'XH', 'X90-2', 'Lê Thị Mười', 9, NULL, NULL, false, false, 'near-poor', '2023-01-01')).code,
          0, 'setup: household X90-2');

SELECT results_eq(
    $$ SELECT seal_id, event_count, first_event_id, more FROM ansinh.seal_audit_events(1000, false) $$,
    $$ SELECT 1::bigint,
              (SELECT count(*) FROM ansinh.audit_event)::integer,
              (SELECT min(id) FROM ansinh.audit_event
                WHERE scope NOT IN ('district', 'reference')), false $$,
    'the daemon''s role makes seal 1, holding every event (of the three trails: the migrations'' own too)');
SELECT is_empty($$ SELECT * FROM ansinh.seal_audit_events(1000, false) $$,
    'with nothing left to seal, no seal is made');

SELECT throws_ok($$ INSERT INTO ansinh.audit_seal (id, event_count, first_event_id, last_event_id, next_xact, prev_hash, hash)
                    VALUES (9, 1, 1, 1, '0', decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex')) $$,
    '42501', 'permission denied for table audit_seal', 'the daemon cannot forge a seal');
SELECT throws_ok($$ UPDATE ansinh.audit_seal SET sealed_by = 'someone' $$,
    '42501', 'permission denied for table audit_seal', 'the daemon cannot UPDATE a seal');
SELECT throws_ok($$ DELETE FROM ansinh.audit_seal $$,
    '42501', 'permission denied for table audit_seal', 'the daemon cannot DELETE a seal');
SELECT throws_ok($$ TRUNCATE ansinh.audit_seal $$,
    '42501', 'permission denied for table audit_seal', 'the daemon cannot TRUNCATE seals');
SELECT throws_ok($$ UPDATE ansinh.audit_seal_event SET digest = digest $$,
    '42501', 'permission denied for table audit_seal_event', 'the daemon cannot UPDATE a sealed event''s digest');
SELECT throws_ok($$ DELETE FROM ansinh.audit_seal_event $$,
    '42501', 'permission denied for table audit_seal_event', 'the daemon cannot DELETE a sealed event');
SELECT throws_ok($$ UPDATE ansinh.audit_event SET actor = 'someone' $$,
    '42501', 'permission denied for table audit_event', 'the daemon cannot UPDATE an audit event');
SELECT throws_ok($$ DELETE FROM ansinh.audit_event $$,
    '42501', 'permission denied for table audit_event', 'the daemon cannot DELETE an audit event');

-- ---------------------------------------------------------------- limits and the chain
SELECT is((ansinh_api.household_update('90000000-0000-7000-8000-000000000a03', '90000000-0000-7000-8000-000000000001',
              'XH', NULL, NULL, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).code, 0, 'setup: an update');
SELECT is((ansinh_api.household_create('90000000-0000-7000-8000-000000000a04', '90000000-0000-7000-8000-000000000003',
              'XH', 'X90-3', 'Phan Văn Một', 9, NULL, NULL, false, false, 'poor', '2023-01-01')).code,
          0, 'setup: household X90-3 (two events)');
SELECT results_eq($$ SELECT seal_id, event_count, more FROM ansinh.seal_audit_events(2, true) $$,
    $$ VALUES (2::bigint, 2, true) $$, 'at most max_events per seal; more says events were left');
SELECT results_eq($$ SELECT seal_id, event_count, more FROM ansinh.seal_audit_events(2, true) $$,
    $$ VALUES (3::bigint, 1, false) $$, 'the next seal takes the rest');
SELECT throws_ok($$ SELECT * FROM ansinh.seal_audit_events(0, true) $$,
    '22023', NULL, 'max_events must be at least 1');
RESET ROLE;

SELECT results_eq($$ SELECT id FROM ansinh.audit_seal ORDER BY id $$, $$ VALUES (1::bigint), (2), (3) $$,
    'seals are numbered 1, 2, 3 without gaps');
SELECT is(prev_hash, decode(repeat('00', 32), 'hex'), 'seal 1 starts from 32 zero bytes')
  FROM ansinh.audit_seal WHERE id = 1;
SELECT is_empty(
    $$ SELECT s.id FROM ansinh.audit_seal AS s JOIN ansinh.audit_seal AS p ON p.id = s.id - 1
        WHERE s.prev_hash <> p.hash $$,
    'each seal''s prev_hash is the hash of the seal before it');
SELECT is((SELECT next_xact FROM ansinh.audit_seal WHERE id = 2),
          (SELECT next_xact FROM ansinh.audit_seal WHERE id = 1),
          'a seal cut short by max_events does not move the horizon on');
SELECT is((SELECT sum(event_count)::bigint FROM ansinh.audit_seal),
          (SELECT count(*) FROM ansinh.audit_event),
          'every event is in exactly one seal');
SELECT is_empty(
    $$ SELECT s.id FROM ansinh.audit_seal AS s
        WHERE (s.first_event_id, s.last_event_id, s.event_count)
              IS DISTINCT FROM (SELECT (min(i.event_id) FILTER (WHERE i.event_scope NOT IN ('district', 'reference')),
                                        max(i.event_id) FILTER (WHERE i.event_scope NOT IN ('district', 'reference')),
                                        count(*)::integer)
                                  FROM ansinh.audit_seal_event AS i WHERE i.seal_id = s.id) $$,
    'each seal''s count (of every scope) and id range (of its ward events) describe its events');

-- ---------------------------------------------------------------- determinism
SELECT is_empty(
    $$ SELECT s.id FROM ansinh.audit_seal AS s
        WHERE s.hash <> ansinh.audit_seal_hash(s.prev_hash, ansinh.audit_seal_header(s),
                         ARRAY(SELECT i.digest
                                 FROM (SELECT CASE i.event_scope WHEN 'district' THEN 2 WHEN 'reference' THEN 3
                                                   ELSE 1 END AS t, i.seal_id, i.event_id, i.digest
                                         FROM ansinh.audit_seal_event AS i) AS i
                                WHERE i.seal_id = s.id ORDER BY i.t, i.event_id)) $$,
    'every seal''s hash recomputes from its prev_hash, header and event digests');
SELECT is_empty(
    $$ SELECT i.event_id FROM ansinh.audit_seal_event AS i
         JOIN ansinh.audit_event AS e ON e.scope = i.event_scope AND e.id = i.event_id
        WHERE i.digest <> sha256(convert_to(ansinh.audit_event_canon(e)::text, 'UTF8'))
           OR i.sealed <> ansinh.audit_event_canon(e) $$,
    'every sealed digest and copy recompute from the event');
SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh';
SET LOCAL DateStyle = 'SQL, DMY';
SET LOCAL IntervalStyle = 'postgres_verbose';
SELECT is_empty(
    $$ SELECT i.event_id FROM ansinh.audit_seal_event AS i
         JOIN ansinh.audit_event AS e ON e.scope = i.event_scope AND e.id = i.event_id
        WHERE i.digest <> sha256(convert_to(ansinh.audit_event_canon(e)::text, 'UTF8')) $$,
    'the digests do not depend on the session''s TimeZone or DateStyle');
SELECT is_empty(
    $$ SELECT s.id FROM ansinh.audit_seal AS s
        WHERE s.hash <> ansinh.audit_seal_hash(s.prev_hash, ansinh.audit_seal_header(s),
                         ARRAY(SELECT i.digest
                                 FROM (SELECT CASE i.event_scope WHEN 'district' THEN 2 WHEN 'reference' THEN 3
                                                   ELSE 1 END AS t, i.seal_id, i.event_id, i.digest
                                         FROM ansinh.audit_seal_event AS i) AS i
                                WHERE i.seal_id = s.id ORDER BY i.t, i.event_id)) $$,
    'nor do the seal hashes');
RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
SELECT ok(ansinh.audit_event_canon(e) ->> 'recorded_at' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$',
          'the canonical time is RFC 3339 UTC with microseconds')
  FROM ansinh.audit_event AS e ORDER BY e.id LIMIT 1;
SELECT is(ansinh.audit_seal_hash('\x00'::bytea, 'h', ARRAY['\x01'::bytea, '\x02'::bytea]),
          ansinh.audit_seal_hash('\x00'::bytea, 'h', ARRAY['\x01'::bytea, '\x02'::bytea]),
          'the chain step is a function of its inputs');
SELECT is(ansinh.audit_seal_hash('\x00'::bytea, 'h', ARRAY['\x01'::bytea, '\x02'::bytea]),
          sha256('\x00'::bytea || convert_to('h', 'UTF8') || '\x0102'::bytea),
          'the chain step is sha256(prev_hash || header || digests)');
SELECT isnt(ansinh.audit_seal_hash('\x00'::bytea, 'h', ARRAY['\x01'::bytea, '\x02'::bytea]),
            ansinh.audit_seal_hash('\x00'::bytea, 'h', ARRAY['\x02'::bytea, '\x01'::bytea]),
            'the order of the digests counts');

-- ---------------------------------------------------------------- append-only for everyone
SET LOCAL ROLE ansinh_owner;
SELECT throws_ok($$ UPDATE ansinh.audit_seal SET sealed_by = 'someone' $$,
    '42501', 'ansinh.audit_seal is append-only: UPDATE is not allowed', 'the owner cannot UPDATE a seal');
SELECT throws_ok($$ DELETE FROM ansinh.audit_seal_event $$,
    '42501', 'ansinh.audit_seal_event is append-only: DELETE is not allowed', 'the owner cannot DELETE a sealed event');
SET LOCAL client_min_messages = warning; -- (the cascade's NOTICE)
SELECT throws_ok($$ TRUNCATE ansinh.audit_seal CASCADE $$,
    '42501', 'ansinh.audit_seal is append-only: TRUNCATE is not allowed', 'the owner cannot TRUNCATE seals');
-- Being a member of ansinh_sealer (to give it the function) lets the owner
-- read nothing through the sealer's policy (it reads as a member of
-- ansinh_analyst since 0011).
SELECT is(pg_get_expr(polqual, polrelid), '(CURRENT_USER = ''ansinh_sealer''::name)',
          'the sealer''s policy is the sealer''s alone')
  FROM pg_policy WHERE polrelid = 'ansinh.audit_event'::regclass AND polname = 'sealer_read';
RESET ROLE;
SELECT throws_ok($$ DELETE FROM ansinh.audit_seal $$,
    '42501', 'ansinh.audit_seal is append-only: DELETE is not allowed', 'even a superuser cannot DELETE a seal');
ALTER TABLE ansinh.audit_event DISABLE TRIGGER audit_event_append_only;
SELECT throws_ok($$ DELETE FROM ansinh.audit_event WHERE id = (SELECT min(event_id) FROM ansinh.audit_seal_event) $$,
    '23503', NULL, 'with the append-only trigger disabled, a sealed event still cannot be deleted (foreign key)');
ALTER TABLE ansinh.audit_event ENABLE TRIGGER audit_event_append_only;

SET LOCAL ROLE analyst;
SELECT is(count(*)::integer, 3, 'analysts read the seals') FROM ansinh.audit_seal;
SELECT throws_ok($$ SELECT * FROM ansinh.seal_audit_events(10, true) $$,
    '42501', 'permission denied for function seal_audit_events', 'analysts cannot seal');
RESET ROLE;

-- ---------------------------------------------------------------- likely duplicates
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT is((ansinh_api.household_create('90000000-0000-7000-8000-000000000a05', '90000000-0000-7000-8000-000000000004',
              'VT', 'V90-1', 'Hồ Văn Tám', 9, NULL, NULL, false, false, 'poor', '2023-01-01')).code,
          0, 'setup: household V90-1 in Vĩnh Trung');
SELECT is((ansinh_api.member_create(r, i, NULL, h, NULL, n, b, NULL, NULL, NULL, NULL, NULL, NULL)).code, 0,
          'setup: member ' || n || coalesce(' ' || b, ''))
  FROM (VALUES ('90000000-0000-7000-8000-000000000b01'::uuid, '90000000-0000-7000-8000-000000000101'::uuid,
                '90000000-0000-7000-8000-000000000001'::uuid, 'Nguyễn Văn Chín', '1970-01-01'::date),
               ('90000000-0000-7000-8000-000000000b02', '90000000-0000-7000-8000-000000000102',
                '90000000-0000-7000-8000-000000000004', 'NGUYEN VAN CHIN', '1970-01-01'),
               ('90000000-0000-7000-8000-000000000b03', '90000000-0000-7000-8000-000000000103',
                '90000000-0000-7000-8000-000000000004', 'Nguyễn Văn Chín', NULL),
               ('90000000-0000-7000-8000-000000000b04', '90000000-0000-7000-8000-000000000104',
                '90000000-0000-7000-8000-000000000002', 'Nguyễn Văn Chín', '1971-01-01')) AS m (r, i, h, n, b)
 ORDER BY r;
SELECT results_eq(
    $$ SELECT group_no, ward_code, household_code, full_name, birth_date FROM ansinh_api.member_duplicates(NULL, 0) $$,
    $$ VALUES (1, 'VT', 'V90-1', 'NGUYEN VAN CHIN', '1970-01-01'), (1, 'XH', 'X90-1', 'Nguyễn Văn Chín', '1970-01-01') $$,
    'the same folded name and birth date, across wards; no birth date or another date: not listed');
SELECT is(count(*)::integer, 2, 'a ward filter keeps whole groups with someone in that ward')
  FROM ansinh_api.member_duplicates('XH', 0);
SELECT is_empty($$ SELECT * FROM ansinh_api.member_duplicates('AK', 0) $$, 'and drops the others');
SELECT ansinh_test.context('ward', 'XH', 'Xuân Hà office', NULL, NULL);
SELECT throws_ok($$ SELECT * FROM ansinh_api.member_duplicates(NULL, 0) $$,
    '42501', 'likely duplicates across wards are listed for the district role only',
    'a ward session may not list duplicates');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
