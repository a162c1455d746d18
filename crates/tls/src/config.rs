//! Configurations: for clients, which roots are trusted, whether certificates are checked at
//! all, and the application protocols offered; for servers, the certificate chain and key.

use std::fmt;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::WebPkiClientVerifier;
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::der;
use crate::error::CertError;
use crate::random;

/// The handshake signature checks both verifiers make the same way, with their `provider`'s
/// algorithms (a method body for each verifier trait).
macro_rules! handshake_signatures {
    () => {
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            let algorithms = &self.provider.signature_verification_algorithms;
            rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            let algorithms = &self.provider.signature_verification_algorithms;
            rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.provider
                .signature_verification_algorithms
                .supported_schemes()
        }
    };
}

/// A reason a [`Connector`] or an [`Acceptor`] could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// PEM text held no certificate, or one that is not valid DER.
    BadCertificates(String),
    /// No root would be trusted: the defaults were left out and none were added.
    NoRoots,
    /// The private key is missing, unreadable, or does not match the certificate.
    BadKey(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::BadCertificates(why) => write!(f, "bad certificate: {why}"),
            ConfigError::NoRoots => f.write_str("no trusted root certificate"),
            ConfigError::BadKey(why) => write!(f, "bad private key: {why}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Builds a [`Connector`]. By default it trusts Mozilla's roots (the list Node.js and
/// browsers ship), verifies certificates, and offers no application protocol.
#[derive(Debug, Clone)]
pub struct ConnectorBuilder {
    default_roots: bool,
    extra: Vec<CertificateDer<'static>>,
    verify: bool,
    alpn: Vec<Vec<u8>>,
    /// PEM of the client's certificate chain and key, for servers that ask for one.
    identity: Option<(Vec<u8>, Vec<u8>)>,
}

impl ConnectorBuilder {
    /// Trusts the certificates in `pem` (one or more `BEGIN CERTIFICATE` blocks) besides the
    /// roots already trusted.
    pub fn add_pem(mut self, pem: &[u8]) -> Result<Self, ConfigError> {
        let mut found = 0;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| ConfigError::BadCertificates(format!("{e:?}")))?;
            self.extra.push(cert);
            found += 1;
        }
        if found == 0 {
            return Err(ConfigError::BadCertificates(
                "no PEM certificate found".to_string(),
            ));
        }
        Ok(self)
    }

    /// Leaves Mozilla's roots out: only the certificates added with
    /// [`add_pem`](Self::add_pem) are trusted (Node's `ca` option).
    pub fn without_default_roots(mut self) -> Self {
        self.default_roots = false;
        self
    }

    /// Whether to verify the server's certificate (the default). Without verification the
    /// connection is encrypted but anyone on the path may be the server.
    pub fn verify(mut self, verify: bool) -> Self {
        self.verify = verify;
        self
    }

    /// The application protocols to offer, most wanted first (ALPN; `b"http/1.1"`).
    pub fn alpn(mut self, protocols: &[&[u8]]) -> Self {
        self.alpn = protocols.iter().map(|p| p.to_vec()).collect();
        self
    }

    /// Presents the certificates in `cert_pem` (the client's first, then its issuers) with
    /// the private key in `key_pem` to servers that ask for a client certificate (Node's
    /// `cert` and `key`).
    pub fn client_cert(mut self, cert_pem: &[u8], key_pem: &[u8]) -> Result<Self, ConfigError> {
        identity(cert_pem, key_pem)?;
        self.identity = Some((cert_pem.to_vec(), key_pem.to_vec()));
        Ok(self)
    }

    /// The connector. Its sessions are remembered, so later connections to the same
    /// server resume them.
    pub fn build(self) -> Result<Connector, ConfigError> {
        let mut roots = RootCertStore::empty();
        if self.default_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for cert in self.extra {
            roots
                .add(cert)
                .map_err(|e| ConfigError::BadCertificates(e.to_string()))?;
        }
        if roots.is_empty() && self.verify {
            return Err(ConfigError::NoRoots);
        }
        let provider = Arc::new(suites_for_wasm(random::provider(), Side::Client));
        let webpki = if roots.is_empty() {
            None
        } else {
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| ConfigError::BadCertificates(e.to_string()))?,
            )
        };
        let verifier = Arc::new(Verifier {
            webpki,
            verify: self.verify,
            provider: provider.clone(),
        });
        let checker = verifier.clone();
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError::BadCertificates(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut config = match self.identity {
            None => builder.with_no_client_auth(),
            Some((cert_pem, key_pem)) => {
                let (chain, key) = identity(&cert_pem, &key_pem)?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| ConfigError::BadKey(e.to_string()))?
            }
        };
        config.alpn_protocols = self.alpn;
        Ok(Connector {
            config: Arc::new(config),
            verifier: checker,
        })
    }
}

/// What TLS client connections are made with: trusted roots, verification, ALPN, and a
/// cache of sessions to resume. Cheap to clone; clones share the cache.
#[derive(Clone)]
pub struct Connector {
    pub(crate) config: Arc<rustls::ClientConfig>,
    verifier: Arc<Verifier>,
}

impl fmt::Debug for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connector")
            .field("alpn", &self.config.alpn_protocols)
            .finish_non_exhaustive()
    }
}

impl Connector {
    /// A builder with the defaults: Mozilla's roots, verification on, no ALPN.
    pub fn builder() -> ConnectorBuilder {
        ConnectorBuilder {
            default_roots: true,
            extra: Vec::new(),
            verify: true,
            alpn: Vec::new(),
            identity: None,
        }
    }
}

impl Connector {
    /// What verification would say of a chain for `name`, whether or not this connector
    /// verifies: `None` when it passes.
    pub(crate) fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        name: &ServerName<'_>,
    ) -> Option<CertError> {
        let Some(webpki) = &self.verifier.webpki else {
            // No root at all: the chain's own shape says what kind of unknown issuer it is.
            return Some(unknown_issuer(end_entity, intermediates));
        };
        let verdict =
            webpki.verify_server_cert(end_entity, intermediates, name, &[], UnixTime::now());
        cert_error(verdict.err(), end_entity, intermediates)
    }
}

/// A verifier's error with "unknown issuer" made precise: a self-signed certificate, an
/// incomplete chain, ... as OpenSSL tells them apart.
fn refined(
    e: rustls::Error,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
) -> rustls::Error {
    match e {
        rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer) => {
            let refined = unknown_issuer(end_entity, intermediates);
            rustls::CertificateError::Other(rustls::OtherError(Arc::new(refined))).into()
        }
        other => other,
    }
}

/// What a verifier's failure (if any) says of a chain, refined.
fn cert_error(
    failure: Option<rustls::Error>,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
) -> Option<CertError> {
    match crate::TlsError::from_rustls(refined(failure?, end_entity, intermediates)) {
        crate::TlsError::Certificate(c) => Some(c),
        other => Some(CertError::Other(other.to_string())),
    }
}

/// The web PKI's verdict, refined where it says only "unknown issuer" so that the error
/// tells a self-signed certificate from an incomplete chain (see `refined`); or no verdict at
/// all when verification is off.
#[derive(Debug)]
struct Verifier {
    webpki: Option<Arc<WebPkiServerVerifier>>,
    verify: bool,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if !self.verify {
            return Ok(ServerCertVerified::assertion());
        }
        let Some(webpki) = &self.webpki else {
            return Err(rustls::CertificateError::UnknownIssuer.into());
        };
        webpki
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map_err(|e| refined(e, end_entity, intermediates))
    }

    handshake_signatures!();
}

/// Which kind of "unknown issuer" a chain is, the way OpenSSL (and so Node.js) reports it.
fn unknown_issuer(end_entity: &[u8], intermediates: &[CertificateDer<'_>]) -> CertError {
    match intermediates.last() {
        None if der::is_self_issued(end_entity) => CertError::SelfSigned,
        None => CertError::UnknownIssuerOfLeaf,
        Some(top) if der::is_self_issued(top) => CertError::SelfSignedInChain,
        Some(_) => CertError::UnknownIssuer,
    }
}

/// What TLS server connections are made with: a certificate chain and its key, and the
/// application protocols to agree on. Cheap to clone.
#[derive(Clone)]
pub struct Acceptor {
    pub(crate) config: Arc<rustls::ServerConfig>,
    /// How client certificates are checked, when they are asked for.
    pub(crate) clients: Option<Arc<ClientVerifier>>,
}

impl fmt::Debug for Acceptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acceptor")
            .field("alpn", &self.config.alpn_protocols)
            .finish_non_exhaustive()
    }
}

impl Acceptor {
    /// An acceptor presenting the certificates in `cert_pem` (the server's first, then
    /// its issuers) with the private key in `key_pem` (PKCS#8, PKCS#1 or SEC1), offering
    /// `alpn` (most wanted first; none: no ALPN). TLS 1.2 and 1.3; sessions are resumed with
    /// tickets.
    pub fn new(cert_pem: &[u8], key_pem: &[u8], alpn: &[&[u8]]) -> Result<Acceptor, ConfigError> {
        Acceptor::with_client_auth(cert_pem, key_pem, alpn, None)
    }

    /// [`new`](Self::new), asking clients for a certificate when `client_auth` says so.
    pub fn with_client_auth(
        cert_pem: &[u8],
        key_pem: &[u8],
        alpn: &[&[u8]],
        client_auth: Option<ClientAuth>,
    ) -> Result<Acceptor, ConfigError> {
        let (chain, key) = identity(cert_pem, key_pem)?;
        let provider = Arc::new(suites_for_wasm(random::provider(), Side::Server));
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError::BadKey(e.to_string()))?;
        let clients = match client_auth {
            None => None,
            Some(auth) => Some(Arc::new(ClientVerifier::new(auth, provider)?)),
        };
        let builder = match &clients {
            None => builder.with_no_client_auth(),
            Some(v) => builder.with_client_cert_verifier(v.clone()),
        };
        let mut config = builder.with_single_cert(chain, key).map_err(|e| match e {
            rustls::Error::InvalidCertificate(_) => ConfigError::BadCertificates(e.to_string()),
            _ => ConfigError::BadKey(e.to_string()),
        })?;
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        // Inside wasm the server's order (ChaCha20-Poly1305 first, see `suites_for_wasm`)
        // decides, as most clients put AES first.
        config.ignore_client_order = cfg!(target_family = "wasm");
        if let Ok(ticketer) = crate::kx::ticketer() {
            config.ticketer = ticketer;
        }
        Ok(Acceptor {
            config: Arc::new(config),
            clients,
        })
    }
}

/// A certificate chain and its private key from PEM.
fn identity(
    cert_pem: &[u8],
    key_pem: &[u8],
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), ConfigError> {
    let chain = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ConfigError::BadCertificates(format!("{e:?}")))?;
    if chain.is_empty() {
        return Err(ConfigError::BadCertificates(
            "no PEM certificate found".to_string(),
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|e| ConfigError::BadKey(format!("{e:?}")))?;
    Ok((chain, key))
}

/// How an [`Acceptor`] asks clients for certificates (Node's `requestCert`, `ca` and
/// `rejectUnauthorized` on a server).
#[derive(Debug, Clone, Default)]
pub struct ClientAuth {
    /// The certificates client certificates must chain to (PEM); `None`: Mozilla's roots.
    pub ca_pem: Option<Vec<u8>>,
    /// Refuse the handshake of a client without a certificate that verifies. Otherwise any
    /// client connects, and [`TlsStream::client_authorization`](crate::TlsStream) says
    /// whether its certificate verified.
    pub required: bool,
}

/// Checks client certificates against the configured roots; when they are not required, lets
/// every client through and keeps the verdict for later.
#[derive(Debug)]
pub(crate) struct ClientVerifier {
    webpki: Arc<dyn ClientCertVerifier>,
    required: bool,
    provider: Arc<CryptoProvider>,
}

impl ClientVerifier {
    fn new(auth: ClientAuth, provider: Arc<CryptoProvider>) -> Result<Self, ConfigError> {
        let mut roots = RootCertStore::empty();
        match &auth.ca_pem {
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
            Some(pem) => {
                for cert in CertificateDer::pem_slice_iter(pem) {
                    let cert = cert.map_err(|e| ConfigError::BadCertificates(format!("{e:?}")))?;
                    roots
                        .add(cert)
                        .map_err(|e| ConfigError::BadCertificates(e.to_string()))?;
                }
            }
        }
        if roots.is_empty() {
            return Err(ConfigError::NoRoots);
        }
        let webpki = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .allow_unauthenticated()
            .build()
            .map_err(|e| ConfigError::BadCertificates(e.to_string()))?;
        Ok(ClientVerifier {
            webpki,
            required: auth.required,
            provider,
        })
    }

    /// What verification says of a client's chain: `None` when it passes.
    pub(crate) fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
    ) -> Option<CertError> {
        let verdict = self
            .webpki
            .verify_client_cert(end_entity, intermediates, UnixTime::now());
        cert_error(verdict.err(), end_entity, intermediates)
    }
}

impl ClientCertVerifier for ClientVerifier {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        self.required
    }

    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        self.webpki.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if !self.required {
            return Ok(ClientCertVerified::assertion());
        }
        self.webpki
            .verify_client_cert(end_entity, intermediates, now)
            .map_err(|e| refined(e, end_entity, intermediates))
    }

    handshake_signatures!();
}

enum Side {
    Client,
    Server,
}

/// The cipher suites for code running as WebAssembly, which has no AES instructions: ring's
/// portable AES-GCM moves about a fifth of the bytes per second that its ChaCha20-Poly1305
/// does there (16 against 81 MiB/s measured under wasmtime). ChaCha20-Poly1305 comes first on
/// both sides, and a client leaves AES-256-GCM out, so that a server that follows its own
/// order (OpenSSL's default puts AES-256-GCM first, then ChaCha20-Poly1305) picks ChaCha20;
/// AES-128-GCM stays for servers without ChaCha20. Native code keeps ring's order.
fn suites_for_wasm(mut provider: CryptoProvider, side: Side) -> CryptoProvider {
    if cfg!(target_family = "wasm") {
        let name = |suite: &rustls::SupportedCipherSuite| format!("{:?}", suite.suite());
        if let Side::Client = side {
            provider
                .cipher_suites
                .retain(|s| !name(s).contains("AES_256"));
        }
        provider
            .cipher_suites
            .sort_by_key(|s| !name(s).contains("CHACHA20"));
    }
    provider
}
