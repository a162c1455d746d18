// test-tcp-echo-example.js: examples/tcp_echo.js prints its three lines with the real peer
// address and exits 0.
//
// @expect-stdout: server recv: hello
// @expect-stdout: client recv: echo:hello

import assert from 'node:assert';

const lines = [];
const original = globalThis.print;
globalThis.print = (...args) => { lines.push(args.join(' ')); original(...args); };
await import('../examples/tcp_echo.js');
globalThis.print = original;
assert.match(lines[0], /^server accept: 127\.0\.0\.1:\d+$/);
assert.notStrictEqual(lines[0], 'server accept: 0.0.0.0:0');
assert.deepStrictEqual(lines.slice(1), ['server recv: hello', 'client recv: echo:hello']);
