// test-formdata.js: FormData's entries, fetch sending it as multipart/form-data to an HTTP
// server that reads it back with Request.formData(), and Response.formData() for urlencoded
// bodies. The same file passes under Node.js, whose fetch (undici) encodes and parses the same
// bodies.

import http from 'node:http';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

const form = new FormData();
form.append('name', 'Ada');
form.append('tags', 'a');
form.append('tags', 'b\nc');
form.append('file', new Blob(['file body\r\nline 2'], { type: 'text/plain' }), 'notes.txt');
form.append('raw', new Blob([new Uint8Array([0, 255, 13, 10])]));
assert.strictEqual(form.get('name'), 'Ada');
assert.deepStrictEqual(form.getAll('tags'), ['a', 'b\nc']);
assert.strictEqual(form.get('missing'), null);
assert.ok(form.get('file') instanceof File);
assert.strictEqual(form.get('file').name, 'notes.txt');
assert.strictEqual(form.get('raw').name, 'blob');
form.set('tags', 'only');
assert.deepStrictEqual([...form.keys()], ['name', 'tags', 'file', 'raw']);
form.delete('name');
assert.ok(!form.has('name'));
form.append('name', 'Grace');
assert.throws(() => form.append('x'), TypeError);

// A server that parses what fetch sends with this runtime's own Request.formData().
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const request = new Request('http://x/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] }, body: Buffer.concat(chunks) });
    const parsed = await request.formData();
    const out = [];
    for (const [k, v] of parsed) out.push([k, typeof v === 'string' ? v : `${v.name}|${v.type}|${[...new Uint8Array(await v.arrayBuffer())].join(',')}`]);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ type: req.headers['content-type'].split(';')[0], out }));
  });
});
server.listen(0, '127.0.0.1', mustCall(async () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  const answer = await (await fetch(url, { method: 'POST', body: form })).json();
  assert.strictEqual(answer.type, 'multipart/form-data');
  assert.deepStrictEqual(answer.out, [
    ['tags', 'only'],
    ['file', `notes.txt|text/plain|${[...Buffer.from('file body\r\nline 2')].join(',')}`],
    ['raw', 'blob|application/octet-stream|0,255,13,10'],
    ['name', 'Grace'],
  ]);
  const urlencoded = new Response('a=1&b=x+y&a=2', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const fd = await urlencoded.formData();
  assert.deepStrictEqual(fd.getAll('a'), ['1', '2']);
  assert.strictEqual(fd.get('b'), 'x y');
  await assert.rejects(new Response('x', { headers: { 'content-type': 'text/plain' } }).formData(), TypeError);
  server.close();
}));
