-- 98_citizen_id.sql — what a citizen ID (CCCD) says (0021): province of
-- birth registration, century and sex, year of birth; the mismatch with a
-- member's sex or birth date in words naming both fields; the view of the
-- members recorded so.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(13);

SELECT is(count(*)::integer, 63, 'the 63 province codes of Circular 07/2016/TT-BCA (as amended by 59/2021/TT-BCA)')
  FROM ansinh.citizen_id_province;
SELECT results_eq(
    $$ SELECT name FROM ansinh.citizen_id_province WHERE code IN ('048', '049') ORDER BY code $$,
    $$ VALUES ('Đà Nẵng'), ('Quảng Nam') $$, '048 Đà Nẵng, 049 Quảng Nam');
SELECT results_eq(
    $$ SELECT ansinh.citizen_id_birth_year(c), ansinh.citizen_id_sex(c)
         FROM unnest(ARRAY['048068001234', '048168001234', '048205001234', '048307001234', '048499001234']) AS c $$,
    $$ VALUES (1968, 'male'), (1968, 'female'), (2005, 'male'), (2007, 'female'), (2199, 'male') $$,
    'the 4th digit: century and sex (0/1 1900s, 2/3 2000s, 4/5 2100s), then the year');
SELECT is(ansinh.citizen_id_birth_year('12345'), NULL, 'not 12 digits: no year');
SELECT is(ansinh.citizen_id_problem('048068001234', '1968-05-04', 'male'), NULL, 'an ID that agrees');
SELECT is(ansinh.citizen_id_problem('048068001234', NULL, NULL), NULL, 'nothing to compare with');
SELECT is(ansinh.citizen_id_problem('048068001234', '1968-05-04', 'female'),
          'citizen ID 048068001234 and sex disagree: its 4th digit 0 is that of a male, the sex given is female',
          'a sex mismatch names both fields');
SELECT is(ansinh.citizen_id_problem('048068001234', '1986-05-04', 'male'),
          'citizen ID 048068001234 and birth date disagree: its digits 4–6 (068) say born in 1968, the birth date is 1986-05-04',
          'a birth-year mismatch (digits swapped) names both fields');
SELECT is(ansinh.citizen_id_problem('048268001234', '1968-05-04', 'male'),
          'citizen ID 048268001234 and birth date disagree: its digits 4–6 (268) say born in 2068, the birth date is 1968-05-04',
          'the wrong century');
SELECT is(ansinh.citizen_id_problem('400000000001', NULL, 'male'),
          'citizen ID 400000000001 is not valid: it begins with 400, which is not a province code (the first 3 digits are the province where the birth was registered, e.g. 048 Đà Nẵng, 049 Quảng Nam)',
          'an unknown province code');

-- The view of members recorded with a mismatch.
SET LOCAL ROLE ansinhd;
SELECT ansinh_test.context('ward', 'KD', 'Thanh Khê Đông office', NULL, NULL);
SELECT is((ansinh_api.household_create('a9800000-0000-7000-8000-000000000001', '98000000-0000-7000-8000-000000000001',
           'KD', 'T98-1', 'Hộ Một', 1, NULL, NULL, false, false, 'none', '2022-01-10')).code
          + (ansinh_api.member_create('a9800000-0000-7000-8000-000000000003', '98000000-0000-7000-8000-000000000003',
           'KD', NULL, 'T98-1', 'Trần Thị Hai', '1990-01-01', 'female', '048190009875', 'spouse', NULL, NULL, NULL)).code,
          0, 'setup: a household, one member whose ID agrees');
SELECT results_eq(
    $$ SELECT o.code, o.message FROM ansinh_api.member_create('a9800000-0000-7000-8000-000000000002',
           '98000000-0000-7000-8000-000000000002', 'KD', NULL, 'T98-1', 'Trần Văn Một', '1986-05-04', 'male',
           '048068009876', 'head', NULL, NULL, NULL) AS o $$,
    $$ VALUES (3, 'citizen ID 048068009876 and birth date disagree: its digits 4–6 (068) say born in 1968, the birth date is 1986-05-04') $$,
    'a typo in the ID is refused at entry (0025), naming both fields');
RESET ROLE;
-- A member recorded before the check (0025) with that typo.
INSERT INTO ansinh.person (ward_code, id, household_id, full_name, birth_date, sex, citizen_id, relation)
VALUES ('KD', '98000000-0000-7000-8000-000000000002', '98000000-0000-7000-8000-000000000001', 'Trần Văn Một',
        '1986-05-04', 'male', '048068009876', 'head');
SET LOCAL ROLE ansinh_analyst;
SELECT results_eq(
    $$ SELECT household_code, full_name, problem FROM ansinh.citizen_id_mismatch WHERE household_code = 'T98-1' $$,
    $$ VALUES ('T98-1', 'Trần Văn Một',
               'citizen ID 048068009876 and birth date disagree: its digits 4–6 (068) say born in 1968, the birth date is 1986-05-04') $$,
    'analysts see the member whose ID and birth date disagree, and only that one');

SELECT * FROM finish();
ROLLBACK;
