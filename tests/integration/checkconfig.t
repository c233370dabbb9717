#!/usr/bin/env bash
# ansinhd check-config [serve flags]: every check and its exit code —
# 0 ready (warnings allowed), 1 flags or addresses, 2 a TLS, log or audit
# key file,
# 3 the database cannot be reached, 4 the schema is missing or older than
# the binary.
T_TRANSPORT=tls
. "$(dirname "$0")/../lib/common.sh"

plan 29

C=$TLS_DIR
KEY=$T_DIR/audit.key
(umask 077 && printf '# current first\nk2:%s\nk1:%s\n' "$(openssl rand -hex 32)" "$(openssl rand -hex 32)" >"$KEY")
good=(--db "$DAEMON_DB" --tls-cert "$C/server.crt" --tls-key "$C/server.key" --audit-key-file "$KEY")

# says RC REGEX DESCRIPTION: the last run exited RC and a line of its output
# matches REGEX. (The output is shown indented: its lines start with "ok".)
says() {
	if [ "$RC" = "$1" ] && grep -Eq -- "$2" <<<"$OUT"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "exit $RC (expected $1), output:" "should match: '$2'"
		sed 's/^/#   | /' <<<"$OUT$ERR"
	fi
}

run "$ANSINHD" check-config "${good[@]}" --tls-client-ca "$C/ca.crt"
says 0 '^check-config: ready to serve$' "a good configuration: exit 0, ready to serve"
says 0 '^ok   tls +--tls-key .* belongs to --tls-cert; client certificates required$' "the key belongs to the certificate"
says 0 '^ok   tls +--tls-cert .*server.crt \(CN=ansinhd\): valid for [0-9]+ more days$' "the certificate is valid, its name and days shown"
says 0 "^ok   database +connected as ansinhd to $T_DB\$" "the database is reached as the daemon's role"
says 0 "^ok   schema +version $("$ANSINHD" version | sed 's/.*schema \([0-9]*\).*/\1/'), as this binary expects" "the schema is current"
says 0 '^ok   listen +clients 127.0.0.1:7420, admin 127.0.0.1:7421$' "the addresses are shown"
says 0 "^ok   audit-key +--audit-key-file $KEY: 2 keys, writes MAC'd with k2\$" "the audit key file loads as serve loads it: its keys and the current one"

# The audit key file (--audit-key-file), loaded by serve's own code.
printf 'k1:%s\nk2:not-hex-at-all-not-hex-at-all-xx\n' "$(openssl rand -hex 32)" >"$T_DIR/bad.key"
run "$ANSINHD" check-config "${good[@]}" --audit-key-file "$T_DIR/bad.key"
says 2 "^FAIL audit-key +--audit-key-file $T_DIR/bad.key:2: the secret must be" "a key file with a bad line: exit 2, the file, the line and the rule"
ANSINHD_AUDIT_KEY_FILE=$T_DIR/missing.key run "$ANSINHD" check-config --db "$DAEMON_DB" --tls-cert "$C/server.crt" --tls-key "$C/server.key"
says 2 "^FAIL audit-key +--audit-key-file $T_DIR/missing.key: No such file" "a missing key file (from ANSINHD_AUDIT_KEY_FILE): exit 2"
printf '# nothing yet\n' >"$T_DIR/empty.key"
run "$ANSINHD" check-config "${good[@]}" --audit-key-file "$T_DIR/empty.key"
says 2 "^FAIL audit-key +--audit-key-file $T_DIR/empty.key: no key" "a key file without a key: exit 2"
cp "$KEY" "$T_DIR/open.key" && chmod 644 "$T_DIR/open.key"
run "$ANSINHD" check-config "${good[@]}" --audit-key-file "$T_DIR/open.key"
says 0 "^warn audit-key +.*open.key: 2 keys, .*open to others \(mode 644: chmod 600\)\$" "a key file others may read: a warning, exit 0"
run "$ANSINHD" check-config "${good[@]}" --audit-key-file ""
says 0 '^warn audit-key +off: writes carry no MAC' "no key file: a warning (as serve logs), exit 0"

run "$ANSINHD" check-config --db "$DAEMON_DB"
says 0 '^warn tls +off: clients connect in plaintext' "plaintext: a warning, still exit 0"

run "$ANSINHD" check-config "${good[@]}" --max-conns 0
like "$RC:$ERR" '^1:ansinhd check-config: --max-conns: must be between 1 and' "a bad value: exit 1, the flag named"
run "$ANSINHD" check-config "${good[@]}" --no-such-flag
like "$RC:$ERR" '^1:ansinhd check-config: unknown flag --no-such-flag' "an unknown flag: exit 1"
run "$ANSINHD" check-config "${good[@]}" --listen localhost:7420
says 1 '^FAIL listen +--listen localhost:7420: not HOST:PORT' "a listen address serve cannot use: exit 1, named"
says 1 '^check-config: 1 problem \(exit 1\)$' "one problem counted"

run "$ANSINHD" check-config "${good[@]}" --tls-key "$C/ward-AK.key"
says 2 '^FAIL tls +--tls-key .*ward-AK.key(: key values mismatch| does not belong to the certificate in --tls-cert)' "a key of another certificate: exit 2, and why"
ANSINHD_TLS_CERT=$T_DIR/missing.crt run "$ANSINHD" check-config --db "$DAEMON_DB" --tls-key "$C/server.key"
says 2 '^FAIL tls +--tls-cert .*missing.crt' "a missing certificate (from ANSINHD_TLS_CERT): exit 2, the file named"
run "$ANSINHD" check-config --db "$DAEMON_DB" --tls-cert "$C/server.crt"
says 1 '^FAIL tls +give both --tls-cert and --tls-key$' "a certificate without its key: exit 1"
# A certificate that ends tomorrow is a warning, not a failure.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
	-subj /CN=soon -keyout "$T_DIR/soon.key" -out "$T_DIR/soon.crt" 2>/dev/null
run "$ANSINHD" check-config --db "$DAEMON_DB" --tls-cert "$T_DIR/soon.crt" --tls-key "$T_DIR/soon.key"
says 0 '^warn tls +--tls-cert .*soon.crt \(CN=soon\): expires in [01] days?$' "a certificate about to end: a warning, exit 0"

run "$ANSINHD" check-config "${good[@]}" --log-file "$T_DIR/no/such/dir/a.log"
says 2 '^FAIL log-file +.*/no/such/dir/a.log: cannot be created in .*: No such file or directory$' "a log file that cannot be created: exit 2"
run "$ANSINHD" check-config "${good[@]}" --log-file "$T_DIR/ok.log"
says 0 '^ok   log-file +.*ok.log: will be created$' "a log file that can be: exit 0"
[ ! -e "$T_DIR/ok.log" ]
ok $? "and check-config did not create it"

run "$ANSINHD" check-config "${good[@]}" --db "host=127.0.0.1 port=1 dbname=x user=ansinhd connect_timeout=5"
says 3 '^FAIL database +cannot connect: ' "a database that cannot be reached: exit 3"
run "$ANSINHD" check-config --db "host=127.0.0.1 port=1 dbname=x user=ansinhd connect_timeout=5" \
	--tls-cert "$C/server.crt" --tls-key "$C/ward-AK.key"
says 2 '^FAIL database +cannot connect: ' "a bad key and no database: every check runs, the exit is the file's (2)"

psql -X -q -U postgres -d postgres -c "SET client_min_messages = warning" \
	-c "DROP DATABASE IF EXISTS ${T_DB}_empty" -c "CREATE DATABASE ${T_DB}_empty" >/dev/null
run "$ANSINHD" check-config "${good[@]}" --db "dbname=${T_DB}_empty user=ansinhd"
says 4 '^FAIL schema +cannot read the schema version .*run ansinhd migrate$' "no schema: exit 4, run ansinhd migrate"
psql -X -q -U postgres -d postgres -c "DROP DATABASE ${T_DB}_empty" >/dev/null

# An older schema: this test's copy with the last migration's row removed.
psql -X -q -U postgres -d postgres -c "SET client_min_messages = warning" \
	-c "DROP DATABASE IF EXISTS ${T_DB}_old" -c "CREATE DATABASE ${T_DB}_old TEMPLATE $T_DB" >/dev/null
psql -X -q -U postgres -d "${T_DB}_old" \
	-c "DELETE FROM ansinh.schema_migrations WHERE version = (SELECT max(version) FROM ansinh.schema_migrations)" >/dev/null
run "$ANSINHD" check-config "${good[@]}" --db "dbname=${T_DB}_old user=ansinhd"
says 4 '^FAIL schema +version [0-9]+, this binary expects [0-9]+: run ansinhd migrate$' "an older schema: exit 4, run ansinhd migrate"
psql -X -q -U postgres -d postgres -c "DROP DATABASE ${T_DB}_old" >/dev/null

run "$ANSINHD" check-config "${good[@]}" --db "dbname=$T_DB user=postgres"
says 0 '^warn database +connected as postgres .*a superuser' "a superuser role: a warning, exit 0"
