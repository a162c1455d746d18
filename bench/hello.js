// Start-up: the smallest program that prints. Runs unchanged on this runtime and on Node.js.
console.log('hello, world');
