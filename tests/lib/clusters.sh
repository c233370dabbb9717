# tests/lib/clusters.sh — more PostgreSQL clusters for one test: a primary
# with WAL archiving, a copy restored from a base backup, a streaming
# replica. Sourced after tests/lib/common.sh by the tests that need them
# (pitr.t, replica.t, daemons.t). Each cluster listens on 127.0.0.1 on a free port
# (and on a unix socket in its own directory); every cluster and every
# extra daemon started here is stopped on every exit path, before
# common.sh's t_finish runs.
#
#   cluster_primary NAME [CONF-LINE…]   sql/cluster.sh start (initdb, the
#                                       roles, database ansinh), the lines
#                                       added, restarted on 127.0.0.1
#   cluster_from_backup NAME BACKUP SIGNAL [CONF-LINE…]
#                                       a copy of the base backup BACKUP
#                                       with SIGNAL (recovery.signal or
#                                       standby.signal), started
#   cluster_stop NAME                   fast shutdown (IMMEDIATE=1: -m
#                                       immediate, as a crash)
#   cluster_port NAME                   its port
#   cluster_sql NAME DB "SQL"           psql as the superuser, unaligned
#   as_pg CMD…                          run as the server's user
#   start_daemon_bg VAR [serve flags]   another daemon on $DAEMON_DB
#                                       (stopped at exit):
#                                       its pid in VAR, its ADDR/ADMIN in
#                                       VAR_ADDR / VAR_ADMIN
#
# PostgreSQL refuses to run as root: as root, the servers run as the
# `postgres` user (as sql/cluster.sh does) and their directories are its.

PG_BIN=$(for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && echo "$d"; done | sort -V | tail -n 1)
[ -n "$PG_BIN" ] || { echo "Bail out! no PostgreSQL server binaries"; exit 1; }
declare -A CLUSTER_DATA=() CLUSTER_PORT=()
CLUSTER_NAMES=()
EXTRA_PIDS=()

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A directory the server's user owns.
pg_dir() {
	mkdir -p "$1"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$1"
	chmod 0700 "$1"
}

cluster_port() { printf '%s\n' "${CLUSTER_PORT[$1]}"; }

cluster_sql() { # cluster_sql NAME DB "SQL"
	psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${CLUSTER_PORT[$1]}" -U postgres -d "$2" -c "$3"
}

cluster_conf() { # cluster_conf DATA LINE… — appended to postgresql.conf
	local data=$1
	shift
	printf '%s\n' "$@" | as_pg tee -a "$data/postgresql.conf" >/dev/null
}

cluster_wait() { # cluster_wait NAME — until it accepts connections
	local i
	for ((i = 0; i < T_TIMEOUT * 10; i++)); do
		"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "${CLUSTER_PORT[$1]}" -U postgres && return 0
		sleep 0.1
	done
	return 1
}

cluster_primary() { # cluster_primary NAME [CONF-LINE…]
	local name=$1 dir=$T_DIR/$1
	shift
	"$ANSINH_TOP/sql/cluster.sh" start "$dir" >"$T_DIR/$name.cluster.log" 2>&1 ||
		{ sed 's/^/# /' "$T_DIR/$name.cluster.log"; return 1; }
	CLUSTER_NAMES+=("$name")
	# shellcheck disable=SC1090
	local data
	data=$(. "$dir/env" && echo "$ANSINH_PGDATA")
	CLUSTER_DATA[$name]=$data
	CLUSTER_PORT[$name]=$(free_port)
	cluster_conf "$data" "" "# ---- tests/lib/clusters.sh ----" \
		"listen_addresses = '127.0.0.1'" "port = ${CLUSTER_PORT[$name]}" "$@"
	"$ANSINH_TOP/sql/cluster.sh" restart "$dir" >>"$T_DIR/$name.cluster.log" 2>&1 ||
		{ sed 's/^/# /' "$T_DIR/$name.cluster.log"; return 1; }
	cluster_wait "$name"
}

cluster_from_backup() { # cluster_from_backup NAME BACKUP SIGNAL [CONF-LINE…]
	local name=$1 backup=$2 signal=$3 base
	shift 3
	# Short: the socket path must fit in 107 bytes.
	base=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-pgc.XXXXXX")
	chmod 0755 "$base"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$base"
	ln -sfn "$base" "$T_DIR/$name"
	CLUSTER_NAMES+=("$name")
	CLUSTER_DATA[$name]=$base/data
	CLUSTER_PORT[$name]=$(free_port)
	as_pg cp -a "$backup" "$base/data" || return 1
	as_pg chmod 0700 "$base/data"
	as_pg rm -f "$base/data/postmaster.pid" "$base/data/postmaster.opts"
	cluster_conf "$base/data" "" "# ---- tests/lib/clusters.sh: $name ----" \
		"listen_addresses = '127.0.0.1'" "port = ${CLUSTER_PORT[$name]}" \
		"unix_socket_directories = '$base'" "archive_mode = off" "$@"
	as_pg touch "$base/data/$signal"
	as_pg "$PG_BIN/pg_ctl" -D "$base/data" -l "$base/postgres.log" -w -t "$T_TIMEOUT" start >/dev/null ||
		{ tail -n 30 "$base/postgres.log" | sed 's/^/# /'; return 1; }
	cluster_wait "$name"
}

cluster_stop() { # cluster_stop NAME
	local data=${CLUSTER_DATA[$1]:-} mode=fast
	[ -n "${IMMEDIATE:-}" ] && mode=immediate
	[ -n "$data" ] && [ -f "$data/postmaster.pid" ] || return 0
	as_pg "$PG_BIN/pg_ctl" -D "$data" -m "$mode" -w -t "$T_TIMEOUT" stop >/dev/null 2>&1
}

start_daemon_bg() { # start_daemon_bg VAR [serve flags]
	local var=$1 log pid i
	shift
	T_DAEMONS=$((T_DAEMONS + 1))
	log="$T_DIR/daemon.$T_DAEMONS.log"
	"$ANSINHD" serve --listen 127.0.0.1:0 --admin-listen 127.0.0.1:0 \
		--db "$DAEMON_DB" --log-level debug "${SERVE_TLS[@]}" "$@" >>"$log" 2>&1 &
	pid=$!
	EXTRA_PIDS+=("$pid")
	printf -v "$var" '%s' "$pid"
	printf -v "${var}_LOG" '%s' "$log"
	for ((i = 0; i < T_TIMEOUT * 20; i++)); do
		if grep -q 'msg="db connected"' "$log" 2>/dev/null; then
			printf -v "${var}_ADDR" '%s' "$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$log" | tail -n 1)"
			printf -v "${var}_ADMIN" '%s' "$(sed -n 's/.*msg=listening .* admin=\([^ ]*\).*/\1/p' "$log" | tail -n 1)"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	sed 's/^/# /' "$log"
	echo "Bail out! daemon did not become ready"
	exit 1
}

clusters_finish() {
	local rc=$? pid name
	for pid in "${EXTRA_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	if [ -n "$DAEMON_PID" ]; then
		kill -TERM "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
		DAEMON_PID=
	fi
	for name in "${CLUSTER_NAMES[@]}"; do
		if [ -d "$T_DIR/$name/data" ] || [ -L "$T_DIR/$name/cluster" ]; then
			"$ANSINH_TOP/sql/cluster.sh" destroy "$T_DIR/$name" >/dev/null 2>&1
		fi
		cluster_stop "$name"
		if [ -L "$T_DIR/$name" ]; then
			rm -rf -- "$(readlink "$T_DIR/$name")"
		fi
	done
	(exit "$rc")
	t_finish
}
trap clusters_finish EXIT
