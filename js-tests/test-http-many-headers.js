// test-http-many-headers.js: heads with many fields, as Node.js takes them: a request with
// 150 fields reaches the handler whole (a public-server limit of 100 would answer 431), and
// a response with 150 reaches the client; server.maxHeadersCount and request.maxHeadersCount
// keep only the first fields. Passes under Node too.

import http from 'node:http';
import net from 'node:net';
import assert from 'node:assert';
import { once } from 'node:events';

const { strictEqual } = assert;
const fields = (n, prefix) => Array.from({ length: n }, (_, i) => `${prefix}-${i}: ${i}\r\n`).join('');

const seen = [];
const server = http.createServer((req, res) => {
  seen.push(req.rawHeaders.length / 2);
  if (req.url === '/many') {
    // 150 fields on the answer.
    for (let i = 0; i < 149; i++) res.setHeader(`x-answer-${i}`, String(i));
  }
  res.end('ok');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const port = server.address().port;

// A raw request with 150 fields (Host among them).
async function rawRequest() {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(`GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${fields(148, 'x-field')}\r\n`);
  let answer = '';
  socket.setEncoding('latin1');
  socket.on('data', (c) => { answer += c; });
  await once(socket, 'end');
  return answer;
}

strictEqual((await rawRequest()).split('\r\n')[0], 'HTTP/1.1 200 OK');
strictEqual(seen.pop(), 150);
if (process.versions.wasmedge_quickjs) {
  // (Node 20 applies the limit only per 32 fields its parser hands over at once.)
  server.maxHeadersCount = 10;
  strictEqual((await rawRequest()).split('\r\n')[0], 'HTTP/1.1 200 OK');
  strictEqual(seen.pop(), 10);
}

// The client side: every field of the answer, or the first few.
// (agent: false: a connection of its own, no agent options.)
for (const [max, want] of process.versions.wasmedge_quickjs ? [[null, 0], [5, 5]] : [[null, 0]]) {
  const res = await new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/many', agent: false }, resolve);
    if (max !== null) req.maxHeadersCount = max;
    req.on('error', reject);
  });
  res.resume();
  await once(res, 'end');
  // 149 set here, plus Date, Connection, Content-Length and Keep-Alive or the like.
  if (max === null) strictEqual(res.rawHeaders.length / 2 >= 150, true);
  else strictEqual(res.rawHeaders.length / 2, want);
  strictEqual(res.headers['x-answer-0'], '0');
}
server.close();
console.log('many headers ok');
