#!/usr/bin/env bash
# sql/demo.sh — `make demo` and `make stop`.
#
#   sql/demo.sh start   private cluster under ./var/, migrate, tokens, a
#                       private CA with the daemon's and the offices'
#                       certificates (var/tls/), the daemon over TLS;
#                       the first time, the sample district of 2023 entered
#                       through the real client (sql/demo/load.sh); then the
#                       district report (sql/demo/report.sh)
#   ANSINH_DEMO=district sql/demo.sh start
#                       the same with the demo district instead of the
#                       small sample: about 1,500 households that
#                       sql/demo/generate.py writes to var/district/
#                       (ANSINH_DEMO_SEED, default 2023; ANSINH_DEMO_SCALE,
#                       default 1) — `make demo-district`
#   sql/demo.sh report  the district report again (the demo must be running)
#   sql/demo.sh stop    stop the daemon and the cluster (data stays in ./var/)
#   sql/demo.sh clean   stop and remove ./var/
#
# `start` loads the sample once: a second run only reports. A load that was
# interrupted or failed, a sample from an older version of this script (or
# the other data set: sample or district), or records that are not the
# sample's make it start over from an empty ./var/.
#
# ANSINH_DEMO_PORT (default 7420) and ANSINH_DEMO_ADMIN_PORT (7421) choose
# the loopback ports.
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD
var=$top/var
port=${ANSINH_DEMO_PORT:-7420}
admin_port=${ANSINH_DEMO_ADMIN_PORT:-7421}
ANSINHD=$top/server/ansinhd
WARDS="AK CG HK KD KT TC TG TT VT XH"
# Written to var/demo-loaded once the sample is in; change it when the sample
# (or the generator) changes, so that an older one is replaced.
demo=${ANSINH_DEMO:-sample}
case $demo in
sample)
	SAMPLE="Thanh Khê 2023, sample 4 (TLS)"
	;;
district)
	seed=${ANSINH_DEMO_SEED:-2023}
	scale=${ANSINH_DEMO_SCALE:-1}
	SAMPLE="Thanh Khê 2023, district 1 (TLS), seed $seed, scale $scale"
	;;
*)
	echo "demo: ANSINH_DEMO is '$demo': use sample or district" >&2
	exit 2
	;;
esac

if [ -t 1 ]; then
	say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
else
	say() { printf '==> %s\n' "$*"; }
fi
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

stop() {
	if [ -f "$var/ansinhd.pid" ]; then
		pid=$(cat "$var/ansinhd.pid")
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid"
			for _ in $(seq 1 100); do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.1
			done
			say "ansinhd stopped"
		fi
		rm -f "$var/ansinhd.pid"
	fi
	if [ -d "$var/pg" ]; then
		sql/cluster.sh stop "$var/pg" >/dev/null 2>&1 || true
		say "PostgreSQL stopped"
	fi
}

clean() {
	stop
	if [ -L "$var/pg/cluster" ]; then sql/cluster.sh destroy "$var/pg" >/dev/null 2>&1 || true; fi
	rm -rf "$var"
}

# The cluster, the schema, the tokens, the daemon and the client's config;
# each step is skipped when already done.
bring_up() {
	mkdir -p "$var/tokens"
	chmod 755 "$var"

	say "private PostgreSQL cluster (var/pg)"
	sql/cluster.sh start "$var/pg"
	# shellcheck disable=SC1091
	. "$var/pg/env"
	owner="dbname=ansinh user=ansinh_owner"

	say "migrations"
	"$ANSINHD" migrate --db "$owner"

	say "tokens (var/tokens/)"
	mk_token() { # NAME ROLE [WARD]
		[ -s "$var/tokens/$1.token" ] && return 0
		local args=(token create --db "$owner" --role "$2" --name "$1")
		[ -n "${3:-}" ] && args+=(--ward "$3")
		"$ANSINHD" "${args[@]}" | tail -n 1 >"$var/tokens/$1.token"
		chmod 600 "$var/tokens/$1.token"
		echo "  $1 ($2${3:+ $3})"
	}
	mk_token district district
	mk_token auditor auditor
	for w in $WARDS; do
		mk_token "ward-$w" ward "$w"
	done

	say "certificates (var/tls/): a private CA, the daemon's, one per office"
	local offices=(district)
	for w in $WARDS; do offices+=("ward-$w"); done
	tests/lib/certs.sh "$var/tls" "${offices[@]}"

	if [ ! -s "$var/audit.key" ]; then
		say "audit MAC key (var/audit.key): every write is MAC'd with it"
		(umask 077 && printf 'demo-1:%s\n' "$(openssl rand -hex 32)" >"$var/audit.key")
	fi

	if [ -f "$var/ansinhd.pid" ] && kill -0 "$(cat "$var/ansinhd.pid")" 2>/dev/null; then
		say "ansinhd already running (pid $(cat "$var/ansinhd.pid"))"
	else
		say "ansinhd on 127.0.0.1:$port over TLS (log: var/ansinhd.log)"
		local seen=0
		[ -f "$var/ansinhd.log" ] && seen=$(wc -l <"$var/ansinhd.log")
		setsid "$ANSINHD" serve --listen "127.0.0.1:$port" \
			--admin-listen "127.0.0.1:$admin_port" \
			--tls-cert "$var/tls/server.crt" --tls-key "$var/tls/server.key" \
			--audit-key-file "$var/audit.key" \
			--db "dbname=ansinh user=ansinhd host=$PGHOST port=$PGPORT" \
			>>"$var/ansinhd.log" 2>&1 </dev/null &
		echo $! >"$var/ansinhd.pid"
		for _ in $(seq 1 100); do
			tail -n +$((seen + 1)) "$var/ansinhd.log" | grep -q 'msg="db connected"' && break
			kill -0 "$(cat "$var/ansinhd.pid")" 2>/dev/null ||
				{ tail -n 20 "$var/ansinhd.log" >&2; die "ansinhd did not start"; }
			sleep 0.1
		done
	fi

	cat >"$var/ansinh.conf" <<CONF
# written by make demo: export ANSINH_CONFIG=$var/ansinh.conf
server = 127.0.0.1:$port
token-file = $var/tokens/district.token
# TLS: the daemon's certificate must come from the demo's CA (var/tls/).
tls = yes
ca = tls/ca.crt
CONF
	export ANSINH_CONFIG=$var/ansinh.conf
	# The sample's own outbox: nothing queued for this database outlives it.
	export ANSINH_OUTBOX=$var/outbox
}

# Households in the database, as the analyst counts them.
households() {
	psql -X -q -At -U analyst -d ansinh -c 'SELECT count(*) FROM ansinh.household'
}

start() {
	tests/lib/deps.sh || die "install the packages above, then run make demo again"

	if [ -e "$var/demo-loading" ]; then
		say "the last load of the sample did not finish: starting over with an empty var/"
		clean
	elif [ -e "$var/demo-loaded" ] && [ "$(cat "$var/demo-loaded")" != "$SAMPLE" ]; then
		say "var/ holds an older sample: starting over with an empty var/"
		clean
	fi
	bring_up
	if [ ! -e "$var/demo-loaded" ] && [ "$(households)" != 0 ]; then
		say "var/ holds records that are not the sample's: starting over with an empty var/"
		clean
		bring_up
	fi

	if [ ! -e "$var/demo-loaded" ]; then
		local began=$SECONDS data=sql/demo
		touch "$var/demo-loading"
		if [ "$demo" = district ]; then
			say "the demo district of 2023 (sql/demo/generate.py --seed $seed --scale $scale: var/district/)"
			data=$var/district
			python3 sql/demo/generate.py "$data" --seed "$seed" --scale "$scale" ||
				die "generating the demo district failed"
			echo "  $(grep -c . "$data/households.csv") lines of households.csv, $(grep -c . "$data/members.csv") of members.csv"
		fi
		if [ "$demo" = district ]; then
			say "the demo district, entered through the client (sql/demo/load.sh)"
		else
			say "the sample district of 2023, entered through the client (sql/demo/load.sh)"
		fi
		sql/demo/load.sh "$var/tokens" "$var/demo" "$data" ||
			die "loading the $demo failed (logs in var/demo/); 'make demo' starts over"
		printf '%s\n' "$SAMPLE" >"$var/demo-loaded"
		rm -f "$var/demo-loading"
		echo "  loaded in $((SECONDS - began)) s: $(households) households"
	fi

	echo
	report
	cat <<EOF

The system is running. Go on with:

  export ANSINH_CONFIG=$var/ansinh.conf        # server, district token, TLS and its CA
  ./client/ansinh --help
  ./client/ansinh household show KD-031-07 --ward KD
  ./client/ansinh need list --kind livelihood-equipment --status approved   # waiting for money
  ./client/ansinh --token-file var/tokens/ward-AK.token distribution list
  psql -h $PGHOST -p $PGPORT -U analyst ansinh   # read-only analyst role
  ./server/ansinhd audit verify --audit-key-file var/audit.key --db "dbname=ansinh user=ansinh_owner host=$PGHOST port=$PGPORT"
  ./client/ansinh --token-file var/tokens/auditor.token audit access --actor district   # who read personal data
  psql -h $PGHOST -p $PGPORT -U analyst -d ansinh -v year=2023 -f sql/demo/report.sql
  curl -s http://127.0.0.1:$admin_port/metrics
  # an office certificate per token (required once ansinhd runs with
  # --tls-client-ca var/tls/ca.crt):
  ./client/ansinh --token-file var/tokens/ward-AK.token --cert var/tls/ward-AK.crt --key var/tls/ward-AK.key ward list
  sql/demo.sh report                            # this report again

  make stop                                     # stop the daemon and PostgreSQL
EOF
}

report() {
	local year=${ANSINH_DEMO_YEAR:-2023} ans=(client/ansinh --token-file "$var/tokens/district.token")

	sql/demo/report.sh "$var/tokens/district.token" ansinh ||
		die "the district report failed"
	echo
	say "ansinh report summary --year $year --lang vi"
	"${ans[@]}" report summary --year "$year" --lang vi || die "report summary failed"
	echo
	say "ansinh report targets --year $year --lang vi"
	"${ans[@]}" report targets --year "$year" --lang vi || die "report targets failed"
	"${ans[@]}" --format html report summary --year "$year" --lang vi >"$var/report-$year.html.tmp" &&
		mv "$var/report-$year.html.tmp" "$var/report-$year.html" || die "the html report failed"
	echo
	echo "  the same report as a page with charts: $var/report-$year.html"
}

case "${1:-}" in
start) start ;;
report)
	[ -f "$var/demo-loaded" ] || die "no sample loaded: run make demo"
	# shellcheck disable=SC1091
	. "$var/pg/env"
	export ANSINH_CONFIG=$var/ansinh.conf ANSINH_OUTBOX=$var/outbox
	report
	;;
stop)
	stop
	if [ -d "$var" ]; then echo "(data kept in var/; 'sql/demo.sh clean' removes it)"; fi
	;;
clean) clean ;;
*) echo "usage: sql/demo.sh start|report|stop|clean" >&2; exit 2 ;;
esac
