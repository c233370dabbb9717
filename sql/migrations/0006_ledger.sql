-- Fixed contract: organizations and funds (owned by the "ledger" branch, in
-- sql/migrations/0006_ledger.sql). Shared reference tables, not ward-scoped.
CREATE TABLE ansinh.fund (
    code        text PRIMARY KEY CONSTRAINT fund_code_format CHECK (code ~ '^[a-z][a-z0-9-]{1,31}$'),
    name        text NOT NULL CONSTRAINT fund_name_key UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- seeded: ('poor-fund', 'Quỹ Vì người nghèo (Fund for the Poor)'),
--         ('social-assurance', 'Nguồn đảm bảo xã hội (district social-assurance budget)'),
--         ('gratitude', 'Quỹ Đền ơn đáp nghĩa (Gratitude fund)')
CREATE TABLE ansinh.organization (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CONSTRAINT organization_name_key UNIQUE,
    kind        text NOT NULL CONSTRAINT organization_kind_word CHECK (kind IN
                ('association', 'school', 'army-unit', 'agency', 'province-committee', 'business', 'other')),
    ward_code   text REFERENCES ansinh.ward (code),  -- NULL: district-wide or outside the district
    created_at  timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON ansinh.fund, ansinh.organization TO ansinh_daemon, ansinh_analyst;
GRANT INSERT ON ansinh.fund, ansinh.organization TO ansinh_daemon;
INSERT INTO ansinh.fund (code, name) VALUES ('poor-fund', 'Quỹ Vì người nghèo (Fund for the Poor)');
INSERT INTO ansinh.fund (code, name) VALUES ('social-assurance', 'Nguồn đảm bảo xã hội (district social-assurance budget)');
INSERT INTO ansinh.fund (code, name) VALUES ('gratitude', 'Quỹ Đền ơn đáp nghĩa (Gratitude fund)');
