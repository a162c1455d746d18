// test-fs.js: node:fs and node:fs/promises on files in a scratch directory under the working
// directory (the one the host lets the program see): whole-file reads and writes, appends,
// stat, readdir with file types, mkdir -p, rename, copy, rm, file descriptors, streams (a
// file piped through an HTTP server), the callback and promise forms, and Node's errors. The
// same file passes under Node.js.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { readFileSync } from 'fs';
import http from 'node:http';
import path from 'node:path';
import assert from './harness/assert.js';
import { mustCall } from './harness/common.js';

const root = fs.mkdtempSync('target/fs-test-');
try {
  assert.ok(fs.statSync(root).isDirectory());
  const file = path.join(root, 'a.txt');

  fs.writeFileSync(file, 'héllo\n');
  fs.appendFileSync(file, Buffer.from('world'));
  assert.strictEqual(fs.readFileSync(file, 'utf8'), 'héllo\nworld');
  assert.deepStrictEqual([...readFileSync(file).subarray(0, 3)], [0x68, 0xc3, 0xa9]);
  assert.strictEqual(fs.readFileSync(file, { encoding: 'base64' }), Buffer.from('héllo\nworld').toString('base64'));
  assert.ok(fs.existsSync(file));
  assert.ok(!fs.existsSync(path.join(root, 'missing')));

  const st = fs.statSync(file);
  assert.ok(st.isFile() && !st.isDirectory());
  assert.strictEqual(st.size, 12);
  assert.ok(st.mtime instanceof Date && Math.abs(st.mtimeMs - Date.now()) < 60000);
  assert.strictEqual(fs.statSync(path.join(root, 'missing'), { throwIfNoEntry: false }), undefined);

  assert.throws(() => fs.readFileSync(path.join(root, 'missing')), (e) => {
    assert.strictEqual(e.code, 'ENOENT');
    assert.strictEqual(e.syscall, 'open');
    assert.strictEqual(e.errno, -2);
    assert.strictEqual(e.message, `ENOENT: no such file or directory, open '${path.join(root, 'missing')}'`);
    return true;
  });
  assert.throws(() => fs.writeFileSync(file, 'x', { flag: 'wx' }), { code: 'EEXIST' });
  assert.throws(() => fs.readFileSync(123456), { code: 'EBADF' });
  assert.throws(() => fs.readFileSync({}), { code: 'ERR_INVALID_ARG_TYPE' });

  assert.strictEqual(fs.mkdirSync(path.join(root, 'x/y/z'), { recursive: true }), path.join(root, 'x'));
  assert.strictEqual(fs.mkdirSync(path.join(root, 'x/y'), { recursive: true }), undefined);
  assert.throws(() => fs.mkdirSync(path.join(root, 'x')), { code: 'EEXIST' });
  fs.writeFileSync(path.join(root, 'x/b.bin'), new Uint8Array([1, 2, 3]));
  assert.deepStrictEqual(fs.readdirSync(path.join(root, 'x')).sort(), ['b.bin', 'y']);
  const entries = fs.readdirSync(path.join(root, 'x'), { withFileTypes: true }).sort((p, q) => (p.name < q.name ? -1 : 1));
  assert.deepStrictEqual(entries.map((d) => [d.name, d.isFile(), d.isDirectory()]), [['b.bin', true, false], ['y', false, true]]);

  fs.renameSync(path.join(root, 'x/b.bin'), path.join(root, 'x/c.bin'));
  fs.copyFileSync(path.join(root, 'x/c.bin'), path.join(root, 'd.bin'));
  assert.throws(() => fs.copyFileSync(file, path.join(root, 'd.bin'), fs.constants.COPYFILE_EXCL), { code: 'EEXIST' });
  assert.deepStrictEqual([...fs.readFileSync(path.join(root, 'd.bin'))], [1, 2, 3]);
  assert.throws(() => fs.rmSync(path.join(root, 'x')), { code: 'ERR_FS_EISDIR' });
  assert.throws(() => fs.rmdirSync(path.join(root, 'x')), { code: 'ENOTEMPTY' });
  fs.rmSync(path.join(root, 'x'), { recursive: true });
  fs.rmSync(path.join(root, 'x'), { recursive: true, force: true });
  assert.ok(!fs.existsSync(path.join(root, 'x')));
  fs.unlinkSync(path.join(root, 'd.bin'));

  // File descriptors: positioned and sequential reads and writes.
  const fd = fs.openSync(path.join(root, 'fd.txt'), 'w+');
  assert.strictEqual(fs.writeSync(fd, 'abcdef'), 6);
  const buf = Buffer.alloc(4);
  assert.strictEqual(fs.readSync(fd, buf, 0, 4, 1), 4);
  assert.strictEqual(buf.toString(), 'bcde');
  assert.strictEqual(fs.fstatSync(fd).size, 6);
  fs.closeSync(fd);
  assert.throws(() => fs.closeSync(fd), { code: 'EBADF' });
} catch (e) {
  fs.rmSync(root, { recursive: true, force: true });
  throw e;
}

// Callback and promise forms, then streams through an HTTP server; the directory goes at the end.
const big = path.join(root, 'big.bin');
const content = Buffer.alloc(300000);
for (let i = 0; i < content.length; i++) content[i] = i % 251;

fs.writeFile(big, content, mustCall((err) => {
  assert.strictEqual(err, null);
  fs.stat(big, mustCall((err2, st) => {
    assert.strictEqual(err2, null);
    assert.strictEqual(st.size, content.length);
    fs.readFile(path.join(root, 'nope'), mustCall((err3, data) => {
      assert.strictEqual(err3.code, 'ENOENT');
      assert.strictEqual(data, undefined);
      promisesThenStreams().then(mustCall());
    }));
  }));
}));

async function promisesThenStreams() {
  assert.deepStrictEqual(await fsp.readFile(big), content);
  await fsp.writeFile(path.join(root, 'p.txt'), 'promised');
  assert.strictEqual(await fs.promises.readFile(path.join(root, 'p.txt'), 'utf8'), 'promised');
  await assert.rejects(fsp.readFile(path.join(root, 'nope')), { code: 'ENOENT' });
  const handle = await fsp.open(path.join(root, 'p.txt'), 'r');
  assert.strictEqual((await handle.stat()).size, 8);
  assert.strictEqual((await handle.readFile('utf8')), 'promised');
  await handle.close();

  // A file written by a stream, then served by piping a read stream into the response.
  const copy = path.join(root, 'copy.bin');
  await new Promise((resolve, reject) => {
    const out = fs.createWriteStream(copy);
    out.on('error', reject);
    out.on('finish', resolve);
    for (let i = 0; i < content.length; i += 70000) out.write(content.subarray(i, i + 70000));
    out.end();
  });
  assert.deepStrictEqual(fs.readFileSync(copy), content);

  const server = http.createServer((req, res) => {
    const stream = fs.createReadStream(copy, req.url === '/range' ? { start: 10, end: 19 } : undefined);
    stream.on('error', () => { res.statusCode = 500; res.end(); });
    stream.pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const whole = Buffer.from(await (await fetch(`${base}/`)).arrayBuffer());
  assert.strictEqual(whole.length, content.length);
  assert.ok(whole.equals(content));
  const range = Buffer.from(await (await fetch(`${base}/range`)).arrayBuffer());
  assert.deepStrictEqual([...range], [...content.subarray(10, 20)]);
  server.close();

  const missing = fs.createReadStream(path.join(root, 'nope'));
  const err = await new Promise((resolve) => missing.on('error', resolve));
  assert.strictEqual(err.code, 'ENOENT');

  fs.rmSync(root, { recursive: true });
  assert.ok(!fs.existsSync(root));
}

// Truncation, syncing, links, times, directories opened and copied.
{
  const dir = fs.mkdtempSync('target/fs-more-');
  const file = `${dir}/a.txt`;
  fs.writeFileSync(file, 'hello world');
  fs.truncateSync(file, 5);
  assert.strictEqual(fs.readFileSync(file, 'utf8'), 'hello');
  const fd = fs.openSync(file, 'r+');
  fs.ftruncateSync(fd, 2);
  fs.fsyncSync(fd);
  fs.fdatasyncSync(fd);
  fs.closeSync(fd);
  assert.strictEqual(fs.readFileSync(file, 'utf8'), 'he');
  fs.symlinkSync('a.txt', `${dir}/link`);
  assert.strictEqual(fs.readlinkSync(`${dir}/link`), 'a.txt');
  assert.ok(fs.lstatSync(`${dir}/link`).isSymbolicLink());
  assert.strictEqual(fs.readFileSync(`${dir}/link`, 'utf8'), 'he');
  assert.strictEqual(await fsp.readlink(`${dir}/link`), 'a.txt');
  fs.linkSync(file, `${dir}/hard`);
  fs.appendFileSync(`${dir}/hard`, '!');
  assert.strictEqual(fs.readFileSync(file, 'utf8'), 'he!', 'a hard link is the same file');
  fs.utimesSync(file, 1000, 2000);
  assert.strictEqual(fs.statSync(file).mtimeMs, 2000000);
  await fsp.utimes(file, new Date(5000), new Date(6000));
  assert.strictEqual(fs.statSync(file).mtimeMs, 6000);
  assert.throws(() => fs.readlinkSync(`${dir}/missing`), { code: 'ENOENT', syscall: 'readlink' });
  const names = [];
  for await (const entry of await fsp.opendir(dir)) names.push(entry.name);
  assert.deepStrictEqual(names.sort(), ['a.txt', 'hard', 'link']);
  fs.mkdirSync(`${dir}/tree/deep`, { recursive: true });
  fs.writeFileSync(`${dir}/tree/deep/f.txt`, 'leaf');
  fs.cpSync(`${dir}/tree`, `${dir}/copy`, { recursive: true });
  assert.strictEqual(fs.readFileSync(`${dir}/copy/deep/f.txt`, 'utf8'), 'leaf');
  assert.throws(() => fs.cpSync(`${dir}/tree`, `${dir}/copy2`), { code: 'ERR_FS_EISDIR' });
  assert.throws(() => fs.cpSync(`${dir}/tree`, `${dir}/copy`, { recursive: true, force: false, errorOnExist: true }), { code: 'ERR_FS_CP_EEXIST' });
  const n = await new Promise((resolve, reject) => {
    const h = fs.openSync(file, 'r');
    fs.read(h, Buffer.alloc(8), 0, 8, 0, (err, bytesRead, buffer) => {
      fs.closeSync(h);
      if (err) reject(err); else resolve(buffer.subarray(0, bytesRead).toString());
    });
  });
  assert.strictEqual(n, 'he!');
  fs.rmSync(dir, { recursive: true });
}

// Modes and owners: as given natively; WASI has neither (ENOTSUP for a file that exists,
// ENOENT for one that does not), and bad ids are refused first.
{
  const dir = fs.mkdtempSync('target/fs-owner-');
  const file = path.join(dir, 'f');
  fs.writeFileSync(file, 'x');
  const fd = fs.openSync(file, 'r+');
  const wasi = process.platform === 'wasi';
  for (const call of [
    () => fs.chmodSync(file, 0o600), () => fs.fchmodSync(fd, '644'), () => fs.chownSync(file, -1, -1),
    () => fs.lchownSync(file, -1, -1), () => fs.fchownSync(fd, -1, -1),
  ]) {
    if (wasi) assert.throws(call, { code: 'ENOTSUP' });
    else call();
  }
  assert.throws(() => fs.chownSync(file, 'a', 1), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => fs.chownSync(file, -2, 1), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => fs.fchownSync(9999, -1, -1), { code: 'EBADF' });
  await assert.rejects(fsp.chown(path.join(dir, 'missing'), -1, -1), { code: 'ENOENT', syscall: 'chown' });
  await new Promise((resolve) => fs.chmod(path.join(dir, 'missing'), 0o600, (err) => {
    assert.strictEqual(err.code, 'ENOENT');
    resolve();
  }));
  fs.closeSync(fd);
  fs.rmSync(dir, { recursive: true });
}

// Vectored reads and writes: buffers in turn, from a position or the file's offset.
{
  const dir = fs.mkdtempSync('target/fs-vec-');
  const file = path.join(dir, 'v');
  const fd = fs.openSync(file, 'w+');
  assert.strictEqual(fs.writevSync(fd, [Buffer.from('ab'), new Uint8Array([99, 100])]), 4);
  const a = Buffer.alloc(3);
  const b = Buffer.alloc(3);
  assert.strictEqual(fs.readvSync(fd, [a, b], 0), 4);
  assert.deepStrictEqual([a.toString(), b.toString('utf8', 0, 1)], ['abc', 'd']);
  assert.strictEqual(fs.writevSync(fd, [Buffer.from('Z')], 1), 1);
  assert.throws(() => fs.readvSync(fd, 'x'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  const [n, bufs] = await new Promise((resolve) => fs.readv(fd, [Buffer.alloc(2)], 2, (e, count, got) => resolve([count, got])));
  assert.deepStrictEqual([n, bufs[0].toString()], [2, 'cd']);
  fs.closeSync(fd);
  const handle = await fsp.open(file, 'r');
  const { bytesRead, buffers } = await handle.readv([Buffer.alloc(2), Buffer.alloc(2)], 0);
  assert.deepStrictEqual([bytesRead, buffers.map(String)], [4, ['aZ', 'cd']]);
  await handle.close();
  fs.rmSync(dir, { recursive: true });
}
