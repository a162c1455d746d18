// zlib throughput and ratio: `zlib.js [MiB]` makes MiB (default 8) mebibytes of log-like text
// (JSON lines with counters, names and numbers), then for levels 1, 6 and 9 times gzipSync and
// gunzipSync, and a gzip stream piped into a gunzip stream in 64 KiB writes, and prints MiB/s
// and the compressed size. The same file runs under Node.js, natively and in the wasm:
//
//   target/release/edge-host --dir .:. target/wasmedge_quickjs.wasm bench/zlib.js
//   target/release/wasmedge_quickjs bench/zlib.js
//   node bench/zlib.js

import zlib from 'node:zlib';

const mib = Number(process.argv[2] || 8);
const words = ['GET', 'POST', '/api/users', '/api/orders', '/static/app.js', 'ok', 'error', 'timeout'];
const lines = [];
let size = 0;
let x = 12345;
while (size < mib << 20) {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  const line = `{"t":${1700000000000 + size},"method":"${words[x % 3]}","path":"${words[2 + (x >>> 8) % 3]}","status":${[200, 201, 404, 500][(x >>> 12) % 4]},"ms":${(x >>> 16) % 997},"user":"u${(x >>> 4) % 5000}","result":"${words[5 + (x >>> 20) % 3]}"}\n`;
  lines.push(line);
  size += line.length;
}
const data = Buffer.from(lines.join(''));
const rate = (ms) => (data.length / 1048576 / (ms / 1000)).toFixed(1);

for (const level of [1, 6, 9]) {
  let start = performance.now();
  const packed = zlib.gzipSync(data, { level });
  const packMs = performance.now() - start;
  start = performance.now();
  const back = zlib.gunzipSync(packed);
  const unpackMs = performance.now() - start;
  if (!back.equals(data)) throw new Error(`level ${level}: the round trip changed the data`);
  console.log(`level ${level}: ${data.length} -> ${packed.length} bytes (${(100 * packed.length / data.length).toFixed(2)}%), gzip ${rate(packMs)} MiB/s, gunzip ${rate(unpackMs)} MiB/s`);
}

// Streams: gzip into gunzip, 64 KiB at a time.
const start = performance.now();
const gzip = zlib.createGzip();
const gunzip = zlib.createGunzip();
let out = 0;
gzip.pipe(gunzip);
gunzip.on('data', (c) => { out += c.length; });
const done = new Promise((resolve) => gunzip.on('end', resolve));
for (let i = 0; i < data.length; i += 65536) gzip.write(data.subarray(i, i + 65536));
gzip.end();
await done;
if (out !== data.length) throw new Error(`streams: ${out} bytes out of ${data.length}`);
console.log(`streams: gzip piped into gunzip ${rate(performance.now() - start)} MiB/s`);
