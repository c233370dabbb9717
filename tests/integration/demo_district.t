#!/usr/bin/env bash
# The demo district (sql/demo/generate.py, `make demo-district`): generated
# at a fifth of its size (--scale 0.2: 300 households; the report's figures
# do not scale), loaded through the real client with ward and district tokens
# (sql/demo/load.sh), then every total asserted with SQL over the base
# tables. The expected values are the generator's constants: FIGURES (the
# district's reported figures), BASE_HOUSEHOLDS × scale, the review's exits
# (226, 28 and 160 × scale), REFERRALS_LATER, PLACEMENTS_OUTSIDE.
. "$(dirname "$0")/../lib/common.sh"

plan 29

GEN=$ANSINH_TOP/sql/demo/generate.py
WARDS="AK CG HK KD KT TC TG TT VT XH"
data=$T_DIR/data

# --- the generator: deterministic, and refusing a district too small
python3 "$GEN" "$data" --scale 0.2 >/dev/null 2>&1
python3 "$GEN" "$T_DIR/again" --scale 0.2 >/dev/null 2>&1
run diff -r "$data" "$T_DIR/again"
is "$RC" 0 "the same seed and scale give the same files"
python3 "$GEN" "$T_DIR/other" --scale 0.2 --seed 7 >/dev/null 2>&1
run cmp -s "$data/members.csv" "$T_DIR/other/members.csv"
is "$RC" 1 "another seed gives other people"
run python3 "$GEN" "$T_DIR/small" --scale 0.1
like "$RC $ERR" "^2 .*--scale 0.1 gives 150 households: at least 300" \
	"a scale too small for the report's figures is refused, saying why"

token district district
for w in $WARDS; do
	token "ward-$w" ward "$w"
done
start_daemon
export ANSINH_TIMEOUT=$T_TIMEOUT

run "$ANSINH_TOP/sql/demo/load.sh" "$T_DIR" "$T_DIR/logs" "$data"
is "$RC" 0 "the demo district loads through the client with ward and district tokens"
[ "$RC" -eq 0 ] || diag "$ERR"
is "$(cat "$T_DIR"/logs/*.rejects.csv 2>/dev/null | grep -vc '^line,')" 0 \
	"no row of the wards' spreadsheets (households, members, Tết gifts, reviews) is rejected"

# --- households and members
is "$(sql "SELECT count(*) || ' ' || count(DISTINCT ward_code) FROM ansinh.household")" "300 10" \
	"300 households (1,500 × 0.2) in the ten wards"
is "$(sql "SELECT count(*) FROM ansinh.person")" "$(($(wc -l <"$data/members.csv") - 1))" \
	"every member of the spreadsheet"
is "$(sql "SELECT count(*) FROM ansinh.person
            WHERE citizen_id IS NOT NULL
              AND (citizen_id !~ '^048[0-3][0-9]{8}$'
                   OR substr(citizen_id, 4, 1)::int
                      <> (CASE WHEN birth_date >= '2000-01-01' THEN 2 ELSE 0 END)
                         + (CASE sex WHEN 'female' THEN 1 ELSE 0 END)
                   OR substr(citizen_id, 5, 2) <> to_char(birth_date, 'YY'))")" 0 \
	"every citizen ID: 12 digits, Đà Nẵng (048), century/sex digit and birth year matching the member"
is "$(sql "SELECT count(*) - count(DISTINCT citizen_id) FROM ansinh.person WHERE citizen_id IS NOT NULL")" 0 \
	"no citizen ID twice"
is "$(sql "SELECT h.ward_code || ' ' || h.residential_group || ' ' || h.special_difficulty || ' ' || p.disability
             || ' ' || p.occupation
             FROM ansinh.person p JOIN ansinh.household h ON h.ward_code = p.ward_code AND h.id = p.household_id
            WHERE p.full_name = 'Trương Văn Hoành'")" "KD 31 true severe phụ vợ bán quán ăn nhỏ" \
	"Mr Trương Văn Hoành: Thanh Khê Đông, group 31, especially difficult, disabled, helps at his wife's food stall"

# --- 1. livelihood equipment: 41 of 62 funded, 344,800,000 VND from the two funds
is "$(sql "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM (
             SELECT status, count(*) AS n FROM ansinh.need
              WHERE kind = 'livelihood-equipment' AND surveyed_on BETWEEN '2023-01-01' AND '2023-12-31'
              GROUP BY status) s")" \
	"approved 9, fulfilled 41, registered 4, rejected 2, verified 6" \
	"62 livelihood-equipment cases: 41 funded, 9 approved, 6 verified, 4 waiting, 2 rejected"
livelihood="SELECT s.* FROM ansinh.support s
              LEFT JOIN ansinh.support o ON o.ward_code = s.ward_code AND o.id = s.reverses_id
              JOIN ansinh.need n ON n.ward_code = s.ward_code AND n.id = coalesce(s.need_id, o.need_id)
             WHERE n.kind = 'livelihood-equipment'"
is "$(sql "SELECT sum(amount_vnd) || ' ' || string_agg(DISTINCT fund_code, ',') || ' '
             || count(*) FILTER (WHERE reverses_id IS NOT NULL) FROM ($livelihood) s")" \
	"344800000 poor-fund,social-assurance 1" \
	"funded with 344,800,000 VND net (over 344 million) from the Fund for the Poor and the social-assurance budget, one wrong amount reversed"

# --- 2. 34 policy households + 27 disabled people, 235,600,000 VND
aid="SELECT s.*, p.disability FROM ansinh.support s
       JOIN ansinh.household h ON h.ward_code = s.ward_code AND h.id = s.household_id
       LEFT JOIN ansinh.person p ON p.ward_code = s.ward_code AND p.id = s.person_id
       LEFT JOIN ansinh.need n ON n.ward_code = s.ward_code AND n.id = s.need_id
      WHERE s.kind IN ('livelihood-equipment', 'assistive-device', 'orthopaedic-aid')
        AND s.fund_code IN ('gratitude', 'social-assurance')
        AND s.given_on BETWEEN '2023-01-01' AND '2023-12-31'
        AND n.kind IS DISTINCT FROM 'livelihood-equipment'
        AND ((s.person_id IS NULL AND h.policy) OR p.disability <> 'none')"
is "$(sql "SELECT count(DISTINCT household_id) FILTER (WHERE person_id IS NULL) || ' '
             || count(DISTINCT person_id) || ' ' || sum(amount_vnd) || ' ' || string_agg(DISTINCT fund_code, ',')
             FROM ($aid) a")" "34 27 235600000 gratitude,social-assurance" \
	"34 policy households and 27 disabled people, 235,600,000 VND (over 235 million) from the Gratitude fund and the social-assurance budget"
is "$(sql "SELECT count(*) FROM ansinh.support s JOIN ansinh.person p ON p.ward_code = s.ward_code AND p.id = s.person_id
            WHERE s.kind IN ('assistive-device', 'orthopaedic-aid') AND p.disability = 'none'")" 0 \
	"assistive devices and orthopaedic aids go to disabled people only"

# --- 3. two houses, 60 million each, from Thanh Hóa province
is "$(sql "SELECT string_agg(s.ward_code || ' ' || s.amount_vnd || ' ' || o.name || ' ' || coalesce(s.fund_code, '-'),
                             ', ' ORDER BY s.ward_code)
             FROM ansinh.support s JOIN ansinh.organization o ON o.id = s.organization_id
            WHERE s.kind = 'house-new' AND s.reverses_id IS NULL")" \
	"AK 60000000 UBND tỉnh Thanh Hóa -, KD 60000000 UBND tỉnh Thanh Hóa -" \
	"two new houses (An Khê, Thanh Khê Đông), 60,000,000 VND each, sponsor: the People's Committee of Thanh Hóa"

# --- 4. 25 pairings
is "$(sql "SELECT count(*) || ' ' || count(DISTINCT (p.ward_code, p.household_id)) FILTER (WHERE h.special_difficulty)
             FROM ansinh.pairing p JOIN ansinh.household h ON h.ward_code = p.ward_code AND h.id = p.household_id
            WHERE p.year = 2023 AND p.ended_on IS NULL")" "25 25" \
	"25 households in especially difficult circumstances paired with sponsors"

# --- 5., 6. employment
is "$(sql "SELECT count(*) FILTER (WHERE kind = 'job-placement' AND job_week_id IS NOT NULL) || ' '
             || count(*) FILTER (WHERE kind = 'vocational-training' AND job_week_id IS NOT NULL) || ' '
             || count(*) FILTER (WHERE kind = 'employment-centre-referral' AND occurred_on < '2023-04-01') || ' '
             || count(*) FILTER (WHERE kind = 'employment-centre-referral') || ' '
             || count(*) FILTER (WHERE kind = 'job-placement')
             FROM ansinh.employment_event WHERE occurred_on BETWEEN '2023-01-01' AND '2023-12-31'")" \
	"117 88 54 92 132" \
	"117 placements and 88 training registrations at the job weeks, 54 referrals in Q1 (of 92; 15 placements outside the weeks)"
is "$(sql "SELECT count(*) || ' ' || count(DISTINCT ward_code) FROM ansinh.job_week")" "10 10" \
	"a job week in each ward"

# --- 7., 8. targets
is "$(sql "SELECT string_agg(metric || ' ' || value, ', ' ORDER BY metric) FROM ansinh.target
            WHERE year = 2023 AND ward_code IS NULL")" \
	"near-poor-exit 150, poor-exit 220, poor-exit-central 50, poor-exit-special 25" \
	"the district's targets: 220 poor exits (25 especially difficult, 50 poor by the central standard), 150 near-poor exits"

# --- Mr Hoành's display cabinet, April 2023
is "$(sql "SELECT s.given_on || ' ' || s.amount_vnd || ' ' || s.fund_code || ' ' || n.status || ' ' || s.description
             FROM ansinh.support s JOIN ansinh.household h ON h.ward_code = s.ward_code AND h.id = s.household_id
             JOIN ansinh.need n ON n.ward_code = s.ward_code AND n.id = s.need_id
            WHERE h.code = 'KD-031-07' AND s.kind = 'livelihood-equipment'")" \
	"2023-04-12 7600000 poor-fund fulfilled Tủ trưng bày thức ăn và bàn ghế cho quán ăn" \
	"Mr Hoành's food display cabinet: given in April 2023 from the Fund for the Poor, his surveyed need fulfilled"

# --- the rest of the year's work
is "$(sql "SELECT count(*) || ' ' || sum(amount_vnd) FROM ansinh.support WHERE kind = 'tet-gift'")" \
	"300 $(awk -F= '$1 == "tet_gift_vnd" { print $2 }' "$data/figures.txt")" \
	"a Tết gift for every household, imported by the wards"
is "$(sql "SELECT string_agg(year || ' ' || n, ', ' ORDER BY year) FROM (
             SELECT year, count(*) AS n FROM ansinh.poverty_assessment GROUP BY year) a")" \
	"2022 300, 2023 300, 2027 1" "the 2022 and 2023 reviews of every household, and Mr Hoành's for 2027"
is "$(sql "SELECT poor_exits || ' ' || poor_exits_special_difficulty || ' ' || poor_exits_central_poor || ' ' || near_poor_exits
             FROM ansinh.poverty_report(2023) WHERE ward_code IS NULL AND standard_code = 'central-2022'")" \
	"45 6 45 32" \
	"the 2023 review: 45 poor exits (226 × 0.2; 6 especially difficult), 32 near-poor exits (160 × 0.2)"
is "$(sql "SELECT p.name || ' ' || count(*) FROM ansinh.programme_session s
             JOIN ansinh.programme p ON p.id = s.programme_id GROUP BY p.name ORDER BY p.name")" \
	"Chợ 0 đồng 12
Tủ bánh mì 1.000 đồng 8" "the 0-đồng market every month, the bread cabinet every 1–2 months"
is "$(sql "SELECT count(*) || ' ' || count(DISTINCT ward_code) FROM ansinh.dialogue")" "10 10" \
	"a dialogue in each ward"
is "$(sql "SELECT count(*) FROM ansinh.poverty_recognition")" "$(grep -vc '^#' "$data/recognize.txt")" \
	"the district recognizes An Khê's and Thanh Khê Đông's 2023 review"

# --- the district report of make demo agrees with itself on this data set
run "$ANSINH_TOP/sql/demo/report.sh" "$T_DIR/district.token" "$T_DB"
is "$RC" 0 "the district report runs on the demo district: the client and the SQL agree"
[ "$RC" -eq 0 ] || diag "$ERR"
like "$OUT" "cases funded / registered: 41 / 62, 344,800,000 VND \(poor-fund, social-assurance\)$" \
	"the report: 41 of 62 livelihood cases, over 344 million"
like "$OUT" "orthopaedic aids: 34 policy households \+ 27 disabled people, 235,600,000 VND \(gratitude, social-assurance\)$" \
	"the report: 34 policy households and 27 disabled people, over 235 million"
