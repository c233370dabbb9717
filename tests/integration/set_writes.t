#!/usr/bin/env bash
# Set-based writes (0107): the household creates of a batch, from sessions
# of two wards' tokens, are one ansinh_api.household_create_many statement
# (the metrics count the statements and the writes in them), each answered
# OK and logged under its own token, and the request-log rows of both wards
# written by one transaction. A batch mixing a bad row, a replay and good
# rows is tests/sql/71_household_create_many.sql.
T_TRANSPORT=plain
. "$(dirname "$0")/../lib/common.sh"

plan 10

LOADGEN="$ANSINH_TOP/tests/bench/loadgen"
token ak ward AK
token kd ward KD
# One connection: the writes of both wards' sessions wait for it and are
# taken together.
start_daemon --db-pool 1
D=$T_DIR
scrape() { http_get "$ADMIN" /metrics >"$D/metrics.txt"; }
metric() { sed -n "s/^$1 //p" "$D/metrics.txt"; }

# The first write takes the connection and waits on a lock held here, so
# that both loads queue behind it whatever their start times (a set
# statement is fast enough for one load to finish before the other has
# started); each keeps 16 writes in flight, so that the two together stay
# under --max-batch (64) and the next batch takes what both queued. The
# lock goes when the daemon's queue holds more than one load's 16 (both
# wards are waiting), or after 30 s.
PGAPPNAME=set_writes_locker psql -X -q -At -U postgres -d "$T_DB" \
	-c "BEGIN; LOCK TABLE ansinh.household IN SHARE MODE; SELECT pg_sleep(30); COMMIT;" >/dev/null 2>&1 &
LOCKER=$!
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM pg_locks WHERE relation = 'ansinh.household'::regclass AND mode = 'ShareLock' AND granted")" = 1 ] && break
	sleep 0.05
done
"$LOADGEN" --addr "$ADDR" --token-file "$D/ak.token" --conns 2 --depth 8 --writes 1500 \
	--prefix SAK --label ak --max-seconds 60 >"$D/ak.out" 2>"$D/ak.err" &
P1=$!
"$LOADGEN" --addr "$ADDR" --token-file "$D/kd.token" --conns 2 --depth 8 --writes 1500 \
	--prefix SKD --label kd --max-seconds 60 >"$D/kd.out" 2>"$D/kd.err" &
P2=$!
for _ in $(seq 1 300); do
	scrape
	[ "$(metric ansinh_db_queue_depth)" -gt 16 ] 2>/dev/null && break
	sleep 0.1
done
sql "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'set_writes_locker'" >/dev/null
wait $LOCKER
wait $P1
R1=$?
wait $P2
R2=$?
is "$R1/$R2" "0/0" "both wards' loads were answered OK"
like "$(cat "$D/ak.out")" "ok=1500 failed=0" "1,500 creates of ward AK, every one OK"
like "$(cat "$D/kd.out")" "ok=1500 failed=0" "1,500 creates of ward KD, every one OK"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'SAK%' AND ward_code = 'AK'")/$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'SKD%' AND ward_code = 'KD'")" \
	"1500/1500" "each stored once, in its token's ward"

scrape
STMTS=$(metric ansinh_db_set_statements_total)
WRITES=$(metric ansinh_db_set_writes_total)
like "$STMTS" '^[1-9][0-9]*$' "the creates went through set statements ($STMTS)"
# (How many of the 3,000 go set-wise depends on how the writes met the one
# connection; a statement holds two at the least.)
[ "$WRITES" -ge $((2 * STMTS)) ] && [ "$WRITES" -le 3000 ]
ok $? "several writes per statement ($WRITES writes in $STMTS statements)"
is "$(metric ansinh_db_batch_failures_total)" 0 "no batch failed"

# The request-log rows: each with its own token, and rows of both wards
# written by one transaction (the statement of one batch).
is "$(sql "SELECT count(*) FROM ansinh.request_log AS l JOIN ansinh.api_token AS t ON t.id = l.token_id
            WHERE l.operation = 'household_create' AND l.code = 0
              AND t.ward_code = l.ward_code AND l.actor = t.name
              AND l.record_id IN (SELECT id FROM ansinh.household WHERE code LIKE 'SAK%' OR code LIKE 'SKD%')")" \
	3000 "each request-log row names its own token, actor and ward"
[ "$(sql "SELECT count(*) FROM (SELECT l.xmin::text FROM ansinh.request_log AS l
                                  WHERE l.operation = 'household_create'
                                  GROUP BY l.xmin::text HAVING count(DISTINCT l.ward_code) = 2) AS x")" -gt 0 ]
ok $? "rows of both wards share a transaction"
diag "$(sql "SELECT string_agg(n::text, ' ') FROM (SELECT count(*) AS n FROM ansinh.request_log AS l
              WHERE l.operation = 'household_create' GROUP BY l.xmin::text, l.ward_code ORDER BY min(l.recorded_at)) AS x")"
is "$(sql "SELECT count(*) FROM ansinh.audit_event AS e JOIN ansinh.household AS h ON h.id = e.record_id
            JOIN ansinh.request_log AS l ON l.record_id = h.id AND l.ward_code = h.ward_code
            WHERE e.table_name = 'household' AND e.request_id = l.request_id
              AND (h.code LIKE 'SAK%' OR h.code LIKE 'SKD%')")" \
	3000 "each household's audit event names its own request"

stop_daemon
