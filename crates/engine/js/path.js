// node:path, POSIX flavour (WASI paths use '/'): join, resolve, normalize, relative, dirname,
// basename, extname, parse, format, isAbsolute. `path.posix` is the module itself.

import { invalidArgType } from 'internal:errors';

export const sep = '/';
export const delimiter = ':';

function checkString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}

/// The segments of `path` with '.' and '..' resolved; `absolute` drops '..' at the root.
function resolveSegments(path, absolute) {
  const out = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else {
      out.push(seg);
    }
  }
  return out.join('/');
}

export function normalize(path) {
  checkString(path, 'path');
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const trailing = path.endsWith('/');
  let out = resolveSegments(path, absolute);
  if (out === '' && !absolute) out = '.';
  if (out !== '' && trailing) out += '/';
  return absolute ? `/${out}` : out;
}

export function join(...paths) {
  const parts = [];
  for (const p of paths) {
    checkString(p, 'path');
    if (p !== '') parts.push(p);
  }
  return parts.length === 0 ? '.' : normalize(parts.join('/'));
}

export function resolve(...paths) {
  let resolved = '';
  let absolute = false;
  for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
    const p = i >= 0 ? paths[i] : process.cwd();
    checkString(p, `paths[${i}]`);
    if (p === '') continue;
    resolved = resolved === '' ? p : `${p}/${resolved}`;
    absolute = p.startsWith('/');
  }
  const out = resolveSegments(resolved, absolute);
  return absolute ? `/${out}` : out || '.';
}

export function isAbsolute(path) {
  checkString(path, 'path');
  return path.startsWith('/');
}

export function relative(from, to) {
  checkString(from, 'from');
  checkString(to, 'to');
  if (from === to) return '';
  const a = resolve(from);
  const b = resolve(to);
  if (a === b) return '';
  const fromParts = a === '/' ? [] : a.slice(1).split('/');
  const toParts = b === '/' ? [] : b.slice(1).split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) common++;
  const up = fromParts.slice(common).map(() => '..');
  return up.concat(toParts.slice(common)).join('/');
}

/// `path` without trailing slashes (a lone root stays '/').
function trimTrailing(path) {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

export function dirname(path) {
  checkString(path, 'path');
  if (path === '') return '.';
  const rooted = path[0] === '/';
  // Everything before the last slash that follows a name (trailing slashes skipped); like
  // Node, the rest of that run of slashes is kept ('a//b' -> 'a/').
  let end = -1;
  let seenName = false;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] !== '/') seenName = true;
    else if (seenName) { end = i; break; }
  }
  if (end === -1) return rooted ? '/' : '.';
  if (rooted && end === 1) return '//';
  return path.slice(0, end);
}

export function basename(path, suffix) {
  checkString(path, 'path');
  if (suffix !== undefined) checkString(suffix, 'suffix');
  if (suffix !== undefined && suffix !== '' && suffix.length <= path.length) return withoutSuffix(path, suffix);
  const trimmed = trimTrailing(path);
  if (trimmed === '/') return '';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/// basename with a suffix, with Node's edge cases: a path equal to the suffix gives '', a name
/// equal to it is kept whole, and a name that is only the end of a longer suffix keeps its
/// trailing slashes (as does a path of slashes only).
function withoutSuffix(path, suffix) {
  if (suffix === path) return '';
  let nameEnd = path.length;
  while (nameEnd > 0 && path[nameEnd - 1] === '/') nameEnd--;
  if (nameEnd === 0) return path;
  const start = path.lastIndexOf('/', nameEnd - 1) + 1;
  const name = path.slice(start, nameEnd);
  let matched = 0;
  while (matched < suffix.length && matched < name.length
    && name[name.length - 1 - matched] === suffix[suffix.length - 1 - matched]) matched++;
  if (matched === suffix.length) return matched === name.length ? name : name.slice(0, name.length - matched);
  if (matched === name.length) return path.slice(start);
  return name;
}

export function extname(path) {
  checkString(path, 'path');
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  // A name that starts with its only dot ('.profile') has no extension; nor have '.' and '..'.
  if (dot <= 0 || base === '..') return '';
  return base.slice(dot);
}

export function parse(path) {
  checkString(path, 'path');
  const root = path.startsWith('/') ? '/' : '';
  const trimmed = trimTrailing(path);
  if (path === '' || trimmed === '/') return { root, dir: root, base: '', ext: '', name: '' };
  const baseStart = trimmed.lastIndexOf('/') + 1;
  const base = trimmed.slice(baseStart);
  // The directory is everything before the slash that precedes the base ('/' for the root).
  const dir = baseStart === 0 ? '' : baseStart === 1 ? '/' : trimmed.slice(0, baseStart - 1);
  const ext = extname(base);
  return { root, dir, base, ext, name: base.slice(0, base.length - ext.length) };
}

export function format(pathObject) {
  if (pathObject === null || typeof pathObject !== 'object') {
    throw invalidArgType('pathObject', 'of type object', pathObject);
  }
  const dir = pathObject.dir || pathObject.root;
  const base = pathObject.base || `${pathObject.name || ''}${formatExt(pathObject.ext)}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}/${base}`;
}

function formatExt(ext) {
  return ext ? `${ext[0] === '.' ? '' : '.'}${ext}` : '';
}

export function toNamespacedPath(path) {
  return path;
}

const path = {
  sep, delimiter, normalize, join, resolve, isAbsolute, relative, dirname, basename, extname,
  parse, format, toNamespacedPath,
};
path.posix = path;
export const posix = path;
export default path;
