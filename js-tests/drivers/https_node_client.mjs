// Node.js's https client against the HTTPS server of test-https-server.js on
// 127.0.0.1:$PORT, trusting the test CA: kept-alive requests over one connection, a chunked
// upload, a large download checked byte by byte, and clients that fail (plain HTTP on the TLS
// port, bytes that are not TLS, a client that refuses the certificate), after each of which
// the server still answers. Ends with /quit.
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import assert from 'node:assert/strict';

const port = Number(process.env.PORT);
const ca = fs.readFileSync('js-tests/fixtures/tls/ca.pem');
const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });

function request(options, body) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: 'localhost', port, agent, ...options }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (Array.isArray(body)) { for (const b of body) req.write(b); req.end(); } else req.end(body);
  });
}

async function stillServes() {
  const { res, body } = await request({ path: '/info', agent: new https.Agent({ ca }) });
  assert.equal(res.statusCode, 200);
  assert.equal(JSON.parse(body).encrypted, true);
}

const ports = new Set();
for (let i = 0; i < 5; i++) {
  const { res, body } = await request({ path: `/info?${i}` });
  assert.equal(res.statusCode, 200);
  const info = JSON.parse(body);
  assert.equal(info.url, `/info?${i}`);
  assert.equal(info.encrypted, true);
  ports.add(info.remotePort);
}
assert.equal(ports.size, 1, 'the agent reused one connection');

// A chunked upload of 3 MiB, echoed back as a byte count and a checksum.
{
  const part = Buffer.alloc(64 * 1024, 7);
  const { res, body } = await request({ path: '/upload', method: 'POST' }, Array(48).fill(part));
  assert.equal(res.statusCode, 200);
  assert.deepEqual(JSON.parse(body), { length: 48 * part.length, sum: 48 * part.length * 7 });
}

// A download of 6 MiB written in pieces by the server.
{
  const n = 6 * 1024 * 1024;
  const { res, body } = await request({ path: `/big?n=${n}` });
  assert.equal(res.statusCode, 200);
  assert.equal(body.length, n);
  for (let i = 0; i < n; i += 4099) assert.equal(body[i], i % 251, `byte ${i}`);
}

// Plain HTTP on the TLS port: no HTTP answer, the connection just ends.
{
  const answer = await new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    let got = '';
    s.on('data', (c) => { got += c.toString('latin1'); });
    s.on('close', () => resolve(got));
    s.on('error', () => {});
  });
  assert.ok(!answer.startsWith('HTTP/'), `a plain request got ${JSON.stringify(answer.slice(0, 40))}`);
  await stillServes();
}

// A client that does not trust the certificate gives up during the handshake.
{
  const err = await new Promise((resolve) => {
    const s = tls.connect({ port, host: '127.0.0.1', servername: 'localhost' });
    s.on('error', resolve);
    s.on('secureConnect', () => resolve(null));
  });
  // The leaf alone, or (Node's server completes the chain from its trust store) with the CA.
  assert.ok(err && ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN'].includes(err.code), String(err && err.code));
  await stillServes();
}

// A client that connects and says nothing does not hold up the others.
{
  const silent = net.connect(port, '127.0.0.1');
  silent.on('error', () => {});
  await new Promise((r) => silent.on('connect', r));
  await stillServes();
  silent.destroy();
}

const { res } = await request({ path: '/quit' });
assert.equal(res.statusCode, 200);
agent.destroy();
console.log('https driver ok');
