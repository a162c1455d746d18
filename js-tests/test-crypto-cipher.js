// test-crypto-cipher.js: createCipheriv/createDecipheriv with AES-128-GCM, AES-256-GCM and
// ChaCha20-Poly1305: the ciphertexts and tags Node (OpenSSL) gives for the same input,
// round trips with and without additional data, tampered data and tags refused, and Node's
// errors for bad keys, IVs, tags and unknown ciphers; AES-CBC and AES-CTR: Node's
// ciphertexts, streamed in pieces, padding on and off, bad padding and cut messages refused.
// Passes under Node too.

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

// AES-CBC and AES-CTR: what Node 20 (OpenSSL) answers for this key, a 16-byte IV and text.
{
  const blockKey = Buffer.alloc(32, 7);
  const blockIv = Buffer.alloc(16, 3);
  const text = 'The quick brown fox jumps over the lazy dog, twice: the quick brown fox.';
  const sized = (alg) => blockKey.subarray(0, alg.includes('128') ? 16 : alg.includes('192') ? 24 : 32);
  const nodeSays = {
    'aes-128-cbc': 'g4FH7c3Y5wM6zovcB0LaGGLPIC6s9tX/HHXlHqAe6g2MCJiM/eWv7hxtBEmBmgmqKg7obPtGOkdJHH6Z4fzKtYeWCm4tnUlBWi3nxuShKN8=',
    'aes-192-cbc': '3uYPCfN6Z4ha46ddalfO/959mugn2mgrq1h1UKNA4ZX0PouJRwpcmDyZzCDsVsS+f2GeLp/oJHLSDXSLBXJpTkaqsmq3DUkQ+AlZaGvCykk=',
    'aes-256-cbc': '7ll2aUlv6mbVsqQBHTjIWZWEXsbprkZuUW9iPjMmqWLdMyM3+6hMJeD2DvDWMlINpXliil+SQOiW9vZ9oEs5AdCIQbJEMwR/EOp4JE8922o=',
    'aes-128-ctr': '1JT6TzLerlqgsGF41vr3v9SfItaWwhoM1igFSEtWPPAkwQvQDkkFC512qjLOgmFWsdVTiNlnF9Qtk38LKRdeUqWrJ3OHl3KX',
    'aes-256-ctr': 'KOQVvG3E9LDGqJVMbh84Z9oPQxeOGj+xIq+n/1W/LE/X8qCDUj3BdemBK2yZVYHsAy1rKzw7uEDzloV6xkj5UsmIjhYWxlVJ',
  };
  for (const [alg, base64] of Object.entries(nodeSays)) {
    // Base64 pieces join into one text, as Node's do.
    const c = crypto.createCipheriv(alg, sized(alg), blockIv);
    strictEqual(c.update(text.slice(0, 20), 'utf8', 'base64') + c.update(text.slice(20), 'utf8', 'base64') + c.final('base64'), base64, alg);
    // Fed a byte at a time, decrypted output arrives as it becomes ready.
    const d = crypto.createDecipheriv(alg, sized(alg), blockIv);
    const sealed = Buffer.from(base64, 'base64');
    let opened = Buffer.alloc(0);
    let early = 0;
    for (let i = 0; i < sealed.length; i++) {
      const piece = d.update(sealed.subarray(i, i + 1));
      opened = Buffer.concat([opened, piece]);
      if (i < sealed.length - 16) early += piece.length;
    }
    ok(early > 0, `${alg}: nothing came out before final()`);
    strictEqual(Buffer.concat([opened, d.final()]).toString(), text, alg);
  }
  const aes256 = crypto.createCipheriv('aes256', blockKey, blockIv);
  strictEqual(aes256.update('x', 'utf8', 'hex') + aes256.final('hex'), 'ef5be4dd070e516d884679cf02cd0f19');

  // Without padding the text must fill whole blocks.
  const whole = crypto.createCipheriv('aes-128-cbc', sized('aes-128-cbc'), blockIv).setAutoPadding(false);
  strictEqual(Buffer.concat([whole.update(Buffer.alloc(32, 5)), whole.final()]).length, 32);
  const partial = crypto.createCipheriv('aes-128-cbc', sized('aes-128-cbc'), blockIv);
  partial.setAutoPadding(false);
  partial.update('abc');
  throws(() => partial.final(), { code: 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH', message: 'error:1C80006B:Provider routines::wrong final block length' });
  // A wrong key shows as bad padding; a cut message as a wrong final block.
  const wrongKey = crypto.createDecipheriv('aes-256-cbc', Buffer.alloc(32, 8), blockIv);
  wrongKey.update(Buffer.from(nodeSays['aes-256-cbc'], 'base64'));
  throws(() => wrongKey.final(), { code: 'ERR_OSSL_BAD_DECRYPT', message: 'error:1C800064:Provider routines::bad decrypt' });
  const cut = crypto.createDecipheriv('aes-256-cbc', blockKey, blockIv);
  cut.update(Buffer.alloc(15, 1));
  throws(() => cut.final(), { code: 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH' });
  throws(() => crypto.createCipheriv('aes-128-cbc', blockKey, blockIv), { name: 'RangeError', code: 'ERR_CRYPTO_INVALID_KEYLEN' });
  throws(() => crypto.createCipheriv('aes-128-cbc', sized('aes-128-cbc'), blockIv.subarray(0, 8)), { name: 'TypeError', code: 'ERR_CRYPTO_INVALID_IV' });
  const noTags = crypto.createCipheriv('aes-128-ctr', sized('aes-128-ctr'), blockIv);
  throws(() => noTags.setAAD(Buffer.from('x')), { code: 'ERR_CRYPTO_INVALID_STATE' });
  throws(() => noTags.getAuthTag(), { code: 'ERR_CRYPTO_INVALID_STATE' });
  ok(crypto.getCiphers().includes('aes-256-cbc'));
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
