#!/usr/bin/env bash
# Ad-hoc review requests (Decision 24/2021/QĐ-TTg: a household may ask at
# any time) through the real client: `review request` of a ward and by the
# district, the list with whether an assessment followed (dated on or after
# the request), --open, review status's requests and requests_open, an
# unknown household and another ward's, bad dates and reasons naming the
# flag, an auditor who reads but never writes, a replayed request_id written once, the audit trail, a request
# queued offline and sent once; the API function's own checks in SQL.
. "$(dirname "$0")/../lib/common.sh"

plan 46

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'

ans ak household add --code AK-1 --head "Trương Văn Hoành" --status poor --since 2023-01-05 >/dev/null &&
	ans ak household add --code AK-2 --head "Lê Thị Hòa" --status near-poor --since 2023-01-05 >/dev/null &&
	ans cg household add --code CG-1 --head "Đặng Văn Hai" --status poor --since 2023-01-05 >/dev/null
ok $? "setup: households in AK and CG"

# --------------------------------------------------------------- request
run ans ak review request --household AK-1 --date 2025-03-10 --reason "Chồng bị tai nạn lao động"
is "$RC" 0 "review request exits 0"
R1=$OUT
like "$R1" "$UUID_RE" "it prints the request's UUIDv7"
is "$(sql "SELECT r.ward_code||'|'||h.code||'|'||r.requested_on||'|'||r.reason
             FROM ansinh.review_request AS r JOIN ansinh.household AS h ON h.id = r.household_id
            WHERE r.id = '$R1'")" "AK|AK-1|2025-03-10|Chồng bị tai nạn lao động" "it is in PostgreSQL"
run ans ak review request --household AK-2 --date 2025-05-01
is "$RC" 0 "a request without a reason"
R2=$OUT
is "$(sql "SELECT reason IS NULL FROM ansinh.review_request WHERE id = '$R2'")" t "its reason is NULL"
run ans district review request --ward CG --household CG-1 --date 2025-04-01 --reason "Mất mùa"
is "$RC" 0 "the district records one for ward CG"
R3=$OUT

# --------------------------------------------------------------- refused
run ans ak review request --household AK-404 --date 2025-03-10
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-404' was not found in ward AK" "an unknown household: NOT_FOUND"
run ans ak review request --household CG-1 --date 2025-03-10
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'CG-1' was not found in ward AK" "another ward's household is not found"
CG1=$(sql "SELECT id FROM ansinh.household WHERE code = 'CG-1'")
run ans ak review request --household "$CG1" --date 2025-03-10
like "$RC:$ERR" "^2:.*NOT_FOUND: household $CG1 was not found" "nor by its id"
run ans ak review request --household AK-1 --date 2099-01-01
like "$RC:$ERR" "^1:ansinh: --date: must not be in the future" "a date in the future"
run ans ak review request --household AK-1 --date 2025-02-30
like "$RC:$ERR" "^1:ansinh: --date: " "a date that does not exist"
run ans ak review request --household AK-1 --reason "$(printf 'a\001b')"
like "$RC:$ERR" "^1:ansinh: --reason: .*control" "a reason with a control character"
run ans ak review request --household AK-1 --reason "$(head -c 1001 /dev/zero | tr '\0' x)"
like "$RC:$ERR" "^1:ansinh: --reason: .*too long" "a reason longer than 1000 characters"
run ans ak review request --date 2025-03-10
like "$RC:$ERR" "^1:ansinh: missing required flag --household" "the household is required"
is "$(sql "SELECT count(*) FROM ansinh.review_request")" 3 "nothing refused was written"

# --------------------------------------------------------------- list, followed or open
run ans ak --format csv review requests --year 2025
is "$RC" 0 "review requests exits 0"
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,requested,household,head,followed,reason,assessment,id" "its columns"
is "$(printf '%s\n' "$OUT" | tail -n +2)" "AK,2025-03-10,AK-1,Trương Văn Hoành,,Chồng bị tai nạn lao động,,$R1
AK,2025-05-01,AK-2,Lê Thị Hòa,,,,$R2" "a ward token lists its own ward's requests, oldest first, none followed yet"
A1=$(ans ak assess add --household AK-1 --year 2025 --on 2025-03-20 --income 1,500,000)
ok $? "setup: AK-1 assessed after its request"
ans ak assess add --household AK-2 --year 2025 --on 2025-04-15 --income 1,800,000 >/dev/null
ok $? "setup: AK-2 assessed before its request"
run ans ak --format csv review requests
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1,3,5,7)" "AK,AK-1,2025-03-20,$A1
AK,AK-2,," "AK-1's request is followed by its assessment; AK-2's earlier assessment does not follow its request"
run ans ak --format csv review requests --open
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f3)" "AK-2" "--open lists only the request no assessment followed"
run ans district --format csv review requests --year 2025
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1,3)" "AK,AK-1
CG,CG-1
AK,AK-2" "the district lists every ward's, oldest first"
run ans district --format csv review requests --year 2024
is "$(printf '%s\n' "$OUT" | tail -n +2)" "" "--year: only requests dated in that year"
run ans auditor --format csv review requests --year 2025
is "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" 3 "an auditor reads every ward's requests"
run ans auditor review request --ward AK --household AK-1 --date 2025-03-10
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "but never writes one"
run ans ak review requests --ward CG
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "a ward token does not list another ward's"

# --------------------------------------------------------------- review status
run ans district --format csv review status --year 2025
is "$(printf '%s\n' "$OUT" | head -n 1)" \
	"ward,name,unit,due,assessed,due_assessed,missing,added,recognized,outside_window,requests,requests_open" \
	"review status has the columns requests and requests_open"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1,11,12)" "AK,2,1
CG,1,1" "AK: 2 requests in 2025, 1 open; CG: 1, open"
run ans district --format csv review status --year 2026
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1,11,12)" "AK,0,0
CG,0,0" "no requests dated in 2026"

# --------------------------------------------------------------- replay, audit
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'review_request' AND action = 'insert'")" 3 \
	"every request is audited"
RID=01900000-0000-7000-8000-0000000000c1
QID=01900000-0000-7000-8000-0000000000d1
replay() {
	sql "$(context_of ak "$RID")
	     SELECT code||'|'||replayed FROM ansinh_api.review_request_create(request_id => '$RID', id => '$QID',
	         ward => 'AK', household_id => NULL, household_code => 'AK-2', requested_on => '2025-06-01',
	         reason => 'lần hai')" | tail -n 1
}
is "$(replay)" "0|false" "a write sent once is applied"
is "$(replay)" "0|true" "sent again with the same request_id it is replayed"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'review_request' AND record_id = '$QID'")" 1 \
	"and written once"

# --------------------------------------------------------------- the API function's own checks
api() { # api TOKEN CALL — code|message of a write as the daemon's role, in TOKEN's context
	sql "BEGIN; SET LOCAL ROLE ansinh_daemon;
	     $(context_of "$1" "$(python3 -c 'import uuid; print(uuid.uuid4())')")
	     SELECT code||'|'||message FROM $2; COMMIT" | tail -n 1
}
create() { # create REQUESTED_ON REASON — review_request_create of AK-1 in ward AK
	api ak "ansinh_api.review_request_create(request_id => gen_random_uuid(), id => gen_random_uuid(), ward => 'AK',
	    household_id => NULL, household_code => 'AK-1', requested_on => $1, reason => $2)"
}
like "$(create "'2099-01-01'" NULL)" "^3\|requested_on 2099-01-01 is in the future$" "SQL: a date in the future, named"
like "$(create NULL "E'a\\x01b'")" "^3\|reason must not contain control characters$" \
	"SQL: a reason with a control character, named"

# --------------------------------------------------------------- refused by the daemon, replayed on the wire
ans ak household add --code RQ-1 --head "Đoàn Thị Rà" >/dev/null
ok $? "setup: household RQ-1"
run "$ANSINH_TOP/tests/tools/rawframe" "$ADDR" reviewrequest "$(cat "$T_DIR/ak.token")" AK
like "$OUT" 'code=INVALID_ARGUMENT seq=41' "the daemon refuses a request the client would never send"
missing=
for f in request.requested_on request.reason request.household_code; do
	case "$OUT" in *"violation=$f:"*) ;; *) missing="$missing $f" ;; esac
done
is "$missing" "" "naming the date in the future, the reason's control character and the missing household"
like "$OUT" 'code=OK seq=42 replayed=0' "a good request sent once is written"
like "$OUT" 'code=OK seq=43 replayed=1' "sent again with the same request_id it is replayed"
is "$(sql "SELECT count(*) FROM ansinh.review_request AS r JOIN ansinh.household AS h ON h.id = r.household_id
            WHERE h.code = 'RQ-1'")" 1 "and written once"

# --------------------------------------------------------------- offline
stop_daemon
run ans ak review request --household AK-1 --date 2025-09-02 --reason "xin rà soát lại"
is "$RC" 3 "offline, a request is queued (exit 3)"
like "$OUT" "$UUID_RE" "and its id printed"
R5=$OUT
start_daemon
ans ak household update AK-1 --group 7 >/dev/null
is "$(sql "SELECT count(*) FROM ansinh.review_request WHERE id = '$R5' AND requested_on = '2025-09-02'")" 1 \
	"the queued request arrives, once, when the daemon is back"
