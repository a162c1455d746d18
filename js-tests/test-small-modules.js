// test-small-modules.js: querystring, string_decoder, and the subpath modules (timers/promises,
// stream/promises, assert/strict, util/types, perf_hooks), with Node's results; the same file
// passes under Node.js.

import qs from 'node:querystring';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep, scheduler } from 'node:timers/promises';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import strict from 'node:assert/strict';
import { isPromise, isDate } from 'node:util/types';
import { performance } from 'node:perf_hooks';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

// querystring
assert.deepStrictEqual({ ...qs.parse('a=1&b=x+y&a=2&c&d=%E2%82%AC&e=%ZZ') },
  { a: ['1', '2'], b: 'x y', c: '', d: '€', e: '%ZZ' });
assert.strictEqual(Object.getPrototypeOf(qs.parse('a=1')), null);
assert.deepStrictEqual({ ...qs.parse('a:1;b:2', ';', ':') }, { a: '1', b: '2' });
assert.deepStrictEqual(Object.keys(qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 })), ['a', 'b']);
assert.strictEqual(qs.stringify({ a: [1, 2], b: 'x y', c: true, d: null, e: 'é&' }), 'a=1&a=2&b=x%20y&c=true&d=&e=%C3%A9%26');
assert.strictEqual(qs.stringify({ a: 1, b: 2 }, ';', ':'), 'a:1;b:2');
assert.strictEqual(qs.escape('a b/c'), 'a%20b%2Fc');
assert.strictEqual(qs.unescape('a%20b%zz'), 'a b%zz');
// Escapes that do not make UTF-8, beside malformed ones: each decoded byte by byte, as Node.
assert.strictEqual(qs.unescape('%zz%41%e9'), '%zzA\ufffd');
assert.deepStrictEqual(qs.parse('a=%E2%82&b=%41%zz+c'), Object.assign(Object.create(null), { a: '\ufffd', b: 'A%zz c' }));
assert.deepStrictEqual([...qs.unescapeBuffer('a+%41%4')], [0x61, 0x2b, 0x41, 0x25, 0x34]);
assert.strictEqual(qs.unescapeBuffer('a+b', true).toString(), 'a b');
assert.strictEqual(qs.decode, qs.parse);

// string_decoder: characters split across writes come out whole.
const euro = Buffer.from('€uro');
const d = new StringDecoder('utf8');
assert.strictEqual(d.write(euro.subarray(0, 1)), '');
assert.strictEqual(d.write(euro.subarray(1, 2)), '');
assert.strictEqual(d.write(euro.subarray(2)), '€uro');
assert.strictEqual(d.end(Buffer.from([0xe2])), '\ufffd');
const b64 = new StringDecoder('base64');
assert.strictEqual(b64.write(Buffer.from('ab')) + b64.write(Buffer.from('cd')) + b64.end(), Buffer.from('abcd').toString('base64'));
const u16 = new StringDecoder('utf16le');
const smile = Buffer.from('😀!', 'utf16le');
assert.strictEqual(u16.write(smile.subarray(0, 3)) + u16.write(smile.subarray(3)) + u16.end(), '😀!');
assert.strictEqual(new StringDecoder('hex').write(Buffer.from([1, 255])), '01ff');
assert.throws(() => new StringDecoder('nope'), { code: 'ERR_UNKNOWN_ENCODING' });

// The subpath modules.
assert.ok(isPromise(sleep(1)) && isDate(new Date()));
assert.strictEqual(typeof performance.now(), 'number');
strict.deepEqual([1], [1]);
assert.throws(() => strict.deepEqual([1], ['1']));
(async () => {
  assert.strictEqual(await sleep(5, 'value'), 'value');
  await scheduler.wait(1);
  const got = [];
  await pipeline(Readable.from(['a', 'b', 'c']), new Writable({
    objectMode: true,
    write(chunk, enc, cb) { got.push(chunk); cb(); },
  }));
  assert.deepStrictEqual(got, ['a', 'b', 'c']);
})().then(mustCall());
