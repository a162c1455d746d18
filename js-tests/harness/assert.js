// assert.js: the assertions JS tests use, written to behave like Node's `node:assert`.
//
// A failed assertion throws an AssertionError whose message shows the actual and the expected
// values, so a failing test explains itself in the runner's output tail.

export class AssertionError extends Error {
  constructor({ message, actual, expected, operator, generated = false }) {
    super(message);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = generated;
  }
}

// Throws for `operator` with the caller's message when given, else with a generated one.
// An Error given as the message is thrown as it is (as Node does).
function failWith(userMessage, generated, actual, expected, operator) {
  if (userMessage instanceof Error) throw userMessage;
  const own = userMessage !== undefined;
  throw new AssertionError({
    message: own ? String(userMessage) : generated,
    actual,
    expected,
    operator,
    generated: !own,
  });
}

function typeError(code, message) {
  const err = new TypeError(message);
  err.code = code;
  return err;
}

// ---- showing values -------------------------------------------------------------------------

const MAX_DEPTH = 3;
const MAX_ITEMS = 20;

/** A short, readable rendering of any value, close to Node's util.inspect. */
export function inspect(value, depth = 0, seen = new Set()) {
  switch (typeof value) {
    case 'string':
      return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[${isClass(value) ? 'class' : 'Function'}: ${value.name || '(anonymous)'}]`;
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
  }
  if (value === null) return 'null';
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const boxed = boxedValue(value);
  if (boxed.isBoxed) return `[${typeof boxed.value}: ${inspect(boxed.value)}]`;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    const show = (v) => inspect(v, depth + 1, seen);
    const list = (items, open, close, prefix = '') => {
      const shown = items.slice(0, MAX_ITEMS);
      if (items.length > MAX_ITEMS) shown.push(`... ${items.length - MAX_ITEMS} more items`);
      return shown.length === 0 ? `${prefix}${open}${close}` : `${prefix}${open} ${shown.join(', ')} ${close}`;
    };
    if (Array.isArray(value)) return list(value.map(show), '[', ']');
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return list(Array.from(value, show), '[', ']', `${value.constructor.name}(${value.length}) `);
    }
    if (value instanceof Map) {
      return list([...value].map(([k, v]) => `${show(k)} => ${show(v)}`), '{', '}', `Map(${value.size}) `);
    }
    if (value instanceof Set) return list([...value].map(show), '{', '}', `Set(${value.size}) `);
    const entries = ownEnumerableKeys(value).map((k) => `${showKey(k)}: ${show(value[k])}`);
    const proto = Object.getPrototypeOf(value);
    const name = proto === null ? '[Object: null prototype] ' : proto === Object.prototype ? '' : `${proto.constructor?.name ?? ''} `;
    return list(entries, '{', '}', name);
  } finally {
    seen.delete(value);
  }
}

function isClass(fn) {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function showKey(key) {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : inspect(key);
}

function ownEnumerableKeys(obj) {
  const symbols = Object.getOwnPropertySymbols(obj).filter((s) => Object.prototype.propertyIsEnumerable.call(obj, s));
  return [...Object.keys(obj), ...symbols];
}

function boxedValue(obj) {
  for (const [Type, unbox] of [
    [Number, Number.prototype.valueOf],
    [String, String.prototype.valueOf],
    [Boolean, Boolean.prototype.valueOf],
    [BigInt, BigInt.prototype.valueOf],
    [Symbol, Symbol.prototype.valueOf],
  ]) {
    if (obj instanceof Type) return { isBoxed: true, value: unbox.call(obj) };
  }
  return { isBoxed: false };
}

// ---- deep strict equality (Node's isDeepStrictEqual rules) ----------------------------------

/** Whether `a` and `b` are deeply and strictly equal, as `assert.deepStrictEqual` decides. */
export function isDeepStrictEqual(a, b) {
  return deepEqual(a, b, new Map());
}

function deepEqual(a, b, memo) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b)) return false;
  // Cycles: a pair already being compared is assumed equal; the rest of the walk decides.
  let partners = memo.get(a);
  if (partners?.has(b)) return true;
  if (!partners) memo.set(a, (partners = new Set()));
  partners.add(b);

  if (Array.isArray(a) && a.length !== b.length) return false;
  if (a instanceof Date && a.getTime() !== b.getTime() && !(Number.isNaN(a.getTime()) && Number.isNaN(b.getTime()))) return false;
  if (a instanceof RegExp && (a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex)) return false;
  if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
  const boxA = boxedValue(a);
  if (boxA.isBoxed && !Object.is(boxA.value, boxedValue(b).value)) return false;
  if (ArrayBuffer.isView(a)) {
    if (!sameBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength))) return false;
  } else if (a instanceof ArrayBuffer && !sameBytes(new Uint8Array(a), new Uint8Array(b))) {
    return false;
  }
  if (a instanceof Map && !sameMaps(a, b, memo)) return false;
  if (a instanceof Set && !sameSets(a, b, memo)) return false;

  // Typed arrays' indices are compared as bytes above; their other own keys as properties.
  const keysOf = (o) => ownEnumerableKeys(o).filter((k) => !(ArrayBuffer.isView(o) && /^\d+$/.test(k)));
  const keysA = keysOf(a);
  if (keysA.length !== keysOf(b).length) return false;
  for (const key of keysA) {
    if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
    if (!deepEqual(a[key], b[key], memo)) return false;
  }
  return true;
}

function sameBytes(x, y) {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function isObjectLike(v) {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

function sameSets(a, b, memo) {
  if (a.size !== b.size) return false;
  const unmatched = [...b].filter((v) => !a.has(v));
  for (const v of a) {
    if (b.has(v)) continue;
    if (!isObjectLike(v)) return false;
    const i = unmatched.findIndex((w) => deepEqual(v, w, memo));
    if (i < 0) return false;
    unmatched.splice(i, 1);
  }
  return true;
}

function sameMaps(a, b, memo) {
  if (a.size !== b.size) return false;
  const unmatched = [...b].filter(([k]) => !a.has(k));
  for (const [k, v] of a) {
    if (b.has(k)) {
      if (!deepEqual(v, b.get(k), memo)) return false;
      continue;
    }
    if (!isObjectLike(k)) return false;
    const i = unmatched.findIndex(([k2, v2]) => deepEqual(k, k2, memo) && deepEqual(v, v2, memo));
    if (i < 0) return false;
    unmatched.splice(i, 1);
  }
  return true;
}

// ---- the assertions -------------------------------------------------------------------------

function compared(title, actual, expected) {
  return `${title}\n  actual:   ${inspect(actual)}\n  expected: ${inspect(expected)}`;
}

export function ok(...args) {
  if (args.length === 0) failWith(undefined, 'No value argument passed to `assert.ok()`', undefined, true, '==');
  const [value, message] = args;
  if (!value) failWith(message, `The expression evaluated to a falsy value: ${inspect(value)}`, value, true, '==');
}

export function equal(actual, expected, message) {
  // Loose (==), but NaN equals NaN, as Node has it.
  if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) return;
  failWith(message, compared('Expected values to be loosely equal (==):', actual, expected), actual, expected, '==');
}

export function notEqual(actual, expected, message) {
  if (!(actual == expected || (Number.isNaN(actual) && Number.isNaN(expected)))) return;
  failWith(message, `Expected ${inspect(actual)} to be loosely unequal (!=) to ${inspect(expected)}`, actual, expected, '!=');
}

export function strictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) return;
  failWith(message, compared('Expected values to be strictly equal:', actual, expected), actual, expected, 'strictEqual');
}

export function notStrictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) return;
  failWith(message, `Expected "actual" to be strictly unequal to: ${inspect(expected)}`, actual, expected, 'notStrictEqual');
}

export function deepStrictEqual(actual, expected, message) {
  if (isDeepStrictEqual(actual, expected)) return;
  failWith(message, compared('Expected values to be deeply and strictly equal:', actual, expected), actual, expected, 'deepStrictEqual');
}

export function notDeepStrictEqual(actual, expected, message) {
  if (!isDeepStrictEqual(actual, expected)) return;
  failWith(message, `Expected "actual" not to be deeply and strictly equal to: ${inspect(expected)}`, actual, expected, 'notDeepStrictEqual');
}

export function match(string, regexp, message) {
  if (!(regexp instanceof RegExp)) {
    throw typeError('ERR_INVALID_ARG_TYPE', `The "regexp" argument must be an instance of RegExp. Received ${inspect(regexp)}`);
  }
  if (typeof string !== 'string') {
    failWith(message, `The "string" argument must be of type string. Received ${inspect(string)}`, string, regexp, 'match');
  }
  if (!regexp.test(string)) {
    failWith(message, `The input did not match the regular expression ${regexp}. Input: ${inspect(string)}`, string, regexp, 'match');
  }
}

export function fail(message = 'Failed') {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message: String(message), operator: 'fail' });
}

/** Checks a caught error against what `throws`/`rejects` was told to expect. */
function checkError(actual, expected, message, operator) {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (!expected.test(String(actual))) {
      failWith(message, `The error did not match the regular expression ${expected}. Error: ${inspect(actual)}`, actual, expected, operator);
    }
    return;
  }
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && actual instanceof expected) return;
    if (Error.isPrototypeOf(expected) || expected === Error) {
      failWith(message, `The error is expected to be an instance of "${expected.name}". Received ${inspect(actual)}`, actual, expected, operator);
    }
    const verdict = expected.call({}, actual);
    if (verdict !== true) {
      failWith(message, `The validation function is expected to return true. Received ${inspect(verdict)} for ${inspect(actual)}`, actual, expected, operator);
    }
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    const keys = ownEnumerableKeys(expected);
    if (expected instanceof Error) keys.push('name', 'message');
    if (keys.length === 0) throw typeError('ERR_INVALID_ARG_VALUE', 'The argument "expected" may not be an empty object');
    for (const key of keys) {
      const want = expected[key];
      const got = isObjectLike(actual) ? actual[key] : undefined;
      const fits = want instanceof RegExp && typeof got === 'string' ? want.test(got) : isDeepStrictEqual(got, want);
      if (!fits) {
        failWith(message, compared(`The error's property ${showKey(key)} does not match:`, got, want), actual, expected, operator);
      }
    }
    return;
  }
  throw typeError('ERR_INVALID_ARG_TYPE', `The "expected" argument must be a function, RegExp or object. Received ${inspect(expected)}`);
}

// A string in the place of `expected` is the message (Node's two-argument form).
function splitExpected(expected, message) {
  return typeof expected === 'string' ? [undefined, expected] : [expected, message];
}

export function throws(fn, expected, message) {
  if (typeof fn !== 'function') {
    throw typeError('ERR_INVALID_ARG_TYPE', `The "fn" argument must be of type function. Received ${inspect(fn)}`);
  }
  [expected, message] = splitExpected(expected, message);
  let thrown;
  try {
    fn();
  } catch (err) {
    thrown = { err };
  }
  if (!thrown) {
    const what = typeof expected === 'function' && expected.name ? ` (${expected.name})` : '';
    failWith(message, `Missing expected exception${what}.`, undefined, expected, 'throws');
  }
  checkError(thrown.err, expected, message, 'throws');
}

export async function rejects(promiseOrFn, expected, message) {
  let promise = promiseOrFn;
  if (typeof promiseOrFn === 'function') {
    promise = promiseOrFn();
    if (!isThenable(promise)) {
      throw typeError('ERR_INVALID_RETURN_VALUE', `Expected the function to return a promise. Received ${inspect(promise)}`);
    }
  } else if (!isThenable(promiseOrFn)) {
    throw typeError('ERR_INVALID_ARG_TYPE', `The "promiseFn" argument must be a function or a promise. Received ${inspect(promiseOrFn)}`);
  }
  [expected, message] = splitExpected(expected, message);
  let rejected;
  try {
    await promise;
  } catch (err) {
    rejected = { err };
  }
  if (!rejected) {
    const what = typeof expected === 'function' && expected.name ? ` (${expected.name})` : '';
    failWith(message, `Missing expected rejection${what}.`, undefined, expected, 'rejects');
  }
  checkError(rejected.err, expected, message, 'rejects');
}

function isThenable(v) {
  return isObjectLike(v) && typeof v.then === 'function';
}

/** `assert(value)` is `assert.ok(value)`; the other assertions hang off it, as in Node. */
function assert(...args) {
  ok(...args);
}
Object.assign(assert, {
  AssertionError,
  ok,
  equal,
  notEqual,
  strictEqual,
  notStrictEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  throws,
  rejects,
  match,
  fail,
});
export default assert;
