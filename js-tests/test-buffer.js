// test-buffer.js: Buffer as a Uint8Array subclass: from/alloc/concat/byteLength/isBuffer,
// toString and from with utf8, hex, base64, base64url and latin1; numbers read and written in
// both byte orders (8 to 64 bits, floats, doubles, 1 to 6 byte integers) with Node's range and
// bounds errors; swap16/32/64, lastIndexOf, compare with ranges, fill with bytes,
// copyBytesFrom. The same checks as Node makes (the file passes under Node too).

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

// Numbers, both byte orders: what is written reads back, laid out as Node lays it out.
{
  const n = Buffer.alloc(12);
  const cases = [
    ['UInt8', 200, '00c8'], ['Int8', -2, '00fe'],
    ['UInt16LE', 0x1234, '003412'], ['UInt16BE', 0x1234, '001234'],
    ['Int16LE', -2, '00feff'], ['Int16BE', -300, '00fed4'],
    ['UInt32LE', 0xdeadbeef, '00efbeadde'], ['UInt32BE', 0xdeadbeef, '00deadbeef'],
    ['Int32LE', -2, '00feffffff'], ['Int32BE', -2147483648, '0080000000'],
    ['FloatLE', 1.5, '000000c03f'], ['FloatBE', -2.25, '00c0100000'],
    ['DoubleLE', 0.1, '009a9999999999b93f'], ['DoubleBE', -1e300, '00fe37e43c8800759c'],
    ['BigUInt64LE', 2n ** 64n - 2n, '00feffffffffffffff'], ['BigUInt64BE', 0x0102030405060708n, '000102030405060708'],
    ['BigInt64LE', -(2n ** 63n), '000000000000000080'], ['BigInt64BE', -3n, '00fffffffffffffffd'],
  ];
  for (const [type, value, hex] of cases) {
    n.fill(0);
    const end = n[`write${type}`](value, 1);
    assert.strictEqual(end, hex.length / 2, type);
    assert.strictEqual(n.subarray(0, end).toString('hex'), hex, type);
    assert.strictEqual(n[`read${type}`](1), value, type);
  }
  // 1- to 6-byte integers.
  for (let size = 1; size <= 6; size++) {
    const max = 2 ** (8 * size) - 1;
    assert.strictEqual(n.writeUIntLE(max - 1, 0, size), size);
    assert.strictEqual(n.readUIntLE(0, size), max - 1);
    n.writeUIntBE(0x0102030405060708 % 2 ** (8 * size), 0, size);
    assert.strictEqual(n.readUIntBE(0, size), 0x0102030405060708 % 2 ** (8 * size));
    n.writeIntBE(-12345 % 2 ** (8 * size - 1), 0, size);
    assert.strictEqual(n.readIntBE(0, size), -12345 % 2 ** (8 * size - 1));
    n.writeIntLE(-1, 0, size);
    assert.strictEqual(n.readIntLE(0, size), -1);
  }
  // Node's lower-case aliases.
  assert.strictEqual(n.readUint32LE, n.readUInt32LE);
  assert.strictEqual(n.writeBigUint64BE, n.writeBigUInt64BE);
  // Out of range values, offsets past the end, buffers too short, bad types.
  const range = { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' };
  assert.throws(() => n.writeUInt8(256), { ...range, message: 'The value of "value" is out of range. It must be >= 0 and <= 255. Received 256' });
  assert.throws(() => n.writeInt16BE(40000), range);
  assert.throws(() => n.writeUInt32LE(2 ** 32), { ...range, message: 'The value of "value" is out of range. It must be >= 0 and <= 4294967295. Received 4294967296' });
  assert.throws(() => n.writeUIntLE(2 ** 48, 0, 6), { ...range, message: 'The value of "value" is out of range. It must be >= 0 and < 2 ** 48. Received 281_474_976_710_656' });
  assert.throws(() => n.writeBigInt64LE(2n ** 63n), { ...range, message: 'The value of "value" is out of range. It must be >= -(2n ** 63n) and < 2n ** 63n. Received 9_223_372_036_854_775_808n' });
  assert.throws(() => n.writeBigInt64LE(5), { name: 'TypeError' });
  assert.throws(() => n.readUInt32BE(9), { ...range, message: 'The value of "offset" is out of range. It must be >= 0 and <= 8. Received 9' });
  assert.throws(() => n.readUInt16LE(1.5), { ...range, message: 'The value of "offset" is out of range. It must be an integer. Received 1.5' });
  assert.throws(() => n.readInt8(-1), range);
  assert.throws(() => n.readDoubleLE('1'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => Buffer.alloc(2).readUInt32LE(0), { name: 'RangeError', code: 'ERR_BUFFER_OUT_OF_BOUNDS' });
  assert.throws(() => Buffer.alloc(3).writeFloatBE(1, 0), { code: 'ERR_BUFFER_OUT_OF_BOUNDS' });
  assert.throws(() => n.readUIntLE(0, 7), range);
  assert.throws(() => Buffer.alloc(0).readUInt8(), { code: 'ERR_BUFFER_OUT_OF_BOUNDS' });
  // Swaps.
  assert.strictEqual(Buffer.from('0102030405060708', 'hex').swap16().toString('hex'), '0201040306050807');
  assert.strictEqual(Buffer.from('0102030405060708', 'hex').swap32().toString('hex'), '0403020108070605');
  assert.strictEqual(Buffer.from('0102030405060708', 'hex').swap64().toString('hex'), '0807060504030201');
  assert.throws(() => Buffer.from([1, 2, 3]).swap16(), { name: 'RangeError', code: 'ERR_INVALID_BUFFER_SIZE' });
}

// Searching, comparing, filling.
{
  const h = Buffer.from('hello world, hello');
  assert.strictEqual(h.lastIndexOf('hello'), 13);
  assert.strictEqual(h.lastIndexOf('hello', 12), 0);
  assert.strictEqual(h.lastIndexOf(Buffer.from('o')), 17);
  assert.strictEqual(h.lastIndexOf(0x6c), 16);
  assert.strictEqual(h.lastIndexOf('nope'), -1);
  assert.strictEqual(h.compare(Buffer.from('world'), 0, 5, 6, 11), 0);
  assert.strictEqual(h.compare(Buffer.from('hello')), 1);
  assert.throws(() => Buffer.compare(h, 'x'), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => h.compare(Buffer.from('x'), 0, 5), { code: 'ERR_OUT_OF_RANGE' });
  assert.strictEqual(Buffer.alloc(5).fill(Buffer.from([1, 2])).toString('hex'), '0102010201');
  assert.strictEqual(Buffer.alloc(5).fill('ab', 'hex').toString('hex'), 'ababababab');
  assert.throws(() => Buffer.alloc(3).fill('a', 'nope'), { code: 'ERR_UNKNOWN_ENCODING' });
  assert.throws(() => Buffer.alloc(4).write('abc', 5), { code: 'ERR_OUT_OF_RANGE' });
  assert.strictEqual(h.toLocaleString('utf8', 0, 5), 'hello');
  const u16 = new Uint16Array([1, 2, 0x0304]);
  assert.strictEqual(Buffer.copyBytesFrom(u16, 1).toString('hex'), '02000403');
  assert.strictEqual(Buffer.copyBytesFrom(u16, 0, 1).toString('hex'), '0100');
}
console.log('buffer ok');
