// hello.js: the smallest program: a greeting and the arguments it was given.
//
//   cargo xtask run examples/hello.js some args
//   wasmedge --dir .:. wasmedge_quickjs.wasm examples/hello.js some args

print('Hello from QuickJS on WasmEdge!');
// argv[0] is the wasm, argv[1] this script: the rest are the program's own arguments.
console.log('arguments:', process.argv.slice(2));
