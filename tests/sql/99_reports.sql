-- 99_reports.sql — the office's reports (0066): ansinh.report over a small
-- hand-built district-year (wards AK and HK, three households, needs,
-- supports from three funds and a sponsor, one reversed, a programme, two
-- pairings, employment events, targets), each figure counted by hand in
-- the comments; the period and unit filters, roll-up to the units of a
-- day, the ward token's scope, bad arguments, and the analyst's access.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(39);

SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_test.context('district', NULL, 'district', NULL, NULL);

CREATE TEMP TABLE rq (n serial, code integer, message text);
CREATE FUNCTION pg_temp.u(n integer) RETURNS uuid LANGUAGE sql
    RETURN ('99500000-0000-7000-8000-' || lpad(n::text, 12, '0'))::uuid;
CREATE FUNCTION pg_temp.r() RETURNS uuid LANGUAGE sql
    RETURN gen_random_uuid();

-- Households: H1 (AK, policy, poor), H2 (AK, especially difficult,
-- near-poor; member M2 disabled), H3 (HK, poor).
INSERT INTO rq (code, message)
SELECT o.code, o.message FROM (VALUES
    (1, 'AK', 'R-1', true, false, 'poor'), (2, 'AK', 'R-2', false, true, 'near-poor'),
    (3, 'HK', 'R-3', false, false, 'poor')) AS h (n, w, c, pol, sp, st)
 CROSS JOIN LATERAL ansinh_api.household_create(pg_temp.r(), pg_temp.u(h.n), h.w, h.c, 'Hộ ' || h.c, 1, NULL, NULL,
                                                h.pol, h.sp, h.st, '2022-01-10') AS o;
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.member_create(pg_temp.r(), pg_temp.u(12), 'AK', pg_temp.u(2), NULL, 'Trần Thị R', '1980-01-01',
                             'female', NULL, 'spouse', 'severe', false, NULL);
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.organization_create(pg_temp.r(), pg_temp.u(20), 'Nhà tài trợ R', 'business', NULL);
-- Livelihood-equipment needs: N1 (H1, fulfilled by S1), N2 (H3,
-- registered), N3 (H2, withdrawn).
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (31, 'AK', 1, 6000000, '2023-02-01'), (32, 'HK', 3, 7000000, '2023-05-01'), (33, 'AK', 2, 8000000, '2023-06-01'))
    AS n (n, w, h, est, d)
 CROSS JOIN LATERAL ansinh_api.need_create(pg_temp.r(), pg_temp.u(n.n), n.w, pg_temp.u(n.h), NULL, NULL,
                                           'livelihood-equipment', 'Máy may', n.est, n.d::date, NULL, NULL) AS o;
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (31, 'AK', 'verify', '2023-02-05'), (31, 'AK', 'approve', '2023-02-10'), (33, 'AK', 'withdraw', '2023-06-10'))
    AS t (n, w, a, d)
 CROSS JOIN LATERAL ansinh_api.need_transition(pg_temp.r(), pg_temp.u(t.n), t.w, t.a, t.d::date, NULL) AS o;
-- Support: S1 N1 gratitude 10,000,000; S2 H1 assistive social-assurance
-- 3,000,000; S3 M2 orthopaedic gratitude 2,000,000; S4 H3 livelihood
-- poor-fund 4,000,000 (reversed 15 Aug); S5 H3 house-new by the sponsor
-- 50,000,000; S6 H1 cash poor-fund 1,000,000.
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (41, 'AK', 1, NULL, 'livelihood-equipment', 10000000, '2023-03-01', 'gratitude', NULL, 31),
    (42, 'AK', 1, NULL, 'assistive-device', 3000000, '2023-04-10', 'social-assurance', NULL, NULL),
    (43, 'AK', 2, 12, 'orthopaedic-aid', 2000000, '2023-07-05', 'gratitude', NULL, NULL),
    (44, 'HK', 3, NULL, 'livelihood-equipment', 4000000, '2023-08-01', 'poor-fund', NULL, NULL),
    (45, 'HK', 3, NULL, 'house-new', 50000000, '2023-09-01', NULL, 20, NULL),
    (46, 'AK', 1, NULL, 'cash', 1000000, '2023-10-01', 'poor-fund', NULL, NULL))
    AS s (n, w, h, p, k, amount, d, fund, org, need)
 CROSS JOIN LATERAL ansinh_api.support_create(pg_temp.r(), pg_temp.u(s.n), s.w, pg_temp.u(s.h), NULL,
                                              CASE WHEN s.p IS NOT NULL THEN pg_temp.u(s.p) END, s.k, 'Hỗ trợ',
                                              s.amount, s.d::date, s.fund,
                                              CASE WHEN s.org IS NOT NULL THEN pg_temp.u(s.org) END, NULL,
                                              CASE WHEN s.need IS NOT NULL THEN pg_temp.u(s.need) END) AS o;
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.support_reverse(pg_temp.r(), pg_temp.u(47), 'HK', pg_temp.u(44), 'nhập nhầm', '2023-08-15');
-- Programme (AK): two sessions, 10 + 5 beneficiaries, households H1 H2 then
-- H1 (2 distinct), goods 500,000 + 300,000.
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.programme_create(pg_temp.r(), pg_temp.u(50), 'AK', false, 'Chợ 0 đồng R', pg_temp.u(20),
                                'produce-market', NULL);
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (51, '2023-03-05', 10, 500000, ARRAY[1, 2]), (52, '2023-06-05', 5, 300000, ARRAY[1])) AS s (n, d, b, v, hh)
 CROSS JOIN LATERAL ansinh_api.session_create(pg_temp.r(), pg_temp.u(s.n), 'AK', pg_temp.u(50), s.d::date, NULL, s.b,
                                              ARRAY['Rau'], ARRAY[1.0], ARRAY['kg'], ARRAY[s.v::bigint],
                                              (SELECT array_agg(pg_temp.u(x)) FROM unnest(s.hh) AS x), NULL,
                                              NULL, NULL) AS o;
-- Pairings of 2023: P1 H2 (especially difficult) open, P2 H3 ended.
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (61, 'AK', 2, '2023-03-01'), (62, 'HK', 3, '2023-04-01')) AS p (n, w, h, d)
 CROSS JOIN LATERAL ansinh_api.pairing_create(pg_temp.r(), pg_temp.u(p.n), p.w, pg_temp.u(20), pg_temp.u(p.h), NULL,
                                              2023, 'Giúp đỡ', p.d::date) AS o;
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.pairing_end(pg_temp.r(), pg_temp.u(62), 'HK', '2023-06-01', 'xong');
-- Employment: Q1 a placement (AK) and two referrals (AK); Q2 a training (HK).
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (71, 'AK', 'job-placement', '2023-02-10'), (72, 'HK', 'vocational-training', '2023-05-10'),
    (73, 'AK', 'employment-centre-referral', '2023-01-20'), (74, 'AK', 'employment-centre-referral', '2023-03-25'))
    AS e (n, w, k, d)
 CROSS JOIN LATERAL ansinh_api.job_event_create(pg_temp.r(), pg_temp.u(e.n), e.w, e.k, NULL, 'Người R' || e.n, NULL,
                                                NULL, NULL, e.d::date, NULL, NULL) AS o;
-- Targets 2023: district job-placements 2; AK referrals 1.
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.target_set(pg_temp.r(), pg_temp.u(81), 2023, NULL, 'job-placements', 2);
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.target_set(pg_temp.r(), pg_temp.u(82), 2023, 'AK', 'referrals', 1);
-- Coordination agreements: A1 AK 2023, A2 the district's 2023, A3 AK 2024
-- (served by the 2024 pairing P3 of H2).
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (85, 'AK', false, 2023, '2023-01-05'), (86, NULL, true, 2023, '2023-01-06'), (87, 'AK', false, 2024, '2024-01-05'))
    AS a (n, w, dw, y, d)
 CROSS JOIN LATERAL ansinh_api.agreement_create(pg_temp.r(), pg_temp.u(a.n), a.w, a.dw, pg_temp.u(20), a.y, a.d::date,
                                                'Phối hợp giảm nghèo') AS o;
INSERT INTO rq (code, message) SELECT code, message FROM
    ansinh_api.pairing_create(pg_temp.r(), pg_temp.u(63), 'AK', pg_temp.u(20), pg_temp.u(2), NULL, 2024, 'Giúp đỡ',
                              '2024-02-01', pg_temp.u(87));
-- Job notices: AK recruitment 9 Feb (10 positions), the district's
-- recruitment 16 Feb (5), AK training 11 May (25), HK labour export 4 Jan
-- 2024 (outside 2023).
INSERT INTO rq (code, message) SELECT o.code, o.message FROM (VALUES
    (90, 'AK', false, '2023-02-09', 'recruitment', 10), (91, NULL, true, '2023-02-16', 'recruitment', 5),
    (92, 'AK', false, '2023-05-11', 'training', 25), (93, 'HK', false, '2024-01-04', 'labour-export', 3))
    AS j (n, w, dw, d, k, pos)
 CROSS JOIN LATERAL ansinh_api.notice_create(pg_temp.r(), pg_temp.u(j.n), j.w, j.dw, j.d::date, j.k, 'Công ty R',
                                             j.pos, 'UBND phường', ARRAY['zalo'], NULL) AS o;

SELECT is((SELECT string_agg(n || ': ' || message, '; ') FROM rq WHERE code <> 0), NULL,
          'setup: every write succeeded');

CREATE TEMP VIEW s23 AS SELECT * FROM ansinh.report('summary', 2023);
GRANT SELECT ON s23 TO PUBLIC;

-- ---------------------------------------------------------------- summary
SELECT results_eq(
    $$ SELECT key, measure, value FROM s23 WHERE section = 'livelihood' $$,
    $$ VALUES ('all', 'registered', 2::bigint), ('all', 'funded', 1), ('all', 'funded_vnd', 10000000),
              ('gratitude', 'funded', 1), ('gratitude', 'funded_vnd', 10000000) $$,
    'livelihood: 2 registered (the withdrawn one is not), 1 funded with 10,000,000 from the Gratitude fund');
SELECT results_eq(
    $$ SELECT key, item, measure, value FROM s23 WHERE section = 'aid' AND item = 'all' $$,
    $$ VALUES ('policy', 'all', 'recipients', 1::bigint), ('policy', 'all', 'entries', 1), ('policy', 'all', 'vnd', 3000000),
              ('disabled', 'all', 'recipients', 1), ('disabled', 'all', 'entries', 1), ('disabled', 'all', 'vnd', 2000000),
              ('poor', 'all', 'recipients', 1), ('poor', 'all', 'entries', 1), ('poor', 'all', 'vnd', 3000000),
              ('near-poor', 'all', 'recipients', 1), ('near-poor', 'all', 'entries', 1), ('near-poor', 'all', 'vnd', 2000000),
              ('special-difficulty', 'all', 'recipients', 1), ('special-difficulty', 'all', 'entries', 1),
              ('special-difficulty', 'all', 'vnd', 2000000) $$,
    'aid by recipient group: S2 to the policy (and poor) household, S3 to the disabled member of the near-poor, especially difficult one; S1 is livelihood''s, S4 and its reversal cancel');
SELECT results_eq(
    $$ SELECT item, measure, value FROM s23 WHERE section = 'aid' AND key = 'poor' AND item <> 'all' $$,
    $$ VALUES ('poor-fund', 'recipients', 0::bigint), ('poor-fund', 'entries', 0), ('poor-fund', 'vnd', 0),
              ('social-assurance', 'recipients', 1), ('social-assurance', 'entries', 1),
              ('social-assurance', 'vnd', 3000000) $$,
    'aid to the poor by fund: the reversed poor-fund entry nets to 0');
SELECT results_eq(
    $$ SELECT unit_code, key, item, measure, value FROM s23 WHERE section = 'houses' AND measure IN ('houses', 'vnd') $$,
    $$ VALUES ('', 'house-new', 'all', 'houses', 1::bigint), ('', 'house-new', 'all', 'vnd', 50000000),
              ('HK', 'house-new', 'Nhà tài trợ R', 'houses', 1), ('HK', 'house-new', 'Nhà tài trợ R', 'vnd', 50000000),
              ('', 'house-repair', 'all', 'houses', 0), ('', 'house-repair', 'all', 'vnd', 0) $$,
    'houses: one built in HK by the sponsor, 50,000,000; none repaired');
SELECT results_eq(
    $$ SELECT key, item, measure, value FROM s23 WHERE section = 'notices' $$,
    $$ VALUES ('2023-Q1', 'recruitment', 'notices', 2::bigint), ('2023-Q1', 'recruitment', 'positions', 15),
              ('2023-Q2', 'training', 'notices', 1), ('2023-Q2', 'training', 'positions', 25),
              ('all', 'recruitment', 'notices', 2), ('all', 'recruitment', 'positions', 15),
              ('all', 'labour-export', 'notices', 0), ('all', 'labour-export', 'positions', 0),
              ('all', 'training', 'notices', 1), ('all', 'training', 'positions', 25),
              ('all', 'all', 'notices', 3), ('all', 'all', 'positions', 40) $$,
    'job notices by quarter and kind: AK''s and the district''s, not 2024''s');
SELECT results_eq(
    $$ SELECT measure, value FROM s23 WHERE section = 'agreements' $$,
    $$ VALUES ('agreements', 2::bigint), ('organizations', 1), ('district_agreements', 1), ('pairings', 0),
              ('programmes', 0) $$,
    'coordination agreements of 2023: AK''s and the district''s, with one organization');
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('summary', 2024) WHERE section = 'agreements' $$,
    $$ VALUES ('agreements', 1::bigint), ('organizations', 1), ('district_agreements', 0), ('pairings', 1),
              ('programmes', 0) $$,
    'and of 2024: one, served by a pairing');
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('employment', 2023, unit => 'AK')
        WHERE section = 'notices' AND key = 'all' AND item = 'all' $$,
    $$ VALUES ('notices', 2::bigint), ('positions', 35) $$,
    'report employment counts the notices; one ward: its own, not the district''s');
SELECT results_eq(
    $$ SELECT measure, value FROM s23 WHERE section = 'pairings' $$,
    $$ VALUES ('signed', 2::bigint), ('open', 1), ('ended', 1), ('special_households_open', 1) $$,
    'pairings: 2 signed, 1 open (an especially difficult household), 1 ended');
SELECT results_eq(
    $$ SELECT key, key_name, item, measure, value FROM s23 WHERE section = 'programmes' $$,
    $$ VALUES ('Chợ 0 đồng R', 'Nhà tài trợ R', 'produce-market', 'sessions', 2::bigint),
              ('Chợ 0 đồng R', 'Nhà tài trợ R', 'produce-market', 'beneficiaries', 15),
              ('Chợ 0 đồng R', 'Nhà tài trợ R', 'produce-market', 'households', 2),
              ('Chợ 0 đồng R', 'Nhà tài trợ R', 'produce-market', 'goods_vnd', 800000),
              ('all', '', 'all', 'sessions', 2), ('all', '', 'all', 'beneficiaries', 15),
              ('all', '', 'all', 'households', 2), ('all', '', 'all', 'goods_vnd', 800000) $$,
    'programmes: 2 sessions, 15 beneficiaries, 2 distinct households served, 800,000 of goods');
SELECT results_eq(
    $$ SELECT key, item, value FROM s23 WHERE section = 'employment' AND measure = 'events' $$,
    $$ VALUES ('2023-Q1', 'job-placement', 1::bigint), ('2023-Q1', 'employment-centre-referral', 2),
              ('2023-Q2', 'vocational-training', 1),
              ('all', 'job-placement', 1), ('all', 'vocational-training', 1), ('all', 'employment-centre-referral', 2),
              ('all', 'labour-export', 0) $$,
    'employment by quarter: Q1 one placement and two referrals, Q2 one training');
SELECT results_eq(
    $$ SELECT key, item, measure, value FROM s23 WHERE section = 'needs' $$,
    $$ VALUES ('livelihood-equipment', 'all', 'needs', 3::bigint),
              ('livelihood-equipment', 'all', 'estimated_vnd', 21000000),
              ('livelihood-equipment', 'registered', 'needs', 1), ('livelihood-equipment', 'registered', 'estimated_vnd', 7000000),
              ('livelihood-equipment', 'fulfilled', 'needs', 1), ('livelihood-equipment', 'fulfilled', 'estimated_vnd', 6000000),
              ('livelihood-equipment', 'withdrawn', 'needs', 1), ('livelihood-equipment', 'withdrawn', 'estimated_vnd', 8000000),
              ('all', 'all', 'needs', 3), ('all', 'all', 'estimated_vnd', 21000000) $$,
    'needs by kind and stage');
SELECT results_eq(
    $$ SELECT measure, value FROM s23 WHERE section = 'support' AND key = 'all' AND item = 'all' $$,
    $$ VALUES ('entries', 6::bigint), ('given_vnd', 70000000), ('reversals', 1), ('reversed_vnd', 4000000),
              ('net_vnd', 66000000) $$,
    'support: 70,000,000 given in 6 entries, 4,000,000 reversed, 66,000,000 net');

-- ---------------------------------------------------------------- periods
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('summary', 2023, 3) WHERE section = 'support' AND item = 'all' $$,
    $$ VALUES ('entries', 3::bigint), ('given_vnd', 56000000), ('reversals', 1), ('reversed_vnd', 4000000),
              ('net_vnd', 52000000) $$,
    'the third quarter: S3, S4 and S5 (2,000,000 + 4,000,000 + 50,000,000), and S4''s reversal');
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('summary', 2023, NULL, '2023-01-01', '2023-03-31')
        WHERE section = 'pairings' $$,
    $$ VALUES ('signed', 1::bigint), ('open', 1), ('ended', 0), ('special_households_open', 1) $$,
    'from..to: the pairings signed in it');
SELECT is((SELECT count(*)::integer FROM ansinh.report('summary', 2025) WHERE value <> 0), 0,
          'another year: every figure 0');

-- ---------------------------------------------------------------- units
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('summary', 2023, unit => 'HK') WHERE section = 'support' AND item = 'all' $$,
    $$ VALUES ('entries', 2::bigint), ('given_vnd', 54000000), ('reversals', 1), ('reversed_vnd', 4000000),
              ('net_vnd', 50000000) $$,
    'unit HK: its own support only');
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('summary', 2023, unit => 'TKW', as_of => '2026-12-02')
        WHERE section = 'support' AND item = 'all' $$,
    $$ VALUES ('entries', 2::bigint), ('given_vnd', 54000000), ('reversals', 1), ('reversed_vnd', 4000000),
              ('net_vnd', 50000000) $$,
    'Thanh Khê ward of 2026 holds Hòa Khê''s records');
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('summary', 2023, unit => 'TK') WHERE section = 'support' AND item = 'all' $$,
    $$ VALUES ('entries', 6::bigint), ('given_vnd', 70000000), ('reversals', 1), ('reversed_vnd', 4000000),
              ('net_vnd', 66000000) $$,
    'Thanh Khê district: its wards');
SELECT results_eq(
    $$ SELECT unit_code, unit_name, key_name, measure, value FROM ansinh.report('units', 2023, as_of => '2026-12-02')
        WHERE measure IN ('support_net_vnd', 'sessions') $$,
    $$ VALUES ('AKW', 'An Khê', 'AK', 'support_net_vnd', 16000000::bigint), ('AKW', 'An Khê', 'AK', 'sessions', 2),
              ('TKW', 'Thanh Khê', 'CG,HK,KD,KT,TC,TG,TT,VT,XH', 'support_net_vnd', 50000000),
              ('TKW', 'Thanh Khê', 'CG,HK,KD,KT,TC,TG,TT,VT,XH', 'sessions', 0),
              ('', '', 'AK,CG,HK,KD,KT,TC,TG,TT,VT,XH', 'support_net_vnd', 66000000),
              ('', '', 'AK,CG,HK,KD,KT,TC,TG,TT,VT,XH', 'sessions', 2) $$,
    'units rolled up to 2 Dec 2026: An Khê ward and Thanh Khê ward, with the wards of 2023 (not TH and AN, made in 2025), and in all');
SELECT results_eq(
    $$ SELECT measure, value FROM ansinh.report('units', 2023, unit => 'HK') WHERE unit_code = 'HK' $$,
    $$ VALUES ('needs_registered', 1::bigint), ('needs_fulfilled', 0), ('support_net_vnd', 50000000),
              ('sessions', 0), ('beneficiaries', 0), ('pairings_signed', 1), ('employment_events', 1) $$,
    'units as recorded: Hòa Khê');

-- ---------------------------------------------------------------- funds
SELECT results_eq(
    $$ SELECT key, item, measure, value FROM ansinh.report('funds', 2023) WHERE item = 'all' AND measure = 'net_vnd' $$,
    $$ VALUES ('gratitude', 'all', 'net_vnd', 12000000::bigint), ('none', 'all', 'net_vnd', 50000000),
              ('poor-fund', 'all', 'net_vnd', 1000000), ('social-assurance', 'all', 'net_vnd', 3000000),
              ('all', 'all', 'net_vnd', 66000000) $$,
    'funds: net per fund (none: the sponsor''s house), and in all');

-- ---------------------------------------------------------------- targets
SELECT results_eq(
    $$ SELECT unit_code, key, measure, value FROM ansinh.report('targets', 2023)
        WHERE unit_code IN ('', 'AK') AND section = 'targets' $$,
    $$ VALUES ('', 'job-placements', 'target', 2::bigint), ('', 'job-placements', 'reached', 1),
              ('', 'job-placements', 'percent', 50), ('', 'job-placements', 'met', 0),
              ('AK', 'job-placements', 'reached', 1),
              ('', 'referrals', 'target', 1), ('', 'referrals', 'reached', 2), ('', 'referrals', 'percent', 200),
              ('', 'referrals', 'met', 1),
              ('AK', 'referrals', 'target', 1), ('AK', 'referrals', 'reached', 2), ('AK', 'referrals', 'percent', 200),
              ('AK', 'referrals', 'met', 1) $$,
    'targets: placements 1 of the district''s 2 (50%, not met); referrals 2 of AK''s 1 (200%, met)');
SELECT results_eq(
    $$ SELECT unit_code, key, measure, value FROM ansinh.report('targets', 2023, unit => 'TK')
        WHERE unit_code = '' AND section = 'targets' AND measure = 'target' $$,
    $$ VALUES ('', 'job-placements', 'target', 2::bigint), ('', 'referrals', 'target', 1) $$,
    'the district as the unit: its own target in all');
SELECT results_eq(
    $$ SELECT unit_code, key, measure, value FROM ansinh.report('targets', 2023, unit => 'AK')
        WHERE unit_code = '' AND section = 'targets' AND measure = 'target' $$,
    $$ VALUES ('', 'referrals', 'target', 1::bigint) $$,
    'one ward: its own targets only, not the district''s');
SELECT results_eq(
    $$ SELECT unit_code, measure, value FROM ansinh.report('targets', 2023) WHERE section = 'expected' AND unit_code IN ('', 'AK') $$,
    $$ VALUES ('', 'listed', 0::bigint), ('', 'exited', 0), ('', 'remained', 0), ('', 'not_assessed', 0),
              ('AK', 'listed', 0), ('AK', 'exited', 0), ('AK', 'remained', 0), ('AK', 'not_assessed', 0) $$,
    'the expected-exit list: empty here');
SELECT results_eq(
    $$ SELECT unit_code, key, measure, value FROM ansinh.report('targets', 2023, as_of => '2026-12-02')
        WHERE key = 'referrals' AND unit_code <> '' $$,
    $$ VALUES ('AKW', 'referrals', 'target', 1::bigint), ('AKW', 'referrals', 'reached', 2),
              ('AKW', 'referrals', 'percent', 200), ('AKW', 'referrals', 'met', 1),
              ('TKW', 'referrals', 'reached', 0) $$,
    'targets rolled up to the units of 2026');

-- ---------------------------------------------------------------- bad arguments
SELECT throws_ok($$ SELECT * FROM ansinh.report('everything', 2023) $$, '22023', NULL, 'an unknown report');
SELECT throws_ok($$ SELECT * FROM ansinh.report('summary', 1999) $$, '22023', 'year must be between 2000 and 2100',
                 'a year out of range');
SELECT throws_ok($$ SELECT * FROM ansinh.report('summary', 2023, 5) $$, '22023', 'quarter must be 1, 2, 3 or 4',
                 'quarter 5');
SELECT throws_ok($$ SELECT * FROM ansinh.report('summary', 2023, 1, '2023-01-01') $$, '22023',
                 'quarter cannot be given with from/to', 'quarter and from');
SELECT throws_ok($$ SELECT * FROM ansinh.report('summary', 2023, NULL, '2023-05-01', '2023-04-01') $$, '22023',
                 'from (2023-05-01) must not be after to (2023-04-01)', 'from after to');
SELECT throws_ok($$ SELECT * FROM ansinh.report('summary', 2023, unit => 'ZZZ') $$, 'P0002',
                 'unit ''ZZZ'' does not exist', 'an unknown unit');

-- ---------------------------------------------------------------- the daemon's call
SELECT results_eq(
    $$ SELECT value FROM ansinh_api.report('summary', 2023, NULL, NULL, NULL, NULL, NULL)
        WHERE section = 'support' AND key = 'all' AND item = 'all' AND measure = 'net_vnd' $$,
    $$ VALUES (66000000::bigint) $$,
    'a district token: every ward');
SELECT ansinh_test.context('ward', 'HK', 'hk-officer', NULL, NULL);
SELECT results_eq(
    $$ SELECT value FROM ansinh_api.report('summary', 2023, NULL, NULL, NULL, NULL, NULL)
        WHERE section = 'support' AND key = 'all' AND item = 'all' AND measure = 'net_vnd' $$,
    $$ VALUES (50000000::bigint) $$,
    'a ward token: its own ward');
SELECT throws_ok($$ SELECT * FROM ansinh_api.report('summary', 2023, NULL, NULL, NULL, 'AK', NULL) $$, 'AS403',
                 'a token of ward HK reports on the wards it holds (HK), not on unit AK', 'a ward token asking for another unit');

RESET ROLE;
SET LOCAL ROLE analyst;
SELECT results_eq(
    $$ SELECT value FROM ansinh.report('summary', 2023)
        WHERE section = 'support' AND key = 'all' AND item = 'all' AND measure = 'net_vnd' $$,
    $$ VALUES (66000000::bigint) $$,
    'the analyst calls the same function');
SELECT throws_ok($$ SELECT * FROM ansinh_api.report('summary', 2023, NULL, NULL, NULL, NULL, NULL) $$, '42501', NULL,
                 'but not the daemon''s');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
