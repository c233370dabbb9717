#!/usr/bin/env bash
# Administrative units through the real client: `ward list` shows the wards
# of today (2 Dec 2026: Thanh Khê, An Khê, Hòa Khánh), of a day (--as-of) or
# all with their history, each with the ward codes whose records it holds;
# records keep the ward they were recorded in. (The unit graph itself and
# the figures rolled up: tests/sql/97_units.sql.)
. "$(dirname "$0")/../lib/common.sh"

plan 12

token ak ward AK
token district district
start_daemon

run ans ak --format csv ward list --as-of 2026-12-02
is "$RC" 0 "ward list --as-of"
is "$(printf '%s\n' "$OUT" | head -n 1)" "code,name,official_code,from,to,merged_into,merged_on,records" "its columns"
is "$(printf '%s\n' "$OUT" | tail -n +2)" 'AKW,An Khê,20305,2025-07-01,,,,"AK,AN"
HKH,Hòa Khánh,20200,2025-07-01,,,,
TKW,Thanh Khê,20209,2025-07-01,,,,"CG,HK,KD,KT,TC,TG,TH,TT,VT,XH"' \
	"2 Dec 2026: An Khê ward (An Khê's records), Hòa Khánh, Thanh Khê ward (nine old wards' records)"
run ans ak --format csv ward list
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | paste -sd ' ')" "AKW HKH TKW" \
	"without a flag: the wards of today, not the ten of 2023"
run ans district --format csv ward list --as-of 2023-06-01
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort | paste -sd ' ')" "AK CG HA HK HM HP KD KT TC TG TT VT XH" \
	"1 Jun 2023: Thanh Khê's ten wards (and the neighbours that later merged with them)"
run ans ak --format csv ward list --as-of 2025-03-01
like "$OUT" 'KD,Thanh Khê Đông,,,2025-06-30,TKW,2025-07-01,"HK,KD"' \
	"1 Mar 2025: Thanh Khê Đông holds Hòa Khê's records (Resolution 1251/NQ-UBTVQH15)"
run ans ak --format csv ward list --history
like "$OUT" 'HK,Hòa Khê,,,2024-12-31,KD,2025-01-01,HK' "history: Hòa Khê ended 2024-12-31, merged into Thanh Khê Đông"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 16 "sixteen wards in all"
run ans ak ward list --history --as-of 2026-12-02
like "$RC:$ERR" "^1:ansinh: --as-of and --history go separately" "history and a day are refused together"
run ans ak ward list --as-of 2026-13-01
like "$RC:$ERR" "^1:ansinh: --as-of:" "a bad date is refused, naming the flag"

# --- records are never re-keyed
ans district household add --ward HK --code HK-1 --head "Hộ Hòa Khê" --status poor --since 2023-01-05 >/dev/null
ans district assess add --ward HK --household HK-1 --year 2023 --on 2023-11-02 --income 1,800,000 \
	--deprived employment,water,telecom >/dev/null
is "$(sql "SELECT ward_code||'|'||ansinh.ward_unit_at(ward_code, '2026-12-02') FROM ansinh.household WHERE code = 'HK-1'")" \
	"HK|TKW" "a household recorded in Hòa Khê stays Hòa Khê's, and rolls up to Thanh Khê ward"
is "$(sql "SELECT string_agg(unit_code||':'||poor, ' ' ORDER BY unit_code) FROM ansinh.poverty_report_as_of(2023, '2026-12-02') WHERE standard_code = 'central-2022'")" \
	"AKW:0 TKW:1" "counted as of 2 Dec 2026 under Thanh Khê ward"
