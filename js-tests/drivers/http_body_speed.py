"""Times 1 MiB response bodies sent as a string and as a Uint8Array from 127.0.0.1:$PORT.

Fails when the string path is more than 5x slower than the bytes path (with a 25 ms floor, so
timer noise on a fast machine does not decide), or when a body is wrong.
"""
import http.client
import os
import sys
import time

port = int(os.environ["PORT"])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)


def fetch(path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    return r, body


def best(path, expect):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        r, body = fetch(path)
        times.append(time.perf_counter() - start)
        if r.status != 200 or len(body) != 1 << 20 or body[:4] != expect:
            print(f"FAILED: {path} body", file=sys.stderr)
            sys.exit(1)
    return min(times)


fetch("/bytes")  # warm-up
t_bytes = best("/bytes", b"bbbb")
t_string = best("/string", b"ssss")
print(f"1 MiB as Uint8Array: {t_bytes * 1000:.1f} ms, as string: {t_string * 1000:.1f} ms")
fetch("/quit")
if t_string > max(5 * t_bytes, 0.025):
    print("FAILED: the string body is more than 5x slower", file=sys.stderr)
    sys.exit(1)
