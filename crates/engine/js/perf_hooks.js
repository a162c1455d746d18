// node:perf_hooks: the global performance object's User Timing (mark, measure, the entry
// lists, PerformanceObserver), histograms (createHistogram) and monitorEventLoopDelay, which
// samples how late a repeating timer fires. The global `performance` forwards its User Timing
// methods here, loading this module on first use.

import { provide } from 'internal:lazy';
import { codedError, invalidArgType, validateFunction, outOfRange } from 'internal:errors';

const kMake = Symbol('make');

export class PerformanceEntry {
  #name; #type; #start; #duration; #detail;

  constructor(token, name, type, start, duration, detail) {
    if (token !== kMake) throw codedError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    this.#name = name;
    this.#type = type;
    this.#start = start;
    this.#duration = duration;
    this.#detail = detail;
  }

  get name() { return this.#name; }
  get entryType() { return this.#type; }
  get startTime() { return this.#start; }
  get duration() { return this.#duration; }
  get detail() { return this.#detail; }
  toJSON() { return { name: this.#name, entryType: this.#type, startTime: this.#start, duration: this.#duration, detail: this.#detail }; }
}

export class PerformanceMark extends PerformanceEntry {
  constructor(name, options) {
    if (typeof name !== 'string') name = String(name);
    const start = options && options.startTime !== undefined ? options.startTime : performance.now();
    if (typeof start !== 'number' || start < 0) throw invalidArgType('options.startTime', 'a non-negative number', start);
    super(kMake, name, 'mark', start, 0, options && options.detail !== undefined ? structuredClone(options.detail) : null);
  }
}

export class PerformanceMeasure extends PerformanceEntry {}

const entries = [];
const observers = new Set();

function record(entry) {
  entries.push(entry);
  for (const o of observers) o._take(entry);
}

function markTime(name, which) {
  if (name === undefined) return undefined;
  if (typeof name === 'number') return name;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].entryType === 'mark' && entries[i].name === name) return entries[i].startTime;
  }
  const err = new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
  err.which = which;
  throw err;
}

export function mark(name, options) {
  const entry = new PerformanceMark(name, options);
  record(entry);
  return entry;
}

export function measure(name, startOrOptions, endMark) {
  let start;
  let end;
  let duration;
  let detail = null;
  if (startOrOptions !== null && typeof startOrOptions === 'object') {
    const o = startOrOptions;
    if (o.duration !== undefined && o.start !== undefined && o.end !== undefined) {
      throw codedError(TypeError, 'ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS', 'Cannot specify start, end and duration together');
    }
    start = markTime(o.start, 'start');
    end = markTime(o.end, 'end');
    if (o.duration !== undefined) {
      // The duration as given (computing it back from start and end would round).
      duration = o.duration;
      if (start === undefined) start = (end === undefined ? performance.now() : end) - duration;
    }
    if (o.detail !== undefined) detail = structuredClone(o.detail);
  } else {
    start = markTime(startOrOptions, 'start');
    end = markTime(endMark, 'end');
  }
  if (start === undefined) start = 0;
  if (duration === undefined) duration = (end === undefined ? performance.now() : end) - start;
  const entry = new PerformanceMeasure(kMake, String(name), 'measure', start, duration, detail);
  record(entry);
  return entry;
}

function byType(type) { return entries.filter((e) => e.entryType === type); }

export function getEntries() { return entries.slice(); }
export function getEntriesByName(name, type) { return entries.filter((e) => e.name === name && (type === undefined || e.entryType === type)); }
export function getEntriesByType(type) { return byType(type); }

function clear(type, name) {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].entryType === type && (name === undefined || entries[i].name === name)) entries.splice(i, 1);
  }
}
export function clearMarks(name) { clear('mark', name); }
export function clearMeasures(name) { clear('measure', name); }

/// The entries an observer was given, as its callback sees them.
export class PerformanceObserverEntryList {
  #list;
  constructor(token, list) {
    if (token !== kMake) throw codedError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    this.#list = list;
  }
  getEntries() { return this.#list.slice(); }
  getEntriesByName(name, type) { return this.#list.filter((e) => e.name === name && (type === undefined || e.entryType === type)); }
  getEntriesByType(type) { return this.#list.filter((e) => e.entryType === type); }
}

/// Calls back, on a later tick, with the marks and measures recorded since (of the types it
/// observes).
export class PerformanceObserver {
  #callback;
  #types = new Set();
  #pending = [];
  #scheduled = false;

  static supportedEntryTypes = ['mark', 'measure'];

  constructor(callback) {
    validateFunction(callback, 'callback');
    this.#callback = callback;
  }

  observe(options = {}) {
    const types = options.entryTypes !== undefined ? options.entryTypes : [options.type];
    if (!Array.isArray(types) || types.some((t) => typeof t !== 'string')) throw invalidArgType('options.entryTypes', 'an instance of Array', types);
    for (const t of types) if (PerformanceObserver.supportedEntryTypes.includes(t)) this.#types.add(t);
    if (this.#types.size > 0) observers.add(this);
    if (options.buffered) for (const e of entries) this._take(e);
  }

  disconnect() {
    observers.delete(this);
    this.#types.clear();
    this.#pending = [];
  }

  takeRecords() {
    const list = this.#pending;
    this.#pending = [];
    return list;
  }

  _take(entry) {
    if (!this.#types.has(entry.entryType)) return;
    this.#pending.push(entry);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      const list = this.takeRecords();
      if (list.length) this.#callback(new PerformanceObserverEntryList(kMake, list), this);
    }, 0);
  }
}

// --- Histograms ------------------------------------------------------------------------------

/// A histogram of integer values (nanoseconds, as Node records them): count, min, max, mean,
/// standard deviation and percentiles, kept exactly.
export class Histogram {
  _values = [];
  _sorted = true;
  _count = 0;
  _sum = 0;
  _squares = 0;
  _min = 9223372036854776000;
  _max = 0;
  _exceeds = 0;

  get count() { return this._count; }
  get min() { return this._min; }
  get max() { return this._max; }
  get mean() { return this._count ? this._sum / this._count : NaN; }
  get stddev() {
    if (!this._count) return NaN;
    const m = this.mean;
    return Math.sqrt(Math.max(0, this._squares / this._count - m * m));
  }
  get exceeds() { return this._exceeds; }
  get countBigInt() { return BigInt(this._count); }
  get minBigInt() { return BigInt(this._min); }
  get maxBigInt() { return BigInt(this._max); }
  get exceedsBigInt() { return BigInt(this._exceeds); }

  percentile(p) {
    if (typeof p !== 'number' || !(p > 0 && p <= 100)) throw outOfRange('percentile', '> 0 && <= 100', p);
    if (!this._count) return 0;
    if (!this._sorted) { this._values.sort((a, b) => a - b); this._sorted = true; }
    const at = Math.min(this._values.length - 1, Math.max(0, Math.ceil((p / 100) * this._values.length) - 1));
    return this._values[at];
  }

  percentileBigInt(p) { return BigInt(this.percentile(p)); }

  get percentiles() {
    const out = new Map();
    if (!this._count) return out;
    for (const p of [0, 50, 75, 87.5, 93.75, 96.875, 98.4375, 99.21875, 100]) out.set(p, p === 0 ? this._min : this.percentile(p));
    return out;
  }

  reset() {
    this._values = [];
    this._sorted = true;
    this._count = 0;
    this._sum = 0;
    this._squares = 0;
    this._min = 9223372036854776000;
    this._max = 0;
    this._exceeds = 0;
  }

  _add(value) {
    this._values.push(value);
    this._sorted = false;
    this._count++;
    this._sum += value;
    this._squares += value * value;
    if (value < this._min) this._min = value;
    if (value > this._max) this._max = value;
  }
}

export class RecordableHistogram extends Histogram {
  record(value) {
    const v = typeof value === 'bigint' ? Number(value) : value;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArgType('val', 'of type number or bigint', value);
    if (v < 1) throw outOfRange('val', '>= 1', v);
    this._add(v);
  }

  #last;
  recordDelta() {
    const now = Math.round(performance.now() * 1e6);
    if (this.#last !== undefined) this._add(Math.max(1, now - this.#last));
    this.#last = now;
  }

  add(other) {
    if (!(other instanceof Histogram)) throw invalidArgType('other', 'an instance of RecordableHistogram', other);
    for (const v of other._values) this._add(v);
  }
}

export function createHistogram() { return new RecordableHistogram(); }

/// A histogram of how late a timer repeating every `resolution` milliseconds fires, in
/// nanoseconds: the event loop's delay. enable() starts sampling, disable() stops it.
class IntervalHistogram extends Histogram {
  #resolution;
  #timer = null;
  #expected = 0;

  constructor(resolution) {
    super();
    this.#resolution = resolution;
  }

  enable() {
    if (this.#timer) return false;
    this.#expected = performance.now() + this.#resolution;
    this.#timer = setInterval(() => {
      const now = performance.now();
      const late = Math.max(1, Math.round((now - this.#expected) * 1e6));
      this._add(late);
      this.#expected = now + this.#resolution;
    }, this.#resolution);
    this.#timer.unref();
    return true;
  }

  disable() {
    if (!this.#timer) return false;
    clearInterval(this.#timer);
    this.#timer = null;
    return true;
  }
}

export function monitorEventLoopDelay(options = {}) {
  const resolution = options.resolution === undefined ? 10 : options.resolution;
  if (typeof resolution !== 'number' || !Number.isInteger(resolution) || resolution < 1) {
    throw outOfRange('options.resolution', '>= 1', resolution);
  }
  return new IntervalHistogram(resolution);
}

export const constants = {
  NODE_PERFORMANCE_GC_MAJOR: 4, NODE_PERFORMANCE_GC_MINOR: 1, NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16, NODE_PERFORMANCE_GC_FLAGS_NO: 0, NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
};

export const performance = globalThis.performance;
provide('node:perf_hooks', {
  mark, measure, getEntries, getEntriesByName, getEntriesByType, clearMarks, clearMeasures,
  PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceObserver, PerformanceObserverEntryList,
});

export default {
  performance, PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceObserver,
  PerformanceObserverEntryList, createHistogram, monitorEventLoopDelay, constants,
};
