// test-net.js: node:net the Node way: an echo server from createServer, clients from connect
// that write, pipe, half-close and read back; many connections at once; addresses; errors for
// a refused connection and a port in use; the server's 'close' once every connection ended.
// BlockList and SocketAddress. The same file passes under Node.js.

import net from 'node:net';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

assert.strictEqual(net.isIP('127.0.0.1'), 4);
assert.strictEqual(net.isIP('::1'), 6);
assert.strictEqual(net.isIP('localhost'), 0);

const server = net.createServer((socket) => {
  assert.strictEqual(socket.remoteAddress, '127.0.0.1');
  assert.ok(socket.remotePort > 0);
  socket.pipe(socket); // echo, ending when the client ends
});

server.listen(0, '127.0.0.1', mustCall(async () => {
  const { port, address } = server.address();
  assert.strictEqual(address, '127.0.0.1');

  // One client: pieces in, the same bytes back after its half-close.
  const echoed = await new Promise((resolve, reject) => {
    const client = net.connect(port, '127.0.0.1', () => {
      assert.strictEqual(client.remotePort, port);
      client.write('hello ');
      client.write(Buffer.from('world'));
      client.end('!');
    });
    const chunks = [];
    client.on('data', (c) => chunks.push(c));
    client.on('end', () => resolve(Buffer.concat(chunks).toString()));
    client.on('error', reject);
  });
  assert.strictEqual(echoed, 'hello world!');

  // Written and ended before the connection is up: sent, then half-closed, once it is.
  const early = await new Promise((resolve, reject) => {
    const client = net.connect(port, '127.0.0.1');
    client.end('early');
    const chunks = [];
    client.on('data', (c) => chunks.push(c));
    client.on('end', () => resolve(Buffer.concat(chunks).toString()));
    client.on('error', reject);
  });
  assert.strictEqual(early, 'early');
  const empty = await new Promise((resolve, reject) => {
    const client = net.connect(port, '127.0.0.1');
    client.end();
    client.on('data', () => reject(new Error('data from an empty exchange')));
    client.on('end', () => resolve('ended'));
    client.on('error', reject);
  });
  assert.strictEqual(empty, 'ended');

  // Fifty clients at once, 64 KiB each.
  const payload = Buffer.alloc(65536, 7);
  const sizes = await Promise.all(Array.from({ length: 50 }, () => new Promise((resolve, reject) => {
    const c = net.createConnection({ port, host: '127.0.0.1' });
    let n = 0;
    c.on('connect', () => c.end(payload));
    c.on('data', (d) => { n += d.length; });
    c.on('close', () => resolve(n));
    c.on('error', reject);
  })));
  assert.ok(sizes.every((n) => n === payload.length), String(sizes));

  // A port in use, then a refused connection.
  const clash = net.createServer();
  clash.on('error', mustCall((err) => assert.strictEqual(err.code, 'EADDRINUSE')));
  clash.listen(port, '127.0.0.1');
  const refused = await new Promise((resolve) => {
    const c = net.connect(1, '127.0.0.1');
    c.on('error', resolve);
  });
  assert.strictEqual(refused.code, 'ECONNREFUSED');

  server.close(mustCall());
}));

// BlockList: addresses, ranges and subnets of both families; IPv4-mapped IPv6 addresses match
// IPv4 rules; invalid addresses are no match; the rules as Node lists them.
{
  const list = new net.BlockList();
  list.addAddress('123.123.123.123');
  list.addRange('10.0.0.1', '10.0.0.10');
  list.addSubnet('8592:757c:efae:4e45::', 64, 'ipv6');
  list.addSubnet('192.168.0.0', 16);
  const checks = [['123.123.123.123'], ['10.0.0.3'], ['10.0.0.11'], ['222.111.111.222'], ['8592:757c:efae:4e45::f', 'ipv6'], ['8592:757c:efae:4e46::f', 'ipv6'], ['192.168.255.1'], ['::ffff:123.123.123.123', 'ipv6'], ['not an address']];
  assert.deepStrictEqual(checks.map(([a, f]) => list.check(a, f)), [true, true, false, false, true, false, true, true, false]);
  assert.deepStrictEqual(list.rules, ['Subnet: IPv4 192.168.0.0/16', 'Subnet: IPv6 8592:757c:efae:4e45::/64', 'Range: IPv4 10.0.0.1-10.0.0.10', 'Address: IPv4 123.123.123.123']);
  assert.throws(() => list.addSubnet('1.2.3.4', 33), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  const address = new net.SocketAddress({ address: '::1', port: 80, family: 'ipv6' });
  assert.deepStrictEqual([address.address, address.port, address.family, address.flowlabel], ['::1', 80, 'ipv6', 0]);
  assert.strictEqual(list.check(new net.SocketAddress({ address: '10.0.0.5', port: 1 })), true);
  assert.throws(() => new net.SocketAddress({ address: 'nope' }), { code: 'ERR_INVALID_ADDRESS' });
}
