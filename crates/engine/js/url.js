// URL and URLSearchParams with WHATWG semantics; parsing and setters run on the `url` crate.

import { provide } from 'internal:lazy';
import native from 'internal:native';
import { codedError, invalidArgType } from 'internal:errors';
import { inspect } from 'internal:inspect';

const SPECIAL = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

function invalidUrl(input) {
  const err = codedError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  err.input = input;
  return err;
}

// application/x-www-form-urlencoded
function formEncode(str) {
  const bytes = native.utf8Encode(str);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
        b === 0x2a || b === 0x2d || b === 0x2e || b === 0x5f) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) out += '+';
    else out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

function percentDecode(str) {
  if (!str.includes('%')) return str;
  const bytes = native.utf8Encode(str);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length) {
      const h = hex(bytes[i + 1]);
      const l = hex(bytes[i + 2]);
      if (h >= 0 && l >= 0) { out[n++] = h * 16 + l; i += 2; continue; }
    }
    out[n++] = b;
  }
  return native.utf8Decode(out.subarray(0, n));
}

function formDecode(str) {
  return percentDecode(str.replace(/\+/g, ' '));
}

function parseQuery(query) {
  const list = [];
  if (query.startsWith('?')) query = query.slice(1);
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    list.push([formDecode(name), formDecode(value)]);
  }
  return list;
}

function toUSVString(v) {
  return String(v).toWellFormed ? String(v).toWellFormed() : String(v);
}

export class URLSearchParams {
  #list = [];
  #url = null;

  constructor(init = undefined) {
    if (init === undefined || init === null) return;
    if (typeof init === 'object' || typeof init === 'function') {
      if (init instanceof URLSearchParams) {
        this.#list = init.#list.map(([k, v]) => [k, v]);
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const arr = [...pair];
          if (arr.length !== 2) {
            throw codedError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          this.#list.push([toUSVString(arr[0]), toUSVString(arr[1])]);
        }
      } else {
        for (const key of Object.keys(init)) this.#list.push([toUSVString(key), toUSVString(init[key])]);
      }
    } else {
      this.#list = parseQuery(toUSVString(init));
    }
  }

  static _attach(params, url, query) {
    params.#url = url;
    params.#list = parseQuery(query);
  }
  static _reparse(params, query) { params.#list = parseQuery(query); }

  #update() {
    if (this.#url) {
      const s = this.toString();
      URL._setSearchFromParams(this.#url, s);
    }
  }

  get size() { return this.#list.length; }
  append(name, value) { this.#list.push([toUSVString(name), toUSVString(value)]); this.#update(); }
  delete(name, value) {
    name = toUSVString(name);
    this.#list = this.#list.filter(([k, v]) => !(k === name && (value === undefined || v === toUSVString(value))));
    this.#update();
  }
  get(name) {
    name = toUSVString(name);
    const e = this.#list.find(([k]) => k === name);
    return e ? e[1] : null;
  }
  getAll(name) {
    name = toUSVString(name);
    return this.#list.filter(([k]) => k === name).map(([, v]) => v);
  }
  has(name, value) {
    name = toUSVString(name);
    return this.#list.some(([k, v]) => k === name && (value === undefined || v === toUSVString(value)));
  }
  set(name, value) {
    name = toUSVString(name);
    value = toUSVString(value);
    const i = this.#list.findIndex(([k]) => k === name);
    if (i === -1) this.#list.push([name, value]);
    else {
      this.#list[i][1] = value;
      this.#list = this.#list.filter(([k], j) => j <= i || k !== name);
    }
    this.#update();
  }
  sort() {
    // Stable sort by UTF-16 code units of the names.
    this.#list = this.#list.map((e, i) => [e, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map(([e]) => e);
    this.#update();
  }
  forEach(callback, thisArg) {
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    for (let i = 0; i < this.#list.length; i++) callback.call(thisArg, this.#list[i][1], this.#list[i][0], this);
  }
  *entries() { for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]]; }
  *keys() { for (const [k] of this.entries()) yield k; }
  *values() { for (const [, v] of this.entries()) yield v; }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return this.#list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&'); }
  get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  [inspect.custom]() {
    if (this.#list.length === 0) return 'URLSearchParams {}';
    return `URLSearchParams { ${this.#list.map(([k, v]) => `${inspect(k)} => ${inspect(v)}`).join(', ')} }`;
  }
}

export class URL {
  #c;
  #params = null;

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw invalidArgType('url', 'of type string', undefined);
    const s = toUSVString(input);
    const c = base === undefined ? native.urlParse(s) : native.urlParse(s, toUSVString(base));
    if (c == null) throw invalidUrl(s);
    this.#c = c;
  }

  static canParse(input, base = undefined) {
    try { new URL(input, base); return true; } catch { return false; }
  }
  static parse(input, base = undefined) {
    try { return new URL(input, base); } catch { return null; }
  }

  static _setSearchFromParams(url, query) {
    url.#set('search', query);
    // An empty query leaves no '?' behind.
    if (query === '') url.#set('search', '');
  }

  #set(name, value) {
    const c = native.urlSet(this.#c.href, name, toUSVString(value));
    if (c != null) this.#c = c;
    else if (name === 'href') throw invalidUrl(value);
  }

  get href() { return this.#c.href; }
  set href(v) { this.#set('href', v); if (this.#params) URLSearchParams._reparse(this.#params, this.#c.search); }
  get origin() { return this.#c.origin; }
  get protocol() { return this.#c.protocol; }
  set protocol(v) { this.#set('protocol', v); }
  get username() { return this.#c.username; }
  set username(v) { this.#set('username', v); }
  get password() { return this.#c.password; }
  set password(v) { this.#set('password', v); }
  get host() { return this.#c.host; }
  set host(v) { this.#set('host', v); }
  get hostname() { return this.#c.hostname; }
  set hostname(v) { this.#set('hostname', v); }
  get port() { return this.#c.port; }
  set port(v) { this.#set('port', v); }
  get pathname() { return this.#c.pathname; }
  set pathname(v) { this.#set('pathname', v); }
  get search() { return this.#c.search; }
  set search(v) { this.#set('search', v); if (this.#params) URLSearchParams._reparse(this.#params, this.#c.search); }
  get searchParams() {
    if (this.#params === null) {
      this.#params = new URLSearchParams();
      URLSearchParams._attach(this.#params, this, this.#c.search);
    }
    return this.#params;
  }
  get hash() { return this.#c.hash; }
  set hash(v) { this.#set('hash', v); }
  toString() { return this.#c.href; }
  toJSON() { return this.#c.href; }
  get [Symbol.toStringTag]() { return 'URL'; }
  [inspect.custom](depth, options) {
    const o = {
      href: this.href, origin: this.origin, protocol: this.protocol, username: this.username,
      password: this.password, host: this.host, hostname: this.hostname, port: this.port,
      pathname: this.pathname, search: this.search, searchParams: this.searchParams, hash: this.hash,
    };
    return `URL ${inspect(o, options).replace(/^\{/, '{')}`;
  }
}

export function isSpecialScheme(protocol) { return SPECIAL.has(protocol); }
export { percentDecode, formEncode };

provide('internal:url', { URL, URLSearchParams });
