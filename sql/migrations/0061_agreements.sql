-- 0061 — coordination agreements (chương trình phối hợp): at the start of
-- the year the district (or a ward) signs a coordination programme with
-- each association (Women's Union, Youth Union, Fatherland Front…) for the
-- year's tasks. Pairings and programmes may name the agreement they serve
-- (their agreement_id column, set by pairing_create / programme_create
-- since 0062).
--
-- An agreement belongs to a ward, or (ward_code NULL) to the district as a
-- whole, as a programme does (0007); audited by ansinh.audit_row or
-- ansinh.audit_district_row, logged by ansinh.log_request_scoped; one per
-- organization, year and ward (or district). Never changed: INSERT only.
--
-- For the reports: ansinh.agreement_counts(year, ward) (docs/CONTRACTS.md).

-- ------------------------------------------------------------------ the table
CREATE TABLE ansinh.coordination_agreement (
    id              uuid        PRIMARY KEY,
    ward_code       text        REFERENCES ansinh.ward (code),
    organization_id uuid        NOT NULL REFERENCES ansinh.organization (id),
    year            smallint    NOT NULL
        CONSTRAINT coordination_agreement_year_range CHECK (year BETWEEN 2000 AND 2100),
    signed_on       date        NOT NULL,
    tasks           text        NOT NULL
        CONSTRAINT coordination_agreement_tasks_text CHECK (ansinh.is_clean_note(tasks, 4000)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Signed in the year, or at the end of the year before.
    CONSTRAINT coordination_agreement_signed_in_year
        CHECK (extract(year FROM signed_on) BETWEEN year - 1 AND year),
    CONSTRAINT coordination_agreement_key UNIQUE NULLS NOT DISTINCT (ward_code, organization_id, year)
);

CREATE INDEX coordination_agreement_year_idx ON ansinh.coordination_agreement (year, ward_code);
CREATE INDEX coordination_agreement_organization_idx ON ansinh.coordination_agreement (organization_id);

CREATE TRIGGER coordination_agreement_audit
    AFTER INSERT OR UPDATE ON ansinh.coordination_agreement
    FOR EACH ROW WHEN (NEW.ward_code IS NOT NULL) EXECUTE FUNCTION ansinh.audit_row();
CREATE TRIGGER coordination_agreement_audit_district
    AFTER INSERT OR UPDATE ON ansinh.coordination_agreement
    FOR EACH ROW WHEN (NEW.ward_code IS NULL) EXECUTE FUNCTION ansinh.audit_district_row();

COMMENT ON TABLE ansinh.coordination_agreement IS
    'Coordination agreements (chương trình phối hợp) the district (ward_code NULL) or a ward signs with an association for a year''s tasks; one per organization, year and ward. Pairings and programmes name the one they serve (agreement_id). Never changed.';
COMMENT ON COLUMN ansinh.coordination_agreement.id IS 'Agreement id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.coordination_agreement.ward_code IS 'Ward that signed it; NULL: the district';
COMMENT ON COLUMN ansinh.coordination_agreement.organization_id IS 'The association (ansinh.organization.id)';
COMMENT ON COLUMN ansinh.coordination_agreement.year IS 'The year whose tasks it sets';
COMMENT ON COLUMN ansinh.coordination_agreement.signed_on IS 'Day it was signed: in the year or the year before';
COMMENT ON COLUMN ansinh.coordination_agreement.tasks IS 'The year''s tasks, free text';
COMMENT ON COLUMN ansinh.coordination_agreement.created_at IS 'When the record was created';

-- ------------------------------------------------------------------ row-level security
ALTER TABLE ansinh.coordination_agreement ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.coordination_agreement FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.coordination_agreement FOR SELECT
    USING (ansinh.context_may_read_scope(ward_code));
CREATE POLICY context_insert ON ansinh.coordination_agreement FOR INSERT
    WITH CHECK (ansinh.context_may_write_scope(ward_code));
CREATE POLICY analyst_read ON ansinh.coordination_agreement FOR SELECT TO ansinh_analyst
    USING (true);

-- ------------------------------------------------------------------ the links
-- Which agreement a pairing or a programme serves (NULL: none named). The
-- agreement is the district's or the record's own ward's; the write
-- functions check it (0062).
ALTER TABLE ansinh.pairing ADD COLUMN agreement_id uuid REFERENCES ansinh.coordination_agreement (id);
ALTER TABLE ansinh.programme ADD COLUMN agreement_id uuid REFERENCES ansinh.coordination_agreement (id);
CREATE INDEX pairing_agreement_idx ON ansinh.pairing (agreement_id) WHERE agreement_id IS NOT NULL;
CREATE INDEX programme_agreement_idx ON ansinh.programme (agreement_id) WHERE agreement_id IS NOT NULL;
COMMENT ON COLUMN ansinh.pairing.agreement_id IS
    'The coordination agreement the pairing serves (ansinh.coordination_agreement.id); NULL if none named';
COMMENT ON COLUMN ansinh.programme.agreement_id IS
    'The coordination agreement the programme serves (ansinh.coordination_agreement.id); NULL if none named';

-- ------------------------------------------------------------------ API: writes

CREATE FUNCTION ansinh_api.agreement_create(
    request_id uuid, id uuid, ward text, district_wide boolean, organization_id uuid, year integer,
    signed_on date, tasks text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'agreement_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text;
    v_where text;
    v_org ansinh.organization;
    old ansinh.coordination_agreement;
    new ansinh.coordination_agreement;
BEGIN
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    IF coalesce(district_wide, false) THEN
        IF nullif(btrim(ward), '') IS NOT NULL THEN
            RETURN ansinh.outcome(3, 'a district agreement has no ward: give the ward or district-wide, not both', id, NULL);
        END IF;
        problem := ansinh.write_refusal(NULL);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(7, problem, id, NULL);
        END IF;
        IF ansinh.context_role() <> 'district' THEN
            RETURN ansinh.outcome(7, 'only a district session may record a district agreement', id, NULL);
        END IF;
        v_ward := NULL;
        v_where := 'by the district';
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
        v_where := 'by ward ' || v_ward;
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'agreement id is required', NULL, v_ward);
    END IF;

    new.id := id;
    new.ward_code := v_ward;
    new.organization_id := organization_id;
    new.signed_on := coalesce(signed_on, ansinh.today());
    new.year := coalesce(year, extract(year FROM new.signed_on));
    new.tasks := ansinh.clean_note(tasks);
    problem := coalesce(
        CASE WHEN organization_id IS NULL THEN 'organization is required' END,
        ansinh.year_problem('agreement year', new.year),
        ansinh.date_problem('signing date', new.signed_on, false),
        CASE WHEN extract(year FROM new.signed_on) NOT BETWEEN new.year - 1 AND new.year THEN
                 format('signing date %s is not in %s or at the end of %s', ansinh.iso_date(new.signed_on),
                        new.year, new.year - 1) END,
        ansinh.text_problem('tasks', new.tasks, 4000, true, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    SELECT * INTO v_org FROM ansinh.organization AS o WHERE o.id = agreement_create.organization_id;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, format('organization %s was not found', organization_id), id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.coordination_agreement AS a WHERE a.id = new.id;
    IF FOUND THEN
        IF (old.ward_code, old.organization_id, old.year, old.tasks)
           IS NOT DISTINCT FROM (new.ward_code, new.organization_id, new.year, new.tasks)
           AND (signed_on IS NULL OR old.signed_on = signed_on) THEN
            RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
                format('agreement %s already exists with the same content', id), id, old.ward_code));
        END IF;
        RETURN ansinh.outcome(6, format('agreement %s already exists with different content', id), id, old.ward_code);
    END IF;
    IF EXISTS (SELECT FROM ansinh.coordination_agreement AS a
                WHERE a.ward_code IS NOT DISTINCT FROM v_ward AND a.organization_id = new.organization_id
                  AND a.year = new.year) THEN
        RETURN ansinh.outcome(6, format('an agreement with %s for %s was already signed %s', v_org.name, new.year,
                                        v_where), id, v_ward);
    END IF;

    INSERT INTO ansinh.coordination_agreement (id, ward_code, organization_id, year, signed_on, tasks)
    VALUES (new.id, new.ward_code, new.organization_id, new.year, new.signed_on, new.tasks);

    RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
        format('agreement with %s for %s signed %s on %s', v_org.name, new.year, v_where,
               ansinh.iso_date(new.signed_on)), id, v_ward));
END
$$;

-- ------------------------------------------------------------------ API: reads

-- Agreements of a ward include the district's; the counts are of the
-- pairings and programmes the session sees that name each.
CREATE FUNCTION ansinh_api.agreement_list(
    ward text, year integer, organization_id uuid, "limit" integer, "offset" integer)
RETURNS TABLE (id uuid, ward_code text, organization_id uuid, organization_name text, year integer,
               signed_on text, tasks text, pairing_count integer, programme_count integer, created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT a.id, a.ward_code, a.organization_id, o.name, a.year::integer, ansinh.iso_date(a.signed_on), a.tasks,
           (SELECT count(*)::integer FROM ansinh.pairing AS p WHERE p.agreement_id = a.id),
           (SELECT count(*)::integer FROM ansinh.programme AS g WHERE g.agreement_id = a.id),
           ansinh.rfc3339(a.created_at)
      FROM ansinh.coordination_agreement AS a
      JOIN ansinh.organization AS o ON o.id = a.organization_id
     WHERE (nullif(agreement_list.ward, '') IS NULL OR a.ward_code = agreement_list.ward OR a.ward_code IS NULL)
       AND (nullif(agreement_list.year, 0) IS NULL OR a.year = agreement_list.year)
       AND (agreement_list.organization_id IS NULL OR a.organization_id = agreement_list.organization_id)
     ORDER BY a.year, a.ward_code NULLS FIRST, o.name, a.id
     LIMIT nullif(agreement_list."limit", 0)
    OFFSET coalesce(agreement_list."offset", 0);
END;

-- The counts the reports use: the year's agreements (of a ward, with the
-- district's, or all), the organizations they are signed with, and the
-- pairings and programmes that name one of them.
CREATE FUNCTION ansinh.agreement_counts(year integer, ward text)
RETURNS TABLE (agreements integer, district_agreements integer, organizations integer, pairings integer,
               programmes integer)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH a AS (
        SELECT * FROM ansinh.coordination_agreement AS c
         WHERE c.year = agreement_counts.year
           AND (nullif(agreement_counts.ward, '') IS NULL OR c.ward_code = agreement_counts.ward
                OR c.ward_code IS NULL)
    )
    SELECT (SELECT count(*)::integer FROM a),
           (SELECT count(*)::integer FROM a WHERE a.ward_code IS NULL),
           (SELECT count(DISTINCT a.organization_id)::integer FROM a),
           (SELECT count(*)::integer FROM ansinh.pairing AS p
             WHERE p.agreement_id IN (SELECT a.id FROM a)
               AND (nullif(agreement_counts.ward, '') IS NULL OR p.ward_code = agreement_counts.ward)),
           (SELECT count(*)::integer FROM ansinh.programme AS g
             WHERE g.agreement_id IN (SELECT a.id FROM a)
               AND (nullif(agreement_counts.ward, '') IS NULL OR g.ward_code = agreement_counts.ward
                    OR g.ward_code IS NULL));
END;

COMMENT ON FUNCTION ansinh_api.agreement_create(uuid, uuid, text, boolean, uuid, integer, date, text) IS
    'Records a coordination agreement signed by the district or a ward with an association for a year; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.agreement_list(text, integer, uuid, integer, integer) IS
    'Coordination agreements by ward (with the district''s), year and organization, with the pairings and programmes that name each';
COMMENT ON FUNCTION ansinh.agreement_counts(integer, text) IS
    'For the reports: a year''s coordination agreements, their organizations, and the pairings and programmes that serve them';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ansinh.coordination_agreement FROM PUBLIC;
REVOKE ALL ON FUNCTION
    ansinh_api.agreement_create(uuid, uuid, text, boolean, uuid, integer, date, text),
    ansinh_api.agreement_list(text, integer, uuid, integer, integer)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION ansinh.agreement_counts(integer, text) FROM PUBLIC;

GRANT SELECT, INSERT ON ansinh.coordination_agreement TO ansinh_daemon;
GRANT EXECUTE ON FUNCTION
    ansinh_api.agreement_create(uuid, uuid, text, boolean, uuid, integer, date, text),
    ansinh_api.agreement_list(text, integer, uuid, integer, integer)
  TO ansinh_daemon;
GRANT SELECT ON ansinh.coordination_agreement TO ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh.agreement_counts(integer, text) TO ansinh_analyst;

CALL ansinh.secure_api();
