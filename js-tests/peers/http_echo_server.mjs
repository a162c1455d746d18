// An HTTP test server on Node.js's own http module, for the fetch and http client tests.
// Listens on 127.0.0.1:$PORT. Routes:
//   /echo            JSON of the request: method, url, headers, rawHeaders, body (text), length
//   /bytes?n=N       N bytes (i % 251) with Content-Length, written in 64 KiB pieces with backpressure
//   /chunked?n=N     the same bytes, chunked (no Content-Length)
//   /redirect/K      302 to /redirect/K-1; /redirect/0 redirects to /echo
//   /status/N        an empty answer with status N (a Location for 3xx when ?to= is given)
//   /slow?ms=N       answers after N ms
//   /cookies         two Set-Cookie fields
//   /close           answers with Connection: close
import http from 'node:http';

function pattern(n, out, at) {
  for (let i = 0; i < out.length; i++) out[i] = (at + i) % 251;
  return out;
}

function sendBytes(res, n) {
  let sent = 0;
  const piece = Buffer.alloc(64 * 1024);
  const pump = () => {
    while (sent < n) {
      const len = Math.min(piece.length, n - sent);
      const chunk = pattern(n, Buffer.alloc(len), sent);
      sent += len;
      if (!res.write(chunk)) { res.once('drain', pump); return; }
    }
    res.end();
  };
  pump();
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const path = url.pathname;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (path === '/echo' || path === '/close') {
      const text = JSON.stringify({
        method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders,
        body: body.toString('utf8'), length: body.length, remotePort: req.socket.remotePort,
      });
      const headers = { 'content-type': 'application/json', 'x-echo': 'yes' };
      if (path === '/close') headers.connection = 'close';
      res.writeHead(200, headers);
      res.end(text);
    } else if (path === '/bytes') {
      const n = Number(url.searchParams.get('n') || 0);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
      sendBytes(res, n);
    } else if (path === '/chunked') {
      const n = Number(url.searchParams.get('n') || 0);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      sendBytes(res, n);
    } else if (path.startsWith('/redirect/')) {
      const k = Number(path.slice('/redirect/'.length));
      const status = Number(url.searchParams.get('status') || 302);
      const to = k <= 0 ? '/echo' : `/redirect/${k - 1}?status=${status}`;
      res.writeHead(status, { location: to });
      res.end('moved');
    } else if (path.startsWith('/status/')) {
      const status = Number(path.slice('/status/'.length));
      const headers = {};
      if (url.searchParams.get('to')) headers.location = url.searchParams.get('to');
      res.writeHead(status, 'Custom Reason', headers);
      res.end();
    } else if (path === '/slow') {
      const t = setTimeout(() => { res.writeHead(200); res.end('late'); }, Number(url.searchParams.get('ms') || 5000));
      res.on('close', () => clearTimeout(t));
    } else if (path === '/cookies') {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2']);
      res.setHeader('x-multi', ['one', 'two']);
      res.end('cookies');
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT), '127.0.0.1');
