-- sql/demo/report.sql — the district's yearly figures (MISSION.md), in plain
-- SQL over the documented views, for the read-only analyst role:
--
--   psql -U analyst -d ansinh -v year=2023 -f sql/demo/report.sql
--
-- One row per figure: no, figure, value. `make demo` prints its district
-- report from the client where a command gives the figure and from this file
-- otherwise, and checks that the two agree. Each CTE below is one figure and
-- can be run on its own (replace :year by the year).
--
-- Amounts are net of corrections: a reversing entry carries minus the amount
-- it reverses, so sum(amount_vnd) over any selection of support_v is what was
-- really given.

\if :{?year}
\else
\set year 2023
\endif

WITH
-- 1. Livelihood-equipment needs surveyed in the year: registered (every
--    need not withdrawn), funded (fulfilled by a support), the net VND that
--    funded them, and the funds it came from.
livelihood AS (
    SELECT count(*) FILTER (WHERE n.status = 'fulfilled') AS funded,
           count(*) FILTER (WHERE n.status <> 'withdrawn') AS registered,
           coalesce(sum(n.funded_vnd), 0)::bigint AS vnd,
           (SELECT string_agg(DISTINCT s.fund_code, ', ' ORDER BY s.fund_code)
              FROM ansinh.support_v AS s
              JOIN ansinh.need AS sn ON sn.ward_code = s.ward_code AND sn.id = s.need_id
             WHERE sn.kind = 'livelihood-equipment' AND NOT s.is_reversed
               AND extract(year FROM sn.surveyed_on) = :year) AS funds
      FROM ansinh.need_v AS n
     WHERE n.kind = 'livelihood-equipment'
       AND extract(year FROM n.surveyed_on) = :year
),
-- 2. Livelihood support, assistive devices and orthopaedic aids from the
--    Gratitude fund and the social-assurance budget: to policy households
--    (support to the household) and to disabled people (support to the
--    member). Support that funded a livelihood-equipment need is figure 1's,
--    and so is the reversal of such an entry.
aid_entry AS (
    SELECT s.*, p.disability
      FROM ansinh.support_v AS s
      LEFT JOIN ansinh.person AS p ON p.ward_code = s.ward_code AND p.id = s.person_id
      LEFT JOIN ansinh.support AS o ON o.ward_code = s.ward_code AND o.id = s.reverses_id
      LEFT JOIN ansinh.need AS n
             ON n.ward_code = s.ward_code AND n.id = coalesce(s.need_id, o.need_id)
     WHERE s.kind IN ('livelihood-equipment', 'assistive-device', 'orthopaedic-aid')
       AND s.fund_code IN ('gratitude', 'social-assurance')
       AND extract(year FROM s.given_on) = :year
       AND n.kind IS DISTINCT FROM 'livelihood-equipment'
       AND ((s.person_id IS NULL AND s.household_policy) OR p.disability <> 'none')
),
aid AS (
    SELECT count(DISTINCT household_id) FILTER (WHERE person_id IS NULL
                                                 AND NOT is_reversal AND NOT is_reversed) AS households,
           count(DISTINCT person_id) FILTER (WHERE NOT is_reversal AND NOT is_reversed) AS people,
           coalesce(sum(amount_vnd), 0)::bigint AS vnd,
           string_agg(DISTINCT fund_code, ', ' ORDER BY fund_code) AS funds
      FROM aid_entry
),
-- 3. New houses: house-new support given in the year (not reversed), where,
--    how much, who paid.
house AS (
    SELECT ward_name, amount_vnd, coalesce(organization_name, fund_name) AS sponsor
      FROM ansinh.support_v
     WHERE kind = 'house-new' AND NOT is_reversal AND NOT is_reversed
       AND extract(year FROM given_on) = :year
),
houses AS (
    SELECT count(*) AS n,
           string_agg(ward_name, ', ' ORDER BY ward_name) AS wards,
           CASE WHEN min(amount_vnd) = max(amount_vnd)
                THEN ansinh.vnd(min(amount_vnd)) || ' VND each'
                ELSE ansinh.vnd(sum(amount_vnd)::bigint) || ' VND in all' END AS vnd,
           string_agg(DISTINCT sponsor, ', ' ORDER BY sponsor) AS sponsors
      FROM house
),
-- 4. Households in especially difficult circumstances with an open pairing
--    for the year.
paired AS (
    SELECT count(DISTINCT (ward_code, household_id)) AS n
      FROM ansinh.pairing_v
     WHERE year = :year AND open AND special_difficulty
),
-- 5. and 6. Employment events: those recorded at the year's job weeks, and
--    the referrals to the city employment service centre in its first quarter.
jobs AS (
    SELECT count(*) FILTER (WHERE kind = 'job-placement' AND job_week_id IS NOT NULL) AS placed,
           count(*) FILTER (WHERE kind = 'vocational-training' AND job_week_id IS NOT NULL) AS trained,
           count(*) FILTER (WHERE kind = 'employment-centre-referral'
                              AND occurred_on < make_date(:year, 4, 1)) AS referred_q1
      FROM ansinh.employment_event_v
     WHERE extract(year FROM occurred_on) = :year
),
-- 7. and 8. The district's targets for the year (ward targets have a ward).
target AS (
    SELECT metric, value FROM ansinh.target_v WHERE year = :year AND ward_code IS NULL
),
t AS (
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
  FROM t
UNION ALL
SELECT 8, 'yearly target: near-poor households escaping near-poverty',
       coalesce(near_poor_exit::text, 'not set')
  FROM t
ORDER BY no;
