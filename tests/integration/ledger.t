#!/usr/bin/env bash
# The money ledger end to end: funds (district only), organizations (a ward
# adds its own ward's), support given — fulfilling an approved need in the
# same transaction, reversed once and only once, never updated or deleted,
# not even by the daemon's role in direct SQL — with totals, filters, role
# refusals, bad values naming the flag, and wards kept apart.
. "$(dirname "$0")/../lib/common.sh"

plan 89

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

HK1=$(ans ak household add --code AK-1 --head "Trương Văn Hoành" --group 31) &&
	ans ak household add --code AK-2 --head "Lê Thị Hòa" >/dev/null &&
	ans cg household add --code CG-1 --head "Đặng Văn Hai" >/dev/null
ok $? "setup: households in AK and CG"

# --- funds
run ans ak --format csv fund list
is "$RC" 0 "fund list"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' ')" \
	"gratitude poor-fund social-assurance " "the three funds are seeded"
like "$OUT" "Quỹ Vì người nghèo" "with their Vietnamese names"
run ans ak fund add --code relief --name "Quỹ cứu trợ"
is "$RC" 2 "a ward cannot add a fund"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans district fund add --code relief --name "Quỹ cứu trợ (Relief fund)"
is "$RC" 0 "the district adds a fund"
is "$OUT" "relief" "and its code is printed"
run ans district fund add --code relief --name "Another name"
is "$RC" 2 "the same code with another name is refused"
like "$ERR" "ALREADY_EXISTS" "with ALREADY_EXISTS"
run ans district fund add --code "Relief Fund" --name "X"
is "$RC" 1 "a malformed fund code is a usage error"
like "$ERR" "--code" "naming --code"
is "$(sql "SELECT actor||'|'||role||'|'||action FROM ansinh.audit_event WHERE scope = 'reference' AND table_name = 'fund' AND record_key = 'relief'")" \
	"district|district|insert" "adding a fund is audited: who and in which role"
run ans auditor fund add --code audit-fund --name "Z"
is "$RC" 2 "an auditor cannot add a fund"

# --- organizations
run ans ak org add --name "Hội LHPN phường An Khê" --kind association
is "$RC" 0 "a ward adds an organization"
ORG_AK=$OUT
is "$(sql "SELECT ward_code||'|'||kind FROM ansinh.organization WHERE id = '$ORG_AK'")" "AK|association" \
	"of its own ward"
run ans ak org add --name "Trường tiểu học X" --kind school --ward CG
is "$RC" 2 "a ward cannot add another ward's organization"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans district org add --name "UBND tỉnh Thanh Hóa" --kind province-committee
is "$RC" 0 "the district adds a district-wide organization"
run ans district org add --name "Đơn vị 906" --kind army-unit --ward AK
is "$RC" 0 "and one of a ward"
run ans auditor org add --name "Kiểm toán" --kind agency
is "$RC" 2 "an auditor cannot add organizations"
run ans district org add --name "UBND tỉnh Thanh Hóa" --kind agency
is "$RC" 2 "organization names are unique"
run ans ak org add --name "Câu lạc bộ" --kind club
is "$RC" 1 "an unknown kind is a usage error"
like "$ERR" "--kind: must be one of association" "naming --kind"
run ans cg --format csv org list
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 3 "organizations are shared: CG sees all three"
run ans cg --format csv org list --kind army-unit --ward AK
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1)" "Đơn vị 906" "org list filters by kind and ward"
is "$(sql "SELECT writer_ward FROM ansinh.audit_event WHERE scope = 'reference' AND record_key = '$ORG_AK'")" "AK" \
	"the organization's audit event names the writer's ward"

# --- a need to fulfil
NEED=$(ans ak need add --household AK-1 --kind house-new --description "xây nhà mới" --estimate 60000000 --date 2024-01-08)
ok $? "setup: a need"
run ans ak support add --household AK-1 --kind house-new --description "nhà mới" --amount 60000000 \
	--date 2024-03-01 --org "UBND tỉnh Thanh Hóa" --need "$NEED"
is "$RC" 2 "a support cannot fulfil a need that is not approved"
like "$ERR" "FAILED_PRECONDITION.*registered" "FAILED_PRECONDITION naming the need's state"
is "$(sql "SELECT count(*) FROM ansinh.support")" 0 "and nothing was written"
ans district need verify "$NEED" --date 2024-01-15 >/dev/null && ans district need approve "$NEED" --date 2024-01-20 >/dev/null
ok $? "setup: the district verifies and approves it"

# --- support given
run ans ak support add --household AK-1 --kind house-new --description "nhà mới" --amount 60.000.000 \
	--date 2024-03-01 --org "UBND tỉnh Thanh Hóa" --need "$NEED"
is "$RC" 0 "support add fulfilling the need"
S1=$OUT
like "$S1" '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-' "prints the entry's UUIDv7"
is "$(sql "SELECT amount_vnd||'|'||given_on||'|'||need_id FROM ansinh.support WHERE id = '$S1'")" \
	"60000000|2024-03-01|$NEED" "the entry is in PostgreSQL"
is "$(sql "SELECT status||'|'||status_on FROM ansinh.need WHERE id = '$NEED'")" "fulfilled|2024-03-01" \
	"the need became fulfilled in the same transaction"
run ans ak support add --household AK-2 --kind livelihood-equipment --description "tủ kính" --amount 12,000,000 \
	--date 2024-03-05 --fund poor-fund
is "$RC" 0 "support from a fund"
S2=$OUT
run ans ak support add --household AK-2 --kind tet-gift --description "quà Tết" --amount 500000 \
	--date 2024-02-05 --fund gratitude --org "$ORG_AK"
is "$RC" 0 "support from a fund and an organization (by id)"
run ans ak support add --household AK-1 --kind cash --description "x" --amount 1
is "$RC" 1 "a support without fund or organization is a usage error"
like "$ERR" "--fund or --org" "saying what is missing"
run ans ak support add --household AK-1 --kind cash --description "x" --amount 1 --fund nofund
is "$RC" 2 "an unknown fund is refused"
like "$ERR" "NOT_FOUND.*nofund" "naming the fund"

# --- bad values, each naming the flag
run ans ak support add --household AK-1 --kind lottery --description x --amount 1 --fund poor-fund
is "$RC" 1 "an unknown kind of support"
like "$ERR" "--kind: must be one of" "names --kind"
run ans ak support add --household AK-1 --kind cash --description x --amount 1.5 --fund poor-fund
is "$RC" 1 "a fractional amount"
like "$ERR" "--amount" "names --amount"
run ans ak support add --household AK-1 --kind cash --description x --amount -5 --fund poor-fund
is "$RC" 1 "a negative amount"
run ans ak support add --household AK-1 --kind cash --description x --amount 1000000000001 --fund poor-fund
is "$RC" 1 "an amount over 1e12"
like "$ERR" "--amount:.*1000000000000" "names --amount and the limit"
run ans ak support add --household AK-1 --kind cash --description x --amount 1 --fund poor-fund --date 2099-01-01
is "$RC" 1 "a date in the future"
like "$ERR" "--date:.*future" "names --date"

# --- list and totals
run ans ak --format csv support list
is "$RC" 0 "support list"
is "$(printf '%s\n' "$OUT" | head -n 1)" \
	"ward,household,date,kind,amount_vnd,fund,organization,need,reverses,reversed_by,description,id,member" "support list columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 3 "three entries"
like "$ERR" "totals: 3 entries, given 72500000 VND" "CSV puts the totals on stderr"
run ans ak support list --fund poor-fund
like "$OUT" "ENTRIES +GIVEN_VND +REVERSED_VND +NET_VND" "the table format shows the totals"
like "$OUT" "1 +12000000 +0 +12000000" "over the fund's entries only"
run ans ak --format json support list --org "UBND tỉnh Thanh Hóa"
like "$OUT" '^\{"entries":1,"given_vnd":60000000,' "JSON: one object with the totals"
like "$OUT" '"supports":\[\{' "and the entries"
run ans ak --format csv support list --from 2024-03-01 --to 2024-03-31 --household AK-2
is "$(printf '%s\n' "$OUT" | tail -n +2 | sed 's/,[^,]*$//; s/.*,//')" "$S2" "filters by period and household"
run ans ak support list --org "Nobody"
is "$RC" 2 "an unknown organization filter is refused"
like "$ERR" "NOT_FOUND" "as NOT_FOUND"

# --- reversing entries
run ans ak support reverse "$S1" --reason "nhập nhầm hộ" --date 2024-03-02
is "$RC" 0 "support reverse"
R1=$OUT
is "$(sql "SELECT amount_vnd||'|'||reverses_id||'|'||reason FROM ansinh.support WHERE id = '$R1'")" \
	"-60000000|$S1|nhập nhầm hộ" "the reversing entry has minus the amount and points to the original"
is "$(sql "SELECT amount_vnd FROM ansinh.support WHERE id = '$S1'")" 60000000 "the original is untouched"
is "$(sql "SELECT status FROM ansinh.need WHERE id = '$NEED'")" "approved" "the need it fulfilled is approved again"
run ans ak support reverse "$S1" --reason "again"
is "$RC" 2 "an entry is reversed only once"
like "$ERR" "FAILED_PRECONDITION.*already reversed" "FAILED_PRECONDITION: already reversed"
run ans ak support reverse "$R1" --reason "undo"
is "$RC" 2 "a reversing entry cannot be reversed"
like "$ERR" "FAILED_PRECONDITION.*itself a reversing entry" "FAILED_PRECONDITION saying why"
run ans ak support reverse "$S2"
is "$RC" 1 "a reversal needs --reason"
run ans ak --format json support show "$S1"
like "$OUT" "\"reversed_by\": *\"$R1\"" "support show names the reversing entry"
run ans ak support list
like "$OUT" "4 +72500000 +-60000000 +12500000" "the totals net the reversal out"
run ans auditor support reverse "$S2" --reason x --ward AK
is "$RC" 2 "an auditor cannot reverse"
run ans auditor support add --household "$HK1" --kind cash --description x --amount 1 --fund poor-fund
is "$RC" 2 "an auditor cannot record support"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"

# --- append-only, enforced by the database itself, even to the daemon's role
CTX="SELECT 1" # (0011: the daemon's role reads and writes no table at all)
run psql -X -q -At -U ansinhd -d "$T_DB" -c "BEGIN" -c "$CTX" -c "UPDATE ansinh.support SET amount_vnd = 1 WHERE id = '$S2'"
like "$ERR" "permission denied for table support" "the daemon's role cannot UPDATE support in direct SQL"
run psql -X -q -At -U ansinhd -d "$T_DB" -c "BEGIN" -c "$CTX" -c "DELETE FROM ansinh.support WHERE id = '$S2'"
like "$ERR" "permission denied for table support" "nor DELETE"
run psql -X -q -At -U ansinhd -d "$T_DB" -c "TRUNCATE ansinh.support"
like "$ERR" "permission denied for table support" "nor TRUNCATE"
run psql -X -q -At -U postgres -d "$T_DB" -c "UPDATE ansinh.support SET amount_vnd = 1 WHERE id = '$S2'"
like "$ERR" "append-only: UPDATE is not allowed" "even a superuser's UPDATE meets the trigger"
run psql -X -q -At -U postgres -d "$T_DB" -c "DELETE FROM ansinh.support WHERE id = '$S2'"
like "$ERR" "append-only: DELETE is not allowed" "and a DELETE"
is "$(sql "SELECT amount_vnd FROM ansinh.support WHERE id = '$S2'")" 12000000 "the entry is unchanged"

# --- wards kept apart
run ans cg --format csv support list
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 0 "CG lists none of AK's entries"
run ans cg support show "$S2"
like "$ERR" "NOT_FOUND" "CG cannot read AK's entry"
run ans cg support reverse "$S2" --reason "x"
like "$ERR" "NOT_FOUND" "CG cannot reverse AK's entry"
run ans cg support add --household "$HK1" --kind cash --description x --amount 1 --fund poor-fund
is "$RC" 2 "CG cannot give support to AK's household"
is "$(sql "SELECT count(*) FROM ansinh.support WHERE ward_code = 'CG'")" 0 "nothing was written for CG"

# --- audit, and the wards of the records are still ten
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'support'")" 4 "every entry is in the audit trail"
run ans ak --format csv ward list --as-of 2023-06-01
is "$(printf '%s\n' "$OUT" | grep -cE '^(AK|CG|HK|TT|TC|TG|KD|KT|VT|XH),')" 10 "ward list still shows exactly the ten wards of 2023"
