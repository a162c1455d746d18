// test-web-globals.js: structuredClone, performance.now, AbortController/AbortSignal (with
// AbortSignal.timeout and any), Event/EventTarget, DOMException and queueMicrotask.

import assert from 'node:assert';
import { mustCall, mustNotCall } from './harness/common.js';

// structuredClone copies plain data deeply, keeps cycles, refuses functions.
const src = { n: 1, s: 'x', d: new Date(5), m: new Map([[1, { a: 1 }]]), set: new Set([1]), arr: [1, [2]], bytes: new Uint8Array([1, 2]) };
src.self = src;
const copy = structuredClone(src);
assert.notStrictEqual(copy, src);
assert.strictEqual(copy.self, copy);
assert.deepStrictEqual(copy.arr, [1, [2]]);
assert.notStrictEqual(copy.arr[1], src.arr[1]);
assert.strictEqual(copy.d.getTime(), 5);
assert.deepStrictEqual(copy.m.get(1), { a: 1 });
assert.ok(copy.set.has(1));
assert.deepStrictEqual([...copy.bytes], [1, 2]);
assert.notStrictEqual(copy.bytes.buffer, src.bytes.buffer);
assert.throws(() => structuredClone({ f() {} }), { name: 'DataCloneError' });
assert.throws(() => structuredClone(Symbol('x')), { name: 'DataCloneError' });

// performance.now is monotonic and in milliseconds.
const t0 = performance.now();
assert.strictEqual(typeof t0, 'number');
assert.ok(performance.now() >= t0);
assert.ok(performance.timeOrigin > 1.6e12, String(performance.timeOrigin));

// Event / EventTarget.
const target = new EventTarget();
const calls = [];
const onFoo = (e) => calls.push(['listener', e.type, e.target === target]);
target.addEventListener('foo', onFoo);
target.addEventListener('foo', onFoo); // duplicates are ignored
target.addEventListener('foo', { handleEvent: (e) => calls.push(['object', e.type]) });
target.addEventListener('foo', () => calls.push(['once']), { once: true });
assert.strictEqual(target.dispatchEvent(new Event('foo')), true);
target.dispatchEvent(new Event('foo'));
assert.deepStrictEqual(calls, [['listener', 'foo', true], ['object', 'foo'], ['once'], ['listener', 'foo', true], ['object', 'foo']]);
target.removeEventListener('foo', onFoo);
const cancelable = new Event('bar', { cancelable: true });
target.addEventListener('bar', (e) => e.preventDefault());
assert.strictEqual(target.dispatchEvent(cancelable), false);
assert.strictEqual(cancelable.defaultPrevented, true);
assert.throws(() => new Event(), TypeError);
assert.strictEqual(new CustomEvent('c', { detail: 7 }).detail, 7);

// AbortController / AbortSignal.
const ac = new AbortController();
assert.strictEqual(ac.signal.aborted, false);
ac.signal.addEventListener('abort', mustCall((e) => assert.strictEqual(e.type, 'abort')));
ac.signal.onabort = mustCall();
ac.abort();
ac.abort(); // a second abort does nothing
assert.strictEqual(ac.signal.aborted, true);
assert.ok(ac.signal.reason instanceof DOMException);
assert.strictEqual(ac.signal.reason.name, 'AbortError');
assert.throws(() => ac.signal.throwIfAborted(), { name: 'AbortError' });
const withReason = new AbortController();
withReason.abort('why');
assert.strictEqual(withReason.signal.reason, 'why');
assert.strictEqual(AbortSignal.abort().aborted, true);
assert.throws(() => new AbortSignal(), TypeError);
const any = AbortSignal.any([new AbortController().signal, AbortSignal.abort('first')]);
assert.strictEqual(any.reason, 'first');

const timed = AbortSignal.timeout(10);
const started = performance.now();
timed.addEventListener('abort', mustCall(() => {
  assert.ok(performance.now() - started >= 9);
  assert.strictEqual(timed.reason.name, 'TimeoutError');
  assert.strictEqual(timed.reason.code, 23);
}));
// The signal's own timer does not keep the program alive: this one does, for long enough.
setTimeout(() => assert.strictEqual(timed.aborted, true), 40);
// A pending long timeout signal does not keep the program alive.
AbortSignal.timeout(60_000).addEventListener('abort', mustNotCall());

// DOMException.
const de = new DOMException('msg', 'NotFoundError');
assert.strictEqual(de.name, 'NotFoundError');
assert.strictEqual(de.message, 'msg');
assert.strictEqual(de.code, 8);
assert.ok(de instanceof Error);

queueMicrotask(mustCall());
assert.throws(() => queueMicrotask(1), { code: 'ERR_INVALID_ARG_TYPE' });
print('web globals ok');
