// test-uncaught-exception-handler.js: process.on('uncaughtException') and 'unhandledRejection'
// listeners take errors that would otherwise end the program.
//
// @expect-stdout: caught boom from timer
// @expect-stdout: caught rejection nope
// @expect-stdout: still running

process.on('uncaughtException', (err) => print(`caught ${err.message}`));
process.on('unhandledRejection', (reason) => print(`caught rejection ${reason.message}`));
setTimeout(() => { throw new Error('boom from timer'); }, 1);
setTimeout(() => { Promise.reject(new Error('nope')); }, 5);
setTimeout(() => print('still running'), 20);
