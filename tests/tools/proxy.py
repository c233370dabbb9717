#!/usr/bin/env python3
"""proxy.py — a man in the middle between ansinh and ansinhd, for tls.t.

    proxy.py PORTFILE TARGET_HOST:PORT CAPTURE [--replace OLD NEW]
             [--flip-record N]

Listens on 127.0.0.1 (a port the kernel chooses, written to PORTFILE),
forwards every connection to TARGET, and appends every byte it sees, both
ways, to CAPTURE. Then, as an attacker on the path would:

  --replace OLD NEW   rewrites the client's bytes OLD into NEW (same length)
                      — what works against plaintext;
  --flip-record N     flips the last byte of the client's N-th TLS
                      application-data record (N=3 over TLS 1.3: after the
                      encrypted Finished and the Hello, the first request).

Runs until killed (tls.t kills it by its pid).
"""
import socket
import sys
import threading

args = sys.argv[1:]
portfile, target, capture = args[0], args[1], args[2]
replace = None
flip_record = 0
i = 3
while i < len(args):
    if args[i] == "--replace":
        replace = (args[i + 1].encode(), args[i + 2].encode())
        assert len(replace[0]) == len(replace[1])
        i += 3
    elif args[i] == "--flip-record":
        flip_record = int(args[i + 1])
        i += 2
    else:
        sys.exit("proxy.py: unknown argument " + args[i])
host, port = target.rsplit(":", 1)
lock = threading.Lock()


def record(data):
    with lock, open(capture, "ab") as f:
        f.write(data)


class Flipper:
    """Cuts the client's stream into TLS records and flips one byte."""

    def __init__(self, n):
        self.n, self.seen, self.pending = n, 0, b""

    def feed(self, data):
        if self.n == 0:
            return data
        buf = bytearray(self.pending + data)
        out, pos = bytearray(), 0
        while len(buf) - pos >= 5:
            length = int.from_bytes(buf[pos + 3:pos + 5], "big")
            end = pos + 5 + length
            if len(buf) < end:
                break
            rec = bytearray(buf[pos:end])
            if rec[0] == 23:
                self.seen += 1
                if self.seen == self.n:
                    rec[-1] ^= 0x01
            out += rec
            pos = end
        self.pending = bytes(buf[pos:])
        return bytes(out)


def pump(src, dst, to_daemon):
    flipper = Flipper(flip_record) if to_daemon else None
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            record(data)
            if to_daemon and replace is not None:
                data = data.replace(replace[0], replace[1])
            if flipper is not None:
                data = flipper.feed(data)
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
import os  # noqa: E402  (the rename makes the port file appear whole)

os.rename(portfile + ".tmp", portfile)
while True:
    client, _ = listener.accept()
    daemon = socket.create_connection((host, int(port)))
    for s in (client, daemon):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    threading.Thread(target=pump, args=(client, daemon, True), daemon=True).start()
    threading.Thread(target=pump, args=(daemon, client, False), daemon=True).start()
