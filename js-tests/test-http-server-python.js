// test-http-server-python.js: Python's urllib against node:http's server: GET, POST with a body,
// a 404 with its status, response headers.
//
// @driver: python3 js-tests/drivers/http_urllib.py
// @requires: python3
// @timeout: 30

import http from 'node:http';
import { mustCall } from './harness/common.js';

const server = http.createServer(mustCall((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (req.url === '/missing') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('nothing here');
      return;
    }
    res.writeHead(200, 'Fine', [['Content-Type', 'text/plain'], ['X-Multi', 'a'], ['X-Multi', 'b']]);
    res.write(`${req.method} ${req.url} `);
    res.end(body);
    if (req.url === '/quit') server.close();
  });
}, 4));

server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
