// test-http-server-memory.js: 100,000 requests over one kept-alive connection leave the memory
// where it was after the first 1,000 (under wasm, process.memoryUsage().rss is the linear memory,
// which never shrinks: any per-request leak shows as growth).
//
// @driver: python3 js-tests/drivers/http_many.py 100000
// @requires: python3
// @timeout: 180

import http from 'node:http';
import assert from './harness/assert.js';

const TOTAL = 100000;
let count = 0;
let rssAt1000 = 0;
let heapAt1000 = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/quit') {
    res.end();
    server.close();
    return;
  }
  count++;
  res.setHeader('Content-Type', 'text/plain');
  res.end('Hello World\n');
  if (count === 1000) {
    rssAt1000 = process.memoryUsage().rss;
    heapAt1000 = process.memoryUsage().heapUsed;
  } else if (count === TOTAL) {
    const m = process.memoryUsage();
    print(`rss after 1000: ${rssAt1000}, after ${TOTAL}: ${m.rss}; heapUsed ${heapAt1000} -> ${m.heapUsed}`);
    assert.ok(m.rss - rssAt1000 <= 1048576, `memory grew by ${m.rss - rssAt1000} bytes`);
    assert.ok(m.heapUsed - heapAt1000 <= 262144, `the JavaScript heap grew by ${m.heapUsed - heapAt1000} bytes`);
  }
});
server.on('close', () => assert.equal(count, TOTAL));
server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
