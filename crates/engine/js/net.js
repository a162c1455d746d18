// node:net: TCP servers and connections the Node way (Server, Socket as a Duplex stream,
// createServer, connect), on the same native sockets as wasi_net. One read is outstanding at a
// time and only while the stream wants data, so a paused socket holds the connection, not
// memory.

import native from 'internal:native';
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import { Buffer } from 'node:buffer';
import { badPort, codedError, invalidArgType, validateFunction, outOfRange } from 'internal:errors';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function isIPv4(s) { return typeof s === 'string' && IPV4.test(s); }
export function isIPv6(s) {
  if (typeof s !== 'string' || !s.includes(':')) return false;
  try { return new URL(`http://[${s}]/`).hostname !== ''; } catch { return false; }
}
export function isIP(s) { return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0; }

function checkPort(port, name) {
  const n = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) throw badPort(port, name);
  return n;
}

function family(ip) { return ip.includes(':') ? 'IPv6' : 'IPv4'; }

export class Socket extends Duplex {
  constructor(options = {}) {
    super({ ...options, allowHalfOpen: Boolean(options.allowHalfOpen), decodeStrings: true });
    this._id = null;
    this._reading = false;
    this._wantRead = false;
    this._waiting = []; // writes made before the connection was up
    this._finalWaiting = null; // and an end()
    this._timeoutMs = 0;
    this._timer = null;
    this.connecting = false;
    this.bytesRead = 0;
    this.bytesWritten = 0;
    this.remoteAddress = undefined;
    this.remotePort = undefined;
    this.remoteFamily = undefined;
    this.localAddress = undefined;
    this.localPort = undefined;
  }

  /// Takes over the native connection `id`.
  _attach(id, remote) {
    this._id = id;
    this.connecting = false;
    const [rip, rport] = remote || native.tcpAddr(id, true);
    const [lip, lport] = native.tcpAddr(id, false);
    this.remoteAddress = rip;
    this.remotePort = Number(rport);
    this.remoteFamily = family(rip);
    this.localAddress = lip;
    this.localPort = Number(lport);
    const waiting = this._waiting;
    this._waiting = [];
    for (const [chunk, cb] of waiting) this._write(chunk, null, cb);
    if (this._finalWaiting) {
      const final = this._finalWaiting;
      this._finalWaiting = null;
      this._final(final);
    }
    if (this._wantRead) { this._wantRead = false; this._read(); }
  }

  connect(...args) {
    let options;
    let callback;
    if (args[0] !== null && typeof args[0] === 'object') {
      [options, callback] = args;
    } else {
      options = { port: args[0] };
      if (typeof args[1] === 'string') { options.host = args[1]; callback = args[2]; } else callback = args[1];
    }
    const port = checkPort(options.port);
    const host = options.host || 'localhost';
    if (callback !== undefined) { validateFunction(callback, 'callback'); this.once('connect', callback); }
    this.connecting = true;
    native.tcpConnect(String(host), port).then((id) => {
      if (this.destroyed) { native.tcpClose(id); return; }
      this._attach(id);
      this._touch();
      this.emit('connect');
      this.emit('ready');
    }, (err) => this.destroy(err));
    return this;
  }

  _read() {
    if (this._id === null) { this._wantRead = true; return; }
    if (this._reading) return;
    this._reading = true;
    native.tcpRead(this._id, 65536).then((ab) => {
      this._reading = false;
      if (this.destroyed) return;
      this._touch();
      if (ab === undefined) { this.push(null); return; }
      this.bytesRead += ab.byteLength;
      // More is read when the stream asks again (push returns whether it wants more).
      if (this.push(Buffer.from(ab))) this._read();
    }, (err) => {
      this._reading = false;
      if (err && err.code === 'ECONNRESET' && this.readableEnded) return;
      this.destroy(err);
    });
  }

  _write(chunk, encoding, callback) {
    if (this._id === null) { this._waiting.push([chunk, callback]); return; }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : chunk;
    native.tcpWrite(this._id, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(() => {
      this.bytesWritten += bytes.byteLength;
      this._touch();
      callback();
    }, callback);
  }

  _final(callback) {
    // Ended before the connection was up: the half-close waits for it.
    if (this._id === null) { this._finalWaiting = callback; return; }
    try { native.tcpShutdown(this._id); } catch { /* already closed */ }
    callback();
  }

  _destroy(err, callback) {
    if (this._timer) { clearTimeout(this._timer); this._timer = null; }
    if (this._id !== null) {
      try { native.tcpClose(this._id); } catch { /* already closed */ }
      this._id = null;
    }
    if (this.server && typeof this.server._connectionClosed === 'function') this.server._connectionClosed();
    callback(err);
  }

  _touch() {
    if (this._timeoutMs > 0) {
      if (this._timer) clearTimeout(this._timer);
      this._timer = setTimeout(() => { this._timer = null; this.emit('timeout'); }, this._timeoutMs);
    }
  }

  setTimeout(ms, callback) {
    this._timeoutMs = ms;
    if (this._timer) { clearTimeout(this._timer); this._timer = null; }
    if (callback) this.once('timeout', callback);
    this._touch();
    return this;
  }

  address() {
    return this.localAddress === undefined ? {} : { address: this.localAddress, family: family(this.localAddress), port: this.localPort };
  }

  get readyState() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable) return 'readOnly';
    if (this.writable) return 'writeOnly';
    return 'closed';
  }

  get pending() { return this._id === null; }
  setNoDelay() { return this; }
  setKeepAlive() { return this; }
  ref() { return this; }
  unref() { return this; }
  destroySoon() { this.end(); }
  resetAndDestroy() { return this.destroy(); }
}

export class Server extends EventEmitter {
  constructor(options, connectionListener) {
    super();
    if (typeof options === 'function') { connectionListener = options; options = {}; }
    this._options = options || {};
    this._id = null;
    this._connections = 0;
    this._closing = false;
    this.listening = false;
    if (connectionListener) this.on('connection', connectionListener);
  }

  listen(...args) {
    let port = 0;
    let host = '0.0.0.0';
    let backlog = 511;
    let callback;
    if (typeof args[args.length - 1] === 'function') callback = args.pop();
    if (args[0] !== null && typeof args[0] === 'object') {
      ({ port = 0, host = '0.0.0.0', backlog = 511 } = args[0]);
    } else {
      if (args[0] !== undefined) port = args[0];
      if (typeof args[1] === 'string') { host = args[1]; if (typeof args[2] === 'number') backlog = args[2]; }
      else if (typeof args[1] === 'number') backlog = args[1];
    }
    port = checkPort(port, 'options.port');
    if (callback) this.once('listening', callback);
    try {
      this._id = native.tcpListen(String(host), port, backlog);
    } catch (err) {
      process.nextTick(() => this.emit('error', err));
      return this;
    }
    this.listening = true;
    process.nextTick(() => this.emit('listening'));
    this._acceptLoop(this._id);
    return this;
  }

  async _acceptLoop(id) {
    for (;;) {
      let accepted;
      try {
        accepted = await native.tcpAccept(id);
      } catch (err) {
        if (this._id === id) this.emit('error', err);
        return;
      }
      this._accepted(...accepted);
    }
  }

  // A new connection `conn` from ip:port (node:tls' Server runs a handshake first).
  _accepted(conn, ip, port) {
    const socket = new Socket(this._options);
    socket.server = this;
    socket._attach(conn, [ip, port]);
    this._connections++;
    this.emit('connection', socket);
  }

  _connectionClosed() {
    this._connections--;
    this._maybeClosed();
  }

  _maybeClosed() {
    if (this._closing && this._connections === 0) {
      this._closing = false;
      process.nextTick(() => this.emit('close'));
    }
  }

  address() {
    if (this._id === null) return null;
    const [address, port, fam] = native.tcpListenerAddr(this._id);
    return { address, family: fam, port: Number(port) };
  }

  close(callback) {
    if (callback) {
      if (this._id === null) process.nextTick(callback, Object.assign(new Error('Server is not running.'), { code: 'ERR_SERVER_NOT_RUNNING' }));
      else this.once('close', () => callback());
    }
    if (this._id !== null) {
      const id = this._id;
      this._id = null;
      this.listening = false;
      native.tcpClose(id);
      this._closing = true;
      this._maybeClosed();
    }
    return this;
  }

  getConnections(callback) {
    process.nextTick(callback, null, this._connections);
    return this;
  }

  ref() { return this; }
  unref() { return this; }

  [Symbol.asyncDispose]() { return new Promise((resolve) => this.close(() => resolve())); }
}

export function createServer(options, connectionListener) {
  return new Server(options, connectionListener);
}

export function connect(...args) {
  const options = args[0] !== null && typeof args[0] === 'object' ? args[0] : {};
  const socket = new Socket(options);
  return socket.connect(...args);
}

export const createConnection = connect;

// Happy-eyeballs settings: this runtime connects to the first address it resolves.
let autoSelectFamily = false;
let autoSelectFamilyAttemptTimeout = 250;
export function getDefaultAutoSelectFamily() { return autoSelectFamily; }
export function setDefaultAutoSelectFamily(value) { autoSelectFamily = Boolean(value); }
export function getDefaultAutoSelectFamilyAttemptTimeout() { return autoSelectFamilyAttemptTimeout; }
export function setDefaultAutoSelectFamilyAttemptTimeout(value) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalidArgType('value', 'a positive integer', value);
  autoSelectFamilyAttemptTimeout = Math.max(value, 10);
}

export { Socket as Stream };

// --- BlockList and SocketAddress --------------------------------------------------------------

/// An IP address as [family ('ipv4' | 'ipv6'), BigInt value], or null if it is none.
function ipValue(address, family) {
  if (typeof address !== 'string') return null;
  const want = family === undefined ? undefined : String(family).toLowerCase();
  if (isIPv4(address) && want !== 'ipv6') {
    return ['ipv4', address.split('.').reduce((v, part) => (v << 8n) | BigInt(Number(part)), 0n)];
  }
  if (!isIPv6(address) || want === 'ipv4') return null;
  let text = address.split('%')[0];
  let tail = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = Number(ipValue(v4[1], 'ipv4')[1]);
    tail = [(n >>> 16).toString(16), (n & 0xffff).toString(16)];
    text = text.slice(0, -v4[1].length) + tail.join(':');
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill('0'), ...right];
  return ['ipv6', groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n)];
}

const MAPPED = 0xffffn << 32n;

/// The address as the other family sees it: IPv4 as ::ffff:a.b.c.d and back.
function otherFamily([family, value]) {
  if (family === 'ipv4') return ['ipv6', MAPPED | value];
  if (value >> 32n === 0xffffn) return ['ipv4', value & 0xffffffffn];
  return null;
}

function familyName(family) { return family === 'ipv4' ? 'IPv4' : 'IPv6'; }

function addressOf(value, name, family) {
  if (value instanceof SocketAddress) return ipValue(value.address, value.family);
  const ip = ipValue(value, family);
  if (ip === null) {
    if (typeof value !== 'string') throw invalidArgType(name, 'of type string or an instance of SocketAddress', value);
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' must be a valid IP address. Received '${value}'`);
  }
  return ip;
}

/// Rules of addresses, ranges and subnets that addresses are checked against.
export class BlockList {
  #rules = [];

  addAddress(address, family = 'ipv4') {
    const ip = addressOf(address, 'address', family);
    this.#rules.unshift({ kind: 'Address', ip, text: `Address: ${familyName(ip[0])} ${address instanceof SocketAddress ? address.address : address}`, test: ([f, v]) => f === ip[0] && v === ip[1] });
  }

  addRange(start, end, family = 'ipv4') {
    const a = addressOf(start, 'start', family);
    const b = addressOf(end, 'end', family);
    if (a[0] !== b[0] || b[1] < a[1]) throw codedError(RangeError, 'ERR_INVALID_ARG_VALUE', 'The argument \'start\' must come before end');
    const text = (x) => (x instanceof SocketAddress ? x.address : x);
    this.#rules.unshift({ kind: 'Range', text: `Range: ${familyName(a[0])} ${text(start)}-${text(end)}`, test: ([f, v]) => f === a[0] && v >= a[1] && v <= b[1] });
  }

  addSubnet(network, prefix, family = 'ipv4') {
    const ip = addressOf(network, 'net', family);
    const bits = ip[0] === 'ipv4' ? 32 : 128;
    if (typeof prefix !== 'number' || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
      throw outOfRange('prefix', `>= 0 && <= ${bits}`, prefix);
    }
    const shift = BigInt(bits - prefix);
    const base = ip[1] >> shift;
    const text = network instanceof SocketAddress ? network.address : network;
    this.#rules.unshift({ kind: 'Subnet', text: `Subnet: ${familyName(ip[0])} ${text}/${prefix}`, test: ([f, v]) => f === ip[0] && (v >> shift) === base });
  }

  check(address, family) {
    const ip = address instanceof SocketAddress ? ipValue(address.address, address.family) : ipValue(address, family);
    if (ip === null) {
      if (typeof address !== 'string' && !(address instanceof SocketAddress)) {
        throw invalidArgType('address', 'of type string or an instance of SocketAddress', address);
      }
      return false;
    }
    const other = otherFamily(ip);
    return this.#rules.some((r) => r.test(ip) || (other !== null && r.test(other)));
  }

  get rules() { return this.#rules.map((r) => r.text); }
}

/// An IP address with a port (and an IPv6 flow label).
export class SocketAddress {
  #address; #port; #family; #flowlabel;

  constructor(options = {}) {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    const family = options.family === undefined ? 'ipv4' : String(options.family).toLowerCase();
    if (family !== 'ipv4' && family !== 'ipv6') throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.family' must be one of: 'ipv4', 'ipv6'. Received '${options.family}'`);
    const address = options.address === undefined ? (family === 'ipv4' ? '127.0.0.1' : '::') : options.address;
    if (ipValue(address, family) === null) throw codedError(Error, 'ERR_INVALID_ADDRESS', 'Invalid socket address');
    const port = options.port === undefined ? 0 : options.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw badPort(port);
    this.#address = address;
    this.#port = port;
    this.#family = family;
    this.#flowlabel = options.flowlabel === undefined ? 0 : options.flowlabel;
  }

  get address() { return this.#address; }
  get port() { return this.#port; }
  get family() { return this.#family; }
  get flowlabel() { return this.#flowlabel; }
  toJSON() { return { address: this.#address, port: this.#port, family: this.#family, flowlabel: this.#flowlabel }; }
}

export default {
  BlockList, SocketAddress,
  Server, Socket, Stream: Socket, createServer, connect, createConnection, isIP, isIPv4, isIPv6,
  getDefaultAutoSelectFamily, setDefaultAutoSelectFamily, getDefaultAutoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout,
};
