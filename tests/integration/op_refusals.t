#!/usr/bin/env bash
# What the daemon's operation engine refuses before anything reaches SQL,
# sent as raw requests (the client checks these itself): a list's limit and
# offset out of range, answered as violations of limit and offset (not the
# database's error text), and too many households on a dialogue or a
# distribution, naming the list that goes past the limit.
# The requests are written by hand in Python, in plaintext: the test is about
# the engine, not the transport (tls.t is).
T_TRANSPORT=plain
. "$(dirname "$0")/../lib/common.sh"

plan 6

token ak ward AK
start_daemon
raw() { # raw BODY-FIELD BODY-HEX — Hello, then one request; prints the
	# status code and the violations
	python3 - "$ANSINH_TOP/tests/lib" "$ADDR" "$(cat "$T_DIR/ak.token")" "$1" "$2" <<-'EOF'
		import sys
		sys.path.insert(0, sys.argv[1])
		import wire
		resp = wire.request(sys.argv[2], sys.argv[3].encode(), int(sys.argv[4]), bytes.fromhex(sys.argv[5]))
		print(wire.status_line(resp))
	EOF
}
hex() { # hex FIELD VALUE ... — a message of varint fields, hex
	python3 -c 'import sys
sys.path.insert(0, sys.argv[1])
import wire
print(b"".join(wire.varint(int(f) << 3) + wire.varint(int(v)) for f, v in zip(sys.argv[2::2], sys.argv[3::2])).hex())' \
		"$ANSINH_TOP/tests/lib" "$@"
}
# HouseholdList (body 33): limit = 4, offset = 5
is "$(raw 33 "$(hex 5 2147483648)")" "3 offset must be at most 2147483647" \
	"household list: an offset of 2^31 is refused, naming offset"
is "$(raw 33 "$(hex 4 10001)")" "3 limit must be at most 10000" \
	"household list: a limit past 10000 is refused, naming limit"
# NeedList (57): offset = 7; AssessmentList (104): offset = 6
is "$(raw 57 "$(hex 7 4294967295)")" "3 offset must be at most 2147483647" \
	"need list: the largest offset is refused, naming offset"
is "$(raw 104 "$(hex 6 2147483647)")" "0 " \
	"assessment list: an offset of 2^31-1 is a valid (empty) page"

# --- households listed: the violation names the list that goes past 1000
many() { # many dialogue|distribution — the body with 1001 households, hex
	python3 - "$ANSINH_TOP/tests/lib" "$1" <<-'EOF'
		import sys
		sys.path.insert(0, sys.argv[1])
		from wire import ld
		def uid(i):
		    return bytes.fromhex("01a2000000007000800000000000") + i.to_bytes(2, "big")
		if sys.argv[2] == "dialogue":
		    # Dialogue { id, held_on, title, household_ids x 1001 }
		    d = ld(1, uid(9999)) + ld(3, b"2024-01-02") + ld(4, b"x")
		    d += b"".join(ld(6, uid(i)) for i in range(1, 1002))
		else:
		    # Distribution { id, programme_id, held_on, household_codes x 1001 }
		    d = ld(1, uid(9999)) + ld(3, uid(9998)) + ld(4, b"2024-01-02")
		    d += b"".join(ld(9, b"C-%d" % i) for i in range(1, 1002))
		print(ld(1, d).hex())
	EOF
}
# DialogueCreate (62), DistributionCreate (72)
is "$(raw 62 "$(many dialogue)")" "3 dialogue.household_ids at most 1000 households per dialogue" \
	"a dialogue naming 1001 households by id: the violation names household_ids"
is "$(raw 72 "$(many distribution)")" "3 distribution.household_codes a distribution lists at most 1000 households" \
	"a distribution naming 1001 households by code: the violation names household_codes"
