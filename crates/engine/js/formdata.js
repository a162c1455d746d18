// FormData (the XHR standard's, without form elements): named string and File entries in
// order, encoded as multipart/form-data for fetch bodies and parsed back by Body.formData(),
// which also reads application/x-www-form-urlencoded.

import native from 'internal:native';
import { provide } from 'internal:lazy';
import { Blob, File, blobBytes } from 'internal:blob';
import { URLSearchParams } from 'internal:url';
import { customInspect, inspectView } from 'internal:inspect';

function argumentsError(method, needed, given) {
  return new TypeError(`Failed to execute '${method}' on 'FormData': ${needed} arguments required, but only ${given} present.`);
}

/// An entry's value: a string, or a File (a Blob becomes a File named 'blob' or `filename`).
function entryValue(value, filename) {
  if (value instanceof Blob) {
    if (value instanceof File && filename === undefined) return value;
    const name = filename === undefined ? 'blob' : String(filename);
    return new File([value], name, { type: value.type, lastModified: value instanceof File ? value.lastModified : undefined });
  }
  return String(value);
}

export class FormData {
  #entries = [];

  constructor(form = undefined) {
    if (form !== undefined) throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
  }

  append(name, value, filename = undefined) {
    if (arguments.length < 2) throw argumentsError('append', 2, arguments.length);
    this.#entries.push([String(name), entryValue(value, filename)]);
  }

  set(name, value, filename = undefined) {
    if (arguments.length < 2) throw argumentsError('set', 2, arguments.length);
    const key = String(name);
    const entry = [key, entryValue(value, filename)];
    const first = this.#entries.findIndex(([k]) => k === key);
    if (first === -1) {
      this.#entries.push(entry);
    } else {
      this.#entries = this.#entries.filter(([k], i) => k !== key || i === first);
      this.#entries[first] = entry;
    }
  }

  delete(name) {
    const key = String(name);
    this.#entries = this.#entries.filter(([k]) => k !== key);
  }

  get(name) {
    const key = String(name);
    const found = this.#entries.find(([k]) => k === key);
    return found ? found[1] : null;
  }

  getAll(name) {
    const key = String(name);
    return this.#entries.filter(([k]) => k === key).map(([, v]) => v);
  }

  has(name) {
    const key = String(name);
    return this.#entries.some(([k]) => k === key);
  }

  forEach(callback, thisArg = undefined) {
    for (const [k, v] of this) callback.call(thisArg, v, k, this);
  }

  *entries() { for (const [k, v] of this.#entries) yield [k, v]; }
  *keys() { for (const [k] of this.#entries) yield k; }
  *values() { for (const [, v] of this.#entries) yield v; }
  [Symbol.iterator]() { return this.entries(); }
  get [Symbol.toStringTag]() { return 'FormData'; }

  [customInspect]() {
    const fields = {};
    for (const [k, v] of this.#entries) {
      if (!(k in fields)) fields[k] = v;
      else if (Array.isArray(fields[k])) fields[k].push(v);
      else fields[k] = [fields[k], v];
    }
    return inspectView('FormData', fields);
  }
}

// --- multipart/form-data ----------------------------------------------------------------------

const utf8 = (s) => native.utf8Encode(s);

/// Names and string values with every line break as CRLF, as the encoding requires.
function normalizeNewlines(s) {
  return s.replace(/\r\n|\r|\n/g, '\r\n');
}

/// A name or file name inside the quotes of a Content-Disposition field.
function quoted(s) {
  return s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

/// The body of `form` as multipart/form-data: [bytes, content type].
export function encodeMultipart(form) {
  const random = native.randomBytes(12);
  let boundary = '----formdata-wasmedge-';
  for (const b of random) boundary += b.toString(16).padStart(2, '0');
  const parts = [];
  let total = 0;
  const add = (bytes) => { parts.push(bytes); total += bytes.byteLength; };
  for (const [name, value] of form) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(normalizeNewlines(name))}"`;
    if (typeof value === 'string') {
      add(utf8(`${head}\r\n\r\n${normalizeNewlines(value)}\r\n`));
    } else {
      head += `; filename="${quoted(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
      add(utf8(head));
      add(blobBytes(value));
      add(utf8('\r\n'));
    }
  }
  add(utf8(`--${boundary}--\r\n`));
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return [out, `multipart/form-data; boundary=${boundary}`];
}

/// A parameter of a header value (`boundary`, `name`, `filename`), unquoted.
function parameter(value, name) {
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const m = re.exec(value);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

function indexOf(bytes, needle, from) {
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function malformed() {
  return new TypeError('Failed to parse body as FormData.');
}

/// FormData from a body of `contentType` (multipart/form-data or urlencoded).
export function decodeFormData(bytes, contentType) {
  const type = (contentType || '').toLowerCase();
  const form = new FormData();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(native.utf8Decode(bytes))) form.append(k, v);
    return form;
  }
  if (!type.startsWith('multipart/form-data')) throw malformed();
  const boundary = parameter(contentType, 'boundary');
  if (!boundary) throw malformed();
  const delimiter = utf8(`--${boundary}`);
  let at = indexOf(bytes, delimiter, 0);
  if (at === -1) throw malformed();
  for (;;) {
    at += delimiter.length;
    // '--' after a delimiter ends the body.
    if (bytes[at] === 0x2d && bytes[at + 1] === 0x2d) return form;
    if (bytes[at] !== 0x0d || bytes[at + 1] !== 0x0a) throw malformed();
    at += 2;
    const headEnd = indexOf(bytes, utf8('\r\n\r\n'), at);
    if (headEnd === -1) throw malformed();
    const headers = native.utf8Decode(bytes.subarray(at, headEnd)).split('\r\n');
    const next = indexOf(bytes, utf8(`\r\n--${boundary}`), headEnd + 4);
    if (next === -1) throw malformed();
    const body = bytes.slice(headEnd + 4, next);
    let disposition = null;
    let partType = '';
    for (const line of headers) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const field = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (field === 'content-disposition') disposition = value;
      else if (field === 'content-type') partType = value;
    }
    const name = disposition === null ? null : parameter(disposition, 'name');
    if (name === null) throw malformed();
    const filename = parameter(disposition, 'filename');
    if (filename === null) form.append(name, native.utf8Decode(body));
    else form.append(name, new File([body], filename, { type: partType }));
    at = next + 2;
  }
}

provide('internal:formdata', { FormData });
