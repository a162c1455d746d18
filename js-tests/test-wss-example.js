// test-wss-example.js: examples/websocket.js given the test key and certificate: its server
// speaks wss: over node:https (the upgraded connection stays TLS) and its WebSocket client
// connects to it, exchanges its two messages and closes cleanly.
//
// @args: 0 js-tests/fixtures/tls/localhost.key js-tests/fixtures/tls/localhost.pem
// @env: NODE_EXTRA_CA_CERTS=js-tests/fixtures/tls/ca.pem
// @expect-stdout: client got: echo: hello
// @expect-stdout: client got: echo: WasmEdge
// @expect-stdout: closed: 1000 clean=true

await import('../examples/websocket.js');
