-- tests/bench/report_store.sql — the ledger of the bench's larger store
-- (goal 5): psql -v store=N -f, as the superuser, in the database run.sh
-- loaded with N households and their members.
--
-- 3 × N support entries over 2023 (given_on spread over the year; a few
-- reversals dated into 2024), of seven kinds (the aid kinds, houses, cash,
-- goods), from the three seed funds or a sponsor or both, one in ten to the
-- head of the household; one in twenty reversed. N / 20 livelihood-
-- equipment needs surveyed in 2023, half of them fulfilled by an entry of
-- their own. Households get the policy and especially-difficult flags, one
-- member in twenty a disability. Loaded with the triggers off
-- (session_replication_role) like the households: a fixture, not a
-- measured write; the report aggregates are then rebuilt from it
-- (ansinh.report_aggregates_rebuild, timed by run.sh).
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET synchronous_commit = off;

UPDATE ansinh.household SET policy = (hashtext(code) % 10 = 0), special_difficulty = (hashtext(code) % 13 = 0);
UPDATE ansinh.person SET disability = 'severe' WHERE relation = 'child' AND hashtext(id::text) % 20 = 0;

INSERT INTO ansinh.organization (id, name, kind)
VALUES ('018f0000-0000-7000-8000-00000000b001', 'Nhà tài trợ bench', 'business')
ON CONFLICT DO NOTHING;

CREATE TEMP TABLE hh AS
SELECT row_number() OVER (ORDER BY h.ward_code, h.id) AS k, h.ward_code, h.id, p.id AS head_id
  FROM ansinh.household AS h
  JOIN ansinh.person AS p ON p.ward_code = h.ward_code AND p.household_id = h.id AND p.relation = 'head';
CREATE UNIQUE INDEX ON hh (k);
ANALYZE hh;

-- the needs: N / 20, surveyed in 2023; the even ones fulfilled
INSERT INTO ansinh.need (ward_code, id, household_id, kind, description, estimated_vnd, surveyed_on, status, status_on)
SELECT hh.ward_code, gen_random_uuid(), hh.id, 'livelihood-equipment', 'Máy may bench', 1000000 * (1 + i % 9),
       date '2023-01-01' + i % 330, CASE WHEN i % 2 = 0 THEN 'fulfilled' ELSE 'registered' END,
       date '2023-01-01' + i % 330 + 20
  FROM generate_series(1, greatest(:store / 20, 1)) AS i
  JOIN hh ON hh.k = 1 + (i::bigint * 7919) % :store;

-- the entries
INSERT INTO ansinh.support (ward_code, id, household_id, person_id, kind, description, amount_vnd, given_on,
                            fund_code, organization_id, recorded_by)
SELECT hh.ward_code, gen_random_uuid(), hh.id, CASE WHEN i % 10 = 0 THEN hh.head_id END,
       (ARRAY['livelihood-equipment', 'assistive-device', 'orthopaedic-aid', 'house-new', 'house-repair', 'cash',
              'goods'])[1 + i % 7],
       'bench', 100000 * (1 + i % 97), date '2023-01-01' + i % 365,
       (ARRAY['poor-fund', 'social-assurance', 'gratitude', NULL])[1 + i % 4],
       CASE WHEN i % 4 = 3 OR i % 11 = 0 THEN '018f0000-0000-7000-8000-00000000b001'::uuid END, 'bench'
  FROM generate_series(1, 3 * :store - greatest(:store / 40, 1)) AS i
  JOIN hh ON hh.k = 1 + (i::bigint * 104729) % :store;
-- an entry of its own for each fulfilled need
INSERT INTO ansinh.support (ward_code, id, household_id, kind, description, amount_vnd, given_on, fund_code,
                            need_id, recorded_by)
SELECT n.ward_code, gen_random_uuid(), n.household_id, n.kind, 'bench', n.estimated_vnd, n.status_on,
       (ARRAY['poor-fund', 'gratitude'])[1 + (hashtext(n.id::text) & 1)], n.id, 'bench'
  FROM ansinh.need AS n WHERE n.status = 'fulfilled';
-- one in twenty reversed, 10 to 40 days later
INSERT INTO ansinh.support (ward_code, id, household_id, person_id, kind, description, amount_vnd, given_on,
                            fund_code, organization_id, reverses_id, reason, recorded_by)
SELECT s.ward_code, gen_random_uuid(), s.household_id, s.person_id, s.kind, s.description, -s.amount_vnd,
       s.given_on + 10 + (hashtext(s.id::text) & 31), s.fund_code, s.organization_id, s.id, 'bench', 'bench'
  FROM ansinh.support AS s
 WHERE s.reverses_id IS NULL AND s.need_id IS NULL AND hashtext(s.id::text) % 20 = 0;

VACUUM ANALYZE ansinh.support;
VACUUM ANALYZE ansinh.need;
VACUUM ANALYZE ansinh.household;
VACUUM ANALYZE ansinh.person;
