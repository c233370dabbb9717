-- tests/lib/context.sql — installed by tests/run-all into the pgTAP
-- database (never into a real one): ansinh_test.context(role, ward, actor,
-- token_id, request_id) sets a request context the way the daemon does,
-- through ansinh_api.set_context and a live token, making the token (its
-- SHA-256 derived from role, ward and actor) on first use. It runs as the
-- superuser, so a test may call it after SET ROLE ansinhd.
CREATE SCHEMA IF NOT EXISTS ansinh_test;
GRANT USAGE ON SCHEMA ansinh_test TO PUBLIC;

CREATE OR REPLACE FUNCTION ansinh_test.token_sha256(role text, ward text, actor text) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    RETURN pg_catalog.sha256(pg_catalog.convert_to('ansinh-test/' || role || '/' || coalesce(ward, '') || '/' || actor, 'UTF8'));

CREATE OR REPLACE FUNCTION ansinh_test.context(role text, ward text, actor text, token_id uuid, request_id uuid)
RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sha bytea := ansinh_test.token_sha256(role, ward, actor);
BEGIN
    INSERT INTO ansinh.api_token (id, name, role, ward_code, token_sha256)
    VALUES (coalesce(token_id, gen_random_uuid()), actor, role, nullif(ward, ''), sha)
    ON CONFLICT DO NOTHING;
    PERFORM ansinh_api.set_context(sha, request_id);
END
$$;

GRANT EXECUTE ON FUNCTION ansinh_test.token_sha256(text, text, text),
                          ansinh_test.context(text, text, text, uuid, uuid) TO PUBLIC;
