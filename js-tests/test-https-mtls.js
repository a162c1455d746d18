// test-https-mtls.js: mutual TLS over HTTPS: an https server that asks for client
// certificates issued by the test CA (requestCert, ca) and this runtime's https client
// presenting the test client certificate (cert, key, directly or through an Agent). The
// handler sees req.socket.authorized and the client's certificate; a client without a
// certificate is refused in the handshake, or, with rejectUnauthorized: false on the server,
// reaches the handler unauthorized (the usual 401 pattern). Passes under Node too.

import https from 'node:https';
import fs from 'node:fs';
import assert from 'node:assert';
import { once } from 'node:events';

const { strictEqual, deepStrictEqual, ok } = assert;
const fixture = (name) => fs.readFileSync(`js-tests/fixtures/tls/${name}`);
const ca = fixture('ca.pem');
const identity = { cert: fixture('client.pem'), key: fixture('client.key') };

// One GET; resolves to [status, body], or rejects with the request's error.
function get(port, options) {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: 'localhost', port, path: '/', ca, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve([res.statusCode, body]));
    });
    req.on('error', reject);
  });
}

for (const rejectUnauthorized of [true, false]) {
  const server = https.createServer({
    key: fixture('localhost.key'), cert: fixture('localhost.pem'),
    requestCert: true, rejectUnauthorized, ca,
  }, (req, res) => {
    const socket = req.socket;
    if (!socket.authorized) {
      res.statusCode = 401;
      res.end(`unauthorized: ${socket.authorizationError}`);
      return;
    }
    const cert = socket.getPeerCertificate();
    res.end(JSON.stringify({ cn: cert.subject.CN, o: cert.subject.O, issuer: cert.issuer.CN, san: cert.subjectaltname }));
  });
  const clientErrors = [];
  server.on('tlsClientError', (err) => clientErrors.push(err));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = server.address().port;

  // With the client certificate: directly, then through an Agent's options.
  const [status, body] = await get(port, identity);
  strictEqual(status, 200);
  deepStrictEqual(JSON.parse(body), { cn: 'test-client', o: 'wasmedge-quickjs tests', issuer: 'wasmedge-quickjs test CA', san: 'DNS:test-client' });
  const agent = new https.Agent({ ...identity, ca, keepAlive: true });
  for (let i = 0; i < 3; i++) strictEqual((await get(port, { agent }))[0], 200);
  agent.destroy();

  // Without one.
  if (rejectUnauthorized) {
    const err = await get(port, {}).then(() => null, (e) => e);
    ok(err instanceof Error, 'a client without a certificate is refused');
    strictEqual(clientErrors.length, 1);
  } else {
    deepStrictEqual(await get(port, {}), [401, 'unauthorized: UNABLE_TO_GET_ISSUER_CERT']);
  }
  server.close();
  await once(server, 'close');
}
console.log('https mtls ok');
