-- 0022 — Vietnam as it is today (issue 12), part three: tokens of merged
-- units.
--
--   - The wards of 1 Jul 2025 whose records are kept here get ward codes,
--     so that tokens (`ansinhd token create --role ward --ward TH`) and
--     records can name them: TH Thanh Khê ward (admin unit TKW), AN An Khê
--     ward (AKW). Ward names are no longer unique (An Khê is the old ward
--     AK and the new ward AN); the unit table tells them apart.
--   - A ward token sees and writes the records of its unit and of every
--     unit merged into it (transitively) by today (ansinh.unit_covers): a
--     TH token holds the records of the nine old wards of Thanh Khê ward, an
--     AN token those of AK, a KD token those of KD and HK (merged
--     2025-01-01). Records keep their ward code (never re-keyed).
--   - District tokens (the district until 30 Jun 2025, the city after) are
--     unchanged: everything.
--   - Row-level security: the policies compare the row's ward with an array
--     of ward codes the session may read (or write), computed once per
--     statement: ward_code = ANY ((SELECT ansinh.context_read_wards())), an
--     index condition. A district or auditor session's array is every ward.
--   - ansinh.write_refusal admits the covered wards; ansinh.request_ward
--     gives NULL (every ward the session may see) to a session whose unit
--     covers more than its own ward and named none: a record found by id is
--     found in whichever covered ward holds it. New records are written in
--     the ward the daemon names: the token's own unless another covered
--     ward is named (a support of an old ward's household stays there).

-- ------------------------------------------------------------------ ward codes of today's wards
ALTER TABLE ansinh.ward DROP CONSTRAINT ward_name_key;

INSERT INTO ansinh.ward (code, name) VALUES
    ('TH', ansinh.clean_name('Thanh Khê')),
    ('AN', ansinh.clean_name('An Khê'));

COMMENT ON TABLE ansinh.ward IS
    'The ward codes records carry: the ten wards (phường) of Thanh Khê district as they were until 2025, and the wards of 1 Jul 2025 whose records are kept here (TH Thanh Khê, AN An Khê). Which unit a code belongs to, and what it merged into: ansinh.admin_unit.';
COMMENT ON COLUMN ansinh.ward.code IS 'Two capital letters, e.g. AK (An Khê until 2025), TH (Thanh Khê ward from 2025-07-01)';
COMMENT ON COLUMN ansinh.ward.name IS 'The ward''s Vietnamese name, NFC (not unique: the old and the new An Khê)';

ALTER TABLE ansinh.admin_unit DISABLE TRIGGER admin_unit_append_only;
UPDATE ansinh.admin_unit SET ward_code = 'TH' WHERE code = 'TKW';
UPDATE ansinh.admin_unit SET ward_code = 'AN' WHERE code = 'AKW';
ALTER TABLE ansinh.admin_unit ENABLE TRIGGER admin_unit_append_only;

-- ------------------------------------------------------------------ the wards of a session
-- The ward codes whose records the session's ward holds today: the codes
-- of its unit and of every unit merged into it. A ward code with no unit:
-- itself. NULL for a session without a ward.
CREATE FUNCTION ansinh.ward_covers(ward text, as_of date) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, ansinh
    RETURN CASE WHEN ward IS NOT NULL THEN
                coalesce((SELECT pg_catalog.array_agg(DISTINCT a.ward_code ORDER BY a.ward_code)
                            FROM ansinh.admin_unit AS u
                           CROSS JOIN LATERAL ansinh.unit_covers(u.code, as_of) AS c (code)
                            JOIN ansinh.admin_unit AS a ON a.code = c.code
                           WHERE u.ward_code = ward_covers.ward AND a.ward_code IS NOT NULL),
                         ARRAY[ward])
           END;

COMMENT ON FUNCTION ansinh.ward_covers(text, date) IS
    'The ward codes whose records a ward code''s unit holds on a day: its own and those of every unit merged into it (transitively); e.g. on 2026-12-02 TH holds CG,HK,KD,KT,TC,TG,TH,TT,VT,XH and AN holds AK,AN';

CREATE FUNCTION ansinh.context_wards() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    RETURN ansinh.ward_covers(ansinh.context_ward(), ansinh.today());

-- What a session may read: every ward for district and auditor sessions,
-- the covered wards for a ward session, nothing (NULL) without a context.
CREATE FUNCTION ansinh.context_read_wards() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    RETURN CASE ansinh.context_role()
               WHEN 'district' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               WHEN 'auditor' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               WHEN 'ward' THEN ansinh.context_wards()
           END;

-- What a session may write: as above, without auditors.
CREATE FUNCTION ansinh.context_write_wards() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    RETURN CASE ansinh.context_role()
               WHEN 'district' THEN (SELECT pg_catalog.array_agg(w.code ORDER BY w.code) FROM ansinh.ward AS w)
               WHEN 'ward' THEN ansinh.context_wards()
           END;

COMMENT ON FUNCTION ansinh.context_wards() IS
    'The ward codes a ward session holds today (its ward and every ward merged into its unit), NULL for other sessions';
COMMENT ON FUNCTION ansinh.context_read_wards() IS
    'The ward codes the request may read: all for district and auditor sessions, ansinh.context_wards() for a ward session, NULL without a context';
COMMENT ON FUNCTION ansinh.context_write_wards() IS
    'The ward codes the request may write: all for district sessions, ansinh.context_wards() for a ward session, NULL otherwise';

GRANT CREATE ON SCHEMA ansinh TO ansinh_api_owner;
ALTER FUNCTION ansinh.context_wards() OWNER TO ansinh_api_owner;
ALTER FUNCTION ansinh.context_read_wards() OWNER TO ansinh_api_owner;
ALTER FUNCTION ansinh.context_write_wards() OWNER TO ansinh_api_owner;
REVOKE CREATE ON SCHEMA ansinh FROM ansinh_api_owner;
REVOKE ALL ON FUNCTION ansinh.ward_covers(text, date), ansinh.context_wards(), ansinh.context_read_wards(),
                       ansinh.context_write_wards() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.ward_covers(text, date) TO ansinh_api_owner, ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh.context_wards(), ansinh.context_read_wards(), ansinh.context_write_wards()
  TO ansinh_api_owner, ansinh_audit_writer, ansinh_analyst, ansinh_idcheck, ansinh_sealer;

-- ------------------------------------------------------------------ the policies' checks
-- Given the array (an init plan of the policy), inlined by the planner:
-- ward_code = ANY ($n) is an index condition.
CREATE FUNCTION ansinh.context_may_read(ward_code text, wards text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ward_code = ANY (wards);
CREATE FUNCTION ansinh.context_may_write(ward_code text, wards text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ward_code = ANY (wards);
-- NULL ward: the district as a whole, read by every session, written by
-- district sessions only.
CREATE FUNCTION ansinh.context_may_read_scope(ward_code text, wards text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ward_code = ANY (wards) OR (ward_code IS NULL AND wards IS NOT NULL);
CREATE FUNCTION ansinh.context_may_write_scope(ward_code text, ctx_role text, wards text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ward_code = ANY (wards) OR (ward_code IS NULL AND ctx_role IS NOT DISTINCT FROM 'district');

COMMENT ON FUNCTION ansinh.context_may_read(text, text[]) IS
    'Policy check: the row''s ward is one the request may read (wards: (SELECT ansinh.context_read_wards()))';
COMMENT ON FUNCTION ansinh.context_may_write(text, text[]) IS
    'Policy check: the row''s ward is one the request may write (wards: (SELECT ansinh.context_write_wards()))';
COMMENT ON FUNCTION ansinh.context_may_read_scope(text, text[]) IS
    'Policy check: as context_may_read, and a NULL ward (district-wide) for any session';
COMMENT ON FUNCTION ansinh.context_may_write_scope(text, text, text[]) IS
    'Policy check: as context_may_write, and a NULL ward (district-wide) for district sessions';

REVOKE ALL ON FUNCTION
    ansinh.context_may_read(text, text[]), ansinh.context_may_write(text, text[]),
    ansinh.context_may_read_scope(text, text[]), ansinh.context_may_write_scope(text, text, text[])
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    ansinh.context_may_read(text, text[]), ansinh.context_may_write(text, text[]),
    ansinh.context_may_read_scope(text, text[]), ansinh.context_may_write_scope(text, text, text[])
  TO ansinh_api_owner, ansinh_audit_writer, ansinh_analyst, ansinh_idcheck, ansinh_sealer;

-- The one-argument forms (0004; written in policies, and what an analyst
-- may call) say the same.
CREATE OR REPLACE FUNCTION ansinh.context_may_read(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(ward_code = ANY (ansinh.context_read_wards()), false);
CREATE OR REPLACE FUNCTION ansinh.context_may_write(ward_code text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(ward_code = ANY (ansinh.context_write_wards()), false);

-- A policy written with ansinh.context_may_*(w) gets the arrays (read once
-- per statement); context_role() and context_ward() elsewhere in it, as
-- before, subqueries.
CREATE OR REPLACE FUNCTION ansinh.context_once(expr text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN pg_catalog.regexp_replace(
               pg_catalog.regexp_replace(
                   pg_catalog.regexp_replace(expr, '(?<!SELECT )ansinh\.context_(role|ward)\(\)',
                                             '(SELECT ansinh.context_\1())', 'g'),
                   'ansinh\.context_may_write_scope\(([^(),]*)\)',
                   'ansinh.context_may_write_scope(\1, (SELECT ansinh.context_role()), (SELECT ansinh.context_write_wards()))',
                   'g'),
               'ansinh\.context_may_(read|write)(_scope)?\(([^(),]*)\)',
               'ansinh.context_may_\1\2(\3, (SELECT ansinh.context_\1_wards()))', 'g');

-- The policies 0011 rewrote (role and ward as subqueries) take the arrays.
DO $$
DECLARE
    r record;
    old_form constant text :=
        'ansinh\.context_may_(read|write)(_scope)?\(([^(),]*), \( SELECT ansinh\.context_role\(\) AS context_role\), \( SELECT ansinh\.context_ward\(\) AS context_ward\)\)';
    qual text;
    wcheck text;
BEGIN
    FOR r IN SELECT p.polname, p.polrelid::regclass AS rel,
                    pg_get_expr(p.polqual, p.polrelid) AS qual,
                    pg_get_expr(p.polwithcheck, p.polrelid) AS wcheck
               FROM pg_policy AS p
               JOIN pg_class AS k ON k.oid = p.polrelid
               JOIN pg_namespace AS n ON n.oid = k.relnamespace
              WHERE n.nspname = 'ansinh'
    LOOP
        qual := ansinh.context_once(regexp_replace(r.qual, old_form, 'ansinh.context_may_\1\2(\3)', 'g'));
        wcheck := ansinh.context_once(regexp_replace(r.wcheck, old_form, 'ansinh.context_may_\1\2(\3)', 'g'));
        IF qual IS DISTINCT FROM r.qual OR wcheck IS DISTINCT FROM r.wcheck THEN
            EXECUTE format('ALTER POLICY %I ON %s', r.polname, r.rel)
                 || CASE WHEN qual IS NOT NULL THEN format(' USING (%s)', qual) ELSE '' END
                 || CASE WHEN wcheck IS NOT NULL THEN format(' WITH CHECK (%s)', wcheck) ELSE '' END;
        END IF;
    END LOOP;
    IF EXISTS (SELECT FROM pg_policy AS p
                WHERE pg_get_expr(p.polqual, p.polrelid) ~ old_form
                   OR pg_get_expr(p.polwithcheck, p.polrelid) ~ old_form) THEN
        RAISE EXCEPTION '0022: a policy still reads one ward';
    END IF;
END
$$;

-- ------------------------------------------------------------------ the API's ward checks
CREATE OR REPLACE FUNCTION ansinh.write_refusal(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN ansinh.context_role() = 'district' THEN NULL
    WHEN ansinh.context_role() = 'auditor' THEN
        'an auditor session is read-only'
    WHEN ansinh.context_role() = 'ward' AND (ward IS NULL OR ward = ANY (ansinh.context_wards())) THEN NULL
    WHEN ansinh.context_role() = 'ward' THEN
        pg_catalog.format('a session of ward %s may not write records of ward %s', ansinh.context_ward(), ward)
    ELSE
        'no request context'
END;

CREATE OR REPLACE FUNCTION ansinh.request_ward(ward text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce(nullif(pg_catalog.btrim(ward), ''),
                    CASE WHEN pg_catalog.cardinality(ansinh.context_wards()) > 1 THEN NULL
                         ELSE ansinh.context_ward() END);

COMMENT ON FUNCTION ansinh.write_refusal(text) IS
    'Why the request may not write records of the ward (a ward session: its own and the wards merged into its unit), or NULL';
COMMENT ON FUNCTION ansinh.request_ward(text) IS
    'The ward a request names; for a ward session that named none, its ward, or NULL (every ward it holds) when its unit holds more than its own';

-- ------------------------------------------------------------------ for the daemon
-- The wards a ward token holds, for the daemon's own check of --ward.
CREATE FUNCTION ansinh_api.ward_covers(ward text) RETURNS text
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT pg_catalog.array_to_string(ansinh.ward_covers(nullif(ward_covers.ward, ''), ansinh.today()), ',');
END;

COMMENT ON FUNCTION ansinh_api.ward_covers(text) IS
    'The ward codes (comma-separated) whose records a ward token of this ward holds today; '''' for none';

CALL ansinh.secure_api();
