// The WHATWG WebSocket client (global, as in Node 22), with MessageEvent and CloseEvent: the
// opening handshake through node:http's 'upgrade', then RFC 6455 framing on the net.Socket it
// hands over: masked frames out, fragmented messages reassembled, ping answered with pong,
// text checked as UTF-8, the closing handshake, and the protocol errors that fail the
// connection. `wss:` runs the same over node:https (TLS; certificates checked as fetch does).

import { provide } from 'internal:lazy';
import { Event, EventTarget, MessageEvent } from 'internal:web';
import { DOMException } from 'internal:errors';
import { customInspect, inspectView } from 'internal:inspect';
import { Buffer } from 'node:buffer';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createHash, randomBytes } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/// Largest message accepted: a peer cannot make the runtime buffer without bound.
const MAX_MESSAGE = 64 * 1024 * 1024;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class CloseEvent extends Event {
  #wasClean;
  #code;
  #reason;
  constructor(type, init = {}) {
    super(type, init);
    this.#wasClean = Boolean(init && init.wasClean);
    this.#code = init && init.code !== undefined ? Number(init.code) : 0;
    this.#reason = init && init.reason !== undefined ? String(init.reason) : '';
  }
  get wasClean() { return this.#wasClean; }
  get code() { return this.#code; }
  get reason() { return this.#reason; }
  get [Symbol.toStringTag]() { return 'CloseEvent'; }
}

function syntaxError(message) {
  return new DOMException(message, 'SyntaxError');
}

/// One frame as a client sends it: FIN set, masked with a fresh key.
function frame(opcode, payload) {
  const length = payload.length;
  const extra = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const out = Buffer.allocUnsafe(2 + extra + 4 + length);
  out[0] = 0x80 | opcode;
  if (extra === 0) {
    out[1] = 0x80 | length;
  } else if (extra === 2) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    out.writeUInt32BE(length >>> 0, 6);
  }
  const maskAt = 2 + extra;
  const mask = randomBytes(4);
  mask.copy(out, maskAt);
  const start = maskAt + 4;
  for (let i = 0; i < length; i++) out[start + i] = payload[i] ^ mask[i & 3];
  return out;
}

export class WebSocket extends EventTarget {
  #url;
  #readyState = CONNECTING;
  #protocol = '';
  #binaryType = 'blob';
  #bufferedAmount = 0;
  #socket = null;
  #request = null;
  #received = Buffer.alloc(0);
  #fragments = null;
  #fragmentsLength = 0;
  #fragmentOpcode = 0;
  #closeSent = false;
  #closeCode = 1005;
  #closeReason = '';
  #clean = false;
  #finished = false;
  #sending = Promise.resolve();
  #decoder = new TextDecoder('utf-8', { fatal: true });
  onopen = null;
  onmessage = null;
  onerror = null;
  onclose = null;

  constructor(url, protocols = []) {
    super();
    let parsed;
    try {
      parsed = new URL(String(url));
    } catch {
      throw syntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
    }
    if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
    else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw syntaxError(`Failed to construct 'WebSocket': The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${parsed.protocol}' is not allowed.`);
    }
    if (parsed.hash) throw syntaxError(`Failed to construct 'WebSocket': The URL contains a fragment identifier ('${parsed.hash}').`);
    const list = typeof protocols === 'string' ? [protocols] : Array.from(protocols, String);
    if (list.some((p) => !TOKEN.test(p)) || new Set(list).size !== list.length) {
      throw syntaxError(`Failed to construct 'WebSocket': The subprotocol '${list.join(', ')}' is invalid.`);
    }
    this.#url = parsed.href;
    queueMicrotask(() => this.#connect(parsed, list));
  }

  get url() { return this.#url; }
  get readyState() { return this.#readyState; }
  get protocol() { return this.#protocol; }
  get extensions() { return ''; }
  get bufferedAmount() { return this.#bufferedAmount; }
  get binaryType() { return this.#binaryType; }
  set binaryType(v) { if (v === 'blob' || v === 'arraybuffer') this.#binaryType = v; }
  get [Symbol.toStringTag]() { return 'WebSocket'; }

  [customInspect]() {
    return inspectView('WebSocket', { url: this.#url, readyState: this.#readyState, protocol: this.#protocol, bufferedAmount: this.#bufferedAmount });
  }

  #connect(url, protocols) {
    if (this.#readyState !== CONNECTING) return;
    const key = randomBytes(16).toString('base64');
    const headers = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Version': '13',
    };
    if (protocols.length > 0) headers['Sec-WebSocket-Protocol'] = protocols.join(', ');
    const secure = url.protocol === 'wss:';
    const req = (secure ? httpsRequest : httpRequest)({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: url.pathname + url.search,
      headers,
    });
    this.#request = req;
    req.on('upgrade', (res, socket, head) => {
      this.#request = null;
      const expected = createHash('sha1').update(key + GUID).digest('base64');
      const chosen = res.headers['sec-websocket-protocol'];
      let problem = null;
      if (String(res.headers.upgrade).toLowerCase() !== 'websocket') problem = 'the Upgrade header is not websocket';
      else if (res.headers['sec-websocket-accept'] !== expected) problem = 'the Sec-WebSocket-Accept header is wrong';
      else if (chosen !== undefined && !protocols.includes(chosen)) problem = `the server chose a subprotocol not offered: ${chosen}`;
      else if (res.headers['sec-websocket-extensions']) problem = 'the server chose an extension not offered';
      if (problem) {
        socket.destroy();
        this.#failed(new Error(`WebSocket handshake failed: ${problem}`));
        return;
      }
      if (this.#readyState !== CONNECTING) {
        // close() was called while connecting.
        socket.destroy();
        return;
      }
      this.#socket = socket;
      this.#protocol = chosen || '';
      this.#readyState = OPEN;
      socket.on('data', (chunk) => this.#receive(chunk));
      socket.on('error', () => {});
      socket.on('close', () => this.#socketClosed());
      this.dispatchEvent(new Event('open'));
      if (head.length > 0) this.#receive(head);
    });
    req.on('response', (res) => {
      res.resume();
      this.#failed(new Error(`WebSocket handshake failed: the server answered ${res.statusCode}`));
    });
    req.on('error', (err) => this.#failed(err));
    req.end();
  }

  send(data) {
    if (this.#readyState === CONNECTING) {
      throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    }
    let opcode = 2;
    let payload;
    if (typeof data === 'string') {
      opcode = 1;
      payload = Buffer.from(data);
    } else if (data instanceof ArrayBuffer) {
      payload = Buffer.from(data.slice(0));
    } else if (ArrayBuffer.isView(data)) {
      payload = Buffer.from(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    } else if (typeof Blob === 'function' && data instanceof Blob) {
      const size = data.size;
      this.#bufferedAmount += size;
      // Messages leave in the order they were sent: a Blob is read first.
      this.#sending = this.#sending.then(() => data.arrayBuffer()).then((ab) => {
        this.#bufferedAmount -= size;
        this.#write(2, Buffer.from(ab));
      });
      return;
    } else {
      opcode = 1;
      payload = Buffer.from(String(data));
    }
    if (this.#readyState !== OPEN) {
      // As the standard says: the data is counted, not sent.
      this.#bufferedAmount += payload.length;
      return;
    }
    this.#bufferedAmount += payload.length;
    this.#sending = this.#sending.then(() => {
      this.#bufferedAmount -= payload.length;
      this.#write(opcode, payload);
    });
  }

  close(code, reason) {
    if (code !== undefined && code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
      throw new DOMException(`Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`, 'InvalidAccessError');
    }
    const reasonBytes = Buffer.from(reason === undefined ? '' : String(reason));
    if (reasonBytes.length > 123) {
      throw syntaxError("Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.");
    }
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    if (this.#readyState === CONNECTING) {
      this.#readyState = CLOSING;
      if (this.#request) this.#request.destroy();
      this.#failed(new Error('WebSocket was closed before the connection was established'));
      return;
    }
    this.#readyState = CLOSING;
    let payload = Buffer.alloc(0);
    if (code !== undefined) {
      payload = Buffer.allocUnsafe(2 + reasonBytes.length);
      payload.writeUInt16BE(code, 0);
      reasonBytes.copy(payload, 2);
    }
    this.#sending = this.#sending.then(() => this.#sendClose(payload));
  }

  #write(opcode, payload) {
    if (!this.#socket || this.#socket.destroyed || this.#closeSent) return;
    this.#socket.write(frame(opcode, payload));
  }

  #sendClose(payload) {
    if (this.#closeSent) return;
    this.#write(8, payload);
    this.#closeSent = true;
  }

  #receive(chunk) {
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
    while (!this.#finished) {
      const buf = this.#received;
      if (buf.length < 2) return;
      const fin = (buf[0] & 0x80) !== 0;
      const rsv = buf[0] & 0x70;
      const opcode = buf[0] & 0x0f;
      const masked = (buf[1] & 0x80) !== 0;
      let length = buf[1] & 0x7f;
      let at = 2;
      if (length === 126) {
        if (buf.length < 4) return;
        length = buf.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (buf.length < 10) return;
        const high = buf.readUInt32BE(2);
        if (high > 0x1fffff) { this.#protocolError(1009, 'frame too large'); return; }
        length = high * 2 ** 32 + buf.readUInt32BE(6);
        at = 10;
      }
      if (rsv !== 0) { this.#protocolError(1002, 'reserved bits set'); return; }
      if (masked) { this.#protocolError(1002, 'a server frame was masked'); return; }
      if (length > MAX_MESSAGE) { this.#protocolError(1009, 'message too large'); return; }
      if (buf.length < at + length) return;
      const payload = buf.subarray(at, at + length);
      this.#received = buf.subarray(at + length);
      if (opcode >= 8) {
        if (!fin || length > 125) { this.#protocolError(1002, 'bad control frame'); return; }
        this.#control(opcode, payload);
        continue;
      }
      if (opcode === 0) {
        if (this.#fragments === null) { this.#protocolError(1002, 'continuation without a message'); return; }
      } else if (opcode === 1 || opcode === 2) {
        if (this.#fragments !== null) { this.#protocolError(1002, 'new message inside a fragmented one'); return; }
        this.#fragments = [];
        this.#fragmentsLength = 0;
        this.#fragmentOpcode = opcode;
      } else {
        this.#protocolError(1002, `unknown opcode ${opcode}`);
        return;
      }
      this.#fragmentsLength += payload.length;
      if (this.#fragmentsLength > MAX_MESSAGE) { this.#protocolError(1009, 'message too large'); return; }
      this.#fragments.push(Buffer.from(payload));
      if (fin) {
        const whole = this.#fragments.length === 1 ? this.#fragments[0] : Buffer.concat(this.#fragments);
        const kind = this.#fragmentOpcode;
        this.#fragments = null;
        this.#deliver(kind, whole);
      }
    }
  }

  #deliver(opcode, bytes) {
    if (this.#readyState !== OPEN) return;
    let data;
    if (opcode === 1) {
      try {
        data = this.#decoder.decode(bytes);
      } catch {
        this.#protocolError(1007, 'text message is not UTF-8');
        return;
      }
    } else if (this.#binaryType === 'arraybuffer') {
      data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    } else {
      data = new Blob([bytes]);
    }
    this.dispatchEvent(new MessageEvent('message', { data, origin: new URL(this.#url).origin }));
  }

  #control(opcode, payload) {
    if (opcode === 9) {
      this.#write(10, payload);
    } else if (opcode === 8) {
      if (payload.length === 1) { this.#protocolError(1002, 'bad close frame'); return; }
      if (payload.length >= 2) {
        this.#closeCode = payload.readUInt16BE(0);
        try {
          this.#closeReason = this.#decoder.decode(payload.subarray(2));
        } catch {
          this.#protocolError(1007, 'close reason is not UTF-8');
          return;
        }
      }
      this.#clean = true;
      this.#readyState = CLOSING;
      // Answer the peer's close with the same code (an empty one when it gave none).
      this.#sendClose(payload.length >= 2 ? payload.subarray(0, 2) : Buffer.alloc(0));
      this.#socket.end();
    } else if (opcode !== 10) {
      this.#protocolError(1002, `unknown control opcode ${opcode}`);
    }
  }

  /// Fails the connection for a peer that broke the protocol: a close frame with `code`, then
  /// the socket ends; the error and close events follow.
  #protocolError(code, message) {
    if (this.#finished) return;
    const payload = Buffer.allocUnsafe(2);
    payload.writeUInt16BE(code, 0);
    this.#sendClose(payload);
    this.#readyState = CLOSING;
    if (this.#socket) this.#socket.end();
    this.#failed(new Error(`WebSocket protocol error: ${message}`));
  }

  #failed(err) {
    if (this.#finished) return;
    this.#finished = true;
    this.#readyState = CLOSED;
    if (this.#socket && !this.#socket.destroyed) this.#socket.end();
    const error = new Event('error');
    Object.defineProperty(error, 'error', { value: err, enumerable: true });
    Object.defineProperty(error, 'message', { value: err.message, enumerable: true });
    this.dispatchEvent(error);
    this.dispatchEvent(new CloseEvent('close', { wasClean: false, code: 1006, reason: '' }));
  }

  #socketClosed() {
    if (this.#finished) return;
    this.#finished = true;
    this.#readyState = CLOSED;
    const clean = this.#clean && this.#closeSent;
    this.dispatchEvent(new CloseEvent('close', {
      wasClean: clean,
      code: clean ? this.#closeCode : 1006,
      reason: clean ? this.#closeReason : '',
    }));
  }
}

for (const [name, value] of [['CONNECTING', CONNECTING], ['OPEN', OPEN], ['CLOSING', CLOSING], ['CLOSED', CLOSED]]) {
  Object.defineProperty(WebSocket, name, { value, enumerable: true });
  Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
}

export { MessageEvent };
provide('internal:websocket', { WebSocket, MessageEvent, CloseEvent });
