-- 0024 — Vietnam as it is today (issue 12), part five: the poverty report
-- rolled up to the units valid on a day (`ansinh report poverty --as-of`).
--
-- ansinh_api.poverty_report_as_of gives the rows of ansinh_api.poverty_report
-- (same columns) with each ward's counts summed into the unit that holds its
-- records on the day (ansinh.ward_unit_at): the 2023 figures as of
-- 2026-12-02 are Thanh Khê ward's (TKW) and An Khê ward's (AKW); the total
-- row (ward NULL) is unchanged. The wards are those the session may read;
-- a unit not valid on the day is left out unless it counts someone. Counts of movements stay NULL when the
-- standard did not apply the year before.

CREATE FUNCTION ansinh_api.poverty_report_as_of(year integer, as_of date, ward text)
RETURNS TABLE (ward_code text, ward_name text, standard_code text, standard_scope text,
               poor integer, near_poor integer, poor_entries integer, poor_exits integer,
               poor_exits_special_difficulty integer, poor_exits_central_poor integer,
               near_poor_entries integer, near_poor_exits integer,
               near_poor_exits_special_difficulty integer, expected_exits integer,
               expected_exited integer, expected_remained integer, expected_not_assessed integer)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT g.unit, coalesce(min(u.name), min(g.ward_name)), g.standard_code, min(g.standard_scope),
           sum(g.poor)::integer, sum(g.near_poor)::integer, sum(g.poor_entries)::integer,
           sum(g.poor_exits)::integer, sum(g.poor_exits_special_difficulty)::integer,
           sum(g.poor_exits_central_poor)::integer, sum(g.near_poor_entries)::integer,
           sum(g.near_poor_exits)::integer, sum(g.near_poor_exits_special_difficulty)::integer,
           sum(g.expected_exits)::integer, sum(g.expected_exited)::integer,
           sum(g.expected_remained)::integer, sum(g.expected_not_assessed)::integer
      FROM (SELECT CASE WHEN r.ward_code IS NOT NULL
                        THEN ansinh.ward_unit_at(r.ward_code, poverty_report_as_of.as_of) END AS unit,
                   r.*
              FROM ansinh.poverty_report(poverty_report_as_of.year, nullif(poverty_report_as_of.ward, '')) AS r
             WHERE r.ward_code IS NULL OR r.ward_code = ANY (ansinh.context_read_wards()))
           AS g
      LEFT JOIN ansinh.admin_unit AS u ON u.code = g.unit
     GROUP BY g.unit, g.standard_code
    HAVING g.unit IS NULL
        OR ansinh.unit_valid_on(min(u.valid_from), min(u.valid_to), poverty_report_as_of.as_of)
        OR sum(g.poor) + sum(g.near_poor) > 0
     ORDER BY g.unit IS NULL, g.unit, g.standard_code;
END;

COMMENT ON FUNCTION ansinh_api.poverty_report_as_of(integer, date, text) IS
    'The poverty report of a year (ansinh_api.poverty_report''s columns) with the wards summed into the units that hold their records on the day; ward_code is the unit''s code (TKW), the total row''s NULL';

REVOKE ALL ON FUNCTION ansinh_api.poverty_report_as_of(integer, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh_api.poverty_report_as_of(integer, date, text) TO ansinh_daemon;

CALL ansinh.secure_api();
