// test-http-upgrade.js: a request asking for an Upgrade leaves HTTP for the server's 'upgrade'
// listener as a net.Socket (with the bytes that came after the head), which then speaks its
// own protocol both ways; CONNECT goes to 'connect' the same way; an ordinary request on the
// same server is still answered. The Node.js http client (and a raw socket) drive it.
//
// @driver: node js-tests/drivers/http_upgrade_client.mjs
// @requires: node
// @expect-stdout: upgraded /chat head=0
// @expect-stdout: upgraded /early head=5
// @expect-stdout: connect example.com:443
// @timeout: 60

import http from 'node:http';
import net from 'node:net';
import assert from './harness/assert.js';

const server = http.createServer((req, res) => {
  if (req.url === '/quit') server.close();
  res.end(`plain ${req.url} upgrade=${req.upgrade}`);
});

server.on('upgrade', (req, socket, head) => {
  assert.ok(socket instanceof net.Socket);
  assert.strictEqual(req.upgrade, true);
  assert.strictEqual(req.headers.upgrade, 'shout');
  assert.strictEqual(socket.remoteAddress, '127.0.0.1');
  print(`upgraded ${req.url} head=${head.length}`);
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: shout\r\nConnection: Upgrade\r\n\r\n');
  // The protocol after the switch: every byte comes back upper-cased.
  if (head.length > 0) socket.write(head.toString().toUpperCase());
  socket.on('data', (d) => socket.write(d.toString().toUpperCase()));
  socket.on('end', () => socket.end());
});

server.on('connect', (req, socket) => {
  assert.strictEqual(req.method, 'CONNECT');
  print(`connect ${req.url}`);
  socket.end(`HTTP/1.1 200 Connection Established\r\n\r\ntunnel to ${req.url}`);
});

server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
