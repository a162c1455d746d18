// test-fetch-errors.js: failures reject with TypeError('fetch failed') and Node's code in the
// cause (https: too); aborts reject with the signal's reason and close the request.
//
// @peer NODE: node js-tests/peers/http_echo_server.mjs
// @requires: node
import assert from './harness/assert.js';
import net from 'wasi_net';

const base = `http://127.0.0.1:${process.env.PEER_NODE_PORT}`;

// A refused port: listen, note the port, close, then connect to it.
{
  const server = new net.WasiTcpServer(0, '127.0.0.1');
  const port = server.port;
  server.close();
  await assert.rejects(() => fetch(`http://127.0.0.1:${port}/`), (e) => {
    assert.ok(e instanceof TypeError);
    assert.strictEqual(e.message, 'fetch failed');
    assert.strictEqual(e.cause.code, 'ECONNREFUSED');
    return true;
  });
}

// No such host.
await assert.rejects(() => fetch('http://no-such-host.invalid/'), (e) => {
  assert.strictEqual(e.message, 'fetch failed');
  assert.strictEqual(e.cause.code, 'ENOTFOUND');
  return true;
});

// https: a refused connection fails the same way before any TLS.
await assert.rejects(() => fetch('https://127.0.0.1:1/'), (e) => {
  assert.ok(e instanceof TypeError);
  assert.strictEqual(e.message, 'fetch failed');
  assert.strictEqual(e.cause.code, 'ECONNREFUSED');
  return true;
});

// Bad arguments.
await assert.rejects(() => fetch('not a url'), TypeError);
await assert.rejects(() => fetch(`${base}/echo`, { method: 'GET', body: 'x' }), TypeError);
await assert.rejects(() => fetch(`${base}/echo`, { headers: { 'bad name': 'x' } }), TypeError);

// A slow server and AbortSignal.timeout: TimeoutError, in about the time given.
{
  const started = Date.now();
  await assert.rejects(() => fetch(`${base}/slow?ms=5000`, { signal: AbortSignal.timeout(200) }), (e) => {
    assert.ok(e instanceof DOMException);
    assert.strictEqual(e.name, 'TimeoutError');
    return true;
  });
  const took = Date.now() - started;
  assert.ok(took >= 150 && took < 2000, `took ${took} ms`);
}

// AbortController: before the start, during the wait, and while the body streams.
{
  const c = new AbortController();
  c.abort();
  await assert.rejects(() => fetch(`${base}/echo`, { signal: c.signal }), (e) => e.name === 'AbortError');

  const c2 = new AbortController();
  const pending = fetch(`${base}/slow?ms=5000`, { signal: c2.signal });
  setTimeout(() => c2.abort(new Error('custom reason')), 50);
  await assert.rejects(() => pending, /custom reason/);

  const c3 = new AbortController();
  const res = await fetch(`${base}/bytes?n=${32 * 1024 * 1024}`, { signal: c3.signal });
  const reader = res.body.getReader();
  await reader.read();
  c3.abort();
  await assert.rejects(async () => { for (;;) { if ((await reader.read()).done) break; } }, (e) => e.name === 'AbortError');
}

// The pool still works after all that.
assert.strictEqual((await (await fetch(`${base}/echo`)).json()).method, 'GET');
print('done');
