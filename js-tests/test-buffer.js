// test-buffer.js: Buffer as a Uint8Array subclass: from/alloc/concat/byteLength/isBuffer,
// toString and from with utf8, hex, base64, base64url and latin1.

import assert from 'node:assert';
import { Buffer as B } from 'node:buffer';

assert.strictEqual(B, Buffer);
const b = Buffer.from('héllo');
assert.ok(b instanceof Uint8Array);
assert.ok(Buffer.isBuffer(b));
assert.ok(!Buffer.isBuffer(new Uint8Array(1)));
assert.strictEqual(b.length, 6);
assert.strictEqual(b.toString(), 'héllo');
assert.strictEqual(b.toString('utf8', 0, 1), 'h');
assert.strictEqual(Buffer.from('hello').toString('hex'), '68656c6c6f');
assert.strictEqual(Buffer.from('68656c6c6f', 'hex').toString(), 'hello');
assert.strictEqual(Buffer.from('6869zz', 'hex').toString(), 'hi');
assert.strictEqual(Buffer.from('hello').toString('base64'), 'aGVsbG8=');
assert.strictEqual(Buffer.from('aGVsbG8=', 'base64').toString(), 'hello');
assert.strictEqual(Buffer.from('aGVsbG8', 'base64').toString(), 'hello');
assert.strictEqual(Buffer.from([0xfb, 0xff]).toString('base64url'), '-_8');
assert.deepStrictEqual([...Buffer.from('-_8', 'base64url')], [0xfb, 0xff]);
assert.strictEqual(Buffer.from('é', 'latin1').length, 1);
assert.strictEqual(Buffer.from([0xe9]).toString('latin1'), 'é');
assert.strictEqual(Buffer.from([0xe9]).toString('binary'), 'é');
assert.throws(() => Buffer.from('x', 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });
assert.throws(() => Buffer.from(42), { code: 'ERR_INVALID_ARG_TYPE' });

assert.deepStrictEqual([...Buffer.alloc(3)], [0, 0, 0]);
assert.deepStrictEqual([...Buffer.alloc(3, 7)], [7, 7, 7]);
assert.strictEqual(Buffer.alloc(4, 'ab').toString(), 'abab');
assert.throws(() => Buffer.alloc(-1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => Buffer.alloc('1'), { code: 'ERR_INVALID_ARG_TYPE' });

const joined = Buffer.concat([Buffer.from('ab'), new Uint8Array([99]), Buffer.from('d')]);
assert.strictEqual(joined.toString(), 'abcd');
assert.strictEqual(Buffer.concat([Buffer.from('abc')], 2).toString(), 'ab');
assert.strictEqual(Buffer.concat([]).length, 0);
assert.deepStrictEqual([...Buffer.concat([Buffer.from('ab')], 4)], [97, 98, 0, 0]);
// Empty pieces anywhere add nothing, and the pieces after them still count.
assert.strictEqual(Buffer.concat([Buffer.alloc(0), Buffer.from('xy'), new Uint8Array(0), Buffer.from('z')]).toString(), 'xyz');
assert.strictEqual(Buffer.concat([Buffer.alloc(0), Buffer.from('xyz')], 2).toString(), 'xy');
assert.throws(() => Buffer.concat([Buffer.from('a'), 5]), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "list[1]" argument must be an instance of Buffer or Uint8Array. Received type number (5)',
});

assert.strictEqual(Buffer.byteLength('héllo'), 6);
assert.strictEqual(Buffer.byteLength('aGVsbG8=', 'base64'), 5);
assert.strictEqual(Buffer.byteLength(new ArrayBuffer(7)), 7);

// Views share memory; slice is a view as in Node.
const ab = new ArrayBuffer(4);
const view = Buffer.from(ab, 1, 2);
view[0] = 9;
assert.strictEqual(new Uint8Array(ab)[1], 9);
const s = b.slice(1, 3);
s[0] = 65;
assert.strictEqual(b[1], 65);
assert.ok(s instanceof Buffer);

assert.ok(Buffer.from('abc').equals(Buffer.from('abc')));
assert.strictEqual(Buffer.compare(Buffer.from('a'), Buffer.from('b')), -1);
assert.strictEqual(Buffer.from('hello world').indexOf('world'), 6);
assert.ok(Buffer.from('hello').includes('ell'));
assert.deepStrictEqual(Buffer.from('hi').toJSON(), { type: 'Buffer', data: [104, 105] });
const w = Buffer.alloc(5);
assert.strictEqual(w.write('hey', 1), 3);
assert.strictEqual(w.toString('latin1'), '\0hey\0');
const c = Buffer.alloc(3);
Buffer.from('xyz').copy(c, 1, 0, 2);
assert.strictEqual(c.toString('latin1'), '\0xy');
assert.strictEqual(Buffer.from([1, 2, 3, 4]).readUInt32BE(0), 0x01020304);
assert.ok(Buffer.isEncoding('utf8') && !Buffer.isEncoding('nope'));
print('buffer ok');
