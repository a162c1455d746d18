//! Message digests for `node:crypto` and `crypto.subtle.digest`: MD5 (RFC 1321), SHA-1,
//! SHA-256, SHA-384 and SHA-512 (FIPS 180-4), each fed incrementally, and HMAC (RFC 2104) over
//! any of them. Plain Rust, no JavaScript: the native functions in `crypto.rs` wrap these.

/// A digest algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    /// The algorithm Node or Web Crypto names `name` (`sha256`, `SHA-256`, `RSA-SHA256`, ...),
    /// case-insensitively.
    pub(crate) fn from_name(name: &str) -> Option<Algorithm> {
        let lower = name.to_ascii_lowercase();
        let bare = lower.strip_prefix("rsa-").unwrap_or(&lower);
        Some(match bare {
            "md5" => Algorithm::Md5,
            "sha1" | "sha-1" => Algorithm::Sha1,
            "sha256" | "sha-256" => Algorithm::Sha256,
            "sha384" | "sha-384" => Algorithm::Sha384,
            "sha512" | "sha-512" => Algorithm::Sha512,
            _ => return None,
        })
    }

    /// Bytes per compression block.
    pub(crate) fn block_len(self) -> usize {
        match self {
            Algorithm::Sha384 | Algorithm::Sha512 => 128,
            _ => 64,
        }
    }

    /// Bytes of output.
    pub(crate) fn output_len(self) -> usize {
        match self {
            Algorithm::Md5 => 16,
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 => 64,
        }
    }
}

/// An incremental digest: `update` any number of times, then `finish`.
#[derive(Debug, Clone)]
pub(crate) struct Hasher {
    alg: Algorithm,
    /// The chaining state; the 32-bit algorithms use the low half of each word.
    state: [u64; 8],
    /// A partial block waiting for more bytes.
    pending: [u8; 128],
    pending_len: usize,
    /// Bytes hashed so far.
    total: u128,
}

impl Hasher {
    pub(crate) fn new(alg: Algorithm) -> Hasher {
        let mut state = [0u64; 8];
        match alg {
            Algorithm::Md5 => state[..4].copy_from_slice(&MD5_H.map(u64::from)),
            Algorithm::Sha1 => state[..5].copy_from_slice(&SHA1_H.map(u64::from)),
            Algorithm::Sha256 => state.copy_from_slice(&SHA256_H.map(u64::from)),
            Algorithm::Sha384 => state = SHA384_H,
            Algorithm::Sha512 => state = SHA512_H,
        }
        Hasher {
            alg,
            state,
            pending: [0; 128],
            pending_len: 0,
            total: 0,
        }
    }

    pub(crate) fn algorithm(&self) -> Algorithm {
        self.alg
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        let block = self.alg.block_len();
        self.total += data.len() as u128;
        if self.pending_len > 0 {
            let take = (block - self.pending_len).min(data.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&data[..take]);
            self.pending_len += take;
            data = &data[take..];
            if self.pending_len < block {
                return;
            }
            let full = self.pending;
            self.compress(&full[..block]);
            self.pending_len = 0;
        }
        let mut blocks = data.chunks_exact(block);
        for b in blocks.by_ref() {
            self.compress(b);
        }
        let rest = blocks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    /// The digest of everything fed in.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        let block = self.alg.block_len();
        // The message length goes in the last 8 bytes of the last block (16 for the 128-byte
        // block algorithms), after a 1 bit and as many 0 bits as it takes.
        let length_len = if block == 128 { 16 } else { 8 };
        let bits = self.total.wrapping_mul(8);
        let mut tail = vec![0x80u8];
        let used = (self.pending_len + 1) % block;
        let zeros = (block + block - length_len - used) % block;
        tail.resize(1 + zeros, 0);
        match self.alg {
            Algorithm::Md5 => tail.extend_from_slice(&(bits as u64).to_le_bytes()),
            Algorithm::Sha384 | Algorithm::Sha512 => tail.extend_from_slice(&bits.to_be_bytes()),
            _ => tail.extend_from_slice(&(bits as u64).to_be_bytes()),
        }
        let total = self.total;
        self.update(&tail);
        self.total = total;
        debug_assert_eq!(self.pending_len, 0);
        let mut out = Vec::with_capacity(64);
        match self.alg {
            Algorithm::Md5 => {
                for w in &self.state[..4] {
                    out.extend_from_slice(&(*w as u32).to_le_bytes());
                }
            }
            Algorithm::Sha1 | Algorithm::Sha256 => {
                for w in &self.state[..self.alg.output_len() / 4] {
                    out.extend_from_slice(&(*w as u32).to_be_bytes());
                }
            }
            Algorithm::Sha384 | Algorithm::Sha512 => {
                for w in &self.state {
                    out.extend_from_slice(&w.to_be_bytes());
                }
                out.truncate(self.alg.output_len());
            }
        }
        out
    }

    fn compress(&mut self, block: &[u8]) {
        match self.alg {
            Algorithm::Md5 => md5_block(&mut self.state, block),
            Algorithm::Sha1 => sha1_block(&mut self.state, block),
            Algorithm::Sha256 => sha256_block(&mut self.state, block),
            Algorithm::Sha384 | Algorithm::Sha512 => sha512_block(&mut self.state, block),
        }
    }
}

/// HMAC over one of the digests: the inner digest is fed as data comes, the outer one at the
/// end.
#[derive(Debug, Clone)]
pub(crate) struct Hmac {
    inner: Hasher,
    outer_key: Vec<u8>,
}

impl Hmac {
    pub(crate) fn new(alg: Algorithm, key: &[u8]) -> Hmac {
        let block = alg.block_len();
        let mut k = if key.len() > block {
            let mut h = Hasher::new(alg);
            h.update(key);
            h.finish()
        } else {
            key.to_vec()
        };
        k.resize(block, 0);
        let mut inner = Hasher::new(alg);
        inner.update(&k.iter().map(|b| b ^ 0x36).collect::<Vec<u8>>());
        let outer_key = k.iter().map(|b| b ^ 0x5c).collect();
        Hmac { inner, outer_key }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        let mut outer = Hasher::new(self.inner.algorithm());
        outer.update(&self.outer_key);
        outer.update(&self.inner.finish());
        outer.finish()
    }
}

const MD5_H: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
const SHA1_H: [u32; 5] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/// Left-rotation amounts of MD5's four rounds.
const MD5_S: [[u32; 4]; 4] = [
    [7, 12, 17, 22],
    [5, 9, 14, 20],
    [4, 11, 16, 23],
    [6, 10, 15, 21],
];

fn md5_block(state: &mut [u64; 8], block: &[u8]) {
    let mut m = [0u32; 16];
    for (w, b) in m.iter_mut().zip(block.chunks_exact(4)) {
        *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    }
    let [mut a, mut b, mut c, mut d] = [0, 1, 2, 3].map(|i| state[i] as u32);
    for i in 0..64 {
        let (f, g) = match i / 16 {
            0 => ((b & c) | (!b & d), i),
            1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
            2 => (b ^ c ^ d, (3 * i + 5) % 16),
            _ => (c ^ (b | !d), (7 * i) % 16),
        };
        let sum = f.wrapping_add(a).wrapping_add(MD5_K[i]).wrapping_add(m[g]);
        a = d;
        d = c;
        c = b;
        b = b.wrapping_add(sum.rotate_left(MD5_S[i / 16][i % 4]));
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d]) {
        *s = u64::from((*s as u32).wrapping_add(v));
    }
}

fn sha1_block(state: &mut [u64; 8], block: &[u8]) {
    let mut w = [0u32; 80];
    for (w, b) in w.iter_mut().zip(block.chunks_exact(4)) {
        *w = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    }
    for t in 16..80 {
        w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e] = [0, 1, 2, 3, 4].map(|i| state[i] as u32);
    for (t, wt) in w.iter().enumerate() {
        let (f, k) = match t / 20 {
            0 => ((b & c) | (!b & d), 0x5a827999),
            1 => (b ^ c ^ d, 0x6ed9eba1),
            2 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdc),
            _ => (b ^ c ^ d, 0xca62c1d6),
        };
        let next = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*wt);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = next;
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e]) {
        *s = u64::from((*s as u32).wrapping_add(v));
    }
}

fn sha256_block(state: &mut [u64; 8], block: &[u8]) {
    let mut w = [0u32; 64];
    for (w, b) in w.iter_mut().zip(block.chunks_exact(4)) {
        *w = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    }
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    let mut v = state.map(|x| x as u32);
    for t in 0..64 {
        let [a, b, c, d, e, f, g, h] = v;
        let big_s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(big_s1)
            .wrapping_add(ch)
            .wrapping_add(SHA256_K[t])
            .wrapping_add(w[t]);
        let big_s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = big_s0.wrapping_add(maj);
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (s, x) in state.iter_mut().zip(v) {
        *s = u64::from((*s as u32).wrapping_add(x));
    }
}

fn sha512_block(state: &mut [u64; 8], block: &[u8]) {
    let mut w = [0u64; 80];
    for (w, b) in w.iter_mut().zip(block.chunks_exact(8)) {
        *w = u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    }
    for t in 16..80 {
        let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
        let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    let mut v = *state;
    for t in 0..80 {
        let [a, b, c, d, e, f, g, h] = v;
        let big_s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(big_s1)
            .wrapping_add(ch)
            .wrapping_add(SHA512_K[t])
            .wrapping_add(w[t]);
        let big_s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = big_s0.wrapping_add(maj);
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (s, x) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(x);
    }
}

// The constants below follow their definitions: MD5's K[i] is the integer part of
// 2^32 * |sin(i + 1)|; SHA-2's round constants are the first 32 (SHA-256) or 64 (SHA-512) bits
// of the fractional parts of the cube roots of the first 64 or 80 primes, and the initial
// values those of the square roots of the first 8 primes (SHA-384: the 9th to 16th).
const SHA256_K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const SHA256_H: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const SHA512_K: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];
const SHA512_H: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];
const SHA384_H: [u64; 8] = [
    0xcbbb9d5dc1059ed8,
    0x629a292a367cd507,
    0x9159015a3070dd17,
    0x152fecd8f70e5939,
    0x67332667ffc00b31,
    0x8eb44a8768581511,
    0xdb0c2e0d64f98fa7,
    0x47b5481dbefa4fa4,
];
const MD5_K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn digest(alg: Algorithm, data: &[u8]) -> String {
        let mut h = Hasher::new(alg);
        h.update(data);
        hex(&h.finish())
    }

    #[test]
    fn published_vectors() {
        let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        let cases: &[(Algorithm, &[u8], &str)] = &[
            (Algorithm::Md5, b"", "d41d8cd98f00b204e9800998ecf8427e"),
            (Algorithm::Md5, b"abc", "900150983cd24fb0d6963f7d28e17f72"),
            (
                Algorithm::Md5,
                b"The quick brown fox jumps over the lazy dog",
                "9e107d9d372bb6826bd81d3542a419d6",
            ),
            (
                Algorithm::Sha1,
                b"",
                "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            ),
            (
                Algorithm::Sha1,
                b"abc",
                "a9993e364706816aba3e25717850c26c9cd0d89d",
            ),
            (
                Algorithm::Sha256,
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                Algorithm::Sha256,
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                Algorithm::Sha256,
                two_blocks,
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
            (
                Algorithm::Sha384,
                b"abc",
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
                 8086072ba1e7cc2358baeca134c825a7",
            ),
            (
                Algorithm::Sha512,
                b"abc",
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
                 2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            ),
        ];
        for (alg, data, want) in cases {
            assert_eq!(digest(*alg, data), *want, "{alg:?} of {data:?}");
        }
    }

    /// Every length from 0 to 299 bytes (each block boundary and padding case), checked at
    /// once: the digest of all 300 digests, as computed by another implementation.
    #[test]
    fn every_length_around_the_block_boundaries() {
        let expected = [
            (Algorithm::Md5, "6df39947d2c08075436d0edf312ed0fb"),
            (Algorithm::Sha1, "415cea6bc6991763c99ec16eb06ad992a955e73f"),
            (
                Algorithm::Sha256,
                "fa70b867db0a30acb7218d62945db0df52eb393808b30675ea9aac6b058a9a9d",
            ),
            (
                Algorithm::Sha384,
                "960929a702d4459cf68fcaab573d85b98a5d2d8b1026673f1198829cf429a13b\
                 0e8bb50b36fb7c0d3b0720605eef2998",
            ),
            (
                Algorithm::Sha512,
                "5876909c163eee9aa8e3e0dbbe23ff09a3b1c1690c50ecab0cf75109b7ea0931\
                 80f3b1db84ac4671a35db7394d95e9b645b20209761dc874ec013385e1db7916",
            ),
        ];
        for (alg, want) in expected {
            let mut all = Vec::new();
            for n in 0..300usize {
                let data: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
                let mut h = Hasher::new(alg);
                h.update(&data);
                all.extend(h.finish());
            }
            assert_eq!(digest(alg, &all), want, "{alg:?}");
        }
    }

    #[test]
    fn split_feeding_gives_the_same_digest() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 % 256) as u8).collect();
        for alg in [
            Algorithm::Md5,
            Algorithm::Sha1,
            Algorithm::Sha256,
            Algorithm::Sha384,
            Algorithm::Sha512,
        ] {
            let whole = digest(alg, &data);
            for cut in 0..data.len() {
                let mut h = Hasher::new(alg);
                h.update(&data[..cut]);
                h.update(&data[cut..]);
                assert_eq!(hex(&h.finish()), whole, "{alg:?} cut at {cut}");
            }
        }
    }

    #[test]
    fn hmac_vectors() {
        // RFC 2202 and RFC 4231, test case 2; then keys longer than a block.
        let data = b"what do ya want for nothing?";
        let cases: &[(Algorithm, &[u8], &[u8], &str)] = &[
            (
                Algorithm::Md5,
                b"Jefe",
                data,
                "750c783e6ab0b503eaa86e310a5db738",
            ),
            (
                Algorithm::Sha1,
                b"Jefe",
                data,
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            ),
            (
                Algorithm::Sha256,
                b"Jefe",
                data,
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                Algorithm::Sha256,
                &[b'k'; 100],
                b"data",
                "09380ee4b802da2363bc96e8e0d133ba275458ea8ddbc564f986fc12b31f8cb1",
            ),
            (
                Algorithm::Sha512,
                &[b'k'; 200],
                b"data",
                "854e242c54ce5f31621a1f809881b3439c0a77fd594dc546b9b3a957cf6f7b54\
                 75a1302be9fde1ece18531982eaa2141907c8b2fbd8bec2e5b19b8312ace3f2b",
            ),
        ];
        for (alg, key, data, want) in cases {
            let mut m = Hmac::new(*alg, key);
            m.update(data);
            assert_eq!(hex(&m.finish()), *want, "{alg:?}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(Algorithm::from_name("SHA-256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("sha256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("RSA-SHA1"), Some(Algorithm::Sha1));
        assert_eq!(Algorithm::from_name("MD5"), Some(Algorithm::Md5));
        assert_eq!(Algorithm::from_name("sha3-256"), None);
    }
}
