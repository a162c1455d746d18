// test-http-server-wrk.js: wrk drives hello world over 16 kept-alive connections for 2 s; the
// driver fails on any socket error, timeout or non-2xx answer.
//
// @driver: python3 js-tests/drivers/http_wrk.py 16 2
// @requires: wrk python3
// @timeout: 60

import http from 'node:http';

let served = 0;
const server = http.createServer((req, res) => {
  served++;
  res.setHeader('Content-Type', 'text/plain');
  res.end('Hello World\n');
  if (req.url === '/quit') server.close();
});
server.on('close', () => print(`served ${served}`));
server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
