// test-fetch-methods.js: fetch against a Node.js http server: every common method, request
// headers and bodies as the server saw them, response fields, keep-alive reuse.
//
// @peer NODE: node js-tests/peers/http_echo_server.mjs
// @requires: node
import assert from './harness/assert.js';

const base = `http://127.0.0.1:${process.env.PEER_NODE_PORT}`;

// GET with a query: defaults for Host (with port), Accept and User-Agent.
{
  const res = await fetch(`${base}/echo?a=1&b=two`);
  assert.strictEqual(res.status, 200);
  assert.strictEqual(res.ok, true);
  assert.strictEqual(res.statusText, 'OK');
  assert.strictEqual(res.type, 'basic');
  assert.strictEqual(res.redirected, false);
  assert.strictEqual(res.url, `${base}/echo?a=1&b=two`);
  assert.strictEqual(res.headers.get('Content-Type'), 'application/json');
  assert.strictEqual(res.bodyUsed, false);
  const echo = await res.json();
  assert.strictEqual(res.bodyUsed, true);
  assert.strictEqual(echo.method, 'GET');
  assert.strictEqual(echo.url, '/echo?a=1&b=two');
  assert.strictEqual(echo.headers.host, `127.0.0.1:${process.env.PEER_NODE_PORT}`);
  assert.strictEqual(echo.headers.accept, '*/*');
  assert.strictEqual(echo.headers['user-agent'], 'wasmedge_quickjs');
  assert.strictEqual(echo.headers['content-length'], undefined);
  await assert.rejects(() => res.text(), TypeError);
}

// Bodies and headers for each method; method names normalised as Fetch says ('patch' is not
// in its list and stays lower case, which Node's server would refuse: see test-fetch-classes).
for (const [given, sent] of [['post', 'POST'], ['put', 'PUT'], ['delete', 'DELETE'], ['PATCH', 'PATCH'], ['options', 'OPTIONS']]) {
  const body = `body for ${given}`;
  const res = await fetch(`${base}/echo`, { method: given, body, headers: { 'X-Custom': `v-${given}`, 'x-list': 'a' } });
  const echo = await res.json();
  assert.strictEqual(echo.method, sent);
  assert.strictEqual(echo.body, body);
  assert.strictEqual(echo.headers['content-length'], String(body.length));
  assert.strictEqual(echo.headers['content-type'], 'text/plain;charset=UTF-8');
  assert.strictEqual(echo.headers['x-custom'], `v-${given}`);
}

// HEAD: headers only, no body even though the server announces a length.
{
  const res = await fetch(`${base}/echo`, { method: 'head' });
  assert.strictEqual(res.status, 200);
  assert.strictEqual(res.body, null);
  assert.strictEqual(await res.text(), '');
}

// Headers from an array of pairs and from a Headers; JSON body with its own content type.
{
  const h = new Headers([['X-One', '1'], ['x-one', '2']]);
  h.append('Content-Type', 'application/json');
  const res = await fetch(new Request(`${base}/echo`, { method: 'PUT', headers: h, body: JSON.stringify({ k: 'v' }) }));
  const echo = await res.json();
  assert.strictEqual(echo.headers['x-one'], '1, 2');
  assert.strictEqual(echo.headers['content-type'], 'application/json');
  assert.deepStrictEqual(JSON.parse(echo.body), { k: 'v' });
}

// Binary bodies: ArrayBuffer, typed arrays, DataView; URLSearchParams with its content type.
{
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  for (const body of [bytes.buffer, bytes, new Uint16Array(bytes.buffer.slice(0, 4)), new DataView(bytes.buffer)]) {
    const echo = await (await fetch(`${base}/echo`, { method: 'POST', body })).json();
    assert.strictEqual(echo.length, body.byteLength);
    assert.strictEqual(echo.headers['content-type'], undefined);
  }
  const form = new URLSearchParams({ name: 'a b', x: 'é&' });
  const echo = await (await fetch(`${base}/echo`, { method: 'POST', body: form })).json();
  assert.strictEqual(echo.body, 'name=a+b&x=%C3%A9%26');
  assert.strictEqual(echo.headers['content-type'], 'application/x-www-form-urlencoded;charset=UTF-8');
}

// Streamed request bodies go out chunked.
{
  async function* parts() { yield 'one,'; yield new TextEncoder().encode('two,'); yield 'three'; }
  let echo = await (await fetch(`${base}/echo`, { method: 'POST', body: parts(), duplex: 'half' })).json();
  assert.strictEqual(echo.body, 'one,two,three');
  assert.strictEqual(echo.headers['transfer-encoding'], 'chunked');
  const stream = new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode('from ')); c.enqueue(new TextEncoder().encode('a stream')); c.close(); },
  });
  echo = await (await fetch(`${base}/echo`, { method: 'POST', body: stream, duplex: 'half' })).json();
  assert.strictEqual(echo.body, 'from a stream');
  assert.throws(() => new Request(base, { method: 'POST', body: parts() }), TypeError);
}

// Keep-alive: sequential requests reuse one connection; Connection: close is honoured.
{
  const ports = new Set();
  for (let i = 0; i < 5; i++) ports.add((await (await fetch(`${base}/echo`)).json()).remotePort);
  assert.strictEqual(ports.size, 1);
  const a = (await (await fetch(`${base}/close`)).json()).remotePort;
  const b = (await (await fetch(`${base}/echo`)).json()).remotePort;
  assert.notStrictEqual(a, b);
}

// Repeated response fields: combined by get(), separate in getSetCookie().
{
  const res = await fetch(`${base}/cookies`);
  assert.deepStrictEqual(res.headers.getSetCookie(), ['a=1; Path=/', 'b=2']);
  assert.strictEqual(res.headers.get('x-multi'), 'one, two');
  assert.throws(() => res.headers.set('x', 'y'), TypeError);
  assert.strictEqual(await res.text(), 'cookies');
}

// 204 and custom reason phrases; 404 is not ok but not an error.
{
  const res = await fetch(`${base}/status/204`);
  assert.strictEqual(res.status, 204);
  assert.strictEqual(res.statusText, 'Custom Reason');
  assert.strictEqual(res.body, null);
  const missing = await fetch(`${base}/nope`);
  assert.strictEqual(missing.status, 404);
  assert.strictEqual(missing.ok, false);
  assert.strictEqual(await missing.text(), 'not found');
}
print('done');
