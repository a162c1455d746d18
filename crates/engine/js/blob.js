// Blob and File (the File API), also exported by node:buffer: immutable bytes with a media
// type, read whole (text, arrayBuffer, bytes) or as a stream, and sliced without copying.
// fetch takes them as bodies and gives them from Body.blob().

import native from 'internal:native';
import { provide } from 'internal:lazy';
import { codedError, invalidArgType } from 'internal:errors';
import { customInspect, inspectView } from 'internal:inspect';

/// The bytes a Blob holds (shared, not copied: callers must not write to them).
export let blobBytes;

/// A media type as the File API keeps it: lower case, or empty if any character is outside
/// printable ASCII.
function normalizeType(type) {
  if (type === undefined) return '';
  const s = String(type);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return '';
  }
  return s.toLowerCase();
}

function partBytes(part, endings) {
  if (part instanceof Blob) return blobBytes(part);
  if (part instanceof ArrayBuffer) return new Uint8Array(part.slice(0));
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength).slice();
  let text = String(part);
  // 'native' line endings on this platform, as Node converts them: every CRLF becomes LF.
  if (endings === 'native') text = text.replace(/\r\n/g, '\n');
  return native.utf8Encode(text);
}

function relativeIndex(value, size) {
  if (value === undefined) return undefined;
  const n = Math.trunc(Number(value)) || 0;
  return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
}

export class Blob {
  #bytes;
  #type;

  static {
    blobBytes = (blob) => blob.#bytes;
  }

  constructor(blobParts = [], options = undefined) {
    if (blobParts === null || typeof blobParts !== 'object' || typeof blobParts[Symbol.iterator] !== 'function') {
      throw invalidArgType('sources', 'a sequence', blobParts);
    }
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    const endings = options && options.endings !== undefined ? String(options.endings) : 'transparent';
    if (endings !== 'transparent' && endings !== 'native') {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.endings' is invalid. Received '${endings}'`);
    }
    const parts = [];
    let total = 0;
    for (const part of blobParts) {
      const bytes = partBytes(part, endings);
      parts.push(bytes);
      total += bytes.byteLength;
    }
    let bytes;
    if (parts.length === 1) {
      bytes = parts[0];
    } else {
      bytes = new Uint8Array(total);
      let at = 0;
      for (const p of parts) { bytes.set(p, at); at += p.byteLength; }
    }
    this.#bytes = bytes;
    this.#type = normalizeType(options ? options.type : undefined);
  }

  get size() { return this.#bytes.byteLength; }
  get type() { return this.#type; }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = this.size;
    const from = relativeIndex(start, size) ?? 0;
    const to = relativeIndex(end, size) ?? size;
    const out = new Blob([], { type: contentType });
    out.#bytes = this.#bytes.subarray(from, Math.max(from, to));
    return out;
  }

  async text() { return native.utf8Decode(this.#bytes); }
  async arrayBuffer() { return this.#bytes.slice().buffer; }
  async bytes() { return this.#bytes.slice(); }

  stream() {
    const bytes = this.#bytes;
    return new globalThis.ReadableStream({
      start(controller) {
        if (bytes.byteLength) controller.enqueue(bytes.slice());
        controller.close();
      },
    });
  }

  get [Symbol.toStringTag]() { return 'Blob'; }

  [customInspect]() {
    return inspectView('Blob', { size: this.size, type: this.type });
  }
}

export class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) {
      throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The "fileBits" and "fileName" arguments must be specified');
    }
    super(fileBits, options);
    this.#name = String(fileName);
    const lastModified = options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
    this.#lastModified = Number.isFinite(lastModified) ? Math.trunc(lastModified) : 0;
  }

  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }
  get webkitRelativePath() { return ''; }
  get [Symbol.toStringTag]() { return 'File'; }

  [customInspect]() {
    return inspectView('File', { size: this.size, type: this.type, name: this.name, lastModified: this.lastModified });
  }
}

provide('internal:blob', { Blob, File });
