//! Connections as the HTTP client and server and the net module use them: plain TCP or TLS
//! over TCP, both read and written without blocking; opening one; the TLS configurations
//! programs ask for (connectors, and servers' certificates); and TLS failures as Node's
//! errors.

use std::cell::RefCell;
use std::io;

use futures_lite::AsyncWriteExt;

/// A connection: plain TCP, or TLS on top of it. Clones share the connection.
#[derive(Clone, Debug)]
pub(crate) enum Transport {
    Tcp(reactor::TcpStream),
    Tls(tls::TlsStream),
}

impl Transport {
    /// Reads what is ready without waiting: `WouldBlock` when nothing is, `Ok(0)` at the end.
    pub(crate) fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Tcp(s) => s.try_read(buf),
            Transport::Tls(s) => s.try_read(buf),
        }
    }

    /// Waits until more may be read (possibly spuriously).
    pub(crate) async fn readable(&self) -> io::Result<()> {
        match self {
            Transport::Tcp(s) => s.readable().await,
            Transport::Tls(s) => s.readable().await,
        }
    }

    /// Sends what the socket takes now (for TLS: encrypts what fits, which may stay queued;
    /// see `try_flush_queued`).
    pub(crate) fn try_write(&self, data: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Tcp(s) => s.try_write(data),
            Transport::Tls(s) => s.try_write(data),
        }
    }

    /// Sends records TLS still queues without waiting; `Ok(true)` once none are left (plain
    /// TCP queues nothing).
    #[inline]
    pub(crate) fn try_flush_queued(&self) -> io::Result<bool> {
        match self {
            Transport::Tcp(_) => Ok(true),
            Transport::Tls(s) => s.try_flush(),
        }
    }

    /// Whether TLS records wait to be sent.
    #[inline]
    pub(crate) fn has_queued(&self) -> bool {
        match self {
            Transport::Tcp(_) => false,
            Transport::Tls(s) => s.has_queued(),
        }
    }

    /// Waits until the socket may take more (possibly spuriously).
    pub(crate) async fn writable(&self) -> io::Result<()> {
        self.tcp().writable().await
    }

    /// Sends all of `data`, waiting for the socket as needed.
    pub(crate) async fn write_all(&self, data: &[u8]) -> io::Result<()> {
        match self {
            Transport::Tcp(s) => {
                let mut s = s;
                s.write_all(data).await
            }
            Transport::Tls(s) => s.write_all(data).await,
        }
    }

    /// Ends the sending half: TLS sends its closing alert first.
    pub(crate) fn shutdown_write(&self) {
        match self {
            Transport::Tcp(s) => {
                let _ = s.shutdown(std::net::Shutdown::Write);
            }
            Transport::Tls(s) => s.shutdown_write(),
        }
    }

    /// The TCP connection underneath.
    pub(crate) fn tcp(&self) -> &reactor::TcpStream {
        match self {
            Transport::Tcp(s) => s,
            Transport::Tls(s) => s.tcp(),
        }
    }

    /// Closes the connection (TLS says goodbye first, if the socket takes it).
    pub(crate) fn close(&self) {
        match self {
            Transport::Tcp(s) => s.close(),
            Transport::Tls(s) => s.close(),
        }
    }
}

/// Looks `host` up and connects to the first of its addresses that answers; with `tls`, then
/// runs the client handshake for the server name given. A failure says which system call
/// it came from (`getaddrinfo` or `connect`; a TLS failure is a `connect` one).
pub(crate) async fn open(
    host: &str,
    port: u16,
    tls: Option<(&tls::Connector, &str)>,
) -> Result<Transport, (io::Error, &'static str)> {
    let addrs = reactor::lookup(host, port)
        .await
        .map_err(|e| (e, "getaddrinfo"))?;
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
    for addr in addrs {
        match reactor::TcpStream::connect(addr).await {
            Ok(tcp) => {
                return match tls {
                    None => Ok(Transport::Tcp(tcp)),
                    Some((connector, name)) => connector
                        .connect(tcp, name)
                        .await
                        .map(Transport::Tls)
                        .map_err(|e| (e, "connect")),
                };
            }
            Err(e) => last = e,
        }
    }
    Err((last, "connect"))
}

thread_local! {
    /// TLS servers' certificates and keys (`tlsAcceptor`), kept for the program's life: a
    /// server may listen again.
    static ACCEPTORS: RefCell<Vec<tls::Acceptor>> = const { RefCell::new(Vec::new()) };
}

/// Keeps a server's certificate and key; returns its id (from 1).
pub(crate) fn add_acceptor(acceptor: tls::Acceptor) -> u32 {
    ACCEPTORS.with(|a| {
        let mut a = a.borrow_mut();
        a.push(acceptor);
        a.len() as u32
    })
}

/// The certificate and key `id` names.
pub(crate) fn acceptor(id: u32) -> Option<tls::Acceptor> {
    let index = (id as usize).checked_sub(1)?;
    ACCEPTORS.with(|a| a.borrow().get(index).cloned())
}

/// How long a TLS server waits for a client's handshake (Node's `handshakeTimeout`).
pub(crate) const HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The server side of the handshake on `tcp`, bounded by [`HANDSHAKE_TIMEOUT`].
pub(crate) async fn accept(
    acceptor: &tls::Acceptor,
    tcp: reactor::TcpStream,
) -> io::Result<tls::TlsStream> {
    let handshake = acceptor.accept(tcp);
    let timeout = async {
        reactor::sleep(HANDSHAKE_TIMEOUT).await;
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client did not finish the TLS handshake in time",
        ))
    };
    futures_lite::future::or(handshake, timeout).await
}

/// What a program asked of TLS: the roots to trust (`None`: Mozilla's plus
/// `NODE_EXTRA_CA_CERTS`) and whether to verify the server at all.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct TlsOptions {
    pub(crate) ca: Option<String>,
    pub(crate) verify: bool,
    /// Application protocols to offer (ALPN), most wanted first.
    pub(crate) alpn: Vec<String>,
    /// The client certificate chain and its key (PEM), for servers that ask for one.
    pub(crate) identity: Option<(String, String)>,
}

impl TlsOptions {
    /// The options of a JavaScript object: `ca`, `rejectUnauthorized`, `cert` and `key`
    /// (PEM text), and the ALPN protocols given.
    pub(crate) fn from_js(
        opts: &rquickjs::Object<'_>,
        alpn: Vec<String>,
    ) -> rquickjs::Result<Self> {
        let cert: Option<String> = opts.get("cert")?;
        let key: Option<String> = opts.get("key")?;
        Ok(TlsOptions {
            ca: opts.get("ca")?,
            verify: opts
                .get::<_, Option<bool>>("rejectUnauthorized")?
                .unwrap_or(true),
            alpn,
            identity: cert.zip(key),
        })
    }
}

thread_local! {
    /// Connectors made so far, one per distinct set of options, so that sessions are
    /// resumed across connections with the same options.
    static CONNECTORS: RefCell<Vec<(TlsOptions, tls::Connector)>> = const { RefCell::new(Vec::new()) };
}

/// The certificates of the file `NODE_EXTRA_CA_CERTS` names, read once; a file that cannot be
/// read or holds no certificate is left out with a warning, as Node does.
fn extra_certs() -> Option<Vec<u8>> {
    thread_local! {
        static EXTRA: Option<Vec<u8>> = {
            let path = std::env::var_os("NODE_EXTRA_CA_CERTS")?;
            let loaded = std::fs::read(&path)
                .map_err(|e| {
                    // "No such file or directory (os error 44)": the words alone.
                    let shown = e.to_string();
                    shown.split(" (os error").next().unwrap_or_default().to_string()
                })
                .and_then(|pem| {
                    tls::Connector::builder()
                        .add_pem(&pem)
                        .map(|_| pem)
                        .map_err(|e| e.to_string())
                });
            match loaded {
                Ok(pem) => Some(pem),
                Err(why) => {
                    eprintln!(
                        "Warning: Ignoring extra certs from `{}`, load failed: {why}",
                        path.to_string_lossy()
                    );
                    None
                }
            }
        };
    }
    EXTRA.with(Clone::clone)
}

/// The connector for `options`, made on first use. A `ca` that holds no certificate, or
/// an unreadable `NODE_EXTRA_CA_CERTS`, is an error (the latter only a warning, as in Node).
pub(crate) fn connector(options: &TlsOptions) -> Result<tls::Connector, (&'static str, String)> {
    let ca_error = |e: tls::ConfigError| ("ERR_TLS_INVALID_CA", e.to_string());
    if let Some(c) = CONNECTORS.with(|c| {
        c.borrow()
            .iter()
            .find(|(o, _)| o == options)
            .map(|(_, c)| c.clone())
    }) {
        return Ok(c);
    }
    let alpn: Vec<&[u8]> = options.alpn.iter().map(|p| p.as_bytes()).collect();
    let mut builder = tls::Connector::builder().alpn(&alpn).verify(options.verify);
    match &options.ca {
        Some(pem) => {
            builder = builder
                .without_default_roots()
                .add_pem(pem.as_bytes())
                .map_err(ca_error)?
        }
        None => {
            if let Some(pem) = extra_certs() {
                builder = builder.add_pem(&pem).map_err(ca_error)?;
            }
        }
    }
    if let Some((cert, key)) = &options.identity {
        // Node (OpenSSL) names a key it cannot read, and PEM text without a certificate.
        builder = builder
            .client_cert(cert.as_bytes(), key.as_bytes())
            .map_err(|e| match e {
                tls::ConfigError::BadKey(_) => ("ERR_OSSL_UNSUPPORTED", e.to_string()),
                _ => ("ERR_OSSL_PEM_NO_START_LINE", e.to_string()),
            })?;
    }
    let connector = builder.build().map_err(ca_error)?;
    CONNECTORS.with(|c| c.borrow_mut().push((options.clone(), connector.clone())));
    Ok(connector)
}

/// What JavaScript's TLS sockets show of a connection: `[protocol, alpnProtocol or false,
/// the server's authorizationError code or null (with `check`), [cipher name, standard name,
/// version], [key exchange group, bits] or null, the client's authorization on a server that
/// asked (true, or the authorizationError code; undefined when it did not ask), the peer's
/// certificate as getPeerCertificate(true) shows it or null]`.
pub(crate) fn tls_info<'js>(
    ctx: &rquickjs::Ctx<'js>,
    tls: &tls::TlsStream,
    host: &str,
    check: bool,
) -> rquickjs::Result<rquickjs::Array<'js>> {
    let out = rquickjs::Array::new(ctx.clone())?;
    out.set(0, tls.protocol_version())?;
    match tls.alpn_protocol() {
        Some(p) => out.set(1, String::from_utf8_lossy(&p).into_owned())?,
        None => out.set(1, false)?,
    }
    let refused = check
        .then(|| tls.authorization_error())
        .flatten()
        .map(|c| node_code(&tls::TlsError::Certificate(c), host).0);
    out.set(2, refused)?;
    if let Some(suite) = tls.cipher_suite() {
        out.set(3, vec![suite.openssl, suite.standard, suite.version])?;
    }
    if let Some((group, bits)) = tls.key_exchange_group() {
        let pair = rquickjs::Array::new(ctx.clone())?;
        pair.set(0, group)?;
        pair.set(1, bits)?;
        out.set(4, pair)?;
    }
    match tls.client_authorization() {
        None => {}
        Some(None) => out.set(5, true)?,
        Some(Some(why)) => out.set(5, node_code(&tls::TlsError::Certificate(why), host).0)?,
    }
    let chain = tls.peer_chain();
    let cert = match chain.split_first() {
        Some((leaf, issuers)) => {
            let cert = certificate_value(ctx, leaf)?;
            // The issuers the peer sent, for getPeerCertificate(true).
            if let Some(object) = cert.as_object() {
                let list = rquickjs::Array::new(ctx.clone())?;
                for (i, der) in issuers.iter().enumerate() {
                    list.set(i, certificate_value(ctx, der)?)?;
                }
                object.set("chain", list)?;
            }
            cert
        }
        None => rquickjs::Value::new_null(ctx.clone()),
    };
    out.set(6, cert)?;
    Ok(out)
}

/// A certificate as Node's `getPeerCertificate()` shows it (without its issuer chain).
pub(crate) fn certificate_value<'js>(
    ctx: &rquickjs::Ctx<'js>,
    der: &[u8],
) -> rquickjs::Result<rquickjs::Value<'js>> {
    let Some(info) = tls::certificate_info(der) else {
        return Ok(rquickjs::Value::new_null(ctx.clone()));
    };
    let names = |pairs: &[(String, String)]| -> rquickjs::Result<rquickjs::Array<'js>> {
        let list = rquickjs::Array::new(ctx.clone())?;
        for (i, (k, v)) in pairs.iter().enumerate() {
            list.set(i, vec![k.clone(), v.clone()])?;
        }
        Ok(list)
    };
    let out = rquickjs::Object::new(ctx.clone())?;
    out.set("subject", names(&info.subject)?)?;
    out.set("issuer", names(&info.issuer)?)?;
    if !info.subject_alt_names.is_empty() {
        out.set("subjectaltname", info.subject_alt_names.join(", "))?;
    }
    out.set("ca", info.ca)?;
    out.set("valid_from", info.valid_from)?;
    out.set("valid_to", info.valid_to)?;
    out.set("serialNumber", info.serial_number)?;
    out.set("fingerprint", info.fingerprint)?;
    out.set("fingerprint256", info.fingerprint256)?;
    out.set("raw", rquickjs::TypedArray::new(ctx.clone(), der.to_vec())?)?;
    Ok(out.into_value())
}

/// Node's name for a refused certificate or a TLS failure, with its message.
pub(crate) fn node_code(e: &tls::TlsError, host: &str) -> (String, String) {
    use tls::{CertError as C, TlsError as T};
    let (code, message) = match e {
        T::Certificate(c) => match c {
            C::SelfSigned => ("DEPTH_ZERO_SELF_SIGNED_CERT", c.to_string()),
            C::SelfSignedInChain => ("SELF_SIGNED_CERT_IN_CHAIN", c.to_string()),
            C::UnknownIssuerOfLeaf => ("UNABLE_TO_VERIFY_LEAF_SIGNATURE", c.to_string()),
            C::UnknownIssuer => ("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", c.to_string()),
            C::Expired => ("CERT_HAS_EXPIRED", c.to_string()),
            C::NotYetValid => ("CERT_NOT_YET_VALID", c.to_string()),
            C::Revoked => ("CERT_REVOKED", c.to_string()),
            C::BadSignature => ("CERT_SIGNATURE_FAILURE", c.to_string()),
            C::InvalidPurpose => ("INVALID_PURPOSE", c.to_string()),
            // What OpenSSL reports of a client that sent no certificate when asked.
            C::NoCertificate => ("UNABLE_TO_GET_ISSUER_CERT", c.to_string()),
            C::NameMismatch { presented, .. } => (
                "ERR_TLS_CERT_ALTNAME_INVALID",
                altname_reason(host, presented),
            ),
            _ => ("CERT_REJECTED", c.to_string()),
        },
        T::Alert(name) => {
            // OpenSSL files each alert under the protocol version that defined it.
            const SSLV3: &[&str] = &[
                "close_notify",
                "unexpected_message",
                "bad_record_mac",
                "handshake_failure",
                "bad_certificate",
                "unsupported_certificate",
                "certificate_revoked",
                "certificate_expired",
                "certificate_unknown",
                "illegal_parameter",
            ];
            // And TLS 1.3's own alerts under TLSV13.
            const TLSV13: &[&str] = &["certificate_required", "missing_extension"];
            let era = if SSLV3.contains(&name.as_str()) {
                "SSLV3"
            } else if TLSV13.contains(&name.as_str()) {
                "TLSV13"
            } else {
                "TLSV1"
            };
            let code = format!("ERR_SSL_{era}_ALERT_{}", name.to_ascii_uppercase());
            let message = format!(
                "{} alert {}",
                era.to_ascii_lowercase(),
                name.replace('_', " ")
            );
            return (code, message);
        }
        T::NotTls => (
            "ERR_SSL_WRONG_VERSION_NUMBER",
            "wrong version number".into(),
        ),
        T::HandshakeEof => (
            "ECONNRESET",
            "Client network socket disconnected before secure TLS connection was established"
                .into(),
        ),
        _ => ("ERR_SSL_PROTOCOL_ERROR", e.to_string()),
    };
    (code.to_string(), message)
}

/// Node's reason for a certificate that is not for `host`.
fn altname_reason(host: &str, presented: &[String]) -> String {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let listed = if host.parse::<std::net::IpAddr>().is_ok() {
        let ips: Vec<&str> = presented
            .iter()
            .filter_map(|n| n.strip_prefix("IP Address:"))
            .collect();
        format!("IP: {host} is not in the cert's list: {}", ips.join(", "))
    } else {
        format!(
            "Host: {host}. is not in the cert's altnames: {}",
            presented.join(", ")
        )
    };
    format!("Hostname/IP does not match certificate's altnames: {listed}")
}

/// The JavaScript error for a failed TLS connection to `host`: Node's `code` and message;
/// for a name mismatch also `reason` and `host`, as Node's `checkServerIdentity` gives.
pub(crate) fn tls_error_value<'js>(
    ctx: &rquickjs::Ctx<'js>,
    e: &io::Error,
    host: &str,
) -> Option<rquickjs::Value<'js>> {
    let tls = tls::TlsError::of(e)?;
    let (code, message) = node_code(tls, host);
    let ex = rquickjs::Exception::from_message(ctx.clone(), &message).ok()?;
    ex.set("code", code.as_str()).ok()?;
    if code == "ERR_TLS_CERT_ALTNAME_INVALID" {
        let reason = message.split_once(": ").map_or("", |(_, r)| r);
        ex.set("reason", reason).ok()?;
        ex.set("host", host).ok()?;
    }
    Some(ex.into_value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn altname_reasons_read_as_node_writes_them() {
        let names = vec!["DNS:example.com".to_string()];
        assert_eq!(
            altname_reason("localhost", &names),
            "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:example.com"
        );
        assert_eq!(
            altname_reason("127.0.0.1", &names),
            "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: "
        );
        let both = vec!["DNS:a".to_string(), "IP Address:10.0.0.1".to_string()];
        assert!(
            altname_reason("[::1]", &both).ends_with("IP: ::1 is not in the cert's list: 10.0.0.1")
        );
    }

    #[test]
    fn alerts_named_as_openssl_does() {
        let (code, message) = node_code(&tls::TlsError::Alert("handshake_failure".into()), "h");
        assert_eq!(code, "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE");
        assert_eq!(message, "sslv3 alert handshake failure");
        let (code, _) = node_code(&tls::TlsError::Alert("protocol_version".into()), "h");
        assert_eq!(code, "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION");
    }
}
