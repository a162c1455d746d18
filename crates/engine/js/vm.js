// node:vm: code run in this context (runInThisContext, Script) through indirect eval. QuickJS
// contexts are not exposed to programs here, so new contexts (createContext, runInNewContext,
// runInContext) fail with ERR_FEATURE_UNAVAILABLE_ON_PLATFORM.

import { invalidArgType } from 'internal:errors';
import { refuse } from 'internal:unavailable';

const indirectEval = eval;

export class Script {
  #code;

  constructor(code, options) {
    if (typeof code !== 'string') throw invalidArgType('code', 'of type string', code);
    this.#code = code;
    this.filename = typeof options === 'string' ? options : (options && options.filename) || 'evalmachine.<anonymous>';
  }

  runInThisContext() { return indirectEval(this.#code); }
  runInContext() { return runInContext(); }
  runInNewContext() { return runInNewContext(); }
  createCachedData() { return new Uint8Array(0); }
}

export function runInThisContext(code, options) { return new Script(code, options).runInThisContext(); }
export function isContext() { return false; }
export const createContext = refuse('vm.createContext()');
export const runInContext = refuse('vm.runInContext()');
export const runInNewContext = refuse('vm.runInNewContext()');
export const compileFunction = (code, params = []) => new Function(...params, code);

export default { Script, runInThisContext, isContext, createContext, runInContext, runInNewContext, compileFunction };
