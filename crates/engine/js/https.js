// node:https: the HTTPS client (request, get, Agent, globalAgent) on node:http's client, and
// the HTTPS server (createServer, Server) on node:http's server, over TLS
// (src/native/transport.rs; crates/tls). Certificates are checked against Mozilla's roots
// plus NODE_EXTRA_CA_CERTS, or against the `ca` option alone; `rejectUnauthorized: false` (or
// NODE_TLS_REJECT_UNAUTHORIZED=0) turns the check off. A server presents one certificate
// chain and key (PEM) and offers ALPN http/1.1.

import { Agent as HttpAgent, ClientRequest } from 'internal:http_client';
import { Server as HttpServer } from 'internal:http_server';
import { serverContext } from 'internal:tls_common';

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

export class Server extends HttpServer {
  constructor(options, requestListener) {
    if (typeof options === 'function') { requestListener = options; options = {}; }
    options = options || {};
    super(options, requestListener);
    this._tls = serverContext(options, ['http/1.1']);
  }
}

export function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

export default { Agent, globalAgent, request, get, createServer, Server };
