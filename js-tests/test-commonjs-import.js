// test-commonjs-import.js: ES modules meeting CommonJS as in Node: import of a CommonJS file
// (module.exports as the default export, its keys as named exports, one instance shared with
// require), packages imported from node_modules with the "import" condition, files whose kind
// is detected from their syntax, node:module's createRequire, and a CommonJS module that
// throws while being imported. The same file passes under Node.js.

import assert from 'node:assert';
import Module, { createRequire, builtinModules, isBuiltin } from 'node:module';
import math, { add, PI } from './fixtures/cjs/math.js';
import * as mathNamespace from './fixtures/cjs/math.js';
import Counter from './fixtures/cjs/counter.js';
import config from './fixtures/cjs/config.json' with { type: 'json' };
import { plain, dual } from './fixtures/cjs/packages.mjs';
import { kind as detectedEsm } from './fixtures/detect/esm-syntax.js';
import detectedCjs from './fixtures/detect/plain.js';

const { strictEqual, deepStrictEqual, rejects } = assert;

strictEqual(typeof require, 'undefined');
strictEqual(typeof module, 'undefined');

// The default export is module.exports; named exports are its keys.
strictEqual(add(1, 2), 3);
strictEqual(PI, 3.14);
strictEqual(math.add, add);
strictEqual(mathNamespace.default, math);
strictEqual(mathNamespace.add, add);
strictEqual(new Counter().inc(), 1);
strictEqual(config.retries, 3);

// require from an ES module, through createRequire: the same instances as import's.
const requireHere = createRequire(import.meta.url);
strictEqual(requireHere('./fixtures/cjs/math.js'), math);
strictEqual(math.loads, 1);
strictEqual(requireHere('./fixtures/cjs/counter'), Counter);
strictEqual(requireHere('node:events'), requireHere('events'));
strictEqual(Module.createRequire, createRequire);
strictEqual(typeof Module, 'function');
strictEqual(builtinModules.includes('path'), true);
strictEqual(isBuiltin('node:http'), true);

// Packages: "main" for a CommonJS package, the "import" condition for a dual one.
strictEqual(plain.name, 'plain-pkg');
strictEqual(dual, 'dual via import');

// Kind detection without a "type".
strictEqual(detectedEsm, 'esm');
strictEqual(detectedCjs.kind, 'cjs');
strictEqual(detectedCjs.octal, 8);

// A CommonJS module that throws rejects the import with its error.
await rejects(import('./fixtures/cjs/throws.js'), { message: 'throws.js failed to load' });
// A missing package is Node's ERR_MODULE_NOT_FOUND.
await rejects(import('no-such-package'), { code: 'ERR_MODULE_NOT_FOUND' });

deepStrictEqual(Object.keys(mathNamespace).sort(), ['PI', 'add', 'default', 'loads', 'topThisIsExports']);
console.log('commonjs import ok');
