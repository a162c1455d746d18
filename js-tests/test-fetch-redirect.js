// test-fetch-redirect.js: redirect chains against Node.js and Python servers: follow (method
// and body rules), manual, error, the limit of 20.
//
// @peer NODE: node js-tests/peers/http_echo_server.mjs
// @peer PY: python3 js-tests/peers/http_raw_server.py
// @requires: node python3
import assert from './harness/assert.js';

const base = `http://127.0.0.1:${process.env.PEER_NODE_PORT}`;
const py = `http://127.0.0.1:${process.env.PEER_PY_PORT}`;

// A chain of 5 redirects ends at /echo.
{
  const res = await fetch(`${base}/redirect/4`);
  assert.strictEqual(res.status, 200);
  assert.strictEqual(res.redirected, true);
  assert.strictEqual(res.url, `${base}/echo`);
  assert.strictEqual((await res.json()).method, 'GET');
}

// 301/302 turn POST into GET without a body; 307/308 keep method and body.
for (const [status, method, body] of [[301, 'GET', ''], [302, 'GET', ''], [307, 'POST', 'data'], [308, 'POST', 'data']]) {
  const res = await fetch(`${base}/redirect/1?status=${status}`, { method: 'POST', body: 'data' });
  const echo = await res.json();
  assert.strictEqual(echo.method, method, `after ${status}`);
  assert.strictEqual(echo.body, body, `after ${status}`);
  if (method === 'GET') assert.strictEqual(echo.headers['content-type'], undefined);
}

// 303 from Python's server: PUT becomes GET.
{
  const res = await fetch(`${py}/see-other`, { method: 'PUT', body: 'x' });
  const echo = await res.json();
  assert.strictEqual(echo.method, 'GET');
  assert.strictEqual(echo.body, '');
  assert.strictEqual(res.url, `${py}/echo`);
}

// Cross-origin redirect: Node's server sends us to Python's.
{
  const res = await fetch(`${base}/status/302?to=${encodeURIComponent(`${py}/echo`)}`, { headers: { authorization: 'secret' } });
  const echo = await res.json();
  assert.strictEqual(echo.headers.authorization, undefined);
  assert.strictEqual(echo.headers.host, `127.0.0.1:${process.env.PEER_PY_PORT}`);
}

// manual: the redirect itself is the answer.
{
  const res = await fetch(`${base}/redirect/3`, { redirect: 'manual' });
  assert.strictEqual(res.status, 302);
  assert.strictEqual(res.headers.get('location'), '/redirect/2?status=302');
  assert.strictEqual(res.redirected, false);
  assert.strictEqual(await res.text(), 'moved');
}

// error: a redirect rejects.
await assert.rejects(() => fetch(`${base}/redirect/1`, { redirect: 'error' }), (e) => {
  assert.ok(e instanceof TypeError);
  assert.strictEqual(e.message, 'fetch failed');
  assert.match(e.cause.message, /redirect/);
  return true;
});

// 20 redirects are followed, the 21st is refused (/redirect/K answers K + 1 redirects).
assert.strictEqual((await fetch(`${base}/redirect/19`)).status, 200);
await assert.rejects(() => fetch(`${base}/redirect/20`), (e) => {
  assert.strictEqual(e.message, 'fetch failed');
  assert.match(e.cause.message, /redirect count exceeded/);
  return true;
});

// A 3xx without Location is an ordinary response.
assert.strictEqual((await fetch(`${base}/status/301`)).status, 301);
print('done');
