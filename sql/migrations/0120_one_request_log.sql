-- 0120 — one request log, keyed by a scope.
--
-- Until now a write's request_id was kept in one of three idempotency logs:
-- request_log (records of a ward, ward_code NOT NULL in its key),
-- district_request_log (records of the district as a whole) and
-- reference_request_log (the shared reference tables, keyed by a text
-- record_key). Their replay lookups were asymmetric: start_write looked in
-- request_log only, start_write_scoped in request_log then
-- district_request_log, start_reference_write in reference_request_log then
-- request_log (never district_request_log).
--
-- From here there is one table, ansinh.request_log, with
--   scope      'XX' (the ward's code, as ward_code) for a record of a ward,
--              'district' for a record of the district as a whole,
--              'reference' for a row of a shared reference table;
--              a stored generated column (no trigger, no per-row cost):
--              'reference' when record_key is given, else the ward_code,
--              else 'district'. Ward codes are two capital letters, so no
--              ward is called 'district' or 'reference'.
--   ward_code  the ward of the record (NULL for district records; for a
--              reference row the organization's ward, if any)
--   record_id  the record's id (uuid), when it has one
--   record_key the reference row's key (a fund's code, a unit's code, an
--              organization's id as text); NULL otherwise
-- and primary key (scope, request_id). An insert naming a ward
-- (ward_code, request_id, operation, code, message, record_id, actor,
-- token_id) is filed under that ward exactly as before.
--
-- One start_write: a single lookup by request_id in the one log, the same
-- for every scope (a district session counting only what district tokens
-- logged, as since 0015). What changes for callers: a request id used for
-- a write of one scope is now recognised by a write of any other scope
-- (a reference write reusing a district write's id, or a ward write
-- reusing a reference write's id, is answered "already used for …"
-- instead of going ahead), and a replayed reference write answers with
-- the record id it was logged with. start_write_scoped and
-- start_reference_write remain as one-line aliases of start_write (their
-- 26 callers are unchanged); log_request_scoped is an alias of
-- log_request.

-- ------------------------------------------------------------------ the table
ALTER TABLE ansinh.request_log DROP CONSTRAINT request_log_pkey;
ALTER TABLE ansinh.request_log ALTER COLUMN ward_code DROP NOT NULL;
ALTER TABLE ansinh.request_log ALTER COLUMN record_id DROP NOT NULL;
ALTER TABLE ansinh.request_log ADD COLUMN record_key text;
ALTER TABLE ansinh.request_log ADD COLUMN scope text NOT NULL
    GENERATED ALWAYS AS (CASE WHEN record_key IS NOT NULL THEN 'reference'
                              ELSE coalesce(ward_code, 'district') END) STORED;
ALTER TABLE ansinh.request_log ADD PRIMARY KEY (scope, request_id);
ALTER TABLE ansinh.request_log ADD CONSTRAINT request_log_names_record
    CHECK (record_id IS NOT NULL OR record_key IS NOT NULL);

COMMENT ON TABLE ansinh.request_log IS
    'Idempotency log: every successful write request, by its client-chosen request_id, in its scope (a ward, the district, or the reference tables). Append-only.';
COMMENT ON COLUMN ansinh.request_log.ward_code IS
    'Ward of the record written; NULL for a record of the district as a whole (for a reference row: the organization''s ward, if any)';
COMMENT ON COLUMN ansinh.request_log.record_id IS 'Id of the record created or changed (NULL for a reference row without a uuid key)';
COMMENT ON COLUMN ansinh.request_log.record_key IS
    'Key of the reference row written (a fund''s or unit''s code, an organization''s id); NULL for records of a ward or of the district';
COMMENT ON COLUMN ansinh.request_log.scope IS
    'Generated: ''reference'' when record_key is set, else the ward_code, else ''district''';

-- The rows of the other two logs, moved in with their times and tokens.
-- refuse_change guards UPDATE and DELETE only; these are inserts, and the
-- drops below remove the old tables whole. Row-level security is forced
-- on the owner too: lifted for the move only.
ALTER TABLE ansinh.request_log NO FORCE ROW LEVEL SECURITY;
INSERT INTO ansinh.request_log
       (ward_code, request_id, operation, code, message, record_id, actor, token_id, recorded_at)
SELECT NULL, d.request_id, d.operation, d.code, d.message, d.record_id, d.actor, d.token_id, d.recorded_at
  FROM ansinh.district_request_log AS d;
INSERT INTO ansinh.request_log
       (ward_code, request_id, operation, code, message, record_id, record_key, actor, token_id, recorded_at)
SELECT r.ward_code, r.request_id, r.operation, r.code, r.message,
       CASE WHEN r.operation = 'organization_create' THEN r.record_key::uuid END,
       r.record_key, r.actor, r.token_id, r.recorded_at
  FROM ansinh.reference_request_log AS r;
ALTER TABLE ansinh.request_log FORCE ROW LEVEL SECURITY;

-- One policy pair for every scope: ward rows as their ward's records,
-- district rows read by every session and written by the district,
-- reference rows (whose tables have no row-level security) by everyone.
DROP POLICY context_read ON ansinh.request_log;
DROP POLICY context_insert ON ansinh.request_log;
CREATE POLICY context_read ON ansinh.request_log FOR SELECT
    USING (scope = 'reference' OR ansinh.context_may_read_scope(ward_code));
CREATE POLICY context_insert ON ansinh.request_log FOR INSERT
    WITH CHECK (CASE WHEN scope = 'reference' THEN ansinh.context_role() IN ('ward', 'district')
                     ELSE ansinh.context_may_write_scope(ward_code) END);

-- ------------------------------------------------------------------ one start_write
CREATE OR REPLACE FUNCTION ansinh.start_write(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    logged ansinh.request_log;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF request_id IS NULL THEN
        RETURN ansinh.invalid_argument('request ID is required', NULL, NULL);
    END IF;
    -- A delivery of the same request_id in flight: wait for it; the log
    -- read below (a new snapshot) then sees it if it committed.
    PERFORM ansinh.lock_request(request_id);

    -- Every scope, one lookup. A district session counts only what a
    -- district token logged (or a row from before tokens were kept): a
    -- request id a ward token used in its own ward is not this request.
    SELECT * INTO logged
      FROM ansinh.request_log AS l
     WHERE l.request_id = start_write.request_id
       AND (ansinh.context_role() IS DISTINCT FROM 'district'
            OR l.token_id IS NULL
            OR EXISTS (SELECT FROM ansinh.api_token AS t
                        WHERE t.id = l.token_id AND t.role = 'district'))
     ORDER BY l.recorded_at, l.scope
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

COMMENT ON FUNCTION ansinh.start_write(uuid, text) IS
    'The start of every write, of every scope: a request context must be set, the request_id given; a request_id already in ansinh.request_log returns its stored outcome';

-- The old names, kept for their callers: the same function.
CREATE OR REPLACE FUNCTION ansinh.start_write_scoped(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE sql VOLATILE
    RETURN ansinh.start_write(request_id, operation);
CREATE OR REPLACE FUNCTION ansinh.start_reference_write(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE sql VOLATILE
    RETURN ansinh.start_write(request_id, operation);

COMMENT ON FUNCTION ansinh.start_write_scoped(uuid, text) IS 'Alias of ansinh.start_write (one request log since 0120)';
COMMENT ON FUNCTION ansinh.start_reference_write(uuid, text) IS 'Alias of ansinh.start_write (one request log since 0120)';

-- ------------------------------------------------------------------ one log_request
-- The scope follows from the outcome's ward (NULL: the district); a
-- reference write names its key. A request id already logged in that scope
-- (by the ward's own token: only a district session's write gets here with
-- one) stays as it is.
CREATE OR REPLACE FUNCTION ansinh.log_request(request_id uuid, operation text, result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
BEGIN
    INSERT INTO ansinh.request_log AS l
           (ward_code, request_id, operation, code, message, record_id, actor, token_id)
    VALUES (result.ward_code, log_request.request_id, log_request.operation, result.code,
            result.message, result.id,
            coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''),
                     session_user::text),
            nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid)
    ON CONFLICT (scope, request_id) DO NOTHING;
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION ansinh.log_reference_request(request_id uuid, operation text, record_key text,
                                                        result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
BEGIN
    INSERT INTO ansinh.request_log AS l
           (ward_code, request_id, operation, code, message, record_id, record_key, actor, token_id)
    VALUES (result.ward_code, log_reference_request.request_id, log_reference_request.operation,
            result.code, result.message, result.id, log_reference_request.record_key,
            coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''),
                     session_user::text),
            nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid);
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION ansinh.log_request_scoped(request_id uuid, operation text, result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE sql VOLATILE
    RETURN ansinh.log_request(request_id, operation, result);

COMMENT ON FUNCTION ansinh.log_request(uuid, text, ansinh_api.outcome) IS
    'Records a successful write in ansinh.request_log, in the scope of its outcome''s ward (NULL: the district)';
COMMENT ON FUNCTION ansinh.log_reference_request(uuid, text, text, ansinh_api.outcome) IS
    'Records a successful write of a shared reference row in ansinh.request_log (scope reference)';
COMMENT ON FUNCTION ansinh.log_request_scoped(uuid, text, ansinh_api.outcome) IS 'Alias of ansinh.log_request (one request log since 0120)';

-- ------------------------------------------------------------------ the old logs
DROP TABLE ansinh.district_request_log;
DROP TABLE ansinh.reference_request_log;

CALL ansinh.secure_api();
