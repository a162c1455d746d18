// test-https-server.js: node:https's server (node:http's, with TLS on each connection) with
// the test certificate for localhost: Node.js's https client as the driver (keep-alive, a
// chunked upload, a large download, failed handshakes and silent clients the server outlives),
// and this runtime's own fetch as a client of the same server (bodies both ways, requests in
// flight at once). Passes under Node too, but for the first check (Node's createServer accepts
// a missing key and cert, and fails each handshake instead).
//
// @driver: node js-tests/drivers/https_node_client.mjs
// @env: NODE_EXTRA_CA_CERTS=js-tests/fixtures/tls/ca.pem
// @requires: node
// @timeout: 90

import https from 'node:https';
import fs from 'node:fs';
import assert from 'node:assert';

const { strictEqual, throws } = assert;
const dir = 'js-tests/fixtures/tls/';

throws(() => https.createServer({}), { code: 'ERR_MISSING_OPTION' });
throws(() => https.createServer({ cert: fs.readFileSync(`${dir}localhost.pem`), key: 'not a key' }));

const server = https.createServer({
  key: fs.readFileSync(`${dir}localhost.key`),
  cert: fs.readFileSync(`${dir}localhost.pem`, 'utf8'),
}, (req, res) => {
  const url = new URL(req.url, 'https://localhost');
  if (url.pathname === '/big') {
    // Written in pieces, each after the last drained, as a streaming server would.
    const n = Number(url.searchParams.get('n'));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
    let at = 0;
    const piece = 256 * 1024;
    const more = () => {
      while (at < n) {
        const len = Math.min(piece, n - at);
        const chunk = Buffer.alloc(len);
        for (let i = 0; i < len; i++) chunk[i] = (at + i) % 251;
        at += len;
        if (!res.write(chunk)) { res.once('drain', more); return; }
      }
      res.end();
    };
    more();
    return;
  }
  let length = 0;
  let sum = 0;
  const chunks = [];
  req.on('data', (c) => {
    length += c.length;
    for (const b of c) sum += b;
    if (url.pathname === '/echo') chunks.push(c);
  });
  req.on('end', () => {
    if (url.pathname === '/upload') {
      res.end(JSON.stringify({ length, sum }));
    } else if (url.pathname === '/echo') {
      res.end(Buffer.concat(chunks));
    } else {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, encrypted: req.socket.encrypted === true, remotePort: req.socket.remotePort }));
    }
    if (url.pathname === '/quit') server.close();
  });
});

server.listen(0, '127.0.0.1', async () => {
  const base = `https://localhost:${server.address().port}`;
  // This runtime's fetch as a client of its own HTTPS server.
  const info = await (await fetch(`${base}/info`)).json();
  strictEqual(info.encrypted, true);
  const body = new Uint8Array(1024 * 1024 + 3).map((_, i) => i * 7);
  const echoed = new Uint8Array(await (await fetch(`${base}/echo`, { method: 'POST', body })).arrayBuffer());
  strictEqual(echoed.length, body.length);
  for (let i = 0; i < body.length; i += 1021) strictEqual(echoed[i], body[i]);
  const all = await Promise.all(Array.from({ length: 16 }, (_, i) =>
    fetch(`${base}/info?${i}`).then((r) => r.json())));
  all.forEach((r, i) => strictEqual(r.url, `/info?${i}`));
  const big = new Uint8Array(await (await fetch(`${base}/big?n=${2 * 1024 * 1024}`)).arrayBuffer());
  strictEqual(big.length, 2 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4099) strictEqual(big[i], i % 251);
  console.log(`READY ${server.address().port}`);
});
