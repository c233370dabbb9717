-- 0121 — one audit trail, keyed by a scope; one trigger; one seal chain.
--
-- Until now there were three trails, because ward_code NOT NULL sat in
-- audit_event's key: audit_event (records of a ward, trigger audit_row),
-- district_audit_event (records of the district as a whole, trigger
-- audit_district_row, attached WHEN ward_code IS NULL beside audit_row) and
-- reference_audit_event (the shared reference tables, keyed by a text
-- record_key, trigger audit_reference_row), each with its own seal items
-- (audit_seal_event, audit_seal_district_event, audit_seal_reference_event)
-- and canonical form. From here:
--
--   ansinh.audit_event   every event, with scope (generated, as in
--                        request_log since 0120): the ward's code,
--                        'district' or 'reference'; ward_code (NULL for
--                        district and reference events), record_id (the
--                        record's uuid; NULL for reference events),
--                        record_key (the reference row's key) and
--                        writer_ward (the writer's ward, reference events
--                        only, as before). Primary key (scope, id). The
--                        events of the other two trails are moved in with
--                        their ids (district and reference ids may repeat a
--                        ward event's id: the scope tells them apart); new
--                        events take ids above every old one.
--   ansinh.audit_trail() the one trigger function: FOR EACH STATEMENT,
--                        with transition tables, writing a statement's
--                        events set-wise; attached by ansinh.audit_attach
--                        (two triggers per table — PostgreSQL allows one
--                        event per trigger with transition tables). It
--                        reads no catalogue: the key column, the primary
--                        key (to pair old and new rows of an UPDATE) and
--                        the generated columns (left out of row_data) are
--                        the trigger's arguments, which audit_attach takes
--                        from the catalogue once. Re-run audit_attach after
--                        adding a generated column (tests/sql/98_one_trail
--                        fails when the arguments are stale).
--   ansinh.audit_seal_event  every seal item: (seal_id, event_scope,
--                        event_id, digest, sealed); the district and
--                        reference items are moved in.
--   ansinh.audit_event_canon(e)  one canonical form: the fields every
--                        event has, plus the scope's own — ward_code and
--                        record_id for a ward event; trail 'district' and
--                        record_id for a district event; trail 'reference',
--                        writer_ward and record_key for a reference event.
--                        For every event moved in, this is exactly the
--                        version-1 form its trail had, so every existing
--                        seal verifies unchanged: nothing is re-sealed.
--
-- A seal hashes its events in the order it always did: ward events by id,
-- then district events by id, then reference events by id.

-- ------------------------------------------------------------------ the old triggers
-- Found, not listed (a family added by a migration before this one is
-- covered): each table, its key column and whether it is a reference list,
-- kept for the attaching below.
CREATE TEMP TABLE old_audit_trigger AS
SELECT DISTINCT t.tgrelid::regclass AS rel,
       coalesce(nullif(split_part(encode(t.tgargs, 'escape'), '\000', 1), ''), 'id') AS key_column,
       t.tgfoid = 'ansinh.audit_reference_row()'::regprocedure AS reference
  FROM pg_trigger AS t
 WHERE t.tgfoid IN ('ansinh.audit_row()'::regprocedure,
                    'ansinh.audit_district_row()'::regprocedure,
                    'ansinh.audit_reference_row()'::regprocedure);
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT t.tgname, t.tgrelid::regclass AS rel
               FROM pg_trigger AS t
              WHERE t.tgfoid IN ('ansinh.audit_row()'::regprocedure,
                                 'ansinh.audit_district_row()'::regprocedure,
                                 'ansinh.audit_reference_row()'::regprocedure)
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.rel);
    END LOOP;
END
$$;
DROP FUNCTION ansinh.audit_row();
DROP FUNCTION ansinh.audit_district_row();
DROP FUNCTION ansinh.audit_reference_row();

-- ------------------------------------------------------------------ the table
ALTER TABLE ansinh.audit_seal_event DROP CONSTRAINT audit_seal_event_event_ward_event_id_fkey;
ALTER TABLE ansinh.audit_event DROP CONSTRAINT audit_event_pkey;
ALTER TABLE ansinh.audit_event ALTER COLUMN ward_code DROP NOT NULL;
ALTER TABLE ansinh.audit_event ALTER COLUMN record_id DROP NOT NULL;
ALTER TABLE ansinh.audit_event ADD COLUMN record_key text;
ALTER TABLE ansinh.audit_event ADD COLUMN writer_ward text;
ALTER TABLE ansinh.audit_event ADD COLUMN scope text NOT NULL
    GENERATED ALWAYS AS (CASE WHEN record_key IS NOT NULL THEN 'reference'
                              ELSE coalesce(ward_code, 'district') END) STORED;
ALTER TABLE ansinh.audit_event ADD PRIMARY KEY (scope, id);
ALTER TABLE ansinh.audit_event ADD CONSTRAINT audit_event_names_record
    CHECK ((record_key IS NULL) <> (record_id IS NULL));

DROP INDEX ansinh.audit_event_record_idx;
CREATE INDEX audit_event_record_idx ON ansinh.audit_event (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX audit_event_record_key_idx ON ansinh.audit_event (table_name, record_key)
    WHERE record_key IS NOT NULL;

-- Row-level security is forced on the owner too: lifted for the move only.
ALTER TABLE ansinh.audit_event NO FORCE ROW LEVEL SECURITY;
INSERT INTO ansinh.audit_event
       (id, recorded_at, actor, token_id, role, db_user, table_name, action,
        record_id, request_id, changed, row_data, xact)
OVERRIDING SYSTEM VALUE
SELECT d.id, d.recorded_at, d.actor, d.token_id, d.role, d.db_user, d.table_name, d.action,
       d.record_id, d.request_id, d.changed, d.row_data, d.xact
  FROM ansinh.district_audit_event AS d
 ORDER BY d.id;
INSERT INTO ansinh.audit_event
       (id, recorded_at, actor, token_id, role, writer_ward, db_user, table_name, action,
        record_key, request_id, changed, row_data, xact)
OVERRIDING SYSTEM VALUE
SELECT r.id, r.recorded_at, r.actor, r.token_id, r.role, r.writer_ward, r.db_user, r.table_name, r.action,
       r.record_key, r.request_id, r.changed, r.row_data, r.xact
  FROM ansinh.reference_audit_event AS r
 ORDER BY r.id;
ALTER TABLE ansinh.audit_event FORCE ROW LEVEL SECURITY;
SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence('ansinh.audit_event', 'id'),
                         greatest((SELECT max(e.id) FROM ansinh.audit_event AS e), 1));

COMMENT ON TABLE ansinh.audit_event IS
    'Audit trail: one row for every insert or update of an audited record, in its scope (a ward, the district, or the reference tables) — who, with which token, in which role, when, and the row as written. Append-only; sealed by ansinh.seal_audit_events.';
COMMENT ON COLUMN ansinh.audit_event.ward_code IS 'Ward of the record; NULL for records of the district as a whole and reference rows';
COMMENT ON COLUMN ansinh.audit_event.id IS 'Event number; increases with time (events moved in by 0121 kept the numbers of their trails)';
COMMENT ON COLUMN ansinh.audit_event.record_id IS 'Id of the record (for a status-history row: the household''s id); NULL for reference rows';
COMMENT ON COLUMN ansinh.audit_event.record_key IS 'Key of a reference row: a fund''s code, an organization''s id, a unit''s code; NULL otherwise';
COMMENT ON COLUMN ansinh.audit_event.writer_ward IS 'For a reference row: the ward of the writer''s session (ward tokens); NULL otherwise';
COMMENT ON COLUMN ansinh.audit_event.scope IS
    'Generated: ''reference'' when record_key is set, else the ward_code, else ''district''';

-- One policy pair for every scope, as request_log's.
DROP POLICY context_read ON ansinh.audit_event;
DROP POLICY context_insert ON ansinh.audit_event;
CREATE POLICY context_read ON ansinh.audit_event FOR SELECT
    USING (scope = 'reference' OR ansinh.context_may_read_scope(ward_code));
CREATE POLICY context_insert ON ansinh.audit_event FOR INSERT
    WITH CHECK (CASE WHEN scope = 'reference' THEN ansinh.context_role() IN ('ward', 'district')
                     ELSE ansinh.context_may_write_scope(ward_code) END);

-- ------------------------------------------------------------------ the seal items
ALTER TABLE ansinh.audit_seal_event RENAME COLUMN event_ward TO event_scope;
INSERT INTO ansinh.audit_seal_event (seal_id, event_scope, event_id, digest, sealed)
SELECT i.seal_id, 'district', i.event_id, i.digest, i.sealed FROM ansinh.audit_seal_district_event AS i;
INSERT INTO ansinh.audit_seal_event (seal_id, event_scope, event_id, digest, sealed)
SELECT i.seal_id, 'reference', i.event_id, i.digest, i.sealed FROM ansinh.audit_seal_reference_event AS i;
ALTER TABLE ansinh.audit_seal_event ADD CONSTRAINT audit_seal_event_event_fkey
    FOREIGN KEY (event_scope, event_id) REFERENCES ansinh.audit_event (scope, id);

COMMENT ON TABLE ansinh.audit_seal_event IS
    'The audit events each seal holds (of every scope), with the digest and a copy of each as sealed. Append-only.';
COMMENT ON COLUMN ansinh.audit_seal_event.event_scope IS 'scope of the audit event (a ward''s code, district or reference)';
COMMENT ON COLUMN ansinh.audit_seal_event.digest IS 'sha256 of the event''s canonical text (audit_event_canon(e)::text, UTF-8) when sealed';

-- ------------------------------------------------------------------ one canonical form
DROP FUNCTION ansinh.audit_district_event_canon(ansinh.district_audit_event);
DROP FUNCTION ansinh.audit_reference_event_canon(ansinh.reference_audit_event);

-- `ansinhd audit verify` spells the same form out with built-in functions
-- only. Never change it: every seal ever made hashes it.
CREATE OR REPLACE FUNCTION ansinh.audit_event_canon(e ansinh.audit_event) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN pg_catalog.jsonb_build_object(
        'id', e.id,
        'recorded_at', pg_catalog.to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', e.actor,
        'token_id', e.token_id,
        'role', e.role,
        'db_user', e.db_user,
        'table_name', e.table_name,
        'action', e.action,
        'request_id', e.request_id,
        'changed', e.changed,
        'row_data', e.row_data,
        'xact', e.xact::text)
    OPERATOR(pg_catalog.||) CASE e.scope
        WHEN 'district' THEN pg_catalog.jsonb_build_object('trail', 'district', 'record_id', e.record_id)
        WHEN 'reference' THEN pg_catalog.jsonb_build_object('trail', 'reference', 'writer_ward', e.writer_ward,
                                                            'record_key', e.record_key)
        ELSE pg_catalog.jsonb_build_object('ward_code', e.ward_code, 'record_id', e.record_id)
    END;

COMMENT ON FUNCTION ansinh.audit_event_canon(ansinh.audit_event) IS
    'Canonical form of an audit event: every common field plus its scope''s (ward_code and record_id; trail district and record_id; trail reference, writer_ward and record_key); its text, UTF-8, is what a seal hashes';

-- ------------------------------------------------------------------ the old trails
DROP TABLE ansinh.audit_seal_district_event;
DROP TABLE ansinh.audit_seal_reference_event;
DROP TABLE ansinh.district_audit_event;
DROP TABLE ansinh.reference_audit_event;

-- ------------------------------------------------------------------ one trigger
-- Arguments (set by ansinh.audit_attach): the key column; 'record' (a
-- record of a ward or of the district: scope from its ward_code, key a
-- uuid in record_id) or 'reference' (key text in record_key); the primary
-- key columns, comma-separated; the generated columns, comma-separated.
CREATE FUNCTION ansinh.audit_trail() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key_column text := TG_ARGV[0];
    reference boolean := TG_ARGV[1] = 'reference';
    pk text[] := pg_catalog.string_to_array(TG_ARGV[2], ',');
    generated text[] := coalesce(pg_catalog.string_to_array(nullif(TG_ARGV[3], ''), ','), '{}');
    v_actor text := coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user::text);
    v_token uuid := nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid;
    v_role text := nullif(pg_catalog.current_setting('ansinh.role', true), '');
    v_writer text := CASE WHEN reference THEN nullif(pg_catalog.current_setting('ansinh.ward', true), '') END;
    v_request uuid := nullif(pg_catalog.current_setting('ansinh.request_id', true), '')::uuid;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ansinh.audit_event
               (ward_code, actor, token_id, role, writer_ward, table_name, action,
                record_id, record_key, request_id, changed, row_data)
        SELECT CASE WHEN NOT reference THEN r.j ->> 'ward_code' END,
               v_actor, v_token, v_role, v_writer, TG_TABLE_NAME, 'insert',
               CASE WHEN NOT reference THEN (r.j ->> key_column)::uuid END,
               CASE WHEN reference THEN r.j ->> key_column END,
               v_request, NULL, r.j
          FROM (SELECT pg_catalog.to_jsonb(n) - generated AS j FROM new_rows AS n) AS r;
    ELSE
        -- An UPDATE: old and new rows paired by primary key; a row whose
        -- columns (but updated_at) did not change records nothing.
        INSERT INTO ansinh.audit_event
               (ward_code, actor, token_id, role, writer_ward, table_name, action,
                record_id, record_key, request_id, changed, row_data)
        SELECT CASE WHEN NOT reference THEN n.j ->> 'ward_code' END,
               v_actor, v_token, v_role, v_writer, TG_TABLE_NAME, 'update',
               CASE WHEN NOT reference THEN (n.j ->> key_column)::uuid END,
               CASE WHEN reference THEN n.j ->> key_column END,
               v_request, c.changed, n.j
          FROM (SELECT pg_catalog.to_jsonb(t) - generated AS j FROM new_rows AS t) AS n
          JOIN (SELECT pg_catalog.to_jsonb(t) - generated AS j FROM old_rows AS t) AS o
            ON ARRAY(SELECT n.j ->> k FROM unnest(pk) AS k) = ARRAY(SELECT o.j ->> k FROM unnest(pk) AS k)
         CROSS JOIN LATERAL (
               SELECT pg_catalog.array_agg(f.key ORDER BY f.key) AS changed
                 FROM pg_catalog.jsonb_each(n.j) AS f
                WHERE (reference OR f.key <> 'updated_at')
                  AND f.value IS DISTINCT FROM o.j -> f.key) AS c
         WHERE c.changed IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ansinh.audit_trail() IS
    'Trigger (AFTER INSERT or AFTER UPDATE, FOR EACH STATEMENT, with transition tables new_rows/old_rows): writes the statement''s ansinh.audit_event rows set-wise, from the request context. Attach with ansinh.audit_attach.';

-- Runs as ansinh_audit_writer, as the three functions it replaces did
-- (0011): the only role with INSERT on the trail.
GRANT CREATE ON SCHEMA ansinh TO ansinh_audit_writer;
ALTER FUNCTION ansinh.audit_trail() OWNER TO ansinh_audit_writer;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_audit_writer;
REVOKE ALL ON FUNCTION ansinh.audit_trail() FROM PUBLIC;

-- Attaches (or re-attaches) the audit trigger of a table: <table>_audit
-- (AFTER INSERT) and <table>_audit_update (AFTER UPDATE), the arguments
-- taken from the catalogue now.
CREATE PROCEDURE ansinh.audit_attach(tbl regclass, key_column text DEFAULT 'id', reference boolean DEFAULT false)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := (SELECT c.relname FROM pg_class AS c WHERE c.oid = tbl);
    pk text;
    generated text;
    args text;
BEGIN
    SELECT string_agg(a.attname, ',' ORDER BY k.n) INTO pk
      FROM pg_index AS i
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
      JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = tbl AND i.indisprimary;
    IF pk IS NULL THEN
        RAISE EXCEPTION 'audit_attach: % has no primary key', tbl;
    END IF;
    SELECT coalesce(string_agg(a.attname, ',' ORDER BY a.attnum), '') INTO generated
      FROM pg_attribute AS a
     WHERE a.attrelid = tbl AND a.attgenerated <> '' AND a.attnum > 0 AND NOT a.attisdropped;
    IF reference THEN
        generated := '';  -- reference rows are recorded whole, as before 0121
    END IF;
    args := format('%L, %L, %L, %L', key_column, CASE WHEN reference THEN 'reference' ELSE 'record' END,
                   pk, generated);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', t || '_audit', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', t || '_audit_update', tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION ansinh.audit_trail(%s)', t || '_audit', tbl, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION ansinh.audit_trail(%s)', t || '_audit_update', tbl, args);
END
$$;

REVOKE ALL ON PROCEDURE ansinh.audit_attach(regclass, text, boolean) FROM PUBLIC;
COMMENT ON PROCEDURE ansinh.audit_attach(regclass, text, boolean) IS
    'Attaches ansinh.audit_trail() to a table (key column, reference or not); run again after changing its generated columns or primary key';

-- Every table the three old triggers were on (0121 found 34).
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT o.rel, o.key_column, o.reference FROM old_audit_trigger AS o ORDER BY o.rel::text LOOP
        CALL ansinh.audit_attach(r.rel, r.key_column, r.reference);
    END LOOP;
END
$$;
DROP TABLE old_audit_trigger;

-- ------------------------------------------------------------------ one seal chain
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
    ranks integer[];
    scopes text[];
    ids bigint[];
    canons jsonb[];
    digests bytea[];
BEGIN
    IF max_events IS NULL OR max_events < 1 THEN
        RAISE EXCEPTION 'seal_audit_events: max_events must be at least 1, not %', coalesce(max_events::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Seals form one chain: one sealer at a time. Writers never take this lock.
    IF coalesce(wait, true) THEN
        PERFORM FROM ansinh.seal_lock FOR UPDATE;
    ELSE
        PERFORM FROM ansinh.seal_lock FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            RETURN;
        END IF;
    END IF;

    SELECT * INTO prev FROM ansinh.audit_seal AS a ORDER BY a.id DESC LIMIT 1;
    bound := coalesce(prev.next_xact, '0'::xid8);
    -- Taken before the events are read, so it is no newer than their
    -- snapshot: every event that statement cannot see has xact >= horizon.
    horizon := pg_snapshot_xmin(pg_current_snapshot());

    -- One statement, one snapshot: ward events by id, then district
    -- events, then reference events (the order the hash takes them).
    SELECT array_agg(k.rank ORDER BY k.rank, k.id),
           array_agg(k.scope ORDER BY k.rank, k.id),
           array_agg(k.id ORDER BY k.rank, k.id),
           array_agg(ansinh.audit_event_canon(e) ORDER BY k.rank, k.id),
           max(k.total)
      INTO ranks, scopes, ids, canons, total
      FROM (SELECT u.scope, u.id, u.rank, count(*) OVER () AS total
              FROM (SELECT e.scope, e.id,
                           CASE e.scope WHEN 'district' THEN 2 WHEN 'reference' THEN 3 ELSE 1 END AS rank
                      FROM ansinh.audit_event AS e
                     WHERE e.xact >= bound
                       AND NOT EXISTS (SELECT FROM ansinh.audit_seal_event AS i
                                        WHERE i.event_scope = e.scope AND i.event_id = e.id)) AS u
             ORDER BY u.rank, u.id
             LIMIT max_events) AS k
      JOIN ansinh.audit_event AS e ON e.scope = k.scope AND e.id = k.id;
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
      FROM unnest(ranks, ids) AS u (t, i)
     WHERE u.t = 1;
    -- Events left over by the limit are visible and may be older than the
    -- horizon: the next seal must look from the same place again.
    s.next_xact := CASE WHEN total > max_events THEN bound ELSE horizon END;
    s.prev_hash := coalesce(prev.hash, decode(repeat('00', 32), 'hex'));
    s.hash := ansinh.audit_seal_hash(s.prev_hash, ansinh.audit_seal_header(s), digests);

    INSERT INTO ansinh.audit_seal
           (id, sealed_at, sealed_by, event_count, first_event_id, last_event_id,
            next_xact, prev_hash, hash)
    VALUES (s.id, s.sealed_at, s.sealed_by, s.event_count, s.first_event_id, s.last_event_id,
            s.next_xact, s.prev_hash, s.hash);
    INSERT INTO ansinh.audit_seal_event (seal_id, event_scope, event_id, digest, sealed)
    SELECT s.id, u.w, u.i, u.d, u.c
      FROM unnest(scopes, ids, digests, canons) AS u (w, i, d, c);

    RETURN QUERY SELECT s.id, s.event_count, s.first_event_id, s.last_event_id, s.hash,
                        total > max_events;
END
$$;

COMMENT ON FUNCTION ansinh.seal_audit_events(integer, boolean) IS
    'SECURITY DEFINER: seals up to max_events unsealed audit events (of every scope) into the next seal of the chain; wait false gives up at once if another seal is being made';

CREATE OR REPLACE FUNCTION ansinh.audit_seal_status()
RETURNS TABLE (last_seal_id bigint, last_sealed_at timestamptz,
               seal_age_seconds double precision, unsealed_events bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    prev ansinh.audit_seal;
    bound xid8;
BEGIN
    SELECT * INTO prev FROM ansinh.audit_seal AS a ORDER BY a.id DESC LIMIT 1;
    bound := coalesce(prev.next_xact, '0'::xid8);
    RETURN QUERY
    SELECT prev.id, prev.sealed_at,
           extract(epoch FROM (now() - prev.sealed_at))::double precision,
           (SELECT count(*) FROM ansinh.audit_event AS e
             WHERE e.xact >= bound
               AND NOT EXISTS (SELECT FROM ansinh.audit_seal_event AS i
                                WHERE i.event_scope = e.scope AND i.event_id = e.id));
END
$$;

-- ------------------------------------------------------------------ audit history
CREATE OR REPLACE FUNCTION ansinh_api.audit_history(id uuid, code text, ward text, "limit" integer, "offset" integer)
RETURNS TABLE (event_no bigint, recorded_at text, actor text, role text, ward_code text, table_name text,
               action text, record_key text, field text, old_value text, new_value text, request_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_ids uuid[];
    v_key text;
BEGIN
    IF ansinh.context_role() IS NULL OR ansinh.context_role() NOT IN ('district', 'auditor') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'the audit history is for district and auditor tokens';
    END IF;
    IF audit_history.id IS NOT NULL THEN
        v_ids := ARRAY[audit_history.id];
        v_key := audit_history.id::text;
    ELSIF nullif(btrim(audit_history.code), '') IS NOT NULL THEN
        v_key := btrim(audit_history.code);
        v_ids := ARRAY(SELECT h.id FROM ansinh.household AS h
                        WHERE h.code = v_key
                          AND (nullif(audit_history.ward, '') IS NULL OR h.ward_code = audit_history.ward));
    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a record id or a household code is required';
    END IF;

    RETURN QUERY
    WITH ev AS (
        SELECT CASE e.scope WHEN 'district' THEN 2 WHEN 'reference' THEN 3 ELSE 1 END AS trail,
               e.id AS n, e.recorded_at, e.actor, e.role, coalesce(e.ward_code, e.writer_ward) AS ward_code,
               e.table_name, e.action, coalesce(e.record_id::text, e.record_key) AS rkey,
               e.request_id, e.changed, e.row_data
          FROM ansinh.audit_event AS e
         WHERE e.record_id = ANY (v_ids)
            OR (e.record_key = v_key AND e.scope = 'reference')
    ), seq AS (
        SELECT ev.*,
               row_number() OVER (ORDER BY ev.recorded_at, ev.trail, ev.n) AS no,
               lag(ev.row_data) OVER (PARTITION BY ev.table_name, ev.rkey ORDER BY ev.recorded_at, ev.trail, ev.n)
                   AS prev
          FROM ev
    )
    SELECT s.no, ansinh.rfc3339(s.recorded_at), s.actor, s.role, s.ward_code, s.table_name, s.action, s.rkey,
           f.key, s.prev ->> f.key, s.row_data ->> f.key, s.request_id
      FROM seq AS s
     CROSS JOIN LATERAL (
           SELECT c AS key, 1 AS pos FROM unnest(s.changed) AS c WHERE s.action = 'update'
           UNION ALL
           SELECT j.key, 0 FROM jsonb_each(s.row_data) AS j
            WHERE s.action = 'insert' AND j.value <> 'null'::jsonb
              AND j.key NOT IN ('id', 'ward_code', 'created_at', 'updated_at')
         ) AS f
     ORDER BY s.no, f.key
     LIMIT nullif(audit_history."limit", 0)
    OFFSET coalesce(audit_history."offset", 0);

    IF NOT FOUND AND coalesce(audit_history."offset", 0) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = CASE WHEN audit_history.id IS NOT NULL
                           THEN format('no audit event names record %s', audit_history.id)
                           ELSE format('household ''%s'' was not found%s', ansinh.excerpt(v_key),
                                       coalesce(' in ward ' || nullif(audit_history.ward, ''), '')) END;
    END IF;
END
$$;

COMMENT ON FUNCTION ansinh_api.audit_history(uuid, text, text, integer, integer) IS
    'Who recorded and changed a record (by id, household code or reference key), when, field by field, from the audit trail; district and auditor contexts only';

CALL ansinh.secure_api();
