-- 0006 — the ledger: funds and organizations (shared reference lists),
-- needs and their history, support given (the append-only money ledger),
-- and dialogues with poor households.
--
-- Ward-scoped tables (need, need_event, support, dialogue,
-- dialogue_household) follow 0003/0004: ward_code NOT NULL, primary key
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
    created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE ansinh.fund
    ADD CONSTRAINT fund_name_text CHECK (ansinh.is_clean_line(name, 200) AND name = ansinh.clean_name(name));

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
    created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE ansinh.organization
    ADD CONSTRAINT organization_name_text CHECK (ansinh.is_clean_line(name, 200) AND name = ansinh.clean_name(name));
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
    row_data    jsonb       NOT NULL
);

CREATE INDEX reference_audit_event_record_idx ON ansinh.reference_audit_event (table_name, record_key);
CREATE TRIGGER reference_audit_event_append_only
    BEFORE UPDATE OR DELETE ON ansinh.reference_audit_event
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER reference_audit_event_no_truncate
    BEFORE TRUNCATE ON ansinh.reference_audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.reference_audit_event IS
    'Audit trail of the shared reference tables (fund, organization), which belong to no ward and so cannot be filed in audit_event: who added or changed what, when, with which token. Append-only.';
COMMENT ON COLUMN ansinh.reference_audit_event.id IS 'Event number; increases with time';
COMMENT ON COLUMN ansinh.reference_audit_event.recorded_at IS 'Time of the transaction that wrote the row';
COMMENT ON COLUMN ansinh.reference_audit_event.actor IS 'Name of the token (ansinh.actor), or the database user for direct SQL';
COMMENT ON COLUMN ansinh.reference_audit_event.token_id IS 'Id of the token (ansinh.api_token.id); NULL for direct SQL';
COMMENT ON COLUMN ansinh.reference_audit_event.role IS 'Role of the request: ward or district; NULL for direct SQL without a context';
COMMENT ON COLUMN ansinh.reference_audit_event.writer_ward IS 'The ward of the writer''s session (ward tokens); NULL for district sessions and direct SQL';
COMMENT ON COLUMN ansinh.reference_audit_event.db_user IS 'PostgreSQL user of the session that wrote (e.g. ansinhd)';
COMMENT ON COLUMN ansinh.reference_audit_event.table_name IS 'fund or organization';
COMMENT ON COLUMN ansinh.reference_audit_event.action IS 'insert or update';
COMMENT ON COLUMN ansinh.reference_audit_event.record_key IS 'The row''s key: a fund''s code, an organization''s id';
COMMENT ON COLUMN ansinh.reference_audit_event.request_id IS 'request_id of the client request, when written through the daemon';
COMMENT ON COLUMN ansinh.reference_audit_event.changed IS 'For an update: the columns whose value changed';
COMMENT ON COLUMN ansinh.reference_audit_event.row_data IS 'The row as written, as JSON';

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
-- the foreign key (ward_code, household_id, person_id) says so, and needs
-- this key on person.
ALTER TABLE ansinh.person
    ADD CONSTRAINT person_household_member_key UNIQUE (ward_code, household_id, id);

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
        RETURN ansinh.outcome(7, 'only the district may add funds', NULL, NULL);
    END IF;
    IF v_code IS NULL OR v_code = '' THEN
        RETURN ansinh.outcome(3, 'fund code is required', NULL, NULL);
    END IF;
    IF v_code !~ '^[a-z][a-z0-9-]{1,31}$' THEN
        RETURN ansinh.outcome(3, format('fund code ''%s'' is not valid: use 2 to 32 lower-case letters, digits and ''-'', starting with a letter',
                                        ansinh.excerpt(v_code)), NULL, NULL);
    END IF;
    problem := ansinh.line_problem('fund name', v_name, 200, true);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, NULL, NULL);
    END IF;

    SELECT * INTO old FROM ansinh.fund AS f WHERE f.code = v_code;
    IF FOUND THEN
        IF old.name = v_name THEN
            RETURN ansinh.log_reference_request(request_id, op, v_code, ansinh.outcome(0,
                format('fund %s already exists with the same name', v_code), NULL, NULL));
        END IF;
        RETURN ansinh.outcome(6, format('fund %s already exists, named ''%s''', v_code, old.name), NULL, NULL);
    END IF;
    SELECT * INTO old FROM ansinh.fund AS f WHERE f.name = v_name;
    IF FOUND THEN
        RETURN ansinh.outcome(6, format('fund name ''%s'' is already used by fund %s', ansinh.excerpt(v_name), old.code),
                              NULL, NULL);
    END IF;

    INSERT INTO ansinh.fund (code, name) VALUES (v_code, v_name);
    RETURN ansinh.log_reference_request(request_id, op, v_code, ansinh.outcome(0,
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
    result := ansinh.start_reference_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(3, problem, id, v_ward);
        END IF;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'organization id is required', NULL, v_ward);
    END IF;
    problem := ansinh.line_problem('organization name', v_name, 200, true);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    IF kind IS NULL OR kind NOT IN ('association', 'school', 'army-unit', 'agency', 'province-committee', 'business', 'other') THEN
        RETURN ansinh.outcome(3, format('organization kind ''%s'' is not valid: use association, school, army-unit, agency, province-committee, business or other',
                                        ansinh.excerpt(coalesce(kind, ''))), id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.organization AS o WHERE o.id = organization_create.id;
    IF FOUND THEN
        IF (old.name, old.kind, old.ward_code) IS NOT DISTINCT FROM (v_name, kind, v_ward) THEN
            RETURN ansinh.log_reference_request(request_id, op, id::text, ansinh.outcome(0,
                format('organization %s already exists with the same content', old.name), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('organization %s already exists with different content (%s)', id, old.name),
                              id, v_ward);
    END IF;
    IF EXISTS (SELECT FROM ansinh.organization AS o WHERE o.name = v_name) THEN
        RETURN ansinh.outcome(6, format('organization ''%s'' already exists', ansinh.excerpt(v_name)), id, v_ward);
    END IF;

    INSERT INTO ansinh.organization (id, name, kind, ward_code) VALUES (id, v_name, kind, v_ward);
    RETURN ansinh.log_reference_request(request_id, op, id::text, ansinh.outcome(0,
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
        ansinh.outcome(5, 'household ' || household_id || ' was not found' || coalesce(' in ward ' || ward, ''),
                       record_id, ward)
    WHEN nullif(btrim(household_code), '') IS NULL THEN
        ansinh.outcome(3, 'household id or household code is required', record_id, ward)
    WHEN ward IS NULL THEN
        ansinh.outcome(3, 'ward code is required to find a household by its code', record_id, ward)
    ELSE
        ansinh.outcome(5, format('household ''%s'' was not found in ward %s', ansinh.excerpt(btrim(household_code)), ward),
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'need id is required', NULL, v_ward);
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(3, problem, id, v_ward);
        END IF;
    END IF;

    hh := ansinh.household_for_write(v_ward, household_id, household_code);
    IF hh.id IS NULL THEN
        RETURN ansinh.household_missing(v_ward, household_id, household_code, id);
    END IF;
    v_ward := hh.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
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
        RETURN ansinh.outcome(3, problem, id, v_ward);
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
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('need %s already exists in household %s with the same content', id, hh.code), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('need %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    problem := ansinh.member_problem_in(v_ward, hh, new.person_id, 'need');
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(5, problem, id, v_ward);
    END IF;
    IF new.dialogue_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM ansinh.dialogue AS d WHERE d.ward_code = v_ward AND d.id = new.dialogue_id) THEN
        RETURN ansinh.outcome(5, format('dialogue %s was not found in ward %s', new.dialogue_id, v_ward), id, v_ward);
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

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
            RETURN ansinh.outcome(3, format('need action ''%s'' is not valid: use verify, approve, reject or withdraw',
                                            ansinh.excerpt(coalesce(action, ''))), id, v_ward);
    END CASE;
    result := ansinh.start_write(request_id, 'need_' || action);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF action <> 'withdraw' AND ansinh.context_role() <> 'district' THEN
        RETURN ansinh.outcome(7, format('only the district may %s a need', action), id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'need id is required', NULL, v_ward);
    END IF;

    SELECT * INTO old
      FROM ansinh.need AS n
     WHERE n.id = need_transition.id AND (v_ward IS NULL OR n.ward_code = v_ward)
     ORDER BY n.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, 'need ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''), id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, old.id, old.ward_code);
    END IF;

    problem := coalesce(ansinh.past_date_problem('need step date', v_on),
                        ansinh.text_problem('need note', v_note, 4000));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, old.id, old.ward_code);
    END IF;

    IF NOT old.status = ANY (allowed) THEN
        RETURN ansinh.outcome(9, CASE
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
        RETURN ansinh.outcome(3, format('need step date %s is before its previous step (%s on %s)',
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

    RETURN ansinh.log_request(request_id, 'need_' || action, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'support id is required', NULL, v_ward);
    END IF;
    IF v_ward IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(3, problem, id, v_ward);
        END IF;
    END IF;

    hh := ansinh.household_for_write(v_ward, household_id, household_code);
    IF hh.id IS NULL THEN
        RETURN ansinh.household_missing(v_ward, household_id, household_code, id);
    END IF;
    v_ward := hh.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
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
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    IF v_fund IS NULL AND organization_id IS NULL AND v_org_name IS NULL THEN
        RETURN ansinh.outcome(3, 'support needs a fund or a sponsoring organization (or both)', id, v_ward);
    END IF;
    IF v_fund IS NOT NULL AND NOT EXISTS (SELECT FROM ansinh.fund AS f WHERE f.code = v_fund) THEN
        RETURN ansinh.outcome(5, format('fund ''%s'' does not exist (see fund list)', ansinh.excerpt(v_fund)), id, v_ward);
    END IF;
    IF organization_id IS NOT NULL OR v_org_name IS NOT NULL THEN
        new.organization_id := ansinh.organization_ref(organization_id, v_org_name);
        IF new.organization_id IS NULL THEN
            RETURN ansinh.outcome(5, CASE WHEN organization_id IS NOT NULL
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
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('support %s already exists for household %s with the same content', id, hh.code), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('support %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    problem := ansinh.member_problem_in(v_ward, hh, new.person_id, 'support');
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(5, problem, id, v_ward);
    END IF;

    IF new.need_id IS NOT NULL THEN
        SELECT * INTO need
          FROM ansinh.need AS n
         WHERE n.ward_code = v_ward AND n.id = new.need_id
           FOR UPDATE;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5, format('need %s was not found in ward %s', new.need_id, v_ward), id, v_ward);
        END IF;
        IF need.household_id <> hh.id THEN
            RETURN ansinh.outcome(3, format('need %s belongs to another household than %s', need.id, hh.code),
                                  id, v_ward);
        END IF;
        IF need.status <> 'approved' THEN
            RETURN ansinh.outcome(9, format('need %s is %s, not approved: only an approved need can be fulfilled',
                                            need.id, need.status), id, v_ward);
        END IF;
        -- Not before the district approved it (an "approved again" step
        -- after a reversal names its support, and does not count).
        approved_on := (SELECT max(e.event_on) FROM ansinh.need_event AS e
                         WHERE e.ward_code = v_ward AND e.need_id = need.id
                           AND e.status = 'approved' AND e.support_id IS NULL);
        IF new.given_on < approved_on THEN
            RETURN ansinh.outcome(3, format('support given_on date %s is before need %s was approved (%s)',
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

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'support id of the reversing entry is required', NULL, v_ward);
    END IF;
    IF original_id IS NULL THEN
        RETURN ansinh.outcome(3, 'support id of the entry to reverse is required', id, v_ward);
    END IF;
    problem := coalesce(ansinh.line_problem('support reason', v_reason, 1000, true),
                        ansinh.past_date_problem('support reversal date', v_on));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    SELECT * INTO original
      FROM ansinh.support AS s
     WHERE s.id = original_id AND (v_ward IS NULL OR s.ward_code = v_ward)
     ORDER BY s.ward_code
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, 'support ' || original_id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                              id, v_ward);
    END IF;
    v_ward := original.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;

    -- The same reversing entry again: fine if it says the same thing.
    SELECT * INTO existing FROM ansinh.support AS s WHERE s.ward_code = v_ward AND s.id = support_reverse.id;
    IF FOUND THEN
        IF existing.reverses_id = original.id AND existing.reason = v_reason
           AND (reversed_on IS NULL OR existing.given_on = reversed_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('support %s already reverses %s', existing.id, original.id), existing.id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('support %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    IF original.reverses_id IS NOT NULL THEN
        RETURN ansinh.outcome(9, format('support %s is itself a reversing entry (of %s): it cannot be reversed',
                                        original.id, original.reverses_id), id, v_ward);
    END IF;
    SELECT * INTO existing FROM ansinh.support AS s WHERE s.ward_code = v_ward AND s.reverses_id = original.id;
    IF FOUND THEN
        RETURN ansinh.outcome(9, format('support %s was already reversed by %s on %s', original.id, existing.id,
                                        ansinh.iso_date(existing.given_on)), id, v_ward);
    END IF;
    IF v_on < original.given_on THEN
        RETURN ansinh.outcome(3, format('support reversal date %s is before the entry was given (%s)',
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

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
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
        RETURN ansinh.outcome(3, 'dialogue id is required', NULL, v_ward);
    END IF;
    problem := coalesce(ansinh.past_date_problem('dialogue held_on date', v_on),
                        ansinh.line_problem('dialogue title', v_title, 200, true),
                        ansinh.text_problem('dialogue note', v_note, 4000));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
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
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('dialogue %s already exists in ward %s with the same content', id, v_ward), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('dialogue %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.dialogue (ward_code, id, held_on, title, note)
    VALUES (v_ward, id, v_on, v_title, v_note);
    INSERT INTO ansinh.dialogue_household (ward_code, dialogue_id, household_id)
    SELECT v_ward, dialogue_create.id, a FROM unnest(attending) AS a;

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
