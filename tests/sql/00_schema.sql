-- 00_schema.sql — the shape of the schema: row-level security everywhere it
-- must be, privileges, function signatures and security, comments, wards.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(54);

SELECT has_schema('ansinh');
SELECT has_schema('ansinh_api');
SELECT has_role('ansinh_daemon');
SELECT has_role('ansinh_analyst');
SELECT has_extension('public', 'unaccent', 'unaccent is installed');
SELECT has_extension('public', 'pg_trgm', 'pg_trgm is installed');

-- ---------------------------------------------------------------- ward-scoped tables
-- A ward-scoped table is one with a NOT NULL ward_code column.
CREATE TEMP TABLE ward_scoped ON COMMIT DROP AS
SELECT c.oid AS relid, c.relname, c.relrowsecurity, c.relforcerowsecurity
  FROM pg_class AS c
  JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'ward_code' AND a.attnotnull
 WHERE c.relnamespace = 'ansinh'::regnamespace AND c.relkind = 'r';

-- Found, not listed: a new family's table is checked like the others
-- without an entry here.
SELECT is_empty(
    $$ SELECT w.relname FROM ward_scoped AS w
        WHERE w.relname NOT IN ('request_log', 'audit_event')
          AND NOT EXISTS (SELECT FROM pg_trigger AS g
                           WHERE g.tgrelid = w.relid AND NOT g.tgisinternal
                             AND g.tgfoid = 'ansinh.audit_trail()'::regprocedure) $$,
    'every ward-scoped table but the request log and the audit trail has the audit trigger');
SELECT is_empty(
    $$ SELECT relname FROM ward_scoped WHERE NOT (relrowsecurity AND relforcerowsecurity) $$,
    'every ward-scoped table has row-level security enabled and forced');
SELECT is_empty(
    $$ SELECT w.relname
         FROM ward_scoped AS w
         JOIN pg_constraint AS k ON k.conrelid = w.relid AND k.contype = 'p'
        WHERE (SELECT a.attname FROM pg_attribute AS a
                WHERE a.attrelid = w.relid AND a.attnum = k.conkey[1]) <> 'ward_code'
           OR array_length(k.conkey, 1) <> 2 $$,
    'every ward-scoped primary key is (ward_code, id-ish)');
SELECT is_empty(
    $$ SELECT k.conname
         FROM ward_scoped AS w
         JOIN pg_constraint AS k ON k.conrelid = w.relid AND k.contype = 'f'
         JOIN ward_scoped AS t ON t.relid = k.confrelid
        WHERE NOT EXISTS (SELECT FROM pg_attribute AS a
                           WHERE a.attrelid = w.relid AND a.attnum = ANY (k.conkey)
                             AND a.attname = 'ward_code') $$,
    'every foreign key between ward-scoped tables includes ward_code');
SELECT is_empty(
    $$ SELECT w.relname FROM ward_scoped AS w
        WHERE NOT EXISTS (SELECT FROM pg_policy AS p
                           WHERE p.polrelid = w.relid AND p.polname = 'analyst_read') $$,
    'analysts have a read policy on every ward-scoped table');
SELECT is_empty(
    $$ SELECT polname FROM pg_policy WHERE polcmd IN ('d', '*')
          AND polrelid IN (SELECT relid FROM ward_scoped) $$,
    'no policy admits DELETE');

-- ---------------------------------------------------------------- privileges
SELECT is_empty(
    $$ SELECT c.relname, r.rolname, p.priv
         FROM pg_class AS c
        CROSS JOIN (VALUES ('ansinh_daemon'), ('ansinh_analyst'), ('ansinhd'), ('analyst')) AS r (rolname)
        CROSS JOIN (VALUES ('DELETE'), ('TRUNCATE')) AS p (priv)
        WHERE c.relnamespace IN ('ansinh'::regnamespace, 'ansinh_api'::regnamespace)
          AND c.relkind IN ('r', 'v')
          AND has_table_privilege(r.rolname, c.oid, p.priv) $$,
    'neither the daemon nor analysts may DELETE or TRUNCATE anything');
SELECT is_empty(
    $$ SELECT c.relname
         FROM pg_class AS c
        WHERE c.relnamespace = 'ansinh'::regnamespace AND c.relkind IN ('r', 'v')
          AND (has_table_privilege('ansinh_analyst', c.oid, 'INSERT')
               OR has_table_privilege('ansinh_analyst', c.oid, 'UPDATE')) $$,
    'analysts may not INSERT or UPDATE anything');
SELECT is_empty(
    $$ SELECT c.relname
         FROM pg_class AS c
        WHERE c.relnamespace = 'ansinh'::regnamespace AND c.relkind IN ('r', 'v')
          AND c.relname NOT IN ('api_token', 'request_context', 'seal_lock', 'context_key')
          AND NOT has_table_privilege('ansinh_analyst', c.oid, 'SELECT') $$,
    'analysts may read every table and view but api_token, request_context, seal_lock and context_key');
SELECT ok(NOT has_table_privilege('ansinh_analyst', 'ansinh.api_token', 'SELECT'),
          'analysts may not read api_token');
SELECT ok(NOT has_table_privilege('ansinh_analyst', 'ansinh.context_key', 'SELECT')
          AND NOT has_table_privilege('ansinh_daemon', 'ansinh.context_key', 'SELECT')
          AND NOT has_table_privilege('ansinh_sealer', 'ansinh.context_key', 'SELECT'),
          'the standby context''s secret (0081) is the API owner''s alone');
SELECT is_empty(
    $$ SELECT c.oid::regclass, p.priv
         FROM pg_class AS c
        CROSS JOIN (VALUES ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) AS p (priv)
        WHERE c.relnamespace IN ('ansinh'::regnamespace, 'ansinh_api'::regnamespace)
          AND c.relkind IN ('r', 'v', 'm', 'p', 'S', 'f')
          AND (has_table_privilege('ansinh_daemon', c.oid, p.priv)
               OR (p.priv IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                   AND has_any_column_privilege('ansinh_daemon', c.oid, p.priv))
               OR has_table_privilege('ansinhd', c.oid, p.priv)) $$,
    'the daemon has no privilege on any table, view or sequence (not even the token hashes)');
SELECT is_empty(
    $$ SELECT p.oid::regprocedure
         FROM pg_proc AS p
        WHERE p.pronamespace NOT IN ('ansinh_api'::regnamespace, 'pg_catalog'::regnamespace,
                                     'ansinh_test'::regnamespace,
                                     'information_schema'::regnamespace, 'public'::regnamespace)
          AND has_function_privilege('ansinh_daemon', p.oid, 'EXECUTE') $$,
    'the daemon may execute no function outside ansinh_api');
SELECT is_empty(
    $$ SELECT t FROM unnest(ARRAY['ansinh.audit_event']) AS t
        CROSS JOIN (VALUES ('ansinh_daemon'), ('ansinh_api_owner'), ('ansinh_analyst'), ('ansinh_sealer')) AS r (rolname)
        WHERE has_table_privilege(r.rolname, t, 'INSERT') OR has_table_privilege(r.rolname, t, 'UPDATE') $$,
    'only the audit triggers'' role may insert audit events');
SELECT ok(NOT has_table_privilege('ansinh_api_owner', 'ansinh.api_token', 'INSERT')
          AND NOT has_table_privilege('ansinh_api_owner', 'ansinh.api_token', 'UPDATE'),
          'the API''s owner may read api_token, not change it');
SELECT is_empty(
    $$ SELECT t FROM unnest(ARRAY['ansinh.request_log', 'ansinh.household_status']) AS t
        WHERE has_table_privilege('ansinh_api_owner', t, 'UPDATE')
           OR NOT has_table_privilege('ansinh_api_owner', t, 'INSERT') $$,
    'the API''s owner may INSERT but not UPDATE the append-only tables');
SELECT ok(has_table_privilege('ansinh_api_owner', 'ansinh.household', 'SELECT, INSERT, UPDATE')
          AND has_table_privilege('ansinh_api_owner', 'ansinh.person', 'SELECT, INSERT, UPDATE'),
          'the API''s owner may read, insert and update households and persons');
SELECT ok(NOT pg_has_role('ansinh_api_owner', 'ansinh_analyst', 'USAGE')
          AND NOT (SELECT rolcanlogin OR rolbypassrls FROM pg_roles WHERE rolname = 'ansinh_api_owner')
          AND NOT EXISTS (SELECT FROM pg_class AS c
                           WHERE c.relnamespace = 'ansinh'::regnamespace
                             AND c.relowner = 'ansinh_api_owner'::regrole),
          'the API''s owner cannot log in, bypass or own a table, and is no analyst');
SELECT is_empty(
    $$ SELECT p.oid::regprocedure
         FROM pg_proc AS p
        CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
        WHERE p.pronamespace IN ('ansinh'::regnamespace, 'ansinh_api'::regnamespace)
          AND a.grantee = 0 $$,
    'PUBLIC may execute no function of ansinh or ansinh_api');
SELECT is_empty(
    $$ SELECT p.oid::regprocedure
         FROM pg_proc AS p
        WHERE p.pronamespace = 'ansinh_api'::regnamespace
          AND NOT has_function_privilege('ansinh_daemon', p.oid, 'EXECUTE') $$,
    'the daemon may execute every ansinh_api function');
SELECT is_empty(
    $$ SELECT p.oid::regprocedure
         FROM pg_proc AS p
        WHERE p.pronamespace = 'ansinh_api'::regnamespace
          AND has_function_privilege('ansinh_analyst', p.oid, 'EXECUTE') $$,
    'analysts may execute no ansinh_api function');
SELECT ok(NOT has_schema_privilege('ansinh_daemon', 'ansinh', 'CREATE')
          AND NOT has_schema_privilege('ansinh_daemon', 'ansinh_api', 'CREATE')
          AND NOT has_schema_privilege('ansinh_daemon', 'public', 'CREATE'),
          'the daemon may create nothing');

-- ---------------------------------------------------------------- functions
SELECT has_function('ansinh_api', 'set_context', ARRAY['bytea', 'uuid']);
SELECT has_function('ansinh_api', 'household_create',
    ARRAY['uuid', 'uuid', 'text', 'text', 'text', 'integer', 'text', 'text', 'boolean', 'boolean', 'text', 'date']);
SELECT has_function('ansinh_api', 'household_update',
    ARRAY['uuid', 'uuid', 'text', 'text', 'text', 'integer', 'text', 'text', 'boolean', 'boolean', 'text', 'date', 'text']);
SELECT has_function('ansinh_api', 'member_create',
    ARRAY['uuid', 'uuid', 'text', 'uuid', 'text', 'text', 'date', 'text', 'text', 'text', 'text', 'boolean', 'text']);
SELECT has_function('ansinh_api', 'member_update',
    ARRAY['uuid', 'uuid', 'text', 'text', 'date', 'text', 'text', 'text', 'text', 'boolean', 'text']);
SELECT has_function('ansinh_api', 'household_get', ARRAY['text', 'uuid', 'text']);
SELECT has_function('ansinh_api', 'household_list', ARRAY['text', 'integer', 'text', 'integer', 'integer']);
SELECT has_function('ansinh_api', 'household_find', ARRAY['text', 'text', 'integer']);
SELECT has_function('ansinh_api', 'household_history', ARRAY['text', 'uuid']);
SELECT has_function('ansinh_api', 'member_list', ARRAY['text', 'uuid', 'text']);
SELECT has_function('ansinh_api', 'token_lookup', ARRAY['bytea']);
SELECT is_empty(
    $$ SELECT p.oid::regprocedure
         FROM pg_proc AS p
        WHERE p.pronamespace = 'ansinh_api'::regnamespace
          AND p.proname IN ('household_create', 'household_update', 'member_create', 'member_update')
          AND p.prorettype <> 'ansinh_api.outcome'::regtype $$,
    'the write functions return ansinh_api.outcome');

SELECT is_empty(
    $$ SELECT p.oid::regprocedure
         FROM pg_proc AS p
        WHERE p.pronamespace = 'ansinh_api'::regnamespace
          AND (NOT p.prosecdef OR p.proowner <> 'ansinh_api_owner'::regrole
               OR p.proconfig IS DISTINCT FROM ARRAY['search_path=pg_catalog, ansinh, pg_temp']) $$,
    'every ansinh_api function is SECURITY DEFINER, owned by ansinh_api_owner, search_path with pg_temp last');
SELECT is_empty(
    $$ SELECT p.oid::regprocedure
         FROM pg_proc AS p
        WHERE (p.prosecdef OR EXISTS (SELECT FROM unnest(p.proconfig) AS c WHERE c LIKE 'search\_path=%'))
          AND p.pronamespace IN ('ansinh'::regnamespace, 'ansinh_api'::regnamespace)
          AND NOT EXISTS (SELECT FROM unnest(p.proconfig) AS c WHERE c ~ '^search_path=.*pg_temp$') $$,
    'every SECURITY DEFINER function, and every function with a search_path, has pg_temp last in it');
SELECT results_eq(
    $$ SELECT p.oid::regprocedure::text, p.proowner::regrole::text
         FROM pg_proc AS p
        WHERE p.pronamespace = 'ansinh'::regnamespace AND p.prosecdef
        ORDER BY 1 $$,
    $$ VALUES ('ansinh.audit_seal_status()', 'ansinh_sealer'),
              ('ansinh.audit_trail()', 'ansinh_audit_writer'),
              ('ansinh.citizen_id_ward(text,text,uuid)', 'ansinh_idcheck'),
              ('ansinh.context_read_wards()', 'ansinh_api_owner'),
              ('ansinh.context_role()', 'ansinh_api_owner'),
              ('ansinh.context_ward()', 'ansinh_api_owner'),
              ('ansinh.context_wards()', 'ansinh_api_owner'),
              ('ansinh.context_write_wards()', 'ansinh_api_owner'),
              ('ansinh.household_find_scan(text,text,text[])', 'ansinh_search'),
              ('ansinh.household_find_scan_runs(text,text[])', 'ansinh_search'),
              ('ansinh.household_find_walk(text,text[],integer)', 'ansinh_search'),
              ('ansinh.report_aggregates_rebuild()', 'ansinh_report'),
              ('ansinh.report_household_changed()', 'ansinh_report'),
              ('ansinh.report_need_changed()', 'ansinh_report'),
              ('ansinh.report_person_changed()', 'ansinh_report'),
              ('ansinh.report_support_inserted()', 'ansinh_report'),
              ('ansinh.seal_audit_events(integer,boolean)', 'ansinh_sealer') $$,
    'the SECURITY DEFINER functions of ansinh: the audit triggers, the citizen-ID check, the context, the find''s scan, the report aggregates'' triggers and rebuild (0110), the seal and its status');
SELECT is_empty(
    $$ SELECT c.relname, a.attname
         FROM pg_class AS c
         JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = 'ansinh'::regnamespace AND c.relkind IN ('r', 'v')
          AND has_column_privilege('ansinh_idcheck', c.oid, a.attnum, 'SELECT')
          AND NOT (c.relname = 'person' AND a.attname IN ('ward_code', 'id', 'citizen_id')) $$,
    'ansinh_idcheck reads person(ward_code, id, citizen_id) and nothing else');

-- ---------------------------------------------------------------- comments
SELECT is_empty(
    $$ SELECT c.relname FROM pg_class AS c
        WHERE c.relnamespace = 'ansinh'::regnamespace AND c.relkind IN ('r', 'v')
          AND obj_description(c.oid, 'pg_class') IS NULL $$,
    'every table and view in ansinh has a comment');
-- (schema_migrations is the ledger of `ansinhd migrate`, which makes it.)
SELECT is_empty(
    $$ SELECT c.relname || '.' || a.attname
         FROM pg_class AS c
         JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = 'ansinh'::regnamespace AND c.relkind IN ('r', 'v')
          AND c.relname <> 'schema_migrations'
          AND col_description(c.oid, a.attnum) IS NULL $$,
    'every column in ansinh has a comment');

-- Two indexes of the same keys are one index written twice (0125).
SELECT is_empty(
    $$ SELECT a.indexrelid::regclass::text || ' = ' || b.indexrelid::regclass::text
         FROM pg_index AS a
         JOIN pg_index AS b ON b.indrelid = a.indrelid AND b.indexrelid > a.indexrelid
         JOIN pg_class AS c ON c.oid = a.indrelid
         JOIN pg_class AS ia ON ia.oid = a.indexrelid
         JOIN pg_class AS ib ON ib.oid = b.indexrelid
        WHERE c.relnamespace::regnamespace::text LIKE 'ansinh%'
          AND ia.relam = ib.relam
          AND a.indkey::text = b.indkey::text
          AND a.indclass::text = b.indclass::text
          AND coalesce(pg_get_expr(a.indexprs, a.indrelid), '') = coalesce(pg_get_expr(b.indexprs, b.indrelid), '')
          AND coalesce(pg_get_expr(a.indpred, a.indrelid), '') = coalesce(pg_get_expr(b.indpred, b.indrelid), '') $$,
    'no two indexes of a table in the ansinh schemas have the same keys');

-- ---------------------------------------------------------------- reference data
SELECT results_eq(
    $$ SELECT code, name FROM ansinh.ward ORDER BY code $$,
    $$ VALUES ('AK', 'An Khê'), ('AN', 'An Khê'), ('CG', 'Chính Gián'), ('HK', 'Hòa Khê'), ('KD', 'Thanh Khê Đông'),
              ('KT', 'Thanh Khê Tây'), ('TC', 'Tân Chính'), ('TG', 'Thạc Gián'), ('TH', 'Thanh Khê'),
              ('TT', 'Tam Thuận'), ('VT', 'Vĩnh Trung'), ('XH', 'Xuân Hà') $$,
    'the ten wards of Thanh Khê until 2025 and today''s two (AN An Khê, TH Thanh Khê: 0022)');
SELECT ok(bool_and(name IS NFC NORMALIZED), 'ward names are NFC') FROM ansinh.ward;

SELECT is(ansinh.fold('Trương Văn Hoành'), 'truong van hoanh', 'fold drops diacritics and case');
SELECT is(ansinh.fold('Hoà'), ansinh.fold('Hòa'), 'fold: Hoà and Hòa are the same');
SELECT is(ansinh.fold('ĐÀ NẴNG'), 'da nang', 'fold: Đ becomes d');
SELECT is(ansinh.fold(normalize('Hòa Khê', NFD)), 'hoa khe', 'fold: decomposed input folds the same');
SELECT is(ansinh.clean_name(E'  Trương \t Văn   Hoành '), 'Trương Văn Hoành', 'clean_name trims and collapses spaces');

SELECT * FROM finish();
ROLLBACK;
