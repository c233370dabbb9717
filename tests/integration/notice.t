#!/usr/bin/env bash
# The weekly job notices end to end through the real client: notices of a
# ward and of the district with their channels, bad values named by the
# flag or the field, who may record what, list by ward, kind and dates, the
# week's bulletin as one Vietnamese text (a ward's holds its own and the
# district's), the audit trails, a replayed request_id, the counts the
# reports use, and the table's own rules in direct SQL.
. "$(dirname "$0")/../lib/common.sh"

plan 47

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
rows() { printf '%s\n' "$1" | tail -n +2 | grep -c . ; }

# --------------------------------------------------------------- add
run ans ak notice add --kind recruitment --employer "Công ty TNHH May Hòa Thọ" --positions 40 \
	--apply "Nhà văn hóa phường An Khê, 8:00–11:00 thứ Hai" --channel zalo --channel ward-website --date 2024-03-07
is "$RC" 0 "a ward's recruitment notice"
N1=$OUT
like "$N1" "$UUID_RE" "it prints a UUIDv7"
is "$(sql "SELECT ward_code||'|'||notice_on||'|'||kind||'|'||positions||'|'||channels::text FROM ansinh.job_notice WHERE id = '$N1'")" \
	"AK|2024-03-07|recruitment|40|{ward-website,zalo}" "it is in PostgreSQL, its channels in order"
run ans district notice add --district-wide --kind labour-export --employer "Đơn hàng điều dưỡng Nhật Bản" \
	--apply "Trung tâm Dịch vụ việc làm thành phố" --channel district-news --date 2024-03-07 --note "Miễn phí học tiếng 3 tháng"
is "$RC" 0 "a district notice"
N2=$OUT
is "$(sql "SELECT ward_code IS NULL FROM ansinh.job_notice WHERE id = '$N2'")" t "it has no ward"
run ans cg notice add --kind training --employer "Sửa chữa điện lạnh" --positions 25 --apply "UBND phường Chính Gián" \
	--date 2024-03-08
is "$RC" 0 "a training notice without channels yet"
N3=$OUT
run ans district notice add --ward KD --kind recruitment --employer "Siêu thị Co.opmart" --apply "Quầy dịch vụ" --date 2024-03-12
is "$RC" 0 "the district records one for ward KD"
run ans district notice add --kind recruitment --employer "x" --apply "y"
like "$RC:$ERR" "^2:.*ward_code.*is required with a district token, unless the notice is district-wide" \
	"the district names the ward or district-wide"
run ans district notice add --district-wide --ward AK --kind recruitment --employer "x" --apply "y"
like "$RC:$ERR" "^1:ansinh: --district-wide and --ward exclude each other" "not both"
run ans ak notice add --district-wide --kind recruitment --employer "x" --apply "y"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED: only a district token may put out a district notice" "a ward token cannot speak for the district"
run ans ak notice add --ward CG --kind recruitment --employer "x" --apply "y"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "nor for another ward"
run ans auditor notice add --kind recruitment --employer "x" --apply "y" --ward AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "an auditor never writes"

# --------------------------------------------------------------- bad values, named
run ans ak notice add --kind internship --employer "x" --apply "y"
like "$RC:$ERR" "^1:ansinh: --kind: must be one of recruitment\|labour-export\|training" "an unknown kind lists the words"
run ans ak notice add --kind training --employer "x" --apply "y" --channel facebook
like "$RC:$ERR" "^1:ansinh: --channel: must be one of ward-website\|zalo\|district-news" "an unknown channel lists the words"
run ans ak notice add --kind training --employer "x" --apply "y" --channel zalo --channel zalo
like "$RC:$ERR" "^1:ansinh: --channel: zalo is given twice" "a channel twice"
run ans ak notice add --kind training --employer "x" --apply "y" --positions 0
like "$RC:$ERR" "^1:ansinh: --positions: must be a whole number from 1 to 100000" "no positions is not a number of positions"
run ans ak notice add --kind training --employer "x" --apply "y" --date 2099-01-01
like "$RC:$ERR" "^1:ansinh: --date: must not be in the future" "a notice in the future"
run ans ak notice add --kind training --employer "x"
like "$RC:$ERR" "^1:ansinh: missing required flag --apply" "where to apply is required"
run ans ak notice add --kind training --employer "   " --apply "y"
like "$RC:$ERR" "^1:ansinh: --employer: " "an empty employer"
is "$(sql "SELECT count(*) FROM ansinh.job_notice")" 4 "nothing refused was written"

# --------------------------------------------------------------- list
run ans ak notice list
is "$RC" 0 "a ward lists its notices"
is "$(rows "$OUT")" 2 "its own and the district's"
like "$OUT" "ward-website,zalo" "with the channels"
run ans cg notice list --format csv
is "$(printf '%s\n' "$OUT" | head -1)" "ward,date,kind,employer,positions,apply_at,channels,note,id" "CSV columns"
unlike "$OUT" "May Hòa Thọ" "CG never sees AK's"
run ans district notice list --kind recruitment --from 2024-03-10
is "$RC:$(rows "$OUT")" "0:1" "by kind and from a day"
like "$OUT" "Co.opmart" "the one of the 12th"
run ans auditor notice list --to 2024-03-07
is "$RC:$(rows "$OUT")" "0:2" "an auditor reads, up to a day"
run ans ak notice list --from 2024-03-08 --to 2024-03-07
like "$RC:$ERR" "^1:ansinh: --to must not be before --from" "a period backwards"

# --------------------------------------------------------------- bulletin
run ans ak notice bulletin --week 2024-03-05
is "$RC" 0 "a ward's bulletin"
EXPECTED="THÔNG BÁO VIỆC LÀM TUẦN 04/03/2024 – 10/03/2024
Phường An Khê

1. TUYỂN DỤNG: Công ty TNHH May Hòa Thọ
   Số lượng: 40 người
   Nơi nộp hồ sơ: Nhà văn hóa phường An Khê, 8:00–11:00 thứ Hai
   Ngày thông báo: 07/03/2024

2. XUẤT KHẨU LAO ĐỘNG: Đơn hàng điều dưỡng Nhật Bản
   Nơi nộp hồ sơ: Trung tâm Dịch vụ việc làm thành phố
   Ghi chú: Miễn phí học tiếng 3 tháng
   Ngày thông báo: 07/03/2024

Người lao động quan tâm xin liên hệ nơi nộp hồ sơ nêu trên hoặc Ủy ban nhân dân phường."
is "$OUT" "$EXPECTED" "the week Monday to Sunday, the ward's and the district's notices, ready to paste"
run ans district notice bulletin --week 2024-03-10 --format json
is "$RC" 0 "the district's bulletin as JSON"
is "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["week_start"], d["week_end"], d["notices"], d["text"].count("\n3. ĐÀO TẠO NGHỀ MIỄN PHÍ: Sửa chữa điện lạnh\n   Số lượng: 25 học viên"))')" \
	"2024-03-04 2024-03-10 3 1" "every ward's notices of the week, training places counted as học viên; the 12th is next week"
run ans cg notice bulletin --week 2024-04-01
is "$RC:$OUT" "0:THÔNG BÁO VIỆC LÀM TUẦN 01/04/2024 – 07/04/2024
Phường Chính Gián

Tuần này chưa có thông báo việc làm.

Người lao động quan tâm xin liên hệ nơi nộp hồ sơ nêu trên hoặc Ủy ban nhân dân phường." "a week without notices says so"
run ans ak notice bulletin --week 2024-02-30
like "$RC:$ERR" "^1:ansinh: --week: " "a day that does not exist"

# --------------------------------------------------------------- audit, replay
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'job_notice' AND record_id IN ('$N1', '$N3')")" 2 \
	"ward notices are in the audit trail"
is "$(sql "SELECT actor||'|'||action FROM ansinh.audit_event WHERE scope = 'district' AND table_name = 'job_notice' AND record_id = '$N2'")" \
	"district|insert" "the district's in the district trail, with who wrote it"
RID=01a237be-91d6-76a8-bdb5-4a54d4021aa9
call="SELECT code||'|'||replayed FROM ansinh_api.notice_create('$RID', '01a237be-91d6-76a8-bdb5-4a54d4021aa8', 'AK', false,
      '2024-03-01', 'training', 'Nấu ăn', NULL, 'Nhà văn hóa', '{zalo}', NULL)"
is "$(psql -X -q -At -U ansinhd -d "$T_DB" -c "BEGIN" -c "$(context_of ak "$RID")" -c "$call" -c COMMIT | grep '|')" \
	"0|false" "in SQL as the daemon: written"
is "$(psql -X -q -At -U ansinhd -d "$T_DB" -c "BEGIN" -c "$(context_of ak "$RID")" -c "$call" -c COMMIT | grep '|')" \
	"0|true" "the same request_id again is replayed"
is "$(sql "SELECT count(*) FROM ansinh.job_notice WHERE employer = 'Nấu ăn'")" 1 "and written once"

# --------------------------------------------------------------- the counts, the table's rules
is "$(sql_as analyst "SELECT string_agg(kind||':'||notices||':'||positions||':'||district_wide, ' ')
                      FROM ansinh.job_notice_counts('2024-03-01', '2024-03-31', NULL)")" \
	"recruitment:2:40:0 labour-export:1:0:1 training:2:25:0" "an analyst counts notices and positions by kind"
is "$(sql_as analyst "SELECT string_agg(kind||':'||notices, ' ') FROM ansinh.job_notice_counts('2024-03-04', '2024-03-10', 'AK')")" \
	"recruitment:1 labour-export:1" "of a ward, with the district's"
run sql "INSERT INTO ansinh.job_notice (id, notice_on, kind, employer, apply_at, channels)
         VALUES (gen_random_uuid(), '2024-03-01', 'training', 'x', 'y', '{zalo,zalo}')"
like "$RC:$ERR" "^[1-9].*job_notice_channels_words" "a channel twice breaks a constraint"
run psql -X -q -At -U ansinhd -d "$T_DB" -c "BEGIN" -c "$(context_of district)" -c "DELETE FROM ansinh.job_notice"
like "$RC:$ERR" "^[1-9].*permission denied" "the daemon's role deletes nothing"

# --------------------------------------------------------------- offline: the write queues
stop_daemon
run ans ak notice add --kind training --employer "May công nghiệp" --apply "Nhà văn hóa" --date 2024-03-14 --channel zalo
is "$RC" 3 "offline, notice add is queued (exit 3)"
run ans ak notice bulletin --week 2024-03-14
is "$RC" 4 "a bulletin is a read: offline it is unavailable, not queued"
start_daemon
run ans ak sync
is "$RC:$(sql "SELECT count(*) FROM ansinh.job_notice WHERE employer = 'May công nghiệp'")" "0:1" "sync delivers it, once"
