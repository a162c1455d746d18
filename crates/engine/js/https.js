// node:https: the HTTPS client (request, get, Agent, globalAgent) on node:http's client, and
// the HTTPS server (createServer, Server) on node:http's server, over TLS
// (src/native/transport.rs; crates/tls). Certificates are checked against Mozilla's roots
// plus NODE_EXTRA_CA_CERTS, or against the `ca` option alone; `rejectUnauthorized: false` (or
// NODE_TLS_REJECT_UNAUTHORIZED=0) turns the check off. A server presents one certificate
// chain and key (PEM) and offers ALPN http/1.1.

import native from 'internal:native';
import { Agent as HttpAgent, ClientRequest } from 'internal:http_client';
import { Server as HttpServer } from 'internal:http_server';
import { Buffer } from 'node:buffer';
import { codedError, invalidArgType } from 'internal:errors';

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

// PEM text from a string, a Buffer, or an array of them (joined, as a chain).
function pemText(value, name) {
  if (value === undefined || value === null) {
    throw codedError(TypeError, 'ERR_MISSING_OPTION', `options.${name} is required: this runtime's HTTPS server needs a PEM ${name}`);
  }
  const parts = [].concat(value).map((v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
    throw invalidArgType(`options.${name}`, 'of type string or an instance of Buffer', v);
  });
  return parts.join('\n');
}

export class Server extends HttpServer {
  constructor(options, requestListener) {
    if (typeof options === 'function') { requestListener = options; options = {}; }
    options = options || {};
    super(options, requestListener);
    if (options.pfx !== undefined) {
      throw codedError(Error, 'ERR_NOT_SUPPORTED', 'options.pfx is not supported: give key and cert as PEM');
    }
    const protocols = options.ALPNProtocols === undefined ? ['http/1.1'] : [].concat(options.ALPNProtocols).map(String);
    this._tls = native.tlsAcceptor(pemText(options.cert, 'cert'), pemText(options.key, 'key'), protocols);
  }
}

export function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

export default { Agent, globalAgent, request, get, createServer, Server };
