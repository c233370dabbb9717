-- 0122 — one set-wise household write, for the import and for a batch.
--
-- 0105 (ansinh_api.household_import) and 0107
-- (ansinh_api.household_create_many) were two set-wise copies of
-- household_create's checks and writes, and 0107's was set-wise only in
-- name: it inserted each household and its status row with a statement of
-- its own, so that the row-level request id the audit trigger reads
-- (ansinh.request_id) could be each row's, and every such statement fired
-- the statement-level audit trigger (0121) once more, twice per write.
--
-- From here both are one function, ansinh.household_write_set: the rows
-- given (all, or those `pick` names), each answered exactly as its own
-- household_create would be (the body of 0105, unchanged in what it
-- answers and writes), the households, their first status rows and the
-- request-log rows each written by one statement. household_import calls
-- it with the chunk; household_create_many calls it once per token of the
-- batch, with the rows whose request id the batch gives once (two rows of
-- one request id are two deliveries, answered by household_create in the
-- batch's order, as before).
--
-- The audit events of a set-wise statement carry each row's own request
-- id: ansinh.audit_trail() takes a record's request id from the
-- transaction-local setting ansinh.request_map (a JSON object, record id →
-- request id) when the record is named there, else from ansinh.request_id
-- as before. household_write_set sets the map for its one statement and
-- clears it after, so nothing later in the transaction reads it. An
-- imported household's audit events now carry its row's request id, not
-- the chunk's.

-- ------------------------------------------------------------------ the trigger
CREATE OR REPLACE FUNCTION ansinh.audit_trail() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key_column text := TG_ARGV[0];
    reference boolean := TG_ARGV[1] = 'reference';
    pk text[] := pg_catalog.string_to_array(TG_ARGV[2], ',');
    generated text[] := coalesce(pg_catalog.string_to_array(nullif(TG_ARGV[3], ''), ','), '{}');
    v_actor text := coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user::text);
    v_token uuid := nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid;
    v_role text := nullif(pg_catalog.current_setting('ansinh.role', true), '');
    v_writer text := CASE WHEN reference THEN nullif(pg_catalog.current_setting('ansinh.ward', true), '') END;
    v_request uuid := nullif(pg_catalog.current_setting('ansinh.request_id', true), '')::uuid;
    -- A set-wise write's request ids, by record id (0122).
    v_map jsonb := CASE WHEN NOT reference
                        THEN nullif(pg_catalog.current_setting('ansinh.request_map', true), '')::jsonb END;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ansinh.audit_event
               (ward_code, actor, token_id, role, writer_ward, table_name, action,
                record_id, record_key, request_id, changed, row_data)
        SELECT CASE WHEN NOT reference THEN r.j ->> 'ward_code' END,
               v_actor, v_token, v_role, v_writer, TG_TABLE_NAME, 'insert',
               CASE WHEN NOT reference THEN (r.j ->> key_column)::uuid END,
               CASE WHEN reference THEN r.j ->> key_column END,
               coalesce((v_map ->> (r.j ->> key_column))::uuid, v_request), NULL, r.j
          FROM (SELECT pg_catalog.to_jsonb(n) - generated AS j FROM new_rows AS n) AS r;
    ELSE
        -- An UPDATE: old and new rows paired by primary key; a row whose
        -- columns (but updated_at) did not change records nothing.
        INSERT INTO ansinh.audit_event
               (ward_code, actor, token_id, role, writer_ward, table_name, action,
                record_id, record_key, request_id, changed, row_data)
        SELECT CASE WHEN NOT reference THEN n.j ->> 'ward_code' END,
               v_actor, v_token, v_role, v_writer, TG_TABLE_NAME, 'update',
               CASE WHEN NOT reference THEN (n.j ->> key_column)::uuid END,
               CASE WHEN reference THEN n.j ->> key_column END,
               coalesce((v_map ->> (n.j ->> key_column))::uuid, v_request), c.changed, n.j
          FROM (SELECT pg_catalog.to_jsonb(t) - generated AS j FROM new_rows AS t) AS n
          JOIN (SELECT pg_catalog.to_jsonb(t) - generated AS j FROM old_rows AS t) AS o
            ON ARRAY(SELECT n.j ->> k FROM unnest(pk) AS k) = ARRAY(SELECT o.j ->> k FROM unnest(pk) AS k)
         CROSS JOIN LATERAL (
               SELECT pg_catalog.array_agg(f.key ORDER BY f.key) AS changed
                 FROM pg_catalog.jsonb_each(n.j) AS f
                WHERE (reference OR f.key <> 'updated_at')
                  AND f.value IS DISTINCT FROM o.j -> f.key) AS c
         WHERE c.changed IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION ansinh.audit_trail() IS
    'Trigger (AFTER INSERT or AFTER UPDATE, FOR EACH STATEMENT, with transition tables new_rows/old_rows): writes the statement''s ansinh.audit_event rows set-wise, from the request context (a record''s request id from ansinh.request_map when a set-wise write names it there). Attach with ansinh.audit_attach.';

-- ------------------------------------------------------------------ the one set-wise write
CREATE FUNCTION ansinh.household_write_set(
    request_ids uuid[], ids uuid[], wards text[], codes text[], head_names text[],
    residential_groups integer[], addresses text[], phones text[],
    policies boolean[], special_difficulties boolean[], statuses text[],
    status_sinces date[], pick integer[] DEFAULT NULL)
RETURNS TABLE (ord integer, outcome ansinh_api.outcome)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    op CONSTANT text := 'household_create';
    actor text := coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user::text);
    token uuid := nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    -- A delivery of the same request id in flight: wait for it, as
    -- start_write does (ansinh.lock_request's lock, inline), every id in
    -- one order, so two set-wise writes never deadlock.
    PERFORM pg_catalog.pg_advisory_xact_lock(7420012, r.k)
       FROM (SELECT DISTINCT pg_catalog.hashtext(u.rid::text) AS k
               FROM unnest(request_ids) WITH ORDINALITY AS u (rid, i)
              WHERE u.rid IS NOT NULL AND (pick IS NULL OR u.i IN (SELECT unnest(pick)))) AS r
      ORDER BY r.k;

    -- The audit trigger's request id of each household written: the
    -- first row of its id (the one that can be inserted).
    PERFORM pg_catalog.set_config('ansinh.request_map', coalesce(
        (SELECT pg_catalog.jsonb_object_agg(f.hid, f.rid)::text
           FROM (SELECT DISTINCT ON (u.hid) u.hid, u.rid
                   FROM unnest(ids, request_ids) WITH ORDINALITY AS u (hid, rid, i)
                  WHERE u.hid IS NOT NULL AND u.rid IS NOT NULL
                    AND (pick IS NULL OR u.i IN (SELECT unnest(pick)))
                  ORDER BY u.hid, u.i) AS f), ''), true);

    RETURN QUERY
    WITH named AS MATERIALIZED (
        -- The wards the rows name (most calls: one), each worked out and
        -- checked once: the functions are stable, their answer the same
        -- for every row naming that ward.
        SELECT w.ward, ansinh.request_ward(w.ward) AS v_ward
          FROM (SELECT DISTINCT u.ward FROM unnest(wards) WITH ORDINALITY AS u (ward, i)
                 WHERE pick IS NULL OR u.i IN (SELECT unnest(pick))) AS w
    ), scope AS MATERIALIZED (
        SELECT n.ward, n.v_ward, ansinh.write_refusal(n.v_ward) AS refusal,
               ansinh.ward_problem(n.v_ward) AS ward_problem
          FROM named AS n
    ), input AS MATERIALIZED (
        SELECT u.ord::integer AS ord, u.rid, u.hid, w.v_ward, w.refusal, w.ward_problem,
               pg_catalog.btrim(u.code) AS n_code, ansinh.clean_name(u.head) AS n_head,
               nullif(u.grp, 0) AS n_grp,
               nullif(pg_catalog.btrim(normalize(u.addr, NFC)), '') AS n_addr,
               nullif(pg_catalog.btrim(u.phone), '') AS n_phone,
               coalesce(u.pol, false) AS n_pol, coalesce(u.spec, false) AS n_spec,
               nullif(u.status, '') AS n_status, u.since
          FROM unnest(request_ids, ids, wards, codes, head_names, residential_groups,
                      addresses, phones, policies, special_difficulties, statuses, status_sinces)
               WITH ORDINALITY AS u (rid, hid, ward, code, head, grp, addr, phone, pol, spec, status, since, ord)
          JOIN scope AS w ON w.ward IS NOT DISTINCT FROM u.ward
         WHERE pick IS NULL OR u.ord IN (SELECT unnest(pick))
    ), logged AS (
        -- As start_write: a district session counts only what a district
        -- token logged (or a row from before tokens were kept).
        SELECT DISTINCT ON (i.ord) i.ord, l.operation, l.code, l.message, l.record_id, l.ward_code
          FROM input AS i
          JOIN ansinh.request_log AS l ON l.request_id = i.rid
         WHERE ansinh.context_role() IS DISTINCT FROM 'district'
            OR l.token_id IS NULL
            OR EXISTS (SELECT FROM ansinh.api_token AS t WHERE t.id = l.token_id AND t.role = 'district')
         ORDER BY i.ord, l.recorded_at, l.scope
    ), checked AS MATERIALIZED (
        SELECT i.*, coalesce(i.since, ansinh.today()) AS n_since,
               CASE
                   WHEN i.rid IS NULL THEN
                       ansinh.invalid_argument('request ID is required', NULL, NULL)
                   WHEN g.operation IS NOT NULL AND g.operation <> op THEN
                       ansinh.failed_precondition(
                           pg_catalog.format('request ID %s was already used for %s', i.rid, g.operation),
                           NULL, NULL)
                   WHEN g.operation IS NOT NULL THEN
                       ROW(g.code, g.message, g.record_id, g.ward_code, true)::ansinh_api.outcome
                   WHEN i.refusal IS NOT NULL THEN
                       ansinh.permission_denied(i.refusal, i.hid, i.v_ward)
                   WHEN i.ward_problem IS NOT NULL THEN
                       ansinh.invalid_argument(i.ward_problem, i.hid, i.v_ward)
                   WHEN i.hid IS NULL THEN
                       ansinh.invalid_argument('household id is required', NULL, i.v_ward)
                   WHEN x.problem IS NOT NULL THEN
                       ansinh.invalid_argument(x.problem, i.hid, i.v_ward)
               END AS early
          FROM input AS i
          LEFT JOIN logged AS g ON g.ord = i.ord
         CROSS JOIN LATERAL (
               SELECT ansinh.household_problem(i.n_code, i.n_head, i.n_grp, i.n_addr, i.n_phone,
                                               i.n_status, coalesce(i.since, ansinh.today())) AS problem
         ) AS x
    ), candidate AS MATERIALIZED (
        -- The rows that reach the lookups: the stored household of the
        -- same id, a stored one with the same code, the first row given
        -- with the same id and with the same code.
        SELECT c.ord, c.rid, c.hid, c.v_ward, c.n_code, c.n_head, c.n_grp, c.n_addr, c.n_phone,
               c.n_pol, c.n_spec, c.n_status, c.since, c.n_since,
               o AS old, t.id IS NOT NULL AS code_taken,
               pg_catalog.first_value(c.ord) OVER (PARTITION BY c.v_ward, c.hid ORDER BY c.ord) AS first_id,
               pg_catalog.first_value(c.ord) OVER (PARTITION BY c.v_ward, c.n_code ORDER BY c.ord) AS first_code
          FROM checked AS c
          LEFT JOIN ansinh.household AS o ON o.ward_code = c.v_ward AND o.id = c.hid
          LEFT JOIN ansinh.household AS t ON t.ward_code = c.v_ward AND t.code = c.n_code
         WHERE c.early IS NULL
    ), decided AS MATERIALIZED (
        SELECT d.*,
               CASE
                   WHEN (d.old).id IS NOT NULL THEN 'stored'
                   WHEN d.first_id <> d.ord THEN 'twin'
                   WHEN d.code_taken OR d.first_code <> d.ord THEN 'code'
                   ELSE 'insert'
               END AS action
          FROM candidate AS d
    ), compared AS MATERIALIZED (
        -- The household a row meets: the stored one, or the row written
        -- first with that id.
        SELECT d.*,
               CASE d.action
                   WHEN 'stored' THEN
                       CASE WHEN ((d.old).code, (d.old).head_name, (d.old).residential_group, (d.old).address,
                                  (d.old).phone, (d.old).policy, (d.old).special_difficulty, (d.old).status)
                                 IS NOT DISTINCT FROM
                                 (d.n_code, d.n_head, d.n_grp, d.n_addr, d.n_phone, d.n_pol, d.n_spec, d.n_status)
                                 AND (d.since IS NULL OR (d.old).status_since = d.since)
                            THEN ansinh.ok(pg_catalog.format('household %s already exists in ward %s with the same content',
                                                             (d.old).code, d.v_ward), d.hid, d.v_ward)
                            ELSE ansinh.already_exists(
                                     pg_catalog.format('household %s already exists in ward %s (code %s) with different content',
                                                       d.hid, d.v_ward, (d.old).code), d.hid, d.v_ward)
                       END
                   WHEN 'twin' THEN
                       CASE WHEN (f.n_code, f.n_head, f.n_grp, f.n_addr, f.n_phone, f.n_pol, f.n_spec, f.n_status)
                                 IS NOT DISTINCT FROM
                                 (d.n_code, d.n_head, d.n_grp, d.n_addr, d.n_phone, d.n_pol, d.n_spec, d.n_status)
                                 AND (d.since IS NULL OR f.n_since = d.since)
                                 AND f.action = 'insert'
                            THEN ansinh.ok(pg_catalog.format('household %s already exists in ward %s with the same content',
                                                             f.n_code, d.v_ward), d.hid, d.v_ward)
                            ELSE ansinh.already_exists(
                                     pg_catalog.format('household %s already exists in ward %s (code %s) with different content',
                                                       d.hid, d.v_ward, f.n_code), d.hid, d.v_ward)
                       END
                   WHEN 'code' THEN
                       ansinh.already_exists(
                           pg_catalog.format('household code ''%s'' already exists in ward %s', d.n_code, d.v_ward),
                           d.hid, d.v_ward)
                   ELSE
                       ansinh.ok(pg_catalog.format('household %s created in ward %s', d.n_code, d.v_ward),
                                 d.hid, d.v_ward)
               END AS result
          FROM decided AS d
          LEFT JOIN decided AS f ON d.action = 'twin' AND f.ord = d.first_id
    ), written AS (
        INSERT INTO ansinh.household AS h
               (ward_code, id, code, head_name, residential_group, address, phone,
                policy, special_difficulty, status, status_since)
        SELECT w.v_ward, w.hid, w.n_code, w.n_head, w.n_grp, w.n_addr, w.n_phone,
               w.n_pol, w.n_spec, w.n_status, w.n_since
          FROM compared AS w
         WHERE w.action = 'insert'
         ORDER BY w.ord
        RETURNING h.id
    ), history AS (
        INSERT INTO ansinh.household_status AS s (ward_code, household_id, status, since, recorded_by, request_id)
        SELECT w.v_ward, w.hid, w.n_status, w.n_since, actor, w.rid
          FROM compared AS w
         WHERE w.action = 'insert'
         ORDER BY w.ord
        RETURNING s.id
    ), logging AS (
        -- As ansinh.log_request, for every OK outcome.
        INSERT INTO ansinh.request_log AS l
               (ward_code, request_id, operation, code, message, record_id, actor, token_id)
        SELECT (w.result).ward_code, w.rid, op, (w.result).code, (w.result).message, (w.result).id, actor, token
          FROM compared AS w
         WHERE (w.result).code = 0
         ORDER BY w.ord
        ON CONFLICT DO NOTHING  -- its one key, whatever its columns
        RETURNING l.request_id
    )
    SELECT c.ord, coalesce(c.early, w.result)
      FROM checked AS c
      LEFT JOIN compared AS w ON w.ord = c.ord
     ORDER BY c.ord;

    PERFORM pg_catalog.set_config('ansinh.request_map', '', true);
END
$$;

COMMENT ON FUNCTION ansinh.household_write_set(uuid[], uuid[], text[], text[], text[], integer[], text[], text[],
                                                boolean[], boolean[], text[], date[], integer[]) IS
    'Household creates set-wise, in the current request context: element i (all, or those pick names) is one create, answered (ord i) and written as its own household_create would be; one statement per table, each audit event under its row''s request id';

REVOKE ALL ON FUNCTION ansinh.household_write_set(uuid[], uuid[], text[], text[], text[], integer[], text[], text[],
                                                   boolean[], boolean[], text[], date[], integer[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.household_write_set(uuid[], uuid[], text[], text[], text[], integer[], text[], text[],
                                                      boolean[], boolean[], text[], date[], integer[])
    TO ansinh_api_owner;

-- ------------------------------------------------------------------ the import
CREATE OR REPLACE FUNCTION ansinh_api.household_import(
    request_id uuid, request_ids uuid[], lines integer[], ids uuid[],
    wards text[], codes text[], head_names text[],
    residential_groups integer[], addresses text[], phones text[],
    policies boolean[], special_difficulties boolean[], statuses text[],
    status_sinces text[])
RETURNS TABLE (code integer, message text, id uuid, ward_code text,
               replayed boolean, row_lines integer[], row_codes integer[],
               row_messages text[], row_replayed boolean[])
    LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    n CONSTANT integer := coalesce(pg_catalog.cardinality(request_ids), 0);
    refusal text;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    refusal := CASE
        WHEN request_id IS NULL THEN 'request ID is required'
        WHEN n > 2000 THEN pg_catalog.format('rows: %s rows, at most 2000 in one import request', n)
        WHEN n <> ANY (ARRAY[coalesce(pg_catalog.cardinality(lines), 0), coalesce(pg_catalog.cardinality(ids), 0),
                             coalesce(pg_catalog.cardinality(wards), 0), coalesce(pg_catalog.cardinality(codes), 0),
                             coalesce(pg_catalog.cardinality(head_names), 0),
                             coalesce(pg_catalog.cardinality(residential_groups), 0),
                             coalesce(pg_catalog.cardinality(addresses), 0),
                             coalesce(pg_catalog.cardinality(phones), 0),
                             coalesce(pg_catalog.cardinality(policies), 0),
                             coalesce(pg_catalog.cardinality(special_difficulties), 0),
                             coalesce(pg_catalog.cardinality(statuses), 0),
                             coalesce(pg_catalog.cardinality(status_sinces), 0)])
            THEN 'rows: every column needs one value per row'
    END;
    IF refusal IS NOT NULL THEN
        RETURN QUERY SELECT 3, refusal, NULL::uuid, NULL::text, false,
                            NULL::integer[], NULL::integer[], NULL::text[], NULL::boolean[];
        RETURN;
    END IF;

    RETURN QUERY
    SELECT 0, pg_catalog.format('%s rows', n), NULL::uuid, NULL::text, false,
           coalesce(pg_catalog.array_agg(lines[s.ord] ORDER BY s.ord), '{}'),
           coalesce(pg_catalog.array_agg((s.outcome).code ORDER BY s.ord), '{}'),
           coalesce(pg_catalog.array_agg(coalesce((s.outcome).message, '') ORDER BY s.ord), '{}'),
           coalesce(pg_catalog.array_agg(coalesce((s.outcome).replayed, false) ORDER BY s.ord), '{}')
      FROM ansinh.household_write_set(request_ids, ids, wards, codes, head_names, residential_groups,
                                      addresses, phones, policies, special_difficulties, statuses,
                                      pg_catalog.array_replace(status_sinces, '', NULL)::date[]) AS s;
END
$$;

COMMENT ON FUNCTION ansinh_api.household_import(uuid, uuid[], integer[], uuid[], text[], text[], text[], integer[],
                                                text[], text[], boolean[], boolean[], text[], text[]) IS
    'A chunk of `ansinh import households` set-wise (ansinh.household_write_set): each row answered (row_codes, row_messages, row_replayed, in order) and written as its household_create would be, under its own request id';

-- ------------------------------------------------------------------ a batch's creates
CREATE OR REPLACE FUNCTION ansinh_api.household_create_many(
    tokens text[], request_ids uuid[], wards text[], ids uuid[], codes text[], head_names text[],
    residential_groups integer[], addresses text[], phones text[], policies boolean[],
    special_difficulties boolean[], statuses text[], status_sinces date[], macs text[])
RETURNS SETOF ansinh_api.outcome
    LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    op CONSTANT text := 'household_create';
    n integer := coalesce(pg_catalog.cardinality(tokens), 0);
    outs ansinh_api.outcome[];
    single boolean[];
    cand integer[];
    cur_tok text;
    r record;
    o ansinh_api.outcome;
    i integer;
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    IF n <> ANY (ARRAY[coalesce(pg_catalog.cardinality(request_ids), 0), coalesce(pg_catalog.cardinality(wards), 0),
                       coalesce(pg_catalog.cardinality(ids), 0), coalesce(pg_catalog.cardinality(codes), 0),
                       coalesce(pg_catalog.cardinality(head_names), 0),
                       coalesce(pg_catalog.cardinality(residential_groups), 0),
                       coalesce(pg_catalog.cardinality(addresses), 0), coalesce(pg_catalog.cardinality(phones), 0),
                       coalesce(pg_catalog.cardinality(policies), 0),
                       coalesce(pg_catalog.cardinality(special_difficulties), 0),
                       coalesce(pg_catalog.cardinality(statuses), 0),
                       coalesce(pg_catalog.cardinality(status_sinces), 0),
                       coalesce(pg_catalog.cardinality(macs), 0)]) THEN
        RAISE EXCEPTION 'household_create_many: every array must have % elements, one per write', n
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    outs := pg_catalog.array_fill(NULL::ansinh_api.outcome, ARRAY[n]);

    -- Rows whose request id the batch gives once; two rows of one request
    -- id are two deliveries of it, answered one after the other below.
    SELECT pg_catalog.array_agg(s.u ORDER BY s.i) INTO single
      FROM (SELECT x.i, x.r IS NOT NULL AND count(*) OVER (PARTITION BY x.r) = 1 AS u
              FROM unnest(request_ids) WITH ORDINALITY AS x (r, i)) AS s;

    -- Token by token, in the order they first appear: each token's rows
    -- in one set-wise write under its own context.
    FOR cur_tok IN SELECT t.tok
                 FROM unnest(tokens) WITH ORDINALITY AS t (tok, i)
                WHERE t.tok IS NOT NULL
                GROUP BY t.tok
                ORDER BY min(t.i)
    LOOP
        SELECT pg_catalog.array_agg(t.i::integer ORDER BY t.i) INTO cand
          FROM unnest(tokens) WITH ORDINALITY AS t (tok, i)
         WHERE t.tok = cur_tok AND single[t.i];
        CONTINUE WHEN cand IS NULL;
        PERFORM ansinh_api.set_context(pg_catalog.decode(cur_tok, 'hex'), NULL);
        FOR r IN SELECT s.ord, s.outcome
                   FROM ansinh.household_write_set(request_ids, ids, wards, codes, head_names,
                                                   residential_groups, addresses, phones, policies,
                                                   special_difficulties, statuses, status_sinces, cand) AS s
        LOOP
            outs[r.ord] := r.outcome;
        END LOOP;

        -- The MACs of the rows that wrote, as audit_mac_record stores
        -- them, in one statement: a request id this context's log did
        -- not know has none yet, or (one used in a ward this token cannot
        -- see) fails the statement, and the batch goes one by one.
        INSERT INTO ansinh.audit_mac (request_id, key_id, mac, operation, actor, token_id, role, ward_code)
        SELECT request_ids[c.i], nullif(pg_catalog.split_part(coalesce(macs[c.i], ''), ':', 1), ''),
               CASE WHEN macs[c.i] IS NOT NULL
                    THEN pg_catalog.decode(pg_catalog.split_part(macs[c.i], ':', 2), 'hex') END,
               op, pg_catalog.current_setting('ansinh.actor', true),
               nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid,
               (SELECT ansinh.context_role()), (SELECT ansinh.context_ward())  -- once, not per row
          FROM unnest(cand) AS c (i)
         WHERE (outs[c.i]).code = 0 AND NOT (outs[c.i]).replayed;
    END LOOP;

    -- Every other row (a request id given twice, a row without a token):
    -- household_create itself, under its own token, in the batch's order.
    FOR i IN 1 .. n LOOP
        CONTINUE WHEN (outs[i]).code IS NOT NULL;
        PERFORM ansinh_api.set_context(pg_catalog.decode(tokens[i], 'hex'), request_ids[i]);
        o := ansinh_api.household_create(request_ids[i], ids[i], wards[i], codes[i], head_names[i],
                                         residential_groups[i], addresses[i], phones[i], policies[i],
                                         special_difficulties[i], statuses[i], status_sinces[i]);
        PERFORM ansinh_api.audit_mac_record(request_ids[i], macs[i], op, o.code = 0 AND NOT o.replayed);
        outs[i] := o;
    END LOOP;

    RETURN QUERY SELECT * FROM unnest(outs);
END
$$;

COMMENT ON FUNCTION ansinh_api.household_create_many(text[], uuid[], text[], uuid[], text[], text[], integer[],
                                                     text[], text[], boolean[], boolean[], text[], date[], text[]) IS
    'The household creates of a batch in one call: element i is one write (its token''s SHA-256 in hex, household_create''s arguments, its MAC); one outcome per element, in order, each the one household_create gives; each token''s rows written set-wise (ansinh.household_write_set)';

CALL ansinh.secure_api();
