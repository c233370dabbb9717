-- 0021 — Vietnam as it is today (issue 12), part two: citizen-ID checks.
--
-- A citizen ID (căn cước công dân, CCCD) has 12 digits: 3 for the province
-- where the birth was registered, 1 for the century of birth and the sex, 2
-- for the year of birth within the century, 6 of serial (Circular
-- 07/2016/TT-BCA as amended by Circular 59/2021/TT-BCA). The century and
-- sex digit: 0 male / 1 female born in the 1900s, 2 / 3 in the 2000s, 4 / 5
-- in the 2100s, 6 / 7 in the 2200s, 8 / 9 in the 1800s.
--
-- ansinh.citizen_id_problem() says when a member's citizen ID disagrees
-- with the member's sex or birth year or begins with no real province code,
-- naming both fields; the view ansinh.citizen_id_mismatch lists the members
-- recorded so. The province codes are the 63 provinces before the 2025
-- mergers: IDs already issued keep their codes.

CREATE TABLE ansinh.citizen_id_province (
    code text PRIMARY KEY
        CONSTRAINT citizen_id_province_code_format CHECK (code ~ '^[0-9]{3}$'),
    name text NOT NULL UNIQUE
        CONSTRAINT citizen_id_province_name_nfc CHECK (name IS NFC NORMALIZED AND name = ansinh.clean_name(name) AND name <> '')
);

COMMENT ON TABLE ansinh.citizen_id_province IS
    'The province codes that begin a citizen ID (the province of birth registration): the 63 provinces of Circular 07/2016/TT-BCA as amended by 59/2021/TT-BCA. Reference data.';
COMMENT ON COLUMN ansinh.citizen_id_province.code IS 'Three digits, e.g. 048 (Đà Nẵng), 049 (Quảng Nam)';
COMMENT ON COLUMN ansinh.citizen_id_province.name IS 'The province''s name when the code was given';

INSERT INTO ansinh.citizen_id_province (code, name) VALUES
    ('001', ansinh.clean_name('Hà Nội')),
    ('002', ansinh.clean_name('Hà Giang')),
    ('004', ansinh.clean_name('Cao Bằng')),
    ('006', ansinh.clean_name('Bắc Kạn')),
    ('008', ansinh.clean_name('Tuyên Quang')),
    ('010', ansinh.clean_name('Lào Cai')),
    ('011', ansinh.clean_name('Điện Biên')),
    ('012', ansinh.clean_name('Lai Châu')),
    ('014', ansinh.clean_name('Sơn La')),
    ('015', ansinh.clean_name('Yên Bái')),
    ('017', ansinh.clean_name('Hòa Bình')),
    ('019', ansinh.clean_name('Thái Nguyên')),
    ('020', ansinh.clean_name('Lạng Sơn')),
    ('022', ansinh.clean_name('Quảng Ninh')),
    ('024', ansinh.clean_name('Bắc Giang')),
    ('025', ansinh.clean_name('Phú Thọ')),
    ('026', ansinh.clean_name('Vĩnh Phúc')),
    ('027', ansinh.clean_name('Bắc Ninh')),
    ('030', ansinh.clean_name('Hải Dương')),
    ('031', ansinh.clean_name('Hải Phòng')),
    ('033', ansinh.clean_name('Hưng Yên')),
    ('034', ansinh.clean_name('Thái Bình')),
    ('035', ansinh.clean_name('Hà Nam')),
    ('036', ansinh.clean_name('Nam Định')),
    ('037', ansinh.clean_name('Ninh Bình')),
    ('038', ansinh.clean_name('Thanh Hóa')),
    ('040', ansinh.clean_name('Nghệ An')),
    ('042', ansinh.clean_name('Hà Tĩnh')),
    ('044', ansinh.clean_name('Quảng Bình')),
    ('045', ansinh.clean_name('Quảng Trị')),
    ('046', ansinh.clean_name('Thừa Thiên Huế')),
    ('048', ansinh.clean_name('Đà Nẵng')),
    ('049', ansinh.clean_name('Quảng Nam')),
    ('051', ansinh.clean_name('Quảng Ngãi')),
    ('052', ansinh.clean_name('Bình Định')),
    ('054', ansinh.clean_name('Phú Yên')),
    ('056', ansinh.clean_name('Khánh Hòa')),
    ('058', ansinh.clean_name('Ninh Thuận')),
    ('060', ansinh.clean_name('Bình Thuận')),
    ('062', ansinh.clean_name('Kon Tum')),
    ('064', ansinh.clean_name('Gia Lai')),
    ('066', ansinh.clean_name('Đắk Lắk')),
    ('067', ansinh.clean_name('Đắk Nông')),
    ('068', ansinh.clean_name('Lâm Đồng')),
    ('070', ansinh.clean_name('Bình Phước')),
    ('072', ansinh.clean_name('Tây Ninh')),
    ('074', ansinh.clean_name('Bình Dương')),
    ('075', ansinh.clean_name('Đồng Nai')),
    ('077', ansinh.clean_name('Bà Rịa – Vũng Tàu')),
    ('079', ansinh.clean_name('Hồ Chí Minh')),
    ('080', ansinh.clean_name('Long An')),
    ('082', ansinh.clean_name('Tiền Giang')),
    ('083', ansinh.clean_name('Bến Tre')),
    ('084', ansinh.clean_name('Trà Vinh')),
    ('086', ansinh.clean_name('Vĩnh Long')),
    ('087', ansinh.clean_name('Đồng Tháp')),
    ('089', ansinh.clean_name('An Giang')),
    ('091', ansinh.clean_name('Kiên Giang')),
    ('092', ansinh.clean_name('Cần Thơ')),
    ('093', ansinh.clean_name('Hậu Giang')),
    ('094', ansinh.clean_name('Sóc Trăng')),
    ('095', ansinh.clean_name('Bạc Liêu')),
    ('096', ansinh.clean_name('Cà Mau'));

CREATE TRIGGER citizen_id_province_append_only
    BEFORE UPDATE OR DELETE ON ansinh.citizen_id_province
    FOR EACH ROW EXECUTE FUNCTION ansinh.refuse_change();
CREATE TRIGGER citizen_id_province_no_truncate
    BEFORE TRUNCATE ON ansinh.citizen_id_province
    FOR EACH STATEMENT EXECUTE FUNCTION ansinh.refuse_change();

-- The year of birth a citizen ID says (from its 4th to 6th digits).
CREATE FUNCTION ansinh.citizen_id_birth_year(citizen_id text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN citizen_id ~ '^[0-9]{12}$' THEN
        (CASE pg_catalog.substr(citizen_id, 4, 1)::integer / 2
              WHEN 0 THEN 1900 WHEN 1 THEN 2000 WHEN 2 THEN 2100 WHEN 3 THEN 2200 ELSE 1800 END)
        + pg_catalog.substr(citizen_id, 5, 2)::integer
    END;

COMMENT ON FUNCTION ansinh.citizen_id_birth_year(text) IS
    'The year of birth a 12-digit citizen ID encodes (century from its 4th digit, year from the 5th and 6th); NULL if it is not 12 digits';

-- The sex a citizen ID says: male for an even 4th digit, female for an odd.
CREATE FUNCTION ansinh.citizen_id_sex(citizen_id text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN citizen_id ~ '^[0-9]{12}$' THEN
        CASE WHEN pg_catalog.substr(citizen_id, 4, 1)::integer % 2 = 0 THEN 'male' ELSE 'female' END
    END;

COMMENT ON FUNCTION ansinh.citizen_id_sex(text) IS
    'The sex a 12-digit citizen ID encodes (its 4th digit: even male, odd female); NULL if it is not 12 digits';

-- Why a citizen ID disagrees with the person, or NULL (also NULL when it is
-- not 12 digits: member_problem says that first).
CREATE FUNCTION ansinh.citizen_id_problem(citizen_id text, birth_date date, sex text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN citizen_id IS NULL OR citizen_id !~ '^[0-9]{12}$' THEN NULL
    WHEN NOT EXISTS (SELECT FROM ansinh.citizen_id_province AS p
                      WHERE p.code = pg_catalog.substr(citizen_id_problem.citizen_id, 1, 3)) THEN
        pg_catalog.format('citizen ID %s is not valid: it begins with %s, which is not a province code (the first 3 digits are the province where the birth was registered, e.g. 048 Đà Nẵng, 049 Quảng Nam)',
                          citizen_id, pg_catalog.substr(citizen_id, 1, 3))
    WHEN sex IN ('male', 'female') AND ansinh.citizen_id_sex(citizen_id) <> sex THEN
        pg_catalog.format('citizen ID %s and sex disagree: its 4th digit %s is that of a %s, the sex given is %s',
                          citizen_id, pg_catalog.substr(citizen_id, 4, 1), ansinh.citizen_id_sex(citizen_id), sex)
    WHEN birth_date IS NOT NULL
         AND ansinh.citizen_id_birth_year(citizen_id) <> pg_catalog.date_part('year', birth_date)::integer THEN
        pg_catalog.format('citizen ID %s and birth date disagree: its digits 4–6 (%s) say born in %s, the birth date is %s',
                          citizen_id, pg_catalog.substr(citizen_id, 4, 3), ansinh.citizen_id_birth_year(citizen_id),
                          ansinh.iso_date(birth_date))
END;

COMMENT ON FUNCTION ansinh.citizen_id_problem(text, date, text) IS
    'Why a 12-digit citizen ID disagrees with a person''s sex or birth year, or has no real province code, naming both fields; NULL when it agrees';

-- The members whose citizen ID disagrees with their sex or birth year, or
-- has no real province code: what an office should correct. (Not yet
-- refused at entry: see README.)
CREATE VIEW ansinh.citizen_id_mismatch WITH (security_invoker = true) AS
SELECT p.ward_code, p.id AS person_id, h.code AS household_code, p.full_name, p.birth_date, p.sex,
       p.citizen_id, ansinh.citizen_id_problem(p.citizen_id, p.birth_date, p.sex) AS problem
  FROM ansinh.person AS p
  JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
 WHERE ansinh.citizen_id_problem(p.citizen_id, p.birth_date, p.sex) IS NOT NULL;

COMMENT ON VIEW ansinh.citizen_id_mismatch IS
    'Members whose citizen ID disagrees with their sex or birth year, or begins with no province code, with the problem in words naming both fields';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.ward_code IS 'Ward of the member';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.person_id IS 'The member (ansinh.person.id)';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.household_code IS 'The household''s code in the ward';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.full_name IS 'The member''s name';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.birth_date IS 'Birth date recorded';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.sex IS 'Sex recorded';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.citizen_id IS 'Citizen ID recorded';
COMMENT ON COLUMN ansinh.citizen_id_mismatch.problem IS 'What disagrees, naming both fields';

REVOKE ALL ON ansinh.citizen_id_province FROM PUBLIC;
REVOKE ALL ON FUNCTION ansinh.citizen_id_birth_year(text), ansinh.citizen_id_sex(text),
                       ansinh.citizen_id_problem(text, date, text)
    FROM PUBLIC;
GRANT SELECT ON ansinh.citizen_id_province TO ansinh_daemon, ansinh_analyst;
REVOKE ALL ON ansinh.citizen_id_mismatch FROM PUBLIC;
GRANT SELECT ON ansinh.citizen_id_mismatch TO ansinh_analyst;
GRANT EXECUTE ON FUNCTION ansinh.citizen_id_birth_year(text), ansinh.citizen_id_sex(text),
                          ansinh.citizen_id_problem(text, date, text)
    TO ansinh_daemon, ansinh_analyst;

-- The API functions and grants above under the model of 0011_privileges.
CALL ansinh.secure_api();
