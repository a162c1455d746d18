// node:fs and node:fs/promises: files and directories inside what the host lets the program
// see (under WasmEdge, the directories given with --dir). Synchronous calls do the work; the
// callback forms call back on a later tick and the promise forms settle with the same results,
// since WASI file I/O blocks anyway. Streams read and write in pieces.

import native from 'internal:native';
import { Buffer } from 'node:buffer';
import { Readable, Writable } from 'node:stream';
import { resolve as resolvePath } from 'node:path';
import { codedError, invalidArgType, validateFunction, outOfRange } from 'internal:errors';
import { URL } from 'internal:url';

export const constants = {
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, COPYFILE_EXCL: 1, COPYFILE_FICLONE: 2, COPYFILE_FICLONE_FORCE: 4,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024,
  S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o40000, S_IFLNK: 0o120000,
};

/// A path argument: a string, a Buffer, or a file: URL.
function pathOf(path, name = 'path') {
  if (typeof path === 'string') return path;
  if (path instanceof Uint8Array) return Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString();
  if (path instanceof URL) {
    if (path.protocol !== 'file:') throw codedError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
    return decodeURIComponent(path.pathname);
  }
  throw invalidArgType(name, 'of type string or an instance of Buffer or URL', path);
}

function encodingOf(options, fallback) {
  if (typeof options === 'string') return options;
  if (options !== null && typeof options === 'object' && options.encoding != null) return options.encoding;
  return fallback;
}

function flagOf(options, fallback) {
  return options !== null && typeof options === 'object' && options.flag !== undefined ? String(options.flag) : fallback;
}

function bufferOf(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function dataBytes(data, encoding) {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

// --- Stats and directory entries --------------------------------------------------------------

const KIND_MODES = [0o100000, 0o100644, 0o40755, 0o120777];

export class Stats {
  constructor(raw) {
    const [kind, size, mtimeMs, atimeMs, ctimeMs, birthtimeMs] = raw;
    this.dev = 0;
    this.mode = KIND_MODES[kind] ?? 0o100644;
    this.nlink = 1;
    this.uid = 0;
    this.gid = 0;
    this.rdev = 0;
    this.blksize = 4096;
    this.ino = 0;
    this.size = size;
    this.blocks = Math.ceil(size / 512);
    this.atimeMs = atimeMs;
    this.mtimeMs = mtimeMs;
    this.ctimeMs = ctimeMs;
    this.birthtimeMs = birthtimeMs;
    this.atime = new Date(atimeMs);
    this.mtime = new Date(mtimeMs);
    this.ctime = new Date(ctimeMs);
    this.birthtime = new Date(birthtimeMs);
  }

  isFile() { return (this.mode & constants.S_IFMT) === constants.S_IFREG; }
  isDirectory() { return (this.mode & constants.S_IFMT) === constants.S_IFDIR; }
  isSymbolicLink() { return (this.mode & constants.S_IFMT) === constants.S_IFLNK; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
}

export class Dirent {
  #kind;

  constructor(name, kind, parentPath) {
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this.#kind = kind;
  }

  isFile() { return this.#kind === 1; }
  isDirectory() { return this.#kind === 2; }
  isSymbolicLink() { return this.#kind === 3; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
}

/// Runs `fn` and, if it throws a system error from `from`, reports it as `to` (the native
/// layer names the call it made; Node names the one the program made).
function asSyscall(from, to, fn) {
  try {
    return fn();
  } catch (e) {
    if (e && e.syscall === from) {
      e.syscall = to;
      e.message = e.message.replace(`, ${from} '`, `, ${to} '`);
    }
    throw e;
  }
}

// --- Synchronous API --------------------------------------------------------------------------

export function readFileSync(path, options) {
  const encoding = encodingOf(options, null);
  let bytes;
  if (typeof path === 'number') {
    const parts = [];
    for (;;) {
      const chunk = native.fsRead(path, 65536, -1);
      if (chunk.length === 0) break;
      parts.push(chunk);
    }
    bytes = Buffer.concat(parts);
  } else {
    bytes = bufferOf(native.fsReadFile(pathOf(path)));
  }
  return encoding && encoding !== 'buffer' ? bytes.toString(encoding) : bytes;
}

/// writeFileSync and appendFileSync: they differ only in the flag used when none is given.
function writeWhole(path, data, options, defaultFlag) {
  const bytes = dataBytes(data, encodingOf(options, 'utf8'));
  if (typeof path === 'number') {
    native.fsWrite(path, bytes, -1);
    return;
  }
  native.fsWriteFile(pathOf(path), bytes, flagOf(options, defaultFlag));
}

export function writeFileSync(path, data, options) { writeWhole(path, data, options, 'w'); }
export function appendFileSync(path, data, options) { writeWhole(path, data, options, 'a'); }

export function existsSync(path) {
  try {
    return native.fsExists(pathOf(path));
  } catch {
    return false;
  }
}

function statWith(path, options, follow) {
  const p = pathOf(path);
  try {
    return new Stats(native.fsStat(p, follow));
  } catch (e) {
    if (e && e.code === 'ENOENT' && options && options.throwIfNoEntry === false) return undefined;
    throw e;
  }
}

export function statSync(path, options) { return statWith(path, options, true); }
export function lstatSync(path, options) { return statWith(path, options, false); }
export function fstatSync(fd) { return new Stats(native.fsFstat(fd)); }

export function accessSync(path, mode) {
  const p = pathOf(path);
  asSyscall('stat', 'access', () => native.fsStat(p, true));
}

export function readdirSync(path, options) {
  const p = pathOf(path);
  const [names, kinds] = native.fsReaddir(p);
  const encoding = encodingOf(options, 'utf8');
  if (options && typeof options === 'object' && options.withFileTypes) {
    return names.map((name, i) => new Dirent(name, kinds[i], p));
  }
  return encoding === 'buffer' ? names.map((n) => Buffer.from(n)) : names;
}

export function mkdirSync(path, options) {
  const recursive = options !== null && typeof options === 'object' && Boolean(options.recursive);
  const first = native.fsMkdir(pathOf(path), recursive);
  return recursive ? first : undefined;
}

export function rmSync(path, options) {
  const p = pathOf(path);
  const recursive = Boolean(options && options.recursive);
  const force = Boolean(options && options.force);
  let stats;
  try {
    stats = asSyscall('lstat', 'rm', () => native.fsStat(p, false));
  } catch (e) {
    if (force && e && e.code === 'ENOENT') return;
    throw e;
  }
  if (stats[0] === 2 && !recursive) {
    const err = codedError(Error, 'ERR_FS_EISDIR', `Path is a directory: rm returned EISDIR (is a directory) ${p}`);
    err.errno = 21;
    err.syscall = 'rm';
    err.path = p;
    throw err;
  }
  native.fsRemove(p, 2);
}

export function rmdirSync(path, options) {
  native.fsRemove(pathOf(path), options && options.recursive ? 2 : 1);
}

export function unlinkSync(path) {
  native.fsRemove(pathOf(path), 0);
}

export function renameSync(oldPath, newPath) {
  native.fsRename(pathOf(oldPath, 'oldPath'), pathOf(newPath, 'newPath'));
}

export function copyFileSync(src, dest, mode = 0) {
  native.fsCopyFile(pathOf(src, 'src'), pathOf(dest, 'dest'), (mode & constants.COPYFILE_EXCL) !== 0);
}

export function realpathSync(path) {
  const p = pathOf(path);
  asSyscall('stat', 'realpath', () => native.fsStat(p, true));
  return resolvePath(p);
}

export function mkdtempSync(prefix) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  for (let attempt = 0; ; attempt++) {
    const bytes = native.randomBytes(6);
    let suffix = '';
    for (const b of bytes) suffix += chars[b % chars.length];
    const dir = `${pathOf(prefix, 'prefix')}${suffix}`;
    try {
      native.fsMkdir(dir, false);
      return dir;
    } catch (e) {
      if (!(e && e.code === 'EEXIST') || attempt > 100) throw e;
    }
  }
}

export function openSync(path, flags = 'r') {
  return native.fsOpen(pathOf(path), typeof flags === 'string' ? flags : 'r');
}

export function closeSync(fd) {
  native.fsClose(fd);
}

/// readSync(fd, buffer, offset, length, position) or readSync(fd, buffer, { offset, length,
/// position }): bytes read into `buffer`.
export function readSync(fd, buffer, offset = 0, length, position = null) {
  if (offset !== null && typeof offset === 'object') ({ offset = 0, length, position = null } = offset);
  if (!ArrayBuffer.isView(buffer)) throw invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
  const target = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (length === undefined) length = target.length - offset;
  const bytes = native.fsRead(fd, length, typeof position === 'number' ? position : -1);
  target.set(bytes, offset);
  return bytes.length;
}

export function writeSync(fd, data, offsetOrPosition, lengthOrEncoding, position) {
  let bytes;
  let pos = -1;
  if (typeof data === 'string') {
    bytes = Buffer.from(data, typeof lengthOrEncoding === 'string' ? lengthOrEncoding : 'utf8');
    if (typeof offsetOrPosition === 'number') pos = offsetOrPosition;
  } else {
    bytes = dataBytes(data);
    const offset = typeof offsetOrPosition === 'number' ? offsetOrPosition : 0;
    const length = typeof lengthOrEncoding === 'number' ? lengthOrEncoding : bytes.length - offset;
    bytes = bytes.subarray(offset, offset + length);
    if (typeof position === 'number') pos = position;
  }
  return native.fsWrite(fd, bytes, pos);
}

function checkBuffers(buffers) {
  if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
    throw invalidArgType('buffers', 'an ArrayBufferView[]', buffers);
  }
}

/// Reads into each buffer in turn until one is not filled; returns the bytes read.
export function readvSync(fd, buffers, position = null) {
  checkBuffers(buffers);
  let total = 0;
  for (const buffer of buffers) {
    const at = typeof position === 'number' ? position + total : null;
    const n = readSync(fd, buffer, 0, buffer.byteLength, at);
    total += n;
    if (n < buffer.byteLength) break;
  }
  return total;
}

/// Writes every buffer in turn; returns the bytes written.
export function writevSync(fd, buffers, position = null) {
  checkBuffers(buffers);
  let total = 0;
  for (const buffer of buffers) {
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    total += native.fsWrite(fd, bytes, typeof position === 'number' ? position + total : -1);
  }
  return total;
}

// Truncation, syncing, links, times, modes.

function lengthOf(len) {
  if (len === undefined || len === null) return 0;
  if (typeof len !== 'number') throw invalidArgType('len', 'of type number', len);
  return Math.max(0, Math.floor(len));
}

/// A time for utimes: seconds since the epoch, a numeric string, or a Date.
function timeOf(t, name) {
  if (t instanceof Date) return t.getTime() / 1000;
  if (typeof t === 'number') return t;
  if (typeof t === 'string' && t.trim() !== '' && !Number.isNaN(Number(t))) return Number(t);
  throw invalidArgType(name, 'of type number or an instance of Date', t);
}

export function truncateSync(path, len) {
  if (typeof path === 'number') return ftruncateSync(path, len);
  return native.fsTruncate(pathOf(path), lengthOf(len));
}
export function ftruncateSync(fd, len) { native.fsFtruncate(fd, lengthOf(len)); }
export function fsyncSync(fd) { native.fsSync(fd, false); }
export function fdatasyncSync(fd) { native.fsSync(fd, true); }
export function symlinkSync(target, path) { native.fsSymlink(pathOf(target, 'target'), pathOf(path)); }
export function readlinkSync(path, options) {
  const target = native.fsReadlink(pathOf(path));
  return encodingOf(options, 'utf8') === 'buffer' ? Buffer.from(target) : target;
}
export function linkSync(existingPath, newPath) { native.fsLink(pathOf(existingPath, 'existingPath'), pathOf(newPath, 'newPath')); }
export function utimesSync(path, atime, mtime) { native.fsUtimes(pathOf(path), timeOf(atime, 'atime'), timeOf(mtime, 'mtime')); }
export function futimesSync(fd, atime, mtime) { native.fsFutimes(fd, timeOf(atime, 'atime'), timeOf(mtime, 'mtime')); }
export function lutimesSync(path, atime, mtime) { utimesSync(path, atime, mtime); }
/// Modes: natively as given; WASI has none (ENOTSUP).
export function chmodSync(path, mode) { native.fsChmod(pathOf(path), modeOf(mode)); }

function modeOf(mode) {
  const m = typeof mode === 'string' ? parseInt(mode, 8) : mode;
  if (typeof m !== 'number' || Number.isNaN(m)) throw invalidArgType('mode', 'of type number', mode);
  return m & 0o7777;
}

export function fchmodSync(fd, mode) { native.fsFchmod(fd, modeOf(mode)); }

function checkOwner(id, name) {
  if (typeof id !== 'number') throw invalidArgType(name, 'of type number', id);
  if (!Number.isInteger(id) || id < -1 || id > 0xffffffff) {
    throw outOfRange(name, '>= -1 && <= 4294967295', id);
  }
}

/// Owners: natively as given (-1 keeps one); WASI has none (ENOTSUP).
export function chownSync(path, uid, gid) {
  checkOwner(uid, 'uid');
  checkOwner(gid, 'gid');
  native.fsChown(pathOf(path), uid, gid, true);
}
export function lchownSync(path, uid, gid) {
  checkOwner(uid, 'uid');
  checkOwner(gid, 'gid');
  native.fsChown(pathOf(path), uid, gid, false);
}
export function fchownSync(fd, uid, gid) {
  checkOwner(uid, 'uid');
  checkOwner(gid, 'gid');
  native.fsFchown(fd, uid, gid);
}

/// An open directory: its entries, read one at a time (opendir).
export class Dir {
  #entries;
  #at = 0;
  #closed = false;

  constructor(path) {
    this.path = path;
    this.#entries = readdirSync(path, { withFileTypes: true });
  }

  readSync() {
    if (this.#closed) throw codedError(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');
    return this.#at < this.#entries.length ? this.#entries[this.#at++] : null;
  }

  read(callback) {
    if (typeof callback === 'function') {
      let entry = null;
      let error = null;
      try { entry = this.readSync(); } catch (e) { error = e; }
      process.nextTick(callback, error, entry);
      return undefined;
    }
    return new Promise((resolve, reject) => {
      try { resolve(this.readSync()); } catch (e) { reject(e); }
    });
  }

  closeSync() {
    if (this.#closed) throw codedError(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');
    this.#closed = true;
  }

  close(callback) {
    if (typeof callback === 'function') {
      let error = null;
      try { this.closeSync(); } catch (e) { error = e; }
      process.nextTick(callback, error);
      return undefined;
    }
    return new Promise((resolve, reject) => {
      try { this.closeSync(); resolve(); } catch (e) { reject(e); }
    });
  }

  async* [Symbol.asyncIterator]() {
    try {
      for (let entry = this.readSync(); entry !== null; entry = this.readSync()) yield entry;
    } finally {
      if (!this.#closed) this.closeSync();
    }
  }
}

export function opendirSync(path) { return new Dir(pathOf(path)); }

/// `fs.cpSync(src, dest, options)`: a file, or with `recursive` a directory tree; `force`
/// (default true) overwrites, `errorOnExist` with force false makes an existing target an
/// error, `filter(src, dest)` skips what it refuses.
export function cpSync(src, dest, options = {}) {
  const from = pathOf(src, 'src');
  const to = pathOf(dest, 'dest');
  const force = options.force !== false;
  const copy = (a, b) => {
    if (typeof options.filter === 'function' && !options.filter(a, b)) return;
    const st = lstatSync(a);
    if (st.isDirectory()) {
      if (!options.recursive) {
        const err = codedError(Error, 'ERR_FS_EISDIR', `Recursive option is required to copy a directory: cp returned EISDIR (${a} is a directory (not copied)) ${a}`);
        err.errno = 21;
        err.syscall = 'cp';
        err.path = a;
        throw err;
      }
      mkdirSync(b, { recursive: true });
      for (const name of readdirSync(a)) copy(`${a}/${name}`, `${b}/${name}`);
      return;
    }
    if (existsSync(b)) {
      if (!force) {
        if (options.errorOnExist) {
          const err = codedError(Error, 'ERR_FS_CP_EEXIST', `Target already exists: cp returned EEXIST (${b} already exists) ${b}`);
          err.errno = 17;
          err.syscall = 'cp';
          err.path = b;
          throw err;
        }
        return;
      }
    }
    copyFileSync(a, b);
    if (options.preserveTimestamps) utimesSync(b, st.atimeMs / 1000, st.mtimeMs / 1000);
  };
  copy(from, to);
}

// --- Callback API -----------------------------------------------------------------------------

/// The callback form of a synchronous function: its result or error on a later tick.
function withCallback(sync) {
  return function (...args) {
    const callback = args.pop();
    validateFunction(callback, 'cb');
    let result;
    let error = null;
    try {
      result = sync(...args);
    } catch (e) {
      error = e;
    }
    process.nextTick(callback, error, result);
  };
}

export const readFile = withCallback(readFileSync);
export const writeFile = withCallback(writeFileSync);
export const appendFile = withCallback(appendFileSync);
export const stat = withCallback(statSync);
export const lstat = withCallback(lstatSync);
export const fstat = withCallback(fstatSync);
export const access = withCallback(accessSync);
export const readdir = withCallback(readdirSync);
export const mkdir = withCallback(mkdirSync);
export const rm = withCallback(rmSync);
export const rmdir = withCallback(rmdirSync);
export const unlink = withCallback(unlinkSync);
export const rename = withCallback(renameSync);
export const copyFile = withCallback(copyFileSync);
export const realpath = withCallback(realpathSync);
export const mkdtemp = withCallback(mkdtempSync);
export const open = withCallback(openSync);
export const close = withCallback(closeSync);
export const truncate = withCallback(truncateSync);
export const ftruncate = withCallback(ftruncateSync);
export const fsync = withCallback(fsyncSync);
export const fdatasync = withCallback(fdatasyncSync);
export const symlink = withCallback(symlinkSync);
export const readlink = withCallback(readlinkSync);
export const link = withCallback(linkSync);
export const utimes = withCallback(utimesSync);
export const futimes = withCallback(futimesSync);
export const lutimes = withCallback(lutimesSync);
export const chmod = withCallback(chmodSync);
export const fchmod = withCallback(fchmodSync);

function vectored(syncFn) {
  return (fd, buffers, position, callback) => {
    if (typeof position === 'function') { callback = position; position = null; }
    validateFunction(callback, 'callback');
    let n;
    try { n = syncFn(fd, buffers, position); } catch (err) { process.nextTick(callback, err); return; }
    process.nextTick(callback, null, n, buffers);
  };
}
export const readv = vectored(readvSync);
export const writev = vectored(writevSync);
export const chown = withCallback(chownSync);
export const lchown = withCallback(lchownSync);
export const fchown = withCallback(fchownSync);
export const opendir = withCallback(opendirSync);
export const cp = withCallback(cpSync);

/// Deprecated in Node but still used: the callback gets only a boolean.
export function exists(path, callback) {
  validateFunction(callback, 'cb');
  process.nextTick(callback, existsSync(path));
}

// --- Promise API ------------------------------------------------------------------------------

export class FileHandle {
  #fd;

  constructor(fd) { this.#fd = fd; }
  get fd() { return this.#fd; }
  async readFile(options) { return readFileSync(this.#fd, options); }
  async writeFile(data, options) { writeFileSync(this.#fd, data, options); }
  async appendFile(data, options) { appendFileSync(this.#fd, data, options); }
  async stat() { return fstatSync(this.#fd); }
  async truncate(len) { ftruncateSync(this.#fd, len); }
  async sync() { fsyncSync(this.#fd); }
  async datasync() { fdatasyncSync(this.#fd); }
  async utimes(atime, mtime) { futimesSync(this.#fd, atime, mtime); }
  async chmod(mode) { fchmodSync(this.#fd, mode); }
  async readv(buffers, position) { return { bytesRead: readvSync(this.#fd, buffers, position), buffers }; }
  async writev(buffers, position) { return { bytesWritten: writevSync(this.#fd, buffers, position), buffers }; }
  async chown(uid, gid) { fchownSync(this.#fd, uid, gid); }
  async read(buffer, offset, length, position) {
    if (buffer === undefined) buffer = Buffer.alloc(16384);
    const bytesRead = readSync(this.#fd, buffer, offset, length, position);
    return { bytesRead, buffer };
  }
  async write(data, ...rest) {
    const bytesWritten = writeSync(this.#fd, data, ...rest);
    return { bytesWritten, buffer: data };
  }
  async close() {
    if (this.#fd !== -1) { closeSync(this.#fd); this.#fd = -1; }
  }
  async [Symbol.asyncDispose]() { await this.close(); }
}

/// The promise form of a synchronous function.
function withPromise(sync) {
  return async (...args) => sync(...args);
}

export const promises = {
  readFile: withPromise(readFileSync),
  writeFile: withPromise(writeFileSync),
  appendFile: withPromise(appendFileSync),
  stat: withPromise(statSync),
  lstat: withPromise(lstatSync),
  access: withPromise(accessSync),
  readdir: withPromise(readdirSync),
  mkdir: withPromise(mkdirSync),
  rm: withPromise(rmSync),
  rmdir: withPromise(rmdirSync),
  unlink: withPromise(unlinkSync),
  rename: withPromise(renameSync),
  copyFile: withPromise(copyFileSync),
  realpath: withPromise(realpathSync),
  mkdtemp: withPromise(mkdtempSync),
  truncate: withPromise(truncateSync),
  symlink: withPromise(symlinkSync),
  readlink: withPromise(readlinkSync),
  link: withPromise(linkSync),
  utimes: withPromise(utimesSync),
  lutimes: withPromise(lutimesSync),
  chmod: withPromise(chmodSync),
  chown: withPromise(chownSync),
  lchown: withPromise(lchownSync),
  opendir: withPromise(opendirSync),
  cp: withPromise(cpSync),
  open: async (path, flags) => new FileHandle(openSync(path, flags)),
  constants,
};

// --- Streams ----------------------------------------------------------------------------------

export class ReadStream extends Readable {
  constructor(path, options) {
    if (typeof options === 'string') options = { encoding: options };
    options = options || {};
    super({ highWaterMark: options.highWaterMark ?? 65536, encoding: options.encoding });
    this.path = typeof options.fd === 'number' ? undefined : pathOf(path);
    this.fd = typeof options.fd === 'number' ? options.fd : null;
    this.flags = options.flags ?? 'r';
    this.start = options.start;
    this.end = options.end ?? Infinity;
    this.pos = this.start;
    this.bytesRead = 0;
    this.autoClose = options.autoClose !== false;
    this.pending = this.fd === null;
    this._wantRead = false;
    if (this.fd === null) process.nextTick(() => this._open());
  }

  _open() {
    if (this.destroyed) return;
    try {
      this.fd = native.fsOpen(this.path, this.flags);
    } catch (e) {
      this.destroy(e);
      return;
    }
    this.pending = false;
    this.emit('open', this.fd);
    this.emit('ready');
    if (this._wantRead) { this._wantRead = false; this._read(this.readableHighWaterMark); }
  }

  _read(size) {
    if (this.fd === null) { this._wantRead = true; return; }
    let want = size;
    if (this.end !== Infinity) {
      const from = this.pos ?? this.bytesRead;
      want = Math.min(size, this.end - from + 1);
      if (want <= 0) { this.push(null); return; }
    }
    let bytes;
    try {
      bytes = native.fsRead(this.fd, want, this.pos === undefined ? -1 : this.pos);
    } catch (e) {
      this.destroy(e);
      return;
    }
    if (this.pos !== undefined) this.pos += bytes.length;
    this.bytesRead += bytes.length;
    this.push(bytes.length === 0 ? null : bufferOf(bytes));
  }

  _destroy(err, cb) {
    if (this.fd !== null && this.autoClose) {
      try { native.fsClose(this.fd); } catch { /* already closed */ }
      this.fd = null;
    }
    cb(err);
  }

  close(cb) { this.destroy(null, cb); }
}

export class WriteStream extends Writable {
  constructor(path, options) {
    if (typeof options === 'string') options = { encoding: options };
    options = options || {};
    super({ highWaterMark: options.highWaterMark, decodeStrings: true, defaultEncoding: options.encoding });
    this.path = typeof options.fd === 'number' ? undefined : pathOf(path);
    this.flags = options.flags ?? 'w';
    this.bytesWritten = 0;
    this.autoClose = options.autoClose !== false;
    this.pending = false;
    this.fd = typeof options.fd === 'number' ? options.fd : native.fsOpen(this.path, this.flags);
    process.nextTick(() => { this.emit('open', this.fd); this.emit('ready'); });
  }

  _write(chunk, encoding, cb) {
    try {
      this.bytesWritten += native.fsWrite(this.fd, dataBytes(chunk, encoding), -1);
      cb();
    } catch (e) {
      cb(e);
    }
  }

  _destroy(err, cb) {
    if (this.fd !== null && this.autoClose) {
      try { native.fsClose(this.fd); } catch { /* already closed */ }
      this.fd = null;
    }
    cb(err);
  }

  close(cb) {
    if (cb) this.once('close', cb);
    this.end();
  }
}

export function createReadStream(path, options) { return new ReadStream(path, options); }
export function createWriteStream(path, options) { return new WriteStream(path, options); }

// The access modes, also on the module itself as in Node.
export const { F_OK, R_OK, W_OK, X_OK } = constants;

/// fs.read(fd, buffer, offset, length, position, callback), on readSync.
export function read(fd, buffer, offset, length, position, callback) {
  if (typeof buffer === 'function') { callback = buffer; buffer = Buffer.alloc(16384); offset = 0; length = buffer.length; position = null; }
  else if (typeof offset === 'function') { callback = offset; offset = 0; length = buffer.byteLength; position = null; }
  else if (offset !== null && typeof offset === 'object') {
    callback = length;
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
  }
  validateFunction(callback, 'callback');
  let n;
  try {
    n = readSync(fd, buffer, offset, length, position);
  } catch (err) {
    process.nextTick(callback, err);
    return;
  }
  process.nextTick(callback, null, n, buffer);
}

/// fs.write(fd, buffer or string, ...args, callback), on writeSync.
export function write(fd, data, ...args) {
  const callback = args.pop();
  validateFunction(callback, 'callback');
  let n;
  try {
    n = writeSync(fd, data, ...args);
  } catch (err) {
    process.nextTick(callback, err);
    return;
  }
  process.nextTick(callback, null, n, data);
}

const fs = {
  F_OK, R_OK, W_OK, X_OK, read, write, Dir,
  truncateSync, ftruncateSync, fsyncSync, fdatasyncSync, symlinkSync, readlinkSync, linkSync,
  utimesSync, futimesSync, lutimesSync, chmodSync, opendirSync, cpSync,
  truncate, ftruncate, fsync, fdatasync, symlink, readlink, link, utimes, futimes, lutimes, chmod,
  opendir, cp, fchmodSync, chownSync, lchownSync, fchownSync, fchmod, chown, lchown, fchown,
  readvSync, writevSync, readv, writev,
  constants, Stats, Dirent, ReadStream, WriteStream, FileHandle, promises,
  readFileSync, writeFileSync, appendFileSync, existsSync, statSync, lstatSync, fstatSync,
  accessSync, readdirSync, mkdirSync, rmSync, rmdirSync, unlinkSync, renameSync, copyFileSync,
  realpathSync, mkdtempSync, openSync, closeSync, readSync, writeSync,
  readFile, writeFile, appendFile, stat, lstat, fstat, access, readdir, mkdir, rm, rmdir, unlink,
  rename, copyFile, realpath, mkdtemp, open, close, exists, createReadStream, createWriteStream,
};
export default fs;
