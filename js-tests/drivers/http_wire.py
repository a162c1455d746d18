"""Raw-socket HTTP/1.1 checks against a server on 127.0.0.1:$PORT.

Usage: python3 http_wire.py SCENARIO...  (scenarios below; each asserts and exits 1 on failure)

The server under test answers every request with a JSON description of it:
{"method", "url", "httpVersion", "headers", "rawHeaders", "body"}.
"""

import json
import os
import socket
import sys
import time

PORT = int(os.environ["PORT"])
DEADLINE = 10.0


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=DEADLINE)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Reader:
    """Reads whole responses (Content-Length or chunked) from a socket."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("connection closed by the server")
        self.buf += data

    def line(self):
        while b"\r\n" not in self.buf:
            self.fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n):
        while len(self.buf) < n:
            self.fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def response(self, head_request=False):
        status = self.line().decode()
        headers = []
        while True:
            line = self.line()
            if not line:
                break
            name, value = line.decode("latin-1").split(":", 1)
            headers.append((name.strip().lower(), value.strip()))
        h = dict(headers)
        code = int(status.split()[1])
        body = b""
        if head_request or code in (204, 304) or 100 <= code < 200:
            pass
        elif "content-length" in h:
            body = self.exact(int(h["content-length"]))
        elif h.get("transfer-encoding") == "chunked":
            while True:
                size = int(self.line().split(b";")[0], 16)
                if size == 0:
                    while self.line():
                        pass
                    break
                body += self.exact(size)
                self.exact(2)
        return code, h, body

    def closed(self):
        """True when the server closes the connection with nothing more to read."""
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    return True
                self.buf += data
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False


def check(cond, what):
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def described(body):
    return json.loads(body.decode())


def get(path, extra=""):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\n{extra}\r\n".encode()


def pipelined():
    s = connect()
    s.sendall(get("/one") + get("/two") + get("/three"))
    r = Reader(s)
    urls = [described(r.response()[2])["url"] for _ in range(3)]
    check(urls == ["/one", "/two", "/three"], f"three pipelined responses in order, got {urls}")
    s.close()


def split_mid_line():
    s = connect()
    req = get("/split", "X-Long: " + "v" * 100 + "\r\n")
    s.sendall(req[:7])  # "GET /sp"
    time.sleep(0.2)
    s.sendall(req[7:40])  # the middle of a header line
    time.sleep(0.2)
    s.sendall(req[40:])
    code, _, body = Reader(s).response()
    check(code == 200 and described(body)["url"] == "/split", "a request split mid-line is answered")
    s.close()


def chunked_body():
    s = connect()
    s.sendall(
        b"POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n"
    )
    time.sleep(0.1)
    s.sendall(b"6;ext=1\r\n world\r\n0\r\n\r\n")
    r = Reader(s)
    d = described(r.response()[2])
    check(d["body"] == "hello world", f"chunked body arrives whole, got {d['body']!r}")
    s.close()


def post_then_get():
    s = connect()
    r = Reader(s)
    s.sendall(b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello there")
    d = described(r.response()[2])
    check(d["body"] == "hello there", "POST body read")
    s.sendall(get("/after"))
    d = described(r.response()[2])
    check(d["url"] == "/after", "the request after a POST on the same connection is answered")
    s.close()


def head_no_body():
    s = connect()
    r = Reader(s)
    s.sendall(f"HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n".encode() + get("/next"))
    code, h, _ = r.response(head_request=True)
    check(code == 200, "HEAD answered")
    # The next response must start right after the HEAD head: no stray body bytes between.
    code, h, body = r.response()
    check(code == 200 and described(body)["url"] == "/next", "HEAD response carries no body")
    s.close()


def header_fidelity():
    s = connect()
    r = Reader(s)
    s.sendall(
        b"GET /hdr HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Url: http://a:1/b\r\n"
        b"Accept: a\r\nAccept: b\r\nCookie: x=1\r\nCookie: y=2\r\n"
        b"Set-Cookie: s=1\r\nSet-Cookie: s=2\r\nUser-Agent: first\r\nUser-Agent: second\r\n\r\n"
    )
    d = described(r.response()[2])
    h = d["headers"]
    check(h["x-url"] == "http://a:1/b", f"colon in value kept, got {h['x-url']!r}")
    check(h["host"] == "127.0.0.1:8080", f"Host keeps its port, got {h['host']!r}")
    check(h["accept"] == "a, b", f"duplicates joined with comma, got {h['accept']!r}")
    check(h["cookie"] == "x=1; y=2", f"cookies joined with '; ', got {h['cookie']!r}")
    check(h["set-cookie"] == ["s=1", "s=2"], f"set-cookie is an array, got {h['set-cookie']!r}")
    check(h["user-agent"] == "first", f"single-valued field keeps the first, got {h['user-agent']!r}")
    check(d["rawHeaders"][:2] == ["Host", "127.0.0.1:8080"], "rawHeaders keep case and order")
    check(len(d["rawHeaders"]) == 20, "rawHeaders keep every duplicate")
    s.close()


def closes(request, what):
    s = connect()
    r = Reader(s)
    s.sendall(request)
    code, h, _ = r.response()
    check(code == 200, f"{what}: answered")
    s.settimeout(3)
    check(r.closed(), f"{what}: the server closes the connection")
    s.close()


def http10_close():
    closes(b"GET /ten HTTP/1.0\r\n\r\n", "HTTP/1.0")


def connection_close():
    closes(b"GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "Connection: close")


def garbage():
    good = connect()
    good_reader = Reader(good)
    good.sendall(get("/before"))
    check(good_reader.response()[0] == 200, "a kept-alive client is served")
    bad = connect()
    bad.sendall(b"\x16\x03\x01 this is not http\r\n\r\n")
    r = Reader(bad)
    code, h, _ = r.response()
    check(code == 400, f"garbage gets 400, got {code}")
    bad.settimeout(3)
    check(r.closed(), "the bad connection is closed")
    bad.close()
    long_target = connect()
    long_target.sendall(get("/" + "a" * 20000))
    code, _, _ = Reader(long_target).response()
    check(code == 414, f"a long target gets 414, got {code}")
    long_target.close()
    bad_te = connect()
    bad_te.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, zz\r\n\r\n")
    code, _, _ = Reader(bad_te).response()
    check(code in (400, 501), f"a bad transfer coding gets 400/501, got {code}")
    bad_te.close()
    good.sendall(get("/after"))
    code, _, body = good_reader.response()
    check(code == 200 and described(body)["url"] == "/after", "other clients keep being served")
    good.close()


def abort_mid_body():
    s = connect()
    s.sendall(b"POST /abort HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b"x" * 1000)
    time.sleep(0.3)
    s.close()
    time.sleep(0.3)
    s = connect()
    s.sendall(get("/alive"))
    code, _, body = Reader(s).response()
    check(code == 200 and described(body)["url"] == "/alive", "served after a client aborted")
    s.close()


def slow_headers():
    s = connect()
    s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n")
    start = time.time()
    r = Reader(s)
    code, _, _ = r.response()
    took = time.time() - start
    check(code == 408, f"a slow head gets 408, got {code}")
    check(took < 5, f"cut off by headersTimeout, took {took:.1f}s")
    s.settimeout(3)
    check(r.closed(), "the slow connection is closed")
    s.close()


def done():
    s = connect()
    s.sendall(get("/quit", "Connection: close\r\n"))
    Reader(s).response()
    s.close()


SCENARIOS = {name: fn for name, fn in globals().items() if callable(fn) and name in (
    "pipelined", "split_mid_line", "chunked_body", "post_then_get", "head_no_body",
    "header_fidelity", "http10_close", "connection_close", "garbage", "abort_mid_body",
    "slow_headers", "done")}

if __name__ == "__main__":
    for name in sys.argv[1:]:
        SCENARIOS[name]()
        print(f"ok {name}")
