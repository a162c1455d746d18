// internal:tls_common: what node:tls and node:https share: TLS options as the natives take
// them (CA and certificate PEM text, ALPN lists) and a server's native certificate and key.

import native from 'internal:native';
import { Buffer } from 'node:buffer';
import { codedError, invalidArgType } from 'internal:errors';

export function caText(ca) {
  if (ca === undefined || ca === null) return undefined;
  return [].concat(ca).map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('latin1'))).join('\n');
}

export function alpnList(protocols) {
  if (protocols === undefined || protocols === null) return [];
  if (!Array.isArray(protocols)) throw invalidArgType('options.ALPNProtocols', 'an instance of Array', protocols);
  return protocols.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('latin1')));
}

// PEM text from a string, a Buffer, or an array of them (joined, as a chain).
export function pemText(value, name) {
  if (value === undefined || value === null) {
    throw codedError(TypeError, 'ERR_MISSING_OPTION', `options.${name} is required: this runtime's TLS server needs a PEM ${name}`);
  }
  return [].concat(value).map((v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
    throw invalidArgType(`options.${name}`, 'of type string or an instance of Buffer', v);
  }).join('\n');
}

// The native certificate and key for a server's options (`pfx` is not supported).
export function serverContext(options, defaultAlpn) {
  if (options.pfx !== undefined) {
    throw codedError(Error, 'ERR_NOT_SUPPORTED', 'options.pfx is not supported: give key and cert as PEM');
  }
  const protocols = options.ALPNProtocols === undefined ? defaultAlpn : alpnList(options.ALPNProtocols);
  return native.tlsAcceptor(pemText(options.cert, 'cert'), pemText(options.key, 'key'), protocols);
}
