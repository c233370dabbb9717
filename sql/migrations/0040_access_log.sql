-- 0040 — the access log of personal data.
--
-- Citizen IDs, disabilities and illnesses are sensitive personal data under
-- the Personal Data Protection Law (91/2025/QH15, in force 2026-01-01). Every
-- read that returns a person's record (member list, likely duplicates,
-- employment events) or a household (household show, household find: the
-- head's name, address and phone, and the way to its members) leaves one
-- row here, written by the daemon through ansinh_api.access_record in its
-- own committed transaction before the reply leaves the daemon: no record,
-- no reply. The row says who (actor, token, role, the session's ward), when,
-- which request and which persons and households were returned.
--
-- Append-only, as the audit trail: no role may UPDATE, DELETE or TRUNCATE
-- it, the owner included (ansinh.refuse_change). Reading it: district and
-- auditor request contexts (ansinh_api.access_list, `ansinh audit access`)
-- and analysts; a ward context sees nothing.

CREATE TABLE ansinh.personal_data_access (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    accessed_at   timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    actor         text        NOT NULL,
    token_id      uuid,
    role          text        NOT NULL
        CONSTRAINT personal_data_access_role_word CHECK (role IN ('ward', 'district', 'auditor')),
    ward_code     text,
    db_user       text        NOT NULL DEFAULT session_user,
    request_id    uuid,
    operation     text        NOT NULL,
    person_ids    uuid[]      NOT NULL DEFAULT '{}',
    household_ids uuid[]      NOT NULL DEFAULT '{}',
    CONSTRAINT personal_data_access_something
        CHECK (cardinality(person_ids) + cardinality(household_ids) > 0)
);

CREATE INDEX personal_data_access_persons_idx
    ON ansinh.personal_data_access USING gin (person_ids);
CREATE INDEX personal_data_access_households_idx
    ON ansinh.personal_data_access USING gin (household_ids);
CREATE INDEX personal_data_access_actor_idx
    ON ansinh.personal_data_access (actor, accessed_at);
CREATE INDEX personal_data_access_at_idx
    ON ansinh.personal_data_access (accessed_at);

CREATE TRIGGER personal_data_access_append_only
    BEFORE UPDATE OR DELETE ON ansinh.personal_data_access
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER personal_data_access_no_truncate
    BEFORE TRUNCATE ON ansinh.personal_data_access
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

COMMENT ON TABLE ansinh.personal_data_access IS
    'Who read whose personal data (Personal Data Protection Law 91/2025): one row per read that returned persons or households; append-only';
COMMENT ON COLUMN ansinh.personal_data_access.id IS 'Number of the access, in the order recorded';
COMMENT ON COLUMN ansinh.personal_data_access.accessed_at IS 'When the read was recorded (just before its reply was sent)';
COMMENT ON COLUMN ansinh.personal_data_access.actor IS 'Name of the token that read';
COMMENT ON COLUMN ansinh.personal_data_access.token_id IS 'The token that read (ansinh.api_token.id)';
COMMENT ON COLUMN ansinh.personal_data_access.role IS 'Role of that token: ward, district or auditor';
COMMENT ON COLUMN ansinh.personal_data_access.ward_code IS 'The ward of a ward token; NULL for district and auditor tokens';
COMMENT ON COLUMN ansinh.personal_data_access.db_user IS 'The database login that recorded it (the daemon''s)';
COMMENT ON COLUMN ansinh.personal_data_access.request_id IS 'The request: the client''s request_id, or one the daemon gave the read (it is in the daemon''s log line of that request as req=)';
COMMENT ON COLUMN ansinh.personal_data_access.operation IS 'What was read: member_list, member_duplicates, household_get, household_find, job_event_list';
COMMENT ON COLUMN ansinh.personal_data_access.person_ids IS 'The persons (ansinh.person.id) whose records the reply held';
COMMENT ON COLUMN ansinh.personal_data_access.household_ids IS 'The households (ansinh.household.id) the reply held';

ALTER TABLE ansinh.personal_data_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE ansinh.personal_data_access FORCE ROW LEVEL SECURITY;
CREATE POLICY context_read ON ansinh.personal_data_access FOR SELECT
    USING (coalesce(ansinh.context_role() IN ('district', 'auditor'), false));
-- A row is the current request's own: its context, as recorded.
CREATE POLICY context_insert ON ansinh.personal_data_access FOR INSERT
    WITH CHECK (role = ansinh.context_role()
                AND actor = pg_catalog.current_setting('ansinh.actor', true)
                AND ward_code IS NOT DISTINCT FROM ansinh.context_ward());
CREATE POLICY analyst_read ON ansinh.personal_data_access FOR SELECT TO ansinh_analyst
    USING (true);

REVOKE ALL ON ansinh.personal_data_access FROM PUBLIC;
GRANT SELECT, INSERT ON ansinh.personal_data_access TO ansinh_daemon;
GRANT SELECT ON ansinh.personal_data_access TO ansinh_analyst;

-- ------------------------------------------------------------------ API

-- Records that the current request read these persons and households, from
-- its context (ansinh_api.set_context): actor, token, role, ward, request.
-- The daemon calls it in a transaction of its own and sends the reply only
-- once that transaction has committed. (It returns nothing: a ward context
-- may not read the log, so not even its own row back.)
CREATE FUNCTION ansinh_api.access_record(operation text, persons uuid[], households uuid[])
RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO ansinh.personal_data_access
           (actor, token_id, role, ward_code, request_id, operation, person_ids, household_ids)
    VALUES (pg_catalog.current_setting('ansinh.actor', true),
            nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid,
            ansinh.context_role(),
            ansinh.context_ward(),
            nullif(pg_catalog.current_setting('ansinh.request_id', true), '')::uuid,
            access_record.operation,
            ARRAY(SELECT DISTINCT p FROM unnest(coalesce(access_record.persons, '{}')) AS p
                   WHERE p IS NOT NULL ORDER BY p),
            ARRAY(SELECT DISTINCT h FROM unnest(coalesce(access_record.households, '{}')) AS h
                   WHERE h IS NOT NULL ORDER BY h));
END
$$;

-- Who read a person's data: the accesses that returned the person (by
-- citizen ID or member id; matched 'person') or the person's household
-- (matched 'household'); and/or every access of one actor (actor_name, a
-- token's name). Days
-- from_date..to_date (inclusive, UTC; NULL: open). Newest first. District
-- and auditor contexts only.
CREATE FUNCTION ansinh_api.access_list(
    citizen_id text, member_id uuid, actor_name text, from_date date, to_date date,
    "limit" integer, "offset" integer)
RETURNS TABLE (id bigint, accessed_at text, actor text, token_id uuid, role text,
               ward_code text, request_id uuid, operation text,
               person_count integer, household_count integer, matched text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
#variable_conflict use_column
DECLARE
    pids uuid[];
    hids uuid[];
    by_person boolean := nullif(access_list.citizen_id, '') IS NOT NULL
                         OR access_list.member_id IS NOT NULL;
BEGIN
    IF coalesce(ansinh.context_role() NOT IN ('district', 'auditor'), true) THEN
        RAISE EXCEPTION 'the access log is read by district and auditor tokens only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF by_person THEN
        SELECT coalesce(array_agg(p.id), '{}'), coalesce(array_agg(DISTINCT p.household_id), '{}')
          INTO pids, hids
          FROM ansinh.person AS p
         WHERE p.citizen_id = nullif(access_list.citizen_id, '')
            OR p.id = access_list.member_id;
    END IF;
    RETURN QUERY
    SELECT a.id, ansinh.rfc3339(a.accessed_at), a.actor, a.token_id, a.role, a.ward_code,
           a.request_id, a.operation, cardinality(a.person_ids), cardinality(a.household_ids),
           CASE WHEN NOT by_person THEN NULL
                WHEN a.person_ids && pids THEN 'person'
                ELSE 'household' END
      FROM ansinh.personal_data_access AS a
     WHERE (NOT by_person OR a.person_ids && pids OR a.household_ids && hids)
       AND (nullif(access_list.actor_name, '') IS NULL OR a.actor = access_list.actor_name)
       AND (access_list.from_date IS NULL
            OR a.accessed_at >= access_list.from_date::timestamp AT TIME ZONE 'UTC')
       AND (access_list.to_date IS NULL
            OR a.accessed_at < (access_list.to_date + 1)::timestamp AT TIME ZONE 'UTC')
     ORDER BY a.id DESC
     LIMIT nullif(access_list."limit", 0) OFFSET coalesce(access_list."offset", 0);
END
$$;

REVOKE ALL ON FUNCTION ansinh_api.access_record(text, uuid[], uuid[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION ansinh_api.access_list(text, uuid, text, date, date, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh_api.access_record(text, uuid[], uuid[]) TO ansinh_daemon;
GRANT EXECUTE ON FUNCTION ansinh_api.access_list(text, uuid, text, date, date, integer, integer)
    TO ansinh_daemon;

COMMENT ON FUNCTION ansinh_api.access_record(text, uuid[], uuid[]) IS
    'Records that the current request read these persons and households (personal data access log)';
COMMENT ON FUNCTION ansinh_api.access_list(text, uuid, text, date, date, integer, integer) IS
    'The accesses that returned a person (by citizen ID or member id) or their household, or those of an actor, newest first; district and auditor contexts only';

-- The API functions and grants above under the model of 0011_privileges.
CALL ansinh.secure_api();
