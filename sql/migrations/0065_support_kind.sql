-- 0065 — support_list and support_totals filter by kind (`support list
-- --kind K`): the same functions as 0006's with kind (DEFAULT NULL: any)
-- last; the totals count the same entries as the list.

DROP FUNCTION ansinh_api.support_list(text, uuid, text, text, uuid, text, date, date, integer, integer);
DROP FUNCTION ansinh_api.support_totals(text, uuid, text, text, uuid, text, date, date);

-- The entries that match the filters (NULL/'': any). An organization is
-- named by id or by exact name.
CREATE FUNCTION ansinh_api.support_list(
    ward text, household_id uuid, household_code text, fund_code text,
    organization_id uuid, organization_name text, from_date date, to_date date,
    "limit" integer, "offset" integer, kind text DEFAULT NULL)
RETURNS SETOF ansinh_api.support_row
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT r.*
      FROM ansinh_api.support_row AS r
     WHERE (nullif(support_list.ward, '') IS NULL OR r.ward_code = support_list.ward)
       AND (support_list.household_id IS NULL OR r.household_id = support_list.household_id)
       AND (nullif(support_list.household_code, '') IS NULL OR r.household_code = support_list.household_code)
       AND (nullif(support_list.fund_code, '') IS NULL OR r.fund_code = support_list.fund_code)
       AND ((support_list.organization_id IS NULL AND nullif(support_list.organization_name, '') IS NULL)
            OR r.organization_id = ansinh.organization_ref(support_list.organization_id, support_list.organization_name))
       AND (nullif(support_list.kind, '') IS NULL OR r.kind = support_list.kind)
       AND (support_list.from_date IS NULL OR r.given_on_date >= support_list.from_date)
       AND (support_list.to_date IS NULL OR r.given_on_date <= support_list.to_date)
     ORDER BY r.given_on_date, r.recorded_at, r.id
     LIMIT nullif(support_list."limit", 0)
    OFFSET coalesce(support_list."offset", 0);
END;

-- Totals over every entry support_list would return without limit, and
-- (problem) why a filter names nothing that exists.
CREATE FUNCTION ansinh_api.support_totals(
    ward text, household_id uuid, household_code text, fund_code text,
    organization_id uuid, organization_name text, from_date date, to_date date, kind text DEFAULT NULL)
RETURNS ansinh_api.support_sum
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, ansinh
BEGIN ATOMIC
    SELECT pg_catalog.count(*)::bigint,
           coalesce(pg_catalog.sum(s.amount_vnd) FILTER (WHERE s.reverses_id IS NULL), 0)::bigint,
           coalesce(pg_catalog.sum(s.amount_vnd) FILTER (WHERE s.reverses_id IS NOT NULL), 0)::bigint,
           coalesce(pg_catalog.sum(s.amount_vnd), 0)::bigint,
           CASE
               WHEN nullif(support_totals.fund_code, '') IS NOT NULL
                    AND NOT EXISTS (SELECT FROM ansinh.fund AS f WHERE f.code = support_totals.fund_code) THEN
                   pg_catalog.format('fund ''%s'' does not exist (see fund list)', ansinh.excerpt(support_totals.fund_code))
               WHEN (support_totals.organization_id IS NOT NULL OR nullif(support_totals.organization_name, '') IS NOT NULL)
                    AND ansinh.organization_ref(support_totals.organization_id, support_totals.organization_name) IS NULL THEN
                   CASE WHEN support_totals.organization_id IS NOT NULL
                        THEN pg_catalog.format('organization %s does not exist', support_totals.organization_id)
                        ELSE pg_catalog.format('organization ''%s'' does not exist (see org list)',
                                               ansinh.excerpt(support_totals.organization_name)) END
               WHEN nullif(support_totals.household_code, '') IS NOT NULL
                    AND NOT EXISTS (SELECT FROM ansinh.household AS h
                                     WHERE h.code = support_totals.household_code
                                       AND (nullif(support_totals.ward, '') IS NULL OR h.ward_code = support_totals.ward)) THEN
                   pg_catalog.format('household ''%s'' was not found%s', ansinh.excerpt(support_totals.household_code),
                                     coalesce(' in ward ' || nullif(support_totals.ward, ''), ''))
           END
      FROM ansinh.support AS s
      JOIN ansinh.household AS h ON h.ward_code = s.ward_code AND h.id = s.household_id
     WHERE (nullif(support_totals.ward, '') IS NULL OR s.ward_code = support_totals.ward)
       AND (support_totals.household_id IS NULL OR s.household_id = support_totals.household_id)
       AND (nullif(support_totals.household_code, '') IS NULL OR h.code = support_totals.household_code)
       AND (nullif(support_totals.fund_code, '') IS NULL OR s.fund_code = support_totals.fund_code)
       AND ((support_totals.organization_id IS NULL AND nullif(support_totals.organization_name, '') IS NULL)
            OR s.organization_id = ansinh.organization_ref(support_totals.organization_id, support_totals.organization_name))
       AND (nullif(support_totals.kind, '') IS NULL OR s.kind = support_totals.kind)
       AND (support_totals.from_date IS NULL OR s.given_on >= support_totals.from_date)
       AND (support_totals.to_date IS NULL OR s.given_on <= support_totals.to_date);
END;

COMMENT ON FUNCTION ansinh_api.support_list(text, uuid, text, text, uuid, text, date, date, integer, integer, text) IS
    'Support entries by ward, household, fund, organization, period and kind, oldest first';
COMMENT ON FUNCTION ansinh_api.support_totals(text, uuid, text, text, uuid, text, date, date, text) IS
    'Totals (entries, given, reversed, net) over the entries support_list matches, and why a filter names nothing';

CALL ansinh.secure_api();
