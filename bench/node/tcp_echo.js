// The Node.js reference for tcp_echo.js, over node:net: `tcp_echo.js PORT LIFETIME_SECONDS`.

import net from 'node:net';

const port = Number(process.argv[2] ?? 0);
const lifetime = Number(process.argv[3] ?? 60);

const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(port, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
setTimeout(() => process.exit(0), lifetime * 1000).unref();
