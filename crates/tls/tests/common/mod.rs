//! What the tls crate's test files share: the bound on every wait, the certificates of
//! `js-tests/fixtures/tls`, a byte pattern that shows lost or reordered data, and the reactor
//! side's reads.

#![allow(dead_code)] // each test file uses its own part

use std::future::Future;
use std::io;
use std::path::Path;
use std::time::Duration;

use tls::TlsStream;

/// How long any socket read or write, and any reactor future, may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub const HTTP11: &[u8] = b"http/1.1";

/// The bytes of a file of the test certificates (see `make.sh` there).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../js-tests/fixtures/tls")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `len` bytes of a pattern that depends on `seed`, so that a lost, repeated or reordered
/// chunk shows.
pub fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i / 251) as u8 ^ seed)
        .collect()
}

/// Runs `future` on the reactor, failing the test if it takes longer than [`TIMEOUT`].
pub fn run<T>(future: impl Future<Output = T>) -> T {
    reactor::block_on(futures_lite::future::or(future, async {
        reactor::sleep(TIMEOUT).await;
        panic!("the reactor side timed out");
    }))
}

/// Reads what is ready, waiting for it: `Ok(0)` at end of stream.
pub async fn read_some(tls: &TlsStream, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match tls.try_read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => tls.readable().await?,
            other => return other,
        }
    }
}

/// Reads until the end of the stream.
pub async fn read_to_end(tls: &TlsStream) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match read_some(tls, &mut buf).await? {
            0 => return Ok(out),
            n => out.extend_from_slice(&buf[..n]),
        }
    }
}
