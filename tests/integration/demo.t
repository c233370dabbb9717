#!/usr/bin/env bash
# The sample district of `make demo` (sql/demo/): loaded through the real
# client into this test's database, with this test's daemon and tokens (not
# sql/demo.sh's own cluster and ports), then the district report: every
# figure of MISSION.md has the district's shape, the client's figures are the
# analyst's SQL's, and the report notices when they are not.
. "$(dirname "$0")/../lib/common.sh"

plan 29

WARDS="AK CG HK KD KT TC TG TT VT XH"
token district district
for w in $WARDS; do
	token "ward-$w" ward "$w"
done
start_daemon
export ANSINH_TIMEOUT=$T_TIMEOUT

run "$ANSINH_TOP/sql/demo/load.sh" "$T_DIR" "$T_DIR/demo"
is "$RC" 0 "the sample loads through the client with ward and district tokens"
[ "$RC" -eq 0 ] || diag "$ERR"
is "$(cat "$T_DIR"/demo/*.rejects.csv 2>/dev/null | grep -vc '^line,')" 0 \
	"no row of the households' and members' spreadsheets is rejected"
is "$(sql "SELECT count(*) || ' ' || count(DISTINCT ward_code) FROM ansinh.household")" "300 10" \
	"300 households in the ten wards"
is "$(sql "SELECT count(*) FROM ansinh.person")" "$(($(wc -l <"$ANSINH_TOP/sql/demo/members.csv") - 1))" \
	"every member of the spreadsheet"
is "$(sql "SELECT h.ward_code || ' ' || h.residential_group || ' ' || p.disability || ' ' || p.occupation
             FROM ansinh.person p JOIN ansinh.household h ON h.ward_code = p.ward_code AND h.id = p.household_id
            WHERE p.full_name = 'Trương Văn Hoành'")" "KD 31 severe phụ vợ bán quán ăn nhỏ" \
	"Mr Trương Văn Hoành: Thanh Khê Đông, group 31, disabled, helps at his wife's food stall"
is "$(sql "SELECT count(*) FILTER (WHERE reverses_id IS NOT NULL) || ' ' || count(*) FROM ansinh.support")" "1 126" \
	"126 support entries, one of them the reversal of a wrong amount"
is "$(sql "SELECT count(*) > 1000, count(*) FILTER (WHERE actor <> 'ward-' || ward_code) FROM ansinh.audit_event
            WHERE action = 'insert' AND table_name IN ('household', 'person', 'dialogue', 'support', 'pairing',
                  'job_week', 'employment_event', 'programme_session', 'poverty_assessment')")" "t|0" \
	"ward records are written by the ward's own token"
is "$(sql "SELECT string_agg(DISTINCT recorded_by, ' ') FROM ansinh.need_event
            WHERE status IN ('verified', 'rejected') OR (status = 'approved' AND support_id IS NULL)")" \
	"district" "needs are verified, approved and rejected by the district"

# --- the analyst's SQL, as the read-only analyst role
run psql -X -q -At -F'|' -v ON_ERROR_STOP=1 -v year=2023 -U analyst -d "$T_DB" \
	-f "$ANSINH_TOP/sql/demo/report.sql"
is "$RC" 0 "report.sql runs as the analyst"
is "$OUT" "1|livelihood-equipment cases funded / registered|41 / 62, 352,400,000 VND (poor-fund, social-assurance)
2|livelihood support, assistive devices, orthopaedic aids|34 policy households + 27 disabled people, 238,650,000 VND (gratitude, social-assurance)
3|new houses built for poor households|2 (An Khê, Thanh Khê Đông), 60,000,000 VND each, sponsor: UBND tỉnh Thanh Hóa
4|poor households in especially difficult circumstances paired with sponsors|25
5|people connected to jobs / registered for free vocational training (job weeks)|117 / 88
6|people referred to the city employment service centre, Q1|54
7|yearly target: poor households escaping poverty|220, of which 25 especially difficult and 50 poor by the central standard
8|yearly target: near-poor households escaping near-poverty|150" \
	"the eight figures of MISSION.md, by the analyst's SQL"
run psql -X -q -At -v year=2024 -U analyst -d "$T_DB" -f "$ANSINH_TOP/sql/demo/report.sql"
like "$OUT" "^1\|.*\|0 / 0, 0 VND \(no fund\)" "another year: nothing funded"
like "$OUT" "8\|.*\|not set$" "and no target set"

# --- the district report: the client's figures, checked against the SQL
run "$ANSINH_TOP/sql/demo/report.sh" "$T_DIR/district.token" "$T_DB"
is "$RC" 0 "the district report: the client and the SQL agree"
[ "$RC" -eq 0 ] || diag "$ERR"
rolled=$(printf '%s\n' "$OUT" | sed -n '/rolled up to the wards of 2026-12-02/,/^$/p')
is "$(printf '%s\n' "$rolled" | awk '$NF ~ /^[A-Z,]+$/ && /central-2022/ { n++ } END { print n + 0 }')" 2 \
	"the 2023 figures rolled up to today's two wards: Thanh Khê and An Khê"
is "$(printf '%s\n' "$rolled" | awk '/central-2022/ { p += $(NF-2) } END { print p + 0 }')" \
	"$(sql "SELECT sum(poor) FROM ansinh.poverty_report(2023) WHERE standard_code = 'central-2022' AND ward_code <> 'all'")" \
	"the same number of poor households as the ten wards'"
like "$OUT" "central-2027  central  2800000  poor   poor    income 2,500,000 ≤ 2,800,000 and 3 deprivations: adult education, internet access, domestic-waste handling" \
	"Mr Hoành reviewed for 2027 under the new standard: poor by central-2027"
like "$OUT" "livelihood-equipment cases funded / registered: 41 / 62, 352,400,000 VND \(poor-fund, social-assurance\)" \
	"livelihood-equipment cases: 41 of 62 funded, over 344 million"
like "$OUT" "34 policy households \+ 27 disabled people, 238,650,000 VND \(gratitude, social-assurance\)" \
	"policy households and disabled people: over 235 million"
like "$OUT" "new houses built for poor households: 2 \(An Khê, Thanh Khê Đông\), 60,000,000 VND each, sponsor: UBND tỉnh Thanh Hóa" \
	"two new houses, from the client's ledger"
like "$OUT" "paired with sponsors: 25
.*pairing list" "25 pairings, from the client"
like "$OUT" "\(job weeks\): 117 / 88
.*jobweek list" "117 placements and 88 training registrations, from the client"
like "$OUT" "Q1: 54
.*job list" "54 referrals in the first quarter, from the client"
like "$OUT" "220, of which 25 especially difficult and 50 poor by the central standard
.*target list.*
.*near-poverty: 150" "the targets, from the client"
like "$OUT" "all +central-2022 +16 +14 +15 +1 +15 +5 +30 +20" \
	"the poverty review's totals, from report poverty"
like "$OUT" "Chợ 0 đồng — Hội Liên hiệp Phụ nữ phường An Khê \(AK\): 6 distributions in 2023.*Đơn vị 906, Sư đoàn 372 \(f372\)" \
	"the 0-đồng market and its donors"

# What make demo prints after it: report summary and report targets, and the
# page it writes under var/.
run ans district report summary --year 2023 --lang vi
like "$OUT" "^Tổng cộng +62 +41 +352.400.000 đ$
^Hộ chính sách +Tổng cộng +34 +34 +143.400.000 đ$
^Người khuyết tật +Tổng cộng +27 +27 +95.250.000 đ$
^Tổng cộng +Xây mới +Tổng cộng +2 +120.000.000 đ +60.000.000 đ +60.000.000 đ$
^ +25 +25 +0 +25$
^Tổng cộng +Giới thiệu việc làm +126 +117$
^Tổng cộng +Đào tạo nghề +88 +88$
^Quý 1/2023 +Giới thiệu đến Trung tâm Dịch vụ việc làm +54 +0$" \
	"report summary --lang vi: 41 of 62 cases and 352.400.000 đ, 34 policy households and 27 disabled people, 2 houses, 25 pairings, 117 / 88 at the job weeks, 54 referrals in Q1"
run ans district report targets --year 2023 --lang vi
like "$OUT" "^Tổng cộng +Giảm hộ nghèo +central-2022 +220 " "report targets: the district's 220"
is "$(grep -Ec '^An Khê +Giảm hộ nghèo ' <<<"$OUT") $(grep -Ec '^Thanh Khê +Giảm hộ nghèo ' <<<"$OUT")" "1 0" \
	"one row for An Khê (2023's ward), none for today's Thanh Khê and An Khê wards, made in 2025"

# A placement dated after the year, at one of the year's job weeks: the job
# week list counts it for 2023, the SQL by its date does not.
week=$(ans ward-AK --format csv jobweek list --year 2023 | awk -F, 'NR == 2 { print $NF }')
ans ward-AK job add --kind job-placement --name "Lê Văn Muộn" --date 2024-01-05 --job-week "$week" >/dev/null
run "$ANSINH_TOP/sql/demo/report.sh" "$T_DIR/district.token" "$T_DB"
like "$RC $(printf '%s' "$ERR" | tr '\n' ' ')" "^1 .*figure 5: client '118 / 88', psql '117 / 88'" \
	"the report exits 1 and names the figure when the client and the SQL disagree"
