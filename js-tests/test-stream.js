// test-stream.js: node:stream's Readable where it follows Node.js in ways programs rely on:
// read() hands a chunk out and emits it as 'data' too; addListener('data') starts the flow as
// on('data') does; a stream iterated to its end with for-await is destroyed ('close'). The
// same file passes under Node.js.

import { Readable } from 'node:stream';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

function source(chunks) {
  const r = new Readable({ read() {} });
  for (const c of chunks) r.push(c);
  r.push(null);
  return r;
}

// read() emits what it returns.
{
  const r = source(['ab', 'cd']);
  const seen = [];
  r.on('data', (c) => seen.push(`data:${c}`));
  r.pause();
  r.once('readable', mustCall(() => {
    const c = r.read();
    seen.push(`read:${c}`);
    assert.deepStrictEqual(seen, ['data:abcd', 'read:abcd']);
  }));
}

// addListener('data') flows like on('data').
{
  const r = source(['x', 'y']);
  let text = '';
  r.addListener('data', (c) => { text += c; });
  r.on('end', mustCall(() => assert.strictEqual(text, 'xy')));
  assert.strictEqual(Readable.prototype.addListener, Readable.prototype.on);
}

// for await destroys the stream once done.
{
  const r = source(['1', '2', '3']);
  r.on('close', mustCall(() => assert.strictEqual(r.destroyed, true)));
  (async () => {
    let text = '';
    for await (const c of r) text += c;
    assert.strictEqual(text, '123');
    assert.strictEqual(r.destroyed, true);
  })().then(mustCall());
}
