-- 0025 — Vietnam as it is today (issue 12), part six: a mismatched citizen
-- ID is refused at entry.
--
-- ansinh.member_problem (member_create, member_update, and so every row of
-- `ansinh import members`) also refuses a citizen ID whose century/sex
-- digit disagrees with the member's sex or birth year, or whose first three
-- digits are no province code (ansinh.citizen_id_problem, 0021), with a
-- message naming both fields. member_update checks the member as it would
-- be: changing the sex or the birth date so that the ID no longer agrees is
-- refused too. Members recorded before stay as they are
-- (ansinh.citizen_id_mismatch lists them); a change to one of them is
-- refused until its ID, sex or birth date is corrected.

CREATE OR REPLACE FUNCTION ansinh.member_problem(
    full_name text, birth_date date, sex text, citizen_id text, relation text,
    disability text, occupation text)
RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN full_name IS NULL OR full_name = '' THEN
        'full name is required'
    WHEN pg_catalog.char_length(full_name) > 200 THEN
        'full name is longer than 200 characters'
    WHEN full_name ~ '[[:cntrl:]]' THEN
        'full name must not contain control characters'
    WHEN birth_date < '1900-01-01' THEN
        pg_catalog.format('birth date %s is before 1900-01-01', ansinh.iso_date(birth_date))
    WHEN birth_date > ansinh.today() THEN
        pg_catalog.format('birth date %s is in the future', ansinh.iso_date(birth_date))
    WHEN sex NOT IN ('male', 'female') THEN
        pg_catalog.format('sex ''%s'' is not valid: use male or female', ansinh.excerpt(sex))
    WHEN citizen_id !~ '^[0-9]{12}$' THEN
        pg_catalog.format('citizen ID ''%s'' is not valid: it must be exactly 12 digits', ansinh.excerpt(citizen_id))
    WHEN relation NOT IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'other') THEN
        pg_catalog.format('relation ''%s'' is not valid: use head, spouse, child, parent, grandchild or other',
                          ansinh.excerpt(relation))
    WHEN disability IS NULL OR disability NOT IN ('none', 'mild', 'severe', 'especially-severe') THEN
        pg_catalog.format('disability ''%s'' is not valid: use none, mild, severe or especially-severe',
                          ansinh.excerpt(coalesce(disability, '')))
    WHEN occupation = '' THEN
        'occupation must not be empty'
    WHEN pg_catalog.char_length(occupation) > 200 THEN
        'occupation is longer than 200 characters'
    WHEN occupation ~ '[[:cntrl:]]' THEN
        'occupation must not contain control characters'
    ELSE ansinh.citizen_id_problem(citizen_id, birth_date, sex)
END;

COMMENT ON FUNCTION ansinh.member_problem(text, date, text, text, text, text, text) IS
    'Why a member''s fields are not acceptable, or NULL: each field''s rule, and a citizen ID that disagrees with the sex or birth year or has no province code (ansinh.citizen_id_problem)';

CALL ansinh.secure_api();
