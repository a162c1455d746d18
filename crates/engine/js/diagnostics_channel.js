// node:diagnostics_channel: named channels that publish messages to their subscribers, and
// tracing channels (start, end, asyncStart, asyncEnd, error) around sync, promise and
// callback work. A subscriber that throws does not stop the others; its error is thrown on a
// later tick, as in Node.

import { invalidArgType, validateFunction } from 'internal:errors';

const channels = new Map();

export class Channel {
  #subscribers = [];

  constructor(name) {
    this.name = name;
  }

  get hasSubscribers() { return this.#subscribers.length > 0; }

  subscribe(onMessage) {
    validateFunction(onMessage, 'onMessage');
    this.#subscribers = [...this.#subscribers, onMessage];
  }

  unsubscribe(onMessage) {
    const i = this.#subscribers.indexOf(onMessage);
    if (i === -1) return false;
    this.#subscribers = this.#subscribers.filter((_, j) => j !== i);
    return true;
  }

  publish(message) {
    for (const fn of this.#subscribers) {
      try {
        fn(message, this.name);
      } catch (err) {
        process.nextTick(() => { throw err; });
      }
    }
  }

  // Stores need AsyncLocalStorage, which this runtime does not have: runStores publishes and
  // runs `fn`.
  bindStore() {}
  unbindStore() { return false; }
  runStores(data, fn, thisArg, ...args) {
    this.publish(data);
    return Reflect.apply(fn, thisArg, args);
  }
}

export function channel(name) {
  if (typeof name !== 'string' && typeof name !== 'symbol') {
    throw invalidArgType('channel', 'of type string or symbol', name);
  }
  let c = channels.get(name);
  if (!c) {
    c = new Channel(name);
    channels.set(name, c);
  }
  return c;
}

export function hasSubscribers(name) {
  const c = channels.get(name);
  return c ? c.hasSubscribers : false;
}

export function subscribe(name, onMessage) { channel(name).subscribe(onMessage); }
export function unsubscribe(name, onMessage) { return channel(name).unsubscribe(onMessage); }

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

export class TracingChannel {
  constructor(nameOrChannels) {
    for (const event of EVENTS) {
      this[event] = typeof nameOrChannels === 'string'
        ? channel(`tracing:${nameOrChannels}:${event}`)
        : nameOrChannels[event];
      if (!(this[event] instanceof Channel)) throw invalidArgType(`nameOrChannels.${event}`, 'an instance of Channel', this[event]);
    }
  }

  get hasSubscribers() { return EVENTS.some((e) => this[e].hasSubscribers); }

  subscribe(handlers) {
    for (const e of EVENTS) if (handlers[e]) this[e].subscribe(handlers[e]);
  }

  unsubscribe(handlers) {
    let done = true;
    for (const e of EVENTS) if (handlers[e] && !this[e].unsubscribe(handlers[e])) done = false;
    return done;
  }

  traceSync(fn, context = {}, thisArg, ...args) {
    this.start.publish(context);
    try {
      context.result = Reflect.apply(fn, thisArg, args);
      return context.result;
    } catch (err) {
      context.error = err;
      this.error.publish(context);
      throw err;
    } finally {
      this.end.publish(context);
    }
  }

  tracePromise(fn, context = {}, thisArg, ...args) {
    this.start.publish(context);
    try {
      const promise = Promise.resolve(Reflect.apply(fn, thisArg, args));
      return promise.then((result) => {
        context.result = result;
        this.asyncStart.publish(context);
        this.asyncEnd.publish(context);
        return result;
      }, (err) => {
        context.error = err;
        this.error.publish(context);
        this.asyncStart.publish(context);
        this.asyncEnd.publish(context);
        throw err;
      });
    } catch (err) {
      context.error = err;
      this.error.publish(context);
      throw err;
    } finally {
      this.end.publish(context);
    }
  }

  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    const at = position < 0 ? args.length + position : position;
    const callback = args[at];
    validateFunction(callback, 'callback');
    const channels = this;
    args[at] = function traced(err, result) {
      if (err) {
        context.error = err;
        channels.error.publish(context);
      } else {
        context.result = result;
      }
      channels.asyncStart.publish(context);
      try {
        return Reflect.apply(callback, this, arguments);
      } finally {
        channels.asyncEnd.publish(context);
      }
    };
    return this.traceSync(fn, context, thisArg, ...args);
  }
}

export function tracingChannel(nameOrChannels) { return new TracingChannel(nameOrChannels); }

export default { channel, hasSubscribers, subscribe, unsubscribe, tracingChannel, Channel, TracingChannel };
