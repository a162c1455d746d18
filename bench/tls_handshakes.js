// TLS handshakes: `tls_handshakes.js HOST PORT COUNT`. COUNT connections one after another to
// the HTTPS peer (node/fetch_peer.js ... tls), each a new TCP connection and TLS handshake
// (servername `localhost`, the test CA trusted through NODE_EXTRA_CA_CERTS), one HTTP/1.1
// request with `Connection: close`, and its response read to the end. Sessions may be resumed
// as a client would: this runtime's connector remembers them by itself; on Node.js the last
// session (its 'session' event) is offered to the next connection, as https.Agent does. One
// untimed connection first. Prints `RESULT ms=<ms> count=<n>`, or `N/A <reason>` when
// node:tls is missing. Runs unchanged on this runtime and on Node.js.

const [host = '127.0.0.1', portArg, countArg] = process.argv.slice(2);
const port = Number(portArg);
const count = Number(countArg ?? 200);
const now = () => (globalThis.performance?.now ? performance.now() : Date.now());
const request = `GET /small HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`;

let tls;
try {
  tls = await import('node:tls');
} catch (e) {
  console.log(`N/A node:tls is not available: ${e?.message ?? e}`);
  process.exit(0);
}
if (typeof tls.connect !== 'function') {
  console.log('N/A tls.connect is not available');
  process.exit(0);
}

let session;
function once(i) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: 'localhost', session });
    const chunks = [];
    socket.on('session', (s) => { session = s; });
    socket.once('secureConnect', () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('error', (err) => reject(new Error(`connection ${i}: ${err?.message ?? err}`)));
    socket.once('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      if (!text.startsWith('HTTP/1.1 200') || !text.endsWith('\r\n\r\nhello\n')) {
        reject(new Error(`connection ${i}: unexpected response ${JSON.stringify(text.slice(0, 60))}`));
      } else {
        resolve();
      }
    });
  });
}

await once('probe');
const started = now();
for (let i = 0; i < count; i++) await once(i);
const ms = now() - started;
console.log(`RESULT ms=${ms.toFixed(2)} count=${count}`);
