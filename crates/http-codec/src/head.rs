//! Parsed message heads: the request line or status line, the fields, and the framing
//! decisions taken from them.

use std::fmt;

use crate::{BodyKind, Headers};

/// The HTTP version of a message; only 1.0 and 1.1 are spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// HTTP/1.0
    Http10,
    /// HTTP/1.1
    Http11,
}

impl Version {
    /// The version as written on the wire: `HTTP/1.0` or `HTTP/1.1`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        }
    }

    /// The minor version digit httparse reports, as a version.
    pub(crate) fn from_minor(minor: u8) -> Version {
        if minor == 0 {
            Version::Http10
        } else {
            Version::Http11
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed request head: method, target, version, fields, and its framing.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestHead {
    pub(crate) headers: Headers,
    pub(crate) method: (u32, u32),
    pub(crate) target: (u32, u32),
    pub(crate) version: Version,
    pub(crate) body: BodyKind,
    pub(crate) keep_alive: bool,
    pub(crate) expects_continue: bool,
    pub(crate) upgrade: bool,
}

impl RequestHead {
    /// The method, exactly as sent (methods are case-sensitive: `GET`, not `get`).
    pub fn method(&self) -> &str {
        // httparse admits only token characters, which are ASCII.
        std::str::from_utf8(self.headers.slice(self.method.0, self.method.1)).unwrap_or("")
    }

    /// The request target as sent: a path and query, an absolute URI, an authority
    /// (CONNECT) or `*` (OPTIONS).
    pub fn target(&self) -> &str {
        // httparse admits only UTF-8 targets.
        std::str::from_utf8(self.headers.slice(self.target.0, self.target.1)).unwrap_or("")
    }

    /// The HTTP version of the request.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The header fields, in order, duplicates kept.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// How the request body is delimited.
    pub fn body_kind(&self) -> BodyKind {
        self.body
    }

    /// Whether the client lets the connection carry another request after this one
    /// (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    pub fn keep_alive(&self) -> bool {
        self.keep_alive
    }

    /// Whether the client sent `Expect: 100-continue` and waits for a 100 response
    /// (or a final one) before sending the body.
    pub fn expects_continue(&self) -> bool {
        self.expects_continue
    }

    /// Whether the client asks to switch protocols (`Upgrade` with `Connection: upgrade`,
    /// HTTP/1.1 only). If the server answers 101, the connection stops speaking HTTP/1.1:
    /// take the remaining bytes with `RequestDecoder::take_buffered`.
    pub fn is_upgrade(&self) -> bool {
        self.upgrade
    }

    /// Whether this is a CONNECT request: after a 2xx answer the connection is a tunnel.
    pub fn is_connect(&self) -> bool {
        self.method() == "CONNECT"
    }

    /// Whether this is a HEAD request, whose response carries no body.
    pub fn is_head(&self) -> bool {
        self.method() == "HEAD"
    }
}

impl fmt::Debug for RequestHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHead")
            .field("method", &self.method())
            .field("target", &self.target())
            .field("version", &self.version)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("keep_alive", &self.keep_alive)
            .finish()
    }
}

/// A parsed response head: version, status, reason, fields, and its framing.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseHead {
    pub(crate) headers: Headers,
    pub(crate) status: u16,
    pub(crate) reason: (u32, u32),
    pub(crate) version: Version,
    pub(crate) body: BodyKind,
    pub(crate) keep_alive: bool,
    pub(crate) upgrade: bool,
}

impl ResponseHead {
    /// The status code, 100 to 999.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reason phrase as sent (may be empty; empty too if it was not valid UTF-8,
    /// see [`ResponseHead::reason_bytes`]).
    pub fn reason(&self) -> &str {
        std::str::from_utf8(self.reason_bytes()).unwrap_or("")
    }

    /// The reason phrase as raw bytes.
    pub fn reason_bytes(&self) -> &[u8] {
        self.headers.slice(self.reason.0, self.reason.1)
    }

    /// The HTTP version of the response.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The header fields, in order, duplicates kept.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// How the response body is delimited (this takes the request method into account).
    pub fn body_kind(&self) -> BodyKind {
        self.body
    }

    /// Whether the connection may carry another request after this response: version and
    /// Connection tokens agree, and the framing does not end with the connection.
    pub fn keep_alive(&self) -> bool {
        self.keep_alive
    }

    /// Whether the connection switches protocols after this head: a 101 response, or a
    /// 2xx answer to CONNECT. The decoder then stops; see `ResponseDecoder::take_buffered`.
    pub fn is_upgrade(&self) -> bool {
        self.upgrade
    }

    /// Whether this is an interim (1xx) response, which a final response will follow,
    /// unless it is 101 Switching Protocols.
    pub fn is_informational(&self) -> bool {
        (100..200).contains(&self.status)
    }
}

impl fmt::Debug for ResponseHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseHead")
            .field("status", &self.status)
            .field("reason", &self.reason())
            .field("version", &self.version)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("keep_alive", &self.keep_alive)
            .finish()
    }
}
