#!/usr/bin/env bash
# Migrations: applied once, idempotent, edits to applied files refused, and a
# daemon that will not serve a schema older than it expects.
. "$(dirname "$0")/../lib/common.sh"

plan 12

run "$ANSINHD" migrate --db "$OWNER_DB"
is "$RC" 0 "migrate on a migrated database exits 0"
like "$OUT" "up to date" "and changes nothing"
run "$ANSINHD" migrate --db "$OWNER_DB" --status
like "$OUT" "0001_baseline .* applied" "--status lists applied migrations"
LATEST=$("$ANSINHD" version | sed -n 's/.*schema \([0-9]*\).*/\1/p')
is "$(sql "SELECT max(version) FROM ansinh.schema_migrations")" "$LATEST" "the database is at the version the binary expects"

# An applied migration that was edited afterwards.
orig=$(sql "SELECT checksum FROM ansinh.schema_migrations WHERE version = 1")
sql "UPDATE ansinh.schema_migrations SET checksum = repeat('0', 64) WHERE version = 1"
run "$ANSINHD" migrate --db "$OWNER_DB"
is "$RC" 1 "an edited applied migration is an error"
like "$ERR" "0001_baseline.*changed after it was applied" "naming the file"
sql "UPDATE ansinh.schema_migrations SET checksum = '$orig' WHERE version = 1"

# A database migrated before 0.1.0, whose 0001–0010 were squashed into
# 0001_baseline: migrate says it must be recreated.
sql "INSERT INTO ansinh.schema_migrations (version, name, checksum) VALUES (2, '0002_tokens_requests_audit', repeat('0', 64))"
run "$ANSINHD" migrate --db "$OWNER_DB"
is "$RC" 1 "a database migrated with the files squashed into the baseline is an error"
like "$ERR" "0002 is 0002_tokens_requests_audit there\), which were squashed into 0001_baseline; .*recreate the database" "saying it must be recreated"
sql "DELETE FROM ansinh.schema_migrations WHERE version = 2"

# A schema older than the daemon: the daemon waits, then serves once migrated.
token ak ward AK
saved=$(sql "SELECT name||'|'||checksum FROM ansinh.schema_migrations WHERE version = $LATEST")
sql "DELETE FROM ansinh.schema_migrations WHERE version = $LATEST"
DAEMON_LOG="$T_DIR/daemon.m.log"
"$ANSINHD" serve --listen 127.0.0.1:0 --admin-listen '' --db "$DAEMON_DB" "${SERVE_TLS[@]}" >"$DAEMON_LOG" 2>&1 &
DAEMON_PID=$!
for ((i = 0; i < 100; i++)); do grep -q 'schema too old' "$DAEMON_LOG" && break; sleep 0.05; done
like "$(cat "$DAEMON_LOG")" 'msg="schema too old" found=[0-9]+ expected='"$LATEST" "the daemon refuses an older schema, and says so"
ADDR=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$DAEMON_LOG")
run ans ak --server "$ADDR" ward list
is "$RC" 4 "and answers UNAVAILABLE meanwhile"
sql "INSERT INTO ansinh.schema_migrations (version, name, checksum) VALUES ($LATEST, '${saved%%|*}', '${saved##*|}')"
for ((i = 0; i < 150; i++)); do ans ak --server "$ADDR" ward list >/dev/null 2>&1 && break; sleep 0.1; done
run ans ak --server "$ADDR" ward list
is "$RC" 0 "once the schema is current it serves, without a restart"
stop_daemon
is "$DAEMON_RC" 0 "and stops cleanly"
