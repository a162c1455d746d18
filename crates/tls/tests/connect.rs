//! The client end to end, natively, against TLS servers run by rustls's blocking API on
//! threads of their own (and a few plain TCP servers that do not speak TLS at all):
//!
//! * exchanges: a request and a response of 2 MiB each, a 2 MiB echo read and written at
//!   once through two clones of the stream, a reader that must keep reading while a writer
//!   waits for the socket, TLS 1.3 and TLS 1.2, ALPN, connecting by IP;
//! * ends of stream: `close_notify` and a bare TCP close both read as `Ok(0)`, and the
//!   client's own `close` sends `close_notify`;
//! * refusals, each with its exact [`TlsError`]: self-signed, unknown issuer of the leaf,
//!   self-signed root in the chain, expired, name mismatch (by name and by IP), a fatal
//!   alert from the server, a plain-text server, a server that closes before answering;
//! * `shutdown_write`: the server reads to the client's `close_notify`, then answers;
//! * `verify(false)` and the verdict `authorization_error` still gives (also on a resumed
//!   session), the builder's errors, and session resumption (TLS 1.3 tickets, TLS 1.2
//!   session IDs) across connections of one connector and its clones.
//!
//! Certificates come from `js-tests/fixtures/tls` (see `make.sh` there): a test CA and
//! leaves it issued for localhost / 127.0.0.1, for example.com only, and one long expired;
//! and a self-signed leaf for localhost. Every socket and every client future is bounded by
//! [`TIMEOUT`], so a failure fails rather than hangs.

mod common;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use common::{fixture, pattern, read_some, read_to_end, run, HTTP11, TIMEOUT};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{
    HandshakeKind, ServerConfig, ServerConnection, StreamOwned, SupportedProtocolVersion,
};
use tls::{CertError, ConfigError, Connector, ConnectorBuilder, TlsError, TlsStream};

/// Two MiB: far beyond the socket buffers and the crate's 64 KiB send buffer, so both ends
/// see partial writes and `WouldBlock`.
const LARGE: usize = 2 << 20;

// ---- Fixtures and server configurations -------------------------------------------------

/// The certificates of the named PEM files, in order: a chain as a server sends it.
fn chain(pems: &[&str]) -> Vec<CertificateDer<'static>> {
    pems.iter()
        .map(|name| CertificateDer::from_pem_slice(&fixture(name)).expect("a PEM certificate"))
        .collect()
}

fn key(name: &str) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_slice(&fixture(name)).expect("a PEM private key")
}

/// A server configuration with ring, the given TLS versions and certificate chain (the
/// key is that of the chain's first certificate), and no ALPN.
fn server_config_with(
    versions: &[&'static SupportedProtocolVersion],
    pems: &[&str],
    key_pem: &str,
) -> ServerConfig {
    ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_protocol_versions(versions)
        .expect("ring supports these versions")
        .with_no_client_auth()
        .with_single_cert(chain(pems), key(key_pem))
        .expect("the key matches the certificate")
}

/// TLS 1.2 and 1.3, serving `pems` with `key_pem`.
fn server_config(pems: &[&str], key_pem: &str) -> ServerConfig {
    server_config_with(rustls::DEFAULT_VERSIONS, pems, key_pem)
}

/// The valid localhost certificate, issued by the test CA.
fn localhost_config() -> ServerConfig {
    server_config(&["localhost.pem"], "localhost.key")
}

/// A connector builder that trusts the test CA besides Mozilla's roots.
fn trusting_ca() -> ConnectorBuilder {
    Connector::builder()
        .add_pem(&fixture("ca.pem"))
        .expect("ca.pem holds a certificate")
}

// ---- Servers ------------------------------------------------------------------------------

/// A server on its own thread, accepting a fixed number of connections one after another.
struct Server<T> {
    addr: SocketAddr,
    thread: JoinHandle<Vec<T>>,
}

impl<T> Server<T> {
    /// What the handler returned for each connection, in order.
    fn join(self) -> Vec<T> {
        self.thread.join().expect("the server thread panicked")
    }

    /// The result for the only connection.
    fn join_one(self) -> T {
        let mut results = self.join();
        assert_eq!(results.len(), 1);
        results.pop().unwrap()
    }
}

/// A plain TCP server on 127.0.0.1 that hands `connections` accepted sockets (with
/// [`TIMEOUT`] on reads and writes) to `handle`, one at a time.
fn tcp_server<T: Send + 'static>(
    connections: usize,
    handle: impl Fn(TcpStream) -> T + Send + 'static,
) -> Server<T> {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
    let addr = listener.local_addr().unwrap();
    let thread = thread::spawn(move || {
        (0..connections)
            .map(|_| {
                let (sock, _) = listener.accept().expect("accepting");
                sock.set_read_timeout(Some(TIMEOUT)).unwrap();
                sock.set_write_timeout(Some(TIMEOUT)).unwrap();
                handle(sock)
            })
            .collect()
    });
    Server { addr, thread }
}

type ServerStream = StreamOwned<ServerConnection, TcpStream>;

/// A TLS server with `config`: `handle` gets each connection before its handshake.
fn tls_server<T: Send + 'static>(
    config: ServerConfig,
    connections: usize,
    handle: impl Fn(&mut ServerStream) -> T + Send + 'static,
) -> Server<T> {
    let config = Arc::new(config);
    tcp_server(connections, move |sock| {
        let conn = ServerConnection::new(config.clone()).expect("a server connection");
        handle(&mut StreamOwned::new(conn, sock))
    })
}

/// Completes the server's side of the handshake.
fn handshake(s: &mut ServerStream) -> io::Result<()> {
    while s.conn.is_handshaking() {
        s.conn.complete_io(&mut s.sock)?;
    }
    Ok(())
}

/// Ends the TCP connection gracefully whatever the peer has sent: shuts down the write half,
/// then reads (and drops) everything until the peer closes too. Closing with unread bytes
/// would send a reset instead, which could overtake what was sent before it.
fn hang_up(sock: &mut TcpStream) {
    let _ = sock.shutdown(Shutdown::Write);
    let mut buf = [0u8; 4096];
    while let Ok(1..) = sock.read(&mut buf) {}
}

/// Sends `close_notify`, then hangs up.
fn close(s: &mut ServerStream) {
    s.conn.send_close_notify();
    s.flush().expect("sending close_notify");
    hang_up(&mut s.sock);
}

/// A server that completes the handshake (or fails it), sends `body` and closes with
/// `close_notify`; it returns how the handshake went.
fn serving(
    config: ServerConfig,
    connections: usize,
    body: &'static [u8],
) -> Server<io::Result<Option<HandshakeKind>>> {
    tls_server(config, connections, move |s| {
        handshake(s)?;
        s.write_all(body)?;
        close(s);
        Ok(s.conn.handshake_kind())
    })
}

/// The rustls error inside a server's I/O error.
fn rustls_error(e: &io::Error) -> &rustls::Error {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .unwrap_or_else(|| panic!("not a TLS error on the server: {e:?}"))
}

// ---- The client ---------------------------------------------------------------------------

async fn connect(connector: &Connector, addr: SocketAddr, name: &str) -> io::Result<TlsStream> {
    let tcp = reactor::TcpStream::connect(addr).await?;
    connector.connect(tcp, name).await
}

/// Reads exactly `len` bytes.
async fn read_exact(tls: &TlsStream, len: usize) -> io::Result<Vec<u8>> {
    let mut out = vec![0u8; len];
    let mut filled = 0;
    while filled < len {
        match read_some(tls, &mut out[filled..]).await? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => filled += n,
        }
    }
    Ok(out)
}

/// The `TlsError` a failed connection carries.
fn tls_error(e: &io::Error) -> &TlsError {
    TlsError::of(e).unwrap_or_else(|| panic!("not a TLS error: {e:?}"))
}

/// Connects with `connector` as `name` to a server with `config`, expecting the client to
/// refuse the handshake: the client's error, after checking that the server was told with
/// an alert.
fn refused(connector: &Connector, config: ServerConfig, name: &str) -> TlsError {
    let server = tls_server(config, 1, handshake);
    let e = run(connect(connector, server.addr, name)).expect_err("the connection is refused");
    let server_side = server.join_one().expect_err("the server's handshake fails");
    assert!(
        matches!(rustls_error(&server_side), rustls::Error::AlertReceived(_)),
        "the client refuses with an alert, the server saw {server_side:?}"
    );
    assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e:?}");
    tls_error(&e).clone()
}

// ---- Exchanges ----------------------------------------------------------------------------

#[test]
fn request_and_response_of_two_mebibytes_over_tls13_with_alpn() {
    let mut config = localhost_config();
    config.alpn_protocols = vec![HTTP11.to_vec()];
    let server = tls_server(config, 1, |s| {
        handshake(s).expect("server handshake");
        let alpn = s.conn.alpn_protocol().map(<[u8]>::to_vec);
        // The request: a head read line by line, then a body as long as it says.
        let mut head = Vec::new();
        let mut reader = BufReader::new(&mut *s);
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("reading the head");
            if line == "\r\n" {
                break;
            }
            head.push(line);
        }
        let len: usize = head
            .iter()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .expect("a Content-Length")
            .trim()
            .parse()
            .unwrap();
        let mut body = vec![0u8; len];
        reader.read_exact(&mut body).expect("reading the body");
        drop(reader);
        // The response, then close_notify; the client's close_notify ends the stream.
        let response = pattern(LARGE, 0x5a);
        write!(s, "HTTP/1.1 200 OK\r\nContent-Length: {LARGE}\r\n\r\n").unwrap();
        s.write_all(&response).expect("writing the response");
        s.conn.send_close_notify();
        s.flush().unwrap();
        let mut rest = Vec::new();
        let clean_end = s.read_to_end(&mut rest).map(|_| ()).map_err(|e| e.kind());
        hang_up(&mut s.sock);
        (alpn, head, body, clean_end, rest.len())
    });

    let request_body = pattern(LARGE, 0xa5);
    let response = run(async {
        let connector = trusting_ca().alpn(&[HTTP11]).build().unwrap();
        let tls = connect(&connector, server.addr, "localhost").await?;
        assert_eq!(tls.protocol_version(), Some("TLSv1.3"));
        assert_eq!(tls.alpn_protocol(), Some(HTTP11.to_vec()));
        assert_eq!(tls.authorization_error(), None);
        let head =
            format!("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: {LARGE}\r\n\r\n");
        tls.write_all(head.as_bytes()).await?;
        tls.write_all(&request_body).await?;
        let response = read_to_end(&tls).await?;
        // Still the end after the end.
        assert_eq!(tls.try_read(&mut [0u8; 16])?, 0);
        tls.close();
        io::Result::Ok(response)
    })
    .expect("the exchange");

    let head_end = b"HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n";
    let start = String::from_utf8_lossy(&response[..64.min(response.len())]);
    assert!(
        response.starts_with(head_end),
        "the response begins {start:?}"
    );
    assert!(response[head_end.len()..] == pattern(LARGE, 0x5a));

    let (alpn, head, body, clean_end, rest) = server.join_one();
    assert_eq!(alpn, Some(HTTP11.to_vec()));
    assert_eq!(
        head,
        [
            "POST /upload HTTP/1.1\r\n",
            "Host: localhost\r\n",
            "Content-Length: 2097152\r\n"
        ]
    );
    assert!(body == request_body, "the request body arrived intact");
    assert_eq!(clean_end, Ok(()), "the client's close sends close_notify");
    assert_eq!(rest, 0);
}

#[test]
fn echo_of_two_mebibytes_written_and_read_at_once_through_clones() {
    let server = tls_server(localhost_config(), 1, |s| {
        handshake(s).expect("server handshake");
        let mut echoed = 0;
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            match s.read(&mut buf).expect("reading") {
                0 => break,
                n => {
                    s.write_all(&buf[..n]).expect("echoing");
                    echoed += n;
                }
            }
        }
        hang_up(&mut s.sock);
        echoed
    });

    let data = pattern(LARGE, 0x33);
    let echo = run(async {
        let connector = trusting_ca().build().unwrap();
        let tls = connect(&connector, server.addr, "localhost").await?;
        let writer = {
            let (tls, data) = (tls.clone(), data.clone());
            reactor::spawn(async move { tls.write_all(&data).await })
        };
        let echo = read_exact(&tls, LARGE).await?;
        writer.await?;
        tls.close();
        io::Result::Ok(echo)
    })
    .expect("the echo");

    assert!(echo == data, "the echo came back intact");
    assert_eq!(server.join_one(), LARGE);
}

#[test]
fn reads_while_a_write_waits() {
    // The server sends all of its data (more than the sockets hold) before it reads any.
    // It pauses after the first bytes, so that the client's writer has filled the socket
    // and waits, and its reader has drained what came and waits for more: only a reader
    // that then reads, whatever the writer waits for, lets either end finish.
    const HUGE: usize = 4 * LARGE;
    let server = tls_server(localhost_config(), 1, |s| {
        handshake(s).expect("server handshake");
        let data = pattern(HUGE, 0x77);
        s.write_all(&data[..1024]).expect("writing");
        thread::sleep(Duration::from_millis(200));
        s.write_all(&data[1024..]).expect("writing");
        let mut received = vec![0u8; HUGE];
        s.read_exact(&mut received).expect("reading");
        close(s);
        received == pattern(HUGE, 0x11)
    });

    let received = run(async {
        let connector = trusting_ca().build().unwrap();
        let tls = connect(&connector, server.addr, "localhost").await?;
        let writer = {
            let tls = tls.clone();
            reactor::spawn(async move { tls.write_all(&pattern(HUGE, 0x11)).await })
        };
        let received = read_exact(&tls, HUGE).await?;
        writer.await?;
        tls.close();
        io::Result::Ok(received)
    })
    .expect("the exchange");

    assert!(
        received == pattern(HUGE, 0x77),
        "the server's data arrived intact"
    );
    assert!(server.join_one(), "the client's data arrived intact");
}

#[test]
fn tls12_only_server_without_alpn() {
    let config = server_config_with(
        &[&rustls::version::TLS12],
        &["localhost.pem"],
        "localhost.key",
    );
    let server = tls_server(config, 1, |s| {
        handshake(s).expect("server handshake");
        let mut request = [0u8; 5];
        s.read_exact(&mut request).unwrap();
        s.write_all(b"pong").unwrap();
        close(s);
        request
    });

    run(async {
        // ALPN offered, but the server has none to choose.
        let connector = trusting_ca().alpn(&[HTTP11]).build().unwrap();
        let tls = connect(&connector, server.addr, "localhost").await?;
        assert_eq!(tls.protocol_version(), Some("TLSv1.2"));
        assert_eq!(tls.alpn_protocol(), None);
        let suite = tls.cipher_suite().expect("a suite after the handshake");
        assert_eq!(suite.version, "TLSv1.2");
        // The test certificates hold EC keys.
        assert!(suite.openssl.starts_with("ECDHE-ECDSA-"), "{suite:?}");
        tls.write_all(b"ping!").await?;
        assert_eq!(read_to_end(&tls).await?, b"pong");
        tls.close();
        io::Result::Ok(())
    })
    .expect("the exchange");
    assert_eq!(&server.join_one(), b"ping!");
}

/// Each key exchange group the connector offers, over TLS 1.2 and 1.3, against a ring server
/// that accepts only that group: the connection works, and the server names the group.
#[test]
fn key_exchange_with_each_group() {
    use rustls::crypto::ring::kx_group;
    for group in [kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1] {
        for version in [&rustls::version::TLS12, &rustls::version::TLS13] {
            let mut provider = rustls::crypto::ring::default_provider();
            provider.kx_groups = vec![group];
            let config = ServerConfig::builder_with_provider(Arc::new(provider))
                .with_protocol_versions(&[version])
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(chain(&["localhost.pem"]), key("localhost.key"))
                .unwrap();
            let server = tls_server(config, 1, |s| {
                handshake(s).expect("server handshake");
                s.write_all(b"agreed").unwrap();
                close(s);
                s.conn.negotiated_key_exchange_group().map(|g| g.name())
            });
            let expected = match group.name() {
                rustls::NamedGroup::X25519 => ("X25519", 253),
                rustls::NamedGroup::secp256r1 => ("prime256v1", 256),
                _ => ("secp384r1", 384),
            };
            let body = run(async {
                let tls =
                    connect(&trusting_ca().build().unwrap(), server.addr, "localhost").await?;
                assert_eq!(tls.key_exchange_group(), Some(expected));
                read_to_end(&tls).await
            })
            .unwrap_or_else(|e| panic!("{group:?} over {version:?}: {e}"));
            assert_eq!(body, b"agreed");
            assert_eq!(server.join_one(), Some(group.name()));
        }
    }
}

#[test]
fn connects_by_ip_address() {
    let server = serving(localhost_config(), 1, b"by address");
    let body = run(async {
        let connector = trusting_ca().build().unwrap();
        let tls = connect(&connector, server.addr, "127.0.0.1").await?;
        read_to_end(&tls).await
    })
    .expect("a certificate with IP:127.0.0.1 is good for 127.0.0.1");
    assert_eq!(body, b"by address");
    server.join_one().expect("server");
}

// ---- Ends of stream -----------------------------------------------------------------------

#[test]
fn close_notify_ends_the_stream() {
    let server = tls_server(localhost_config(), 1, |s| {
        handshake(s)?;
        close(s);
        io::Result::Ok(())
    });
    run(async {
        let connector = trusting_ca().build().unwrap();
        let tls = connect(&connector, server.addr, "localhost").await?;
        let mut buf = [0u8; 64];
        assert_eq!(read_some(&tls, &mut buf).await?, 0);
        assert_eq!(tls.try_read(&mut buf)?, 0);
        io::Result::Ok(())
    })
    .expect("an empty stream");
    server.join_one().expect("server");
}

#[test]
fn tcp_close_without_close_notify_ends_the_stream_after_the_data() {
    let server = tls_server(localhost_config(), 1, |s| {
        handshake(s)?;
        s.write_all(b"truncated?")?;
        s.flush()?;
        // No close_notify: only the TCP connection ends.
        hang_up(&mut s.sock);
        io::Result::Ok(())
    });
    run(async {
        let connector = trusting_ca().build().unwrap();
        let tls = connect(&connector, server.addr, "localhost").await?;
        assert_eq!(read_to_end(&tls).await?, b"truncated?");
        assert_eq!(tls.try_read(&mut [0u8; 16])?, 0);
        io::Result::Ok(())
    })
    .expect("data, then the end (not an error)");
    server.join_one().expect("server");
}

#[test]
fn shutdown_write_ends_the_request_and_reads_on() {
    let server = tls_server(localhost_config(), 1, |s| {
        handshake(s)?;
        // Until the client's close_notify: an error, not Ok, if it were missing.
        let mut request = Vec::new();
        s.read_to_end(&mut request)?;
        write!(s, "got {} bytes", request.len())?;
        close(s);
        io::Result::Ok(request)
    });
    let reply = run(async {
        let connector = trusting_ca().build().unwrap();
        let tls = connect(&connector, server.addr, "localhost").await?;
        tls.write_all(b"all of the request").await?;
        tls.shutdown_write();
        read_to_end(&tls).await
    })
    .expect("the exchange");
    assert_eq!(reply, b"got 18 bytes");
    assert_eq!(server.join_one().expect("server"), b"all of the request");
}

// ---- Refusals -----------------------------------------------------------------------------

#[test]
fn refuses_a_self_signed_certificate() {
    let connector = trusting_ca().build().unwrap();
    let config = server_config(&["self-signed.pem"], "self-signed.key");
    assert_eq!(
        refused(&connector, config, "localhost"),
        TlsError::Certificate(CertError::SelfSigned)
    );
}

#[test]
fn refuses_a_leaf_whose_issuer_is_not_trusted() {
    // Mozilla's roots only: the test CA is unknown.
    let connector = Connector::builder().build().unwrap();
    assert_eq!(
        refused(&connector, localhost_config(), "localhost"),
        TlsError::Certificate(CertError::UnknownIssuerOfLeaf)
    );
}

#[test]
fn refuses_a_chain_ending_in_an_untrusted_root() {
    let connector = Connector::builder().build().unwrap();
    let config = server_config(&["localhost.pem", "ca.pem"], "localhost.key");
    assert_eq!(
        refused(&connector, config, "localhost"),
        TlsError::Certificate(CertError::SelfSignedInChain)
    );
}

#[test]
fn refuses_an_expired_certificate() {
    let connector = trusting_ca().build().unwrap();
    let config = server_config(&["expired.pem"], "expired.key");
    assert_eq!(
        refused(&connector, config, "localhost"),
        TlsError::Certificate(CertError::Expired)
    );
}

#[test]
fn refuses_a_certificate_for_another_name() {
    let connector = trusting_ca().build().unwrap();
    let other = || server_config(&["other-name.pem"], "other-name.key");
    assert_eq!(
        refused(&connector, other(), "localhost"),
        TlsError::Certificate(CertError::NameMismatch {
            expected: "localhost".to_string(),
            presented: vec!["DNS:example.com".to_string()],
        })
    );
    assert_eq!(
        refused(&connector, other(), "127.0.0.1"),
        TlsError::Certificate(CertError::NameMismatch {
            expected: "127.0.0.1".to_string(),
            presented: vec!["DNS:example.com".to_string()],
        })
    );
}

#[test]
fn reports_the_servers_fatal_alert() {
    // The server speaks only h2: offered http/1.1 alone, it refuses the connection.
    let mut config = localhost_config();
    config.alpn_protocols = vec![b"h2".to_vec()];
    let server = tls_server(config, 1, handshake);
    let connector = trusting_ca().alpn(&[HTTP11]).build().unwrap();
    let e = run(connect(&connector, server.addr, "localhost")).expect_err("refused");
    assert_eq!(
        tls_error(&e),
        &TlsError::Alert("no_application_protocol".to_string())
    );
    let server_side = server.join_one().expect_err("the server refuses");
    assert_eq!(
        rustls_error(&server_side),
        &rustls::Error::NoApplicationProtocol
    );
}

#[test]
fn refuses_a_server_that_does_not_speak_tls() {
    let server = tcp_server(1, |mut sock| {
        sock.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").unwrap();
        hang_up(&mut sock);
    });
    let connector = trusting_ca().build().unwrap();
    let e = run(connect(&connector, server.addr, "localhost")).expect_err("refused");
    assert_eq!(tls_error(&e), &TlsError::NotTls);
    assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    server.join_one();
}

#[test]
fn a_server_that_closes_before_answering_ends_the_handshake() {
    let server = tcp_server(1, |mut sock| hang_up(&mut sock));
    let connector = trusting_ca().build().unwrap();
    let e = run(connect(&connector, server.addr, "localhost")).expect_err("refused");
    assert_eq!(tls_error(&e), &TlsError::HandshakeEof);
    assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    server.join_one();
}

// ---- Without verification -----------------------------------------------------------------

#[test]
fn without_verification_any_certificate_will_do() {
    let unverified = [
        Connector::builder().verify(false).build().unwrap(),
        // No root at all is fine when none is consulted.
        Connector::builder()
            .without_default_roots()
            .verify(false)
            .build()
            .unwrap(),
    ];
    for connector in &unverified {
        for (pem, key_pem) in [
            ("self-signed.pem", "self-signed.key"),
            ("expired.pem", "expired.key"),
            ("other-name.pem", "other-name.key"),
        ] {
            let server = serving(server_config(&[pem], key_pem), 1, b"unchecked");
            let body = run(async {
                let tls = connect(connector, server.addr, "localhost").await?;
                read_to_end(&tls).await
            })
            .unwrap_or_else(|e| panic!("{pem} without verification: {e}"));
            assert_eq!(body, b"unchecked");
            server.join_one().expect("server");
        }
    }
}

#[test]
fn without_verification_the_verdict_is_still_known() {
    let connector = trusting_ca().verify(false).build().unwrap();
    let cases = [
        ("localhost.pem", "localhost.key", None),
        (
            "self-signed.pem",
            "self-signed.key",
            Some(CertError::SelfSigned),
        ),
        ("expired.pem", "expired.key", Some(CertError::Expired)),
        (
            "other-name.pem",
            "other-name.key",
            Some(CertError::NameMismatch {
                expected: "localhost".to_string(),
                presented: vec!["DNS:example.com".to_string()],
            }),
        ),
    ];
    for (pem, key_pem, verdict) in cases {
        // Twice: a resumed session still knows the chain it was first made with.
        let server = serving(server_config(&[pem], key_pem), 2, b"unchecked");
        for _ in 0..2 {
            let found = run(async {
                let tls = connect(&connector, server.addr, "localhost").await?;
                let found = tls.authorization_error();
                assert_eq!(read_to_end(&tls).await?, b"unchecked");
                tls.close();
                io::Result::Ok(found)
            })
            .unwrap_or_else(|e| panic!("{pem} without verification: {e}"));
            assert_eq!(found, verdict, "{pem}");
        }
        let kinds: Vec<_> = server.join().into_iter().map(|k| k.unwrap()).collect();
        assert_eq!(
            kinds,
            [Some(HandshakeKind::Full), Some(HandshakeKind::Resumed)]
        );
    }

    // With nothing trusted at all, no chain passes.
    let trusting_nothing = Connector::builder()
        .without_default_roots()
        .verify(false)
        .build()
        .unwrap();
    let server = serving(localhost_config(), 1, b"unchecked");
    let found = run(async {
        let tls = connect(&trusting_nothing, server.addr, "localhost").await?;
        let found = tls.authorization_error();
        read_to_end(&tls).await?;
        io::Result::Ok(found)
    })
    .expect("the connection");
    assert_eq!(found, Some(CertError::UnknownIssuerOfLeaf));
    server.join_one().expect("server");
}

// ---- The builder --------------------------------------------------------------------------

#[test]
fn builder_errors() {
    assert_eq!(
        Connector::builder()
            .without_default_roots()
            .build()
            .unwrap_err(),
        ConfigError::NoRoots
    );
    assert!(matches!(
        Connector::builder().add_pem(b"not pem"),
        Err(ConfigError::BadCertificates(_))
    ));
    // A private key is PEM, but not a certificate.
    assert!(matches!(
        Connector::builder().add_pem(&fixture("ca.key")),
        Err(ConfigError::BadCertificates(_))
    ));
}

#[test]
fn only_the_added_roots_without_the_defaults() {
    let connector = trusting_ca().without_default_roots().build().unwrap();
    let server = serving(localhost_config(), 1, b"private CA");
    let body = run(async {
        let tls = connect(&connector, server.addr, "localhost").await?;
        read_to_end(&tls).await
    })
    .expect("the added CA is trusted");
    assert_eq!(body, b"private CA");
    server.join_one().expect("server");
}

// ---- Session resumption -------------------------------------------------------------------

/// Connects to `server` once per connector, reading each response to its end (which is
/// when TLS 1.3 tickets arrive), and returns the handshake kinds the server saw.
fn handshakes(
    server: Server<io::Result<Option<HandshakeKind>>>,
    connectors: &[&Connector],
) -> Vec<Option<HandshakeKind>> {
    for connector in connectors {
        let body = run(async {
            let tls = connect(connector, server.addr, "localhost").await?;
            let body = read_to_end(&tls).await?;
            tls.close();
            io::Result::Ok(body)
        })
        .expect("the connection");
        assert_eq!(body, b"again");
    }
    server
        .join()
        .into_iter()
        .map(|kind| kind.expect("server"))
        .collect()
}

#[test]
fn resumes_tls13_sessions_with_tickets() {
    let mut config = server_config_with(
        &[&rustls::version::TLS13],
        &["localhost.pem"],
        "localhost.key",
    );
    config.ticketer = rustls::crypto::ring::Ticketer::new().unwrap();
    let connector = trusting_ca().build().unwrap();
    let other = trusting_ca().build().unwrap();
    let clone = connector.clone();
    assert_eq!(
        handshakes(
            serving(config, 4, b"again"),
            &[&connector, &connector, &clone, &other]
        ),
        [
            Some(HandshakeKind::Full),
            Some(HandshakeKind::Resumed),
            Some(HandshakeKind::Resumed),
            Some(HandshakeKind::Full),
        ],
        "a connector and its clones share a session cache; another connector does not"
    );
}

#[test]
fn resumes_tls12_sessions_by_id() {
    // rustls's default server: a session cache in memory and no tickets.
    let config = server_config_with(
        &[&rustls::version::TLS12],
        &["localhost.pem"],
        "localhost.key",
    );
    let connector = trusting_ca().build().unwrap();
    assert_eq!(
        handshakes(serving(config, 2, b"again"), &[&connector, &connector]),
        [Some(HandshakeKind::Full), Some(HandshakeKind::Resumed)]
    );
}
