// test-crypto-ecdh.js: key agreement: crypto.createECDH on prime256v1, crypto.diffieHellman
// with X25519 and P-256 KeyObjects, X25519 keys (generate, import, export), and Web Crypto's
// ECDH and X25519 (generateKey, importKey, deriveBits, deriveKey). Checked against RFC 7748's
// X25519 vector and a NIST CAVS ECDH P-256 vector, and both parties agreeing; errors carry
// Node's codes. The same file passes under Node.js.
import crypto from 'node:crypto';
import assert from './harness/assert.js';

const hex = (s) => Buffer.from(s, 'hex');
const b64u = (s) => hex(s).toString('base64url');

// NIST CAVS ECC CDH primitive test, P-256, COUNT = 0.
const nist = {
  peerX: '700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287',
  peerY: 'db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac',
  d: '7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534',
  x: 'ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230',
  y: '28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141',
  z: '46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b',
};
const nistPeer = hex(`04${nist.peerX}${nist.peerY}`);

// --- createECDH ---
{
  const alice = crypto.createECDH('prime256v1');
  const bob = crypto.createECDH('prime256v1');
  const alicePublic = alice.generateKeys();
  assert.strictEqual(alicePublic.length, 65);
  assert.strictEqual(alicePublic[0], 4);
  assert.strictEqual(alice.getPrivateKey().length, 32);
  const bobCompressed = bob.generateKeys('hex', 'compressed');
  assert.strictEqual(bobCompressed.length, 66);
  assert.ok(['02', '03'].includes(bobCompressed.slice(0, 2)));
  const s1 = alice.computeSecret(bobCompressed, 'hex');
  const s2 = bob.computeSecret(alice.getPublicKey('base64', 'hybrid'), 'base64', 'hex');
  assert.strictEqual(s1.toString('hex'), s2);
  assert.strictEqual(s1.length, 32);
  // Every form of a point converts to every other.
  for (const from of ['uncompressed', 'compressed', 'hybrid']) {
    const point = alice.getPublicKey(null, from);
    for (const to of ['uncompressed', 'compressed', 'hybrid']) {
      assert.ok(crypto.ECDH.convertKey(point, 'prime256v1', null, null, to).equals(alice.getPublicKey(null, to)), `${from} -> ${to}`);
    }
  }
  // The NIST vector.
  const iut = crypto.createECDH('prime256v1');
  assert.strictEqual(iut.setPrivateKey(nist.d, 'hex'), iut);
  assert.strictEqual(iut.getPublicKey('hex'), `04${nist.x}${nist.y}`);
  assert.strictEqual(iut.computeSecret(nistPeer).toString('hex'), nist.z);
  // Errors.
  assert.throws(() => crypto.createECDH('no-such-curve'), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_CURVE' });
  assert.throws(() => crypto.createECDH('prime256v1').getPublicKey(), { code: 'ERR_CRYPTO_OPERATION_FAILED' });
  assert.throws(() => crypto.createECDH('prime256v1').computeSecret(alicePublic), { name: 'RangeError', code: 'ERR_CRYPTO_INVALID_KEYPAIR' });
  assert.throws(() => alice.computeSecret(Buffer.from([4, 1, 2])), { code: 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY' });
  const offCurve = Buffer.from(nistPeer);
  offCurve[40] ^= 1;
  assert.throws(() => alice.computeSecret(offCurve), { code: 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY' });
  assert.throws(() => alice.setPrivateKey(Buffer.alloc(32)), { name: 'RangeError', code: 'ERR_CRYPTO_INVALID_KEYTYPE' });
  assert.throws(() => alice.getPublicKey('hex', 'bogus'), { name: 'TypeError', code: 'ERR_CRYPTO_ECDH_INVALID_FORMAT' });
  assert.throws(() => crypto.ECDH.convertKey(Buffer.from([4, 1]), 'prime256v1'), { code: 'ERR_CRYPTO_OPERATION_FAILED' });
  assert.throws(() => alice.computeSecret(42), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.ok(crypto.getCurves().includes('prime256v1'));
  // P-384 as well: 97-byte points, 48-byte secrets.
  const c = crypto.createECDH('secp384r1');
  const d = crypto.createECDH('secp384r1');
  const cPublic = c.generateKeys();
  assert.strictEqual(cPublic.length, 97);
  assert.strictEqual(d.generateKeys('hex', 'compressed').length, 98);
  const cd = c.computeSecret(d.getPublicKey());
  assert.strictEqual(cd.length, 48);
  assert.ok(cd.equals(d.computeSecret(cPublic)));
  assert.throws(() => c.computeSecret(alicePublic), { code: 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY' });
}

// --- X25519 and P-256 KeyObjects with diffieHellman ---
{
  const a = crypto.generateKeyPairSync('x25519');
  const b = crypto.generateKeyPairSync('x25519');
  assert.strictEqual(a.privateKey.asymmetricKeyType, 'x25519');
  assert.deepStrictEqual(a.publicKey.asymmetricKeyDetails, {});
  const ab = crypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
  const ba = crypto.diffieHellman({ privateKey: b.privateKey, publicKey: a.publicKey });
  assert.ok(ab.equals(ba) && ab.length === 32);
  // A private key stands for its public half.
  assert.ok(crypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.privateKey }).equals(ab));
  // PEM, DER and JWK round trips.
  const pem = a.privateKey.export({ type: 'pkcs8', format: 'pem' });
  assert.ok(pem.startsWith('-----BEGIN PRIVATE KEY-----'));
  assert.ok(crypto.createPrivateKey(pem).equals(a.privateKey));
  const spki = a.publicKey.export({ type: 'spki', format: 'der' });
  assert.strictEqual(spki.length, 44);
  assert.ok(crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }).equals(a.publicKey));
  const jwk = a.privateKey.export({ format: 'jwk' });
  assert.strictEqual(jwk.kty, 'OKP');
  assert.strictEqual(jwk.crv, 'X25519');
  assert.ok(crypto.createPrivateKey({ key: jwk, format: 'jwk' }).equals(a.privateKey));
  assert.ok(crypto.createPublicKey(a.privateKey).equals(a.publicKey));

  // RFC 7748 section 6.1.
  const alice = crypto.createPrivateKey({ format: 'jwk', key: { kty: 'OKP', crv: 'X25519', d: b64u('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'), x: b64u('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a') } });
  const bob = crypto.createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'X25519', x: b64u('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f') } });
  assert.strictEqual(crypto.diffieHellman({ privateKey: alice, publicKey: bob }).toString('hex'), '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
  assert.strictEqual(crypto.createPublicKey(alice).export({ format: 'jwk' }).x, b64u('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'));

  // P-384 KeyObjects: generated, agreed on, and signing with their own digest.
  const e1 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const e2 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  assert.deepStrictEqual(e1.privateKey.asymmetricKeyDetails, { namedCurve: 'secp384r1' });
  const s12 = crypto.diffieHellman({ privateKey: e1.privateKey, publicKey: e2.publicKey });
  assert.ok(s12.equals(crypto.diffieHellman({ privateKey: e2.privateKey, publicKey: e1.publicKey })) && s12.length === 48);
  const sig = crypto.sign('sha384', Buffer.from('p-384'), e1.privateKey);
  assert.ok(crypto.verify('sha384', Buffer.from('p-384'), e1.publicKey, sig));
  assert.throws(() => crypto.diffieHellman({ privateKey: e1.privateKey, publicKey: crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey }));

  // The NIST vector through KeyObjects.
  const iut = crypto.createPrivateKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256', d: b64u(nist.d), x: b64u(nist.x), y: b64u(nist.y) } });
  const cavs = crypto.createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256', x: b64u(nist.peerX), y: b64u(nist.peerY) } });
  assert.strictEqual(crypto.diffieHellman({ privateKey: iut, publicKey: cavs }).toString('hex'), nist.z);

  // Errors.
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  assert.throws(() => crypto.diffieHellman({ privateKey: a.privateKey, publicKey: ec.publicKey }), { code: 'ERR_CRYPTO_INCOMPATIBLE_KEY' });
  assert.throws(() => crypto.diffieHellman({ privateKey: a.publicKey, publicKey: b.publicKey }), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE' });
  assert.throws(() => crypto.diffieHellman({ privateKey: a.privateKey, publicKey: crypto.createSecretKey(Buffer.alloc(16)) }), { code: 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE' });
  assert.throws(() => crypto.diffieHellman({}), { code: 'ERR_INVALID_ARG_VALUE' });
  const zero = crypto.createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'X25519', x: Buffer.alloc(32).toString('base64url') } });
  assert.throws(() => crypto.diffieHellman({ privateKey: a.privateKey, publicKey: zero }), { code: 'ERR_OSSL_FAILED_DURING_DERIVATION' });
  assert.throws(() => crypto.sign(null, Buffer.from('x'), a.privateKey), { code: 'ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE' });
}

// --- Web Crypto ---
{
  const { subtle } = globalThis.crypto;
  for (const algorithm of [{ name: 'ECDH', namedCurve: 'P-256' }, { name: 'ECDH', namedCurve: 'P-384' }, { name: 'X25519' }]) {
    const a = await subtle.generateKey(algorithm, true, ['deriveBits', 'deriveKey']);
    const b = await subtle.generateKey(algorithm, false, ['deriveBits', 'deriveKey']);
    assert.deepStrictEqual(a.publicKey.usages, []);
    assert.deepStrictEqual(a.privateKey.usages.sort(), ['deriveBits', 'deriveKey']);
    const ab = Buffer.from(await subtle.deriveBits({ name: algorithm.name, public: b.publicKey }, a.privateKey, 256));
    const ba = Buffer.from(await subtle.deriveBits({ name: algorithm.name, public: a.publicKey }, b.privateKey, 256));
    assert.ok(ab.equals(ba) && ab.length === 32, algorithm.name);
    // (256 of P-384's 384 bits: the first 32 bytes.)
    const short = Buffer.from(await subtle.deriveBits({ name: algorithm.name, public: b.publicKey }, a.privateKey, 128));
    assert.ok(short.equals(ab.subarray(0, 16)));
    await assert.rejects(subtle.deriveBits({ name: algorithm.name, public: b.publicKey }, a.privateKey, 1024), { name: 'OperationError' });
    // Both parties derive the same AES key: what one encrypts the other decrypts.
    const aesA = await subtle.deriveKey({ name: algorithm.name, public: b.publicKey }, a.privateKey, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const aesB = await subtle.deriveKey({ name: algorithm.name, public: a.publicKey }, b.privateKey, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    const iv = new Uint8Array(12);
    const sealed = await subtle.encrypt({ name: 'AES-GCM', iv }, aesA, Buffer.from('agreed'));
    assert.strictEqual(Buffer.from(await subtle.decrypt({ name: 'AES-GCM', iv }, aesB, sealed)).toString(), 'agreed');
    // A public key goes out raw and comes back.
    const raw = await subtle.exportKey('raw', a.publicKey);
    assert.strictEqual(raw.byteLength, algorithm.name === 'X25519' ? 32 : algorithm.namedCurve === 'P-384' ? 97 : 65);
    const again = await subtle.importKey('raw', raw, algorithm, true, []);
    const viaImported = Buffer.from(await subtle.deriveBits({ name: algorithm.name, public: again }, b.privateKey, 256));
    assert.ok(viaImported.equals(ab));
    await assert.rejects(subtle.deriveBits({ name: algorithm.name, public: a.privateKey }, b.privateKey, 256), { name: 'InvalidAccessError' });
  }
  // The NIST vector: a PKCS#8 private key (from node:crypto) and the peer's raw point.
  const iut = crypto.createPrivateKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256', d: b64u(nist.d), x: b64u(nist.x), y: b64u(nist.y) } });
  const priv = await subtle.importKey('pkcs8', iut.export({ type: 'pkcs8', format: 'der' }), { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const peer = await subtle.importKey('raw', nistPeer, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  assert.strictEqual(Buffer.from(await subtle.deriveBits({ name: 'ECDH', public: peer }, priv, 256)).toString('hex'), nist.z);
  // An ECDH key cannot be mixed with an X25519 one.
  const x = await subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
  await assert.rejects(subtle.deriveBits({ name: 'ECDH', public: x.publicKey }, priv, 256), { name: 'InvalidAccessError' });
}
console.log('ok');
