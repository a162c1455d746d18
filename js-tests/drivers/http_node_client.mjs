// Node.js's own http client against the server on 127.0.0.1:$PORT: GET, POST with a body,
// several requests over one kept-alive agent, response headers as Node sees them.
import http from 'node:http';
import assert from 'node:assert/strict';

const port = Number(process.env.PORT);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(options, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent, ...options }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const seen = new Set();
for (let i = 0; i < 5; i++) {
  const { res, body } = await request({ path: `/get/${i}` });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-powered-by'], 'wasmedge');
  assert.ok(res.headers.date, 'a Date header');
  assert.equal(JSON.parse(body).url, `/get/${i}`);
  seen.add(JSON.parse(body).remotePort);
}
assert.equal(seen.size, 1, 'the agent reused one connection');

const { res, body } = await request({ method: 'POST', path: '/post', headers: { 'content-type': 'text/plain' } }, 'x'.repeat(100000));
assert.equal(res.statusCode, 201);
assert.equal(JSON.parse(body).length, 100000);

const chunked = await request({ method: 'PUT', path: '/chunked', headers: { 'transfer-encoding': 'chunked' } }, 'abc');
assert.equal(JSON.parse(chunked.body).length, 3);

await request({ path: '/quit', headers: { connection: 'close' } });
agent.destroy();
console.log('node client ok');
