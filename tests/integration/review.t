#!/usr/bin/env bash
# The yearly review end to end: the expected-exit list, case files (texts,
# plan of solutions, dated notes), and the poverty report across three years
# — entries, exits with their breakdown, the expected list's outcome — the
# same from the client and from psql.
. "$(dirname "$0")/../lib/common.sh"

plan 54

token ak ward AK
token kd ward KD
token district district
token auditor auditor
start_daemon

ans district standard add --code danang-2022 --name "Chuẩn nghèo thành phố Đà Nẵng 2022–2025" --area urban \
	--from 2022-01-01 --to 2025-12-31 --line 2,500,000 >/dev/null
ok $? "setup: the city's standard"

# --- households and three years of reviews
#   R-1 (especially difficult) poor 2023 -> near-poor 2024 -> poor again 2025
#   R-2 poor 2023 -> 2,200,000 with 4 deprivations in 2024: average by central, poor by the city's
#   R-3 near-poor 2023 -> above average 2024
#   R-4 average 2023 -> poor 2024
#   R-5 poor 2023, not assessed in 2024
#   K-1 (Thanh Khê Đông) poor 2023 -> 2,100,000 without deprivations 2024
hh() { ans "$1" household add --code "$2" --head "$3" --status "$4" --since 2022-02-01 ${5:+"$5"} >/dev/null; }
hh ak R-1 "Trương Văn Một" poor --special-difficulty
hh ak R-2 "Lê Thị Hai" poor
hh ak R-3 "Phạm Văn Ba" near-poor
hh ak R-4 "Võ Thị Bốn" none
hh ak R-5 "Đỗ Văn Năm" poor
hh kd K-1 "Hoàng Thị Hòa" poor
assess() { ans "$1" assess add --household "$2" --year "$3" --on "$3-11-05" --income "$4" --deprived "$5" >/dev/null; }
assess ak R-1 2023 1,800,000 employment,nutrition,water &&
	assess ak R-1 2024 1,900,000 water &&
	assess ak R-1 2025 1,200,000 employment,nutrition,water,latrine &&
	assess ak R-2 2023 1,500,000 water,latrine,telecom,housing-area &&
	assess ak R-2 2024 2,200,000 water,latrine,telecom,housing-area &&
	assess ak R-3 2023 1,000,000 none &&
	assess ak R-3 2024 3,500,000 none &&
	assess ak R-4 2023 2,600,000 none &&
	assess ak R-4 2024 1,000,000 employment,dependants,nutrition &&
	assess ak R-5 2023 900,000 employment,dependants,nutrition,water &&
	assess kd K-1 2023 1,400,000 employment,dependants,nutrition &&
	assess kd K-1 2024 2,100,000 none
ok $? "setup: twelve assessments over three years"

# --- the expected-exit list
for c in R-1 R-2 R-5 R-3; do ans ak household expect-exit "$c" --year 2024 >/dev/null || break; done
ok $? "four AK households put on the 2024 expected-exit list"
run ans ak household expect-exit R-1 --year 2024 --note "cần tủ kính bán hàng"
is "$RC" 0 "a note added to an entry"
is "$(sql "SELECT count(*)||'|'||max(note) FROM ansinh.expected_exit e JOIN ansinh.household h ON h.id = e.household_id WHERE h.code = 'R-1'")" \
	"1|cần tủ kính bán hàng" "still one entry, now with its note"
run ans ak household expect-exit R-3 --year 2024 --withdraw
is "$RC" 0 "R-3 taken off the list"
ans kd household expect-exit K-1 --year 2024 >/dev/null
ok $? "K-1 on Thanh Khê Đông's list"
run ans ak --format csv household list --expect-exit 2024
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2 | paste -sd ' ')" "R-1 R-2 R-5" \
	"household list --expect-exit 2024: the listed, not the withdrawn"
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,code,head,group,status,since,policy,special,members,id" "with the list's columns"
run ans ak --format csv household list --expect-exit 2024 --status poor
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 3 "combined with --status"
run ans ak --format csv household list --expect-exit 2025
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 0 "nobody listed for 2025"
run ans district --format csv household list --expect-exit 2024
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1,2 | paste -sd ' ')" "AK,R-1 AK,R-2 AK,R-5 KD,K-1" \
	"the district sees every ward's list"
run ans ak household expect-exit R-4 --year 2024
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: household R-4 is neither poor nor near-poor" \
	"a household that is neither poor nor near-poor cannot be listed"
run ans ak household expect-exit R-4 --year 2024 --withdraw
like "$RC:$ERR" "^2:.*NOT_FOUND: household R-4 is not on the expected-exit list of 2024" "nor withdrawn"
run ans kd household expect-exit R-1 --year 2024 --ward AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "another ward cannot touch AK's list"
run ans ak household list --expect-exit 99
like "$RC:$ERR" "^1:ansinh: --expect-exit: must be a year from 2000 to 2100" "a bad year is refused before sending"

# --- the report, 2024
run ans ak --format csv report poverty --year 2024
is "$RC" 0 "report poverty"
is "$(printf '%s\n' "$OUT" | head -n 1)" \
	"ward,standard,poor,near_poor,poor_entries,poor_exits,poor_exits_special,poor_exits_central_poor,near_poor_entries,near_poor_exits,near_poor_exits_special,expected,expected_exited,expected_remained,expected_not_assessed" \
	"report columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | paste -sd ' ')" \
	"AK,central-2022,2,1,1,2,1,2,1,1,0,3,2,0,1 AK,danang-2022,3,1,1,1,1,1,1,1,0,3,1,1,1" \
	"a ward token: its own ward, by each standard"
run ans district --format csv report poverty --year 2024
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 26 "the district: twelve ward codes (ten old, TH and AN) and a total, by two standards"
like "$OUT" "KD,central-2022,0,0,0,1,0,1,0,0,0,1,1,0,0" "Thanh Khê Đông: K-1 escaped poverty as expected"
like "$OUT" "KD,danang-2022,0,1,0,1,0,1,1,0,0,1,1,0,0" "by the city's standard K-1 is near-poor now"
like "$OUT" "all,central-2022,2,1,1,3,1,3,1,1,0,4,3,0,1" "the total row adds the wards"
like "$OUT" "TT,central-2022,0,0,0,0,0,0,0,0,0,0,0,0,0" "a ward without households reports zeros"
run ans district --format csv report poverty --year 2024 --ward KD
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 2 "--ward: that ward only, no total"
is "$(sql_as analyst "SELECT string_agg(concat_ws(',', coalesce(ward_code, 'all'), standard_code, poor, near_poor, poor_entries, poor_exits, poor_exits_special_difficulty, poor_exits_central_poor, near_poor_entries, near_poor_exits, near_poor_exits_special_difficulty, expected_exits, expected_exited, expected_remained, expected_not_assessed), ' ' ORDER BY ward_code NULLS LAST, standard_code) FROM ansinh.poverty_report(2024) WHERE ward_code IN ('AK', 'KD') OR ward_code IS NULL")" \
	"$(ans district --format csv report poverty --year 2024 | grep -E '^(AK|KD|all),' | paste -sd ' ')" \
	"an analyst's psql query of ansinh.poverty_report gives the same figures"
is "$(sql_as analyst "SELECT poor_exits||'/'||poor_exits_special_difficulty||'/'||poor_exits_central_poor||'/'||near_poor_exits FROM ansinh.poverty_exits(2024) WHERE ward_code = 'AK' AND standard_code = 'central-2022'")" \
	"2/1/2/1" "ansinh.poverty_exits: the targets' metrics"
is "$(sql_as analyst "SELECT string_agg(household_code||':'||outcome, ' ' ORDER BY household_code) FROM ansinh.expected_exit_outcome(2024) WHERE standard_code = 'danang-2022'")" \
	"K-1:exited R-1:exited R-2:remained R-5:not-assessed" "ansinh.expected_exit_outcome by the city's standard"

# --- across years
run ans ak --format csv report poverty --year 2025
like "$OUT" "AK,central-2022,3,0,1,0,0,0,0,0,0,0,0,0,0" "2025: R-1 fell back into poverty (an entry), nobody exited"
run ans ak --format csv report poverty --year 2022
like "$OUT" "AK,central-2022,0,0,,,,,,,,0,,," "2022: the standard's first year, entries and exits left blank"
run ans ak --format json report poverty --year 2022
perl -MJSON::PP -e 'my $d = decode_json(join "", <STDIN>); exit(!defined $d->[0]{poor_exits} && $d->[0]{poor} == 0 ? 0 : 1)' <<<"$OUT"
ok $? "in JSON those are null"
run ans ak report poverty --year 2031
like "$RC:$ERR" "^0:ansinh: no poverty standard applies in 2031" "a year without a standard says so"
run ans ak report poverty
like "$RC:$ERR" "^1:ansinh: missing required flag --year" "the year is required"

# --- case files
run ans ak casefile show R-1
is "$RC" 0 "casefile show before anything was written"
like "$OUT" "2024  yes     cần tủ kính bán hàng" "it already lists the expected-exit entry"
run ans ak casefile set R-1 --circumstances "Chồng khuyết tật nặng; hai con đi học" --living-conditions "Nhà thuê 12 m², dột"
is "$RC" 0 "casefile set"
CFID=$OUT
run ans ak casefile set R-1 --living-conditions "Nhà thuê 12 m²"
is "$RC:$OUT" "0:$CFID" "set again changes it, keeping the case file's id"
ITEM=$(ans ak casefile plan-add R-1 --kind livelihood --description "Tủ kính bày bán thức ăn" --due 2025-03-01)
ok $? "plan-add"
ans ak casefile plan-add R-1 --kind housing --description "Sửa mái nhà" --status in-progress >/dev/null
run ans ak casefile plan-update "$ITEM" --status done --due ''
is "$RC:$OUT" "0:$ITEM" "plan-update: done, due date cleared"
run ans ak casefile plan-update "$ITEM"
like "$RC:$ERR" "^1:ansinh: nothing to change" "plan-update needs a change"
run ans ak casefile plan-update 01900000-0000-7000-8000-000000000000 --status done
like "$RC:$ERR" "^2:.*NOT_FOUND" "an unknown plan item"
run ans ak casefile plan-add R-1 --kind lottery --description x
like "$RC:$ERR" "^1:ansinh: --kind: must be one of livelihood\|housing" "an unknown kind"
run ans ak casefile plan-add R-1 --kind loan --description "$(printf 'x%.0s' $(seq 1 501))"
like "$RC:$ERR" "^1:ansinh: --description: is longer than 500 characters" "a description too long"
ans ak casefile note R-1 --date 2024-01-15 --text "Đối thoại đầu năm: cần vốn mua tủ kính" >/dev/null &&
	ans ak casefile note R-1 --date 2024-06-02 --text "$(printf 'Thăm hộ.\nĐã nhận tủ kính.')" >/dev/null
ok $? "two dated notes (one on two lines)"
run ans ak casefile note R-1 --date 2099-01-01 --text "x"
like "$RC:$ERR" "^1:ansinh: --date: must not be in the future" "a note in the future"
run ans ak casefile note R-1 --text ""
like "$RC:$ERR" "^1:ansinh: --text: must not be empty" "an empty note"
run ans ak --format json casefile show R-1
is "$(perl -MJSON::PP -e 'my $d = JSON::PP->new->utf8->decode(join "", <STDIN>); binmode STDOUT, ":utf8";
	print join("|", $d->{status}, $d->{living_conditions}, scalar @{$d->{expected}}, join(",", map { "$_->{kind}:$_->{status}" } @{$d->{plan}}),
	           join(",", map { $_->{noted_on} } @{$d->{notes}}))' <<<"$OUT")" \
	"poor|Nhà thuê 12 m²|1|livelihood:done,housing:in-progress|2024-01-15,2024-06-02" \
	"casefile show in JSON: one document with the texts, the expected list, the plan and the notes in date order"
run ans ak --format csv casefile show R-1
is "$(printf '%s\n' "$OUT" | head -n 1)" \
	"ward,code,head,status,circumstances,living_conditions,updated_at,id,expected,plan,notes" "casefile show CSV columns"
like "$OUT" "2024 listed,livelihood done Tủ kính bày bán thức ăn \($ITEM\); housing in-progress Sửa mái nhà" \
	"in CSV the lists are flattened"
run ans kd casefile show R-1 --ward AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "another ward cannot read the case file"
run ans auditor casefile show R-1 --ward AK
is "$RC" 0 "an auditor can"
run ans auditor casefile note R-1 --ward AK --text "x"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "but cannot add to it"
is "$(sql "SELECT string_agg(DISTINCT table_name, ',' ORDER BY table_name) FROM ansinh.audit_event WHERE table_name LIKE 'casefile%' OR table_name = 'expected_exit'")" \
	"casefile,casefile_note,casefile_plan_item,expected_exit" "every case file write is audited"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'expected_exit' AND action = 'update'")" 2 \
	"including the changes of the expected-exit list (a note, a withdrawal)"
