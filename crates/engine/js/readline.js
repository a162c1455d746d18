// node:readline: an Interface that splits a readable stream (usually process.stdin) into
// 'line' events, with question(), prompt(), pause/resume, close and async iteration over lines;
// the cursor helpers write ANSI sequences. Line editing, history and completion need a
// terminal in raw mode, which WASI does not give, so input is read as cooked lines.

import { EventEmitter } from 'node:events';
import { codedError, invalidArgType, validateFunction } from 'internal:errors';

function useAfterClose() {
  return codedError(Error, 'ERR_USE_AFTER_CLOSE', 'readline was closed');
}

export class Interface extends EventEmitter {
  #decoder = new TextDecoder();
  #partial = '';
  #lastWasCR = false;
  #prompt = '> ';
  #question = null;
  #ondata;
  #onend;
  #onerror;

  constructor(input, output, completer, terminal) {
    super();
    let options = input;
    if (!(input && typeof input === 'object' && 'input' in input && typeof input.on !== 'function')) {
      options = { input, output, completer, terminal };
    }
    if (!options.input || typeof options.input.on !== 'function') {
      throw invalidArgType('input', 'an instance of Readable', options.input);
    }
    this.input = options.input;
    this.output = options.output;
    this.terminal = options.terminal !== undefined ? !!options.terminal : !!(this.output && this.output.isTTY);
    this.line = '';
    this.cursor = 0;
    this.closed = false;
    this.history = [];
    if (options.prompt !== undefined) this.#prompt = String(options.prompt);
    this.crlfDelay = options.crlfDelay === undefined ? 100 : Math.max(100, Number(options.crlfDelay));
    this.#ondata = (chunk) => this.#receive(chunk);
    this.#onend = () => {
      const rest = this.#partial + this.#decoder.decode();
      this.#partial = '';
      if (rest.length > 0) this.#line(rest);
      this.close();
    };
    this.#onerror = (err) => this.emit('error', err);
    this.input.on('data', this.#ondata);
    this.input.on('end', this.#onend);
    this.input.on('error', this.#onerror);
    if (options.signal) {
      const signal = options.signal;
      if (signal.aborted) queueMicrotask(() => this.close());
      else signal.addEventListener('abort', () => this.close(), { once: true });
    }
    if (typeof this.input.resume === 'function') this.input.resume();
  }

  #receive(chunk) {
    let text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    // A CR that ended the last chunk already ended a line: its LF does not end another.
    if (this.#lastWasCR && text.startsWith('\n')) text = text.slice(1);
    this.#lastWasCR = false;
    const parts = (this.#partial + text).split(/\r\n|\n|\r/);
    this.#partial = parts.pop();
    if (text.endsWith('\r')) this.#lastWasCR = true;
    for (const line of parts) {
      if (this.closed) return;
      this.#line(line);
    }
  }

  #line(line) {
    this.line = '';
    if (this.#question) {
      const cb = this.#question;
      this.#question = null;
      cb(line);
    } else {
      this.emit('line', line);
    }
  }

  getPrompt() { return this.#prompt; }
  setPrompt(prompt) { this.#prompt = String(prompt); }

  prompt() {
    if (this.closed) throw useAfterClose();
    if (this.output && typeof this.output.write === 'function') this.output.write(this.#prompt);
    this.resume();
  }

  question(query, options, cb) {
    if (typeof options === 'function') { cb = options; options = {}; }
    if (this.closed) throw useAfterClose();
    validateFunction(cb, 'cb');
    // One question at a time, as in Node: another asked meanwhile is ignored.
    if (this.#question) return;
    const signal = options && options.signal;
    if (signal && signal.aborted) return;
    const wrapped = (answer) => cb(answer);
    if (signal) {
      signal.addEventListener('abort', () => { if (this.#question === wrapped) this.#question = null; }, { once: true });
    }
    this.#question = wrapped;
    if (this.output && typeof this.output.write === 'function') this.output.write(String(query));
    this.resume();
  }

  write(data) {
    if (this.closed) throw useAfterClose();
    if (data !== undefined && data !== null) this.#receive(String(data));
  }

  pause() {
    if (this.closed) return this;
    if (typeof this.input.pause === 'function') this.input.pause();
    this.emit('pause');
    return this;
  }

  resume() {
    if (this.closed) return this;
    if (typeof this.input.resume === 'function') this.input.resume();
    this.emit('resume');
    return this;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.input.removeListener('data', this.#ondata);
    this.input.removeListener('end', this.#onend);
    this.input.removeListener('error', this.#onerror);
    if (typeof this.input.pause === 'function') this.input.pause();
    this.emit('close');
  }

  getCursorPos() { return { rows: 0, cols: this.cursor }; }

  /// The lines from now on, ending when the interface closes.
  [Symbol.asyncIterator]() {
    const queue = [];
    let wake = null;
    let done = this.closed;
    const notify = () => { if (wake) { const w = wake; wake = null; w(); } };
    const online = (line) => { queue.push(line); notify(); };
    const onclose = () => { done = true; notify(); };
    this.on('line', online);
    this.once('close', onclose);
    const stop = () => {
      this.removeListener('line', online);
      this.removeListener('close', onclose);
    };
    return {
      next: async () => {
        for (;;) {
          if (queue.length > 0) return { value: queue.shift(), done: false };
          if (done) { stop(); return { value: undefined, done: true }; }
          await new Promise((resolve) => { wake = resolve; });
        }
      },
      return: async () => {
        stop();
        this.close();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }
}

export function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

function done(cb) {
  if (typeof cb === 'function') queueMicrotask(cb);
  return true;
}

/// Clears the current line of a TTY stream: left of the cursor (dir < 0), right (dir > 0), or
/// all of it.
export function clearLine(stream, dir, cb) {
  if (!stream) return done(cb);
  return stream.write(dir < 0 ? '\x1b[1K' : dir > 0 ? '\x1b[0K' : '\x1b[2K', cb);
}

export function clearScreenDown(stream, cb) {
  if (!stream) return done(cb);
  return stream.write('\x1b[0J', cb);
}

export function cursorTo(stream, x, y, cb) {
  if (typeof y === 'function') { cb = y; y = undefined; }
  if (!stream || Number.isNaN(Number(x))) return done(cb);
  const seq = typeof y === 'number' ? `\x1b[${y + 1};${x + 1}H` : `\x1b[${x + 1}G`;
  return stream.write(seq, cb);
}

export function moveCursor(stream, dx, dy, cb) {
  if (!stream || !(dx || dy)) return done(cb);
  let seq = '';
  if (dx < 0) seq += `\x1b[${-dx}D`; else if (dx > 0) seq += `\x1b[${dx}C`;
  if (dy < 0) seq += `\x1b[${-dy}A`; else if (dy > 0) seq += `\x1b[${dy}B`;
  return stream.write(seq, cb);
}

/// Keypress events need a terminal in raw mode; there is none, so this does nothing.
export function emitKeypressEvents() {}

/// The Interface of readline/promises: question() returns a promise of the answer.
class PromisesInterface extends Interface {
  question(query, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options && options.signal;
      if (signal && signal.aborted) {
        reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason }));
        return;
      }
      if (signal) {
        signal.addEventListener('abort', () => reject(Object.assign(new Error('The operation was aborted'),
          { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason })), { once: true });
      }
      try {
        super.question(query, options, resolve);
      } catch (e) {
        reject(e);
      }
    });
  }
}

export const promises = {
  Interface: PromisesInterface,
  createInterface: (input, output, completer, terminal) => new PromisesInterface(input, output, completer, terminal),
};

export default {
  Interface, createInterface, clearLine, clearScreenDown, cursorTo, moveCursor, emitKeypressEvents, promises,
};
