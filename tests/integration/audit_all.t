#!/usr/bin/env bash
# The audit trail after normal use of every record family: every write verb
# of the client (households, members, needs, support, funds, organizations,
# dialogues, programmes ward and district-wide, distributions, pairings, job
# weeks, employment, targets of the district and of a ward, standards,
# assessments and recognition, expected exits, case files, grievances, ad-hoc
# review requests, CSV
# import, the offline outbox)
# leaves a trail that `ansinhd audit seal` seals and `ansinhd audit verify`
# finds intact — in all three trails: audit_event (ward records),
# the district scope (records of the district as a whole) and the
# reference scope (funds, organizations, standards) of the one trail. Then rows and
# events of those families are tampered with behind the daemon's back (as
# the superuser, triggers off), and verify must name each one precisely.
. "$(dirname "$0")/../lib/common.sh"

plan 63

token ak ward AK
token kd ward KD
token district district
ANALYST_DB="dbname=$T_DB user=analyst"
start_daemon --audit-seal-interval 0

verify() { run "$ANSINHD" audit verify --db "$OWNER_DB" "$@"; }
seal() { run "$ANSINHD" audit seal --db "$OWNER_DB" "$@"; }
behind() { sql "SET session_replication_role = replica; $1"; }
# The latest event of a record in each trail.
wevent() { sql "SELECT max(id) FROM ansinh.audit_event WHERE table_name = '$1' AND record_id = '$2'"; }
devent() { sql "SELECT max(id) FROM ansinh.audit_event WHERE scope = 'district' AND table_name = '$1' AND record_id = '$2'"; }
revent() { sql "SELECT max(id) FROM ansinh.audit_event WHERE scope = 'reference' AND table_name = '$1' AND record_key = '$2'"; }
ALL_EVENTS="SELECT count(*) FROM ansinh.audit_event"

# w TOKEN ARGS... — one write through the real client; its output (the new
# record's id) in OUT. A failure is counted in FAILS and shown.
FAILS=0
w() {
	run ans "$@"
	if [ "$RC" -ne 0 ]; then
		FAILS=$((FAILS + 1))
		diag "exit $RC: ansinh $*" "$ERR"
	fi
}
family() { # family DESCRIPTION — one test per family: every write above it worked
	is "$FAILS" 0 "$1"
	FAILS=0
}

# --------------------------------------------------------------- households, members
w ak household add --code AK-1 --head "Trương Văn Hoành" --group 31 --status poor --since 2022-02-01; H1=$OUT
w ak household add --code AK-2 --head "Lê Thị Hòa" --status poor --since 2022-02-01; H2=$OUT
w ak household add --code AK-3 --head "Phạm Văn Ba" --since 2022-02-01
w ak household update AK-1 --phone 0905123456 --policy --status near-poor --since 2024-01-10
w ak household update AK-3 --code AK-30 --address "12 Hà Huy Tập"
w ak member add --household AK-1 --name "Trương Văn Hoành" --born 1968-03-02 --relation head --citizen-id 048068001234; M1=$OUT
w ak member add --household AK-1 --name "Nguyễn Thị Lan" --born 1970-05-06 --relation spouse; M2=$OUT
w ak member update "$M1" --occupation "bán hàng ăn" --disability severe
w ak member update "$M2" --citizen-id 048170001111
w ak member update "$M2" --citizen-id ''
w kd household add --code KD-1 --head "Hoàng Thị Mai" --status near-poor --since 2022-02-01; K1=$OUT
family "households and members: add, update (status, code, flags), clear"

# --------------------------------------------------------------- needs
w ak need add --household AK-1 --kind house-repair --description "sửa mái nhà" --estimate 30000000 --date 2024-01-08; N1=$OUT
w district need verify "$N1" --date 2024-01-15 --note "phúc tra: đúng"
w district need approve "$N1" --date 2024-01-20
w ak need add --household AK-2 --kind job --description "việc làm" --date 2024-01-09; N2=$OUT
w district need reject "$N2" --note "không thuộc diện"
w ak need add --household AK-2 --kind house-new --description "nhà mới" --date 2024-01-09; N3=$OUT
w ak need withdraw "$N3" --note "đã chuyển đi"
w ak need add --household AK-1 --member "$M1" --kind assistive-device --description "xe lăn" --date 2024-01-10; N4=$OUT
w district need verify "$N4" --date 2024-01-16
w district need approve "$N4" --date 2024-01-21
family "needs: add, verify, approve, reject, withdraw"

# --------------------------------------------------------------- funds, organizations, support, dialogues
w district fund add --code relief --name "Quỹ cứu trợ"
w district org add --name "UBND tỉnh Thanh Hóa" --kind province-committee; ORG1=$OUT
w ak org add --name "Hội LHPN phường An Khê" --kind association; ORG2=$OUT
w district org add --name "Đơn vị 906" --kind army-unit --ward KD; ORG3=$OUT
w ak support add --household AK-1 --kind house-repair --description "sửa mái" --amount 30,000,000 \
	--date 2024-02-01 --fund poor-fund --org "$ORG1" --need "$N1"; S1=$OUT
w ak support add --household AK-1 --member "$M1" --kind assistive-device --description "xe lăn" --amount 3000000 \
	--date 2024-02-03 --fund relief --need "$N4"; S2=$OUT
w ak support reverse "$S2" --reason "nhập nhầm quỹ" --date 2024-02-04
w ak support add --household AK-1 --member "$M1" --kind assistive-device --description "xe lăn" --amount 3000000 \
	--date 2024-02-05 --fund gratitude --need "$N4"
w ak support add --household AK-2 --kind tet-gift --description "quà Tết" --amount 500000 --date 2024-02-01 --org "$ORG2"
w ak dialogue add --date 2024-01-05 --title "Đối thoại đầu năm" --household AK-1,AK-2 --note "nghe hộ nghèo"
family "funds, organizations (district, ward, of another ward), support fulfilling needs, a reversal re-approving one, dialogues"
is "$(sql "SELECT string_agg(status, ',' ORDER BY surveyed_on, id) FROM ansinh.need")" \
	"fulfilled,rejected,withdrawn,fulfilled" "(the needs went through every step)"

# --------------------------------------------------------------- community
w ak program add --name "Chợ 0 đồng" --org "$ORG2" --kind produce-market --schedule "hằng tháng"; P1=$OUT
w district program add --name "Quà Tết cho hộ nghèo" --org "$ORG1" --kind gift-distribution --district-wide; P2=$OUT
w ak distribution add --program "$P1" --date 2024-03-05 --group 31 --beneficiaries 3 --goods "trứng gà:300:quả:900000" \
	--goods "rau:50.5:kg:750000" --household AK-1 --donor "$ORG1" --note "tổ 31"
w ak distribution add --program "$P2" --date 2024-01-20 --beneficiaries 10 --household AK-2
w kd distribution add --program "$P2" --date 2024-01-21 --beneficiaries 5 --household KD-1 --donor "$ORG3"
w ak pairing add --org "$ORG1" --household AK-1 --year 2024 --signed 2024-02-01 --commitment "hỗ trợ vốn"; PA1=$OUT
w ak pairing end "$PA1" --on 2024-10-01 --note "đã thoát nghèo"
w district pairing add --ward KD --org "$ORG3" --household KD-1 --signed 2024-03-15
w ak jobweek add --title "Tuần lễ việc làm" --from 2024-03-11 --to 2024-03-17; W1=$OUT
w ak job add --kind job-placement --member "$M1" --date 2024-03-12 --job-week "$W1" --employer "Công ty X"
w ak job add --kind vocational-training --name "Học viên A" --citizen-id 048099000001 --trade "may" --date 2024-03-13
w district target set --year 2024 --metric poor-exit --value 220; T1=$OUT
w district target set --year 2024 --metric poor-exit --value 230
w district target set --year 2024 --metric pairings --value 5 --ward AK; T2=$OUT
w district target set --year 2024 --metric pairings --value 6 --ward AK
family "programmes (ward and district-wide), distributions in two wards, pairings added and ended, job weeks, employment, targets of the district and of a ward, each set twice"
is "$(sql "SELECT string_agg(table_name || ':' || action, ',' ORDER BY id) FROM ansinh.audit_event WHERE scope = 'district'")" \
	"programme:insert,target:insert,target_history:insert,target:update,target_history:insert" \
	"the district-wide programme and the district target are audited in the district scope"

# --------------------------------------------------------------- poverty
w district standard add --code danang-2022 --name "Chuẩn nghèo thành phố Đà Nẵng" --scope city --area urban \
	--from 2022-01-01 --to 2025-12-31 --line 2,500,000
w district standard add --code danang-2022 --name "Chuẩn nghèo thành phố Đà Nẵng" --scope city --area rural \
	--from 2022-01-01 --to 2025-12-31 --line 2,000,000
w ak assess add --household AK-2 --year 2024 --on 2024-11-05 --income 1,900,000 --deprived water --reviewer "cán bộ A"; A1=$OUT
w ak assess add --household AK-1 --year 2024 --on 2024-11-06 --income 1,500,000 --deprived water,latrine,telecom
w district assess recognize AK-2 --ward AK --year 2024 --on 2024-12-01 --decision "12/QĐ-UBND"
w district assess recognize AK-1 --ward AK --year 2024 --on 2024-12-01 --standard danang-2022
w ak household expect-exit AK-1 --year 2025 --note "cần vốn"
w ak household expect-exit AK-2 --year 2025
w ak household expect-exit AK-2 --year 2025 --withdraw
w ak casefile set AK-1 --circumstances "Chồng khuyết tật" --living-conditions "Nhà thuê"
w ak casefile set AK-1 --living-conditions "Nhà thuê 12 m²"
w ak casefile plan-add AK-1 --kind livelihood --description "Tủ kính" --due 2025-03-01; I1=$OUT
w ak casefile plan-update "$I1" --status done --due ''
w ak casefile note AK-1 --date 2024-06-02 --text "Thăm hộ"
family "standards, assessments, recognitions (one changing the status), expected exits (one withdrawn), case files"

# --------------------------------------------------------------- grievances
w ak grievance add --channel in-person --kind complaint --household AK-1 --support "$S1" \
	--subject "Thiếu tiền hỗ trợ" --received 2024-03-01 --officer "cán bộ A"; G1=$OUT
w ak grievance update "$G1" --status in-progress --date 2024-03-02
w ak grievance update "$G1" --status answered --date 2024-03-05 --answer "Đã giải thích"
w ak grievance update "$G1" --status closed --date 2024-03-06
w district grievance add --ward KD --channel letter --kind feedback --subject "Đề nghị" --received 2024-04-01; G2=$OUT
w district grievance update "$G2" --officer "cán bộ B"
w district grievance update "$G2" --status withdrawn --date 2024-04-02
family "grievances: added, handled, answered, closed; one withdrawn"

# --------------------------------------------------------------- ad-hoc review requests
w ak review request --household AK-2 --date 2024-06-03 --reason "Chồng mất việc"
w district review request --ward KD --household KD-1 --date 2024-07-01
family "ad-hoc review requests of a ward and by the district"

# --------------------------------------------------------------- job notices, coordination agreements
w ak notice add --kind recruitment --employer "Công ty May Hòa Thọ" --positions 40 --apply "Nhà văn hóa" \
	--channel zalo --channel ward-website --date 2024-03-07
w district notice add --district-wide --kind training --employer "Điện lạnh" --apply "Trung tâm" --channel district-news \
	--date 2024-03-07
w ak agreement add --org "$ORG2" --year 2024 --signed 2024-01-05 --tasks "Phối hợp giảm nghèo"; AG1=$OUT
w district agreement add --district-wide --org "$ORG1" --year 2024 --signed 2024-01-05 --tasks "Nhận đỡ đầu"; AG2=$OUT
w ak pairing add --org "$ORG2" --household AK-1 --year 2024 --signed 2024-02-02 --agreement "$AG2"
w ak program add --name "Học bổng" --org "$ORG2" --kind scholarship --agreement "$AG1"
family "job notices of a ward and the district; agreements, a pairing and a programme that serve them"
is "$(sql "SELECT status FROM ansinh.household WHERE id = '$H2'")" near-poor "(the recognition changed AK-2's status)"
is "$(sql "SELECT count(*) FROM ansinh.audit_event WHERE scope = 'reference' AND table_name = 'poverty_standard'")" 8 \
	"standards are audited in the reference scope: the two seeded rows, their extension to 2026, the two 2027–2030 rows and the two added"

# --------------------------------------------------------------- import
printf 'code,head,group,status\nAK-10,Nguyễn Văn Mười,4,poor\nAK-11,Trần Thị Mười Một,5,near-poor\n' >"$T_DIR/hh.csv"
printf 'household,name,born,relation,cccd\nAK-10,Nguyễn Văn Mười,1970-01-01,head,\nAK-11,Trần Thị Mười Một,1975-05-05,head,048175000002\n' >"$T_DIR/mb.csv"
w ak import households "$T_DIR/hh.csv"
w ak import members "$T_DIR/mb.csv"
w ak import members "$T_DIR/mb.csv"
family "CSV import of households and members (and again: nothing new)"

# --------------------------------------------------------------- the offline outbox
stop_daemon
run ans ak household add --code AK-20 --head "Đỗ Văn Hai Mươi" --status poor --since 2024-01-01
is "$RC" 3 "(offline: a household add is queued)"
H20=$OUT
run ans ak member add --household "$H20" --name "Đỗ Văn Hai Mươi" --relation head
is "$RC" 3 "(and a member of it)"
start_daemon --audit-seal-interval 0
w ak household update AK-20 --group 7
family "the queued writes are sent first, then the update"
is "$(sql "SELECT group_no || ':' || (SELECT count(*) FROM ansinh.person WHERE household_id = '$H20')
             FROM (SELECT residential_group AS group_no FROM ansinh.household WHERE id = '$H20') AS h")" "7:1" \
	"(both queued writes arrived, exactly once)"

# Every table carrying an audit trigger has rows now: no family was left out.
is "$(sql "SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
             FROM pg_class AS c
            WHERE c.relnamespace = 'ansinh'::regnamespace
              AND EXISTS (SELECT FROM pg_trigger AS t WHERE t.tgrelid = c.oid
                             AND t.tgfoid = 'ansinh.audit_trail()'::regprocedure)
              AND (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM ansinh.%I', c.relname),
                                                      false, true, '')))[1]::text = '0'")" "" \
	"every audited table has rows written through the client"

# --------------------------------------------------------------- seal and verify
EVENTS=$(sql "$ALL_EVENTS")
verify
is "$RC" 0 "verify after normal use of every family, before any seal: exit 0"
like "$OUT" "$EVENTS events are not sealed yet \([0-9]+ ward, 7 district, [0-9]+ reference\)" \
	"it counts the events waiting in each trail"
unlike "$OUT" "FAIL" "and reports nothing"
seal
is "$RC" 0 "audit seal exits 0"
like "$OUT" "sealed seal 1: $EVENTS events \(ward events [0-9]+ to [0-9]+\)" "seal 1 takes the events of every scope"
ANCHOR=$(printf '%s\n' "$OUT" | sed -n 's/^anchor \([0-9]*:[0-9a-f]\{64\}\) .*/\1/p')
is "$(sql "SELECT (SELECT count(*) FROM ansinh.audit_seal_event WHERE event_scope = 'district') || '/' || (SELECT count(*) FROM ansinh.audit_event WHERE scope = 'district')
              || ' ' || (SELECT count(*) FROM ansinh.audit_seal_event WHERE event_scope = 'reference') || '/' || (SELECT count(*) FROM ansinh.audit_event WHERE scope = 'reference')")" \
	"7/7 $(sql "SELECT count(*) || '/' || count(*) FROM ansinh.audit_event WHERE scope = 'reference'")" \
	"every district and reference event is in the seal"
seal --status
like "$OUT" "events: $EVENTS sealed, 0 not sealed yet" "seal --status counts the events of every trail"
verify --anchor "$ANCHOR"
is "$RC" 0 "verify after the seal: exit 0"
like "$OUT" "audit verify: intact" "intact"
like "$OUT" "chain: seals 1 to 1 hold $EVENTS events" "the chain holds every event"
for t in household household_status person need need_event support dialogue dialogue_household fund organization \
	programme programme_session programme_session_goods programme_session_household programme_session_donor \
	pairing job_week employment_event target target_history poverty_standard poverty_assessment \
	poverty_recognition expected_exit casefile casefile_plan_item casefile_note grievance review_request; do
	n=$(sql "SELECT count(*) FROM ansinh.$t")
	grep -Eq "^records: (.*, )?$t $n rows?(, |: )" <<<"$OUT" || MISSING="${MISSING:-} $t"
done
is "${MISSING:-}" "" "the record check compared every row of every family's tables"
run "$ANSINHD" audit verify --db "$ANALYST_DB"
is "$RC" 0 "an analyst login verifies the same trail as intact"

# --------------------------------------------------------------- a seal without ward events
w district fund add --code flood --name "Quỹ phòng chống lụt bão"
w district target set --year 2025 --metric poor-exit --value 200
family "(district-only writes)"
seal
like "$OUT" "sealed seal 2: 3 events \(no ward events\)" "a seal may hold district and reference events only"
verify
is "$RC" 0 "and the chain still verifies"

# --------------------------------------------------------------- records tampered with
S1_EVENT=$(wevent support "$S1")
N2_EVENT=$(wevent need "$N2")
PA1_EVENT=$(wevent pairing "$PA1")
A1_EVENT=$(wevent poverty_assessment "$A1")
P2_EVENT=$(devent programme "$P2")
T1_EVENT=$(devent target "$T1")
T2_EVENT=$(wevent target "$T2")
STD_ID=$(sql "SELECT id FROM ansinh.poverty_standard WHERE code = 'danang-2022' AND area = 'urban'")
STD_EVENT=$(revent poverty_standard "$STD_ID")
FUND_EVENT=$(revent fund relief)
ORG_EVENT=$(revent organization "$ORG3")
TH=$(sql "SELECT max(id) FROM ansinh.target_history WHERE target_id = '$T1'")
sql "CREATE TABLE public.saved_history AS SELECT * FROM ansinh.target_history WHERE id = $TH"
behind "UPDATE ansinh.support SET amount_vnd = 3000000 WHERE id = '$S1';
        UPDATE ansinh.need SET status = 'approved' WHERE id = '$N2';
        UPDATE ansinh.pairing SET ended_on = NULL, end_note = NULL WHERE id = '$PA1';
        UPDATE ansinh.poverty_assessment SET income_vnd = 2600000 WHERE id = '$A1';
        UPDATE ansinh.programme SET name = 'Quà của ai' WHERE id = '$P2';
        UPDATE ansinh.target SET value = 999 WHERE id = '$T1';
        UPDATE ansinh.target SET value = 1 WHERE id = '$T2';
        UPDATE ansinh.poverty_standard SET income_line_vnd = 1000000 WHERE id = '$STD_ID';
        UPDATE ansinh.fund SET name = 'Quỹ riêng' WHERE code = 'relief';
        UPDATE ansinh.organization SET ward_code = 'AK' WHERE id = '$ORG3';
        DELETE FROM ansinh.target_history WHERE id = $TH;
        INSERT INTO ansinh.programme (id, ward_code, name, organization_id, kind)
        VALUES ('01900000-0000-7000-8000-00000000beef', NULL, 'Bóng ma', '$ORG1', 'other')"
verify
is "$RC" 3 "records of twelve families changed behind the daemon's back: exit 3"
like "$OUT" "FAIL records: support AK/$S1 was changed behind the daemon's back \(after audit event $S1_EVENT\): amount_vnd: audited 30000000, now 3000000" \
	"a support entry's amount"
like "$OUT" "FAIL records: need AK/$N2 was changed behind the daemon's back \(after audit event $N2_EVENT\): status: audited \"rejected\", now \"approved\"" \
	"a need's status"
like "$OUT" "FAIL records: pairing AK/$PA1 was changed behind the daemon's back \(after audit event $PA1_EVENT\): end_note: audited \"đã thoát nghèo\", now null; ended_on: audited \"2024-10-01\", now null" \
	"a pairing reopened"
like "$OUT" "FAIL records: poverty_assessment AK/$A1 was changed behind the daemon's back \(after audit event $A1_EVENT\): income_vnd: audited 1900000, now 2600000" \
	"an assessment's income"
like "$OUT" "FAIL records: programme $P2 was changed behind the daemon's back \(after district audit event $P2_EVENT\): name: audited \"Quà Tết cho hộ nghèo\", now \"Quà của ai\"" \
	"a district-wide programme, against its district audit event"
like "$OUT" "FAIL records: target $T1 was changed behind the daemon's back \(after district audit event $T1_EVENT\): value: audited 230, now 999" \
	"a district target"
like "$OUT" "FAIL records: target $T2 was changed behind the daemon's back \(after audit event $T2_EVENT\): value: audited 6, now 1" \
	"a ward's target, against audit_event"
like "$OUT" "FAIL records: target_history $TH was deleted behind the daemon's back \(district audit event $(devent target_history "$T1") says it exists" \
	"a district target's history row deleted"
like "$OUT" "FAIL records: programme 01900000-0000-7000-8000-00000000beef has no audit event: inserted behind the daemon's back" \
	"a district-wide programme inserted"
like "$OUT" "FAIL records: poverty_standard danang-2022/urban was changed behind the daemon's back \(after reference audit event $STD_EVENT\): income_line_vnd: audited 2500000, now 1000000" \
	"a poverty standard's income line, against its reference audit event"
like "$OUT" "FAIL records: fund relief was changed behind the daemon's back \(after reference audit event $FUND_EVENT\): name: audited \"Quỹ cứu trợ\", now \"Quỹ riêng\"" \
	"a fund's name"
like "$OUT" "FAIL records: organization $ORG3 was changed behind the daemon's back \(after reference audit event $ORG_EVENT\): ward_code: audited \"KD\", now \"AK\"" \
	"an organization moved to another ward"
like "$OUT" "audit verify: TAMPERED: 12 problems" "twelve problems, nothing else"
unlike "$OUT" "FAIL chain" "(the chain itself is intact: no event was touched)"

behind "UPDATE ansinh.support SET amount_vnd = 30000000 WHERE id = '$S1';
        UPDATE ansinh.need SET status = 'rejected' WHERE id = '$N2';
        UPDATE ansinh.pairing SET ended_on = '2024-10-01', end_note = 'đã thoát nghèo' WHERE id = '$PA1';
        UPDATE ansinh.poverty_assessment SET income_vnd = 1900000 WHERE id = '$A1';
        UPDATE ansinh.programme SET name = 'Quà Tết cho hộ nghèo' WHERE id = '$P2';
        UPDATE ansinh.target SET value = 230 WHERE id = '$T1';
        UPDATE ansinh.target SET value = 6 WHERE id = '$T2';
        UPDATE ansinh.poverty_standard SET income_line_vnd = 2500000 WHERE id = '$STD_ID';
        UPDATE ansinh.fund SET name = 'Quỹ cứu trợ' WHERE code = 'relief';
        UPDATE ansinh.organization SET ward_code = 'KD' WHERE id = '$ORG3';
        INSERT INTO ansinh.target_history OVERRIDING SYSTEM VALUE SELECT * FROM public.saved_history;
        DELETE FROM ansinh.programme WHERE id = '01900000-0000-7000-8000-00000000beef'"
sql "DROP TABLE public.saved_history"
verify
is "$RC" 0 "every row restored exactly: the trail verifies again"

# --------------------------------------------------------------- the district and reference trails tampered with
# A sealed district event altered: the chain and the record check both see it.
behind "UPDATE ansinh.audit_event SET row_data = jsonb_set(row_data, '{value}', '999') WHERE scope = 'district' AND id = $T1_EVENT"
verify
is "$RC" 3 "a sealed district audit event altered: exit 3"
like "$OUT" "FAIL chain: seal 1, district event $T1_EVENT \(target $T1 update by \"district\" at [^)]*\) was changed after it was sealed: row_data.value: sealed 230, now 999" \
	"the chain names the district event, its record and the changed field"
like "$OUT" "FAIL records: target $T1 was changed behind the daemon's back \(after district audit event $T1_EVENT\): value: audited 999, now 230" \
	"and the target no longer matches it"
behind "UPDATE ansinh.audit_event SET row_data = jsonb_set(row_data, '{value}', '230') WHERE scope = 'district' AND id = $T1_EVENT"

# A sealed reference event deleted.
sql "CREATE TABLE public.saved_event AS SELECT * FROM ansinh.audit_event WHERE scope = 'reference' AND id = $FUND_EVENT;
     ALTER TABLE public.saved_event DROP COLUMN scope"
behind "DELETE FROM ansinh.audit_event WHERE scope = 'reference' AND id = $FUND_EVENT"
verify
is "$RC" 3 "a sealed reference audit event deleted: exit 3"
like "$OUT" "FAIL chain: seal 1, reference event $FUND_EVENT was deleted after it was sealed; the seal's copy says: fund relief insert by \"district\"" \
	"the chain names the reference event and what it recorded"
like "$OUT" "FAIL records: fund relief has no audit event: inserted behind the daemon's back" \
	"and the fund has lost its only event"
behind "INSERT INTO ansinh.audit_event OVERRIDING SYSTEM VALUE SELECT * FROM public.saved_event"
sql "DROP TABLE public.saved_event"

# A district event slipped in behind the sealer's back with an old transaction id.
behind "INSERT INTO ansinh.audit_event (actor, table_name, action, record_id, row_data, xact)
        VALUES ('forger', 'programme', 'update', '$P2', '{}', '3')"
FORGED=$(sql "SELECT max(id) FROM ansinh.audit_event WHERE scope = 'district'")
verify
like "$OUT" "FAIL chain: district event $FORGED \(programme $P2 update by \"forger\" at [^)]*\) is in no seal although its transaction precedes seal 2" \
	"a back-dated district event is reported"
behind "DELETE FROM ansinh.audit_event WHERE scope = 'district' AND id = $FORGED"

# A seal's copy of a reference event rewritten.
behind "UPDATE ansinh.audit_seal_event SET sealed = jsonb_set(sealed, '{actor}', '\"x\"') WHERE event_scope = 'reference' AND event_id = $STD_EVENT"
verify
like "$OUT" "FAIL chain: seal 1, reference event $STD_EVENT: the seal's copy of the event was changed" \
	"a seal's copy of a reference event changed is reported"
behind "UPDATE ansinh.audit_seal_event SET sealed = jsonb_set(sealed, '{actor}', '\"district\"') WHERE event_scope = 'reference' AND event_id = $STD_EVENT"

# A sealed district event's seal item removed: the seal's count no longer holds.
sql "CREATE TABLE public.saved_item AS SELECT * FROM ansinh.audit_seal_event WHERE event_scope = 'district' AND event_id = $P2_EVENT"
behind "DELETE FROM ansinh.audit_seal_event WHERE event_scope = 'district' AND event_id = $P2_EVENT"
verify
like "$OUT" "FAIL chain: seal 1 says it holds $EVENTS events but $((EVENTS - 1)) are there" \
	"a district event taken out of its seal is reported"
behind "INSERT INTO ansinh.audit_seal_event SELECT * FROM public.saved_item"
sql "DROP TABLE public.saved_item"

# The district trigger disabled: named, and what it lets through is caught.
sql "ALTER TABLE ansinh.target DISABLE TRIGGER target_audit_update"
run ans district target set --year 2025 --metric poor-exit --value 210
is "$RC" 0 "(a district target set again with its audit trigger disabled)"
verify
like "$OUT" "FAIL records: the audit trigger target_audit_update of table ansinh.target is disabled" \
	"a disabled district audit trigger is named"
like "$OUT" "FAIL records: target $(sql "SELECT id FROM ansinh.target WHERE year = 2025 AND ward_code IS NULL") was changed behind the daemon's back \(after district audit event [0-9]+\): value: audited 200, now 210" \
	"and the write it did not audit is reported"
sql "ALTER TABLE ansinh.target ENABLE TRIGGER target_audit_update"
behind "UPDATE ansinh.target SET value = 200 WHERE year = 2025 AND ward_code IS NULL"
behind "DELETE FROM ansinh.target_history WHERE id = (SELECT max(id) FROM ansinh.target_history);
        DELETE FROM ansinh.audit_event WHERE scope = 'district' AND id = (SELECT max(id) FROM ansinh.audit_event WHERE scope = 'district')"

verify --anchor "$ANCHOR"
is "$RC" 0 "everything put back: intact, and seal 1 still has its anchor"
like "$OUT" "audit verify: intact" "(intact)"
