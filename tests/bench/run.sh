#!/usr/bin/env bash
# tests/bench/run.sh — `make bench`: the ansinhd write path beside a raw
# PostgreSQL baseline, in one run, on one private cluster with fsync on.
#
# Starts a throwaway cluster under a fresh /tmp/ansinh-bench.XXXXXX, migrates
# database `ansinh` and creates a ward token in it. Every scenario run gets
# its own fresh copy of that database, so none writes into rows an earlier
# one left. The scenarios, for one client and for BENCH_CLIENTS clients:
#
#   pg-fn-C        pgbench, C clients: BEGIN; set_context;
#                  household_create(); END — the SQL function the daemon
#                  calls, one transaction per write
#   pg-insert-C    pgbench, C clients: BEGIN; set_context; INSERT INTO
#                  ansinh.household; END — no request log, no status history,
#                  no checks: a reference for what the function costs
#   ansinhd-CxD    tests/bench/loadgen through its own ansinhd (default
#                  flags, kernel-chosen loopback port): C connections, each
#                  keeping D writes in flight (D = 1: one write at a time)
#
# The scenarios run in BENCH_ROUNDS rounds, each with its share of the
# writes, every other round in reverse order: the machine's speed drifts
# (shared virtual CPUs), and this spreads the drift over all scenarios.
#
# Prints one table: writes, seconds, writes/s, p50/p99 latency, the writes/s
# of each round, and the ratio to pg-fn at the same client count; then the
# daemon's mean write batch (from its /metrics), the statuses it answered,
# anything it logged at warn or error, and the checkpoints and autovacuum
# runs PostgreSQL did meanwhile. Every write acknowledged is checked to be in
# the database. Everything started is stopped on every exit path.
# tests/bench/README.md says how to read it.
#
#   BENCH_WRITES=6000         writes in each concurrent scenario
#   BENCH_SINGLE_WRITES=1000  writes in each one-client scenario
#   BENCH_CLIENTS=8           concurrent clients (pgbench -c, loadgen --conns)
#   BENCH_DEPTH=16            writes in flight per pipelined connection
#   BENCH_ROUNDS=2            rounds
#   BENCH_BUDGET=100          seconds for the setup and the scenarios: each
#                             scenario run is cut off (and flagged) to fit,
#                             or skipped (and said) once it is spent
#   BENCH_DAEMON_FLAGS=       extra `ansinhd serve` flags, e.g. "--db-pool 2";
#                             with "--log-level debug" the batch sizes are shown
#   BENCH_KEEP=1              keep the temp dir (logs, latencies)
#
# Exit 0 when every write sent was acknowledged OK and is in the database;
# 1 otherwise (a scenario cut off by the budget is flagged, not failed).
set -euo pipefail

cd "$(dirname "$0")/../.."
bench_start=$SECONDS

WRITES=${BENCH_WRITES:-6000}
SINGLE=${BENCH_SINGLE_WRITES:-1000}
CLIENTS=${BENCH_CLIENTS:-8}
DEPTH=${BENCH_DEPTH:-16}
ROUNDS=${BENCH_ROUNDS:-2}
BUDGET=${BENCH_BUDGET:-100}
WARD=AK

for v in WRITES SINGLE CLIENTS DEPTH ROUNDS BUDGET; do
	case ${!v} in
	'' | *[!0-9]* | 0) echo "run.sh: BENCH_$v must be a positive whole number" >&2; exit 2 ;;
	esac
done
if [ "$CLIENTS" -lt 2 ]; then
	echo "run.sh: BENCH_CLIENTS must be at least 2 (one client is always run)" >&2
	exit 2
fi
for tool in pgbench psql timeout; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "run.sh: $tool not found (make deps)" >&2; exit 1; }
done
if [ ! -x server/ansinhd ] || [ ! -x tests/bench/loadgen ]; then
	echo "run.sh: build first: make all tests/bench/loadgen" >&2
	exit 1
fi

work=$(mktemp -d /tmp/ansinh-bench.XXXXXX)
chmod 755 "$work"
daemon_pid=
child_pid=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$child_pid" ]; then
		kill -TERM "$child_pid" 2>/dev/null || true
		wait "$child_pid" 2>/dev/null || true
	fi
	if [ -n "$daemon_pid" ]; then
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
	fi
	if [ "${BENCH_KEEP:-}" = 1 ] && [ -n "${ANSINH_PGLOG:-}" ]; then
		cp "$ANSINH_PGLOG" "$work/postgres.log" 2>/dev/null || true
	fi
	sql/cluster.sh destroy "$work/pg" >/dev/null 2>&1 || true
	if [ "${BENCH_KEEP:-}" = 1 ]; then
		echo "run.sh: kept $work" >&2
	else
		rm -rf "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf 'run.sh: %s\n' "$*" >&2; }

# cpu_busy — percent of all CPUs busy (not idle, not waiting) over 1 s
cpu_busy() {
	local a b
	a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
	sleep 1
	b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x); split(b, y)
		busy = y[1] - x[1]; all = busy + y[2] - x[2]
		printf "%d", (all > 0 ? 100 * busy / all : 0) }'
}

# The machine must be quiet for the numbers to mean anything: say how busy
# it was before anything started.
busy_before=$(cpu_busy)
load_before=$(cut -d' ' -f1 /proc/loadavg)

# Run a command in the background and wait for it, so that a signal reaches
# the trap at once and the trap can stop the command. Sets RC.
run_child() {
	"$@" &
	child_pid=$!
	RC=0
	wait "$child_pid" || RC=$?
	child_pid=
}

psql_q() { # psql_q DB SQL — as the superuser
	psql -X -q -At -v ON_ERROR_STOP=1 -U postgres -d "$1" -c "$2"
}

# ------------------------------------------------------------- cluster

say "starting a private cluster (fsync on) in $work/pg"
ANSINH_PG_FSYNC=on sql/cluster.sh start "$work/pg" >"$work/cluster.log" 2>&1 || {
	cat "$work/cluster.log" >&2
	say "could not start a private PostgreSQL cluster"
	exit 1
}
# shellcheck disable=SC1091
. "$work/pg/env"

# Checkpoints and autovacuum runs compete with the scenarios for the disk
# and the CPU: log them, to say afterwards how many fell inside the run.
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres \
	-c "ALTER SYSTEM SET log_checkpoints = on" \
	-c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" \
	-c "SELECT pg_reload_conf()" >/dev/null

server/ansinhd migrate --db "dbname=ansinh user=ansinh_owner" >"$work/migrate.log" 2>&1 || {
	cat "$work/migrate.log" >&2
	say "migration failed"
	exit 1
}
server/ansinhd token create --db "dbname=ansinh user=ansinh_owner" \
	--role ward --ward "$WARD" --name bench >"$work/token.out" 2>&1 || {
	cat "$work/token.out" >&2
	say "token create failed"
	exit 1
}
tail -n 1 "$work/token.out" >"$work/bench.token"

pg_version=$(psql_q ansinh "SHOW server_version")
pg_fsync=$(psql_q ansinh "SHOW fsync")
pg_sync=$(psql_q ansinh "SHOW synchronous_commit")
pg_log_start=$(wc -l <"$ANSINH_PGLOG")

# ------------------------------------------------------------- daemon

http_get() { # http_get HOST:PORT PATH — the body, through bash's /dev/tcp
	local host=${1%:*} port=${1##*:}
	exec 9<>"/dev/tcp/$host/$port" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$2" "$1" >&9
	sed '1,/^\r$/d' <&9
	exec 9<&-
}

metric() { # metric FILE NAME — the value of an unlabelled metric, or 0
	awk -v n="$2" '$1 == n { print $2; found = 1 } END { if (!found) print 0 }' "$1"
}

db_pool=
# start_daemon DB LOG — ansinhd on DB; sets daemon_pid, addr, admin, db_pool
start_daemon() {
	local db=$1 log=$2
	# shellcheck disable=SC2086
	server/ansinhd serve --listen 127.0.0.1:0 --admin-listen 127.0.0.1:0 \
		--db "dbname=$db user=ansinhd" --log-level info \
		${BENCH_DAEMON_FLAGS:-} >"$log" 2>&1 &
	daemon_pid=$!
	addr=''
	admin=''
	for _ in $(seq 1 200); do
		if grep -q 'msg="db connected"' "$log" 2>/dev/null; then
			addr=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$log" | tail -n 1)
			admin=$(sed -n 's/.*msg=listening .* admin=\([^ ]*\).*/\1/p' "$log" | tail -n 1)
			db_pool=$(sed -n 's/.*msg=listening .* db_pool=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
			break
		fi
		kill -0 "$daemon_pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$addr" ] || [ -z "$admin" ]; then
		cat "$log" >&2
		say "ansinhd did not become ready"
		exit 1
	fi
}

stop_daemon() { # SIGTERM and wait; sets daemon_rc
	daemon_rc=0
	kill -TERM "$daemon_pid" 2>/dev/null || true
	wait "$daemon_pid" || daemon_rc=$?
	daemon_pid=
}

fresh_db() { # fresh_db NAME — a new database copied from the migrated `ansinh`
	psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres \
		-c "CREATE DATABASE $1 TEMPLATE ansinh OWNER ansinh_owner" >/dev/null
}

# ------------------------------------------------------------- pgbench scripts

# UUIDs ordered by time, like the daemon's UUIDv7 (48-bit milliseconds
# first), so that both sides insert at the same end of the indexes.
uuid_expr="encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::int8) from 3) from 1 for 6), 'hex')::uuid"
names="ARRAY['Nguyễn Văn An','Trần Thị Bình','Lê Hữu Cường','Phạm Đức Dũng','Hoàng Thị Hoa','Huỳnh Văn Hoành','Phan Minh Hùng','Võ Thị Lan','Đặng Thanh Linh','Bùi Thị Mai','Đỗ Quốc Nam','Hồ Ngọc Phúc','Ngô Văn Quang','Dương Văn Sơn','Lý Thị Thảo','Trương Văn Tuấn','Nguyễn Thị Vy','Trần Văn Xuân','Lê Thị Yến','Phạm Thị Hòa','Hoàng Văn Khánh','Huỳnh Đức Lộc','Phan Thị Nhung','Võ Ngọc Trâm']"
code_expr="'P' || :client_id::text || '-' || :r::text"

# The context is the token's (sql/migrations/0011): set_context takes its
# SHA-256. The plain INSERT runs as the API's owner (the daemon's login may
# not write tables), under the same row-level security.
bench_sha="sha256(convert_to('$(cat "$work/bench.token")', 'UTF8'))"
cat >"$work/fn.sql" <<EOF
\\set r random(1, 999999999999)
\\set n random(1, 24)
BEGIN;
SELECT ansinh_api.set_context($bench_sha, NULL);
SELECT code FROM ansinh_api.household_create($uuid_expr, $uuid_expr, '$WARD', $code_expr, ($names)[:n], NULL, NULL, NULL, false, false, 'poor', NULL);
END;
EOF
cat >"$work/insert.sql" <<EOF
\\set r random(1, 999999999999)
\\set n random(1, 24)
BEGIN;
SET LOCAL ROLE ansinh_api_owner;
SELECT ansinh_api.set_context($bench_sha, NULL);
INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since) VALUES ('$WARD', $uuid_expr, $code_expr, ($names)[:n], 'poor', current_date);
END;
EOF

# ------------------------------------------------------------- scenarios

# name kind clients depth writes (kind: fn, insert or daemon)
scenarios=(
	"pg-fn-1 fn 1 1 $SINGLE"
	"pg-insert-1 insert 1 1 $SINGLE"
	"ansinhd-1x1 daemon 1 1 $SINGLE"
	"pg-fn-$CLIENTS fn $CLIENTS 1 $WRITES"
	"pg-insert-$CLIENTS insert $CLIENTS 1 $WRITES"
	"ansinhd-${CLIENTS}x1 daemon $CLIENTS 1 $WRITES"
	"ansinhd-${CLIENTS}x$DEPTH daemon $CLIENTS $DEPTH $WRITES"
)

# One line per scenario run: name round clients inflight writes seconds capped
results="$work/results"
: >"$results"
failed=0
notes=()
writes_left=0
for s in "${scenarios[@]}"; do
	read -r _ _ _ _ w <<<"$s"
	writes_left=$((writes_left + w))
done
runs_left=$((ROUNDS * ${#scenarios[@]}))
skipped=0

# The cap for a run of W writes: its share (by writes) of what is left of
# the budget after 2 s for each run's setup, doubled for slack, at least
# 3 s, never past the budget; 0 when the budget is spent (skip the run).
run_cap() {
	local left=$((BUDGET - (SECONDS - bench_start) - 2 * runs_left)) cap
	if [ "$left" -lt 3 ]; then
		echo 0
		return
	fi
	cap=$((left * 2 * $1 / writes_left))
	[ "$cap" -gt "$left" ] && cap=$left
	[ "$cap" -lt 3 ] && cap=3
	echo "$cap"
}

pg_run() { # pg_run NAME KIND CLIENTS WRITES ROUND CAP
	local name=$1 kind=$2 clients=$3 writes=$4 round=$5 cap=$6
	local per=$(((writes + clients - 1) / clients)) tag="$1.r$5"
	local total=$((per * clients)) out="$work/$tag.out" db=${tag//[-.]/_}
	local threads=$((clients < 2 ? 1 : 2)) tps secs rows_in capped=0 t0
	fresh_db "$db"
	say "$tag: $total writes, $clients client(s), cap ${cap}s"
	t0=$(date +%s.%N)
	local user=ansinhd
	[ "$kind" = insert ] && user=postgres
	run_child timeout "$cap" pgbench -n -M prepared -U "$user" -c "$clients" \
		-j "$threads" -t "$per" -f "$work/$kind.sql" \
		-l --log-prefix="$work/$tag.lat" "$db" >"$out" 2>&1
	secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
	rows_in=$(psql_q "$db" "SELECT count(*) FROM ansinh.household")
	cat "$work/$tag.lat".* 2>/dev/null | awk '{ print $3 }' >>"$work/$name.us"
	if [ "$RC" -eq 124 ]; then
		capped=1
	elif [ "$RC" -ne 0 ]; then
		sed 's/^/    /' "$out" >&2
		notes+=("$tag: pgbench failed (exit $RC)")
		failed=1
	else
		tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$out")
		secs=$(awk -v n="$rows_in" -v t="${tps:-0}" 'BEGIN { printf "%.3f", (t > 0 ? n / t : 0) }')
		if [ "$rows_in" -ne "$total" ]; then
			notes+=("$tag: $rows_in rows in ansinh.household for $total transactions")
			failed=1
		fi
	fi
	echo "$name $round $clients $clients $rows_in $secs $capped" >>"$results"
}

daemon_run() { # daemon_run NAME CONNS DEPTH WRITES ROUND CAP
	local name=$1 conns=$2 depth=$3 writes=$4 round=$5 cap=$6 tag="$1.r$5"
	local out="$work/$tag.out" err="$work/$tag.err" log="$work/$tag.log"
	local m="$work/$tag.metrics" db=${tag//[-.]/_} line rows_in ok n
	fresh_db "$db"
	start_daemon "$db" "$log"
	say "$tag: $writes writes, $conns connection(s) x depth $depth, cap ${cap}s"
	# loadgen stops sending at 3/4 of the cap and waits the rest for answers.
	run_child tests/bench/loadgen --addr "$addr" --token-file "$work/bench.token" \
		--ward "$WARD" --conns "$conns" --depth "$depth" --writes "$writes" \
		--max-seconds "$((cap * 3 / 4))" --grace "$((cap - cap * 3 / 4))" \
		--prefix D --label "$tag" \
		--latency-file "$work/$tag.us" >"$out" 2>"$err"
	http_get "$admin" /metrics >"$m" || : >"$m"
	stop_daemon
	grep -v 'time cap' "$err" | sed 's/^/    /' >&2 || true
	cat "$work/$tag.us" >>"$work/$name.us" 2>/dev/null || true
	line=$(grep '^result ' "$out" || true)
	if [ -z "$line" ]; then
		notes+=("$tag: loadgen failed (exit $RC) without a result")
		failed=1
		echo "$name $round $conns $((conns * depth)) 0 0 0" >>"$results"
		return
	fi
	kv() { printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	ok=$(kv ok)
	rows_in=$(psql_q "$db" "SELECT count(*) FROM ansinh.household")
	if [ "$RC" -ne 0 ]; then
		notes+=("$tag: NOT ALL OK: ok=$ok failed=$(kv failed) lost=$(kv lost) replayed=$(kv replayed) bad_frames=$(kv bad_frames) codes=$(kv codes)")
		failed=1
	fi
	if [ "$rows_in" -ne "$ok" ]; then
		notes+=("$tag: $rows_in rows in ansinh.household for $ok acknowledged writes")
		failed=1
	fi
	if [ "$daemon_rc" -ne 0 ]; then
		notes+=("$tag: ansinhd exited $daemon_rc on SIGTERM")
		failed=1
	fi
	n=$(grep -cE 'level=(warn|error)' "$log" || true)
	printf '%s %s %s %s %s %s\n' "$name" "$(metric "$m" ansinh_db_batch_writes_total)" \
		"$(metric "$m" ansinh_db_batches_total)" \
		"$(metric "$m" ansinh_db_batch_failures_total)" "$n" "$(kv codes)" >>"$work/daemon-stats"
	grep -o 'msg="db batch" .*kind=write jobs=[0-9]*' "$log" |
		sed 's/.*jobs=//' >>"$work/$name.batches" || true
	echo "$name $round $conns $((conns * depth)) $ok $(kv seconds) $(kv capped)" >>"$results"
}

for ((round = 1; round <= ROUNDS; round++)); do
	order=("${scenarios[@]}")
	if ((round % 2 == 0)); then
		order=()
		for ((i = ${#scenarios[@]} - 1; i >= 0; i--)); do
			order+=("${scenarios[i]}")
		done
	fi
	for s in "${order[@]}"; do
		read -r name kind clients depth writes <<<"$s"
		share=$(((writes + ROUNDS - 1) / ROUNDS))
		if [ "$round" -eq "$ROUNDS" ]; then
			share=$((writes - (ROUNDS - 1) * share))
		fi
		cap=$(run_cap "$share")
		if [ "$cap" -eq 0 ]; then
			say "$name.r$round: skipped, the budget is spent"
			skipped=$((skipped + 1))
		elif [ "$kind" = daemon ]; then
			daemon_run "$name" "$clients" "$depth" "$share" "$round" "$cap"
		else
			pg_run "$name" "$kind" "$clients" "$share" "$round" "$cap"
		fi
		writes_left=$((writes_left - share))
		[ "$writes_left" -gt 0 ] || writes_left=1
		runs_left=$((runs_left - 1))
	done
done

# ------------------------------------------------------------- report

percentiles() { # percentiles FILE — "p50 p99" in ms, nearest rank, from µs
	{ [ -f "$1" ] && sort -n "$1"; } | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "0 0"; exit }
		i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++; if (i50 < 1) i50 = 1
		i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++; if (i99 < 1) i99 = 1
		printf "%.3f %.3f\n", v[i50] / 1000, v[i99] / 1000 }'
}

# name clients inflight writes seconds p50 p99 per-round-wps capped-rounds
summary="$work/summary"
: >"$summary"
for s in "${scenarios[@]}"; do
	read -r name _ <<<"$s"
	awk -v n="$name" -v p="$(percentiles "$work/$name.us")" '$1 == n {
		c = $3; f = $4; w += $5; t += $6; cap += $7
		r = r sep sprintf("%.0f", ($6 > 0 ? $5 / $6 : 0)); sep = "/"
	} END { if (r == "") r = "-"
		printf "%s %d %d %d %.3f %s %s %d\n", n, c, f, w, t, p, r, cap }' \
		"$results" >>"$summary"
done

pg_events=$(tail -n +"$((pg_log_start + 1))" "$ANSINH_PGLOG" | awk '
	/checkpoint complete/ { c++ } /automatic (vacuum|analyze)/ { a++ }
	END { printf "%d checkpoints, %d autovacuum/autoanalyze runs", c, a }')

printf '\nansinh write bench — %s — %s cores — PostgreSQL %s, fsync=%s, synchronous_commit=%s\n' \
	"$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc 2>/dev/null || echo '?')" \
	"$pg_version" "$pg_fsync" "$pg_sync"
printf 'ansinhd: db pool %s, extra flags: %s; %s rounds; a fresh database per scenario run; %ss in all\n' \
	"${db_pool:-?}" "${BENCH_DAEMON_FLAGS:-none}" "$ROUNDS" "$((SECONDS - bench_start))"
printf 'before the bench the machine was %s%% busy (load average %s)' "$busy_before" "$load_before"
if [ "$busy_before" -gt 10 ]; then
	printf ' — other work was running: the numbers are low and noisy'
fi
printf '\n\n'
awk '
	BEGIN {
		printf "%-14s %7s %8s %6s %7s %8s %7s %7s %-11s %7s\n", "scenario",
			"clients", "inflight", "writes", "seconds", "writes/s", "p50 ms",
			"p99 ms", "by round", "vs pg-fn"
	}
	{
		wps = ($5 > 0) ? $4 / $5 : 0
		if ($1 ~ /^pg-fn-/) base[$2] = wps
		r = (base[$2] > 0) ? sprintf("%.2fx", wps / base[$2]) : "-"
		printf "%-14s %7d %8d %6d %7.2f %8.1f %7.2f %7.2f %-11s %7s%s\n", $1, $2, $3,
			$4, $5, wps, $6, $7, $8, r, ($9 > 0 ? "  (cut off by the budget)" : "")
	}' "$summary"
printf '\n'
if [ -f "$work/daemon-stats" ]; then
	awk '{
		w[$1] += $2; b[$1] += $3; f[$1] += $4; l[$1] += $5
		n = split($6, kv, ",")
		for (i = 1; i <= n; i++) { split(kv[i], p, ":"); c[$1, p[1]] += p[2]; codes[p[1]] = 1 }
		if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 }
	} END {
		for (i = 1; i <= k; i++) {
			s = order[i]; st = ""; sep = ""
			for (code in codes) if (c[s, code] > 0) { st = st sep code ":" c[s, code]; sep = "," }
			printf "%s: %d writes in %d COMMITs (mean batch %.1f), %d failed batches; statuses %s; %d warn/error log lines\n",
				s, w[s], b[s], (b[s] > 0 ? w[s] / b[s] : 0), f[s], st, l[s]
		}
	}' "$work/daemon-stats"
fi
for f in "$work"/*.batches; do
	[ -s "$f" ] || continue
	printf '%s: write batch sizes (size:count) %s\n' "$(basename "$f" .batches)" \
		"$(sort -n "$f" | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep = " " }')"
done
printf 'PostgreSQL meanwhile: %s\n' "$pg_events"
if [ "$skipped" -gt 0 ]; then
	printf '%s scenario runs skipped: the budget of %ss was spent (BENCH_BUDGET)\n' \
		"$skipped" "$BUDGET"
fi
for n in "${notes[@]}"; do
	printf '%s\n' "$n"
done
if cat "$work"/ansinhd-*.log 2>/dev/null | grep -qE 'level=(warn|error)'; then
	printf 'ansinhd warn/error log lines (most frequent first):\n'
	cat "$work"/ansinhd-*.log | grep -E 'level=(warn|error)' |
		sed 's/^ts=[^ ]* //' | sort | uniq -c | sort -rn | head -n 10 | sed 's/^/  /'
fi
if [ "$failed" -ne 0 ]; then
	printf 'bench: FAILED (see above)\n'
	exit 1
fi
printf 'bench: ok\n'
