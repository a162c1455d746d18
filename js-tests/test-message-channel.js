// test-message-channel.js: MessageChannel, MessagePort and BroadcastChannel within one thread
// (global, and from worker_threads): structured clones delivered on later turns in order, to
// node-style and DOM-style listeners; receiveMessageOnPort; close on both ends; clone errors;
// and what keeps the program running (a started port, an open channel) until closed or
// unref()'d. The same file passes under Node.js.
import { MessageChannel as WorkerChannel, receiveMessageOnPort, BroadcastChannel as WorkerBroadcast } from 'node:worker_threads';
import assert from './harness/assert.js';

assert.strictEqual(WorkerChannel, MessageChannel);
assert.strictEqual(WorkerBroadcast, BroadcastChannel);
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

// Clones, in order, to both kinds of listener; nothing arrives synchronously.
const { port1, port2 } = new MessageChannel();
const got = [];
port2.on('message', (value) => got.push(['on', value]));
port2.addEventListener('message', (e) => got.push(['event', e.data, e instanceof MessageEvent]));
const sent = { a: 1, nested: { b: [1, 2] }, when: new Date(0), map: new Map([[1, 2]]) };
port1.postMessage(sent);
sent.a = 99;
port1.postMessage('second');
assert.deepStrictEqual(got, []);
await tick();
assert.strictEqual(got.length, 4);
assert.deepStrictEqual(got.map((g) => g[0]), ['on', 'event', 'on', 'event']);
assert.strictEqual(got[0][1].a, 1);
assert.ok(got[0][1].when instanceof Date && got[0][1].map instanceof Map);
assert.strictEqual(got[1][2], true);
assert.strictEqual(got[2][1], 'second');

// receiveMessageOnPort takes a queued message now; bad messages throw.
const { port1: a, port2: b } = new MessageChannel();
a.postMessage({ x: 1 });
assert.deepStrictEqual(receiveMessageOnPort(b), { message: { x: 1 } });
assert.strictEqual(receiveMessageOnPort(b), undefined);
assert.throws(() => a.postMessage(() => {}), { name: 'DataCloneError' });
assert.throws(() => a.postMessage(), { name: 'TypeError', code: 'ERR_MISSING_ARGS' });
a.close();

// onmessage; closing one end closes both.
const c = new MessageChannel();
const closed = [];
const message = new Promise((resolve) => { c.port2.onmessage = (e) => resolve(e.data); });
const bothClosed = Promise.all([c.port1, c.port2].map((p, i) => new Promise((resolve) => p.on('close', () => { closed.push(i); resolve(); }))));
c.port1.postMessage('hi');
assert.strictEqual(await message, 'hi');
c.port1.close();
await bothClosed;
assert.deepStrictEqual(closed.sort(), [0, 1]);

// BroadcastChannel: every other channel of the name gets it, not the sender, not other names.
const x = new BroadcastChannel('news');
const y = new BroadcastChannel('news');
const z = new BroadcastChannel('other');
const heard = [];
x.onmessage = () => heard.push('x');
z.onmessage = () => heard.push('z');
const toY = new Promise((resolve) => { y.onmessage = (e) => resolve(e.data); });
x.postMessage({ n: 1 });
assert.deepStrictEqual(await toY, { n: 1 });
await tick();
assert.deepStrictEqual(heard, []);
assert.strictEqual(x.name, 'news');
for (const ch of [x, y, z]) ch.close();
assert.throws(() => x.postMessage(1), { name: 'InvalidStateError' });

// A started port keeps the program running until unref()'d (or closed): this one must not.
const idle = new MessageChannel();
idle.port1.on('message', () => {});
assert.strictEqual(idle.port1.hasRef(), true);
idle.port1.unref();
assert.strictEqual(idle.port1.hasRef(), false);
port1.close();
console.log('message channels ok');
