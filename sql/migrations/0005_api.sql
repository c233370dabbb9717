-- 0005 — the functions the daemon calls (docs/CONTRACTS.md).
--
-- All are SECURITY INVOKER: they run as the daemon's role, so row-level
-- security applies to everything they read and write. The single exception
-- is ansinh.citizen_id_ward(), a SECURITY DEFINER helper that answers one
-- question only: in which ward is this citizen ID already registered?
--
-- Write functions never raise for a problem of the request itself: they
-- return an ansinh_api.outcome with a status code and an English sentence,
-- and write nothing unless the code is 0. They check before they write, so a
-- batch of writes in one transaction is not aborted by one bad request.
-- (A unique violation can still be raised when two transactions race for the
-- same key; the daemon retries that write alone and then gets the outcome.)
--
-- Status codes (the wire's): 0 OK, 3 INVALID_ARGUMENT, 5 NOT_FOUND,
-- 6 ALREADY_EXISTS, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION.
--
-- Argument conventions: NULL means "not given"; for updates NULL means
-- "unchanged" and '' clears an optional text; residential group 0 means
-- "not given" (create) or "clear" (update). Dates are date, ids uuid.

-- ------------------------------------------------------------------ types
CREATE TYPE ansinh_api.outcome AS (
    code      integer,
    message   text,
    id        uuid,
    ward_code text,
    replayed  boolean
);
COMMENT ON TYPE ansinh_api.outcome IS
    'Result of a write: wire status code, message, record id and ward, and whether the request_id had been applied before';

CREATE TYPE ansinh_api.status_change AS (
    status      text,
    since       text,
    recorded_at text,
    recorded_by text
);

-- ------------------------------------------------------------------ formatting

-- The district's calendar: "today" and "in the future" are judged in
-- Vietnam's time zone, whatever the server's TimeZone is.
CREATE FUNCTION ansinh.today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (pg_catalog.now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
COMMENT ON FUNCTION ansinh.today() IS 'Today''s date in Vietnam (Asia/Ho_Chi_Minh)';

CREATE FUNCTION ansinh.iso_date(d date) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.to_char(d::timestamp, 'YYYY-MM-DD');

CREATE FUNCTION ansinh.rfc3339(t timestamptz) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');

COMMENT ON FUNCTION ansinh.iso_date(date) IS 'A date as YYYY-MM-DD, whatever DateStyle is';
COMMENT ON FUNCTION ansinh.rfc3339(timestamptz) IS 'A timestamp as RFC 3339 text in UTC, e.g. 2024-03-01T02:15:00.123456Z';

-- Up to 40 characters of a caller's value, for quoting it in a message.
CREATE FUNCTION ansinh.excerpt(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN pg_catalog.char_length(t) > 40
                THEN pg_catalog.left(t, 39) || '…' ELSE t END;

-- The rows the read functions return, as the wire wants them (dates as
-- YYYY-MM-DD, timestamps as RFC 3339 UTC). Views, so that the planner sees
-- through them; security_invoker, so that the caller's row-level security
-- applies. Their row types are the functions' result types.
CREATE VIEW ansinh_api.household_row WITH (security_invoker = true) AS
SELECT h.id,
       h.ward_code,
       h.code,
       h.head_name,
       h.residential_group::integer AS residential_group,
       h.address,
       h.phone,
       h.policy,
       h.special_difficulty,
       h.status,
       ansinh.iso_date(h.status_since) AS status_since,
       ansinh.rfc3339(h.created_at) AS created_at,
       ansinh.rfc3339(h.updated_at) AS updated_at,
       (SELECT pg_catalog.count(*)::integer
          FROM ansinh.person AS p
         WHERE p.ward_code = h.ward_code AND p.household_id = h.id) AS member_count
  FROM ansinh.household AS h;

CREATE VIEW ansinh_api.member_row WITH (security_invoker = true) AS
SELECT p.id,
       p.ward_code,
       p.household_id,
       h.code AS household_code,
       p.full_name,
       ansinh.iso_date(p.birth_date) AS birth_date,
       p.sex,
       p.citizen_id,
       p.relation,
       p.disability,
       p.serious_illness,
       p.occupation,
       ansinh.rfc3339(p.created_at) AS created_at,
       ansinh.rfc3339(p.updated_at) AS updated_at
  FROM ansinh.person AS p
  JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id;

COMMENT ON VIEW ansinh_api.household_row IS 'A household as household_get/list/find return it';
COMMENT ON VIEW ansinh_api.member_row IS 'A member as member_list returns it';

-- ------------------------------------------------------------------ validation
-- Each returns the first problem as a sentence naming the field, or NULL.
-- They mirror the CHECK constraints of 0003 (which remain the last word)
-- and proto/rules.h (which the daemon applies first).

CREATE FUNCTION ansinh.household_problem(
    code text, head_name text, residential_group integer, address text,
    phone text, status text, status_since date)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN code IS NULL OR code = '' THEN
        'household code is required'
    WHEN code !~ '^[A-Za-z0-9_./-]{1,32}$' THEN
        pg_catalog.format('household code ''%s'' is not valid: use 1 to 32 letters, digits, ''-'', ''_'', ''/'' or ''.''',
                          ansinh.excerpt(code))
    WHEN code ~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' THEN
        pg_catalog.format('household code ''%s'' must not look like a UUID', code)
    WHEN head_name IS NULL OR head_name = '' THEN
        'head name is required'
    WHEN pg_catalog.char_length(head_name) > 200 THEN
        'head name is longer than 200 characters'
    WHEN head_name ~ '[[:cntrl:]]' THEN
        'head name must not contain control characters'
    WHEN residential_group NOT BETWEEN 1 AND 999 THEN
        pg_catalog.format('residential group %s is out of range: use 1 to 999', residential_group)
    WHEN pg_catalog.char_length(address) > 500 THEN
        'address is longer than 500 characters'
    WHEN address ~ '[[:cntrl:]]' THEN
        'address must not contain control characters'
    WHEN phone !~ '^\+?[0-9][0-9 .-]*[0-9]$'
         OR pg_catalog.char_length(pg_catalog.regexp_replace(phone, '[^0-9]', '', 'g')) NOT BETWEEN 8 AND 15 THEN
        pg_catalog.format('phone ''%s'' is not valid: use 8 to 15 digits, with an optional leading ''+'' and spaces, ''.'' or ''-''',
                          ansinh.excerpt(phone))
    WHEN status IS NULL OR status = '' THEN
        'household status is required: poor, near-poor or none'
    WHEN status NOT IN ('poor', 'near-poor', 'none') THEN
        pg_catalog.format('household status ''%s'' is not valid: use poor, near-poor or none', ansinh.excerpt(status))
    WHEN status_since < '1900-01-01' THEN
        pg_catalog.format('status date %s is before 1900-01-01', ansinh.iso_date(status_since))
    WHEN status_since > ansinh.today() THEN
        pg_catalog.format('status date %s is in the future', ansinh.iso_date(status_since))
END;

CREATE FUNCTION ansinh.member_problem(
    full_name text, birth_date date, sex text, citizen_id text, relation text,
    disability text, occupation text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN full_name IS NULL OR full_name = '' THEN
        'full name is required'
    WHEN pg_catalog.char_length(full_name) > 200 THEN
        'full name is longer than 200 characters'
    WHEN full_name ~ '[[:cntrl:]]' THEN
        'full name must not contain control characters'
    WHEN birth_date < '1900-01-01' THEN
        pg_catalog.format('birth date %s is before 1900-01-01', ansinh.iso_date(birth_date))
    WHEN birth_date > ansinh.today() THEN
        pg_catalog.format('birth date %s is in the future', ansinh.iso_date(birth_date))
    WHEN sex NOT IN ('male', 'female') THEN
        pg_catalog.format('sex ''%s'' is not valid: use male or female', ansinh.excerpt(sex))
    WHEN citizen_id !~ '^[0-9]{12}$' THEN
        pg_catalog.format('citizen ID ''%s'' is not valid: it must be exactly 12 digits', ansinh.excerpt(citizen_id))
    WHEN relation NOT IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'other') THEN
        pg_catalog.format('relation ''%s'' is not valid: use head, spouse, child, parent, grandchild or other',
                          ansinh.excerpt(relation))
    WHEN disability IS NULL OR disability NOT IN ('none', 'mild', 'severe', 'especially-severe') THEN
        pg_catalog.format('disability ''%s'' is not valid: use none, mild, severe or especially-severe',
                          ansinh.excerpt(coalesce(disability, '')))
    WHEN occupation = '' THEN
        'occupation must not be empty'
    WHEN pg_catalog.char_length(occupation) > 200 THEN
        'occupation is longer than 200 characters'
    WHEN occupation ~ '[[:cntrl:]]' THEN
        'occupation must not contain control characters'
END;

-- ------------------------------------------------------------------ write plumbing

CREATE FUNCTION ansinh.outcome(code integer, message text, id uuid, ward_code text)
RETURNS ansinh_api.outcome
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ROW(code, message, id, ward_code, false)::ansinh_api.outcome;

-- The start of every write: a request context must be set (else raise — that
-- is a bug in the caller), the request_id must be given, and a request_id
-- already applied returns its stored outcome. Returns NULL to go on, having
-- made request_id the context's (so the audit trail carries it even if the
-- caller's set_context did not).
CREATE FUNCTION ansinh.start_write(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    logged ansinh.request_log;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF request_id IS NULL THEN
        RETURN ansinh.outcome(3, 'request ID is required', NULL, NULL);
    END IF;

    SELECT * INTO logged
      FROM ansinh.request_log AS l
     WHERE l.request_id = start_write.request_id
     LIMIT 1;
    IF NOT FOUND THEN
        PERFORM set_config('ansinh.request_id', request_id::text, true);
        RETURN NULL;
    END IF;
    IF logged.operation <> operation THEN
        RETURN ansinh.outcome(9,
            format('request ID %s was already used for %s', request_id, logged.operation),
            NULL, NULL);
    END IF;
    RETURN ROW(logged.code, logged.message, logged.record_id, logged.ward_code, true)::ansinh_api.outcome;
END
$$;

-- Why the current request may not write records of this ward, or NULL.
-- ward NULL asks only whether the request may write at all.
CREATE FUNCTION ansinh.write_refusal(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN ansinh.context_role() = 'district' THEN NULL
    WHEN ansinh.context_role() = 'auditor' THEN
        'an auditor session is read-only'
    WHEN ansinh.context_role() = 'ward' AND (ward IS NULL OR ward = ansinh.context_ward()) THEN NULL
    WHEN ansinh.context_role() = 'ward' THEN
        pg_catalog.format('a session of ward %s may not write records of ward %s', ansinh.context_ward(), ward)
    ELSE
        'no request context'
END;

-- The ward a request names: its own, or, for a ward session that named
-- none, the session's ward. NULL for a district session that named none.
CREATE FUNCTION ansinh.request_ward(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(nullif(pg_catalog.btrim(ward), ''), ansinh.context_ward());

CREATE FUNCTION ansinh.ward_problem(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN ward IS NULL THEN 'ward code is required'
    WHEN NOT EXISTS (SELECT FROM ansinh.ward AS w WHERE w.code = ward_problem.ward) THEN
        pg_catalog.format('ward ''%s'' does not exist', ansinh.excerpt(ward_problem.ward))
END;

-- Records a successful write against its request_id, and returns it.
CREATE FUNCTION ansinh.log_request(request_id uuid, operation text, result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    INSERT INTO ansinh.request_log (ward_code, request_id, operation, code, message, record_id, actor, token_id)
    VALUES (result.ward_code, request_id, operation, result.code, result.message, result.id,
            coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user),
            nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid);
    SELECT result;
END;

-- ------------------------------------------------------------------ citizen ID check
-- Citizen IDs are unique in the whole district, but row-level security hides
-- other wards' members from a ward session. This answers only "which ward
-- holds this citizen ID (other than on this person)?" — never the person or
-- the household. It runs as ansinh_idcheck, which may read person's ward_code,
-- id and citizen_id in every ward and nothing else.
CREATE FUNCTION ansinh.citizen_id_ward(citizen_id text, ward_code text, person_id uuid)
RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog
    RETURN (SELECT p.ward_code
              FROM ansinh.person AS p
             WHERE p.citizen_id = citizen_id_ward.citizen_id
               AND (p.ward_code, p.id) IS DISTINCT FROM (citizen_id_ward.ward_code, citizen_id_ward.person_id)
             LIMIT 1);

COMMENT ON FUNCTION ansinh.citizen_id_ward(text, text, uuid) IS
    'SECURITY DEFINER: the ward in which a citizen ID is registered to another person, or NULL. Reveals nothing else.';

-- Hand the function to ansinh_idcheck. Changing a function's owner needs
-- membership in the new owner and that owner's CREATE on the schema; the
-- latter is withdrawn again at once. (The idcheck_read policy admits only
-- current_user = ansinh_idcheck, so the membership gives the owner nothing.)
GRANT ansinh_idcheck TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_idcheck;
ALTER FUNCTION ansinh.citizen_id_ward(text, text, uuid) OWNER TO ansinh_idcheck;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_idcheck;
REVOKE ALL ON FUNCTION ansinh.citizen_id_ward(text, text, uuid) FROM PUBLIC;

-- The sentence for a citizen ID held by someone else. A session that can
-- see the other member (the same ward, or district/auditor) is told the
-- household too; a ward session is told only the other ward.
CREATE FUNCTION ansinh.citizen_id_conflict(citizen_id text, ward_code text, person_id uuid)
RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    other_ward text;
    other_household text;
BEGIN
    IF citizen_id IS NULL THEN
        RETURN NULL;
    END IF;
    other_ward := ansinh.citizen_id_ward(citizen_id, ward_code, person_id);
    IF other_ward IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT h.code INTO other_household
      FROM ansinh.person AS p
      JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
     WHERE p.citizen_id = citizen_id_conflict.citizen_id
       AND p.ward_code = other_ward;
    IF other_household IS NULL THEN
        RETURN format('citizen ID %s is already registered in ward %s', citizen_id, other_ward);
    END IF;
    RETURN format('citizen ID %s is already registered in ward %s (household %s)',
                  citizen_id, other_ward, other_household);
END
$$;

-- Why this member may not be the head of its household, or NULL.
CREATE FUNCTION ansinh.head_conflict(ward_code text, household_id uuid, person_id uuid)
RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
    RETURN (SELECT format('household %s already has a head: %s', h.code, p.full_name)
              FROM ansinh.person AS p
              JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
             WHERE p.ward_code = head_conflict.ward_code
               AND p.household_id = head_conflict.household_id
               AND p.relation = 'head'
               AND p.id <> head_conflict.person_id
             LIMIT 1);

-- ------------------------------------------------------------------ context

CREATE FUNCTION ansinh_api.set_context(
    role text, ward text, actor text, token_id uuid, request_id uuid)
RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF role IS NULL OR role NOT IN ('ward', 'district', 'auditor') THEN
        RAISE EXCEPTION 'set_context: role must be ward, district or auditor, not %', coalesce(quote_literal(role), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF role = 'ward' THEN
        IF NOT EXISTS (SELECT FROM ansinh.ward AS w WHERE w.code = set_context.ward) THEN
            RAISE EXCEPTION 'set_context: a ward session needs an existing ward code, not %', coalesce(quote_literal(ward), 'NULL')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF coalesce(ward, '') <> '' THEN
        RAISE EXCEPTION 'set_context: a % session has no ward (got %)', role, quote_literal(ward)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(actor), '') = '' THEN
        RAISE EXCEPTION 'set_context: actor is required'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    PERFORM set_config('ansinh.role', role, true),
            set_config('ansinh.ward', CASE WHEN role = 'ward' THEN ward ELSE '' END, true),
            set_config('ansinh.actor', actor, true),
            set_config('ansinh.token_id', coalesce(token_id::text, ''), true),
            set_config('ansinh.request_id', coalesce(request_id::text, ''), true);
END
$$;

COMMENT ON FUNCTION ansinh_api.set_context(text, text, text, uuid, uuid) IS
    'Sets the request context (role, ward, actor, token id, request id) for the current transaction only';

-- ------------------------------------------------------------------ households

CREATE FUNCTION ansinh_api.household_create(
    request_id uuid, id uuid, ward text, code text, head_name text,
    residential_group integer, address text, phone text, policy boolean,
    special_difficulty boolean, status text, status_since date)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'household_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    new ansinh.household;
    old ansinh.household;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    problem := ansinh.ward_problem(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'household id is required', NULL, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.code := btrim(code);
    new.head_name := ansinh.clean_name(head_name);
    new.address := nullif(btrim(normalize(address, NFC)), '');
    new.phone := nullif(btrim(phone), '');
    new.policy := coalesce(policy, false);
    new.special_difficulty := coalesce(special_difficulty, false);
    new.status := status;
    new.status_since := coalesce(status_since, ansinh.today());

    problem := ansinh.household_problem(new.code, new.head_name, nullif(residential_group, 0),
                                        new.address, new.phone, new.status, new.status_since);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;
    new.residential_group := nullif(residential_group, 0);

    -- The same id again: fine if it says the same thing (status_since
    -- defaults to today, so an omitted one matches any).
    SELECT * INTO old FROM ansinh.household AS h WHERE h.ward_code = v_ward AND h.id = new.id;
    IF FOUND THEN
        IF (old.code, old.head_name, old.residential_group, old.address, old.phone,
            old.policy, old.special_difficulty, old.status)
           IS NOT DISTINCT FROM
           (new.code, new.head_name, new.residential_group, new.address, new.phone,
            new.policy, new.special_difficulty, new.status)
           AND (status_since IS NULL OR old.status_since = status_since)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('household %s already exists in ward %s with the same content', old.code, v_ward),
                id, v_ward));
        END IF;
        RETURN ansinh.outcome(6,
            format('household %s already exists in ward %s (code %s) with different content', id, v_ward, old.code),
            id, v_ward);
    END IF;

    IF EXISTS (SELECT FROM ansinh.household AS h WHERE h.ward_code = v_ward AND h.code = new.code) THEN
        RETURN ansinh.outcome(6,
            format('household code ''%s'' already exists in ward %s', new.code, v_ward), id, v_ward);
    END IF;

    INSERT INTO ansinh.household
           (ward_code, id, code, head_name, residential_group, address, phone,
            policy, special_difficulty, status, status_since)
    VALUES (new.ward_code, new.id, new.code, new.head_name, new.residential_group, new.address, new.phone,
            new.policy, new.special_difficulty, new.status, new.status_since);

    INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by, request_id)
    VALUES (new.ward_code, new.id, new.status, new.status_since,
            coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user), request_id);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('household %s created in ward %s', new.code, v_ward), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.household_update(
    request_id uuid, id uuid, ward text, code text, head_name text,
    residential_group integer, address text, phone text, policy boolean,
    special_difficulty boolean, status text, status_since date, new_code text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'household_update';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_code text := nullif(btrim(code), '');
    v_group integer;
    what text;
    old ansinh.household;
    new ansinh.household;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;

    -- Find the household: by id (in the named ward, if one is named), or by
    -- ward and code. Lock it for the rest of the transaction.
    IF id IS NOT NULL THEN
        what := 'household ' || id;
        SELECT * INTO old
          FROM ansinh.household AS h
         WHERE h.id = household_update.id AND (v_ward IS NULL OR h.ward_code = v_ward)
         ORDER BY h.ward_code
         LIMIT 1
           FOR UPDATE;
    ELSIF v_code IS NOT NULL THEN
        IF v_ward IS NULL THEN
            RETURN ansinh.outcome(3, 'ward code is required to find a household by its code', NULL, NULL);
        END IF;
        what := format('household ''%s''', ansinh.excerpt(v_code));
        SELECT * INTO old
          FROM ansinh.household AS h
         WHERE h.ward_code = v_ward AND h.code = v_code
           FOR UPDATE;
    ELSE
        RETURN ansinh.outcome(3, 'household id or code is required', NULL, v_ward);
    END IF;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5,
            what || CASE WHEN v_ward IS NULL THEN ' was not found' ELSE ' was not found in ward ' || v_ward END,
            id, v_ward);
    END IF;
    IF id IS NOT NULL AND v_code IS NOT NULL AND v_code <> old.code THEN
        RETURN ansinh.outcome(3,
            format('household %s has code ''%s'', not ''%s''', id, old.code, ansinh.excerpt(v_code)),
            old.id, old.ward_code);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, old.id, old.ward_code);
    END IF;

    new := old;
    new.code := coalesce(btrim(new_code), old.code);
    new.head_name := coalesce(ansinh.clean_name(head_name), old.head_name);
    v_group := CASE WHEN residential_group IS NULL THEN old.residential_group
                    ELSE nullif(residential_group, 0) END;
    new.address := CASE WHEN address IS NULL THEN old.address
                        ELSE nullif(btrim(normalize(address, NFC)), '') END;
    new.phone := CASE WHEN phone IS NULL THEN old.phone ELSE nullif(btrim(phone), '') END;
    new.policy := coalesce(policy, old.policy);
    new.special_difficulty := coalesce(special_difficulty, old.special_difficulty);
    new.status := coalesce(nullif(status, ''), old.status);
    -- status_since is read only with a change of status.
    IF new.status IS DISTINCT FROM old.status THEN
        new.status_since := coalesce(status_since, ansinh.today());
    END IF;

    problem := ansinh.household_problem(new.code, new.head_name, v_group,
                                        new.address, new.phone, new.status, new.status_since);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, old.id, old.ward_code);
    END IF;
    new.residential_group := v_group;

    IF new.code <> old.code
       AND EXISTS (SELECT FROM ansinh.household AS h
                    WHERE h.ward_code = old.ward_code AND h.code = new.code) THEN
        RETURN ansinh.outcome(6,
            format('household code ''%s'' already exists in ward %s', new.code, old.ward_code),
            old.id, old.ward_code);
    END IF;

    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
            format('household %s in ward %s is unchanged', old.code, old.ward_code),
            old.id, old.ward_code));
    END IF;

    UPDATE ansinh.household AS h
       SET code = new.code,
           head_name = new.head_name,
           residential_group = new.residential_group,
           address = new.address,
           phone = new.phone,
           policy = new.policy,
           special_difficulty = new.special_difficulty,
           status = new.status,
           status_since = new.status_since
     WHERE h.ward_code = old.ward_code AND h.id = old.id;

    IF new.status IS DISTINCT FROM old.status THEN
        INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by, request_id)
        VALUES (old.ward_code, old.id, new.status, new.status_since,
                coalesce(nullif(current_setting('ansinh.actor', true), ''), session_user), request_id);
    END IF;

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('household %s in ward %s updated', new.code, old.ward_code), old.id, old.ward_code));
END
$$;

-- ------------------------------------------------------------------ members

CREATE FUNCTION ansinh_api.member_create(
    request_id uuid, id uuid, ward text, household_id uuid, household_code text,
    full_name text, birth_date date, sex text, citizen_id text, relation text,
    disability text, serious_illness boolean, occupation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'member_create';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    v_household_code text := nullif(btrim(household_code), '');
    hh ansinh.household;
    old ansinh.person;
    new ansinh.person;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'member id is required', NULL, v_ward);
    END IF;

    -- The household: by id (in the named ward, if one is named), or by ward
    -- and code. Shared lock: it must not change ward or vanish meanwhile.
    IF household_id IS NOT NULL THEN
        SELECT * INTO hh
          FROM ansinh.household AS h
         WHERE h.id = member_create.household_id AND (v_ward IS NULL OR h.ward_code = v_ward)
         ORDER BY h.ward_code
         LIMIT 1
           FOR KEY SHARE;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5, 'household ' || household_id || ' was not found'
                                     || coalesce(' in ward ' || v_ward, ''), id, v_ward);
        END IF;
    ELSIF v_household_code IS NOT NULL THEN
        problem := ansinh.ward_problem(v_ward);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(3, problem, id, v_ward);
        END IF;
        SELECT * INTO hh
          FROM ansinh.household AS h
         WHERE h.ward_code = v_ward AND h.code = v_household_code
           FOR KEY SHARE;
        IF NOT FOUND THEN
            RETURN ansinh.outcome(5,
                format('household ''%s'' was not found in ward %s', ansinh.excerpt(v_household_code), v_ward),
                id, v_ward);
        END IF;
    ELSE
        RETURN ansinh.outcome(3, 'household id or household code is required', id, v_ward);
    END IF;
    IF household_id IS NOT NULL AND v_household_code IS NOT NULL AND v_household_code <> hh.code THEN
        RETURN ansinh.outcome(3,
            format('household %s has code ''%s'', not ''%s''', household_id, hh.code, ansinh.excerpt(v_household_code)),
            id, hh.ward_code);
    END IF;
    v_ward := hh.ward_code;
    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;

    new.ward_code := v_ward;
    new.id := id;
    new.household_id := hh.id;
    new.full_name := ansinh.clean_name(full_name);
    new.birth_date := birth_date;
    new.sex := nullif(sex, '');
    new.citizen_id := nullif(btrim(citizen_id), '');
    new.relation := nullif(relation, '');
    new.disability := coalesce(nullif(disability, ''), 'none');
    new.serious_illness := coalesce(serious_illness, false);
    new.occupation := nullif(ansinh.clean_name(occupation), '');

    problem := ansinh.member_problem(new.full_name, new.birth_date, new.sex, new.citizen_id,
                                     new.relation, new.disability, new.occupation);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, id, v_ward);
    END IF;

    -- The same id again: fine if it says the same thing.
    SELECT * INTO old FROM ansinh.person AS p WHERE p.ward_code = v_ward AND p.id = new.id;
    IF FOUND THEN
        IF (old.household_id, old.full_name, old.birth_date, old.sex, old.citizen_id,
            old.relation, old.disability, old.serious_illness, old.occupation)
           IS NOT DISTINCT FROM
           (new.household_id, new.full_name, new.birth_date, new.sex, new.citizen_id,
            new.relation, new.disability, new.serious_illness, new.occupation)
        THEN
            RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
                format('member %s already exists in household %s with the same content', old.full_name, hh.code),
                id, v_ward));
        END IF;
        RETURN ansinh.outcome(6,
            format('member %s already exists in ward %s with different content', id, v_ward),
            id, v_ward);
    END IF;

    problem := ansinh.citizen_id_conflict(new.citizen_id, v_ward, new.id);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(6, problem, id, v_ward);
    END IF;
    IF new.relation = 'head' THEN
        problem := ansinh.head_conflict(v_ward, hh.id, new.id);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(9, problem, id, v_ward);
        END IF;
    END IF;

    INSERT INTO ansinh.person
           (ward_code, id, household_id, full_name, birth_date, sex, citizen_id,
            relation, disability, serious_illness, occupation)
    VALUES (new.ward_code, new.id, new.household_id, new.full_name, new.birth_date, new.sex, new.citizen_id,
            new.relation, new.disability, new.serious_illness, new.occupation);

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('member %s added to household %s in ward %s', new.full_name, hh.code, v_ward), id, v_ward));
END
$$;

CREATE FUNCTION ansinh_api.member_update(
    request_id uuid, id uuid, ward text, full_name text, birth_date date,
    sex text, citizen_id text, relation text, disability text,
    serious_illness boolean, occupation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'member_update';
    result ansinh_api.outcome;
    problem text;
    v_ward text := ansinh.request_ward(ward);
    old ansinh.person;
    new ansinh.person;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;

    problem := ansinh.write_refusal(v_ward);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, id, v_ward);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.outcome(3, 'member id is required', NULL, v_ward);
    END IF;

    SELECT * INTO old
      FROM ansinh.person AS p
     WHERE p.id = member_update.id AND (v_ward IS NULL OR p.ward_code = v_ward)
     ORDER BY p.ward_code
     LIMIT 1
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ansinh.outcome(5, 'member ' || id || ' was not found' || coalesce(' in ward ' || v_ward, ''),
                              id, v_ward);
    END IF;
    problem := ansinh.write_refusal(old.ward_code);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(7, problem, old.id, old.ward_code);
    END IF;

    new := old;
    new.full_name := coalesce(ansinh.clean_name(full_name), old.full_name);
    new.birth_date := coalesce(birth_date, old.birth_date);
    new.sex := coalesce(nullif(sex, ''), old.sex);
    new.citizen_id := CASE WHEN citizen_id IS NULL THEN old.citizen_id
                           ELSE nullif(btrim(citizen_id), '') END;
    new.relation := coalesce(nullif(relation, ''), old.relation);
    new.disability := coalesce(nullif(disability, ''), old.disability);
    new.serious_illness := coalesce(serious_illness, old.serious_illness);
    new.occupation := CASE WHEN occupation IS NULL THEN old.occupation
                           ELSE nullif(ansinh.clean_name(occupation), '') END;

    problem := ansinh.member_problem(new.full_name, new.birth_date, new.sex, new.citizen_id,
                                     new.relation, new.disability, new.occupation);
    IF problem IS NOT NULL THEN
        RETURN ansinh.outcome(3, problem, old.id, old.ward_code);
    END IF;

    IF new.citizen_id IS DISTINCT FROM old.citizen_id THEN
        problem := ansinh.citizen_id_conflict(new.citizen_id, old.ward_code, old.id);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(6, problem, old.id, old.ward_code);
        END IF;
    END IF;
    IF new.relation = 'head' AND old.relation IS DISTINCT FROM 'head' THEN
        problem := ansinh.head_conflict(old.ward_code, old.household_id, old.id);
        IF problem IS NOT NULL THEN
            RETURN ansinh.outcome(9, problem, old.id, old.ward_code);
        END IF;
    END IF;

    IF new IS NOT DISTINCT FROM old THEN
        RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
            format('member %s is unchanged', old.full_name), old.id, old.ward_code));
    END IF;

    UPDATE ansinh.person AS p
       SET full_name = new.full_name,
           birth_date = new.birth_date,
           sex = new.sex,
           citizen_id = new.citizen_id,
           relation = new.relation,
           disability = new.disability,
           serious_illness = new.serious_illness,
           occupation = new.occupation
     WHERE p.ward_code = old.ward_code AND p.id = old.id;

    RETURN ansinh.log_request(request_id, op, ansinh.outcome(0,
        format('member %s updated', new.full_name), old.id, old.ward_code));
END
$$;

-- ------------------------------------------------------------------ reads
-- Row-level security decides what a session sees; ward NULL or '' means
-- "every ward the session may see" (for a ward session: its own).

-- By id (in the named ward, if any), or, without an id, by ward and code.
-- Two branches rather than one condition, so that each has its index.
CREATE FUNCTION ansinh_api.household_get(ward text, id uuid, code text)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.household_row AS r
     WHERE r.id = household_get.id
       AND (ansinh.request_ward(household_get.ward) IS NULL
            OR r.ward_code = ansinh.request_ward(household_get.ward))
    UNION ALL
    SELECT r.*
      FROM ansinh_api.household_row AS r
     WHERE household_get.id IS NULL
       AND r.ward_code = ansinh.request_ward(household_get.ward)
       AND r.code = pg_catalog.btrim(household_get.code);
END;

CREATE FUNCTION ansinh_api.household_list(
    ward text, "group" integer, status text, "limit" integer, "offset" integer)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.household_row AS r
     WHERE (nullif(household_list.ward, '') IS NULL OR r.ward_code = household_list.ward)
       AND (nullif(household_list."group", 0) IS NULL
            OR r.residential_group = household_list."group")
       AND (nullif(household_list.status, '') IS NULL OR r.status = household_list.status)
     ORDER BY r.ward_code, r.code
     LIMIT nullif(household_list."limit", 0)
    OFFSET coalesce(household_list."offset", 0);
END;

-- Accent- and case-insensitive search over the head's name, the members'
-- names and the household code: "hoanh" finds Trương Văn Hoành, "Hoà" finds
-- Hòa. A household matches when the folded text occurs in a folded name or
-- in the code, or is word-similar to a folded name (pg_trgm's <% operator,
-- threshold pg_trgm.word_similarity_threshold, 0.6 by default); best
-- matches first, then by code.
CREATE FUNCTION ansinh_api.household_find(text text, ward text, "limit" integer)
RETURNS SETOF ansinh_api.household_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    WITH query AS MATERIALIZED (
        SELECT q.folded,
               '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(q.folded,
                        '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pattern
          FROM (SELECT ansinh.fold(ansinh.clean_name(household_find.text)) AS folded) AS q
         WHERE q.folded <> ''
    ), hit AS (
        SELECT h.ward_code, h.id,
               greatest(public.word_similarity(q.folded, h.head_name_folded),
                        public.word_similarity(q.folded, pg_catalog.lower(h.code))) AS score
          FROM ansinh.household AS h, query AS q
         WHERE (nullif(household_find.ward, '') IS NULL OR h.ward_code = household_find.ward)
           AND (h.head_name_folded LIKE q.pattern
                OR pg_catalog.lower(h.code) LIKE q.pattern
                OR q.folded OPERATOR(public.<%) h.head_name_folded)
        UNION ALL
        SELECT p.ward_code, p.household_id,
               public.word_similarity(q.folded, p.full_name_folded)
          FROM ansinh.person AS p, query AS q
         WHERE (nullif(household_find.ward, '') IS NULL OR p.ward_code = household_find.ward)
           AND (p.full_name_folded LIKE q.pattern
                OR q.folded OPERATOR(public.<%) p.full_name_folded)
    ), best AS (
        SELECT hit.ward_code, hit.id, pg_catalog.max(hit.score) AS score
          FROM hit
         GROUP BY hit.ward_code, hit.id
    )
    SELECT r.*
      FROM best AS b
      JOIN ansinh_api.household_row AS r ON r.ward_code = b.ward_code AND r.id = b.id
     ORDER BY b.score DESC, r.code, r.ward_code
     LIMIT nullif(household_find."limit", 0);
END;

CREATE FUNCTION ansinh_api.household_history(ward text, id uuid)
RETURNS SETOF ansinh_api.status_change
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT s.status, ansinh.iso_date(s.since), ansinh.rfc3339(s.recorded_at), s.recorded_by
      FROM ansinh.household_status AS s
     WHERE s.household_id = household_history.id
       AND (ansinh.request_ward(household_history.ward) IS NULL
            OR s.ward_code = ansinh.request_ward(household_history.ward))
     ORDER BY s.since, s.id;
END;

-- Head first, then by birth date (unknown last) and name.
CREATE FUNCTION ansinh_api.member_list(ward text, household_id uuid, household_code text)
RETURNS SETOF ansinh_api.member_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT m.*
      FROM (SELECT r.*
              FROM ansinh_api.member_row AS r
             WHERE r.household_id = member_list.household_id
               AND (ansinh.request_ward(member_list.ward) IS NULL
                    OR r.ward_code = ansinh.request_ward(member_list.ward))
            UNION ALL
            SELECT r.*
              FROM ansinh_api.member_row AS r
             WHERE member_list.household_id IS NULL
               AND r.ward_code = ansinh.request_ward(member_list.ward)
               AND r.household_code = pg_catalog.btrim(member_list.household_code)
           ) AS m
     ORDER BY m.ward_code, m.relation IS DISTINCT FROM 'head', m.birth_date NULLS LAST, m.full_name, m.id;
END;

-- ------------------------------------------------------------------ tokens

CREATE FUNCTION ansinh_api.token_lookup(sha256 bytea)
RETURNS TABLE (id uuid, name text, role text, ward_code text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT t.id, t.name, t.role, t.ward_code
      FROM ansinh.api_token AS t
     WHERE t.token_sha256 = token_lookup.sha256
       AND t.revoked_at IS NULL;
END;

-- ------------------------------------------------------------------ comments

COMMENT ON FUNCTION ansinh_api.household_create(uuid, uuid, text, text, text, integer, text, text, boolean, boolean, text, date) IS
    'Creates a household and its first status-history row; idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.household_update(uuid, uuid, text, text, text, integer, text, text, boolean, boolean, text, date, text) IS
    'Changes the given fields of a household (NULL: unchanged; '''' clears address/phone; group 0 clears); a new status adds a history row';
COMMENT ON FUNCTION ansinh_api.member_create(uuid, uuid, text, uuid, text, text, date, text, text, text, text, boolean, text) IS
    'Adds a member to a household (by household id, or ward + household code); idempotent by request_id';
COMMENT ON FUNCTION ansinh_api.member_update(uuid, uuid, text, text, date, text, text, text, text, boolean, text) IS
    'Changes the given fields of a member (NULL: unchanged; '''' clears citizen_id/occupation)';
COMMENT ON FUNCTION ansinh_api.household_get(text, uuid, text) IS
    'A household by id, or by ward + code';
COMMENT ON FUNCTION ansinh_api.household_list(text, integer, text, integer, integer) IS
    'Households by ward, residential group and status (NULL/''''/0: any), ordered by ward and code';
COMMENT ON FUNCTION ansinh_api.household_find(text, text, integer) IS
    'Accent- and case-insensitive search over head and member names and household codes';
COMMENT ON FUNCTION ansinh_api.household_history(text, uuid) IS
    'Status history of a household, oldest first';
COMMENT ON FUNCTION ansinh_api.member_list(text, uuid, text) IS
    'Members of a household (by id, or ward + code): head first, then by birth date';
COMMENT ON FUNCTION ansinh_api.token_lookup(bytea) IS
    'The live token with this SHA-256, if any';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ansinh_api FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ansinh_api TO ansinh_daemon;
GRANT SELECT ON ansinh_api.household_row, ansinh_api.member_row TO ansinh_daemon;

-- The helpers the API functions call (they run as the daemon).
GRANT EXECUTE ON FUNCTION
    ansinh.today(),
    ansinh.iso_date(date),
    ansinh.rfc3339(timestamptz),
    ansinh.excerpt(text),
    ansinh.household_problem(text, text, integer, text, text, text, date),
    ansinh.member_problem(text, date, text, text, text, text, text),
    ansinh.outcome(integer, text, uuid, text),
    ansinh.start_write(uuid, text),
    ansinh.write_refusal(text),
    ansinh.request_ward(text),
    ansinh.ward_problem(text),
    ansinh.log_request(uuid, text, ansinh_api.outcome),
    ansinh.citizen_id_ward(text, text, uuid),
    ansinh.citizen_id_conflict(text, text, uuid),
    ansinh.head_conflict(text, uuid, uuid)
  TO ansinh_daemon;

-- Handy for analysts too.
GRANT EXECUTE ON FUNCTION ansinh.today(), ansinh.iso_date(date), ansinh.rfc3339(timestamptz)
  TO ansinh_analyst;
