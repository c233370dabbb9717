#!/usr/bin/env bash
# Poverty standards as data and the classification at its boundaries, through
# the real client: the seeded central standard, the city's added by the
# district, and households exactly on the line, one đồng over, with exactly
# 3 deprivations, rural against urban, and two standards disagreeing — each
# answered by the daemon exactly as psql shows it.
. "$(dirname "$0")/../lib/common.sh"

plan 49

token ak ward AK
token district district
start_daemon

# --- the seeded central standard and the indicators
run ans ak --format csv standard list
is "$RC" 0 "standard list"
is "$(printf '%s\n' "$OUT" | head -n 1)" \
	"code,area,scope,from,to,line,near_poor_ceiling,average_ceiling,deprivations,name" "standard list columns"
like "$OUT" "central-2022,rural,central,2022-01-01,2026-12-31,1500000,1500000,2250000,3," \
	"central 2022–2025 (also 2026), rural: 1,500,000, ceiling 2,250,000, 3 deprivations"
like "$OUT" "central-2022,urban,central,2022-01-01,2026-12-31,2000000,2000000,3000000,3," \
	"central 2022–2025 (also 2026), urban: 2,000,000, ceiling 3,000,000, 3 deprivations"
like "$OUT" "central-2027,urban,central,2027-01-01,2030-12-31,2800000,2800000,4200000,3," \
	"central 2027–2030, urban: 2,800,000"
like "$OUT" "central-2027,rural,central,2027-01-01,2030-12-31,2200000,2200000,3300000,3," \
	"central 2027–2030, rural: 2,200,000"
run ans ak --format csv standard indicators --standard central-2022
is "$(printf '%s\n' "$OUT" | head -n 1)" "standard,position,code,dimension,name,name_vi" "indicator columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 12 "twelve indicators in 2022–2025"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f3 | paste -sd '|')" \
	"employment|dependants|nutrition|health-insurance|adult-education|child-schooling|housing-quality|housing-area|water|latrine|telecom|information-access" \
	"the database's indicator codes are the client's words, in order"
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f4 | sort -u | wc -l | tr -d ' ')" 6 "in six dimensions"
run ans ak --format csv standard indicators --year 2027
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1,3 | paste -sd '|')" \
	"central-2027,employment|central-2027,dependants|central-2027,nutrition|central-2027,health-insurance|central-2027,adult-education|central-2027,child-schooling|central-2027,housing-quality|central-2027,housing-area|central-2027,water|central-2027,latrine|central-2027,telecom|central-2027,digital-services|central-2027,internet-access|central-2027,waste-handling" \
	"2027: fourteen indicators, access to information gone, digital services, internet and waste added"
run ans ak standard indicators --standard central-2031
like "$RC:$ERR" "^2:ansinh: no standard central-2031" "an unknown standard is an error"

# --- adding the city's standard: district only, checked on both ends
run ans ak standard add --code danang-2022 --name "Chuẩn nghèo Đà Nẵng" --area urban \
	--from 2022-01-01 --to 2025-12-31 --line 2,500,000
is "$RC" 2 "a ward token cannot add a standard"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans district standard add --code danang-2022 --name "Chuẩn nghèo thành phố Đà Nẵng 2022–2025" \
	--area urban --from 2022-01-01 --to 2025-12-31 --line 2,500,000 --note "Nghị quyết của HĐND thành phố"
is "$RC" 0 "the district adds the city's standard (urban)"
SID=$OUT
like "$SID" '^[0-9a-f]{8}-[0-9a-f]{4}-7' "standard add prints the row's id"
is "$(sql "SELECT scope||'|'||income_line_vnd||'|'||near_poor_ceiling_vnd||'|'||average_ceiling_vnd||'|'||min_deprivations||'|'||created_by FROM ansinh.poverty_standard WHERE code = 'danang-2022'")" \
	"city|2500000|2500000|3750000|3|district" "stored with the default ceilings and who added it"
run ans district standard add --code danang-2022 --name "Chuẩn nghèo thành phố Đà Nẵng 2022–2025" \
	--area urban --from 2022-01-01 --to 2025-12-31 --line 2.500.000 --note "Nghị quyết của HĐND thành phố"
is "$RC:$OUT" "0:$SID" "adding it again with the same content is OK and answers the same id"
run ans district standard add --code danang-2022 --name "Chuẩn nghèo thành phố Đà Nẵng 2022–2025" \
	--area urban --from 2022-01-01 --to 2025-12-31 --line 2,600,000
is "$RC" 2 "the same standard with another line is refused"
like "$ERR" "ALREADY_EXISTS.*never changed" "with ALREADY_EXISTS: standards are never changed"
run ans district standard add --code x --name y --area urban --from 2022-01-01 --to 2025-12-31 --line 2,50,000
is "$RC" 1 "a badly grouped amount is refused before sending"
like "$ERR" "^ansinh: --line: must be a whole amount in VND" "naming the flag"
run ans district standard add --code "Đà-Nẵng" --name y --area urban --from 2022-01-01 --to 2025-12-31 --line 1
like "$RC:$ERR" "^1:ansinh: --code: may only contain lower-case" "a bad standard code is refused, naming --code"
run ans district standard add --code x --name y --area urban --from 2026-01-01 --to 2025-12-31 --line 1
like "$RC:$ERR" "^1:.*--to must not be before --from" "validity backwards is refused"
run ans district standard add --code x --name y --area urban --from 2022-01-01 --to 2025-12-31 --line 1 --deprivations 13
like "$RC:$ERR" "^1:ansinh: --deprivations: must be between 1 and 12" "more than 12 deprivations is refused"
run ans district --format csv standard list --year 2026
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort -u | paste -sd '|')" "central-2022" "2026: the 2022–2025 standard"
run ans district --format csv standard list --year 2031
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 0 "no standard applies in 2031"

# --- the boundaries (review year 2024, both standards apply)
hh() { ans ak household add --code "$1" --head "$2" --status poor --since 2023-01-01 >/dev/null; }
hh B-LINE "Hộ Trên Ngưỡng"
hh B-OVER "Hộ Một Đồng"
hh B-TWO "Hộ Hai Thiếu"
hh B-RURAL "Hộ Nông Thôn"
hh B-RURAL-OVER "Hộ Nông Thôn Hơn"
hh B-URBAN "Hộ Thành Thị"
assess() { ans ak assess add --household "$1" --year 2024 --on 2024-11-05 --income "$2" --area "$3" --deprived "$4"; }
run assess B-LINE 2,000,000 urban employment,nutrition,health-insurance
is "$RC" 0 "assess add exits 0"
like "$OUT" '^[0-9a-f]{8}-[0-9a-f]{4}-7' "assess add prints a UUIDv7"
assess B-OVER 2,000,001 urban employment,nutrition,health-insurance >/dev/null
assess B-TWO 2,000,000 urban employment,nutrition >/dev/null
assess B-RURAL 1,500,000 rural water,latrine,telecom >/dev/null
assess B-RURAL-OVER 1,500,001 rural water,latrine,telecom >/dev/null
assess B-URBAN 1,500,001 urban water,latrine,telecom >/dev/null
is "$(sql "SELECT count(*) FROM ansinh.poverty_assessment")" 6 "six assessments recorded"

# class under a standard, from `assess show` in JSON (one classification per line)
cls() { ans ak --format json assess show "$1" | perl -MJSON::PP -e '
	my $d = decode_json(join "", <STDIN>);
	for (@{$d->{classifications}}) { print "$_->{standard} $_->{class}\n" if $_->{standard} eq $ARGV[0] }' "$2"; }
reason() { ans ak --format json assess show "$1" | perl -MJSON::PP -e '
	binmode STDOUT, ":utf8";
	my $d = JSON::PP->new->utf8->decode(join "", <STDIN>);
	for (@{$d->{classifications}}) { print "$_->{reason}\n" if $_->{standard} eq $ARGV[0] }' "$2"; }

is "$(cls B-LINE central-2022)" "central-2022 poor" "exactly on the line with exactly 3 deprivations: poor"
is "$(reason B-LINE central-2022)" \
	"income 2,000,000 ≤ 2,000,000 and 3 deprivations: employment, nutrition, health insurance" \
	"and the reason says so, amounts with thousands separators"
is "$(cls B-OVER central-2022)" "central-2022 average" "one đồng over the line: average living standard"
is "$(reason B-OVER central-2022)" "income 2,000,001 > 2,000,000 and ≤ 3,000,000 (average living standard)" \
	"with its reason"
is "$(cls B-OVER danang-2022)" "danang-2022 poor" "two standards disagree: the same household is poor by the city's"
is "$(cls B-TWO central-2022)" "central-2022 near-poor" "on the line with 2 deprivations: near-poor"
is "$(reason B-TWO central-2022)" \
	"income 2,000,000 ≤ 2,000,000 and 2 deprivations, fewer than 3: employment, nutrition" "with its reason"
is "$(cls B-RURAL central-2022)" "central-2022 poor" "rural, exactly on the rural line: poor"
is "$(cls B-RURAL-OVER central-2022)" "central-2022 average" "rural, one đồng over the rural line: average"
is "$(cls B-URBAN central-2022)" "central-2022 poor" "the same income and deprivations in an urban area: poor"
is "$(cls B-RURAL danang-2022)" "" "the city's standard has no rural row: no classification by it"

# --- psql shows the same
# "household,class" pairs of an `assess list` in JSON, sorted
pairs() { perl -MJSON::PP -e 'my $d = decode_json(join "", <STDIN>);
	print join(" ", sort map { "$_->{household},$_->{class}" } @$d), "\n"'; }
run ans ak --format csv assess list --year 2024 --standard central-2022
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,household,head,year,area,income,deprivations,standard,class,reason,id" \
	"assess list columns"
LISTED=$(ans ak --format json assess list --year 2024 --standard central-2022 | pairs)
is "$LISTED" "B-LINE,poor B-OVER,average B-RURAL,poor B-RURAL-OVER,average B-TWO,near-poor B-URBAN,poor" \
	"assess list: every class"
is "$(sql "SELECT string_agg(household_code||','||classification, ' ' ORDER BY household_code) FROM ansinh.poverty_classification WHERE standard_code = 'central-2022'")" \
	"$LISTED" "the view ansinh.poverty_classification says exactly what the daemon answered"
is "$(sql_as analyst "SELECT reason FROM ansinh.poverty_classification WHERE household_code = 'B-LINE' AND standard_code = 'central-2022'")" \
	"$(reason B-LINE central-2022)" "an analyst reads the same reason with psql"
is "$(ans ak --format json assess list --year 2024 --class poor --standard danang-2022 | pairs)" \
	"B-LINE,poor B-OVER,poor B-URBAN,poor" "assess list --class poor --standard danang-2022"
run ans ak --format json assess list --year 2024
perl -MJSON::PP -e 'my $d = decode_json(join "", <STDIN>); exit(@$d == 10 ? 0 : 1)' <<<"$OUT"
ok $? "assess list in JSON: one valid document, one object per assessment and standard (10)"
run ans ak assess list --class rich
like "$RC:$ERR" "^1:ansinh: --class: must be one of poor\|near-poor\|average\|above-average" \
	"an unknown class is refused, listing the words"

# --- the new request types are counted by name
like "$(http_get "$ADMIN" /metrics)" 'ansinh_requests_total\{type="standard_create",code="PERMISSION_DENIED"\} 1' \
	"/metrics counts the family's requests by name (field numbers past 64)"
