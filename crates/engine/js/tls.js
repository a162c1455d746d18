// node:tls: TLS client connections (connect, TLSSocket) on the same native connections as
// node:net (src/native/net.rs `tlsConnect`; crates/tls): after the handshake a TLSSocket is a
// net.Socket that carries plaintext. Certificates are checked against Mozilla's roots plus
// NODE_EXTRA_CA_CERTS, or the `ca` option alone; `rejectUnauthorized: false` (or
// NODE_TLS_REJECT_UNAUTHORIZED=0) connects anyway and says why in `authorizationError`.
// createServer is node:net's server with a TLS handshake on each accepted connection (one
// PEM certificate chain and key) before 'secureConnection'.

import native from 'internal:native';
import { Socket, Server as NetServer, isIP } from 'node:net';
import { nextTick } from 'node:process';
import { invalidArgType, outOfRange, validateFunction } from 'internal:errors';
import { alpnList, caText, clientIdentity, peerCertificate, rejectUnauthorizedDefault, serverContext, serverTlsState } from 'internal:tls_common';

export const DEFAULT_MIN_VERSION = 'TLSv1.2';
export const DEFAULT_MAX_VERSION = 'TLSv1.3';
export const DEFAULT_ECDH_CURVE = 'auto';

export class TLSSocket extends Socket {
  constructor(socket, options = {}) {
    super(options);
    this.encrypted = true;
    this.authorized = false;
    this.authorizationError = null;
    this.alpnProtocol = false;
    this.servername = options.servername || null;
    this._tlsProtocol = null;
    this._cipher = null;
    this._keyExchange = null;
    this._peerCert = null;
  }

  getProtocol() { return this._tlsProtocol; }
  getCipher() {
    if (!this._cipher) return undefined;
    const [name, standardName, version] = this._cipher;
    return { name, standardName, version };
  }
  // Node: the client's view of the ephemeral key exchange; null on a server's socket.
  getEphemeralKeyInfo() {
    if (this._isServer) return null;
    if (!this._keyExchange) return {};
    const [name, size] = this._keyExchange;
    return { type: 'ECDH', name, size };
  }
  getPeerCertificate(detailed) { return peerCertificate(this._peerCert, detailed === true, this._caText); }
  getSession() { return undefined; }
  isSessionReused() { return false; }
  setServername(name) { this.servername = name; }
}

// connect(options[, cb]) or connect(port[, host][, options][, cb]).
export function connect(...args) {
  let options = {};
  let cb;
  if (typeof args[args.length - 1] === 'function') cb = args.pop();
  if (args[0] !== null && typeof args[0] === 'object') {
    options = { ...args[0] };
  } else {
    options = { ...(args.find((a, i) => i > 0 && a !== null && typeof a === 'object') || {}) };
    options.port = args[0];
    if (typeof args[1] === 'string') options.host = args[1];
  }
  let port = options.port;
  if (typeof port === 'string' && /^\d+$/.test(port)) port = Number(port);
  if (typeof port !== 'number' || !Number.isInteger(port)) throw invalidArgType('port', 'of type number', options.port);
  if (port < 0 || port > 65535) throw outOfRange('port', '>= 0 and < 65536', port);
  if (cb !== undefined) validateFunction(cb, 'callback');
  const host = options.host || 'localhost';
  const verify = options.rejectUnauthorized === undefined ? rejectUnauthorizedDefault() : options.rejectUnauthorized !== false;
  const servername = options.servername || host.replace(/^\[|\]$/g, '');
  const socket = new TLSSocket(null, { ...options, servername });
  if (cb) socket.once('secureConnect', cb);
  socket.connecting = true;
  // A cert without a key (or the other way round) throws at once, as Node's does.
  const identity = clientIdentity(options.cert, options.key, options.passphrase);
  let pending;
  try {
    socket._caText = caText(options.ca);
    pending = native.tlsConnect(String(host), port, {
      ca: socket._caText,
      rejectUnauthorized: verify,
      servername: options.servername,
      alpn: alpnList(options.ALPNProtocols),
      ...identity,
    });
  } catch (err) {
    // A bad ca, cert or key throws here, as Node's secure context does; the rest arrives
    // as the socket's 'error'.
    if (typeof err.code === 'string' && /^ERR_(OSSL_|TLS_INVALID_CA)/.test(err.code)) throw err;
    socket.connecting = false;
    nextTick(() => socket.destroy(err));
    return socket;
  }
  pending.then((id) => {
    if (socket.destroyed) { native.tcpClose(id); return; }
    const [protocol, alpn, refused, cipher, keyExchange, , cert] = native.tlsInfo(id, servername, !verify);
    socket._peerCert = cert;
    socket._tlsProtocol = protocol;
    socket._cipher = cipher;
    socket._keyExchange = keyExchange;
    socket.alpnProtocol = alpn;
    socket.authorized = !refused;
    if (refused) socket.authorizationError = refused;
    socket._attach(id);
    socket._touch();
    socket.emit('connect');
    socket.emit('secureConnect');
    socket.emit('ready');
  }, (err) => socket.destroy(err));
  return socket;
}

export class Server extends NetServer {
  constructor(options, secureConnectionListener) {
    if (typeof options === 'function') { secureConnectionListener = options; options = {}; }
    options = options || {};
    super(options);
    this._tls = serverContext(options, []);
    if (secureConnectionListener) this.on('secureConnection', secureConnectionListener);
  }

  _accepted(conn, ip, port) {
    native.tlsServerHandshake(conn, this._tls).then(() => {
      const socket = new TLSSocket(null, this._options);
      socket.server = this;
      socket._attach(conn, [ip, port]);
      const state = serverTlsState(native.tlsInfo(conn, '', false));
      socket._isServer = true;
      socket._tlsProtocol = state.protocol;
      socket._cipher = state.cipher;
      socket._peerCert = state.cert;
      socket.alpnProtocol = state.alpn;
      socket.authorized = state.authorized;
      socket.authorizationError = state.authorizationError;
      this._connections++;
      this.emit('connection', socket);
      this.emit('secureConnection', socket);
    }, (err) => {
      // As in Node: the failed client's error, with a stand-in for the socket it never got.
      this.emit('tlsClientError', err, { remoteAddress: ip, remotePort: port, encrypted: true });
    });
  }
}

export function createServer(options, secureConnectionListener) {
  return new Server(options, secureConnectionListener);
}

export function createSecureContext(options = {}) {
  return { context: { ...options } };
}

// The cipher suites this runtime's TLS (rustls) offers, by OpenSSL's names.
const CIPHER_NAMES = [
  'TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-CHACHA20-POLY1305',
];
export const DEFAULT_CIPHERS = CIPHER_NAMES.join(':');

/// `tls.getCiphers()`: the cipher suites, lower-case, as Node lists them.
export function getCiphers() {
  return CIPHER_NAMES.map((n) => n.toLowerCase());
}

/// Whether `host` matches the certificate name `pattern` (a leading '*.' matches one label).
function hostMatches(host, pattern) {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return h === p;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot) === p.slice(1) && p.split('.').length > 2;
}

/// `tls.checkServerIdentity(hostname, cert)`: undefined when the certificate (as
/// getPeerCertificate() gives it) is for `hostname`, else Node's ERR_TLS_CERT_ALTNAME_INVALID
/// error (returned, not thrown).
export function checkServerIdentity(hostname, cert) {
  const host = String(hostname).replace(/^\[|\]$/g, '');
  const alt = cert && typeof cert.subjectaltname === 'string' ? cert.subjectaltname.split(', ') : [];
  const dns = alt.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4));
  const ips = alt.filter((n) => n.startsWith('IP Address:')).map((n) => n.slice(11).toLowerCase());
  const isIp = isIP(host) !== 0;
  let ok;
  let reason;
  if (isIp) {
    ok = ips.includes(host.toLowerCase());
    reason = `IP: ${host} is not in the cert's list: ${ips.join(', ')}`;
  } else if (dns.length > 0) {
    ok = dns.some((p) => hostMatches(host, p));
    reason = `Host: ${host}. is not in the cert's altnames: ${alt.join(', ')}`;
  } else {
    const cn = cert && cert.subject ? cert.subject.CN : undefined;
    const names = [].concat(cn === undefined ? [] : cn);
    ok = names.some((p) => hostMatches(host, p));
    reason = names.length ? `Host: ${host}. is not cert's CN: ${names.join(', ')}` : 'Cert does not contain a DNS name';
  }
  if (ok) return undefined;
  const err = new Error(`Hostname/IP does not match certificate's altnames: ${reason}`);
  err.code = 'ERR_TLS_CERT_ALTNAME_INVALID';
  err.reason = reason;
  err.host = host;
  err.cert = cert;
  return err;
}

export default {
  connect, TLSSocket, Server, createServer, createSecureContext, checkServerIdentity, getCiphers,
  DEFAULT_MIN_VERSION, DEFAULT_MAX_VERSION, DEFAULT_ECDH_CURVE, DEFAULT_CIPHERS,
};
