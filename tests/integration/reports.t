#!/usr/bin/env bash
# The office's reports through the client (ansinh.report, 0066): a small
# district-year entered with the real client — two wards, needs, supports
# from two funds and a sponsor, one reversed, a programme, pairings, job
# events, targets — and each figure counted by hand; every format (table
# in English and Vietnamese, CSV and JSON parsed and compared with each
# other and with psql as the analyst); the period and unit filters; a ward
# token's own figures; bad flags.
. "$(dirname "$0")/../lib/common.sh"

plan 33

token ak ward AK
token th ward TH
token district district
start_daemon

# H1 (AK, policy, poor), H2 (AK, especially difficult, near-poor, member
# disabled), H3 (HK, poor).
ans ak household add --code R1 --head "Hộ Một" --status poor --since 2022-01-05 --policy >/dev/null &&
ans ak household add --code R2 --head "Hộ Hai" --status near-poor --since 2022-01-05 --special-difficulty >/dev/null &&
ans district household add --ward HK --code R3 --head "Hộ Ba" --status poor --since 2022-01-05 >/dev/null &&
M2=$(ans ak member add --household R2 --name "Trần Thị Hai" --relation spouse --disability severe) &&
ORG=$(ans district org add --name "Nhà tài trợ R" --kind business) &&
N1=$(ans ak need add --household R1 --kind livelihood-equipment --description "Tủ bày hàng" --estimate 6000000 --date 2023-02-01) &&
ans district need add --ward HK --household R3 --kind livelihood-equipment --description "Máy may" --estimate 7000000 --date 2023-05-01 >/dev/null &&
ans district need verify "$N1" --ward AK --date 2023-02-05 >/dev/null &&
ans district need approve "$N1" --ward AK --date 2023-02-10 >/dev/null &&
ans district support add --ward AK --household R1 --kind livelihood-equipment --description "Tủ bày hàng" \
	--amount 10,000,000 --date 2023-03-01 --fund gratitude --need "$N1" >/dev/null &&
ans district support add --ward AK --household R1 --kind assistive-device --description "Xe lăn" \
	--amount 3,000,000 --date 2023-04-10 --fund social-assurance >/dev/null &&
ans district support add --ward AK --household R2 --member "$M2" --kind orthopaedic-aid --description "Nẹp chân" \
	--amount 2,000,000 --date 2023-07-05 --fund gratitude >/dev/null &&
S4=$(ans district support add --ward HK --household R3 --kind livelihood-equipment --description "Xe đẩy" \
	--amount 4,000,000 --date 2023-08-01 --fund poor-fund) &&
ans district support reverse "$S4" --ward HK --reason "nhập nhầm" --date 2023-08-15 >/dev/null &&
ans district support add --ward HK --household R3 --kind house-new --description "Nhà đại đoàn kết" \
	--amount 50,000,000 --date 2023-09-01 --org "$ORG" >/dev/null &&
PG=$(ans ak program add --name "Chợ 0 đồng R" --org "$ORG" --kind produce-market) &&
ans ak distribution add --program "$PG" --date 2023-03-05 --beneficiaries 10 --goods "Rau:10:kg:500000" \
	--household R1 --household R2 >/dev/null &&
ans ak distribution add --program "$PG" --date 2023-06-05 --beneficiaries 5 --goods "Gạo:5:kg:300000" \
	--household R1 >/dev/null &&
ans ak pairing add --org "$ORG" --household R2 --year 2023 --signed 2023-03-01 >/dev/null &&
ans ak job add --kind job-placement --name "Người Một" --date 2023-02-10 >/dev/null &&
ans ak job add --kind employment-centre-referral --name "Người Hai" --date 2023-01-20 >/dev/null &&
ans ak job add --kind employment-centre-referral --name "Người Ba" --date 2023-03-25 >/dev/null &&
ans district job add --ward HK --kind vocational-training --name "Người Bốn" --date 2023-05-10 >/dev/null &&
ans district target set --year 2023 --metric job-placements --value 2 >/dev/null &&
ans district target set --year 2023 --ward AK --metric referrals --value 1 >/dev/null
ok $? "setup: the district-year entered with the client"

# ---------------------------------------------------------------- JSON and CSV
run ans district --format json report summary --year 2023
is "$RC" 0 "report summary --format json"
printf '%s\n' "$OUT" >"$T_DIR/summary.json"
fig() { # fig FILE SECTION UNIT KEY ITEM MEASURE — the value, from JSON
	python3 -c '
import json, sys
f, s, u, k, i, m = sys.argv[1:]
v = [x["value"] for x in json.load(open(f))
     if (x["section"], x["unit_code"], x["key"], x["item"], x["measure"]) == (s, u, k, i, m)]
print(v[0] if len(v) == 1 else "missing" if not v else "duplicated")' "$@"
}
J=$T_DIR/summary.json
is "$(fig "$J" livelihood '' all all registered)/$(fig "$J" livelihood '' all all funded)/$(fig "$J" livelihood '' gratitude all funded_vnd)" \
	"2/1/10000000" "livelihood: 1 of 2 funded, 10,000,000 from the Gratitude fund"
is "$(fig "$J" aid '' policy all recipients):$(fig "$J" aid '' policy all vnd) $(fig "$J" aid '' disabled all recipients):$(fig "$J" aid '' disabled gratitude vnd)" \
	"1:3000000 1:2000000" "aid: 1 policy household 3,000,000; 1 disabled person 2,000,000 from Gratitude"
is "$(fig "$J" aid '' poor poor-fund vnd)/$(fig "$J" aid '' poor poor-fund entries)" "0/0" \
	"the reversed entry and its reversal cancel"
is "$(fig "$J" houses HK house-new 'Nhà tài trợ R' houses)/$(fig "$J" houses '' house-new all vnd)" "1/50000000" \
	"one house built in HK by the sponsor, 50,000,000"
is "$(fig "$J" pairings '' all all signed)/$(fig "$J" pairings '' all all special_households_open)" "1/1" "pairings"
is "$(fig "$J" programmes '' 'Chợ 0 đồng R' produce-market sessions)/$(fig "$J" programmes '' all all beneficiaries)/$(fig "$J" programmes '' all all households)/$(fig "$J" programmes '' all all goods_vnd)" \
	"2/15/2/800000" "programmes: 2 sessions, 15 beneficiaries, 2 households, 800,000 of goods"
is "$(fig "$J" employment '' 2023-Q1 employment-centre-referral events)/$(fig "$J" employment '' 2023-Q2 vocational-training events)" \
	"2/1" "employment by quarter"
is "$(fig "$J" support '' all all given_vnd)/$(fig "$J" support '' all all reversed_vnd)/$(fig "$J" support '' all all net_vnd)" \
	"69000000/4000000/65000000" "support given, reversed, net"

run ans district --format csv report summary --year 2023
is "$(printf '%s\n' "$OUT" | head -n 1)" "section,unit_code,unit_name,key,key_name,item,measure,value" "CSV: its columns"
printf '%s\n' "$OUT" >"$T_DIR/summary.csv"
run python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
js = json.load(open(sys.argv[2]))
a = [(r["section"], r["unit_code"], r["unit_name"], r["key"], r["key_name"], r["item"], r["measure"], int(r["value"])) for r in rows]
b = [(x["section"], x["unit_code"], x["unit_name"], x["key"], x["key_name"], x["item"], x["measure"], x["value"]) for x in js]
print("same" if a == b else "differ", len(a))' "$T_DIR/summary.csv" "$J"
like "$OUT" "^same [0-9]+$" "CSV parsed: the same figures as JSON, raw integers"

sql_as analyst "COPY (SELECT * FROM ansinh.report('summary', 2023)) TO STDOUT WITH (FORMAT csv, HEADER)" >"$T_DIR/psql.csv"
run python3 -c '
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline="")))
b = list(csv.reader(open(sys.argv[2], newline="")))
print("same" if a == b else "differ")' "$T_DIR/psql.csv" "$T_DIR/summary.csv"
is "$OUT" "same" "psql as the analyst: SELECT * FROM ansinh.report('summary', 2023) gives the same figures"

# ---------------------------------------------------------------- tables
run ans district report summary --year 2023 --lang en
like "$OUT" "Support given, reversed and net" "table in English: section titles"
like "$OUT" "All +5 +69,000,000 +1 +4,000,000 +65,000,000" "money grouped the English way"
run ans district report summary --year 2023 --lang vi
like "$OUT" "Báo cáo tổng hợp — năm 2023" "table in Vietnamese: the title"
like "$OUT" "Tổng cộng +5 +69\.000\.000 đ +1 +4\.000\.000 đ +65\.000\.000 đ" "money the Vietnamese way"
run env LANG=vi_VN.UTF-8 "$ANSINH" --token-file "$T_DIR/district.token" report funds --year 2023
like "$OUT" "Hỗ trợ theo nguồn quỹ" "the language from LANG"

# ---------------------------------------------------------------- filters
run ans district --format json report funds --year 2023 --quarter 3
printf '%s\n' "$OUT" >"$T_DIR/q3.json"
is "$(fig "$T_DIR/q3.json" funds '' all all given_vnd)/$(fig "$T_DIR/q3.json" funds '' none all net_vnd)" "56000000/50000000" \
	"--quarter 3: 56,000,000 given; 50,000,000 by the sponsor without a fund"
run ans district --format json report support --year 2023
like "$RC:$ERR" "^1:" "an unknown report is a usage error"
run ans district --format json report needs --year 2023 --unit TKW --as-of 2026-12-02
printf '%s\n' "$OUT" >"$T_DIR/tkw.json"
is "$(fig "$T_DIR/tkw.json" needs '' all all needs)" "1" "--unit TKW --as-of 2026-12-02: Hòa Khê's need only"
run ans district --format json report units --year 2023 --as-of 2026-12-02
printf '%s\n' "$OUT" >"$T_DIR/units.json"
is "$(fig "$T_DIR/units.json" units AKW all all support_net_vnd)/$(fig "$T_DIR/units.json" units TKW all all support_net_vnd)" \
	"15000000/50000000" "report units rolled up to the wards of 2026"
run ans district --format json report targets --year 2023
printf '%s\n' "$OUT" >"$T_DIR/targets.json"
is "$(fig "$T_DIR/targets.json" targets '' job-placements all reached)/$(fig "$T_DIR/targets.json" targets '' job-placements all percent)/$(fig "$T_DIR/targets.json" targets '' job-placements all met) $(fig "$T_DIR/targets.json" targets AK referrals all percent)/$(fig "$T_DIR/targets.json" targets AK referrals all met)" \
	"1/50/0 200/1" "targets: placements 1 of 2 (50%, not met); AK's referrals 2 of 1 (200%, met)"
run ans district report targets --year 2023 --lang en
like "$OUT" "Job placements +2 +1 +50% +not met" "report targets as a table: met / not met"

# ---------------------------------------------------------------- scope and errors
run ans ak --format json report summary --year 2023
printf '%s\n' "$OUT" >"$T_DIR/ak.json"
is "$(fig "$T_DIR/ak.json" support '' all all net_vnd)" "15000000" "a ward token: its own ward's figures"
run ans ak report summary --year 2023 --unit HK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED.*a token of ward AK reports on the wards it holds \(AK\), not on unit HK" \
	"and not another unit's"
run ans ak --format json report summary --year 2023 --unit AK
printf '%s\n' "$OUT" >"$T_DIR/ak-unit.json"
is "$RC:$(fig "$T_DIR/ak-unit.json" support '' all all net_vnd)" "0:15000000" "a ward token may name its own unit"
run ans th --format json report summary --year 2023
printf '%s\n' "$OUT" >"$T_DIR/th.json"
is "$RC:$(fig "$T_DIR/th.json" support '' all all net_vnd)" "0:50000000" \
	"a token of Thanh Khê ward (2025): the figures of the wards merged into it (Hòa Khê's house; its reversal nets out)"
run ans th --format json report summary --year 2023 --unit HK
printf '%s\n' "$OUT" >"$T_DIR/th-hk.json"
is "$RC:$(fig "$T_DIR/th-hk.json" support '' all all net_vnd)" "0:50000000" "and may name a unit it holds (HK)"
run ans th report summary --year 2023 --unit AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED.*not on unit AK" "but not An Khê"
run ans district report summary --year 2023 --quarter 2 --from 2023-04-01
like "$RC:$ERR" "^1:.*--quarter cannot be given with --from" "--quarter and --from"
run ans district report summary --year 2023 --from 2023-06-30 --to 2023-04-01
like "$RC:$ERR" "^1:ansinh: --to must not be before --from" "a period backwards is refused before it is sent"
run ans district report summary --year 2023 --unit ZZ
like "$RC:$ERR" "^2:.*NOT_FOUND.*unit 'ZZ' does not exist" "an unknown unit"
