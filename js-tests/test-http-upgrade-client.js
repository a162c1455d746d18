// test-http-upgrade-client.js: node:http's client on connections that switch protocols: a 101
// answer goes to the request's 'upgrade' listener with the response, a net.Socket and the
// bytes the server sent after its head; a 2xx answer to CONNECT goes to 'connect'; without a
// listener the connection is closed and no 'response' comes. The server is this runtime's
// own (see test-http-upgrade.js for Node's client against it). The same file passes under
// Node.js.

import http from 'node:http';
import net from 'node:net';
import assert from 'node:assert';

const { strictEqual, ok } = assert;

const server = http.createServer((req, res) => res.end('plain'));
server.on('upgrade', (req, socket) => {
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: shout\r\nConnection: Upgrade\r\n\r\nwelcome');
  socket.on('data', (d) => socket.write(d.toString().toUpperCase()));
  socket.on('end', () => socket.end());
});
server.on('connect', (req, socket) => {
  socket.end(`HTTP/1.1 200 Connection Established\r\n\r\ntunnel to ${req.url}`);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

function readAll(socket, initial) {
  return new Promise((resolve, reject) => {
    let got = initial;
    socket.on('data', (d) => { got += d; });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
}

// 'upgrade': the protocol after the switch, both ways.
const upgraded = await new Promise((resolve, reject) => {
  const req = http.request({ port, host: '127.0.0.1', path: '/chat', headers: { Connection: 'Upgrade', Upgrade: 'shout' } });
  req.on('upgrade', (res, socket, head) => resolve({ res, socket, head }));
  req.on('response', () => reject(new Error('a 101 is not a response')));
  req.on('error', reject);
  req.end();
});
strictEqual(upgraded.res.statusCode, 101);
strictEqual(upgraded.res.headers.upgrade, 'shout');
ok(upgraded.socket instanceof net.Socket);
strictEqual(upgraded.head.toString(), 'welcome');
const echoed = readAll(upgraded.socket, '');
upgraded.socket.end('quiet words');
strictEqual(await echoed, 'QUIET WORDS');

// 'connect'.
const tunnel = await new Promise((resolve, reject) => {
  const req = http.request({ port, host: '127.0.0.1', method: 'CONNECT', path: 'example.com:443' });
  req.on('connect', (res, socket, head) => resolve({ res, socket, head }));
  req.on('error', reject);
  req.end();
});
strictEqual(tunnel.res.statusCode, 200);
strictEqual(await readAll(tunnel.socket, tunnel.head.toString()), 'tunnel to example.com:443');

// No 'upgrade' listener: the connection closes, without a 'response'.
await new Promise((resolve, reject) => {
  const req = http.request({ port, host: '127.0.0.1', path: '/nobody', headers: { Connection: 'Upgrade', Upgrade: 'shout' } });
  req.on('response', () => reject(new Error('a 101 is not a response')));
  req.on('close', resolve);
  req.on('error', () => {});
  req.end();
});

// The server still answers ordinary requests.
strictEqual(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'plain');
server.close();
console.log('client upgrade ok');
