// node:crypto (random bytes, integers and UUIDs; hashes and HMACs: md5, sha1, sha256, sha384,
// sha512; timingSafeEqual) and the global `crypto` (Web Crypto's getRandomValues, randomUUID and
// subtle.digest). The digests run natively (src/native/digest.rs); randomness comes from the
// host (WASI random_get).

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

class Crypto {
  get subtle() { return subtle; }
  getRandomValues(array) { return getRandomValues(array); }
  randomUUID() { return randomUUID(); }
  get [Symbol.toStringTag]() { return 'Crypto'; }
}

const subtle = new SubtleCrypto();
export const webcrypto = new Crypto();
export { subtle };

export default {
  Hash, Hmac, createHash, createHmac, hash, getHashes, randomBytes, randomFill, randomFillSync,
  randomInt, randomUUID, timingSafeEqual, getRandomValues, webcrypto, subtle,
};

provide('node:crypto', { crypto: webcrypto });
