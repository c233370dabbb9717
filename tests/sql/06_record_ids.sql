-- 06_record_ids.sql — one id, one record (sql/migrations/0012): a ward
-- cannot create a record carrying an id another ward's record has, the
-- refusal names nothing of the other ward, and a lookup by id without a
-- ward finds the one record.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(10);

SET LOCAL ROLE ansinh_api_owner;

-- Thanh Khê Đông (KD) has a household with id X.
SELECT ansinh_test.context('ward', 'KD', 'T06 Thanh Khê Đông', NULL, NULL);
SELECT is((ansinh_api.household_create('06000000-0000-7000-8000-0000000000f1', '06000000-0000-7000-8000-000000000001',
              'KD', 'T06-KD-1', 'Lê Thị Thật', 1, NULL, NULL, false, false, 'poor', '2023-01-01')).code, 0,
          'ward KD creates household X');

-- An Khê (AK) tries to plant a household with the same id.
SELECT ansinh_test.context('ward', 'AK', 'T06 An Khê', NULL, NULL);
SELECT throws_ok(
    $$ SELECT ansinh_api.household_create('06000000-0000-7000-8000-0000000000f2', '06000000-0000-7000-8000-000000000001',
           'AK', 'T06-AK-1', 'Kẻ Giả', 1, NULL, NULL, false, false, 'poor', '2023-01-01') $$,
    '23505', 'duplicate key value violates unique constraint "household_id_key"',
    'ward AK cannot create a household with an id of ward KD''s (a taken key, naming no ward)');
SELECT is_empty($$ SELECT FROM ansinh.household WHERE id = '06000000-0000-7000-8000-000000000001' $$,
                'and ward AK still sees nothing of it');

-- A member with a person id of another ward's member.
SELECT ansinh_test.context('ward', 'KD', 'T06 Thanh Khê Đông', NULL, NULL);
SELECT is((ansinh_api.member_create('06000000-0000-7000-8000-0000000000f3', '06000000-0000-7000-8000-0000000000a1',
              'KD', '06000000-0000-7000-8000-000000000001', NULL, 'Lê Thị Thật', NULL, 'female', NULL,
              'head', NULL, NULL, NULL)).code, 0,
          'ward KD adds a member');
SELECT ansinh_test.context('ward', 'AK', 'T06 An Khê', NULL, NULL);
SELECT is((ansinh_api.household_create('06000000-0000-7000-8000-0000000000f4', '06000000-0000-7000-8000-000000000002',
              'AK', 'T06-AK-2', 'Người Thật', 1, NULL, NULL, false, false, 'poor', '2023-01-01')).code, 0,
          'ward AK creates a household of its own');
SELECT throws_ok(
    $$ SELECT ansinh_api.member_create('06000000-0000-7000-8000-0000000000f5', '06000000-0000-7000-8000-0000000000a1',
           'AK', '06000000-0000-7000-8000-000000000002', NULL, 'Kẻ Giả', NULL, 'female', NULL,
           'head', NULL, NULL, NULL) $$,
    '23505', 'duplicate key value violates unique constraint "person_id_key"',
    'ward AK cannot create a member with the person id of ward KD''s member');
-- A derived id (0014): only with the tag of the record's own ward.
SELECT throws_ok(
    format($$ SELECT ansinh_api.member_create('06000000-0000-7000-8000-0000000000f6', %L,
           'AK', '06000000-0000-7000-8000-000000000002', NULL, 'Kẻ Giả', NULL, 'female', NULL,
           'spouse', NULL, NULL, NULL) $$, ansinh.derived_id('member', 'KD', 'T06-KD-1:name:Ai Đó:')),
    '23505', 'duplicate key value violates unique constraint "person_id_key"',
    'ward AK cannot create a member with an id derived for ward KD (refused as a taken id)');
SELECT is((ansinh_api.member_create('06000000-0000-7000-8000-0000000000f7',
              ansinh.derived_id('member', 'AK', 'T06-AK-2:name:Ai Đó:'),
              'AK', '06000000-0000-7000-8000-000000000002', NULL, 'Ai Đó', NULL, 'female', NULL,
              'spouse', NULL, NULL, NULL)).code, 0,
          'a member with an id derived for its own ward is written');

-- The district finds the one household by id.
SELECT ansinh_test.context('district', NULL, 'T06 district', NULL, NULL);
SELECT results_eq(
    $$ SELECT ward_code, code FROM ansinh_api.household_get(NULL, '06000000-0000-7000-8000-000000000001', NULL) $$,
    $$ VALUES ('KD'::text, 'T06-KD-1'::text) $$,
    'the district''s lookup by id without a ward finds ward KD''s household, and only it');

RESET ROLE;
SELECT is_empty(
    $$ SELECT c.relname
         FROM pg_constraint AS k
         JOIN pg_class AS c ON c.oid = k.conrelid
        WHERE c.relnamespace = 'ansinh'::regnamespace AND k.contype = 'p'
          AND k.conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = c.oid AND attname = 'ward_code'),
                               (SELECT attnum FROM pg_attribute WHERE attrelid = c.oid AND attname = 'id')]::int2[]
          AND (SELECT atttypid FROM pg_attribute WHERE attrelid = c.oid AND attname = 'id') = 'uuid'::regtype
          AND NOT EXISTS (SELECT FROM pg_index AS i
                           WHERE i.indrelid = c.oid AND i.indisunique
                             AND i.indnatts = 1
                             AND i.indkey[0] = (SELECT attnum FROM pg_attribute
                                                 WHERE attrelid = c.oid AND attname = 'id')) $$,
    'every ward-scoped table keyed by (ward_code, id) has its id unique across wards');

SELECT * FROM finish();
ROLLBACK;
