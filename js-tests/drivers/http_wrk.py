"""A bounded wrk run (keep-alive) against 127.0.0.1:$PORT; fails on any error or non-2xx.

Usage: python3 http_wrk.py CONNECTIONS SECONDS
"""
import os
import re
import subprocess
import sys
import urllib.request

conns, secs = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{os.environ['PORT']}"
out = subprocess.run(
    ["wrk", "-t1", f"-c{conns}", f"-d{secs}s", "--latency", base + "/"],
    capture_output=True, text=True, timeout=int(secs) + 30,
).stdout
print(out)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
total = re.search(r"(\d+) requests in", out)
failed = []
if errors and any(int(n) for n in errors.groups()):
    failed.append(f"socket errors: {errors.group(0)}")
if non2xx:
    failed.append(non2xx.group(0))
if not total or int(total.group(1)) < 100:
    failed.append("too few requests completed")
urllib.request.urlopen(base + "/quit", timeout=10).read()
if failed:
    print("FAILED: " + "; ".join(failed), file=sys.stderr)
    sys.exit(1)
