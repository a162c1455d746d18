// test-crypto-cipher.js: createCipheriv/createDecipheriv with AES-128-GCM, AES-256-GCM and
// ChaCha20-Poly1305: the ciphertexts and tags Node (OpenSSL) gives for the same input,
// round trips with and without additional data, tampered data and tags refused, and Node's
// errors for bad keys, IVs, tags and unknown ciphers. Passes under Node too.

import assert from 'node:assert';
import crypto from 'node:crypto';

const { strictEqual, throws, ok } = assert;
const key = Buffer.alloc(32, 7);
const iv = Buffer.alloc(12, 1);
const keyFor = (alg) => (alg === 'aes-128-gcm' ? key.subarray(0, 16) : key);

// What Node 20 (OpenSSL) answers for this key, IV, AAD 'header' and text.
const expected = {
  'aes-256-gcm': ['1e84e5dbff9f9b61a3b8b80d50441552da9e60', '9b47da0a71c6f379924beb8f0afba530'],
  'chacha20-poly1305': ['142fed7bffc556a251e5d8c1523a44863c2291', '727ecfb0c2d6d46b0d6f8d3d99fc10fb'],
  'aes-128-gcm': ['c967a084e59485065a34ccd7f9bc45592bcffd', 'b7ee0b570d433d5f3c1f0055a19ec043'],
};

for (const [alg, [text, tag]] of Object.entries(expected)) {
  const c = crypto.createCipheriv(alg, keyFor(alg), iv);
  c.setAAD(Buffer.from('header'));
  const enc = Buffer.concat([c.update('hello world, '), c.update(Buffer.from('secret')), c.final()]);
  strictEqual(enc.toString('hex'), text, alg);
  strictEqual(c.getAuthTag().toString('hex'), tag, alg);

  const d = crypto.createDecipheriv(alg, keyFor(alg), iv);
  d.setAAD(Buffer.from('header'));
  d.setAuthTag(Buffer.from(tag, 'hex'));
  strictEqual(d.update(enc, undefined, 'utf8') + d.final('utf8'), 'hello world, secret');

  // A changed byte, a wrong tag or missing additional data: refused.
  for (const [data, t, aad] of [
    [Buffer.from(enc).fill(0, 0, 1), tag, 'header'],
    [enc, '00'.repeat(16), 'header'],
    [enc, tag, null],
  ]) {
    const bad = crypto.createDecipheriv(alg, keyFor(alg), iv);
    if (aad) bad.setAAD(Buffer.from(aad));
    bad.setAuthTag(Buffer.from(t, 'hex'));
    bad.update(data);
    throws(() => bad.final(), { message: 'Unsupported state or unable to authenticate data' });
  }
}

// Round trips of other sizes, strings in and out.
for (const size of [0, 1, 15, 16, 17, 1000, 70000]) {
  const text = 'x'.repeat(size);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const enc = c.update(text, 'utf8', 'base64') + c.final('base64');
  const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(c.getAuthTag());
  strictEqual(d.update(enc, 'base64', 'utf8') + d.final('utf8'), text);
}

// Errors.
throws(() => crypto.createCipheriv('aes-256-gcm', Buffer.alloc(31), iv), { name: 'RangeError', code: 'ERR_CRYPTO_INVALID_KEYLEN' });
throws(() => crypto.createCipheriv('no-such-cipher', key, iv), { code: 'ERR_CRYPTO_UNKNOWN_CIPHER' });
throws(() => crypto.createDecipheriv('aes-256-gcm', key, iv).setAuthTag(Buffer.alloc(3)), { code: 'ERR_CRYPTO_INVALID_AUTH_TAG' });
{
  const c = crypto.createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 });
  c.final();
  throws(() => c.final(), { code: 'ERR_CRYPTO_INVALID_STATE' });
}
ok(crypto.getCiphers().includes('aes-256-gcm'));
console.log('cipher ok');
