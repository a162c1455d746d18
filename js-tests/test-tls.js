// test-tls.js: node:tls client sockets and wss: WebSockets, against Python's ssl module
// (js-tests/peers/https_server.py and ws_server.py --tls), with the test CA trusted through
// NODE_EXTRA_CA_CERTS: the handshake's facts (protocol, ALPN, authorization, key exchange
// group, cipher suite), raw HTTP over a TLSSocket, servername, refused and accepted-anyway
// certificates, a TLS echo server (tls.createServer), and a WebSocket over TLS.
// The node:tls part passes under Node too (Node 20 has no global WebSocket: that part is
// skipped there).
//
// @peer GOOD: python3 js-tests/peers/https_server.py localhost
// @peer SELF: python3 js-tests/peers/https_server.py self-signed
// @peer OTHER: python3 js-tests/peers/https_server.py other-name
// @peer P256: python3 js-tests/peers/https_server.py localhost --curve prime256v1
// @peer WSS: python3 js-tests/peers/ws_server.py --tls
// @env: NODE_EXTRA_CA_CERTS=js-tests/fixtures/tls/ca.pem
// @requires: python3

import assert from 'node:assert';
import tls from 'node:tls';
import { once } from 'node:events';
import net from 'node:net';
import fs from 'node:fs';
import crypto from 'node:crypto';

const { strictEqual, deepStrictEqual, ok, match } = assert;
const env = process.env;

// Sends one request over a fresh TLS socket and collects the whole answer.
async function exchange(socket, request) {
  await once(socket, 'secureConnect');
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (c) => { data += c; });
  socket.write(request);
  await once(socket, 'end');
  return data;
}
const hello = 'GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

{
  const socket = tls.connect({ host: 'localhost', port: Number(env.PEER_GOOD_PORT), ALPNProtocols: ['http/1.1'] });
  ok(socket instanceof tls.TLSSocket);
  let remotePort;
  socket.once('secureConnect', () => { remotePort = socket.remotePort; });
  const answer = await exchange(socket, hello);
  match(answer, /^HTTP\/1\.1 200 /);
  ok(answer.endsWith('hello over tls'));
  strictEqual(socket.authorized, true);
  strictEqual(socket.authorizationError, null);
  strictEqual(socket.getProtocol(), 'TLSv1.3');
  strictEqual(socket.alpnProtocol, 'http/1.1');
  strictEqual(socket.encrypted, true);
  strictEqual(remotePort, Number(env.PEER_GOOD_PORT));
}

// The key exchange and cipher suite agreed on: X25519 with OpenSSL's default groups, P-256
// with a server that has no other; getCipher() names the suite the server reports.
for (const [peer, group, size] of [['GOOD', 'X25519', 253], ['P256', 'prime256v1', 256]]) {
  const socket = tls.connect({ host: 'localhost', port: Number(env[`PEER_${peer}_PORT`]) });
  const answer = await exchange(socket, 'GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  const seen = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
  assert.deepStrictEqual(socket.getEphemeralKeyInfo(), { type: 'ECDH', name: group, size });
  const cipher = socket.getCipher();
  strictEqual(cipher.name, seen.cipher);
  strictEqual(cipher.standardName, seen.cipher);
  strictEqual(cipher.version, 'TLSv1.3');
}

// The server's certificate as getPeerCertificate() shows it; its fingerprint is the SHA-256 of
// its DER.
{
  const socket = tls.connect({ host: 'localhost', port: Number(env.PEER_GOOD_PORT) });
  await exchange(socket, hello);
  const cert = socket.getPeerCertificate();
  strictEqual(cert.subject.CN, 'localhost');
  strictEqual(cert.issuer.CN, 'wasmedge-quickjs test CA');
  strictEqual(cert.subjectaltname, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  strictEqual(cert.ca, false);
  match(cert.valid_from, /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/);
  match(cert.valid_to, / 21\d\d GMT$/);
  match(cert.serialNumber, /^[0-9A-F]+$/);
  ok(Buffer.isBuffer(cert.raw));
  const sha256 = crypto.createHash('sha256').update(cert.raw).digest('hex').toUpperCase().match(/../g).join(':');
  strictEqual(cert.fingerprint256, sha256);
  ok(fs.readFileSync('js-tests/fixtures/tls/localhost.pem', 'utf8').includes(cert.raw.toString('base64').slice(0, 64)));
}

// connect(port, host, callback); no ALPN offered, so none chosen.
{
  let called = false;
  const socket = tls.connect(Number(env.PEER_GOOD_PORT), '127.0.0.1', () => { called = true; });
  const answer = await exchange(socket, hello);
  ok(called);
  ok(answer.endsWith('hello over tls'));
  strictEqual(socket.alpnProtocol, false);
}

// A refused certificate is an 'error' with Node's code; rejectUnauthorized: false connects
// and says why the certificate would have been refused.
{
  const socket = tls.connect({ host: 'localhost', port: Number(env.PEER_SELF_PORT) });
  const [err] = await once(socket, 'error');
  strictEqual(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  strictEqual(err.message, 'self-signed certificate');
  const anyway = tls.connect({ host: 'localhost', port: Number(env.PEER_SELF_PORT), rejectUnauthorized: false });
  ok((await exchange(anyway, hello)).endsWith('hello over tls'));
  strictEqual(anyway.authorized, false);
  strictEqual(anyway.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
}

// servername: the certificate for example.com is right when that is the name asked for.
{
  const wrong = tls.connect({ host: '127.0.0.1', port: Number(env.PEER_OTHER_PORT) });
  const [err] = await once(wrong, 'error');
  strictEqual(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  const right = tls.connect({ host: '127.0.0.1', port: Number(env.PEER_OTHER_PORT), servername: 'example.com' });
  ok((await exchange(right, hello)).endsWith('hello over tls'));
  strictEqual(right.authorized, true);
}

// tls.createServer: an echo server; its 'secureConnection' sockets carry plaintext, and a
// client that speaks no TLS is a 'tlsClientError', after which the server still serves.
{
  const server = tls.createServer({
    key: fs.readFileSync('js-tests/fixtures/tls/localhost.key'),
    cert: fs.readFileSync('js-tests/fixtures/tls/localhost.pem', 'utf8'),
    ALPNProtocols: ['echo/1'],
  }, (socket) => {
    strictEqual(socket.encrypted, true);
    strictEqual(socket.getEphemeralKeyInfo(), null);
    strictEqual(socket.getCipher().version, socket.getProtocol());
    socket.pipe(socket);
  });
  const clientErrors = [];
  server.on('tlsClientError', (err) => clientErrors.push(err));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const echoOnce = async (text) => {
    const socket = tls.connect({ host: 'localhost', port, ALPNProtocols: ['echo/1'] });
    await once(socket, 'secureConnect');
    strictEqual(socket.authorized, true);
    strictEqual(socket.alpnProtocol, 'echo/1');
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (c) => { got += c; });
    socket.end(text);
    await once(socket, 'end');
    return got;
  };
  strictEqual(await echoOnce('hello tls server'), 'hello tls server');
  const big = 'x'.repeat(300000);
  strictEqual((await echoOnce(big)).length, big.length);
  const refused = once(server, 'tlsClientError');
  const plain = net.connect(port, '127.0.0.1', () => plain.write('GET / HTTP/1.1\r\n\r\n'));
  plain.on('error', () => {});
  plain.resume();
  await once(plain, 'close');
  await refused;
  strictEqual(clientErrors.length, 1);
  strictEqual(await echoOnce('still serving'), 'still serving');
  server.close();
}

// Mutual TLS: a server that asks for client certificates issued by the test CA, and clients
// with the test client certificate, with none, and with a server's certificate.
for (const rejectUnauthorized of [false, true]) {
  const fixture = (name) => fs.readFileSync(`js-tests/fixtures/tls/${name}`);
  const seen = [];
  const server = tls.createServer({
    key: fixture('localhost.key'), cert: fixture('localhost.pem'),
    requestCert: true, rejectUnauthorized, ca: fixture('ca.pem'),
  }, (socket) => {
    const cert = socket.getPeerCertificate();
    seen.push([socket.authorized, socket.authorizationError, cert.subject ? cert.subject.CN : undefined]);
    socket.end('hi');
  });
  const refusals = [];
  server.on('tlsClientError', (err) => refusals.push(err));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const attempt = async (identity) => {
    const socket = tls.connect({ host: 'localhost', port, ...identity });
    let got = '';
    socket.on('data', (c) => { got += c; });
    const failed = new Promise((resolve) => socket.on('error', resolve));
    await Promise.race([once(socket, 'close'), failed]);
    return got;
  };
  strictEqual(await attempt({ cert: fixture('client.pem'), key: fixture('client.key') }), 'hi');
  const none = await attempt({});
  const wrong = await attempt({ cert: fixture('self-signed.pem'), key: fixture('self-signed.key') });
  server.close();
  if (rejectUnauthorized) {
    // Only the client with a good certificate gets through.
    deepStrictEqual(seen, [[true, null, 'test-client']]);
    strictEqual(none, '');
    strictEqual(wrong, '');
    strictEqual(refusals.length, 2);
  } else {
    strictEqual(none, 'hi');
    strictEqual(wrong, 'hi');
    deepStrictEqual(seen, [
      [true, null, 'test-client'],
      [false, 'UNABLE_TO_GET_ISSUER_CERT', undefined],
      [false, 'INVALID_PURPOSE', 'localhost'],
    ]);
  }
}
// A key that is not a key: Node's error, thrown by connect.
assert.throws(() => tls.connect({ host: 'localhost', port: Number(env.PEER_GOOD_PORT), cert: fs.readFileSync('js-tests/fixtures/tls/client.pem'), key: 'nope' }),
  { code: 'ERR_OSSL_UNSUPPORTED' });

// wss: the WebSocket client over TLS.
if (typeof WebSocket === 'function') {
  const ws = new WebSocket(`wss://localhost:${env.PEER_WSS_PORT}/secure`);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = (e) => reject(e.error || new Error('error event'));
  });
  const reply = new Promise((resolve) => { ws.onmessage = (e) => resolve(e.data); });
  ws.send('over tls');
  strictEqual(await reply, 'over tls');
  const big = new Promise((resolve) => { ws.onmessage = (e) => resolve(e.data); });
  ws.binaryType = 'arraybuffer';
  ws.send('big:300000');
  const bytes = new Uint8Array(await big);
  strictEqual(bytes.length, 300000);
  for (let i = 0; i < bytes.length; i += 997) strictEqual(bytes[i], i % 251);
  const closed = new Promise((resolve) => { ws.onclose = resolve; });
  ws.close(1000, 'done');
  const event = await closed;
  strictEqual(event.code, 1000);
  strictEqual(event.wasClean, true);
}
// getPeerCertificate(true): the issuer chain, whether the server sends its CA or leaves it out
// (then found among the client's `ca`); the root is its own issuer.
{
  const pem = (name) => fs.readFileSync(`js-tests/fixtures/tls/${name}`, 'utf8');
  for (const cert of [pem('localhost.pem') + pem('ca.pem'), pem('localhost.pem')]) {
    const server = tls.createServer({ key: pem('localhost.key'), cert }, (s) => s.end('x'));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = tls.connect({ port: server.address().port, host: '127.0.0.1', servername: 'localhost', ca: pem('ca.pem') });
    await once(socket, 'secureConnect');
    const leaf = socket.getPeerCertificate(true);
    strictEqual(leaf.subject.CN, 'localhost');
    strictEqual(leaf.issuerCertificate.subject.CN, 'wasmedge-quickjs test CA');
    strictEqual(leaf.issuerCertificate.issuerCertificate, leaf.issuerCertificate);
    ok(!('issuerCertificate' in socket.getPeerCertificate()));
    socket.resume();
    await once(socket, 'end');
    server.close();
  }
}
console.log('tls ok');
