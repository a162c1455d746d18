// test-websocket.js: the global WebSocket client against a WebSocket server written on
// Python's standard library (js-tests/peers/ws_server.py): the handshake and subprotocol,
// text (UTF-8) and binary messages as Blob or ArrayBuffer, a large message, fragments with a
// ping between them, pong answers, the closing handshake started by either side, the protocol
// errors that fail a connection (bad UTF-8, a masked server frame), a refused connection, and
// the constructor's and methods' errors.
//
// @peer ws: python3 js-tests/peers/ws_server.py
// @requires: python3

import assert from 'node:assert';

const { strictEqual, deepStrictEqual, ok, throws } = assert;
const url = `ws://127.0.0.1:${process.env.PEER_WS_PORT}/socket?x=1`;

function open(address, protocols) {
  const ws = new WebSocket(address, protocols);
  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(ws);
    ws.onerror = (e) => reject(e.error || new Error('error event'));
  });
}
const nextMessage = (ws) => new Promise((resolve) => ws.addEventListener('message', resolve, { once: true }));
const closed = (ws) => new Promise((resolve) => ws.addEventListener('close', resolve, { once: true }));

// Constructor and method errors.
throws(() => new WebSocket('ftp://127.0.0.1/'), { name: 'SyntaxError' });
throws(() => new WebSocket(`${url}#frag`), { name: 'SyntaxError' });
throws(() => new WebSocket(url, ['a b']), { name: 'SyntaxError' });
throws(() => new WebSocket(url, ['chat', 'chat']), { name: 'SyntaxError' });
const early = new WebSocket(url);
strictEqual(early.readyState, WebSocket.CONNECTING);
throws(() => early.send('too soon'), { name: 'InvalidStateError' });
throws(() => early.close(1001), { name: 'InvalidAccessError' });
throws(() => early.close(1000, 'x'.repeat(124)), { name: 'SyntaxError' });
const earlyClose = closed(early);
early.close();
strictEqual((await earlyClose).code, 1006);

// Handshake, subprotocol, echo of text and binary.
const ws = await open(url, ['chat', 'other']);
strictEqual(ws.readyState, WebSocket.OPEN);
strictEqual(ws.protocol, 'chat');
strictEqual(ws.extensions, '');
strictEqual(ws.url, url);
strictEqual(ws.bufferedAmount, 0);
strictEqual(ws.binaryType, 'blob');

let reply = nextMessage(ws);
ws.send('héllo, wörld ✓');
let msg = await reply;
ok(msg instanceof MessageEvent);
strictEqual(msg.data, 'héllo, wörld ✓');
strictEqual(msg.origin, `ws://127.0.0.1:${process.env.PEER_WS_PORT}`);

reply = nextMessage(ws);
ws.send(new Uint8Array([1, 2, 3, 250]));
msg = await reply;
ok(msg.data instanceof Blob);
deepStrictEqual([...new Uint8Array(await msg.data.arrayBuffer())], [1, 2, 3, 250]);

ws.binaryType = 'arraybuffer';
reply = nextMessage(ws);
ws.send(new Blob([new Uint8Array([9, 8, 7])]));
msg = await reply;
ok(msg.data instanceof ArrayBuffer);
deepStrictEqual([...new Uint8Array(msg.data)], [9, 8, 7]);

// A large message, and a large one sent (64 KiB+ lengths on both sides).
reply = nextMessage(ws);
ws.send('big:200000');
msg = await reply;
strictEqual(msg.data.byteLength, 200000);
const big = new Uint8Array(msg.data);
ok(big.every((b, i) => b === i % 251));
reply = nextMessage(ws);
ws.send('y'.repeat(70000));
strictEqual((await reply).data.length, 70000);

// Fragments with a ping between them; the server's ping gets our pong.
reply = nextMessage(ws);
ws.send('frag:a|b|c');
strictEqual((await reply).data, 'abc');
reply = nextMessage(ws);
ws.send('ping:hello');
strictEqual((await reply).data, 'pong-opcode-10:hello');

// The client closes: a clean close with its code and reason.
let done = closed(ws);
ws.close(1000, 'done');
strictEqual(ws.readyState, WebSocket.CLOSING);
let ev = await done;
ok(ev instanceof CloseEvent);
strictEqual(ev.wasClean, true);
strictEqual(ev.code, 1000);
strictEqual(ws.readyState, WebSocket.CLOSED);
ws.send('after close'); // counted, not sent, no error
ok(ws.bufferedAmount > 0);

// The server closes with a code and reason.
const second = await open(url);
strictEqual(second.protocol, '');
done = closed(second);
second.send('close:4001:bye now');
ev = await done;
deepStrictEqual([ev.wasClean, ev.code, ev.reason], [true, 4001, 'bye now']);

// Protocol errors fail the connection: error, then close 1006.
for (const trigger of ['bad-utf8', 'masked']) {
  const bad = await open(url);
  let errored = false;
  bad.onerror = () => { errored = true; };
  done = closed(bad);
  bad.send(trigger);
  ev = await done;
  strictEqual(errored, true, trigger);
  deepStrictEqual([ev.wasClean, ev.code], [false, 1006], trigger);
}

// Nothing listening: error and close, not a throw.
const refused = new WebSocket('ws://127.0.0.1:1/');
let refusedError = null;
refused.addEventListener('error', (e) => { refusedError = e; });
ev = await closed(refused);
ok(refusedError !== null);
deepStrictEqual([ev.wasClean, ev.code], [false, 1006]);

console.log('websocket ok');
