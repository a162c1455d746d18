// node:crypto (random bytes, integers and UUIDs; hashes and HMACs: md5, sha1, sha256, sha384,
// sha512; PBKDF2, HKDF and scrypt; AES-GCM, ChaCha20-Poly1305, AES-CBC and AES-CTR ciphers;
// RSA, ECDSA and Ed25519 keys and signatures; timingSafeEqual) and the global `crypto` (Web
// Crypto's getRandomValues, randomUUID, and subtle: digest; HMAC, RSA, ECDSA and Ed25519 keys,
// sign and verify; AES-GCM, AES-CBC and AES-CTR encrypt and decrypt; PBKDF2 and HKDF
// deriveBits/deriveKey). The digests run natively (src/native/digest.rs); random bytes come
// from /dev/urandom or a DRBG over the host's random_get (tls::fill_random).

import native from 'internal:native';
import { provide } from 'internal:lazy';
import { Buffer } from 'node:buffer';
import { codedError, invalidArgType, outOfRange, validateFunction, DOMException } from 'internal:errors';

const HASHES = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];
const MAX_SIZE = 2 ** 31 - 1;

/// The bytes of `data` (a string in `encoding`, or any ArrayBufferView) as a Uint8Array.
function bytesOf(data, encoding, name) {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgType(name, 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

function encoded(bytes, encoding) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding === undefined || encoding === 'buffer' ? buf : buf.toString(encoding);
}

function createNative(algorithm, key) {
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm);
  // The native side refuses unknown algorithms and use after digest() with Node's errors.
  return key === undefined ? native.hashCreate(algorithm) : native.hmacCreate(algorithm, key);
}

/// What Hash and Hmac share: a running native digest fed by update() and read by digest().
class Digester {
  #digest;

  constructor(running) { this.#digest = running; }

  update(data, inputEncoding) {
    native.digestUpdate(this.#digest, bytesOf(data, inputEncoding, 'data'));
    return this;
  }

  digest(outputEncoding) {
    return encoded(native.digestFinish(this.#digest), outputEncoding);
  }

  _copyRunning() { return native.digestCopy(this.#digest); }
}

const kCopy = Symbol('copy');

export class Hash extends Digester {
  constructor(algorithm, options) {
    // `copy()` hands over a native digest already running.
    super(options === kCopy ? algorithm : createNative(algorithm));
  }

  copy() {
    return new Hash(this._copyRunning(), kCopy);
  }
}

function hmacKey(key) {
  if (typeof key === 'string') return Buffer.from(key);
  if (key instanceof KeyObject && key.type === 'secret') return key.export();
  if (key instanceof ArrayBuffer) return new Uint8Array(key);
  if (ArrayBuffer.isView(key)) return new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
  throw invalidArgType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', key);
}

export class Hmac extends Digester {
  constructor(hmac, key) {
    super(createNative(hmac, hmacKey(key)));
  }
}

export function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

export function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

/// One-shot digest (Node's crypto.hash): hex unless another output encoding is given.
export function hash(algorithm, data, outputEncoding = 'hex') {
  const h = new Hash(algorithm);
  h.update(bytesOf(data, 'utf8', 'data'));
  return h.digest(outputEncoding);
}

export function getHashes() {
  return HASHES.slice();
}

// --- Key derivation --------------------------------------------------------------------------

const DIGEST_LENGTHS = { md5: 16, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

function keyMaterial(value, name) {
  if (typeof value === 'string') return Buffer.from(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw invalidArgType(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
}

function validateInt32(value, name, min) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > 2147483647) throw outOfRange(name, `>= ${min} && <= 2147483647`, value);
}

function digestName(digest) {
  if (typeof digest !== 'string') throw invalidArgType('digest', 'of type string', digest);
  const name = digest.toLowerCase().replace(/^sha-/, 'sha');
  if (!(name in DIGEST_LENGTHS)) throw codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  return name;
}

export function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  const p = keyMaterial(password, 'password');
  const s = keyMaterial(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  const bytes = native.pbkdf2(digestName(digest), p, s, iterations, keylen);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/// Node runs it on a worker thread; here it runs at once and calls back on a later turn.
export function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  validateFunction(callback, 'callback');
  const key = pbkdf2Sync(password, salt, iterations, keylen, digest);
  setTimeout(() => callback(null, key), 0);
}

function hkdfBytes(digest, ikm, salt, info, keylen) {
  const hashLen = DIGEST_LENGTHS[digest];
  const prk = native.digestFinish(feed(native.hmacCreate(digest, salt), ikm));
  const out = new Uint8Array(keylen);
  let previous = new Uint8Array(0);
  for (let at = 0, i = 1; at < keylen; i++) {
    const mac = native.hmacCreate(digest, prk);
    feed(mac, previous);
    feed(mac, info);
    feed(mac, new Uint8Array([i]));
    previous = native.digestFinish(mac);
    out.set(previous.subarray(0, Math.min(hashLen, keylen - at)), at);
    at += hashLen;
  }
  return out;
}

function feed(mac, bytes) {
  native.digestUpdate(mac, bytes);
  return mac;
}

export function hkdfSync(digest, ikm, salt, info, keylen) {
  const name = digestName(digest);
  const k = keyMaterial(ikm, 'ikm');
  const s = keyMaterial(salt, 'salt');
  const i = keyMaterial(info, 'info');
  validateInt32(keylen, 'length', 0);
  if (i.byteLength > 1024) throw outOfRange('info', 'must not contain more than 1024 bytes', i.byteLength);
  if (keylen > 255 * DIGEST_LENGTHS[name]) throw codedError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
  return hkdfBytes(name, k, s, i, keylen).buffer;
}

export function hkdf(digest, ikm, salt, info, keylen, callback) {
  validateFunction(callback, 'callback');
  const key = hkdfSync(digest, ikm, salt, info, keylen);
  setTimeout(() => callback(null, key), 0);
}

/// scrypt's parameters from Node's options (N/cost, r/blockSize, p/parallelization, maxmem).
function scryptParams(options) {
  const o = options || {};
  const pick = (a, b, fallback) => (o[a] !== undefined ? o[a] : o[b] !== undefined ? o[b] : fallback);
  const N = pick('N', 'cost', 16384);
  const r = pick('r', 'blockSize', 8);
  const p = pick('p', 'parallelization', 1);
  const maxmem = o.maxmem === undefined ? 32 * 1024 * 1024 : o.maxmem;
  const invalid = (why) => codedError(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', `Invalid scrypt params${why ? `: ${why}` : ''}`);
  for (const v of [N, r, p]) {
    if (!Number.isInteger(v) || v < 1 || v > 2 ** 32 - 1) throw invalid();
  }
  if (N < 2 || (N & (N - 1)) !== 0 || r * p >= 2 ** 30) throw invalid();
  // What OpenSSL counts: the p blocks and the N-entry table (plus two entries of scratch).
  if (128 * r * p + 128 * r * (N + 2) > maxmem) throw invalid('memory limit exceeded');
  return [N, r, p];
}

export function scryptSync(password, salt, keylen, options) {
  const pw = keyMaterial(password, 'password');
  const s = keyMaterial(salt, 'salt');
  validateInt32(keylen, 'keylen', 0);
  const [N, r, p] = scryptParams(options);
  const bytes = native.scrypt(pw, s, N, r, p, keylen);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  validateFunction(callback, 'callback');
  const key = scryptSync(password, salt, keylen, options);
  setTimeout(() => callback(null, key), 0);
}

// --- AEAD ciphers ----------------------------------------------------------------------------
// AES-GCM and ChaCha20-Poly1305 (ring, natively) with 12-byte IVs and 16-byte tags. The
// message is sealed or opened whole when final() is called: update() keeps the input and
// returns nothing, so update()+final() give what Node gives, all in final().
// AES-CBC (PKCS#7 padding unless setAutoPadding(false)) and AES-CTR stream instead
// (src/native/block.rs): update() returns what is ready, final() the rest.

const AEAD_CIPHERS = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'];
const BLOCK_CIPHERS = ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc', 'aes-128-ctr', 'aes-192-ctr', 'aes-256-ctr', 'aes128', 'aes192', 'aes256'];
const CIPHERS = [...AEAD_CIPHERS, ...BLOCK_CIPHERS];

class AeadCipher {
  #name; #key; #iv; #decrypt; #parts = []; #aad = new Uint8Array(0); #tag = null; #done = false;
  #block = null; #carry = null; #outputEncoding;

  constructor(name, key, iv, options, decrypt) {
    if (typeof name !== 'string') throw invalidArgType('cipher', 'of type string', name);
    const cipher = name.toLowerCase();
    if (!CIPHERS.includes(cipher)) {
      throw codedError(TypeError, 'ERR_CRYPTO_UNKNOWN_CIPHER', `Unknown cipher: ${name} (this runtime has ${CIPHERS.join(', ')})`);
    }
    this.#name = cipher;
    this.#decrypt = decrypt;
    if (BLOCK_CIPHERS.includes(cipher)) {
      const secret = key instanceof KeyObject && key.type === 'secret' ? key.export() : key;
      this.#block = native.blockCipherCreate(cipher, keyMaterial(secret, 'key'), keyMaterial(iv, 'iv'), decrypt);
      return;
    }
    const tagLength = options && options.authTagLength;
    if (tagLength !== undefined && tagLength !== 16) {
      throw codedError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${tagLength}`);
    }
    this.#key = keyMaterial(key instanceof KeyObject && key.type === 'secret' ? key.export() : key, 'key');
    this.#iv = keyMaterial(iv, 'iv');
    // Checks the key and IV lengths now, as Node does.
    native.aeadSeal(cipher, this.#key, this.#iv, this.#aad, new Uint8Array(0));
  }

  #notDone(operation) {
    if (this.#done) throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', `Invalid state for operation ${operation}`);
  }

  /// Output bytes in `encoding`. Base64 output carries the bytes short of a 3-byte group to
  /// the next call, as Node's string decoder does, so the pieces join into one base64 text.
  #out(bytes, encoding, last) {
    if (encoding === undefined || encoding === 'buffer') return encoded(bytes, encoding);
    if (this.#outputEncoding !== undefined && this.#outputEncoding !== encoding) {
      throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', `Cannot change encoding from ${this.#outputEncoding} to ${encoding}`);
    }
    this.#outputEncoding = encoding;
    if (encoding !== 'base64' && encoding !== 'base64url') return encoded(bytes, encoding);
    let all = this.#carry ? Buffer.concat([this.#carry, bytes]) : Buffer.from(bytes);
    const whole = last ? all.length : all.length - (all.length % 3);
    this.#carry = whole < all.length ? all.subarray(whole) : null;
    return all.subarray(0, whole).toString(encoding);
  }

  update(data, inputEncoding, outputEncoding) {
    this.#notDone('update');
    const bytes = bytesOf(data, inputEncoding, 'data');
    if (this.#block) return this.#out(native.blockCipherUpdate(this.#block, bytes), outputEncoding, false);
    this.#parts.push(bytes.slice());
    return this.#out(new Uint8Array(0), outputEncoding, false);
  }

  final(outputEncoding) {
    this.#notDone('final');
    this.#done = true;
    if (this.#block) return this.#out(native.blockCipherFinal(this.#block), outputEncoding, true);
    const input = Buffer.concat(this.#parts);
    this.#parts = [];
    if (this.#decrypt) {
      if (this.#tag === null) throw new Error('Unsupported state or unable to authenticate data');
      return this.#out(native.aeadOpen(this.#name, this.#key, this.#iv, this.#aad, input, this.#tag), outputEncoding, true);
    }
    const [sealed, tag] = native.aeadSeal(this.#name, this.#key, this.#iv, this.#aad, input);
    this.#tag = tag;
    return this.#out(sealed, outputEncoding, true);
  }

  setAAD(buffer) {
    this.#notDone('setAAD');
    if (this.#block) throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation setAAD');
    this.#aad = bytesOf(buffer, undefined, 'buffer').slice();
    return this;
  }

  setAutoPadding(autoPadding = true) {
    this.#notDone('setAutoPadding');
    if (this.#block) native.blockCipherSetPadding(this.#block, autoPadding !== false);
    return this;
  }

  _tag() { return this.#block ? null : this.#tag; }
  _setTag(tag) {
    if (this.#block) throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation setAuthTag');
    this.#tag = tag;
  }
  _done() { return this.#done; }
}

export class Cipheriv extends AeadCipher {
  constructor(cipher, key, iv, options) { super(cipher, key, iv, options, false); }

  getAuthTag() {
    const tag = this._tag();
    if (!this._done() || tag === null) throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation getAuthTag');
    return Buffer.from(tag);
  }
}

export class Decipheriv extends AeadCipher {
  constructor(cipher, key, iv, options) { super(cipher, key, iv, options, true); }

  setAuthTag(tag) {
    const bytes = bytesOf(tag, undefined, 'buffer');
    if (bytes.byteLength !== 16) throw codedError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${bytes.byteLength}`);
    this._setTag(bytes.slice());
    return this;
  }
}

export function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}

export function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

export function getCiphers() {
  return CIPHERS.slice();
}

// --- Asymmetric keys and signatures ----------------------------------------------------------
// RSA, ECDSA (P-256, P-384) and Ed25519 keys as KeyObjects, read from PEM, DER or JWK, and
// signatures made and checked by ring (src/native/pkey.rs). A key object holds DER: PKCS#8
// for a private key, SPKI for a public one; a secret key holds its bytes.

export const constants = Object.freeze({
  RSA_PKCS1_PADDING: 1,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
});

const KEYS = new WeakMap();
const kMakeKeyObject = Symbol('make');
const SIGN_DIGESTS = ['sha1', 'sha256', 'sha384', 'sha512'];

export class KeyObject {
  constructor(type, parts, token) {
    if (token !== kMakeKeyObject) throw codedError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    KEYS.set(this, { type, ...parts });
  }

  get type() { return KEYS.get(this).type; }
  get asymmetricKeyType() { return KEYS.get(this).kind; }
  get asymmetricKeyDetails() {
    const k = KEYS.get(this);
    return k.details === undefined ? undefined : { ...k.details };
  }
  get symmetricKeySize() {
    const k = KEYS.get(this);
    return k.bytes === undefined ? undefined : k.bytes.byteLength;
  }

  export(options) {
    const k = KEYS.get(this);
    if (k.type === 'secret') {
      if (options !== undefined && options.format === 'jwk') return { kty: 'oct', k: Buffer.from(k.bytes).toString('base64url') };
      return Buffer.from(k.bytes);
    }
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    if (options.format === 'jwk') return native.pkeyToJwk(k.der, k.type === 'private');
    const format = options.format === undefined ? 'pem' : options.format;
    if (format !== 'pem' && format !== 'der') {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.format' is invalid. Received ${inspectValue(options.format)}`);
    }
    if (typeof options.type !== 'string') {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.type' is invalid. Received ${inspectValue(options.type)}`);
    }
    let passphrase;
    if (options.cipher !== undefined) {
      if (typeof options.cipher !== 'string') throw invalidArgType('options.cipher', 'of type string', options.cipher);
      if (options.passphrase === undefined || options.passphrase === null) {
        throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.passphrase' is invalid. Received ${inspectValue(options.passphrase)}`);
      }
      passphrase = passphraseBytes(options.passphrase, 'options.passphrase');
      if (k.type !== 'private') {
        throw codedError(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', 'The selected key encoding spki does not support encryption.');
      }
    }
    const out = native.pkeyExport(k.der, k.type === 'private', options.type, format, options.cipher, passphrase);
    return format === 'der' ? Buffer.from(out.buffer, out.byteOffset, out.byteLength) : out;
  }

  equals(other) {
    if (!(other instanceof KeyObject)) throw invalidArgType('otherKeyObject', 'an instance of KeyObject', other);
    const a = KEYS.get(this);
    const b = KEYS.get(other);
    if (a.type !== b.type) return false;
    const x = a.bytes || a.der;
    const y = b.bytes || b.der;
    return x.byteLength === y.byteLength && timingSafeEqual(x, y);
  }

  get [Symbol.toStringTag]() { return 'KeyObject'; }
}

function inspectValue(v) { return typeof v === 'string' ? `'${v}'` : String(v); }

function asymmetricKey([kind, der, isPrivate, details]) {
  // Node gives RSA's public exponent as a BigInt.
  if (details.publicExponent !== undefined) details.publicExponent = BigInt(details.publicExponent);
  return new KeyObject(isPrivate ? 'private' : 'public', { kind, der, details }, kMakeKeyObject);
}

/// The bytes of a passphrase (a string, as UTF-8, or a buffer).
function passphraseBytes(value, name) {
  const bytes = keyBytes(value, 'utf8');
  if (bytes === null) throw invalidArgType(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
  return bytes;
}

/// The bytes of a key given as a string or buffer.
function keyBytes(value, encoding) {
  if (typeof value === 'string') return Buffer.from(value, encoding || 'utf8');
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/// A private (or, unless `isPrivate`, public) key from what Node's key functions accept: a
/// KeyObject, PEM text or bytes, or `{ key, format, type, encoding }` (`format: 'jwk'` with
/// a JWK object as `key`).
function importKey(input, isPrivate, name = 'key') {
  if (input instanceof KeyObject) {
    const k = KEYS.get(input);
    if (k.type === 'secret' || (isPrivate && k.type !== 'private')) {
      throw codedError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${k.type}, expected ${isPrivate ? 'private' : 'public'}.`);
    }
    if (isPrivate || k.type === 'public') return input;
    return asymmetricKey(native.pkeyPublic(k.der, true));
  }
  let options = {};
  let data = keyBytes(input);
  if (data === null) {
    if (input === null || typeof input !== 'object') {
      throw invalidArgType(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, or KeyObject', input);
    }
    options = input;
    if (options.key instanceof KeyObject) return importKey(options.key, isPrivate, name);
    if (options.format === 'jwk') {
      if (options.key === null || typeof options.key !== 'object') throw invalidArgType('key.key', 'of type object', options.key);
      const key = asymmetricKey(native.pkeyFromJwk(options.key, !isPrivate));
      return key;
    }
    data = keyBytes(options.key, options.encoding);
    if (data === null) {
      throw invalidArgType('key.key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', options.key);
    }
  }
  const format = options.format === undefined ? 'pem' : options.format;
  if (format !== 'pem' && format !== 'der') {
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'key.format' is invalid. Received ${inspectValue(options.format)}`);
  }
  if (format === 'der' && options.type === undefined) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', "The property 'key.type' is invalid. Received undefined");
  }
  const passphrase = options.passphrase === undefined || options.passphrase === null
    ? undefined : passphraseBytes(options.passphrase, 'key.passphrase');
  return asymmetricKey(native.pkeyImport(data, format, options.type, isPrivate, passphrase));
}

export function createPrivateKey(key) { return importKey(key, true); }
export function createPublicKey(key) { return importKey(key, false); }

export function createSecretKey(key, encoding) {
  const bytes = keyBytes(key, encoding);
  if (bytes === null) throw invalidArgType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', key);
  return new KeyObject('secret', { bytes: bytes.slice() }, kMakeKeyObject);
}

/// The digest named by a signature algorithm (`sha256`, `RSA-SHA256`, ...), checked.
function signDigest(algorithm) {
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm);
  const bare = algorithm.toLowerCase().replace(/^rsa-|withrsaencryption$/g, '').replace(/-/g, '');
  if (!SIGN_DIGESTS.includes(bare)) throw codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${algorithm}`);
  return bare;
}

/// The native flags for a key's options: RSA-PSS padding, ieee-p1363 ECDSA signatures.
function signFlags(options, digest, signing) {
  let flags = 0;
  if (options === null || typeof options !== 'object' || options instanceof KeyObject || ArrayBuffer.isView(options)) return 0;
  const { padding, saltLength, dsaEncoding } = options;
  if (padding !== undefined && padding !== constants.RSA_PKCS1_PADDING) {
    if (padding !== constants.RSA_PKCS1_PSS_PADDING) throw codedError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `RSA padding ${padding} is not supported (RSA_PKCS1_PADDING and RSA_PKCS1_PSS_PADDING are)`);
    flags |= 1;
    const digestLength = DIGEST_LENGTHS[digest];
    const fine = saltLength === undefined || saltLength === constants.RSA_PSS_SALTLEN_DIGEST || saltLength === digestLength
      || (!signing && saltLength === constants.RSA_PSS_SALTLEN_AUTO);
    if (!fine) throw codedError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `RSA-PSS salts of ${saltLength} bytes are not supported (only as long as the digest)`);
  }
  if (dsaEncoding !== undefined && dsaEncoding !== 'der') {
    if (dsaEncoding !== 'ieee-p1363') throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.dsaEncoding' is invalid. Received ${inspectValue(dsaEncoding)}`);
    flags |= 2;
  }
  return flags;
}

function signWith(digest, data, key) {
  const privateKey = importKey(key, true);
  const k = KEYS.get(privateKey);
  if (digest === undefined && k.kind !== 'ed25519') digest = 'sha256';
  const sig = native.pkeySign(k.der, digest, signFlags(key, digest, true), data);
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
}

function verifyWith(digest, data, key, signature) {
  const publicKey = importKey(key, false);
  const k = KEYS.get(publicKey);
  if (digest === undefined && k.kind !== 'ed25519') digest = 'sha256';
  return native.pkeyVerify(k.der, k.type === 'private', digest, signFlags(key, digest, false), data, signature);
}

/// Runs `work` and hands its result to `callback` on a later turn, or returns it.
function maybeLater(work, callback) {
  if (callback === undefined) return work();
  validateFunction(callback, 'callback');
  let result;
  let error = null;
  try { result = work(); } catch (err) { error = err; }
  setTimeout(() => (error ? callback(error) : callback(null, result)), 0);
  return undefined;
}

export function sign(algorithm, data, key, callback) {
  const digest = algorithm === null || algorithm === undefined ? undefined : signDigest(algorithm);
  const bytes = bytesOf(data, undefined, 'data');
  return maybeLater(() => signWith(digest, bytes, key), callback);
}

export function verify(algorithm, data, key, signature, callback) {
  const digest = algorithm === null || algorithm === undefined ? undefined : signDigest(algorithm);
  const bytes = bytesOf(data, undefined, 'data');
  const sig = bytesOf(signature, undefined, 'signature');
  return maybeLater(() => verifyWith(digest, bytes, key, sig), callback);
}

/// What Sign and Verify share: the algorithm and the data given to update() or write().
class SignatureStream {
  #digest; #parts = [];

  constructor(algorithm) { this.#digest = signDigest(algorithm); }

  update(data, inputEncoding) {
    this.#parts.push(bytesOf(data, inputEncoding, 'data').slice());
    return this;
  }

  write(data, encoding, callback) {
    if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    this.update(data, encoding);
    if (callback) queueMicrotask(callback);
    return true;
  }

  end(data, encoding, callback) {
    if (typeof data === 'function') { callback = data; data = undefined; }
    if (data !== undefined && data !== null) this.update(data, encoding);
    if (callback) queueMicrotask(callback);
    return this;
  }

  _digest() { return this.#digest; }
  _data() { return Buffer.concat(this.#parts); }
}

export class Sign extends SignatureStream {
  sign(privateKey, outputEncoding) {
    const sig = signWith(this._digest(), this._data(), privateKey);
    return outputEncoding === undefined || outputEncoding === 'buffer' ? sig : sig.toString(outputEncoding);
  }
}

export class Verify extends SignatureStream {
  verify(object, signature, signatureEncoding) {
    const sig = typeof signature === 'string' ? Buffer.from(signature, signatureEncoding || 'utf8') : bytesOf(signature, undefined, 'signature');
    return verifyWith(this._digest(), this._data(), object, sig);
  }
}

export function createSign(algorithm) { return new Sign(algorithm); }
export function createVerify(algorithm) { return new Verify(algorithm); }

const KEY_TYPES = ['rsa', 'rsa-pss', 'dsa', 'ec', 'ed25519', 'ed448', 'x25519', 'x448', 'dh'];

function generatePair(type, options) {
  if (typeof type !== 'string') throw invalidArgType('type', 'of type string', type);
  if (!KEY_TYPES.includes(type)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' must be a supported key type. Received '${type}'`);
  }
  let curve;
  if (type === 'ec') {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    if (typeof options.namedCurve !== 'string') throw invalidArgType('options.namedCurve', 'of type string', options.namedCurve);
    curve = options.namedCurve;
  }
  const privateKey = asymmetricKey(native.pkeyGenerate(type, curve));
  const publicKey = asymmetricKey(native.pkeyPublic(KEYS.get(privateKey).der, true));
  const encode = (key, encoding) => (encoding === undefined ? key : key.export(encoding));
  const opts = options || {};
  return [encode(publicKey, opts.publicKeyEncoding), encode(privateKey, opts.privateKeyEncoding)];
}

export function generateKeyPairSync(type, options) {
  const [publicKey, privateKey] = generatePair(type, options);
  return { publicKey, privateKey };
}

export function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  validateFunction(callback, 'callback');
  let pair;
  let error = null;
  try { pair = generatePair(type, options); } catch (err) { error = err; }
  setTimeout(() => (error ? callback(error) : callback(null, pair[0], pair[1])), 0);
}

// --- Key agreement ----------------------------------------------------------------------------

/// `crypto.diffieHellman({ privateKey, publicKey })`: the shared secret of two KeyObjects of
/// one type (X25519, or EC on P-256), as a Buffer (src/native/ecdh.rs).
export function diffieHellman(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const keyOf = (name) => {
    const key = options[name];
    if (!(key instanceof KeyObject)) {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.${name}' is invalid. Received ${inspectValue(key)}`);
    }
    const k = KEYS.get(key);
    if (k.type === 'secret') {
      throw codedError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', 'Invalid key object type secret, expected private or public.');
    }
    return k;
  };
  const mine = keyOf('privateKey');
  const theirs = keyOf('publicKey');
  if (mine.type !== 'private') {
    throw codedError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${mine.type}, expected private.`);
  }
  const secret = native.pkeyDerive(mine.der, theirs.der, theirs.type === 'private');
  return Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength);
}

const ECDH_FORMATS = ['uncompressed', 'compressed', 'hybrid'];

function ecdhFormat(format) {
  if (format === undefined || format === null) return 'uncompressed';
  if (!ECDH_FORMATS.includes(format)) throw codedError(TypeError, 'ERR_CRYPTO_ECDH_INVALID_FORMAT', `Invalid ECDH format: ${format}`);
  return format;
}

function ecdhOut(bytes, encoding) {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding && encoding !== 'buffer' ? b.toString(encoding) : b;
}

function ecdhIn(value, encoding, name) {
  const bytes = keyBytes(value, encoding);
  if (bytes === null) throw invalidArgType(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
  return bytes;
}

/// Elliptic-curve Diffie-Hellman on raw keys, as `crypto.createECDH(curve)` makes it: on
/// prime256v1 (P-256) or secp384r1 (P-384). Keys are the private scalar and the public point (uncompressed,
/// compressed or hybrid).
export class ECDH {
  #curve;
  #private = null;

  constructor(curve) {
    if (typeof curve !== 'string') throw invalidArgType('curve', 'of type string', curve);
    // Another name throws the right error (unknown, or known but not supported here).
    if (curve !== 'prime256v1' && curve !== 'secp384r1') native.ecdhGenerate(curve);
    this.#curve = curve;
  }

  generateKeys(encoding, format) {
    this.#private = native.ecdhGenerate(this.#curve);
    return this.getPublicKey(encoding, format);
  }

  computeSecret(otherPublicKey, inputEncoding, outputEncoding) {
    const peer = ecdhIn(otherPublicKey, inputEncoding, 'otherPublicKey');
    if (this.#private === null) throw codedError(RangeError, 'ERR_CRYPTO_INVALID_KEYPAIR', 'Invalid key pair');
    return ecdhOut(native.ecdhCompute(this.#curve, this.#private, peer), outputEncoding);
  }

  getPrivateKey(encoding) {
    if (this.#private === null) throw codedError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH private key');
    return ecdhOut(this.#private.slice(), encoding);
  }

  getPublicKey(encoding, format) {
    const form = ecdhFormat(format);
    if (this.#private === null) throw codedError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to get ECDH public key');
    return ecdhOut(native.ecdhPublic(this.#curve, this.#private, form), encoding);
  }

  setPrivateKey(privateKey, encoding) {
    const bytes = Uint8Array.from(ecdhIn(privateKey, encoding, 'privateKey'));
    native.ecdhPublic(this.#curve, bytes, 'uncompressed');
    this.#private = bytes;
    return this;
  }

  /// A public point in another form.
  static convertKey(key, curve, inputEncoding, outputEncoding, format) {
    if (typeof curve !== 'string') throw invalidArgType('curve', 'of type string', curve);
    const bytes = ecdhIn(key, inputEncoding, 'key');
    const form = ecdhFormat(format);
    let out;
    try {
      out = native.ecdhConvert(curve, bytes, form);
    } catch (e) {
      if (e.code !== 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY') throw e;
      throw codedError(Error, 'ERR_CRYPTO_OPERATION_FAILED', 'Failed to convert Buffer to EC_POINT');
    }
    return ecdhOut(out, outputEncoding);
  }
}

export function createECDH(curve) { return new ECDH(curve); }

/// `crypto.generateKeySync('hmac' | 'aes', { length })`: a new secret KeyObject.
export function generateKeySync(type, options) {
  if (typeof type !== 'string') throw invalidArgType('type', 'of type string', type);
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const length = options.length;
  if (typeof length !== 'number') throw invalidArgType('options.length', 'of type number', length);
  if (type === 'hmac') {
    if (!Number.isInteger(length) || length < 8 || length > 2 ** 31 - 1) throw outOfRange('options.length', '>= 8 && <= 2147483647', length);
  } else if (type === 'aes') {
    if (![128, 192, 256].includes(length)) {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.length' must be one of: 128, 192, 256. Received ${length}`);
    }
  } else {
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' must be a supported key type. Received '${type}'`);
  }
  return createSecretKey(randomBytes(Math.floor(length / 8)));
}

export function generateKey(type, options, callback) {
  validateFunction(callback, 'callback');
  let key;
  let error = null;
  try { key = generateKeySync(type, options); } catch (err) { error = err; }
  setTimeout(() => (error ? callback(error) : callback(null, key)), 0);
}

/// `crypto.getCipherInfo(name)`: the sizes of a cipher this runtime has, or undefined.
export function getCipherInfo(nameOrNid) {
  const name = String(nameOrNid).toLowerCase();
  const canonical = { aes128: 'aes-128-cbc', aes192: 'aes-192-cbc', aes256: 'aes-256-cbc' }[name] || name;
  if (!CIPHERS.includes(canonical)) return undefined;
  const m = /^aes-(\d+)-(\w+)$/.exec(canonical);
  if (m) {
    const mode = m[2];
    return { mode, name: canonical, keyLength: Number(m[1]) / 8, ivLength: mode === 'gcm' ? 12 : 16, blockSize: mode === 'cbc' ? 16 : 1 };
  }
  return { mode: 'stream', name: canonical, keyLength: 32, ivLength: 12, blockSize: 1 };
}

/// The deprecated alias of randomBytes.
export const pseudoRandomBytes = randomBytes;

/// The curves keys may be on here, for ECDH and ECDSA.
export function getCurves() { return ['prime256v1', 'secp384r1']; }

// --- X.509 certificates -----------------------------------------------------------------------

const X509 = new WeakMap();

/// The DER of a certificate given as PEM text or bytes, or as DER bytes.
function certificateDer(buffer) {
  const bytes = keyBytes(buffer);
  if (bytes === null) throw invalidArgType('buffer', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', buffer);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const pem = /-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----/.exec(text);
  return pem ? new Uint8Array(Buffer.from(pem[1].replace(/\s+/g, ''), 'base64')) : Uint8Array.from(bytes);
}

// An IP address in one spelling, for comparing IPv6 written with '::' or leading zeros.
function ipKey(ip) {
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::');
  const groups = (part) => (part ? part.split(':') : []);
  const fill = tail === undefined ? [] : Array(8 - groups(head).length - groups(tail).length).fill('0');
  return [...groups(head), ...fill, ...groups(tail === undefined ? '' : tail)]
    .map((g) => parseInt(g, 16).toString(16)).join(':');
}

/// An X.509 certificate, read as Node's crypto.X509Certificate reads it.
export class X509Certificate {
  constructor(buffer) {
    const der = certificateDer(buffer);
    X509.set(this, { der, info: native.x509Parse(der) });
  }

  static #names(pairs) { return pairs.map(([k, v]) => `${k}=${v}`).join('\n'); }

  get subject() { return X509Certificate.#names(X509.get(this).info.subject); }
  get issuer() { return X509Certificate.#names(X509.get(this).info.issuer); }
  get subjectAltName() { return X509.get(this).info.subjectaltname; }
  get validFrom() { return X509.get(this).info.valid_from; }
  get validTo() { return X509.get(this).info.valid_to; }
  get serialNumber() { return X509.get(this).info.serialNumber; }
  get fingerprint() { return X509.get(this).info.fingerprint; }
  get fingerprint256() { return X509.get(this).info.fingerprint256; }
  get fingerprint512() {
    return createHash('sha512').update(X509.get(this).der).digest('hex').toUpperCase().match(/../g).join(':');
  }
  get ca() { return X509.get(this).info.ca; }
  get raw() { return Buffer.from(X509.get(this).der); }
  get issuerCertificate() { return undefined; }
  get publicKey() { return asymmetricKey(native.pkeyImport(new Uint8Array(Buffer.from(this.toString())), 'pem', undefined, false)); }

  toString() {
    const body = Buffer.from(X509.get(this).der).toString('base64').match(/.{1,64}/g).join('\n');
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  }

  toJSON() { return this.toString(); }

  /// The certificate's name that `name` matches (its DNS names, ignoring case, a wildcard
  /// standing for one label; its subject's CN when it has no DNS name), else undefined.
  checkHost(name) {
    if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
    const wanted = name.toLowerCase();
    const info = X509.get(this).info;
    const dns = (info.subjectaltname || '').split(', ').filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4));
    const names = dns.length > 0 ? dns : info.subject.filter(([k]) => k === 'CN').map(([, v]) => v);
    const fits = (entry) => {
      const pattern = entry.toLowerCase();
      if (pattern === wanted) return true;
      const label = wanted.slice(0, wanted.length - pattern.length + 1);
      return pattern.startsWith('*.') && wanted.endsWith(pattern.slice(1)) && label !== '' && !label.includes('.');
    };
    const found = names.find(fits);
    if (found === undefined) return undefined;
    return found.startsWith('*.') ? wanted : found;
  }

  /// `ip` if the certificate is for that address, else undefined.
  checkIP(ip) {
    if (typeof ip !== 'string') throw invalidArgType('ip', 'of type string', ip);
    const ips = (X509.get(this).info.subjectaltname || '').split(', ')
      .filter((n) => n.startsWith('IP Address:')).map((n) => ipKey(n.slice(11).toLowerCase()));
    return ips.includes(ipKey(ip.toLowerCase())) ? ip : undefined;
  }

  /// Whether `otherCert` names this certificate's issuer as its subject.
  checkIssued(otherCert) {
    if (!(otherCert instanceof X509Certificate)) throw invalidArgType('otherCert', 'an instance of X509Certificate', otherCert);
    return this.issuer === otherCert.subject;
  }

  /// Whether `privateKey` is the private half of this certificate's key.
  checkPrivateKey(privateKey) {
    return this.publicKey.equals(importKey(privateKey, false));
  }

  /// Whether `publicKey` (the issuer's) signed this certificate.
  verify(publicKey) {
    const key = importKey(publicKey, false);
    return native.x509Verify(X509.get(this).der, KEYS.get(key).der);
  }

  get [Symbol.toStringTag]() { return 'X509Certificate'; }
}

// --- Randomness ------------------------------------------------------------------------------

function validateSize(size, name = 'size') {
  if (typeof size !== 'number') throw invalidArgType(name, 'of type number', size);
  if (!(size >= 0 && size <= MAX_SIZE)) throw outOfRange(name, `>= 0 && <= ${MAX_SIZE}`, size);
}

export function randomBytes(size, callback) {
  validateSize(size);
  if (callback !== undefined) validateFunction(callback, 'callback');
  const buf = Buffer.from(native.randomBytes(size).buffer);
  if (callback === undefined) return buf;
  process.nextTick(callback, null, buf);
  return undefined;
}

export function randomFillSync(buffer, offset = 0, size) {
  if (!ArrayBuffer.isView(buffer) && !(buffer instanceof ArrayBuffer)) {
    throw invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buffer);
  }
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer)
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  validateSize(offset, 'offset');
  if (offset > bytes.length) throw outOfRange('offset', `<= ${bytes.length}`, offset);
  if (size === undefined) size = bytes.length - offset;
  validateSize(size);
  if (offset + size > bytes.length) throw outOfRange('size + offset', `<= ${bytes.length}`, size + offset);
  bytes.set(native.randomBytes(size), offset);
  return buffer;
}

export function randomFill(buffer, offset, size, callback) {
  if (typeof offset === 'function') { callback = offset; offset = 0; size = undefined; }
  else if (typeof size === 'function') { callback = size; size = undefined; }
  validateFunction(callback, 'callback');
  randomFillSync(buffer, offset, size);
  process.nextTick(callback, null, buffer);
}

// Random bytes fetched from the host in batches: randomUUID and randomInt take a few at a time.
let pool = new Uint8Array(0);
let poolAt = 0;

function takeRandom(n) {
  if (poolAt + n > pool.length) {
    pool = native.randomBytes(4096);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function randomUUID(options) {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw invalidArgType('options', 'of type object', options);
  }
  const b = takeRandom(16);
  let s = '';
  for (let i = 0; i < 16; i++) {
    // Version 4 (random), variant 10xx (RFC 9562).
    const byte = i === 6 ? (b[i] & 0x0f) | 0x40 : i === 8 ? (b[i] & 0x3f) | 0x80 : b[i];
    s += HEX[byte];
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}

const RANDOM_INT_RANGE = 2 ** 48;

/// A uniformly distributed integer in [min, max), from 48-bit random draws with rejection.
export function randomInt(min, max, callback) {
  if (typeof max === 'function' || max === undefined) { callback = max; max = min; min = 0; }
  if (!Number.isSafeInteger(min)) throw invalidArgType('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw invalidArgType('max', 'a safe integer', max);
  if (max <= min) {
    throw outOfRange('max', `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  if (range > RANDOM_INT_RANGE) {
    throw outOfRange('max - min', `<= ${RANDOM_INT_RANGE}`, range);
  }
  if (callback !== undefined) validateFunction(callback, 'callback');
  // The largest multiple of `range` that 48 bits can hold: draws at or above it are retried.
  const limit = RANDOM_INT_RANGE - (RANDOM_INT_RANGE % range);
  let n;
  do {
    const b = takeRandom(6);
    n = ((b[0] * 256 + b[1]) * 256 + b[2]) * 16777216 + ((b[3] * 256 + b[4]) * 256 + b[5]);
  } while (n >= limit);
  const value = min + (n % range);
  if (callback === undefined) return value;
  // Node hands randomInt's callback no error as `undefined` (randomBytes': `null`).
  process.nextTick(callback, undefined, value);
  return undefined;
}

export function timingSafeEqual(a, b) {
  for (const [name, v] of [['buf1', a], ['buf2', b]]) {
    if (!ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer)) {
      throw invalidArgType(name, 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', v);
    }
  }
  const x = a instanceof ArrayBuffer ? new Uint8Array(a) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) {
    throw codedError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  }
  // Every byte is compared, whatever the first difference.
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

// --- Web Crypto ------------------------------------------------------------------------------

const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, BigInt64Array, BigUint64Array];

export function getRandomValues(array) {
  if (!INTEGER_ARRAYS.some((T) => array instanceof T)) {
    throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  }
  if (array.byteLength > 65536) {
    throw new DOMException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
  }
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(native.randomBytes(array.byteLength));
  return array;
}

const SUBTLE_DIGESTS = ['sha-1', 'sha-256', 'sha-384', 'sha-512'];

class SubtleCrypto {
  /// `subtle.digest(algorithm, data)`: a promise of the digest as an ArrayBuffer.
  async digest(algorithm, data) {
    const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
    if (typeof name !== 'string' || !SUBTLE_DIGESTS.includes(name.toLowerCase())) {
      throw new DOMException('Unrecognized algorithm name', 'NotSupportedError');
    }
    let bytes;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else throw invalidArgType('data', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', data);
    return native.digestOnce(name, bytes).buffer;
  }
}

// HMAC keys, and PBKDF2 and HKDF base keys; sign/verify and deriveBits/deriveKey over them.
const SUBTLE_HASHES = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const BLOCK_BITS = { sha1: 512, sha256: 512, sha384: 1024, sha512: 1024 };
const USAGES = {
  HMAC: ['sign', 'verify'], PBKDF2: ['deriveBits', 'deriveKey'], HKDF: ['deriveBits', 'deriveKey'],
  'RSASSA-PKCS1-v1_5': ['sign', 'verify'], 'RSA-PSS': ['sign', 'verify'], ECDSA: ['sign', 'verify'], Ed25519: ['sign', 'verify'],
  'AES-GCM': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], 'AES-CBC': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  'AES-CTR': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'], 'AES-KW': ['wrapKey', 'unwrapKey'],
  ECDH: ['deriveBits', 'deriveKey'], X25519: ['deriveBits', 'deriveKey'],
};
const kMake = Symbol('make');

// Web Crypto's key; a global, as in Node (not exported by node:crypto).
class CryptoKey {
  #type; #extractable; #algorithm; #usages; #data;

  constructor(token, type, extractable, algorithm, usages, data) {
    if (token !== kMake) throw new TypeError('Illegal constructor');
    this.#type = type;
    this.#extractable = extractable;
    this.#algorithm = algorithm;
    this.#usages = usages;
    this.#data = data;
  }

  get type() { return this.#type; }
  get extractable() { return this.#extractable; }
  get algorithm() { return this.#algorithm; }
  get usages() { return this.#usages.slice(); }
  get [Symbol.toStringTag]() { return 'CryptoKey'; }

  static _data(key) { return key.#data; }
}

function algorithmName(algorithm) {
  const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
  if (typeof name !== 'string') throw invalidArgType('algorithm.name', 'of type string', name);
  const known = Object.keys(USAGES).find((n) => n.toLowerCase() === name.toLowerCase());
  if (!known) throw new DOMException(`Unrecognized algorithm name: ${name} (this runtime's Web Crypto has ${Object.keys(USAGES).join(', ')})`, 'NotSupportedError');
  return known;
}

function hashOf(algorithm) {
  const hash = algorithm && algorithm.hash;
  const name = typeof hash === 'string' ? hash : hash && hash.name;
  const known = typeof name === 'string' && Object.keys(SUBTLE_HASHES).find((n) => n === name.toUpperCase());
  if (!known) throw new DOMException(`Unrecognized hash algorithm: ${name}`, 'NotSupportedError');
  return known;
}

function bufferSource(data, name) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  throw invalidArgType(name, 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', data);
}

function checkUsages(name, usages) {
  if (!Array.isArray(usages)) throw invalidArgType('keyUsages', 'an instance of Array', usages);
  for (const u of usages) {
    if (!USAGES[name].includes(u)) throw new DOMException(`Unsupported key usage for a ${name} key: ${u}`, 'SyntaxError');
  }
  return [...new Set(usages)];
}

function useKey(key, name, usage) {
  if (!(key instanceof CryptoKey)) throw invalidArgType('key', 'an instance of CryptoKey', key);
  if (key.algorithm.name !== name) throw new DOMException(`The key is for ${key.algorithm.name}, not ${name}`, 'InvalidAccessError');
  if (!key.usages.includes(usage)) throw new DOMException(`The key does not allow ${usage}`, 'InvalidAccessError');
  return CryptoKey._data(key);
}

function hmacKeyOf(data, algorithm, extractable, usages) {
  const hash = hashOf(algorithm);
  const length = algorithm.length === undefined ? data.byteLength * 8 : algorithm.length;
  if (length === 0 || length > data.byteLength * 8 || length <= (data.byteLength - 1) * 8) {
    throw new DOMException('Invalid key length', 'DataError');
  }
  return new CryptoKey(kMake, 'secret', Boolean(extractable), { name: 'HMAC', length, hash: { name: hash } },
    checkUsages('HMAC', usages), data);
}

function base64url(bytes) {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function hmacBytes(key, data) {
  const mac = native.hmacCreate(SUBTLE_HASHES[key.algorithm.hash.name], CryptoKey._data(key));
  return native.digestFinish(feed(mac, bufferSource(data, 'data')));
}

function derive(algorithm, baseKey, length, usage) {
  const name = algorithmName(algorithm);
  const data = useKey(baseKey, name, usage);
  if (length === null || typeof length !== 'number' || length % 8 !== 0) {
    throw new DOMException('The length must be a multiple of 8', 'OperationError');
  }
  const digest = SUBTLE_HASHES[hashOf(algorithm)];
  const salt = bufferSource(algorithm.salt, 'algorithm.salt');
  if (name === 'PBKDF2') {
    if (!(algorithm.iterations > 0)) throw new DOMException('The iterations must be greater than 0', 'OperationError');
    return native.pbkdf2(digest, data, salt, algorithm.iterations, length / 8);
  }
  const info = bufferSource(algorithm.info, 'algorithm.info');
  if (length / 8 > 255 * DIGEST_LENGTHS[digest]) throw new DOMException('The length is too large', 'OperationError');
  return hkdfBytes(digest, data, salt, info, length / 8);
}

Object.assign(SubtleCrypto.prototype, {
  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    const name = algorithmName(algorithm);
    let data;
    if (format === 'raw') data = bufferSource(keyData, 'keyData');
    else if (format === 'jwk' && name === 'HMAC' && keyData && keyData.kty === 'oct') data = new Uint8Array(Buffer.from(keyData.k, 'base64url'));
    else throw new DOMException(`Unsupported key format for ${name}: ${format}`, 'NotSupportedError');
    if (name === 'HMAC') return hmacKeyOf(data, algorithm, extractable, keyUsages);
    if (extractable) throw new DOMException(`A ${name} key cannot be extractable`, 'SyntaxError');
    return new CryptoKey(kMake, 'secret', false, { name }, checkUsages(name, keyUsages), data);
  },

  async exportKey(format, key) {
    if (!(key instanceof CryptoKey)) throw invalidArgType('key', 'an instance of CryptoKey', key);
    if (!key.extractable) throw new DOMException('The key is not extractable', 'InvalidAccessError');
    const data = CryptoKey._data(key);
    if (format === 'raw') return data.slice().buffer;
    if (format === 'jwk') {
      return { kty: 'oct', k: base64url(data), alg: `HS${key.algorithm.hash.name.slice(4)}`, key_ops: key.usages, ext: true };
    }
    throw new DOMException(`Unsupported key format: ${format}`, 'NotSupportedError');
  },

  async generateKey(algorithm, extractable, keyUsages) {
    const name = algorithmName(algorithm);
    if (name !== 'HMAC') throw new DOMException(`Cannot generate a ${name} key`, 'NotSupportedError');
    const bits = algorithm.length === undefined ? BLOCK_BITS[SUBTLE_HASHES[hashOf(algorithm)]] : algorithm.length;
    const data = native.randomBytes(Math.ceil(bits / 8));
    return hmacKeyOf(data, { ...algorithm, length: bits }, extractable, keyUsages);
  },

  async sign(algorithm, key, data) {
    if (algorithmName(algorithm) !== 'HMAC') throw new DOMException('Only HMAC signs here', 'NotSupportedError');
    useKey(key, 'HMAC', 'sign');
    return hmacBytes(key, data).buffer;
  },

  async verify(algorithm, key, signature, data) {
    if (algorithmName(algorithm) !== 'HMAC') throw new DOMException('Only HMAC verifies here', 'NotSupportedError');
    useKey(key, 'HMAC', 'verify');
    const expected = hmacBytes(key, data);
    const given = bufferSource(signature, 'signature');
    return given.byteLength === expected.byteLength && timingSafeEqual(given, expected);
  },

  async deriveBits(algorithm, baseKey, length) {
    return derive(algorithm, baseKey, length, 'deriveBits').buffer;
  },

  async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
    if (algorithmName(derivedKeyAlgorithm) !== 'HMAC') {
      throw new DOMException(`Cannot derive a ${derivedKeyAlgorithm.name} key (only HMAC keys)`, 'NotSupportedError');
    }
    const bits = derivedKeyAlgorithm.length === undefined
      ? BLOCK_BITS[SUBTLE_HASHES[hashOf(derivedKeyAlgorithm)]] : derivedKeyAlgorithm.length;
    const data = derive(algorithm, baseKey, bits, 'deriveKey');
    return hmacKeyOf(data, { ...derivedKeyAlgorithm, length: bits }, extractable, keyUsages);
  },
});

// Asymmetric keys (RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA on P-256/P-384, Ed25519; ECDH on P-256
// and X25519 for key agreement) on the same natives as node:crypto's KeyObjects, and AES-GCM,
// AES-CBC and AES-CTR encryption. A key's data is { kind, der, isPrivate } for the asymmetric
// ones, the raw bytes for AES.
const ASYMMETRIC = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA', 'Ed25519', 'ECDH', 'X25519'];
const AGREEMENT = ['ECDH', 'X25519'];
const KIND_OF = { ECDSA: 'ec', ECDH: 'ec', Ed25519: 'ed25519', X25519: 'x25519' };
const AES_NAMES = ['AES-GCM', 'AES-CBC', 'AES-CTR', 'AES-KW'];
const CURVES = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };
const secretSubtle = {
  deriveBits: SubtleCrypto.prototype.deriveBits,
  deriveKey: SubtleCrypto.prototype.deriveKey,
  importKey: SubtleCrypto.prototype.importKey,
  exportKey: SubtleCrypto.prototype.exportKey,
  generateKey: SubtleCrypto.prototype.generateKey,
  sign: SubtleCrypto.prototype.sign,
  verify: SubtleCrypto.prototype.verify,
};

function dataError(message) { return new DOMException(message, 'DataError'); }
function notSupported(message) { return new DOMException(message, 'NotSupportedError'); }

/// The CryptoKey for native key parts `[kind, der, isPrivate, details]` under `algorithm`.
function asymmetricCryptoKey(name, algorithm, parts, extractable, usages) {
  const [kind, der, isPrivate, details] = parts;
  const want = KIND_OF[name] || 'rsa';
  if (kind !== want) throw dataError(`The key is not an ${name} key`);
  const keyAlgorithm = { name };
  if (want === 'rsa') {
    keyAlgorithm.modulusLength = details.modulusLength;
    const e = BigInt(details.publicExponent);
    keyAlgorithm.publicExponent = Uint8Array.from(Buffer.from(e.toString(16).padStart(6, '0'), 'hex'));
    keyAlgorithm.hash = { name: hashOf(algorithm) };
  } else if (want === 'ec') {
    const curve = algorithm.namedCurve;
    if (CURVES[curve] === undefined) throw notSupported(`Unsupported named curve: ${curve}`);
    if (CURVES[curve] !== details.namedCurve) throw dataError(`The key is not on ${curve}`);
    keyAlgorithm.namedCurve = curve;
  }
  const agreement = AGREEMENT.includes(name);
  const allowed = agreement ? (isPrivate ? ['deriveBits', 'deriveKey'] : []) : isPrivate ? ['sign'] : ['verify'];
  if (!Array.isArray(usages)) throw invalidArgType('keyUsages', 'an instance of Array', usages);
  for (const u of usages) {
    if (!allowed.includes(u)) throw new DOMException(`Unsupported key usage for a ${name} ${isPrivate ? 'private' : 'public'} key: ${u}`, 'SyntaxError');
  }
  if (isPrivate && usages.length === 0) throw new DOMException('Usages cannot be empty when creating a key.', 'SyntaxError');
  return new CryptoKey(kMake, isPrivate ? 'private' : 'public', Boolean(extractable), keyAlgorithm,
    [...new Set(usages)], { kind, der, isPrivate });
}

/// A JWK for an EC, Ed25519 or X25519 public key given as raw bytes.
function rawPublicJwk(name, algorithm, bytes) {
  if (name === 'Ed25519' || name === 'X25519') return { kty: 'OKP', crv: name, x: Buffer.from(bytes).toString('base64url') };
  const size = algorithm.namedCurve === 'P-384' ? 48 : 32;
  if (bytes.length !== 1 + 2 * size || bytes[0] !== 4) throw dataError('Invalid raw EC public key (only the uncompressed form is read)');
  const b = Buffer.from(bytes);
  return { kty: 'EC', crv: algorithm.namedCurve, x: b.subarray(1, 1 + size).toString('base64url'), y: b.subarray(1 + size).toString('base64url') };
}

function importAsymmetric(format, keyData, algorithm, name, extractable, usages) {
  let parts;
  try {
    if (format === 'spki') parts = native.pkeyImport(bufferSource(keyData, 'keyData'), 'der', 'spki', false);
    else if (format === 'pkcs8') parts = native.pkeyImport(bufferSource(keyData, 'keyData'), 'der', 'pkcs8', true);
    else if (format === 'jwk') {
      if (keyData === null || typeof keyData !== 'object') throw invalidArgType('keyData', 'of type object', keyData);
      parts = native.pkeyFromJwk(keyData, keyData.d === undefined);
    } else if (format === 'raw' && name !== 'RSASSA-PKCS1-v1_5' && name !== 'RSA-PSS') {
      parts = native.pkeyFromJwk(rawPublicJwk(name, algorithm, bufferSource(keyData, 'keyData')), true);
    } else throw notSupported(`Unsupported key format for ${name}: ${format}`);
  } catch (err) {
    if (err instanceof DOMException) throw err;
    throw dataError(`Invalid ${format} key data: ${err.message}`);
  }
  return asymmetricCryptoKey(name, algorithm, parts, extractable, usages);
}

const JWK_ALG = {
  'RSASSA-PKCS1-v1_5': (hash) => `RS${hash.slice(4)}`,
  'RSA-PSS': (hash) => `PS${hash.slice(4)}`,
  Ed25519: () => 'Ed25519',
};

function exportAsymmetric(format, key) {
  const { der, isPrivate } = CryptoKey._data(key);
  const name = key.algorithm.name;
  if (format === 'spki' || format === 'pkcs8') {
    if ((format === 'pkcs8') !== isPrivate) throw new DOMException(`A ${key.type} key cannot be exported as ${format}`, 'InvalidAccessError');
    return native.pkeyExport(der, isPrivate, format, 'der').buffer;
  }
  const jwk = native.pkeyToJwk(der, isPrivate);
  if (format === 'jwk') {
    if (JWK_ALG[name]) jwk.alg = JWK_ALG[name](key.algorithm.hash && key.algorithm.hash.name);
    jwk.key_ops = key.usages;
    jwk.ext = key.extractable;
    return jwk;
  }
  if (format === 'raw' && !isPrivate && KIND_OF[name]) {
    const parts = jwk.kty === 'EC' ? [Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')] : [Buffer.from(jwk.x, 'base64url')];
    return Uint8Array.from(Buffer.concat(parts)).buffer;
  }
  throw notSupported(`Unsupported key format for a ${name} ${key.type} key: ${format}`);
}

/// The digest and native flags of a signature under `algorithm` with `key`.
function signatureScheme(algorithm, key) {
  const name = key.algorithm.name;
  if (name === 'Ed25519') return [undefined, 0];
  if (name === 'ECDSA') return [SUBTLE_HASHES[hashOf(algorithm)], 2];
  const hash = SUBTLE_HASHES[key.algorithm.hash.name];
  if (name === 'RSA-PSS') {
    if (algorithm.saltLength !== DIGEST_LENGTHS[hash]) {
      throw notSupported(`RSA-PSS salts of ${algorithm.saltLength} bytes are not supported (only ${DIGEST_LENGTHS[hash]}, the digest's length)`);
    }
    return [hash, 1];
  }
  return [hash, 0];
}

function aesLength(bytes, name) {
  const bits = bytes.byteLength * 8;
  if (![128, 192, 256].includes(bits)) throw dataError('Invalid key length');
  if (name === 'AES-GCM' && bits === 192) throw notSupported('AES-GCM with 192-bit keys is not supported');
  return bits;
}

function aesKey(name, data, extractable, usages) {
  if (!Array.isArray(usages)) throw invalidArgType('keyUsages', 'an instance of Array', usages);
  for (const u of usages) {
    if (!USAGES[name].includes(u)) throw new DOMException(`Unsupported key usage for an ${name} key: ${u}`, 'SyntaxError');
  }
  if (usages.length === 0) throw new DOMException('Usages cannot be empty when creating a key.', 'SyntaxError');
  return new CryptoKey(kMake, 'secret', Boolean(extractable), { name, length: aesLength(data, name) }, [...new Set(usages)], data);
}

/// One AES block in or out (AES-KW's step): CBC over a single block with a zero IV is the
/// block cipher itself.
function aesBlock(key, block, decrypt) {
  const c = native.blockCipherCreate(`aes-${key.byteLength * 8}-cbc`, key, new Uint8Array(16), decrypt);
  native.blockCipherSetPadding(c, false);
  const out = native.blockCipherUpdate(c, block);
  native.blockCipherFinal(c);
  return out;
}

const KW_IV = [0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6];

/// AES key wrap (RFC 3394) of `data`, a multiple of 8 bytes and at least 16.
function aesKeyWrap(key, data) {
  if (data.byteLength % 8 !== 0 || data.byteLength < 16) throw new DOMException('AES-KW wraps multiples of 8 bytes (at least 16)', 'OperationError');
  const n = data.byteLength / 8;
  const a = Uint8Array.from(KW_IV);
  const r = new Uint8Array(data);
  const block = new Uint8Array(16);
  for (let j = 0; j < 6; j++) {
    for (let i = 1; i <= n; i++) {
      block.set(a, 0);
      block.set(r.subarray((i - 1) * 8, i * 8), 8);
      const b = aesBlock(key, block, false);
      const t = n * j + i;
      a.set(b.subarray(0, 8));
      for (let k = 0; k < 4; k++) a[7 - k] ^= (t / 2 ** (8 * k)) & 0xff;
      r.set(b.subarray(8, 16), (i - 1) * 8);
    }
  }
  const out = new Uint8Array(8 + r.byteLength);
  out.set(a, 0);
  out.set(r, 8);
  return out;
}

/// AES key unwrap (RFC 3394): the key data, or OperationError when the check value is wrong.
function aesKeyUnwrap(key, wrapped) {
  if (wrapped.byteLength % 8 !== 0 || wrapped.byteLength < 24) throw new DOMException('The wrapped key has the wrong length', 'OperationError');
  const n = wrapped.byteLength / 8 - 1;
  const a = wrapped.slice(0, 8);
  const r = wrapped.slice(8);
  const block = new Uint8Array(16);
  for (let j = 5; j >= 0; j--) {
    for (let i = n; i >= 1; i--) {
      const t = n * j + i;
      for (let k = 0; k < 4; k++) a[7 - k] ^= (t / 2 ** (8 * k)) & 0xff;
      block.set(a, 0);
      block.set(r.subarray((i - 1) * 8, i * 8), 8);
      const b = aesBlock(key, block, true);
      a.set(b.subarray(0, 8));
      r.set(b.subarray(8, 16), (i - 1) * 8);
    }
  }
  let diff = 0;
  for (let k = 0; k < 8; k++) diff |= a[k] ^ KW_IV[k];
  if (diff !== 0) throw new DOMException('The wrapped key did not unwrap (wrong key, or damaged)', 'OperationError');
  return r;
}

/// AES encryption or decryption of `data` under `algorithm` (iv, additionalData, tagLength for
/// GCM; iv for CBC; counter and length for CTR).
function aesCrypt(algorithm, key, data, decrypt) {
  const name = key.algorithm.name;
  const bytes = CryptoKey._data(key);
  const input = bufferSource(data, 'data');
  const cipher = `aes-${key.algorithm.length}-${name.slice(4).toLowerCase()}`;
  if (name === 'AES-GCM') {
    const iv = bufferSource(algorithm.iv, 'algorithm.iv');
    if (iv.byteLength !== 12) throw notSupported('AES-GCM takes 12-byte IVs here');
    if (algorithm.tagLength !== undefined && algorithm.tagLength !== 128) throw notSupported('AES-GCM takes 128-bit tags here');
    const aad = algorithm.additionalData === undefined ? new Uint8Array(0) : bufferSource(algorithm.additionalData, 'algorithm.additionalData');
    if (!decrypt) {
      const [sealed, tag] = native.aeadSeal(cipher, bytes, iv, aad, input);
      return Uint8Array.from(Buffer.concat([sealed, tag])).buffer;
    }
    if (input.byteLength < 16) throw new DOMException('The data is too short', 'OperationError');
    try {
      return native.aeadOpen(cipher, bytes, iv, aad, input.subarray(0, input.byteLength - 16), input.subarray(input.byteLength - 16)).buffer;
    } catch {
      throw new DOMException('The operation failed for an operation-specific reason', 'OperationError');
    }
  }
  let iv;
  if (name === 'AES-CBC') {
    iv = bufferSource(algorithm.iv, 'algorithm.iv');
    if (iv.byteLength !== 16) throw new DOMException('algorithm.iv must contain exactly 16 bytes', 'OperationError');
  } else {
    iv = bufferSource(algorithm.counter, 'algorithm.counter');
    const length = algorithm.length;
    if (iv.byteLength !== 16) throw new DOMException('algorithm.counter must contain exactly 16 bytes', 'OperationError');
    if (!(length >= 1 && length <= 128)) throw new DOMException('algorithm.length must be between 1 and 128', 'OperationError');
    // Only the low `length` bits count; this runtime counts across the whole block, which is
    // the same as long as those bits do not wrap within the message.
    const low = bigIntOf(iv) & ((1n << BigInt(length)) - 1n);
    if (low + BigInt(Math.ceil(input.byteLength / 16)) > (1n << BigInt(length))) {
      throw notSupported('The counter would wrap within the message');
    }
  }
  const c = native.blockCipherCreate(cipher, bytes, iv, decrypt);
  try {
    return Uint8Array.from(Buffer.concat([native.blockCipherUpdate(c, input), native.blockCipherFinal(c)])).buffer;
  } catch {
    throw new DOMException('The operation failed for an operation-specific reason', 'OperationError');
  }
}

Object.assign(SubtleCrypto.prototype, {
  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    const name = algorithmName(algorithm);
    if (ASYMMETRIC.includes(name)) return importAsymmetric(format, keyData, algorithm, name, extractable, keyUsages);
    if (AES_NAMES.includes(name)) {
      let data;
      if (format === 'raw') data = bufferSource(keyData, 'keyData');
      else if (format === 'jwk' && keyData && keyData.kty === 'oct') data = new Uint8Array(Buffer.from(keyData.k, 'base64url'));
      else throw notSupported(`Unsupported key format for ${name}: ${format}`);
      return aesKey(name, data, extractable, keyUsages);
    }
    return secretSubtle.importKey.call(this, format, keyData, algorithm, extractable, keyUsages);
  },

  async exportKey(format, key) {
    if (!(key instanceof CryptoKey)) throw invalidArgType('key', 'an instance of CryptoKey', key);
    if (!key.extractable) throw new DOMException('The key is not extractable', 'InvalidAccessError');
    const name = key.algorithm.name;
    if (ASYMMETRIC.includes(name)) return exportAsymmetric(format, key);
    if (AES_NAMES.includes(name)) {
      const data = CryptoKey._data(key);
      if (format === 'raw') return data.slice().buffer;
      if (format === 'jwk') {
        return { kty: 'oct', k: base64url(data), alg: `A${key.algorithm.length}${name.slice(4)}`, key_ops: key.usages, ext: true };
      }
      throw notSupported(`Unsupported key format: ${format}`);
    }
    return secretSubtle.exportKey.call(this, format, key);
  },

  async generateKey(algorithm, extractable, keyUsages) {
    const name = algorithmName(algorithm);
    if (AES_NAMES.includes(name)) {
      if (![128, 192, 256].includes(algorithm.length)) throw new DOMException('AES key length must be 128, 192 or 256 bits', 'OperationError');
      return aesKey(name, native.randomBytes(algorithm.length / 8), extractable, keyUsages);
    }
    if (!ASYMMETRIC.includes(name)) return secretSubtle.generateKey.call(this, algorithm, extractable, keyUsages);
    if (!KIND_OF[name] || (KIND_OF[name] === 'ec' && CURVES[algorithm.namedCurve] === undefined)) {
      throw notSupported(`Generating ${name} keys is not supported (ECDSA and ECDH on P-256 and P-384, Ed25519 and X25519 are)`);
    }
    if (!Array.isArray(keyUsages)) throw invalidArgType('keyUsages', 'an instance of Array', keyUsages);
    const parts = native.pkeyGenerate(KIND_OF[name], KIND_OF[name] === 'ec' ? algorithm.namedCurve : undefined);
    const publicParts = native.pkeyPublic(parts[1], true);
    const agreement = AGREEMENT.includes(name);
    const privateUsages = keyUsages.filter((u) => (agreement ? u === 'deriveBits' || u === 'deriveKey' : u === 'sign'));
    return {
      publicKey: asymmetricCryptoKey(name, algorithm, publicParts, true, agreement ? [] : keyUsages.filter((u) => u === 'verify')),
      privateKey: asymmetricCryptoKey(name, algorithm, parts, extractable, privateUsages),
    };
  },

  async sign(algorithm, key, data) {
    const name = algorithmName(algorithm);
    if (!ASYMMETRIC.includes(name)) return secretSubtle.sign.call(this, algorithm, key, data);
    const { der } = useKey(key, name, 'sign');
    const [digest, flags] = signatureScheme(algorithm, key);
    return native.pkeySign(der, digest, flags, bufferSource(data, 'data')).buffer;
  },

  async verify(algorithm, key, signature, data) {
    const name = algorithmName(algorithm);
    if (!ASYMMETRIC.includes(name)) return secretSubtle.verify.call(this, algorithm, key, signature, data);
    const { der, isPrivate } = useKey(key, name, 'verify');
    const [digest, flags] = signatureScheme(algorithm, key);
    return native.pkeyVerify(der, isPrivate, digest, flags, bufferSource(data, 'data'), bufferSource(signature, 'signature'));
  },

  async deriveBits(algorithm, baseKey, length) {
    const name = algorithmName(algorithm);
    if (!AGREEMENT.includes(name)) return secretSubtle.deriveBits.call(this, algorithm, baseKey, length);
    return agreedBits(algorithm, name, baseKey, length, 'deriveBits').buffer;
  },

  async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
    const name = algorithmName(algorithm);
    const target = algorithmName(derivedKeyAlgorithm);
    if (!AGREEMENT.includes(name) && !AES_NAMES.includes(target)) {
      return secretSubtle.deriveKey.call(this, algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages);
    }
    let bits;
    if (AES_NAMES.includes(target)) {
      bits = derivedKeyAlgorithm.length;
      if (![128, 192, 256].includes(bits)) throw new DOMException('AES key length must be 128, 192 or 256 bits', 'OperationError');
    } else if (target === 'HMAC') {
      bits = derivedKeyAlgorithm.length === undefined ? BLOCK_BITS[SUBTLE_HASHES[hashOf(derivedKeyAlgorithm)]] : derivedKeyAlgorithm.length;
    } else {
      throw notSupported(`Cannot derive a ${target} key (only AES and HMAC keys)`);
    }
    const data = AGREEMENT.includes(name)
      ? agreedBits(algorithm, name, baseKey, bits, 'deriveKey')
      : derive(algorithm, baseKey, bits, 'deriveKey');
    if (target === 'HMAC') return hmacKeyOf(data, { ...derivedKeyAlgorithm, length: bits }, extractable, keyUsages);
    return aesKey(target, data, extractable, keyUsages);
  },

  async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    const name = algorithmName(wrapAlgorithm);
    if (!AES_NAMES.includes(name)) throw notSupported(`${name} does not wrap keys`);
    useKey(wrappingKey, name, 'wrapKey');
    const exported = await this.exportKey(format, key);
    const bytes = format === 'jwk' ? native.utf8Encode(JSON.stringify(exported)) : new Uint8Array(exported);
    if (name === 'AES-KW') return aesKeyWrap(CryptoKey._data(wrappingKey), bytes).buffer;
    return aesCrypt(wrapAlgorithm, wrappingKey, bytes, false);
  },

  async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
    const name = algorithmName(unwrapAlgorithm);
    if (!AES_NAMES.includes(name)) throw notSupported(`${name} does not unwrap keys`);
    useKey(unwrappingKey, name, 'unwrapKey');
    const wrapped = bufferSource(wrappedKey, 'wrappedKey');
    const bytes = name === 'AES-KW'
      ? aesKeyUnwrap(CryptoKey._data(unwrappingKey), wrapped)
      : new Uint8Array(aesCrypt(unwrapAlgorithm, unwrappingKey, wrapped, true));
    let keyData = bytes;
    if (format === 'jwk') {
      try {
        keyData = JSON.parse(native.utf8Decode(bytes, true));
      } catch {
        throw new DOMException('The unwrapped key is not a JWK', 'DataError');
      }
    }
    return this.importKey(format, keyData, unwrappedKeyAlgorithm, extractable, keyUsages);
  },

  async encrypt(algorithm, key, data) {
    const name = algorithmName(algorithm);
    if (!AES_NAMES.includes(name) || name === 'AES-KW') throw notSupported(`${name} does not encrypt`);
    useKey(key, name, 'encrypt');
    return aesCrypt(algorithm, key, data, false);
  },

  async decrypt(algorithm, key, data) {
    const name = algorithmName(algorithm);
    if (!AES_NAMES.includes(name) || name === 'AES-KW') throw notSupported(`${name} does not decrypt`);
    useKey(key, name, 'decrypt');
    return aesCrypt(algorithm, key, data, true);
  },
});

/// The first `length` bits (all when null) of the secret agreed by ECDH or X25519 between the
/// private `baseKey` and `algorithm.public`.
function agreedBits(algorithm, name, baseKey, length, usage) {
  const { der } = useKey(baseKey, name, usage);
  const peer = algorithm.public;
  if (!(peer instanceof CryptoKey)) throw invalidArgType('algorithm.public', 'an instance of CryptoKey', peer);
  if (peer.type !== 'public') throw new DOMException('algorithm.public must be a public key', 'InvalidAccessError');
  if (peer.algorithm.name !== name) throw new DOMException(`algorithm.public is a ${peer.algorithm.name} key, not ${name}`, 'InvalidAccessError');
  if (name === 'ECDH' && peer.algorithm.namedCurve !== baseKey.algorithm.namedCurve) {
    throw new DOMException('The keys are on different curves', 'InvalidAccessError');
  }
  let secret;
  try {
    secret = native.pkeyDerive(der, CryptoKey._data(peer).der, false);
  } catch (e) {
    throw new DOMException(`The keys agree on no secret: ${e.message}`, 'OperationError');
  }
  if (length === null || length === undefined) return secret;
  if (typeof length !== 'number' || length < 0 || length > secret.byteLength * 8) {
    throw new DOMException(`The length must be at most ${secret.byteLength * 8} bits`, 'OperationError');
  }
  const out = secret.slice(0, Math.ceil(length / 8));
  if (length % 8) out[out.length - 1] &= 0xff << (8 - (length % 8));
  return out;
}

class Crypto {
  get subtle() { return subtle; }
  getRandomValues(array) { return getRandomValues(array); }
  randomUUID() { return randomUUID(); }
  get [Symbol.toStringTag]() { return 'Crypto'; }
}

const subtle = new SubtleCrypto();
// ---- Primes: Miller-Rabin over BigInt ----

const SMALL_PRIMES = [];
for (let n = 2; SMALL_PRIMES.length < 128; n++) {
  if (SMALL_PRIMES.every((p) => n % p !== 0)) SMALL_PRIMES.push(n);
}
const SMALL_PRIMES_BIG = SMALL_PRIMES.map(BigInt);

function modPow(base, exponent, modulus) {
  let result = 1n;
  base %= modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
  }
  return result;
}

function bitLength(n) { return n === 0n ? 0 : n.toString(2).length; }

/// Big-endian bytes as a BigInt.
function bigIntOf(bytes) {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/// A uniformly random BigInt of `bits` bits (the top ones may be zero).
function randomBits(bits) {
  return bigIntOf(native.randomBytes(Math.ceil(bits / 8))) & ((1n << BigInt(bits)) - 1n);
}

/// Miller-Rabin with `checks` random bases (by default enough for an error below 2^-80 on
/// random candidates, from the FIPS 186-4 tables), after trial division by small primes.
function probablyPrime(n, checks) {
  if (n < 2n) return false;
  for (const p of SMALL_PRIMES_BIG) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  const bits = bitLength(n);
  const rounds = checks || (bits >= 1300 ? 2 : bits >= 850 ? 3 : bits >= 650 ? 4 : bits >= 350 ? 8
    : bits >= 250 ? 12 : bits >= 150 ? 18 : 27);
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) { d >>= 1n; s++; }
  for (let i = 0; i < rounds; i++) {
    const a = 2n + (randomBits(bits + 64) % (n - 3n));
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let witness = true;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) { witness = false; break; }
    }
    if (witness) return false;
  }
  return true;
}

const PRIME_INPUT = 'of type bigint or an instance of ArrayBuffer, TypedArray, Buffer, or DataView';

/// A bigint or big-endian bytes as a non-negative BigInt.
function primeInput(value, name) {
  if (typeof value === 'bigint') {
    if (value < 0n) throw outOfRange(name, '>= 0', `${value}n`);
    return value;
  }
  let bytes;
  if (value instanceof ArrayBuffer) bytes = new Uint8Array(value);
  else if (ArrayBuffer.isView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  else throw invalidArgType(name, PRIME_INPUT, value);
  return bigIntOf(bytes);
}

function checksOf(options) {
  if (options === undefined) return 0;
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const { checks = 0 } = options;
  validateInt32(checks, 'options.checks', 0);
  return checks;
}

export function checkPrimeSync(candidate, options) {
  const n = primeInput(candidate, 'candidate');
  return probablyPrime(n, checksOf(options));
}

export function checkPrime(candidate, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  const n = primeInput(candidate, 'candidate');
  const checks = checksOf(options);
  validateFunction(callback, 'callback');
  setTimeout(() => callback(undefined, probablyPrime(n, checks)), 0);
}

/// What generatePrime is asked for, checked.
function primeRequest(size, options = {}) {
  validateInt32(size, 'size', 1);
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const { safe = false, bigint = false } = options;
  if (typeof safe !== 'boolean') throw invalidArgType('options.safe', 'of type boolean', safe);
  if (typeof bigint !== 'boolean') throw invalidArgType('options.bigint', 'of type boolean', bigint);
  const add = options.add === undefined ? undefined : primeInput(options.add, 'options.add');
  const rem = options.rem === undefined ? undefined : primeInput(options.rem, 'options.rem');
  if (add !== undefined) {
    if (add === 0n || bitLength(add) > size) throw codedError(RangeError, 'ERR_OUT_OF_RANGE', 'invalid options.add');
    if (rem !== undefined && rem >= add) throw codedError(RangeError, 'ERR_OUT_OF_RANGE', 'invalid options.rem');
  }
  if (size < 2) throw codedError(Error, 'ERR_OSSL_BN_BITS_TOO_SMALL', 'bits too small');
  return { size, safe, bigint, add, rem };
}

/// A random prime of exactly `size` bits with its top two bits set (so the product of two
/// has twice the bits), and `p % add === rem` when asked (rem defaults to 1, or 3 when safe).
function findPrime({ size, safe, add, rem }) {
  const top = size >= 2 ? 3n << BigInt(size - 2) : 1n << BigInt(size - 1);
  const max = 1n << BigInt(size);
  for (let attempt = 0; ; attempt++) {
    let p = randomBits(size) | top | 1n;
    if (add !== undefined) {
      const want = rem ?? (safe ? 3n : 1n);
      p = p - (p % add) + want;
      if (p >= max) p -= add;
      if (p < top) continue;
    }
    if (!probablyPrime(p, 0)) continue;
    if (safe && !probablyPrime((p - 1n) >> 1n, 0)) continue;
    return p;
  }
}

function primeOutput(p, { size, bigint }) {
  if (bigint) return p;
  const out = new Uint8Array(Math.ceil(size / 8));
  for (let i = out.length - 1; i >= 0; i--) { out[i] = Number(p & 0xffn); p >>= 8n; }
  return out.buffer;
}

export function generatePrimeSync(size, options) {
  const request = primeRequest(size, options);
  return primeOutput(findPrime(request), request);
}

export function generatePrime(size, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  validateFunction(callback, 'callback');
  const request = primeRequest(size, options);
  setTimeout(() => callback(undefined, primeOutput(findPrime(request), request)), 0);
}

/// No FIPS provider here: FIPS mode is off and stays off.
export function getFips() { return 0; }
export function setFips(enable) {
  if (enable) throw codedError(Error, 'ERR_CRYPTO_FIPS_FORCED', 'Cannot set FIPS mode, FIPS is not available in this build.');
}
export function secureHeapUsed() { return { total: 0, used: 0, utilization: 0, min: 0 }; }

export const webcrypto = new Crypto();
export { subtle };

export default {
  Hash, Hmac, createHash, createHmac, hash, getHashes, randomBytes, randomFill, randomFillSync,
  randomInt, randomUUID, timingSafeEqual, getRandomValues, webcrypto, subtle,
  pbkdf2, pbkdf2Sync, hkdf, hkdfSync, scrypt, scryptSync, createCipheriv, createDecipheriv, Cipheriv, Decipheriv,
  getCiphers, constants, KeyObject, createPrivateKey, createPublicKey, createSecretKey, sign, verify,
  createSign, createVerify, Sign, Verify, generateKeyPair, generateKeyPairSync, X509Certificate,
  diffieHellman, ECDH, createECDH, getCurves, generateKey, generateKeySync, getCipherInfo,
  pseudoRandomBytes, checkPrime, checkPrimeSync, generatePrime, generatePrimeSync, getFips, setFips,
  secureHeapUsed,
};

provide('node:crypto', { crypto: webcrypto, Crypto, CryptoKey, SubtleCrypto });
