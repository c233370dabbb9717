# tests/lib/common.sh — sourced by every integration test (tests/integration/*.t).
#
# Each test gets its own database copied from the migrated template, its own
# tokens and its own daemon on a kernel-chosen loopback port, all under the
# run's temp dir; everything it started is stopped on every exit path. TAP
# goes to stdout; on failure the daemon's log is shown as diagnostics.
#
# Transport: tests/run-all runs the suite over TLS (ANSINH_TEST_TRANSPORT=tls,
# the certificates it made once in ANSINH_TEST_TLS): start_daemon gives the
# daemon its certificate and key, and the client (ANSINH_TLS, ANSINH_CA) and
# rawframe (RAWFRAME_CA) verify it. A test about plaintext itself sets
# T_TRANSPORT=plain before sourcing this file. SERVE_TLS holds the daemon's
# TLS flags for a test that starts a daemon itself.
#
# Needs ANSINH_TOP, ANSINH_WORK, PGHOST, PGPORT (set by tests/run-all).

set -uo pipefail

: "${ANSINH_TOP:?run through make check (tests/run-all)}"
: "${ANSINH_WORK:?run through make check (tests/run-all)}"

T_NAME=$(basename "$0" .t)
T_DIR="$ANSINH_WORK/$T_NAME"
T_DB="t_${T_NAME//[^a-zA-Z0-9]/_}"
T_N=0
T_FAILED=0
T_PLAN=
DAEMON_PID=
DAEMON_LOG=
ADDR=
ADMIN=
ANSINHD="$ANSINH_TOP/server/ansinhd"
ANSINH="$ANSINH_TOP/client/ansinh"
OWNER_DB="dbname=$T_DB user=ansinh_owner"
DAEMON_DB="dbname=$T_DB user=ansinhd"
T_TIMEOUT=30
if [ "${ANSINH_VALGRIND:-}" = 1 ]; then
	T_TIMEOUT=60
fi

rm -rf "$T_DIR"
mkdir -p "$T_DIR/home"
export HOME="$T_DIR/home" XDG_CONFIG_HOME="$T_DIR/home/.config" \
	XDG_STATE_HOME="$T_DIR/home/.state"
unset ANSINH_TOKEN ANSINH_TOKEN_FILE ANSINH_SERVER ANSINH_FORMAT ANSINH_CONFIG \
	ANSINH_TLS ANSINH_CA ANSINH_CERT ANSINH_KEY ANSINH_INSECURE RAWFRAME_CA
T_TRANSPORT=${T_TRANSPORT:-${ANSINH_TEST_TRANSPORT:-plain}}
TLS_DIR=${ANSINH_TEST_TLS:-}
SERVE_TLS=()
if [ "$T_TRANSPORT" = tls ]; then
	if [ ! -s "$TLS_DIR/server.crt" ]; then
		echo "Bail out! TLS mode needs the certificates of tests/run-all (ANSINH_TEST_TLS)"
		exit 1
	fi
	SERVE_TLS=(--tls-cert "$TLS_DIR/server.crt" --tls-key "$TLS_DIR/server.key")
	export ANSINH_TLS=yes ANSINH_CA="$TLS_DIR/ca.crt" RAWFRAME_CA="$TLS_DIR/ca.crt"
fi
# A loaded machine must not turn a slow answer into a failed test; tests
# that exercise timeouts pass --timeout themselves.
export ANSINH_TIMEOUT=30

# ------------------------------------------------------------------ TAP

plan() { T_PLAN=$1; echo "1..$1"; }

ok() { # ok STATUS DESCRIPTION — STATUS 0 passes
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}

is() { # is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:      '$1'"
		diag "expected: '$2'"
	fi
}

# like/unlike feed grep a here-string, not a pipe: under pipefail, grep -q
# leaving at the first match would make a printf still writing a long GOT
# (more than one 4 KiB buffer) die of SIGPIPE and the match count as none.
like() { # like GOT EXTENDED-REGEX DESCRIPTION; a pattern of several lines: every line must match
	local line missing=0
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		grep -Eq -- "$line" <<<"$1" || missing=1
	done <<<"$2"
	if [ $missing = 0 ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:          '$1'"
		diag "should match: '$2'"
	fi
}

unlike() {
	if grep -Eq -- "$2" <<<"$1"; then
		ok 1 "$3"
		diag "got:              '$1'"
		diag "should not match: '$2'"
	else
		ok 0 "$3"
	fi
}

diag() { printf '# %s\n' "$@"; }

# ------------------------------------------------------------- database

sql() { # sql "SQL" — as the superuser, in this test's database
	psql -X -q -At -v ON_ERROR_STOP=1 -U postgres -d "$T_DB" -c "$1"
}

sql_as() { # sql_as ROLE "SQL"
	psql -X -q -At -v ON_ERROR_STOP=1 -U "$1" -d "$T_DB" -c "$2"
}

psql -X -q -U postgres -d postgres -v ON_ERROR_STOP=1 \
	-c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $T_DB" \
	-c "CREATE DATABASE $T_DB TEMPLATE ansinh OWNER ansinh_owner" >/dev/null ||
	{ echo "Bail out! cannot create database $T_DB"; exit 1; }

token() { # token NAME ROLE [WARD] — creates $T_DIR/NAME.token
	local name=$1 role=$2 ward=${3:-}
	local args=(token create --db "$OWNER_DB" --role "$role" --name "$name")
	[ -n "$ward" ] && args+=(--ward "$ward")
	"$ANSINHD" "${args[@]}" >"$T_DIR/$name.token.out" 2>&1 ||
		{ cat "$T_DIR/$name.token.out" >&2; return 1; }
	tail -n 1 "$T_DIR/$name.token.out" >"$T_DIR/$name.token"
}

context_of() { # context_of NAME [REQUEST_ID] — the SQL that sets the request
	# context of token NAME as the daemon does (its SHA-256, 0011_privileges)
	local rid=NULL
	[ -n "${2:-}" ] && rid="'$2'"
	printf "SELECT ansinh_api.set_context(sha256(convert_to('%s', 'UTF8')), %s);" \
		"$(cat "$T_DIR/$1.token")" "$rid"
}

wait_for_line() { # wait_for_line FILE REGEX — until a line of FILE matches
	# (an extended regex), up to T_TIMEOUT seconds; 1 if none did
	local i
	for ((i = 0; i < T_TIMEOUT * 20; i++)); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# ---------------------------------------------------------------- daemon

T_DAEMONS=0
start_daemon() { # start_daemon [extra serve flags] — each start its own log
	T_DAEMONS=$((T_DAEMONS + 1))
	DAEMON_LOG="$T_DIR/daemon.$T_DAEMONS.log"
	local pre=()
	if [ "${ANSINH_VALGRIND:-}" = 1 ]; then
		pre=(valgrind --quiet --error-exitcode=99 --leak-check=full
			--errors-for-leak-kinds=definite --show-leak-kinds=definite)
	fi
	"${pre[@]}" "$ANSINHD" serve --listen 127.0.0.1:0 \
		--admin-listen 127.0.0.1:0 --db "$DAEMON_DB" --log-level debug \
		"${SERVE_TLS[@]}" "$@" >>"$DAEMON_LOG" 2>&1 &
	DAEMON_PID=$!
	local i
	for ((i = 0; i < T_TIMEOUT * 20; i++)); do
		if grep -q 'msg="db connected"' "$DAEMON_LOG" 2>/dev/null; then
			ADDR=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$DAEMON_LOG" | tail -n 1)
			ADMIN=$(sed -n 's/.*msg=listening .* admin=\([^ ]*\).*/\1/p' "$DAEMON_LOG" | tail -n 1)
			export ANSINH_SERVER="$ADDR"
			return 0
		fi
		if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
			break
		fi
		sleep 0.05
	done
	sed 's/^/# /' "$DAEMON_LOG"
	echo "Bail out! daemon did not become ready"
	exit 1
}

stop_daemon() { # stop_daemon — SIGTERM, wait; sets DAEMON_RC
	DAEMON_RC=
	[ -n "$DAEMON_PID" ] || return 0
	kill -TERM "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID"
	DAEMON_RC=$?
	DAEMON_PID=
}

ans() { # ans TOKENNAME ARGS... — the real client with that token
	local tok=$1
	shift
	"$ANSINH" --token-file "$T_DIR/$tok.token" "$@"
}

# Run a command; leave its stdout in OUT, stderr in ERR, exit code in RC.
run() {
	OUT=$("$@" 2>"$T_DIR/stderr")
	RC=$?
	ERR=$(cat "$T_DIR/stderr")
}

http_get() { # http_get HOST:PORT PATH — prints the body (bash /dev/tcp)
	local host=${1%:*} port=${1##*:}
	exec 9<>"/dev/tcp/$host/$port" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$2" "$1" >&9
	sed '1,/^\r$/d' <&9
	exec 9<&-
}

t_finish() {
	local rc=$?
	if [ -n "$DAEMON_PID" ]; then
		kill -TERM "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
		if [ $? -eq 99 ]; then
			diag "valgrind reported errors in the daemon"
			T_FAILED=$((T_FAILED + 1))
		fi
	fi
	# A sanitizer or valgrind report in any daemon log fails the test.
	if grep -slE 'ERROR: (Address|Leak)Sanitizer|runtime error:|^==[0-9]+== .*(Invalid|uninitialised|definitely lost)' \
		"$T_DIR"/daemon.*.log >/dev/null 2>&1; then
		diag "sanitizer/valgrind report in the daemon log:"
		grep -shE -A12 'Sanitizer|runtime error:|^==[0-9]+==' "$T_DIR"/daemon.*.log | head -n 60 | sed 's/^/#   /'
		T_FAILED=$((T_FAILED + 1))
	fi
	if [ "$T_FAILED" -gt 0 ] || { [ -n "$T_PLAN" ] && [ "$T_N" -ne "$T_PLAN" ]; }; then
		if [ -n "$DAEMON_LOG" ] && [ -f "$DAEMON_LOG" ]; then
			diag "daemon log (last 60 lines):"
			tail -n 60 "$DAEMON_LOG" | sed 's/^/#   /'
		fi
		[ "$rc" -eq 0 ] && rc=1
	fi
	psql -X -q -U postgres -d postgres -c "DROP DATABASE IF EXISTS $T_DB WITH (FORCE)" >/dev/null 2>&1
	exit "$rc"
}
trap t_finish EXIT
