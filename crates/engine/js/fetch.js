// WHATWG fetch: fetch, Headers, Request, Response, and the small ReadableStream their bodies
// use. The HTTP work (pool, codec, sockets) is native: see src/native/http_client.rs.

import { provide } from 'internal:lazy';
import native from 'internal:native';
import { URL, URLSearchParams } from 'internal:url';
import { invalidArgType } from 'internal:errors';
import { customInspect, inspectView } from 'internal:inspect';
import { Blob, blobBytes } from 'internal:blob';
import { FormData, encodeMultipart, decodeFormData } from 'internal:formdata';
import { rejectUnauthorizedDefault } from 'internal:tls_common';

const USER_AGENT = 'wasmedge_quickjs';
const MAX_REDIRECTS = 20;
const MAX_SOCKETS_PER_ORIGIN = 16;

const utf8 = (s) => native.utf8Encode(String(s));
const utf8Decode = (b) => native.utf8Decode(b);

// ---------------------------------------------------------------------------------------------
// ReadableStream: enough of the Streams standard for bodies: an underlying source with start,
// pull and cancel, a default reader, async iteration, tee, and ReadableStream.from.

const kSource = Symbol('source');

export class ReadableStreamDefaultController {
  #stream;
  constructor(stream, key) {
    if (key !== kSource) throw new TypeError('Illegal constructor');
    this.#stream = stream;
  }
  get desiredSize() { return this.#stream._desiredSize(); }
  enqueue(chunk) { this.#stream._enqueue(chunk); }
  close() { this.#stream._close(); }
  error(e) { this.#stream._error(e); }
}

export class ReadableStream {
  #state = 'readable';
  #queue = [];
  #reads = [];
  #error;
  #source;
  #controller;
  #pulling = false;
  #closeRequested = false;
  #started = false;
  #reader = null;
  #disturbed = false;

  constructor(source = {}, strategy = {}) {
    if (source === null || typeof source !== 'object') throw invalidArgType('source', 'an object', source);
    this.#source = source;
    this.#controller = new ReadableStreamDefaultController(this, kSource);
    this._highWaterMark = strategy && strategy.highWaterMark !== undefined ? Number(strategy.highWaterMark) : 1;
    let started;
    try {
      started = typeof source.start === 'function' ? source.start(this.#controller) : undefined;
    } catch (e) {
      this._error(e);
      throw e;
    }
    Promise.resolve(started).then(() => { this.#started = true; this.#maybePull(); }, (e) => this._error(e));
  }

  static from(iterable) {
    if (iterable instanceof ReadableStream) return iterable;
    const it = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
    return new ReadableStream({
      async pull(c) {
        const { value, done } = await it.next();
        if (done) c.close(); else c.enqueue(value);
      },
      async cancel(reason) { if (typeof it.return === 'function') await it.return(reason); },
    }, { highWaterMark: 0 });
  }

  get locked() { return this.#reader !== null; }
  [customInspect]() {
    return inspectView('ReadableStream', { locked: this.locked, state: this.#state, supportsBYOB: false });
  }
  get _disturbed() { return this.#disturbed; }

  _desiredSize() {
    if (this.#state === 'errored') return null;
    if (this.#state === 'closed') return 0;
    return this._highWaterMark - this.#queue.length;
  }

  _enqueue(chunk) {
    if (this.#state !== 'readable' || this.#closeRequested) throw new TypeError('Invalid state: the stream is closed');
    const read = this.#reads.shift();
    if (read) read.resolve({ value: chunk, done: false });
    else this.#queue.push(chunk);
    this.#maybePull();
  }

  _close() {
    if (this.#state !== 'readable' || this.#closeRequested) throw new TypeError('Invalid state: the stream is closed');
    this.#closeRequested = true;
    if (this.#queue.length === 0) this.#finish();
  }

  #finish() {
    this.#state = 'closed';
    for (const r of this.#reads.splice(0)) r.resolve({ value: undefined, done: true });
    if (this.#reader) this.#reader._settleClosed(null);
  }

  _error(e) {
    if (this.#state !== 'readable') return;
    this.#state = 'errored';
    this.#error = e;
    this.#queue = [];
    for (const r of this.#reads.splice(0)) r.reject(e);
    if (this.#reader) this.#reader._settleClosed(e);
  }

  #maybePull() {
    if (!this.#started || this.#pulling || this.#state !== 'readable' || this.#closeRequested) return;
    if (this.#reads.length === 0 && this._desiredSize() <= 0) return;
    if (typeof this.#source.pull !== 'function') return;
    this.#pulling = true;
    let p;
    try {
      p = Promise.resolve(this.#source.pull(this.#controller));
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(() => { this.#pulling = false; this.#maybePull(); }, (e) => { this.#pulling = false; this._error(e); });
  }

  _read() {
    this.#disturbed = true;
    if (this.#queue.length > 0) {
      const value = this.#queue.shift();
      if (this.#closeRequested && this.#queue.length === 0) this.#finish();
      else this.#maybePull();
      return Promise.resolve({ value, done: false });
    }
    if (this.#state === 'closed') return Promise.resolve({ value: undefined, done: true });
    if (this.#state === 'errored') return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      this.#reads.push({ resolve, reject });
      this.#maybePull();
    });
  }

  _cancel(reason) {
    this.#disturbed = true;
    if (this.#state === 'closed') return Promise.resolve();
    if (this.#state === 'errored') return Promise.reject(this.#error);
    this.#queue = [];
    this.#finish();
    try {
      return Promise.resolve(typeof this.#source.cancel === 'function' ? this.#source.cancel(reason) : undefined).then(() => {});
    } catch (e) {
      return Promise.reject(e);
    }
  }

  _state() { return this.#state; }
  _storedError() { return this.#error; }
  _releaseReader() { this.#reader = null; }

  cancel(reason) {
    if (this.locked) return Promise.reject(new TypeError('Invalid state: the stream is locked'));
    return this._cancel(reason);
  }

  getReader(options) {
    if (options && options.mode !== undefined) throw new RangeError('Only default readers are supported');
    if (this.locked) throw new TypeError('Invalid state: ReadableStream is locked');
    this.#reader = new ReadableStreamDefaultReader(this, kSource);
    return this.#reader;
  }

  /// Reads every chunk into `dest` (a WritableStream) through a writer, waiting for each
  /// write; then closes it, unless told otherwise. An error on one side aborts the other (or
  /// cancels this stream); `signal` stops the pipe with its reason.
  pipeTo(dest, options = {}) {
    if (!dest || typeof dest.getWriter !== 'function') {
      return Promise.reject(invalidArgType('destination', 'an instance of WritableStream', dest));
    }
    if (options === null || typeof options !== 'object') {
      return Promise.reject(invalidArgType('options', 'an object', options));
    }
    if (this.locked) return Promise.reject(new TypeError('Invalid state: ReadableStream is locked'));
    if (dest.locked) return Promise.reject(new TypeError('Invalid state: WritableStream is locked'));
    const { preventClose = false, preventAbort = false, preventCancel = false, signal } = options;
    const reader = this.getReader();
    const writer = dest.getWriter();
    return (async () => {
      let stop = null;
      const onAbort = () => { stop = signal.reason; reader.cancel(signal.reason).catch(() => {}); };
      if (signal) {
        if (signal.aborted) stop = signal.reason;
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      try {
        for (;;) {
          if (stop !== null) {
            if (!preventAbort) await writer.abort(stop).catch(() => {});
            if (!preventCancel) await reader.cancel(stop).catch(() => {});
            throw stop;
          }
          let step;
          try {
            step = await reader.read();
          } catch (e) {
            if (stop !== null) continue;
            if (!preventAbort) await writer.abort(e).catch(() => {});
            throw e;
          }
          if (step.done) {
            if (stop !== null) continue;
            if (!preventClose) await writer.close();
            return;
          }
          try {
            await writer.ready;
            await writer.write(step.value);
          } catch (e) {
            if (!preventCancel) await reader.cancel(e).catch(() => {});
            throw e;
          }
        }
      } finally {
        if (signal) signal.removeEventListener('abort', onAbort);
        reader.releaseLock();
        writer.releaseLock();
      }
    })();
  }

  /// Pipes into `transform.writable` and returns `transform.readable`.
  pipeThrough(transform, options) {
    if (!transform || !transform.readable || !transform.writable) {
      throw invalidArgType('transform', 'an object with readable and writable properties', transform);
    }
    if (this.locked) throw new TypeError('Invalid state: ReadableStream is locked');
    this.pipeTo(transform.writable, options).catch(() => {});
    return transform.readable;
  }

  tee() {
    const reader = this.getReader();
    let branches;
    let reading = false;
    const cancelled = [false, false];
    const pullBoth = () => {
      if (reading) return Promise.resolve();
      reading = true;
      return reader.read().then(({ value, done }) => {
        reading = false;
        for (let i = 0; i < 2; i++) {
          if (cancelled[i]) continue;
          if (done) branches[i]._close(); else branches[i]._enqueue(value);
        }
      }, (e) => { reading = false; branches[0]._error(e); branches[1]._error(e); });
    };
    const branch = (i) => new ReadableStream({
      pull: pullBoth,
      cancel: (reason) => {
        cancelled[i] = true;
        if (cancelled[0] && cancelled[1]) return reader.cancel(reason);
        return undefined;
      },
    }, { highWaterMark: 0 });
    branches = [branch(0), branch(1)];
    return branches;
  }

  async *values(options) {
    const reader = this.getReader();
    const preventCancel = Boolean(options && options.preventCancel);
    let finished = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { finished = true; return; }
        yield value;
      }
    } catch (e) {
      finished = true;
      throw e;
    } finally {
      if (!finished && !preventCancel) await reader.cancel();
      reader.releaseLock();
    }
  }

  [Symbol.asyncIterator](options) { return this.values(options); }

  get [Symbol.toStringTag]() { return 'ReadableStream'; }
}

export class ReadableStreamDefaultReader {
  #stream;
  #closed;
  #resolveClosed;
  #rejectClosed;

  constructor(stream, key) {
    if (key !== kSource) {
      if (!(stream instanceof ReadableStream)) throw invalidArgType('stream', 'an instance of ReadableStream', stream);
      return stream.getReader();
    }
    this.#stream = stream;
    this.#closed = new Promise((res, rej) => { this.#resolveClosed = res; this.#rejectClosed = rej; });
    this.#closed.catch(() => {});
    const state = stream._state();
    if (state === 'closed') this.#resolveClosed();
    if (state === 'errored') this.#rejectClosed(stream._storedError());
  }

  _settleClosed(e) { if (e === null) this.#resolveClosed(); else this.#rejectClosed(e); }

  get closed() { return this.#closed; }

  read() {
    if (!this.#stream) return Promise.reject(new TypeError('Invalid state: the reader is released'));
    return this.#stream._read();
  }

  cancel(reason) {
    if (!this.#stream) return Promise.reject(new TypeError('Invalid state: the reader is released'));
    return this.#stream._cancel(reason);
  }

  releaseLock() {
    if (!this.#stream) return;
    this.#stream._releaseReader();
    this.#stream = null;
  }
}

// ---------------------------------------------------------------------------------------------
// Headers

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE = /[\0\r\n]/;

function normalizeValue(value) {
  // Leading and trailing HTTP whitespace (tab, LF, CR, space) is dropped.
  return String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

function checkName(name) {
  name = String(name);
  if (!TOKEN.test(name)) throw new TypeError(`Headers.append: "${name}" is an invalid header name.`);
  return name.toLowerCase();
}

function checkValue(name, value) {
  value = normalizeValue(value);
  if (INVALID_VALUE.test(value) || /[^\0-\xff]/.test(value)) {
    throw new TypeError(`Headers.append: "${value}" is an invalid header value for the "${name}" header.`);
  }
  return value;
}

const kGuard = Symbol('guard');
const kList = Symbol('list');

export class Headers {
  // The header list: [lowercase name, value] in insertion order, duplicates kept.
  [kList] = [];
  [kGuard] = 'none';

  [customInspect]() {
    const fields = {};
    for (const [name, value] of this) fields[name] = value;
    return inspectView('Headers', fields);
  }

  constructor(init = undefined) {
    if (init === undefined || init === null) return;
    if (typeof init !== 'object') throw new TypeError("Headers constructor: init must be an object or iterable");
    if (init instanceof Headers) {
      for (const [n, v] of init[kList]) this[kList].push([n, v]);
      return;
    }
    if (typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        if (pair === null || typeof pair !== 'object' || typeof pair[Symbol.iterator] !== 'function') {
          throw new TypeError('Headers constructor: expected name/value pair to be length 2');
        }
        const p = [...pair];
        if (p.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2');
        this.append(p[0], p[1]);
      }
      return;
    }
    for (const key of Reflect.ownKeys(init)) {
      if (typeof key === 'symbol') continue;
      const desc = Reflect.getOwnPropertyDescriptor(init, key);
      if (desc && desc.enumerable) this.append(key, init[key]);
    }
  }

  #mutable() {
    if (this[kGuard] === 'immutable') throw new TypeError('Headers are immutable');
  }

  append(name, value) {
    const n = checkName(name);
    const v = checkValue(name, value);
    this.#mutable();
    this[kList].push([n, v]);
  }

  delete(name) {
    const n = checkName(name);
    this.#mutable();
    this[kList] = this[kList].filter((e) => e[0] !== n);
  }

  get(name) {
    const n = checkName(name);
    let out = null;
    for (const [k, v] of this[kList]) {
      if (k === n) out = out === null ? v : `${out}, ${v}`;
    }
    return out;
  }

  getSetCookie() {
    return this[kList].filter((e) => e[0] === 'set-cookie').map((e) => e[1]);
  }

  has(name) {
    const n = checkName(name);
    return this[kList].some((e) => e[0] === n);
  }

  set(name, value) {
    const n = checkName(name);
    const v = checkValue(name, value);
    this.#mutable();
    const i = this[kList].findIndex((e) => e[0] === n);
    if (i === -1) {
      this[kList].push([n, v]);
    } else {
      this[kList][i] = [n, v];
      this[kList] = this[kList].filter((e, j) => j <= i || e[0] !== n);
    }
  }

  // The sorted and combined view that iteration shows (Fetch "sort and combine").
  #sorted() {
    const names = [...new Set(this[kList].map((e) => e[0]))].sort();
    const out = [];
    for (const n of names) {
      if (n === 'set-cookie') {
        for (const v of this.getSetCookie()) out.push([n, v]);
      } else {
        out.push([n, this.get(n)]);
      }
    }
    return out;
  }

  forEach(callback, thisArg = undefined) {
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    for (const [n, v] of this.#sorted()) callback.call(thisArg, v, n, this);
  }

  *entries() { yield* this.#sorted(); }
  *keys() { for (const [n] of this.#sorted()) yield n; }
  *values() { for (const [, v] of this.#sorted()) yield v; }
  [Symbol.iterator]() { return this.entries(); }
  get [Symbol.toStringTag]() { return 'Headers'; }
}

function headersFromRaw(raw) {
  const h = new Headers();
  const list = h[kList];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i].toLowerCase(), raw[i + 1]]);
  return h;
}

// ---------------------------------------------------------------------------------------------
// Bodies

function bytesOf(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function copyBytes(data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return bytesOf(data).slice();
}

function isAsyncIterable(v) {
  return v !== null && typeof v === 'object' && typeof v[Symbol.asyncIterator] === 'function';
}

// Fetch's "extract a body": [body state, content type or null].
function extractBody(init) {
  if (typeof init === 'string') return [{ bytes: utf8(init) }, 'text/plain;charset=UTF-8'];
  if (init instanceof URLSearchParams) {
    return [{ bytes: utf8(init.toString()) }, 'application/x-www-form-urlencoded;charset=UTF-8'];
  }
  if (init instanceof ArrayBuffer || ArrayBuffer.isView(init)) return [{ bytes: copyBytes(init) }, null];
  if (init instanceof FormData) {
    const [bytes, type] = encodeMultipart(init);
    return [{ bytes }, type];
  }
  // A Blob's bytes never change, so they are shared, not copied.
  if (init instanceof Blob) return [{ bytes: blobBytes(init) }, init.type || null];
  if (init instanceof ReadableStream) {
    if (init.locked || init._disturbed) throw new TypeError('Response body object should not be disturbed or locked');
    return [{ stream: init }, null];
  }
  if (isAsyncIterable(init)) return [{ stream: ReadableStream.from(init) }, null];
  return [{ bytes: utf8(String(init)) }, 'text/plain;charset=UTF-8'];
}

function concat(chunks, total) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

function chunkBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return bytesOf(chunk);
  if (typeof chunk === 'string') return utf8(chunk);
  throw new TypeError('Received non-Uint8Array chunk');
}

// A response body still on the connection: the bytes that came with the head, then native reads.
class WireBody {
  constructor(id, first, done) {
    this.id = id;
    this.first = first;
    this.done = done;
    this.abortReason = undefined;
  }

  async next() {
    if (this.abortReason !== undefined) throw this.abortReason;
    if (this.first) { const c = this.first; this.first = null; return c; }
    if (this.done) return undefined;
    try {
      const c = await native.fetchRead(this.id);
      // The end: undefined, or the trailer fields (which fetch does not expose).
      if (c === undefined || Array.isArray(c)) { this.done = true; return undefined; }
      return c;
    } catch (e) {
      this.done = true;
      if (this.abortReason !== undefined) throw this.abortReason;
      throw new TypeError('terminated', { cause: e });
    }
  }

  cancel() {
    if (!this.done) { this.done = true; native.fetchAbort(this.id); }
  }

  toStream() {
    return new ReadableStream({
      pull: async (c) => {
        const chunk = await this.next();
        if (chunk === undefined) c.close(); else c.enqueue(chunk);
      },
      cancel: () => this.cancel(),
    }, { highWaterMark: 0 });
  }
}

const DECODABLE = new Set(['gzip', 'x-gzip', 'deflate']);

// The most decoded bytes a compressed body's stream hands out at once.
const DECODED_PIECE = 64 * 1024;
const NO_BYTES = new Uint8Array(0);

/// A stream of the decoded bytes of a compressed body (`{ bytes }` or `{ wire }`), decoded as
/// it arrives (src/native/inflate.rs) and handed out in pieces of at most about DECODED_PIECE
/// bytes: gzip (or zlib), or for 'deflate' zlib or else raw DEFLATE, which some servers send.
/// As in Node's fetch, a body that stops short of the compressed stream's end ends there;
/// bad data errors the stream.
function decodedBody(coding, body) {
  const inflater = native.zlibInflater(coding === 'deflate' ? 4 : 3, 0);
  let input = body.bytes || null;
  let ended = !body.wire;
  return new ReadableStream({
    async pull(controller) {
      for (;;) {
        if (input === null && !ended) {
          const c = await body.wire.next();
          if (c === undefined) ended = true; else input = c;
        }
        if (input === null) {
          controller.close();
          return;
        }
        let out;
        try {
          out = native.zlibInflatePiece(inflater, input, false, DECODED_PIECE);
        } catch (cause) {
          if (body.wire) body.wire.cancel();
          controller.error(new TypeError('terminated', { cause }));
          return;
        }
        // More may be decoded from what was given, without new input.
        input = out.byteLength >= DECODED_PIECE ? NO_BYTES : null;
        if (out.byteLength > 0) {
          controller.enqueue(out);
          return;
        }
      }
    },
    cancel() { if (body.wire) body.wire.cancel(); },
  }, { highWaterMark: 0 });
}

// Closes the connection of a response whose body the program dropped unread.
const abandoned = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((wire) => wire.cancel()) : null;

const kBody = Symbol('body');

// The body mixin shared by Request and Response. The state is { bytes } (a Uint8Array),
// { stream } (a ReadableStream), { wire } (a WireBody) or null; `used` marks it consumed.
class Body {
  [kBody] = null;
  #used = false;

  get body() {
    const b = this[kBody];
    if (b === null) return null;
    if (!b.stream) {
      if (b.wire) {
        b.stream = b.wire.toStream();
      } else {
        const bytes = b.bytes;
        b.stream = new ReadableStream({
          start(c) { if (bytes.byteLength) c.enqueue(bytes.slice()); c.close(); },
        });
      }
    }
    return b.stream;
  }

  get bodyUsed() {
    const b = this[kBody];
    return this.#used || Boolean(b && b.stream && b.stream._disturbed);
  }

  async #consume() {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    const b = this[kBody];
    this.#used = true;
    if (b === null) return new Uint8Array(0);
    if (b.stream && b.stream.locked) throw new TypeError('Body is unusable: Body has already been read');
    if (!b.stream && b.bytes) return b.bytes;
    const chunks = [];
    let total = 0;
    if (!b.stream && b.wire) {
      for (;;) {
        const c = await b.wire.next();
        if (c === undefined) break;
        chunks.push(c);
        total += c.byteLength;
      }
    } else {
      const reader = b.stream.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const c = chunkBytes(value);
        chunks.push(c);
        total += c.byteLength;
      }
      reader.releaseLock();
    }
    return total === 0 ? new Uint8Array(0) : concat(chunks, total);
  }

  async arrayBuffer() {
    const b = await this.#consume();
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  }
  async bytes() { const b = await this.#consume(); return new Uint8Array(b.buffer, b.byteOffset, b.byteLength); }
  async text() { return utf8Decode(await this.#consume()); }
  async formData() {
    return decodeFormData(await this.#consume(), this.headers.get('content-type'));
  }
  async blob() {
    const bytes = await this.#consume();
    const type = this.headers.get('content-type');
    return new Blob([bytes], { type: type === null ? '' : type });
  }
  async json() { return JSON.parse(await this.text()); }

  // A copy of the body for clone(): a stream is teed, one branch kept here.
  _cloneBody() {
    const b = this[kBody];
    if (b === null) return null;
    if (this.bodyUsed) throw new TypeError('Body has already been consumed.');
    if (b.bytes && !b.stream) return { bytes: b.bytes };
    const [mine, theirs] = this.body.tee();
    this[kBody] = { stream: mine };
    return { stream: theirs };
  }
}

// ---------------------------------------------------------------------------------------------
// Request

const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const REDIRECT_MODES = new Set(['follow', 'error', 'manual']);

function normalizeMethod(method) {
  method = String(method);
  if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

function parseUrl(input, what) {
  try {
    return new URL(String(input));
  } catch (cause) {
    throw new TypeError(`Failed to parse URL from ${input}`, { cause });
  }
}

export class Request extends Body {
  #url;
  #method = 'GET';
  #headers;
  #signal = null;
  #redirect = 'follow';
  #duplex;

  constructor(input, init = {}) {
    super();
    if (arguments.length === 0) throw new TypeError("Failed to construct 'Request': 1 argument required, but only 0 present.");
    if (init === null || init === undefined) init = {};
    let inputBody = null;
    if (input instanceof Request) {
      this.#url = input.#url;
      this.#method = input.#method;
      this.#headers = new Headers(input.#headers);
      this.#signal = input.#signal;
      this.#redirect = input.#redirect;
      this.#duplex = input.#duplex;
      inputBody = input[kBody];
      if (inputBody !== null && input.bodyUsed) throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
    } else {
      const url = parseUrl(input);
      if (url.username || url.password) throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
      url.hash = '';
      this.#url = url.href;
      this.#headers = new Headers();
    }
    if (init.method !== undefined) this.#method = normalizeMethod(init.method);
    if (init.redirect !== undefined) {
      if (!REDIRECT_MODES.has(init.redirect)) throw new TypeError(`Failed to construct 'Request': '${init.redirect}' is not a valid redirect mode.`);
      this.#redirect = init.redirect;
    }
    if (init.signal !== undefined) {
      if (init.signal !== null && (typeof init.signal !== 'object' || !('aborted' in init.signal))) {
        throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      }
      this.#signal = init.signal;
    }
    if (init.headers !== undefined) this.#headers = new Headers(init.headers);
    if (init.duplex !== undefined) {
      if (init.duplex !== 'half') throw new TypeError(`Failed to construct 'Request': '${init.duplex}' is not a valid duplex mode.`);
      this.#duplex = 'half';
    }
    const body = init.body !== undefined ? init.body : null;
    if ((body !== null || (inputBody !== null && init.body === undefined)) && (this.#method === 'GET' || this.#method === 'HEAD')) {
      if (body !== null || inputBody !== null) throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    if (body !== null) {
      const [state, type] = extractBody(body);
      if (state.stream && this.#duplex !== 'half') {
        throw new TypeError('RequestInit: duplex option is required when sending a body.');
      }
      if (type !== null && !this.#headers.has('content-type')) this.#headers.append('content-type', type);
      this[kBody] = state;
    } else if (inputBody !== null) {
      // The body moves from the input Request to this one.
      this[kBody] = inputBody;
      input[kBody] = null;
    }
  }

  get method() { return this.#method; }
  get url() { return this.#url; }
  get headers() { return this.#headers; }
  // A request made without a signal still has one, which never aborts.
  get signal() { return this.#signal ?? (this.#signal = new AbortController().signal); }
  get redirect() { return this.#redirect; }
  get duplex() { return this.#duplex || 'half'; }
  get cache() { return 'default'; }
  get credentials() { return 'same-origin'; }
  get mode() { return 'cors'; }
  get referrer() { return 'about:client'; }
  get referrerPolicy() { return ''; }
  get integrity() { return ''; }
  get keepalive() { return false; }
  [customInspect]() {
    return inspectView('Request', {
      method: this.method, url: this.url, headers: this.headers, destination: '',
      referrer: this.referrer, referrerPolicy: this.referrerPolicy, mode: this.mode,
      credentials: this.credentials, cache: this.cache, redirect: this.redirect,
      integrity: this.integrity, keepalive: this.keepalive, isReloadNavigation: false,
      isHistoryNavigation: false, signal: this.signal,
    });
  }
  get destination() { return ''; }

  clone() {
    if (this.bodyUsed) throw new TypeError('Request.clone: Body has already been consumed.');
    const r = new Request(this.#url, {
      method: this.#method, headers: this.#headers, signal: this.#signal, redirect: this.#redirect,
    });
    r[kBody] = this._cloneBody();
    return r;
  }

  get [Symbol.toStringTag]() { return 'Request'; }
}

// ---------------------------------------------------------------------------------------------
// Response

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const kInit = Symbol('init');

export class Response extends Body {
  #status = 200;
  #statusText = '';
  #headers = new Headers();
  #type = 'default';
  #urlList = [];

  constructor(body = null, init = {}) {
    super();
    if (init === null || init === undefined) init = {};
    if (init === kInit) return;
    if (init.status !== undefined) {
      const s = Number(init.status);
      if (!Number.isInteger(s) || s < 200 || s > 599) {
        throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
      }
      this.#status = s;
    }
    if (init.statusText !== undefined) {
      const t = String(init.statusText);
      if (/[^\t\x20-\x7e\x80-\xff]/.test(t)) throw new TypeError('Invalid statusText');
      this.#statusText = t;
    }
    if (init.headers !== undefined) this.#headers = new Headers(init.headers);
    if (body !== null && body !== undefined) {
      if (NULL_BODY_STATUS.has(this.#status)) throw new TypeError('Response constructor: Invalid response status code ' + this.#status);
      const [state, type] = extractBody(body);
      if (type !== null && !this.#headers.has('content-type')) this.#headers.append('content-type', type);
      this[kBody] = state;
    }
  }

  static _fromWire(url, urlList, head, wire, method) {
    const r = new Response(null, kInit);
    r.#status = head.status;
    r.#statusText = head.statusText;
    r.#headers = headersFromRaw(head.headers);
    r.#headers[kGuard] = 'immutable';
    r.#type = 'basic';
    r.#urlList = urlList;
    if (method === 'HEAD' || NULL_BODY_STATUS.has(head.status)) {
      r[kBody] = null;
    } else if (head.done) {
      r[kBody] = { bytes: head.body || new Uint8Array(0) };
    } else {
      r[kBody] = { wire };
      if (abandoned) abandoned.register(r, wire, wire);
    }
    // A compressed body (sent although not asked for) is handed out decoded, as Node's fetch
    // hands it out.
    const coding = r[kBody] === null ? null : r.#headers.get('content-encoding');
    if (coding !== null && DECODABLE.has(coding.trim().toLowerCase())) {
      r[kBody] = { stream: decodedBody(coding.trim().toLowerCase(), r[kBody]) };
    }
    return r;
  }

  static error() {
    const r = new Response(null, kInit);
    r.#status = 0;
    r.#type = 'error';
    r.#headers[kGuard] = 'immutable';
    return r;
  }

  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const r = new Response(text, init);
    r.#headers.set('content-type', 'application/json');
    return r;
  }

  static redirect(url, status = 302) {
    const parsed = parseUrl(url);
    if (!REDIRECT_STATUS.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const r = new Response(null, kInit);
    r.#status = status;
    r.#headers.set('location', parsed.href);
    r.#headers[kGuard] = 'immutable';
    return r;
  }

  get type() { return this.#type; }
  get url() { return this.#urlList.length ? this.#urlList[this.#urlList.length - 1] : ''; }
  get redirected() { return this.#urlList.length > 1; }
  get status() { return this.#status; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get statusText() { return this.#statusText; }
  [customInspect]() {
    return inspectView('Response', {
      status: this.status, statusText: this.statusText, headers: this.headers, body: this.body,
      bodyUsed: this.bodyUsed, ok: this.ok, redirected: this.redirected, type: this.type, url: this.url,
    });
  }
  get headers() { return this.#headers; }

  clone() {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    const r = new Response(null, kInit);
    r.#status = this.#status;
    r.#statusText = this.#statusText;
    r.#headers = new Headers(this.#headers);
    r.#headers[kGuard] = this.#headers[kGuard];
    r.#type = this.#type;
    r.#urlList = this.#urlList.slice();
    r[kBody] = this._cloneBody();
    return r;
  }

  get [Symbol.toStringTag]() { return 'Response'; }
}

// ---------------------------------------------------------------------------------------------
// fetch

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

function causeError(message, code) {
  const e = new Error(message);
  if (code) e.code = code;
  return e;
}

function isAbortSignal(s) { return s !== null && typeof s === 'object' && 'aborted' in s; }

// Sends one request and waits for its head; resolves to { head, id }.
function sendOnce(url, method, headerList, body, signal, onId) {
  const headers = [];
  const names = new Set();
  for (const [n, v] of headerList) { headers.push(n, v); names.add(n); }
  if (!names.has('host')) headers.push('host', url.host);
  if (!names.has('accept')) headers.push('accept', '*/*');
  if (!names.has('user-agent')) headers.push('user-agent', USER_AGENT);
  // What the body decoding handles; Node's fetch asks the same.
  if (!names.has('accept-encoding')) headers.push('accept-encoding', 'gzip, deflate');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const https = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : https ? 443 : 80;
  const streamed = Boolean(body && body.stream);
  const [id, headPromise] = native.fetchSend({
    host, port, method,
    tls: https ? { rejectUnauthorized: rejectUnauthorizedDefault() } : undefined,
    target: (url.pathname || '/') + url.search,
    headers,
    body: body && body.bytes ? body.bytes : undefined,
    streamed,
    maxSockets: MAX_SOCKETS_PER_ORIGIN,
  });
  onId(id);
  if (streamed) {
    (async () => {
      const reader = body.stream.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        await native.fetchWrite(id, chunkBytes(value));
      }
      await native.fetchFinish(id);
    })().catch(() => native.fetchAbort(id));
  }
  return headPromise;
}

export function fetch(input, init = undefined) {
  return new Promise((resolve, reject) => {
    let request;
    try {
      request = new Request(input, init);
    } catch (e) {
      reject(e);
      return;
    }
    const signal = request.signal;
    if (signal && signal.aborted) { reject(signal.reason); return; }
    let url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(fetchFailed(causeError(`unknown scheme ${url.protocol}`, 'ERR_INVALID_URL_SCHEME')));
      return;
    }
    let method = request.method;
    let headerList = request.headers[kList].slice();
    let body = request[kBody];
    const urlList = [url.href];
    let currentId = 0;
    let wire = null;
    let settled = false;
    const onAbort = () => {
      if (currentId) native.fetchAbort(currentId);
      if (wire) wire.abortReason = signal.reason;
      if (!settled) { settled = true; reject(signal.reason); }
    };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    const done = (fn, value) => {
      if (settled) return;
      settled = true;
      fn(value);
    };

    const step = (redirects) => {
      let promise;
      try {
        promise = sendOnce(url, method, headerList, body, signal, (id) => { currentId = id; });
      } catch (e) {
        done(reject, fetchFailed(e));
        return;
      }
      promise.then((head) => {
        if (settled) return;
        const location = REDIRECT_STATUS.has(head.status) ? findHeader(head.headers, 'location') : null;
        if (location !== null && request.redirect !== 'manual') {
          if (!head.done) native.fetchAbort(currentId);
          if (request.redirect === 'error') {
            done(reject, fetchFailed(causeError('unexpected redirect', 'UND_ERR_REDIRECT')));
            return;
          }
          if (redirects >= MAX_REDIRECTS) {
            done(reject, fetchFailed(causeError('redirect count exceeded', 'UND_ERR_REDIRECT')));
            return;
          }
          let next;
          try {
            next = new URL(location, url);
          } catch (e) {
            done(reject, fetchFailed(e));
            return;
          }
          if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            done(reject, fetchFailed(causeError('URL scheme must be a HTTP(S) scheme', 'ERR_INVALID_URL_SCHEME')));
            return;
          }
          if ((head.status === 303 && method !== 'GET' && method !== 'HEAD') ||
              ((head.status === 301 || head.status === 302) && method === 'POST')) {
            method = 'GET';
            body = null;
            headerList = headerList.filter(([n]) => !/^content-(encoding|language|location|type|length)$/.test(n));
          } else if (body && body.stream) {
            done(reject, fetchFailed(causeError('Cannot follow a redirect with a streamed request body', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH')));
            return;
          }
          if (next.origin !== url.origin) {
            headerList = headerList.filter(([n]) => n !== 'authorization' && n !== 'cookie' && n !== 'proxy-authorization' && n !== 'host');
          } else {
            headerList = headerList.filter(([n]) => n !== 'host');
          }
          next.hash = '';
          url = next;
          urlList.push(url.href);
          step(redirects + 1);
          return;
        }
        if (!head.done) wire = new WireBody(currentId, head.body, false);
        if (signal && !head.done) {
          // An abort after the head errors the body instead of the promise.
          signal.removeEventListener('abort', onAbort);
          signal.addEventListener('abort', () => {
            if (wire) { wire.abortReason = signal.reason; wire.cancel(); }
          }, { once: true });
        } else if (signal) {
          signal.removeEventListener('abort', onAbort);
        }
        done(resolve, Response._fromWire(url.href, urlList, head, wire, method));
      }, (err) => {
        if (signal) signal.removeEventListener('abort', onAbort);
        if (signal && signal.aborted) done(reject, signal.reason);
        else done(reject, fetchFailed(err));
      });
    };
    step(0);
  });
}

function findHeader(raw, name) {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i].toLowerCase() === name) return raw[i + 1];
  return null;
}

provide('internal:fetch', { fetch, Headers, Request, Response, ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController });
