-- 0091: a member's age in ansinh.person_v is counted to Vietnam's today.
--
-- The view (0003) counted age to current_date, the server's date in the
-- session's time zone (UTC on a default cluster): from 17:00 to 24:00 in
-- Hà Nội a member whose birthday it is there was shown a year younger. Every
-- other date rule uses ansinh.today() (0005), Asia/Ho_Chi_Minh; so does
-- this column now. Same columns, same order: only the expression changes.

CREATE OR REPLACE VIEW ansinh.person_v WITH (security_invoker = true) AS
SELECT p.ward_code,
       w.name AS ward_name,
       p.id,
       p.household_id,
       h.code AS household_code,
       h.status AS household_status,
       p.full_name,
       p.birth_date,
       extract(year FROM age(ansinh.today(), p.birth_date))::integer AS age,
       p.sex,
       p.citizen_id,
       p.relation,
       p.disability,
       p.serious_illness,
       p.occupation,
       p.created_at,
       p.updated_at
  FROM ansinh.person AS p
  JOIN ansinh.household AS h ON h.ward_code = p.ward_code AND h.id = p.household_id
  JOIN ansinh.ward AS w ON w.code = p.ward_code;

COMMENT ON COLUMN ansinh.person_v.age IS 'Age in whole years on today''s date in Vietnam (ansinh.today()); NULL without a birth date';

CALL ansinh.secure_api();
