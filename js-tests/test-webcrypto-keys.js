// test-webcrypto-keys.js: Web Crypto's asymmetric keys and AES, checked against what Node.js
// gives: RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA and Ed25519 keys imported as spki, pkcs8, jwk and
// raw (the test keys of js-tests/fixtures/keys), signatures equal to or verified against
// Node's, keys exported back, generated key pairs; AES-GCM, AES-CBC and AES-CTR ciphertexts
// equal to Node's, tampering refused, and the DOMExceptions for misuse. Passes under Node too.

import assert from 'node:assert';
import nodeCrypto from 'node:crypto';
import fs from 'node:fs';

const { strictEqual, deepStrictEqual, ok, rejects } = assert;
const { subtle } = globalThis.crypto;
const dir = 'js-tests/fixtures/keys';
const expected = JSON.parse(fs.readFileSync(`${dir}/expected.json`, 'utf8'));
const message = new TextEncoder().encode(expected.message);
const sig = (name) => Buffer.from(expected.signatures[name], 'base64');
const hex = (b) => Buffer.from(b).toString('hex');
// The spec's InvalidAccessError; Node 20 names it InvalidAccessException.
const invalidAccess = (e) => /^InvalidAccess(Error|Exception)$/.test(e.name);
// The DER of the fixture keys, taken apart with node:crypto (checked by test-crypto-sign.js).
const pkcs8 = (name) => nodeCrypto.createPrivateKey(fs.readFileSync(`${dir}/${expected.keys[name].file}`)).export({ type: 'pkcs8', format: 'der' });
const spki = (name) => nodeCrypto.createPublicKey(expected.keys[name].spki).export({ type: 'spki', format: 'der' });

// RSASSA-PKCS1-v1_5: the same signature as Node's; the public key verifies it.
{
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const privateKey = await subtle.importKey('pkcs8', pkcs8('rsa'), alg, true, ['sign']);
  strictEqual(privateKey.type, 'private');
  strictEqual(privateKey.algorithm.modulusLength, 2048);
  deepStrictEqual([...privateKey.algorithm.publicExponent], [1, 0, 1]);
  strictEqual(privateKey.algorithm.hash.name, 'SHA-256');
  strictEqual(hex(await subtle.sign(alg, privateKey, message)), hex(sig('rsaSha256')));
  const publicKey = await subtle.importKey('spki', spki('rsa'), alg, true, ['verify']);
  ok(await subtle.verify(alg, publicKey, sig('rsaSha256'), message));
  ok(!(await subtle.verify(alg, publicKey, sig('rsaSha256'), new TextEncoder().encode('other'))));
  const jwk = await subtle.exportKey('jwk', publicKey);
  deepStrictEqual(jwk, { ...expected.keys.rsa.publicJwk, alg: 'RS256', key_ops: ['verify'], ext: true });
  strictEqual(hex(await subtle.exportKey('spki', publicKey)), hex(spki('rsa')));
  strictEqual(hex(await subtle.exportKey('pkcs8', privateKey)), hex(pkcs8('rsa')));
  const fromJwk = await subtle.importKey('jwk', expected.keys.rsa.privateJwk, alg, false, ['sign']);
  strictEqual(hex(await subtle.sign(alg, fromJwk, message)), hex(sig('rsaSha256')));
  await rejects(subtle.exportKey('jwk', fromJwk), invalidAccess);
  await rejects(subtle.sign(alg, publicKey, message), invalidAccess);
}

// RSA-PSS with the digest's salt length: Node's signature verifies, ours verifies.
{
  const publicKey = await subtle.importKey('spki', spki('rsa'), { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
  ok(await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, publicKey, sig('rsaPssSha256'), message));
  const privateKey = await subtle.importKey('jwk', expected.keys.rsa.privateJwk, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
  const ours = await subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, privateKey, message);
  ok(await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, publicKey, ours, message));
}

// ECDSA: Node's r||s signatures verify; ours verify; raw public keys both ways.
{
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  const publicKey = await subtle.importKey('spki', spki('ec256'), alg, true, ['verify']);
  strictEqual(publicKey.algorithm.namedCurve, 'P-256');
  ok(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, sig('ec256Sha256P1363'), message));
  const bent = sig('ec256Sha256P1363');
  bent[5] ^= 1;
  ok(!(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, bent, message)));
  const raw = new Uint8Array(await subtle.exportKey('raw', publicKey));
  strictEqual(raw.length, 65);
  strictEqual(raw[0], 4);
  const again = await subtle.importKey('raw', raw, alg, true, ['verify']);
  deepStrictEqual(await subtle.exportKey('jwk', again), { ...expected.keys.ec256.publicJwk, key_ops: ['verify'], ext: true });
  const privateKey = await subtle.importKey('pkcs8', pkcs8('ec256'), alg, false, ['sign']);
  const ours = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, message);
  strictEqual(ours.byteLength, 64);
  ok(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, again, ours, message));
  // P-384 with SHA-384: Node's DER signature, converted to r||s by node:crypto's verify path.
  const p384 = await subtle.importKey('jwk', expected.keys.ec384.publicJwk, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['verify']);
  const p384Private = await subtle.importKey('jwk', expected.keys.ec384.privateJwk, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign']);
  const s384 = await subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, p384Private, message);
  strictEqual(s384.byteLength, 96);
  ok(await subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, p384, s384, message));
  ok(nodeCrypto.verify('sha384', message, { key: expected.keys.ec384.spki, dsaEncoding: 'ieee-p1363' }, Buffer.from(s384)));
  await rejects(subtle.importKey('spki', spki('ec256'), { name: 'ECDSA', namedCurve: 'P-384' }, false, ['verify']), { name: 'DataError' });
  await rejects(subtle.importKey('spki', spki('rsa'), alg, false, ['verify']), { name: 'DataError' });
}

// Ed25519: the same signature as Node's.
{
  const privateKey = await subtle.importKey('pkcs8', pkcs8('ed25519'), 'Ed25519', false, ['sign']);
  strictEqual(hex(await subtle.sign('Ed25519', privateKey, message)), hex(sig('ed25519')));
  const publicKey = await subtle.importKey('raw', Buffer.from(expected.keys.ed25519.publicJwk.x, 'base64url'), 'Ed25519', true, ['verify']);
  ok(await subtle.verify('Ed25519', publicKey, sig('ed25519'), message));
  deepStrictEqual(await subtle.exportKey('jwk', publicKey), { ...expected.keys.ed25519.publicJwk, alg: 'Ed25519', key_ops: ['verify'], ext: true });
  await rejects(subtle.importKey('raw', Buffer.alloc(32), 'Ed25519', false, ['sign']), { name: 'SyntaxError' });
}

// Generated pairs: the public key is always extractable.
for (const alg of [{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'Ed25519' }]) {
  const { publicKey, privateKey } = await subtle.generateKey(alg, false, ['sign', 'verify']);
  strictEqual(publicKey.extractable, true);
  strictEqual(privateKey.extractable, false);
  deepStrictEqual(publicKey.usages, ['verify']);
  deepStrictEqual(privateKey.usages, ['sign']);
  const params = alg.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : alg;
  const s = await subtle.sign(params, privateKey, message);
  ok(await subtle.verify(params, publicKey, s, message));
  const spkiBytes = await subtle.exportKey('spki', publicKey);
  ok(nodeCrypto.verify(alg.name === 'ECDSA' ? 'sha256' : null, message,
    { key: Buffer.from(spkiBytes), format: 'der', type: 'spki', dsaEncoding: 'ieee-p1363' }, Buffer.from(s)));
}

// AES: Node's ciphertexts for the same key, IV and text; tampering and misuse refused.
{
  const key = new Uint8Array(32).fill(7);
  const text = new TextEncoder().encode('web crypto, the quick brown fox jumps over the lazy dog');
  const cases = [
    ['AES-GCM', { iv: new Uint8Array(12).fill(1), additionalData: new TextEncoder().encode('header') },
      '0184eb97f3cd957ea5bbf001045f1511d98e7d9773b7596137462d4200db4e9ba8c765c0ef33eaf63b00687fa91bcef5ef61902239d1985cf27ec5eb4c6176d93806e985070266'],
    ['AES-CBC', { iv: new Uint8Array(16).fill(3) },
      '1332812287c5dbd8b4196b9d43d5c637482857a0a28a32a0189a759e68e0ebb86542b44eac9543d8f81328538ced4695147de9230b2210ebae10305c1e9e9682'],
    ['AES-CTR', { counter: new Uint8Array(16).fill(3), length: 64 },
      '0be912bc7fc3e4a3d9e7db1e75003367cd1552548f4f30b33ef8a6a956a2741bd5e2ed9f4067d723e89c6c34d144d6e90132282b2c3cba'],
  ];
  for (const [name, params, want] of cases) {
    const k = await subtle.importKey('raw', key, name, true, ['encrypt', 'decrypt']);
    strictEqual(k.algorithm.length, 256);
    const sealed = await subtle.encrypt({ name, ...params }, k, text);
    strictEqual(hex(sealed), want, name);
    deepStrictEqual(new Uint8Array(await subtle.decrypt({ name, ...params }, k, sealed)), text);
    deepStrictEqual(await subtle.exportKey('jwk', k), {
      key_ops: ['encrypt', 'decrypt'], ext: true, kty: 'oct', k: Buffer.from(key).toString('base64url'), alg: `A256${name.slice(4)}`,
    });
    if (name !== 'AES-CTR') {
      const bent = new Uint8Array(sealed);
      bent[bent.length - 1] ^= 1;
      await rejects(subtle.decrypt({ name, ...params }, k, bent), { name: 'OperationError' });
    }
  }
  const k128 = await subtle.importKey('raw', key.subarray(0, 16), 'AES-GCM', false, ['encrypt']);
  strictEqual(hex(await subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12).fill(1) }, k128, text)),
    'd667aec8e9c68b195c3784dbada7451a28dfe0d7e189632e489f1f4d2f641943fd1f96e64567bf84fb2cb3f150e7e4edac3c9d887d907bd4509ec87c8f7bcae75cdde4f6f85b76');
  await rejects(subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, k128, new Uint8Array(32)), invalidAccess);
  const generated = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  strictEqual((await subtle.exportKey('raw', generated)).byteLength, 32);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const round = await subtle.decrypt({ name: 'AES-GCM', iv }, generated, await subtle.encrypt({ name: 'AES-GCM', iv }, generated, text));
  deepStrictEqual(new Uint8Array(round), text);
  await rejects(subtle.importKey('raw', new Uint8Array(10), 'AES-GCM', false, ['encrypt']), { name: 'DataError' });
  await rejects(subtle.importKey('raw', key, 'AES-GCM', false, ['sign']), { name: 'SyntaxError' });
}

if (process.versions.wasmedge_quickjs) {
  await rejects(subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign']), { name: 'NotSupportedError' });
}
// Key wrapping: AES-KW (RFC 3394's vector), and AES-GCM around a JWK and a PKCS#8 key.
{
  const fromHex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
  const kek = await subtle.importKey('raw', fromHex('000102030405060708090a0b0c0d0e0f'), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
  const key = await subtle.importKey('raw', fromHex('00112233445566778899aabbccddeeff'), 'AES-GCM', true, ['encrypt', 'decrypt']);
  const wrapped = await subtle.wrapKey('raw', key, kek, 'AES-KW');
  strictEqual(Buffer.from(wrapped).toString('hex'), '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5');
  const back = await subtle.unwrapKey('raw', wrapped, kek, 'AES-KW', 'AES-GCM', true, ['encrypt']);
  strictEqual(Buffer.from(await subtle.exportKey('raw', back)).toString('hex'), '00112233445566778899aabbccddeeff');
  const bent = new Uint8Array(wrapped);
  bent[3] ^= 1;
  await rejects(subtle.unwrapKey('raw', bent, kek, 'AES-KW', 'AES-GCM', true, ['encrypt']), { name: 'OperationError' });
  await rejects(subtle.encrypt({ name: 'AES-KW' }, kek, new Uint8Array(16)), { name: 'NotSupportedError' });
  const kw = await subtle.generateKey({ name: 'AES-KW', length: 256 }, true, ['wrapKey', 'unwrapKey']);
  strictEqual((await subtle.exportKey('jwk', kw)).alg, 'A256KW');

  const gcm = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
  const iv = new Uint8Array(12).fill(7);
  const asJwk = await subtle.wrapKey('jwk', key, gcm, { name: 'AES-GCM', iv });
  const fromJwk = await subtle.unwrapKey('jwk', asJwk, gcm, { name: 'AES-GCM', iv }, 'AES-GCM', true, ['encrypt']);
  strictEqual(Buffer.from(await subtle.exportKey('raw', fromJwk)).toString('hex'), '00112233445566778899aabbccddeeff');
  const ecdsa = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const sealed = await subtle.wrapKey('pkcs8', ecdsa.privateKey, gcm, { name: 'AES-GCM', iv });
  const opened = await subtle.unwrapKey('pkcs8', sealed, gcm, { name: 'AES-GCM', iv }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const signature = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, opened, message);
  ok(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecdsa.publicKey, signature, message));
}
console.log('webcrypto keys ok');
