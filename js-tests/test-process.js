// test-process.js: process.argv, env from the WASI environment, exitCode, platform, version,
// nextTick, hrtime, memoryUsage, and 'exit' listeners that see the final code.
//
// @args: alpha beta-gamma
// @env: GREETING=hello
// @env: EMPTY=
// @expect-exit: 7
// @expect-stdout: exit event 7

import assert from 'node:assert';
import proc from 'node:process';

assert.strictEqual(proc, process);
assert.ok(Array.isArray(process.argv));
assert.ok(process.argv[1].endsWith('test-process.js'), process.argv[1]);
assert.deepStrictEqual(process.argv.slice(2), ['alpha', 'beta-gamma']);
assert.deepStrictEqual(globalThis.args.slice(1), ['alpha', 'beta-gamma']);
assert.strictEqual(process.env.GREETING, 'hello');
assert.strictEqual(process.env.EMPTY, '');
assert.strictEqual(process.env.HOME, undefined, 'the host environment is not inherited');
assert.strictEqual(typeof process.platform, 'string');
assert.match(process.version, /^v\d+\.\d+\.\d+$/);
assert.strictEqual(typeof process.versions.node, 'string');
assert.strictEqual(typeof process.pid, 'number');
assert.ok(process.uptime() >= 0);
const [s, ns] = process.hrtime();
assert.ok(Number.isInteger(s) && Number.isInteger(ns));
assert.strictEqual(typeof process.hrtime.bigint(), 'bigint');
const mem = process.memoryUsage();
assert.ok(mem.rss > 0 && mem.heapUsed > 0, JSON.stringify(mem));
// CPU time: it grows with work done, and a previous reading gives the difference.
// Work until 20 ms of CPU time show (a loaded machine may take longer than 20 ms of wall
// time for it), within 10 s; no more CPU time than two threads could spend meanwhile.
const cpuStart = process.cpuUsage();
assert.ok(cpuStart.user >= 0 && cpuStart.system >= 0, JSON.stringify(cpuStart));
const wallStart = Date.now();
let cpuSpent;
do {
  for (let i = 0; i < 100000; i++);
  cpuSpent = process.cpuUsage(cpuStart);
} while (cpuSpent.user + cpuSpent.system < 20000 && Date.now() - wallStart < 10000);
assert.ok(cpuSpent.user + cpuSpent.system >= 20000, JSON.stringify(cpuSpent));
assert.ok(cpuSpent.user + cpuSpent.system <= (Date.now() - wallStart) * 2000 + 50000, JSON.stringify(cpuSpent));
assert.throws(() => process.cpuUsage(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => process.cpuUsage({ user: 'a', system: 0 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => process.cpuUsage({ user: -1, system: 0 }), { name: 'RangeError', code: 'ERR_INVALID_ARG_VALUE' });
const usage = process.resourceUsage();
assert.ok(usage.userCPUTime + usage.systemCPUTime >= cpuSpent.user, JSON.stringify(usage));
assert.ok(usage.maxRSS > 0 && usage.fsRead === 0, JSON.stringify(usage));
assert.throws(() => process.nextTick('nope'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => { process.exitCode = 'abc'; }, { code: 'ERR_INVALID_ARG_TYPE' });
assert.strictEqual(process.exitCode, undefined);
assert.strictEqual(typeof process.stdout.write, 'function');
process.stdout.write('via stdout.write\n');

process.nextTick((a, b) => assert.strictEqual(a + b, 3), 1, 2);
process.on('exit', (code) => {
  print(`exit event ${code}`);
  assert.strictEqual(code, 7);
});
process.exitCode = 7;
