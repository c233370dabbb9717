#!/usr/bin/env bash
# Households and members end to end: the real client, the real daemon, a real
# database. The lifecycle, accent-insensitive search, validation on both ends.
. "$(dirname "$0")/../lib/common.sh"

plan 42

token ak ward AK
token district district
start_daemon

# --- wards
run ans ak --format csv ward list --as-of 2023-06-01
is "$RC" 0 "ward list exits 0"
is "$(printf '%s\n' "$OUT" | head -n 1 | cut -d, -f1-2)" "code,name" "ward list columns start code,name"
is "$(printf '%s\n' "$OUT" | grep -cE '^(AK|CG|HK|TT|TC|TG|KD|KT|VT|XH),')" 10 "the ten wards of Thanh Khê in 2023"
like "$OUT" "KD,Thanh Khê Đông" "Thanh Khê Đông is there, with its diacritics"

# --- add
run ans ak household add --code AK-001 --head "Trương Văn Hoành" --group 31 \
	--address "K12 Hà Huy Tập" --phone 0905123456 --policy --special-difficulty \
	--status poor --since 2023-01-05
is "$RC" 0 "household add exits 0"
HID=$OUT
like "$HID" '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "household add prints a UUIDv7"
is "$(sql "SELECT ward_code||'|'||code||'|'||head_name||'|'||residential_group FROM ansinh.household WHERE id = '$HID'")" \
	"AK|AK-001|Trương Văn Hoành|31" "the row is in PostgreSQL, in the token's ward"

run ans ak household add --code AK-002 --head "Lê Thị Hòa" --group 7 --status near-poor
is "$RC" 0 "second household"
run ans ak household add --code AK-003 --head "Phạm Văn Hoà" --group 7
is "$RC" 0 "third household (old-style tone mark)"

# --- show
run ans ak --format json household show AK-001
is "$RC" 0 "household show by code"
like "$OUT" '"head_name": *"Trương Văn Hoành"|"head": *"Trương Văn Hoành"' "show gives the head's name"
like "$OUT" "$HID" "show gives the id"
run ans ak --format csv household show "$HID"
is "$RC" 0 "household show by id"
like "$OUT" "AK-001" "show by id finds the same household"

# --- list
run ans ak --format csv household list
is "$RC" 0 "household list"
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,code,head,group,status,since,policy,special,members,id" "list columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 3 "three households listed"
run ans ak --format csv household list --group 7 --status near-poor
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2)" "AK-002" "filters by group and status"

# --- find, accent- and case-insensitive
run ans ak --format csv household find hoanh
like "$OUT" "AK-001" '"hoanh" finds "Trương Văn Hoành"'
unlike "$OUT" "AK-002" '"hoanh" does not find "Lê Thị Hòa"'
run ans ak --format csv household find "Hoà"
like "$OUT" "AK-002" '"Hoà" matches "Hòa"'
like "$OUT" "AK-003" '"Hoà" matches "Hoà"'
run ans ak --format csv household find "TRUONG"
like "$OUT" "AK-001" "case-insensitive"

# --- update and status history
run ans ak household update AK-001 --status near-poor --since 2024-01-10 --phone 0905999888
is "$RC" 0 "household update"
is "$(sql "SELECT status||'|'||phone FROM ansinh.household WHERE id = '$HID'")" \
	"near-poor|0905999888" "update changed the status and phone"
is "$(sql "SELECT count(*) FROM ansinh.household_status WHERE household_id = '$HID'")" 2 \
	"the status history has both statuses"
run ans ak household update AK-001
is "$RC" 1 "update with nothing to change is a usage error"

# --- members
run ans ak member add --household AK-001 --name "Trương Văn Hoành" --born 1968-03-02 \
	--sex male --citizen-id 048068001234 --relation head --disability severe \
	--occupation "helps run a food stall"
is "$RC" 0 "member add"
MID=$OUT
run ans ak member add --household "$HID" --name "Nguyễn Thị Lan" --born 1970-11-20 \
	--sex female --relation spouse --serious-illness --occupation "street vendor"
is "$RC" 0 "member add by household id"
run ans ak --format csv member list --household AK-001
is "$RC" 0 "member list"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 2 "two members"
like "$OUT" "048068001234" "the citizen ID is listed"
run ans ak member update "$MID" --occupation "food stall owner" --disability mild
is "$RC" 0 "member update"
is "$(sql "SELECT occupation||'|'||disability FROM ansinh.person WHERE id = '$MID'")" \
	"food stall owner|mild" "member update is stored"
run ans ak --format csv household find lan
like "$OUT" "AK-001" "find searches member names too"

# --- refusals, each naming the field
run ans ak member add --household AK-001 --name "X" --citizen-id 12345
is "$RC" 1 "a bad citizen ID is refused before sending"
like "$ERR" "citizen-id.*12 digits" "and the message names the flag and the rule"
run ans ak household add --code AK-001 --head "Someone"
is "$RC" 2 "a duplicate household code is rejected by the daemon"
like "$ERR" "ALREADY_EXISTS" "with ALREADY_EXISTS"
run ans ak member add --household AK-999 --name "Nobody"
is "$RC" 2 "a member of an unknown household is rejected"
like "$ERR" "NOT_FOUND" "with NOT_FOUND"

# --- audit
is "$(sql "SELECT count(*) > 0 FROM ansinh.audit_event WHERE record_id = '$HID'")" t \
	"writes leave audit events"
