-- sql/demo/report.sql — the district's yearly figures (MISSION.md) for the
-- read-only analyst role, as calls of ansinh.report (0066), the function
-- behind `ansinh report summary|targets`:
--
--   psql -U analyst -d ansinh -v year=2023 -f sql/demo/report.sql
--
-- One row per figure: no, figure, value. `make demo` prints its district
-- report from the client where a command gives the figure and from this file
-- otherwise, and checks that the two agree. Each CTE below is one figure
-- read from the report's rows (section, unit_code, key, item, measure,
-- value); the whole report is SELECT * FROM ansinh.report('summary', 2023).
--
-- Amounts are net of corrections: a reversing entry carries minus the amount
-- it reverses (ansinh.report's *_vnd measures are net).

\if :{?year}
\else
\set year 2023
\endif

WITH
s AS (SELECT * FROM ansinh.report('summary', :year)),
t AS (SELECT * FROM ansinh.report('targets', :year)),
-- 1. Livelihood-equipment needs surveyed in the year: funded / registered,
--    the net VND that funded them and the funds it came from.
livelihood AS (
    SELECT (SELECT value FROM s WHERE section = 'livelihood' AND key = 'all' AND measure = 'funded') AS funded,
           (SELECT value FROM s WHERE section = 'livelihood' AND key = 'all' AND measure = 'registered') AS registered,
           (SELECT value FROM s WHERE section = 'livelihood' AND key = 'all' AND measure = 'funded_vnd') AS vnd,
           (SELECT string_agg(key, ', ' ORDER BY key) FROM s
             WHERE section = 'livelihood' AND key NOT IN ('all', 'none') AND measure = 'funded' AND value > 0)
               AS funds
),
-- 2. Livelihood support, assistive devices and orthopaedic aids (not those
--    that funded a livelihood-equipment need: figure 1's) to policy
--    households and to disabled people, over every fund.
aid AS (
    SELECT (SELECT value FROM s WHERE section = 'aid' AND key = 'policy' AND item = 'all' AND measure = 'recipients')
               AS households,
           (SELECT value FROM s WHERE section = 'aid' AND key = 'disabled' AND item = 'all' AND measure = 'recipients')
               AS people,
           coalesce((SELECT sum(value) FROM s WHERE section = 'aid' AND key IN ('policy', 'disabled')
                        AND item = 'all' AND measure = 'vnd'), 0)::bigint AS vnd,
           (SELECT string_agg(DISTINCT item, ', ' ORDER BY item) FROM s
             WHERE section = 'aid' AND key IN ('policy', 'disabled') AND item NOT IN ('all', 'none')
               AND measure = 'entries' AND value > 0) AS funds
),
-- 3. New houses given in the year (not reversed): where, how much, who paid.
house AS (
    SELECT h.unit_name AS ward_name, h.item AS sponsor, h.value AS n,
           (SELECT m.value FROM s AS m WHERE m.section = 'houses' AND m.unit_code = h.unit_code AND m.key = h.key
               AND m.item = h.item AND m.measure = 'min_vnd') AS min_vnd,
           (SELECT m.value FROM s AS m WHERE m.section = 'houses' AND m.unit_code = h.unit_code AND m.key = h.key
               AND m.item = h.item AND m.measure = 'max_vnd') AS max_vnd
      FROM s AS h
     WHERE h.section = 'houses' AND h.key = 'house-new' AND h.unit_code <> '' AND h.measure = 'houses'
),
houses AS (
    SELECT (SELECT value FROM s WHERE section = 'houses' AND key = 'house-new' AND item = 'all' AND unit_code = ''
               AND measure = 'houses') AS n,
           (SELECT string_agg(house.ward_name, ', ' ORDER BY house.ward_name)
              FROM house CROSS JOIN generate_series(1, house.n::integer)) AS wards,
           CASE WHEN NOT EXISTS (SELECT FROM house) THEN NULL
                WHEN (SELECT min(min_vnd) FROM house) = (SELECT max(max_vnd) FROM house)
                THEN ansinh.vnd((SELECT min(min_vnd) FROM house)) || ' VND each'
                ELSE ansinh.vnd((SELECT value FROM s WHERE section = 'houses' AND key = 'house-new' AND item = 'all'
                                    AND unit_code = '' AND measure = 'vnd')) || ' VND in all' END AS vnd,
           (SELECT string_agg(DISTINCT sponsor, ', ' ORDER BY sponsor) FROM house) AS sponsors
),
-- 4. Households in especially difficult circumstances with an open pairing
--    for the year.
paired AS (
    SELECT value AS n FROM s WHERE section = 'pairings' AND measure = 'special_households_open'
),
-- 5. and 6. Employment events: those recorded at the year's job weeks, and
--    the referrals to the city employment service centre in its first quarter.
jobs AS (
    SELECT (SELECT value FROM s WHERE section = 'employment' AND key = 'all' AND item = 'job-placement'
               AND measure = 'at_job_weeks') AS placed,
           (SELECT value FROM s WHERE section = 'employment' AND key = 'all' AND item = 'vocational-training'
               AND measure = 'at_job_weeks') AS trained,
           coalesce((SELECT value FROM s WHERE section = 'employment' AND key = :year || '-Q1'
                        AND item = 'employment-centre-referral' AND measure = 'events'), 0) AS referred_q1
),
-- 7. and 8. The year's targets in all (the district's).
target AS (
    SELECT key AS metric, value FROM t WHERE section = 'targets' AND unit_code = '' AND measure = 'target'
),
tg AS (
    SELECT (SELECT value FROM target WHERE metric = 'poor-exit') AS poor_exit,
           (SELECT value FROM target WHERE metric = 'poor-exit-special') AS poor_exit_special,
           (SELECT value FROM target WHERE metric = 'poor-exit-central') AS poor_exit_central,
           (SELECT value FROM target WHERE metric = 'near-poor-exit') AS near_poor_exit
)
SELECT 1 AS no, 'livelihood-equipment cases funded / registered' AS figure,
       format('%s / %s, %s VND (%s)', funded, registered, ansinh.vnd(vnd), coalesce(funds, 'no fund')) AS value
  FROM livelihood
UNION ALL
SELECT 2, 'livelihood support, assistive devices, orthopaedic aids',
       format('%s policy households + %s disabled people, %s VND (%s)',
              households, people, ansinh.vnd(vnd), coalesce(funds, 'no fund'))
  FROM aid
UNION ALL
SELECT 3, 'new houses built for poor households',
       format('%s (%s), %s, sponsor: %s', n, coalesce(wards, 'none'), coalesce(vnd, '0 VND'),
              coalesce(sponsors, 'none'))
  FROM houses
UNION ALL
SELECT 4, 'poor households in especially difficult circumstances paired with sponsors', n::text
  FROM paired
UNION ALL
SELECT 5, 'people connected to jobs / registered for free vocational training (job weeks)',
       format('%s / %s', placed, trained)
  FROM jobs
UNION ALL
SELECT 6, 'people referred to the city employment service centre, Q1', referred_q1::text
  FROM jobs
UNION ALL
SELECT 7, 'yearly target: poor households escaping poverty',
       format('%s, of which %s especially difficult and %s poor by the central standard',
              coalesce(poor_exit::text, 'not set'), coalesce(poor_exit_special::text, 'not set'),
              coalesce(poor_exit_central::text, 'not set'))
  FROM tg
UNION ALL
SELECT 8, 'yearly target: near-poor households escaping near-poverty',
       coalesce(near_poor_exit::text, 'not set')
  FROM tg
ORDER BY no;
