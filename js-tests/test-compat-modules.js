// test-compat-modules.js: the modules a program may import for what WebAssembly under WASI
// lacks (child_process, worker_threads, cluster, dgram, http2, vm contexts, v8 serialisation,
// AsyncLocalStorage): they load, what can work works (tty.isatty, isMainThread, vm's
// runInThisContext, v8 heap figures, AsyncResource), the rest fails with
// ERR_FEATURE_UNAVAILABLE_ON_PLATFORM. And modules that work as in Node: diagnostics_channel
// (channels, tracing channels), punycode, constants, and additions to util, zlib, buffer,
// tls, events, net, stream, crypto.
import assert from './harness/assert.js';
import tty from 'node:tty';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import cluster from 'node:cluster';
import dc from 'node:diagnostics_channel';
import punycode from 'node:punycode';
import constants from 'node:constants';
import { AsyncResource, AsyncLocalStorage, createHook } from 'node:async_hooks';
import childProcess from 'node:child_process';
import vm from 'node:vm';
import v8 from 'node:v8';
import http2 from 'node:http2';
import dgram from 'node:dgram';
import zlib from 'node:zlib';
import util from 'node:util';
import { isUtf8, isAscii, transcode } from 'node:buffer';
import tls from 'node:tls';
import events from 'node:events';
import net from 'node:net';
import { PassThrough, destroy, isDestroyed } from 'node:stream';
import crypto from 'node:crypto';

const unavailable = { code: 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM' };

// What this runtime cannot do fails plainly.
assert.strictEqual(isMainThread, true);
assert.strictEqual(parentPort, null);
assert.throws(() => new Worker('./w.js'), unavailable);
assert.strictEqual(cluster.isPrimary, true);
assert.strictEqual(cluster.isWorker, false);
assert.throws(() => cluster.fork(), unavailable);
assert.throws(() => childProcess.execSync('ls'), unavailable);
assert.throws(() => childProcess.spawn('ls'), unavailable);
const execError = await new Promise((resolve) => childProcess.exec('ls', (err) => resolve(err)));
assert.strictEqual(execError.code, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM');
assert.throws(() => dgram.createSocket('udp4'), unavailable);
assert.throws(() => http2.connect('https://example.com'), unavailable);
assert.throws(() => vm.runInNewContext('1', {}), unavailable);
assert.throws(() => new AsyncLocalStorage(), unavailable);
assert.throws(() => v8.serialize({}), unavailable);

// What can work does.
assert.strictEqual(tty.isatty(1), false, 'standard output is a pipe under the test runner');
assert.strictEqual(tty.isatty(42), false);
assert.strictEqual(vm.runInThisContext('1 + 2'), 3);
assert.strictEqual(new vm.Script('[1, 2, 3].length').runInThisContext(), 3);
assert.strictEqual(vm.compileFunction('return a + b', ['a', 'b'])(2, 3), 5);
const heap = v8.getHeapStatistics();
assert.ok(heap.used_heap_size > 0 && heap.used_heap_size <= heap.total_heap_size);
const resource = new AsyncResource('TEST');
assert.strictEqual(resource.runInAsyncScope((a, b) => a + b, null, 40, 2), 42);
assert.strictEqual(resource.bind((x) => x * 2)(21), 42);
assert.ok(resource.asyncId() > 1);
assert.strictEqual(typeof createHook({ init() {} }).enable, 'function');

// diagnostics_channel.
{
  const channel = dc.channel('test:requests');
  assert.strictEqual(dc.channel('test:requests'), channel);
  assert.strictEqual(channel.hasSubscribers, false);
  const got = [];
  const onMessage = (message, name) => got.push([message.id, name]);
  dc.subscribe('test:requests', onMessage);
  assert.ok(dc.hasSubscribers('test:requests'));
  channel.publish({ id: 1 });
  assert.ok(dc.unsubscribe('test:requests', onMessage));
  channel.publish({ id: 2 });
  assert.deepStrictEqual(got, [[1, 'test:requests']]);
  const traced = dc.tracingChannel('test:op');
  const seen = [];
  traced.subscribe({ start: (c) => seen.push(`start ${c.n}`), end: (c) => seen.push(`end ${c.result}`), asyncEnd: (c) => seen.push(`asyncEnd ${c.result}`), error: (c) => seen.push(`error ${c.error.message}`) });
  assert.strictEqual(traced.traceSync((n) => n * 2, { n: 4 }, null, 4), 8);
  assert.strictEqual(await traced.tracePromise(async () => 'done', { n: 5 }), 'done');
  assert.throws(() => traced.traceSync(() => { throw new Error('bad'); }, { n: 6 }));
  assert.deepStrictEqual(seen, ['start 4', 'end 8', 'start 5', 'end undefined', 'asyncEnd done', 'start 6', 'error bad', 'end undefined']);
}

// punycode and constants, with Node's answers.
assert.strictEqual(punycode.encode('mañana'), 'maana-pta');
assert.strictEqual(punycode.decode('maana-pta'), 'mañana');
assert.strictEqual(punycode.toASCII('mañana.com'), 'xn--maana-pta.com');
assert.strictEqual(punycode.toUnicode('xn--maana-pta.com'), 'mañana.com');
assert.strictEqual(punycode.toASCII('user@mañana.com'), 'user@xn--maana-pta.com');
assert.deepStrictEqual(punycode.ucs2.decode('a☃'), [97, 9731]);
assert.strictEqual(constants.ENOENT, 2);
assert.strictEqual(constants.O_RDONLY, 0);
assert.strictEqual(constants.SIGTERM, 15);

// Additions to modules that were there.
assert.strictEqual(zlib.Z_SYNC_FLUSH, 2);
assert.strictEqual(zlib.GZIP, 3);
assert.ok(util.isString('x') && util.isNullOrUndefined(null) && !util.isPrimitive({}));
assert.ok(util.types.isInt16Array(new Int16Array(1)) && !util.types.isInt16Array(new Uint16Array(1)));
assert.ok(util.types.isNumberObject(Object(1)) && util.types.isMapIterator(new Map().keys()));
assert.ok(isUtf8(Buffer.from('héllo')) && !isUtf8(Buffer.from([0xff])));
assert.ok(isAscii(Buffer.from('abc')) && !isAscii(Buffer.from('é')));
assert.strictEqual(transcode(Buffer.from('hé'), 'utf8', 'latin1').toString('hex'), '68e9');
assert.strictEqual(tls.checkServerIdentity('a.example.com', { subject: { CN: 'x' }, subjectaltname: 'DNS:*.example.com' }), undefined);
const mismatch = tls.checkServerIdentity('b.other.com', { subject: { CN: 'x' }, subjectaltname: 'DNS:*.example.com' });
assert.strictEqual(mismatch.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
assert.ok(tls.checkServerIdentity('a.b.example.com', { subject: {}, subjectaltname: 'DNS:*.example.com' }) instanceof Error, 'a wildcard covers one label');
assert.strictEqual(tls.checkServerIdentity('127.0.0.1', { subject: {}, subjectaltname: 'IP Address:127.0.0.1' }), undefined);
assert.ok(tls.getCiphers().includes('tls_aes_128_gcm_sha256'));
const ac = new AbortController();
let aborted = 0;
events.addAbortListener(ac.signal, () => { aborted++; });
ac.abort();
assert.strictEqual(aborted, 1);
assert.strictEqual(net.getDefaultAutoSelectFamily(), false);
const pass = new PassThrough();
assert.strictEqual(isDestroyed(pass), false);
destroy(pass);
assert.strictEqual(isDestroyed(pass), true);
const secret = crypto.generateKeySync('hmac', { length: 256 });
assert.strictEqual(secret.symmetricKeySize, 32);
assert.throws(() => crypto.generateKeySync('aes', { length: 100 }), { code: 'ERR_INVALID_ARG_VALUE' });
assert.deepStrictEqual(crypto.getCipherInfo('aes-256-gcm'), { mode: 'gcm', name: 'aes-256-gcm', keyLength: 32, ivLength: 12, blockSize: 1 });
assert.strictEqual(crypto.getCipherInfo('no-such-cipher'), undefined);
console.log('ok');
