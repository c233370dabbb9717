-- 0003 — households, their poverty-status history, their members.
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
        AND occupation !~ '[[:cntrl:]]')
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
