#!/usr/bin/env bash
# tests/bench/profile.sh — where the CPU of a household create goes: `perf
# record` of ansinhd and of the PostgreSQL backends serving it while
# loadgen keeps PROFILE_CONNS connections × PROFILE_DEPTH writes in flight,
# on a private cluster with fsync on. Prints the top symbols of each side
# (self time), postgres's inclusive top and the share of each side; docs/performance.md summarises a
# run. Needs perf (Debian: linux-perf) and the build (make all
# tests/bench/loadgen).
#
#   PROFILE_CONNS=64 PROFILE_DEPTH=16 PROFILE_SECONDS=8 PROFILE_TOP=15
set -euo pipefail

cd "$(dirname "$0")/../.."
CONNS=${PROFILE_CONNS:-64}
DEPTH=${PROFILE_DEPTH:-16}
SECS=${PROFILE_SECONDS:-8}
TOP=${PROFILE_TOP:-15}
for v in CONNS DEPTH SECS TOP; do
	case ${!v} in
	'' | *[!0-9]* | 0) echo "profile.sh: PROFILE_$v must be a positive whole number" >&2; exit 2 ;;
	esac
done
command -v perf >/dev/null 2>&1 || { echo "profile.sh: perf not found (apt-get install linux-perf)" >&2; exit 1; }
if [ ! -x server/ansinhd ] || [ ! -x tests/bench/loadgen ]; then
	echo "profile.sh: build first: make all tests/bench/loadgen" >&2
	exit 1
fi

work=$(mktemp -d /tmp/ansinh-profile.XXXXXX)
chmod 755 "$work"
daemon_pid=
load_pid=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	for p in "$load_pid" "$daemon_pid"; do
		[ -n "$p" ] || continue
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	sql/cluster.sh destroy "$work/pg" >/dev/null 2>&1 || true
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ANSINH_PG_FSYNC=on sql/cluster.sh start "$work/pg" >"$work/cluster.log" 2>&1 ||
	{ cat "$work/cluster.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/pg/env"
server/ansinhd migrate --db "dbname=ansinh user=ansinh_owner" >"$work/migrate.log" 2>&1 ||
	{ cat "$work/migrate.log" >&2; exit 1; }
server/ansinhd token create --db "dbname=ansinh user=ansinh_owner" --role ward \
	--ward AK --name profile >"$work/token.out" 2>&1 || { cat "$work/token.out" >&2; exit 1; }
tail -n 1 "$work/token.out" >"$work/token"
printf 'profile:%s\n' "$(python3 -c 'import secrets; print(secrets.token_hex(32))')" >"$work/audit.key"
chmod 600 "$work/audit.key"

server/ansinhd serve --listen 127.0.0.1:0 --admin-listen "" --db "dbname=ansinh user=ansinhd" \
	--audit-key-file "$work/audit.key" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
addr=
for _ in $(seq 1 200); do
	addr=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$work/daemon.log" | tail -n 1)
	[ -n "$addr" ] && grep -q 'msg="db connected"' "$work/daemon.log" && break
	sleep 0.05
done
[ -n "$addr" ] || { cat "$work/daemon.log" >&2; exit 1; }

tests/bench/loadgen --addr "$addr" --token-file "$work/token" --ward AK --conns "$CONNS" \
	--depth "$DEPTH" --writes 100000000 --max-seconds "$((SECS + 3))" --grace 2 \
	>"$work/load.out" 2>"$work/load.err" &
load_pid=$!
sleep 1
backends=$(psql -X -At -U postgres -d postgres -c \
	"SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE usename = 'ansinhd'")
[ -n "$backends" ] || { echo "profile.sh: no backend of ansinhd" >&2; exit 1; }
perf record -q -F 999 -g -o "$work/perf.data" -p "$daemon_pid,$backends" -- sleep "$SECS" \
	>"$work/perf.log" 2>&1 || { cat "$work/perf.log" >&2; exit 1; }
wait "$load_pid" || true
load_pid=
grep '^result ' "$work/load.out" || true

printf '\nsamples by process (ansinhd vs the PostgreSQL backends):\n'
perf report -i "$work/perf.data" --no-children --sort comm --stdio 2>/dev/null |
	grep -E '^ +[0-9.]+%' | head -n 5 || true
for comm in ansinhd postgres; do
	printf '\ntop %s symbols of %s (self):\n' "$TOP" "$comm"
	perf report -i "$work/perf.data" --no-children --comm "$comm" --sort dso,symbol \
		--stdio -g none 2>/dev/null | grep -E '^ +[0-9.]+%' | head -n "$TOP" || true
done
printf '\ntop %s functions of postgres, with what they call (inclusive):\n' "$TOP"
perf report -i "$work/perf.data" --children --comm postgres --sort symbol --stdio -g none 2>/dev/null |
	grep -E '^ +[0-9.]+%' | head -n "$((TOP * 2))" || true
