// JS compute: builds records, JSON.stringify, JSON.parse, sorts by number and by string.
// `compute.js ROUNDS RECORDS`; prints `RESULT ms=<ms> check=<n>` (the same check on every
// runtime). Times only the work, not start-up. Runs unchanged on this runtime and on Node.js.

const rounds = Number(process.argv[2] ?? 5);
const count = Number(process.argv[3] ?? 20000);
const now = () => (globalThis.performance?.now ? performance.now() : Date.now());

function makeRecords(n, seed) {
  let x = seed;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x;
  };
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = next();
    out.push({
      id: i,
      name: `item-${(r % 100000).toString(36)}-${i}`,
      score: (r % 1000003) / 7,
      active: (r & 1) === 1,
      tags: ['a', 'b', 'c'].slice(0, r % 4),
      nested: { depth: r % 13, label: `L${r % 97}` },
    });
  }
  return out;
}

let check = 0;
const started = now();
for (let round = 0; round < rounds; round++) {
  const records = makeRecords(count, round + 1);
  const text = JSON.stringify(records);
  const parsed = JSON.parse(text);
  parsed.sort((a, b) => a.score - b.score || a.id - b.id);
  const names = parsed.map((r) => r.name).sort();
  check = (check + text.length + parsed[0].id + names[names.length >> 1].length) % 1000000007;
}
const ms = now() - started;
console.log(`RESULT ms=${ms.toFixed(2)} check=${check}`);
