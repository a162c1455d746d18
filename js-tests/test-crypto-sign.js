// test-crypto-sign.js: node:crypto's asymmetric keys and signatures against what Node.js says
// of the same keys (js-tests/fixtures/keys: keys made by openssl, expected.json by Node 20):
// RSA (PKCS#1 v1.5 and PSS), ECDSA on P-256 and P-384 (DER and ieee-p1363 signatures) and
// Ed25519; keys read from PEM, DER and JWK and written back; an RS256 JWT checked with its
// JWK; generated key pairs; X509Certificate on the TLS test certificates; Node's errors for
// wrong keys and names. Passes under Node too.

import assert from 'node:assert';
import crypto from 'node:crypto';
import fs from 'node:fs';

const { strictEqual, deepStrictEqual, ok, throws } = assert;
const dir = 'js-tests/fixtures/keys';
const expected = JSON.parse(fs.readFileSync(`${dir}/expected.json`, 'utf8'));
const message = Buffer.from(expected.message);
const sigs = Object.fromEntries(Object.entries(expected.signatures).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
const pem = (name) => fs.readFileSync(`${dir}/${expected.keys[name].file}`, 'utf8');
const bigints = (v) => JSON.parse(JSON.stringify(v), (_, x) => (x && x.bigint !== undefined ? BigInt(x.bigint) : x));

// Every key: its type and details, its public half, its JWKs, as Node gives them.
for (const [name, want] of Object.entries(expected.keys)) {
  const privateKey = crypto.createPrivateKey(pem(name));
  ok(privateKey instanceof crypto.KeyObject);
  strictEqual(privateKey.type, 'private');
  strictEqual(privateKey.asymmetricKeyType, want.type);
  deepStrictEqual(privateKey.asymmetricKeyDetails, bigints(want.details));
  const publicKey = crypto.createPublicKey(privateKey);
  strictEqual(publicKey.type, 'public');
  strictEqual(publicKey.export({ type: 'spki', format: 'pem' }), want.spki, name);
  strictEqual(crypto.createPublicKey(pem(name)).export({ type: 'spki', format: 'pem' }), want.spki);
  deepStrictEqual(privateKey.export({ format: 'jwk' }), want.privateJwk, name);
  deepStrictEqual(publicKey.export({ format: 'jwk' }), want.publicJwk, name);
  // JWKs read back give the same keys.
  ok(crypto.createPrivateKey({ key: want.privateJwk, format: 'jwk' }).equals(privateKey), name);
  ok(crypto.createPublicKey({ key: want.publicJwk, format: 'jwk' }).equals(publicKey), name);
  ok(crypto.createPublicKey({ key: want.privateJwk, format: 'jwk' }).equals(publicKey), name);
  // DER both ways.
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  ok(Buffer.isBuffer(der));
  ok(crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).equals(privateKey));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  ok(crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }).equals(publicKey));
  ok(!privateKey.equals(publicKey));
}

// Other encodings of the same keys: PKCS#1 for RSA, SEC1 for EC.
{
  const rsa = crypto.createPrivateKey(pem('rsa'));
  const pkcs1 = fs.readFileSync(`${dir}/rsa-pkcs1.pem`, 'utf8');
  ok(crypto.createPrivateKey(pkcs1).equals(rsa));
  strictEqual(rsa.export({ type: 'pkcs1', format: 'pem' }), pkcs1);
  const rsaPublic = crypto.createPublicKey(rsa);
  const publicPkcs1 = rsaPublic.export({ type: 'pkcs1', format: 'pem' });
  ok(publicPkcs1.startsWith('-----BEGIN RSA PUBLIC KEY-----\n'));
  ok(crypto.createPublicKey(publicPkcs1).equals(rsaPublic));
  const ec = crypto.createPrivateKey(pem('ec256'));
  strictEqual(ec.export({ type: 'sec1', format: 'pem' }), pem('ec256'));
  throws(() => rsa.export({ type: 'sec1', format: 'pem' }), { code: 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS' });
  throws(() => rsa.export({ format: 'pem' }), { code: 'ERR_INVALID_ARG_VALUE' });
}

// A certificate's public key.
{
  const cert = fs.readFileSync('js-tests/fixtures/tls/localhost.pem', 'utf8');
  const key = crypto.createPublicKey(cert);
  strictEqual(key.asymmetricKeyType, 'ec');
  ok(key.equals(crypto.createPublicKey(fs.readFileSync('js-tests/fixtures/tls/localhost.key'))));
}

// Deterministic signatures come out as Node's, byte for byte; Node's randomised ones verify.
{
  deepStrictEqual(crypto.sign('sha256', message, pem('rsa')), sigs.rsaSha256);
  deepStrictEqual(crypto.sign('RSA-SHA512', message, crypto.createPrivateKey(pem('rsa'))), sigs.rsaSha512);
  deepStrictEqual(crypto.sign(null, message, pem('ed25519')), sigs.ed25519);
  const signer = crypto.createSign('SHA256');
  signer.update(message.subarray(0, 10));
  signer.update(message.subarray(10).toString('latin1'), 'latin1');
  strictEqual(signer.sign(pem('rsa'), 'base64'), expected.signatures.rsaSha256);

  const pss = { padding: crypto.constants.RSA_PKCS1_PSS_PADDING };
  const publicOf = (name) => expected.keys[name].spki;
  const checks = [
    ['sha256', 'rsa', sigs.rsaSha256, {}],
    ['sha256', 'rsa', sigs.rsaPssSha256, pss],
    ['sha256', 'ec256', sigs.ec256Sha256, {}],
    ['sha256', 'ec256', sigs.ec256Sha256P1363, { dsaEncoding: 'ieee-p1363' }],
    ['sha384', 'ec384', sigs.ec384Sha384, {}],
    [null, 'ed25519', sigs.ed25519, {}],
  ];
  for (const [alg, name, sig, options] of checks) {
    ok(crypto.verify(alg, message, { key: publicOf(name), ...options }, sig), `${name} ${alg}`);
    // A private key verifies too (its public half does).
    ok(crypto.verify(alg, message, { key: pem(name), ...options }, sig));
    ok(!crypto.verify(alg, Buffer.from('another message'), { key: publicOf(name), ...options }, sig));
    const bent = Buffer.from(sig);
    bent[bent.length >> 1] ^= 1;
    ok(!crypto.verify(alg, message, { key: publicOf(name), ...options }, bent));
  }
  ok(crypto.createVerify('sha256').update(message).verify(publicOf('ec256'), sigs.ec256Sha256));
  ok(crypto.createVerify('SHA256').update(message).verify(publicOf('ec256'), sigs.ec256Sha256.toString('hex'), 'hex'));

  // Our randomised signatures verify, in both encodings.
  for (const options of [{}, { dsaEncoding: 'ieee-p1363' }]) {
    const sig = crypto.sign('sha256', message, { key: pem('ec256'), ...options });
    strictEqual(sig.length === 64, options.dsaEncoding === 'ieee-p1363');
    ok(crypto.verify('sha256', message, { key: publicOf('ec256'), ...options }, sig));
  }
  const ours = crypto.sign('sha256', message, { key: pem('rsa'), ...pss });
  ok(crypto.verify('sha256', message, { key: publicOf('rsa'), ...pss }, ours));
  ok(!crypto.verify('sha256', message, publicOf('rsa'), ours));
}

// An RS256 JWT checked with its issuer's JWK, as a service checks bearer tokens.
{
  const [head, payload, signature] = expected.jwt.split('.');
  const jwk = { ...expected.keys.rsa.publicJwk, kid: 'test', alg: 'RS256', use: 'sig' };
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  ok(crypto.verify('RSA-SHA256', Buffer.from(`${head}.${payload}`), key, Buffer.from(signature, 'base64url')));
  strictEqual(JSON.parse(Buffer.from(payload, 'base64url').toString()).sub, 'user-1');
  ok(!crypto.verify('RSA-SHA256', Buffer.from(`${head}.${payload}x`), key, Buffer.from(signature, 'base64url')));
}

// Generated key pairs, as KeyObjects or encoded.
{
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  strictEqual(privateKey.asymmetricKeyType, 'ed25519');
  const sig = crypto.sign(null, message, privateKey);
  ok(crypto.verify(null, message, publicKey, sig));
  const other = crypto.generateKeyPairSync('ed25519');
  ok(!other.publicKey.equals(publicKey));
  ok(!crypto.verify(null, message, other.publicKey, sig));

  const ec = crypto.generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  ok(ec.publicKey.startsWith('-----BEGIN PUBLIC KEY-----\n'));
  ok(ec.privateKey.startsWith('-----BEGIN PRIVATE KEY-----\n'));
  ok(crypto.verify('sha256', message, ec.publicKey, crypto.sign('sha256', message, ec.privateKey)));
  deepStrictEqual(crypto.createPublicKey(ec.privateKey).asymmetricKeyDetails, { namedCurve: 'prime256v1' });

  const [err, pub, priv] = await new Promise((resolve) => {
    crypto.generateKeyPair('ec', { namedCurve: 'prime256v1' }, (...args) => resolve(args));
  });
  strictEqual(err, null);
  ok(crypto.verify('sha256', message, pub, crypto.sign('sha256', message, priv)));
  const viaCallback = await new Promise((resolve, reject) => {
    crypto.sign(null, message, privateKey, (e, s) => (e ? reject(e) : resolve(s)));
  });
  deepStrictEqual(viaCallback, sig);
}

// Secret keys, also as HMAC keys.
{
  const secret = crypto.createSecretKey(Buffer.from('shared secret'));
  strictEqual(secret.type, 'secret');
  strictEqual(secret.symmetricKeySize, 13);
  strictEqual(secret.asymmetricKeyType, undefined);
  deepStrictEqual(secret.export({ format: 'jwk' }), { kty: 'oct', k: Buffer.from('shared secret').toString('base64url') });
  strictEqual(crypto.createHmac('sha256', secret).update('x').digest('hex'),
    crypto.createHmac('sha256', 'shared secret').update('x').digest('hex'));
}

// X509Certificate: the test certificates read as Node reads them.
{
  const tls = (name) => fs.readFileSync(`js-tests/fixtures/tls/${name}`);
  const client = new crypto.X509Certificate(tls('client.pem'));
  strictEqual(client.subject, 'CN=test-client\nO=wasmedge-quickjs tests');
  strictEqual(client.issuer, 'CN=wasmedge-quickjs test CA');
  strictEqual(client.subjectAltName, 'DNS:test-client');
  strictEqual(client.ca, false);
  ok(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/.test(client.validFrom));
  ok(/ 21\d\d GMT$/.test(client.validTo));
  ok(/^[0-9A-F]+$/.test(client.serialNumber));
  const hexColons = (h) => h.toUpperCase().match(/../g).join(':');
  strictEqual(client.fingerprint256, hexColons(crypto.createHash('sha256').update(client.raw).digest('hex')));
  strictEqual(client.fingerprint, hexColons(crypto.createHash('sha1').update(client.raw).digest('hex')));
  strictEqual(client.fingerprint512, hexColons(crypto.createHash('sha512').update(client.raw).digest('hex')));
  strictEqual(new crypto.X509Certificate(client.raw).fingerprint256, client.fingerprint256);
  strictEqual(new crypto.X509Certificate(client.toString()).serialNumber, client.serialNumber);
  strictEqual(client.toString(), tls('client.pem').toString());

  const leaf = new crypto.X509Certificate(tls('localhost.pem'));
  const ca = new crypto.X509Certificate(tls('ca.pem'));
  const self = new crypto.X509Certificate(tls('self-signed.pem'));
  strictEqual(leaf.checkHost('localhost'), 'localhost');
  strictEqual(leaf.checkHost('LocalHost'), 'localhost');
  strictEqual(leaf.checkHost('example.com'), undefined);
  strictEqual(leaf.checkIP('127.0.0.1'), '127.0.0.1');
  strictEqual(leaf.checkIP('::1'), '::1');
  strictEqual(leaf.checkIP('10.0.0.1'), undefined);
  strictEqual(ca.ca, true);
  ok(leaf.checkIssued(ca));
  ok(!ca.checkIssued(leaf));
  ok(leaf.verify(ca.publicKey));
  ok(!leaf.verify(leaf.publicKey));
  ok(self.verify(self.publicKey));
  ok(!self.verify(ca.publicKey));
  ok(leaf.checkPrivateKey(crypto.createPrivateKey(tls('localhost.key'))));
  ok(!leaf.checkPrivateKey(crypto.createPrivateKey(tls('client.key'))));
  strictEqual(leaf.publicKey.export({ type: 'spki', format: 'pem' }),
    crypto.createPublicKey(tls('localhost.pem')).export({ type: 'spki', format: 'pem' }));
  throws(() => new crypto.X509Certificate(Buffer.from('not a certificate')), (e) => e instanceof Error);
}

// Node's errors.
{
  const publicKey = crypto.createPublicKey(pem('ec256'));
  throws(() => crypto.sign('sha256', message, publicKey), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE' });
  throws(() => crypto.createSign('nope'), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_DIGEST' });
  throws(() => crypto.createPrivateKey('not a key'), { code: 'ERR_OSSL_UNSUPPORTED' });
  throws(() => crypto.createPublicKey(Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')), (e) => e instanceof Error);
  throws(() => crypto.createPrivateKey(expected.keys.ec256.spki), (e) => e instanceof Error);
  throws(() => crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-999', x: 'AA', y: 'AA' }, format: 'jwk' }), { name: 'TypeError' });
  throws(() => crypto.generateKeyPairSync('ec', {}), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  throws(() => crypto.generateKeyPairSync('ec', { namedCurve: 'nope' }), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_CURVE' });
  throws(() => crypto.generateKeyPairSync('dsa2'), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  throws(() => crypto.sign('sha256', message, 42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  throws(() => new crypto.KeyObject('secret', {}), TypeError);
  if (process.versions.wasmedge_quickjs) {
    // What this runtime cannot do says so.
    throws(() => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }), { code: 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM' });
    throws(() => crypto.sign('sha512', message, pem('ec256')), { code: 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM' });
  }
}

console.log('crypto sign ok');
