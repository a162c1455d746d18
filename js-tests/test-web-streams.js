// test-web-streams.js: the WHATWG streams beyond ReadableStream, as fetch users meet them:
// pipeThrough(new TextDecoderStream()) over a streamed HTTP response (the way server-sent
// events and streamed API answers are read), TransformStream, WritableStream with its writer's
// backpressure and errors, pipeTo's error propagation and abort signal, TextEncoderStream,
// CompressionStream/DecompressionStream, and node:stream/web. The same file passes under Node.js.

import assert from 'node:assert';
import http from 'node:http';
import * as web from 'node:stream/web';

const { strictEqual, deepStrictEqual, rejects, throws } = assert;

// A streamed HTTP response, decoded as text while it arrives (a multibyte character is split
// across two writes).
const euro = Buffer.from('€');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write('data: one\n\n');
  setTimeout(() => res.write(Buffer.concat([Buffer.from('data: 2 '), euro.subarray(0, 1)])), 5);
  setTimeout(() => res.end(Buffer.concat([euro.subarray(1), Buffer.from('\n\n')])), 10);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const response = await fetch(`http://127.0.0.1:${server.address().port}/events`);
const pieces = [];
for await (const text of response.body.pipeThrough(new TextDecoderStream())) pieces.push(text);
strictEqual(pieces.join(''), 'data: one\n\ndata: 2 €\n\n');
strictEqual(pieces.length >= 2, true);
server.close();

// A split multibyte character in a ReadableStream of bytes.
const bytes = new TextEncoder().encode('héllo wörld');
const source = new ReadableStream({
  start(c) { c.enqueue(bytes.slice(0, 2)); c.enqueue(bytes.slice(2, 9)); c.enqueue(bytes.slice(9)); c.close(); },
});
let decoded = '';
for await (const s of source.pipeThrough(new TextDecoderStream())) decoded += s;
strictEqual(decoded, 'héllo wörld');

// TransformStream (transform and flush) piped into a WritableStream.
const chunks = [];
await new ReadableStream({ start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); } })
  .pipeThrough(new TransformStream({
    transform(chunk, c) { c.enqueue(chunk.toUpperCase()); c.enqueue('-'); },
    flush(c) { c.enqueue('END'); },
  }))
  .pipeTo(new WritableStream({ write(chunk) { chunks.push(chunk); }, close() { chunks.push('closed'); } }));
strictEqual(chunks.join(''), 'A-B-ENDclosed');

// An identity TransformStream written before anyone reads.
const identity = new TransformStream();
const identityWriter = identity.writable.getWriter();
identityWriter.write('p');
identityWriter.write('q');
identityWriter.close();
const through = [];
for await (const c of identity.readable) through.push(c);
deepStrictEqual(through, ['p', 'q']);

// The writer's backpressure follows the queuing strategy.
const slowSink = new WritableStream({ write() { return new Promise((resolve) => setTimeout(resolve, 2)); } },
  new CountQueuingStrategy({ highWaterMark: 2 }));
const writer = slowSink.getWriter();
strictEqual(slowSink.locked, true);
strictEqual(writer.desiredSize, 2);
writer.write(1);
writer.write(2);
strictEqual(writer.desiredSize, 0);
await writer.ready;
strictEqual(writer.desiredSize > 0, true);
await writer.close();
strictEqual(await writer.closed, undefined);
throws(() => slowSink.getWriter(), TypeError);
writer.releaseLock();
strictEqual(slowSink.locked, false);
strictEqual(new ByteLengthQueuingStrategy({ highWaterMark: 16 }).size(new Uint8Array(5)), 5);

// A sink that fails rejects the write and the writer's closed promise.
const failing = new WritableStream({ write() { throw new Error('sink failed'); } }).getWriter();
await rejects(failing.write('x'), { message: 'sink failed' });
await rejects(failing.closed, { message: 'sink failed' });

// pipeTo: a source error aborts the destination; an abort signal stops the pipe.
let abortedWith;
await rejects(
  new ReadableStream({ pull(c) { c.error(new Error('source broke')); } })
    .pipeTo(new WritableStream({ abort(reason) { abortedWith = reason.message; } })),
  { message: 'source broke' },
);
strictEqual(abortedWith, 'source broke');
const controller = new AbortController();
let timer;
const endless = new ReadableStream({
  pull(c) { return new Promise((resolve) => { timer = setTimeout(() => { c.enqueue('x'); resolve(); }, 2); }); },
  cancel() { clearTimeout(timer); },
});
setTimeout(() => controller.abort(new Error('stop now')), 10);
await rejects(endless.pipeTo(new WritableStream(), { signal: controller.signal }), { message: 'stop now' });

// TextEncoderStream keeps a surrogate pair split across chunks whole.
const emoji = '\u{1F600}';
const encoded = new ReadableStream({
  start(c) { c.enqueue(`hi ${emoji[0]}`); c.enqueue(emoji[1]); c.close(); },
}).pipeThrough(new TextEncoderStream());
const encodedParts = [];
for await (const b of encoded) encodedParts.push(...b);
strictEqual(Buffer.from(encodedParts).toString(), `hi ${emoji}`);

// Compression round trips, and a format that does not exist.
for (const format of ['gzip', 'deflate', 'deflate-raw']) {
  const packed = await new Response(new Blob(['hello hello hello hello']).stream()
    .pipeThrough(new CompressionStream(format))).arrayBuffer();
  if (format === 'gzip') deepStrictEqual([...new Uint8Array(packed).subarray(0, 2)], [0x1f, 0x8b]);
  const unpacked = await new Response(new Response(packed).body.pipeThrough(new DecompressionStream(format))).text();
  strictEqual(unpacked, 'hello hello hello hello');
}
throws(() => new CompressionStream('brotli'), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });

// node:stream/web hands out the same classes as the globals.
strictEqual(web.WritableStream, WritableStream);
strictEqual(web.TransformStream, TransformStream);
strictEqual(web.ReadableStream, ReadableStream);
strictEqual(web.TextDecoderStream, TextDecoderStream);
strictEqual(Object.prototype.toString.call(new TransformStream()), '[object TransformStream]');
// The reader and controller classes, exported and global as in Node.
{
  let controller;
  const rs = new ReadableStream({ start(c) { controller = c; c.enqueue('x'); c.close(); } });
  assert.ok(controller instanceof web.ReadableStreamDefaultController);
  const reader = new web.ReadableStreamDefaultReader(rs);
  assert.ok(reader instanceof ReadableStreamDefaultReader);
  strictEqual((await reader.read()).value, 'x');
  assert.throws(() => new web.ReadableStreamDefaultController(), TypeError);
}

console.log('web streams ok');
