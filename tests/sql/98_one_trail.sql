-- 98_one_trail.sql — one request log and one audit trail keyed by a scope
-- (0120, 0121): one table each (the district and reference twins gone), a
-- replay in each scope through the one start_write, every audited table's
-- triggers calling the one function, FOR EACH STATEMENT with transition
-- tables (no per-row catalogue lookup), the trigger arguments up to date
-- with the catalogue, and a seal over events of mixed scopes whose digests
-- and hash recompute.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(23);

-- ---------------------------------------------------------------- one table each
SELECT hasnt_table('ansinh', 'district_request_log', 'no district_request_log');
SELECT hasnt_table('ansinh', 'reference_request_log', 'no reference_request_log');
SELECT hasnt_table('ansinh', 'district_audit_event', 'no district_audit_event');
SELECT hasnt_table('ansinh', 'reference_audit_event', 'no reference_audit_event');
SELECT hasnt_table('ansinh', 'audit_seal_district_event', 'no audit_seal_district_event');
SELECT hasnt_table('ansinh', 'audit_seal_reference_event', 'no audit_seal_reference_event');
SELECT col_is_pk('ansinh', 'request_log', ARRAY['scope', 'request_id'], 'request_log is keyed by (scope, request_id)');
SELECT col_is_pk('ansinh', 'audit_event', ARRAY['scope', 'id'], 'audit_event is keyed by (scope, id)');
SELECT col_is_null('ansinh', 'audit_event', 'ward_code', 'audit_event.ward_code may be NULL');

-- ---------------------------------------------------------------- one trigger
SELECT is_empty(
    $$ SELECT t.tgname FROM pg_trigger AS t
        JOIN pg_proc AS p ON p.oid = t.tgfoid
       WHERE p.proname ~ '^audit_' AND p.pronamespace = 'ansinh'::regnamespace
         AND t.tgfoid <> 'ansinh.audit_trail()'::regprocedure
         AND p.prorettype = 'trigger'::regtype $$,
    'no audit trigger calls anything but ansinh.audit_trail()');
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace = 'ansinh'::regnamespace AND prorettype = 'trigger'::regtype
              AND proname ~ '^audit_'), 1, 'one audit trigger function');
SELECT is_empty(
    $$ SELECT t.tgname FROM pg_trigger AS t
       WHERE t.tgfoid = 'ansinh.audit_trail()'::regprocedure
         AND (t.tgtype & 1 <> 0 OR t.tgnewtable IS NULL) $$,
    'every audit trigger is FOR EACH STATEMENT with a NEW TABLE (set-wise, no per-row lookup)');
SELECT is_empty(
    $$ SELECT c.relname FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
       WHERE t.tgfoid = 'ansinh.audit_trail()'::regprocedure
       GROUP BY c.relname
      HAVING count(*) FILTER (WHERE t.tgtype & 4 <> 0) <> 1
          OR count(*) FILTER (WHERE t.tgtype & 16 <> 0 AND t.tgoldtable IS NOT NULL) <> 1 $$,
    'every audited table has one insert and one update audit trigger');
SELECT ok((SELECT count(DISTINCT tgrelid) FROM pg_trigger
            WHERE tgfoid = 'ansinh.audit_trail()'::regprocedure) >= 34,
          'every audited table (34 at 0121) carries it');
-- The arguments (key, kind, primary key, generated columns) match the
-- catalogue: a generated column added without audit_attach would leak
-- into row_data, a changed key would break the pairing of updates.
SELECT is_empty(
    $$ SELECT c.relname
         FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
         CROSS JOIN LATERAL (SELECT string_to_array(encode(t.tgargs, 'escape'), '\000') AS a) AS g
        WHERE t.tgfoid = 'ansinh.audit_trail()'::regprocedure
          AND (g.a[3] IS DISTINCT FROM
                  (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                     FROM pg_index AS i
                    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
                     JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                    WHERE i.indrelid = c.oid AND i.indisprimary)
               OR (g.a[2] = 'record' AND g.a[4] IS DISTINCT FROM
                  (SELECT coalesce(string_agg(a.attname, ',' ORDER BY a.attnum), '')
                     FROM pg_attribute AS a
                    WHERE a.attrelid = c.oid AND a.attgenerated <> '' AND a.attnum > 0
                      AND NOT a.attisdropped))) $$,
    'every audit trigger''s primary key and generated columns are the catalogue''s');

-- ---------------------------------------------------------------- a write in each scope
SELECT ansinh_test.context('ward', 'AK', 'trail-ward', NULL, '01900000-0000-7000-8000-00000000f001');
SELECT ansinh_api.household_create('01900000-0000-7000-8000-00000000f001', '01900000-0000-7000-8000-00000000fa01',
                                   'AK', 'AK-9801', 'Lê Văn Một', 1, '1 Trần Phú', NULL, false, false, 'poor',
                                   '2024-01-01');
SELECT ansinh_test.context('district', NULL, 'trail-district', NULL, '01900000-0000-7000-8000-00000000f002');
SELECT ansinh_api.target_set('01900000-0000-7000-8000-00000000f002', '01900000-0000-7000-8000-00000000fd01',
                             2026, NULL, 'pairings', 12);
SELECT ansinh_test.context('district', NULL, 'trail-district', NULL, '01900000-0000-7000-8000-00000000f003');
SELECT ansinh_api.fund_create('01900000-0000-7000-8000-00000000f003', 'trail-fund', 'Quỹ Thử');

SELECT set_eq(
    $$ SELECT scope FROM ansinh.request_log
        WHERE request_id IN ('01900000-0000-7000-8000-00000000f001', '01900000-0000-7000-8000-00000000f002',
                             '01900000-0000-7000-8000-00000000f003') $$,
    ARRAY['AK', 'district', 'reference'],
    'the three writes are logged in one table, one row per scope');
SELECT set_eq(
    $$ SELECT DISTINCT scope FROM ansinh.audit_event
        WHERE request_id IN ('01900000-0000-7000-8000-00000000f001', '01900000-0000-7000-8000-00000000f002',
                             '01900000-0000-7000-8000-00000000f003') $$,
    ARRAY['AK', 'district', 'reference'],
    'and audited in one table, in their scopes');

-- Replays: the same request id gets the stored outcome back, in each scope,
-- through the one start_write.
SELECT ansinh_test.context('ward', 'AK', 'trail-ward', NULL, '01900000-0000-7000-8000-00000000f001');
SELECT results_eq(
    $$ SELECT code, replayed, id FROM ansinh_api.household_create('01900000-0000-7000-8000-00000000f001',
                  '01900000-0000-7000-8000-00000000fa01', 'AK', 'AK-9801', 'Lê Văn Một', 1, '1 Trần Phú', NULL,
                  false, false, 'poor', '2024-01-01') $$,
    $$ VALUES (0, true, '01900000-0000-7000-8000-00000000fa01'::uuid) $$,
    'a ward write replays');
SELECT ansinh_test.context('district', NULL, 'trail-district', NULL, '01900000-0000-7000-8000-00000000f002');
SELECT results_eq(
    $$ SELECT code, replayed FROM ansinh_api.target_set('01900000-0000-7000-8000-00000000f002',
                  '01900000-0000-7000-8000-00000000fd01', 2026, NULL, 'pairings', 12) $$,
    $$ VALUES (0, true) $$,
    'a district write replays');
SELECT ansinh_test.context('district', NULL, 'trail-district', NULL, '01900000-0000-7000-8000-00000000f003');
SELECT results_eq(
    $$ SELECT code, replayed FROM ansinh_api.fund_create('01900000-0000-7000-8000-00000000f003', 'trail-fund', 'Quỹ Thử') $$,
    $$ VALUES (0, true) $$,
    'a reference write replays');
-- Cross-checks are the same in every scope: a reference request id used for
-- a district write is "already used".
SELECT ansinh_test.context('district', NULL, 'trail-district', NULL, '01900000-0000-7000-8000-00000000f003');
SELECT is((ansinh_api.target_set('01900000-0000-7000-8000-00000000f003', '01900000-0000-7000-8000-00000000fd02',
                                 2027, NULL, 'pairings', 5)).code, 9,
          'a request id used in another scope is refused (code 9)');

-- ---------------------------------------------------------------- one seal over mixed scopes
SELECT ansinh.seal_audit_events(100000, true);
SELECT is_empty(
    $$ SELECT i.event_scope, i.event_id FROM ansinh.audit_seal_event AS i
         JOIN ansinh.audit_event AS e ON e.scope = i.event_scope AND e.id = i.event_id
        WHERE i.digest <> sha256(convert_to(ansinh.audit_event_canon(e)::text, 'UTF8'))
           OR i.sealed <> ansinh.audit_event_canon(e) $$,
    'every sealed event''s digest recomputes from its one canonical form');
SELECT is_empty(
    $$ SELECT s.id FROM ansinh.audit_seal AS s
        WHERE s.hash <> ansinh.audit_seal_hash(
                  s.prev_hash, ansinh.audit_seal_header(s),
                  ARRAY(SELECT i.digest FROM ansinh.audit_seal_event AS i WHERE i.seal_id = s.id
                         ORDER BY CASE i.event_scope WHEN 'district' THEN 2 WHEN 'reference' THEN 3 ELSE 1 END,
                                  i.event_id))
          AND s.id = (SELECT max(a.id) FROM ansinh.audit_seal AS a) $$,
    'the seal over ward, district and reference events recomputes');

SELECT * FROM finish();
ROLLBACK;
