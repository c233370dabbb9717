#!/usr/bin/env bash
# `ansinh review status`: on 2 December, how far the review that closes on
# 14 December has come, per ward and today's unit — due (poor or near-poor
# now), assessed, missing, added, recognized, outside the 1 Sep – 14 Dec
# window; a ward token sees its own ward only.
. "$(dirname "$0")/../lib/common.sh"

plan 8

token ak ward AK
token district district
start_daemon

ans ak household add --code R1 --head "Hộ Một" --status poor --since 2023-01-05 >/dev/null
ans ak household add --code R2 --head "Hộ Hai" --status near-poor --since 2023-01-05 >/dev/null
ans ak household add --code R3 --head "Hộ Ba" --status none --since 2023-01-05 >/dev/null
ans ak household add --code R4 --head "Hộ Bốn" --status poor --since 2023-01-05 >/dev/null
ans district household add --ward KD --code K1 --head "Hộ Khê" --status poor --since 2023-01-05 >/dev/null
ans ak assess add --household R1 --year 2027 --on 2026-11-20 --income 1,500,000 \
	--deprived employment,water,internet-access >/dev/null
ans ak assess add --household R3 --year 2027 --on 2026-08-20 --income 2,000,000 >/dev/null
ok $? "setup: two AK households assessed for 2027, one of them in August (outside the window)"

run ans district --format csv review status --year 2027
is "$RC" 0 "review status"
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,name,unit,due,assessed,due_assessed,missing,added,recognized,outside_window,requests,requests_open" "its columns"
is "$(printf '%s\n' "$OUT" | tail -n +2)" "AK,An Khê,AKW,3,2,1,2,1,0,1,0,0
KD,Thanh Khê Đông,TKW,1,0,0,1,0,0,0,0,0" \
	"AK: 3 due, 1 of them assessed, 2 missing, 1 added, 1 outside the window; KD: 1 missing — with today's units"
run ans district assess recognize R1 --ward AK --year 2027 --on 2026-12-01
is "$RC" 0 "setup: the district recognizes R1's 2027 result"
run ans ak --format csv review status --year 2027
is "$(printf '%s\n' "$OUT" | tail -n +2)" "AK,An Khê,AKW,3,2,1,2,1,1,1,0,0" "a ward token sees its ward only, the recognition counted"
run ans ak review status --year 2027 --ward KD
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "and not another ward"
run ans ak review status
like "$RC:$ERR" "^1:ansinh: missing required flag --year" "the year is required"
