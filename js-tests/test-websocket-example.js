// test-websocket-example.js: examples/websocket.js (a WebSocket server on the 'upgrade' event
// and the global WebSocket client) exchanges its two messages and closes cleanly.
//
// @expect-stdout: client got: echo: hello
// @expect-stdout: client got: echo: WasmEdge
// @expect-stdout: closed: 1000 clean=true

await import('../examples/websocket.js');
