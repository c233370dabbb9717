#!/usr/bin/env bash
# The analyst role cannot hold sealing up (sql/migrations/0011): seals
# serialise on a row only the sealer may lock, not on an advisory lock any
# login may take.
. "$(dirname "$0")/../lib/common.sh"

plan 3

# Something to seal.
sql "INSERT INTO ansinh.household (ward_code, id, code, head_name, status, status_since) VALUES ('AK', '5e000000-0000-7000-8000-000000000001', 'SL-1', 'Nguyễn Văn Một', 'poor', '2023-01-01')" >/dev/null

# An analyst's session takes the advisory lock sealing used to take, and
# keeps it.
mkfifo "$T_DIR/analyst.in"
psql -X -q -At -U analyst -d "$T_DB" <"$T_DIR/analyst.in" >"$T_DIR/analyst.out" 2>&1 &
A_PID=$!
exec 3>"$T_DIR/analyst.in"
printf '%s\n' "SELECT pg_advisory_lock(7420008);" "SELECT 'held';" >&3
for _ in $(seq 100); do grep -q '^held$' "$T_DIR/analyst.out" && break; sleep 0.1; done
is "$(grep -c '^held$' "$T_DIR/analyst.out")" 1 "an analyst holds advisory lock 7420008"

# A seal that would give up when another seal is being made still seals.
is "$(sql_as ansinh_owner "SELECT count(*) FROM ansinh.seal_audit_events(1000, false)")" 1 \
	"sealing does not give up while the analyst holds it"

printf '%s\n' "BEGIN READ WRITE;" "SELECT FROM ansinh.seal_lock FOR UPDATE;" >&3
exec 3>&-
wait "$A_PID"
like "$(cat "$T_DIR/analyst.out")" "permission denied for table seal_lock" "and the analyst cannot lock the sealer's row"
