#!/usr/bin/env bash
# The wire: garbage, an oversize length, a first request that is not Hello,
# invalid UTF-8, a partial frame, pipelining, and a replayed request_id —
# while other clients keep being served.
. "$(dirname "$0")/../lib/common.sh"

plan 25

RAW="$ANSINH_TOP/tests/tools/rawframe"
token ak ward AK
start_daemon --frame-timeout 1 --handshake-timeout 2
TOK=$(cat "$T_DIR/ak.token")

served() { ans ak ward list >/dev/null 2>&1; }

OUT=$("$RAW" "$ADDR" garbage)
like "$OUT" "code=INVALID_ARGUMENT" "garbage bytes get an error status"
like "$OUT" "closed" "and the connection is closed"
served; ok $? "another client is still served"

OUT=$("$RAW" "$ADDR" oversize)
like "$OUT" "code=INVALID_ARGUMENT.*exceeds the limit" "an oversize length is refused with a reason"
like "$OUT" "closed" "and the connection is closed"
served; ok $? "another client is still served"

OUT=$("$RAW" "$ADDR" nohello)
like "$OUT" "code=UNAUTHENTICATED seq=7" "a first request that is not Hello is unauthenticated"
like "$OUT" "closed" "and the connection is closed"

OUT=$("$RAW" "$ADDR" hello "not-a-token")
like "$OUT" "code=UNAUTHENTICATED" "a bad token is unauthenticated"
like "$OUT" "closed" "and the connection is closed"

OUT=$("$RAW" "$ADDR" badutf8)
like "$OUT" 'code=INVALID_ARGUMENT.*violation=hello.client_name:"[^"]*UTF-8' "invalid UTF-8 is named by field"
like "$OUT" "closed" "before Hello, the connection is closed"
served; ok $? "another client is still served"

OUT=$("$RAW" "$ADDR" partial "$TOK")
like "$OUT" "code=OK seq=1" "Hello succeeds"
like "$OUT" "closed" "a frame left half-sent is cut off by --frame-timeout"

OUT=$("$RAW" "$ADDR" pipeline "$TOK")
is "$(printf '%s\n' "$OUT" | grep -c '^code=OK')" 201 "200 pipelined pings after Hello are all answered"
is "$(printf '%s\n' "$OUT" | grep '^code=OK' | sed -n 's/.*seq=\([0-9]*\).*/\1/p' | sort -n | tail -n 1)" 299 "matched by seq"

OUT=$("$RAW" "$ADDR" replay "$TOK")
ID=$(printf '%s\n' "$OUT" | sed -n 's/^id //p')
like "$OUT" "code=OK seq=10 replayed=0" "the first send writes"
like "$OUT" "code=OK seq=11 replayed=1" "a replayed request_id returns the stored outcome"
like "$OUT" "code=OK seq=12 replayed=1" "every time"
like "$OUT" "code=OK seq=20 replayed=0" "creating the same record again with identical content is OK"
like "$OUT" "code=ALREADY_EXISTS seq=21" "the same id with different content is ALREADY_EXISTS"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE id = '$ID'")" 1 "written exactly once"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE record_id = '$ID' AND table_name = 'household'")" 1 "one household event in the audit trail"

# Handshake timeout: connect and say nothing.
exec 7<>"/dev/tcp/${ADDR%:*}/${ADDR##*:}"
sleep 3
if timeout 2 cat <&7 >/dev/null; then ok 0 "a silent connection is closed after --handshake-timeout"; else ok 1 "a silent connection is closed after --handshake-timeout"; fi
exec 7<&-
