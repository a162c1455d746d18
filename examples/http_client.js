// http_client.js: node:http's client against a local HTTP server: http.get with a query, then
// http.request POSTing a JSON body with headers, each printing the status and response body.
//
//   node js-tests/peers/http_echo_server.mjs  (with PORT=8001), then
//   wasmedge --dir .:. wasmedge_quickjs.wasm examples/http_client.js [base URL | port]
//
// The base URL comes from the first argument (a URL or a port), else BASE_URL in the
// environment, else http://127.0.0.1:8001.

import http from 'node:http';

const arg = process.argv[2] || process.env.BASE_URL || 'http://127.0.0.1:8001';
const base = new URL(/^\d+$/.test(arg) ? `http://127.0.0.1:${arg}` : arg);

function printResponse(label, res, done) {
  print(`${label}: ${res.statusCode} ${res.statusMessage}`);
  res.setEncoding('utf8');
  let body = '';
  res.on('data', (chunk) => { body += chunk; });
  res.on('end', () => { print(body); done(); });
}

http.get(new URL('/echo?from=http.get', base), (res) => {
  printResponse('GET', res, () => {
    const payload = JSON.stringify({ hello: 'world' });
    const req = http.request({
      host: base.hostname,
      port: base.port || 80,
      path: '/echo',
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    }, (res2) => printResponse('POST', res2, () => {}));
    req.on('error', (err) => { console.error(`request failed: ${err.code} ${err.message}`); process.exitCode = 1; });
    req.end(payload);
  });
}).on('error', (err) => { console.error(`request failed: ${err.code} ${err.message}`); process.exitCode = 1; });
