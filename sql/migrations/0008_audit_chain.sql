-- 0008 — a tamper-evident audit trail (seals chaining the audit events), and
-- likely duplicate persons across wards.
--
-- ------------------------------------------------------------------ the audit model
--
-- Every write leaves an ansinh.audit_event row (trigger ansinh.audit_row,
-- 0002), written by the writer's own transaction. Writers never touch
-- anything shared beyond that insert: there is no chain head they would all
-- have to lock, so the trail does not serialise writes.
--
-- Tamper evidence comes afterwards, from *seals*. A seal
-- (ansinh.seal_audit_events, run by the daemon every --audit-seal-interval
-- seconds through its database pool, or by `ansinhd audit seal`) takes every
-- committed event that no seal holds yet, in event-id order, and records:
--
--   audit_seal_event  one row per event: its digest, sha256 of the event's
--                     canonical text (ansinh.audit_event_canon), and a copy
--                     of that canonical form, so that a later change can be
--                     shown field by field;
--   audit_seal        one row per seal: the seal's number (1, 2, 3, … without
--                     gaps), when and by whom, how many events, and
--
--       hash = sha256(prev_hash || header || digest_1 || … || digest_n)
--
--                     where prev_hash is the previous seal's hash (32 zero
--                     bytes for seal 1), header the canonical text of the
--                     seal's own columns (ansinh.audit_seal_header) and the
--                     digests those of its events in event-id order.
--
-- Only seals serialise, among themselves (an advisory lock). Changing,
-- deleting or back-dating a sealed event, a seal or a seal item afterwards
-- breaks a digest or a hash that `ansinhd audit verify` recomputes; a record
-- row changed, inserted or deleted without its audit event no longer matches
-- the last audited row_data of that record, which verify also compares (for
-- every table carrying the audit trigger, found in pg_trigger). A superuser
-- can still rewrite the whole chain from some seal on: only a seal hash kept
-- outside the database (verify --anchor) shows that. Events after the last
-- seal are protected only once sealed.
--
-- Which events are unsealed. Event ids are handed out when the row is
-- inserted, not when its transaction commits, so "every id above the last
-- seal's" is wrong: a transaction still running when a seal is made may
-- commit a lower id afterwards. Each event therefore records the id of the
-- transaction that wrote it (xact), and each seal the oldest transaction
-- still running when it looked (next_xact, the snapshot's xmin). An event
-- that seal k did not take was invisible to it, so its transaction was
-- running or not yet started: its xact is >= seal k's next_xact. Seal k+1
-- looks only at events with xact >= seal k's next_xact (an index range) and
-- takes those that no seal holds yet. Nothing an honest writer does can
-- leave an event unsealed below the last seal's next_xact; verify reports
-- such an event as inserted behind the sealer's back.

-- ------------------------------------------------------------------ the sealer's role
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_sealer') THEN
        CREATE ROLE ansinh_sealer NOLOGIN;
    END IF;
END
$$;

COMMENT ON ROLE ansinh_sealer IS
    'ansinh: owner of ansinh.seal_audit_events(); reads the audit trail and appends seals, nothing else';

-- ------------------------------------------------------------------ audit_event.xact
-- A volatile default: existing events get this migration's transaction id,
-- which every later seal sees as committed, so the first seal takes them.
ALTER TABLE ansinh.audit_event
    ADD COLUMN xact xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id();

CREATE INDEX audit_event_xact_idx ON ansinh.audit_event (xact);

COMMENT ON COLUMN ansinh.audit_event.xact IS
    'Id of the transaction that wrote the event (pg_current_xact_id()): lets a seal find the events committed since the previous one';

-- ------------------------------------------------------------------ seals
CREATE TABLE ansinh.audit_seal (
    id             bigint      PRIMARY KEY
        CONSTRAINT audit_seal_id_positive CHECK (id > 0),
    sealed_at      timestamptz NOT NULL DEFAULT now(),
    sealed_by      text        NOT NULL DEFAULT session_user,
    event_count    integer     NOT NULL
        CONSTRAINT audit_seal_event_count_positive CHECK (event_count > 0),
    first_event_id bigint      NOT NULL,
    last_event_id  bigint      NOT NULL,
    next_xact      xid8        NOT NULL,
    prev_hash      bytea       NOT NULL
        CONSTRAINT audit_seal_prev_hash_length CHECK (octet_length(prev_hash) = 32),
    hash           bytea       NOT NULL
        CONSTRAINT audit_seal_hash_length CHECK (octet_length(hash) = 32),
    CONSTRAINT audit_seal_event_range CHECK (first_event_id <= last_event_id)
);

CREATE TRIGGER audit_seal_append_only
    BEFORE UPDATE OR DELETE ON ansinh.audit_seal
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_seal_no_truncate
    BEFORE TRUNCATE ON ansinh.audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.audit_seal IS
    'Seals of the audit trail, a hash chain: each seals the audit events committed since the previous one. Append-only; checked by ansinhd audit verify.';
COMMENT ON COLUMN ansinh.audit_seal.id IS 'Seal number: 1, 2, 3, … without gaps; the order of the chain';
COMMENT ON COLUMN ansinh.audit_seal.sealed_at IS 'When the seal was made';
COMMENT ON COLUMN ansinh.audit_seal.sealed_by IS 'Database user that made it (the daemon''s, or whoever ran ansinhd audit seal)';
COMMENT ON COLUMN ansinh.audit_seal.event_count IS 'Number of audit events sealed (rows of audit_seal_event)';
COMMENT ON COLUMN ansinh.audit_seal.first_event_id IS 'Lowest audit_event.id sealed';
COMMENT ON COLUMN ansinh.audit_seal.last_event_id IS 'Highest audit_event.id sealed (lower ids committed later go to a later seal)';
COMMENT ON COLUMN ansinh.audit_seal.next_xact IS
    'Oldest transaction still running when the seal looked: the next seal looks at events with audit_event.xact from here on';
COMMENT ON COLUMN ansinh.audit_seal.prev_hash IS 'hash of the previous seal; 32 zero bytes for seal 1';
COMMENT ON COLUMN ansinh.audit_seal.hash IS
    'sha256(prev_hash || audit_seal_header(seal) || digest of each sealed event in event-id order)';

CREATE TABLE ansinh.audit_seal_event (
    seal_id    bigint NOT NULL REFERENCES ansinh.audit_seal (id),
    event_ward text   NOT NULL,
    event_id   bigint NOT NULL,
    digest     bytea  NOT NULL
        CONSTRAINT audit_seal_event_digest_length CHECK (octet_length(digest) = 32),
    sealed     jsonb  NOT NULL,
    -- An event is sealed once.
    PRIMARY KEY (event_ward, event_id),
    -- A sealed event cannot be deleted while this row stands (only a
    -- superuser bypassing triggers can, and verify then reports it).
    FOREIGN KEY (event_ward, event_id) REFERENCES ansinh.audit_event (ward_code, id)
);

CREATE INDEX audit_seal_event_seal_idx ON ansinh.audit_seal_event (seal_id, event_id);

CREATE TRIGGER audit_seal_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.audit_seal_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_seal_event_no_truncate
    BEFORE TRUNCATE ON ansinh.audit_seal_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.audit_seal_event IS
    'The audit events each seal holds, with the digest and a copy of each as sealed. Append-only.';
COMMENT ON COLUMN ansinh.audit_seal_event.seal_id IS 'The seal (ansinh.audit_seal.id)';
COMMENT ON COLUMN ansinh.audit_seal_event.event_ward IS 'ward_code of the audit event';
COMMENT ON COLUMN ansinh.audit_seal_event.event_id IS 'id of the audit event (ansinh.audit_event.id)';
COMMENT ON COLUMN ansinh.audit_seal_event.digest IS 'sha256 of the event''s canonical text (audit_event_canon(e)::text, UTF-8) when sealed';
COMMENT ON COLUMN ansinh.audit_seal_event.sealed IS
    'The event''s canonical form when sealed: what verify compares the event with to say which field changed';

-- ------------------------------------------------------------------ canonical forms
-- The canonical form of an audit event: a jsonb object of all its columns,
-- the timestamp as RFC 3339 UTC text (independent of the session's TimeZone
-- and DateStyle) and xact as text. jsonb's text form is canonical: keys
-- sorted, one spelling per value. `ansinhd audit verify` computes the same
-- form with its own query (built-in functions only), so a changed ansinh
-- function cannot make a changed event look intact. Version 1: never change
-- this function; a new form needs a new function and a new header version.
CREATE FUNCTION ansinh.audit_event_canon(e ansinh.audit_event) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN pg_catalog.jsonb_build_object(
        'ward_code', e.ward_code,
        'id', e.id,
        'recorded_at', pg_catalog.to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', e.actor,
        'token_id', e.token_id,
        'role', e.role,
        'db_user', e.db_user,
        'table_name', e.table_name,
        'action', e.action,
        'record_id', e.record_id,
        'request_id', e.request_id,
        'changed', e.changed,
        'row_data', e.row_data,
        'xact', e.xact::text);

COMMENT ON FUNCTION ansinh.audit_event_canon(ansinh.audit_event) IS
    'Canonical form of an audit event (version 1); its text, UTF-8, is what a seal hashes';

-- The canonical text of a seal's own columns (all but prev_hash and hash).
CREATE FUNCTION ansinh.audit_seal_header(s ansinh.audit_seal) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN pg_catalog.jsonb_build_object(
        'seal', 'ansinh audit seal v1',
        'id', s.id,
        'sealed_at', pg_catalog.to_char(s.sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'sealed_by', s.sealed_by,
        'event_count', s.event_count,
        'first_event_id', s.first_event_id,
        'last_event_id', s.last_event_id,
        'next_xact', s.next_xact::text)::text;

COMMENT ON FUNCTION ansinh.audit_seal_header(ansinh.audit_seal) IS
    'Canonical text of a seal''s columns other than its hashes; part of what the seal hashes';

-- The chain step: sha256(prev_hash || header || digests in order).
CREATE FUNCTION ansinh.audit_seal_hash(prev_hash bytea, header text, digests bytea[]) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.sha256(
        prev_hash
        || pg_catalog.convert_to(header, 'UTF8')
        || coalesce((SELECT pg_catalog.string_agg(u.d, ''::bytea ORDER BY u.n)
                       FROM unnest(digests) WITH ORDINALITY AS u (d, n)), ''::bytea));

COMMENT ON FUNCTION ansinh.audit_seal_hash(bytea, text, bytea[]) IS
    'Hash of a seal: sha256(previous seal''s hash || header text || event digests in event-id order)';

-- ------------------------------------------------------------------ sealing
-- Seals up to max_events unsealed events (the oldest first) and returns the
-- seal made, or no row when there was nothing to seal or, with wait false,
-- another sealer held the lock. more is true when events were left for the
-- next call. SECURITY DEFINER: it runs as ansinh_sealer, the only role that
-- may append seals, so the daemon can make seals but not forge them.
CREATE FUNCTION ansinh.seal_audit_events(max_events integer, wait boolean)
RETURNS TABLE (seal_id bigint, event_count integer, first_event_id bigint,
               last_event_id bigint, hash bytea, more boolean)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, ansinh
AS $$
#variable_conflict use_column
DECLARE
    prev ansinh.audit_seal;
    s ansinh.audit_seal;
    bound xid8;
    horizon xid8;
    total bigint;
    wards text[];
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
        PERFORM pg_advisory_xact_lock(7420008);
    ELSIF NOT pg_try_advisory_xact_lock(7420008) THEN
        RETURN;
    END IF;

    -- Each statement below has its own snapshot (READ COMMITTED), taken after
    -- the lock: it sees the previous sealer's commit.
    SELECT * INTO prev FROM ansinh.audit_seal AS a ORDER BY a.id DESC LIMIT 1;
    bound := coalesce(prev.next_xact, '0'::xid8);
    -- Taken before the events are read, so it is no newer than their
    -- snapshot: every event that statement cannot see has xact >= horizon.
    horizon := pg_snapshot_xmin(pg_current_snapshot());

    SELECT array_agg(c.ward_code ORDER BY c.id),
           array_agg(c.id ORDER BY c.id),
           array_agg(c.canon ORDER BY c.id),
           max(c.total)
      INTO wards, ids, canons, total
      FROM (SELECT e.ward_code, e.id, ansinh.audit_event_canon(e) AS canon,
                   count(*) OVER () AS total
              FROM ansinh.audit_event AS e
             WHERE e.xact >= bound
               AND NOT EXISTS (SELECT FROM ansinh.audit_seal_event AS i
                                WHERE i.event_ward = e.ward_code AND i.event_id = e.id)
             ORDER BY e.id
             LIMIT max_events) AS c;
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
    s.first_event_id := ids[1];
    s.last_event_id := ids[cardinality(ids)];
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
    INSERT INTO ansinh.audit_seal_event (seal_id, event_ward, event_id, digest, sealed)
    SELECT s.id, u.w, u.i, u.d, u.c
      FROM unnest(wards, ids, digests, canons) AS u (w, i, d, c);

    RETURN QUERY SELECT s.id, s.event_count, s.first_event_id, s.last_event_id, s.hash,
                        total > max_events;
END
$$;

COMMENT ON FUNCTION ansinh.seal_audit_events(integer, boolean) IS
    'SECURITY DEFINER: seals up to max_events unsealed audit events into the next seal of the chain; wait false gives up at once if another seal is being made';

-- The sealer reads every ward's events, and only as itself: a member of the
-- role (the owner, who must be one to give it the function) gains nothing.
CREATE POLICY sealer_read ON ansinh.audit_event FOR SELECT TO ansinh_sealer
    USING (current_user = 'ansinh_sealer');

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ansinh.audit_seal, ansinh.audit_seal_event FROM PUBLIC;
REVOKE ALL ON FUNCTION
    ansinh.audit_event_canon(ansinh.audit_event),
    ansinh.audit_seal_header(ansinh.audit_seal),
    ansinh.audit_seal_hash(bytea, text, bytea[]),
    ansinh.seal_audit_events(integer, boolean)
  FROM PUBLIC;

GRANT USAGE ON SCHEMA ansinh TO ansinh_sealer;
-- The context policies of audit_event are evaluated for every role.
GRANT EXECUTE ON FUNCTION
    ansinh.context_role(),
    ansinh.context_ward(),
    ansinh.context_may_read(text),
    ansinh.context_may_write(text)
  TO ansinh_sealer;
GRANT SELECT ON ansinh.audit_event TO ansinh_sealer;
GRANT SELECT, INSERT ON ansinh.audit_seal, ansinh.audit_seal_event TO ansinh_sealer;
GRANT EXECUTE ON FUNCTION
    ansinh.audit_event_canon(ansinh.audit_event),
    ansinh.audit_seal_header(ansinh.audit_seal),
    ansinh.audit_seal_hash(bytea, text, bytea[])
  TO ansinh_sealer, ansinh_analyst;

-- Hand the sealing function to ansinh_sealer, as 0005 does for
-- citizen_id_ward: membership and CREATE on the schema are needed for the
-- change of owner; CREATE is withdrawn at once.
GRANT ansinh_sealer TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_sealer;
ALTER FUNCTION ansinh.seal_audit_events(integer, boolean) OWNER TO ansinh_sealer;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_sealer;
REVOKE ALL ON FUNCTION ansinh.seal_audit_events(integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.seal_audit_events(integer, boolean) TO ansinh_daemon;

-- Analysts (and auditors logging in as analysts) read the seals.
GRANT SELECT ON ansinh.audit_seal, ansinh.audit_seal_event TO ansinh_analyst;

-- ------------------------------------------------------------------ likely duplicates
-- The same person recorded twice: the same name compared folded (no
-- diacritics, no case: "Nguyễn Văn An" = "NGUYEN VAN AN") and the same birth
-- date. People without a birth date are never listed.
CREATE INDEX person_duplicate_idx ON ansinh.person (full_name_folded, birth_date)
    WHERE birth_date IS NOT NULL;

-- Groups of two or more persons anywhere in the district with the same
-- folded name and birth date, ordered by name and date; with a ward, only the
-- groups that have someone in that ward (listed whole, other wards included).
-- One row per person, numbered by group; "limit" counts groups (0: all).
-- District sessions only: the daemon refuses the others first, and this
-- raises insufficient_privilege for them.
CREATE FUNCTION ansinh_api.member_duplicates(ward text, "limit" integer)
RETURNS TABLE (group_no integer, id uuid, ward_code text, household_id uuid,
               household_code text, full_name text, birth_date text, citizen_id text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
#variable_conflict use_column
BEGIN
    IF ansinh.context_role() IS DISTINCT FROM 'district' THEN
        RAISE EXCEPTION 'likely duplicates across wards are listed for the district role only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    WITH g AS (
        SELECT p.full_name_folded AS folded, p.birth_date AS born
          FROM ansinh.person AS p
         WHERE p.birth_date IS NOT NULL
         GROUP BY p.full_name_folded, p.birth_date
        HAVING count(*) > 1
           AND (nullif(member_duplicates.ward, '') IS NULL
                OR bool_or(p.ward_code = member_duplicates.ward))
         ORDER BY p.full_name_folded, p.birth_date
         LIMIT nullif(member_duplicates."limit", 0)
    ), n AS (
        SELECT g.folded, g.born, (row_number() OVER (ORDER BY g.folded, g.born))::integer AS no
          FROM g
    )
    SELECT n.no, p.id, p.ward_code, p.household_id, h.code, p.full_name,
           ansinh.iso_date(p.birth_date), p.citizen_id
      FROM n
      JOIN ansinh.person AS p ON p.full_name_folded = n.folded AND p.birth_date = n.born
      JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
     ORDER BY n.no, p.ward_code, h.code, p.full_name, p.id;
END
$$;

COMMENT ON FUNCTION ansinh_api.member_duplicates(text, integer) IS
    'District only: groups of persons with the same folded name and birth date (likely duplicates), one row per person';

REVOKE ALL ON FUNCTION ansinh_api.member_duplicates(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh_api.member_duplicates(text, integer) TO ansinh_daemon;
