// test-crypto.js: node:crypto's hashes, HMACs and randomness, and the global crypto (Web
// Crypto's getRandomValues, randomUUID, subtle.digest), with Node's results and error codes.
// The digests below were computed by Node.js; the same file passes under Node.js.

import crypto, { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

const fox = 'The quick brown fox jumps over the lazy dog';
const digests = {
  md5: '9e107d9d372bb6826bd81d3542a419d6',
  sha1: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
  sha256: 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
  sha384: 'ca737f1014a48f4c0b6dd43cb177b0afd9e5169367544c494011e3317dbf9a509cb1e5dc1e85a941bbee3d7f2afbc9b1',
  sha512: '07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb642e93a252a954f23912547d1e8a3b5ed6e1bfd7097821233fa0538f3db854fee6',
};
for (const [alg, hex] of Object.entries(digests)) {
  assert.strictEqual(createHash(alg).update(fox).digest('hex'), hex, alg);
  // Fed in pieces, as strings and bytes, and named in capitals: the same digest.
  const h = createHash(alg.toUpperCase());
  for (const piece of fox.split(' ')) h.update(piece === 'The' ? piece : ` ${piece}`);
  assert.strictEqual(h.digest().toString('hex'), hex, `${alg} in pieces`);
  assert.strictEqual(crypto.hash(alg, Buffer.from(fox)), hex, `${alg} one-shot`);
}
assert.strictEqual(createHash('sha256').update('').digest('base64'), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
assert.strictEqual(createHash('sha256').update('616263', 'hex').digest('base64url'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
// A long input crosses many blocks: a million 'a's (published vector).
const million = createHash('sha256');
const chunk = 'a'.repeat(1000);
for (let i = 0; i < 1000; i++) million.update(chunk);
assert.strictEqual(million.digest('hex'), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');

// copy() forks a running digest.
const base = createHash('sha1').update('abc');
const fork = base.copy().update('def');
assert.strictEqual(base.digest('hex'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
assert.strictEqual(fork.digest('hex'), createHash('sha1').update('abcdef').digest('hex'));

// HMAC, as a webhook check would compute it (RFC 4231 test case 2 for sha256).
assert.strictEqual(createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex'),
  '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
assert.strictEqual(createHmac('sha1', Buffer.from('key')).update(fox).digest('hex'),
  'de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9');
assert.strictEqual(createHmac('md5', new Uint8Array([107, 101, 121])).update(fox).digest('hex'),
  '80070713463e7749b90c2dc24911e275');
assert.strictEqual(createHmac('sha512', 'k'.repeat(200)).update('data').digest('hex'),
  '854e242c54ce5f31621a1f809881b3439c0a77fd594dc546b9b3a957cf6f7b5475a1302be9fde1ece18531982eaa2141907c8b2fbd8bec2e5b19b8312ace3f2b');

// Errors, with Node's codes.
const finished = createHash('sha256');
finished.digest();
assert.throws(() => finished.digest(), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
assert.throws(() => finished.update('x'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
assert.throws(() => createHash('sha256').update(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => createHash('whirlpool-9'), { message: 'Digest method not supported' });
assert.throws(() => createHmac('sha256'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => randomBytes(-1), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => randomBytes('1'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => randomInt(5, 3), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => timingSafeEqual(Buffer.from('a'), Buffer.from('ab')), { code: 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH' });
assert.throws(() => crypto.getRandomValues(new Float32Array(2)), { name: 'TypeMismatchError' });
assert.throws(() => crypto.getRandomValues(new Uint8Array(65537)), { name: 'QuotaExceededError' });

assert.strictEqual(timingSafeEqual(Buffer.from('secret'), Buffer.from('secret')), true);
assert.strictEqual(timingSafeEqual(Buffer.from('secret'), Buffer.from('secreT')), false);

// Randomness: sizes, spread, UUID shape, ranges.
const a = randomBytes(32);
const b = randomBytes(32);
assert.strictEqual(a.length, 32);
assert.ok(Buffer.isBuffer(a));
assert.notDeepStrictEqual(a, b);
const big = randomBytes(65536);
const seen = new Set(big);
assert.ok(seen.size > 250, `only ${seen.size} distinct byte values in 64 KiB`);
const uuids = new Set();
for (let i = 0; i < 1000; i++) {
  const u = randomUUID();
  assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  uuids.add(u);
}
assert.strictEqual(uuids.size, 1000);
const counts = [0, 0, 0];
for (let i = 0; i < 3000; i++) {
  const n = randomInt(10, 13);
  assert.ok(n >= 10 && n < 13 && Number.isInteger(n), String(n));
  counts[n - 10]++;
}
assert.ok(counts.every((c) => c > 800), `uneven draws: ${counts}`);
randomInt(3, mustCall((err, n) => { assert.strictEqual(err, undefined); assert.ok(n >= 0 && n < 3); }));
randomBytes(8, mustCall((err, buf) => { assert.strictEqual(err, null); assert.strictEqual(buf.length, 8); }));
const filled = crypto.randomFillSync(new Uint32Array(4));
assert.ok(filled.some((x) => x !== 0));

// The global crypto is Web Crypto.
assert.strictEqual(globalThis.crypto, crypto.webcrypto);
const values = globalThis.crypto.getRandomValues(new Uint16Array(8));
assert.strictEqual(values.length, 8);
assert.match(globalThis.crypto.randomUUID(), /^[0-9a-f-]{36}$/);
globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc')).then(mustCall((buf) => {
  assert.ok(buf instanceof ArrayBuffer);
  assert.strictEqual(Buffer.from(buf).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
}));
globalThis.crypto.subtle.digest('MD5', new Uint8Array(1)).catch(mustCall((e) => {
  assert.strictEqual(e.name, 'NotSupportedError');
}));

// Primes: checkPrime on known primes and composites (a Carmichael number among them),
// generatePrime with its sizes, safe primes and residues, and the argument errors.
{
  const c = await import('node:crypto');
  assert.strictEqual(c.checkPrimeSync(2n ** 127n - 1n), true);
  assert.strictEqual(c.checkPrimeSync(2n ** 521n - 1n), true);
  assert.strictEqual(c.checkPrimeSync(561n), false);
  assert.strictEqual(c.checkPrimeSync(1000000007n * 998244353n), false);
  assert.strictEqual(c.checkPrimeSync(Buffer.from([0x0b])), true);
  assert.strictEqual(c.checkPrimeSync(1n), false);
  assert.throws(() => c.checkPrimeSync(-7n), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => c.checkPrimeSync('7'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  const p = c.generatePrimeSync(64, { bigint: true });
  assert.strictEqual(p.toString(2).length, 64);
  assert.strictEqual(p.toString(2).slice(0, 2), '11');
  assert.strictEqual(c.checkPrimeSync(p), true);
  assert.strictEqual(c.generatePrimeSync(40).byteLength, 5);
  const safe = c.generatePrimeSync(32, { safe: true, bigint: true });
  assert.strictEqual(c.checkPrimeSync((safe - 1n) / 2n), true);
  assert.strictEqual(c.generatePrimeSync(32, { add: 12n, rem: 11n, bigint: true }) % 12n, 11n);
  assert.strictEqual(c.generatePrimeSync(3, { bigint: true }), 7n);
  assert.throws(() => c.generatePrimeSync(0), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => c.generatePrimeSync(16, { add: 10n, rem: 10n }), { message: 'invalid options.rem' });
  const viaCallback = await new Promise((resolve) => c.generatePrime(24, { bigint: true }, (e, v) => resolve(v)));
  assert.strictEqual(c.checkPrimeSync(viaCallback), true);
  assert.strictEqual(await new Promise((resolve) => c.checkPrime(13n, (e, r) => resolve(r))), true);
  assert.strictEqual(c.getFips(), 0);
}
