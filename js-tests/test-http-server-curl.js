// test-http-server-curl.js: curl against node:http's server: a POST echoed back, a GET with
// a query, and two requests on one kept-alive curl connection.
//
// @driver: sh js-tests/drivers/http_curl.sh
// @requires: curl
// @timeout: 30

import http from 'node:http';
import { mustCall } from './harness/common.js';

const server = http.createServer(mustCall((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    res.setHeader('Content-Type', 'text/plain');
    if (req.method === 'POST') res.end('echo:' + Buffer.concat(chunks).toString());
    else res.end(`url:${req.url}`);
    if (req.url === '/quit') server.close();
  });
}, 5));

server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
