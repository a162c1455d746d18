// node:timers/promises: the promise forms of node:timers.

import { promises } from 'node:timers';

export const { setTimeout, setImmediate, setInterval } = promises;
export const scheduler = {
  wait: (delay, options) => promises.setTimeout(delay, undefined, options),
  yield: () => promises.setImmediate(),
};
export default { setTimeout, setImmediate, setInterval, scheduler };
