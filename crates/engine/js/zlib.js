// node:zlib: gzip, zlib (deflate) and raw DEFLATE, compressing and decompressing whole
// buffers natively (src/native/deflate.rs). The *Sync functions return the result; the others
// call back on a later tick. The compression streams (createGzip, createDeflate,
// createDeflateRaw) pass on each 64 KiB piece as it is compressed, and what was written so far
// on flush(); the decompression streams (createGunzip, createInflate, createInflateRaw,
// createUnzip) pass on what each write decodes to, in pieces of at most about 64 KiB, holding
// only zlib's 32 KiB window between writes (src/native/inflate.rs).

import native from 'internal:native';
import { Buffer } from 'node:buffer';
import { Transform } from 'node:stream';
import { invalidArgType, validateFunction, outOfRange } from 'internal:errors';

export const constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0,
  DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7,
};
export const codes = {
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
};

const RAW = 0;
const ZLIB = 1;
const GZIP = 2;
const AUTO = 3;

function inputBytes(buffer) {
  if (typeof buffer === 'string') return Buffer.from(buffer);
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer', buffer);
}

function levelOf(options) {
  const level = options && options.level !== undefined ? options.level : -1;
  if (!Number.isInteger(level) || level < -1 || level > 9) {
    throw outOfRange('options.level', '>= -1 and <= 9', level);
  }
  return level === -1 ? 6 : level;
}

// A wasm32 instance cannot hold much more: past this, output is refused with a RangeError
// rather than growing memory until the instance traps.
const DEFAULT_MAX_OUTPUT = 2 ** 30;

function maxOutputOf(options) {
  return options && typeof options.maxOutputLength === 'number' ? options.maxOutputLength : DEFAULT_MAX_OUTPUT;
}

function toBuffer(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function compressSync(format) {
  return (buffer, options) => toBuffer(native.zlibCompress(format, inputBytes(buffer), levelOf(options)));
}

/// Whether a decompression must reach the end of the compressed stream: yes unless
/// `finishFlush` asks for less than Z_FINISH (as Node's fetch does with Z_SYNC_FLUSH), when
/// input that stops short gives what it decodes to.
function mustFinish(options) {
  const flush = options && options.finishFlush !== undefined ? options.finishFlush : constants.Z_FINISH;
  if (!Number.isInteger(flush) || flush < 0 || flush > 5) {
    throw outOfRange('options.finishFlush', '>= 0 and <= 5', flush);
  }
  return flush === constants.Z_FINISH;
}

function decompressSync(format) {
  return (buffer, options) => {
    const bytes = inputBytes(buffer);
    if (mustFinish(options)) return toBuffer(native.zlibDecompress(format, bytes, maxOutputOf(options)));
    const inflater = native.zlibInflater(format, maxOutputOf(options));
    return toBuffer(native.zlibInflatePiece(inflater, bytes, false, Infinity));
  };
}

export const deflateSync = compressSync(ZLIB);
export const deflateRawSync = compressSync(RAW);
export const gzipSync = compressSync(GZIP);
export const inflateSync = decompressSync(ZLIB);
export const inflateRawSync = decompressSync(RAW);
export const gunzipSync = decompressSync(GZIP);
export const unzipSync = decompressSync(AUTO);

/// The callback form: the result or the error on a later tick.
function withCallback(sync) {
  return (buffer, options, callback) => {
    if (typeof options === 'function') { callback = options; options = undefined; }
    validateFunction(callback, 'callback');
    let result;
    let error = null;
    try {
      result = sync(buffer, options);
    } catch (e) {
      error = e;
    }
    process.nextTick(callback, error, result);
  };
}

export const deflate = withCallback(deflateSync);
export const deflateRaw = withCallback(deflateRawSync);
export const gzip = withCallback(gzipSync);
export const inflate = withCallback(inflateSync);
export const inflateRaw = withCallback(inflateRawSync);
export const gunzip = withCallback(gunzipSync);
export const unzip = withCallback(unzipSync);

// Input bytes gathered before a compression stream compresses them and passes them on.
const PIECE = 64 * 1024;

/// A compression stream: what is written is compressed in pieces of about PIECE bytes, each
/// passed on at once (src/native/deflate.rs Deflater); flush() passes on what was written so
/// far, decodable up to there, as zlib's Z_SYNC_FLUSH does; the end ends the stream.
class DeflateStream extends Transform {
  #deflater;
  #parts = [];
  #size = 0;

  constructor(format, options) {
    super(options);
    this.#deflater = native.zlibDeflater(format, levelOf(options));
    this.bytesWritten = 0;
  }

  #piece(end) {
    const input = this.#parts.length === 1 ? this.#parts[0] : Buffer.concat(this.#parts);
    this.#parts = [];
    this.#size = 0;
    return toBuffer(native.zlibDeflatePiece(this.#deflater, input, end));
  }

  _transform(chunk, encoding, callback) {
    const bytes = inputBytes(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    // A copy: the writer may reuse its buffer once the callback has run.
    this.#parts.push(Uint8Array.prototype.slice.call(bytes));
    this.#size += bytes.byteLength;
    this.bytesWritten += bytes.byteLength;
    if (this.#size >= PIECE) this.push(this.#piece(false));
    callback();
  }

  _flush(callback) {
    let out;
    try {
      out = this.#piece(true);
    } catch (e) {
      callback(e);
      return;
    }
    callback(null, out);
  }

  flush(kind, callback) {
    if (typeof kind === 'function') callback = kind;
    if (this.#size > 0 && !this.writableEnded) this.push(this.#piece(false));
    if (callback) process.nextTick(callback);
  }

  close(callback) {
    if (callback) process.nextTick(callback);
    this.destroy();
  }
}

// The most decoded bytes a decompression stream pushes at once.
const OUT_PIECE = 64 * 1024;
const NO_BYTES = new Uint8Array(0);

/// A decompression stream: each write is decoded as far as it goes and passed on at once, in
/// pieces of at most about OUT_PIECE bytes; the end is an error if the compressed stream has
/// not ended ('unexpected end of file', Z_BUF_ERROR; unless `finishFlush` is less than
/// Z_FINISH), bad data at once (Z_DATA_ERROR).
/// Bytes after the end of a zlib or raw stream are ignored; after a gzip member, another
/// member may follow.
class InflateStream extends Transform {
  #inflater;
  #finish;

  constructor(format, options) {
    super(options);
    this.#finish = mustFinish(options);
    this.#inflater = native.zlibInflater(format, 0);
    this.bytesWritten = 0;
  }

  #decode(bytes, end) {
    for (;;) {
      const out = native.zlibInflatePiece(this.#inflater, bytes, end, OUT_PIECE);
      if (out.byteLength > 0) this.push(toBuffer(out));
      if (out.byteLength < OUT_PIECE) return;
      bytes = NO_BYTES;
    }
  }

  _transform(chunk, encoding, callback) {
    const bytes = inputBytes(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    this.bytesWritten += bytes.byteLength;
    try {
      this.#decode(bytes, false);
    } catch (e) {
      callback(e);
      return;
    }
    callback();
  }

  _flush(callback) {
    try {
      this.#decode(NO_BYTES, this.#finish);
    } catch (e) {
      callback(e);
      return;
    }
    callback();
  }

  flush(kind, callback) {
    if (typeof kind === 'function') callback = kind;
    if (callback) process.nextTick(callback);
  }

  close(callback) {
    if (callback) process.nextTick(callback);
    this.destroy();
  }
}

export class Deflate extends DeflateStream { constructor(o) { super(ZLIB, o); } }
export class DeflateRaw extends DeflateStream { constructor(o) { super(RAW, o); } }
export class Gzip extends DeflateStream { constructor(o) { super(GZIP, o); } }
export class Inflate extends InflateStream { constructor(o) { super(ZLIB, o); } }
export class InflateRaw extends InflateStream { constructor(o) { super(RAW, o); } }
export class Gunzip extends InflateStream { constructor(o) { super(GZIP, o); } }
export class Unzip extends InflateStream { constructor(o) { super(AUTO, o); } }

export function createDeflate(options) { return new Deflate(options); }
export function createDeflateRaw(options) { return new DeflateRaw(options); }
export function createGzip(options) { return new Gzip(options); }
export function createInflate(options) { return new Inflate(options); }
export function createInflateRaw(options) { return new InflateRaw(options); }
export function createGunzip(options) { return new Gunzip(options); }
export function createUnzip(options) { return new Unzip(options); }

// Node also has every constant on the module itself (zlib.Z_SYNC_FLUSH).
const flat = { ...constants };

/// The CRC-32 of `data` (a string as UTF-8, or bytes), continuing from `value`.
export function crc32(data, value = 0) {
  let bytes;
  if (typeof data === 'string') bytes = native.utf8Encode(data);
  else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  else throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  if (typeof value !== 'number') throw invalidArgType('value', 'of type number', value);
  if (!Number.isInteger(value)) {
    throw outOfRange('value', 'an integer', value);
  }
  if (value < 0 || value > 0xffffffff) {
    throw outOfRange('value', '>= 0 && <= 4294967295', value);
  }
  return native.zlibCrc32(bytes, value);
}

export default {
  crc32,
  ...flat,
  constants, codes, deflateSync, deflateRawSync, gzipSync, inflateSync, inflateRawSync, gunzipSync,
  unzipSync, deflate, deflateRaw, gzip, inflate, inflateRaw, gunzip, unzip, Deflate, DeflateRaw,
  Gzip, Inflate, InflateRaw, Gunzip, Unzip, createDeflate, createDeflateRaw, createGzip,
  createInflate, createInflateRaw, createGunzip, createUnzip,
};
