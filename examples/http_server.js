// An echo server on node:http: answers every request with "echo:" and the request body.
//
//   wasmedge --dir .:. wasmedge_quickjs.wasm examples/http_server.js [port]
//   curl -d "WasmEdge" -X POST http://127.0.0.1:8001/    # -> echo:WasmEdge

import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 8001);

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    res.setHeader('Content-Type', 'text/plain');
    res.end('echo:' + Buffer.concat(chunks).toString());
  });
});

server.listen(port, () => {
  console.log(`listening on ${server.address().port}`);
});
