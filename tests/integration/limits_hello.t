#!/usr/bin/env bash
# Before authentication: a first frame is at most --max-hello-frame bytes
# (1,000 half-sent 1 MiB Hello frames held 981 MB on main), nothing is read
# while a token is being looked up, bad Hellos are answered late
# (--auth-delay), counted per address and the address refused after
# --auth-failures (4,643 bad Hellos a second from one address on main, each
# a query and a log line), a refused token is remembered (--auth-cache), the
# log line is rate-limited; and a revoked token's open sessions end
# (--token-recheck; on main one kept working 27 s).
#
# The flood tool speaks plaintext: this test does too.
T_TRANSPORT=plain
. "$(dirname "$0")/../lib/common.sh"

plan 23

RAW="$ANSINH_TOP/tests/tools/rawframe"
FLOOD="$ANSINH_TOP/tests/tools/flood"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
token ak ward AK
token kd ward KD
TOK=$(cat "$T_DIR/ak.token")

metric() { http_get "$ADMIN" /metrics | sed -n "s/^$1 //p"; }
hwm_mb() { echo $(($(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$DAEMON_PID/status") / 1024)); }

start_daemon --token-recheck 1
ans ak ward list >/dev/null
BASE=$(hwm_mb)

# --- 1,000 connections from 100 addresses, each announcing a 1 MiB first
# frame and sending all of it but a byte.
OUT=$(FLOOD_SRC=2:100 "$FLOOD" "$ADDR" halfhello 1000 1048576 3)
sending=$(sed -n 's/.* sending=\([0-9]*\).*/\1/p' <<<"$OUT")
like "$OUT" "closed=1000 sending=$sending closed_sending=$sending\$" "1,000 half-sent 1 MiB Hello frames: every connection is closed (the $sending that got a slot by the daemon, refused at the header; the others to make room)"
like "$(grep -c 'exceeds the limit of 4096 before Hello' "$DAEMON_LOG")" '^[1-9]' "refused at the frame's header, past --max-hello-frame"
grown=$(($(hwm_mb) - BASE))
if [ "${ANSINH_VALGRIND:-}" = 1 ]; then
	ok 0 "peak RSS +$grown MB # skip valgrind's own memory counts"
else
	[ "$grown" -lt 100 ]
	ok $? "peak RSS +$grown MB, under 100 MB"
fi
run ans ak ward list
is "$RC" 0 "a client is served after it"

# --- While a Hello's token is looked up, nothing more is read: a client
# sending Hello and 40 MB of pings behind it gets stuck until the lookup is
# done (the lookup waits behind a lock on the token table).
psql -X -q -U postgres -d "$T_DB" -c "BEGIN" \
	-c "LOCK TABLE ansinh.api_token IN ACCESS EXCLUSIVE MODE" \
	-c "SELECT pg_sleep(6)" -c "COMMIT" >/dev/null &
LOCK=$!
for ((i = 0; i < 100; i++)); do
	[ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'api_token' AND l.mode = 'AccessExclusiveLock' AND l.granted")" = 1 ] && break
	sleep 0.05
done
OUT=$("$FLOOD" "$ADDR" hellothen "$TOK" 4000 10000)
like "$OUT" 'stalled=1 ' "while the token is looked up, the daemon reads nothing behind the Hello"
wait "$LOCK"

# --- Bad Hellos from 127.0.0.2, 32 at a time, for 5 s.
L0=$(metric ansinh_auth_lookups_total)
N0=$(grep -c 'msg="token refused"' "$DAEMON_LOG")
OUT=$(FLOOD_SRC=2:1 "$FLOOD" "$ADDR" badhello 32 5)
L1=$(metric ansinh_auth_lookups_total)
N1=$(grep -c 'msg="token refused"' "$DAEMON_LOG")
diag "bad Hellos: $OUT; token lookups: $((L1 - L0)); log lines: $((N1 - N0))"
like "$OUT" 'unauthenticated=[1-9]' "bad Hellos are refused (UNAUTHENTICATED)"
like "$OUT" 'unavailable=[1-9]' "then the address is refused for a while (UNAVAILABLE: retry later)"
[[ "$L0$L1" =~ ^[0-9]+$ ]] && [ $((L1 - L0)) -le 40 ]
ok $? "few of them reach the database ($((L1 - L0)) token lookups, ansinh_auth_lookups_total)"
[ $((N1 - N0)) -le 60 ]
ok $? "and the log line is rate-limited ($((N1 - N0)) lines)"
like "$(grep 'address refused after failed Hellos' "$DAEMON_LOG")" 'addr=127.0.0.2 failures=10 seconds=60' "the refusal of the address is logged"
like "$(metric ansinh_auth_blocked_total)" '^[1-9]' "ansinh_auth_blocked_total counts the refused connections"
run ans ak ward list
is "$RC" 0 "a client from another address is served meanwhile"

# --- A refused Hello is answered after --auth-delay (1000 ms), and the same
# bad token again comes from the cache, not the database.
OUT=$("$RAW" "$ADDR" hello "ansinh1_nosuchtoken")
like "$OUT" 'code=UNAUTHENTICATED' "a bad token is refused"
like "$(grep 'type=hello code=UNAUTHENTICATED' "$DAEMON_LOG" | tail -n 1)" 'ms=(9[0-9]{2}|[1-9][0-9]{3})\.' "after --auth-delay (1000 ms; the log says ms=9xx or more: libevent's clock is cached)"
L0=$(metric ansinh_auth_lookups_total)
C0=$(metric ansinh_auth_cache_hits_total)
OUT=$("$RAW" "$ADDR" hello "ansinh1_nosuchtoken")
like "$OUT" 'code=UNAUTHENTICATED' "the same bad token is refused again"
L1=$(metric ansinh_auth_lookups_total)
[[ "$L0" =~ ^[0-9]+$ ]] && [ "$L1" = "$L0" ]
ok $? "without a database lookup"
is "$(metric ansinh_auth_cache_hits_total)" $((C0 + 1)) "but from the cache of refused tokens"
run ans ak ward list
is "$RC" 0 "a good token is still served"

# --- Revocation: a session of ward KD pinging every 0.5 s; its token is
# revoked; the session is told and closed (within --token-recheck, 1 s;
# rawframe gives up after 15 s).
KTOK=$(cat "$T_DIR/kd.token")
KID=$(sed -n 's/^token id \([^ ]*\) .*/\1/p' "$T_DIR/kd.token.out")
"$RAW" "$ADDR" hold "$KTOK" >"$T_DIR/hold.out" 2>&1 &
HOLD=$!
for ((i = 0; i < 100; i++)); do grep -q 'seq=101' "$T_DIR/hold.out" && break; sleep 0.1; done
like "$(cat "$T_DIR/hold.out")" 'code=OK seq=101' "a session of ward KD is working"
"$ANSINHD" token revoke --db "$OWNER_DB" "$KID" >/dev/null
wait "$HOLD"
like "$(cat "$T_DIR/hold.out")" 'code=UNAUTHENTICATED seq=0 msg="the token of this connection was revoked"' "once its token is revoked, the session is told"
like "$(tail -n 1 "$T_DIR/hold.out")" '^closed$' "and closed"
unlike "$(cat "$T_DIR/hold.out")" 'seq=129' "before rawframe's 30 pings (15 s) ran out"
is "$(metric ansinh_sessions_revoked_total)" 1 "ansinh_sessions_revoked_total counts it"
