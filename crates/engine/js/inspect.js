// util.inspect and util.format: Node-like rendering of values for console and messages.

import native from 'internal:native';

const defaultOptions = {
  depth: 2, colors: false, showHidden: false, breakLength: 80, compact: 3,
  maxArrayLength: 100, maxStringLength: 10000, sorted: false, getters: false,
};

const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArrayProto, Symbol.toStringTag).get;

export const customInspect = Symbol.for('nodejs.util.inspect.custom');

function quote(str) {
  let q = "'";
  if (str.includes("'")) {
    if (!str.includes('"')) q = '"';
    else if (!str.includes('`') && !str.includes('${')) q = '`';
  }
  let out = '';
  for (const ch of str) {
    const c = ch.codePointAt(0);
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0').toUpperCase();
    else out += ch;
  }
  return q + out + q;
}

const identRe = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function formatKey(key) {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return identRe.test(key) ? key : quote(key);
}

function formatNumber(n) {
  return Object.is(n, -0) ? '-0' : String(n);
}

function formatPrimitive(value, ctx) {
  switch (typeof value) {
    case 'string': {
      let s = value;
      let extra = '';
      if (s.length > ctx.maxStringLength) {
        extra = `... ${s.length - ctx.maxStringLength} more character${s.length - ctx.maxStringLength > 1 ? 's' : ''}`;
        s = s.slice(0, ctx.maxStringLength);
      }
      return quote(s) + extra;
    }
    case 'number': return formatNumber(value);
    case 'bigint': return `${value}n`;
    case 'boolean': return String(value);
    case 'undefined': return 'undefined';
    case 'symbol': return value.toString();
  }
  return String(value);
}

function constructorName(obj) {
  let proto = obj;
  while (proto !== null) {
    const desc = Object.getOwnPropertyDescriptor(proto, 'constructor');
    if (desc && typeof desc.value === 'function' && desc.value.name !== '') return desc.value.name;
    proto = Object.getPrototypeOf(proto);
  }
  return null;
}

function errorHeader(err) {
  const name = err.name || 'Error';
  const message = err.message;
  return message ? `${name}: ${message}` : String(name);
}

function formatError(err, ctx, recurseTimes) {
  let stack = typeof err.stack === 'string' ? err.stack : '';
  const header = errorHeader(err);
  if (!stack) stack = `[${header}]`;
  else if (!stack.startsWith(header)) {
    // The stack was captured before the name or message changed (a subclass setting
    // this.name, say): show the error as it is now, then the frames.
    const at = stack.indexOf('\n    at ');
    const frames = at === -1 ? (stack.startsWith('    at ') ? '\n' + stack : '') : stack.slice(at);
    stack = header + frames;
  }
  stack = stack.replace(/\n+$/, '');
  const keys = Object.keys(err).filter((k) => k !== 'stack' && k !== 'message' && k !== 'name');
  if ('cause' in err && !keys.includes('cause')) keys.push('cause');
  if (keys.length === 0) return stack;
  if (recurseTimes > ctx.depth) return `[${header}]`;
  const parts = keys.map((k) => {
    const v = formatValue(err[k], ctx, recurseTimes + 1);
    return k === 'cause' && !Object.prototype.propertyIsEnumerable.call(err, 'cause')
      ? `[cause]: ${v}` : `${formatKey(k)}: ${v}`;
  });
  return `${stack} {\n${parts.map((p) => '  ' + p.split('\n').join('\n  ')).join(',\n')}\n}`;
}

/// `[Function: f]`, `[AsyncFunction: f]`, `[GeneratorFunction (anonymous)]`, `[class A extends B]`.
function functionBase(fn) {
  const name = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '';
  if (Function.prototype.toString.call(fn).startsWith('class')) {
    let text = `[class ${name || '(anonymous)'}`;
    const parent = Object.getPrototypeOf(fn);
    if (parent !== Function.prototype && parent !== null) {
      text += ` extends ${typeof parent.name === 'string' && parent.name !== '' ? parent.name : '(anonymous)'}`;
    }
    return `${text}]`;
  }
  // AsyncFunction, GeneratorFunction and AsyncGeneratorFunction name themselves by their tag.
  const tag = fn[Symbol.toStringTag];
  const kind = typeof tag === 'string' && tag.endsWith('Function') ? tag : 'Function';
  return `[${kind}${name ? `: ${name}` : ' (anonymous)'}]`;
}

function hexBytes(bytes, max) {
  const parts = [];
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  let s = parts.join(' ');
  if (bytes.length > max) s += ` ... ${bytes.length - max} more byte${bytes.length - max > 1 ? 's' : ''}`;
  return s;
}

/// Joins an object's entries as Node does: on one line when they fit in `breakLength` and the
/// object holds fewer than `compact` levels of nested objects below it, else one entry per
/// line; the entries of a long array (more than six) are first laid out in columns.
function reduceToSingle(output, base, braces, ctx, indentation, recurseTimes, columnsOf) {
  const entries = output.length;
  if (columnsOf !== undefined && entries > 6) output = inColumns(output, columnsOf, ctx, indentation);
  const b = base ? `${base} ` : '';
  if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
    const start = output.length + indentation + braces[0].length + base.length + 10;
    const total = output.reduce((sum, s) => sum + s.length, 0) + output.length;
    if (output.every((s) => !s.includes('\n')) && total + start <= ctx.breakLength) {
      return `${b}${braces[0]} ${output.join(', ')} ${braces[1]}`;
    }
  }
  const ind = ' '.repeat(indentation);
  return `${b}${braces[0]}\n${ind}  ${output.join(`,\n${ind}  `)}\n${ind}${braces[1]}`;
}

/// Node's layout of a long array's entries in aligned columns, as many as make a roughly
/// square block (a character taken as 2.5 times as high as wide), at most 15 and within
/// `breakLength`; numbers are right-aligned, anything else left-aligned. Entries of very
/// different widths are left one per line. `array` holds the values, to tell numbers; a last
/// "... more items" entry stays on a line of its own.
function inColumns(output, array, ctx, indentation) {
  const truncated = array.length > ctx.maxArrayLength;
  const count = truncated ? output.length - 1 : output.length;
  const gap = 2; // ', ' between two entries
  const widths = new Array(count);
  let total = 0;
  let widest = 0;
  for (let i = 0; i < count; i++) {
    const w = output[i].length;
    widths[i] = w;
    total += w + gap;
    if (w > widest) widest = w;
  }
  const cell = widest + gap;
  if (cell * 3 + indentation >= ctx.breakLength || (total / cell <= 5 && widest > 6)) return output;
  const bias = Math.sqrt(cell - total / output.length);
  const narrowed = Math.max(cell - 3 - bias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(2.5 * narrowed * count) / narrowed),
    Math.floor((ctx.breakLength - indentation) / cell),
    ctx.compact * 4,
    15,
  );
  if (columns <= 1) return output;
  const columnWidth = [];
  for (let c = 0; c < columns; c++) {
    let w = 0;
    for (let j = c; j < count; j += columns) if (widths[j] > w) w = widths[j];
    columnWidth.push(w + gap);
  }
  let numeric = true;
  for (let i = 0; i < output.length; i++) {
    const t = typeof array[i];
    if (t !== 'number' && t !== 'bigint') { numeric = false; break; }
  }
  const lines = [];
  for (let i = 0; i < count; i += columns) {
    const last = Math.min(i + columns, count) - 1;
    let line = '';
    for (let j = i; j < last; j++) {
      const text = `${output[j]}, `;
      line += numeric ? text.padStart(columnWidth[j - i]) : text.padEnd(columnWidth[j - i]);
    }
    line += numeric ? output[last].padStart(columnWidth[last - i] - gap) : output[last];
    lines.push(line);
  }
  if (truncated) lines.push(output[count]);
  return lines;
}

function formatProperty(obj, key, ctx, recurseTimes, arrayLike) {
  const desc = Object.getOwnPropertyDescriptor(obj, key) || { value: obj[key], enumerable: true };
  let str;
  if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
    ctx.indentation += 2;
    str = formatValue(desc.value, ctx, recurseTimes);
    ctx.indentation -= 2;
  } else if (desc.get !== undefined) {
    str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else {
    str = desc.set !== undefined ? '[Setter]' : 'undefined';
  }
  if (arrayLike) return str;
  let name = formatKey(key);
  if (!desc.enumerable) name = `[${name}]`;
  return `${name}: ${str}`;
}

function getKeys(obj, ctx) {
  const keys = ctx.showHidden ? Object.getOwnPropertyNames(obj) : Object.keys(obj);
  for (const sym of Object.getOwnPropertySymbols(obj)) {
    if (ctx.showHidden || Object.prototype.propertyIsEnumerable.call(obj, sym)) keys.push(sym);
  }
  if (ctx.sorted) keys.sort();
  return keys;
}

function formatValue(value, ctx, recurseTimes) {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value, ctx);

  if (ctx.customInspect !== false) {
    const custom = value[customInspect];
    if (typeof custom === 'function' && custom !== inspect) {
      const ret = custom.call(value, ctx.depth - recurseTimes, { ...ctx, stylize: (s) => s }, inspect);
      if (ret !== value) return typeof ret === 'string' ? ret : formatValue(ret, ctx, recurseTimes);
    }
  }

  if (ctx.seen.includes(value)) {
    let index = ctx.circular.get(value);
    if (index === undefined) { index = ctx.circular.size + 1; ctx.circular.set(value, index); }
    return `[Circular *${index}]`;
  }
  return formatRaw(value, ctx, recurseTimes);
}

function formatRaw(value, ctx, recurseTimes) {
  const ctorName = constructorName(value);
  const tag = value[Symbol.toStringTag];
  let prefixName = ctorName === null ? `[${tag || 'Object'}: null prototype]` : ctorName;
  if (typeof tag === 'string' && tag !== '' && tag !== ctorName && ctorName !== null) {
    prefixName = `${ctorName} [${tag}]`;
  }
  let keys = getKeys(value, ctx);
  let braces = ['{', '}'];
  let base = '';
  let formatter = null; // produces the entries that come before the own keys
  let arrayLike = false;
  let columnsOf; // an array whose entries may be laid out in columns

  if (Array.isArray(value)) {
    arrayLike = true;
    columnsOf = value;
    braces = [ctorName === 'Array' ? '[' : `${prefixName}(${value.length}) [`, ']'];
    keys = keys.filter((k) => typeof k !== 'string' || !/^(0|[1-9][0-9]*)$/.test(k) || Number(k) >= value.length);
    formatter = () => {
      const out = [];
      const n = Math.min(value.length, ctx.maxArrayLength);
      let holes = 0;
      for (let i = 0; i < n; i++) {
        if (!Object.prototype.hasOwnProperty.call(value, i)) { holes++; continue; }
        if (holes) { out.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`); holes = 0; }
        out.push(formatProperty(value, i, ctx, recurseTimes + 1, true));
      }
      if (holes) out.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      if (value.length > n) out.push(`... ${value.length - n} more item${value.length - n > 1 ? 's' : ''}`);
      return out;
    };
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
  } else if (typeof value === 'function') {
    base = functionBase(value);
    keys = keys.filter((k) => k !== 'prototype');
    if (keys.length === 0) return base;
  } else if (value instanceof Error) {
    return formatError(value, ctx, recurseTimes);
  } else if (value instanceof RegExp) {
    base = RegExp.prototype.toString.call(value);
    if (keys.length === 0) return base;
  } else if (value instanceof Date) {
    base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (keys.length === 0) return base;
  } else if (value instanceof Map) {
    braces = [`${prefixName}(${value.size}) {`, '}'];
    formatter = () => {
      const out = [];
      for (const [k, v] of value) {
        out.push(`${formatValue(k, ctx, recurseTimes + 1)} => ${formatValue(v, ctx, recurseTimes + 1)}`);
      }
      return out;
    };
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
  } else if (value instanceof Set) {
    braces = [`${prefixName}(${value.size}) {`, '}'];
    formatter = () => [...value].map((v) => formatValue(v, ctx, recurseTimes + 1));
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
  } else if (ArrayBuffer.isView(value) && typedArrayTag.call(value) !== undefined) {
    if (value._isBuffer === true || ctorName === 'Buffer') {
      return `<Buffer${value.length ? ' ' : ''}${hexBytes(value, 50)}>`;
    }
    arrayLike = true;
    columnsOf = value;
    braces = [`${prefixName}(${value.length}) [`, ']'];
    keys = keys.filter((k) => typeof k !== 'string' || !/^(0|[1-9][0-9]*)$/.test(k));
    formatter = () => {
      const n = Math.min(value.length, ctx.maxArrayLength);
      const out = [];
      for (let i = 0; i < n; i++) {
        out.push(typeof value[i] === 'bigint' ? `${value[i]}n` : formatNumber(value[i]));
      }
      if (value.length > n) out.push(`... ${value.length - n} more item${value.length - n > 1 ? 's' : ''}`);
      return out;
    };
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
  } else if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    return `ArrayBuffer { [Uint8Contents]: <${hexBytes(bytes, 50)}>, byteLength: ${value.byteLength} }`;
  } else if (value instanceof DataView) {
    braces = ['DataView {', '}'];
    formatter = () => [`byteLength: ${value.byteLength}`, `byteOffset: ${value.byteOffset}`,
      `buffer: ${formatValue(value.buffer, ctx, recurseTimes)}`];
  } else if (value instanceof Promise) {
    braces = [`${prefixName} {`, '}'];
    formatter = () => {
      const state = native.promiseState(value);
      if (state === undefined || state[0] === 0) return ['<pending>'];
      ctx.indentation += 2;
      const shown = formatValue(state[1], ctx, recurseTimes + 1);
      ctx.indentation -= 2;
      return [state[0] === 2 ? `<rejected> ${shown}` : shown];
    };
  } else if (value instanceof WeakMap || value instanceof WeakSet) {
    return `${prefixName} { <items unknown> }`;
  } else if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    const prim = value.valueOf();
    base = `[${ctorName || typeof prim}: ${formatPrimitive(prim, ctx)}]`;
    if (value instanceof String) keys = keys.filter((k) => !/^(0|[1-9][0-9]*)$/.test(k) && k !== 'length');
    if (keys.length === 0) return base;
  } else {
    if (ctorName === 'Object') {
      if (tag && tag !== 'Object') braces[0] = `Object [${tag}] {`;
    } else if (ctorName === null || prefixName !== 'Object') {
      braces[0] = `${prefixName} {`;
    }
    if (keys.length === 0) return `${braces[0]}}`.replace('{}', '{}');
  }

  if (recurseTimes > ctx.depth) {
    if (Array.isArray(value)) return '[Array]';
    return `[${ctorName || tag || 'Object'}]`;
  }

  ctx.seen.push(value);
  // How deep the most recent object being formatted sits: Node's measure of nesting.
  ctx.currentDepth = recurseTimes;
  let output;
  try {
    output = formatter ? formatter() : [];
    for (const key of keys) output.push(formatProperty(value, key, ctx, recurseTimes + 1, false));
  } finally {
    ctx.seen.pop();
  }
  const index = ctx.circular.get(value);
  if (index !== undefined) {
    const ref = `<ref *${index}>`;
    base = base ? `${ref} ${base}` : ref;
  }
  if (braces[0].endsWith('[') || braces[0] === '[') {
    if (output.length === 0) return `${base ? base + ' ' : ''}${braces[0]}${braces[1]}`;
  }
  return reduceToSingle(output, base, braces, ctx, ctx.indentation, recurseTimes, columnsOf);
}

const views = new Map();

/// An object util.inspect shows as `name { ...fields }`: what a class whose state is private
/// returns from its custom inspect, to be shown by its public fields, nested and indented as
/// any other object.
export function inspectView(name, fields) {
  let View = views.get(name);
  if (View === undefined) {
    View = ({ [name]: class {} })[name];
    views.set(name, View);
  }
  return Object.assign(new View(), fields);
}

export function inspect(value, opts) {
  const ctx = { ...defaultOptions, seen: [], circular: new Map(), indentation: 0, currentDepth: 0 };
  if (typeof opts === 'boolean') ctx.showHidden = opts;
  else if (opts && typeof opts === 'object') {
    for (const k of Object.keys(opts)) if (k in defaultOptions || k === 'customInspect') ctx[k] = opts[k];
  }
  if (ctx.depth === null) ctx.depth = Infinity;
  return formatValue(value, ctx, 0);
}
inspect.custom = customInspect;
inspect.defaultOptions = defaultOptions;

function formatNumberArg(v, fn) {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return 'NaN';
  if (typeof v === 'object' && v !== null) return formatNumber(fn(v));
  return formatNumber(fn(v));
}

export function formatWithOptions(inspectOptions, ...args) {
  const first = args[0];
  let a = 0;
  let str = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let last = 0;
    a = 1;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const c = first[i + 1];
      if (a >= args.length && c !== '%') continue;
      let rep;
      switch (c) {
        case 's': {
          const v = args[a++];
          if (typeof v === 'bigint') rep = `${v}n`;
          else if (typeof v === 'number') rep = formatNumber(v);
          else if (typeof v === 'symbol') rep = v.toString();
          else if (typeof v === 'object' && v !== null) {
            const hasOwnToString = typeof v.toString === 'function' && v.toString !== Object.prototype.toString &&
              !(v instanceof Error) && v.toString !== Array.prototype.toString;
            rep = hasOwnToString ? String(v) : inspect(v, { ...inspectOptions, depth: 0 });
          } else rep = String(v);
          break;
        }
        case 'd': rep = formatNumberArg(args[a++], Number); break;
        case 'i': rep = formatNumberArg(args[a++], (x) => parseInt(x)); break;
        case 'f': {
          const v = args[a++];
          rep = typeof v === 'symbol' ? 'NaN' : formatNumber(parseFloat(v));
          break;
        }
        case 'j': {
          try { rep = JSON.stringify(args[a++]); } catch (e) {
            rep = '[Circular]';
          }
          break;
        }
        case 'o': rep = inspect(args[a++], { ...inspectOptions, showHidden: true, depth: 4 }); break;
        case 'O': rep = inspect(args[a++], inspectOptions); break;
        case 'c': a++; rep = ''; break;
        case '%': str += first.slice(last, i) + '%'; last = i + 2; i++; continue;
        default: continue;
      }
      str += first.slice(last, i) + rep;
      last = i + 2;
      i++;
    }
    str += first.slice(last);
  }
  for (; a < args.length; a++) {
    const v = args[a];
    if (str.length > 0 || a > 0) str += ' ';
    str += typeof v === 'string' ? v : inspect(v, inspectOptions);
  }
  return str;
}

export function format(...args) {
  return formatWithOptions(undefined, ...args);
}
