#!/usr/bin/env bash
# The tamper-evident audit trail: seals chain the audit events; `ansinhd
# audit verify` recomputes the chain and compares every audited record with
# its last audit event. Tampering is done as the superuser behind the
# daemon's back (session_replication_role = replica turns every trigger off,
# the append-only ones included), and verify must catch each case precisely;
# undoing it exactly must make the trail verify again.
. "$(dirname "$0")/../lib/common.sh"

plan 75

token ak ward AK
token kd ward KD
token district district
ANALYST_DB="dbname=$T_DB user=analyst"
start_daemon --audit-seal-interval 0

verify() { run "$ANSINHD" audit verify --db "$OWNER_DB" "$@"; }
seal() { run "$ANSINHD" audit seal --db "$OWNER_DB" "$@"; }
behind() { sql "SET session_replication_role = replica; $1"; }
event_id() { # event_id TABLE RECORD_ID — the latest audit event of a record
	sql "SELECT max(id) FROM ansinh.audit_event WHERE table_name = '$1' AND record_id = '$2'"
}
# Audit events of all three trails (ward, district, reference: 0001_baseline, part 8); the
# migrations' own (the seeded funds and standard) are among them.
ALL_EVENTS="SELECT count(*) FROM ansinh.audit_event"

# --- some records, through the daemon
H1=$(ans ak household add --code AK-1 --head "Trương Văn Hoành" --group 31 --phone 0905123456)
H2=$(ans ak household add --code AK-2 --head "Lê Thị Hòa" --status near-poor)
K1=$(ans kd household add --code KD-1 --head "Phạm Văn Ba")
M1=$(ans ak member add --household AK-1 --name "Trương Văn Hoành" --born 1968-03-02 --relation head)
M2=$(ans kd member add --household KD-1 --name "Phạm Thị Tư" --born 1990-07-01)
ans ak household update AK-1 --status near-poor --since 2024-01-10 >/dev/null &&
	ans ak member update "$M1" --occupation "food stall" >/dev/null
ok $? "households, members and updates written through the daemon"
WARD_EVENTS=$(sql "SELECT count(*) FROM ansinh.audit_event")
EVENTS=$(sql "$ALL_EVENTS")

# --- before any seal
verify
is "$RC" 0 "verify before any seal exits 0"
like "$OUT" "chain: no seals yet" "and says there is no seal yet"
like "$OUT" "$EVENTS events are not sealed yet" "and how many events wait for a seal"
like "$OUT" "records: .*household 3 rows, household_status [0-9]+ rows, .*person 2 rows" \
	"the record check finds the audited tables itself (pg_trigger)"

# --- sealing
seal --status
like "$OUT" "seals: none yet" "seal --status before the first seal"
seal
is "$RC" 0 "audit seal exits 0"
like "$OUT" "sealed seal 1: $EVENTS events" "seal 1 takes every event"
ANCHOR=$(printf '%s\n' "$OUT" | sed -n 's/^anchor \([0-9]*:[0-9a-f]\{64\}\) .*/\1/p')
like "$ANCHOR" '^1:[0-9a-f]{64}$' "and prints the anchor to keep outside the database"
seal
like "$OUT" "nothing to seal" "a second seal finds nothing left"
is "$(sql "SELECT count(*) FROM ansinh.audit_seal")" 1 "and makes no empty seal"
seal --status
like "$OUT" "events: $EVENTS sealed, 0 not sealed yet" "seal --status counts sealed events"

verify --anchor "$ANCHOR"
is "$RC" 0 "an intact trail verifies: exit 0"
like "$OUT" "audit verify: intact" "and says intact"
like "$OUT" "seal 1 still has the hash kept outside the database" "the anchor matches"
run "$ANSINHD" audit verify --db "$ANALYST_DB"
is "$RC" 0 "an analyst login (read-only) can verify too"

# --- tamper 1: a household row edited behind the daemon's back
behind "UPDATE ansinh.household SET head_name = 'Kẻ Gian' WHERE id = '$H2'"
is "$(sql "SELECT count(*) FROM ansinh.audit_event")" "$WARD_EVENTS" "(the edit left no audit event)"
verify
is "$RC" 3 "verify catches the edited household: exit 3"
like "$OUT" "FAIL records: household AK/$H2 was changed behind the daemon's back \(after audit event $(event_id household "$H2")\): head_name: audited \"Lê Thị Hòa\", now \"Kẻ Gian\"" \
	"naming the table, ward, record, last audit event, column, audited and current value"
like "$OUT" "audit verify: TAMPERED: 1 problem; the first: records: household AK/$H2" "the summary counts one problem"
behind "UPDATE ansinh.household SET head_name = 'Lê Thị Hòa' WHERE id = '$H2'"
verify
is "$RC" 0 "with the row restored the trail verifies again"

# --- tamper 2: a sealed audit event deleted
E=$(event_id person "$M2")
sql "CREATE TABLE public.saved_event AS SELECT * FROM ansinh.audit_event WHERE id = $E;
     ALTER TABLE public.saved_event DROP COLUMN scope"
behind "DELETE FROM ansinh.audit_event WHERE id = $E"
verify
is "$RC" 3 "verify catches the deleted audit event: exit 3"
like "$OUT" "FAIL chain: seal 1, event $E \(ward KD\) was deleted after it was sealed; the seal's copy says: person $M2 insert by \"kd\"" \
	"naming the seal, the event, its ward and what the event recorded"
like "$OUT" "the first: chain: seal 1, event $E" "the first break is that event"
like "$OUT" "FAIL records: person KD/$M2 has no audit event" "the record check sees the member's only event gone"
behind "INSERT INTO ansinh.audit_event OVERRIDING SYSTEM VALUE SELECT * FROM public.saved_event"
verify
is "$RC" 0 "with the exact row put back the trail verifies again"

# --- tamper 3: a sealed audit event altered
E=$(event_id household "$H1")
behind "UPDATE ansinh.audit_event SET row_data = jsonb_set(row_data, '{phone}', '\"0909999999\"'), actor = 'someone' WHERE id = $E"
verify
is "$RC" 3 "verify catches the altered audit event"
like "$OUT" "FAIL chain: seal 1, event $E \(ward AK, household $H1 update by \"ak\" at [^)]*\) was changed after it was sealed: actor: sealed \"ak\", now \"someone\"; row_data.phone: sealed \"0905123456\", now \"0909999999\"" \
	"saying which fields differ from the sealed copy, before and after"
like "$OUT" "FAIL records: household AK/$H1 was changed behind the daemon's back \(after audit event $E\): phone: audited \"0909999999\", now \"0905123456\"" \
	"and the record no longer matches the altered event"
behind "UPDATE ansinh.audit_event SET row_data = jsonb_set(row_data, '{phone}', '\"0905123456\"'), actor = 'ak' WHERE id = $E"
verify
is "$RC" 0 "restored, it verifies again"

# --- both at once: the household edit and the audit-row deletion
E=$(event_id household_status "$H2")
behind "UPDATE ansinh.household SET phone = '0911111111' WHERE id = '$H2'"
behind "DELETE FROM ansinh.audit_event WHERE id = $E"
verify
is "$RC" 3 "an edited record and a deleted audit row together: exit 3"
like "$OUT" "FAIL chain: seal 1, event $E \(ward AK\) was deleted after it was sealed" "the deleted audit row is reported"
like "$OUT" "FAIL records: household AK/$H2 was changed behind the daemon's back .*phone: audited null, now \"0911111111\"" \
	"and so is the edited household"
like "$OUT" "TAMPERED: 3 problems; the first: chain: seal 1, event $E" \
	"three problems (the status row lost its event too), the first break first"
sql "DROP TABLE public.saved_event"

# Start again from a clean trail: a fresh database from the template.
stop_daemon
psql -X -q -U postgres -d postgres -c "DROP DATABASE $T_DB WITH (FORCE)" \
	-c "CREATE DATABASE $T_DB TEMPLATE ansinh OWNER ansinh_owner" >/dev/null
token ak ward AK
token kd ward KD
token district district
start_daemon --audit-seal-interval 0
H1=$(ans ak household add --code AK-1 --head "Trương Văn Hoành" --phone 0905123456)
M1=$(ans ak member add --household AK-1 --name "Trương Văn Hoành" --born 1968-03-02)
seal
is "$RC" 0 "(a fresh trail, sealed)"

# --- records inserted and deleted behind the daemon's back
behind "INSERT INTO ansinh.person (ward_code, id, household_id, full_name)
        VALUES ('AK', '01900000-0000-7000-8000-00000000abcd', '$H1', 'Bóng Ma')"
verify
is "$RC" 3 "a row inserted behind the daemon's back: exit 3"
like "$OUT" "FAIL records: person AK/01900000-0000-7000-8000-00000000abcd has no audit event: inserted behind the daemon's back" \
	"reported with its key"
behind "DELETE FROM ansinh.person WHERE id = '01900000-0000-7000-8000-00000000abcd'"
behind "DELETE FROM ansinh.person WHERE id = '$M1'"
verify
is "$RC" 3 "a row deleted behind the daemon's back: exit 3"
like "$OUT" "FAIL records: person AK/$M1 was deleted behind the daemon's back \(audit event $(event_id person "$M1") says it exists" \
	"reported with its last audit event"
unlike "$OUT" "abcd" "the intruder row, deleted again, is no longer reported"
behind "INSERT INTO ansinh.person (ward_code, id, household_id, full_name, birth_date, created_at, updated_at)
        SELECT ward_code, id, household_id, full_name, birth_date, created_at, updated_at
          FROM jsonb_populate_record(NULL::ansinh.person,
               (SELECT row_data FROM ansinh.audit_event WHERE id = $(event_id person "$M1")))"
verify
is "$RC" 0 "the member restored from its audit event verifies"

# --- events after the last seal: the record check still sees their loss
run ans ak household update AK-1 --phone 0905000000
E=$(event_id household "$H1")
behind "DELETE FROM ansinh.audit_event WHERE id = $E"
verify
is "$RC" 3 "an unsealed audit event deleted: exit 3"
unlike "$OUT" "FAIL chain" "the chain cannot see it (it was not sealed yet)"
like "$OUT" "FAIL records: household AK/$H1 was changed behind the daemon's back .*phone: audited \"0905123456\", now \"0905000000\"" \
	"but the record no longer matches its last audit event"
behind "UPDATE ansinh.household SET phone = '0905123456' WHERE id = '$H1'"
verify
is "$RC" 0 "(restored)"

# --- a disabled audit trigger
sql "ALTER TABLE ansinh.person DISABLE TRIGGER person_audit"
verify
is "$RC" 3 "a disabled audit trigger: exit 3"
like "$OUT" "FAIL records: the audit trigger person_audit of table ansinh.person is disabled" "is reported"
sql "ALTER TABLE ansinh.person ENABLE TRIGGER person_audit"

# --- seals themselves
run ans ak household update AK-1 --group 5
seal
like "$OUT" "sealed seal 2: 1 events" "(seal 2)"
ANCHOR2=$(printf '%s\n' "$OUT" | sed -n 's/^anchor \([0-9]*:[0-9a-f]\{64\}\) .*/\1/p')
behind "UPDATE ansinh.audit_seal SET sealed_by = 'someone' WHERE id = 1"
verify
is "$RC" 3 "an altered seal: exit 3"
like "$OUT" "FAIL chain: seal 1: its stored hash [0-9a-f]{64} does not match its contents \(recomputed [0-9a-f]{64}\)" \
	"its hash no longer matches"
behind "UPDATE ansinh.audit_seal SET sealed_by = 'ansinh_owner' WHERE id = 1"
behind "UPDATE ansinh.audit_seal SET prev_hash = decode(repeat('11', 32), 'hex') WHERE id = 2"
verify
like "$OUT" "FAIL chain: seal 2: its prev_hash 1111[0-9a-f]* is not the hash of the seal before it" \
	"a seal re-linked to another chain is reported"
like "$OUT" "FAIL chain: seal 2: its stored hash" "and its own hash breaks too"
behind "UPDATE ansinh.audit_seal SET prev_hash = (SELECT hash FROM ansinh.audit_seal WHERE id = 1) WHERE id = 2"
verify
is "$RC" 0 "(restored)"

# The whole chain rewritten from scratch by someone who can: only the anchor
# kept outside the database shows it.
E=$(event_id household "$H1")
behind "DELETE FROM ansinh.audit_seal_event; DELETE FROM ansinh.audit_seal;
        UPDATE ansinh.audit_event SET actor = 'forger' WHERE id = $E"
seal
verify
is "$RC" 0 "a chain rewritten wholesale verifies on its own (the documented limit)"
verify --anchor "$ANCHOR2"
is "$RC" 3 "but not against the anchor kept outside"
like "$OUT" "FAIL anchor: seal 2 (has hash [0-9a-f]{64}, the anchor says|does not exist)" "which says so"

# --- an event slipped in behind the sealer's back with an old transaction id
behind "INSERT INTO ansinh.audit_event (ward_code, actor, table_name, action, record_id, row_data, xact)
        VALUES ('AK', 'forger', 'household', 'update', '$H1', '{}', '3')"
FORGED=$(sql "SELECT max(id) FROM ansinh.audit_event")
seal
like "$OUT" "nothing to seal" "the sealer does not look that far back"
verify
like "$OUT" "FAIL chain: event $FORGED \(ward AK, household $H1 update by \"forger\" at [^)]*\) is in no seal although its transaction precedes seal 1" \
	"verify reports the back-dated event"

# --- usage and errors
run "$ANSINHD" audit verify --db "$OWNER_DB" --anchor 1:abc
is "$RC" 1 "a malformed anchor is a usage error (exit 1)"
like "$ERR" "--anchor: must be SEAL:HASH" "naming the flag"
run "$ANSINHD" audit verify --db "dbname=no_such_db user=ansinh_owner"
is "$RC" 1 "verify exits 1 when it cannot connect"
run "$ANSINHD" audit frobnicate
is "$RC" 1 "an unknown audit verb exits 1"
run "$ANSINHD" audit verify --help
like "$OUT" "--anchor" "audit verify --help lists its flags"
run sql_as ansinhd "INSERT INTO ansinh.audit_seal (id, event_count, first_event_id, last_event_id, next_xact, prev_hash, hash)
                    VALUES (99, 1, 1, 1, '0', decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))"
ok $((RC == 0)) "the daemon's role cannot write a seal directly"
like "$ERR" "permission denied for table audit_seal" "(permission denied)"

# --- concurrent writers and the daemon's own timer
stop_daemon
psql -X -q -U postgres -d postgres -c "DROP DATABASE $T_DB WITH (FORCE)" \
	-c "CREATE DATABASE $T_DB TEMPLATE ansinh OWNER ansinh_owner" >/dev/null
token ak ward AK
token kd ward KD
token district district
start_daemon --audit-seal-interval 1
# Each client writes until the daemon has made its second seal, so that
# seals are made while writes are in flight.
writer() { # writer TOKEN CODE-PREFIX
	local i
	for ((i = 1; i <= 400; i++)); do
		ans "$1" household add --code "$2-C$i" --head "Người Thứ $i" --status poor >/dev/null || return 1
		ans "$1" household update "$2-C$i" --status near-poor >/dev/null || return 1
		grep -q 'msg="audit sealed" seal=2 ' "$DAEMON_LOG" && return 0
	done
	return 1
}
writer ak AK & P1=$!
writer kd KD & P2=$!
writer ak AK-B & P3=$!
writer kd KD-B & P4=$!
sleep 1.5
run "$ANSINHD" audit verify --db "$OWNER_DB"
MIDRC=$RC
wait $P1 && wait $P2 && wait $P3 && wait $P4
ok $? "four clients wrote concurrently while the daemon made two seals"
is "$MIDRC" 0 "verify while they were writing: intact (one consistent snapshot)"
for ((i = 0; i < T_TIMEOUT * 10; i++)); do
	[ "$(sql "SELECT count(*) FROM ansinh.audit_event e WHERE NOT EXISTS (SELECT FROM ansinh.audit_seal_event s WHERE s.event_scope = e.scope AND s.event_id = e.id)")" = 0 ] && break
	sleep 0.1
done
is "$(sql "SELECT count(*) FROM ansinh.audit_event e WHERE NOT EXISTS (SELECT FROM ansinh.audit_seal_event s WHERE s.event_scope = e.scope AND s.event_id = e.id)")" 0 \
	"the daemon's timer sealed every event"
like "$(sql "SELECT count(*) > 1 FROM ansinh.audit_seal")" t "in more than one seal"
grep -Eq 'msg="audit sealed" seal=1 events=[0-9]+' "$DAEMON_LOG"
ok $? "and logged each seal"
verify
is "$RC" 0 "the chain the concurrent writes produced verifies"
is "$(sql "SELECT sum(event_count) FROM ansinh.audit_seal")" "$(sql "$ALL_EVENTS")" \
	"each event is in exactly one seal"

# SIGTERM while a seal is in flight (held up by a lock on the seals): the
# daemon waits for it, then exits 0 at once, not at the drain timeout.
sql "BEGIN; LOCK TABLE ansinh.audit_seal IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT;" >/dev/null &
LOCKER=$!
for ((i = 0; i < T_TIMEOUT * 20; i++)); do
	[ "$(sql "SELECT count(*) FROM pg_locks WHERE relation = 'ansinh.audit_seal'::regclass AND granted AND mode = 'AccessExclusiveLock'")" = 1 ] && break
	sleep 0.05
done
ans ak household add --code AK-LAST --head "Người Cuối" >/dev/null
sleep 1.2
kill -TERM "$DAEMON_PID"
SECONDS=0
wait "$DAEMON_PID"
DAEMON_RC=$?
DAEMON_PID=
wait $LOCKER
is "$DAEMON_RC" 0 "SIGTERM with a seal in flight: the daemon finishes it and exits 0"
ok $((SECONDS < 10 ? 0 : 1)) "without waiting for the drain timeout"
sed -n '/msg=draining/,$p' "$DAEMON_LOG" | grep -Eq 'msg="audit sealed" seal=[0-9]+ events=2 '
ok $? "the seal in flight was completed after the signal"
