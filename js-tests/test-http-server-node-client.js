// test-http-server-node-client.js: the Node.js http client (a driver run by node) talks to
// node:http's server: GET and POST, a kept-alive agent reusing one connection, chunked uploads.
//
// @driver: node js-tests/drivers/http_node_client.mjs
// @requires: node
// @timeout: 60

import http from 'node:http';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

const server = http.createServer(mustCall((req, res) => {
  let length = 0;
  req.on('data', (c) => { length += c.length; });
  req.on('end', () => {
    assert.equal(req.socket.remoteAddress, '127.0.0.1');
    assert.equal(req.socket.remoteFamily, 'IPv4');
    assert.equal(req.socket.localPort, server.address().port);
    res.statusCode = req.method === 'POST' ? 201 : 200;
    res.setHeader('X-Powered-By', 'wasmedge');
    res.end(JSON.stringify({ url: req.url, length, remotePort: req.socket.remotePort }));
    if (req.url === '/quit') server.close();
  });
}, 8));

server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
