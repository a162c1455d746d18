// node:os: what a program under WASI can know of its host. WASI offers no host name, CPU list
// or memory figures, so those come from the environment (HOSTNAME, HOME, TMPDIR, USER) or
// describe the wasm machine itself: one thread, a 32-bit address space.

export const EOL = '\n';
export const devNull = '/dev/null';

const ADDRESS_SPACE = 2 ** 32;

function env(name) {
  const v = process.env[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function platform() { return process.platform; }
export function type() { return 'WASI'; }
export function arch() { return process.arch; }
export function machine() { return process.arch; }
export function release() { return process.versions.wasmedge_quickjs; }
export function version() { return `wasmedge_quickjs ${process.versions.wasmedge_quickjs}`; }
export function hostname() { return env('HOSTNAME') ?? 'localhost'; }
export function homedir() { return env('HOME') ?? '/'; }
export function endianness() { return 'LE'; }
export function loadavg() { return [0, 0, 0]; }
export function uptime() { return process.uptime(); }
export function availableParallelism() { return 1; }
export function networkInterfaces() { return {}; }
export function getPriority() { return 0; }
export function setPriority() {}

export function tmpdir() {
  let dir = env('TMPDIR') ?? env('TMP') ?? env('TEMP') ?? '/tmp';
  if (dir.length > 1 && dir.endsWith('/')) dir = dir.slice(0, -1);
  return dir;
}

/// The one thread a wasm instance runs on.
export function cpus() {
  return [{ model: process.arch, speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }];
}

/// The wasm32 address space, and what of it the instance does not use yet.
export function totalmem() { return ADDRESS_SPACE; }
export function freemem() { return Math.max(0, ADDRESS_SPACE - process.memoryUsage().rss); }

export function userInfo() {
  return { uid: -1, gid: -1, username: env('USER') ?? '', homedir: homedir(), shell: null };
}

export const constants = {
  signals: { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGPIPE: 13, SIGTERM: 15 },
  errno: {
    EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, EAGAIN: 11, EACCES: 13, EEXIST: 17, ENOTDIR: 20, EISDIR: 21,
    EINVAL: 22, ENOSPC: 28, EPIPE: 32, ENOTEMPTY: 39, EADDRINUSE: 98, ECONNRESET: 104, ETIMEDOUT: 110,
    ECONNREFUSED: 111,
  },
  priority: { PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20 },
};

export default {
  EOL, devNull, platform, type, arch, machine, release, version, hostname, homedir, tmpdir,
  endianness, loadavg, uptime, availableParallelism, networkInterfaces, getPriority, setPriority,
  cpus, totalmem, freemem, userInfo, constants,
};
