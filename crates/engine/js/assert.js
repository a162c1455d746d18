// node:assert: the strict-mode basics (ok, equal, strictEqual, deepStrictEqual, throws,
// rejects, match, fail, ...) with AssertionError carrying actual, expected and operator.

import { inspect } from 'internal:inspect';
import { deepEqual } from 'node:util';

export class AssertionError extends Error {
  constructor(options) {
    const { message, actual, expected, operator } = options;
    super(message !== undefined ? String(message) : defaultMessage(actual, expected, operator));
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = message === undefined;
  }
}

Object.defineProperty(AssertionError.prototype, 'name', { value: 'AssertionError', writable: true, configurable: true });

function defaultMessage(actual, expected, operator) {
  const a = inspect(actual, { depth: 4 });
  const e = inspect(expected, { depth: 4 });
  switch (operator) {
    case 'strictEqual': return `Expected values to be strictly equal:\n\n${a} !== ${e}\n`;
    case 'deepStrictEqual': return `Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ ${a}\n- ${e}`;
    case 'notStrictEqual': return `Expected "actual" to be strictly unequal to: ${e}`;
    case 'notDeepStrictEqual': return `Expected "actual" not to be strictly deep-equal to: ${e}`;
    case '==': return `${a} == ${e}`;
    case '!=': return `${a} != ${e}`;
    case 'match': return `The input did not match the regular expression ${e}. Input:\n\n${a}\n`;
    case 'doesNotMatch': return `The input was expected to not match the regular expression ${e}. Input:\n\n${a}\n`;
    default: return `${a} ${operator} ${e}`;
  }
}

function fail_(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

export function ok(value, message) {
  if (!value) {
    fail_({ actual: value, expected: true, operator: '==', message: message === undefined && arguments.length === 0 ? 'No value argument passed to `assert.ok()`' : message === undefined ? 'The expression evaluated to a falsy value:\n\n  assert.ok(' + inspect(value) + ')\n' : message });
  }
}

export function equal(actual, expected, message) {
  // eslint-disable-next-line eqeqeq
  if (!(actual == expected || (Number.isNaN(actual) && Number.isNaN(expected)))) {
    fail_({ actual, expected, operator: '==', message });
  }
}
export function notEqual(actual, expected, message) {
  // eslint-disable-next-line eqeqeq
  if (actual == expected) fail_({ actual, expected, operator: '!=', message });
}
export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) fail_({ actual, expected, operator: 'strictEqual', message });
}
export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) fail_({ actual, expected, operator: 'notStrictEqual', message });
}
export function deepStrictEqual(actual, expected, message) {
  if (!deepEqual(actual, expected, new Map())) fail_({ actual, expected, operator: 'deepStrictEqual', message });
}
export function notDeepStrictEqual(actual, expected, message) {
  if (deepEqual(actual, expected, new Map())) fail_({ actual, expected, operator: 'notDeepStrictEqual', message });
}

export function fail(message = 'Failed') {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, operator: 'fail' });
}

export function match(string, regexp, message) {
  if (typeof string !== 'string' || !regexp.test(string)) fail_({ actual: string, expected: regexp, operator: 'match', message });
}
export function doesNotMatch(string, regexp, message) {
  if (typeof string === 'string' && regexp.test(string)) fail_({ actual: string, expected: regexp, operator: 'doesNotMatch', message });
}

function checkError(actual, expected, fnName, message) {
  if (expected === undefined) return;
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && actual instanceof expected) return;
    if (Error.isPrototypeOf(expected) || expected === Error) {
      fail_({ actual, expected, operator: fnName, message: message || `The error is expected to be an instance of "${expected.name}". Received "${actual && actual.constructor && actual.constructor.name}"\n\nError message:\n\n${actual && actual.message}` });
    }
    if (expected.call({}, actual) === true) return;
    fail_({ actual, expected, operator: fnName, message: message || 'The validation function is expected to return "true". Received false' });
  }
  if (expected instanceof RegExp) {
    if (expected.test(String(actual))) return;
    fail_({ actual, expected, operator: fnName, message: message || `The input did not match the regular expression ${expected}. Input:\n\n${inspect(String(actual))}\n` });
  }
  if (typeof expected === 'object' && expected !== null) {
    for (const key of Object.keys(expected)) {
      const e = expected[key];
      const a = actual === null || actual === undefined ? undefined : actual[key];
      const same = e instanceof RegExp && typeof a === 'string' ? e.test(a) : deepEqual(a, e, new Map());
      if (!same) {
        fail_({ actual, expected, operator: fnName, message: message || `Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   ${key}: ${inspect(a)}\n-   ${key}: ${inspect(e)}\n  }` });
      }
    }
  }
}

const NO_EXCEPTION = Symbol('no exception');

export function throws(fn, expected, message) {
  if (typeof expected === 'string') { message = expected; expected = undefined; }
  let caught = NO_EXCEPTION;
  try { fn(); } catch (e) { caught = e; }
  if (caught === NO_EXCEPTION) {
    fail_({ actual: undefined, expected, operator: 'throws', message: message || 'Missing expected exception' + (expected && expected.name ? ` (${expected.name}).` : '.') });
  }
  checkError(caught, expected, 'throws', message);
}

export function doesNotThrow(fn, message) {
  try { fn(); } catch (e) {
    fail_({ actual: e, expected: undefined, operator: 'doesNotThrow', message: `Got unwanted exception.\nActual message: "${e && e.message}"` + (typeof message === 'string' ? `\n${message}` : '') });
  }
}

export async function rejects(promiseFn, expected, message) {
  if (typeof expected === 'string') { message = expected; expected = undefined; }
  let caught = NO_EXCEPTION;
  try {
    await (typeof promiseFn === 'function' ? promiseFn() : promiseFn);
  } catch (e) { caught = e; }
  if (caught === NO_EXCEPTION) {
    fail_({ actual: undefined, expected, operator: 'rejects', message: message || 'Missing expected rejection' + (expected && expected.name ? ` (${expected.name}).` : '.') });
  }
  checkError(caught, expected, 'rejects', message);
}

export async function doesNotReject(promiseFn, message) {
  try { await (typeof promiseFn === 'function' ? promiseFn() : promiseFn); } catch (e) {
    fail_({ actual: e, expected: undefined, operator: 'doesNotReject', message: `Got unwanted rejection.\nActual message: "${e && e.message}"` + (typeof message === 'string' ? `\n${message}` : '') });
  }
}

export function ifError(value) {
  if (value !== null && value !== undefined) throw value;
}

function assert(value, message) { ok(value, message); }
Object.assign(assert, {
  ok, equal, notEqual, strictEqual, notStrictEqual, deepStrictEqual, notDeepStrictEqual,
  deepEqual: deepStrictEqual, notDeepEqual: notDeepStrictEqual, fail, match, doesNotMatch,
  throws, doesNotThrow, rejects, doesNotReject, ifError, AssertionError,
});
assert.strict = assert;
export const strict = assert;
export { deepStrictEqual as deepEqual, notDeepStrictEqual as notDeepEqual };
export default assert;
