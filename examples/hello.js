// hello.js: the smallest program: a greeting and the arguments it was given.
//
//   cargo xtask run examples/hello.js some args
//   wasmedge --dir .:. wasmedge_quickjs.wasm examples/hello.js some args

print('Hello from QuickJS on WasmEdge!');
if (typeof process !== 'undefined' && Array.isArray(process.argv)) {
  // argv[0] is the wasm, argv[1] this script: the rest are the program's own arguments.
  print(`arguments: ${JSON.stringify(process.argv.slice(2))}`);
} else {
  print('arguments: (process.argv is not available in this build yet)');
}
