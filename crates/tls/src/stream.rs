//! A TLS connection (client or server side) over a reactor TCP stream, with the same
//! non-blocking shape as the TCP stream itself: `try_read` / `readable` for incoming data,
//! `write_all` (or `try_write` / `try_flush` / `writable`) for outgoing.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, IoSlice, Read, Write};
use std::rc::Rc;
use std::sync::Arc;

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, Connection, ServerConnection};

use crate::config::ClientVerifier;
use crate::{Acceptor, Connector, TlsError};

/// Most plaintext rustls holds encrypted but unsent before `write_all` waits for the socket.
const SEND_BUFFER: usize = 64 * 1024;

/// A TLS connection, made by [`Connector::connect`] (client) or [`Acceptor::accept`]
/// (server). Clones share the connection, so one task can read while another writes.
#[derive(Clone)]
pub struct TlsStream {
    tcp: reactor::TcpStream,
    state: Rc<RefCell<State>>,
    /// A client's connector and the name it connected to, for `authorization_error`.
    client: Option<(Connector, ServerName<'static>)>,
    /// A server's check of client certificates, when it asked for them.
    clients: Option<Arc<ClientVerifier>>,
}

struct State {
    conn: Connection,
    /// The TCP stream reached its end: no more records will come.
    eof: bool,
}

impl fmt::Debug for TlsStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("TlsStream")
            .field("tcp", &self.tcp)
            .field("version", &state.conn.protocol_version())
            .field("handshaking", &state.conn.is_handshaking())
            .finish()
    }
}

/// `std::io` reads and writes on a reactor stream, for rustls: never blocking, `WouldBlock`
/// when the socket has nothing or no room.
struct Tcp<'a>(&'a reactor::TcpStream);

impl Read for Tcp<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.try_read(buf)
    }
}

impl Write for Tcp<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.try_write(buf)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.0.try_write_vectored(bufs)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes queued records until none are left (`Ok`) or the socket takes no more
/// (`WouldBlock`).
fn flush_now(conn: &mut Connection, tcp: &reactor::TcpStream) -> io::Result<()> {
    while conn.wants_write() {
        match conn.write_tls(&mut Tcp(tcp)) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn tls_error(e: rustls::Error) -> io::Error {
    TlsError::from_rustls(e).into_io()
}

impl Connector {
    /// Starts TLS as a client on `tcp` and completes the handshake. `server_name` is the
    /// host name (sent as SNI, and what the certificate must be for) or an IP address.
    ///
    /// Errors are I/O errors; a TLS failure (a refused certificate, an alert, a peer that
    /// does not speak TLS) carries a [`TlsError`], found with [`TlsError::of`].
    pub async fn connect(
        &self,
        tcp: reactor::TcpStream,
        server_name: &str,
    ) -> io::Result<TlsStream> {
        let name = ServerName::try_from(server_name.to_string()).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid TLS server name {server_name:?}"),
            )
        })?;
        let mut conn =
            ClientConnection::new(self.config.clone(), name.clone()).map_err(tls_error)?;
        conn.set_buffer_limit(Some(SEND_BUFFER));
        let stream = TlsStream::new(tcp, conn.into(), Some((self.clone(), name)), None);
        stream.handshake().await?;
        Ok(stream)
    }
}

impl Acceptor {
    /// Runs the server side of the handshake on an accepted `tcp`. The caller bounds how long
    /// it may take (a client that never speaks would hold it forever).
    pub async fn accept(&self, tcp: reactor::TcpStream) -> io::Result<TlsStream> {
        let mut conn = ServerConnection::new(self.config.clone()).map_err(tls_error)?;
        conn.set_buffer_limit(Some(SEND_BUFFER));
        let stream = TlsStream::new(tcp, conn.into(), None, self.clients.clone());
        stream.handshake().await?;
        if stream.protocol_version() == Some("TLSv1.2") {
            // A TLS 1.2 client waits for the server's Finished before it sends anything.
            // (TLS 1.3's session tickets stay queued: they leave with the first answer.)
            stream.flush().await?;
        }
        Ok(stream)
    }
}

impl TlsStream {
    fn new(
        tcp: reactor::TcpStream,
        conn: Connection,
        client: Option<(Connector, ServerName<'static>)>,
        clients: Option<Arc<ClientVerifier>>,
    ) -> TlsStream {
        TlsStream {
            tcp,
            state: Rc::new(RefCell::new(State { conn, eof: false })),
            client,
            clients,
        }
    }

    /// Runs the handshake up to the point where application data may be sent. The client's
    /// last handshake message is left queued (TLS 1.3's Finished): it leaves with the first
    /// write, in the same TCP segment, or before the first wait for data. Sent alone, it would
    /// meet Nagle's algorithm and the peer's delayed ACK and hold the first request back by
    /// tens of milliseconds.
    async fn handshake(&self) -> io::Result<()> {
        loop {
            if !self.state.borrow().conn.is_handshaking() {
                return Ok(());
            }
            self.flush().await?;
            match self.pull() {
                Ok(true) => {}
                Ok(false) => return Err(TlsError::HandshakeEof.into_io()),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.tcp.readable().await?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads records from the socket and processes them: `Ok(false)` at end of stream,
    /// `WouldBlock` when the socket has nothing. What the records call for (a key update's
    /// answer, the handshake's last message) leaves with the next write or before the next
    /// wait for data; only the alert that a failure sends is written at once.
    fn pull(&self) -> io::Result<bool> {
        let mut state = self.state.borrow_mut();
        if state.eof {
            return Ok(false);
        }
        let n = state.conn.read_tls(&mut Tcp(&self.tcp))?;
        if n == 0 {
            state.eof = true;
            return Ok(false);
        }
        if let Err(e) = state.conn.process_new_packets() {
            // Best effort: the connection is over either way.
            while state.conn.wants_write() {
                if state.conn.write_tls(&mut Tcp(&self.tcp)).is_err() {
                    break;
                }
            }
            return Err(tls_error(e));
        }
        Ok(true)
    }

    /// Sends every encrypted byte rustls holds, waiting for the socket as needed.
    async fn flush(&self) -> io::Result<()> {
        loop {
            let result = {
                let mut state = self.state.borrow_mut();
                if !state.conn.wants_write() {
                    return Ok(());
                }
                state.conn.write_tls(&mut Tcp(&self.tcp))
            };
            match result {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.tcp.writable().await?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads decrypted bytes without waiting: `WouldBlock` when none are ready (wait with
    /// [`readable`](Self::readable)), `Ok(0)` at the end of the stream.
    ///
    /// A peer that closes the TCP connection without TLS's closing alert also ends the
    /// stream (as most HTTPS clients accept); HTTP framing catches a truncated message.
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            {
                let mut state = self.state.borrow_mut();
                match state.conn.reader().read(buf) {
                    Ok(n) => return Ok(n),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(0),
                    Err(e) => return Err(e),
                }
                if state.eof {
                    return Ok(0);
                }
            }
            self.pull()?;
        }
    }

    /// Waits until the socket may have more records, after sending what the socket takes
    /// now of anything still queued (the peer may be waiting for it). It does not wait for
    /// room to send: a writer that does (another clone in `write_all`) must not stop this
    /// side from reading, or two peers that both write before reading would wait forever.
    /// Like the TCP stream's readiness it may be spurious: `try_read` can still say
    /// `WouldBlock`.
    pub async fn readable(&self) -> io::Result<()> {
        if self.state.borrow().conn.wants_write() {
            // Let a write that is ready to run (a request sent just after the handshake, by
            // another task) go first: the queued records then leave with it, in one segment.
            futures_lite::future::yield_now().await;
        }
        {
            let mut state = self.state.borrow_mut();
            while state.conn.wants_write() {
                match state.conn.write_tls(&mut Tcp(&self.tcp)) {
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    // No room now: a waiting write_all, or the next one, sends the rest.
                    Err(_) => break,
                }
            }
        }
        self.tcp.readable().await
    }

    /// Encrypts what of `data` fits in the send buffer and sends what the socket takes now,
    /// without waiting: `Ok(n)` bytes were taken (their records may still be queued, see
    /// [`has_queued`](Self::has_queued)); `WouldBlock` when the buffer is full and the socket
    /// takes nothing.
    pub fn try_write(&self, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        let mut state = self.state.borrow_mut();
        let mut n = state.conn.writer().write(data)?;
        if n == 0 {
            // The buffer is full: make room first (WouldBlock if the socket takes nothing).
            flush_now(&mut state.conn, &self.tcp)?;
            n = state.conn.writer().write(data)?;
        }
        // Send what the socket takes now; the rest stays queued.
        let flushed = flush_now(&mut state.conn, &self.tcp);
        match (n, flushed) {
            (0, Err(e)) => Err(e),
            (0, Ok(())) => Err(io::ErrorKind::WouldBlock.into()),
            // The bytes are taken: a failure to send shows on the next call.
            (n, _) => Ok(n),
        }
    }

    /// Sends queued records without waiting: `Ok(true)` once none are left.
    pub fn try_flush(&self) -> io::Result<bool> {
        let mut state = self.state.borrow_mut();
        match flush_now(&mut state.conn, &self.tcp) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether encrypted records wait to be sent (after `try_write`, or handshake messages).
    pub fn has_queued(&self) -> bool {
        self.state.borrow().conn.wants_write()
    }

    /// Waits until the socket may take more (possibly spuriously).
    pub async fn writable(&self) -> io::Result<()> {
        self.tcp.writable().await
    }

    /// Encrypts and sends all of `data`, waiting for the socket as needed.
    pub async fn write_all(&self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            let n = self.state.borrow_mut().conn.writer().write(data)?;
            data = &data[n..];
            self.flush().await?;
        }
        // Nothing to send still flushes what the handshake left queued.
        self.flush().await
    }

    /// Ends the sending half: TLS's closing alert (if the socket takes it now), then a TCP
    /// half-close. Reading goes on until the peer ends too. Call it after the last
    /// `write_all` has returned: encrypted bytes the socket has no room for are dropped.
    pub fn shutdown_write(&self) {
        {
            let mut state = self.state.borrow_mut();
            state.conn.send_close_notify();
            while state.conn.wants_write() {
                if state.conn.write_tls(&mut Tcp(&self.tcp)).is_err() {
                    break;
                }
            }
        }
        let _ = self.tcp.shutdown(std::net::Shutdown::Write);
    }

    /// Why the server's certificate would have been refused, for a connection made without
    /// verification (`None` if it would have passed, or if it was verified).
    pub fn authorization_error(&self) -> Option<crate::CertError> {
        let (connector, name) = self.client.as_ref()?;
        let state = self.state.borrow();
        let certs = state.conn.peer_certificates()?;
        let (leaf, rest) = certs.split_first()?;
        connector.check(leaf, rest, name)
    }

    /// On a server that asked for client certificates: `Some(None)` when the client's
    /// certificate verified, `Some(Some(why))` when it did not or the client sent none
    /// (`CertError::NoCertificate`). `None` on a server that did not ask, and on a client.
    pub fn client_authorization(&self) -> Option<Option<crate::CertError>> {
        let clients = self.clients.as_ref()?;
        let state = self.state.borrow();
        let Some((leaf, rest)) = state.conn.peer_certificates().and_then(|c| c.split_first())
        else {
            return Some(Some(crate::CertError::NoCertificate));
        };
        Some(clients.check(leaf, rest))
    }

    /// The DER of every certificate the peer sent, its own first, then the issuers it chose to
    /// send (usually without the root).
    pub fn peer_chain(&self) -> Vec<Vec<u8>> {
        let state = self.state.borrow();
        state
            .conn
            .peer_certificates()
            .map(|c| c.iter().map(|c| c.to_vec()).collect())
            .unwrap_or_default()
    }

    /// The DER of the certificate the peer presented (the server's; a client's, when a server
    /// asked for one and got it).
    pub fn peer_certificate(&self) -> Option<Vec<u8>> {
        let state = self.state.borrow();
        state
            .conn
            .peer_certificates()
            .and_then(|c| c.first())
            .map(|c| c.to_vec())
    }

    /// Sends TLS's closing alert (if the socket takes it now), then closes the socket; like
    /// [`shutdown_write`](Self::shutdown_write) it does not wait for unsent bytes.
    pub fn close(&self) {
        {
            let mut state = self.state.borrow_mut();
            state.conn.send_close_notify();
            let _ = state.conn.write_tls(&mut Tcp(&self.tcp));
        }
        self.tcp.close();
    }

    /// The TCP stream underneath.
    pub fn tcp(&self) -> &reactor::TcpStream {
        &self.tcp
    }

    /// The application protocol the server chose (ALPN), if any.
    pub fn alpn_protocol(&self) -> Option<Vec<u8>> {
        self.state.borrow().conn.alpn_protocol().map(<[u8]>::to_vec)
    }

    /// The cipher suite agreed on: its OpenSSL name (what Node.js calls `name`), its IANA
    /// name (`standardName`), and the TLS version it belongs to.
    pub fn cipher_suite(&self) -> Option<CipherSuiteNames> {
        let suite = self.state.borrow().conn.negotiated_cipher_suite()?.suite();
        CipherSuiteNames::of(suite)
    }

    /// The key exchange group agreed on, as OpenSSL and Node.js name it (`X25519`,
    /// `prime256v1`), with its size in bits as Node.js reports it.
    pub fn key_exchange_group(&self) -> Option<(&'static str, u32)> {
        let group = self
            .state
            .borrow()
            .conn
            .negotiated_key_exchange_group()?
            .name();
        match group {
            rustls::NamedGroup::X25519 => Some(("X25519", 253)),
            rustls::NamedGroup::secp256r1 => Some(("prime256v1", 256)),
            rustls::NamedGroup::secp384r1 => Some(("secp384r1", 384)),
            _ => None,
        }
    }

    /// The TLS version in use, as Node.js names it (`TLSv1.3`, `TLSv1.2`).
    pub fn protocol_version(&self) -> Option<&'static str> {
        match self.state.borrow().conn.protocol_version()? {
            rustls::ProtocolVersion::TLSv1_3 => Some("TLSv1.3"),
            rustls::ProtocolVersion::TLSv1_2 => Some("TLSv1.2"),
            _ => None,
        }
    }
}

/// The names of a cipher suite, as Node.js's `getCipher()` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CipherSuiteNames {
    /// OpenSSL's name: `ECDHE-RSA-CHACHA20-POLY1305`; for TLS 1.3 suites, the IANA name.
    pub openssl: &'static str,
    /// The IANA name: `TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256`.
    pub standard: &'static str,
    /// The first TLS version with this suite: `TLSv1.2` or `TLSv1.3`.
    pub version: &'static str,
}

impl CipherSuiteNames {
    /// The names of the suites rustls with ring can agree on.
    fn of(suite: rustls::CipherSuite) -> Option<CipherSuiteNames> {
        use rustls::CipherSuite as S;
        let (openssl, standard, version) = match suite {
            S::TLS13_AES_128_GCM_SHA256 => ("", "TLS_AES_128_GCM_SHA256", "TLSv1.3"),
            S::TLS13_AES_256_GCM_SHA384 => ("", "TLS_AES_256_GCM_SHA384", "TLSv1.3"),
            S::TLS13_CHACHA20_POLY1305_SHA256 => ("", "TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3"),
            S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 => (
                "ECDHE-ECDSA-AES128-GCM-SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLSv1.2",
            ),
            S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 => (
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLSv1.2",
            ),
            S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => (
                "ECDHE-ECDSA-CHACHA20-POLY1305",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLSv1.2",
            ),
            S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 => (
                "ECDHE-RSA-AES128-GCM-SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLSv1.2",
            ),
            S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 => (
                "ECDHE-RSA-AES256-GCM-SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLSv1.2",
            ),
            S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => (
                "ECDHE-RSA-CHACHA20-POLY1305",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLSv1.2",
            ),
            _ => return None,
        };
        Some(CipherSuiteNames {
            openssl: if openssl.is_empty() {
                standard
            } else {
                openssl
            },
            standard,
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every suite the provider offers has names, and the TLS 1.3 ones are named alike.
    #[test]
    fn every_offered_suite_is_named() {
        for suite in rustls::crypto::ring::ALL_CIPHER_SUITES {
            let names = CipherSuiteNames::of(suite.suite())
                .unwrap_or_else(|| panic!("{:?} has no names", suite.suite()));
            let tls13 = matches!(suite, rustls::SupportedCipherSuite::Tls13(_));
            assert_eq!(names.version, if tls13 { "TLSv1.3" } else { "TLSv1.2" });
            assert_eq!(names.openssl == names.standard, tls13, "{names:?}");
            // The IANA name is rustls's, but for the TLS 1.3 prefix.
            let rustls_name = format!("{:?}", suite.suite()).replace("TLS13_", "TLS_");
            assert_eq!(names.standard, rustls_name);
        }
    }
}
