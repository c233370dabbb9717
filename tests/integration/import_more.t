#!/usr/bin/env bash
# CSV import and export of needs, supports and assessments through the real
# client: Vietnamese headers and words, the exact rejects of files with bad
# rows (bad date, unknown household code, bad amount, bad word, invalid
# UTF-8, and each kind's own checks), the documented derived ids, re-runs
# that duplicate nothing, re-runs after the officer corrected the rejected
# rows, a changed row reported as a conflict, reversing entries and needs
# fulfilled again in the same file, `assess import` as the same command as
# `import assessments`, `export --year`, and every export imported into a
# second database and exported again byte for byte.
. "$(dirname "$0")/../lib/common.sh"

plan 78

token ak ward AK
token district district
start_daemon
D=$T_DIR
field() { # field CSV-SUMMARY NAME — a value from the summary's CSV
	printf '%s\n' "$1" | awk -F, -v k="$2" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{print $c[k]}'
}
summary() { # summary CSV-SUMMARY NAME... — the values joined by commas
	local s=$1 out= n
	shift
	for n in "$@"; do out="$out${out:+,}$(field "$s" "$n")"; done
	printf '%s' "$out"
}
derive() { # derive NAME — the UUIDv8 of README's "Import identity"
	python3 -c '
import hashlib, sys
b = bytearray(hashlib.sha256(sys.argv[1].encode()).digest()[:16])
_, record, ward = sys.argv[1].split(":")[:3]
if record != "household":  # the tag of the ward first (0014)
    b[:8] = hashlib.sha256(("ansinh:%s:%s" % (record, ward)).encode()).digest()[:8]
b[6] = (b[6] & 0x0f) | 0x80
b[8] = (b[8] & 0x3f) | 0x80
h = b.hex()
print("%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:]))' "$1"
}
csvrows() { # csvrows FILE|- — records after the header (fields may hold line breaks)
	python3 -c '
import csv, sys
f = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1], newline="", encoding="utf-8")
print(sum(1 for _ in csv.reader(f)) - 1)' "$1"
}
csvcol() { # csvcol FILE|- N... — columns N... (1-based) of each record after the header
	python3 -c '
import csv, sys
f = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1], newline="", encoding="utf-8")
cols = [int(n) - 1 for n in sys.argv[2:]]
print(" ".join(",".join(r[c] for c in cols) for r in list(csv.reader(f))[1:]))' "$@"
}
same_file() { # same_file WANT GOT DESCRIPTION — diff shown on failure
	diff -u "$1" "$2" >"$2.diff"
	ok $? "$3"
	[ -s "$2.diff" ] && diag "$(cat "$2.diff")"
	return 0
}

# --- what the rows refer to
printf 'code,head\nAK-001,Trương Văn Hoành\nAK-002,Lê Thị Hòa\nAK-003,Phạm Văn Hoà\nAK-004,Ngô Thị Bé\n' >"$D/hh.csv"
printf 'household,name,born,citizen_id\nAK-002,Lê Thị Hòa,1970-11-20,048170000001\nAK-001,Trương Văn Hoành,1968-03-02,048068001234\n' >"$D/mb.csv"
run ans ak --format csv import households "$D/hh.csv"
run ans ak --format csv import members "$D/mb.csv"
is "$RC" 0 "households and members to refer to are imported"
MEM=$(sql "SELECT id FROM ansinh.person WHERE citizen_id = '048170000001'")
ORG_NAME="UBND tỉnh Thanh Hóa"
run ans district org add --name "$ORG_NAME" --kind province-committee
is "$RC" 0 "a sponsor is recorded"

# ================================================================ needs
{
	printf 'Mã hộ,Thành viên,Loại nhu cầu,Nội dung,Dự toán,Ngày khảo sát,Ghi chú,STT\r\n'
	printf 'AK-001,,sinh kế,Tủ trưng bày bán hàng,5.000.000,01/03/2023,"Bán xôi\nbuổi sáng",1\r\n'
	printf 'AK-002,%s,dụng cụ trợ giúp,Xe lăn,3000000,2023-03-02,,2\r\n' "$MEM"
	printf 'AK-001,,xây nhà mới,Xây nhà,60000000,2023-02-30,,3\r\n'
	printf 'AK-999,,việc làm,Tìm việc,,2023-03-05,,4\r\n'
	printf 'AK-001,,nuôi gà,Chuồng gà,1000000,2023-03-05,,5\r\n'
	printf 'AK-002,,học nghề,Học nghề may,"12,5",2023-03-05,,6\r\n'
	printf 'AK-002,,khác,Lỗi \xff mã,,2023-03-05,,7\r\n'
	printf 'AK-003,,job,Việc làm bảo vệ,,2023-03-06,,8\r\n'
	printf 'AK-003,not-an-id,job,Việc làm,,2023-03-06,,9\r\n'
} >"$D/nd.csv"
cat >"$D/nd.rejects.want" <<'WANT'
line,reason,Mã hộ,Thành viên,Loại nhu cầu,Nội dung,Dự toán,Ngày khảo sát,Ghi chú,STT
5,Ngày khảo sát: '2023-02-30' is not a real date,AK-001,,xây nhà mới,Xây nhà,60000000,2023-02-30,,3
6,NOT_FOUND: household 'AK-999' was not found in ward AK,AK-999,,việc làm,Tìm việc,,2023-03-05,,4
7,Loại nhu cầu: 'nuôi gà' is not one of livelihood-equipment|house-new|house-repair|assistive-device|orthopaedic-aid|job|vocational-training|other (in Vietnamese: sinh kế|phương tiện sinh kế|thiết bị sinh kế|xây nhà mới|nhà mới|xây nhà|sửa nhà|sửa chữa nhà|dụng cụ trợ giúp|thiết bị trợ giúp|phương tiện trợ giúp|chỉnh hình|dụng cụ chỉnh hình|việc làm|học nghề|đào tạo nghề|khác),AK-001,,nuôi gà,Chuồng gà,1000000,2023-03-05,,5
8,"Dự toán: '12,5' is not an amount in VND (digits, optionally grouped by threes: 60000000, 60.000.000, 60,000,000)",AK-002,,học nghề,Học nghề may,"12,5",2023-03-05,,6
9,"Nội dung: is not valid UTF-8 (save the file as ""CSV UTF-8"")",AK-002,,khác,Lỗi � mã,,2023-03-05,,7
11,Thành viên: 'not-an-id' is not an id (a UUID),AK-003,not-an-id,job,Việc làm,,2023-03-06,,9
WANT
run ans ak --format csv import needs "$D/nd.csv" --rejects "$D/nd.rejects"
is "$RC" 2 "import needs with bad rows exits 2"
is "$(summary "$OUT" rows written rejected)" "9,3,6" "nine rows: three written, six rejected"
same_file "$D/nd.rejects.want" "$D/nd.rejects" "each rejected need with its line, reason and fields (a quoted line break counts)"
N1=$(sql "SELECT id FROM ansinh.need WHERE description = 'Tủ trưng bày bán hàng'")
is "$N1" "$(derive 'ansinh:need:AK:AK-001:livelihood-equipment:2023-03-01::Tủ trưng bày bán hàng')" \
	"a need's id is the UUIDv8 of ward, household, kind, survey date, member and description"
N2=$(sql "SELECT id FROM ansinh.need WHERE description = 'Xe lăn'")
is "$(sql "SELECT kind||'|'||estimated_vnd||'|'||surveyed_on||'|'||person_id||'|'||status FROM ansinh.need WHERE id = '$N2'")" \
	"assistive-device|3000000|2023-03-02|$MEM|registered" "Vietnamese words, amounts and the member's id are understood"
is "$(sql "SELECT note FROM ansinh.need_event WHERE need_id = '$N1'")" $'Bán xôi\nbuổi sáng' \
	"the note (with its line break) is the registration's"

# the officer corrects the rejected rows in the same file
sed -i -e 's/2023-02-30/2023-02-28/' -e 's/^AK-999,/AK-003,/' -e 's/nuôi gà/sinh kế/' \
	-e 's/"12,5"/"12.500.000"/' -e 's/Lỗi \xff mã/Lỗi mã/' -e 's/not-an-id//' "$D/nd.csv"
run ans ak --format csv import needs "$D/nd.csv" --rejects "$D/nd.rejects"
is "$RC" 0 "after the corrections the same import exits 0"
is "$(summary "$OUT" written already rejected)" "6,3,0" "it writes the six corrected rows and recognises the three"
is "$(sql "SELECT count(*) FROM ansinh.need")" 9 "nine needs, none twice"
run ans ak --format csv import needs "$D/nd.csv"
is "$(summary "$OUT" written already rejected)" "0,9,0" "run once more, it writes nothing"
sed 's/5.000.000/6.000.000/' "$D/nd.csv" >"$D/nd-changed.csv"
run ans ak --format csv import needs "$D/nd-changed.csv" --rejects "$D/nd.rejects"
is "$RC" 2 "a need whose key exists with another estimate is rejected"
like "$(sed -n 2p "$D/nd.rejects")" "^2,ALREADY_EXISTS: need $N1 already exists in ward AK with different content," \
	"as a conflict, on its line"
is "$(sql "SELECT estimated_vnd FROM ansinh.need WHERE id = '$N1'")" 5000000 "the need is not changed"
printf 'household,kind,description,surveyed_on\nAK-004,other,Sửa  mái,2023-04-01\nAK-004,khác,Sửa mái,2023-04-01\n' >"$D/nd-dup.csv"
run ans ak --format csv import needs "$D/nd-dup.csv"
like "$ERR" "nd-dup.csv:3: the same need as line 2 \(AK-004:other:2023-04-01::Sửa mái\)" \
	"the same need twice in a file (words and blanks aside): the second is rejected"

# ================================================================ supports
for n in "$N1" "$N2"; do
	ans district need verify "$n" --date 2023-03-10 --ward AK >/dev/null &&
		ans district need approve "$n" --date 2023-03-10 --ward AK >/dev/null
done
is "$(sql "SELECT string_agg(status, ',') FROM ansinh.need WHERE id IN ('$N1', '$N2')")" "approved,approved" \
	"the district approves two needs"
S_CASH=$(derive "ansinh:support:AK:AK-002:cash:2023-01-20:500000:social-assurance::::Tiền Tết")
S_TYPO=$(derive "ansinh:support:AK:AK-002:assistive-device:2023-05-01:300000:gratitude::$MEM:$N2:Xe lăn")
S_HOUSE=$(derive "ansinh:support:AK:AK-003:house-new:2023-06-01:60000000::$ORG_NAME:::Xây nhà mới")
{
	printf 'Mã hộ,Thành viên,Loại hỗ trợ,Nội dung,Số tiền,Ngày,Quỹ,Tổ chức,Mã nhu cầu,reverses,Lý do điều chỉnh\n'
	printf 'AK-001,,sinh kế,Tủ trưng bày bán hàng,5.000.000,2023-04-01,poor-fund,,%s,,\n' "$N1"
	printf 'AK-002,,tiền mặt,Tiền Tết,500000,2023-01-20,social-assurance,,,,\n'
	printf 'AK-003,,xây nhà mới,Xây nhà mới,"60,000,000",2023-06-01,,%s,,,\n' "$ORG_NAME"
	printf 'AK-002,,tiền mặt,Tiền Tết,-500000,2023-01-25,,,,%s,Nhập nhầm hộ\n' "$S_CASH"
	printf 'AK-002,%s,dụng cụ trợ giúp,Xe lăn,300000,2023-05-01,gratitude,,%s,,\n' "$MEM" "$N2"
	printf 'AK-002,%s,dụng cụ trợ giúp,Xe lăn,-300000,2023-05-01,gratitude,,,%s,Sai số tiền\n' "$MEM" "$S_TYPO"
	printf 'AK-002,%s,dụng cụ trợ giúp,Xe lăn,3.000.000,2023-05-01,gratitude,,%s,,\n' "$MEM" "$N2"
	printf 'AK-002,,quà tết,Quà Tết,abc,2023-01-20,gratitude,,,,\n'
	printf 'AK-002,,quà tết,Quà Tết,300000,31/02/2023,gratitude,,,,\n'
	printf 'AK-998,,tiền mặt,Tiền,100000,2023-01-20,gratitude,,,,\n'
	printf 'AK-002,,trồng rau,Rau,100000,2023-01-20,gratitude,,,,\n'
	printf 'AK-002,,hiện vật,Gạo \xff,100000,2023-01-20,gratitude,,,,\n'
	printf 'AK-002,,tiền mặt,Không nguồn,100000,2023-01-20,,,,,\n'
	printf 'AK-002,,tiền mặt,Tiền,100000,2022-12-20,gratitude,,,,\n'
	printf 'AK-003,,xây nhà mới,Xây nhà mới,60000000,2023-06-02,,,,%s,Sai\n' "$S_HOUSE"
} >"$D/sp.csv"
cat >"$D/sp.rejects.want" <<'WANT'
line,reason,Mã hộ,Thành viên,Loại hỗ trợ,Nội dung,Số tiền,Ngày,Quỹ,Tổ chức,Mã nhu cầu,reverses,Lý do điều chỉnh
9,"Số tiền: 'abc' is not an amount in VND (digits, optionally grouped by threes: 60000000, 60.000.000, 60,000,000)",AK-002,,quà tết,Quà Tết,abc,2023-01-20,gratitude,,,,
10,Ngày: '31/02/2023' is not a real date,AK-002,,quà tết,Quà Tết,300000,31/02/2023,gratitude,,,,
11,NOT_FOUND: household 'AK-998' was not found in ward AK,AK-998,,tiền mặt,Tiền,100000,2023-01-20,gratitude,,,,
12,Loại hỗ trợ: 'trồng rau' is not one of livelihood-equipment|house-new|house-repair|assistive-device|orthopaedic-aid|job|vocational-training|other|cash|goods|health-insurance|education|tet-gift (in Vietnamese: sinh kế|phương tiện sinh kế|thiết bị sinh kế|xây nhà mới|nhà mới|xây nhà|sửa nhà|sửa chữa nhà|dụng cụ trợ giúp|thiết bị trợ giúp|phương tiện trợ giúp|chỉnh hình|dụng cụ chỉnh hình|việc làm|học nghề|đào tạo nghề|khác|tiền mặt|hiện vật|bảo hiểm y tế|bhyt|thẻ bhyt|giáo dục|học bổng|quà tết),AK-002,,trồng rau,Rau,100000,2023-01-20,gratitude,,,,
13,"Nội dung: is not valid UTF-8 (save the file as ""CSV UTF-8"")",AK-002,,hiện vật,Gạo �,100000,2023-01-20,gratitude,,,,
14,"Quỹ: give a fund, a sponsoring organization (Tổ chức), or both",AK-002,,tiền mặt,Không nguồn,100000,2023-01-20,,,,,
16,Số tiền: '60000000': a reversing entry carries minus the amount it reverses (e.g. -60000000),AK-003,,xây nhà mới,Xây nhà mới,60000000,2023-06-02,,,,SHOUSE,Sai
WANT
sed -i "s/SHOUSE/$S_HOUSE/" "$D/sp.rejects.want"
run ans ak --format csv import supports "$D/sp.csv" --rejects "$D/sp.rejects"
is "$RC" 2 "import supports with bad rows exits 2"
is "$(summary "$OUT" rows written rejected)" "15,8,7" "fifteen rows: eight written, seven rejected"
same_file "$D/sp.rejects.want" "$D/sp.rejects" "each rejected entry with its line, reason and fields"
is "$(sql "SELECT count(*) FROM ansinh.support WHERE id = '$S_CASH'")" 1 \
	"an entry's id is the UUIDv8 of its household, kind, date, amount, fund, organization, member, need and description"
is "$(sql "SELECT amount_vnd||'|'||given_on||'|'||reason FROM ansinh.support WHERE reverses_id = '$S_CASH'")" \
	"-500000|2023-01-25|Nhập nhầm hộ" "a row with 'reverses' is a reversing entry of the row above it in the file"
is "$(sql "SELECT id FROM ansinh.support WHERE reverses_id = '$S_CASH'")" "$(derive "ansinh:support:AK:reverses:$S_CASH")" \
	"whose id follows the entry it reverses"
is "$(sql "SELECT o.name FROM ansinh.support s JOIN ansinh.organization o ON o.id = s.organization_id WHERE s.id = '$S_HOUSE'")" \
	"$ORG_NAME" "an organization is named by its name"
is "$(sql "SELECT status FROM ansinh.need WHERE id = '$N1'")" fulfilled "a row naming an approved need fulfils it"
is "$(sql "SELECT s.amount_vnd FROM ansinh.support s WHERE s.id = ansinh.need_live_support('AK', '$N2')")||$(sql "SELECT status FROM ansinh.need WHERE id = '$N2'")" \
	"3000000||fulfilled" "fulfilled, reversed and fulfilled again by three rows of the same day: the last entry stands"
run ans ak --format csv import supports "$D/sp.csv"
is "$(summary "$OUT" written already rejected)" "0,8,7" "the same file again writes nothing"
sed -i -e 's/,abc,/,300.000,/' -e 's#31/02/2023#28/02/2023#' -e 's/^AK-998,/AK-003,/' -e 's/trồng rau/hiện vật/' \
	-e 's/Gạo \xff/Gạo/' -e 's/Không nguồn,100000,2023-01-20,,/Không nguồn,100000,2023-01-20,gratitude,/' \
	-e 's/,60000000,2023-06-02,/,-60000000,2023-06-02,/' "$D/sp.csv"
run ans ak --format csv import supports "$D/sp.csv" --rejects "$D/sp.rejects"
is "$RC" 0 "the corrected file imports"
is "$(summary "$OUT" written already rejected)" "7,8,0" "the seven corrected rows are written, the eight others recognised"
is "$(sql "SELECT count(*)||'|'||sum(amount_vnd) FROM ansinh.support")" "15|9100000" "fifteen entries, none twice, net 9,100,000 VND"
is "$(sql "SELECT count(*) FROM ansinh.support WHERE reverses_id = '$S_HOUSE'")" 1 "the house entry is reversed once"
printf 'household,kind,description,amount_vnd,given_on,fund,reverses,reversal_reason\nAK-002,cash,x,,2023-07-01,gratitude,%s,Hai lần\n' "$S_CASH" >"$D/sp-twice.csv"
run ans ak --format csv import supports "$D/sp-twice.csv"
like "$ERR" "sp-twice.csv:2: ALREADY_EXISTS: support $(derive "ansinh:support:AK:reverses:$S_CASH") already exists in ward AK with different content" \
	"an entry is reversed once: another reversal of it is the same record, with other content"
printf 'household,kind,description,amount_vnd,fund,reversal_reason\nAK-002,cash,x,1,gratitude,Sai\n' >"$D/sp-reason.csv"
run ans ak --format csv import supports "$D/sp-reason.csv" --dry-run
like "$ERR" "sp-reason.csv:2: reversal_reason: only a reversing entry \(with reverses\) has a reason" \
	"a reason without 'reverses' is refused"

# ================================================================ assessments
A0=$(ans ak assess add --household AK-003 --year 2022 --income 1000000 --on 2022-06-01)
is "$?" 0 "an assessment recorded by hand (assess add)"
flags0=',,,,,,,,,,,,'
{
	printf 'Mã hộ,Năm,Ngày rà soát,Khu vực,Thu nhập bình quân đầu người,Việc làm,Người phụ thuộc,Dinh dưỡng,'
	printf 'Bảo hiểm y tế,Trình độ giáo dục của người lớn,Tình trạng đi học của trẻ em,Chất lượng nhà ở,'
	printf 'Diện tích nhà ở bình quân đầu người,Nguồn nước sinh hoạt,Nhà tiêu hợp vệ sinh,'
	printf 'Sử dụng dịch vụ viễn thông,Phương tiện phục vụ tiếp cận thông tin,Người rà soát,Ghi chú\n'
	printf 'AK-001,2024,2024-01-10,thành thị,"1,850,000",0,0,0,1,0,0,0,1,1,1,0,0,Trần Văn Rà,\n'
	printf 'AK-002,2024,10/01/2024,nông thôn,1500000,x,,,,,,,,,,,,,\n'
	printf 'AK-003,2024,2024-01-10,urban,2.000.001%s,,"Nhà dột\nmái tôn"\n' "$flags0"
	printf 'AK-999,2024,2024-01-10,urban,1000000%s,,\n' "$flags0"
	printf 'AK-001,2024,2024-01-11,urban,1000000%s,,\n' "$flags0"
	printf 'AK-002,1999,1999-01-10,urban,1000000%s,,\n' "$flags0"
	printf 'AK-003,2023,2021-05-01,urban,1000000%s,,\n' "$flags0"
	printf 'AK-001,2021,2021-05-01,ngoại ô,1000000%s,,\n' "$flags0"
	printf 'AK-002,2021,2021-05-01,urban,1000000,có thể,,,,,,,,,,,,,\n'
	printf 'AK-003,2021,2021-05-01,urban,một triệu%s,,\n' "$flags0"
	printf 'AK-004,2024,2024-05-01,urban,1000000%s,Người \xff,\n' "$flags0"
	printf 'AK-003,2022,2022-06-01,urban,1000000%s,,\n' "$flags0"
	printf 'AK-004,2010,,urban,1000000%s,,\n' "$flags0"
	printf 'AK-002,2023,31/12/2023,urban,2500000%s,,\n' "$flags0"
} >"$D/as.csv"
{
	printf 'line,reason,%s\n' "$(head -n 1 "$D/as.csv")"
	printf '6,NOT_FOUND: household '"'"'AK-999'"'"' was not found in ward AK,AK-999,2024,2024-01-10,urban,1000000%s,,\n' "$flags0"
	printf '7,the same assessment as line 2 (AK-001:2024),AK-001,2024,2024-01-11,urban,1000000%s,,\n' "$flags0"
	printf '8,Năm: must be a year from 2000 to 2100,AK-002,1999,1999-01-10,urban,1000000%s,,\n' "$flags0"
	printf '9,"Ngày rà soát: '"'"'2021-05-01'"'"' must be in the review year 2023, the year before or the year after",AK-003,2023,2021-05-01,urban,1000000%s,,\n' "$flags0"
	printf '10,Khu vực: '"'"'ngoại ô'"'"' is not one of urban|rural (in Vietnamese: thành thị|đô thị|nông thôn),AK-001,2021,2021-05-01,ngoại ô,1000000%s,,\n' "$flags0"
	printf '11,Việc làm: '"'"'có thể'"'"' is not yes or no,AK-002,2021,2021-05-01,urban,1000000,có thể,,,,,,,,,,,,,\n'
	printf '12,"Thu nhập bình quân đầu người: '"'"'một triệu'"'"' is not an amount in VND (digits, optionally grouped by threes: 60000000, 60.000.000, 60,000,000)",AK-003,2021,2021-05-01,urban,một triệu%s,,\n' "$flags0"
	printf '13,"Người rà soát: is not valid UTF-8 (save the file as ""CSV UTF-8"")",AK-004,2024,2024-05-01,urban,1000000%s,Người �,\n' "$flags0"
	printf '14,ALREADY_EXISTS: household AK-003 already has an assessment for 2022 (id %s),AK-003,2022,2022-06-01,urban,1000000%s,,\n' "$A0" "$flags0"
	printf '15,Ngày rà soát: is required: today is more than a year from review year 2010,AK-004,2010,,urban,1000000%s,,\n' "$flags0"
} >"$D/as.rejects.want"
run ans ak --format csv assess import "$D/as.csv" --rejects "$D/as.rejects"
is "$RC" 2 "assess import of a ward's review with bad rows exits 2"
is "$(summary "$OUT" kind rows written rejected)" "assessments,14,4,10" "fourteen rows: four written, ten rejected"
same_file "$D/as.rejects.want" "$D/as.rejects" "each rejected row with its line and reason: the CSV import's per-row errors"
is "$(sql "SELECT id FROM ansinh.poverty_assessment WHERE year = 2024 AND household_id = (SELECT id FROM ansinh.household WHERE code = 'AK-001')")" \
	"$(derive 'ansinh:assessment:AK:AK-001:2024')" "an assessment's id is the UUIDv8 of ward, household and year"
is "$(sql "SELECT string_agg(household_code||':'||status, ' ' ORDER BY household_code) FROM ansinh.poverty_classification WHERE year = 2024 AND standard_code = 'central-2022'")" \
	"AK-001:poor AK-002:near-poor AK-003:none" "PostgreSQL classifies the imported rows (urban poor, rural near-poor, average)"
is "$(sql "SELECT reason FROM ansinh.poverty_classification c WHERE year = 2024 AND household_code = 'AK-001' AND standard_code = 'central-2022'")" \
	"income 1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance, housing area, domestic water, hygienic latrine" \
	"with its reason, from the indicator columns"
run ans ak --format csv import assessments "$D/as.csv" --rejects "$D/as.rejects2"
is "$(summary "$OUT" written already rejected)" "0,4,10" "import assessments is the same command: the rows are recognised"
cmp -s "$D/as.rejects" "$D/as.rejects2"
ok $? "with the same rejects"
# (2021: no standard covers it; the corrected rows are of 2025)
sed -i -e 's/^AK-999,2024,2024-01-10,/AK-001,2023,2023-01-10,/' -e 's/^AK-001,2024,2024-01-11,/AK-001,2022,2022-01-11,/' \
	-e 's/^AK-002,1999,1999-/AK-002,2022,2022-/' -e 's/^AK-003,2023,2021-/AK-003,2023,2023-/' \
	-e 's/ngoại ô/urban/' -e 's/có thể/x/' -e 's/một triệu/1000000/' -e 's/Người \xff/Người rà/' \
	-e 's/^AK-004,2010,,/AK-004,2023,2023-12-01,/' -e 's/,2021,2021-05-01,/,2025,2025-05-01,/' "$D/as.csv"
run ans ak --format csv assess import "$D/as.csv" --rejects "$D/as.rejects"
is "$RC" 2 "after the corrections, only the household assessed by hand is still refused"
is "$(summary "$OUT" written already rejected)" "9,4,1" "nine corrected rows written, four recognised"
is "$(sql "SELECT count(*) FROM ansinh.poverty_assessment")" 14 "fourteen assessments, none twice"
sed "s/^AK-002,2024,10\/01\/2024,nông thôn,1500000,x,/AK-002,2024,10\/01\/2024,nông thôn,1500001,x,/" "$D/as.csv" >"$D/as-changed.csv"
run ans ak --format csv import assessments "$D/as-changed.csv" --rejects "$D/as.rejects"
like "$(sed -n 2p "$D/as.rejects")" "^3,ALREADY_EXISTS: assessment $(derive 'ansinh:assessment:AK:AK-002:2024') already exists in ward AK with different content," \
	"a changed income for the same household and year is a conflict"
run ans ak assess import "$D/as.csv" --dry-run --format csv
is "$RC,$(summary "$OUT" rows valid rejected)" "0,14,14,0" "a dry run checks every row and sends nothing"

# ================================================================ export
run ans ak export needs
is "$RC" 0 "export needs exits 0"
printf '%s\n' "$OUT" >"$D/nd.export.csv"
is "$(head -n 1 "$D/nd.export.csv")" "ward,household,member,kind,description,estimate_vnd,surveyed_on,dialogue,note,id" "its header"
like "$(grep -A1 "^AK,AK-001,,livelihood-equipment,Tủ trưng bày" "$D/nd.export.csv" | tr '\n' '|')" \
	"^AK,AK-001,,livelihood-equipment,Tủ trưng bày bán hàng,5000000,2023-03-01,,\"Bán xôi\|buổi sáng\",$N1\|$" \
	"a need in the words import reads, with its note"
is "$(csvrows "$D/nd.export.csv")" "$(sql "SELECT count(*) FROM ansinh.need")" "one record per need"
run ans ak export supports
is "$RC" 0 "export supports exits 0"
printf '%s\n' "$OUT" >"$D/sp.export.csv"
is "$(head -n 1 "$D/sp.export.csv")" "ward,household,member,kind,description,amount_vnd,given_on,fund,org,need,reverses,reversal_reason,id" "its header"
is "$(grep -c '' "$D/sp.export.csv")" 16 "one line per entry"
is "$(grep ',2023-05-01,' "$D/sp.export.csv" | cut -d, -f6 | tr '\n' ' ')" "300000 -300000 3000000 " \
	"a day's entries that fulfil or reverse are in the order they were recorded"
like "$(grep "^AK,AK-003,,house-new,Xây nhà mới,60000000," "$D/sp.export.csv")" ",$ORG_NAME,,,,$S_HOUSE\$" "the organization by name"
run ans ak export assessments
is "$RC" 0 "export assessments exits 0"
printf '%s\n' "$OUT" >"$D/as.export.csv"
is "$(head -n 1 "$D/as.export.csv")" \
	"ward,household,year,assessed_on,area,income_vnd,employment,dependants,nutrition,health-insurance,adult-education,child-schooling,housing-quality,housing-area,water,latrine,telecom,information-access,digital-services,internet-access,waste-handling,reviewer,note,id" \
	"its header: the columns of README's assessment CSV"
is "$(grep '^AK,AK-001,2024,' "$D/as.export.csv")" \
	"AK,AK-001,2024,2024-01-10,urban,1850000,no,no,no,yes,no,no,no,yes,yes,yes,no,no,no,no,no,Trần Văn Rà,,$(derive 'ansinh:assessment:AK:AK-001:2024')" \
	"an assessment as import reads it"
is "$(csvrows "$D/as.export.csv")" 14 "one record per assessment"

# a second standard for 2024: the list has two rows per assessment, export one
for area in urban rural; do
	ans district standard add --code danang-2022 --scope city --area $area --name "Chuẩn nghèo Đà Nẵng" \
		--from 2022-01-01 --to 2025-12-31 --line 2,500,000 >/dev/null
done
run ans ak export assessments
printf '%s\n' "$OUT" >"$D/as.export2.csv"
cmp -s "$D/as.export.csv" "$D/as.export2.csv"
ok $? "with two standards classifying each assessment, each is still written once"

run ans ak export supports --year 2022
is "$(printf '%s\n' "$OUT" | csvcol - 7)" "2022-12-20" "export supports --year keeps the entries given that year"
run ans ak export needs --year 2023
is "$(printf '%s\n' "$OUT" | csvrows -)" 10 "export needs --year keeps the needs surveyed that year"
run ans ak export needs --year 2022
is "$(printf '%s\n' "$OUT")" "ward,household,member,kind,description,estimate_vnd,surveyed_on,dialogue,note,id" "and none of another year"
run ans ak export assessments --year 2024
is "$(printf '%s\n' "$OUT" | csvcol - 2 3)" "AK-001,2024 AK-002,2024 AK-003,2024 AK-004,2024" \
	"export assessments --year keeps one review year"
run ans ak export members --year 2023
is "$RC" 1 "--year for a kind without a year is a usage error"
like "$ERR" "--year: members have no year \(it applies to needs, supports, assessments\)" "saying which kinds have one"

for k in nd sp as; do
	case $k in nd) kind=needs ;; sp) kind=supports ;; as) kind=assessments ;; esac
	run ans ak --format csv import $kind "$D/$k.export.csv"
	is "$RC,$(field "$OUT" rejected)" "0,0" "the export of $kind imports back into the same database: the same records"
done

# ================================================================ a second database
run ans ak export households
printf '%s\n' "$OUT" >"$D/hh.export.csv"
run ans ak export members
printf '%s\n' "$OUT" >"$D/mb.export.csv"
stop_daemon
B_DB="${T_DB}_b"
psql -X -q -U postgres -d postgres -c "SET client_min_messages = warning" \
	-c "DROP DATABASE IF EXISTS $B_DB" \
	-c "CREATE DATABASE $B_DB TEMPLATE ansinh OWNER ansinh_owner" >/dev/null
OWNER_DB="dbname=$B_DB user=ansinh_owner"
DAEMON_DB="dbname=$B_DB user=ansinhd"
token akb ward AK
token districtb district
start_daemon
ans akb import households "$D/hh.export.csv" >/dev/null &&
	ans akb import members "$D/mb.export.csv" >/dev/null &&
	ans districtb org add --name "$ORG_NAME" --kind province-committee >/dev/null
is "$?" 0 "the second database gets the households, members and sponsor"
run ans akb --format csv import needs "$D/nd.export.csv"
is "$RC,$(field "$OUT" written)" "0,10" "every need"
for n in "$N1" "$N2"; do
	ans districtb need verify "$n" --date 2023-03-10 --ward AK >/dev/null &&
		ans districtb need approve "$n" --date 2023-03-10 --ward AK >/dev/null
done
run ans akb --format csv import supports "$D/sp.export.csv"
is "$RC,$(field "$OUT" written)" "0,15" "every entry, the needs approved there as here"
run ans akb --format csv import assessments "$D/as.export.csv"
is "$RC,$(field "$OUT" written)" "0,14" "every assessment"
for k in nd sp as; do
	case $k in nd) kind=needs ;; sp) kind=supports ;; as) kind=assessments ;; esac
	run ans akb export $kind
	printf '%s\n' "$OUT" >"$D/$k.export.b.csv"
	cmp -s "$D/$k.export.csv" "$D/$k.export.b.csv"
	st=$?
	ok $st "the second database exports the same $kind, byte for byte"
	[ $st -eq 0 ] || diag "$(diff "$D/$k.export.csv" "$D/$k.export.b.csv")"
done
is "$(psql -X -q -At -U postgres -d "$B_DB" -c "SELECT string_agg(status, ',' ORDER BY status) FROM ansinh.need WHERE id IN ('$N1', '$N2')")" \
	"fulfilled,fulfilled" "the needs are fulfilled there too"
stop_daemon
psql -X -q -U postgres -d postgres -c "DROP DATABASE IF EXISTS $B_DB WITH (FORCE)" >/dev/null
