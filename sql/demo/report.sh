#!/usr/bin/env bash
# sql/demo/report.sh — the district report that `make demo` prints: the
# figures of MISSION.md for the year, computed from the database, then the
# year's poverty review, the community programmes, and one household.
#
#   sql/demo/report.sh TOKEN-FILE [DATABASE]
#
# TOKEN-FILE is a district token; the daemon is the client's usual one
# (ANSINH_SERVER or ANSINH_CONFIG). A figure that a client command gives is
# taken from that command; the others come from sql/demo/report.sql, run by
# psql as the read-only `analyst` role on DATABASE (default ansinh; PGHOST
# and PGPORT say where). report.sql computes every figure, and the report
# checks that the client's figures are the same: it exits 1 when they are not.
# ANSINH_DEMO_YEAR chooses the year (default 2023, the sample's).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
ANSINH=${ANSINH:-$top/client/ansinh}
token=${1:?usage: sql/demo/report.sh TOKEN-FILE [DATABASE]}
db=${2:-ansinh}
year=${ANSINH_DEMO_YEAR:-2023}
from=$year-01-01
to=$year-12-31

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ansinh-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ -t 1 ]; then
	bold() { printf '\033[1m%s\033[0m\n' "$*"; }
	dim() { printf '      \033[2m%s\033[0m\n' "$*"; }
else
	bold() { printf '%s\n' "$*"; }
	dim() { printf '      %s\n' "$*"; }
fi

# The client with the district token; its stderr is shown only on failure.
client() {
	"$ANSINH" --token-file "$token" "$@" 2>"$tmp/stderr" ||
		{ cat "$tmp/stderr" >&2; echo "report.sh: failed: ansinh $*" >&2; return 1; }
}

# awk over the client's CSV: csv(line, f) splits one RFC 4180 line (quoted
# fields may hold commas and doubled quotes) into f[1..n] and returns n;
# grouped(x) writes a whole number with thousands separators (1,830).
csv_awk() {
	LC_ALL=C awk -v year="$year" "$(cat <<'AWK'
function csv(line, f,    n, i, c, q, v) {
	n = 0; v = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { v = v c; i++ } else q = 0
			} else v = v c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = v; v = "" }
		else v = v c
	}
	f[++n] = v
	return n
}
function grouped(x,    s, neg) {
	neg = x < 0; if (neg) x = -x
	x = sprintf("%d", x); s = ""
	while (length(x) > 3) { s = "," substr(x, length(x) - 2) s; x = substr(x, 1, length(x) - 3) }
	return (neg ? "-" : "") x s
}
AWK
)$1" "${@:2}"
}

# --------------------------------------------------------------- the figures

# Every figure by the analyst's SQL: lines "no|figure|value".
psql -X -q -At -F'|' -v ON_ERROR_STOP=1 -v year="$year" -U analyst -d "$db" \
	-f "$here/report.sql" >"$tmp/sql" ||
	{ echo "report.sh: psql as analyst failed" >&2; exit 1; }
sql_field() { awk -F'|' -v n="$1" -v k="$2" '$1 == n { print $k }' "$tmp/sql"; }

declare -A value=() source=()

# 1, 2: no client command gives them (the ledger's lists are not by kind).
value[1]=$(sql_field 1 3)
source[1]="psql as analyst: sql/demo/report.sql"
value[2]=$(sql_field 2 3)
source[2]="psql as analyst: sql/demo/report.sql"

# 3: house-new support of the year, not reversed, from the ledger.
client --format csv ward list --history >"$tmp/wards"
client --format csv support list --from "$from" --to "$to" --limit 10000 >"$tmp/support"
value[3]=$(csv_awk '
	FNR == 1 { next }
	FILENAME == ARGV[1] { csv($0, f); name[f[1]] = f[2]; next }
	{
		csv($0, f)   # ward,household,date,kind,amount_vnd,fund,organization,need,reverses,reversed_by,…
		if (f[4] != "house-new" || f[9] != "" || f[10] != "") next
		n++; ward[n] = name[f[1]]; amount[n] = f[5]; total += f[5]
		s = f[7] != "" ? f[7] : f[6]
		if (!(s in seen)) { seen[s] = 1; sponsors[++ns] = s }
	}
	function sorted(a, k,    i, j, t, out) {
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		out = ""
		for (i = 1; i <= k; i++) out = out (i > 1 ? ", " : "") a[i]
		return out
	}
	END {
		same = 1
		for (i = 2; i <= n; i++) if (amount[i] != amount[1]) same = 0
		money = n == 0 ? "0 VND" : same ? grouped(amount[1]) " VND each" : grouped(total) " VND in all"
		printf "%d (%s), %s, sponsor: %s\n", n, n ? sorted(ward, n) : "none", money, ns ? sorted(sponsors, ns) : "none"
	}' "$tmp/wards" "$tmp/support")
source[3]="ansinh support list --from $from --to $to: the house-new entries"

# 4: open pairings of the year whose household is marked special.
client --format csv household list --limit 10000 >"$tmp/households"
client --format csv pairing list --year "$year" --open --limit 10000 >"$tmp/pairings"
value[4]=$(csv_awk '
	FNR == 1 { next }
	FILENAME == ARGV[1] { csv($0, f); special[f[1] "/" f[2]] = (f[8] == "yes"); next }
	{ csv($0, f); k = f[1] "/" f[3]; if (special[k] && !(k in seen)) { seen[k] = 1; n++ } }
	END { print n + 0 }' "$tmp/households" "$tmp/pairings")
source[4]="ansinh pairing list --year $year --open, households marked special in ansinh household list"

# 5: the job weeks' placements and training registrations.
client --format csv jobweek list --year "$year" --limit 10000 >"$tmp/jobweeks"
value[5]=$(csv_awk 'FNR > 1 { n = csv($0, f); p += f[n - 4]; t += f[n - 3] }
	END { printf "%d / %d\n", p, t }' "$tmp/jobweeks")
source[5]="ansinh jobweek list --year $year: placements / trainings"

# 6: referrals in the first quarter.
client --format csv job list --kind employment-centre-referral --from "$from" \
	--to "$year-03-31" --limit 10000 >"$tmp/referrals"
value[6]=$(csv_awk 'FNR > 1 && /,[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+$/ { n++ }
	END { print n + 0 }' "$tmp/referrals")
source[6]="ansinh job list --kind employment-centre-referral --from $from --to $year-03-31"

# 7, 8: the district's targets.
client --format csv target list --year "$year" >"$tmp/targets"
target() {
	local v
	v=$(metric=$1 csv_awk 'FNR > 1 { csv($0, f); if (f[2] == "district" && f[3] == ENVIRON["metric"]) print f[4] }' \
		"$tmp/targets")
	printf '%s\n' "${v:-not set}"
}
value[7]="$(target poor-exit), of which $(target poor-exit-special) especially difficult and $(target poor-exit-central) poor by the central standard"
source[7]="ansinh target list --year $year"
value[8]=$(target near-poor-exit)
source[8]="ansinh target list --year $year"

bold "==> District report $year: the figures of MISSION.md, from the database"
disagree=
for n in 1 2 3 4 5 6 7 8; do
	printf '  %s: %s\n' "$(sql_field "$n" 2)" "${value[$n]}"
	dim "${source[$n]}"
	if [ "${value[$n]}" != "$(sql_field "$n" 3)" ]; then
		disagree+="  figure $n: client '${value[$n]}', psql '$(sql_field "$n" 3)'"$'\n'
	fi
done
echo
if [ -n "$disagree" ]; then
	printf 'report.sh: the client and the analyst'\''s SQL disagree:\n%s' "$disagree" >&2
else
	echo "  The client's figures are the analyst's too:"
	echo "  psql -U analyst -d $db -v year=$year -f sql/demo/report.sql"
fi
echo

# --------------------------------------------------------------- the review

bold "==> Poverty review $year (ansinh report poverty --year $year)"
client --format csv report poverty --year "$year" >"$tmp/poverty"
csv_awk '
	NR == 1 { printf "  %-5s %-14s %5s %9s %10s %8s %8s %15s %9s %9s\n", "ward", "standard", "poor",
		"near-poor", "poor exits", "special", "central", "near-poor exits", "expected", "exited"; next }
	{
		csv($0, f)   # ward,standard,poor,near_poor,poor_entries,poor_exits,poor_exits_special,
		             # poor_exits_central_poor,near_poor_entries,near_poor_exits,…,expected,expected_exited,…
		printf "  %-5s %-14s %5s %9s %10s %8s %8s %15s %9s %9s\n", f[1], f[2], f[3], f[4], f[6], f[7], f[8],
			f[10], f[12], f[13]
		if (f[1] == "all") { exits = f[6]; special = f[7]; central = f[8]; near = f[10] }
	}
	END {
		if (exits != "")
			printf "\n  In the year'"'"'s review, %s poor households escaped poverty (%s especially difficult, %s poor\n  by the central standard) and %s escaped near-poverty: set against the targets above.\n", exits, special, central, near
	}' "$tmp/poverty"
echo

# The same figures rolled up to the wards of today: the units that hold each
# ward's records (ward list --as-of, its records column).
asof=${ANSINH_DEMO_AS_OF:-2026-12-02}
bold "==> The $year review rolled up to the wards of $asof (ansinh ward list --as-of $asof)"
client --format csv ward list --as-of "$asof" >"$tmp/units"
csv_awk '
	FILENAME == ARGV[1] {    # code,name,official_code,from,to,merged_into,merged_on,records
		if (FNR == 1) next
		csv($0, f); nu++; ucode[nu] = f[1]; uname[f[1]] = f[2] " (" f[3] ")"
		n = split(f[8], w, ","); for (i = 1; i <= n; i++) unit_of[w[i]] = f[1]
		next
	}
	FNR == 1 { next }
	{
		csv($0, f)           # ward,standard,poor,near_poor,…
		if (f[1] == "all" || !(f[1] in unit_of)) next
		u = unit_of[f[1]]; key = u SUBSEP f[2]
		if (!(key in poor)) { nk++; keys[nk] = key }
		poor[key] += f[3]; near[key] += f[4]; wards[key] = wards[key] (wards[key] == "" ? "" : ",") f[1]
	}
	END {
		printf "  %-24s %-14s %5s %9s  %s\n", "ward of today", "standard", "poor", "near-poor", "recorded in"
		for (i = 1; i <= nk; i++) {
			split(keys[i], k, SUBSEP)
			printf "  %-24s %-14s %5d %9d  %s\n", uname[k[1]], k[2], poor[keys[i]], near[keys[i]], wards[keys[i]]
		}
	}' "$tmp/units" "$tmp/poverty"
dim "psql as analyst: SELECT * FROM ansinh.poverty_report_as_of($year, '$asof')"
echo

# --------------------------------------------------------------- programmes

bold "==> Community programmes (ansinh program list, ansinh distribution list)"
client --format csv program list --limit 10000 >"$tmp/programmes"
client --format csv distribution list --from "$from" --to "$to" --limit 10000 >"$tmp/distributions"
csv_awk '
	FNR == 1 { next }
	FILENAME == ARGV[1] {   # ward,name,kind,organization,schedule,distributions,id
		csv($0, f); np++; name[np] = f[2]; org[f[2]] = f[4]; where[f[2]] = f[1] == "" ? "district-wide" : f[1]
		next
	}
	{                       # ward,date,program,group,beneficiaries,households,donors,goods,value_vnd,id
		csv($0, f); p = f[3]; s[p]++; b[p] += f[5]; v[p] += f[9]
		nd = split(f[7], d, "; ")
		for (i = 1; i <= nd; i++) if (d[i] != org[p] && !((p, d[i]) in seen)) {
			seen[p, d[i]] = 1; donors[p] = donors[p] (donors[p] == "" ? "" : ", ") d[i]
		}
	}
	END {
		for (i = 1; i <= np; i++) {
			p = name[i]
			printf "  %s — %s (%s): %d distributions in %s, %s beneficiaries, %s VND of goods%s\n", p, org[p], where[p],
				s[p], year, grouped(b[p]), grouped(v[p]), donors[p] == "" ? "" : "; also donated by " donors[p]
		}
	}' "$tmp/programmes" "$tmp/distributions"
client --format csv dialogue list --from "$from" --to "$to" --limit 10000 >"$tmp/dialogues"
csv_awk 'FNR > 1 { csv($0, f); n++; h += split(f[4], x, " "); needs += f[5] }
	END { printf "  Dialogues with poor households: %d, %d households attended, %d needs raised there\n", n, h, needs }' \
	"$tmp/dialogues"
echo

# --------------------------------------------------------------- one household

bold "==> Mr Trương Văn Hoành, Thanh Khê Đông, residential group 31 (KD-031-07)"
client member list --household KD-031-07 --ward KD | sed 's/^/  /'
client --format csv support list --household KD-031-07 --ward KD --from "$from" --to "$to" >"$tmp/hoanh"
csv_awk 'FNR > 1 { csv($0, f)   # ward,household,date,kind,amount_vnd,fund,organization,need,reverses,reversed_by,description
		printf "  %s  %s VND, %s, from %s: %s%s\n", f[3], grouped(f[5]), f[4], f[6] != "" ? f[6] : f[7], f[11],
			f[8] != "" ? " (the need surveyed is fulfilled)" : "" }' "$tmp/hoanh"
echo "  Reviewed in November 2026 for 2027, under the 2027–2030 standard (Decree 351/2025/NĐ-CP):"
client assess show KD-031-07 --ward KD --year 2027 | sed 's/^/  /'

[ -z "$disagree" ]
