// fetch.js: the WHATWG fetch client against a local HTTP server: a GET with a query, a POST
// with a text body, a PUT with a JSON body and headers, each printing the response body.
//
//   node js-tests/peers/http_echo_server.mjs  (with PORT=8001), then
//   wasmedge --dir .:. wasmedge_quickjs.wasm examples/fetch.js [base URL | port]
//
// The base URL comes from the first argument (a URL or a port), else BASE_URL in the
// environment, else http://127.0.0.1:8001. The paths are those of the echo server above.

const arg = process.argv[2] || process.env.BASE_URL || 'http://127.0.0.1:8001';
const base = /^\d+$/.test(arg) ? `http://127.0.0.1:${arg}` : arg.replace(/\/$/, '');

async function show(label, promise) {
  const res = await promise;
  print(`${label}: ${res.status} ${res.statusText} (${res.headers.get('content-type')})`);
  print(await res.text());
}

await show('GET', fetch(`${base}/echo?name=wasmedge&lang=js`));
await show('POST', fetch(`${base}/echo`, { method: 'POST', body: 'hello from fetch' }));
await show('PUT', fetch(`${base}/echo`, {
  method: 'PUT',
  headers: { 'Content-Type': 'application/json', 'X-Example': 'fetch.js' },
  body: JSON.stringify({ id: 1, tags: ['a', 'b'] }),
}));
