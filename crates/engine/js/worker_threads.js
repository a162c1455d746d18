// node:worker_threads: a WebAssembly instance runs one thread, so this is always the main
// thread; a Worker cannot be started (ERR_FEATURE_UNAVAILABLE_ON_PLATFORM). MessageChannel and
// BroadcastChannel work within the thread (internal:messaging).

import { codedError } from 'internal:errors';
import { MessageChannel, MessagePort, BroadcastChannel, receiveMessageOnPort } from 'internal:messaging';

export const isMainThread = true;
export const parentPort = null;
export const workerData = null;
export const threadId = 0;
export const resourceLimits = {};
export const SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');

const environmentData = new Map();
export function getEnvironmentData(key) { return environmentData.get(key); }
export function setEnvironmentData(key, value) {
  if (value === undefined) environmentData.delete(key);
  else environmentData.set(key, value);
}
export function markAsUntransferable() {}
export function isMarkedAsUntransferable() { return false; }
export { MessageChannel, MessagePort, BroadcastChannel, receiveMessageOnPort };

export class Worker {
  constructor() {
    throw codedError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'Worker threads are not available: a WebAssembly instance runs one thread');
  }
}

export default {
  isMainThread, parentPort, workerData, threadId, resourceLimits, SHARE_ENV, getEnvironmentData,
  setEnvironmentData, markAsUntransferable, isMarkedAsUntransferable, receiveMessageOnPort, Worker,
  MessageChannel, MessagePort, BroadcastChannel,
};
