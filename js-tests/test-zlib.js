// test-zlib.js: node:zlib: gzip, deflate and raw DEFLATE round trips at every level, data
// compressed by another implementation (Python's zlib) decoded, the callback and stream forms
// (a gzipped HTTP response decoded by the client, and by fetch), and zlib's errors. The same
// file passes under Node.js.
//
// @driver: python3 -c "import gzip,sys,urllib.request as u; d=u.urlopen('http://127.0.0.1:'+__import__('os').environ['PORT']+'/gz').read(); t=gzip.decompress(d); sys.exit(0 if t==''.join(f'{i} {i*7919%10007} compressed by the server\n' for i in range(20000)).encode() else 1)"
// @requires: python3

import zlib, { gzipSync, gunzipSync, deflateSync, inflateSync, deflateRawSync, inflateRawSync, unzipSync } from 'node:zlib';
import http from 'node:http';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

const fox = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(20));
// Python's gzip.compress(fox, 9, mtime=0) and zlib.compress(fox, 9).
const fromPythonGzip = 'H4sIAAAAAAACAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoAUrnJFZVKqTkp+sphIwqHlU8qpjaigHmSmawhAMAAA==';
const fromPythonZlib = 'eNoLyUhVKCzNTM5WSCrKL89TSMuvUMgqzS0oVsgvSy1SKAFK5yRWVSqk5KfrKYSMKh5VPKqY2ooBR6VDHA==';
assert.ok(gunzipSync(Buffer.from(fromPythonGzip, 'base64')).equals(fox));
assert.ok(inflateSync(Buffer.from(fromPythonZlib, 'base64')).equals(fox));
assert.ok(unzipSync(Buffer.from(fromPythonGzip, 'base64')).equals(fox));
assert.ok(unzipSync(Buffer.from(fromPythonZlib, 'base64')).equals(fox));

const samples = [Buffer.alloc(0), Buffer.from('x'), fox, Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7919) % 256))];
for (const input of samples) {
  for (const level of [0, 1, 6, 9]) {
    const gz = gzipSync(input, { level });
    assert.deepStrictEqual([gz[0], gz[1]], [0x1f, 0x8b]);
    assert.ok(gunzipSync(gz).equals(input), `gzip level ${level}, ${input.length} bytes`);
    assert.ok(inflateSync(deflateSync(input, { level })).equals(input));
    assert.ok(inflateRawSync(deflateRawSync(input, { level })).equals(input));
  }
}
assert.ok(gzipSync(fox).length < fox.length / 5);
assert.strictEqual(gunzipSync(gzipSync('text as a string')).toString(), 'text as a string');

assert.throws(() => gunzipSync(Buffer.from('not gzip data')), { code: 'Z_DATA_ERROR', errno: -3, message: 'incorrect header check' });
assert.throws(() => inflateSync(deflateSync(fox).subarray(0, 20)), { code: 'Z_BUF_ERROR', errno: -5 });
assert.throws(() => gunzipSync(gzipSync(fox), { maxOutputLength: 100 }), { code: 'ERR_BUFFER_TOO_LARGE' });
assert.throws(() => gzipSync(fox, { level: 12 }), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => gzipSync(42), { code: 'ERR_INVALID_ARG_TYPE' });

zlib.gzip(fox, mustCall((err, gz) => {
  assert.strictEqual(err, null);
  zlib.gunzip(gz, mustCall((err2, back) => {
    assert.strictEqual(err2, null);
    assert.ok(back.equals(fox));
  }));
}));
zlib.inflate(Buffer.from('junk'), mustCall((err) => assert.strictEqual(err.code, 'Z_DATA_ERROR')));

// Compression streams pass on what is compressed as they go: flush() hands over what was
// written so far (decodable up to there), large writes come out before the end, and the whole
// output decodes to everything written.
{
  for (const [create, decode] of [[zlib.createGzip, gunzipSync], [zlib.createDeflate, inflateSync], [zlib.createDeflateRaw, inflateRawSync]]) {
    const stream = create();
    const out = [];
    stream.on('data', (c) => out.push(c));
    stream.write('first part, ');
    await new Promise((resolve) => stream.flush(resolve));
    assert.ok(out.length > 0, 'flush() passed the first part on');
    // Bytes that do not compress much, so that compressed output piles up.
    const big = Buffer.from(Array.from({ length: 200000 }, (_, i) => (Math.imul(i, 2654435761) >>> 24) ^ (i & 7)));
    const flushed = Buffer.concat(out).length;
    stream.write(big);
    // (Node compresses on its thread pool: its output comes a few turns later.)
    let beforeEnd = 0;
    for (let i = 0; i < 100 && beforeEnd < 10000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      beforeEnd = Buffer.concat(out).length - flushed;
    }
    assert.ok(beforeEnd >= 10000, `200 kB written, ${beforeEnd} bytes passed on before the end`);
    stream.end('last part');
    await new Promise((resolve) => stream.on('end', resolve));
    const expected = Buffer.concat([Buffer.from('first part, '), big, Buffer.from('last part')]);
    assert.ok(decode(Buffer.concat(out)).equals(expected));
  }
}

// Decompression streams pass on what each write decodes to, before the end; the whole output
// is what was compressed, in every format and for input written a byte at a time too.
{
  const text = Buffer.from(Array.from({ length: 300000 }, (_, i) => 97 + ((i * 7919) % 26) % ((i >> 12) % 25 + 1)));
  for (const [create, compress] of [[zlib.createGunzip, gzipSync], [zlib.createInflate, deflateSync], [zlib.createInflateRaw, deflateRawSync], [zlib.createUnzip, gzipSync], [zlib.createUnzip, deflateSync]]) {
    const packed = compress(text);
    const stream = create();
    const out = [];
    stream.on('data', (c) => out.push(c));
    stream.write(packed.subarray(0, packed.length >> 1));
    let early = 0;
    for (let i = 0; i < 100 && early === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      early = Buffer.concat(out).length;
    }
    assert.ok(early > 0, 'half the input decoded before the end');
    assert.ok(text.subarray(0, early).equals(Buffer.concat(out)), 'what came early is the start');
    stream.end(packed.subarray(packed.length >> 1));
    await new Promise((resolve) => stream.on('end', resolve));
    assert.ok(Buffer.concat(out).equals(text), `${create.name}: all decoded`);
  }
  const small = gzipSync(fox);
  const gunzip = zlib.createGunzip();
  const out = [];
  gunzip.on('data', (c) => out.push(c));
  for (const byte of small) gunzip.write(Buffer.from([byte]));
  gunzip.end();
  await new Promise((resolve) => gunzip.on('end', resolve));
  assert.ok(Buffer.concat(out).equals(fox), 'a byte at a time');
  // Two gzip members one after the other decode as one.
  const two = zlib.createGunzip();
  const both = [];
  two.on('data', (c) => both.push(c));
  two.end(Buffer.concat([gzipSync('first member, '), gzipSync('second member')]));
  await new Promise((resolve) => two.on('end', resolve));
  assert.strictEqual(Buffer.concat(both).toString(), 'first member, second member');
  // With finishFlush: Z_SYNC_FLUSH (as Node's fetch decodes), input that stops short gives
  // what it decodes to, whole or streamed.
  const long = Buffer.from(Array.from({ length: 50000 }, (_, i) => i % 251));
  const cut = gzipSync(long).subarray(0, gzipSync(long).length - 20);
  const partial = gunzipSync(cut, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  assert.ok(partial.length > 40000 && long.subarray(0, partial.length).equals(partial), `${partial.length} bytes of a cut stream`);
  assert.throws(() => gunzipSync(cut), { code: 'Z_BUF_ERROR' });
  assert.throws(() => gunzipSync(cut, { finishFlush: 9 }), { code: 'ERR_OUT_OF_RANGE' });
  const lenient = zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const got = [];
  lenient.on('data', (c) => got.push(c));
  lenient.end(cut);
  await new Promise((resolve) => lenient.on('end', resolve));
  assert.ok(Buffer.concat(got).equals(partial));
  // A stream that ends short, and bad data, are errors, with zlib's codes.
  for (const [input, code, message] of [[small.subarray(0, 40), 'Z_BUF_ERROR', 'unexpected end of file'], [Buffer.from('not gzip data'), 'Z_DATA_ERROR', 'incorrect header check']]) {
    const bad = zlib.createGunzip();
    bad.on('data', () => {});
    bad.end(input);
    const error = await new Promise((resolve) => bad.on('error', resolve));
    assert.strictEqual(error.code, code);
    assert.strictEqual(error.message, message);
  }
  // DecompressionStream hands out what a chunk decodes to before the input ends.
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  const packed = gzipSync(text);
  writer.write(packed.subarray(0, packed.length >> 1));
  const first = await reader.read();
  assert.ok(!first.done && first.value.length > 0, 'DecompressionStream: output before the end');
  writer.write(packed.subarray(packed.length >> 1));
  writer.close();
  const parts = [first.value];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  assert.ok(Buffer.concat(parts).equals(text), 'DecompressionStream: all decoded');
  const truncated = new DecompressionStream('deflate');
  const tw = truncated.writable.getWriter();
  tw.write(deflateSync(text).subarray(0, 1000)).catch(() => {});
  tw.close().catch(() => {});
  // (A TypeError, as the Compression Streams standard says; Node 20 gives zlib's Error.)
  await assert.rejects(new Response(truncated.readable).arrayBuffer(), Error);
}

// A server gzips its answer through a stream (about 600 kB, in several blocks with their own
// codes); the client decodes it through another.
const servedText = Array.from({ length: 20000 }, (_, i) => `${i} ${(i * 7919) % 10007} compressed by the server\n`).join('');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' });
  const gz = zlib.createGzip();
  gz.pipe(res);
  for (let at = 0; at < servedText.length; at += 10000) gz.write(servedText.slice(at, at + 10000));
  gz.end();
  if (++served === expectedRequests) server.close();
});
// Two requests of this program (http.get, then fetch); under the test runner a driver
// (Python, decoding with its own gzip) asks too.
const expectedRequests = typeof print === 'function' ? 3 : 2;
let served = 0;
server.listen(0, '127.0.0.1', mustCall(() => {
  const port = server.address().port;
  if (typeof print === 'function') print(`READY ${port}`);
  http.get(`http://127.0.0.1:${port}/gz`, mustCall((res) => {
    assert.strictEqual(res.headers['content-encoding'], 'gzip');
    const chunks = [];
    res.pipe(zlib.createGunzip()).on('data', (c) => chunks.push(c)).on('end', mustCall(() => {
      assert.ok(Buffer.concat(chunks).toString() === servedText, 'decoded by createGunzip');
      // fetch hands the body out decoded.
      fetch(`http://127.0.0.1:${port}/gz`).then((r) => r.text()).then(mustCall((text) => {
        assert.ok(text === servedText, 'decoded by fetch');
      }));
    }));
  }));
}));

// zlib.crc32: strings as UTF-8, bytes of any view, continued from a previous value.
assert.strictEqual(zlib.crc32('hello'), 907060870);
assert.strictEqual(zlib.crc32('world', zlib.crc32('hello ')), zlib.crc32(Buffer.from('hello world')));
assert.strictEqual(zlib.crc32(new DataView(new Uint8Array([1, 2, 3]).buffer)), zlib.crc32(new Uint8Array([1, 2, 3])));
assert.strictEqual(zlib.crc32('\u00e9'), zlib.crc32(Buffer.from([0xc3, 0xa9])));
assert.strictEqual(zlib.crc32(''), 0);
assert.throws(() => zlib.crc32(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => zlib.crc32('a', 'x'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => zlib.crc32('a', -1), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
