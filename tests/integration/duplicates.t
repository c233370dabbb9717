#!/usr/bin/env bash
# One person, one citizen ID in the whole district: registering a citizen ID
# already held in another ward is refused, and the message names where (only
# the ward, for a ward token). People likely recorded twice — the same name
# without diacritics and the same birth date — are listed for the district by
# `ansinh member duplicates`.
. "$(dirname "$0")/../lib/common.sh"

plan 37

token ak ward AK
token kd ward KD
token district district
token auditor auditor
start_daemon

ans ak household add --code AK-1 --head "Nguyễn Văn An" >/dev/null &&
	ans ak household add --code AK-2 --head "Lê Thị Hòa" >/dev/null &&
	ans kd household add --code KD-7 --head "Trần Văn Bảy" >/dev/null
ok $? "households in two wards"

# --- citizen IDs, unique across the district
run ans ak member add --household AK-1 --name "Nguyễn Văn An" --born 1980-01-02 \
	--citizen-id 048080000001 --relation head
is "$RC" 0 "AK registers citizen ID 048080000001"
AN=$OUT

run ans kd member add --household KD-7 --name "Nguyễn Văn An" --born 1980-01-02 \
	--citizen-id 048080000001
is "$RC" 2 "KD registering the same citizen ID is rejected"
like "$ERR" "ALREADY_EXISTS: citizen ID 048080000001 is already registered in ward AK$" \
	"the message names the ward where it is registered"
unlike "$ERR" "AK-1" "and, to another ward's token, nothing more (not the household)"
unlike "$ERR" "Nguyễn|$AN" "nor the person"
is "$(sql "SELECT count(*) FROM ansinh.person WHERE ward_code = 'KD'")" 0 "nothing was written in KD"

run ans district member add --household KD-7 --ward KD --name "Nguyễn Văn An" \
	--citizen-id 048080000001
is "$RC" 2 "a district token is refused too"
like "$ERR" "citizen ID 048080000001 is already registered in ward AK \(household AK-1\)" \
	"and told the ward and the household"

run ans ak member add --household AK-2 --name "Nguyễn Văn An" --citizen-id 048080000001
is "$RC" 2 "the same ward, another household: refused"
like "$ERR" "already registered in ward AK \(household AK-1\)" \
	"a ward token is told its own household (it can see it anyway)"

# An update to a citizen ID held elsewhere.
run ans kd member add --household KD-7 --name "Trần Văn Bảy" --born 1980-05-05 --relation head
BAY=$OUT
run ans kd member update "$BAY" --citizen-id 048080000001
is "$RC" 2 "changing a member's citizen ID to one held in another ward is refused"
like "$ERR" "already registered in ward AK$" "naming only the ward"
is "$(sql "SELECT citizen_id IS NULL FROM ansinh.person WHERE id = '$BAY'")" t "the member is unchanged"

# A race: another transaction holds the same citizen ID, not yet committed,
# when KD's write checks; KD's insert then waits for it and fails on the
# unique index once it commits. The daemon runs the write once more, and the
# write function answers with where the ID is registered.
AK2=$(sql "SELECT id FROM ansinh.household WHERE code = 'AK-2'")
sql "BEGIN;
     INSERT INTO ansinh.person (ward_code, id, household_id, full_name, citizen_id)
     VALUES ('AK', '01900000-0000-7000-8000-0000000000aa', '$AK2', 'Hai Lần', '048099000099');
     SELECT pg_sleep(2);
     COMMIT;" >/dev/null &
HOLDER=$!
for ((i = 0; i < T_TIMEOUT * 20; i++)); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()")" = 1 ] && break
	sleep 0.05
done
run ans kd member add --household KD-7 --name "Hai Lần" --citizen-id 048099000099
wait $HOLDER
is "$RC" 2 "racing a transaction for one citizen ID and losing: rejected"
like "$ERR" "ALREADY_EXISTS: citizen ID 048099000099 is already registered in ward AK$" \
	"with the same message naming the ward, not a bare unique violation"
is "$(sql "SELECT count(*) FROM ansinh.person WHERE citizen_id = '048099000099'")" 1 "the ID is held once"

# --- likely duplicates
ans kd member add --household KD-7 --name "NGUYEN VAN AN" --born 1980-01-02 >/dev/null &&
	ans kd member add --household KD-7 --name "Nguyễn Văn An" --born 1981-01-02 >/dev/null &&
	ans kd member add --household KD-7 --name "Nguyễn Văn An" >/dev/null &&
	ans ak member add --household AK-2 --name "Lê Thị Hoà" --born 1990-09-09 >/dev/null &&
	ans kd member add --household KD-7 --name "Lê Thị Hòa" --born 1990-09-09 >/dev/null &&
	ans ak member add --household AK-2 --name "Lê Thị Hòa" --born 1990-09-09 >/dev/null
ok $? "members with the same names in both wards"

run ans district --format csv member duplicates
is "$RC" 0 "member duplicates (district) exits 0"
is "$(printf '%s\n' "$OUT" | head -n 1)" "group,ward,household,name,born,citizen_id,id,household_id" \
	"columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 5 "two groups, five people"
is "$(printf '%s\n' "$OUT" | grep '^1,' | cut -d, -f2-6 | tr '\n' '|')" \
	"AK,AK-2,Lê Thị Hoà,1990-09-09,|AK,AK-2,Lê Thị Hòa,1990-09-09,|KD,KD-7,Lê Thị Hòa,1990-09-09,|" \
	"group 1: the same name with either tone-mark spelling, the same date, in two wards (and twice in one household)"
is "$(printf '%s\n' "$OUT" | grep '^2,' | cut -d, -f2-6 | tr '\n' '|')" \
	"AK,AK-1,Nguyễn Văn An,1980-01-02,048080000001|KD,KD-7,NGUYEN VAN AN,1980-01-02,|" \
	"group 2: accents and case ignored; ward, household, name, birth date and citizen ID shown"
like "$(printf '%s\n' "$OUT" | grep '^2,AK')" ",$AN," "with the person's id"
unlike "$OUT" "1981-01-02" "another birth date is not a duplicate"

run ans district --format csv member duplicates --ward KD
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 5 "--ward KD: both groups have someone in KD, listed whole"
run ans district --format csv member duplicates --ward XH
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 0 "--ward XH: nobody there"
run ans district --format csv member duplicates --limit 1
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort -u | tr '\n' ' ')" "1 " "--limit 1: one group"
like "$ERR" "more groups of likely duplicates exist than the 1 shown" "and a note that there are more"
run ans district --format json member duplicates --limit 1
like "$OUT" '^\[' "JSON output is an array"

# --- refusals
run ans ak member duplicates
is "$RC" 2 "a ward token may not list duplicates across wards"
like "$ERR" "PERMISSION_DENIED" "PERMISSION_DENIED"
run ans auditor member duplicates
is "$RC" 2 "nor may an auditor token"
run ans district member duplicates --ward A1
is "$RC" 1 "a malformed --ward is refused before sending"
like "$ERR" "--ward" "naming the flag"
run ans district member duplicates --limit 0
is "$RC" 1 "--limit 0 is refused"
run ans district member duplicates --limit 20000
like "$RC:$ERR" "^2:.*limit" "a limit above the daemon's maximum is rejected naming the field"
