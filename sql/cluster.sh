#!/usr/bin/env bash
# sql/cluster.sh — a private, local, throwaway PostgreSQL cluster for ansinh.
#
# Used by the test harness and by `make demo`. Never touches the system
# cluster: everything lives under the directory you name, the server listens
# on a unix socket in that directory only (no TCP), on a free port.
#
#   sql/cluster.sh start   DIR        initdb (first time), start, bootstrap roles
#                                     and database `ansinh`, write DIR/env
#   sql/cluster.sh stop    DIR        fast shutdown; no error when not running
#   sql/cluster.sh restart DIR        stop + start (same port, same data)
#   sql/cluster.sh status  DIR        exit 0 running, 3 stopped, 4 no cluster
#   sql/cluster.sh destroy DIR        stop and remove everything it made
#   sql/cluster.sh createdb DIR DB    create database DB owned by ansinh_owner
#   sql/cluster.sh pgtap   DIR DB     CREATE EXTENSION pgtap in DB (superuser)
#   sql/cluster.sh psql    DIR [psql args…]   psql as the superuser
#
# After `start`, `. DIR/env` exports PGHOST and PGPORT. Roles made by the
# bootstrap (all without passwords; the cluster trusts local connections):
#   postgres        superuser
#   ansinh_owner    LOGIN CREATEROLE, owns database `ansinh`; runs migrations
#   ansinhd         LOGIN, member of ansinh_daemon (the daemon)
#   analyst         LOGIN, member of ansinh_analyst (read-only psql)
#
# PostgreSQL refuses to run as root. When this script runs as root, the server
# runs as the `postgres` system user (runuser); otherwise as the caller. If
# that user cannot reach DIR (e.g. DIR is inside a repository under /root), or
# DIR's path is too long for a unix socket, the cluster is placed in a fresh
# directory under ${TMPDIR:-/tmp} and DIR/cluster points to it; DIR/env is
# written either way, and `destroy` removes both.
#
# Environment: PG_BINDIR (default: newest /usr/lib/postgresql/*/bin),
# ANSINH_PG_FSYNC=on to keep fsync (default off: throwaway data),
# ANSINH_PG_PORT to force a port.
set -euo pipefail

PROG=${0##*/}
die() { printf '%s: %s\n' "$PROG" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$PROG" "$*" >&2; }

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
    exit 2
}

# ---------------------------------------------------------------- tools

find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then
        printf '%s\n' "$PG_BINDIR"; return
    fi
    local d best=''
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && best=$d
    done
    if [ -z "$best" ] && command -v pg_config >/dev/null 2>&1; then
        best=$(pg_config --bindir)
    fi
    [ -n "$best" ] && [ -x "$best/initdb" ] ||
        die "no PostgreSQL server binaries found (set PG_BINDIR or run 'make deps')"
    printf '%s\n' "$best"
}
BIN=$(find_bindir)

if [ "$(id -u)" -eq 0 ]; then
    RUNAS=postgres
    id -u "$RUNAS" >/dev/null 2>&1 ||
        die "running as root, but there is no '$RUNAS' system user to run the server"
    # From /, so that a working directory the server user cannot enter (a
    # repository under /root) does not matter.
    as_pg() { (cd / && runuser -u "$RUNAS" -- "$@"); }
else
    RUNAS=$(id -un)
    as_pg() { "$@"; }
fi

# ---------------------------------------------------------------- layout

# DIR is the handle the caller owns. BASE is where the cluster really lives:
# DIR itself, or the target of DIR/cluster when it had to be relocated.
# BASE holds data/, the socket, postgres.log and a copy of env.
resolve_dirs() {
    [ -n "${1:-}" ] || usage
    DIR=$1
    [ -d "$DIR" ] && DIR=$(cd "$DIR" && pwd -P)
    if [ -L "$DIR/cluster" ]; then
        BASE=$(readlink "$DIR/cluster")
    else
        BASE=$DIR
    fi
    PGDATA_DIR=$BASE/data
    LOG=$BASE/postgres.log
}

# Can the server user enter and write directory $1?
runas_can_use() {
    as_pg test -d "$1" -a -x "$1" -a -w "$1" 2>/dev/null
}

read_port() {
    sed -n "s/^export PGPORT='\{0,1\}\([0-9]*\)'\{0,1\}$/\1/p" "$BASE/env" 2>/dev/null | head -n1
}

port_in_use() {
    local p=$1
    [ -e "$BASE/.s.PGSQL.$p" ] && return 0
    [ -e "/tmp/.s.PGSQL.$p" ] && return 0
    if command -v ss >/dev/null 2>&1; then
        ss -Hltn "sport = :$p" 2>/dev/null | grep -q . && return 0
    elif command -v netstat >/dev/null 2>&1; then
        netstat -ltn 2>/dev/null | awk '{print $4}' | grep -q "[:.]$p\$" && return 0
    fi
    return 1
}

pick_port() {
    if [ -n "${ANSINH_PG_PORT:-}" ]; then
        printf '%s\n' "$ANSINH_PG_PORT"; return
    fi
    local i p
    for i in $(seq 1 200); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40001 ))
        port_in_use "$p" || { printf '%s\n' "$p"; return; }
    done
    die "no free port found in 20000-60000"
}

write_env() {
    local f tmp
    for f in "$DIR/env" "$BASE/env"; do
        tmp=$f.tmp.$$
        {
            printf '# written by sql/cluster.sh — source it: . %s\n' "$f"
            printf "export PGHOST='%s'\n" "$BASE"
            printf "export PGPORT='%s'\n" "$PORT"
            printf "export ANSINH_PGDATA='%s'\n" "$PGDATA_DIR"
            printf "export ANSINH_PGLOG='%s'\n" "$LOG"
        } >"$tmp"
        chmod 0644 "$tmp"
        mv -f "$tmp" "$f"
        if [ "$BASE" = "$DIR" ]; then
            break
        fi
    done
}

is_running() {
    [ -f "$PGDATA_DIR/PG_VERSION" ] || return 1
    as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

psql_super() {
    # -X: ignore ~/.psqlrc; connect over the private socket as the superuser.
    "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$BASE" -p "$PORT" -U postgres "$@"
}

wait_ready() {
    local i
    for i in $(seq 1 120); do
        if "$BIN/pg_isready" -q -h "$BASE" -p "$PORT" -U postgres -d postgres; then
            return 0
        fi
        sleep 0.25
    done
    tail -n 30 "$LOG" >&2 || true
    die "server did not become ready (log: $LOG)"
}

# ---------------------------------------------------------------- commands

cmd_init() {
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)

    if [ ! -L "$DIR/cluster" ] && [ ! -f "$DIR/data/PG_VERSION" ]; then
        # First start: decide where the cluster lives. A unix socket path
        # is limited to 107 bytes (DIR/.s.PGSQL.NNNNN), and the server user
        # must be able to reach DIR through every parent directory.
        local why=''
        if [ ${#DIR} -gt 80 ]; then
            why="$DIR is too long a path for a unix socket"
        elif ! as_pg test -x "$(dirname "$DIR")"; then
            why="user $RUNAS cannot reach $DIR"
        else
            [ "$(id -u)" -eq 0 ] && chown "$RUNAS": "$DIR"
            chmod 0755 "$DIR"
            runas_can_use "$DIR" || why="user $RUNAS cannot write $DIR"
        fi
        if [ -n "$why" ]; then
            local real
            real=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-pg.XXXXXX")
            [ "$(id -u)" -eq 0 ] && chown "$RUNAS": "$real"
            chmod 0755 "$real"
            ln -s "$real" "$DIR/cluster"
            say "$why; the cluster lives in $real (linked from $DIR/cluster)"
        fi
    fi
    resolve_dirs "$DIR"
    runas_can_use "$BASE" || die "user $RUNAS cannot write $BASE"

    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        as_pg "$BIN/initdb" --nosync -E UTF8 --locale=C.UTF-8 --auth=trust \
            -U postgres -D "$PGDATA_DIR" >"$BASE/initdb.log" 2>&1 ||
            { cat "$BASE/initdb.log" >&2; die "initdb failed"; }
        PORT=$(pick_port)
        local fsync=${ANSINH_PG_FSYNC:-off}
        as_pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<EOF

# ---- sql/cluster.sh: private throwaway cluster ----
listen_addresses = ''
port = $PORT
unix_socket_directories = '$BASE'
unix_socket_permissions = 0777
fsync = $fsync
full_page_writes = $fsync
synchronous_commit = on
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
log_min_error_statement = error
timezone = 'UTC'
EOF
    else
        PORT=$(as_pg sed -n "s/^port = \([0-9]*\)$/\1/p" "$PGDATA_DIR/postgresql.conf" | tail -n1)
        [ -n "$PORT" ] || die "cannot read the port from $PGDATA_DIR/postgresql.conf"
    fi
    write_env
}

bootstrap() {
    psql_super -d postgres <<'EOF'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ansinh_owner') THEN
        CREATE ROLE ansinh_owner LOGIN CREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ansinh_daemon') THEN
        CREATE ROLE ansinh_daemon NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ansinh_analyst') THEN
        CREATE ROLE ansinh_analyst NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ansinhd') THEN
        CREATE ROLE ansinhd LOGIN IN ROLE ansinh_daemon;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') THEN
        CREATE ROLE analyst LOGIN IN ROLE ansinh_analyst;
    END IF;
END
$$;
-- Analysts get a read-only session and the schema on their search path.
ALTER ROLE analyst SET default_transaction_read_only = on;
ALTER ROLE analyst SET search_path = ansinh, public;
SELECT 'CREATE DATABASE ansinh OWNER ansinh_owner'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ansinh')
\gexec
EOF
}

cmd_start() {
    cmd_init
    if is_running; then
        say "already running ($BASE, port $PORT)"
    else
        rm -f "$BASE/.s.PGSQL.$PORT" "$BASE/.s.PGSQL.$PORT.lock" 2>/dev/null || true
        as_pg touch "$LOG"
        as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG" -w -t 60 start >/dev/null ||
            { tail -n 30 "$LOG" >&2; die "pg_ctl start failed (log: $LOG)"; }
    fi
    wait_ready
    bootstrap
    say "running: PGHOST=$BASE PGPORT=$PORT (. $DIR/env)"
}

cmd_stop() {
    resolve_dirs "$1"
    if is_running; then
        as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null
        say "stopped ($BASE)"
    fi
    return 0
}

cmd_status() {
    resolve_dirs "$1"
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "no cluster in $BASE"; exit 4
    fi
    PORT=$(read_port)
    if is_running; then
        echo "running: PGHOST=$BASE PGPORT=$PORT"
        exit 0
    fi
    echo "stopped: $BASE"
    exit 3
}

cmd_restart() {
    cmd_stop "$1"
    cmd_start
}

cmd_destroy() {
    resolve_dirs "$1"
    cmd_stop "$1"
    if [ "$BASE" != "$DIR" ]; then
        rm -rf -- "$BASE"
        rm -f -- "$DIR/cluster"
    else
        rm -rf -- "$DIR/data"
        rm -f -- "$DIR/postgres.log" "$DIR/initdb.log"
    fi
    rm -f -- "$DIR/env"
    say "destroyed"
}

need_running() {
    resolve_dirs "$1"
    PORT=$(read_port)
    [ -n "$PORT" ] && is_running || die "no running cluster in $1 (run: $PROG start $1)"
}

cmd_createdb() {
    need_running "$1"
    [ -n "${2:-}" ] || usage
    psql_super -d postgres -v db="$2" <<'EOF'
SELECT format('CREATE DATABASE %I OWNER ansinh_owner', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')
\gexec
EOF
}

cmd_pgtap() {
    need_running "$1"
    [ -n "${2:-}" ] || usage
    psql_super -d "$2" -c 'CREATE EXTENSION IF NOT EXISTS pgtap'
}

cmd_psql() {
    need_running "$1"
    shift
    exec "$BIN/psql" -X -h "$BASE" -p "$PORT" -U postgres "$@"
}

[ $# -ge 2 ] || usage
cmd=$1; shift
case $cmd in
    start)        resolve_dirs "$1"; DIR=$1; cmd_start ;;
    stop)         cmd_stop "$1" ;;
    restart)      resolve_dirs "$1"; DIR=$1; cmd_restart "$1" ;;
    status)       cmd_status "$1" ;;
    destroy)      cmd_destroy "$1" ;;
    createdb)     cmd_createdb "$@" ;;
    pgtap)        cmd_pgtap "$@" ;;
    psql)         cmd_psql "$@" ;;
    *)            usage ;;
esac
