// test-fetch-https.js: fetch and node:https over TLS against HTTPS servers on Python's ssl
// module (js-tests/peers/https_server.py), with the test CA of js-tests/fixtures/tls trusted
// through NODE_EXTRA_CA_CERTS: bodies of every kind both ways, concurrency and keep-alive, and
// each refused certificate with the code and message Node gives for it. Passes under Node too
// (NODE_EXTRA_CA_CERTS=js-tests/fixtures/tls/ca.pem and PEER_*_PORT set by hand).
//
// @peer GOOD: python3 js-tests/peers/https_server.py localhost
// @peer SELF: python3 js-tests/peers/https_server.py self-signed
// @peer OTHER: python3 js-tests/peers/https_server.py other-name
// @peer EXPIRED: python3 js-tests/peers/https_server.py expired
// @env: NODE_EXTRA_CA_CERTS=js-tests/fixtures/tls/ca.pem
// @requires: python3
// @timeout: 120

import assert from 'node:assert';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import fs from 'node:fs';

const { strictEqual, deepStrictEqual, ok, rejects, throws } = assert;
const env = process.env;
const good = `https://localhost:${env.PEER_GOOD_PORT}`;
const goodIp = `https://127.0.0.1:${env.PEER_GOOD_PORT}`;
const echo = async (url, init) => (await fetch(`${url}/echo`, init)).json();

// Plain requests, by name and by address (no SNI for an address).
strictEqual(await (await fetch(`${good}/hello`)).text(), 'hello over tls');
{
  const byName = await echo(good);
  strictEqual(byName.sni, 'localhost');
  strictEqual(byName.alpn, 'http/1.1');
  strictEqual(byName.tls, 'TLSv1.3');
  strictEqual(byName.headers.host, `localhost:${env.PEER_GOOD_PORT}`);
  // Inside wasm the client leaves AES-256-GCM out, so OpenSSL's server order picks ChaCha20.
  if (process.versions.wasmedge_quickjs) {
    strictEqual(byName.cipher, 'TLS_CHACHA20_POLY1305_SHA256');
  }
  const byIp = await echo(goodIp);
  strictEqual(byIp.sni, null);
  strictEqual(byIp.method, 'GET');
}

// Bodies: string, JSON, binary (every byte value), and a streamed body (sent chunked).
{
  const text = await echo(good, { method: 'POST', body: 'caf\u00e9' });
  strictEqual(text.body, 'caf\u00c3\u00a9'); // the UTF-8 bytes, read back as latin-1
  strictEqual(text.headers['content-type'], 'text/plain;charset=UTF-8');
  const json = await echo(good, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
    body: JSON.stringify({ a: [1, 2] }),
  });
  strictEqual(json.method, 'PUT');
  deepStrictEqual(JSON.parse(json.body), { a: [1, 2] });
  strictEqual(json.headers['x-custom'], 'yes');
  const bytes = new Uint8Array(256).map((_, i) => i);
  const binary = await echo(good, { method: 'PATCH', body: bytes });
  strictEqual(binary.body.length, 256);
  for (let i = 0; i < 256; i++) strictEqual(binary.body.charCodeAt(i), i);
  const parts = ['streamed ', 'over ', 'tls'];
  const stream = new ReadableStream({
    pull(controller) {
      if (parts.length) controller.enqueue(new TextEncoder().encode(parts.shift()));
      else controller.close();
    },
  });
  const streamed = await echo(good, { method: 'POST', body: stream, duplex: 'half' });
  strictEqual(streamed.headers['transfer-encoding'], 'chunked');
  strictEqual(streamed.body, 'streamed over tls');
}

// Large and chunked responses.
{
  const n = 3 * 1024 * 1024 + 17;
  const body = new Uint8Array(await (await fetch(`${good}/big?n=${n}`)).arrayBuffer());
  strictEqual(body.length, n);
  for (let i = 0; i < n; i += 4093) strictEqual(body[i], i % 251, `byte ${i}`);
  strictEqual(body[n - 1], (n - 1) % 251);
  const chunked = await fetch(`${good}/chunked`);
  strictEqual(chunked.headers.get('transfer-encoding'), 'chunked');
  strictEqual(await chunked.text(), 'onetwothree');
}

// Keep-alive: sequential requests reuse connections (this runtime reuses the one it has;
// Node's fetch may open a second while the first is being released); then many requests in
// flight at once.
{
  const ports = new Set();
  for (let i = 0; i < 4; i++) ports.add((await echo(good)).peer_port);
  ok(ports.size <= 2, `4 sequential requests used ${ports.size} connections`);
  const all = await Promise.all(Array.from({ length: 24 }, (_, i) =>
    echo(good, { method: 'POST', body: `request ${i}` })));
  all.forEach((r, i) => strictEqual(r.body, `request ${i}`));
  // A server that closes after its answer: the next request opens a new connection.
  strictEqual(await (await fetch(`${good}/close`)).text(), 'bye');
  strictEqual((await echo(good)).method, 'GET');
}

// A redirect from https: to http: is followed.
{
  const server = http.createServer((req, res) => res.end(`plain ${req.url}`));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${server.address().port}/landed`;
  const res = await fetch(`${good}/redirect-http?to=${encodeURIComponent(target)}`);
  strictEqual(res.url, target);
  strictEqual(res.redirected, true);
  strictEqual(await res.text(), 'plain /landed');
  server.close();
}

// Refused certificates: fetch fails with a TypeError whose cause is Node's error.
async function refused(url, code, message) {
  await rejects(fetch(url), (e) => {
    strictEqual(e.name, 'TypeError');
    strictEqual(e.message, 'fetch failed');
    strictEqual(e.cause.code, code, `${url}: ${e.cause.code} ${e.cause.message}`);
    strictEqual(e.cause.message, message);
    return true;
  });
}
await refused(`https://localhost:${env.PEER_SELF_PORT}/hello`, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate');
await refused(`https://localhost:${env.PEER_EXPIRED_PORT}/hello`, 'CERT_HAS_EXPIRED', 'certificate has expired');
await refused(`https://localhost:${env.PEER_OTHER_PORT}/hello`, 'ERR_TLS_CERT_ALTNAME_INVALID',
  "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:example.com");
await refused(`https://127.0.0.1:${env.PEER_OTHER_PORT}/hello`, 'ERR_TLS_CERT_ALTNAME_INVALID',
  "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ");
{
  // The servers keep serving after refused handshakes.
  strictEqual(await (await fetch(`${good}/hello`)).text(), 'hello over tls');
}

// A server that does not speak TLS, and a port where nothing listens.
{
  const plain = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  await new Promise((resolve) => plain.listen(0, '127.0.0.1', resolve));
  await rejects(fetch(`https://127.0.0.1:${plain.address().port}/`), (e) => {
    strictEqual(e.cause.code, 'ERR_SSL_WRONG_VERSION_NUMBER', e.cause.message);
    return true;
  });
  const port = plain.address().port;
  plain.close(); // stops listening at once (Node's callback would wait for the half-open socket)
  await rejects(fetch(`https://127.0.0.1:${port}/`), (e) => {
    strictEqual(e.cause.code, 'ECONNREFUSED');
    return true;
  });
}

// node:https: get and request, the `ca` and `rejectUnauthorized` options, the agent.
function get(url, options = {}) {
  return new Promise((resolve, reject) => {
    https.get(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}
deepStrictEqual(await get(`${good}/hello`), { status: 200, body: 'hello over tls' });
deepStrictEqual(await get(`https://localhost:${env.PEER_SELF_PORT}/hello`, { rejectUnauthorized: false }),
  { status: 200, body: 'hello over tls' });
await rejects(get(`https://localhost:${env.PEER_SELF_PORT}/hello`), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
{
  // `ca` replaces the default roots: the test CA alone is enough, another certificate is not.
  const ca = fs.readFileSync('js-tests/fixtures/tls/ca.pem');
  deepStrictEqual(await get(`${good}/hello`, { ca }), { status: 200, body: 'hello over tls' });
  const wrong = fs.readFileSync('js-tests/fixtures/tls/self-signed.pem', 'utf8');
  await rejects(get(`${good}/hello`, { ca: wrong }), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  const agent = new https.Agent({ ca, keepAlive: true });
  strictEqual(agent.defaultPort, 443);
  strictEqual(agent.protocol, 'https:');
  deepStrictEqual(await get(`${good}/hello`, { agent }), { status: 200, body: 'hello over tls' });
}
{
  const body = await new Promise((resolve, reject) => {
    const req = https.request({
      hostname: 'localhost', port: env.PEER_GOOD_PORT, path: '/echo', method: 'POST',
      headers: { 'content-type': 'text/plain' },
    }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve(JSON.parse(data)));
    });
    req.on('error', reject);
    req.write('part one, ');
    req.end('part two');
  });
  strictEqual(body.body, 'part one, part two');
  strictEqual(body.headers.host, `localhost:${env.PEER_GOOD_PORT}`);
}
throws(() => https.request(`http://127.0.0.1:${env.PEER_GOOD_PORT}/`), {
  code: 'ERR_INVALID_PROTOCOL', message: 'Protocol "http:" not supported. Expected "https:"',
});
throws(() => http.request(`${good}/`), {
  code: 'ERR_INVALID_PROTOCOL', message: 'Protocol "https:" not supported. Expected "http:"',
});
ok(https.globalAgent instanceof https.Agent);
console.log('https ok');
