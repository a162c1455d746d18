// Runs before the entry module: installs the globals a Node-style program expects, and exports
// the hooks the event loop calls.

import native from 'internal:native';
import process, { nextTick, runTicks, reportError, emitExit } from 'node:process';
import { inspect, formatWithOptions } from 'internal:inspect';
import * as timers from 'node:timers';
import { DOMException, validateFunction } from 'internal:errors';
import { defineLazyGlobals, load } from 'internal:lazy';

// Stacks as V8 writes them: a header line ("TypeError: message"), then one "at" line per frame.
function frameText(site) {
  const file = site.getFileName();
  const where = file === undefined || file === null ? 'native'
    : `${file}:${site.getLineNumber()}:${site.getColumnNumber()}`;
  const fn = site.getFunctionName();
  return fn ? `${fn} (${where})` : (where === 'native' ? '<anonymous> (native)' : where);
}
Error.prepareStackTrace = (err, sites) => {
  let header;
  try {
    const name = err.name === undefined ? 'Error' : String(err.name);
    const message = err.message === undefined ? '' : String(err.message);
    header = message ? (name ? `${name}: ${message}` : message) : name;
  } catch {
    header = 'Error';
  }
  let out = header;
  for (const site of sites) out += `\n    at ${frameText(site)}`;
  return out;
};

function define(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

// console: log/info/debug to stdout, warn/error/trace to stderr, Node's formatting.
let groupIndent = '';
const counts = new Map();
const timersByLabel = new Map();

function emit(write, args) {
  let text = formatWithOptions(undefined, ...args);
  if (groupIndent) text = groupIndent + text.split('\n').join('\n' + groupIndent);
  write(text + '\n');
}

const console = {
  log: (...args) => emit(native.writeOut, args),
  info: (...args) => emit(native.writeOut, args),
  debug: (...args) => emit(native.writeOut, args),
  warn: (...args) => emit(native.writeErr, args),
  error: (...args) => emit(native.writeErr, args),
  trace: (...args) => {
    const err = new Error(formatWithOptions(undefined, ...args));
    err.name = 'Trace';
    emit(native.writeErr, [err.stack && err.stack.startsWith('Trace') ? err.stack : `Trace: ${err.message}\n${err.stack || ''}`.trimEnd()]);
  },
  dir: (obj, options) => emit(native.writeOut, [inspect(obj, { customInspect: false, ...options })]),
  dirxml: (...args) => emit(native.writeOut, args),
  assert: (value, ...args) => {
    if (!value) {
      args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
      emit(native.writeErr, args);
    }
  },
  count: (label = 'default') => {
    label = `${label}`;
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    emit(native.writeOut, [`${label}: ${n}`]);
  },
  countReset: (label = 'default') => { counts.delete(`${label}`); },
  group: (...args) => { if (args.length) emit(native.writeOut, args); groupIndent += '  '; },
  groupCollapsed: (...args) => { if (args.length) emit(native.writeOut, args); groupIndent += '  '; },
  groupEnd: () => { groupIndent = groupIndent.slice(0, -2); },
  time: (label = 'default') => { timersByLabel.set(`${label}`, native.now()); },
  timeEnd: (label = 'default') => {
    const start = timersByLabel.get(`${label}`);
    if (start === undefined) return process.emitWarning(`No such label '${label}' for console.timeEnd()`);
    timersByLabel.delete(`${label}`);
    emit(native.writeOut, [`${label}: ${formatMs(native.now() - start)}`]);
  },
  timeLog: (label = 'default', ...data) => {
    const start = timersByLabel.get(`${label}`);
    if (start === undefined) return process.emitWarning(`No such label '${label}' for console.timeLog()`);
    emit(native.writeOut, [`${label}: ${formatMs(native.now() - start)}`, ...data]);
  },
  table: (data) => emit(native.writeOut, [table(data)]),
};

function formatMs(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
  return `${ms.toFixed(3)}ms`;
}

function table(data) {
  if (data === null || typeof data !== 'object') return inspect(data);
  const rows = Object.keys(data);
  const cols = [];
  let hasValues = false;
  for (const r of rows) {
    const v = data[r];
    if (v !== null && typeof v === 'object') {
      for (const c of Object.keys(v)) if (!cols.includes(c)) cols.push(c);
    } else hasValues = true;
  }
  const header = ['(index)', ...cols, ...(hasValues ? ['Values'] : [])];
  const body = rows.map((r) => {
    const v = data[r];
    const cells = cols.map((c) => (v !== null && typeof v === 'object' && c in v ? inspect(v[c]) : ''));
    if (hasValues) cells.push(v !== null && typeof v === 'object' ? '' : inspect(v));
    return [r, ...cells];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)) + 2);
  const center = (s, w) => { const l = Math.floor((w - s.length) / 2); return ' '.repeat(l) + s + ' '.repeat(w - s.length - l); };
  const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
  const out = [line('┌', '┬', '┐'), '│' + header.map((h, i) => center(h, widths[i])).join('│') + '│', line('├', '┼', '┤')];
  for (const row of body) out.push('│' + row.map((c, i) => center(c, widths[i])).join('│') + '│');
  out.push(line('└', '┴', '┘'));
  return out.join('\n');
}

define('console', console);
define('print', (...args) => native.writeOut(args.map((a) => String(a)).join(' ') + '\n'));
define('process', process);
define('global', globalThis);
define('nextTick', nextTick);
define('exit', (code) => process.exit(code));
define('args', process.argv.slice(1));
define('scriptArgs', process.argv.slice(1));
define('setTimeout', timers.setTimeout);
define('setInterval', timers.setInterval);
define('setImmediate', timers.setImmediate);
define('clearTimeout', timers.clearTimeout);
define('clearInterval', timers.clearInterval);
define('clearImmediate', timers.clearImmediate);
define('queueMicrotask', (callback) => {
  validateFunction(callback, 'callback');
  Promise.resolve().then(callback);
});
define('DOMException', DOMException);
// The rest load on first use.
defineLazyGlobals('internal:encoding', ['TextEncoder', 'TextDecoder', 'atob', 'btoa']);
defineLazyGlobals('internal:url', ['URL', 'URLSearchParams']);
defineLazyGlobals('internal:web', ['Event', 'CustomEvent', 'EventTarget', 'AbortController', 'AbortSignal', 'structuredClone', 'MessageEvent']);
defineLazyGlobals('internal:messaging', ['MessageChannel', 'MessagePort', 'BroadcastChannel']);
defineLazyGlobals('node:buffer', ['Buffer']);
defineLazyGlobals('internal:fetch', ['fetch', 'Headers', 'Request', 'Response', 'ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamDefaultController']);
defineLazyGlobals('internal:websocket', ['WebSocket', 'CloseEvent']);
defineLazyGlobals('internal:webstreams', ['WritableStream', 'WritableStreamDefaultWriter', 'TransformStream',
  'ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'TextEncoderStream', 'TextDecoderStream',
  'CompressionStream', 'DecompressionStream']);
defineLazyGlobals('node:crypto', ['crypto', 'Crypto', 'CryptoKey', 'SubtleCrypto']);
defineLazyGlobals('internal:blob', ['Blob', 'File']);
defineLazyGlobals('internal:formdata', ['FormData']);

const timeOrigin = native.timeOrigin;
// User Timing (mark, measure and the entry lists) lives in node:perf_hooks, loaded on first use.
const timing = (method) => (...args) => load('node:perf_hooks')[method](...args);
define('performance', {
  now: () => native.now(),
  timeOrigin,
  toJSON() { return { timeOrigin }; },
  mark: timing('mark'),
  measure: timing('measure'),
  getEntries: timing('getEntries'),
  getEntriesByName: timing('getEntriesByName'),
  getEntriesByType: timing('getEntriesByType'),
  clearMarks: timing('clearMarks'),
  clearMeasures: timing('clearMeasures'),
});
defineLazyGlobals('node:perf_hooks', ['PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure', 'PerformanceObserver', 'PerformanceObserverEntryList']);

export const hooks = { runTicks, reportError, emitExit };
