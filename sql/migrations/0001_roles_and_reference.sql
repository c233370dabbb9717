-- 0001 — schemas, group roles, extensions, wards, text folding.
--
-- Every migration is applied by `ansinhd migrate` as ansinh_owner, as one
-- simple query inside its own transaction: no BEGIN/COMMIT here, no psql
-- meta-commands, nothing that cannot run in a transaction block.

-- ------------------------------------------------------------------ roles
-- Group roles are cluster-wide and may already exist (another database of
-- the same cluster, or the DBA made them first); create only what is missing.
-- Login roles are the DBA's: CREATE ROLE ansinhd LOGIN IN ROLE ansinh_daemon.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_daemon') THEN
        CREATE ROLE ansinh_daemon NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_analyst') THEN
        CREATE ROLE ansinh_analyst NOLOGIN;
    END IF;
    -- Owns the one SECURITY DEFINER function (ansinh.citizen_id_ward, 0005):
    -- it may read three columns of ansinh.person across wards, nothing else.
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'ansinh_idcheck') THEN
        CREATE ROLE ansinh_idcheck NOLOGIN;
    END IF;
END
$$;

COMMENT ON ROLE ansinh_daemon IS
    'ansinh: the daemon''s group role (DML through ansinh_api, row-level security applies)';
COMMENT ON ROLE ansinh_analyst IS
    'ansinh: read-only analysts (SELECT on schema ansinh, except api_token)';
COMMENT ON ROLE ansinh_idcheck IS
    'ansinh: owner of ansinh.citizen_id_ward(); reads person(citizen_id, ward_code, id) only';

-- Functions created by the owner are not executable by PUBLIC unless granted.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- ------------------------------------------------------------------ schemas
-- IF NOT EXISTS: the migration runner may keep its ledger in schema ansinh
-- and create the schema before this file runs.
CREATE SCHEMA IF NOT EXISTS ansinh;
CREATE SCHEMA IF NOT EXISTS ansinh_api;
REVOKE ALL ON SCHEMA ansinh, ansinh_api FROM PUBLIC;

COMMENT ON SCHEMA ansinh IS
    'ansinh: welfare records of Thanh Khê district — tables and views (analysts read here)';
COMMENT ON SCHEMA ansinh_api IS
    'ansinh: the functions the daemon calls (see docs/CONTRACTS.md)';

-- ------------------------------------------------------------------ extensions
-- Both are trusted extensions (PG 13+): the database owner may create them.
-- They live in public so that analysts can call similarity() and unaccent()
-- without qualification; our own code always qualifies them.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- ------------------------------------------------------------------ text folding
-- fold(): the search key of a name — lower case, no diacritics.
--   fold('Trương Văn Hoành') = 'truong van hoanh', fold('Hoà') = fold('Hòa') = 'hoa',
--   fold('Đà Nẵng') = 'da nang'.
-- unaccent() is only STABLE (its dictionary could change); naming the dictionary
-- explicitly and fixing the function body at creation time (SQL-standard body)
-- makes the result depend on the argument only, which is what IMMUTABLE (and
-- an expression index) needs. unaccent.rules maps đ/Đ to d/D and drops the
-- combining marks, so decomposed (NFD) input folds the same as NFC input.
CREATE FUNCTION ansinh.fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.lower(public.unaccent('public.unaccent'::regdictionary, t));

COMMENT ON FUNCTION ansinh.fold(text) IS
    'Search key: lower case without Vietnamese diacritics (đ -> d). fold(''Hoà'') = fold(''Hòa'') = ''hoa''';

-- clean_name(): how a person's or household's name is stored — NFC, single
-- spaces, no leading or trailing white space. Empty stays empty.
CREATE FUNCTION ansinh.clean_name(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.regexp_replace(pg_catalog.btrim(normalize(t, NFC)), '\s+', ' ', 'g');

COMMENT ON FUNCTION ansinh.clean_name(text) IS
    'The stored form of a name: Unicode NFC, runs of white space collapsed to one space, trimmed';

-- ------------------------------------------------------------------ wards
CREATE TABLE ansinh.ward (
    code text PRIMARY KEY
        CONSTRAINT ward_code_format CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL UNIQUE
        CONSTRAINT ward_name_nfc CHECK (name IS NFC NORMALIZED AND name = ansinh.clean_name(name) AND name <> '')
);

COMMENT ON TABLE ansinh.ward IS
    'The ten wards (phường) of Thanh Khê district. Every ward-scoped record carries one of these codes.';
COMMENT ON COLUMN ansinh.ward.code IS 'Two capital letters, e.g. AK (An Khê), KD (Thanh Khê Đông)';
COMMENT ON COLUMN ansinh.ward.name IS 'The ward''s Vietnamese name, NFC, e.g. Thanh Khê Đông';

INSERT INTO ansinh.ward (code, name) VALUES
    ('AK', ansinh.clean_name('An Khê')),
    ('CG', ansinh.clean_name('Chính Gián')),
    ('HK', ansinh.clean_name('Hòa Khê')),
    ('TT', ansinh.clean_name('Tam Thuận')),
    ('TC', ansinh.clean_name('Tân Chính')),
    ('TG', ansinh.clean_name('Thạc Gián')),
    ('KD', ansinh.clean_name('Thanh Khê Đông')),
    ('KT', ansinh.clean_name('Thanh Khê Tây')),
    ('VT', ansinh.clean_name('Vĩnh Trung')),
    ('XH', ansinh.clean_name('Xuân Hà'));

-- ------------------------------------------------------------------ request context
-- The daemon sets these with ansinh_api.set_context() at the start of every
-- request transaction; row-level security (0004) and the audit trigger (0002)
-- read them through the two functions below. current_setting(…, true) gives
-- NULL or '' when unset, which admits nothing.

-- Role of the current request: 'ward', 'district', 'auditor', or NULL.
CREATE FUNCTION ansinh.context_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN nullif(pg_catalog.current_setting('ansinh.role', true), '');

-- Ward of the current request (ward role only), or NULL.
CREATE FUNCTION ansinh.context_ward() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN nullif(pg_catalog.current_setting('ansinh.ward', true), '');

COMMENT ON FUNCTION ansinh.context_role() IS
    'The request''s role (ward, district, auditor) set by ansinh_api.set_context, or NULL';
COMMENT ON FUNCTION ansinh.context_ward() IS
    'The request''s ward for a ward session, set by ansinh_api.set_context, or NULL';
