#!/usr/bin/env bash
# CSV import and export through the real client: Vietnamese headers and a
# byte order mark, the exact rejects of a file with bad rows (line numbers
# and reasons), a dry run, re-runs that write what is left and duplicate
# nothing (also after the officer corrected rejected rows in the same file),
# a changed row reported as a conflict, header and token errors, the
# progress bar only on a terminal, and an export that imports back into
# another database unchanged.
. "$(dirname "$0")/../lib/common.sh"

plan 79

token ak ward AK
token kd ward KD
token district district
token auditor auditor
start_daemon
D=$T_DIR
field() { # field CSV-SUMMARY NAME — a value from the summary's CSV
	printf '%s\n' "$1" | awk -F, -v k="$2" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{print $c[k]}'
}

# --- households: BOM, Vietnamese headers, D/M/Y dates, quotes, CRLF
printf '\xef\xbb\xbfMã hộ,Chủ hộ,Tổ dân phố,Địa chỉ,Diện,Từ ngày,Hộ chính sách,STT\r\n' >"$D/hh.csv"
printf 'AK-001,Trương Văn Hoành,31,"K12/4 Hà Huy Tập, tổ 31",nghèo,05/01/2023,có,1\r\n' >>"$D/hh.csv"
printf 'AK-002,Lê Thị Hòa,7,,cận nghèo,2023-02-01,không,2\r\n' >>"$D/hh.csv"
printf 'AK-003,Phạm Văn Hoà,7,,,,,3\r\n' >>"$D/hh.csv"
run ans ak --format csv import households "$D/hh.csv"
is "$RC" 0 "import households exits 0"
is "$(field "$OUT" rows),$(field "$OUT" written),$(field "$OUT" rejected)" "3,3,0" "three rows read, three written"
is "$(sql "SELECT code||'|'||head_name||'|'||residential_group||'|'||address||'|'||status||'|'||status_since||'|'||policy FROM ansinh.household WHERE code = 'AK-001'")" \
	"AK-001|Trương Văn Hoành|31|K12/4 Hà Huy Tập, tổ 31|poor|2023-01-05|true" "Vietnamese headers, words and D/M/Y dates are understood"
is "$(sql "SELECT status FROM ansinh.household WHERE code = 'AK-002'")" "near-poor" "cận nghèo is near-poor"
is "$(sql "SELECT id FROM ansinh.household WHERE code = 'AK-001'")" "c1a6434f-4538-8294-a299-288741b2506e" \
	"the id is the documented UUIDv8 of ansinh:household:AK:AK-001"
run ans ak --format csv import households "$D/hh.csv"
is "$RC" 0 "importing the same file again exits 0"
is "$(field "$OUT" written),$(field "$OUT" already)" "0,3" "and writes nothing: all three were already there"
is "$(sql "SELECT count(*) FROM ansinh.household")" 3 "still three households"
is "$(sql "SELECT count(*) FROM ansinh.household_status")" 3 "and three status entries"

# --- members with bad rows: exact rejects
{
	printf 'household,name,born,sex,citizen_id,relation,disability,illness,occupation\n'
	printf 'AK-001,Trương Văn Hoành,02/03/1968,nam,048068001234,chủ hộ,nặng,không,phụ bán quán ăn\n'
	printf 'AK-001,Nguyễn Thị Lan,1970-11-20,nữ,,vợ,,có,bán vé số\n'
	printf 'AK-001,Sai Ngày,1990-02-30,nam,,con,,,\n'
	printf 'AK-999,Không Có Hộ,,,,,,,\n'
	printf 'AK-002,Sai Căn Cước,,,12345,,,,\n'
	printf 'AK-002,Lỗi \xff Mã,,,,,,,\n'
	printf 'AK-002,"Tên\nXuống Dòng",,,,,,,\n'
	printf '\n'
	printf 'AK-002,Con Ngoan,2010-05-05,nam,,con,,,học sinh\n'
} >"$D/mb.csv"
cat >"$D/mb.rejects.want" <<'WANT'
line,reason,household,name,born,sex,citizen_id,relation,disability,illness,occupation
4,born: '1990-02-30' is not a real date,AK-001,Sai Ngày,1990-02-30,nam,,con,,,
5,NOT_FOUND: household 'AK-999' was not found in ward AK,AK-999,Không Có Hộ,,,,,,,
6,citizen_id: '12345' must be 12 digits,AK-002,Sai Căn Cước,,,12345,,,,
7,"name: is not valid UTF-8 (save the file as ""CSV UTF-8"")",AK-002,Lỗi � Mã,,,,,,,
8,name: must be on one line (the cell holds a line break),AK-002,"Tên
Xuống Dòng",,,,,,,
WANT
before=$(sql "SELECT count(*) FROM ansinh.person")
run ans ak --format csv import members "$D/mb.csv" --dry-run
is "$RC" 2 "a dry run with bad rows exits 2"
is "$(field "$OUT" rows),$(field "$OUT" valid),$(field "$OUT" rejected),$(field "$OUT" skipped)" "8,4,4,1" \
	"it checks every row locally (an unknown household needs the daemon)"
is "$(sql "SELECT count(*) FROM ansinh.person")" "$before" "and sends nothing"
like "$ERR" "mb.csv:4: born: '1990-02-30' is not a real date" "without --rejects, rejects go to stderr as FILE:LINE: reason"

run ans ak --format csv import members "$D/mb.csv" --rejects "$D/mb.rejects"
is "$RC" 2 "import with rejected rows exits 2"
is "$(field "$OUT" rows),$(field "$OUT" written),$(field "$OUT" rejected),$(field "$OUT" skipped)" "8,3,5,1" \
	"eight rows: three written, five rejected, one empty line skipped"
diff -u "$D/mb.rejects.want" "$D/mb.rejects" >"$D/mb.rejects.diff"
ok $? "the rejects file has each bad row with its line number, reason and fields"
[ $? -eq 0 ] || diag "$(cat "$D/mb.rejects.diff")"
is "$(sql "SELECT string_agg(full_name, ',' ORDER BY full_name) FROM ansinh.person")" \
	"Con Ngoan,Nguyễn Thị Lan,Trương Văn Hoành" "the good rows are written, around the bad ones"
is "$(sql "SELECT id FROM ansinh.person WHERE citizen_id = '048068001234'")" "d3a3df04-bcd9-8a2c-b468-d5e35eccd445" \
	"a member's id is the documented UUIDv8 of its ward, household and citizen ID"
is "$(sql "SELECT relation||'|'||disability||'|'||serious_illness FROM ansinh.person WHERE full_name = 'Nguyễn Thị Lan'")" \
	"spouse|none|true" "vợ is spouse, có is yes, an empty disability is none"

# --- the officer corrects the rejected rows in the same file and runs it again
{
	printf 'household,name,born,sex,citizen_id,relation,disability,illness,occupation\n'
	printf 'AK-001,Trương Văn Hoành,02/03/1968,nam,048068001234,chủ hộ,nặng,không,phụ bán quán ăn\n'
	printf 'AK-001,Nguyễn Thị Lan,1970-11-20,nữ,,vợ,,có,bán vé số\n'
	printf 'AK-001,Sai Ngày,1990-02-28,nam,,con,,,\n'
	printf 'AK-002,Không Có Hộ,,,,,,,\n'
	printf 'AK-002,Sai Căn Cước,,,048090001111,,,,\n'
	printf 'AK-002,Lỗi Mã,,,,,,,\n'
	printf 'AK-002,"Tên Xuống Dòng",,,,,,,\n'
	printf '\n'
	printf 'AK-002,Con Ngoan,2010-05-05,nam,,con,,,học sinh\n'
} >"$D/mb.csv"
run ans ak --format csv import members "$D/mb.csv" --rejects "$D/mb.rejects"
is "$RC" 0 "after the corrections the same command exits 0"
is "$(field "$OUT" written),$(field "$OUT" already),$(field "$OUT" rejected)" "5,3,0" \
	"it writes the five corrected rows; the three written before are recognised"
is "$(sql "SELECT count(*) FROM ansinh.person")" 8 "eight members, none twice"
is "$(wc -l <"$D/mb.rejects" | tr -d ' ')" 1 "the rejects file now holds only its header"

# --- a changed row for an existing key is a conflict, not a duplicate
sed -i 's/bán vé số/bán xôi/' "$D/mb.csv"
run ans ak --format csv import members "$D/mb.csv" --rejects "$D/mb.rejects"
is "$RC" 2 "a row whose key exists with other content is rejected"
like "$(cat "$D/mb.rejects")" "^3,ALREADY_EXISTS: member [0-9a-f-]+ already exists in ward AK with different content" \
	"as a conflict, on its line"
is "$(sql "SELECT occupation FROM ansinh.person WHERE full_name = 'Nguyễn Thị Lan'")" "bán vé số" "the record is not changed"
is "$(sql "SELECT count(*) FROM ansinh.person")" 8 "and not doubled"

# --- the same key twice in one file
printf 'household,name,born\nAK-003,Hai Lần,2001-01-01\nAK-003,Một Mình,\nAK-003,Hai Lần,2001-01-01\n' >"$D/dup.csv"
run ans ak --format csv import members "$D/dup.csv"
is "$RC" 2 "a file with the same member twice exits 2"
like "$ERR" "dup.csv:4: the same member as line 2 \(AK-003:name:Hai Lần:2001-01-01\)" "the second is rejected, naming the first"
is "$(sql "SELECT count(*) FROM ansinh.person WHERE full_name = 'Hai Lần'")" 1 "it is written once"

# --- header and file errors: nothing is sent
printf 'code,head,colour\nAK-050,X,red\n' >"$D/bad1.csv"
run ans ak import households "$D/bad1.csv"
is "$RC" 1 "an unknown column is a usage error"
like "$ERR" "bad1.csv:1: unknown column 'colour' for households" "naming it"
like "$ERR" "the columns of households are: ward code\* head\*" "and listing the columns"
printf 'code,group\nAK-051,3\n' >"$D/bad2.csv"
run ans ak import households "$D/bad2.csv"
is "$RC" 1 "a missing required column is a usage error"
like "$ERR" "the column 'head' is missing" "naming it"
printf 'code,mã hộ,head\n' >"$D/bad3.csv"
run ans ak import households "$D/bad3.csv"
is "$RC" 1 "two columns meaning the same is a usage error"
printf '\xff\xfec\x00o\x00d\x00e\x00\n\x00' >"$D/utf16.csv"
run ans ak import households "$D/utf16.csv"
is "$RC" 1 "a UTF-16 file is refused"
like "$ERR" "UTF-16" "saying how to save it"
: >"$D/empty.csv"
run ans ak import households "$D/empty.csv"
is "$RC" 1 "an empty file is refused"
run ans ak import pairings "$D/hh.csv"
is "$RC" 1 "an unknown kind is a usage error"
like "$ERR" "KIND: must be one of households\|members\|needs\|supports\|assessments" "listing the kinds there are"
run ans ak import households "$D/hh.csv" --rejects "$D/hh.csv"
is "$RC" 1 "the rejects file cannot be the input"
is "$(sql "SELECT count(*) FROM ansinh.household")" 3 "nothing was sent by any of these"

# --- wards and tokens
printf 'code,head\nKD-001,Người Khuê Đông\n' >"$D/noward.csv"
run ans district import households "$D/noward.csv"
is "$RC" 1 "a district token needs --ward or a ward column"
like "$ERR" "say which ward with --ward" "and says so"
run ans district --format csv import households "$D/noward.csv" --ward KD
is "$RC" 0 "with --ward it imports"
is "$(sql "SELECT ward_code FROM ansinh.household WHERE code = 'KD-001'")" KD "into that ward"
run ans ak import households "$D/noward.csv" --ward KD
is "$RC" 1 "a ward token cannot import into another ward"
run ans auditor import households "$D/noward.csv" --ward KD
is "$RC" 2 "an auditor token cannot import"
like "$ERR" "auditor token is read-only" "and is told so before any row is sent"
printf 'ward,code,head\nAK,AK-060,Đúng Phường\nKD,KD-060,Sai Phường\n' >"$D/wards.csv"
run ans ak --format csv import households "$D/wards.csv"
is "$RC" 2 "a row of another ward is rejected for a ward token"
like "$ERR" "wards.csv:3: ward: the row is for ward KD, and the token may write only ward AK" "with the reason"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code IN ('AK-060', 'KD-060')")" 1 "the other row is written"

# --- progress: never on a pipe, on a terminal only
python3 -c '
print("code,head,group")
for i in range(1, 1201):
    print("P-%04d,Người Số %d,%d" % (i, i, i % 999 + 1))
' >"$D/many.csv"
run ans ak --format csv import households "$D/many.csv"
is "$RC" 0 "1200 households import"
is "$(field "$OUT" written)" 1200 "all written"
unlike "$ERR" $'\r' "nothing but messages on stderr when it is not a terminal"
if command -v script >/dev/null 2>&1; then
	python3 -c '
print("code,head")
for i in range(1, 201):
    print("Q-%04d,Người %d" % (i, i))
' >"$D/tty.csv"
	script -qfec "$ANSINH --token-file $D/ak.token import households $D/tty.csv" "$D/tty.log" >/dev/null 2>&1
	like "$(tr '\r' '\n' <"$D/tty.log")" "[0-9,]+ rows  [0-9,]+ rows/s" "on a terminal a progress bar shows rows and rows/s"
else
	ok 0 "# SKIP script(1) is not installed"
fi
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code LIKE 'P-%'")" 1200 "none twice"

# --- export, and import of the export into another database
run ans ak household add --code AK-F1 --head "=1+2" --phone "+84 905 123 456" --since 2023-01-05
is "$RC" 0 "a household whose head begins with = and whose phone begins with +"
run ans ak export households
is "$RC" 0 "export households exits 0"
printf '%s\n' "$OUT" >"$D/hh.export.csv"
is "$(head -n 1 "$D/hh.export.csv")" "ward,code,head,group,address,phone,policy,special,status,since,id" "its header"
total=$(sql "SELECT count(*) FROM ansinh.household WHERE ward_code = 'AK'")
is "$(($(wc -l <"$D/hh.export.csv") - 1))" "$total" "one line per household of the ward, over several pages"
like "$(grep '^AK,AK-001,' "$D/hh.export.csv")" '^AK,AK-001,Trương Văn Hoành,31,"K12/4 Hà Huy Tập, tổ 31",,yes,no,poor,2023-01-05,c1a6434f-4538-8294-a299-288741b2506e$' \
	"a line as import reads it"
like "$(grep '^AK,AK-F1,' "$D/hh.export.csv")" "^AK,AK-F1,'=1\\+2,,,'\\+84 905 123 456,no,no,poor,2023-01-05," \
	"cells a spreadsheet would run as formulas are written after a guarding '"
run ans ak export members
is "$RC" 0 "export members exits 0"
printf '%s\n' "$OUT" >"$D/mb.export.csv"
is "$(($(wc -l <"$D/mb.export.csv") - 1))" "$(sql "SELECT count(*) FROM ansinh.person WHERE ward_code = 'AK'")" "every member of the ward"
grep -Eq ',[0-9]{12},' "$D/mb.export.csv"
ok $? "(members with citizen IDs among them)"
run ans ak export members --redact
is "$RC,$(printf '%s\n' "$OUT" | head -n 1)" "0,ward,household,name,born,sex,relation,disability,illness,occupation,id" \
	"export members --redact leaves the citizen_id column out"
unlike "$OUT" "[0-9]{12}" "and no citizen ID is written"
is "$(($(printf '%s\n' "$OUT" | wc -l) - 1))" "$(sql "SELECT count(*) FROM ansinh.person WHERE ward_code = 'AK'")" \
	"every member is still there"
run ans ak export households --redact
like "$RC:$ERR" "^1:.*--redact: households have no column of sensitive personal data" \
	"--redact of a kind without personal data is a usage error"
run ans district export households --ward KD
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2)" "KD-001" "--ward chooses the ward"
run ans ak --format csv import households "$D/hh.export.csv"
is "$RC" 0 "the export imports back into the same database"
is "$(field "$OUT" rejected)" 0 "as the same records: no conflict"

stop_daemon
B_DB="${T_DB}_b"
psql -X -q -U postgres -d postgres -c "SET client_min_messages = warning" \
	-c "DROP DATABASE IF EXISTS $B_DB" \
	-c "CREATE DATABASE $B_DB TEMPLATE ansinh OWNER ansinh_owner" >/dev/null
OWNER_DB="dbname=$B_DB user=ansinh_owner"
DAEMON_DB="dbname=$B_DB user=ansinhd"
token akb ward AK
start_daemon
run ans akb --format csv import households "$D/hh.export.csv"
is "$RC,$(field "$OUT" written)" "0,$total" "into an empty database, every household"
run ans akb --format csv import members "$D/mb.export.csv"
is "$RC" 0 "and every member"
run ans akb export households
printf '%s\n' "$OUT" >"$D/hh.export2.csv"
cmp -s "$D/hh.export.csv" "$D/hh.export2.csv"
ok $? "the second database exports the same households, byte for byte"
is "$(psql -X -q -At -U postgres -d "$B_DB" -c "SELECT head_name||'|'||phone FROM ansinh.household WHERE code = 'AK-F1'")" \
	"=1+2|+84 905 123 456" "the guarded cells import as the values they guard"
run ans akb export members
printf '%s\n' "$OUT" >"$D/mb.export2.csv"
cmp -s "$D/mb.export.csv" "$D/mb.export2.csv"
ok $? "and the same members"
stop_daemon
psql -X -q -U postgres -d postgres -c "DROP DATABASE IF EXISTS $B_DB WITH (FORCE)" >/dev/null
