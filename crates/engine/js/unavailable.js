// internal:unavailable: the error of what WebAssembly under WASI cannot do (processes,
// threads, UDP), for the modules that exist so that programs importing them still load.

import { codedError } from 'internal:errors';

export function unavailable(what) {
  return codedError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `${what} is not available in this runtime (WebAssembly under WASI)`);
}

/// A function that throws `unavailable(what)`.
export function refuse(what) {
  return () => { throw unavailable(what); };
}
