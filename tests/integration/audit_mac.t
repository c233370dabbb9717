#!/usr/bin/env bash
# The audit MAC: each write is bound to the daemon that made it by a keyed
# MAC (HMAC-SHA256, key in the daemon's key file, not in the database),
# stored beside its audit events in the same transaction. `ansinhd audit
# verify --audit-key-file` recomputes them: a write made with the daemon's
# database login but not by the daemon — the request context set by hand,
# the API function called directly — fails verify; so do a MAC of a key
# the file does not hold and a write from a daemon without a key. Keys
# rotate: the first line is current, older lines still verify.
. "$(dirname "$0")/../lib/common.sh"

plan 20

token ak ward AK
token district district
K1=$T_DIR/keys1
K2=$T_DIR/keys2
printf '# the district office'"'"'s audit key\nk1:%s\n' "$(openssl rand -hex 32)" >"$K1"
{ printf 'k2:%s\n' "$(openssl rand -hex 32)"; grep '^k1:' "$K1"; } >"$K2"
chmod 600 "$K1" "$K2"
verify() { # verify [flags] — audit verify as the owner
	run "$ANSINHD" audit verify --db "$OWNER_DB" "$@"
}

# --- a bad key file stops the daemon before it serves
printf 'k1:abcd\n' >"$T_DIR/short"
run "$ANSINHD" serve --listen 127.0.0.1:0 --admin-listen "" --db "$DAEMON_DB" --audit-key-file "$T_DIR/short"
is "$RC" 1 "a key of 2 bytes is refused"
like "$ERR" "audit-key-file: .*short:1: the secret must be 16 to 128 bytes in hex" "naming the file, the line and the rule"

# --- writes of a daemon with key k1
start_daemon --audit-key-file "$K1"
grep -q 'msg="audit key" key_id=k1 keys=1' "$DAEMON_LOG"
ok $? "the daemon says which key is current"
ans ak household add --code AK-1 --head "Trương Văn Hoành" >/dev/null
ans ak member add --household AK-1 --name "Trương Văn Hoành" >/dev/null
ans district fund add --code relief --name "Quỹ cứu trợ" >/dev/null
ans district target set --year 2024 --metric poor-exit --value 220 >/dev/null
is "$(sql "SELECT count(*) FILTER (WHERE key_id = 'k1' AND octet_length(mac) = 32) || '/' || count(*) FROM ansinh.audit_mac")" \
	"4/4" "each write stored its MAC under key k1"
RID=$(sql "SELECT request_id FROM ansinh.audit_event WHERE table_name = 'household' LIMIT 1")
is "$(sql "SELECT actor || '|' || role || '|' || ward_code || '|' || operation FROM ansinh.audit_mac WHERE request_id = '$RID'")" \
	"ak|ward|AK|household_create" "with the request's actor, role, ward and operation"
verify --audit-key-file "$K1"
is "$RC" 0 "verify with the key: intact"
like "$OUT" "macs: [0-9]+ events since MACs began, ([0-9]+) with the MAC of their request recomputed and right \(current key k1\)" \
	"every event's request MAC recomputed"
verify
is "$RC" 0 "verify without the key: intact"
like "$OUT" "macs: [0-9]+ events unchecked: no --audit-key-file" "and the MACs reported unchecked"

# --- rotation: k2 current, k1 still verifies
stop_daemon
start_daemon --audit-key-file "$K2"
ans ak household add --code AK-2 --head "Lê Thị Hòa" >/dev/null
is "$(sql "SELECT string_agg(DISTINCT key_id, ',' ORDER BY key_id) FROM ansinh.audit_mac")" "k1,k2" \
	"after rotation new writes use k2"
verify --audit-key-file "$K2"
is "$RC" 0 "the rotated file verifies both keys' MACs"
verify --audit-key-file "$K1"
is "$RC" 3 "a file without k2 cannot"
like "$OUT" "has a MAC of key k2, which the key file does not hold" "and says so"

# --- a write with the daemon's database login, behind the daemon's back
sql_as ansinhd "BEGIN;
$(context_of ak 01a2aaaa-0000-7000-8000-000000000001)
SELECT code FROM ansinh_api.household_create(request_id => '01a2aaaa-0000-7000-8000-000000000001',
  id => '01a2aaaa-0000-7000-8000-0000000000aa', ward => 'AK', code => 'AK-9', head_name => 'Kẻ Gian',
  residential_group => NULL, address => NULL, phone => NULL, policy => false, special_difficulty => false,
  status => 'poor', status_since => NULL);
COMMIT;" >/dev/null
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'AK-9'")" 1 \
	"the daemon's login wrote a household as ward AK's officer, audited as theirs"
verify --audit-key-file "$K2"
is "$RC" 3 "verify with the key finds it"
like "$OUT" "FAIL macs: event [0-9]+ \(ward AK\) of request 01a2aaaa-0000-7000-8000-000000000001 has no MAC: it was not written by a daemon holding the key \(actor ak\)" \
	"naming the event, its request and that no daemon holding the key wrote it"

# --- a MAC made up for it is wrong
sql_as ansinhd "BEGIN;
$(context_of ak 01a2aaaa-0000-7000-8000-000000000002)
SELECT code FROM ansinh_api.household_create(request_id => '01a2aaaa-0000-7000-8000-000000000002',
  id => '01a2aaaa-0000-7000-8000-0000000000ab', ward => 'AK', code => 'AK-8', head_name => 'Kẻ Gian',
  residential_group => NULL, address => NULL, phone => NULL, policy => false, special_difficulty => false,
  status => 'poor', status_since => NULL);
SELECT ansinh_api.audit_mac_record('01a2aaaa-0000-7000-8000-000000000002', 'k2:' || repeat('ab', 32), 'household_create', true);
COMMIT;" >/dev/null
verify --audit-key-file "$K2"
like "$OUT" "FAIL macs: event [0-9]+ \(ward AK\) of request 01a2aaaa-0000-7000-8000-000000000002 \(household_create by ak\) has a wrong MAC" \
	"a MAC made without the key is wrong"

# --- a daemon without a key says so, and its writes carry no MAC
stop_daemon
start_daemon
grep -q 'level=warn msg="no audit key"' "$DAEMON_LOG"
ok $? "a daemon without --audit-key-file warns at start"
ans ak household add --code AK-3 --head "Phạm Văn Hoà" >/dev/null
is "$(sql "SELECT count(*) FROM ansinh.audit_mac WHERE key_id IS NULL")" 1 \
	"its write is stored without a MAC"
verify --audit-key-file "$K2"
like "$OUT" "of request [0-9a-f-]+ \(household_create by ak\) carries no MAC: written by a daemon run without --audit-key-file" \
	"and verify with the key reports it"

t_finish
