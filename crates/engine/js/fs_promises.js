// node:fs/promises: the promise forms of node:fs.

import { promises } from 'node:fs';

export const {
  readFile, writeFile, appendFile, stat, lstat, access, readdir, mkdir, rm, rmdir, unlink, rename,
  copyFile, realpath, mkdtemp, open, constants, truncate, symlink, readlink, link, utimes, lutimes,
  chmod, opendir, cp,
} = promises;
export default promises;
