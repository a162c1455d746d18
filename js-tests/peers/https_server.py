# An HTTPS test server (Python 3 standard library only), for the fetch-over-TLS tests.
#
#   python3 js-tests/peers/https_server.py CERTNAME [--curve GROUP]
#
# CERTNAME is one of localhost, other-name, expired, self-signed: the server presents
# js-tests/fixtures/tls/CERTNAME.pem with CERTNAME.key (see js-tests/fixtures/tls/make.sh).
# Listens on 127.0.0.1:$PORT; TLS 1.2 and 1.3, ALPN "http/1.1"; HTTP/1.1 with keep-alive, one
# thread per connection. The TLS handshake runs in the connection's own thread, and a connection
# that fails (a client rejecting the certificate, a plain-HTTP client, a reset) only ends itself.
# --curve limits key exchange to one group (OpenSSL's name, e.g. prime256v1); without it,
# OpenSSL's default groups, X25519 first.
# Routes:
#   GET /hello                text/plain "hello over tls"
#   *   /echo                 JSON {method, path, headers (lower-cased names), body (latin-1),
#                             tls (e.g. "TLSv1.3"), alpn (or null), sni (or null), peer_port
#                             (the client's port: one per connection), cipher (OpenSSL's
#                             name of the suite agreed on)}; request bodies may
#                             have a Content-Length or be chunked
#   GET /big?n=N              N bytes of application/octet-stream, byte i = i % 251
#   GET /chunked              a chunked response: "one", "two", "three", each flushed on its own
#   GET /redirect-http?to=U   302 to U
#   GET /close                "bye" with Connection: close, then the connection is closed
#   anything else             404 "not found"
import json
import os
import socket
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HANDSHAKE_TIMEOUT = 10
PATTERN_BLOCK = bytes(i % 251 for i in range(251 * 256))  # starts and ends on a 251 boundary


def make_context(name, curve=None):
    tls_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "tls")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_cert_chain(os.path.join(tls_dir, name + ".pem"), os.path.join(tls_dir, name + ".key"))
    ctx.set_alpn_protocols(["http/1.1"])
    if curve:
        ctx.set_ecdh_curve(curve)

    def on_sni(ssl_sock, server_name, _ctx):
        # ssl_sock is the server-side SSLSocket of the connection; None = no SNI sent.
        ssl_sock.sni_name = server_name
        return None

    ctx.sni_callback = on_sni
    return ctx


class Server(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, context):
        self.context = context
        super().__init__(address, Handler)

    def get_request(self):
        # Accept and wrap without handshaking: the handshake happens in finish_request, which
        # ThreadingMixIn runs in the connection's own thread.
        sock, addr = self.socket.accept()
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def finish_request(self, request, client_address):
        try:
            request.settimeout(HANDSHAKE_TIMEOUT)
            request.do_handshake()
            request.settimeout(None)
        except (ssl.SSLError, OSError):
            return  # certificate rejected, not TLS, reset, timeout...: this connection only
        super().finish_request(request, client_address)

    def shutdown_request(self, request):
        # Send a TLS close_notify before closing, without waiting for the peer's.
        try:
            request.setblocking(False)
            request.unwrap()
        except (ssl.SSLError, OSError, ValueError):
            pass
        try:
            request.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self.close_request(request)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, TimeoutError)):
            return
        print(f"https_server: error on a connection from {client_address}: {exc!r}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("connection closed inside a chunked body")
                size = int(line.split(b";", 1)[0].strip(), 16)
                if size == 0:
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline(65537)  # the CRLF after the chunk's data
            while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(parts)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def reply(self, status, body, content_type="text/plain", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        body = self.read_body()
        if url.path == "/hello" and self.command in ("GET", "HEAD"):
            self.reply(200, b"hello over tls")
        elif url.path == "/echo":
            sock = self.request
            data = json.dumps({
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("latin-1"),
                "tls": sock.version(),
                "alpn": sock.selected_alpn_protocol(),
                "sni": getattr(sock, "sni_name", None),
                "peer_port": self.client_address[1],
                "cipher": sock.cipher()[0],
            }).encode()
            self.reply(200, data, "application/json")
        elif url.path == "/big" and self.command in ("GET", "HEAD"):
            n = int(query.get("n", ["0"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(n))
            self.end_headers()
            if self.command != "HEAD":
                while n > 0:
                    block = PATTERN_BLOCK[:n]
                    self.wfile.write(block)
                    n -= len(block)
        elif url.path == "/chunked" and self.command in ("GET", "HEAD"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if self.command != "HEAD":
                for chunk in (b"one", b"two", b"three"):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                    time.sleep(0.02)
                self.wfile.write(b"0\r\n\r\n")
        elif url.path == "/redirect-http" and self.command in ("GET", "HEAD"):
            self.reply(302, b"", extra=[("Location", query.get("to", [""])[0])])
        elif url.path == "/close" and self.command in ("GET", "HEAD"):
            self.reply(200, b"bye", extra=[("Connection", "close")])
            self.close_connection = True
        else:
            self.reply(404, b"not found")

    def __getattr__(self, name):
        # do_GET, do_POST, do_PROPFIND...: every method goes through route().
        if name.startswith("do_"):
            return self.route
        raise AttributeError(name)


def main():
    args = sys.argv[1:]
    curve = None
    if len(args) == 3 and args[1] == "--curve":
        curve = args.pop()
        args.pop()
    if len(args) != 1 or args[0] not in ("localhost", "other-name", "expired", "self-signed"):
        sys.exit("usage: python3 https_server.py localhost|other-name|expired|self-signed [--curve GROUP]")
    port = int(os.environ["PORT"])
    server = Server(("127.0.0.1", port), make_context(args[0], curve))
    print(f"https_server: {sys.argv[1]} on https://127.0.0.1:{port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
