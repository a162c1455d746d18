// node:process: the process object (an EventEmitter), its nextTick queue, and the hooks the
// event loop calls: running ticks, reporting uncaught errors, and emitting 'exit'.

import native from 'internal:native';
import { EventEmitter } from 'node:events';
import { load } from 'internal:lazy';
import { inspect } from 'internal:inspect';
import { invalidArgType, validateFunction, codedError } from 'internal:errors';

const process = new EventEmitter();

const argv = native.argv();
process.argv = argv;
process.argv0 = argv[0] || 'wasmedge_quickjs';
process.execArgv = [];
process.execPath = argv[0] || 'wasmedge_quickjs.wasm';
process.env = native.env();
process.platform = native.platform;
process.arch = 'wasm32';
process.version = 'v20.0.0';
process.versions = { node: '20.0.0', wasmedge_quickjs: '0.1.0' };
process.release = { name: 'wasmedge_quickjs' };
process.pid = 1;
process.ppid = 0;
process.title = 'wasmedge_quickjs';
process.features = {};
process.config = {};

let exitCode;
Object.defineProperty(process, 'exitCode', {
  get() { return exitCode; },
  set(code) {
    if (code !== undefined && code !== null) {
      const n = typeof code === 'string' && /^\s*-?\d+\s*$/.test(code) ? Number(code) : code;
      if (typeof n !== 'number' || !Number.isInteger(n)) {
        throw invalidArgType('code', 'of type number', code);
      }
      exitCode = n;
    } else {
      exitCode = undefined;
    }
  },
  enumerable: true,
  configurable: true,
});

process.cwd = () => process.env.PWD || '/';
process.uptime = () => native.now() / 1000;
process.hrtime = (prev) => {
  const ns = native.hrtime();
  let sec = Math.floor(ns / 1e9);
  let nsec = Math.floor(ns - sec * 1e9);
  if (prev) {
    sec -= prev[0];
    nsec -= prev[1];
    if (nsec < 0) { sec--; nsec += 1e9; }
  }
  return [sec, nsec];
};
process.hrtime.bigint = () => BigInt(Math.floor(native.hrtime()));
process.memoryUsage = () => {
  const m = native.memoryUsage();
  return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: 0, arrayBuffers: 0 };
};
process.memoryUsage.rss = () => native.memoryUsage().rss;
// CPU time in microseconds. Under WASI the host reports the process's CPU time as one
// figure, given as user time (system stays 0).
process.cpuUsage = (prevValue) => {
  const [user, system] = native.cpuUsage();
  if (prevValue === undefined) return { user, system };
  if (prevValue === null || typeof prevValue !== 'object') {
    throw invalidArgType('prevValue', 'of type object', prevValue);
  }
  for (const key of ['user', 'system']) {
    const v = prevValue[key];
    if (typeof v !== 'number') throw invalidArgType(`prevValue.${key}`, 'of type number', v);
    if (!(v >= 0) || v === Infinity) {
      throw codedError(RangeError, 'ERR_INVALID_ARG_VALUE', `The property 'prevValue.${key}' is invalid. Received ${v}`);
    }
  }
  return { user: user - prevValue.user, system: system - prevValue.system };
};
process.resourceUsage = () => {
  const [user, system] = native.cpuUsage();
  return {
    userCPUTime: user, systemCPUTime: system, maxRSS: Math.floor(native.memoryUsage().rss / 1024),
    sharedMemorySize: 0, unsharedDataSize: 0, unsharedStackSize: 0, minorPageFault: 0,
    majorPageFault: 0, swappedOut: 0, fsRead: 0, fsWrite: 0, ipcSent: 0, ipcReceived: 0,
    signalsCount: 0, voluntaryContextSwitches: 0, involuntaryContextSwitches: 0,
  };
};
process.emitWarning = (warning, type = 'Warning', code) => {
  if (typeof type === 'object' && type !== null) { code = type.code; type = type.type || 'Warning'; }
  const w = typeof warning === 'string' ? Object.assign(new Error(warning), { name: type }) : warning;
  if (code) w.code = code;
  // As in Node, listeners of 'warning' see it and it is printed all the same.
  nextTick(() => {
    process.emit('warning', w);
    native.writeErr(`(wasmedge_quickjs:${process.pid}) ${code ? `[${code}] ` : ''}${w.name}: ${w.message}\n`);
  });
};

function makeStream(write, fd) {
  const stream = new EventEmitter();
  stream.fd = fd;
  stream.isTTY = false;
  stream.writable = true;
  stream.write = (chunk, encoding, cb) => {
    if (typeof encoding === 'function') cb = encoding;
    if (typeof chunk === 'string') write(chunk);
    else if (chunk instanceof Uint8Array) write(native.utf8Decode(chunk));
    else throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
    if (typeof cb === 'function') nextTick(cb);
    return true;
  };
  stream.end = (chunk, encoding, cb) => {
    if (chunk !== undefined && typeof chunk !== 'function') stream.write(chunk, encoding);
    const done = [chunk, encoding, cb].find((f) => typeof f === 'function');
    if (done) nextTick(done);
  };
  return stream;
}
process.stdout = makeStream(native.writeOut, 1);
process.stderr = makeStream(native.writeErr, 2);
// Built on first use (js/stdin.js), so that programs that never read input do not load streams.
Object.defineProperty(process, 'stdin', {
  configurable: true,
  enumerable: true,
  get() {
    const { stdin } = load('internal:stdin');
    Object.defineProperty(process, 'stdin', { value: stdin, writable: true, configurable: true, enumerable: true });
    return stdin;
  },
  set(value) {
    Object.defineProperty(process, 'stdin', { value, writable: true, configurable: true, enumerable: true });
  },
});

let exiting = false;
process.exit = (code) => {
  if (code !== undefined) process.exitCode = code;
  const final = process.exitCode === undefined ? 0 : process.exitCode;
  if (!exiting) {
    exiting = true;
    process._exiting = true;
    try {
      process.emit('exit', final);
    } catch (err) {
      reportError(err, 'uncaughtException');
    }
  }
  native.exit(process.exitCode === undefined ? final : process.exitCode);
};
process.reallyExit = (code) => native.exit(code | 0);
process.abort = () => native.exit(134);
process.kill = () => { throw codedError(Error, 'ENOSYS', 'process.kill is not supported'); };

// The nextTick queue: a growable ring of [callback, args].
let queue = [];
let head = 0;

export function nextTick(callback, ...args) {
  if (typeof callback !== 'function') validateFunction(callback, 'callback'); // throws
  if (exiting) return;
  // The loop calls runTicks after a callback only when told the queue has something.
  if (head === queue.length) native.ticksQueued();
  queue.push(callback, args);
}
process.nextTick = nextTick;

/// Runs every queued tick, including ticks queued meanwhile; returns how many ran.
export function runTicks() {
  let ran = 0;
  while (head < queue.length) {
    const callback = queue[head];
    const args = queue[head + 1];
    queue[head] = queue[head + 1] = undefined;
    head += 2;
    ran++;
    if (head === queue.length) { queue = []; head = 0; }
    if (args.length === 0) callback();
    // Not a spread: QuickJS spreads through the iterator protocol.
    else Reflect.apply(callback, undefined, args);
  }
  if (head > 0 && head === queue.length) { queue = []; head = 0; }
  return ran;
}

function describeRejection(reason) {
  if (reason instanceof Error) return inspect(reason);
  const shown = inspect(reason);
  return `[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${shown}".] {\n  code: 'ERR_UNHANDLED_REJECTION'\n}`;
}

/// The names CommonJS gives each module: in an ES module they do not exist, and Node says so.
const COMMONJS_NAMES = /^(require|module|exports|__filename|__dirname) is not defined$/;

/// Words a ReferenceError for one of COMMONJS_NAMES as Node does, with the way out.
function explainCommonJsName(err) {
  if (!(err instanceof ReferenceError) || typeof err.message !== 'string') return;
  const m = COMMONJS_NAMES.exec(err.message);
  if (!m) return;
  const hint = m[1] === 'require' ? ', you can use import instead'
    : m[1] === '__filename' || m[1] === '__dirname' ? ', you can use import.meta.filename and import.meta.dirname instead'
      : '';
  err.message = `${m[1]} is not defined in ES module scope${hint}\nThis file is being treated as an ES module (by its .mjs extension, the "type" of its package.json, or its import/export syntax). To treat it as a CommonJS script, rename it to use the '.cjs' file extension.`;
}

/// An error nothing caught: listeners may take it; otherwise it is printed. Returns whether
/// a listener handled it.
export function reportError(err, kind) {
  if (kind === 'unhandledRejection' && process.listenerCount('unhandledRejection') > 0) {
    process.emit('unhandledRejection', err);
    return true;
  }
  if (process.listenerCount('uncaughtException') > 0) {
    process.emit('uncaughtException', err, kind);
    return true;
  }
  explainCommonJsName(err);
  let text;
  try {
    text = kind === 'unhandledRejection' ? describeRejection(err) : inspect(err);
  } catch {
    text = String(err);
  }
  native.writeErr(`${text}\n`);
  return false;
}

/// The program ran out of work (or failed): emits 'exit' and returns the exit code.
export function emitExit(fatal) {
  if (fatal) process.exitCode = 1;
  const code = process.exitCode === undefined ? 0 : process.exitCode;
  if (!exiting) {
    exiting = true;
    process._exiting = true;
    process.emit('exit', code);
  }
  return process.exitCode === undefined ? code : process.exitCode;
}

export default process;
