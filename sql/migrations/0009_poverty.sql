-- 0009 — poverty standards, yearly assessments and their classification,
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
    'Poverty standards (chuẩn nghèo): one row per standard and area. The central 2022–2025 standard is seeded; the city''s own and later periods are added by the district (ansinh standard add). Append-only; each row records who added it.';
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
        RETURN ansinh.outcome(7, 'only a district session may add a poverty standard', id, NULL);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'standard id is required', NULL, NULL);
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
        RETURN ansinh.outcome(3, problem, id, NULL);
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
            RETURN ansinh.outcome(0, format('standard %s (%s) already exists with the same content', old.code, old.area),
                                  old.id, NULL);
        END IF;
        RETURN ansinh.outcome(6, format('standard %s (%s) already exists with different content; standards are never changed: add one with a new code',
                                        old.code, old.area), id, NULL);
    END IF;
    IF EXISTS (SELECT FROM ansinh.poverty_standard AS s WHERE s.id = new.id) THEN
        RETURN ansinh.outcome(6, format('standard id %s is already used', new.id), id, NULL);
    END IF;
    -- The other area of the same standard must agree on what it is.
    SELECT * INTO other FROM ansinh.poverty_standard AS s WHERE s.code = new.code LIMIT 1;
    IF FOUND AND (other.name, other.scope, other.valid_from, other.valid_to)
                 IS DISTINCT FROM (new.name, new.scope, new.valid_from, new.valid_to) THEN
        RETURN ansinh.outcome(9, format('standard %s (%s) exists with another name, scope or validity (%s, %s, %s to %s)',
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
            RETURN ansinh.outcome(9, format('central standard %s already applies to %s areas from %s to %s',
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
    RETURN ansinh.outcome(0, format('standard %s (%s) added', new.code, new.area), new.id, NULL);
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
        RETURN ansinh.outcome(7, 'only a district session may recognize the result of a review', id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'recognition id is required', NULL, v_ward);
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
        RETURN ansinh.outcome(3, problem, id, v_ward);
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
        RETURN ansinh.outcome(9, format('household %s has no assessment for %s to recognize', hh.code, year),
                              id, hh.ward_code);
    END IF;
    IF v_standard IS NULL THEN
        SELECT * INTO c
          FROM ansinh.poverty_classification AS pc
         WHERE pc.ward_code = a.ward_code AND pc.assessment_id = a.id AND pc.standard_scope = 'central'
         ORDER BY pc.standard_code
         LIMIT 1;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(9, format('no central standard applies to %s households in %s: name the standard',
                                            a.area, year), id, hh.ward_code);
        END IF;
    ELSE
        IF NOT EXISTS (SELECT FROM ansinh.poverty_standard AS s WHERE s.code = v_standard) THEN
            RETURN ansinh.outcome(5, format('standard ''%s'' does not exist', ansinh.excerpt(v_standard)),
                                  id, hh.ward_code);
        END IF;
        SELECT * INTO c
          FROM ansinh.poverty_classification AS pc
         WHERE pc.ward_code = a.ward_code AND pc.assessment_id = a.id AND pc.standard_code = v_standard;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(9, format('standard %s does not apply to %s households in %s', v_standard,
                                            a.area, year), id, hh.ward_code);
        END IF;
    END IF;
    IF v_on < a.assessed_on THEN
        RETURN ansinh.outcome(3, format('recognition date %s is before the assessment of %s',
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
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('household %s was already recognized for %s as %s by %s', hh.code, old.year, old.status,
                       old.standard_code), old.id, hh.ward_code));
        END IF;
        RETURN ansinh.outcome(6, format('household %s was already recognized for %s as %s by %s on %s',
                                        hh.code, old.year, old.status, old.standard_code,
                                        ansinh.iso_date(old.recognized_on)), id, hh.ward_code);
    END IF;
    IF c.status <> hh.status AND v_on < hh.status_since THEN
        RETURN ansinh.outcome(9, format('household %s has been %s since %s; a recognition that changes its status cannot be dated %s',
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
        RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
            format('household %s recognized for %s as %s by %s: status %s since %s', hh.code, a.year,
                   c.classification, c.standard_code, c.status, ansinh.iso_date(v_on)),
            id, hh.ward_code));
    END IF;
    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'expected-exit id is required', NULL, v_ward);
    END IF;
    problem := CASE
        WHEN year IS NULL THEN 'year is required'
        WHEN year NOT BETWEEN 2000 AND 2100 THEN format('year %s is out of range: use 2000 to 2100', year)
        ELSE ansinh.text_problem('note', v_note, 4000, true)
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
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

    SELECT * INTO old
      FROM ansinh.expected_exit AS e
     WHERE e.ward_code = hh.ward_code AND e.household_id = hh.id AND e.year = expected_exit_set.year
       FOR UPDATE;
    IF FOUND THEN
        IF old.withdrawn = v_withdrawn AND (note IS NULL OR old.note IS NOT DISTINCT FROM v_note) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('household %s is %s the expected-exit list of %s (unchanged)', hh.code,
                       CASE WHEN old.withdrawn THEN 'withdrawn from' ELSE 'on' END, old.year),
                old.id, hh.ward_code));
        END IF;
        UPDATE ansinh.expected_exit AS e
           SET withdrawn = v_withdrawn,
               note = CASE WHEN expected_exit_set.note IS NULL THEN old.note ELSE v_note END
         WHERE e.ward_code = old.ward_code AND e.id = old.id;
        RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
            format('household %s %s the expected-exit list of %s', hh.code,
                   CASE WHEN v_withdrawn THEN 'withdrawn from' ELSE 'is on' END, old.year),
            old.id, hh.ward_code));
    END IF;
    IF v_withdrawn THEN
        RETURN ansinh.outcome(5, format('household %s is not on the expected-exit list of %s', hh.code, year),
                              id, hh.ward_code);
    END IF;
    IF hh.status NOT IN ('poor', 'near-poor') THEN
        RETURN ansinh.outcome(9, format('household %s is neither poor nor near-poor (status %s): it cannot be expected to exit',
                                        hh.code, hh.status), id, hh.ward_code);
    END IF;
    IF EXISTS (SELECT FROM ansinh.expected_exit AS e WHERE e.ward_code = hh.ward_code AND e.id = expected_exit_set.id) THEN
        RETURN ansinh.outcome(6, format('expected-exit entry %s already exists for another household or year', id),
                              id, hh.ward_code);
    END IF;
    INSERT INTO ansinh.expected_exit (ward_code, id, household_id, year, note)
    VALUES (hh.ward_code, id, hh.id, year, v_note);
    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'case file id is required', NULL, v_ward);
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
        RETURN ansinh.outcome(3, problem, id, hh.ward_code);
    END IF;

    IF old.id IS NULL THEN
        IF EXISTS (SELECT FROM ansinh.casefile AS f WHERE f.ward_code = hh.ward_code AND f.id = new.id) THEN
            RETURN ansinh.outcome(6, format('case file %s already exists for another household', id), id, hh.ward_code);
        END IF;
        INSERT INTO ansinh.casefile (ward_code, id, household_id, circumstances, living_conditions)
        VALUES (new.ward_code, new.id, new.household_id, new.circumstances, new.living_conditions);
        RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
            format('case file of household %s opened', hh.code), new.id, hh.ward_code));
    END IF;
    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
            format('case file of household %s is unchanged', hh.code), old.id, hh.ward_code));
    END IF;
    UPDATE ansinh.casefile AS f
       SET circumstances = new.circumstances, living_conditions = new.living_conditions
     WHERE f.ward_code = old.ward_code AND f.id = old.id;
    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'plan item id is required', NULL, v_ward);
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
    new.kind := kind;
    new.description := ansinh.tidy_text(description);
    new.status := coalesce(nullif(status, ''), 'planned');
    new.due_on := due_on;
    problem := ansinh.plan_item_problem(new.kind, new.description, new.status, new.due_on);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, hh.ward_code);
    END IF;
    SELECT * INTO old FROM ansinh.casefile_plan_item AS p WHERE p.ward_code = hh.ward_code AND p.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.kind, old.description, old.status, old.due_on) IS NOT DISTINCT FROM
           (new.household_id, new.kind, new.description, new.status, new.due_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('plan item %s already exists with the same content', id), id, hh.ward_code));
        END IF;
        RETURN ansinh.outcome(6, format('plan item %s already exists in ward %s with different content', id, hh.ward_code),
                              id, hh.ward_code);
    END IF;
    INSERT INTO ansinh.casefile_plan_item (ward_code, id, household_id, kind, description, status, due_on)
    VALUES (new.ward_code, new.id, new.household_id, new.kind, new.description, new.status, new.due_on);
    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'plan item id is required', NULL, v_ward);
    END IF;
    IF nullif(due_on, '') IS NOT NULL AND due_on !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN ansinh.outcome(3, format('due date ''%s'' is not a date YYYY-MM-DD', ansinh.excerpt(due_on)), id, v_ward);
    END IF;
    SELECT * INTO old
      FROM ansinh.casefile_plan_item AS p
     WHERE p.id = plan_item_update.id AND (v_ward IS NULL OR p.ward_code = v_ward)
     ORDER BY p.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, 'plan item ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                              id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, old.id, old.ward_code);
    END IF;
    new := old;
    new.kind := coalesce(nullif(kind, ''), old.kind);
    new.description := coalesce(ansinh.tidy_text(description), old.description);
    new.status := coalesce(nullif(status, ''), old.status);
    BEGIN
        new.due_on := CASE WHEN due_on IS NULL THEN old.due_on ELSE nullif(due_on, '')::date END;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
        RETURN ansinh.outcome(3, format('due date ''%s'' is not a real date', ansinh.excerpt(due_on)), old.id, old.ward_code);
    END;
    problem := ansinh.plan_item_problem(new.kind, new.description, new.status, new.due_on);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, old.id, old.ward_code);
    END IF;
    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
            format('plan item %s is unchanged', old.id), old.id, old.ward_code));
    END IF;
    UPDATE ansinh.casefile_plan_item AS p
       SET kind = new.kind, description = new.description, status = new.status, due_on = new.due_on
     WHERE p.ward_code = old.ward_code AND p.id = old.id;
    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'note id is required', NULL, v_ward);
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
    new.noted_on := coalesce(noted_on, ansinh.today());
    new.body := ansinh.tidy_text(body);
    problem := CASE
        WHEN new.body IS NULL THEN 'note text is required'
        WHEN new.noted_on < '1900-01-01' THEN format('note date %s is before 1900-01-01', ansinh.iso_date(new.noted_on))
        WHEN new.noted_on > ansinh.today() THEN format('note date %s is in the future', ansinh.iso_date(new.noted_on))
        ELSE ansinh.text_problem('note text', new.body, 4000, true)
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, hh.ward_code);
    END IF;
    SELECT * INTO old FROM ansinh.casefile_note AS n WHERE n.ward_code = hh.ward_code AND n.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.body) IS NOT DISTINCT FROM (new.household_id, new.body)
           AND (noted_on IS NULL OR old.noted_on = noted_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('note %s already exists with the same content', id), id, hh.ward_code));
        END IF;
        RETURN ansinh.outcome(6, format('note %s already exists in ward %s with different content', id, hh.ward_code),
                              id, hh.ward_code);
    END IF;
    INSERT INTO ansinh.casefile_note (ward_code, id, household_id, noted_on, body, recorded_by)
    VALUES (new.ward_code, new.id, new.household_id, new.noted_on, new.body, ansinh.actor());
    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
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
-- As 0004: ward-scoped tables admit a ward session to its own ward, district
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
