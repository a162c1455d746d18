// HTTP hello-world server for wrk: `http_hello.js PORT LIFETIME_SECONDS`.
// Prints `READY <port>` once listening, `N/A <reason>` when node:http has no server; exits by
// itself after LIFETIME_SECONDS. Runs unchanged on this runtime and on Node.js.

import * as http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const lifetime = Number(process.argv[3] ?? 60);
setTimeout(() => process.exit(0), lifetime * 1000);

if (typeof http.createServer !== 'function') {
  console.log('N/A http.createServer is not available');
  process.exit(0);
}

const body = 'Hello, World!\n';
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) });
  res.end(body);
});
server.listen(port, '127.0.0.1', () => console.log(`READY ${port}`));
