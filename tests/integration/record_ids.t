#!/usr/bin/env bash
# One id, one record; one request_id, one write (sql/migrations/0012):
# two deliveries of the same request at once are answered "replayed", never
# "already exists" or a key violation; a ward importing a record with an id
# another ward's record has is refused as for any taken id, learning
# nothing of the other ward; nor create a household carrying the id derived
# for another ward's code (sql/migrations/0013), nor a member, need,
# support or assessment carrying an id derived for another ward
# (sql/migrations/0014); nor have the district's write answered "replayed"
# by using its request id first (sql/migrations/0015).
. "$(dirname "$0")/../lib/common.sh"

plan 29

field() { # field CSV-SUMMARY NAME — a value from import's summary
	printf '%s\n' "$1" | awk -F, -v k="$2" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{print $c[k]}'
}

token ak ward AK
token kd ward KD
SHA="sha256(convert_to('$(cat "$T_DIR/ak.token")', 'UTF8'))"
REQ=0c000000-0000-7000-8000-0000000000f1
HID=0c000000-0000-7000-8000-000000000001
CREATE="SELECT r.code, r.replayed FROM ansinh_api.household_create('$REQ', '$HID', 'AK', 'R-1', 'Nguyễn Văn Một', 1, NULL, NULL, false, false, 'poor', '2023-01-01') AS r"

# --- two deliveries of one request at once, straight to the database as
# the daemon's login: the first holds its transaction open, the second
# starts, and waits; the first commits.
mkfifo "$T_DIR/a.in"
psql -X -q -At -U ansinhd -d "$T_DB" <"$T_DIR/a.in" >"$T_DIR/a.out" 2>&1 &
A_PID=$!
exec 3>"$T_DIR/a.in"
printf '%s\n' "BEGIN;" "SELECT ansinh_api.set_context($SHA, '$REQ');" "$CREATE;" >&3
for _ in $(seq 100); do grep -q '^0|f$' "$T_DIR/a.out" && break; sleep 0.1; done
is "$(grep -c '^0|f$' "$T_DIR/a.out")" 1 "the first delivery wrote (not committed yet)"

psql -X -q -At -U ansinhd -d "$T_DB" -c "SELECT ansinh_api.set_context($SHA, '$REQ'); $CREATE" \
	>"$T_DIR/b.out" 2>&1 &
B_PID=$!
waiting=0
for _ in $(seq 100); do
	waiting=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = 'ansinhd' AND wait_event_type = 'Lock'")
	[ "$waiting" = 1 ] && break
	sleep 0.1
done
is "$waiting" 1 "the second delivery waits for the first"
printf '%s\n' "COMMIT;" >&3
exec 3>&-
wait "$A_PID"
wait "$B_PID"
is "$(tail -n 1 "$T_DIR/b.out")" "0|t" "the second delivery is answered replayed (no key violation, no 'already exists')"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE id = '$HID'")" 1 "one household"
is "$(sql "SELECT count(*) FROM ansinh.request_log WHERE request_id = '$REQ'")" 1 "one request-log row"

# --- a ward cannot pre-empt a request id of the district's (import derives
# them from the rows): ward AK writes under request id R2 first; the
# district's write of R2 for ward KD is its own, not a replay of AK's.
token district district
DSHA="sha256(convert_to('$(cat "$T_DIR/district.token")', 'UTF8'))"
R2=0c000000-0000-7000-8000-0000000000f2
sql_as_daemon() { psql -X -q -At -U ansinhd -d "$T_DB" -c "$1" 2>&1 | tail -n 1; }
sql_as_daemon "SELECT ansinh_api.set_context($SHA, '$R2'); SELECT r.code FROM ansinh_api.household_create('$R2', '0c000000-0000-7000-8000-000000000002', 'AK', 'R-2', 'Kẻ Giả', 1, NULL, NULL, false, false, 'poor', '2023-01-01') AS r" >/dev/null
is "$(sql_as_daemon "SELECT ansinh_api.set_context($DSHA, '$R2'); SELECT r.code || '|' || r.replayed || '|' || r.message FROM ansinh_api.household_create('$R2', '0c000000-0000-7000-8000-000000000003', 'KD', 'KD-R2', 'Trần Văn Thật', 1, NULL, NULL, false, false, 'poor', '2023-01-01') AS r")" \
	"0|false|household KD-R2 created in ward KD" "the district's write under a request id ward AK used first is written, not answered replayed"
is "$(sql "SELECT ward_code || ':' || code FROM ansinh.household WHERE id = '0c000000-0000-7000-8000-000000000003'")" "KD:KD-R2" "and stored"
# The same row written by the ward's token and then by the district's under
# one request id (both imported one file): the district's is "already there".
KSHA="sha256(convert_to('$(cat "$T_DIR/kd.token")', 'UTF8'))"
R3=0c000000-0000-7000-8000-0000000000f3
H3="'$R3', '0c000000-0000-7000-8000-000000000004', 'KD', 'KD-R3', 'Trần Văn Ba', 1, NULL, NULL, false, false, 'poor', '2023-01-01'"
sql_as_daemon "SELECT ansinh_api.set_context($KSHA, '$R3'); SELECT r.code FROM ansinh_api.household_create($H3) AS r" >/dev/null
is "$(sql_as_daemon "SELECT ansinh_api.set_context($DSHA, '$R3'); SELECT r.code || '|' || r.message FROM ansinh_api.household_create($H3) AS r")" \
	"0|household KD-R3 already exists in ward KD with the same content" "a row ward KD wrote under a request id, written again by the district under it: already there"

# --- a ward cannot take another ward's id, and learns nothing from the refusal
start_daemon
printf 'id,code,head_name,status,status_since\n%s,KD-9,Trần Thị Chín,poor,2023-01-01\n' "$HID" >"$T_DIR/kd.csv"
run ans kd import households "$T_DIR/kd.csv"
unlike "$(sql "SELECT string_agg(ward_code, ',') FROM ansinh.household WHERE id = '$HID'")" "KD" "ward KD cannot import a household with ward AK's id"
like "$OUT$ERR" "household id already exists" "it is refused as a taken id"
unlike "$OUT$ERR" "AK|An Khê|R-1|Nguyễn" "naming nothing of the other ward's household"
run ans kd household show "$HID"
unlike "$OUT" "R-1" "and KD still cannot read it"

# --- derived ids (0013): the database derives them as the client does, and
# a ward cannot pre-empt another ward's
printf 'code,head_name,status,status_since\nKD-8,Trần Thị Tám,poor,2023-01-01\n' >"$T_DIR/kd8.csv"
run ans kd import households "$T_DIR/kd8.csv"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE ward_code = 'KD' AND code = 'KD-8' AND id = ansinh.derived_id('household', 'KD', 'KD-8')")" 1 \
	"an imported household's id is the one the database derives from ward and code"
PLANT=$(sql "SELECT ansinh.derived_id('household', 'KD', 'KD-10')")
printf 'id,code,head_name,status,status_since\n%s,KD-10,Kẻ Giả,poor,2023-01-01\n' "$PLANT" >"$T_DIR/ak.csv"
run ans ak import households "$T_DIR/ak.csv"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE id = '$PLANT'")" 0 "ward AK cannot plant a household with the id derived for KD's code"
like "$OUT$ERR" "derived id" "saying the id is not derived from its own ward and code"
printf 'code,head_name,status,status_since\nKD-10,Trần Văn Mười,poor,2023-01-01\n' >"$T_DIR/kd10.csv"
run ans kd import households "$T_DIR/kd10.csv"
is "$RC" 0 "ward KD's own import of that code still goes through"
is "$(sql "SELECT ward_code FROM ansinh.household WHERE id = '$PLANT'")" KD "with its derived id"

# --- derived ids of members, needs, supports and assessments (0014): ward
# AK plants, in a household of its own, the ids ward KD's import will
# derive for KD-8's rows; each is refused as a taken id, and KD's import
# then writes its rows with those ids.
M_ID=$(sql "SELECT ansinh.derived_id('member', 'KD', 'KD-8:cccd:048099000001')")
N_ID=$(sql "SELECT ansinh.derived_id('need', 'KD', 'KD-8:job:2023-03-01::Việc làm')")
S_ID=$(sql "SELECT ansinh.derived_id('support', 'KD', 'KD-8:cash:2023-07-01:100000:gratitude::::Tiền Tết')")
A_ID=$(sql "SELECT ansinh.derived_id('assessment', 'KD', 'KD-8:2024')")
printf 'code,head_name,status,status_since\nAK-8,Kẻ Giả,poor,2023-01-01\n' >"$T_DIR/ak8.csv"
run ans ak import households "$T_DIR/ak8.csv"
printf 'id,household,name,citizen_id\n%s,AK-8,Kẻ Giả,048099000009\n' "$M_ID" >"$T_DIR/ak-mb.csv"
printf 'id,household,kind,description,surveyed_on\n%s,AK-8,job,Việc làm,2023-03-01\n' "$N_ID" >"$T_DIR/ak-nd.csv"
printf 'id,household,kind,description,amount_vnd,given_on,fund\n%s,AK-8,cash,Tiền Tết,100000,2023-07-01,gratitude\n' "$S_ID" >"$T_DIR/ak-sp.csv"
IND=employment,dependants,nutrition,health-insurance,adult-education,child-schooling,housing-quality,housing-area,water,latrine,telecom
NO=0,0,0,0,0,0,0,0,0,0,0
printf 'id,household,year,assessed_on,income_vnd,%s\n%s,AK-8,2024,2024-01-10,1000000,%s\n' "$IND" "$A_ID" "$NO" >"$T_DIR/ak-as.csv"
plant() { # plant KIND FILE TABLE ID — ward AK imports its row carrying KD's id
	run ans ak import "$1" "$T_DIR/$2"
	shift
	is "$(sql "SELECT count(*) FROM ansinh.$2 WHERE id = '$3'")" 0 "ward AK cannot plant a $2 with the id derived for ward KD's row"
	like "$OUT$ERR" "ALREADY_EXISTS: $2 id already exists" "refused as a taken id ($2)"
}
plant members ak-mb.csv person "$M_ID"
plant needs ak-nd.csv need "$N_ID"
plant supports ak-sp.csv support "$S_ID"
plant assessments ak-as.csv poverty_assessment "$A_ID"
BEFORE=$OUT$ERR

printf 'household,name,citizen_id\nKD-8,Trần Thị Tám,048099000001\n' >"$T_DIR/kd-mb.csv"
printf 'household,kind,description,surveyed_on\nKD-8,job,Việc làm,2023-03-01\n' >"$T_DIR/kd-nd.csv"
printf 'household,kind,description,amount_vnd,given_on,fund\nKD-8,cash,Tiền Tết,100000,2023-07-01,gratitude\n' >"$T_DIR/kd-sp.csv"
printf 'household,year,assessed_on,income_vnd,%s\nKD-8,2024,2024-01-10,1000000,%s\n' "$IND" "$NO" >"$T_DIR/kd-as.csv"
rcs=
for k in mb:members nd:needs sp:supports as:assessments; do
	run ans kd import "${k#*:}" "$T_DIR/kd-${k%%:*}.csv"
	rcs="$rcs$RC"
done
is "$rcs" 0000 "ward KD's own imports of those rows go through"
is "$(sql "SELECT (SELECT count(*) FROM ansinh.person WHERE id = '$M_ID' AND ward_code = 'KD') + (SELECT count(*) FROM ansinh.need WHERE id = '$N_ID' AND ward_code = 'KD') + (SELECT count(*) FROM ansinh.support WHERE id = '$S_ID' AND ward_code = 'KD') + (SELECT count(*) FROM ansinh.poverty_assessment WHERE id = '$A_ID' AND ward_code = 'KD')")" 4 \
	"each with the id the database derives for ward KD"
again=
for k in mb:members nd:needs sp:supports as:assessments; do
	run ans kd --format csv import "${k#*:}" "$T_DIR/kd-${k%%:*}.csv"
	again="$again$RC$(field "$OUT" already)"
done
is "$again" 01010101 "importing the same files again: each row already there"
run ans ak import assessments "$T_DIR/ak-as.csv"
is "$OUT$ERR" "$BEFORE" "planting an id ward KD now has is refused in the same words: nothing tells whether KD has it"
