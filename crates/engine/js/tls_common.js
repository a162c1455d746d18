// internal:tls_common: what fetch, node:https and node:tls share: whether certificates are
// checked by default, TLS options as the natives take them (CA and certificate PEM text,
// ALPN lists) and a server's native certificate and key. Kept free of node:buffer, so that
// fetch loads nothing more for it.

import native from 'internal:native';
import { codedError, invalidArgType } from 'internal:errors';

let warnedInsecure = false;

// Whether TLS certificates are checked when a request does not say: yes, unless
// NODE_TLS_REJECT_UNAUTHORIZED is '0' (then Node's warning, once).
export function rejectUnauthorizedDefault() {
  const process = globalThis.process;
  if (!process || process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return true;
  if (!warnedInsecure) {
    warnedInsecure = true;
    process.emitWarning("Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS connections and HTTPS requests insecure by disabling certificate verification.");
  }
  return false;
}

// Text of a string, or of the bytes of a view read as latin1 (PEM and protocol names are ASCII).
function text(v) {
  return typeof v === 'string' ? v : native.latin1Decode(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

// The `ca` option as one PEM text, or undefined for the default roots.
export function caText(ca) {
  return ca === undefined || ca === null ? undefined : pemText(ca, 'ca');
}

export function alpnList(protocols) {
  if (protocols === undefined || protocols === null) return [];
  if (!Array.isArray(protocols)) throw invalidArgType('options.ALPNProtocols', 'an instance of Array', protocols);
  return protocols.map(text);
}

// PEM text from a string, a Buffer, or an array of them (joined, as a chain).
export function pemText(value, name) {
  if (value === undefined || value === null) {
    throw codedError(TypeError, 'ERR_MISSING_OPTION', `options.${name} is required: this runtime's TLS server needs a PEM ${name}`);
  }
  return [].concat(value).map((v) => {
    if (typeof v !== 'string' && !ArrayBuffer.isView(v)) {
      throw invalidArgType(`options.${name}`, 'of type string or an instance of Buffer', v);
    }
    return text(v);
  }).join('\n');
}

// Bytes of a string (UTF-8) or of a view.
function bytes(v) {
  return typeof v === 'string' ? native.utf8Encode(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

// A private key as PEM text, decrypted with `passphrase` when it is encrypted (PKCS#8
// ENCRYPTED PRIVATE KEY, or the older Proc-Type: 4,ENCRYPTED form; src/native/keycrypt.rs).
export function keyText(value, passphrase, name = 'key') {
  const pem = pemText(value, name);
  if ((passphrase === undefined || passphrase === null) && !pem.includes('ENCRYPTED')) return pem;
  if (passphrase !== undefined && passphrase !== null && typeof passphrase !== 'string' && !ArrayBuffer.isView(passphrase)) {
    throw invalidArgType('options.passphrase', 'of type string or an instance of Buffer', passphrase);
  }
  const pass = passphrase === undefined || passphrase === null ? undefined : bytes(passphrase);
  const parts = native.pkeyImport(bytes(pem), 'pem', undefined, true, pass);
  return native.pkeyExport(parts[1], true, 'pkcs8', 'pem');
}

// A client's certificate and key as PEM texts ({} when not given; both or neither); an
// encrypted key is decrypted with `passphrase`.
export function clientIdentity(cert, key, passphrase) {
  const missing = (v) => v === undefined || v === null;
  if (missing(cert) && missing(key)) return {};
  if (missing(cert) || missing(key)) {
    const name = missing(cert) ? 'cert' : 'key';
    throw codedError(TypeError, 'ERR_MISSING_OPTION', `options.${name} is required: a client certificate needs both cert and key`);
  }
  return { cert: pemText(cert, 'cert'), key: keyText(key, passphrase) };
}

// The native certificate and key for a server's options (`pfx` is not supported; an
// encrypted key is decrypted with `passphrase`); with
// `requestCert`, clients are asked for certificates issued by `ca` (else Mozilla's roots),
// and those without one that verifies are refused unless `rejectUnauthorized` is false.
export function serverContext(options, defaultAlpn) {
  if (options.pfx !== undefined) {
    throw codedError(Error, 'ERR_NOT_SUPPORTED', 'options.pfx is not supported: give key and cert as PEM');
  }
  const protocols = options.ALPNProtocols === undefined ? defaultAlpn : alpnList(options.ALPNProtocols);
  const clients = options.requestCert
    ? { ca: caText(options.ca), required: options.rejectUnauthorized !== false }
    : undefined;
  return native.tlsAcceptor(pemText(options.cert, 'cert'), keyText(options.key, options.passphrase), protocols, clients);
}

// Node's getPeerCertificate() object from the native certificate details (transport.rs
// certificate_value): names as objects (a repeated attribute as an array), raw as a Buffer.
export function peerCertificate(details, detailed = false, ca = undefined) {
  if (!details) return {};
  if (detailed) return certificateChain(details, ca);
  const names = (pairs) => {
    const out = { __proto__: null };
    for (const [k, v] of pairs) {
      if (out[k] === undefined) out[k] = v;
      else out[k] = [].concat(out[k], v);
    }
    return out;
  };
  const cert = { subject: names(details.subject), issuer: names(details.issuer) };
  if (details.subjectaltname !== undefined) cert.subjectaltname = details.subjectaltname;
  cert.ca = details.ca;
  cert.valid_from = details.valid_from;
  cert.valid_to = details.valid_to;
  cert.fingerprint = details.fingerprint;
  cert.fingerprint256 = details.fingerprint256;
  cert.serialNumber = details.serialNumber;
  cert.raw = globalThis.Buffer.from(details.raw.buffer, details.raw.byteOffset, details.raw.byteLength);
  return cert;
}

// getPeerCertificate(true): the certificate with `issuerCertificate` leading through the
// issuers the peer sent; a self-signed certificate is its own issuer, as in Node. (When the
// peer leaves its root out, the chain ends at the last certificate it sent.)
function certificateChain(details, ca) {
  const leaf = peerCertificate(details);
  let current = leaf;
  for (const issuer of details.chain || []) {
    const next = peerCertificate(issuer);
    current.issuerCertificate = next;
    current = next;
  }
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  // A root the peer left out, found among the connection's `ca` certificates.
  if (!same(current.subject, current.issuer) && ca) {
    for (const block of ca.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) || []) {
      const der = native.base64Decode(block.replace(/-----[A-Z ]+-----|\s/g, ''), false);
      const root = der && native.tlsCertificateDetails(der);
      if (root && same(peerCertificate(root).subject, current.issuer)) {
        current.issuerCertificate = peerCertificate(root);
        current = current.issuerCertificate;
        break;
      }
    }
  }
  if (same(current.subject, current.issuer)) current.issuerCertificate = current;
  return leaf;
}

// What a server's socket says of a TLS connection (native tlsInfo or httpTlsInfo): its
// protocol, ALPN, cipher, the peer's certificate, and whether the client's certificate
// verified (requestCert).
export function serverTlsState(info) {
  const [protocol, alpn, , cipher, , clientAuth, cert] = info;
  return {
    protocol,
    alpn,
    cipher,
    cert,
    authorized: clientAuth === true,
    authorizationError: typeof clientAuth === 'string' ? clientAuth : null,
  };
}
