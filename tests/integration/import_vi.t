#!/usr/bin/env bash
# Import of the spreadsheets wards really keep: the Vietnamese headers
# ("Họ và tên chủ hộ", "Tổ dân phố số", "Địa chỉ thường trú", "Ngày tháng
# năm sinh", "Số định danh cá nhân"…), a ';'-separated file (Excel under
# Vietnamese regional settings) refused with how to save it, identical rows
# again counted as already there, and a bad word that lists the Vietnamese
# words too.
. "$(dirname "$0")/../lib/common.sh"

plan 11

token ak ward AK
start_daemon
D=$T_DIR
field() { # field CSV COLUMN — the value of COLUMN in the CSV's first data row
	printf '%s\n' "$1" | awk -F, -v k="$2" 'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{print $c[k]}'
}

printf 'STT,Mã hộ gia đình,Họ và tên chủ hộ,Tổ dân phố số,Địa chỉ thường trú,Điện thoại liên hệ,Loại hộ,Ngày công nhận hộ nghèo\n' >"$D/hh.csv"
printf '1,AK-001,Trương Văn Hoành,31,"K12/4 Hà Huy Tập",0905123456,hộ nghèo,05/01/2023\n' >>"$D/hh.csv"
printf '2,AK-002,Lê Thị Hòa,7,,,hộ cận nghèo,01/02/2023\n' >>"$D/hh.csv"
run ans ak --format csv import households "$D/hh.csv"
is "$RC:$(field "$OUT" written)" "0:2" "a ward's household sheet with its own headers is imported"
is "$(sql "SELECT head_name||'|'||residential_group||'|'||address||'|'||phone||'|'||status||'|'||status_since FROM ansinh.household WHERE code = 'AK-001'")" \
	"Trương Văn Hoành|31|K12/4 Hà Huy Tập|0905123456|poor|2023-01-05" "every column found by its Vietnamese name"
run ans ak --format csv import households "$D/hh.csv"
is "$RC:$(field "$OUT" written):$(field "$OUT" already)" "0:0:2" "again: nothing written, both already there"

printf 'Mã hộ,Họ và tên thành viên,Ngày tháng năm sinh,Giới tính,Số định danh cá nhân,Mối quan hệ\n' >"$D/mb.csv"
printf 'AK-001,Trương Văn Hoành,02/03/1968,nam,048068001234,chủ hộ\n' >>"$D/mb.csv"
run ans ak --format csv import members "$D/mb.csv"
is "$RC:$(field "$OUT" written)" "0:1" "members with their Vietnamese headers"
is "$(sql "SELECT full_name||'|'||birth_date||'|'||citizen_id||'|'||relation FROM ansinh.person")" \
	"Trương Văn Hoành|1968-03-02|048068001234|head" "name, birth date, citizen ID and relation found"
run ans ak --format csv import members "$D/mb.csv"
is "$RC:$(field "$OUT" written):$(field "$OUT" already)" "0:0:1" "the same member again is already there"

printf 'Mã hộ;Họ và tên chủ hộ\r\nAK-009;Nguyễn Văn Chín\r\n' >"$D/semi.csv"
run ans ak import households "$D/semi.csv"
is "$RC" 1 "a ';'-separated file is refused before anything is sent"
like "$ERR" "semi.csv:1: the columns are separated by ';', not ','" "it says so"
like "$ERR" "CSV UTF-8 \(Comma delimited\)" "and how to save it from Excel"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'AK-009'")" 0 "nothing written"

printf 'Mã hộ,Họ và tên chủ hộ,Loại hộ\nAK-010,Phan Văn Mười,khá giả\n' >"$D/bad.csv"
run ans ak --format csv import households "$D/bad.csv" --rejects "$D/rej.csv"
like "$(cat "$D/rej.csv" 2>/dev/null)$ERR" "'khá giả' is not one of poor\|near-poor\|none \(in Vietnamese: [^)]*cận nghèo" \
	"a bad word lists the English words and the Vietnamese ones"
