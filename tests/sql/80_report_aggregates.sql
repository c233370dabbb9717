-- 80_report_aggregates.sql — the report aggregates (0110) stay equal to
-- the base-table computation (0066's, kept as ansinh.report_*_base):
-- random households, members, needs and their steps, support entries and
-- reversals through the API (one statement per write), then bulk writes in
-- one statement each (support entries and reversals, household status,
-- policy and difficulty, members' disability, needs withdrawn); after each
-- round every replaced section (livelihood, aid, houses, needs, support,
-- funds) is compared figure by figure and in order with its base
-- computation over whole years, quarters, from..to periods and ward
-- selections; the incremental aggregates equal a full rebuild; a ward
-- token and an analyst read the same through row-level security; a
-- changed aggregate is caught; folding the delta rows changes no sum.
-- setseed makes a failure reproducible.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(26);

SELECT setseed(0.8080);
CREATE TEMP TABLE rq (n serial, code integer, message text);
GRANT ALL ON rq, rq_n_seq TO PUBLIC;
CREATE FUNCTION pg_temp.u(n integer) RETURNS uuid LANGUAGE sql
    RETURN ('80800000-0000-7000-8000-' || lpad(n::text, 12, '0'))::uuid;
CREATE FUNCTION pg_temp.w(n integer) RETURNS text LANGUAGE sql
    RETURN (ARRAY['AK', 'HK', 'TT'])[1 + n % 3];

-- The periods and ward selections compared.
CREATE TEMP TABLE period (f date, t date);
INSERT INTO period VALUES
    ('2023-01-01', '2023-12-31'), ('2023-01-01', '2023-03-31'), ('2023-04-01', '2023-06-30'),
    ('2023-07-01', '2023-09-30'), ('2023-10-01', '2023-12-31'), ('2024-01-01', '2024-12-31'),
    ('2024-04-01', '2024-06-30'), ('2023-03-15', '2023-11-02'), ('2023-06-01', '2024-05-31'),
    ('2023-05-05', '2023-05-05');
CREATE TEMP TABLE wardset (wards text[]);
INSERT INTO wardset VALUES (NULL), ('{AK}'), ('{AK,HK}'), ('{TT}'), ('{KD}');
GRANT SELECT ON period, wardset TO PUBLIC;

-- diff(section): the figures (with their position) of the aggregate
-- computation and of the base one that differ, over every period and
-- ward selection.
CREATE FUNCTION pg_temp.diff(section text) RETURNS TABLE (f date, t date, wards text[], side text, n bigint,
                                                         fig ansinh.report_figure)
    LANGUAGE plpgsql AS $$
DECLARE
    agg text;
    base text;
BEGIN
    agg := CASE section WHEN 'funds' THEN 'ansinh.report_support(p.f, p.t, w.wards, true)'
                        WHEN 'support' THEN 'ansinh.report_support(p.f, p.t, w.wards, false)'
                        ELSE format('ansinh.report_%s(p.f, p.t, w.wards)', section) END;
    base := replace(agg, 'report_' || CASE WHEN section = 'funds' THEN 'support' ELSE section END || '(',
                    'report_' || CASE WHEN section = 'funds' THEN 'support' ELSE section END || '_base(');
    RETURN QUERY EXECUTE format($q$
        WITH a AS (SELECT p.f, p.t, w.wards, x.n, ROW(x.section, x.unit_code, x.unit_name, x.key, x.key_name,
                                                      x.item, x.measure, x.value)::ansinh.report_figure AS fig
                     FROM period AS p, wardset AS w, %s WITH ORDINALITY AS x (section, unit_code, unit_name, key,
                                                                                key_name, item, measure, value, n)),
             b AS (SELECT p.f, p.t, w.wards, x.n, ROW(x.section, x.unit_code, x.unit_name, x.key, x.key_name,
                                                      x.item, x.measure, x.value)::ansinh.report_figure AS fig
                     FROM period AS p, wardset AS w, %s WITH ORDINALITY AS x (section, unit_code, unit_name, key,
                                                                                key_name, item, measure, value, n))
        (SELECT a.f, a.t, a.wards, 'aggregates', a.n, a.fig FROM a
         EXCEPT ALL SELECT b.f, b.t, b.wards, 'aggregates', b.n, b.fig FROM b)
        UNION ALL
        (SELECT b.f, b.t, b.wards, 'base', b.n, b.fig FROM b
         EXCEPT ALL SELECT a.f, a.t, a.wards, 'base', a.n, a.fig FROM a) $q$, agg, base);
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.diff(text) TO PUBLIC;

-- figures(): how many non-zero figures the sections give (the data is not empty)
CREATE FUNCTION pg_temp.figures(section text) RETURNS bigint LANGUAGE sql
    RETURN (SELECT count(*) FROM pg_temp.diff(section) WHERE false)
         + (SELECT count(*) FROM ansinh.report('summary', 2023) AS r
             WHERE r.section = figures.section AND r.value <> 0);

-- The aggregate tables as they are, to compare with a rebuild.
CREATE FUNCTION pg_temp.agg_rows() RETURNS TABLE (tbl text, r text) LANGUAGE sql AS $$
    -- support_day, need_day and aid_sum hold delta rows: summed per key
    SELECT 'support_day', ROW(x.ward_code, x.given_on, x.kind, x.fund_code, x.is_reversal, sum(x.entries),
                              sum(x.vnd))::text
      FROM ansinh_agg.support_day AS x GROUP BY x.ward_code, x.given_on, x.kind, x.fund_code, x.is_reversal
    UNION ALL SELECT 'house_day', x::text FROM ansinh_agg.house_day AS x
    UNION ALL
    SELECT 'need_day', ROW(x.ward_code, x.surveyed_on, x.kind, x.status, sum(x.needs), sum(x.estimated_vnd))::text
      FROM ansinh_agg.need_day AS x GROUP BY x.ward_code, x.surveyed_on, x.kind, x.status
    HAVING sum(x.needs) <> 0 OR sum(x.estimated_vnd) <> 0
    UNION ALL SELECT 'livelihood_day', x::text FROM ansinh_agg.livelihood_day AS x
    UNION ALL SELECT 'aid_part', x::text FROM ansinh_agg.aid_part AS x
    UNION ALL
    SELECT 'aid_sum', ROW(x.ward_code, x.year, x.quarter, x.grp, x.fund, sum(x.entries), sum(x.counted), sum(x.vnd),
                          sum(x.recipients))::text
      FROM ansinh_agg.aid_sum AS x GROUP BY x.ward_code, x.year, x.quarter, x.grp, x.fund
    HAVING (sum(x.entries), sum(x.counted), sum(x.vnd), sum(x.recipients)) <> (0, 0, 0, 0)
$$;

-- ---------------------------------------------------------------- round 1: through the API
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'district', NULL, NULL);

-- 36 households over AK, HK, TT; a member each (some disabled).
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM generate_series(1, 36) AS h (n)
 CROSS JOIN LATERAL ansinh_api.household_create(gen_random_uuid(), pg_temp.u(h.n), pg_temp.w(h.n), 'AG-' || h.n,
                                                'Hộ AG ' || h.n, 1, NULL, NULL, random() < 0.3, random() < 0.3,
                                                (ARRAY['poor', 'near-poor', 'none'])[1 + floor(random() * 3)::integer],
                                                '2022-01-10') AS o;
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM generate_series(1, 36) AS h (n)
 CROSS JOIN LATERAL ansinh_api.member_create(gen_random_uuid(), pg_temp.u(100 + h.n), pg_temp.w(h.n), pg_temp.u(h.n),
                                             NULL, 'Người AG ' || h.n, '1970-01-01', 'male', NULL, 'spouse',
                                             (ARRAY['none', 'none', 'mild', 'severe'])[1 + floor(random() * 4)::integer],
                                             false, NULL) AS o;
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.organization_create(gen_random_uuid(), pg_temp.u(90), 'Nhà tài trợ AG', 'business', NULL);
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.organization_create(gen_random_uuid(), pg_temp.u(91), 'Nhà tài trợ AG 2', 'business', NULL);

-- 30 needs (half livelihood equipment), surveyed over 2023 and early 2024;
-- the even ones verified and approved, every fifth withdrawn.
CREATE TEMP TABLE nd AS
SELECT n, 1 + n % 36 AS h,
       (ARRAY['livelihood-equipment', 'livelihood-equipment', 'assistive-device', 'house-new', 'other'])
           [1 + floor(random() * 5)::integer] AS kind,
       CASE WHEN random() < 0.8 THEN (1000000 * (1 + floor(random() * 20)))::bigint END AS est,
       date '2023-01-01' + floor(random() * 480)::integer AS d,
       random() < 0.4 AS personal
  FROM generate_series(201, 230) AS n;
GRANT SELECT ON nd TO PUBLIC;
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM nd
 CROSS JOIN LATERAL ansinh_api.need_create(gen_random_uuid(), pg_temp.u(nd.n), pg_temp.w(nd.h), pg_temp.u(nd.h), NULL,
                                           CASE WHEN nd.personal THEN pg_temp.u(100 + nd.h) END, nd.kind, 'Cần AG',
                                           nd.est, nd.d, NULL, NULL) AS o;
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM nd
 CROSS JOIN LATERAL (VALUES (1, 'verify', 2), (2, 'approve', 4)) AS s (no, action, days)
 CROSS JOIN LATERAL ansinh_api.need_transition(gen_random_uuid(), pg_temp.u(nd.n), pg_temp.w(nd.h), s.action,
                                               nd.d + s.days, NULL) AS o
 WHERE nd.n % 2 = 0
 ORDER BY nd.n, s.no;
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM nd
 CROSS JOIN LATERAL ansinh_api.need_transition(gen_random_uuid(), pg_temp.u(nd.n), pg_temp.w(nd.h), 'withdraw',
                                               nd.d + 6, NULL) AS o
 WHERE nd.n % 5 = 1;

-- 150 support entries: aid kinds, houses, cash; a fund or a sponsor or
-- both; some to the member; 2023 and 2024. Then one naming each approved
-- need (fulfilling it).
CREATE TEMP TABLE sp AS
SELECT n, 1 + floor(random() * 36)::integer AS h,
       (ARRAY['livelihood-equipment', 'assistive-device', 'orthopaedic-aid', 'house-new', 'house-repair', 'cash',
              'goods'])[1 + floor(random() * 7)::integer] AS kind,
       (100000 * (1 + floor(random() * 500)))::bigint AS amount,
       date '2023-01-01' + floor(random() * 600)::integer AS d,
       (ARRAY['poor-fund', 'social-assurance', 'gratitude', NULL])[1 + floor(random() * 4)::integer] AS fund,
       random() < 0.3 AS personal, random() < 0.5 AS org2
  FROM generate_series(301, 450) AS n;
GRANT SELECT ON sp TO PUBLIC;
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM sp
 CROSS JOIN LATERAL ansinh_api.support_create(gen_random_uuid(), pg_temp.u(sp.n), pg_temp.w(sp.h), pg_temp.u(sp.h),
                                              NULL, CASE WHEN sp.personal THEN pg_temp.u(100 + sp.h) END, sp.kind,
                                              'Hỗ trợ AG', sp.amount, sp.d, sp.fund,
                                              CASE WHEN sp.fund IS NULL OR random() < 0.3
                                                   THEN pg_temp.u(CASE WHEN sp.org2 THEN 91 ELSE 90 END) END,
                                              NULL, NULL) AS o;
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM nd
 CROSS JOIN LATERAL ansinh_api.support_create(gen_random_uuid(), pg_temp.u(500 + nd.n), pg_temp.w(nd.h),
                                              pg_temp.u(nd.h), NULL,
                                              CASE WHEN nd.personal THEN pg_temp.u(100 + nd.h) END,
                                              nd.kind, 'Theo nhu cầu', coalesce(nd.est, 3000000), nd.d + 10,
                                              (ARRAY['poor-fund', 'gratitude'])[1 + nd.n % 2], NULL, NULL,
                                              pg_temp.u(nd.n)) AS o
 WHERE nd.n % 2 = 0 AND nd.n % 5 <> 1;
-- A quarter of the entries reversed, a few days to months later (some in
-- another quarter or year); a fulfilled need is approved again.
INSERT INTO rq (code, message)
SELECT o.code, o.message
  FROM (SELECT s.ward_code, s.id, s.given_on FROM ansinh.support AS s
         WHERE s.household_id IN (SELECT pg_temp.u(n) FROM generate_series(1, 36) AS n)
           AND random() < 0.25 ORDER BY s.id) AS x
 CROSS JOIN LATERAL ansinh_api.support_reverse(gen_random_uuid(), gen_random_uuid(), x.ward_code, x.id, 'nhập nhầm',
                                               x.given_on + floor(random() * 120)::integer) AS o;

SELECT is((SELECT string_agg(n || ': ' || message, '; ') FROM rq WHERE code <> 0), NULL,
          'round 1: every write through the API succeeded');
SELECT cmp_ok((SELECT count(*) FROM ansinh.support WHERE reverses_id IS NOT NULL
                AND household_id IN (SELECT pg_temp.u(n) FROM generate_series(1, 36) AS n)), '>=', 20::bigint,
              'round 1: the entries include reversals');

SELECT is_empty($$ SELECT * FROM pg_temp.diff('livelihood') $$, 'round 1: livelihood = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('aid') $$, 'round 1: aid = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('houses') $$, 'round 1: houses = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('needs') $$, 'round 1: needs = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('support') $$, 'round 1: support = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('funds') $$, 'round 1: funds = base');

-- ---------------------------------------------------------------- round 2: bulk statements
RESET ROLE;
SELECT ansinh_test.context('district', NULL, 'district', NULL, NULL);
-- 40 entries and 15 reversals (of entries not yet reversed), each group
-- in one INSERT.
INSERT INTO ansinh.support (ward_code, id, household_id, person_id, kind, description, amount_vnd, given_on, fund_code,
                            organization_id, recorded_by)
SELECT pg_temp.w(sp.h), pg_temp.u(1000 + sp.n), pg_temp.u(sp.h), CASE WHEN sp.personal THEN pg_temp.u(100 + sp.h) END,
       sp.kind, 'Hỗ trợ AG loạt', sp.amount + 7, sp.d + 3, sp.fund, CASE WHEN sp.fund IS NULL THEN pg_temp.u(91) END,
       'test'
  FROM sp WHERE sp.n < 341;
INSERT INTO ansinh.support (ward_code, id, household_id, person_id, kind, description, amount_vnd, given_on, fund_code,
                            organization_id, reverses_id, reason, recorded_by)
SELECT o.ward_code, gen_random_uuid(), o.household_id, o.person_id, o.kind, o.description, -o.amount_vnd,
       o.given_on + (o.amount_vnd % 200)::integer, o.fund_code, o.organization_id, o.id, 'loạt', 'test'
  FROM ansinh.support AS o
 WHERE o.household_id IN (SELECT pg_temp.u(n) FROM generate_series(1, 36) AS n)
   AND o.reverses_id IS NULL AND o.need_id IS NULL
   AND NOT EXISTS (SELECT FROM ansinh.support AS r WHERE r.ward_code = o.ward_code AND r.reverses_id = o.id)
 ORDER BY o.id LIMIT 15;
-- Households change status, policy and difficulty; members their disability.
UPDATE ansinh.household SET status = (ARRAY['poor', 'near-poor', 'none'])[1 + floor(random() * 3)::integer],
                            policy = random() < 0.4, special_difficulty = random() < 0.4
 WHERE code LIKE 'AG-%' AND random() < 0.6;
UPDATE ansinh.person SET disability = (ARRAY['none', 'mild', 'especially-severe'])[1 + floor(random() * 3)::integer]
 WHERE full_name LIKE 'Người AG %' AND random() < 0.6;
-- Needs still registered are withdrawn in one statement.
UPDATE ansinh.need SET status = 'withdrawn', status_on = surveyed_on + 30
 WHERE id IN (SELECT pg_temp.u(n) FROM generate_series(201, 230) AS n) AND status = 'registered' AND random() < 0.7;
SELECT is_empty($$ SELECT * FROM pg_temp.diff('livelihood') $$, 'round 2: livelihood = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('aid') $$, 'round 2: aid = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('houses') $$, 'round 2: houses = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('needs') $$, 'round 2: needs = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('support') $$, 'round 2: support = base');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('funds') $$, 'round 2: funds = base');

SELECT is((SELECT string_agg(s, ', ') FROM unnest(ARRAY['livelihood', 'aid', 'houses', 'needs', 'support']) AS s
            WHERE pg_temp.figures(s) < 4), NULL,
          'every section compared has at least 4 figures other than 0 in 2023');

-- The whole summary through ansinh.report, with a unit and as_of: the
-- sections 0110 replaced equal the base ones over the unit's wards.
SELECT is_empty(
    $$ SELECT * FROM ansinh.report('summary', 2023, quarter => 2, unit => 'TK', as_of => '2023-06-30') AS r
        WHERE r.section IN ('livelihood', 'aid', 'houses', 'needs', 'support')
       EXCEPT ALL
       (SELECT * FROM ansinh.report_livelihood_base('2023-04-01', '2023-06-30', ansinh.report_unit_wards('TK', '2023-06-30'))
        UNION ALL SELECT * FROM ansinh.report_aid_base('2023-04-01', '2023-06-30', ansinh.report_unit_wards('TK', '2023-06-30'))
        UNION ALL SELECT * FROM ansinh.report_houses_base('2023-04-01', '2023-06-30', ansinh.report_unit_wards('TK', '2023-06-30'))
        UNION ALL SELECT * FROM ansinh.report_needs_base('2023-04-01', '2023-06-30', ansinh.report_unit_wards('TK', '2023-06-30'))
        UNION ALL SELECT * FROM ansinh.report_support_base('2023-04-01', '2023-06-30', ansinh.report_unit_wards('TK', '2023-06-30'), false)) $$,
    'report summary --quarter 2 --unit TK --as-of 2023-06-30: the same figures as the base tables');

-- Folding the delta rows changes no sum; the incremental aggregates are
-- what a rebuild from the base tables gives.
CREATE TEMP TABLE before_rebuild AS SELECT * FROM pg_temp.agg_rows();
CREATE TEMP TABLE delta_rows AS
SELECT count(*) AS n FROM (SELECT FROM ansinh_agg.need_day AS x
                            GROUP BY x.ward_code, x.surveyed_on, x.kind, x.status HAVING count(*) > 1) AS k;
SELECT ansinh.report_aggregates_compact(ARRAY['AK', 'HK', 'TT'], true);
SELECT ok((SELECT n FROM delta_rows) > 0
          AND NOT EXISTS (SELECT FROM ansinh_agg.need_day AS x
                           GROUP BY x.ward_code, x.surveyed_on, x.kind, x.status HAVING count(*) > 1),
          'compaction folds the delta rows into one per key');
SELECT is_empty(
    $$ (SELECT * FROM before_rebuild EXCEPT ALL SELECT * FROM pg_temp.agg_rows())
       UNION ALL (SELECT * FROM pg_temp.agg_rows() EXCEPT ALL SELECT * FROM before_rebuild) $$,
    'and changes no sum');
SELECT ansinh.report_aggregates_rebuild();
SELECT is_empty(
    $$ (SELECT * FROM before_rebuild EXCEPT ALL SELECT * FROM pg_temp.agg_rows())
       UNION ALL (SELECT * FROM pg_temp.agg_rows() EXCEPT ALL SELECT * FROM before_rebuild) $$,
    'the aggregates kept write by write equal a rebuild from the base tables');

-- ---------------------------------------------------------------- readers
-- A ward token (AK) reads its own ward's aggregates only: through the
-- daemon's call the same figures as the base tables read under the same
-- policies.
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('ward', 'AK', 'cán bộ AK', NULL, NULL);
SELECT is_empty(
    $$ SELECT * FROM ansinh_api.report('summary', 2023, NULL, NULL, NULL, NULL, NULL) AS r
        WHERE r.section IN ('livelihood', 'aid', 'houses', 'needs', 'support')
       EXCEPT ALL
       (SELECT * FROM ansinh.report_livelihood_base('2023-01-01', '2023-12-31', '{AK}')
        UNION ALL SELECT * FROM ansinh.report_aid_base('2023-01-01', '2023-12-31', '{AK}')
        UNION ALL SELECT * FROM ansinh.report_houses_base('2023-01-01', '2023-12-31', '{AK}')
        UNION ALL SELECT * FROM ansinh.report_needs_base('2023-01-01', '2023-12-31', '{AK}')
        UNION ALL SELECT * FROM ansinh.report_support_base('2023-01-01', '2023-12-31', '{AK}', false)) $$,
    'a ward token''s report summary: the same figures as the base tables of its ward');
SELECT is((SELECT count(DISTINCT ward_code) FROM ansinh_agg.support_day), 1::bigint,
          'a ward token sees the aggregates of its own ward only');
SELECT is_empty($$ SELECT * FROM pg_temp.diff('support') WHERE wards IS NULL $$,
                'a ward token: every ward''s figures (NULL) from the aggregates = from the base tables it may read');
RESET ROLE;

SET LOCAL ROLE analyst;
SELECT is_empty($$ SELECT * FROM pg_temp.diff('aid') $$, 'an analyst reads the same aid figures from both');
SELECT throws_ok($$ UPDATE ansinh_agg.support_day SET vnd = 0 $$, '42501', NULL,
                 'an analyst cannot change an aggregate');
RESET ROLE;
SET LOCAL ROLE ansinh_api_owner;
SELECT throws_ok($$ INSERT INTO ansinh_agg.aid_sum VALUES ('AK', 2023, 0, 1, '', 1, 1, 1, 1) $$, '42501', NULL,
                 'nor can the API''s owner: only the triggers write them');
RESET ROLE;

-- The comparison catches a wrong aggregate.
UPDATE ansinh_agg.support_day SET vnd = vnd + 1
 WHERE (ward_code, given_on, kind, fund_code, is_reversal)
       = (SELECT ward_code, given_on, kind, fund_code, is_reversal FROM ansinh_agg.support_day
           WHERE given_on BETWEEN '2023-01-01' AND '2023-03-31' ORDER BY 1, 2, 3, 4, 5 LIMIT 1);
SELECT isnt_empty($$ SELECT * FROM pg_temp.diff('support') $$, 'a changed aggregate shows as a difference');

SELECT * FROM finish();
ROLLBACK;
