// test-perf-hooks.js: User Timing on the global performance object and from perf_hooks (mark,
// measure with marks, options and durations, the entry lists, clearing, PerformanceObserver),
// createHistogram and monitorEventLoopDelay. The same file passes under Node.js.
import { performance as perf, PerformanceObserver, PerformanceMark, createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import assert from './harness/assert.js';

assert.strictEqual(perf, globalThis.performance);
const a = performance.mark('a', { detail: { step: 1 } });
assert.ok(a instanceof PerformanceMark);
assert.strictEqual(a.entryType, 'mark');
assert.strictEqual(a.duration, 0);
assert.deepStrictEqual(a.detail, { step: 1 });
await new Promise((resolve) => setTimeout(resolve, 20));
performance.mark('b');
const ab = performance.measure('a to b', 'a', 'b');
assert.strictEqual(ab.entryType, 'measure');
assert.ok(ab.duration >= 15 && ab.duration < 5000, `${ab.duration} ms`);
assert.strictEqual(ab.startTime, a.startTime);
assert.strictEqual(performance.measure('five', { start: 'a', duration: 5 }).duration, 5);
assert.deepStrictEqual(performance.getEntriesByType('mark').map((e) => e.name), ['a', 'b']);
assert.strictEqual(performance.getEntriesByName('a to b').length, 1);
performance.clearMarks('a');
assert.deepStrictEqual(performance.getEntriesByType('mark').map((e) => e.name), ['b']);
performance.clearMeasures();
assert.strictEqual(performance.getEntriesByType('measure').length, 0);
assert.throws(() => performance.measure('x', 'no-such-mark'), { name: 'SyntaxError' });

const observed = await new Promise((resolve) => {
  const observer = new PerformanceObserver((list, o) => {
    o.disconnect();
    resolve(list.getEntries().map((e) => `${e.entryType}:${e.name}`));
  });
  observer.observe({ entryTypes: ['mark', 'measure'] });
  performance.mark('c');
  performance.measure('since c', 'c');
});
assert.deepStrictEqual(observed, ['mark:c', 'measure:since c']);

const h = createHistogram();
for (const v of [1, 2, 3, 4, 100]) h.record(v);
assert.strictEqual(h.count, 5);
assert.strictEqual(h.min, 1);
assert.strictEqual(h.max, 100);
assert.strictEqual(h.mean, 22);
assert.strictEqual(h.percentile(50), 3);
assert.strictEqual(h.percentile(100), 100);
assert.throws(() => h.record(0), { code: 'ERR_OUT_OF_RANGE' });
h.reset();
assert.strictEqual(h.count, 0);

// A busy loop holds the event loop up: the delay monitor sees late timers.
const delay = monitorEventLoopDelay({ resolution: 5 });
assert.strictEqual(delay.enable(), true);
await new Promise((resolve) => setTimeout(resolve, 20));
const start = Date.now();
while (Date.now() - start < 30) { /* hold the loop */ }
await new Promise((resolve) => setTimeout(resolve, 40));
assert.strictEqual(delay.disable(), true);
assert.ok(delay.count > 0 && delay.max > 0, `${delay.count} samples, max ${delay.max} ns`);
assert.throws(() => monitorEventLoopDelay({ resolution: 0 }), { code: 'ERR_OUT_OF_RANGE' });
console.log('ok');
