// test-stream-helpers.js: node:stream as modern Node code uses it: pipeline() with async
// generator stages, an iterable source and a final async function (its value reaching the
// callback and stream/promises), errors from a generator stage; Readable's iterator helpers
// (map, filter, flatMap, drop, take, forEach, toArray, some, every, find, reduce); the WHATWG
// stream bridges Readable.toWeb/fromWeb and Writable.toWeb/fromWeb; isReadable, isErrored, isDisturbed, addAbortSignal;
// and _writev receiving what was written while corked. The same file passes under Node.js.

import assert from 'node:assert';
import { Readable, Writable, Transform, PassThrough, pipeline, isReadable, isErrored, addAbortSignal } from 'node:stream';
import { pipeline as pipelinePromise } from 'node:stream/promises';

const { strictEqual, deepStrictEqual, rejects, throws } = assert;
const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

// pipeline with functions.
const written = [];
const none = await pipelinePromise(
  Readable.from(['a', 'b']),
  async function* upper(source) { for await (const c of source) yield c.toUpperCase(); },
  new Writable({ objectMode: true, write(c, e, cb) { written.push(c); cb(); } }),
);
deepStrictEqual(written, ['A', 'B']);
strictEqual(none, undefined);

const joined = await pipelinePromise(
  ['x', 'y', 'z'],
  async function* (source) { for await (const c of source) yield `${c}!`; },
  async (source) => { let s = ''; for await (const c of source) s += c; return s; },
);
strictEqual(joined, 'x!y!z!');

strictEqual(await pipelinePromise(
  async function* () { yield 1; yield 2; },
  async (source) => { let n = 0; for await (const c of source) n += c; return n; },
), 3);

const mixed = await pipelinePromise(
  Readable.from(['1', '2']),
  async function* (s) { for await (const c of s) yield Number(c) * 10; },
  new Transform({ objectMode: true, transform(c, e, cb) { cb(null, c + 1); } }),
  async function* (s) { for await (const c of s) yield c * 2; },
  async (s) => { const all = []; for await (const c of s) all.push(c); return all; },
);
deepStrictEqual(mixed, [22, 42]);

const sink = new PassThrough({ objectMode: true }).resume();
await rejects(pipelinePromise(
  Readable.from([1, 2, 3]),
  async function* (source) {
    for await (const c of source) {
      if (c === 2) throw new Error('stage failed');
      yield c;
    }
  },
  sink,
), { message: 'stage failed' });
strictEqual(sink.destroyed, true);

const callbackArgs = await new Promise((resolve) => {
  pipeline(Readable.from(['q']), async function* (s) { for await (const c of s) yield c; },
    new PassThrough({ objectMode: true }).resume(), (...args) => resolve(args));
});
deepStrictEqual(callbackArgs, [undefined, undefined]);

// Iterator helpers.
deepStrictEqual(await Readable.from([1, 2, 3]).map((x) => x * 2).toArray(), [2, 4, 6]);
deepStrictEqual(await Readable.from([1, 2, 3]).map(async (x) => x + 1).toArray(), [2, 3, 4]);
deepStrictEqual(await Readable.from([1, 2, 3, 4]).filter((x) => x % 2 === 0).toArray(), [2, 4]);
deepStrictEqual(await Readable.from([1, 2, 3, 4, 5]).drop(1).take(2).toArray(), [2, 3]);
deepStrictEqual(await Readable.from([1, 2]).flatMap((x) => [x, x]).toArray(), [1, 1, 2, 2]);
strictEqual(await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 10), 16);
strictEqual(await Readable.from([1, 2, 3]).reduce((a, b) => a + b), 6);
await rejects(Readable.from([]).reduce((a, b) => a + b), { name: 'TypeError', code: 'ERR_MISSING_ARGS' });
strictEqual(await Readable.from([1, 2]).some((x) => x > 1), true);
strictEqual(await Readable.from([1, 2]).every((x) => x > 1), false);
strictEqual(await Readable.from([1, 2, 3]).find((x) => x > 1), 2);
const seen = [];
strictEqual(await Readable.from(['a', 'b']).forEach((x) => seen.push(x)), undefined);
deepStrictEqual(seen, ['a', 'b']);
throws(() => Readable.from([1]).map(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
throws(() => Readable.from([1]).take(-1), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });

// A generator behind Readable.from is ended when its stream is destroyed.
let cleanedUp = false;
const endless = Readable.from((async function* () {
  try { for (let i = 0; ; i++) yield i; } finally { cleanedUp = true; }
})());
deepStrictEqual(await endless.take(3).toArray(), [0, 1, 2]);
await tick();
strictEqual(cleanedUp, true);

// WHATWG stream bridges.
const web = Readable.toWeb(Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
const reader = web.getReader();
let text = '';
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  text += Buffer.from(value).toString();
}
strictEqual(text, 'abcd');
let fromWeb = '';
for await (const c of Readable.fromWeb(new Response('hello web').body)) fromWeb += Buffer.from(c).toString();
strictEqual(fromWeb, 'hello web');

// Writable.toWeb / fromWeb.
const sunk = [];
const sinkWritable = new Writable({ write(c, e, cb) { sunk.push(c.toString()); cb(); } });
const webWriter = Writable.toWeb(sinkWritable).getWriter();
await webWriter.write(new TextEncoder().encode('to '));
await webWriter.write('web');
await webWriter.close();
deepStrictEqual(sunk, ['to ', 'web']);
strictEqual(sinkWritable.writableFinished, true);
const webChunks = [];
const fromWebWritable = Writable.fromWeb(new WritableStream({ write(c) { webChunks.push(Buffer.from(c).toString()); } }));
await pipelinePromise(Readable.from([Buffer.from('x'), Buffer.from('y')]), fromWebWritable);
deepStrictEqual(webChunks, ['x', 'y']);

// Predicates and abort signals.
const pt = new PassThrough();
strictEqual(isReadable(pt), true);
strictEqual(isErrored(pt), false);
strictEqual(Readable.isDisturbed(pt), false);
pt.on('error', () => {});
pt.destroy(new Error('gone'));
strictEqual(isReadable(pt), false);
await tick();
strictEqual(isErrored(pt), true);
const read = Readable.from(['one']);
read.read();
strictEqual(Readable.isDisturbed(read), true);

const controller = new AbortController();
const guarded = addAbortSignal(controller.signal, new PassThrough());
const abortErr = new Promise((resolve) => guarded.on('error', resolve));
controller.abort();
const err = await abortErr;
strictEqual(err.name, 'AbortError');
strictEqual(err.code, 'ABORT_ERR');

// _writev gets the chunks written while corked, in one call.
const calls = [];
const batched = new Writable({
  writev(chunks, cb) { calls.push(chunks.map((c) => c.chunk.toString()).join('|')); cb(); },
});
let secondDone = false;
batched.cork();
batched.write('a');
batched.write('b', () => { secondDone = true; });
batched.uncork();
await tick();
deepStrictEqual(calls, ['a|b']);
strictEqual(secondDone, true);

// duplexPair: what one end writes, the other reads; a full end holds the writer back.
{
  const { duplexPair } = await import('node:stream');
  const [a, b] = duplexPair();
  const fromA = [];
  b.on('data', (c) => fromA.push(c.toString()));
  const bEnded = new Promise((resolve) => b.on('end', resolve));
  a.write('one');
  a.end('two');
  await bEnded;
  deepStrictEqual(fromA, ['one', 'two']);
  const fromB = [];
  a.on('data', (c) => fromB.push(c.toString()));
  const aEnded = new Promise((resolve) => a.on('end', resolve));
  b.end('reply');
  await aEnded;
  deepStrictEqual(fromB, ['reply']);
  const [c, d] = duplexPair({ highWaterMark: 4 });
  strictEqual(c.write('xxxx'), false);
  for (let i = 0; i < 9; i++) c.write('xxxx');
  c.end();
  let total = 0;
  d.on('data', (x) => { total += x.length; });
  await new Promise((resolve) => d.on('end', resolve));
  strictEqual(total, 40);
}

// iterator() with and without destroyOnReturn; readableDidRead, readableAborted; a writable's
// errored and writableAborted; wrap() of an old-style stream, paused while the buffer is full.
{
  const r = Readable.from(['a', 'b', 'c']);
  strictEqual(r.readableDidRead, false);
  for await (const x of r.iterator({ destroyOnReturn: false })) { strictEqual(x, 'a'); break; }
  strictEqual(r.destroyed, false);
  strictEqual(r.readableDidRead, true);
  for await (const x of r.iterator()) { strictEqual(x, 'b'); break; }
  strictEqual(r.destroyed, true);
  throws(() => r.iterator(5), { code: 'ERR_INVALID_ARG_TYPE' });
  const gone = new Readable({ read() {} });
  gone.destroy();
  strictEqual(gone.readableAborted, true);
  const failing = new Writable({ write(c, e, cb) { cb(new Error('boom')); } });
  failing.on('error', () => {});
  failing.write('x');
  await new Promise((resolve) => setTimeout(resolve, 10));
  strictEqual(failing.errored.message, 'boom');
  strictEqual(failing.writableAborted, true);
  const { EventEmitter } = await import('node:events');
  const old = new EventEmitter();
  let pauses = 0;
  old.pause = () => { pauses++; };
  old.resume = () => {};
  const wrapped = new Readable({ highWaterMark: 2, objectMode: true }).wrap(old);
  old.emit('data', 'one');
  old.emit('data', 'two');
  old.emit('data', 'three');
  const chunks = [];
  wrapped.on('data', (c) => chunks.push(String(c)));
  old.emit('end');
  await new Promise((resolve) => wrapped.on('end', resolve));
  deepStrictEqual(chunks, ['one', 'two', 'three']);
  strictEqual(pauses > 0, true);
}

console.log('stream helpers ok');
