"""A WebSocket (RFC 6455) test server on Python's standard library, for test-websocket.js.

Listens on 127.0.0.1:$PORT; one thread per connection. With `--tls` it speaks wss: (TLS with
js-tests/fixtures/tls/localhost.pem, issued by the test CA there). After the handshake (it accepts the
subprotocol 'chat' when offered) it answers each message by its content:
  "close:<code>:<reason>"  sends a close frame with that code and reason
  "ping:<text>"            sends a ping with <text>, then the pong payload it gets as a text message
  "frag:<a>|<b>|<c>"       sends the text "abc" as three fragments, with a ping between two
  "bad-utf8"               sends a text frame that is not UTF-8
  "masked"                 sends a masked frame (servers must not)
  "big:<n>"                sends n bytes (i % 251) as one binary message
  anything else            echoes it back with the same opcode
Every frame from the client must be masked; an unmasked one closes the connection with 1002.
"""

import base64
import hashlib
import os
import socket
import ssl
import struct
import sys
import threading

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            raise ConnectionError("closed")
        data += part
    return data


def read_frame(conn):
    b0, b1 = recv_exact(conn, 2)
    fin, opcode, masked, length = b0 & 0x80, b0 & 0x0F, b1 & 0x80, b1 & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", recv_exact(conn, 2))
    elif length == 127:
        (length,) = struct.unpack("!Q", recv_exact(conn, 8))
    mask = recv_exact(conn, 4) if masked else None
    payload = recv_exact(conn, length)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bool(fin), opcode, bool(masked), payload


def frame(opcode, payload, fin=True, mask=False):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    flag = 0x80 if mask else 0
    if n < 126:
        head += bytes([flag | n])
    elif n < 65536:
        head += bytes([flag | 126]) + struct.pack("!H", n)
    else:
        head += bytes([flag | 127]) + struct.pack("!Q", n)
    if mask:
        key = os.urandom(4)
        payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
        head += key
    return head + payload


def handshake(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        part = conn.recv(4096)
        if not part:
            raise ConnectionError("closed during the handshake")
        data += part
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("upgrade", "").lower() != "websocket" or headers.get("sec-websocket-version") != "13":
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        raise ConnectionError("not a WebSocket handshake")
    accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + GUID).encode()).digest()).decode()
    extra = ""
    offered = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",") if p.strip()]
    if "chat" in offered:
        extra = "Sec-WebSocket-Protocol: chat\r\n"
    conn.sendall(
        (
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n{extra}\r\n"
        ).encode()
    )
    return rest


def serve(conn):
    try:
        rest = handshake(conn)
        if rest:
            raise ConnectionError("unexpected bytes after the handshake")
        message, kind = b"", None
        while True:
            fin, opcode, masked, payload = read_frame(conn)
            if not masked:
                conn.sendall(frame(8, struct.pack("!H", 1002)))
                return
            if opcode == 8:
                conn.sendall(frame(8, payload[:2]))
                return
            if opcode == 9:
                conn.sendall(frame(10, payload))
                continue
            if opcode == 10:
                continue
            if opcode in (1, 2):
                message, kind = payload, opcode
            else:
                message += payload
            if not fin:
                continue
            handle(conn, kind, message)
    except (ConnectionError, OSError):
        pass
    finally:
        conn.close()


def handle(conn, kind, message):
    text = message.decode("utf-8", "replace") if kind == 1 else ""
    if text.startswith("close:"):
        _, code, reason = text.split(":", 2)
        conn.sendall(frame(8, struct.pack("!H", int(code)) + reason.encode()))
        # Wait for the client's answering close frame.
        while True:
            _, opcode, _, _ = read_frame(conn)
            if opcode == 8:
                break
        raise ConnectionError("closed by request")
    if text.startswith("ping:"):
        conn.sendall(frame(9, text[5:].encode()))
        _, opcode, _, pong = read_frame(conn)
        conn.sendall(frame(1, b"pong-opcode-%d:" % opcode + pong))
        return
    if text.startswith("frag:"):
        a, b, c = text[5:].split("|")
        conn.sendall(frame(1, a.encode(), fin=False))
        conn.sendall(frame(9, b"between"))
        conn.sendall(frame(0, b.encode(), fin=False))
        conn.sendall(frame(0, c.encode(), fin=True))
        return
    if text == "bad-utf8":
        conn.sendall(frame(1, b"\xff\xfe"))
        return
    if text == "masked":
        conn.sendall(frame(1, b"hidden", mask=True))
        return
    if text.startswith("big:"):
        n = int(text[4:])
        conn.sendall(frame(2, bytes(i % 251 for i in range(n))))
        return
    conn.sendall(frame(kind, message))


def serve_tls(conn, context):
    """Handshakes in the connection's own thread, then serves it; a failed handshake ends
    only this connection."""
    try:
        conn = context.wrap_socket(conn, server_side=True)
    except (ssl.SSLError, OSError):
        conn.close()
        return
    serve(conn)


def main():
    port = int(os.environ["PORT"])
    context = None
    if sys.argv[1:2] == ["--tls"]:
        # wss: with the test certificate for localhost (js-tests/fixtures/tls).
        tls_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "tls")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(tls_dir, "localhost.pem"), os.path.join(tls_dir, "localhost.key"))
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(16)
    while True:
        conn, _ = server.accept()
        if context is None:
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        else:
            threading.Thread(target=serve_tls, args=(conn, context), daemon=True).start()


if __name__ == "__main__":
    main()
