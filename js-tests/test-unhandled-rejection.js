// test-unhandled-rejection.js: a rejection nobody handles ends the program with status 1, but a
// rejection handled later in the same turn does not.
//
// @expect-exit: 1
// @expect-stdout: handled later ok
// @expect-stderr: Error: nobody handles this

const late = Promise.reject(new Error('handled later'));
setImmediate(() => {});
late.catch(() => print('handled later ok'));
setTimeout(() => {
  Promise.reject(new Error('nobody handles this'));
  setTimeout(() => print('must not run: the program ends at the unhandled rejection'), 50);
}, 5);
