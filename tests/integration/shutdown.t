#!/usr/bin/env bash
# SIGTERM with requests in flight answers them before exiting 0; PostgreSQL
# going away makes the daemon answer UNAVAILABLE (the client queues the write
# in its outbox), and it serves again when PostgreSQL is back, without a
# restart.
. "$(dirname "$0")/../lib/common.sh"

plan 19

token ak ward AK
start_daemon

# --- SIGTERM while writes wait inside PostgreSQL behind a lock
psql -X -q -U postgres -d "$T_DB" \
	-c "BEGIN" -c "LOCK TABLE ansinh.household IN ACCESS EXCLUSIVE MODE" \
	-c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null &
LOCK_PID=$!
for ((i = 0; i < 100; i++)); do
	[ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'household' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
	sleep 0.05
done
pids=()
for i in 1 2 3 4 5; do
	ans ak household add --code "SD-$i" --head "Người Thứ $i" >"$T_DIR/sd.$i.out" 2>&1 &
	pids+=($!)
done
# Wait until all five are inside the daemon (and so in flight).
for ((i = 0; i < 100; i++)); do
	n=$(grep -c 'msg="session ready"' "$DAEMON_LOG")
	[ "$n" -ge 5 ] && break
	sleep 0.05
done
sleep 0.3
kill -TERM "$DAEMON_PID"
sleep 0.3
run ans ak ward list
is "$RC" 4 "after SIGTERM, new connections are refused (exit 4)"
rcs=""
for p in "${pids[@]}"; do
	wait "$p"
	rcs="$rcs$?"
done
is "$rcs" "00000" "all five writes in flight were answered OK"
wait "$DAEMON_PID"
is "$?" 0 "the daemon exits 0 after draining"
DAEMON_PID=
wait "$LOCK_PID"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'SD-%'")" 5 "and all five are durable"
like "$(cat "$DAEMON_LOG")" 'msg=draining' "the log says it drained"
like "$(grep 'msg=stopped' "$DAEMON_LOG")" 'exit=0' "and that it stopped cleanly"

# --- SIGTERM with a pipelined burst: 100 writes on one connection, 64 of
# them in flight (--max-inflight) behind a lock, the rest still queued in
# the socket. Every request is answered, OK (durable) or UNAVAILABLE
# (nothing written), and the connection ends with a FIN, not a reset.
start_daemon
TOK=$(cat "$T_DIR/ak.token")
psql -X -q -U postgres -d "$T_DB" \
	-c "BEGIN" -c "LOCK TABLE ansinh.household IN ACCESS EXCLUSIVE MODE" \
	-c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
LOCK_PID=$!
for ((i = 0; i < 100; i++)); do
	[ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'household' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
	sleep 0.05
done
"$ANSINH_TOP/tests/tools/rawframe" "$ADDR" burst "$TOK" >"$T_DIR/burst.out" 2>&1 &
RAW_PID=$!
# Its session first (a daemon under valgrind takes its time), then the
# burst on its way in.
for ((i = 0; i < 200; i++)); do
	grep -q 'msg="session ready"' "$DAEMON_LOG" && break
	sleep 0.05
done
sleep 0.5
kill -TERM "$DAEMON_PID"
wait "$RAW_PID"
wait "$DAEMON_PID"
is "$?" 0 "the daemon drains the burst and exits 0"
DAEMON_PID=
wait "$LOCK_PID"
BURST=$(cat "$T_DIR/burst.out")
OKS=$(grep -c '^code=OK seq=1[0-9][0-9][0-9]' <<<"$BURST")
UNAV=$(grep -c '^code=UNAVAILABLE seq=1[0-9][0-9][0-9]' <<<"$BURST")
is "$((OKS + UNAV))" 100 "every one of the 100 requests is answered, OK or UNAVAILABLE"
ok $((OKS > 0 ? 0 : 1)) "the writes in flight were finished ($OKS OK)"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'BU-%'")" "$OKS" "exactly the acknowledged writes are in the database"
like "$(tail -n 1 <<<"$BURST")" '^closed$' "and the connection is closed cleanly"

# --- PostgreSQL down and back
start_daemon
run ans ak household add --code DB-1 --head "Trước Khi Dừng"
is "$RC" 0 "a write before PostgreSQL stops"
"$ANSINH_TOP/sql/cluster.sh" stop "$ANSINH_WORK/pg" >/dev/null 2>&1
run ans ak household add --code DB-2 --head "Khi Dừng"
is "$RC" 3 "with PostgreSQL down, a write is answered UNAVAILABLE and queued (exit 3)"
like "$(printf '%s' "$ERR" | tr '\n' ' ')" "UNAVAILABLE.*queued in the outbox" "and says so"
kill -0 "$DAEMON_PID"
ok $? "the daemon keeps running"
"$ANSINH_TOP/sql/cluster.sh" start "$ANSINH_WORK/pg" >/dev/null 2>&1
ok $? "PostgreSQL started again"
for ((i = 0; i < 200; i++)); do
	ans ak ward list >/dev/null 2>&1 && break
	sleep 0.1
done
run ans ak household add --code DB-3 --head "Sau Khi Chạy Lại"
is "$RC" 0 "the daemon serves again without a restart"
is "$(sql "SELECT string_agg(code, ',' ORDER BY code) FROM ansinh.household WHERE code LIKE 'DB-%'")" "DB-1,DB-2,DB-3" \
	"the queued write was sent by the first command that reached the daemon, and nothing twice"
stop_daemon
is "$DAEMON_RC" 0 "and stops cleanly"
