// MessageChannel, MessagePort and BroadcastChannel within this one thread (there are no
// workers to talk to): messages are structured clones, delivered on later turns of the event
// loop, in order. As in Node, a 'message' listener (onmessage, on(), addEventListener) starts
// a port, and a started port, like an open BroadcastChannel, keeps the program running until
// it is closed or unref()'d.

import { provide } from 'internal:lazy';
import { EventTarget, Event, MessageEvent, structuredClone } from 'internal:web';
import { codedError, validateFunction, DOMException } from 'internal:errors';

const kCreate = Symbol('create');

/// The node-style listener API on an EventTarget: on('message', fn) gets the data itself.
function nodeListeners(cls) {
  const wrapped = new WeakMap();
  const unwrap = (type, fn) => {
    let byType = wrapped.get(fn);
    if (!byType) { byType = new Map(); wrapped.set(fn, byType); }
    let w = byType.get(type);
    if (!w) {
      w = (event) => (event instanceof MessageEvent ? fn.call(event.target, event.data) : fn.call(event.target));
      byType.set(type, w);
    }
    return w;
  };
  Object.assign(cls.prototype, {
    on(type, fn) { validateFunction(fn, 'listener'); this.addEventListener(type, unwrap(type, fn)); return this; },
    once(type, fn) { validateFunction(fn, 'listener'); this.addEventListener(type, unwrap(type, fn), { once: true }); return this; },
    off(type, fn) { this.removeEventListener(type, unwrap(type, fn)); return this; },
    emit(type, data) {
      this.dispatchEvent(type === 'message' ? new MessageEvent(type, { data }) : new Event(type));
      return true;
    },
  });
  cls.prototype.addListener = cls.prototype.on;
  cls.prototype.removeListener = cls.prototype.off;
}

/// What a started, referenced port or channel holds: a timer that keeps the loop running.
class Hold {
  #timer = null;
  #refed = true;

  set(active) {
    const want = active && this.#refed;
    if (want && !this.#timer) this.#timer = setInterval(() => {}, 2 ** 31 - 1);
    else if (!want && this.#timer) { clearInterval(this.#timer); this.#timer = null; }
  }

  ref(refed, active) { this.#refed = refed; this.set(active); }
  get refed() { return this.#refed; }
}

function missingMessage(where) {
  const message = where ? `Not enough arguments to ${where}` : 'The "message" argument must be specified';
  return codedError(TypeError, 'ERR_MISSING_ARGS', message);
}

export class MessagePort extends EventTarget {
  #peer = null;
  #queue = [];
  #started = false;
  #closed = false;
  #scheduled = false;
  #hold = new Hold();
  #onmessage = null;

  constructor(key) {
    if (key !== kCreate) throw new TypeError('Illegal constructor');
    super();
  }

  static _pair() {
    const a = new MessagePort(kCreate);
    const b = new MessagePort(kCreate);
    a.#peer = b;
    b.#peer = a;
    return [a, b];
  }

  postMessage(message, transfer) {
    if (arguments.length === 0) throw missingMessage('MessagePort.postMessage');
    const data = structuredClone(message, transfer === undefined ? undefined
      : Array.isArray(transfer) ? { transfer } : transfer);
    const peer = this.#peer;
    if (this.#closed || !peer || peer.#closed) return;
    peer.#queue.push(data);
    peer.#schedule();
  }

  start() {
    if (this.#closed) return;
    this.#started = true;
    this.#hold.set(true);
    this.#schedule();
  }

  close() {
    if (this.#closed) return;
    const peer = this.#peer;
    this.#shut();
    if (peer) peer.#shut();
  }

  #shut() {
    this.#closed = true;
    this.#hold.set(false);
    this.#queue.length = 0;
    setImmediate(() => this.dispatchEvent(new Event('close')));
  }

  ref() { this.#hold.ref(true, this.#started && !this.#closed); return this; }
  unref() { this.#hold.ref(false, this.#started && !this.#closed); return this; }
  hasRef() { return this.#hold.refed && this.#started && !this.#closed; }

  get onmessage() { return this.#onmessage; }
  set onmessage(fn) {
    if (this.#onmessage) this.removeEventListener('message', this.#onmessage);
    this.#onmessage = typeof fn === 'function' ? fn : null;
    if (this.#onmessage) {
      this.addEventListener('message', this.#onmessage);
      this.start();
    }
  }

  addEventListener(type, callback, options) {
    super.addEventListener(type, callback, options);
    if (String(type) === 'message') this.start();
  }

  /// The next queued message, taken now (receiveMessageOnPort).
  _take() {
    return this.#queue.length ? { message: this.#queue.shift() } : undefined;
  }

  #schedule() {
    if (!this.#started || this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // One message per turn, as each is a task of its own.
      if (this.#closed || this.#queue.length === 0) return;
      const data = this.#queue.shift();
      this.dispatchEvent(new MessageEvent('message', { data }));
      this.#schedule();
    });
  }

  get [Symbol.toStringTag]() { return 'MessagePort'; }
}
nodeListeners(MessagePort);

export class MessageChannel {
  #port1;
  #port2;

  constructor() {
    [this.#port1, this.#port2] = MessagePort._pair();
  }

  get port1() { return this.#port1; }
  get port2() { return this.#port2; }
}

/// Every open BroadcastChannel of this thread, by name.
const channels = new Map();

export class BroadcastChannel extends EventTarget {
  #name;
  #closed = false;
  #hold = new Hold();
  #onmessage = null;

  constructor(name) {
    if (arguments.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The "name" argument must be specified');
    super();
    this.#name = `${name}`;
    if (!channels.has(this.#name)) channels.set(this.#name, new Set());
    channels.get(this.#name).add(this);
    // As in Node, an open channel keeps the program running until closed or unref()'d.
    this.#hold.set(true);
  }

  get name() { return this.#name; }

  postMessage(message) {
    if (arguments.length === 0) throw missingMessage();
    if (this.#closed) throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
    const data = structuredClone(message);
    for (const other of channels.get(this.#name) || []) {
      if (other === this) continue;
      setImmediate(() => { if (!other.#closed) other.dispatchEvent(new MessageEvent('message', { data })); });
    }
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#hold.set(false);
    const set = channels.get(this.#name);
    set.delete(this);
    if (set.size === 0) channels.delete(this.#name);
  }

  ref() { this.#hold.ref(true, !this.#closed); return this; }
  unref() { this.#hold.ref(false, !this.#closed); return this; }

  get onmessage() { return this.#onmessage; }
  set onmessage(fn) {
    if (this.#onmessage) this.removeEventListener('message', this.#onmessage);
    this.#onmessage = typeof fn === 'function' ? fn : null;
    if (this.#onmessage) this.addEventListener('message', this.#onmessage);
  }

  get [Symbol.toStringTag]() { return 'BroadcastChannel'; }
}
nodeListeners(BroadcastChannel);

/// worker_threads.receiveMessageOnPort: the next message waiting on `port`, taken now.
export function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "port" argument must be a MessagePort instance');
  }
  return port._take();
}

provide('internal:messaging', { MessageChannel, MessagePort, BroadcastChannel });
