// test-lazy-globals.js: globals whose modules load on first use behave like plain globals:
// they exist before any import, are the same objects the modules export, and can be replaced.

import assert from 'node:assert';

for (const name of ['fetch', 'Headers', 'Request', 'Response', 'URL', 'URLSearchParams', 'TextEncoder',
  'TextDecoder', 'atob', 'btoa', 'Buffer', 'AbortController', 'AbortSignal', 'Event', 'EventTarget',
  'structuredClone']) {
  assert.strictEqual(typeof globalThis[name], 'function', name);
  assert.ok(name in globalThis, name);
  assert.strictEqual(Object.keys(globalThis).includes(name), false, `${name} is not enumerable`);
}
const { Buffer } = await import('node:buffer');
assert.strictEqual(globalThis.Buffer, Buffer);
const { fetch } = await import('node:http');
assert.strictEqual(globalThis.fetch, fetch);
const url = await import('node:url');
assert.strictEqual(globalThis.URL, url.URL);

// A program may replace a global before or after its first use.
globalThis.TextEncoder = 'replaced';
assert.strictEqual(TextEncoder, 'replaced');
const mine = () => 'mine';
globalThis.atob = mine;
assert.strictEqual(atob, mine);
print('lazy globals ok');
