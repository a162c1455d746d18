//! DEFLATE decoding (RFC 1951) with the zlib (RFC 1950) and gzip (RFC 1952) wrappings, as a
//! resumable decoder: input may arrive in pieces of any size, output leaves in pieces of a
//! bounded size, and only the 32 KiB window and the unread input are held between calls.
//! Plain Rust, no JavaScript; `deflate.rs` has the encoder and the checksums.

use super::deflate::{adler32_update, crc32, crc32_update};

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

/// The wrappings a decoder reads, by the numbers JavaScript passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Raw DEFLATE.
    Raw,
    /// zlib: a two-byte header and an Adler-32.
    Zlib,
    /// gzip: one member after another, each with its CRC-32 and size.
    Gzip,
    /// gzip or zlib, told apart by the first two bytes (zlib's `unzip`).
    GzipOrZlib,
    /// zlib, or raw DEFLATE when the first two bytes are no zlib header: HTTP's `deflate`
    /// content coding, which some servers send raw.
    ZlibOrRaw,
}

impl Format {
    /// 0 raw, 1 zlib, 2 gzip, 3 gzip or zlib, anything else zlib or raw.
    pub(crate) fn from_number(n: u8) -> Format {
        match n {
            0 => Format::Raw,
            1 => Format::Zlib,
            2 => Format::Gzip,
            3 => Format::GzipOrZlib,
            _ => Format::ZlibOrRaw,
        }
    }
}

/// How far back a match may reach.
const WINDOW: usize = 32 * 1024;

/// Reads bits least significant first, as DEFLATE packs them, from the input of one call.
/// Between calls fewer than 8 bits stay in `bit`: whole bytes read ahead are given back.
#[derive(Clone, Copy)]
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    bit: u64,
    bits: u32,
}

impl Reader<'_> {
    /// Fills the bit buffer with as many whole bytes as fit and are there.
    fn refill(&mut self) {
        if let Some(word) = self.data.get(self.pos..self.pos + 8) {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            self.bit |= u64::from_le_bytes(le) << self.bits;
            let whole = (63 - self.bits) / 8;
            self.pos += whole as usize;
            self.bits += whole * 8;
            // Drop what lies past the bytes counted in.
            self.bit &= (1u64 << self.bits) - 1;
        } else {
            while self.bits <= 56 {
                let Some(&b) = self.data.get(self.pos) else {
                    break;
                };
                self.bit |= u64::from(b) << self.bits;
                self.bits += 8;
                self.pos += 1;
            }
        }
    }

    fn take(&mut self, n: u32) -> Result<u32, DecodeError> {
        if n == 0 {
            return Ok(0);
        }
        if self.bits < n {
            self.refill();
            if self.bits < n {
                return Err(DecodeError::Truncated);
            }
        }
        let v = (self.bit & ((1u64 << n) - 1)) as u32;
        self.bit >>= n;
        self.bits -= n;
        Ok(v)
    }

    /// Drops the bits left in the current byte and gives back whole bytes read ahead, so
    /// that `bytes` starts at the next unread byte.
    fn align(&mut self) {
        let whole = self.bits / 8;
        self.pos -= whole as usize;
        self.bit = 0;
        self.bits = 0;
    }

    /// Gives back whole bytes read ahead, keeping the bits of a partly read byte.
    fn give_back(&mut self) {
        let whole = self.bits / 8;
        self.pos -= whole as usize;
        self.bits -= whole * 8;
        self.bit &= (1u64 << self.bits) - 1;
    }

    /// The unread bytes; only when aligned.
    fn bytes(&self) -> &[u8] {
        &self.data[self.pos..]
    }
}

/// Code lengths up to this many bits are decoded by one table look-up.
const FAST_BITS: u32 = 10;

/// A canonical Huffman code: how many codes have each length, the symbols in code order, and
/// a table from the next FAST_BITS input bits to `symbol << 4 | length` (0: look further).
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
    fast: Vec<u16>,
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
        let mut next_code = [0u32; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
            next_code[len + 1] = (next_code[len] + u32::from(counts[len])) << 1;
        }
        let mut symbols = vec![0u16; lengths.len()];
        let mut fast = vec![0u16; 1 << FAST_BITS];
        for (sym, &l) in lengths.iter().enumerate() {
            if l == 0 {
                continue;
            }
            let len = usize::from(l);
            symbols[usize::from(offsets[len])] = sym as u16;
            offsets[len] += 1;
            let code = next_code[len];
            next_code[len] += 1;
            if u32::from(l) <= FAST_BITS {
                // Bits arrive first bit first, so the table is indexed by the code reversed.
                let reversed = (code.reverse_bits() >> (32 - u32::from(l))) as usize;
                let entry = (sym as u16) << 4 | u16::from(l);
                for slot in fast.iter_mut().skip(reversed).step_by(1 << l) {
                    *slot = entry;
                }
            }
        }
        Ok(Huffman {
            counts,
            symbols,
            fast,
        })
    }

    fn decode(&self, r: &mut Reader<'_>) -> Result<u16, DecodeError> {
        if r.bits < 15 {
            r.refill();
        }
        let entry = self.fast[(r.bit & ((1 << FAST_BITS) - 1)) as usize];
        let len = u32::from(entry & 15);
        if len != 0 && len <= r.bits {
            r.bit >>= len;
            r.bits -= len;
            return Ok(entry >> 4);
        }
        // Longer codes are read one bit at a time, most significant first; within each
        // length they are consecutive, so the symbol is found by an offset once in range.
        let mut code: i32 = 0;
        let mut first: i32 = 0;
        let mut index: i32 = 0;
        for len in 1..16 {
            code |= r.take(1)? as i32;
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

pub(super) const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
pub(super) const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
pub(super) const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
pub(super) const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic block lists the lengths of its code-length code.
pub(super) const CLEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

fn fixed_codes() -> Result<(Huffman, Huffman), DecodeError> {
    let mut lengths = [0u8; 288];
    for (i, l) in lengths.iter_mut().enumerate() {
        *l = match i {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    Ok((Huffman::new(&lengths)?, Huffman::new(&[5u8; 30])?))
}

fn dynamic_codes(r: &mut Reader<'_>) -> Result<(Huffman, Huffman), DecodeError> {
    let nlen = r.take(5)? as usize + 257;
    let ndist = r.take(5)? as usize + 1;
    let ncode = r.take(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(DecodeError::Data("too many length or distance symbols"));
    }
    let mut clens = [0u8; 19];
    for &at in &CLEN_ORDER[..ncode] {
        clens[at] = r.take(3)? as u8;
    }
    let clen_code = Huffman::new(&clens)?;
    let mut lengths = [0u8; 286 + 30];
    let total = nlen + ndist;
    let mut i = 0;
    while i < total {
        let sym = clen_code.decode(r)?;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => {
                let prev = *lengths[..i]
                    .last()
                    .ok_or(DecodeError::Data("invalid bit length repeat"))?;
                (prev, 3 + r.take(2)? as usize)
            }
            17 => (0, 3 + r.take(3)? as usize),
            _ => (0, 11 + r.take(7)? as usize),
        };
        if i + repeat > total {
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
        Huffman::new(&lengths[nlen..total])?,
    ))
}

/// Where a decoder is in its stream. Each step either completes or, short of input, leaves
/// the state and the reader as they were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The wrapping's header (none for raw DEFLATE).
    Header,
    /// A block's header.
    Block,
    /// Within a stored block, with this many bytes left.
    Stored(usize),
    /// Within a block of Huffman codes.
    Codes,
    /// The wrapping's trailer (none for raw DEFLATE).
    Trailer,
    /// After a gzip member: another may follow.
    Member,
    /// The stream has ended; what follows is ignored.
    Done,
}

/// Reads the gzip member header at the start of `b`, returning its length.
fn gzip_header(b: &[u8]) -> Result<usize, DecodeError> {
    if b.first().is_some_and(|&x| x != 0x1f) || b.get(1).is_some_and(|&x| x != 0x8b) {
        return Err(DecodeError::Data("incorrect header check"));
    }
    let fixed = b.get(..10).ok_or(DecodeError::Truncated)?;
    if fixed[2] != 8 {
        return Err(DecodeError::Data("unknown compression method"));
    }
    let flags = fixed[3];
    if flags & 0xe0 != 0 {
        return Err(DecodeError::Data("unknown header flags set"));
    }
    let mut at = 10;
    if flags & 4 != 0 {
        let x = b.get(at..at + 2).ok_or(DecodeError::Truncated)?;
        at += 2 + usize::from(u16::from_le_bytes([x[0], x[1]]));
        if at > b.len() {
            return Err(DecodeError::Truncated);
        }
    }
    for flag in [8u8, 16] {
        if flags & flag != 0 {
            let zero = b[at..]
                .iter()
                .position(|&c| c == 0)
                .ok_or(DecodeError::Truncated)?;
            at += zero + 1;
        }
    }
    if flags & 2 != 0 {
        let x = b.get(at..at + 2).ok_or(DecodeError::Truncated)?;
        if u16::from_le_bytes([x[0], x[1]]) != crc32(&b[..at]) as u16 {
            return Err(DecodeError::Data("header crc mismatch"));
        }
        at += 2;
    }
    Ok(at)
}

fn zlib_header_ok(cmf: u8, flg: u8) -> bool {
    cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
}

/// A decoder in flight: everything but the input bytes of the current call.
struct Core {
    format: Format,
    state: State,
    /// The last block of the stream is being read.
    last: bool,
    lit: Huffman,
    dist: Huffman,
    fixed: bool,
    /// The window, then the output not yet handed out (from `start`).
    out: Vec<u8>,
    start: usize,
    /// Output bytes dropped from the front of `out` so far.
    dropped: usize,
    /// The running check value of the member, up to `checked` in `out`.
    check: u32,
    checked: usize,
    /// Where the gzip member began, counting every output byte.
    member_start: usize,
    max_out: usize,
}

impl Core {
    fn produced(&self) -> usize {
        self.dropped + self.out.len()
    }

    /// Folds the output since the last call into the member's check value.
    fn update_check(&mut self) {
        let fresh = &self.out[self.checked..];
        self.check = match self.format {
            Format::Zlib => adler32_update(self.check, fresh),
            Format::Gzip => crc32_update(self.check, fresh),
            _ => self.check,
        };
        self.checked = self.out.len();
    }

    fn start_member(&mut self) {
        self.checked = self.out.len();
        self.check = if self.format == Format::Zlib { 1 } else { 0 };
        self.member_start = self.produced();
    }

    fn end_block(&mut self) {
        self.state = if self.last {
            State::Trailer
        } else {
            State::Block
        };
    }

    fn room(&self, n: usize) -> Result<(), DecodeError> {
        if self.produced() + n > self.max_out {
            Err(DecodeError::TooLarge)
        } else {
            Ok(())
        }
    }

    /// One step; a stored block passes on at most `budget` bytes in one.
    fn step(&mut self, r: &mut Reader<'_>, budget: usize) -> Result<(), DecodeError> {
        match self.state {
            State::Codes => self.symbol(r),
            State::Stored(left) => {
                if left == 0 {
                    self.end_block();
                    return Ok(());
                }
                let b = r.bytes();
                if b.is_empty() {
                    return Err(DecodeError::Truncated);
                }
                let n = left.min(b.len()).min(budget);
                self.room(n)?;
                self.out.extend_from_slice(&b[..n]);
                r.pos += n;
                self.state = State::Stored(left - n);
                Ok(())
            }
            State::Block => self.block(r),
            State::Header => self.header(r),
            State::Trailer => self.trailer(r),
            State::Member => {
                r.align();
                match r.bytes().first() {
                    None => Err(DecodeError::Truncated),
                    // Zero padding after a member ends the data, as zlib has it.
                    Some(0) => {
                        self.state = State::Done;
                        Ok(())
                    }
                    Some(_) => {
                        self.state = State::Header;
                        Ok(())
                    }
                }
            }
            State::Done => {
                r.align();
                r.pos = r.data.len();
                Ok(())
            }
        }
    }

    fn header(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        r.align();
        let b = r.bytes();
        match self.format {
            Format::Raw => {}
            Format::GzipOrZlib | Format::ZlibOrRaw => {
                let pair = b.get(..2).ok_or(DecodeError::Truncated)?;
                self.format = match self.format {
                    Format::GzipOrZlib if pair == [0x1f, 0x8b] => Format::Gzip,
                    Format::GzipOrZlib => Format::Zlib,
                    _ if zlib_header_ok(pair[0], pair[1]) => Format::Zlib,
                    _ => Format::Raw,
                };
                // The header is read in the next step, as the format says.
                return Ok(());
            }
            Format::Zlib => {
                let pair = b.get(..2).ok_or(DecodeError::Truncated)?;
                if !zlib_header_ok(pair[0], pair[1]) {
                    return Err(DecodeError::Data("incorrect header check"));
                }
                if pair[1] & 0x20 != 0 {
                    return Err(DecodeError::Data("Missing dictionary"));
                }
                r.pos += 2;
            }
            Format::Gzip => r.pos += gzip_header(b)?,
        }
        self.start_member();
        self.state = State::Block;
        Ok(())
    }

    fn block(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let last = r.take(1)? == 1;
        match r.take(2)? {
            0 => {
                r.align();
                let h = r.bytes().get(..4).ok_or(DecodeError::Truncated)?;
                let len = u16::from_le_bytes([h[0], h[1]]);
                if len != !u16::from_le_bytes([h[2], h[3]]) {
                    return Err(DecodeError::Data("invalid stored block lengths"));
                }
                r.pos += 4;
                self.state = State::Stored(usize::from(len));
            }
            1 => {
                if !self.fixed {
                    (self.lit, self.dist) = fixed_codes()?;
                    self.fixed = true;
                }
                self.state = State::Codes;
            }
            2 => {
                (self.lit, self.dist) = dynamic_codes(r)?;
                self.fixed = false;
                self.state = State::Codes;
            }
            _ => return Err(DecodeError::Data("invalid block type")),
        }
        self.last = last;
        Ok(())
    }

    fn symbol(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let sym = self.lit.decode(r)?;
        if sym < 256 {
            self.room(1)?;
            self.out.push(sym as u8);
            return Ok(());
        }
        if sym == 256 {
            self.end_block();
            return Ok(());
        }
        let li = usize::from(sym - 257);
        if li >= 29 {
            return Err(DecodeError::Data("invalid literal/length code"));
        }
        let len = usize::from(LENGTH_BASE[li]) + r.take(u32::from(LENGTH_EXTRA[li]))? as usize;
        let di = usize::from(self.dist.decode(r)?);
        if di >= 30 {
            return Err(DecodeError::Data("invalid distance code"));
        }
        let back = usize::from(DIST_BASE[di]) + r.take(u32::from(DIST_EXTRA[di]))? as usize;
        if back > self.out.len() {
            return Err(DecodeError::Data("invalid distance too far back"));
        }
        self.room(len)?;
        let from = self.out.len() - back;
        if back >= len {
            self.out.extend_from_within(from..from + len);
        } else {
            // The copy overlaps what it writes: a repeating pattern of `back` bytes.
            for k in 0..len {
                let b = self.out[from + k];
                self.out.push(b);
            }
        }
        Ok(())
    }

    fn trailer(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        r.align();
        match self.format {
            Format::Zlib => {
                let t = r.bytes().get(..4).ok_or(DecodeError::Truncated)?;
                let want = u32::from_be_bytes([t[0], t[1], t[2], t[3]]);
                self.update_check();
                if want != self.check {
                    return Err(DecodeError::Data("incorrect data check"));
                }
                r.pos += 4;
                self.state = State::Done;
            }
            Format::Gzip => {
                let t = r.bytes().get(..8).ok_or(DecodeError::Truncated)?;
                let crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
                let size = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
                self.update_check();
                if crc != self.check {
                    return Err(DecodeError::Data("incorrect data check"));
                }
                if size != (self.produced() - self.member_start) as u32 {
                    return Err(DecodeError::Data("incorrect length check"));
                }
                r.pos += 8;
                self.state = State::Member;
            }
            _ => self.state = State::Done,
        }
        Ok(())
    }
}

/// A resumable decoder of one stream (or, for gzip, of members one after another).
pub(crate) struct Inflater {
    core: Core,
    /// Input given but not yet read.
    pending: Vec<u8>,
    /// Bits of a partly read byte.
    bit: u64,
    bits: u32,
    failed: Option<DecodeError>,
}

impl Inflater {
    /// A decoder of `format` that refuses to produce more than `max_out` bytes in all.
    pub(crate) fn new(format: Format, max_out: usize) -> Inflater {
        let empty = || Huffman {
            counts: [0; 16],
            symbols: Vec::new(),
            fast: vec![0; 1 << FAST_BITS],
        };
        Inflater {
            core: Core {
                format,
                state: State::Header,
                last: false,
                lit: empty(),
                dist: empty(),
                fixed: false,
                out: Vec::new(),
                start: 0,
                dropped: 0,
                check: 0,
                checked: 0,
                member_start: 0,
                max_out,
            },
            pending: Vec::new(),
            bit: 0,
            bits: 0,
            failed: None,
        }
    }

    /// The stream has ended (for gzip: a member has, and no other has begun).
    pub(crate) fn finished(&self) -> bool {
        matches!(self.core.state, State::Done | State::Member)
    }

    /// Takes `input` and decodes what it can: the bytes out, stopping once `limit` bytes are
    /// out (call again with no input for more). When `end` says no more input will come and
    /// all that was given has been read, a stream that has not ended is an error.
    pub(crate) fn piece(
        &mut self,
        input: &[u8],
        end: bool,
        limit: usize,
    ) -> Result<Vec<u8>, DecodeError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let held = !self.pending.is_empty();
        if held {
            self.pending.extend_from_slice(input);
        }
        let data: &[u8] = if held { &self.pending } else { input };
        let mut r = Reader {
            data,
            pos: 0,
            bit: self.bit,
            bits: self.bits,
        };
        let core = &mut self.core;
        let mut short = false;
        let mut outcome = Ok(());
        while core.out.len() - core.start < limit && core.state != State::Done {
            let before = r;
            let budget = limit - (core.out.len() - core.start);
            match core.step(&mut r, budget) {
                Ok(()) => {}
                Err(DecodeError::Truncated) => {
                    r = before;
                    short = true;
                    break;
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        if core.state == State::Done {
            r.align();
            r.pos = data.len();
        }
        r.give_back();
        let (pos, bit, bits) = (r.pos, r.bit, r.bits);
        if let Err(e) = outcome {
            self.failed = Some(e.clone());
            return Err(e);
        }
        if held {
            self.pending.drain(..pos);
        } else {
            self.pending.extend_from_slice(&input[pos..]);
        }
        self.bit = bit;
        self.bits = bits;
        if short && end && !self.finished() {
            self.failed = Some(DecodeError::Truncated);
            return Err(DecodeError::Truncated);
        }
        Ok(self.take_output())
    }

    /// The output since the last call; what the window needs stays behind.
    fn take_output(&mut self) -> Vec<u8> {
        let core = &mut self.core;
        core.update_check();
        if core.start == 0 {
            let all = std::mem::take(&mut core.out);
            let keep = if self.failed.is_none() && core.state == State::Done {
                0
            } else {
                all.len().min(WINDOW)
            };
            core.out = all[all.len() - keep..].to_vec();
            core.dropped += all.len() - keep;
            core.start = core.out.len();
            core.checked = core.out.len();
            return all;
        }
        let fresh = core.out[core.start..].to_vec();
        // Trim the window now and then rather than on every call.
        if core.out.len() >= 4 * WINDOW {
            let cut = core.out.len() - WINDOW;
            core.out.drain(..cut);
            core.dropped += cut;
        }
        core.start = core.out.len();
        core.checked = core.out.len();
        fresh
    }
}

/// Decodes all of `input` as one stream of `format`, up to `max_out` bytes.
pub(crate) fn decompress(
    format: Format,
    input: &[u8],
    max_out: usize,
) -> Result<Vec<u8>, DecodeError> {
    let mut inflater = Inflater::new(format, max_out);
    inflater.piece(input, true, usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::deflate::{deflate_raw, deflate_zlib, gzip, Deflater};

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

    fn whole(format: Format, input: &[u8]) -> Result<Vec<u8>, DecodeError> {
        decompress(format, input, usize::MAX)
    }

    /// Feeds `input` in pieces of `size` bytes, taking output in pieces of at most `limit`.
    fn in_pieces(
        format: Format,
        input: &[u8],
        size: usize,
        limit: usize,
    ) -> Result<Vec<u8>, DecodeError> {
        let mut d = Inflater::new(format, usize::MAX);
        let mut out = Vec::new();
        let pieces: Vec<&[u8]> = input.chunks(size.max(1)).collect();
        for (i, piece) in pieces.iter().enumerate() {
            let end = i + 1 == pieces.len();
            let mut next = d.piece(piece, end, limit)?;
            while next.len() >= limit {
                assert!(next.len() < limit + 259, "a piece of {} bytes", next.len());
                out.extend_from_slice(&next);
                next = d.piece(&[], end, limit)?;
            }
            out.extend_from_slice(&next);
        }
        if pieces.is_empty() {
            out.extend(d.piece(&[], true, limit)?);
        }
        Ok(out)
    }

    #[test]
    fn decodes_streams_from_another_implementation() {
        let text = sample("text");
        assert_eq!(whole(Format::Zlib, &sample("zlib9")), Ok(text.clone()));
        assert_eq!(whole(Format::Gzip, &sample("gzip6")), Ok(text.clone()));
        assert_eq!(
            whole(Format::GzipOrZlib, &sample("gzip6")),
            Ok(text.clone())
        );
        assert_eq!(
            whole(Format::GzipOrZlib, &sample("zlib9")),
            Ok(text.clone())
        );
        assert_eq!(whole(Format::Raw, &sample("raw1")), Ok(text.clone()));
        assert_eq!(whole(Format::ZlibOrRaw, &sample("raw1")), Ok(text.clone()));
        assert_eq!(whole(Format::ZlibOrRaw, &sample("zlib9")), Ok(text.clone()));
        assert_eq!(
            whole(Format::Zlib, &sample("zlib0")),
            Ok(text[..1000].to_vec())
        );
    }

    /// Every stream decodes the same whether given whole, a byte at a time or in pieces of
    /// other sizes, and with output taken in small pieces.
    #[test]
    fn pieces_of_any_size_decode_the_same() {
        let text = sample("text");
        let big: Vec<u8> = (0..300_000u32)
            .map(|i| (i * 7 % 251) as u8 ^ (i / 3000) as u8)
            .collect();
        let streams = [
            (Format::Zlib, sample("zlib9"), text.clone()),
            (Format::Gzip, sample("gzip6"), text.clone()),
            (Format::Raw, sample("raw1"), text.clone()),
            (Format::Gzip, gzip(&big, 6), big.clone()),
            (Format::GzipOrZlib, deflate_zlib(&big, 0), big.clone()),
            (Format::ZlibOrRaw, deflate_raw(&big, 1), big.clone()),
        ];
        for (format, stream, want) in &streams {
            for size in [1, 2, 3, 7, 100, 4096, 65_536, usize::MAX] {
                for limit in [1, 1000, 65_536, usize::MAX] {
                    if size < 4 && limit == 1 && want.len() > 10_000 {
                        continue;
                    }
                    let got = in_pieces(*format, stream, size.min(stream.len()), limit);
                    assert_eq!(
                        got.as_ref(),
                        Ok(want),
                        "{format:?} pieces {size} limit {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn round_trips_at_every_level() {
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new(), b"a".to_vec(), sample("text")];
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
                assert_eq!(
                    whole(Format::Raw, &deflate_raw(input, level)).as_ref(),
                    Ok(input)
                );
                assert_eq!(
                    whole(Format::Zlib, &deflate_zlib(input, level)).as_ref(),
                    Ok(input)
                );
                assert_eq!(whole(Format::Gzip, &gzip(input, level)).as_ref(), Ok(input));
            }
        }
    }

    /// Compressed pieces (sync flushes) decode as far as they go, before the end comes.
    #[test]
    fn flushed_pieces_decode_before_the_end() {
        let text: Vec<u8> = (0..70_000u32).map(|i| (i % 253) as u8).collect();
        for format in [0u8, 1, 2] {
            let mut c = Deflater::new(format, 6);
            let mut d = Inflater::new(Format::from_number(format), usize::MAX);
            let mut out = Vec::new();
            for part in text.chunks(20_000) {
                out.extend(d.piece(&c.piece(part, false), false, usize::MAX).unwrap());
                assert_eq!(out, text[..out.len()], "format {format}");
                assert!(!d.finished());
            }
            assert_eq!(out.len(), text.len());
            out.extend(d.piece(&c.piece(&[], true), true, usize::MAX).unwrap());
            assert!(d.finished());
            assert_eq!(out, text);
        }
    }

    #[test]
    fn concatenated_gzip_members_decode_as_one() {
        let mut both = gzip(b"hello ", 6);
        both.extend(gzip(b"world", 1));
        assert_eq!(
            whole(Format::Gzip, &both).as_deref(),
            Ok(&b"hello world"[..])
        );
        assert_eq!(
            in_pieces(Format::Gzip, &both, 1, 3).as_deref(),
            Ok(&b"hello world"[..])
        );
        // Zero padding after a member ends the data; so does the end of a zlib stream.
        let mut padded = gzip(b"x", 6);
        padded.extend([0, 0, 0, 0x1f]);
        assert_eq!(whole(Format::Gzip, &padded).as_deref(), Ok(&b"x"[..]));
        let mut z = deflate_zlib(b"y", 6);
        z.extend(b"trailing");
        assert_eq!(whole(Format::Zlib, &z).as_deref(), Ok(&b"y"[..]));
    }

    #[test]
    fn gzip_headers_with_every_field() {
        let mut g = vec![0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3];
        g.extend([3, 0, b'a', b'b', b'c']);
        g.extend(b"name.txt\0a comment\0");
        let crc = crc32(&g) as u16;
        g.extend(crc.to_le_bytes());
        let member = gzip(b"payload", 6);
        g.extend(&member[10..]);
        assert_eq!(whole(Format::Gzip, &g).as_deref(), Ok(&b"payload"[..]));
        assert_eq!(
            in_pieces(Format::Gzip, &g, 1, 1).as_deref(),
            Ok(&b"payload"[..])
        );
        let mut bad = g.clone();
        bad[20] ^= 1;
        assert_eq!(
            whole(Format::Gzip, &bad),
            Err(DecodeError::Data("header crc mismatch"))
        );
    }

    #[test]
    fn bad_input_is_refused_not_panicked_on() {
        let z = deflate_zlib(b"some text to break", 6);
        assert_eq!(
            whole(Format::Zlib, b"xx"),
            Err(DecodeError::Data("incorrect header check"))
        );
        assert_eq!(
            whole(Format::Gzip, b"not gzip at all"),
            Err(DecodeError::Data("incorrect header check"))
        );
        assert_eq!(
            whole(Format::Zlib, &z[..z.len() - 3]),
            Err(DecodeError::Truncated)
        );
        assert_eq!(whole(Format::Gzip, b""), Err(DecodeError::Truncated));
        let mut bad = z.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(
            whole(Format::Zlib, &bad),
            Err(DecodeError::Data("incorrect data check"))
        );
        assert_eq!(
            decompress(Format::Zlib, &deflate_zlib(&[7u8; 1000], 6), 10),
            Err(DecodeError::TooLarge)
        );
        // A failed decoder stays failed.
        let mut d = Inflater::new(Format::Zlib, usize::MAX);
        assert!(d.piece(b"xx", false, 100).is_err());
        assert!(d.piece(&z, true, 100).is_err());
        // Every prefix and every single-byte change of a stream: an answer, never a panic;
        // a prefix fed without the end is no error.
        let text = sample("text");
        let g = gzip(&text, 6);
        for cut in 0..g.len() {
            assert_eq!(whole(Format::Gzip, &g[..cut]), Err(DecodeError::Truncated));
            let mut d = Inflater::new(Format::Gzip, usize::MAX);
            assert!(d.piece(&g[..cut], false, usize::MAX).is_ok());
        }
        for at in 0..g.len() {
            let mut m = g.clone();
            m[at] = m[at].wrapping_add(0x55);
            let _ = decompress(Format::Gzip, &m, 1 << 20);
            let _ = in_pieces(Format::Gzip, &m, 5, 300);
        }
    }
}
