// The HTTP client side of node:http: request, get, ClientRequest, Agent and globalAgent, on the
// same native exchanges and keep-alive pool as fetch (src/native/http_client.rs).

import native from 'internal:native';
import { EventEmitter } from 'node:events';
import { Stream } from 'node:stream';
import { Buffer } from 'node:buffer';
import { URL } from 'internal:url';
import { nextTick } from 'node:process';
import { setTimeout, clearTimeout } from 'node:timers';
import { badPort, codedError, invalidArgType, validateFunction } from 'internal:errors';
import { caText, clientIdentity, rejectUnauthorizedDefault } from 'internal:tls_common';
import { OutgoingMessage, trailerList } from 'internal:http_common';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

function toBuffer(chunk, encoding) {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding || 'utf8');
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
}

// ---------------------------------------------------------------------------------------------
// The response: Node's IncomingMessage, as a readable stream of Buffers pulled from the
// connection only while it flows (so a paused response holds the connection, not memory).
// The server side's IncomingMessage (internal:http_common) is meant to replace this one, fed by
// the same `next()` puller, once both sides share it.

// A response head with only the first `maxHeadersCount` fields (Node's default: 2000).
function keptHeaders(head, maxHeadersCount) {
  const max = maxHeadersCount > 0 ? maxHeadersCount : 2000;
  if (head.headers.length <= 2 * max) return head;
  return { ...head, headers: head.headers.slice(0, 2 * max) };
}

// A Stream (the legacy base class) for Node's classic pipe(): res.pipe(file) and the like.
class IncomingMessage extends Stream {
  #next;
  #flowing = null; // null until a consumer shows up, then true (flowing) or false (paused)
  #pumping = false;
  #decoder = null;
  #encoding = null;
  #ended = false;
  #iterating = false;

  constructor(head, next) {
    super();
    this.#next = next;
    this.statusCode = head.status;
    this.statusMessage = head.statusText;
    this.httpVersion = '1.1';
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.rawHeaders = head.headers;
    this.headers = {};
    this.headersDistinct = {};
    for (let i = 0; i + 1 < head.headers.length; i += 2) {
      const name = head.headers[i].toLowerCase();
      const value = head.headers[i + 1];
      (this.headersDistinct[name] ||= []).push(value);
      if (name === 'set-cookie') (this.headers[name] ||= []).push(value);
      else this.headers[name] = name in this.headers ? `${this.headers[name]}, ${value}` : value;
    }
    this.trailers = {};
    this.rawTrailers = [];
    this.trailersDistinct = {};
    this.method = null;
    this.url = '';
    this.complete = false;
    this.aborted = false;
    this.destroyed = false;
    this.socket = null;
  }

  // The trailer fields [name, value, ...] of a chunked response, set before 'end'.
  _setTrailers(raw) {
    this.rawTrailers = raw;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      (this.trailersDistinct[name] ||= []).push(raw[i + 1]);
      this.trailers[name] = name in this.trailers ? `${this.trailers[name]}, ${raw[i + 1]}` : raw[i + 1];
    }
  }

  get readableEnded() { return this.#ended; }
  get readableFlowing() { return this.#flowing; }

  setEncoding(encoding = 'utf8') {
    this.#encoding = String(encoding).toLowerCase();
    if (this.#encoding === 'utf8' || this.#encoding === 'utf-8') this.#decoder = new TextDecoder('utf-8');
    return this;
  }

  #decode(buf) {
    if (this.#decoder) return this.#decoder.decode(buf, { stream: true });
    if (this.#encoding) return buf.toString(this.#encoding);
    return buf;
  }

  on(type, listener) {
    super.on(type, listener);
    if (type === 'data' && this.#flowing !== false) this.resume();
    return this;
  }

  addListener(type, listener) { return this.on(type, listener); }

  once(type, listener) {
    super.once(type, listener);
    if (type === 'data') this.resume();
    return this;
  }

  pause() { this.#flowing = false; return this; }

  resume() {
    this.#flowing = true;
    if (!this.#pumping && !this.#ended && !this.#iterating) nextTick(() => this.#pump());
    return this;
  }

  async #pull() {
    const chunk = await this.#next();
    if (chunk === undefined) return undefined;
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }

  #finish() {
    if (this.#ended) return;
    this.#ended = true;
    this.complete = true;
    if (this.#decoder) {
      const rest = this.#decoder.decode();
      if (rest) this.emit('data', rest);
    }
    this.emit('end');
    nextTick(() => this.emit('close'));
  }

  async #pump() {
    if (this.#pumping || this.#ended || this.destroyed) return;
    this.#pumping = true;
    try {
      while (this.#flowing && !this.destroyed) {
        const chunk = await this.#pull();
        if (this.destroyed) return;
        if (chunk === undefined) { this.#finish(); return; }
        this.emit('data', this.#decode(chunk));
      }
    } catch (err) {
      this._fail(err);
    } finally {
      this.#pumping = false;
    }
  }

  _fail(err) {
    if (this.destroyed || this.#ended) return;
    this.aborted = true;
    this.destroyed = true;
    if (this.listenerCount('error') > 0) this.emit('error', err);
    this.emit('aborted');
    nextTick(() => this.emit('close'));
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.emit('_destroy');
    if (err && this.listenerCount('error') > 0) nextTick(() => this.emit('error', err));
    nextTick(() => this.emit('close'));
    return this;
  }

  async *[Symbol.asyncIterator]() {
    this.#iterating = true;
    this.#flowing = false;
    for (;;) {
      const chunk = await this.#pull();
      if (chunk === undefined) break;
      yield this.#decode(chunk);
    }
    this.#finish();
  }
}

// ---------------------------------------------------------------------------------------------
// Agent: how connections are kept. The pool itself is native and per origin; an Agent decides
// whether connections are kept alive and how many an origin may have at once.

export class Agent extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { path: null, ...options };
    this.keepAlive = Boolean(options.keepAlive);
    this.keepAliveMsecs = options.keepAliveMsecs || 1000;
    this.maxSockets = options.maxSockets || Infinity;
    this.maxFreeSockets = options.maxFreeSockets || 256;
    this.maxTotalSockets = options.maxTotalSockets || Infinity;
    this.timeout = options.timeout;
    this.scheduling = options.scheduling || 'lifo';
    this.defaultPort = 80;
    this.protocol = 'http:';
    this.sockets = {};
    this.freeSockets = {};
    this.requests = {};
  }

  destroy() {}
  getName(options = {}) {
    return `${options.host || options.hostname || 'localhost'}:${options.port || ''}:${options.localAddress || ''}`;
  }
}

// As in Node 20, the global agent keeps connections alive.
export const globalAgent = new Agent({ keepAlive: true, timeout: 5000 });

// ---------------------------------------------------------------------------------------------
// ClientRequest

function validateHeader(name, value) {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
  }
  if (value === undefined) {
    throw codedError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${value}" for header "${name}"`);
  }
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (INVALID_VALUE.test(String(v))) {
      throw codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
    }
  }
}

function basicAuth(auth) {
  return `Basic ${Buffer.from(auth).toString('base64')}`;
}

// Body bytes a request queues before write() returns false (Node's default for streams).
const WRITE_HIGH_WATER_MARK = 16384;

export class ClientRequest extends OutgoingMessage {
  #headers = new Map(); // lowercase name -> [name as given, value]
  #host;
  #port;
  #agent;
  #tls = undefined;
  #id = 0;
  #started = false;
  #writeChain = Promise.resolve();
  #queued = 0;
  #needDrain = false;
  #pendingBody = [];
  #timeoutMs = 0;
  #timer = null;
  #res = null;
  #closed = false;
  #trailers = undefined; // [name, value, ...] from addTrailers
  #endCallback = null;

  // `defaultAgent` is node:https' global agent for https.request; http.request leaves it out.
  constructor(input, options, cb, defaultAgent = globalAgent) {
    super();
    if (typeof input === 'string' || input instanceof URL) {
      let url;
      try {
        url = new URL(String(input));
      } catch {
        throw codedError(TypeError, 'ERR_INVALID_URL', `Invalid URL: ${input}`);
      }
      const fromUrl = {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname || '/'}${url.search}`,
      };
      if (url.username || url.password) fromUrl.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      if (typeof options === 'function') { cb = options; options = {}; }
      options = { ...fromUrl, ...(options || {}) };
    } else {
      if (typeof input === 'function') { cb = input; input = {}; }
      if (typeof options === 'function') { cb = options; options = undefined; }
      options = { ...(input || {}), ...(options || {}) };
    }
    if (cb !== undefined) validateFunction(cb, 'callback');

    const agent = options.agent === undefined ? defaultAgent : options.agent;
    if (agent !== false && agent !== null && !(agent instanceof Agent)) {
      throw invalidArgType('options.agent', 'an instance of Agent or false', agent);
    }
    this.#agent = agent || null;
    const expected = (agent && agent.protocol) || defaultAgent.protocol;
    const protocol = options.protocol || expected;
    if (protocol !== expected) {
      throw codedError(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${protocol}" not supported. Expected "${expected}"`);
    }
    const defaultPort = options.defaultPort || (agent && agent.defaultPort) || defaultAgent.defaultPort;
    if (protocol === 'https:') {
      // TLS options come from the request, else from its agent's options, as in Node.
      const pick = (name) => (options[name] !== undefined ? options[name] : agent ? agent.options[name] : undefined);
      const ca = pick('ca');
      const rejectUnauthorized = pick('rejectUnauthorized');
      this.#tls = {
        ca: caText(ca),
        rejectUnauthorized: rejectUnauthorized === undefined ? rejectUnauthorizedDefault() : rejectUnauthorized !== false,
        servername: pick('servername'),
        ...clientIdentity(pick('cert'), pick('key'), pick('passphrase')),
      };
    }
    const method = options.method === undefined ? 'GET' : options.method;
    if (typeof method !== 'string' || !TOKEN.test(method)) {
      throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Method must be a valid HTTP token ["${method}"]`);
    }
    this.method = method.toUpperCase();
    const path = options.path === undefined ? '/' : String(options.path);
    if (/[\0-\x20\x7f]/.test(path)) throw codedError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
    this.path = path;
    let host = options.hostname || options.host || 'localhost';
    if (!options.hostname && typeof options.host === 'string') host = options.host.replace(/:\d+$/, '');
    host = host.startsWith('[') ? host.slice(1, -1) : host;
    const port = options.port === undefined || options.port === '' || options.port === null ? defaultPort : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw badPort(options.port);
    }
    this.#host = host;
    this.#port = port;
    this.host = host;
    this.protocol = protocol;
    this.headersSent = false;
    this.finished = false;
    this.writableEnded = false;
    this.writableFinished = false;
    this.destroyed = false;
    this.aborted = false;
    this.reusedSocket = false;
    this.socket = null;
    this.maxHeadersCount = null;

    const headers = options.headers;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.#append(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const name of Object.keys(headers)) this.setHeader(name, headers[name]);
    }
    if (options.setHost !== false && !this.hasHeader('host')) {
      const shown = host.includes(':') ? `[${host}]` : host;
      this.setHeader('Host', port === defaultPort ? shown : `${shown}:${port}`);
    }
    if (options.auth && !this.hasHeader('authorization')) this.setHeader('Authorization', basicAuth(options.auth));
    if (this.#agent === null || !this.#agent.keepAlive) {
      if (!this.hasHeader('connection')) this.setHeader('Connection', 'close');
    }
    // (agent: false leaves no agent, and so no agent timeout.)
    const timeout = options.timeout !== undefined ? options.timeout : this.#agent ? this.#agent.options.timeout : undefined;
    if (timeout !== undefined) this.setTimeout(timeout);
    if (options.signal) {
      const signal = options.signal;
      const onAbort = () => this.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason }));
      if (signal.aborted) nextTick(onAbort);
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    if (cb) this.once('response', cb);
  }

  #append(name, value) {
    validateHeader(name, value);
    const key = name.toLowerCase();
    const prev = this.#headers.get(key);
    if (prev) prev[1] = [].concat(prev[1], value);
    else this.#headers.set(key, [name, value]);
  }

  #checkNotSent(what) {
    if (this.headersSent) {
      throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', `Cannot ${what} headers after they are sent to the client`);
    }
  }

  // Trailer fields for the end of a chunked request body (replacing any given before; a
  // body sent whole, with a Content-Length, drops them, as Node does).
  addTrailers(headers) {
    this.#trailers = trailerList(headers);
  }

  setHeader(name, value) {
    this.#checkNotSent('set');
    validateHeader(name, value);
    this.#headers.set(String(name).toLowerCase(), [name, value]);
    return this;
  }

  appendHeader(name, value) { this.#checkNotSent('set'); this.#append(name, value); return this; }
  getHeader(name) { const e = this.#headers.get(String(name).toLowerCase()); return e ? e[1] : undefined; }
  getHeaders() { const o = Object.create(null); for (const [k, [, v]] of this.#headers) o[k] = v; return o; }
  getHeaderNames() { return [...this.#headers.keys()]; }
  getRawHeaderNames() { return [...this.#headers.values()].map((e) => e[0]); }
  hasHeader(name) { return this.#headers.has(String(name).toLowerCase()); }

  removeHeader(name) {
    this.#checkNotSent('remove');
    this.#headers.delete(String(name).toLowerCase());
  }

  #flatHeaders() {
    const out = [];
    for (const [name, value] of this.#headers.values()) {
      if (Array.isArray(value)) for (const v of value) out.push(name, String(v));
      else out.push(name, String(value));
    }
    return out;
  }

  // Starts the exchange: with the whole body when it is known (one send), else streamed.
  #start(body, streamed) {
    this.#started = true;
    this.headersSent = true;
    let id;
    let head;
    try {
      [id, head] = native.fetchSend({
        host: this.#host,
        port: this.#port,
        method: this.method,
        target: this.path,
        headers: this.#flatHeaders(),
        body,
        streamed,
        maxSockets: this.#agent && Number.isFinite(this.#agent.maxSockets) ? this.#agent.maxSockets : Infinity,
        tls: this.#tls,
      });
    } catch (err) {
      nextTick(() => this.#fail(err));
      return;
    }
    this.#id = id;
    this.#armTimer();
    head.then((h) => this.#onHead(h), (err) => this.#fail(err));
  }

  #onHead(h) {
    if (this.destroyed) return;
    if (h.upgraded) { this.#onUpgrade(h); return; }
    this.#armTimer();
    let first = h.body;
    let done = h.done;
    const id = this.#id;
    const next = async () => {
      this.#armTimer();
      if (first) { const c = first; first = null; return c; }
      if (done) return undefined;
      const c = await native.fetchRead(id);
      // The end comes as undefined, or as the trailer fields when the response had some.
      if (c === undefined || Array.isArray(c)) {
        done = true;
        if (c) res._setTrailers(c);
        this.#onResponseEnd();
        return undefined;
      }
      return c;
    };
    if (done) nextTick(() => this.#onResponseEnd());
    const res = new IncomingMessage(keptHeaders(h, this.maxHeadersCount), next);
    if (h.trailers) res._setTrailers(h.trailers);
    res.req = this;
    this.#res = res;
    res.on('_destroy', () => { if (!done) { done = true; native.fetchAbort(id); } this.#cleanup(); });
    if (this.listenerCount('response') > 0) this.emit('response', res);
    else res.resume();
  }

  // A 101 answer (or 2xx to CONNECT): the 'upgrade' ('connect') listeners get the response
  // head, the connection as a net.Socket and the bytes that came after the head. Without a
  // listener the connection is closed, as in Node.
  #onUpgrade(h) {
    this.#clearTimer();
    const id = this.#id;
    const event = this.method === 'CONNECT' ? 'connect' : 'upgrade';
    if (this.listenerCount(event) === 0) {
      native.fetchAbort(id);
      this.#cleanup();
      return;
    }
    const [tcpId, head] = native.fetchUpgrade(id);
    const { Socket } = native.importSync('node:net');
    const socket = new Socket();
    socket._attach(tcpId);
    const res = new IncomingMessage(keptHeaders({ ...h, done: true }, this.maxHeadersCount), async () => undefined);
    res.req = this;
    res.upgrade = true;
    this.#res = res;
    this.upgradeOrConnect = true;
    this.emit(event, res, socket, Buffer.from(head.buffer, head.byteOffset, head.byteLength));
    this.#cleanup();
  }

  #onResponseEnd() {
    this.#cleanup();
  }

  #cleanup() {
    this.#clearTimer();
    if (this.#closed) return;
    this.#closed = true;
    nextTick(() => this.emit('close'));
  }

  #fail(err) {
    if (this.#closed && !this.#res) return;
    this.#clearTimer();
    if (this.#res) {
      this.#res._fail(err);
    } else if (!this.aborted) {
      this.emit('error', err);
    }
    this.#cleanup();
  }

  #armTimer() {
    this.#clearTimer();
    if (this.#timeoutMs > 0 && !this.#closed) {
      this.#timer = setTimeout(() => { this.#timer = null; this.emit('timeout'); }, this.#timeoutMs);
      this.#timer.unref();
    }
  }

  #clearTimer() {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = null; }
  }

  setTimeout(ms, callback) {
    if (typeof ms !== 'number' || ms < 0 || !Number.isFinite(ms)) throw invalidArgType('msecs', 'of type number', ms);
    if (callback !== undefined) { validateFunction(callback, 'callback'); this.once('timeout', callback); }
    this.#timeoutMs = ms;
    if (this.#started) this.#armTimer();
    return this;
  }

  setNoDelay() {}
  setSocketKeepAlive() {}
  flushHeaders() {}

  write(chunk, encoding, callback) {
    if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    if (this.writableEnded) {
      const err = codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
      nextTick(() => { if (callback) callback(err); this.emit('error', err); });
      return false;
    }
    if (this.destroyed) return false;
    const bytes = toBuffer(chunk, encoding);
    if (!this.#started) this.#start(undefined, true);
    if (bytes.byteLength > 0) {
      const id = this.#id;
      this.#writeChain = this.#writeChain.then(() => (id ? native.fetchWrite(id, bytes) : undefined));
      // Bytes wait here until the connection takes them; past the high-water mark write()
      // says so, and 'drain' comes once they are down again, as a writable stream's do.
      this.#queued += bytes.byteLength;
      const settle = () => {
        this.#queued -= bytes.byteLength;
        if (this.#needDrain && this.#queued < WRITE_HIGH_WATER_MARK) {
          this.#needDrain = false;
          this.emit('drain');
        }
      };
      this.#writeChain.then(settle, settle);
    }
    this.#writeChain.then(() => callback && callback(), () => {});
    if (this.#queued < WRITE_HIGH_WATER_MARK) return true;
    this.#needDrain = true;
    return false;
  }

  get writableLength() { return this.#queued; }
  get writableHighWaterMark() { return WRITE_HIGH_WATER_MARK; }
  get writableNeedDrain() { return this.#needDrain; }

  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') { callback = chunk; chunk = undefined; }
    if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    if (this.writableEnded) { if (callback) nextTick(callback); return this; }
    if (callback) this.once('finish', callback);
    if (this.#started && chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    this.writableEnded = true;
    this.finished = true;
    const onSent = () => {
      this.writableFinished = true;
      this.emit('finish');
    };
    if (!this.#started) {
      if (this.destroyed) return this;
      const body = chunk === undefined || chunk === null ? undefined : toBuffer(chunk, encoding);
      this.#start(body, false);
      if (this.#id) nextTick(onSent);
      return this;
    }
    const id = this.#id;
    const trailers = this.#trailers;
    this.#writeChain = this.#writeChain.then(() => (id ? native.fetchFinish(id, trailers) : undefined));
    this.#writeChain.then(onSent, (err) => this.#fail(err));
    return this;
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    if (this.#id) native.fetchAbort(this.#id);
    if (!this.#started) this.#started = true;
    const error = err || (this.#res ? null : codedError(Error, 'ECONNRESET', 'socket hang up'));
    this.#clearTimer();
    if (this.#res) {
      if (!this.#res.complete) this.#res._fail(error || codedError(Error, 'ECONNRESET', 'aborted'));
    } else if (error && !this.aborted) {
      nextTick(() => this.emit('error', error));
    }
    this.#cleanup();
    return this;
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    nextTick(() => this.emit('abort'));
    this.destroy();
  }
}

export function request(url, options, cb) {
  return new ClientRequest(url, options, cb);
}

export function get(url, options, cb) {
  const req = new ClientRequest(url, options, cb);
  req.end();
  return req;
}
