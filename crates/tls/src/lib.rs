//! TLS connections over the `reactor` crate's TCP streams: rustls with ring's algorithms,
//! Mozilla's root certificates (as Node.js ships them), TLS 1.2 and 1.3; clients mostly, and
//! servers with one certificate ([`Acceptor`]).
//!
//! A [`Connector`] holds the configuration (trusted roots, whether to verify, ALPN) and a
//! session cache; [`Connector::connect`] turns a connected [`reactor::TcpStream`] into a
//! [`TlsStream`] after the handshake. The stream reads and writes without blocking the
//! thread, like the TCP stream under it.
//!
//! ```no_run
//! # reactor::block_on(async {
//! let connector = tls::Connector::builder().alpn(&[b"http/1.1"]).build()?;
//! let tcp = reactor::TcpStream::connect("127.0.0.1:8443".parse()?).await?;
//! let tls = connector.connect(tcp, "localhost").await?;
//! tls.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").await?;
//! let mut buf = [0u8; 4096];
//! let n = loop {
//!     match tls.try_read(&mut buf) {
//!         Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => tls.readable().await?,
//!         other => break other?,
//!     }
//! };
//! println!("{}", String::from_utf8_lossy(&buf[..n]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # });
//! ```
//!
//! Certificates are checked against the trusted roots and the name connected to; a refused
//! chain fails the connection with a [`TlsError::Certificate`] whose [`CertError`] says why
//! in the terms OpenSSL uses (self-signed, unknown issuer, expired, name mismatch...).

#![warn(missing_docs)]

mod config;
mod der;
mod error;
mod kx;
mod random;
mod stream;

pub use config::{Acceptor, ClientAuth, ConfigError, Connector, ConnectorBuilder};
pub use der::{certificate_info, CertificateInfo};
pub use error::{CertError, TlsError};
pub use random::fill_random;
pub use stream::{CipherSuiteNames, TlsStream};
