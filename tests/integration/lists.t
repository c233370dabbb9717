#!/usr/bin/env bash
# List filters found by a new user: need list --year (the year surveyed),
# and lists that name a household or a programme that does not exist answer
# NOT_FOUND instead of an empty list (need, pairing, distribution); a
# household that exists but has nothing listed is still an empty list.
. "$(dirname "$0")/../lib/common.sh"

plan 18

token ak ward AK
token cg ward CG
token district district
start_daemon

rows() { printf '%s\n' "$1" | tail -n +2 | grep -c . ; }

ans ak household add --code AK-1 --head "Trương Văn Hoành" >/dev/null &&
	ans ak household add --code AK-2 --head "Lê Thị Hòa" >/dev/null &&
	ans ak need add --household AK-1 --kind livelihood-equipment --description "Tủ kính" --date 2023-04-02 >/dev/null &&
	ans ak need add --household AK-1 --kind house-repair --description "Sửa mái" --date 2024-03-01 >/dev/null &&
	ans ak need add --household AK-2 --kind livelihood-equipment --description "Xe đẩy" --date 2024-05-05 >/dev/null
ok $? "setup: three needs of 2023 and 2024"

run ans ak need list --year 2024
is "$RC:$(rows "$OUT")" "0:2" "need list --year 2024: the needs surveyed in 2024"
run ans ak need list --year 2023 --format csv
like "$OUT" "Tủ kính" "and 2023's"
is "$(rows "$OUT")" 1 "only it"
run ans ak need list --year 1999
like "$RC:$ERR" "^1:ansinh: --year: " "a year out of range"
run ans ak need list --household AK-404
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-404' was not found in ward AK" "need list of an unknown household is NOT_FOUND"
run ans cg need list --household AK-1
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-1' was not found" "another ward's household is not one CG knows"
run ans ak need list --household AK-2 --year 2023
is "$RC:$(rows "$OUT")" "0:0" "a household that exists but has nothing that year: an empty list"
run ans ak pairing list --household AK-404
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-404' was not found in ward AK" "pairing list of an unknown household is NOT_FOUND"
run ans ak pairing list --household AK-2
is "$RC:$(rows "$OUT")" "0:0" "a known household without pairings: an empty list"
run ans ak distribution list --program 01a237be-0000-7000-8000-0000000000ff
like "$RC:$ERR" "^2:.*NOT_FOUND: programme 01a237be-0000-7000-8000-0000000000ff was not found" \
	"distribution list of an unknown programme is NOT_FOUND"
run ans district need list --year 2024 --ward AK
is "$RC:$(rows "$OUT")" "0:2" "the district, for a ward and a year"
run ans ak support list --household AK-404
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-404' was not found" "support list of an unknown household is NOT_FOUND, as before"

# --------------------------------------------------------------- support list --kind, with the member
MID=$(ans ak member add --household AK-1 --name "Trương Văn Hoành" --relation head --disability severe)
ans ak support add --household AK-1 --member "$MID" --kind assistive-device --description "Xe lăn" --amount 2500000 \
	--date 2024-04-01 --fund poor-fund >/dev/null &&
	ans ak support add --household AK-2 --kind cash --description "Tiền Tết" --amount 500000 --date 2024-01-20 \
	--fund poor-fund >/dev/null
ok $? "setup: an assistive device for a member, and cash"
run ans ak --format csv support list --kind assistive-device
is "$RC:$(rows "$OUT")" "0:1" "support list --kind: only that kind"
is "$(printf '%s\n' "$OUT" | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{print $c["member"]"|"$c["kind"]"|"$c["amount_vnd"]}')" \
	"Trương Văn Hoành|assistive-device|2500000" "with the member column"
like "$ERR" "totals: 1 entries, given 2500000 VND" "the totals over that kind only"
run ans ak support list --kind gift
like "$RC:$ERR" "^1:ansinh: --kind: must be one of " "an unknown kind lists the words"
