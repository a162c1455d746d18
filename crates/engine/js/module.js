// node:module: createRequire, builtinModules, isBuiltin, and the Module class of CommonJS
// (js/cjs.js).

export { Module as default, Module, createRequire, builtinModules, isBuiltin } from 'internal:cjs';
