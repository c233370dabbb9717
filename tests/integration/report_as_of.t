#!/usr/bin/env bash
# `ansinh report poverty --as-of DATE`: the yearly report with the wards'
# figures summed into the units valid on the day (ansinh_api.
# poverty_report_as_of): 2023's households of Hòa Khê, Vĩnh Trung and An
# Khê counted under Thanh Khê ward and An Khê ward as of 2026-12-02, under
# their own wards as of 2023; a Thanh Khê ward token gets its own unit only.
. "$(dirname "$0")/../lib/common.sh"

plan 8

token district district
token th ward TH
start_daemon

n=0
for w in HK VT AK; do
	n=$((n + 1))
	ans district household add --ward $w --code $w-1 --head "Hộ $w" --status none --since 2022-01-05 >/dev/null
	ans district assess add --ward $w --household $w-1 --year 2023 --on 2023-11-02 --income 1,500,000 \
		--deprived employment,water,telecom >/dev/null
done

run ans district --format csv report poverty --year 2023 --as-of 2026-12-02
is "$RC" 0 "report poverty --as-of"
is "$(printf '%s\n' "$OUT" | grep ',central-2022,' | cut -d, -f1,3 | paste -sd ' ')" "AKW,1 TKW,2 all,3" \
	"2023 rolled up to 2 Dec 2026: An Khê ward 1 poor, Thanh Khê ward 2 (Hòa Khê and Vĩnh Trung), total 3"
is "$(sql "SELECT string_agg(unit_code||':'||poor, ' ' ORDER BY unit_code) FROM ansinh.poverty_report_as_of(2023, '2026-12-02') WHERE standard_code = 'central-2022'")" \
	"AKW:1 TKW:2" "the same figures as ansinh.poverty_report_as_of in psql"
run ans district --format csv report poverty --year 2023 --as-of 2025-03-01
is "$(printf '%s\n' "$OUT" | grep ',central-2022,' | cut -d, -f1,3 | paste -sd ' ')" "AK,1 CG,0 KD,1 KT,0 TG,1 XH,0 all,3" \
	"as of 1 Mar 2025 (Thanh Khê's six wards): Hòa Khê's under Thanh Khê Đông, Vĩnh Trung's under Thạc Gián"
run ans district --format csv report poverty --year 2023
is "$(printf '%s\n' "$OUT" | grep ',central-2022,' | grep -c '^\(HK\|VT\|AK\),')" "3" \
	"without --as-of: as recorded, by ward"
run ans th --format csv report poverty --year 2023 --as-of 2026-12-02
is "$(printf '%s\n' "$OUT" | grep ',central-2022,' | cut -d, -f1,3 | paste -sd ' ')" "TKW,2 all,2" \
	"a Thanh Khê ward token: its own unit, from the old wards it holds"
run ans district report poverty --year 2023 --as-of 2026-02-30
like "$RC:$ERR" "^1:.*--as-of" "a bad date is refused, naming the flag"
run ans district --format csv report poverty --year 2023 --as-of 2026-12-02 --ward VT
is "$(printf '%s\n' "$OUT" | grep ',central-2022,' | cut -d, -f1,3 | head -n 1)" "TKW,1" \
	"--ward with --as-of: that ward's figures under its unit of the day"

t_finish
