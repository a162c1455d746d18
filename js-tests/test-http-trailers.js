// test-http-trailers.js: trailer fields both ways on node:http's server: a chunked request's
// trailers reach req.trailers/rawTrailers after 'end'; res.addTrailers ends a chunked response
// with them; a response with a Content-Length drops them, as Node does; a bad trailer name
// throws. Driven over a raw socket, so the wire format is checked; then node:http's client
// reads the trailers of a chunked response and sends its own after a chunked request (as
// Node's client writes them). The same file passes under Node.js.

import http from 'node:http';
import net from 'node:net';
import assert from 'node:assert';
import { once } from 'node:events';

const { strictEqual, deepStrictEqual, throws, match, doesNotMatch } = assert;

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    throws(() => res.addTrailers({ 'bad name': 'x' }), { code: 'ERR_INVALID_HTTP_TOKEN' });
    if (req.url === '/chunked') {
      res.setHeader('Trailer', 'X-Checksum');
      res.write(`got ${body} `);
      res.addTrailers({ 'X-Checksum': 'abc123' });
      res.end(JSON.stringify({ trailers: req.trailers, raw: req.rawTrailers }));
    } else if (req.url === '/late') {
      // The trailers come after the client has read the head and the first chunk.
      res.write('first ');
      setTimeout(() => {
        res.addTrailers({ 'X-Late': 'yes', 'X-Also': 'too' });
        res.end('last');
      }, 30);
    } else if (req.url === '/plain') {
      res.write('a');
      res.end('b');
    } else {
      res.setHeader('Content-Length', 2);
      res.addTrailers({ 'X-Dropped': 'yes' });
      res.end('ok');
    }
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

function exchange(text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => { got += d; });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
}

const chunked = await exchange('POST /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n'
  + '5\r\nhello\r\n0\r\nX-Sum: 42\r\nX-Note: two words\r\n\r\n');
match(chunked, /^HTTP\/1\.1 200 OK\r\n/);
match(chunked, /\r\ntransfer-encoding: chunked\r\n/i);
const afterHead = chunked.slice(chunked.indexOf('\r\n\r\n') + 4);
match(afterHead, /\r\n0\r\nX-Checksum: abc123\r\n\r\n$/);
const json = afterHead.slice(afterHead.indexOf('{'), afterHead.lastIndexOf('}') + 1);
deepStrictEqual(JSON.parse(json), {
  trailers: { 'x-sum': '42', 'x-note': 'two words' },
  raw: ['X-Sum', '42', 'X-Note', 'two words'],
});

const fixed = await exchange('GET /fixed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
match(fixed, /\r\nContent-Length: 2\r\n/i);
doesNotMatch(fixed, /X-Dropped/);
strictEqual(fixed.slice(fixed.indexOf('\r\n\r\n') + 4), 'ok');

// Trailers dropped with a Content-Length response do not reach the next response on the
// connection.
const twoInARow = await exchange('GET /fixed HTTP/1.1\r\nHost: x\r\n\r\nGET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
strictEqual(twoInARow.split('HTTP/1.1 200 OK').length, 3);
doesNotMatch(twoInARow, /X-Dropped/);
match(twoInARow, /\r\n0\r\n\r\n$/);

// The client side: http.get reads a chunked response's trailers (set before 'end'); a
// response without any has none, and the kept-alive connection serves the next request.
{
  const agent = new http.Agent({ keepAlive: true });
  const get = (path) => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.address().port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ body, trailers: res.trailers, raw: res.rawTrailers }));
    }).on('error', reject);
  });
  const chunked = await get('/chunked');
  deepStrictEqual(chunked.trailers, { 'x-checksum': 'abc123' });
  deepStrictEqual(chunked.raw, ['X-Checksum', 'abc123']);
  match(chunked.body, /^got  \{"trailers":\{\},"raw":\[\]\}$/);
  const late = await get('/late');
  strictEqual(late.body, 'first last');
  deepStrictEqual(late.trailers, { 'x-late': 'yes', 'x-also': 'too' });
  const plain = await get('/fixed');
  deepStrictEqual(plain.trailers, {});
  deepStrictEqual(plain.raw, []);
  strictEqual(plain.body, 'ok');
  // A chunked request from http.request ends with the trailers addTrailers gave it: the
  // bytes on the wire, as a raw server reads them.
  const raw = net.createServer((socket) => {
    let seen = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      seen += d;
      if (/\r\n0\r\n(.*\r\n)*\r\n$/.test(seen)) {
        socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(seen, 'latin1')}\r\nConnection: close\r\n\r\n${seen}`);
      }
    });
  });
  raw.listen(0, '127.0.0.1');
  await once(raw, 'listening');
  const wire = await new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: raw.address().port, method: 'POST', agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.write('part one, ');
    assert.throws(() => req.addTrailers({ 'bad name': 'x' }), { code: 'ERR_INVALID_HTTP_TOKEN' });
    req.addTrailers({ 'X-Sum': '7' });
    req.end('part two');
  });
  raw.close();
  match(wire, /\r\nTransfer-Encoding: chunked\r\n/i);
  strictEqual(wire.slice(wire.indexOf('\r\n\r\n') + 4), 'a\r\npart one, \r\n8\r\npart two\r\n0\r\nX-Sum: 7\r\n\r\n');
  agent.destroy();
}

server.close();
console.log('trailers ok');
