// test-ready-driver.js: the runner starts the @driver once the guest prints `READY <port>`,
// and hands it that port. (The guest has no sockets yet: the driver only checks the port.)
//
// @driver: test "$PORT" = 4321

print('starting');
print('READY 4321');
