#!/usr/bin/env bash
# Cheap queries must not starve writes: reads never hold every database
# connection (one is left for writes), a connection's queued reads are
# bounded (--max-session-reads), and a read runs at most --query-timeout.
# On main, 16 concurrent searches raised another ward's write median from
# 10 ms to 1,362 ms; here the reads are made to wait behind a lock on the
# household table, and a write that does not touch it must still go
# through while they wait (no timing: the lock is still held when the write
# is answered).
. "$(dirname "$0")/../lib/common.sh"

plan 12

RAW="$ANSINH_TOP/tests/tools/rawframe"
token dist district
token kd ward KD

metric() { http_get "$ADMIN" /metrics | sed -n "s/^$1 //p"; }
# lock SECONDS: hold ACCESS EXCLUSIVE on ansinh.household in the background
# (LOCK is the psql's pid); returns once it is granted.
lock() {
	psql -X -q -U postgres -d "$T_DB" -c "BEGIN" \
		-c "LOCK TABLE ansinh.household IN ACCESS EXCLUSIVE MODE" \
		-c "SELECT pg_sleep($1)" -c "COMMIT" >/dev/null 2>&1 &
	LOCK=$!
	for ((i = 0; i < 100; i++)); do
		locked && return 0
		sleep 0.05
	done
}
locked() {
	[ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'household' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ]
}
unlock() {
	sql "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()" >/dev/null
	wait "$LOCK" 2>/dev/null
}
waiting() { # queries of the daemon waiting on a lock
	sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'ansinhd' AND wait_event_type = 'Lock'"
}

start_daemon
ans kd ward list >/dev/null

# 16 searches from one district token, all stuck behind the lock.
lock 30
pids=()
for i in $(seq 1 16); do
	ans dist --timeout 40 household find a >/dev/null 2>"$T_DIR/find.$i.err" &
	pids+=($!)
done
for ((i = 0; i < 100; i++)); do [ "$(waiting)" -ge 3 ] && break; sleep 0.1; done
is "$(waiting)" 3 "the searches hold three of the four database connections, not four"
run ans kd --timeout 20 org add --name "Hội Phụ nữ phường Thanh Khê Đông" --kind association
is "$RC" 0 "another ward's write goes through while they wait"
locked
ok $? "with the lock still held: it did not wait for the reads"
unlock
rcs=""
for p in "${pids[@]}"; do
	wait "$p"
	rcs="$rcs$?"
done
is "$rcs" "0000000000000000" "and the 16 searches are all answered once the lock is gone"

# One connection pipelining 50 searches: at most --max-session-reads (8) of
# them queued or running at once; the daemon stops reading the rest until
# answers go out.
lock 30
"$RAW" "$ADDR" finds "$(cat "$T_DIR/dist.token")" >"$T_DIR/finds.out" 2>&1 &
FINDS=$!
for ((i = 0; i < 100; i++)); do [ "$(waiting)" -ge 3 ] && break; sleep 0.1; done
sleep 0.5
Q=$(metric ansinh_db_queue_depth)
[ "$Q" -le 5 ] 2>/dev/null
ok $? "50 pipelined searches: $(waiting) running and $Q queued, within --max-session-reads 8"
like "$(metric ansinh_session_reads_paused_total)" '^[1-9]' "ansinh_session_reads_paused_total counts the pause"
unlock
wait "$FINDS"
is "$(grep -c '^code=OK seq=5' "$T_DIR/finds.out")" 50 "all 50 are answered once the lock is gone"
stop_daemon

# --query-timeout: a read stuck longer is stopped, and says why; a write
# waits as long as it must.
start_daemon --query-timeout 1
lock 30
run ans dist --timeout 20 household find a
is "$RC" 2 "a read past --query-timeout is refused (exit 2)"
like "$ERR" "DEADLINE_EXCEEDED.*--query-timeout" "and told why"
ans kd --timeout 30 household add --code QT-1 --head "Người Chờ" >"$T_DIR/write.out" 2>&1 &
W=$!
for ((i = 0; i < 100; i++)); do [ "$(waiting)" -ge 1 ] && break; sleep 0.1; done
sleep 1.5
is "$(waiting)" 1 "a write behind the lock is still waiting after --query-timeout"
unlock
wait "$W"
is "$?" 0 "and is answered once the lock is gone"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'QT-1'")" 1 "and stored"
