-- 0064 — the audit history of one record (`ansinh audit history ID|CODE`):
-- who recorded it and who changed it, when, field by field, read from the
-- three audit trails (audit_event 0002, district_audit_event 0007,
-- reference_audit_event 0006; all written by the audit triggers only).
--
-- A record is named by its id (any table: a household, a person, a need, a
-- support, a notice…), or by a household code (in the ward, if given), or
-- by the key of a reference record (a fund's code). One row per field: for
-- an insert each field recorded (old_value NULL), for an update each field
-- changed with its value before (from the record's previous event) and
-- after. District and auditor contexts only (else insufficient_privilege);
-- row-level security of the trails applies.

CREATE FUNCTION ansinh_api.audit_history(id uuid, code text, ward text, "limit" integer, "offset" integer)
RETURNS TABLE (event_no bigint, recorded_at text, actor text, role text, ward_code text, table_name text,
               action text, record_key text, field text, old_value text, new_value text, request_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
#variable_conflict use_column
DECLARE
    v_ids uuid[];
    v_key text;
BEGIN
    IF ansinh.context_role() IS NULL OR ansinh.context_role() NOT IN ('district', 'auditor') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'the audit history is for district and auditor tokens';
    END IF;
    IF audit_history.id IS NOT NULL THEN
        v_ids := ARRAY[audit_history.id];
        v_key := audit_history.id::text;
    ELSIF nullif(btrim(audit_history.code), '') IS NOT NULL THEN
        v_key := btrim(audit_history.code);
        v_ids := ARRAY(SELECT h.id FROM ansinh.household AS h
                        WHERE h.code = v_key
                          AND (nullif(audit_history.ward, '') IS NULL OR h.ward_code = audit_history.ward));
    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a record id or a household code is required';
    END IF;

    RETURN QUERY
    WITH ev AS (
        SELECT 1 AS trail, e.id AS n, e.recorded_at, e.actor, e.role, e.ward_code, e.table_name, e.action,
               e.record_id::text AS rkey, e.request_id, e.changed, e.row_data
          FROM ansinh.audit_event AS e
         WHERE e.record_id = ANY (v_ids)
        UNION ALL
        SELECT 2, d.id, d.recorded_at, d.actor, d.role, NULL, d.table_name, d.action,
               d.record_id::text, d.request_id, d.changed, d.row_data
          FROM ansinh.district_audit_event AS d
         WHERE d.record_id = ANY (v_ids)
        UNION ALL
        SELECT 3, r.id, r.recorded_at, r.actor, r.role, r.writer_ward, r.table_name, r.action,
               r.record_key, r.request_id, r.changed, r.row_data
          FROM ansinh.reference_audit_event AS r
         WHERE r.record_key = v_key
    ), seq AS (
        SELECT ev.*,
               row_number() OVER (ORDER BY ev.recorded_at, ev.trail, ev.n) AS no,
               lag(ev.row_data) OVER (PARTITION BY ev.table_name, ev.rkey ORDER BY ev.recorded_at, ev.trail, ev.n)
                   AS prev
          FROM ev
    )
    SELECT s.no, ansinh.rfc3339(s.recorded_at), s.actor, s.role, s.ward_code, s.table_name, s.action, s.rkey,
           f.key, s.prev ->> f.key, s.row_data ->> f.key, s.request_id
      FROM seq AS s
     CROSS JOIN LATERAL (
           SELECT c AS key, 1 AS pos FROM unnest(s.changed) AS c WHERE s.action = 'update'
           UNION ALL
           SELECT j.key, 0 FROM jsonb_each(s.row_data) AS j
            WHERE s.action = 'insert' AND j.value <> 'null'::jsonb
              AND j.key NOT IN ('id', 'ward_code', 'created_at', 'updated_at')
         ) AS f
     ORDER BY s.no, f.key
     LIMIT nullif(audit_history."limit", 0)
    OFFSET coalesce(audit_history."offset", 0);

    IF NOT FOUND AND coalesce(audit_history."offset", 0) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = CASE WHEN audit_history.id IS NOT NULL
                           THEN format('no audit event names record %s', audit_history.id)
                           ELSE format('household ''%s'' was not found%s', ansinh.excerpt(v_key),
                                       coalesce(' in ward ' || nullif(audit_history.ward, ''), '')) END;
    END IF;
END
$$;

COMMENT ON FUNCTION ansinh_api.audit_history(uuid, text, text, integer, integer) IS
    'Who recorded and changed a record (by id, household code or reference key), when, field by field, from the three audit trails; district and auditor contexts only';

-- The API reads the trails (never writes them: the triggers do).
GRANT SELECT ON ansinh.audit_event, ansinh.district_audit_event, ansinh.reference_audit_event TO ansinh_daemon;

CALL ansinh.secure_api();
