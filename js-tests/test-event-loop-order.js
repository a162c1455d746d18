// test-event-loop-order.js: Node's order. The entry ES module runs as a promise job, so the
// promise jobs it queues run first, then the nextTick queue, then the promise jobs queued by
// ticks; after every timer callback, its ticks then its promise jobs run before the next timer.

import assert from 'node:assert';

const order = [];
setTimeout(() => order.push('timeout'), 0);
Promise.resolve().then(() => {
  order.push('promise 1');
  process.nextTick(() => order.push('tick from promise'));
}).then(() => order.push('promise 2'));
process.nextTick(() => {
  order.push('tick 1');
  process.nextTick(() => order.push('tick nested'));
  Promise.resolve().then(() => order.push('promise from tick'));
});
nextTick(() => order.push('global nextTick'));
queueMicrotask(() => order.push('microtask'));
order.push('sync');

setTimeout(() => {
  assert.deepStrictEqual(order, [
    'sync', 'promise 1', 'microtask', 'promise 2', 'tick 1', 'global nextTick',
    'tick from promise', 'tick nested', 'promise from tick', 'timeout',
  ]);
  // Between two timer callbacks, ticks and promise jobs of the first run before the second.
  const between = [];
  setTimeout(() => {
    between.push('t1');
    process.nextTick(() => between.push('tick'));
    Promise.resolve().then(() => between.push('promise'));
  }, 1);
  setTimeout(() => between.push('t2'), 1);
  setTimeout(() => {
    assert.deepStrictEqual(between, ['t1', 'tick', 'promise', 't2']);
    print('order ok');
  }, 20);
}, 5);
