// node:dns/promises: the promise forms of node:dns.

import { promises } from 'node:dns';

export const { lookup, resolve4, resolve6 } = promises;
export default promises;
