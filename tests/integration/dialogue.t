#!/usr/bin/env bash
# Dialogues end to end: a ward records a dialogue and who attended (the
# --household flag repeated or comma-separated), needs raised there point
# back to it, district tokens name the ward, wards are kept apart.
. "$(dirname "$0")/../lib/common.sh"

plan 27

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

H2=$(ans ak household add --code AK-2 --head "Lê Thị Hòa") &&
	ans ak household add --code AK-1 --head "Trương Văn Hoành" >/dev/null &&
	ans ak household add --code AK-3 --head "Phạm Văn Ba" >/dev/null &&
	ans cg household add --code CG-1 --head "Đặng Văn Hai" >/dev/null
ok $? "setup: households in AK and CG"

run ans ak dialogue add --date 2024-01-08 --title "Đối thoại với hộ nghèo 2024" \
	--household AK-1 --household "AK-3, $H2" --note "Các hộ nêu nhu cầu sinh kế."
is "$RC" 0 "dialogue add with repeated and comma-separated households"
D1=$OUT
like "$D1" '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-' "prints the dialogue's UUIDv7"
is "$(sql "SELECT ward_code||'|'||held_on||'|'||title FROM ansinh.dialogue WHERE id = '$D1'")" \
	"AK|2024-01-08|Đối thoại với hộ nghèo 2024" "the dialogue is in PostgreSQL, in the token's ward"
is "$(sql "SELECT string_agg(h.code, ' ' ORDER BY h.code) FROM ansinh.dialogue_household d JOIN ansinh.household h ON h.ward_code = d.ward_code AND h.id = d.household_id WHERE d.dialogue_id = '$D1'")" \
	"AK-1 AK-2 AK-3" "three households attended (by code and by id)"

# --- needs raised there
run ans ak need add --household AK-1 --kind livelihood-equipment --description "tủ kính" --date 2024-01-08 --dialogue "$D1"
is "$RC" 0 "a need raised at the dialogue"
N1=$OUT
is "$(sql "SELECT dialogue_id FROM ansinh.need WHERE id = '$N1'")" "$D1" "points back to it"
run ans ak --format json need show "$N1"
like "$OUT" "\"dialogue\": *\"$D1\"" "need show names the dialogue"
run ans ak need add --household AK-1 --kind job --description "việc làm" --dialogue 01a20000-0000-7000-8000-000000000000
is "$RC" 2 "an unknown dialogue is refused"
like "$ERR" "NOT_FOUND.*dialogue" "as NOT_FOUND naming the dialogue"

# --- list
run ans ak --format csv dialogue list
is "$RC" 0 "dialogue list"
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,date,title,households,needs,id" "dialogue list columns"
is "$(printf '%s\n' "$OUT" | tail -n +2)" "AK,2024-01-08,Đối thoại với hộ nghèo 2024,AK-1 AK-2 AK-3,1,$D1" \
	"the attending households and the needs raised there"
run ans ak dialogue add --date 2024-06-10 --title "Đối thoại giữa năm"
is "$RC" 0 "a dialogue without households"
run ans ak --format csv dialogue list --from 2024-02-01
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f3)" "Đối thoại giữa năm" "dialogue list --from"
run ans ak --format csv dialogue list --to 2024-01-31
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 1 "dialogue list --to"

# --- district names the ward; wards kept apart
run ans district dialogue add --date 2024-01-09 --title "Đối thoại cấp quận"
is "$RC" 2 "a district token must name the ward"
like "$ERR" "ward" "and the error names the ward"
run ans district dialogue add --date 2024-01-09 --title "Đối thoại Chính Gián" --ward CG --household CG-1
is "$RC" 0 "the district records a dialogue in a named ward"
run ans ak dialogue add --date 2024-01-09 --title "Xâm phạm" --household CG-1
is "$RC" 2 "a ward cannot name another ward's household"
like "$ERR" "NOT_FOUND" "it does not exist in the ward"
run ans cg --format csv dialogue list
unlike "$OUT" "AK," "CG does not see AK's dialogues"
run ans auditor dialogue add --date 2024-01-09 --title "Auditor" --ward AK
is "$RC" 2 "an auditor cannot record a dialogue"

# --- bad values, naming the flag
run ans ak dialogue add --date 2024-13-01 --title x
is "$RC" 1 "a bad date is refused before sending"
like "$ERR" "--date" "naming --date"
run ans ak dialogue add --date 2024-01-01 --title x --household "AK-1,,AK-2"
is "$RC" 1 "an empty household in the list is refused"
like "$ERR" "--household" "naming --household"
