-- 0015 — a ward cannot pre-empt the request ids of the district's writes.
--
-- A request id is the idempotency key of a write (the request log), and
-- import derives it from the packed request (client/ids.h): whoever knows
-- a row of a file can compute it. The district's session sees the request
-- log of every ward, and start_write looked a request id up in all of
-- them: a ward that wrote anything of its own under the request id of a
-- row the district was going to import for another ward had the
-- district's write answered "OK replayed" — with the ward's own outcome —
-- and never stored. From here a district session replays only what a
-- district token logged (and rows logged before tokens were kept, which
-- no ward can add now); a request id a ward token used is, for the
-- district, not this request, and its write to another ward goes ahead.
-- (A ward session sees only its own ward's log, as before.)

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
        RETURN ansinh.outcome(3, 'request ID is required', NULL, NULL);
    END IF;
    -- A delivery of the same request_id in flight: wait for it; the log
    -- read below (a new snapshot) then sees it if it committed.
    PERFORM ansinh.lock_request(request_id);

    -- A district session counts only what a district token logged (or a
    -- row from before tokens were kept): a request id a ward token used
    -- in its own ward is not this request.
    SELECT * INTO logged
      FROM ansinh.request_log AS l
     WHERE l.request_id = start_write.request_id
       AND (ansinh.context_role() IS DISTINCT FROM 'district'
            OR l.token_id IS NULL
            OR EXISTS (SELECT FROM ansinh.api_token AS t
                        WHERE t.id = l.token_id AND t.role = 'district'))
     ORDER BY l.recorded_at, l.ward_code
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

-- Records a successful write against its request_id, and returns it. A
-- request id the ward's own token logged in that ward already (seen above:
-- only a district session's write gets here with one) stays as it is.
CREATE OR REPLACE FUNCTION ansinh.log_request(request_id uuid, operation text, result ansinh_api.outcome)
RETURNS ansinh_api.outcome
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    INSERT INTO ansinh.request_log (ward_code, request_id, operation, code, message, record_id, actor, token_id)
    VALUES (result.ward_code, request_id, operation, result.code, result.message, result.id,
            coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user),
            nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid)
    ON CONFLICT (ward_code, request_id) DO NOTHING;
    SELECT result;
END;

CALL ansinh.secure_api();
