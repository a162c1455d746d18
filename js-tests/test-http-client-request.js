// test-http-client-request.js: node:http's client (request, get, ClientRequest, Agent) against
// a Node.js http server: methods, headers, bodies whole and streamed, events, errors, timeouts.
//
// @peer NODE: node js-tests/peers/http_echo_server.mjs
// @requires: node
import assert from './harness/assert.js';
import { mustCall, mustNotCall } from './harness/common.js';
import http, { request, get, Agent, ClientRequest, globalAgent } from 'node:http';

const port = Number(process.env.PEER_NODE_PORT);
const base = `http://127.0.0.1:${port}`;

function collect(res) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

function send(options, body) {
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => collect(res).then((b) => resolve([res, b]), reject));
    req.on('error', reject);
    req.end(body);
  });
}

// get with a URL: status, headers, rawHeaders, Buffers for data.
{
  const [res, body] = await new Promise((resolve) => {
    const req = get(`${base}/echo?x=1`, (r) => collect(r).then((b) => resolve([r, b])));
    assert.ok(req instanceof ClientRequest);
  });
  assert.strictEqual(res.statusCode, 200);
  assert.strictEqual(res.statusMessage, 'OK');
  assert.strictEqual(res.headers['content-type'], 'application/json');
  assert.strictEqual(res.httpVersion, '1.1');
  assert.ok(res.rawHeaders.includes('x-echo'));
  const echo = JSON.parse(body.toString());
  assert.strictEqual(echo.url, '/echo?x=1');
  assert.strictEqual(echo.headers.host, `127.0.0.1:${port}`);
}

// Methods with bodies and headers, options form.
for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
  const [res, body] = await send({ host: '127.0.0.1', port, path: '/echo', method, headers: { 'X-Mine': method } }, `${method} data`);
  const echo = JSON.parse(body);
  assert.strictEqual(res.statusCode, 200);
  assert.strictEqual(echo.method, method);
  assert.strictEqual(echo.body, `${method} data`);
  assert.strictEqual(echo.headers['x-mine'], method);
  assert.strictEqual(echo.headers['content-length'], String(`${method} data`.length));
}

// HEAD and 204: no body, 'end' still comes.
{
  const [res, body] = await send({ port, host: '127.0.0.1', path: '/echo', method: 'HEAD' });
  assert.strictEqual(res.statusCode, 200);
  assert.strictEqual(body.length, 0);
  const [r204] = await send(`${base}/status/204`);
  assert.strictEqual(r204.statusCode, 204);
  assert.strictEqual(r204.statusMessage, 'Custom Reason');
}

// Streamed body (write then end): chunked; setHeader/getHeader/removeHeader; events in order.
{
  const events = [];
  const done = new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', path: '/echo', method: 'POST' });
    req.setHeader('X-Remove', 'x');
    req.setHeader('X-Keep', ['a', 'b']);
    assert.deepStrictEqual(req.getHeader('x-keep'), ['a', 'b']);
    req.removeHeader('x-remove');
    assert.strictEqual(req.hasHeader('X-Remove'), false);
    req.on('finish', () => events.push('finish'));
    req.on('close', () => { events.push('close'); resolve(); });
    req.on('response', mustCall(async (res) => {
      events.push('response');
      res.setEncoding('utf8');
      let text = '';
      for await (const c of res) text += c;
      const echo = JSON.parse(text);
      assert.strictEqual(echo.body, 'one,two,three');
      assert.strictEqual(echo.headers['transfer-encoding'], 'chunked');
      assert.strictEqual(echo.headers['x-keep'], 'a, b');
      assert.strictEqual(echo.headers['x-remove'], undefined);
    }));
    req.write('one,');
    req.write(Buffer.from('two,'));
    assert.throws(() => req.setHeader('late', '1'), { code: 'ERR_HTTP_HEADERS_SENT' });
    req.end('three');
  });
  await done;
  assert.deepStrictEqual(events, ['finish', 'response', 'close']);
}

// A 1 MiB body paused and resumed.
{
  const res = await new Promise((resolve) => get(`${base}/bytes?n=1048576`, resolve));
  let total = 0;
  let paused = false;
  await new Promise((resolve) => {
    res.on('data', (c) => {
      total += c.length;
      if (!paused) {
        paused = true;
        res.pause();
        setTimeout(() => res.resume(), 20);
      }
    });
    res.on('end', resolve);
  });
  assert.strictEqual(total, 1048576);
}

// Agents: the global one keeps connections alive; keepAlive: false closes them.
{
  assert.ok(globalAgent instanceof Agent);
  const one = JSON.parse((await send(`${base}/echo`))[1]).remotePort;
  const two = JSON.parse((await send(`${base}/echo`))[1]).remotePort;
  assert.strictEqual(one, two);
  const agent = new Agent({ keepAlive: false });
  const echo = JSON.parse((await send({ port, host: '127.0.0.1', path: '/echo', agent }))[1]);
  assert.strictEqual(echo.headers.connection, 'close');
}

// Errors: refused, hang up on destroy, bad arguments, https, timeout.
{
  const err = await new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: 1 });
    req.on('error', resolve);
    req.on('response', mustNotCall());
    req.end();
  });
  assert.strictEqual(err.code, 'ECONNREFUSED');
  assert.strictEqual(err.syscall, 'connect');

  const hangup = await new Promise((resolve) => {
    const req = request(`${base}/slow?ms=3000`);
    req.on('error', resolve);
    req.end();
    setTimeout(() => req.destroy(), 20);
  });
  assert.strictEqual(hangup.code, 'ECONNRESET');

  assert.throws(() => request({ port, method: 'BAD METHOD' }), { code: 'ERR_INVALID_HTTP_TOKEN' });
  assert.throws(() => request({ port, headers: { 'bad name': 'x' } }), { code: 'ERR_INVALID_HTTP_TOKEN' });
  assert.throws(() => request({ port, headers: { 'x-a': 'a\nb' } }), { code: 'ERR_INVALID_CHAR' });
  assert.throws(() => request('https://127.0.0.1/'), { code: 'ERR_INVALID_PROTOCOL' });

  const timedOut = await new Promise((resolve) => {
    const req = request(`${base}/slow?ms=3000`);
    req.setTimeout(100, mustCall(() => { req.destroy(); resolve(true); }));
    req.on('error', () => {});
    req.end();
  });
  assert.strictEqual(timedOut, true);
}

// A request is a stream that stream.pipeline writes into (an upload piped in), and an
// OutgoingMessage, as in Node.
{
  const { pipeline, Readable, Stream } = await import('node:stream');
  let res;
  const req = request({ host: '127.0.0.1', port, path: '/echo', method: 'POST' }, (r) => { res = collect(r); });
  assert.ok(req instanceof Stream && req instanceof http.OutgoingMessage);
  const err = await new Promise((resolve) => pipeline(Readable.from(['piped ', 'in ', 'pieces']), req, resolve));
  assert.ok(!err, `pipeline: ${err}`);
  while (!res) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.strictEqual(JSON.parse(await res).body, 'piped in pieces');
}

// Backpressure on a request body: a 16 MiB upload piped in runs at most a few MiB ahead of
// what the server has read (it queued the whole body before), and 'drain' comes.
{
  const { pipeline, Readable } = await import('node:stream');
  let received = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (d) => { received += d.length; });
    req.on('end', () => res.end(String(received)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const total = 16 << 20;
  let produced = 0;
  let ahead = 0;
  const source = new Readable({
    read() {
      if (produced >= total) { this.push(null); return; }
      produced += 65536;
      ahead = Math.max(ahead, produced - received);
      this.push(Buffer.alloc(65536, 7));
    },
  });
  let drains = 0;
  const answer = await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.address().port, method: 'POST' }, (res) => collect(res).then(resolve, reject));
    req.on('drain', () => { drains++; });
    pipeline(source, req, (err) => { if (err) reject(err); });
  });
  server.close();
  assert.strictEqual(Number(answer), total);
  assert.ok(ahead < 8 << 20, `the upload ran ${ahead} bytes ahead of the server`);
  assert.ok(drains > 0);
}

assert.strictEqual(typeof http.request, 'function');
assert.strictEqual(http.get, get);
print('done');
