// test-util-events-extras.js: util.parseArgs (types, short forms and groups, multiple,
// defaults, positionals, tokens, allowNegative, Node's errors), util.styleText, util.debuglog
// with NODE_DEBUG, util.getSystemErrorName/Map, util.aborted; events.on (an async iterator
// that ends on a close event, throws on 'error' and on abort) and events.setMaxListeners.
// The same file passes under Node.js.
// @env: NODE_DEBUG=net,feat*

import assert from 'node:assert';
import { parseArgs, styleText, debuglog, getSystemErrorName, getSystemErrorMap, aborted } from 'node:util';
import { on, setMaxListeners, EventEmitter } from 'node:events';

const { strictEqual, deepStrictEqual, throws, rejects } = assert;
const plain = (r) => JSON.parse(JSON.stringify({ ...r, values: { ...r.values } }));

const options = {
  verbose: { type: 'boolean', short: 'v' },
  name: { type: 'string', short: 'n', default: 'anon' },
  tag: { type: 'string', multiple: true, short: 't' },
  color: { type: 'boolean' },
};
deepStrictEqual(plain(parseArgs({ args: ['-v', '--name', 'bob', '-t', 'a', '--tag=b', 'pos1', '--', '-x'], options, allowPositionals: true })),
  { values: { verbose: true, name: 'bob', tag: ['a', 'b'] }, positionals: ['pos1', '-x'] });
deepStrictEqual(plain(parseArgs({ args: ['-vnjoe'], options })), { values: { verbose: true, name: 'joe' }, positionals: [] });
deepStrictEqual(plain(parseArgs({ args: ['-vt', 'x'], options, tokens: true })), {
  values: { verbose: true, tag: ['x'], name: 'anon' },
  positionals: [],
  tokens: [
    { kind: 'option', name: 'verbose', rawName: '-v', index: 0 },
    { kind: 'option', name: 'tag', rawName: '-t', index: 0, value: 'x', inlineValue: false },
  ],
});
deepStrictEqual(plain(parseArgs({ args: [], options })), { values: { name: 'anon' }, positionals: [] });
deepStrictEqual(plain(parseArgs({ args: ['--unknown', 'p', '--z=1'], strict: false, options })),
  { values: { unknown: true, z: '1', name: 'anon' }, positionals: ['p'] });
deepStrictEqual(plain(parseArgs({ args: ['--no-color'], options, allowNegative: true })),
  { values: { color: false, name: 'anon' }, positionals: [] });
strictEqual(Object.getPrototypeOf(parseArgs({ args: [], options }).values), null);
const refused = [
  [['--nope'], 'ERR_PARSE_ARGS_UNKNOWN_OPTION', "Unknown option '--nope'"],
  [['-q'], 'ERR_PARSE_ARGS_UNKNOWN_OPTION', "Unknown option '-q'"],
  [['--name'], 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '-n, --name <value>' argument missing"],
  [['--verbose=yes'], 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '-v, --verbose' does not take an argument"],
  [['pos'], 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', "Unexpected argument 'pos'. This command does not take positional arguments"],
  [['--name', '--verbose'], 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
    "Option '--name' argument is ambiguous.\nDid you forget to specify the option argument for '--name'?\nTo specify an option argument starting with a dash use '--name=-XYZ'."],
];
for (const [args, code, message] of refused) {
  throws(() => parseArgs({ args, options }), { name: 'TypeError', code, message });
}

// styleText: plain text for a stream that is not a terminal, ANSI styles when asked anyway.
strictEqual(styleText('red', 'x'), 'x');
throws(() => styleText('red', 'x', { stream: {} }), { code: 'ERR_INVALID_ARG_TYPE' });
strictEqual(styleText(['bold', 'green'], 'y', { validateStream: false }), '\u001b[1m\u001b[32my\u001b[39m\u001b[22m');
throws(() => styleText('nocolor', 'x'), { code: 'ERR_INVALID_ARG_VALUE' });

// debuglog follows NODE_DEBUG (set for this file: net,feat*).
strictEqual(debuglog('net').enabled, true);
strictEqual(debuglog('feature').enabled, true);
strictEqual(debuglog('http').enabled, false);

strictEqual(getSystemErrorName(-2), 'ENOENT');
strictEqual(getSystemErrorName(-111), 'ECONNREFUSED');
deepStrictEqual(getSystemErrorMap().get(-13), ['EACCES', 'permission denied']);
throws(() => getSystemErrorName(2), { code: 'ERR_OUT_OF_RANGE' });

const controller = new AbortController();
const whenAborted = aborted(controller.signal, {});
controller.abort();
strictEqual((await whenAborted).type, 'abort');
strictEqual(await aborted(controller.signal, {}), undefined);

// events.on
const ticker = new EventEmitter();
setTimeout(() => { ticker.emit('tick', 1); ticker.emit('tick', 2, 'b'); ticker.emit('end'); }, 1);
const ticks = [];
for await (const args of on(ticker, 'tick', { close: ['end'] })) ticks.push(args);
deepStrictEqual(ticks, [[1], [2, 'b']]);
strictEqual(ticker.listenerCount('tick'), 0);
strictEqual(ticker.listenerCount('error'), 0);

const failing = new EventEmitter();
setTimeout(() => failing.emit('error', new Error('bad')), 1);
await rejects((async () => { for await (const _ of on(failing, 'x')) { /* none come */ } })(), { message: 'bad' });

const stopper = new AbortController();
setTimeout(() => stopper.abort(), 1);
await rejects((async () => { for await (const _ of on(new EventEmitter(), 'x', { signal: stopper.signal })) { /* none */ } })(),
  { name: 'AbortError', code: 'ABORT_ERR' });

const limited = new EventEmitter();
setMaxListeners(3, limited);
strictEqual(limited.getMaxListeners(), 3);

console.log('util and events extras ok');

// EventEmitterAsyncResource: an emitter with its own AsyncResource, whose listeners run in it.
{
  const events = await import('node:events');
  const { EventEmitterAsyncResource, EventEmitter } = events;
  assert.strictEqual(events.default.EventEmitterAsyncResource, EventEmitterAsyncResource);
  const e = new EventEmitterAsyncResource({ name: 'Job' });
  assert.ok(e instanceof EventEmitter);
  assert.strictEqual(typeof e.asyncId, 'number');
  assert.strictEqual(e.asyncResource.eventEmitter, e);
  const seen = [];
  e.on('step', (v) => seen.push(v));
  assert.strictEqual(e.emit('step', 1), true);
  assert.strictEqual(e.emit('nobody'), false);
  assert.deepStrictEqual(seen, [1]);
  assert.throws(() => new EventEmitterAsyncResource({}), { code: 'ERR_INVALID_ARG_TYPE' });
  class Sub extends EventEmitterAsyncResource {}
  assert.ok(new Sub() instanceof EventEmitterAsyncResource);
  e.emitDestroy();
}
