#!/usr/bin/env bash
# Sponsorship pairings end to end: the district's 25 pairings, one open
# pairing per household, organization and year, ending, listing, and who may
# do what.
. "$(dirname "$0")/../lib/common.sh"

# ------------------------------------------------------------ organizations
# `ansinh org add` comes with the ledger branch. Until it is merged the
# organizations are made here, with direct SQL as the superuser; after the
# merge this one function switches to the client.
org_add() { # org_add NAME KIND [WARD] — prints the new organization's id
	sql "INSERT INTO ansinh.organization (id, name, kind, ward_code)
	     VALUES (gen_random_uuid(), '$1', '$2', NULLIF('${3:-}', '')) RETURNING id"
}

plan 36

token ak ward AK
token cg ward CG
token district district
token auditor auditor
start_daemon

ORGS=(
	"$(org_add "Hội Cựu chiến binh quận Thanh Khê" association)"
	"$(org_add "Đoàn Thanh niên phường An Khê" association AK)"
	"$(org_add "Phòng Lao động - Thương binh và Xã hội" agency)"
	"$(org_add "Trường THCS Nguyễn Huệ" school KD)"
	"$(org_add "Công ty TNHH Minh Phát" business)"
)
like "${ORGS[*]}" '^[0-9a-f-]{36}( [0-9a-f-]{36}){4}$' "five sponsors"

# --- the district's figure: 25 households in especially difficult
# circumstances paired with sponsors (15 in An Khê, 10 in Thanh Khê Đông).
fail=0
for i in $(seq 1 15); do
	ans ak household add --code "AK-$i" --head "Hộ An Khê $i" --special-difficulty >/dev/null || fail=1
	ans ak pairing add --org "${ORGS[$((i % 5))]}" --household "AK-$i" --year 2023 --signed 2023-02-01 \
		--commitment "thăm hỏi, hỗ trợ 500.000 đồng mỗi tháng" >/dev/null || fail=1
done
for i in $(seq 1 10); do
	ans district household add --ward KD --code "KD-$i" --head "Hộ Thanh Khê Đông $i" --special-difficulty >/dev/null || fail=1
	ans district pairing add --ward KD --org "${ORGS[$((i % 5))]}" --household "KD-$i" --signed 2023-03-15 >/dev/null || fail=1
done
ok "$fail" "25 households paired: 15 by An Khê's officer, 10 by the district"
run ans district --format csv pairing list --year 2023
is "$(printf '%s\n' "$OUT" | head -n 1)" "ward,year,household,head,organization,signed,ended,commitment,id" "pairing list columns"
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 25 "the district lists its 25 pairings for 2023"
is "$(sql_as analyst "SELECT count(*) FROM ansinh.pairing_v WHERE year = 2023 AND open AND special_difficulty")" 25 \
	"analysts count them: open, for households in especially difficult circumstances"
run ans ak --format csv pairing list
is "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l | tr -d ' ')" 15 "An Khê sees only its 15"
is "$(sql "SELECT p.year||'|'||p.signed_on||'|'||p.ward_code FROM ansinh.pairing p JOIN ansinh.household h ON h.ward_code = p.ward_code AND h.id = p.household_id WHERE h.code = 'KD-1'")" \
	"2023|2023-03-15|KD" "without --year, the year is the signing date's"

# --- one open pairing per household, organization and year
run ans ak pairing add --org "${ORGS[1]}" --household AK-1 --year 2023 --signed 2023-04-01
is "$RC" 2 "a second open pairing with the same sponsor for the same year is refused"
like "$ERR" "ALREADY_EXISTS.*AK-1.*open pairing" "with ALREADY_EXISTS, naming the household"
run ans ak pairing add --org "${ORGS[1]}" --household AK-1 --year 2024 --signed 2023-12-20
is "$RC" 0 "the same pair may sign for the next year"
run ans ak pairing add --org "${ORGS[2]}" --household AK-1 --year 2023 --signed 2023-04-01
is "$RC" 0 "and another sponsor may help the same household"
P_OTHER=$OUT

# --- ending
P1=$(sql "SELECT p.id FROM ansinh.pairing p JOIN ansinh.household h ON h.ward_code = p.ward_code AND h.id = p.household_id WHERE h.code = 'AK-1' AND p.year = 2023 AND p.organization_id = '${ORGS[1]}'")
run ans ak pairing end "$P1" --on 2023-01-15
is "$RC" 2 "a pairing cannot end before it was signed"
like "$ERR" "INVALID_ARGUMENT.*end date 2023-01-15 is before the signing date 2023-02-01" "and the error says which dates"
run ans cg pairing end "$P1" --on 2023-10-01
is "$RC" 2 "ward CG cannot end An Khê's pairing"
like "$ERR" "NOT_FOUND" "it cannot see it"
run ans auditor pairing end "$P1" --on 2023-10-01
is "$RC" 2 "an auditor cannot end a pairing"
like "$ERR" "PERMISSION_DENIED" "with PERMISSION_DENIED"
run ans ak pairing end "$P1" --on 2023-10-01 --note "the household escaped poverty"
is "$RC" 0 "An Khê ends its pairing"
is "$OUT" "$P1" "end prints the pairing's id"
is "$(sql "SELECT ended_on||'|'||end_note FROM ansinh.pairing WHERE id = '$P1'")" \
	"2023-10-01|the household escaped poverty" "the end is stored"
run ans ak pairing end "$P1" --on 2023-10-01
is "$RC" 0 "ending again on the same day changes nothing and is fine"
run ans ak pairing end "$P1" --on 2023-11-01
is "$RC" 2 "ending again on another day is refused"
like "$ERR" "FAILED_PRECONDITION.*already ended on 2023-10-01" "and says when it ended"
run ans ak --format csv pairing list --household AK-1 --open
unlike "$OUT" "$P1" "--open leaves out the ended pairing"
like "$OUT" "$P_OTHER" "and shows the open ones"
run ans ak pairing add --org "${ORGS[1]}" --household AK-1 --year 2023 --signed 2023-10-20
is "$RC" 0 "once ended, the pair may sign again for the same year"
is "$(sql "SELECT action||'|'||array_to_string(changed, ',') FROM ansinh.audit_event WHERE record_id = '$P1' ORDER BY id DESC LIMIT 1")" \
	"update|end_note,ended_on" "ending is audited as an update of ended_on"

# --- bad input, named
run ans ak pairing add --org "${ORGS[1]}" --household AK-2 --year 1999
is "$RC" 1 "a year before 2000 is refused before sending"
like "$ERR" "--year: must be a year from 2000 to 2100" "naming the flag"
run ans ak pairing add --org "${ORGS[1]}" --household AK-99 --year 2023
is "$RC" 2 "an unknown household is rejected by the daemon"
like "$ERR" "NOT_FOUND.*AK-99" "naming it"
run ans district pairing add --org "${ORGS[1]}" --household AK-2 --year 2023
is "$RC" 2 "the district names the ward of a household given by its code"
like "$ERR" "ward_code" "naming the field"
run ans ak pairing end not-an-id
is "$RC" 1 "pairing end needs an id"
run ans ak pairing add --org "${ORGS[1]}" --household AK-2 --signed 2099-01-01
is "$RC" 1 "a signing date in the future is refused"
like "$ERR" "--signed: must not be in the future" "naming the flag"
