// node:punycode (deprecated in Node, still imported by older packages): Punycode (RFC 3492)
// for labels, and IDNA's toASCII/toUnicode for whole domains and e-mail addresses.

import native from 'internal:native';
import { codedError } from 'internal:errors';

export const version = '2.1.0';

function overflow() { return codedError(RangeError, 'ERR_INVALID_ARG_VALUE', 'Overflow: input needs wider integers to process'); }

/// A label's Unicode text as Punycode (without the xn-- prefix).
export function encode(input) {
  const out = native.punycodeEncode(String(input));
  if (out === null) throw overflow();
  return out;
}

/// Punycode back to Unicode.
export function decode(input) {
  const out = native.punycodeDecode(String(input));
  if (out === null) throw codedError(RangeError, 'ERR_INVALID_ARG_VALUE', 'Invalid input');
  return out;
}

const SEPARATORS = /[\x2E\u3002\uFF0E\uFF61]/g;

function mapDomain(domain, fn) {
  const at = domain.lastIndexOf('@');
  const local = at === -1 ? '' : domain.slice(0, at + 1);
  const host = at === -1 ? domain : domain.slice(at + 1);
  return local + host.replace(SEPARATORS, '.').split('.').map(fn).join('.');
}

export function toASCII(input) {
  // eslint-disable-next-line no-control-regex
  return mapDomain(String(input), (label) => (/[^\0-\x7F]/.test(label) ? `xn--${encode(label)}` : label));
}

export function toUnicode(input) {
  return mapDomain(String(input), (label) => (/^xn--/i.test(label) ? decode(label.slice(4).toLowerCase()) : label));
}

export const ucs2 = {
  decode(string) {
    const out = [];
    for (const ch of String(string)) out.push(ch.codePointAt(0));
    return out;
  },
  encode(codePoints) { return String.fromCodePoint(...codePoints); },
};

export default { version, encode, decode, toASCII, toUnicode, ucs2 };
