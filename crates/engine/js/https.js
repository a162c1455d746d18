// node:https: the HTTPS client (request, get, Agent, globalAgent) on node:http's client, over
// TLS (src/native/transport.rs; crates/tls). Certificates are checked against Mozilla's roots
// plus NODE_EXTRA_CA_CERTS, or against the `ca` option alone; `rejectUnauthorized: false` (or
// NODE_TLS_REJECT_UNAUTHORIZED=0) turns the check off. Serving HTTPS is not supported:
// createServer throws.

import { Agent as HttpAgent, ClientRequest } from 'internal:http_client';
import { codedError } from 'internal:errors';

export class Agent extends HttpAgent {
  constructor(options = {}) {
    super(options);
    this.defaultPort = 443;
    this.protocol = 'https:';
  }
}

// As in Node 20, the global agent keeps connections alive.
export const globalAgent = new Agent({ keepAlive: true, timeout: 5000 });

export function request(url, options, cb) {
  return new ClientRequest(url, options, cb, globalAgent);
}

export function get(url, options, cb) {
  const req = new ClientRequest(url, options, cb, globalAgent);
  req.end();
  return req;
}

export function createServer() {
  throw codedError(Error, 'ERR_NOT_SUPPORTED', 'https.createServer is not supported: this runtime has no TLS server; terminate TLS in front of an http server');
}

export { createServer as Server };

export default { Agent, globalAgent, request, get, createServer, Server: createServer };
