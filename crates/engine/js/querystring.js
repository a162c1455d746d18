// node:querystring: Node's URL query strings: '+' for spaces, repeated keys as arrays, lenient
// percent-decoding (a malformed escape stays as it is).

export function unescape(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    // Decode what can be decoded, escape by escape; keep the rest.
    return s.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
      try { return decodeURIComponent(run); } catch { return run; }
    });
  }
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

export default { parse, stringify, escape, unescape, decode, encode };

