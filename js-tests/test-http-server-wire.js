// test-http-server-wire.js: node:http's server against raw sockets (a Python driver): pipelined
// requests answered in order, a request split mid-line, chunked bodies, a POST then another
// request on the same connection, HEAD without a body, header values with colons, Host with its
// port and duplicates joined as Node joins them, HTTP/1.0 and `Connection: close` closing the
// socket, garbage answered 400 while others are served, a client vanishing mid-body, and a slow
// head cut off by headersTimeout.
//
// The server answers every request with a JSON description of it; the driver asserts on that.
// @driver: python3 js-tests/drivers/http_wire.py pipelined split_mid_line chunked_body post_then_get head_no_body header_fidelity http10_close connection_close garbage abort_mid_body slow_headers done
// @requires: python3
// @timeout: 60

import http from 'node:http';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => {
    assert.ok(Buffer.isBuffer(c));
    chunks.push(c);
  });
  req.on('end', () => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({
      method: req.method,
      url: req.url,
      httpVersion: req.httpVersion,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks).toString(),
    }));
    if (req.url === '/quit') server.close();
  });
  if (req.url === '/abort') {
    req.on('aborted', mustCall());
    req.on('close', mustCall());
  }
});
server.headersTimeout = 1000;
server.on('close', mustCall());

server.listen(0, '127.0.0.1', mustCall(() => {
  print(`READY ${server.address().port}`);
}));
