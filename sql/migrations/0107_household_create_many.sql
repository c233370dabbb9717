-- 0107 — household creates of a batch in one statement.
--
-- The daemon group-commits the writes of many sessions in one transaction,
-- but each household create was still its own set_context and its own
-- ansinh_api.household_create call: the request-log lookup, the old-row
-- and code lookups and the request-log insert ran once per write. From
-- here a batch's household creates are one call of
-- ansinh_api.household_create_many, with one array element per write
-- (the token of the session it came from, and the arguments of
-- household_create and of audit_mac_record), prepared once per
-- connection; it answers one outcome per element, in order.
--
-- Every guarantee is the one household_create gives, row by row:
--
--  * the context is each row's own token: the rows are taken token by
--    token (set_context once per token), so row-level security, the ward
--    rule and the request log's actor and token are each row's;
--  * a row goes the set-wise way only when nothing in it needs the
--    per-row answer: its request id, its id and its code appear once in
--    the batch, it passes the ward rule and household_problem, no request
--    log row of its request id and no household of its id or of its ward
--    and code is visible (after the request ids' locks are taken). Such a
--    row can only be created, with the answer household_create gives;
--  * every other row (a replay, a refusal, an invalid field, a duplicate
--    inside the batch, an existing household) is passed, after the
--    set-wise rows and in the batch's order, to household_create itself
--    under its own token: the same answer, the same request-log row as
--    before; two rows of one request id are two deliveries, as before;
--  * the request-log rows of the set-wise rows are one INSERT per token,
--    with the column list and conflict rule of ansinh.log_request;
--  * the audit trigger (row-level) reads the request id from
--    ansinh.request_id: each set-wise row's household and status-history
--    inserts run with it set to that row's request id;
--  * whatever raises (a unique key lost to a concurrent transaction, a
--    revoked token) fails the statement, and the daemon runs that batch's
--    writes again one by one, as for any failed batch.

CREATE FUNCTION ansinh_api.household_create_many(
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
    fast boolean[];
    single boolean[];
    cand integer[];
    cand_w text[];
    cand_c text[];
    done integer[];
    cur_tok text;
    r record;
    o ansinh_api.outcome;
    i integer;
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    IF coalesce(pg_catalog.cardinality(request_ids), 0) <> n OR coalesce(pg_catalog.cardinality(wards), 0) <> n
       OR coalesce(pg_catalog.cardinality(ids), 0) <> n OR coalesce(pg_catalog.cardinality(codes), 0) <> n
       OR coalesce(pg_catalog.cardinality(head_names), 0) <> n
       OR coalesce(pg_catalog.cardinality(residential_groups), 0) <> n
       OR coalesce(pg_catalog.cardinality(addresses), 0) <> n OR coalesce(pg_catalog.cardinality(phones), 0) <> n
       OR coalesce(pg_catalog.cardinality(policies), 0) <> n
       OR coalesce(pg_catalog.cardinality(special_difficulties), 0) <> n
       OR coalesce(pg_catalog.cardinality(statuses), 0) <> n
       OR coalesce(pg_catalog.cardinality(status_sinces), 0) <> n OR coalesce(pg_catalog.cardinality(macs), 0) <> n
    THEN
        RAISE EXCEPTION 'household_create_many: every array must have % elements, one per write', n
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    outs := pg_catalog.array_fill(NULL::ansinh_api.outcome, ARRAY[n]);
    fast := pg_catalog.array_fill(false, ARRAY[n]);

    -- Rows whose request id, id and code are the batch's only ones.
    SELECT pg_catalog.array_agg(s.u ORDER BY s.i) INTO single
      FROM (SELECT x.i,
                   x.r IS NOT NULL AND x.h IS NOT NULL AND x.c IS NOT NULL
                   AND count(*) OVER (PARTITION BY x.r) = 1
                   AND count(*) OVER (PARTITION BY x.h) = 1
                   AND count(*) OVER (PARTITION BY pg_catalog.btrim(x.c)) = 1 AS u
              FROM unnest(request_ids, ids, codes) WITH ORDINALITY AS x (r, h, c, i)) AS s;

    -- Token by token, in the order they first appear.
    FOR cur_tok IN SELECT t.tok
                 FROM unnest(tokens) WITH ORDINALITY AS t (tok, i)
                WHERE t.tok IS NOT NULL
                GROUP BY t.tok
                ORDER BY min(t.i)
    LOOP
        PERFORM ansinh_api.set_context(pg_catalog.decode(cur_tok, 'hex'), NULL);

        -- The rows that pass every check household_create makes before
        -- it looks at the store (the ward's, once per ward named).
        SELECT pg_catalog.array_agg(x.i ORDER BY pg_catalog.hashtext(request_ids[x.i]::text), x.i),
               pg_catalog.array_agg(x.w ORDER BY pg_catalog.hashtext(request_ids[x.i]::text), x.i),
               pg_catalog.array_agg(pg_catalog.btrim(codes[x.i])
                                    ORDER BY pg_catalog.hashtext(request_ids[x.i]::text), x.i)
          INTO cand, cand_w, cand_c
          FROM (WITH named AS MATERIALIZED (
                    SELECT t.i, wards[t.i] AS raw
                      FROM unnest(tokens) WITH ORDINALITY AS t (tok, i)
                     WHERE t.tok = cur_tok AND single[t.i]),
                good AS MATERIALIZED (
                    SELECT v.raw, v.w
                      FROM (SELECT d.raw, ansinh.request_ward(d.raw) AS w
                              FROM (SELECT DISTINCT n.raw FROM named AS n) AS d) AS v
                     WHERE v.w IS NOT NULL
                       AND ansinh.write_refusal(v.w) IS NULL
                       AND ansinh.ward_problem(v.w) IS NULL)
                SELECT n.i, g.w FROM named AS n JOIN good AS g ON g.raw IS NOT DISTINCT FROM n.raw) AS x
         WHERE ansinh.household_problem(pg_catalog.btrim(codes[x.i]), ansinh.clean_name(head_names[x.i]),
                                        nullif(residential_groups[x.i], 0),
                                        nullif(pg_catalog.btrim(normalize(addresses[x.i], NFC)), ''),
                                        nullif(pg_catalog.btrim(phones[x.i]), ''), statuses[x.i],
                                        coalesce(status_sinces[x.i], ansinh.today())) IS NULL;
        CONTINUE WHEN cand IS NULL;

        -- Concurrent deliveries of a request id take turns (start_write);
        -- taken in one order so that two batches cannot wait on each other.
        PERFORM ansinh.lock_request(request_ids[c.i])
           FROM unnest(cand) WITH ORDINALITY AS c (i, k)
          ORDER BY c.k;

        done := NULL;
        FOR r IN
            SELECT x.i, x.w, x.code,
                   ansinh.clean_name(head_names[x.i]) AS head_name,
                   nullif(residential_groups[x.i], 0) AS residential_group,
                   nullif(pg_catalog.btrim(normalize(addresses[x.i], NFC)), '') AS address,
                   nullif(pg_catalog.btrim(phones[x.i]), '') AS phone,
                   coalesce(policies[x.i], false) AS policy,
                   coalesce(special_difficulties[x.i], false) AS special_difficulty,
                   statuses[x.i] AS status,
                   coalesce(status_sinces[x.i], ansinh.today()) AS status_since
              FROM unnest(cand, cand_w, cand_c) AS x (i, w, code)
             ORDER BY x.i
        LOOP
            -- Looked up row by row: each an index probe whatever the
            -- planner thought of the tables' sizes when it kept the plan.
            CONTINUE WHEN EXISTS (SELECT FROM ansinh.request_log AS l WHERE l.request_id = request_ids[r.i])
                       OR EXISTS (SELECT FROM ansinh.household AS h WHERE h.id = ids[r.i])
                       OR EXISTS (SELECT FROM ansinh.household AS h
                                   WHERE h.ward_code = r.w AND h.code = r.code);
            -- The audit trigger's request id: this row's.
            PERFORM pg_catalog.set_config('ansinh.request_id', request_ids[r.i]::text, true);
            INSERT INTO ansinh.household
                   (ward_code, id, code, head_name, residential_group, address, phone,
                    policy, special_difficulty, status, status_since)
            VALUES (r.w, ids[r.i], r.code, r.head_name, r.residential_group, r.address, r.phone,
                    r.policy, r.special_difficulty, r.status, r.status_since);
            INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by, request_id)
            VALUES (r.w, ids[r.i], r.status, r.status_since,
                    coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user),
                    request_ids[r.i]);
            outs[r.i] := ansinh.ok(pg_catalog.format('household %s created in ward %s', r.code, r.w),
                                   ids[r.i], r.w);
            fast[r.i] := true;
            done := done || r.i;
        END LOOP;
        CONTINUE WHEN done IS NULL;

        -- Their request-log rows, in one statement (as ansinh.log_request).
        INSERT INTO ansinh.request_log AS l
               (ward_code, request_id, operation, code, message, record_id, actor, token_id)
        SELECT (outs[d.i]).ward_code, request_ids[d.i], op, (outs[d.i]).code, (outs[d.i]).message,
               (outs[d.i]).id,
               coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user::text),
               nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid
          FROM unnest(done) AS d (i)
        ON CONFLICT DO NOTHING;  -- its one key, whatever its columns

        -- And their MACs, as audit_mac_record stores them, in one
        -- statement: a request id no log row of this context names has
        -- none yet, or (one used in a ward this token cannot see) fails
        -- the statement, and the batch goes one by one.
        INSERT INTO ansinh.audit_mac (request_id, key_id, mac, operation, actor, token_id, role, ward_code)
        SELECT request_ids[d.i], nullif(pg_catalog.split_part(coalesce(macs[d.i], ''), ':', 1), ''),
               CASE WHEN macs[d.i] IS NOT NULL
                    THEN pg_catalog.decode(pg_catalog.split_part(macs[d.i], ':', 2), 'hex') END,
               op, pg_catalog.current_setting('ansinh.actor', true),
               nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid,
               ansinh.context_role(), ansinh.context_ward()
          FROM unnest(done) AS d (i);
    END LOOP;

    -- Every other row: household_create itself, under its own token, in
    -- the batch's order.
    FOR i IN 1 .. n LOOP
        CONTINUE WHEN fast[i];
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
    'The household creates of a batch in one call: element i is one write (its token''s SHA-256 in hex, household_create''s arguments, its MAC); one outcome per element, in order, each the one household_create gives';

CALL ansinh.secure_api();
