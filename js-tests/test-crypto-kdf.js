// test-crypto-kdf.js: PBKDF2, HKDF and scrypt in node:crypto (sync and callback forms, Node's argument
// errors), and Web Crypto's HMAC keys (importKey raw and jwk, generateKey, exportKey, sign,
// verify) and PBKDF2/HKDF derivation (deriveBits, deriveKey), checked against RFC vectors and
// against each other. Passes under Node too.

import assert from 'node:assert';
import crypto from 'node:crypto';

const { strictEqual, deepStrictEqual, throws, rejects, ok } = assert;
const hex = (b) => Buffer.from(b).toString('hex');
const subtle = globalThis.crypto.subtle;

// PBKDF2: RFC 6070 (SHA-1) and the widely used SHA-256 vectors.
strictEqual(crypto.pbkdf2Sync('password', 'salt', 1, 20, 'sha1').toString('hex'), '0c60c80f961f0e71f3a9b524af6012062fe037a6');
strictEqual(crypto.pbkdf2Sync('password', 'salt', 4096, 20, 'sha1').toString('hex'), '4b007901b765489abead49d926f721d065a429c1');
strictEqual(crypto.pbkdf2Sync('password', 'salt', 1, 32, 'sha256').toString('hex'), '120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b');
strictEqual(crypto.pbkdf2Sync('password', 'salt', 4096, 32, 'sha256').toString('hex'), 'c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a');
strictEqual(crypto.pbkdf2Sync(Buffer.from('pass\0word'), Buffer.from('sa\0lt'), 4096, 16, 'sha1').toString('hex'), '56fa6aa75548099dcc37d7f03425e0c3');
strictEqual(crypto.pbkdf2Sync('p', 's', 2, 100, 'sha512').length, 100);
ok(Buffer.isBuffer(crypto.pbkdf2Sync('p', 's', 1, 0, 'sha256')));
await new Promise((resolve, reject) => {
  crypto.pbkdf2('password', 'salt', 2, 20, 'sha1', (err, key) => {
    if (err) { reject(err); return; }
    strictEqual(key.toString('hex'), 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
    resolve();
  });
});
throws(() => crypto.pbkdf2Sync('p', 's', 0, 20, 'sha1'), { code: 'ERR_OUT_OF_RANGE', name: 'RangeError' });
throws(() => crypto.pbkdf2Sync('p', 's', 1, -1, 'sha1'), { code: 'ERR_OUT_OF_RANGE' });
throws(() => crypto.pbkdf2Sync('p', 's', 1, 20, 'nope'), { code: 'ERR_CRYPTO_INVALID_DIGEST', message: 'Invalid digest: nope' });
throws(() => crypto.pbkdf2Sync('p', 's', 1, 20), { code: 'ERR_INVALID_ARG_TYPE' });
throws(() => crypto.pbkdf2Sync(1, 's', 1, 20, 'sha1'), { code: 'ERR_INVALID_ARG_TYPE' });
throws(() => crypto.pbkdf2('p', 's', 1, 20, 'sha1'), { code: 'ERR_INVALID_ARG_TYPE' });

// HKDF: RFC 5869 test cases 1 and 3 (SHA-256).
{
  const okm = crypto.hkdfSync('sha256', Buffer.from('0b'.repeat(22), 'hex'), Buffer.from('000102030405060708090a0b0c', 'hex'),
    Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'), 42);
  ok(okm instanceof ArrayBuffer);
  strictEqual(hex(okm), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  strictEqual(hex(crypto.hkdfSync('sha256', Buffer.from('0b'.repeat(22), 'hex'), '', '', 42)),
    '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
  throws(() => crypto.hkdfSync('sha256', 'k', 's', 'i', 255 * 32 + 1), { code: 'ERR_CRYPTO_INVALID_KEYLEN' });
  throws(() => crypto.hkdfSync('nope', 'k', 's', 'i', 10), { code: 'ERR_CRYPTO_INVALID_DIGEST' });
  const viaCallback = await new Promise((resolve, reject) => {
    crypto.hkdf('sha512', 'key', 'salt', 'info', 64, (err, key) => (err ? reject(err) : resolve(key)));
  });
  strictEqual(hex(viaCallback), hex(crypto.hkdfSync('sha512', 'key', 'salt', 'info', 64)));
}

// scrypt: RFC 7914's vectors, Node's option names and parameter errors.
strictEqual(crypto.scryptSync('', '', 64, { N: 16, r: 1, p: 1 }).toString('hex'),
  '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906');
strictEqual(crypto.scryptSync('password', 'NaCl', 64, { cost: 1024, blockSize: 8, parallelization: 16 }).toString('hex'),
  'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640');
strictEqual(crypto.scryptSync('secret', 'salt', 32).length, 32);
throws(() => crypto.scryptSync('p', 's', 64, { N: 3 }), { name: 'RangeError', code: 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS' });
throws(() => crypto.scryptSync('p', 's', 64, { N: 2 ** 20 }), { code: 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', message: /memory limit exceeded/ });
throws(() => crypto.scryptSync('p', 's', -1), { code: 'ERR_OUT_OF_RANGE' });
strictEqual((await new Promise((resolve, reject) => {
  crypto.scrypt('password', 'NaCl', 16, { N: 1024, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key)));
})).toString('hex'), crypto.scryptSync('password', 'NaCl', 16, { N: 1024, r: 8, p: 1 }).toString('hex'));

// Web Crypto HMAC: RFC 4231 test case 2 (key "Jefe").
{
  const key = await subtle.importKey('raw', new TextEncoder().encode('Jefe'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
  ok(key instanceof CryptoKey);
  ok(subtle instanceof SubtleCrypto);
  strictEqual(key.type, 'secret');
  strictEqual(key.algorithm.name, 'HMAC');
  strictEqual(key.algorithm.hash.name, 'SHA-256');
  strictEqual(key.algorithm.length, 32);
  deepStrictEqual(key.usages.sort(), ['sign', 'verify']);
  const data = new TextEncoder().encode('what do ya want for nothing?');
  const sig = await subtle.sign('HMAC', key, data);
  strictEqual(hex(sig), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  strictEqual(hex(sig), crypto.createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex'));
  strictEqual(await subtle.verify('HMAC', key, sig, data), true);
  const bad = new Uint8Array(sig.slice(0));
  bad[0] ^= 1;
  strictEqual(await subtle.verify('HMAC', key, bad, data), false);
  strictEqual(await subtle.verify({ name: 'HMAC' }, key, sig.slice(1), data), false);
  strictEqual(hex(await subtle.exportKey('raw', key)), hex(new TextEncoder().encode('Jefe')));
  const jwk = await subtle.exportKey('jwk', key);
  strictEqual(jwk.kty, 'oct');
  strictEqual(jwk.k, 'SmVmZQ');
  strictEqual(jwk.alg, 'HS256');
  const again = await subtle.importKey('jwk', jwk, { name: 'HMAC', hash: { name: 'SHA-256' } }, false, ['sign']);
  strictEqual(hex(await subtle.sign('HMAC', again, data)), hex(sig));
  // Node 20 names this one InvalidAccessException; the spec says InvalidAccessError.
  await rejects(subtle.exportKey('raw', again), { name: /^InvalidAccess(Error|Exception)$/ });
  await rejects(subtle.verify('HMAC', again, sig, data), { name: 'InvalidAccessError' });
  await rejects(subtle.importKey('raw', data, { name: 'HMAC', hash: 'SHA-256' }, true, ['encrypt']), { name: 'SyntaxError' });
  await rejects(subtle.importKey('raw', data, { name: 'NOPE' }, true, ['sign']), { name: 'NotSupportedError' });
}
{
  const key = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']);
  strictEqual(key.algorithm.length, 1024);
  strictEqual((await subtle.exportKey('raw', key)).byteLength, 128);
  strictEqual((await subtle.sign('HMAC', key, new Uint8Array(3))).byteLength, 64);
}

// Web Crypto PBKDF2 and HKDF agree with node:crypto's.
{
  const base = await subtle.importKey('raw', new TextEncoder().encode('password'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', salt: new TextEncoder().encode('salt'), iterations: 4096, hash: 'SHA-256' }, base, 256);
  strictEqual(hex(bits), 'c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a');
  const derived = await subtle.deriveKey({ name: 'PBKDF2', salt: new TextEncoder().encode('salt'), iterations: 2, hash: 'SHA-1' },
    base, { name: 'HMAC', hash: 'SHA-256', length: 160 }, true, ['sign']);
  strictEqual(hex(await subtle.exportKey('raw', derived)), 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
  await rejects(subtle.importKey('raw', new Uint8Array(4), 'PBKDF2', true, ['deriveBits']), { name: 'SyntaxError' });
  await rejects(subtle.deriveBits({ name: 'PBKDF2', salt: new Uint8Array(1), iterations: 0, hash: 'SHA-256' }, base, 256), { name: 'OperationError' });
  const ikm = await subtle.importKey('raw', Buffer.from('0b'.repeat(22), 'hex'), 'HKDF', false, ['deriveBits']);
  const okm = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: Buffer.from('000102030405060708090a0b0c', 'hex'), info: Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex') }, ikm, 336);
  strictEqual(hex(okm), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  await rejects(subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new Uint8Array(0) }, ikm,
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), { name: 'InvalidAccessError' });
}
console.log('kdf ok');
