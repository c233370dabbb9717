-- 0105 — `ansinh import households` set-wise: a chunk of rows in one call.
--
-- ansinh_api.household_import takes the rows of one HouseholdImport request
-- (at most 2,000) as arrays, one element per row, and writes them with one
-- statement per table: the households, their first status-history rows and
-- the request-log rows. Each row is answered exactly as its own
-- ansinh_api.household_create would have answered it, in the same order:
-- the same request id (the row's own, derived by the client as for the
-- create), the same checks (ansinh.write_refusal, ward_problem,
-- household_problem, set-wise), the same outcomes and messages, the same
-- rows written, and the request log under operation 'household_create' — so
-- a row imported one way is replayed the other way, and a replayed chunk
-- writes nothing. One bad row never fails its neighbours: its outcome says
-- why, and the others are written. The inserts go through row-level
-- security and fire the audit trigger as any insert does.
--
-- Two rows of one chunk with the same id or code (the client refuses the
-- first kind itself): the first is written; a later one with the same id
-- is answered as the create of an existing household (the same content:
-- OK, logged; else ALREADY_EXISTS), one with the same code and another id
-- as a code that exists. The request ids of the chunk are locked (as
-- start_write locks one) in one order, so two imports never deadlock.

CREATE FUNCTION ansinh_api.household_import(
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
    op CONSTANT text := 'household_create';
    n CONSTANT integer := coalesce(pg_catalog.cardinality(request_ids), 0);
    actor text;
    token uuid;
BEGIN
    IF ansinh.context_role() IS NULL THEN
        RAISE EXCEPTION 'no request context: call ansinh_api.set_context() first, in the same transaction'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF request_id IS NULL THEN
        RETURN QUERY SELECT 3, 'request ID is required', NULL::uuid, NULL::text, false,
                            NULL::integer[], NULL::integer[], NULL::text[], NULL::boolean[];
        RETURN;
    END IF;
    IF n > 2000 THEN
        RETURN QUERY SELECT 3, pg_catalog.format('rows: %s rows, at most 2000 in one import request', n),
                            NULL::uuid, NULL::text, false,
                            NULL::integer[], NULL::integer[], NULL::text[], NULL::boolean[];
        RETURN;
    END IF;
    IF n <> ANY (ARRAY[coalesce(pg_catalog.cardinality(lines), 0), coalesce(pg_catalog.cardinality(ids), 0),
                       coalesce(pg_catalog.cardinality(wards), 0), coalesce(pg_catalog.cardinality(codes), 0),
                       coalesce(pg_catalog.cardinality(head_names), 0),
                       coalesce(pg_catalog.cardinality(residential_groups), 0),
                       coalesce(pg_catalog.cardinality(addresses), 0), coalesce(pg_catalog.cardinality(phones), 0),
                       coalesce(pg_catalog.cardinality(policies), 0),
                       coalesce(pg_catalog.cardinality(special_difficulties), 0),
                       coalesce(pg_catalog.cardinality(statuses), 0),
                       coalesce(pg_catalog.cardinality(status_sinces), 0)]) THEN
        RETURN QUERY SELECT 3, 'rows: every column needs one value per row', NULL::uuid, NULL::text, false,
                            NULL::integer[], NULL::integer[], NULL::text[], NULL::boolean[];
        RETURN;
    END IF;

    actor := coalesce(nullif(pg_catalog.current_setting('ansinh.actor', true), ''), session_user::text);
    token := nullif(pg_catalog.current_setting('ansinh.token_id', true), '')::uuid;

    -- A delivery of the same request id in flight: wait for it, as
    -- start_write does (the lock of ansinh.lock_request, called inline),
    -- every id of the chunk in one order.
    PERFORM pg_catalog.pg_advisory_xact_lock(7420012, r.k)
       FROM (SELECT DISTINCT pg_catalog.hashtext(u.rid::text) AS k
               FROM pg_catalog.unnest(request_ids) AS u (rid) WHERE u.rid IS NOT NULL) AS r
      ORDER BY r.k;

    RETURN QUERY
    WITH named AS MATERIALIZED (
        -- The wards the rows name (most chunks: one), each worked out and
        -- checked once: the functions are stable, their answer the same
        -- for every row naming that ward.
        SELECT w.ward, ansinh.request_ward(w.ward) AS v_ward
          FROM (SELECT DISTINCT u.ward FROM unnest(wards) AS u (ward)) AS w
    ), scope AS MATERIALIZED (
        SELECT n.ward, n.v_ward, ansinh.write_refusal(n.v_ward) AS refusal,
               ansinh.ward_problem(n.v_ward) AS ward_problem
          FROM named AS n
    ), input AS MATERIALIZED (
        SELECT u.ord, u.rid, u.line, u.hid, w.v_ward, w.refusal, w.ward_problem,
               pg_catalog.btrim(u.code) AS n_code, ansinh.clean_name(u.head) AS n_head,
               nullif(u.grp, 0) AS n_grp,
               nullif(pg_catalog.btrim(normalize(u.addr, NFC)), '') AS n_addr,
               nullif(pg_catalog.btrim(u.phone), '') AS n_phone,
               coalesce(u.pol, false) AS n_pol, coalesce(u.spec, false) AS n_spec,
               nullif(u.status, '') AS n_status,
               nullif(u.since, '')::date AS since
          FROM unnest(request_ids, lines, ids, wards, codes, head_names, residential_groups,
                      addresses, phones, policies, special_difficulties, statuses, status_sinces)
               WITH ORDINALITY AS u (rid, line, hid, ward, code, head, grp, addr, phone, pol, spec, status, since, ord)
          JOIN scope AS w ON w.ward IS NOT DISTINCT FROM u.ward
    ), logged AS (
        -- As start_write: a district session counts only what a district
        -- token logged (or a row from before tokens were kept).
        SELECT DISTINCT ON (i.ord) i.ord, l.operation, l.code, l.message, l.record_id, l.ward_code
          FROM input AS i
          JOIN ansinh.request_log AS l ON l.request_id = i.rid
         WHERE ansinh.context_role() IS DISTINCT FROM 'district'
            OR l.token_id IS NULL
            OR EXISTS (SELECT FROM ansinh.api_token AS t WHERE t.id = l.token_id AND t.role = 'district')
         ORDER BY i.ord, l.recorded_at, l.ward_code
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
        -- same id, a stored one with the same code, the first row of the
        -- chunk with the same id and with the same code.
        SELECT c.ord, c.rid, c.line, c.hid, c.v_ward, c.n_code, c.n_head, c.n_grp, c.n_addr, c.n_phone,
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
        -- The household a row meets: the stored one, or the chunk's row
        -- written first with that id.
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
    ), outcomes AS (
        SELECT c.ord, c.line, coalesce(c.early, w.result) AS result
          FROM checked AS c
          LEFT JOIN compared AS w ON w.ord = c.ord
    )
    SELECT 0, pg_catalog.format('%s rows', n), NULL::uuid, NULL::text, false,
           coalesce(pg_catalog.array_agg(o.line ORDER BY o.ord), '{}'),
           coalesce(pg_catalog.array_agg((o.result).code ORDER BY o.ord), '{}'),
           coalesce(pg_catalog.array_agg(coalesce((o.result).message, '') ORDER BY o.ord), '{}'),
           coalesce(pg_catalog.array_agg(coalesce((o.result).replayed, false) ORDER BY o.ord), '{}')
      FROM outcomes AS o;
END
$$;

COMMENT ON FUNCTION ansinh_api.household_import(uuid, uuid[], integer[], uuid[], text[], text[], text[], integer[],
                                                text[], text[], boolean[], boolean[], text[], text[]) IS
    'A chunk of `ansinh import households` set-wise: each row answered (row_codes, row_messages, row_replayed, in order) and written as its household_create would be, under its own request id';

CALL ansinh.secure_api();
