// util.MIMEType and util.MIMEParams: MIME types parsed and serialized as the WHATWG MIME
// Sniffing standard says (section 4.4, 4.5), with Node's errors for what cannot be parsed.

import { codedError } from 'internal:errors';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]*$/;
const NOT_TOKEN = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;
// What a quoted-string may hold: tab, space to '~', and U+0080 to U+00FF.
const NOT_QUOTED = /[^\t\u0020-\u007e\u0080-\u00ff]/;
const WHITESPACE = '\t\n\r ';

function syntaxError(production, input, at) {
  const where = at === -1 ? '' : ` at ${at}`;
  return codedError(TypeError, 'ERR_INVALID_MIME_SYNTAX',
    `The MIME syntax for a ${production} in "${input}" is invalid${where}`);
}

function firstBad(text, pattern) {
  const m = pattern.exec(text);
  return m ? m.index : -1;
}

function trimEnd(text) {
  let end = text.length;
  while (end > 0 && WHITESPACE.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/// Collects an HTTP quoted string starting at the '"' at `at`, unescaping it; returns
/// [value, position after it].
function quotedString(text, at) {
  let value = '';
  at++;
  for (;;) {
    const stop = text.slice(at).search(/["\\]/);
    if (stop === -1) { value += text.slice(at); return [value, text.length]; }
    value += text.slice(at, at + stop);
    at += stop;
    const c = text[at++];
    if (c === '"') return [value, at];
    if (at >= text.length) return [`${value}\\`, at];
    value += text[at++];
  }
}

/// The parameters of a MIME type, in the order first seen; names are lower-case.
export class MIMEParams {
  #map = new Map();

  delete(name) { this.#map.delete(name); }
  get(name) { return this.#map.has(name) ? this.#map.get(name) : null; }
  has(name) { return this.#map.has(name); }

  set(name, value) {
    name = `${name}`;
    value = `${value}`;
    const badName = firstBad(name, NOT_TOKEN);
    if (name === '' || badName !== -1) throw syntaxError('parameter name', name, badName);
    const badValue = firstBad(value, NOT_QUOTED);
    if (badValue !== -1) throw syntaxError('parameter value', value, badValue);
    this.#map.set(name, value);
  }

  entries() { return this.#map.entries(); }
  keys() { return this.#map.keys(); }
  values() { return this.#map.values(); }
  [Symbol.iterator]() { return this.#map.entries(); }

  toString() {
    const parts = [];
    for (const [name, value] of this.#map) {
      const shown = value === '' || !TOKEN.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : value;
      parts.push(`${name}=${shown}`);
    }
    return parts.join(';');
  }

  toJSON() { return this.toString(); }

  /// Adds what `text` (the part after the subtype, from its first ';') says, skipping
  /// parameters that are malformed or repeat an earlier name.
  static parseInto(params, text) {
    let at = 0;
    while (at < text.length) {
      at++; // the ';'
      while (at < text.length && WHITESPACE.includes(text[at])) at++;
      let end = at;
      while (end < text.length && text[end] !== ';' && text[end] !== '=') end++;
      const name = text.slice(at, end).toLowerCase();
      at = end;
      if (at < text.length && text[at] === ';') continue;
      at++; // the '='
      if (at >= text.length) break;
      let value;
      if (text[at] === '"') {
        [value, at] = quotedString(text, at);
        while (at < text.length && text[at] !== ';') at++;
      } else {
        end = text.indexOf(';', at);
        if (end === -1) end = text.length;
        value = trimEnd(text.slice(at, end));
        at = end;
        if (value === '') continue;
      }
      if (name !== '' && TOKEN.test(name) && !NOT_QUOTED.test(value) && !params.#map.has(name)) {
        params.#map.set(name, value);
      }
    }
  }
}

/// `value` as a type or subtype: a non-empty token, lower-cased.
function tokenOf(value, production) {
  value = `${value}`;
  const bad = firstBad(value, NOT_TOKEN);
  if (value === '' || bad !== -1) throw syntaxError(production, value, bad);
  return value.toLowerCase();
}

/// A MIME type: type, subtype and parameters.
export class MIMEType {
  #type;
  #subtype;
  #params = new MIMEParams();

  constructor(input) {
    input = `${input}`;
    let start = 0;
    while (start < input.length && WHITESPACE.includes(input[start])) start++;
    const slash = input.indexOf('/', start);
    const type = slash === -1 ? input.slice(start) : input.slice(start, slash);
    const badType = firstBad(type, NOT_TOKEN);
    if (type === '' || badType !== -1 || slash === -1) throw syntaxError('type', input, badType);
    let end = input.indexOf(';', slash + 1);
    if (end === -1) end = input.length;
    const subtype = trimEnd(input.slice(slash + 1, end));
    const badSubtype = firstBad(subtype, NOT_TOKEN);
    if (subtype === '' || badSubtype !== -1) throw syntaxError('subtype', input, badSubtype);
    this.#type = type.toLowerCase();
    this.#subtype = subtype.toLowerCase();
    // Whitespace after the whole type ends it (the standard strips it first).
    MIMEParams.parseInto(this.#params, trimEnd(input.slice(end)));
  }

  get type() { return this.#type; }
  set type(value) { this.#type = tokenOf(value, 'type'); }

  get subtype() { return this.#subtype; }
  set subtype(value) { this.#subtype = tokenOf(value, 'subtype'); }

  get essence() { return `${this.#type}/${this.#subtype}`; }
  get params() { return this.#params; }

  toString() {
    const params = this.#params.toString();
    return params === '' ? this.essence : `${this.essence};${params}`;
  }

  toJSON() { return this.toString(); }
}
