#!/usr/bin/env bash
# Targets end to end: the district's yearly targets (220 / 25 / 50 / 150),
# replacing a value while keeping its history, ward targets, who may set and
# who may read them.
. "$(dirname "$0")/../lib/common.sh"

plan 38

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

# --- the district's targets for 2023
run ans district target set --year 2023 --metric poor-exit --value 220
is "$RC" 0 "poor households escaping poverty: 220"
T_EXIT=$OUT
like "$T_EXIT" '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "target set prints the target's id"
ans district target set --year 2023 --metric poor-exit-special --value 25 >/dev/null &&
	ans district target set --year 2023 --metric poor-exit-central --value 50 >/dev/null &&
	ans district target set --year 2023 --metric near-poor-exit --value 150 >/dev/null
ok $? "25 of them in especially difficult circumstances, 50 by the central standard; 150 near-poor"
run ans district --format csv target list --year 2023
is "$(printf '%s\n' "$OUT" | head -n 1)" "year,scope,metric,value,set_at,set_by,id" "target list columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1-4 | tr '\n' ' ')" \
	"2023,district,poor-exit,220 2023,district,poor-exit-special,25 2023,district,poor-exit-central,50 2023,district,near-poor-exit,150 " \
	"the four district targets, in the metrics' order"
is "$(sql "SELECT count(*) FROM ansinh.target WHERE ward_code IS NULL AND year = 2023")" 4 \
	"district targets have no ward"
is "$(sql "SELECT count(*) FROM ansinh.ward")" 12 "and the ward codes are still the twelve (ten old, TH and AN)"

# --- setting again replaces the value and keeps the history
run ans district target set --year 2023 --metric poor-exit --value 230
is "$RC" 0 "the poor-exit target is raised to 230"
is "$OUT" "$T_EXIT" "it is the same target"
is "$(sql "SELECT value FROM ansinh.target WHERE id = '$T_EXIT'")" 230 "its value is replaced"
is "$(sql "SELECT string_agg(coalesce(previous_value::text, '-')||'>'||value, ' ' ORDER BY id) FROM ansinh.target_history WHERE target_id = '$T_EXIT'")" \
	"->220 220>230" "the history keeps both values"
run ans district target set --year 2023 --metric poor-exit --value 230
is "$RC" 0 "setting the same value again is fine"
is "$(sql "SELECT count(*) FROM ansinh.target_history WHERE target_id = '$T_EXIT'")" 2 "and adds no history"
is "$(sql "SELECT string_agg(table_name||':'||action, ' ' ORDER BY id) FROM ansinh.audit_event WHERE scope = 'district' AND record_id = '$T_EXIT'")" \
	"target:insert target_history:insert target:update target_history:insert" \
	"district targets are audited without a ward"
is "$(sql "SELECT count(*) FROM ansinh.request_log WHERE scope = 'district' AND record_id = '$T_EXIT' AND operation = 'target_set'")" 3 \
	"and their requests are logged for replay"

# --- ward targets
run ans district target set --year 2023 --metric poor-exit --value 22 --ward AK
is "$RC" 0 "a target for An Khê"
T_AK=$OUT
ans district target set --year 2023 --metric job-placements --value 60 --ward AK >/dev/null &&
	ans district target set --year 2023 --metric referrals --value 20 --ward CG >/dev/null
ok $? "more ward targets"
is "$(sql "SELECT ward_code||'|'||table_name FROM ansinh.audit_event WHERE record_id = '$T_AK' ORDER BY id LIMIT 1")" \
	"AK|target" "a ward target is audited in its ward"
run ans ak --format csv target list --year 2023
like "$OUT" "2023,district,poor-exit,230," "a ward reads the district's targets"
like "$OUT" "2023,AK,poor-exit,22," "and its own"
unlike "$OUT" "CG" "but not another ward's"
run ans ak --format csv target list --ward AK
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2 | sort -u)" "AK" "--ward lists that ward's targets only"
run ans ak target list --ward CG
is "$RC" 2 "a ward token cannot ask for another ward's targets"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans auditor --format csv target list
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 7 "the auditor reads every target"

# --- only the district sets targets
run ans ak target set --year 2023 --metric poor-exit --value 1
is "$RC" 2 "a ward token cannot set a target"
like "$ERR" "PERMISSION_DENIED: only a district token may set targets" "and is told why"
run ans ak target set --year 2023 --metric poor-exit --value 1 --ward AK
is "$RC" 2 "not even its own ward's"
run ans auditor target set --year 2023 --metric poor-exit --value 1
is "$RC" 2 "an auditor cannot set a target"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
is "$(sql "SELECT value FROM ansinh.target WHERE id = '$T_EXIT'")" 230 "the district's target is untouched"

# --- bad input, named
run ans district target set --year 2023 --metric poverty-exit --value 1
is "$RC" 1 "an unknown metric is refused before sending"
like "$ERR" "--metric: must be one of poor-exit" "naming the flag and the words"
run ans district target set --year 2023 --metric poor-exit --value -5
is "$RC" 1 "a negative value is refused"
like "$ERR" "--value: must not be negative" "naming the flag"
run ans district target set --year 1999 --metric poor-exit --value 1
is "$RC" 1 "a year before 2000 is refused"
run ans district target set --year 2023 --metric poor-exit --value 1 --ward ZZ
is "$RC" 2 "an unknown ward is rejected by the daemon"
like "$ERR" "INVALID_ARGUMENT.*ward 'ZZ' does not exist" "naming the ward"
