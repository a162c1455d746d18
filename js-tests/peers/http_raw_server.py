# An HTTP test server on Python's http.server (BaseHTTPRequestHandler), for the fetch and http
# client tests. Listens on 127.0.0.1:$PORT. Speaks HTTP/1.0 by default, so bodies without a
# Content-Length end when the connection closes. Routes:
#   /close-delimited?n=N  N bytes (i % 251), no Content-Length: the body ends at close
#   /echo                 JSON of the request: method, path, headers, body
#   /chunked              a hand-written chunked HTTP/1.1 response ("hello, chunked world")
#   /see-other            303 to /echo
#   /not-modified         304
#   /malformed            a status line that is not HTTP
#   /reset                closes the connection without answering
#   /compressed?coding=C&lines=N
#                         N lines of text (see compressed_text) compressed by zlib as C (gzip,
#                         deflate, or raw-deflate: raw DEFLATE labelled deflate), sent chunked:
#                         the first half (sync-flushed), then, once /release is asked or after
#                         10 s, the rest
#   /release              lets /compressed go on; answers {"waiting": true} when it was waiting
import json
import os
import threading
import zlib

RELEASE = threading.Event()
STATE = {"waiting": False}
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]


def compressed_text(lines):
    return "".join(f"{i} {i * 7919 % 10007} {WORDS[i * 31 % 7]}\n" for i in range(lines)).encode()
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def route(self):
        path, _, query = self.path.partition("?")
        body = self.body()
        if path == "/close-delimited":
            n = int(query.partition("=")[2] or 0)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            self.wfile.write(bytes(i % 251 for i in range(n)))
        elif path == "/echo":
            data = json.dumps({
                "method": self.command, "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        elif path == "/chunked":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                             b"7\r\nhello, \r\n7\r\nchunked\r\n6\r\n world\r\n0\r\n\r\n")
        elif path == "/see-other":
            self.send_response(303)
            self.send_header("Location", "/echo")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/not-modified":
            self.send_response(304)
            self.end_headers()
        elif path == "/malformed":
            self.wfile.write(b"THIS IS NOT HTTP\r\n\r\n")
        elif path == "/compressed":
            q = dict(p.partition("=")[::2] for p in query.split("&") if p)
            coding = q.get("coding", "gzip")
            z = zlib.compressobj(6, zlib.DEFLATED, {"gzip": 31, "deflate": 15}.get(coding, -15))
            text = compressed_text(int(q.get("lines", "1000")))
            half = len(text) // 2
            label = "gzip" if coding == "gzip" else "deflate"
            self.wfile.write(f"HTTP/1.1 200 OK\r\nContent-Encoding: {label}\r\n"
                             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode())

            def chunk(b):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))

            RELEASE.clear()
            # Set before the first half goes out: the program may read it and ask /release
            # before this thread runs again.
            STATE["waiting"] = True
            chunk(z.compress(text[:half]) + z.flush(zlib.Z_SYNC_FLUSH))
            RELEASE.wait(10)
            STATE["waiting"] = False
            chunk(z.compress(text[half:]) + z.flush())
            self.wfile.write(b"0\r\n\r\n")
            self.close_connection = True
        elif path == "/release":
            data = json.dumps({"waiting": STATE["waiting"]}).encode()
            RELEASE.set()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif path == "/reset":
            self.close_connection = True
        else:
            self.send_error(404)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = route


ThreadingHTTPServer.allow_reuse_address = True
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
