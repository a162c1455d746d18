// test-fetch-python.js: responses framed every way, from Python's http.server: close-delimited
// (HTTP/1.0), hand-written chunked, 304, HEAD, and broken answers.
//
// @peer PY: python3 js-tests/peers/http_raw_server.py
// @requires: python3
import assert from './harness/assert.js';

const py = `http://127.0.0.1:${process.env.PEER_PY_PORT}`;

// Close-delimited: no Content-Length, HTTP/1.0, the body ends with the connection.
for (const n of [0, 1000, 300000]) {
  const res = await fetch(`${py}/close-delimited?n=${n}`);
  assert.strictEqual(res.headers.get('content-length'), null);
  const body = new Uint8Array(await res.arrayBuffer());
  assert.strictEqual(body.length, n);
  for (let i = 0; i < n; i += 997) assert.strictEqual(body[i], i % 251);
}

{
  const res = await fetch(`${py}/chunked`);
  assert.strictEqual(res.headers.get('transfer-encoding'), 'chunked');
  assert.strictEqual(await res.text(), 'hello, chunked world');
}

{
  const res = await fetch(`${py}/not-modified`);
  assert.strictEqual(res.status, 304);
  assert.strictEqual(res.body, null);
}

for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
  const body = method === 'GET' ? undefined : `${method} body`;
  const echo = await (await fetch(`${py}/echo`, { method, body, headers: { 'x-test': method } })).json();
  assert.strictEqual(echo.method, method);
  assert.strictEqual(echo.body, body ?? '');
  assert.strictEqual(echo.headers['x-test'], method);
}
{
  const res = await fetch(`${py}/echo`, { method: 'HEAD' });
  assert.strictEqual(res.status, 200);
  assert.ok(Number(res.headers.get('content-length')) > 0);
  assert.strictEqual(await res.text(), '');
}

// A status line that is not HTTP, and a connection closed without an answer.
await assert.rejects(() => fetch(`${py}/malformed`), (e) => {
  assert.ok(e instanceof TypeError);
  assert.strictEqual(e.message, 'fetch failed');
  assert.match(e.cause.code, /^HPE_/);
  return true;
});
await assert.rejects(() => fetch(`${py}/reset`), (e) => {
  assert.strictEqual(e.message, 'fetch failed');
  assert.strictEqual(e.cause.code, 'ECONNRESET');
  return true;
});
print('done');
