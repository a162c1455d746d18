// test-encoding.js: TextEncoder/TextDecoder (UTF-8, fatal, ignoreBOM, stream, encodeInto),
// also from `util`, and atob/btoa.

import assert from 'node:assert';
import util from 'node:util';

assert.strictEqual(util.TextEncoder, TextEncoder);
assert.strictEqual(util.TextDecoder, TextDecoder);

const enc = new TextEncoder();
assert.strictEqual(enc.encoding, 'utf-8');
assert.deepStrictEqual([...enc.encode('h€😀')], [0x68, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
assert.strictEqual(enc.encode().length, 0);
assert.ok(enc.encode('x') instanceof Uint8Array);

// encodeInto writes whole characters only.
const dest = new Uint8Array(5);
assert.deepStrictEqual(enc.encodeInto('a€😀', dest), { read: 2, written: 4 });
assert.deepStrictEqual([...dest], [0x61, 0xe2, 0x82, 0xac, 0]);
assert.throws(() => enc.encodeInto('x', []), { code: 'ERR_INVALID_ARG_TYPE' });

const dec = new TextDecoder();
assert.strictEqual(dec.encoding, 'utf-8');
assert.strictEqual(dec.decode(new Uint8Array([0x68, 0xe2, 0x82, 0xac])), 'h€');
assert.strictEqual(dec.decode(new Uint8Array([0x68, 0x69]).buffer), 'hi');
assert.strictEqual(dec.decode(new DataView(new Uint8Array([0x6f, 0x6b]).buffer)), 'ok');
assert.strictEqual(dec.decode(), '');
// Invalid bytes become U+FFFD unless fatal.
assert.strictEqual(dec.decode(new Uint8Array([0x61, 0xff, 0x62])), 'a\ufffdb');
assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])),
  { name: 'TypeError', code: 'ERR_ENCODING_INVALID_ENCODED_DATA' });
assert.strictEqual(new TextDecoder('utf-8', { fatal: true }).fatal, true);
// BOM: stripped by default, kept with ignoreBOM.
const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);
assert.strictEqual(new TextDecoder().decode(bom), 'a');
assert.strictEqual(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bom), '\ufeffa');
// Streaming: a character split across chunks decodes whole.
const streaming = new TextDecoder();
const euro = enc.encode('€');
let out = streaming.decode(euro.subarray(0, 1), { stream: true });
out += streaming.decode(euro.subarray(1, 2), { stream: true });
out += streaming.decode(euro.subarray(2), { stream: true });
out += streaming.decode();
assert.strictEqual(out, '€');
assert.strictEqual(new TextDecoder('utf8').encoding, 'utf-8');
assert.throws(() => new TextDecoder('klingon'), RangeError);
assert.strictEqual(new TextDecoder('latin1').decode(new Uint8Array([0xe9])), 'é');

assert.strictEqual(btoa('hello'), 'aGVsbG8=');
assert.strictEqual(atob('aGVsbG8='), 'hello');
assert.strictEqual(atob(' aGVs bG8 '), 'hello');
assert.strictEqual(atob('aGVsbG8'), 'hello');
assert.strictEqual(btoa(String.fromCharCode(0, 255)), 'AP8=');
assert.throws(() => btoa('€'), { name: 'InvalidCharacterError' });
assert.throws(() => atob('a'), { name: 'InvalidCharacterError' });
assert.throws(() => atob('a*bc'), (e) => e instanceof DOMException && e.name === 'InvalidCharacterError');
print('encoding ok');
