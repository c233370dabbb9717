-- 0081 — the verified request context on a hot standby (ansinhd --db-read).
--
-- 0011 verifies a request's context through ansinh.request_context, an
-- unlogged table set_context writes for the backend and the transaction.
-- A hot standby can neither write it nor read it (unlogged tables are not
-- replicated). There set_context writes nothing: it sets one more setting,
-- ansinh.context_mac, a keyed hash of the backend, the transaction's start
-- and the context (role, ward, actor, token id) under a secret only
-- ansinh_api_owner may read (ansinh.context_key, replicated with the rest).
-- The context functions on a standby trust the settings only while that
-- hash matches them: a context SET by hand (no secret), or left from
-- another transaction (another start), admits nothing, as on the primary.
-- On the primary nothing changes.

CREATE TABLE ansinh.context_key (
    only_row boolean PRIMARY KEY DEFAULT true
        CONSTRAINT context_key_one_row CHECK (only_row),
    secret   bytea   NOT NULL
        CONSTRAINT context_key_secret_length CHECK (octet_length(secret) = 32)
);
-- gen_random_uuid() draws from the server's strong random source.
INSERT INTO ansinh.context_key (secret)
VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                          || gen_random_uuid()::text, 'UTF8')));

COMMENT ON TABLE ansinh.context_key IS
    'One row: the secret set_context keys the request context with on a hot standby (ansinh.context_mac). Readable by ansinh_api_owner only';
COMMENT ON COLUMN ansinh.context_key.only_row IS 'Always true: the table has one row';
COMMENT ON COLUMN ansinh.context_key.secret IS '32 random bytes';

REVOKE ALL ON ansinh.context_key FROM PUBLIC;
GRANT SELECT ON ansinh.context_key TO ansinh_api_owner;

CREATE TRIGGER context_key_append_only
    BEFORE UPDATE OR DELETE ON ansinh.context_key
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();

-- sha256(secret || sha256(secret || payload)); each field length-prefixed.
CREATE FUNCTION ansinh.context_mac(role text, ward_code text, actor text, token_id text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
BEGIN ATOMIC
    SELECT encode(sha256(k.secret || sha256(k.secret || convert_to(
               concat(length(p.pid), ':', p.pid, '|', length(p.xs), ':', p.xs, '|',
                      length(p.r), ':', p.r, '|', length(p.w), ':', p.w, '|',
                      length(p.a), ':', p.a, '|', length(p.t), ':', p.t), 'UTF8'))), 'hex')
      FROM ansinh.context_key AS k,
           (SELECT pg_backend_pid()::text AS pid,
                   ((extract(epoch FROM now()) * 1000000)::bigint)::text AS xs,
                   coalesce(context_mac.role, '') AS r,
                   coalesce(context_mac.ward_code, '') AS w,
                   coalesce(context_mac.actor, '') AS a,
                   coalesce(context_mac.token_id, '') AS t) AS p;
END;

COMMENT ON FUNCTION ansinh.context_mac(text, text, text, text) IS
    'The keyed hash of this backend, this transaction''s start and the given context, under ansinh.context_key: what set_context sets as ansinh.context_mac on a hot standby';

REVOKE ALL ON FUNCTION ansinh.context_mac(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.context_mac(text, text, text, text) TO ansinh_api_owner;

-- On a standby: the settings, when their hash is the one set_context set.
CREATE FUNCTION ansinh.context_standby_ok() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    RETURN coalesce(pg_catalog.current_setting('ansinh.context_mac', true) =
                    ansinh.context_mac(pg_catalog.current_setting('ansinh.role', true),
                                       nullif(pg_catalog.current_setting('ansinh.ward', true), ''),
                                       pg_catalog.current_setting('ansinh.actor', true),
                                       pg_catalog.current_setting('ansinh.token_id', true)),
                    false);

COMMENT ON FUNCTION ansinh.context_standby_ok() IS
    'On a hot standby: true when the context settings are those set_context set in this transaction (ansinh.context_mac matches)';

REVOKE ALL ON FUNCTION ansinh.context_standby_ok() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.context_standby_ok() TO ansinh_api_owner;

-- As 0011's, plus the standby's way. plpgsql: the primary's query is
-- planned only when it runs (planning it on a standby fails: the table is
-- unlogged). CREATE OR REPLACE keeps the owner (ansinh_api_owner) and the
-- grants.
CREATE OR REPLACE FUNCTION ansinh.context_role() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
BEGIN
    IF pg_catalog.pg_is_in_recovery() THEN
        RETURN CASE WHEN ansinh.context_standby_ok()
                    THEN pg_catalog.current_setting('ansinh.role', true) END;
    END IF;
    RETURN (SELECT c.role
              FROM ansinh.request_context AS c
             WHERE c.backend_pid = pg_catalog.pg_backend_pid()
               AND c.xact_start = pg_catalog.now()
               AND c.role = pg_catalog.current_setting('ansinh.role', true)
               AND coalesce(c.ward_code, '') = coalesce(pg_catalog.current_setting('ansinh.ward', true), '')
               AND c.actor = pg_catalog.current_setting('ansinh.actor', true)
               AND c.token_id::text = pg_catalog.current_setting('ansinh.token_id', true));
END
$$;

CREATE OR REPLACE FUNCTION ansinh.context_ward() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
BEGIN
    IF pg_catalog.pg_is_in_recovery() THEN
        RETURN CASE WHEN ansinh.context_standby_ok()
                    THEN nullif(pg_catalog.current_setting('ansinh.ward', true), '') END;
    END IF;
    RETURN (SELECT c.ward_code
              FROM ansinh.request_context AS c
             WHERE c.backend_pid = pg_catalog.pg_backend_pid()
               AND c.xact_start = pg_catalog.now()
               AND c.role = pg_catalog.current_setting('ansinh.role', true)
               AND coalesce(c.ward_code, '') = coalesce(pg_catalog.current_setting('ansinh.ward', true), '')
               AND c.actor = pg_catalog.current_setting('ansinh.actor', true)
               AND c.token_id::text = pg_catalog.current_setting('ansinh.token_id', true));
END
$$;

-- As 0011's; on a standby the hash instead of the row.
CREATE OR REPLACE FUNCTION ansinh_api.set_context(token_sha256 bytea, request_id uuid DEFAULT NULL)
RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    t ansinh.api_token;
BEGIN
    SELECT * INTO t
      FROM ansinh.api_token AS a
     WHERE a.token_sha256 = set_context.token_sha256
       AND a.revoked_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'set_context: no live token has this SHA-256'
            USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    IF pg_catalog.pg_is_in_recovery() THEN
        PERFORM set_config('ansinh.context_mac',
                           ansinh.context_mac(t.role, t.ward_code, t.name, t.id::text), true);
    ELSE
        INSERT INTO ansinh.request_context AS c
               (backend_pid, xact_start, role, ward_code, actor, token_id)
        VALUES (pg_backend_pid(), now(), t.role, t.ward_code, t.name, t.id)
        ON CONFLICT (backend_pid) DO UPDATE
           SET xact_start = excluded.xact_start, role = excluded.role,
               ward_code = excluded.ward_code, actor = excluded.actor,
               token_id = excluded.token_id;
    END IF;
    PERFORM set_config('ansinh.role', t.role, true),
            set_config('ansinh.ward', coalesce(t.ward_code, ''), true),
            set_config('ansinh.actor', t.name, true),
            set_config('ansinh.token_id', t.id::text, true),
            set_config('ansinh.request_id', coalesce(request_id::text, ''), true);
END
$$;

COMMENT ON FUNCTION ansinh_api.set_context(bytea, uuid) IS
    'Sets the request context of the current transaction from the live token whose SHA-256 is given: its role, ward, name (the actor) and id; and the request id. On a hot standby it keys the context with ansinh.context_mac instead of writing ansinh.request_context';

CALL ansinh.secure_api();
