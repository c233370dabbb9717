-- 0080 — what /metrics shows of the audit seals.
--
-- ansinh_api.audit_seal_status() gives the daemon (for its /metrics) the
-- last seal, its age and how many audit events wait for the next seal. It
-- counts as the sealer finds them (ansinh.seal_audit_events, 0011): the
-- events of the three trails written since the last seal's next_xact that
-- are in no seal. Events inserted behind the sealer's back below that bound
-- are not counted here; `ansinhd audit verify` reports those.
--
-- The counting function runs as ansinh_sealer, the role that may read every
-- trail (its sealer_read policies); it reads and writes nothing else.

CREATE FUNCTION ansinh.audit_seal_status()
RETURNS TABLE (last_seal_id bigint, last_sealed_at timestamptz,
               seal_age_seconds double precision, unsealed_events bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    prev ansinh.audit_seal;
    bound xid8;
BEGIN
    SELECT * INTO prev FROM ansinh.audit_seal AS a ORDER BY a.id DESC LIMIT 1;
    bound := coalesce(prev.next_xact, '0'::xid8);
    RETURN QUERY
    SELECT prev.id, prev.sealed_at,
           extract(epoch FROM (now() - prev.sealed_at))::double precision,
           (SELECT count(*) FROM ansinh.audit_event AS e
             WHERE e.xact >= bound
               AND NOT EXISTS (SELECT FROM ansinh.audit_seal_event AS i
                                WHERE i.event_ward = e.ward_code AND i.event_id = e.id))
         + (SELECT count(*) FROM ansinh.district_audit_event AS d
             WHERE d.xact >= bound
               AND NOT EXISTS (SELECT FROM ansinh.audit_seal_district_event AS i
                                WHERE i.event_id = d.id))
         + (SELECT count(*) FROM ansinh.reference_audit_event AS r
             WHERE r.xact >= bound
               AND NOT EXISTS (SELECT FROM ansinh.audit_seal_reference_event AS i
                                WHERE i.event_id = r.id));
END
$$;

COMMENT ON FUNCTION ansinh.audit_seal_status() IS
    'SECURITY DEFINER (ansinh_sealer): the last seal (id, time, age in seconds; NULL before the first) and the audit events of the three trails waiting for the next seal';

-- Owned by the sealer, as ansinh.seal_audit_events (0008 says how).
GRANT CREATE ON SCHEMA ansinh TO ansinh_sealer;
ALTER FUNCTION ansinh.audit_seal_status() OWNER TO ansinh_sealer;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_sealer;
REVOKE ALL ON FUNCTION ansinh.audit_seal_status() FROM PUBLIC;
-- Moved to ansinh_api_owner by secure_api below.
GRANT EXECUTE ON FUNCTION ansinh.audit_seal_status() TO ansinh_daemon;

CREATE FUNCTION ansinh_api.audit_seal_status()
RETURNS TABLE (last_seal_id bigint, last_sealed_at timestamptz,
               seal_age_seconds double precision, unsealed_events bigint)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT * FROM ansinh.audit_seal_status();
END;

COMMENT ON FUNCTION ansinh_api.audit_seal_status() IS
    'The daemon''s call of ansinh.audit_seal_status, for /metrics (same result)';

CALL ansinh.secure_api();
