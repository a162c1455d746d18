// test-blob.js: Blob and File (global and from node:buffer): parts of every kind, media types,
// slices, reading, streams, Node's errors; and fetch sending a Blob (its type becomes the
// Content-Type) and Response.blob() keeping the response's type. The same file passes under
// Node.js.

import { Blob as BufferBlob, File as BufferFile } from 'node:buffer';
import http from 'node:http';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

assert.strictEqual(BufferBlob, Blob);
assert.strictEqual(BufferFile, File);

const b = new Blob(['héllo ', new Uint8Array([119, 111]), new Blob(['rld']), new Uint16Array([0x2121]).buffer],
  { type: 'Text/Plain' });
assert.strictEqual(b.size, 14);
assert.strictEqual(b.type, 'text/plain');
assert.strictEqual(Object.prototype.toString.call(b), '[object Blob]');
assert.strictEqual(new Blob(['x'], { type: 'tëxt' }).type, '');
assert.strictEqual(new Blob().size, 0);

const f = new File(['abc'], 'a.txt', { type: 'text/plain', lastModified: 42 });
assert.ok(f instanceof Blob);
assert.strictEqual(f.name, 'a.txt');
assert.strictEqual(f.lastModified, 42);
assert.ok(Math.abs(new File([], 'n').lastModified - Date.now()) < 5000);

assert.throws(() => new File(['x']), { name: 'TypeError', code: 'ERR_MISSING_ARGS' });
assert.throws(() => new Blob('abc'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => new Blob([], { endings: 'x' }), { code: 'ERR_INVALID_ARG_VALUE' });

// The parts are copied: changing them later does not change the Blob.
const source = new Uint8Array([1, 2, 3]);
const copied = new Blob([source]);
source[0] = 9;

(async () => {
  assert.strictEqual(await b.text(), 'héllo world!!');
  assert.strictEqual((await b.arrayBuffer()).byteLength, 14);
  assert.deepStrictEqual([...await copied.bytes()], [1, 2, 3]);
  assert.strictEqual(await b.slice(7, -2).text(), 'world');
  assert.strictEqual(await b.slice(-2).text(), '!!');
  assert.strictEqual(b.slice(5, 2).size, 0);
  assert.strictEqual(b.slice(0, 3, 'X/Y').type, 'x/y');
  assert.strictEqual(b.slice().type, '');
  assert.strictEqual(await new Blob(['a\r\nb'], { endings: 'native' }).text(), 'a\nb');
  let streamed = 0;
  for await (const chunk of b.stream()) streamed += chunk.byteLength;
  assert.strictEqual(streamed, 14);
  return 'read';
})().then(mustCall((what) => assert.strictEqual(what, 'read')));

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    res.setHeader('Content-Type', 'application/x-echo');
    res.end(`${req.headers['content-type']}|${req.headers['content-length']}|${body}`);
  });
});
server.listen(0, '127.0.0.1', mustCall(async () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  const typed = await fetch(url, { method: 'POST', body: new Blob(['12345'], { type: 'application/foo' }) });
  const blob = await typed.blob();
  assert.strictEqual(blob.type, 'application/x-echo');
  assert.strictEqual(await blob.text(), 'application/foo|5|12345');
  const untyped = await fetch(url, { method: 'PUT', body: new File(['ab'], 'f.bin') });
  assert.strictEqual(await untyped.text(), 'undefined|2|ab');
  server.close();
}));
