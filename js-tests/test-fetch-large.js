// test-fetch-large.js: large response bodies from a Node.js server: 1 MiB whole, 64 MiB read
// as a stream in bounded memory, chunked bodies, and 100 requests in flight at once.
//
// @peer NODE: node js-tests/peers/http_echo_server.mjs
// @requires: node
// @timeout: 120
import assert from './harness/assert.js';

const base = `http://127.0.0.1:${process.env.PEER_NODE_PORT}`;

function checkPattern(bytes, offset) {
  for (let i = 0; i < bytes.length; i += 4093) {
    if (bytes[i] !== (offset + i) % 251) throw new Error(`byte ${offset + i} is ${bytes[i]}`);
  }
}

// 1 MiB with Content-Length, and chunked.
for (const path of ['bytes', 'chunked']) {
  const res = await fetch(`${base}/${path}?n=1048576`);
  const body = new Uint8Array(await res.arrayBuffer());
  assert.strictEqual(body.length, 1048576);
  checkPattern(body, 0);
}

// 64 MiB, read chunk by chunk with a reader: memory must not grow with the body.
{
  const size = 64 * 1024 * 1024;
  const before = process.memoryUsage().rss;
  const res = await fetch(`${base}/bytes?n=${size}`);
  assert.strictEqual(res.headers.get('content-length'), String(size));
  const reader = res.body.getReader();
  let total = 0;
  let chunks = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    assert.ok(value instanceof Uint8Array);
    checkPattern(value, total);
    total += value.length;
    chunks++;
  }
  const growth = process.memoryUsage().rss - before;
  assert.strictEqual(total, size);
  assert.ok(chunks > 16, `${chunks} chunks`);
  assert.ok(growth < 16 * 1024 * 1024, `rss grew by ${growth} bytes while streaming 64 MiB`);
}

// The same through async iteration of a chunked body.
{
  const res = await fetch(`${base}/chunked?n=${8 * 1024 * 1024}`);
  let total = 0;
  for await (const chunk of res.body) { checkPattern(chunk, total); total += chunk.length; }
  assert.strictEqual(total, 8 * 1024 * 1024);
}

// 100 requests in flight at once, small and 64 KiB bodies mixed.
{
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: 100 }, async (_, i) => {
    const n = i % 2 ? 65536 : 10 + i;
    const res = await fetch(`${base}/bytes?n=${n}`);
    const body = new Uint8Array(await res.arrayBuffer());
    checkPattern(body, 0);
    return body.length === n;
  }));
  assert.strictEqual(results.filter(Boolean).length, 100);
  assert.ok(Date.now() - started < 30000);
}
print('done');
