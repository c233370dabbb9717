-- 07_unit_keys.sql — the schema keeps to the shape a table distributed by
-- its unit column needs (docs/scaling.md, "Beyond one primary"): every
-- ward-scoped table has ward_code in its primary key, every foreign key
-- between two ward-scoped tables joins ward_code to ward_code, every unique
-- index of one includes ward_code, and no join
-- of the API's functions or views between two ward-scoped tables leaves
-- ward_code out. What does not keep to it today is listed below with its
-- reason, so that only a NEW departure fails (and a listed one that is
-- fixed must leave the list).
-- Run with pg_prove as a superuser against a migrated database (README.md).
BEGIN;
SELECT plan(15);

-- ---------------------------------------------------------------- ward-scoped tables
-- As in 00_schema.sql, found, not listed: a table of schema ansinh with a
-- ward_code column and row-level security (here also where ward_code may be
-- NULL: a district-wide row).
CREATE TEMP TABLE ward_scoped ON COMMIT DROP AS
SELECT c.oid AS relid, c.relname::text AS relname, a.attnum AS wardnum, a.attnotnull AS ward_not_null
  FROM pg_class AS c
  JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'ward_code' AND NOT a.attisdropped
 WHERE c.relnamespace = 'ansinh'::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity;

-- The known exceptions (docs/scaling.md lists them too). All come from one
-- design choice: rows that belong to the district as a whole carry
-- ward_code NULL, and a primary key column cannot be NULL.
CREATE TEMP TABLE unit_key_exception (what, name, reason) ON COMMIT DROP AS
VALUES
    ('pk', 'organization',           'organizations are shared by all wards; ward_code, when set, is only the home ward'),
    ('pk', 'coordination_agreement', 'the district signs agreements too (ward_code NULL)'),
    ('pk', 'programme',              'district-wide programmes have ward_code NULL'),
    ('pk', 'target',                 'district targets have ward_code NULL'),
    ('pk', 'target_history',         'history of target, ward_code NULL for district targets'),
    ('pk', 'job_notice',             'the district puts out job notices too (ward_code NULL)'),
    ('pk', 'audit_mac',              'keyed by request_id; a district-wide write has ward_code NULL'),
    ('pk', 'personal_data_access',   'a district or auditor read spans wards (ward_code NULL)'),
    ('pk', 'request_log',            'keyed by scope (0120): the ward''s code, or district / reference with ward_code NULL'),
    ('pk', 'audit_event',            'keyed by scope (0121): the ward''s code, or district / reference with ward_code NULL'),
    ('fk', 'coordination_agreement_organization_id_fkey', 'to organization, shared by all wards'),
    ('fk', 'pairing_organization_id_fkey',                'to organization, shared by all wards'),
    ('fk', 'programme_organization_id_fkey',              'to organization, shared by all wards'),
    ('fk', 'programme_session_donor_organization_id_fkey', 'to organization, shared by all wards'),
    ('fk', 'support_organization_id_fkey',                'to organization, shared by all wards'),
    ('fk', 'pairing_agreement_id_fkey',                   'to coordination_agreement, which may be the district''s'),
    ('fk', 'programme_agreement_id_fkey',                 'to coordination_agreement, which may be the district''s'),
    ('fk', 'programme_session_programme_id_fkey',         'a ward''s session of a district-wide programme'),
    ('fk', 'target_history_target_id_fkey',               'to target, which may be the district''s'),
    ('uq', 'person_citizen_id_key', 'a citizen ID is unique across all wards (member_create), not within one');

SELECT cmp_ok((SELECT count(*) FROM ward_scoped), '>=', 25::bigint,
              'the ward-scoped tables are found (at least 25)');

CREATE TEMP VIEW pk_without_ward AS
SELECT w.relname
  FROM ward_scoped AS w
 WHERE NOT EXISTS (SELECT FROM pg_constraint AS k
                    WHERE k.conrelid = w.relid AND k.contype = 'p' AND w.wardnum = ANY (k.conkey));

-- A foreign key keeps to the shape when one of its column pairs is
-- (ward_code, ward_code): both sides name it, and as the same pair.
CREATE TEMP VIEW fk_without_ward AS
SELECT k.conname::text AS conname, w.relname, t.relname AS refname
  FROM ward_scoped AS w
  JOIN pg_constraint AS k ON k.conrelid = w.relid AND k.contype = 'f'
  JOIN ward_scoped AS t ON t.relid = k.confrelid
 WHERE NOT EXISTS (SELECT FROM unnest(k.conkey, k.confkey) AS u (a, b)
                    WHERE u.a = w.wardnum AND u.b = t.wardnum);

SELECT is_empty(
    $$ SELECT relname FROM pk_without_ward
        WHERE relname NOT IN (SELECT name FROM unit_key_exception WHERE what = 'pk') $$,
    'every ward-scoped table but the listed exceptions has ward_code in its primary key');
SELECT is_empty(
    $$ SELECT conname, relname, refname FROM fk_without_ward
        WHERE conname NOT IN (SELECT name FROM unit_key_exception WHERE what = 'fk') $$,
    'every foreign key between ward-scoped tables but the listed exceptions pairs ward_code with ward_code');
SELECT is_empty(
    $$ SELECT what, name FROM unit_key_exception
        WHERE (what = 'pk' AND name NOT IN (SELECT relname FROM pk_without_ward))
           OR (what = 'fk' AND name NOT IN (SELECT conname FROM fk_without_ward)) $$,
    'every listed exception is still one (a fixed one leaves the list)');
SELECT is_empty(
    $$ SELECT w.relname FROM ward_scoped AS w
        WHERE w.relname NOT IN (SELECT name FROM unit_key_exception WHERE what = 'pk')
          AND NOT w.ward_not_null $$,
    'ward_code is NOT NULL in every ward-scoped table but the listed exceptions');
SELECT cmp_ok((SELECT count(*) FROM ward_scoped AS w
                 JOIN pg_constraint AS k ON k.conrelid = w.relid AND k.contype = 'f'
                 JOIN ward_scoped AS t ON t.relid = k.confrelid), '>=', 25::bigint,
              'the foreign keys between ward-scoped tables are found (at least 25)');

-- A unique index of a distributed table must contain the distribution
-- column. Besides the listed ones, a UNIQUE (id) alone is allowed where the
-- primary key is (ward_code, id): the id is a UUID, unique by itself, and
-- the index only serves a lookup by id (dropped when distributing).
CREATE TEMP VIEW unique_without_ward AS
SELECT i.relname::text AS indexname, w.relname
  FROM ward_scoped AS w
  JOIN pg_index AS x ON x.indrelid = w.relid AND x.indisunique
  JOIN pg_class AS i ON i.oid = x.indexrelid
 WHERE w.relname NOT IN (SELECT name FROM unit_key_exception WHERE what = 'pk')
   AND NOT (w.wardnum = ANY (x.indkey::int2[]))
   AND NOT (x.indnatts = 1
            AND (SELECT a.attname FROM pg_attribute AS a
                  WHERE a.attrelid = w.relid AND a.attnum = x.indkey[0]) = 'id'
            AND EXISTS (SELECT FROM pg_constraint AS k
                         WHERE k.conrelid = w.relid AND k.contype = 'p'
                           AND k.conkey = ARRAY[w.wardnum, x.indkey[0]]::int2[]));
SELECT is_empty(
    $$ SELECT indexname, relname FROM unique_without_ward
        WHERE indexname NOT IN (SELECT name FROM unit_key_exception WHERE what = 'uq') $$,
    'every unique index of a ward-scoped table includes ward_code, but UNIQUE (id) beside (ward_code, id) and the listed exceptions');
SELECT is_empty(
    $$ SELECT name FROM unit_key_exception
        WHERE what = 'uq' AND name NOT IN (SELECT indexname FROM unique_without_ward) $$,
    'every listed unique-index exception is still one');

-- ---------------------------------------------------------------- joins in the API
-- A textual check of the SQL of the functions (plpgsql and sql) of ansinh
-- and ansinh_api and of their views. It reads explicit JOIN … ON / USING
-- only: comma joins (none today), correlated subqueries and the statements
-- built at run time with EXECUTE format(…) are not read (docs/scaling.md).
-- For each JOIN of a ward-scoped table, the ON clause is taken up to the
-- next clause keyword; if it names a column of another alias that the same
-- source gives to a ward-scoped table (FROM/JOIN/UPDATE [(…] … [AS] alias),
-- both aliases' ward_code must appear in it. A join to a CTE, a function or
-- a table that is not ward-scoped is not judged, nor one to a table listed
-- above as a primary-key exception (shared or district-wide rows: reference
-- tables under Citus, docs/scaling.md).
CREATE TEMP VIEW co_located AS
SELECT relname FROM ward_scoped
 WHERE relname NOT IN (SELECT name FROM unit_key_exception WHERE what = 'pk');

CREATE FUNCTION pg_temp.bad_joins(src text) RETURNS SETOF text
LANGUAGE sql STABLE AS $fn$
WITH s AS (
    SELECT regexp_replace(src, '--[^\n]*', '', 'g') AS txt
), kw AS (
    SELECT '^(on|using|where|join|left|right|inner|outer|cross|full|natural|lateral|group|order|limit|offset|union|except|intersect|returning|having|window|for|set|values|select|and|or|as)$' AS re
), alias AS (   -- aliases the source gives to ward-scoped tables
    SELECT DISTINCT CASE WHEN m[2] IS NULL OR m[2] ~* kw.re THEN m[1] ELSE m[2] END AS alias
      FROM s, kw, regexp_matches(s.txt, '\m(?:FROM|JOIN|UPDATE)[\s(]+(?:ansinh\.)?(\w+)(?:\s+(?:AS\s+)?(\w+))?', 'gi') AS m
     WHERE m[1] IN (SELECT relname FROM co_located)
), piece AS (
    SELECT p.txt
      FROM s, regexp_split_to_table(s.txt, '\mJOIN\M', 'i') WITH ORDINALITY AS p (txt, n)
     WHERE p.n > 1
), j AS (
    SELECT x.tbl, CASE WHEN x.al IS NULL OR x.al ~* kw.re THEN x.tbl ELSE x.al END AS alias,
           x.how, regexp_replace(x.cond, '\m(WHERE|GROUP|ORDER|LIMIT|UNION|EXCEPT|INTERSECT|HAVING|WINDOW|RETURNING|LEFT|RIGHT|INNER|CROSS|FULL|NATURAL)\M.*$|;.*$', '', 'i') AS cond
      FROM kw, piece,
           LATERAL (SELECT substring(piece.txt FROM '^\s*(?:ansinh\.)?(\w+)') AS tbl,
                           substring(piece.txt FROM '^\s*(?:ansinh\.)?\w+\s+(?:AS\s+)?(\w+)') AS al,
                           upper(substring(piece.txt FROM '\m(ON|USING)\M')) AS how,
                           substring(piece.txt FROM '\m(?:ON|USING)\M(.*)$') AS cond) AS x
     WHERE x.tbl IN (SELECT relname FROM co_located)
)
SELECT j.tbl || ' AS ' || j.alias || ' ' || j.how || ' ' || left(regexp_replace(j.cond, '\s+', ' ', 'g'), 160)
  FROM j
 WHERE (j.how = 'USING' AND j.cond !~* '\mward_code\M')
    OR (j.how = 'ON' AND EXISTS (
            SELECT FROM regexp_matches(j.cond, '\m(\w+)\.\w+', 'g') AS o
             WHERE o[1] <> j.alias AND o[1] IN (SELECT alias FROM alias)
               AND NOT (j.cond ~* ('\m' || j.alias || '\.ward_code\M')
                        AND j.cond ~* ('\m' || o[1] || '\.ward_code\M'))));
$fn$;

CREATE TEMP TABLE api_source ON COMMIT DROP AS
SELECT p.oid::regprocedure::text AS name, p.prosrc AS src
  FROM pg_proc AS p
 WHERE p.pronamespace IN ('ansinh'::regnamespace, 'ansinh_api'::regnamespace)
   AND p.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('sql', 'plpgsql'))
UNION ALL
SELECT c.oid::regclass::text, pg_get_viewdef(c.oid)
  FROM pg_class AS c
 WHERE c.relnamespace IN ('ansinh'::regnamespace, 'ansinh_api'::regnamespace) AND c.relkind IN ('v', 'm');

-- The check itself, on sources made up for it: it can fail.
SELECT results_eq(
    $$ SELECT count(*) FROM pg_temp.bad_joins(
           'SELECT 1 FROM ansinh.household AS h JOIN ansinh.person AS p ON p.household_id = h.id WHERE h.code = x') $$,
    $$ VALUES (1::bigint) $$,
    'a join of person to household on the id alone is flagged');
SELECT results_eq(
    $$ SELECT count(*) FROM pg_temp.bad_joins(
           'SELECT 1 FROM ansinh.household h LEFT JOIN ansinh.need n ON n.household_id = h.id AND n.ward_code = h.ward_code') $$,
    $$ VALUES (0::bigint) $$,
    'the same join with both ward_codes is not');
SELECT results_eq(
    $$ SELECT count(*) FROM pg_temp.bad_joins(
           'SELECT 1 FROM ansinh.household AS h JOIN ansinh.need AS n ON n.household_id = h.id AND n.ward_code = ''HK''') $$,
    $$ VALUES (1::bigint) $$,
    'one side''s ward_code alone is flagged');
SELECT results_eq(
    $$ SELECT count(*) FROM pg_temp.bad_joins(
           'WITH n AS (SELECT 1 AS folded) SELECT 1 FROM n JOIN ansinh.person AS p ON p.full_name_folded = n.folded
              JOIN ansinh.fund AS f ON f.code = p.x
              JOIN ansinh.organization AS o ON o.id = p.y') $$,
    $$ VALUES (0::bigint) $$,
    'a join of a ward-scoped table to a CTE, of a shared table or of a listed exception is not judged');
SELECT results_eq(
    $$ SELECT count(*) FROM pg_temp.bad_joins(
           'SELECT 1 FROM ansinh.support s JOIN ansinh.need USING (id)') $$,
    $$ VALUES (1::bigint) $$,
    'a USING without ward_code is flagged');

SELECT cmp_ok((SELECT count(*) FROM api_source AS a,
                      regexp_matches(a.src, '\mJOIN\s+(?:ansinh\.)?(household|person|need|support|poverty_assessment)\M', 'gi')),
              '>=', 5::bigint,
              'the API''s sources are read (joins of ward-scoped tables found in them)');
SELECT is_empty(
    $$ SELECT a.name, b FROM api_source AS a, pg_temp.bad_joins(a.src) AS b $$,
    'no join in the API''s functions or views between two ward-scoped tables leaves ward_code out');

SELECT * FROM finish();
ROLLBACK;
