#!/usr/bin/env bash
# Assessments and recognition end to end: who may record, see and recognize
# what; bad input refused by the client (naming the flag) and by the daemon
# (naming the field); replayed request ids; and the household's status and
# history following the district's recognition, beside `household update`.
. "$(dirname "$0")/../lib/common.sh"

plan 53

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon
RAW="$ANSINH_TOP/tests/tools/rawframe"

HID=$(ans ak household add --code AK-7 --head "Trương Văn Hoành" --group 31 --status poor --since 2023-01-05)
ok $? "setup: a poor household in An Khê"

# --- recording an assessment
run ans ak assess add --household AK-7 --year 2024 --on 2024-11-02 --income 1,850,000 \
	--deprived health-insurance,housing-area,water,latrine --reviewer "Lê Thị Cán" --note "Rà soát cuối năm"
is "$RC" 0 "assess add"
AID=$OUT
like "$AID" '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "prints a UUIDv7"
is "$(sql "SELECT ward_code||'|'||year||'|'||assessed_on||'|'||area||'|'||income_vnd||'|'||deprivation_count||'|'||reviewer FROM ansinh.poverty_assessment WHERE id = '$AID'")" \
	"AK|2024|2024-11-02|urban|1850000|4|Lê Thị Cán" "stored in the token's ward, urban by default"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'poverty_assessment' AND record_id = '$AID' AND actor = 'ak'")" \
	1 "audited, with the token's name"
run ans ak --format csv assess show AK-7
is "$RC" 0 "assess show by code (the latest assessment)"
like "$OUT" "AK,AK-7,Trương Văn Hoành,2024,2024-11-02,urban,1850000,\"health-insurance,housing-area,water,latrine\",4,Lê Thị Cán,Rà soát cuối năm,,$AID,central-2022 poor" \
	"show: every field, and the classification (in CSV one field)"
run ans ak assess show "$HID" --year 2024
is "$RC" 0 "assess show by household id and year (table)"
like "$OUT" "income 1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance, housing area, domestic water, hygienic latrine" \
	"the table shows the reason"
run ans ak assess show AK-7 --year 2023
is "$RC" 2 "no assessment for 2023"
like "$ERR" "NOT_FOUND" "is NOT_FOUND"
run ans ak assess add --household AK-7 --year 2024 --on 2024-11-03 --income 1,900,000
is "$RC" 2 "a second assessment for the same household and year is refused"
like "$ERR" "ALREADY_EXISTS: household AK-7 already has an assessment for 2024 \(id $AID\)" \
	"with ALREADY_EXISTS naming the existing one"

# --- refused before sending, naming the flag
run ans ak assess add --household AK-7 --year 1999 --income 1
like "$RC:$ERR" "^1:ansinh: --year: must be a year from 2000 to 2100" "a year out of range"
run ans ak assess add --household AK-7 --year 2023 --income -5
like "$RC:$ERR" "^1:ansinh: --income: must be a whole amount in VND" "a negative income"
run ans ak assess add --household AK-7 --year 2023 --income 1,85,000
like "$RC:$ERR" "^1:ansinh: --income: must be a whole amount in VND" "a badly grouped income"
run ans ak assess add --household AK-7 --year 2023 --income 1 --deprived water,wifi
like "$RC:$ERR" "^1:ansinh: --deprived: names an unknown indicator" "an unknown indicator"
run ans ak assess add --household AK-7 --year 2023 --income 1 --deprived water,,latrine
like "$RC:$ERR" "^1:ansinh: --deprived: must be indicators separated by single commas" "an empty indicator"
run ans ak assess add --household AK-7 --year 2023 --income 1 --on 2099-01-01
like "$RC:$ERR" "^1:ansinh: --on: must not be in the future" "an assessment in the future"
run ans ak assess add --household AK-7 --year 2023 --income 1 --on 2020-06-01
like "$RC:$ERR" "^1:.*--on must be in the review year, the year before or the year after" "a date far from the review year"
run ans ak assess add --household AK-7 --year 2023 --income 1 --area suburb
like "$RC:$ERR" "^1:ansinh: --area: must be one of urban\|rural" "an unknown area"
run ans ak assess add --household AK-7 --income 1
like "$RC:$ERR" "^1:ansinh: missing required flag --year" "the year is required"
run ans ak assess add --household AK-404 --year 2024 --on 2024-11-02 --income 1
like "$RC:$ERR" "^2:.*NOT_FOUND: household 'AK-404' was not found in ward AK" "an unknown household is NOT_FOUND"
is "$(sql "SELECT count(*) FROM ansinh.poverty_assessment")" 1 "nothing refused was written"

# --- refused by the daemon, naming each field; replayed request ids
run "$RAW" "$ADDR" assessment "$(cat "$T_DIR/ak.token")" AK
like "$OUT" 'code=INVALID_ARGUMENT seq=31' "the daemon refuses an assessment that breaks every rule"
missing=
for f in assessment.id assessment.household_code assessment.year assessment.assessed_on assessment.area \
	assessment.income_vnd assessment.reviewer; do
	case "$OUT" in *"violation=$f:"*) ;; *) missing="$missing $f" ;; esac
done
is "$missing" "" "naming every field: id, household_code, year, assessed_on, area, income_vnd, reviewer"
like "$OUT" 'code=OK seq=32 replayed=0' "a good assessment sent once is written"
like "$OUT" 'code=OK seq=33 replayed=1' "sent again with the same request_id it is replayed"
is "$(sql "SELECT count(*) FROM ansinh.poverty_assessment AS a JOIN ansinh.household AS h ON h.id = a.household_id WHERE h.code = 'RA-1'")" \
	1 "and written once"

# --- other wards, auditors
run ans cg assess show AK-7 --ward AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "another ward cannot read AK's assessment"
run ans cg assess show "$HID"
like "$RC:$ERR" "^2:.*NOT_FOUND" "not even by the household's id"
run ans cg assess add --household "$HID" --year 2023 --on 2023-11-02 --income 1
like "$RC:$ERR" "^2:.*NOT_FOUND" "nor assess it"
run ans cg --format csv assess list
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 0 "CG's list does not show AK's assessments"
run ans auditor --format csv assess list --ward AK
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 2 "an auditor reads them"
run ans auditor assess add --household AK-7 --year 2023 --on 2023-11-02 --income 1 --ward AK
like "$RC:$ERR" "^2:.*PERMISSION_DENIED" "but cannot write"

# --- recognition: the district confirms, the status follows
run ans ak assess recognize AK-7 --year 2024 --on 2024-12-20
like "$RC:$ERR" "^2:.*PERMISSION_DENIED: only a district token may recognize" "a ward cannot recognize a review result"
run ans district assess recognize AK-7 --year 2024 --on 2024-12-20
like "$RC:$ERR" "^2:.*INVALID_ARGUMENT.*ward_code" "the district names the ward to find a household by code"
run ans district assess recognize AK-7 --year 2024 --standard nowhere-2022 --ward AK --on 2024-12-20
like "$RC:$ERR" "^2:.*NOT_FOUND: standard 'nowhere-2022' does not exist" "an unknown standard"
run ans district assess recognize AK-7 --year 2024 --on 2024-12-20 --decision "1234/QĐ-UBND" --ward AK
is "$RC" 0 "the district recognizes AK-7's 2024 result"
is "$(sql "SELECT status||'|'||status_since FROM ansinh.household WHERE code = 'AK-7'")" "poor|2023-01-05" \
	"poor by the central standard, as before: the status and its date stay"
run ans ak --format csv assess show AK-7
like "$OUT" ',"poor by central-2022 on 2024-12-20, 1234/QĐ-UBND",' "assess show shows the recognition"

ans ak assess add --household AK-7 --year 2025 --on 2025-11-10 --income 2,400,000 --deprived water >/dev/null
ok $? "setup: the 2025 assessment (average by the central standard)"
run ans district assess recognize "$HID" --year 2025 --on 2025-12-15
is "$RC" 0 "recognized by the household's id, the ward not needed"
is "$(sql "SELECT status||'|'||status_since FROM ansinh.household WHERE code = 'AK-7'")" "none|2025-12-15" \
	"the status follows the recognition, dated"
run ans ak --format json household show AK-7
is "$(perl -MJSON::PP -e 'my $d = decode_json(join "", <STDIN>);
	print join(" ", map { "$_->{status}:$_->{since}:$_->{recorded_by}" } @{$d->{history}})' <<<"$OUT")" \
	"poor:2023-01-05:ak none:2025-12-15:district" "the history has the change, by the district"
run ans district assess recognize "$HID" --year 2025 --on 2025-12-16
like "$RC:$ERR" "^2:.*ALREADY_EXISTS.*already recognized for 2025" "a different second recognition is refused"

# household update --status keeps working beside recognitions
run ans ak household update AK-7 --status near-poor --since 2026-01-10
is "$RC" 0 "household update --status still works"
is "$(sql "SELECT string_agg(s.status||':'||s.since, ' ' ORDER BY s.since) FROM ansinh.household_status s JOIN ansinh.household h ON h.id = s.household_id WHERE h.code = 'AK-7'")" \
	"poor:2023-01-05 none:2025-12-15 near-poor:2026-01-10" "one history for both paths"
ans ak assess add --household AK-7 --year 2026 --on 2026-01-05 --income 1,000,000 \
	--deprived employment,nutrition,water >/dev/null
ok $? "setup: a 2026 assessment"
run ans ak --format csv assess show AK-7 --year 2026
like "$OUT" ",central-2022 poor" "2026 is judged by the 2022–2025 standard (never left unclassified)"
ans ak household add --code AK-8 --head "Phan Văn Tám" --status poor --since 2024-12-31 >/dev/null
ans ak assess add --household AK-8 --year 2024 --on 2024-11-02 --income 2,400,000 >/dev/null
run ans district assess recognize AK-8 --year 2024 --on 2024-12-20 --ward AK
like "$RC:$ERR" "^2:.*FAILED_PRECONDITION: household AK-8 has been poor since 2024-12-31" \
	"a status change dated before the current status is refused"
is "$(sql "SELECT count(*) FROM ansinh.poverty_recognition")" 2 "two recognitions recorded"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE table_name = 'poverty_recognition' AND role = 'district'")" 2 \
	"each audited as the district's"
