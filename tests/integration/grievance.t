#!/usr/bin/env bash
# Grievances end to end through the real client: add (about a household, a
# support, an assessment), the steps received -> in-progress -> answered ->
# closed or withdrawn with their dates, steps that do not follow, bad values
# naming the flag or the field, list by status, ward and dates, show, wards
# that never see each other's grievances, auditors who read but never write,
# the audit trail and a replayed request_id; then the database's own rules
# for the daemon's role in direct SQL: each field refused by the API
# functions, row-level security, a date-order constraint, no DELETE.
. "$(dirname "$0")/../lib/common.sh"

plan 95

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
rows() { printf '%s\n' "$1" | tail -n +2 | grep -c . ; }
TODAY=$(sql "SELECT ansinh.iso_date(ansinh.today())")

ans ak household add --code AK-1 --head "Trương Văn Hoành" >/dev/null &&
	ans ak household add --code AK-2 --head "Lê Thị Hòa" >/dev/null &&
	ans cg household add --code CG-1 --head "Đặng Văn Hai" >/dev/null
ok $? "setup: households in AK and CG"
S1=$(ans ak support add --household AK-1 --kind cash --description "trợ cấp Tết" --amount 500000 \
	--date 2024-01-20 --fund poor-fund)
ok $? "setup: a support given to AK-1"
A2=$(ans ak assess add --household AK-2 --year 2024 --on 2024-10-10 --income 1500000)
ok $? "setup: an assessment of AK-2"

# --------------------------------------------------------------- add
run ans ak grievance add --channel in-person --kind complaint --household AK-1 --support "$S1" \
	--subject "Hộ không nhận đủ tiền trợ cấp Tết" --received 2024-02-01 --officer "Nguyễn Thị Lan"
is "$RC" 0 "grievance add exits 0"
G1=$OUT
like "$G1" "$UUID_RE" "it prints a UUIDv7"
is "$(sql "SELECT ward_code||'|'||channel||'|'||kind||'|'||status||'|'||received_on||'|'||officer||'|'||(support_id = '$S1')
           FROM ansinh.grievance WHERE id = '$G1'")" \
	"AK|in-person|complaint|received|2024-02-01|Nguyễn Thị Lan|true" "it is in PostgreSQL, received, with its support and officer"
run ans ak grievance add --channel letter --kind feedback --household AK-2 --assessment "$A2" \
	--subject "Đề nghị rà soát lại kết quả bình xét hộ nghèo" --received 2024-10-20
is "$RC" 0 "feedback about an assessment"
G2=$OUT
run ans ak grievance add --channel phone --kind feedback --subject "Đường vào khu dân cư tổ 31 bị ngập"
is "$RC" 0 "feedback about no household at all, received today"
G3=$OUT
is "$(sql "SELECT received_on = ansinh.today() AND household_id IS NULL FROM ansinh.grievance WHERE id = '$G3'")" t \
	"without --received it is received today"
run ans district grievance add --ward CG --channel online --kind complaint --household CG-1 \
	--subject "Khiếu nại quyết định không công nhận hộ cận nghèo" --received 2024-03-05
is "$RC" 0 "the district records one for ward CG"
G4=$OUT
run ans district grievance add --channel online --kind complaint --subject "không có phường"
is "$RC" 2 "the district must name the ward when no household id says it"
like "$ERR" "ward_code.*is required" "naming ward_code"

# --------------------------------------------------------------- bad values, named
run ans ak grievance add --channel fax --kind complaint --subject "x"
like "$RC:$ERR" "^1:ansinh: --channel: must be one of in-person\|phone\|letter\|online" "an unknown channel"
run ans ak grievance add --channel phone --kind denunciation --subject "x"
like "$RC:$ERR" "^1:ansinh: --kind: must be one of complaint\|feedback" "an unknown kind"
run ans ak grievance add --channel phone --kind complaint --subject "   "
like "$RC:$ERR" "^1:ansinh: --subject: " "an empty subject"
run ans ak grievance add --channel phone --kind complaint --subject "$(head -c 1001 /dev/zero | tr '\0' a)"
like "$RC:$ERR" "^1:ansinh: --subject: is too long" "a subject longer than 1000 characters"
run ans ak grievance add --channel phone --kind complaint
like "$RC:$ERR" "^1:ansinh: missing required flag --subject" "the subject is required"
run ans ak grievance add --kind complaint --subject "x"
like "$RC:$ERR" "^1:ansinh: missing required flag --channel" "the channel is required"
run ans ak grievance add --channel phone --kind complaint --subject "x" --received 2099-01-01
like "$RC:$ERR" "^1:ansinh: --received: must not be in the future" "a date received in the future"
run ans ak grievance add --channel phone --kind complaint --subject "x" --received 2024-02-30
like "$RC:$ERR" "^1:ansinh: --received: " "a date that does not exist"
run ans ak grievance add --channel phone --kind complaint --subject "x" --support not-an-id
like "$RC:$ERR" "^1:ansinh: --support: " "a support that is not an id"
run ans ak grievance add --channel phone --kind complaint --subject "x" --household AK-404
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-404' was not found in ward AK" "an unknown household"
run ans ak grievance add --channel phone --kind complaint --subject "x" --household AK-2 --support "$S1"
like "$RC:$ERR" "^2:.*INVALID_ARGUMENT: support $S1 was given to another household than AK-2" \
	"a support of another household"
run ans cg grievance add --channel phone --kind complaint --subject "x" --support "$S1"
like "$RC:$ERR" "^2:.*NOT_FOUND: support $S1 was not found in ward CG" "another ward's support"
is "$(sql "SELECT count(*) FROM ansinh.grievance")" 4 "nothing refused was written"

# --------------------------------------------------------------- steps
run ans ak grievance update "$G1" --status in-progress --date 2024-02-03
is "$RC:$OUT" "0:$G1" "received -> in-progress; update prints the id"
run ans ak grievance update "$G1" --status closed --date 2024-02-05
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: status: a grievance cannot go from in-progress to closed \(next: answered or withdrawn\)" \
	"in-progress -> closed is refused, naming the status and what may follow"
run ans ak grievance update "$G1" --status answered --date 2024-02-02 --answer "Đã chi bổ sung"
like "$RC:$ERR" "^2:.*INVALID_ARGUMENT: date 2024-02-02 is before started_on 2024-02-03" \
	"an answer dated before handling began is refused, naming both dates"
run ans ak grievance update "$G1" --status answered --date 2024-02-10
like "$RC:$ERR" "^1:ansinh: --answer is required with --status answered" "an answer needs its text"
run ans ak grievance update "$G1" --status closed --answer "x"
like "$RC:$ERR" "^1:ansinh: --answer is given only with --status answered" "and text is only for an answer"
run ans ak grievance update "$G1" --status received
like "$RC:$ERR" "^1:ansinh: --status: must be one of in-progress\|answered\|closed\|withdrawn" "no step back to received"
run ans ak grievance update "$G1" --status answered --date 2099-01-01 --answer "x"
like "$RC:$ERR" "^1:ansinh: --date: must not be in the future" "a step in the future"
run ans ak grievance update "$G1"
like "$RC:$ERR" "^1:ansinh: --status or --officer is required" "an update that changes nothing"
run ans ak grievance update "$G1" --status answered --date 2024-02-10 \
	--answer "Đã rà soát; phường chi bổ sung 200.000 đồng ngày 09/02"
is "$RC" 0 "in-progress -> answered"
is "$(sql "SELECT status||'|'||started_on||'|'||answered_on||'|'||answer FROM ansinh.grievance WHERE id = '$G1'")" \
	"answered|2024-02-03|2024-02-10|Đã rà soát; phường chi bổ sung 200.000 đồng ngày 09/02" "the step and the answer are stored"
run ans ak grievance update "$G1" --status answered --date 2024-02-10 \
	--answer "Đã rà soát; phường chi bổ sung 200.000 đồng ngày 09/02"
is "$RC" 0 "the same step again, the same day and answer, changes nothing and is fine"
run ans ak grievance update "$G1" --status answered --date 2024-02-11 --answer "khác"
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: status: grievance $G1 is already answered" "answering again differently is refused"
run ans ak grievance update "$G1" --status closed --date 2024-02-09
like "$RC:$ERR" "^2:.*INVALID_ARGUMENT: date 2024-02-09 is before answered_on 2024-02-10" "closing before the answer is refused"
run ans ak grievance update "$G1" --status closed --date 2024-02-15
is "$RC" 0 "answered -> closed"
run ans ak grievance update "$G1" --status withdrawn --date 2024-02-16
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: status: grievance $G1 is closed and cannot change any more" \
	"a closed grievance cannot be withdrawn"
run ans ak grievance update "$G1" --officer "Trần Văn Bình"
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: .*is closed" "nor get a new officer"
run ans ak grievance update "$G2" --status closed --date 2024-10-21
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: status: a grievance cannot go from received to closed \(next: in-progress, answered or withdrawn\)" \
	"received -> closed is refused"
run ans ak grievance update "$G2" --officer "Trần Văn Bình"
is "$RC" 0 "an officer is assigned without a step"
run ans ak grievance update "$G2" --status answered --date 2024-10-25 --answer "Hộ được phúc tra lại vào tháng 11"
is "$RC" 0 "received -> answered directly"
is "$(sql "SELECT status||'|'||coalesce(started_on::text, '-')||'|'||officer FROM ansinh.grievance WHERE id = '$G2'")" \
	"answered|-|Trần Văn Bình" "without handling date, with its officer"
run ans ak grievance update "$G3" --status withdrawn
is "$RC" 0 "received -> withdrawn, today"
is "$(sql "SELECT status||'|'||(closed_on = ansinh.today()) FROM ansinh.grievance WHERE id = '$G3'")" "withdrawn|true" \
	"withdrawn today"
run ans ak grievance update "$G3" --status in-progress
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: status: grievance $G3 is withdrawn" "a withdrawn grievance stays withdrawn"
run ans district grievance update "$G4" --status in-progress --date 2024-03-01
like "$RC:$ERR" "^2:.*INVALID_ARGUMENT: date 2024-03-01 is before received_on 2024-03-05" \
	"handling cannot begin before it was received"

# --------------------------------------------------------------- wards, roles
run ans cg grievance update "$G2" --status closed --date 2024-10-26
like "$RC:$ERR" "^2:.*NOT_FOUND" "ward CG cannot see An Khê's grievance to close it"
run ans cg grievance show "$G2"
like "$RC:$ERR" "^2:.*NOT_FOUND: no such grievance" "nor show it"
run ans cg grievance show "$G2" --ward AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "nor ask for ward AK"
run ans cg --format csv grievance list
is "$(rows "$OUT")" 1 "CG lists only its own grievance"
like "$OUT" "$G4" "the one the district recorded for it"
run ans auditor grievance update "$G2" --status closed --date 2024-10-26 --ward AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "an auditor cannot write"
run ans auditor grievance add --ward AK --channel phone --kind complaint --subject "x"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "nor add"
run ans auditor --format csv grievance list
is "$(rows "$OUT")" 4 "an auditor reads every ward's grievances"
run ans district grievance update "$G2" --status closed --date 2024-10-30
is "$RC" 0 "the district closes An Khê's grievance"

# --------------------------------------------------------------- list and show
run ans district --format csv grievance list
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,received,status,kind,channel,household,officer,answered,closed,subject,id" \
	"grievance list columns"
is "$(rows "$OUT")" 4 "the district lists every ward's"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1-3 | tr '\n' ' ')" \
	"AK,2024-02-01,closed CG,2024-03-05,received AK,2024-10-20,closed AK,$TODAY,withdrawn " \
	"oldest received first, with their status"
run ans district --format csv grievance list --status received
is "$(rows "$OUT")" 1 "--status received"
like "$OUT" "$G4" "lists the one still received"
run ans district --format csv grievance list --status closed --ward AK
is "$(rows "$OUT")" 2 "--status closed --ward AK"
run ans district --format csv grievance list --from 2024-02-01 --to 2024-03-31
is "$(rows "$OUT")" 2 "--from and --to bound the date received"
run ans district grievance list --from 2024-04-01 --to 2024-03-01
like "$RC:$ERR" "^1:.*--to must not be before --from" "a range that ends before it starts"
run ans district grievance list --status open
like "$RC:$ERR" "^1:ansinh: --status: must be one of" "an unknown status"
run ans ak --format json grievance show "$G1"
like "$OUT" '"status":"closed"' "show: the status"
like "$OUT" '"received":"2024-02-01".*"started":"2024-02-03".*"answered":"2024-02-10"' "show: the dates"
like "$OUT" '"closed":"2024-02-15"' "show: closed"
like "$OUT" "\"support\":\"$S1\"" "show: the support it is about"
like "$OUT" '"head":"Trương Văn Hoành"' "show: the household's head"
run ans ak grievance show not-an-id
is "$RC" 1 "show needs an id"

# --------------------------------------------------------------- the trail, analysts, replay
is "$(sql "SELECT string_agg(action||':'||coalesce(array_to_string(changed, ','), ''), ' ' ORDER BY id)
           FROM ansinh.audit_event WHERE table_name = 'grievance' AND record_id = '$G1'")" \
	"insert: update:started_on,status update:answer,answered_on,status update:closed_on,status" \
	"every step of a grievance is audited, once"
is "$(sql "SELECT count(*) FROM ansinh.request_log WHERE operation LIKE 'grievance_%'")" 12 \
	"every successful write is in the request log"
is "$(sql_as analyst "SELECT count(*) FROM ansinh.grievance WHERE kind = 'complaint'")" 2 "analysts count the complaints"
RID=01900000-0000-7000-8000-0000000000a1
GID=01900000-0000-7000-8000-0000000000b1
replay() {
	sql "$(context_of ak "$RID")
	     SELECT code||'|'||replayed FROM ansinh_api.grievance_create(request_id => '$RID', id => '$GID', ward => 'AK',
	         household_id => NULL, household_code => 'AK-1', support_id => NULL, assessment_id => NULL,
	         channel => 'phone', kind => 'feedback', subject => 'gọi lại', received_on => '2024-05-01',
	         officer => NULL)" | tail -n 1
}
is "$(replay)" "0|false" "a write sent once is applied"
is "$(replay)" "0|true" "sent again with the same request_id it is replayed"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'grievance' AND record_id = '$GID'")" 1 \
	"and written once"

# --------------------------------------------------------------- the database's own rules
# The API functions check every field again (what a client other than
# ansinh could send), and row-level security and the constraints hold for
# the daemon's role in direct SQL.
api() { # api TOKEN "CALL" — code|message of an ansinh_api write, as the daemon's role
	sql "BEGIN; SET LOCAL ROLE ansinh_daemon;
	     $(context_of "$1" "$(python3 -c 'import uuid; print(uuid.uuid4())')")
	     SELECT code||'|'||message FROM $2; COMMIT" | tail -n 1
}
create() { # create FIELD => VALUE ... — grievance_create in ward AK with one field changed
	local args="channel => 'phone', kind => 'feedback', subject => 'x', received_on => '2024-05-01', officer => NULL"
	api ak "ansinh_api.grievance_create(request_id => gen_random_uuid(), id => gen_random_uuid(), ward => 'AK',
	    household_id => NULL, household_code => NULL, support_id => NULL, assessment_id => NULL, ${1:-$args})"
}
like "$(create "channel => 'fax', kind => 'feedback', subject => 'x', received_on => NULL, officer => NULL")" \
	"^3\|channel 'fax' is not valid: use in-person, phone, letter, online$" "SQL: an unknown channel, named"
like "$(create "channel => 'phone', kind => NULL, subject => 'x', received_on => NULL, officer => NULL")" \
	"^3\|kind is required: use complaint, feedback$" "SQL: a missing kind, named"
like "$(create "channel => 'phone', kind => 'feedback', subject => '  ', received_on => NULL, officer => NULL")" \
	"^3\|subject is required$" "SQL: an empty subject, named"
like "$(create "channel => 'phone', kind => 'feedback', subject => 'x', received_on => '2099-01-01', officer => NULL")" \
	"^3\|received_on 2099-01-01 is in the future$" "SQL: a date in the future, named"
like "$(create "channel => 'phone', kind => 'feedback', subject => 'x', received_on => NULL, officer => E'a\\x01b'")" \
	"^3\|officer must not contain control characters$" "SQL: an officer with a control character, named"
like "$(api ak "ansinh_api.grievance_update(request_id => gen_random_uuid(), id => '$G4', ward => NULL,
	    status => 'in-progress', step_on => NULL, officer => NULL, answer => NULL)")" \
	"^5\|grievance $G4 was not found in ward AK$" "SQL: a ward session does not find another ward's grievance"
like "$(api ak "ansinh_api.grievance_update(request_id => gen_random_uuid(), id => '$G4', ward => 'CG',
	    status => 'in-progress', step_on => NULL, officer => NULL, answer => NULL)")" \
	"^7\|a session of ward AK may not write records of ward CG$" "SQL: nor write it by naming its ward"
like "$(api auditor "ansinh_api.grievance_update(request_id => gen_random_uuid(), id => '$G4', ward => 'CG',
	    status => 'in-progress', step_on => NULL, officer => NULL, answer => NULL)")" \
	"^7\|an auditor session is read-only$" "SQL: an auditor session writes nothing"
like "$(api district "ansinh_api.grievance_update(request_id => gen_random_uuid(), id => '$G4', ward => NULL,
	    status => 'bogus', step_on => NULL, officer => NULL, answer => NULL)")" \
	"^3\|status 'bogus' is not valid" "SQL: an unknown status, named"
rls() { # rls TOKEN — how many grievances the API owner sees in that token's context
	# (the daemon's role reads no table since 0011; its functions' owner is
	# under row-level security as the daemon was)
	sql "BEGIN; SET LOCAL ROLE ansinh_api_owner;
	     $(context_of "$1")
	     SELECT count(*) FROM ansinh.grievance; COMMIT" | tail -n 1
}
is "$(rls cg):$(rls ak):$(rls district):$(rls auditor)" "1:4:5:5" \
	"row-level security: a ward sees its own, the district and auditors every ward's"
run sql "BEGIN; SET LOCAL ROLE ansinh_api_owner; $(context_of cg)
	UPDATE ansinh.grievance SET officer = 'x' WHERE id = '$G1'; COMMIT"
is "$(sql "SELECT officer FROM ansinh.grievance WHERE id = '$G1'")" "Nguyễn Thị Lan" \
	"row-level security: another ward's UPDATE touches nothing"
run sql "BEGIN; SET LOCAL ROLE ansinh_api_owner; $(context_of district)
	UPDATE ansinh.grievance SET answered_on = '2024-01-01' WHERE id = '$G1'; COMMIT"
like "$ERR" "grievance_answered_after_received" "a constraint keeps the answer after the grievance was received"
run sql "BEGIN; SET LOCAL ROLE ansinh_api_owner; $(context_of district)
	DELETE FROM ansinh.grievance WHERE id = '$G1'; COMMIT"
like "$ERR" "permission denied" "the daemon's role may not DELETE a grievance"
run ans ak grievance add --ward CG --channel phone --kind feedback --subject "x"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED: a token of ward AK cannot act on ward CG" "a ward token cannot add to another ward"
run ans district grievance update "$G4" --officer "Phạm Văn Cường"
is "$RC:$(sql "SELECT officer FROM ansinh.grievance WHERE id = '$G4'")" "0:Phạm Văn Cường" "the district assigns an officer"
run ans district grievance update "$G4" --officer ""
is "$RC:$(sql "SELECT coalesce(officer, 'none') FROM ansinh.grievance WHERE id = '$G4'")" "0:none" '--officer "" clears it'
