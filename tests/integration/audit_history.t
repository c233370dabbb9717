#!/usr/bin/env bash
# ansinh audit history ID|CODE: who recorded a record and who changed it,
# when, field by field, from the audit trails — a household by its code or
# its id, a district notice (the district trail), a fund (the reference
# trail); district and auditor tokens only; an unknown record is NOT_FOUND.
. "$(dirname "$0")/../lib/common.sh"

plan 14

token ak ward AK
token district district
token auditor auditor
start_daemon

H1=$(ans ak household add --code AK-1 --head "Trương Văn Hoành" --group 31 --status poor --since 2022-02-01) &&
	ans district household update AK-1 --ward AK --group 12 >/dev/null &&
	ans ak household update AK-1 --phone 0905123456 >/dev/null
ok $? "setup: AK-1 recorded by ak, its group changed by district, its phone added by ak"

run ans auditor --format csv audit history AK-1 --ward AK
is "$RC" 0 "an auditor reads the history of a household by its code"
is "$(printf '%s\n' "$OUT" | head -1)" "event,at,actor,role,ward,table,action,field,old,new,record,request" "CSV columns"
hh() { printf '%s\n' "$OUT" | awk -F, -v f="$1" '$6 == "household" && $8 == f {print $1":"$3":"$4":"$7":"$9":"$10}'; }
is "$(hh head_name)" "1:ak:ward:insert::Trương Văn Hoành" "who recorded it, in which role: the head's name as recorded"
is "$(hh residential_group)" "1:ak:ward:insert::31
3:district:district:update:31:12" "the group: recorded as 31, then changed by district from 31 to 12"
is "$(hh phone)" "4:ak:ward:update::0905123456" "the phone: added later by ak (nothing before)"
is "$(printf '%s\n' "$OUT" | awk -F, '$6 == "household_status" && $8 == "status" {print $10}')" "poor" \
	"the status history of the household is in it too"
is "$(printf '%s\n' "$OUT" | awk -F, 'NR > 1 && $6 == "household" && $7 == "update" {print $12}' | sort -u | wc -l)" 2 \
	"each change names its request"
run ans district audit history "$H1"
is "$RC:$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "0:15" "the district reads it by id: the same 15 field rows"

N=$(ans district notice add --district-wide --kind training --employer "Điện lạnh" --apply "Trung tâm" --date 2024-03-07)
run ans auditor --format csv audit history "$N"
like "$(printf '%s\n' "$OUT" | grep ',employer,')" "^1,[^,]*,district,district,,job_notice,insert,employer,,Điện lạnh," \
	"a district notice's history, from the district trail"
run ans district --format csv audit history poor-fund
like "$(printf '%s\n' "$OUT" | grep ',code,')" "^1,.*,fund,insert,code,,poor-fund,poor-fund," "a fund's, from the reference trail"

run ans ak audit history "$H1"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED: the audit history is read by district and auditor tokens only" "a ward token may not"
run ans district audit history AK-404
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-404' was not found" "an unknown code is NOT_FOUND"
run ans district audit history 01a237be-0000-7000-8000-0000000000ff
like "$RC:$ERR" "^2:.*NOT_FOUND: no audit event names record 01a237be-0000-7000-8000-0000000000ff" "an unknown id is NOT_FOUND"
