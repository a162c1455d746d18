// node:dns and node:dns/promises: name lookups through the host's resolver (under WasmEdge,
// its sock_getaddrinfo), the way lookup() does them in Node. The resolve* functions answer
// from the same lookup, not by querying DNS servers.

import native from 'internal:native';
import { invalidArgType, validateFunction, codedError } from 'internal:errors';

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

export const promises = {
  async lookup(hostname, options) {
    const { family: fam, all } = lookupOptions(options);
    const found = await lookupAll(hostname, fam);
    if (all) return found;
    if (found.length === 0) throw notFound(hostname);
    return found[0];
  },
  async resolve4(hostname) { return (await lookupAll(hostname, 4)).map((a) => a.address); },
  async resolve6(hostname) { return (await lookupAll(hostname, 6)).map((a) => a.address); },
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

function withCallback(fn) {
  return (hostname, callback) => {
    validateFunction(callback, 'callback');
    fn(hostname).then((r) => callback(null, r), (e) => callback(e));
  };
}

export const resolve4 = withCallback(promises.resolve4);
export const resolve6 = withCallback(promises.resolve6);

export default { lookup, resolve4, resolve6, promises };
