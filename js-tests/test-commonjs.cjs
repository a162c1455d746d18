// test-commonjs.cjs: a CommonJS program as Node runs it: require() of built-ins, files, JSON,
// directories and packages (node_modules, "main", "exports" with conditions and patterns),
// the module cache, cycles, require() of ES modules, files whose kind is detected from their
// syntax, Node's errors, and module/require/exports/__filename/__dirname themselves.
// The same file passes under Node.js.
// @expect-stdout: dynamic import from CommonJS: esm default
// @expect-stdout: timer in CommonJS

const assert = require('node:assert');
const path = require('path');
const { createRequire, builtinModules, isBuiltin } = require('module');
const { strictEqual, deepStrictEqual, throws } = assert;

// The module's own bindings.
strictEqual(require.main, module);
strictEqual(module.id, '.');
strictEqual(module.filename, __filename);
strictEqual(path.basename(__filename), 'test-commonjs.cjs');
strictEqual(path.isAbsolute(__filename), true);
strictEqual(__dirname, path.dirname(__filename));
strictEqual(this, module.exports);
strictEqual(typeof exports, 'object');
strictEqual(exports, module.exports);
strictEqual(module.loaded, false);
strictEqual(Array.isArray(module.paths), true);
strictEqual(module.paths[0], path.join(__dirname, 'node_modules'));

// Built-ins, with and without node:, are the objects Node's require gives.
const events = require('events');
strictEqual(events, require('node:events'));
strictEqual(events, events.EventEmitter);
strictEqual(typeof require('fs').readFileSync, 'function');
strictEqual(typeof require('http').createServer, 'function');
strictEqual(require('util').format('%d!', 3), '3!');
strictEqual(typeof require('buffer').Buffer.from, 'function');
strictEqual(require('module'), require('node:module'));
strictEqual(require('module').createRequire, createRequire);
strictEqual(builtinModules.includes('fs'), true);
strictEqual(builtinModules.includes('http'), true);
strictEqual(isBuiltin('node:path'), true);
strictEqual(isBuiltin('path'), true);
strictEqual(isBuiltin('./path'), false);

// Files: extensions guessed, one instance per file, `this` at the top is module.exports.
const math = require('./fixtures/cjs/math');
strictEqual(math.add(2, 3), 5);
strictEqual(math.PI, 3.14);
strictEqual(math.topThisIsExports, true);
strictEqual(require('./fixtures/cjs/math.js'), math);
strictEqual(require(path.join(__dirname, 'fixtures/cjs/math')), math);
strictEqual(math.loads, 1);
const mathFile = require.resolve('./fixtures/cjs/math');
strictEqual(mathFile, path.join(__dirname, 'fixtures/cjs/math.js'));
strictEqual(require.cache[mathFile].exports, math);
strictEqual(require.cache[mathFile].loaded, true);
strictEqual(require.cache[mathFile].parent, module);
strictEqual(module.children.includes(require.cache[mathFile]), true);
strictEqual(require.resolve('fs'), 'fs');
strictEqual(require.resolve('node:fs'), 'node:fs');

// module.exports replaced by a class.
const Counter = require('./fixtures/cjs/counter');
const counter = new Counter();
counter.inc();
strictEqual(counter.inc(), 2);
strictEqual(Counter.kind, 'counter');

// JSON.
deepStrictEqual(require('./fixtures/cjs/config.json'), { name: 'config', retries: 3, tags: ['a', 'b'] });
strictEqual(require('./fixtures/cjs/config'), require('./fixtures/cjs/config.json'));

// A cycle: the module required back sees the exports made so far.
const a = require('./fixtures/cjs/cyc-a');
strictEqual(a.done, true);
strictEqual(a.bSawADone, false);

// Packages from node_modules: "main", "exports" with the "require" condition, subpaths and
// patterns; a subpath the package does not export is refused.
const packages = require('./fixtures/cjs/packages');
deepStrictEqual(packages.plain, { name: 'plain-pkg', file: 'node_modules/plain-pkg/lib/main.js' });
strictEqual(packages.dual, 'dual via require');
strictEqual(packages.feature, 'feature');
strictEqual(packages.patterned, 'sub x');
strictEqual(packages.resolvedPlain, path.join(__dirname, 'fixtures/cjs/node_modules/plain-pkg/lib/main.js'));
const fixtureRequire = createRequire(path.join(__dirname, 'fixtures/cjs/any.js'));
strictEqual(fixtureRequire('@scope/dual'), 'dual via require');
throws(() => fixtureRequire('@scope/dual/hidden'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
throws(() => fixtureRequire('no-such-package'), { code: 'MODULE_NOT_FOUND' });

// require() of an ES module gives its namespace.
const esm = require('./fixtures/cjs/esm.mjs');
strictEqual(esm.default, 'esm default');
strictEqual(esm.named, 'esm named');

// Without a "type", the syntax decides: an export statement makes an ES module; a file
// without one is CommonJS in sloppy mode.
strictEqual(require('./fixtures/detect/esm-syntax.js').kind, 'esm');
deepStrictEqual({ ...require('./fixtures/detect/plain.js') }, { kind: 'cjs', octal: 8 });

// Errors, as Node words and codes them.
throws(() => require('./fixtures/cjs/nope'), (err) => {
  strictEqual(err.code, 'MODULE_NOT_FOUND');
  strictEqual(err.message, `Cannot find module './fixtures/cjs/nope'\nRequire stack:\n- ${__filename}`);
  deepStrictEqual(err.requireStack, [__filename]);
  return true;
});
throws(() => require('node:nope'), { code: 'ERR_UNKNOWN_BUILTIN_MODULE', message: 'No such built-in module: node:nope' });
throws(() => require(42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
throws(() => require(''), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
// A module that throws while loading is not cached: requiring it again runs it again.
throws(() => require('./fixtures/cjs/throws'), { message: 'throws.js failed to load' });
throws(() => require('./fixtures/cjs/throws'), { message: 'throws.js failed to load' });
strictEqual(globalThis.throwsLoads, 2);

// import() works from CommonJS, and so does the event loop.
import('./fixtures/cjs/esm.mjs').then((ns) => console.log(`dynamic import from CommonJS: ${ns.default}`));
setTimeout(() => {
  strictEqual(module.loaded, true);
  console.log('timer in CommonJS');
}, 5);
