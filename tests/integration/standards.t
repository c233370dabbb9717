#!/usr/bin/env bash
# The standards of 2026 and 2027–2030 through the real client: 2026 is judged
# by the 2022–2025 standard, 2027 by Decree 351/2025's (2,800,000 urban,
# 2,200,000 rural, its own 14 indicators) at each boundary (on the line, one
# đồng over, exactly 3 deprivations, 2); one household assessed for 2026 and
# 2027 shows two classifications by two rule sets; a year no standard covers
# and an indicator the year's standard does not count are refused, naming
# the year. (Neither standard has an income-only line: tests/sql/96.)
. "$(dirname "$0")/../lib/common.sh"

plan 21

token ak ward AK
start_daemon

for n in 1 2 3 4 5 6 7; do
	ans ak household add --code AK-S$n --head "Hộ Thử $n" --status none --since 2022-01-10 >/dev/null ||
		echo "# setup AK-S$n failed"
done

# class HOUSEHOLD YEAR: "standard class" of each classification (the last
# CSV field of assess show)
class() {
	ans ak --format csv assess show "$1" --year "$2" | tail -n 1 | awk -F, '{ print $NF }'
}

# --- 2026: the 2022–2025 standard
run ans ak assess add --household AK-S1 --year 2026 --on 2026-09-15 --income 2,000,000 \
	--deprived employment,water,telecom
is "$RC" 0 "assess add --year 2026 is accepted"
is "$(class AK-S1 2026)" "central-2022 poor" "2026, on the 2,000,000 line with 3 deprivations: poor by central-2022"
ans ak assess add --household AK-S2 --year 2026 --on 2026-09-15 --income 2,000,001 \
	--deprived employment,water,telecom >/dev/null
is "$(class AK-S2 2026)" "central-2022 average" "2026, one đồng over: average"
ans ak assess add --household AK-S3 --year 2026 --on 2026-09-15 --income 2,000,000 --deprived employment,water >/dev/null
is "$(class AK-S3 2026)" "central-2022 near-poor" "2026, on the line with 2: near-poor"
run ans ak assess add --household AK-S4 --year 2026 --on 2026-09-15 --income 1 --deprived digital-services
is "$RC" 2 "a 2027 indicator in 2026 is refused"
like "$ERR" "INVALID_ARGUMENT: deprivation 'digital-services' is not an indicator of the urban standard of review year 2026 \(central-2022\)" \
	"naming the indicator, the year and its standard"

# --- 2027: Decree 351/2025
ans ak assess add --household AK-S1 --year 2027 --on 2026-11-20 --income 2,800,000 \
	--deprived digital-services,internet-access,waste-handling >/dev/null
is "$(class AK-S1 2027)" "central-2027 poor" "2027, on the 2,800,000 line with the 3 new indicators: poor"
ans ak assess add --household AK-S2 --year 2027 --on 2026-11-20 --income 2,800,001 \
	--deprived employment,water,telecom >/dev/null
is "$(class AK-S2 2027)" "central-2027 average" "2027, one đồng over: average"
ans ak assess add --household AK-S3 --year 2027 --on 2026-11-20 --income 2,800,000 \
	--deprived employment,internet-access >/dev/null
is "$(class AK-S3 2027)" "central-2027 near-poor" "2027, on the line with 2: near-poor"
ans ak assess add --household AK-S4 --year 2027 --on 2026-11-20 --area rural --income 2,200,000 \
	--deprived nutrition,latrine,waste-handling >/dev/null
is "$(class AK-S4 2027)" "central-2027 poor" "2027 rural, on the 2,200,000 line with 3: poor"
ans ak assess add --household AK-S5 --year 2027 --on 2026-11-20 --area rural --income 2,200,001 \
	--deprived nutrition,latrine,waste-handling >/dev/null
is "$(class AK-S5 2027)" "central-2027 average" "2027 rural, one đồng over: average"
run ans ak assess add --household AK-S6 --year 2027 --on 2026-11-20 --income 1 --deprived information-access,water
is "$RC" 2 "information-access in 2027 is refused"
like "$ERR" "INVALID_ARGUMENT: deprivation 'information-access' is not an indicator of the urban standard of review year 2027 \(central-2027\): use employment, .*waste-handling" \
	"naming the indicators that count"
is "$(sql "SELECT count(*) FROM ansinh.poverty_assessment a JOIN ansinh.household h ON h.id = a.household_id WHERE h.code IN ('AK-S6')")" \
	0 "refused assessments write nothing"

# --- one household, two years, two rule sets
ans ak assess add --household AK-S6 --year 2026 --on 2026-09-15 --income 2,500,000 \
	--deprived employment,nutrition,water >/dev/null
ans ak assess add --household AK-S6 --year 2027 --on 2026-11-20 --income 2,500,000 \
	--deprived employment,nutrition,water >/dev/null
is "$(class AK-S6 2026) / $(class AK-S6 2027)" "central-2022 average / central-2027 poor" \
	"the same income and deprivations: average in 2026, poor in 2027"
run ans ak assess show AK-S6 --year 2027
like "$OUT" "income 2,500,000 ≤ 2,800,000 and 3 deprivations: employment, nutrition, domestic water" \
	"the reason names the 2027 line"
run ans ak --format csv assess list --year 2027
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 6 "assess list --year 2027: six rows, one standard each"

# --- a year no standard covers
run ans ak assess add --household AK-S6 --year 2021 --on 2021-06-01 --income 1
is "$RC" 2 "a year no standard covers is refused"
like "$ERR" "INVALID_ARGUMENT: review year 2021: no poverty standard covers urban households in 2021 \(the standards cover 2022 to 2026, 2027 to 2030\); a district session adds one with 'ansinh standard add'" \
	"naming the year, what is covered and how to add one"

# --- an assessment CSV of 2027 without the information-access column
cat >"$ANSINH_WORK/s2027.csv" <<'CSV'
household,year,assessed_on,area,income_vnd,employment,dependants,nutrition,health-insurance,adult-education,child-schooling,housing-quality,housing-area,water,latrine,telecom,digital-services,internet-access,waste-handling
AK-S7,2027,2026-11-25,urban,2000000,,,,,,,,,x,,,x,x,
CSV
run ans ak import assessments "$ANSINH_WORK/s2027.csv"
is "$RC" 0 "a 2027–2030 review file needs no information-access column"
is "$(class AK-S7 2027)" "central-2027 poor" "and is judged by the 2027–2030 standard"
