-- 0100 — the request's wards worked out once per request, not per statement.
--
-- Every statement of a write read the context anew: each row-level
-- security check's init plan ((SELECT ansinh.context_write_wards()) and
-- context_read_wards()) and each API check (write_refusal, request_ward)
-- called ansinh.context_wards(), an SQL-language SECURITY DEFINER function
-- PostgreSQL plans again for every statement, which calls ward_covers()
-- (a recursive walk of the unit merges, planned again too): seven times
-- per household create, about 0.3 ms each, most of a write's cost.
--
-- From here set_context (on the primary) works out the wards the request
-- may act on once, when it verifies the token, and keeps them in the
-- request's own ansinh.request_context row, which only ansinh_api_owner
-- may write: a ward session's covered wards (ward_covers of its ward,
-- today), every ward for district and auditor sessions. The context
-- functions, plpgsql now (their plans kept for the session), read them
-- from that row under the same checks as context_role() (this backend,
-- this transaction, the settings unchanged since), so a hand-set or stale
-- context still admits nothing, and a SET ROLE or another session finds
-- no row of its own.
--
-- The stored wards stand only while the data they came from is unchanged:
-- every change to ansinh.ward, ansinh.admin_unit or ansinh.admin_unit_link
-- (any session, any transaction) bumps ansinh.context_generation, and a
-- row kept under an older generation is not used: the functions then work
-- the wards out as before. The answers are the same as before in every
-- case; only their cost changed.
--
-- ward_covers itself is plpgsql too (its plan kept instead of planned per
-- call), with the same answers.

-- ------------------------------------------------------------------ the generation
CREATE TABLE ansinh.context_generation (
    only_row   boolean PRIMARY KEY DEFAULT true
        CONSTRAINT context_generation_one_row CHECK (only_row),
    generation bigint  NOT NULL
);
INSERT INTO ansinh.context_generation (generation) VALUES (1);

COMMENT ON TABLE ansinh.context_generation IS
    'One row: bumped by every change to ansinh.ward, admin_unit and admin_unit_link; the wards set_context kept in ansinh.request_context count only under the generation they were worked out in';
COMMENT ON COLUMN ansinh.context_generation.only_row IS 'Always true: the table has one row';
COMMENT ON COLUMN ansinh.context_generation.generation IS 'Bumped by each statement changing the wards or the units';

-- The API changes wards and units as ansinh_api_owner: its statements
-- bump the generation (the trigger runs as whoever changed them).
REVOKE ALL ON ansinh.context_generation FROM PUBLIC;
GRANT SELECT, UPDATE ON ansinh.context_generation TO ansinh_api_owner;
GRANT SELECT ON ansinh.context_generation TO ansinh_analyst;

CREATE FUNCTION ansinh.context_generation_bump() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
BEGIN
    UPDATE ansinh.context_generation SET generation = generation + 1;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ansinh.context_generation_bump() IS
    'Statement trigger on ansinh.ward, admin_unit and admin_unit_link: bumps ansinh.context_generation';

REVOKE ALL ON FUNCTION ansinh.context_generation_bump() FROM PUBLIC;

CREATE TRIGGER ward_context_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ansinh.ward
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.context_generation_bump();
CREATE TRIGGER admin_unit_context_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ansinh.admin_unit
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.context_generation_bump();
CREATE TRIGGER admin_unit_link_context_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ansinh.admin_unit_link
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.context_generation_bump();

-- ------------------------------------------------------------------ the request's wards
ALTER TABLE ansinh.request_context
    ADD COLUMN wards text[],
    ADD COLUMN wards_generation bigint;

COMMENT ON COLUMN ansinh.request_context.wards IS
    'The wards the request acts on, worked out by set_context: a ward session''s covered wards today, every ward for district and auditor sessions';
COMMENT ON COLUMN ansinh.request_context.wards_generation IS
    'ansinh.context_generation when wards was worked out; wards counts only while it is still the current one';

-- As 0022's, with the same answers; plpgsql keeps the plan.
CREATE OR REPLACE FUNCTION ansinh.ward_covers(ward text, as_of date) RETURNS text[]
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
BEGIN
    IF ward IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN coalesce((SELECT pg_catalog.array_agg(DISTINCT a.ward_code ORDER BY a.ward_code)
                       FROM ansinh.admin_unit AS u
                      CROSS JOIN LATERAL ansinh.unit_covers(u.code, as_of) AS c (code)
                       JOIN ansinh.admin_unit AS a ON a.code = c.code
                      WHERE u.ward_code = ward_covers.ward AND a.ward_code IS NOT NULL),
                    ARRAY[ward]);
END
$$;

-- The wards set_context kept for this request, if the row is this
-- request's (the same checks as context_role) and still current; else
-- kept is false.
-- Called by the context functions (SECURITY DEFINER, as ansinh_api_owner)
-- only.
CREATE FUNCTION ansinh.context_kept_wards(OUT kept boolean, OUT role text, OUT wards text[])
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
BEGIN
    kept := false;
    IF pg_catalog.pg_is_in_recovery() THEN
        RETURN;
    END IF;
    SELECT true, c.role, c.wards INTO kept, role, wards
      FROM ansinh.request_context AS c
      JOIN ansinh.context_generation AS g ON g.generation = c.wards_generation
     WHERE c.backend_pid = pg_catalog.pg_backend_pid()
       AND c.xact_start = pg_catalog.now()
       AND c.role = pg_catalog.current_setting('ansinh.role', true)
       AND coalesce(c.ward_code, '') = coalesce(pg_catalog.current_setting('ansinh.ward', true), '')
       AND c.actor = pg_catalog.current_setting('ansinh.actor', true)
       AND c.token_id::text = pg_catalog.current_setting('ansinh.token_id', true);
    kept := coalesce(kept, false);
END
$$;

COMMENT ON FUNCTION ansinh.context_kept_wards() IS
    'The role and wards set_context kept in ansinh.request_context for this request (kept), when the row belongs to this backend and transaction, the settings are unchanged and the wards and units have not changed since';

CREATE OR REPLACE FUNCTION ansinh.context_wards() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    k record;
BEGIN
    k := ansinh.context_kept_wards();
    IF k.kept THEN
        RETURN CASE k.role WHEN 'ward' THEN k.wards END;
    END IF;
    RETURN ansinh.ward_covers(ansinh.context_ward(), ansinh.today());
END
$$;

CREATE OR REPLACE FUNCTION ansinh.context_read_wards() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    k record;
BEGIN
    k := ansinh.context_kept_wards();
    IF k.kept THEN
        RETURN CASE k.role WHEN 'district' THEN k.wards WHEN 'auditor' THEN k.wards
                           WHEN 'ward' THEN k.wards END;
    END IF;
    RETURN CASE ansinh.context_role()
               WHEN 'district' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               WHEN 'auditor' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               WHEN 'ward' THEN ansinh.context_wards()
           END;
END
$$;

CREATE OR REPLACE FUNCTION ansinh.context_write_wards() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    k record;
BEGIN
    k := ansinh.context_kept_wards();
    IF k.kept THEN
        RETURN CASE k.role WHEN 'district' THEN k.wards WHEN 'ward' THEN k.wards END;
    END IF;
    RETURN CASE ansinh.context_role()
               WHEN 'district' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               WHEN 'ward' THEN ansinh.context_wards()
           END;
END
$$;

REVOKE ALL ON FUNCTION ansinh.context_kept_wards() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.context_kept_wards() TO ansinh_api_owner;

-- As 0081's; on the primary it also keeps the request's wards.
CREATE OR REPLACE FUNCTION ansinh_api.set_context(token_sha256 bytea, request_id uuid DEFAULT NULL)
RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    t ansinh.api_token;
    w text[];
    g bigint;
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
        SELECT c.generation INTO g FROM ansinh.context_generation AS c;
        w := CASE t.role
                 WHEN 'ward' THEN ansinh.ward_covers(t.ward_code, ansinh.today())
                 WHEN 'district' THEN (SELECT array_agg(x.code ORDER BY x.code) FROM ansinh.ward AS x)
                 WHEN 'auditor' THEN (SELECT array_agg(x.code ORDER BY x.code) FROM ansinh.ward AS x)
             END;
        INSERT INTO ansinh.request_context AS c
               (backend_pid, xact_start, role, ward_code, actor, token_id, wards, wards_generation)
        VALUES (pg_backend_pid(), now(), t.role, t.ward_code, t.name, t.id, w, g)
        ON CONFLICT (backend_pid) DO UPDATE
           SET xact_start = excluded.xact_start, role = excluded.role,
               ward_code = excluded.ward_code, actor = excluded.actor,
               token_id = excluded.token_id, wards = excluded.wards,
               wards_generation = excluded.wards_generation;
    END IF;
    PERFORM set_config('ansinh.role', t.role, true),
            set_config('ansinh.ward', coalesce(t.ward_code, ''), true),
            set_config('ansinh.actor', t.name, true),
            set_config('ansinh.token_id', t.id::text, true),
            set_config('ansinh.request_id', coalesce(request_id::text, ''), true);
END
$$;

CALL ansinh.secure_api();
