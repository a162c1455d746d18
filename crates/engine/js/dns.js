// node:dns and node:dns/promises. lookup() asks the host's resolver (under WasmEdge, its
// sock_getaddrinfo), as Node's lookup asks getaddrinfo. The resolve* functions, reverse() and
// Resolver query DNS servers themselves, over TCP (RFC 7766; WASI sockets here are TCP),
// with the answers in the shapes Node gives: the servers of DNS_SERVER in the environment, or
// of /etc/resolv.conf when the program can read it, else 127.0.0.1, or those given to
// setServers().

import native from 'internal:native';
import { invalidArgType, validateFunction, codedError, invalidArgValue, outOfRange } from 'internal:errors';
import { domainToASCII } from 'node:url';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function family(address) {
  if (IPV4.test(address)) return 4;
  return address.includes(':') ? 6 : 0;
}

function lookupOptions(options) {
  if (typeof options === 'number') return { family: options, all: false };
  if (options === undefined || options === null) return { family: 0, all: false };
  if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  let fam = options.family ?? 0;
  if (fam === 'IPv4') fam = 4;
  else if (fam === 'IPv6') fam = 6;
  if (fam !== 0 && fam !== 4 && fam !== 6) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.family' must be one of: 0, 4, 6. Received ${fam}`);
  }
  return { family: fam, all: Boolean(options.all) };
}

/// The addresses for `hostname`, as [{ address, family }], filtered by family.
async function lookupAll(hostname, fam) {
  if (typeof hostname !== 'string') throw invalidArgType('hostname', 'of type string', hostname);
  // An address is its own answer, whatever family was asked for, as in Node.
  const literal = family(hostname);
  if (literal !== 0) return [{ address: hostname, family: literal }];
  const found = (await native.dnsLookup(hostname)).map(([address, f]) => ({ address, family: f }));
  return fam === 0 ? found : found.filter((a) => a.family === fam);
}

function notFound(hostname) {
  const err = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  Object.assign(err, { errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
  return err;
}

// ---- Resolution order of lookup() ----

let defaultOrder = 'verbatim';

export function setDefaultResultOrder(order) {
  if (order !== 'ipv4first' && order !== 'verbatim' && order !== 'ipv6first') {
    throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'dnsOrder' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received ${describeValue(order)}`);
  }
  defaultOrder = order;
}

export function getDefaultResultOrder() { return defaultOrder; }

function describeValue(v) { return typeof v === 'string' ? `'${v}'` : String(v); }

function ordered(found, options) {
  let order = defaultOrder;
  if (options && typeof options === 'object') {
    if (options.order !== undefined) order = options.order;
    else if (options.verbatim !== undefined) order = options.verbatim ? 'verbatim' : 'ipv4first';
  }
  if (order === 'verbatim') return found;
  const first = order === 'ipv4first' ? 4 : 6;
  return [...found.filter((a) => a.family === first), ...found.filter((a) => a.family !== first)];
}

// ---- DNS messages (RFC 1035) ----

const TYPES = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35, ANY: 255, CAA: 257,
};
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));
// The order resolveAny lists records in, whatever order the server sent them in (as Node).
const ANY_ORDER = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'PTR', 'NAPTR', 'SOA', 'CAA'];
const RCODE_ERRORS = { 1: 'EFORMERR', 2: 'ESERVFAIL', 3: 'ENOTFOUND', 4: 'ENOTIMP', 5: 'EREFUSED' };
const utf8 = new TextDecoder();

class BadName extends Error {}
class BadResponse extends Error {}

/// A query for `name` and `type`, with TCP's two-byte length in front.
function encodeQuery(id, name, type) {
  const labels = name === '' || name === '.' ? [] : name.replace(/\.$/, '').split('.');
  const encoded = labels.map((l) => native.utf8Encode(l));
  const nameLen = encoded.reduce((n, l) => n + l.length + 1, 1);
  if (nameLen > 255 || encoded.some((l) => l.length === 0 || l.length > 63)) throw new BadName();
  const len = 12 + nameLen + 4;
  const msg = new Uint8Array(2 + len);
  const view = new DataView(msg.buffer);
  view.setUint16(0, len);
  view.setUint16(2, id);
  view.setUint16(4, 0x0100); // recursion desired
  view.setUint16(6, 1);
  let at = 14;
  for (const l of encoded) { msg[at++] = l.length; msg.set(l, at); at += l.length; }
  msg[at++] = 0;
  view.setUint16(at, type);
  view.setUint16(at + 2, 1);
  return msg;
}

/// The name at `at`, following compression pointers; returns [name, offset after it].
function readName(msg, at) {
  const labels = [];
  let end = -1;
  for (let jumps = 0; ; ) {
    if (at >= msg.length) throw new BadResponse();
    const len = msg[at];
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= msg.length || ++jumps > 64) throw new BadResponse();
      if (end < 0) end = at + 2;
      at = ((len & 0x3f) << 8) | msg[at + 1];
      continue;
    }
    if (len & 0xc0) throw new BadResponse();
    at++;
    if (len === 0) break;
    if (at + len > msg.length) throw new BadResponse();
    labels.push(String.fromCharCode(...msg.subarray(at, at + len)));
    at += len;
  }
  return [labels.join('.'), end < 0 ? at : end];
}

/// A <character-string>: a length byte, then that many bytes.
function readString(msg, at, end) {
  const len = msg[at];
  if (len === undefined || at + 1 + len > end) throw new BadResponse();
  return [utf8.decode(msg.subarray(at + 1, at + 1 + len)), at + 1 + len];
}

function ipv6Text(bytes) {
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  // RFC 5952: the longest run of two or more zero groups (the first of equals) becomes '::'.
  let best = -1; let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (g) => g.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/// One record's data in the shape Node gives it.
function readData(msg, at, len, type, view) {
  const end = at + len;
  if (end > msg.length) throw new BadResponse();
  switch (type) {
    case TYPES.A:
      if (len !== 4) throw new BadResponse();
      return msg.subarray(at, end).join('.');
    case TYPES.AAAA:
      if (len !== 16) throw new BadResponse();
      return ipv6Text(msg.subarray(at, end));
    case TYPES.CNAME: case TYPES.NS: case TYPES.PTR:
      return readName(msg, at)[0];
    case TYPES.MX:
      return { exchange: readName(msg, at + 2)[0], priority: view.getUint16(at) };
    case TYPES.TXT: {
      const entries = [];
      for (let p = at; p < end; ) { let s; [s, p] = readString(msg, p, end); entries.push(s); }
      return entries;
    }
    case TYPES.SRV:
      return {
        name: readName(msg, at + 6)[0], port: view.getUint16(at + 4),
        priority: view.getUint16(at), weight: view.getUint16(at + 2),
      };
    case TYPES.SOA: {
      const [nsname, p] = readName(msg, at);
      const [hostmaster, q] = readName(msg, p);
      if (q + 20 > end) throw new BadResponse();
      return {
        nsname, hostmaster, serial: view.getUint32(q), refresh: view.getUint32(q + 4),
        retry: view.getUint32(q + 8), expire: view.getUint32(q + 12), minttl: view.getUint32(q + 16),
      };
    }
    case TYPES.CAA: {
      const tagLen = msg[at + 1];
      if (len < 2 || 2 + tagLen > len) throw new BadResponse();
      const tag = String.fromCharCode(...msg.subarray(at + 2, at + 2 + tagLen));
      return { critical: msg[at], [tag]: utf8.decode(msg.subarray(at + 2 + tagLen, end)) };
    }
    case TYPES.NAPTR: {
      let p = at + 4;
      let flags; let service; let regexp;
      [flags, p] = readString(msg, p, end);
      [service, p] = readString(msg, p, end);
      [regexp, p] = readString(msg, p, end);
      return {
        flags, service, regexp, replacement: readName(msg, p)[0],
        order: view.getUint16(at), preference: view.getUint16(at + 2),
      };
    }
    default:
      return undefined;
  }
}

/// The answer records of a response: [{ type, ttl, data }], or a DNS error code.
function parseResponse(msg, id) {
  if (msg.length < 12) throw new BadResponse();
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  if (view.getUint16(0) !== id || !(view.getUint16(2) & 0x8000)) throw new BadResponse();
  const rcode = view.getUint16(2) & 0xf;
  if (rcode !== 0) return RCODE_ERRORS[rcode] || 'EBADRESP';
  let at = 12;
  for (let q = view.getUint16(4); q > 0; q--) at = readName(msg, at)[1] + 4;
  const records = [];
  for (let n = view.getUint16(6); n > 0; n--) {
    at = readName(msg, at)[1];
    if (at + 10 > msg.length) throw new BadResponse();
    const type = view.getUint16(at);
    const ttl = view.getUint32(at + 4);
    const len = view.getUint16(at + 8);
    at += 10;
    const data = readData(msg, at, len, type, view);
    if (data !== undefined) records.push({ type, ttl, data });
    at += len;
  }
  return records;
}

/// What Node's resolve functions give for `rrtype`, from the answer records.
function shape(records, rrtype, ttl) {
  if (rrtype === 'ANY') {
    const out = [];
    for (const name of ANY_ORDER) {
      for (const r of records) {
        if (r.type !== TYPES[name]) continue;
        if (name === 'A' || name === 'AAAA') out.push({ address: r.data, ttl: r.ttl, type: name });
        else if (name === 'CNAME' || name === 'NS' || name === 'PTR') out.push({ value: r.data, type: name });
        else if (name === 'TXT') out.push({ entries: r.data, type: name });
        else out.push({ ...r.data, type: name });
      }
    }
    return out;
  }
  const mine = records.filter((r) => r.type === TYPES[rrtype]);
  if (rrtype === 'SOA') return mine.length ? mine[0].data : [];
  if (ttl && (rrtype === 'A' || rrtype === 'AAAA')) return mine.map((r) => ({ address: r.data, ttl: r.ttl }));
  return mine.map((r) => r.data);
}

// ---- Servers ----

const DEFAULT_PORT = 53;

function parseServer(text, index) {
  if (typeof text !== 'string') throw invalidArgType(`servers[${index}]`, 'of type string', text);
  let host = text;
  let port = DEFAULT_PORT;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const v4port = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text);
  if (bracketed) { host = bracketed[1]; if (bracketed[2] !== undefined) port = Number(bracketed[2]); }
  else if (v4port) { host = v4port[1]; port = Number(v4port[2]); }
  const fam = family(host);
  if (fam === 0 || (bracketed && fam !== 6) || port > 65535) {
    throw codedError(TypeError, 'ERR_INVALID_IP_ADDRESS', `Invalid IP address: ${text}`);
  }
  return { host, port, family: fam };
}

function serverText({ host, port, family: fam }) {
  if (port === DEFAULT_PORT) return host;
  return fam === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/// The default name servers: those of DNS_SERVER in the environment (as WasmEdge's socket
/// crate reads it: `ip:port`, here also a comma-separated list), else those of
/// /etc/resolv.conf when this program may read it, else 127.0.0.1.
function systemServers() {
  const fromEnv = globalThis.process?.env?.DNS_SERVER;
  if (fromEnv) {
    try {
      return fromEnv.split(',').map((text, i) => parseServer(text.trim(), i));
    } catch { /* not addresses: fall back to the system's */ }
  }
  let text = '';
  try { text = utf8.decode(native.fsReadFile('/etc/resolv.conf')); } catch { /* not readable */ }
  const servers = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+([^\s%]+)/.exec(line);
    if (m && family(m[1]) !== 0) servers.push({ host: m[1], port: DEFAULT_PORT, family: family(m[1]) });
  }
  // As c-ares: without a configured server, the local one.
  return servers.length ? servers : [{ host: '127.0.0.1', port: DEFAULT_PORT, family: 4 }];
}

let systemDefault;

// ---- Queries ----

function dnsError(code, syscall, hostname) {
  const err = new Error(`${syscall} ${code} ${hostname}`);
  Object.assign(err, { errno: undefined, code, syscall, hostname });
  return err;
}

// Errors that end a query at once; the others (no connection, timeout, a server that
// failed or refused) try the next server, then the next round.
const FINAL = new Set(['ENOTFOUND', 'ENODATA', 'EBADNAME', 'ECANCELLED']);

/// Sends `query` to one server over TCP; resolves to the response message.
function exchange(server, query, timeout, pending) {
  return new Promise((resolve, reject) => {
    let id;
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pending.delete(cancel);
      if (id !== undefined) native.tcpClose(id);
      fn(value);
    };
    const cancel = () => finish(reject, 'ECANCELLED');
    const timer = setTimeout(() => finish(reject, 'ETIMEOUT'), timeout);
    pending.add(cancel);
    native.tcpConnect(server.host, server.port).then(async (conn) => {
      if (done) { native.tcpClose(conn); return; }
      id = conn;
      await native.tcpWrite(id, query);
      let got = new Uint8Array(0);
      for (;;) {
        const chunk = await native.tcpRead(id);
        if (done) return;
        if (chunk === undefined) { finish(reject, 'ECONNREFUSED'); return; }
        const joined = new Uint8Array(got.length + chunk.byteLength);
        joined.set(got);
        joined.set(new Uint8Array(chunk), got.length);
        got = joined;
        if (got.length >= 2) {
          const len = (got[0] << 8) | got[1];
          if (got.length >= 2 + len) { finish(resolve, got.subarray(2, 2 + len)); return; }
        }
      }
    }).catch(() => finish(reject, 'ECONNREFUSED'));
  });
}

function intOption(value, name, min) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 2 ** 31 - 1) {
    throw outOfRange(name, `>= ${min} && <= 2147483647`, value);
  }
  return value;
}

/// The core of both Resolver classes.
class Core {
  constructor(options) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw invalidArgType('options', 'of type object', options);
    }
    const timeout = intOption(options?.timeout ?? -1, 'options.timeout', -1);
    const tries = intOption(options?.tries ?? 4, 'options.tries', 1);
    this.timeout = timeout === -1 ? 5000 : timeout;
    this.tries = tries;
    this.servers = null;
    this.pending = new Set();
  }

  /// The servers to ask: those set, else the system's.
  #servers() { return this.servers ?? (systemDefault ??= systemServers()); }

  getServers() { return this.#servers().map(serverText); }

  setServers(servers) {
    if (!Array.isArray(servers)) throw invalidArgType('servers', 'an instance of Array', servers);
    const parsed = [];
    servers.forEach((s, i) => {
      const server = parseServer(s, i);
      if (!parsed.some((p) => p.host === server.host && p.port === server.port)) parsed.push(server);
    });
    this.servers = parsed;
  }

  cancel() { for (const cancel of [...this.pending]) cancel(); }

  async query(name, rrtype, syscall, hostname, ttl) {
    const ascii = /[^\x00-\x7f]/.test(name) ? domainToASCII(name) : name;
    const [high, low] = native.randomBytes(2);
    const id = (high << 8) | low;
    let query;
    try { query = encodeQuery(id, ascii, TYPES[rrtype]); } catch { throw dnsError('EBADNAME', syscall, hostname); }
    let last = 'ECONNREFUSED';
    for (let round = 0; round < this.tries; round++) {
      for (const server of this.#servers()) {
        const answer = await this.#ask(server, query, id, rrtype, ttl);
        if (answer.code === undefined) return answer.result;
        if (FINAL.has(answer.code)) throw dnsError(answer.code, syscall, hostname);
        last = answer.code;
      }
    }
    throw dnsError(last, syscall, hostname);
  }

  /// One server's answer: `{ result }`, or `{ code }` for the error it comes to.
  async #ask(server, query, id, rrtype, ttl) {
    let records;
    try {
      records = parseResponse(await exchange(server, query, this.timeout, this.pending), id);
    } catch (e) {
      return { code: typeof e === 'string' ? e : 'EBADRESP' };
    }
    if (typeof records === 'string') return { code: records };
    const result = shape(records, rrtype, ttl);
    return Array.isArray(result) && result.length === 0 ? { code: 'ENODATA' } : { result };
  }

  resolve(name, rrtype, options) {
    if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
    if (!(rrtype in TYPES)) throw invalidArgValue('rrtype', rrtype);
    const syscall = `query${rrtype === 'ANY' ? 'Any' : rrtype[0] + rrtype.slice(1).toLowerCase()}`;
    const ttl = Boolean(options && typeof options === 'object' && options.ttl);
    return this.query(name, rrtype, syscall, name, ttl);
  }

  reverse(ip) {
    if (typeof ip !== 'string') throw invalidArgType('ip', 'of type string', ip);
    const fam = family(ip);
    if (fam === 0) {
      const err = new Error(`getHostByAddr EINVAL ${ip}`);
      Object.assign(err, { errno: -22, code: 'EINVAL', syscall: 'getHostByAddr', hostname: ip });
      return Promise.reject(err);
    }
    return this.query(reverseName(ip, fam), 'PTR', 'getHostByAddr', ip, false);
  }
}

/// The name a PTR query for `ip` asks about.
function reverseName(ip, fam) {
  if (fam === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const [head, tail = ''] = ip.split('::');
  const groups = (s) => (s === '' ? [] : s.split(':'));
  let parts = groups(head);
  const rest = groups(tail);
  // An IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = rest.length ? rest : parts;
  if (last.length && last[last.length - 1].includes('.')) {
    const b = last.pop().split('.').map(Number);
    last.push(((b[0] << 8) | b[1]).toString(16), ((b[2] << 8) | b[3]).toString(16));
  }
  if (ip.includes('::')) parts = [...parts, ...Array(8 - parts.length - rest.length).fill('0'), ...rest];
  const nibbles = parts.map((g) => g.padStart(4, '0')).join('').split('').reverse();
  return `${nibbles.join('.')}.ip6.arpa`;
}

const RESOLVE_METHODS = {
  resolve4: 'A', resolve6: 'AAAA', resolveAny: 'ANY', resolveCaa: 'CAA', resolveCname: 'CNAME',
  resolveMx: 'MX', resolveNaptr: 'NAPTR', resolveNs: 'NS', resolvePtr: 'PTR', resolveSoa: 'SOA',
  resolveSrv: 'SRV', resolveTxt: 'TXT',
};

const cores = new WeakMap();

/// dns.promises.Resolver: each method returns a promise (bad arguments throw at once).
export class PromiseResolver {
  constructor(options) { cores.set(this, new Core(options)); }
  getServers() { return cores.get(this).getServers(); }
  setServers(servers) { cores.get(this).setServers(servers); }
  setLocalAddress() {}
  cancel() { cores.get(this).cancel(); }
  resolve(hostname, rrtype = 'A') { return cores.get(this).resolve(hostname, rrtype); }
  reverse(ip) { return cores.get(this).reverse(ip); }
}

/// dns.Resolver: the same with callbacks.
export class Resolver {
  constructor(options) { cores.set(this, new Core(options)); }
  getServers() { return cores.get(this).getServers(); }
  setServers(servers) { cores.get(this).setServers(servers); }
  setLocalAddress() {}
  cancel() { cores.get(this).cancel(); }
  resolve(hostname, rrtype, callback) {
    if (typeof rrtype === 'function') { callback = rrtype; rrtype = 'A'; }
    validateFunction(callback, 'callback');
    settle(cores.get(this).resolve(hostname, rrtype ?? 'A'), callback);
  }
  reverse(ip, callback) {
    validateFunction(callback, 'callback');
    settle(cores.get(this).reverse(ip), callback);
  }
}

function settle(promise, callback) {
  promise.then((r) => callback(null, r), (e) => callback(e));
}

for (const [method, rrtype] of Object.entries(RESOLVE_METHODS)) {
  PromiseResolver.prototype[method] = function (hostname, options) {
    return cores.get(this).resolve(hostname, rrtype, options);
  };
  Resolver.prototype[method] = function (hostname, options, callback) {
    if (typeof options === 'function') { callback = options; options = undefined; }
    validateFunction(callback, 'callback');
    settle(cores.get(this).resolve(hostname, rrtype, options), callback);
  };
}

// The module's functions use one resolver, shared by node:dns and node:dns/promises.
const defaultResolver = new Resolver();
const defaultPromiseResolver = new PromiseResolver();
cores.set(defaultPromiseResolver, cores.get(defaultResolver));

function bound(resolver, names) {
  return Object.fromEntries(names.map((n) => [n, resolver[n].bind(resolver)]));
}
const METHOD_NAMES = ['getServers', 'setServers', 'resolve', 'reverse', ...Object.keys(RESOLVE_METHODS)];

// ---- lookupService ----

// Well-known ports, as getnameinfo names them from /etc/services.
const SERVICES = {
  20: 'ftp-data', 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 67: 'bootps',
  68: 'bootpc', 69: 'tftp', 80: 'http', 110: 'pop3', 119: 'nntp', 123: 'ntp', 143: 'imap2',
  161: 'snmp', 389: 'ldap', 443: 'https', 465: 'submissions', 514: 'shell', 587: 'submission',
  636: 'ldaps', 873: 'rsync', 993: 'imaps', 995: 'pop3s', 1883: 'mqtt', 3306: 'mysql',
  5432: 'postgresql', 6379: 'redis', 8080: 'http-alt',
};

async function lookupServiceAsync(address, port) {
  let hostname = address;
  if (address === '127.0.0.1' || address === '::1') hostname = 'localhost';
  else {
    try { [hostname] = await defaultPromiseResolver.reverse(address); } catch { /* numeric, as getnameinfo */ }
  }
  return { hostname, service: SERVICES[port] ?? String(port) };
}

function checkService(address, port) {
  if (typeof address !== 'string') throw invalidArgType('address', 'of type string', address);
  if (family(address) === 0) throw invalidArgValue('address', address);
  const p = typeof port === 'string' && port.trim() !== '' ? Number(port) : port;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535) {
    throw codedError(RangeError, 'ERR_SOCKET_BAD_PORT', `Port should be >= 0 and < 65536. Received ${describeValue(port)}.`);
  }
  return p;
}

export function lookupService(address, port, callback) {
  const p = checkService(address, port);
  validateFunction(callback, 'callback');
  lookupServiceAsync(address, p).then((r) => callback(null, r.hostname, r.service), (e) => callback(e));
}

// ---- Exports ----

export const {
  getServers, setServers, resolve, reverse, resolve4, resolve6, resolveAny, resolveCaa,
  resolveCname, resolveMx, resolveNaptr, resolveNs, resolvePtr, resolveSoa, resolveSrv, resolveTxt,
} = bound(defaultResolver, METHOD_NAMES);

export const constants = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP', REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME',
  BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP', CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT',
  EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM', DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR',
  BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS', NOTINITIALIZED: 'ENOTINITIALIZED',
  LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED',
};
export const { NODATA, FORMERR, SERVFAIL, NOTFOUND, NOTIMP, REFUSED, BADQUERY, BADNAME, BADFAMILY,
  BADRESP, CONNREFUSED, TIMEOUT, EOF, FILE, NOMEM, DESTRUCTION, BADSTR, BADFLAGS, NONAME, BADHINTS,
  NOTINITIALIZED, LOADIPHLPAPI, ADDRGETNETWORKPARAMS, CANCELLED } = constants;
// getaddrinfo hint flags, with Linux's values.
export const ADDRCONFIG = 32;
export const V4MAPPED = 8;
export const ALL = 16;

export const promises = {
  async lookup(hostname, options) {
    const { family: fam, all } = lookupOptions(options);
    const found = ordered(await lookupAll(hostname, fam), options);
    if (all) return found;
    if (found.length === 0) throw notFound(hostname);
    return found[0];
  },
  lookupService(address, port) {
    const p = checkService(address, port);
    return lookupServiceAsync(address, p);
  },
  ...bound(defaultPromiseResolver, METHOD_NAMES),
  Resolver: PromiseResolver,
  setDefaultResultOrder,
  getDefaultResultOrder,
  constants,
};

export function lookup(hostname, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  validateFunction(callback, 'callback');
  const { all } = lookupOptions(options);
  promises.lookup(hostname, options).then(
    (r) => (all ? callback(null, r) : callback(null, r.address, r.family)),
    (e) => callback(e),
  );
}

export default {
  lookup, lookupService, Resolver, promises, getServers, setServers, resolve, reverse, resolve4,
  resolve6, resolveAny, resolveCaa, resolveCname, resolveMx, resolveNaptr, resolveNs, resolvePtr,
  resolveSoa, resolveSrv, resolveTxt, setDefaultResultOrder, getDefaultResultOrder, ...constants,
  ADDRCONFIG, V4MAPPED, ALL,
};
