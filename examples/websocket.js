// A WebSocket echo server and a client in one program: the server takes over connections
// through node:http's 'upgrade' event and speaks RFC 6455 frames itself; the client is the
// global WebSocket. Given a key and a certificate (PEM files) it serves wss: instead, over
// node:https, and the client connects to wss://localhost (trusting the certificate's issuer
// through NODE_EXTRA_CA_CERTS).
//
//   wasmedge --dir .:. wasmedge_quickjs.wasm examples/websocket.js [port [key.pem cert.pem]]

import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/// One unmasked frame, as a server sends them.
function frame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n])
    : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), Buffer.alloc(4), Buffer.from([n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255])]);
  return Buffer.concat([head, payload]);
}

/// Splits masked client frames off `buffer`; returns what is left over.
function readFrames(buffer, onFrame) {
  for (;;) {
    if (buffer.length < 2) return buffer;
    let length = buffer[1] & 0x7f;
    let at = 2;
    if (length === 126) { if (buffer.length < 4) return buffer; length = buffer.readUInt16BE(2); at = 4; }
    else if (length === 127) { if (buffer.length < 10) return buffer; length = buffer.readUInt32BE(6); at = 10; }
    if (buffer.length < at + 4 + length) return buffer;
    const mask = buffer.subarray(at, at + 4);
    const payload = Buffer.from(buffer.subarray(at + 4, at + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    onFrame(buffer[0] & 0x0f, payload);
    buffer = buffer.subarray(at + 4 + length);
  }
}

const [portArg, keyFile, certFile] = process.argv.slice(2);
const secure = Boolean(keyFile && certFile);
const page = (req, res) => res.end(`a WebSocket server: connect with ${secure ? 'wss' : 'ws'}://\n`);
const server = secure
  ? https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, page)
  : http.createServer(page);

server.on('upgrade', (req, socket) => {
  const accept = createHash('sha1').update(req.headers['sec-websocket-key'] + GUID).digest('base64');
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = readFrames(Buffer.concat([pending, chunk]), (opcode, payload) => {
      if (opcode === 1) socket.write(frame(1, Buffer.from(`echo: ${payload}`)));
      else if (opcode === 9) socket.write(frame(10, payload));
      else if (opcode === 8) socket.end(frame(8, payload.subarray(0, 2)));
    });
  });
});

server.listen(Number(portArg || 0), '127.0.0.1', () => {
  const port = server.address().port;
  const ws = new WebSocket(secure ? `wss://localhost:${port}/` : `ws://127.0.0.1:${port}/`);
  const words = ['hello', 'WasmEdge'];
  ws.onopen = () => ws.send(words.shift());
  ws.onmessage = (event) => {
    print(`client got: ${event.data}`);
    if (words.length > 0) ws.send(words.shift());
    else ws.close(1000, 'done');
  };
  ws.onclose = (event) => {
    print(`closed: ${event.code} clean=${event.wasClean}`);
    server.close();
  };
});
