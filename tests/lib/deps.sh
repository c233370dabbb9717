#!/usr/bin/env bash
# tests/lib/deps.sh — `make deps`: install the Debian packages that building,
# testing and `make demo` need. As root it installs what is missing; otherwise
# it prints the exact apt command to run.
set -euo pipefail

PACKAGES=(
	make gcc pkg-config
	libevent-dev libprotobuf-c-dev protobuf-c-compiler libpq-dev libssl-dev
	postgresql-15 postgresql-client-15 pgtap postgresql-15-pgtap
	perl util-linux procps
)

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
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
