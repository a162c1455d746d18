// test-url.js: URL and URLSearchParams with WHATWG semantics; the legacy url.parse, url.format,
// url.resolve and urlToHttpOptions, with the answers Node gives (the file passes under Node).

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

// The legacy API.
{
  const fields = (u) => ({ protocol: u.protocol, slashes: u.slashes, auth: u.auth, host: u.host, port: u.port, hostname: u.hostname, hash: u.hash, search: u.search, query: u.query, pathname: u.pathname, path: u.path, href: u.href });
  assert.deepStrictEqual(fields(url.parse('/path/to?x=1&y=2#frag')), { protocol: null, slashes: null, auth: null, host: null, port: null, hostname: null, hash: '#frag', search: '?x=1&y=2', query: 'x=1&y=2', pathname: '/path/to', path: '/path/to?x=1&y=2', href: '/path/to?x=1&y=2#frag' });
  assert.deepStrictEqual(fields(url.parse('http://user:pw@Example.COM:8080/p/a/t/h?query=string#hash')), { protocol: 'http:', slashes: true, auth: 'user:pw', host: 'example.com:8080', port: '8080', hostname: 'example.com', hash: '#hash', search: '?query=string', query: 'query=string', pathname: '/p/a/t/h', path: '/p/a/t/h?query=string', href: 'http://user:pw@example.com:8080/p/a/t/h?query=string#hash' });
  // A request's url with its query parsed, as servers read it.
  const q = url.parse('/search?q=node+js&tag=a&tag=b&empty', true).query;
  assert.deepStrictEqual({ ...q }, { q: 'node js', tag: ['a', 'b'], empty: '' });
  assert.strictEqual(url.parse('http://[::1]:3000/x').hostname, '::1');
  assert.strictEqual(url.parse('http://example.com/a b<c>').pathname, '/a%20b%3Cc%3E');
  assert.strictEqual(url.parse('http://example.com\\back\\slash').pathname, '/back/slash');
  assert.strictEqual(url.parse('http://ünicode.example/').hostname, 'xn--nicode-2ya.example');
  assert.strictEqual(url.parse('mailto:someone@example.com').auth, 'someone');
  assert.strictEqual(url.parse('javascript:alert(1)').pathname, 'alert(1)');
  assert.strictEqual(url.parse('http://example.com:abc/').pathname, '/:abc/');
  assert.strictEqual(url.parse('//cdn.example.com/x.js').pathname, '//cdn.example.com/x.js');
  assert.strictEqual(url.parse('//cdn.example.com/x.js', false, true).host, 'cdn.example.com');
  assert.ok(url.parse('http://x/') instanceof url.Url);
  assert.throws(() => url.parse(42), { code: 'ERR_INVALID_ARG_TYPE' });
  // format.
  assert.strictEqual(url.format({ protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: { page: 1, format: 'json', a: ['x', 'y'] } }), 'https://example.com/some/path?page=1&format=json&a=x&a=y');
  assert.strictEqual(url.format({ protocol: 'http:', host: 'h:81', pathname: 'p', search: 'q=1', hash: 'x' }), 'http://h:81/p?q=1#x');
  assert.strictEqual(url.format(new URL('http://user:pw@host/p?q#h'), { auth: false, search: false, fragment: false }), 'http://host/p');
  assert.strictEqual(url.format('http://x.com/ a'), 'http://x.com/%20a');
  // resolve.
  for (const [from, to, want] of [['/one/two/three', 'four', '/one/two/four'], ['http://example.com/', '/one', 'http://example.com/one'], ['http://example.com/a/b', '../c', 'http://example.com/c'], ['http://example.com/a/b', '//other.com/x', 'http://other.com/x'], ['http://example.com/a/b?x', '?y', 'http://example.com/a/b?y'], ['one/two', 'three', 'one/three']]) {
    assert.strictEqual(url.resolve(from, to), want, `${from} + ${to}`);
  }
  assert.deepStrictEqual({ ...url.urlToHttpOptions(new URL('https://u:p@example.com:8443/a?b=1')) }, { protocol: 'https:', hostname: 'example.com', hash: '', search: '?b=1', pathname: '/a', path: '/a?b=1', href: 'https://u:p@example.com:8443/a?b=1', port: 8443, auth: 'u:p' });
  assert.strictEqual(url.domainToUnicode('xn--nicode-2ya.example'), 'ünicode.example');
  assert.strictEqual(url.domainToASCII('ünicode.example'), 'xn--nicode-2ya.example');
}
console.log('url ok');

// url.resolveObject: the legacy resolve, as a Url object.
{
  const r = url.resolveObject('http://a.com/b/c', '../d?x=1#h');
  assert.strictEqual(r.href, 'http://a.com/d?x=1#h');
  assert.strictEqual(r.pathname, '/d');
  assert.strictEqual(r.query, 'x=1');
  assert.strictEqual(url.resolveObject('', 'x'), 'x');
}
