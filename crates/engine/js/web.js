// Web platform globals: Event, EventTarget, AbortController, AbortSignal and structuredClone.

import { provide } from 'internal:lazy';
import { DOMException, invalidArgType, outOfRange } from 'internal:errors';
import { setTimeout, clearTimeout } from 'node:timers';
import { customInspect, inspectView } from 'internal:inspect';

export class Event {
  #type;
  #bubbles;
  #cancelable;
  #composed;
  #defaultPrevented = false;
  #timeStamp;
  #stop = false;
  _target = null;
  _currentTarget = null;
  _dispatching = false;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw invalidArgType('type', 'of type string', undefined);
    this.#type = String(type);
    this.#bubbles = Boolean(options && options.bubbles);
    this.#cancelable = Boolean(options && options.cancelable);
    this.#composed = Boolean(options && options.composed);
    this.#timeStamp = globalThis.performance ? performance.now() : 0;
  }
  get type() { return this.#type; }
  get bubbles() { return this.#bubbles; }
  get cancelable() { return this.#cancelable; }
  get composed() { return this.#composed; }
  get defaultPrevented() { return this.#cancelable && this.#defaultPrevented; }
  get timeStamp() { return this.#timeStamp; }
  [customInspect]() {
    return inspectView(this.constructor.name || 'Event', {
      type: this.type, defaultPrevented: this.defaultPrevented, cancelable: this.cancelable,
      timeStamp: this.timeStamp,
    });
  }
  get target() { return this._target; }
  get currentTarget() { return this._currentTarget; }
  get srcElement() { return this._target; }
  get eventPhase() { return this._dispatching ? 2 : 0; }
  get isTrusted() { return false; }
  get returnValue() { return !this.defaultPrevented; }
  get cancelBubble() { return this.#stop; }
  set cancelBubble(v) { if (v) this.#stop = true; }
  composedPath() { return this._dispatching ? [this._currentTarget] : []; }
  preventDefault() { this.#defaultPrevented = true; }
  stopPropagation() { this.#stop = true; }
  stopImmediatePropagation() { this.#stop = true; this._stopImmediate = true; }
  get [Symbol.toStringTag]() { return 'Event'; }
}
Event.NONE = 0; Event.CAPTURING_PHASE = 1; Event.AT_TARGET = 2; Event.BUBBLING_PHASE = 3;

export class CustomEvent extends Event {
  #detail;
  constructor(type, options = {}) {
    super(type, options);
    this.#detail = options && options.detail !== undefined ? options.detail : null;
  }
  get detail() { return this.#detail; }
}

/// The event of a message: a WebSocket's, a MessagePort's, a BroadcastChannel's.
export class MessageEvent extends Event {
  #data;
  #origin;
  #lastEventId;
  constructor(type, init = {}) {
    super(type, init);
    this.#data = init && init.data !== undefined ? init.data : null;
    this.#origin = init && init.origin !== undefined ? String(init.origin) : '';
    this.#lastEventId = init && init.lastEventId !== undefined ? String(init.lastEventId) : '';
  }
  get data() { return this.#data; }
  get origin() { return this.#origin; }
  get lastEventId() { return this.#lastEventId; }
  get source() { return null; }
  get ports() { return []; }
  get [Symbol.toStringTag]() { return 'MessageEvent'; }
}

export class EventTarget {
  #listeners = new Map(); // type -> [{ callback, once, capture, signal }]

  addEventListener(type, callback, options = {}) {
    if (callback === null || callback === undefined) return;
    if (typeof callback !== 'function' && typeof callback.handleEvent !== 'function') {
      throw invalidArgType('listener', 'an instance of EventListener', callback);
    }
    const opts = typeof options === 'boolean' ? { capture: options } : (options || {});
    const capture = Boolean(opts.capture);
    const signal = opts.signal;
    if (signal && signal.aborted) return;
    type = String(type);
    let list = this.#listeners.get(type);
    if (!list) { list = []; this.#listeners.set(type, list); }
    if (list.some((l) => l.callback === callback && l.capture === capture)) return;
    const entry = { callback, once: Boolean(opts.once), capture, removed: false };
    list.push(entry);
    if (signal) signal.addEventListener('abort', () => this.removeEventListener(type, callback, { capture }), { once: true });
  }

  removeEventListener(type, callback, options = {}) {
    const capture = typeof options === 'boolean' ? options : Boolean(options && options.capture);
    const list = this.#listeners.get(String(type));
    if (!list) return;
    const i = list.findIndex((l) => l.callback === callback && l.capture === capture);
    if (i !== -1) {
      list[i].removed = true;
      list.splice(i, 1);
    }
  }

  dispatchEvent(event) {
    if (!(event instanceof Event)) throw invalidArgType('event', 'an instance of Event', event);
    if (event._dispatching) throw new DOMException('The event is already being dispatched', 'InvalidStateError');
    event._target = this;
    event._currentTarget = this;
    event._dispatching = true;
    const list = this.#listeners.get(event.type);
    try {
      if (list) {
        for (const l of list.slice()) {
          if (l.removed) continue;
          if (l.once) this.removeEventListener(event.type, l.callback, { capture: l.capture });
          try {
            if (typeof l.callback === 'function') l.callback.call(this, event);
            else l.callback.handleEvent(event);
          } catch (err) {
            // A throwing listener does not stop the others; the error is reported as uncaught.
            queueMicrotask(() => { throw err; });
          }
          if (event._stopImmediate) break;
        }
      }
      const handler = this['on' + event.type];
      if (typeof handler === 'function' && !(list && list.some((l) => l.callback === handler))) {
        handler.call(this, event);
      }
    } finally {
      event._dispatching = false;
      event._currentTarget = null;
    }
    return !event.defaultPrevented;
  }

  get [Symbol.toStringTag]() { return 'EventTarget'; }
}

const kCreate = Symbol('create');

export class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  onabort = null;

  constructor(key) {
    super();
    if (key !== kCreate) throw new TypeError('Illegal constructor');
  }
  get aborted() { return this.#aborted; }
  [customInspect]() { return inspectView('AbortSignal', { aborted: this.aborted }); }
  get reason() { return this.#reason; }
  throwIfAborted() { if (this.#aborted) throw this.#reason; }

  static _abort(signal, reason) {
    if (signal.#aborted) return;
    signal.#aborted = true;
    signal.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    signal.dispatchEvent(new Event('abort'));
  }

  static abort(reason) {
    const s = new AbortSignal(kCreate);
    AbortSignal._abort(s, reason);
    return s;
  }

  static timeout(ms) {
    if (typeof ms !== 'number') throw invalidArgType('delay', 'of type number', ms);
    if (!(ms >= 0 && ms <= 4294967295)) throw outOfRange('delay', '>= 0 && <= 4294967295', ms);
    const s = new AbortSignal(kCreate);
    // Like Node, a pending timeout signal does not keep the program alive.
    setTimeout(() => {
      AbortSignal._abort(s, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, ms).unref();
    return s;
  }

  static any(signals) {
    const s = new AbortSignal(kCreate);
    for (const sig of signals) {
      if (sig.aborted) { AbortSignal._abort(s, sig.reason); return s; }
    }
    for (const sig of signals) {
      sig.addEventListener('abort', () => AbortSignal._abort(s, sig.reason), { once: true });
    }
    return s;
  }

  get [Symbol.toStringTag]() { return 'AbortSignal'; }
}

export class AbortController {
  #signal = new AbortSignal(kCreate);
  get signal() { return this.#signal; }
  [customInspect]() { return inspectView('AbortController', { signal: this.signal }); }
  abort(reason) { AbortSignal._abort(this.#signal, reason); }
  get [Symbol.toStringTag]() { return 'AbortController'; }
}

function cloneError(what) {
  return new DOMException(`${what} could not be cloned.`, 'DataCloneError');
}

export function structuredClone(value, options) {
  if (arguments.length === 0) throw invalidArgType('value', 'provided', undefined);
  const seen = new Map();
  function clone(v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      if (typeof v === 'symbol') throw cloneError(String(v));
      return v;
    }
    if (typeof v === 'function') throw cloneError(`${Function.prototype.toString.call(v).slice(0, 60)}`);
    if (seen.has(v)) return seen.get(v);
    let out;
    if (Array.isArray(v)) {
      out = new Array(v.length);
      seen.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    }
    if (v instanceof Date) { out = new Date(v.getTime()); seen.set(v, out); return out; }
    if (v instanceof RegExp) { out = new RegExp(v.source, v.flags); seen.set(v, out); return out; }
    if (v instanceof Map) {
      out = new Map(); seen.set(v, out);
      for (const [k, x] of v) out.set(clone(k), clone(x));
      return out;
    }
    if (v instanceof Set) {
      out = new Set(); seen.set(v, out);
      for (const x of v) out.add(clone(x));
      return out;
    }
    if (v instanceof ArrayBuffer) { out = v.slice(0); seen.set(v, out); return out; }
    if (ArrayBuffer.isView(v)) {
      const buf = clone(v.buffer);
      const Ctor = v instanceof DataView ? DataView : Object.getPrototypeOf(Object.getPrototypeOf(v)) === Uint8Array.prototype ? Uint8Array : v.constructor;
      out = v instanceof DataView ? new DataView(buf, v.byteOffset, v.byteLength)
        : new Ctor(buf, v.byteOffset, v.length);
      seen.set(v, out);
      return out;
    }
    if (v instanceof Error) {
      const Ctor = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }[v.name] || Error;
      out = new Ctor(v.message);
      seen.set(v, out);
      if (v.stack !== undefined) out.stack = v.stack;
      if ('cause' in v) out.cause = clone(v.cause);
      return out;
    }
    if (v instanceof Boolean || v instanceof Number || v instanceof String) {
      out = Object(v.valueOf()); seen.set(v, out); return out;
    }
    if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet || v instanceof EventTarget) {
      throw cloneError(`#<${v.constructor.name}>`);
    }
    out = {};
    seen.set(v, out);
    for (const k of Object.keys(v)) out[k] = clone(v[k]);
    return out;
  }
  return clone(value);
}

provide('internal:web', { Event, CustomEvent, EventTarget, AbortController, AbortSignal, structuredClone, MessageEvent });
