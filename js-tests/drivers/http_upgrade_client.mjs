// Drives test-http-upgrade.js with Node's http client and a raw socket; exits non-zero on the
// first unexpected answer.
import http from 'node:http';
import net from 'node:net';
import assert from 'node:assert';

const port = Number(process.env.PORT);

function upgrade(path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', path, headers: { Connection: 'Upgrade', Upgrade: 'shout' } });
    req.on('upgrade', (res, socket, head) => resolve({ res, socket, head }));
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

function readUntil(socket, text, already = '') {
  return new Promise((resolve, reject) => {
    let got = already;
    if (got.includes(text)) { resolve(got); return; }
    const ondata = (d) => {
      got += d;
      if (got.includes(text)) { socket.off('data', ondata); resolve(got); }
    };
    socket.on('data', ondata);
    socket.on('error', reject);
    socket.on('end', () => reject(new Error(`ended before ${JSON.stringify(text)}: ${JSON.stringify(got)}`)));
  });
}

// 1. Node's client: 101, then the shouting protocol both ways.
const { res, socket, head } = await upgrade('/chat');
assert.strictEqual(res.statusCode, 101);
assert.strictEqual(res.headers.upgrade, 'shout');
socket.write('hello there');
assert.strictEqual(await readUntil(socket, 'HELLO THERE', head.toString()), 'HELLO THERE');
socket.end();

// 2. Bytes sent right after the head reach the listener as `head`.
const raw = net.connect(port, '127.0.0.1');
await new Promise((resolve) => raw.once('connect', resolve));
raw.write('GET /early HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\nearly');
const seen = await readUntil(raw, 'EARLY');
assert.match(seen, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
raw.end();

// 3. CONNECT reaches 'connect' with the socket.
const tunnel = await new Promise((resolve, reject) => {
  const req = http.request({ port, host: '127.0.0.1', method: 'CONNECT', path: 'example.com:443' });
  req.on('connect', (r, s, h) => resolve({ r, s, h }));
  req.on('error', reject);
  req.end();
});
assert.strictEqual(tunnel.r.statusCode, 200);
assert.strictEqual(await readUntil(tunnel.s, 'tunnel to example.com:443', tunnel.h.toString()), 'tunnel to example.com:443');

// 4. An ordinary request is still answered; /quit closes the server.
const plain = await fetch(`http://127.0.0.1:${port}/plain`).then((r) => r.text());
assert.strictEqual(plain, 'plain /plain upgrade=false');
await fetch(`http://127.0.0.1:${port}/quit`, { headers: { connection: 'close' } }).then((r) => r.text());
console.log('upgrade driver ok');
