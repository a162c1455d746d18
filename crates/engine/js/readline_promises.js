// node:readline/promises: readline's Interface with a question() that returns a promise.

import { promises } from 'node:readline';

export const Interface = promises.Interface;
export const createInterface = promises.createInterface;
export default promises;
