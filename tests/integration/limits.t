#!/usr/bin/env bash
# Connection limits: --max-conns refuses the connection past the limit with
# RESOURCE_EXHAUSTED (the client exits 4, retry later) and serves again once
# a slot is free; --idle-timeout closes a silent, authenticated connection;
# the admin endpoint reports readiness and metrics.
. "$(dirname "$0")/../lib/common.sh"

plan 9

RAW="$ANSINH_TOP/tests/tools/rawframe"
token ak ward AK
start_daemon --max-conns 1 --idle-timeout 2
TOK=$(cat "$T_DIR/ak.token")

# Hold the only slot with a silent connection.
exec 7<>"/dev/tcp/${ADDR%:*}/${ADDR##*:}"
sleep 0.2
run ans ak ward list
is "$RC" 4 "past --max-conns a client is refused (exit 4: retry later)"
like "$ERR" "RESOURCE_EXHAUSTED|too many connections" "and told why"
exec 7<&-
for ((i = 0; i < 50; i++)); do ans ak ward list >/dev/null 2>&1 && break; sleep 0.1; done
run ans ak ward list
is "$RC" 0 "once the slot is free, it is served"

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
