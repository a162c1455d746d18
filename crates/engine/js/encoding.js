// TextEncoder and TextDecoder (UTF-8, with fatal, ignoreBOM and streaming), atob and btoa.

import { provide } from 'internal:lazy';
import native from 'internal:native';
import { DOMException, invalidArgType, codedError } from 'internal:errors';
import { customInspect, inspectView } from 'internal:inspect';

export class TextEncoder {
  get encoding() { return 'utf-8'; }
  // Node shows a TextEncoder as a plain object.
  [customInspect]() { return { encoding: 'utf-8' }; }
  encode(input = '') {
    return native.utf8Encode(String(input));
  }
  encodeInto(src, dest) {
    if (!(dest instanceof Uint8Array)) throw invalidArgType('dest', 'an instance of Uint8Array', dest);
    const [read, written] = native.utf8EncodeInto(String(src), dest);
    return { read, written };
  }
  get [Symbol.toStringTag]() { return 'TextEncoder'; }
}

const UTF8_LABELS = ['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8'];
const LATIN1_LABELS = ['latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'ascii', 'us-ascii', 'windows-1252', 'cp1252'];

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) {
    return new Uint8Array(input);
  }
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw invalidArgType('input', 'an instance of ArrayBuffer or ArrayBufferView', input);
}

export class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null; // bytes of an incomplete sequence kept between stream calls
  #bomSeen = false;

  constructor(label = 'utf-8', options = {}) {
    const l = String(label).trim().toLowerCase();
    if (UTF8_LABELS.includes(l)) this.#encoding = 'utf-8';
    else if (LATIN1_LABELS.includes(l)) this.#encoding = 'windows-1252';
    else {
      throw codedError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`);
    }
    this.#fatal = Boolean(options && options.fatal);
    this.#ignoreBOM = Boolean(options && options.ignoreBOM);
  }
  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }
  [customInspect]() {
    return inspectView('TextDecoder', { encoding: this.encoding, fatal: this.fatal, ignoreBOM: this.ignoreBOM });
  }

  decode(input, options = {}) {
    let bytes = toBytes(input);
    const stream = Boolean(options && options.stream);
    if (this.#encoding !== 'utf-8') return native.latin1Decode(bytes);
    if (this.#pending) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    if (stream) {
      const tail = native.utf8IncompleteTail(bytes);
      if (tail > 0) {
        this.#pending = bytes.slice(bytes.length - tail);
        bytes = bytes.subarray(0, bytes.length - tail);
      }
    }
    let text = native.utf8Decode(bytes, this.#fatal);
    if (!this.#ignoreBOM && !this.#bomSeen && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0 || bytes.length > 0) this.#bomSeen = true;
    if (!stream) {
      this.#bomSeen = false;
      this.#pending = null;
    }
    return text;
  }
  get [Symbol.toStringTag]() { return 'TextDecoder'; }
}

export function btoa(data) {
  if (arguments.length === 0) throw invalidArgType('data', 'of type string', undefined);
  const s = String(data);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new DOMException('Invalid character', 'InvalidCharacterError');
    bytes[i] = c;
  }
  return native.base64Encode(bytes);
}

export function atob(data) {
  if (arguments.length === 0) throw invalidArgType('data', 'of type string', undefined);
  const bytes = native.base64Decode(String(data), true);
  if (bytes === null || bytes === undefined) throw new DOMException('Invalid character', 'InvalidCharacterError');
  return native.latin1Decode(bytes);
}

provide('internal:encoding', { TextEncoder, TextDecoder, atob, btoa });
