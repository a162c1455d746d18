// node:buffer: Buffer as a Uint8Array subclass, with the encodings HTTP code uses
// (utf8, hex, base64, base64url, latin1/binary, ascii, utf16le).

import { provide } from 'internal:lazy';
import native from 'internal:native';
import { invalidArgType, codedError, outOfRange } from 'internal:errors';
import { inspect } from 'internal:inspect';
import { atob, btoa } from 'internal:encoding';
import { Blob, File } from 'internal:blob';

const ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le'];

function normalizeEncoding(enc) {
  if (enc === undefined || enc === null) return 'utf8';
  const e = String(enc).toLowerCase();
  switch (e) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
  }
  throw codedError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
}

function encodeString(str, encoding) {
  switch (normalizeEncoding(encoding)) {
    case 'utf8': return native.utf8Encode(str);
    case 'hex': return native.hexDecode(str);
    case 'base64': case 'base64url': return native.base64Decode(str, false);
    case 'latin1': case 'ascii': return native.latin1Encode(str);
    case 'utf16le': {
      const out = new Uint8Array(str.length * 2);
      for (let i = 0; i < str.length; i++) {
        const c = str.charCodeAt(i);
        out[i * 2] = c & 0xff;
        out[i * 2 + 1] = c >> 8;
      }
      return out;
    }
  }
}

function decodeBytes(bytes, encoding) {
  switch (normalizeEncoding(encoding)) {
    case 'utf8': return native.utf8Decode(bytes, false);
    case 'hex': return native.hexEncode(bytes);
    case 'base64': return native.base64Encode(bytes, false);
    case 'base64url': return native.base64Encode(bytes, true);
    case 'latin1': return native.latin1Decode(bytes);
    case 'ascii': {
      const copy = new Uint8Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) copy[i] = bytes[i] & 0x7f;
      return native.latin1Decode(copy);
    }
    case 'utf16le': {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      return s;
    }
  }
}

export class Buffer extends Uint8Array {
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') {
      const bytes = encodeString(value, encodingOrOffset);
      return new Buffer(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
      const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
      const len = length === undefined ? value.byteLength - offset : Number(length);
      if (offset > value.byteLength) throw outOfRange('offset', `<= ${value.byteLength}`, offset);
      return new Buffer(value, offset, len);
    }
    if (ArrayBuffer.isView(value)) {
      const src = value instanceof Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      const b = Buffer.allocUnsafe(src.length);
      b.set(src);
      return b;
    }
    if (Array.isArray(value)) {
      const b = Buffer.allocUnsafe(value.length);
      for (let i = 0; i < value.length; i++) b[i] = value[i];
      return b;
    }
    if (value !== null && typeof value === 'object') {
      if (value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
      if (typeof value.length === 'number') return Buffer.from(Array.from(value));
      const prim = value.valueOf && value.valueOf();
      if (prim !== value && prim !== undefined && prim !== null) return Buffer.from(prim, encodingOrOffset, length);
      if (typeof value[Symbol.toPrimitive] === 'function') return Buffer.from(value[Symbol.toPrimitive]('string'), encodingOrOffset);
    }
    // (Node words this one differently from its other argument errors.)
    const e = invalidArgType('first argument', 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
    e.message = e.message.replace('The "first argument" argument', 'The first argument');
    throw e;
  }

  static alloc(size, fill, encoding) {
    checkSize(size);
    const b = new Buffer(size);
    if (fill !== undefined && fill !== 0) b.fill(fill, 0, size, encoding);
    return b;
  }
  static allocUnsafe(size) { checkSize(size); return new Buffer(size); }
  static allocUnsafeSlow(size) { checkSize(size); return new Buffer(size); }

  static isBuffer(b) { return b instanceof Buffer; }
  static isEncoding(e) { return typeof e === 'string' && ENCODINGS.includes(e.toLowerCase()); }

  static byteLength(value, encoding) {
    if (typeof value === 'string') {
      const enc = normalizeEncoding(encoding);
      if (enc === 'utf8') return native.utf8Length(value);
      return encodeString(value, enc).length;
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
    throw invalidArgType('string', 'of type string or an instance of Buffer or ArrayBuffer', value);
  }

  static concat(list, totalLength) {
    if (!Array.isArray(list)) throw invalidArgType('list', 'an instance of Array', list);
    // Indexed loops: for-of goes through the iterator protocol, which QuickJS runs slowly.
    if (totalLength === undefined) {
      totalLength = 0;
      for (let i = 0; i < list.length; i++) {
        const b = list[i];
        if (!(b instanceof Uint8Array)) throw invalidArgType(`list[${i}]`, 'an instance of Buffer or Uint8Array', b);
        totalLength += b.byteLength;
      }
    }
    const out = Buffer.alloc(totalLength);
    let pos = 0;
    for (let i = 0; i < list.length; i++) {
      const b = list[i];
      if (!(b instanceof Uint8Array)) throw invalidArgType(`list[${i}]`, 'an instance of Buffer or Uint8Array', b);
      if (pos >= totalLength) break;
      const n = Math.min(b.byteLength, totalLength - pos);
      if (n === 0) continue; // an empty piece adds nothing; those after it still count
      out.set(n === b.byteLength ? b : b.subarray(0, n), pos);
      pos += n;
    }
    return out;
  }

  static compare(a, b) {
    if (!(a instanceof Uint8Array)) throw invalidArgType('buf1', 'an instance of Buffer or Uint8Array', a);
    if (!(b instanceof Uint8Array)) throw invalidArgType('buf2', 'an instance of Buffer or Uint8Array', b);
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }

  get _isBuffer() { return true; }

  toString(encoding, start, end) {
    start = start === undefined ? 0 : Math.max(0, start | 0);
    end = end === undefined ? this.length : Math.min(this.length, end | 0);
    if (end <= start) return '';
    const view = start === 0 && end === this.length ? this : this.subarray(start, end);
    return decodeBytes(view, encoding);
  }

  toJSON() { return { type: 'Buffer', data: Array.from(this) }; }

  equals(other) {
    if (!(other instanceof Uint8Array)) throw invalidArgType('otherBuffer', 'an instance of Buffer or Uint8Array', other);
    return Buffer.compare(this, other) === 0;
  }

  compare(target, targetStart = 0, targetEnd, sourceStart = 0, sourceEnd = this.length) {
    if (!(target instanceof Uint8Array)) throw invalidArgType('target', 'an instance of Buffer or Uint8Array', target);
    if (targetEnd === undefined) targetEnd = target.length;
    const range = (name, v, max) => {
      if (typeof v !== 'number') throw invalidArgType(name, 'of type number', v);
      if (!Number.isInteger(v) || v < 0 || v > max) throw outOfRange(name, `>= 0 && <= ${max}`, v);
      return v;
    };
    range('targetStart', targetStart, target.length);
    range('targetEnd', targetEnd, target.length);
    range('sourceStart', sourceStart, this.length);
    range('sourceEnd', sourceEnd, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    return Buffer.compare(this.subarray(sourceStart, sourceEnd), target.subarray(targetStart, targetEnd));
  }

  toLocaleString(encoding, start, end) { return this.toString(encoding, start, end); }

  static copyBytesFrom(view, offset = 0, length) {
    if (!ArrayBuffer.isView(view) || view instanceof DataView) throw invalidArgType('view', 'an instance of TypedArray', view);
    const size = view.BYTES_PER_ELEMENT;
    const end = length === undefined ? view.length : Math.min(view.length, offset + length);
    if (offset >= end) return Buffer.alloc(0);
    const bytes = new Uint8Array(view.buffer, view.byteOffset + offset * size, (end - offset) * size);
    return Buffer.from(bytes);
  }

  lastIndexOf(value, byteOffset, encoding) {
    if (typeof byteOffset === 'string') { encoding = byteOffset; byteOffset = undefined; }
    let from = byteOffset === undefined ? this.length - 1 : Number(byteOffset);
    if (from < 0) from += this.length;
    if (Number.isNaN(from)) from = this.length - 1;
    if (typeof value === 'number') return super.lastIndexOf(value & 255, Math.min(from, this.length - 1));
    const needle = typeof value === 'string' ? encodeString(value, encoding) : value;
    if (needle.length === 0) return Math.min(Math.max(from, 0), this.length);
    outer: for (let i = Math.min(from, this.length - needle.length); i >= 0; i--) {
      for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  write(string, offset, length, encoding) {
    if (typeof offset === 'string') { encoding = offset; offset = 0; length = undefined; }
    else if (typeof length === 'string') { encoding = length; length = undefined; }
    offset = offset === undefined ? 0 : offset;
    if (typeof offset !== 'number') throw invalidArgType('offset', 'of type number', offset);
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length) throw outOfRange('offset', `>= 0 && <= ${this.length}`, offset);
    const bytes = encodeString(String(string), encoding);
    const n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
    this.set(bytes.subarray(0, n), offset);
    return n;
  }

  fill(value, offset = 0, end = this.length, encoding) {
    if (typeof offset === 'string') { encoding = offset; offset = 0; end = this.length; }
    if (typeof end === 'string') { encoding = end; end = this.length; }
    if (encoding !== undefined) normalizeEncoding(encoding);
    if (value instanceof Uint8Array) {
      if (value.length === 0) throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'value' is invalid. Received Uint8Array []");
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % value.length) this[i] = value[j];
      return this;
    }
    if (typeof value === 'string') {
      const bytes = value.length === 1 && value.charCodeAt(0) < 128 ? [value.charCodeAt(0)] : encodeString(value, encoding);
      if (bytes.length === 0) return super.fill(0, offset, end);
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
      return this;
    }
    return super.fill(typeof value === 'number' ? value & 255 : value, offset, end);
  }

  slice(start, end) { return this.subarray(start, end); }

  copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
    const src = this.subarray(sourceStart, Math.min(sourceEnd, sourceStart + target.length - targetStart));
    target.set(src, targetStart);
    return src.length;
  }

  indexOf(value, byteOffset = 0, encoding) {
    if (typeof value === 'number') return super.indexOf(value & 255, byteOffset);
    const needle = typeof value === 'string' ? encodeString(value, encoding) : value;
    if (byteOffset < 0) byteOffset = Math.max(0, this.length + byteOffset);
    if (needle.length === 0) return byteOffset <= this.length ? byteOffset : this.length;
    outer: for (let i = byteOffset; i + needle.length <= this.length; i++) {
      for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  includes(value, byteOffset, encoding) { return this.indexOf(value, byteOffset, encoding) !== -1; }

  [inspect.custom]() {
    const max = 50;
    const parts = [];
    for (let i = 0; i < Math.min(max, this.length); i++) parts.push(this[i].toString(16).padStart(2, '0'));
    const more = this.length > max ? ` ... ${this.length - max} more byte${this.length - max > 1 ? 's' : ''}` : '';
    return `<Buffer${parts.length ? ' ' : ''}${parts.join(' ')}${more}>`;
  }
}
Buffer.poolSize = 8192;

// --- Numbers in buffers ------------------------------------------------------------------------
// read*/write* for 8- to 64-bit integers, floats and doubles, either byte order, with Node's
// checks: an offset that is no integer or leaves too few bytes is ERR_OUT_OF_RANGE (or
// ERR_BUFFER_OUT_OF_BOUNDS when the buffer is shorter than the number), a value out of the
// type's range ERR_OUT_OF_RANGE, in Node's words.

/// Node's way of showing a large number in an error: 4_294_967_296, 2n for bigints.
function shown(value) {
  let s = String(value);
  const big = typeof value === 'bigint' ? value > 2n ** 32n || value < -(2n ** 32n) : Number.isInteger(value) && Math.abs(value) > 2 ** 32;
  if (big) {
    const start = s[0] === '-' ? 1 : 0;
    let grouped = '';
    let i = s.length;
    for (; i >= start + 4; i -= 3) grouped = `_${s.slice(i - 3, i)}${grouped}`;
    s = `${s.slice(0, i)}${grouped}`;
  }
  return typeof value === 'bigint' ? `${s}n` : s;
}

function rangeError(name, range, value) {
  return codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${shown(value)}`);
}

/// The offset of a read or write of `size` bytes, checked.
function at(buf, offset, size) {
  if (offset === undefined) offset = 0;
  else if (typeof offset !== 'number') throw invalidArgType('offset', 'of type number', offset);
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) {
    if (Math.floor(offset) !== offset) throw rangeError('offset', 'an integer', offset);
    if (buf.length - size < 0) throw codedError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', 'Attempt to access memory outside buffer bounds');
    throw rangeError('offset', `>= 0 and <= ${buf.length - size}`, offset);
  }
  return offset;
}

/// The byte count of readUIntLE and its kin: an integer from 1 to 6.
function sizeOf(byteLength) {
  if (typeof byteLength !== 'number') throw invalidArgType('byteLength', 'of type number', byteLength);
  if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 6) {
    throw rangeError('byteLength', Number.isInteger(byteLength) ? '>= 1 and <= 6' : 'an integer', byteLength);
  }
  return byteLength;
}

/// An integer value to write into `size` bytes, checked against the type's range.
function intValue(value, size, signed) {
  const v = +value;
  const bits = size * 8;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (v > max || v < min) {
    let range;
    if (size > 4) range = signed ? `>= -(2 ** ${bits - 1}) and < 2 ** ${bits - 1}` : `>= 0 and < 2 ** ${bits}`;
    else range = `>= ${min} and <= ${max}`;
    throw rangeError('value', range, v);
  }
  return v;
}

function bigValue(value, signed) {
  if (typeof value !== 'bigint') throw invalidArgType('value', 'of type bigint', value);
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  if (value > max || value < min) {
    throw rangeError('value', signed ? '>= -(2n ** 63n) and < 2n ** 63n' : '>= 0n and < 2n ** 64n', value);
  }
  return BigInt.asUintN(64, value);
}

// Unsigned integers of `size` bytes, least significant byte first (le) or last.
function readUnsigned(buf, o, size, le) {
  let v = 0;
  for (let i = 0; i < size; i++) v += buf[o + (le ? i : size - 1 - i)] * 2 ** (8 * i);
  return v;
}

function writeUnsigned(buf, v, o, size, le) {
  // Negative values are written in two's complement.
  let u = v < 0 ? v + 2 ** (size * 8) : v;
  for (let i = 0; i < size; i++) {
    buf[o + (le ? i : size - 1 - i)] = u % 256;
    u = Math.floor(u / 256);
  }
  return o + size;
}

function signed(v, size) {
  const half = 2 ** (size * 8 - 1);
  return v >= half ? v - 2 * half : v;
}

// Floats go through these, copied in the platform's (little-endian) order or reversed.
const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

function readFloat(buf, o, bytes, array, le) {
  const n = bytes.length;
  for (let i = 0; i < n; i++) bytes[i] = buf[o + (le ? i : n - 1 - i)];
  return array[0];
}

function writeFloat(buf, v, o, bytes, array, le) {
  array[0] = +v;
  const n = bytes.length;
  for (let i = 0; i < n; i++) buf[o + (le ? i : n - 1 - i)] = bytes[i];
  return o + n;
}

const numberMethods = {
  readUInt8(o) { return this[at(this, o, 1)]; },
  readUInt16LE(o) { o = at(this, o, 2); return this[o] + this[o + 1] * 256; },
  readUInt16BE(o) { o = at(this, o, 2); return this[o] * 256 + this[o + 1]; },
  readUInt32LE(o) { o = at(this, o, 4); return readUnsigned(this, o, 4, true); },
  readUInt32BE(o) { o = at(this, o, 4); return readUnsigned(this, o, 4, false); },
  readUIntLE(o, byteLength) { const n = sizeOf(byteLength); return readUnsigned(this, at(this, o, n), n, true); },
  readUIntBE(o, byteLength) { const n = sizeOf(byteLength); return readUnsigned(this, at(this, o, n), n, false); },
  readInt8(o) { return signed(this[at(this, o, 1)], 1); },
  readInt16LE(o) { return signed(readUnsigned(this, at(this, o, 2), 2, true), 2); },
  readInt16BE(o) { return signed(readUnsigned(this, at(this, o, 2), 2, false), 2); },
  readInt32LE(o) { return signed(readUnsigned(this, at(this, o, 4), 4, true), 4); },
  readInt32BE(o) { return signed(readUnsigned(this, at(this, o, 4), 4, false), 4); },
  readIntLE(o, byteLength) { const n = sizeOf(byteLength); return signed(readUnsigned(this, at(this, o, n), n, true), n); },
  readIntBE(o, byteLength) { const n = sizeOf(byteLength); return signed(readUnsigned(this, at(this, o, n), n, false), n); },
  readBigUInt64LE(o) { o = at(this, o, 8); return BigInt(readUnsigned(this, o, 4, true)) + (BigInt(readUnsigned(this, o + 4, 4, true)) << 32n); },
  readBigUInt64BE(o) { o = at(this, o, 8); return (BigInt(readUnsigned(this, o, 4, false)) << 32n) + BigInt(readUnsigned(this, o + 4, 4, false)); },
  readBigInt64LE(o) { return BigInt.asIntN(64, this.readBigUInt64LE(o)); },
  readBigInt64BE(o) { return BigInt.asIntN(64, this.readBigUInt64BE(o)); },
  readFloatLE(o) { return readFloat(this, at(this, o, 4), f32Bytes, f32, true); },
  readFloatBE(o) { return readFloat(this, at(this, o, 4), f32Bytes, f32, false); },
  readDoubleLE(o) { return readFloat(this, at(this, o, 8), f64Bytes, f64, true); },
  readDoubleBE(o) { return readFloat(this, at(this, o, 8), f64Bytes, f64, false); },

  writeUInt8(v, o) { v = intValue(v, 1, false); o = at(this, o, 1); this[o] = v; return o + 1; },
  writeUInt16LE(v, o) { v = intValue(v, 2, false); return writeUnsigned(this, v, at(this, o, 2), 2, true); },
  writeUInt16BE(v, o) { v = intValue(v, 2, false); return writeUnsigned(this, v, at(this, o, 2), 2, false); },
  writeUInt32LE(v, o) { v = intValue(v, 4, false); return writeUnsigned(this, v, at(this, o, 4), 4, true); },
  writeUInt32BE(v, o) { v = intValue(v, 4, false); return writeUnsigned(this, v, at(this, o, 4), 4, false); },
  writeUIntLE(v, o, byteLength) { const n = sizeOf(byteLength); v = intValue(v, n, false); return writeUnsigned(this, v, at(this, o, n), n, true); },
  writeUIntBE(v, o, byteLength) { const n = sizeOf(byteLength); v = intValue(v, n, false); return writeUnsigned(this, v, at(this, o, n), n, false); },
  writeInt8(v, o) { v = intValue(v, 1, true); o = at(this, o, 1); this[o] = v; return o + 1; },
  writeInt16LE(v, o) { v = intValue(v, 2, true); return writeUnsigned(this, v, at(this, o, 2), 2, true); },
  writeInt16BE(v, o) { v = intValue(v, 2, true); return writeUnsigned(this, v, at(this, o, 2), 2, false); },
  writeInt32LE(v, o) { v = intValue(v, 4, true); return writeUnsigned(this, v, at(this, o, 4), 4, true); },
  writeInt32BE(v, o) { v = intValue(v, 4, true); return writeUnsigned(this, v, at(this, o, 4), 4, false); },
  writeIntLE(v, o, byteLength) { const n = sizeOf(byteLength); v = intValue(v, n, true); return writeUnsigned(this, v, at(this, o, n), n, true); },
  writeIntBE(v, o, byteLength) { const n = sizeOf(byteLength); v = intValue(v, n, true); return writeUnsigned(this, v, at(this, o, n), n, false); },
  writeBigUInt64LE(v, o) { return writeBig(this, bigValue(v, false), o, true); },
  writeBigUInt64BE(v, o) { return writeBig(this, bigValue(v, false), o, false); },
  writeBigInt64LE(v, o) { return writeBig(this, bigValue(v, true), o, true); },
  writeBigInt64BE(v, o) { return writeBig(this, bigValue(v, true), o, false); },
  writeFloatLE(v, o) { return writeFloat(this, v, at(this, o, 4), f32Bytes, f32, true); },
  writeFloatBE(v, o) { return writeFloat(this, v, at(this, o, 4), f32Bytes, f32, false); },
  writeDoubleLE(v, o) { return writeFloat(this, v, at(this, o, 8), f64Bytes, f64, true); },
  writeDoubleBE(v, o) { return writeFloat(this, v, at(this, o, 8), f64Bytes, f64, false); },

  swap16() { return swap(this, 2); },
  swap32() { return swap(this, 4); },
  swap64() { return swap(this, 8); },
};

function writeBig(buf, u, o, le) {
  o = at(buf, o, 8);
  const lo = Number(u & 0xffffffffn);
  const hi = Number(u >> 32n);
  writeUnsigned(buf, le ? lo : hi, o, 4, le);
  writeUnsigned(buf, le ? hi : lo, o + 4, 4, le);
  return o + 8;
}

/// Reverses the byte order of each `n`-byte group in place.
function swap(buf, n) {
  if (buf.length % n !== 0) {
    throw codedError(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${n * 8}-bits`);
  }
  for (let i = 0; i < buf.length; i += n) {
    for (let a = i, b = i + n - 1; a < b; a++, b--) {
      const t = buf[a];
      buf[a] = buf[b];
      buf[b] = t;
    }
  }
  return buf;
}

for (const [name, fn] of Object.entries(numberMethods)) {
  Object.defineProperty(Buffer.prototype, name, { value: fn, writable: true, configurable: true });
  // Node's lower-case aliases: readUint8, writeBigUint64LE, ...
  if (name.includes('UInt')) {
    Object.defineProperty(Buffer.prototype, name.replace('UInt', 'Uint'), { value: fn, writable: true, configurable: true });
  }
}

function checkSize(size) {
  if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size);
  if (!(size >= 0 && size <= 2 ** 32)) throw outOfRange('size', `>= 0 && <= ${2 ** 32}`, size);
}

export const kMaxLength = 2 ** 32;
export const kStringMaxLength = 2 ** 29 - 24;
export const INSPECT_MAX_BYTES = 50;

function viewBytes(input, name) {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw invalidArgType(name, 'an instance of ArrayBuffer, Buffer, or TypedArray', input);
}

/// Whether the bytes are valid UTF-8.
export function isUtf8(input) {
  const bytes = viewBytes(input, 'input');
  try {
    native.utf8Decode(bytes, true);
    return true;
  } catch {
    return false;
  }
}

/// Whether every byte is ASCII.
export function isAscii(input) {
  const bytes = viewBytes(input, 'input');
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return false;
  return true;
}

/// `buffer.transcode(source, from, to)`: the text of `source` in one encoding, re-encoded.
export function transcode(source, fromEnc, toEnc) {
  if (!(source instanceof Uint8Array)) throw invalidArgType('source', 'an instance of Buffer or Uint8Array', source);
  const text = decodeBytes(source, fromEnc);
  const out = encodeString(text, toEnc);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/// The deprecated SlowBuffer: an unpooled Buffer.
export function SlowBuffer(size) { return Buffer.allocUnsafeSlow(size); }
export const constants = { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength };
export { atob, btoa, Blob, File };
export default {
  Buffer, kMaxLength, kStringMaxLength, INSPECT_MAX_BYTES, constants, atob, btoa, Blob, File,
  isUtf8, isAscii, transcode, SlowBuffer,
};

provide('node:buffer', { Buffer });
