// node:async_hooks: AsyncResource (its scope runs the function as it is: this runtime keeps no
// async context), the id functions, and createHook (whose hooks are never called). QuickJS
// offers no hook around promise continuations, so an AsyncLocalStorage store could not follow
// an `await`: constructing one throws ERR_FEATURE_UNAVAILABLE_ON_PLATFORM rather than lose
// stores silently.

import { codedError, invalidArgType, validateFunction } from 'internal:errors';

let nextId = 2;

export function executionAsyncId() { return 1; }
export function triggerAsyncId() { return 0; }

const topLevel = {};
export function executionAsyncResource() { return topLevel; }

export function createHook(callbacks) {
  if (callbacks === null || typeof callbacks !== 'object') throw invalidArgType('callbacks', 'of type object', callbacks);
  for (const name of ['init', 'before', 'after', 'destroy', 'promiseResolve']) {
    if (callbacks[name] !== undefined) validateFunction(callbacks[name], `hook.${name}`);
  }
  return { enable() { return this; }, disable() { return this; } };
}

export const asyncWrapProviders = Object.freeze({ __proto__: null, NONE: 0 });

export class AsyncResource {
  #id = nextId++;
  #trigger;

  constructor(type, options) {
    if (typeof type !== 'string') throw invalidArgType('type', 'of type string', type);
    const trigger = typeof options === 'number' ? options : options && options.triggerAsyncId;
    this.#trigger = trigger === undefined ? executionAsyncId() : trigger;
  }

  runInAsyncScope(fn, thisArg, ...args) { return Reflect.apply(fn, thisArg, args); }
  emitDestroy() { return this; }
  asyncId() { return this.#id; }
  triggerAsyncId() { return this.#trigger; }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    const bound = thisArg === undefined
      ? (...args) => this.runInAsyncScope(fn, undefined, ...args)
      : (...args) => this.runInAsyncScope(fn, thisArg, ...args);
    Object.defineProperty(bound, 'asyncResource', { value: this, configurable: true, enumerable: true });
    return bound;
  }

  static bind(fn, type, thisArg) {
    return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg);
  }
}

export class AsyncLocalStorage {
  constructor() {
    throw codedError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
      'AsyncLocalStorage is not available: this runtime cannot carry a store across await');
  }

  static bind(fn) { validateFunction(fn, 'fn'); return fn; }
  static snapshot() { return (fn, ...args) => fn(...args); }
}

export default {
  AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, triggerAsyncId,
  executionAsyncResource, asyncWrapProviders,
};
