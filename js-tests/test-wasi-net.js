// test-wasi-net.js: raw TCP through wasi_net: a server and clients in one program, real
// addresses, every kind of write payload, half-close, end of stream, and Node's error codes.

import assert from 'node:assert';
import { WasiTcpServer, WasiTcpConn } from 'wasi_net';

const server = new WasiTcpServer(0, '127.0.0.1');
const { port, address, family } = server.address();
assert.ok(port > 0);
assert.strictEqual(address, '127.0.0.1');
assert.strictEqual(family, 'IPv4');

async function readAll(conn) {
  const parts = [];
  for (;;) {
    const chunk = await conn.read();
    if (chunk === undefined) break;
    assert.ok(chunk instanceof ArrayBuffer);
    parts.push(new Uint8Array(chunk));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// Echo server: reads until the client half-closes, answers with what it got, then closes.
async function serveOne() {
  const conn = await server.accept();
  const peer = conn.peer();
  assert.match(peer, /^127\.0\.0\.1:\d+$/);
  assert.strictEqual(conn.local(), `127.0.0.1:${port}`);
  const data = await readAll(conn);
  await conn.write(data);
  conn.close();
  return peer;
}

// Every payload kind sends its bytes, never its toString().
const payloads = [
  ['string', 'héllo', new TextEncoder().encode('héllo')],
  ['ArrayBuffer', new Uint8Array([0, 1, 255]).buffer, new Uint8Array([0, 1, 255])],
  ['Uint8Array', new Uint8Array([7, 8, 9]), new Uint8Array([7, 8, 9])],
  ['Uint16Array', new Uint16Array([0x0102]), new Uint8Array(new Uint16Array([0x0102]).buffer)],
  ['DataView', new DataView(new Uint8Array([5, 6, 7, 8]).buffer, 1, 2), new Uint8Array([6, 7])],
  ['Buffer', Buffer.from('buf'), new Uint8Array([98, 117, 102])],
];
for (const [name, payload, expected] of payloads) {
  const served = serveOne();
  const client = await WasiTcpConn.connect(`127.0.0.1:${port}`);
  await client.write(payload);
  client.end();
  const echoed = await readAll(client);
  assert.deepStrictEqual([...echoed], [...expected], name);
  const peer = await served;
  assert.strictEqual(peer, client.local());
  assert.strictEqual(client.peer(), `127.0.0.1:${port}`);
  client.close();
}

// connect(host, port) form, and a 1 MiB round trip with every byte checked.
{
  const served = serveOne();
  const client = await WasiTcpConn.connect('127.0.0.1', port);
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 255;
  const writing = client.write(big);
  await writing;
  client.end();
  const echoed = await readAll(client);
  assert.strictEqual(echoed.length, big.length);
  for (let i = 0; i < big.length; i += 4093) assert.strictEqual(echoed[i], big[i]);
  assert.deepStrictEqual(echoed.subarray(-64), big.subarray(-64));
  await served;
  client.close();
}

// Twenty clients at once.
{
  const servers = Array.from({ length: 20 }, () => serveOne());
  const clients = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    const c = await WasiTcpConn.connect(`127.0.0.1:${port}`);
    await c.write(`client ${i}`);
    c.end();
    const text = new TextDecoder().decode(await readAll(c));
    c.close();
    return text;
  }));
  await Promise.all(servers);
  assert.deepStrictEqual(clients, Array.from({ length: 20 }, (_, i) => `client ${i}`));
}

// Errors carry Node's codes.
assert.throws(() => new WasiTcpServer(port, '127.0.0.1'), { code: 'EADDRINUSE' });
const closed = new WasiTcpServer(0, '127.0.0.1');
const freePort = closed.address().port;
closed.close();
await assert.rejects(WasiTcpConn.connect(`127.0.0.1:${freePort}`), (err) => {
  assert.strictEqual(err.code, 'ECONNREFUSED');
  assert.match(err.message, /ECONNREFUSED/);
  return true;
});
assert.throws(() => new WasiTcpServer(70000), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => new WasiTcpServer('x'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => WasiTcpConn.connect('no-port-here'), { code: 'ERR_INVALID_ARG_TYPE' });
await assert.rejects(async () => {
  const c = await WasiTcpConn.connect(`127.0.0.1:${port}`);
  c.close();
  await c.read();
}, { code: 'ERR_SOCKET_CLOSED' });

server.close();
// A pending accept ends when its server closes, so the program can finish.
const idle = new WasiTcpServer(0, '127.0.0.1');
const pending = idle.accept();
idle.close();
await assert.rejects(pending, { code: 'ECONNABORTED' });
print('wasi_net ok');
