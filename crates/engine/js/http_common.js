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
import { Readable, _initReadableState } from 'node:stream';
import { Buffer } from 'node:buffer';
import { codedError } from 'internal:errors';

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

// QuickJS keeps an object layout (a shape) only while some object has it. Objects built the
// same way over and over, such as each request and its response, would otherwise rebuild
// every intermediate layout, one per property they gain. Kept here: one object at each step
// of a typical object's layout, so that later objects built in the same order find each
// step ready. Bounded by what callers pass: once per class.
const retained = [];

/// Keeps the layouts `obj` went through (its prototype, then its own properties in order,
/// each with its attributes) alive for later objects built the same way.
export function retainShapes(obj) {
  const proto = Object.getPrototypeOf(obj);
  const names = Object.getOwnPropertyNames(obj);
  const attrs = names.map((name) => {
    const d = Object.getOwnPropertyDescriptor(obj, name);
    // The values do not matter, and keeping them would keep what they reference.
    if ('value' in d) d.value = undefined;
    return d;
  });
  for (let n = 1; n <= names.length; n++) {
    const step = Object.create(proto);
    for (let i = 0; i < n; i++) Object.defineProperty(step, names[i], attrs[i]);
    retained.push(step);
  }
}

const NO_HEADERS = Object.freeze([]);
const OPTIONS = Object.freeze({ autoDestroy: false });

// Where a message's Readable state is (`_lazy`): most requests carry no body and nobody reads
// them, so the state is only created when something looks at the stream.
const MATERIALIZED = 0;
const FRESH = 1; // no state yet
const ENDED = 2; // no state yet; the body is complete (push(null) happened)
const DONE = 3; // no state yet; ended, consumed ('end' due) and destroyed, with no one listening

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
    if (lazy >= ENDED) {
      // What push(null) leaves with no consumer yet.
      s.ended = true;
      s.needReadable = true;
    }
    if (lazy === DONE) {
      // What _dump() and the 'end' listener that destroys would have left.
      s.flowing = true;
      s.endEmitted = true;
      s.destroyed = true;
      s.closed = true;
    }
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
    if (this._trailers === null) this._trailers = {};
    return this._trailers;
  }
  set trailers(v) { this._trailers = v; }

  get trailersDistinct() { return {}; }

  _setHead(httpVersion, rawHeaders) {
    this.httpVersion = httpVersion;
    if (httpVersion === '1.0') this.httpVersionMinor = 0;
    this.rawHeaders = rawHeaders;
  }

  /// After the response: a complete request nobody listens to is finished at once (read to
  /// its end and destroyed, as _dump() and a destroy on 'end' would leave it), without the
  /// ticks and events that nobody would see. False when the long way is needed.
  _finishUnread() {
    if (this._lazy !== ENDED || this._eventsCount !== 0) return false;
    // A subclass that does its own destroying takes the long way.
    if (this.destroy !== readableDestroy || this._destroy !== readablePrivateDestroy) return false;
    this._lazy = DONE;
    return true;
  }

  _pushBody(bytes) {
    const chunk = new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!this.push(chunk) && this._source && !this._sourcePaused) {
      this._sourcePaused = true;
      this._source.pause();
    }
  }

  _pushEnd() {
    this.complete = true;
    if (this._lazy === FRESH) this._lazy = ENDED;
    else this.push(null);
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
    if (this._sourcePaused) {
      this._sourcePaused = false;
      this._source.resume();
    }
  }

  setTimeout(ms, cb) {
    if (this.socket && this.socket.setTimeout) this.socket.setTimeout(ms, cb);
    return this;
  }

  _dump() {
    if (!this.readableEnded) this.resume();
  }
}

constructs(IncomingMessage, MessagePrototype, Readable);

const readableDestroy = Readable.prototype.destroy;
const readablePrivateDestroy = Readable.prototype._destroy;

// Defaults most messages keep, shared rather than set on each one.
Object.assign(IncomingMessage.prototype, {
  _lazy: FRESH,
  httpVersion: '1.1',
  complete: false,
  rawHeaders: NO_HEADERS,
  method: null,
  url: '',
  _headers: null,
  _lazyReadableState: true,
  _sourcePaused: false,
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
