// test-net.js: node:net the Node way: an echo server from createServer, clients from connect
// that write, pipe, half-close and read back; many connections at once; addresses; errors for
// a refused connection and a port in use; the server's 'close' once every connection ended.
// The same file passes under Node.js.

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
