"""Sends each scenario of test-http-server-body-events.js to 127.0.0.1:$PORT: a POST whose
10,000-byte body follows its head in three pieces 20 ms apart (or a GET), reads the answer,
then waits for the server's late events; ends with GET /quit, whose answer is the verdict."""
import os
import socket
import sys
import time

port = int(os.environ["PORT"])
BODY = b"x" * 10000


def exchange(path, method="POST", body=BODY):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = f"{method} /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    s.sendall((head + "\r\n").encode())
    time.sleep(0.02)
    for i in range(0, len(body), 3334):
        try:
            s.sendall(body[i:i + 3334])
        except OSError:
            break  # the server may close a connection whose request it destroyed
        time.sleep(0.02)
    answer = b""
    while b"\r\n\r\n" not in answer:
        d = s.recv(65536)
        if not d:
            break
        answer += d
    time.sleep(0.15)
    s.close()
    return answer


for name in sys.argv[1:]:
    method, _, path = name.partition(":")
    if not path:
        method, path = "POST", method
    exchange(path, method, BODY if method == "POST" else b"")
verdict = exchange("quit", "GET", b"")
print(verdict.decode(errors="replace").split("\r\n")[0])
sys.exit(0 if b" 200 " in verdict.split(b"\r\n")[0] else 1)
