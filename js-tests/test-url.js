// test-url.js: URL and URLSearchParams with WHATWG semantics.

import assert from 'node:assert';
import url, { URL as URL2, fileURLToPath } from 'node:url';

assert.strictEqual(URL2, URL);
assert.strictEqual(url.URLSearchParams, URLSearchParams);

const u = new URL('HTTP://User:Pw@Example.COM:8080/a/./b/../c?x=1&y=2#frag');
assert.strictEqual(u.href, 'http://User:Pw@example.com:8080/a/c?x=1&y=2#frag');
assert.strictEqual(u.protocol, 'http:');
assert.strictEqual(u.username, 'User');
assert.strictEqual(u.password, 'Pw');
assert.strictEqual(u.host, 'example.com:8080');
assert.strictEqual(u.hostname, 'example.com');
assert.strictEqual(u.port, '8080');
assert.strictEqual(u.pathname, '/a/c');
assert.strictEqual(u.search, '?x=1&y=2');
assert.strictEqual(u.hash, '#frag');
assert.strictEqual(u.origin, 'http://example.com:8080');
assert.strictEqual(String(u), u.href);
assert.strictEqual(JSON.stringify({ u }), `{"u":"${u.href}"}`);

assert.strictEqual(new URL('http://a.com:80/').port, '');
assert.strictEqual(new URL('../x?q', 'http://h/a/b/c').href, 'http://h/a/x?q');
assert.strictEqual(new URL('//other/p', 'https://h/').href, 'https://other/p');
assert.strictEqual(new URL('http://[::1]:3000/').hostname, '[::1]');
assert.strictEqual(new URL('http://xn--nxasmq6b.com/').hostname, 'xn--nxasmq6b.com');
assert.strictEqual(new URL('http://ÄÖÜ.com/').hostname, 'xn--4ca0bs.com');
assert.strictEqual(new URL('http://h/a b').pathname, '/a%20b');
assert.throws(() => new URL('not a url'), { name: 'TypeError', code: 'ERR_INVALID_URL' });
assert.throws(() => new URL('/relative'), { code: 'ERR_INVALID_URL' });
assert.strictEqual(URL.canParse('http://x'), true);
assert.strictEqual(URL.canParse('nope'), false);

// Setters.
const s = new URL('http://h/p');
s.port = '81';
s.pathname = '/q r';
s.search = 'a=1';
s.hash = 'h';
s.hostname = 'example.org';
assert.strictEqual(s.href, 'http://example.org:81/q%20r?a=1#h');
s.protocol = 'https';
assert.strictEqual(s.protocol, 'https:');
s.port = 'bad';
assert.strictEqual(s.port, '81');
s.href = 'http://new/';
assert.strictEqual(s.host, 'new');
assert.throws(() => { s.href = 'nope'; }, TypeError);

// searchParams stays in sync with the URL.
const q = new URL('http://h/?a=1&b=2&a=3');
assert.deepStrictEqual(q.searchParams.getAll('a'), ['1', '3']);
q.searchParams.append('c', 'x y&z');
assert.strictEqual(q.search, '?a=1&b=2&a=3&c=x+y%26z');
q.searchParams.delete('a');
assert.strictEqual(q.href, 'http://h/?b=2&c=x+y%26z');
q.search = '?n=1';
assert.strictEqual(q.searchParams.get('n'), '1');

const p = new URLSearchParams('?a=1&b=%20x+y&c=%E2%82%AC&d');
assert.strictEqual(p.get('b'), ' x y');
assert.strictEqual(p.get('c'), '€');
assert.strictEqual(p.get('d'), '');
assert.strictEqual(p.get('missing'), null);
assert.strictEqual(p.has('a'), true);
assert.strictEqual(p.size, 4);
p.set('a', '9');
p.sort();
assert.strictEqual(p.toString(), 'a=9&b=+x+y&c=%E2%82%AC&d=');
assert.deepStrictEqual([...new URLSearchParams({ x: '1', y: '2' })], [['x', '1'], ['y', '2']]);
assert.deepStrictEqual([...new URLSearchParams([['k', 'v'], ['k', 'w']]).values()], ['v', 'w']);
assert.strictEqual(new URLSearchParams({ s: "~!*()'" }).toString(), 's=%7E%21*%28%29%27');
assert.throws(() => new URLSearchParams([['only-one']]), TypeError);

assert.strictEqual(fileURLToPath('file:///tmp/a%20b'), '/tmp/a b');
print('url ok');
