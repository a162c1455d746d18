// Cipher throughput: `ciphers.js [MiB]` encrypts MiB (default 16) mebibytes with each of
// AES-256-CBC, AES-256-CTR, AES-256-GCM and ChaCha20-Poly1305 through node:crypto, in 1 MiB
// update() calls, and prints MiB/s for each. The same file runs under Node.js, natively and
// in the wasm:
//
//   target/release/edge-host --dir .:. target/wasmedge_quickjs.wasm bench/ciphers.js
//   target/release/wasmedge_quickjs bench/ciphers.js
//   node bench/ciphers.js

import crypto from 'node:crypto';

const mib = Number(process.argv[2] || 16);
const data = Buffer.alloc(mib << 20, 1);
for (const alg of ['aes-256-cbc', 'aes-256-ctr', 'aes-256-gcm', 'chacha20-poly1305']) {
  const iv = Buffer.alloc(alg.endsWith('cbc') || alg.endsWith('ctr') ? 16 : 12, 2);
  const start = performance.now();
  const cipher = crypto.createCipheriv(alg, Buffer.alloc(32, 1), iv);
  let out = 0;
  for (let i = 0; i < mib; i++) out += cipher.update(data.subarray(i << 20, (i + 1) << 20)).length;
  out += cipher.final().length;
  if (out < data.length) throw new Error(`${alg}: ${out} bytes out of ${data.length}`);
  console.log(`${alg.padEnd(18)} ${(mib / ((performance.now() - start) / 1000)).toFixed(1)} MiB/s`);
}
