// process.stdin: a Readable over standard input, built the first time a program touches it.
// Each read waits for input (WASI cannot watch stdin beside the sockets), one read a turn of
// the event loop, so timers and sockets run between reads; piped input is read to its end.

import native from 'internal:native';
import { provide } from 'internal:lazy';
import { Readable } from 'node:stream';
import { Buffer } from 'node:buffer';

const CHUNK = 65536;

let reading = false;

const stdin = new Readable({
  highWaterMark: CHUNK,
  read() {
    if (reading) return;
    reading = true;
    setImmediate(() => {
      reading = false;
      if (this.destroyed) return;
      let bytes;
      try {
        bytes = native.stdinRead(CHUNK);
      } catch (e) {
        this.destroy(e);
        return;
      }
      if (bytes.length === 0) this.push(null);
      // More is read while the stream wants it (push says so), as long as it flows.
      else if (this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))) this._read();
    });
  },
});
stdin.fd = 0;
stdin.isTTY = false;

provide('internal:stdin', { stdin });
