// test-fetch-classes.js: Headers, Request and Response without a network.
import assert from './harness/assert.js';

// Headers: case-insensitive, combined values, sorted iteration, set-cookie kept apart.
{
  const h = new Headers({ 'B-Field': '2', a: ' 1 ' });
  h.append('b-field', '3');
  h.append('Set-Cookie', 'x=1');
  h.append('set-cookie', 'y=2');
  assert.strictEqual(h.get('A'), '1');
  assert.strictEqual(h.get('b-field'), '2, 3');
  assert.strictEqual(h.has('B-FIELD'), true);
  assert.deepStrictEqual([...h], [['a', '1'], ['b-field', '2, 3'], ['set-cookie', 'x=1'], ['set-cookie', 'y=2']]);
  assert.deepStrictEqual([...h.keys()], ['a', 'b-field', 'set-cookie', 'set-cookie']);
  h.set('B-Field', '4');
  assert.strictEqual(h.get('b-field'), '4');
  h.delete('a');
  assert.strictEqual(h.get('a'), null);
  const seen = [];
  h.forEach((v, k) => seen.push(`${k}=${v}`));
  assert.deepStrictEqual(seen, ['b-field=4', 'set-cookie=x=1', 'set-cookie=y=2']);
  assert.throws(() => h.append('bad name', 'x'), TypeError);
  assert.throws(() => h.append('x', 'a\r\nb'), TypeError);
  assert.throws(() => new Headers([['only-one']]), TypeError);
}

// Request: method normalisation, forbidden methods, GET with a body, clone.
{
  assert.strictEqual(new Request('http://x/', { method: 'get' }).method, 'GET');
  assert.strictEqual(new Request('http://x/', { method: 'patch' }).method, 'patch');
  assert.strictEqual(new Request('http://x/', { method: 'Delete' }).method, 'DELETE');
  assert.throws(() => new Request('http://x/', { method: 'CONNECT' }), TypeError);
  assert.throws(() => new Request('http://x/', { method: 'bad method' }), TypeError);
  assert.throws(() => new Request('http://x/', { body: 'no' }), TypeError);
  assert.throws(() => new Request('not a url'), TypeError);
  const r = new Request('http://x/a#frag', { method: 'POST', body: 'payload', headers: { 'x-a': '1' } });
  assert.strictEqual(r.url, 'http://x/a');
  assert.strictEqual(r.headers.get('content-type'), 'text/plain;charset=UTF-8');
  const c = r.clone();
  assert.strictEqual(await c.text(), 'payload');
  assert.strictEqual(await r.text(), 'payload');
  assert.strictEqual(r.bodyUsed, true);
  assert.throws(() => r.clone(), TypeError);
}

// Response: constructor checks, statics, body as a stream, clone of a stream body.
{
  const r = new Response('hello', { status: 201, statusText: 'Made', headers: { 'x-y': 'z' } });
  assert.strictEqual(r.status, 201);
  assert.strictEqual(r.statusText, 'Made');
  assert.strictEqual(r.ok, true);
  assert.strictEqual(r.type, 'default');
  assert.strictEqual(r.headers.get('content-type'), 'text/plain;charset=UTF-8');
  const reader = r.body.getReader();
  const { value, done } = await reader.read();
  assert.strictEqual(done, false);
  assert.strictEqual(new TextDecoder().decode(value), 'hello');
  assert.strictEqual((await reader.read()).done, true);
  assert.strictEqual(r.bodyUsed, true);
  assert.throws(() => new Response('x', { status: 99 }), RangeError);
  assert.throws(() => new Response('x', { status: 204 }), TypeError);
  const j = Response.json({ a: [1, 2] }, { status: 202 });
  assert.strictEqual(j.headers.get('content-type'), 'application/json');
  assert.deepStrictEqual(await j.json(), { a: [1, 2] });
  const e = Response.error();
  assert.strictEqual(e.type, 'error');
  assert.strictEqual(e.status, 0);
  const red = Response.redirect('http://x/y', 301);
  assert.strictEqual(red.headers.get('location'), 'http://x/y');
  assert.throws(() => Response.redirect('http://x/', 200), RangeError);
  const s = new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1, 2])); c.enqueue(new Uint8Array([3])); c.close(); } }));
  const s2 = s.clone();
  assert.deepStrictEqual([...new Uint8Array(await s.arrayBuffer())], [1, 2, 3]);
  assert.deepStrictEqual([...(await s2.bytes())], [1, 2, 3]);
  let n = 0;
  for await (const chunk of new Response('abc').body) n += chunk.byteLength;
  assert.strictEqual(n, 3);
}
print('done');
