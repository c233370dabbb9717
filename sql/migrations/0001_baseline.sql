-- 0001 — the baseline: the schema of ansinh 0.1.0 as migrations 0001–0010
-- left it, squashed into one file on 2026-12-02 (nothing was deployed).
-- From here on migrations are append-only: a change is a new file.
--
-- Every migration is applied by `ansinhd migrate` as ansinh_owner, as one
-- simple query inside its own transaction: no BEGIN/COMMIT here, no psql
-- meta-commands, nothing that cannot run in a transaction block.
--
-- Parts, in the order they depend on each other (each is headed by a line
-- of '=' and says what it holds):
--    1. schemas, group roles, extensions, wards, text folding
--    2. API tokens, the request log (idempotency), the audit trail
--    3. households, their poverty-status history, their members
--    4. row-level security and privileges
--    5. the functions the daemon calls
--    6. the ledger: funds, organizations, needs, support, dialogues
--    7. community work: programmes, pairings, employment, targets
--    8. the tamper-evident audit trail (seals over all three trails) and
--       likely duplicate persons
--    9. poverty standards, assessments, recognition, case files
-- Later migrations change some of what is defined here (0011 hands the API
-- to ansinh_api_owner, 0090 the text rules, …): this file is the state
-- before them.

-- ==========================================================================
-- 1. schemas, group roles, extensions, wards, text folding.

-- ------------------------------------------------------------------ roles
-- Group roles are cluster-wide and may already exist (another database of
-- the same cluster, or the DBA made them first); create only what is missing.
-- Login roles are the DBA's: CREATE ROLE ansinhd LOGIN IN ROLE ansinh_daemon.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_daemon') THEN
        CREATE ROLE ansinh_daemon NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_analyst') THEN
        CREATE ROLE ansinh_analyst NOLOGIN;
    END IF;
    -- Owns the one SECURITY DEFINER function (ansinh.citizen_id_ward, part 5):
    -- it may read three columns of ansinh.person across wards, nothing else.
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_idcheck') THEN
        CREATE ROLE ansinh_idcheck NOLOGIN;
    END IF;
END
$$;

COMMENT ON ROLE ansinh_daemon IS
    'ansinh: the daemon''s group role (DML through ansinh_api, row-level security applies)';
COMMENT ON ROLE ansinh_analyst IS
    'ansinh: read-only analysts (SELECT on schema ansinh, except api_token)';
COMMENT ON ROLE ansinh_idcheck IS
    'ansinh: owner of ansinh.citizen_id_ward(); reads person(citizen_id, ward_code, id) only';

-- Functions created by the owner are not executable by PUBLIC unless granted.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- ------------------------------------------------------------------ schemas
-- IF NOT EXISTS: the migration runner may keep its ledger in schema ansinh
-- and create the schema before this file runs.
CREATE SCHEMA IF NOT EXISTS ansinh;
CREATE SCHEMA IF NOT EXISTS ansinh_api;
REVOKE ALL ON SCHEMA ansinh, ansinh_api FROM PUBLIC;

COMMENT ON SCHEMA ansinh IS
    'ansinh: welfare records of Thanh Khê district — tables and views (analysts read here)';
COMMENT ON SCHEMA ansinh_api IS
    'ansinh: the functions the daemon calls (see docs/CONTRACTS.md)';

-- ------------------------------------------------------------------ extensions
-- Both are trusted extensions (PG 13+): the database owner may create them.
-- They live in public so that analysts can call similarity() and unaccent()
-- without qualification; our own code always qualifies them.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- ------------------------------------------------------------------ text folding
-- fold(): the search key of a name — lower case, no diacritics.
--   fold('Trương Văn Hoành') = 'truong van hoanh', fold('Hoà') = fold('Hòa') = 'hoa',
--   fold('Đà Nẵng') = 'da nang'.
-- unaccent() is only STABLE (its dictionary could change); naming the dictionary
-- explicitly and fixing the function body at creation time (SQL-standard body)
-- makes the result depend on the argument only, which is what IMMUTABLE (and
-- an expression index) needs. unaccent.rules maps đ/Đ to d/D and drops the
-- combining marks, so decomposed (NFD) input folds the same as NFC input.
CREATE FUNCTION ansinh.fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.lower(public.unaccent('public.unaccent'::regdictionary, t));

COMMENT ON FUNCTION ansinh.fold(text) IS
    'Search key: lower case without Vietnamese diacritics (đ -> d). fold(''Hoà'') = fold(''Hòa'') = ''hoa''';

-- clean_name(): how a person's or household's name is stored — NFC, single
-- spaces, no leading or trailing white space. Empty stays empty.
CREATE FUNCTION ansinh.clean_name(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.regexp_replace(pg_catalog.btrim(normalize(t, NFC)), '\s+', ' ', 'g');

COMMENT ON FUNCTION ansinh.clean_name(text) IS
    'The stored form of a name: Unicode NFC, runs of white space collapsed to one space, trimmed';

-- ------------------------------------------------------------------ wards
CREATE TABLE ansinh.ward (
    code text PRIMARY KEY
        CONSTRAINT ward_code_format CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL UNIQUE
        CONSTRAINT ward_name_nfc CHECK (name IS NFC NORMALIZED AND name = ansinh.clean_name(name) AND name <> '')
);

COMMENT ON TABLE ansinh.ward IS
    'The ten wards (phường) of Thanh Khê district. Every ward-scoped record carries one of these codes.';
COMMENT ON COLUMN ansinh.ward.code IS 'Two capital letters, e.g. AK (An Khê), KD (Thanh Khê Đông)';
COMMENT ON COLUMN ansinh.ward.name IS 'The ward''s Vietnamese name, NFC, e.g. Thanh Khê Đông';

INSERT INTO ansinh.ward (code, name) VALUES
    ('AK', ansinh.clean_name('An Khê')),
    ('CG', ansinh.clean_name('Chính Gián')),
    ('HK', ansinh.clean_name('Hòa Khê')),
    ('TT', ansinh.clean_name('Tam Thuận')),
    ('TC', ansinh.clean_name('Tân Chính')),
    ('TG', ansinh.clean_name('Thạc Gián')),
    ('KD', ansinh.clean_name('Thanh Khê Đông')),
    ('KT', ansinh.clean_name('Thanh Khê Tây')),
    ('VT', ansinh.clean_name('Vĩnh Trung')),
    ('XH', ansinh.clean_name('Xuân Hà'));

-- ------------------------------------------------------------------ request context
-- The daemon sets these with ansinh_api.set_context() at the start of every
-- request transaction; row-level security (part 4) and the audit trigger (part 2)
-- read them through the two functions below. current_setting(…, true) gives
-- NULL or '' when unset, which admits nothing.

-- Role of the current request: 'ward', 'district', 'auditor', or NULL.
CREATE FUNCTION ansinh.context_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN nullif(pg_catalog.current_setting('ansinh.role', true), '');

-- Ward of the current request (ward role only), or NULL.
CREATE FUNCTION ansinh.context_ward() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN nullif(pg_catalog.current_setting('ansinh.ward', true), '');

COMMENT ON FUNCTION ansinh.context_role() IS
    'The request''s role (ward, district, auditor) set by ansinh_api.set_context, or NULL';
COMMENT ON FUNCTION ansinh.context_ward() IS
    'The request''s ward for a ward session, set by ansinh_api.set_context, or NULL';

-- ==========================================================================
-- 2. API tokens, the request log (idempotency), the audit trail.

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
    xact        xid8        NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    PRIMARY KEY (ward_code, id)
);

CREATE INDEX audit_event_record_idx ON ansinh.audit_event (ward_code, record_id);
CREATE INDEX audit_event_recorded_at_idx ON ansinh.audit_event (recorded_at);
CREATE INDEX audit_event_request_id_idx ON ansinh.audit_event (request_id)
    WHERE request_id IS NOT NULL;
-- Seals find the events committed since the previous seal by xact.
CREATE INDEX audit_event_xact_idx ON ansinh.audit_event (xact);

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
COMMENT ON COLUMN ansinh.audit_event.xact IS
    'Id of the transaction that wrote the event (pg_current_xact_id()): lets a seal find the events committed since the previous one';

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

-- ==========================================================================
-- 3. households, their poverty-status history, their members.
--
-- Every ward-scoped table has ward_code NOT NULL and primary key
-- (ward_code, id), and its foreign keys to other ward-scoped tables include
-- ward_code: related records stay in one ward, row-level security filters on
-- one column, and the tables are ready to be distributed by ward_code.
-- Words (status, sex, relation, …) are lower-case English, as on the command
-- line and in CSV files; the CHECK constraints below list every word allowed.
-- Text limits follow proto/rules.h.

-- ------------------------------------------------------------------ household
CREATE TABLE ansinh.household (
    ward_code          text        NOT NULL REFERENCES ansinh.ward (code),
    id                 uuid        NOT NULL,
    code               text        NOT NULL,
    head_name          text        NOT NULL,
    head_name_folded   text        NOT NULL GENERATED ALWAYS AS (ansinh.fold(head_name)) STORED,
    residential_group  smallint,
    address            text,
    phone              text,
    policy             boolean     NOT NULL DEFAULT false,
    special_difficulty boolean     NOT NULL DEFAULT false,
    status             text        NOT NULL,
    status_since       date        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    CONSTRAINT household_code_key UNIQUE (ward_code, code),
    CONSTRAINT household_code_format CHECK (
        code ~ '^[A-Za-z0-9_./-]{1,32}$'
        AND code !~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$'),
    CONSTRAINT household_head_name_text CHECK (
        head_name <> '' AND char_length(head_name) <= 200
        AND head_name IS NFC NORMALIZED AND head_name = ansinh.clean_name(head_name)
        AND head_name !~ '[[:cntrl:]]'),
    CONSTRAINT household_residential_group_range CHECK (residential_group BETWEEN 1 AND 999),
    CONSTRAINT household_address_text CHECK (
        address <> '' AND char_length(address) <= 500 AND address IS NFC NORMALIZED
        AND address = btrim(address) AND address !~ '[[:cntrl:]]'),
    CONSTRAINT household_phone_format CHECK (
        phone ~ '^\+?[0-9][0-9 .-]*[0-9]$'
        AND char_length(regexp_replace(phone, '[^0-9]', '', 'g')) BETWEEN 8 AND 15),
    CONSTRAINT household_status_word CHECK (status IN ('poor', 'near-poor', 'none')),
    CONSTRAINT household_status_since_range CHECK (status_since BETWEEN '1900-01-01' AND '2100-12-31')
);

CREATE INDEX household_status_idx ON ansinh.household (ward_code, status);
-- Ids are UUIDv7 and unique in practice; district sessions look them up
-- without the ward.
CREATE INDEX household_id_idx ON ansinh.household (id);
-- Name search compares folded names (ansinh.fold). They are stored, not
-- computed per query: under row-level security a non-leakproof operator such
-- as LIKE cannot use an index, so the daemon's searches scan, and a stored
-- column keeps that scan cheap. The trigram index serves psql users (analysts,
-- the DBA), for whom no context policy stands in the way.
-- If unaccent's rules ever change, refresh with: UPDATE … SET head_name = head_name.
CREATE INDEX household_head_name_trgm ON ansinh.household
    USING gin (head_name_folded public.gin_trgm_ops);

CREATE TRIGGER household_touch
    BEFORE UPDATE ON ansinh.household
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER household_audit
    AFTER INSERT OR UPDATE ON ansinh.household
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.household IS
    'Households on a ward''s lists: poor (hộ nghèo), near-poor (hộ cận nghèo), or neither any more. One row per household; status changes are kept in household_status.';
COMMENT ON COLUMN ansinh.household.ward_code IS 'Ward the household belongs to (ansinh.ward)';
COMMENT ON COLUMN ansinh.household.id IS 'Household id (UUIDv7 chosen by the client that created it)';
COMMENT ON COLUMN ansinh.household.code IS 'The ward''s own code for the household, unique within the ward, e.g. AK-001';
COMMENT ON COLUMN ansinh.household.head_name IS 'Name of the head of household (chủ hộ), NFC';
COMMENT ON COLUMN ansinh.household.head_name_folded IS
    'head_name in lower case without diacritics, for search: WHERE head_name_folded LIKE ''%hoanh%''';
COMMENT ON COLUMN ansinh.household.residential_group IS 'Residential group (tổ dân phố) number, 1–999; NULL if not recorded';
COMMENT ON COLUMN ansinh.household.address IS 'Street address; NULL if not recorded';
COMMENT ON COLUMN ansinh.household.phone IS 'Contact phone number; NULL if not recorded';
COMMENT ON COLUMN ansinh.household.policy IS 'Policy household (hộ chính sách): family of war invalids, martyrs or people with merit';
COMMENT ON COLUMN ansinh.household.special_difficulty IS 'In especially difficult circumstances (hoàn cảnh đặc biệt khó khăn)';
COMMENT ON COLUMN ansinh.household.status IS 'Current poverty status: poor, near-poor, or none (e.g. escaped poverty)';
COMMENT ON COLUMN ansinh.household.status_since IS 'Date the current status took effect';
COMMENT ON COLUMN ansinh.household.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.household.updated_at IS 'When the record was last changed';

-- ------------------------------------------------------------------ status history
CREATE TABLE ansinh.household_status (
    ward_code    text        NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    household_id uuid        NOT NULL,
    status       text        NOT NULL
        CONSTRAINT household_status_status_word CHECK (status IN ('poor', 'near-poor', 'none')),
    since        date        NOT NULL
        CONSTRAINT household_status_since_date_range CHECK (since BETWEEN '1900-01-01' AND '2100-12-31'),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    recorded_by  text        NOT NULL,
    request_id   uuid,
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id)
);

CREATE INDEX household_status_household_idx
    ON ansinh.household_status (household_id, since);

CREATE TRIGGER household_status_append_only
    BEFORE UPDATE OR DELETE ON ansinh.household_status
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER household_status_no_truncate
    BEFORE TRUNCATE ON ansinh.household_status
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER household_status_audit
    AFTER INSERT ON ansinh.household_status
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row('household_id');

COMMENT ON TABLE ansinh.household_status IS
    'History of each household''s poverty status: one row when the household is created and one for every change. Append-only.';
COMMENT ON COLUMN ansinh.household_status.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.household_status.id IS 'Row number; increases with time';
COMMENT ON COLUMN ansinh.household_status.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.household_status.status IS 'poor, near-poor or none';
COMMENT ON COLUMN ansinh.household_status.since IS 'Date this status took effect';
COMMENT ON COLUMN ansinh.household_status.recorded_at IS 'When the change was recorded';
COMMENT ON COLUMN ansinh.household_status.recorded_by IS 'Who recorded it (token name, or database user)';
COMMENT ON COLUMN ansinh.household_status.request_id IS 'request_id of the client request that recorded it';

-- ------------------------------------------------------------------ person
CREATE TABLE ansinh.person (
    ward_code       text        NOT NULL,
    id              uuid        NOT NULL,
    household_id    uuid        NOT NULL,
    full_name       text        NOT NULL,
    full_name_folded text       NOT NULL GENERATED ALWAYS AS (ansinh.fold(full_name)) STORED,
    birth_date      date,
    sex             text,
    citizen_id      text,
    relation        text,
    disability      text        NOT NULL DEFAULT 'none',
    serious_illness boolean     NOT NULL DEFAULT false,
    occupation      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    CONSTRAINT person_full_name_text CHECK (
        full_name <> '' AND char_length(full_name) <= 200
        AND full_name IS NFC NORMALIZED AND full_name = ansinh.clean_name(full_name)
        AND full_name !~ '[[:cntrl:]]'),
    CONSTRAINT person_birth_date_range CHECK (birth_date BETWEEN '1900-01-01' AND '2100-12-31'),
    CONSTRAINT person_sex_word CHECK (sex IN ('male', 'female')),
    CONSTRAINT person_citizen_id_format CHECK (citizen_id ~ '^[0-9]{12}$'),
    CONSTRAINT person_relation_word CHECK (
        relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'other')),
    CONSTRAINT person_disability_word CHECK (
        disability IN ('none', 'mild', 'severe', 'especially-severe')),
    CONSTRAINT person_occupation_text CHECK (
        occupation <> '' AND char_length(occupation) <= 200
        AND occupation IS NFC NORMALIZED AND occupation = ansinh.clean_name(occupation)
        AND occupation !~ '[[:cntrl:]]'),
    -- The key a need's (ward_code, household_id, person_id) refers to: a
    -- personal need names a member of its own household.
    CONSTRAINT person_household_member_key UNIQUE (ward_code, household_id, id)
);

-- A citizen ID (CCCD) belongs to one person in the whole district.
-- (Under Citus this index would have to become a lookup table keyed by
-- citizen_id, since a unique index there must include the distribution key.)
CREATE UNIQUE INDEX person_citizen_id_key ON ansinh.person (citizen_id)
    WHERE citizen_id IS NOT NULL;
-- At most one head per household.
CREATE UNIQUE INDEX person_one_head_key ON ansinh.person (ward_code, household_id)
    WHERE relation = 'head';
CREATE INDEX person_household_idx ON ansinh.person (ward_code, household_id);
CREATE INDEX person_id_idx ON ansinh.person (id);
CREATE INDEX person_full_name_trgm ON ansinh.person
    USING gin (full_name_folded public.gin_trgm_ops);

CREATE TRIGGER person_touch
    BEFORE UPDATE ON ansinh.person
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER person_audit
    AFTER INSERT OR UPDATE ON ansinh.person
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.person IS
    'Members of households: one row per person, in the ward of their household.';
COMMENT ON COLUMN ansinh.person.ward_code IS 'Ward of the person''s household';
COMMENT ON COLUMN ansinh.person.id IS 'Person id (UUIDv7 chosen by the client that created it)';
COMMENT ON COLUMN ansinh.person.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.person.full_name IS 'Full name, NFC, e.g. Trương Văn Hoành';
COMMENT ON COLUMN ansinh.person.full_name_folded IS
    'full_name in lower case without diacritics, for search: WHERE full_name_folded LIKE ''%hoanh%''';
COMMENT ON COLUMN ansinh.person.birth_date IS 'Date of birth; NULL if not recorded';
COMMENT ON COLUMN ansinh.person.sex IS 'male or female; NULL if not recorded';
COMMENT ON COLUMN ansinh.person.citizen_id IS 'Citizen identity card number (CCCD), 12 digits, unique in the district; NULL if not recorded';
COMMENT ON COLUMN ansinh.person.relation IS 'Relation to the head of household: head, spouse, child, parent, grandchild, other; NULL if not recorded';
COMMENT ON COLUMN ansinh.person.disability IS 'Degree of disability: none, mild, severe, especially-severe';
COMMENT ON COLUMN ansinh.person.serious_illness IS 'Has a serious illness';
COMMENT ON COLUMN ansinh.person.occupation IS 'Occupation, free text (e.g. street vendor, lottery-ticket seller); NULL if not recorded';
COMMENT ON COLUMN ansinh.person.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.person.updated_at IS 'When the record was last changed';

-- ------------------------------------------------------------------ analyst views
-- security_invoker: the reader's own privileges and row-level security
-- policies apply, not the view owner's.
CREATE VIEW ansinh.household_v WITH (security_invoker = true) AS
SELECT h.ward_code,
       w.name AS ward_name,
       h.id,
       h.code,
       h.head_name,
       h.residential_group,
       h.address,
       h.phone,
       h.policy,
       h.special_difficulty,
       h.status,
       h.status_since,
       coalesce(m.members, 0) AS member_count,
       coalesce(m.disabled, 0) AS disabled_member_count,
       coalesce(m.seriously_ill, 0) AS seriously_ill_member_count,
       h.created_at,
       h.updated_at
  FROM ansinh.household AS h
  JOIN ansinh.ward AS w ON w.code = h.ward_code
  LEFT JOIN LATERAL (
        SELECT count(*)::integer AS members,
               (count(*) FILTER (WHERE p.disability <> 'none'))::integer AS disabled,
               (count(*) FILTER (WHERE p.serious_illness))::integer AS seriously_ill
          FROM ansinh.person AS p
         WHERE p.ward_code = h.ward_code AND p.household_id = h.id
       ) AS m ON true;

COMMENT ON VIEW ansinh.household_v IS
    'Households with their ward''s name and member counts — the usual starting point for reports.';
COMMENT ON COLUMN ansinh.household_v.ward_code IS 'Ward code, e.g. AK';
COMMENT ON COLUMN ansinh.household_v.ward_name IS 'Ward name, e.g. An Khê';
COMMENT ON COLUMN ansinh.household_v.id IS 'Household id';
COMMENT ON COLUMN ansinh.household_v.code IS 'The ward''s code for the household, unique within the ward';
COMMENT ON COLUMN ansinh.household_v.head_name IS 'Name of the head of household';
COMMENT ON COLUMN ansinh.household_v.residential_group IS 'Residential group (tổ dân phố) number';
COMMENT ON COLUMN ansinh.household_v.address IS 'Street address';
COMMENT ON COLUMN ansinh.household_v.phone IS 'Contact phone number';
COMMENT ON COLUMN ansinh.household_v.policy IS 'Policy household (hộ chính sách)';
COMMENT ON COLUMN ansinh.household_v.special_difficulty IS 'In especially difficult circumstances';
COMMENT ON COLUMN ansinh.household_v.status IS 'Current poverty status: poor, near-poor, none';
COMMENT ON COLUMN ansinh.household_v.status_since IS 'Date the current status took effect';
COMMENT ON COLUMN ansinh.household_v.member_count IS 'Number of members recorded';
COMMENT ON COLUMN ansinh.household_v.disabled_member_count IS 'Members with a disability (mild, severe or especially severe)';
COMMENT ON COLUMN ansinh.household_v.seriously_ill_member_count IS 'Members with a serious illness';
COMMENT ON COLUMN ansinh.household_v.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.household_v.updated_at IS 'When the record was last changed';

CREATE VIEW ansinh.person_v WITH (security_invoker = true) AS
SELECT p.ward_code,
       w.name AS ward_name,
       p.id,
       p.household_id,
       h.code AS household_code,
       h.status AS household_status,
       p.full_name,
       p.birth_date,
       extract(year FROM age(current_date, p.birth_date))::integer AS age,
       p.sex,
       p.citizen_id,
       p.relation,
       p.disability,
       p.serious_illness,
       p.occupation,
       p.created_at,
       p.updated_at
  FROM ansinh.person AS p
  JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
  JOIN ansinh.ward AS w ON w.code = p.ward_code;

COMMENT ON VIEW ansinh.person_v IS
    'Household members with their household''s code and status, their ward''s name and their age today.';
COMMENT ON COLUMN ansinh.person_v.ward_code IS 'Ward code, e.g. AK';
COMMENT ON COLUMN ansinh.person_v.ward_name IS 'Ward name, e.g. An Khê';
COMMENT ON COLUMN ansinh.person_v.id IS 'Person id';
COMMENT ON COLUMN ansinh.person_v.household_id IS 'Household id';
COMMENT ON COLUMN ansinh.person_v.household_code IS 'The ward''s code for the household';
COMMENT ON COLUMN ansinh.person_v.household_status IS 'The household''s current poverty status: poor, near-poor, none';
COMMENT ON COLUMN ansinh.person_v.full_name IS 'Full name';
COMMENT ON COLUMN ansinh.person_v.birth_date IS 'Date of birth';
COMMENT ON COLUMN ansinh.person_v.age IS 'Age in whole years today; NULL without a birth date';
COMMENT ON COLUMN ansinh.person_v.sex IS 'male or female';
COMMENT ON COLUMN ansinh.person_v.citizen_id IS 'Citizen identity card number (CCCD), 12 digits';
COMMENT ON COLUMN ansinh.person_v.relation IS 'Relation to the head: head, spouse, child, parent, grandchild, other';
COMMENT ON COLUMN ansinh.person_v.disability IS 'Degree of disability: none, mild, severe, especially-severe';
COMMENT ON COLUMN ansinh.person_v.serious_illness IS 'Has a serious illness';
COMMENT ON COLUMN ansinh.person_v.occupation IS 'Occupation';
COMMENT ON COLUMN ansinh.person_v.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.person_v.updated_at IS 'When the record was last changed';

-- ==========================================================================
-- 4. row-level security and privileges.
--
-- The daemon authorizes every request; PostgreSQL enforces the same rule a
-- second time. The request context (ansinh_api.set_context) says who is
-- asking; on every ward-scoped table:
--
--   read    role district or auditor: every ward; role ward: its own ward
--   insert  role district: any ward; role ward: its own ward; auditor: nothing
--   update  as insert, for both the old and the new row
--   delete  nobody (no policy, and no DELETE privilege anywhere)
--
-- Analysts (members of ansinh_analyst) read every row without a context.
-- FORCE makes the owner obey the policies too; only superusers bypass them.
--
-- The policies trust the context: a role that may write a table could set
-- ansinh.role itself. That is why only the daemon's role gets write
-- privileges, and why a ward-scoped analyst role would need its own policy
-- keyed to role membership rather than to the context.

CREATE FUNCTION ansinh.context_may_read(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(ansinh.context_role() IN ('district', 'auditor')
                    OR (ansinh.context_role() = 'ward' AND ward_code = ansinh.context_ward()),
                    false);

CREATE FUNCTION ansinh.context_may_write(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(ansinh.context_role() = 'district'
                    OR (ansinh.context_role() = 'ward' AND ward_code = ansinh.context_ward()),
                    false);

COMMENT ON FUNCTION ansinh.context_may_read(text) IS
    'Row-level security: may the current request read a record of this ward?';
COMMENT ON FUNCTION ansinh.context_may_write(text) IS
    'Row-level security: may the current request write a record of this ward?';

-- ------------------------------------------------------------------ policies

-- household and person: read, insert, update.
ALTER TABLE ansinh.household ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.household FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.household FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.household FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.household FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.household FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.person ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.person FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.person FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.person FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.person FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.person FOR SELECT TO ansinh_analyst
    USING (true);
-- The district-wide citizen-ID check (ansinh.citizen_id_ward, part 5) runs as
-- ansinh_idcheck, which may see every person's ward, id and citizen ID. Only
-- as itself: a member of the role (the owner, who must be one to give it the
-- function) gains nothing from the policy.
CREATE POLICY idcheck_read ON ansinh.person FOR SELECT TO ansinh_idcheck
    USING (current_user = 'ansinh_idcheck');

-- Append-only tables: read and insert.
ALTER TABLE ansinh.household_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.household_status FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.household_status FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.household_status FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.household_status FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.request_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.request_log FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.request_log FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.request_log FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.request_log FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.audit_event FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.audit_event FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.audit_event FOR SELECT TO ansinh_analyst
    USING (true);

-- ------------------------------------------------------------------ privileges
-- Nothing for PUBLIC. No role gets DELETE or TRUNCATE on anything.
REVOKE ALL ON ALL TABLES IN SCHEMA ansinh FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh FROM PUBLIC;

-- Helper functions used by policies, views, indexes and the API.
GRANT EXECUTE ON FUNCTION
    ansinh.fold(text),
    ansinh.clean_name(text),
    ansinh.context_role(),
    ansinh.context_ward(),
    ansinh.context_may_read(text),
    ansinh.context_may_write(text)
  TO ansinh_daemon, ansinh_analyst, ansinh_idcheck;

-- The daemon: DML through RLS, no DELETE, no DDL.
GRANT USAGE ON SCHEMA ansinh, ansinh_api TO ansinh_daemon;
GRANT SELECT ON ansinh.ward, ansinh.api_token TO ansinh_daemon;
GRANT SELECT, INSERT, UPDATE ON ansinh.household, ansinh.person TO ansinh_daemon;
GRANT SELECT, INSERT ON ansinh.household_status, ansinh.request_log, ansinh.audit_event
    TO ansinh_daemon;
GRANT SELECT ON ansinh.household_v, ansinh.person_v TO ansinh_daemon;
-- Functions created later in ansinh_api are the daemon's to call.
ALTER DEFAULT PRIVILEGES IN SCHEMA ansinh_api GRANT EXECUTE ON FUNCTIONS TO ansinh_daemon;

-- Analysts: read everything in schema ansinh except the token table.
GRANT USAGE ON SCHEMA ansinh TO ansinh_analyst;
GRANT SELECT ON
    ansinh.ward,
    ansinh.household, ansinh.household_status, ansinh.person,
    ansinh.request_log, ansinh.audit_event,
    ansinh.household_v, ansinh.person_v
  TO ansinh_analyst;

-- The citizen-ID checker: three columns of person, nothing else.
GRANT USAGE ON SCHEMA ansinh TO ansinh_idcheck;
GRANT SELECT (ward_code, id, citizen_id) ON ansinh.person TO ansinh_idcheck;

-- ==========================================================================
-- 5. the functions the daemon calls (docs/CONTRACTS.md).
--
-- All are SECURITY INVOKER: they run as the daemon's role, so row-level
-- security applies to everything they read and write. The single exception
-- is ansinh.citizen_id_ward(), a SECURITY DEFINER helper that answers one
-- question only: in which ward is this citizen ID already registered?
--
-- Write functions never raise for a problem of the request itself: they
-- return an ansinh_api.outcome with a status code and an English sentence,
-- and write nothing unless the code is 0. They check before they write, so a
-- batch of writes in one transaction is not aborted by one bad request.
-- (A unique violation can still be raised when two transactions race for the
-- same key; the daemon retries that write alone and then gets the outcome.)
--
-- Status codes (the wire's): 0 OK, 3 INVALID_ARGUMENT, 5 NOT_FOUND,
-- 6 ALREADY_EXISTS, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION.
--
-- Argument conventions: NULL means "not given"; for updates NULL means
-- "unchanged" and '' clears an optional text; residential group 0 means
-- "not given" (create) or "clear" (update). Dates are date, ids uuid.

-- ------------------------------------------------------------------ types
CREATE TYPE ansinh_api.outcome AS (
    code      integer,
    message   text,
    id        uuid,
    ward_code text,
    replayed  boolean
);
COMMENT ON TYPE ansinh_api.outcome IS
    'Result of a write: wire status code, message, record id and ward, and whether the request_id had been applied before';

CREATE TYPE ansinh_api.status_change AS (
    status      text,
    since       text,
    recorded_at text,
    recorded_by text
);

-- ------------------------------------------------------------------ formatting

-- The district's calendar: "today" and "in the future" are judged in
-- Vietnam's time zone, whatever the server's TimeZone is.
CREATE FUNCTION ansinh.today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (pg_catalog.now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
COMMENT ON FUNCTION ansinh.today() IS 'Today''s date in Vietnam (Asia/Ho_Chi_Minh)';

CREATE FUNCTION ansinh.iso_date(d date) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.to_char(d::timestamp, 'YYYY-MM-DD');

CREATE FUNCTION ansinh.rfc3339(t timestamptz) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');

COMMENT ON FUNCTION ansinh.iso_date(date) IS 'A date as YYYY-MM-DD, whatever DateStyle is';
COMMENT ON FUNCTION ansinh.rfc3339(timestamptz) IS 'A timestamp as RFC 3339 text in UTC, e.g. 2024-03-01T02:15:00.123456Z';

-- Up to 40 characters of a caller's value, for quoting it in a message.
CREATE FUNCTION ansinh.excerpt(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN pg_catalog.char_length(t) > 40
                THEN pg_catalog.left(t, 39) || '…' ELSE t END;

-- The rows the read functions return, as the wire wants them (dates as
-- YYYY-MM-DD, timestamps as RFC 3339 UTC). Views, so that the planner sees
-- through them; security_invoker, so that the caller's row-level security
-- applies. Their row types are the functions' result types.
CREATE VIEW ansinh_api.household_row WITH (security_invoker = true) AS
SELECT h.id,
       h.ward_code,
       h.code,
       h.head_name,
       h.residential_group::integer AS residential_group,
       h.address,
       h.phone,
       h.policy,
       h.special_difficulty,
       h.status,
       ansinh.iso_date(h.status_since) AS status_since,
       ansinh.rfc3339(h.created_at) AS created_at,
       ansinh.rfc3339(h.updated_at) AS updated_at,
       (SELECT pg_catalog.count(*)::integer
          FROM ansinh.person AS p
         WHERE p.ward_code = h.ward_code AND p.household_id = h.id) AS member_count
  FROM ansinh.household AS h;

CREATE VIEW ansinh_api.member_row WITH (security_invoker = true) AS
SELECT p.id,
       p.ward_code,
       p.household_id,
       h.code AS household_code,
       p.full_name,
       ansinh.iso_date(p.birth_date) AS birth_date,
       p.sex,
       p.citizen_id,
       p.relation,
       p.disability,
       p.serious_illness,
       p.occupation,
       ansinh.rfc3339(p.created_at) AS created_at,
       ansinh.rfc3339(p.updated_at) AS updated_at
  FROM ansinh.person AS p
  JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id;

COMMENT ON VIEW ansinh_api.household_row IS 'A household as household_get/list/find return it';
COMMENT ON VIEW ansinh_api.member_row IS 'A member as member_list returns it';

-- ------------------------------------------------------------------ validation
-- Each returns the first problem as a sentence naming the field, or NULL.
-- They mirror the CHECK constraints of part 3 (which remain the last word)
-- and proto/rules.h (which the daemon applies first).

CREATE FUNCTION ansinh.household_problem(
    code text, head_name text, residential_group integer, address text,
    phone text, status text, status_since date)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN code IS NULL OR code = '' THEN
        'household code is required'
    WHEN code !~ '^[A-Za-z0-9_./-]{1,32}$' THEN
        pg_catalog.format('household code ''%s'' is not valid: use 1 to 32 letters, digits, ''-'', ''_'', ''/'' or ''.''',
                          ansinh.excerpt(code))
    WHEN code ~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' THEN
        pg_catalog.format('household code ''%s'' must not look like a UUID', code)
    WHEN head_name IS NULL OR head_name = '' THEN
        'head name is required'
    WHEN pg_catalog.char_length(head_name) > 200 THEN
        'head name is longer than 200 characters'
    WHEN head_name ~ '[[:cntrl:]]' THEN
        'head name must not contain control characters'
    WHEN residential_group NOT BETWEEN 1 AND 999 THEN
        pg_catalog.format('residential group %s is out of range: use 1 to 999', residential_group)
    WHEN pg_catalog.char_length(address) > 500 THEN
        'address is longer than 500 characters'
    WHEN address ~ '[[:cntrl:]]' THEN
        'address must not contain control characters'
    WHEN phone !~ '^\+?[0-9][0-9 .-]*[0-9]$'
         OR pg_catalog.char_length(pg_catalog.regexp_replace(phone, '[^0-9]', '', 'g')) NOT BETWEEN 8 AND 15 THEN
        pg_catalog.format('phone ''%s'' is not valid: use 8 to 15 digits, with an optional leading ''+'' and spaces, ''.'' or ''-''',
                          ansinh.excerpt(phone))
    WHEN status IS NULL OR status = '' THEN
        'household status is required: poor, near-poor or none'
    WHEN status NOT IN ('poor', 'near-poor', 'none') THEN
        pg_catalog.format('household status ''%s'' is not valid: use poor, near-poor or none', ansinh.excerpt(status))
    WHEN status_since < '1900-01-01' THEN
        pg_catalog.format('status date %s is before 1900-01-01', ansinh.iso_date(status_since))
    WHEN status_since > ansinh.today() THEN
        pg_catalog.format('status date %s is in the future', ansinh.iso_date(status_since))
END;

CREATE FUNCTION ansinh.member_problem(
    full_name text, birth_date date, sex text, citizen_id text, relation text,
    disability text, occupation text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN full_name IS NULL OR full_name = '' THEN
        'full name is required'
    WHEN pg_catalog.char_length(full_name) > 200 THEN
        'full name is longer than 200 characters'
    WHEN full_name ~ '[[:cntrl:]]' THEN
        'full name must not contain control characters'
    WHEN birth_date < '1900-01-01' THEN
        pg_catalog.format('birth date %s is before 1900-01-01', ansinh.iso_date(birth_date))
    WHEN birth_date > ansinh.today() THEN
        pg_catalog.format('birth date %s is in the future', ansinh.iso_date(birth_date))
    WHEN sex NOT IN ('male', 'female') THEN
        pg_catalog.format('sex ''%s'' is not valid: use male or female', ansinh.excerpt(sex))
    WHEN citizen_id !~ '^[0-9]{12}$' THEN
        pg_catalog.format('citizen ID ''%s'' is not valid: it must be exactly 12 digits', ansinh.excerpt(citizen_id))
    WHEN relation NOT IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'other') THEN
        pg_catalog.format('relation ''%s'' is not valid: use head, spouse, child, parent, grandchild or other',
                          ansinh.excerpt(relation))
    WHEN disability IS NULL OR disability NOT IN ('none', 'mild', 'severe', 'especially-severe') THEN
        pg_catalog.format('disability ''%s'' is not valid: use none, mild, severe or especially-severe',
                          ansinh.excerpt(coalesce(disability, '')))
    WHEN occupation = '' THEN
        'occupation must not be empty'
    WHEN pg_catalog.char_length(occupation) > 200 THEN
        'occupation is longer than 200 characters'
    WHEN occupation ~ '[[:cntrl:]]' THEN
        'occupation must not contain control characters'
END;

-- ------------------------------------------------------------------ write plumbing

CREATE FUNCTION ansinh.outcome(code integer, message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ROW(code, message, id, ward_code, false)::ansinh_api.outcome;

-- The outcomes by name, one per wire status code: a write returns
-- ansinh.not_found(…) rather than ansinh.outcome(5, …).
CREATE FUNCTION ansinh.ok(message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.outcome(0, message, id, ward_code);
CREATE FUNCTION ansinh.invalid_argument(message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.outcome(3, message, id, ward_code);
CREATE FUNCTION ansinh.not_found(message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.outcome(5, message, id, ward_code);
CREATE FUNCTION ansinh.already_exists(message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.outcome(6, message, id, ward_code);
CREATE FUNCTION ansinh.permission_denied(message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.outcome(7, message, id, ward_code);
CREATE FUNCTION ansinh.failed_precondition(message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ansinh.outcome(9, message, id, ward_code);

COMMENT ON FUNCTION ansinh.outcome(integer, text, uuid, text) IS
    'A write''s outcome (not replayed) from its wire status code; the named constructors (ansinh.ok, …) call it';
COMMENT ON FUNCTION ansinh.ok(text, uuid, text) IS 'The outcome with wire status 0 (OK)';
COMMENT ON FUNCTION ansinh.invalid_argument(text, uuid, text) IS 'The outcome with wire status 3 (INVALID_ARGUMENT)';
COMMENT ON FUNCTION ansinh.not_found(text, uuid, text) IS 'The outcome with wire status 5 (NOT_FOUND)';
COMMENT ON FUNCTION ansinh.already_exists(text, uuid, text) IS 'The outcome with wire status 6 (ALREADY_EXISTS)';
COMMENT ON FUNCTION ansinh.permission_denied(text, uuid, text) IS 'The outcome with wire status 7 (PERMISSION_DENIED)';
COMMENT ON FUNCTION ansinh.failed_precondition(text, uuid, text) IS 'The outcome with wire status 9 (FAILED_PRECONDITION)';

-- The start of every write: a request context must be set (else raise — that
-- is a bug in the caller), the request_id must be given, and a request_id
-- already applied returns its stored outcome. Returns NULL to go on, having
-- made request_id the context's (so the audit trail carries it even if the
-- caller's set_context did not).
CREATE FUNCTION ansinh.start_write(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    logged ansinh.request_log;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF request_id IS NULL THEN
        RETURN ansinh.outcome(3, 'request ID is required', NULL, NULL);
    END IF;

    SELECT * INTO logged
      FROM ansinh.request_log AS l
     WHERE l.request_id = start_write.request_id
     LIMIT 1;
    IF NOT FOUND THEN
        PERFORM set_config('ansinh.request_id', request_id::text, true);
        RETURN NULL;
    END IF;
    IF logged.operation <> operation THEN
        RETURN ansinh.outcome(9,
            format('request ID %s was already used for %s', request_id, logged.operation),
            NULL, NULL);
    END IF;
    RETURN ROW(logged.code, logged.message, logged.record_id, logged.ward_code, true)::ansinh_api.outcome;
END
$$;

-- Why the current request may not write records of this ward, or NULL.
-- ward NULL asks only whether the request may write at all.
CREATE FUNCTION ansinh.write_refusal(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN ansinh.context_role() = 'district' THEN NULL
    WHEN ansinh.context_role() = 'auditor' THEN
        'an auditor session is read-only'
    WHEN ansinh.context_role() = 'ward' AND (ward IS NULL OR ward = ansinh.context_ward()) THEN NULL
    WHEN ansinh.context_role() = 'ward' THEN
        pg_catalog.format('a session of ward %s may not write records of ward %s', ansinh.context_ward(), ward)
    ELSE
        'no request context'
END;

-- The prologue of a write, once: given what ansinh.start_write (or its
-- scoped or reference twin) answered, the outcome to return at once — the
-- stored outcome of a replay, a missing request ID, or the refusal of a
-- request that may not write records of this ward — or NULL to go on.
--   result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
--   IF result.code IS NOT NULL THEN RETURN result; END IF;
CREATE FUNCTION ansinh.write_prologue(started ansinh_api.outcome, ward text, id uuid)
RETURNS ansinh_api.outcome
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN (started).code IS NOT NULL THEN started
    WHEN ansinh.write_refusal(ward) IS NOT NULL THEN
        ansinh.permission_denied(ansinh.write_refusal(ward), id, ward)
END;

COMMENT ON FUNCTION ansinh.write_prologue(ansinh_api.outcome, text, uuid) IS
    'The start of a write: the replayed or refused outcome to return at once, or NULL to go on';

-- The ward a request names: its own, or, for a ward session that named
-- none, the session's ward. NULL for a district session that named none.
CREATE FUNCTION ansinh.request_ward(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(nullif(pg_catalog.btrim(ward), ''), ansinh.context_ward());

CREATE FUNCTION ansinh.ward_problem(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN ward IS NULL THEN 'ward code is required'
    WHEN NOT EXISTS (SELECT FROM ansinh.ward AS w WHERE w.code = ward_problem.ward) THEN
        pg_catalog.format('ward ''%s'' does not exist', ansinh.excerpt(ward_problem.ward))
END;

-- Records a successful write against its request_id, and returns it.
CREATE FUNCTION ansinh.log_request(request_id uuid, operation text, result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    INSERT INTO ansinh.request_log (ward_code, request_id, operation, code, message, record_id, actor, token_id)
    VALUES (result.ward_code, request_id, operation, result.code, result.message, result.id,
            coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user),
            nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid);
    SELECT result;
END;

-- ------------------------------------------------------------------ citizen ID check
-- Citizen IDs are unique in the whole district, but row-level security hides
-- other wards' members from a ward session. This answers only "which ward
-- holds this citizen ID (other than on this person)?" — never the person or
-- the household. It runs as ansinh_idcheck, which may read person's ward_code,
-- id and citizen_id in every ward and nothing else.
CREATE FUNCTION ansinh.citizen_id_ward(citizen_id text, ward_code text, person_id uuid)
RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog
    RETURN (SELECT p.ward_code
              FROM ansinh.person AS p
             WHERE p.citizen_id = citizen_id_ward.citizen_id
               AND (p.ward_code, p.id) IS DISTINCT FROM (citizen_id_ward.ward_code, citizen_id_ward.person_id)
             LIMIT 1);

COMMENT ON FUNCTION ansinh.citizen_id_ward(text, text, uuid) IS
    'SECURITY DEFINER: the ward in which a citizen ID is registered to another person, or NULL. Reveals nothing else.';

-- Hand the function to ansinh_idcheck. Changing a function's owner needs
-- membership in the new owner and that owner's CREATE on the schema; the
-- latter is withdrawn again at once. (The idcheck_read policy admits only
-- current_user = ansinh_idcheck, so the membership gives the owner nothing.)
GRANT ansinh_idcheck TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_idcheck;
ALTER FUNCTION ansinh.citizen_id_ward(text, text, uuid) OWNER TO ansinh_idcheck;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_idcheck;
REVOKE ALL ON FUNCTION ansinh.citizen_id_ward(text, text, uuid) FROM PUBLIC;

-- The sentence for a citizen ID held by someone else. A session that can
-- see the other member (the same ward, or district/auditor) is told the
-- household too; a ward session is told only the other ward.
CREATE FUNCTION ansinh.citizen_id_conflict(citizen_id text, ward_code text, person_id uuid)
RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    other_ward text;
    other_household text;
BEGIN
    IF citizen_id IS NULL THEN
        RETURN NULL;
    END IF;
    other_ward := ansinh.citizen_id_ward(citizen_id, ward_code, person_id);
    IF other_ward IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT h.code INTO other_household
      FROM ansinh.person AS p
      JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
     WHERE p.citizen_id = citizen_id_conflict.citizen_id
       AND p.ward_code = other_ward;
    IF other_household IS NULL THEN
        RETURN format('citizen ID %s is already registered in ward %s', citizen_id, other_ward);
    END IF;
    RETURN format('citizen ID %s is already registered in ward %s (household %s)',
                  citizen_id, other_ward, other_household);
END
$$;

-- Why this member may not be the head of its household, or NULL.
CREATE FUNCTION ansinh.head_conflict(ward_code text, household_id uuid, person_id uuid)
RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
    RETURN (SELECT format('household %s already has a head: %s', h.code, p.full_name)
              FROM ansinh.person AS p
              JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
             WHERE p.ward_code = head_conflict.ward_code
               AND p.household_id = head_conflict.household_id
               AND p.relation = 'head'
               AND p.id <> head_conflict.person_id
             LIMIT 1);

-- ------------------------------------------------------------------ context

CREATE FUNCTION ansinh_api.set_context(
    role text, ward text, actor text, token_id uuid, request_id uuid)
RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF role IS NULL OR role NOT IN ('ward', 'district', 'auditor') THEN
        RAISE EXCEPTION 'set_context: role must be ward, district or auditor, not %', coalesce(quote_literal(role), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF role = 'ward' THEN
        IF NOT EXISTS (SELECT FROM ansinh.ward AS w WHERE w.code = set_context.ward) THEN
            RAISE EXCEPTION 'set_context: a ward session needs an existing ward code, not %', coalesce(quote_literal(ward), 'NULL')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF coalesce(ward, '') <> '' THEN
        RAISE EXCEPTION 'set_context: a % session has no ward (got %)', role, quote_literal(ward)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(actor), '') = '' THEN
        RAISE EXCEPTION 'set_context: actor is required'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    PERFORM set_config('ansinh.role', role, true),
            set_config('ansinh.ward', CASE WHEN role = 'ward' THEN ward ELSE '' END, true),
            set_config('ansinh.actor', actor, true),
            set_config('ansinh.token_id', coalesce(token_id::text, ''), true),
            set_config('ansinh.request_id', coalesce(request_id::text, ''), true);
END
$$;

COMMENT ON FUNCTION ansinh_api.set_context(text, text, text, uuid, uuid) IS
    'Sets the request context (role, ward, actor, token id, request id) for the current transaction only';

-- ------------------------------------------------------------------ households

CREATE FUNCTION ansinh_api.household_create(
    request_id uuid, id uuid, ward text, code text, head_name text,
    residential_group integer, address text, phone text, policy boolean,
    special_difficulty boolean, status text, status_since date)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'household_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    new ansinh.household;
    old ansinh.household;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;
    problem := ansinh.ward_problem(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('household id is required', NULL, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.code := btrim(code);
    new.head_name := ansinh.clean_name(head_name);
    new.address := nullif(btrim(normalize(address, NFC)), '');
    new.phone := nullif(btrim(phone), '');
    new.policy := coalesce(policy, false);
    new.special_difficulty := coalesce(special_difficulty, false);
    new.status := status;
    new.status_since := coalesce(status_since, ansinh.today());

    problem := ansinh.household_problem(new.code, new.head_name, nullif(residential_group, 0),
                                        new.address, new.phone, new.status, new.status_since);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    new.residential_group := nullif(residential_group, 0);

    -- The same id again: fine if it says the same thing (status_since
    -- defaults to today, so an omitted one matches any).
    SELECT * INTO old FROM ansinh.household AS h WHERE h.ward_code = v_ward AND h.id = new.id;
    IF FOUND THEN
        IF (old.code, old.head_name, old.residential_group, old.address, old.phone,
            old.policy, old.special_difficulty, old.status)
           IS NOT DISTINCT FROM
           (new.code, new.head_name, new.residential_group, new.address, new.phone,
            new.policy, new.special_difficulty, new.status)
           AND (status_since IS NULL OR old.status_since = status_since)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('household %s already exists in ward %s with the same content', old.code, v_ward),
                id, v_ward));
        END IF;
        RETURN ansinh.already_exists(
            format('household %s already exists in ward %s (code %s) with different content', id, v_ward, old.code),
            id, v_ward);
    END IF;

    IF EXISTS (SELECT FROM ansinh.household AS h WHERE h.ward_code = v_ward AND h.code = new.code) THEN
        RETURN ansinh.already_exists(
            format('household code ''%s'' already exists in ward %s', new.code, v_ward), id, v_ward);
    END IF;

    INSERT INTO ansinh.household
           (ward_code, id, code, head_name, residential_group, address, phone,
            policy, special_difficulty, status, status_since)
    VALUES (new.ward_code, new.id, new.code, new.head_name, new.residential_group, new.address, new.phone,
            new.policy, new.special_difficulty, new.status, new.status_since);

    INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by, request_id)
    VALUES (new.ward_code, new.id, new.status, new.status_since,
            coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user), request_id);

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('household %s created in ward %s', new.code, v_ward), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.household_update(
    request_id uuid, id uuid, ward text, code text, head_name text,
    residential_group integer, address text, phone text, policy boolean,
    special_difficulty boolean, status text, status_since date, new_code text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'household_update';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_code text := nullif(btrim(code), '');
    v_group integer;
    what text;
    old ansinh.household;
    new ansinh.household;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;

    -- Find the household: by id (in the named ward, if one is named), or by
    -- ward and code. Lock it for the rest of the transaction.
    IF id IS NOT NULL THEN
        what := 'household ' || id;
        SELECT * INTO old
          FROM ansinh.household AS h
         WHERE h.id = household_update.id AND (v_ward IS NULL OR h.ward_code = v_ward)
         ORDER BY h.ward_code
         LIMIT 1
           FOR UPDATE;
    ELSIF v_code IS NOT NULL THEN
        IF v_ward IS NULL THEN
            RETURN ansinh.invalid_argument('ward code is required to find a household by its code', NULL, NULL);
        END IF;
        what := format('household ''%s''', ansinh.excerpt(v_code));
        SELECT * INTO old
          FROM ansinh.household AS h
         WHERE h.ward_code = v_ward AND h.code = v_code
           FOR UPDATE;
    ELSE
        RETURN ansinh.invalid_argument('household id or code is required', NULL, v_ward);
    END IF;
    IF NOT FOUND THEN
        RETURN ansinh.not_found(
            what || CASE WHEN v_ward IS NULL THEN ' was not found' ELSE ' was not found in ward ' || v_ward END,
            id, v_ward);
    END IF;
    IF id IS NOT NULL AND v_code IS NOT NULL AND v_code <> old.code THEN
        RETURN ansinh.invalid_argument(
            format('household %s has code ''%s'', not ''%s''', id, old.code, ansinh.excerpt(v_code)),
            old.id, old.ward_code);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, old.id, old.ward_code);
    END IF;

    new := old;
    new.code := coalesce(btrim(new_code), old.code);
    new.head_name := coalesce(ansinh.clean_name(head_name), old.head_name);
    v_group := CASE WHEN residential_group IS NULL THEN old.residential_group
                    ELSE nullif(residential_group, 0) END;
    new.address := CASE WHEN address IS NULL THEN old.address
                        ELSE nullif(btrim(normalize(address, NFC)), '') END;
    new.phone := CASE WHEN phone IS NULL THEN old.phone ELSE nullif(btrim(phone), '') END;
    new.policy := coalesce(policy, old.policy);
    new.special_difficulty := coalesce(special_difficulty, old.special_difficulty);
    new.status := coalesce(nullif(status, ''), old.status);
    -- status_since is read only with a change of status.
    IF new.status IS DISTINCT FROM old.status THEN
        new.status_since := coalesce(status_since, ansinh.today());
    END IF;

    problem := ansinh.household_problem(new.code, new.head_name, v_group,
                                        new.address, new.phone, new.status, new.status_since);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, old.id, old.ward_code);
    END IF;
    new.residential_group := v_group;

    IF new.code <> old.code
       AND EXISTS (SELECT FROM ansinh.household AS h
                    WHERE h.ward_code = old.ward_code AND h.code = new.code) THEN
        RETURN ansinh.already_exists(
            format('household code ''%s'' already exists in ward %s', new.code, old.ward_code),
            old.id, old.ward_code);
    END IF;

    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.ok(
            format('household %s in ward %s is unchanged', old.code, old.ward_code),
            old.id, old.ward_code));
    END IF;

    UPDATE ansinh.household AS h
       SET code = new.code,
           head_name = new.head_name,
           residential_group = new.residential_group,
           address = new.address,
           phone = new.phone,
           policy = new.policy,
           special_difficulty = new.special_difficulty,
           status = new.status,
           status_since = new.status_since
     WHERE h.ward_code = old.ward_code AND h.id = old.id;

    IF new.status IS DISTINCT FROM old.status THEN
        INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by, request_id)
        VALUES (old.ward_code, old.id, new.status, new.status_since,
                coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user), request_id);
    END IF;

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('household %s in ward %s updated', new.code, old.ward_code), old.id, old.ward_code));
END
$$;

-- ------------------------------------------------------------------ members

CREATE FUNCTION ansinh_api.member_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    full_name text, birth_date date, sex text, citizen_id text, relation text,
    disability text, serious_illness boolean, occupation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'member_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_household_code text := nullif(btrim(household_code), '');
    hh ansinh.household;
    old ansinh.person;
    new ansinh.person;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('member id is required', NULL, v_ward);
    END IF;

    -- The household: by id (in the named ward, if one is named), or by ward
    -- and code. Shared lock: it must not change ward or vanish meanwhile.
    IF household_id IS NOT NULL THEN
        SELECT * INTO hh
          FROM ansinh.household AS h
         WHERE h.id = member_create.household_id AND (v_ward IS NULL OR h.ward_code = v_ward)
         ORDER BY h.ward_code
         LIMIT 1
           FOR KEY SHARE;
        IF NOT FOUND THEN
            RETURN ansinh.not_found('household ' || household_id || ' was not found'
                                     || coalesce(' in ward ' || v_ward, ''), id, v_ward);
        END IF;
    ELSIF v_household_code IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.invalid_argument(problem, id, v_ward);
        END IF;
        SELECT * INTO hh
          FROM ansinh.household AS h
         WHERE h.ward_code = v_ward AND h.code = v_household_code
           FOR KEY SHARE;
        IF NOT FOUND THEN
            RETURN ansinh.not_found(
                format('household ''%s'' was not found in ward %s', ansinh.excerpt(v_household_code), v_ward),
                id, v_ward);
        END IF;
    ELSE
        RETURN ansinh.invalid_argument('household id or household code is required', id, v_ward);
    END IF;
    IF household_id IS NOT NULL AND v_household_code IS NOT NULL AND v_household_code <> hh.code THEN
        RETURN ansinh.invalid_argument(
            format('household %s has code ''%s'', not ''%s''', household_id, hh.code, ansinh.excerpt(v_household_code)),
            id, hh.ward_code);
    END IF;
    v_ward := hh.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.household_id := hh.id;
    new.full_name := ansinh.clean_name(full_name);
    new.birth_date := birth_date;
    new.sex := nullif(sex, '');
    new.citizen_id := nullif(btrim(citizen_id), '');
    new.relation := nullif(relation, '');
    new.disability := coalesce(nullif(disability, ''), 'none');
    new.serious_illness := coalesce(serious_illness, false);
    new.occupation := nullif(ansinh.clean_name(occupation), '');

    problem := ansinh.member_problem(new.full_name, new.birth_date, new.sex, new.citizen_id,
                                     new.relation, new.disability, new.occupation);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    -- The same id again: fine if it says the same thing.
    SELECT * INTO old FROM ansinh.person AS p WHERE p.ward_code = v_ward AND p.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.full_name, old.birth_date, old.sex, old.citizen_id,
            old.relation, old.disability, old.serious_illness, old.occupation)
           IS NOT DISTINCT FROM
           (new.household_id, new.full_name, new.birth_date, new.sex, new.citizen_id,
            new.relation, new.disability, new.serious_illness, new.occupation)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('member %s already exists in household %s with the same content', old.full_name, hh.code),
                id, v_ward));
        END IF;
        RETURN ansinh.already_exists(
            format('member %s already exists in ward %s with different content', id, v_ward),
            id, v_ward);
    END IF;

    problem := ansinh.citizen_id_conflict(new.citizen_id, v_ward, new.id);
    IF problem IS NOT NULL THEN
        RETURN ansinh.already_exists(problem, id, v_ward);
    END IF;
    IF new.relation = 'head' THEN
        problem := ansinh.head_conflict(v_ward, hh.id, new.id);
        IF problem IS NOT NULL THEN
            RETURN ansinh.failed_precondition(problem, id, v_ward);
        END IF;
    END IF;

    INSERT INTO ansinh.person
           (ward_code, id, household_id, full_name, birth_date, sex, citizen_id,
            relation, disability, serious_illness, occupation)
    VALUES (new.ward_code, new.id, new.household_id, new.full_name, new.birth_date, new.sex, new.citizen_id,
            new.relation, new.disability, new.serious_illness, new.occupation);

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('member %s added to household %s in ward %s', new.full_name, hh.code, v_ward), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.member_update(
    request_id uuid, id uuid, ward text, full_name text, birth_date date,
    sex text, citizen_id text, relation text, disability text,
    serious_illness boolean, occupation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'member_update';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    old ansinh.person;
    new ansinh.person;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('member id is required', NULL, v_ward);
    END IF;

    SELECT * INTO old
      FROM ansinh.person AS p
     WHERE p.id = member_update.id AND (v_ward IS NULL OR p.ward_code = v_ward)
     ORDER BY p.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.not_found('member ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                              id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, old.id, old.ward_code);
    END IF;

    new := old;
    new.full_name := coalesce(ansinh.clean_name(full_name), old.full_name);
    new.birth_date := coalesce(birth_date, old.birth_date);
    new.sex := coalesce(nullif(sex, ''), old.sex);
    new.citizen_id := CASE WHEN citizen_id IS NULL THEN old.citizen_id
                           ELSE nullif(btrim(citizen_id), '') END;
    new.relation := coalesce(nullif(relation, ''), old.relation);
    new.disability := coalesce(nullif(disability, ''), old.disability);
    new.serious_illness := coalesce(serious_illness, old.serious_illness);
    new.occupation := CASE WHEN occupation IS NULL THEN old.occupation
                           ELSE nullif(ansinh.clean_name(occupation), '') END;

    problem := ansinh.member_problem(new.full_name, new.birth_date, new.sex, new.citizen_id,
                                     new.relation, new.disability, new.occupation);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, old.id, old.ward_code);
    END IF;

    IF new.citizen_id IS DISTINCT FROM old.citizen_id THEN
        problem := ansinh.citizen_id_conflict(new.citizen_id, old.ward_code, old.id);
        IF problem IS NOT NULL THEN
            RETURN ansinh.already_exists(problem, old.id, old.ward_code);
        END IF;
    END IF;
    IF new.relation = 'head' AND old.relation IS DISTINCT FROM 'head' THEN
        problem := ansinh.head_conflict(old.ward_code, old.household_id, old.id);
        IF problem IS NOT NULL THEN
            RETURN ansinh.failed_precondition(problem, old.id, old.ward_code);
        END IF;
    END IF;

    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.ok(
            format('member %s is unchanged', old.full_name), old.id, old.ward_code));
    END IF;

    UPDATE ansinh.person AS p
       SET full_name = new.full_name,
           birth_date = new.birth_date,
           sex = new.sex,
           citizen_id = new.citizen_id,
           relation = new.relation,
           disability = new.disability,
           serious_illness = new.serious_illness,
           occupation = new.occupation
     WHERE p.ward_code = old.ward_code AND p.id = old.id;

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('member %s updated', new.full_name), old.id, old.ward_code));
END
$$;

-- ------------------------------------------------------------------ reads
-- Row-level security decides what a session sees; ward NULL or '' means
-- "every ward the session may see" (for a ward session: its own).

-- By id (in the named ward, if any), or, without an id, by ward and code.
-- Two branches rather than one condition, so that each has its index.
CREATE FUNCTION ansinh_api.household_get(ward text, id uuid, code text)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.household_row AS r
     WHERE r.id = household_get.id
       AND (ansinh.request_ward(household_get.ward) IS NULL
            OR r.ward_code = ansinh.request_ward(household_get.ward))
    UNION ALL
    SELECT r.*
      FROM ansinh_api.household_row AS r
     WHERE household_get.id IS NULL
       AND r.ward_code = ansinh.request_ward(household_get.ward)
       AND r.code = pg_catalog.btrim(household_get.code);
END;

CREATE FUNCTION ansinh_api.household_list(
    ward text, "group" integer, status text, "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.household_row AS r
     WHERE (nullif(household_list.ward, '') IS NULL OR r.ward_code = household_list.ward)
       AND (nullif(household_list."group", 0) IS NULL
            OR r.residential_group = household_list."group")
       AND (nullif(household_list.status, '') IS NULL OR r.status = household_list.status)
     ORDER BY r.ward_code, r.code
     LIMIT nullif(household_list."limit", 0)
    OFFSET coalesce(household_list."offset", 0);
END;

-- Accent- and case-insensitive search over the head's name, the members'
-- names and the household code: "hoanh" finds Trương Văn Hoành, "Hoà" finds
-- Hòa. A household matches when the folded text occurs in a folded name or
-- in the code, or is word-similar to a folded name (pg_trgm's <% operator,
-- threshold pg_trgm.word_similarity_threshold, 0.6 by default); best
-- matches first, then by code.
CREATE FUNCTION ansinh_api.household_find(text text, ward text, "limit" integer)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH query AS MATERIALIZED (
        SELECT q.folded,
               '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(q.folded,
                        '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pattern
          FROM (SELECT ansinh.fold(ansinh.clean_name(household_find.text)) AS folded) AS q
         WHERE q.folded <> ''
    ), hit AS (
        SELECT h.ward_code, h.id,
               greatest(public.word_similarity(q.folded, h.head_name_folded),
                        public.word_similarity(q.folded, pg_catalog.lower(h.code))) AS score
          FROM ansinh.household AS h, query AS q
         WHERE (nullif(household_find.ward, '') IS NULL OR h.ward_code = household_find.ward)
           AND (h.head_name_folded LIKE q.pattern
                OR pg_catalog.lower(h.code) LIKE q.pattern
                OR q.folded OPERATOR(public.<%) h.head_name_folded)
        UNION ALL
        SELECT p.ward_code, p.household_id,
               public.word_similarity(q.folded, p.full_name_folded)
          FROM ansinh.person AS p, query AS q
         WHERE (nullif(household_find.ward, '') IS NULL OR p.ward_code = household_find.ward)
           AND (p.full_name_folded LIKE q.pattern
                OR q.folded OPERATOR(public.<%) p.full_name_folded)
    ), best AS (
        SELECT hit.ward_code, hit.id, pg_catalog.max(hit.score) AS score
          FROM hit
         GROUP BY hit.ward_code, hit.id
    )
    SELECT r.*
      FROM best AS b
      JOIN ansinh_api.household_row AS r ON r.ward_code = b.ward_code AND r.id = b.id
     ORDER BY b.score DESC, r.code, r.ward_code
     LIMIT nullif(household_find."limit", 0);
END;

CREATE FUNCTION ansinh_api.household_history(ward text, id uuid)
RETURNS SETOF ansinh_api.status_change
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT s.status, ansinh.iso_date(s.since), ansinh.rfc3339(s.recorded_at), s.recorded_by
      FROM ansinh.household_status AS s
     WHERE s.household_id = household_history.id
       AND (ansinh.request_ward(household_history.ward) IS NULL
            OR s.ward_code = ansinh.request_ward(household_history.ward))
     ORDER BY s.since, s.id;
END;

-- Head first, then by birth date (unknown last) and name.
CREATE FUNCTION ansinh_api.member_list(ward text, household_id uuid, household_code text)
RETURNS SETOF ansinh_api.member_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT m.*
      FROM (SELECT r.*
              FROM ansinh_api.member_row AS r
             WHERE r.household_id = member_list.household_id
               AND (ansinh.request_ward(member_list.ward) IS NULL
                    OR r.ward_code = ansinh.request_ward(member_list.ward))
            UNION ALL
            SELECT r.*
              FROM ansinh_api.member_row AS r
             WHERE member_list.household_id IS NULL
               AND r.ward_code = ansinh.request_ward(member_list.ward)
               AND r.household_code = pg_catalog.btrim(member_list.household_code)
           ) AS m
     ORDER BY m.ward_code, m.relation IS DISTINCT FROM 'head', m.birth_date NULLS LAST, m.full_name, m.id;
END;

-- ------------------------------------------------------------------ tokens

CREATE FUNCTION ansinh_api.token_lookup(sha256 bytea)
RETURNS TABLE (id uuid, name text, role text, ward_code text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT t.id, t.name, t.role, t.ward_code
      FROM ansinh.api_token AS t
     WHERE t.token_sha256 = token_lookup.sha256
       AND t.revoked_at IS NULL;
END;

-- ------------------------------------------------------------------ comments

COMMENT ON FUNCTION ansinh_api.household_create(uuid, uuid, text, text, text, integer, text, text, boolean, boolean, text, date) IS
    'Creates a household and its first status-history row; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.household_update(uuid, uuid, text, text, text, integer, text, text, boolean, boolean, text, date, text) IS
    'Changes the given fields of a household (NULL: unchanged; '''' clears address/phone; group 0 clears); a new status adds a history row';
COMMENT ON FUNCTION ansinh_api.member_create(uuid, uuid, text, uuid, text, text, date, text, text, text, text, boolean, text) IS
    'Adds a member to a household (by household id, or ward + household code); idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.member_update(uuid, uuid, text, text, date, text, text, text, text, boolean, text) IS
    'Changes the given fields of a member (NULL: unchanged; '''' clears citizen_id/occupation)';
COMMENT ON FUNCTION ansinh_api.household_get(text, uuid, text) IS
    'A household by id, or by ward + code';
COMMENT ON FUNCTION ansinh_api.household_list(text, integer, text, integer, integer) IS
    'Households by ward, residential group and status (NULL/''''/0: any), ordered by ward and code';
COMMENT ON FUNCTION ansinh_api.household_find(text, text, integer) IS
    'Accent- and case-insensitive search over head and member names and household codes';
COMMENT ON FUNCTION ansinh_api.household_history(text, uuid) IS
    'Status history of a household, oldest first';
COMMENT ON FUNCTION ansinh_api.member_list(text, uuid, text) IS
    'Members of a household (by id, or ward + code): head first, then by birth date';
COMMENT ON FUNCTION ansinh_api.token_lookup(bytea) IS
    'The live token with this SHA-256, if any';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh_api FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ansinh_api TO ansinh_daemon;
GRANT SELECT ON ansinh_api.household_row, ansinh_api.member_row TO ansinh_daemon;

-- The helpers the API functions call (they run as the daemon).
GRANT EXECUTE ON FUNCTION
    ansinh.today(),
    ansinh.iso_date(date),
    ansinh.rfc3339(timestamptz),
    ansinh.excerpt(text),
    ansinh.household_problem(text, text, integer, text, text, text, date),
    ansinh.member_problem(text, date, text, text, text, text, text),
    ansinh.outcome(integer, text, uuid, text),
    ansinh.ok(text, uuid, text),
    ansinh.invalid_argument(text, uuid, text),
    ansinh.not_found(text, uuid, text),
    ansinh.already_exists(text, uuid, text),
    ansinh.permission_denied(text, uuid, text),
    ansinh.failed_precondition(text, uuid, text),
    ansinh.start_write(uuid, text),
    ansinh.write_refusal(text),
    ansinh.write_prologue(ansinh_api.outcome, text, uuid),
    ansinh.request_ward(text),
    ansinh.ward_problem(text),
    ansinh.log_request(uuid, text, ansinh_api.outcome),
    ansinh.citizen_id_ward(text, text, uuid),
    ansinh.citizen_id_conflict(text, text, uuid),
    ansinh.head_conflict(text, uuid, uuid)
  TO ansinh_daemon;

-- Handy for analysts too.
GRANT EXECUTE ON FUNCTION ansinh.today(), ansinh.iso_date(date), ansinh.rfc3339(timestamptz)
  TO ansinh_analyst;

-- ==========================================================================
-- 6. the ledger: funds and organizations (shared reference lists),
-- needs and their history, support given (the append-only money ledger),
-- and dialogues with poor households.
--
-- Ward-scoped tables (need, need_event, support, dialogue,
-- dialogue_household) follow parts 3 and 4: ward_code NOT NULL, primary key
-- (ward_code, id), foreign keys between them including ward_code, row-level
-- security enabled and forced, audited by ansinh.audit_row().
--
-- fund and organization are shared by every ward (a fixed contract other
-- parts rely on): readable by everyone, written only through the API. They
-- have no ward to file their audit events under (ansinh.audit_event and
-- ansinh.request_log are keyed by ward, and a fund belongs to none), so their
-- writes are audited and logged in two district-level tables of their own,
-- reference_audit_event and reference_request_log.
--
-- Words are lower-case English, as on the command line; money is bigint VND;
-- text limits follow proto/rules.h (descriptions and reasons 1000
-- characters, notes 4000, names and titles 200).

-- ------------------------------------------------------------------ text rules
-- One line of text as stored: NFC, trimmed, no control characters.
CREATE FUNCTION ansinh.is_clean_line(t text, max integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t <> '' AND pg_catalog.char_length(t) <= max AND t IS NFC NORMALIZED
           AND t = pg_catalog.btrim(t) AND t !~ '[[:cntrl:]]';

-- Several lines: as above, but tabs and line feeds are allowed.
CREATE FUNCTION ansinh.is_clean_text(t text, max integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t <> '' AND pg_catalog.char_length(t) <= max AND t IS NFC NORMALIZED
           AND t = pg_catalog.btrim(t) AND t !~ '[\x01-\x08\x0b-\x1f\x7f]';

COMMENT ON FUNCTION ansinh.is_clean_line(text, integer) IS
    'CHECK helper: non-empty single-line text, NFC, trimmed, no control characters, at most max characters';
COMMENT ON FUNCTION ansinh.is_clean_text(text, integer) IS
    'CHECK helper: non-empty text, NFC, trimmed, no control characters but tab and line feed, at most max characters';

-- ------------------------------------------------------------------ funds
-- Fixed contract (see the ledger branch's org-ddl): names, columns and kinds
-- must stay as they are.
CREATE TABLE ansinh.fund (
    code        text PRIMARY KEY CONSTRAINT fund_code_format CHECK (code ~ '^[a-z][a-z0-9-]{1,31}$'),
    name        text NOT NULL CONSTRAINT fund_name_key UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT fund_name_text CHECK (ansinh.is_clean_line(name, 200) AND name = ansinh.clean_name(name))
);

COMMENT ON TABLE ansinh.fund IS
    'Funds that support is paid from: the Fund for the Poor, the district social-assurance budget, the Gratitude fund, and any the district adds. Shared by all wards.';
COMMENT ON COLUMN ansinh.fund.code IS 'Short code used everywhere else, e.g. poor-fund, social-assurance, gratitude';
COMMENT ON COLUMN ansinh.fund.name IS 'Full name, Vietnamese and English, e.g. Quỹ Vì người nghèo (Fund for the Poor)';
COMMENT ON COLUMN ansinh.fund.created_at IS 'When the fund was added';

INSERT INTO ansinh.fund (code, name) VALUES
    ('poor-fund', ansinh.clean_name('Quỹ Vì người nghèo (Fund for the Poor)')),
    ('social-assurance', ansinh.clean_name('Nguồn đảm bảo xã hội (district social-assurance budget)')),
    ('gratitude', ansinh.clean_name('Quỹ Đền ơn đáp nghĩa (Gratitude fund)'));

-- ------------------------------------------------------------------ organizations
-- Fixed contract, as fund.
CREATE TABLE ansinh.organization (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CONSTRAINT organization_name_key UNIQUE,
    kind        text NOT NULL CONSTRAINT organization_kind_word CHECK (kind IN
                ('association', 'school', 'army-unit', 'agency', 'province-committee', 'business', 'other')),
    ward_code   text REFERENCES ansinh.ward (code),  -- NULL: district-wide or outside the district
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_name_text CHECK (ansinh.is_clean_line(name, 200) AND name = ansinh.clean_name(name))
);
CREATE INDEX organization_ward_idx ON ansinh.organization (ward_code, kind);

COMMENT ON TABLE ansinh.organization IS
    'Organizations that sponsor, donate or run programmes: associations (Women''s Union, Youth Union, Veterans, Fatherland Front), schools, army units, agencies, other provinces'' committees, businesses. Shared by all wards.';
COMMENT ON COLUMN ansinh.organization.id IS 'Organization id (UUIDv7 chosen by the client that added it)';
COMMENT ON COLUMN ansinh.organization.name IS 'Name, unique in the district, NFC, e.g. Hội LHPN phường An Khê';
COMMENT ON COLUMN ansinh.organization.kind IS 'association, school, army-unit, agency, province-committee, business or other';
COMMENT ON COLUMN ansinh.organization.ward_code IS 'The ward it belongs to; NULL when district-wide or outside the district';
COMMENT ON COLUMN ansinh.organization.created_at IS 'When the organization was added';

-- ------------------------------------------------------------------ reference audit and request log
-- The audit trail and idempotency log of the shared reference tables.
CREATE TABLE ansinh.reference_audit_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    token_id    uuid,
    role        text
        CONSTRAINT reference_audit_event_role_word CHECK (role IN ('ward', 'district', 'auditor')),
    writer_ward text        REFERENCES ansinh.ward (code),
    db_user     text        NOT NULL DEFAULT session_user,
    table_name  text        NOT NULL,
    action      text        NOT NULL
        CONSTRAINT reference_audit_event_action_word CHECK (action IN ('insert', 'update')),
    record_key  text        NOT NULL,
    request_id  uuid,
    changed     text[],
    row_data    jsonb       NOT NULL,
    xact        xid8        NOT NULL DEFAULT pg_catalog.pg_current_xact_id()
);

CREATE INDEX reference_audit_event_record_idx ON ansinh.reference_audit_event (table_name, record_key);
CREATE INDEX reference_audit_event_xact_idx ON ansinh.reference_audit_event (xact);
CREATE TRIGGER reference_audit_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.reference_audit_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER reference_audit_event_no_truncate
    BEFORE TRUNCATE ON ansinh.reference_audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.reference_audit_event IS
    'Audit trail of the shared reference tables (fund, organization, poverty_standard), which belong to no ward and so cannot be filed in audit_event: who added or changed what, when, with which token. Append-only; sealed with the other audit events.';
COMMENT ON COLUMN ansinh.reference_audit_event.id IS 'Event number; increases with time';
COMMENT ON COLUMN ansinh.reference_audit_event.recorded_at IS 'Time of the transaction that wrote the row';
COMMENT ON COLUMN ansinh.reference_audit_event.actor IS 'Name of the token (ansinh.actor), or the database user for direct SQL';
COMMENT ON COLUMN ansinh.reference_audit_event.token_id IS 'Id of the token (ansinh.api_token.id); NULL for direct SQL';
COMMENT ON COLUMN ansinh.reference_audit_event.role IS 'Role of the request: ward or district; NULL for direct SQL without a context';
COMMENT ON COLUMN ansinh.reference_audit_event.writer_ward IS 'The ward of the writer''s session (ward tokens); NULL for district sessions and direct SQL';
COMMENT ON COLUMN ansinh.reference_audit_event.db_user IS 'PostgreSQL user of the session that wrote (e.g. ansinhd)';
COMMENT ON COLUMN ansinh.reference_audit_event.table_name IS 'fund, organization or poverty_standard';
COMMENT ON COLUMN ansinh.reference_audit_event.action IS 'insert or update';
COMMENT ON COLUMN ansinh.reference_audit_event.record_key IS 'The row''s key: a fund''s code, an organization''s id, a poverty standard row''s id';
COMMENT ON COLUMN ansinh.reference_audit_event.request_id IS 'request_id of the client request, when written through the daemon';
COMMENT ON COLUMN ansinh.reference_audit_event.changed IS 'For an update: the columns whose value changed';
COMMENT ON COLUMN ansinh.reference_audit_event.row_data IS 'The row as written, as JSON';
COMMENT ON COLUMN ansinh.reference_audit_event.xact IS
    'Id of the transaction that wrote the event (pg_current_xact_id()): lets a seal find the events committed since the previous one';

CREATE FUNCTION ansinh.audit_reference_row() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
DECLARE
    new_row jsonb := to_jsonb(NEW);
    changed_columns text[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key)
          INTO changed_columns
          FROM jsonb_each(new_row) AS n
         WHERE n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key;
        IF changed_columns IS NULL THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO ansinh.reference_audit_event
           (actor, token_id, role, writer_ward, table_name, action, record_key, request_id, changed, row_data)
    VALUES (coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
            nullif(current_setting('ansinh.token_id', true), '')::uuid,
            nullif(current_setting('ansinh.role', true), ''),
            nullif(current_setting('ansinh.ward', true), ''),
            TG_TABLE_NAME,
            lower(TG_OP),
            new_row ->> TG_ARGV[0],
            nullif(current_setting('ansinh.request_id', true), '')::uuid,
            changed_columns,
            new_row);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ansinh.audit_reference_row() IS
    'Trigger: writes an ansinh.reference_audit_event row for each inserted or changed reference row (argument: the key column)';

CREATE TRIGGER fund_audit
    AFTER INSERT OR UPDATE ON ansinh.fund
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_reference_row('code');
CREATE TRIGGER organization_audit
    AFTER INSERT OR UPDATE ON ansinh.organization
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_reference_row('id');

-- The seed rows above predate the trigger: record them as well.
INSERT INTO ansinh.reference_audit_event (actor, table_name, action, record_key, row_data)
SELECT session_user, 'fund', 'insert', f.code, to_jsonb(f) FROM ansinh.fund AS f ORDER BY f.code;

CREATE TABLE ansinh.reference_request_log (
    request_id  uuid        PRIMARY KEY,
    operation   text        NOT NULL
        CONSTRAINT reference_request_log_operation_word CHECK (operation ~ '^[a-z_]+$'),
    code        integer     NOT NULL
        CONSTRAINT reference_request_log_code_ok CHECK (code = 0),
    message     text        NOT NULL,
    record_key  text        NOT NULL,
    ward_code   text        REFERENCES ansinh.ward (code),
    actor       text        NOT NULL,
    token_id    uuid,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER reference_request_log_append_only
    BEFORE UPDATE OR DELETE ON ansinh.reference_request_log
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER reference_request_log_no_truncate
    BEFORE TRUNCATE ON ansinh.reference_request_log
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.reference_request_log IS
    'Idempotency log of the writes to shared reference tables (fund_create, organization_create), which belong to no ward. Append-only.';
COMMENT ON COLUMN ansinh.reference_request_log.request_id IS 'UUID the client chose for this logical write, kept across retries';
COMMENT ON COLUMN ansinh.reference_request_log.operation IS 'The ansinh_api function, e.g. fund_create';
COMMENT ON COLUMN ansinh.reference_request_log.code IS 'Outcome status code (always 0 = OK: only successes are stored)';
COMMENT ON COLUMN ansinh.reference_request_log.message IS 'Outcome message returned to the client';
COMMENT ON COLUMN ansinh.reference_request_log.record_key IS 'Key of the row written: a fund''s code, an organization''s id';
COMMENT ON COLUMN ansinh.reference_request_log.ward_code IS 'The organization''s ward, if any (NULL for funds and district-wide organizations)';
COMMENT ON COLUMN ansinh.reference_request_log.actor IS 'Name of the token that made the request';
COMMENT ON COLUMN ansinh.reference_request_log.token_id IS 'Id of the token that made the request';
COMMENT ON COLUMN ansinh.reference_request_log.recorded_at IS 'Time of the transaction that applied the request';

-- ------------------------------------------------------------------ dialogues
CREATE TABLE ansinh.dialogue (
    ward_code   text        NOT NULL REFERENCES ansinh.ward (code),
    id          uuid        NOT NULL,
    held_on     date        NOT NULL
        CONSTRAINT dialogue_held_on_range CHECK (held_on BETWEEN '1900-01-01' AND '2100-12-31'),
    title       text        NOT NULL
        CONSTRAINT dialogue_title_text CHECK (ansinh.is_clean_line(title, 200)),
    note        text
        CONSTRAINT dialogue_note_text CHECK (ansinh.is_clean_text(note, 4000)),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id)
);

CREATE INDEX dialogue_held_on_idx ON ansinh.dialogue (ward_code, held_on);
CREATE INDEX dialogue_id_idx ON ansinh.dialogue (id);

CREATE TRIGGER dialogue_audit
    AFTER INSERT OR UPDATE ON ansinh.dialogue
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.dialogue IS
    'Dialogues (đối thoại) a ward holds with poor households, e.g. at the start of the year with those expected to escape poverty, to hear what they need. Needs raised there point back to them (need.dialogue_id).';
COMMENT ON COLUMN ansinh.dialogue.ward_code IS 'Ward that held the dialogue';
COMMENT ON COLUMN ansinh.dialogue.id IS 'Dialogue id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.dialogue.held_on IS 'Date it was held';
COMMENT ON COLUMN ansinh.dialogue.title IS 'Title, e.g. Đối thoại với hộ nghèo năm 2024';
COMMENT ON COLUMN ansinh.dialogue.note IS 'Notes of what was said; NULL if none';
COMMENT ON COLUMN ansinh.dialogue.created_at IS 'When the record was created';

CREATE TABLE ansinh.dialogue_household (
    ward_code    text   NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    dialogue_id  uuid   NOT NULL,
    household_id uuid   NOT NULL,
    PRIMARY KEY (ward_code, id),
    CONSTRAINT dialogue_household_key UNIQUE (ward_code, dialogue_id, household_id),
    FOREIGN KEY (ward_code, dialogue_id) REFERENCES ansinh.dialogue (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id)
);

CREATE INDEX dialogue_household_household_idx ON ansinh.dialogue_household (ward_code, household_id);

CREATE TRIGGER dialogue_household_audit
    AFTER INSERT OR UPDATE ON ansinh.dialogue_household
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row('dialogue_id');

COMMENT ON TABLE ansinh.dialogue_household IS
    'Households that attended a dialogue: one row per dialogue and household.';
COMMENT ON COLUMN ansinh.dialogue_household.ward_code IS 'Ward of the dialogue and the household';
COMMENT ON COLUMN ansinh.dialogue_household.id IS 'Row number';
COMMENT ON COLUMN ansinh.dialogue_household.dialogue_id IS 'The dialogue (ansinh.dialogue.id)';
COMMENT ON COLUMN ansinh.dialogue_household.household_id IS 'The household that attended (ansinh.household.id)';

-- ------------------------------------------------------------------ needs
-- A need belongs to a household and, when personal, to one of its members:
-- the foreign key (ward_code, household_id, person_id) says so, with the
-- key person_household_member_key on person.
CREATE TABLE ansinh.need (
    ward_code     text        NOT NULL REFERENCES ansinh.ward (code),
    id            uuid        NOT NULL,
    household_id  uuid        NOT NULL,
    person_id     uuid,
    kind          text        NOT NULL,
    description   text        NOT NULL,
    estimated_vnd bigint,
    surveyed_on   date        NOT NULL,
    dialogue_id   uuid,
    status        text        NOT NULL DEFAULT 'registered',
    status_on     date        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    CONSTRAINT need_household_need_key UNIQUE (ward_code, household_id, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    CONSTRAINT need_person_in_household FOREIGN KEY (ward_code, household_id, person_id)
        REFERENCES ansinh.person (ward_code, household_id, id),
    FOREIGN KEY (ward_code, dialogue_id) REFERENCES ansinh.dialogue (ward_code, id),
    CONSTRAINT need_kind_word CHECK (kind IN
        ('livelihood-equipment', 'house-new', 'house-repair', 'assistive-device',
         'orthopaedic-aid', 'job', 'vocational-training', 'other')),
    CONSTRAINT need_description_text CHECK (ansinh.is_clean_line(description, 1000)),
    CONSTRAINT need_estimated_vnd_range CHECK (estimated_vnd BETWEEN 0 AND 1000000000000),
    CONSTRAINT need_surveyed_on_range CHECK (surveyed_on BETWEEN '1900-01-01' AND '2100-12-31'),
    CONSTRAINT need_status_word CHECK (status IN
        ('registered', 'verified', 'approved', 'fulfilled', 'rejected', 'withdrawn')),
    CONSTRAINT need_status_on_range CHECK (status_on BETWEEN surveyed_on AND '2100-12-31')
);

CREATE INDEX need_household_idx ON ansinh.need (ward_code, household_id);
CREATE INDEX need_status_idx ON ansinh.need (ward_code, status, kind);
CREATE INDEX need_dialogue_idx ON ansinh.need (ward_code, dialogue_id) WHERE dialogue_id IS NOT NULL;
CREATE INDEX need_id_idx ON ansinh.need (id);

COMMENT ON TABLE ansinh.need IS
    'Needs surveyed per household (optionally per member). Lifecycle: registered -> verified (re-check, phúc tra) -> approved -> fulfilled (by a support), or rejected / withdrawn; every step is kept in need_event.';
COMMENT ON COLUMN ansinh.need.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.need.id IS 'Need id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.need.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.need.person_id IS 'For a personal need (e.g. an assistive device): the member (ansinh.person.id); NULL for the household';
COMMENT ON COLUMN ansinh.need.kind IS 'livelihood-equipment, house-new, house-repair, assistive-device, orthopaedic-aid, job, vocational-training, other';
COMMENT ON COLUMN ansinh.need.description IS 'What is needed, e.g. a food display cabinet, tables and chairs';
COMMENT ON COLUMN ansinh.need.estimated_vnd IS 'Estimated cost in VND; NULL if not estimated';
COMMENT ON COLUMN ansinh.need.surveyed_on IS 'Date of the survey that found the need';
COMMENT ON COLUMN ansinh.need.dialogue_id IS 'The dialogue where it was raised (ansinh.dialogue.id); NULL if none';
COMMENT ON COLUMN ansinh.need.status IS 'Current state: registered, verified, approved, fulfilled, rejected, withdrawn';
COMMENT ON COLUMN ansinh.need.status_on IS 'Date of the latest step (the current state''s date)';
COMMENT ON COLUMN ansinh.need.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.need.updated_at IS 'When the record was last changed';

CREATE TABLE ansinh.need_event (
    ward_code   text        NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    need_id     uuid        NOT NULL,
    status      text        NOT NULL
        CONSTRAINT need_event_status_word CHECK (status IN
            ('registered', 'verified', 'approved', 'fulfilled', 'rejected', 'withdrawn')),
    event_on    date        NOT NULL
        CONSTRAINT need_event_event_on_range CHECK (event_on BETWEEN '1900-01-01' AND '2100-12-31'),
    note        text
        CONSTRAINT need_event_note_text CHECK (ansinh.is_clean_text(note, 4000)),
    support_id  uuid,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by text        NOT NULL,
    role        text
        CONSTRAINT need_event_role_word CHECK (role IN ('ward', 'district')),
    request_id  uuid,
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, need_id) REFERENCES ansinh.need (ward_code, id)
);

CREATE INDEX need_event_need_idx ON ansinh.need_event (ward_code, need_id, id);

CREATE TRIGGER need_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.need_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER need_event_no_truncate
    BEFORE TRUNCATE ON ansinh.need_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER need_event_audit
    AFTER INSERT ON ansinh.need_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row('need_id');

COMMENT ON TABLE ansinh.need_event IS
    'History of each need: one row per step (registered, verified, approved, fulfilled, rejected, withdrawn, and approved again when the support that fulfilled it was reversed), with its date, who and a note. Append-only.';
COMMENT ON COLUMN ansinh.need_event.ward_code IS 'Ward of the need';
COMMENT ON COLUMN ansinh.need_event.id IS 'Row number; increases with time';
COMMENT ON COLUMN ansinh.need_event.need_id IS 'The need (ansinh.need.id)';
COMMENT ON COLUMN ansinh.need_event.status IS 'The state the need entered';
COMMENT ON COLUMN ansinh.need_event.event_on IS 'Date of the step (as the officer gave it)';
COMMENT ON COLUMN ansinh.need_event.note IS 'Note on the step, e.g. why it was rejected; NULL if none';
COMMENT ON COLUMN ansinh.need_event.support_id IS 'For fulfilled (and approved again after a reversal): the support concerned (ansinh.support.id)';
COMMENT ON COLUMN ansinh.need_event.recorded_at IS 'When the step was recorded';
COMMENT ON COLUMN ansinh.need_event.recorded_by IS 'Who recorded it (token name, or database user)';
COMMENT ON COLUMN ansinh.need_event.role IS 'Role of the session that recorded it: ward or district';
COMMENT ON COLUMN ansinh.need_event.request_id IS 'request_id of the client request that recorded it';

-- ------------------------------------------------------------------ support given
CREATE TABLE ansinh.support (
    ward_code       text        NOT NULL REFERENCES ansinh.ward (code),
    id              uuid        NOT NULL,
    household_id    uuid        NOT NULL,
    person_id       uuid,
    kind            text        NOT NULL,
    description     text        NOT NULL,
    amount_vnd      bigint      NOT NULL,
    given_on        date        NOT NULL,
    fund_code       text        REFERENCES ansinh.fund (code),
    organization_id uuid        REFERENCES ansinh.organization (id),
    need_id         uuid,
    reverses_id     uuid,
    reason          text,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     text        NOT NULL,
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    CONSTRAINT support_person_in_household FOREIGN KEY (ward_code, household_id, person_id)
        REFERENCES ansinh.person (ward_code, household_id, id),
    CONSTRAINT support_need_of_household FOREIGN KEY (ward_code, household_id, need_id)
        REFERENCES ansinh.need (ward_code, household_id, id),
    CONSTRAINT support_reverses_fkey FOREIGN KEY (ward_code, reverses_id)
        REFERENCES ansinh.support (ward_code, id),
    CONSTRAINT support_reversed_once UNIQUE (ward_code, reverses_id),
    CONSTRAINT support_kind_word CHECK (kind IN
        ('livelihood-equipment', 'house-new', 'house-repair', 'assistive-device',
         'orthopaedic-aid', 'job', 'vocational-training', 'other',
         'cash', 'goods', 'health-insurance', 'education', 'tet-gift')),
    CONSTRAINT support_description_text CHECK (ansinh.is_clean_line(description, 1000)),
    CONSTRAINT support_amount_range CHECK (CASE WHEN reverses_id IS NULL
                                                THEN amount_vnd BETWEEN 0 AND 1000000000000
                                                ELSE amount_vnd BETWEEN -1000000000000 AND 0 END),
    CONSTRAINT support_given_on_range CHECK (given_on BETWEEN '1900-01-01' AND '2100-12-31'),
    CONSTRAINT support_source CHECK (fund_code IS NOT NULL OR organization_id IS NOT NULL),
    CONSTRAINT support_reason_iff_reversal CHECK ((reverses_id IS NULL) = (reason IS NULL)),
    CONSTRAINT support_reason_text CHECK (ansinh.is_clean_line(reason, 1000)),
    CONSTRAINT support_reversal_no_need CHECK (reverses_id IS NULL OR need_id IS NULL),
    CONSTRAINT support_reversal_not_itself CHECK (reverses_id <> id),
    CONSTRAINT support_recorded_by_text CHECK (recorded_by <> '')
);

CREATE INDEX support_household_idx ON ansinh.support (ward_code, household_id, given_on);
CREATE INDEX support_given_on_idx ON ansinh.support (given_on);
CREATE INDEX support_fund_idx ON ansinh.support (fund_code, given_on) WHERE fund_code IS NOT NULL;
CREATE INDEX support_organization_idx ON ansinh.support (organization_id, given_on) WHERE organization_id IS NOT NULL;
CREATE INDEX support_need_idx ON ansinh.support (ward_code, need_id) WHERE need_id IS NOT NULL;
CREATE INDEX support_id_idx ON ansinh.support (id);

-- Money records are append-only: no UPDATE, DELETE or TRUNCATE for anyone
-- (the daemon and analysts lack the privileges as well). A correction is a
-- reversing entry: see ansinh_api.support_reverse.
CREATE TRIGGER support_append_only
    BEFORE UPDATE OR DELETE ON ansinh.support
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER support_no_truncate
    BEFORE TRUNCATE ON ansinh.support
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER support_audit
    AFTER INSERT ON ansinh.support
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.support IS
    'Support given — the money ledger: one row per support (cash, goods valued in VND, a house, equipment, …) to a household or one of its members, paid from a fund and/or by a sponsoring organization. Append-only: a correction is a reversing entry (negative amount, reverses_id = the original). Sum amount_vnd for net figures.';
COMMENT ON COLUMN ansinh.support.ward_code IS 'Ward of the recipient household';
COMMENT ON COLUMN ansinh.support.id IS 'Entry id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.support.household_id IS 'Recipient household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.support.person_id IS 'For personal support: the member (ansinh.person.id); NULL for the household';
COMMENT ON COLUMN ansinh.support.kind IS 'The need kinds (livelihood-equipment, house-new, house-repair, assistive-device, orthopaedic-aid, job, vocational-training, other) or cash, goods, health-insurance, education, tet-gift';
COMMENT ON COLUMN ansinh.support.description IS 'What was given, e.g. a food display cabinet';
COMMENT ON COLUMN ansinh.support.amount_vnd IS 'Amount in VND (goods at their value): 0 to 1e12; on a reversing entry minus the original amount';
COMMENT ON COLUMN ansinh.support.given_on IS 'Date given (a reversing entry: the date of the correction)';
COMMENT ON COLUMN ansinh.support.fund_code IS 'The fund it came from (ansinh.fund.code); NULL if paid by the organization alone';
COMMENT ON COLUMN ansinh.support.organization_id IS 'Sponsoring organization (ansinh.organization.id); NULL if none';
COMMENT ON COLUMN ansinh.support.need_id IS 'The need it fulfilled (ansinh.need.id), in the same household; NULL if none';
COMMENT ON COLUMN ansinh.support.reverses_id IS 'On a reversing entry: the entry it reverses (ansinh.support.id); NULL on an original entry';
COMMENT ON COLUMN ansinh.support.reason IS 'On a reversing entry: why; NULL on an original entry';
COMMENT ON COLUMN ansinh.support.recorded_at IS 'When the entry was recorded';
COMMENT ON COLUMN ansinh.support.recorded_by IS 'Who recorded it (token name, or database user)';

-- ------------------------------------------------------------------ integrity triggers
-- The API checks all of this first and answers with a status; these
-- triggers are the database's own last word, for any writer.

-- A new support entry: a need it fulfils must be approved; a reversing
-- entry must mirror an original entry that is not itself a reversal.
CREATE FUNCTION ansinh.support_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
DECLARE
    original ansinh.support;
    need_status text;
BEGIN
    IF NEW.need_id IS NOT NULL THEN
        SELECT n.status INTO need_status
          FROM ansinh.need AS n
         WHERE n.ward_code = NEW.ward_code AND n.id = NEW.need_id;
        IF need_status IS DISTINCT FROM 'approved' THEN
            RAISE EXCEPTION 'support % names need %, which is %, not approved',
                            NEW.id, NEW.need_id, coalesce(need_status, 'not visible')
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF NEW.reverses_id IS NOT NULL THEN
        SELECT * INTO original
          FROM ansinh.support AS s
         WHERE s.ward_code = NEW.ward_code AND s.id = NEW.reverses_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'support % reverses support %, which does not exist in ward %',
                            NEW.id, NEW.reverses_id, NEW.ward_code
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF original.reverses_id IS NOT NULL THEN
            RAISE EXCEPTION 'support % is itself a reversing entry and cannot be reversed', original.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (NEW.household_id, NEW.person_id, NEW.kind, NEW.fund_code, NEW.organization_id, NEW.amount_vnd)
           IS DISTINCT FROM
           (original.household_id, original.person_id, original.kind, original.fund_code,
            original.organization_id, -original.amount_vnd)
        THEN
            RAISE EXCEPTION 'a reversing entry must have the household, member, kind, fund and organization of support % and minus its amount', original.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION ansinh.support_check() IS
    'Trigger: a support names only an approved need; a reversing entry mirrors an original (not a reversal) with minus its amount';

CREATE TRIGGER support_check
    BEFORE INSERT ON ansinh.support
    FOR EACH ROW EXECUTE FUNCTION ansinh.support_check();

-- Whether a support entry that names this need still stands (is not
-- reversed).
CREATE FUNCTION ansinh.need_live_support(ward_code text, need_id uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path = pg_catalog
    RETURN (SELECT s.id
              FROM ansinh.support AS s
             WHERE s.ward_code = need_live_support.ward_code
               AND s.need_id = need_live_support.need_id
               AND NOT EXISTS (SELECT FROM ansinh.support AS r
                                WHERE r.ward_code = s.ward_code AND r.reverses_id = s.id)
             ORDER BY s.recorded_at, s.id
             LIMIT 1);

COMMENT ON FUNCTION ansinh.need_live_support(text, uuid) IS
    'The support entry that fulfils a need and has not been reversed, or NULL';

-- A need changes only by a step of its lifecycle, taken by a role that may:
--   registered -> verified               district
--   verified   -> approved               district
--   registered/verified/approved -> rejected   district
--   registered/verified/approved -> withdrawn  ward or district
--   approved   -> fulfilled              a standing support names the need
--   fulfilled  -> approved               that support was reversed
CREATE FUNCTION ansinh.need_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
DECLARE
    role text := ansinh.context_role();
    step text := OLD.status || ' -> ' || NEW.status;
BEGIN
    IF (NEW.household_id, NEW.person_id, NEW.kind, NEW.description, NEW.estimated_vnd,
        NEW.surveyed_on, NEW.dialogue_id)
       IS DISTINCT FROM
       (OLD.household_id, OLD.person_id, OLD.kind, OLD.description, OLD.estimated_vnd,
        OLD.surveyed_on, OLD.dialogue_id)
       OR NEW.status = OLD.status
    THEN
        RAISE EXCEPTION 'need %: only its status changes, one lifecycle step at a time', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status_on < OLD.status_on THEN
        RAISE EXCEPTION 'need %: step % dated % is before its previous step (%)',
                        OLD.id, step, NEW.status_on, OLD.status_on
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF step IN ('registered -> verified', 'verified -> approved',
                'registered -> rejected', 'verified -> rejected', 'approved -> rejected') THEN
        IF role IS DISTINCT FROM 'district' THEN
            RAISE EXCEPTION 'need %: % is for the district role only', OLD.id, step
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF step IN ('registered -> withdrawn', 'verified -> withdrawn', 'approved -> withdrawn') THEN
        IF role IS NULL OR role NOT IN ('ward', 'district') THEN
            RAISE EXCEPTION 'need %: % needs a ward or district session', OLD.id, step
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF step = 'approved -> fulfilled' THEN
        IF ansinh.need_live_support(OLD.ward_code, OLD.id) IS NULL THEN
            RAISE EXCEPTION 'need %: fulfilled only by a support entry that names it', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    ELSIF step = 'fulfilled -> approved' THEN
        IF ansinh.need_live_support(OLD.ward_code, OLD.id) IS NOT NULL THEN
            RAISE EXCEPTION 'need %: still fulfilled by a standing support entry', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    ELSE
        RAISE EXCEPTION 'need %: % is not a step of the need lifecycle', OLD.id, step
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION ansinh.need_guard() IS
    'Trigger: a need changes only by a legal lifecycle step, verify/approve/reject by the district role only';

CREATE TRIGGER need_guard
    BEFORE UPDATE ON ansinh.need
    FOR EACH ROW EXECUTE FUNCTION ansinh.need_guard();
CREATE TRIGGER need_touch
    BEFORE UPDATE ON ansinh.need
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER need_audit
    AFTER INSERT OR UPDATE ON ansinh.need
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

-- A new need starts registered, on its survey date.
CREATE FUNCTION ansinh.need_start() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    IF NEW.status <> 'registered' OR NEW.status_on <> NEW.surveyed_on THEN
        RAISE EXCEPTION 'need %: a new need is registered on its survey date', NEW.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION ansinh.need_start() IS
    'Trigger: a new need starts as registered, dated on its survey';

CREATE TRIGGER need_start
    BEFORE INSERT ON ansinh.need
    FOR EACH ROW EXECUTE FUNCTION ansinh.need_start();

-- ------------------------------------------------------------------ row security
ALTER TABLE ansinh.dialogue ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.dialogue FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.dialogue FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.dialogue FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.dialogue FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.dialogue_household ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.dialogue_household FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.dialogue_household FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.dialogue_household FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.dialogue_household FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.need ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.need FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.need FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.need FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.need FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.need FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.need_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.need_event FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.need_event FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.need_event FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.need_event FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.support ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.support FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.support FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.support FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.support FOR SELECT TO ansinh_analyst
    USING (true);

-- The shared reference tables: everyone reads; inserts follow the role
-- (funds: district; organizations: district, or a ward for its own ward).
-- Enabled but not forced: the owner keeps the reference lists (the seed
-- funds above; a repair) without a request context, while the daemon's role
-- obeys the policies. There is no UPDATE or DELETE policy.
ALTER TABLE ansinh.fund ENABLE ROW LEVEL SECURITY;
CREATE POLICY shared_read ON ansinh.fund FOR SELECT
    USING (true);
CREATE POLICY district_insert ON ansinh.fund FOR INSERT
    WITH CHECK (ansinh.context_role() = 'district');

ALTER TABLE ansinh.organization ENABLE ROW LEVEL SECURITY;
CREATE POLICY shared_read ON ansinh.organization FOR SELECT
    USING (true);
CREATE POLICY context_insert ON ansinh.organization FOR INSERT
    WITH CHECK (ansinh.context_role() = 'district'
                OR (ansinh.context_role() = 'ward' AND ward_code = ansinh.context_ward()));

-- ------------------------------------------------------------------ write plumbing for shared rows
-- As ansinh.start_write, for writes filed in reference_request_log.
CREATE FUNCTION ansinh.start_reference_write(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    logged ansinh.reference_request_log;
    other text;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF request_id IS NULL THEN
        RETURN ansinh.outcome(3, 'request ID is required', NULL, NULL);
    END IF;
    SELECT * INTO logged
      FROM ansinh.reference_request_log AS l
     WHERE l.request_id = start_reference_write.request_id;
    IF FOUND THEN
        IF logged.operation <> operation THEN
            RETURN ansinh.outcome(9,
                format('request ID %s was already used for %s', request_id, logged.operation), NULL, NULL);
        END IF;
        RETURN ROW(logged.code, logged.message,
                   CASE WHEN logged.operation = 'organization_create' THEN logged.record_key::uuid END,
                   logged.ward_code, true)::ansinh_api.outcome;
    END IF;
    SELECT l.operation INTO other
      FROM ansinh.request_log AS l
     WHERE l.request_id = start_reference_write.request_id
     LIMIT 1;
    IF FOUND THEN
        RETURN ansinh.outcome(9, format('request ID %s was already used for %s', request_id, other), NULL, NULL);
    END IF;
    PERFORM set_config('ansinh.request_id', request_id::text, true);
    RETURN NULL;
END
$$;

CREATE FUNCTION ansinh.log_reference_request(request_id uuid, operation text, record_key text,
                                             result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    INSERT INTO ansinh.reference_request_log (request_id, operation, code, message, record_key, ward_code, actor, token_id)
    VALUES (request_id, operation, result.code, result.message, record_key, result.ward_code,
            coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user),
            nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid);
    SELECT result;
END;

COMMENT ON FUNCTION ansinh.start_reference_write(uuid, text) IS
    'ansinh.start_write for the shared reference tables: replays from reference_request_log';
COMMENT ON FUNCTION ansinh.log_reference_request(uuid, text, text, ansinh_api.outcome) IS
    'Records a successful write to a shared reference table against its request_id';

-- Why a line of text is not acceptable (the first problem), or NULL. what
-- names the field in the sentence, e.g. 'need description'.
CREATE FUNCTION ansinh.line_problem(what text, t text, max integer, required boolean)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN t IS NULL OR t = '' THEN
        CASE WHEN required THEN what || ' is required' END
    WHEN pg_catalog.char_length(t) > max THEN
        pg_catalog.format('%s is longer than %s characters', what, max)
    WHEN t ~ '[[:cntrl:]]' THEN
        what || ' must not contain control characters'
END;

CREATE FUNCTION ansinh.text_problem(what text, t text, max integer)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN t = '' THEN what || ' must not be empty'
    WHEN pg_catalog.char_length(t) > max THEN
        pg_catalog.format('%s is longer than %s characters', what, max)
    WHEN t ~ '[\x01-\x08\x0b-\x1f\x7f]' THEN
        what || ' must not contain control characters other than tab and line feed'
END;

-- Why a date is not acceptable for a step that has happened, or NULL.
CREATE FUNCTION ansinh.past_date_problem(what text, d date)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN d IS NULL THEN what || ' is required'
    WHEN d < '1900-01-01' THEN pg_catalog.format('%s %s is before 1900-01-01', what, ansinh.iso_date(d))
    WHEN d > ansinh.today() THEN pg_catalog.format('%s %s is in the future', what, ansinh.iso_date(d))
END;

-- Stored form of a free text: NFC and trimmed; empty becomes NULL.
CREATE FUNCTION ansinh.clean_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN nullif(pg_catalog.btrim(normalize(t, NFC), E' \t\r\n'), '');

COMMENT ON FUNCTION ansinh.line_problem(text, text, integer, boolean) IS
    'The problem with a single line of text (required, length, control characters) as a sentence, or NULL';
COMMENT ON FUNCTION ansinh.text_problem(text, text, integer) IS
    'The problem with a multi-line text (length, control characters) as a sentence, or NULL';
COMMENT ON FUNCTION ansinh.past_date_problem(text, date) IS
    'The problem with a date of something that happened (1900-01-01 to today) as a sentence, or NULL';
COMMENT ON FUNCTION ansinh.clean_text(text) IS
    'Stored form of a free text: NFC, surrounding white space removed, empty as NULL';

-- ------------------------------------------------------------------ funds and organizations

CREATE VIEW ansinh_api.fund_row WITH (security_invoker = true) AS
SELECT f.code, f.name, ansinh.rfc3339(f.created_at) AS created_at
  FROM ansinh.fund AS f;

CREATE VIEW ansinh_api.organization_row WITH (security_invoker = true) AS
SELECT o.id, o.name, o.kind, o.ward_code, ansinh.rfc3339(o.created_at) AS created_at
  FROM ansinh.organization AS o;

COMMENT ON VIEW ansinh_api.fund_row IS 'A fund as fund_list returns it';
COMMENT ON VIEW ansinh_api.organization_row IS 'An organization as organization_list returns it';

CREATE FUNCTION ansinh_api.fund_create(request_id uuid, code text, name text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'fund_create';
    result ansinh_api.outcome;
    problem text;
    v_code text := btrim(code);
    v_name text := ansinh.clean_name(name);
    old ansinh.fund;
BEGIN
    result := ansinh.start_reference_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF ansinh.context_role() IS DISTINCT FROM 'district' THEN
        RETURN ansinh.permission_denied('only the district may add funds', NULL, NULL);
    END IF;
    IF v_code IS NULL OR v_code = '' THEN
        RETURN ansinh.invalid_argument('fund code is required', NULL, NULL);
    END IF;
    IF v_code !~ '^[a-z][a-z0-9-]{1,31}$' THEN
        RETURN ansinh.invalid_argument(format('fund code ''%s'' is not valid: use 2 to 32 lower-case letters, digits and ''-'', starting with a letter',
                                        ansinh.excerpt(v_code)), NULL, NULL);
    END IF;
    problem := ansinh.line_problem('fund name', v_name, 200, true);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, NULL, NULL);
    END IF;

    SELECT * INTO old FROM ansinh.fund AS f WHERE f.code = v_code;
    IF FOUND THEN
        IF old.name = v_name THEN
            RETURN ansinh.log_reference_request(request_id, op, v_code, ansinh.ok(
                format('fund %s already exists with the same name', v_code), NULL, NULL));
        END IF;
        RETURN ansinh.already_exists(format('fund %s already exists, named ''%s''', v_code, old.name), NULL, NULL);
    END IF;
    SELECT * INTO old FROM ansinh.fund AS f WHERE f.name = v_name;
    IF FOUND THEN
        RETURN ansinh.already_exists(format('fund name ''%s'' is already used by fund %s', ansinh.excerpt(v_name), old.code),
                              NULL, NULL);
    END IF;

    INSERT INTO ansinh.fund (code, name) VALUES (v_code, v_name);
    RETURN ansinh.log_reference_request(request_id, op, v_code, ansinh.ok(
        format('fund %s added', v_code), NULL, NULL));
END
$$;

CREATE FUNCTION ansinh_api.fund_list()
RETURNS SETOF ansinh_api.fund_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.* FROM ansinh_api.fund_row AS r ORDER BY r.created_at, r.code;
END;

CREATE FUNCTION ansinh_api.organization_create(request_id uuid, id uuid, name text, kind text, ward text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'organization_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_name text := ansinh.clean_name(name);
    old ansinh.organization;
BEGIN
    result := ansinh.write_prologue(ansinh.start_reference_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.invalid_argument(problem, id, v_ward);
        END IF;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('organization id is required', NULL, v_ward);
    END IF;
    problem := ansinh.line_problem('organization name', v_name, 200, true);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    IF kind IS NULL OR kind NOT IN ('association', 'school', 'army-unit', 'agency', 'province-committee', 'business', 'other') THEN
        RETURN ansinh.invalid_argument(format('organization kind ''%s'' is not valid: use association, school, army-unit, agency, province-committee, business or other',
                                        ansinh.excerpt(coalesce(kind, ''))), id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.organization AS o WHERE o.id = organization_create.id;
    IF FOUND THEN
        IF (old.name, old.kind, old.ward_code) IS NOT DISTINCT FROM (v_name, kind, v_ward) THEN
            RETURN ansinh.log_reference_request(request_id, op, id::text, ansinh.ok(
                format('organization %s already exists with the same content', old.name), id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('organization %s already exists with different content (%s)', id, old.name),
                              id, v_ward);
    END IF;
    IF EXISTS (SELECT FROM ansinh.organization AS o WHERE o.name = v_name) THEN
        RETURN ansinh.already_exists(format('organization ''%s'' already exists', ansinh.excerpt(v_name)), id, v_ward);
    END IF;

    INSERT INTO ansinh.organization (id, name, kind, ward_code) VALUES (id, v_name, kind, v_ward);
    RETURN ansinh.log_reference_request(request_id, op, id::text, ansinh.ok(
        format('organization %s added%s', v_name, coalesce(' in ward ' || v_ward, '')), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.organization_list(kind text, ward text)
RETURNS SETOF ansinh_api.organization_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.organization_row AS r
     WHERE (nullif(organization_list.kind, '') IS NULL OR r.kind = organization_list.kind)
       AND (nullif(organization_list.ward, '') IS NULL OR r.ward_code = organization_list.ward)
     ORDER BY r.ward_code NULLS FIRST, r.name;
END;

-- The organization named by id, or else by name; NULL when neither finds one.
CREATE FUNCTION ansinh.organization_ref(id uuid, name text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path = pg_catalog
    RETURN CASE WHEN organization_ref.id IS NOT NULL
                THEN (SELECT o.id FROM ansinh.organization AS o WHERE o.id = organization_ref.id)
                ELSE (SELECT o.id FROM ansinh.organization AS o
                       WHERE o.name = ansinh.clean_name(organization_ref.name)) END;

COMMENT ON FUNCTION ansinh.organization_ref(uuid, text) IS
    'The id of the organization given by id, or else by its exact name; NULL if there is none';

-- ------------------------------------------------------------------ households named by a write
-- The household a write names: by id (in the ward, if one is named), or by
-- ward and code; locked against changes of key for the rest of the
-- transaction. All fields NULL when there is none.
CREATE FUNCTION ansinh.household_for_write(ward text, household_id uuid, household_code text)
RETURNS ansinh.household
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    hh ansinh.household;
BEGIN
    IF household_id IS NOT NULL THEN
        SELECT * INTO hh
          FROM ansinh.household AS h
         WHERE h.id = household_for_write.household_id
           AND (ward IS NULL OR h.ward_code = ward)
         ORDER BY h.ward_code
         LIMIT 1
           FOR KEY SHARE;
    ELSIF ward IS NOT NULL AND nullif(btrim(household_code), '') IS NOT NULL THEN
        SELECT * INTO hh
          FROM ansinh.household AS h
         WHERE h.ward_code = ward AND h.code = btrim(household_code)
           FOR KEY SHARE;
    END IF;
    RETURN hh;
END
$$;

-- Why household_for_write found nothing: code 3 (not named well enough) or
-- 5 (not there).
CREATE FUNCTION ansinh.household_missing(ward text, household_id uuid, household_code text, record_id uuid)
RETURNS ansinh_api.outcome
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
RETURN CASE
    WHEN household_id IS NOT NULL THEN
        ansinh.not_found('household ' || household_id || ' was not found' || coalesce(' in ward ' || ward, ''),
                       record_id, ward)
    WHEN nullif(btrim(household_code), '') IS NULL THEN
        ansinh.invalid_argument('household id or household code is required', record_id, ward)
    WHEN ward IS NULL THEN
        ansinh.invalid_argument('ward code is required to find a household by its code', record_id, ward)
    ELSE
        ansinh.not_found(format('household ''%s'' was not found in ward %s', ansinh.excerpt(btrim(household_code)), ward),
                       record_id, ward)
END;

COMMENT ON FUNCTION ansinh.household_for_write(text, uuid, text) IS
    'The household a write names (by id, or ward + code), locked FOR KEY SHARE; NULL fields if none';
COMMENT ON FUNCTION ansinh.household_missing(text, uuid, text, uuid) IS
    'The outcome (3 or 5) of a write whose household was not found';

-- A member named by a write must be in the household.
CREATE FUNCTION ansinh.member_problem_in(ward text, household ansinh.household, person_id uuid, what text)
RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
RETURN CASE
    WHEN member_problem_in.person_id IS NULL THEN NULL
    WHEN NOT EXISTS (SELECT FROM ansinh.person AS p
                      WHERE p.ward_code = member_problem_in.ward AND p.id = member_problem_in.person_id) THEN
        format('member %s was not found in ward %s', member_problem_in.person_id, member_problem_in.ward)
    WHEN NOT EXISTS (SELECT FROM ansinh.person AS p
                      WHERE p.ward_code = member_problem_in.ward AND p.id = member_problem_in.person_id
                        AND p.household_id = (member_problem_in.household).id) THEN
        format('member %s is not in household %s, the %s''s household', member_problem_in.person_id,
               (member_problem_in.household).code, member_problem_in.what)
END;

COMMENT ON FUNCTION ansinh.member_problem_in(text, ansinh.household, uuid, text) IS
    'Why a member cannot be named by a need or support of this household, or NULL';

-- ------------------------------------------------------------------ needs

CREATE FUNCTION ansinh.need_problem(kind text, description text, estimated_vnd bigint,
                                    surveyed_on date, note text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN kind IS NULL OR kind NOT IN ('livelihood-equipment', 'house-new', 'house-repair', 'assistive-device',
                                      'orthopaedic-aid', 'job', 'vocational-training', 'other') THEN
        format('need kind ''%s'' is not valid: use livelihood-equipment, house-new, house-repair, assistive-device, orthopaedic-aid, job, vocational-training or other',
               ansinh.excerpt(coalesce(kind, '')))
    ELSE coalesce(
        ansinh.line_problem('need description', description, 1000, true),
        CASE WHEN estimated_vnd NOT BETWEEN 0 AND 1000000000000 THEN
            format('need estimated_vnd %s is out of range: use 0 to 1000000000000', estimated_vnd) END,
        ansinh.past_date_problem('need surveyed_on date', surveyed_on),
        ansinh.text_problem('need note', note, 4000))
END;

COMMENT ON FUNCTION ansinh.need_problem(text, text, bigint, date, text) IS
    'The first problem with the fields of a new need, as a sentence naming the field, or NULL';

CREATE VIEW ansinh_api.need_row WITH (security_invoker = true) AS
SELECT n.id,
       n.ward_code,
       n.household_id,
       h.code AS household_code,
       n.person_id,
       p.full_name AS member_name,
       n.kind,
       n.description,
       n.estimated_vnd,
       ansinh.iso_date(n.surveyed_on) AS surveyed_on,
       n.dialogue_id,
       n.status,
       ansinh.iso_date(n.status_on) AS status_on,
       ansinh.rfc3339(n.created_at) AS created_at,
       ansinh.rfc3339(n.updated_at) AS updated_at
  FROM ansinh.need AS n
  JOIN ansinh.household AS h ON h.ward_code = n.ward_code AND h.id = n.household_id
  LEFT JOIN ansinh.person AS p ON p.ward_code = n.ward_code AND p.id = n.person_id;

COMMENT ON VIEW ansinh_api.need_row IS 'A need as need_get/need_list return it';

CREATE TYPE ansinh_api.need_step AS (
    status      text,
    event_on    text,
    note        text,
    recorded_at text,
    recorded_by text,
    support_id  uuid
);

CREATE FUNCTION ansinh_api.need_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    person_id uuid, kind text, description text, estimated_vnd bigint,
    surveyed_on date, dialogue_id uuid, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'need_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_note text := ansinh.clean_text(note);
    hh ansinh.household;
    old ansinh.need;
    new ansinh.need;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('need id is required', NULL, v_ward);
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.invalid_argument(problem, id, v_ward);
        END IF;
    END IF;

    hh := ansinh.household_for_write(v_ward, household_id, household_code);
    IF hh.id IS NULL THEN
        RETURN ansinh.household_missing(v_ward, household_id, household_code, id);
    END IF;
    v_ward := hh.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.household_id := hh.id;
    new.person_id := person_id;
    new.kind := kind;
    new.description := ansinh.clean_text(description);
    new.estimated_vnd := estimated_vnd;
    new.surveyed_on := coalesce(surveyed_on, ansinh.today());
    new.dialogue_id := dialogue_id;
    new.status := 'registered';
    new.status_on := new.surveyed_on;

    problem := ansinh.need_problem(new.kind, new.description, new.estimated_vnd, new.surveyed_on, v_note);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    -- The same id again: fine if it says the same thing.
    SELECT * INTO old FROM ansinh.need AS n WHERE n.ward_code = v_ward AND n.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.person_id, old.kind, old.description, old.estimated_vnd,
            old.dialogue_id) IS NOT DISTINCT FROM
           (new.household_id, new.person_id, new.kind, new.description, new.estimated_vnd,
            new.dialogue_id)
           AND (surveyed_on IS NULL OR old.surveyed_on = surveyed_on)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('need %s already exists in household %s with the same content', id, hh.code), id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('need %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    problem := ansinh.member_problem_in(v_ward, hh, new.person_id, 'need');
    IF problem IS NOT NULL THEN
        RETURN ansinh.not_found(problem, id, v_ward);
    END IF;
    IF new.dialogue_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM ansinh.dialogue AS d WHERE d.ward_code = v_ward AND d.id = new.dialogue_id) THEN
        RETURN ansinh.not_found(format('dialogue %s was not found in ward %s', new.dialogue_id, v_ward), id, v_ward);
    END IF;

    INSERT INTO ansinh.need
           (ward_code, id, household_id, person_id, kind, description, estimated_vnd,
            surveyed_on, dialogue_id, status, status_on)
    VALUES (new.ward_code, new.id, new.household_id, new.person_id, new.kind, new.description,
            new.estimated_vnd, new.surveyed_on, new.dialogue_id, new.status, new.status_on);
    INSERT INTO ansinh.need_event (ward_code, need_id, status, event_on, note, recorded_by, role, request_id)
    VALUES (v_ward, new.id, 'registered', new.surveyed_on, v_note,
            coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
            ansinh.context_role(), request_id);

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('need %s registered for household %s in ward %s', new.kind, hh.code, v_ward), id, v_ward));
END
$$;

-- One step of a need's lifecycle: verify, approve, reject (district only)
-- or withdraw (ward or district). The request log knows each as
-- need_<action>.
CREATE FUNCTION ansinh_api.need_transition(
    request_id uuid, id uuid, ward text, action text, step_on date, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_note text := ansinh.clean_text(note);
    v_on date := coalesce(step_on, ansinh.today());
    target text;
    allowed text[];
    old ansinh.need;
BEGIN
    CASE action
        WHEN 'verify' THEN target := 'verified'; allowed := ARRAY['registered'];
        WHEN 'approve' THEN target := 'approved'; allowed := ARRAY['verified'];
        WHEN 'reject' THEN target := 'rejected'; allowed := ARRAY['registered', 'verified', 'approved'];
        WHEN 'withdraw' THEN target := 'withdrawn'; allowed := ARRAY['registered', 'verified', 'approved'];
        ELSE
            RETURN ansinh.invalid_argument(format('need action ''%s'' is not valid: use verify, approve, reject or withdraw',
                                            ansinh.excerpt(coalesce(action, ''))), id, v_ward);
    END CASE;
    result := ansinh.start_write(request_id, 'need_' || action);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;
    IF action <> 'withdraw' AND ansinh.context_role() <> 'district' THEN
        RETURN ansinh.permission_denied(format('only the district may %s a need', action), id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('need id is required', NULL, v_ward);
    END IF;

    SELECT * INTO old
      FROM ansinh.need AS n
     WHERE n.id = need_transition.id AND (v_ward IS NULL OR n.ward_code = v_ward)
     ORDER BY n.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.not_found('need ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''), id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, old.id, old.ward_code);
    END IF;

    problem := coalesce(ansinh.past_date_problem('need step date', v_on),
                        ansinh.text_problem('need note', v_note, 4000));
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, old.id, old.ward_code);
    END IF;

    IF NOT old.status = ANY (allowed) THEN
        RETURN ansinh.failed_precondition(CASE
            WHEN old.status IN ('fulfilled', 'rejected', 'withdrawn') THEN
                format('need %s is %s: no further step is possible', old.id, old.status)
            WHEN old.status = target THEN
                format('need %s is already %s', old.id, old.status)
            WHEN action = 'approve' THEN
                format('need %s is %s, not verified: the district verifies a need before approving it', old.id, old.status)
            ELSE
                format('need %s is %s: only a %s need can be %s', old.id, old.status,
                       array_to_string(allowed, ' or '), target)
            END, old.id, old.ward_code);
    END IF;
    IF v_on < old.status_on THEN
        RETURN ansinh.invalid_argument(format('need step date %s is before its previous step (%s on %s)',
                                        ansinh.iso_date(v_on), old.status, ansinh.iso_date(old.status_on)),
                              old.id, old.ward_code);
    END IF;

    UPDATE ansinh.need AS n
       SET status = target, status_on = v_on
     WHERE n.ward_code = old.ward_code AND n.id = old.id;
    INSERT INTO ansinh.need_event (ward_code, need_id, status, event_on, note, recorded_by, role, request_id)
    VALUES (old.ward_code, old.id, target, v_on, v_note,
            coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
            ansinh.context_role(), request_id);

    RETURN ansinh.log_request(request_id, 'need_' || action, ansinh.ok(
        format('need %s %s on %s', old.id, target, ansinh.iso_date(v_on)), old.id, old.ward_code));
END
$$;

CREATE FUNCTION ansinh_api.need_get(ward text, id uuid)
RETURNS SETOF ansinh_api.need_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.need_row AS r
     WHERE r.id = need_get.id
       AND (ansinh.request_ward(need_get.ward) IS NULL OR r.ward_code = ansinh.request_ward(need_get.ward))
     ORDER BY r.ward_code;
END;

CREATE FUNCTION ansinh_api.need_history(ward text, id uuid)
RETURNS SETOF ansinh_api.need_step
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT e.status, ansinh.iso_date(e.event_on), e.note, ansinh.rfc3339(e.recorded_at), e.recorded_by, e.support_id
      FROM ansinh.need_event AS e
     WHERE e.need_id = need_history.id
       AND (ansinh.request_ward(need_history.ward) IS NULL OR e.ward_code = ansinh.request_ward(need_history.ward))
     ORDER BY e.id;
END;

CREATE FUNCTION ansinh_api.need_list(
    ward text, household_id uuid, household_code text, status text, kind text,
    "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.need_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.need_row AS r
     WHERE (nullif(need_list.ward, '') IS NULL OR r.ward_code = need_list.ward)
       AND (need_list.household_id IS NULL OR r.household_id = need_list.household_id)
       AND (nullif(need_list.household_code, '') IS NULL OR r.household_code = need_list.household_code)
       AND (nullif(need_list.status, '') IS NULL OR r.status = need_list.status)
       AND (nullif(need_list.kind, '') IS NULL OR r.kind = need_list.kind)
     ORDER BY r.ward_code, r.household_code, r.surveyed_on, r.id
     LIMIT nullif(need_list."limit", 0)
    OFFSET coalesce(need_list."offset", 0);
END;

-- ------------------------------------------------------------------ support given

CREATE FUNCTION ansinh.support_problem(kind text, description text, amount_vnd bigint, given_on date)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN kind IS NULL OR kind NOT IN ('livelihood-equipment', 'house-new', 'house-repair', 'assistive-device',
                                      'orthopaedic-aid', 'job', 'vocational-training', 'other',
                                      'cash', 'goods', 'health-insurance', 'education', 'tet-gift') THEN
        format('support kind ''%s'' is not valid: use livelihood-equipment, house-new, house-repair, assistive-device, orthopaedic-aid, job, vocational-training, other, cash, goods, health-insurance, education or tet-gift',
               ansinh.excerpt(coalesce(kind, '')))
    ELSE coalesce(
        ansinh.line_problem('support description', description, 1000, true),
        CASE WHEN amount_vnd IS NULL THEN 'support amount_vnd is required'
             WHEN amount_vnd NOT BETWEEN 0 AND 1000000000000 THEN
                 format('support amount_vnd %s is out of range: use 0 to 1000000000000', amount_vnd) END,
        ansinh.past_date_problem('support given_on date', given_on))
END;

COMMENT ON FUNCTION ansinh.support_problem(text, text, bigint, date) IS
    'The first problem with the fields of a new support entry, as a sentence naming the field, or NULL';

CREATE VIEW ansinh_api.support_row WITH (security_invoker = true) AS
SELECT s.id,
       s.ward_code,
       s.household_id,
       h.code AS household_code,
       s.person_id,
       p.full_name AS member_name,
       s.kind,
       s.description,
       s.amount_vnd,
       ansinh.iso_date(s.given_on) AS given_on,
       s.fund_code,
       s.organization_id,
       o.name AS organization_name,
       s.need_id,
       s.reverses_id,
       r.id AS reversed_by_id,
       s.reason,
       ansinh.rfc3339(s.recorded_at) AS recorded_at,
       s.recorded_by,
       s.given_on AS given_on_date
  FROM ansinh.support AS s
  JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
  LEFT JOIN ansinh.person AS p ON p.ward_code = s.ward_code AND p.id = s.person_id
  LEFT JOIN ansinh.organization AS o ON o.id = s.organization_id
  LEFT JOIN ansinh.support AS r ON r.ward_code = s.ward_code AND r.reverses_id = s.id;

COMMENT ON VIEW ansinh_api.support_row IS 'A support entry as support_get/support_list return it';

CREATE TYPE ansinh_api.support_sum AS (
    entries      bigint,
    given_vnd    bigint,
    reversed_vnd bigint,
    net_vnd      bigint,
    problem      text
);

CREATE FUNCTION ansinh_api.support_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    person_id uuid, kind text, description text, amount_vnd bigint, given_on date,
    fund_code text, organization_id uuid, organization_name text, need_id uuid)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'support_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_fund text := nullif(btrim(fund_code), '');
    v_org_name text := nullif(ansinh.clean_name(organization_name), '');
    hh ansinh.household;
    need ansinh.need;
    approved_on date;
    old ansinh.support;
    new ansinh.support;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('support id is required', NULL, v_ward);
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.invalid_argument(problem, id, v_ward);
        END IF;
    END IF;

    hh := ansinh.household_for_write(v_ward, household_id, household_code);
    IF hh.id IS NULL THEN
        RETURN ansinh.household_missing(v_ward, household_id, household_code, id);
    END IF;
    v_ward := hh.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.household_id := hh.id;
    new.person_id := person_id;
    new.kind := kind;
    new.description := ansinh.clean_text(description);
    new.amount_vnd := amount_vnd;
    new.given_on := coalesce(given_on, ansinh.today());
    new.fund_code := v_fund;
    new.need_id := need_id;
    new.recorded_by := coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user);

    problem := ansinh.support_problem(new.kind, new.description, new.amount_vnd, new.given_on);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    IF v_fund IS NULL AND organization_id IS NULL AND v_org_name IS NULL THEN
        RETURN ansinh.invalid_argument('support needs a fund or a sponsoring organization (or both)', id, v_ward);
    END IF;
    IF v_fund IS NOT NULL AND NOT EXISTS (SELECT FROM ansinh.fund AS f WHERE f.code = v_fund) THEN
        RETURN ansinh.not_found(format('fund ''%s'' does not exist (see fund list)', ansinh.excerpt(v_fund)), id, v_ward);
    END IF;
    IF organization_id IS NOT NULL OR v_org_name IS NOT NULL THEN
        new.organization_id := ansinh.organization_ref(organization_id, v_org_name);
        IF new.organization_id IS NULL THEN
            RETURN ansinh.not_found(CASE WHEN organization_id IS NOT NULL
                                          THEN format('organization %s does not exist', organization_id)
                                          ELSE format('organization ''%s'' does not exist (see org list)',
                                                      ansinh.excerpt(v_org_name)) END,
                                  id, v_ward);
        END IF;
    END IF;

    -- The same id again: fine if it says the same thing (given_on defaults
    -- to today, so an omitted one matches any).
    SELECT * INTO old FROM ansinh.support AS s WHERE s.ward_code = v_ward AND s.id = new.id;
    IF FOUND THEN
        IF old.reverses_id IS NULL
           AND (old.household_id, old.person_id, old.kind, old.description, old.amount_vnd,
                old.fund_code, old.organization_id, old.need_id) IS NOT DISTINCT FROM
               (new.household_id, new.person_id, new.kind, new.description, new.amount_vnd,
                new.fund_code, new.organization_id, new.need_id)
           AND (given_on IS NULL OR old.given_on = given_on)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('support %s already exists for household %s with the same content', id, hh.code), id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('support %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    problem := ansinh.member_problem_in(v_ward, hh, new.person_id, 'support');
    IF problem IS NOT NULL THEN
        RETURN ansinh.not_found(problem, id, v_ward);
    END IF;

    IF new.need_id IS NOT NULL THEN
        SELECT * INTO need
          FROM ansinh.need AS n
         WHERE n.ward_code = v_ward AND n.id = new.need_id
           FOR UPDATE;
        IF NOT FOUND THEN
            RETURN ansinh.not_found(format('need %s was not found in ward %s', new.need_id, v_ward), id, v_ward);
        END IF;
        IF need.household_id <> hh.id THEN
            RETURN ansinh.invalid_argument(format('need %s belongs to another household than %s', need.id, hh.code),
                                  id, v_ward);
        END IF;
        IF need.status <> 'approved' THEN
            RETURN ansinh.failed_precondition(format('need %s is %s, not approved: only an approved need can be fulfilled',
                                            need.id, need.status), id, v_ward);
        END IF;
        -- Not before the district approved it (an "approved again" step
        -- after a reversal names its support, and does not count).
        approved_on := (SELECT max(e.event_on) FROM ansinh.need_event AS e
                         WHERE e.ward_code = v_ward AND e.need_id = need.id
                           AND e.status = 'approved' AND e.support_id IS NULL);
        IF new.given_on < approved_on THEN
            RETURN ansinh.invalid_argument(format('support given_on date %s is before need %s was approved (%s)',
                                            ansinh.iso_date(new.given_on), need.id, ansinh.iso_date(approved_on)),
                                  id, v_ward);
        END IF;
    END IF;

    INSERT INTO ansinh.support
           (ward_code, id, household_id, person_id, kind, description, amount_vnd, given_on,
            fund_code, organization_id, need_id, recorded_by)
    VALUES (new.ward_code, new.id, new.household_id, new.person_id, new.kind, new.description,
            new.amount_vnd, new.given_on, new.fund_code, new.organization_id, new.need_id, new.recorded_by);

    IF new.need_id IS NOT NULL THEN
        -- The step is dated when the support was given; the need's date
        -- of its latest step never goes backwards (after a reversal, the
        -- corrected entry may carry the original's date).
        UPDATE ansinh.need AS n
           SET status = 'fulfilled', status_on = greatest(new.given_on, need.status_on)
         WHERE n.ward_code = v_ward AND n.id = new.need_id;
        INSERT INTO ansinh.need_event (ward_code, need_id, status, event_on, note, support_id, recorded_by, role, request_id)
        VALUES (v_ward, new.need_id, 'fulfilled', new.given_on,
                format('support %s: %s VND', new.id, new.amount_vnd), new.id,
                new.recorded_by, ansinh.context_role(), request_id);
    END IF;

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('support of %s VND recorded for household %s in ward %s%s', new.amount_vnd, hh.code, v_ward,
               CASE WHEN new.need_id IS NOT NULL THEN '; need ' || new.need_id || ' fulfilled' ELSE '' END),
        id, v_ward));
END
$$;

-- A reversing entry for an original one. When the original fulfilled a
-- need and nothing else stands for it, the need goes back to approved.
CREATE FUNCTION ansinh_api.support_reverse(
    request_id uuid, id uuid, ward text, original_id uuid, reason text, reversed_on date)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'support_reverse';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_reason text := ansinh.clean_text(reason);
    v_on date := coalesce(reversed_on, ansinh.today());
    original ansinh.support;
    existing ansinh.support;
    need ansinh.need;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('support id of the reversing entry is required', NULL, v_ward);
    END IF;
    IF original_id IS NULL THEN
        RETURN ansinh.invalid_argument('support id of the entry to reverse is required', id, v_ward);
    END IF;
    problem := coalesce(ansinh.line_problem('support reason', v_reason, 1000, true),
                        ansinh.past_date_problem('support reversal date', v_on));
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    SELECT * INTO original
      FROM ansinh.support AS s
     WHERE s.id = original_id AND (v_ward IS NULL OR s.ward_code = v_ward)
     ORDER BY s.ward_code
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN ansinh.not_found('support ' || original_id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                              id, v_ward);
    END IF;
    v_ward := original.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;

    -- The same reversing entry again: fine if it says the same thing.
    SELECT * INTO existing FROM ansinh.support AS s WHERE s.ward_code = v_ward AND s.id = support_reverse.id;
    IF FOUND THEN
        IF existing.reverses_id = original.id AND existing.reason = v_reason
           AND (reversed_on IS NULL OR existing.given_on = reversed_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('support %s already reverses %s', existing.id, original.id), existing.id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('support %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    IF original.reverses_id IS NOT NULL THEN
        RETURN ansinh.failed_precondition(format('support %s is itself a reversing entry (of %s): it cannot be reversed',
                                        original.id, original.reverses_id), id, v_ward);
    END IF;
    SELECT * INTO existing FROM ansinh.support AS s WHERE s.ward_code = v_ward AND s.reverses_id = original.id;
    IF FOUND THEN
        RETURN ansinh.failed_precondition(format('support %s was already reversed by %s on %s', original.id, existing.id,
                                        ansinh.iso_date(existing.given_on)), id, v_ward);
    END IF;
    IF v_on < original.given_on THEN
        RETURN ansinh.invalid_argument(format('support reversal date %s is before the entry was given (%s)',
                                        ansinh.iso_date(v_on), ansinh.iso_date(original.given_on)), id, v_ward);
    END IF;

    INSERT INTO ansinh.support
           (ward_code, id, household_id, person_id, kind, description, amount_vnd, given_on,
            fund_code, organization_id, need_id, reverses_id, reason, recorded_by)
    VALUES (v_ward, id, original.household_id, original.person_id, original.kind, original.description,
            -original.amount_vnd, v_on, original.fund_code, original.organization_id, NULL,
            original.id, v_reason, coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user));

    IF original.need_id IS NOT NULL THEN
        SELECT * INTO need
          FROM ansinh.need AS n
         WHERE n.ward_code = v_ward AND n.id = original.need_id
           FOR UPDATE;
        IF need.status = 'fulfilled' AND ansinh.need_live_support(v_ward, need.id) IS NULL THEN
            UPDATE ansinh.need AS n
               SET status = 'approved', status_on = greatest(v_on, need.status_on)
             WHERE n.ward_code = v_ward AND n.id = need.id;
            INSERT INTO ansinh.need_event (ward_code, need_id, status, event_on, note, support_id, recorded_by, role, request_id)
            VALUES (v_ward, need.id, 'approved', greatest(v_on, need.status_on),
                    format('support %s reversed (%s): approved again', original.id, v_reason), original.id,
                    coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
                    ansinh.context_role(), request_id);
        END IF;
    END IF;

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('support %s reversed (%s VND)', original.id, -original.amount_vnd), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.support_get(ward text, id uuid)
RETURNS SETOF ansinh_api.support_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.support_row AS r
     WHERE r.id = support_get.id
       AND (ansinh.request_ward(support_get.ward) IS NULL OR r.ward_code = ansinh.request_ward(support_get.ward))
     ORDER BY r.ward_code;
END;

-- The entries that match the filters (NULL/'': any). An organization is
-- named by id or by exact name.
CREATE FUNCTION ansinh_api.support_list(
    ward text, household_id uuid, household_code text, fund_code text,
    organization_id uuid, organization_name text, from_date date, to_date date,
    "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.support_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.support_row AS r
     WHERE (nullif(support_list.ward, '') IS NULL OR r.ward_code = support_list.ward)
       AND (support_list.household_id IS NULL OR r.household_id = support_list.household_id)
       AND (nullif(support_list.household_code, '') IS NULL OR r.household_code = support_list.household_code)
       AND (nullif(support_list.fund_code, '') IS NULL OR r.fund_code = support_list.fund_code)
       AND ((support_list.organization_id IS NULL AND nullif(support_list.organization_name, '') IS NULL)
            OR r.organization_id = ansinh.organization_ref(support_list.organization_id, support_list.organization_name))
       AND (support_list.from_date IS NULL OR r.given_on_date >= support_list.from_date)
       AND (support_list.to_date IS NULL OR r.given_on_date <= support_list.to_date)
     ORDER BY r.given_on_date, r.recorded_at, r.id
     LIMIT nullif(support_list."limit", 0)
    OFFSET coalesce(support_list."offset", 0);
END;

-- Totals over every entry support_list would return without limit, and
-- (problem) why a filter names nothing that exists.
CREATE FUNCTION ansinh_api.support_totals(
    ward text, household_id uuid, household_code text, fund_code text,
    organization_id uuid, organization_name text, from_date date, to_date date)
RETURNS ansinh_api.support_sum
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT pg_catalog.count(*)::bigint,
           coalesce(pg_catalog.sum(s.amount_vnd) FILTER (WHERE s.reverses_id IS NULL), 0)::bigint,
           coalesce(pg_catalog.sum(s.amount_vnd) FILTER (WHERE s.reverses_id IS NOT NULL), 0)::bigint,
           coalesce(pg_catalog.sum(s.amount_vnd), 0)::bigint,
           CASE
               WHEN nullif(support_totals.fund_code, '') IS NOT NULL
                    AND NOT EXISTS (SELECT FROM ansinh.fund AS f WHERE f.code = support_totals.fund_code) THEN
                   pg_catalog.format('fund ''%s'' does not exist (see fund list)', ansinh.excerpt(support_totals.fund_code))
               WHEN (support_totals.organization_id IS NOT NULL OR nullif(support_totals.organization_name, '') IS NOT NULL)
                    AND ansinh.organization_ref(support_totals.organization_id, support_totals.organization_name) IS NULL THEN
                   CASE WHEN support_totals.organization_id IS NOT NULL
                        THEN pg_catalog.format('organization %s does not exist', support_totals.organization_id)
                        ELSE pg_catalog.format('organization ''%s'' does not exist (see org list)',
                                               ansinh.excerpt(support_totals.organization_name)) END
               WHEN nullif(support_totals.household_code, '') IS NOT NULL
                    AND NOT EXISTS (SELECT FROM ansinh.household AS h
                                     WHERE h.code = support_totals.household_code
                                       AND (nullif(support_totals.ward, '') IS NULL OR h.ward_code = support_totals.ward)) THEN
                   pg_catalog.format('household ''%s'' was not found%s', ansinh.excerpt(support_totals.household_code),
                                     coalesce(' in ward ' || nullif(support_totals.ward, ''), ''))
           END
      FROM ansinh.support AS s
      JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
     WHERE (nullif(support_totals.ward, '') IS NULL OR s.ward_code = support_totals.ward)
       AND (support_totals.household_id IS NULL OR s.household_id = support_totals.household_id)
       AND (nullif(support_totals.household_code, '') IS NULL OR h.code = support_totals.household_code)
       AND (nullif(support_totals.fund_code, '') IS NULL OR s.fund_code = support_totals.fund_code)
       AND ((support_totals.organization_id IS NULL AND nullif(support_totals.organization_name, '') IS NULL)
            OR s.organization_id = ansinh.organization_ref(support_totals.organization_id, support_totals.organization_name))
       AND (support_totals.from_date IS NULL OR s.given_on >= support_totals.from_date)
       AND (support_totals.to_date IS NULL OR s.given_on <= support_totals.to_date);
END;

-- ------------------------------------------------------------------ dialogues

CREATE VIEW ansinh_api.dialogue_row WITH (security_invoker = true) AS
SELECT d.id,
       d.ward_code,
       ansinh.iso_date(d.held_on) AS held_on,
       d.title,
       d.note,
       coalesce((SELECT pg_catalog.string_agg(h.code, ' ' ORDER BY h.code)
                   FROM ansinh.dialogue_household AS dh
                   JOIN ansinh.household AS h ON h.ward_code = dh.ward_code AND h.id = dh.household_id
                  WHERE dh.ward_code = d.ward_code AND dh.dialogue_id = d.id), '') AS household_codes,
       (SELECT pg_catalog.count(*)::integer
          FROM ansinh.need AS n
         WHERE n.ward_code = d.ward_code AND n.dialogue_id = d.id) AS need_count,
       ansinh.rfc3339(d.created_at) AS created_at,
       d.held_on AS held_on_date
  FROM ansinh.dialogue AS d;

COMMENT ON VIEW ansinh_api.dialogue_row IS
    'A dialogue as dialogue_list returns it; household_codes are the attending households'' codes, space-separated';

CREATE FUNCTION ansinh_api.dialogue_create(
    request_id uuid, id uuid, ward text, held_on date, title text, note text,
    household_ids uuid[], household_codes text[])
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'dialogue_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_title text := ansinh.clean_text(title);
    v_note text := ansinh.clean_text(note);
    v_on date := coalesce(held_on, ansinh.today());
    hh ansinh.household;
    attending uuid[] := ARRAY[]::uuid[];
    a_id uuid;
    a_code text;
    old ansinh.dialogue;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.ward_problem(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('dialogue id is required', NULL, v_ward);
    END IF;
    problem := coalesce(ansinh.past_date_problem('dialogue held_on date', v_on),
                        ansinh.line_problem('dialogue title', v_title, 200, true),
                        ansinh.text_problem('dialogue note', v_note, 4000));
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    -- The attending households, each once, all of this ward.
    FOREACH a_id IN ARRAY coalesce(household_ids, ARRAY[]::uuid[]) LOOP
        hh := ansinh.household_for_write(v_ward, a_id, NULL);
        IF hh.id IS NULL THEN
            RETURN ansinh.household_missing(v_ward, a_id, NULL, id);
        END IF;
        attending := attending || hh.id;
    END LOOP;
    FOREACH a_code IN ARRAY coalesce(household_codes, ARRAY[]::text[]) LOOP
        hh := ansinh.household_for_write(v_ward, NULL, a_code);
        IF hh.id IS NULL THEN
            RETURN ansinh.household_missing(v_ward, NULL, a_code, id);
        END IF;
        attending := attending || hh.id;
    END LOOP;
    attending := ARRAY(SELECT DISTINCT a FROM unnest(attending) AS a ORDER BY a);

    -- The same id again: fine if it says the same thing.
    SELECT * INTO old FROM ansinh.dialogue AS d WHERE d.ward_code = v_ward AND d.id = dialogue_create.id;
    IF FOUND THEN
        IF (old.title, old.note) IS NOT DISTINCT FROM (v_title, v_note)
           AND (held_on IS NULL OR old.held_on = held_on)
           AND attending = ARRAY(SELECT dh.household_id FROM ansinh.dialogue_household AS dh
                                  WHERE dh.ward_code = v_ward AND dh.dialogue_id = old.id
                                  ORDER BY dh.household_id)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('dialogue %s already exists in ward %s with the same content', id, v_ward), id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('dialogue %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.dialogue (ward_code, id, held_on, title, note)
    VALUES (v_ward, id, v_on, v_title, v_note);
    INSERT INTO ansinh.dialogue_household (ward_code, dialogue_id, household_id)
    SELECT v_ward, dialogue_create.id, a FROM unnest(attending) AS a;

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('dialogue on %s recorded in ward %s with %s households', ansinh.iso_date(v_on), v_ward,
               cardinality(attending)), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.dialogue_list(ward text, from_date date, to_date date, "limit" integer)
RETURNS SETOF ansinh_api.dialogue_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.dialogue_row AS r
     WHERE (nullif(dialogue_list.ward, '') IS NULL OR r.ward_code = dialogue_list.ward)
       AND (dialogue_list.from_date IS NULL OR r.held_on_date >= dialogue_list.from_date)
       AND (dialogue_list.to_date IS NULL OR r.held_on_date <= dialogue_list.to_date)
     ORDER BY r.ward_code, r.held_on_date, r.title, r.id
     LIMIT nullif(dialogue_list."limit", 0);
END;

-- ------------------------------------------------------------------ analyst views
-- security_invoker: the reader's own privileges and row-level security apply.
CREATE VIEW ansinh.need_v WITH (security_invoker = true) AS
SELECT n.ward_code,
       w.name AS ward_name,
       n.id,
       n.household_id,
       h.code AS household_code,
       h.head_name,
       h.status AS household_status,
       n.person_id,
       p.full_name AS member_name,
       n.kind,
       n.description,
       n.estimated_vnd,
       n.surveyed_on,
       n.dialogue_id,
       n.status,
       n.status_on,
       (SELECT min(e.event_on) FROM ansinh.need_event AS e
         WHERE e.ward_code = n.ward_code AND e.need_id = n.id AND e.status = 'verified') AS verified_on,
       (SELECT min(e.event_on) FROM ansinh.need_event AS e
         WHERE e.ward_code = n.ward_code AND e.need_id = n.id AND e.status = 'approved') AS approved_on,
       coalesce((SELECT sum(s.amount_vnd) FROM ansinh.support AS s
                  WHERE s.ward_code = n.ward_code
                    AND (s.need_id = n.id
                         OR s.reverses_id IN (SELECT o.id FROM ansinh.support AS o
                                               WHERE o.ward_code = n.ward_code AND o.need_id = n.id))), 0)::bigint
           AS funded_vnd,
       n.created_at,
       n.updated_at
  FROM ansinh.need AS n
  JOIN ansinh.ward AS w ON w.code = n.ward_code
  JOIN ansinh.household AS h ON h.ward_code = n.ward_code AND h.id = n.household_id
  LEFT JOIN ansinh.person AS p ON p.ward_code = n.ward_code AND p.id = n.person_id;

COMMENT ON VIEW ansinh.need_v IS
    'Needs with their ward, household and member names, the dates they were verified and approved, and the net support that fulfilled them: start here.';
COMMENT ON COLUMN ansinh.need_v.ward_code IS 'Ward code, e.g. AK';
COMMENT ON COLUMN ansinh.need_v.ward_name IS 'Ward name, e.g. An Khê';
COMMENT ON COLUMN ansinh.need_v.id IS 'Need id';
COMMENT ON COLUMN ansinh.need_v.household_id IS 'Household id';
COMMENT ON COLUMN ansinh.need_v.household_code IS 'The ward''s code for the household';
COMMENT ON COLUMN ansinh.need_v.head_name IS 'Name of the head of household';
COMMENT ON COLUMN ansinh.need_v.household_status IS 'The household''s current poverty status: poor, near-poor, none';
COMMENT ON COLUMN ansinh.need_v.person_id IS 'For a personal need: the member''s id';
COMMENT ON COLUMN ansinh.need_v.member_name IS 'For a personal need: the member''s name';
COMMENT ON COLUMN ansinh.need_v.kind IS 'livelihood-equipment, house-new, house-repair, assistive-device, orthopaedic-aid, job, vocational-training, other';
COMMENT ON COLUMN ansinh.need_v.description IS 'What is needed';
COMMENT ON COLUMN ansinh.need_v.estimated_vnd IS 'Estimated cost in VND; NULL if not estimated';
COMMENT ON COLUMN ansinh.need_v.surveyed_on IS 'Date of the survey';
COMMENT ON COLUMN ansinh.need_v.dialogue_id IS 'The dialogue where it was raised, if any';
COMMENT ON COLUMN ansinh.need_v.status IS 'registered, verified, approved, fulfilled, rejected, withdrawn';
COMMENT ON COLUMN ansinh.need_v.status_on IS 'Date of the latest step';
COMMENT ON COLUMN ansinh.need_v.verified_on IS 'Date it was verified (re-checked); NULL if not yet';
COMMENT ON COLUMN ansinh.need_v.approved_on IS 'Date it was first approved; NULL if not yet';
COMMENT ON COLUMN ansinh.need_v.funded_vnd IS 'Net VND of the support entries that name it (reversals subtracted)';
COMMENT ON COLUMN ansinh.need_v.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.need_v.updated_at IS 'When the record was last changed';

CREATE VIEW ansinh.support_v WITH (security_invoker = true) AS
SELECT s.ward_code,
       w.name AS ward_name,
       s.id,
       s.household_id,
       h.code AS household_code,
       h.head_name,
       h.policy AS household_policy,
       h.special_difficulty AS household_special_difficulty,
       s.person_id,
       p.full_name AS member_name,
       s.kind,
       s.description,
       s.amount_vnd,
       s.given_on,
       date_trunc('quarter', s.given_on)::date AS quarter,
       s.fund_code,
       f.name AS fund_name,
       s.organization_id,
       o.name AS organization_name,
       o.kind AS organization_kind,
       s.need_id,
       s.reverses_id,
       r.id AS reversed_by_id,
       s.reason,
       (s.reverses_id IS NOT NULL) AS is_reversal,
       (r.id IS NOT NULL) AS is_reversed,
       s.recorded_at,
       s.recorded_by
  FROM ansinh.support AS s
  JOIN ansinh.ward AS w ON w.code = s.ward_code
  JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
  LEFT JOIN ansinh.person AS p ON p.ward_code = s.ward_code AND p.id = s.person_id
  LEFT JOIN ansinh.fund AS f ON f.code = s.fund_code
  LEFT JOIN ansinh.organization AS o ON o.id = s.organization_id
  LEFT JOIN ansinh.support AS r ON r.ward_code = s.ward_code AND r.reverses_id = s.id;

COMMENT ON VIEW ansinh.support_v IS
    'Support entries with ward, household, member, fund and organization names joined in, and whether each is a reversal or has been reversed. sum(amount_vnd) over any selection gives the net amount: start here.';
COMMENT ON COLUMN ansinh.support_v.ward_code IS 'Ward code, e.g. AK';
COMMENT ON COLUMN ansinh.support_v.ward_name IS 'Ward name';
COMMENT ON COLUMN ansinh.support_v.id IS 'Entry id';
COMMENT ON COLUMN ansinh.support_v.household_id IS 'Recipient household id';
COMMENT ON COLUMN ansinh.support_v.household_code IS 'The ward''s code for the household';
COMMENT ON COLUMN ansinh.support_v.head_name IS 'Name of the head of household';
COMMENT ON COLUMN ansinh.support_v.household_policy IS 'The household is a policy household (hộ chính sách)';
COMMENT ON COLUMN ansinh.support_v.household_special_difficulty IS 'The household is in especially difficult circumstances';
COMMENT ON COLUMN ansinh.support_v.person_id IS 'For personal support: the member''s id';
COMMENT ON COLUMN ansinh.support_v.member_name IS 'For personal support: the member''s name';
COMMENT ON COLUMN ansinh.support_v.kind IS 'Kind of support';
COMMENT ON COLUMN ansinh.support_v.description IS 'What was given';
COMMENT ON COLUMN ansinh.support_v.amount_vnd IS 'Amount in VND; negative on a reversing entry';
COMMENT ON COLUMN ansinh.support_v.given_on IS 'Date given (reversing entry: date of the correction)';
COMMENT ON COLUMN ansinh.support_v.quarter IS 'First day of the quarter of given_on, for quarterly reports';
COMMENT ON COLUMN ansinh.support_v.fund_code IS 'Fund code, if paid from a fund';
COMMENT ON COLUMN ansinh.support_v.fund_name IS 'Fund name';
COMMENT ON COLUMN ansinh.support_v.organization_id IS 'Sponsoring organization id, if any';
COMMENT ON COLUMN ansinh.support_v.organization_name IS 'Sponsoring organization name';
COMMENT ON COLUMN ansinh.support_v.organization_kind IS 'Sponsoring organization kind';
COMMENT ON COLUMN ansinh.support_v.need_id IS 'The need it fulfilled, if any';
COMMENT ON COLUMN ansinh.support_v.reverses_id IS 'On a reversing entry: the entry it reverses';
COMMENT ON COLUMN ansinh.support_v.reversed_by_id IS 'On a reversed entry: the reversing entry';
COMMENT ON COLUMN ansinh.support_v.reason IS 'On a reversing entry: why';
COMMENT ON COLUMN ansinh.support_v.is_reversal IS 'This entry is a reversing entry';
COMMENT ON COLUMN ansinh.support_v.is_reversed IS 'This entry has been reversed';
COMMENT ON COLUMN ansinh.support_v.recorded_at IS 'When the entry was recorded';
COMMENT ON COLUMN ansinh.support_v.recorded_by IS 'Who recorded it';

-- ------------------------------------------------------------------ comments on the API

COMMENT ON FUNCTION ansinh_api.fund_create(uuid, text, text) IS
    'District only: adds a fund (code, name); idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.fund_list() IS 'Every fund, oldest first';
COMMENT ON FUNCTION ansinh_api.organization_create(uuid, uuid, text, text, text) IS
    'Adds an organization: a ward session for its own ward, a district session for any ward or none; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.organization_list(text, text) IS
    'Organizations by kind and ward (NULL/'''': any), district-wide ones first, then by name';
COMMENT ON FUNCTION ansinh_api.need_create(uuid, uuid, text, uuid, text, uuid, text, text, bigint, date, uuid, text) IS
    'Registers a need of a household (by id, or ward + code), optionally of one member and raised at a dialogue; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.need_transition(uuid, uuid, text, text, date, text) IS
    'One lifecycle step of a need: verify, approve, reject (district only) or withdraw; FAILED_PRECONDITION (9) names the current state when the step is not possible';
COMMENT ON FUNCTION ansinh_api.need_get(text, uuid) IS 'A need by id';
COMMENT ON FUNCTION ansinh_api.need_history(text, uuid) IS 'The steps of a need, oldest first';
COMMENT ON FUNCTION ansinh_api.need_list(text, uuid, text, text, text, integer, integer) IS
    'Needs by ward, household (id or code), status and kind (NULL/'''': any)';
COMMENT ON FUNCTION ansinh_api.support_create(uuid, uuid, text, uuid, text, uuid, text, text, bigint, date, text, uuid, text, uuid) IS
    'Records support given; a named need (approved, same household) becomes fulfilled in the same transaction; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.support_reverse(uuid, uuid, text, uuid, text, date) IS
    'Records the reversing entry of a support entry (once; never of a reversal); a need it fulfilled is approved again';
COMMENT ON FUNCTION ansinh_api.support_get(text, uuid) IS 'A support entry by id';
COMMENT ON FUNCTION ansinh_api.support_list(text, uuid, text, text, uuid, text, date, date, integer, integer) IS
    'Support entries by ward, household, fund, organization (id or name) and date range, oldest first';
COMMENT ON FUNCTION ansinh_api.support_totals(text, uuid, text, text, uuid, text, date, date) IS
    'Entries, given, reversed and net VND over what support_list matches; problem names a filter that matches nothing that exists';
COMMENT ON FUNCTION ansinh_api.dialogue_create(uuid, uuid, text, date, text, text, uuid[], text[]) IS
    'Records a dialogue and the households attending (by ids and/or codes); idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.dialogue_list(text, date, date, integer) IS
    'Dialogues by ward and date range, with attending household codes and the number of needs raised';

-- ------------------------------------------------------------------ privileges
-- No DELETE or TRUNCATE for anyone; UPDATE only on need's lifecycle columns.
REVOKE ALL ON ansinh.fund, ansinh.organization, ansinh.reference_audit_event, ansinh.reference_request_log,
              ansinh.dialogue, ansinh.dialogue_household, ansinh.need, ansinh.need_event, ansinh.support,
              ansinh.need_v, ansinh.support_v
  FROM PUBLIC;

GRANT SELECT ON ansinh.fund, ansinh.organization TO ansinh_daemon, ansinh_analyst;
GRANT INSERT ON ansinh.fund, ansinh.organization TO ansinh_daemon;
GRANT SELECT, INSERT ON ansinh.reference_audit_event, ansinh.reference_request_log,
                        ansinh.dialogue, ansinh.dialogue_household, ansinh.need_event, ansinh.support
  TO ansinh_daemon;
GRANT SELECT, INSERT, UPDATE (status, status_on) ON ansinh.need TO ansinh_daemon;
GRANT SELECT ON ansinh.need_v, ansinh.support_v TO ansinh_daemon;

GRANT SELECT ON ansinh.reference_audit_event, ansinh.reference_request_log,
                ansinh.dialogue, ansinh.dialogue_household, ansinh.need, ansinh.need_event, ansinh.support,
                ansinh.need_v, ansinh.support_v
  TO ansinh_analyst;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh_api FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ansinh_api TO ansinh_daemon;
GRANT SELECT ON ansinh_api.fund_row, ansinh_api.organization_row, ansinh_api.need_row,
                ansinh_api.support_row, ansinh_api.dialogue_row
  TO ansinh_daemon;

REVOKE ALL ON FUNCTION
    ansinh.is_clean_line(text, integer),
    ansinh.is_clean_text(text, integer),
    ansinh.audit_reference_row(),
    ansinh.support_check(),
    ansinh.need_live_support(text, uuid),
    ansinh.need_guard(),
    ansinh.need_start(),
    ansinh.start_reference_write(uuid, text),
    ansinh.log_reference_request(uuid, text, text, ansinh_api.outcome),
    ansinh.line_problem(text, text, integer, boolean),
    ansinh.text_problem(text, text, integer),
    ansinh.past_date_problem(text, date),
    ansinh.clean_text(text),
    ansinh.organization_ref(uuid, text),
    ansinh.household_for_write(text, uuid, text),
    ansinh.household_missing(text, uuid, text, uuid),
    ansinh.member_problem_in(text, ansinh.household, uuid, text),
    ansinh.need_problem(text, text, bigint, date, text),
    ansinh.support_problem(text, text, bigint, date)
  FROM PUBLIC;

-- CHECK constraints call these: whoever writes the tables needs them.
GRANT EXECUTE ON FUNCTION ansinh.is_clean_line(text, integer), ansinh.is_clean_text(text, integer)
  TO ansinh_daemon, ansinh_analyst;
-- Triggers and the API functions run as the daemon.
GRANT EXECUTE ON FUNCTION
    ansinh.audit_reference_row(),
    ansinh.support_check(),
    ansinh.need_live_support(text, uuid),
    ansinh.need_guard(),
    ansinh.need_start(),
    ansinh.start_reference_write(uuid, text),
    ansinh.log_reference_request(uuid, text, text, ansinh_api.outcome),
    ansinh.line_problem(text, text, integer, boolean),
    ansinh.text_problem(text, text, integer),
    ansinh.past_date_problem(text, date),
    ansinh.clean_text(text),
    ansinh.organization_ref(uuid, text),
    ansinh.household_for_write(text, uuid, text),
    ansinh.household_missing(text, uuid, text, uuid),
    ansinh.member_problem_in(text, ansinh.household, uuid, text),
    ansinh.need_problem(text, text, bigint, date, text),
    ansinh.support_problem(text, text, bigint, date)
  TO ansinh_daemon;

-- ==========================================================================
-- 7. community work: programmes and their sessions, sponsorship
-- pairings, employment (job weeks and employment events), yearly targets.
--
-- Conventions as in parts 3–5: ward-scoped tables have ward_code NOT NULL,
-- primary key (ward_code, id) and foreign keys that include ward_code; words
-- are lower-case English with a CHECK listing every one; text limits follow
-- proto/rules.h; the write functions return ansinh_api.outcome and never
-- raise for a problem of the request; everything is SECURITY INVOKER, so
-- row-level security applies to the daemon.
--
-- Records of the district as a whole. Two kinds of record here belong to no
-- ward: district-wide programmes (organised for the whole district) and
-- district targets. They keep ward_code NULL, meaning "the district"; no
-- eleventh ward is invented for them (ansinh.ward keeps the ten real ones).
-- Every session may read them; only a district session may write them.
-- ansinh.request_log and ansinh.audit_event are keyed by ward (ward_code NOT
-- NULL REFERENCES ansinh.ward), so the writes of these records are kept in
-- two tables of the same shape without the ward: district_request_log (the
-- idempotency log) and district_audit_event (the audit trail, written by the
-- trigger ansinh.audit_district_row). Every record that has a ward — ward
-- programmes, ward targets, sessions, pairings, job weeks, employment events —
-- is logged and audited in request_log and audit_event as always. Target
-- values are in addition kept, every one ever set, in target_history.

-- ------------------------------------------------------------------ helpers

-- Row-level security for tables whose ward_code may be NULL ("the district
-- as a whole"): district rows are read by every session and written by
-- district sessions only; ward rows follow the usual rule.
CREATE FUNCTION ansinh.context_may_read_scope(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN ward_code IS NULL
                THEN coalesce(ansinh.context_role() IN ('ward', 'district', 'auditor'), false)
                ELSE ansinh.context_may_read(ward_code) END;

CREATE FUNCTION ansinh.context_may_write_scope(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN ward_code IS NULL
                THEN coalesce(ansinh.context_role() = 'district', false)
                ELSE ansinh.context_may_write(ward_code) END;

COMMENT ON FUNCTION ansinh.context_may_read_scope(text) IS
    'Row-level security: may the current request read a record of this ward (NULL: of the district as a whole, readable by every session)?';
COMMENT ON FUNCTION ansinh.context_may_write_scope(text) IS
    'Row-level security: may the current request write a record of this ward (NULL: of the district as a whole, district sessions only)?';

-- One line of text as stored: non-empty, at most max_chars characters, NFC,
-- single spaces, trimmed, no control characters (ansinh.clean_name's form).
CREATE FUNCTION ansinh.is_clean_label(t text, max_chars integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t <> '' AND pg_catalog.char_length(t) <= max_chars AND t IS NFC NORMALIZED
           AND t = ansinh.clean_name(t) AND t !~ '[[:cntrl:]]';

-- A note as stored: non-empty, at most max_chars characters, NFC, trimmed;
-- line breaks and tabs allowed, no other control character.
CREATE FUNCTION ansinh.is_clean_note(t text, max_chars integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN t <> '' AND pg_catalog.char_length(t) <= max_chars AND t IS NFC NORMALIZED
           AND t = pg_catalog.btrim(t, E' \t\n') AND t !~ '[\x01-\x08\x0b-\x1f\x7f-\x9f]';

-- The stored form of a note: NFC, trimmed; empty becomes NULL.
CREATE FUNCTION ansinh.clean_note(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN nullif(pg_catalog.btrim(normalize(t, NFC), E' \t\n'), '');

COMMENT ON FUNCTION ansinh.is_clean_label(text, integer) IS
    'CHECK helper: one line of text in its stored form (NFC, single spaces, trimmed, no control characters), 1..max_chars characters';
COMMENT ON FUNCTION ansinh.is_clean_note(text, integer) IS
    'CHECK helper: a note in its stored form (NFC, trimmed, line breaks and tabs allowed), 1..max_chars characters';
COMMENT ON FUNCTION ansinh.clean_note(text) IS
    'The stored form of a note: NFC, trimmed; empty becomes NULL';

-- The sentence for a text value that breaks its rule, or NULL. label names
-- the field as the user knows it ("programme name").
CREATE FUNCTION ansinh.text_problem(label text, t text, max_chars integer, required boolean, multiline boolean)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN t IS NULL OR t = '' THEN
        CASE WHEN required THEN label || ' is required' END
    WHEN pg_catalog.char_length(t) > max_chars THEN
        pg_catalog.format('%s is longer than %s characters', label, max_chars)
    WHEN NOT multiline AND t ~ '[[:cntrl:]]' THEN
        label || ' must not contain control characters'
    WHEN t ~ '[\x01-\x08\x0b-\x1f\x7f-\x9f]' THEN
        label || ' must not contain control characters'
END;

-- The sentence for a date out of range (or in the future when that is not
-- allowed), or NULL.
CREATE FUNCTION ansinh.date_problem(label text, d date, future_allowed boolean)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN d < '1900-01-01' THEN pg_catalog.format('%s %s is before 1900-01-01', label, ansinh.iso_date(d))
    WHEN d > '2100-12-31' THEN pg_catalog.format('%s %s is after 2100-12-31', label, ansinh.iso_date(d))
    WHEN NOT future_allowed AND d > ansinh.today() THEN
        pg_catalog.format('%s %s is in the future', label, ansinh.iso_date(d))
END;

COMMENT ON FUNCTION ansinh.text_problem(text, text, integer, boolean, boolean) IS
    'The sentence for a text value that breaks its rule (required, length, control characters), or NULL';
COMMENT ON FUNCTION ansinh.date_problem(text, date, boolean) IS
    'The sentence for a date before 1900, after 2100, or in the future when not allowed, or NULL';

-- ------------------------------------------------------------------ records of the district as a whole
CREATE TABLE ansinh.district_request_log (
    request_id  uuid        PRIMARY KEY,
    operation   text        NOT NULL
        CONSTRAINT district_request_log_operation_word CHECK (operation ~ '^[a-z_]+$'),
    code        integer     NOT NULL
        CONSTRAINT district_request_log_code_ok CHECK (code = 0),
    message     text        NOT NULL,
    record_id   uuid        NOT NULL,
    actor       text        NOT NULL,
    token_id    uuid,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER district_request_log_append_only
    BEFORE UPDATE OR DELETE ON ansinh.district_request_log
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER district_request_log_no_truncate
    BEFORE TRUNCATE ON ansinh.district_request_log
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.district_request_log IS
    'Idempotency log of the writes of records that belong to no ward (district-wide programmes, district targets): request_log without the ward, which request_log requires. Append-only.';
COMMENT ON COLUMN ansinh.district_request_log.request_id IS 'UUID the client chose for this logical write, kept across retries';
COMMENT ON COLUMN ansinh.district_request_log.operation IS 'The ansinh_api function, e.g. programme_create';
COMMENT ON COLUMN ansinh.district_request_log.code IS 'Outcome status code (always 0 = OK: only successes are stored)';
COMMENT ON COLUMN ansinh.district_request_log.message IS 'Outcome message returned to the client';
COMMENT ON COLUMN ansinh.district_request_log.record_id IS 'Id of the record created or changed';
COMMENT ON COLUMN ansinh.district_request_log.actor IS 'Name of the token that made the request';
COMMENT ON COLUMN ansinh.district_request_log.token_id IS 'Id of the token that made the request (ansinh.api_token.id)';
COMMENT ON COLUMN ansinh.district_request_log.recorded_at IS 'Time of the transaction that applied the request';

CREATE TABLE ansinh.district_audit_event (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    token_id    uuid,
    role        text
        CONSTRAINT district_audit_event_role_word CHECK (role IN ('ward', 'district', 'auditor')),
    db_user     text        NOT NULL DEFAULT session_user,
    table_name  text        NOT NULL,
    action      text        NOT NULL
        CONSTRAINT district_audit_event_action_word CHECK (action IN ('insert', 'update')),
    record_id   uuid        NOT NULL,
    request_id  uuid,
    changed     text[],
    row_data    jsonb       NOT NULL,
    xact        xid8        NOT NULL DEFAULT pg_catalog.pg_current_xact_id()
);

CREATE INDEX district_audit_event_record_idx ON ansinh.district_audit_event (record_id);
CREATE INDEX district_audit_event_recorded_at_idx ON ansinh.district_audit_event (recorded_at);
CREATE INDEX district_audit_event_xact_idx ON ansinh.district_audit_event (xact);

CREATE TRIGGER district_audit_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.district_audit_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER district_audit_event_no_truncate
    BEFORE TRUNCATE ON ansinh.district_audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.district_audit_event IS
    'Audit trail of the records that belong to no ward (district-wide programmes, district targets and their history): audit_event without the ward, which audit_event requires — who, with which token, in which role, when, and the row as written. Append-only.';
COMMENT ON COLUMN ansinh.district_audit_event.id IS 'Event number; increases with time';
COMMENT ON COLUMN ansinh.district_audit_event.recorded_at IS 'Time of the transaction that wrote the record';
COMMENT ON COLUMN ansinh.district_audit_event.actor IS 'Name of the token (ansinh.actor), or the database user for direct SQL';
COMMENT ON COLUMN ansinh.district_audit_event.token_id IS 'Id of the token (ansinh.api_token.id); NULL for direct SQL';
COMMENT ON COLUMN ansinh.district_audit_event.role IS 'Role of the request: ward, district or auditor; NULL for direct SQL without a context';
COMMENT ON COLUMN ansinh.district_audit_event.db_user IS 'PostgreSQL user of the session that wrote (e.g. ansinhd)';
COMMENT ON COLUMN ansinh.district_audit_event.table_name IS 'Table of the record, e.g. programme, target';
COMMENT ON COLUMN ansinh.district_audit_event.action IS 'insert or update';
COMMENT ON COLUMN ansinh.district_audit_event.record_id IS 'Id of the record (for a target-history row: the target''s id)';
COMMENT ON COLUMN ansinh.district_audit_event.request_id IS 'request_id of the client request, when written through the daemon';
COMMENT ON COLUMN ansinh.district_audit_event.changed IS 'For an update: the columns whose value changed';
COMMENT ON COLUMN ansinh.district_audit_event.row_data IS 'The row as written (after the insert or update), as JSON';
COMMENT ON COLUMN ansinh.district_audit_event.xact IS
    'Id of the transaction that wrote the event (pg_current_xact_id()): lets a seal find the events committed since the previous one';

-- The audit trigger of rows without a ward: ansinh.audit_row's twin, writing
-- to district_audit_event. Attach it WHEN (NEW.ward_code IS NULL) beside
-- audit_row WHEN (NEW.ward_code IS NOT NULL).
CREATE FUNCTION ansinh.audit_district_row() RETURNS trigger
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

    INSERT INTO ansinh.district_audit_event
           (actor, token_id, role, table_name, action, record_id, request_id, changed, row_data)
    VALUES (coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
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

COMMENT ON FUNCTION ansinh.audit_district_row() IS
    'Trigger: writes an ansinh.district_audit_event row for each inserted or changed record of the district as a whole (ward_code NULL)';

-- The start of a write that may concern a record of the district as a whole:
-- ansinh.start_write, then the same replay check against
-- district_request_log.
CREATE FUNCTION ansinh.start_write_scoped(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    result ansinh_api.outcome;
    logged ansinh.district_request_log;
BEGIN
    result := ansinh.start_write(request_id, operation);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    SELECT * INTO logged
      FROM ansinh.district_request_log AS l
     WHERE l.request_id = start_write_scoped.request_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF logged.operation <> operation THEN
        RETURN ansinh.failed_precondition(
            format('request ID %s was already used for %s', request_id, logged.operation),
            NULL, NULL);
    END IF;
    RETURN ROW(logged.code, logged.message, logged.record_id, NULL, true)::ansinh_api.outcome;
END
$$;

-- Records a successful write: in request_log when its record has a ward,
-- else in district_request_log. Returns the outcome.
CREATE FUNCTION ansinh.log_request_scoped(request_id uuid, operation text, result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF result.ward_code IS NOT NULL THEN
        RETURN ansinh.log_request(request_id, operation, result);
    END IF;
    INSERT INTO ansinh.district_request_log (request_id, operation, code, message, record_id, actor, token_id)
    VALUES (request_id, operation, result.code, result.message, result.id,
            coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
            nullif(current_setting('ansinh.token_id', true), '')::uuid);
    RETURN result;
END
$$;

COMMENT ON FUNCTION ansinh.start_write_scoped(uuid, text) IS
    'ansinh.start_write, also replaying request IDs recorded in district_request_log';
COMMENT ON FUNCTION ansinh.log_request_scoped(uuid, text, ansinh_api.outcome) IS
    'Records a successful write in request_log (record with a ward) or district_request_log (record of the district as a whole)';

-- ------------------------------------------------------------------ programmes
CREATE TABLE ansinh.programme (
    id              uuid        PRIMARY KEY,
    ward_code       text        REFERENCES ansinh.ward (code),
    name            text        NOT NULL
        CONSTRAINT programme_name_text CHECK (ansinh.is_clean_label(name, 200)),
    name_folded     text        NOT NULL GENERATED ALWAYS AS (ansinh.fold(name)) STORED,
    organization_id uuid        NOT NULL REFERENCES ansinh.organization (id),
    kind            text        NOT NULL
        CONSTRAINT programme_kind_word CHECK (kind IN
            ('produce-market', 'bread-cabinet', 'free-meals', 'gift-distribution',
             'scholarship', 'health-check', 'other')),
    schedule        text
        CONSTRAINT programme_schedule_text CHECK (ansinh.is_clean_label(schedule, 500)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT programme_name_key UNIQUE NULLS NOT DISTINCT (ward_code, name)
);

CREATE INDEX programme_ward_idx ON ansinh.programme (ward_code);
CREATE INDEX programme_organization_idx ON ansinh.programme (organization_id);

CREATE TRIGGER programme_audit
    AFTER INSERT OR UPDATE ON ansinh.programme
    FOR EACH ROW WHEN (NEW.ward_code IS NOT NULL) EXECUTE FUNCTION ansinh.audit_row();
CREATE TRIGGER programme_audit_district
    AFTER INSERT OR UPDATE ON ansinh.programme
    FOR EACH ROW WHEN (NEW.ward_code IS NULL) EXECUTE FUNCTION ansinh.audit_district_row();

COMMENT ON TABLE ansinh.programme IS
    'Community programmes run by organizations, e.g. the Women''s Union''s monthly "0-đồng produce market", a school''s "1,000-đồng bread cabinet". A programme belongs to a ward, or (ward_code NULL) to the district as a whole; its sessions are in programme_session. Audited in audit_event (ward programmes) or district_audit_event (district-wide ones).';
COMMENT ON COLUMN ansinh.programme.id IS 'Programme id (UUIDv7 chosen by the client that created it)';
COMMENT ON COLUMN ansinh.programme.ward_code IS 'Ward that runs the programme; NULL: district-wide (its sessions are held in the wards)';
COMMENT ON COLUMN ansinh.programme.name IS 'Name of the programme, unique within its ward (or among district-wide programmes)';
COMMENT ON COLUMN ansinh.programme.name_folded IS 'name in lower case without diacritics, for search';
COMMENT ON COLUMN ansinh.programme.organization_id IS 'The organizing organization (ansinh.organization.id)';
COMMENT ON COLUMN ansinh.programme.kind IS 'produce-market (chợ 0 đồng), bread-cabinet (tủ bánh mì), free-meals, gift-distribution, scholarship, health-check or other';
COMMENT ON COLUMN ansinh.programme.schedule IS 'When it runs, free text, e.g. "monthly, in each residential area"; NULL if not recorded';
COMMENT ON COLUMN ansinh.programme.created_at IS 'When the record was created';

-- ------------------------------------------------------------------ programme sessions
CREATE TABLE ansinh.programme_session (
    ward_code         text        NOT NULL REFERENCES ansinh.ward (code),
    id                uuid        NOT NULL,
    programme_id      uuid        NOT NULL REFERENCES ansinh.programme (id),
    held_on           date        NOT NULL
        CONSTRAINT programme_session_held_on_range CHECK (held_on BETWEEN '1900-01-01' AND '2100-12-31'),
    residential_group smallint
        CONSTRAINT programme_session_residential_group_range CHECK (residential_group BETWEEN 1 AND 999),
    beneficiaries     integer
        CONSTRAINT programme_session_beneficiaries_range CHECK (beneficiaries BETWEEN 0 AND 1000000),
    note              text
        CONSTRAINT programme_session_note_text CHECK (ansinh.is_clean_note(note, 4000)),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id)
);

CREATE INDEX programme_session_programme_idx ON ansinh.programme_session (programme_id, held_on);
CREATE INDEX programme_session_held_on_idx ON ansinh.programme_session (ward_code, held_on);

CREATE TABLE ansinh.programme_session_goods (
    ward_code  text    NOT NULL,
    id         bigint  GENERATED ALWAYS AS IDENTITY,
    session_id uuid    NOT NULL,
    line       smallint NOT NULL
        CONSTRAINT programme_session_goods_line_range CHECK (line BETWEEN 1 AND 100),
    item       text    NOT NULL
        CONSTRAINT programme_session_goods_item_text CHECK (ansinh.is_clean_label(item, 200)),
    quantity   numeric(13, 3) NOT NULL
        CONSTRAINT programme_session_goods_quantity_range CHECK (quantity > 0 AND quantity <= 1000000000),
    unit       text    NOT NULL
        CONSTRAINT programme_session_goods_unit_text CHECK (ansinh.is_clean_label(unit, 32)),
    value_vnd  bigint  NOT NULL
        CONSTRAINT programme_session_goods_value_range CHECK (value_vnd BETWEEN 0 AND 1000000000000),
    PRIMARY KEY (ward_code, id),
    CONSTRAINT programme_session_goods_line_key UNIQUE (ward_code, session_id, line),
    FOREIGN KEY (ward_code, session_id) REFERENCES ansinh.programme_session (ward_code, id)
);

CREATE TABLE ansinh.programme_session_household (
    ward_code    text   NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    session_id   uuid   NOT NULL,
    household_id uuid   NOT NULL,
    PRIMARY KEY (ward_code, id),
    CONSTRAINT programme_session_household_key UNIQUE (ward_code, session_id, household_id),
    FOREIGN KEY (ward_code, session_id) REFERENCES ansinh.programme_session (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id)
);

CREATE INDEX programme_session_household_household_idx
    ON ansinh.programme_session_household (ward_code, household_id);

CREATE TABLE ansinh.programme_session_donor (
    ward_code       text   NOT NULL,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    session_id      uuid   NOT NULL,
    organization_id uuid   NOT NULL REFERENCES ansinh.organization (id),
    PRIMARY KEY (ward_code, id),
    CONSTRAINT programme_session_donor_key UNIQUE (ward_code, session_id, organization_id),
    FOREIGN KEY (ward_code, session_id) REFERENCES ansinh.programme_session (ward_code, id)
);

CREATE INDEX programme_session_donor_organization_idx
    ON ansinh.programme_session_donor (organization_id);

-- A session belongs to its programme's ward (any ward, for a district-wide
-- programme), and its beneficiaries are at least the households listed.
CREATE FUNCTION ansinh.programme_session_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
DECLARE
    programme_ward text;
    session_beneficiaries integer;
    v_session uuid;
    listed integer;
BEGIN
    IF TG_TABLE_NAME = 'programme_session' THEN
        v_session := NEW.id;
        -- Under row-level security the writer sees its own ward's and the
        -- district-wide programmes only: another ward's is not found.
        SELECT p.ward_code INTO programme_ward FROM ansinh.programme AS p WHERE p.id = NEW.programme_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'programme % is not visible to this session', NEW.programme_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_session_programme_ward';
        END IF;
        IF programme_ward IS DISTINCT FROM NEW.ward_code AND programme_ward IS NOT NULL THEN
            RAISE EXCEPTION 'a session of a programme of ward % cannot be held in ward %', programme_ward, NEW.ward_code
                USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_session_programme_ward';
        END IF;
        session_beneficiaries := NEW.beneficiaries;
    ELSE
        v_session := NEW.session_id;
        SELECT s.beneficiaries INTO session_beneficiaries
          FROM ansinh.programme_session AS s
         WHERE s.ward_code = NEW.ward_code AND s.id = v_session;
    END IF;
    SELECT count(*) INTO listed
      FROM ansinh.programme_session_household AS h
     WHERE h.ward_code = NEW.ward_code
       AND h.session_id = v_session;
    IF listed > 0 AND (session_beneficiaries IS NULL OR session_beneficiaries < listed) THEN
        RAISE EXCEPTION 'a session lists % households but has % beneficiaries', listed, coalesce(session_beneficiaries::text, 'no')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_session_beneficiaries_households';
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ansinh.programme_session_check() IS
    'Constraint trigger: a session is held in its programme''s ward (any ward for a district-wide programme) and has at least as many beneficiaries as households listed';

CREATE CONSTRAINT TRIGGER programme_session_check
    AFTER INSERT OR UPDATE ON ansinh.programme_session
    FOR EACH ROW EXECUTE FUNCTION ansinh.programme_session_check();
CREATE CONSTRAINT TRIGGER programme_session_household_check
    AFTER INSERT OR UPDATE ON ansinh.programme_session_household
    FOR EACH ROW EXECUTE FUNCTION ansinh.programme_session_check();

CREATE TRIGGER programme_session_audit
    AFTER INSERT OR UPDATE ON ansinh.programme_session
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();
CREATE TRIGGER programme_session_goods_audit
    AFTER INSERT OR UPDATE ON ansinh.programme_session_goods
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row('session_id');
CREATE TRIGGER programme_session_household_audit
    AFTER INSERT OR UPDATE ON ansinh.programme_session_household
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row('session_id');
CREATE TRIGGER programme_session_donor_audit
    AFTER INSERT OR UPDATE ON ansinh.programme_session_donor
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row('session_id');

COMMENT ON TABLE ansinh.programme_session IS
    'One session of a programme: a date, a residential group, the number of beneficiaries; its goods, households and donors are in programme_session_goods, programme_session_household and programme_session_donor.';
COMMENT ON COLUMN ansinh.programme_session.ward_code IS 'Ward where the session was held: the programme''s ward, or any ward for a district-wide programme';
COMMENT ON COLUMN ansinh.programme_session.id IS 'Session id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.programme_session.programme_id IS 'The programme (ansinh.programme.id)';
COMMENT ON COLUMN ansinh.programme_session.held_on IS 'Date of the session';
COMMENT ON COLUMN ansinh.programme_session.residential_group IS 'Residential group (tổ dân phố) where it was held, 1–999; NULL if not recorded';
COMMENT ON COLUMN ansinh.programme_session.beneficiaries IS 'Number of people or households served; at least the number of households listed; NULL if not recorded';
COMMENT ON COLUMN ansinh.programme_session.note IS 'Free-text note; NULL if none';
COMMENT ON COLUMN ansinh.programme_session.created_at IS 'When the record was created';

COMMENT ON TABLE ansinh.programme_session_goods IS
    'Goods given at a session, one row per line: item, quantity, unit and value in VND.';
COMMENT ON COLUMN ansinh.programme_session_goods.ward_code IS 'Ward of the session';
COMMENT ON COLUMN ansinh.programme_session_goods.id IS 'Row number';
COMMENT ON COLUMN ansinh.programme_session_goods.session_id IS 'The session (ansinh.programme_session.id)';
COMMENT ON COLUMN ansinh.programme_session_goods.line IS 'Line number within the session, from 1';
COMMENT ON COLUMN ansinh.programme_session_goods.item IS 'What was given, e.g. eggs, vegetables, bread';
COMMENT ON COLUMN ansinh.programme_session_goods.quantity IS 'How much, in unit (more than 0, up to 3 decimals)';
COMMENT ON COLUMN ansinh.programme_session_goods.unit IS 'Unit of the quantity, e.g. kg, quả, ổ, phần';
COMMENT ON COLUMN ansinh.programme_session_goods.value_vnd IS 'Value of the line in VND (0 when not valued)';

COMMENT ON TABLE ansinh.programme_session_household IS
    'Households served at a session, where known (the session''s beneficiaries may be more).';
COMMENT ON COLUMN ansinh.programme_session_household.ward_code IS 'Ward of the session and the household';
COMMENT ON COLUMN ansinh.programme_session_household.id IS 'Row number';
COMMENT ON COLUMN ansinh.programme_session_household.session_id IS 'The session (ansinh.programme_session.id)';
COMMENT ON COLUMN ansinh.programme_session_household.household_id IS 'The household served (ansinh.household.id)';

COMMENT ON TABLE ansinh.programme_session_donor IS
    'Organizations that donated the goods of a session (e.g. army units 906 and f372).';
COMMENT ON COLUMN ansinh.programme_session_donor.ward_code IS 'Ward of the session';
COMMENT ON COLUMN ansinh.programme_session_donor.id IS 'Row number';
COMMENT ON COLUMN ansinh.programme_session_donor.session_id IS 'The session (ansinh.programme_session.id)';
COMMENT ON COLUMN ansinh.programme_session_donor.organization_id IS 'The donor (ansinh.organization.id)';

-- ------------------------------------------------------------------ sponsorship pairings
CREATE TABLE ansinh.pairing (
    ward_code       text        NOT NULL REFERENCES ansinh.ward (code),
    id              uuid        NOT NULL,
    organization_id uuid        NOT NULL REFERENCES ansinh.organization (id),
    household_id    uuid        NOT NULL,
    year            smallint    NOT NULL
        CONSTRAINT pairing_year_range CHECK (year BETWEEN 2000 AND 2100),
    commitment      text
        CONSTRAINT pairing_commitment_text CHECK (ansinh.is_clean_note(commitment, 4000)),
    signed_on       date        NOT NULL
        CONSTRAINT pairing_signed_on_range CHECK (signed_on BETWEEN '1900-01-01' AND '2100-12-31'),
    ended_on        date,
    end_note        text
        CONSTRAINT pairing_end_note_text CHECK (ansinh.is_clean_note(end_note, 4000)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    CONSTRAINT pairing_ended_after_signed CHECK (ended_on >= signed_on AND ended_on <= '2100-12-31'),
    CONSTRAINT pairing_end_note_when_ended CHECK (end_note IS NULL OR ended_on IS NOT NULL)
);

-- One open pairing per household, organization and year.
CREATE UNIQUE INDEX pairing_open_key ON ansinh.pairing (ward_code, household_id, organization_id, year)
    WHERE ended_on IS NULL;
CREATE INDEX pairing_year_idx ON ansinh.pairing (ward_code, year);
CREATE INDEX pairing_organization_idx ON ansinh.pairing (organization_id);

CREATE TRIGGER pairing_touch
    BEFORE UPDATE ON ansinh.pairing
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER pairing_audit
    AFTER INSERT OR UPDATE ON ansinh.pairing
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.pairing IS
    'Sponsorship pairings (nhận đỡ đầu): an organization signs up to help a household for a year. Open while ended_on is NULL; a household has at most one open pairing per organization and year.';
COMMENT ON COLUMN ansinh.pairing.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.pairing.id IS 'Pairing id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.pairing.organization_id IS 'The sponsor (ansinh.organization.id)';
COMMENT ON COLUMN ansinh.pairing.household_id IS 'The household helped (ansinh.household.id)';
COMMENT ON COLUMN ansinh.pairing.year IS 'The year the commitment is for';
COMMENT ON COLUMN ansinh.pairing.commitment IS 'What the sponsor committed to, free text; NULL if not recorded';
COMMENT ON COLUMN ansinh.pairing.signed_on IS 'Date the pairing was signed';
COMMENT ON COLUMN ansinh.pairing.ended_on IS 'Date the pairing ended (not before signed_on); NULL while it is open';
COMMENT ON COLUMN ansinh.pairing.end_note IS 'Why or how it ended, free text; NULL if none';
COMMENT ON COLUMN ansinh.pairing.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.pairing.updated_at IS 'When the record was last changed';

-- ------------------------------------------------------------------ employment
CREATE TABLE ansinh.job_week (
    ward_code  text        NOT NULL REFERENCES ansinh.ward (code),
    id         uuid        NOT NULL,
    title      text        NOT NULL
        CONSTRAINT job_week_title_text CHECK (ansinh.is_clean_label(title, 200)),
    starts_on  date        NOT NULL
        CONSTRAINT job_week_starts_on_range CHECK (starts_on BETWEEN '1900-01-01' AND '2100-12-31'),
    ends_on    date        NOT NULL
        CONSTRAINT job_week_ends_on_range CHECK (ends_on BETWEEN '1900-01-01' AND '2100-12-31'),
    note       text
        CONSTRAINT job_week_note_text CHECK (ansinh.is_clean_note(note, 4000)),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    CONSTRAINT job_week_ends_after_start CHECK (ends_on >= starts_on)
);

CREATE INDEX job_week_starts_on_idx ON ansinh.job_week (ward_code, starts_on);

CREATE TRIGGER job_week_audit
    AFTER INSERT OR UPDATE ON ansinh.job_week
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.job_week IS
    'Job weeks (tuần lễ việc làm): events hosted in turn by the wards that connect people to jobs and free vocational training. Employment events recorded at one point to it.';
COMMENT ON COLUMN ansinh.job_week.ward_code IS 'The hosting ward';
COMMENT ON COLUMN ansinh.job_week.id IS 'Job week id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.job_week.title IS 'Title, e.g. "Job week, An Khê, March 2023"';
COMMENT ON COLUMN ansinh.job_week.starts_on IS 'First day';
COMMENT ON COLUMN ansinh.job_week.ends_on IS 'Last day (not before starts_on)';
COMMENT ON COLUMN ansinh.job_week.note IS 'Free-text note; NULL if none';
COMMENT ON COLUMN ansinh.job_week.created_at IS 'When the record was created';

CREATE TABLE ansinh.employment_event (
    ward_code   text        NOT NULL REFERENCES ansinh.ward (code),
    id          uuid        NOT NULL,
    kind        text        NOT NULL
        CONSTRAINT employment_event_kind_word CHECK (kind IN
            ('job-placement', 'vocational-training', 'employment-centre-referral', 'labour-export')),
    person_id   uuid,
    person_name text
        CONSTRAINT employment_event_person_name_text CHECK (ansinh.is_clean_label(person_name, 200)),
    person_name_folded text GENERATED ALWAYS AS (ansinh.fold(person_name)) STORED,
    citizen_id  text
        CONSTRAINT employment_event_citizen_id_format CHECK (citizen_id ~ '^[0-9]{12}$'),
    employer    text
        CONSTRAINT employment_event_employer_text CHECK (ansinh.is_clean_label(employer, 200)),
    trade       text
        CONSTRAINT employment_event_trade_text CHECK (ansinh.is_clean_label(trade, 200)),
    occurred_on date        NOT NULL
        CONSTRAINT employment_event_occurred_on_range CHECK (occurred_on BETWEEN '1900-01-01' AND '2100-12-31'),
    job_week_id uuid,
    note        text
        CONSTRAINT employment_event_note_text CHECK (ansinh.is_clean_note(note, 4000)),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, person_id) REFERENCES ansinh.person (ward_code, id),
    FOREIGN KEY (ward_code, job_week_id) REFERENCES ansinh.job_week (ward_code, id),
    CONSTRAINT employment_event_member_or_name CHECK ((person_id IS NULL) <> (person_name IS NULL)),
    CONSTRAINT employment_event_citizen_id_of_named CHECK (citizen_id IS NULL OR person_id IS NULL)
);

CREATE INDEX employment_event_occurred_on_idx ON ansinh.employment_event (ward_code, occurred_on);
CREATE INDEX employment_event_person_idx ON ansinh.employment_event (ward_code, person_id)
    WHERE person_id IS NOT NULL;
CREATE INDEX employment_event_job_week_idx ON ansinh.employment_event (ward_code, job_week_id)
    WHERE job_week_id IS NOT NULL;

CREATE TRIGGER employment_event_audit
    AFTER INSERT OR UPDATE ON ansinh.employment_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.employment_event IS
    'Employment events: a job placement, a registration for (free) vocational training, a referral to the city employment service centre, or labour export — for a member (person_id) or for a person not (yet) recorded as a member (person_name, optional citizen_id).';
COMMENT ON COLUMN ansinh.employment_event.ward_code IS 'Ward that recorded it: the member''s ward, or the job week''s';
COMMENT ON COLUMN ansinh.employment_event.id IS 'Event id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.employment_event.kind IS 'job-placement, vocational-training, employment-centre-referral or labour-export';
COMMENT ON COLUMN ansinh.employment_event.person_id IS 'The member (ansinh.person.id); NULL when the person is named instead';
COMMENT ON COLUMN ansinh.employment_event.person_name IS 'Name of a person who is not a recorded member; NULL for a member';
COMMENT ON COLUMN ansinh.employment_event.person_name_folded IS 'person_name in lower case without diacritics, for search';
COMMENT ON COLUMN ansinh.employment_event.citizen_id IS 'Citizen ID (12 digits) of a named person, if known; NULL for a member (see person.citizen_id)';
COMMENT ON COLUMN ansinh.employment_event.employer IS 'Employer (placement, labour export) or the place referred to; NULL if not recorded';
COMMENT ON COLUMN ansinh.employment_event.trade IS 'Trade or job, e.g. tailoring, welding; NULL if not recorded';
COMMENT ON COLUMN ansinh.employment_event.occurred_on IS 'Date of the placement, registration or referral';
COMMENT ON COLUMN ansinh.employment_event.job_week_id IS 'The job week it came from (ansinh.job_week.id, same ward); NULL if none';
COMMENT ON COLUMN ansinh.employment_event.note IS 'Free-text note; NULL if none';
COMMENT ON COLUMN ansinh.employment_event.created_at IS 'When the record was created';

-- ------------------------------------------------------------------ targets
CREATE TABLE ansinh.target (
    id         uuid        PRIMARY KEY,
    year       smallint    NOT NULL
        CONSTRAINT target_year_range CHECK (year BETWEEN 2000 AND 2100),
    ward_code  text        REFERENCES ansinh.ward (code),
    metric     text        NOT NULL
        CONSTRAINT target_metric_word CHECK (metric IN
            ('poor-exit', 'poor-exit-special', 'poor-exit-central', 'near-poor-exit',
             'livelihood-cases', 'houses-built', 'job-placements', 'vocational-training',
             'referrals', 'pairings')),
    value      bigint      NOT NULL
        CONSTRAINT target_value_range CHECK (value BETWEEN 0 AND 1000000000000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT target_key UNIQUE NULLS NOT DISTINCT (year, ward_code, metric)
);

CREATE TABLE ansinh.target_history (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_id      uuid        NOT NULL REFERENCES ansinh.target (id),
    year           smallint    NOT NULL,
    ward_code      text        REFERENCES ansinh.ward (code),
    metric         text        NOT NULL,
    value          bigint      NOT NULL
        CONSTRAINT target_history_value_range CHECK (value BETWEEN 0 AND 1000000000000),
    previous_value bigint,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    recorded_by    text        NOT NULL,
    token_id       uuid,
    request_id     uuid
);

CREATE INDEX target_history_target_idx ON ansinh.target_history (target_id, id);

-- Keeps id, year, scope, metric and created_at of a target fixed; updated_at
-- follows the last change. (touch_row needs a ward.)
CREATE FUNCTION ansinh.target_touch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    IF (NEW.id, NEW.year, NEW.ward_code, NEW.metric) IS DISTINCT FROM (OLD.id, OLD.year, OLD.ward_code, OLD.metric) THEN
        RAISE EXCEPTION 'the id, year, ward and metric of a target cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    NEW.created_at := OLD.created_at;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION ansinh.target_touch() IS
    'Trigger: keeps a target''s id, year, ward, metric and created_at fixed, sets updated_at on every UPDATE';

CREATE TRIGGER target_touch
    BEFORE UPDATE ON ansinh.target
    FOR EACH ROW EXECUTE FUNCTION ansinh.target_touch();
CREATE TRIGGER target_audit
    AFTER INSERT OR UPDATE ON ansinh.target
    FOR EACH ROW WHEN (NEW.ward_code IS NOT NULL) EXECUTE FUNCTION ansinh.audit_row();
CREATE TRIGGER target_audit_district
    AFTER INSERT OR UPDATE ON ansinh.target
    FOR EACH ROW WHEN (NEW.ward_code IS NULL) EXECUTE FUNCTION ansinh.audit_district_row();

CREATE TRIGGER target_history_append_only
    BEFORE UPDATE OR DELETE ON ansinh.target_history
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER target_history_no_truncate
    BEFORE TRUNCATE ON ansinh.target_history
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER target_history_audit
    AFTER INSERT ON ansinh.target_history
    FOR EACH ROW WHEN (NEW.ward_code IS NOT NULL) EXECUTE FUNCTION ansinh.audit_row('target_id');
CREATE TRIGGER target_history_audit_district
    AFTER INSERT ON ansinh.target_history
    FOR EACH ROW WHEN (NEW.ward_code IS NULL) EXECUTE FUNCTION ansinh.audit_district_row('target_id');

COMMENT ON TABLE ansinh.target IS
    'Yearly targets set by the district: one value per year, scope (a ward, or NULL for the district as a whole) and metric. Setting it again replaces the value; every value ever set is kept in target_history. District targets are audited in district_audit_event, ward targets in audit_event.';
COMMENT ON COLUMN ansinh.target.id IS 'Target id (UUIDv7 chosen by the client that first set it)';
COMMENT ON COLUMN ansinh.target.year IS 'The year the target is for';
COMMENT ON COLUMN ansinh.target.ward_code IS 'The ward the target is for; NULL: the district as a whole';
COMMENT ON COLUMN ansinh.target.metric IS 'poor-exit (poor households escaping poverty), poor-exit-special (of them, in especially difficult circumstances), poor-exit-central (of them, poor by the central standard), near-poor-exit, livelihood-cases, houses-built, job-placements, vocational-training, referrals (to the employment service centre), pairings';
COMMENT ON COLUMN ansinh.target.value IS 'The target value (a count)';
COMMENT ON COLUMN ansinh.target.created_at IS 'When the target was first set';
COMMENT ON COLUMN ansinh.target.updated_at IS 'When its value was last set';

COMMENT ON TABLE ansinh.target_history IS
    'Every value ever set for a target, with who set it and when. Append-only.';
COMMENT ON COLUMN ansinh.target_history.id IS 'Row number; increases with time';
COMMENT ON COLUMN ansinh.target_history.target_id IS 'The target (ansinh.target.id)';
COMMENT ON COLUMN ansinh.target_history.year IS 'The target''s year';
COMMENT ON COLUMN ansinh.target_history.ward_code IS 'The target''s ward; NULL: the district as a whole';
COMMENT ON COLUMN ansinh.target_history.metric IS 'The target''s metric';
COMMENT ON COLUMN ansinh.target_history.value IS 'The value set';
COMMENT ON COLUMN ansinh.target_history.previous_value IS 'The value it replaced; NULL when the target was first set';
COMMENT ON COLUMN ansinh.target_history.recorded_at IS 'When it was set';
COMMENT ON COLUMN ansinh.target_history.recorded_by IS 'Who set it (token name, or database user)';
COMMENT ON COLUMN ansinh.target_history.token_id IS 'Id of the token that set it; NULL for direct SQL';
COMMENT ON COLUMN ansinh.target_history.request_id IS 'request_id of the client request that set it';

-- ------------------------------------------------------------------ analyst views
CREATE VIEW ansinh.programme_session_v WITH (security_invoker = true) AS
SELECT s.ward_code,
       w.name AS ward_name,
       s.id,
       s.programme_id,
       p.name AS programme_name,
       p.kind AS programme_kind,
       p.ward_code IS NULL AS district_wide,
       o.name AS organization_name,
       s.held_on,
       s.residential_group,
       s.beneficiaries,
       (SELECT count(*)::integer FROM ansinh.programme_session_household AS h
         WHERE h.ward_code = s.ward_code AND h.session_id = s.id) AS household_count,
       (SELECT count(*)::integer FROM ansinh.programme_session_donor AS d
         WHERE d.ward_code = s.ward_code AND d.session_id = s.id) AS donor_count,
       (SELECT coalesce(sum(g.value_vnd), 0)::bigint FROM ansinh.programme_session_goods AS g
         WHERE g.ward_code = s.ward_code AND g.session_id = s.id) AS goods_value_vnd,
       s.note,
       s.created_at
  FROM ansinh.programme_session AS s
  JOIN ansinh.programme AS p ON p.id = s.programme_id
  JOIN ansinh.organization AS o ON o.id = p.organization_id
  JOIN ansinh.ward AS w ON w.code = s.ward_code;

COMMENT ON VIEW ansinh.programme_session_v IS
    'Programme sessions with their programme, organizer, ward name and totals (households listed, donors, value of the goods).';
COMMENT ON COLUMN ansinh.programme_session_v.ward_code IS 'Ward where the session was held';
COMMENT ON COLUMN ansinh.programme_session_v.ward_name IS 'Ward name';
COMMENT ON COLUMN ansinh.programme_session_v.id IS 'Session id';
COMMENT ON COLUMN ansinh.programme_session_v.programme_id IS 'Programme id';
COMMENT ON COLUMN ansinh.programme_session_v.programme_name IS 'Programme name';
COMMENT ON COLUMN ansinh.programme_session_v.programme_kind IS 'Programme kind: produce-market, bread-cabinet, …';
COMMENT ON COLUMN ansinh.programme_session_v.district_wide IS 'The programme is district-wide';
COMMENT ON COLUMN ansinh.programme_session_v.organization_name IS 'The organizing organization';
COMMENT ON COLUMN ansinh.programme_session_v.held_on IS 'Date of the session';
COMMENT ON COLUMN ansinh.programme_session_v.residential_group IS 'Residential group where it was held';
COMMENT ON COLUMN ansinh.programme_session_v.beneficiaries IS 'Number of beneficiaries';
COMMENT ON COLUMN ansinh.programme_session_v.household_count IS 'Households listed as served';
COMMENT ON COLUMN ansinh.programme_session_v.donor_count IS 'Donor organizations';
COMMENT ON COLUMN ansinh.programme_session_v.goods_value_vnd IS 'Total value of the goods given, VND';
COMMENT ON COLUMN ansinh.programme_session_v.note IS 'Note';
COMMENT ON COLUMN ansinh.programme_session_v.created_at IS 'When the record was created';

CREATE VIEW ansinh.pairing_v WITH (security_invoker = true) AS
SELECT pr.ward_code,
       w.name AS ward_name,
       pr.id,
       pr.year,
       pr.organization_id,
       o.name AS organization_name,
       o.kind AS organization_kind,
       pr.household_id,
       h.code AS household_code,
       h.head_name,
       h.status AS household_status,
       h.special_difficulty,
       pr.commitment,
       pr.signed_on,
       pr.ended_on,
       pr.ended_on IS NULL AS open,
       pr.end_note,
       pr.created_at,
       pr.updated_at
  FROM ansinh.pairing AS pr
  JOIN ansinh.organization AS o ON o.id = pr.organization_id
  JOIN ansinh.household AS h ON h.ward_code = pr.ward_code AND h.id = pr.household_id
  JOIN ansinh.ward AS w ON w.code = pr.ward_code;

COMMENT ON VIEW ansinh.pairing_v IS
    'Sponsorship pairings with the sponsor''s name and the household''s code, head, status and difficulty.';
COMMENT ON COLUMN ansinh.pairing_v.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.pairing_v.ward_name IS 'Ward name';
COMMENT ON COLUMN ansinh.pairing_v.id IS 'Pairing id';
COMMENT ON COLUMN ansinh.pairing_v.year IS 'The year of the commitment';
COMMENT ON COLUMN ansinh.pairing_v.organization_id IS 'Sponsor id';
COMMENT ON COLUMN ansinh.pairing_v.organization_name IS 'Sponsor name';
COMMENT ON COLUMN ansinh.pairing_v.organization_kind IS 'Sponsor kind: association, school, army-unit, …';
COMMENT ON COLUMN ansinh.pairing_v.household_id IS 'Household id';
COMMENT ON COLUMN ansinh.pairing_v.household_code IS 'The ward''s code for the household';
COMMENT ON COLUMN ansinh.pairing_v.head_name IS 'Head of the household';
COMMENT ON COLUMN ansinh.pairing_v.household_status IS 'The household''s current poverty status';
COMMENT ON COLUMN ansinh.pairing_v.special_difficulty IS 'The household is in especially difficult circumstances';
COMMENT ON COLUMN ansinh.pairing_v.commitment IS 'What the sponsor committed to';
COMMENT ON COLUMN ansinh.pairing_v.signed_on IS 'Date signed';
COMMENT ON COLUMN ansinh.pairing_v.ended_on IS 'Date ended; NULL while open';
COMMENT ON COLUMN ansinh.pairing_v.open IS 'Still open (not ended)';
COMMENT ON COLUMN ansinh.pairing_v.end_note IS 'Why or how it ended';
COMMENT ON COLUMN ansinh.pairing_v.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.pairing_v.updated_at IS 'When the record was last changed';

CREATE VIEW ansinh.employment_event_v WITH (security_invoker = true) AS
SELECT e.ward_code,
       w.name AS ward_name,
       e.id,
       e.kind,
       e.occurred_on,
       e.person_id,
       coalesce(p.full_name, e.person_name) AS full_name,
       e.person_id IS NOT NULL AS member,
       coalesce(p.citizen_id, e.citizen_id) AS citizen_id,
       h.code AS household_code,
       e.employer,
       e.trade,
       e.job_week_id,
       j.title AS job_week_title,
       e.note,
       e.created_at
  FROM ansinh.employment_event AS e
  JOIN ansinh.ward AS w ON w.code = e.ward_code
  LEFT JOIN ansinh.person AS p ON p.ward_code = e.ward_code AND p.id = e.person_id
  LEFT JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
  LEFT JOIN ansinh.job_week AS j ON j.ward_code = e.ward_code AND j.id = e.job_week_id;

COMMENT ON VIEW ansinh.employment_event_v IS
    'Employment events with the person''s name (member or named), household code and job week: count placements, training registrations and referrals per ward, quarter or job week here.';
COMMENT ON COLUMN ansinh.employment_event_v.ward_code IS 'Ward that recorded it';
COMMENT ON COLUMN ansinh.employment_event_v.ward_name IS 'Ward name';
COMMENT ON COLUMN ansinh.employment_event_v.id IS 'Event id';
COMMENT ON COLUMN ansinh.employment_event_v.kind IS 'job-placement, vocational-training, employment-centre-referral or labour-export';
COMMENT ON COLUMN ansinh.employment_event_v.occurred_on IS 'Date of the event';
COMMENT ON COLUMN ansinh.employment_event_v.person_id IS 'Member id; NULL for a named person';
COMMENT ON COLUMN ansinh.employment_event_v.full_name IS 'The member''s or the named person''s name';
COMMENT ON COLUMN ansinh.employment_event_v.member IS 'The person is a recorded member';
COMMENT ON COLUMN ansinh.employment_event_v.citizen_id IS 'Citizen ID, if known';
COMMENT ON COLUMN ansinh.employment_event_v.household_code IS 'The member''s household code; NULL for a named person';
COMMENT ON COLUMN ansinh.employment_event_v.employer IS 'Employer or place referred to';
COMMENT ON COLUMN ansinh.employment_event_v.trade IS 'Trade or job';
COMMENT ON COLUMN ansinh.employment_event_v.job_week_id IS 'Job week id';
COMMENT ON COLUMN ansinh.employment_event_v.job_week_title IS 'Job week title';
COMMENT ON COLUMN ansinh.employment_event_v.note IS 'Note';
COMMENT ON COLUMN ansinh.employment_event_v.created_at IS 'When the record was created';

CREATE VIEW ansinh.target_v WITH (security_invoker = true) AS
SELECT t.year,
       t.ward_code,
       coalesce(w.name, 'district') AS scope,
       t.metric,
       t.value,
       t.id,
       t.created_at,
       t.updated_at
  FROM ansinh.target AS t
  LEFT JOIN ansinh.ward AS w ON w.code = t.ward_code;

COMMENT ON VIEW ansinh.target_v IS 'Targets with the ward''s name, or "district" for district targets.';
COMMENT ON COLUMN ansinh.target_v.year IS 'The year';
COMMENT ON COLUMN ansinh.target_v.ward_code IS 'Ward code; NULL for a district target';
COMMENT ON COLUMN ansinh.target_v.scope IS 'Ward name, or ''district''';
COMMENT ON COLUMN ansinh.target_v.metric IS 'The metric';
COMMENT ON COLUMN ansinh.target_v.value IS 'The target value';
COMMENT ON COLUMN ansinh.target_v.id IS 'Target id';
COMMENT ON COLUMN ansinh.target_v.created_at IS 'When first set';
COMMENT ON COLUMN ansinh.target_v.updated_at IS 'When last set';

-- ------------------------------------------------------------------ row-level security
-- Ward-scoped tables: as in part 4. Tables with a nullable ward (programme,
-- target, target_history) use the *_scope helpers. The two district logs:
-- read by every session, written by district sessions.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['programme_session', 'programme_session_goods', 'programme_session_household',
                             'programme_session_donor', 'pairing', 'job_week', 'employment_event']
    LOOP
        EXECUTE format('ALTER TABLE ansinh.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE ansinh.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY context_read ON ansinh.%I FOR SELECT USING (ansinh.context_may_read(ward_code))', t);
        EXECUTE format('CREATE POLICY context_insert ON ansinh.%I FOR INSERT WITH CHECK (ansinh.context_may_write(ward_code))', t);
        EXECUTE format('CREATE POLICY analyst_read ON ansinh.%I FOR SELECT TO ansinh_analyst USING (true)', t);
    END LOOP;
    -- Read by every session when district-wide, else by the ward; written
    -- by the ward or the district (district-wide: the district only).
    -- Targets are read the same way but written by the district only.
    FOREACH t IN ARRAY ARRAY['programme', 'target', 'target_history',
                             'district_request_log', 'district_audit_event']
    LOOP
        EXECUTE format('ALTER TABLE ansinh.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE ansinh.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY analyst_read ON ansinh.%I FOR SELECT TO ansinh_analyst USING (true)', t);
    END LOOP;
END
$$;

CREATE POLICY context_read ON ansinh.programme FOR SELECT
    USING (ansinh.context_may_read_scope(ward_code));
CREATE POLICY context_insert ON ansinh.programme FOR INSERT
    WITH CHECK (ansinh.context_may_write_scope(ward_code));

CREATE POLICY context_read ON ansinh.target FOR SELECT
    USING (ansinh.context_may_read_scope(ward_code));
CREATE POLICY context_insert ON ansinh.target FOR INSERT
    WITH CHECK (coalesce(ansinh.context_role() = 'district', false));
CREATE POLICY context_update ON ansinh.target FOR UPDATE
    USING (coalesce(ansinh.context_role() = 'district', false))
    WITH CHECK (coalesce(ansinh.context_role() = 'district', false));
CREATE POLICY context_read ON ansinh.target_history FOR SELECT
    USING (ansinh.context_may_read_scope(ward_code));
CREATE POLICY context_insert ON ansinh.target_history FOR INSERT
    WITH CHECK (coalesce(ansinh.context_role() = 'district', false));

-- The district logs hold records of the district as a whole: read by every
-- session, written by district sessions.
CREATE POLICY context_read ON ansinh.district_request_log FOR SELECT
    USING (ansinh.context_may_read_scope(NULL));
CREATE POLICY context_insert ON ansinh.district_request_log FOR INSERT
    WITH CHECK (ansinh.context_may_write_scope(NULL));
CREATE POLICY context_read ON ansinh.district_audit_event FOR SELECT
    USING (ansinh.context_may_read_scope(NULL));
CREATE POLICY context_insert ON ansinh.district_audit_event FOR INSERT
    WITH CHECK (ansinh.context_may_write_scope(NULL));

-- Pairings are ended: they are updated.
CREATE POLICY context_update ON ansinh.pairing FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));

-- ------------------------------------------------------------------ API: validation
-- Each returns the first problem as a sentence naming the field, or NULL;
-- they mirror the CHECK constraints above and proto/rules.h.

CREATE FUNCTION ansinh.programme_problem(name text, kind text, schedule text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(
    ansinh.text_problem('programme name', name, 200, true, false),
    CASE WHEN kind IS NULL OR kind = '' THEN
             'programme kind is required: use produce-market, bread-cabinet, free-meals, gift-distribution, scholarship, health-check or other'
         WHEN kind NOT IN ('produce-market', 'bread-cabinet', 'free-meals', 'gift-distribution',
                           'scholarship', 'health-check', 'other') THEN
             pg_catalog.format('programme kind ''%s'' is not valid: use produce-market, bread-cabinet, free-meals, gift-distribution, scholarship, health-check or other',
                               ansinh.excerpt(kind))
    END,
    ansinh.text_problem('schedule', schedule, 500, false, false));

CREATE FUNCTION ansinh.employment_kind_problem(kind text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN kind IS NULL OR kind = '' THEN
        'employment kind is required: use job-placement, vocational-training, employment-centre-referral or labour-export'
    WHEN kind NOT IN ('job-placement', 'vocational-training', 'employment-centre-referral', 'labour-export') THEN
        pg_catalog.format('employment kind ''%s'' is not valid: use job-placement, vocational-training, employment-centre-referral or labour-export',
                          ansinh.excerpt(kind))
END;

CREATE FUNCTION ansinh.target_metric_problem(metric text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN metric IS NULL OR metric = '' THEN
        'target metric is required: use poor-exit, poor-exit-special, poor-exit-central, near-poor-exit, livelihood-cases, houses-built, job-placements, vocational-training, referrals or pairings'
    WHEN metric NOT IN ('poor-exit', 'poor-exit-special', 'poor-exit-central', 'near-poor-exit',
                        'livelihood-cases', 'houses-built', 'job-placements', 'vocational-training',
                        'referrals', 'pairings') THEN
        pg_catalog.format('target metric ''%s'' is not valid: use poor-exit, poor-exit-special, poor-exit-central, near-poor-exit, livelihood-cases, houses-built, job-placements, vocational-training, referrals or pairings',
                          ansinh.excerpt(metric))
END;

CREATE FUNCTION ansinh.year_problem(label text, year integer)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN year IS NULL THEN label || ' is required'
    WHEN year NOT BETWEEN 2000 AND 2100 THEN pg_catalog.format('%s %s is out of range: use 2000 to 2100', label, year)
END;

-- The household a request names, by id (in the ward, if one is named) or by
-- ward and code, as row-level security lets the session see it; with the
-- problem (code 3 or 5 and a sentence) when there is none.
CREATE FUNCTION ansinh.find_household(ward text, household_id uuid, household_code text,
                                      OUT household ansinh.household, OUT status integer, OUT problem text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    v_code text := nullif(btrim(household_code), '');
BEGIN
    IF household_id IS NOT NULL THEN
        SELECT * INTO household
          FROM ansinh.household AS h
         WHERE h.id = find_household.household_id AND (find_household.ward IS NULL OR h.ward_code = find_household.ward)
         ORDER BY h.ward_code
         LIMIT 1;
        IF NOT FOUND THEN
            status := 5;
            problem := 'household ' || household_id || ' was not found' || coalesce(' in ward ' || ward, '');
        ELSIF v_code IS NOT NULL AND v_code <> household.code THEN
            status := 3;
            problem := format('household %s has code ''%s'', not ''%s''', household_id, household.code, ansinh.excerpt(v_code));
        END IF;
        RETURN;
    END IF;
    IF v_code IS NULL THEN
        status := 3;
        problem := 'household id or household code is required';
        RETURN;
    END IF;
    IF ward IS NULL THEN
        status := 3;
        problem := 'ward code is required to find a household by its code';
        RETURN;
    END IF;
    SELECT * INTO household FROM ansinh.household AS h WHERE h.ward_code = find_household.ward AND h.code = v_code;
    IF NOT FOUND THEN
        status := 5;
        problem := format('household ''%s'' was not found in ward %s', ansinh.excerpt(v_code), ward);
    END IF;
END
$$;

COMMENT ON FUNCTION ansinh.programme_problem(text, text, text) IS 'The first problem of a programme''s fields, or NULL';
COMMENT ON FUNCTION ansinh.employment_kind_problem(text) IS 'The problem of an employment kind, or NULL';
COMMENT ON FUNCTION ansinh.target_metric_problem(text) IS 'The problem of a target metric, or NULL';
COMMENT ON FUNCTION ansinh.year_problem(text, integer) IS 'The problem of a year (2000–2100), or NULL';
COMMENT ON FUNCTION ansinh.find_household(text, uuid, text) IS
    'The household named by id (in the ward, if given) or by ward and code, as the session sees it; or a status 3/5 and the problem';

-- ------------------------------------------------------------------ API: programmes

CREATE FUNCTION ansinh_api.programme_create(
    request_id uuid, id uuid, ward text, district_wide boolean, name text,
    organization_id uuid, kind text, schedule text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'programme_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text;
    v_where text;
    old ansinh.programme;
    new ansinh.programme;
BEGIN
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    IF coalesce(district_wide, false) THEN
        IF nullif(btrim(ward), '') IS NOT NULL THEN
            RETURN ansinh.outcome(3, 'a district-wide programme has no ward: give the ward or district-wide, not both', id, NULL);
        END IF;
        problem := ansinh.write_refusal(NULL);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(7, problem, id, NULL);
        END IF;
        IF ansinh.context_role() <> 'district' THEN
            RETURN ansinh.outcome(7, 'only a district session may create a district-wide programme', id, NULL);
        END IF;
        v_ward := NULL;
        v_where := 'district-wide';
    ELSE
        v_ward := ansinh.request_ward(ward);
        problem := ansinh.write_refusal(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(7, problem, id, v_ward);
        END IF;
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(3, problem || ' (or, for the district, district-wide)', id, v_ward);
        END IF;
        v_where := 'in ward ' || v_ward;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'programme id is required', NULL, v_ward);
    END IF;

    new.id := id;
    new.ward_code := v_ward;
    new.name := ansinh.clean_name(name);
    new.organization_id := organization_id;
    new.kind := nullif(btrim(kind), '');
    new.schedule := nullif(ansinh.clean_name(schedule), '');
    problem := ansinh.programme_problem(new.name, new.kind, new.schedule);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    IF organization_id IS NULL THEN
        RETURN ansinh.outcome(3, 'organizing organization is required', id, v_ward);
    END IF;
    IF NOT EXISTS (SELECT FROM ansinh.organization AS o WHERE o.id = programme_create.organization_id) THEN
        RETURN ansinh.outcome(5, format('organization %s was not found', organization_id), id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.programme AS p WHERE p.id = new.id;
    IF FOUND THEN
        IF (old.ward_code, old.name, old.organization_id, old.kind, old.schedule)
           IS NOT DISTINCT FROM (new.ward_code, new.name, new.organization_id, new.kind, new.schedule) THEN
            RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
                format('programme %s already exists %s with the same content', old.name, v_where), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('programme %s already exists with different content', id), id, old.ward_code);
    END IF;
    IF EXISTS (SELECT FROM ansinh.programme AS p
                WHERE p.ward_code IS NOT DISTINCT FROM v_ward AND p.name = new.name) THEN
        RETURN ansinh.outcome(6, format('a programme named ''%s'' already exists %s', new.name, v_where), id, v_ward);
    END IF;

    INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind, schedule)
    VALUES (new.id, new.ward_code, new.name, new.organization_id, new.kind, new.schedule);

    RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
        format('programme %s created %s', new.name, v_where), id, v_ward));
END
$$;

-- ------------------------------------------------------------------ API: programme sessions

CREATE FUNCTION ansinh_api.session_create(
    request_id uuid, id uuid, ward text, programme_id uuid, held_on date,
    residential_group integer, beneficiaries integer,
    goods_items text[], goods_quantities numeric[], goods_units text[], goods_values bigint[],
    household_ids uuid[], household_codes text[], donor_ids uuid[], note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'session_create';
    result ansinh_api.outcome;
    problem text;
    prog ansinh.programme;
    v_asked text := ansinh.request_ward(ward);
    v_ward text;
    n_goods integer := coalesce(cardinality(goods_items), 0);
    v_items text[] := '{}';
    v_units text[] := '{}';
    v_households uuid[] := '{}';
    v_donors uuid[];
    v_id uuid;
    v_code text;
    i integer;
    old ansinh.programme_session;
    new ansinh.programme_session;
BEGIN
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(NULL);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_asked);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('session id is required', NULL, v_asked);
    END IF;
    IF programme_id IS NULL THEN
        RETURN ansinh.invalid_argument('programme id is required', id, v_asked);
    END IF;

    -- The programme, as the session may see it: its own ward's or a
    -- district-wide one. (Programmes are never deleted; the foreign key
    -- locks it when the session is inserted.)
    SELECT * INTO prog FROM ansinh.programme AS p WHERE p.id = session_create.programme_id;
    IF NOT FOUND THEN
        RETURN ansinh.not_found(format('programme %s was not found', programme_id), id, v_asked);
    END IF;
    IF prog.ward_code IS NOT NULL THEN
        IF v_asked IS NOT NULL AND v_asked <> prog.ward_code THEN
            RETURN ansinh.invalid_argument(
                format('programme %s belongs to ward %s: its sessions are recorded there, not in ward %s',
                       prog.name, prog.ward_code, v_asked), id, v_asked);
        END IF;
        v_ward := prog.ward_code;
    ELSE
        IF v_asked IS NULL THEN
            RETURN ansinh.invalid_argument(format('ward code is required for a session of the district-wide programme %s', prog.name),
                                  id, NULL);
        END IF;
        v_ward := v_asked;
    END IF;
    problem := coalesce(ansinh.write_refusal(v_ward), ansinh.ward_problem(v_ward));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(CASE WHEN ansinh.write_refusal(v_ward) IS NOT NULL THEN 7 ELSE 3 END, problem, id, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.programme_id := prog.id;
    new.held_on := held_on;
    new.residential_group := nullif(residential_group, 0);
    new.note := ansinh.clean_note(note);

    problem := CASE WHEN held_on IS NULL THEN 'session date is required' END;
    problem := coalesce(problem, ansinh.date_problem('session date', held_on, false));
    IF problem IS NULL AND new.residential_group NOT BETWEEN 1 AND 999 THEN
        problem := format('residential group %s is out of range: use 1 to 999', new.residential_group);
    END IF;
    IF problem IS NULL AND beneficiaries NOT BETWEEN 0 AND 1000000 THEN
        problem := format('beneficiaries %s is out of range: use 0 to 1000000', beneficiaries);
    END IF;
    problem := coalesce(problem, ansinh.text_problem('session note', new.note, 4000, false, true));
    IF problem IS NULL AND (coalesce(cardinality(goods_quantities), 0) <> n_goods
                            OR coalesce(cardinality(goods_units), 0) <> n_goods
                            OR coalesce(cardinality(goods_values), 0) <> n_goods) THEN
        problem := 'every goods line needs an item, a quantity, a unit and a value';
    END IF;
    IF problem IS NULL AND n_goods > 100 THEN
        problem := format('a session has at most 100 goods lines, not %s', n_goods);
    END IF;
    FOR i IN 1 .. CASE WHEN problem IS NULL THEN n_goods ELSE 0 END LOOP
        v_items[i] := ansinh.clean_name(goods_items[i]);
        v_units[i] := ansinh.clean_name(goods_units[i]);
        problem := coalesce(
            ansinh.text_problem(format('goods line %s item', i), v_items[i], 200, true, false),
            CASE WHEN goods_quantities[i] IS NULL OR goods_quantities[i] <= 0 OR goods_quantities[i] > 1000000000 THEN
                     format('goods line %s quantity must be more than 0 and at most 1000000000', i)
                 WHEN goods_quantities[i] <> round(goods_quantities[i], 3) THEN
                     format('goods line %s quantity has more than 3 decimals', i)
            END,
            ansinh.text_problem(format('goods line %s unit', i), v_units[i], 32, true, false),
            CASE WHEN goods_values[i] IS NULL OR goods_values[i] NOT BETWEEN 0 AND 1000000000000 THEN
                     format('goods line %s value must be 0 to 1000000000000 VND', i)
            END);
        EXIT WHEN problem IS NOT NULL;
    END LOOP;
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    -- The households served, in the session's ward (by id or code), each once.
    IF coalesce(cardinality(household_ids), 0) + coalesce(cardinality(household_codes), 0) > 1000 THEN
        RETURN ansinh.invalid_argument('a session lists at most 1000 households', id, v_ward);
    END IF;
    FOREACH v_id IN ARRAY coalesce(household_ids, '{}') LOOP
        IF v_id IS NULL OR NOT EXISTS (SELECT FROM ansinh.household AS h
                                        WHERE h.ward_code = v_ward AND h.id = v_id) THEN
            RETURN ansinh.not_found(format('household %s was not found in ward %s', v_id, v_ward), id, v_ward);
        END IF;
        v_households := v_households || v_id;
    END LOOP;
    FOREACH v_code IN ARRAY coalesce(household_codes, '{}') LOOP
        SELECT h.id INTO v_id FROM ansinh.household AS h WHERE h.ward_code = v_ward AND h.code = btrim(v_code);
        IF NOT FOUND THEN
            RETURN ansinh.not_found(format('household ''%s'' was not found in ward %s', ansinh.excerpt(coalesce(v_code, '')), v_ward),
                                  id, v_ward);
        END IF;
        v_households := v_households || v_id;
    END LOOP;
    v_households := ARRAY(SELECT DISTINCT u FROM unnest(v_households) AS u ORDER BY u);

    -- Beneficiaries: at least the households listed; by default, that many.
    new.beneficiaries := coalesce(beneficiaries, nullif(cardinality(v_households), 0));
    IF new.beneficiaries < cardinality(v_households) THEN
        RETURN ansinh.invalid_argument(
            format('beneficiaries (%s) must be at least the number of households listed (%s)',
                   new.beneficiaries, cardinality(v_households)), id, v_ward);
    END IF;

    -- The donors, each once.
    IF coalesce(cardinality(donor_ids), 0) > 100 THEN
        RETURN ansinh.invalid_argument('a session lists at most 100 donors', id, v_ward);
    END IF;
    FOREACH v_id IN ARRAY coalesce(donor_ids, '{}') LOOP
        IF v_id IS NULL OR NOT EXISTS (SELECT FROM ansinh.organization AS o WHERE o.id = v_id) THEN
            RETURN ansinh.not_found(format('donor organization %s was not found', v_id), id, v_ward);
        END IF;
    END LOOP;
    v_donors := ARRAY(SELECT DISTINCT u FROM unnest(coalesce(donor_ids, '{}')) AS u ORDER BY u);

    -- The same id again: fine if it says the same thing.
    SELECT * INTO old FROM ansinh.programme_session AS s WHERE s.ward_code = v_ward AND s.id = new.id;
    IF FOUND THEN
        IF (old.programme_id, old.held_on, old.residential_group, old.beneficiaries, old.note)
           IS NOT DISTINCT FROM (new.programme_id, new.held_on, new.residential_group, new.beneficiaries, new.note)
           AND ARRAY(SELECT ROW(g.item, g.quantity, g.unit, g.value_vnd)::text
                       FROM ansinh.programme_session_goods AS g
                      WHERE g.ward_code = v_ward AND g.session_id = new.id ORDER BY g.line)
               = ARRAY(SELECT ROW(v_items[k], round(goods_quantities[k], 3)::numeric(13, 3), v_units[k], goods_values[k])::text
                         FROM generate_series(1, n_goods) AS k ORDER BY k)
           AND ARRAY(SELECT h.household_id FROM ansinh.programme_session_household AS h
                      WHERE h.ward_code = v_ward AND h.session_id = new.id ORDER BY 1) = v_households
           AND ARRAY(SELECT d.organization_id FROM ansinh.programme_session_donor AS d
                      WHERE d.ward_code = v_ward AND d.session_id = new.id ORDER BY 1) = v_donors
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('session %s of %s already exists with the same content', id, prog.name), id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('session %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.programme_session
           (ward_code, id, programme_id, held_on, residential_group, beneficiaries, note)
    VALUES (new.ward_code, new.id, new.programme_id, new.held_on, new.residential_group, new.beneficiaries, new.note);
    INSERT INTO ansinh.programme_session_goods (ward_code, session_id, line, item, quantity, unit, value_vnd)
    SELECT v_ward, new.id, k, v_items[k], goods_quantities[k], v_units[k], goods_values[k]
      FROM generate_series(1, n_goods) AS k;
    INSERT INTO ansinh.programme_session_household (ward_code, session_id, household_id)
    SELECT v_ward, new.id, u FROM unnest(v_households) AS u;
    INSERT INTO ansinh.programme_session_donor (ward_code, session_id, organization_id)
    SELECT v_ward, new.id, u FROM unnest(v_donors) AS u;

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('session of %s on %s recorded in ward %s', prog.name, ansinh.iso_date(new.held_on), v_ward), id, v_ward));
END
$$;

-- ------------------------------------------------------------------ API: pairings

CREATE FUNCTION ansinh_api.pairing_create(
    request_id uuid, id uuid, ward text, organization_id uuid, household_id uuid,
    household_code text, year integer, commitment text, signed_on date)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'pairing_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_org ansinh.organization;
    hh record;
    old ansinh.pairing;
    new ansinh.pairing;
BEGIN
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'pairing id is required', NULL, v_ward);
    END IF;

    SELECT * INTO hh FROM ansinh.find_household(v_ward, household_id, household_code) AS f;
    IF hh.problem IS NOT NULL THEN
        RETURN ansinh.outcome(hh.status, hh.problem, id, v_ward);
    END IF;
    v_ward := (hh.household).ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.household_id := (hh.household).id;
    new.organization_id := organization_id;
    new.year := coalesce(year, extract(year FROM signed_on));
    new.signed_on := coalesce(signed_on, ansinh.today());
    new.commitment := ansinh.clean_note(commitment);
    problem := coalesce(
        ansinh.year_problem('pairing year', new.year),
        ansinh.date_problem('signing date', new.signed_on, false),
        ansinh.text_problem('commitment', new.commitment, 4000, false, true),
        CASE WHEN organization_id IS NULL THEN 'sponsoring organization is required' END);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    SELECT * INTO v_org FROM ansinh.organization AS o WHERE o.id = pairing_create.organization_id;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, format('organization %s was not found', organization_id), id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.pairing AS p WHERE p.ward_code = v_ward AND p.id = new.id;
    IF FOUND THEN
        IF (old.organization_id, old.household_id, old.year, old.commitment)
           IS NOT DISTINCT FROM (new.organization_id, new.household_id, new.year, new.commitment)
           AND (signed_on IS NULL OR old.signed_on = signed_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('pairing %s already exists with the same content', id), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('pairing %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;
    IF EXISTS (SELECT FROM ansinh.pairing AS p
                WHERE p.ward_code = v_ward AND p.household_id = new.household_id
                  AND p.organization_id = new.organization_id AND p.year = new.year
                  AND p.ended_on IS NULL) THEN
        RETURN ansinh.outcome(6,
            format('household %s already has an open pairing with %s for %s', (hh.household).code, v_org.name, new.year),
            id, v_ward);
    END IF;

    INSERT INTO ansinh.pairing (ward_code, id, organization_id, household_id, year, commitment, signed_on)
    VALUES (new.ward_code, new.id, new.organization_id, new.household_id, new.year, new.commitment, new.signed_on);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('household %s paired with %s for %s', (hh.household).code, v_org.name, new.year), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.pairing_end(request_id uuid, id uuid, ward text, ended_on date, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'pairing_end';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_ended date := coalesce(ended_on, ansinh.today());
    v_note text := ansinh.clean_note(note);
    old ansinh.pairing;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write_scoped(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('pairing id is required', NULL, v_ward);
    END IF;
    SELECT * INTO old
      FROM ansinh.pairing AS p
     WHERE p.id = pairing_end.id AND (v_ward IS NULL OR p.ward_code = v_ward)
     ORDER BY p.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.not_found('pairing ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''), id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, old.id, old.ward_code);
    END IF;
    problem := coalesce(
        ansinh.date_problem('end date', v_ended, false),
        CASE WHEN v_ended < old.signed_on THEN
                 format('end date %s is before the signing date %s', ansinh.iso_date(v_ended), ansinh.iso_date(old.signed_on))
        END,
        ansinh.text_problem('end note', v_note, 4000, false, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, old.id, old.ward_code);
    END IF;
    IF old.ended_on IS NOT NULL THEN
        IF old.ended_on = v_ended AND (v_note IS NULL OR v_note IS NOT DISTINCT FROM old.end_note) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('pairing %s had already ended on %s', old.id, ansinh.iso_date(old.ended_on)), old.id, old.ward_code));
        END IF;
        RETURN ansinh.failed_precondition(format('pairing %s already ended on %s', old.id, ansinh.iso_date(old.ended_on)),
                              old.id, old.ward_code);
    END IF;

    UPDATE ansinh.pairing AS p
       SET ended_on = v_ended, end_note = v_note
     WHERE p.ward_code = old.ward_code AND p.id = old.id;

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('pairing %s ended on %s', old.id, ansinh.iso_date(v_ended)), old.id, old.ward_code));
END
$$;

-- ------------------------------------------------------------------ API: employment

CREATE FUNCTION ansinh_api.job_week_create(
    request_id uuid, id uuid, ward text, title text, starts_on date, ends_on date, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'job_week_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    old ansinh.job_week;
    new ansinh.job_week;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write_scoped(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.ward_problem(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('job week id is required', NULL, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.title := ansinh.clean_name(title);
    new.starts_on := starts_on;
    new.ends_on := ends_on;
    new.note := ansinh.clean_note(note);
    problem := coalesce(
        ansinh.text_problem('job week title', new.title, 200, true, false),
        CASE WHEN starts_on IS NULL THEN 'job week start date is required' END,
        CASE WHEN ends_on IS NULL THEN 'job week end date is required' END,
        ansinh.date_problem('job week start date', starts_on, true),
        ansinh.date_problem('job week end date', ends_on, true),
        CASE WHEN ends_on < starts_on THEN
                 format('job week end date %s is before its start date %s', ansinh.iso_date(ends_on), ansinh.iso_date(starts_on))
        END,
        ansinh.text_problem('job week note', new.note, 4000, false, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.job_week AS j WHERE j.ward_code = v_ward AND j.id = new.id;
    IF FOUND THEN
        IF (old.title, old.starts_on, old.ends_on, old.note)
           IS NOT DISTINCT FROM (new.title, new.starts_on, new.ends_on, new.note) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('job week %s already exists with the same content', old.title), id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('job week %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.job_week (ward_code, id, title, starts_on, ends_on, note)
    VALUES (new.ward_code, new.id, new.title, new.starts_on, new.ends_on, new.note);

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('job week %s recorded in ward %s', new.title, v_ward), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.job_event_create(
    request_id uuid, id uuid, ward text, kind text, person_id uuid, person_name text,
    citizen_id text, employer text, trade text, occurred_on date, job_week_id uuid, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'job_event_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_person ansinh.person;
    v_known record;
    old ansinh.employment_event;
    new ansinh.employment_event;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write_scoped(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('employment event id is required', NULL, v_ward);
    END IF;

    new.id := id;
    new.kind := nullif(btrim(kind), '');
    new.person_name := nullif(ansinh.clean_name(person_name), '');
    new.citizen_id := nullif(btrim(citizen_id), '');
    new.employer := nullif(ansinh.clean_name(employer), '');
    new.trade := nullif(ansinh.clean_name(trade), '');
    new.occurred_on := occurred_on;
    new.note := ansinh.clean_note(note);
    problem := coalesce(
        ansinh.employment_kind_problem(new.kind),
        CASE WHEN person_id IS NULL AND new.person_name IS NULL THEN
                 'the member or the name of the person is required'
             WHEN person_id IS NOT NULL AND new.person_name IS NOT NULL THEN
                 'give the member or the name of a person who is not a member, not both'
             WHEN person_id IS NOT NULL AND new.citizen_id IS NOT NULL THEN
                 'a member''s citizen ID is recorded on the member, not on the event'
        END,
        ansinh.text_problem('person name', new.person_name, 200, false, false),
        CASE WHEN new.citizen_id !~ '^[0-9]{12}$' THEN
                 format('citizen ID ''%s'' is not valid: it must be exactly 12 digits', ansinh.excerpt(new.citizen_id))
        END,
        ansinh.text_problem('employer', new.employer, 200, false, false),
        ansinh.text_problem('trade', new.trade, 200, false, false),
        CASE WHEN occurred_on IS NULL THEN 'event date is required' END,
        ansinh.date_problem('event date', occurred_on, false),
        ansinh.text_problem('event note', new.note, 4000, false, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    IF person_id IS NOT NULL THEN
        -- A member: the event belongs to the member's ward.
        SELECT * INTO v_person
          FROM ansinh.person AS p
         WHERE p.id = job_event_create.person_id AND (v_ward IS NULL OR p.ward_code = v_ward)
         ORDER BY p.ward_code
         LIMIT 1
           FOR KEY SHARE;
        IF NOT FOUND THEN
            RETURN ansinh.not_found('member ' || person_id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                                  id, v_ward);
        END IF;
        v_ward := v_person.ward_code;
        new.person_id := v_person.id;
    ELSE
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.invalid_argument(problem, id, v_ward);
        END IF;
        -- A citizen ID the session knows as a member's: record it for the member.
        IF new.citizen_id IS NOT NULL THEN
            SELECT p.id, p.full_name, p.ward_code, h.code INTO v_known
              FROM ansinh.person AS p
              JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
             WHERE p.citizen_id = new.citizen_id
             LIMIT 1;
            IF FOUND THEN
                RETURN ansinh.failed_precondition(
                    format('citizen ID %s belongs to member %s of household %s in ward %s: record the event for that member (%s)',
                           new.citizen_id, v_known.full_name, v_known.code, v_known.ward_code, v_known.id),
                    id, v_ward);
            END IF;
        END IF;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;
    new.ward_code := v_ward;

    IF job_week_id IS NOT NULL THEN
        IF NOT EXISTS (SELECT FROM ansinh.job_week AS j WHERE j.ward_code = v_ward AND j.id = job_event_create.job_week_id) THEN
            RETURN ansinh.not_found(format('job week %s was not found in ward %s', job_week_id, v_ward), id, v_ward);
        END IF;
        new.job_week_id := job_week_id;
    END IF;

    SELECT * INTO old FROM ansinh.employment_event AS e WHERE e.ward_code = v_ward AND e.id = new.id;
    IF FOUND THEN
        IF (old.kind, old.person_id, old.person_name, old.citizen_id, old.employer, old.trade,
            old.occurred_on, old.job_week_id, old.note)
           IS NOT DISTINCT FROM
           (new.kind, new.person_id, new.person_name, new.citizen_id, new.employer, new.trade,
            new.occurred_on, new.job_week_id, new.note) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('employment event %s already exists with the same content', id), id, v_ward));
        END IF;
        RETURN ansinh.already_exists(format('employment event %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.employment_event
           (ward_code, id, kind, person_id, person_name, citizen_id, employer, trade, occurred_on, job_week_id, note)
    VALUES (new.ward_code, new.id, new.kind, new.person_id, new.person_name, new.citizen_id, new.employer, new.trade,
            new.occurred_on, new.job_week_id, new.note);

    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('%s of %s on %s recorded in ward %s', new.kind, coalesce(v_person.full_name, new.person_name),
               ansinh.iso_date(new.occurred_on), v_ward), id, v_ward));
END
$$;

-- ------------------------------------------------------------------ API: targets

CREATE FUNCTION ansinh_api.target_set(request_id uuid, id uuid, year integer, ward text, metric text, value bigint)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'target_set';
    result ansinh_api.outcome;
    problem text;
    v_ward text := nullif(btrim(ward), '');
    v_scope text;
    old ansinh.target;
    v_id uuid;
BEGIN
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(NULL);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, v_ward);
    END IF;
    IF ansinh.context_role() <> 'district' THEN
        RETURN ansinh.permission_denied('only a district session may set targets', id, ansinh.context_ward());
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.invalid_argument(problem, id, NULL);
        END IF;
    END IF;
    v_scope := coalesce('ward ' || v_ward, 'the district');
    problem := coalesce(
        ansinh.year_problem('target year', year),
        ansinh.target_metric_problem(metric),
        CASE WHEN value IS NULL THEN 'target value is required'
             WHEN value NOT BETWEEN 0 AND 1000000000000 THEN
                 format('target value %s is out of range: use 0 to 1000000000000', value)
        END);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;

    SELECT * INTO old
      FROM ansinh.target AS t
     WHERE t.year = target_set.year AND t.ward_code IS NOT DISTINCT FROM v_ward AND t.metric = target_set.metric
       FOR UPDATE;
    IF FOUND THEN
        IF old.value = target_set.value THEN
            RETURN ansinh.log_request_scoped(request_id, op, ansinh.ok(
                format('target %s %s for %s is already %s', year, metric, v_scope, value), old.id, v_ward));
        END IF;
        UPDATE ansinh.target AS t SET value = target_set.value WHERE t.id = old.id;
        v_id := old.id;
    ELSE
        IF id IS NULL THEN
            RETURN ansinh.invalid_argument('target id is required', NULL, v_ward);
        END IF;
        IF EXISTS (SELECT FROM ansinh.target AS t WHERE t.id = target_set.id) THEN
            RETURN ansinh.already_exists(format('target %s already exists for another year, ward or metric', id), id, v_ward);
        END IF;
        INSERT INTO ansinh.target (id, year, ward_code, metric, value)
        VALUES (target_set.id, target_set.year, v_ward, target_set.metric, target_set.value);
        v_id := id;
    END IF;

    INSERT INTO ansinh.target_history
           (target_id, year, ward_code, metric, value, previous_value, recorded_by, token_id, request_id)
    VALUES (v_id, target_set.year, v_ward, target_set.metric, target_set.value, old.value,
            coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user),
            nullif(current_setting('ansinh.token_id', true), '')::uuid, target_set.request_id);

    RETURN ansinh.log_request_scoped(request_id, op, ansinh.ok(
        CASE WHEN old.id IS NULL THEN format('target %s %s for %s set to %s', year, metric, v_scope, value)
             ELSE format('target %s %s for %s changed from %s to %s', year, metric, v_scope, old.value, value) END,
        v_id, v_ward));
END
$$;

-- ------------------------------------------------------------------ API: reads
-- Row-level security decides what a session sees; ward NULL or '' means
-- "every ward the session may see". Dates come back as YYYY-MM-DD,
-- timestamps as RFC 3339 UTC; "limit" 0 or NULL means no limit.

-- Programmes of a ward include the district-wide ones (their sessions may be
-- held there); session_count counts the sessions the session may see (in
-- that ward, when one is named).
CREATE FUNCTION ansinh_api.programme_list(ward text, kind text, "limit" integer)
RETURNS TABLE (id uuid, ward_code text, name text, organization_id uuid, organization_name text,
               kind text, schedule text, created_at text, session_count integer)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT p.id, p.ward_code, p.name, p.organization_id, o.name, p.kind, p.schedule,
           ansinh.rfc3339(p.created_at),
           (SELECT pg_catalog.count(*)::integer
              FROM ansinh.programme_session AS s
             WHERE s.programme_id = p.id
               AND (nullif(programme_list.ward, '') IS NULL OR s.ward_code = programme_list.ward))
      FROM ansinh.programme AS p
      JOIN ansinh.organization AS o ON o.id = p.organization_id
     WHERE (nullif(programme_list.ward, '') IS NULL OR p.ward_code = programme_list.ward OR p.ward_code IS NULL)
       AND (nullif(programme_list.kind, '') IS NULL OR p.kind = programme_list.kind)
     ORDER BY p.ward_code NULLS FIRST, p.name
     LIMIT nullif(programme_list."limit", 0);
END;

-- Sessions, oldest first, with their goods lines and donors as arrays (in
-- line order, and by donor name).
CREATE FUNCTION ansinh_api.session_list(ward text, programme_id uuid, from_date date, to_date date, "limit" integer)
RETURNS TABLE (id uuid, ward_code text, programme_id uuid, programme_name text, held_on text,
               residential_group integer, beneficiaries integer, household_count integer,
               goods_value_vnd bigint, goods_items text[], goods_quantities text[], goods_units text[],
               goods_values bigint[], donor_ids uuid[], donor_names text[], note text, created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT s.id, s.ward_code, s.programme_id, p.name, ansinh.iso_date(s.held_on),
           s.residential_group::integer, s.beneficiaries,
           (SELECT pg_catalog.count(*)::integer FROM ansinh.programme_session_household AS h
             WHERE h.ward_code = s.ward_code AND h.session_id = s.id),
           coalesce(g.total, 0),
           coalesce(g.items, '{}'), coalesce(g.quantities, '{}'), coalesce(g.units, '{}'), coalesce(g.vals, '{}'),
           coalesce(d.ids, '{}'), coalesce(d.names, '{}'),
           s.note, ansinh.rfc3339(s.created_at)
      FROM ansinh.programme_session AS s
      JOIN ansinh.programme AS p ON p.id = s.programme_id
      LEFT JOIN LATERAL (
            SELECT pg_catalog.sum(gl.value_vnd)::bigint AS total,
                   pg_catalog.array_agg(gl.item ORDER BY gl.line) AS items,
                   pg_catalog.array_agg(pg_catalog.trim_scale(gl.quantity)::text ORDER BY gl.line) AS quantities,
                   pg_catalog.array_agg(gl.unit ORDER BY gl.line) AS units,
                   pg_catalog.array_agg(gl.value_vnd ORDER BY gl.line) AS vals
              FROM ansinh.programme_session_goods AS gl
             WHERE gl.ward_code = s.ward_code AND gl.session_id = s.id
           ) AS g ON true
      LEFT JOIN LATERAL (
            SELECT pg_catalog.array_agg(o.id ORDER BY o.name) AS ids,
                   pg_catalog.array_agg(o.name ORDER BY o.name) AS names
              FROM ansinh.programme_session_donor AS dn
              JOIN ansinh.organization AS o ON o.id = dn.organization_id
             WHERE dn.ward_code = s.ward_code AND dn.session_id = s.id
           ) AS d ON true
     WHERE (nullif(session_list.ward, '') IS NULL OR s.ward_code = session_list.ward)
       AND (session_list.programme_id IS NULL OR s.programme_id = session_list.programme_id)
       AND (session_list.from_date IS NULL OR s.held_on >= session_list.from_date)
       AND (session_list.to_date IS NULL OR s.held_on <= session_list.to_date)
     ORDER BY s.held_on, s.ward_code, p.name, s.created_at, s.id
     LIMIT nullif(session_list."limit", 0);
END;

-- Pairings by year, sponsor, household (id, or ward + code) and openness.
CREATE FUNCTION ansinh_api.pairing_list(
    ward text, year integer, organization_id uuid, household_id uuid, household_code text,
    open_only boolean, "limit" integer)
RETURNS TABLE (id uuid, ward_code text, organization_id uuid, organization_name text, household_id uuid,
               household_code text, head_name text, year integer, commitment text, signed_on text,
               ended_on text, end_note text, created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT pr.id, pr.ward_code, pr.organization_id, o.name, pr.household_id, h.code, h.head_name,
           pr.year::integer, pr.commitment, ansinh.iso_date(pr.signed_on), ansinh.iso_date(pr.ended_on),
           pr.end_note, ansinh.rfc3339(pr.created_at)
      FROM ansinh.pairing AS pr
      JOIN ansinh.organization AS o ON o.id = pr.organization_id
      JOIN ansinh.household AS h ON h.ward_code = pr.ward_code AND h.id = pr.household_id
     WHERE (nullif(pairing_list.ward, '') IS NULL OR pr.ward_code = pairing_list.ward)
       AND (nullif(pairing_list.year, 0) IS NULL OR pr.year = pairing_list.year)
       AND (pairing_list.organization_id IS NULL OR pr.organization_id = pairing_list.organization_id)
       AND (pairing_list.household_id IS NULL OR pr.household_id = pairing_list.household_id)
       AND (nullif(pairing_list.household_code, '') IS NULL OR h.code = pairing_list.household_code)
       AND (NOT coalesce(pairing_list.open_only, false) OR pr.ended_on IS NULL)
     ORDER BY pr.ward_code, pr.year, h.code, o.name, pr.signed_on, pr.id
     LIMIT nullif(pairing_list."limit", 0);
END;

-- Job weeks (those starting in the year, if given), with how many events of
-- each kind point to them.
CREATE FUNCTION ansinh_api.job_week_list(ward text, year integer, "limit" integer)
RETURNS TABLE (id uuid, ward_code text, title text, starts_on text, ends_on text, note text,
               placements integer, trainings integer, referrals integer, labour_exports integer,
               created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT j.id, j.ward_code, j.title, ansinh.iso_date(j.starts_on), ansinh.iso_date(j.ends_on), j.note,
           coalesce(c.placements, 0), coalesce(c.trainings, 0), coalesce(c.referrals, 0),
           coalesce(c.labour_exports, 0), ansinh.rfc3339(j.created_at)
      FROM ansinh.job_week AS j
      LEFT JOIN LATERAL (
            SELECT (pg_catalog.count(*) FILTER (WHERE e.kind = 'job-placement'))::integer AS placements,
                   (pg_catalog.count(*) FILTER (WHERE e.kind = 'vocational-training'))::integer AS trainings,
                   (pg_catalog.count(*) FILTER (WHERE e.kind = 'employment-centre-referral'))::integer AS referrals,
                   (pg_catalog.count(*) FILTER (WHERE e.kind = 'labour-export'))::integer AS labour_exports
              FROM ansinh.employment_event AS e
             WHERE e.ward_code = j.ward_code AND e.job_week_id = j.id
           ) AS c ON true
     WHERE (nullif(job_week_list.ward, '') IS NULL OR j.ward_code = job_week_list.ward)
       AND (nullif(job_week_list.year, 0) IS NULL
            OR pg_catalog.date_part('year', j.starts_on) = job_week_list.year)
     ORDER BY j.starts_on, j.ward_code, j.title, j.id
     LIMIT nullif(job_week_list."limit", 0);
END;

-- Employment events, oldest first.
CREATE FUNCTION ansinh_api.job_event_list(
    ward text, kind text, from_date date, to_date date, job_week_id uuid, "limit" integer)
RETURNS TABLE (id uuid, ward_code text, kind text, person_id uuid, full_name text, citizen_id text,
               household_code text, employer text, trade text, occurred_on text, job_week_id uuid,
               job_week_title text, note text, created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT e.id, e.ward_code, e.kind, e.person_id, coalesce(p.full_name, e.person_name),
           coalesce(p.citizen_id, e.citizen_id), h.code, e.employer, e.trade, ansinh.iso_date(e.occurred_on),
           e.job_week_id, j.title, e.note, ansinh.rfc3339(e.created_at)
      FROM ansinh.employment_event AS e
      LEFT JOIN ansinh.person AS p ON p.ward_code = e.ward_code AND p.id = e.person_id
      LEFT JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
      LEFT JOIN ansinh.job_week AS j ON j.ward_code = e.ward_code AND j.id = e.job_week_id
     WHERE (nullif(job_event_list.ward, '') IS NULL OR e.ward_code = job_event_list.ward)
       AND (nullif(job_event_list.kind, '') IS NULL OR e.kind = job_event_list.kind)
       AND (job_event_list.from_date IS NULL OR e.occurred_on >= job_event_list.from_date)
       AND (job_event_list.to_date IS NULL OR e.occurred_on <= job_event_list.to_date)
       AND (job_event_list.job_week_id IS NULL OR e.job_week_id = job_event_list.job_week_id)
     ORDER BY e.occurred_on, e.ward_code, e.created_at, e.id
     LIMIT nullif(job_event_list."limit", 0);
END;

-- Targets: the district's first, then by ward; metrics in their documented
-- order. set_by is who set the current value.
CREATE FUNCTION ansinh_api.target_list(year integer, ward text)
RETURNS TABLE (id uuid, year integer, ward_code text, metric text, value bigint, set_at text, set_by text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT t.id, t.year::integer, t.ward_code, t.metric, t.value, ansinh.rfc3339(t.updated_at),
           (SELECT th.recorded_by FROM ansinh.target_history AS th
             WHERE th.target_id = t.id ORDER BY th.id DESC LIMIT 1)
      FROM ansinh.target AS t
     WHERE (nullif(target_list.year, 0) IS NULL OR t.year = target_list.year)
       AND (nullif(target_list.ward, '') IS NULL OR t.ward_code = target_list.ward)
     ORDER BY t.year, t.ward_code NULLS FIRST,
              pg_catalog.array_position(ARRAY['poor-exit', 'poor-exit-special', 'poor-exit-central', 'near-poor-exit',
                                               'livelihood-cases', 'houses-built', 'job-placements',
                                               'vocational-training', 'referrals', 'pairings'], t.metric);
END;

-- ------------------------------------------------------------------ comments

COMMENT ON FUNCTION ansinh_api.programme_create(uuid, uuid, text, boolean, text, uuid, text, text) IS
    'Creates a programme of a ward, or (district sessions, district_wide) of the district as a whole; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.session_create(uuid, uuid, text, uuid, date, integer, integer, text[], numeric[], text[], bigint[], uuid[], text[], uuid[], text) IS
    'Records a programme session with its goods lines (parallel arrays), households served (ids and/or codes) and donors; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.pairing_create(uuid, uuid, text, uuid, uuid, text, integer, text, date) IS
    'Pairs a household (by id, or ward + code) with a sponsoring organization for a year; at most one open pairing per household, organization and year';
COMMENT ON FUNCTION ansinh_api.pairing_end(uuid, uuid, text, date, text) IS
    'Ends a pairing (ended_on default today, not before signed_on)';
COMMENT ON FUNCTION ansinh_api.job_week_create(uuid, uuid, text, text, date, date, text) IS
    'Records a job week hosted by a ward';
COMMENT ON FUNCTION ansinh_api.job_event_create(uuid, uuid, text, text, uuid, text, text, text, text, date, uuid, text) IS
    'Records an employment event for a member (person_id) or a named person, optionally at a job week of the same ward';
COMMENT ON FUNCTION ansinh_api.target_set(uuid, uuid, integer, text, text, bigint) IS
    'District sessions only: sets the target of a year, ward (NULL: the district) and metric, keeping every value in target_history';
COMMENT ON FUNCTION ansinh_api.programme_list(text, text, integer) IS
    'Programmes (of a ward: with the district-wide ones), by kind';
COMMENT ON FUNCTION ansinh_api.session_list(text, uuid, date, date, integer) IS
    'Programme sessions by ward, programme and date range, with goods, donors and totals';
COMMENT ON FUNCTION ansinh_api.pairing_list(text, integer, uuid, uuid, text, boolean, integer) IS
    'Sponsorship pairings by ward, year, sponsor, household and openness';
COMMENT ON FUNCTION ansinh_api.job_week_list(text, integer, integer) IS
    'Job weeks by ward and year, with counts of their events by kind';
COMMENT ON FUNCTION ansinh_api.job_event_list(text, text, date, date, uuid, integer) IS
    'Employment events by ward, kind, date range and job week';
COMMENT ON FUNCTION ansinh_api.target_list(integer, text) IS
    'Targets by year and ward (NULL: every target the session may see, district ones included)';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ALL TABLES IN SCHEMA ansinh FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh_api FROM PUBLIC;

-- The daemon: no DELETE anywhere; UPDATE only where a record changes
-- (pairings end, targets are re-set).
GRANT SELECT, INSERT ON
    ansinh.programme, ansinh.programme_session, ansinh.programme_session_goods,
    ansinh.programme_session_household, ansinh.programme_session_donor,
    ansinh.job_week, ansinh.employment_event, ansinh.target_history,
    ansinh.district_request_log, ansinh.district_audit_event
  TO ansinh_daemon;
GRANT SELECT, INSERT, UPDATE ON ansinh.pairing, ansinh.target TO ansinh_daemon;
GRANT SELECT ON ansinh.programme_session_v, ansinh.pairing_v, ansinh.employment_event_v, ansinh.target_v
  TO ansinh_daemon;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ansinh_api TO ansinh_daemon;

-- Analysts read every new table and view.
GRANT SELECT ON
    ansinh.programme, ansinh.programme_session, ansinh.programme_session_goods,
    ansinh.programme_session_household, ansinh.programme_session_donor,
    ansinh.pairing, ansinh.job_week, ansinh.employment_event,
    ansinh.target, ansinh.target_history,
    ansinh.district_request_log, ansinh.district_audit_event,
    ansinh.programme_session_v, ansinh.pairing_v, ansinh.employment_event_v, ansinh.target_v
  TO ansinh_analyst;

-- Helpers: those used by policies, constraints, views and generated columns
-- for everyone who reads or writes; the rest for the daemon's API.
GRANT EXECUTE ON FUNCTION
    ansinh.context_may_read_scope(text),
    ansinh.context_may_write_scope(text),
    ansinh.is_clean_label(text, integer),
    ansinh.is_clean_note(text, integer),
    ansinh.clean_note(text)
  TO ansinh_daemon, ansinh_analyst;
GRANT EXECUTE ON FUNCTION
    ansinh.text_problem(text, text, integer, boolean, boolean),
    ansinh.date_problem(text, date, boolean),
    ansinh.start_write_scoped(uuid, text),
    ansinh.log_request_scoped(uuid, text, ansinh_api.outcome),
    ansinh.programme_problem(text, text, text),
    ansinh.employment_kind_problem(text),
    ansinh.target_metric_problem(text),
    ansinh.year_problem(text, integer),
    ansinh.find_household(text, uuid, text)
  TO ansinh_daemon;

-- ==========================================================================
-- 8. a tamper-evident audit trail (seals chaining the audit events), and
-- likely duplicate persons across wards.
--
-- ------------------------------------------------------------------ the audit model
--
-- Three tables hold audit events, and the seals take all three:
--
--   audit_event            records of a ward (trigger ansinh.audit_row,
--                          part 2)
--   district_audit_event   records of the district as a whole, ward_code NULL:
--                          district-wide programmes, district targets and
--                          their history (trigger ansinh.audit_district_row,
--                          part 7)
--   reference_audit_event  the shared reference tables: funds and
--                          organizations (trigger ansinh.audit_reference_row,
--                          part 6) and poverty standards (part 9)
--
-- Every write leaves an event row, written by the writer's own transaction.
-- Writers never touch anything shared beyond that insert: there is no chain
-- head they would all have to lock, so the trail does not serialise writes.
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
--                     digests those of its events: ward events by id, then
--                     district events by id, then reference events by id
--                     (their items in audit_seal_district_event and
--                     audit_seal_reference_event). event_count counts the
--                     seal's events of all three trails; first_event_id and
--                     last_event_id are the range of its ward events (NULL
--                     when it holds none).
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

-- ------------------------------------------------------------------ seals
CREATE TABLE ansinh.audit_seal (
    id             bigint      PRIMARY KEY
        CONSTRAINT audit_seal_id_positive CHECK (id > 0),
    sealed_at      timestamptz NOT NULL DEFAULT now(),
    sealed_by      text        NOT NULL DEFAULT session_user,
    event_count    integer     NOT NULL
        CONSTRAINT audit_seal_event_count_positive CHECK (event_count > 0),
    -- NULL when the seal holds no ward event.
    first_event_id bigint,
    last_event_id  bigint,
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

COMMENT ON COLUMN ansinh.audit_seal.id IS 'Seal number: 1, 2, 3, … without gaps; the order of the chain';
COMMENT ON COLUMN ansinh.audit_seal.sealed_at IS 'When the seal was made';
COMMENT ON COLUMN ansinh.audit_seal.sealed_by IS 'Database user that made it (the daemon''s, or whoever ran ansinhd audit seal)';
COMMENT ON COLUMN ansinh.audit_seal.prev_hash IS 'hash of the previous seal; 32 zero bytes for seal 1';
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

-- ------------------------------------------------------------------ seal items, other trails
-- The district and reference trails' events each seal holds.
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

-- The district and reference trails, as ansinh.audit_event_canon: a jsonb
-- object of every column, the time as RFC 3339 UTC text, xact as text, and
-- the trail's name, so that no event of one trail has the canonical text of
-- an event of another.
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

-- ------------------------------------------------------------------ sealing
-- Seals up to max_events unsealed events of the three trails (the oldest
-- first: ward events by id, then district events by id, then reference
-- events by id, the order the hash takes them) and returns the seal made,
-- or no row when there was nothing to seal or, with wait false, another
-- sealer held the lock. more is true when events were left for the
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
    -- Taken before the events are read, so it is no newer than their
    -- snapshot: every event that statement cannot see has xact >= horizon.
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

-- The sealer reads every ward's events, and only as itself: a member of the
-- role (the owner, who must be one to give it the function) gains nothing.
CREATE POLICY sealer_read ON ansinh.audit_event FOR SELECT TO ansinh_sealer
    USING (current_user = 'ansinh_sealer');
-- Likewise the district events; the context policies of that table are
-- evaluated for it too.
CREATE POLICY sealer_read ON ansinh.district_audit_event FOR SELECT TO ansinh_sealer
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

-- Hand the sealing function to ansinh_sealer, as part 5 does for
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

-- The district and reference trails.
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

-- ==========================================================================
-- 9. poverty standards, yearly assessments and their classification,
-- the district's recognition of a review, the expected-exit list, case files,
-- and the exit/entry figures of the yearly review.
--
-- The standard is data: ansinh.poverty_standard holds one row per standard
-- and area (urban, rural), seeded with the central multidimensional standard
-- of 2022–2025 (Decree 07/2021/NĐ-CP); the city's own standard, or the next
-- period's, is added with `ansinh standard add`. The 12 indicators of
-- deprivation in 6 dimensions are rows of ansinh.poverty_indicator.
--
-- A household is classified, for every standard valid in the review year, by
-- ansinh.poverty_class() from its assessment; the view
-- ansinh.poverty_classification shows one row per assessment and standard,
-- with the reason in words, so psql shows exactly what the daemon answers.
--
-- Status: an assessment alone changes nothing on the household. When the
-- district recognizes a review (ansinh_api.recognition_create), the
-- classification by the chosen standard becomes the household's status,
-- dated by the recognition, through the same columns and history
-- (household.status, household.status_since, household_status) that
-- `household update --status` writes.
--
-- Classification, for one standard and area (line = income_line_vnd):
--   poor           income <= line and deprivations >= min_deprivations
--   near-poor      otherwise, income <= near_poor_ceiling_vnd
--   average        otherwise, income <= average_ceiling_vnd
--   above-average  otherwise
-- The central standard has near_poor_ceiling = line, so near-poor there is
-- "income <= line and fewer than 3 deprivations", and average_ceiling =
-- 1.5 × line.

-- ------------------------------------------------------------------ indicators
CREATE TABLE ansinh.poverty_indicator (
    code        text     PRIMARY KEY
        CONSTRAINT poverty_indicator_code_word CHECK (code ~ '^[a-z]+(-[a-z]+)*$'),
    position    smallint NOT NULL UNIQUE
        CONSTRAINT poverty_indicator_position_range CHECK (position BETWEEN 1 AND 12),
    dimension   text     NOT NULL
        CONSTRAINT poverty_indicator_dimension_word CHECK (
            dimension IN ('employment', 'health', 'education', 'housing', 'water-sanitation', 'information')),
    name        text     NOT NULL UNIQUE,
    name_vi     text     NOT NULL UNIQUE,
    column_name text     NOT NULL UNIQUE
        CONSTRAINT poverty_indicator_column_name CHECK (column_name = 'deprived_' || replace(code, '-', '_'))
);

COMMENT ON TABLE ansinh.poverty_indicator IS
    'The 12 indicators of deprivation of the multidimensional poverty standard (Decree 07/2021/NĐ-CP), in 6 dimensions. Reference data.';
COMMENT ON COLUMN ansinh.poverty_indicator.code IS 'The word used on the command line and in CSV files, e.g. health-insurance';
COMMENT ON COLUMN ansinh.poverty_indicator.position IS 'Order of the indicator in the standard, 1–12';
COMMENT ON COLUMN ansinh.poverty_indicator.dimension IS 'employment, health, education, housing, water-sanitation or information';
COMMENT ON COLUMN ansinh.poverty_indicator.name IS 'English name, as it appears in classification reasons, e.g. health insurance';
COMMENT ON COLUMN ansinh.poverty_indicator.name_vi IS 'Vietnamese name, e.g. Bảo hiểm y tế';
COMMENT ON COLUMN ansinh.poverty_indicator.column_name IS 'The boolean column of ansinh.poverty_assessment that records this deprivation';

INSERT INTO ansinh.poverty_indicator (position, code, dimension, name, name_vi, column_name) VALUES
    (1,  'employment',         'employment',       'employment',                   'Việc làm',                                   'deprived_employment'),
    (2,  'dependants',         'employment',       'dependants',                   'Người phụ thuộc trong hộ gia đình',          'deprived_dependants'),
    (3,  'nutrition',          'health',           'nutrition',                    'Dinh dưỡng',                                 'deprived_nutrition'),
    (4,  'health-insurance',   'health',           'health insurance',             'Bảo hiểm y tế',                              'deprived_health_insurance'),
    (5,  'adult-education',    'education',        'adult education',              'Trình độ giáo dục của người lớn',            'deprived_adult_education'),
    (6,  'child-schooling',    'education',        'children''s school attendance', 'Tình trạng đi học của trẻ em',             'deprived_child_schooling'),
    (7,  'housing-quality',    'housing',          'housing quality',              'Chất lượng nhà ở',                           'deprived_housing_quality'),
    (8,  'housing-area',       'housing',          'housing area',                 'Diện tích nhà ở bình quân đầu người',        'deprived_housing_area'),
    (9,  'water',              'water-sanitation', 'domestic water',               'Nguồn nước sinh hoạt',                       'deprived_water'),
    (10, 'latrine',            'water-sanitation', 'hygienic latrine',             'Nhà tiêu hợp vệ sinh',                       'deprived_latrine'),
    (11, 'telecom',            'information',      'telecom services',             'Sử dụng dịch vụ viễn thông',                 'deprived_telecom'),
    (12, 'information-access', 'information',      'access to information',        'Phương tiện phục vụ tiếp cận thông tin',     'deprived_information_access');

-- ------------------------------------------------------------------ standards
-- One row per standard and area. District-wide reference data: not
-- ward-scoped, so its rows carry their own provenance (who, token, request)
-- instead of audit_event and request_log rows, which need a ward. Append-only.
CREATE TABLE ansinh.poverty_standard (
    code                  text        NOT NULL
        CONSTRAINT poverty_standard_code_format CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    area                  text        NOT NULL
        CONSTRAINT poverty_standard_area_word CHECK (area IN ('urban', 'rural')),
    id                    uuid        NOT NULL UNIQUE,
    name                  text        NOT NULL
        CONSTRAINT poverty_standard_name_text CHECK (
            name <> '' AND char_length(name) <= 200 AND name IS NFC NORMALIZED
            AND name = ansinh.clean_name(name) AND name !~ '[[:cntrl:]]'),
    scope                 text        NOT NULL
        CONSTRAINT poverty_standard_scope_word CHECK (scope IN ('central', 'city')),
    valid_from            date        NOT NULL,
    valid_to              date        NOT NULL,
    income_line_vnd       bigint      NOT NULL
        CONSTRAINT poverty_standard_income_line_range CHECK (income_line_vnd BETWEEN 1 AND 1000000000000),
    near_poor_ceiling_vnd bigint      NOT NULL,
    average_ceiling_vnd   bigint      NOT NULL
        CONSTRAINT poverty_standard_average_ceiling_range CHECK (average_ceiling_vnd <= 1000000000000),
    min_deprivations      smallint    NOT NULL
        CONSTRAINT poverty_standard_min_deprivations_range CHECK (min_deprivations BETWEEN 1 AND 12),
    note                  text
        CONSTRAINT poverty_standard_note_text CHECK (
            note <> '' AND char_length(note) <= 4000 AND note IS NFC NORMALIZED
            AND regexp_replace(note, '[\n\t]', '', 'g') !~ '[[:cntrl:]]'),
    created_at            timestamptz NOT NULL DEFAULT now(),
    created_by            text        NOT NULL,
    token_id              uuid,
    request_id            uuid        UNIQUE,
    PRIMARY KEY (code, area),
    CONSTRAINT poverty_standard_validity CHECK (
        valid_from <= valid_to AND valid_from >= '1900-01-01' AND valid_to <= '2100-12-31'),
    CONSTRAINT poverty_standard_ceilings_order CHECK (
        income_line_vnd <= near_poor_ceiling_vnd AND near_poor_ceiling_vnd <= average_ceiling_vnd)
);

CREATE TRIGGER poverty_standard_append_only
    BEFORE UPDATE OR DELETE ON ansinh.poverty_standard
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER poverty_standard_no_truncate
    BEFORE TRUNCATE ON ansinh.poverty_standard
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.poverty_standard IS
    'Poverty standards (chuẩn nghèo): one row per standard and area. The central 2022–2025 standard is seeded; the city''s own and later periods are added by the district (ansinh standard add). Append-only; each row records who added it, and each insert is audited in reference_audit_event.';
COMMENT ON COLUMN ansinh.poverty_standard.code IS 'Short code of the standard, e.g. central-2022; the same for its urban and rural rows';
COMMENT ON COLUMN ansinh.poverty_standard.area IS 'urban (thành thị) or rural (nông thôn)';
COMMENT ON COLUMN ansinh.poverty_standard.id IS 'Row id (UUID chosen by the client that added it)';
COMMENT ON COLUMN ansinh.poverty_standard.name IS 'Full name of the standard and its legal basis';
COMMENT ON COLUMN ansinh.poverty_standard.scope IS 'central (the national standard) or city (the city''s own)';
COMMENT ON COLUMN ansinh.poverty_standard.valid_from IS 'First day the standard applies; it classifies assessments of every review year that overlaps [valid_from, valid_to]';
COMMENT ON COLUMN ansinh.poverty_standard.valid_to IS 'Last day the standard applies';
COMMENT ON COLUMN ansinh.poverty_standard.income_line_vnd IS 'Poverty line: average income per person per month, VND. Poor: income <= line and deprivations >= min_deprivations';
COMMENT ON COLUMN ansinh.poverty_standard.near_poor_ceiling_vnd IS 'Near-poor: not poor and income <= this (VND per person per month); equal to the line in the central standard';
COMMENT ON COLUMN ansinh.poverty_standard.average_ceiling_vnd IS 'Average living standard: not near-poor and income <= this (1.5 × the line in the central standard); above it: above-average';
COMMENT ON COLUMN ansinh.poverty_standard.min_deprivations IS 'Number of the 12 deprivations that, with income at or under the line, makes a household poor (3 in the central standard)';
COMMENT ON COLUMN ansinh.poverty_standard.note IS 'Free text, e.g. the decision that set the standard';
COMMENT ON COLUMN ansinh.poverty_standard.created_at IS 'When the row was added';
COMMENT ON COLUMN ansinh.poverty_standard.created_by IS 'Who added it (token name, or the migration for the seeded standard)';
COMMENT ON COLUMN ansinh.poverty_standard.token_id IS 'Token that added it (ansinh.api_token.id); NULL for the seeded standard';
COMMENT ON COLUMN ansinh.poverty_standard.request_id IS 'request_id of the client request that added it (idempotency); NULL for the seeded standard';

-- created_by names the migration that first seeded these rows (0009, before
-- the squash into this baseline); it is data, kept as it was.
INSERT INTO ansinh.poverty_standard
       (code, area, id, name, scope, valid_from, valid_to, income_line_vnd, near_poor_ceiling_vnd,
        average_ceiling_vnd, min_deprivations, note, created_by)
VALUES ('central-2022', 'urban', '01800000-0000-7000-8000-000000000001',
        'Chuẩn nghèo đa chiều quốc gia giai đoạn 2022–2025', 'central', '2022-01-01', '2025-12-31',
        2000000, 2000000, 3000000, 3,
        'Nghị định 07/2021/NĐ-CP (Decree 07/2021); scoring per Circular 07/2021/TT-BLĐTBXH; review per Decision 24/2021/QĐ-TTg',
        'migration 0009'),
       ('central-2022', 'rural', '01800000-0000-7000-8000-000000000002',
        'Chuẩn nghèo đa chiều quốc gia giai đoạn 2022–2025', 'central', '2022-01-01', '2025-12-31',
        1500000, 1500000, 2250000, 3,
        'Nghị định 07/2021/NĐ-CP (Decree 07/2021); scoring per Circular 07/2021/TT-BLĐTBXH; review per Decision 24/2021/QĐ-TTg',
        'migration 0009');

-- Each insert leaves a reference_audit_event row like a fund's.
CREATE TRIGGER poverty_standard_audit
    AFTER INSERT OR UPDATE ON ansinh.poverty_standard
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_reference_row('id');

-- The seed rows above predate the trigger: one insert event each, naming
-- who added the row as the row does.
INSERT INTO ansinh.reference_audit_event
       (actor, token_id, table_name, action, record_key, request_id, row_data)
SELECT s.created_by, s.token_id, 'poverty_standard', 'insert', s.id::text, s.request_id, pg_catalog.to_jsonb(s)
  FROM ansinh.poverty_standard AS s
 ORDER BY s.created_at, s.code, s.area;

-- ------------------------------------------------------------------ assessments
CREATE TABLE ansinh.poverty_assessment (
    ward_code                   text        NOT NULL,
    id                          uuid        NOT NULL,
    household_id                uuid        NOT NULL,
    year                        smallint    NOT NULL
        CONSTRAINT poverty_assessment_year_range CHECK (year BETWEEN 2000 AND 2100),
    assessed_on                 date        NOT NULL,
    area                        text        NOT NULL
        CONSTRAINT poverty_assessment_area_word CHECK (area IN ('urban', 'rural')),
    income_vnd                  bigint      NOT NULL
        CONSTRAINT poverty_assessment_income_range CHECK (income_vnd BETWEEN 0 AND 1000000000000),
    deprived_employment         boolean     NOT NULL DEFAULT false,
    deprived_dependants         boolean     NOT NULL DEFAULT false,
    deprived_nutrition          boolean     NOT NULL DEFAULT false,
    deprived_health_insurance   boolean     NOT NULL DEFAULT false,
    deprived_adult_education    boolean     NOT NULL DEFAULT false,
    deprived_child_schooling    boolean     NOT NULL DEFAULT false,
    deprived_housing_quality    boolean     NOT NULL DEFAULT false,
    deprived_housing_area       boolean     NOT NULL DEFAULT false,
    deprived_water              boolean     NOT NULL DEFAULT false,
    deprived_latrine            boolean     NOT NULL DEFAULT false,
    deprived_telecom            boolean     NOT NULL DEFAULT false,
    deprived_information_access boolean     NOT NULL DEFAULT false,
    deprivation_count           smallint    NOT NULL GENERATED ALWAYS AS (
        deprived_employment::integer + deprived_dependants::integer + deprived_nutrition::integer
        + deprived_health_insurance::integer + deprived_adult_education::integer
        + deprived_child_schooling::integer + deprived_housing_quality::integer
        + deprived_housing_area::integer + deprived_water::integer + deprived_latrine::integer
        + deprived_telecom::integer + deprived_information_access::integer) STORED,
    reviewer                    text
        CONSTRAINT poverty_assessment_reviewer_text CHECK (
            reviewer <> '' AND char_length(reviewer) <= 200 AND reviewer IS NFC NORMALIZED
            AND reviewer = ansinh.clean_name(reviewer) AND reviewer !~ '[[:cntrl:]]'),
    note                        text
        CONSTRAINT poverty_assessment_note_text CHECK (
            note <> '' AND char_length(note) <= 4000 AND note IS NFC NORMALIZED
            AND regexp_replace(note, '[\n\t]', '', 'g') !~ '[[:cntrl:]]'),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    CONSTRAINT poverty_assessment_household_year_key UNIQUE (ward_code, household_id, year),
    -- The review of year Y is done in Y; a baseline may be done late in
    -- Y-1 and a late entry may be dated Y+1.
    CONSTRAINT poverty_assessment_assessed_on_near_year CHECK (
        assessed_on BETWEEN make_date(year - 1, 1, 1) AND make_date(year + 1, 12, 31))
);

CREATE INDEX poverty_assessment_year_idx ON ansinh.poverty_assessment (ward_code, year);
CREATE INDEX poverty_assessment_id_idx ON ansinh.poverty_assessment (id);

CREATE TRIGGER poverty_assessment_touch
    BEFORE UPDATE ON ansinh.poverty_assessment
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER poverty_assessment_audit
    AFTER INSERT OR UPDATE ON ansinh.poverty_assessment
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.poverty_assessment IS
    'Yearly poverty assessment of a household (rà soát): income per person and the 12 deprivation flags. One per household and review year. Its classification by every standard is in the view poverty_classification.';
COMMENT ON COLUMN ansinh.poverty_assessment.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.poverty_assessment.id IS 'Assessment id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.poverty_assessment.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.poverty_assessment.year IS 'Review year: the assessment classifies the household at the end of this year';
COMMENT ON COLUMN ansinh.poverty_assessment.assessed_on IS 'Date of the assessment (in the review year, or the year before or after)';
COMMENT ON COLUMN ansinh.poverty_assessment.area IS 'urban or rural: which income line of a standard applies';
COMMENT ON COLUMN ansinh.poverty_assessment.income_vnd IS 'Average monthly income per person, VND';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_employment IS 'Deprived in employment (việc làm)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_dependants IS 'Deprived in dependants (người phụ thuộc trong hộ gia đình)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_nutrition IS 'Deprived in nutrition (dinh dưỡng)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_health_insurance IS 'Deprived in health insurance (bảo hiểm y tế)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_adult_education IS 'Deprived in adult education (trình độ giáo dục của người lớn)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_child_schooling IS 'Deprived in children''s school attendance (tình trạng đi học của trẻ em)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_housing_quality IS 'Deprived in housing quality (chất lượng nhà ở)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_housing_area IS 'Deprived in housing area per person (diện tích nhà ở bình quân đầu người)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_water IS 'Deprived in domestic water (nguồn nước sinh hoạt)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_latrine IS 'Deprived in hygienic latrine (nhà tiêu hợp vệ sinh)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_telecom IS 'Deprived in use of telecom services (sử dụng dịch vụ viễn thông)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_information_access IS 'Deprived in means of access to information (phương tiện phục vụ tiếp cận thông tin)';
COMMENT ON COLUMN ansinh.poverty_assessment.deprivation_count IS 'Number of the 12 indicators the household is deprived in (computed)';
COMMENT ON COLUMN ansinh.poverty_assessment.reviewer IS 'Who assessed the household; NULL if not recorded';
COMMENT ON COLUMN ansinh.poverty_assessment.note IS 'Free text; NULL if none';
COMMENT ON COLUMN ansinh.poverty_assessment.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.poverty_assessment.updated_at IS 'When the record was last changed';

-- ------------------------------------------------------------------ recognitions
-- The district's confirmation of a household's review result for a year,
-- by one standard. Recording it sets the household's status (and adds to its
-- history) when the status changes. Append-only.
CREATE TABLE ansinh.poverty_recognition (
    ward_code      text        NOT NULL,
    id             uuid        NOT NULL,
    household_id   uuid        NOT NULL,
    assessment_id  uuid        NOT NULL,
    year           smallint    NOT NULL
        CONSTRAINT poverty_recognition_year_range CHECK (year BETWEEN 2000 AND 2100),
    standard_code  text        NOT NULL,
    area           text        NOT NULL,
    classification text        NOT NULL
        CONSTRAINT poverty_recognition_classification_word CHECK (
            classification IN ('poor', 'near-poor', 'average', 'above-average')),
    status         text        NOT NULL
        CONSTRAINT poverty_recognition_status_word CHECK (status IN ('poor', 'near-poor', 'none')),
    recognized_on  date        NOT NULL
        CONSTRAINT poverty_recognition_date_range CHECK (recognized_on BETWEEN '1900-01-01' AND '2100-12-31'),
    decision       text
        CONSTRAINT poverty_recognition_decision_text CHECK (
            decision <> '' AND char_length(decision) <= 200 AND decision IS NFC NORMALIZED
            AND decision = ansinh.clean_name(decision) AND decision !~ '[[:cntrl:]]'),
    recorded_by    text        NOT NULL,
    request_id     uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    FOREIGN KEY (ward_code, assessment_id) REFERENCES ansinh.poverty_assessment (ward_code, id),
    FOREIGN KEY (standard_code, area) REFERENCES ansinh.poverty_standard (code, area),
    CONSTRAINT poverty_recognition_household_year_key UNIQUE (ward_code, household_id, year),
    CONSTRAINT poverty_recognition_status_of_class CHECK (
        status = CASE classification WHEN 'poor' THEN 'poor' WHEN 'near-poor' THEN 'near-poor' ELSE 'none' END)
);

CREATE TRIGGER poverty_recognition_append_only
    BEFORE UPDATE OR DELETE ON ansinh.poverty_recognition
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER poverty_recognition_no_truncate
    BEFORE TRUNCATE ON ansinh.poverty_recognition
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER poverty_recognition_audit
    AFTER INSERT ON ansinh.poverty_recognition
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.poverty_recognition IS
    'The district''s recognition (công nhận) of a household''s review result for a year, by one standard. It sets the household''s status from that date. Append-only.';
COMMENT ON COLUMN ansinh.poverty_recognition.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.poverty_recognition.id IS 'Recognition id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.poverty_recognition.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.poverty_recognition.assessment_id IS 'The assessment recognized (ansinh.poverty_assessment.id)';
COMMENT ON COLUMN ansinh.poverty_recognition.year IS 'Review year';
COMMENT ON COLUMN ansinh.poverty_recognition.standard_code IS 'The standard the result was recognized by (ansinh.poverty_standard.code)';
COMMENT ON COLUMN ansinh.poverty_recognition.area IS 'Area of the assessment, urban or rural';
COMMENT ON COLUMN ansinh.poverty_recognition.classification IS 'Classification recognized: poor, near-poor, average, above-average';
COMMENT ON COLUMN ansinh.poverty_recognition.status IS 'The household status it gives: poor, near-poor, none';
COMMENT ON COLUMN ansinh.poverty_recognition.recognized_on IS 'Date of the recognition; the status holds from this date';
COMMENT ON COLUMN ansinh.poverty_recognition.decision IS 'Reference of the decision, e.g. 1234/QĐ-UBND; NULL if not recorded';
COMMENT ON COLUMN ansinh.poverty_recognition.recorded_by IS 'Who recorded it (token name)';
COMMENT ON COLUMN ansinh.poverty_recognition.request_id IS 'request_id of the client request that recorded it';
COMMENT ON COLUMN ansinh.poverty_recognition.created_at IS 'When it was recorded';

-- ------------------------------------------------------------------ expected exits
CREATE TABLE ansinh.expected_exit (
    ward_code    text        NOT NULL,
    id           uuid        NOT NULL,
    household_id uuid        NOT NULL,
    year         smallint    NOT NULL
        CONSTRAINT expected_exit_year_range CHECK (year BETWEEN 2000 AND 2100),
    withdrawn    boolean     NOT NULL DEFAULT false,
    note         text
        CONSTRAINT expected_exit_note_text CHECK (
            note <> '' AND char_length(note) <= 4000 AND note IS NFC NORMALIZED
            AND regexp_replace(note, '[\n\t]', '', 'g') !~ '[[:cntrl:]]'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    CONSTRAINT expected_exit_household_year_key UNIQUE (ward_code, household_id, year)
);

CREATE INDEX expected_exit_year_idx ON ansinh.expected_exit (ward_code, year);

CREATE TRIGGER expected_exit_touch
    BEFORE UPDATE ON ansinh.expected_exit
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER expected_exit_audit
    AFTER INSERT OR UPDATE ON ansinh.expected_exit
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.expected_exit IS
    'The yearly list of households expected to escape poverty or near-poverty (dự kiến thoát nghèo), one row per household and year; withdrawn rows stay.';
COMMENT ON COLUMN ansinh.expected_exit.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.expected_exit.id IS 'Entry id (UUIDv7 chosen by the client that listed it)';
COMMENT ON COLUMN ansinh.expected_exit.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.expected_exit.year IS 'Year in which the household is expected to escape';
COMMENT ON COLUMN ansinh.expected_exit.withdrawn IS 'Taken off the list (the row is kept)';
COMMENT ON COLUMN ansinh.expected_exit.note IS 'Free text, e.g. what the household needs to get there; NULL if none';
COMMENT ON COLUMN ansinh.expected_exit.created_at IS 'When the household was listed';
COMMENT ON COLUMN ansinh.expected_exit.updated_at IS 'When the entry was last changed';

-- ------------------------------------------------------------------ case files
CREATE TABLE ansinh.casefile (
    ward_code         text        NOT NULL,
    id                uuid        NOT NULL,
    household_id      uuid        NOT NULL,
    circumstances     text
        CONSTRAINT casefile_circumstances_text CHECK (
            circumstances <> '' AND char_length(circumstances) <= 4000 AND circumstances IS NFC NORMALIZED
            AND regexp_replace(circumstances, '[\n\t]', '', 'g') !~ '[[:cntrl:]]'),
    living_conditions text
        CONSTRAINT casefile_living_conditions_text CHECK (
            living_conditions <> '' AND char_length(living_conditions) <= 4000
            AND living_conditions IS NFC NORMALIZED
            AND regexp_replace(living_conditions, '[\n\t]', '', 'g') !~ '[[:cntrl:]]'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    CONSTRAINT casefile_household_key UNIQUE (ward_code, household_id)
);

CREATE TRIGGER casefile_touch
    BEFORE UPDATE ON ansinh.casefile
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER casefile_audit
    AFTER INSERT OR UPDATE ON ansinh.casefile
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.casefile IS
    'Case file (hồ sơ) of a household: its circumstances and living conditions. Its plan of solutions is in casefile_plan_item, its dated notes in casefile_note.';
COMMENT ON COLUMN ansinh.casefile.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.casefile.id IS 'Case file id (UUIDv7 chosen by the client that opened it)';
COMMENT ON COLUMN ansinh.casefile.household_id IS 'The household (ansinh.household.id); one case file per household';
COMMENT ON COLUMN ansinh.casefile.circumstances IS 'Circumstances of the household (hoàn cảnh); NULL if not written';
COMMENT ON COLUMN ansinh.casefile.living_conditions IS 'Living conditions (điều kiện sống); NULL if not written';
COMMENT ON COLUMN ansinh.casefile.created_at IS 'When the case file was opened';
COMMENT ON COLUMN ansinh.casefile.updated_at IS 'When it was last changed';

CREATE TABLE ansinh.casefile_plan_item (
    ward_code    text        NOT NULL,
    id           uuid        NOT NULL,
    household_id uuid        NOT NULL,
    kind         text        NOT NULL
        CONSTRAINT casefile_plan_item_kind_word CHECK (
            kind IN ('livelihood', 'housing', 'employment', 'training', 'health', 'education',
                     'loan', 'assistance', 'other')),
    description  text        NOT NULL
        CONSTRAINT casefile_plan_item_description_text CHECK (
            description <> '' AND char_length(description) <= 500 AND description IS NFC NORMALIZED
            AND description = btrim(description) AND description !~ '[[:cntrl:]]'),
    status       text        NOT NULL DEFAULT 'planned'
        CONSTRAINT casefile_plan_item_status_word CHECK (status IN ('planned', 'in-progress', 'done', 'dropped')),
    due_on       date
        CONSTRAINT casefile_plan_item_due_range CHECK (due_on BETWEEN '1900-01-01' AND '2100-12-31'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id)
);

CREATE INDEX casefile_plan_item_household_idx ON ansinh.casefile_plan_item (ward_code, household_id);
CREATE INDEX casefile_plan_item_id_idx ON ansinh.casefile_plan_item (id);

CREATE TRIGGER casefile_plan_item_touch
    BEFORE UPDATE ON ansinh.casefile_plan_item
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER casefile_plan_item_audit
    AFTER INSERT OR UPDATE ON ansinh.casefile_plan_item
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.casefile_plan_item IS
    'Plan of solutions to escape poverty (giải pháp thoát nghèo): one row per item of a household''s plan.';
COMMENT ON COLUMN ansinh.casefile_plan_item.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.casefile_plan_item.id IS 'Item id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.casefile_plan_item.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.casefile_plan_item.kind IS 'livelihood, housing, employment, training, health, education, loan, assistance or other';
COMMENT ON COLUMN ansinh.casefile_plan_item.description IS 'What is to be done, e.g. a food display cabinet for the stall';
COMMENT ON COLUMN ansinh.casefile_plan_item.status IS 'planned, in-progress, done or dropped';
COMMENT ON COLUMN ansinh.casefile_plan_item.due_on IS 'When it should be done; NULL if not set';
COMMENT ON COLUMN ansinh.casefile_plan_item.created_at IS 'When the item was added';
COMMENT ON COLUMN ansinh.casefile_plan_item.updated_at IS 'When it was last changed';

CREATE TABLE ansinh.casefile_note (
    ward_code    text        NOT NULL,
    id           uuid        NOT NULL,
    household_id uuid        NOT NULL,
    noted_on     date        NOT NULL
        CONSTRAINT casefile_note_date_range CHECK (noted_on BETWEEN '1900-01-01' AND '2100-12-31'),
    body         text        NOT NULL
        CONSTRAINT casefile_note_body_text CHECK (
            body <> '' AND char_length(body) <= 4000 AND body IS NFC NORMALIZED
            AND regexp_replace(body, '[\n\t]', '', 'g') !~ '[[:cntrl:]]'),
    recorded_by  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id)
);

CREATE INDEX casefile_note_household_idx ON ansinh.casefile_note (ward_code, household_id, noted_on);

CREATE TRIGGER casefile_note_append_only
    BEFORE UPDATE OR DELETE ON ansinh.casefile_note
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER casefile_note_no_truncate
    BEFORE TRUNCATE ON ansinh.casefile_note
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER casefile_note_audit
    AFTER INSERT ON ansinh.casefile_note
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.casefile_note IS
    'Dated notes in a household''s case file (visits, dialogues, progress). Append-only.';
COMMENT ON COLUMN ansinh.casefile_note.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.casefile_note.id IS 'Note id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.casefile_note.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.casefile_note.noted_on IS 'Date the note is about';
COMMENT ON COLUMN ansinh.casefile_note.body IS 'The note';
COMMENT ON COLUMN ansinh.casefile_note.recorded_by IS 'Who wrote it (token name)';
COMMENT ON COLUMN ansinh.casefile_note.created_at IS 'When it was recorded';

-- ------------------------------------------------------------------ classification

-- VND with thousands separators: vnd(1850000) = '1,850,000'.
CREATE FUNCTION ansinh.vnd(amount bigint) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.to_char(amount, 'FM9,999,999,999,999,999,990');

COMMENT ON FUNCTION ansinh.vnd(bigint) IS
    'An amount of VND with thousands separators: vnd(1850000) = ''1,850,000''';

-- The classification of an income and a number of deprivations under one
-- standard and area: poor, near-poor, average or above-average.
CREATE FUNCTION ansinh.poverty_class(
    income_vnd bigint, deprivations integer, income_line_vnd bigint,
    near_poor_ceiling_vnd bigint, average_ceiling_vnd bigint, min_deprivations integer)
RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
    WHEN income_vnd <= income_line_vnd AND deprivations >= min_deprivations THEN 'poor'
    WHEN income_vnd <= near_poor_ceiling_vnd THEN 'near-poor'
    WHEN income_vnd <= average_ceiling_vnd THEN 'average'
    ELSE 'above-average'
END;

COMMENT ON FUNCTION ansinh.poverty_class(bigint, integer, bigint, bigint, bigint, integer) IS
    'poor when income <= line and deprivations >= the standard''s number; else near-poor when income <= the near-poor ceiling; else average when <= the average ceiling; else above-average';

-- The household status a classification gives.
CREATE FUNCTION ansinh.poverty_status_of(classification text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE classification WHEN 'poor' THEN 'poor' WHEN 'near-poor' THEN 'near-poor' ELSE 'none' END;

COMMENT ON FUNCTION ansinh.poverty_status_of(text) IS
    'The household status of a classification: poor -> poor, near-poor -> near-poor, average/above-average -> none';

-- Why: "income 1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance,
-- housing area, domestic water, hygienic latrine". deprivations are the
-- indicators' names, in the standard's order.
CREATE FUNCTION ansinh.poverty_reason(
    income_vnd bigint, deprivations text[], income_line_vnd bigint,
    near_poor_ceiling_vnd bigint, average_ceiling_vnd bigint, min_deprivations integer)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN income_vnd <= income_line_vnd THEN
        pg_catalog.format('income %s ≤ %s and %s', ansinh.vnd(income_vnd), ansinh.vnd(income_line_vnd),
            CASE
                WHEN coalesce(pg_catalog.cardinality(deprivations), 0) = 0 THEN 'no deprivations'
                ELSE pg_catalog.format('%s %s%s: %s',
                    pg_catalog.cardinality(deprivations),
                    CASE WHEN pg_catalog.cardinality(deprivations) = 1 THEN 'deprivation' ELSE 'deprivations' END,
                    CASE WHEN pg_catalog.cardinality(deprivations) < min_deprivations
                         THEN pg_catalog.format(', fewer than %s', min_deprivations) ELSE '' END,
                    pg_catalog.array_to_string(deprivations, ', '))
            END)
    WHEN income_vnd <= near_poor_ceiling_vnd THEN
        pg_catalog.format('income %s > %s and ≤ %s (near-poor ceiling)', ansinh.vnd(income_vnd),
                          ansinh.vnd(income_line_vnd), ansinh.vnd(near_poor_ceiling_vnd))
    WHEN income_vnd <= average_ceiling_vnd THEN
        pg_catalog.format('income %s > %s and ≤ %s (average living standard)', ansinh.vnd(income_vnd),
                          ansinh.vnd(near_poor_ceiling_vnd), ansinh.vnd(average_ceiling_vnd))
    ELSE
        pg_catalog.format('income %s > %s (above the average living standard)', ansinh.vnd(income_vnd),
                          ansinh.vnd(average_ceiling_vnd))
END;

COMMENT ON FUNCTION ansinh.poverty_reason(bigint, text[], bigint, bigint, bigint, integer) IS
    'The reason for a classification in words, e.g. income 1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance, housing area, …';

-- A standard (any of its areas) applies in a review year when its validity
-- overlaps that calendar year.
CREATE FUNCTION ansinh.standard_valid_in(valid_from date, valid_to date, year integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN valid_from <= pg_catalog.make_date(year, 12, 31) AND valid_to >= pg_catalog.make_date(year, 1, 1);

COMMENT ON FUNCTION ansinh.standard_valid_in(date, date, integer) IS
    'True when [valid_from, valid_to] overlaps the calendar year';

CREATE VIEW ansinh.poverty_classification WITH (security_invoker = true) AS
SELECT a.ward_code,
       a.id AS assessment_id,
       a.household_id,
       h.code AS household_code,
       a.year,
       a.assessed_on,
       a.area,
       a.income_vnd,
       coalesce(pg_catalog.cardinality(d.codes), 0) AS deprivation_count,
       coalesce(d.codes, '{}') AS deprivations,
       s.code AS standard_code,
       s.scope AS standard_scope,
       s.income_line_vnd,
       s.near_poor_ceiling_vnd,
       s.average_ceiling_vnd,
       s.min_deprivations,
       c.classification,
       ansinh.poverty_status_of(c.classification) AS status,
       ansinh.poverty_reason(a.income_vnd, d.names, s.income_line_vnd, s.near_poor_ceiling_vnd,
                             s.average_ceiling_vnd, s.min_deprivations) AS reason
  FROM ansinh.poverty_assessment AS a
  JOIN ansinh.household AS h ON h.ward_code = a.ward_code AND h.id = a.household_id
  JOIN ansinh.poverty_standard AS s
    ON s.area = a.area AND ansinh.standard_valid_in(s.valid_from, s.valid_to, a.year)
  LEFT JOIN LATERAL (
        SELECT pg_catalog.array_agg(i.code ORDER BY i.position) AS codes,
               pg_catalog.array_agg(i.name ORDER BY i.position) AS names
          FROM ansinh.poverty_indicator AS i
         WHERE (pg_catalog.to_jsonb(a) ->> i.column_name)::boolean
       ) AS d ON true
 CROSS JOIN LATERAL (
        SELECT ansinh.poverty_class(a.income_vnd, coalesce(pg_catalog.cardinality(d.codes), 0),
                                    s.income_line_vnd, s.near_poor_ceiling_vnd, s.average_ceiling_vnd,
                                    s.min_deprivations) AS classification
       ) AS c;

COMMENT ON VIEW ansinh.poverty_classification IS
    'Every assessment classified by every standard valid in its review year (same area), with the reason in words. The daemon answers from this view.';
COMMENT ON COLUMN ansinh.poverty_classification.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.poverty_classification.assessment_id IS 'The assessment (ansinh.poverty_assessment.id)';
COMMENT ON COLUMN ansinh.poverty_classification.household_id IS 'The household (ansinh.household.id)';
COMMENT ON COLUMN ansinh.poverty_classification.household_code IS 'The ward''s code for the household';
COMMENT ON COLUMN ansinh.poverty_classification.year IS 'Review year';
COMMENT ON COLUMN ansinh.poverty_classification.assessed_on IS 'Date of the assessment';
COMMENT ON COLUMN ansinh.poverty_classification.area IS 'urban or rural';
COMMENT ON COLUMN ansinh.poverty_classification.income_vnd IS 'Average monthly income per person, VND';
COMMENT ON COLUMN ansinh.poverty_classification.deprivation_count IS 'Number of deprivations';
COMMENT ON COLUMN ansinh.poverty_classification.deprivations IS 'Codes of the indicators deprived in, in the standard''s order';
COMMENT ON COLUMN ansinh.poverty_classification.standard_code IS 'The standard (ansinh.poverty_standard.code)';
COMMENT ON COLUMN ansinh.poverty_classification.standard_scope IS 'central or city';
COMMENT ON COLUMN ansinh.poverty_classification.income_line_vnd IS 'The standard''s income line for the area';
COMMENT ON COLUMN ansinh.poverty_classification.near_poor_ceiling_vnd IS 'The standard''s near-poor ceiling for the area';
COMMENT ON COLUMN ansinh.poverty_classification.average_ceiling_vnd IS 'The standard''s average-living ceiling for the area';
COMMENT ON COLUMN ansinh.poverty_classification.min_deprivations IS 'Deprivations that make a household at or under the line poor';
COMMENT ON COLUMN ansinh.poverty_classification.classification IS 'poor, near-poor, average or above-average';
COMMENT ON COLUMN ansinh.poverty_classification.status IS 'The household status it gives: poor, near-poor or none';
COMMENT ON COLUMN ansinh.poverty_classification.reason IS 'Why, in words: income 1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance, …';

-- ------------------------------------------------------------------ the yearly review in figures

-- Status at the end of a year, by every standard valid that year: the
-- classification of the household's assessment for that year, or of its
-- latest earlier one that the standard classifies (a household not assessed
-- again keeps its last result).
CREATE FUNCTION ansinh.poverty_status_at(year integer)
RETURNS TABLE (ward_code text, household_id uuid, standard_code text, standard_scope text,
               assessment_id uuid, assessment_year integer, classification text, status text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT DISTINCT ON (c.ward_code, c.household_id, c.standard_code)
           c.ward_code, c.household_id, c.standard_code, c.standard_scope,
           c.assessment_id, c.year, c.classification, c.status
      FROM ansinh.poverty_classification AS c
     WHERE c.year <= poverty_status_at.year
       AND EXISTS (SELECT FROM ansinh.poverty_standard AS s
                    WHERE s.code = c.standard_code AND s.area = c.area
                      AND ansinh.standard_valid_in(s.valid_from, s.valid_to, poverty_status_at.year))
     ORDER BY c.ward_code, c.household_id, c.standard_code, c.year DESC;
END;

COMMENT ON FUNCTION ansinh.poverty_status_at(integer) IS
    'Each household''s classification at the end of the year by every standard valid that year (its latest assessment up to that year)';

-- Movements in year Y by every standard valid in both Y-1 and Y: the status
-- at the end of Y-1 and at the end of Y. A household exits poverty when it
-- was poor and is no longer (near-poor or none); it exits near-poverty when
-- it was near-poor and is none. It enters poverty (near-poverty) when it is
-- poor (near-poor) and was not, including households not classified before.
CREATE FUNCTION ansinh.poverty_movement(year integer)
RETURNS TABLE (ward_code text, household_id uuid, household_code text, special_difficulty boolean,
               policy boolean, standard_code text, standard_scope text, status_before text,
               status_after text, central_poor_before boolean, assessed_in_year boolean,
               exited_poverty boolean, exited_near_poverty boolean, entered_poverty boolean,
               entered_near_poverty boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH std AS (
        SELECT DISTINCT s.code
          FROM ansinh.poverty_standard AS s
         WHERE ansinh.standard_valid_in(s.valid_from, s.valid_to, poverty_movement.year)
           AND EXISTS (SELECT FROM ansinh.poverty_standard AS p
                        WHERE p.code = s.code
                          AND ansinh.standard_valid_in(p.valid_from, p.valid_to, poverty_movement.year - 1))
    ), before AS (
        SELECT b.* FROM ansinh.poverty_status_at(poverty_movement.year - 1) AS b
    ), after AS (
        SELECT a.* FROM ansinh.poverty_status_at(poverty_movement.year) AS a
    ), moved AS (
        SELECT coalesce(a.ward_code, b.ward_code) AS ward_code,
               coalesce(a.household_id, b.household_id) AS household_id,
               coalesce(a.standard_code, b.standard_code) AS standard_code,
               coalesce(a.standard_scope, b.standard_scope) AS standard_scope,
               b.status AS status_before,
               a.status AS status_after
          FROM before AS b
          FULL JOIN after AS a
            ON a.ward_code = b.ward_code AND a.household_id = b.household_id
           AND a.standard_code = b.standard_code
    )
    SELECT m.ward_code, m.household_id, h.code, h.special_difficulty, h.policy,
           m.standard_code, m.standard_scope, m.status_before, m.status_after,
           EXISTS (SELECT FROM before AS cb
                    WHERE cb.ward_code = m.ward_code AND cb.household_id = m.household_id
                      AND cb.standard_scope = 'central' AND cb.status = 'poor'),
           EXISTS (SELECT FROM ansinh.poverty_assessment AS pa
                    WHERE pa.ward_code = m.ward_code AND pa.household_id = m.household_id
                      AND pa.year = poverty_movement.year),
           coalesce(m.status_before = 'poor' AND m.status_after IN ('near-poor', 'none'), false),
           coalesce(m.status_before = 'near-poor' AND m.status_after = 'none', false),
           coalesce(m.status_after = 'poor' AND m.status_before IS DISTINCT FROM 'poor', false),
           coalesce(m.status_after = 'near-poor' AND m.status_before IS DISTINCT FROM 'near-poor', false)
      FROM moved AS m
      JOIN std ON std.code = m.standard_code
      JOIN ansinh.household AS h ON h.ward_code = m.ward_code AND h.id = m.household_id;
END;

COMMENT ON FUNCTION ansinh.poverty_movement(integer) IS
    'Per household and standard (valid in Y-1 and Y): status at the end of Y-1 and of Y, and whether it exited or entered poverty or near-poverty in Y';

-- Exits in year Y per ward and standard, broken down as the district's
-- targets are: of which households in especially difficult circumstances,
-- and of which poor by the central standard at the end of Y-1.
CREATE FUNCTION ansinh.poverty_exits(year integer)
RETURNS TABLE (ward_code text, standard_code text, poor_exits integer,
               poor_exits_special_difficulty integer, poor_exits_central_poor integer,
               near_poor_exits integer, near_poor_exits_special_difficulty integer)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT m.ward_code, m.standard_code,
           (pg_catalog.count(*) FILTER (WHERE m.exited_poverty))::integer,
           (pg_catalog.count(*) FILTER (WHERE m.exited_poverty AND m.special_difficulty))::integer,
           (pg_catalog.count(*) FILTER (WHERE m.exited_poverty AND m.central_poor_before))::integer,
           (pg_catalog.count(*) FILTER (WHERE m.exited_near_poverty))::integer,
           (pg_catalog.count(*) FILTER (WHERE m.exited_near_poverty AND m.special_difficulty))::integer
      FROM ansinh.poverty_movement(poverty_exits.year) AS m
     GROUP BY m.ward_code, m.standard_code
     ORDER BY m.ward_code, m.standard_code;
END;

COMMENT ON FUNCTION ansinh.poverty_exits(integer) IS
    'Households escaping poverty / near-poverty in the year, per ward and standard, with how many were in especially difficult circumstances and how many were poor by the central standard';

-- The expected-exit list of year Y against what happened, by every standard
-- valid in Y-1 and Y: exited (poor -> near-poor/none, or near-poor -> none),
-- remained (still poor or near-poor, or worse), not-assessed (no assessment
-- for Y), not-poor (neither poor nor near-poor at the end of Y-1 by this
-- standard).
CREATE FUNCTION ansinh.expected_exit_outcome(year integer)
RETURNS TABLE (ward_code text, household_id uuid, household_code text, standard_code text,
               status_before text, status_after text, outcome text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH std AS (
        SELECT DISTINCT s.code
          FROM ansinh.poverty_standard AS s
         WHERE ansinh.standard_valid_in(s.valid_from, s.valid_to, expected_exit_outcome.year)
           AND EXISTS (SELECT FROM ansinh.poverty_standard AS p
                        WHERE p.code = s.code
                          AND ansinh.standard_valid_in(p.valid_from, p.valid_to, expected_exit_outcome.year - 1))
    )
    SELECT e.ward_code, e.household_id, h.code, std.code, m.status_before, m.status_after,
           CASE
               WHEN NOT EXISTS (SELECT FROM ansinh.poverty_assessment AS pa
                                 WHERE pa.ward_code = e.ward_code AND pa.household_id = e.household_id
                                   AND pa.year = expected_exit_outcome.year) THEN 'not-assessed'
               WHEN m.exited_poverty OR m.exited_near_poverty THEN 'exited'
               WHEN m.status_before IN ('poor', 'near-poor') THEN 'remained'
               ELSE 'not-poor'
           END
      FROM ansinh.expected_exit AS e
      JOIN ansinh.household AS h ON h.ward_code = e.ward_code AND h.id = e.household_id
     CROSS JOIN std
      LEFT JOIN ansinh.poverty_movement(expected_exit_outcome.year) AS m
        ON m.ward_code = e.ward_code AND m.household_id = e.household_id AND m.standard_code = std.code
     WHERE e.year = expected_exit_outcome.year AND NOT e.withdrawn
     ORDER BY e.ward_code, h.code, std.code;
END;

COMMENT ON FUNCTION ansinh.expected_exit_outcome(integer) IS
    'The households expected to exit in the year, by standard: exited, remained, not-assessed or not-poor';

-- The yearly poverty report: per ward (and, without a ward, a total row with
-- ward_code NULL) and per standard valid in Y: poor and near-poor households
-- at the end of Y, entries and exits in Y (NULL when the standard was not
-- valid in Y-1: nothing to compare with), and the expected-exit list's
-- outcome.
CREATE FUNCTION ansinh.poverty_report(year integer, ward text DEFAULT NULL)
RETURNS TABLE (ward_code text, ward_name text, standard_code text, standard_scope text,
               poor integer, near_poor integer, poor_entries integer, poor_exits integer,
               poor_exits_special_difficulty integer, poor_exits_central_poor integer,
               near_poor_entries integer, near_poor_exits integer,
               near_poor_exits_special_difficulty integer, expected_exits integer,
               expected_exited integer, expected_remained integer, expected_not_assessed integer)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH std AS (
        SELECT s.code, pg_catalog.min(s.scope) AS scope,
               pg_catalog.bool_or(ansinh.standard_valid_in(s.valid_from, s.valid_to, poverty_report.year - 1))
                   AS compared
          FROM ansinh.poverty_standard AS s
         WHERE EXISTS (SELECT FROM ansinh.poverty_standard AS v
                        WHERE v.code = s.code
                          AND ansinh.standard_valid_in(v.valid_from, v.valid_to, poverty_report.year))
         GROUP BY s.code
    ), wards AS (
        SELECT w.code, w.name
          FROM ansinh.ward AS w
         WHERE nullif(poverty_report.ward, '') IS NULL OR w.code = poverty_report.ward
    ), at_end AS (
        SELECT a.ward_code, a.standard_code,
               pg_catalog.count(*) FILTER (WHERE a.status = 'poor') AS poor,
               pg_catalog.count(*) FILTER (WHERE a.status = 'near-poor') AS near_poor
          FROM ansinh.poverty_status_at(poverty_report.year) AS a
         GROUP BY a.ward_code, a.standard_code
    ), moves AS (
        SELECT m.ward_code, m.standard_code,
               pg_catalog.count(*) FILTER (WHERE m.entered_poverty) AS poor_entries,
               pg_catalog.count(*) FILTER (WHERE m.exited_poverty) AS poor_exits,
               pg_catalog.count(*) FILTER (WHERE m.exited_poverty AND m.special_difficulty) AS poor_exits_special,
               pg_catalog.count(*) FILTER (WHERE m.exited_poverty AND m.central_poor_before) AS poor_exits_central,
               pg_catalog.count(*) FILTER (WHERE m.entered_near_poverty) AS near_poor_entries,
               pg_catalog.count(*) FILTER (WHERE m.exited_near_poverty) AS near_poor_exits,
               pg_catalog.count(*) FILTER (WHERE m.exited_near_poverty AND m.special_difficulty)
                   AS near_poor_exits_special
          FROM ansinh.poverty_movement(poverty_report.year) AS m
         GROUP BY m.ward_code, m.standard_code
    ), expected AS (
        SELECT o.ward_code, o.standard_code,
               pg_catalog.count(*) AS listed,
               pg_catalog.count(*) FILTER (WHERE o.outcome = 'exited') AS exited,
               pg_catalog.count(*) FILTER (WHERE o.outcome = 'remained') AS remained,
               pg_catalog.count(*) FILTER (WHERE o.outcome = 'not-assessed') AS not_assessed
          FROM ansinh.expected_exit_outcome(poverty_report.year) AS o
         GROUP BY o.ward_code, o.standard_code
    ), listed AS (
        SELECT e.ward_code, pg_catalog.count(*) AS listed
          FROM ansinh.expected_exit AS e
         WHERE e.year = poverty_report.year AND NOT e.withdrawn
         GROUP BY e.ward_code
    ), grid AS (
        SELECT w.code AS ward_code, w.name AS ward_name, std.code AS standard_code, std.scope, std.compared,
               coalesce(ae.poor, 0) AS poor, coalesce(ae.near_poor, 0) AS near_poor,
               mv.poor_entries, mv.poor_exits, mv.poor_exits_special, mv.poor_exits_central,
               mv.near_poor_entries, mv.near_poor_exits, mv.near_poor_exits_special,
               coalesce(l.listed, 0) AS listed, ex.exited, ex.remained, ex.not_assessed
          FROM wards AS w
         CROSS JOIN std
          LEFT JOIN at_end AS ae ON ae.ward_code = w.code AND ae.standard_code = std.code
          LEFT JOIN moves AS mv ON mv.ward_code = w.code AND mv.standard_code = std.code
          LEFT JOIN listed AS l ON l.ward_code = w.code
          LEFT JOIN expected AS ex ON ex.ward_code = w.code AND ex.standard_code = std.code
    )
    SELECT g.ward_code,
           CASE WHEN GROUPING(g.ward_code) = 1 THEN 'all wards' ELSE pg_catalog.min(g.ward_name) END,
           g.standard_code,
           pg_catalog.min(g.scope),
           pg_catalog.sum(g.poor)::integer,
           pg_catalog.sum(g.near_poor)::integer,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.poor_entries), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.poor_exits), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.poor_exits_special), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.poor_exits_central), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.near_poor_entries), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.near_poor_exits), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared)
                THEN coalesce(pg_catalog.sum(g.near_poor_exits_special), 0)::integer END,
           pg_catalog.sum(g.listed)::integer,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.exited), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.remained), 0)::integer END,
           CASE WHEN pg_catalog.bool_or(g.compared) THEN coalesce(pg_catalog.sum(g.not_assessed), 0)::integer END
      FROM grid AS g
     GROUP BY GROUPING SETS ((g.ward_code, g.standard_code), (g.standard_code))
    HAVING GROUPING(g.ward_code) = 0 OR nullif(poverty_report.ward, '') IS NULL
     ORDER BY GROUPING(g.ward_code), g.ward_code, g.standard_code;
END;

COMMENT ON FUNCTION ansinh.poverty_report(integer, text) IS
    'The yearly poverty report: per ward and standard valid in the year (and a total row, ward_code NULL, when no ward is given): poor and near-poor households at the end of the year, entries, exits with their breakdown, and the expected-exit list''s outcome';

-- ------------------------------------------------------------------ API helpers

-- Text as stored: NFC, trimmed; '' stays ''.
CREATE FUNCTION ansinh.tidy_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.btrim(normalize(t, NFC), E' \t\r\n');

COMMENT ON FUNCTION ansinh.tidy_text(text) IS
    'The stored form of a free text: Unicode NFC, trimmed (line breaks inside are kept)';

-- Why a free text (multiline note) is not acceptable, or NULL.
CREATE FUNCTION ansinh.text_problem(what text, t text, max_chars integer, multiline boolean) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN t IS NULL THEN NULL
    WHEN t = '' THEN what || ' must not be empty'
    WHEN pg_catalog.char_length(t) > max_chars THEN pg_catalog.format('%s is longer than %s characters', what, max_chars)
    WHEN (CASE WHEN multiline THEN pg_catalog.regexp_replace(t, '[\n\t]', '', 'g')
               ELSE pg_catalog.replace(t, E'\t', '') END) ~ '[[:cntrl:]]' THEN
        what || ' must not contain control characters'
END;

COMMENT ON FUNCTION ansinh.text_problem(text, text, integer, boolean) IS
    'Why a text is not acceptable (empty, too long, control characters), naming it; NULL when it is';

-- The household a request names: by id (in the ward, if one is named), or by
-- ward and code; locked FOR KEY SHARE. code 0 with the row, or the outcome
-- code (3, 5) and message.
CREATE FUNCTION ansinh.household_lookup(
    ward text, household_id uuid, household_code text,
    OUT code integer, OUT message text, OUT hh ansinh.household)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    v_code text := nullif(btrim(household_code), '');
BEGIN
    code := 0;
    IF household_id IS NOT NULL THEN
        SELECT * INTO hh
          FROM ansinh.household AS h
         WHERE h.id = household_lookup.household_id AND (ward IS NULL OR h.ward_code = ward)
         ORDER BY h.ward_code
         LIMIT 1
           FOR KEY SHARE;
        IF NOT FOUND THEN
            code := 5;
            message := 'household ' || household_id || ' was not found' || coalesce(' in ward ' || ward, '');
            RETURN;
        END IF;
        IF v_code IS NOT NULL AND v_code <> hh.code THEN
            code := 3;
            message := format('household %s has code ''%s'', not ''%s''', household_id, hh.code, ansinh.excerpt(v_code));
        END IF;
        RETURN;
    END IF;
    IF v_code IS NULL THEN
        code := 3;
        message := 'household id or household code is required';
        RETURN;
    END IF;
    message := ansinh.ward_problem(ward);
    IF message IS NOT NULL THEN
        code := 3;
        message := message || ' to find a household by its code';
        RETURN;
    END IF;
    SELECT * INTO hh
      FROM ansinh.household AS h
     WHERE h.ward_code = ward AND h.code = v_code
       FOR KEY SHARE;
    IF NOT FOUND THEN
        code := 5;
        message := format('household ''%s'' was not found in ward %s', ansinh.excerpt(v_code), ward);
    END IF;
END
$$;

COMMENT ON FUNCTION ansinh.household_lookup(text, uuid, text) IS
    'The household a write names (by id, or by ward + code), locked FOR KEY SHARE; or the outcome code and message saying why not';

CREATE FUNCTION ansinh.actor() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user);

COMMENT ON FUNCTION ansinh.actor() IS 'Who is writing: the request''s token name, or the database user';

-- The indicator codes of an assessment, in the standard's order.
CREATE FUNCTION ansinh.assessment_deprivations(a ansinh.poverty_assessment) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce((SELECT pg_catalog.array_agg(i.code ORDER BY i.position)
                       FROM ansinh.poverty_indicator AS i
                      WHERE (pg_catalog.to_jsonb(a) ->> i.column_name)::boolean), '{}');

COMMENT ON FUNCTION ansinh.assessment_deprivations(ansinh.poverty_assessment) IS
    'The codes of the indicators an assessment is deprived in, in the standard''s order';

-- ------------------------------------------------------------------ standards API

CREATE FUNCTION ansinh_api.standard_create(
    request_id uuid, id uuid, code text, area text, name text, scope text,
    valid_from date, valid_to date, income_line_vnd bigint, near_poor_ceiling_vnd bigint,
    average_ceiling_vnd bigint, min_deprivations integer, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'standard_create';
    result ansinh_api.outcome;
    problem text;
    new ansinh.poverty_standard;
    old ansinh.poverty_standard;
    other ansinh.poverty_standard;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    -- A district-wide record: its request is remembered in the row itself.
    SELECT * INTO old FROM ansinh.poverty_standard AS s WHERE s.request_id = standard_create.request_id;
    IF FOUND THEN
        RETURN ROW(0, format('standard %s (%s) added', old.code, old.area), old.id, NULL, true)::ansinh_api.outcome;
    END IF;
    IF ansinh.context_role() IS DISTINCT FROM 'district' THEN
        RETURN ansinh.permission_denied('only a district session may add a poverty standard', id, NULL);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('standard id is required', NULL, NULL);
    END IF;

    new.id := id;
    new.code := btrim(code);
    new.area := area;
    new.name := ansinh.clean_name(name);
    new.scope := scope;
    new.valid_from := valid_from;
    new.valid_to := valid_to;
    new.income_line_vnd := income_line_vnd;
    new.near_poor_ceiling_vnd := coalesce(nullif(near_poor_ceiling_vnd, 0), income_line_vnd);
    new.average_ceiling_vnd := coalesce(nullif(average_ceiling_vnd, 0), income_line_vnd * 3 / 2);
    new.min_deprivations := coalesce(nullif(min_deprivations, 0), 3);
    new.note := nullif(ansinh.tidy_text(note), '');

    problem := CASE
        WHEN new.code IS NULL OR new.code = '' THEN 'standard code is required'
        WHEN new.code !~ '^[a-z0-9][a-z0-9-]{0,31}$' THEN
            format('standard code ''%s'' is not valid: use 1 to 32 lower-case letters, digits and ''-''', ansinh.excerpt(new.code))
        WHEN new.area IS NULL THEN 'area is required: urban or rural'
        WHEN new.area NOT IN ('urban', 'rural') THEN
            format('area ''%s'' is not valid: use urban or rural', ansinh.excerpt(new.area))
        WHEN new.name IS NULL OR new.name = '' THEN 'standard name is required'
        WHEN char_length(new.name) > 200 THEN 'standard name is longer than 200 characters'
        WHEN new.name ~ '[[:cntrl:]]' THEN 'standard name must not contain control characters'
        WHEN new.scope IS NULL THEN 'scope is required: central or city'
        WHEN new.scope NOT IN ('central', 'city') THEN
            format('scope ''%s'' is not valid: use central or city', ansinh.excerpt(new.scope))
        WHEN new.valid_from IS NULL THEN 'valid-from date is required'
        WHEN new.valid_to IS NULL THEN 'valid-to date is required'
        WHEN new.valid_from < '1900-01-01' OR new.valid_to > '2100-12-31' THEN
            'validity must lie between 1900-01-01 and 2100-12-31'
        WHEN new.valid_to < new.valid_from THEN
            format('valid-to date %s is before valid-from date %s', ansinh.iso_date(new.valid_to), ansinh.iso_date(new.valid_from))
        WHEN new.income_line_vnd IS NULL OR new.income_line_vnd < 1 THEN 'income line must be at least 1 VND'
        WHEN new.income_line_vnd > 1000000000000 THEN 'income line must not be more than 1,000,000,000,000 VND'
        WHEN new.near_poor_ceiling_vnd < new.income_line_vnd THEN
            format('near-poor ceiling %s is below the income line %s', ansinh.vnd(new.near_poor_ceiling_vnd), ansinh.vnd(new.income_line_vnd))
        WHEN new.average_ceiling_vnd < new.near_poor_ceiling_vnd THEN
            format('average-living ceiling %s is below the near-poor ceiling %s', ansinh.vnd(new.average_ceiling_vnd), ansinh.vnd(new.near_poor_ceiling_vnd))
        WHEN new.average_ceiling_vnd > 1000000000000 THEN 'average-living ceiling must not be more than 1,000,000,000,000 VND'
        WHEN new.min_deprivations NOT BETWEEN 1 AND 12 THEN
            format('number of deprivations %s is out of range: use 1 to 12', new.min_deprivations)
        ELSE ansinh.text_problem('note', new.note, 4000, true)
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, NULL);
    END IF;

    -- The same standard and area again: fine if it says the same thing.
    SELECT * INTO old FROM ansinh.poverty_standard AS s WHERE s.code = new.code AND s.area = new.area;
    IF FOUND THEN
        IF (old.name, old.scope, old.valid_from, old.valid_to, old.income_line_vnd, old.near_poor_ceiling_vnd,
            old.average_ceiling_vnd, old.min_deprivations, old.note)
           IS NOT DISTINCT FROM
           (new.name, new.scope, new.valid_from, new.valid_to, new.income_line_vnd, new.near_poor_ceiling_vnd,
            new.average_ceiling_vnd, new.min_deprivations, new.note)
        THEN
            RETURN ansinh.ok(format('standard %s (%s) already exists with the same content', old.code, old.area),
                                  old.id, NULL);
        END IF;
        RETURN ansinh.already_exists(format('standard %s (%s) already exists with different content; standards are never changed: add one with a new code',
                                        old.code, old.area), id, NULL);
    END IF;
    IF EXISTS (SELECT FROM ansinh.poverty_standard AS s WHERE s.id = new.id) THEN
        RETURN ansinh.already_exists(format('standard id %s is already used', new.id), id, NULL);
    END IF;
    -- The other area of the same standard must agree on what it is.
    SELECT * INTO other FROM ansinh.poverty_standard AS s WHERE s.code = new.code LIMIT 1;
    IF FOUND AND (other.name, other.scope, other.valid_from, other.valid_to)
                 IS DISTINCT FROM (new.name, new.scope, new.valid_from, new.valid_to) THEN
        RETURN ansinh.failed_precondition(format('standard %s (%s) exists with another name, scope or validity (%s, %s, %s to %s)',
                                        other.code, other.area, other.name, other.scope,
                                        ansinh.iso_date(other.valid_from), ansinh.iso_date(other.valid_to)),
                              id, NULL);
    END IF;
    -- One central standard per area at a time.
    IF new.scope = 'central' THEN
        SELECT * INTO other
          FROM ansinh.poverty_standard AS s
         WHERE s.scope = 'central' AND s.area = new.area AND s.code <> new.code
           AND s.valid_from <= new.valid_to AND s.valid_to >= new.valid_from
         LIMIT 1;
        IF FOUND THEN
            RETURN ansinh.failed_precondition(format('central standard %s already applies to %s areas from %s to %s',
                                            other.code, other.area, ansinh.iso_date(other.valid_from),
                                            ansinh.iso_date(other.valid_to)),
                                  id, NULL);
        END IF;
    END IF;

    INSERT INTO ansinh.poverty_standard
           (code, area, id, name, scope, valid_from, valid_to, income_line_vnd, near_poor_ceiling_vnd,
            average_ceiling_vnd, min_deprivations, note, created_by, token_id, request_id)
    VALUES (new.code, new.area, new.id, new.name, new.scope, new.valid_from, new.valid_to, new.income_line_vnd,
            new.near_poor_ceiling_vnd, new.average_ceiling_vnd, new.min_deprivations, new.note, ansinh.actor(),
            nullif(current_setting('ansinh.token_id', true), '')::uuid, request_id);
    RETURN ansinh.ok(format('standard %s (%s) added', new.code, new.area), new.id, NULL);
END
$$;

CREATE VIEW ansinh_api.standard_row WITH (security_invoker = true) AS
SELECT s.code, s.area, s.id, s.name, s.scope,
       ansinh.iso_date(s.valid_from) AS valid_from,
       ansinh.iso_date(s.valid_to) AS valid_to,
       s.income_line_vnd, s.near_poor_ceiling_vnd, s.average_ceiling_vnd,
       s.min_deprivations::integer AS min_deprivations,
       s.note, ansinh.rfc3339(s.created_at) AS created_at, s.created_by
  FROM ansinh.poverty_standard AS s;

COMMENT ON VIEW ansinh_api.standard_row IS 'A standard as standard_list returns it';

-- year NULL or 0: every standard; else those valid that year. Central first.
CREATE FUNCTION ansinh_api.standard_list(year integer)
RETURNS SETOF ansinh_api.standard_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.standard_row AS r
     WHERE nullif(standard_list.year, 0) IS NULL
        OR ansinh.standard_valid_in(r.valid_from::date, r.valid_to::date, standard_list.year)
     ORDER BY r.valid_from, r.scope, r.code, r.area;
END;

CREATE FUNCTION ansinh_api.indicator_list()
RETURNS TABLE ("position" integer, code text, dimension text, name text, name_vi text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT i.position::integer, i.code, i.dimension, i.name, i.name_vi
      FROM ansinh.poverty_indicator AS i
     ORDER BY i.position;
END;

-- ------------------------------------------------------------------ assessments API

-- Why an assessment's fields are not acceptable, or NULL.
CREATE FUNCTION ansinh.assessment_problem(
    year integer, assessed_on date, area text, income_vnd bigint, deprived text[],
    reviewer text, note text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN year IS NULL THEN 'review year is required'
    WHEN year NOT BETWEEN 2000 AND 2100 THEN
        pg_catalog.format('review year %s is out of range: use 2000 to 2100', year)
    WHEN assessed_on IS NULL THEN 'assessment date is required'
    WHEN assessed_on > ansinh.today() THEN
        pg_catalog.format('assessment date %s is in the future', ansinh.iso_date(assessed_on))
    WHEN assessed_on NOT BETWEEN pg_catalog.make_date(year - 1, 1, 1) AND pg_catalog.make_date(year + 1, 12, 31) THEN
        pg_catalog.format('assessment date %s is too far from review year %s: use a date from %s-01-01 to %s-12-31',
                          ansinh.iso_date(assessed_on), year, year - 1, year + 1)
    WHEN area IS NULL THEN 'area is required: urban or rural'
    WHEN area NOT IN ('urban', 'rural') THEN
        pg_catalog.format('area ''%s'' is not valid: use urban or rural', ansinh.excerpt(area))
    WHEN income_vnd IS NULL THEN 'income per person is required'
    WHEN income_vnd < 0 THEN 'income per person must not be negative'
    WHEN income_vnd > 1000000000000 THEN 'income per person must not be more than 1,000,000,000,000 VND'
    WHEN EXISTS (SELECT FROM pg_catalog.unnest(deprived) AS d (code)
                  WHERE d.code IS NULL OR d.code NOT IN (SELECT i.code FROM ansinh.poverty_indicator AS i)) THEN
        pg_catalog.format('deprivation ''%s'' is not one of the 12 indicators (%s)',
            ansinh.excerpt(coalesce((SELECT d.code FROM pg_catalog.unnest(deprived) AS d (code)
                                      WHERE d.code IS NULL
                                         OR d.code NOT IN (SELECT i.code FROM ansinh.poverty_indicator AS i)
                                      LIMIT 1), '')),
            (SELECT pg_catalog.string_agg(i.code, ', ' ORDER BY i.position) FROM ansinh.poverty_indicator AS i))
    WHEN reviewer = '' THEN 'reviewer must not be empty'
    WHEN pg_catalog.char_length(reviewer) > 200 THEN 'reviewer is longer than 200 characters'
    WHEN reviewer ~ '[[:cntrl:]]' THEN 'reviewer must not contain control characters'
    ELSE ansinh.text_problem('note', note, 4000, true)
END;

COMMENT ON FUNCTION ansinh.assessment_problem(integer, date, text, bigint, text[], text, text) IS
    'Why an assessment''s fields are not acceptable, naming the field; NULL when they are';

CREATE FUNCTION ansinh_api.assessment_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    year integer, assessed_on date, area text, income_vnd bigint, deprived text[],
    reviewer text, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'assessment_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    lk record;
    hh ansinh.household;
    old ansinh.poverty_assessment;
    new ansinh.poverty_assessment;
    d text[] := coalesce(deprived, '{}');
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'assessment id is required', NULL, v_ward);
    END IF;
    SELECT * INTO lk FROM ansinh.household_lookup(v_ward, household_id, household_code);
    IF lk.code <> 0 THEN
        RETURN ansinh.outcome(lk.code, lk.message, id, coalesce((lk.hh).ward_code, v_ward));
    END IF;
    hh := lk.hh;
    problem := ansinh.write_refusal(hh.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, hh.ward_code);
    END IF;

    new.ward_code := hh.ward_code;
    new.id := id;
    new.household_id := hh.id;
    new.year := year;
    new.assessed_on := coalesce(assessed_on, ansinh.today());
    new.area := area;
    new.income_vnd := income_vnd;
    new.reviewer := nullif(ansinh.clean_name(reviewer), '');
    new.note := nullif(ansinh.tidy_text(note), '');
    problem := ansinh.assessment_problem(year, new.assessed_on, new.area, new.income_vnd, d,
                                         new.reviewer, new.note);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, hh.ward_code);
    END IF;
    new.deprived_employment := 'employment' = ANY (d);
    new.deprived_dependants := 'dependants' = ANY (d);
    new.deprived_nutrition := 'nutrition' = ANY (d);
    new.deprived_health_insurance := 'health-insurance' = ANY (d);
    new.deprived_adult_education := 'adult-education' = ANY (d);
    new.deprived_child_schooling := 'child-schooling' = ANY (d);
    new.deprived_housing_quality := 'housing-quality' = ANY (d);
    new.deprived_housing_area := 'housing-area' = ANY (d);
    new.deprived_water := 'water' = ANY (d);
    new.deprived_latrine := 'latrine' = ANY (d);
    new.deprived_telecom := 'telecom' = ANY (d);
    new.deprived_information_access := 'information-access' = ANY (d);

    -- The same id again: fine if it says the same thing (the date defaults
    -- to today, so an omitted one matches any).
    SELECT * INTO old FROM ansinh.poverty_assessment AS a WHERE a.ward_code = hh.ward_code AND a.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.year, old.area, old.income_vnd, ansinh.assessment_deprivations(old),
            old.reviewer, old.note)
           IS NOT DISTINCT FROM
           (new.household_id, new.year, new.area, new.income_vnd, ansinh.assessment_deprivations(new),
            new.reviewer, new.note)
           AND (assessed_on IS NULL OR old.assessed_on = assessed_on)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('assessment of household %s for %s already exists with the same content', hh.code, old.year),
                id, hh.ward_code));
        END IF;
        RETURN ansinh.outcome(6,
            format('assessment %s already exists in ward %s with different content', id, hh.ward_code),
            id, hh.ward_code);
    END IF;
    SELECT * INTO old
      FROM ansinh.poverty_assessment AS a
     WHERE a.ward_code = hh.ward_code AND a.household_id = hh.id AND a.year = new.year;
    IF FOUND THEN
        RETURN ansinh.outcome(6,
            format('household %s already has an assessment for %s (id %s)', hh.code, new.year, old.id),
            id, hh.ward_code);
    END IF;

    INSERT INTO ansinh.poverty_assessment
           (ward_code, id, household_id, year, assessed_on, area, income_vnd,
            deprived_employment, deprived_dependants, deprived_nutrition, deprived_health_insurance,
            deprived_adult_education, deprived_child_schooling, deprived_housing_quality,
            deprived_housing_area, deprived_water, deprived_latrine, deprived_telecom,
            deprived_information_access, reviewer, note)
    VALUES (new.ward_code, new.id, new.household_id, new.year, new.assessed_on, new.area, new.income_vnd,
            new.deprived_employment, new.deprived_dependants, new.deprived_nutrition, new.deprived_health_insurance,
            new.deprived_adult_education, new.deprived_child_schooling, new.deprived_housing_quality,
            new.deprived_housing_area, new.deprived_water, new.deprived_latrine, new.deprived_telecom,
            new.deprived_information_access, new.reviewer, new.note);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('assessment of household %s for %s recorded in ward %s', hh.code, new.year, hh.ward_code),
        id, hh.ward_code));
END
$$;

-- An assessment with its household and, per standard valid in its year, its
-- classification (one row per standard; the assessment's columns repeat),
-- and the recognition of that year if any.
CREATE VIEW ansinh_api.assessment_row WITH (security_invoker = true) AS
SELECT a.id, a.ward_code, a.household_id, h.code AS household_code, h.head_name,
       a.year::integer AS year, ansinh.iso_date(a.assessed_on) AS assessed_on, a.area, a.income_vnd,
       pg_catalog.array_to_string(ansinh.assessment_deprivations(a), ',') AS deprivations,
       a.reviewer, a.note, ansinh.rfc3339(a.created_at) AS created_at, ansinh.rfc3339(a.updated_at) AS updated_at,
       c.standard_code, c.standard_scope, c.income_line_vnd, c.deprivation_count, c.classification,
       c.status, c.reason,
       r.standard_code AS recognized_standard, r.status AS recognized_status,
       ansinh.iso_date(r.recognized_on) AS recognized_on, r.decision AS recognized_decision
  FROM ansinh.poverty_assessment AS a
  JOIN ansinh.household AS h ON h.ward_code = a.ward_code AND h.id = a.household_id
  LEFT JOIN ansinh.poverty_classification AS c ON c.ward_code = a.ward_code AND c.assessment_id = a.id
  LEFT JOIN ansinh.poverty_recognition AS r
    ON r.ward_code = a.ward_code AND r.household_id = a.household_id AND r.year = a.year;

COMMENT ON VIEW ansinh_api.assessment_row IS
    'An assessment as assessment_get/list return it: one row per standard classifying it (standard columns NULL when none does)';

-- The assessment of a household (by id, or ward + code) for a year, or its
-- latest when year is NULL or 0.
CREATE FUNCTION ansinh_api.assessment_get(ward text, household_id uuid, household_code text, year integer)
RETURNS SETOF ansinh_api.assessment_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH hh AS (
        SELECT h.ward_code, h.id
          FROM ansinh.household AS h
         WHERE h.id = assessment_get.household_id
           AND (ansinh.request_ward(assessment_get.ward) IS NULL
                OR h.ward_code = ansinh.request_ward(assessment_get.ward))
        UNION ALL
        SELECT h.ward_code, h.id
          FROM ansinh.household AS h
         WHERE assessment_get.household_id IS NULL
           AND h.ward_code = ansinh.request_ward(assessment_get.ward)
           AND h.code = pg_catalog.btrim(assessment_get.household_code)
    ), pick AS (
        SELECT DISTINCT ON (a.ward_code, a.household_id) a.ward_code, a.id
          FROM ansinh.poverty_assessment AS a
          JOIN hh ON hh.ward_code = a.ward_code AND hh.id = a.household_id
         WHERE nullif(assessment_get.year, 0) IS NULL OR a.year = assessment_get.year
         ORDER BY a.ward_code, a.household_id, a.year DESC
    )
    SELECT r.*
      FROM ansinh_api.assessment_row AS r
      JOIN pick ON pick.ward_code = r.ward_code AND pick.id = r.id
     ORDER BY r.ward_code, r.id, r.standard_scope, r.standard_code;
END;

-- One row per assessment and standard, filtered; by ward, year, household
-- code, standard.
CREATE FUNCTION ansinh_api.assessment_list(
    ward text, year integer, standard_code text, classification text, "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.assessment_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.assessment_row AS r
     WHERE (nullif(assessment_list.ward, '') IS NULL OR r.ward_code = assessment_list.ward)
       AND (nullif(assessment_list.year, 0) IS NULL OR r.year = assessment_list.year)
       AND (nullif(assessment_list.standard_code, '') IS NULL OR r.standard_code = assessment_list.standard_code)
       AND (nullif(assessment_list.classification, '') IS NULL
            OR r.classification = assessment_list.classification)
     ORDER BY r.ward_code, r.year, r.household_code, r.standard_scope, r.standard_code
     LIMIT nullif(assessment_list."limit", 0)
    OFFSET coalesce(assessment_list."offset", 0);
END;

-- ------------------------------------------------------------------ recognition API

CREATE FUNCTION ansinh_api.recognition_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text, year integer,
    standard_code text, recognized_on date, decision text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'recognition_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_standard text := nullif(btrim(standard_code), '');
    v_decision text := nullif(ansinh.clean_name(decision), '');
    v_on date := coalesce(recognized_on, ansinh.today());
    lk record;
    hh ansinh.household;
    a ansinh.poverty_assessment;
    c ansinh.poverty_classification;
    old ansinh.poverty_recognition;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF ansinh.context_role() IS DISTINCT FROM 'district' THEN
        RETURN ansinh.permission_denied('only a district session may recognize the result of a review', id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('recognition id is required', NULL, v_ward);
    END IF;
    problem := CASE
        WHEN year IS NULL THEN 'review year is required'
        WHEN year NOT BETWEEN 2000 AND 2100 THEN format('review year %s is out of range: use 2000 to 2100', year)
        WHEN v_on < '1900-01-01' THEN format('recognition date %s is before 1900-01-01', ansinh.iso_date(v_on))
        WHEN v_on > ansinh.today() THEN format('recognition date %s is in the future', ansinh.iso_date(v_on))
        WHEN char_length(v_decision) > 200 THEN 'decision is longer than 200 characters'
        WHEN v_decision ~ '[[:cntrl:]]' THEN 'decision must not contain control characters'
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    SELECT * INTO lk FROM ansinh.household_lookup(v_ward, household_id, household_code);
    IF lk.code <> 0 THEN
        RETURN ansinh.outcome(lk.code, lk.message, id, coalesce((lk.hh).ward_code, v_ward));
    END IF;
    hh := lk.hh;

    SELECT * INTO a
      FROM ansinh.poverty_assessment AS pa
     WHERE pa.ward_code = hh.ward_code AND pa.household_id = hh.id AND pa.year = recognition_create.year;
    IF NOT FOUND THEN
        RETURN ansinh.failed_precondition(format('household %s has no assessment for %s to recognize', hh.code, year),
                              id, hh.ward_code);
    END IF;
    IF v_standard IS NULL THEN
        SELECT * INTO c
          FROM ansinh.poverty_classification AS pc
         WHERE pc.ward_code = a.ward_code AND pc.assessment_id = a.id AND pc.standard_scope = 'central'
         ORDER BY pc.standard_code
         LIMIT 1;
        IF NOT FOUND THEN
            RETURN ansinh.failed_precondition(format('no central standard applies to %s households in %s: name the standard',
                                            a.area, year), id, hh.ward_code);
        END IF;
    ELSE
        IF NOT EXISTS (SELECT FROM ansinh.poverty_standard AS s WHERE s.code = v_standard) THEN
            RETURN ansinh.not_found(format('standard ''%s'' does not exist', ansinh.excerpt(v_standard)),
                                  id, hh.ward_code);
        END IF;
        SELECT * INTO c
          FROM ansinh.poverty_classification AS pc
         WHERE pc.ward_code = a.ward_code AND pc.assessment_id = a.id AND pc.standard_code = v_standard;
        IF NOT FOUND THEN
            RETURN ansinh.failed_precondition(format('standard %s does not apply to %s households in %s', v_standard,
                                            a.area, year), id, hh.ward_code);
        END IF;
    END IF;
    IF v_on < a.assessed_on THEN
        RETURN ansinh.invalid_argument(format('recognition date %s is before the assessment of %s',
                                        ansinh.iso_date(v_on), ansinh.iso_date(a.assessed_on)), id, hh.ward_code);
    END IF;

    SELECT * INTO old
      FROM ansinh.poverty_recognition AS r
     WHERE r.ward_code = hh.ward_code AND r.household_id = hh.id AND r.year = recognition_create.year;
    IF FOUND THEN
        -- The same recognition again is fine (the date defaults to today,
        -- so an omitted one matches any).
        IF (old.standard_code, old.decision) IS NOT DISTINCT FROM (c.standard_code, v_decision)
           AND (recognized_on IS NULL OR old.recognized_on = recognized_on)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('household %s was already recognized for %s as %s by %s', hh.code, old.year, old.status,
                       old.standard_code), old.id, hh.ward_code));
        END IF;
        RETURN ansinh.already_exists(format('household %s was already recognized for %s as %s by %s on %s',
                                        hh.code, old.year, old.status, old.standard_code,
                                        ansinh.iso_date(old.recognized_on)), id, hh.ward_code);
    END IF;
    IF c.status <> hh.status AND v_on < hh.status_since THEN
        RETURN ansinh.failed_precondition(format('household %s has been %s since %s; a recognition that changes its status cannot be dated %s',
                                        hh.code, hh.status, ansinh.iso_date(hh.status_since), ansinh.iso_date(v_on)),
                              id, hh.ward_code);
    END IF;

    INSERT INTO ansinh.poverty_recognition
           (ward_code, id, household_id, assessment_id, year, standard_code, area, classification, status,
            recognized_on, decision, recorded_by, request_id)
    VALUES (hh.ward_code, id, hh.id, a.id, a.year, c.standard_code, a.area, c.classification, c.status,
            v_on, v_decision, ansinh.actor(), request_id);

    IF c.status <> hh.status THEN
        UPDATE ansinh.household AS h
           SET status = c.status, status_since = v_on
         WHERE h.ward_code = hh.ward_code AND h.id = hh.id;
        INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by, request_id)
        VALUES (hh.ward_code, hh.id, c.status, v_on, ansinh.actor(), request_id);
        RETURN ansinh.log_request(request_id, op, ansinh.ok(
            format('household %s recognized for %s as %s by %s: status %s since %s', hh.code, a.year,
                   c.classification, c.standard_code, c.status, ansinh.iso_date(v_on)),
            id, hh.ward_code));
    END IF;
    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('household %s recognized for %s as %s by %s: status stays %s', hh.code, a.year,
               c.classification, c.standard_code, c.status),
        id, hh.ward_code));
END
$$;

-- ------------------------------------------------------------------ expected exits API

-- Puts a household on the expected-exit list of a year, changes its note, or
-- (withdrawn true) takes it off. The entry's id is the one given when it is
-- first listed; later calls answer with that id.
CREATE FUNCTION ansinh_api.expected_exit_set(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text, year integer,
    note text, withdrawn boolean)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'expected_exit_set';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_note text := nullif(ansinh.tidy_text(note), '');
    v_withdrawn boolean := coalesce(withdrawn, false);
    lk record;
    hh ansinh.household;
    old ansinh.expected_exit;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('expected-exit id is required', NULL, v_ward);
    END IF;
    problem := CASE
        WHEN year IS NULL THEN 'year is required'
        WHEN year NOT BETWEEN 2000 AND 2100 THEN format('year %s is out of range: use 2000 to 2100', year)
        ELSE ansinh.text_problem('note', v_note, 4000, true)
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, v_ward);
    END IF;
    SELECT * INTO lk FROM ansinh.household_lookup(v_ward, household_id, household_code);
    IF lk.code <> 0 THEN
        RETURN ansinh.outcome(lk.code, lk.message, id, coalesce((lk.hh).ward_code, v_ward));
    END IF;
    hh := lk.hh;
    problem := ansinh.write_refusal(hh.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, hh.ward_code);
    END IF;

    SELECT * INTO old
      FROM ansinh.expected_exit AS e
     WHERE e.ward_code = hh.ward_code AND e.household_id = hh.id AND e.year = expected_exit_set.year
       FOR UPDATE;
    IF FOUND THEN
        IF old.withdrawn = v_withdrawn AND (note IS NULL OR old.note IS NOT DISTINCT FROM v_note) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('household %s is %s the expected-exit list of %s (unchanged)', hh.code,
                       CASE WHEN old.withdrawn THEN 'withdrawn from' ELSE 'on' END, old.year),
                old.id, hh.ward_code));
        END IF;
        UPDATE ansinh.expected_exit AS e
           SET withdrawn = v_withdrawn,
               note = CASE WHEN expected_exit_set.note IS NULL THEN old.note ELSE v_note END
         WHERE e.ward_code = old.ward_code AND e.id = old.id;
        RETURN ansinh.log_request(request_id, op, ansinh.ok(
            format('household %s %s the expected-exit list of %s', hh.code,
                   CASE WHEN v_withdrawn THEN 'withdrawn from' ELSE 'is on' END, old.year),
            old.id, hh.ward_code));
    END IF;
    IF v_withdrawn THEN
        RETURN ansinh.not_found(format('household %s is not on the expected-exit list of %s', hh.code, year),
                              id, hh.ward_code);
    END IF;
    IF hh.status NOT IN ('poor', 'near-poor') THEN
        RETURN ansinh.failed_precondition(format('household %s is neither poor nor near-poor (status %s): it cannot be expected to exit',
                                        hh.code, hh.status), id, hh.ward_code);
    END IF;
    IF EXISTS (SELECT FROM ansinh.expected_exit AS e WHERE e.ward_code = hh.ward_code AND e.id = expected_exit_set.id) THEN
        RETURN ansinh.already_exists(format('expected-exit entry %s already exists for another household or year', id),
                              id, hh.ward_code);
    END IF;
    INSERT INTO ansinh.expected_exit (ward_code, id, household_id, year, note)
    VALUES (hh.ward_code, id, hh.id, year, v_note);
    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('household %s is on the expected-exit list of %s', hh.code, year), id, hh.ward_code));
END
$$;

-- household_list's rows, of the households on the expected-exit list of a
-- year (not withdrawn).
CREATE FUNCTION ansinh_api.household_list_expected(
    ward text, "group" integer, status text, year integer, "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.household_row AS r
     WHERE (nullif(household_list_expected.ward, '') IS NULL OR r.ward_code = household_list_expected.ward)
       AND (nullif(household_list_expected."group", 0) IS NULL
            OR r.residential_group = household_list_expected."group")
       AND (nullif(household_list_expected.status, '') IS NULL OR r.status = household_list_expected.status)
       AND EXISTS (SELECT FROM ansinh.expected_exit AS e
                    WHERE e.ward_code = r.ward_code AND e.household_id = r.id
                      AND e.year = household_list_expected.year AND NOT e.withdrawn)
     ORDER BY r.ward_code, r.code
     LIMIT nullif(household_list_expected."limit", 0)
    OFFSET coalesce(household_list_expected."offset", 0);
END;

-- ------------------------------------------------------------------ case files API

-- Opens the household's case file (with id) or changes it: NULL leaves a
-- text as it is, '' clears it.
CREATE FUNCTION ansinh_api.casefile_set(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    circumstances text, living_conditions text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'casefile_set';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    lk record;
    hh ansinh.household;
    old ansinh.casefile;
    new ansinh.casefile;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('case file id is required', NULL, v_ward);
    END IF;
    SELECT * INTO lk FROM ansinh.household_lookup(v_ward, household_id, household_code);
    IF lk.code <> 0 THEN
        RETURN ansinh.outcome(lk.code, lk.message, id, coalesce((lk.hh).ward_code, v_ward));
    END IF;
    hh := lk.hh;
    problem := ansinh.write_refusal(hh.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, hh.ward_code);
    END IF;

    SELECT * INTO old FROM ansinh.casefile AS f
     WHERE f.ward_code = hh.ward_code AND f.household_id = hh.id
       FOR UPDATE;
    IF FOUND THEN
        new := old;
    ELSE
        new.ward_code := hh.ward_code;
        new.id := id;
        new.household_id := hh.id;
    END IF;
    IF circumstances IS NOT NULL THEN
        new.circumstances := nullif(ansinh.tidy_text(circumstances), '');
    END IF;
    IF living_conditions IS NOT NULL THEN
        new.living_conditions := nullif(ansinh.tidy_text(living_conditions), '');
    END IF;
    problem := coalesce(ansinh.text_problem('circumstances', new.circumstances, 4000, true),
                        ansinh.text_problem('living conditions', new.living_conditions, 4000, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, hh.ward_code);
    END IF;

    IF old.id IS NULL THEN
        IF EXISTS (SELECT FROM ansinh.casefile AS f WHERE f.ward_code = hh.ward_code AND f.id = new.id) THEN
            RETURN ansinh.already_exists(format('case file %s already exists for another household', id), id, hh.ward_code);
        END IF;
        INSERT INTO ansinh.casefile (ward_code, id, household_id, circumstances, living_conditions)
        VALUES (new.ward_code, new.id, new.household_id, new.circumstances, new.living_conditions);
        RETURN ansinh.log_request(request_id, op, ansinh.ok(
            format('case file of household %s opened', hh.code), new.id, hh.ward_code));
    END IF;
    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.ok(
            format('case file of household %s is unchanged', hh.code), old.id, hh.ward_code));
    END IF;
    UPDATE ansinh.casefile AS f
       SET circumstances = new.circumstances, living_conditions = new.living_conditions
     WHERE f.ward_code = old.ward_code AND f.id = old.id;
    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('case file of household %s updated', hh.code), old.id, hh.ward_code));
END
$$;

CREATE FUNCTION ansinh.plan_item_problem(kind text, description text, status text, due_on date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN kind IS NULL THEN 'plan item kind is required'
    WHEN kind NOT IN ('livelihood', 'housing', 'employment', 'training', 'health', 'education', 'loan',
                      'assistance', 'other') THEN
        pg_catalog.format('plan item kind ''%s'' is not valid: use livelihood, housing, employment, training, health, education, loan, assistance or other',
                          ansinh.excerpt(kind))
    WHEN description IS NULL THEN 'plan item description is required'
    WHEN status IS NULL OR status NOT IN ('planned', 'in-progress', 'done', 'dropped') THEN
        pg_catalog.format('plan item status ''%s'' is not valid: use planned, in-progress, done or dropped',
                          ansinh.excerpt(coalesce(status, '')))
    WHEN due_on NOT BETWEEN '1900-01-01' AND '2100-12-31' THEN
        pg_catalog.format('due date %s is out of range: use 1900-01-01 to 2100-12-31', ansinh.iso_date(due_on))
    ELSE ansinh.text_problem('plan item description', description, 500, false)
END;

COMMENT ON FUNCTION ansinh.plan_item_problem(text, text, text, date) IS
    'Why a plan item''s fields are not acceptable, naming the field; NULL when they are';

CREATE FUNCTION ansinh_api.plan_item_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    kind text, description text, status text, due_on date)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'plan_item_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    lk record;
    hh ansinh.household;
    old ansinh.casefile_plan_item;
    new ansinh.casefile_plan_item;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('plan item id is required', NULL, v_ward);
    END IF;
    SELECT * INTO lk FROM ansinh.household_lookup(v_ward, household_id, household_code);
    IF lk.code <> 0 THEN
        RETURN ansinh.outcome(lk.code, lk.message, id, coalesce((lk.hh).ward_code, v_ward));
    END IF;
    hh := lk.hh;
    problem := ansinh.write_refusal(hh.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, hh.ward_code);
    END IF;
    new.ward_code := hh.ward_code;
    new.id := id;
    new.household_id := hh.id;
    new.kind := kind;
    new.description := ansinh.tidy_text(description);
    new.status := coalesce(nullif(status, ''), 'planned');
    new.due_on := due_on;
    problem := ansinh.plan_item_problem(new.kind, new.description, new.status, new.due_on);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, hh.ward_code);
    END IF;
    SELECT * INTO old FROM ansinh.casefile_plan_item AS p WHERE p.ward_code = hh.ward_code AND p.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.kind, old.description, old.status, old.due_on) IS NOT DISTINCT FROM
           (new.household_id, new.kind, new.description, new.status, new.due_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('plan item %s already exists with the same content', id), id, hh.ward_code));
        END IF;
        RETURN ansinh.already_exists(format('plan item %s already exists in ward %s with different content', id, hh.ward_code),
                              id, hh.ward_code);
    END IF;
    INSERT INTO ansinh.casefile_plan_item (ward_code, id, household_id, kind, description, status, due_on)
    VALUES (new.ward_code, new.id, new.household_id, new.kind, new.description, new.status, new.due_on);
    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('plan item (%s) added to the case file of household %s', new.kind, hh.code), id, hh.ward_code));
END
$$;

-- NULL leaves a field as it is; due_on '' clears the due date.
CREATE FUNCTION ansinh_api.plan_item_update(
    request_id uuid, id uuid, ward text, kind text, description text, status text, due_on text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'plan_item_update';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    old ansinh.casefile_plan_item;
    new ansinh.casefile_plan_item;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('plan item id is required', NULL, v_ward);
    END IF;
    IF nullif(due_on, '') IS NOT NULL AND due_on !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN ansinh.invalid_argument(format('due date ''%s'' is not a date YYYY-MM-DD', ansinh.excerpt(due_on)), id, v_ward);
    END IF;
    SELECT * INTO old
      FROM ansinh.casefile_plan_item AS p
     WHERE p.id = plan_item_update.id AND (v_ward IS NULL OR p.ward_code = v_ward)
     ORDER BY p.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.not_found('plan item ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                              id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, old.id, old.ward_code);
    END IF;
    new := old;
    new.kind := coalesce(nullif(kind, ''), old.kind);
    new.description := coalesce(ansinh.tidy_text(description), old.description);
    new.status := coalesce(nullif(status, ''), old.status);
    BEGIN
        new.due_on := CASE WHEN due_on IS NULL THEN old.due_on ELSE nullif(due_on, '')::date END;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
        RETURN ansinh.invalid_argument(format('due date ''%s'' is not a real date', ansinh.excerpt(due_on)), old.id, old.ward_code);
    END;
    problem := ansinh.plan_item_problem(new.kind, new.description, new.status, new.due_on);
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, old.id, old.ward_code);
    END IF;
    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.ok(
            format('plan item %s is unchanged', old.id), old.id, old.ward_code));
    END IF;
    UPDATE ansinh.casefile_plan_item AS p
       SET kind = new.kind, description = new.description, status = new.status, due_on = new.due_on
     WHERE p.ward_code = old.ward_code AND p.id = old.id;
    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('plan item %s updated (%s, %s)', old.id, new.kind, new.status), old.id, old.ward_code));
END
$$;

CREATE FUNCTION ansinh_api.casefile_note_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text, noted_on date, body text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'casefile_note_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    lk record;
    hh ansinh.household;
    old ansinh.casefile_note;
    new ansinh.casefile_note;
BEGIN
    result := ansinh.write_prologue(ansinh.start_write(request_id, op), v_ward, id);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('note id is required', NULL, v_ward);
    END IF;
    SELECT * INTO lk FROM ansinh.household_lookup(v_ward, household_id, household_code);
    IF lk.code <> 0 THEN
        RETURN ansinh.outcome(lk.code, lk.message, id, coalesce((lk.hh).ward_code, v_ward));
    END IF;
    hh := lk.hh;
    problem := ansinh.write_refusal(hh.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.permission_denied(problem, id, hh.ward_code);
    END IF;
    new.ward_code := hh.ward_code;
    new.id := id;
    new.household_id := hh.id;
    new.noted_on := coalesce(noted_on, ansinh.today());
    new.body := ansinh.tidy_text(body);
    problem := CASE
        WHEN new.body IS NULL THEN 'note text is required'
        WHEN new.noted_on < '1900-01-01' THEN format('note date %s is before 1900-01-01', ansinh.iso_date(new.noted_on))
        WHEN new.noted_on > ansinh.today() THEN format('note date %s is in the future', ansinh.iso_date(new.noted_on))
        ELSE ansinh.text_problem('note text', new.body, 4000, true)
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, hh.ward_code);
    END IF;
    SELECT * INTO old FROM ansinh.casefile_note AS n WHERE n.ward_code = hh.ward_code AND n.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.body) IS NOT DISTINCT FROM (new.household_id, new.body)
           AND (noted_on IS NULL OR old.noted_on = noted_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.ok(
                format('note %s already exists with the same content', id), id, hh.ward_code));
        END IF;
        RETURN ansinh.already_exists(format('note %s already exists in ward %s with different content', id, hh.ward_code),
                              id, hh.ward_code);
    END IF;
    INSERT INTO ansinh.casefile_note (ward_code, id, household_id, noted_on, body, recorded_by)
    VALUES (new.ward_code, new.id, new.household_id, new.noted_on, new.body, ansinh.actor());
    RETURN ansinh.log_request(request_id, op, ansinh.ok(
        format('note of %s added to the case file of household %s', ansinh.iso_date(new.noted_on), hh.code),
        id, hh.ward_code));
END
$$;

-- A case file as tagged rows, in order: one 'household' row (the household
-- and the case file's texts), then 'expected' rows (the expected-exit
-- entries, by year), 'plan' rows (by creation), 'note' rows (by date).
-- Columns by part:
--   household: id = household id, code, head_name, status, text1 = circumstances,
--              text2 = living_conditions, created_at/updated_at of the case file
--   expected:  id, year, status = listed|withdrawn, text1 = note
--   plan:      id, kind, status, on_date = due date, text1 = description, created_at, updated_at
--   note:      id, on_date = noted_on, text1 = body, recorded_by, created_at
CREATE FUNCTION ansinh_api.casefile_get(ward text, household_id uuid, household_code text)
RETURNS TABLE (part text, id uuid, ward_code text, code text, head_name text, year integer, kind text,
               status text, on_date text, text1 text, text2 text, recorded_by text, created_at text,
               updated_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH hh AS (
        SELECT h.*
          FROM ansinh.household AS h
         WHERE h.id = casefile_get.household_id
           AND (ansinh.request_ward(casefile_get.ward) IS NULL
                OR h.ward_code = ansinh.request_ward(casefile_get.ward))
        UNION ALL
        SELECT h.*
          FROM ansinh.household AS h
         WHERE casefile_get.household_id IS NULL
           AND h.ward_code = ansinh.request_ward(casefile_get.ward)
           AND h.code = pg_catalog.btrim(casefile_get.household_code)
    ), parts AS (
        SELECT 1 AS o, 'household' AS part, hh.id, hh.ward_code, hh.code, hh.head_name, NULL::integer AS year,
               NULL::text AS kind, hh.status, NULL::text AS on_date, f.circumstances AS text1,
               f.living_conditions AS text2, NULL::text AS recorded_by,
               ansinh.rfc3339(f.created_at) AS created_at, ansinh.rfc3339(f.updated_at) AS updated_at,
               NULL::timestamptz AS t
          FROM hh
          LEFT JOIN ansinh.casefile AS f ON f.ward_code = hh.ward_code AND f.household_id = hh.id
        UNION ALL
        SELECT 2, 'expected', e.id, e.ward_code, hh.code, NULL, e.year::integer, NULL,
               CASE WHEN e.withdrawn THEN 'withdrawn' ELSE 'listed' END, NULL, e.note, NULL, NULL,
               ansinh.rfc3339(e.created_at), ansinh.rfc3339(e.updated_at), make_timestamptz(e.year, 1, 1, 0, 0, 0)
          FROM hh
          JOIN ansinh.expected_exit AS e ON e.ward_code = hh.ward_code AND e.household_id = hh.id
        UNION ALL
        SELECT 3, 'plan', p.id, p.ward_code, hh.code, NULL, NULL, p.kind, p.status, ansinh.iso_date(p.due_on),
               p.description, NULL, NULL, ansinh.rfc3339(p.created_at), ansinh.rfc3339(p.updated_at), p.created_at
          FROM hh
          JOIN ansinh.casefile_plan_item AS p ON p.ward_code = hh.ward_code AND p.household_id = hh.id
        UNION ALL
        SELECT 4, 'note', n.id, n.ward_code, hh.code, NULL, NULL, NULL, NULL, ansinh.iso_date(n.noted_on),
               n.body, NULL, n.recorded_by, ansinh.rfc3339(n.created_at), NULL, n.noted_on::timestamptz
          FROM hh
          JOIN ansinh.casefile_note AS n ON n.ward_code = hh.ward_code AND n.household_id = hh.id
    )
    SELECT p.part, p.id, p.ward_code, p.code, p.head_name, p.year, p.kind, p.status, p.on_date, p.text1,
           p.text2, p.recorded_by, p.created_at, p.updated_at
      FROM parts AS p
     ORDER BY p.ward_code, p.code, p.o, p.t, p.created_at, p.id;
END;

-- ------------------------------------------------------------------ report API

-- ansinh.poverty_report for the daemon ('' ward: every ward the session
-- may see, and the total row).
CREATE FUNCTION ansinh_api.poverty_report(year integer, ward text)
RETURNS TABLE (ward_code text, ward_name text, standard_code text, standard_scope text,
               poor integer, near_poor integer, poor_entries integer, poor_exits integer,
               poor_exits_special_difficulty integer, poor_exits_central_poor integer,
               near_poor_entries integer, near_poor_exits integer,
               near_poor_exits_special_difficulty integer, expected_exits integer,
               expected_exited integer, expected_remained integer, expected_not_assessed integer)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh.poverty_report(poverty_report.year, nullif(poverty_report.ward, '')) AS r;
END;

-- ------------------------------------------------------------------ row-level security
-- As part 4: ward-scoped tables admit a ward session to its own ward, district
-- and auditor sessions to every ward (auditors read only), analysts read all.
-- Append-only tables (recognitions, notes) have no UPDATE policy.
ALTER TABLE ansinh.poverty_assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.poverty_assessment FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.poverty_assessment FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.poverty_assessment FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.poverty_assessment FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.poverty_assessment FOR SELECT TO ansinh_analyst
    USING (true);

-- Recognitions: read as usual; written by district sessions only.
ALTER TABLE ansinh.poverty_recognition ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.poverty_recognition FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.poverty_recognition FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.poverty_recognition FOR INSERT
    WITH CHECK (ansinh.context_role() = 'district');
CREATE POLICY analyst_read ON ansinh.poverty_recognition FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.expected_exit ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.expected_exit FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.expected_exit FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.expected_exit FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.expected_exit FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.expected_exit FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.casefile ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.casefile FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.casefile FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.casefile FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.casefile FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.casefile FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.casefile_plan_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.casefile_plan_item FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.casefile_plan_item FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.casefile_plan_item FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.casefile_plan_item FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.casefile_plan_item FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.casefile_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.casefile_note FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.casefile_note FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.casefile_note FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.casefile_note FOR SELECT TO ansinh_analyst
    USING (true);

-- Standards: everyone who may read the schema reads them; only a district
-- session adds one. (The seed rows above were inserted before this.)
ALTER TABLE ansinh.poverty_standard ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.poverty_standard FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone_read ON ansinh.poverty_standard FOR SELECT
    USING (true);
CREATE POLICY district_insert ON ansinh.poverty_standard FOR INSERT
    WITH CHECK (ansinh.context_role() = 'district');

-- ------------------------------------------------------------------ comments on the API

COMMENT ON FUNCTION ansinh_api.standard_create(uuid, uuid, text, text, text, text, date, date, bigint, bigint, bigint, integer, text) IS
    'Adds one area of a poverty standard (district sessions only); 0 ceilings/deprivations take the defaults (line, 1.5 × line, 3); idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.standard_list(integer) IS
    'Poverty standards, every one or those valid in a year';
COMMENT ON FUNCTION ansinh_api.indicator_list() IS
    'The 12 indicators of deprivation, in order';
COMMENT ON FUNCTION ansinh_api.assessment_create(uuid, uuid, text, uuid, text, integer, date, text, bigint, text[], text, text) IS
    'Records a household''s assessment for a review year (deprived: indicator codes); idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.assessment_get(text, uuid, text, integer) IS
    'A household''s assessment for a year (or its latest), one row per standard classifying it';
COMMENT ON FUNCTION ansinh_api.assessment_list(text, integer, text, text, integer, integer) IS
    'Assessments and their classifications, one row per assessment and standard, filtered by ward, year, standard, class';
COMMENT ON FUNCTION ansinh_api.recognition_create(uuid, uuid, text, uuid, text, integer, text, date, text) IS
    'The district recognizes a household''s review result for a year by a standard (default: the central one); a new status is recorded in the household and its history';
COMMENT ON FUNCTION ansinh_api.expected_exit_set(uuid, uuid, text, uuid, text, integer, text, boolean) IS
    'Lists a household as expected to exit in a year, changes its note, or withdraws it';
COMMENT ON FUNCTION ansinh_api.household_list_expected(text, integer, text, integer, integer, integer) IS
    'household_list restricted to the households on the expected-exit list of a year';
COMMENT ON FUNCTION ansinh_api.casefile_set(uuid, uuid, text, uuid, text, text, text) IS
    'Opens or changes a household''s case file (NULL: unchanged; '''' clears)';
COMMENT ON FUNCTION ansinh_api.plan_item_create(uuid, uuid, text, uuid, text, text, text, text, date) IS
    'Adds an item to a household''s plan of solutions; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.plan_item_update(uuid, uuid, text, text, text, text, text) IS
    'Changes a plan item (NULL: unchanged; due date '''' clears)';
COMMENT ON FUNCTION ansinh_api.casefile_note_create(uuid, uuid, text, uuid, text, date, text) IS
    'Adds a dated note to a household''s case file; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.casefile_get(text, uuid, text) IS
    'A household''s case file as tagged rows: household, expected, plan, note';
COMMENT ON FUNCTION ansinh_api.poverty_report(integer, text) IS
    'ansinh.poverty_report for the daemon';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ansinh.poverty_indicator, ansinh.poverty_standard, ansinh.poverty_assessment,
              ansinh.poverty_recognition, ansinh.expected_exit, ansinh.casefile,
              ansinh.casefile_plan_item, ansinh.casefile_note, ansinh.poverty_classification
    FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh, ansinh_api FROM PUBLIC;

-- The daemon: DML through row-level security, no DELETE; the append-only
-- tables only INSERT.
GRANT SELECT ON ansinh.poverty_indicator, ansinh.poverty_classification TO ansinh_daemon;
GRANT SELECT, INSERT ON ansinh.poverty_standard, ansinh.poverty_recognition, ansinh.casefile_note
    TO ansinh_daemon;
GRANT SELECT, INSERT, UPDATE ON ansinh.poverty_assessment, ansinh.expected_exit, ansinh.casefile,
                                ansinh.casefile_plan_item
    TO ansinh_daemon;
GRANT SELECT ON ansinh_api.standard_row, ansinh_api.assessment_row TO ansinh_daemon;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ansinh_api TO ansinh_daemon;

-- Analysts: read every new table and view.
GRANT SELECT ON ansinh.poverty_indicator, ansinh.poverty_standard, ansinh.poverty_assessment,
                ansinh.poverty_recognition, ansinh.expected_exit, ansinh.casefile,
                ansinh.casefile_plan_item, ansinh.casefile_note, ansinh.poverty_classification
    TO ansinh_analyst;

-- Helpers: the classification and the report functions serve analysts and
-- the daemon alike (the daemon's report is ansinh.poverty_report).
GRANT EXECUTE ON FUNCTION
    ansinh.vnd(bigint),
    ansinh.poverty_class(bigint, integer, bigint, bigint, bigint, integer),
    ansinh.poverty_status_of(text),
    ansinh.poverty_reason(bigint, text[], bigint, bigint, bigint, integer),
    ansinh.standard_valid_in(date, date, integer),
    ansinh.poverty_status_at(integer),
    ansinh.poverty_movement(integer),
    ansinh.poverty_exits(integer),
    ansinh.expected_exit_outcome(integer),
    ansinh.poverty_report(integer, text),
    ansinh.assessment_deprivations(ansinh.poverty_assessment)
  TO ansinh_daemon, ansinh_analyst;
GRANT EXECUTE ON FUNCTION
    ansinh.tidy_text(text),
    ansinh.text_problem(text, text, integer, boolean),
    ansinh.household_lookup(text, uuid, text),
    ansinh.actor(),
    ansinh.assessment_problem(integer, date, text, bigint, text[], text, text),
    ansinh.plan_item_problem(text, text, text, date)
  TO ansinh_daemon;
