-- 0002 — API tokens, the request log (idempotency), the audit trail.

-- ------------------------------------------------------------------ tokens
-- Created offline by `ansinhd token create` (as ansinh_owner); the token
-- itself is printed once and only its SHA-256 is kept. Revoking sets
-- revoked_at; rows are never deleted.
CREATE TABLE ansinh.api_token (
    id           uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    name         text        NOT NULL
        CONSTRAINT api_token_name_text CHECK (btrim(name) <> '' AND char_length(name) <= 100
                                              AND name !~ '[[:cntrl:]]'),
    role         text        NOT NULL
        CONSTRAINT api_token_role_word CHECK (role IN ('ward', 'district', 'auditor')),
    ward_code    text        REFERENCES ansinh.ward (code),
    token_sha256 bytea       NOT NULL UNIQUE
        CONSTRAINT api_token_sha256_length CHECK (octet_length(token_sha256) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    CONSTRAINT api_token_ward_iff_ward_role
        CHECK ((role = 'ward') = (ward_code IS NOT NULL)),
    CONSTRAINT api_token_revoked_after_created
        CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);

COMMENT ON TABLE ansinh.api_token IS
    'Bearer tokens of the daemon''s clients. Secret material: not readable by analysts.';
COMMENT ON COLUMN ansinh.api_token.id IS 'Token id; recorded as token_id in request_log and audit_event';
COMMENT ON COLUMN ansinh.api_token.name IS 'Human name of the token holder, e.g. "An Khê ward office"; recorded as the actor';
COMMENT ON COLUMN ansinh.api_token.role IS 'ward (read/write its own ward), district (everything), auditor (read-only, everything)';
COMMENT ON COLUMN ansinh.api_token.ward_code IS 'The ward of a ward token; NULL for district and auditor tokens';
COMMENT ON COLUMN ansinh.api_token.token_sha256 IS 'SHA-256 of the token string; the token itself is never stored';
COMMENT ON COLUMN ansinh.api_token.created_at IS 'When the token was created';
COMMENT ON COLUMN ansinh.api_token.revoked_at IS 'When the token was revoked; NULL while it is live';

-- ------------------------------------------------------------------ shared triggers

-- Append-only tables refuse UPDATE, DELETE and TRUNCATE, whoever asks. The
-- privileges already deny them to the daemon and analysts; this stops the
-- owner too (a deliberate repair must first disable the trigger, which is
-- itself visible in the catalogue and the server log).
CREATE FUNCTION ansinh.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Record a new, correcting row instead.';
END
$$;

COMMENT ON FUNCTION ansinh.refuse_change() IS
    'Trigger: refuses UPDATE/DELETE/TRUNCATE on append-only tables';

-- Ward-scoped records keep their identity and creation time; updated_at is
-- the time of the last change.
CREATE FUNCTION ansinh.touch_row() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    IF NEW.ward_code IS DISTINCT FROM OLD.ward_code OR NEW.id IS DISTINCT FROM OLD.id THEN
        RAISE EXCEPTION 'the ward and id of a %.% row cannot change', TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    NEW.created_at := OLD.created_at;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION ansinh.touch_row() IS
    'Trigger: keeps ward_code, id and created_at fixed, sets updated_at on every UPDATE';

-- ------------------------------------------------------------------ request log
-- One row per request_id whose write succeeded, written in the same
-- transaction as the write: a replayed request_id finds its row and gets the
-- stored outcome back, and nothing is written twice.
CREATE TABLE ansinh.request_log (
    ward_code   text        NOT NULL REFERENCES ansinh.ward (code),
    request_id  uuid        NOT NULL,
    operation   text        NOT NULL
        CONSTRAINT request_log_operation_word CHECK (operation ~ '^[a-z_]+$'),
    code        integer     NOT NULL
        CONSTRAINT request_log_code_ok CHECK (code = 0),
    message     text        NOT NULL,
    record_id   uuid        NOT NULL,
    actor       text        NOT NULL,
    token_id    uuid,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, request_id)
);

-- Replays are looked up by request_id alone (an update may name a record by
-- id without its ward).
CREATE INDEX request_log_request_id_idx ON ansinh.request_log (request_id);

CREATE TRIGGER request_log_append_only
    BEFORE UPDATE OR DELETE ON ansinh.request_log
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER request_log_no_truncate
    BEFORE TRUNCATE ON ansinh.request_log
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.request_log IS
    'Idempotency log: every successful write request, by its client-chosen request_id. Append-only.';
COMMENT ON COLUMN ansinh.request_log.ward_code IS 'Ward of the record written';
COMMENT ON COLUMN ansinh.request_log.request_id IS 'UUID the client chose for this logical write, kept across retries';
COMMENT ON COLUMN ansinh.request_log.operation IS 'The ansinh_api function, e.g. household_create';
COMMENT ON COLUMN ansinh.request_log.code IS 'Outcome status code (always 0 = OK: only successes are stored)';
COMMENT ON COLUMN ansinh.request_log.message IS 'Outcome message returned to the client';
COMMENT ON COLUMN ansinh.request_log.record_id IS 'Id of the record created or changed';
COMMENT ON COLUMN ansinh.request_log.actor IS 'Name of the token that made the request';
COMMENT ON COLUMN ansinh.request_log.token_id IS 'Id of the token that made the request (ansinh.api_token.id)';
COMMENT ON COLUMN ansinh.request_log.recorded_at IS 'Time of the transaction that applied the request';

-- ------------------------------------------------------------------ audit trail
CREATE TABLE ansinh.audit_event (
    ward_code   text        NOT NULL REFERENCES ansinh.ward (code),
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    token_id    uuid,
    role        text
        CONSTRAINT audit_event_role_word CHECK (role IN ('ward', 'district', 'auditor')),
    db_user     text        NOT NULL DEFAULT session_user,
    table_name  text        NOT NULL,
    action      text        NOT NULL
        CONSTRAINT audit_event_action_word CHECK (action IN ('insert', 'update')),
    record_id   uuid        NOT NULL,
    request_id  uuid,
    changed     text[],
    row_data    jsonb       NOT NULL,
    PRIMARY KEY (ward_code, id)
);

CREATE INDEX audit_event_record_idx ON ansinh.audit_event (ward_code, record_id);
CREATE INDEX audit_event_recorded_at_idx ON ansinh.audit_event (recorded_at);
CREATE INDEX audit_event_request_id_idx ON ansinh.audit_event (request_id)
    WHERE request_id IS NOT NULL;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.audit_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON ansinh.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.audit_event IS
    'Audit trail: one row for every insert or update of a ward-scoped record — who, with which token, in which role, when, and the row as written. Append-only.';
COMMENT ON COLUMN ansinh.audit_event.ward_code IS 'Ward of the record';
COMMENT ON COLUMN ansinh.audit_event.id IS 'Event number; increases with time';
COMMENT ON COLUMN ansinh.audit_event.recorded_at IS 'Time of the transaction that wrote the record';
COMMENT ON COLUMN ansinh.audit_event.actor IS 'Name of the token (ansinh.actor), or the database user for direct SQL';
COMMENT ON COLUMN ansinh.audit_event.token_id IS 'Id of the token (ansinh.api_token.id); NULL for direct SQL';
COMMENT ON COLUMN ansinh.audit_event.role IS 'Role of the request: ward, district or auditor; NULL for direct SQL without a context';
COMMENT ON COLUMN ansinh.audit_event.db_user IS 'PostgreSQL user of the session that wrote (e.g. ansinhd)';
COMMENT ON COLUMN ansinh.audit_event.table_name IS 'Table of the record, e.g. household, person';
COMMENT ON COLUMN ansinh.audit_event.action IS 'insert or update';
COMMENT ON COLUMN ansinh.audit_event.record_id IS 'Id of the record (for a status-history row: the household''s id)';
COMMENT ON COLUMN ansinh.audit_event.request_id IS 'request_id of the client request, when written through the daemon';
COMMENT ON COLUMN ansinh.audit_event.changed IS 'For an update: the columns whose value changed';
COMMENT ON COLUMN ansinh.audit_event.row_data IS 'The row as written (after the insert or update), as JSON';

-- The audit trigger: AFTER INSERT OR UPDATE FOR EACH ROW on every
-- ward-scoped record table. Its optional argument names the column whose
-- uuid identifies the record (default 'id'). Generated columns (search keys)
-- are left out of the recorded row. An UPDATE that changes nothing records
-- nothing.
CREATE FUNCTION ansinh.audit_row() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
DECLARE
    new_row jsonb := to_jsonb(NEW);
    id_column text := coalesce(TG_ARGV[0], 'id');
    generated text[];
    changed_columns text[];
BEGIN
    generated := ARRAY(SELECT a.attname::text
                         FROM pg_attribute AS a
                        WHERE a.attrelid = TG_RELID AND a.attgenerated <> ''
                          AND a.attnum > 0 AND NOT a.attisdropped);
    new_row := new_row - generated;
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key)
          INTO changed_columns
          FROM jsonb_each(new_row) AS n
         WHERE n.key <> 'updated_at'
           AND n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key;
        IF changed_columns IS NULL THEN
            RETURN NULL;
        END IF;
    END IF;

    INSERT INTO ansinh.audit_event
           (ward_code, actor, token_id, role, table_name, action,
            record_id, request_id, changed, row_data)
    VALUES (new_row ->> 'ward_code',
            coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
            nullif(current_setting('ansinh.token_id', true), '')::uuid,
            nullif(current_setting('ansinh.role', true), ''),
            TG_TABLE_NAME,
            lower(TG_OP),
            (new_row ->> id_column)::uuid,
            nullif(current_setting('ansinh.request_id', true), '')::uuid,
            changed_columns,
            new_row);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ansinh.audit_row() IS
    'Trigger: writes an ansinh.audit_event row for each inserted or changed record, from the request context';
