// test-uncaught-error.js: an uncaught exception ends the program with exit status 1, after
// the output that came before it, and prints the error with its stack to stderr.
//
// @expect-exit: 1
// @expect-stdout: before the error
// @expect-stderr: Error: deliberately uncaught
// @expect-stderr:     at js-tests/test-uncaught-error.js:

print('before the error');
throw new Error('deliberately uncaught');
