#!/usr/bin/env bash
# tests/sql/run.sh — run the pgTAP tests in tests/sql/ with pg_prove.
#
#   tests/sql/run.sh [pg_prove options…]
#
# Without PGHOST in the environment: starts a throwaway cluster under
# `mktemp -d` (sql/cluster.sh), creates a database, migrates it, installs
# pgTAP, runs the tests, and stops and removes the cluster, whatever happens.
#
# With PGHOST/PGPORT set (e.g. `. DIR/env` of a running sql/cluster.sh
# cluster): uses that cluster, and a fresh database named by ANSINH_SQLTEST_DB
# (default ansinh_sqltest; dropped first if it exists).
#
# Migration: $ANSINH_MIGRATE_CMD if set (run with PGUSER=ansinh_owner and
# PGDATABASE set), else `server/ansinhd migrate` if it is built and newer
# than every migration file (it embeds them at build time), else psql
# applying sql/migrations/*.sql one transaction each. The tests connect as
# the superuser `postgres`; roles ansinh_owner, ansinhd and analyst must exist
# (sql/cluster.sh start makes them).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
CLUSTER=$ROOT/sql/cluster.sh
DB=${ANSINH_SQLTEST_DB:-ansinh_sqltest}
OWN_CLUSTER=''

cleanup() {
    if [ -n "$OWN_CLUSTER" ]; then
        "$CLUSTER" destroy "$OWN_CLUSTER" >/dev/null 2>&1 || true
        rm -rf -- "$OWN_CLUSTER"
    fi
}
trap cleanup EXIT

if [ -z "${PGHOST:-}" ]; then
    OWN_CLUSTER=$(mktemp -d)
    "$CLUSTER" start "$OWN_CLUSTER" >/dev/null
    # shellcheck disable=SC1091
    . "$OWN_CLUSTER/env"
fi

psql_super() { psql -X -q -v ON_ERROR_STOP=1 -U postgres "$@"; }

psql_super -d postgres -v db="$DB" <<'EOF'
SELECT format('DROP DATABASE IF EXISTS %I', :'db') \gexec
SELECT format('CREATE DATABASE %I OWNER ansinh_owner', :'db') \gexec
EOF

if [ -n "${ANSINH_MIGRATE_CMD:-}" ]; then
    echo "# migrating with: $ANSINH_MIGRATE_CMD" >&2
    PGUSER=ansinh_owner PGDATABASE=$DB sh -c "$ANSINH_MIGRATE_CMD"
elif [ -x "$ROOT/server/ansinhd" ] &&
     [ -z "$(find "$ROOT/sql/migrations" -name '*.sql' -newer "$ROOT/server/ansinhd")" ]; then
    echo "# migrating with: server/ansinhd migrate" >&2
    PGUSER=ansinh_owner PGDATABASE=$DB "$ROOT/server/ansinhd" migrate
else
    # ansinhd embeds the migrations when it is built: an older binary would
    # test older SQL.
    echo "# migrating with psql (server/ansinhd is not built, or older than sql/migrations)" >&2
    for f in "$ROOT"/sql/migrations/[0-9][0-9][0-9][0-9]_*.sql; do
        psql -X -q -v ON_ERROR_STOP=1 --single-transaction -U ansinh_owner -d "$DB" -f "$f"
    done
fi

psql_super -d "$DB" -c 'CREATE EXTENSION IF NOT EXISTS pgtap'

cd "$ROOT"
pg_prove -U postgres -d "$DB" "$@" tests/sql/[0-9]*.sql
