-- 0026 — ad-hoc review requests (đề nghị rà soát thường xuyên): a
-- household may ask its ward at any time for its poverty status to be
-- reviewed (Decision 24/2021/QĐ-TTg, the ad-hoc review beside the periodic
-- one of 1 Sep – 14 Dec). A request is a record of its own; it is followed
-- when an assessment of the household is dated on or after it.
--
-- Conventions as in 0030_grievances: a ward-scoped table, row-level
-- security through ansinh.context_may_read/_write, the audit trigger
-- ansinh.audit_row, a write function that returns ansinh_api.outcome,
-- replay by request_id and no raise for a problem of the request.
--
-- review_status (0020) gains two columns: requests (requests dated in the
-- year) and requests_open (of them, those with no assessment for the year
-- dated on or after the request).

-- ------------------------------------------------------------------ the table
CREATE TABLE ansinh.review_request (
    ward_code     text        NOT NULL REFERENCES ansinh.ward (code),
    id            uuid        NOT NULL,
    household_id  uuid        NOT NULL,
    requested_on  date        NOT NULL
        CONSTRAINT review_request_requested_on_range CHECK (requested_on BETWEEN '1900-01-01' AND '2100-12-31'),
    reason        text
        CONSTRAINT review_request_reason_text CHECK (ansinh.is_clean_note(reason, 1000)),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ward_code, id),
    FOREIGN KEY (ward_code, household_id) REFERENCES ansinh.household (ward_code, id)
);
CREATE UNIQUE INDEX review_request_id_key ON ansinh.review_request (id);
COMMENT ON INDEX ansinh.review_request_id_key IS 'A review request id is unique across wards: one id, one record';
CREATE INDEX review_request_household_idx ON ansinh.review_request (ward_code, household_id, requested_on);
CREATE INDEX review_request_requested_idx ON ansinh.review_request (requested_on);

CREATE TRIGGER review_request_audit
    AFTER INSERT OR UPDATE ON ansinh.review_request
    FOR EACH ROW EXECUTE FUNCTION ansinh.audit_row();

COMMENT ON TABLE ansinh.review_request IS
    'Ad-hoc review requests: a household asks its ward to review its poverty status (Decision 24/2021/QĐ-TTg: at any time). Followed when an assessment of the household is dated on or after the request.';
COMMENT ON COLUMN ansinh.review_request.ward_code IS 'Ward of the household';
COMMENT ON COLUMN ansinh.review_request.id IS 'Request id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.review_request.household_id IS 'The household asking (ansinh.household.id)';
COMMENT ON COLUMN ansinh.review_request.requested_on IS 'Date of the request, never in the future';
COMMENT ON COLUMN ansinh.review_request.reason IS 'Why a review is asked for, free text; NULL if not given';
COMMENT ON COLUMN ansinh.review_request.created_at IS 'When the record was created';

-- ------------------------------------------------------------------ row-level security
ALTER TABLE ansinh.review_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.review_request FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.review_request FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.review_request FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.review_request FOR SELECT TO ansinh_analyst
    USING (true);

-- ------------------------------------------------------------------ API: write

CREATE FUNCTION ansinh_api.review_request_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    requested_on date, reason text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'review_request_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    hh record;
    old ansinh.review_request;
    new ansinh.review_request;
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
        RETURN ansinh.outcome(3, 'review request id is required', NULL, v_ward);
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
    new.requested_on := coalesce(requested_on, ansinh.today());
    new.reason := ansinh.clean_note(reason);
    problem := coalesce(
        ansinh.date_problem('requested_on', new.requested_on, false),
        ansinh.text_problem('reason', new.reason, 1000, false, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.review_request AS r WHERE r.ward_code = v_ward AND r.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.reason) IS NOT DISTINCT FROM (new.household_id, new.reason)
           AND (review_request_create.requested_on IS NULL
                OR old.requested_on = review_request_create.requested_on) THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('review request %s already exists with the same content', id), id, v_ward));
        END IF;
        RETURN ansinh.outcome(6, format('review request %s already exists in ward %s with different content',
                                        id, v_ward), id, v_ward);
    END IF;

    INSERT INTO ansinh.review_request (ward_code, id, household_id, requested_on, reason)
    VALUES (new.ward_code, new.id, new.household_id, new.requested_on, new.reason);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('review request of household %s on %s in ward %s', (hh.household).code,
               ansinh.iso_date(new.requested_on), v_ward), id, v_ward));
END
$$;

-- ------------------------------------------------------------------ API: read

CREATE TYPE ansinh_api.review_request_row AS (
    id uuid, ward_code text, household_id uuid, household_code text, head_name text,
    requested_on text, reason text, followed_on text, assessment_id uuid, created_at text);

COMMENT ON TYPE ansinh_api.review_request_row IS
    'A review request as review_request_list returns it, with the first assessment of the household dated on or after it (NULL: still open)';

-- Requests dated in year (NULL: any), in ward (NULL: every ward the session
-- may see), only the open ones when open_only; oldest first.
CREATE FUNCTION ansinh_api.review_request_list(
    ward text, year integer, open_only boolean, "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.review_request_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.id, r.ward_code, r.household_id, h.code, h.head_name, ansinh.iso_date(r.requested_on),
           r.reason, ansinh.iso_date(f.assessed_on), f.id, ansinh.rfc3339(r.created_at)
      FROM ansinh.review_request AS r
      JOIN ansinh.household AS h ON h.ward_code = r.ward_code AND h.id = r.household_id
      LEFT JOIN LATERAL (
          SELECT a.id, a.assessed_on
            FROM ansinh.poverty_assessment AS a
           WHERE a.ward_code = r.ward_code AND a.household_id = r.household_id
             AND a.assessed_on >= r.requested_on
           ORDER BY a.assessed_on, a.id
           LIMIT 1) AS f ON true
     WHERE (nullif(review_request_list.ward, '') IS NULL OR r.ward_code = review_request_list.ward)
       AND (review_request_list.year IS NULL OR review_request_list.year = 0
            OR r.requested_on BETWEEN pg_catalog.make_date(review_request_list.year, 1, 1)
                                  AND pg_catalog.make_date(review_request_list.year, 12, 31))
       AND (NOT coalesce(review_request_list.open_only, false) OR f.id IS NULL)
     ORDER BY r.requested_on, r.ward_code, r.created_at, r.id
     LIMIT nullif(review_request_list."limit", 0)
    OFFSET coalesce(review_request_list."offset", 0);
END;

COMMENT ON FUNCTION ansinh_api.review_request_create(uuid, uuid, text, uuid, text, date, text) IS
    'Records a household''s request for an ad-hoc review of its poverty status; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.review_request_list(text, integer, boolean, integer, integer) IS
    'Review requests by ward and the year they are dated in, oldest first, with the assessment that followed (or only the open ones)';

-- ------------------------------------------------------------------ review status, with the requests

DROP FUNCTION ansinh_api.review_status(text, integer);

-- Per ward: as in 0020, and the requests dated in the year and, of them,
-- those with no assessment for the year dated on or after the request.
CREATE FUNCTION ansinh_api.review_status(ward text, year integer)
RETURNS TABLE (ward_code text, ward_name text, unit_code text, due integer, assessed integer,
               due_assessed integer, missing integer, added integer, recognized integer,
               outside_window integer, requests integer, requests_open integer)
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
    ), rq AS (
        SELECT q.ward_code,
               count(*)::integer AS requests,
               (count(*) FILTER (WHERE NOT EXISTS (
                   SELECT FROM ansinh.poverty_assessment AS a
                    WHERE a.ward_code = q.ward_code AND a.household_id = q.household_id
                      AND a.year = review_status.year AND a.assessed_on >= q.requested_on)))::integer AS open
          FROM ansinh.review_request AS q
         WHERE (nullif(review_status.ward, '') IS NULL OR q.ward_code = review_status.ward)
           AND q.requested_on BETWEEN pg_catalog.make_date(review_status.year, 1, 1)
                                  AND pg_catalog.make_date(review_status.year, 12, 31)
         GROUP BY q.ward_code
    )
    SELECT w.code, w.name, ansinh.ward_unit_at(w.code, ansinh.today()),
           (count(*) FILTER (WHERE hh.due))::integer,
           (count(*) FILTER (WHERE hh.assessed))::integer,
           (count(*) FILTER (WHERE hh.due AND hh.assessed))::integer,
           (count(*) FILTER (WHERE hh.due AND NOT hh.assessed))::integer,
           (count(*) FILTER (WHERE hh.assessed AND NOT hh.due))::integer,
           (count(*) FILTER (WHERE hh.recognized))::integer,
           (count(*) FILTER (WHERE hh.outside))::integer,
           coalesce(min(rq.requests), 0),
           coalesce(min(rq.open), 0)
      FROM ansinh.ward AS w
      LEFT JOIN hh ON hh.ward_code = w.code
      LEFT JOIN rq ON rq.ward_code = w.code
     WHERE nullif(review_status.ward, '') IS NULL OR w.code = review_status.ward
     GROUP BY w.code, w.name
    HAVING count(hh.id) > 0 OR nullif(review_status.ward, '') IS NOT NULL
     ORDER BY w.code;
END;

COMMENT ON FUNCTION ansinh_api.review_status(text, integer) IS
    'Per ward (and today''s unit holding it): households due for the year''s review (poor or near-poor now), assessed, due and assessed, missing, added, recognized, assessed outside 1 Sep – 14 Dec; ad-hoc review requests dated in the year, and of them those no assessment for the year followed';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ansinh.review_request FROM PUBLIC;
REVOKE ALL ON FUNCTION
    ansinh_api.review_request_create(uuid, uuid, text, uuid, text, date, text),
    ansinh_api.review_request_list(text, integer, boolean, integer, integer),
    ansinh_api.review_status(text, integer)
  FROM PUBLIC;

-- The daemon: requests are never changed or deleted.
GRANT SELECT, INSERT ON ansinh.review_request TO ansinh_daemon;
GRANT EXECUTE ON FUNCTION
    ansinh_api.review_request_create(uuid, uuid, text, uuid, text, date, text),
    ansinh_api.review_request_list(text, integer, boolean, integer, integer),
    ansinh_api.review_status(text, integer)
  TO ansinh_daemon;
GRANT SELECT ON ansinh.review_request TO ansinh_analyst;

-- The API functions and grants above under the model of 0011_privileges.
CALL ansinh.secure_api();
