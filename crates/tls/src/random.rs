//! The crypto provider: ring's algorithms, with the random bytes rustls asks for read from
//! `/dev/urandom` when the host lets the program open it.
//!
//! WASI's `random_get` is what ring uses otherwise. wasmtime backs it with the system's
//! secure generator, but some WasmEdge releases answer it from a fast generator that is not
//! meant for secrets; a program run with `--dir /dev:/dev` (or natively) reads the kernel's
//! generator instead. ring draws its key-exchange secrets through `random_get` in any case,
//! so a host whose `random_get` is weak weakens TLS whatever this module does.

use std::fs::File;
use std::io::Read;
use std::sync::OnceLock;

use rustls::crypto::{CryptoProvider, GetRandomFailed, SecureRandom};

/// ring's provider with [`Urandom`] as its source of random bytes.
pub(crate) fn provider() -> CryptoProvider {
    let mut provider = rustls::crypto::ring::default_provider();
    provider.secure_random = &Urandom;
    provider
}

/// `/dev/urandom` when it opens, else ring's own source.
#[derive(Debug)]
struct Urandom;

fn urandom() -> Option<&'static File> {
    static FILE: OnceLock<Option<File>> = OnceLock::new();
    FILE.get_or_init(|| File::open("/dev/urandom").ok())
        .as_ref()
}

impl SecureRandom for Urandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        if let Some(mut file) = urandom() {
            if file.read_exact(buf).is_ok() {
                return Ok(());
            }
        }
        rustls::crypto::ring::default_provider()
            .secure_random
            .fill(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_with_varied_bytes() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        Urandom.fill(&mut a).unwrap();
        Urandom.fill(&mut b).unwrap();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
    }
}
