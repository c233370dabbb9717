#!/usr/bin/env bash
# sql/demo.sh — `make demo` and `make stop`.
#
#   sql/demo.sh start   private cluster under ./var/, migrate, tokens, daemon,
#                       a sample of Thanh Khê's households entered through the
#                       real client, then the list
#   sql/demo.sh stop    stop the daemon and the cluster (data stays in ./var/)
#   sql/demo.sh clean   stop and remove ./var/
#
# ANSINH_DEMO_PORT (default 7420) and ANSINH_DEMO_ADMIN_PORT (7421) choose
# the loopback ports.
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD
var=$top/var
port=${ANSINH_DEMO_PORT:-7420}
admin_port=${ANSINH_DEMO_ADMIN_PORT:-7421}
ANSINH=$top/client/ansinh
ANSINHD=$top/server/ansinhd

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
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
		say "PostgreSQL stopped (data kept in var/; 'sql/demo.sh clean' removes it)"
	fi
}

start() {
	tests/lib/deps.sh || die "install the packages above, then run make demo again"
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
	mk_token ward-AK ward AK
	mk_token ward-KD ward KD
	mk_token ward-XH ward XH

	if [ -f "$var/ansinhd.pid" ] && kill -0 "$(cat "$var/ansinhd.pid")" 2>/dev/null; then
		say "ansinhd already running (pid $(cat "$var/ansinhd.pid"))"
	else
		say "ansinhd on 127.0.0.1:$port (log: var/ansinhd.log)"
		local seen
		seen=$(wc -l <"$var/ansinhd.log" 2>/dev/null || echo 0)
		setsid "$ANSINHD" serve --listen "127.0.0.1:$port" \
			--admin-listen "127.0.0.1:$admin_port" \
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
CONF
	export ANSINH_CONFIG=$var/ansinh.conf

	if [ ! -f "$var/demo-loaded" ]; then
		say "entering households and members through the client"
		load
		touch "$var/demo-loaded"
	fi

	say "households of the district (ansinh household list)"
	"$ANSINH" household list
	echo
	say "accent-insensitive search: ansinh household find hoanh"
	"$ANSINH" household find hoanh
	echo
	say "members of household KD-031-07"
	"$ANSINH" member list --household KD-031-07 --ward KD

	cat <<EOF

The system is running. Go on with:

  export ANSINH_CONFIG=$var/ansinh.conf        # server and district token
  ./client/ansinh --help
  ./client/ansinh household show KD-031-07 --ward KD
  ./client/ansinh --token-file var/tokens/ward-AK.token household list
  psql -h $PGHOST -p $PGPORT -U analyst ansinh   # read-only analyst role
  curl -s http://127.0.0.1:$admin_port/metrics

  make stop                                     # stop the daemon and PostgreSQL
EOF
}

# A sample of the district's records, from the 2023 report (MISSION.md).
load() {
	local w="$var/tokens"
	ak() { "$ANSINH" --token-file "$w/ward-AK.token" "$@" >/dev/null; }
	kd() { "$ANSINH" --token-file "$w/ward-KD.token" "$@" >/dev/null; }
	xh() { "$ANSINH" --token-file "$w/ward-XH.token" "$@" >/dev/null; }

	# Thanh Khê Đông, residential group 31: Mr Trương Văn Hoành, disabled,
	# helps his wife run a small food stall.
	kd household add --code KD-031-07 --head "Trương Văn Hoành" --group 31 \
		--address "Tổ 31, Thanh Khê Đông" --status poor --since 2022-01-01 \
		--special-difficulty
	kd member add --household KD-031-07 --name "Trương Văn Hoành" --born 1966-05-14 \
		--sex male --citizen-id 048066003117 --relation head \
		--disability severe --occupation "helps run the family food stall"
	kd member add --household KD-031-07 --name "Nguyễn Thị Thu" --born 1969-09-02 \
		--sex female --citizen-id 048169004218 --relation spouse \
		--occupation "food stall"
	kd member add --household KD-031-07 --name "Trương Thị Mai" --born 2009-03-21 \
		--sex female --relation child
	# Thanh Khê Đông: one of the two new houses paid by Thanh Hóa province.
	kd household add --code KD-018-02 --head "Lê Văn Sáu" --group 18 \
		--status poor --since 2022-01-01 --policy
	kd member add --household KD-018-02 --name "Lê Văn Sáu" --born 1958-12-30 \
		--sex male --citizen-id 048058001902 --relation head \
		--serious-illness --occupation "motorbike-taxi driver"
	kd household add --code KD-022-11 --head "Hoàng Thị Hòa" --group 22 \
		--status near-poor --since 2022-01-01
	kd member add --household KD-022-11 --name "Hoàng Thị Hòa" --born 1975-04-09 \
		--sex female --relation head --occupation "lottery-ticket seller"

	# An Khê: the other new house; the 0-đồng market's households.
	ak household add --code AK-005-03 --head "Phan Văn Lực" --group 5 \
		--status poor --since 2022-01-01 --special-difficulty
	ak member add --household AK-005-03 --name "Phan Văn Lực" --born 1971-07-07 \
		--sex male --citizen-id 048071000503 --relation head \
		--disability mild --occupation "labourer"
	ak household add --code AK-012-09 --head "Đỗ Thị Nở" --group 12 \
		--status poor --since 2022-01-01 --policy
	ak member add --household AK-012-09 --name "Đỗ Thị Nở" --born 1950-01-15 \
		--sex female --relation head --serious-illness
	ak household add --code AK-020-01 --head "Ngô Văn Hải" --group 20 \
		--status near-poor --since 2022-01-01
	ak member add --household AK-020-01 --name "Ngô Văn Hải" --born 1980-02-28 \
		--sex male --citizen-id 048080002001 --relation head \
		--occupation "street vendor"

	# Xuân Hà
	xh household add --code XH-003-04 --head "Trần Thị Hoà" --group 3 \
		--status poor --since 2022-01-01 --special-difficulty
	xh member add --household XH-003-04 --name "Trần Thị Hoà" --born 1962-06-01 \
		--sex female --relation head --disability especially-severe
}

case "${1:-}" in
start) start ;;
stop) stop ;;
clean)
	stop
	if [ -L "$var/pg/cluster" ]; then sql/cluster.sh destroy "$var/pg" || true; fi
	rm -rf "$var"
	;;
*) echo "usage: sql/demo.sh start|stop|clean" >&2; exit 2 ;;
esac
