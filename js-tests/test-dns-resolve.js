// test-dns-resolve.js: DNS queries (resolve*, reverse, Resolver) against a test DNS server on
// 127.0.0.1 (js-tests/peers/dns_server.py, TCP and UDP): every record type in the shape Node
// gives it, CNAME chains, compressed names, answers with TTLs, the errors each kind of failure
// gives (no such name, no records of the type, server failure, refusal, timeout, no server,
// cancel), many queries at once, servers as setServers takes and getServers shows them, and
// bad arguments. The same file passes under Node.js.
//
// @peer DNS: python3 js-tests/peers/dns_server.py
// @requires: python3
import dns from 'node:dns';
import dnsPromises from 'node:dns/promises';
import assert from './harness/assert.js';

const server = `127.0.0.1:${process.env.PEER_DNS_PORT}`;
// DNS_SERVER in the environment names the default servers, as WasmEdge's socket crate reads
// it (Node does not read it).
if (process.release.name !== 'node') {
  process.env.DNS_SERVER = `${server}, [::1]:5353`;
  assert.deepStrictEqual(new dns.Resolver().getServers(), [server, '[::1]:5353']);
  assert.deepStrictEqual(await new dnsPromises.Resolver().resolveNs('example.test'), ['ns1.example.test']);
}
// One try with a short wait, so the query that gets no answer fails soon.
const r = new dnsPromises.Resolver({ timeout: 1000, tries: 1 });
r.setServers([server]);
assert.deepStrictEqual(r.getServers(), [server]);

// Every record type.
assert.deepStrictEqual(await r.resolve4('example.test'), ['192.0.2.1', '192.0.2.2']);
assert.deepStrictEqual(await r.resolve4('example.test', { ttl: true }),
  [{ address: '192.0.2.1', ttl: 300 }, { address: '192.0.2.2', ttl: 300 }]);
assert.deepStrictEqual(await r.resolve6('example.test'), ['2001:db8::1', '2001:db8:0:1::ab']);
assert.deepStrictEqual(await r.resolve6('example.test', { ttl: true }),
  [{ address: '2001:db8::1', ttl: 600 }, { address: '2001:db8:0:1::ab', ttl: 600 }]);
assert.deepStrictEqual(await r.resolveMx('example.test'),
  [{ exchange: 'mail.example.test', priority: 10 }, { exchange: 'mx2.other.test', priority: 20 }]);
assert.deepStrictEqual(await r.resolveTxt('example.test'), [['v=spf1 -all'], ['part one ', 'part two']]);
assert.deepStrictEqual(await r.resolveNs('example.test'), ['ns1.example.test']);
assert.deepStrictEqual(await r.resolveSoa('example.test'), {
  nsname: 'ns1.example.test', hostmaster: 'hostmaster.example.test', serial: 2024010101,
  refresh: 7200, retry: 900, expire: 1209600, minttl: 86400,
});
assert.deepStrictEqual(await r.resolveCaa('example.test'), [{ critical: 0, issue: 'ca.example.net' }]);
assert.deepStrictEqual(await r.resolveNaptr('example.test'), [{
  flags: 'S', service: 'SIP+D2U', regexp: '', replacement: '_sip._udp.example.test', order: 100, preference: 10,
}]);
assert.deepStrictEqual(await r.resolveSrv('_http._tcp.example.test'), [
  { name: 'web.example.test', port: 8080, priority: 10, weight: 5 },
  { name: 'web2.example.test', port: 8081, priority: 20, weight: 0 },
]);
assert.deepStrictEqual(await r.resolveCname('alias.example.test'), ['example.test']);
// The server answers with the CNAME and the records it leads to.
assert.deepStrictEqual(await r.resolve4('alias.example.test'), ['192.0.2.1', '192.0.2.2']);
assert.deepStrictEqual(await r.resolvePtr('1.2.0.192.in-addr.arpa'), ['host.example.test', 'alias.example.test']);
assert.deepStrictEqual(await r.reverse('192.0.2.1'), ['host.example.test', 'alias.example.test']);
assert.deepStrictEqual(await r.reverse('2001:db8::1'), ['v6host.example.test']);
assert.deepStrictEqual(await r.resolve('example.test'), ['192.0.2.1', '192.0.2.2']);
assert.deepStrictEqual(await r.resolve('example.test', 'NS'), ['ns1.example.test']);
const any = await r.resolveAny('example.test');
assert.deepStrictEqual(any.map((a) => a.type),
  ['A', 'A', 'AAAA', 'AAAA', 'MX', 'MX', 'NS', 'TXT', 'TXT', 'NAPTR', 'SOA', 'CAA']);
assert.deepStrictEqual(any[0], { address: '192.0.2.1', ttl: 300, type: 'A' });
assert.deepStrictEqual(any[6], { value: 'ns1.example.test', type: 'NS' });
assert.deepStrictEqual(any[7], { entries: ['v=spf1 -all'], type: 'TXT' });

// Failures: each code, with the query and name in the error.
async function fails(promise, code, syscall, hostname) {
  await assert.rejects(promise, (e) => {
    assert.strictEqual(e.code, code);
    assert.strictEqual(e.syscall, syscall);
    assert.strictEqual(e.hostname, hostname);
    assert.strictEqual(e.message, `${syscall} ${code} ${hostname}`);
    return true;
  });
}
await fails(r.resolveMx('empty.example.test'), 'ENODATA', 'queryMx', 'empty.example.test');
await fails(r.resolve4('nope.test'), 'ENOTFOUND', 'queryA', 'nope.test');
await fails(r.resolve4('servfail.test'), 'ESERVFAIL', 'queryA', 'servfail.test');
await fails(r.resolve4('refused.test'), 'EREFUSED', 'queryA', 'refused.test');
await fails(r.resolve4('notimp.test'), 'ENOTIMP', 'queryA', 'notimp.test');
await fails(r.resolveAny('nope.test'), 'ENOTFOUND', 'queryAny', 'nope.test');
await fails(r.resolve4('slow.test'), 'ETIMEOUT', 'queryA', 'slow.test');
await fails(r.reverse('192.0.2.77'), 'ENOTFOUND', 'getHostByAddr', '192.0.2.77');
await assert.rejects(r.reverse('not-an-ip'), { code: 'EINVAL', syscall: 'getHostByAddr' });
// Answers that do not parse: a name that points at itself, an answer that is not there.
await fails(r.resolve4('loop.test'), 'EBADRESP', 'queryA', 'loop.test');
await fails(r.resolve4('short.test'), 'EBADRESP', 'queryA', 'short.test');
const nobody = new dnsPromises.Resolver({ timeout: 400, tries: 1 });
nobody.setServers(['127.0.0.1:1']);
await fails(nobody.resolve4('example.test'), 'ECONNREFUSED', 'queryA', 'example.test');
// cancel() ends the queries in flight.
const slow = r.resolve4('slow.test');
r.cancel();
await fails(slow, 'ECANCELLED', 'queryA', 'slow.test');

// Many queries in flight at once, each with its own answer.
const names = Array.from({ length: 24 }, (_, i) => (i % 2 ? 'example.test' : 'alias.example.test'));
const burst = new dnsPromises.Resolver({ timeout: 5000, tries: 2 });
burst.setServers([server]);
const answers = await Promise.all(names.map((n, i) => (i % 3 ? burst.resolve4(n) : burst.resolveCname('alias.example.test'))));
answers.forEach((a, i) => assert.deepStrictEqual(a, i % 3 ? ['192.0.2.1', '192.0.2.2'] : ['example.test']));

// The callback forms and the module's own resolver, shared by node:dns and node:dns/promises.
dns.setServers([server]);
assert.deepStrictEqual(dnsPromises.getServers(), [server]);
const viaCallback = await new Promise((resolve, reject) => {
  dns.resolveMx('example.test', (err, records) => (err ? reject(err) : resolve(records)));
});
assert.strictEqual(viaCallback[0].exchange, 'mail.example.test');
assert.deepStrictEqual(await dnsPromises.resolveSrv('_http._tcp.example.test').then((s) => s.length), 2);
const cr = new dns.Resolver({ timeout: 2000, tries: 1 });
cr.setServers([server]);
const notFound = await new Promise((resolve) => cr.resolve('nope.test', 'TXT', (err) => resolve(err)));
assert.strictEqual(notFound.code, 'ENOTFOUND');
assert.strictEqual(notFound.syscall, 'queryTxt');
const ptr = await new Promise((resolve, reject) => cr.reverse('192.0.2.1', (e, v) => (e ? reject(e) : resolve(v))));
assert.strictEqual(ptr[0], 'host.example.test');

// Servers: ports other than 53 are shown, duplicates dropped, bad addresses refused.
r.setServers(['127.0.0.1', '::1', '[::1]:53', '127.0.0.1:5353', '[2001:db8::1]:99']);
assert.deepStrictEqual(r.getServers(), ['127.0.0.1', '::1', '127.0.0.1:5353', '[2001:db8::1]:99']);
assert.throws(() => r.setServers(['nope']), { name: 'TypeError', code: 'ERR_INVALID_IP_ADDRESS', message: 'Invalid IP address: nope' });
assert.throws(() => r.setServers('127.0.0.1'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });

// Bad arguments throw at once.
assert.throws(() => r.resolve4(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => r.resolve('example.test', 'XX'), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => dns.resolve4('example.test'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => new dns.Resolver({ timeout: -5 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => dns.setDefaultResultOrder('random'), { code: 'ERR_INVALID_ARG_VALUE' });
assert.strictEqual(dns.getDefaultResultOrder(), 'verbatim');
assert.throws(() => dns.lookupService('127.0.0.1', 70000, () => {}), { name: 'RangeError', code: 'ERR_SOCKET_BAD_PORT' });
assert.strictEqual(dns.NOTFOUND, 'ENOTFOUND');
assert.strictEqual(dnsPromises.NODATA, 'ENODATA');

// lookupService: a loopback address and a well-known port, as getnameinfo names them.
assert.deepStrictEqual(await dnsPromises.lookupService('127.0.0.1', 22), { hostname: 'localhost', service: 'ssh' });
console.log('dns resolve ok');
