// test-stream-compose.js: Duplex.from (async generator and async functions, { readable,
// writable } pairs, iterables, promises, web streams, Blobs) and stream.compose (generator
// stages and streams, zlib in the middle with backpressure, errors from any stage). The same
// file passes under Node.js.
import { Duplex, PassThrough, Readable, Writable, compose, pipeline } from 'node:stream';
import { pipeline as pipelinePromise } from 'node:stream/promises';
import zlib from 'node:zlib';
import assert from './harness/assert.js';

async function collect(readable) {
  const out = [];
  for await (const chunk of readable) out.push(chunk);
  return out;
}

function sink() {
  const got = [];
  const w = new Writable({ objectMode: true, write(chunk, encoding, cb) { got.push(chunk); cb(); } });
  w.got = got;
  return w;
}

// An async generator: what is written comes out transformed.
{
  const upper = Duplex.from(async function* (source) {
    for await (const chunk of source) yield String(chunk).toUpperCase();
  });
  assert.ok(upper instanceof Duplex);
  upper.write('ab');
  upper.end('cd');
  assert.deepStrictEqual(await collect(upper), ['AB', 'CD']);
}

// An async function: a writable-only Duplex that finishes once the function is done.
{
  const seen = [];
  let finishedAfterBody = false;
  let bodyDone = false;
  const w = Duplex.from(async (source) => {
    for await (const chunk of source) seen.push(String(chunk));
    await new Promise((resolve) => setTimeout(resolve, 10));
    bodyDone = true;
  });
  await new Promise((resolve) => {
    w.on('finish', () => { finishedAfterBody = bodyDone; resolve(); });
    w.write('one');
    w.end('two');
  });
  assert.deepStrictEqual(seen, ['one', 'two']);
  assert.ok(finishedAfterBody, "'finish' comes after the function's promise");
}

// A { readable, writable } pair, iterables, a promise, a ReadableStream, a Blob.
{
  const a = new PassThrough();
  const b = new PassThrough();
  const pair = Duplex.from({ writable: a, readable: b });
  a.pipe(b);
  pair.end('through the pair');
  assert.strictEqual(Buffer.concat(await collect(pair)).toString(), 'through the pair');
  assert.deepStrictEqual(await collect(Duplex.from([1, 2, 3])), [1, 2, 3]);
  assert.deepStrictEqual(await collect(Duplex.from(Promise.resolve('later'))), ['later']);
  const web = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('web')); c.close(); } });
  assert.strictEqual(Buffer.concat(await collect(Duplex.from(web))).toString(), 'web');
  // (Node hands a Blob's bytes out as ArrayBuffers, this runtime as Uint8Arrays.)
  const blobChunks = await collect(Duplex.from(new Blob(['blob ', 'parts'])));
  assert.strictEqual(Buffer.concat(blobChunks.map((c) => Buffer.from(c))).toString(), 'blob parts');
  const d = new PassThrough();
  assert.strictEqual(Duplex.from(d), d);
  assert.throws(() => Duplex.from(42), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => Duplex.from(() => 42), { code: 'ERR_INVALID_RETURN_VALUE' });
}

// compose: generator stages between streams, in a pipeline.
{
  const composed = compose(
    async function* (source) { for await (const c of source) yield String(c).toUpperCase(); },
    async function* (source) { for await (const c of source) yield `${c}!`; },
  );
  const out = sink();
  await pipelinePromise(Readable.from(['x', 'y', 'z']), composed, out);
  assert.deepStrictEqual(out.got, ['X!', 'Y!', 'Z!']);
}

// compose of zlib streams: 1 MB through gzip and gunzip, with backpressure.
{
  const big = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 7 + (i >> 10)) & 255));
  const roundTrip = compose(zlib.createGzip(), new PassThrough({ highWaterMark: 1024 }), zlib.createGunzip());
  const chunks = [];
  await pipelinePromise(
    Readable.from((function* pieces() { for (let i = 0; i < big.length; i += 65536) yield big.subarray(i, i + 65536); })()),
    roundTrip,
    new Writable({ write(chunk, encoding, cb) { chunks.push(chunk); setTimeout(cb, 0); } }),
  );
  assert.ok(Buffer.concat(chunks).equals(big), 'the round trip gives back what went in');
}

// An error in any stage destroys the composed stream with it.
{
  const failing = compose(
    new PassThrough({ objectMode: true }),
    async function* (source) {
      for await (const c of source) {
        if (c === 'bad') throw new Error('stage failed');
        yield c;
      }
    },
  );
  const err = await new Promise((resolve) => {
    pipeline(Readable.from(['good', 'bad', 'never']), failing, sink(), resolve);
  });
  assert.ok(err instanceof Error);
  assert.strictEqual(err.message, 'stage failed');
  assert.ok(failing.destroyed);
  assert.throws(() => compose(), { code: 'ERR_MISSING_ARGS' });
}
console.log('ok');
