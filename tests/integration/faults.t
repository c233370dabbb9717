#!/usr/bin/env bash
# Fault injection on loopback: an import of 20,000 households interrupted by
# the daemon killed with SIGKILL, by PostgreSQL restarted under a running
# daemon, and by the client itself killed with SIGKILL. Each time the import
# is run again (or goes on by itself) and the result is exactly every row,
# none twice.
. "$(dirname "$0")/../lib/common.sh"

plan 23

token ak ward AK
start_daemon
D=$T_DIR
field() { # field CSV-SUMMARY NAME
	printf '%s\n' "$1" | awk -F, -v k="$2" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{print $c[k]}'
}
rows_file() { # rows_file PREFIX N FILE
	python3 -c '
import sys
p, n = sys.argv[1], int(sys.argv[2])
print("code,head,group,status,since")
for i in range(1, n + 1):
    print("%s-%05d,Người Số %d,%d,%s,2023-%02d-%02d" % (p, i, i, i % 999 + 1,
          ("poor", "near-poor")[i % 2], i % 12 + 1, i % 28 + 1))
' "$1" "$2" >"$3"
}
count() { sql "SELECT count(*) FROM ansinh.household WHERE code LIKE '$1-%'"; }
inserts() { # inserted rows by the audit trail, and distinct ids
	sql "SELECT count(*)||','||count(DISTINCT record_id) FROM ansinh.audit_event
	     WHERE table_name = 'household' AND action = 'insert' AND row_data->>'code' LIKE '$1-%'"
}
wait_count() { # wait_count PREFIX N — until at least N rows are in
	local i
	for ((i = 0; i < 600; i++)); do
		[ "$(count "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# --- the daemon killed with SIGKILL in the middle of an import
rows_file K 20000 "$D/k.csv"
ans ak --timeout 2 --format csv import households "$D/k.csv" >"$D/k1.out" 2>"$D/k1.err" &
CPID=$!
wait_count K 3000
ok $? "the import is under way"
{ kill -KILL "$DAEMON_PID"; wait "$DAEMON_PID"; } 2>/dev/null
DAEMON_PID=
wait "$CPID"
is "$?" 4 "with the daemon killed, the import gives up after --timeout (exit 4)"
like "$(cat "$D/k1.err")" "run the same command again to finish" "and says to run it again"
done_before=$(count K)
ok "$([ "$done_before" -lt 20000 ]; echo $?)" "part of the file was written ($done_before rows)"
start_daemon
run ans ak --format csv import households "$D/k.csv"
is "$RC" 0 "the same import, run again after a restart, exits 0"
is "$(field "$OUT" rows)" 20000 "it reads 20,000 rows"
is "$(( $(field "$OUT" written) + $(field "$OUT" already) ))" 20000 "every row is written or recognised as written"
is "$(count K)" 20000 "exactly 20,000 households"
is "$(inserts K)" "20000,20000" "none was inserted twice"

# --- PostgreSQL restarted in the middle of an import, the daemon kept
rows_file P 20000 "$D/p.csv"
ans ak --timeout 60 --format csv import households "$D/p.csv" >"$D/p1.out" 2>"$D/p1.err" &
CPID=$!
wait_count P 3000
ok $? "the import is under way"
"$ANSINH_TOP/sql/cluster.sh" stop "$ANSINH_WORK/pg" >/dev/null 2>&1
ok $? "PostgreSQL stopped"
sleep 1
"$ANSINH_TOP/sql/cluster.sh" start "$ANSINH_WORK/pg" >/dev/null 2>&1
ok $? "and started again"
wait "$CPID"
is "$?" 0 "the import waits for the database and finishes by itself (exit 0)"
like "$(cat "$D/p1.err")" "UNAVAILABLE" "having said the database was unavailable"
is "$(field "$(cat "$D/p1.out")" rows)" 20000 "it read 20,000 rows"
kill -0 "$DAEMON_PID"
ok $? "the daemon was not restarted"
run ans ak --format csv import households "$D/p.csv"
is "$RC,$(field "$OUT" written),$(field "$OUT" already)" "0,0,20000" "run again, it finds every row already written"
is "$(count P)" 20000 "exactly 20,000 households"
is "$(inserts P)" "20000,20000" "none inserted twice"

# --- the client killed with SIGKILL in the middle of an import (20,000 rows:
# set-wise chunks finish a small file before the kill)
rows_file C 20000 "$D/c.csv"
ans ak --format csv import households "$D/c.csv" >/dev/null 2>&1 &
CPID=$!
wait_count C 1000
{ kill -KILL "$CPID"; wait "$CPID"; } 2>/dev/null
done_before=$(count C)
ok "$([ "$done_before" -lt 20000 ]; echo $?)" "the client was killed part-way ($done_before rows)"
run ans ak --format csv import households "$D/c.csv"
is "$RC,$(field "$OUT" rows)" "0,20000" "run again, the import exits 0 over 20,000 rows"
is "$(count C)" 20000 "exactly 20,000 households"
is "$(inserts C)" "20000,20000" "none inserted twice"
