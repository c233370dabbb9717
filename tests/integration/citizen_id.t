#!/usr/bin/env bash
# A citizen ID (CCCD) that disagrees with the member is refused at entry
# (0025): its century/sex digit against the sex and the birth year, its
# first three digits against the province codes; the message names both
# fields. member add, member update (the member as it would be) and
# import members (per row, the other rows written).
. "$(dirname "$0")/../lib/common.sh"

plan 11

token ak ward AK
start_daemon

ans ak household add --code AK-1 --head "Nguyễn Văn Một" --status poor --since 2023-01-05 >/dev/null

run ans ak member add --household AK-1 --name "Nguyễn Văn Một" --born 1960-04-02 --sex male \
	--citizen-id 048060000123 --relation head
is "$RC" 0 "a matching ID (048 Đà Nẵng, 0 = male born in the 1900s, 60) is accepted"
mid=$OUT

run ans ak member add --household AK-1 --name "Trần Thị Hai" --born 1962-01-01 --sex female \
	--citizen-id 048062000124 --relation spouse
like "$RC:$ERR" "^2:.*citizen ID 048062000124 and sex disagree: its 4th digit 0 is that of a male, the sex given is female" \
	"a woman's ID with a man's digit: refused, naming the ID and the sex"
run ans ak member add --household AK-1 --name "Trần Thị Hai" --born 1962-01-01 --sex female \
	--citizen-id 048163000124 --relation spouse
like "$RC:$ERR" "^2:.*citizen ID 048163000124 and birth date disagree: its digits 4–6 \\(163\\) say born in 1963, the birth date is 1962-01-01" \
	"one year off: refused, naming the ID and the birth date"
run ans ak member add --household AK-1 --name "Nguyễn Văn Ba" --born 2005-06-01 --sex male \
	--citizen-id 048005000125 --relation child
like "$RC:$ERR" "^2:.*its digits 4–6 \\(005\\) say born in 1905" "the century digit counts (0: the 1900s; 2005 needs 2)"
run ans ak member add --household AK-1 --name "Nguyễn Văn Ba" --born 2005-06-01 --sex male \
	--citizen-id 100205000125 --relation child
like "$RC:$ERR" "^2:.*citizen ID 100205000125 is not valid: it begins with 100, which is not a province code" \
	"an unreal province code is refused"
run ans ak member add --household AK-1 --name "Nguyễn Văn Ba" --born 2005-06-01 --sex male \
	--citizen-id 049205000125 --relation child
is "$RC" 0 "049 (Quảng Nam), 2 = male born in the 2000s: accepted"

run ans ak member update "$mid" --sex female
like "$RC:$ERR" "^2:.*citizen ID 048060000123 and sex disagree" "update: a new sex that disagrees with the ID is refused"
run ans ak member update "$mid" --born 1961-04-02
like "$RC:$ERR" "^2:.*citizen ID 048060000123 and birth date disagree" "and a new birth date"
is "$(sql "SELECT sex||' '||birth_date FROM ansinh.person WHERE id = '$mid'")" "male 1960-04-02" "the member is unchanged"

cat >"$T_DIR/members.csv" <<'CSV'
ward,household,full_name,birth_date,sex,citizen_id,relation
AK,AK-1,Lê Thị Bốn,1990-03-03,female,048190000126,other
AK,AK-1,Lê Văn Năm,1991-03-03,male,048191000127,other
CSV
run ans ak import members "$T_DIR/members.csv"
like "$ERR" "members.csv:3: INVALID_ARGUMENT: citizen ID 048191000127 and sex disagree" "import reports the mismatched row by its line"
is "$(sql "SELECT string_agg(full_name, ',') FROM ansinh.person WHERE full_name LIKE 'Lê %'")" "Lê Thị Bốn" \
	"and writes the others"

t_finish
