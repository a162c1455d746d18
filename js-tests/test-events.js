// test-events.js: EventEmitter: on/once/off/emit order, prependListener, listenerCount,
// removeAllListeners, 'newListener'/'removeListener', the 'error' rule, and events.once.

import assert from 'node:assert';
import EventEmitter, { once } from 'node:events';

const e = new EventEmitter();
const log = [];
const a = (x) => log.push(`a${x}`);
const b = (x) => log.push(`b${x}`);
e.on('ev', a);
e.on('ev', b);
e.prependListener('ev', (x) => log.push(`first${x}`));
e.once('ev', (x) => log.push(`once${x}`));
assert.strictEqual(e.listenerCount('ev'), 4);
assert.strictEqual(e.emit('ev', 1), true);
assert.strictEqual(e.emit('ev', 2), true);
assert.deepStrictEqual(log, ['first1', 'a1', 'b1', 'once1', 'first2', 'a2', 'b2']);
assert.strictEqual(e.listenerCount('ev'), 3);
e.off('ev', a);
assert.deepStrictEqual(e.listeners('ev').includes(a), false);
assert.strictEqual(e.emit('nothing'), false);

// this inside a listener is the emitter; arguments pass through.
e.on('ctx', function (...args) { assert.strictEqual(this, e); assert.deepStrictEqual(args, [1, 2, 3]); });
e.emit('ctx', 1, 2, 3);

// newListener / removeListener events.
const meta = [];
const m = new EventEmitter();
m.on('newListener', (name) => meta.push(`new:${name}`));
m.on('removeListener', (name) => meta.push(`rm:${name}`));
const h = () => {};
m.on('x', h);
m.removeListener('x', h);
assert.deepStrictEqual(meta, ['new:removeListener', 'new:x', 'rm:x']);

// removeAllListeners, eventNames.
m.on('y', h).on('z', h);
assert.deepStrictEqual(m.eventNames().sort(), ['newListener', 'removeListener', 'y', 'z']);
m.removeAllListeners('y');
assert.strictEqual(m.listenerCount('y'), 0);
m.removeAllListeners();
assert.deepStrictEqual(m.eventNames(), []);

// The 'error' rule: an 'error' event without a listener throws.
const err = new Error('bad');
assert.throws(() => new EventEmitter().emit('error', err), (thrown) => thrown === err);
assert.throws(() => new EventEmitter().emit('error', 'text'), { code: 'ERR_UNHANDLED_ERROR' });
const handled = new EventEmitter();
handled.on('error', (x) => assert.strictEqual(x, err));
assert.strictEqual(handled.emit('error', err), true);

assert.throws(() => e.on('x', 'not a function'), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });

// Subclasses.
class Sub extends EventEmitter {}
const s = new Sub();
s.once('ready', (v) => log.push(`ready${v}`));
s.emit('ready', 1);
s.emit('ready', 2);
assert.ok(log.includes('ready1') && !log.includes('ready2'));

// An object that inherits EventEmitter's methods without running its constructor (as an
// old-style subclass may, and as requests and responses do) gets its listener table with
// its first listener; until then it emits to nobody.
function Plain() {}
Object.setPrototypeOf(Plain.prototype, EventEmitter.prototype);
const p = new Plain();
assert.strictEqual(p.emit('x'), false);
assert.strictEqual(p.listenerCount('x'), 0);
assert.deepStrictEqual(p.eventNames(), []);
assert.throws(() => p.emit('error', err), (thrown) => thrown === err);
p.removeListener('x', () => {});
p.removeAllListeners('x');
const heard = [];
const onX = (v) => heard.push(v);
p.on('x', onX);
p.once('x', (v) => heard.push(`once ${v}`));
assert.strictEqual(p.emit('x', 1), true);
p.emit('x', 2);
p.off('x', onX);
assert.strictEqual(p.emit('x', 3), false);
assert.deepStrictEqual(heard, [1, 'once 1', 2]);
assert.ok(!Object.hasOwn(new Plain(), '_events'));

// events.once resolves with the arguments, rejects on 'error'.
const o = new EventEmitter();
setTimeout(() => o.emit('go', 'x', 'y'), 1);
assert.deepStrictEqual(await once(o, 'go'), ['x', 'y']);
setTimeout(() => o.emit('error', new Error('fail')), 1);
await assert.rejects(once(o, 'never'), /fail/);

assert.strictEqual(EventEmitter.defaultMaxListeners, 10);
assert.strictEqual(new EventEmitter().setMaxListeners(1).getMaxListeners(), 1);
// errorMonitor listeners see errors first, whether a handler takes them or not.
{
  const e = new EventEmitter();
  const seen = [];
  e.on(EventEmitter.errorMonitor, (err) => seen.push(`monitor ${err.message}`));
  e.on('error', (err) => seen.push(`handled ${err.message}`));
  e.emit('error', new Error('one'));
  const bare = new EventEmitter();
  bare.on(EventEmitter.errorMonitor, (err) => seen.push(`monitor ${err.message}`));
  assert.throws(() => bare.emit('error', new Error('two')), /two/);
  assert.deepStrictEqual(seen, ['monitor one', 'handled one', 'monitor two']);
  assert.strictEqual(EventEmitter.captureRejections, false);
}
print('events ok');
