// A TCP echo server and a client in one program, over the wasi_net module.
//
//   wasmedge --dir .:. wasmedge_quickjs.wasm examples/tcp_echo.js [port]

import { WasiTcpServer, WasiTcpConn } from 'wasi_net';

const port = Number(process.argv[2] || 0);
const server = new WasiTcpServer(port, '127.0.0.1');
const { port: bound } = server.address();

async function serve() {
  const conn = await server.accept();
  print(`server accept: ${conn.peer()}`);
  const data = await conn.read();
  const text = new TextDecoder().decode(data);
  print(`server recv: ${text}`);
  await conn.write(`echo:${text}`);
  conn.close();
  server.close();
}

async function client() {
  const conn = await WasiTcpConn.connect(`127.0.0.1:${bound}`);
  await conn.write('hello');
  const reply = await conn.read();
  print(`client recv: ${new TextDecoder().decode(reply)}`);
  conn.close();
}

await Promise.all([serve(), client()]);
