-- 0124 — a set-wise household write looks its request ids up one by one.
--
-- household_write_set (0122) found the rows' logged requests with a join
-- of the chunk on ansinh.request_log, and with a chunk of hundreds of
-- rows the planner took a hash join: a scan of the whole request log, its
-- row-level security filter evaluated on every row of it, once per chunk
-- (at 3,000 logged rows half a second of a 1,000-row import chunk, and
-- growing with the log). Here each row's request id is one index lookup
-- (request_log_request_id_idx), as start_write's; nothing else changes.

CREATE OR REPLACE FUNCTION ansinh.household_write_set(
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
        -- token logged (or a row from before tokens were kept). One index
        -- lookup a row (request_log_request_id_idx), never a scan of the
        -- log (0124).
        SELECT i.ord, g.operation, g.code, g.message, g.record_id, g.ward_code
          FROM input AS i
         CROSS JOIN LATERAL (
               SELECT l.operation, l.code, l.message, l.record_id, l.ward_code
                 FROM ansinh.request_log AS l
                WHERE l.request_id = i.rid
                  AND (ansinh.context_role() IS DISTINCT FROM 'district'
                       OR l.token_id IS NULL
                       OR EXISTS (SELECT FROM ansinh.api_token AS t WHERE t.id = l.token_id AND t.role = 'district'))
                ORDER BY l.recorded_at, l.scope
                LIMIT 1) AS g
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
