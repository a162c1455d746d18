"""Streams a 64 MiB upload (chunked) to 127.0.0.1:$PORT/upload and checks the server's count."""
import http.client
import os
import sys

port = int(os.environ["PORT"])
total = 64 << 20
piece = b"u" * (256 << 10)


def body():
    sent = 0
    while sent < total:
        yield piece
        sent += len(piece)


conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
conn.request("POST", "/upload", body=body(), encode_chunked=True)
r = conn.getresponse()
answer = r.read().decode()
print(answer)
if r.status != 200 or not answer.startswith(f"{total} "):
    print(f"FAILED: the server saw {answer!r}", file=sys.stderr)
    sys.exit(1)
conn.request("GET", "/quit")
conn.getresponse().read()
