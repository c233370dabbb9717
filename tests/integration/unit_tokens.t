#!/usr/bin/env bash
# Tokens of merged units through the real client and daemon: a token of
# Thanh Khê ward (TH, 2025) lists, reads and writes the records of the old
# wards merged into it (Hòa Khê, Vĩnh Trung…), which keep their ward; its
# new records are its own; An Khê ward (AN) holds An Khê's and not Hòa
# Khê's; an old ward's token keeps working; district tokens (the district
# until 30 Jun 2025, the city after) act on every ward. (RLS itself:
# tests/sql/97_unit_tokens.sql.)
. "$(dirname "$0")/../lib/common.sh"

plan 20

token th ward TH
token an ward AN
token kd ward KD
token district district
start_daemon

ans district household add --ward HK --code HK-1 --head "Hộ Hòa Khê" --status poor --since 2023-01-05 >/dev/null
ans district household add --ward VT --code VT-1 --head "Hộ Vĩnh Trung" --status near-poor --since 2023-01-05 >/dev/null
ans district household add --ward AK --code AK-1 --head "Hộ An Khê" --status poor --since 2023-01-05 >/dev/null
hk_id=$(sql "SELECT id FROM ansinh.household WHERE code = 'HK-1'")

run ans th --format csv household list
is "$RC" 0 "a Thanh Khê ward token lists households"
is "$(printf '%s\n' "$OUT" | grep -o '^[^,]*,\(HK\|VT\|AK\)-1' | cut -d, -f2 | sort | paste -sd ' ')" "HK-1 VT-1" \
	"it sees the 2023 households of Hòa Khê and Vĩnh Trung, not An Khê's"
run ans th --format csv household list --ward HK
is "$RC:$(printf '%s\n' "$OUT" | grep -c 'HK-1')" "0:1" "and one old ward's, named"
run ans th household show HK-1 --ward HK
is "$RC" 0 "it shows a Hòa Khê household by ward and code"
run ans th household show "$hk_id"
is "$RC" 0 "and by id, without naming the ward"

run ans th household update HK-1 --ward HK --group 5
is "$RC" 0 "it updates a Hòa Khê household"
run ans th household update "$hk_id" --group 6
is "$RC" 0 "and by id alone"
is "$(sql "SELECT ward_code||':'||residential_group FROM ansinh.household WHERE code = 'HK-1'")" "HK:6" \
	"the household stays Hòa Khê's (never re-keyed)"
is "$(sql "SELECT string_agg(DISTINCT ward_code, ',') FROM ansinh.audit_event WHERE table_name = 'household' AND record_id = '$hk_id'")" \
	"HK" "its audit events are Hòa Khê's"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'household' AND record_id = '$hk_id' AND actor = 'th'")" \
	"2" "recorded as the Thanh Khê ward token's writes"

run ans th household add --code TH-1 --head "Hộ mới" --status none
is "$RC" 0 "a new household from the Thanh Khê ward token"
is "$(sql "SELECT ward_code FROM ansinh.household WHERE code = 'TH-1'")" "TH" "goes to Thanh Khê ward's own code"

run ans th household show AK-1 --ward AK
like "$RC:$ERR" "^2:.*a token of ward TH cannot act on ward AK" "An Khê's records are not Thanh Khê ward's"
run ans th household add --ward AK --code TH-2 --head "Hộ lạ"
like "$RC:$ERR" "^2:.*a token of ward TH cannot act on ward AK" "nor may it write there"

run ans an --format csv household list
is "$(printf '%s\n' "$OUT" | grep -o '^[^,]*,\(HK\|VT\|AK\)-1' | cut -d, -f2 | paste -sd ' ')" "AK-1" \
	"An Khê ward sees An Khê's household"
run ans an household show HK-1 --ward HK
like "$RC:$ERR" "^2:.*a token of ward AN cannot act on ward HK" "and not Hòa Khê's"
run ans an household show "$hk_id"
is "$RC" 2 "not even by id"

run ans kd household show HK-1 --ward HK
is "$RC" 0 "an old ward's token (Thanh Khê Đông) keeps what merged into it (Hòa Khê)"

run ans district --format csv household list
is "$(printf '%s\n' "$OUT" | grep -c ',\(HK\|VT\|AK\|TH\)-1')" "4" "a district token sees every ward's"
run ans district household update TH-1 --ward TH --group 2
is "$RC" 0 "and writes today's wards' records"

t_finish
