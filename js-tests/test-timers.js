// test-timers.js: setTimeout/setInterval/setImmediate and their clears, Node's treatment of
// missing, fractional, negative and huge delays, Timeout objects, and timers/promises.

import assert from 'node:assert';
import timers, { setTimeout as st, promises } from 'node:timers';
import { mustCall, mustNotCall } from './harness/common.js';

assert.strictEqual(st, globalThis.setTimeout);
assert.strictEqual(timers.setInterval, globalThis.setInterval);

// Delays that Node treats as 1 ms keep their order.
const seen = [];
setTimeout(() => seen.push('missing'));
setTimeout(() => seen.push('negative'), -10);
setTimeout(() => seen.push('nan'), NaN);
setTimeout(() => seen.push('fraction'), 0.5);
setTimeout(() => seen.push('string'), '1');
setTimeout(() => seen.push('later'), 15);
setTimeout((a, b) => seen.push(`args ${a} ${b}`), 1, 'x', 'y');

// Clearing works by object, by primitive id, and tolerates junk.
const cleared = setTimeout(mustNotCall('cleared timeout'), 5);
clearTimeout(cleared);
const byId = setTimeout(mustNotCall('cleared by id'), 5);
clearTimeout(+byId);
clearTimeout(undefined);
clearTimeout(null);
clearTimeout({});
const im = setImmediate(mustNotCall('cleared immediate'));
clearImmediate(im);

// An interval runs until cleared.
let ticks = 0;
const iv = setInterval(mustCall(() => {
  ticks++;
  if (ticks === 3) clearInterval(iv);
}, 3), 2);

// Timing: a 30 ms timer does not fire early.
const start = performance.now();
setTimeout(mustCall(() => {
  const elapsed = performance.now() - start;
  assert.ok(elapsed >= 29, `fired after ${elapsed} ms`);
}), 30);

// Timeout objects: ref/unref/hasRef/refresh/Symbol.toPrimitive.
const t = setTimeout(() => {}, 1);
assert.strictEqual(t.hasRef(), true);
assert.strictEqual(t.unref(), t);
assert.strictEqual(t.hasRef(), false);
t.ref();
assert.strictEqual(typeof +t, 'number');
// An unref'd timer alone does not keep the program alive.
setTimeout(mustNotCall('unref timer kept the program alive'), 60_000).unref();

// Bad callbacks throw Node's error.
assert.throws(() => setTimeout('code', 1), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
assert.throws(() => setInterval(null), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => setImmediate(42), { code: 'ERR_INVALID_ARG_TYPE' });

setImmediate(mustCall((a) => assert.strictEqual(a, 'arg')), 'arg');

// timers/promises
const value = await promises.setTimeout(5, 'resolved');
assert.strictEqual(value, 'resolved');
assert.strictEqual(await promises.setImmediate('imm'), 'imm');
const ac = new AbortController();
const pending = promises.setTimeout(10_000, null, { signal: ac.signal });
ac.abort();
await assert.rejects(pending, { name: 'AbortError', code: 'ABORT_ERR' });
let n = 0;
for await (const v of promises.setInterval(2, 'iv')) {
  assert.strictEqual(v, 'iv');
  if (++n === 3) break;
}

setTimeout(mustCall(() => {
  assert.deepStrictEqual(seen, ['missing', 'negative', 'nan', 'fraction', 'string', 'args x y', 'later']);
  print('timers ok');
}), 40);
