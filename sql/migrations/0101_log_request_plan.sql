-- 0101 — the request log's insert planned once per session.
--
-- ansinh.log_request was an SQL-language function (BEGIN ATOMIC), which
-- PostgreSQL plans again at every call: every successful write paid for
-- planning the request-log insert and its policy. The same insert in
-- plpgsql keeps its plan for the session. The row written, the conflict
-- rule (ON CONFLICT (ward_code, request_id) DO NOTHING, as since 0015) and
-- the answer are unchanged. CREATE OR REPLACE keeps the owner and grants.

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
    ON CONFLICT (ward_code, request_id) DO NOTHING;
    RETURN result;
END
$$;

CALL ansinh.secure_api();
