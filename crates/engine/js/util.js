// node:util: inspect, format, promisify, inherits, deprecate, types, and the text codecs.

import { inspect, format, formatWithOptions } from 'internal:inspect';
import { TextEncoder, TextDecoder } from 'internal:encoding';
import { validateFunction, invalidArgType, codedError, outOfRange } from 'internal:errors';
import { MIMEType, MIMEParams } from 'internal:mime';

const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');

export function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisify]) {
    const fn = original[kCustomPromisify];
    validateFunction(fn, 'util.promisify.custom');
    return fn;
  }
  function fn(...args) {
    return new Promise((resolve, reject) => {
      original.call(this, ...args, (err, ...values) => {
        if (err) return reject(err);
        resolve(values.length > 1 ? values : values[0]);
      });
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisify, { value: fn });
  return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = kCustomPromisify;

export function callbackify(original) {
  validateFunction(original, 'original');
  return function (...args) {
    const cb = args.pop();
    validateFunction(cb, 'last argument');
    original.apply(this, args).then((v) => process.nextTick(cb, null, v), (e) => process.nextTick(cb, e || new Error(String(e))));
  };
}

export function inherits(ctor, superCtor) {
  if (typeof ctor !== 'function') throw invalidArgType('ctor', 'of type function', ctor);
  if (typeof superCtor !== 'function') throw invalidArgType('superCtor', 'of type function', superCtor);
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

export function deprecate(fn, msg, code) {
  let warned = false;
  return function (...args) {
    if (!warned) { warned = true; process.emitWarning(msg, 'DeprecationWarning', code); }
    return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
  };
}

export function isDeepStrictEqual(a, b) {
  return deepEqual(a, b, new Map());
}

export function deepEqual(a, b, memo) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b)) return false;
  if (memo.get(a) === b) return true;
  memo.set(a, b);
  if (a instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags;
  if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
  if (ArrayBuffer.isView(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  }
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k), memo)) return false;
  }
  if (a instanceof Set) {
    if (a.size !== b.size) return false;
    outer: for (const v of a) {
      if (b.has(v)) continue;
      if (typeof v === 'object' && v !== null) {
        for (const w of b) if (deepEqual(v, w, memo)) continue outer;
      }
      return false;
    }
  }
  if (a instanceof Number || a instanceof String || a instanceof Boolean) {
    if (!Object.is(a.valueOf(), b.valueOf())) return false;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual(a[k], b[k], memo)) return false;
  }
  const sa = Object.getOwnPropertySymbols(a).filter((s) => Object.prototype.propertyIsEnumerable.call(a, s));
  const sb = Object.getOwnPropertySymbols(b).filter((s) => Object.prototype.propertyIsEnumerable.call(b, s));
  if (sa.length !== sb.length) return false;
  for (const s of sa) if (!deepEqual(a[s], b[s], memo)) return false;
  return true;
}

const TypedArray = Object.getPrototypeOf(Uint8Array);
const typedTag = Object.getOwnPropertyDescriptor(TypedArray.prototype, Symbol.toStringTag).get;
const tagOf = (v) => Object.prototype.toString.call(v).slice(8, -1);

export const types = {
  isPromise: (v) => v instanceof Promise,
  isRegExp: (v) => v instanceof RegExp,
  isDate: (v) => v instanceof Date,
  isMap: (v) => v instanceof Map,
  isSet: (v) => v instanceof Set,
  isWeakMap: (v) => v instanceof WeakMap,
  isWeakSet: (v) => v instanceof WeakSet,
  isArrayBuffer: (v) => v instanceof ArrayBuffer,
  isAnyArrayBuffer: (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer),
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isTypedArray: (v) => ArrayBuffer.isView(v) && typedTag.call(v) !== undefined,
  isUint8Array: (v) => ArrayBuffer.isView(v) && typedTag.call(v) === 'Uint8Array',
  isDataView: (v) => v instanceof DataView,
  isNativeError: (v) => v instanceof Error,
  isAsyncFunction: (v) => typeof v === 'function' && tagOf(v) === 'AsyncFunction',
  isGeneratorFunction: (v) => typeof v === 'function' && /GeneratorFunction$/.test(tagOf(v)),
  isGeneratorObject: (v) => tagOf(v) === 'Generator',
  isBoxedPrimitive: (v) => v instanceof Number || v instanceof String || v instanceof Boolean,
  isSymbolObject: (v) => typeof v === 'object' && v !== null && tagOf(v) === 'Symbol',
  isNumberObject: (v) => typeof v === 'object' && v !== null && tagOf(v) === 'Number',
  isStringObject: (v) => typeof v === 'object' && v !== null && tagOf(v) === 'String',
  isBooleanObject: (v) => typeof v === 'object' && v !== null && tagOf(v) === 'Boolean',
  isBigIntObject: (v) => typeof v === 'object' && v !== null && tagOf(v) === 'BigInt',
  isArgumentsObject: (v) => tagOf(v) === 'Arguments',
  isMapIterator: (v) => tagOf(v) === 'Map Iterator',
  isSetIterator: (v) => tagOf(v) === 'Set Iterator',
  isModuleNamespaceObject: (v) => tagOf(v) === 'Module',
  isSharedArrayBuffer: (v) => typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer,
  isExternal: () => false,
  isProxy: () => false,
  isKeyObject: (v) => typeof v === 'object' && v !== null && tagOf(v) === 'KeyObject',
  isCryptoKey: (v) => typeof v === 'object' && v !== null && tagOf(v) === 'CryptoKey',
};
for (const name of ['Int8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
  types[`is${name}`] = (v) => ArrayBuffer.isView(v) && typedTag.call(v) === name;
}

// The old type checks Node still has (deprecated there, kept for the code that uses them).
export const isBoolean = (v) => typeof v === 'boolean';
export const isBuffer = (v) => v instanceof Uint8Array && v._isBuffer === true;
export const isDate = (v) => types.isDate(v);
export const isError = (v) => v instanceof Error;
export const isFunction = (v) => typeof v === 'function';
export const isNull = (v) => v === null;
export const isNullOrUndefined = (v) => v === null || v === undefined;
export const isNumber = (v) => typeof v === 'number';
export const isObject = (v) => v !== null && typeof v === 'object';
export const isPrimitive = (v) => v === null || (typeof v !== 'object' && typeof v !== 'function');
export const isRegExp = (v) => types.isRegExp(v);
export const isString = (v) => typeof v === 'string';
export const isSymbol = (v) => typeof v === 'symbol';
export const isUndefined = (v) => v === undefined;

/// `util.log`: the message after a timestamp, as Node writes it.
export function log(...args) {
  const d = new Date();
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  console.log('%s - %s', `${d.getDate()} ${months[d.getMonth()]} ${time}`, format(...args));
}

export function isArray(v) { return Array.isArray(v); }

export function stripVTControlCharacters(str) {
  // eslint-disable-next-line no-control-regex
  return String(str).replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

export function toUSVString(s) { return String(s).toWellFormed ? String(s).toWellFormed() : String(s); }

// --- parseArgs -----------------------------------------------------------------------------

function parseArgsError(code, message) {
  return codedError(TypeError, code, message);
}

/// Node's util.parseArgs: options declared by type ('string' or 'boolean'), with short forms,
/// `multiple` and `default`; `--name=value`, `--name value`, `-n value`, `-abc` groups, `--`
/// ending the options; positionals and tokens when asked for.
export function parseArgs(config = {}) {
  if (config === null || typeof config !== 'object') throw invalidArgType('config', 'of type object', config);
  const args = config.args !== undefined ? config.args : process.argv.slice(2);
  if (!Array.isArray(args)) throw invalidArgType('args', 'an instance of Array', args);
  const strict = config.strict !== undefined ? !!config.strict : true;
  const allowPositionals = config.allowPositionals !== undefined ? !!config.allowPositionals : !strict;
  const allowNegative = !!config.allowNegative;
  const options = config.options || {};
  if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const byShort = new Map();
  for (const [name, spec] of Object.entries(options)) {
    if (spec === null || typeof spec !== 'object') throw invalidArgType(`options.${name}`, 'of type object', spec);
    if (spec.type !== 'string' && spec.type !== 'boolean') {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.${name}.type' must be one of: 'string', 'boolean'. Received ${inspect(spec.type)}`);
    }
    if (spec.short !== undefined) {
      if (typeof spec.short !== 'string' || spec.short.length !== 1) {
        throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.${name}.short' must be a single character. Received ${inspect(spec.short)}`);
      }
      byShort.set(spec.short, name);
    }
  }
  const tokens = [];
  for (let i = 0; i < args.length; i++) {
    const arg = String(args[i]);
    if (arg === '--') {
      tokens.push({ kind: 'option-terminator', index: i });
      for (let j = i + 1; j < args.length; j++) tokens.push({ kind: 'positional', index: j, value: String(args[j]) });
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) {
        tokens.push({ kind: 'option', name, rawName: `--${name}`, index: i, value: arg.slice(eq + 1), inlineValue: true });
      } else if (options[name] && options[name].type === 'string' && i + 1 < args.length) {
        tokens.push({ kind: 'option', name, rawName: arg, index: i, value: String(args[i + 1]), inlineValue: false });
        i++;
      } else {
        tokens.push({ kind: 'option', name, rawName: arg, index: i, value: undefined, inlineValue: undefined });
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // -abc: flags in a group; a string option takes the rest of the group as its value.
      for (let k = 1; k < arg.length; k++) {
        const short = arg[k];
        const name = byShort.get(short) ?? short;
        const rawName = `-${short}`;
        if (options[name] && options[name].type === 'string') {
          if (k + 1 < arg.length) {
            tokens.push({ kind: 'option', name, rawName, index: i, value: arg.slice(k + 1), inlineValue: true });
          } else if (i + 1 < args.length) {
            tokens.push({ kind: 'option', name, rawName, index: i, value: String(args[i + 1]), inlineValue: false });
            i++;
          } else {
            tokens.push({ kind: 'option', name, rawName, index: i, value: undefined, inlineValue: undefined });
          }
          break;
        }
        tokens.push({ kind: 'option', name, rawName, index: i, value: undefined, inlineValue: undefined });
      }
      continue;
    }
    tokens.push({ kind: 'positional', index: i, value: arg });
  }

  const values = { __proto__: null };
  const positionals = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw parseArgsError('ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', `Unexpected argument '${token.value}'. This command does not take positional arguments`);
      }
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    let { name } = token;
    let value = token.value;
    let spec = options[name];
    if (!spec && allowNegative && name.startsWith('no-') && options[name.slice(3)] && options[name.slice(3)].type === 'boolean') {
      name = name.slice(3);
      spec = options[name];
      value = false;
    }
    const shown = spec && spec.short ? `-${spec.short}, --${name}` : `--${name}`;
    if (strict) {
      if (!spec) {
        const raw = token.rawName;
        throw parseArgsError('ERR_PARSE_ARGS_UNKNOWN_OPTION', allowPositionals
          ? `Unknown option '${raw}'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "${raw}"`
          : `Unknown option '${raw}'`);
      }
      if (spec.type === 'string' && typeof value !== 'string') {
        throw parseArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${shown} <value>' argument missing`);
      }
      if (spec.type === 'boolean' && typeof value === 'string') {
        throw parseArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${shown}' does not take an argument`);
      }
      if (spec.type === 'string' && !token.inlineValue && value.startsWith('-')) {
        const raw = token.rawName;
        const how = raw.startsWith('--') ? `'--${name}=-XYZ'` : `'--${name}=-XYZ' or '${raw}-XYZ'`;
        throw parseArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${raw}' argument is ambiguous.\nDid you forget to specify the option argument for '${raw}'?\nTo specify an option argument starting with a dash use ${how}.`);
      }
    }
    const stored = value === undefined ? true : value;
    if (spec && spec.multiple) {
      if (values[name] === undefined) values[name] = [];
      values[name].push(stored);
    } else {
      values[name] = stored;
    }
  }
  for (const [name, spec] of Object.entries(options)) {
    if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default;
  }
  const result = { values, positionals };
  if (config.tokens) result.tokens = tokens;
  return result;
}

// --- styleText, debuglog, system error names, aborted ---------------------------------------

const STYLES = {
  reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24], blink: [5, 25],
  inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29], doubleunderline: [21, 24],
  black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39],
  cyan: [36, 39], white: [37, 39], bgBlack: [40, 49], bgRed: [41, 49], bgGreen: [42, 49],
  bgYellow: [43, 49], bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49], bgWhite: [47, 49],
  framed: [51, 54], overlined: [53, 55], gray: [90, 39], redBright: [91, 39], greenBright: [92, 39],
  yellowBright: [93, 39], blueBright: [94, 39], magentaBright: [95, 39], cyanBright: [96, 39],
  whiteBright: [97, 39], bgGray: [100, 49], bgRedBright: [101, 49], bgGreenBright: [102, 49],
  bgYellowBright: [103, 49], bgBlueBright: [104, 49], bgMagentaBright: [105, 49],
  bgCyanBright: [106, 49], bgWhiteBright: [107, 49],
};

/// `text` in the ANSI styles named by `format` (a name or an array of names). As in Node, the
/// styles are left out when the stream they are meant for is not a terminal, unless
/// `validateStream` is false.
export function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  if (typeof text !== 'string') throw invalidArgType('text', 'of type string', text);
  const names = Array.isArray(format) ? format : [format];
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(STYLES, name)) {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'format' must be one of: ${Object.keys(STYLES).map((k) => `'${k}'`).join(', ')}. Received ${inspect(name)}`);
    }
  }
  if (validateStream) {
    const isStream = stream && (typeof stream.pipe === 'function' || typeof stream.write === 'function'
      || typeof stream.getReader === 'function'
      || typeof stream.getWriter === 'function');
    if (!isStream) throw invalidArgType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
    if (!stream.isTTY) return text;
  }
  let open = '';
  let close = '';
  for (const name of names) {
    open += `\u001b[${STYLES[name][0]}m`;
    close = `\u001b[${STYLES[name][1]}m${close}`;
  }
  return `${open}${text}${close}`;
}

/// A logger for `section` that writes to stderr only when NODE_DEBUG names the section
/// (comma-separated, `*` as a wildcard), as `SECTION pid: message`.
export function debuglog(section, callback) {
  const upper = String(section).toUpperCase();
  const wanted = String(process.env.NODE_DEBUG || '').split(/[\s,]+/).filter(Boolean).some((pattern) => {
    const re = new RegExp(`^${pattern.toUpperCase().replace(/[|\\{}()[\]^$+?.]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return re.test(upper);
  });
  const log = (...args) => {
    if (wanted) process.stderr.write(`${upper} ${process.pid}: ${format(...args)}\n`);
  };
  Object.defineProperty(log, 'enabled', { get: () => wanted, enumerable: true });
  if (typeof callback === 'function') callback(log);
  return log;
}
export const debug = debuglog;

/// Node's errno numbers (negated Linux values, as libuv reports them) by code.
const ERRNO = [
  ['EPERM', 1, 'operation not permitted'], ['ENOENT', 2, 'no such file or directory'],
  ['ESRCH', 3, 'no such process'], ['EINTR', 4, 'interrupted system call'], ['EIO', 5, 'i/o error'],
  ['ENXIO', 6, 'no such device or address'], ['E2BIG', 7, 'argument list too long'],
  ['EBADF', 9, 'bad file descriptor'], ['EAGAIN', 11, 'resource temporarily unavailable'],
  ['ENOMEM', 12, 'not enough memory'], ['EACCES', 13, 'permission denied'], ['EFAULT', 14, 'bad address in system call argument'],
  ['EBUSY', 16, 'resource busy or locked'], ['EEXIST', 17, 'file already exists'], ['EXDEV', 18, 'cross-device link not permitted'],
  ['ENODEV', 19, 'no such device'], ['ENOTDIR', 20, 'not a directory'], ['EISDIR', 21, 'illegal operation on a directory'],
  ['EINVAL', 22, 'invalid argument'], ['ENFILE', 23, 'file table overflow'], ['EMFILE', 24, 'too many open files'],
  ['ENOTTY', 25, 'inappropriate ioctl for device'], ['ETXTBSY', 26, 'text file is busy'], ['EFBIG', 27, 'file too large'],
  ['ENOSPC', 28, 'no space left on device'], ['ESPIPE', 29, 'invalid seek'], ['EROFS', 30, 'read-only file system'],
  ['EMLINK', 31, 'too many links'], ['EPIPE', 32, 'broken pipe'], ['ERANGE', 34, 'result too large'],
  ['ENAMETOOLONG', 36, 'name too long'], ['ENOSYS', 38, 'function not implemented'], ['ENOTEMPTY', 39, 'directory not empty'],
  ['ELOOP', 40, 'too many symbolic links encountered'], ['ENOTSOCK', 88, 'socket operation on non-socket'],
  ['EDESTADDRREQ', 89, 'destination address required'], ['EMSGSIZE', 90, 'message too long'],
  ['EPROTOTYPE', 91, 'protocol wrong type for socket'], ['ENOPROTOOPT', 92, 'protocol not available'],
  ['EPROTONOSUPPORT', 93, 'protocol not supported'], ['ENOTSUP', 95, 'operation not supported on socket'],
  ['EAFNOSUPPORT', 97, 'address family not supported'], ['EADDRINUSE', 98, 'address already in use'],
  ['EADDRNOTAVAIL', 99, 'address not available'], ['ENETDOWN', 100, 'network is down'],
  ['ENETUNREACH', 101, 'network is unreachable'], ['ECONNABORTED', 103, 'software caused connection abort'],
  ['ECONNRESET', 104, 'connection reset by peer'], ['ENOBUFS', 105, 'no buffer space available'],
  ['EISCONN', 106, 'socket is already connected'], ['ENOTCONN', 107, 'socket is not connected'],
  ['ETIMEDOUT', 110, 'connection timed out'], ['ECONNREFUSED', 111, 'connection refused'],
  ['EHOSTDOWN', 112, 'host is down'], ['EHOSTUNREACH', 113, 'host is unreachable'], ['EALREADY', 114, 'connection already in progress'],
  ['ECANCELED', 125, 'operation canceled'],
];

export function getSystemErrorName(err) {
  if (typeof err !== 'number') throw invalidArgType('err', 'of type number', err);
  if (err >= 0 || !Number.isSafeInteger(err)) {
    throw outOfRange('err', 'a negative integer', err);
  }
  const found = ERRNO.find(([, n]) => n === -err);
  return found ? found[0] : `Unknown system error ${err}`;
}

export function getSystemErrorMap() {
  return new Map(ERRNO.map(([code, n, message]) => [-n, [code, message]]));
}

/// A promise settled when `signal` aborts (at once if it has).
export function aborted(signal, resource) {
  if (!signal || typeof signal.aborted !== 'boolean') throw invalidArgType('signal', 'an instance of AbortSignal', signal);
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
    throw invalidArgType('resource', 'of type object', resource);
  }
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
}

export { inspect, format, formatWithOptions, TextEncoder, TextDecoder };

export { MIMEType, MIMEParams };

export default {
  MIMEType, MIMEParams, inspect, format, formatWithOptions, promisify, callbackify, inherits, deprecate, types,
  isDeepStrictEqual, TextEncoder, TextDecoder, isArray, stripVTControlCharacters, toUSVString,
  parseArgs, styleText, debuglog, debug, getSystemErrorName, getSystemErrorMap, aborted,
  isBoolean, isBuffer, isDate, isError, isFunction, isNull, isNullOrUndefined, isNumber, isObject,
  isPrimitive, isRegExp, isString, isSymbol, isUndefined, log,
};
