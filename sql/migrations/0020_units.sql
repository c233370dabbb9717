-- 0020 — Vietnam as it is today (issue 12), part one: poverty standards by
-- year with their own indicator sets.
--
--   - The central 2022–2025 standard (Decree 07/2021/NĐ-CP) also applies to
--     the review of 2026: its validity is extended to 2026-12-31 (an audited
--     UPDATE of its two rows; the standard is otherwise unchanged).
--   - A standard carries its indicator set: ansinh.standard_indicator lists,
--     per standard code, the indicators it counts, in its order. The
--     2022–2025 standard counts the 12 of Decree 07/2021; the 2027–2030
--     standard (Decree 351/2025/NĐ-CP) drops "means of access to
--     information" and adds use of digital services, internet access and
--     domestic-waste handling. A standard added later gets the set of the
--     central standard in force on its first day (or the latest one).
--   - A standard may have an income-only line (poor whatever the
--     deprivations at or under it); neither shipped standard has one.
--   - An assessment is refused when no standard covers its review year, or
--     when it names an indicator no standard of that year counts; the
--     classification counts only the standard's own indicators.

-- ------------------------------------------------------------------ new indicators
ALTER TABLE ansinh.poverty_indicator DROP CONSTRAINT poverty_indicator_position_range;
ALTER TABLE ansinh.poverty_indicator ADD CONSTRAINT poverty_indicator_position_range
    CHECK (position BETWEEN 1 AND 30);

INSERT INTO ansinh.poverty_indicator (position, code, dimension, name, name_vi, column_name) VALUES
    (13, 'digital-services', 'information',      'use of digital services', 'Sử dụng dịch vụ số',        'deprived_digital_services'),
    (14, 'internet-access',  'information',      'internet access',         'Tiếp cận internet',         'deprived_internet_access'),
    (15, 'waste-handling',   'water-sanitation', 'domestic-waste handling', 'Xử lý rác thải sinh hoạt',  'deprived_waste_handling');

COMMENT ON TABLE ansinh.poverty_indicator IS
    'Every indicator of deprivation any standard counts: the 12 of Decree 07/2021/NĐ-CP (positions 1–12) and those Decree 351/2025/NĐ-CP adds (13–15). Which a standard counts is ansinh.standard_indicator. Reference data.';
COMMENT ON COLUMN ansinh.poverty_indicator.position IS 'Order of the indicator, 1–12 for the 2022–2025 standard''s, 13 on for later ones';

ALTER TABLE ansinh.poverty_assessment
    ADD COLUMN deprived_digital_services boolean NOT NULL DEFAULT false,
    ADD COLUMN deprived_internet_access  boolean NOT NULL DEFAULT false,
    ADD COLUMN deprived_waste_handling   boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN ansinh.poverty_assessment.deprived_digital_services IS 'Deprived in use of digital services (sử dụng dịch vụ số); 2027–2030 standard';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_internet_access IS 'Deprived in internet access (tiếp cận internet); 2027–2030 standard';
COMMENT ON COLUMN ansinh.poverty_assessment.deprived_waste_handling IS 'Deprived in domestic-waste handling (xử lý rác thải sinh hoạt); 2027–2030 standard';
COMMENT ON COLUMN ansinh.poverty_assessment.deprivation_count IS
    'Number of the 12 indicators of the 2022–2025 standard the household is deprived in (computed); the count under each standard is ansinh.poverty_classification.deprivation_count';

-- ------------------------------------------------------------------ indicator sets
CREATE TABLE ansinh.standard_indicator (
    standard_code  text     NOT NULL,
    indicator_code text     NOT NULL REFERENCES ansinh.poverty_indicator (code),
    position       smallint NOT NULL
        CONSTRAINT standard_indicator_position_range CHECK (position BETWEEN 1 AND 30),
    PRIMARY KEY (standard_code, indicator_code),
    CONSTRAINT standard_indicator_position_key UNIQUE (standard_code, position)
);

CREATE TRIGGER standard_indicator_append_only
    BEFORE UPDATE OR DELETE ON ansinh.standard_indicator
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER standard_indicator_no_truncate
    BEFORE TRUNCATE ON ansinh.standard_indicator
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.standard_indicator IS
    'The indicators of deprivation a standard counts, in its order (one set per standard code, for both areas). Filled when the standard is added. Append-only.';
COMMENT ON COLUMN ansinh.standard_indicator.standard_code IS 'The standard (ansinh.poverty_standard.code)';
COMMENT ON COLUMN ansinh.standard_indicator.indicator_code IS 'The indicator (ansinh.poverty_indicator.code)';
COMMENT ON COLUMN ansinh.standard_indicator.position IS 'Its order in the standard, from 1';

INSERT INTO ansinh.standard_indicator (standard_code, indicator_code, position)
SELECT 'central-2022', i.code, i.position FROM ansinh.poverty_indicator AS i WHERE i.position <= 12;

-- The standards the district added before this migration (city standards
-- of 2022–2025): the 2022–2025 set.
INSERT INTO ansinh.standard_indicator (standard_code, indicator_code, position)
SELECT s.code, i.code, i.position
  FROM (SELECT DISTINCT code FROM ansinh.poverty_standard WHERE code <> 'central-2022') AS s
 CROSS JOIN ansinh.poverty_indicator AS i
 WHERE i.position <= 12;

-- A standard added without a set of its own gets the set of the central
-- standard in force on its first day, else of the latest central standard.
CREATE FUNCTION ansinh.standard_indicator_default() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
DECLARE
    source text;
BEGIN
    IF EXISTS (SELECT FROM ansinh.standard_indicator AS si WHERE si.standard_code = NEW.code) THEN
        RETURN NULL;
    END IF;
    SELECT s.code INTO source
      FROM ansinh.poverty_standard AS s
     WHERE s.scope = 'central' AND s.code <> NEW.code
       AND EXISTS (SELECT FROM ansinh.standard_indicator AS si WHERE si.standard_code = s.code)
     ORDER BY (NEW.valid_from BETWEEN s.valid_from AND s.valid_to) DESC, s.valid_from DESC
     LIMIT 1;
    INSERT INTO ansinh.standard_indicator (standard_code, indicator_code, position)
    SELECT NEW.code, si.indicator_code, si.position
      FROM ansinh.standard_indicator AS si
     WHERE si.standard_code = source;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ansinh.standard_indicator_default() IS
    'Trigger: a standard added without an indicator set gets the set of the central standard in force on its first day, else of the latest central standard';

CREATE TRIGGER poverty_standard_indicators
    AFTER INSERT ON ansinh.poverty_standard
    FOR EACH ROW EXECUTE FUNCTION ansinh.standard_indicator_default();

-- ------------------------------------------------------------------ income-only line
ALTER TABLE ansinh.poverty_standard ADD COLUMN income_only_line_vnd bigint
    CONSTRAINT poverty_standard_income_only_line_range CHECK (income_only_line_vnd BETWEEN 1 AND 1000000000000);
ALTER TABLE ansinh.poverty_standard ADD CONSTRAINT poverty_standard_income_only_below_line
    CHECK (income_only_line_vnd <= income_line_vnd);

COMMENT ON COLUMN ansinh.poverty_standard.income_only_line_vnd IS
    'Income-only line: a household at or under it is poor whatever its deprivations (VND per person per month); NULL when the standard has none (neither central standard shipped has one)';

-- ------------------------------------------------------------------ 2026 and 2027–2030
-- The 2022–2025 standard is also the standard of the 2026 review. The
-- table is append-only for everyone else; the migration extends it as an
-- audited UPDATE (reference_audit_event records the change), and adds the
-- 2027–2030 standard as 0009 seeded the first (row-level security lifted
-- for the owner until both are done).
ALTER TABLE ansinh.poverty_standard DISABLE TRIGGER poverty_standard_append_only;
ALTER TABLE ansinh.poverty_standard NO FORCE ROW LEVEL SECURITY;
UPDATE ansinh.poverty_standard
   SET valid_to = '2026-12-31',
       note = 'Nghị định 07/2021/NĐ-CP (Decree 07/2021); scoring per Circular 07/2021/TT-BLĐTBXH; review per Decision 24/2021/QĐ-TTg. Applies to 2026 too: the next standard (Decree 351/2025/NĐ-CP) starts on 2027-01-01'
 WHERE code = 'central-2022';
ALTER TABLE ansinh.poverty_standard ENABLE TRIGGER poverty_standard_append_only;

INSERT INTO ansinh.standard_indicator (standard_code, indicator_code, position)
SELECT 'central-2027', i.code, row_number() OVER (ORDER BY i.position)
  FROM ansinh.poverty_indicator AS i
 WHERE i.code <> 'information-access';

-- Average-living ceiling: 1.5 × the line, as in 2022–2025 (Decree 351
-- was not checked for it).
INSERT INTO ansinh.poverty_standard
       (code, area, id, name, scope, valid_from, valid_to, income_line_vnd, near_poor_ceiling_vnd,
        average_ceiling_vnd, min_deprivations, note, created_by)
VALUES ('central-2027', 'urban', '01800000-0000-7000-8000-000000000003',
        'Chuẩn nghèo đa chiều quốc gia giai đoạn 2027–2030', 'central', '2027-01-01', '2030-12-31',
        2800000, 2800000, 4200000, 3,
        'Nghị định 351/2025/NĐ-CP (Decree 351/2025, 30 Dec 2025); review per Decision 24/2021/QĐ-TTg; average-living ceiling 1.5 × the line as in 2022–2025 (not checked against the decree)',
        'migration 0020'),
       ('central-2027', 'rural', '01800000-0000-7000-8000-000000000004',
        'Chuẩn nghèo đa chiều quốc gia giai đoạn 2027–2030', 'central', '2027-01-01', '2030-12-31',
        2200000, 2200000, 3300000, 3,
        'Nghị định 351/2025/NĐ-CP (Decree 351/2025, 30 Dec 2025); review per Decision 24/2021/QĐ-TTg; average-living ceiling 1.5 × the line as in 2022–2025 (not checked against the decree)',
        'migration 0020');
ALTER TABLE ansinh.poverty_standard FORCE ROW LEVEL SECURITY;

-- ------------------------------------------------------------------ classification
-- As in 0009, with each standard counting its own indicators and its
-- income-only line (new column at the end).
CREATE OR REPLACE VIEW ansinh.poverty_classification WITH (security_invoker = true) AS
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
       CASE WHEN a.income_vnd <= s.income_only_line_vnd THEN
                pg_catalog.format('income %s ≤ %s (income-only line)', ansinh.vnd(a.income_vnd),
                                  ansinh.vnd(s.income_only_line_vnd))
            ELSE ansinh.poverty_reason(a.income_vnd, d.names, s.income_line_vnd, s.near_poor_ceiling_vnd,
                                       s.average_ceiling_vnd, s.min_deprivations)
       END AS reason,
       s.income_only_line_vnd
  FROM ansinh.poverty_assessment AS a
  JOIN ansinh.household AS h ON h.ward_code = a.ward_code AND h.id = a.household_id
  JOIN ansinh.poverty_standard AS s
    ON s.area = a.area AND ansinh.standard_valid_in(s.valid_from, s.valid_to, a.year)
  LEFT JOIN LATERAL (
        SELECT pg_catalog.array_agg(i.code ORDER BY si.position) AS codes,
               pg_catalog.array_agg(i.name ORDER BY si.position) AS names
          FROM ansinh.standard_indicator AS si
          JOIN ansinh.poverty_indicator AS i ON i.code = si.indicator_code
         WHERE si.standard_code = s.code
           AND (pg_catalog.to_jsonb(a) ->> i.column_name)::boolean
       ) AS d ON true
 CROSS JOIN LATERAL (
        SELECT CASE WHEN a.income_vnd <= s.income_only_line_vnd THEN 'poor'
                    ELSE ansinh.poverty_class(a.income_vnd, coalesce(pg_catalog.cardinality(d.codes), 0),
                                              s.income_line_vnd, s.near_poor_ceiling_vnd,
                                              s.average_ceiling_vnd, s.min_deprivations)
               END AS classification
       ) AS c;

COMMENT ON VIEW ansinh.poverty_classification IS
    'Every assessment classified by every standard valid in its review year (same area), counting that standard''s own indicators (ansinh.standard_indicator), with the reason in words. The daemon answers from this view.';
COMMENT ON COLUMN ansinh.poverty_classification.deprivation_count IS 'Number of deprivations among the standard''s indicators';
COMMENT ON COLUMN ansinh.poverty_classification.deprivations IS 'Codes of the standard''s indicators deprived in, in the standard''s order';
COMMENT ON COLUMN ansinh.poverty_classification.classification IS 'poor, near-poor, average or above-average (poor at or under the income-only line, if the standard has one)';
COMMENT ON COLUMN ansinh.poverty_classification.income_only_line_vnd IS 'The standard''s income-only line, or NULL';

-- ------------------------------------------------------------------ assessments
-- The standards that cover a review year (either area), by code.
CREATE FUNCTION ansinh.standards_of_year(year integer) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT pg_catalog.array_agg(DISTINCT s.code ORDER BY s.code)
              FROM ansinh.poverty_standard AS s
             WHERE ansinh.standard_valid_in(s.valid_from, s.valid_to, standards_of_year.year));

COMMENT ON FUNCTION ansinh.standards_of_year(integer) IS
    'The codes of the standards that cover a review year, or NULL when none does';

-- Why a year and its deprivations cannot be judged, or NULL: no standard of
-- that area (of either when the area is not valid) covers the year, or an
-- indicator none of its standards counts.
CREATE FUNCTION ansinh.assessment_standard_problem(year integer, area text, deprived text[])
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN NOT EXISTS (SELECT FROM ansinh.poverty_standard AS s
                      WHERE (s.area = assessment_standard_problem.area
                             OR assessment_standard_problem.area IS NULL
                             OR assessment_standard_problem.area NOT IN ('urban', 'rural'))
                        AND ansinh.standard_valid_in(s.valid_from, s.valid_to, assessment_standard_problem.year)) THEN
        pg_catalog.format('review year %s: no poverty standard covers %s in %s (the standards cover %s); a district session adds one with ''ansinh standard add''',
            assessment_standard_problem.year,
            CASE WHEN assessment_standard_problem.area IN ('urban', 'rural')
                 THEN assessment_standard_problem.area || ' households' ELSE 'households' END,
            assessment_standard_problem.year,
            coalesce((SELECT pg_catalog.string_agg(DISTINCT pg_catalog.format('%s to %s',
                                 pg_catalog.to_char(s.valid_from, 'YYYY'), pg_catalog.to_char(s.valid_to, 'YYYY')), ', ')
                        FROM ansinh.poverty_standard AS s
                       WHERE s.area = assessment_standard_problem.area
                          OR assessment_standard_problem.area IS NULL
                          OR assessment_standard_problem.area NOT IN ('urban', 'rural')), 'no year'))
    WHEN EXISTS (SELECT FROM pg_catalog.unnest(deprived) AS d (code)
                  WHERE NOT EXISTS (
                        SELECT FROM ansinh.standard_indicator AS si
                          JOIN ansinh.poverty_standard AS s ON s.code = si.standard_code
                         WHERE si.indicator_code = d.code AND s.area = assessment_standard_problem.area
                           AND ansinh.standard_valid_in(s.valid_from, s.valid_to, assessment_standard_problem.year))) THEN
        (SELECT pg_catalog.format('deprivation ''%s'' is not an indicator of the %s standard of review year %s (%s): use %s',
                    d.code, assessment_standard_problem.area, assessment_standard_problem.year,
                    pg_catalog.array_to_string(ansinh.standards_of_year(assessment_standard_problem.year), ', '),
                    (SELECT pg_catalog.string_agg(x.code, ', ' ORDER BY x.p)
                       FROM (SELECT si.indicator_code AS code, min(si.position) AS p
                               FROM ansinh.standard_indicator AS si
                               JOIN ansinh.poverty_standard AS s ON s.code = si.standard_code
                              WHERE s.area = assessment_standard_problem.area
                                AND ansinh.standard_valid_in(s.valid_from, s.valid_to, assessment_standard_problem.year)
                              GROUP BY si.indicator_code) AS x))
           FROM pg_catalog.unnest(deprived) AS d (code)
          WHERE NOT EXISTS (
                SELECT FROM ansinh.standard_indicator AS si
                  JOIN ansinh.poverty_standard AS s ON s.code = si.standard_code
                 WHERE si.indicator_code = d.code AND s.area = assessment_standard_problem.area
                   AND ansinh.standard_valid_in(s.valid_from, s.valid_to, assessment_standard_problem.year))
          LIMIT 1)
END;

COMMENT ON FUNCTION ansinh.assessment_standard_problem(integer, text, text[]) IS
    'Why an assessment of this year and area cannot be judged (no standard covers it, or a deprivation no standard of that year counts), naming the year; NULL when it can';

-- As in 0009, for every indicator any standard counts.
CREATE OR REPLACE FUNCTION ansinh.assessment_problem(
    year integer, assessed_on date, area text, income_vnd bigint, deprived text[],
    reviewer text, note text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN year IS NULL THEN 'review year is required'
    WHEN year NOT BETWEEN 2000 AND 2100 THEN
        pg_catalog.format('review year %s is out of range: use 2000 to 2100', year)
    WHEN ansinh.assessment_standard_problem(year, area, NULL) IS NOT NULL THEN
        ansinh.assessment_standard_problem(year, area, NULL)
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
        pg_catalog.format('deprivation ''%s'' is not an indicator (%s)',
            ansinh.excerpt(coalesce((SELECT d.code FROM pg_catalog.unnest(deprived) AS d (code)
                                      WHERE d.code IS NULL
                                         OR d.code NOT IN (SELECT i.code FROM ansinh.poverty_indicator AS i)
                                      LIMIT 1), '')),
            (SELECT pg_catalog.string_agg(i.code, ', ' ORDER BY i.position) FROM ansinh.poverty_indicator AS i))
    WHEN reviewer = '' THEN 'reviewer must not be empty'
    WHEN pg_catalog.char_length(reviewer) > 200 THEN 'reviewer is longer than 200 characters'
    WHEN reviewer ~ '[[:cntrl:]]' THEN 'reviewer must not contain control characters'
    ELSE coalesce(ansinh.text_problem('note', note, 4000, true),
                  ansinh.assessment_standard_problem(year, area, deprived))
END;

-- As in 0009, recording the indicators added in 0020.
CREATE OR REPLACE FUNCTION ansinh_api.assessment_create(
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
    new.deprived_digital_services := 'digital-services' = ANY (d);
    new.deprived_internet_access := 'internet-access' = ANY (d);
    new.deprived_waste_handling := 'waste-handling' = ANY (d);

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
            deprived_information_access, deprived_digital_services, deprived_internet_access,
            deprived_waste_handling, reviewer, note)
    VALUES (new.ward_code, new.id, new.household_id, new.year, new.assessed_on, new.area, new.income_vnd,
            new.deprived_employment, new.deprived_dependants, new.deprived_nutrition, new.deprived_health_insurance,
            new.deprived_adult_education, new.deprived_child_schooling, new.deprived_housing_quality,
            new.deprived_housing_area, new.deprived_water, new.deprived_latrine, new.deprived_telecom,
            new.deprived_information_access, new.deprived_digital_services, new.deprived_internet_access,
            new.deprived_waste_handling, new.reviewer, new.note);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('assessment of household %s for %s recorded in ward %s', hh.code, new.year, hh.ward_code),
        id, hh.ward_code));
END
$$;

-- ------------------------------------------------------------------ indicator sets API
-- The indicators each standard counts, one row per standard and indicator:
-- of one standard (code), of the standards valid in a year, or of all
-- (NULL or '' and NULL or 0). Central first, then by validity.
CREATE FUNCTION ansinh_api.standard_indicator_list(standard_code text, year integer)
RETURNS TABLE (standard_code text, "position" integer, code text, dimension text, name text, name_vi text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT si.standard_code, si.position::integer, i.code, i.dimension, i.name, i.name_vi
      FROM ansinh.standard_indicator AS si
      JOIN ansinh.poverty_indicator AS i ON i.code = si.indicator_code
      JOIN (SELECT s.code, min(s.valid_from) AS valid_from, min(s.scope) AS scope
              FROM ansinh.poverty_standard AS s
             WHERE nullif(standard_indicator_list.year, 0) IS NULL
                OR ansinh.standard_valid_in(s.valid_from, s.valid_to, standard_indicator_list.year)
             GROUP BY s.code) AS s ON s.code = si.standard_code
     WHERE nullif(standard_indicator_list.standard_code, '') IS NULL
        OR si.standard_code = standard_indicator_list.standard_code
     ORDER BY s.valid_from, s.scope, si.standard_code, si.position;
END;

COMMENT ON FUNCTION ansinh_api.standard_indicator_list(text, integer) IS
    'The indicators each standard counts, in its order: of one standard, of those valid in a year, or of all';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ansinh.standard_indicator FROM PUBLIC;
REVOKE ALL ON FUNCTION ansinh.standard_indicator_default(), ansinh.standards_of_year(integer),
                       ansinh.assessment_standard_problem(integer, text, text[]),
                       ansinh_api.standard_indicator_list(text, integer)
    FROM PUBLIC;
-- The daemon adds a standard's set (the trigger runs as the writer).
GRANT SELECT, INSERT ON ansinh.standard_indicator TO ansinh_daemon;
GRANT SELECT ON ansinh.standard_indicator TO ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh_api.standard_indicator_list(text, integer) TO ansinh_daemon;
GRANT EXECUTE ON FUNCTION ansinh.standards_of_year(integer) TO ansinh_daemon, ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh.assessment_standard_problem(integer, text, text[]),
                          ansinh.standard_indicator_default()
    TO ansinh_daemon;

-- ================================================================== administrative units
-- Part two: the administrative units as data, with their history. Records
-- are never re-keyed: a household recorded in Hòa Khê in 2023 keeps ward_code
-- HK. ansinh.admin_unit holds every unit that matters here, old and new, with
-- its validity; ansinh.admin_unit_link says what became of it (merged into,
-- split from, part of another, on a date). Official codes (Decision
-- 19/2025/QĐ-TTg, 5 digits for communes) are reused by successor units, so a
-- unit is keyed by our own code and its validity, the official code kept as
-- an attribute.
--
--   1 Jan 2025 (Resolution 1251/NQ-UBTVQH15): Hòa Khê merged into Thanh Khê
--     Đông, Tam Thuận into Xuân Hà, Vĩnh Trung into Thạc Gián, Tân Chính into
--     Chính Gián; Thanh Khê Tây took part of Hòa Minh (Liên Chiểu district).
--   1 Jul 2025: district governments abolished (Thanh Khê district ends on
--     30 Jun 2025); Quảng Nam merged into Đà Nẵng city (Resolution
--     202/2025/QH15), 94 commune-level units (Resolution 1659/NQ-UBTVQH15):
--     Thanh Khê ward (20209) = Xuân Hà + Chính Gián + Thạc Gián + Thanh Khê
--     Đông + Thanh Khê Tây; An Khê ward (20305) = An Khê + Hòa An + Hòa Phát
--     (Cẩm Lệ district); Hòa Minh's remainder into Hòa Khánh ward (20200).
CREATE TABLE ansinh.admin_unit (
    code          text PRIMARY KEY
        CONSTRAINT admin_unit_code_format CHECK (code ~ '^[A-Z][A-Z0-9]{1,15}$'),
    name          text NOT NULL
        CONSTRAINT admin_unit_name_nfc CHECK (name IS NFC NORMALIZED AND name = ansinh.clean_name(name) AND name <> ''),
    level         text NOT NULL
        CONSTRAINT admin_unit_level_word CHECK (level IN ('city', 'province', 'district', 'ward', 'commune')),
    parent_code   text REFERENCES ansinh.admin_unit (code),
    official_code text
        CONSTRAINT admin_unit_official_code_format CHECK (official_code ~ '^[0-9]{2,5}$'),
    valid_from    date,
    valid_to      date,
    ward_code     text UNIQUE REFERENCES ansinh.ward (code),
    CONSTRAINT admin_unit_validity CHECK (valid_from <= valid_to)
);

CREATE TRIGGER admin_unit_append_only
    BEFORE UPDATE OR DELETE ON ansinh.admin_unit
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER admin_unit_no_truncate
    BEFORE TRUNCATE ON ansinh.admin_unit
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.admin_unit IS
    'Administrative units (city, district, ward, commune), old and new, with their validity: Đà Nẵng city, Thanh Khê district until 2025-06-30, its ten wards, the wards they merged into, and the neighbours that merged with them. Reference data, append-only.';
COMMENT ON COLUMN ansinh.admin_unit.code IS 'Our code for the unit: the two letters of ansinh.ward for the old wards (AK, HK…), e.g. TKW for Thanh Khê ward (2025)';
COMMENT ON COLUMN ansinh.admin_unit.name IS 'Vietnamese name, NFC';
COMMENT ON COLUMN ansinh.admin_unit.level IS 'city, province, district, ward or commune';
COMMENT ON COLUMN ansinh.admin_unit.parent_code IS 'The unit it belonged to (a ward''s district, a district''s city); NULL at the top';
COMMENT ON COLUMN ansinh.admin_unit.official_code IS 'Official code where known (Decision 19/2025/QĐ-TTg: 5 digits for a commune-level unit; 48 Đà Nẵng, 491 Thanh Khê district); codes are reused by successors, so this is not a key';
COMMENT ON COLUMN ansinh.admin_unit.valid_from IS 'First day of the unit; NULL: before any record here';
COMMENT ON COLUMN ansinh.admin_unit.valid_to IS 'Last day of the unit; NULL: it exists today';
COMMENT ON COLUMN ansinh.admin_unit.ward_code IS 'The ward code its records carry (ansinh.ward), for the units whose records are kept here; NULL for a unit with no records';

CREATE TABLE ansinh.admin_unit_link (
    unit_code  text NOT NULL REFERENCES ansinh.admin_unit (code),
    kind       text NOT NULL
        CONSTRAINT admin_unit_link_kind_word CHECK (kind IN ('merged-into', 'split-from', 'part-of')),
    other_code text NOT NULL REFERENCES ansinh.admin_unit (code),
    on_date    date NOT NULL,
    basis      text
        CONSTRAINT admin_unit_link_basis_text CHECK (basis <> '' AND char_length(basis) <= 200),
    PRIMARY KEY (unit_code, kind, other_code),
    CONSTRAINT admin_unit_link_not_self CHECK (unit_code <> other_code)
);

-- A unit merges into at most one other on a day.
CREATE UNIQUE INDEX admin_unit_link_one_merge ON ansinh.admin_unit_link (unit_code) WHERE kind = 'merged-into';

CREATE TRIGGER admin_unit_link_append_only
    BEFORE UPDATE OR DELETE ON ansinh.admin_unit_link
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER admin_unit_link_no_truncate
    BEFORE TRUNCATE ON ansinh.admin_unit_link
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.admin_unit_link IS
    'What became of a unit: merged-into (the whole unit, and so its records, rolls up to the other from on_date), part-of (part of its territory went to the other), split-from (it was made from part of the other). Reference data, append-only.';
COMMENT ON COLUMN ansinh.admin_unit_link.unit_code IS 'The unit (ansinh.admin_unit.code)';
COMMENT ON COLUMN ansinh.admin_unit_link.kind IS 'merged-into, part-of or split-from';
COMMENT ON COLUMN ansinh.admin_unit_link.other_code IS 'The other unit';
COMMENT ON COLUMN ansinh.admin_unit_link.on_date IS 'The day the change took effect (the other unit holds it from this day)';
COMMENT ON COLUMN ansinh.admin_unit_link.basis IS 'The legal text, e.g. Nghị quyết 1251/NQ-UBTVQH15';

INSERT INTO ansinh.admin_unit (code, name, level, parent_code, official_code, valid_from, valid_to, ward_code) VALUES
    ('DN',  ansinh.clean_name('Đà Nẵng'),         'city',     NULL, '48',  NULL, NULL, NULL),
    ('TK',  ansinh.clean_name('Thanh Khê'),       'district', 'DN', '491', NULL, '2025-06-30', NULL),
    ('LC',  ansinh.clean_name('Liên Chiểu'),      'district', 'DN', NULL,  NULL, '2025-06-30', NULL),
    ('CL',  ansinh.clean_name('Cẩm Lệ'),          'district', 'DN', NULL,  NULL, '2025-06-30', NULL),
    ('AK',  ansinh.clean_name('An Khê'),          'ward',     'TK', NULL,  NULL, '2025-06-30', 'AK'),
    ('CG',  ansinh.clean_name('Chính Gián'),      'ward',     'TK', NULL,  NULL, '2025-06-30', 'CG'),
    ('HK',  ansinh.clean_name('Hòa Khê'),         'ward',     'TK', NULL,  NULL, '2024-12-31', 'HK'),
    ('TT',  ansinh.clean_name('Tam Thuận'),       'ward',     'TK', NULL,  NULL, '2024-12-31', 'TT'),
    ('TC',  ansinh.clean_name('Tân Chính'),       'ward',     'TK', NULL,  NULL, '2024-12-31', 'TC'),
    ('TG',  ansinh.clean_name('Thạc Gián'),       'ward',     'TK', NULL,  NULL, '2025-06-30', 'TG'),
    ('KD',  ansinh.clean_name('Thanh Khê Đông'),  'ward',     'TK', NULL,  NULL, '2025-06-30', 'KD'),
    ('KT',  ansinh.clean_name('Thanh Khê Tây'),   'ward',     'TK', NULL,  NULL, '2025-06-30', 'KT'),
    ('VT',  ansinh.clean_name('Vĩnh Trung'),      'ward',     'TK', NULL,  NULL, '2024-12-31', 'VT'),
    ('XH',  ansinh.clean_name('Xuân Hà'),         'ward',     'TK', NULL,  NULL, '2025-06-30', 'XH'),
    ('HM',  ansinh.clean_name('Hòa Minh'),        'ward',     'LC', NULL,  NULL, '2025-06-30', NULL),
    ('HA',  ansinh.clean_name('Hòa An'),          'ward',     'CL', NULL,  NULL, '2025-06-30', NULL),
    ('HP',  ansinh.clean_name('Hòa Phát'),        'ward',     'CL', NULL,  NULL, '2025-06-30', NULL),
    ('TKW', ansinh.clean_name('Thanh Khê'),       'ward',     'DN', '20209', '2025-07-01', NULL, NULL),
    ('AKW', ansinh.clean_name('An Khê'),          'ward',     'DN', '20305', '2025-07-01', NULL, NULL),
    ('HKH', ansinh.clean_name('Hòa Khánh'),       'ward',     'DN', '20200', '2025-07-01', NULL, NULL);

INSERT INTO ansinh.admin_unit_link (unit_code, kind, other_code, on_date, basis) VALUES
    ('HK', 'merged-into', 'KD',  '2025-01-01', 'Nghị quyết 1251/NQ-UBTVQH15'),
    ('TT', 'merged-into', 'XH',  '2025-01-01', 'Nghị quyết 1251/NQ-UBTVQH15'),
    ('VT', 'merged-into', 'TG',  '2025-01-01', 'Nghị quyết 1251/NQ-UBTVQH15'),
    ('TC', 'merged-into', 'CG',  '2025-01-01', 'Nghị quyết 1251/NQ-UBTVQH15'),
    ('HM', 'part-of',     'KT',  '2025-01-01', 'Nghị quyết 1251/NQ-UBTVQH15'),
    ('XH', 'merged-into', 'TKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('CG', 'merged-into', 'TKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('TG', 'merged-into', 'TKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('KD', 'merged-into', 'TKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('KT', 'merged-into', 'TKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('AK', 'merged-into', 'AKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('HA', 'merged-into', 'AKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('HP', 'merged-into', 'AKW', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15'),
    ('HM', 'merged-into', 'HKH', '2025-07-01', 'Nghị quyết 1659/NQ-UBTVQH15');

-- True when a unit exists on a day.
CREATE FUNCTION ansinh.unit_valid_on(valid_from date, valid_to date, day date) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (valid_from IS NULL OR valid_from <= day) AND (valid_to IS NULL OR valid_to >= day);

COMMENT ON FUNCTION ansinh.unit_valid_on(date, date, date) IS 'True when [valid_from, valid_to] (NULL: open) holds the day';

-- The unit a unit's records roll up to on a day: follow merged-into links
-- that took effect on or before the day, as far as they go.
CREATE FUNCTION ansinh.unit_at(unit_code text, as_of date) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE up (code, depth) AS (
        SELECT unit_at.unit_code, 0
        UNION ALL
        SELECT l.other_code, up.depth + 1
          FROM up
          JOIN ansinh.admin_unit_link AS l
            ON l.unit_code = up.code AND l.kind = 'merged-into' AND l.on_date <= unit_at.as_of
         WHERE up.depth < 32
    )
    SELECT up.code FROM up ORDER BY up.depth DESC LIMIT 1;
END;

COMMENT ON FUNCTION ansinh.unit_at(text, date) IS
    'The unit a unit''s records belong to on a day: itself, or the unit it merged into (transitively) by then; e.g. unit_at(''HK'', ''2026-12-02'') = TKW (Thanh Khê ward)';

-- The units whose records a unit holds on a day: itself and every unit that
-- merged into it (transitively) by then.
CREATE FUNCTION ansinh.unit_covers(unit_code text, as_of date) RETURNS SETOF text
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE down (code, depth) AS (
        SELECT unit_covers.unit_code, 0
        UNION ALL
        SELECT l.unit_code, down.depth + 1
          FROM down
          JOIN ansinh.admin_unit_link AS l
            ON l.other_code = down.code AND l.kind = 'merged-into' AND l.on_date <= unit_covers.as_of
         WHERE down.depth < 32
    )
    SELECT DISTINCT down.code FROM down;
END;

COMMENT ON FUNCTION ansinh.unit_covers(text, date) IS
    'The unit and every unit merged into it (transitively) by the day: whose records it holds';

-- A ward code's unit on a day (the unit of the records carrying that code).
CREATE FUNCTION ansinh.ward_unit_at(ward_code text, as_of date) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN ansinh.unit_at(coalesce((SELECT u.code FROM ansinh.admin_unit AS u
                                     WHERE u.ward_code = ward_unit_at.ward_code), ward_code), as_of);

COMMENT ON FUNCTION ansinh.ward_unit_at(text, date) IS
    'The unit on a day of the records a ward code carries: count any figure "rolled up" by GROUP BY ansinh.ward_unit_at(ward_code, day)';

-- The units of a level valid on a day, or every unit of that level with its
-- history; with what each merged into and what merged into it.
CREATE FUNCTION ansinh_api.unit_list(as_of date, history boolean, level text)
RETURNS TABLE (code text, name text, level text, parent_code text, official_code text, valid_from text,
               valid_to text, ward_code text, merged_into text, merged_on text, merged_from text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT u.code, u.name, u.level, u.parent_code, u.official_code,
           ansinh.iso_date(u.valid_from), ansinh.iso_date(u.valid_to), u.ward_code,
           m.other_code, ansinh.iso_date(m.on_date),
           (SELECT string_agg(f.unit_code, ',' ORDER BY f.unit_code)
              FROM ansinh.admin_unit_link AS f
             WHERE f.other_code = u.code AND f.kind = 'merged-into')
      FROM ansinh.admin_unit AS u
      LEFT JOIN ansinh.admin_unit_link AS m ON m.unit_code = u.code AND m.kind = 'merged-into'
     WHERE (nullif(unit_list.level, '') IS NULL OR u.level = unit_list.level)
       AND (coalesce(unit_list.history, false)
            OR ansinh.unit_valid_on(u.valid_from, u.valid_to, coalesce(unit_list.as_of, ansinh.today())))
     ORDER BY u.valid_from NULLS FIRST, u.name, u.code;
END;

COMMENT ON FUNCTION ansinh_api.unit_list(date, boolean, text) IS
    'Administrative units of a level (all levels when empty) valid on a day (default today), or all of them with their history (history true)';

-- The poverty report of a year rolled up to the units valid on a day: the
-- counts of ansinh.poverty_report summed over the wards each unit holds.
CREATE FUNCTION ansinh.poverty_report_as_of(year integer, as_of date)
RETURNS TABLE (unit_code text, unit_name text, standard_code text, poor integer, near_poor integer,
               poor_exits integer, near_poor_exits integer, wards text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT ansinh.ward_unit_at(r.ward_code, poverty_report_as_of.as_of),
           (SELECT u.name FROM ansinh.admin_unit AS u
             WHERE u.code = ansinh.ward_unit_at(r.ward_code, poverty_report_as_of.as_of)),
           r.standard_code,
           sum(r.poor)::integer, sum(r.near_poor)::integer, sum(r.poor_exits)::integer,
           sum(r.near_poor_exits)::integer,
           string_agg(r.ward_code, ',' ORDER BY r.ward_code)
      FROM ansinh.poverty_report(poverty_report_as_of.year) AS r
     WHERE r.ward_code <> 'all'
     GROUP BY 1, 2, 3
     ORDER BY 2, 1, 3;
END;

COMMENT ON FUNCTION ansinh.poverty_report_as_of(integer, date) IS
    'The yearly poverty counts (poor, near-poor, exits) summed per unit valid on the day, from the wards each unit holds: the 2023 figures as of 2026-12-02 are Thanh Khê ward''s and An Khê ward''s';

REVOKE ALL ON ansinh.admin_unit, ansinh.admin_unit_link FROM PUBLIC;
REVOKE ALL ON FUNCTION ansinh.unit_valid_on(date, date, date), ansinh.unit_at(text, date),
                       ansinh.unit_covers(text, date), ansinh.ward_unit_at(text, date),
                       ansinh_api.unit_list(date, boolean, text), ansinh.poverty_report_as_of(integer, date)
    FROM PUBLIC;
GRANT SELECT ON ansinh.admin_unit, ansinh.admin_unit_link TO ansinh_daemon, ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh.unit_valid_on(date, date, date), ansinh.unit_at(text, date),
                          ansinh.unit_covers(text, date), ansinh.ward_unit_at(text, date),
                          ansinh.poverty_report_as_of(integer, date)
    TO ansinh_daemon, ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh_api.unit_list(date, boolean, text) TO ansinh_daemon;

-- The ward-level units (wards and communes) for `ansinh ward list`: those
-- valid on a day (default today), or all of them with history; records: the
-- ward codes (ansinh.ward, the --ward of the commands) whose records the unit
-- holds on that day (for a unit that has ended, on its last day).
CREATE FUNCTION ansinh_api.ward_list(as_of date, history boolean)
RETURNS TABLE (code text, name text, level text, official_code text, valid_from text, valid_to text,
               merged_into text, merged_on text, records text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT u.code, u.name, u.level, u.official_code, u.valid_from, u.valid_to, u.merged_into, u.merged_on,
           (SELECT string_agg(a.ward_code, ',' ORDER BY a.ward_code)
              FROM ansinh.unit_covers(u.code, coalesce(u.valid_to::date, ward_list.as_of, ansinh.today())) AS c (code)
              JOIN ansinh.admin_unit AS a ON a.code = c.code
             WHERE a.ward_code IS NOT NULL)
      FROM ansinh_api.unit_list(ward_list.as_of, ward_list.history, NULL) AS u
     WHERE u.level IN ('ward', 'commune')
     ORDER BY u.valid_from NULLS FIRST, u.name, u.code;
END;

COMMENT ON FUNCTION ansinh_api.ward_list(date, boolean) IS
    'Wards and communes valid on a day (default today) or all with their history, with the ward codes whose records each holds';

REVOKE ALL ON FUNCTION ansinh_api.ward_list(date, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh_api.ward_list(date, boolean) TO ansinh_daemon;

-- ================================================================== the review season
-- How far a year's review has come, per ward of the records (and the unit of
-- today that holds it): households due (poor or near-poor now: the lists the
-- review renews), of them assessed for the year and still missing, households
-- assessed that were not due (added to the review, e.g. on their request),
-- recognized, and assessments dated outside the periodic review's window
-- (1 Sep – 14 Dec, Decision 24/2021/QĐ-TTg: an ad-hoc review, or a late
-- entry). ward NULL: every ward the session may see.
CREATE FUNCTION ansinh_api.review_status(ward text, year integer)
RETURNS TABLE (ward_code text, ward_name text, unit_code text, due integer, assessed integer,
               due_assessed integer, missing integer, added integer, recognized integer,
               outside_window integer)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH hh AS (
        SELECT h.ward_code, h.id, h.status IN ('poor', 'near-poor') AS due,
               a.id IS NOT NULL AS assessed,
               a.assessed_on IS NOT NULL
                   AND NOT (pg_catalog.to_char(a.assessed_on, 'MM-DD') BETWEEN '09-01' AND '12-14') AS outside,
               EXISTS (SELECT FROM ansinh.poverty_recognition AS r
                        WHERE r.ward_code = h.ward_code AND r.household_id = h.id
                          AND r.year = review_status.year) AS recognized
          FROM ansinh.household AS h
          LEFT JOIN ansinh.poverty_assessment AS a
            ON a.ward_code = h.ward_code AND a.household_id = h.id AND a.year = review_status.year
         WHERE nullif(review_status.ward, '') IS NULL OR h.ward_code = review_status.ward
    )
    SELECT w.code, w.name, ansinh.ward_unit_at(w.code, ansinh.today()),
           (count(*) FILTER (WHERE hh.due))::integer,
           (count(*) FILTER (WHERE hh.assessed))::integer,
           (count(*) FILTER (WHERE hh.due AND hh.assessed))::integer,
           (count(*) FILTER (WHERE hh.due AND NOT hh.assessed))::integer,
           (count(*) FILTER (WHERE hh.assessed AND NOT hh.due))::integer,
           (count(*) FILTER (WHERE hh.recognized))::integer,
           (count(*) FILTER (WHERE hh.outside))::integer
      FROM ansinh.ward AS w
      LEFT JOIN hh ON hh.ward_code = w.code
     WHERE nullif(review_status.ward, '') IS NULL OR w.code = review_status.ward
     GROUP BY w.code, w.name
    HAVING count(hh.id) > 0 OR nullif(review_status.ward, '') IS NOT NULL
     ORDER BY w.code;
END;

COMMENT ON FUNCTION ansinh_api.review_status(text, integer) IS
    'Per ward (and today''s unit holding it): households due for the year''s review (poor or near-poor now), assessed, due and assessed, missing, added, recognized, assessed outside 1 Sep – 14 Dec';

REVOKE ALL ON FUNCTION ansinh_api.review_status(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh_api.review_status(text, integer) TO ansinh_daemon;

-- The API functions and grants above under the model of 0011_privileges.
CALL ansinh.secure_api();
