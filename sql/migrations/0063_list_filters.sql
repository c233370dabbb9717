-- 0063 — list filters found by a new user: need_list by the year surveyed,
-- support_list / support_totals by kind, and lists that name a household
-- or a programme that does not exist answer NOT_FOUND (SQLSTATE P0002,
-- which the daemon maps to NOT_FOUND with the message) instead of an empty
-- list: need_list, pairing_list (a household), session_list (a programme).
-- Existing arguments and result columns are unchanged; the new arguments
-- have defaults.
--
-- pairing_list and session_list keep their 0007 bodies, moved to schema
-- ansinh as pairing_list_rows / session_list_rows; the ansinh_api
-- functions check the filter, then return those rows.

-- ------------------------------------------------------------------ the checks

-- Raises P0002 when a household named by id or code (in the ward, if
-- given) is not one the session sees; nothing when none is named.
CREATE FUNCTION ansinh.require_household(ward text, household_id uuid, household_code text)
RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF household_id IS NOT NULL THEN
        IF NOT EXISTS (SELECT FROM ansinh.household AS h
                        WHERE h.id = require_household.household_id
                          AND (nullif(require_household.ward, '') IS NULL OR h.ward_code = require_household.ward)) THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002',
                MESSAGE = format('household %s was not found%s', household_id,
                                 coalesce(' in ward ' || nullif(ward, ''), ''));
        END IF;
    ELSIF nullif(household_code, '') IS NOT NULL THEN
        IF NOT EXISTS (SELECT FROM ansinh.household AS h
                        WHERE h.code = require_household.household_code
                          AND (nullif(require_household.ward, '') IS NULL OR h.ward_code = require_household.ward)) THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002',
                MESSAGE = format('household ''%s'' was not found%s', ansinh.excerpt(household_code),
                                 coalesce(' in ward ' || nullif(ward, ''), ''));
        END IF;
    END IF;
END
$$;

COMMENT ON FUNCTION ansinh.require_household(text, uuid, text) IS
    'Lists: raises P0002 (NOT_FOUND) when the household named by id or code is not one the session sees';

-- ------------------------------------------------------------------ needs
DROP FUNCTION ansinh_api.need_list(text, uuid, text, text, text, integer, integer);

CREATE FUNCTION ansinh_api.need_list(
    ward text, household_id uuid, household_code text, status text, kind text,
    "limit" integer, "offset" integer, year integer DEFAULT NULL)
RETURNS SETOF ansinh_api.need_row
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    PERFORM ansinh.require_household(ward, household_id, household_code);
    RETURN QUERY
    SELECT r.*
      FROM ansinh_api.need_row AS r
     WHERE (nullif(need_list.ward, '') IS NULL OR r.ward_code = need_list.ward)
       AND (need_list.household_id IS NULL OR r.household_id = need_list.household_id)
       AND (nullif(need_list.household_code, '') IS NULL OR r.household_code = need_list.household_code)
       AND (nullif(need_list.status, '') IS NULL OR r.status = need_list.status)
       AND (nullif(need_list.kind, '') IS NULL OR r.kind = need_list.kind)
       AND (nullif(need_list.year, 0) IS NULL OR left(r.surveyed_on, 4) = need_list.year::text)
     ORDER BY r.ward_code, r.household_code, r.surveyed_on, r.id
     LIMIT nullif(need_list."limit", 0)
    OFFSET coalesce(need_list."offset", 0);
END
$$;

COMMENT ON FUNCTION ansinh_api.need_list(text, uuid, text, text, text, integer, integer, integer) IS
    'Needs by ward, household, status, kind and the year surveyed; NOT_FOUND (P0002) for a household that does not exist';

-- ------------------------------------------------------------------ pairings, sessions
ALTER FUNCTION ansinh_api.pairing_list(text, integer, uuid, uuid, text, boolean, integer)
    RENAME TO pairing_list_rows;
ALTER FUNCTION ansinh_api.pairing_list_rows(text, integer, uuid, uuid, text, boolean, integer) SET SCHEMA ansinh;
ALTER FUNCTION ansinh_api.session_list(text, uuid, date, date, integer) RENAME TO session_list_rows;
ALTER FUNCTION ansinh_api.session_list_rows(text, uuid, date, date, integer) SET SCHEMA ansinh;
-- In schema ansinh they are helpers like the others: SECURITY INVOKER (the
-- ansinh_api function that calls them is the definer).
ALTER FUNCTION ansinh.pairing_list_rows(text, integer, uuid, uuid, text, boolean, integer) SECURITY INVOKER;
ALTER FUNCTION ansinh.session_list_rows(text, uuid, date, date, integer) SECURITY INVOKER;
COMMENT ON FUNCTION ansinh.pairing_list_rows(text, integer, uuid, uuid, text, boolean, integer) IS
    'The rows of ansinh_api.pairing_list (its 0007 body)';
COMMENT ON FUNCTION ansinh.session_list_rows(text, uuid, date, date, integer) IS
    'The rows of ansinh_api.session_list (its 0007 body)';

-- Raises P0002 when a programme named is not one the session sees.
CREATE FUNCTION ansinh.require_programme(programme_id uuid)
RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF programme_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM ansinh.programme AS p WHERE p.id = require_programme.programme_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('programme %s was not found', programme_id);
    END IF;
END
$$;

COMMENT ON FUNCTION ansinh.require_programme(uuid) IS
    'Lists: raises P0002 (NOT_FOUND) when the programme named is not one the session sees';

-- SQL functions (their parameters share names with their columns): the
-- check is a statement of its own, run before the rows.
CREATE FUNCTION ansinh_api.pairing_list(
    ward text, year integer, organization_id uuid, household_id uuid, household_code text,
    open_only boolean, "limit" integer)
RETURNS TABLE (id uuid, ward_code text, organization_id uuid, organization_name text, household_id uuid,
               household_code text, head_name text, year integer, commitment text, signed_on text,
               ended_on text, end_note text, created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT ansinh.require_household(pairing_list.ward, pairing_list.household_id, pairing_list.household_code);
    SELECT * FROM ansinh.pairing_list_rows(pairing_list.ward, pairing_list.year, pairing_list.organization_id,
                                           pairing_list.household_id, pairing_list.household_code,
                                           pairing_list.open_only, pairing_list."limit");
END;

CREATE FUNCTION ansinh_api.session_list(ward text, programme_id uuid, from_date date, to_date date, "limit" integer)
RETURNS TABLE (id uuid, ward_code text, programme_id uuid, programme_name text, held_on text,
               residential_group integer, beneficiaries integer, household_count integer,
               goods_value_vnd bigint, goods_items text[], goods_quantities text[], goods_units text[],
               goods_values bigint[], donor_ids uuid[], donor_names text[], note text, created_at text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT ansinh.require_programme(session_list.programme_id);
    SELECT * FROM ansinh.session_list_rows(session_list.ward, session_list.programme_id, session_list.from_date,
                                           session_list.to_date, session_list."limit");
END;

COMMENT ON FUNCTION ansinh_api.pairing_list(text, integer, uuid, uuid, text, boolean, integer) IS
    'Pairings by year, sponsor, household and openness; NOT_FOUND (P0002) for a household that does not exist';
COMMENT ON FUNCTION ansinh_api.session_list(text, uuid, date, date, integer) IS
    'Programme sessions (distributions), oldest first; NOT_FOUND (P0002) for a programme that does not exist';

GRANT EXECUTE ON FUNCTION
    ansinh.require_household(text, uuid, text),
    ansinh.require_programme(uuid),
    ansinh.pairing_list_rows(text, integer, uuid, uuid, text, boolean, integer),
    ansinh.session_list_rows(text, uuid, date, date, integer)
  TO ansinh_daemon;

CALL ansinh.secure_api();
