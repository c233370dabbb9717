-- 0007 — community work: programmes and their sessions, sponsorship
-- pairings, employment (job weeks and employment events), yearly targets.
--
-- Conventions as in 0003–0005: ward-scoped tables have ward_code NOT NULL,
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
    row_data    jsonb       NOT NULL
);

CREATE INDEX district_audit_event_record_idx ON ansinh.district_audit_event (record_id);
CREATE INDEX district_audit_event_recorded_at_idx ON ansinh.district_audit_event (recorded_at);

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
        RETURN ansinh.outcome(9,
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
-- Ward-scoped tables: as in 0004. Tables with a nullable ward (programme,
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
        RETURN ansinh.outcome(7, problem, id, v_asked);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'session id is required', NULL, v_asked);
    END IF;
    IF programme_id IS NULL THEN
        RETURN ansinh.outcome(3, 'programme id is required', id, v_asked);
    END IF;

    -- The programme, as the session may see it: its own ward's or a
    -- district-wide one. (Programmes are never deleted; the foreign key
    -- locks it when the session is inserted.)
    SELECT * INTO prog FROM ansinh.programme AS p WHERE p.id = session_create.programme_id;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, format('programme %s was not found', programme_id), id, v_asked);
    END IF;
    IF prog.ward_code IS NOT NULL THEN
        IF v_asked IS NOT NULL AND v_asked <> prog.ward_code THEN
            RETURN ansinh.outcome(3,
                format('programme %s belongs to ward %s: its sessions are recorded there, not in ward %s',
                       prog.name, prog.ward_code, v_asked), id, v_asked);
        END IF;
        v_ward := prog.ward_code;
    ELSE
        IF v_asked IS NULL THEN
            RETURN ansinh.outcome(3, format('ward code is required for a session of the district-wide programme %s', prog.name),
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
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    -- The households served, in the session's ward (by id or code), each once.
    IF coalesce(cardinality(household_ids), 0) + coalesce(cardinality(household_codes), 0) > 1000 THEN
        RETURN ansinh.outcome(3, 'a session lists at most 1000 households', id, v_ward);
    END IF;
    FOREACH v_id IN ARRAY coalesce(household_ids, '{}') LOOP
        IF v_id IS NULL OR NOT EXISTS (SELECT FROM ansinh.household AS h
                                        WHERE h.ward_code = v_ward AND h.id = v_id) THEN
            RETURN ansinh.outcome(5, format('household %s was not found in ward %s', v_id, v_ward), id, v_ward);
        END IF;
        v_households := v_households || v_id;
    END LOOP;
    FOREACH v_code IN ARRAY coalesce(household_codes, '{}') LOOP
        SELECT h.id INTO v_id FROM ansinh.household AS h WHERE h.ward_code = v_ward AND h.code = btrim(v_code);
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5, format('household ''%s'' was not found in ward %s', ansinh.excerpt(coalesce(v_code, '')), v_ward),
                                  id, v_ward);
        END IF;
        v_households := v_households || v_id;
    END LOOP;
    v_households := ARRAY(SELECT DISTINCT u FROM unnest(v_households) AS u ORDER BY u);

    -- Beneficiaries: at least the households listed; by default, that many.
    new.beneficiaries := coalesce(beneficiaries, nullif(cardinality(v_households), 0));
    IF new.beneficiaries < cardinality(v_households) THEN
        RETURN ansinh.outcome(3,
            format('beneficiaries (%s) must be at least the number of households listed (%s)',
                   new.beneficiaries, cardinality(v_households)), id, v_ward);
    END IF;

    -- The donors, each once.
    IF coalesce(cardinality(donor_ids), 0) > 100 THEN
        RETURN ansinh.outcome(3, 'a session lists at most 100 donors', id, v_ward);
    END IF;
    FOREACH v_id IN ARRAY coalesce(donor_ids, '{}') LOOP
        IF v_id IS NULL OR NOT EXISTS (SELECT FROM ansinh.organization AS o WHERE o.id = v_id) THEN
            RETURN ansinh.outcome(5, format('donor organization %s was not found', v_id), id, v_ward);
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
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('session %s of %s already exists with the same content', id, prog.name), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('session %s already exists in ward %s with different content', id, v_ward),
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

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    SELECT * INTO old
      FROM ansinh.pairing AS p
     WHERE p.id = pairing_end.id AND (v_ward IS NULL OR p.ward_code = v_ward)
     ORDER BY p.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, 'pairing ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''), id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, old.id, old.ward_code);
    END IF;
    problem := coalesce(
        ansinh.date_problem('end date', v_ended, false),
        CASE WHEN v_ended < old.signed_on THEN
                 format('end date %s is before the signing date %s', ansinh.iso_date(v_ended), ansinh.iso_date(old.signed_on))
        END,
        ansinh.text_problem('end note', v_note, 4000, false, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, old.id, old.ward_code);
    END IF;
    IF old.ended_on IS NOT NULL THEN
        IF old.ended_on = v_ended AND (v_note IS NULL OR v_note IS NOT DISTINCT FROM old.end_note) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('pairing %s had already ended on %s', old.id, ansinh.iso_date(old.ended_on)), old.id, old.ward_code));
        END IF;
        RETURN ansinh.outcome(9, format('pairing %s already ended on %s', old.id, ansinh.iso_date(old.ended_on)),
                              old.id, old.ward_code);
    END IF;

    UPDATE ansinh.pairing AS p
       SET ended_on = v_ended, end_note = v_note
     WHERE p.ward_code = old.ward_code AND p.id = old.id;

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    problem := ansinh.ward_problem(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'job week id is required', NULL, v_ward);
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
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.job_week AS j WHERE j.ward_code = v_ward AND j.id = new.id;
    IF FOUND THEN
        IF (old.title, old.starts_on, old.ends_on, old.note)
           IS NOT DISTINCT FROM (new.title, new.starts_on, new.ends_on, new.note) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('job week %s already exists with the same content', old.title), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('job week %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.job_week (ward_code, id, title, starts_on, ends_on, note)
    VALUES (new.ward_code, new.id, new.title, new.starts_on, new.ends_on, new.note);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'employment event id is required', NULL, v_ward);
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
        RETURN ansinh.outcome(3, problem, id, v_ward);
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
            RETURN ansinh.outcome(5, 'member ' || person_id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                                  id, v_ward);
        END IF;
        v_ward := v_person.ward_code;
        new.person_id := v_person.id;
    ELSE
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(3, problem, id, v_ward);
        END IF;
        -- A citizen ID the session knows as a member's: record it for the member.
        IF new.citizen_id IS NOT NULL THEN
            SELECT p.id, p.full_name, p.ward_code, h.code INTO v_known
              FROM ansinh.person AS p
              JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
             WHERE p.citizen_id = new.citizen_id
             LIMIT 1;
            IF FOUND THEN
                RETURN ansinh.outcome(9,
                    format('citizen ID %s belongs to member %s of household %s in ward %s: record the event for that member (%s)',
                           new.citizen_id, v_known.full_name, v_known.code, v_known.ward_code, v_known.id),
                    id, v_ward);
            END IF;
        END IF;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    new.ward_code := v_ward;

    IF job_week_id IS NOT NULL THEN
        IF NOT EXISTS (SELECT FROM ansinh.job_week AS j WHERE j.ward_code = v_ward AND j.id = job_event_create.job_week_id) THEN
            RETURN ansinh.outcome(5, format('job week %s was not found in ward %s', job_week_id, v_ward), id, v_ward);
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
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('employment event %s already exists with the same content', id), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('employment event %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.employment_event
           (ward_code, id, kind, person_id, person_name, citizen_id, employer, trade, occurred_on, job_week_id, note)
    VALUES (new.ward_code, new.id, new.kind, new.person_id, new.person_name, new.citizen_id, new.employer, new.trade,
            new.occurred_on, new.job_week_id, new.note);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF ansinh.context_role() <> 'district' THEN
        RETURN ansinh.outcome(7, 'only a district session may set targets', id, ansinh.context_ward());
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(3, problem, id, NULL);
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
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    SELECT * INTO old
      FROM ansinh.target AS t
     WHERE t.year = target_set.year AND t.ward_code IS NOT DISTINCT FROM v_ward AND t.metric = target_set.metric
       FOR UPDATE;
    IF FOUND THEN
        IF old.value = target_set.value THEN
            RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
                format('target %s %s for %s is already %s', year, metric, v_scope, value), old.id, v_ward));
        END IF;
        UPDATE ansinh.target AS t SET value = target_set.value WHERE t.id = old.id;
        v_id := old.id;
    ELSE
        IF id IS NULL THEN
            RETURN ansinh.outcome(3, 'target id is required', NULL, v_ward);
        END IF;
        IF EXISTS (SELECT FROM ansinh.target AS t WHERE t.id = target_set.id) THEN
            RETURN ansinh.outcome(6, format('target %s already exists for another year, ward or metric', id), id, v_ward);
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

    RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
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
