// The rest of the WHATWG Streams standard around fetch's ReadableStream: WritableStream with its
// writer and controller, TransformStream, the queuing strategies, TextEncoderStream,
// TextDecoderStream, CompressionStream and DecompressionStream. ReadableStream's pipeTo and
// pipeThrough (in js/fetch.js) write into any of these through their writers.

import native from 'internal:native';
import { provide } from 'internal:lazy';
import { invalidArgType, invalidArgValue } from 'internal:errors';
import { customInspect, inspectView } from 'internal:inspect';
import { ReadableStream } from 'internal:fetch';

const kCreate = Symbol('create');

/// A promise with its settle functions, marked handled (a stream's promises are often never
/// awaited, and their rejections are reported through the operations that fail).
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

function strategyOf(strategy, defaultHighWaterMark) {
  if (strategy !== undefined && (strategy === null || typeof strategy !== 'object')) {
    throw invalidArgType('strategy', 'an object', strategy);
  }
  const hwm = strategy && strategy.highWaterMark !== undefined ? Number(strategy.highWaterMark) : defaultHighWaterMark;
  if (Number.isNaN(hwm) || hwm < 0) throw new RangeError('Invalid highWaterMark');
  const size = strategy && strategy.size !== undefined ? strategy.size : () => 1;
  if (typeof size !== 'function') throw invalidArgType('strategy.size', 'of type function', size);
  return { highWaterMark: hwm, size };
}

// --- WritableStream ---------------------------------------------------------------------------

export class WritableStreamDefaultController {
  #stream;
  #abort = null;

  constructor(key, stream) {
    if (key !== kCreate) throw new TypeError('Illegal constructor');
    this.#stream = stream;
  }

  /// Aborted when the stream is aborted, for a sink to stop a write in progress.
  get signal() {
    if (this.#abort === null) this.#abort = new AbortController();
    return this.#abort.signal;
  }

  error(e) { this.#stream._error(e); }

  _abortSignal(reason) {
    if (this.#abort === null) this.#abort = new AbortController();
    this.#abort.abort(reason);
  }
}

export class WritableStream {
  #state = 'writable';
  #sink;
  #controller;
  #strategy;
  /// Writes not yet taken by the sink: { chunk, size, done } or { close: true, done }.
  #queue = [];
  #queueSize = 0;
  #inFlight = false;
  #started = false;
  #closeRequested = false;
  #storedError;
  #writer = null;

  constructor(sink = {}, strategy = undefined) {
    if (sink === null || typeof sink !== 'object') throw invalidArgType('underlyingSink', 'an object', sink);
    if (sink.type !== undefined) throw new RangeError('Invalid type is specified');
    this.#sink = sink;
    this.#strategy = strategyOf(strategy, 1);
    this.#controller = new WritableStreamDefaultController(kCreate, this);
    let started;
    try {
      started = typeof sink.start === 'function' ? sink.start.call(sink, this.#controller) : undefined;
    } catch (e) {
      this._error(e);
      throw e;
    }
    Promise.resolve(started).then(() => { this.#started = true; this.#process(); }, (e) => this._error(e));
  }

  get locked() { return this.#writer !== null; }

  [customInspect]() {
    return inspectView('WritableStream', { locked: this.locked, state: this.#state });
  }

  get [Symbol.toStringTag]() { return 'WritableStream'; }

  getWriter() {
    if (this.locked) throw new TypeError('Invalid state: WritableStream is locked');
    this.#writer = new WritableStreamDefaultWriter(kCreate, this);
    return this.#writer;
  }

  abort(reason) {
    if (this.locked) return Promise.reject(new TypeError('Invalid state: WritableStream is locked'));
    return this._abort(reason);
  }

  close() {
    if (this.locked) return Promise.reject(new TypeError('Invalid state: WritableStream is locked'));
    return this._close();
  }

  _state() { return this.#state; }
  _storedError() { return this.#storedError; }
  _releaseWriter() { this.#writer = null; }
  _closing() { return this.#closeRequested; }

  _desiredSize() {
    if (this.#state === 'errored') return null;
    if (this.#state === 'closed') return 0;
    return this.#strategy.highWaterMark - this.#queueSize;
  }

  _write(chunk) {
    if (this.#state === 'errored') return Promise.reject(this.#storedError);
    if (this.#closeRequested || this.#state === 'closed') {
      return Promise.reject(new TypeError('Invalid state: WritableStream is closed'));
    }
    let size;
    try {
      size = Number(this.#strategy.size(chunk));
      if (Number.isNaN(size) || size < 0 || size === Infinity) throw new RangeError('Invalid chunk size');
    } catch (e) {
      this._error(e);
      return Promise.reject(e);
    }
    const done = deferred();
    this.#queue.push({ chunk, size, done });
    this.#queueSize += size;
    this.#backpressureChanged();
    this.#process();
    return done.promise;
  }

  _close() {
    if (this.#state === 'errored') return Promise.reject(this.#storedError);
    if (this.#closeRequested || this.#state === 'closed') {
      return Promise.reject(new TypeError('Invalid state: WritableStream is closed'));
    }
    this.#closeRequested = true;
    const done = deferred();
    this.#queue.push({ close: true, done });
    if (this.#writer) this.#writer._readyChanged(true);
    this.#process();
    return done.promise;
  }

  _abort(reason) {
    if (this.#state === 'closed') return Promise.resolve();
    if (this.#state === 'errored') return Promise.resolve();
    this.#controller._abortSignal(reason);
    this._error(reason);
    try {
      return Promise.resolve(typeof this.#sink.abort === 'function' ? this.#sink.abort.call(this.#sink, reason) : undefined)
        .then(() => {});
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /// The stream fails: every pending write and close rejects with `e`.
  _error(e) {
    if (this.#state !== 'writable') return;
    this.#state = 'errored';
    this.#storedError = e;
    for (const item of this.#queue.splice(0)) item.done.reject(e);
    this.#queueSize = 0;
    if (this.#writer) this.#writer._errored(e);
  }

  #backpressureChanged() {
    if (this.#writer && !this.#closeRequested) this.#writer._readyChanged(this._desiredSize() > 0);
  }

  /// Hands the next queued write (or the close) to the sink, one at a time.
  #process() {
    if (!this.#started || this.#inFlight || this.#state !== 'writable' || this.#queue.length === 0) return;
    const item = this.#queue[0];
    this.#inFlight = true;
    let result;
    try {
      if (item.close) {
        result = typeof this.#sink.close === 'function' ? this.#sink.close.call(this.#sink) : undefined;
      } else {
        result = typeof this.#sink.write === 'function'
          ? this.#sink.write.call(this.#sink, item.chunk, this.#controller) : undefined;
      }
    } catch (e) {
      result = Promise.reject(e);
    }
    Promise.resolve(result).then(() => {
      this.#inFlight = false;
      if (this.#state !== 'writable') return;
      this.#queue.shift();
      if (item.close) {
        this.#state = 'closed';
        item.done.resolve();
        if (this.#writer) this.#writer._closed();
        return;
      }
      this.#queueSize -= item.size;
      item.done.resolve();
      this.#backpressureChanged();
      this.#process();
    }, (e) => {
      this.#inFlight = false;
      this._error(e);
    });
  }
}

export class WritableStreamDefaultWriter {
  #stream;
  #closed = deferred();
  #ready = deferred();
  #readyResolved = false;

  constructor(key, stream) {
    if (key !== kCreate) {
      if (!(key instanceof WritableStream)) throw invalidArgType('stream', 'an instance of WritableStream', key);
      return key.getWriter();
    }
    this.#stream = stream;
    const state = stream._state();
    if (state === 'errored') {
      this.#closed.reject(stream._storedError());
      this.#ready.reject(stream._storedError());
    } else if (state === 'closed') {
      this.#closed.resolve();
      this._readyChanged(true);
    } else {
      this._readyChanged(stream._desiredSize() > 0 || stream._closing());
    }
  }

  get closed() { return this.#closed.promise; }
  get ready() { return this.#ready.promise; }

  get desiredSize() {
    if (!this.#stream) throw new TypeError('Invalid state: the writer is released');
    return this.#stream._desiredSize();
  }

  write(chunk) {
    if (!this.#stream) return Promise.reject(new TypeError('Invalid state: the writer is released'));
    return this.#stream._write(chunk);
  }

  close() {
    if (!this.#stream) return Promise.reject(new TypeError('Invalid state: the writer is released'));
    return this.#stream._close();
  }

  abort(reason) {
    if (!this.#stream) return Promise.reject(new TypeError('Invalid state: the writer is released'));
    return this.#stream._abort(reason);
  }

  releaseLock() {
    if (!this.#stream) return;
    const released = new TypeError('Invalid state: the writer is released');
    if (!this.#readyResolved) this.#ready.reject(released);
    this.#ready = deferred();
    this.#ready.reject(released);
    this.#closed.reject(released);
    this.#closed = deferred();
    this.#closed.reject(released);
    this.#stream._releaseWriter();
    this.#stream = null;
  }

  /// Backpressure: `ready` is settled while the queue has room, pending while it is full.
  _readyChanged(hasRoom) {
    if (hasRoom && !this.#readyResolved) {
      this.#readyResolved = true;
      this.#ready.resolve();
    } else if (!hasRoom && this.#readyResolved) {
      this.#readyResolved = false;
      this.#ready = deferred();
    }
  }

  _errored(e) {
    this.#closed.reject(e);
    if (this.#readyResolved) this.#ready = deferred();
    this.#readyResolved = true;
    this.#ready.reject(e);
  }

  _closed() {
    this.#closed.resolve();
  }
}

// --- TransformStream ----------------------------------------------------------------------------

export class TransformStreamDefaultController {
  #readable;
  #terminate;
  #error;

  constructor(key, readable, terminate, error) {
    if (key !== kCreate) throw new TypeError('Illegal constructor');
    this.#readable = readable;
    this.#terminate = terminate;
    this.#error = error;
  }

  get desiredSize() { return this.#readable.desiredSize; }
  enqueue(chunk) { this.#readable.enqueue(chunk); }
  error(reason) { this.#error(reason); }
  terminate() { this.#terminate(); }
}

export class TransformStream {
  #readable;
  #writable;

  constructor(transformer = {}, writableStrategy = undefined, readableStrategy = undefined) {
    if (transformer === null || typeof transformer !== 'object') {
      throw invalidArgType('transformer', 'an object', transformer);
    }
    if (transformer.readableType !== undefined) throw new RangeError('Invalid readableType is specified');
    if (transformer.writableType !== undefined) throw new RangeError('Invalid writableType is specified');
    let readableController;
    let writableController;
    // A reader waiting for data lets one write through (the readable side keeps no queue of
    // its own by default): `demand` settles the pull that is waiting, `writeWaiter` the write.
    let demand = null;
    let writeWaiter = null;
    let done = false;
    const satisfy = () => { if (demand) { const d = demand; demand = null; d(); } };
    const release = () => { if (writeWaiter) { const w = writeWaiter; writeWaiter = null; w(); } };
    const failBoth = (reason) => {
      if (done) return;
      done = true;
      try { readableController.error(reason); } catch { /* already closed */ }
      writableController.error(reason);
      satisfy();
      release();
    };
    const terminate = () => {
      if (done) return;
      done = true;
      try { readableController.close(); } catch { /* already closed */ }
      writableController.error(new TypeError('the TransformStream was terminated'));
      satisfy();
      release();
    };
    const readableHighWaterMark = readableStrategy && readableStrategy.highWaterMark !== undefined
      ? readableStrategy.highWaterMark : 0;
    this.#readable = new ReadableStream({
      start(c) { readableController = c; },
      pull() {
        return new Promise((resolve) => {
          demand = resolve;
          release();
        });
      },
      cancel(reason) {
        if (!done) {
          done = true;
          writableController.error(reason);
          release();
        }
        if (typeof transformer.cancel === 'function') return transformer.cancel.call(transformer, reason);
        return undefined;
      },
    }, { highWaterMark: readableHighWaterMark });
    const controller = new TransformStreamDefaultController(kCreate, {
      get desiredSize() { return readableController.desiredSize; },
      enqueue(chunk) {
        if (done) throw new TypeError('Invalid state: the TransformStream is closed');
        readableController.enqueue(chunk);
        satisfy();
      },
    }, terminate, failBoth);
    this.#writable = new WritableStream({
      start(c) {
        writableController = c;
        return typeof transformer.start === 'function' ? transformer.start.call(transformer, controller) : undefined;
      },
      async write(chunk) {
        while (!done && demand === null && readableController.desiredSize <= 0) {
          await new Promise((resolve) => { writeWaiter = resolve; });
        }
        if (done) return;
        try {
          if (typeof transformer.transform === 'function') {
            await transformer.transform.call(transformer, chunk, controller);
          } else {
            controller.enqueue(chunk);
          }
        } catch (e) {
          failBoth(e);
          throw e;
        }
      },
      async close() {
        if (done) return;
        try {
          if (typeof transformer.flush === 'function') await transformer.flush.call(transformer, controller);
        } catch (e) {
          failBoth(e);
          throw e;
        }
        if (!done) {
          done = true;
          readableController.close();
          satisfy();
        }
      },
      abort(reason) {
        if (!done) {
          done = true;
          readableController.error(reason);
          satisfy();
        }
      },
    }, writableStrategy);
  }

  get readable() { return this.#readable; }
  get writable() { return this.#writable; }
  get [Symbol.toStringTag]() { return 'TransformStream'; }

  [customInspect]() {
    return inspectView('TransformStream', { readable: this.#readable, writable: this.#writable });
  }
}

// --- Queuing strategies -------------------------------------------------------------------------

function strategyInit(init) {
  if (init === null || typeof init !== 'object' || init.highWaterMark === undefined) {
    throw invalidArgType('init.highWaterMark', 'of type number', init && init.highWaterMark);
  }
  return Number(init.highWaterMark);
}

export class ByteLengthQueuingStrategy {
  #highWaterMark;
  constructor(init) { this.#highWaterMark = strategyInit(init); }
  get highWaterMark() { return this.#highWaterMark; }
  get size() { return (chunk) => chunk.byteLength; }
  get [Symbol.toStringTag]() { return 'ByteLengthQueuingStrategy'; }
}

export class CountQueuingStrategy {
  #highWaterMark;
  constructor(init) { this.#highWaterMark = strategyInit(init); }
  get highWaterMark() { return this.#highWaterMark; }
  get size() { return () => 1; }
  get [Symbol.toStringTag]() { return 'CountQueuingStrategy'; }
}

// --- Encoding and compression streams ---------------------------------------------------------

/// A TransformStream built from `transformer`, exposed through `readable` and `writable` the
/// way the encoding and compression streams are.
class TransformPair {
  #pair;
  constructor(transformer) { this.#pair = new TransformStream(transformer); }
  get readable() { return this.#pair.readable; }
  get writable() { return this.#pair.writable; }
}

export class TextEncoderStream extends TransformPair {
  constructor() {
    const encoder = new TextEncoder();
    // A high surrogate at the end of a chunk waits for the low one that may start the next.
    let pending = '';
    super({
      transform(chunk, controller) {
        let text = pending + String(chunk);
        pending = '';
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pending = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pending) controller.enqueue(encoder.encode(pending));
      },
    });
  }

  get encoding() { return 'utf-8'; }
  get [Symbol.toStringTag]() { return 'TextEncoderStream'; }
}

export class TextDecoderStream extends TransformPair {
  #decoder;
  constructor(label = 'utf-8', options = {}) {
    const decoder = new TextDecoder(label, options);
    super({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
    this.#decoder = decoder;
  }

  get encoding() { return this.#decoder.encoding; }
  get fatal() { return this.#decoder.fatal; }
  get ignoreBOM() { return this.#decoder.ignoreBOM; }
  get [Symbol.toStringTag]() { return 'TextDecoderStream'; }
}

/// The zlib formats of src/native/zlib.rs, by the names CompressionStream takes.
const FORMATS = { 'deflate-raw': 0, deflate: 1, gzip: 2 };

function formatOf(format) {
  const name = String(format);
  if (!Object.prototype.hasOwnProperty.call(FORMATS, name)) {
    throw invalidArgValue('format', format);
  }
  return FORMATS[name];
}

function bytesOf(chunk) {
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalidArgType('chunk', 'an instance of ArrayBuffer, Buffer, TypedArray or DataView', chunk);
}

// Input bytes a CompressionStream gathers before it compresses them; the most decoded bytes a
// DecompressionStream enqueues at once.
const PIECE = 64 * 1024;
const NO_BYTES = new Uint8Array(0);

export class CompressionStream extends TransformPair {
  constructor(format) {
    const deflater = native.zlibDeflater(formatOf(format), 6);
    let parts = [];
    let size = 0;
    const compress = (controller, end) => {
      const input = new Uint8Array(size);
      let at = 0;
      for (const p of parts) { input.set(p, at); at += p.length; }
      parts = [];
      size = 0;
      const out = native.zlibDeflatePiece(deflater, input, end);
      if (out.length > 0) controller.enqueue(out);
    };
    super({
      // Chunks are compressed in pieces of about PIECE bytes, each enqueued at once.
      transform(chunk, controller) {
        const bytes = bytesOf(chunk);
        parts.push(bytes.slice());
        size += bytes.length;
        if (size >= PIECE) compress(controller, false);
      },
      flush(controller) { compress(controller, true); },
    });
  }
  get [Symbol.toStringTag]() { return 'CompressionStream'; }
}

export class DecompressionStream extends TransformPair {
  constructor(format) {
    const inflater = native.zlibInflater(formatOf(format), 0);
    // Each chunk is decoded as far as it goes, enqueued in pieces of at most about PIECE.
    const decode = (bytes, end, controller) => {
      for (;;) {
        let out;
        try {
          out = native.zlibInflatePiece(inflater, bytes, end, PIECE);
        } catch (e) {
          throw new TypeError(`The compressed data was not valid: ${e.message}`);
        }
        if (out.length > 0) controller.enqueue(out);
        if (out.length < PIECE) return;
        bytes = NO_BYTES;
      }
    };
    super({
      transform(chunk, controller) { decode(bytesOf(chunk), false, controller); },
      flush(controller) { decode(NO_BYTES, true, controller); },
    });
  }
  get [Symbol.toStringTag]() { return 'DecompressionStream'; }
}

provide('internal:webstreams', {
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
  CompressionStream,
  DecompressionStream,
});
