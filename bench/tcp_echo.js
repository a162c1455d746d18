// TCP echo server over wasi_net: `tcp_echo.js PORT LIFETIME_SECONDS`. Every connection gets back
// what it sends until it half-closes. Prints `READY <port>`; exits by itself after
// LIFETIME_SECONDS. The Node.js reference is node/tcp_echo.js.

const port = Number(process.argv[2] ?? 0);
const lifetime = Number(process.argv[3] ?? 60);
setTimeout(() => process.exit(0), lifetime * 1000);

let net;
try {
  net = await import('wasi_net');
} catch (e) {
  console.log(`N/A wasi_net: ${e?.message ?? e}`);
  process.exit(0);
}

const server = new net.WasiTcpServer(port, '127.0.0.1');
console.log(`READY ${server.address().port}`);

async function echo(conn) {
  try {
    for (;;) {
      const chunk = await conn.read();
      if (chunk === undefined) break;
      await conn.write(chunk);
    }
  } catch (e) {
    console.error(`echo: ${e?.message ?? e}`);
  }
  conn.close();
}

for (;;) {
  echo(await server.accept());
}
