// The HTTP peer of the fetch scenario, the same for every runtime measured (run by Node.js):
// GET /small answers `hello\n`, GET /big 1 MiB. `fetch_peer.js PORT LIFETIME_SECONDS [tls]`;
// with `tls` it serves HTTPS (node:https) with the test certificate for localhost/127.0.0.1
// (js-tests/fixtures/tls/localhost.pem, issued by the test CA ca.pem). Prints `READY <port>`,
// exits by itself after LIFETIME_SECONDS.

import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';

const port = Number(process.argv[2] ?? 0);
const lifetime = Number(process.argv[3] ?? 60);
const tls = process.argv[4] === 'tls';
const small = Buffer.from('hello\n');
const big = Buffer.alloc(1 << 20, 'x');

const handler = (req, res) => {
  const body = req.url.startsWith('/big') ? big : small;
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
  res.end(body);
};
const fixture = (name) => readFileSync(new URL(`../../js-tests/fixtures/tls/${name}`, import.meta.url));
const server = tls
  ? https.createServer({ cert: fixture('localhost.pem'), key: fixture('localhost.key') }, handler)
  : http.createServer(handler);
server.keepAliveTimeout = 30_000;
server.listen(port, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
setTimeout(() => process.exit(0), lifetime * 1000).unref();
