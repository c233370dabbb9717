#!/usr/bin/env bash
# --log-file and SIGHUP: the daemon appends its log to the file; after the
# file is renamed (as logrotate does) SIGHUP makes it open the path again,
# and later lines go to the new file, none to the renamed one. Without
# --log-file SIGHUP changes nothing and does not stop the daemon (its default
# action would). A log file that cannot be opened stops `serve` at once.
. "$(dirname "$0")/../lib/common.sh"

plan 13

token ak ward AK
LOG=$T_DIR/ansinhd.log

# --- with --log-file: started by hand, start_daemon reads stderr.
DAEMON_LOG=$T_DIR/daemon.stderr.log
"$ANSINHD" serve --listen 127.0.0.1:0 --admin-listen '' --db "$DAEMON_DB" \
	--log-level debug --log-file "$LOG" "${SERVE_TLS[@]}" >"$DAEMON_LOG" 2>&1 &
DAEMON_PID=$!
wait_for_line "$LOG" 'msg="db connected"'
ok $? "the daemon logs into --log-file"
ADDR=$(sed -n 's/.*msg=listening addr=\([^ ]*\).*/\1/p' "$LOG" | tail -n 1)
export ANSINH_SERVER=$ADDR
is "$(wc -c <"$DAEMON_LOG")" 0 "and nothing on standard error"

run ans ak ward list
is "$RC" 0 "a client is served"
wait_for_line "$LOG" 'msg="session ready"'
ok $? "its session is in the log file"

mv "$LOG" "$LOG.1"
kill -HUP "$DAEMON_PID"
wait_for_line "$LOG" 'msg="log file reopened"'
ok $? "after rename and SIGHUP the path is a new file, and it says so"
kill -0 "$DAEMON_PID" 2>/dev/null
ok $? "SIGHUP does not stop the daemon"
run ans ak ward list
is "$RC" 0 "a client is served after SIGHUP"
wait_for_line "$LOG" 'msg="session ready"'
ok $? "its session is in the new file"
n_old=$(grep -c 'msg="session ready"' "$LOG.1")
is "$n_old" 1 "the renamed file got no new session"
stop_daemon
is "$DAEMON_RC" 0 "SIGTERM still drains and exits 0"
like "$(tail -n 1 "$LOG")" 'msg=stopped exit=0' "the last line is in the new file"

# --- without --log-file
start_daemon
kill -HUP "$DAEMON_PID"
wait_for_line "$DAEMON_LOG" 'msg="no log file to reopen"'
ok $? "without --log-file SIGHUP is logged and the daemon keeps serving"
stop_daemon

# --- a file that cannot be opened
run "$ANSINHD" serve --listen 127.0.0.1:0 --admin-listen '' --db "$DAEMON_DB" \
	--log-file "$T_DIR/no/such/dir/ansinhd.log"
like "$RC:$ERR" '^1:ansinhd serve: --log-file: .*/no/such/dir/ansinhd.log: No such file or directory' \
	"an unopenable --log-file: exit 1, the flag, the path and the reason"
