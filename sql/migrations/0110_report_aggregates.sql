-- 0110 — report summary from aggregates kept exact in the writing
-- transaction (issue 8, goal 5).
--
-- ansinh.report('summary', …) grouped every support, need and household
-- of the period afresh (0066): seconds over a city's ledger. The sections
-- that read the big tables now read small aggregate tables instead, kept
-- by statement-level triggers (transition tables) in the same transaction
-- as the write, so they are never stale:
--
--   support_day            per ward, day given, kind, fund, original or
--                          reversal: entries and VND (delta rows of every
--                          insert; support is append-only) — the support
--                          section (and the funds report), any period
--   house_day              per ward, day, kind, fund, organization: houses
--                          built/repaired not reversed, VND, smallest and
--                          largest amount (a group recomputed from the base
--                          table when a support of it or its reversal is
--                          written) — the houses section, any period
--   need_day               per ward, day surveyed, kind, status: needs and
--                          estimated VND (delta rows of every insert,
--                          update, delete) — the needs section, any period
--   livelihood_day         per ward and day surveyed, the livelihood-
--                          equipment needs: registered, funded, funded VND,
--                          and per fund the needs it funded and its VND (a
--                          day recomputed when a need of it, or a support
--                          naming one, is written) — the livelihood
--                          section, any period
--   aid_part               per household: its contribution to the aid
--                          section per year and quarter (quarter 0: the
--                          year), recipient group, fund ('' every fund)
--                          and recipient — recomputed when a support of the
--                          household is written or the household's status,
--                          policy or difficulty, a member's disability or
--                          a need's kind changes
--   aid_sum                the sums of aid_part (delta rows) per ward, year,
--                          quarter, group and fund, with the distinct
--                          recipients: the aid section of a whole year or
--                          one quarter. The count of distinct recipients of
--                          any other period (from..to not a year or a
--                          quarter) cannot come from it: that case falls
--                          back to the base tables (report_aid_base).
--
-- support_day, need_day and aid_sum are append-only deltas, summed by the
-- readers and now and then folded (report_aggregates_compact): no writer
-- waits on another there. The recomputed groups start with the ward, so
-- writers of different wards never wait on each other; a recomputed
-- group is locked first (pg_advisory_xact_lock on the group) and read
-- from the base tables after the lock, so that two transactions writing
-- the same group cannot lose each other's rows: this holds at READ
-- COMMITTED, the isolation level the daemon and psql write at.
--
-- The pairings, programmes, employment, notices and agreements sections
-- still read their tables (programme sessions, pairings, events, notices
-- and agreements: thousands of rows, not millions).
--
-- The maintenance runs as ansinh_report, a NOLOGIN role that reads the
-- base tables' columns it needs through USING (true) policies (as 0070's
-- ansinh_search) and writes the aggregate tables; readers read them under
-- the same ward policy as ansinh.support. The computation of 0066 is kept
-- as ansinh.report_*_base: the fallback above, and what
-- tests/sql/80_report_aggregates.sql and the bench compare the aggregates
-- with. ansinh.report_aggregates_rebuild() recomputes every aggregate from
-- the base tables (after a bulk load with the triggers off).

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_report') THEN
        CREATE ROLE ansinh_report NOLOGIN;
    END IF;
END
$$;
COMMENT ON ROLE ansinh_report IS
    'ansinh: keeps the report aggregates (0110); reads the columns of support, need, household and person they need';

GRANT USAGE ON SCHEMA ansinh TO ansinh_report;
GRANT SELECT (ward_code, id, household_id, person_id, kind, amount_vnd, given_on, fund_code, organization_id,
              need_id, reverses_id) ON ansinh.support TO ansinh_report;
GRANT SELECT (ward_code, id, household_id, kind, status, estimated_vnd, surveyed_on) ON ansinh.need TO ansinh_report;
GRANT SELECT (ward_code, id, status, policy, special_difficulty) ON ansinh.household TO ansinh_report;
GRANT SELECT (ward_code, id, household_id, disability) ON ansinh.person TO ansinh_report;
CREATE POLICY report_read ON ansinh.support FOR SELECT TO ansinh_report USING (true);
CREATE POLICY report_read ON ansinh.need FOR SELECT TO ansinh_report USING (true);
CREATE POLICY report_read ON ansinh.household FOR SELECT TO ansinh_report USING (true);
CREATE POLICY report_read ON ansinh.person FOR SELECT TO ansinh_report USING (true);

-- ------------------------------------------------------------------ the tables
-- In a schema of their own: derived figures, not records (no audit
-- trail, no record ids); the schema checks of ansinh's tables do not
-- apply to them.
CREATE SCHEMA ansinh_agg;
COMMENT ON SCHEMA ansinh_agg IS
    'ansinh: the report aggregates (0110), kept by triggers on ansinh''s tables in the writing transaction';
REVOKE ALL ON SCHEMA ansinh_agg FROM PUBLIC;
GRANT USAGE ON SCHEMA ansinh_agg TO ansinh_report, ansinh_api_owner, ansinh_analyst;

CREATE TABLE ansinh_agg.support_day (
    ward_code   text    NOT NULL,
    given_on    date    NOT NULL,
    kind        text    NOT NULL,
    fund_code   text    NOT NULL,
    is_reversal boolean NOT NULL,
    entries     bigint  NOT NULL,
    vnd         bigint  NOT NULL
);
CREATE INDEX support_day_given_on_idx ON ansinh_agg.support_day (given_on);
CREATE INDEX support_day_ward_idx ON ansinh_agg.support_day (ward_code, given_on);
COMMENT ON TABLE ansinh_agg.support_day IS
    'Report aggregate (0110): support entries and their VND per ward, day given, kind, fund ('''': none) and original/reversal; kept by the insert trigger on ansinh.support';

CREATE TABLE ansinh_agg.house_day (
    ward_code       text   NOT NULL,
    given_on        date   NOT NULL,
    kind            text   NOT NULL,
    fund_code       text   NOT NULL,
    organization_id uuid   NOT NULL,
    houses          bigint NOT NULL,
    vnd             bigint NOT NULL,
    min_vnd         bigint NOT NULL,
    max_vnd         bigint NOT NULL,
    PRIMARY KEY (ward_code, given_on, kind, fund_code, organization_id)
);
CREATE INDEX house_day_given_on_idx ON ansinh_agg.house_day (given_on);
COMMENT ON TABLE ansinh_agg.house_day IS
    'Report aggregate (0110): houses built/repaired (support not reversed) per ward, day, kind, fund ('''': none) and organization (nil uuid: none): count, VND, smallest and largest amount';

CREATE TABLE ansinh_agg.need_day (
    ward_code     text   NOT NULL,
    surveyed_on   date   NOT NULL,
    kind          text   NOT NULL,
    status        text   NOT NULL,
    needs         bigint NOT NULL,
    estimated_vnd bigint NOT NULL
);
CREATE INDEX need_day_surveyed_on_idx ON ansinh_agg.need_day (surveyed_on);
CREATE INDEX need_day_ward_idx ON ansinh_agg.need_day (ward_code, surveyed_on);
COMMENT ON TABLE ansinh_agg.need_day IS
    'Report aggregate (0110): needs and their estimated VND per ward, day surveyed, kind and status (rows of 0 needs are kept)';

CREATE TABLE ansinh_agg.livelihood_day (
    ward_code   text   NOT NULL,
    surveyed_on date   NOT NULL,
    fund        text   NOT NULL,
    registered  bigint NOT NULL,
    funded      bigint NOT NULL,
    funded_vnd  bigint NOT NULL,
    links       bigint NOT NULL,
    PRIMARY KEY (ward_code, surveyed_on, fund)
);
CREATE INDEX livelihood_day_surveyed_on_idx ON ansinh_agg.livelihood_day (surveyed_on);
COMMENT ON TABLE ansinh_agg.livelihood_day IS
    'Report aggregate (0110): livelihood-equipment needs per ward and day surveyed: fund '''' the totals (registered, funded, funded_vnd), else per fund (''none'': a sponsor alone) the needs it funded, its net VND and the support entries counted (links)';

CREATE TABLE ansinh_agg.aid_part (
    ward_code    text     NOT NULL,
    household_id uuid     NOT NULL,
    year         integer  NOT NULL,
    quarter      smallint NOT NULL,
    grp          smallint NOT NULL,
    fund         text     NOT NULL,
    recipient    uuid     NOT NULL,
    entries      bigint   NOT NULL,
    counted      bigint   NOT NULL,
    vnd          bigint   NOT NULL,
    PRIMARY KEY (ward_code, household_id, year, quarter, grp, fund, recipient)
);
COMMENT ON TABLE ansinh_agg.aid_part IS
    'Report aggregate (0110): one household''s part of the aid section per year, quarter (0: the whole year), group (1 policy, 2 disabled, 3 poor, 4 near-poor, 5 special-difficulty), fund (''none''; '''': every fund) and recipient: entries, entries counted (not reversals, not reversed), VND';

CREATE TABLE ansinh_agg.aid_sum (
    ward_code  text     NOT NULL,
    year       integer  NOT NULL,
    quarter    smallint NOT NULL,
    grp        smallint NOT NULL,
    fund       text     NOT NULL,
    entries    bigint   NOT NULL,
    counted    bigint   NOT NULL,
    vnd        bigint   NOT NULL,
    recipients bigint   NOT NULL
);
CREATE INDEX aid_sum_period_idx ON ansinh_agg.aid_sum (year, quarter);
CREATE INDEX aid_sum_ward_idx ON ansinh_agg.aid_sum (ward_code, year, quarter);
COMMENT ON TABLE ansinh_agg.aid_sum IS
    'Report aggregate (0110): aid_part summed per ward, year, quarter, group and fund, recipients = the recipients with an entry counted';

-- Who may do what: ansinh_report keeps them; the daemon (through
-- ansinh_api_owner, secure_api) and analysts read them.
DO $$
DECLARE
    t text;
    q text;
BEGIN
    SELECT pg_catalog.pg_get_expr(p.polqual, p.polrelid) INTO q
      FROM pg_catalog.pg_policy AS p
     WHERE p.polrelid = 'ansinh.support'::regclass AND p.polname = 'context_read';
    FOREACH t IN ARRAY ARRAY['support_day', 'house_day', 'need_day', 'livelihood_day',
                             'aid_part', 'aid_sum'] LOOP
        EXECUTE format('ALTER TABLE ansinh_agg.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE ansinh_agg.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY context_read ON ansinh_agg.%I FOR SELECT USING (%s)', t, q);
        EXECUTE format('CREATE POLICY analyst_read ON ansinh_agg.%I FOR SELECT TO ansinh_analyst USING (true)', t);
        EXECUTE format('CREATE POLICY report_keep ON ansinh_agg.%I TO ansinh_report USING (true) WITH CHECK (true)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ansinh_agg.%I TO ansinh_report', t);
        EXECUTE format('GRANT SELECT ON ansinh_agg.%I TO ansinh_api_owner, ansinh_analyst', t);
    END LOOP;
END
$$;

-- ------------------------------------------------------------------ locking a group
-- Transaction-scoped advisory locks on groups (namespace 8110 + n), taken
-- in one sorted statement so that two writers never wait on each other in
-- a cycle.
CREATE FUNCTION ansinh.report_lock(space integer, keys text[]) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    h integer;
BEGIN
    FOR h IN SELECT DISTINCT hashtext(k) FROM unnest(keys) AS k ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(space, h);
    END LOOP;
END
$$;

-- ------------------------------------------------------------------ houses
-- Recompute the houses of the given groups (ward|day|kind|fund|org) from
-- the base table.
CREATE FUNCTION ansinh.report_house_recompute(keys text[]) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF cardinality(keys) = 0 THEN
        RETURN;
    END IF;
    PERFORM ansinh.report_lock(8111, keys);
    DELETE FROM ansinh_agg.house_day AS d
     USING (SELECT DISTINCT split_part(k, '|', 1) AS ward_code, split_part(k, '|', 2)::date AS given_on,
                   split_part(k, '|', 3) AS kind, split_part(k, '|', 4) AS fund_code,
                   split_part(k, '|', 5)::uuid AS organization_id
              FROM unnest(keys) AS k) AS g
     WHERE d.ward_code = g.ward_code AND d.given_on = g.given_on AND d.kind = g.kind AND d.fund_code = g.fund_code
       AND d.organization_id = g.organization_id;
    INSERT INTO ansinh_agg.house_day
    SELECT s.ward_code, s.given_on, s.kind, coalesce(s.fund_code, ''),
           coalesce(s.organization_id, '00000000-0000-0000-0000-000000000000'),
           count(*), sum(s.amount_vnd), min(s.amount_vnd), max(s.amount_vnd)
      FROM (SELECT DISTINCT split_part(k, '|', 1) AS ward_code, split_part(k, '|', 2)::date AS given_on,
                   split_part(k, '|', 3) AS kind, split_part(k, '|', 4) AS fund_code,
                   split_part(k, '|', 5)::uuid AS organization_id
              FROM unnest(keys) AS k) AS g
      JOIN ansinh.support AS s
        ON s.ward_code = g.ward_code AND s.given_on = g.given_on AND s.kind = g.kind
       AND coalesce(s.fund_code, '') = g.fund_code
       AND coalesce(s.organization_id, '00000000-0000-0000-0000-000000000000') = g.organization_id
     WHERE s.reverses_id IS NULL
       AND NOT EXISTS (SELECT FROM ansinh.support AS r WHERE r.ward_code = s.ward_code AND r.reverses_id = s.id)
     GROUP BY 1, 2, 3, 4, 5;
END
$$;

-- ------------------------------------------------------------------ livelihood
-- Recompute the livelihood-equipment needs of the given days (ward|day).
CREATE FUNCTION ansinh.report_livelihood_recompute(keys text[]) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    IF cardinality(keys) = 0 THEN
        RETURN;
    END IF;
    PERFORM ansinh.report_lock(8112, keys);
    DELETE FROM ansinh_agg.livelihood_day AS d
     USING (SELECT DISTINCT split_part(k, '|', 1) AS ward_code, split_part(k, '|', 2)::date AS surveyed_on
              FROM unnest(keys) AS k) AS g
     WHERE d.ward_code = g.ward_code AND d.surveyed_on = g.surveyed_on;
    WITH g AS (
        SELECT DISTINCT split_part(k, '|', 1) AS ward_code, split_part(k, '|', 2)::date AS surveyed_on
          FROM unnest(keys) AS k
    ), n AS (
        SELECT n.ward_code, n.id, n.surveyed_on, n.status
          FROM g JOIN ansinh.need AS n ON n.ward_code = g.ward_code AND n.surveyed_on = g.surveyed_on
         WHERE n.kind = 'livelihood-equipment'
    ), named AS (
        -- the entries naming a need of n
        SELECT n.ward_code, n.surveyed_on, n.id AS need_id, n.status, s.id, s.fund_code, s.amount_vnd
          FROM n JOIN ansinh.support AS s ON s.ward_code = n.ward_code AND s.need_id = n.id
    ), s AS (
        -- and their reversals
        SELECT a.ward_code, a.surveyed_on, a.need_id, a.status, a.fund_code, a.amount_vnd, false AS is_reversal,
               EXISTS (SELECT FROM ansinh.support AS r WHERE r.ward_code = a.ward_code AND r.reverses_id = a.id)
                   AS is_reversed
          FROM named AS a
        UNION ALL
        SELECT a.ward_code, a.surveyed_on, a.need_id, a.status, r.fund_code, r.amount_vnd, true, false
          FROM named AS a JOIN ansinh.support AS r ON r.ward_code = a.ward_code AND r.reverses_id = a.id
    )
    INSERT INTO ansinh_agg.livelihood_day
    SELECT n.ward_code, n.surveyed_on, '', count(*) FILTER (WHERE n.status <> 'withdrawn'),
           count(*) FILTER (WHERE n.status = 'fulfilled'),
           coalesce((SELECT sum(s.amount_vnd) FROM s WHERE s.ward_code = n.ward_code
                                                       AND s.surveyed_on = n.surveyed_on), 0), 0
      FROM n GROUP BY n.ward_code, n.surveyed_on
    UNION ALL
    SELECT s.ward_code, s.surveyed_on, coalesce(s.fund_code, 'none'), 0,
           count(DISTINCT s.need_id) FILTER (WHERE s.status = 'fulfilled' AND NOT s.is_reversal AND NOT s.is_reversed),
           sum(s.amount_vnd), count(*)
      FROM s GROUP BY s.ward_code, s.surveyed_on, coalesce(s.fund_code, 'none');
END
$$;

-- ------------------------------------------------------------------ aid
-- The aid section's parts of the given households (ward|household id),
-- as 0066's report_aid counts them, for every year and quarter.
CREATE FUNCTION ansinh.report_aid_parts_of(keys text[])
RETURNS SETOF ansinh_agg.aid_part
    LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH hh AS (
        SELECT DISTINCT pg_catalog.split_part(k, '|', 1) AS ward_code, pg_catalog.split_part(k, '|', 2)::uuid AS id
          FROM pg_catalog.unnest(report_aid_parts_of.keys) AS k
    ), e AS (
        SELECT s.ward_code, s.household_id, s.person_id, coalesce(s.fund_code, 'none') AS fund, s.amount_vnd,
               s.given_on, s.reverses_id IS NOT NULL AS is_reversal,
               EXISTS (SELECT FROM ansinh.support AS r WHERE r.ward_code = s.ward_code AND r.reverses_id = s.id)
                   AS is_reversed,
               h.policy, h.special_difficulty, h.status, p.disability
          FROM hh
          JOIN ansinh.support AS s ON s.ward_code = hh.ward_code AND s.household_id = hh.id
          JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
          LEFT JOIN ansinh.person AS p ON p.ward_code = s.ward_code AND p.id = s.person_id
          LEFT JOIN ansinh.support AS o ON o.ward_code = s.ward_code AND o.id = s.reverses_id
          LEFT JOIN ansinh.need AS n ON n.ward_code = s.ward_code AND n.id = coalesce(s.need_id, o.need_id)
         WHERE s.kind IN ('livelihood-equipment', 'assistive-device', 'orthopaedic-aid')
           AND n.kind IS DISTINCT FROM 'livelihood-equipment'
    )
    SELECT e.ward_code, e.household_id, pg_catalog.date_part('year', e.given_on)::integer, q.quarter, grp.no,
           fu.fund, CASE WHEN grp.no = 2 THEN e.person_id ELSE e.household_id END,
           pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE NOT e.is_reversal AND NOT e.is_reversed),
           pg_catalog.sum(e.amount_vnd)::bigint
      FROM e
     CROSS JOIN LATERAL (VALUES (1::smallint, e.person_id IS NULL AND e.policy),
                                (2::smallint, coalesce(e.disability, 'none') <> 'none'),
                                (3::smallint, e.status = 'poor'),
                                (4::smallint, e.status = 'near-poor'),
                                (5::smallint, e.special_difficulty)) AS grp (no, yes)
     CROSS JOIN LATERAL (VALUES (0::smallint), (pg_catalog.date_part('quarter', e.given_on)::smallint)) AS q (quarter)
     CROSS JOIN LATERAL (VALUES (e.fund), ('')) AS fu (fund)
     WHERE grp.yes
     GROUP BY 1, 2, 3, 4, 5, 6, 7;
END;

-- Recompute the parts of the given households and add the difference to
-- ansinh_agg.aid_sum.
CREATE FUNCTION ansinh.report_aid_recompute(keys text[]) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    parts ansinh_agg.aid_part[];
BEGIN
    IF cardinality(keys) = 0 THEN
        RETURN;
    END IF;
    PERFORM ansinh.report_lock(8113, keys);
    parts := ARRAY(SELECT p FROM ansinh.report_aid_parts_of(keys) AS p);
    WITH old AS (
        DELETE FROM ansinh_agg.aid_part AS p
         USING (SELECT DISTINCT split_part(k, '|', 1) AS ward_code, split_part(k, '|', 2)::uuid AS id
                  FROM unnest(keys) AS k) AS g
         WHERE p.ward_code = g.ward_code AND p.household_id = g.id
        RETURNING p.*
    ), diff AS (
        SELECT d.ward_code, d.year, d.quarter, d.grp, d.fund, sum(d.entries) AS entries,
               sum(d.counted) AS counted, sum(d.vnd) AS vnd, sum(d.recipients) AS recipients
          FROM (SELECT n.ward_code, n.year, n.quarter, n.grp, n.fund, n.entries, n.counted, n.vnd,
                       (n.counted > 0)::integer AS recipients
                  FROM unnest(parts) AS n
                UNION ALL
                SELECT o.ward_code, o.year, o.quarter, o.grp, o.fund, -o.entries, -o.counted, -o.vnd,
                       -(o.counted > 0)::integer
                  FROM old AS o) AS d
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(d.entries) <> 0 OR sum(d.counted) <> 0 OR sum(d.vnd) <> 0 OR sum(d.recipients) <> 0
    )
    INSERT INTO ansinh_agg.aid_sum
    SELECT d.ward_code, d.year, d.quarter, d.grp, d.fund, d.entries, d.counted, d.vnd, d.recipients
      FROM diff AS d;
    INSERT INTO ansinh_agg.aid_part SELECT * FROM unnest(parts);
END
$$;

-- ------------------------------------------------------------------ compaction
-- support_day, need_day and aid_sum take delta rows: every write inserts
-- its own, nobody updates one in place, so concurrent writers never wait
-- on each other there. Readers sum them. Now and then (one statement in
-- 64, at random) a writer folds a ward's delta rows into one row per key
-- (rows summing to nothing go), unless another transaction is folding
-- that ward already; rows inserted meanwhile by other transactions are
-- not seen, so not touched, and stay to be summed.
CREATE FUNCTION ansinh.report_aggregates_compact(wards text[], always boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    w text;
BEGIN
    IF NOT always AND random() >= 1.0 / 64 THEN
        RETURN;
    END IF;
    FOREACH w IN ARRAY coalesce(wards, '{}') LOOP
        CONTINUE WHEN NOT pg_try_advisory_xact_lock(8114, hashtext(w));
        WITH d AS (DELETE FROM ansinh_agg.support_day AS x WHERE x.ward_code = w RETURNING x.*)
        INSERT INTO ansinh_agg.support_day
        SELECT d.ward_code, d.given_on, d.kind, d.fund_code, d.is_reversal, sum(d.entries), sum(d.vnd)
          FROM d GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.entries) <> 0 OR sum(d.vnd) <> 0;
        WITH d AS (DELETE FROM ansinh_agg.need_day AS x WHERE x.ward_code = w RETURNING x.*)
        INSERT INTO ansinh_agg.need_day
        SELECT d.ward_code, d.surveyed_on, d.kind, d.status, sum(d.needs), sum(d.estimated_vnd)
          FROM d GROUP BY 1, 2, 3, 4 HAVING sum(d.needs) <> 0 OR sum(d.estimated_vnd) <> 0;
        WITH d AS (DELETE FROM ansinh_agg.aid_sum AS x WHERE x.ward_code = w RETURNING x.*)
        INSERT INTO ansinh_agg.aid_sum
        SELECT d.ward_code, d.year, d.quarter, d.grp, d.fund, sum(d.entries), sum(d.counted), sum(d.vnd),
               sum(d.recipients)
          FROM d GROUP BY 1, 2, 3, 4, 5
        HAVING sum(d.entries) <> 0 OR sum(d.counted) <> 0 OR sum(d.vnd) <> 0 OR sum(d.recipients) <> 0;
    END LOOP;
END
$$;

COMMENT ON FUNCTION ansinh.report_aggregates_compact(text[], boolean) IS
    'Folds the report aggregates'' delta rows of the given wards into one per key: called by the triggers one statement in 64 (always: every time)';

-- ------------------------------------------------------------------ triggers
-- ansinh.support: append-only (0006), so inserts only.
CREATE FUNCTION ansinh.report_support_inserted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    INSERT INTO ansinh_agg.support_day
    SELECT n.ward_code, n.given_on, n.kind, coalesce(n.fund_code, ''), n.reverses_id IS NOT NULL,
           count(*), sum(n.amount_vnd)
      FROM new_rows AS n GROUP BY 1, 2, 3, 4, 5;

    -- houses: the groups of new originals and of the originals reversed
    PERFORM ansinh.report_house_recompute(ARRAY(
        SELECT DISTINCT concat_ws('|', x.ward_code, x.given_on, x.kind, coalesce(x.fund_code, ''),
                                  coalesce(x.organization_id, '00000000-0000-0000-0000-000000000000'))
          FROM (SELECT n.ward_code, n.given_on, n.kind, n.fund_code, n.organization_id
                  FROM new_rows AS n WHERE n.reverses_id IS NULL
                UNION ALL
                SELECT o.ward_code, o.given_on, o.kind, o.fund_code, o.organization_id
                  FROM new_rows AS n JOIN ansinh.support AS o ON o.ward_code = n.ward_code AND o.id = n.reverses_id)
               AS x
         WHERE x.kind IN ('house-new', 'house-repair')));

    -- livelihood: the days of the needs named (by the entry or the original it reverses)
    PERFORM ansinh.report_livelihood_recompute(ARRAY(
        SELECT DISTINCT concat_ws('|', d.ward_code, d.surveyed_on)
          FROM new_rows AS n
          LEFT JOIN ansinh.support AS o ON o.ward_code = n.ward_code AND o.id = n.reverses_id
          JOIN ansinh.need AS d ON d.ward_code = n.ward_code AND d.id = coalesce(n.need_id, o.need_id)
                               AND (o.ward_code IS NULL OR o.ward_code = d.ward_code)
         WHERE d.kind = 'livelihood-equipment'));

    -- aid: the households given aid kinds
    PERFORM ansinh.report_aid_recompute(ARRAY(
        SELECT DISTINCT concat_ws('|', n.ward_code, n.household_id) FROM new_rows AS n
         WHERE n.kind IN ('livelihood-equipment', 'assistive-device', 'orthopaedic-aid')));
    PERFORM ansinh.report_aggregates_compact(ARRAY(SELECT DISTINCT n.ward_code FROM new_rows AS n));
    RETURN NULL;
END
$$;

CREATE TRIGGER support_report_aggregates
    AFTER INSERT ON ansinh.support REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.report_support_inserted();

-- ansinh.need: insert, update (steps of the lifecycle), delete.
CREATE FUNCTION ansinh.report_need_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    -- +1 per need inserted or as it is now, -1 per need deleted or as it was
    delta ansinh_agg.need_day[] := '{}';
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        delta := delta || ARRAY(SELECT ROW(n.ward_code, n.surveyed_on, n.kind, n.status, 1,
                                           coalesce(n.estimated_vnd, 0))::ansinh_agg.need_day
                                  FROM new_rows AS n);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        delta := delta || ARRAY(SELECT ROW(o.ward_code, o.surveyed_on, o.kind, o.status, -1,
                                           -coalesce(o.estimated_vnd, 0))::ansinh_agg.need_day
                                  FROM old_rows AS o);
    END IF;

    INSERT INTO ansinh_agg.need_day
    SELECT x.ward_code, x.surveyed_on, x.kind, x.status, sum(x.needs), sum(x.estimated_vnd)
      FROM unnest(delta) AS x GROUP BY 1, 2, 3, 4
    HAVING sum(x.needs) <> 0 OR sum(x.estimated_vnd) <> 0;
    PERFORM ansinh.report_aggregates_compact(ARRAY(SELECT DISTINCT x.ward_code FROM unnest(delta) AS x));

    -- the livelihood days of the needs changed (before and after)
    PERFORM ansinh.report_livelihood_recompute(ARRAY(
        SELECT DISTINCT concat_ws('|', x.ward_code, x.surveyed_on) FROM unnest(delta) AS x
         WHERE x.kind = 'livelihood-equipment'));

    -- a need whose kind changed moves its entries in or out of the aid section
    IF TG_OP = 'UPDATE' THEN
        PERFORM ansinh.report_aid_recompute(ARRAY(
            SELECT DISTINCT concat_ws('|', x.ward_code, x.household_id)
              FROM new_rows AS n JOIN old_rows AS o ON o.ward_code = n.ward_code AND o.id = n.id
             CROSS JOIN LATERAL (VALUES (n.ward_code, n.household_id), (o.ward_code, o.household_id))
                             AS x (ward_code, household_id)
             WHERE (n.kind, n.household_id) IS DISTINCT FROM (o.kind, o.household_id)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER need_report_aggregates_insert
    AFTER INSERT ON ansinh.need REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.report_need_changed();
CREATE TRIGGER need_report_aggregates_update
    AFTER UPDATE ON ansinh.need REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.report_need_changed();
CREATE TRIGGER need_report_aggregates_delete
    AFTER DELETE ON ansinh.need REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.report_need_changed();

-- ansinh.household: status, policy or especially difficult circumstances
-- move its entries between the aid section's groups.
CREATE FUNCTION ansinh.report_household_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    PERFORM ansinh.report_aid_recompute(ARRAY(
        SELECT DISTINCT concat_ws('|', n.ward_code, n.id)
          FROM new_rows AS n JOIN old_rows AS o ON o.ward_code = n.ward_code AND o.id = n.id
         WHERE (n.status, n.policy, n.special_difficulty) IS DISTINCT FROM (o.status, o.policy, o.special_difficulty)
           AND EXISTS (SELECT FROM ansinh.support AS s WHERE s.ward_code = n.ward_code AND s.household_id = n.id)));
    PERFORM ansinh.report_aggregates_compact(ARRAY(SELECT DISTINCT n.ward_code FROM new_rows AS n));
    RETURN NULL;
END
$$;

CREATE TRIGGER household_report_aggregates
    AFTER UPDATE ON ansinh.household REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.report_household_changed();

-- ansinh.person: a member's disability (or household) moves the entries
-- given to them in or out of the disabled group.
CREATE FUNCTION ansinh.report_person_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    PERFORM ansinh.report_aid_recompute(ARRAY(
        SELECT DISTINCT concat_ws('|', x.ward_code, x.household_id)
          FROM new_rows AS n JOIN old_rows AS o ON o.ward_code = n.ward_code AND o.id = n.id
         CROSS JOIN LATERAL (VALUES (n.ward_code, n.household_id), (o.ward_code, o.household_id))
                         AS x (ward_code, household_id)
         WHERE (n.disability, n.household_id) IS DISTINCT FROM (o.disability, o.household_id)
           AND EXISTS (SELECT FROM ansinh.support AS s WHERE s.ward_code = n.ward_code AND s.person_id = n.id)));
    PERFORM ansinh.report_aggregates_compact(ARRAY(SELECT DISTINCT n.ward_code FROM new_rows AS n));
    RETURN NULL;
END
$$;

CREATE TRIGGER person_report_aggregates
    AFTER UPDATE ON ansinh.person REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.report_person_changed();

-- ------------------------------------------------------------------ rebuild
-- Every aggregate recomputed from the base tables: after a bulk load with
-- the triggers off (session_replication_role = replica), or to repair.
-- Writers wait until it commits (the aggregate tables are locked first).
CREATE FUNCTION ansinh.report_aggregates_rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, ansinh
AS $$
BEGIN
    LOCK TABLE ansinh_agg.support_day, ansinh_agg.house_day, ansinh_agg.need_day,
               ansinh_agg.livelihood_day, ansinh_agg.aid_part, ansinh_agg.aid_sum IN EXCLUSIVE MODE;
    TRUNCATE ansinh_agg.support_day, ansinh_agg.house_day, ansinh_agg.need_day,
             ansinh_agg.livelihood_day, ansinh_agg.aid_part, ansinh_agg.aid_sum;
    INSERT INTO ansinh_agg.support_day
    SELECT s.ward_code, s.given_on, s.kind, coalesce(s.fund_code, ''), s.reverses_id IS NOT NULL,
           count(*), sum(s.amount_vnd)
      FROM ansinh.support AS s GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO ansinh_agg.house_day
    SELECT s.ward_code, s.given_on, s.kind, coalesce(s.fund_code, ''),
           coalesce(s.organization_id, '00000000-0000-0000-0000-000000000000'),
           count(*), sum(s.amount_vnd), min(s.amount_vnd), max(s.amount_vnd)
      FROM ansinh.support AS s
     WHERE s.kind IN ('house-new', 'house-repair') AND s.reverses_id IS NULL
       AND NOT EXISTS (SELECT FROM ansinh.support AS r WHERE r.ward_code = s.ward_code AND r.reverses_id = s.id)
     GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO ansinh_agg.need_day
    SELECT n.ward_code, n.surveyed_on, n.kind, n.status, count(*), coalesce(sum(n.estimated_vnd), 0)
      FROM ansinh.need AS n GROUP BY 1, 2, 3, 4;
    PERFORM ansinh.report_livelihood_recompute(ARRAY(
        SELECT DISTINCT concat_ws('|', n.ward_code, n.surveyed_on) FROM ansinh.need AS n
         WHERE n.kind = 'livelihood-equipment'));
    INSERT INTO ansinh_agg.aid_part
    SELECT * FROM ansinh.report_aid_parts_of(ARRAY(
        SELECT DISTINCT concat_ws('|', s.ward_code, s.household_id) FROM ansinh.support AS s
         WHERE s.kind IN ('livelihood-equipment', 'assistive-device', 'orthopaedic-aid')));
    INSERT INTO ansinh_agg.aid_sum
    SELECT p.ward_code, p.year, p.quarter, p.grp, p.fund, sum(p.entries), sum(p.counted), sum(p.vnd),
           count(*) FILTER (WHERE p.counted > 0)
      FROM ansinh_agg.aid_part AS p GROUP BY 1, 2, 3, 4, 5;
END
$$;

COMMENT ON FUNCTION ansinh.report_aggregates_rebuild() IS
    'Recomputes every report aggregate (0110) from support, need, household and person: after a bulk load with the triggers off, or to repair';

-- ------------------------------------------------------------------ reading them
-- 0066's computations stay, renamed, beside the new ones of the same
-- names and arguments (which ansinh.report calls).
ALTER FUNCTION ansinh.report_livelihood(date, date, text[]) RENAME TO report_livelihood_base;
ALTER FUNCTION ansinh.report_aid(date, date, text[]) RENAME TO report_aid_base;
ALTER FUNCTION ansinh.report_houses(date, date, text[]) RENAME TO report_houses_base;
ALTER FUNCTION ansinh.report_needs(date, date, text[]) RENAME TO report_needs_base;
ALTER FUNCTION ansinh.report_support(date, date, text[], boolean) RENAME TO report_support_base;

CREATE FUNCTION ansinh.report_livelihood(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH d AS (
        SELECT l.* FROM ansinh_agg.livelihood_day AS l
         WHERE l.surveyed_on BETWEEN report_livelihood.f AND report_livelihood.t
           AND (report_livelihood.wards IS NULL OR l.ward_code = ANY (report_livelihood.wards))
    ), total AS (
        SELECT coalesce(pg_catalog.sum(d.registered), 0)::bigint AS registered,
               coalesce(pg_catalog.sum(d.funded), 0)::bigint AS funded,
               coalesce(pg_catalog.sum(d.funded_vnd), 0)::bigint AS funded_vnd
          FROM d WHERE d.fund = ''
    ), by_fund AS (
        SELECT d.fund, (SELECT x.name FROM ansinh.fund AS x WHERE x.code = d.fund) AS fund_name,
               pg_catalog.sum(d.funded)::bigint AS funded, pg_catalog.sum(d.funded_vnd)::bigint AS funded_vnd
          FROM d WHERE d.fund <> '' GROUP BY d.fund
    )
    SELECT 'livelihood', '', '', 'all', '', 'all', m.measure, m.value
      FROM total CROSS JOIN LATERAL (VALUES (1, 'registered', total.registered), (2, 'funded', total.funded),
                                            (3, 'funded_vnd', total.funded_vnd)) AS m (no, measure, value)
    UNION ALL
    (SELECT 'livelihood', '', '', b.fund, coalesce(b.fund_name, ''), 'all', m.measure, m.value
       FROM by_fund AS b CROSS JOIN LATERAL (VALUES (1, 'funded', b.funded), (2, 'funded_vnd', b.funded_vnd))
                                          AS m (no, measure, value)
      ORDER BY b.fund, m.no);
END;

-- The aid section of a whole year or one quarter from ansinh_agg.aid_sum;
-- of any other period from the base tables (the distinct recipients of an
-- arbitrary period cannot be summed from the aggregates).
CREATE FUNCTION ansinh.report_aid(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    y integer := extract(year FROM f)::integer;
    q integer;
BEGIN
    IF f = make_date(y, 1, 1) AND t = make_date(y, 12, 31) THEN
        q := 0;
    ELSIF extract(day FROM f) = 1 AND extract(month FROM f)::integer IN (1, 4, 7, 10)
          AND t = (f + interval '3 months' - interval '1 day')::date THEN
        q := extract(quarter FROM f)::integer;
    ELSE
        RETURN QUERY SELECT * FROM ansinh.report_aid_base(f, t, wards);
        RETURN;
    END IF;
    RETURN QUERY
    WITH agg AS (
        SELECT s.grp AS no, s.fund = '' AS total,
               CASE WHEN s.fund = '' THEN 'all' ELSE s.fund END AS fund,
               sum(s.recipients)::bigint AS recipients, sum(s.counted)::bigint AS entries,
               sum(s.vnd)::bigint AS vnd
          FROM ansinh_agg.aid_sum AS s
         WHERE s.year = y AND s.quarter = q AND (wards IS NULL OR s.ward_code = ANY (wards))
         GROUP BY s.grp, s.fund
        HAVING sum(s.entries) > 0
    )
    SELECT 'aid'::text, ''::text, ''::text,
           (ARRAY['policy', 'disabled', 'poor', 'near-poor', 'special-difficulty'])[a.no], ''::text, a.fund,
           m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'recipients', a.recipients), (2, 'entries', a.entries), (3, 'vnd', a.vnd))
                     AS m (no, measure, value)
     ORDER BY a.no, a.total DESC, a.fund, m.no;
END
$$;

CREATE FUNCTION ansinh.report_houses(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH d AS (
        -- summed over the days first: a few rows per ward, kind and sponsor
        SELECT d.kind, d.ward_code, d.fund_code, d.organization_id, pg_catalog.sum(d.houses) AS houses,
               pg_catalog.sum(d.vnd) AS vnd, pg_catalog.min(d.min_vnd) AS min_vnd,
               pg_catalog.max(d.max_vnd) AS max_vnd
          FROM ansinh_agg.house_day AS d
         WHERE d.given_on BETWEEN report_houses.f AND report_houses.t
           AND (report_houses.wards IS NULL OR d.ward_code = ANY (report_houses.wards))
         GROUP BY d.kind, d.ward_code, d.fund_code, d.organization_id
    ), h AS (
        SELECT d.kind, coalesce(o.name, x.name, '') AS sponsor, d.ward_code, w.name AS ward_name,
               d.houses, d.vnd, d.min_vnd, d.max_vnd
          FROM d
          JOIN ansinh.ward AS w ON w.code = d.ward_code
          LEFT JOIN ansinh.fund AS x ON x.code = d.fund_code
          LEFT JOIN ansinh.organization AS o ON o.id = d.organization_id
    ), k (kind, no) AS (VALUES ('house-new', 1), ('house-repair', 2)
    ), agg AS (
        SELECT k.kind, k.no, GROUPING(h.sponsor) AS total,
               coalesce(h.sponsor, 'all') AS sponsor, coalesce(h.ward_code, '') AS ward_code,
               coalesce(pg_catalog.min(h.ward_name), '') AS ward_name,
               coalesce(pg_catalog.sum(h.houses), 0)::bigint AS houses,
               coalesce(pg_catalog.sum(h.vnd), 0)::bigint AS vnd,
               coalesce(pg_catalog.min(h.min_vnd), 0)::bigint AS min_vnd,
               coalesce(pg_catalog.max(h.max_vnd), 0)::bigint AS max_vnd
          FROM k LEFT JOIN h ON h.kind = k.kind
         GROUP BY GROUPING SETS ((k.kind, k.no, h.sponsor, h.ward_code), (k.kind, k.no))
        HAVING GROUPING(h.sponsor) = 1 OR pg_catalog.sum(h.houses) > 0
    )
    SELECT 'houses', a.ward_code, a.ward_name, a.kind, '', a.sponsor, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'houses', a.houses), (2, 'vnd', a.vnd), (3, 'min_vnd', a.min_vnd),
                                (4, 'max_vnd', a.max_vnd)) AS m (no, measure, value)
     ORDER BY a.no, a.total DESC, a.sponsor, a.ward_code, m.no;
END;

CREATE FUNCTION ansinh.report_needs(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH n AS (
        -- the delta rows summed per kind and stage: those with needs left
        SELECT d.kind, d.status, pg_catalog.sum(d.needs) AS needs, pg_catalog.sum(d.estimated_vnd) AS estimated_vnd,
               pg_catalog.array_position(ARRAY['registered', 'verified', 'approved', 'fulfilled', 'rejected',
                                               'withdrawn'], d.status) AS stage_no
          FROM ansinh_agg.need_day AS d
         WHERE d.surveyed_on BETWEEN report_needs.f AND report_needs.t
           AND (report_needs.wards IS NULL OR d.ward_code = ANY (report_needs.wards))
         GROUP BY d.kind, d.status
        HAVING pg_catalog.sum(d.needs) <> 0
    ), agg AS (
        SELECT GROUPING(n.kind) AS kind_total, GROUPING(n.status) AS status_total,
               coalesce(n.kind, 'all') AS kind, coalesce(n.status, 'all') AS status,
               pg_catalog.min(n.stage_no) AS stage_no,
               coalesce(pg_catalog.sum(n.needs), 0)::bigint AS needs,
               coalesce(pg_catalog.sum(n.estimated_vnd), 0)::bigint AS estimated_vnd
          FROM n
         GROUP BY GROUPING SETS ((n.kind, n.status), (n.kind), ())
    )
    SELECT 'needs', '', '', a.kind, '', a.status, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'needs', a.needs), (2, 'estimated_vnd', a.estimated_vnd)) AS m (no, measure, value)
     ORDER BY a.kind_total, a.kind, a.status_total DESC, a.stage_no, m.no;
END;

CREATE FUNCTION ansinh.report_support(f date, t date, wards text[], by_fund boolean)
RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH d AS (
        -- summed over the days and wards first: a few rows per fund and kind
        SELECT d.fund_code, d.kind, d.is_reversal, pg_catalog.sum(d.entries) AS entries,
               pg_catalog.sum(d.vnd) AS vnd
          FROM ansinh_agg.support_day AS d
         WHERE d.given_on BETWEEN report_support.f AND report_support.t
           AND (report_support.wards IS NULL OR d.ward_code = ANY (report_support.wards))
         GROUP BY d.fund_code, d.kind, d.is_reversal
    ), s AS (
        SELECT CASE WHEN report_support.by_fund THEN CASE WHEN d.fund_code = '' THEN 'none' ELSE d.fund_code END
                    ELSE 'all' END AS fund,
               CASE WHEN report_support.by_fund THEN coalesce(x.name, '') ELSE '' END AS fund_name,
               d.kind, d.is_reversal, d.entries, d.vnd
          FROM d
          LEFT JOIN ansinh.fund AS x ON x.code = d.fund_code
    ), agg AS (
        SELECT GROUPING(s.fund) AS fund_total, GROUPING(s.kind) AS kind_total,
               coalesce(s.fund, 'all') AS fund, coalesce(pg_catalog.min(s.fund_name), '') AS fund_name,
               coalesce(s.kind, 'all') AS kind,
               coalesce(pg_catalog.sum(s.entries) FILTER (WHERE NOT s.is_reversal), 0)::bigint AS entries,
               coalesce(pg_catalog.sum(s.vnd) FILTER (WHERE NOT s.is_reversal), 0)::bigint AS given_vnd,
               coalesce(pg_catalog.sum(s.entries) FILTER (WHERE s.is_reversal), 0)::bigint AS reversals,
               coalesce(-pg_catalog.sum(s.vnd) FILTER (WHERE s.is_reversal), 0)::bigint AS reversed_vnd,
               coalesce(pg_catalog.sum(s.vnd), 0)::bigint AS net_vnd
          FROM s
         GROUP BY GROUPING SETS ((s.fund, s.kind), (s.fund), ())
    )
    SELECT CASE WHEN report_support.by_fund THEN 'funds' ELSE 'support' END, '', '', a.fund,
           a.fund_name, a.kind, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'entries', a.entries), (2, 'given_vnd', a.given_vnd),
                                (3, 'reversals', a.reversals), (4, 'reversed_vnd', a.reversed_vnd),
                                (5, 'net_vnd', a.net_vnd)) AS m (no, measure, value)
     WHERE report_support.by_fund OR a.fund_total = 0
     ORDER BY a.fund_total, a.fund, a.kind_total DESC, a.kind, m.no;
END;

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON FUNCTION
    ansinh.report_lock(integer, text[]), ansinh.report_house_recompute(text[]),
    ansinh.report_livelihood_recompute(text[]), ansinh.report_aid_parts_of(text[]),
    ansinh.report_aid_recompute(text[]), ansinh.report_aggregates_compact(text[], boolean),
    ansinh.report_support_inserted(), ansinh.report_need_changed(),
    ansinh.report_household_changed(), ansinh.report_person_changed(), ansinh.report_aggregates_rebuild(),
    ansinh.report_livelihood(date, date, text[]), ansinh.report_aid(date, date, text[]),
    ansinh.report_houses(date, date, text[]), ansinh.report_needs(date, date, text[]),
    ansinh.report_support(date, date, text[], boolean)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    ansinh.report_lock(integer, text[]), ansinh.report_house_recompute(text[]),
    ansinh.report_livelihood_recompute(text[]), ansinh.report_aid_parts_of(text[]),
    ansinh.report_aid_recompute(text[]), ansinh.report_aggregates_compact(text[], boolean)
  TO ansinh_report;
GRANT EXECUTE ON FUNCTION
    ansinh.report_livelihood(date, date, text[]), ansinh.report_aid(date, date, text[]),
    ansinh.report_houses(date, date, text[]), ansinh.report_needs(date, date, text[]),
    ansinh.report_support(date, date, text[], boolean)
  TO ansinh_daemon, ansinh_analyst;

-- The triggers and the rebuild run as ansinh_report (changing a
-- function's owner needs membership, as in 0070).
GRANT ansinh_report TO CURRENT_USER;
GRANT CREATE ON SCHEMA ansinh TO ansinh_report;
ALTER FUNCTION ansinh.report_support_inserted() OWNER TO ansinh_report;
ALTER FUNCTION ansinh.report_need_changed() OWNER TO ansinh_report;
ALTER FUNCTION ansinh.report_household_changed() OWNER TO ansinh_report;
ALTER FUNCTION ansinh.report_person_changed() OWNER TO ansinh_report;
ALTER FUNCTION ansinh.report_aggregates_rebuild() OWNER TO ansinh_report;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_report;

SELECT ansinh.report_aggregates_rebuild();

CALL ansinh.secure_api();
