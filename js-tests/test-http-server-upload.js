// test-http-server-upload.js: a 64 MiB chunked upload streams through 'data' events in bounded
// memory: the process's memory (under wasm, the linear memory) grows far less than the upload.
//
// @driver: python3 js-tests/drivers/http_upload.py
// @requires: python3
// @timeout: 120

import http from 'node:http';
import assert from './harness/assert.js';

const before = process.memoryUsage().rss;
const server = http.createServer((req, res) => {
  if (req.url === '/quit') { res.end(); server.close(); return; }
  let length = 0;
  let pieces = 0;
  req.on('data', (c) => { length += c.length; pieces++; });
  req.on('end', () => {
    const growth = process.memoryUsage().rss - before;
    print(`received ${length} bytes in ${pieces} pieces; memory grew ${(growth / 1048576).toFixed(1)} MiB`);
    assert.ok(pieces > 64, 'the body arrived in pieces');
    assert.ok(growth < 16 * 1048576, `memory grew ${growth} bytes for a 64 MiB upload`);
    res.end(`${length} ${pieces}`);
  });
});
server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
