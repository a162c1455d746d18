// node:cluster: one process is the primary and the only one: fork() is not available
// (ERR_FEATURE_UNAVAILABLE_ON_PLATFORM); a server listens in the primary as usual.

import { EventEmitter } from 'node:events';
import { codedError } from 'internal:errors';

const cluster = new EventEmitter();
cluster.isPrimary = true;
cluster.isMaster = true;
cluster.isWorker = false;
cluster.workers = {};
cluster.settings = {};
cluster.SCHED_NONE = 1;
cluster.SCHED_RR = 2;
cluster.schedulingPolicy = 2;
cluster.setupPrimary = (settings) => { Object.assign(cluster.settings, settings); };
cluster.setupMaster = cluster.setupPrimary;
cluster.fork = () => {
  throw codedError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'cluster.fork() is not available: this runtime starts no processes');
};
cluster.disconnect = (callback) => { if (typeof callback === 'function') process.nextTick(callback); };

export const { isPrimary, isMaster, isWorker, workers, settings, fork, setupPrimary, setupMaster, disconnect } = cluster;
export default cluster;
