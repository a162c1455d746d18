// node:querystring: Node's URL query strings: '+' for spaces, repeated keys as arrays, lenient
// percent-decoding (a malformed escape stays as it is, escaped bytes that are not UTF-8 read as U+FFFD).

import { Buffer } from 'node:buffer';

/// Decodes `s` as decodeURIComponent does; where that fails (a malformed escape, or escapes
/// that are not UTF-8), decodes escape by escape into bytes, keeping what is malformed as it
/// is, and reads the bytes as UTF-8 (invalid sequences become U+FFFD), as Node does.
export function unescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return unescapeBuffer(s, decodeSpaces).toString();
  }
}

function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/// The bytes `s` stands for: %XX escapes decoded, '+' as a space when `decodeSpaces`, a '%'
/// not followed by two hex digits kept, other characters as their UTF-8.
export function unescapeBuffer(s, decodeSpaces) {
  s = `${s}`;
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b && decodeSpaces) { bytes.push(0x20); continue; }
    if (c === 0x25 && i + 2 < s.length) {
      const high = hexValue(s.charCodeAt(i + 1));
      const low = hexValue(s.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) { bytes.push(high * 16 + low); i += 2; continue; }
    }
    if (c < 0x80) bytes.push(c);
    else {
      const cp = s.codePointAt(i);
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(String.fromCodePoint(cp))) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

export function escape(s) {
  return encodeURIComponent(typeof s === 'string' ? s : String(s));
}

function stringifyValue(v) {
  if (typeof v === 'string') return v;
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return '';
}

export function stringify(obj, sep = '&', eq = '=', options = undefined) {
  if (obj === null || typeof obj !== 'object') return '';
  const encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : escape;
  const parts = [];
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const k = encode(stringifyValue(key));
    if (Array.isArray(value)) {
      for (const v of value) parts.push(`${k}${eq}${encode(stringifyValue(v))}`);
    } else {
      parts.push(`${k}${eq}${encode(stringifyValue(value))}`);
    }
  }
  return parts.join(sep);
}

export function parse(str, sep = '&', eq = '=', options = undefined) {
  const out = Object.create(null);
  if (typeof str !== 'string' || str === '') return out;
  if (typeof sep !== 'string' || sep === '') sep = '&';
  if (typeof eq !== 'string' || eq === '') eq = '=';
  let maxKeys = 1000;
  if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
  const decode = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : unescape;
  let pieces = str.split(sep);
  if (maxKeys > 0) pieces = pieces.slice(0, maxKeys);
  for (const piece of pieces) {
    if (piece === '') continue;
    const at = piece.indexOf(eq);
    const rawKey = at === -1 ? piece : piece.slice(0, at);
    const rawValue = at === -1 ? '' : piece.slice(at + eq.length);
    const key = decode(rawKey.replace(/\+/g, ' '));
    const value = decode(rawValue.replace(/\+/g, ' '));
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

export const decode = parse;
export const encode = stringify;

export default { parse, stringify, escape, unescape, unescapeBuffer, decode, encode };

