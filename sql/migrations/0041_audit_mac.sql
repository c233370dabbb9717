-- 0041 — the audit MAC: each write bound to the daemon that made it.
--
-- The daemon holds a secret key outside the database (`ansinhd serve
-- --audit-key-file`). For every write it computes HMAC-SHA256 over the
-- request's id, token id, role, ward, actor and operation (server/
-- audit_mac.h) and passes it in the write's own statement to
-- ansinh_api.audit_mac_record, which stores it here in the same
-- transaction as the write and its audit events. `ansinhd audit verify
-- --audit-key-file` recomputes every MAC and checks that each audit event
-- belongs to a request with a right MAC and the same actor, token and
-- role: an event written with a stolen database login has none (the key is
-- not in the database) and fails verify.
--
-- A daemon without a key stores its writes' rows with key_id and mac NULL:
-- verify reports those as unchecked. Append-only, as the audit trail.

CREATE TABLE ansinh.audit_mac (
    request_id  uuid        PRIMARY KEY,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    key_id      text,
    mac         bytea,
    operation   text        NOT NULL,
    actor       text        NOT NULL,
    token_id    uuid,
    role        text        NOT NULL
        CONSTRAINT audit_mac_role_word CHECK (role IN ('ward', 'district', 'auditor')),
    ward_code   text,
    db_user     text        NOT NULL DEFAULT session_user,
    CONSTRAINT audit_mac_both CHECK ((key_id IS NULL) = (mac IS NULL)),
    CONSTRAINT audit_mac_size CHECK (mac IS NULL OR octet_length(mac) = 32)
);

CREATE TRIGGER audit_mac_append_only
    BEFORE UPDATE OR DELETE ON ansinh.audit_mac
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_mac_no_truncate
    BEFORE TRUNCATE ON ansinh.audit_mac
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.audit_mac IS
    'The daemon''s keyed MAC of each write request (HMAC-SHA256 with a key outside the database), checked by ansinhd audit verify --audit-key-file; append-only';
COMMENT ON COLUMN ansinh.audit_mac.request_id IS 'The write request (the request_id of its audit events)';
COMMENT ON COLUMN ansinh.audit_mac.recorded_at IS 'When the write committed';
COMMENT ON COLUMN ansinh.audit_mac.key_id IS 'Which of the daemon''s keys made the MAC; NULL: a daemon without a key (unchecked)';
COMMENT ON COLUMN ansinh.audit_mac.mac IS 'HMAC-SHA256 over request_id, token_id, role, ward, actor and operation';
COMMENT ON COLUMN ansinh.audit_mac.operation IS 'The request: household_create, support_create, …';
COMMENT ON COLUMN ansinh.audit_mac.actor IS 'Name of the token that wrote';
COMMENT ON COLUMN ansinh.audit_mac.token_id IS 'The token that wrote';
COMMENT ON COLUMN ansinh.audit_mac.role IS 'Role of that token';
COMMENT ON COLUMN ansinh.audit_mac.ward_code IS 'The ward of a ward token; NULL for district tokens';
COMMENT ON COLUMN ansinh.audit_mac.db_user IS 'The database login that wrote (the daemon''s)';

ALTER TABLE ansinh.audit_mac ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.audit_mac FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.audit_mac FOR SELECT
    USING (coalesce(ansinh.context_role() IN ('district', 'auditor'), false));
CREATE POLICY context_insert ON ansinh.audit_mac FOR INSERT
    WITH CHECK (role = ansinh.context_role()
                AND actor = pg_catalog.current_setting('ansinh.actor', true)
                AND ward_code IS NOT DISTINCT FROM ansinh.context_ward());
CREATE POLICY analyst_read ON ansinh.audit_mac FOR SELECT TO ansinh_analyst
    USING (true);

REVOKE ALL ON ansinh.audit_mac FROM PUBLIC;
GRANT INSERT ON ansinh.audit_mac TO ansinh_daemon;
GRANT SELECT ON ansinh.audit_mac TO ansinh_daemon, ansinh_analyst;

-- Called by the daemon in the statement of every write, after the write
-- function (LATERAL on its outcome): stores the MAC ("key_id:hex", or NULL
-- from a daemon without a key) of a write that wrote (written: outcome OK
-- and not replayed), with the request context's actor, token, role and
-- ward. A request_id already stored keeps its first row.
CREATE FUNCTION ansinh_api.audit_mac_record(request_id uuid, mac text, operation text, written boolean)
RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    key text := nullif(split_part(coalesce(audit_mac_record.mac, ''), ':', 1), '');
    digest bytea := CASE WHEN audit_mac_record.mac IS NOT NULL
                         THEN decode(split_part(audit_mac_record.mac, ':', 2), 'hex') END;
BEGIN
    IF NOT coalesce(written, false) OR audit_mac_record.request_id IS NULL THEN
        RETURN;
    END IF;
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Not ON CONFLICT: that would need the row to pass the read policy,
    -- which a ward context does not.
    BEGIN
        INSERT INTO ansinh.audit_mac
               (request_id, key_id, mac, operation, actor, token_id, role, ward_code)
        VALUES (audit_mac_record.request_id, key, digest, audit_mac_record.operation,
                pg_catalog.current_setting('ansinh.actor', true),
                nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid,
                ansinh.context_role(), ansinh.context_ward());
    EXCEPTION WHEN unique_violation THEN
        NULL; -- the request's first row stays (verify checks it)
    END;
END
$$;

REVOKE ALL ON FUNCTION ansinh_api.audit_mac_record(uuid, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh_api.audit_mac_record(uuid, text, text, boolean) TO ansinh_daemon;

COMMENT ON FUNCTION ansinh_api.audit_mac_record(uuid, text, text, boolean) IS
    'Stores the daemon''s MAC (key_id:hex, or NULL) of the current write request, in its transaction';

-- Where the MACs begin in each trail: the events written before this
-- migration (first_event_id and after are checked) have no MAC, and are
-- protected by the seals alone.
CREATE TABLE ansinh.audit_mac_start (
    trail          text   PRIMARY KEY
        CONSTRAINT audit_mac_start_trail CHECK (trail IN ('ward', 'district', 'reference')),
    first_event_id bigint NOT NULL
);
INSERT INTO ansinh.audit_mac_start (trail, first_event_id)
SELECT 'ward', coalesce(max(id), 0) + 1 FROM ansinh.audit_event
UNION ALL
SELECT 'district', coalesce(max(id), 0) + 1 FROM ansinh.district_audit_event
UNION ALL
SELECT 'reference', coalesce(max(id), 0) + 1 FROM ansinh.reference_audit_event;

CREATE TRIGGER audit_mac_start_append_only
    BEFORE UPDATE OR DELETE ON ansinh.audit_mac_start
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_mac_start_no_truncate
    BEFORE TRUNCATE ON ansinh.audit_mac_start
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

REVOKE ALL ON ansinh.audit_mac_start FROM PUBLIC;
GRANT SELECT ON ansinh.audit_mac_start TO ansinh_daemon, ansinh_analyst;

COMMENT ON TABLE ansinh.audit_mac_start IS
    'The first audit event of each trail that carries the daemon''s MAC (events before it were written before migration 0041)';
COMMENT ON COLUMN ansinh.audit_mac_start.trail IS 'ward (audit_event), district (district_audit_event) or reference (reference_audit_event)';
COMMENT ON COLUMN ansinh.audit_mac_start.first_event_id IS 'Events with this id and later are checked against ansinh.audit_mac';

-- The API functions and grants above under the model of 0011_privileges.
CALL ansinh.secure_api();
