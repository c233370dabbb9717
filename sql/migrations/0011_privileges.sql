-- 0011 — the daemon's login can call the API and nothing else.
--
-- Until 0010 the daemon's role (ansinh_daemon) held SELECT/INSERT/UPDATE on
-- the tables, and the request context was four settings anyone may SET:
-- whoever held the daemon's password could act as the district, insert
-- audit events and request-log rows of their choosing and read the token
-- hashes. From here:
--
--   * ansinh_daemon has EXECUTE on the ansinh_api functions, nothing else
--     (no privilege on any table or view, no other function).
--   * The ansinh_api functions are SECURITY DEFINER, owned by
--     ansinh_api_owner (NOLOGIN, not the tables' owner, so row-level
--     security applies to it), with search_path pg_catalog, ansinh, pg_temp.
--   * ansinh_api.set_context takes the SHA-256 of the session's token and
--     derives role, ward, actor and token id from the live token row; it
--     records them in ansinh.request_context for this backend and this
--     transaction. The context functions (context_role, context_ward, and
--     so the policies) trust the settings only while they match that row:
--     a context SET by hand, or left from another transaction, admits
--     nothing.
--   * Audit events are written by the audit triggers only: the trigger
--     functions run as ansinh_audit_writer, the only role that may insert
--     into the three audit tables.
--   * Seals serialise on a row only the sealer may lock (ansinh.seal_lock),
--     not on an advisory lock any login may take.
--
-- ansinh.secure_api() applies the privileges, the ownership and the
-- search_path to every ansinh_api function and moves whatever a migration
-- granted ansinh_daemon on tables to ansinh_api_owner. Every migration that
-- adds API functions or tables ends with CALL ansinh.secure_api()
-- (docs/hacking.md).

-- ------------------------------------------------------------------ roles
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_api_owner') THEN
        CREATE ROLE ansinh_api_owner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_audit_writer') THEN
        CREATE ROLE ansinh_audit_writer NOLOGIN;
    END IF;
END
$$;

COMMENT ON ROLE ansinh_api_owner IS
    'ansinh: owns the ansinh_api functions (SECURITY DEFINER); holds the table privileges the API needs; row-level security applies';
COMMENT ON ROLE ansinh_audit_writer IS
    'ansinh: owns the audit trigger functions; the only role that may insert audit events';
COMMENT ON ROLE ansinh_daemon IS
    'ansinh: the daemon''s group role (EXECUTE on ansinh_api functions only)';

-- The owner hands functions to these roles, so it must be a member.
GRANT ansinh_api_owner, ansinh_audit_writer TO CURRENT_USER;
-- The owner's own reads (ansinhd audit verify, seal --status) go by the
-- analysts' policies: a context it sets by hand no longer counts.
GRANT ansinh_analyst TO CURRENT_USER;
GRANT USAGE ON SCHEMA ansinh, ansinh_api TO ansinh_api_owner;
GRANT USAGE ON SCHEMA ansinh TO ansinh_audit_writer;

-- ------------------------------------------------------------------ the verified context
-- One row per backend: the context set_context established, and the
-- transaction (its start time) it belongs to. Unlogged: it means nothing
-- after a crash. Only ansinh_api_owner reads or writes it.
CREATE UNLOGGED TABLE ansinh.request_context (
    backend_pid integer     PRIMARY KEY,
    xact_start  timestamptz NOT NULL,
    role        text        NOT NULL,
    ward_code   text,
    actor       text        NOT NULL,
    token_id    uuid        NOT NULL
);

COMMENT ON COLUMN ansinh.request_context.backend_pid IS 'pg_backend_pid() of the session that set the context';
COMMENT ON COLUMN ansinh.request_context.xact_start IS 'now() of the transaction the context belongs to';
COMMENT ON COLUMN ansinh.request_context.role IS 'The token''s role';
COMMENT ON COLUMN ansinh.request_context.ward_code IS 'The token''s ward (ward tokens only)';
COMMENT ON COLUMN ansinh.request_context.actor IS 'The token''s name';
COMMENT ON COLUMN ansinh.request_context.token_id IS 'The token''s id';
COMMENT ON TABLE ansinh.request_context IS
    'The request context set by ansinh_api.set_context, per backend, valid only in the transaction that started at xact_start';

REVOKE ALL ON ansinh.request_context FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON ansinh.request_context TO ansinh_api_owner;

-- The role of the current request: the settings, if set_context set them in
-- this transaction and nobody changed them since; else NULL.
CREATE OR REPLACE FUNCTION ansinh.context_role() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
    SELECT c.role
      FROM ansinh.request_context AS c
     WHERE c.backend_pid = pg_catalog.pg_backend_pid()
       AND c.xact_start = pg_catalog.now()
       AND c.role = pg_catalog.current_setting('ansinh.role', true)
       AND coalesce(c.ward_code, '') = coalesce(pg_catalog.current_setting('ansinh.ward', true), '')
       AND c.actor = pg_catalog.current_setting('ansinh.actor', true)
       AND c.token_id::text = pg_catalog.current_setting('ansinh.token_id', true)
$$;

CREATE OR REPLACE FUNCTION ansinh.context_ward() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
    SELECT c.ward_code
      FROM ansinh.request_context AS c
     WHERE c.backend_pid = pg_catalog.pg_backend_pid()
       AND c.xact_start = pg_catalog.now()
       AND c.role = pg_catalog.current_setting('ansinh.role', true)
       AND coalesce(c.ward_code, '') = coalesce(pg_catalog.current_setting('ansinh.ward', true), '')
       AND c.actor = pg_catalog.current_setting('ansinh.actor', true)
       AND c.token_id::text = pg_catalog.current_setting('ansinh.token_id', true)
$$;

-- Who is writing: the verified actor, or the database user without one.
CREATE OR REPLACE FUNCTION ansinh.actor() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN ansinh.context_role() IS NOT NULL
                THEN pg_catalog.current_setting('ansinh.actor', true)
                ELSE session_user END;

COMMENT ON FUNCTION ansinh.context_role() IS
    'The request''s role (ward, district, auditor) as set by ansinh_api.set_context in this transaction, or NULL (also when the settings were changed by hand)';
COMMENT ON FUNCTION ansinh.context_ward() IS
    'The request''s ward for a ward session, as set by ansinh_api.set_context in this transaction, or NULL';

GRANT CREATE ON SCHEMA ansinh TO ansinh_api_owner;
ALTER FUNCTION ansinh.context_role() OWNER TO ansinh_api_owner;
ALTER FUNCTION ansinh.context_ward() OWNER TO ansinh_api_owner;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_api_owner;
REVOKE ALL ON FUNCTION ansinh.context_role(), ansinh.context_ward(), ansinh.actor() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    ansinh.context_role(), ansinh.context_ward(), ansinh.actor(),
    ansinh.context_may_read(text), ansinh.context_may_write(text),
    ansinh.context_may_read_scope(text), ansinh.context_may_write_scope(text)
  TO ansinh_api_owner, ansinh_audit_writer, ansinh_analyst, ansinh_idcheck, ansinh_sealer;

-- Policies read the context once per statement, not once per row: the
-- context functions are SECURITY DEFINER (not inlined), so the policies
-- get them as uncorrelated subqueries (init plans) passed to these checks,
-- which the planner inlines (each argument is used once).
CREATE FUNCTION ansinh.context_may_read(ward_code text, ctx_role text, ctx_ward text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(CASE ctx_role WHEN 'district' THEN true WHEN 'auditor' THEN true
                                  WHEN 'ward' THEN ward_code = ctx_ward ELSE false END, false);
CREATE FUNCTION ansinh.context_may_write(ward_code text, ctx_role text, ctx_ward text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(CASE ctx_role WHEN 'district' THEN true
                                  WHEN 'ward' THEN ward_code = ctx_ward ELSE false END, false);
-- NULL ward: the district as a whole, read by every session, written by
-- district sessions only.
CREATE FUNCTION ansinh.context_may_read_scope(ward_code text, ctx_role text, ctx_ward text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(CASE ctx_role WHEN 'district' THEN true WHEN 'auditor' THEN true
                                  WHEN 'ward' THEN ward_code IS NULL OR ward_code = ctx_ward
                                  ELSE false END, false);
CREATE FUNCTION ansinh.context_may_write_scope(ward_code text, ctx_role text, ctx_ward text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(CASE ctx_role WHEN 'district' THEN true
                                  WHEN 'ward' THEN ward_code = ctx_ward ELSE false END, false);

REVOKE ALL ON FUNCTION
    ansinh.context_may_read(text, text, text), ansinh.context_may_write(text, text, text),
    ansinh.context_may_read_scope(text, text, text), ansinh.context_may_write_scope(text, text, text)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    ansinh.context_may_read(text, text, text), ansinh.context_may_write(text, text, text),
    ansinh.context_may_read_scope(text, text, text), ansinh.context_may_write_scope(text, text, text)
  TO ansinh_api_owner, ansinh_audit_writer, ansinh_analyst, ansinh_idcheck, ansinh_sealer;

-- ------------------------------------------------------------------ set_context
DROP FUNCTION ansinh_api.set_context(text, text, text, uuid, uuid);

CREATE FUNCTION ansinh_api.set_context(token_sha256 bytea, request_id uuid DEFAULT NULL)
RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    t ansinh.api_token;
BEGIN
    SELECT * INTO t
      FROM ansinh.api_token AS a
     WHERE a.token_sha256 = set_context.token_sha256
       AND a.revoked_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'set_context: no live token has this SHA-256'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    INSERT INTO ansinh.request_context AS c
           (backend_pid, xact_start, role, ward_code, actor, token_id)
    VALUES (pg_backend_pid(), now(), t.role, t.ward_code, t.name, t.id)
    ON CONFLICT (backend_pid) DO UPDATE
       SET xact_start = excluded.xact_start, role = excluded.role,
           ward_code = excluded.ward_code, actor = excluded.actor,
           token_id = excluded.token_id;
    PERFORM set_config('ansinh.role', t.role, true),
            set_config('ansinh.ward', coalesce(t.ward_code, ''), true),
            set_config('ansinh.actor', t.name, true),
            set_config('ansinh.token_id', t.id::text, true),
            set_config('ansinh.request_id', coalesce(request_id::text, ''), true);
END
$$;

COMMENT ON FUNCTION ansinh_api.set_context(bytea, uuid) IS
    'Sets the request context of the current transaction from the live token whose SHA-256 is given: its role, ward, name (the actor) and id; and the request id';

-- The schema version, for the daemon's start-up check.
CREATE FUNCTION ansinh_api.schema_version() RETURNS integer
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT coalesce(max(m.version), 0) FROM ansinh.schema_migrations AS m;
END;

COMMENT ON FUNCTION ansinh_api.schema_version() IS
    'The highest migration applied (ansinh.schema_migrations)';

-- The daemon's periodic seal.
CREATE FUNCTION ansinh_api.seal_audit_events(max_events integer, wait boolean)
RETURNS TABLE (seal_id bigint, event_count integer, first_event_id bigint,
               last_event_id bigint, hash bytea, more boolean)
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT * FROM ansinh.seal_audit_events(max_events, wait);
END;

COMMENT ON FUNCTION ansinh_api.seal_audit_events(integer, boolean) IS
    'The daemon''s call of ansinh.seal_audit_events (same arguments and result)';

-- ------------------------------------------------------------------ audit triggers
-- The trigger functions run as ansinh_audit_writer, the only role with
-- INSERT on the audit tables. The policies on the audit tables still check
-- the (verified) context.
ALTER FUNCTION ansinh.audit_row() SECURITY DEFINER;
ALTER FUNCTION ansinh.audit_reference_row() SECURITY DEFINER;
ALTER FUNCTION ansinh.audit_district_row() SECURITY DEFINER;
ALTER FUNCTION ansinh.audit_row() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION ansinh.audit_reference_row() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION ansinh.audit_district_row() SET search_path = pg_catalog, pg_temp;
GRANT CREATE ON SCHEMA ansinh TO ansinh_audit_writer;
ALTER FUNCTION ansinh.audit_row() OWNER TO ansinh_audit_writer;
ALTER FUNCTION ansinh.audit_reference_row() OWNER TO ansinh_audit_writer;
ALTER FUNCTION ansinh.audit_district_row() OWNER TO ansinh_audit_writer;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_audit_writer;
REVOKE ALL ON FUNCTION ansinh.audit_row(), ansinh.audit_reference_row(), ansinh.audit_district_row()
  FROM PUBLIC;
GRANT INSERT ON ansinh.audit_event, ansinh.district_audit_event, ansinh.reference_audit_event
  TO ansinh_audit_writer;
-- The record written has passed its own table's policies: its event is
-- recorded whoever wrote it (a superuser's repair included). Only as
-- itself: the owner, a member, gains nothing.
CREATE POLICY writer_insert ON ansinh.audit_event FOR INSERT TO ansinh_audit_writer
    WITH CHECK (current_user = 'ansinh_audit_writer');
CREATE POLICY writer_insert ON ansinh.district_audit_event FOR INSERT TO ansinh_audit_writer
    WITH CHECK (current_user = 'ansinh_audit_writer');
CREATE POLICY writer_insert ON ansinh.reference_audit_event FOR INSERT TO ansinh_audit_writer
    WITH CHECK (current_user = 'ansinh_audit_writer');

-- ------------------------------------------------------------------ the seal lock
CREATE TABLE ansinh.seal_lock (
    only_row boolean PRIMARY KEY DEFAULT true
        CONSTRAINT seal_lock_one_row CHECK (only_row)
);
INSERT INTO ansinh.seal_lock DEFAULT VALUES;
COMMENT ON COLUMN ansinh.seal_lock.only_row IS 'Always true: the table has one row';

COMMENT ON TABLE ansinh.seal_lock IS
    'One row; ansinh.seal_audit_events locks it FOR UPDATE so that seals are made one at a time. Only the sealer may lock it.';

REVOKE ALL ON ansinh.seal_lock FROM PUBLIC;
GRANT SELECT, UPDATE ON ansinh.seal_lock TO ansinh_sealer;

-- As 0010's version, serialised on ansinh.seal_lock instead of an advisory
-- lock. CREATE OR REPLACE keeps the owner (ansinh_sealer) and the grants.
CREATE OR REPLACE FUNCTION ansinh.seal_audit_events(max_events integer, wait boolean)
RETURNS TABLE (seal_id bigint, event_count integer, first_event_id bigint,
               last_event_id bigint, hash bytea, more boolean)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    prev ansinh.audit_seal;
    s ansinh.audit_seal;
    bound xid8;
    horizon xid8;
    total bigint;
    trails integer[];
    wards text[];
    ids bigint[];
    canons jsonb[];
    digests bytea[];
BEGIN
    IF max_events IS NULL OR max_events < 1 THEN
        RAISE EXCEPTION 'seal_audit_events: max_events must be at least 1, not %', coalesce(max_events::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Seals form one chain: one sealer at a time. Writers never take this
    -- lock, and no other role may.
    IF coalesce(wait, true) THEN
        PERFORM FROM ansinh.seal_lock AS l FOR UPDATE;
    ELSE
        PERFORM FROM ansinh.seal_lock AS l FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            RETURN;
        END IF;
    END IF;

    SELECT * INTO prev FROM ansinh.audit_seal AS a ORDER BY a.id DESC LIMIT 1;
    bound := coalesce(prev.next_xact, '0'::xid8);
    -- Taken before the events are read (0008 says why).
    horizon := pg_snapshot_xmin(pg_current_snapshot());

    SELECT array_agg(k.trail ORDER BY k.trail, k.id),
           array_agg(k.ward_code ORDER BY k.trail, k.id),
           array_agg(k.id ORDER BY k.trail, k.id),
           array_agg(CASE k.trail
                         WHEN 1 THEN ansinh.audit_event_canon(e)
                         WHEN 2 THEN ansinh.audit_district_event_canon(d)
                         ELSE ansinh.audit_reference_event_canon(r)
                     END ORDER BY k.trail, k.id),
           max(k.total)
      INTO trails, wards, ids, canons, total
      FROM (SELECT u.trail, u.ward_code, u.id, count(*) OVER () AS total
              FROM (SELECT 1 AS trail, e.ward_code, e.id
                      FROM ansinh.audit_event AS e
                     WHERE e.xact >= bound
                       AND NOT EXISTS (SELECT FROM ansinh.audit_seal_event AS i
                                        WHERE i.event_ward = e.ward_code AND i.event_id = e.id)
                    UNION ALL
                    SELECT 2, NULL, d.id
                      FROM ansinh.district_audit_event AS d
                     WHERE d.xact >= bound
                       AND NOT EXISTS (SELECT FROM ansinh.audit_seal_district_event AS i
                                        WHERE i.event_id = d.id)
                    UNION ALL
                    SELECT 3, NULL, r.id
                      FROM ansinh.reference_audit_event AS r
                     WHERE r.xact >= bound
                       AND NOT EXISTS (SELECT FROM ansinh.audit_seal_reference_event AS i
                                        WHERE i.event_id = r.id)) AS u
             ORDER BY u.trail, u.id
             LIMIT max_events) AS k
      LEFT JOIN ansinh.audit_event AS e ON k.trail = 1 AND e.ward_code = k.ward_code AND e.id = k.id
      LEFT JOIN ansinh.district_audit_event AS d ON k.trail = 2 AND d.id = k.id
      LEFT JOIN ansinh.reference_audit_event AS r ON k.trail = 3 AND r.id = k.id;
    IF ids IS NULL THEN
        RETURN;
    END IF;

    digests := ARRAY(SELECT sha256(convert_to(u.c::text, 'UTF8'))
                       FROM unnest(canons) WITH ORDINALITY AS u (c, n)
                      ORDER BY u.n);
    s.id := coalesce(prev.id, 0) + 1;
    s.sealed_at := now();
    s.sealed_by := session_user;
    s.event_count := cardinality(ids);
    SELECT min(u.i), max(u.i) INTO s.first_event_id, s.last_event_id
      FROM unnest(trails, ids) AS u (t, i)
     WHERE u.t = 1;
    s.next_xact := CASE WHEN total > max_events THEN bound ELSE horizon END;
    s.prev_hash := coalesce(prev.hash, decode(repeat('00', 32), 'hex'));
    s.hash := ansinh.audit_seal_hash(s.prev_hash, ansinh.audit_seal_header(s), digests);

    INSERT INTO ansinh.audit_seal
           (id, sealed_at, sealed_by, event_count, first_event_id, last_event_id,
            next_xact, prev_hash, hash)
    VALUES (s.id, s.sealed_at, s.sealed_by, s.event_count, s.first_event_id, s.last_event_id,
            s.next_xact, s.prev_hash, s.hash);
    INSERT INTO ansinh.audit_seal_event (seal_id, event_ward, event_id, digest, sealed)
    SELECT s.id, u.w, u.i, u.d, u.c
      FROM unnest(trails, wards, ids, digests, canons) AS u (t, w, i, d, c)
     WHERE u.t = 1;
    INSERT INTO ansinh.audit_seal_district_event (seal_id, event_id, digest, sealed)
    SELECT s.id, u.i, u.d, u.c
      FROM unnest(trails, ids, digests, canons) AS u (t, i, d, c)
     WHERE u.t = 2;
    INSERT INTO ansinh.audit_seal_reference_event (seal_id, event_id, digest, sealed)
    SELECT s.id, u.i, u.d, u.c
      FROM unnest(trails, ids, digests, canons) AS u (t, i, d, c)
     WHERE u.t = 3;

    RETURN QUERY SELECT s.id, s.event_count, s.first_event_id, s.last_event_id, s.hash,
                        total > max_events;
END
$$;

-- ------------------------------------------------------------------ secure_api
-- Called at the end of every migration that adds API functions or tables
-- (idempotent):
--   1. what ansinh_daemon was granted on tables, views, sequences (and
--      their columns) of ansinh and ansinh_api moves to ansinh_api_owner,
--      except INSERT on an audit table (the audit writer's);
--   2. EXECUTE on ansinh functions likewise;
--   3. every ansinh_api function and procedure: owned by ansinh_api_owner,
--      SECURITY DEFINER, search_path pg_catalog, ansinh, pg_temp, EXECUTE
--      for ansinh_daemon only;
--   4. every function of ansinh with a search_path of its own: pg_temp
--      last in it (a SECURITY DEFINER one gets pg_catalog, ansinh,
--      pg_temp; the helpers the API functions call run as the API's owner
--      too, and a search_path without pg_temp searches it first);
--   5. every policy reads the context once per statement (see above).
-- A policy expression with the context read once: context_role() and
-- context_ward() as subqueries, context_may_*(w) as context_may_*(w, role,
-- ward) of those.
CREATE FUNCTION ansinh.context_once(expr text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN pg_catalog.regexp_replace(
               pg_catalog.regexp_replace(expr, '(?<!SELECT )ansinh\.context_(role|ward)\(\)',
                                         '(SELECT ansinh.context_\1())', 'g'),
               'ansinh\.context_may_(read|write)(_scope)?\(([^(),]*)\)',
               'ansinh.context_may_\1\2(\3, (SELECT ansinh.context_role()), (SELECT ansinh.context_ward()))', 'g');

REVOKE ALL ON FUNCTION ansinh.context_once(text) FROM PUBLIC;

CREATE PROCEDURE ansinh.secure_api()
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
    daemon oid := 'ansinh_daemon'::regrole;
    qual text;
    wcheck text;
BEGIN
    FOR r IN SELECT c.oid::regclass AS rel, a.privilege_type AS priv
               FROM pg_class AS c
               JOIN pg_namespace AS n ON n.oid = c.relnamespace
              CROSS JOIN LATERAL aclexplode(c.relacl) AS a
              WHERE n.nspname IN ('ansinh', 'ansinh_api') AND a.grantee = daemon
    LOOP
        IF NOT (r.priv = 'INSERT' AND r.rel::text ~ 'audit_event$') THEN
            EXECUTE format('GRANT %s ON %s TO ansinh_api_owner', r.priv, r.rel);
        END IF;
        EXECUTE format('REVOKE %s ON %s FROM ansinh_daemon', r.priv, r.rel);
    END LOOP;
    FOR r IN SELECT c.oid::regclass AS rel, t.attname, a.privilege_type AS priv
               FROM pg_class AS c
               JOIN pg_namespace AS n ON n.oid = c.relnamespace
               JOIN pg_attribute AS t ON t.attrelid = c.oid
              CROSS JOIN LATERAL aclexplode(t.attacl) AS a
              WHERE n.nspname IN ('ansinh', 'ansinh_api') AND a.grantee = daemon
    LOOP
        EXECUTE format('GRANT %s (%I) ON %s TO ansinh_api_owner', r.priv, r.attname, r.rel);
        EXECUTE format('REVOKE %s (%I) ON %s FROM ansinh_daemon', r.priv, r.attname, r.rel);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS fn
               FROM pg_proc AS p
               JOIN pg_namespace AS n ON n.oid = p.pronamespace
              CROSS JOIN LATERAL aclexplode(p.proacl) AS a
              WHERE n.nspname = 'ansinh' AND a.grantee = daemon
    LOOP
        EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO ansinh_api_owner', r.fn);
        EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM ansinh_daemon', r.fn);
    END LOOP;
    GRANT CREATE ON SCHEMA ansinh_api TO ansinh_api_owner;
    FOR r IN SELECT p.oid::regprocedure AS fn
               FROM pg_proc AS p
               JOIN pg_namespace AS n ON n.oid = p.pronamespace
              WHERE n.nspname = 'ansinh_api'
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO ansinh_api_owner', r.fn);
        EXECUTE format('ALTER ROUTINE %s SECURITY DEFINER', r.fn);
        EXECUTE format('ALTER ROUTINE %s SET search_path = pg_catalog, ansinh, pg_temp', r.fn);
        EXECUTE format('REVOKE ALL ON ROUTINE %s FROM PUBLIC', r.fn);
        EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO ansinh_daemon', r.fn);
    END LOOP;
    REVOKE CREATE ON SCHEMA ansinh_api FROM ansinh_api_owner;
    FOR r IN SELECT p.oid::regprocedure AS fn,
                    (SELECT substr(s.setting, 13) FROM unnest(p.proconfig) AS s (setting)
                      WHERE s.setting LIKE 'search\_path=%') AS path
               FROM pg_proc AS p
               JOIN pg_namespace AS n ON n.oid = p.pronamespace
              WHERE n.nspname = 'ansinh'
                AND NOT EXISTS (SELECT FROM unnest(p.proconfig) AS s (setting)
                                 WHERE s.setting ~ '^search_path=.*pg_temp$')
    LOOP
        IF r.path IS NOT NULL THEN
            EXECUTE format('ALTER ROUTINE %s SET search_path = %s, pg_temp', r.fn, r.path);
        ELSIF (SELECT prosecdef FROM pg_proc WHERE oid = r.fn) THEN
            EXECUTE format('ALTER ROUTINE %s SET search_path = pg_catalog, ansinh, pg_temp', r.fn);
        END IF;
    END LOOP;
    FOR r IN SELECT p.polname, p.polrelid::regclass AS rel,
                    pg_get_expr(p.polqual, p.polrelid) AS qual,
                    pg_get_expr(p.polwithcheck, p.polrelid) AS wcheck
               FROM pg_policy AS p
               JOIN pg_class AS k ON k.oid = p.polrelid
               JOIN pg_namespace AS n ON n.oid = k.relnamespace
              WHERE n.nspname = 'ansinh'
    LOOP
        qual := ansinh.context_once(r.qual);
        wcheck := ansinh.context_once(r.wcheck);
        IF qual IS DISTINCT FROM r.qual OR wcheck IS DISTINCT FROM r.wcheck THEN
            EXECUTE format('ALTER POLICY %I ON %s', r.polname, r.rel)
                 || CASE WHEN qual IS NOT NULL THEN format(' USING (%s)', qual) ELSE '' END
                 || CASE WHEN wcheck IS NOT NULL THEN format(' WITH CHECK (%s)', wcheck) ELSE '' END;
        END IF;
    END LOOP;
END
$$;

COMMENT ON PROCEDURE ansinh.secure_api() IS
    'Gives every ansinh_api function its owner (ansinh_api_owner), SECURITY DEFINER, a search_path with pg_temp last and EXECUTE for ansinh_daemon only; moves ansinh_daemon''s table privileges to ansinh_api_owner; makes policies read the context once per statement. Every migration adding API functions or tables ends with CALL ansinh.secure_api()';

REVOKE ALL ON PROCEDURE ansinh.secure_api() FROM PUBLIC;

CALL ansinh.secure_api();
