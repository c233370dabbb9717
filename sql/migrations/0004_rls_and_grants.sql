-- 0004 — row-level security and privileges.
--
-- The daemon authorizes every request; PostgreSQL enforces the same rule a
-- second time. The request context (ansinh_api.set_context) says who is
-- asking; on every ward-scoped table:
--
--   read    role district or auditor: every ward; role ward: its own ward
--   insert  role district: any ward; role ward: its own ward; auditor: nothing
--   update  as insert, for both the old and the new row
--   delete  nobody (no policy, and no DELETE privilege anywhere)
--
-- Analysts (members of ansinh_analyst) read every row without a context.
-- FORCE makes the owner obey the policies too; only superusers bypass them.
--
-- The policies trust the context: a role that may write a table could set
-- ansinh.role itself. That is why only the daemon's role gets write
-- privileges, and why a ward-scoped analyst role would need its own policy
-- keyed to role membership rather than to the context.

CREATE FUNCTION ansinh.context_may_read(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(ansinh.context_role() IN ('district', 'auditor')
                    OR (ansinh.context_role() = 'ward' AND ward_code = ansinh.context_ward()),
                    false);

CREATE FUNCTION ansinh.context_may_write(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(ansinh.context_role() = 'district'
                    OR (ansinh.context_role() = 'ward' AND ward_code = ansinh.context_ward()),
                    false);

COMMENT ON FUNCTION ansinh.context_may_read(text) IS
    'Row-level security: may the current request read a record of this ward?';
COMMENT ON FUNCTION ansinh.context_may_write(text) IS
    'Row-level security: may the current request write a record of this ward?';

-- ------------------------------------------------------------------ policies

-- household and person: read, insert, update.
ALTER TABLE ansinh.household ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.household FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.household FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.household FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.household FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.household FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.person ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.person FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.person FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.person FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY context_update ON ansinh.person FOR UPDATE
    USING (ansinh.context_may_write(ward_code))
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.person FOR SELECT TO ansinh_analyst
    USING (true);
-- The district-wide citizen-ID check (ansinh.citizen_id_ward, 0005) runs as
-- ansinh_idcheck, which may see every person's ward, id and citizen ID. Only
-- as itself: a member of the role (the owner, who must be one to give it the
-- function) gains nothing from the policy.
CREATE POLICY idcheck_read ON ansinh.person FOR SELECT TO ansinh_idcheck
    USING (current_user = 'ansinh_idcheck');

-- Append-only tables: read and insert.
ALTER TABLE ansinh.household_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.household_status FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.household_status FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.household_status FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.household_status FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.request_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.request_log FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.request_log FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.request_log FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.request_log FOR SELECT TO ansinh_analyst
    USING (true);

ALTER TABLE ansinh.audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.audit_event FOR SELECT
    USING (ansinh.context_may_read(ward_code));
CREATE POLICY context_insert ON ansinh.audit_event FOR INSERT
    WITH CHECK (ansinh.context_may_write(ward_code));
CREATE POLICY analyst_read ON ansinh.audit_event FOR SELECT TO ansinh_analyst
    USING (true);

-- ------------------------------------------------------------------ privileges
-- Nothing for PUBLIC. No role gets DELETE or TRUNCATE on anything.
REVOKE ALL ON ALL TABLES IN SCHEMA ansinh FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh FROM PUBLIC;

-- Helper functions used by policies, views, indexes and the API.
GRANT EXECUTE ON FUNCTION
    ansinh.fold(text),
    ansinh.clean_name(text),
    ansinh.context_role(),
    ansinh.context_ward(),
    ansinh.context_may_read(text),
    ansinh.context_may_write(text)
  TO ansinh_daemon, ansinh_analyst, ansinh_idcheck;

-- The daemon: DML through RLS, no DELETE, no DDL.
GRANT USAGE ON SCHEMA ansinh, ansinh_api TO ansinh_daemon;
GRANT SELECT ON ansinh.ward, ansinh.api_token TO ansinh_daemon;
GRANT SELECT, INSERT, UPDATE ON ansinh.household, ansinh.person TO ansinh_daemon;
GRANT SELECT, INSERT ON ansinh.household_status, ansinh.request_log, ansinh.audit_event
    TO ansinh_daemon;
GRANT SELECT ON ansinh.household_v, ansinh.person_v TO ansinh_daemon;
-- Functions created later in ansinh_api are the daemon's to call.
ALTER DEFAULT PRIVILEGES IN SCHEMA ansinh_api GRANT EXECUTE ON FUNCTIONS TO ansinh_daemon;

-- Analysts: read everything in schema ansinh except the token table.
GRANT USAGE ON SCHEMA ansinh TO ansinh_analyst;
GRANT SELECT ON
    ansinh.ward,
    ansinh.household, ansinh.household_status, ansinh.person,
    ansinh.request_log, ansinh.audit_event,
    ansinh.household_v, ansinh.person_v
  TO ansinh_analyst;

-- The citizen-ID checker: three columns of person, nothing else.
GRANT USAGE ON SCHEMA ansinh TO ansinh_idcheck;
GRANT SELECT (ward_code, id, citizen_id) ON ansinh.person TO ansinh_idcheck;
