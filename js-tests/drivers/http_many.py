"""Sends N requests over ONE kept-alive connection to 127.0.0.1:$PORT, pipelined in batches of
50, reads every response, then asks the server to stop.

Usage: python3 http_many.py N
"""
import os
import socket
import sys

n = int(sys.argv[1])
port = int(os.environ["PORT"])
s = socket.create_connection(("127.0.0.1", port), timeout=20)
request = b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
expected = None
buf = b""
done = 0
while done < n:
    batch = min(50, n - done)
    s.sendall(request * batch)
    got = 0
    while got < batch:
        # Every response is the same: measure the first, then count whole copies.
        if expected is None:
            while b"\r\n\r\n" not in buf:
                buf += s.recv(65536)
            head, rest = buf.split(b"\r\n\r\n", 1)
            length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
            expected = len(head) + 4 + length
        while len(buf) < expected:
            data = s.recv(65536)
            if not data:
                print(f"FAILED: connection closed after {done + got} responses", file=sys.stderr)
                sys.exit(1)
            buf += data
        if not buf.startswith(b"HTTP/1.1 200 "):
            print(f"FAILED: unexpected response {buf[:40]!r}", file=sys.stderr)
            sys.exit(1)
        buf = buf[expected:]
        got += 1
    done += batch
s.sendall(b"GET /quit HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
while s.recv(65536):
    pass
print(f"{done} responses on one connection")
