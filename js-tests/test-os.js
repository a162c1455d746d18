// test-os.js: node:os answers every call with values of Node's types (under WASI, from the
// environment or describing the wasm machine); the same file passes under Node.js.
//
// @env: HOSTNAME=box-1
// @env: TMPDIR=/scratch/

import os, { EOL, cpus } from 'node:os';
import assert from './harness/assert.js';

assert.strictEqual(EOL, '\n');
for (const fn of ['platform', 'type', 'arch', 'release', 'hostname', 'homedir', 'tmpdir', 'endianness', 'machine', 'version']) {
  assert.strictEqual(typeof os[fn](), 'string', fn);
}
for (const fn of ['totalmem', 'freemem', 'uptime', 'availableParallelism']) {
  assert.ok(Number.isFinite(os[fn]()) && os[fn]() >= 0, fn);
}
assert.ok(os.freemem() <= os.totalmem());
assert.ok(os.availableParallelism() >= 1);
assert.ok(Array.isArray(cpus()) && cpus().length >= 1 && typeof cpus()[0].model === 'string');
assert.strictEqual(os.loadavg().length, 3);
assert.strictEqual(typeof os.networkInterfaces(), 'object');
assert.strictEqual(typeof os.userInfo().username, 'string');
assert.strictEqual(os.constants.signals.SIGTERM, 15);
assert.strictEqual(os.constants.errno.ENOENT, 2);
assert.ok(['LE', 'BE'].includes(os.endianness()));
if (process.env.HOSTNAME === 'box-1') assert.strictEqual(os.hostname(), 'box-1');
if (process.env.TMPDIR === '/scratch/') assert.strictEqual(os.tmpdir(), '/scratch');
