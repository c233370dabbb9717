#!/usr/bin/env bash
# --db-read: a primary and a hot standby on loopback (pg_basebackup -R,
# streaming replication). The daemon sends the reads of the op table
# (lists, shows, searches, reports) of sessions that have not written to
# the standby, and every write, the access log and the seals to the
# primary. With the standby's replay paused, a new write is on the primary
# but not in another session's read, which is served by the standby; a
# session that wrote reads its own write (from the primary); with the
# standby down the reads go to the primary again.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/clusters.sh"

plan 21

D=$T_DIR
RAW="$ANSINH_TOP/tests/tools/rawframe"
cluster_primary prim "wal_level = replica" "max_wal_senders = 4"
ok $? "a primary on 127.0.0.1"
P=$(cluster_port prim)
OWNER_DB="host=127.0.0.1 port=$P dbname=ansinh user=ansinh_owner"
DAEMON_DB="host=127.0.0.1 port=$P dbname=ansinh user=ansinhd"
"$ANSINHD" migrate --db "$OWNER_DB" >"$D/migrate.log" 2>&1
ok $? "migrated"
token ak ward AK
token district district

pg_dir "$D/sbbase"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$P" -U postgres -D "$D/sbbase" -R -X stream -c fast \
	>"$D/basebackup.log" 2>&1
ok $? "pg_basebackup -R from the primary"
cluster_from_backup standby "$D/sbbase" standby.signal "hot_standby = on"
ok $? "a hot standby started from it"
S=$(cluster_port standby)
is "$(cluster_sql standby postgres "SELECT pg_is_in_recovery()")" t "it is in recovery (a standby)"
READ_DB="host=127.0.0.1 port=$S dbname=ansinh user=ansinhd"

run "$ANSINHD" check-config --listen 127.0.0.1:0 --admin-listen 127.0.0.1:0 \
	--db "$DAEMON_DB" --db-read "$READ_DB" "${SERVE_TLS[@]}"
like "$OUT" "ok +db-read +connected as ansinhd to ansinh" "check-config connects to --db-read"
unlike "$OUT" "not a standby" "and sees a standby"

start_daemon --db-read "$READ_DB" --audit-seal-interval 1
like "$(cat "$DAEMON_LOG")" "db_read=on" "the daemon says it has a read pool"
metric() { http_get "$ADMIN" /metrics | sed -n "s/^$1 //p"; }
is "$(metric 'ansinh_db_pool_size{pool="read"}')" 4 "/metrics shows the read pool"

ans ak household add --code AK-R1 --head "Nguyễn Văn Một" --group 1 >/dev/null
ok $? "a write (to the primary)"
for ((i = 0; i < T_TIMEOUT * 10; i++)); do
	[ "$(cluster_sql standby ansinh "SELECT count(*) FROM ansinh.household")" = 1 ] && break
	sleep 0.1
done
reads0=$(metric 'ansinh_db_reads_total{pool="read"}')
run ans district --format csv household list --ward AK
like "$OUT" "AK-R1" "another session lists it, once the standby has replayed it"
is "$(metric 'ansinh_db_reads_total{pool="read"}')" $((reads0 + 1)) "that read ran on the standby"

# Replay paused: what is written now is on the primary only.
cluster_sql standby postgres "SELECT pg_wal_replay_pause()" >/dev/null
for ((i = 0; i < T_TIMEOUT * 10; i++)); do
	[ "$(cluster_sql standby postgres "SELECT pg_get_wal_replay_pause_state()")" = paused ] && break
	sleep 0.1
done
ans ak household add --code AK-R2 --head "Nguyễn Văn Hai" --group 1 >/dev/null
is "$(cluster_sql prim ansinh "SELECT count(*) FROM ansinh.household WHERE code = 'AK-R2'")" 1 "a second write is on the primary"
run ans district --format csv household list --ward AK
unlike "$OUT" "AK-R2" "but not in a list from another session: the standby served it"
"$RAW" "$ADDR" writeread "$(cat "$D/ak.token")" AK >"$D/writeread.out" 2>&1
is "$(grep '^code=' "$D/writeread.out" | sed 's/ msg=.*//' | tr '\n' ' ')" \
	"code=OK seq=1 code=NOT_FOUND seq=30 code=OK seq=31 replayed=0 code=OK seq=32 " \
	"in one session: read (standby, not found), write, read of it (primary, found)"
cluster_sql standby postgres "SELECT pg_wal_replay_resume()" >/dev/null

# On the standby the context is verified too (sql/migrations/0081): set by
# hand it admits nothing, set by set_context it admits the token's ward.
standby_as_daemon() {
	psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$S" -U ansinhd -d ansinh -c "$1" 2>&1 | tail -n 1
}
is "$(standby_as_daemon "BEGIN; SELECT set_config('ansinh.role', 'district', true), set_config('ansinh.ward', '', true), set_config('ansinh.actor', 'district', true), set_config('ansinh.token_id', (SELECT '00000000-0000-0000-0000-000000000000'), true); SELECT count(*) FROM ansinh_api.household_list(NULL, NULL, NULL, 100, 0); COMMIT;")" 0 \
	"on the standby, a context set by hand sees no household"
ok "$([ "$(standby_as_daemon "BEGIN; $(context_of district) SELECT count(*) FROM ansinh_api.household_list(NULL, NULL, NULL, 100, 0); COMMIT;")" -ge 1 ]; echo $?)" \
	"set by set_context with a live token it sees them"

# The standby down: reads go to the primary.
cluster_stop standby
for ((i = 0; i < T_TIMEOUT * 10; i++)); do
	[ "$(metric 'ansinh_db_pool_up{pool="read"}')" = 0 ] && break
	sleep 0.1
done
primary0=$(metric 'ansinh_db_reads_total{pool="primary"}')
run ans district --format csv household list --ward AK
is "$RC" 0 "with the standby down, a list is answered"
like "$OUT" "AK-R2" "and sees the second write"
is "$(metric 'ansinh_db_reads_total{pool="primary"}')" $((primary0 + 1)) "by the primary"
stop_daemon
is "$DAEMON_RC" 0 "the daemon stops cleanly"
