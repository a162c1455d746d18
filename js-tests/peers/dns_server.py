"""An authoritative DNS test server on Python's standard library, for test-dns-resolve.js.

Answers over TCP (two-byte length prefix, several queries per connection) and over UDP, both
on 127.0.0.1:$PORT, from the fixed zone below. Answers compress names (RFC 1035 section
4.1.4), so a client must follow pointers. Special names:
  servfail.test  answers SERVFAIL        refused.test  answers REFUSED
  slow.test      never answers           notimp.test   answers NOTIMP
  loop.test      an answer whose name is a compression pointer to itself
  short.test     claims one answer and sends none
Any other name outside the zone is NXDOMAIN; a zone name without records of the asked type
answers NOERROR with no records (NODATA).
"""

import os
import socket
import socketserver
import struct
import threading

A, NS, CNAME, SOA, PTR, MX, TXT, AAAA, SRV, NAPTR, ANY, CAA = (
    1, 2, 5, 6, 12, 15, 16, 28, 33, 35, 255, 257)

ZONE = {
    "example.test": [
        (A, 300, "192.0.2.1"), (A, 300, "192.0.2.2"),
        (AAAA, 600, "2001:db8::1"), (AAAA, 600, "2001:db8:0:1:0:0:0:ab"),
        (MX, 300, (10, "mail.example.test")), (MX, 300, (20, "mx2.other.test")),
        (TXT, 300, [b"v=spf1 -all"]), (TXT, 300, [b"part one ", b"part two"]),
        (NS, 300, "ns1.example.test"),
        (SOA, 300, ("ns1.example.test", "hostmaster.example.test", 2024010101, 7200, 900,
                    1209600, 86400)),
        (CAA, 300, (0, b"issue", b"ca.example.net")),
        (NAPTR, 300, (100, 10, b"S", b"SIP+D2U", b"", "_sip._udp.example.test")),
    ],
    "alias.example.test": [(CNAME, 300, "example.test")],
    "_http._tcp.example.test": [(SRV, 120, (10, 5, 8080, "web.example.test")),
                                (SRV, 120, (20, 0, 8081, "web2.example.test"))],
    "empty.example.test": [(A, 300, "192.0.2.9")],
    "1.2.0.192.in-addr.arpa": [(PTR, 300, "host.example.test"), (PTR, 300, "alias.example.test")],
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa":
        [(PTR, 300, "v6host.example.test")],
}
RCODES = {"servfail.test": 2, "refused.test": 5, "notimp.test": 4}


def read_name(msg, at):
    labels = []
    while True:
        n = msg[at]
        if n & 0xC0 == 0xC0:
            labels.append(read_name(msg, ((n & 0x3F) << 8) | msg[at + 1])[0])
            return ".".join(l for l in labels if l), at + 2
        at += 1
        if n == 0:
            return ".".join(labels), at
        labels.append(msg[at:at + n].decode("ascii").lower())
        at += n


class Writer:
    """Builds a message, compressing every name against the names already written."""

    def __init__(self):
        self.out = bytearray()
        self.names = {}

    def name(self, name):
        labels = name.split(".") if name else []
        for i in range(len(labels)):
            suffix = ".".join(labels[i:])
            if suffix in self.names:
                self.out += struct.pack("!H", 0xC000 | self.names[suffix])
                return
            if len(self.out) < 0x3FFF:
                self.names[suffix] = len(self.out)
            label = labels[i].encode("ascii")
            self.out += bytes([len(label)]) + label
        self.out += b"\0"

    def record(self, owner, rtype, ttl, data):
        self.name(owner)
        self.out += struct.pack("!HHI", rtype, 1, ttl)
        at = len(self.out)
        self.out += b"\0\0"
        if rtype == A:
            self.out += socket.inet_pton(socket.AF_INET, data)
        elif rtype == AAAA:
            self.out += socket.inet_pton(socket.AF_INET6, data)
        elif rtype in (NS, CNAME, PTR):
            self.name(data)
        elif rtype == MX:
            self.out += struct.pack("!H", data[0])
            self.name(data[1])
        elif rtype == TXT:
            for s in data:
                self.out += bytes([len(s)]) + s
        elif rtype == SOA:
            self.name(data[0])
            self.name(data[1])
            self.out += struct.pack("!IIIII", *data[2:])
        elif rtype == SRV:
            self.out += struct.pack("!HHH", *data[:3])
            self.name(data[3])
        elif rtype == CAA:
            self.out += bytes([data[0], len(data[1])]) + data[1] + data[2]
        elif rtype == NAPTR:
            self.out += struct.pack("!HH", data[0], data[1])
            for s in data[2:5]:
                self.out += bytes([len(s)]) + s
            self.name(data[5])
        struct.pack_into("!H", self.out, at, len(self.out) - at - 2)


def answer(query):
    """The response to one query message, or None to stay silent."""
    qid, flags = struct.unpack("!HH", query[:4])
    qname, at = read_name(query, 12)
    qtype, qclass = struct.unpack("!HH", query[at:at + 4])
    if qname == "slow.test":
        return None
    if qname in ("loop.test", "short.test"):
        w = Writer()
        w.out += struct.pack("!HHHHHH", qid, 0x8400 | (flags & 0x0100), 1, 1, 0, 0)
        w.name(qname)
        w.out += struct.pack("!HH", qtype, qclass)
        if qname == "loop.test":
            at = len(w.out)
            w.out += struct.pack("!H", 0xC000 | at) + struct.pack("!HHIH", A, 1, 60, 4) + bytes(4)
        return bytes(w.out)
    records = []
    rcode = RCODES.get(qname, 0)
    if rcode == 0:
        if qname not in ZONE:
            rcode = 3
        else:
            name = qname
            # Follow a CNAME, as a server answering with the whole chain does.
            for rtype, ttl, data in ZONE[name]:
                if rtype == CNAME and qtype != CNAME:
                    records.append((name, rtype, ttl, data))
                    name = data
            for rtype, ttl, data in ZONE.get(name, []):
                if qtype in (rtype, ANY) and (name, rtype, ttl, data) not in records:
                    records.append((name, rtype, ttl, data))
    w = Writer()
    w.out += struct.pack("!HHHHHH", qid, 0x8400 | (flags & 0x0100) | rcode, 1, len(records), 0, 0)
    w.name(qname)
    w.out += struct.pack("!HH", qtype, qclass)
    for rec in records:
        w.record(*rec)
    return bytes(w.out)


class TcpHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            head = self.request.recv(2, socket.MSG_WAITALL)
            if len(head) < 2:
                return
            (n,) = struct.unpack("!H", head)
            query = self.request.recv(n, socket.MSG_WAITALL)
            reply = answer(query)
            if reply is not None:
                self.request.sendall(struct.pack("!H", len(reply)) + reply)


class UdpHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        reply = answer(data)
        if reply is not None:
            sock.sendto(reply, self.client_address)


port = int(os.environ["PORT"])
socketserver.ThreadingUDPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer.daemon_threads = True
# Clients open a connection per query, many at once.
socketserver.ThreadingTCPServer.request_queue_size = 128
udp = socketserver.ThreadingUDPServer(("127.0.0.1", port), UdpHandler)
threading.Thread(target=udp.serve_forever, daemon=True).start()
socketserver.ThreadingTCPServer(("127.0.0.1", port), TcpHandler).serve_forever()
