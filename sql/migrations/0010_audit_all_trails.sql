-- 0010 — one tamper-evident audit trail for every record, not only those
-- with a ward.
--
-- Three tables hold audit events:
--
--   audit_event            records of a ward (trigger ansinh.audit_row, 0002)
--   district_audit_event   records of the district as a whole, ward_code NULL:
--                          district-wide programmes, district targets and
--                          their history (trigger ansinh.audit_district_row,
--                          0007)
--   reference_audit_event  the shared reference tables: funds and
--                          organizations (trigger ansinh.audit_reference_row,
--                          0006) and, from this migration, poverty standards
--
-- Until now only audit_event was sealed (0008) and compared with the records
-- by `ansinhd audit verify`; the other two trails could be rewritten without
-- a trace, poverty standards had no audit event at all, and verify took the
-- district-wide rows of programme, target and target_history (tables that
-- also carry audit_row for their ward rows) for rows inserted behind the
-- daemon's back. This migration:
--
--   - gives district_audit_event and reference_audit_event the xact column
--     audit_event has (the writing transaction), so that a seal can find
--     their committed, unsealed events exactly as it finds audit_event's;
--   - audits poverty_standard in reference_audit_event (its rows so far get
--     one 'insert' event each, from the row's own provenance);
--   - defines the canonical form of their events (version 1 of each, like
--     audit_event_canon: never change them);
--   - lets a seal hold events of all three trails: the ward events in
--     audit_seal_event as before, the others in audit_seal_district_event
--     and audit_seal_reference_event. A seal's hash is still
--
--       sha256(prev_hash || header || digest_1 || … || digest_n)
--
--     over its events in this order: ward events by id, then district
--     events by id, then reference events by id. A seal made before this
--     migration holds ward events only, so its hash is what it was.
--     event_count counts the seal's events of all three trails;
--     first_event_id and last_event_id stay the range of its ward events
--     (NULL when it holds none).
--
-- `ansinhd audit verify` recomputes all of it with its own SQL and compares
-- every audited row with the last event of its trail.

-- ------------------------------------------------------------------ xact of the other trails
-- As in 0008: a volatile default, so the events already there get this
-- migration's transaction id, which the next seal sees as committed.
ALTER TABLE ansinh.district_audit_event
    ADD COLUMN xact xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id();
ALTER TABLE ansinh.reference_audit_event
    ADD COLUMN xact xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id();

CREATE INDEX district_audit_event_xact_idx ON ansinh.district_audit_event (xact);
CREATE INDEX reference_audit_event_xact_idx ON ansinh.reference_audit_event (xact);

COMMENT ON COLUMN ansinh.district_audit_event.xact IS
    'Id of the transaction that wrote the event (pg_current_xact_id()): lets a seal find the events committed since the previous one';
COMMENT ON COLUMN ansinh.reference_audit_event.xact IS
    'Id of the transaction that wrote the event (pg_current_xact_id()): lets a seal find the events committed since the previous one';
COMMENT ON TABLE ansinh.reference_audit_event IS
    'Audit trail of the shared reference tables (fund, organization, poverty_standard), which belong to no ward and so cannot be filed in audit_event: who added or changed what, when, with which token. Append-only; sealed with the other audit events.';
COMMENT ON COLUMN ansinh.reference_audit_event.table_name IS 'fund, organization or poverty_standard';
COMMENT ON COLUMN ansinh.reference_audit_event.record_key IS 'The row''s key: a fund''s code, an organization''s id, a poverty standard row''s id';

-- ------------------------------------------------------------------ poverty standards audited
-- Standards are append-only (0009 refuses UPDATE and DELETE); each insert
-- now leaves a reference_audit_event row like a fund's.
CREATE TRIGGER poverty_standard_audit
    AFTER INSERT OR UPDATE ON ansinh.poverty_standard
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_reference_row('id');

-- The rows already there (the seeded central standard, any the district
-- added): one insert event each, naming who added the row as the row does.
INSERT INTO ansinh.reference_audit_event
       (actor, token_id, table_name, action, record_key, request_id, row_data)
SELECT s.created_by, s.token_id, 'poverty_standard', 'insert', s.id::text, s.request_id, pg_catalog.to_jsonb(s)
  FROM ansinh.poverty_standard AS s
 ORDER BY s.created_at, s.code, s.area;

COMMENT ON TABLE ansinh.poverty_standard IS
    'Poverty standards (chuẩn nghèo): one row per standard and area. The central 2022–2025 standard is seeded; the city''s own and later periods are added by the district (ansinh standard add). Append-only; each row records who added it, and each insert is audited in reference_audit_event.';

-- ------------------------------------------------------------------ canonical forms
-- As ansinh.audit_event_canon (0008): a jsonb object of every column, the
-- time as RFC 3339 UTC text, xact as text, and the trail's name, so that no
-- event of one trail has the canonical text of an event of another.
-- Version 1: never change these; `ansinhd audit verify` spells them out.
CREATE FUNCTION ansinh.audit_district_event_canon(e ansinh.district_audit_event) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN pg_catalog.jsonb_build_object(
        'trail', 'district',
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

CREATE FUNCTION ansinh.audit_reference_event_canon(e ansinh.reference_audit_event) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN pg_catalog.jsonb_build_object(
        'trail', 'reference',
        'id', e.id,
        'recorded_at', pg_catalog.to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor', e.actor,
        'token_id', e.token_id,
        'role', e.role,
        'writer_ward', e.writer_ward,
        'db_user', e.db_user,
        'table_name', e.table_name,
        'action', e.action,
        'record_key', e.record_key,
        'request_id', e.request_id,
        'changed', e.changed,
        'row_data', e.row_data,
        'xact', e.xact::text);

COMMENT ON FUNCTION ansinh.audit_district_event_canon(ansinh.district_audit_event) IS
    'Canonical form of a district_audit_event row (version 1); its text, UTF-8, is what a seal hashes';
COMMENT ON FUNCTION ansinh.audit_reference_event_canon(ansinh.reference_audit_event) IS
    'Canonical form of a reference_audit_event row (version 1); its text, UTF-8, is what a seal hashes';

-- ------------------------------------------------------------------ seal items of the other trails
CREATE TABLE ansinh.audit_seal_district_event (
    seal_id  bigint NOT NULL REFERENCES ansinh.audit_seal (id),
    event_id bigint PRIMARY KEY REFERENCES ansinh.district_audit_event (id),
    digest   bytea  NOT NULL
        CONSTRAINT audit_seal_district_event_digest_length CHECK (octet_length(digest) = 32),
    sealed   jsonb  NOT NULL
);

CREATE TABLE ansinh.audit_seal_reference_event (
    seal_id  bigint NOT NULL REFERENCES ansinh.audit_seal (id),
    event_id bigint PRIMARY KEY REFERENCES ansinh.reference_audit_event (id),
    digest   bytea  NOT NULL
        CONSTRAINT audit_seal_reference_event_digest_length CHECK (octet_length(digest) = 32),
    sealed   jsonb  NOT NULL
);

CREATE INDEX audit_seal_district_event_seal_idx ON ansinh.audit_seal_district_event (seal_id, event_id);
CREATE INDEX audit_seal_reference_event_seal_idx ON ansinh.audit_seal_reference_event (seal_id, event_id);

CREATE TRIGGER audit_seal_district_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.audit_seal_district_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_seal_district_event_no_truncate
    BEFORE TRUNCATE ON ansinh.audit_seal_district_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_seal_reference_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.audit_seal_reference_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_seal_reference_event_no_truncate
    BEFORE TRUNCATE ON ansinh.audit_seal_reference_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.audit_seal_district_event IS
    'The district_audit_event rows each seal holds, with the digest and a copy of each as sealed. Append-only.';
COMMENT ON COLUMN ansinh.audit_seal_district_event.seal_id IS 'The seal (ansinh.audit_seal.id)';
COMMENT ON COLUMN ansinh.audit_seal_district_event.event_id IS 'id of the event (ansinh.district_audit_event.id)';
COMMENT ON COLUMN ansinh.audit_seal_district_event.digest IS 'sha256 of the event''s canonical text (audit_district_event_canon(e)::text, UTF-8) when sealed';
COMMENT ON COLUMN ansinh.audit_seal_district_event.sealed IS
    'The event''s canonical form when sealed: what verify compares the event with to say which field changed';

COMMENT ON TABLE ansinh.audit_seal_reference_event IS
    'The reference_audit_event rows each seal holds, with the digest and a copy of each as sealed. Append-only.';
COMMENT ON COLUMN ansinh.audit_seal_reference_event.seal_id IS 'The seal (ansinh.audit_seal.id)';
COMMENT ON COLUMN ansinh.audit_seal_reference_event.event_id IS 'id of the event (ansinh.reference_audit_event.id)';
COMMENT ON COLUMN ansinh.audit_seal_reference_event.digest IS 'sha256 of the event''s canonical text (audit_reference_event_canon(e)::text, UTF-8) when sealed';
COMMENT ON COLUMN ansinh.audit_seal_reference_event.sealed IS
    'The event''s canonical form when sealed: what verify compares the event with to say which field changed';

-- A seal may hold no ward event.
ALTER TABLE ansinh.audit_seal ALTER COLUMN first_event_id DROP NOT NULL;
ALTER TABLE ansinh.audit_seal ALTER COLUMN last_event_id DROP NOT NULL;

COMMENT ON TABLE ansinh.audit_seal IS
    'Seals of the audit trail, a hash chain: each seals the audit events (of audit_event, district_audit_event and reference_audit_event) committed since the previous one. Append-only; checked by ansinhd audit verify.';
COMMENT ON COLUMN ansinh.audit_seal.event_count IS
    'Number of audit events sealed, of all three trails (rows of audit_seal_event, audit_seal_district_event and audit_seal_reference_event)';
COMMENT ON COLUMN ansinh.audit_seal.first_event_id IS 'Lowest audit_event.id sealed; NULL when the seal holds no ward event';
COMMENT ON COLUMN ansinh.audit_seal.last_event_id IS
    'Highest audit_event.id sealed (lower ids committed later go to a later seal); NULL when the seal holds no ward event';
COMMENT ON COLUMN ansinh.audit_seal.next_xact IS
    'Oldest transaction still running when the seal looked: the next seal looks at events (of every trail) with xact from here on';
COMMENT ON COLUMN ansinh.audit_seal.hash IS
    'sha256(prev_hash || audit_seal_header(seal) || digest of each sealed event: ward events by id, then district events by id, then reference events by id)';

-- ------------------------------------------------------------------ sealing all three trails
-- As 0008's version, over the events of all three trails, in the order the
-- hash takes them. Same signature and result, so the daemon and `ansinhd
-- audit seal` call it unchanged; it stays SECURITY DEFINER, owned by
-- ansinh_sealer (CREATE OR REPLACE keeps the owner and the grants).
CREATE OR REPLACE FUNCTION ansinh.seal_audit_events(max_events integer, wait boolean)
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
    -- Seals form one chain: one sealer at a time. Writers never take this lock.
    IF coalesce(wait, true) THEN
        PERFORM pg_advisory_xact_lock(7420008);
    ELSIF NOT pg_try_advisory_xact_lock(7420008) THEN
        RETURN;
    END IF;

    SELECT * INTO prev FROM ansinh.audit_seal AS a ORDER BY a.id DESC LIMIT 1;
    bound := coalesce(prev.next_xact, '0'::xid8);
    -- Taken before the events are read (0008 says why).
    horizon := pg_snapshot_xmin(pg_current_snapshot());

    -- One statement, one snapshot, for the three trails: 1 ward, 2 district,
    -- 3 reference, each by id.
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

COMMENT ON FUNCTION ansinh.seal_audit_events(integer, boolean) IS
    'SECURITY DEFINER: seals up to max_events unsealed audit events (of audit_event, district_audit_event and reference_audit_event) into the next seal of the chain; wait false gives up at once if another seal is being made';

-- ------------------------------------------------------------------ privileges
-- The sealer reads the district events only as itself (as for audit_event
-- in 0008); the context policies of the table are evaluated for it too.
CREATE POLICY sealer_read ON ansinh.district_audit_event FOR SELECT TO ansinh_sealer
    USING (current_user = 'ansinh_sealer');

REVOKE ALL ON ansinh.audit_seal_district_event, ansinh.audit_seal_reference_event FROM PUBLIC;
REVOKE ALL ON FUNCTION
    ansinh.audit_district_event_canon(ansinh.district_audit_event),
    ansinh.audit_reference_event_canon(ansinh.reference_audit_event)
  FROM PUBLIC;

GRANT EXECUTE ON FUNCTION ansinh.context_may_read_scope(text), ansinh.context_may_write_scope(text)
  TO ansinh_sealer;
GRANT SELECT ON ansinh.district_audit_event, ansinh.reference_audit_event TO ansinh_sealer;
GRANT SELECT, INSERT ON ansinh.audit_seal_district_event, ansinh.audit_seal_reference_event TO ansinh_sealer;
GRANT EXECUTE ON FUNCTION
    ansinh.audit_district_event_canon(ansinh.district_audit_event),
    ansinh.audit_reference_event_canon(ansinh.reference_audit_event)
  TO ansinh_sealer, ansinh_analyst;

-- Analysts (and auditors logging in as analysts) read the seals.
GRANT SELECT ON ansinh.audit_seal_district_event, ansinh.audit_seal_reference_event TO ansinh_analyst;
