//! DEFLATE compression (RFC 1951) and its zlib (RFC 1950) and gzip (RFC 1952) wrappings, for
//! `node:zlib`: greedy LZ77 over a 32 KiB window with the fixed Huffman codes (stored blocks
//! at level 0), whole or in pieces; and the CRC-32 and Adler-32 checks both directions use.
//! Decoding is in `inflate.rs`. Plain Rust, no JavaScript.

use super::inflate::{DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA};

/// Writes bits least significant first.
struct BitWriter {
    out: Vec<u8>,
    bit: u64,
    bits: u32,
}

impl BitWriter {
    fn new() -> Self {
        BitWriter {
            out: Vec::new(),
            bit: 0,
            bits: 0,
        }
    }

    fn put(&mut self, value: u32, n: u32) {
        self.bit |= u64::from(value) << self.bits;
        self.bits += n;
        while self.bits >= 8 {
            self.out.push(self.bit as u8);
            self.bit >>= 8;
            self.bits -= 8;
        }
    }

    /// A Huffman code, which DEFLATE stores most significant bit first.
    fn put_code(&mut self, code: u32, n: u32) {
        self.put(code.reverse_bits() >> (32 - n), n);
    }

    /// Pads with zero bits to the next byte boundary.
    fn align(&mut self) {
        if self.bits > 0 {
            self.out.push(self.bit as u8);
            self.bit = 0;
            self.bits = 0;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.bits > 0 {
            self.out.push(self.bit as u8);
        }
        self.out
    }
}

fn put_literal(w: &mut BitWriter, sym: u16) {
    let s = u32::from(sym);
    match sym {
        0..=143 => w.put_code(0x30 + s, 8),
        144..=255 => w.put_code(0x190 + s - 144, 9),
        256..=279 => w.put_code(s - 256, 7),
        _ => w.put_code(0xc0 + s - 280, 8),
    }
}

fn put_match(w: &mut BitWriter, len: usize, dist: usize) {
    let li = LENGTH_BASE
        .iter()
        .rposition(|&b| usize::from(b) <= len)
        .unwrap_or(0);
    put_literal(w, 257 + li as u16);
    w.put(
        (len - usize::from(LENGTH_BASE[li])) as u32,
        u32::from(LENGTH_EXTRA[li]),
    );
    let di = DIST_BASE
        .iter()
        .rposition(|&b| usize::from(b) <= dist)
        .unwrap_or(0);
    w.put_code(di as u32, 5);
    w.put(
        (dist - usize::from(DIST_BASE[di])) as u32,
        u32::from(DIST_EXTRA[di]),
    );
}

const WINDOW: usize = 32768;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;

/// A raw DEFLATE stream of `input`. Level 0 stores; levels 1-9 search more candidate matches
/// the higher they are.
pub(crate) fn deflate_raw(input: &[u8], level: i32) -> Vec<u8> {
    let mut w = BitWriter::new();
    put_blocks(&mut w, input, level, true);
    w.finish()
}

/// `input` as DEFLATE blocks, the last of the stream when `last`: stored blocks at level 0,
/// else one block with the fixed codes.
fn put_blocks(w: &mut BitWriter, input: &[u8], level: i32, last: bool) {
    if level == 0 {
        let mut chunks = input.chunks(65535).peekable();
        if chunks.peek().is_none() {
            put_stored(w, &[], last);
        }
        while let Some(chunk) = chunks.next() {
            put_stored(w, chunk, last && chunks.peek().is_none());
        }
        return;
    }
    let depth = match level {
        1..=3 => 4,
        4..=6 => 32,
        _ => 256,
    };
    w.put(u32::from(last), 1);
    w.put(1, 2); // fixed Huffman codes
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; WINDOW];
    let hash = |at: usize| -> usize {
        let v =
            u32::from(input[at]) << 16 | u32::from(input[at + 1]) << 8 | u32::from(input[at + 2]);
        (v.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
    };
    let insert = |at: usize, head: &mut Vec<usize>, prev: &mut Vec<usize>| {
        if at + 2 < input.len() {
            let h = hash(at);
            prev[at % WINDOW] = head[h];
            head[h] = at;
        }
    };
    let mut i = 0;
    while i < input.len() {
        let mut best_len = 0;
        let mut best_dist = 0;
        if i + 2 < input.len() {
            let mut candidate = head[hash(i)];
            let mut tries = depth;
            let limit = (input.len() - i).min(MAX_MATCH);
            while candidate != usize::MAX && i - candidate <= WINDOW && tries > 0 {
                let mut n = 0;
                while n < limit && input[candidate + n] == input[i + n] {
                    n += 1;
                }
                if n > best_len {
                    best_len = n;
                    best_dist = i - candidate;
                    if n == limit {
                        break;
                    }
                }
                let next = prev[candidate % WINDOW];
                if next == usize::MAX || next >= candidate {
                    break;
                }
                candidate = next;
                tries -= 1;
            }
        }
        if best_len >= 3 {
            put_match(w, best_len, best_dist);
            for k in 0..best_len {
                insert(i + k, &mut head, &mut prev);
            }
            i += best_len;
        } else {
            put_literal(w, u16::from(input[i]));
            insert(i, &mut head, &mut prev);
            i += 1;
        }
    }
    put_literal(w, 256);
}

/// A stored block of `data` (at most 65535 bytes), starting on a byte boundary.
fn put_stored(w: &mut BitWriter, data: &[u8], last: bool) {
    w.put(u32::from(last), 1);
    w.put(0, 2);
    w.align();
    let len = data.len() as u16;
    w.out.extend_from_slice(&len.to_le_bytes());
    w.out.extend_from_slice(&(!len).to_le_bytes());
    w.out.extend_from_slice(data);
}

/// Compression in pieces (node:zlib's streams): each piece is compressed on its own, its
/// matches not reaching into earlier ones, and ends on a byte boundary (an empty stored
/// block, as zlib's Z_SYNC_FLUSH), so that what was written so far can be sent and decoded.
pub(crate) struct Deflater {
    /// 0 raw DEFLATE, 1 zlib, 2 gzip.
    format: u8,
    level: i32,
    started: bool,
    crc: u32,
    adler: u32,
    len: u64,
}

impl Deflater {
    pub(crate) fn new(format: u8, level: i32) -> Self {
        Deflater {
            format,
            level,
            started: false,
            crc: 0,
            adler: 1,
            len: 0,
        }
    }

    /// The bytes for `input`; with `end`, the end of the stream and its trailer too.
    pub(crate) fn piece(&mut self, input: &[u8], end: bool) -> Vec<u8> {
        let mut w = BitWriter::new();
        if !self.started {
            self.started = true;
            match self.format {
                1 => w.out.extend_from_slice(&zlib_header(self.level)),
                2 => w.out.extend_from_slice(&gzip_header(self.level)),
                _ => {}
            }
        }
        if !input.is_empty() {
            put_blocks(&mut w, input, self.level, false);
            put_stored(&mut w, &[], false);
            self.crc = crc32_update(self.crc, input);
            self.adler = adler32_update(self.adler, input);
            self.len += input.len() as u64;
        }
        if end {
            // An empty last block with the fixed codes: its header and end-of-block code.
            w.put(1, 1);
            w.put(1, 2);
            put_literal(&mut w, 256);
            w.align();
            match self.format {
                1 => w.out.extend_from_slice(&self.adler.to_be_bytes()),
                2 => {
                    w.out.extend_from_slice(&self.crc.to_le_bytes());
                    w.out.extend_from_slice(&(self.len as u32).to_le_bytes());
                }
                _ => {}
            }
        }
        w.finish()
    }
}

/// The two header bytes of a zlib stream (RFC 1950) at `level`.
fn zlib_header(level: i32) -> [u8; 2] {
    let flevel: u8 = match level {
        0 | 1 => 0,
        2..=5 => 1,
        6 => 2,
        _ => 3,
    };
    let cmf: u8 = 0x78;
    let mut flg = flevel << 6;
    flg += 31 - ((u16::from(cmf) << 8 | u16::from(flg)) % 31) as u8;
    [cmf, flg]
}

/// The header of a gzip member (RFC 1952): no name, no time stamp.
fn gzip_header(level: i32) -> [u8; 10] {
    let xfl = match level {
        1 => 4,
        9 => 2,
        _ => 0,
    };
    [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]
}

/// A zlib stream (RFC 1950) of `input`.
pub(crate) fn deflate_zlib(input: &[u8], level: i32) -> Vec<u8> {
    let mut out = zlib_header(level).to_vec();
    out.extend(deflate_raw(input, level));
    out.extend_from_slice(&adler32(input).to_be_bytes());
    out
}

/// gzip data (RFC 1952) of `input`: one member, no name, no time stamp.
pub(crate) fn gzip(input: &[u8], level: i32) -> Vec<u8> {
    let mut out = gzip_header(level).to_vec();
    out.extend(deflate_raw(input, level));
    out.extend_from_slice(&crc32(input).to_le_bytes());
    out.extend_from_slice(&(input.len() as u32).to_le_bytes());
    out
}

// --- Checksums --------------------------------------------------------------------------------

pub(crate) fn crc32(data: &[u8]) -> u32 {
    crc32_update(0, data)
}

/// The CRC-32 of what `crc` covered followed by `data`.
pub(crate) fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    thread_local! {
        static TABLE: [u32; 256] = {
            let mut t = [0u32; 256];
            for (n, slot) in t.iter_mut().enumerate() {
                let mut c = n as u32;
                for _ in 0..8 {
                    c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
                }
                *slot = c;
            }
            t
        };
    }
    TABLE.with(|t| {
        !data.iter().fold(!crc, |c, &b| {
            t[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
        })
    })
}

pub(crate) fn adler32(data: &[u8]) -> u32 {
    adler32_update(1, data)
}

/// The Adler-32 of what `adler` covered followed by `data`.
pub(crate) fn adler32_update(adler: u32, data: &[u8]) -> u32 {
    let (mut a, mut b) = (adler & 0xffff, adler >> 16);
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    b << 16 | a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::inflate::{decompress, DecodeError, Format};

    /// Pieces of a stream, in every format and at levels 0 and 6, decode as one stream to
    /// everything written; an empty piece and the end alone are fine too.
    #[test]
    fn streams_in_pieces_decode_whole() {
        let text: Vec<u8> = (0..70_000u32)
            .map(|i| (i * 7 % 251) as u8 ^ (i / 300) as u8)
            .collect();
        for format in [0u8, 1, 2] {
            for level in [0, 6] {
                let mut d = Deflater::new(format, level);
                let mut out = Vec::new();
                for piece in [&text[..10], &[][..], &text[10..40_000], &text[40_000..]] {
                    out.extend(d.piece(piece, false));
                }
                out.extend(d.piece(&[], true));
                let back = decompress(Format::from_number(format), &out, usize::MAX);
                assert_eq!(back.as_ref(), Ok(&text), "format {format} level {level}");
                // What was sent before the end decodes too (a sync flush), short of the end.
                let mut early = Deflater::new(0, level);
                let first = early.piece(&text[..1000], false);
                assert_eq!(
                    decompress(Format::Raw, &first, usize::MAX),
                    Err(DecodeError::Truncated)
                );
            }
        }
        let mut empty = Deflater::new(2, 6);
        let end = empty.piece(&[], true);
        assert_eq!(decompress(Format::Gzip, &end, usize::MAX), Ok(Vec::new()));
    }

    #[test]
    fn compresses_repetitive_data() {
        let input = b"abcabcabcabcabcabcabcabcabcabcabc".repeat(3000);
        for level in [1, 6, 9] {
            assert!(deflate_raw(&input, level).len() < input.len() / 50);
        }
        assert!(deflate_raw(&input, 0).len() > input.len());
    }

    #[test]
    fn checksums() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        let (a, b) = b"123456789".split_at(4);
        assert_eq!(crc32_update(crc32_update(0, a), b), crc32(b"123456789"));
        assert_eq!(
            adler32_update(adler32_update(1, a), b),
            adler32(b"123456789")
        );
    }
}
