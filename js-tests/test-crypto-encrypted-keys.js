// test-crypto-encrypted-keys.js: private keys under a passphrase: keys OpenSSL encrypted
// (PKCS#8 with PBKDF2-HMAC-SHA256 and AES-256-CBC, PBKDF2-HMAC-SHA1 and AES-192-CBC, and the
// older "Proc-Type: 4,ENCRYPTED" PEM with AES-128-CBC) read with createPrivateKey,
// createPublicKey and sign; keys encrypted by export({ cipher, passphrase }) and
// generateKeyPairSync read back; Node's errors for a missing or wrong passphrase; and a TLS
// server and an HTTPS client certificate whose keys are encrypted (passphrase option). The same
// file passes under Node.js.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import assert from './harness/assert.js';

const fixture = (name) => fs.readFileSync(`js-tests/fixtures/keys/${name}`);
const tlsFixture = (name) => fs.readFileSync(`js-tests/fixtures/tls/${name}`);

// OpenSSL's encrypted keys are the plain fixtures under "secret".
for (const [encrypted, plain, type] of [['ec256-enc.pem', 'ec256-sec1.pem', 'ec'], ['ed25519-enc.pem', 'ed25519.pem', 'ed25519'], ['rsa-pkcs1-enc.pem', 'rsa.pem', 'rsa']]) {
  const key = crypto.createPrivateKey({ key: fixture(encrypted), passphrase: 'secret' });
  assert.strictEqual(key.asymmetricKeyType, type);
  assert.ok(key.equals(crypto.createPrivateKey(fixture(plain))), `${encrypted} is ${plain}`);
  // The passphrase as bytes; the public half; signing straight from the encrypted PEM.
  assert.ok(crypto.createPrivateKey({ key: fixture(encrypted), passphrase: Buffer.from('secret') }).equals(key));
  assert.ok(crypto.createPublicKey({ key: fixture(encrypted), passphrase: 'secret' }).equals(crypto.createPublicKey(key)));
  const digest = type === 'ed25519' ? null : 'sha256';
  const signature = crypto.sign(digest, Buffer.from('message'), { key: fixture(encrypted), passphrase: 'secret' });
  assert.ok(crypto.verify(digest, Buffer.from('message'), crypto.createPublicKey(key), signature));
  // A wrong passphrase and none at all.
  assert.throws(() => crypto.createPrivateKey({ key: fixture(encrypted), passphrase: 'wrong' }), { code: 'ERR_OSSL_BAD_DECRYPT' });
  assert.throws(() => crypto.createPrivateKey(fixture(encrypted)));
}

// Keys encrypted here are read back, in PEM and DER, with every AES size.
{
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  for (const cipher of ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc']) {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher, passphrase: 'pw' });
    assert.ok(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----'));
    assert.ok(crypto.createPrivateKey({ key: pem, passphrase: 'pw' }).equals(privateKey), cipher);
    const der = privateKey.export({ type: 'pkcs8', format: 'der', cipher, passphrase: 'pw' });
    assert.ok(crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: 'pw' }).equals(privateKey));
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem', cipher, passphrase: 'pw' });
    assert.ok(sec1.includes('Proc-Type: 4,ENCRYPTED') && sec1.includes(`DEK-Info: ${cipher.toUpperCase()},`));
    assert.ok(crypto.createPrivateKey({ key: sec1, passphrase: 'pw' }).equals(privateKey));
  }
  const rsa = crypto.createPrivateKey(fixture('rsa.pem'));
  const pkcs1 = rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
  assert.ok(pkcs1.startsWith('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n'));
  assert.ok(crypto.createPrivateKey({ key: pkcs1, passphrase: 'pw' }).equals(rsa));
  // generateKeyPairSync encrypts what it is asked to.
  const pair = crypto.generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'top secret' },
  });
  const back = crypto.createPrivateKey({ key: pair.privateKey, passphrase: 'top secret' });
  assert.strictEqual(crypto.createPublicKey(back).export({ type: 'spki', format: 'pem' }), pair.publicKey);
  // Errors.
  assert.throws(() => privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc' }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'no-such-cipher', passphrase: 'x' }), { code: 'ERR_CRYPTO_UNKNOWN_CIPHER' });
}

// TLS with an encrypted server key, and an HTTPS client certificate with an encrypted key.
{
  const key = crypto.createPrivateKey(tlsFixture('localhost.key')).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'server pass' });
  const ca = tlsFixture('ca.pem');
  const server = tls.createServer({ key, passphrase: 'server pass', cert: tlsFixture('localhost.pem') }, (socket) => socket.end('over TLS'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const reply = await new Promise((resolve, reject) => {
    const socket = tls.connect({ port: server.address().port, host: '127.0.0.1', servername: 'localhost', ca }, () => {
      let got = '';
      socket.on('data', (d) => { got += d; });
      socket.on('end', () => resolve(got));
    });
    socket.on('error', reject);
  });
  assert.strictEqual(reply, 'over TLS');
  server.close();
  assert.throws(() => tls.createServer({ key, passphrase: 'wrong', cert: tlsFixture('localhost.pem') }), { code: 'ERR_OSSL_BAD_DECRYPT' });

  const clientKey = crypto.createPrivateKey(tlsFixture('client.key')).export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'client pass' });
  const site = https.createServer({ key: tlsFixture('localhost.key'), cert: tlsFixture('localhost.pem'), requestCert: true, ca }, (req, res) => {
    res.end(`hello ${req.socket.getPeerCertificate().subject.CN}, authorized ${req.socket.authorized}`);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const body = await new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: site.address().port, servername: 'localhost', ca, cert: tlsFixture('client.pem'), key: clientKey, passphrase: 'client pass' }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
  assert.match(body, /^hello .+, authorized true$/);
  site.close();
}
console.log('ok');
