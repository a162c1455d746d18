// internal:http_common: what node:http's server and client share: STATUS_CODES, METHODS,
// header validation, and IncomingMessage (a request on the server, a response on the client).
//
// IncomingMessage, for the side that produces one:
//
//   const msg = new IncomingMessage(socket, source);
//   // a request:  msg.method = 'GET'; msg.url = '/path';
//   // a response: msg.statusCode = 200; msg.statusMessage = 'OK';
//   msg._setHead(httpVersion /* '1.1' or '1.0' */, rawHeaders /* [name, value, ...] */);
//   msg._pushBody(uint8array);   // each body piece as it arrives
//   msg._pushEnd();              // the body is complete ('end' once consumed)
//   msg._abort();                // the connection ended first ('aborted', then 'close')
//
// `source` is optional: `{ pause(), resume() }`, called when the consumer's buffer passes the
// high-water mark and when it wants more, so a paused message stops reading the socket.
// `headers`, `headersDistinct` are built from rawHeaders on first use.

import native from 'internal:native';
import { EventEmitter } from 'node:events';
import { Readable, Stream, _initReadableState, _endTick } from 'node:stream';
import { Buffer } from 'node:buffer';
import { codedError, invalidArgType } from 'internal:errors';

export const METHODS = [
  'ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK',
  'M-SEARCH', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH',
  'POST', 'PROPFIND', 'PROPPATCH', 'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE',
  'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE',
];

export const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status',
  208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
  417: 'Expectation Failed', 418: "I'm a Teapot", 421: 'Misdirected Request',
  422: 'Unprocessable Entity', 423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early',
  426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded', 510: 'Not Extended', 511: 'Network Authentication Required',
};

/// The most bytes a request head may have (the codec's limit).
export const maxHeaderSize = 65536;

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;

export function checkIsHttpToken(s) {
  return typeof s === 'string' && TOKEN.test(s);
}

export function checkInvalidHeaderChar(s) {
  return native.httpBadValue(s);
}

export function validateHeaderName(name, label = 'Header name') {
  if (typeof name !== 'string' || !name || !TOKEN.test(name)) {
    throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `${label} must be a valid HTTP token ["${name}"]`);
  }
}

// Header names already checked, to their lower case. A server sends the same few names on
// every response, and checking one takes a regular expression; the map is bounded, so
// names made up per request cost only the check.
const checkedNames = new Map();
const CHECKED_NAMES_MAX = 256;

/// `name` checked as a header name (throws as validateHeaderName does), in lower case.
export function headerKey(name) {
  let key = checkedNames.get(name);
  if (key === undefined) {
    validateHeaderName(name);
    key = name.toLowerCase();
    if (checkedNames.size < CHECKED_NAMES_MAX) checkedNames.set(name, key);
  }
  return key;
}

export function validateHeaderValue(name, value) {
  if (value === undefined) {
    throw codedError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${value}" for header "${name}"`);
  }
  if (Array.isArray(value)) {
    for (const v of value) validateHeaderValue(name, v);
    return;
  }
  if (native.httpBadValue(String(value))) {
    throw codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  }
}

// Fields of which only the first copy counts (Node's rule for duplicates).
const SINGLE = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host',
  'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards',
  'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
]);

// addTrailers(headers) on either side: the fields of `headers` (an object or [name, value]
// pairs) checked as Node checks them, as [name, value, ...]. Each call replaces the trailers
// an earlier one gave, as in Node.
export function trailerList(headers) {
  const list = [];
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers || {});
  for (const [name, value] of pairs) {
    if (typeof name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Trailer name must be a valid HTTP token ["${name}"]`);
    }
    if (/[^\t\x20-\x7e\x80-\xff]/.test(String(value))) {
      throw codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in trailer content ["${name}"]`);
    }
    list.push(name, String(value));
  }
  return list;
}

/// Node's `message.headers` from a flat raw list: lower-case names, duplicates joined.
export function joinHeaders(raw) {
  const out = Object.create(null);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    const prev = out[name];
    if (prev === undefined) {
      out[name] = name === 'set-cookie' ? [value] : value;
    } else if (name === 'set-cookie') {
      prev.push(value);
    } else if (SINGLE.has(name)) {
      // keep the first
    } else if (name === 'cookie') {
      out[name] = `${prev}; ${value}`;
    } else {
      out[name] = `${prev}, ${value}`;
    }
  }
  return out;
}

function distinctHeaders(raw) {
  const out = Object.create(null);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    (out[name] || (out[name] = [])).push(raw[i + 1]);
  }
  return out;
}

const NO_HEADERS = Object.freeze([]);
const OPTIONS = Object.freeze({ autoDestroy: false });

// Where a message's Readable state is (`_lazy`). Most requests carry no body, and most bodies
// are read by a 'data' and an 'end' listener and nothing else; such messages never need the
// state, whose making and general machinery cost QuickJS more than the rest of an exchange.
// Until the state exists, `_lazy` is LAZY plus the bits below, which say what the state would
// hold; any other use of the stream (pause, read, pipe, setEncoding, 'readable', ...) makes the
// state from them, and the general code takes over from there.
const MATERIALIZED = 0;
const LAZY = 1;
const ENDED = 2; // push(null) happened: the body is complete
const FLOWING = 4; // flowing mode, nothing buffered: each chunk went out as 'data' on arrival
const END_SCHEDULED = 8; // a tick that emits 'end' is due (liteEndTick)
const END_EMITTED = 16;
const DESTROYED = 32; // destroyed and closed, with nobody listening for 'close'
const AUTO_DESTROY = 64; // to be destroyed once 'end' is emitted (answered before that)
const DUMPED = 128; // Node's _dump(): the rest of the body is dropped unread
// Ended, drained and destroyed, with no events left that anyone could hear.
const DONE = LAZY | ENDED | FLOWING | END_EMITTED | DESTROYED;

/// The tick that emits 'end' of a lazy message that ended while flowing, as the state's own
/// end tick would; the state's tick if the state was made meanwhile.
function liteEndTick(msg) {
  const lazy = msg._lazy;
  if (lazy === MATERIALIZED) {
    _endTick(msg);
    return;
  }
  if (lazy & DESTROYED) return;
  msg._lazy = (lazy & ~END_SCHEDULED) | END_EMITTED;
  msg.emit('end');
  if (lazy & AUTO_DESTROY) msg.destroy();
}

/// The tick after a lazy message that had already ended started flowing: the state's flow
/// tick would find nothing to send and schedule the end tick.
function liteFlowTick(msg) {
  process.nextTick(liteEndTick, msg);
}

/// Requests (server) and responses (client) are built by a plain function, as Node builds
/// them: each class constructor a `new` passes through costs QuickJS a call frame, and one
/// of these is built per exchange. Its methods are MessagePrototype's, below.
export function IncomingMessage(socket, source) {
  // Nothing else is set here: the Readable state is made on first use, the listener table
  // with the first listener (EventEmitter's methods expect that), and the rest starts from
  // the defaults on the prototype, since every property an object gains costs QuickJS a
  // layout step.
  this.socket = socket || null;
  this._source = source || null;
}

/// The base of ServerResponse and ClientRequest, as in Node: a legacy Stream that is written
/// to, never read from.
export class OutgoingMessage extends Stream {
  pipe() {
    this.emit('error', codedError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'));
  }

  /// Sets every field of a Headers or a Map; Set-Cookie values go out as separate fields.
  setHeaders(headers) {
    if (this.headersSent) {
      throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
    }
    if (!headers || Array.isArray(headers) || typeof headers.keys !== 'function' || typeof headers.get !== 'function') {
      throw invalidArgType('headers', 'an instance of Headers or Map', headers);
    }
    const cookies = [];
    for (const [name, value] of headers) {
      if (String(name).toLowerCase() === 'set-cookie') cookies.push(...(Array.isArray(value) ? value : [value]));
      else this.setHeader(name, value);
    }
    if (cookies.length) this.setHeader('set-cookie', cookies);
    return this;
  }

  // A request's bytes go out as they are written: corking only counts.
  cork() { this._corks = (this._corks || 0) + 1; }
  uncork() { if (this._corks) this._corks--; }
  get writableCorked() { return this._corks || 0; }
}

/// Makes the plain function `ctor` build `cls`'s objects (keeping `cls`'s methods and
/// accessors) and inherit `base`'s statics, as if it were `cls`'s constructor.
export function constructs(ctor, cls, base) {
  ctor.prototype = cls.prototype;
  Object.defineProperty(cls.prototype, 'constructor', { value: ctor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor, base);
}

class MessagePrototype extends Readable {
  get _readableState() {
    const s = _initReadableState(this, OPTIONS);
    const lazy = this._lazy;
    this._lazy = MATERIALIZED;
    if (lazy & ENDED) {
      s.ended = true;
      // What push(null) leaves with no consumer yet.
      if (!(lazy & FLOWING)) s.needReadable = true;
    }
    if (lazy & FLOWING) s.flowing = true;
    // The lite tick still runs, and then ends the stream by the state.
    if (lazy & END_SCHEDULED) s.endScheduled = true;
    if (lazy & END_EMITTED) s.endEmitted = true;
    if (lazy & DESTROYED) {
      s.destroyed = true;
      s.closed = true;
    } else if ((lazy & (AUTO_DESTROY | END_EMITTED)) === AUTO_DESTROY) {
      this.once('end', () => this.destroy());
    }
    if (lazy & DUMPED) this._dumped = true;
    return s;
  }

  set _readableState(v) {
    Object.defineProperty(this, '_readableState', { value: v, writable: true, enumerable: true, configurable: true });
    this._lazy = MATERIALIZED;
  }

  get connection() { return this.socket; }

  get headers() {
    if (this._headers === null) this._headers = joinHeaders(this.rawHeaders);
    return this._headers;
  }
  set headers(v) { this._headers = v; }

  get headersDistinct() {
    if (this._headersDistinct === null) this._headersDistinct = distinctHeaders(this.rawHeaders);
    return this._headersDistinct;
  }

  get trailers() {
    if (this._trailers === null) this._trailers = this.rawTrailers.length > 0 ? joinHeaders(this.rawTrailers) : {};
    return this._trailers;
  }
  set trailers(v) { this._trailers = v; }

  get trailersDistinct() { return {}; }

  _setHead(httpVersion, rawHeaders) {
    this.httpVersion = httpVersion;
    if (httpVersion === '1.0') this.httpVersionMinor = 0;
    this.rawHeaders = rawHeaders;
  }

  /// After the response, as Node's own 'finish' listener does it: a request read to its end
  /// is destroyed; one being read is destroyed once read to its end; one nobody reads is
  /// dumped (its 'data' listeners removed, the rest of its body dropped) and destroyed once it
  /// ends. A lazy request does this without making its state, and one nobody listens to
  /// without scheduling events nobody could hear.
  _answered() {
    const lazy = this._lazy;
    if (lazy !== MATERIALIZED && this.destroy === messageDestroy && this._destroy === messagePrivateDestroy) {
      if (lazy === (LAZY | ENDED) && this._eventsCount === 0) {
        // Most requests: complete, unread, unheard.
        this._lazy = DONE;
      } else if (lazy & (DESTROYED | AUTO_DESTROY)) {
        return;
      } else if (lazy & END_EMITTED) {
        this.destroy();
      } else if (lazy & FLOWING) {
        this._lazy = lazy | AUTO_DESTROY;
      } else {
        this._lazy = lazy | AUTO_DESTROY;
        this._dump();
      }
      return;
    }
    if (this.destroyed) return;
    if (this.readableEnded) {
      this.destroy();
      return;
    }
    this.once('end', () => this.destroy());
    if (!this._isConsumed()) this._dump();
  }

  /// Whether something reads the body: Node's `_consuming` (set when the stream first asks
  /// for data) or a flow or 'readable' listener under way.
  _isConsumed() {
    const lazy = this._lazy;
    if (lazy !== MATERIALIZED) return (lazy & FLOWING) !== 0;
    const s = this._readableState;
    return this._consuming || s.flowing !== null || s.readableListening;
  }

  _pushBody(bytes) {
    const chunk = new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const lazy = this._lazy;
    if (lazy !== MATERIALIZED) {
      if (lazy & (DESTROYED | DUMPED)) return;
      if ((lazy & (FLOWING | ENDED)) === FLOWING) {
        // Flowing with nothing buffered: out at once, as push() sends it.
        if (chunk.length !== 0) this.emit('data', chunk);
        return;
      }
    } else if (this._dumped) {
      return;
    }
    if (!this.push(chunk) && this._source && !this._sourcePaused) {
      this._sourcePaused = true;
      this._source.pause();
    }
  }

  _pushEnd() {
    this.complete = true;
    const lazy = this._lazy;
    if (lazy === LAZY) {
      // Most requests: nothing has looked at the body yet.
      this._lazy = LAZY | ENDED;
    } else if (lazy === MATERIALIZED) {
      this.push(null);
    } else if (lazy & (ENDED | DESTROYED)) {
      this._lazy = lazy | ENDED;
    } else if (!(lazy & FLOWING)) {
      this._lazy = lazy | ENDED;
    } else if ((lazy & AUTO_DESTROY) && this._eventsCount === 0) {
      // Answered, and nobody listens: nothing left to report.
      this._lazy = DONE;
    } else {
      // As push(null) with nothing buffered: 'end' on the next tick.
      this._lazy = lazy | ENDED | END_SCHEDULED;
      process.nextTick(liteEndTick, this);
    }
  }

  // The stream methods a lazy message handles without making its state.

  on(ev, fn) {
    const lazy = this._lazy;
    if (lazy === MATERIALIZED || ev === 'readable') return super.on(ev, fn);
    emitterOn.call(this, ev, fn);
    if (ev === 'data' && !(lazy & FLOWING)) this.resume();
    return this;
  }

  resume() {
    const lazy = this._lazy;
    if (lazy === MATERIALIZED) return super.resume();
    if (!(lazy & FLOWING)) {
      if ((lazy & (ENDED | DESTROYED)) === ENDED) {
        this._lazy = lazy | FLOWING | END_SCHEDULED;
        process.nextTick(liteFlowTick, this);
      } else {
        this._lazy = lazy | FLOWING;
      }
    }
    return this;
  }

  destroy(err, cb) {
    const lazy = this._lazy;
    // A lazy message read to its end, destroyed without an error, a callback, a 'close'
    // listener or a _destroy of its own, has nothing to report: it is marked, and closed.
    if (lazy === MATERIALIZED || !(lazy & END_EMITTED) || err || cb
      || this._destroy !== messagePrivateDestroy
      || (this._events !== undefined && this._events.close !== undefined)) {
      return super.destroy(err, cb);
    }
    this._lazy = lazy | DESTROYED;
    return this;
  }

  _destroy(err, cb) {
    // As in Node: a message destroyed before it was read to its end was aborted, and its
    // connection goes with it.
    if (!this.aborted && (!this.readableEnded || !this.complete)) {
      this.aborted = true;
      this.emit('aborted');
    }
    const socket = this.socket;
    if (this.aborted && socket && !socket.destroyed && typeof socket.destroy === 'function') {
      socket.destroy();
    }
    cb(err);
  }

  get destroyed() {
    const lazy = this._lazy;
    return lazy === MATERIALIZED ? this._readableState.destroyed : (lazy & DESTROYED) !== 0;
  }
  set destroyed(v) { this._readableState.destroyed = v; }

  get readable() {
    const lazy = this._lazy;
    if (lazy === MATERIALIZED) return super.readable;
    return (lazy & (END_EMITTED | DESTROYED)) === 0;
  }
  set readable(v) { /* Node lets this be assigned; the state decides. */ }

  get readableEnded() {
    const lazy = this._lazy;
    return lazy === MATERIALIZED ? this._readableState.endEmitted : (lazy & END_EMITTED) !== 0;
  }

  get readableFlowing() {
    const lazy = this._lazy;
    if (lazy === MATERIALIZED) return this._readableState.flowing;
    return lazy & FLOWING ? true : null;
  }
  set readableFlowing(v) { this._readableState.flowing = v; }

  get readableLength() {
    return this._lazy === MATERIALIZED ? this._readableState.length : 0;
  }

  isPaused() {
    return this._lazy === MATERIALIZED && this._readableState.flowing === false;
  }

  _abort() {
    if (this.complete || this.aborted) return;
    this.aborted = true;
    this.emit('aborted');
    const err = this.listenerCount('error') > 0
      ? Object.assign(new Error('aborted'), { code: 'ECONNRESET' }) : null;
    this.destroy(err);
  }

  _read() {
    if (!this._consuming) this._consuming = true;
    if (this._sourcePaused) {
      this._sourcePaused = false;
      this._source.resume();
    }
  }

  setTimeout(ms, cb) {
    if (this.socket && this.socket.setTimeout) this.socket.setTimeout(ms, cb);
    return this;
  }

  /// Node's: the body will not be read; 'data' listeners go, the rest is dropped as it comes
  /// (by the connection, before it reaches JavaScript, where it can), and the stream flows to
  /// its end.
  _dump() {
    const lazy = this._lazy;
    if (lazy !== MATERIALIZED) {
      if (lazy & DUMPED) return;
      this._lazy = lazy | DUMPED;
    } else {
      if (this._dumped) return;
      this._dumped = true;
    }
    if (this._events !== undefined && this._events.data !== undefined) this.removeAllListeners('data');
    this.resume();
    const source = this._source;
    if (!this.complete && source && typeof source._discardBody === 'function') source._discardBody();
  }
}

MessagePrototype.prototype.addListener = MessagePrototype.prototype.on;

constructs(IncomingMessage, MessagePrototype, Readable);

const emitterOn = EventEmitter.prototype.on;
const messageDestroy = MessagePrototype.prototype.destroy;
const messagePrivateDestroy = MessagePrototype.prototype._destroy;

// Defaults most messages keep, shared rather than set on each one.
Object.assign(IncomingMessage.prototype, {
  _lazy: LAZY,
  httpVersion: '1.1',
  complete: false,
  rawHeaders: NO_HEADERS,
  method: null,
  url: '',
  _headers: null,
  _lazyReadableState: true,
  _sourcePaused: false,
  _consuming: false,
  _dumped: false,
  httpVersionMajor: 1,
  httpVersionMinor: 1,
  aborted: false,
  rawTrailers: NO_HEADERS,
  upgrade: false,
  statusCode: null,
  statusMessage: null,
  _headersDistinct: null,
  _trailers: null,
});
