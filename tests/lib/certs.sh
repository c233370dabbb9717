#!/usr/bin/env bash
# tests/lib/certs.sh — a private certificate authority and the certificates
# the daemon and the offices use, made with openssl; for `make check` (once
# per run) and `make demo` (under ./var/tls). Not for production: a real
# district keeps its CA's key offline (README: "Certificates").
#
#   tests/lib/certs.sh DIR [OFFICE…]
#
# Makes in DIR (each file only if missing, so a second run changes nothing):
#   ca.crt, ca.key           the CA (ECDSA P-256, 10 years)
#   server.crt, server.key   the daemon's, for localhost, 127.0.0.1 and ::1
#                            (CERTS_SERVER_NAMES="DNS:x,IP:y" names others)
#   OFFICE.crt, OFFICE.key   one client certificate per office, its common
#                            name the office: "district", "ward-AK", …
# Keys are readable by their owner only.
set -euo pipefail

dir=${1:?usage: tests/lib/certs.sh DIR [OFFICE...]}
shift
mkdir -p "$dir"
umask 077

# key FILE: a new ECDSA P-256 key.
key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$1" 2>/dev/null
}

# sign NAME CN EXTENSIONS: NAME.key (made if missing) certified by the CA.
sign() {
	local name=$1 cn=$2 ext=$3
	[ -s "$dir/$name.crt" ] && return 0
	[ -s "$dir/$name.key" ] || key "$dir/$name.key"
	printf '%s\n' "$ext" >"$dir/$name.ext"
	openssl req -new -key "$dir/$name.key" -subj "/O=ansinh/CN=$cn" \
		-out "$dir/$name.csr"
	openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" \
		-CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 12)" \
		-days 825 -sha256 -extfile "$dir/$name.ext" \
		-out "$dir/$name.crt" 2>/dev/null
	rm -f "$dir/$name.csr" "$dir/$name.ext"
	chmod 644 "$dir/$name.crt"
}

if [ ! -s "$dir/ca.crt" ]; then
	key "$dir/ca.key"
	openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 3650 \
		-subj "/O=ansinh/CN=ansinh private CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-out "$dir/ca.crt"
	chmod 644 "$dir/ca.crt"
fi

names=${CERTS_SERVER_NAMES:-DNS:localhost,IP:127.0.0.1,IP:::1}
sign server ansinhd "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$names"

for office in "$@"; do
	sign "$office" "$office" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
done
