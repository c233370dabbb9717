-- 92_audit_trails.sql — the three audit trails in one chain (0001_baseline, part 8): the
-- district and reference trails have their transaction ids, canonical forms
-- and seal items; poverty standards are audited; a seal takes the events of
-- every trail, in the order its hash takes them, and its digests and hash
-- recompute; the new seal items are append-only and out of the daemon's
-- and analysts' reach, a sealed event held by its foreign key.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(27);

-- ---------------------------------------------------------------- structure
SELECT has_table('ansinh', 'audit_seal_district_event', 'table audit_seal_district_event exists');
SELECT has_table('ansinh', 'audit_seal_reference_event', 'table audit_seal_reference_event exists');
SELECT col_type_is('ansinh', 'district_audit_event', 'xact', 'xid8', 'district_audit_event.xact is the writing transaction');
SELECT col_type_is('ansinh', 'reference_audit_event', 'xact', 'xid8', 'reference_audit_event.xact is the writing transaction');
SELECT col_is_null('ansinh', 'audit_seal', 'first_event_id', 'a seal may hold no ward event: first_event_id may be NULL');
SELECT ok(EXISTS (SELECT FROM pg_trigger
                   WHERE tgrelid = 'ansinh.poverty_standard'::regclass
                     AND tgfoid = 'ansinh.audit_reference_row()'::regprocedure AND tgenabled = 'O'),
          'poverty_standard carries the reference audit trigger');
SELECT is_empty(
    $$ SELECT s.code, s.area FROM ansinh.poverty_standard AS s
        WHERE NOT EXISTS (SELECT FROM ansinh.reference_audit_event AS e
                           WHERE e.table_name = 'poverty_standard' AND e.record_key = s.id::text
                             AND e.row_data = to_jsonb(s)) $$,
    'every standard row the migration found has an insert event recording it exactly');
SELECT is_empty(
    $$ SELECT t, r, p FROM unnest(ARRAY['ansinh.audit_seal_district_event', 'ansinh.audit_seal_reference_event']) AS t,
                           unnest(ARRAY['ansinh_daemon', 'ansinh_analyst']) AS r,
                           unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p
        WHERE has_table_privilege(r, t, p) $$,
    'neither the daemon nor analysts may write the new seal items');
SELECT ok(has_table_privilege('ansinh_analyst', 'ansinh.audit_seal_district_event', 'SELECT')
          AND has_table_privilege('ansinh_analyst', 'ansinh.audit_seal_reference_event', 'SELECT')
          AND NOT has_table_privilege('ansinh_daemon', 'ansinh.audit_seal_district_event', 'SELECT'),
          'analysts read the seal items (to verify); the daemon does not');
SELECT ok(has_table_privilege('ansinh_sealer', 'ansinh.audit_seal_district_event', 'INSERT')
          AND has_table_privilege('ansinh_sealer', 'ansinh.audit_seal_reference_event', 'INSERT')
          AND has_table_privilege('ansinh_sealer', 'ansinh.district_audit_event', 'SELECT')
          AND has_table_privilege('ansinh_sealer', 'ansinh.reference_audit_event', 'SELECT')
          AND NOT has_table_privilege('ansinh_sealer', 'ansinh.district_audit_event', 'INSERT'),
          'the sealer reads the other trails and appends their seal items, nothing more');

-- ---------------------------------------------------------------- writes of every trail, then a seal
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SELECT is((ansinh_api.target_set('92000000-0000-7000-8000-000000000a01', '92000000-0000-7000-8000-000000000001',
              2030, NULL, 'poor-exit', 100)).code, 0, 'setup: a district target (district trail)');
SELECT is((ansinh_api.fund_create('92000000-0000-7000-8000-000000000a02', 'trail-fund', 'Quỹ thử 92')).code, 0,
          'setup: a fund (reference trail)');
SELECT is((ansinh_api.standard_create('92000000-0000-7000-8000-000000000a03', '92000000-0000-7000-8000-000000000003',
              'test-92', 'urban', 'Chuẩn thử 92', 'city', '2030-01-01', '2030-12-31', 3000000, 0, 0, 0, NULL)).code,
          0, 'setup: a standard');
SELECT results_eq(
    $$ SELECT actor, role, table_name, action, record_key, request_id::text
         FROM ansinh.reference_audit_event WHERE table_name = 'poverty_standard' AND record_key = '92000000-0000-7000-8000-000000000003' $$,
    $$ VALUES ('district office', 'district', 'poverty_standard', 'insert', '92000000-0000-7000-8000-000000000003',
               '92000000-0000-7000-8000-000000000a03') $$,
    'a standard added through the API is audited: who, role, table, key, request');
SELECT ansinh_test.context('ward', 'XH', 'Xuân Hà office', NULL, NULL);
SELECT is((ansinh_api.household_create('92000000-0000-7000-8000-000000000a04', '92000000-0000-7000-8000-000000000004',
              'XH', 'X92-1', 'Nguyễn Văn Chín Hai', 9, NULL, NULL, false, false, 'poor', '2023-01-01')).code,
          0, 'setup: a household (ward trail)');
SELECT results_eq($$ SELECT seal_id, more FROM ansinh.seal_audit_events(1000, false) $$,
                  $$ VALUES (1::bigint, false) $$, 'the daemon''s role seals');
RESET ROLE;

SELECT is((SELECT event_count::bigint FROM ansinh.audit_seal WHERE id = 1),
          (SELECT count(*) FROM ansinh.audit_event) + (SELECT count(*) FROM ansinh.district_audit_event)
          + (SELECT count(*) FROM ansinh.reference_audit_event),
          'seal 1 holds every event of the three trails');
SELECT is_empty(
    $$ SELECT e.id FROM ansinh.district_audit_event AS e
        WHERE NOT EXISTS (SELECT FROM ansinh.audit_seal_district_event AS i WHERE i.event_id = e.id)
       UNION ALL
       SELECT e.id FROM ansinh.reference_audit_event AS e
        WHERE NOT EXISTS (SELECT FROM ansinh.audit_seal_reference_event AS i WHERE i.event_id = e.id) $$,
    'no district or reference event is left unsealed');
SELECT is_empty(
    $$ SELECT i.event_id FROM ansinh.audit_seal_district_event AS i
         JOIN ansinh.district_audit_event AS e ON e.id = i.event_id
        WHERE i.digest <> sha256(convert_to(ansinh.audit_district_event_canon(e)::text, 'UTF8'))
           OR i.sealed <> ansinh.audit_district_event_canon(e) $$,
    'every sealed district digest and copy recompute from the event');
SELECT is_empty(
    $$ SELECT i.event_id FROM ansinh.audit_seal_reference_event AS i
         JOIN ansinh.reference_audit_event AS e ON e.id = i.event_id
        WHERE i.digest <> sha256(convert_to(ansinh.audit_reference_event_canon(e)::text, 'UTF8'))
           OR i.sealed <> ansinh.audit_reference_event_canon(e) $$,
    'every sealed reference digest and copy recompute from the event');
SELECT is(s.hash,
          ansinh.audit_seal_hash(s.prev_hash, ansinh.audit_seal_header(s),
              ARRAY(SELECT i.digest
                      FROM (SELECT 1 AS t, i.event_id, i.digest FROM ansinh.audit_seal_event AS i WHERE i.seal_id = 1
                            UNION ALL
                            SELECT 2, i.event_id, i.digest FROM ansinh.audit_seal_district_event AS i WHERE i.seal_id = 1
                            UNION ALL
                            SELECT 3, i.event_id, i.digest FROM ansinh.audit_seal_reference_event AS i WHERE i.seal_id = 1) AS i
                     ORDER BY i.t, i.event_id)),
          'the seal''s hash takes ward, then district, then reference digests, each by id')
  FROM ansinh.audit_seal AS s WHERE s.id = 1;
SELECT is(ansinh.audit_district_event_canon(e) ->> 'trail', 'district', 'a district event''s canonical form names its trail')
  FROM ansinh.district_audit_event AS e ORDER BY e.id LIMIT 1;
SELECT is(ansinh.audit_reference_event_canon(e) ->> 'trail', 'reference', 'a reference event''s canonical form names its trail')
  FROM ansinh.reference_audit_event AS e ORDER BY e.id LIMIT 1;

-- ---------------------------------------------------------------- append-only
SET LOCAL ROLE ansinh_owner;
SELECT throws_ok($$ DELETE FROM ansinh.audit_seal_district_event $$,
    '42501', 'ansinh.audit_seal_district_event is append-only: DELETE is not allowed',
    'the owner cannot DELETE a sealed district event');
SELECT throws_ok($$ UPDATE ansinh.audit_seal_reference_event SET digest = digest $$,
    '42501', 'ansinh.audit_seal_reference_event is append-only: UPDATE is not allowed',
    'the owner cannot UPDATE a sealed reference event');
RESET ROLE;
ALTER TABLE ansinh.district_audit_event DISABLE TRIGGER district_audit_event_append_only;
SELECT throws_ok($$ DELETE FROM ansinh.district_audit_event WHERE id = (SELECT min(event_id) FROM ansinh.audit_seal_district_event) $$,
    '23503', NULL, 'with the append-only trigger disabled, a sealed district event still cannot be deleted (foreign key)');
ALTER TABLE ansinh.district_audit_event ENABLE TRIGGER district_audit_event_append_only;
ALTER TABLE ansinh.reference_audit_event DISABLE TRIGGER reference_audit_event_append_only;
SELECT throws_ok($$ DELETE FROM ansinh.reference_audit_event WHERE id = (SELECT min(event_id) FROM ansinh.audit_seal_reference_event) $$,
    '23503', NULL, 'nor a sealed reference event');
ALTER TABLE ansinh.reference_audit_event ENABLE TRIGGER reference_audit_event_append_only;

SELECT * FROM finish();
ROLLBACK;
