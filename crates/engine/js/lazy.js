// Globals whose modules load on first use, so that start-up compiles only what every program
// needs. A lazily loaded module calls provide() as it finishes evaluating; the global's getter
// loads the module synchronously the first time it is read, then replaces itself with the value.

import native from 'internal:native';

const provided = new Map();

export function provide(name, exports) {
  provided.set(name, exports);
}

export function load(name) {
  let exports = provided.get(name);
  if (exports === undefined) {
    native.loadBuiltin(name);
    exports = provided.get(name);
    if (exports === undefined) throw new Error(`internal error: ${name} did not provide its exports`);
  }
  return exports;
}

function settle(key, value) {
  Object.defineProperty(globalThis, key, { value, writable: true, configurable: true, enumerable: false });
}

export function defineLazyGlobals(name, keys) {
  for (const key of keys) {
    Object.defineProperty(globalThis, key, {
      configurable: true,
      enumerable: false,
      get() {
        const value = load(name)[key];
        settle(key, value);
        return value;
      },
      set(value) { settle(key, value); },
    });
  }
}
