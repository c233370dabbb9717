-- 62_person_age.sql — ansinh.person_v counts a member's age to Vietnam's
-- today (0091), not to the server's current_date: a member born on this
-- very day thirty years ago (in Hà Nội) is 30, at whatever hour of UTC the
-- test runs (from 17:00 to 24:00 UTC current_date is still yesterday there).
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(3);

SET LOCAL TimeZone = 'UTC';
INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
VALUES ('AK', '62000000-0000-7000-8000-000000000001', 'T62-AK-1', 'Tuổi Tròn', 'poor', '2023-01-01');
INSERT INTO ansinh.person (ward_code, id, household_id, full_name, birth_date)
VALUES ('AK', '62000000-0000-7000-8000-000000000002', '62000000-0000-7000-8000-000000000001',
        'Tuổi Tròn', (ansinh.today() - interval '30 years')::date),
       ('AK', '62000000-0000-7000-8000-000000000003', '62000000-0000-7000-8000-000000000001',
        'Mai Sinh Nhật', (ansinh.today() - interval '30 years' + interval '1 day')::date);

SELECT is((SELECT age FROM ansinh.person_v WHERE id = '62000000-0000-7000-8000-000000000002'),
          30, 'born thirty years ago today in Vietnam: 30');
SELECT is((SELECT age FROM ansinh.person_v WHERE id = '62000000-0000-7000-8000-000000000003'),
          29, 'thirty tomorrow in Vietnam: still 29');
SELECT ok(pg_get_viewdef('ansinh.person_v'::regclass) LIKE '%ansinh.today()%',
          'the view reads ansinh.today()');

SELECT * FROM finish();
ROLLBACK;
