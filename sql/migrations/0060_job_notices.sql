-- 0060 — the weekly job notices (thông báo việc làm): every Thursday the
-- office puts out recruitment needs, labour-export offers and free
-- vocational training on the ward website, the residential groups' Zalo
-- groups and the district's news page.
--
-- A notice belongs to a ward, or (ward_code NULL) to the district as a
-- whole, as a programme does (0007): read by every session when
-- district-wide, else by its ward; written by its ward or the district
-- (district-wide: the district only). Audited by ansinh.audit_row (ward
-- notices) or ansinh.audit_district_row (district-wide ones), logged by
-- ansinh.log_request_scoped. Notices are never changed: INSERT only.
--
-- For the reports: ansinh.job_notice_counts(from_date, to_date, ward) counts
-- the notices and positions by kind (docs/CONTRACTS.md).

-- ------------------------------------------------------------------ the table

-- CHECK helper: channel words, each known, none twice, in order.
CREATE FUNCTION ansinh.is_notice_channels(channels text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN channels <@ ARRAY['district-news', 'ward-website', 'zalo']::text[]
           AND array_position(channels, NULL) IS NULL
           AND channels = ARRAY(SELECT DISTINCT c FROM pg_catalog.unnest(channels) AS c ORDER BY c);

COMMENT ON FUNCTION ansinh.is_notice_channels(text[]) IS
    'CHECK helper: job notice channels (district-news, ward-website, zalo), each at most once, sorted';

CREATE TABLE ansinh.job_notice (
    id          uuid        PRIMARY KEY,
    ward_code   text        REFERENCES ansinh.ward (code),
    notice_on   date        NOT NULL
        CONSTRAINT job_notice_notice_on_range CHECK (notice_on BETWEEN '1900-01-01' AND '2100-12-31'),
    kind        text        NOT NULL
        CONSTRAINT job_notice_kind_word CHECK (kind IN ('recruitment', 'labour-export', 'training')),
    employer    text        NOT NULL
        CONSTRAINT job_notice_employer_text CHECK (ansinh.is_clean_label(employer, 200)),
    positions   integer
        CONSTRAINT job_notice_positions_range CHECK (positions BETWEEN 1 AND 100000),
    apply_at    text        NOT NULL
        CONSTRAINT job_notice_apply_at_text CHECK (ansinh.is_clean_label(apply_at, 500)),
    channels    text[]      NOT NULL DEFAULT '{}'
        CONSTRAINT job_notice_channels_words CHECK (ansinh.is_notice_channels(channels)),
    note        text
        CONSTRAINT job_notice_note_text CHECK (ansinh.is_clean_note(note, 1000)),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_notice_on_idx ON ansinh.job_notice (notice_on);
CREATE INDEX job_notice_ward_idx ON ansinh.job_notice (ward_code, notice_on);

CREATE TRIGGER job_notice_audit
    AFTER INSERT OR UPDATE ON ansinh.job_notice
    FOR EACH ROW WHEN (NEW.ward_code IS NOT NULL) EXECUTE FUNCTION ansinh.audit_row();
CREATE TRIGGER job_notice_audit_district
    AFTER INSERT OR UPDATE ON ansinh.job_notice
    FOR EACH ROW WHEN (NEW.ward_code IS NULL) EXECUTE FUNCTION ansinh.audit_district_row();

COMMENT ON TABLE ansinh.job_notice IS
    'The weekly job notices (thông báo việc làm): recruitment needs, labour-export offers and free vocational training put out by a ward or (ward_code NULL) the district, and the channels each went out on. Audited in audit_event (ward notices) or district_audit_event (district-wide ones). Never changed.';
COMMENT ON COLUMN ansinh.job_notice.id IS 'Notice id (UUIDv7 chosen by the client)';
COMMENT ON COLUMN ansinh.job_notice.ward_code IS 'Ward that put it out; NULL: the district';
COMMENT ON COLUMN ansinh.job_notice.notice_on IS 'Day it was put out (the week''s Thursday, as a rule)';
COMMENT ON COLUMN ansinh.job_notice.kind IS 'recruitment (tuyển dụng), labour-export (xuất khẩu lao động) or training (đào tạo nghề miễn phí)';
COMMENT ON COLUMN ansinh.job_notice.employer IS 'The employer, or for training the trade taught';
COMMENT ON COLUMN ansinh.job_notice.positions IS 'Positions (or training places) offered; NULL if not said';
COMMENT ON COLUMN ansinh.job_notice.apply_at IS 'Where and how to apply';
COMMENT ON COLUMN ansinh.job_notice.channels IS 'Channels it went out on: ward-website, zalo (the residential groups'' Zalo groups), district-news (the district''s news page); empty: not yet put out';
COMMENT ON COLUMN ansinh.job_notice.note IS 'Anything else (wages, conditions, deadline); NULL if none';
COMMENT ON COLUMN ansinh.job_notice.created_at IS 'When the record was created';

-- ------------------------------------------------------------------ row-level security
ALTER TABLE ansinh.job_notice ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.job_notice FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.job_notice FOR SELECT
    USING (ansinh.context_may_read_scope(ward_code));
CREATE POLICY context_insert ON ansinh.job_notice FOR INSERT
    WITH CHECK (ansinh.context_may_write_scope(ward_code));
CREATE POLICY analyst_read ON ansinh.job_notice FOR SELECT TO ansinh_analyst
    USING (true);

-- ------------------------------------------------------------------ words

-- The Vietnamese heading of a notice kind, as the bulletin prints it.
CREATE FUNCTION ansinh.job_notice_kind_vi(kind text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE kind
    WHEN 'recruitment' THEN 'Tuyển dụng'
    WHEN 'labour-export' THEN 'Xuất khẩu lao động'
    WHEN 'training' THEN 'Đào tạo nghề miễn phí'
END;

COMMENT ON FUNCTION ansinh.job_notice_kind_vi(text) IS
    'The Vietnamese name of a job notice kind (recruitment: Tuyển dụng, labour-export: Xuất khẩu lao động, training: Đào tạo nghề miễn phí)';

-- ------------------------------------------------------------------ API: writes

CREATE FUNCTION ansinh_api.notice_create(
    request_id uuid, id uuid, ward text, district_wide boolean, notice_on date, kind text,
    employer text, positions integer, apply_at text, channels text[], note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'notice_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text;
    v_where text;
    old ansinh.job_notice;
    new ansinh.job_notice;
BEGIN
    result := ansinh.start_write_scoped(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    IF coalesce(district_wide, false) THEN
        IF nullif(btrim(ward), '') IS NOT NULL THEN
            RETURN ansinh.outcome(3, 'a district notice has no ward: give the ward or district-wide, not both', id, NULL);
        END IF;
        problem := ansinh.write_refusal(NULL);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(7, problem, id, NULL);
        END IF;
        IF ansinh.context_role() <> 'district' THEN
            RETURN ansinh.outcome(7, 'only a district session may put out a district notice', id, NULL);
        END IF;
        v_ward := NULL;
        v_where := 'for the district';
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
        RETURN ansinh.outcome(3, 'notice id is required', NULL, v_ward);
    END IF;

    new.id := id;
    new.ward_code := v_ward;
    new.notice_on := coalesce(notice_on, ansinh.today());
    new.kind := nullif(btrim(kind), '');
    new.employer := nullif(ansinh.clean_name(employer), '');
    new.positions := positions;
    new.apply_at := nullif(ansinh.clean_name(apply_at), '');
    new.channels := ARRAY(SELECT DISTINCT c FROM unnest(coalesce(channels, '{}')) AS c ORDER BY c);
    new.note := ansinh.clean_note(note);
    problem := coalesce(
        ansinh.date_problem('notice date', new.notice_on, false),
        CASE WHEN new.kind IS NULL THEN 'notice kind is required: use recruitment, labour-export, training'
             WHEN new.kind NOT IN ('recruitment', 'labour-export', 'training') THEN
                 format('notice kind ''%s'' is not valid: use recruitment, labour-export, training',
                        ansinh.excerpt(new.kind)) END,
        ansinh.text_problem('employer', new.employer, 200, true, false),
        CASE WHEN positions IS NOT NULL AND positions NOT BETWEEN 1 AND 100000 THEN
                 format('positions %s is not between 1 and 100000', positions) END,
        ansinh.text_problem('where to apply', new.apply_at, 500, true, false),
        (SELECT format('channel ''%s'' is not valid: use ward-website, zalo, district-news', ansinh.excerpt(c))
           FROM unnest(new.channels) AS c
          WHERE c IS NULL OR c NOT IN ('ward-website', 'zalo', 'district-news')
          LIMIT 1),
        ansinh.text_problem('note', new.note, 1000, false, true));
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    SELECT * INTO old FROM ansinh.job_notice AS n WHERE n.id = new.id;
    IF FOUND THEN
        IF (old.ward_code, old.kind, old.employer, old.positions, old.apply_at, old.channels, old.note)
           IS NOT DISTINCT FROM
           (new.ward_code, new.kind, new.employer, new.positions, new.apply_at, new.channels, new.note)
           AND (notice_on IS NULL OR old.notice_on = notice_on) THEN
            RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
                format('notice %s already exists with the same content', id), id, old.ward_code));
        END IF;
        RETURN ansinh.outcome(6, format('notice %s already exists with different content', id), id, old.ward_code);
    END IF;

    INSERT INTO ansinh.job_notice (id, ward_code, notice_on, kind, employer, positions, apply_at, channels, note)
    VALUES (new.id, new.ward_code, new.notice_on, new.kind, new.employer, new.positions, new.apply_at,
            new.channels, new.note);

    RETURN ansinh.log_request_scoped(request_id, op, ansinh.outcome(0,
        format('%s notice of %s put out on %s %s', new.kind, new.employer, ansinh.iso_date(new.notice_on), v_where),
        id, v_ward));
END
$$;

-- ------------------------------------------------------------------ API: reads

-- Notices of a ward include the district's (its Zalo groups pass them on).
CREATE FUNCTION ansinh_api.notice_list(
    ward text, kind text, from_date date, to_date date, "limit" integer, "offset" integer)
RETURNS TABLE (id uuid, ward_code text, notice_on text, kind text, employer text, positions integer,
               apply_at text, channels text[], note text, created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT n.id, n.ward_code, ansinh.iso_date(n.notice_on), n.kind, n.employer, n.positions, n.apply_at,
           n.channels, n.note, ansinh.rfc3339(n.created_at)
      FROM ansinh.job_notice AS n
     WHERE (nullif(notice_list.ward, '') IS NULL OR n.ward_code = notice_list.ward OR n.ward_code IS NULL)
       AND (nullif(notice_list.kind, '') IS NULL OR n.kind = notice_list.kind)
       AND (notice_list.from_date IS NULL OR n.notice_on >= notice_list.from_date)
       AND (notice_list.to_date IS NULL OR n.notice_on <= notice_list.to_date)
     ORDER BY n.notice_on, n.ward_code NULLS FIRST, n.kind, n.employer, n.id
     LIMIT nullif(notice_list."limit", 0)
    OFFSET coalesce(notice_list."offset", 0);
END;

-- The week (Monday to Sunday) that holds the day, as one Vietnamese text
-- ready to paste into a Zalo group: a heading with the week (and the ward,
-- when one is asked for), then each notice (recruitment, labour export, training, in that
-- order, by day), then a closing line. Money and numbers are the notices'
-- own words; dates are DD/MM/YYYY.
CREATE FUNCTION ansinh_api.notice_bulletin(ward text, week date)
RETURNS TABLE (week_start text, week_end text, notice_count integer, text text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH w AS (
        SELECT date_trunc('week', coalesce(notice_bulletin.week, ansinh.today()))::date AS monday,
               nullif(notice_bulletin.ward, '') AS ward,
               -- the heading's ward: the one asked for, else a ward session's own
               -- (a token of a merged unit reads all its wards, 0022)
               coalesce(nullif(notice_bulletin.ward, ''),
                        CASE WHEN ansinh.context_role() = 'ward' THEN ansinh.context_ward() END) AS heading_ward
    ), n AS (
        SELECT row_number() OVER (ORDER BY CASE j.kind WHEN 'recruitment' THEN 1 WHEN 'labour-export' THEN 2 ELSE 3 END,
                                           j.notice_on, j.employer, j.id) AS no,
               j.*
          FROM ansinh.job_notice AS j, w
         WHERE j.notice_on BETWEEN w.monday AND w.monday + 6
           AND (w.ward IS NULL OR j.ward_code = w.ward OR j.ward_code IS NULL)
    )
    SELECT ansinh.iso_date(w.monday), ansinh.iso_date(w.monday + 6),
           (SELECT count(*)::integer FROM n),
           'THÔNG BÁO VIỆC LÀM TUẦN ' || to_char(w.monday, 'DD/MM/YYYY') || ' – ' || to_char(w.monday + 6, 'DD/MM/YYYY')
           || coalesce((SELECT E'\nPhường ' || wd.name FROM ansinh.ward AS wd WHERE wd.code = w.heading_ward), '')
           || E'\n\n'
           || coalesce((SELECT string_agg(
                  n.no || '. ' || upper(ansinh.job_notice_kind_vi(n.kind)) || ': ' || n.employer
                  || CASE WHEN n.positions IS NOT NULL
                          THEN E'\n   Số lượng: ' || n.positions
                               || CASE n.kind WHEN 'training' THEN ' học viên' ELSE ' người' END
                          ELSE '' END
                  || E'\n   Nơi nộp hồ sơ: ' || n.apply_at
                  || CASE WHEN n.note IS NOT NULL THEN E'\n   Ghi chú: ' || n.note ELSE '' END
                  || E'\n   Ngày thông báo: ' || to_char(n.notice_on, 'DD/MM/YYYY'),
                  E'\n\n' ORDER BY n.no) FROM n),
                       'Tuần này chưa có thông báo việc làm.')
           || E'\n\nNgười lao động quan tâm xin liên hệ nơi nộp hồ sơ nêu trên hoặc Ủy ban nhân dân phường.'
      FROM w;
END;

-- The counts the reports use: notices and positions by kind, put out in
-- the period (either end NULL: open), of a ward (with the district's) or,
-- ward NULL, all. Kinds with no notice are left out.
CREATE FUNCTION ansinh.job_notice_counts(from_date date, to_date date, ward text)
RETURNS TABLE (kind text, notices integer, positions bigint, district_wide integer)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT n.kind, count(*)::integer, coalesce(sum(n.positions), 0)::bigint,
           (count(*) FILTER (WHERE n.ward_code IS NULL))::integer
      FROM ansinh.job_notice AS n
     WHERE (job_notice_counts.from_date IS NULL OR n.notice_on >= job_notice_counts.from_date)
       AND (job_notice_counts.to_date IS NULL OR n.notice_on <= job_notice_counts.to_date)
       AND (nullif(job_notice_counts.ward, '') IS NULL OR n.ward_code = job_notice_counts.ward
            OR n.ward_code IS NULL)
     GROUP BY n.kind
     ORDER BY CASE n.kind WHEN 'recruitment' THEN 1 WHEN 'labour-export' THEN 2 ELSE 3 END;
END;

COMMENT ON FUNCTION ansinh_api.notice_create(uuid, uuid, text, boolean, date, text, text, integer, text, text[], text) IS
    'Records a job notice put out by a ward or the district, with the channels it went out on; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.notice_list(text, text, date, date, integer, integer) IS
    'Job notices by ward (with the district''s), kind and day, oldest first';
COMMENT ON FUNCTION ansinh_api.notice_bulletin(text, date) IS
    'The week''s job notices (Monday to Sunday of the day) as one Vietnamese text for a Zalo group';
COMMENT ON FUNCTION ansinh.job_notice_counts(date, date, text) IS
    'For the reports: job notices and positions by kind in a period, of a ward (with the district''s) or all';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ansinh.job_notice FROM PUBLIC;
REVOKE ALL ON FUNCTION
    ansinh_api.notice_create(uuid, uuid, text, boolean, date, text, text, integer, text, text[], text),
    ansinh_api.notice_list(text, text, date, date, integer, integer),
    ansinh_api.notice_bulletin(text, date)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION ansinh.job_notice_counts(date, date, text), ansinh.job_notice_kind_vi(text),
    ansinh.is_notice_channels(text[]) FROM PUBLIC;

-- The daemon: notices are never changed, so INSERT only.
GRANT SELECT, INSERT ON ansinh.job_notice TO ansinh_daemon;
GRANT EXECUTE ON FUNCTION
    ansinh_api.notice_create(uuid, uuid, text, boolean, date, text, text, integer, text, text[], text),
    ansinh_api.notice_list(text, text, date, date, integer, integer),
    ansinh_api.notice_bulletin(text, date),
    ansinh.job_notice_kind_vi(text),
    ansinh.is_notice_channels(text[])
  TO ansinh_daemon;
GRANT SELECT ON ansinh.job_notice TO ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh.job_notice_counts(date, date, text), ansinh.job_notice_kind_vi(text)
  TO ansinh_analyst;

CALL ansinh.secure_api();
