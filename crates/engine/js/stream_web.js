// node:stream/web: the WHATWG streams (ReadableStream from js/fetch.js, the rest from
// js/webstreams.js), also available as globals.

export { ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController } from 'internal:fetch';
export * from 'internal:webstreams';
