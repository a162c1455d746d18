// fetch client: `fetch_client.js BASE_URL SEQUENTIAL CONCURRENT`.
// SEQUENTIAL small GETs one after another, then CONCURRENT GETs of 1 MiB at once, against the
// Node.js peer in node/fetch_peer.js. Prints
// `RESULT seq_ms=<ms> conc_ms=<ms> conc_bytes=<n>`, or `N/A <reason>` when fetch is missing.
// Runs unchanged on this runtime and on Node.js.

const [base, seqArg, concArg] = process.argv.slice(2);
const sequential = Number(seqArg ?? 1000);
const concurrent = Number(concArg ?? 100);
const BIG = 1 << 20;
const now = () => (globalThis.performance?.now ? performance.now() : Date.now());

if (typeof globalThis.fetch !== 'function') {
  console.log('N/A fetch is not available');
  process.exit(0);
}
try {
  const probe = await fetch(`${base}/small`);
  await probe.text();
} catch (e) {
  console.log(`N/A fetch failed: ${e?.message ?? e}`);
  process.exit(0);
}

let started = now();
for (let i = 0; i < sequential; i++) {
  const res = await fetch(`${base}/small`);
  const text = await res.text();
  if (res.status !== 200 || text !== 'hello\n') {
    throw new Error(`small GET ${i}: status ${res.status}, ${text.length} bytes`);
  }
}
const seqMs = now() - started;

started = now();
const sizes = await Promise.all(
  Array.from({ length: concurrent }, async (_, i) => {
    const res = await fetch(`${base}/big?${i}`);
    const body = await res.arrayBuffer();
    if (res.status !== 200 || body.byteLength !== BIG) {
      throw new Error(`big GET ${i}: status ${res.status}, ${body.byteLength} bytes`);
    }
    return body.byteLength;
  }),
);
const concMs = now() - started;
const bytes = sizes.reduce((a, b) => a + b, 0);
console.log(`RESULT seq_ms=${seqMs.toFixed(2)} conc_ms=${concMs.toFixed(2)} conc_bytes=${bytes}`);
