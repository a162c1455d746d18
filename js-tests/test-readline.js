// test-readline.js: process.stdin as a stream and node:readline over it, as command-line
// programs read their input: lines split on LF, CRLF and CR (also across chunks), a last line
// without a newline, multibyte text, close at the end of input; readline/promises' question();
// prompt, pause/resume and the cursor helpers. The same file passes under Node.js
// (`node js-tests/test-readline.js < js-tests/fixtures/lines.txt`).
// @stdin: js-tests/fixtures/lines.txt

import assert from 'node:assert';
import readline from 'node:readline';
import * as readlinePromises from 'node:readline/promises';
import { PassThrough } from 'node:stream';

const { strictEqual, deepStrictEqual, throws } = assert;

// Standard input, line by line, to its end.
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let closed = false;
rl.on('close', () => { closed = true; });
const lines = [];
for await (const line of rl) lines.push(line);
deepStrictEqual(lines, ['alpha', 'beta', 'gamma δέλτα', '', 'last line']);
strictEqual(closed, true);
strictEqual(process.stdin.readableEnded, true);
throws(() => rl.question('again? ', () => {}), { code: 'ERR_USE_AFTER_CLOSE' });

// Line ends split across chunks.
const input = new PassThrough();
const split = readline.createInterface({ input });
const seen = [];
split.on('line', (l) => seen.push(l));
input.write('a\r');
input.write('\nb\rc');
input.write('\n');
input.end('d');
await new Promise((resolve) => split.once('close', resolve));
deepStrictEqual(seen, ['a', 'b', 'c', 'd']);

// question() with readline/promises: the query goes to the output, the answer comes back and
// is not also a 'line' event.
const answers = new PassThrough();
const shown = new PassThrough();
let prompts = '';
shown.on('data', (d) => { prompts += d; });
const asker = readlinePromises.createInterface({ input: answers, output: shown });
const heard = [];
asker.on('line', (l) => heard.push(l));
const pending = asker.question('Name? ');
answers.write('Ada\nafterwards\n');
strictEqual(await pending, 'Ada');
await new Promise((resolve) => setImmediate(resolve));
deepStrictEqual(heard, ['afterwards']);
asker.setPrompt('$ ');
strictEqual(asker.getPrompt(), '$ ');
asker.prompt();
await new Promise((resolve) => setImmediate(resolve));
strictEqual(prompts, 'Name? $ ');
let paused = false;
asker.on('pause', () => { paused = true; });
asker.pause();
strictEqual(paused, true);
asker.close();
strictEqual(asker.closed, true);

// The cursor helpers write ANSI control sequences.
let ansi = '';
const tty = { write(s, cb) { ansi += s; if (cb) cb(); return true; } };
readline.cursorTo(tty, 0, 0);
readline.moveCursor(tty, 2, -1);
readline.clearLine(tty, 0);
readline.clearScreenDown(tty);
strictEqual(ansi, '\x1b[1;1H\x1b[2C\x1b[1A\x1b[2K\x1b[0J');

console.log('readline ok');
