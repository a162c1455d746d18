//! DEFLATE compression (RFC 1951) and its zlib (RFC 1950) and gzip (RFC 1952) wrappings, for
//! `node:zlib`, whole or in pieces, and the CRC-32 and Adler-32 checks both directions use.
//! Matches are found in a 32 KiB window by hash chains, greedily at levels 1-3 and lazily
//! (a match is put off when the next byte starts a longer one) at 4-9, searching further the
//! higher the level; each block of up to 16384 symbols is written with its own Huffman codes,
//! the fixed codes or stored, whichever is shortest. Level 0 stores. Decoding is in
//! `inflate.rs`. Plain Rust, no JavaScript.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::inflate::{CLEN_ORDER, DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA};

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

const WINDOW: usize = 32768;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;
/// No position (in the hash heads and chains).
const NONE: u32 = u32::MAX;
/// Symbols gathered before a block is written.
const BLOCK_SYMBOLS: usize = 16384;
/// A three-byte match further back than this costs more than three literals.
const TOO_FAR: usize = 4096;

/// The length code (0-28, of symbols 257-285) of a match length of 3 to 258.
fn length_code(len: usize) -> usize {
    let x = len - MIN_MATCH;
    if len == MAX_MATCH {
        28
    } else if x < 8 {
        x
    } else {
        let top = x.ilog2() as usize;
        4 * (top - 1) + ((x >> (top - 2)) & 3)
    }
}

/// The distance code (0-29) of a distance of 1 to 32768.
fn distance_code(dist: usize) -> usize {
    let x = dist - 1;
    if x < 4 {
        x
    } else {
        let top = x.ilog2() as usize;
        2 * top + ((x >> (top - 1)) & 1)
    }
}

/// Huffman code lengths for symbols used `freqs` times, none longer than `max` bits: the
/// depths in a Huffman tree, built again from flattened counts while it is too deep. Unused
/// symbols get no code; at least two symbols get one (a complete code, as zlib requires).
fn code_lengths(freqs: &[u32], max: u32) -> Vec<u8> {
    let mut weights: Vec<u64> = freqs.iter().map(|&f| u64::from(f)).collect();
    let mut used = weights.iter().filter(|&&w| w > 0).count();
    for w in weights.iter_mut() {
        if used >= 2 {
            break;
        }
        if *w == 0 {
            *w = 1;
            used += 1;
        }
    }
    loop {
        let leaves: Vec<usize> = (0..weights.len()).filter(|&s| weights[s] > 0).collect();
        // Nodes: the leaves, then each merge; parent[] points at the merge above.
        let mut parent = vec![usize::MAX; 2 * leaves.len()];
        let mut heap: BinaryHeap<Reverse<(u64, usize)>> = leaves
            .iter()
            .enumerate()
            .map(|(node, &s)| Reverse((weights[s], node)))
            .collect();
        let mut next = leaves.len();
        while heap.len() > 1 {
            let (Some(Reverse((wa, a))), Some(Reverse((wb, b)))) = (heap.pop(), heap.pop()) else {
                break;
            };
            parent[a] = next;
            parent[b] = next;
            heap.push(Reverse((wa + wb, next)));
            next += 1;
        }
        // Parents come after their children, so depths fill in from the root down.
        let mut depth = vec![0u32; next];
        for node in (0..next.saturating_sub(1)).rev() {
            depth[node] = depth[parent[node]] + 1;
        }
        if depth[..leaves.len()].iter().all(|&d| d <= max) {
            let mut lengths = vec![0u8; freqs.len()];
            for (node, &s) in leaves.iter().enumerate() {
                lengths[s] = depth[node] as u8;
            }
            return lengths;
        }
        for w in weights.iter_mut().filter(|w| **w > 0) {
            *w = (*w >> 1) | 1;
        }
    }
}

/// The canonical codes of `lengths`, bit-reversed for writing least significant bit first.
fn codes(lengths: &[u8]) -> Vec<u16> {
    let mut count = [0u16; 16];
    for &l in lengths {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u16; 16];
    for len in 1..16 {
        next[len] = (next[len - 1] + count[len - 1]) << 1;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let code = next[usize::from(l)];
            next[usize::from(l)] += 1;
            code.reverse_bits() >> (16 - u16::from(l))
        })
        .collect()
}

fn fixed_lengths() -> ([u8; 288], [u8; 30]) {
    let mut lit = [8u8; 288];
    lit[144..256].fill(9);
    lit[256..280].fill(7);
    (lit, [5u8; 30])
}

/// A literal is stored as its byte; a match as distance << 16 | length.
type Symbol = u32;

/// The code-length code and run-length coded lengths of a dynamic block's header.
struct DynamicHeader {
    hlit: usize,
    hdist: usize,
    hclen: usize,
    /// (symbol 0-18, value of its extra bits) for each run.
    runs: Vec<(u8, u8)>,
    clen_lengths: Vec<u8>,
    bits: u64,
}

impl DynamicHeader {
    fn new(lit: &[u8], dist: &[u8]) -> DynamicHeader {
        let hlit = lit
            .iter()
            .rposition(|&l| l != 0)
            .map_or(257, |i| (i + 1).max(257));
        let hdist = dist.iter().rposition(|&l| l != 0).map_or(1, |i| i + 1);
        let all: Vec<u8> = lit[..hlit].iter().chain(&dist[..hdist]).copied().collect();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < all.len() {
            let v = all[i];
            let run = all[i..].iter().take_while(|&&x| x == v).count();
            let mut left = run;
            if v == 0 {
                while left >= 11 {
                    let k = left.min(138);
                    runs.push((18, (k - 11) as u8));
                    left -= k;
                }
                if left >= 3 {
                    runs.push((17, (left - 3) as u8));
                    left = 0;
                }
            } else {
                runs.push((v, 0));
                left -= 1;
                while left >= 3 {
                    let k = left.min(6);
                    runs.push((16, (k - 3) as u8));
                    left -= k;
                }
            }
            runs.extend(std::iter::repeat_n((v, 0), left));
            i += run;
        }
        let mut freqs = [0u32; 19];
        for &(sym, _) in &runs {
            freqs[usize::from(sym)] += 1;
        }
        let clen_lengths = code_lengths(&freqs, 7);
        let hclen = CLEN_ORDER
            .iter()
            .rposition(|&s| clen_lengths[s] != 0)
            .map_or(4, |i| (i + 1).max(4));
        let mut bits = 14 + 3 * hclen as u64;
        for &(sym, _) in &runs {
            bits += u64::from(clen_lengths[usize::from(sym)])
                + [2, 3, 7]
                    .get(usize::from(sym).wrapping_sub(16))
                    .copied()
                    .unwrap_or(0);
        }
        DynamicHeader {
            hlit,
            hdist,
            hclen,
            runs,
            clen_lengths,
            bits,
        }
    }

    fn put(&self, w: &mut BitWriter) {
        w.put((self.hlit - 257) as u32, 5);
        w.put((self.hdist - 1) as u32, 5);
        w.put((self.hclen - 4) as u32, 4);
        for &s in &CLEN_ORDER[..self.hclen] {
            w.put(u32::from(self.clen_lengths[s]), 3);
        }
        let clen_codes = codes(&self.clen_lengths);
        for &(sym, extra) in &self.runs {
            let s = usize::from(sym);
            w.put(u32::from(clen_codes[s]), u32::from(self.clen_lengths[s]));
            match sym {
                16 => w.put(u32::from(extra), 2),
                17 => w.put(u32::from(extra), 3),
                18 => w.put(u32::from(extra), 7),
                _ => {}
            }
        }
    }
}

/// Writes `symbols` (covering the bytes `raw`) as one or more blocks, the last of the stream
/// when `last`: with their own codes, the fixed codes or stored, whichever is shortest.
fn put_block(w: &mut BitWriter, symbols: &[Symbol], raw: &[u8], last: bool) {
    let mut lit_freqs = [0u32; 286];
    let mut dist_freqs = [0u32; 30];
    let mut extra: u64 = 0;
    for &s in symbols {
        let (dist, value) = ((s >> 16) as usize, (s & 0xffff) as usize);
        if dist == 0 {
            lit_freqs[value] += 1;
        } else {
            let lc = length_code(value);
            let dc = distance_code(dist);
            lit_freqs[257 + lc] += 1;
            dist_freqs[dc] += 1;
            extra += u64::from(LENGTH_EXTRA[lc]) + u64::from(DIST_EXTRA[dc]);
        }
    }
    lit_freqs[256] += 1;
    let cost = |lit: &[u8], dist: &[u8]| -> u64 {
        let l: u64 = lit_freqs
            .iter()
            .zip(lit)
            .map(|(&f, &n)| u64::from(f) * u64::from(n))
            .sum();
        let d: u64 = dist_freqs
            .iter()
            .zip(dist)
            .map(|(&f, &n)| u64::from(f) * u64::from(n))
            .sum();
        l + d + extra
    };
    let lit_lengths = code_lengths(&lit_freqs, 15);
    let dist_lengths = code_lengths(&dist_freqs, 15);
    let header = DynamicHeader::new(&lit_lengths, &dist_lengths);
    let (fixed_lit, fixed_dist) = fixed_lengths();
    let dynamic_bits = 3 + header.bits + cost(&lit_lengths, &dist_lengths);
    let fixed_bits = 3 + cost(&fixed_lit, &fixed_dist);
    let stored_bits = 8 * (raw.len() as u64 + 5 * (raw.len() as u64 / 65535 + 1)) + 10;
    if stored_bits < dynamic_bits.min(fixed_bits) {
        put_stored_blocks(w, raw, last);
        return;
    }
    w.put(u32::from(last), 1);
    let (lit, dist) = if dynamic_bits < fixed_bits {
        w.put(2, 2);
        header.put(w);
        (lit_lengths, dist_lengths)
    } else {
        w.put(1, 2);
        (fixed_lit.to_vec(), fixed_dist.to_vec())
    };
    let (lit_codes, dist_codes) = (codes(&lit), codes(&dist));
    for &s in symbols {
        let (d, value) = ((s >> 16) as usize, (s & 0xffff) as usize);
        if d == 0 {
            w.put(u32::from(lit_codes[value]), u32::from(lit[value]));
            continue;
        }
        let lc = length_code(value);
        w.put(u32::from(lit_codes[257 + lc]), u32::from(lit[257 + lc]));
        w.put(
            (value - usize::from(LENGTH_BASE[lc])) as u32,
            u32::from(LENGTH_EXTRA[lc]),
        );
        let dc = distance_code(d);
        w.put(u32::from(dist_codes[dc]), u32::from(dist[dc]));
        w.put(
            (d - usize::from(DIST_BASE[dc])) as u32,
            u32::from(DIST_EXTRA[dc]),
        );
    }
    w.put(u32::from(lit_codes[256]), u32::from(lit[256]));
}

/// `data` as stored blocks of up to 65535 bytes (one empty block when there is none).
fn put_stored_blocks(w: &mut BitWriter, data: &[u8], last: bool) {
    let mut chunks = data.chunks(65535).peekable();
    if chunks.peek().is_none() {
        put_stored(w, &[], last);
    }
    while let Some(chunk) = chunks.next() {
        put_stored(w, chunk, last && chunks.peek().is_none());
    }
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

/// How hard a level looks for matches, as zlib's table has it: a match this long cuts the
/// search to a quarter (`good`); a match this long is taken without looking one byte further
/// (`lazy`, 0 for greedy matching); a match this long ends the search (`nice`); at most
/// `chain` candidates are tried.
struct Effort {
    good: usize,
    lazy: usize,
    nice: usize,
    chain: usize,
}

fn effort(level: i32) -> Effort {
    let (good, lazy, nice, chain) = match level {
        1 => (4, 0, 8, 4),
        2 => (4, 0, 16, 8),
        3 => (4, 0, 32, 32),
        4 => (4, 4, 16, 16),
        5 => (8, 16, 32, 32),
        6 => (8, 16, 128, 128),
        7 => (8, 32, 128, 256),
        8 => (32, 128, 258, 1024),
        _ => (32, 258, 258, 4096),
    };
    Effort {
        good,
        lazy,
        nice,
        chain,
    }
}

/// How many bytes at `a` and `b` (a < b) agree, up to `limit`.
fn match_length(data: &[u8], a: usize, b: usize, limit: usize) -> usize {
    let mut n = 0;
    while n + 8 <= limit {
        let x = u64::from_le_bytes(data[a + n..a + n + 8].try_into().unwrap_or_default());
        let y = u64::from_le_bytes(data[b + n..b + n + 8].try_into().unwrap_or_default());
        if x != y {
            return n + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while n < limit && data[a + n] == data[b + n] {
        n += 1;
    }
    n
}

/// A compressor: level 0 stores; 1-9 find matches in a 32 KiB window that reaches back into
/// earlier pieces. Each piece ends on a byte boundary (an empty stored block, as zlib's
/// Z_SYNC_FLUSH), so that what was written so far can be sent and decoded.
pub(crate) struct Deflater {
    /// 0 raw DEFLATE, 1 zlib, 2 gzip.
    format: u8,
    level: i32,
    started: bool,
    crc: u32,
    adler: u32,
    len: u64,
    /// The last bytes of the input so far (up to WINDOW), and where their first one falls in
    /// the chain table.
    history: Vec<u8>,
    history_slot: usize,
    /// The latest position with each hash, and each position's previous one with its hash,
    /// as offsets into the history followed by the current piece.
    head: Vec<u32>,
    chain: Vec<u32>,
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
            history: Vec::new(),
            history_slot: 0,
            head: Vec::new(),
            chain: Vec::new(),
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
        self.crc = crc32_update(self.crc, input);
        self.adler = adler32_update(self.adler, input);
        self.len += input.len() as u64;
        if end {
            self.compress(&mut w, input, true);
            w.align();
            match self.format {
                1 => w.out.extend_from_slice(&self.adler.to_be_bytes()),
                2 => {
                    w.out.extend_from_slice(&self.crc.to_le_bytes());
                    w.out.extend_from_slice(&(self.len as u32).to_le_bytes());
                }
                _ => {}
            }
        } else if !input.is_empty() {
            self.compress(&mut w, input, false);
            put_stored(&mut w, &[], false);
        }
        w.finish()
    }

    /// Writes `input` as blocks, the last of the stream when `last`.
    fn compress(&mut self, w: &mut BitWriter, input: &[u8], last: bool) {
        if self.level == 0 {
            put_stored_blocks(w, input, last);
            return;
        }
        if self.head.is_empty() {
            self.head = vec![NONE; 1 << HASH_BITS];
            self.chain = vec![NONE; WINDOW];
        }
        let joined;
        let data: &[u8] = if self.history.is_empty() {
            input
        } else {
            joined = [&self.history[..], input].concat();
            &joined
        };
        let from = data.len() - input.len();
        let mut m = Matcher {
            data,
            head: &mut self.head,
            chain: &mut self.chain,
            slot: self.history_slot,
            effort: effort(self.level),
        };
        let mut symbols: Vec<Symbol> = Vec::with_capacity(BLOCK_SYMBOLS.min(input.len() + 1));
        let mut block_start = from;
        let mut covered = from;
        let mut flush = |symbols: &mut Vec<Symbol>, covered: usize, last: bool| {
            put_block(w, symbols, &data[block_start..covered], last);
            symbols.clear();
            block_start = covered;
        };
        let lazy = m.effort.lazy > 0;
        // A match found one byte back, whose first byte is not yet written (lazy matching).
        let mut held: Option<(usize, usize)> = None;
        let mut i = from;
        while i < data.len() {
            if symbols.len() >= BLOCK_SYMBOLS {
                flush(&mut symbols, covered, false);
            }
            let prev_len = held.map_or(0, |(l, _)| l);
            let (len, dist) = if lazy && prev_len >= m.effort.lazy {
                (0, 0)
            } else {
                m.longest(i, prev_len)
            };
            m.insert(i);
            if !lazy {
                if len >= MIN_MATCH {
                    symbols.push((dist << 16 | len) as Symbol);
                    for k in i + 1..i + len {
                        m.insert(k);
                    }
                    i += len;
                } else {
                    symbols.push(Symbol::from(data[i]));
                    i += 1;
                }
                covered = i;
                continue;
            }
            if let Some((plen, pdist)) = held {
                if plen >= MIN_MATCH && len <= plen {
                    // The match from one byte back is as long as any here: take it.
                    symbols.push((pdist << 16 | plen) as Symbol);
                    for k in i + 1..i - 1 + plen {
                        m.insert(k);
                    }
                    i = i - 1 + plen;
                    covered = i;
                    held = None;
                    continue;
                }
                symbols.push(Symbol::from(data[i - 1]));
                covered = i;
            }
            held = Some((len, dist));
            i += 1;
        }
        if let Some((plen, pdist)) = held {
            if plen >= MIN_MATCH {
                symbols.push((pdist << 16 | plen) as Symbol);
            } else {
                symbols.push(Symbol::from(data[data.len() - 1]));
            }
            covered = data.len();
        }
        if !symbols.is_empty() || last {
            flush(&mut symbols, covered, last);
        }
        // Keep the window for the next piece; positions move down by what is dropped.
        let keep = data.len().min(WINDOW);
        let shift = data.len() - keep;
        let slot = (m.slot + shift) % WINDOW;
        self.history = data[shift..].to_vec();
        self.history_slot = slot;
        let shift = shift as u32;
        for e in self.head.iter_mut().chain(self.chain.iter_mut()) {
            *e = if *e != NONE && *e >= shift {
                *e - shift
            } else {
                NONE
            };
        }
    }
}

/// Hash-chain match finding over `data` (the window, then the piece).
struct Matcher<'a> {
    data: &'a [u8],
    head: &'a mut Vec<u32>,
    chain: &'a mut Vec<u32>,
    /// Where data[0] falls in the chain table.
    slot: usize,
    effort: Effort,
}

impl Matcher<'_> {
    fn hash(&self, at: usize) -> usize {
        let d = self.data;
        let v = u32::from(d[at]) << 16 | u32::from(d[at + 1]) << 8 | u32::from(d[at + 2]);
        (v.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
    }

    /// Enters position `at` in its hash chain.
    fn insert(&mut self, at: usize) {
        if at + MIN_MATCH <= self.data.len() {
            let h = self.hash(at);
            self.chain[(self.slot + at) % WINDOW] = self.head[h];
            self.head[h] = at as u32;
        }
    }

    /// The longest match at `at` longer than `better` (0 if none): (length, distance).
    fn longest(&self, at: usize, better: usize) -> (usize, usize) {
        let data = self.data;
        if at + MIN_MATCH > data.len() {
            return (0, 0);
        }
        let limit = (data.len() - at).min(MAX_MATCH);
        let mut tries = self.effort.chain;
        if better >= self.effort.good {
            tries >>= 2;
        }
        let mut best = better.max(MIN_MATCH - 1);
        let mut best_dist = 0;
        let mut candidate = self.head[self.hash(at)];
        while candidate != NONE && tries > 0 && best < limit {
            let c = candidate as usize;
            if at - c > WINDOW {
                break;
            }
            if data[c + best] == data[at + best] {
                let n = match_length(data, c, at, limit);
                if n > best {
                    best = n;
                    best_dist = at - c;
                    if n >= self.effort.nice {
                        break;
                    }
                }
            }
            let next = self.chain[(self.slot + c) % WINDOW];
            if next == NONE || next >= candidate {
                break;
            }
            candidate = next;
            tries -= 1;
        }
        if best_dist == 0 || (best == MIN_MATCH && best_dist > TOO_FAR) {
            (0, 0)
        } else {
            (best, best_dist)
        }
    }
}

/// A raw DEFLATE stream of `input` at `level` (0 stores; 1-9 search harder the higher).
pub(crate) fn deflate_raw(input: &[u8], level: i32) -> Vec<u8> {
    Deflater::new(0, level).piece(input, true)
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
    Deflater::new(1, level).piece(input, true)
}

/// gzip data (RFC 1952) of `input`: one member, no name, no time stamp.
pub(crate) fn gzip(input: &[u8], level: i32) -> Vec<u8> {
    Deflater::new(2, level).piece(input, true)
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
    fn length_and_distance_codes_agree_with_the_tables() {
        for len in MIN_MATCH..=MAX_MATCH {
            let c = length_code(len);
            let base = usize::from(LENGTH_BASE[c]);
            assert!(
                base <= len && len - base < 1 << LENGTH_EXTRA[c],
                "length {len}"
            );
            assert!(c == 28 || len < 258);
        }
        for dist in 1..=WINDOW {
            let c = distance_code(dist);
            let base = usize::from(DIST_BASE[c]);
            assert!(
                base <= dist && dist - base < 1 << DIST_EXTRA[c],
                "distance {dist}"
            );
        }
    }

    /// Code lengths make complete codes (zlib refuses incomplete ones) within the limit,
    /// also for counts that would make a deeper tree.
    #[test]
    fn code_lengths_are_complete_and_limited() {
        let mut fib = vec![1u32, 1];
        while fib.len() < 30 {
            fib.push(fib[fib.len() - 1] + fib[fib.len() - 2]);
        }
        let cases: Vec<(Vec<u32>, u32)> = vec![
            (fib.clone(), 15),
            (fib[..19].to_vec(), 7),
            (vec![0, 0, 5, 0], 15),
            (vec![0; 30], 15),
            ((0..286).map(|i| i * i % 97).collect(), 15),
        ];
        for (freqs, max) in cases {
            let lengths = code_lengths(&freqs, max);
            assert!(lengths.iter().all(|&l| u32::from(l) <= max));
            assert!(lengths.iter().filter(|&&l| l > 0).count() >= 2);
            let kraft: u64 = lengths
                .iter()
                .filter(|&&l| l > 0)
                .map(|&l| 1u64 << (15 - l))
                .sum();
            assert_eq!(kraft, 1 << 15, "{freqs:?}");
            for (f, l) in freqs.iter().zip(&lengths) {
                assert!(*f == 0 || *l > 0);
            }
        }
    }

    /// Sizes near those of zlib itself for the sample (4816 bytes of English): zlib's level 9
    /// makes 1109 bytes of it. Later pieces of a stream match into earlier ones.
    #[test]
    fn compresses_about_as_well_as_zlib() {
        let text = include_str!("deflate_vectors.txt")
            .lines()
            .find(|l| l.starts_with("text "))
            .map(|l| l[5..].to_string())
            .unwrap_or_default();
        let text: Vec<u8> = (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap_or(0))
            .collect();
        let sizes: Vec<usize> = [1, 6, 9]
            .iter()
            .map(|&l| deflate_raw(&text, l).len())
            .collect();
        assert!(sizes[2] <= 1109 * 21 / 20, "{sizes:?}");
        assert!(sizes[0] <= 1109 * 5 / 4, "{sizes:?}");
        let mut d = Deflater::new(0, 6);
        let first = d.piece(&text, false).len();
        let again = d.piece(&text, false).len();
        assert!(
            again < first / 10,
            "a repeated piece: {first} then {again} bytes"
        );
    }

    /// Random inputs (from incompressible to runs of one byte, with repeats far and near),
    /// at random levels, written in random pieces: each stream decodes to its input, in
    /// every format.
    #[test]
    fn random_inputs_in_random_pieces_round_trip() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n.max(1)
        };
        for round in 0..60 {
            let len = next(if round % 10 == 0 { 200_000 } else { 20_000 }) as usize;
            let alphabet = 1 + next(256) as u8;
            let mut input: Vec<u8> = Vec::with_capacity(len);
            while input.len() < len {
                if input.len() > 10 && next(4) == 0 {
                    // A repeat of something earlier, near or up to the window's reach.
                    let back = 1 + next(input.len().min(40_000) as u64) as usize;
                    let n = 3 + next(300) as usize;
                    for _ in 0..n {
                        input.push(input[input.len() - back]);
                    }
                } else {
                    input.push(next(u64::from(alphabet)) as u8);
                }
            }
            input.truncate(len);
            let level = next(10) as i32;
            let format = next(3) as u8;
            let mut d = Deflater::new(format, level);
            let mut out = Vec::new();
            let mut at = 0;
            while at < input.len() {
                let n = (1 + next(70_000) as usize).min(input.len() - at);
                out.extend(d.piece(&input[at..at + n], false));
                at += n;
            }
            out.extend(d.piece(&[], true));
            let back = decompress(Format::from_number(format), &out, usize::MAX);
            assert!(
                back.as_ref() == Ok(&input),
                "round {round}: {len} bytes, alphabet {alphabet}, level {level}, format {format}"
            );
        }
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
        assert_eq!(adler32_update(1, b"Wikipedia"), 0x11e6_0398);
        let (a, b) = b"123456789".split_at(4);
        assert_eq!(crc32_update(crc32_update(0, a), b), crc32(b"123456789"));
        assert_eq!(
            adler32_update(adler32_update(1, a), b),
            adler32_update(1, b"123456789")
        );
    }
}
