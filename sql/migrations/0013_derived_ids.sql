-- 0013 — a ward cannot pre-empt another ward's derived household ids.
--
-- `ansinh import households` derives a household's id from its ward and
-- code when the file gives none (client/ids.c: the first 16 bytes of
-- SHA-256("ansinh:household:<ward>:<code>") as a UUIDv8). Those ids are
-- predictable: with one id, one record (0012), a ward could create a
-- household carrying the id derived for another ward's code, and that
-- ward's import would then be refused. From here a household whose id is a
-- UUIDv8 must carry the id derived from its own ward and code; any other
-- id (a UUIDv7 made by the client, a v4) is taken as given.

-- The id the client derives for a record of this kind, ward and key.
CREATE FUNCTION ansinh.derived_id(record text, ward text, key text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    d bytea := substring(sha256(convert_to('ansinh:' || record || ':' || ward || ':' || key, 'UTF8')) FROM 1 FOR 16);
BEGIN
    d := set_byte(d, 6, 128 | (get_byte(d, 6) & 15));
    d := set_byte(d, 8, 128 | (get_byte(d, 8) & 63));
    RETURN encode(d, 'hex')::uuid;
END
$$;

COMMENT ON FUNCTION ansinh.derived_id(text, text, text) IS
    'The UUIDv8 the client derives for a record (e.g. household) of a ward from its natural key (client/ids.c)';

CREATE FUNCTION ansinh.household_derived_id_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
BEGIN
    IF get_byte(uuid_send(NEW.id), 6) >> 4 = 8
       AND NEW.id <> ansinh.derived_id('household', NEW.ward_code, NEW.code) THEN
        RAISE EXCEPTION 'household id % is a derived id (UUIDv8) but not the one derived from ward % and code %',
                        NEW.id, NEW.ward_code, NEW.code
            USING ERRCODE = 'check_violation', COLUMN = 'id',
                  CONSTRAINT = 'household_derived_id',
                  HINT = 'Leave the id out to have it derived, or give a new UUID.';
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION ansinh.household_derived_id_check() IS
    'Trigger: a household with a derived (UUIDv8) id must carry the id derived from its own ward and code';

CREATE TRIGGER household_derived_id
    BEFORE INSERT ON ansinh.household
    FOR EACH ROW EXECUTE FUNCTION ansinh.household_derived_id_check();

REVOKE ALL ON FUNCTION ansinh.derived_id(text, text, text), ansinh.household_derived_id_check() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.derived_id(text, text, text) TO ansinh_api_owner, ansinh_analyst;

CALL ansinh.secure_api();
