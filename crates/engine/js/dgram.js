// node:dgram: WasmEdge's socket interface here carries TCP only; createSocket fails with
// ERR_FEATURE_UNAVAILABLE_ON_PLATFORM.

import { refuse } from 'internal:unavailable';

export const createSocket = refuse('UDP (dgram.createSocket())');
export class Socket {
  constructor() { createSocket(); }
}

export default { createSocket, Socket };
