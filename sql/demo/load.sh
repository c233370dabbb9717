#!/usr/bin/env bash
# sql/demo/load.sh — enter the sample district of `make demo` through the
# real client: Thanh Khê's ten wards in 2023, built so that the district
# report reproduces the shape of the figures in MISSION.md.
#
#   sql/demo/load.sh TOKENS LOGDIR [DATA]
#
# TOKENS holds district.token and ward-AK.token … ward-XH.token (one per
# ward); the daemon is the client's usual one (ANSINH_SERVER or ANSINH_CONFIG;
# ANSINH_TIMEOUT and ANSINH_OUTBOX apply too). Ward work is done with the
# ward's token, district work (organizations without a ward, targets, the
# district-wide programme, verifying, approving and rejecting needs,
# recognizing review results) with the district token. Each ward's part runs
# at the same time as the others'; the logs are LOGDIR/<step>.<WARD>.log and
# LOGDIR/district.log. A command that fails (or is queued offline, exit 3)
# stops the load.
#
# The data are the files in DATA (default: the small sample beside this
# script; sql/demo/generate.py writes the demo district's): households.csv
# and members.csv (each ward's spreadsheet, loaded with `ansinh import`) and
# the *.txt plan files (one record a line, fields separated by `|`, `#`
# comments naming the fields). Where DATA also holds supports.csv (support
# without a need, e.g. Tết gifts) or assessments.csv (a whole review), each
# ward imports its rows of them too. recognize.txt names the households
# whose review result the district recognizes. The people are invented; the
# counts are the district's.
#
# Not idempotent by itself: sql/demo.sh runs it once per sample database.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
ANSINH=${ANSINH:-$top/client/ansinh}
tokens=${1:?usage: sql/demo/load.sh TOKENS LOGDIR [DATA]}
logs=${2:?usage: sql/demo/load.sh TOKENS LOGDIR [DATA]}
data=$(cd "${3:-$here}" && pwd -P)
WARDS="AK CG HK KD KT TC TG TT VT XH"
mkdir -p "$logs"

as_district() {
	"$ANSINH" --token-file "$tokens/district.token" "$@" ||
		{ echo "load.sh: failed: ansinh (district) $*" >&2; return 1; }
}
as_ward() { # as_ward WARD ARGS…
	local w=$1
	shift
	"$ANSINH" --token-file "$tokens/ward-$w.token" "$@" ||
		{ echo "load.sh: failed: ansinh (ward $w) $*" >&2; return 1; }
}

# The records of plan file $1 (comments and blank lines dropped), of ward $2
# when given; none when DATA has no such file.
rows() {
	[ -e "$data/$1" ] || return 0
	grep -v -e '^#' -e '^[[:space:]]*$' "$data/$1" | awk -F'|' -v w="${2:-}" 'w == "" || $1 == w'
}

# Import ward $2's rows of DATA's CSV file $3 (ward in the first column, no
# quoted commas) as kind $1.
import_rows() {
	local kind=$1 w=$2 file=$3
	awk -F, -v w="$w" 'NR == 1 || $1 == w' "$data/$file" |
		as_ward "$w" import "$kind" - --rejects "$logs/$kind.$w.rejects.csv"
}

# Run "$1 WARD" for the ten wards at once; stop at the first failure,
# showing the end of that ward's log.
each_ward() {
	local step=$1 w failed=
	local -A pid=()
	for w in $WARDS; do
		"$step" "$w" >"$logs/$step.$w.log" 2>&1 &
		pid[$w]=$!
	done
	for w in $WARDS; do
		if ! wait "${pid[$w]}"; then
			echo "load.sh: $step failed in ward $w ($logs/$step.$w.log):" >&2
			tail -n 5 "$logs/$step.$w.log" | sed 's/^/  /' >&2
			failed=1
		fi
	done
	[ -z "$failed" ]
}

# ------------------------------------------------------------ households

# Each ward imports its own rows of the district's spreadsheets: the
# Vietnamese column names and DD/MM/YYYY dates are the import's to read.
import_ward() {
	local w=$1
	import_rows households "$w" households.csv
	import_rows members "$w" members.csv
	if [ -e "$data/supports.csv" ]; then import_rows supports "$w" supports.csv; fi
}

# ------------------------------------------------------------ the district

declare -A ORG=() PROGRAM=()

organizations() {
	local name kind w
	while IFS='|' read -r name kind w; do
		if [ -n "$w" ]; then
			ORG[$name]=$(as_ward "$w" org add --name "$name" --kind "$kind")
		else
			ORG[$name]=$(as_district org add --name "$name" --kind "$kind")
		fi
	done < <(rows orgs.txt)
}

targets() {
	as_district target set --year 2023 --metric poor-exit --value 220
	as_district target set --year 2023 --metric poor-exit-special --value 25
	as_district target set --year 2023 --metric poor-exit-central --value 50
	as_district target set --year 2023 --metric near-poor-exit --value 150
}

programmes() {
	# The Women's Union of An Khê: a ward programme, recorded by the ward.
	PROGRAM["Chợ 0 đồng"]=$(as_ward AK program add --name "Chợ 0 đồng" \
		--org "${ORG[Hội Liên hiệp Phụ nữ phường An Khê]}" --kind produce-market \
		--schedule "hằng tháng, luân phiên ở các khu dân cư")
	# The school's bread cabinet reaches households of several wards: a
	# district-wide programme, each distribution recorded by the ward it was in.
	PROGRAM["Tủ bánh mì 1.000 đồng"]=$(as_district program add \
		--name "Tủ bánh mì 1.000 đồng" --district-wide \
		--org "${ORG[Trường Tiểu học Trần Cao Vân]}" --kind bread-cabinet \
		--schedule "1–2 tháng một lần; bánh còn lại chở bằng xe đạp đến các hộ")
}

# ------------------------------------------------------------ ward work

declare -A MEMBER=() DIALOGUE=() JOB_WEEK=()

# Member ids by citizen ID, from the ward's own export.
member_ids() {
	local w=$1 cccd id
	while IFS=, read -r cccd id; do
		if [ -n "$cccd" ]; then MEMBER[$cccd]=$id; fi
	done < <(as_ward "$w" export members |
		awk -F, 'NR > 1 { print $6 "," $NF }')
}

member_id() { # member_id CITIZEN-ID — fails when unknown
	[ -n "${MEMBER[$1]:-}" ] || { echo "load.sh: no member with citizen ID $1" >&2; return 1; }
	printf '%s\n' "${MEMBER[$1]}"
}

dialogues() {
	local w=$1 _w key day title households note
	while IFS='|' read -r _w key day title households note; do
		DIALOGUE[$key]=$(as_ward "$w" dialogue add --date "$day" --title "$title" \
			--note "$note" --household "${households// /,}")
	done < <(rows dialogues.txt "$w")
}

# A need, surveyed by the ward, re-checked and approved (or rejected) by the
# district, and funded by the ward from a fund or a sponsor.
needs() {
	local w=$1 _w hh kind cccd desc est surveyed dia outcome verified decided given \
		fund org amount wrong id mid sid
	while IFS='|' read -r _w hh kind cccd desc est surveyed dia outcome verified decided \
		given fund org amount wrong; do
		local add=(need add --household "$hh" --kind "$kind" --description "$desc"
			--date "$surveyed")
		mid=
		if [ -n "$cccd" ]; then
			mid=$(member_id "$cccd")
			add+=(--member "$mid")
		fi
		[ -n "$est" ] && add+=(--estimate "$est")
		[ -n "$dia" ] && add+=(--dialogue "${DIALOGUE[$dia]}")
		id=$(as_ward "$w" "${add[@]}")
		case $outcome in
		verified | approved | funded | rejected)
			as_district need verify "$id" --ward "$w" --date "$verified" >/dev/null ;;
		esac
		case $outcome in
		approved | funded)
			as_district need approve "$id" --ward "$w" --date "$decided" >/dev/null ;;
		rejected)
			as_district need reject "$id" --ward "$w" --date "$decided" \
				--note "Không đủ điều kiện sau phúc tra" >/dev/null ;;
		esac
		[ "$outcome" = funded ] || continue
		local give=(support add --household "$hh" --kind "$kind" --description "$desc"
			--date "$given" --need "$id")
		[ -n "$fund" ] && give+=(--fund "$fund")
		[ -n "$org" ] && give+=(--org "$org")
		[ -n "$mid" ] && give+=(--member "$mid")
		if [ -n "$wrong" ]; then
			# Entered with a wrong amount, corrected by a reversing entry:
			# the need is approved again, then fulfilled by the right entry.
			sid=$(as_ward "$w" "${give[@]}" --amount "$wrong")
			as_ward "$w" support reverse "$sid" --date "$given" \
				--reason "Nhập sai số tiền (thừa một chữ số 0)" >/dev/null
		fi
		as_ward "$w" "${give[@]}" --amount "$amount" >/dev/null
	done < <(rows needs.txt "$w")
}

supports() {
	local w=$1 _w hh kind cccd desc amount given fund org
	while IFS='|' read -r _w hh kind cccd desc amount given fund org; do
		local give=(support add --household "$hh" --kind "$kind" --description "$desc"
			--amount "$amount" --date "$given")
		[ -n "$cccd" ] && give+=(--member "$(member_id "$cccd")")
		[ -n "$fund" ] && give+=(--fund "$fund")
		[ -n "$org" ] && give+=(--org "$org")
		as_ward "$w" "${give[@]}" >/dev/null
	done < <(rows supports.txt "$w")
}

pairings() {
	local w=$1 _w hh org signed commitment
	while IFS='|' read -r _w hh org signed commitment; do
		as_ward "$w" pairing add --org "${ORG[$org]}" --household "$hh" \
			--signed "$signed" --commitment "$commitment" >/dev/null
	done < <(rows pairings.txt "$w")
}

employment() {
	local w=$1 _w title from to kind week day cccd name cid employer trade
	while IFS='|' read -r _w title from to; do
		JOB_WEEK[$title]=$(as_ward "$w" jobweek add --title "$title" --from "$from" --to "$to")
	done < <(rows jobweeks.txt "$w")
	while IFS='|' read -r _w kind week day cccd name cid employer trade; do
		local add=(job add --kind "$kind" --date "$day")
		[ -n "$week" ] && add+=(--job-week "${JOB_WEEK[$week]}")
		if [ -n "$cccd" ]; then
			add+=(--member "$(member_id "$cccd")")
		else
			add+=(--name "$name")
			[ -n "$cid" ] && add+=(--citizen-id "$cid")
		fi
		[ -n "$employer" ] && add+=(--employer "$employer")
		[ -n "$trade" ] && add+=(--trade "$trade")
		as_ward "$w" "${add[@]}" >/dev/null
	done < <(rows jobs.txt "$w")
}

distributions() {
	local w=$1 _w programme day group beneficiaries goods households donors note x
	while IFS='|' read -r _w programme day group beneficiaries goods households donors note; do
		local add=(distribution add --program "${PROGRAM[$programme]}" --date "$day"
			--beneficiaries "$beneficiaries" --note "$note")
		[ -n "$group" ] && add+=(--group "$group")
		local -a list
		IFS=';' read -r -a list <<<"$goods"
		for x in "${list[@]}"; do add+=(--goods "$x"); done
		for x in $households; do add+=(--household "$x"); done
		IFS=';' read -r -a list <<<"$donors"
		for x in "${list[@]}"; do add+=(--donor "${ORG[$x]}"); done
		as_ward "$w" "${add[@]}" >/dev/null
	done < <(rows distributions.txt "$w")
}

review() {
	local w=$1 _w hh year on income deprived note
	while IFS='|' read -r _w hh year on income deprived; do
		as_ward "$w" assess add --household "$hh" --year "$year" --on "$on" \
			--income "$income" --deprived "$deprived" --reviewer "Cán bộ LĐ-TB&XH phường" >/dev/null
	done < <(rows assessments.txt "$w")
	if [ -e "$data/assessments.csv" ]; then import_rows assessments "$w" assessments.csv; fi
	while IFS='|' read -r _w hh year note; do
		as_ward "$w" household expect-exit "$hh" --year "$year" --note "$note" >/dev/null
	done < <(rows expected.txt "$w")
}

ward_work() {
	local w=$1
	member_ids "$w"
	dialogues "$w"
	needs "$w"
	supports "$w"
	pairings "$w"
	employment "$w"
	distributions "$w"
	review "$w"
}

# The district confirms the review of the households in recognize.txt (the
# sample's: the 2023 review of An Khê and Thanh Khê Đông): they take the
# status the review found.
recognize() {
	local w hh year on decision
	while IFS='|' read -r w hh year on decision; do
		as_district assess recognize "$hh" --ward "$w" --year "$year" --on "$on" \
			--decision "$decision" >/dev/null
	done < <(rows recognize.txt)
}

# ------------------------------------------------------------ main

# The district's steps run in this shell (the ward steps need the ids they
# record); on a failure, show the end of their log.
district_log=$logs/district.log
in_district=
: >"$district_log"
exec 3>&2  # the trap may run while stderr goes to the log
on_exit() {
	local rc=$?
	if [ "$rc" -ne 0 ] && [ -n "$in_district" ]; then
		echo "load.sh: failed ($district_log):" >&3
		tail -n 5 "$district_log" | sed 's/^/  /' >&3
	fi
}
trap on_exit EXIT

echo "  households and members: each ward imports its spreadsheet"
each_ward import_ward
echo "  organizations, targets, programmes (district)"
in_district=1
{ organizations; targets; programmes; } >>"$district_log" 2>&1
in_district=
echo "  dialogues, needs and support, pairings, employment, programme distributions, reviews (each ward)"
each_ward ward_work
echo "  review results recognized (district)"
in_district=1
recognize >>"$district_log" 2>&1
in_district=
