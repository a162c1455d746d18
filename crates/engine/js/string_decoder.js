// node:string_decoder: bytes to text across chunk boundaries: a character split between two
// chunks comes out whole with the second (UTF-8, UTF-16LE), base64 in whole 3-byte groups.

import { Buffer } from 'node:buffer';
import { codedError } from 'internal:errors';

const ALIASES = {
  utf8: 'utf8', 'utf-8': 'utf8', ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le',
  latin1: 'latin1', binary: 'latin1', base64: 'base64', base64url: 'base64url', hex: 'hex', ascii: 'ascii',
};

function bytesOf(buf) {
  if (typeof buf === 'string') return Buffer.from(buf);
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

export class StringDecoder {
  #pending = Buffer.alloc(0);
  #utf8 = null;

  constructor(encoding) {
    const name = ALIASES[String(encoding ?? 'utf8').toLowerCase()];
    if (name === undefined) throw codedError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
    this.encoding = name;
    if (name === 'utf8') this.#utf8 = new TextDecoder('utf-8');
  }

  write(buf) {
    const bytes = bytesOf(buf);
    if (this.#utf8) return this.#utf8.decode(bytes, { stream: true });
    const all = this.#pending.length ? Buffer.concat([this.#pending, bytes]) : bytes;
    const unit = this.encoding === 'utf16le' ? 2 : this.encoding.startsWith('base64') ? 3 : 1;
    let cut = all.length - (all.length % unit);
    // A UTF-16 high surrogate waits for its pair.
    if (this.encoding === 'utf16le' && cut >= 2) {
      const last = all[cut - 2] | (all[cut - 1] << 8);
      if (last >= 0xd800 && last <= 0xdbff) cut -= 2;
    }
    this.#pending = all.subarray(cut);
    return all.subarray(0, cut).toString(this.encoding);
  }

  end(buf) {
    let text = buf === undefined ? '' : this.write(buf);
    if (this.#utf8) return text + this.#utf8.decode();
    if (this.#pending.length) text += this.#pending.toString(this.encoding);
    this.#pending = Buffer.alloc(0);
    return text;
  }
}

export default { StringDecoder };
