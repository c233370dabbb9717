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
	python3 - "$ADDR" "$(cat "$T_DIR/ak.token")" "$1" "$2" <<-'EOF'
		import socket, struct, sys
		host, port = sys.argv[1].rsplit(":", 1)
		token, field, body = sys.argv[2].encode(), int(sys.argv[3]), bytes.fromhex(sys.argv[4])
		def varint(n):
		    out = b""
		    while True:
		        b = n & 0x7f
		        n >>= 7
		        if n:
		            out += bytes([b | 0x80])
		        else:
		            return out + bytes([b])
		def ld(num, data):
		    return varint(num << 3 | 2) + varint(len(data)) + data
		def frame(msg):
		    return struct.pack(">I", len(msg)) + msg
		def fields(buf):
		    i, out = 0, []
		    while i < len(buf):
		        tag = 0; shift = 0
		        while True:
		            b = buf[i]; i += 1; tag |= (b & 0x7f) << shift; shift += 7
		            if b < 0x80: break
		        num, wire = tag >> 3, tag & 7
		        if wire == 0:
		            v = 0; shift = 0
		            while True:
		                b = buf[i]; i += 1; v |= (b & 0x7f) << shift; shift += 7
		                if b < 0x80: break
		        else:
		            n = 0; shift = 0
		            while True:
		                b = buf[i]; i += 1; n |= (b & 0x7f) << shift; shift += 7
		                if b < 0x80: break
		            v = buf[i:i + n]; i += n
		        out.append((num, v))
		    return out
		def exactly(s, n):
		    buf = b""
		    while len(buf) < n:
		        part = s.recv(n - len(buf))
		        if not part:
		            sys.exit("closed by the daemon after %d of %d bytes" % (len(buf), n))
		        buf += part
		    return buf
		def read(s):
		    return exactly(s, struct.unpack(">I", exactly(s, 4))[0])
		s = socket.create_connection((host, int(port)), timeout=20)
		hello = varint(1 << 3) + varint(1) + ld(2, token)
		s.sendall(frame(varint(1 << 3) + varint(1) + ld(10, hello)))
		read(s)
		request_id = bytes.fromhex("01a20000000070008000") + bytes(range(6))
		s.sendall(frame(varint(1 << 3) + varint(2) + ld(2, request_id) + ld(field, body)))
		status = dict(fields(read(s))).get(2, b"")
		code, violations = 0, []
		for num, v in fields(status):
		    if num == 1:
		        code = v
		    elif num == 3:
		        d = dict(fields(v))
		        violations.append(d.get(1, b"").decode() + " " + d.get(2, b"").decode())
		print(code, "; ".join(violations))
	EOF
}
hex() { python3 -c 'import sys
def varint(n):
    out = b""
    while True:
        b = n & 0x7f; n >>= 7
        if n: out += bytes([b | 0x80])
        else: return out + bytes([b])
print(b"".join(varint(int(f) << 3) + varint(int(v)) for f, v in zip(sys.argv[1::2], sys.argv[2::2])).hex())' "$@"; }
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
	python3 - "$1" <<-'EOF'
		import sys
		def ld(num, data):
		    n, out = len(data), b""
		    while True:
		        b = n & 0x7f
		        n >>= 7
		        out += bytes([b | 0x80]) if n else bytes([b])
		        if not n:
		            return bytes([num << 3 | 2]) + out + data
		def uid(i):
		    return bytes.fromhex("01a2000000007000800000000000") + i.to_bytes(2, "big")
		if sys.argv[1] == "dialogue":
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
