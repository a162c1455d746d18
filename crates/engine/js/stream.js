// node:stream: Stream, Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished,
// with Node's flowing/paused modes, high-water marks, 'drain', and async iteration.

import { EventEmitter } from 'node:events';
import { Buffer } from 'node:buffer';
import { codedError, invalidArgType, outOfRange } from 'internal:errors';
import { retainShapes } from 'internal:shapes';

const nextTick = (fn, ...args) => process.nextTick(fn, ...args);

function writeAfterEnd() {
  return codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
}

function destroyedError(method) {
  return codedError(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${method} after a stream was destroyed`);
}

function prematureClose() {
  return codedError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close');
}

// The legacy base class: an EventEmitter with a classic pipe().
export class Stream extends EventEmitter {
  pipe(dest, options) {
    const source = this;
    const ondata = (chunk) => {
      if (dest.writable !== false && dest.write(chunk) === false && source.pause) source.pause();
    };
    const ondrain = () => { if (source.readable !== false && source.resume) source.resume(); };
    source.on('data', ondata);
    dest.on('drain', ondrain);
    if (!options || options.end !== false) source.once('end', () => dest.end());
    dest.emit('pipe', source);
    return dest;
  }
}

// The state's layout, kept after the first one is built (see internal:shapes).
let readableShapesKept = false;

/// Gives `stream` its Readable state; the Readable constructor calls it, or a subclass with a
/// lazy state on its first use (its prototype's `_readableState` accessor is then shadowed by
/// the stream's own property).
export function _initReadableState(stream, options) {
  const objectMode = !!(options && (options.objectMode || options.readableObjectMode));
  const s = {
    objectMode,
    highWaterMark: options && options.highWaterMark !== undefined ? options.highWaterMark
      : options && options.readableHighWaterMark !== undefined ? options.readableHighWaterMark
        : objectMode ? 16 : 16384,
    buffer: [],
    length: 0,
    flowing: null,
    ended: false,
    endEmitted: false,
    reading: false,
    sync: false,
    needReadable: false,
    emittedReadable: false,
    readableListening: false,
    flowScheduled: false,
    decoder: null,
    encoding: null,
    destroyed: false,
    closed: false,
    errored: null,
    autoDestroy: !options || options.autoDestroy !== false,
    emitClose: !options || options.emitClose !== false,
    pipes: [],
    dataEmitted: false,
  };
  if (!readableShapesKept) { readableShapesKept = true; retainShapes(s); }
  if (stream._lazyReadableState === true) {
    Object.defineProperty(stream, '_readableState', { value: s, writable: true, enumerable: true, configurable: true });
  } else {
    stream._readableState = s;
  }
  if (options) {
    if (typeof options.read === 'function') stream._read = options.read;
    if (typeof options.destroy === 'function') stream._destroy = options.destroy;
    if (options.encoding) stream.setEncoding(options.encoding);
  }
  return s;
}

// --- Readable -------------------------------------------------------------------------------

/// Async iteration over the chunks of `stream`; with `destroyOnReturn`, leaving early destroys it.
function iterate(stream, destroyOnReturn) {
  let error = null;
  let done = false;
  let wake = null;
  const notify = () => { if (wake) { const w = wake; wake = null; w(); } };
  stream.on('readable', notify);
  stream.once('end', () => { done = true; notify(); });
  stream.once('error', (e) => { error = e; notify(); });
  stream.once('close', () => { done = true; notify(); });
  return {
    async next() {
      for (;;) {
        if (error) throw error;
        const chunk = stream.destroyed ? null : stream.read();
        if (chunk !== null) return { value: chunk, done: false };
        if (done || stream._readableState.endEmitted) {
          // As in Node, a stream iterated to its end is destroyed.
          stream.destroy();
          return { value: undefined, done: true };
        }
        if (stream.destroyed) {
          if (!stream._readableState.ended) throw prematureClose();
          return { value: undefined, done: true };
        }
        await new Promise((resolve) => { wake = resolve; });
      }
    },
    async return() {
      if (destroyOnReturn) stream.destroy();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() { return this; },
  };
}

export class Readable extends Stream {
  constructor(options) {
    super(options);
    // A subclass that creates its state only when first used (an IncomingMessage nobody reads)
    // says so on its prototype; it then calls initReadableState itself.
    if (this._lazyReadableState !== true) _initReadableState(this, options);
  }

  get readable() {
    const s = this._readableState;
    return !s.destroyed && !s.endEmitted && !s.errored;
  }
  set readable(v) { /* Node lets this be assigned; the state decides. */ }
  get readableEnded() { return this._readableState.endEmitted; }
  get readableFlowing() { return this._readableState.flowing; }
  set readableFlowing(v) { this._readableState.flowing = v; }
  get readableLength() { return this._readableState.length; }
  get readableHighWaterMark() { return this._readableState.highWaterMark; }
  get readableObjectMode() { return this._readableState.objectMode; }
  get readableEncoding() { return this._readableState.encoding; }
  get destroyed() { return this._readableState.destroyed; }
  set destroyed(v) { this._readableState.destroyed = v; }
  get closed() { return this._readableState.closed; }
  get errored() { return this._readableState.errored; }

  _read() {
    throw codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The _read() method is not implemented');
  }

  push(chunk, encoding) {
    const s = this._readableState;
    if (chunk === null) {
      s.reading = false;
      if (s.ended) return false;
      if (s.decoder) {
        const rest = s.decoder.end();
        if (rest) { s.buffer.push(rest); s.length += rest.length; }
      }
      s.ended = true;
      if (s.flowing) scheduleFlow(this);
      else emitReadable(this);
      if (s.length === 0) maybeEnd(this);
      return false;
    }
    if (s.ended) {
      this.destroy(codedError(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'));
      return false;
    }
    if (s.destroyed) return false;
    s.reading = false;
    if (!s.objectMode) {
      if (typeof chunk === 'string') chunk = Buffer.from(chunk, encoding);
      else if (!(chunk instanceof Uint8Array)) {
        throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
      } else if (!(chunk instanceof Buffer)) chunk = new Buffer(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (chunk.length === 0) return s.length < s.highWaterMark;
      if (s.decoder) {
        chunk = s.decoder.write(chunk);
        if (chunk.length === 0) return s.length < s.highWaterMark;
      }
    }
    if (s.flowing && s.length === 0 && !s.sync && this.listenerCount('data') > 0) {
      this.emit('data', chunk);
    } else {
      s.buffer.push(chunk);
      s.length += s.objectMode ? 1 : chunk.length;
      if (s.flowing) scheduleFlow(this);
      else emitReadable(this);
    }
    return s.length < s.highWaterMark;
  }

  unshift(chunk) {
    const s = this._readableState;
    if (chunk === null) return this.push(null);
    if (!s.objectMode && typeof chunk === 'string') chunk = Buffer.from(chunk);
    s.buffer.unshift(chunk);
    s.length += s.objectMode ? 1 : chunk.length;
    return true;
  }

  read(n) {
    const s = this._readableState;
    s.dataEmitted = true;
    if (n === 0 || n === undefined && s.length === 0) {
      if (s.ended) { if (s.length === 0) maybeEnd(this); return null; }
      requestMore(this);
      return null;
    }
    let chunk = null;
    if (s.length > 0) {
      if (s.objectMode) {
        chunk = s.buffer.shift();
        s.length--;
      } else if (n === undefined || n >= s.length) {
        if (n !== undefined && n > s.length && !s.ended) { requestMore(this); return null; }
        chunk = s.buffer.length === 1 ? s.buffer[0]
          : s.decoder ? s.buffer.join('') : Buffer.concat(s.buffer, s.length);
        s.buffer.length = 0;
        s.length = 0;
      } else {
        chunk = takeBytes(s, n);
      }
    }
    if (s.ended && s.length === 0) maybeEnd(this);
    else if (s.length < s.highWaterMark) requestMore(this);
    if (chunk !== null) {
      if (s.length === 0) s.emittedReadable = false;
      // As in Node, whatever read() hands out is also emitted as 'data'.
      s.dataEmitted = true;
      this.emit('data', chunk);
    }
    return chunk;
  }

  setEncoding(enc) {
    const s = this._readableState;
    const encoding = String(enc || 'utf8').toLowerCase().replace('-', '');
    s.encoding = encoding === 'utf8' ? 'utf8' : encoding;
    if (s.encoding === 'utf8') {
      const td = new TextDecoder('utf-8');
      s.decoder = { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
    } else {
      s.decoder = { write: (b) => Buffer.from(b.buffer, b.byteOffset, b.length).toString(s.encoding), end: () => '' };
    }
    // Buffered bytes become text too.
    if (s.buffer.length) {
      const joined = s.buffer.map((b) => (typeof b === 'string' ? b : s.decoder.write(b))).join('');
      s.buffer = joined ? [joined] : [];
      s.length = joined.length;
    }
    return this;
  }

  on(ev, fn) {
    const res = super.on(ev, fn);
    const s = this._readableState;
    if (ev === 'data') {
      if (s.flowing !== false) this.resume();
    } else if (ev === 'readable') {
      if (!s.endEmitted && !s.readableListening) {
        s.readableListening = true;
        s.flowing = false;
        s.emittedReadable = false;
        if (s.length > 0 || s.ended) emitReadable(this);
        else requestMore(this);
      }
    }
    return res;
  }

  resume() {
    const s = this._readableState;
    if (!s.flowing) {
      s.flowing = !s.readableListening;
      if (s.flowing) scheduleFlow(this);
    }
    return this;
  }

  pause() {
    const s = this._readableState;
    if (s.flowing !== false) {
      s.flowing = false;
      this.emit('pause');
    }
    return this;
  }

  isPaused() { return this._readableState.flowing === false; }

  pipe(dest, options) {
    const src = this;
    const s = this._readableState;
    s.pipes.push(dest);
    const ondata = (chunk) => { if (dest.write(chunk) === false) src.pause(); };
    const ondrain = () => src.resume();
    src.on('data', ondata);
    dest.on('drain', ondrain);
    const end = !options || options.end !== false;
    const onend = () => { cleanup(); if (end) dest.end(); };
    const cleanup = () => {
      src.removeListener('data', ondata);
      dest.removeListener('drain', ondrain);
      src.removeListener('end', onend);
    };
    src.once('end', onend);
    src._unpipe = src._unpipe || new Map();
    src._unpipe.set(dest, cleanup);
    dest.emit('pipe', src);
    if (!s.flowing) src.resume();
    return dest;
  }

  unpipe(dest) {
    const map = this._unpipe;
    if (!map) return this;
    for (const [d, cleanup] of [...map]) {
      if (dest === undefined || d === dest) {
        cleanup(); map.delete(d);
        const i = this._readableState.pipes.indexOf(d);
        if (i >= 0) this._readableState.pipes.splice(i, 1);
        d.emit('unpipe', this);
      }
    }
    return this;
  }

  destroy(err, cb) {
    const s = this._readableState;
    if (s.destroyed) { if (cb) nextTick(cb, err); return this; }
    s.destroyed = true;
    if (this._writableState) this._writableState.destroyed = true;
    this._destroy(err || null, (e) => {
      if (e) {
        s.errored = e;
        if (this._writableState) this._writableState.errored = e;
      }
      nextTick(() => {
        if (e) { s.errorEmitted = true; this.emit('error', e); }
        s.closed = true;
        if (this._writableState) this._writableState.closed = true;
        if (s.emitClose) this.emit('close');
        if (cb) cb(e);
      });
    });
    return this;
  }

  _destroy(err, cb) { cb(err); }

  [Symbol.asyncIterator]() { return iterate(this, true); }

  /// Async iteration; with `destroyOnReturn: false`, leaving a loop early keeps the stream.
  iterator(options) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw invalidArgType('options', 'of type object', options);
    }
    return iterate(this, !(options && options.destroyOnReturn === false));
  }

  /// Whether a 'data' event was ever emitted.
  get readableDidRead() { return this._readableState.dataEmitted; }

  /// Whether the stream was destroyed or errored before it ended.
  get readableAborted() {
    const s = this._readableState;
    return !!((s.destroyed || s.errored) && !s.endEmitted);
  }

  /// Reads from an old-style stream (one that only emits 'data' and 'end'), pausing it
  /// while this stream's buffer is full.
  wrap(stream) {
    let paused = false;
    stream.on('data', (chunk) => {
      if (!this.push(chunk) && typeof stream.pause === 'function') {
        paused = true;
        stream.pause();
      }
    });
    stream.on('end', () => this.push(null));
    stream.on('error', (err) => this.destroy(err));
    stream.on('close', () => this.destroy());
    this._read = () => {
      if (paused && typeof stream.resume === 'function') {
        paused = false;
        stream.resume();
      }
    };
    return this;
  }

  static from(iterable, options) {
    if (typeof iterable === 'string' || iterable instanceof Uint8Array) {
      const r = new Readable({ objectMode: true, ...options, read() {} });
      r.push(iterable); r.push(null);
      return r;
    }
    if (iterable === null || iterable === undefined
        || (typeof iterable[Symbol.asyncIterator] !== 'function' && typeof iterable[Symbol.iterator] !== 'function')) {
      throw invalidArgType('iterable', 'an Iterable', iterable);
    }
    const it = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
    let reading = false;
    return new Readable({
      objectMode: true,
      ...options,
      destroy(err, cb) {
        // Ends the generator or source behind the iterator, as breaking out of a loop does.
        let closing;
        try {
          closing = typeof it.return === 'function' ? it.return() : undefined;
        } catch (e) {
          cb(err || e);
          return;
        }
        Promise.resolve(closing).then(() => cb(err), (e) => cb(err || e));
      },
      async read() {
        if (reading) return;
        reading = true;
        try {
          for (;;) {
            const { value, done } = await it.next();
            if (done) { this.push(null); break; }
            if (!this.push(await value)) break;
          }
        } catch (e) {
          this.destroy(e);
        }
        reading = false;
      },
    });
  }
}

// As in Node, adding a listener either way has the same effects ('data' starts the flow).
Readable.prototype.addListener = Readable.prototype.on;

function takeBytes(s, n) {
  const first = s.buffer[0];
  if (typeof first === 'string') {
    let text = s.buffer.join('');
    const out = text.slice(0, n);
    text = text.slice(n);
    s.buffer = text ? [text] : [];
    s.length = text.length;
    return out;
  }
  if (first.length > n) {
    s.buffer[0] = first.subarray(n);
    s.length -= n;
    return first.subarray(0, n);
  }
  const out = Buffer.allocUnsafe(n);
  let pos = 0;
  while (pos < n) {
    const b = s.buffer[0];
    const take = Math.min(b.length, n - pos);
    out.set(take === b.length ? b : b.subarray(0, take), pos);
    pos += take;
    if (take === b.length) s.buffer.shift();
    else s.buffer[0] = b.subarray(take);
  }
  s.length -= n;
  return out;
}

function requestMore(stream) {
  const s = stream._readableState;
  if (s.reading || s.ended || s.destroyed) return;
  s.reading = true;
  s.sync = true;
  stream._read(s.highWaterMark);
  s.sync = false;
}

function emitReadable(stream) {
  const s = stream._readableState;
  if (s.emittedReadable || !s.readableListening) { s.needReadable = true; return; }
  s.emittedReadable = true;
  nextTick(() => {
    s.emittedReadable = false;
    if (!s.destroyed && (s.length > 0 || s.ended)) stream.emit('readable');
    if (s.ended && s.length === 0) maybeEnd(stream);
  });
}

function scheduleFlow(stream) {
  const s = stream._readableState;
  if (s.flowScheduled) return;
  s.flowScheduled = true;
  nextTick(flow, stream);
}

function flow(stream) {
  const s = stream._readableState;
  s.flowScheduled = false;
  while (s.flowing && s.length > 0 && !s.destroyed) {
    const chunk = s.objectMode ? (s.length--, s.buffer.shift()) : s.buffer.shift();
    if (!s.objectMode) s.length -= chunk.length;
    s.dataEmitted = true;
    stream.emit('data', chunk);
  }
  if (s.ended && s.length === 0) maybeEnd(stream);
  else if (s.flowing && s.length < s.highWaterMark) requestMore(stream);
}

function maybeEnd(stream) {
  const s = stream._readableState;
  if (s.endEmitted || s.endScheduled) return;
  // 'end' waits until someone consumes: flowing mode or an explicit read.
  if (s.flowing === null && !s.readableListening) return;
  s.endScheduled = true;
  process.nextTick(_endTick, stream);
}

/// The tick `maybeEnd` schedules (`s.endScheduled` is set): 'end', unless data came back or
/// the stream was destroyed first.
export function _endTick(stream) {
  const s = stream._readableState;
  if (s.endEmitted || s.length > 0 || s.destroyed) { s.endScheduled = false; return; }
  s.endEmitted = true;
  stream.emit('end');
  if (stream._writableState && stream.allowHalfOpen === false) stream.end();
  if (s.autoDestroy && (!stream._writableState || stream._writableState.finished)) stream.destroy();
}

// --- Writable -------------------------------------------------------------------------------

export class Writable extends Stream {
  constructor(options) {
    super(options);
    initWritable(this, options);
  }

  get errored() { return this._writableState.errored; }

  static [Symbol.hasInstance](obj) {
    if (this !== Writable) return Function.prototype[Symbol.hasInstance].call(this, obj);
    return !!obj && typeof obj === 'object' && !!obj._writableState;
  }
}

function initWritable(stream, options) {
  const objectMode = !!(options && (options.objectMode || options.writableObjectMode));
  stream._writableState = {
    objectMode,
    highWaterMark: options && options.highWaterMark !== undefined ? options.highWaterMark
      : options && options.writableHighWaterMark !== undefined ? options.writableHighWaterMark
        : objectMode ? 16 : 16384,
    decodeStrings: !options || options.decodeStrings !== false,
    defaultEncoding: (options && options.defaultEncoding) || 'utf8',
    length: 0,
    writing: false,
    buffered: [],
    corked: 0,
    needDrain: false,
    ending: false,
    ended: false,
    finished: false,
    finalCalled: false,
    destroyed: false,
    closed: false,
    errored: null,
    autoDestroy: !options || options.autoDestroy !== false,
    emitClose: !options || options.emitClose !== false,
  };
  if (options) {
    if (typeof options.write === 'function') stream._write = options.write;
    if (typeof options.writev === 'function') stream._writev = options.writev;
    if (typeof options.final === 'function') stream._final = options.final;
    if (typeof options.destroy === 'function') stream._destroy = options.destroy;
  }
}

const writableMethods = {
  write(chunk, encoding, cb) {
    const s = this._writableState;
    if (typeof encoding === 'function') { cb = encoding; encoding = null; }
    if (!encoding) encoding = s.defaultEncoding;
    if (chunk === null) throw codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    let err = null;
    if (s.ending) err = writeAfterEnd();
    else if (s.destroyed) err = destroyedError('write');
    if (err) {
      nextTick(() => { if (cb) cb(err); this.emit('error', err); });
      return false;
    }
    if (!s.objectMode) {
      if (typeof chunk === 'string') {
        if (s.decodeStrings) { chunk = Buffer.from(chunk, encoding); encoding = 'buffer'; }
      } else if (chunk instanceof Uint8Array) {
        encoding = 'buffer';
      } else {
        throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
      }
    }
    const len = s.objectMode ? 1 : chunk.length;
    s.length += len;
    const ret = s.length < s.highWaterMark;
    if (!ret) s.needDrain = true;
    if (s.writing || s.corked) s.buffered.push({ chunk, encoding, cb, len });
    else doWrite(this, chunk, encoding, cb, len);
    return ret;
  },

  end(chunk, encoding, cb) {
    const s = this._writableState;
    if (typeof chunk === 'function') { cb = chunk; chunk = null; encoding = null; } else if (typeof encoding === 'function') { cb = encoding; encoding = null; }
    if (chunk !== null && chunk !== undefined) this.write(chunk, encoding);
    if (s.corked) { s.corked = 1; this.uncork(); }
    if (s.ending) {
      if (cb) {
        if (s.finished) nextTick(cb);
        else this.once('finish', cb);
      }
      return this;
    }
    s.ending = true;
    if (cb) this.once('finish', cb);
    finishMaybe(this);
    s.ended = true;
    return this;
  },

  cork() { this._writableState.corked++; },
  uncork() {
    const s = this._writableState;
    if (s.corked) { s.corked--; if (!s.corked && !s.writing) clearBuffer(this); }
  },
  setDefaultEncoding(enc) { this._writableState.defaultEncoding = enc; return this; },
  _write(chunk, encoding, cb) {
    if (this._writev) this._writev([{ chunk, encoding }], cb);
    else throw codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The _write() method is not implemented');
  },
};

const writableGetters = {
  writable() { const s = this._writableState; return !s.destroyed && !s.ending && !s.errored; },
  writableEnded() { return this._writableState.ending; },
  writableFinished() { return this._writableState.finished; },
  writableLength() { return this._writableState.length; },
  writableHighWaterMark() { return this._writableState.highWaterMark; },
  writableObjectMode() { return this._writableState.objectMode; },
  writableCorked() { return this._writableState.corked; },
  writableNeedDrain() { return this._writableState.needDrain; },
  writableAborted() {
    const s = this._writableState;
    return !!((s.destroyed || s.errored) && !s.finished);
  },
};

function doWrite(stream, chunk, encoding, cb, len) {
  startWrite(stream, len, cb, (done) => stream._write(chunk, encoding, done));
}

/// One write of `len` units through `write(done)`; `cb` (optional) is the caller's callback.
function startWrite(stream, len, cb, write) {
  const s = stream._writableState;
  s.writing = true;
  let sync = true;
  write((err) => {
    s.writing = false;
    s.length -= len;
    if (err) {
      s.errored = err;
      if (cb) nextTick(cb, err);
      stream.destroy(err);
      return;
    }
    const after = () => {
      if (cb) cb(null);
      if (s.buffered.length && !s.corked) clearBuffer(stream);
      else {
        if (s.needDrain && s.length === 0 && !s.ending) { s.needDrain = false; stream.emit('drain'); }
        finishMaybe(stream);
      }
    };
    if (sync) nextTick(after); else after();
  });
  sync = false;
}

function clearBuffer(stream) {
  const s = stream._writableState;
  if (!s.buffered.length) { finishMaybe(stream); return; }
  if (s.buffered.length > 1 && typeof stream._writev === 'function') {
    // Everything buffered (while corked, or behind a slow write) goes in one _writev call.
    const entries = s.buffered.splice(0);
    let len = 0;
    for (const e of entries) len += e.len;
    const callbacks = entries.map((e) => e.cb).filter(Boolean);
    const chunks = entries.map(({ chunk, encoding }) => ({ chunk, encoding }));
    chunks.allBuffers = entries.every((e) => e.encoding === 'buffer');
    startWrite(stream, len, (err) => { for (const cb of callbacks) cb(err); },
      (done) => stream._writev(chunks, done));
    return;
  }
  const { chunk, encoding, cb, len } = s.buffered.shift();
  doWrite(stream, chunk, encoding, cb, len);
}

function finishMaybe(stream) {
  const s = stream._writableState;
  if (!s.ending || s.writing || s.buffered.length || s.finished || s.destroyed) return;
  const done = () => {
    if (s.finished) return;
    s.finished = true;
    stream.emit('finish');
    if (s.autoDestroy && (!stream._readableState || stream._readableState.endEmitted)) stream.destroy();
  };
  if (s.finalCalled) return;
  s.finalCalled = true;
  if (stream._final) {
    stream._final((err) => {
      if (err) { stream.destroy(err); return; }
      nextTick(done);
    });
  } else nextTick(done);
}

function writableDestroy(err, cb) {
  const s = this._writableState;
  if (s.destroyed) { if (cb) nextTick(cb, err); return this; }
  s.destroyed = true;
  this._destroy(err || null, (e) => {
    if (e) s.errored = e;
    nextTick(() => {
      if (e) { s.errorEmitted = true; this.emit('error', e); }
      s.closed = true;
      if (s.emitClose) this.emit('close');
      if (cb) cb(e);
    });
  });
  return this;
}

function installWritable(proto) {
  for (const [k, v] of Object.entries(writableMethods)) {
    Object.defineProperty(proto, k, { value: v, writable: true, configurable: true });
  }
  for (const [k, get] of Object.entries(writableGetters)) {
    Object.defineProperty(proto, k, { get, configurable: true });
  }
}
installWritable(Writable.prototype);
Object.defineProperty(Writable.prototype, 'destroy', { value: writableDestroy, writable: true, configurable: true });
Object.defineProperty(Writable.prototype, '_destroy', { value(err, cb) { cb(err); }, writable: true, configurable: true });
Object.defineProperty(Writable.prototype, 'destroyed', {
  get() { return this._writableState.destroyed; },
  set(v) { this._writableState.destroyed = v; },
  configurable: true,
});
Object.defineProperty(Writable.prototype, 'closed', { get() { return this._writableState.closed; }, configurable: true });

// --- Duplex, Transform, PassThrough -----------------------------------------------------------

export class Duplex extends Readable {
  constructor(options) {
    super(options);
    initWritable(this, options);
    this.allowHalfOpen = !options || options.allowHalfOpen !== false;
  }
}
installWritable(Duplex.prototype);

export class Transform extends Duplex {
  constructor(options) {
    super(options);
    if (options) {
      if (typeof options.transform === 'function') this._transform = options.transform;
      if (typeof options.flush === 'function') this._flush = options.flush;
    }
  }

  _write(chunk, encoding, cb) {
    this._transform(chunk, encoding, (err, data) => {
      if (err) { cb(err); return; }
      if (data !== undefined && data !== null) this.push(data);
      cb();
    });
  }

  _final(cb) {
    const done = (err, data) => {
      if (err) { cb(err); return; }
      if (data !== undefined && data !== null) this.push(data);
      this.push(null);
      cb();
    };
    if (this._flush) this._flush(done);
    else done();
  }

  _read() {}

  _transform() {
    throw codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The _transform() method is not implemented');
  }
}

export class PassThrough extends Transform {
  _transform(chunk, encoding, cb) { cb(null, chunk); }
}

// --- Utilities ------------------------------------------------------------------------------

export function finished(stream, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  let called = false;
  const done = (err) => {
    if (called) return;
    called = true;
    cleanup();
    callback.call(stream, err);
  };
  const rs = stream._readableState;
  const ws = stream._writableState;
  // A legacy writable (an http.ClientRequest): no state, but write() and 'finish'.
  const legacyWritable = !rs && !ws && typeof stream.write === 'function';
  const wantRead = rs && (options.readable !== false);
  const wantWrite = (ws || legacyWritable) && (options.writable !== false);
  let readDone = !wantRead || rs.endEmitted;
  let writeDone = !wantWrite || (ws ? ws.finished : stream.writableFinished === true);
  const onend = () => { readDone = true; if (writeDone) done(); };
  const onfinish = () => { writeDone = true; if (readDone) done(); };
  const onerror = (err) => done(err);
  const onclose = () => {
    if ((wantRead && !readDone) || (wantWrite && !writeDone)) done(prematureClose());
    else done();
  };
  const cleanup = () => {
    stream.removeListener('end', onend);
    stream.removeListener('finish', onfinish);
    stream.removeListener('error', onerror);
    stream.removeListener('close', onclose);
  };
  stream.on('end', onend);
  stream.on('finish', onfinish);
  stream.on('error', onerror);
  stream.on('close', onclose);
  if (readDone && writeDone) nextTick(done);
  return cleanup;
}

function isStream(s) {
  return !!s && typeof s === 'object' && (typeof s.pipe === 'function' || !!s._writableState);
}

export function pipeline(...streams) {
  const callback = typeof streams[streams.length - 1] === 'function' ? streams.pop() : null;
  if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The "streams" argument must be specified');
  if (!streams.every(isStream)) return pipelineStages(streams, callback);
  return pipeStreams(streams, callback);
}

/// pipeline() over streams only: each piped into the next, all destroyed on the first error.
function pipeStreams(streams, callback) {
  let error = null;
  let pending = streams.length;
  const finish = (err) => {
    if (err && !error) {
      error = err;
      for (const s of streams) if (typeof s.destroy === 'function' && !s.destroyed) s.destroy();
    }
    if (--pending === 0 || (err && pending >= 0)) {
      if (callback) { const cb = callback; pending = -1; nextTick(cb, error || undefined); }
    }
  };
  for (let i = 0; i < streams.length; i++) {
    const s = streams[i];
    if (i < streams.length - 1) s.pipe(streams[i + 1]);
    finished(s, { readable: i < streams.length - 1 || !s._writableState, writable: i > 0 }, finish);
  }
  return streams[streams.length - 1];
}

/// pipeline() whose stages include functions (async generators taking the stage before as an
/// async iterable, or a last function returning a promise) or a first iterable, as in Node:
/// streams between functions are piped, a function's output feeds the next stream through
/// Readable.from, and the callback gets the last function's result.
function pipelineStages(stages, callback) {
  const controller = new AbortController();
  const signal = controller.signal;
  const made = [];
  const groups = [];
  let group = null;
  let current = null;
  let last = null;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    if (isStream(stage)) {
      if (group === null || current !== group[group.length - 1]) {
        const head = i === 0 ? stage : Readable.from(current);
        if (head !== stage) made.push(head);
        group = [head];
        groups.push(group);
        if (head === stage) { current = stage; continue; }
      }
      group.push(stage);
      current = stage;
    } else if (typeof stage === 'function') {
      if (i === 0) current = stage({ signal });
      else if (i === stages.length - 1) last = stage;
      else current = stage(current, { signal });
      group = null;
      if (i > 0 && i < stages.length - 1 && (current === null || current === undefined
          || (typeof current[Symbol.asyncIterator] !== 'function' && typeof current[Symbol.iterator] !== 'function'))) {
        throw codedError(TypeError, 'ERR_INVALID_RETURN_VALUE',
          `Expected an AsyncIterable to be returned from the "${stage.name || 'transform'}" function.`);
      }
    } else if (i === 0 && stage !== null && stage !== undefined
        && (typeof stage[Symbol.asyncIterator] === 'function' || typeof stage[Symbol.iterator] === 'function')) {
      current = stage;
    } else {
      throw invalidArgType(`streams[${i}]`, 'of type Stream, Iterable, AsyncIterable or Function', stage);
    }
  }
  let pending = groups.filter((g) => g.length > 1).length + (last ? 1 : 0);
  let settled = false;
  let value;
  const settle = (err) => {
    if (settled) return;
    if (err) {
      settled = true;
      controller.abort(err);
      for (const s of stages.concat(made)) {
        if (isStream(s) && typeof s.destroy === 'function' && !s.destroyed) s.destroy(err);
      }
      if (callback) nextTick(callback, err);
      return;
    }
    if (--pending > 0) return;
    settled = true;
    if (callback) nextTick(callback, undefined, value);
  };
  for (const g of groups) if (g.length > 1) pipeStreams(g, settle);
  if (last) {
    let result;
    try {
      result = last(current, { signal });
    } catch (e) {
      settle(e);
      return undefined;
    }
    Promise.resolve(result).then((v) => { value = v; settle(undefined); }, (e) => settle(e || new Error('pipeline stage failed')));
    return result;
  }
  // Without a last function the last stage is a stream, piped from what came before it.
  return current;
}

// --- Duplex.from and compose ----------------------------------------------------------------

/// A Duplex that writes into `writable` and reads from `readable` (either may be null: a
/// Duplex without that side), with backpressure both ways; an error of either destroys it,
/// and destroying it destroys both.
function duplexify(writable, readable, options = {}) {
  let waiting = null;
  const d = new Duplex({
    readableObjectMode: readable ? readable.readableObjectMode : true,
    writableObjectMode: writable ? writable.writableObjectMode : true,
    ...options,
    write(chunk, encoding, cb) {
      if (writable.write(chunk, encoding)) cb();
      else waiting = cb;
    },
    final(cb) {
      if (!writable) { cb(); return; }
      finished(writable, { readable: false }, (err) => cb(err));
      writable.end();
    },
    read() {
      if (readable) readable.resume();
    },
    destroy(err, cb) {
      for (const s of [writable, readable]) {
        if (s && !s.destroyed) s.destroy(err || undefined);
      }
      cb(err);
    },
  });
  if (writable) {
    writable.on('drain', () => {
      const cb = waiting;
      waiting = null;
      if (cb) cb();
    });
    finished(writable, { readable: false }, (err) => { if (err && !d.destroyed) d.destroy(err); });
  } else {
    d.end();
  }
  if (readable) {
    readable.on('data', (chunk) => { if (!d.push(chunk)) readable.pause(); });
    readable.pause();
    readable.on('end', () => d.push(null));
    finished(readable, { writable: false }, (err) => { if (err && !d.destroyed) d.destroy(err); });
  } else {
    d.push(null);
  }
  return d;
}

function isIterable(v) {
  return v !== null && v !== undefined && typeof v !== 'string'
    && (typeof v[Symbol.asyncIterator] === 'function' || typeof v[Symbol.iterator] === 'function');
}

/// A Duplex of a function taking the written chunks as an async iterable: an async generator
/// gives the readable side; an async function returning a promise makes a writable-only
/// Duplex that finishes when the promise settles.
function fromFunction(fn) {
  const input = new PassThrough({ objectMode: true });
  const controller = new AbortController();
  const value = fn(input, { signal: controller.signal });
  if (isIterable(value)) return duplexify(input, Readable.from(value), { objectMode: true });
  if (value && typeof value.then === 'function') {
    let outcome = null;
    const settled = Promise.resolve(value).then(() => { outcome = [null]; }, (e) => { outcome = [e]; });
    const d = new Duplex({
      objectMode: true,
      write(chunk, encoding, cb) {
        if (input.write(chunk, encoding)) cb();
        else input.once('drain', () => cb());
      },
      final(cb) {
        input.end();
        settled.then(() => cb(outcome[0]));
      },
      read() {},
      destroy(err, cb) {
        controller.abort(err);
        if (!input.destroyed) input.destroy(err || undefined);
        cb(err);
      },
    });
    d.push(null);
    return d;
  }
  throw codedError(TypeError, 'ERR_INVALID_RETURN_VALUE',
    `Expected an AsyncIterable or Promise to be returned from the "${fn.name || 'body'}" function.`);
}

/// `Duplex.from(body)`: a Duplex (returned as it is), a Readable or Writable, a function (see
/// fromFunction), an iterable or async iterable, a promise (its value, once), a Blob, a WHATWG
/// ReadableStream or WritableStream, or `{ readable, writable }` of any of these.
Duplex.from = function from(body) {
  if (body instanceof Duplex) return body;
  if (body && body._readableState && !body._writableState) return duplexify(null, body);
  if (body && body._writableState && !body._readableState) return duplexify(body, null);
  if (typeof body === 'function') return fromFunction(body);
  if (isIterable(body)) return duplexify(null, Readable.from(body));
  if (body && typeof body.then === 'function') {
    return duplexify(null, Readable.from((async function* once() {
      const v = await body;
      if (v !== null && v !== undefined) yield v;
    })()));
  }
  if (body && typeof body.getReader === 'function') return duplexify(null, Readable.fromWeb(body));
  if (body && typeof body.getWriter === 'function') return duplexify(Writable.fromWeb(body), null);
  if (body && typeof body.stream === 'function' && typeof body.arrayBuffer === 'function') {
    return duplexify(null, Readable.fromWeb(body.stream()));
  }
  if (body && typeof body === 'object' && ('readable' in body || 'writable' in body)) {
    const side = (v, web, wrap) => (v && typeof v[web] === 'function' ? wrap(v) : v || null);
    return duplexify(side(body.writable, 'getWriter', Writable.fromWeb), side(body.readable, 'getReader', Readable.fromWeb));
  }
  throw invalidArgType('body', 'of type Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, Function, {readable, writable} pair, or Promise', body);
};

/// `stream.compose(...streams)`: one Duplex that writes into the first stage and reads from the
/// last, the stages (streams, or async generator functions between them) piped together; an
/// error anywhere destroys it.
export function compose(...streams) {
  if (streams.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The "streams" argument must be specified');
  if (streams.length === 1) return Duplex.from(streams[0]);
  const stages = streams.map((s) => (isStream(s) ? s : Duplex.from(s)));
  const head = stages[0];
  const tail = stages[stages.length - 1];
  const d = duplexify(head._writableState ? head : null, tail._readableState ? tail : null);
  pipeline(stages, (err) => { if (err && !d.destroyed) d.destroy(err); });
  return d;
}

export const promises = {
  pipeline: (...streams) => new Promise((resolve, reject) => pipeline(...streams, (err, value) => (err ? reject(err) : resolve(value)))),
  finished: (stream, options) => new Promise((resolve, reject) => finished(stream, options || {}, (err) => (err ? reject(err) : resolve()))),
};

// --- Readable's iterator helpers and the web stream bridges ------------------------------

/// The `{ signal }` a helper hands its function: the caller's signal, or one of its own.
function helperSignal(options) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw invalidArgType('options', 'of type object', options);
  }
  return options && options.signal ? options.signal : new AbortController().signal;
}

/// A Readable (object mode) of what `produce(source, signal)` yields from `stream`.
function derived(stream, options, produce) {
  const signal = helperSignal(options);
  return Readable.from(produce(stream, signal), { objectMode: true });
}

function checkCount(n, name) {
  const value = Number(n);
  if (Number.isNaN(value) || value < 0) {
    throw outOfRange(name, '>= 0', n);
  }
  return value;
}

const readableHelpers = {
  map(fn, options) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    return derived(this, options, async function* (source, signal) {
      for await (const chunk of source) yield await fn(chunk, { signal });
    });
  },
  filter(fn, options) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    return derived(this, options, async function* (source, signal) {
      for await (const chunk of source) if (await fn(chunk, { signal })) yield chunk;
    });
  },
  flatMap(fn, options) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    return derived(this, options, async function* (source, signal) {
      for await (const chunk of source) yield* await fn(chunk, { signal });
    });
  },
  drop(n, options) {
    const count = checkCount(n, 'number');
    return derived(this, options, async function* (source) {
      let seen = 0;
      for await (const chunk of source) if (seen++ >= count) yield chunk;
    });
  },
  take(n, options) {
    const count = checkCount(n, 'number');
    return derived(this, options, async function* (source) {
      if (count <= 0) return;
      let given = 0;
      for await (const chunk of source) {
        yield chunk;
        if (++given >= count) return;
      }
    });
  },
  async forEach(fn, options) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    const signal = helperSignal(options);
    for await (const chunk of this) await fn(chunk, { signal });
  },
  async toArray(options) {
    helperSignal(options);
    const out = [];
    for await (const chunk of this) out.push(chunk);
    return out;
  },
  async some(fn, options) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    const signal = helperSignal(options);
    for await (const chunk of this) if (await fn(chunk, { signal })) return true;
    return false;
  },
  async every(fn, options) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    const signal = helperSignal(options);
    for await (const chunk of this) if (!(await fn(chunk, { signal }))) return false;
    return true;
  },
  async find(fn, options) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    const signal = helperSignal(options);
    for await (const chunk of this) if (await fn(chunk, { signal })) return chunk;
    return undefined;
  },
  async reduce(fn, ...rest) {
    if (typeof fn !== 'function') throw invalidArgType('reducer', 'of type function', fn);
    const signal = helperSignal(rest[1]);
    let hasValue = rest.length > 0;
    let acc = rest[0];
    for await (const chunk of this) {
      if (hasValue) acc = await fn(acc, chunk, { signal });
      else { acc = chunk; hasValue = true; }
    }
    if (!hasValue) {
      throw codedError(TypeError, 'ERR_MISSING_ARGS', 'Reduce of an empty stream requires an initial value');
    }
    return acc;
  },
};
for (const [name, fn] of Object.entries(readableHelpers)) {
  Object.defineProperty(Readable.prototype, name, { value: fn, writable: true, configurable: true });
}

/// A Readable of a WHATWG ReadableStream's chunks.
Readable.fromWeb = (readableStream, options) => {
  if (!readableStream || typeof readableStream.getReader !== 'function') {
    throw invalidArgType('readableStream', 'an instance of ReadableStream', readableStream);
  }
  return Readable.from(readableStream, { objectMode: false, ...options });
};

/// A WHATWG ReadableStream of a Readable's chunks, pulled as the reader asks.
Readable.toWeb = (readable) => {
  if (!readable || !readable._readableState) throw invalidArgType('streamReadable', 'an instance of Readable', readable);
  const it = readable[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? Buffer.from(value) : value);
    },
    cancel(reason) { readable.destroy(reason === undefined ? undefined : reason); },
  });
};

/// A WHATWG WritableStream that writes into a Writable: each chunk waits for the Writable's
/// callback, close() ends it, abort() destroys it.
Writable.toWeb = (writable) => {
  if (!writable || !writable._writableState) throw invalidArgType('streamWritable', 'an instance of Writable', writable);
  return new WritableStream({
    write(chunk) {
      return new Promise((resolve, reject) => {
        writable.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
          (err) => (err ? reject(err) : resolve()));
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        finished(writable, { readable: false }, (err) => (err ? reject(err) : resolve()));
        writable.end();
      });
    },
    abort(reason) { writable.destroy(reason); },
  });
};

/// A Writable that writes into a WHATWG WritableStream through its writer.
Writable.fromWeb = (writableStream, options) => {
  if (!writableStream || typeof writableStream.getWriter !== 'function') {
    throw invalidArgType('writableStream', 'an instance of WritableStream', writableStream);
  }
  const writer = writableStream.getWriter();
  return new Writable({
    ...options,
    write(chunk, encoding, cb) { writer.write(chunk).then(() => cb(), cb); },
    final(cb) { writer.close().then(() => cb(), cb); },
    destroy(err, cb) {
      if (err) writer.abort(err).then(() => cb(err), () => cb(err));
      else cb(null);
    },
  });
};

/// Whether a stream was read from (read() called, or 'data' emitted), ended, or destroyed.
Readable.isDisturbed = (stream) => {
  const s = stream && stream._readableState;
  return !!s && (!!s.dataEmitted || s.endEmitted || s.destroyed || s.errored !== null);
};

export function isDisturbed(stream) { return Readable.isDisturbed(stream); }

export function isReadable(stream) {
  const s = stream && stream._readableState;
  if (!s) return null;
  return !s.destroyed && !s.errored && !s.endEmitted && stream.readable !== false;
}

export function isWritable(stream) {
  const s = stream && stream._writableState;
  if (!s) return null;
  return !s.destroyed && !s.errored && !s.ending;
}

/// Whether the stream emitted 'error'.
export function isErrored(stream) {
  return !!stream && !!((stream._readableState && stream._readableState.errorEmitted)
    || (stream._writableState && stream._writableState.errorEmitted));
}

/// Destroys `stream` with an AbortError when `signal` aborts.
export function addAbortSignal(signal, stream) {
  if (!signal || typeof signal.aborted !== 'boolean') throw invalidArgType('signal', 'an instance of AbortSignal', signal);
  if (!isStream(stream)) throw invalidArgType('stream', 'an instance of Stream', stream);
  const abort = () => {
    const err = codedError(Error, 'ABORT_ERR', 'The operation was aborted');
    err.name = 'AbortError';
    err.cause = signal.reason;
    stream.destroy(err);
  };
  if (signal.aborted) abort();
  else {
    signal.addEventListener('abort', abort, { once: true });
    finished(stream, () => signal.removeEventListener('abort', abort));
  }
  return stream;
}

export function getDefaultHighWaterMark(objectMode) { return objectMode ? 16 : 16384; }

/// `stream.destroy(stream, err)`.
export function destroy(stream, err) {
  if (isStream(stream) && typeof stream.destroy === 'function' && !stream.destroyed) stream.destroy(err);
}

/// Whether the stream was destroyed.
export function isDestroyed(stream) {
  if (!isStream(stream)) throw invalidArgType('stream', 'an instance of Stream', stream);
  const s = stream._readableState || stream._writableState;
  return !!(s && s.destroyed);
}

const kPeer = Symbol('peer');
const kWaiting = Symbol('waiting');

/// One end of a duplexPair: what is written to it is read from the other end. A write waits
/// while the other end's readable buffer is full, until that end is read from.
class PairSide extends Duplex {
  constructor(options) {
    super(options);
    this[kPeer] = null;
    this[kWaiting] = null;
  }

  _read() {
    const callback = this[kWaiting];
    if (callback) {
      this[kWaiting] = null;
      callback();
    }
  }

  _write(chunk, encoding, callback) {
    if (this[kPeer].push(chunk)) callback();
    else this[kPeer][kWaiting] = callback;
  }

  _final(callback) {
    this[kPeer].push(null);
    callback();
  }
}

/// Two Duplex streams joined back to back, each the other's peer.
export function duplexPair(options) {
  const a = new PairSide(options);
  const b = new PairSide(options);
  a[kPeer] = b;
  b[kPeer] = a;
  return [a, b];
}

Stream.duplexPair = duplexPair;
Stream.Stream = Stream;
Stream.isReadable = isReadable;
Stream.isWritable = isWritable;
Stream.isErrored = isErrored;
Stream.isDisturbed = Readable.isDisturbed;
Stream.addAbortSignal = addAbortSignal;
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;
Stream.destroy = destroy;
Stream.isDestroyed = isDestroyed;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.pipeline = pipeline;
Stream.compose = compose;
Stream.finished = finished;
Stream.promises = promises;

export default Stream;
