// test-require-in-esm.js: require() in an ES module (this directory's package.json says
// "type": "module") is an uncaught ReferenceError worded as Node words it, with the way out.
//
// @expect-exit: 1
// @expect-stderr: ReferenceError: require is not defined in ES module scope, you can use import instead
// @expect-stderr: To treat it as a CommonJS script, rename it to use the '.cjs' file extension.

import 'node:fs';

require('node:fs');
