//! The server side end to end, natively: our [`Acceptor`] on this thread's reactor against
//! rustls's blocking client on a thread of its own (and a few raw TCP clients), and against
//! our own [`Connector`] on the same thread:
//!
//! * handshakes: ALPN `http/1.1` agreed (or none when none is offered), TLS 1.3 and a TLS
//!   1.2-only client, each with a request and its response;
//! * a server with its own readiness handling: a 4 MiB response (and a 16 MiB one, sure to
//!   fill the socket) written with `try_write`, `writable` and `try_flush`, and a 4 MiB
//!   upload read with `try_read` and `readable`, all arriving intact (the client holds back
//!   until the server has met a full socket, or an empty one, so the waits are taken);
//! * session resumption: a rustls client's second connection is resumed (TLS 1.3 tickets
//!   and TLS 1.2), as the client's `handshake_kind` says; and our connector's second
//!   connection to our acceptor is resumed too, as the ServerHello says (its
//!   `pre_shared_key` extension, read in the clear by a relay between the two), after a
//!   2 MiB echo read and written at once by both ends;
//! * errors: the acceptor's configuration errors ([`ConfigError`]), and the [`TlsError`] a
//!   failed `accept` carries: a plain-HTTP client, a client that closes at once or in the
//!   middle of its hello, a client that refuses the certificate, a client offering only
//!   protocols the acceptor does not speak.
//!
//! Certificates come from `js-tests/fixtures/tls` (see `make.sh` there): a test CA and the
//! localhost leaf it issued. Every std socket has [`TIMEOUT`] on its reads and writes, and
//! every reactor future is bounded by it too, so a failure fails rather than hangs.

mod common;

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;

use common::{fixture, pattern, read_some, read_to_end, run, HTTP11, TIMEOUT};
use futures_lite::AsyncWriteExt;
use rustls::client::Resumption;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{
    ClientConfig, ClientConnection, HandshakeKind, RootCertStore, StreamOwned,
    SupportedProtocolVersion,
};
use tls::{Acceptor, ConfigError, Connector, TlsError, TlsStream};

/// Four MiB: far beyond the crate's 64 KiB send buffer, and about what Linux lets wait
/// unread in a loopback connection.
const HUGE: usize = 4 << 20;

const H2: &[u8] = b"h2";

const TLS13: &[&SupportedProtocolVersion] = &[&rustls::version::TLS13];
const TLS12: &[&SupportedProtocolVersion] = &[&rustls::version::TLS12];

// ---- Fixtures -----------------------------------------------------------------------------

/// Our acceptor with the localhost certificate (issued by the test CA) and `alpn`.
fn localhost_acceptor(alpn: &[&[u8]]) -> Acceptor {
    Acceptor::new(&fixture("localhost.pem"), &fixture("localhost.key"), alpn)
        .expect("the localhost certificate and key")
}

/// A rustls client configuration with ring, `versions`, the test CA as its only root, `alpn`
/// offered, and a session store of its own.
fn client_config(versions: &[&'static SupportedProtocolVersion], alpn: &[&[u8]]) -> ClientConfig {
    client_config_trusting("ca.pem", versions, alpn)
}

/// The same with the certificates of `root_pem` as the only roots.
fn client_config_trusting(
    root_pem: &str,
    versions: &[&'static SupportedProtocolVersion],
    alpn: &[&[u8]],
) -> ClientConfig {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&fixture(root_pem)) {
        roots.add(cert.expect("a PEM certificate")).unwrap();
    }
    let mut config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_protocol_versions(versions)
            .expect("ring supports these versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    config.resumption = Resumption::in_memory_sessions(8);
    config
}

// ---- The reactor side -----------------------------------------------------------------------

fn bind() -> reactor::TcpListener {
    reactor::TcpListener::bind("127.0.0.1:0".parse().unwrap()).expect("binding 127.0.0.1:0")
}

/// Runs `server` on this thread's reactor with a listener, while `client` runs on a thread
/// of its own with the listener's address; returns what each returned.
fn serve<T: Send + 'static, R>(
    client: impl FnOnce(SocketAddr) -> T + Send + 'static,
    server: impl AsyncFnOnce(reactor::TcpListener) -> R,
) -> (R, T) {
    let listener = bind();
    let addr = listener.local_addr().unwrap();
    let client = thread::spawn(move || client(addr));
    let served = run(server(listener));
    (served, client.join().expect("the client thread panicked"))
}

/// The next connection, after our acceptor's handshake.
async fn accept(listener: &reactor::TcpListener, acceptor: &Acceptor) -> io::Result<TlsStream> {
    let (tcp, _) = listener.accept().await?;
    acceptor.accept(tcp).await
}

/// Reads exactly `len` bytes; also returns how many times `try_read` found nothing ready.
async fn read_exact(tls: &TlsStream, len: usize) -> io::Result<(Vec<u8>, usize)> {
    let mut out = vec![0u8; len];
    let (mut filled, mut waits) = (0, 0);
    while filled < len {
        match tls.try_read(&mut out[filled..]) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                waits += 1;
                tls.readable().await?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok((out, waits))
}

/// Reads an HTTP request or response head, up to and including its blank line.
async fn read_head(tls: &TlsStream) -> io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if read_some(tls, &mut byte).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    Ok(String::from_utf8(head).expect("an ASCII head"))
}

/// How often [`send_all_with`] waited for the socket.
#[derive(Debug, Default)]
struct Waits {
    /// `try_write` took nothing: the send buffer was full and the socket took none of it.
    full: usize,
    /// `try_flush` left records queued.
    unflushed: usize,
}

/// Sends all of `data` the way a server with its own readiness handling does: `try_write`
/// what fits, `writable` when nothing does, then `try_flush` until nothing is queued.
/// `on_wait` runs before each wait for the socket.
async fn send_all_with(
    tls: &TlsStream,
    mut data: &[u8],
    mut on_wait: impl FnMut(),
) -> io::Result<Waits> {
    let mut waits = Waits::default();
    while !data.is_empty() {
        match tls.try_write(data) {
            Ok(n) => {
                assert!(n > 0 && n <= data.len(), "try_write took {n} bytes");
                data = &data[n..];
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                waits.full += 1;
                on_wait();
                tls.writable().await?;
            }
            Err(e) => return Err(e),
        }
    }
    while !tls.try_flush()? {
        assert!(tls.has_queued(), "try_flush said records were left");
        waits.unflushed += 1;
        on_wait();
        tls.writable().await?;
    }
    assert!(!tls.has_queued(), "try_flush said nothing was left");
    Ok(waits)
}

async fn send_all(tls: &TlsStream, data: &[u8]) -> io::Result<()> {
    send_all_with(tls, data, || {}).await.map(drop)
}

/// Ends the server's side of an exchange: `close_notify` and a half-close, then the
/// client's `close_notify`, with nothing before it.
async fn finish(tls: &TlsStream) -> io::Result<()> {
    tls.shutdown_write();
    let rest = read_to_end(tls).await?;
    assert!(
        rest.is_empty(),
        "{} unexpected bytes at the end",
        rest.len()
    );
    Ok(())
}

// ---- The rustls client ----------------------------------------------------------------------

type ClientStream = StreamOwned<ClientConnection, TcpStream>;

/// A blocking TCP connection to `addr` with [`TIMEOUT`] on everything.
fn connect_std(addr: SocketAddr) -> TcpStream {
    let sock = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connecting");
    sock.set_read_timeout(Some(TIMEOUT)).unwrap();
    sock.set_write_timeout(Some(TIMEOUT)).unwrap();
    sock
}

/// A rustls client connection to `addr` for "localhost", after its handshake.
fn tls_client(config: &Arc<ClientConfig>, addr: SocketAddr) -> io::Result<ClientStream> {
    let conn = ClientConnection::new(config.clone(), "localhost".try_into().unwrap())
        .expect("a client connection");
    let mut s = StreamOwned::new(conn, connect_std(addr));
    while s.conn.is_handshaking() {
        s.conn.complete_io(&mut s.sock)?;
    }
    Ok(s)
}

/// Ends the client's side: reads to the server's `close_notify` (an error if the TCP
/// connection ends without it), then sends its own and half-closes. Returns what it read.
fn client_finish(s: &mut ClientStream) -> io::Result<Vec<u8>> {
    let mut rest = Vec::new();
    s.read_to_end(&mut rest)?;
    s.conn.send_close_notify();
    s.flush()?;
    s.sock.shutdown(Shutdown::Write)?;
    Ok(rest)
}

/// What the client saw of a connection.
#[derive(Debug, PartialEq)]
struct Seen {
    version: Option<rustls::ProtocolVersion>,
    alpn: Option<Vec<u8>>,
    kind: Option<HandshakeKind>,
}

fn seen(s: &ClientStream) -> Seen {
    Seen {
        version: s.conn.protocol_version(),
        alpn: s.conn.alpn_protocol().map(<[u8]>::to_vec),
        kind: s.conn.handshake_kind(),
    }
}

/// A raw TCP client: sends `bytes` (then half-closes if `hang_up`), and returns all it
/// reads until the server closes.
fn raw_client(bytes: &'static [u8], hang_up: bool) -> impl FnOnce(SocketAddr) -> Vec<u8> {
    move |addr| {
        let mut sock = connect_std(addr);
        sock.write_all(bytes).expect("writing");
        if hang_up {
            sock.shutdown(Shutdown::Write).expect("half-closing");
        }
        let mut answer = Vec::new();
        sock.read_to_end(&mut answer)
            .expect("reading to the server's close");
        answer
    }
}

/// The rustls error inside a client's I/O error.
fn rustls_error(e: &io::Error) -> Option<rustls::Error> {
    e.get_ref()?.downcast_ref::<rustls::Error>().cloned()
}

// ---- Handshakes and exchanges ---------------------------------------------------------------

const REQUEST: &str = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";
const RESPONSE: &str = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";

/// What the server saw of a connection: the TLS version, the protocol agreed, the request.
type ServerSaw = (Option<&'static str>, Option<Vec<u8>>, String);

/// A request and its response between a rustls client (`versions`, offering `alpn`) and our
/// acceptor offering `http/1.1`: what the server saw (version, ALPN, request) and what the
/// client saw.
fn request_response(
    versions: &[&'static SupportedProtocolVersion],
    alpn: &[&[u8]],
) -> (ServerSaw, Seen) {
    let config = Arc::new(client_config(versions, alpn));
    let acceptor = localhost_acceptor(&[HTTP11]);
    let (server, client) = serve(
        move |addr| {
            let mut s = tls_client(&config, addr).expect("the client's handshake");
            s.write_all(REQUEST.as_bytes()).unwrap();
            let response = client_finish(&mut s).expect("the response");
            assert_eq!(String::from_utf8_lossy(&response), RESPONSE);
            seen(&s)
        },
        async |listener| {
            let tls = accept(&listener, &acceptor).await?;
            assert_eq!(tls.authorization_error(), None, "a server checks no chain");
            let request = read_head(&tls).await?;
            send_all(&tls, RESPONSE.as_bytes()).await?;
            finish(&tls).await?;
            io::Result::Ok((tls.protocol_version(), tls.alpn_protocol(), request))
        },
    );
    (server.expect("the server's side"), client)
}

#[test]
fn agrees_on_http11_over_tls13_and_answers_a_request() {
    let (server, client) = request_response(TLS13, &[H2, HTTP11]);
    assert_eq!(
        server,
        (Some("TLSv1.3"), Some(HTTP11.to_vec()), REQUEST.to_string())
    );
    assert_eq!(
        client,
        Seen {
            version: Some(rustls::ProtocolVersion::TLSv1_3),
            alpn: Some(HTTP11.to_vec()),
            kind: Some(HandshakeKind::Full),
        }
    );
}

#[test]
fn agrees_on_http11_with_a_tls12_only_client() {
    let (server, client) = request_response(TLS12, &[HTTP11]);
    assert_eq!(
        server,
        (Some("TLSv1.2"), Some(HTTP11.to_vec()), REQUEST.to_string())
    );
    assert_eq!(client.version, Some(rustls::ProtocolVersion::TLSv1_2));
    assert_eq!(client.alpn, Some(HTTP11.to_vec()));
}

#[test]
fn agrees_on_no_protocol_when_the_client_offers_none() {
    let (server, client) = request_response(TLS13, &[]);
    assert_eq!(server, (Some("TLSv1.3"), None, REQUEST.to_string()));
    assert_eq!(client.alpn, None);
}

/// A response of `len` bytes sent with `try_write` / `writable` / `try_flush` to a rustls
/// client that reads none of it until the server first waits for the socket (or has sent it
/// all). The client checks every byte; returns how often the server waited.
fn response_to_a_held_back_client(len: usize) -> Waits {
    let config = Arc::new(client_config(TLS13, &[HTTP11]));
    let acceptor = localhost_acceptor(&[HTTP11]);
    let (go, wait) = mpsc::channel();
    let (waits, (intact, rest)) = serve(
        move |addr| {
            let mut s = tls_client(&config, addr).expect("the client's handshake");
            wait.recv_timeout(TIMEOUT).expect("the server's signal");
            let mut received = vec![0u8; len];
            s.read_exact(&mut received).expect("reading the response");
            let rest = client_finish(&mut s).expect("the end of the response");
            (received == pattern(len, 0x5a), rest.len())
        },
        async |listener| {
            let tls = accept(&listener, &acceptor).await?;
            let signal = || {
                let _ = go.send(());
            };
            let waits = send_all_with(&tls, &pattern(len, 0x5a), signal).await?;
            signal();
            finish(&tls).await?;
            io::Result::Ok(waits)
        },
    );
    assert!(intact, "the response arrived intact");
    assert_eq!(rest, 0, "nothing after the response");
    waits.expect("the server's side")
}

#[test]
fn sends_four_mebibytes_with_try_write_writable_and_try_flush() {
    // Linux lets about 4 MiB wait unread on loopback, so this may need no wait at all; the
    // next test makes sure of one.
    response_to_a_held_back_client(HUGE);
}

#[test]
fn try_write_waits_for_a_full_socket_and_goes_on() {
    let waits = response_to_a_held_back_client(4 * HUGE);
    assert!(
        waits.full > 0,
        "try_write never met a full socket: {waits:?}"
    );
}

#[test]
fn reads_a_four_mebibyte_upload_with_try_read_and_readable() {
    let config = Arc::new(client_config(TLS13, &[HTTP11]));
    let acceptor = localhost_acceptor(&[HTTP11]);
    let (go, wait) = mpsc::channel::<()>();
    let (server, reply) = serve(
        move |addr| {
            let mut s = tls_client(&config, addr).expect("the client's handshake");
            // Not a byte sent until the server has found nothing to read.
            wait.recv_timeout(TIMEOUT).expect("the server's signal");
            s.write_all(&pattern(HUGE, 0xa5)).expect("uploading");
            s.flush().unwrap();
            client_finish(&mut s).expect("the reply")
        },
        async |listener| {
            let tls = accept(&listener, &acceptor).await?;
            let early = tls.try_read(&mut [0u8; 16]).map_err(|e| e.kind());
            assert_eq!(early, Err(io::ErrorKind::WouldBlock), "nothing sent yet");
            go.send(()).unwrap();
            let (upload, waits) = read_exact(&tls, HUGE).await?;
            send_all(&tls, format!("got {} bytes", upload.len()).as_bytes()).await?;
            finish(&tls).await?;
            io::Result::Ok((upload == pattern(HUGE, 0xa5), waits))
        },
    );
    let (intact, waits) = server.expect("the server's side");
    assert!(intact, "the upload arrived intact");
    assert!(waits > 0, "try_read always had data ready");
    assert_eq!(reply, b"got 4194304 bytes");
}

/// A rustls client that offers only one key exchange group, for each group the acceptor
/// supports and both versions: the handshake completes with that group.
#[test]
fn key_exchange_with_each_group() {
    use rustls::crypto::ring::kx_group;
    for group in [kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1] {
        for versions in [TLS12, TLS13] {
            let mut provider = rustls::crypto::ring::default_provider();
            provider.kx_groups = vec![group];
            let mut roots = RootCertStore::empty();
            roots
                .add(CertificateDer::from_pem_slice(&fixture("ca.pem")).unwrap())
                .unwrap();
            let config = Arc::new(
                ClientConfig::builder_with_provider(Arc::new(provider))
                    .with_protocol_versions(versions)
                    .unwrap()
                    .with_root_certificates(roots)
                    .with_no_client_auth(),
            );
            let acceptor = localhost_acceptor(&[]);
            let (served, agreed) = serve(
                move |addr| {
                    let mut s = tls_client(&config, addr).expect("the client's handshake");
                    let agreed = s.conn.negotiated_key_exchange_group().map(|g| g.name());
                    assert_eq!(client_finish(&mut s).expect("the response"), b"agreed");
                    agreed
                },
                async |listener| {
                    let tls = accept(&listener, &acceptor).await?;
                    send_all(&tls, b"agreed").await?;
                    finish(&tls).await
                },
            );
            served.unwrap_or_else(|e| panic!("{group:?} with {versions:?}: {e}"));
            assert_eq!(agreed, Some(group.name()));
        }
    }
}

// ---- Client certificates ------------------------------------------------------------------

/// An acceptor that asks for client certificates issued by the test CA.
fn mutual_acceptor(required: bool) -> Acceptor {
    let auth = tls::ClientAuth {
        ca_pem: Some(fixture("ca.pem")),
        required,
    };
    Acceptor::with_client_auth(
        &fixture("localhost.pem"),
        &fixture("localhost.key"),
        &[],
        Some(auth),
    )
    .expect("the acceptor")
}

/// A rustls client presenting `cert`/`key` (fixture names), or no certificate.
fn client_with_identity(identity: Option<(&str, &str)>) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(&fixture("ca.pem")).unwrap())
        .unwrap();
    let builder =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots);
    Arc::new(match identity {
        None => builder.with_no_client_auth(),
        Some((cert, key)) => builder
            .with_client_auth_cert(
                CertificateDer::pem_slice_iter(&fixture(cert))
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap(),
                rustls::pki_types::PrivateKeyDer::from_pem_slice(&fixture(key)).unwrap(),
            )
            .unwrap(),
    })
}

/// What the acceptor saw of each kind of client: its verdict on the client's certificate and
/// the certificate's subject, or the handshake's failure.
#[test]
fn client_certificates_are_asked_for_and_checked() {
    type Seen = io::Result<(Option<Option<tls::CertError>>, Option<String>)>;
    // (certificate required, the client's certificate and key, what happens)
    type Case = (bool, Option<(&'static str, &'static str)>, &'static str);
    let cases: [Case; 5] = [
        (true, Some(("client.pem", "client.key")), "verified"),
        (false, Some(("client.pem", "client.key")), "verified"),
        (false, None, "none"),
        (
            false,
            Some(("self-signed.pem", "self-signed.key")),
            "not for clients",
        ),
        (true, None, "refused"),
    ];
    for (required, identity, outcome) in cases {
        let acceptor = mutual_acceptor(required);
        let config = client_with_identity(identity);
        let (served, client): (Seen, io::Result<Vec<u8>>) = serve(
            move |addr| {
                let mut s = tls_client(&config, addr)?;
                client_finish(&mut s)
            },
            async |listener| {
                let tls = accept(&listener, &acceptor).await?;
                let subject = tls
                    .peer_certificate()
                    .and_then(|der| tls::certificate_info(&der))
                    .map(|info| info.subject[0].1.clone());
                let verdict = tls.client_authorization();
                send_all(&tls, b"hello").await?;
                finish(&tls).await?;
                Ok((verdict, subject))
            },
        );
        let label = format!("required={required} identity={identity:?}");
        match outcome {
            "verified" => {
                assert_eq!(
                    served.unwrap(),
                    (Some(None), Some("test-client".into())),
                    "{label}"
                );
                assert_eq!(client.unwrap(), b"hello");
            }
            "none" => {
                let (verdict, subject) = served.unwrap();
                assert_eq!(
                    verdict,
                    Some(Some(tls::CertError::NoCertificate)),
                    "{label}"
                );
                assert_eq!(subject, None);
            }
            "not for clients" => {
                // A server certificate (serverAuth only) is refused for its purpose first,
                // as OpenSSL (and so Node) refuses it.
                let (verdict, subject) = served.unwrap();
                assert_eq!(
                    verdict,
                    Some(Some(tls::CertError::InvalidPurpose)),
                    "{label}"
                );
                assert_eq!(subject.as_deref(), Some("localhost"));
            }
            _ => {
                let e = served.expect_err(&label);
                assert_eq!(
                    TlsError::of(&e),
                    Some(&TlsError::Certificate(tls::CertError::NoCertificate)),
                    "{label}: {e}"
                );
                assert!(client.is_err(), "{label}: the client got through");
            }
        }
    }
    // An acceptor that does not ask reports nothing.
    let acceptor = localhost_acceptor(&[]);
    let config = client_with_identity(Some(("client.pem", "client.key")));
    let (served, _) = serve(
        move |addr| client_finish(&mut tls_client(&config, addr)?),
        async |listener| {
            let tls = accept(&listener, &acceptor).await?;
            let seen = (tls.client_authorization(), tls.peer_certificate());
            send_all(&tls, b"x").await?;
            finish(&tls).await?;
            io::Result::Ok(seen)
        },
    );
    assert_eq!(served.unwrap(), (None, None));
}

/// Our connector presents its certificate to an acceptor that requires one.
#[test]
fn our_connector_presents_a_client_certificate() {
    let acceptor = mutual_acceptor(true);
    let listener = bind();
    let addr = listener.local_addr().unwrap();
    let seen = run(async {
        let connector = Connector::builder()
            .add_pem(&fixture("ca.pem"))?
            .client_cert(&fixture("client.pem"), &fixture("client.key"))?
            .build()?;
        let accepting = accept(&listener, &acceptor);
        // The client's last handshake message leaves with its first write, which the
        // acceptor waits for.
        let connecting = async {
            let tcp = reactor::TcpStream::connect(addr).await?;
            let client = connector.connect(tcp, "localhost").await?;
            client.write_all(b"ping").await?;
            io::Result::Ok(client)
        };
        let (server, client) = futures_lite::future::zip(accepting, connecting).await;
        let (server, _client) = (server?, client?);
        let (got, _) = read_exact(&server, 4).await?;
        let verdict = server.client_authorization();
        Ok::<_, Box<dyn std::error::Error>>((got, verdict))
    })
    .expect("the exchange");
    assert_eq!(seen, (b"ping".to_vec(), Some(None)));
    let bad = Connector::builder().client_cert(&fixture("client.pem"), b"not a key");
    assert!(matches!(bad, Err(ConfigError::BadKey(_))), "{bad:?}");
    let bad = Connector::builder().client_cert(b"no certificate", &fixture("client.key"));
    assert!(
        matches!(bad, Err(ConfigError::BadCertificates(_))),
        "{bad:?}"
    );
}

// ---- Session resumption ---------------------------------------------------------------------

/// Two connections of one rustls client (`versions`) to one acceptor, each reading a
/// short response to its end (which is when TLS 1.3 tickets arrive): the handshake kinds
/// the client saw.
fn rustls_client_handshakes(versions: &[&'static SupportedProtocolVersion]) -> Vec<Seen> {
    let config = Arc::new(client_config(versions, &[HTTP11]));
    let acceptor = localhost_acceptor(&[HTTP11]);
    let (served, seen) = serve(
        move |addr| {
            (0..2)
                .map(|_| {
                    let mut s = tls_client(&config, addr).expect("the client's handshake");
                    assert_eq!(client_finish(&mut s).expect("the response"), b"again");
                    seen(&s)
                })
                .collect::<Vec<_>>()
        },
        async |listener| {
            for _ in 0..2 {
                let tls = accept(&listener, &acceptor).await?;
                send_all(&tls, b"again").await?;
                finish(&tls).await?;
            }
            io::Result::Ok(())
        },
    );
    served.expect("the server's side");
    seen
}

#[test]
fn resumes_a_rustls_clients_tls13_session() {
    let kinds: Vec<_> = rustls_client_handshakes(TLS13)
        .into_iter()
        .map(|s| (s.version, s.alpn, s.kind))
        .collect();
    let tls13 = Some(rustls::ProtocolVersion::TLSv1_3);
    let alpn = Some(HTTP11.to_vec());
    assert_eq!(
        kinds,
        [
            (tls13, alpn.clone(), Some(HandshakeKind::Full)),
            (tls13, alpn, Some(HandshakeKind::Resumed)),
        ]
    );
}

#[test]
fn resumes_a_rustls_clients_tls12_session() {
    let kinds: Vec<_> = rustls_client_handshakes(TLS12)
        .into_iter()
        .map(|s| (s.version, s.kind))
        .collect();
    let tls12 = Some(rustls::ProtocolVersion::TLSv1_2);
    assert_eq!(
        kinds,
        [
            (tls12, Some(HandshakeKind::Full)),
            (tls12, Some(HandshakeKind::Resumed)),
        ]
    );
}

// ---- Our connector against our acceptor -----------------------------------------------------

const PRE_SHARED_KEY: u16 = 41;
const SUPPORTED_VERSIONS: u16 = 43;

/// The extension types of the ServerHello at the start of what a server sent (in the clear
/// in every TLS version), or `None` if that is not a ServerHello.
fn server_hello_extensions(flight: &[u8]) -> Option<Vec<u16>> {
    let u16_at = |b: &[u8], i: usize| Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]));
    // The record: type 22 (handshake), version, length.
    if *flight.first()? != 22 {
        return None;
    }
    let record = flight.get(5..5 + usize::from(u16_at(flight, 3)?))?;
    // The message: type 2 (server_hello), a 24-bit length.
    if *record.first()? != 2 {
        return None;
    }
    let len = usize::from(*record.get(1)?) << 16 | usize::from(u16_at(record, 2)?);
    let hello = record.get(4..4 + len)?;
    // legacy_version (2), random (32), legacy_session_id (1 + n), cipher_suite (2),
    // legacy_compression_method (1), then the extensions.
    let at = 35 + usize::from(*hello.get(34)?) + 3;
    let mut extensions = hello.get(at + 2..at + 2 + usize::from(u16_at(hello, at)?))?;
    let mut types = Vec::new();
    while !extensions.is_empty() {
        types.push(u16_at(extensions, 0)?);
        extensions = extensions.get(4 + usize::from(u16_at(extensions, 2)?)..)?;
    }
    Some(types)
}

/// Copies `from` to `to` until `from` ends, then half-closes `to`; returns what it copied.
async fn pump(from: reactor::TcpStream, to: reactor::TcpStream) -> io::Result<Vec<u8>> {
    let mut copied = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.try_read(&mut buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                from.readable().await?;
                continue;
            }
            other => other?,
        };
        if n == 0 {
            to.shutdown(Shutdown::Write)?;
            return Ok(copied);
        }
        (&to).write_all(&buf[..n]).await?;
        copied.extend_from_slice(&buf[..n]);
    }
}

/// A TCP relay for one connection: accepts it on `listener`, connects to `server`, and
/// copies both ways until both ends have finished. Returns what the server sent.
async fn relay(listener: reactor::TcpListener, server: SocketAddr) -> io::Result<Vec<u8>> {
    let (client, _) = listener.accept().await?;
    let upstream = reactor::TcpStream::connect(server).await?;
    let (sent, _) = futures_lite::future::try_zip(
        pump(upstream.clone(), client.clone()),
        pump(client, upstream),
    )
    .await?;
    Ok(sent)
}

/// Echoes everything up to the client's `close_notify`, reading with `try_read` /
/// `readable` and writing with `try_write` / `writable` / `try_flush` in the same task;
/// returns how many bytes it echoed.
async fn echo(tls: &TlsStream) -> io::Result<usize> {
    let mut buf = vec![0u8; 32 * 1024];
    let mut echoed = 0;
    loop {
        match read_some(tls, &mut buf).await? {
            0 => break,
            n => {
                send_all(tls, &buf[..n]).await?;
                echoed += n;
            }
        }
    }
    tls.shutdown_write();
    Ok(echoed)
}

#[test]
fn our_connector_resumes_its_session_with_our_acceptor() {
    let acceptor = localhost_acceptor(&[HTTP11]);
    let connector = Connector::builder()
        .add_pem(&fixture("ca.pem"))
        .unwrap()
        .without_default_roots()
        .alpn(&[H2, HTTP11])
        .build()
        .unwrap();
    let sizes = [2 << 20, 1000];

    let (hellos, echoed) = run(async {
        let listener = bind();
        let server_addr = listener.local_addr()?;
        let server = reactor::spawn({
            let acceptor = acceptor.clone();
            async move {
                let mut echoed = Vec::new();
                for _ in sizes {
                    let tls = accept(&listener, &acceptor).await?;
                    assert_eq!(tls.alpn_protocol(), Some(HTTP11.to_vec()));
                    echoed.push(echo(&tls).await?);
                }
                io::Result::Ok(echoed)
            }
        });

        let mut hellos = Vec::new();
        for (i, size) in sizes.into_iter().enumerate() {
            let relay_listener = bind();
            let relay_addr = relay_listener.local_addr()?;
            let relay = reactor::spawn(relay(relay_listener, server_addr));

            let tcp = reactor::TcpStream::connect(relay_addr).await?;
            let tls = connector.connect(tcp, "localhost").await?;
            assert_eq!(tls.protocol_version(), Some("TLSv1.3"));
            assert_eq!(tls.alpn_protocol(), Some(HTTP11.to_vec()));
            assert_eq!(tls.authorization_error(), None);
            // Written and read at once: the server echoes as it reads.
            let data = pattern(size, i as u8);
            let writer = {
                let (tls, data) = (tls.clone(), data.clone());
                reactor::spawn(async move {
                    tls.write_all(&data).await?;
                    tls.shutdown_write();
                    io::Result::Ok(())
                })
            };
            let echo = read_to_end(&tls).await?;
            writer.await?;
            assert!(echo == data, "the echo of {size} bytes came back intact");
            tls.close();

            let flight = relay.await?;
            hellos.push(server_hello_extensions(&flight).expect("a ServerHello first"));
        }
        io::Result::Ok((hellos, server.await?))
    })
    .expect("both connections");

    assert_eq!(echoed, sizes);
    for (i, hello) in hellos.iter().enumerate() {
        assert!(hello.contains(&SUPPORTED_VERSIONS), "TLS 1.3: {hello:?}");
        let resumed = hello.contains(&PRE_SHARED_KEY);
        assert_eq!(resumed, i == 1, "connection {i}: ServerHello {hello:?}");
    }
}

// ---- Errors ---------------------------------------------------------------------------------

#[test]
fn acceptor_configuration_errors() {
    let (cert, key) = (fixture("localhost.pem"), fixture("localhost.key"));

    for no_cert in [&b""[..], b"not PEM at all", &key] {
        let e = Acceptor::new(no_cert, &key, &[HTTP11]).unwrap_err();
        assert!(matches!(e, ConfigError::BadCertificates(_)), "{e:?}");
    }
    for no_key in [&b""[..], b"not PEM at all", &cert] {
        let e = Acceptor::new(&cert, no_key, &[HTTP11]).unwrap_err();
        assert!(matches!(e, ConfigError::BadKey(_)), "{e:?}");
    }
    // A good key, but another certificate's: rustls compares the public keys when building.
    let e = Acceptor::new(&cert, &fixture("other-name.key"), &[HTTP11]).unwrap_err();
    assert!(matches!(e, ConfigError::BadKey(_)), "{e:?}");

    // The certificate and its issuer, and no ALPN at all, are fine.
    let chain = [cert, fixture("ca.pem")].concat();
    Acceptor::new(&chain, &key, &[]).expect("a chain of two");
}

/// What a failed accept (of an acceptor offering `http/1.1`) returned: the error's kind and
/// its `TlsError`; and what `client` returned.
fn failed_accept<T: Send + 'static>(
    client: impl FnOnce(SocketAddr) -> T + Send + 'static,
) -> ((io::ErrorKind, TlsError), T) {
    let acceptor = localhost_acceptor(&[HTTP11]);
    let (e, client) = serve(client, async |listener| {
        accept(&listener, &acceptor)
            .await
            .expect_err("the handshake fails")
    });
    let tls_error = TlsError::of(&e)
        .unwrap_or_else(|| panic!("not a TLS error: {e:?}"))
        .clone();
    ((e.kind(), tls_error), client)
}

#[test]
fn a_plain_http_client_is_not_tls() {
    let (error, answer) = failed_accept(raw_client(REQUEST.as_bytes(), false));
    assert_eq!(error, (io::ErrorKind::InvalidData, TlsError::NotTls));
    // The server's answer: a plaintext fatal alert (level 2), decode_error (50).
    assert_eq!(answer, [21, 3, 3, 0, 2, 2, 50]);
}

#[test]
fn a_client_that_closes_at_once_ends_the_handshake() {
    let (error, answer) = failed_accept(raw_client(b"", true));
    assert_eq!(
        error,
        (io::ErrorKind::UnexpectedEof, TlsError::HandshakeEof)
    );
    assert_eq!(answer, b"");
}

#[test]
fn a_client_that_closes_in_its_hello_ends_the_handshake() {
    // A handshake record's header, promising 512 bytes that never come.
    let header = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
    let (error, answer) = failed_accept(raw_client(header, true));
    assert_eq!(
        error,
        (io::ErrorKind::UnexpectedEof, TlsError::HandshakeEof)
    );
    assert_eq!(answer, b"");
}

#[test]
fn a_client_that_refuses_the_certificate_sends_an_alert() {
    // Trusting only another (self-signed) certificate, the client knows not the test CA.
    let config = Arc::new(client_config_trusting("self-signed.pem", TLS13, &[HTTP11]));
    let (error, client) =
        failed_accept(move |addr| tls_client(&config, addr).expect_err("the client refuses"));
    assert_eq!(
        error,
        (
            io::ErrorKind::InvalidData,
            TlsError::Alert("unknown_ca".to_string())
        )
    );
    assert_eq!(
        rustls_error(&client),
        Some(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer
        ))
    );
}

#[test]
fn a_client_offering_only_other_protocols_is_refused() {
    let config = Arc::new(client_config(TLS13, &[H2]));
    let (error, client) =
        failed_accept(move |addr| tls_client(&config, addr).expect_err("the server refuses"));
    assert_eq!(error.0, io::ErrorKind::InvalidData);
    assert!(matches!(error.1, TlsError::Protocol(_)), "{:?}", error.1);
    assert_eq!(
        rustls_error(&client),
        Some(rustls::Error::AlertReceived(
            rustls::AlertDescription::NoApplicationProtocol
        ))
    );
}
