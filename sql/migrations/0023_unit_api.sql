-- 0023 — Vietnam as it is today (issue 12), part four: an office loads its
-- own administrative units (`ansinh unit add|merge|list|show|import`).
--
--   - ansinh_api.unit_create adds a unit (district sessions only): code,
--     name, level, parent, official code, validity, and the ward code its
--     records carry (a new ward code is added to ansinh.ward, so that
--     tokens and records can name it).
--   - ansinh_api.unit_merge records what became of a unit on a day
--     (merged-into, part-of, split-from); a merge ends the unit the day
--     before (its valid_to, the one change admin_unit allows) and refuses
--     a cycle.
--   - Both are idempotent by request_id (reference_request_log); adding a
--     unit or a link that exists with the same content is OK, with other
--     content ALREADY_EXISTS. Every change of admin_unit, admin_unit_link
--     and ward is in reference_audit_event (the shipped rows included).
--   - ansinh_api.unit_get: one unit, with what it merged into, what merged
--     into it and the ward codes it holds today.

-- ------------------------------------------------------------------ audited, one change allowed
-- A unit is append-only except that its end may be set once (a merge).
CREATE FUNCTION ansinh.admin_unit_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.valid_to IS NULL
       AND (to_jsonb(NEW) - 'valid_to') = (to_jsonb(OLD) - 'valid_to') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ansinh.admin_unit is append-only (only an open unit''s end may be set): % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Record what became of the unit with ansinh unit merge.';
END
$$;

COMMENT ON FUNCTION ansinh.admin_unit_change() IS
    'Trigger: admin_unit refuses UPDATE and DELETE, except setting the end (valid_to) of a unit that has none';

DROP TRIGGER admin_unit_append_only ON ansinh.admin_unit;
CREATE TRIGGER admin_unit_append_only
    BEFORE UPDATE OR DELETE ON ansinh.admin_unit
    FOR EACH ROW EXECUTE FUNCTION ansinh.admin_unit_change();

CREATE TRIGGER admin_unit_audit
    AFTER INSERT OR UPDATE ON ansinh.admin_unit
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_reference_row('code');
CREATE TRIGGER admin_unit_link_audit
    AFTER INSERT ON ansinh.admin_unit_link
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_reference_row('unit_code');
CREATE TRIGGER ward_audit
    AFTER INSERT ON ansinh.ward
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_reference_row('code');

-- The shipped rows predate the triggers: record them as well.
INSERT INTO ansinh.reference_audit_event (actor, table_name, action, record_key, row_data)
SELECT session_user, 'ward', 'insert', w.code, to_jsonb(w) FROM ansinh.ward AS w ORDER BY w.code;
INSERT INTO ansinh.reference_audit_event (actor, table_name, action, record_key, row_data)
SELECT session_user, 'admin_unit', 'insert', u.code, to_jsonb(u) FROM ansinh.admin_unit AS u ORDER BY u.code;
INSERT INTO ansinh.reference_audit_event (actor, table_name, action, record_key, row_data)
SELECT session_user, 'admin_unit_link', 'insert', l.unit_code, to_jsonb(l)
  FROM ansinh.admin_unit_link AS l ORDER BY l.unit_code, l.kind, l.other_code;

COMMENT ON TABLE ansinh.reference_audit_event IS
    'Audit trail of the shared reference tables (fund, organization, ward, admin_unit, admin_unit_link), which belong to no ward and so cannot be filed in audit_event: who added or changed what, when, with which token. Append-only.';

-- ------------------------------------------------------------------ unit_create
CREATE FUNCTION ansinh_api.unit_create(request_id uuid, code text, name text, level text, parent_code text,
                                       official_code text, valid_from date, valid_to date, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'unit_create';
    result ansinh_api.outcome;
    new ansinh.admin_unit;
    old ansinh.admin_unit;
    problem text;
BEGIN
    result := ansinh.start_reference_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF ansinh.context_role() IS DISTINCT FROM 'district' THEN
        RETURN ansinh.outcome(7, 'only a district session may add administrative units', NULL, NULL);
    END IF;
    new.code := upper(btrim(code));
    new.name := ansinh.clean_name(name);
    new.level := btrim(level);
    new.parent_code := nullif(upper(btrim(parent_code)), '');
    new.official_code := nullif(btrim(official_code), '');
    new.valid_from := valid_from;
    new.valid_to := valid_to;
    new.ward_code := nullif(upper(btrim(ward_code)), '');
    problem := CASE
        WHEN new.code IS NULL OR new.code = '' THEN 'unit code is required'
        WHEN new.code !~ '^[A-Z][A-Z0-9]{1,15}$' THEN
            format('unit code ''%s'' is not valid: use 2 to 16 capital letters and digits, starting with a letter',
                   ansinh.excerpt(new.code))
        WHEN new.name IS NULL OR new.name = '' THEN 'unit name is required'
        ELSE ansinh.line_problem('unit name', new.name, 200, true)
    END;
    problem := coalesce(problem, CASE
        WHEN new.level IS NULL OR new.level = '' THEN 'level is required: city, province, district, ward or commune'
        WHEN new.level NOT IN ('city', 'province', 'district', 'ward', 'commune') THEN
            format('level ''%s'' is not valid: use city, province, district, ward or commune', ansinh.excerpt(new.level))
        WHEN new.parent_code IS NOT NULL
             AND NOT EXISTS (SELECT FROM ansinh.admin_unit AS u WHERE u.code = new.parent_code) THEN
            format('parent unit ''%s'' does not exist', ansinh.excerpt(new.parent_code))
        WHEN new.parent_code = new.code THEN 'a unit cannot be its own parent'
        WHEN new.official_code !~ '^[0-9]{2,5}$' THEN
            format('official code ''%s'' is not valid: 2 to 5 digits (Decision 19/2025/QĐ-TTg)',
                   ansinh.excerpt(new.official_code))
        WHEN new.valid_to < new.valid_from THEN
            format('valid-to date %s is before valid-from date %s', ansinh.iso_date(new.valid_to),
                   ansinh.iso_date(new.valid_from))
        WHEN new.ward_code IS NOT NULL AND new.ward_code !~ '^[A-Z]{2}$' THEN
            format('ward code ''%s'' is not valid: two capital letters', ansinh.excerpt(new.ward_code))
        WHEN new.ward_code IS NOT NULL AND new.level NOT IN ('ward', 'commune') THEN
            'only a ward or a commune carries a ward code'
    END);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, NULL, NULL);
    END IF;

    SELECT * INTO old FROM ansinh.admin_unit AS u WHERE u.code = new.code;
    IF FOUND THEN
        -- The same unit, perhaps ended since by a merge.
        IF (to_jsonb(old) - 'valid_to') = (to_jsonb(new) - 'valid_to')
           AND (new.valid_to IS NULL OR new.valid_to = old.valid_to) THEN
            RETURN ansinh.log_reference_request(request_id, op, new.code, ansinh.outcome(0,
                format('unit %s already exists with the same content', new.code), NULL, new.ward_code));
        END IF;
        RETURN ansinh.outcome(6, format('unit %s already exists (%s, %s)', new.code, old.name, old.level), NULL, NULL);
    END IF;
    SELECT * INTO old FROM ansinh.admin_unit AS u WHERE u.ward_code = new.ward_code;
    IF FOUND THEN
        RETURN ansinh.outcome(6, format('ward code %s is already unit %s''s', new.ward_code, old.code), NULL, NULL);
    END IF;

    IF new.ward_code IS NOT NULL THEN
        INSERT INTO ansinh.ward (code, name) VALUES (new.ward_code, new.name) ON CONFLICT DO NOTHING;
    END IF;
    INSERT INTO ansinh.admin_unit VALUES (new.*);
    RETURN ansinh.log_reference_request(request_id, op, new.code, ansinh.outcome(0,
        format('unit %s (%s) added', new.code, new.name), NULL, new.ward_code));
END
$$;

COMMENT ON FUNCTION ansinh_api.unit_create(uuid, text, text, text, text, text, date, date, text) IS
    'District only: adds an administrative unit (and its ward code to ansinh.ward); idempotent by request_id and by content';

-- ------------------------------------------------------------------ unit_merge
CREATE FUNCTION ansinh_api.unit_merge(request_id uuid, code text, kind text, other_code text, on_date date,
                                      basis text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'unit_merge';
    result ansinh_api.outcome;
    v_code text := upper(btrim(code));
    v_other text := upper(btrim(other_code));
    v_kind text := coalesce(nullif(btrim(kind), ''), 'merged-into');
    v_basis text := nullif(ansinh.tidy_text(basis), '');
    unit ansinh.admin_unit;
    other ansinh.admin_unit;
    old ansinh.admin_unit_link;
    problem text;
BEGIN
    result := ansinh.start_reference_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF ansinh.context_role() IS DISTINCT FROM 'district' THEN
        RETURN ansinh.outcome(7, 'only a district session may record a merge of units', NULL, NULL);
    END IF;
    SELECT * INTO unit FROM ansinh.admin_unit AS u WHERE u.code = v_code;
    SELECT * INTO other FROM ansinh.admin_unit AS u WHERE u.code = v_other;
    problem := CASE
        WHEN v_code IS NULL OR v_code = '' THEN 'unit code is required'
        WHEN unit.code IS NULL THEN format('unit ''%s'' does not exist', ansinh.excerpt(v_code))
        WHEN v_other IS NULL OR v_other = '' THEN 'the unit it merged into is required'
        WHEN other.code IS NULL THEN format('unit ''%s'' does not exist', ansinh.excerpt(v_other))
        WHEN v_other = v_code THEN 'a unit cannot merge into itself'
        WHEN v_kind NOT IN ('merged-into', 'part-of', 'split-from') THEN
            format('kind ''%s'' is not valid: use merged-into, part-of or split-from', ansinh.excerpt(v_kind))
        WHEN on_date IS NULL THEN 'the date of the change is required'
        WHEN v_basis IS NOT NULL AND char_length(v_basis) > 200 THEN 'basis is longer than 200 characters'
        WHEN v_kind = 'merged-into' AND v_other IN (SELECT c FROM ansinh.unit_covers(v_code, 'infinity') AS c) THEN
            format('unit %s merged into %s: %s cannot merge into it (a cycle)', v_other, v_code, v_code)
        WHEN v_kind = 'merged-into' AND NOT ansinh.unit_valid_on(other.valid_from, other.valid_to, on_date) THEN
            format('unit %s does not exist on %s (valid %s to %s)', v_other, ansinh.iso_date(on_date),
                   coalesce(ansinh.iso_date(other.valid_from), '…'), coalesce(ansinh.iso_date(other.valid_to), '…'))
        WHEN v_kind = 'merged-into' AND unit.valid_from >= on_date THEN
            format('unit %s begins on %s, not before the merge on %s', v_code, ansinh.iso_date(unit.valid_from),
                   ansinh.iso_date(on_date))
        WHEN v_kind = 'merged-into' AND unit.valid_to IS NOT NULL AND unit.valid_to <> on_date - 1 THEN
            format('unit %s ended on %s: a merge on %s must be the day after', v_code, ansinh.iso_date(unit.valid_to),
                   ansinh.iso_date(on_date))
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, NULL, NULL);
    END IF;

    SELECT * INTO old FROM ansinh.admin_unit_link AS l
     WHERE l.unit_code = v_code AND l.kind = v_kind AND (l.other_code = v_other OR v_kind = 'merged-into');
    IF FOUND THEN
        IF old.other_code = v_other AND old.on_date = on_date AND old.basis IS NOT DISTINCT FROM v_basis THEN
            RETURN ansinh.log_reference_request(request_id, op, v_code, ansinh.outcome(0,
                format('unit %s already %s %s on %s', v_code, v_kind, v_other, ansinh.iso_date(on_date)), NULL, NULL));
        END IF;
        RETURN ansinh.outcome(6, format('unit %s is already recorded as %s %s on %s', v_code, v_kind, old.other_code,
                                        ansinh.iso_date(old.on_date)), NULL, NULL);
    END IF;

    INSERT INTO ansinh.admin_unit_link (unit_code, kind, other_code, on_date, basis)
    VALUES (v_code, v_kind, v_other, on_date, v_basis);
    IF v_kind = 'merged-into' AND unit.valid_to IS NULL THEN
        UPDATE ansinh.admin_unit AS u SET valid_to = on_date - 1 WHERE u.code = v_code;
    END IF;
    RETURN ansinh.log_reference_request(request_id, op, v_code, ansinh.outcome(0,
        format('unit %s %s %s on %s', v_code, v_kind, v_other, ansinh.iso_date(on_date)), NULL, NULL));
END
$$;

COMMENT ON FUNCTION ansinh_api.unit_merge(uuid, text, text, text, date, text) IS
    'District only: records that a unit merged into (part-of, split-from) another on a day; a merge ends the unit the day before; idempotent by request_id and by content';

-- ------------------------------------------------------------------ unit_get
CREATE FUNCTION ansinh_api.unit_get(code text)
RETURNS TABLE (code text, name text, level text, parent_code text, official_code text, valid_from text,
               valid_to text, ward_code text, merged_into text, merged_on text, merged_from text, records text,
               links text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT u.code, u.name, u.level, u.parent_code, u.official_code, u.valid_from, u.valid_to, u.ward_code,
           u.merged_into, u.merged_on, u.merged_from,
           pg_catalog.array_to_string(ansinh.ward_covers(u.ward_code, coalesce(u.valid_to::date, ansinh.today())), ','),
           (SELECT string_agg(l.unit_code || ' ' || l.kind || ' ' || l.other_code || ' ' || ansinh.iso_date(l.on_date)
                              || coalesce(' (' || l.basis || ')', ''), '; ' ORDER BY l.on_date, l.unit_code, l.other_code)
              FROM ansinh.admin_unit_link AS l
             WHERE l.unit_code = u.code OR l.other_code = u.code)
      FROM ansinh_api.unit_list(NULL, true, NULL) AS u
     WHERE u.code = upper(btrim(unit_get.code));
END;

COMMENT ON FUNCTION ansinh_api.unit_get(text) IS
    'One administrative unit: as unit_list, with the ward codes it holds (today, or on its last day) and every link from or to it';

GRANT INSERT ON ansinh.ward, ansinh.admin_unit, ansinh.admin_unit_link TO ansinh_daemon;
GRANT UPDATE (valid_to) ON ansinh.admin_unit TO ansinh_daemon;

CALL ansinh.secure_api();
