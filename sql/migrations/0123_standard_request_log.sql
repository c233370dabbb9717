-- 0123 — a standard's request in the one request log.
--
-- ansinh.poverty_standard.request_id was the standards' own idempotency
-- store: standard_create answered a replay from the row itself, because
-- the request log needed a ward when standards were written. Since 0120
-- the one request log holds the district's scope, so a standard's request
-- is logged there like every other write (scope 'district', record_id the
-- standard's id) and a replay is answered by ansinh.start_write. The
-- requests of the standards already added are moved in, with their times,
-- actors and tokens; the column stays, as household_status.request_id
-- does: which request added the row, no longer what a replay reads. A
-- create answered "already exists with the same content" is now logged
-- too, as every OK write is.

-- Row-level security is forced on the owner too: lifted for the move only
-- (as 0120 moved the district's log in).
ALTER TABLE ansinh.request_log NO FORCE ROW LEVEL SECURITY;
INSERT INTO ansinh.request_log
       (ward_code, request_id, operation, code, message, record_id, actor, token_id, recorded_at)
SELECT NULL, s.request_id, 'standard_create', 0, pg_catalog.format('standard %s (%s) added', s.code, s.area),
       s.id, s.created_by, s.token_id, s.created_at
  FROM ansinh.poverty_standard AS s
 WHERE s.request_id IS NOT NULL
ON CONFLICT DO NOTHING;  -- a request id the district's scope has logged keeps its row
ALTER TABLE ansinh.request_log FORCE ROW LEVEL SECURITY;

COMMENT ON COLUMN ansinh.poverty_standard.request_id IS
    'request_id of the client request that added it (its outcome is in ansinh.request_log since 0123); NULL for the seeded standard';

CREATE OR REPLACE FUNCTION ansinh_api.standard_create(
    request_id uuid, id uuid, code text, area text, name text, scope text,
    valid_from date, valid_to date, income_line_vnd bigint, near_poor_ceiling_vnd bigint,
    average_ceiling_vnd bigint, min_deprivations integer, note text)
RETURNS ansinh_api.outcome
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh
AS $$
DECLARE
    op CONSTANT text := 'standard_create';
    result ansinh_api.outcome;
    problem text;
    new ansinh.poverty_standard;
    old ansinh.poverty_standard;
    other ansinh.poverty_standard;
BEGIN
    result := ansinh.start_write(request_id, op);
    IF result.code IS NOT NULL THEN
        RETURN result;
    END IF;
    IF ansinh.context_role() IS DISTINCT FROM 'district' THEN
        RETURN ansinh.permission_denied('only a district session may add a poverty standard', id, NULL);
    END IF;
    IF id IS NULL THEN
        RETURN ansinh.invalid_argument('standard id is required', NULL, NULL);
    END IF;

    new.id := id;
    new.code := btrim(code);
    new.area := area;
    new.name := ansinh.clean_name(name);
    new.scope := scope;
    new.valid_from := valid_from;
    new.valid_to := valid_to;
    new.income_line_vnd := income_line_vnd;
    new.near_poor_ceiling_vnd := coalesce(nullif(near_poor_ceiling_vnd, 0), income_line_vnd);
    new.average_ceiling_vnd := coalesce(nullif(average_ceiling_vnd, 0), income_line_vnd * 3 / 2);
    new.min_deprivations := coalesce(nullif(min_deprivations, 0), 3);
    new.note := nullif(ansinh.tidy_text(note), '');

    problem := CASE
        WHEN new.code IS NULL OR new.code = '' THEN 'standard code is required'
        WHEN new.code !~ '^[a-z0-9][a-z0-9-]{0,31}$' THEN
            format('standard code ''%s'' is not valid: use 1 to 32 lower-case letters, digits and ''-''', ansinh.excerpt(new.code))
        WHEN new.area IS NULL THEN 'area is required: urban or rural'
        WHEN new.area NOT IN ('urban', 'rural') THEN
            format('area ''%s'' is not valid: use urban or rural', ansinh.excerpt(new.area))
        WHEN new.name IS NULL OR new.name = '' THEN 'standard name is required'
        WHEN char_length(new.name) > 200 THEN 'standard name is longer than 200 characters'
        WHEN new.name ~ '[[:cntrl:]]' THEN 'standard name must not contain control characters'
        WHEN new.scope IS NULL THEN 'scope is required: central or city'
        WHEN new.scope NOT IN ('central', 'city') THEN
            format('scope ''%s'' is not valid: use central or city', ansinh.excerpt(new.scope))
        WHEN new.valid_from IS NULL THEN 'valid-from date is required'
        WHEN new.valid_to IS NULL THEN 'valid-to date is required'
        WHEN new.valid_from < '1900-01-01' OR new.valid_to > '2100-12-31' THEN
            'validity must lie between 1900-01-01 and 2100-12-31'
        WHEN new.valid_to < new.valid_from THEN
            format('valid-to date %s is before valid-from date %s', ansinh.iso_date(new.valid_to), ansinh.iso_date(new.valid_from))
        WHEN new.income_line_vnd IS NULL OR new.income_line_vnd < 1 THEN 'income line must be at least 1 VND'
        WHEN new.income_line_vnd > 1000000000000 THEN 'income line must not be more than 1,000,000,000,000 VND'
        WHEN new.near_poor_ceiling_vnd < new.income_line_vnd THEN
            format('near-poor ceiling %s is below the income line %s', ansinh.vnd(new.near_poor_ceiling_vnd), ansinh.vnd(new.income_line_vnd))
        WHEN new.average_ceiling_vnd < new.near_poor_ceiling_vnd THEN
            format('average-living ceiling %s is below the near-poor ceiling %s', ansinh.vnd(new.average_ceiling_vnd), ansinh.vnd(new.near_poor_ceiling_vnd))
        WHEN new.average_ceiling_vnd > 1000000000000 THEN 'average-living ceiling must not be more than 1,000,000,000,000 VND'
        WHEN new.min_deprivations NOT BETWEEN 1 AND 12 THEN
            format('number of deprivations %s is out of range: use 1 to 12', new.min_deprivations)
        ELSE ansinh.text_problem('note', new.note, 4000, true)
    END;
    IF problem IS NOT NULL THEN
        RETURN ansinh.invalid_argument(problem, id, NULL);
    END IF;

    -- The same standard and area again: fine if it says the same thing.
    SELECT * INTO old FROM ansinh.poverty_standard AS s WHERE s.code = new.code AND s.area = new.area;
    IF FOUND THEN
        IF (old.name, old.scope, old.valid_from, old.valid_to, old.income_line_vnd, old.near_poor_ceiling_vnd,
            old.average_ceiling_vnd, old.min_deprivations, old.note)
           IS NOT DISTINCT FROM
           (new.name, new.scope, new.valid_from, new.valid_to, new.income_line_vnd, new.near_poor_ceiling_vnd,
            new.average_ceiling_vnd, new.min_deprivations, new.note)
        THEN
            RETURN ansinh.log_request(request_id, op,
                       ansinh.ok(format('standard %s (%s) already exists with the same content', old.code, old.area),
                                 old.id, NULL));
        END IF;
        RETURN ansinh.already_exists(format('standard %s (%s) already exists with different content; standards are never changed: add one with a new code',
                                        old.code, old.area), id, NULL);
    END IF;
    IF EXISTS (SELECT FROM ansinh.poverty_standard AS s WHERE s.id = new.id) THEN
        RETURN ansinh.already_exists(format('standard id %s is already used', new.id), id, NULL);
    END IF;
    -- The other area of the same standard must agree on what it is.
    SELECT * INTO other FROM ansinh.poverty_standard AS s WHERE s.code = new.code LIMIT 1;
    IF FOUND AND (other.name, other.scope, other.valid_from, other.valid_to)
                 IS DISTINCT FROM (new.name, new.scope, new.valid_from, new.valid_to) THEN
        RETURN ansinh.failed_precondition(format('standard %s (%s) exists with another name, scope or validity (%s, %s, %s to %s)',
                                        other.code, other.area, other.name, other.scope,
                                        ansinh.iso_date(other.valid_from), ansinh.iso_date(other.valid_to)),
                              id, NULL);
    END IF;
    -- One central standard per area at a time.
    IF new.scope = 'central' THEN
        SELECT * INTO other
          FROM ansinh.poverty_standard AS s
         WHERE s.scope = 'central' AND s.area = new.area AND s.code <> new.code
           AND s.valid_from <= new.valid_to AND s.valid_to >= new.valid_from
         LIMIT 1;
        IF FOUND THEN
            RETURN ansinh.failed_precondition(format('central standard %s already applies to %s areas from %s to %s',
                                            other.code, other.area, ansinh.iso_date(other.valid_from),
                                            ansinh.iso_date(other.valid_to)),
                                  id, NULL);
        END IF;
    END IF;

    INSERT INTO ansinh.poverty_standard
           (code, area, id, name, scope, valid_from, valid_to, income_line_vnd, near_poor_ceiling_vnd,
            average_ceiling_vnd, min_deprivations, note, created_by, token_id, request_id)
    VALUES (new.code, new.area, new.id, new.name, new.scope, new.valid_from, new.valid_to, new.income_line_vnd,
            new.near_poor_ceiling_vnd, new.average_ceiling_vnd, new.min_deprivations, new.note, ansinh.actor(),
            nullif(current_setting('ansinh.token_id', true), '')::uuid, request_id);
    RETURN ansinh.log_request(request_id, op, ansinh.ok(format('standard %s (%s) added', new.code, new.area), new.id, NULL));
END
$$;

CALL ansinh.secure_api();
