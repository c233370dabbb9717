-- 70_context_once.sql — the wards set_context keeps for the request (0100):
-- the same answers as working them out; counted only for this backend,
-- this transaction and unchanged settings (a hand-set context, a SET ROLE
-- or a changed setting gets nothing); dropped as soon as a ward or a unit
-- changes.
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(13);

SELECT ansinh_test.context('ward', 'TH', 'Thanh Khê ward office', NULL, NULL);
SET LOCAL ROLE ansinh_api_owner;
SELECT ok((ansinh.context_kept_wards()).kept, 'a ward session: set_context kept its wards');
SELECT is(ansinh.context_wards(), ansinh.ward_covers('TH', ansinh.today()),
          'the kept wards are ward_covers of its ward today');
SELECT is(ansinh.context_write_wards(), ansinh.ward_covers('TH', ansinh.today()),
          'and what it may write');
SELECT is(ansinh.context_read_wards(), ansinh.ward_covers('TH', ansinh.today()),
          'and what it may read');
RESET ROLE;

-- The settings changed by hand: nothing, kept or worked out.
SET LOCAL ansinh.ward = 'AK';
SET LOCAL ROLE ansinh_api_owner;
SELECT ok(NOT (ansinh.context_kept_wards()).kept, 'a ward changed by hand: the kept wards do not count');
SELECT is(ansinh.context_write_wards(), NULL, 'and the session may write nothing');
RESET ROLE;
SET LOCAL ansinh.ward = 'TH';
SET LOCAL ansinh.role = 'district';
SET LOCAL ROLE ansinh_api_owner;
SELECT is(ansinh.context_read_wards(), NULL, 'a role changed by hand: nothing to read');
RESET ROLE;

-- A district session: every ward.
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
SET LOCAL ROLE ansinh_api_owner;
SELECT is(ansinh.context_write_wards(),
          (SELECT array_agg(code ORDER BY code) FROM ansinh.ward),
          'a district session writes every ward');
RESET ROLE;
SET LOCAL ROLE ansinhd;
SELECT throws_ok('SELECT * FROM ansinh.request_context', '42501', NULL,
                 'the daemon''s login cannot read the kept context');
SELECT throws_ok($$UPDATE ansinh.context_generation SET generation = 0$$, '42501', NULL,
                 'nor set the generation');
RESET ROLE;

-- A new ward: the kept wards are not used; the answer is worked out again.
SELECT ansinh_test.context('district', NULL, 'district office', NULL, NULL);
INSERT INTO ansinh.ward (code, name) VALUES ('ZZ', 'Test ward 70');
SET LOCAL ROLE ansinh_api_owner;
SELECT ok(NOT (ansinh.context_kept_wards()).kept, 'after a ward is added the kept wards do not count');
SELECT ok('ZZ' = ANY (ansinh.context_write_wards()), 'and the district session may write the new ward');
RESET ROLE;

-- Another transaction, as if another request: nothing is left over.
SELECT ansinh_test.context('ward', 'TH', 'Thanh Khê ward office', NULL, NULL);
UPDATE ansinh.request_context SET xact_start = xact_start - interval '1 second'
 WHERE backend_pid = pg_backend_pid();
SET LOCAL ROLE ansinh_api_owner;
SELECT is(ansinh.context_write_wards(), NULL, 'a row of another transaction admits nothing');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
