#!/usr/bin/env bash
# The access log of personal data (Personal Data Protection Law 91/2025):
# every read that returns persons (member list, export members, duplicates,
# employment events) or households (show, find) leaves a record — actor,
# token, role, ward, request, persons, households, time — written and
# committed before the reply is sent; `ansinh audit access` answers "who
# looked at this person". No record, no reply; the log is append-only.
. "$(dirname "$0")/../lib/common.sh"

plan 29

token ak ward AK
token kd ward KD
token district district
token kiemtoan auditor
start_daemon

CID=048168001234
ans ak household add --code AK-1 --head "Trương Văn Hoành" --group 31 >/dev/null
MID=$(ans ak member add --household AK-1 --name "Trương Văn Hoành" --born 1968-03-02 \
	--citizen-id $CID --relation head --disability severe)
ans ak member add --household AK-1 --name "Nguyễn Thị Lan" --born 1970-11-20 >/dev/null
ans ak household add --code AK-2 --head "Lê Thị Hòa" >/dev/null
ans kd household add --code KD-1 --head "Phạm Văn Hoà" >/dev/null
ans kd member add --household KD-1 --name "Phạm Văn Hoà" --citizen-id 048168009999 >/dev/null
is "$(sql "SELECT count(*) FROM ansinh.personal_data_access")" 0 "writes leave no access record"

# --- reads that return personal data leave one record each
run ans ak member list --household AK-1
is "$RC" 0 "a ward officer lists the members of AK-1"
like "$OUT" "$CID" "and sees the citizen ID"
is "$(sql "SELECT actor||'|'||role||'|'||ward_code||'|'||operation||'|'||cardinality(person_ids)||'|'||cardinality(household_ids)
           FROM ansinh.personal_data_access ORDER BY id DESC LIMIT 1")" \
	"ak|ward|AK|member_list|2|0" "the list is recorded: actor, role, ward, operation, the two persons"
is "$(sql "SELECT a.token_id = t.id FROM ansinh.personal_data_access AS a, ansinh.api_token AS t
           WHERE t.name = 'ak' ORDER BY a.id DESC LIMIT 1")" t "with the token's id"
REQ=$(sql "SELECT request_id FROM ansinh.personal_data_access ORDER BY id DESC LIMIT 1")
like "$REQ" '^[0-9a-f]{8}-[0-9a-f]{4}-7' "a read without a request_id gets one from the daemon"
grep -q "type=member_list code=OK .*req=$REQ" "$DAEMON_LOG"
ok $? "which the request's log line names"
is "$(sql "SELECT '$MID' = ANY (person_ids) FROM ansinh.personal_data_access ORDER BY id DESC LIMIT 1")" t \
	"the member's id is among the persons"

run ans ak member list --household AK-2
is "$(sql "SELECT count(*) FROM ansinh.personal_data_access")" 1 "a list that returns nobody is not recorded"

run ans district household show AK-1 --ward AK
is "$RC" 0 "the district shows household AK-1"
is "$(sql "SELECT actor||'|'||role||'|'||coalesce(ward_code, '-')||'|'||operation||'|'||cardinality(household_ids)
           FROM ansinh.personal_data_access ORDER BY id DESC LIMIT 1")" \
	"district|district|-|household_get|1" "household show is recorded with the household"
run ans ak household find hoanh
like "$OUT" "AK-1" "find hoanh finds AK-1"
is "$(sql "SELECT operation||'|'||cardinality(household_ids) FROM ansinh.personal_data_access ORDER BY id DESC LIMIT 1")" \
	"household_find|1" "and is recorded with the households it returned"
run ans ak export members
is "$RC" 0 "export members"
is "$(sql "SELECT count(*) FROM ansinh.personal_data_access WHERE operation = 'member_list' AND actor = 'ak'")" 2 \
	"export records the members it wrote (AK-1's; AK-2 has none)"
run ans district member duplicates
is "$RC" 0 "the district's duplicates list (none)"

# --- audit access: who looked at this person
run ans kiemtoan --format csv audit access --person $CID
is "$RC" 0 "an auditor asks who read citizen ID $CID"
is "$(printf '%s\n' "$OUT" | head -n 1)" "at,actor,role,ward,operation,persons,households,matched,request,token,access" "columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2,5,8 | sort | tr '\n' ' ')" \
	"ak,household_find,household ak,member_list,person ak,member_list,person district,household_get,household " \
	"the two member lists (the person), the show and the find (the household), not the other ward's reads"
run ans kiemtoan --format csv audit access --person "$MID"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 4 "the same four by member id"
run ans district --format csv audit access --actor district --from 2000-01-01 --to 2100-12-31
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2,5 | tr '\n' ' ')" "district,household_get " \
	"by actor and dates: the district's reads"
run ans kiemtoan --format csv audit access --person 048168009999 --to 2001-01-01
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 0 "nothing before the day they were read"
run ans ak audit access --person $CID
is "$RC" 2 "a ward token may not read the access log"
like "$ERR" "PERMISSION_DENIED.*district and auditor tokens only" "saying who may"
run ans kiemtoan audit access
is "$RC" 1 "a person or an actor is required"

# --- the log is append-only, even for the owner
N=$(sql "SELECT count(*) FROM ansinh.personal_data_access")
sql_as ansinhd "UPDATE ansinh.personal_data_access SET actor = 'someone'" 2>/dev/null
RC1=$?
sql_as ansinhd "DELETE FROM ansinh.personal_data_access" 2>/dev/null
RC2=$?
sql_as ansinh_owner "TRUNCATE ansinh.personal_data_access" 2>/dev/null
RC3=$?
sql "DELETE FROM ansinh.personal_data_access" 2>/dev/null
RC4=$?
is "$RC1,$RC2,$RC3,$RC4,$(sql "SELECT count(*) FROM ansinh.personal_data_access")" "1,1,1,1,$N" \
	"the daemon's login may neither change nor delete access records, nor may the owner or a superuser"

# --- no record, no reply
sql "REVOKE INSERT ON ansinh.personal_data_access FROM ansinh_api_owner" # the API functions' owner (0011)
run ans ak member list --household AK-1
is "$RC" 4 "when the access cannot be recorded the read fails as unavailable"
unlike "$OUT" "$CID" "and no citizen ID is sent"
grep -q 'msg="personal data access not recorded" type=member_list' "$DAEMON_LOG"
ok $? "the daemon logs why"

t_finish
