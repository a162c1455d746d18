// test-fetch-https-insecure.js: NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for
// fetch and node:https (with Node's warning), a request's own rejectUnauthorized: true turns
// them back on, and an unreadable NODE_EXTRA_CA_CERTS is a warning, not a failure. Passes under
// Node too (with the same environment and PEER_*_PORT set by hand).
//
// @peer SELF: python3 js-tests/peers/https_server.py self-signed
// @peer EXPIRED: python3 js-tests/peers/https_server.py expired
// @env: NODE_TLS_REJECT_UNAUTHORIZED=0
// @env: NODE_EXTRA_CA_CERTS=js-tests/fixtures/tls/no-such-file.pem
// @expect-stderr: Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS connections and HTTPS requests insecure by disabling certificate verification.
// @expect-stderr: Ignoring extra certs from `js-tests/fixtures/tls/no-such-file.pem`, load failed
// @requires: python3

import assert from 'node:assert';
import https from 'node:https';

const { strictEqual, rejects } = assert;
const self = `https://localhost:${process.env.PEER_SELF_PORT}`;
const expired = `https://127.0.0.1:${process.env.PEER_EXPIRED_PORT}`;

let warnings = 0;
process.on('warning', (w) => { if (w.message.includes('NODE_TLS_REJECT_UNAUTHORIZED')) warnings++; });

strictEqual(await (await fetch(`${self}/hello`)).text(), 'hello over tls');
strictEqual((await (await fetch(`${expired}/echo`, { method: 'POST', body: 'x' })).json()).body, 'x');

function get(url, options = {}) {
  return new Promise((resolve, reject) => {
    https.get(url, options, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}
strictEqual(await get(`${self}/hello`), 'hello over tls');
await rejects(get(`${self}/hello`, { rejectUnauthorized: true }), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
await rejects(get(`${expired}/hello`, { rejectUnauthorized: true }), { code: 'CERT_HAS_EXPIRED' });
strictEqual(warnings, 1, 'the warning is given once');
console.log('insecure ok');
