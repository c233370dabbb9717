#!/usr/bin/env bash
# Output is bounded: a client that sends and never reads cannot make the
# daemon hold its answers without limit. Reading stops above --output-pause,
# a connection is closed past --output-limit, the one with most output past
# --output-total; Ping payloads are capped (--max-ping). The daemon's peak
# RSS (VmHWM in /proc) is measured against a generous bound; there is no
# timing assertion (main grew to 1.5 GB with 1 MiB pings, to 781 MB with
# four connections of unread household lists).
#
# The flood tool speaks plaintext: this test does too.
T_TRANSPORT=plain
. "$(dirname "$0")/../lib/common.sh"

plan 18

FLOOD="$ANSINH_TOP/tests/tools/flood"
# AddressSanitizer keeps freed memory aside (256 MB by default), which the
# peak RSS would count.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
token ak ward AK
token dist district
TOK=$(cat "$T_DIR/ak.token")
DTOK=$(cat "$T_DIR/dist.token")

metric() { http_get "$ADMIN" /metrics | sed -n "s/^$1 //p"; }
hwm_mb() { echo $(($(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$DAEMON_PID/status") / 1024)); }
# bounded WHAT BASE LIMIT_MB: the peak RSS grew by less than LIMIT_MB.
bounded() {
	local grown=$(($(hwm_mb) - $2))
	if [ "${ANSINH_VALGRIND:-}" = 1 ]; then
		ok 0 "$1 (peak RSS +$grown MB) # skip valgrind's own memory counts"
	else
		[ "$grown" -lt "$3" ]
		ok $? "$1: peak RSS +$grown MB, under $3 MB"
	fi
	RSS_REPORT+=" $1=+${grown}MB"
}
RSS_REPORT=

# 10,000 households for the lists (direct SQL: this is about the daemon).
sql "SET session_replication_role = replica;
     INSERT INTO ansinh.household (id, ward_code, code, head_name, residential_group, address, phone, status, status_since)
     SELECT gen_random_uuid(), 'KD', 'LOAD-' || i, 'Người Thử Số ' || i, 1 + i % 40,
            'Tổ ' || i || ', Thanh Khê Đông', '0905' || lpad(i::text, 6, '0'), 'poor', '2023-01-01'
       FROM generate_series(1, 10000) AS i" >/dev/null

start_daemon
ans ak ward list >/dev/null
BASE=$(hwm_mb)

# 1 MiB pings, never read: refused by --max-ping (4096), nothing echoed.
OUT=$("$FLOOD" "$ADDR" pings "$TOK" 1048000 300)
like "$OUT" "sent=300 .*closed=0" "300 pings of 1 MiB (in frames under --max-frame) are all taken"
like "$(metric ansinh_pings_refused_total)" '^[1-9]' "and refused past --max-ping"
bounded "1 MiB pings" "$BASE" 100

# 4,000-byte pings (under the cap), 100,000 of them (400 MB of answers),
# never read: the daemon stops reading.
OUT=$("$FLOOD" "$ADDR" pings "$TOK" 4000 100000)
like "$OUT" 'stalled=1 ' "the daemon stops reading a connection that does not read its answers"
unlike "$OUT" 'sent=100000 ' "so the 100,000 pings are not all taken"
like "$(metric ansinh_output_paused_total)" '^[1-9]' "ansinh_output_paused_total counts it"
like "$(grep 'output over --output-pause' "$DAEMON_LOG")" 'queued=[0-9]+' "and the log says so"
bounded "unread pongs" "$BASE" 100
run ans ak ward list
is "$RC" 0 "other clients are served meanwhile"

# Four connections pipelining household lists of 10,000 rows, never read
# (the requests fit in the socket buffers: the daemon is what stops).
P0=$(metric ansinh_output_paused_total)
"$FLOOD" "$ADDR" lists "$DTOK" 4 100 10000 10 >"$T_DIR/lists.out" &
FL=$!
for ((i = 0; i < 100; i++)); do
	[ $(($(metric ansinh_output_paused_total) - P0)) -ge 4 ] 2>/dev/null && break
	sleep 0.1
done
[ $(($(metric ansinh_output_paused_total) - P0)) -ge 4 ]
ok $? "the daemon stops reading each of four connections of unread lists"
wait "$FL"
like "$(cat "$T_DIR/lists.out")" 'closed=0' "and they stay open (under --output-limit)"
bounded "unread lists" "$BASE" 200
run ans ak ward list
is "$RC" 0 "other clients are served meanwhile"
stop_daemon

# --output-limit: a connection holding more than 4 MiB of answers is closed.
start_daemon --output-limit 4194304
OUT=$("$FLOOD" "$ADDR" lists "$DTOK" 2 20 10000 30 2)
like "$OUT" 'closed=2' "a connection past --output-limit is closed"
like "$(metric ansinh_output_closed_total)" '^[1-9]' "ansinh_output_closed_total counts it"
like "$(grep 'output over --output-limit' "$DAEMON_LOG")" 'queued=[0-9]+' "and the log says so"
stop_daemon

# --output-total: past 12 MiB for all connections, the one with most goes.
start_daemon --output-total 12582912
OUT=$("$FLOOD" "$ADDR" lists "$DTOK" 4 12 10000 30 1)
like "$OUT" 'closed=[1-4]' "past --output-total connections are closed, the one with most output first"
like "$(grep 'over --output-total' "$DAEMON_LOG")" 'total=[0-9]+' "and the log says so"
diag "peak RSS growth:$RSS_REPORT"
