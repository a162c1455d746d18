//! Why a TLS connection failed, in terms a caller can act on (and a runtime can map onto the
//! error codes its users know), carried inside `std::io::Error`.

use std::fmt;
use std::io;

/// Why the server's certificate chain was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertError {
    /// The server sent one certificate, signed by itself, which no trusted root vouches for.
    SelfSigned,
    /// The chain ends in a self-signed certificate that is not a trusted root.
    SelfSignedInChain,
    /// The server sent only its own certificate, and its issuer is not a trusted root.
    UnknownIssuerOfLeaf,
    /// The chain's last certificate names an issuer that is not among the trusted roots.
    UnknownIssuer,
    /// A certificate's validity ended before now.
    Expired,
    /// A certificate's validity starts after now.
    NotYetValid,
    /// The certificate is not for the name (or address) that was connected to.
    NameMismatch {
        /// The host name or IP address the client expected.
        expected: String,
        /// The names the certificate does hold, as OpenSSL shows them (`DNS:a.example`,
        /// `IP Address:192.0.2.1`).
        presented: Vec<String>,
    },
    /// A certificate was revoked.
    Revoked,
    /// A signature in the chain does not verify.
    BadSignature,
    /// The certificate may not be used by a server.
    InvalidPurpose,
    /// A server asked for a client certificate and the client sent none.
    NoCertificate,
    /// Anything else, as the verifier describes it.
    Other(String),
}

/// A failed TLS connection. I/O operations of this crate return it inside an
/// [`io::Error`] of kind [`io::ErrorKind::InvalidData`]; [`TlsError::of`] finds it there.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsError {
    /// The server's certificate chain was refused.
    Certificate(CertError),
    /// The peer ended the connection with a fatal alert, named as in the TLS RFCs
    /// (`handshake_failure`, `protocol_version`, ...).
    Alert(String),
    /// The peer's bytes are not TLS records, as when a plain-text server answers on the port.
    NotTls,
    /// The connection closed before the handshake finished.
    HandshakeEof,
    /// Another protocol failure, as rustls describes it.
    Protocol(String),
}

impl TlsError {
    /// The `TlsError` inside an I/O error returned by this crate, if there is one.
    pub fn of(e: &io::Error) -> Option<&TlsError> {
        e.get_ref()?.downcast_ref::<TlsError>()
    }

    pub(crate) fn into_io(self) -> io::Error {
        let kind = match self {
            TlsError::HandshakeEof => io::ErrorKind::UnexpectedEof,
            _ => io::ErrorKind::InvalidData,
        };
        io::Error::new(kind, self)
    }

    /// The crate's view of a rustls error.
    pub(crate) fn from_rustls(e: rustls::Error) -> TlsError {
        use rustls::{CertificateError as C, Error as E};
        match e {
            E::InvalidCertificate(c) => TlsError::Certificate(match c {
                C::Expired | C::ExpiredContext { .. } => CertError::Expired,
                C::NotValidYet | C::NotValidYetContext { .. } => CertError::NotYetValid,
                C::Revoked => CertError::Revoked,
                C::UnknownIssuer => CertError::UnknownIssuer,
                C::BadSignature => CertError::BadSignature,
                C::InvalidPurpose | C::InvalidPurposeContext { .. } => CertError::InvalidPurpose,
                C::NotValidForName => CertError::NameMismatch {
                    expected: String::new(),
                    presented: Vec::new(),
                },
                C::NotValidForNameContext {
                    expected,
                    presented,
                } => CertError::NameMismatch {
                    expected: server_name(&expected),
                    presented: presented.iter().map(|n| openssl_name(n)).collect(),
                },
                C::Other(other) => match other.0.downcast_ref::<CertError>() {
                    Some(refined) => refined.clone(),
                    None => CertError::Other(other.to_string()),
                },
                other => CertError::Other(format!("{other:?}")),
            }),
            E::NoCertificatesPresented => TlsError::Certificate(CertError::NoCertificate),
            E::AlertReceived(alert) => TlsError::Alert(alert_name(alert)),
            E::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => TlsError::NotTls,
            other => TlsError::Protocol(other.to_string()),
        }
    }
}

/// A server name as it was written: a DNS name or an IP address.
fn server_name(name: &rustls::pki_types::ServerName<'_>) -> String {
    match name {
        rustls::pki_types::ServerName::DnsName(d) => d.as_ref().to_string(),
        rustls::pki_types::ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        other => format!("{other:?}"),
    }
}

/// A name as webpki shows it (`DnsName("a.example")`, `IpAddress(192.0.2.1)`), as OpenSSL
/// does (`DNS:a.example`, `IP Address:192.0.2.1`).
fn openssl_name(shown: &str) -> String {
    if let Some(dns) = shown
        .strip_prefix("DnsName(\"")
        .and_then(|r| r.strip_suffix("\")"))
    {
        format!("DNS:{dns}")
    } else if let Some(ip) = shown
        .strip_prefix("IpAddress(")
        .and_then(|r| r.strip_suffix(')'))
    {
        format!("IP Address:{ip}")
    } else {
        shown.to_string()
    }
}

/// An alert's name in the RFCs' snake case (`HandshakeFailure` -> `handshake_failure`).
fn alert_name(alert: rustls::AlertDescription) -> String {
    let debug = format!("{alert:?}");
    let mut out = String::with_capacity(debug.len() + 4);
    let mut after_lower = false;
    for c in debug.chars() {
        // A capital after a small letter starts a word; a run of capitals is one word (CA).
        if c.is_ascii_uppercase() && after_lower {
            out.push('_');
        }
        after_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

impl fmt::Display for CertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertError::SelfSigned => f.write_str("self-signed certificate"),
            CertError::SelfSignedInChain => {
                f.write_str("self-signed certificate in certificate chain")
            }
            CertError::UnknownIssuerOfLeaf => f.write_str("unable to verify the first certificate"),
            CertError::UnknownIssuer => f.write_str("unable to get local issuer certificate"),
            CertError::Expired => f.write_str("certificate has expired"),
            CertError::NotYetValid => f.write_str("certificate is not yet valid"),
            CertError::NameMismatch {
                expected,
                presented,
            } => write!(
                f,
                "certificate is not valid for {expected:?} (it is for {})",
                presented.join(", ")
            ),
            CertError::Revoked => f.write_str("certificate revoked"),
            CertError::BadSignature => f.write_str("certificate signature failure"),
            CertError::InvalidPurpose => f.write_str("unsupported certificate purpose"),
            CertError::NoCertificate => f.write_str("the peer sent no certificate"),
            CertError::Other(s) => write!(f, "invalid certificate: {s}"),
        }
    }
}

impl std::error::Error for CertError {}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::Certificate(c) => c.fmt(f),
            TlsError::Alert(a) => write!(f, "the peer sent the fatal alert {a}"),
            TlsError::NotTls => f.write_str("the peer does not speak TLS (wrong version number)"),
            TlsError::HandshakeEof => {
                f.write_str("the connection closed before the TLS handshake finished")
            }
            TlsError::Protocol(s) => write!(f, "TLS protocol error: {s}"),
        }
    }
}

impl std::error::Error for TlsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_names_follow_the_rfc() {
        assert_eq!(
            alert_name(rustls::AlertDescription::HandshakeFailure),
            "handshake_failure"
        );
        assert_eq!(
            alert_name(rustls::AlertDescription::UnknownCA),
            "unknown_ca"
        );
        assert_eq!(
            alert_name(rustls::AlertDescription::ProtocolVersion),
            "protocol_version"
        );
    }

    #[test]
    fn names_shown_as_openssl_does() {
        assert_eq!(openssl_name("DnsName(\"example.com\")"), "DNS:example.com");
        assert_eq!(openssl_name("IpAddress(::1)"), "IP Address:::1");
        assert_eq!(openssl_name("Other"), "Other");
    }

    #[test]
    fn found_inside_io_errors() {
        let e = TlsError::Certificate(CertError::Expired).into_io();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(
            TlsError::of(&e),
            Some(&TlsError::Certificate(CertError::Expired))
        );
        assert_eq!(e.to_string(), "certificate has expired");
        assert_eq!(TlsError::of(&io::Error::other("x")), None);
    }
}
