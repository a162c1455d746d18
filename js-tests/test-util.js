// test-util.js: util.promisify, inherits, types, isDeepStrictEqual, inspect and format basics.

import assert from 'node:assert';
import util, { promisify, types, inherits, isDeepStrictEqual, deprecate } from 'node:util';

function legacy(a, b, cb) { setTimeout(() => (a < 0 ? cb(new Error('negative')) : cb(null, a + b)), 1); }
const p = promisify(legacy);
assert.strictEqual(await p(1, 2), 3);
await assert.rejects(p(-1, 2), /negative/);
assert.throws(() => promisify('x'), { code: 'ERR_INVALID_ARG_TYPE' });
const custom = () => {};
custom[promisify.custom] = () => Promise.resolve('custom');
assert.strictEqual(await promisify(custom)(), 'custom');

function Base() {}
Base.prototype.hi = () => 'hi';
function Derived() { Base.call(this); }
inherits(Derived, Base);
assert.strictEqual(new Derived().hi(), 'hi');
assert.strictEqual(Derived.super_, Base);

assert.ok(types.isPromise(Promise.resolve()));
assert.ok(!types.isPromise({ then() {} }));
assert.ok(types.isDate(new Date()));
assert.ok(types.isRegExp(/x/));
assert.ok(types.isUint8Array(new Uint8Array(1)));
assert.ok(types.isUint8Array(Buffer.alloc(1)));
assert.ok(!types.isUint8Array(new Uint16Array(1)));
assert.ok(types.isTypedArray(new Float64Array(1)));
assert.ok(types.isArrayBuffer(new ArrayBuffer(1)));
assert.ok(types.isAsyncFunction(async () => {}));
assert.ok(types.isMap(new Map()) && types.isSet(new Set()));
assert.ok(types.isNativeError(new TypeError()));

assert.ok(isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
assert.ok(!isDeepStrictEqual({ a: 1 }, { a: '1' }));
assert.ok(!isDeepStrictEqual([1], { 0: 1, length: 1 }));
assert.ok(isDeepStrictEqual(new Map([[1, 2]]), new Map([[1, 2]])));
assert.ok(isDeepStrictEqual(NaN, NaN));

assert.strictEqual(util.format('%s=%d', 'x', 5), 'x=5');
assert.strictEqual(util.inspect({ a: 1 }), '{ a: 1 }');
assert.strictEqual(typeof util.inspect.custom, 'symbol');

let warned = 0;
process.on('warning', () => warned++);
const dep = deprecate(() => 'value', 'old api', 'DEP0');
assert.strictEqual(dep(), 'value');
assert.strictEqual(dep(), 'value');
setTimeout(() => { assert.strictEqual(warned, 1); print('util ok'); }, 5);

// util.MIMEType and MIMEParams (WHATWG MIME type parsing and serialization).
{
  const { MIMEType, MIMEParams } = await import('node:util');
  const m = new MIMEType('Text/HTML; Charset="utf-8"; foo=bar; foo=baz; empty=""; bad param; x="a\\"b"');
  assert.strictEqual(`${m}`, 'text/html;charset=utf-8;foo=bar;empty="";x="a\\"b"');
  assert.strictEqual(m.essence, 'text/html');
  assert.strictEqual(m.params.get('charset'), 'utf-8');
  assert.strictEqual(m.params.get('missing'), null);
  assert.deepStrictEqual([...m.params.keys()], ['charset', 'foo', 'empty', 'x']);
  assert.strictEqual(JSON.stringify({ m }), '{"m":"text/html;charset=utf-8;foo=bar;empty=\\"\\";x=\\"a\\\\\\"b\\""}');
  m.type = 'Application';
  m.subtype = 'JSON';
  m.params.set('q', 'a b');
  m.params.delete('foo');
  assert.strictEqual(`${m}`, 'application/json;charset=utf-8;empty="";x="a\\"b";q="a b"');
  assert.strictEqual(`${new MIMEType(' text/plain;a="b\\\\c;d";e=f;;A=2 ')}`, 'text/plain;a="b\\\\c;d";e=f');
  assert.strictEqual(`${new MIMEType('text/plain;charset=\u00fc')}`, 'text/plain;charset="\u00fc"');
  assert.throws(() => new MIMEType('te xt/html'), {
    name: 'TypeError', code: 'ERR_INVALID_MIME_SYNTAX', message: 'The MIME syntax for a type in "te xt/html" is invalid at 2',
  });
  assert.throws(() => new MIMEType('text/'), { message: 'The MIME syntax for a subtype in "text/" is invalid' });
  assert.throws(() => { m.params.set('bad name', 'v'); }, { code: 'ERR_INVALID_MIME_SYNTAX' });
  assert.throws(() => { m.params.set('n', 'v\u0100'); }, { message: 'The MIME syntax for a parameter value in "v\u0100" is invalid at 1' });
  const p = new MIMEParams();
  p.set('x', 'y');
  assert.strictEqual(p.toString(), 'x=y');
}
