#!/usr/bin/env bash
# Transport: over TLS a man in the middle reads nothing (the token, names, a
# citizen ID, a phone number) and cannot alter a write without the client
# noticing — over plaintext he could do both, as on main; the client checks
# the daemon's certificate and host name (a wrong CA, a wrong name: refused,
# nothing sent); plaintext to a TLS port and TLS to a plaintext port fail at
# once with a message saying which (and a line in the daemon's log); TLS
# older than 1.2 is refused; with --tls-client-ca a token is accepted only
# with its office's certificate; and the client sends a token in plaintext
# only to loopback unless --insecure.
T_TRANSPORT=tls
. "$(dirname "$0")/../lib/common.sh"

plan 50

PROXY="$ANSINH_TOP/tests/tools/proxy.py"
CERTS="$ANSINH_TOP/tests/lib/certs.sh"
token ak ward AK
token kd ward KD
token dist district
TOK=$(cat "$T_DIR/ak.token")
PROXY_PID=
stop_proxy() { [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null; PROXY_PID=; }
trap 'stop_proxy; t_finish' EXIT
# start_proxy CAPTURE [proxy flags]: a proxy to $ADDR; sets PADDR.
start_proxy() {
	local cap=$1
	shift
	rm -f "$T_DIR/proxy.port" "$cap"
	python3 "$PROXY" "$T_DIR/proxy.port" "$ADDR" "$cap" "$@" &
	PROXY_PID=$!
	for ((i = 0; i < 100; i++)); do [ -s "$T_DIR/proxy.port" ] && break; sleep 0.05; done
	PADDR=127.0.0.1:$(cat "$T_DIR/proxy.port")
}
# seen CAPTURE TEXT: does the capture hold TEXT's bytes?
seen() { grep -aqF -- "$2" "$1"; }

start_daemon
# What the proxy must not see.
SECRET_NAME="Trương Thị Bảo Mật"
CID=048123456789
PHONE=0905777888

# --- A proxy on the path, TLS: nothing readable.
start_proxy "$T_DIR/tls.cap"
run ans ak --server "$PADDR" household add --code TLS-1 --head "$SECRET_NAME" --phone "$PHONE"
is "$RC" 0 "a write through the proxy over TLS succeeds"
run ans ak --server "$PADDR" member add --household TLS-1 --name "$SECRET_NAME" --citizen-id "$CID"
is "$RC" 0 "and a member with a citizen ID"
run ans ak --server "$PADDR" household show TLS-1
like "$OUT" "Bảo Mật" "and the household read back through it"
stop_proxy
[ -s "$T_DIR/tls.cap" ]
ok $? "the proxy saw the traffic ($(wc -c <"$T_DIR/tls.cap") bytes)"
seen "$T_DIR/tls.cap" "$TOK"
ok $((1 - $?)) "but not the token"
seen "$T_DIR/tls.cap" "Bảo Mật"
ok $((1 - $?)) "nor the name"
seen "$T_DIR/tls.cap" "$CID"
ok $((1 - $?)) "nor the citizen ID"
seen "$T_DIR/tls.cap" "$PHONE"
ok $((1 - $?)) "nor the phone number"

# --- The proxy flips a bit of the record carrying a write: the daemon
# refuses the record, the client notices (the write is not acknowledged:
# queued, exit 3), nothing is stored; delivered intact later without the
# proxy.
start_proxy "$T_DIR/flip.cap" --flip-record 3
run ans ak --server "$PADDR" household add --code TLS-2 --head "Người Thật"
stop_proxy
is "$RC" 3 "a write altered on the way is not acknowledged (queued, exit 3)"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'TLS-2'")" 0 "and nothing was stored"
like "$(grep 'msg="tls connection error"' "$DAEMON_LOG")" 'bad record mac' "the daemon logs the altered record"
run ans ak sync
is "$RC" 0 "sent again without the proxy"
is "$(sql "SELECT head_name FROM ansinh.household WHERE code = 'TLS-2'")" "Người Thật" "it is stored as it was written"

# --- The same proxy against plaintext (the daemon of main): it reads
# everything and rewrites a write unnoticed. This is what TLS prevents.
SAVE=("${SERVE_TLS[@]}")
SERVE_TLS=()
stop_daemon
start_daemon
PLAIN=$ADDR
start_proxy "$T_DIR/plain.cap" --replace "PT-1" "PT-9"
run ans ak --tls=no --server "$PADDR" household add --code PT-1 --head "$SECRET_NAME" --phone "$PHONE"
stop_proxy
is "$RC" 0 "over plaintext, a write rewritten on the way is acknowledged"
is "$(sql "SELECT count(*) FROM ansinh.household WHERE code = 'PT-9'")" 1 "and stored as the attacker wrote it"
seen "$T_DIR/plain.cap" "$TOK"
ok $? "and the proxy reads the token"

# --- TLS to a plaintext port: said at once, on both sides.
run ans ak --server "$PLAIN" ward list
is "$RC" 5 "TLS to a plaintext port fails (exit 5)"
like "$ERR" "answered in plaintext, not TLS: it does not speak TLS on this port" "saying so"
like "$(cat "$DAEMON_LOG")" 'msg="TLS handshake on a plaintext port"' "and the daemon logs it"
stop_daemon
SERVE_TLS=("${SAVE[@]}")
start_daemon

# --- Plaintext to a TLS port: said at once, on both sides.
run ans ak --tls=no ward list
is "$RC" 2 "plaintext to a TLS port is refused (exit 2)"
like "$ERR" "FAILED_PRECONDITION: this daemon speaks TLS only: connect with ansinh --tls --ca FILE" "saying so"
like "$(cat "$DAEMON_LOG")" 'msg="plaintext connection on the TLS port"' "and the daemon logs it"

# --- The daemon's certificate: another CA, another name.
"$CERTS" "$T_DIR/other" >/dev/null
run ans ak --ca "$T_DIR/other/ca.crt" ward list
is "$RC" 4 "a certificate from another CA is refused (exit 4, nothing sent)"
like "$ERR" "certificate was refused: unable to get local issuer certificate" "saying why"
# The client has exited when the daemon reads the alert; a slow daemon (under
# valgrind) logs it a moment later: wait for the line.
wait_for_line "$DAEMON_LOG" 'msg="tls handshake failed".*alert unknown ca'
like "$(cat "$DAEMON_LOG")" 'msg="tls handshake failed".*alert unknown ca' "and the daemon logs the client's alert"
mkdir -p "$T_DIR/named"
cp "$TLS_DIR/ca.crt" "$TLS_DIR/ca.key" "$T_DIR/named/"
CERTS_SERVER_NAMES=DNS:district.example "$CERTS" "$T_DIR/named" >/dev/null
stop_daemon
start_daemon --tls-cert "$T_DIR/named/server.crt" --tls-key "$T_DIR/named/server.key"
run ans ak ward list
is "$RC" 4 "a certificate for another name is refused (exit 4)"
like "$ERR" "certificate was refused: IP address mismatch" "saying why (127.0.0.1 is not district.example)"
run ans ak --server "localhost:${ADDR##*:}" ward list
like "$ERR" "certificate was refused: hostname mismatch" "and by name: localhost is not district.example"
stop_daemon
start_daemon
run ans ak --server "localhost:${ADDR##*:}" ward list
is "$RC" 0 "the right name is accepted"

# --- TLS 1.2 at least; no weak ciphers.
openssl s_client -connect "$ADDR" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >/dev/null 2>&1
ok $((1 - ($? != 0))) "TLS 1.1 is refused"
like "$(cat "$DAEMON_LOG")" 'msg="tls handshake failed".*unsupported protocol' "(the daemon logs: unsupported protocol)"
openssl s_client -connect "$ADDR" -tls1_2 -cipher 'AES128-SHA' </dev/null >/dev/null 2>&1
ok $((1 - ($? != 0))) "TLS 1.2 without forward secrecy is refused"
openssl s_client -connect "$ADDR" -tls1_2 -CAfile "$TLS_DIR/ca.crt" </dev/null >"$T_DIR/s12.out" 2>&1
like "$(cat "$T_DIR/s12.out")" 'Protocol *: TLSv1.2' "TLS 1.2 with ECDHE is accepted"

# --- Client certificates: a token only with its office's certificate.
stop_daemon
start_daemon --tls-client-ca "$TLS_DIR/ca.crt"
run ans ak ward list
is "$RC" 4 "without a certificate the connection is refused"
like "$ERR" "wants this office's certificate" "saying so"
run ans ak --cert "$TLS_DIR/ward-AK.crt" --key "$TLS_DIR/ward-AK.key" ward list
is "$RC" 0 "ward AK's token with ward AK's certificate is served"
run ans ak --cert "$TLS_DIR/ward-KD.crt" --key "$TLS_DIR/ward-KD.key" ward list
is "$RC" 2 "ward AK's token with ward KD's certificate is refused"
like "$ERR" "UNAUTHENTICATED.*needs the certificate of office 'ward-AK'; this connection showed 'ward-KD'" "saying which certificate it needs"
run ans dist --cert "$TLS_DIR/district.crt" --key "$TLS_DIR/district.key" ward list
is "$RC" 0 "the district token with the district's certificate is served"
run ans dist --cert "$TLS_DIR/ward-AK.crt" --key "$TLS_DIR/ward-AK.key" ward list
is "$RC" 2 "the district token with a ward's certificate is refused"
"$CERTS" "$T_DIR/other" ward-AK >/dev/null
run ans ak --cert "$T_DIR/other/ward-AK.crt" --key "$T_DIR/other/ward-AK.key" ward list
is "$RC" 4 "a certificate from another CA is refused"
like "$ERR" "did not accept this office's certificate" "saying so"

# --- The settings' twins: the config file (paths relative to it) and the
# environment.
stop_daemon
start_daemon
mkdir -p "$T_DIR/conf"
cp "$TLS_DIR/ca.crt" "$T_DIR/conf/district-ca.pem"
cp "$T_DIR/ak.token" "$T_DIR/conf/ak.token"
cat >"$T_DIR/conf/config" <<CONF
server = $ADDR
token-file = ak.token
tls = yes
ca = district-ca.pem
CONF
run env -u ANSINH_TLS -u ANSINH_CA ANSINH_CONFIG="$T_DIR/conf/config" "$ANSINH" ward list
is "$RC" 0 "tls and ca from the config file (ca relative to it)"
run env -u ANSINH_TLS ANSINH_CA="$T_DIR/other/ca.crt" ANSINH_CONFIG="$T_DIR/conf/config" "$ANSINH" ward list
is "$RC" 4 "ANSINH_CA wins over the config file"
run env -u ANSINH_CA ANSINH_TLS=no ANSINH_CONFIG="$T_DIR/conf/config" "$ANSINH" ward list
is "$RC" 2 "ANSINH_TLS=no wins over tls = yes (plaintext to the TLS port, refused)"

# --- No token in plaintext beyond loopback.
stop_daemon
SERVE_TLS=()
start_daemon
run ans ak --tls=no --server 192.0.2.1:7420 ward list
is "$RC" 1 "plaintext to an address that is not loopback is refused (exit 1), before connecting"
like "$ERR" "refusing to send the token without TLS to 192.0.2.1" "saying so"
run ans ak --tls=no --server "0.0.0.0:${ADDR##*:}" ward list
is "$RC" 1 "0.0.0.0 is not loopback either"
run ans ak --tls=no --insecure --server "0.0.0.0:${ADDR##*:}" ward list
is "$RC" 0 "with --insecure it is allowed"
ANSINH_INSECURE=yes run ans ak --tls=no --server "0.0.0.0:${ADDR##*:}" ward list
is "$RC" 0 "and with ANSINH_INSECURE"
