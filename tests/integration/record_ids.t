#!/usr/bin/env bash
# One id, one record; one request_id, one write (sql/migrations/0012):
# two deliveries of the same request at once are answered "replayed", never
# "already exists" or a key violation; a ward importing a record with an id
# another ward's record has is refused as for any taken id, learning
# nothing of the other ward; nor create a household carrying the id derived
# for another ward's code (sql/migrations/0013).
. "$(dirname "$0")/../lib/common.sh"

plan 14

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
