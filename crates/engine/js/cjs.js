// CommonJS as Node runs it: require(), module.exports, exports, __filename and __dirname, with
// Node's resolution (relative and absolute paths with the .js/.json/.cjs guesses, directories
// through package.json "main" or index.js, packages in node_modules through "exports" or
// "main"), a module cache, cycles, require() of ES modules, and the hooks by which the module
// loader runs a CommonJS program and lets ES modules import CommonJS ones.
//
// Which kind a file is follows Node: .mjs is an ES module and .cjs CommonJS; for other files
// the nearest package.json's "type" decides, and without one the source does: a file that
// does not compile as CommonJS because of import/export syntax (or top-level await) is an ES
// module.

import native from 'internal:native';
import { codedError, invalidArgType, invalidArgValue } from 'internal:errors';
import { resolve as resolvePath, dirname, isAbsolute } from 'node:path';

const builtinNames = native.builtinModules().sort();
const builtinSet = new Set(builtinNames);

/// `require` results of built-in modules, by name without 'node:'.
const builtinCache = new Map();

/// package.json contents by directory (null: none there), read once each.
const packageCache = new Map();

/// Every CommonJS module loaded, by absolute filename: Node's `require.cache`.
const moduleCache = Object.create(null);

export class Module {
  constructor(id = '', parent) {
    this.id = id;
    this.path = id === '.' || id === '' ? '.' : dirname(id);
    this.exports = {};
    this.filename = null;
    this.loaded = false;
    this.children = [];
    this.paths = [];
    Object.defineProperty(this, 'parent', { value: parent, writable: true, configurable: true });
    if (parent) parent.children.push(this);
  }

  require(id) {
    validateId(id);
    return requireFrom(this, id);
  }
}

/// A module record for the file `filename`, named `id` ('.' for the program's own file).
function moduleFor(id, filename, parent) {
  const module = new Module(id, parent);
  module.filename = filename;
  module.path = dirname(filename);
  module.paths = nodeModulePaths(module.path);
  return module;
}

Module._cache = moduleCache;
Module.builtinModules = builtinNames;
Module.isBuiltin = isBuiltin;
Module.createRequire = createRequire;
Module.Module = Module;

export const builtinModules = builtinNames;

/// Whether `name` names a built-in module, with or without 'node:'.
export function isBuiltin(name) {
  if (typeof name !== 'string') return false;
  return builtinSet.has(name.startsWith('node:') ? name.slice(5) : name);
}

function validateId(id) {
  if (typeof id !== 'string') throw invalidArgType('id', 'of type string', id);
  if (id === '') throw invalidArgValue('id', id, 'must be a non-empty string');
}

function notFound(request, parent) {
  const stack = [];
  for (let m = parent; m && m.filename; m = m.parent) stack.push(m.filename);
  let message = `Cannot find module '${request}'`;
  if (stack.length > 0) message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
  const err = codedError(Error, 'MODULE_NOT_FOUND', message);
  err.requireStack = stack;
  return err;
}

/// The package.json in `dir`, parsed, or null.
function packageIn(dir) {
  let pkg = packageCache.get(dir);
  if (pkg !== undefined) return pkg;
  pkg = null;
  const text = native.readModuleText(dir === '/' ? '/package.json' : `${dir}/package.json`);
  if (text !== undefined) {
    try {
      pkg = JSON.parse(text);
    } catch (e) {
      throw codedError(Error, 'ERR_INVALID_PACKAGE_CONFIG', `Invalid package config ${dir}/package.json: ${e.message}`);
    }
    if (pkg === null || typeof pkg !== 'object') pkg = {};
  }
  packageCache.set(dir, pkg);
  return pkg;
}

/// The file `base` names, trying the extensions require() adds, then a directory's main
/// file; undefined when there is none.
function resolveFile(base) {
  if (native.pathKind(base) === 1) return base;
  for (const ext of ['.js', '.json', '.cjs', '.mjs']) {
    if (native.pathKind(base + ext) === 1) return base + ext;
  }
  if (native.pathKind(base) === 2) {
    const pkg = packageIn(base);
    if (pkg && typeof pkg.main === 'string' && pkg.main !== '') {
      const main = resolveFile(resolvePath(base, pkg.main));
      if (main) return main;
    }
    for (const index of ['index.js', 'index.json', 'index.cjs']) {
      if (native.pathKind(`${base}/${index}`) === 1) return `${base}/${index}`;
    }
  }
  return undefined;
}

/// The target of a package.json "exports" entry for `conditions`, or undefined.
function exportTarget(entry, conditions) {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const e of entry) {
      const t = exportTarget(e, conditions);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (entry && typeof entry === 'object') {
    for (const key of Object.keys(entry)) {
      if (key === 'default' || conditions.includes(key)) {
        const t = exportTarget(entry[key], conditions);
        if (t !== undefined) return t;
      }
    }
  }
  return undefined;
}

/// The file that `subpath` ('.' or './x') of the package in `dir` maps to through its
/// "exports", or undefined when the package has no "exports" (then files are found directly).
function packageExport(dir, pkg, subpath, conditions, request, parent) {
  let exportsField = pkg.exports;
  if (exportsField === undefined || exportsField === null) return undefined;
  const keys = typeof exportsField === 'object' && !Array.isArray(exportsField)
    ? Object.keys(exportsField) : [];
  if (!keys.some((k) => k.startsWith('.'))) exportsField = { '.': exportsField };
  let target;
  if (Object.prototype.hasOwnProperty.call(exportsField, subpath)) {
    target = exportTarget(exportsField[subpath], conditions);
  } else {
    // Patterns: "./features/*": "./src/features/*.js".
    for (const key of Object.keys(exportsField)) {
      const star = key.indexOf('*');
      if (star < 0) continue;
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
        const t = exportTarget(exportsField[key], conditions);
        if (typeof t === 'string') {
          target = t.split('*').join(subpath.slice(prefix.length, subpath.length - suffix.length));
        }
        break;
      }
    }
  }
  if (typeof target !== 'string') {
    const err = codedError(Error, 'ERR_PACKAGE_PATH_NOT_EXPORTED', subpath === '.'
      ? `No "exports" main defined in ${dir}/package.json`
      : `Package subpath '${subpath}' is not defined by "exports" in ${dir}/package.json`);
    err.requireStack = parent && parent.filename ? [parent.filename] : [];
    throw err;
  }
  const file = resolvePath(dir, target);
  if (native.pathKind(file) !== 1) throw notFound(request, parent);
  return file;
}

/// The directories searched for packages from `dir`: its node_modules and every parent's.
function nodeModulePaths(dir) {
  const paths = [];
  for (let d = dir; ; d = dirname(d)) {
    if (!d.endsWith('/node_modules')) paths.push(d === '/' ? '/node_modules' : `${d}/node_modules`);
    if (d === '/' || d === '.') break;
  }
  return paths;
}

/// Resolves a package specifier ('name', 'name/sub', '@scope/name/sub') from `fromDir`.
function resolvePackage(request, fromDir, conditions, parent) {
  const parts = request.split('/');
  const nameLength = request.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const rest = parts.slice(nameLength).join('/');
  if (name === '' || name.startsWith('.') || (nameLength === 2 && parts.length < 2)) {
    throw notFound(request, parent);
  }
  for (const modules of nodeModulePaths(fromDir)) {
    const dir = `${modules}/${name}`;
    if (native.pathKind(dir) !== 2) continue;
    const pkg = packageIn(dir);
    if (pkg) {
      const file = packageExport(dir, pkg, rest === '' ? '.' : `./${rest}`, conditions, request, parent);
      if (file !== undefined) return file;
    }
    const file = resolveFile(rest === '' ? dir : `${dir}/${rest}`);
    if (file !== undefined) return file;
  }
  throw notFound(request, parent);
}

/// The absolute filename (or 'node:name' for a built-in) that `request` names from `parent`.
function resolveRequest(request, parent) {
  if (request.startsWith('node:')) {
    if (!builtinSet.has(request.slice(5))) {
      throw codedError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${request}`);
    }
    return request;
  }
  if (builtinSet.has(request)) return `node:${request}`;
  const fromDir = parent && parent.filename ? dirname(parent.filename) : resolvePath('.');
  if (request.startsWith('./') || request.startsWith('../') || request === '.' || request === '..'
      || isAbsolute(request)) {
    const file = resolveFile(resolvePath(fromDir, request));
    if (file === undefined) throw notFound(request, parent);
    return file;
  }
  return resolvePackage(request, fromDir, ['require', 'node'], parent);
}

function requireBuiltin(id) {
  const name = id.slice(5);
  let value = builtinCache.get(name);
  if (value === undefined) {
    const ns = native.importSync(id);
    value = ns.default !== undefined ? ns.default : ns;
    builtinCache.set(name, value);
  }
  return value;
}

function requireFrom(parent, request) {
  const filename = resolveRequest(request, parent);
  if (filename.startsWith('node:')) return requireBuiltin(filename);
  const cached = moduleCache[filename];
  if (cached !== undefined) {
    if (parent && !parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;
  }
  return loadFile(filename, parent).exports;
}

/// Compiles `source` as CommonJS; undefined when it is an ES module (detected by its syntax
/// when `detect`), else the SyntaxError is thrown.
function compile(source, filename, detect) {
  try {
    return native.compileCommonJs(source, filename);
  } catch (e) {
    if (detect && e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/// Loads `filename` as require() does: JSON, CommonJS, or an ES module's namespace (each
/// cached, so a second require() gives the same exports).
function loadFile(filename, parent) {
  const module = moduleFor(filename, filename, parent);
  const source = filename.endsWith('.mjs') ? '' : native.readModuleText(filename);
  if (source === undefined) throw notFound(filename, parent);
  if (filename.endsWith('.json')) {
    try {
      module.exports = JSON.parse(source);
    } catch (e) {
      e.message = `${filename}: ${e.message}`;
      throw e;
    }
  } else {
    const type = filename.endsWith('.cjs') ? 'commonjs' : native.packageType(filename);
    const fn = type === 'module' || filename.endsWith('.mjs') ? undefined : compile(source, filename, type === undefined);
    if (fn !== undefined) {
      runModule(module, fn);
      return module;
    }
    module.exports = native.importSync(filename);
  }
  module.loaded = true;
  moduleCache[filename] = module;
  return module;
}

function makeRequire(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => {
    validateId(request);
    const bases = options && options.paths !== undefined
      ? options.paths.map((base) => ({ filename: resolvePath(base, 'x'), parent: module }))
      : [module];
    for (const base of bases) {
      try {
        const resolved = resolveRequest(request, base);
        // A built-in resolves to itself.
        return resolved.startsWith('node:') ? request : resolved;
      } catch (e) {
        if (e.code !== 'MODULE_NOT_FOUND' || bases.length === 1) throw e;
      }
    }
    throw notFound(request, module);
  };
  require.resolve.paths = (request) =>
    (isBuiltin(request) ? null : nodeModulePaths(module.path));
  require.cache = moduleCache;
  require.main = mainModule;
  return require;
}

function runModule(module, fn) {
  moduleCache[module.filename] = module;
  const filename = module.filename;
  try {
    fn.call(module.exports, module.exports, makeRequire(module), module, filename, dirname(filename));
  } catch (e) {
    delete moduleCache[filename];
    if (module.parent) {
      const siblings = module.parent.children;
      const at = siblings.indexOf(module);
      if (at >= 0) siblings.splice(at, 1);
    }
    throw e;
  }
  module.loaded = true;
}

let mainModule;

/// Runs the program's file `filename` (absolute), a CommonJS module the loader compiled to
/// `fn`.
export function runMain(filename, fn) {
  const module = moduleFor('.', filename, null);
  mainModule = module;
  process.mainModule = module;
  runModule(module, fn);
}

/// For the module loader, when an ES module imports `filename` (absolute), a CommonJS module
/// it compiled to `fn`: runs it unless it ran already, and returns the names its exports offer
/// to `import { ... }`.
export function loadForImport(filename, fn) {
  let module = moduleCache[filename];
  if (module === undefined) {
    module = moduleFor(filename, filename, null);
    runModule(module, fn);
  }
  const exports = module.exports;
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return [];
  return Object.keys(exports).filter((k) => k !== 'default');
}

/// The exports of the CommonJS module `filename` that `loadForImport` loaded.
export function exportsOf(filename) {
  const module = moduleCache[filename];
  return module === undefined ? undefined : module.exports;
}

/// For the module loader: the file a bare specifier imported by the ES module `base` names,
/// found in node_modules with the "import" condition.
export function resolveImport(request, base) {
  const filename = resolvePath(base);
  try {
    return resolvePackage(request, dirname(filename), ['import', 'node'], { filename });
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e;
    throw codedError(Error, 'ERR_MODULE_NOT_FOUND', `Cannot find package '${request}' imported from ${filename}`);
  }
}

/// `module.createRequire(filename)`: a require() that resolves from `filename` (a path or a
/// file: URL).
export function createRequire(filename) {
  let path = filename;
  if (path instanceof URL) path = path.href;
  if (typeof path === 'string' && path.startsWith('file:')) path = decodeURIComponent(new URL(path).pathname);
  if (typeof path !== 'string' || !isAbsolute(path)) {
    throw invalidArgValue('filename', filename, 'must be a file URL object, file URL string, or absolute path string');
  }
  return makeRequire(moduleFor(path, path.endsWith('/') ? `${path}x` : path, null));
}
