//! DEFLATE (RFC 1951) in both directions, and its zlib (RFC 1950) and gzip (RFC 1952)
//! wrappings, for `node:zlib`. Decompression handles every block type; compression is greedy
//! LZ77 over a 32 KiB window with the fixed Huffman codes (stored blocks at level 0). Plain
//! Rust, no JavaScript.

/// Why a compressed stream could not be decoded, with zlib's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// The data ends before the stream does.
    Truncated,
    /// The stream is malformed; the text says how.
    Data(&'static str),
    /// The decoded size would pass the limit given.
    TooLarge,
}

impl DecodeError {
    pub(crate) fn message(&self) -> &'static str {
        match self {
            DecodeError::Truncated => "unexpected end of file",
            DecodeError::Data(m) => m,
            DecodeError::TooLarge => "Cannot create a Buffer larger than the maximum output length",
        }
    }
}

// --- Decoding ---------------------------------------------------------------------------------

/// Reads bits least significant first, as DEFLATE packs them.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    bit: u32,
    bits: u32,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8]) -> Self {
        Bits {
            data,
            pos: 0,
            bit: 0,
            bits: 0,
        }
    }

    fn need(&mut self, n: u32) -> Result<(), DecodeError> {
        while self.bits < n {
            let byte = *self.data.get(self.pos).ok_or(DecodeError::Truncated)?;
            self.pos += 1;
            self.bit |= u32::from(byte) << self.bits;
            self.bits += 8;
        }
        Ok(())
    }

    fn take(&mut self, n: u32) -> Result<u32, DecodeError> {
        if n == 0 {
            return Ok(0);
        }
        self.need(n)?;
        let v = self.bit & ((1u32 << n) - 1);
        self.bit >>= n;
        self.bits -= n;
        Ok(v)
    }

    /// Drops the bits left in the current byte.
    fn align(&mut self) {
        self.bit = 0;
        self.bits = 0;
    }

    /// Bytes consumed, counting a partly read byte.
    fn consumed(&self) -> usize {
        self.pos
    }
}

/// A canonical Huffman code: how many codes have each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Huffman, DecodeError> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[usize::from(l)] += 1;
        }
        counts[0] = 0;
        // Over-subscribed code lengths describe no code.
        let mut left: i32 = 1;
        for &c in &counts[1..] {
            left = left * 2 - i32::from(c);
            if left < 0 {
                return Err(DecodeError::Data("invalid code lengths set"));
            }
        }
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (sym, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[usize::from(offsets[usize::from(l)])] = sym as u16;
                offsets[usize::from(l)] += 1;
            }
        }
        Ok(Huffman { counts, symbols })
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Result<u16, DecodeError> {
        // Codes are read one bit at a time, most significant first; within each length they
        // are consecutive, so the symbol is found by an offset once the code is in range.
        let mut code: i32 = 0;
        let mut first: i32 = 0;
        let mut index: i32 = 0;
        for len in 1..16 {
            code |= bits.take(1)? as i32;
            let count = i32::from(self.counts[len]);
            if code - first < count {
                return Ok(self.symbols[(index + code - first) as usize]);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(DecodeError::Data("invalid code"))
    }
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic block lists the lengths of its code-length code.
const CLEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

fn fixed_codes() -> (Huffman, Huffman) {
    let mut lengths = [0u8; 288];
    for (i, l) in lengths.iter_mut().enumerate() {
        *l = match i {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    let lit = Huffman::new(&lengths).unwrap_or(Huffman {
        counts: [0; 16],
        symbols: Vec::new(),
    });
    let dist = Huffman::new(&[5u8; 30]).unwrap_or(Huffman {
        counts: [0; 16],
        symbols: Vec::new(),
    });
    (lit, dist)
}

fn dynamic_codes(bits: &mut Bits<'_>) -> Result<(Huffman, Huffman), DecodeError> {
    let nlen = bits.take(5)? as usize + 257;
    let ndist = bits.take(5)? as usize + 1;
    let ncode = bits.take(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(DecodeError::Data("too many length or distance symbols"));
    }
    let mut clens = [0u8; 19];
    for &at in &CLEN_ORDER[..ncode] {
        clens[at] = bits.take(3)? as u8;
    }
    let clen_code = Huffman::new(&clens)?;
    let mut lengths = vec![0u8; nlen + ndist];
    let mut i = 0;
    while i < nlen + ndist {
        let sym = clen_code.decode(bits)?;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => {
                let prev = *lengths[..i]
                    .last()
                    .ok_or(DecodeError::Data("invalid bit length repeat"))?;
                (prev, 3 + bits.take(2)? as usize)
            }
            17 => (0, 3 + bits.take(3)? as usize),
            _ => (0, 11 + bits.take(7)? as usize),
        };
        if i + repeat > nlen + ndist {
            return Err(DecodeError::Data("invalid bit length repeat"));
        }
        lengths[i..i + repeat].fill(value);
        i += repeat;
    }
    if lengths[256] == 0 {
        return Err(DecodeError::Data("invalid code -- missing end-of-block"));
    }
    Ok((
        Huffman::new(&lengths[..nlen])?,
        Huffman::new(&lengths[nlen..])?,
    ))
}

/// Decodes one raw DEFLATE stream at the start of `input`: the bytes out, and how many input
/// bytes the stream took.
pub(crate) fn inflate_raw(input: &[u8], max_out: usize) -> Result<(Vec<u8>, usize), DecodeError> {
    let mut bits = Bits::new(input);
    let mut out: Vec<u8> = Vec::new();
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => {
                bits.align();
                let at = bits.pos;
                let header = input.get(at..at + 4).ok_or(DecodeError::Truncated)?;
                let len = u16::from_le_bytes([header[0], header[1]]);
                let nlen = u16::from_le_bytes([header[2], header[3]]);
                if len != !nlen {
                    return Err(DecodeError::Data("invalid stored block lengths"));
                }
                let data = input
                    .get(at + 4..at + 4 + usize::from(len))
                    .ok_or(DecodeError::Truncated)?;
                if out.len() + data.len() > max_out {
                    return Err(DecodeError::TooLarge);
                }
                out.extend_from_slice(data);
                bits.pos = at + 4 + usize::from(len);
            }
            kind @ (1 | 2) => {
                let (lit, dist) = if kind == 1 {
                    fixed_codes()
                } else {
                    dynamic_codes(&mut bits)?
                };
                loop {
                    let sym = lit.decode(&mut bits)?;
                    match sym {
                        0..=255 => {
                            if out.len() >= max_out {
                                return Err(DecodeError::TooLarge);
                            }
                            out.push(sym as u8);
                        }
                        256 => break,
                        _ => {
                            let li = usize::from(sym - 257);
                            if li >= 29 {
                                return Err(DecodeError::Data("invalid literal/length code"));
                            }
                            let len = usize::from(LENGTH_BASE[li])
                                + bits.take(u32::from(LENGTH_EXTRA[li]))? as usize;
                            let di = usize::from(dist.decode(&mut bits)?);
                            if di >= 30 {
                                return Err(DecodeError::Data("invalid distance code"));
                            }
                            let back = usize::from(DIST_BASE[di])
                                + bits.take(u32::from(DIST_EXTRA[di]))? as usize;
                            if back > out.len() {
                                return Err(DecodeError::Data("invalid distance too far back"));
                            }
                            if out.len() + len > max_out {
                                return Err(DecodeError::TooLarge);
                            }
                            let from = out.len() - back;
                            for k in 0..len {
                                let b = out[from + k];
                                out.push(b);
                            }
                        }
                    }
                }
            }
            _ => return Err(DecodeError::Data("invalid block type")),
        }
        if last {
            return Ok((out, bits.consumed()));
        }
    }
}

/// Decodes a zlib stream (RFC 1950), checking its header and Adler-32.
pub(crate) fn inflate_zlib(input: &[u8], max_out: usize) -> Result<Vec<u8>, DecodeError> {
    if input.len() < 2 {
        return Err(DecodeError::Truncated);
    }
    let (cmf, flg) = (input[0], input[1]);
    if cmf & 0x0f != 8 || cmf >> 4 > 7 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 {
        return Err(DecodeError::Data("incorrect header check"));
    }
    if flg & 0x20 != 0 {
        return Err(DecodeError::Data("Missing dictionary"));
    }
    let (out, used) = inflate_raw(&input[2..], max_out)?;
    let end = 2 + used;
    let tail = input.get(end..end + 4).ok_or(DecodeError::Truncated)?;
    if u32::from_be_bytes([tail[0], tail[1], tail[2], tail[3]]) != adler32(&out) {
        return Err(DecodeError::Data("incorrect data check"));
    }
    Ok(out)
}

/// Decodes gzip data (RFC 1952): every member, one after another, checking each CRC-32 and
/// size.
pub(crate) fn gunzip(input: &[u8], max_out: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let mut rest = input;
    loop {
        if rest.len() < 10 {
            return Err(if rest.len() >= 2 && rest[..2] != [0x1f, 0x8b] {
                DecodeError::Data("incorrect header check")
            } else {
                DecodeError::Truncated
            });
        }
        if rest[0] != 0x1f || rest[1] != 0x8b {
            return Err(DecodeError::Data("incorrect header check"));
        }
        if rest[2] != 8 {
            return Err(DecodeError::Data("unknown compression method"));
        }
        let flags = rest[3];
        let mut at = 10;
        if flags & 4 != 0 {
            let x = rest.get(at..at + 2).ok_or(DecodeError::Truncated)?;
            at += 2 + usize::from(u16::from_le_bytes([x[0], x[1]]));
        }
        for flag in [8u8, 16] {
            if flags & flag != 0 {
                let zero = rest
                    .get(at..)
                    .and_then(|r| r.iter().position(|&b| b == 0))
                    .ok_or(DecodeError::Truncated)?;
                at += zero + 1;
            }
        }
        if flags & 2 != 0 {
            at += 2;
        }
        let body = rest.get(at..).ok_or(DecodeError::Truncated)?;
        let (data, used) = inflate_raw(body, max_out.saturating_sub(out.len()))?;
        let trailer = body.get(used..used + 8).ok_or(DecodeError::Truncated)?;
        let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
        let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
        if crc != crc32(&data) {
            return Err(DecodeError::Data("incorrect data check"));
        }
        if size != data.len() as u32 {
            return Err(DecodeError::Data("incorrect length check"));
        }
        out.extend_from_slice(&data);
        rest = &body[used + 8..];
        // Another member may follow; trailing zero padding is ignored, as zlib does.
        if rest.iter().all(|&b| b == 0) {
            return Ok(out);
        }
    }
}

// --- Encoding ---------------------------------------------------------------------------------

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
                let back = match format {
                    0 => inflate_raw(&out, usize::MAX).unwrap().0,
                    1 => inflate_zlib(&out, usize::MAX).unwrap(),
                    _ => gunzip(&out, usize::MAX).unwrap(),
                };
                assert_eq!(back, text, "format {format} level {level}");
                // What was sent before the end decodes too (a sync flush), short of the end.
                let mut early = Deflater::new(0, level);
                let first = early.piece(&text[..1000], false);
                assert_eq!(
                    inflate_raw(&first, usize::MAX).err(),
                    Some(DecodeError::Truncated)
                );
            }
        }
        let mut empty = Deflater::new(2, 6);
        assert_eq!(gunzip(&empty.piece(&[], true), usize::MAX).unwrap(), b"");
    }

    fn sample(name: &str) -> Vec<u8> {
        let text = include_str!("deflate_vectors.txt");
        let line = text
            .lines()
            .find(|l| l.split(' ').next() == Some(name))
            .unwrap_or_else(|| panic!("no sample {name}"));
        let hex = line.split(' ').nth(1).unwrap_or_default();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0))
            .collect()
    }

    #[test]
    fn decodes_streams_from_another_implementation() {
        let text = sample("text");
        assert_eq!(
            inflate_zlib(&sample("zlib9"), usize::MAX).as_deref(),
            Ok(&text[..])
        );
        assert_eq!(
            gunzip(&sample("gzip6"), usize::MAX).as_deref(),
            Ok(&text[..])
        );
        let (raw, used) = inflate_raw(&sample("raw1"), usize::MAX).unwrap_or_default();
        assert_eq!(raw, text);
        assert_eq!(used, sample("raw1").len());
        assert_eq!(
            inflate_zlib(&sample("zlib0"), usize::MAX).as_deref(),
            Ok(&text[..1000])
        );
    }

    #[test]
    fn round_trips_at_every_level() {
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new(), b"a".to_vec(), sample("text")];
        // Repetitive, incompressible, and long-distance data; more than one stored block.
        inputs.push(b"abcabcabcabcabcabcabcabcabcabcabc".repeat(3000));
        let mut x: u32 = 1;
        inputs.push(
            (0..70_000)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (x >> 16) as u8
                })
                .collect(),
        );
        for input in &inputs {
            for level in [0, 1, 6, 9] {
                let raw = deflate_raw(input, level);
                assert_eq!(
                    inflate_raw(&raw, usize::MAX).map(|r| r.0).as_deref(),
                    Ok(&input[..])
                );
                let z = deflate_zlib(input, level);
                assert_eq!(inflate_zlib(&z, usize::MAX).as_deref(), Ok(&input[..]));
                let g = gzip(input, level);
                assert_eq!(gunzip(&g, usize::MAX).as_deref(), Ok(&input[..]));
            }
        }
        // Compression does compress repetitive data.
        assert!(deflate_raw(&inputs[3], 6).len() < inputs[3].len() / 50);
    }

    #[test]
    fn concatenated_gzip_members_decode_as_one() {
        let mut both = gzip(b"hello ", 6);
        both.extend(gzip(b"world", 1));
        assert_eq!(
            gunzip(&both, usize::MAX).as_deref(),
            Ok(&b"hello world"[..])
        );
    }

    #[test]
    fn bad_input_is_refused_not_panicked_on() {
        let z = deflate_zlib(b"some text to break", 6);
        assert_eq!(
            inflate_zlib(b"xx", usize::MAX),
            Err(DecodeError::Data("incorrect header check"))
        );
        assert_eq!(
            gunzip(b"not gzip at all", usize::MAX),
            Err(DecodeError::Data("incorrect header check"))
        );
        assert_eq!(
            inflate_zlib(&z[..z.len() - 3], usize::MAX),
            Err(DecodeError::Truncated)
        );
        let mut bad = z.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(
            inflate_zlib(&bad, usize::MAX),
            Err(DecodeError::Data("incorrect data check"))
        );
        assert_eq!(
            inflate_zlib(&deflate_zlib(&[7u8; 1000], 6), 10),
            Err(DecodeError::TooLarge)
        );
        // Every prefix and every single-byte change of a stream: an answer, never a panic.
        let text = sample("text");
        let g = gzip(&text, 6);
        for cut in 0..g.len() {
            let _ = gunzip(&g[..cut], usize::MAX);
        }
        for at in 0..g.len() {
            let mut m = g.clone();
            m[at] = m[at].wrapping_add(0x55);
            let _ = gunzip(&m, 1 << 20);
        }
    }

    #[test]
    fn checksums() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }
}
