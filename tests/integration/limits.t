#!/usr/bin/env bash
# Connection limits: --max-conns refuses a connection only when every slot
# holds an authenticated session (RESOURCE_EXHAUSTED, exit 4, retry later);
# unauthenticated connections never lock a real client out — the oldest is
# closed for a newer one, even under 2,000 of them reopened as closed;
# --idle-timeout closes a silent, authenticated connection; the admin
# endpoint reports readiness and metrics.
. "$(dirname "$0")/../lib/common.sh"

plan 16

RAW="$ANSINH_TOP/tests/tools/rawframe"
FLOOD="$ANSINH_TOP/tests/tools/flood"
token ak ward AK
start_daemon --max-conns 1 --idle-timeout 2
TOK=$(cat "$T_DIR/ak.token")

metric() { http_get "$ADMIN" /metrics | sed -n "s/^$1 //p"; }

# Hold the only slot with an authenticated session (pinging every 0.5 s).
"$RAW" "$ADDR" hold "$TOK" >"$T_DIR/hold.out" 2>&1 &
HOLD=$!
for ((i = 0; i < 100; i++)); do grep -q 'seq=100' "$T_DIR/hold.out" && break; sleep 0.1; done
run ans ak ward list
is "$RC" 4 "past --max-conns, with every slot authenticated, a client is refused (exit 4: retry later)"
like "$ERR" "RESOURCE_EXHAUSTED.*too many connections" "and told why"
kill "$HOLD" 2>/dev/null
wait "$HOLD" 2>/dev/null
for ((i = 0; i < 50; i++)); do ans ak ward list >/dev/null 2>&1 && break; sleep 0.1; done
run ans ak ward list
is "$RC" 0 "once the slot is free, it is served"

# A silent connection that never says Hello does not hold the slot.
exec 7<>"/dev/tcp/${ADDR%:*}/${ADDR##*:}"
sleep 0.2
run ans ak ward list
is "$RC" 0 "an unauthenticated connection holding the only slot does not lock a client out"
like "$(metric ansinh_connections_evicted_total)" '^[1-9]' "it was closed to make room (ansinh_connections_evicted_total)"
like "$(grep 'closing an unauthenticated connection' "$DAEMON_LOG")" 'limit=--max-conns' "and the log says which limit acted"
exec 7<&-

# An authenticated connection that stays silent past --idle-timeout (2 s;
# rawframe waits 6 s before it would print "open").
START=$SECONDS
OUT=$("$RAW" "$ADDR" idle "$TOK")
like "$OUT" "code=OK seq=1" "Hello is answered"
like "$OUT" "closed" "a silent authenticated connection is closed after --idle-timeout"
[ $((SECONDS - START)) -lt 6 ]
ok $? "by the idle timeout, not by the tool giving up"

# Admin endpoint.
like "$(http_get "$ADMIN" /healthz)" "^ok" "/healthz answers ok"
like "$(http_get "$ADMIN" /readyz)" "^ready" "/readyz says ready"
like "$(http_get "$ADMIN" /metrics)" 'ansinh_requests_total\{type="ward_list",code="OK"\} [0-9]+' "/metrics counts requests by type and status"
stop_daemon

# 2,000 unauthenticated connections from 100 addresses, each reopened as
# soon as the daemon closes it, against the default limits (1,024
# connections, 128 unauthenticated, 16 from one address): a ward client
# from 127.0.0.1 still gets every one of 15 writes through.
start_daemon
FLOOD_SRC=2:100 "$FLOOD" "$ADDR" silent 2000 60 >"$T_DIR/flood.out" 2>&1 &
FL=$!
for ((i = 0; i < 100; i++)); do
	[ "$(metric ansinh_connections_unauthenticated)" -ge 100 ] 2>/dev/null && break
	sleep 0.1
done
like "$(metric ansinh_connections_unauthenticated)" '^[0-9]+$' "the flood is on ($(metric ansinh_connections_unauthenticated) unauthenticated connections held)"
n=0
for i in $(seq 1 15); do
	ans ak --timeout 20 household add --code "FL-$i" --head "Người Thứ $i" >/dev/null 2>>"$T_DIR/writes.err" && n=$((n + 1))
done
is "$n" 15 "15 of 15 writes got through during the flood"
[ "$(metric ansinh_connections_unauthenticated)" -le 128 ] 2>/dev/null
ok $? "the unauthenticated connections stay within --max-unauth"
kill "$FL" 2>/dev/null
wait "$FL" 2>/dev/null
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'FL-%'")" 15 "and all 15 are stored"
if [ "$n" != 15 ]; then diag "$(tail -n 5 "$T_DIR/writes.err")" "$(cat "$T_DIR/flood.out")"; fi
