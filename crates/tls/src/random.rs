//! Random bytes: for rustls, and for any program that needs bytes fit for secrets (the
//! runtime's `crypto.randomBytes`, `getRandomValues`, `randomUUID`).
//!
//! `/dev/urandom` when the program can open it (natively, or under a host given `--dir
//! /dev:/dev`). Otherwise WASI's `random_get`, through an HMAC-DRBG (SP 800-90A, SHA-256):
//! wasmtime backs `random_get` with the system's secure generator, but some WasmEdge releases
//! answer it from a fast generator seeded with 32 bits, whose state its raw output could give
//! away. So no raw `random_get` byte leaves through this module: each request mixes fresh
//! bytes of it (from several calls, with the clock) into the DRBG's state, then draws from
//! the DRBG. Without `/dev/urandom` on such a host the DRBG holds no more entropy than those
//! seeds, which is why the README asks for `--dir /dev:/dev`.
//!
//! TLS private keys come from here too: key exchange and ticket keys (the `kx` module). ring
//! draws from `random_get` only where a weak source gives nothing away: ECDSA nonces, which it
//! derives from the private key and the message as well, and RSA-PSS salts.

use std::fs::File;
use std::io::{self, Read};
use std::sync::{Mutex, OnceLock};

use ring::hmac;
use rustls::crypto::{CryptoProvider, GetRandomFailed, SecureRandom};

/// ring's provider with this module as rustls's source of random bytes, and key exchange
/// whose private keys come from it too (see the `kx` module).
pub(crate) fn provider() -> CryptoProvider {
    let mut provider = rustls::crypto::ring::default_provider();
    provider.secure_random = &Source;
    provider.kx_groups = crate::kx::GROUPS.to_vec();
    provider
}

/// Fills `buf` with random bytes fit for secrets: from `/dev/urandom` when it can be opened,
/// else from an HMAC-DRBG that mixes fresh bytes of the host's `random_get` into every
/// request.
pub fn fill_random(buf: &mut [u8]) -> io::Result<()> {
    if buf.is_empty() {
        return Ok(());
    }
    if let Some(mut file) = urandom() {
        if file.read_exact(buf).is_ok() {
            return Ok(());
        }
    }
    let fresh = fresh_input()?;
    static DRBG: Mutex<Option<HmacDrbg>> = Mutex::new(None);
    let mut drbg = DRBG.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match drbg.as_mut() {
        Some(d) => d.reseed(&fresh),
        None => *drbg = Some(HmacDrbg::new(&fresh)),
    }
    if let Some(d) = drbg.as_mut() {
        d.generate(buf);
    }
    Ok(())
}

/// What the DRBG mixes in when `/dev/urandom` cannot be read: 16 bytes from each of four
/// `random_get` calls (WasmEdge releases that seed a new generator for every call give one
/// seed's worth per call), then the wall clock's nanoseconds.
fn fresh_input() -> io::Result<[u8; 80]> {
    let mut fresh = [0u8; 80];
    let source = ring::rand::SystemRandom::new();
    for part in fresh[..64].chunks_mut(16) {
        ring::rand::SecureRandom::fill(&source, part)
            .map_err(|_| io::Error::other("the host's random_get failed"))?;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    fresh[64..].copy_from_slice(&now.to_le_bytes());
    Ok(fresh)
}

fn urandom() -> Option<&'static File> {
    static FILE: OnceLock<Option<File>> = OnceLock::new();
    FILE.get_or_init(|| File::open("/dev/urandom").ok())
        .as_ref()
}

/// rustls's random bytes, from [`fill_random`].
#[derive(Debug)]
struct Source;

impl SecureRandom for Source {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        fill_random(buf).map_err(|_| GetRandomFailed)
    }
}

/// HMAC-DRBG with HMAC-SHA-256 (NIST SP 800-90A, section 10.1.2), without the optional
/// personalisation and additional input.
struct HmacDrbg {
    key: hmac::Key,
    value: [u8; 32],
}

impl HmacDrbg {
    fn new(seed: &[u8]) -> HmacDrbg {
        let mut drbg = HmacDrbg {
            key: hmac::Key::new(hmac::HMAC_SHA256, &[0u8; 32]),
            value: [1u8; 32],
        };
        drbg.update(seed);
        drbg
    }

    fn reseed(&mut self, entropy: &[u8]) {
        self.update(entropy);
    }

    /// HMAC(K, V || marker || data).
    fn mac(&self, marker: Option<u8>, data: &[u8]) -> [u8; 32] {
        let mut ctx = hmac::Context::with_key(&self.key);
        ctx.update(&self.value);
        if let Some(m) = marker {
            ctx.update(&[m]);
        }
        ctx.update(data);
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }

    fn update(&mut self, data: &[u8]) {
        for marker in [0u8, 1] {
            if marker == 1 && data.is_empty() {
                break;
            }
            let k = self.mac(Some(marker), data);
            self.key = hmac::Key::new(hmac::HMAC_SHA256, &k);
            self.value = self.mac(None, &[]);
        }
    }

    fn generate(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(32) {
            self.value = self.mac(None, &[]);
            chunk.copy_from_slice(&self.value[..chunk.len()]);
        }
        self.update(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_with_varied_bytes() {
        let mut a = [0u8; 48];
        let mut b = [0u8; 48];
        fill_random(&mut a).unwrap();
        fill_random(&mut b).unwrap();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 48]);
        Source.fill(&mut a).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn fallback_input_varies() {
        let (a, b) = (fresh_input().unwrap(), fresh_input().unwrap());
        assert_ne!(a[..64], b[..64]);
        assert_ne!(a[..16], a[16..32]);
        assert_ne!(a[64..], [0u8; 16]);
    }

    /// The first vector of NIST's CAVP HMAC_DRBG.rsp for SHA-256 without prediction
    /// resistance, personalisation or additional input: instantiate with entropy || nonce,
    /// reseed, generate twice; the second output is the answer.
    #[test]
    fn matches_the_nist_vector() {
        let hex = |s: &str| -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        };
        let entropy = hex("06032cd5eed33f39265f49ecb142c511da9aff2af71203bffaf34a9ca5bd9c0d");
        let nonce = hex("0e66f71edc43e42a45ad3c6fc6cdc4df");
        let reseed = hex("01920a4e669ed3a85ae8a33b35a74ad7fb2a6bb4cf395ce00334a9c9a5a5d552");
        let expected = hex(
            "76fc79fe9b50beccc991a11b5635783a83536add03c157fb30645e611c2898bb\
             2b1bc215000209208cd506cb28da2a51bdb03826aaf2bd2335d576d519160842\
             e7158ad0949d1a9ec3e66ea1b1a064b005de914eac2e9d4f2d72a8616a80225\
             422918250ff66a41bd2f864a6a38cc5b6499dc43f7f2bd09e1e0f8f5885935124",
        );
        let mut seed = entropy;
        seed.extend_from_slice(&nonce);
        let mut drbg = HmacDrbg::new(&seed);
        drbg.reseed(&reseed);
        let mut out = vec![0u8; 128];
        drbg.generate(&mut out);
        drbg.generate(&mut out);
        assert_eq!(out, expected);
    }
}
