// test-process-exit.js: process.exit(n) ends the program at once with status n, after 'exit'
// listeners ran; pending timers never fire; the global `exit` is the same.
//
// @expect-exit: 3
// @expect-stdout: before exit
// @expect-stdout: exit listener 3

process.on('exit', (code) => print(`exit listener ${code}`));
setTimeout(() => print('timer must not fire'), 10);
setTimeout(() => {
  print('before exit');
  exit(3);
  print('after exit must not print');
}, 1);
