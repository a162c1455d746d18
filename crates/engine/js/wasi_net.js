// wasi_net: raw TCP as the original WasmEdge QuickJS runtime offered it: WasiTcpServer,
// WasiTcpConn, with promise-based accept, read and write.

import native from 'internal:native';
import { invalidArgType, outOfRange } from 'internal:errors';

function toBytes(data) {
  if (typeof data === 'string') return native.utf8Encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgType('data', 'of type string or an instance of ArrayBuffer, TypedArray or DataView', data);
}

function formatAddr([ip, port]) {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function checkPort(port) {
  if (typeof port === 'string' && /^\d+$/.test(port)) port = Number(port);
  if (typeof port !== 'number' || !Number.isInteger(port)) throw invalidArgType('port', 'of type number', port);
  if (port < 0 || port > 65535) throw outOfRange('port', '>= 0 and <= 65535', port);
  return port;
}

/// Splits "host:port" ("[::1]:80" for IPv6).
function splitHostPort(addr) {
  if (typeof addr !== 'string') throw invalidArgType('addr', 'of type string', addr);
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(addr) || /^([^:]*):(\d+)$/.exec(addr);
  if (!m) throw invalidArgType('addr', 'of the form "host:port"', addr);
  return [m[1] || '127.0.0.1', checkPort(m[2])];
}

const kCreate = Symbol('create');

export class WasiTcpConn {
  #id;
  #closed = false;
  // Addresses are read once: after the peer closes, the system no longer reports them.
  #peer;
  #local;

  constructor(key, id, peer) {
    if (key !== kCreate) throw new TypeError('Illegal constructor: use WasiTcpConn.connect()');
    this.#id = id;
    this.#peer = peer;
  }

  static _create(id, peer) {
    const conn = new WasiTcpConn(kCreate, id, peer);
    conn.#local = formatAddr(native.tcpAddr(id, false));
    if (conn.#peer === undefined) conn.#peer = formatAddr(native.tcpAddr(id, true));
    return conn;
  }

  /// Connects to "host:port" (or host, port). Bad arguments throw at once; connection
  /// failures reject.
  static connect(host, port) {
    if (port === undefined) [host, port] = splitHostPort(host);
    else port = checkPort(port);
    return native.tcpConnect(String(host), port).then((id) => WasiTcpConn._create(id));
  }

  /// The next bytes from the peer as an ArrayBuffer, or undefined at end of stream.
  read(maxBytes) {
    return maxBytes === undefined ? native.tcpRead(this.#id) : native.tcpRead(this.#id, maxBytes);
  }

  /// Sends every byte of `data`; resolves when they are handed to the system.
  write(data) {
    return native.tcpWrite(this.#id, toBytes(data));
  }

  /// Half-closes: the peer sees end of stream, reads still work.
  end() { native.tcpShutdown(this.#id); }

  close() {
    if (!this.#closed) { this.#closed = true; native.tcpClose(this.#id); }
  }

  peer() { return this.#peer; }
  local() { return this.#local; }
}

export class WasiTcpServer {
  #id;
  #closed = false;

  constructor(port, host = '0.0.0.0', backlog = 511) {
    this.#id = native.tcpListen(String(host), checkPort(port), backlog);
  }

  async accept() {
    const [id, ip, port] = await native.tcpAccept(this.#id);
    return WasiTcpConn._create(id, formatAddr([ip, port]));
  }

  address() {
    const [address, port, family] = native.tcpListenerAddr(this.#id);
    return { address, port: Number(port), family };
  }

  get port() { return this.address().port; }

  close() {
    if (!this.#closed) { this.#closed = true; native.tcpClose(this.#id); }
  }
}

export default { WasiTcpServer, WasiTcpConn };
