// test-http-server-body-speed.js: a 1 MiB body given to res.end() as a string costs about what
// the same bytes cost as a Uint8Array (strings become bytes in Rust, not in a JavaScript loop).
// The driver times both over one kept-alive connection.
//
// @driver: python3 js-tests/drivers/http_body_speed.py
// @requires: python3
// @timeout: 60

import http from 'node:http';

const text = 's'.repeat(1 << 20);
const bytes = new Uint8Array(1 << 20).fill('b'.charCodeAt(0));

const server = http.createServer((req, res) => {
  if (req.url === '/string') res.end(text);
  else if (req.url === '/bytes') res.end(bytes);
  else { res.end(); server.close(); }
});
server.listen(0, '127.0.0.1', () => print(`READY ${server.address().port}`));
