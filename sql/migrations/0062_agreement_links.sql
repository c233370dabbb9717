-- 0062 — pairings and programmes name the coordination agreement they
-- serve (0061): programme_create and pairing_create take agreement_id
-- (DEFAULT NULL: none), the same functions as 0007's otherwise. The
-- agreement is the district's or the record's own ward's (a district-wide
-- programme: the district's); a pairing's is of the pairing's year. The
-- same request with another agreement is different content (6).

DROP FUNCTION ansinh_api.programme_create(uuid, uuid, text, boolean, text, uuid, text, text);
DROP FUNCTION ansinh_api.pairing_create(uuid, uuid, text, uuid, uuid, text, integer, text, date);

CREATE FUNCTION ansinh_api.programme_create(
    request_id uuid, id uuid, ward text, district_wide boolean, name text,
    organization_id uuid, kind text, schedule text, agreement_id uuid DEFAULT NULL)
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
    v_agreement ansinh.coordination_agreement;
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

    IF agreement_id IS NOT NULL THEN
        SELECT * INTO v_agreement FROM ansinh.coordination_agreement AS a WHERE a.id = programme_create.agreement_id;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5, format('agreement %s was not found', agreement_id), id, v_ward);
        END IF;
        IF v_agreement.ward_code IS NOT NULL AND v_agreement.ward_code IS DISTINCT FROM v_ward THEN
            RETURN ansinh.outcome(3, format('agreement %s was signed by ward %s: a programme %s cannot serve it',
                                            agreement_id, v_agreement.ward_code, v_where), id, v_ward);
        END IF;
        new.agreement_id := agreement_id;
    END IF;

    SELECT * INTO old FROM ansinh.programme AS p WHERE p.id = new.id;
    IF FOUND THEN
        IF (old.ward_code, old.name, old.organization_id, old.kind, old.schedule, old.agreement_id)
           IS NOT DISTINCT FROM
           (new.ward_code, new.name, new.organization_id, new.kind, new.schedule, new.agreement_id) THEN
            RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
                format('programme %s already exists %s with the same content', old.name, v_where), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('programme %s already exists with different content', id), id, old.ward_code);
    END IF;
    IF EXISTS (SELECT FROM ansinh.programme AS p
                WHERE p.ward_code IS NOT DISTINCT FROM v_ward AND p.name = new.name) THEN
        RETURN ansinh.outcome(6, format('a programme named ''%s'' already exists %s', new.name, v_where), id, v_ward);
    END IF;

    INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind, schedule, agreement_id)
    VALUES (new.id, new.ward_code, new.name, new.organization_id, new.kind, new.schedule, new.agreement_id);

    RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
        format('programme %s created %s', new.name, v_where), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.pairing_create(
    request_id uuid, id uuid, ward text, organization_id uuid, household_id uuid,
    household_code text, year integer, commitment text, signed_on date, agreement_id uuid DEFAULT NULL)
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
    v_agreement ansinh.coordination_agreement;
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

    IF agreement_id IS NOT NULL THEN
        SELECT * INTO v_agreement FROM ansinh.coordination_agreement AS a WHERE a.id = pairing_create.agreement_id;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5, format('agreement %s was not found', agreement_id), id, v_ward);
        END IF;
        IF v_agreement.ward_code IS NOT NULL AND v_agreement.ward_code <> v_ward THEN
            RETURN ansinh.outcome(3, format('agreement %s was signed by ward %s, not by %s or the district',
                                            agreement_id, v_agreement.ward_code, v_ward), id, v_ward);
        END IF;
        IF v_agreement.year <> new.year THEN
            RETURN ansinh.outcome(3, format('agreement %s is for %s, the pairing for %s',
                                            agreement_id, v_agreement.year, new.year), id, v_ward);
        END IF;
        new.agreement_id := agreement_id;
    END IF;

    SELECT * INTO old FROM ansinh.pairing AS p WHERE p.ward_code = v_ward AND p.id = new.id;
    IF FOUND THEN
        IF (old.organization_id, old.household_id, old.year, old.commitment, old.agreement_id)
           IS NOT DISTINCT FROM (new.organization_id, new.household_id, new.year, new.commitment, new.agreement_id)
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

    INSERT INTO ansinh.pairing (ward_code, id, organization_id, household_id, year, commitment, signed_on,
                                agreement_id)
    VALUES (new.ward_code, new.id, new.organization_id, new.household_id, new.year, new.commitment, new.signed_on,
            new.agreement_id);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('household %s paired with %s for %s', (hh.household).code, v_org.name, new.year), id, v_ward));
END
$$;

COMMENT ON FUNCTION ansinh_api.programme_create(uuid, uuid, text, boolean, text, uuid, text, text, uuid) IS
    'Creates a programme of a ward, or (district sessions, district_wide) of the district as a whole, optionally serving a coordination agreement; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.pairing_create(uuid, uuid, text, uuid, uuid, text, integer, text, date, uuid) IS
    'Pairs a household (by id, or ward + code) with a sponsoring organization for a year, optionally serving a coordination agreement of that year; at most one open pairing per household, organization and year';

CALL ansinh.secure_api();
