#!/usr/bin/env bash
# tests/bench/run.sh — `make bench`: every goal of issue 8 beside its
# baseline, in one run, on one private cluster with fsync on, as ratios.
#
# Starts a throwaway cluster under a fresh /tmp/ansinh-bench.XXXXXX, migrates
# database `ansinh`, creates a ward token (AK) and a district token, and
# creates in it `bench.household`: a plain table of the same columns,
# defaults, checks and indexes as ansinh.household (CREATE TABLE … LIKE …
# INCLUDING ALL), without row-level security, triggers or foreign keys.
# Every write scenario run gets its own fresh copy of that database.
#
#   pg-plain-C       pgbench -M prepared, C clients: one INSERT of the same
#                    row per transaction into bench.household (the baseline
#                    of goals 1 and 2)
#   ansinhd-CxD      tests/bench/loadgen through its own ansinhd: C
#                    connections, each keeping D household creates in
#                    flight (D = 1: one write at a time)
#   ansinhd-CxD-big  the same into a store already holding BENCH_STORE
#                    households (the growth check: within 20 % of empty)
#
# Then, once each: `ansinh import households` of BENCH_IMPORT_ROWS rows
# beside `\copy` of the same rows into bench.household (goal 3); household
# find with a ward and a district token over the BENCH_STORE store (goal
# 4); 50 clients pinging ansinhd beside `redis-benchmark -t ping_inline -c
# 50` (goal 6; skipped, and said, without redis-server); BENCH_IDLE
# authenticated idle connections and the daemon's RSS (goal 6); `ansinh
# report summary --year 2023` through ansinhd over the store with 3 ×
# BENCH_STORE support entries (tests/bench/report_store.sql) beside the
# same figures by plain GROUP BY over the base tables with psql
# (tests/bench/summary_base.sql), the two outputs compared (goal 5).
#
# Prints the goal table (ansinh, baseline, ratio, goal, met), the curve
# (writes/s at 1, 8, 64 and 256 connections; empty vs larger store) and the
# write table; writes them as TSV under var/bench/ (goals-STAMP.tsv,
# writes-STAMP.tsv; latest-*.tsv are copies of the last run's).
#
#   BENCH_WRITES=6000         writes in each other pipelined daemon scenario
#   BENCH_PLAIN_WRITES=20000  writes in the C-client pgbench scenario, and in
#                             goal 1's ansinhd scenario (the same count, so
#                             that the first, cold writes weigh the same; the
#                             growth scenario writes BENCH_WRITES, so that the
#                             store find searches stays near BENCH_STORE)
#   BENCH_SINGLE_WRITES=1000  writes in each one-at-a-time scenario
#   BENCH_CLIENTS=64          clients of goal 1 (pgbench -c, loadgen --conns)
#   BENCH_DEPTH=4             writes in flight per pipelined connection (64 x 4
#                             = 256 in flight, 4x pgbench's 64: at 64 x 16,
#                             1,024 in flight, Little's law alone puts the mean
#                             latency at 1024 / (writes/s), ~200 ms at 5,000/s)
#   BENCH_DB_POOL=(nproc)     the daemon's --db-pool: the primary's cores, as
#                             docs/scaling.md advises (PostgreSQL runs here)
#   BENCH_ROUNDS=2            rounds of the write scenarios
#   BENCH_BUDGET=110          seconds for the write scenarios (after the setup):
#                             each run is cut off (and flagged) to fit, or
#                             skipped (and said) once it is spent
#   BENCH_STORE=100000        households in the larger store (2 members each,
#                             spread over the ten wards of 2023)
#   BENCH_IMPORT_ROWS=5000    rows of the import (goal 3)
#   BENCH_FINDS=100           household finds per token (goal 4)
#   BENCH_PINGS=50000         pings (goal 6)
#   BENCH_IDLE=1000           idle authenticated connections (goal 6)
#   BENCH_REPORTS=7           report summary runs through the daemon (goal 5)
#   BENCH_REPORT_BASE=1       runs of the baseline (goal 5; about 70 s each
#                             at the default store)
#   BENCH_GOALS=1,2,3,4,5,6   only these goals: 1 (and the curve, growth)
#                             and 2 the write scenarios, 3 the import, 4
#                             find, 5 report summary, 6 ping and idle
#   BENCH_DAEMON_FLAGS=       extra `ansinhd serve` flags, e.g. "--db-pool 2"
#   BENCH_KEEP=1              keep the temp dir (logs, latencies)
#
# Exit 0 when every write sent was acknowledged OK and is in the database
# and every part ran and the report figures equal the baseline's; 1 otherwise
# (a goal not met is reported, not failed;
# a scenario cut off by the budget is flagged, not failed).
set -euo pipefail

cd "$(dirname "$0")/../.."
top=$(pwd)
bench_start=$SECONDS

WRITES=${BENCH_WRITES:-6000}
PLAIN=${BENCH_PLAIN_WRITES:-20000}
SINGLE=${BENCH_SINGLE_WRITES:-1000}
CLIENTS=${BENCH_CLIENTS:-64}
DEPTH=${BENCH_DEPTH:-4}
DB_POOL=${BENCH_DB_POOL:-$(nproc 2>/dev/null || echo 4)}
ROUNDS=${BENCH_ROUNDS:-2}
BUDGET=${BENCH_BUDGET:-110}
STORE=${BENCH_STORE:-100000}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-5000}
FINDS=${BENCH_FINDS:-100}
PINGS=${BENCH_PINGS:-50000}
IDLE=${BENCH_IDLE:-1000}
REPORTS=${BENCH_REPORTS:-7}
REPORT_BASE=${BENCH_REPORT_BASE:-1}
GOALS=${BENCH_GOALS:-1,2,3,4,5,6}
WARD=AK
REPORT_YEAR=2023

case ",$GOALS," in
*,,* | *[!0-9,]*)
	echo "run.sh: BENCH_GOALS must list goals 1 to 6, e.g. 4,5" >&2
	exit 2
	;;
esac
for g in ${GOALS//,/ }; do
	case $g in
	[1-6]) ;;
	*) echo "run.sh: BENCH_GOALS: there is no goal $g (1 to 6)" >&2; exit 2 ;;
	esac
done
want() { case ",$GOALS," in *,"$1",*) return 0 ;; esac; return 1; }

for v in WRITES PLAIN SINGLE CLIENTS DEPTH DB_POOL ROUNDS BUDGET STORE IMPORT_ROWS FINDS PINGS IDLE REPORTS REPORT_BASE; do
	case ${!v} in
	'' | *[!0-9]* | 0) echo "run.sh: BENCH_$v must be a positive whole number" >&2; exit 2 ;;
	esac
done
if [ "$CLIENTS" -lt 2 ]; then
	echo "run.sh: BENCH_CLIENTS must be at least 2 (one client is always run)" >&2
	exit 2
fi
for tool in pgbench psql timeout python3; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "run.sh: $tool not found (make deps)" >&2; exit 1; }
done
if [ ! -x server/ansinhd ] || [ ! -x client/ansinh ] || [ ! -x tests/bench/loadgen ]; then
	echo "run.sh: build first: make all tests/bench/loadgen" >&2
	exit 1
fi
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d /tmp/ansinh-bench.XXXXXX)
chmod 755 "$work"
daemon_pid=
child_pid=
redis_pid=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	for p in "$child_pid" "$daemon_pid" "$redis_pid"; do
		[ -n "$p" ] || continue
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
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

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

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
# The daemon keeps every guarantee, the audit MAC included (0041).
printf 'bench:%s\n' "$(python3 -c 'import secrets; print(secrets.token_hex(32))')" >"$work/audit.key"
chmod 600 "$work/audit.key"

make_token() { # make_token FILE ARGS… — ansinhd token create, the token into FILE
	local f=$1
	shift
	server/ansinhd token create --db "dbname=ansinh user=ansinh_owner" "$@" \
		>"$work/token.out" 2>&1 || {
		cat "$work/token.out" >&2
		say "token create failed"
		exit 1
	}
	tail -n 1 "$work/token.out" >"$f"
}
make_token "$work/bench.token" --role ward --ward "$WARD" --name bench
make_token "$work/district.token" --role district --name bench-district

# The baseline's table: the columns, defaults, checks (the generated folded
# name included) and indexes of ansinh.household, nothing else.
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d ansinh \
	-c "CREATE SCHEMA bench" \
	-c "CREATE TABLE bench.household (LIKE ansinh.household INCLUDING ALL)" >/dev/null

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
		--audit-key-file "$work/audit.key" --db-pool "$DB_POOL" \
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

fresh_db() { # fresh_db NAME [TEMPLATE] — a new database copied from the migrated `ansinh`
	psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres \
		-c "CREATE DATABASE $1 TEMPLATE ${2:-ansinh} OWNER ansinh_owner" >/dev/null
}

# ------------------------------------------------------------- the larger store

# BENCH_STORE households over the ten wards of 2023, two members each (the
# head and one more), names from the same lists as loadgen's. Loaded in one
# statement each with the triggers off (session_replication_role): a
# fixture for the reads and the growth check, not a measured write.
names_sql="ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Phan','Võ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý','Trương'] AS fam,
	ARRAY['Văn','Thị','Hữu','Đức','Minh','Thanh','Quốc','Ngọc'] AS mid,
	ARRAY['An','Bình','Cường','Dũng','Hoa','Hoành','Hùng','Lan','Linh','Mai','Nam','Phúc','Quang','Sơn','Thảo','Tuấn','Vy','Xuân','Yến','Hòa','Khánh','Lộc','Nhung','Trâm'] AS giv"
store_secs=0
if want 1 || want 4 || want 5; then
store_t0=$(now)
say "loading the larger store: $STORE households, $((2 * STORE)) members"
fresh_db big
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d big >"$work/store.log" 2>&1 <<EOF || {
SET session_replication_role = replica;
CREATE TEMP TABLE w AS SELECT array_agg(code ORDER BY code) AS codes FROM ansinh.ward;
INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since)
SELECT w.codes[1 + i % cardinality(w.codes)],
       ansinh.derived_id('household', w.codes[1 + i % cardinality(w.codes)], 'S' || i),
       'S' || i,
       n.fam[1 + i % 16] || ' ' || n.mid[1 + (i / 16) % 8] || ' ' || n.giv[1 + (i / 128) % 24],
       (ARRAY['poor','near-poor','none'])[1 + i % 3], date '2023-01-01'
  FROM generate_series(1, $STORE) AS i, w, (SELECT $names_sql) AS n;
INSERT INTO ansinh.person (ward_code, id, household_id, full_name, relation)
SELECT h.ward_code, gen_random_uuid(), h.id, h.head_name, 'head' FROM ansinh.household AS h;
INSERT INTO ansinh.person (ward_code, id, household_id, full_name, relation)
SELECT h.ward_code, gen_random_uuid(), h.id,
       n.fam[1 + (k + 5) % 16] || ' ' || n.mid[1 + (k / 7) % 8] || ' ' || n.giv[1 + (k / 3) % 24], 'child'
  FROM (SELECT *, row_number() OVER () AS k FROM ansinh.household) AS h, (SELECT $names_sql) AS n;
VACUUM ANALYZE ansinh.household;
VACUUM ANALYZE ansinh.person;
CHECKPOINT;
EOF
	cat "$work/store.log" >&2
	say "could not load the larger store"
	exit 1
}
store_secs=$(elapsed "$store_t0")
# BENCH_BUDGET is for the write scenarios: it starts here.
bench_start=$SECONDS
store_wards=$(psql_q big "SELECT count(DISTINCT ward_code) FROM ansinh.household")
say "larger store loaded in ${store_secs}s ($store_wards wards)"
fi

# ------------------------------------------------------------- pgbench script

# UUIDs ordered by time, like the daemon's UUIDv7 (48-bit milliseconds
# first), so that both sides insert at the same end of the indexes.
uuid_expr="encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::int8) from 3) from 1 for 6), 'hex')::uuid"
names="ARRAY['Nguyễn Văn An','Trần Thị Bình','Lê Hữu Cường','Phạm Đức Dũng','Hoàng Thị Hoa','Huỳnh Văn Hoành','Phan Minh Hùng','Võ Thị Lan','Đặng Thanh Linh','Bùi Thị Mai','Đỗ Quốc Nam','Hồ Ngọc Phúc','Ngô Văn Quang','Dương Văn Sơn','Lý Thị Thảo','Trương Văn Tuấn','Nguyễn Thị Vy','Trần Văn Xuân','Lê Thị Yến','Phạm Thị Hòa','Hoàng Văn Khánh','Huỳnh Đức Lộc','Phan Thị Nhung','Võ Ngọc Trâm']"
code_expr="'P' || :client_id::text || '-' || :r::text"

# One INSERT of the same row per transaction (autocommit), no context, no
# request log, no audit: PostgreSQL writing the row itself.
cat >"$work/plain.sql" <<EOF
\\set r random(1, 999999999999)
\\set n random(1, 24)
INSERT INTO bench.household (ward_code, id, code, head_name, status, status_since) VALUES ('$WARD', $uuid_expr, $code_expr, ($names)[:n], 'poor', current_date);
EOF

# ------------------------------------------------------------- write scenarios

# name kind clients depth writes store (kind: plain or daemon; store: empty
# or big)
scenarios=()
if want 2; then
	scenarios+=("pg-plain-1 plain 1 1 $SINGLE empty" "ansinhd-1x1 daemon 1 1 $SINGLE empty")
fi
want 1 && scenarios+=(
	"pg-plain-$CLIENTS plain $CLIENTS 1 $PLAIN empty"
	"ansinhd-${CLIENTS}x$DEPTH daemon $CLIENTS $DEPTH $PLAIN empty"
	"ansinhd-1x$DEPTH daemon 1 $DEPTH $WRITES empty"
	"ansinhd-8x$DEPTH daemon 8 $DEPTH $WRITES empty"
	"ansinhd-256x$DEPTH daemon 256 $DEPTH $((WRITES * 2)) empty"
	"ansinhd-${CLIENTS}x$DEPTH-big daemon $CLIENTS $DEPTH $WRITES big"
)

# One line per scenario run: name round clients inflight writes seconds capped
results="$work/results"
: >"$results"
failed=0
notes=()
writes_left=0
for s in "${scenarios[@]}"; do
	read -r _ _ _ _ w _ <<<"$s"
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

pg_run() { # pg_run NAME CLIENTS WRITES ROUND CAP
	local name=$1 clients=$2 writes=$3 round=$4 cap=$5
	local per=$(((writes + clients - 1) / clients)) tag="$1.r$4"
	local total=$((per * clients)) out="$work/$tag.out" db=${tag//[-.]/_}
	local threads=$((clients < 2 ? 1 : 2)) tps secs rows_in capped=0 t0
	fresh_db "$db"
	say "$tag: $total writes, $clients client(s), cap ${cap}s"
	t0=$(now)
	run_child timeout "$cap" pgbench -n -M prepared -U postgres -c "$clients" \
		-j "$threads" -t "$per" -f "$work/plain.sql" \
		-l --log-prefix="$work/$tag.lat" "$db" >"$out" 2>&1
	secs=$(elapsed "$t0")
	rows_in=$(psql_q "$db" "SELECT count(*) FROM bench.household")
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
			notes+=("$tag: $rows_in rows in bench.household for $total transactions")
			failed=1
		fi
	fi
	psql -X -q -U postgres -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1 || true
	echo "$name $round $clients $clients $rows_in $secs $capped" >>"$results"
}

daemon_run() { # daemon_run NAME CONNS DEPTH WRITES ROUND CAP STORE
	local name=$1 conns=$2 depth=$3 writes=$4 round=$5 cap=$6 store=$7 tag="$1.r$5"
	local out="$work/$tag.out" err="$work/$tag.err" log="$work/$tag.log"
	local m="$work/$tag.metrics" db=${tag//[-.]/_} line rows_in ok n
	local prefix="D${round}x"
	if [ "$store" = big ]; then
		db=big
	else
		fresh_db "$db"
	fi
	start_daemon "$db" "$log"
	say "$tag: $writes writes, $conns connection(s) x depth $depth, cap ${cap}s"
	# loadgen stops sending at 3/4 of the cap and waits the rest for answers.
	run_child tests/bench/loadgen --addr "$addr" --token-file "$work/bench.token" \
		--ward "$WARD" --conns "$conns" --depth "$depth" --writes "$writes" \
		--max-seconds "$((cap * 3 / 4))" --grace "$((cap - cap * 3 / 4))" \
		--prefix "$prefix" --label "$tag" \
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
	rows_in=$(psql_q "$db" "SELECT count(*) FROM ansinh.household WHERE code LIKE '$prefix%'")
	# A run cut off by the budget leaves writes unanswered that may still
	# have committed: then every acknowledged one must be in, no more.
	if [ "$(kv capped)" = 1 ] && [ "$(kv failed)" = 0 ] && [ "$(kv bad_frames)" = 0 ]; then
		if [ "$rows_in" -lt "$ok" ]; then
			notes+=("$tag: $rows_in rows in ansinh.household for $ok acknowledged writes")
			failed=1
		fi
	elif [ "$RC" -ne 0 ]; then
		notes+=("$tag: NOT ALL OK: ok=$ok failed=$(kv failed) lost=$(kv lost) replayed=$(kv replayed) bad_frames=$(kv bad_frames) codes=$(kv codes)")
		failed=1
	elif [ "$rows_in" -ne "$ok" ]; then
		notes+=("$tag: $rows_in rows in ansinh.household for $ok acknowledged writes")
		failed=1
	fi
	if [ "$daemon_rc" -ne 0 ]; then
		notes+=("$tag: ansinhd exited $daemon_rc on SIGTERM")
		failed=1
	fi
	if [ "$store" != big ]; then
		psql -X -q -U postgres -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1 || true
	fi
	n=$(grep -cE 'level=(warn|error)' "$log" || true)
	printf '%s %s %s %s %s %s\n' "$name" "$(metric "$m" ansinh_db_batch_writes_total)" \
		"$(metric "$m" ansinh_db_batches_total)" \
		"$(metric "$m" ansinh_db_batch_failures_total)" "$n" "$(kv codes)" >>"$work/daemon-stats"
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
		read -r name kind clients depth writes store <<<"$s"
		share=$(((writes + ROUNDS - 1) / ROUNDS))
		if [ "$round" -eq "$ROUNDS" ]; then
			share=$((writes - (ROUNDS - 1) * share))
		fi
		cap=$(run_cap "$share")
		if [ "$cap" -eq 0 ]; then
			say "$name.r$round: skipped, the budget is spent"
			skipped=$((skipped + 1))
		elif [ "$kind" = daemon ]; then
			daemon_run "$name" "$clients" "$depth" "$share" "$round" "$cap" "$store"
		else
			pg_run "$name" "$clients" "$share" "$round" "$cap"
		fi
		writes_left=$((writes_left - share))
		[ "$writes_left" -gt 0 ] || writes_left=1
		runs_left=$((runs_left - 1))
	done
done

# ------------------------------------------------------------- goal 3: import

# The same rows both ways: ward AK, codes I1…IN, the head names of the
# store, status poor since 2024-01-01; the \copy file carries the ids the
# client derives (ansinh.derived_id), the import file lets it derive them.
import_secs=0 copy_secs=0 import_ok=0 client_peak=0 daemon_rss0=0 daemon_rss1=0
if want 3; then
say "import: $IMPORT_ROWS rows through ansinh import, and by \\copy"
psql_q ansinh "COPY (SELECT '$WARD' AS ward, 'I' || i AS code,
		n.fam[1 + i % 16] || ' ' || n.mid[1 + (i / 16) % 8] || ' ' || n.giv[1 + (i / 128) % 24] AS head,
		'poor' AS status, '2024-01-01' AS since
	  FROM generate_series(1, $IMPORT_ROWS) AS i, (SELECT $names_sql) AS n) TO STDOUT WITH (FORMAT csv, HEADER)" \
	>"$work/import.csv"
psql_q ansinh "COPY (SELECT '$WARD', ansinh.derived_id('household', '$WARD', 'I' || i), 'I' || i,
		n.fam[1 + i % 16] || ' ' || n.mid[1 + (i / 16) % 8] || ' ' || n.giv[1 + (i / 128) % 24],
		'poor', '2024-01-01'
	  FROM generate_series(1, $IMPORT_ROWS) AS i, (SELECT $names_sql) AS n) TO STDOUT WITH (FORMAT csv)" \
	>"$work/copy.csv"
fresh_db imp_copy
t0=$(now)
psql -X -q -v ON_ERROR_STOP=1 -U postgres -d imp_copy \
	-c "\\copy bench.household (ward_code, id, code, head_name, status, status_since) FROM '$work/copy.csv' WITH (FORMAT csv)" \
	>"$work/copy.out" 2>&1 || { cat "$work/copy.out" >&2; notes+=("import: \\copy failed"); failed=1; }
copy_secs=$(elapsed "$t0")

fresh_db imp_daemon
start_daemon imp_daemon "$work/import-daemon.log"
daemon_rss0=$(rss_kib "$daemon_pid")
mkdir -p "$work/home"
t0=$(now)
# Bounded: two minutes, and a second more for every 1,000 rows (a
# million rows at 1,000 rows/s would still finish).
HOME=$work/home XDG_STATE_HOME=$work/home/state ANSINH_CONFIG=/dev/null \
	timeout $((120 + IMPORT_ROWS / 1000)) client/ansinh --server "$addr" --token-file "$work/bench.token" \
	--timeout 60 --format csv import households "$work/import.csv" \
	>"$work/import.out" 2>"$work/import.err" &
child_pid=$!
# The client's and the daemon's resident memory, sampled every 0.2 s
# (the client is timeout's child: $! is timeout itself).
while kill -0 "$child_pid" 2>/dev/null; do
	r=$(rss_kib "$(pgrep -P "$child_pid" -x ansinh | head -n 1)")
	[ "${r:-0}" -gt "$client_peak" ] && client_peak=$r
	r=$(rss_kib "$daemon_pid")
	[ "${r:-0}" -gt "$daemon_rss1" ] && daemon_rss1=$r
	sleep 0.2
done
RC=0
wait "$child_pid" || RC=$?
child_pid=
import_secs=$(elapsed "$t0")
stop_daemon
import_ok=$(psql_q imp_daemon "SELECT count(*) FROM ansinh.household WHERE code LIKE 'I%'")
if [ "$RC" -ne 0 ] || [ "$import_ok" -ne "$IMPORT_ROWS" ]; then
	sed 's/^/    /' "$work/import.err" | tail -n 5 >&2
	notes+=("import: exit $RC, $import_ok of $IMPORT_ROWS rows in ansinh.household")
	failed=1
fi
fi

# ------------------------------------------------------------- goal 4: find

find_ward=result find_district=result
if want 4; then
# 1–3 word queries from the name lists, folded or not, as an officer types.
python3 - "$work/queries" <<'EOF'
import sys
fam = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương".split()
mid = "Văn Thị Hữu Đức Minh Thanh Quốc Ngọc".split()
giv = "An Bình Cường Dũng Hoa Hoành Hùng Lan Linh Mai Nam Phúc Quang Sơn Thảo Tuấn Vy Xuân Yến Hòa Khánh Lộc Nhung Trâm".split()
plain = {"Hoành": "hoanh", "Trâm": "tram", "Lộc": "loc", "Thảo": "thao"}
with open(sys.argv[1], "w") as f:
    for i in range(97):
        g, m, fa = giv[(i * 5) % 24], mid[(i * 3) % 8], fam[(i * 7) % 16]
        words = i % 3 + 1
        q = [g] if words == 1 else [m, g] if words == 2 else [fa, m, g]
        if i % 4 == 0:
            q = [plain.get(w, w.lower()) for w in q]
        f.write(" ".join(q) + "\n")
EOF
find_line() { # find_line TOKEN LABEL — one loadgen find run on the store
	start_daemon big "$work/find-$2.log"
	run_child tests/bench/loadgen --addr "$addr" --token-file "$1" --op find \
		--queries "$work/queries" --conns 1 --depth 1 --writes "$FINDS" \
		--max-seconds 15 --grace 5 --label "find-$2" >"$work/find-$2.out" 2>"$work/find-$2.err"
	stop_daemon
	if [ "$RC" -ne 0 ]; then
		sed 's/^/    /' "$work/find-$2.err" >&2
		notes+=("find-$2: loadgen exit $RC")
		failed=1
	fi
	grep '^result ' "$work/find-$2.out" || echo "result"
}
say "find: $FINDS household finds per token over $STORE households"
find_ward=$(find_line "$work/bench.token" ward)
find_district=$(find_line "$work/district.token" district)
fi

# ------------------------------------------------------------- goal 5: report summary

# The store's ledger (3 × BENCH_STORE support entries, needs), loaded with
# the triggers off, then the aggregates rebuilt from it (0110). Then
# `ansinh report summary --year 2023` with the district token through
# ansinhd, BENCH_REPORTS times, beside tests/bench/summary_base.sql (the
# same figures by plain GROUP BY over the base tables) with psql as the
# analyst, BENCH_REPORT_BASE times; each run timed from process start to
# exit. The figures must be the same, in the same order.
report_ms='' base_ms='' report_same=- ledger_secs=0 rebuild_secs=0 supports=0
if want 5; then
	say "report: loading the ledger of the store ($((3 * STORE)) support entries)"
	t0=$(now)
	psql -X -q -v ON_ERROR_STOP=1 -U postgres -d big -v store="$STORE" \
		-f tests/bench/report_store.sql >"$work/ledger.log" 2>&1 || {
		cat "$work/ledger.log" >&2
		say "could not load the ledger"
		exit 1
	}
	ledger_secs=$(elapsed "$t0")
	t0=$(now)
	psql_q big "SELECT ansinh.report_aggregates_rebuild()" >/dev/null
	psql -X -q -U postgres -d big -c "ANALYZE" >/dev/null
	rebuild_secs=$(elapsed "$t0")
	supports=$(psql_q big "SELECT count(*) FROM ansinh.support")
	say "ledger: $supports entries in ${ledger_secs}s; aggregates rebuilt in ${rebuild_secs}s"
	start_daemon big "$work/report-daemon.log"
	mkdir -p "$work/home"
	: >"$work/report.ms"
	for ((i = 1; i <= REPORTS; i++)); do
		t0=$(now)
		RC=0
		HOME=$work/home XDG_STATE_HOME=$work/home/state ANSINH_CONFIG=/dev/null \
			timeout 120 client/ansinh --server "$addr" --token-file "$work/district.token" \
			--timeout 60 --format csv report summary --year "$REPORT_YEAR" \
			>"$work/report.csv" 2>"$work/report.err" || RC=$?
		awk -v a="$(elapsed "$t0")" 'BEGIN { printf "%.1f\n", a * 1000 }' >>"$work/report.ms"
		if [ "$RC" -ne 0 ]; then
			sed 's/^/    /' "$work/report.err" >&2
			notes+=("report: ansinh report summary exit $RC")
			failed=1
			break
		fi
	done
	stop_daemon
	say "report: the baseline (plain GROUP BY over the base tables), $REPORT_BASE run(s)"
	: >"$work/base.ms"
	for ((i = 1; i <= REPORT_BASE; i++)); do
		t0=$(now)
		run_child psql -X -q -v ON_ERROR_STOP=1 -U analyst -d big -v year="$REPORT_YEAR" \
			-f tests/bench/summary_base.sql >"$work/base.csv" 2>"$work/base.err"
		awk -v a="$(elapsed "$t0")" 'BEGIN { printf "%.1f\n", a * 1000 }' >>"$work/base.ms"
		if [ "$RC" -ne 0 ]; then
			sed 's/^/    /' "$work/base.err" >&2
			notes+=("report: the baseline script failed (exit $RC)")
			failed=1
			break
		fi
	done
	median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
	report_ms=$(median "$work/report.ms")
	base_ms=$(median "$work/base.ms")
	# The same figures in the same order (the client's CSV and psql's quote
	# differently: compare the parsed rows).
	report_same=$(python3 - "$work/report.csv" "$work/base.csv" <<'PY'
import csv, sys
a, b = (list(csv.reader(open(f, newline=""))) for f in sys.argv[1:3])
print("yes" if a == b and len(a) > 1 else "NO")
PY
)
	figures=$(($(wc -l <"$work/report.csv") - 1))
	if [ "$report_same" != yes ]; then
		notes+=("report: the figures of ansinh report summary and of the baseline differ ($figures vs $(($(wc -l <"$work/base.csv") - 1)) rows; BENCH_KEEP=1 keeps report.csv and base.csv)")
		failed=1
	fi
fi

# ------------------------------------------------------------- goal 6

ping_line=result idle_rss=0 idle_rss0=0 redis_rps=
if want 6; then
pick_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
fresh_db small
start_daemon small "$work/ping.log"
say "ping: $PINGS pings, 50 connections, one at a time each"
run_child tests/bench/loadgen --addr "$addr" --token-file "$work/bench.token" --op ping \
	--conns 50 --depth 1 --writes "$PINGS" --max-seconds 40 --grace 5 --label ping \
	>"$work/ping.out" 2>"$work/ping.err"
[ "$RC" -eq 0 ] || { notes+=("ping: loadgen exit $RC"); failed=1; sed 's/^/    /' "$work/ping.err" >&2; }
ping_line=$(grep '^result ' "$work/ping.out" || echo result)

say "idle: $IDLE authenticated connections"
idle_rss0=$(rss_kib "$daemon_pid")
tests/bench/loadgen --addr "$addr" --token-file "$work/bench.token" --conns "$IDLE" \
	--idle 30 >"$work/idle.out" 2>"$work/idle.err" &
child_pid=$!
idle_rss=0
for _ in $(seq 1 600); do
	grep -q '^idle conns=' "$work/idle.out" 2>/dev/null && break
	kill -0 "$child_pid" 2>/dev/null || break
	sleep 0.1
done
if grep -q '^idle conns=' "$work/idle.out"; then
	sleep 1
	idle_rss=$(rss_kib "$daemon_pid")
else
	sed 's/^/    /' "$work/idle.err" >&2
	notes+=("idle: the $IDLE connections were not all authenticated")
	failed=1
fi
kill -TERM "$child_pid" 2>/dev/null || true
wait "$child_pid" 2>/dev/null || true
child_pid=
stop_daemon

redis_rps=
if command -v redis-server >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1; then
	rport=$(pick_port)
	redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no \
		--dir "$work" >"$work/redis.log" 2>&1 &
	redis_pid=$!
	for _ in $(seq 1 100); do
		redis-cli -p "$rport" ping >/dev/null 2>&1 && break
		sleep 0.05
	done
	say "redis-benchmark -t ping_inline -c 50 -n $PINGS"
	redis-benchmark -h 127.0.0.1 -p "$rport" -t ping_inline -c 50 -n "$PINGS" --csv \
		>"$work/redis.out" 2>&1 || true
	kill -TERM "$redis_pid" 2>/dev/null || true
	wait "$redis_pid" 2>/dev/null || true
	redis_pid=
	redis_rps=$(awk -F'"' '$2 == "PING_INLINE" { print $4 }' "$work/redis.out")
	[ -n "$redis_rps" ] || notes+=("redis-benchmark gave no PING_INLINE line: $(head -c 200 "$work/redis.out")")
else
	notes+=("goal 6 ping: redis-server/redis-benchmark not installed (make deps installs redis-server and redis-tools): row skipped")
fi
fi

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
sv() { # sv NAME FIELD — a field of the summary: wps p50 p99
	awk -v n="$1" -v f="$2" '$1 == n {
		if (f == "wps") printf "%.1f", ($5 > 0 ? $4 / $5 : 0)
		else if (f == "p50") print $6
		else if (f == "p99") print $7 }' "$summary"
}
lv() { # lv LINE KEY — a key of a loadgen result line
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

pg_events=$(tail -n +"$((pg_log_start + 1))" "$ANSINH_PGLOG" | awk '
	/checkpoint complete/ { c++ } /automatic (vacuum|analyze)/ { a++ }
	END { printf "%d checkpoints, %d autovacuum/autoanalyze runs", c, a }')

stamp=$(date -u '+%Y%m%dT%H%M%SZ')
mkdir -p "$top/var/bench"
goals_tsv="$top/var/bench/goals-$stamp.tsv"
writes_tsv="$top/var/bench/writes-$stamp.tsv"

# goal what ansinh baseline ratio target met — one row of the goal table
: >"$work/goals"
goal() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$work/goals"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
met() { # met RATIO OP LIMIT — yes/no/-
	awk -v r="$1" -v op="$2" -v l="$3" 'BEGIN { if (r == "-" || r == "") { print "-"; exit }
		ok = (op == ">=") ? (r + 0 >= l + 0) : (r + 0 <= l + 0); print (ok ? "yes" : "NO") }'
}

g1=ansinhd-${CLIENTS}x$DEPTH b1=pg-plain-$CLIENTS
if want 1; then
	r=$(ratio "$(sv "$g1" wps)" "$(sv "$b1" wps)")
	goal 1 "$g1 writes/s vs pgbench -c $CLIENTS plain INSERT" "$(sv "$g1" wps)" "$(sv "$b1" wps)" "$r" ">= 1.0" "$(met "$r" '>=' 1.0)"
	r=$(ratio "$(sv "$g1" p99)" "$(sv "$b1" p99)")
	goal 1 "$g1 p99 ms vs pgbench's p99 ms" "$(sv "$g1" p99)" "$(sv "$b1" p99)" "$r" "<= 2.0" "$(met "$r" '<=' 2.0)"
fi
if want 2; then
	r=$(ratio "$(sv ansinhd-1x1 wps)" "$(sv pg-plain-1 wps)")
	goal 2 "ansinhd-1x1 writes/s vs pgbench -c 1 plain INSERT" "$(sv ansinhd-1x1 wps)" "$(sv pg-plain-1 wps)" "$r" ">= 0.7" "$(met "$r" '>=' 0.7)"
fi
if want 3; then
	import_rps=$(awk -v n="$import_ok" -v t="$import_secs" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }')
	copy_rps=$(awk -v n="$IMPORT_ROWS" -v t="$copy_secs" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }')
	r=$(ratio "$import_rps" "$copy_rps")
	goal 3 "import households, $IMPORT_ROWS rows, rows/s vs \\copy into the plain table" "$import_rps" "$copy_rps" "$r" ">= 0.5" "$(met "$r" '>=' 0.5)"
	goal 3 "memory during the import: client peak RSS MiB; daemon RSS MiB before/peak" \
		"$(awk -v k="$client_peak" 'BEGIN { printf "%.1f", k / 1024 }')" \
		"$(awk -v a="$daemon_rss0" -v b="$daemon_rss1" 'BEGIN { printf "%.1f/%.1f", a / 1024, b / 1024 }')" "-" "flat" "-"
fi
if want 4; then
	for t in ward district; do
		l=$find_ward
		[ "$t" = district ] && l=$find_district
		goal 4 "household find, $t token, $STORE households/$((2 * STORE)) members: p50 ms" "$(lv "$l" p50_ms)" "-" "-" "<= 20" "$(met "$(lv "$l" p50_ms)" '<=' 20)"
		goal 4 "household find, $t token: p99 ms" "$(lv "$l" p99_ms)" "-" "-" "<= 100" "$(met "$(lv "$l" p99_ms)" '<=' 100)"
	done
fi
if want 5; then
	# the ratio: how many times faster (baseline ms / ansinh ms)
	r=$(ratio "$base_ms" "$report_ms")
	goal 5 "report summary --year $REPORT_YEAR, $STORE households/$supports entries: ms vs plain GROUP BY (ratio: times faster)" "$report_ms" "$base_ms" "$r" ">= 10" "$(met "$r" '>=' 10)"
	goal 5 "report summary --year $REPORT_YEAR through ansinhd: ms (median of $REPORTS)" "$report_ms" "-" "-" "<= 200" "$(met "$report_ms" '<=' 200)"
	goal 5 "report summary: the same figures as the baseline, in order ($figures figures)" "$report_same" "-" "-" "identical" "$report_same"
fi
if want 6; then
	r=$(ratio "$(lv "$ping_line" wps)" "$redis_rps")
	goal 6 "ping round trips/s, 50 connections, vs redis-benchmark ping_inline -c 50" "$(lv "$ping_line" wps)" "${redis_rps:--}" "$r" ">= 0.5" "$(met "$r" '>=' 0.5)"
	idle_mib=$(awk -v k="$idle_rss" 'BEGIN { printf "%.1f", k / 1024 }')
	goal 6 "$IDLE authenticated idle connections: daemon RSS MiB (before: $(awk -v k="$idle_rss0" 'BEGIN { printf "%.1f", k / 1024 }'))" "$idle_mib" "-" "-" "<= 40" "$(met "$idle_mib" '<=' 40)"
fi
if want 1; then
	r=$(ratio "$(sv "$g1-big" wps)" "$(sv "$g1" wps)")
	goal curve "$g1 on a store of $STORE households vs empty" "$(sv "$g1-big" wps)" "$(sv "$g1" wps)" "$r" ">= 0.8" "$(met "$r" '>=' 0.8)"
fi

{
	printf 'goal\twhat\tansinh\tbaseline\tratio\ttarget\tmet\n'
	cat "$work/goals"
} >"$goals_tsv"
{
	printf 'scenario\tclients\tinflight\twrites\tseconds\twrites_per_s\tp50_ms\tp99_ms\tby_round\tcapped_rounds\n'
	awk -v OFS='\t' '{ printf "%s\t%d\t%d\t%d\t%.3f\t%.1f\t%s\t%s\t%s\t%d\n", $1, $2, $3, $4, $5, ($5 > 0 ? $4 / $5 : 0), $6, $7, $8, $9 }' "$summary"
} >"$writes_tsv"
cp "$goals_tsv" "$top/var/bench/latest-goals.tsv"
cp "$writes_tsv" "$top/var/bench/latest-writes.tsv"

printf '\nansinh bench (issue 8) — %s — %s cores — PostgreSQL %s, fsync=%s, synchronous_commit=%s\n' \
	"$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc 2>/dev/null || echo '?')" \
	"$pg_version" "$pg_fsync" "$pg_sync"
printf 'ansinhd: db pool %s, extra flags: %s; %s rounds; store of %s households loaded in %ss; %ss in all\n' \
	"${db_pool:-?}" "${BENCH_DAEMON_FLAGS:-none}" "$ROUNDS" "$STORE" "$store_secs" "$SECONDS"
printf 'goals run: %s\n' "$GOALS"
if want 5; then
	printf 'report: ledger of %s support entries loaded in %ss, aggregates rebuilt in %ss; report summary runs (ms): %s; baseline runs (ms): %s\n' \
		"$supports" "$ledger_secs" "$rebuild_secs" "$(paste -sd' ' "$work/report.ms")" "$(paste -sd' ' "$work/base.ms")"
fi
printf 'before the bench the machine was %s%% busy (load average %s)' "$busy_before" "$load_before"
if [ "$busy_before" -gt 10 ]; then
	printf ' — other work was running: the numbers are low and noisy'
fi
printf '\n\nGoals (var/bench/goals-%s.tsv)\n' "$stamp"
awk -F'\t' '{ printf "%-5s %-78s %12s %12s %6s %-9s %s\n", $1, $2, $3, $4, $5, $6, $7 }' \
	<(printf 'goal\twhat\tansinh\tbaseline\tratio\ttarget\tmet\n'; cat "$work/goals")

if [ "${#scenarios[@]}" -gt 0 ]; then
	printf '\nCurve: writes/s by connections (depth %s each)\n' "$DEPTH"
	for c in 1 8 "$CLIENTS" 256; do
		printf '  %4s connections: %8s writes/s  p99 %s ms\n' "$c" "$(sv "ansinhd-${c}x$DEPTH" wps)" "$(sv "ansinhd-${c}x$DEPTH" p99)"
	done | awk '!seen[$1]++'
	printf '  %s connections, store of %s households: %s writes/s  p99 %s ms\n' "$CLIENTS" "$STORE" \
		"$(sv "$g1-big" wps)" "$(sv "$g1-big" p99)"

	printf '\nWrites (var/bench/writes-%s.tsv)\n' "$stamp"
	awk '
		BEGIN {
			printf "%-20s %7s %8s %6s %7s %8s %7s %7s %-11s\n", "scenario",
				"clients", "inflight", "writes", "seconds", "writes/s", "p50 ms",
				"p99 ms", "by round"
		}
		{
			wps = ($5 > 0) ? $4 / $5 : 0
			printf "%-20s %7d %8d %6d %7.2f %8.1f %7.2f %7.2f %-11s%s\n", $1, $2, $3,
				$4, $5, wps, $6, $7, $8, ($9 > 0 ? "  (cut off by the budget)" : "")
		}' "$summary"
	printf '\n'
	if [ -f "$work/daemon-stats" ]; then
		awk '{
			w[$1] += $2; b[$1] += $3; f[$1] += $4; l[$1] += $5
			if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 }
		} END {
			for (i = 1; i <= k; i++) {
				s = order[i]
				printf "%s: %d writes in %d COMMITs (mean batch %.1f), %d failed batches; %d warn/error log lines\n",
					s, w[s], b[s], (b[s] > 0 ? w[s] / b[s] : 0), f[s], l[s]
			}
		}' "$work/daemon-stats"
	fi
fi
printf 'PostgreSQL meanwhile: %s\n' "$pg_events"
if [ "$skipped" -gt 0 ]; then
	printf '%s scenario runs skipped: the budget of %ss was spent (BENCH_BUDGET)\n' \
		"$skipped" "$BUDGET"
fi
for n in "${notes[@]}"; do
	printf '%s\n' "$n"
done
if cat "$work"/*.log 2>/dev/null | grep -qE 'level=(warn|error)'; then
	printf 'ansinhd warn/error log lines (most frequent first):\n'
	cat "$work"/*.log | grep -E 'level=(warn|error)' |
		sed 's/^ts=[^ ]* //' | sort | uniq -c | sort -rn | head -n 10 | sed 's/^/  /'
fi
if [ "$failed" -ne 0 ]; then
	printf 'bench: FAILED (see above)\n'
	exit 1
fi
printf 'bench: ok\n'
