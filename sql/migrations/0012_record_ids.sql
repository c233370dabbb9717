-- 0012 — one id, one record; one request_id, one write.
--
-- Until 0011 a record's id was unique within its ward only, and a lookup
-- by id without a ward took the first ward alphabetically: a ward could
-- create records carrying another ward's ids and have the district's
-- `household show/update`, `member update`, `need verify` act on its
-- copies. From here every ward-scoped table whose key is (ward_code, id)
-- has its id unique across the whole store: a lookup by id finds at most
-- one record, and creating a record whose id exists in another ward is
-- refused like any taken key (ALREADY_EXISTS "<table> id … already
-- exists"), saying nothing of the other ward. (The migration fails if a
-- store already holds the same id in two wards: those must be resolved by
-- hand first.)
--
-- Two deliveries of the same request_id at once (two outboxes, a retry
-- racing the original): the second waits for the first at start_write and
-- is answered from the request log ("replayed"), never with a key
-- violation or "already exists".

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT c.relname
               FROM pg_constraint AS k
               JOIN pg_class AS c ON c.oid = k.conrelid
               JOIN pg_namespace AS n ON n.oid = c.relnamespace
              WHERE n.nspname = 'ansinh' AND k.contype = 'p'
                AND (SELECT array_agg(a.attname::text ORDER BY x.ord)
                       FROM unnest(k.conkey) WITH ORDINALITY AS x (att, ord)
                       JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = x.att)
                    = ARRAY['ward_code', 'id']
                AND (SELECT a.atttypid FROM pg_attribute AS a
                      WHERE a.attrelid = c.oid AND a.attname = 'id') = 'uuid'::regtype
              ORDER BY c.relname
    LOOP
        EXECUTE format('CREATE UNIQUE INDEX %I ON ansinh.%I (id)', r.relname || '_id_key', r.relname);
        EXECUTE format('COMMENT ON INDEX ansinh.%I IS %L', r.relname || '_id_key',
                       'One id, one record: ' || r.relname || '.id is unique across all wards');
    END LOOP;
END
$$;

-- The request_id's lock: concurrent deliveries of one request take turns.
-- (Two int4 keys: not the key space of single-bigint advisory locks.)
CREATE FUNCTION ansinh.lock_request(request_id uuid) RETURNS void
    LANGUAGE sql VOLATILE
    RETURN (SELECT NULL::void FROM pg_catalog.pg_advisory_xact_lock(7420012, pg_catalog.hashtext(request_id::text)));

COMMENT ON FUNCTION ansinh.lock_request(uuid) IS
    'Waits until no other transaction is writing this request_id (transaction-level lock)';

CREATE OR REPLACE FUNCTION ansinh.start_write(request_id uuid, operation text)
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
    -- A delivery of the same request_id in flight: wait for it; the log
    -- read below (a new snapshot) then sees it if it committed.
    PERFORM ansinh.lock_request(request_id);

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

CREATE OR REPLACE FUNCTION ansinh.start_reference_write(request_id uuid, operation text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    logged ansinh.reference_request_log;
    other text;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF request_id IS NULL THEN
        RETURN ansinh.outcome(3, 'request ID is required', NULL, NULL);
    END IF;
    PERFORM ansinh.lock_request(request_id);
    SELECT * INTO logged
      FROM ansinh.reference_request_log AS l
     WHERE l.request_id = start_reference_write.request_id;
    IF FOUND THEN
        IF logged.operation <> operation THEN
            RETURN ansinh.outcome(9,
                format('request ID %s was already used for %s', request_id, logged.operation), NULL, NULL);
        END IF;
        RETURN ROW(logged.code, logged.message,
                   CASE WHEN logged.operation = 'organization_create' THEN logged.record_key::uuid END,
                   logged.ward_code, true)::ansinh_api.outcome;
    END IF;
    SELECT l.operation INTO other
      FROM ansinh.request_log AS l
     WHERE l.request_id = start_reference_write.request_id
     LIMIT 1;
    IF FOUND THEN
        RETURN ansinh.outcome(9, format('request ID %s was already used for %s', request_id, other), NULL, NULL);
    END IF;
    PERFORM set_config('ansinh.request_id', request_id::text, true);
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION ansinh.lock_request(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.lock_request(uuid) TO ansinh_api_owner;

CALL ansinh.secure_api();
