// test-uncaught-error.js: an uncaught exception ends the program with exit status 1, after
// the output that came before it.
//
// @expect-exit: 1
// @expect-stdout: before the error

print('before the error');
throw new Error('deliberately uncaught');
