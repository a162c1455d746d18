// node:timers: setTimeout, setInterval, setImmediate and their clears, with Node's treatment of
// delays (missing, negative, NaN or above 2^31-1 become 1 ms; fractions are kept), Timeout
// objects with ref/unref/refresh/hasRef, and the promise forms.

import native from 'internal:native';
import { validateFunction } from 'internal:errors';

const TIMEOUT_MAX = 2 ** 31 - 1;
const active = new Map(); // id -> Timeout
let nextId = 1;

function normalizeDelay(after) {
  after = Number(after);
  if (!(after >= 1 && after <= TIMEOUT_MAX)) {
    if (after > TIMEOUT_MAX) {
      process.emitWarning(`${after} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`, 'TimeoutOverflowWarning');
    }
    after = 1;
  }
  return after;
}

export class Timeout {
  constructor(callback, after, args, repeat, isRefed) {
    this._idleTimeout = normalizeDelay(after);
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = repeat ? this._idleTimeout : null;
    this._destroyed = false;
    this._refed = isRefed;
    this._id = nextId++;
    active.set(this._id, this);
    native.timerStart(this._id, this._idleTimeout, !!repeat, isRefed);
  }
  ref() {
    this._refed = true;
    if (!this._destroyed) native.timerRef(this._id, true);
    return this;
  }
  unref() {
    this._refed = false;
    if (!this._destroyed) native.timerRef(this._id, false);
    return this;
  }
  hasRef() { return this._refed; }
  refresh() {
    if (!this._destroyed) native.timerStart(this._id, this._idleTimeout, this._repeat !== null, this._refed);
    return this;
  }
  close() { clearTimeout(this); return this; }
  [Symbol.toPrimitive]() { return this._id; }
}

function fire(id) {
  const t = active.get(id);
  if (t === undefined) return;
  if (t._repeat === null) {
    active.delete(id);
    t._destroyed = true;
  }
  const args = t._timerArgs;
  if (args === undefined) t._onTimeout();
  else Reflect.apply(t._onTimeout, t, args);
}

// Immediates: one FIFO run per loop turn; those added while running wait for the next turn.
let immediates = [];

export class Immediate {
  constructor(callback, args) {
    this._onImmediate = callback;
    this._argv = args;
    this._destroyed = false;
    this._refed = true;
  }
  ref() { this._refed = true; return this; }
  unref() { this._refed = false; return this; }
  hasRef() { return this._refed; }
}

function runImmediates() {
  const list = immediates;
  immediates = [];
  for (let i = 0; i < list.length; i++) {
    const im = list[i];
    if (im._destroyed) continue;
    im._destroyed = true;
    try {
      if (im._argv === undefined) im._onImmediate();
      else Reflect.apply(im._onImmediate, im, im._argv);
    } catch (err) {
      // The rest run in the next turn, as Node does after an uncaught error is handled.
      const rest = list.slice(i + 1).filter((x) => !x._destroyed);
      if (rest.length) { immediates = rest.concat(immediates); native.scheduleImmediate(); }
      throw err;
    }
  }
}

native.setTimerHandlers(fire, runImmediates);

export function setTimeout(callback, after, ...args) {
  validateFunction(callback, 'callback');
  return new Timeout(callback, after, args.length ? args : undefined, false, true);
}

export function setInterval(callback, repeat, ...args) {
  validateFunction(callback, 'callback');
  return new Timeout(callback, repeat, args.length ? args : undefined, true, true);
}

export function clearTimeout(timer) {
  if (timer === null || timer === undefined) return;
  let t = timer;
  if (!(timer instanceof Timeout)) t = active.get(typeof timer === 'number' ? timer : Number(timer));
  if (t && !t._destroyed) {
    t._destroyed = true;
    active.delete(t._id);
    native.timerStop(t._id);
  }
}

export const clearInterval = clearTimeout;

export function setImmediate(callback, ...args) {
  validateFunction(callback, 'callback');
  const im = new Immediate(callback, args.length ? args : undefined);
  immediates.push(im);
  native.scheduleImmediate();
  return im;
}

export function clearImmediate(im) {
  if (im instanceof Immediate) im._destroyed = true;
}

function abortReason(signal) {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  err.cause = signal.reason;
  return err;
}

export const promises = {
  setTimeout(after, value, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal && signal.aborted) return reject(abortReason(signal));
      const t = setTimeout(() => {
        if (signal) signal.removeEventListener('abort', onAbort);
        resolve(value);
      }, after);
      if (options.ref === false) t.unref();
      function onAbort() { clearTimeout(t); reject(abortReason(signal)); }
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
    });
  },
  setImmediate(value, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal && signal.aborted) return reject(abortReason(signal));
      setImmediate(() => resolve(value));
    });
  },
  async *setInterval(after, value, options = {}) {
    const signal = options.signal;
    let pending = 0;
    let wake = null;
    const t = setInterval(() => { pending++; if (wake) { wake(); wake = null; } }, after);
    try {
      while (true) {
        if (signal && signal.aborted) throw abortReason(signal);
        if (pending === 0) await new Promise((r) => { wake = r; });
        if (signal && signal.aborted) throw abortReason(signal);
        pending--;
        yield value;
      }
    } finally {
      clearInterval(t);
    }
  },
};

export default {
  setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate, promises,
  Timeout, Immediate,
};
