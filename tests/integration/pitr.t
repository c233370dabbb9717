#!/usr/bin/env bash
# The backup drill of docs/operations.md, on loopback: a private primary
# with WAL archiving (archive_command copies each segment to a directory),
# a base backup (pg_basebackup) taken while a client writes, more writes, a
# named restore point (the recovery target), more writes after it; then
# the base backup restored into a new cluster with the archive up to the
# target, a daemon started on it, and: every write acknowledged before the
# target is there, none after it, the restored store takes writes, and
# `ansinhd audit verify` finds it intact.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/clusters.sh"

plan 16

D=$T_DIR
ARCH=$D/archive
pg_dir "$ARCH"
cluster_primary prim "wal_level = replica" "archive_mode = on" \
	"archive_command = 'test ! -f $ARCH/%f && cp %p $ARCH/%f'" "archive_timeout = 0"
ok $? "a primary with WAL archiving to $ARCH"
P=$(cluster_port prim)
OWNER_DB="host=127.0.0.1 port=$P dbname=ansinh user=ansinh_owner"
DAEMON_DB="host=127.0.0.1 port=$P dbname=ansinh user=ansinhd"
"$ANSINHD" migrate --db "$OWNER_DB" >"$D/migrate.log" 2>&1
ok $? "migrated"
token ak ward AK
start_daemon --audit-seal-interval 1

add() { # add CODE — one household; its code in $D/acked once acknowledged
	ans ak household add --code "$1" --head "Người $1" --group 1 >/dev/null 2>>"$D/add.err" &&
		echo "$1" >>"$D/acked"
}
: >"$D/acked"
( for i in $(seq -w 1 80); do add "AK-A$i"; done ) &
WRITER=$!
for ((i = 0; i < T_TIMEOUT * 10 && $(wc -l <"$D/acked") < 10; i++)); do sleep 0.1; done
pg_dir "$D/backup"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$P" -U postgres -D "$D/backup" \
	-X stream -c fast >"$D/basebackup.log" 2>&1
ok $? "pg_basebackup while the client writes"
during=$(wc -l <"$D/acked")
wait "$WRITER"
diag "writes acknowledged when the base backup ended: $during of 80"
for i in $(seq -w 1 20); do add "AK-B$i"; done
before=$(wc -l <"$D/acked")
is "$before" 100 "100 writes acknowledged before the target"
is "$(cluster_sql prim postgres "SELECT pg_create_restore_point('drill') IS NOT NULL")" t \
	"a named restore point, drill"
: >"$D/acked.after"
for i in $(seq -w 1 20); do
	ans ak household add --code "AK-C$i" --head "Người C$i" --group 1 >/dev/null && echo "AK-C$i" >>"$D/acked.after"
done
is "$(wc -l <"$D/acked.after")" 20 "20 writes after it"
# The segment holding the target and the writes after it is archived.
seg=$(cluster_sql prim postgres "SELECT pg_walfile_name(pg_switch_wal())")
for ((i = 0; i < T_TIMEOUT * 10; i++)); do [ -f "$ARCH/$seg" ] && break; sleep 0.1; done
ok "$([ -f "$ARCH/$seg" ]; echo $?)" "the WAL up to the last write is archived ($seg)"
stop_daemon
cluster_stop prim

# --- restore at the target into a new cluster
cluster_from_backup restored "$D/backup" recovery.signal \
	"restore_command = 'cp $ARCH/%f %p'" "recovery_target_name = 'drill'" \
	"recovery_target_action = 'promote'"
ok $? "the base backup restored into a new cluster, recovering to drill"
R=$(cluster_port restored)
for ((i = 0; i < T_TIMEOUT * 10; i++)); do
	[ "$(cluster_sql restored postgres "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
	sleep 0.1
done
is "$(cluster_sql restored postgres "SELECT pg_is_in_recovery()")" f "it reached the target and was promoted"

OWNER_DB="host=127.0.0.1 port=$R dbname=ansinh user=ansinh_owner"
DAEMON_DB="host=127.0.0.1 port=$R dbname=ansinh user=ansinhd"
start_daemon
run ans ak --format csv household list --limit 10000
is "$RC" 0 "a daemon serves the restored store"
printf '%s\n' "$OUT" | cut -d, -f2 | grep '^AK-' | sort >"$D/listed"
missing=$(sort "$D/acked" | comm -23 - "$D/listed" | wc -l)
is "$missing" 0 "every write acknowledged before the target is there"
after=$(sort "$D/acked.after" | comm -12 - "$D/listed" | wc -l)
is "$after" 0 "none of the writes after it is"
is "$(cluster_sql restored ansinh "SELECT count(*) FROM ansinh.household")" "$before" \
	"the store holds exactly the writes before the target"
run ans ak household add --code AK-D01 --head "Người D01" --group 1
is "$RC" 0 "the restored store takes writes"
stop_daemon
run "$ANSINHD" audit verify --db "$OWNER_DB"
is "$RC" 0 "ansinhd audit verify passes on the restored store"
like "$OUT" "audit verify: intact" "and finds it intact"
