// test-module-not-found.js: a static import of a missing module fails the program with exit
// status 1 and names both the module and the importing file.
//
// @expect-exit: 1
// @expect-stderr: Cannot find module './fixtures/nowhere.js' imported from js-tests/test-module-not-found.js

import './fixtures/nowhere.js';
