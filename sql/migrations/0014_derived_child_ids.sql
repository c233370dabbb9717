-- 0014 — a ward cannot pre-empt another ward's derived ids of members,
-- needs, supports and assessments.
--
-- `ansinh import` derives the id of a row given without one from its ward
-- and natural key (client/ids.c). A household's key is its code, which the
-- database has, so 0013 recomputes a derived household id in full. The keys
-- of the other kinds hold what the row says as it says it (the household's
-- code or id, folded free text, an organization's name as written), which
-- the database cannot recompute; so from here the client puts a part the
-- database can check into those ids: their first 8 bytes are the ward's
-- tag, the first 8 bytes of SHA-256("ansinh:<record>:<WARD>") (version
-- nibble 8), the last 8 those of SHA-256("ansinh:<record>:<WARD>:<key>")
-- (variant 10). A record's ward is one its writer may write (a ward
-- session's own: write_refusal, row-level security), so a ward can create
-- derived ids only with its own tag and never one derived for another
-- ward. A member, need, support or assessment whose id is a UUIDv8 without
-- the tag of its own ward is refused exactly as a taken id is (0012:
-- unique_violation of <table>_id_key, "<table> id already exists"): the
-- refusal depends only on the writer's own request and says nothing of
-- any other ward. Ids of any other version (the UUIDv7 that commands
-- make) are taken as given. Rows already stored are not checked: ids
-- derived by an older client keep their form (an older file imported
-- again makes new ids; export's files carry their ids).

CREATE FUNCTION ansinh.derived_ward_tag(record text, ward text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
    RETURN set_byte(substring(sha256(convert_to('ansinh:' || record || ':' || ward, 'UTF8')) FROM 1 FOR 8),
                    6, 128 | (get_byte(sha256(convert_to('ansinh:' || record || ':' || ward, 'UTF8')), 6) & 15));

COMMENT ON FUNCTION ansinh.derived_ward_tag(text, text) IS
    'The first 8 bytes of every id the client derives for a record (member, need, support, assessment) of a ward: SHA-256("ansinh:<record>:<ward>"), version nibble 8 (client/ids.c)';

-- The id the client derives, for every kind now (a household: the whole
-- hash, 0013; any other record: the ward's tag, then the hash's last 8).
CREATE OR REPLACE FUNCTION ansinh.derived_id(record text, ward text, key text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
DECLARE
    d bytea := substring(sha256(convert_to('ansinh:' || record || ':' || ward || ':' || key, 'UTF8')) FROM 1 FOR 16);
BEGIN
    IF record <> 'household' THEN
        d := overlay(d PLACING ansinh.derived_ward_tag(record, ward) FROM 1 FOR 8);
    END IF;
    d := set_byte(d, 6, 128 | (get_byte(d, 6) & 15));
    d := set_byte(d, 8, 128 | (get_byte(d, 8) & 63));
    RETURN encode(d, 'hex')::uuid;
END
$$;

COMMENT ON FUNCTION ansinh.derived_id(text, text, text) IS
    'The UUIDv8 the client derives for a record (household, member, need, support, assessment) of a ward from its natural key (client/ids.c; README "Import identity")';

-- Trigger (argument: the record's name in the derivation): a derived id
-- must carry the tag of the record's own ward; else refused as a taken id.
CREATE FUNCTION ansinh.derived_ward_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ansinh, pg_temp
AS $$
BEGIN
    IF get_byte(uuid_send(NEW.id), 6) >> 4 = 8
       AND substring(uuid_send(NEW.id) FROM 1 FOR 8) <> ansinh.derived_ward_tag(TG_ARGV[0], NEW.ward_code) THEN
        RAISE EXCEPTION 'duplicate key value violates unique constraint "%"', TG_TABLE_NAME || '_id_key'
            USING ERRCODE = 'unique_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  CONSTRAINT = TG_TABLE_NAME || '_id_key';
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION ansinh.derived_ward_check() IS
    'Trigger: a record with a derived (UUIDv8) id must carry the tag of its own ward (ansinh.derived_ward_tag), else it is refused as a taken id';

CREATE TRIGGER person_derived_id
    BEFORE INSERT ON ansinh.person
    FOR EACH ROW EXECUTE FUNCTION ansinh.derived_ward_check('member');
CREATE TRIGGER need_derived_id
    BEFORE INSERT ON ansinh.need
    FOR EACH ROW EXECUTE FUNCTION ansinh.derived_ward_check('need');
CREATE TRIGGER support_derived_id
    BEFORE INSERT ON ansinh.support
    FOR EACH ROW EXECUTE FUNCTION ansinh.derived_ward_check('support');
CREATE TRIGGER poverty_assessment_derived_id
    BEFORE INSERT ON ansinh.poverty_assessment
    FOR EACH ROW EXECUTE FUNCTION ansinh.derived_ward_check('assessment');

REVOKE ALL ON FUNCTION ansinh.derived_ward_tag(text, text), ansinh.derived_ward_check() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ansinh.derived_ward_tag(text, text) TO ansinh_api_owner, ansinh_analyst;

CALL ansinh.secure_api();
