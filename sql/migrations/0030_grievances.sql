-- 0030 — grievances (khiếu nại, phản ánh): a complaint or feedback about a
-- decision or a support, received by a ward, handled by an officer,
-- answered and closed (or withdrawn).
--
-- Conventions as in 0007: a ward-scoped table (ward_code NOT NULL, primary
-- key (ward_code, id), foreign keys that include ward_code), words in
-- CHECKs, row-level security through ansinh.context_may_read/_write, the
-- audit trigger ansinh.audit_row, write functions that return
-- ansinh_api.outcome, replay by request_id and never raise for a problem of
-- the request; everything SECURITY INVOKER.
--
--   received -> in-progress -> answered -> closed
--   received -> answered
--   received | in-progress | answered -> withdrawn
--
-- Dates are never in the future and follow each other: received_on <=
-- started_on <= answered_on <= closed_on.
--
-- support_id has no foreign key: support is append-only, and even its
-- owner's TRUNCATE must meet the append-only trigger, not a reference to it
-- (tests/sql/70_ledger.sql). grievance_create checks that the support
-- exists in the ward, and support rows are never deleted.

-- ------------------------------------------------------------------ the table
CREATE TABLE ansinh.grievance (
    ward_code     text        NOT NULL REFERENCES ansinh.ward (code),
    id            uuid        NOT NULL,
    household_id  uuid,
    support_id    uuid,
    assessment_id uuid,
    channel       text        NOT NULL
        CONSTRAINT grievance_channel_word CHECK (channel IN ('in-person', 'phone', 'letter', 'online')),
    kind          text        NOT NULL
        CONSTRAINT grievance_kind_word CHECK (kind IN ('complaint', 'feedback')),
    subject       text        NOT NULL
        CONSTRAINT grievance_subject_text CHECK (ansinh.is_clean_note(subject, 1000)),
    received_on   date        NOT NULL
        CONSTRAINT grievance_received_on_range CHECK (received_on BETWEEN '1900-01-01' AND '2100-12-31'),
    officer       text
        CONSTRAINT grievance_officer_text CHECK (ansinh.is_clean_label(officer, 200)),
    status        text        NOT NULL DEFAULT 'received'
        CONSTRAINT grievance_status_word CHECK (status IN ('received', 'in-progress', 'answered', 'closed', 'withdrawn')),
    started_on    date,
    answered_on   date,
    answer        text
        CONSTRAINT grievance_answer_text CHECK (ansinh.is_clean_note(answer, 4000)),
    closed_on     date,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id),
    FOREIGN KEY (ward_code, assessment_id) REFERENCES ansinh.poverty_assessment (ward_code, id),
    CONSTRAINT grievance_started_after_received CHECK (started_on >= received_on),
    CONSTRAINT grievance_answered_after_received CHECK (answered_on >= received_on AND answered_on >= started_on),
    CONSTRAINT grievance_closed_after_received CHECK (closed_on >= received_on AND closed_on >= started_on
                                                       AND closed_on >= answered_on),
    -- Each status has the dates and the answer of the steps that lead to it.
    CONSTRAINT grievance_status_dates CHECK (
        (answered_on IS NULL) = (answer IS NULL)
        AND CASE status
            WHEN 'received' THEN started_on IS NULL AND answered_on IS NULL AND closed_on IS NULL
            WHEN 'in-progress' THEN started_on IS NOT NULL AND answered_on IS NULL AND closed_on IS NULL
            WHEN 'answered' THEN answered_on IS NOT NULL AND closed_on IS NULL
            WHEN 'closed' THEN answered_on IS NOT NULL AND closed_on IS NOT NULL
            WHEN 'withdrawn' THEN closed_on IS NOT NULL
        END)
);
-- One id, one record across the whole store (as 0012_record_ids for every
-- ward-scoped table): a lookup by id finds the one grievance.
CREATE UNIQUE INDEX grievance_id_key ON ansinh.grievance (id);
COMMENT ON INDEX ansinh.grievance_id_key IS 'A grievance id is unique across wards: one id, one record';

CREATE INDEX grievance_status_idx ON ansinh.grievance (ward_code, status, received_on);
CREATE INDEX grievance_received_idx ON ansinh.grievance (received_on);
CREATE INDEX grievance_household_idx ON ansinh.grievance (ward_code, household_id) WHERE household_id IS NOT NULL;

CREATE TRIGGER grievance_touch
    BEFORE UPDATE ON ansinh.grievance
    FOR EACH ROW EXECUTE FUNCTION ansinh.touch_row();
CREATE TRIGGER grievance_audit
    AFTER INSERT OR UPDATE ON ansinh.grievance
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.grievance IS
    'Grievances (khiếu nại, phản ánh): complaints and feedback about a decision or a support, received by a ward. received -> in-progress -> answered -> closed, or withdrawn; dates never in the future and in that order.';
COMMENT ON COLUMN ansinh.grievance.ward_code IS 'Ward that received it';
COMMENT ON COLUMN ansinh.grievance.id IS 'Grievance id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.grievance.household_id IS 'The household concerned (ansinh.household.id); NULL if none';
COMMENT ON COLUMN ansinh.grievance.support_id IS 'The support it is about (ansinh.support.id); NULL if none';
COMMENT ON COLUMN ansinh.grievance.assessment_id IS 'The poverty assessment it is about (ansinh.poverty_assessment.id); NULL if none';
COMMENT ON COLUMN ansinh.grievance.channel IS 'How it came in: in-person, phone, letter, online';
COMMENT ON COLUMN ansinh.grievance.kind IS 'complaint (khiếu nại: asks that a decision or act be reviewed) or feedback (phản ánh, kiến nghị)';
COMMENT ON COLUMN ansinh.grievance.subject IS 'What it is about, free text';
COMMENT ON COLUMN ansinh.grievance.received_on IS 'Date received';
COMMENT ON COLUMN ansinh.grievance.officer IS 'The officer handling it; NULL if not assigned';
COMMENT ON COLUMN ansinh.grievance.status IS 'received, in-progress, answered, closed or withdrawn';
COMMENT ON COLUMN ansinh.grievance.started_on IS 'Date handling began (in-progress); NULL if it did not go through in-progress';
COMMENT ON COLUMN ansinh.grievance.answered_on IS 'Date answered; NULL until answered';
COMMENT ON COLUMN ansinh.grievance.answer IS 'The answer given, free text; NULL until answered';
COMMENT ON COLUMN ansinh.grievance.closed_on IS 'Date closed or withdrawn; NULL while open';
COMMENT ON COLUMN ansinh.grievance.created_at IS 'When the record was created';
COMMENT ON COLUMN ansinh.grievance.updated_at IS 'When the record was last changed';

-- ------------------------------------------------------------------ row-level security
ALTER TABLE ansinh.grievance ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.grievance FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.grievance FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.grievance FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.grievance FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.grievance FOR SELECT TO ansinh_analyst
    USING (true);

-- ------------------------------------------------------------------ API: validation

-- The problem of a word of a list (label names the field), or NULL.
CREATE FUNCTION ansinh.grievance_word_problem(label text, word text, words text[], required boolean)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN word IS NULL OR word = '' THEN
        CASE WHEN required THEN
            pg_catalog.format('%s is required: use %s', label, pg_catalog.array_to_string(words, ', '))
        END
    WHEN NOT word = ANY (words) THEN
        pg_catalog.format('%s ''%s'' is not valid: use %s', label, ansinh.excerpt(word),
                          pg_catalog.array_to_string(words, ', '))
END;

COMMENT ON FUNCTION ansinh.grievance_word_problem(text, text, text[], boolean) IS
    'The problem of a grievance channel, kind or status word, or NULL';

-- ------------------------------------------------------------------ API: writes

CREATE FUNCTION ansinh_api.grievance_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    support_id uuid, assessment_id uuid, channel text, kind text, subject text,
    received_on date, officer text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'grievance_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    hh record;
    v_support ansinh.support;
    v_assessment ansinh.poverty_assessment;
    old ansinh.grievance;
    new ansinh.grievance;
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
        RETURN ansinh.outcome(3, 'grievance id is required', NULL, v_ward);
    END IF;

    IF household_id IS NOT NULL OR nullif(btrim(household_code), '') IS NOT NULL THEN
        SELECT * INTO hh FROM ansinh.find_household(v_ward, household_id, household_code) AS f;
        IF hh.problem IS NOT NULL THEN
            RETURN ansinh.outcome(hh.status, hh.problem, id, v_ward);
        END IF;
        v_ward := (hh.household).ward_code;
        new.household_id := (hh.household).id;
    END IF;
    problem := ansinh.ward_problem(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.channel := channel;
    new.kind := kind;
    new.subject := ansinh.clean_note(subject);
    new.received_on := coalesce(received_on, ansinh.today());
    new.officer := ansinh.clean_name(nullif(btrim(officer), ''));
    problem := coalesce(
        ansinh.grievance_word_problem('channel', channel, ARRAY['in-person', 'phone', 'letter', 'online'], true),
        ansinh.grievance_word_problem('kind', kind, ARRAY['complaint', 'feedback'], true),
        ansinh.text_problem('subject', new.subject, 1000, true, true),
        ansinh.date_problem('received_on', new.received_on, false),
        ansinh.text_problem('officer', new.officer, 200, false, false));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    IF support_id IS NOT NULL THEN
        SELECT * INTO v_support FROM ansinh.support AS s
         WHERE s.ward_code = v_ward AND s.id = grievance_create.support_id;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5, format('support %s was not found in ward %s', support_id, v_ward), id, v_ward);
        END IF;
        IF new.household_id IS NOT NULL AND v_support.household_id <> new.household_id THEN
            RETURN ansinh.outcome(3, format('support %s was given to another household than %s',
                                            support_id, (hh.household).code), id, v_ward);
        END IF;
        new.support_id := support_id;
    END IF;
    IF assessment_id IS NOT NULL THEN
        SELECT * INTO v_assessment FROM ansinh.poverty_assessment AS a
         WHERE a.ward_code = v_ward AND a.id = grievance_create.assessment_id;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5, format('assessment %s was not found in ward %s', assessment_id, v_ward),
                                  id, v_ward);
        END IF;
        IF new.household_id IS NOT NULL AND v_assessment.household_id <> new.household_id THEN
            RETURN ansinh.outcome(3, format('assessment %s is of another household than %s',
                                            assessment_id, (hh.household).code), id, v_ward);
        END IF;
        new.assessment_id := assessment_id;
    END IF;

    SELECT * INTO old FROM ansinh.grievance AS g WHERE g.ward_code = v_ward AND g.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.support_id, old.assessment_id, old.channel, old.kind, old.subject, old.officer)
           IS NOT DISTINCT FROM
           (new.household_id, new.support_id, new.assessment_id, new.channel, new.kind, new.subject, new.officer)
           AND (received_on IS NULL OR old.received_on = received_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('grievance %s already exists with the same content', id), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('grievance %s already exists in ward %s with different content', id, v_ward),
                              id, v_ward);
    END IF;

    INSERT INTO ansinh.grievance (ward_code, id, household_id, support_id, assessment_id, channel, kind,
                                  subject, received_on, officer)
    VALUES (new.ward_code, new.id, new.household_id, new.support_id, new.assessment_id, new.channel, new.kind,
            new.subject, new.received_on, new.officer);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('grievance %s received on %s in ward %s', id, ansinh.iso_date(new.received_on), v_ward), id, v_ward));
END
$$;

-- One step (status NULL: none) and/or a new officer (NULL: unchanged, ''
-- clears). The step's date is step_on, default today.
CREATE FUNCTION ansinh_api.grievance_update(
    request_id uuid, id uuid, ward text, status text, step_on date, officer text, answer text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'grievance_update';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_status text := nullif(btrim(status), '');
    v_on date := coalesce(step_on, ansinh.today());
    v_answer text := ansinh.clean_note(answer);
    v_officer text := ansinh.clean_name(btrim(officer));
    v_last date;
    v_last_label text;
    old ansinh.grievance;
    new ansinh.grievance;
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
        RETURN ansinh.outcome(3, 'grievance id is required', NULL, v_ward);
    END IF;
    SELECT * INTO old
      FROM ansinh.grievance AS g
     WHERE g.id = grievance_update.id AND (v_ward IS NULL OR g.ward_code = v_ward)
     ORDER BY g.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, 'grievance ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                              id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, old.id, old.ward_code);
    END IF;

    problem := coalesce(
        ansinh.grievance_word_problem('status', v_status,
                                      ARRAY['received', 'in-progress', 'answered', 'closed', 'withdrawn'], false),
        CASE WHEN v_status IS NULL AND officer IS NULL THEN 'status or officer is required' END,
        CASE WHEN v_status IS NULL AND step_on IS NOT NULL THEN 'date is given only with a status' END,
        ansinh.date_problem('date', v_on, false),
        ansinh.text_problem('officer', v_officer, 200, false, false),
        CASE WHEN v_status = 'answered' AND v_answer IS NULL THEN 'answer is required to answer a grievance'
             WHEN v_status IS DISTINCT FROM 'answered' AND v_answer IS NOT NULL THEN
                 'answer is given only with status answered'
        END,
        ansinh.text_problem('answer', v_answer, 4000, false, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, old.id, old.ward_code);
    END IF;

    new := old;
    IF officer IS NOT NULL THEN
        new.officer := nullif(v_officer, '');
    END IF;

    -- The same step again, on the same day (and, for answered, with the
    -- same answer), changes nothing and is fine.
    IF v_status IS NOT NULL AND v_status = old.status THEN
        v_last := CASE old.status
                      WHEN 'received' THEN old.received_on
                      WHEN 'in-progress' THEN old.started_on
                      WHEN 'answered' THEN old.answered_on
                      ELSE old.closed_on END;
        IF v_on IS NOT DISTINCT FROM v_last
           AND (v_status <> 'answered' OR v_answer = old.answer)
           AND (officer IS NULL OR new.officer IS NOT DISTINCT FROM old.officer) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('grievance %s was already %s', old.id, old.status), old.id, old.ward_code));
        END IF;
        RETURN ansinh.outcome(9, format('status: grievance %s is already %s', old.id, old.status),
                              old.id, old.ward_code);
    END IF;
    IF old.status IN ('closed', 'withdrawn') THEN
        RETURN ansinh.outcome(9,
            format('status: grievance %s is %s and cannot change any more', old.id, old.status),
            old.id, old.ward_code);
    END IF;

    IF v_status IS NOT NULL THEN
        IF NOT (old.status, v_status) IN (('received', 'in-progress'), ('received', 'answered'),
                                          ('in-progress', 'answered'), ('answered', 'closed'),
                                          ('received', 'withdrawn'), ('in-progress', 'withdrawn'),
                                          ('answered', 'withdrawn')) THEN
            RETURN ansinh.outcome(9,
                format('status: a grievance cannot go from %s to %s (%s)', old.status, v_status,
                       CASE old.status
                           WHEN 'received' THEN 'next: in-progress, answered or withdrawn'
                           WHEN 'in-progress' THEN 'next: answered or withdrawn'
                           ELSE 'next: closed or withdrawn' END),
                old.id, old.ward_code);
        END IF;
        -- The step's date is not before the last date recorded.
        v_last := greatest(old.received_on, old.started_on, old.answered_on);
        v_last_label := CASE v_last WHEN old.answered_on THEN 'answered_on'
                                    WHEN old.started_on THEN 'started_on'
                                    ELSE 'received_on' END;
        IF v_on < v_last THEN
            RETURN ansinh.outcome(3,
                format('date %s is before %s %s', ansinh.iso_date(v_on), v_last_label, ansinh.iso_date(v_last)),
                old.id, old.ward_code);
        END IF;
        new.status := v_status;
        CASE v_status
            WHEN 'in-progress' THEN new.started_on := v_on;
            WHEN 'answered' THEN new.answered_on := v_on; new.answer := v_answer;
            ELSE new.closed_on := v_on;
        END CASE;
    END IF;

    UPDATE ansinh.grievance AS g
       SET status = new.status, started_on = new.started_on, answered_on = new.answered_on,
           answer = new.answer, closed_on = new.closed_on, officer = new.officer
     WHERE g.ward_code = old.ward_code AND g.id = old.id;

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        CASE WHEN v_status IS NULL
             THEN format('grievance %s: officer %s', old.id, coalesce(new.officer, 'cleared'))
             ELSE format('grievance %s %s on %s', old.id, v_status, ansinh.iso_date(v_on)) END,
        old.id, old.ward_code));
END
$$;

-- ------------------------------------------------------------------ API: reads

CREATE TYPE ansinh_api.grievance_row AS (
    id uuid, ward_code text, household_id uuid, household_code text, head_name text,
    support_id uuid, assessment_id uuid, channel text, kind text, subject text,
    received_on text, officer text, status text, started_on text, answered_on text,
    answer text, closed_on text, created_at text, updated_at text);

COMMENT ON TYPE ansinh_api.grievance_row IS 'A grievance as grievance_get and grievance_list return it';

CREATE FUNCTION ansinh_api.grievance_list(
    ward text, status text, kind text, from_date date, to_date date, "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.grievance_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT g.id, g.ward_code, g.household_id, h.code, h.head_name, g.support_id, g.assessment_id,
           g.channel, g.kind, g.subject, ansinh.iso_date(g.received_on), g.officer, g.status,
           ansinh.iso_date(g.started_on), ansinh.iso_date(g.answered_on), g.answer,
           ansinh.iso_date(g.closed_on), ansinh.rfc3339(g.created_at), ansinh.rfc3339(g.updated_at)
      FROM ansinh.grievance AS g
      LEFT JOIN ansinh.household AS h ON h.ward_code = g.ward_code AND h.id = g.household_id
     WHERE (nullif(grievance_list.ward, '') IS NULL OR g.ward_code = grievance_list.ward)
       AND (nullif(grievance_list.status, '') IS NULL OR g.status = grievance_list.status)
       AND (nullif(grievance_list.kind, '') IS NULL OR g.kind = grievance_list.kind)
       AND (grievance_list.from_date IS NULL OR g.received_on >= grievance_list.from_date)
       AND (grievance_list.to_date IS NULL OR g.received_on <= grievance_list.to_date)
     ORDER BY g.received_on, g.ward_code, g.created_at, g.id
     LIMIT nullif(grievance_list."limit", 0)
    OFFSET coalesce(grievance_list."offset", 0);
END;

CREATE FUNCTION ansinh_api.grievance_get(ward text, id uuid)
RETURNS SETOF ansinh_api.grievance_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT g.id, g.ward_code, g.household_id, h.code, h.head_name, g.support_id, g.assessment_id,
           g.channel, g.kind, g.subject, ansinh.iso_date(g.received_on), g.officer, g.status,
           ansinh.iso_date(g.started_on), ansinh.iso_date(g.answered_on), g.answer,
           ansinh.iso_date(g.closed_on), ansinh.rfc3339(g.created_at), ansinh.rfc3339(g.updated_at)
      FROM ansinh.grievance AS g
      LEFT JOIN ansinh.household AS h ON h.ward_code = g.ward_code AND h.id = g.household_id
     WHERE g.id = grievance_get.id
       AND (nullif(grievance_get.ward, '') IS NULL OR g.ward_code = grievance_get.ward)
     ORDER BY g.ward_code
     LIMIT 1;
END;

COMMENT ON FUNCTION ansinh_api.grievance_create(uuid, uuid, text, uuid, text, uuid, uuid, text, text, text, date, text) IS
    'Records a grievance received by a ward (about a household, a support or an assessment, optionally); idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.grievance_update(uuid, uuid, text, text, date, text, text) IS
    'One step of a grievance (in-progress, answered with its answer, closed, withdrawn) on a date, and/or its officer';
COMMENT ON FUNCTION ansinh_api.grievance_list(text, text, text, date, date, integer, integer) IS
    'Grievances by ward, status, kind and the date received, oldest first';
COMMENT ON FUNCTION ansinh_api.grievance_get(text, uuid) IS
    'One grievance by id (in the ward, if given)';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ansinh.grievance FROM PUBLIC;
REVOKE ALL ON FUNCTION ansinh.grievance_word_problem(text, text, text[], boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION
    ansinh_api.grievance_create(uuid, uuid, text, uuid, text, uuid, uuid, text, text, text, date, text),
    ansinh_api.grievance_update(uuid, uuid, text, text, date, text, text),
    ansinh_api.grievance_list(text, text, text, date, date, integer, integer),
    ansinh_api.grievance_get(text, uuid)
  FROM PUBLIC;

-- The daemon: grievances change status, so UPDATE; never DELETE.
GRANT SELECT, INSERT, UPDATE ON ansinh.grievance TO ansinh_daemon;
GRANT EXECUTE ON FUNCTION
    ansinh_api.grievance_create(uuid, uuid, text, uuid, text, uuid, uuid, text, text, text, date, text),
    ansinh_api.grievance_update(uuid, uuid, text, text, date, text, text),
    ansinh_api.grievance_list(text, text, text, date, date, integer, integer),
    ansinh_api.grievance_get(text, uuid),
    ansinh.grievance_word_problem(text, text, text[], boolean)
  TO ansinh_daemon;
GRANT SELECT ON ansinh.grievance TO ansinh_analyst;

-- The API functions and grants above under the model of 0011_privileges.
CALL ansinh.secure_api();
