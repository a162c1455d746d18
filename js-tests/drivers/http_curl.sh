# curl checks against the server on 127.0.0.1:$PORT; fails on the first unexpected answer.
set -e
base="http://127.0.0.1:$PORT"
got=$(curl -sf -d "WasmEdge" -X POST "$base/")
[ "$got" = "echo:WasmEdge" ] || { echo "POST echo: got '$got'" >&2; exit 1; }
got=$(curl -sf "$base/q?a=1&b=2")
[ "$got" = "url:/q?a=1&b=2" ] || { echo "GET query: got '$got'" >&2; exit 1; }
# Two URLs in one curl run share the connection ("Re-using existing connection").
log=$(curl -sfv "$base/one" "$base/two" 2>&1)
echo "$log" | grep -qi "re-using existing connection" || { echo "no connection reuse" >&2; exit 1; }
curl -sf "$base/quit" >/dev/null
