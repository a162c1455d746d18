// test-console-format.js: console and util.format render values as Node does, log/info/debug go
// to stdout and warn/error to stderr.
//
// @expect-stdout: plain 1 true null undefined
// @expect-stdout: { a: 1, b: 'two', c: [ 1, 2, 3 ] }
// @expect-stdout: %s:x %d:42 %i:3 %f:1.5 %j:{"k":[1]} %%
// @expect-stdout: info line
// @expect-stdout: debug line
// @expect-stderr: this goes to stderr
// @expect-stderr: so does this

import assert from 'node:assert';
import { format, inspect } from 'node:util';

console.log('plain', 1, true, null, undefined);
console.log({ a: 1, b: 'two', c: [1, 2, 3] });
console.log('%%s:%s %%d:%d %%i:%i %%f:%f %%j:%j %%%', 'x', 42, 3.9, '1.5', { k: [1] });
console.info('info line');
console.debug('debug line');
console.error('this goes to stderr');
console.warn('so does this');

const cases = [
  [['%s', 'str'], 'str'],
  [['%s', 42], '42'],
  [['%s', -0], '-0'],
  [['%s', 10n], '10n'],
  [['%s', Symbol('s')], 'Symbol(s)'],
  [['%s', { a: { b: { c: 1 } } }], '{ a: [Object] }'],
  [['%d', '42'], '42'],
  [['%d', {}], 'NaN'],
  [['%d', 5n], '5n'],
  [['%i', 42.9], '42'],
  [['%i', '-7.5'], '-7'],
  [['%f', '3.25'], '3.25'],
  [['%f', 'x'], 'NaN'],
  [['%j', { a: [1, 'b'] }], '{"a":[1,"b"]}'],
  [['%O', { a: 1 }], '{ a: 1 }'],
  [['%o', [1]], "[ 1, [length]: 1 ]"],
  [['%c styled', 'color: red'], ' styled'],
  [['%s %s', 'only one'], 'only one %s'],
  [['no format', 1, 'two'], 'no format 1 two'],
  [[1, 2], '1 2'],
  [['a%', 1], 'a% 1'],
];
for (const [args, expected] of cases) {
  assert.strictEqual(format(...args), expected, `format(${args.map(String).join(', ')})`);
}
const circular = { name: 'loop' };
circular.self = circular;
assert.strictEqual(format('%j', circular), '[Circular]');

assert.strictEqual(inspect('str'), "'str'");
assert.strictEqual(inspect("it's"), `"it's"`);
assert.strictEqual(inspect([1, [2, [3, [4, [5]]]]]), '[ 1, [ 2, [ 3, [Array] ] ] ]');
assert.strictEqual(inspect({ 'a-b': 1, [Symbol('k')]: 2 }), "{ 'a-b': 1, [Symbol(k)]: 2 }");
assert.strictEqual(inspect(new Map([['a', 1]])), "Map(1) { 'a' => 1 }");
assert.strictEqual(inspect(new Set([1, 'x'])), "Set(2) { 1, 'x' }");
assert.strictEqual(inspect(circular), "<ref *1> { name: 'loop', self: [Circular *1] }");
assert.strictEqual(inspect(function foo() {}), '[Function: foo]');
assert.strictEqual(inspect(class Bar {}), '[class Bar]');
assert.strictEqual(inspect(null), 'null');
assert.strictEqual(inspect(new Uint8Array([1, 2])), 'Uint8Array(2) [ 1, 2 ]');
assert.strictEqual(inspect(Buffer.from('hi')), '<Buffer 68 69>');
assert.strictEqual(inspect(Object.create(null)), '[Object: null prototype] {}');
assert.strictEqual(inspect(new (class Point { constructor() { this.x = 1; } })()), 'Point { x: 1 }');
assert.strictEqual(inspect([,1]), '[ <1 empty item>, 1 ]');
assert.strictEqual(inspect(new Date(0)), '1970-01-01T00:00:00.000Z');
assert.strictEqual(inspect(/a+/g), '/a+/g');
assert.strictEqual(inspect({ get g() { return 1; } }), '{ g: [Getter] }');
assert.strictEqual(inspect({ a: 1 }, { depth: 0 }), '{ a: 1 }');
assert.strictEqual(inspect({ a: { b: 1 } }, { depth: 0 }), '{ a: [Object] }');
assert.strictEqual(inspect({ [inspect.custom]() { return 'custom!'; } }), 'custom!');

const err = new TypeError('bad input');
const shown = inspect(err);
assert.ok(shown.startsWith('TypeError: bad input\n    at '), shown);
err.code = 'E_BAD';
assert.match(inspect(err), /\{\n {2}code: 'E_BAD'\n\}$/);

const long = inspect({ alpha: 'aaaaaaaaaaaaaaaaaaaa', beta: 'bbbbbbbbbbbbbbbbbbbb', gamma: 'cccccccccccccccccccc', delta: 1 });
assert.ok(long.includes('\n  alpha:'), long);

// Arrays of more than six entries in aligned columns, numbers to the right; nesting below
// three levels stays on one line; function kinds; promise states; web classes by their fields.
assert.strictEqual(inspect([1, 2, 3, 4, 5, 6, 7]), '[\n  1, 2, 3, 4,\n  5, 6, 7\n]');
assert.strictEqual(inspect([1.5, -2, 300, 4, 5, 6, 7, 8, 9, 10, 11]),
  '[\n  1.5, -2, 300, 4,  5,\n    6,  7,   8, 9, 10,\n   11\n]');
assert.strictEqual(inspect(['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'honeydew']),
  "[\n  'apple',  'banana',\n  'cherry', 'date',\n  'elder',  'fig',\n  'grape',  'honeydew'\n]");
assert.strictEqual(inspect(new Uint8Array(10)), 'Uint8Array(10) [\n  0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0\n]');
assert.strictEqual(inspect(Array.from({ length: 101 }, () => 0)).split('\n').slice(-3).join('|'),
  '  0, 0, 0, 0,|  ... 1 more item|]');
assert.strictEqual(inspect([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14]]),
  '[\n  [ 1, 2 ],\n  [ 3, 4 ],\n  [ 5, 6 ],\n  [ 7, 8 ],\n  [ 9, 10 ],\n  [ 11, 12 ],\n  [ 13, 14 ]\n]');
assert.strictEqual(inspect({ a: { b: { c: {} } } }), '{ a: { b: { c: {} } } }');
assert.strictEqual(inspect({ a: { b: { c: { d: 1 } } } }, { depth: 5 }), '{\n  a: { b: { c: { d: 1 } } }\n}');
assert.strictEqual(inspect(async () => {}), '[AsyncFunction (anonymous)]');
assert.strictEqual(inspect(function* gen() {}), '[GeneratorFunction: gen]');
assert.strictEqual(inspect(async function* agen() {}), '[AsyncGeneratorFunction: agen]');
assert.strictEqual(inspect(class B extends Array {}), '[class B extends Array]');
assert.strictEqual(inspect(Promise.resolve(5)), 'Promise { 5 }');
assert.strictEqual(inspect(new Promise(() => {})), 'Promise { <pending> }');
const rejected = Promise.reject(3);
rejected.catch(() => {});
assert.strictEqual(inspect(rejected), 'Promise { <rejected> 3 }');
assert.strictEqual(inspect(new Headers({ a: '1', b: '2' })), "Headers { a: '1', b: '2' }");
assert.strictEqual(inspect(new AbortController()), 'AbortController { signal: AbortSignal { aborted: false } }');
assert.strictEqual(inspect(new TextDecoder()), "TextDecoder { encoding: 'utf-8', fatal: false, ignoreBOM: false }");
assert.strictEqual(inspect(new Response(null, { status: 204 })),
  "Response {\n  status: 204,\n  statusText: '',\n  headers: Headers {},\n  body: null,\n  bodyUsed: false,\n  ok: true,\n  redirected: false,\n  type: 'default',\n  url: ''\n}");
