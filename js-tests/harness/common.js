// common.js: checks that callbacks run as often as a test expects, reported when the program ends.
//
// `mustCall(fn, times)` wraps fn and counts its calls; `mustNotCall()` fails when called. Counts
// are checked on process 'exit': a mismatch is printed to stderr and sets process.exitCode = 1.

const expectations = [];
const unexpectedCalls = [];
let listening = false;

function noop() {}

function report(text) {
  const log = globalThis.console?.error ?? globalThis.print;
  log(text);
}

function listenForExit() {
  if (listening) return;
  listening = true;
  process.on('exit', () => {
    let failed = unexpectedCalls.length > 0;
    for (const text of unexpectedCalls) report(text);
    for (const e of expectations) {
      if (e.calls !== e.times) {
        failed = true;
        report(`Mismatched ${e.name} function calls. Expected exactly ${e.times}, actual ${e.calls}.\n    at ${e.where}`);
      }
    }
    if (failed && !process.exitCode) process.exitCode = 1;
  });
}

// The test's own line that created the expectation: the first stack frame outside this file.
function callerLine() {
  const frames = String(new Error().stack ?? '').split('\n').slice(1);
  const outside = frames.find((line) => !line.includes('common.js'));
  return (outside ?? '(unknown location)').trim().replace(/^at /, '');
}

/** fn, wrapped so that the program fails unless it is called exactly `times` times. */
export function mustCall(fn, times = 1) {
  if (typeof fn === 'number') [fn, times] = [undefined, fn];
  if (fn === undefined) fn = noop;
  if (typeof fn !== 'function') throw new TypeError(`mustCall: fn must be a function, got ${typeof fn}`);
  if (!Number.isInteger(times) || times < 0) throw new TypeError(`mustCall: times must be a whole number, got ${times}`);
  const expectation = { name: fn.name || '<anonymous>', times, calls: 0, where: callerLine() };
  expectations.push(expectation);
  listenForExit();
  return function (...args) {
    expectation.calls++;
    return fn.apply(this, args);
  };
}

/** A function that fails the program (and throws) if it is ever called. */
export function mustNotCall(message = 'function should not have been called') {
  const where = callerLine();
  listenForExit();
  return function mustNotCall(...args) {
    const text = `${message}\n    at ${where}\n    called with ${args.length} argument(s)`;
    // Recorded as well as thrown: a caller may swallow the exception.
    unexpectedCalls.push(text);
    throw new Error(text);
  };
}

export default { mustCall, mustNotCall };
