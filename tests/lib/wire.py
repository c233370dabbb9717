"""tests/lib/wire.py — the wire protocol by hand, for the integration tests'
raw requests (bodies the real client would never send). Plain TCP only: the
tests that use it run with T_TRANSPORT=plain.

    import sys; sys.path.insert(0, TESTS_LIB); import wire
    resp = wire.request("127.0.0.1:PORT", token, 190, body)
    print(wire.status_line(resp))

Messages are built from varint() and ld() (a length-delimited field) and
read back with fields(): a list of (field number, value), the value an int
for a varint and bytes otherwise.
"""
import socket
import struct
import sys

# The request id of every raw request (a UUIDv7's layout).
REQUEST_ID = bytes.fromhex("01a20000000070008000") + bytes(range(6))


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def ld(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data


def frame(msg):
    return struct.pack(">I", len(msg)) + msg


def _varint_at(buf, i):
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def fields(buf):
    i, out = 0, []
    while i < len(buf):
        tag, i = _varint_at(buf, i)
        num, wire = tag >> 3, tag & 7
        v, i = _varint_at(buf, i)
        if wire == 2:
            v, i = buf[i:i + v], i + v
        out.append((num, v))
    return out


def _exactly(s, n):
    buf = b""
    while len(buf) < n:
        part = s.recv(n - len(buf))
        if not part:
            sys.exit("closed by the daemon after %d of %d bytes" % (len(buf), n))
        buf += part
    return buf


def _read(s):
    return _exactly(s, struct.unpack(">I", _exactly(s, 4))[0])


def request(addr, token, body_field, body, timeout=20):
    """Hello with token, then one request with body as field body_field;
    the response's fields."""
    host, port = addr.rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=timeout)
    hello = varint(1 << 3) + varint(1) + ld(2, token)
    s.sendall(frame(varint(1 << 3) + varint(1) + ld(10, hello)))
    _read(s)
    s.sendall(frame(varint(1 << 3) + varint(2) + ld(2, REQUEST_ID) + ld(body_field, body)))
    resp = fields(_read(s))
    s.close()
    return resp


def status_line(resp):
    """The response's status code, then its violations ("field reason"),
    joined by "; "."""
    code, violations = 0, []
    for num, v in fields(dict(resp).get(2, b"")):
        if num == 1:
            code = v
        elif num == 3:
            d = dict(fields(v))
            violations.append(d.get(1, b"").decode() + " " + d.get(2, b"").decode())
    return "%d %s" % (code, "; ".join(violations))
