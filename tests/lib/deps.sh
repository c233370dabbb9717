#!/usr/bin/env bash
# tests/lib/deps.sh — `make deps`, and the first step of `make check` and
# `make demo`: install the Debian packages that building, testing and the
# demo need. As root it installs what is missing; otherwise it prints the one
# apt command to run and fails, so that nothing is built half-equipped.
#
#   tests/lib/deps.sh            install (root) or explain (anyone else)
#   tests/lib/deps.sh --tools    print "TOOL PACKAGE" for every program the
#                                build, the tests and the demo call
#   tests/lib/deps.sh --packages print the package list
#
# tests/static/deps.t holds this list against the Makefile and the scripts:
# every program they call must be in TOOLS, and every TOOL must come from the
# package named beside it.
set -euo pipefail

# Every program the Makefile, tests/run-all, sql/cluster.sh, sql/demo.sh and
# the tests call that is not part of a minimal Debian (coreutils, bash, grep,
# sed, awk, find), and the package it comes from.
TOOLS=(
	"make make"
	"cc gcc"
	"gcc gcc"
	"ar binutils"
	"pkg-config pkg-config"
	"protoc-c protobuf-c-compiler"
	"pg_config libpq-dev"
	"psql postgresql-client-15"
	"initdb postgresql-15"
	"pg_ctl postgresql-15"
	"postgres postgresql-15"
	"prove perl"
	"perl perl-base"
	"python3 python3"
	"curl curl"
	"openssl openssl"
	"clang-format clang-format"
	"flock util-linux"
	"runuser util-linux"
	"pgrep procps"
	"ps procps"
	"systemd-analyze systemd"
	"pgbench postgresql-client-15"
	"redis-server redis-server"
	"redis-cli redis-tools"
	"redis-benchmark redis-tools"
	"perf linux-perf"
	"chromium chromium"
)

PACKAGES=(
	make gcc binutils pkg-config
	libevent-dev libprotobuf-c-dev protobuf-c-compiler libpq-dev libssl-dev
	postgresql-15 postgresql-client-15 pgtap postgresql-15-pgtap
	perl perl-base util-linux procps python3 curl openssl clang-format
	python3-yaml systemd redis-server redis-tools linux-perf chromium
)

case "${1:-}" in
--tools)
	printf '%s\n' "${TOOLS[@]}"
	exit 0
	;;
--packages)
	printf '%s\n' "${PACKAGES[@]}"
	exit 0
	;;
"") ;;
*)
	echo "usage: $0 [--tools|--packages]" >&2
	exit 1
	;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: everything is installed"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing: ${missing[*]}" >&2
	echo "deps: run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "deps: installing ${missing[*]}"
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
