// test-fetch-compressed.js: fetch asks for gzip and deflate and decodes compressed bodies as
// they arrive: Python's zlib compresses about 700 kB of text (gzip, zlib, and raw DEFLATE sent
// as 'deflate'), sends the first half, and holds the rest back until this program, having
// decoded the first half, asks it to go on. Also: a body cut short ends where the data does
// (as in Node's fetch), and bad data errors the body. The same file passes under Node.js.
//
// @peer PY: python3 js-tests/peers/http_raw_server.py
// @requires: python3
import http from 'node:http';
import zlib from 'node:zlib';
import assert from './harness/assert.js';

const py = `http://127.0.0.1:${process.env.PEER_PY_PORT}`;

// What asks for compression, unless the program says otherwise.
const echo = await (await fetch(`${py}/echo`)).json();
assert.strictEqual(echo.headers['accept-encoding'], 'gzip, deflate');
const own = await (await fetch(`${py}/echo`, { headers: { 'Accept-Encoding': 'identity' } })).json();
assert.strictEqual(own.headers['accept-encoding'], 'identity');

// The text the peer compresses (compressed_text in http_raw_server.py).
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
function expectedText(lines) {
  const parts = [];
  for (let i = 0; i < lines; i++) parts.push(`${i} ${(i * 7919) % 10007} ${WORDS[(i * 31) % 7]}\n`);
  return parts.join('');
}

const LINES = 40000;
const expected = expectedText(LINES);
for (const coding of ['gzip', 'deflate', 'raw-deflate']) {
  const res = await fetch(`${py}/compressed?coding=${coding}&lines=${LINES}`);
  assert.strictEqual(res.headers.get('content-encoding'), coding === 'gzip' ? 'gzip' : 'deflate');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let pieces = 0;
  while (text.length < expected.length / 2 - 100) {
    const { value, done } = await reader.read();
    assert.ok(!done, `${coding}: the body ended after ${text.length} characters`);
    assert.ok(value instanceof Uint8Array);
    text += decoder.decode(value, { stream: true });
    pieces++;
  }
  // The peer is still holding the second half back: the first was decoded as it came.
  const release = await (await fetch(`${py}/release`)).json();
  assert.strictEqual(release.waiting, true, `${coding}: the first half came out before the rest was sent`);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    pieces++;
  }
  text += decoder.decode();
  assert.strictEqual(text.length, expected.length, coding);
  assert.ok(text === expected, `${coding}: the decoded text is the peer's`);
  assert.ok(pieces > 2, `${coding}: ${pieces} pieces`);
}

// This program's own server: a gzip body cut short, and a body that is not gzip at all.
const full = zlib.gzipSync(Buffer.from('a body that will be cut short '.repeat(50)));
const server = http.createServer((req, res) => {
  res.setHeader('Content-Encoding', 'gzip');
  if (req.url === '/short') res.end(full.subarray(0, full.length - 30));
  else if (req.url === '/bad') res.end(Buffer.from('this is not gzip data at all'));
  else res.end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const short = await (await fetch(`${base}/short`)).text();
assert.ok(short.length > 0 && 'a body that will be cut short '.repeat(50).startsWith(short), `cut short: ${short.length}`);
await assert.rejects((await fetch(`${base}/bad`)).text(), { name: 'TypeError' });
assert.strictEqual(await (await fetch(`${base}/empty`)).text(), '');
server.close();
