// node:url: the WHATWG URL classes, the file-URL helpers, and the legacy API (url.parse,
// url.format, url.resolve and the Url objects they use) as Node has it.

import native from 'internal:native';
import { URL, URLSearchParams, percentDecode } from 'internal:url';
import { codedError, invalidArgType } from 'internal:errors';
import querystring from 'node:querystring';

export { URL, URLSearchParams };

export function fileURLToPath(url) {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (!(u instanceof URL)) throw invalidArgType('path', 'of type string or an instance of URL', url);
  if (u.protocol !== 'file:') throw codedError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  return percentDecode(u.pathname);
}

export function pathToFileURL(path) {
  const abs = path.startsWith('/') ? path : `${globalThis.process ? process.cwd() : '/'}/${path}`;
  const u = new URL('file://');
  u.pathname = abs;
  return u;
}

export function domainToASCII(domain) {
  try { return new URL(`http://${domain}`).hostname; } catch { return ''; }
}

/// The Unicode form of a domain (punycode labels decoded); '' when it is not valid.
export function domainToUnicode(domain) {
  return native.urlDomainToUnicode(String(domain));
}

// --- The legacy API ---------------------------------------------------------------------------

// Protocols that never have a host, and those that always have '//' and a host.
const HOSTLESS = new Set(['javascript', 'javascript:']);
const SLASHED = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:', 'file', 'file:', 'ws', 'ws:', 'wss', 'wss:']);
// Characters escaped in the path, query and hash of a parsed URL.
const AUTO_ESCAPE = { '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', "'": '%27', '<': '%3C', '>': '%3E', '\\': '%5C', '^': '%5E', '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D' };
// Characters that end a host, or may not be in one.
const HOST_END = new Set(['#', '/', '?']);
const NOT_HOST = new Set(['\t', '\n', '\r', ' ', '"', '%', "'", ';', '<', '>', '\\', '^', '`', '{', '|', '}']);
const SIMPLE_PATH = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;

/// A parsed URL as the legacy API has it: every part a string or null.
export function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

function validHostChar(c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
    || c === '.' || c === '-' || c === '+' || c === '_' || c.charCodeAt(0) > 127;
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  if (typeof url !== 'string') throw invalidArgType('url', 'of type string', url);
  // Whitespace around is dropped; backslashes before the query or hash are slashes.
  let rest = url.trim();
  const cut = rest.search(/[?#]/);
  rest = cut === -1 ? rest.replace(/\\/g, '/') : rest.slice(0, cut).replace(/\\/g, '/') + rest.slice(cut);

  if (!slashesDenoteHost && !rest.includes('#')) {
    const simple = SIMPLE_PATH.exec(rest);
    if (simple) {
      this.path = rest;
      this.href = rest;
      this.pathname = simple[1];
      if (simple[2]) {
        this.search = simple[2];
        this.query = parseQueryString ? querystring.parse(this.search.slice(1)) : this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = { __proto__: null };
      }
      return this;
    }
  }

  let lowerProto = '';
  const proto = /^[a-z0-9.+-]+:/i.exec(rest);
  if (proto) {
    lowerProto = proto[0].toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto[0].length);
  }

  let slashes = false;
  if (slashesDenoteHost || proto || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
    slashes = rest.startsWith('//');
    if (slashes && !(proto && HOSTLESS.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!HOSTLESS.has(lowerProto) && (slashes || (proto && !SLASHED.has(lowerProto)))) {
    // The host runs to the first '#', '/' or '?'; the last '@' before it ends the auth part.
    let hostEnd = -1;
    let atSign = -1;
    let nonHost = -1;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      if (HOST_END.has(c)) {
        if (nonHost === -1) nonHost = i;
        hostEnd = i;
        break;
      }
      if (NOT_HOST.has(c)) {
        if (nonHost === -1) nonHost = i;
      } else if (c === '@') {
        atSign = i;
        nonHost = -1;
      }
    }
    let start = 0;
    if (atSign !== -1) {
      this.auth = querystring.unescape(rest.slice(0, atSign));
      start = atSign + 1;
    }
    if (nonHost === -1) {
      this.host = rest.slice(start);
      rest = '';
    } else {
      this.host = rest.slice(start, nonHost);
      rest = rest.slice(nonHost);
    }
    // The port.
    const port = /:[0-9]*$/.exec(this.host);
    if (port) {
      if (port[0] !== ':') this.port = port[0].slice(1);
      this.host = this.host.slice(0, this.host.length - port[0].length);
    }
    let hostname = this.host;
    const ipv6 = hostname.startsWith('[') && hostname.endsWith(']');
    if (!ipv6) {
      // What cannot be in a host name goes to the path.
      for (let i = 0; i < hostname.length; i++) {
        if (!validHostChar(hostname[i])) {
          rest = `/${hostname.slice(i)}${rest}`;
          hostname = hostname.slice(0, i);
          break;
        }
      }
    }
    if (hostname.length > 255) hostname = '';
    else if (!ipv6) hostname = hostname.toLowerCase();
    if (!ipv6 && hostname) {
      // Unicode names become punycode.
      const ascii = /[^\x00-\x7f]/.test(hostname) ? domainToASCII(hostname) : hostname;
      hostname = ascii;
    }
    this.hostname = hostname;
    this.host = hostname + (this.port ? `:${this.port}` : '');
    if (ipv6) {
      this.hostname = hostname.slice(1, -1);
      if (rest[0] !== '/') rest = `/${rest}`;
    }
  }

  if (lowerProto !== 'javascript:') {
    rest = rest.replace(/[\t\n\r "'<>\\^`{|}]/g, (c) => AUTO_ESCAPE[c]);
  }
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    this.hash = rest.slice(hash);
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  if (q !== -1) {
    this.search = rest.slice(q);
    this.query = rest.slice(q + 1);
    if (parseQueryString) this.query = querystring.parse(this.query);
    rest = rest.slice(0, q);
  } else if (parseQueryString) {
    this.search = null;
    this.query = { __proto__: null };
  }
  if (rest) this.pathname = rest;
  if (SLASHED.has(lowerProto) && this.hostname && !this.pathname) this.pathname = '/';
  if (this.pathname || this.search) this.path = (this.pathname || '') + (this.search || '');
  this.href = this.format();
  return this;
};

Url.prototype.format = function format() {
  let auth = this.auth || '';
  if (auth) auth = `${encodeURIComponent(auth).replace(/%3A/i, ':')}@`;
  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  if (this.host) host = auth + this.host;
  else if (this.hostname) {
    host = auth + (this.hostname.includes(':') && !this.hostname.startsWith('[') ? `[${this.hostname}]` : this.hostname);
    if (this.port) host += `:${this.port}`;
  }
  const query = this.query !== null && typeof this.query === 'object' ? querystring.stringify(this.query) : '';
  let search = this.search || (query && `?${query}`) || '';
  if (protocol && !protocol.endsWith(':')) protocol += ':';
  pathname = pathname.replace(/[?#]/g, (c) => encodeURIComponent(c));
  if (this.slashes || SLASHED.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname[0] !== '/') pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol === 'file:') {
      host = '//';
    }
  }
  search = search.replace(/#/g, '%23');
  if (hash && hash[0] !== '#') hash = `#${hash}`;
  if (search && search[0] !== '?') search = `?${search}`;
  return protocol + host + pathname + search + hash;
};

Url.prototype.resolve = function resolve(relative) {
  return urlResolve(this.format(), relative);
};

/// `url.parse(text, parseQueryString, slashesDenoteHost)`: the legacy parser, lenient where
/// WHATWG's URL is strict (a path alone, a missing protocol).
export function parse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const u = new Url();
  u.parse(url, parseQueryString, slashesDenoteHost);
  return u;
}

/// `url.format(urlObject or text or URL, options)`.
export function format(urlObject, options) {
  if (typeof urlObject === 'string') return parse(urlObject).format();
  if (urlObject instanceof URL) {
    const o = { auth: true, fragment: true, search: true, unicode: false, ...options };
    let out = `${urlObject.protocol}`;
    if (urlObject.host || urlObject.protocol === 'file:') out += '//';
    if (o.auth && (urlObject.username || urlObject.password)) {
      out += urlObject.username + (urlObject.password ? `:${urlObject.password}` : '') + '@';
    }
    out += o.unicode ? domainToUnicode(urlObject.hostname) + (urlObject.port ? `:${urlObject.port}` : '') : urlObject.host;
    out += urlObject.pathname;
    if (o.search) out += urlObject.search;
    if (o.fragment) out += urlObject.hash;
    return out;
  }
  if (urlObject === null || typeof urlObject !== 'object') {
    throw invalidArgType('urlObject', 'of type object or string', urlObject);
  }
  return Url.prototype.format.call(urlObject);
}

/// `url.resolve(from, to)`: `to` taken relative to `from`, as a browser resolves a link; a
/// `from` without a protocol stays relative.
export function resolve(from, to) {
  return urlResolve(from, to);
}

function urlResolve(from, to) {
  if (/^[a-z0-9.+-]+:/i.test(to)) return parse(to).format();
  if (/^[a-z0-9.+-]+:/i.test(from)) {
    try {
      return new URL(to, from).href;
    } catch {
      return parse(to).format();
    }
  }
  // A relative base: resolve against a stand-in origin, then take it off again.
  const rooted = from.startsWith('/');
  const base = `http://relative.invalid${rooted ? '' : '/'}${from}`;
  let out;
  try {
    const u = new URL(to, base);
    if (u.host !== 'relative.invalid') return u.href.replace(/^http:/, '');
    out = u.pathname + u.search + u.hash;
  } catch {
    return to;
  }
  return rooted || to.startsWith('/') ? out : out.slice(1);
}

/// `url.urlToHttpOptions(url)`: the options http.request takes, from a URL.
export function urlToHttpOptions(url) {
  const options = {
    __proto__: null,
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

/// `to` resolved against `from`, as a legacy Url object.
export function resolveObject(from, to) {
  if (!from) return to;
  return parse(resolve(from, to));
}

export default {
  URL, URLSearchParams, fileURLToPath, pathToFileURL, domainToASCII, domainToUnicode,
  Url, parse, format, resolve, resolveObject, urlToHttpOptions,
};
