// selftest.mjs: holds the test harness to Node's behaviour. Run under Node itself:
//   node js-tests/harness/selftest.mjs
// Every case runs through our assert.js and through node:assert; the outcomes must agree.

import nodeAssert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ours, * as named from './assert.js';

let failures = 0;
function check(condition, what) {
  if (!condition) {
    failures++;
    console.error(`not ok: ${what}`);
  }
}

// 'pass', 'AssertionError', or the class and code of any other error.
function outcome(run) {
  try {
    run();
    return 'pass';
  } catch (err) {
    if (err?.code === 'ERR_ASSERTION') return 'AssertionError';
    return `${err?.constructor?.name}:${err?.code}`;
  }
}
async function asyncOutcome(run) {
  try {
    await run();
    return 'pass';
  } catch (err) {
    if (err?.code === 'ERR_ASSERTION') return 'AssertionError';
    return `${err?.constructor?.name}:${err?.code}`;
  }
}

const cyclic = () => {
  const o = { a: 1 };
  o.self = o;
  return o;
};
const sym = Symbol('s');
class Custom extends Error {}
const thrower = (err) => () => {
  throw err;
};

const cases = [
  ['ok', [true]], ['ok', [1]], ['ok', [0]], ['ok', ['']], ['ok', [null]], ['ok', []],
  ['equal', [1, '1']], ['equal', [NaN, NaN]], ['equal', [null, undefined]], ['equal', [1, 2]],
  ['equal', [{}, {}]],
  ['notEqual', [1, 2]], ['notEqual', [1, '1']], ['notEqual', [NaN, NaN]],
  ['strictEqual', [1, 1]], ['strictEqual', [1, '1']], ['strictEqual', [NaN, NaN]],
  ['strictEqual', [0, -0]], ['strictEqual', ['a', 'a']], ['strictEqual', [{}, {}]],
  ['notStrictEqual', [1, 2]], ['notStrictEqual', [1, 1]], ['notStrictEqual', [0, -0]],
  ['deepStrictEqual', [{ a: [1, 2] }, { a: [1, 2] }]],
  ['deepStrictEqual', [{ a: 1 }, { a: '1' }]],
  ['deepStrictEqual', [[1, 2], [1, 2, 3]]],
  ['deepStrictEqual', [[0], [-0]]],
  ['deepStrictEqual', [[NaN], [NaN]]],
  ['deepStrictEqual', [{ a: 1, b: 2 }, { b: 2, a: 1 }]],
  ['deepStrictEqual', [{ a: 1 }, { a: 1, b: undefined }]],
  ['deepStrictEqual', [Object.create(null), {}]],
  ['deepStrictEqual', [new Date(5), new Date(5)]], ['deepStrictEqual', [new Date(5), new Date(6)]],
  ['deepStrictEqual', [/a/g, /a/g]], ['deepStrictEqual', [/a/g, /a/i]],
  ['deepStrictEqual', [new Map([[1, { x: 1 }]]), new Map([[1, { x: 1 }]])]],
  ['deepStrictEqual', [new Map([[1, 2]]), new Map([[1, 3]])]],
  ['deepStrictEqual', [new Map([[{ k: 1 }, 'v']]), new Map([[{ k: 1 }, 'v']])]],
  ['deepStrictEqual', [new Set([1, { a: 2 }]), new Set([{ a: 2 }, 1])]],
  ['deepStrictEqual', [new Set([1]), new Set(['1'])]],
  ['deepStrictEqual', [new Uint8Array([1, 2]), new Uint8Array([1, 2])]],
  ['deepStrictEqual', [new Uint8Array([1, 2]), new Uint8Array([1, 3])]],
  ['deepStrictEqual', [new Uint8Array([1]), new Int8Array([1])]],
  ['deepStrictEqual', [cyclic(), cyclic()]],
  ['deepStrictEqual', [{ [sym]: 1 }, { [sym]: 1 }]], ['deepStrictEqual', [{ [sym]: 1 }, { [sym]: 2 }]],
  ['deepStrictEqual', [new Error('x'), new Error('x')]], ['deepStrictEqual', [new Error('x'), new Error('y')]],
  ['deepStrictEqual', [new Number(1), new Number(1)]], ['deepStrictEqual', [new Number(1), new Number(2)]],
  ['deepStrictEqual', [[1, , 3], [1, undefined, 3]]],
  ['notDeepStrictEqual', [{ a: 1 }, { a: 2 }]], ['notDeepStrictEqual', [{ a: 1 }, { a: 1 }]],
  ['match', ['abc', /b/]], ['match', ['abc', /x/]], ['match', [123, /1/]], ['match', ['abc', 'b']],
  ['fail', []], ['fail', ['boom']],
  ['throws', [thrower(new TypeError('bad'))]],
  ['throws', [() => {}]],
  ['throws', [thrower(new TypeError('bad')), TypeError]],
  ['throws', [thrower(new TypeError('bad')), RangeError]],
  ['throws', [thrower(new Custom('c')), Error]],
  ['throws', [thrower(new Error('bad thing')), /bad/]],
  ['throws', [thrower(new Error('bad thing')), /good/]],
  ['throws', [thrower(Object.assign(new Error('m'), { code: 'E1' })), { code: 'E1' }]],
  ['throws', [thrower(Object.assign(new Error('m'), { code: 'E1' })), { code: 'E2' }]],
  ['throws', [thrower(new Error('hello')), { message: /ell/ }]],
  ['throws', [thrower(new Error('x')), (e) => e.message === 'x']],
  ['throws', [thrower(new Error('x')), (e) => e.message === 'y']],
  ['throws', [thrower(new Error('x')), {}]],
  ['throws', ['not a function']],
  ['throws', [() => {}, 'custom message']],
];

for (const [name, args] of cases) {
  const label = `${name}(${args.map((a) => named.inspect(a)).join(', ')})`;
  const want = outcome(() => nodeAssert[name](...args));
  const got = outcome(() => named[name](...args));
  check(got === want, `${label}: node says ${want}, ours says ${got}`);
  check(typeof ours[name] === 'function', `default export has ${name}`);
}

// rejects, with promises and with functions returning them.
const asyncCases = [
  [() => Promise.reject(new TypeError('t'))],
  [() => Promise.resolve(1)],
  [Promise.reject(new TypeError('t')), TypeError],
  [() => Promise.reject(new TypeError('t')), RangeError],
  [() => Promise.reject(new Error('nope')), /nope/],
  [() => Promise.reject(new Error('nope')), { message: 'nope' }],
  [() => 42],
  [42],
];
for (const args of asyncCases) {
  // Fresh promises for each side: a promise can be awaited once for a meaningful rejection.
  const fresh = () => args.map((a) => (a instanceof Promise ? a.catch((e) => Promise.reject(e)) : a));
  const want = await asyncOutcome(() => nodeAssert.rejects(...fresh()));
  const got = await asyncOutcome(() => named.rejects(...fresh()));
  check(got === want, `rejects(${args.map((a) => named.inspect(a)).join(', ')}): node says ${want}, ours says ${got}`);
}
for (const args of asyncCases) for (const a of args) if (a instanceof Promise) a.catch(() => {});

// Messages show the values, and a caller's message replaces the generated one.
try {
  named.strictEqual({ n: 1 }, [2]);
} catch (err) {
  check(err instanceof named.AssertionError && err.name === 'AssertionError', 'AssertionError class and name');
  check(err.message.includes('{ n: 1 }') && err.message.includes('[ 2 ]'), `message shows both values: ${err.message}`);
  check(err.operator === 'strictEqual' && err.generatedMessage === true, 'operator and generatedMessage');
  check(err.actual.n === 1, 'actual kept');
}
check(outcome(() => ours(false)) === 'AssertionError', 'default export is callable like assert.ok');
try {
  named.equal(1, 2, 'my words');
} catch (err) {
  check(err.message === 'my words' && err.generatedMessage === false, 'user message used');
}
check(named.inspect('it\'s') === "'it\\'s'", 'strings are quoted');
check(named.inspect(cyclic()).includes('[Circular]'), 'cycles are shown, not followed');

// mustCall / mustNotCall, each in its own Node process, judged by exit status and stderr.
const commonUrl = pathToFileURL(fileURLToPath(new URL('./common.js', import.meta.url))).href;
const programs = [
  ['called once as required', 'const f = mustCall((x) => x * 2); if (f(21) !== 42) process.exit(9);', 0, null],
  ['never called', 'mustCall(function handler() {});', 1, /Mismatched handler function calls\. Expected exactly 1, actual 0/],
  ['called too often', 'const f = mustCall(2); f(); f(); f();', 1, /Expected exactly 2, actual 3/],
  ['count as only argument', 'const f = mustCall(2); f(); f();', 0, null],
  ['mustNotCall swallowed', 'try { mustNotCall("no!")(1); } catch {}', 1, /no!/],
  ['mustNotCall unused', 'mustNotCall();', 0, null],
  ['keeps an earlier exit code', 'mustCall(); process.exitCode = 3;', 3, /actual 0/],
  ['this and arguments', 'const o = { v: 5, m: mustCall(function (a) { return this.v + a; }) }; if (o.m(1) !== 6) process.exit(9);', 0, null],
];
for (const [what, body, wantStatus, wantStderr] of programs) {
  const source = `import { mustCall, mustNotCall } from ${JSON.stringify(commonUrl)};\n${body}\n`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8', timeout: 20000 });
  check(r.status === wantStatus, `common.js, ${what}: exit status ${r.status}, wanted ${wantStatus}; stderr: ${r.stderr}`);
  if (wantStderr) check(wantStderr.test(r.stderr), `common.js, ${what}: stderr ${JSON.stringify(r.stderr)} lacks ${wantStderr}`);
}

if (failures > 0) {
  console.error(`${failures} harness self-test check(s) failed`);
  process.exit(1);
}
console.log(`harness self-test: ${cases.length + asyncCases.length + programs.length} cases agree with Node`);
