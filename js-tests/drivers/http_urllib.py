"""Python's urllib against the server on 127.0.0.1:$PORT."""
import os
import sys
import urllib.error
import urllib.request

base = f"http://127.0.0.1:{os.environ['PORT']}"


def check(cond, what):
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


with urllib.request.urlopen(base + "/hello", timeout=10) as r:
    check(r.status == 200 and r.reason == "Fine", f"status line, got {r.status} {r.reason}")
    check(r.read() == b"GET /hello ", "GET body")
    check(r.headers.get_all("X-Multi") == ["a", "b"], "repeated response header")
    check(r.headers.get("Transfer-Encoding") == "chunked", "write() then end() is chunked")

req = urllib.request.Request(base + "/form", data=b"a=1&b=2", method="POST")
with urllib.request.urlopen(req, timeout=10) as r:
    check(r.read() == b"POST /form a=1&b=2", "POST body")

try:
    urllib.request.urlopen(base + "/missing", timeout=10)
    check(False, "404 raises")
except urllib.error.HTTPError as e:
    check(e.code == 404 and e.read() == b"nothing here", "404 with body")

urllib.request.urlopen(base + "/quit", timeout=10).read()
print("urllib ok")
