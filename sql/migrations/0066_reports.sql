-- 0066 — the reports the office publishes (issue 13): every figure of
-- `ansinh report summary|funds|needs|programs|employment|units|targets` is
-- computed here, by ansinh.report(), which analysts call with psql and the
-- daemon calls through ansinh_api.report (same code, one source per figure).
--
-- A report is a list of figures in long form, one row per number:
--
--   section   which part of the report (livelihood, aid, houses, pairings,
--             programmes, employment, needs, support, funds, units,
--             targets, expected)
--   unit_code the unit the figure is of: '' for the whole selection (the
--             --unit asked for, or everything the reader may see), a ward
--             code (houses: where each was built), or the unit of the
--             --as-of day the ward's records roll up to (units, targets)
--   unit_name its name
--   key       first breakdown: a fund, a recipient group, a programme, a
--             quarter (2023-Q1), a need kind, a target metric; 'all' for
--             the total over that breakdown
--   key_name  the key's display name where it has one (fund, programme)
--   item      second breakdown (fund, sponsor, kind, stage); 'all' for its total
--   measure   what is counted; a measure ending in _vnd is money (VND, net
--             of reversals unless its name says otherwise)
--   value     the number (bigint)
--
-- Periods: the year, or one quarter of it, or from..to (either end
-- defaulting to the year's). Units: --unit is any administrative unit
-- (a ward, Thanh Khê district TK, a ward of today such as TKW): the
-- records of the wards it holds on the --as-of day (default today),
-- through its child units and the units merged into it
-- (ansinh.unit_covers). Rolled up: with as_of, per-unit figures (units,
-- targets) are per unit valid that day (ansinh.ward_unit_at); without, per
-- ward as recorded.
--
-- Reading goes by the reader's privileges: an analyst reads every ward; the
-- daemon's call runs under row-level security and the request's context,
-- so a ward token counts its own ward only.

-- ------------------------------------------------------------------ the figure type
CREATE TYPE ansinh.report_figure AS (
    section   text,
    unit_code text,
    unit_name text,
    key       text,
    key_name  text,
    item      text,
    measure   text,
    value     bigint
);

COMMENT ON TYPE ansinh.report_figure IS
    'One figure of a report (ansinh.report): section, unit, key, item, measure, value';

-- ------------------------------------------------------------------ selection helpers
-- The ward codes whose records a unit holds on a day: the unit, its child
-- units (parent_code) and the units merged into any of them by the day,
-- transitively. NULL when no such unit exists.
CREATE FUNCTION ansinh.report_unit_wards(unit text, day date) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE edge (child, parent) AS (
        SELECT u.code, u.parent_code FROM ansinh.admin_unit AS u WHERE u.parent_code IS NOT NULL
        UNION ALL
        SELECT l.unit_code, l.other_code FROM ansinh.admin_unit_link AS l
         WHERE l.kind = 'merged-into' AND l.on_date <= report_unit_wards.day
    ), down (code) AS (
        SELECT u.code FROM ansinh.admin_unit AS u WHERE u.code = report_unit_wards.unit
        UNION
        SELECT e.child FROM down JOIN edge AS e ON e.parent = down.code
    )
    SELECT CASE WHEN EXISTS (SELECT FROM down)
                THEN coalesce((SELECT pg_catalog.array_agg(a.ward_code ORDER BY a.ward_code)
                                 FROM down JOIN ansinh.admin_unit AS a ON a.code = down.code
                                WHERE a.ward_code IS NOT NULL), '{}'::text[])
           END;
END;

COMMENT ON FUNCTION ansinh.report_unit_wards(text, date) IS
    'The ward codes whose records a unit holds on a day (itself, its child units, the units merged into them); NULL for an unknown unit';

-- The unit a ward's records are counted under: the ward itself (as
-- recorded, as_of NULL) or the unit they roll up to on the day.
CREATE FUNCTION ansinh.report_unit_of(ward_code text, as_of date) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN as_of IS NULL THEN ward_code ELSE ansinh.ward_unit_at(ward_code, as_of) END;

COMMENT ON FUNCTION ansinh.report_unit_of(text, date) IS
    'The unit a ward''s figures are counted under: the ward as recorded (as_of NULL) or its unit on the day';

CREATE FUNCTION ansinh.report_unit_name(code text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce((SELECT u.name FROM ansinh.admin_unit AS u WHERE u.code = report_unit_name.code),
                    (SELECT w.name FROM ansinh.ward AS w WHERE w.code = report_unit_name.code), code);

COMMENT ON FUNCTION ansinh.report_unit_name(text) IS 'The name of a unit (or ward) code';

-- ------------------------------------------------------------------ sections
-- Each takes the period [f, t] and the wards (NULL: every ward readable).

-- Livelihood-equipment needs surveyed in the period: registered (not
-- withdrawn), funded (fulfilled), the net VND that funded them; per fund
-- (key; 'none': paid by a sponsor without a fund) the needs it funded and
-- the net VND it gave them.
CREATE FUNCTION ansinh.report_livelihood(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH n AS (
        SELECT v.ward_code, v.id, v.status, v.funded_vnd
          FROM ansinh.need_v AS v
         WHERE v.kind = 'livelihood-equipment' AND v.surveyed_on BETWEEN report_livelihood.f AND report_livelihood.t
           AND (report_livelihood.wards IS NULL OR v.ward_code = ANY (report_livelihood.wards))
    ), total AS (
        SELECT pg_catalog.count(*) FILTER (WHERE n.status <> 'withdrawn') AS registered,
               pg_catalog.count(*) FILTER (WHERE n.status = 'fulfilled') AS funded,
               coalesce(pg_catalog.sum(n.funded_vnd), 0)::bigint AS funded_vnd
          FROM n
    ), by_fund AS (
        SELECT coalesce(s.fund_code, 'none') AS fund, pg_catalog.min(s.fund_name) AS fund_name,
               pg_catalog.count(DISTINCT n.id) FILTER (WHERE n.status = 'fulfilled' AND NOT s.is_reversal
                                                       AND NOT s.is_reversed) AS funded,
               coalesce(pg_catalog.sum(s.amount_vnd), 0)::bigint AS funded_vnd
          FROM ansinh.support_v AS s
          LEFT JOIN ansinh.support AS o ON o.ward_code = s.ward_code AND o.id = s.reverses_id
          JOIN n ON n.ward_code = s.ward_code AND n.id = coalesce(s.need_id, o.need_id)
         GROUP BY 1
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

-- Livelihood support, assistive devices and orthopaedic aids given in the
-- period (reversals dated in it subtract), not those that fulfilled a
-- livelihood-equipment need (the livelihood section's), by recipient group
-- (key) and fund (item; 'all': every fund). Groups: policy (support to a
-- policy household as a whole), disabled (support to a member with a
-- disability), poor, near-poor, special-difficulty (support to, or to a
-- member of, a household of that status now / in especially difficult
-- circumstances); a support may be in several groups. recipients: distinct
-- households (disabled: people) with an entry not reversed.
CREATE FUNCTION ansinh.report_aid(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH e AS (
        SELECT s.*, p.disability, h.status AS household_status
          FROM ansinh.support_v AS s
          JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
          LEFT JOIN ansinh.person AS p ON p.ward_code = s.ward_code AND p.id = s.person_id
          LEFT JOIN ansinh.support AS o ON o.ward_code = s.ward_code AND o.id = s.reverses_id
          LEFT JOIN ansinh.need AS n ON n.ward_code = s.ward_code AND n.id = coalesce(s.need_id, o.need_id)
         WHERE s.kind IN ('livelihood-equipment', 'assistive-device', 'orthopaedic-aid')
           AND s.given_on BETWEEN report_aid.f AND report_aid.t
           AND (report_aid.wards IS NULL OR s.ward_code = ANY (report_aid.wards))
           AND n.kind IS DISTINCT FROM 'livelihood-equipment'
    ), g AS (
        SELECT grp.no, grp.name AS grp, coalesce(e.fund_code, 'none') AS fund, e.fund_name,
               CASE WHEN grp.name = 'disabled' THEN e.person_id ELSE e.household_id END AS recipient,
               e.is_reversal, e.is_reversed, e.amount_vnd
          FROM e
         CROSS JOIN LATERAL (VALUES (1, 'policy', e.person_id IS NULL AND e.household_policy),
                                    (2, 'disabled', coalesce(e.disability, 'none') <> 'none'),
                                    (3, 'poor', e.household_status = 'poor'),
                                    (4, 'near-poor', e.household_status = 'near-poor'),
                                    (5, 'special-difficulty', e.household_special_difficulty))
                            AS grp (no, name, yes)
         WHERE grp.yes
    ), agg AS (
        SELECT pg_catalog.min(g.no) AS no, g.grp, coalesce(g.fund, 'all') AS fund,
               GROUPING(g.fund) AS total, pg_catalog.min(g.fund_name) AS fund_name,
               pg_catalog.count(DISTINCT g.recipient) FILTER (WHERE NOT g.is_reversal AND NOT g.is_reversed)
                   AS recipients,
               pg_catalog.count(*) FILTER (WHERE NOT g.is_reversal AND NOT g.is_reversed) AS entries,
               coalesce(pg_catalog.sum(g.amount_vnd), 0)::bigint AS vnd
          FROM g
         GROUP BY GROUPING SETS ((g.grp, g.fund), (g.grp))
    )
    SELECT 'aid', '', '', a.grp, '', a.fund, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'recipients', a.recipients), (2, 'entries', a.entries), (3, 'vnd', a.vnd))
                     AS m (no, measure, value)
     ORDER BY a.no, a.total DESC, a.fund, m.no;
END;

-- Houses built (house-new) and repaired (house-repair) with support given
-- in the period and not reversed: per kind (key), sponsor (item: the
-- organization, else the fund) and ward (unit_code), and per kind in all
-- (unit '' and item 'all'): houses, VND, the smallest and largest amount.
CREATE FUNCTION ansinh.report_houses(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH h AS (
        SELECT s.kind, coalesce(s.organization_name, s.fund_name, '') AS sponsor, s.ward_code, s.ward_name,
               s.amount_vnd
          FROM ansinh.support_v AS s
         WHERE s.kind IN ('house-new', 'house-repair') AND NOT s.is_reversal AND NOT s.is_reversed
           AND s.given_on BETWEEN report_houses.f AND report_houses.t
           AND (report_houses.wards IS NULL OR s.ward_code = ANY (report_houses.wards))
    ), k (kind, no) AS (VALUES ('house-new', 1), ('house-repair', 2)
    ), agg AS (
        SELECT k.kind, k.no, GROUPING(h.sponsor) AS total,
               coalesce(h.sponsor, 'all') AS sponsor, coalesce(h.ward_code, '') AS ward_code,
               coalesce(pg_catalog.min(h.ward_name), '') AS ward_name,
               pg_catalog.count(h.kind) AS houses, coalesce(pg_catalog.sum(h.amount_vnd), 0)::bigint AS vnd,
               coalesce(pg_catalog.min(h.amount_vnd), 0)::bigint AS min_vnd,
               coalesce(pg_catalog.max(h.amount_vnd), 0)::bigint AS max_vnd
          FROM k LEFT JOIN h ON h.kind = k.kind
         GROUP BY GROUPING SETS ((k.kind, k.no, h.sponsor, h.ward_code), (k.kind, k.no))
        HAVING GROUPING(h.sponsor) = 1 OR pg_catalog.count(h.kind) > 0
    )
    SELECT 'houses', a.ward_code, a.ward_name, a.kind, '', a.sponsor, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'houses', a.houses), (2, 'vnd', a.vnd), (3, 'min_vnd', a.min_vnd),
                                (4, 'max_vnd', a.max_vnd)) AS m (no, measure, value)
     ORDER BY a.no, a.total DESC, a.sponsor, a.ward_code, m.no;
END;

-- Sponsorship pairings committed for the period's year(s), and when the
-- period is less than whole years, signed in it: signed, still open, ended,
-- and the distinct households in especially difficult circumstances with
-- an open pairing.
CREATE FUNCTION ansinh.report_pairings(f date, t date, whole boolean, wards text[])
RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH p AS (
        SELECT v.* FROM ansinh.pairing_v AS v
         WHERE v.year BETWEEN pg_catalog.date_part('year', report_pairings.f)
                          AND pg_catalog.date_part('year', report_pairings.t)
           AND (report_pairings.whole OR v.signed_on BETWEEN report_pairings.f AND report_pairings.t)
           AND (report_pairings.wards IS NULL OR v.ward_code = ANY (report_pairings.wards))
    ), agg AS (
        SELECT pg_catalog.count(*) AS signed, pg_catalog.count(*) FILTER (WHERE p.open) AS open,
               pg_catalog.count(*) FILTER (WHERE NOT p.open) AS ended,
               pg_catalog.count(DISTINCT p.household_id) FILTER (WHERE p.open AND p.special_difficulty)
                   AS special_households_open
          FROM p
    )
    SELECT 'pairings', '', '', 'all', '', 'all', m.measure, m.value
      FROM agg CROSS JOIN LATERAL (VALUES (1, 'signed', agg.signed), (2, 'open', agg.open), (3, 'ended', agg.ended),
                                          (4, 'special_households_open', agg.special_households_open))
                               AS m (no, measure, value)
     ORDER BY m.no;
END;

-- Programme sessions held in the period, per programme (key: its name;
-- key_name: the organizer; item: its kind) and in all: sessions,
-- beneficiaries, distinct households listed as served, value of the goods.
CREATE FUNCTION ansinh.report_programmes(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH s AS (
        SELECT v.* FROM ansinh.programme_session_v AS v
         WHERE v.held_on BETWEEN report_programmes.f AND report_programmes.t
           AND (report_programmes.wards IS NULL OR v.ward_code = ANY (report_programmes.wards))
    ), served AS (
        SELECT s.programme_id, h.ward_code, h.household_id
          FROM s JOIN ansinh.programme_session_household AS h ON h.ward_code = s.ward_code AND h.session_id = s.id
    ), agg AS (
        SELECT GROUPING(s.programme_id) AS total,
               CASE WHEN GROUPING(s.programme_id) = 0 THEN pg_catalog.min(s.programme_name) ELSE 'all' END AS name,
               CASE WHEN GROUPING(s.programme_id) = 0 THEN pg_catalog.min(s.organization_name) ELSE '' END AS org,
               CASE WHEN GROUPING(s.programme_id) = 0 THEN pg_catalog.min(s.programme_kind) ELSE 'all' END AS kind,
               s.programme_id,
               pg_catalog.count(*) AS sessions,
               coalesce(pg_catalog.sum(s.beneficiaries), 0)::bigint AS beneficiaries,
               coalesce(pg_catalog.sum(s.goods_value_vnd), 0)::bigint AS goods_vnd
          FROM s
         GROUP BY GROUPING SETS ((s.programme_id), ())
    ), with_households AS (
        SELECT a.*,
               (SELECT pg_catalog.count(DISTINCT (v.ward_code, v.household_id)) FROM served AS v
                 WHERE a.total = 1 OR v.programme_id = a.programme_id) AS households
          FROM agg AS a
    )
    SELECT 'programmes', '', '', a.name, a.org, a.kind, m.measure, m.value
      FROM with_households AS a
     CROSS JOIN LATERAL (VALUES (1, 'sessions', a.sessions), (2, 'beneficiaries', a.beneficiaries),
                                (3, 'households', a.households), (4, 'goods_vnd', a.goods_vnd))
                     AS m (no, measure, value)
     ORDER BY a.total, a.name, m.no;
END;

-- Employment events in the period by quarter (key: 2023-Q1; 'all') and
-- kind (item): events, and those recorded at a job week.
CREATE FUNCTION ansinh.report_employment(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH k (kind, no) AS (VALUES ('job-placement', 1), ('vocational-training', 2),
                                 ('employment-centre-referral', 3), ('labour-export', 4)
    ), e AS (
        SELECT v.kind, pg_catalog.to_char(v.occurred_on, 'YYYY-"Q"Q') AS quarter, v.job_week_id
          FROM ansinh.employment_event_v AS v
         WHERE v.occurred_on BETWEEN report_employment.f AND report_employment.t
           AND (report_employment.wards IS NULL OR v.ward_code = ANY (report_employment.wards))
    ), agg AS (
        SELECT GROUPING(e.quarter) AS total, coalesce(e.quarter, 'all') AS quarter, k.kind, k.no,
               pg_catalog.count(e.kind) AS events,
               pg_catalog.count(e.job_week_id) AS at_job_weeks
          FROM k LEFT JOIN e ON e.kind = k.kind
         GROUP BY GROUPING SETS ((e.quarter, k.kind, k.no), (k.kind, k.no))
        HAVING GROUPING(e.quarter) = 1 OR e.quarter IS NOT NULL
    )
    SELECT 'employment', '', '', a.quarter, '', a.kind, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'events', a.events), (2, 'at_job_weeks', a.at_job_weeks)) AS m (no, measure, value)
     ORDER BY a.total, a.quarter, a.no, m.no;
END;

-- Needs surveyed in the period by kind (key) and stage (item; 'all'), and
-- in all: needs, their estimated VND.
CREATE FUNCTION ansinh.report_needs(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH n AS (
        SELECT v.kind, v.status, v.estimated_vnd,
               pg_catalog.array_position(ARRAY['registered', 'verified', 'approved', 'fulfilled', 'rejected',
                                               'withdrawn'], v.status) AS stage_no
          FROM ansinh.need_v AS v
         WHERE v.surveyed_on BETWEEN report_needs.f AND report_needs.t
           AND (report_needs.wards IS NULL OR v.ward_code = ANY (report_needs.wards))
    ), agg AS (
        SELECT GROUPING(n.kind) AS kind_total, GROUPING(n.status) AS status_total,
               coalesce(n.kind, 'all') AS kind, coalesce(n.status, 'all') AS status,
               pg_catalog.min(n.stage_no) AS stage_no,
               pg_catalog.count(*) AS needs, coalesce(pg_catalog.sum(n.estimated_vnd), 0)::bigint AS estimated_vnd
          FROM n
         GROUP BY GROUPING SETS ((n.kind, n.status), (n.kind), ())
    )
    SELECT 'needs', '', '', a.kind, '', a.status, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'needs', a.needs), (2, 'estimated_vnd', a.estimated_vnd)) AS m (no, measure, value)
     ORDER BY a.kind_total, a.kind, a.status_total DESC, a.stage_no, m.no;
END;

-- Support entries dated in the period, by fund (key: 'none' when paid by a
-- sponsor alone; funds report only, by_fund) or in all (key 'all'), and
-- kind (item; 'all'): entries given, VND given, reversals, VND reversed,
-- net VND.
CREATE FUNCTION ansinh.report_support(f date, t date, wards text[], by_fund boolean)
RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH s AS (
        SELECT CASE WHEN report_support.by_fund THEN coalesce(v.fund_code, 'none') ELSE 'all' END AS fund,
               CASE WHEN report_support.by_fund THEN coalesce(v.fund_name, '') ELSE '' END AS fund_name,
               v.kind, v.is_reversal, v.amount_vnd
          FROM ansinh.support_v AS v
         WHERE v.given_on BETWEEN report_support.f AND report_support.t
           AND (report_support.wards IS NULL OR v.ward_code = ANY (report_support.wards))
    ), agg AS (
        SELECT GROUPING(s.fund) AS fund_total, GROUPING(s.kind) AS kind_total,
               coalesce(s.fund, 'all') AS fund, coalesce(pg_catalog.min(s.fund_name), '') AS fund_name,
               coalesce(s.kind, 'all') AS kind,
               pg_catalog.count(*) FILTER (WHERE NOT s.is_reversal) AS entries,
               coalesce(pg_catalog.sum(s.amount_vnd) FILTER (WHERE NOT s.is_reversal), 0)::bigint AS given_vnd,
               pg_catalog.count(*) FILTER (WHERE s.is_reversal) AS reversals,
               coalesce(-pg_catalog.sum(s.amount_vnd) FILTER (WHERE s.is_reversal), 0)::bigint AS reversed_vnd,
               coalesce(pg_catalog.sum(s.amount_vnd), 0)::bigint AS net_vnd
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

-- The weekly job notices (0060) in the period by quarter (key: 2023-Q1;
-- 'all') and kind (item: recruitment, labour-export, training; 'all'):
-- notices and positions offered. District-wide notices (no ward) count
-- when the selection is every ward.
CREATE FUNCTION ansinh.report_notices(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH k (kind, no) AS (VALUES ('recruitment', 1), ('labour-export', 2), ('training', 3)
    ), n AS (
        SELECT j.kind, pg_catalog.to_char(j.notice_on, 'YYYY-"Q"Q') AS quarter, j.positions
          FROM ansinh.job_notice AS j
         WHERE j.notice_on BETWEEN report_notices.f AND report_notices.t
           AND (report_notices.wards IS NULL OR j.ward_code = ANY (report_notices.wards))
    ), agg AS (
        SELECT GROUPING(n.quarter) AS qtotal, GROUPING(k.kind) AS ktotal,
               coalesce(n.quarter, 'all') AS quarter, coalesce(k.kind, 'all') AS kind,
               pg_catalog.min(k.no) AS no,
               pg_catalog.count(n.kind) AS notices,
               coalesce(pg_catalog.sum(n.positions), 0)::bigint AS positions
          FROM k LEFT JOIN n ON n.kind = k.kind
         GROUP BY GROUPING SETS ((n.quarter, k.kind), (k.kind), ())
        HAVING GROUPING(n.quarter) = 1 OR n.quarter IS NOT NULL
    )
    SELECT 'notices', '', '', a.quarter, '', a.kind, m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'notices', a.notices), (2, 'positions', a.positions)) AS m (no, measure, value)
     ORDER BY a.qtotal, a.quarter, a.ktotal, a.no, m.no;
END;

-- The coordination agreements (0061) of the period's years: agreements,
-- the organizations that signed them, those the district signed, and the
-- pairings and programmes that name one. District agreements count when
-- the selection is every ward.
CREATE FUNCTION ansinh.report_agreements(f date, t date, wards text[]) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH a AS (
        SELECT c.id, c.ward_code, c.organization_id
          FROM ansinh.coordination_agreement AS c
         WHERE c.year BETWEEN extract(year FROM report_agreements.f) AND extract(year FROM report_agreements.t)
           AND (report_agreements.wards IS NULL OR c.ward_code = ANY (report_agreements.wards))
    ), v AS (
        SELECT pg_catalog.count(*) AS agreements,
               pg_catalog.count(DISTINCT a.organization_id) AS organizations,
               pg_catalog.count(*) FILTER (WHERE a.ward_code IS NULL) AS district_agreements,
               (SELECT pg_catalog.count(*) FROM ansinh.pairing AS p
                 WHERE p.agreement_id IN (SELECT a.id FROM a)) AS pairings,
               (SELECT pg_catalog.count(*) FROM ansinh.programme AS g
                 WHERE g.agreement_id IN (SELECT a.id FROM a)) AS programmes
          FROM a
    )
    SELECT 'agreements', '', '', '', '', '', m.measure, m.value
      FROM v
     CROSS JOIN LATERAL (VALUES (1, 'agreements', v.agreements), (2, 'organizations', v.organizations),
                                (3, 'district_agreements', v.district_agreements),
                                (4, 'pairings', v.pairings), (5, 'programmes', v.programmes)) AS m (no, measure, value)
     ORDER BY m.no;
END;

-- Whether a ward existed at some time in [f, t]: its unit's validity
-- overlaps the period (a ward code without a unit: always). The per-ward
-- rows of a 2023 report leave out today's wards (TH, AN), and the reverse.
CREATE FUNCTION ansinh.report_ward_existed(ward_code text, f date, t date) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN NOT EXISTS (SELECT FROM ansinh.admin_unit AS u
                        WHERE u.ward_code = report_ward_existed.ward_code
                          AND (u.valid_from > report_ward_existed.t OR u.valid_to < report_ward_existed.f));

-- The main figures per unit (as recorded, or rolled up to the units of
-- the as_of day), and in all (unit ''): needs registered (not withdrawn)
-- and fulfilled, net VND of support, programme sessions, beneficiaries,
-- pairings signed, employment events.
CREATE FUNCTION ansinh.report_units(f date, t date, wards text[], as_of date) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH w AS (
        SELECT x.code AS ward_code, ansinh.report_unit_of(x.code, report_units.as_of) AS unit
          FROM ansinh.ward AS x
         WHERE (report_units.wards IS NULL OR x.code = ANY (report_units.wards))
           AND ansinh.report_ward_existed(x.code, report_units.f, report_units.t)
    ), per_ward AS (
        SELECT w.ward_code, w.unit,
               (SELECT pg_catalog.count(*) FROM ansinh.need AS n
                 WHERE n.ward_code = w.ward_code AND n.surveyed_on BETWEEN report_units.f AND report_units.t
                   AND n.status <> 'withdrawn') AS needs_registered,
               (SELECT pg_catalog.count(*) FROM ansinh.need AS n
                 WHERE n.ward_code = w.ward_code AND n.surveyed_on BETWEEN report_units.f AND report_units.t
                   AND n.status = 'fulfilled') AS needs_fulfilled,
               (SELECT coalesce(pg_catalog.sum(s.amount_vnd), 0) FROM ansinh.support AS s
                 WHERE s.ward_code = w.ward_code AND s.given_on BETWEEN report_units.f AND report_units.t)
                   AS support_net_vnd,
               (SELECT pg_catalog.count(*) FROM ansinh.programme_session AS s
                 WHERE s.ward_code = w.ward_code AND s.held_on BETWEEN report_units.f AND report_units.t) AS sessions,
               (SELECT coalesce(pg_catalog.sum(s.beneficiaries), 0) FROM ansinh.programme_session AS s
                 WHERE s.ward_code = w.ward_code AND s.held_on BETWEEN report_units.f AND report_units.t)
                   AS beneficiaries,
               (SELECT pg_catalog.count(*) FROM ansinh.pairing AS p
                 WHERE p.ward_code = w.ward_code AND p.signed_on BETWEEN report_units.f AND report_units.t)
                   AS pairings_signed,
               (SELECT pg_catalog.count(*) FROM ansinh.employment_event AS e
                 WHERE e.ward_code = w.ward_code AND e.occurred_on BETWEEN report_units.f AND report_units.t)
                   AS employment_events
          FROM w
    ), agg AS (
        SELECT GROUPING(p.unit) AS total, coalesce(p.unit, '') AS unit,
               pg_catalog.string_agg(p.ward_code, ',' ORDER BY p.ward_code) AS wards,
               pg_catalog.sum(p.needs_registered)::bigint AS needs_registered,
               pg_catalog.sum(p.needs_fulfilled)::bigint AS needs_fulfilled,
               pg_catalog.sum(p.support_net_vnd)::bigint AS support_net_vnd,
               pg_catalog.sum(p.sessions)::bigint AS sessions,
               pg_catalog.sum(p.beneficiaries)::bigint AS beneficiaries,
               pg_catalog.sum(p.pairings_signed)::bigint AS pairings_signed,
               pg_catalog.sum(p.employment_events)::bigint AS employment_events
          FROM per_ward AS p
         GROUP BY GROUPING SETS ((p.unit), ())
    )
    SELECT 'units', a.unit, CASE WHEN a.total = 0 THEN ansinh.report_unit_name(a.unit) ELSE '' END,
           'all', a.wards, 'all', m.measure, m.value
      FROM agg AS a
     CROSS JOIN LATERAL (VALUES (1, 'needs_registered', a.needs_registered), (2, 'needs_fulfilled', a.needs_fulfilled),
                                (3, 'support_net_vnd', a.support_net_vnd), (4, 'sessions', a.sessions),
                                (5, 'beneficiaries', a.beneficiaries), (6, 'pairings_signed', a.pairings_signed),
                                (7, 'employment_events', a.employment_events)) AS m (no, measure, value)
     ORDER BY a.total, ansinh.report_unit_name(a.unit), a.unit, m.no;
END;

-- The year's targets beside the figures reached, per unit (ward targets,
-- summed per unit; the figure reached in the unit) and in all (unit '':
-- the district's target when the selection is every ward that existed in
-- the year, else the sum of the ward targets):
-- target, reached, percent (reached / target, rounded; only when the
-- target is above 0), met (1 or 0). key: the metric; key_name: for the
-- poverty metrics the standard counted (the city's when one applies, else
-- the central one). Reached: poor-exit, poor-exit-special,
-- poor-exit-central, near-poor-exit from ansinh.poverty_report;
-- livelihood-cases: livelihood-equipment needs surveyed in the year and
-- fulfilled; houses-built: house-new support given, not reversed;
-- job-placements, vocational-training, referrals: employment events of
-- those kinds; pairings: pairings committed for the year. Then section
-- 'expected': the expected-exit list's outcome per unit and in all
-- (listed, exited, remained, not_assessed).
CREATE FUNCTION ansinh.report_targets(year integer, wards text[], as_of date) RETURNS SETOF ansinh.report_figure
    LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH f (d_from, d_to) AS (
        SELECT pg_catalog.make_date(report_targets.year, 1, 1), pg_catalog.make_date(report_targets.year, 12, 31)
    ), w AS (
        SELECT x.code AS ward_code, ansinh.report_unit_of(x.code, report_targets.as_of) AS unit
          FROM ansinh.ward AS x, f
         WHERE (report_targets.wards IS NULL OR x.code = ANY (report_targets.wards))
           AND ansinh.report_ward_existed(x.code, f.d_from, f.d_to)
    ), pr AS (
        SELECT r.* FROM ansinh.poverty_report(report_targets.year) AS r WHERE r.ward_code IS NOT NULL
    ), std AS (
        SELECT r.standard_code FROM pr AS r
         ORDER BY r.standard_scope = 'city' DESC, r.standard_code LIMIT 1
    ), metric (metric, no) AS (
        VALUES ('poor-exit', 1), ('poor-exit-special', 2), ('poor-exit-central', 3), ('near-poor-exit', 4),
               ('livelihood-cases', 5), ('houses-built', 6), ('job-placements', 7), ('vocational-training', 8),
               ('referrals', 9), ('pairings', 10)
    ), reached AS (
        SELECT w.ward_code, w.unit, m.metric, m.no,
               coalesce(CASE m.metric
                   WHEN 'poor-exit' THEN (SELECT r.poor_exits FROM pr AS r, std
                                           WHERE r.ward_code = w.ward_code AND r.standard_code = std.standard_code)
                   WHEN 'poor-exit-special' THEN (SELECT r.poor_exits_special_difficulty FROM pr AS r, std
                                           WHERE r.ward_code = w.ward_code AND r.standard_code = std.standard_code)
                   WHEN 'poor-exit-central' THEN (SELECT r.poor_exits_central_poor FROM pr AS r, std
                                           WHERE r.ward_code = w.ward_code AND r.standard_code = std.standard_code)
                   WHEN 'near-poor-exit' THEN (SELECT r.near_poor_exits FROM pr AS r, std
                                           WHERE r.ward_code = w.ward_code AND r.standard_code = std.standard_code)
                   WHEN 'livelihood-cases' THEN (SELECT pg_catalog.count(*) FROM ansinh.need AS n, f
                                                  WHERE n.ward_code = w.ward_code AND n.kind = 'livelihood-equipment'
                                                    AND n.status = 'fulfilled'
                                                    AND n.surveyed_on BETWEEN f.d_from AND f.d_to)
                   WHEN 'houses-built' THEN (SELECT pg_catalog.count(*) FROM ansinh.support_v AS s, f
                                              WHERE s.ward_code = w.ward_code AND s.kind = 'house-new'
                                                AND NOT s.is_reversal AND NOT s.is_reversed
                                                AND s.given_on BETWEEN f.d_from AND f.d_to)
                   WHEN 'pairings' THEN (SELECT pg_catalog.count(*) FROM ansinh.pairing AS p
                                          WHERE p.ward_code = w.ward_code AND p.year = report_targets.year)
                   ELSE (SELECT pg_catalog.count(*) FROM ansinh.employment_event AS e, f
                          WHERE e.ward_code = w.ward_code
                            AND e.kind = CASE m.metric WHEN 'job-placements' THEN 'job-placement'
                                                       WHEN 'vocational-training' THEN 'vocational-training'
                                                       ELSE 'employment-centre-referral' END
                            AND e.occurred_on BETWEEN f.d_from AND f.d_to)
               END, 0)::bigint AS reached,
               (SELECT t.value FROM ansinh.target AS t
                 WHERE t.year = report_targets.year AND t.ward_code = w.ward_code AND t.metric = m.metric) AS target
          FROM w CROSS JOIN metric AS m
    ), set_metrics AS (
        SELECT DISTINCT t.metric FROM ansinh.target AS t
         WHERE t.year = report_targets.year
           AND (t.ward_code IS NULL OR t.ward_code IN (SELECT w.ward_code FROM w))
    ), agg AS (
        SELECT GROUPING(r.unit) AS total, coalesce(r.unit, '') AS unit, r.metric, r.no,
               pg_catalog.sum(r.reached)::bigint AS reached,
               CASE WHEN GROUPING(r.unit) = 1
                    THEN coalesce((SELECT t.value FROM ansinh.target AS t
                                    WHERE t.year = report_targets.year AND t.ward_code IS NULL
                                      AND t.metric = r.metric
                                      AND (report_targets.wards IS NULL
                                           OR NOT EXISTS (SELECT FROM ansinh.ward AS x
                                                                           WHERE x.code <> ALL (report_targets.wards)
                                                             AND ansinh.report_ward_existed(x.code,
                                                                     pg_catalog.make_date(report_targets.year, 1, 1),
                                                                     pg_catalog.make_date(report_targets.year, 12, 31))))),
                                  pg_catalog.sum(r.target))
                    ELSE pg_catalog.sum(r.target) END::bigint AS target
          FROM reached AS r
         WHERE r.metric IN (SELECT s.metric FROM set_metrics AS s)
         GROUP BY GROUPING SETS ((r.unit, r.metric, r.no), (r.metric, r.no))
    ), targets AS (
        SELECT 'targets'::text AS section, a.total, a.unit, a.metric AS key,
               CASE WHEN a.no <= 4 THEN coalesce((SELECT std.standard_code FROM std), '') ELSE '' END AS key_name,
               m.no, m.measure, m.value
          FROM agg AS a
         CROSS JOIN LATERAL (VALUES (1, 'target', a.target), (2, 'reached', a.reached),
                                    (3, 'percent', CASE WHEN a.target > 0
                                                        THEN pg_catalog.round(100.0 * a.reached / a.target)::bigint END),
                                    (4, 'met', CASE WHEN a.target IS NOT NULL
                                                    THEN (a.reached >= a.target)::integer::bigint END))
                         AS m (no, measure, value)
         WHERE m.value IS NOT NULL
    ), expected AS (
        SELECT GROUPING(w.unit) AS total, coalesce(w.unit, '') AS unit,
               pg_catalog.sum(r.expected_exits)::bigint AS listed,
               coalesce(pg_catalog.sum(r.expected_exited), 0)::bigint AS exited,
               coalesce(pg_catalog.sum(r.expected_remained), 0)::bigint AS remained,
               coalesce(pg_catalog.sum(r.expected_not_assessed), 0)::bigint AS not_assessed
          FROM w
          JOIN pr AS r ON r.ward_code = w.ward_code
          JOIN std ON std.standard_code = r.standard_code
         GROUP BY GROUPING SETS ((w.unit), ())
    )
    SELECT * FROM (
        SELECT t.section, t.unit, CASE WHEN t.total = 0 THEN ansinh.report_unit_name(t.unit) ELSE '' END,
               t.key, t.key_name, 'all', t.measure, t.value
          FROM targets AS t, metric AS m
         WHERE m.metric = t.key
         ORDER BY m.no, t.total DESC, ansinh.report_unit_name(t.unit), t.no
    ) AS a
    UNION ALL
    SELECT * FROM (
        SELECT 'expected', e.unit, CASE WHEN e.total = 0 THEN ansinh.report_unit_name(e.unit) ELSE '' END,
               'all', coalesce((SELECT std.standard_code FROM std), ''), 'all', m.measure, m.value
          FROM expected AS e
         CROSS JOIN LATERAL (VALUES (1, 'listed', e.listed), (2, 'exited', e.exited), (3, 'remained', e.remained),
                                    (4, 'not_assessed', e.not_assessed)) AS m (no, measure, value)
         ORDER BY e.total DESC, ansinh.report_unit_name(e.unit), m.no
    ) AS b;
END;

-- ------------------------------------------------------------------ the report
-- One report (summary, funds, needs, programs, employment, units, targets)
-- for a period and a selection (see the top of this file). Bad arguments
-- raise SQLSTATE 22023 naming the argument; an unknown unit raises P0002.
CREATE FUNCTION ansinh.report(report text, year integer, quarter integer DEFAULT NULL,
                              from_date date DEFAULT NULL, to_date date DEFAULT NULL,
                              unit text DEFAULT NULL, as_of date DEFAULT NULL)
RETURNS SETOF ansinh.report_figure
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    f date;
    t date;
    whole boolean;
    wards text[];
BEGIN
    IF report IS NULL OR report NOT IN ('summary', 'funds', 'needs', 'programs', 'employment', 'units', 'targets') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('report ''%s'' is not valid: use summary, funds, needs, programs, employment, units or targets',
                             coalesce(report, ''));
    END IF;
    IF year IS NULL OR year NOT BETWEEN 2000 AND 2100 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'year must be between 2000 and 2100';
    END IF;
    IF quarter IS NOT NULL AND quarter NOT BETWEEN 1 AND 4 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'quarter must be 1, 2, 3 or 4';
    END IF;
    IF quarter IS NOT NULL AND (from_date IS NOT NULL OR to_date IS NOT NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'quarter cannot be given with from/to';
    END IF;
    IF report = 'targets' AND (quarter IS NOT NULL OR from_date IS NOT NULL OR to_date IS NOT NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the targets report is of a whole year: no quarter or from/to';
    END IF;
    IF quarter IS NOT NULL THEN
        f := make_date(year, 3 * quarter - 2, 1);
        t := (f + interval '3 months' - interval '1 day')::date;
    ELSE
        f := coalesce(from_date, make_date(year, 1, 1));
        t := coalesce(to_date, make_date(year, 12, 31));
    END IF;
    IF f > t THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('from (%s) must not be after to (%s)', f, t);
    END IF;
    whole := f = make_date(extract(year FROM f)::integer, 1, 1) AND t = make_date(extract(year FROM t)::integer, 12, 31);
    IF nullif(unit, '') IS NOT NULL THEN
        wards := ansinh.report_unit_wards(unit, coalesce(as_of, ansinh.today()));
        IF wards IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('unit ''%s'' does not exist', unit);
        END IF;
    END IF;

    IF report = 'summary' THEN
        RETURN QUERY SELECT * FROM ansinh.report_livelihood(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_aid(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_houses(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_pairings(f, t, whole, wards);
        RETURN QUERY SELECT * FROM ansinh.report_programmes(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_employment(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_notices(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_agreements(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_needs(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_support(f, t, wards, false);
    ELSIF report = 'funds' THEN
        RETURN QUERY SELECT * FROM ansinh.report_support(f, t, wards, true);
    ELSIF report = 'needs' THEN
        RETURN QUERY SELECT * FROM ansinh.report_needs(f, t, wards);
    ELSIF report = 'programs' THEN
        RETURN QUERY SELECT * FROM ansinh.report_programmes(f, t, wards);
    ELSIF report = 'employment' THEN
        RETURN QUERY SELECT * FROM ansinh.report_employment(f, t, wards);
        RETURN QUERY SELECT * FROM ansinh.report_notices(f, t, wards);
    ELSIF report = 'units' THEN
        RETURN QUERY SELECT * FROM ansinh.report_units(f, t, wards, as_of);
    ELSE
        RETURN QUERY SELECT * FROM ansinh.report_targets(year, wards, as_of);
    END IF;
END
$$;

COMMENT ON FUNCTION ansinh.report(text, integer, integer, date, date, text, date) IS
    'A report of the office (summary, funds, needs, programs, employment, units, targets) for a year, a quarter or from..to, of a unit (its wards on as_of, default today) or all; per-unit figures rolled up to the units of as_of: one row per figure (section, unit, key, item, measure, value). E.g. SELECT * FROM ansinh.report(''summary'', 2023)';

-- ------------------------------------------------------------------ the daemon's call
-- As ansinh.report, under the request's context: a ward token reports on
-- the wards it holds (0022: its own and every ward merged into its unit).
-- Without a unit it gets its own unit's figures; a unit it names must hold
-- none but those wards on the day (as_of, default today).
CREATE FUNCTION ansinh_api.report(report text, year integer, quarter integer, from_date date, to_date date,
                                  unit text, as_of date)
RETURNS TABLE (section text, unit_code text, unit_name text, key text, key_name text, item text,
               measure text, value bigint)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    own text;
BEGIN
    IF ansinh.context_role() = 'ward' THEN
        own := ansinh.context_ward();
        IF nullif(report.unit, '') IS NULL THEN
            report.unit := coalesce((SELECT u.code FROM ansinh.admin_unit AS u WHERE u.ward_code = own), own);
        ELSIF NOT (ansinh.report_unit_wards(report.unit, coalesce(report.as_of, ansinh.today()))
                   <@ ansinh.context_read_wards()) THEN
            RAISE EXCEPTION USING ERRCODE = 'AS403',
                MESSAGE = format('a token of ward %s reports on the wards it holds (%s), not on unit %s',
                                 own, pg_catalog.array_to_string(ansinh.context_read_wards(), ', '),
                                 report.unit);
        END IF;
    END IF;
    RETURN QUERY SELECT * FROM ansinh.report(report.report, report.year, report.quarter, report.from_date,
                                             report.to_date, report.unit, report.as_of);
END
$$;

COMMENT ON FUNCTION ansinh_api.report(text, integer, integer, date, date, text, date) IS
    'ansinh.report for the daemon: a ward token reports on its own unit, or a unit holding only wards it holds';

-- ------------------------------------------------------------------ privileges
REVOKE ALL ON FUNCTION
    ansinh.report_unit_wards(text, date), ansinh.report_unit_of(text, date), ansinh.report_unit_name(text),
    ansinh.report_ward_existed(text, date, date), ansinh.report_notices(date, date, text[]),
    ansinh.report_agreements(date, date, text[]),
    ansinh.report_livelihood(date, date, text[]), ansinh.report_aid(date, date, text[]),
    ansinh.report_houses(date, date, text[]), ansinh.report_pairings(date, date, boolean, text[]),
    ansinh.report_programmes(date, date, text[]), ansinh.report_employment(date, date, text[]),
    ansinh.report_needs(date, date, text[]), ansinh.report_support(date, date, text[], boolean),
    ansinh.report_units(date, date, text[], date), ansinh.report_targets(integer, text[], date),
    ansinh.report(text, integer, integer, date, date, text, date)
  FROM PUBLIC;
-- Analysts and the daemon (moved to ansinh_api_owner by secure_api) alike.
GRANT EXECUTE ON FUNCTION
    ansinh.report_unit_wards(text, date), ansinh.report_unit_of(text, date), ansinh.report_unit_name(text),
    ansinh.report_ward_existed(text, date, date), ansinh.report_notices(date, date, text[]),
    ansinh.report_agreements(date, date, text[]),
    ansinh.report_livelihood(date, date, text[]), ansinh.report_aid(date, date, text[]),
    ansinh.report_houses(date, date, text[]), ansinh.report_pairings(date, date, boolean, text[]),
    ansinh.report_programmes(date, date, text[]), ansinh.report_employment(date, date, text[]),
    ansinh.report_needs(date, date, text[]), ansinh.report_support(date, date, text[], boolean),
    ansinh.report_units(date, date, text[], date), ansinh.report_targets(integer, text[], date),
    ansinh.report(text, integer, integer, date, date, text, date)
  TO ansinh_daemon, ansinh_analyst;
-- What the reports read (the API already holds most of it).
GRANT SELECT ON ansinh.need_v, ansinh.support_v, ansinh.programme_session_v, ansinh.pairing_v,
                ansinh.employment_event_v, ansinh.need, ansinh.support, ansinh.household, ansinh.person,
                ansinh.programme_session, ansinh.programme_session_household, ansinh.pairing,
                ansinh.employment_event, ansinh.target, ansinh.ward, ansinh.admin_unit, ansinh.admin_unit_link,
                ansinh.job_notice, ansinh.coordination_agreement, ansinh.programme
  TO ansinh_daemon;

CALL ansinh.secure_api();
