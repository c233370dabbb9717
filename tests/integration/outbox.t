#!/usr/bin/env bash
# The offline outbox: a write that cannot be delivered is queued durably
# (exit 3) and sent later by `ansinh sync` or by the next command that
# reaches the daemon, exactly once, in order — records created offline may
# refer to each other. Rejected writes are not queued; a queued write the
# daemon refuses stays until dropped; a client killed in the middle of an
# append leaves a readable outbox; two syncs at once send each entry once.
# An entry is only ever sent with the token that queued it (another
# officer's command leaves it); an outbox of format 1 is read, its entries
# sent only once claimed; an outbox copied without its lock file reads the
# same.
. "$(dirname "$0")/../lib/common.sh"

plan 89

token ak ward AK
token kd ward KD
start_daemon
OUTBOX="$XDG_STATE_HOME/ansinh/outbox"
UUID='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
rows() { printf '%s\n' "$1" | tail -n +2 | grep -c .; }

# --- daemon stopped: queued, exit 3; records made offline refer to each other
stop_daemon
run ans ak household add --code OFF-1 --head "Người Ngoại Tuyến" --group 3
is "$RC" 3 "with the daemon stopped, household add exits 3"
like "$ERR" "daemon unavailable.*refused" "it says why"
like "$ERR" "queued in the outbox as entry 1: household add --code OFF-1" "and that the write is queued"
HID=$OUT
like "$HID" "$UUID" "it prints the id the household will have"
ok "$([ -s "$OUTBOX" ]; echo $?)" "the outbox is in \$XDG_STATE_HOME/ansinh/outbox"
run ans ak member add --household "$HID" --name "Con Ngoại Tuyến" --relation child
is "$RC" 3 "a member of the offline household, named by its id, is queued too"
MID=$OUT
run ans ak --format csv outbox list
is "$RC" 0 "outbox list works offline"
is "$(rows "$OUT")" 2 "two entries"
like "$OUT" "^1,queued,[0-9-]+ [0-9:]+,household add --code OFF-1 --head 'Người Ngoại Tuyến' --group 3,$HID," \
	"each with its number, state, time, command and record id"
RID1=$(printf '%s\n' "$OUT" | sed -n '2p' | cut -d, -f6)
like "$RID1" "$UUID" "and its request id"
run ans ak --format json outbox show 2
like "$OUT" "\"record\": *\"$MID\"" "outbox show gives an entry's record id"
like "$OUT" "\"body\": *\"member_create\"" "and what its request is"
run ans ak outbox show 9
is "$RC" 1 "outbox show of an unknown entry is an error"
run ans ak sync
is "$RC" 4 "sync with the daemon still down exits 4"
like "$ERR" "2 writes still queued" "and says the writes stay queued"

start_daemon
run ans ak --format csv sync
is "$RC" 0 "sync with the daemon back exits 0"
like "$OUT" "1,delivered,household add --code OFF-1" "it reports the household delivered"
like "$OUT" "2,delivered,member add --household $HID" "then the member, in order"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'OFF-1'")" 1 "the household exists exactly once"
is "$(sql "SELECT id FROM ansinh.household WHERE code = 'OFF-1'")" "$HID" "with the id chosen offline"
is "$(sql "SELECT household_id FROM ansinh.person WHERE id = '$MID'")" "$HID" "and the member is in it"
is "$(sql "SELECT count(*) FROM ansinh.request_log WHERE request_id = '$RID1'")" 1 "applied under the request id it was queued with"
run ans ak --format csv outbox list
is "$(rows "$OUT")" 0 "the outbox is empty"
run ans ak sync
is "$RC" 0 "sync with nothing queued exits 0"
like "$ERR" "nothing queued" "and says so"

# --- a write the daemon rejects is not queued
run ans ak household add --code OFF-1 --head "Trùng Mã"
is "$RC" 2 "a duplicate code is rejected (exit 2)"
run ans ak --format csv outbox list
is "$(rows "$OUT")" 0 "and not queued"

# --- no answer in time: queued with its request id; the resend is a replay
psql -X -q -U postgres -d "$T_DB" -c "BEGIN" \
	-c "LOCK TABLE ansinh.household IN ACCESS EXCLUSIVE MODE" \
	-c "SELECT pg_sleep(2.5)" -c "COMMIT" >/dev/null &
LOCK_PID=$!
for ((i = 0; i < 100; i++)); do
	[ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'household' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
	sleep 0.05
done
run ans ak --timeout 1 household add --code SLOW-1 --head "Trả Lời Chậm"
is "$RC" 3 "a write whose answer does not come in time is queued"
like "$ERR" "timed out" "after a timeout"
run ans ak --format csv outbox list
like "$OUT" "SLOW-1 --head '.*',[0-9a-f-]+,[0-9a-f-]+,,[0-9a-f]{16},ward AK,yes$" \
	"queued with its token's fingerprint, the ward the daemon had said, and this token's"
wait "$LOCK_PID"
for ((i = 0; i < 100; i++)); do
	[ "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'SLOW-1'")" = 1 ] && break
	sleep 0.05
done
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'SLOW-1'")" 1 "the daemon applied it meanwhile"
run ans ak --format csv sync
is "$RC" 0 "sync exits 0"
like "$OUT" "replayed,household add --code SLOW-1" "the resend is answered from the request log: replayed"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'SLOW-1'")" 1 "the household exists once"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'household' AND row_data->>'code' = 'SLOW-1'")" 1 \
	"and was written once"

# --- the next command that reaches the daemon sends the outbox first
stop_daemon
run ans ak household add --code OFF-2 --head "Người Thứ Hai"
is "$RC" 3 "queued while the daemon is down"
start_daemon
run ans ak --format csv household list
is "$RC" 0 "the next command succeeds"
like "$ERR" "outbox entry [0-9]+ delivered: household add --code OFF-2" "having sent the queued write first"
like "$OUT" "OFF-2" "so the list shows it"

# --- a queued write the daemon refuses stays until dropped
stop_daemon
run ans ak household add --code OFF-1 --head "Trùng Mã Ngoại Tuyến"
is "$RC" 3 "offline, a duplicate cannot be known: queued"
N=$(printf '%s\n' "$ERR" | sed -n 's/.*queued in the outbox as entry \([0-9]*\).*/\1/p')
start_daemon
run ans ak --format csv sync
is "$RC" 2 "sync exits 2 when the daemon refuses an entry"
like "$OUT" "$N,rejected,household add --code OFF-1.*ALREADY_EXISTS" "and reports it with the daemon's reason"
run ans ak --format csv outbox list
like "$OUT" "^$N,rejected,.*ALREADY_EXISTS" "the entry stays, marked rejected"
run ans ak sync
like "$ERR" "nothing queued" "a rejected entry is not sent again"
run ans ak outbox drop "$N"
is "$RC" 0 "outbox drop removes it"
run ans ak --format csv outbox list
is "$(rows "$OUT")" 0 "the outbox is empty again"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'OFF-1'")" 1 "and the household was never doubled"

# --- the client killed in the middle of an append
stop_daemon
run ans ak household add --code KILL-0 --head "Trước Khi Giết"
is "$RC" 3 "a queued write (acknowledged: exit 3)"
ANSINH_TEST_OUTBOX_PAUSE=30 "$ANSINH" --token-file "$T_DIR/ak.token" household add \
	--code KILL-1 --head "Bị Giết Giữa Chừng" >"$T_DIR/kill.out" 2>"$T_DIR/kill.err" &
KPID=$!
for ((i = 0; i < 200; i++)); do
	grep -qs 'paused in the middle of an outbox append' "$T_DIR/kill.err" && break
	sleep 0.05
done
like "$(cat "$T_DIR/kill.err")" "paused in the middle" "a client is stopped in the middle of an append"
{ kill -KILL "$KPID"; wait "$KPID"; } 2>/dev/null
run ans ak --format csv outbox list
is "$RC" 0 "after SIGKILL the outbox still reads"
is "$(rows "$OUT")" 1 "with the acknowledged entry only"
like "$OUT" "KILL-0" "which is intact"
like "$ERR" "incomplete record" "the torn append is reported"
run ans ak household add --code KILL-2 --head "Sau Khi Giết"
is "$RC" 3 "appending works after it"
start_daemon
run ans ak --format csv sync
is "$RC" 0 "sync sends both"
is "$(sql "SELECT string_agg(code, ',' ORDER BY code) FROM ansinh.household WHERE code LIKE 'KILL-%'")" "KILL-0,KILL-2" \
	"the acknowledged writes are there, the torn one is not"

# --- two syncs at once send each entry once
stop_daemon
for i in $(seq 1 15); do
	ans ak household add --code "PAR-$i" --head "Song Song $i" >/dev/null 2>&1
done
run ans ak --format csv outbox list
is "$(rows "$OUT")" 15 "fifteen writes queued"
printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f6 >"$T_DIR/par.rids"
start_daemon
ans ak sync >"$T_DIR/sync1.out" 2>&1 &
S1=$!
ans ak sync >"$T_DIR/sync2.out" 2>&1 &
S2=$!
wait "$S1"; R1=$?
wait "$S2"; R2=$?
is "$R1$R2" "00" "both syncs exit 0"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'PAR-%'")" 15 "fifteen households"
dups=0
while read -r rid; do
	n=$(grep -c "type=household_create .*req=$rid" "$DAEMON_LOG")
	[ "$n" = 1 ] || dups=$((dups + 1))
done <"$T_DIR/par.rids"
is "$dups" 0 "the daemon received each queued request exactly once"

# --- ANSINH_OUTBOX names another file
stop_daemon
ANSINH_OUTBOX="$T_DIR/elsewhere/outbox" run ans ak household add --code ELSE-1 --head "Nơi Khác"
is "$RC" 3 "queued"
ok "$([ -s "$T_DIR/elsewhere/outbox" ]; echo $?)" "in the file ANSINH_OUTBOX names"

# --- an entry is only ever sent with the token that queued it
stop_daemon
run ans ak household add --code WHO-1 --head "Của Phường An Khê"
is "$RC" 3 "ward AK's write is queued"
start_daemon
run ans kd --format csv household list
is "$RC" 0 "another officer's command (ward KD) reaches the daemon"
like "$ERR" "1 queued write left in the outbox, not sent with this token: 1 queued with another token" \
	"it leaves AK's entry in the outbox and says why"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'WHO-1'")" 0 \
	"AK's write was not sent with KD's token"
run ans kd sync
is "$RC" 0 "sync with KD's token exits 0"
like "$ERR" "nothing queued in the outbox with this token" "sending nothing"
run ans kd --format csv outbox list
like "$OUT" "WHO-1 .*,[0-9a-f]{16},,no$" "outbox list: the entry is another token's"
run ans ak --format csv outbox list
like "$OUT" "WHO-1 .*,[0-9a-f]{16},,yes$" "and AK's, for AK"
FP=$(printf '%s\n' "$OUT" | grep WHO-1 | cut -d, -f8)
run ans ak --format json outbox show "$(printf '%s\n' "$OUT" | grep WHO-1 | cut -d, -f1)"
like "$OUT" "\"token\": *\"$FP[0-9a-f]{16}\"" "outbox show gives the whole fingerprint"
unlike "$OUT" "$(cat "$T_DIR/ak.token")" "never the token"
unlike "$(tr -d '\0' <"$OUTBOX")" "$(cat "$T_DIR/ak.token")" "nor does the outbox file hold it"
run ans ak --format csv sync
like "$OUT" "delivered,household add --code WHO-1" "AK's sync delivers it"
is "$(sql "SELECT ward_code FROM ansinh.household WHERE code = 'WHO-1'")" AK "into ward AK"
is "$(sql "SELECT DISTINCT actor FROM ansinh.audit_event WHERE table_name = 'household' AND row_data->>'code' = 'WHO-1'")" \
	ak "audited as AK's officer (the token named ak)"

# --- an outbox of format 1: its entries have no token recorded
stop_daemon
run ans ak household add --code OLD-1 --head "Hàng Đợi Cũ"
is "$RC" 3 "queued"
N=$(printf '%s\n' "$ERR" | sed -n 's/.*queued in the outbox as entry \([0-9]*\).*/\1/p')
# Rewrite the file as a client of format 1 wrote it: each entry without the
# identity between its record id and its command.
python3 - "$OUTBOX" <<'PY'
import struct, sys
T = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    T.append(c)
def crc(b, c=0):
    c ^= 0xFFFFFFFF
    for x in b:
        c = T[(c ^ x) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF
data, out, off = open(sys.argv[1], "rb").read(), b"", 0
while off < len(data):
    typ, n = data[off + 3], struct.unpack(">I", data[off + 4:off + 8])[0]
    p = data[off + 12:off + 12 + n]
    off += 12 + n
    if typ == 1:
        at = 8 + 8 + 16 + 1 + 16
        w = struct.unpack(">H", p[at + 18:at + 20])[0]
        p = p[:at] + p[at + 20 + w:]
    elif typ == 4:
        continue
    h = b"AO" + bytes([1, typ]) + struct.pack(">I", len(p))
    out += h + struct.pack(">I", crc(p, crc(h))) + p
open(sys.argv[1], "wb").write(out)
PY
run ans ak --format csv outbox list
like "$OUT" "^$N,queued,.*OLD-1 .*,,,no$" "an entry of format 1 is listed, with no token recorded"
start_daemon
run ans ak sync
is "$RC" 0 "sync exits 0"
like "$ERR" "1 with no token recorded" "leaving it: which token queued it is not known"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'OLD-1'")" 0 "it is not sent"
run ans ak outbox claim "$N"
is "$RC" 0 "outbox claim gives it to this token"
run ans kd outbox claim "$N"
is "$RC" 1 "and no other token may claim it then"
run ans ak --format csv sync
like "$OUT" "delivered,household add --code OLD-1" "then sync sends it"
is "$(sql "SELECT ward_code FROM ansinh.household WHERE code = 'OLD-1'")" AK "with the token that claimed it"

# --- an outbox copied without its lock file
stop_daemon
run ans ak household add --code COPY-1 --head "Bản Sao"
is "$RC" 3 "queued"
mkdir -p "$T_DIR/copy"
cp "$OUTBOX" "$T_DIR/copy/outbox"
ok "$([ ! -e "$T_DIR/copy/outbox.lock" ]; echo $?)" "a copy of the outbox without its lock file"
ANSINH_OUTBOX="$T_DIR/copy/outbox" run ans ak --format csv outbox list
is "$(rows "$OUT")" 1 "lists its entry"
start_daemon
ANSINH_OUTBOX="$T_DIR/copy/outbox" run ans ak --format csv sync
like "$OUT" "delivered,household add --code COPY-1" "and sync sends it"
