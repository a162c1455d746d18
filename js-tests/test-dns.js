// test-dns.js: node:dns lookups as Node answers them, for localhost and address literals only
// (nothing leaves the machine): the first address or all of them, by family, in callback and
// promise forms. The same file passes under Node.js.

import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

(async () => {
  assert.deepStrictEqual(await lookup('localhost', { family: 4 }), { address: '127.0.0.1', family: 4 });
  assert.deepStrictEqual(await lookup('127.0.0.1'), { address: '127.0.0.1', family: 4 });
  assert.deepStrictEqual(await lookup('::1'), { address: '::1', family: 6 });
  const all = await lookup('localhost', { all: true });
  assert.ok(all.length >= 1 && all.every((a) => (a.family === 4 || a.family === 6) && typeof a.address === 'string'));
  assert.deepStrictEqual(await lookup('127.0.0.1', { family: 6 }), { address: '127.0.0.1', family: 4 });
  assert.throws(() => dns.lookup('localhost', { family: 5 }, () => {}), { code: 'ERR_INVALID_ARG_VALUE' });
})().then(mustCall());

dns.lookup('localhost', 4, mustCall((err, address, family) => {
  assert.strictEqual(err, null);
  assert.strictEqual(address, '127.0.0.1');
  assert.strictEqual(family, 4);
}));
