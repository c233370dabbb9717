#!/usr/bin/env bash
# Programmes and their distributions end to end: ward and district-wide
# programmes, distributions with goods, households and donors, who may record
# what, and bad input named by its field.
. "$(dirname "$0")/../lib/common.sh"

# ------------------------------------------------------------ organizations
# `ansinh org add` comes with the ledger branch. Until it is merged the
# organizations are made here, with direct SQL as the superuser; after the
# merge this one function switches to the client.
org_add() { # org_add NAME KIND [WARD] — prints the new organization's id
	sql "INSERT INTO ansinh.organization (id, name, kind, ward_code)
	     VALUES (gen_random_uuid(), '$1', '$2', NULLIF('${3:-}', '')) RETURNING id"
}

plan 57

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

WU=$(org_add "Hội Liên hiệp Phụ nữ phường An Khê" association AK)
U906=$(org_add "Đơn vị 906" army-unit)
F372=$(org_add "Sư đoàn f372" army-unit)
SCHOOL=$(org_add "Trường Tiểu học Trần Cao Vân" school KD)
FRONT=$(org_add "Ủy ban MTTQ quận Thanh Khê" association)
like "$WU$U906$F372$SCHOOL$FRONT" '^([0-9a-f-]{36}){5}$' "five organizations to work with"

ans ak household add --code AK-1 --head "Trương Văn Hoành" --group 31 >/dev/null &&
	ans ak household add --code AK-2 --head "Lê Thị Hòa" --group 31 >/dev/null &&
	ans ak household add --code AK-3 --head "Phạm Văn Ba" --group 12 >/dev/null
ok $? "three An Khê households"

# --- programmes
run ans ak program add --name "Chợ 0 đồng" --org "$WU" --kind produce-market \
	--schedule "monthly, in each residential area"
is "$RC" 0 "a ward records its programme"
MARKET=$OUT
like "$MARKET" '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "program add prints a UUIDv7"
is "$(sql "SELECT ward_code||'|'||name||'|'||kind||'|'||schedule FROM ansinh.programme WHERE id = '$MARKET'")" \
	"AK|Chợ 0 đồng|produce-market|monthly, in each residential area" "the programme is stored in the ward"

run ans district program add --name "Tủ bánh mì 1.000 đồng" --org "$SCHOOL" --kind bread-cabinet \
	--schedule "every 1-2 months" --ward KD
is "$RC" 0 "the district records a programme for a named ward"
run ans district program add --name "Quà Tết cho hộ nghèo" --org "$FRONT" --kind gift-distribution --district-wide
is "$RC" 0 "the district records a district-wide programme"
GIFTS=$OUT
is "$(sql "SELECT coalesce(ward_code, 'NULL') FROM ansinh.programme WHERE id = '$GIFTS'")" "NULL" \
	"a district-wide programme has no ward"

run ans ak program add --name "Chợ của phường" --org "$WU" --kind other --district-wide
is "$RC" 2 "a ward token cannot create a district-wide programme"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans district program add --name "Không rõ phường" --org "$WU" --kind other
is "$RC" 2 "the district must name the ward or --district-wide"
like "$ERR" "programme.ward_code" "and the error names the field"
run ans district program add --name "Both" --org "$WU" --kind other --district-wide --ward AK
is "$RC" 1 "--district-wide with --ward is a usage error"
run ans auditor program add --name "Auditor" --org "$WU" --kind other --ward AK
is "$RC" 2 "an auditor cannot record a programme"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans ak program add --name "X" --org "$WU" --kind market
is "$RC" 1 "an unknown kind is refused before sending"
like "$ERR" "--kind: must be one of produce-market" "naming the flag and the words"
run ans ak program add --name "X" --org not-an-id --kind other
is "$RC" 1 "an organization that is not an id is refused"
like "$ERR" "--org" "naming the flag"
run ans ak program add --name "X" --org 0190c3a0-7b1e-7c00-8000-000000000000 --kind other
is "$RC" 2 "an unknown organization is rejected by the daemon"
like "$ERR" "NOT_FOUND.*organization" "with NOT_FOUND, naming the organization"
run ans ak program add --name "Chợ 0 đồng" --org "$WU" --kind produce-market
is "$RC" 2 "two programmes of one ward cannot share a name"
like "$ERR" "ALREADY_EXISTS" "with ALREADY_EXISTS"

run ans ak --format csv program list
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,name,kind,organization,schedule,distributions,id" "program list columns"
like "$OUT" "Chợ 0 đồng" "AK sees its programme"
like "$OUT" "Quà Tết cho hộ nghèo" "and the district-wide one"
unlike "$OUT" "Tủ bánh mì" "but not Thanh Khê Đông's"

# --- distributions
run ans ak distribution add --program "$MARKET" --date 2023-03-05 --group 31 --beneficiaries 40 \
	--goods "trứng gà:300:quả:900000" --goods "rau, củ:50.5:kg:750000" --goods "khoai lang:20:kg:300000" \
	--household AK-1 --household AK-2 --donor "$U906" --donor "$F372" --note "delivered by bicycle"
is "$RC" 0 "a distribution with goods, households and donors"
S1=$OUT
is "$(sql "SELECT ward_code||'|'||held_on||'|'||residential_group||'|'||beneficiaries FROM ansinh.programme_session WHERE id = '$S1'")" \
	"AK|2023-03-05|31|40" "the distribution is stored"
is "$(sql "SELECT count(*)||'|'||sum(value_vnd)||'|'||string_agg(quantity::text, ',' ORDER BY line) FROM ansinh.programme_session_goods WHERE session_id = '$S1'")" \
	"3|1950000|300.000,50.500,20.000" "with its three goods lines"
is "$(sql "SELECT count(*) FROM ansinh.programme_session_household WHERE session_id = '$S1'")|$(sql "SELECT count(*) FROM ansinh.programme_session_donor WHERE session_id = '$S1'")" \
	"2|2" "its two households and two donors"
run ans ak distribution add --program "$MARKET" --date 2023-04-02 --household AK-3
is "$RC" 0 "a distribution whose beneficiaries default to the households listed"
is "$(sql "SELECT beneficiaries FROM ansinh.programme_session WHERE id = '$OUT'")" 1 "beneficiaries: 1"

run ans ak --format csv distribution list --program "$MARKET"
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,date,program,group,beneficiaries,households,donors,goods,value_vnd,id" "distribution list columns"
like "$OUT" 'AK,2023-03-05,Chợ 0 đồng,31,40,2,Sư đoàn f372; Đơn vị 906,"trứng gà 300 quả; rau, củ 50.5 kg; khoai lang 20 kg",1950000,' \
	"a distribution line shows donors, goods and their total value"
run ans ak distribution list --from 2023-04-01
like "$ERR" "total: 1 distributions, 1 beneficiaries, 0 VND of goods" "the table format adds a total on stderr"
run ans ak --format json distribution list --to 2023-03-31
like "$OUT" '"value_vnd": *1950000' "JSON gives the value as a number"

run ans cg distribution add --program "$MARKET" --date 2023-03-06 --beneficiaries 5
is "$RC" 2 "ward CG cannot add a distribution to An Khê's programme"
like "$ERR" "NOT_FOUND" "it cannot even see it"
is "$(sql "SELECT count(*) FROM ansinh.programme_session WHERE ward_code = 'CG'")" 0 "nothing was written for CG"
run ans cg distribution add --program "$GIFTS" --date 2023-01-15 --beneficiaries 30 --goods "gạo:300:kg:4500000" --donor "$FRONT"
is "$RC" 0 "ward CG holds a distribution of the district-wide programme"
is "$(sql "SELECT ward_code FROM ansinh.programme_session WHERE id = '$OUT'")" CG "in its own ward"
run ans district distribution add --program "$GIFTS" --date 2023-01-16 --beneficiaries 10
is "$RC" 2 "the district must say where a district-wide programme's distribution was held"
like "$ERR" "INVALID_ARGUMENT.*ward code is required" "and the error says so"
run ans district distribution add --program "$MARKET" --date 2023-05-07 --beneficiaries 25 --ward CG
is "$RC" 2 "a ward programme's distribution cannot be put in another ward"
like "$ERR" "belongs to ward AK" "the error names the programme's ward"

# --- bad input, named
run ans ak distribution add --program "$MARKET" --date 2023-03-05 --beneficiaries 1 --household AK-1 --household AK-2
is "$RC" 1 "fewer beneficiaries than households is refused before sending"
like "$ERR" "--beneficiaries" "naming the flag"
run ans ak distribution add --program "$MARKET" --date 2023-03-05 --goods "trứng:-3:quả:1000"
is "$RC" 1 "a negative quantity is refused"
like "$ERR" "--goods: QUANTITY" "naming the flag and the part"
run ans ak distribution add --program "$MARKET" --date 2023-03-05 --household AK-99
is "$RC" 2 "an unknown household is rejected by the daemon"
like "$ERR" "NOT_FOUND.*AK-99" "naming the household"
run ans ak distribution add --program "$MARKET" --date 2099-01-01
is "$RC" 1 "a date in the future is refused"
like "$ERR" "--date: must not be in the future" "naming the flag"

# --- audit and analysts
is "$(sql "SELECT count(DISTINCT table_name) FROM ansinh.audit_event WHERE record_id = '$S1'")" 4 \
	"a distribution leaves audit events for its row, goods, households and donors"
is "$(sql "SELECT table_name||'|'||action||'|'||role FROM ansinh.audit_event WHERE scope = 'district' AND record_id = '$GIFTS'")" \
	"programme|insert|district" "the district-wide programme is audited without a ward"
is "$(sql_as analyst "SELECT sum(goods_value_vnd) FROM ansinh.programme_session_v")" 6450000 \
	"analysts read the distributions with their totals"
