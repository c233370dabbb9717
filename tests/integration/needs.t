#!/usr/bin/env bash
# Needs end to end through the real client: register, the lifecycle
# registered -> verified -> approved (district only) or rejected/withdrawn,
# the history, refusals by role and by state, bad values naming the flag, and
# wards that never see each other's needs.
. "$(dirname "$0")/../lib/common.sh"

plan 60

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

ans ak household add --code AK-1 --head "Trương Văn Hoành" --group 31 >/dev/null &&
	ans ak household add --code AK-2 --head "Lê Thị Hòa" >/dev/null &&
	ans cg household add --code CG-1 --head "Đặng Văn Hai" >/dev/null
ok $? "setup: households in AK and CG"
MID=$(ans ak member add --household AK-1 --name "Trương Văn Hoành" --relation head --disability severe)
ok $? "setup: a disabled member"

# --- register
run ans ak need add --household AK-1 --kind livelihood-equipment \
	--description "tủ kính bán hàng, bàn ghế" --estimate 12.000.000 --date 2024-01-08 \
	--note "phỏng vấn tại nhà"
is "$RC" 0 "need add exits 0"
N1=$OUT
like "$N1" '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "need add prints a UUIDv7"
is "$(sql "SELECT ward_code||'|'||kind||'|'||estimated_vnd||'|'||status||'|'||surveyed_on FROM ansinh.need WHERE id = '$N1'")" \
	"AK|livelihood-equipment|12000000|registered|2024-01-08" "the need is in PostgreSQL, registered, with its estimate"
run ans ak need add --household AK-1 --member "$MID" --kind assistive-device --description "xe lăn" --date 2024-01-08
is "$RC" 0 "a personal need of a member"
N2=$OUT
is "$(sql "SELECT person_id FROM ansinh.need WHERE id = '$N2'")" "$MID" "it names the member"
N3=$(ans ak need add --household AK-2 --kind house-repair --description "sửa mái nhà" --estimate 30000000 --date 2024-01-09)
ok $? "a need of another household"
N4=$(ans ak need add --household AK-2 --kind job --description "việc làm cho con" --date 2024-01-09)
ok $? "and one more"

# --- list
run ans ak --format csv need list
is "$RC" 0 "need list"
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,household,kind,status,since,estimate_vnd,surveyed,member,description,id" "need list columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 4 "four needs listed"
run ans ak --format csv need list --household AK-2 --kind house-repair
is "$(printf '%s\n' "$OUT" | tail -n +2 | sed 's/.*,//')" "$N3" "filters by household and kind"
run ans ak --format csv need list --household AK-1
like "$OUT" "Trương Văn Hoành" "a personal need shows the member's name"

# --- roles: verify, approve and reject belong to the district
run ans ak need verify "$N1"
is "$RC" 2 "a ward token cannot verify"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans ak need approve "$N1"
is "$RC" 2 "a ward token cannot approve"
like "$ERR" "PERMISSION_DENIED.*district" "with PERMISSION_DENIED naming the district"
run ans ak need reject "$N1" --note "no"
is "$RC" 2 "a ward token cannot reject"
run ans auditor need withdraw "$N1" --ward AK
is "$RC" 2 "an auditor cannot withdraw"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans auditor need verify "$N1"
is "$RC" 2 "an auditor cannot verify"
is "$(sql "SELECT status FROM ansinh.need WHERE id = '$N1'")" "registered" "none of that changed the need"

# --- the lifecycle, in order only
run ans district need approve "$N1"
is "$RC" 2 "approving a registered need is refused"
like "$ERR" "FAILED_PRECONDITION.*registered" "FAILED_PRECONDITION naming the current state"
run ans district need verify "$N1" --date 2024-01-15 --note "phúc tra: đúng"
is "$RC" 0 "the district verifies"
is "$OUT" "$N1" "and the id is printed"
run ans district need verify "$N1"
is "$RC" 2 "verifying twice is refused"
like "$ERR" "FAILED_PRECONDITION.*already verified" "as already verified"
run ans district need approve "$N1" --date 2024-01-10
is "$RC" 2 "a step dated before the previous one is refused"
like "$ERR" "INVALID_ARGUMENT.*date" "naming the date"
run ans district need approve "$N1" --date 2024-01-20
is "$RC" 0 "the district approves"
run ans ak --format json need show "$N1"
is "$RC" 0 "need show"
like "$OUT" '"status": *"approved"' "show gives the current status"
like "$OUT" '"history": *\[' "and the history"
is "$(printf '%s' "$OUT" | grep -o '"recorded_by"' | wc -l | tr -d ' ')" 3 "three steps: registered, verified, approved"
like "$OUT" "phúc tra: đúng" "each step keeps its note"
run ans ak --format csv need show "$N1"
like "$OUT" "registered 2024-01-08; verified 2024-01-15; approved 2024-01-20" "CSV flattens the history"

run ans ak need withdraw "$N3" --note "đã tự sửa" --date 2024-02-01
is "$RC" 0 "a ward withdraws its own need"
run ans district need verify "$N3"
is "$RC" 2 "nothing follows a withdrawal"
like "$ERR" "FAILED_PRECONDITION.*withdrawn" "the refusal names the state"
run ans district need reject "$N4" --note "không thuộc diện"
is "$RC" 0 "the district rejects a need"
run ans ak need withdraw "$N4"
is "$RC" 2 "a rejected need cannot be withdrawn"
like "$ERR" "FAILED_PRECONDITION.*rejected" "the refusal names the state"
run ans ak --format csv need list --status approved
is "$(printf '%s\n' "$OUT" | tail -n +2 | sed 's/.*,//')" "$N1" "list by status (the id is the last column)"

# --- bad values are refused before sending, naming the flag
run ans ak need add --household AK-1 --kind spaceship --description x
is "$RC" 1 "an unknown kind is a usage error"
like "$ERR" "--kind: must be one of livelihood-equipment" "naming --kind and the words"
run ans ak need add --household AK-1 --kind job --description x --date 2024-02-30
is "$RC" 1 "an impossible date is refused"
like "$ERR" "--date" "naming --date"
run ans ak need add --household AK-1 --kind job --description x --estimate 12.5
is "$RC" 1 "a fractional amount is refused"
like "$ERR" "--estimate: must be a whole amount in VND" "naming --estimate"
run ans ak need add --household AK-1 --kind job --description x --estimate 2000000000000
is "$RC" 1 "an amount over 1e12 is refused"
run ans ak need list --status lost
is "$RC" 1 "an unknown status is refused"

# --- wards never see each other's needs
run ans cg need show "$N1"
is "$RC" 2 "CG cannot read AK's need"
like "$ERR" "NOT_FOUND" "it does not exist as far as CG can tell"
run ans cg need withdraw "$N2"
is "$RC" 2 "CG cannot withdraw AK's need"
run ans cg --format csv need list
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 0 "CG lists none of AK's needs"
run ans ak need list --ward CG
like "$ERR" "PERMISSION_DENIED" "AK cannot ask for CG's list"
run ans district --format csv need list --ward AK
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 4 "the district sees AK's needs"

# --- every step is audited
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE record_id = '$N1' AND table_name = 'need_event'")" 3 \
	"every step of the need's history is in the audit trail"
