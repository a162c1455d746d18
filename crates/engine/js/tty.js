// node:tty: whether a file descriptor is a terminal (WASI reports the kind of each descriptor).
// Standard streams here are not terminal streams: ReadStream and WriteStream cannot be made.

import native from 'internal:native';
import { codedError } from 'internal:errors';

export function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2 && native.isatty(fd);
}

function noTerminal() {
  return codedError(Error, 'ERR_TTY_INIT_FAILED', 'TTY initialization failed: this runtime has no terminal streams');
}

export class ReadStream {
  constructor() { throw noTerminal(); }
}

export class WriteStream {
  constructor() { throw noTerminal(); }
}

export default { isatty, ReadStream, WriteStream };
