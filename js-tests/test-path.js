// test-path.js: node:path (POSIX) on a table of inputs whose results were taken from Node.js
// (its edge cases included: basename's suffix rules, dirname keeping a run of slashes);
// the same file passes under Node.js.

import path, { join, resolve } from 'node:path';
import assert from './harness/assert.js';

const cases = [
  ['normalize', ['/foo/bar//baz/asdf/quux/..'], '/foo/bar/baz/asdf'],
  ['normalize', [''], '.'],
  ['normalize', ['./a/../../b/'], '../b/'],
  ['normalize', ['/../a'], '/a'],
  ['normalize', ['a/./b/.'], 'a/b'],
  ['normalize', ['//'], '/'],
  ['join', ['/foo', 'bar', 'baz/asdf', 'quux', '..'], '/foo/bar/baz/asdf'],
  ['join', [], '.'],
  ['join', ['', ''], '.'],
  ['join', ['a', '', 'b/'], 'a/b/'],
  ['join', ['..', 'x'], '../x'],
  ['resolve', ['/foo/bar', './baz'], '/foo/bar/baz'],
  ['resolve', ['/foo/bar', '/tmp/file/'], '/tmp/file'],
  ['resolve', ['/a', 'b', '..', 'c/'], '/a/c'],
  ['resolve', ['/'], '/'],
  ['isAbsolute', ['/x'], true],
  ['isAbsolute', ['x/'], false],
  ['relative', ['/data/orandea/test/aaa', '/data/orandea/impl/bbb'], '../../impl/bbb'],
  ['relative', ['/a/b', '/a/b'], ''],
  ['relative', ['/a/b', '/a/b/c/d'], 'c/d'],
  ['relative', ['/a/b/c', '/'], '../../..'],
  ['dirname', ['/foo/bar/baz/asdf/quux'], '/foo/bar/baz/asdf'],
  ['dirname', ['/foo/bar/'], '/foo'],
  ['dirname', ['foo'], '.'],
  ['dirname', ['/foo'], '/'],
  ['dirname', [''], '.'],
  ['dirname', ['a//b//'], 'a/'],
  ['dirname', ['//a'], '//'],
  ['basename', ['/foo/bar/baz/asdf/quux.html'], 'quux.html'],
  ['basename', ['/foo/bar/baz/asdf/quux.html', '.html'], 'quux'],
  ['basename', ['/foo/bar/'], 'bar'],
  ['basename', ['/'], ''],
  ['basename', ['a.txt', 'a.txt'], ''],
  ['basename', ['/x/a.txt', 'a.txt'], 'a.txt'],
  ['basename', ['/a/b/', '.b'], 'b/'],
  ['extname', ['index.html'], '.html'],
  ['extname', ['index.coffee.md'], '.md'],
  ['extname', ['index.'], '.'],
  ['extname', ['index'], ''],
  ['extname', ['.index'], ''],
  ['extname', ['.index.md'], '.md'],
  ['extname', ['..'], ''],
  ['extname', ['a/b.c/'], '.c'],
  ['parse', ['/home/user/dir/file.txt'], { root: '/', dir: '/home/user/dir', base: 'file.txt', ext: '.txt', name: 'file' }],
  ['parse', ['file.txt'], { root: '', dir: '', base: 'file.txt', ext: '.txt', name: 'file' }],
  ['parse', ['./file'], { root: '', dir: '.', base: 'file', ext: '', name: 'file' }],
  ['parse', ['/'], { root: '/', dir: '/', base: '', ext: '', name: '' }],
  ['format', [{ root: '/ignored', dir: '/home/user/dir', base: 'file.txt' }], '/home/user/dir/file.txt'],
  ['format', [{ root: '/', base: 'file.txt', ext: 'ignored' }], '/file.txt'],
  ['format', [{ root: '/', name: 'file', ext: '.txt' }], '/file.txt'],
  ['format', [{ name: 'file', ext: 'txt' }], 'file.txt'],
];
for (const [fn, args, expected] of cases) {
  assert.deepStrictEqual(path[fn](...args), expected, `path.${fn}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
}
assert.strictEqual(path.sep, '/');
assert.strictEqual(path.delimiter, ':');
assert.strictEqual(path.posix, path);
assert.strictEqual(join('a', 'b'), 'a/b');
assert.ok(resolve('x').endsWith('/x'));
assert.ok(resolve('x').startsWith('/'));
assert.throws(() => path.join('a', 5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => path.basename(null), { code: 'ERR_INVALID_ARG_TYPE' });
