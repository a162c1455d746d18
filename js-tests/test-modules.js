// test-modules.js: ES module loading: relative imports, a missing .js extension, JSON modules,
// built-ins as `name` and `node:name` with default and named exports, a clear error for a
// module that cannot be found, and import.meta (url, filename, dirname) as Node gives it.

import assert from 'node:assert';
import greet, { name, four } from './fixtures/mod-a.js';
import data from './fixtures/data.json';
import events, { EventEmitter } from 'events';
import nodeEvents from 'node:events';
import util, { format } from 'util';
import * as timers from 'node:timers';
import { WasiTcpServer } from 'wasi_net';
import http from 'http';
import { fetch } from 'node:http';
import { Buffer } from 'buffer';
import process from 'process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { metaUrl } from './fixtures/mod-a.js';

assert.strictEqual(greet('js'), 'hello js');
assert.strictEqual(name, 'mod-a');
assert.strictEqual(four, 4);
assert.deepStrictEqual(data, { factor: 2, list: [1, 'two', null], nested: { ok: true } });
assert.strictEqual(events, nodeEvents);
assert.strictEqual(events.EventEmitter, EventEmitter);
assert.strictEqual(util.format, format);
assert.strictEqual(typeof timers.setTimeout, 'function');
assert.strictEqual(typeof WasiTcpServer, 'function');
assert.strictEqual(typeof http.fetch, 'function');
assert.strictEqual(http.fetch, fetch);
assert.ok(Buffer.from('x') instanceof Uint8Array);
assert.strictEqual(process, globalThis.process);

// Dynamic import: the same module instance, and a clear error for a missing one.
const again = await import('./fixtures/mod-a.js');
assert.strictEqual(again.default, greet);
await assert.rejects(import('./fixtures/nope.js'), (err) => {
  assert.match(String(err.message), /nope\.js/);
  assert.match(String(err.message), /test-modules\.js/);
  return true;
});
await assert.rejects(import('no-such-package'), /no-such-package/);
await assert.rejects(import('./fixtures/missing-import.js'), /does-not-exist\.js/);
print('modules ok');

// import.meta: a file: URL of the module's absolute path (the working directory prefixed).
assert.ok(import.meta.url.startsWith('file:///'), import.meta.url);
assert.ok(import.meta.url.endsWith('/js-tests/test-modules.js'), import.meta.url);
assert.strictEqual(import.meta.filename, fileURLToPath(import.meta.url));
assert.strictEqual(import.meta.dirname, path.dirname(import.meta.filename));
assert.strictEqual(metaUrl, new URL('./fixtures/mod-a.js', import.meta.url).href);
assert.deepStrictEqual(JSON.parse(fs.readFileSync(new URL('./fixtures/data.json', import.meta.url), 'utf8')), data);
