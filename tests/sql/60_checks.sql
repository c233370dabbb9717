-- 60_checks.sql — the constraints themselves, below the API: every word and
-- format is checked by the table, whoever writes. Runs as the superuser
-- (row-level security does not get in the way; the constraints do).
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(37);

DO $$ BEGIN PERFORM set_config('ansinh.actor', 'constraint test', true); END $$;

-- A household to hang members on, and one in another ward.
INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
VALUES ('TC', '60000000-0000-7000-8000-000000000001', 'T60-1', 'Bùi Văn Một', 'poor', '2023-01-01'),
       ('TG', '60000000-0000-7000-8000-000000000002', 'T60-1', 'Bùi Văn Hai', 'poor', '2023-01-01');
SELECT pass('the same household code may be used in two wards');

-- Each row: (description, statement, constraint expected to refuse it).
CREATE TEMP TABLE bad (n serial, what text, stmt text, con text) ON COMMIT DROP;
INSERT INTO bad (what, stmt, con) VALUES
  ('household code with a space',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60 2', 'Tên', 'poor', '2023-01-01') $$, 'household_code_format'),
  ('household code longer than 32',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), repeat('A', 33), 'Tên', 'poor', '2023-01-01') $$, 'household_code_format'),
  ('household code that looks like a UUID',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), '0190aaaabbbb7ccc8dddeeeeffff0000', 'Tên', 'poor', '2023-01-01') $$, 'household_code_format'),
  ('head name not NFC',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', normalize('Hòa', NFD), 'poor', '2023-01-01') $$, 'household_head_name_text'),
  ('head name with doubled spaces',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', 'Bùi  Văn', 'poor', '2023-01-01') $$, 'household_head_name_text'),
  ('empty head name',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', '', 'poor', '2023-01-01') $$, 'household_head_name_text'),
  ('residential group 0',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, residential_group, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', 'Tên', 0, 'poor', '2023-01-01') $$, 'household_residential_group_range'),
  ('phone with letters',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, phone, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', 'Tên', '0905-ABC-123', 'poor', '2023-01-01') $$, 'household_phone_format'),
  ('phone with 7 digits',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, phone, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', 'Tên', '090 5123', 'poor', '2023-01-01') $$, 'household_phone_format'),
  ('empty address (use NULL)',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, address, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', 'Tên', '', 'poor', '2023-01-01') $$, 'household_address_text'),
  ('unknown status word',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', 'Tên', 'Poor', '2023-01-01') $$, 'household_status_word'),
  ('status date before 1900',
   $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
      VALUES ('TC', gen_random_uuid(), 'T60-3', 'Tên', 'poor', '1899-12-31') $$, 'household_status_since_range'),
  ('status history: unknown word',
   $$ INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by)
      VALUES ('TC', '60000000-0000-7000-8000-000000000001', 'near_poor', '2023-01-01', 'x') $$, 'household_status_status_word'),
  ('citizen ID with 11 digits',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, citizen_id)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', '60000000000') $$, 'person_citizen_id_format'),
  ('citizen ID with a letter',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, citizen_id)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', '60000000000O') $$, 'person_citizen_id_format'),
  ('citizen ID with spaces',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, citizen_id)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', ' 600000000001') $$, 'person_citizen_id_format'),
  ('unknown sex word',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, sex)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', 'M') $$, 'person_sex_word'),
  ('unknown relation word',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, relation)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', 'wife') $$, 'person_relation_word'),
  ('unknown disability word',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, disability)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', 'especially_severe') $$, 'person_disability_word'),
  ('birth date after 2100',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, birth_date)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', '2101-01-01') $$, 'person_birth_date_range'),
  ('full name with a control character',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', E'T\u0007n') $$, 'person_full_name_text'),
  ('empty occupation (use NULL)',
   $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, occupation)
      VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Tên', '') $$, 'person_occupation_text'),
  ('ward token without a ward',
   $$ INSERT INTO ansinh.api_token (name, role, token_sha256)
      VALUES ('t60 ward', 'ward', sha256('t60-a')) $$, 'api_token_ward_iff_ward_role'),
  ('district token with a ward',
   $$ INSERT INTO ansinh.api_token (name, role, ward_code, token_sha256)
      VALUES ('t60 district', 'district', 'TC', sha256('t60-b')) $$, 'api_token_ward_iff_ward_role'),
  ('unknown token role',
   $$ INSERT INTO ansinh.api_token (name, role, token_sha256)
      VALUES ('t60 admin', 'admin', sha256('t60-c')) $$, 'api_token_role_word'),
  ('token hash not 32 bytes',
   $$ INSERT INTO ansinh.api_token (name, role, token_sha256)
      VALUES ('t60 short', 'auditor', '\x0102') $$, 'api_token_sha256_length'),
  ('ward code of three letters',
   $$ INSERT INTO ansinh.ward (code, name) VALUES ('TKD', 'Thanh Khê Đông 2') $$, 'ward_code_format');

SELECT throws_like(stmt, '%violates check constraint "' || con || '"%', con || ' refuses ' || what)
  FROM bad ORDER BY n;

-- ---------------------------------------------------------------- unique and foreign keys
INSERT INTO ansinh.person (ward_code, id, household_id, full_name, citizen_id, relation)
VALUES ('TC', '60000000-0000-7000-8000-0000000000a1', '60000000-0000-7000-8000-000000000001',
        'Bùi Văn Một', '048000000601', 'head');
SELECT throws_ok(
    $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, citizen_id)
       VALUES ('TG', gen_random_uuid(), '60000000-0000-7000-8000-000000000002', 'Bùi Văn Hai', '048000000601') $$,
    '23505', NULL, 'a citizen ID is unique across wards');
SELECT throws_ok(
    $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name, relation)
       VALUES ('TC', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Bùi Văn Ba', 'head') $$,
    '23505', NULL, 'a household has at most one head');
SELECT throws_ok(
    $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
       VALUES ('TC', gen_random_uuid(), 'T60-1', 'Tên', 'poor', '2023-01-01') $$,
    '23505', NULL, 'a household code is unique within its ward');
SELECT throws_ok(
    $$ INSERT INTO ansinh.person (ward_code, id, household_id, full_name)
       VALUES ('TG', gen_random_uuid(), '60000000-0000-7000-8000-000000000001', 'Lạc Ward') $$,
    '23503', NULL, 'a member cannot belong to a household of another ward');
SELECT throws_ok(
    $$ INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
       VALUES ('ZZ', gen_random_uuid(), 'T60-9', 'Tên', 'poor', '2023-01-01') $$,
    '23503', NULL, 'a household''s ward must exist');
SELECT throws_ok(
    $$ UPDATE ansinh.person SET ward_code = 'TG' WHERE id = '60000000-0000-7000-8000-0000000000a1' $$,
    '23000', 'the ward and id of a ansinh.person row cannot change', 'a member never changes ward');
SELECT throws_ok(
    $$ INSERT INTO ansinh.household_status (ward_code, household_id, status, since, recorded_by)
       VALUES ('TG', '60000000-0000-7000-8000-000000000001', 'poor', '2023-01-01', 'x') $$,
    '23503', NULL, 'a status row belongs to a household of its own ward');
SELECT is(head_name_folded, 'bui van mot', 'the search key is kept up to date by the table')
  FROM ansinh.household WHERE id = '60000000-0000-7000-8000-000000000001';
SELECT throws_ok(
    $$ INSERT INTO ansinh.api_token (name, role, ward_code, token_sha256)
       VALUES ('t60 one', 'ward', 'TC', sha256('t60-d')), ('t60 two', 'ward', 'TG', sha256('t60-d')) $$,
    '23505', NULL, 'two tokens cannot share a hash');

SELECT * FROM finish();
ROLLBACK;
