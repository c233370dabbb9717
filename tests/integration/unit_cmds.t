#!/usr/bin/env bash
# `ansinh unit add|merge|list|show|import` through the real client: a
# district token adds a unit with a ward code (and a ward token of it then
# works), records a merge (which ends the unit and moves what its new
# unit's token sees), loads a CSV reporting rejected rows by line, loads it
# again without change; every write is in audit_event, scope reference; a ward
# token may list but not add.
. "$(dirname "$0")/../lib/common.sh"

plan 21

token district district
token ak ward AK
start_daemon

run ans district unit add --code HVW --name "Hải Vân" --level ward --parent DN --official-code 20194 \
	--from 2025-07-01 --ward-code HV
is "$RC:$OUT" "0:HVW" "a district token adds a ward of 2025 with its ward code"
run ans district unit add --code HVW --name "Hải Vân" --level ward --parent DN --official-code 20194 \
	--from 2025-07-01 --ward-code HV
is "$RC" 0 "adding it again with the same content is OK"
run ans district unit add --code HVW --name "Hải Vân khác" --level ward
like "$RC:$ERR" "^2:.*unit HVW already exists" "with other content: refused"
run ans ak unit add --code XXW --name "Lạ" --level ward
like "$RC:$ERR" "^2:.*only a district token may add administrative units" "a ward token may not add units"
run ans district unit add --code hv --name "Lạ" --level ward
like "$RC:$ERR" "^1:.*--code: must start with a capital letter" "a bad code is refused before sending"
run ans district unit add --code LCW --name "Liên Chiểu" --level ward --from 2025-07-01 --to 2025-06-30
like "$RC:$ERR" "^1:ansinh: --to must not be before --from" "a unit that ends before it begins is refused before sending"
run ans district unit add --code LCD --name "Liên Chiểu" --level town
like "$RC:$ERR" "^1:.*--level: must be city, province, district, ward or commune" "a bad level too"

run ans district unit add --code HBC --name "Hòa Bắc" --level ward --parent LC --ward-code HB
is "$RC" 0 "an old ward of Liên Chiểu"
run ans district unit merge HBC --into HVW --on 2025-07-01 --basis "Nghị quyết 1659/NQ-UBTVQH15"
is "$RC:$OUT" "0:HBC merged-into HVW 2025-07-01" "merged into Hải Vân ward"
run ans district unit merge HVW --into HBC --on 2025-07-01
like "$RC:$ERR" "^2:.*a cycle" "a cycle is refused"
run ans district --format csv unit show HBC
like "$OUT" ',2025-06-30,HB,HVW,2025-07-01,' "the merge ended Hòa Bắc the day before"
run ans ak --format csv unit show HVW
like "$OUT" '"HB,HV"' "Hải Vân ward holds Hòa Bắc's records (any token may show a unit)"

token hv ward HV
ans district household add --ward HB --code HB-1 --head "Hộ Hòa Bắc" --status poor --since 2024-01-05 >/dev/null
run ans hv household show HB-1 --ward HB
is "$RC" 0 "a token of the new ward sees the old ward's household"

cat >"$T_DIR/units.csv" <<'CSV'
code,name,level,parent,official_code,valid_from,valid_to,ward_code,merged_into,merged_on,basis
NHS,Ngũ Hành Sơn,district,DN,,,2025-06-30,,,,
HQ,Hòa Quý,ward,NHS,,,,HQ,NHW,2025-07-01,Nghị quyết 1659/NQ-UBTVQH15
NHW,Ngũ Hành Sơn,ward,DN,20263,2025-07-01,,NW,,,
BAD1,Sai,hamlet,DN,,,,,,,
CSV
run ans district unit import "$T_DIR/units.csv"
is "$RC" 2 "import: exit 2 when a row is rejected"
like "$ERR" "units.csv: line 5: rejected: INVALID_ARGUMENT: unit.level must be city, province, district, ward or commune\$" "the rejected row named by its line and reason"
is "$OUT" "3 units, 1 merges loaded; 1 rows rejected" "the others loaded, the merge after its units"
is "$(sql "SELECT unit_code||'>'||other_code FROM ansinh.admin_unit_link WHERE unit_code = 'HQ'")" "HQ>NHW" \
	"the merge names a unit of a later row"
run ans district unit import "$T_DIR/units.csv"
is "$OUT" "3 units, 1 merges loaded; 1 rows rejected" "loaded again: the same rows OK, nothing doubled"
is "$(sql "SELECT count(*) FROM ansinh.admin_unit_link WHERE unit_code = 'HQ'")" "1" "one link"

run ans ak --format csv unit list --level district --history
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort | paste -sd ' ')" "CL LC NHS TK" "unit list --level --history"
is "$(sql "SELECT string_agg(table_name||':'||action, ' ' ORDER BY id) FROM ansinh.audit_event WHERE scope = 'reference' AND record_key IN ('HBC', 'HB') AND actor = 'district'")" \
	"ward:insert admin_unit:insert admin_unit_link:insert admin_unit:update" \
	"the writes are audited (the ward code, the unit, the merge and the unit's end)"

t_finish
