#!/usr/bin/env bash
# Coordination agreements end to end through the real client: the
# district's and a ward's, one per organization, year and ward, the signing
# date in the year (or the year before), who may record what, list by year
# and organization; pairings and programmes that name the agreement they
# serve (its ward and year checked), the counts in the list and in
# ansinh.agreement_counts, the audit trails.
. "$(dirname "$0")/../lib/common.sh"

org_add() { # org_add NAME KIND [WARD] — prints the new organization's id
	sql "INSERT INTO ansinh.organization (id, name, kind, ward_code)
	     VALUES (gen_random_uuid(), '$1', '$2', NULLIF('${3:-}', '')) RETURNING id"
}

plan 31

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
rows() { printf '%s\n' "$1" | tail -n +2 | grep -c . ; }

WU=$(org_add "Hội Liên hiệp Phụ nữ quận Thanh Khê" association)
YU=$(org_add "Đoàn Thanh niên phường An Khê" association AK)
SP=$(org_add "Công ty Cổ phần Xây dựng 5" business)
ans ak household add --code AK-1 --head "Trương Văn Hoành" >/dev/null &&
	ans cg household add --code CG-1 --head "Đặng Văn Hai" >/dev/null
ok $? "setup: organizations and households"

# --------------------------------------------------------------- add
run ans district agreement add --district-wide --org "$WU" --year 2024 --signed 2023-12-28 \
	--tasks "Phối hợp giảm nghèo bền vững năm 2024: vận động nhận đỡ đầu 25 hộ"
is "$RC" 0 "the district signs with the Women's Union, at the end of the year before"
A1=$OUT
like "$A1" "$UUID_RE" "it prints a UUIDv7"
is "$(sql "SELECT (ward_code IS NULL)||'|'||year||'|'||signed_on FROM ansinh.coordination_agreement WHERE id = '$A1'")" \
	"true|2024|2023-12-28" "it is in PostgreSQL, the district's"
run ans ak agreement add --org "$YU" --signed 2024-01-15 --tasks "Thanh niên tình nguyện hỗ trợ hộ nghèo"
is "$RC" 0 "a ward signs with its Youth Union; the year is the signing's"
A2=$OUT
is "$(sql "SELECT ward_code||'|'||year FROM ansinh.coordination_agreement WHERE id = '$A2'")" "AK|2024" "AK, 2024"
run ans district agreement add --district-wide --org "$WU" --year 2024 --signed 2024-01-02 --tasks "lần hai"
like "$RC:$ERR" "^2:.*ALREADY_EXISTS: an agreement with Hội Liên hiệp Phụ nữ quận Thanh Khê for 2024 was already signed by the district" \
	"one per organization, year and district"
run ans district agreement add --ward CG --org "$WU" --year 2024 --signed 2024-02-01 --tasks "phường Chính Gián"
is "$RC" 0 "but a ward may sign with the same association"
run ans district agreement add --district-wide --org "$WU" --year 2025 --signed 2023-06-01 --tasks "x"
like "$RC:$ERR" "^1:ansinh: --signed must be in --year or the year before" "a signing two years early, in the client"
A_RID=01a237be-0000-7000-8000-00000000a001
is "$(psql -X -q -At -U ansinhd -d "$T_DB" -c BEGIN -c "$(context_of district "$A_RID")" \
	-c "SELECT code||'|'||message FROM ansinh_api.agreement_create('$A_RID', '$A_RID', NULL, true, '$WU', 2025, '2023-06-01', 'x')" | grep '|')" \
	"3|signing date 2023-06-01 is not in 2025 or at the end of 2024" "and in the database"
run ans ak agreement add --district-wide --org "$WU" --tasks "x"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED: only a district token may record a district agreement" "a ward cannot sign for the district"
run ans auditor agreement add --ward AK --org "$WU" --tasks "x"
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "an auditor never writes"
run ans ak agreement add --org "$WU" --tasks "   "
like "$RC:$ERR" "^1:ansinh: --tasks: " "empty tasks"
run ans ak agreement add --org "$WU" --tasks "x" --year 1999
like "$RC:$ERR" "^1:ansinh: --year: " "a year out of range"
run ans ak agreement add --org 01a237be-0000-7000-8000-0000000000ff --tasks "x"
like "$RC:$ERR" "^2:.*NOT_FOUND: organization 01a237be-0000-7000-8000-0000000000ff was not found" "an unknown organization"

# --------------------------------------------------------------- pairings and programmes name it
run ans ak pairing add --org "$SP" --household AK-1 --year 2024 --signed 2024-02-01 --agreement "$A1"
is "$RC" 0 "an AK pairing serves the district's agreement"
P1=$OUT
is "$(sql "SELECT agreement_id FROM ansinh.pairing WHERE id = '$P1'")" "$A1" "the pairing names it"
run ans cg pairing add --org "$SP" --household CG-1 --year 2024 --signed 2024-02-01 --agreement "$A2"
like "$RC:$ERR" "^2:.*(NOT_FOUND: agreement $A2 was not found|INVALID_ARGUMENT: agreement $A2 was signed by ward AK)" \
	"a CG pairing cannot serve AK's agreement"
run ans ak pairing add --org "$SP" --household AK-1 --year 2023 --signed 2023-05-01 --agreement "$A1"
like "$RC:$ERR" "^2:.*INVALID_ARGUMENT: agreement $A1 is for 2024, the pairing for 2023" "nor a pairing of another year"
run ans ak program add --name "Chợ 0 đồng" --org "$YU" --kind produce-market --agreement "$A2"
is "$RC" 0 "an AK programme serves AK's agreement"
run ans district program add --district-wide --name "Tủ bánh mì" --org "$WU" --kind bread-cabinet --agreement "$A2"
like "$RC:$ERR" "^2:.*INVALID_ARGUMENT: agreement $A2 was signed by ward AK: a programme district-wide cannot serve it" \
	"a district-wide programme serves only a district agreement"
run ans district program add --district-wide --name "Tủ bánh mì" --org "$WU" --kind bread-cabinet --agreement "$A1"
is "$RC" 0 "which it may"
run ans ak program add --name "Học bổng" --org "$YU" --kind scholarship --agreement not-an-id
like "$RC:$ERR" "^1:ansinh: --agreement: " "an agreement that is not an id"

# --------------------------------------------------------------- list, counts
run ans ak agreement list --year 2024
is "$RC:$(rows "$OUT")" "0:2" "AK sees its own and the district's"
run ans district agreement list --year 2024 --format csv
is "$(printf '%s\n' "$OUT" | head -1)" "ward,year,organization,signed,pairings,programs,tasks,id" "CSV columns"
like "$(printf '%s\n' "$OUT" | grep "$A1")" "^,2024,Hội Liên hiệp Phụ nữ quận Thanh Khê,2023-12-28,1,1," \
	"the district's agreement with one pairing and one programme"
run ans cg agreement list --org "$YU"
is "$RC:$(rows "$OUT")" "0:0" "CG never sees AK's agreement"
run ans auditor agreement list --year 2025
is "$RC:$(rows "$OUT")" "0:0" "no agreement for 2025"
is "$(sql_as analyst "SELECT concat_ws('|', agreements, district_agreements, organizations, pairings, programmes)
                      FROM ansinh.agreement_counts(2024, NULL)")" "3|1|2|1|2" "an analyst counts the year's agreements and what serves them"
is "$(sql_as analyst "SELECT concat_ws('|', agreements, pairings, programmes) FROM ansinh.agreement_counts(2024, 'CG')")" \
	"2|0|1" "of a ward: its own and the district's"
is "$(sql "SELECT (SELECT count(*) FROM ansinh.audit_event WHERE scope <> 'district' AND table_name = 'coordination_agreement')
            ||'|'||(SELECT count(*) FROM ansinh.audit_event WHERE scope = 'district' AND table_name = 'coordination_agreement')")" \
	"2|1" "the ward agreements in their wards' scope of the trail, the district's in the district scope"
