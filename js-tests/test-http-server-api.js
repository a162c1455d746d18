// test-http-server-api.js: node:http's server API checked in-process, with wasi_net as the
// client: argument errors with Node's codes, header methods, writeHead forms (fields merged
// after setHeader, sent as given without), write/end
// callbacks and events, a request nobody reads (ended and destroyed after the response) and one
// with listeners, a handler that awaits a timer, 'checkContinue', 'clientError' handing
// over the socket, EADDRINUSE, address(), close() ending idle keep-alive connections,
// IncomingMessage and ServerResponse subclasses given to createServer.
//
// @timeout: 30

import http from 'node:http';
import { WasiTcpConn } from 'node:wasi_net';
import assert from './harness/assert.js';
import { mustCall, mustNotCall } from './harness/common.js';

/// Sends raw bytes and reads until the server closes or `until` matches what arrived.
async function exchange(port, bytes, until) {
  const conn = await WasiTcpConn.connect('127.0.0.1', port);
  await conn.write(bytes);
  let text = '';
  for (;;) {
    const buf = await conn.read();
    if (buf === undefined) break;
    text += new TextDecoder().decode(buf);
    if (until && until.test(text)) break;
  }
  conn.close();
  return text;
}

const get = (path, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

const server = http.createServer(async (req, res) => {
  switch (req.url) {
    case '/headers': {
      assert.ok(req instanceof http.IncomingMessage);
      assert.ok(res instanceof http.ServerResponse);
      assert.equal(res.constructor, http.ServerResponse);
      assert.equal(typeof res.pipe, 'function'); // a Stream
      assert.throws(() => res.setHeader('bad name', 'x'), { code: 'ERR_INVALID_HTTP_TOKEN', name: 'TypeError' });
      assert.throws(() => res.setHeader('x-a', 'a\nb'), { code: 'ERR_INVALID_CHAR', name: 'TypeError' });
      assert.throws(() => res.setHeader('x-a'), { code: 'ERR_HTTP_INVALID_HEADER_VALUE' });
      // Node's rule for values: tab, printable ASCII and U+0080..U+00FF; nothing else.
      for (const ok of ['text/plain', 'a\tb', 'caf\u00e9', '\u00ff', '', '\u00e9'.repeat(100)]) {
        http.validateHeaderValue('x-a', ok);
      }
      for (const bad of ['\u0100', 'x\ry', 'nul\0', 'del\x7f', 'esc\x1b', '\ud800', 'ok\ud83d\ude00', 'a\u2028']) {
        assert.throws(() => http.validateHeaderValue('x-a', bad), { code: 'ERR_INVALID_CHAR', name: 'TypeError' });
        assert.throws(() => res.setHeader('x-a', bad), { code: 'ERR_INVALID_CHAR' });
      }
      assert.throws(() => res.writeHead(1000), { code: 'ERR_HTTP_INVALID_STATUS_CODE', name: 'RangeError' });
      assert.throws(() => res.write(42), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
      res.setHeader('X-One', '1');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.appendHeader('x-one', '2');
      assert.deepStrictEqual(res.getHeader('x-one'), ['1', '2']);
      assert.ok(res.hasHeader('SET-COOKIE'));
      assert.deepStrictEqual(res.getHeaderNames(), ['x-one', 'set-cookie']);
      res.setHeader('X-Gone', 'x');
      res.removeHeader('x-gone');
      assert.equal(res.getHeader('x-gone'), undefined);
      assert.equal(res.headersSent, false);
      assert.equal(res.finished, false);
      res.writeHead(202, 'Taken', { 'X-Two': 2 });
      assert.equal(res.headersSent, true);
      assert.throws(() => res.setHeader('x-late', '1'), { code: 'ERR_HTTP_HEADERS_SENT' });
      assert.throws(() => res.writeHead(200), { code: 'ERR_HTTP_HEADERS_SENT' });
      res.write('part,', mustCall());
      res.on('finish', mustCall(() => {
        assert.equal(res.writableFinished, true);
        res.on('close', mustCall());
      }));
      res.end('end', mustCall());
      assert.equal(res.writableEnded, true);
      assert.equal(res.finished, true);
      res.write('late', mustCall((err) => assert.equal(err.code, 'ERR_STREAM_WRITE_AFTER_END')));
      res.on('error', mustCall((err) => assert.equal(err.code, 'ERR_STREAM_WRITE_AFTER_END')));
      break;
    }
    case '/direct': {
      // Node's rule: without an earlier setHeader, writeHead's fields go out as given (every
      // copy, a Date among them replacing the automatic one) and are not kept.
      assert.throws(() => res.writeHead(200, { 'X-U': undefined }), { code: 'ERR_HTTP_INVALID_HEADER_VALUE' });
      assert.throws(() => res.writeHead(200, { 'bad name': 'x' }), { code: 'ERR_INVALID_HTTP_TOKEN' });
      assert.throws(() => res.writeHead(200, ['X-Odd']), { code: 'ERR_INVALID_ARG_VALUE' });
      assert.equal(res.headersSent, false);
      res.writeHead(200, {
        'Content-Type': 'text/plain', 'x-a': ['1', '2'], 'X-A': 3, Date: 'Mon, 01 Jan 2024 00:00:00 GMT',
      });
      assert.equal(res.headersSent, true);
      assert.equal(res.getHeader('content-type'), undefined);
      assert.deepStrictEqual(res.getHeaderNames(), []);
      res.end('direct');
      break;
    }
    case '/merge': {
      // After setHeader, writeHead's fields are kept with the others: a name given here
      // replaces the earlier value, and a list may repeat it.
      res.setHeader('X', '1');
      res.setHeader('X-Keep', 'k');
      res.writeHead(200, ['X', '2', 'x', '3']);
      assert.deepStrictEqual(res.getHeader('x'), ['2', '3']);
      assert.equal(res.getHeader('x-keep'), 'k');
      res.end('merged');
      break;
    }
    case '/timer': {
      await new Promise((resolve) => setTimeout(resolve, 50));
      res.end('waited');
      break;
    }
    case '/body': {
      let text = '';
      req.setEncoding('utf8');
      for await (const chunk of req) text += chunk;
      assert.equal(req.complete, true);
      res.end(`got ${text}`);
      break;
    }
    case '/unread': {
      // Nobody reads or listens to this request: after the response it is ended and
      // destroyed all the same, as Node leaves it, and its events are over.
      res.end('unread');
      setImmediate(mustCall(() => {
        assert.equal(req.complete, true);
        assert.equal(req.readableEnded, true);
        assert.equal(req.destroyed, true);
        assert.equal(req.closed, true);
        assert.equal(req.readable, false);
        req.on('end', mustNotCall());
        req.on('close', mustNotCall());
      }));
      break;
    }
    case '/listened': {
      // Listeners without a reader: the response's end dumps the request, so they still hear.
      req.on('end', mustCall(() => assert.equal(req.readableEnded, true)));
      req.on('close', mustCall(() => assert.equal(req.destroyed, true)));
      assert.equal(req.readableEnded, false);
      res.end('listened');
      break;
    }
    case '/204':
      res.writeHead(204);
      res.end();
      break;
    default:
      res.end('ok');
  }
});
server.on('checkContinue', mustCall((req, res) => {
  res.writeContinue();
  server.emit('request', req, res);
}));
server.on('clientError', mustCall((err, socket) => {
  assert.equal(typeof err.code, 'string');
  socket.end('HTTP/1.1 400 Custom\r\nConnection: close\r\n\r\n');
}));
server.on('connection', mustCall((socket) => {
  assert.equal(socket.remoteAddress, '127.0.0.1');
}, 10));

assert.throws(() => server.listen(70000), { code: 'ERR_SOCKET_BAD_PORT', name: 'RangeError' });
assert.throws(() => http.createServer(42), { code: 'ERR_INVALID_ARG_TYPE' });

server.listen({ port: 0, host: '127.0.0.1' }, mustCall(async () => {
  const { port, address, family } = server.address();
  assert.equal(address, '127.0.0.1');
  assert.equal(family, 'IPv4');
  assert.ok(port > 0);

  const second = http.createServer();
  second.on('error', mustCall((err) => assert.equal(err.code, 'EADDRINUSE')));
  second.listen(port, '127.0.0.1', mustNotCall());

  let text = await exchange(port, get('/headers', 'Connection: close\r\n'));
  assert.match(text, /^HTTP\/1\.1 202 Taken\r\n/);
  assert.match(text, /X-One: 1\r\nX-One: 2\r\n/);
  assert.match(text, /Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n/);
  assert.match(text, /X-Two: 2\r\n/);
  assert.match(text, /transfer-encoding: chunked\r\n/i);
  assert.match(text, /Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\n/);
  assert.match(text, /\r\n\r\n5\r\npart,\r\n3\r\nend\r\n0\r\n\r\n$/);

  text = await exchange(port, get('/direct', 'Connection: close\r\n'));
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(text, /Content-Type: text\/plain\r\nx-a: 1\r\nx-a: 2\r\nX-A: 3\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n/);
  assert.equal(text.match(/\r\ndate:/gi).length, 1);
  assert.match(text, /\r\n\r\ndirect$/);

  text = await exchange(port, get('/merge', 'Connection: close\r\n'));
  assert.match(text, /\r\nX-Keep: k\r\nX: 2\r\nX: 3\r\n/);
  assert.ok(!/\r\nX: 1\r\n/.test(text), text);

  text = await exchange(port, get('/timer', 'Connection: close\r\n'));
  assert.match(text, /\r\n\r\nwaited$/);

  text = await exchange(port, 'POST /body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\nhéy', /got/);
  assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  assert.match(text, /content-length: 8\r\n(connection: close\r\n)?\r\ngot héy$/i);

  text = await exchange(port, get('/unread', 'Connection: close\r\n'));
  assert.match(text, /\r\n\r\nunread$/);
  text = await exchange(port, get('/listened', 'Connection: close\r\n'));
  assert.match(text, /\r\n\r\nlistened$/);

  text = await exchange(port, get('/204', 'Connection: close\r\n'));
  assert.match(text, /^HTTP\/1\.1 204 No Content\r\n/);
  assert.doesNotMatch?.(text, /content-length/i);

  text = await exchange(port, 'BAD\r\n\r\n');
  assert.equal(text, 'HTTP/1.1 400 Custom\r\nConnection: close\r\n\r\n');

  // Subclasses given to createServer build every request and response.
  class Req extends http.IncomingMessage {
    kind() { return `req ${this.method}`; }
  }
  class Res extends http.ServerResponse {
    constructor(req) {
      super(req);
      this.extra = 1;
    }
    end(body) { return super.end(`${body}!`); }
  }
  const custom = http.createServer({ IncomingMessage: Req, ServerResponse: Res }, mustCall((req, res) => {
    assert.ok(req instanceof Req && req instanceof http.IncomingMessage);
    assert.ok(res instanceof Res && res instanceof http.ServerResponse);
    assert.equal(res.constructor, Res);
    assert.equal(req.kind(), 'req GET');
    assert.equal(res.extra, 1);
    assert.equal(res.req, req);
    res.end('custom');
  }));
  await new Promise((resolve) => custom.listen(0, '127.0.0.1', resolve));
  text = await exchange(custom.address().port, get('/', 'Connection: close\r\n'));
  assert.match(text, /\r\n\r\ncustom!$/);
  custom.close();

  // An idle kept-alive connection ends when the server closes.
  const idle = await WasiTcpConn.connect('127.0.0.1', port);
  await idle.write(get('/'));
  const first = new TextDecoder().decode(await idle.read());
  assert.match(first, /\r\n\r\nok$/);
  server.close(mustCall());
  assert.equal(await idle.read(), undefined);
  idle.close();
}));

// setHeaders from a Map and from a Headers (each Set-Cookie its own field), writeHeader, and
// the errors once the head is out; a client request takes setHeaders too.
{
  const server = http.createServer(mustCall((req, res) => {
    res.setHeaders(new Map([['X-A', '1'], ['set-cookie', ['a=1', 'b=2']]]));
    const h = new Headers();
    h.append('x-b', '2');
    res.setHeaders(h);
    assert.throws(() => res.setHeaders([['a', 'b']]), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    assert.strictEqual(req.headers['x-y'], 'z');
    res.writeHeader(201, { 'x-c': '3' });
    assert.throws(() => res.setHeaders(new Map()), { code: 'ERR_HTTP_HEADERS_SENT' });
    res.end('ok');
  }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const req = http.request(`http://127.0.0.1:${server.address().port}/`, { method: 'POST' });
  req.setHeaders(new Map([['x-y', 'z']]));
  req.cork();
  assert.strictEqual(req.writableCorked, 1);
  req.uncork();
  req.end('body');
  const res = await new Promise((resolve) => req.on('response', resolve));
  assert.strictEqual(res.statusCode, 201);
  assert.deepStrictEqual([res.headers['x-a'], res.headers['x-b'], res.headers['x-c']], ['1', '2', '3']);
  assert.deepStrictEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
  res.resume();
  await new Promise((resolve) => res.on('end', resolve));
  server.close();
}
