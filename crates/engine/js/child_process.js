// node:child_process: WASI starts no processes. Every way to start one fails with
// ERR_FEATURE_UNAVAILABLE_ON_PLATFORM: the callback forms through their callback (on a later
// tick, as a failed start is reported in Node), the others by throwing.

import { EventEmitter } from 'node:events';
import { unavailable, refuse } from 'internal:unavailable';

export class ChildProcess extends EventEmitter {}

function withCallback(name) {
  return (...args) => {
    const callback = args.findLast((a) => typeof a === 'function');
    const err = unavailable(`child_process.${name}()`);
    if (!callback) throw err;
    process.nextTick(callback, err, '', '');
    return new ChildProcess();
  };
}

export const exec = withCallback('exec');
export const execFile = withCallback('execFile');
export const spawn = refuse('child_process.spawn()');
export const fork = refuse('child_process.fork()');
export const execSync = refuse('child_process.execSync()');
export const execFileSync = refuse('child_process.execFileSync()');
export const spawnSync = refuse('child_process.spawnSync()');

export default { ChildProcess, exec, execFile, spawn, fork, execSync, execFileSync, spawnSync };
