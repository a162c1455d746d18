// node:events: EventEmitter, with Node's listener order, `once`, `'newListener'`,
// `'removeListener'` and the `'error'` rule (an unhandled 'error' event throws).

import { invalidArgType, validateFunction, outOfRange, codedError } from 'internal:errors';
import { inspect } from 'internal:inspect';
import { AsyncResource } from 'node:async_hooks';

const kCapture = Symbol('kCapture');
let defaultMaxListeners = 10;

/// What the constructor (and EventEmitter.init, which Node keeps for old-style subclasses)
/// sets up: an own listener table unless one exists, and the listener limit.
function initEmitter(emitter) {
  if (emitter._events === undefined || emitter._events === Object.getPrototypeOf(emitter)._events) {
    emitter._events = { __proto__: null };
    emitter._eventsCount = 0;
  }
  emitter._maxListeners = emitter._maxListeners || undefined;
}

const kErrorMonitor = Symbol('events.errorMonitor');

export class EventEmitter {
  constructor() {
    initEmitter(this);
  }

  static init() {
    initEmitter(this);
  }

  static get defaultMaxListeners() { return defaultMaxListeners; }
  static set defaultMaxListeners(n) {
    if (typeof n !== 'number') throw invalidArgType('defaultMaxListeners', 'of type number', n);
    if (!(n >= 0)) throw outOfRange('defaultMaxListeners', '>= 0', n);
    defaultMaxListeners = n;
  }

  setMaxListeners(n) {
    if (typeof n !== 'number') throw invalidArgType('setMaxListeners', 'of type number', n);
    if (!(n >= 0)) throw outOfRange('setMaxListeners', '>= 0', n);
    this._maxListeners = n;
    return this;
  }

  getMaxListeners() {
    return this._maxListeners === undefined ? defaultMaxListeners : this._maxListeners;
  }

  emit(type, ...args) {
    const events = this._events;
    // Listeners of errorMonitor see every error first, handled or not.
    if (type === 'error' && events !== undefined && events[kErrorMonitor] !== undefined) {
      this.emit(kErrorMonitor, ...args);
    }
    if (type === 'error' && (events === undefined || events.error === undefined)) {
      const er = args[0];
      if (er instanceof Error) throw er;
      const err = codedError(Error, 'ERR_UNHANDLED_ERROR', `Unhandled error. (${inspect(er)})`);
      err.context = er;
      throw err;
    }
    if (events === undefined) return false;
    const handler = events[type];
    if (handler === undefined) return false;
    if (typeof handler === 'function') {
      handler.apply(this, args);
    } else {
      const listeners = handler.slice();
      for (let i = 0; i < listeners.length; i++) listeners[i].apply(this, args);
    }
    return true;
  }

  addListener(type, listener) { return addListener(this, type, listener, false); }
  on(type, listener) { return addListener(this, type, listener, false); }
  prependListener(type, listener) { return addListener(this, type, listener, true); }

  once(type, listener) {
    validateFunction(listener, 'listener');
    this.on(type, onceWrapper(this, type, listener));
    return this;
  }

  prependOnceListener(type, listener) {
    validateFunction(listener, 'listener');
    this.prependListener(type, onceWrapper(this, type, listener));
    return this;
  }

  removeListener(type, listener) {
    validateFunction(listener, 'listener');
    const events = this._events;
    if (events === undefined) return this;
    const list = events[type];
    if (list === undefined) return this;
    if (list === listener || list.listener === listener) {
      if (--this._eventsCount === 0) this._events = Object.create(null);
      else delete events[type];
      if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
    } else if (typeof list !== 'function') {
      let position = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) { position = i; break; }
      }
      if (position < 0) return this;
      const [removed] = list.splice(position, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit('removeListener', type, removed.listener || listener);
    }
    return this;
  }

  off(type, listener) { return this.removeListener(type, listener); }

  removeAllListeners(type) {
    const events = this._events;
    if (events === undefined) return this;
    if (events.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = Object.create(null);
        this._eventsCount = 0;
      } else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = Object.create(null);
        else delete events[type];
      }
      return this;
    }
    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(events)) {
        if (key === 'removeListener') continue;
        this.removeAllListeners(key);
      }
      this.removeAllListeners('removeListener');
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }
    const listeners = events[type];
    if (typeof listeners === 'function') this.removeListener(type, listeners);
    else if (listeners !== undefined) {
      for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
    }
    return this;
  }

  listeners(type) {
    const l = this._events && this._events[type];
    if (l === undefined) return [];
    if (typeof l === 'function') return [l.listener || l];
    return l.map((f) => f.listener || f);
  }

  rawListeners(type) {
    const l = this._events && this._events[type];
    if (l === undefined) return [];
    return typeof l === 'function' ? [l] : l.slice();
  }

  listenerCount(type, listener) {
    const l = this._events && this._events[type];
    if (l === undefined) return 0;
    if (typeof l === 'function') return listener === undefined || l === listener || l.listener === listener ? 1 : 0;
    if (listener === undefined) return l.length;
    return l.filter((f) => f === listener || f.listener === listener).length;
  }

  eventNames() {
    return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
  }
}

function addListener(target, type, listener, prepend) {
  validateFunction(listener, 'listener');
  let events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ? listener.listener : listener);
    events = target._events;
  }
  const existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    ++target._eventsCount;
  } else {
    if (typeof existing === 'function') {
      events[type] = prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) existing.unshift(listener);
    else existing.push(listener);
    const list = events[type];
    const m = target.getMaxListeners();
    if (m > 0 && list.length > m && !list.warned) {
      list.warned = true;
      const name = typeof type === 'symbol' ? type.toString() : type;
      if (typeof process !== 'undefined' && process.emitWarning) {
        process.emitWarning(`Possible EventEmitter memory leak detected. ${list.length} ${name} listeners added to [${target.constructor.name}]. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`, 'MaxListenersExceededWarning');
      }
    }
  }
  return target;
}

function onceWrapper(target, type, listener) {
  const state = { fired: false, target, type, listener };
  const wrapped = function (...args) {
    if (!state.fired) {
      state.target.removeListener(state.type, wrapped);
      state.fired = true;
      return state.listener.apply(state.target, args);
    }
  };
  wrapped.listener = listener;
  return wrapped;
}

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');
EventEmitter.errorMonitor = kErrorMonitor;
// Promise rejections from async listeners are not routed to 'error' here (Node's default).
EventEmitter.captureRejections = false;
EventEmitter[kCapture] = false;

export function once(emitter, name, options = {}) {
  return new Promise((resolve, reject) => {
    const signal = options && options.signal;
    if (signal && signal.aborted) {
      reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason }));
      return;
    }
    const onError = (err) => { emitter.removeListener(name, resolver); reject(err); };
    const resolver = (...args) => {
      if (name !== 'error') emitter.removeListener('error', onError);
      resolve(args);
    };
    emitter.once(name, resolver);
    if (name !== 'error') emitter.once('error', onError);
  });
}

export function listenerCount(emitter, type) {
  return emitter.listenerCount(type);
}

export function getEventListeners(emitter, type) {
  if (typeof emitter.listeners === 'function') return emitter.listeners(type);
  throw invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitter);
}

function abortedError(signal) {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason });
}

/// An async iterator of `event`'s arguments arrays, as they are emitted; an 'error' event
/// throws from it, and so does an aborted `signal`. Events named in `options.close` end it.
export function on(emitter, event, options = {}) {
  if (!emitter || (typeof emitter.on !== 'function' && typeof emitter.addEventListener !== 'function')) {
    throw invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitter);
  }
  const signal = options && options.signal;
  if (signal && signal.aborted) throw abortedError(signal);
  const closeEvents = (options && options.close) || [];
  const queue = [];
  let error = null;
  let finished = false;
  let wake = null;
  const notify = () => { if (wake) { const w = wake; wake = null; w(); } };
  const listen = (name, fn) => {
    if (typeof emitter.on === 'function') emitter.on(name, fn);
    else emitter.addEventListener(name, fn);
  };
  const unlisten = (name, fn) => {
    if (typeof emitter.removeListener === 'function') emitter.removeListener(name, fn);
    else emitter.removeEventListener(name, fn);
  };
  const onEvent = (...args) => { queue.push(args); notify(); };
  const onError = (err) => { error = err; notify(); };
  const onClose = () => { finished = true; notify(); };
  const onAbort = () => { error = abortedError(signal); notify(); };
  listen(event, onEvent);
  if (event !== 'error' && typeof emitter.on === 'function') emitter.on('error', onError);
  for (const name of closeEvents) listen(name, onClose);
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  const stop = () => {
    finished = true;
    unlisten(event, onEvent);
    if (event !== 'error' && typeof emitter.removeListener === 'function') emitter.removeListener('error', onError);
    for (const name of closeEvents) unlisten(name, onClose);
    if (signal) signal.removeEventListener('abort', onAbort);
  };
  return {
    async next() {
      for (;;) {
        if (queue.length > 0) return { value: queue.shift(), done: false };
        if (error) {
          const err = error;
          error = null;
          stop();
          throw err;
        }
        if (finished) { stop(); return { value: undefined, done: true }; }
        await new Promise((resolve) => { wake = resolve; });
      }
    },
    async return() {
      stop();
      return { value: undefined, done: true };
    },
    async throw(err) {
      stop();
      throw err;
    },
    [Symbol.asyncIterator]() { return this; },
  };
}

/// Sets the listener limit of each of `targets`, or the default for new emitters when none
/// is given.
export function setMaxListeners(n = defaultMaxListeners, ...targets) {
  if (typeof n !== 'number') throw invalidArgType('n', 'of type number', n);
  if (!(n >= 0)) throw outOfRange('n', '>= 0', n);
  if (targets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const target of targets) {
    if (target && typeof target.setMaxListeners === 'function') target.setMaxListeners(n);
    else if (!target || typeof target.addEventListener !== 'function') {
      throw invalidArgType('eventTargets', 'an instance of EventEmitter or EventTarget', target);
    }
  }
}

export function getMaxListeners(emitter) {
  if (emitter && typeof emitter.getMaxListeners === 'function') return emitter.getMaxListeners();
  return defaultMaxListeners;
}

/// `events.addAbortListener(signal, listener)`: calls `listener` once when `signal` aborts
/// (at once if it has); the result's [Symbol.dispose]() removes it.
export function addAbortListener(signal, listener) {
  if (!signal || typeof signal.aborted !== 'boolean') throw invalidArgType('signal', 'an instance of AbortSignal', signal);
  validateFunction(listener, 'listener');
  let removed = false;
  const remove = () => {
    removed = true;
    signal.removeEventListener('abort', listener);
  };
  if (signal.aborted) queueMicrotask(() => { if (!removed) listener(); });
  else signal.addEventListener('abort', listener, { once: true });
  const disposable = { remove };
  if (typeof Symbol.dispose === 'symbol') disposable[Symbol.dispose] = remove;
  return disposable;
}

export const errorMonitor = EventEmitter.errorMonitor;

/// The AsyncResource of an EventEmitterAsyncResource, knowing its emitter.
class EventEmitterReferencingAsyncResource extends AsyncResource {
  #emitter;

  constructor(emitter, type, options) {
    super(type, options);
    this.#emitter = emitter;
  }

  get eventEmitter() { return this.#emitter; }
}

/// An EventEmitter whose listeners run in the scope of its own AsyncResource.
export class EventEmitterAsyncResource extends EventEmitter {
  #resource;

  constructor(options = undefined) {
    let name;
    if (typeof options === 'string') {
      name = options;
      options = undefined;
    } else {
      if (new.target === EventEmitterAsyncResource && typeof options?.name !== 'string') {
        throw invalidArgType('options.name', 'of type string', options?.name);
      }
      name = options?.name || new.target.name;
    }
    super(options);
    this.#resource = new EventEmitterReferencingAsyncResource(this, name, options);
  }

  emit(event, ...args) { return this.#resource.runInAsyncScope(super.emit, this, event, ...args); }
  emitDestroy() { this.#resource.emitDestroy(); }
  get asyncId() { return this.#resource.asyncId(); }
  get triggerAsyncId() { return this.#resource.triggerAsyncId(); }
  get asyncResource() { return this.#resource; }
}
EventEmitter.EventEmitterAsyncResource = EventEmitterAsyncResource;
EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.setMaxListeners = setMaxListeners;
EventEmitter.getMaxListeners = getMaxListeners;
EventEmitter.listenerCount = listenerCount;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.addAbortListener = addAbortListener;
export default EventEmitter;
