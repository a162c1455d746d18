// node:dns/promises: the promise forms of node:dns.

import { promises } from 'node:dns';

export const {
  lookup, lookupService, getServers, setServers, resolve, reverse, resolve4, resolve6, resolveAny,
  resolveCaa, resolveCname, resolveMx, resolveNaptr, resolveNs, resolvePtr, resolveSoa, resolveSrv,
  resolveTxt, Resolver, setDefaultResultOrder, getDefaultResultOrder, constants,
} = promises;
export const {
  NODATA, FORMERR, SERVFAIL, NOTFOUND, NOTIMP, REFUSED, BADQUERY, BADNAME, BADFAMILY, BADRESP,
  CONNREFUSED, TIMEOUT, EOF, FILE, NOMEM, DESTRUCTION, BADSTR, BADFLAGS, NONAME, BADHINTS,
  NOTINITIALIZED, LOADIPHLPAPI, ADDRGETNETWORKPARAMS, CANCELLED,
} = constants;
export default { ...promises, ...constants };
