// The server side of node:http: createServer, Server, ServerResponse, and the socket object a
// request arrives on. Connections, parsing and framing live in Rust (native http*); this file
// turns their calls into Node's objects and events.
//
// The default host of listen() is 0.0.0.0 (IPv4, every interface), where Node would try `::`.

import native from 'internal:native';
import { EventEmitter } from 'node:events';
import { Buffer } from 'node:buffer';
import { badPort, codedError, invalidArgType, validateFunction, validateObject } from 'internal:errors';
import { peerCertificate, serverTlsState } from 'internal:tls_common';
import { retainShapes } from 'internal:shapes';
import {
  IncomingMessage, STATUS_CODES, METHODS, maxHeaderSize, validateHeaderName, validateHeaderValue,
  checkInvalidHeaderChar, headerKey, constructs, trailerList, OutgoingMessage,
} from 'internal:http_common';

export { IncomingMessage, OutgoingMessage, STATUS_CODES, METHODS, maxHeaderSize, validateHeaderName, validateHeaderValue };

/// Node pools idle HTTP parsers; this runtime's codec needs no pool, so the limit is kept only.
let maxIdleParsers = 1000;
export function setMaxIdleHTTPParsers(max) {
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) throw invalidArgType('max', 'a positive integer', max);
  maxIdleParsers = max;
  return maxIdleParsers;
}

const HIGH_WATER_MARK = 16384;

// ServerResponse#_state bits.
const HEADERS_SENT = 1; // headersSent: writeHead ran or bytes went out
const SENT = 2; // the head went to the native side
const ENDED = 4; // writableEnded
const FINISHED = 8; // writableFinished: 'finish' emitted
const HAS_DATE = 16; // writeHead's fields, sent as given, include Date
const NO_FIELDS = [];

function headersSentError(what) {
  return codedError(Error, 'ERR_HTTP_HEADERS_SENT', `Cannot ${what} headers after they are sent to the client`);
}

// --- The socket under a request ---------------------------------------------------------------

/// A connection as the server's handlers see it (`req.socket`, `res.socket`).
class ServerSocket extends EventEmitter {
  constructor(server, id, remoteAddress, remotePort, localAddress, localPort, v6) {
    super();
    this.server = server;
    this._id = id;
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
    this.remoteFamily = v6 ? 'IPv6' : 'IPv4';
    this.localAddress = localAddress;
    this.localPort = localPort;
    this.destroyed = false;
    this.readable = true;
    this.writable = true;
    this.bytesWritten = 0;
    this._req = null;
    this._res = null;
    this._finishing = [];
    this._timeout = 0;
    this._timer = null;
    this._active = 0;
  }

  address() {
    return { address: this.localAddress, family: this.remoteFamily, port: this.localPort };
  }

  // An HTTPS connection's TLS facts, read once: see internal:tls_common serverTlsState.
  _tls() {
    if (this._tlsState === undefined) this._tlsState = serverTlsState(native.httpTlsInfo(this._id));
    return this._tlsState;
  }

  get authorized() { return this.encrypted ? this._tls().authorized : undefined; }
  get authorizationError() { return this.encrypted ? this._tls().authorizationError : undefined; }
  get alpnProtocol() { return this.encrypted ? this._tls().alpn : undefined; }
  getProtocol() { return this.encrypted ? this._tls().protocol : null; }
  getCipher() {
    const cipher = this.encrypted ? this._tls().cipher : undefined;
    return cipher ? { name: cipher[0], standardName: cipher[1], version: cipher[2] } : undefined;
  }
  getPeerCertificate(detailed) { return this.encrypted ? peerCertificate(this._tls().cert, detailed === true) : null; }

  get timeout() { return this._timeout; }

  /// Emits 'timeout' after `ms` without activity (requests, body, writes); 0 turns it off.
  setTimeout(ms, cb) {
    if (typeof ms !== 'number' || !(ms >= 0)) throw invalidArgType('msecs', 'of type number', ms);
    if (cb !== undefined) { validateFunction(cb, 'callback'); this.once('timeout', cb); }
    this._timeout = ms;
    if (this._timer) { clearTimeout(this._timer); this._timer = null; }
    if (ms > 0 && !this.destroyed) this._arm(ms);
    return this;
  }

  _arm(ms) {
    this._active = Date.now();
    const check = () => {
      this._timer = null;
      if (this.destroyed || this._timeout === 0) return;
      const idle = Date.now() - this._active;
      if (idle >= this._timeout) {
        this._active = Date.now();
        this._onTimeout();
        if (!this.destroyed && this._timeout > 0) this._timer = setTimeout(check, this._timeout);
      } else {
        this._timer = setTimeout(check, this._timeout - idle);
      }
    };
    this._timer = setTimeout(check, ms);
    if (this._timer.unref) this._timer.unref();
  }

  _touch() { if (this._timeout) this._active = Date.now(); }

  _onTimeout() {
    const req = this._req;
    const res = this._res;
    let handled = this.emit('timeout');
    if (req && req.listenerCount('timeout')) { req.emit('timeout', this); handled = true; }
    if (res && !res.writableFinished && res.listenerCount('timeout')) { res.emit('timeout', this); handled = true; }
    if (this.server.listenerCount('timeout')) { this.server.emit('timeout', this); handled = true; }
    if (!handled) this.destroy();
  }

  setNoDelay() { return this; }
  setKeepAlive() { return this; }
  ref() { return this; }
  unref() { return this; }
  /// The rest of the current request's body is dropped unread (its end still reported).
  _discardBody() { native.httpDiscardBody(this._id); }
  pause() { native.httpPause(this._id, true); return this; }
  resume() { native.httpPause(this._id, false); return this; }

  /// Raw bytes, outside HTTP framing: for a 'clientError' listener's answer.
  write(data, encoding, cb) {
    if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    if (this.destroyed) return false;
    const chunk = typeof data === 'string' && encoding && encoding !== 'utf8' ? Buffer.from(data, encoding) : data;
    const pending = native.httpRawWrite(this._id, chunk, false);
    if (cb) process.nextTick(cb);
    return pending >= 0 && pending < HIGH_WATER_MARK;
  }

  end(data, encoding, cb) {
    if (typeof data === 'function') { cb = data; data = undefined; }
    if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    if (!this.destroyed) {
      const chunk = typeof data === 'string' && encoding && encoding !== 'utf8' ? Buffer.from(data, encoding) : data;
      native.httpRawWrite(this._id, chunk === undefined ? null : chunk, true);
      this.writable = false;
    }
    if (cb) this.once('close', cb);
    return this;
  }

  destroy(err) {
    if (this.destroyed) return this;
    this._destroyError = err || null;
    native.httpDestroy(this._id);
    return this;
  }

  destroySoon() { return this.end(); }
}

// --- ServerResponse -------------------------------------------------------------------------

/// A response, built by a plain function as IncomingMessage is (see there); its methods are
/// ResponsePrototype's, below.
export function ServerResponse(req, options) {
  // Only what differs per response is set here; the defaults are on the prototype (the
  // listener table too, until the first listener: EventEmitter's methods expect that).
  this.req = req;
  this.socket = req ? req.socket : null;
  this._id = this.socket ? this.socket._id : 0;
  this.statusCode = 200;
  // Progress flags in one property, so that a response gains none as it goes.
  this._state = 0;
}

class ResponsePrototype extends OutgoingMessage {
  get headersSent() { return (this._state & HEADERS_SENT) !== 0; }
  get writableEnded() { return (this._state & ENDED) !== 0; }
  get finished() { return (this._state & ENDED) !== 0; }
  get writableFinished() { return (this._state & FINISHED) !== 0; }
  get connection() { return this.socket; }
  get writable() { return (this._state & ENDED) === 0 && !this.destroyed; }
  get writableLength() { return this._pending > 0 ? this._pending : 0; }
  get writableHighWaterMark() { return HIGH_WATER_MARK; }
  get writableCorked() { return 0; }
  get writableNeedDrain() { return this._needDrain; }
  cork() {}
  uncork() {}

  setHeader(name, value) {
    if (this._state & HEADERS_SENT) throw headersSentError('set');
    const key = headerKey(name);
    validateHeaderValue(name, value);
    if (this._fields === null) this._fields = Object.create(null);
    this._fields[key] = [name, value];
    return this;
  }

  appendHeader(name, value) {
    if (this._state & HEADERS_SENT) throw headersSentError('append');
    const key = headerKey(name);
    validateHeaderValue(name, value);
    if (this._fields === null) this._fields = Object.create(null);
    const prev = this._fields[key];
    if (prev === undefined) this._fields[key] = [name, value];
    else prev[1] = [].concat(prev[1], value);
    return this;
  }

  getHeader(name) {
    if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
    const f = this._fields && this._fields[name.toLowerCase()];
    return f === undefined || f === null ? undefined : f[1];
  }

  getHeaders() {
    const out = Object.create(null);
    if (this._fields) for (const key in this._fields) out[key] = this._fields[key][1];
    return out;
  }

  getHeaderNames() { return this._fields ? Object.keys(this._fields) : []; }
  getRawHeaderNames() { return this._fields ? Object.values(this._fields).map((f) => f[0]) : []; }

  hasHeader(name) {
    if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
    return !!(this._fields && this._fields[name.toLowerCase()]);
  }

  removeHeader(name) {
    if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
    if (this._state & HEADERS_SENT) throw headersSentError('remove');
    if (this._fields) delete this._fields[name.toLowerCase()];
  }

  /// The old name of writeHead.
  writeHeader(statusCode, reason, headers) { return this.writeHead(statusCode, reason, headers); }

  writeHead(statusCode, reason, headers) {
    if (this._state & HEADERS_SENT) throw headersSentError('write');
    if (typeof reason !== 'string') { headers = reason; reason = undefined; }
    statusCode |= 0;
    if (statusCode < 100 || statusCode > 999) {
      throw codedError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${arguments[0]}`);
    }
    this.statusCode = statusCode;
    if (reason !== undefined) {
      if (checkInvalidHeaderChar(reason)) throw codedError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in statusMessage');
      this.statusMessage = reason;
    }
    if (headers !== undefined && headers !== null) {
      if (this._fields === null) {
        // Node's rule: without an earlier setHeader, the fields go out as given and are not
        // kept (getHeader does not see them), each name and value checked as setHeader would.
        this._head = this._directFields(headers);
        this._state |= HEADERS_SENT;
        return this;
      }
      // A field given here replaces one set before; a list may still repeat a name.
      if (Array.isArray(headers)) {
        eachField(headers, (k) => { if (typeof k === 'string') this.removeHeader(k); });
        eachField(headers, (k, v) => this.appendHeader(k, v));
      } else {
        eachField(headers, (k, v) => this.setHeader(k, v));
      }
    }
    this._head = this._flatFields();
    this._state |= HEADERS_SENT;
    return this;
  }

  /// The flat name/value list of writeHead's `headers` sent without being kept: an object,
  /// a flat array, or an array of pairs. Notes whether it sets Date.
  _directFields(headers) {
    const flat = [];
    let date = false;
    if (!Array.isArray(headers) && typeof headers === 'object') {
      // The usual object of a few fields: an indexed loop, no iterator and no callback.
      const names = Object.keys(headers);
      for (let i = 0; i < names.length; i++) {
        if (pushField(flat, names[i], headers[names[i]])) date = true;
      }
    } else {
      eachField(headers, (k, v) => { if (pushField(flat, k, v)) date = true; });
    }
    if (date) this._state |= HAS_DATE;
    return flat;
  }

  _flatFields() {
    const f = this._fields;
    if (f === null) return NO_FIELDS;
    const flat = [];
    for (const key in f) {
      const [name, value] = f[key];
      if (Array.isArray(value)) for (const v of value) flat.push(name, String(v));
      else flat.push(name, typeof value === 'string' ? value : String(value));
    }
    return flat;
  }

  flushHeaders() {
    if (this._state & (SENT | ENDED)) return;
    this._send(null, false);
  }

  writeContinue(cb) {
    native.httpContinue(this._id);
    if (cb) process.nextTick(cb);
  }

  writeProcessing() {}
  writeEarlyHints() {}
  /// Trailer fields for the end of a chunked response (an object or [name, value] pairs);
  /// sent only when the body is chunked, as in Node.
  addTrailers(headers) {
    this._trailerList = trailerList(headers);
  }
  setTimeout(ms, cb) {
    if (this.socket) this.socket.setTimeout(ms, cb);
    return this;
  }

  /// Hands a body piece (or none) to the native side, with the head the first time.
  _send(chunk, end) {
    if (end && this._trailerList) native.httpTrailers(this._id, this._trailerList);
    const socket = this.socket;
    if (socket && socket._timeout) socket._active = Date.now(); // socket._touch(), inline
    let pending;
    const state = this._state;
    if ((state & SENT) === 0) {
      if (this._head === null) this._head = this._flatFields();
      this._state = state | HEADERS_SENT | SENT;
      const date = this.sendDate && (state & HAS_DATE) === 0 && !(this._fields && this._fields.date);
      pending = native.httpRespond(this._id, this.statusCode, this.statusMessage || '', this._head, chunk,
        (end ? 1 : 0) | (date ? 2 : 0));
    } else {
      pending = native.httpWrite(this._id, chunk, end);
    }
    // Compared first: an unchanged count (most often 0) adds no property to the response.
    if (pending !== this._pending) this._pending = pending;
    return pending;
  }

  write(chunk, encoding, cb) {
    if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    if (this._state & ENDED) {
      const err = codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
      process.nextTick(() => { if (cb) cb(err); this.emit('error', err); });
      return false;
    }
    if (chunk === null) throw codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    chunk = toChunk(chunk, encoding);
    if (this.destroyed) return false;
    const pending = this._send(chunk, false);
    if (pending > 0) {
      if (cb) (this._pendingCbs || (this._pendingCbs = [])).push(cb);
      if (pending >= HIGH_WATER_MARK) { this._needDrain = true; return false; }
      return true;
    }
    if (cb) process.nextTick(cb, pending < 0 ? codedError(Error, 'ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed') : null);
    return pending >= 0;
  }

  end(chunk, encoding, cb) {
    if (typeof chunk === 'function') { cb = chunk; chunk = undefined; } else if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    if (this._state & ENDED) {
      if (cb) { if (this._state & FINISHED) process.nextTick(cb); else this.once('finish', cb); }
      return this;
    }
    if (chunk === undefined || chunk === null) chunk = null;
    else if (typeof chunk !== 'string' || encoding) chunk = toChunk(chunk, encoding);
    if (cb) this.once('finish', cb);
    this._state |= ENDED;
    if (this.destroyed) return this;
    const pending = this._send(chunk, true);
    if (pending > 0) this.socket._finishing.push(this);
    else if (pending === 0) process.nextTick(finishResponse, this);
    return this;
  }

  destroy(err) {
    if (this.socket) this.socket.destroy(err);
    return this;
  }

  _drained() {
    const cbs = this._pendingCbs;
    if (cbs) { this._pendingCbs = null; for (const cb of cbs) cb(null); }
    this._pending = 0;
    if (this._needDrain) { this._needDrain = false; this.emit('drain'); }
  }
}

constructs(ServerResponse, ResponsePrototype, OutgoingMessage);

Object.assign(ServerResponse.prototype, {
  statusMessage: undefined,
  sendDate: true,
  chunkedEncoding: false,
  useChunkedEncodingByDefault: true,
  shouldKeepAlive: true,
  strictContentLength: false,
  destroyed: false,
  _fields: null, // lower-case name -> [name as set, value]
  _head: null, // the flat list fixed by writeHead
  _trailerList: null, // [name, value, ...] from addTrailers
  _needDrain: false,
  _pendingCbs: null,
  _pending: 0,
});

/// Calls `fn(name, value)` for each field of writeHead's `headers`: an object, a flat array
/// of names and values, or an array of [name, value] pairs.
function eachField(headers, fn) {
  if (Array.isArray(headers)) {
    if (headers.length && Array.isArray(headers[0])) {
      for (const [k, v] of headers) fn(k, v);
    } else {
      if (headers.length % 2 !== 0) {
        throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'headers' must be an even-length array");
      }
      for (let i = 0; i < headers.length; i += 2) fn(headers[i], headers[i + 1]);
    }
  } else if (typeof headers === 'object') {
    for (const k of Object.keys(headers)) fn(k, headers[k]);
  } else {
    throw invalidArgType('headers', 'of type object', headers);
  }
}

/// Checks one field as setHeader would and appends it to a flat name/value list; returns
/// whether it is Date.
function pushField(flat, name, value) {
  const key = headerKey(name);
  if (typeof value === 'string') {
    // The common case, checked as validateHeaderValue would, without its other branches.
    if (checkInvalidHeaderChar(value)) validateHeaderValue(name, value);
    flat.push(name, value);
  } else {
    validateHeaderValue(name, value);
    if (Array.isArray(value)) for (const v of value) flat.push(name, String(v));
    else flat.push(name, String(value));
  }
  return key === 'date';
}

function toChunk(chunk, encoding) {
  if (typeof chunk === 'string') {
    if (encoding && encoding !== 'utf8' && encoding !== 'utf-8') return Buffer.from(chunk, encoding);
    return chunk;
  }
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
}

let shapesRetained = false;

/// Whether `emitter` has a listener for `type` (its table exists from the first listener).
function heard(emitter, type) {
  const events = emitter._events;
  return events !== undefined && events[type] !== undefined;
}

function finishResponse(res) {
  if (res._state & FINISHED) return;
  res._state |= FINISHED;
  if (!shapesRetained && res.req) {
    // The first finished exchange shows the layout every later request and response takes.
    shapesRetained = true;
    retainShapes(res);
    retainShapes(res.req);
  }
  const req = res.req;
  const socket = res.socket;
  if (socket && socket._res === res) {
    socket._res = null;
    // A request answered before its body arrived still gets the rest of it (and its 'end').
    if (!req || req.complete) socket._req = null;
  }
  // The request first, as Node's own 'finish' listener does it before the program's.
  if (req) req._answered();
  // Most responses have no listeners: an emit nobody can hear is skipped (unless emit
  // itself was replaced), which spares the call and its argument list.
  const ownEmit = res.emit !== EventEmitter.prototype.emit;
  if (ownEmit || heard(res, 'finish')) res.emit('finish');
  if (ownEmit || heard(res, 'close')) res.emit('close');
}

// --- Server ---------------------------------------------------------------------------------

function checkTimeout(value, name) {
  if (typeof value !== 'number' || !(value >= 0)) throw invalidArgType(name, 'of type number', value);
  return value;
}

export class Server extends EventEmitter {
  constructor(options, requestListener) {
    super();
    if (typeof options === 'function') { requestListener = options; options = {}; }
    else if (options === undefined || options === null) options = {};
    else validateObject(options, 'options');
    this._id = 0;
    this._tls = 0; // node:https sets its certificate's native id
    this._host = '0.0.0.0';
    this._port = 0;
    this._sockets = new Map();
    this._closing = false;
    this.listening = false;
    this.timeout = 0;
    this._keepAliveTimeout = options.keepAliveTimeout ?? 5000;
    this._headersTimeout = options.headersTimeout ?? 60000;
    this._requestTimeout = options.requestTimeout ?? 300000;
    this.maxHeadersCount = null;
    this.maxRequestsPerSocket = 0;
    if (options.IncomingMessage) this._IncomingMessage = options.IncomingMessage;
    if (options.ServerResponse) this._ServerResponse = options.ServerResponse;
    if (requestListener) this.on('request', requestListener);
  }

  get keepAliveTimeout() { return this._keepAliveTimeout; }
  set keepAliveTimeout(v) { this._keepAliveTimeout = checkTimeout(v, 'keepAliveTimeout'); this._pushTimeouts(); }
  get headersTimeout() { return this._headersTimeout; }
  set headersTimeout(v) { this._headersTimeout = checkTimeout(v, 'headersTimeout'); this._pushTimeouts(); }
  get requestTimeout() { return this._requestTimeout; }
  set requestTimeout(v) { this._requestTimeout = checkTimeout(v, 'requestTimeout'); this._pushTimeouts(); }

  _timeouts() { return [this._keepAliveTimeout, this._headersTimeout, this._requestTimeout]; }
  _pushTimeouts() { if (this._id) native.httpServerTimeouts(this._id, this._timeouts()); }

  setTimeout(ms, cb) {
    this.timeout = checkTimeout(ms, 'msecs');
    if (cb !== undefined) { validateFunction(cb, 'callback'); this.on('timeout', cb); }
    return this;
  }

  listen(...args) {
    let cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    let port = 0;
    let host;
    let backlog = 511;
    if (args.length && args[0] !== null && typeof args[0] === 'object') {
      const o = args[0];
      port = o.port ?? 0;
      host = o.host;
      if (o.backlog !== undefined) backlog = o.backlog;
    } else {
      if (args.length) port = args[0] ?? 0;
      if (typeof args[1] === 'string') { host = args[1]; if (typeof args[2] === 'number') backlog = args[2]; }
      else if (typeof args[1] === 'number') backlog = args[1];
    }
    if (typeof port === 'string' && /^\d+$/.test(port)) port = Number(port);
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw badPort(port, 'options.port');
    }
    if (this.listening) throw codedError(Error, 'ERR_SERVER_ALREADY_LISTEN', 'Listen method has been called more than once without closing.');
    if (cb) this.once('listening', cb);
    host = host === undefined || host === null || host === '' ? '0.0.0.0' : String(host);
    if (host === '::') host = '0.0.0.0';
    try {
      const tls = this._tls ? [this._tls] : [];
      const [id, boundPort] = native.httpListen(host, port, backlog | 0, makeCallbacks(this), this._timeouts(), ...tls);
      this._id = id;
      this._port = boundPort;
      this._host = host === 'localhost' ? '127.0.0.1' : host;
      this._closing = false;
      this.listening = true;
      process.nextTick(() => this.emit('listening'));
    } catch (err) {
      if (cb) this.removeListener('listening', cb);
      process.nextTick(() => this.emit('error', err));
    }
    return this;
  }

  address() {
    if (!this.listening) return null;
    return { address: this._host, family: this._host.includes(':') ? 'IPv6' : 'IPv4', port: this._port };
  }

  close(cb) {
    if (typeof cb === 'function') {
      if (!this.listening) {
        process.nextTick(cb, codedError(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.'));
        return this;
      }
      this.once('close', cb);
    }
    if (this.listening) {
      this.listening = false;
      this._closing = true;
      native.httpServerClose(this._id, 1 | 2);
      this._maybeClosed();
    }
    return this;
  }

  closeAllConnections() { if (this._id) native.httpServerClose(this._id, 4); }
  closeIdleConnections() { if (this._id) native.httpServerClose(this._id, 2); }

  ref() { if (this._id) native.httpServerRef(this._id, true); return this; }
  unref() { if (this._id) native.httpServerRef(this._id, false); return this; }

  getConnections(cb) {
    process.nextTick(cb, null, this._sockets.size);
    return this;
  }

  _maybeClosed() {
    if (this._closing && this._sockets.size === 0) {
      this._closing = false;
      const id = this._id;
      this._id = 0;
      process.nextTick(() => {
        native.httpServerClose(id, 8);
        this.emit('close');
      });
    }
  }

  [Symbol.asyncDispose]() {
    return new Promise((resolve) => this.close(() => resolve()));
  }
}

function clientErrorMessage(code, message) {
  return code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'Request timeout' : `Parse Error: ${message}`;
}

/// Gives an upgrade or CONNECT request's connection to the server's 'upgrade' or 'connect'
/// listeners as a net.Socket, with the bytes that followed the head. A CONNECT nobody listens
/// for closes the connection, as in Node.
function handOver(server, serverSocket, id, req, flags) {
  const event = (flags & 32) ? 'connect' : 'upgrade';
  if (server.listenerCount(event) === 0) {
    native.httpDestroy(id);
    return;
  }
  req.upgrade = true;
  const [tcpId, head] = native.httpUpgrade(id);
  server._sockets.delete(id);
  if (serverSocket._timer) { clearTimeout(serverSocket._timer); serverSocket._timer = null; }
  serverSocket._req = null;
  serverSocket._res = null;
  const { Socket } = native.importSync('node:net');
  const socket = new Socket();
  socket._attach(tcpId, [serverSocket.remoteAddress, serverSocket.remotePort]);
  socket.server = server;
  req.socket = socket;
  if (flags & 16) req._pushEnd();
  server.emit(event, req, socket, Buffer.from(head.buffer, head.byteOffset, head.byteLength));
  server._maybeClosed();
}

/// The functions the native side calls for one server.
function makeCallbacks(server) {
  const sockets = server._sockets;
  return {
    connection(id, remoteAddress, remotePort, localAddress, localPort, v6) {
      const socket = new ServerSocket(server, id, remoteAddress, remotePort, localAddress, localPort, v6);
      if (server._tls) socket.encrypted = true;
      sockets.set(id, socket);
      if (server.timeout) socket.setTimeout(server.timeout);
      server.emit('connection', socket);
    },

    request(id, method, url, flags, rawHeaders) {
      const socket = sockets.get(id);
      if (socket === undefined) return;
      // Only the first maxHeadersCount fields are kept (Node's default: 2000).
      const max = server.maxHeadersCount > 0 ? server.maxHeadersCount : 2000;
      if (rawHeaders.length > 2 * max) rawHeaders.length = 2 * max;
      if (socket._timeout) socket._active = Date.now(); // socket._touch(), inline
      const Req = server._IncomingMessage || IncomingMessage;
      const req = new Req(socket, socket);
      req.method = method;
      req.url = url;
      if (flags & 8) req._setHead('1.0', rawHeaders);
      else req.rawHeaders = rawHeaders; // _setHead for HTTP/1.1, the default version
      // An upgrade with an 'upgrade' listener, and every CONNECT, leave HTTP (as in Node, an
      // upgrade nobody listens for is answered as an ordinary request).
      if ((flags & 32) || ((flags & 4) && server.listenerCount('upgrade') > 0)) {
        handOver(server, socket, id, req, flags);
        return;
      }
      const Res = server._ServerResponse || ServerResponse;
      const res = new Res(req);
      if ((flags & 1) === 0) res.shouldKeepAlive = false;
      socket._req = req;
      socket._res = res;
      if (flags & 16) req._pushEnd();
      if (flags & 2) {
        if (server.listenerCount('checkContinue') > 0) { server.emit('checkContinue', req, res); return; }
        res.writeContinue();
      }
      // emit('request') for the usual single listener, without emit's argument list.
      const handler = server._events.request;
      if (typeof handler === 'function') handler.call(server, req, res);
      else server.emit('request', req, res);
    },

    body(id, chunk, rawTrailers) {
      const socket = sockets.get(id);
      const req = socket && socket._req;
      if (!req) return;
      socket._touch();
      if (chunk === undefined) {
        if (rawTrailers !== undefined) req.rawTrailers = rawTrailers;
        // Once answered too, the request is done with on this connection.
        if (socket._res === null) socket._req = null;
        req._pushEnd();
      } else {
        req._pushBody(chunk);
      }
    },

    drain(id) {
      const socket = sockets.get(id);
      if (!socket) return;
      const finishing = socket._finishing;
      if (finishing.length) {
        socket._finishing = [];
        for (const res of finishing) { res._drained(); finishResponse(res); }
      }
      if (socket._res) socket._res._drained();
    },

    close(id, aborted) {
      const socket = sockets.get(id);
      if (!socket) return;
      sockets.delete(id);
      socket.destroyed = true;
      socket.readable = false;
      socket.writable = false;
      if (socket._timer) { clearTimeout(socket._timer); socket._timer = null; }
      const req = socket._req;
      const res = socket._res;
      socket._req = null;
      socket._res = null;
      const finishing = socket._finishing;
      socket._finishing = [];
      for (const r of finishing) finishResponse(r);
      if (req) {
        if (aborted && !req.complete) req._abort();
        else if (!req.destroyed) req.destroy();
      }
      if (res && !res.writableFinished) {
        res.destroyed = true;
        res.emit('close');
      }
      const err = socket._destroyError;
      if (err) socket.emit('error', err);
      socket.emit('close', !!err);
      server._maybeClosed();
    },

    tlsClientError(err, remoteAddress, remotePort) {
      // As in Node: the failed client's error, with a stand-in for the socket it never got.
      server.emit('tlsClientError', err, { remoteAddress, remotePort, encrypted: true });
    },

    clientError(id, status, code, message) {
      const socket = sockets.get(id);
      if (!socket || server.listenerCount('clientError') === 0) return false;
      const err = codedError(Error, code, clientErrorMessage(code, message));
      err.bytesParsed = 0;
      err.rawPacket = undefined;
      server.emit('clientError', err, socket);
      return true;
    },
  };
}

export function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

