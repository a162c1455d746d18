//! Parsed message heads: the request line or status line, the fields, and the framing
//! decisions taken from them.

use std::fmt;

use crate::decoder::Core;
use crate::headers::{Field, Section};
use crate::{BodyKind, Headers};

/// The HTTP version of a message; only 1.0 and 1.1 are spoken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// HTTP/1.0
    Http10,
    /// HTTP/1.1, the default.
    #[default]
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
///
/// A decoder lends its heads (`RequestHead<'a>` borrows the bytes received, so parsing a
/// head copies and allocates nothing); [`RequestHead::into_owned`] makes one to keep.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestHead<'a>(pub(crate) HeadRef<'a, RequestLine>);

/// What a request head says besides its fields: start-line parts as offsets into the
/// head's text, and the decisions taken from the fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RequestLine {
    pub(crate) method: (u32, u32),
    pub(crate) target: (u32, u32),
    pub(crate) version: Version,
    pub(crate) body: BodyKind,
    pub(crate) keep_alive: bool,
    pub(crate) expects_continue: bool,
    pub(crate) upgrade: bool,
}

impl RequestHead<'_> {
    /// The same head, owning its bytes, so it outlives the decoder.
    pub fn into_owned(self) -> RequestHead<'static> {
        RequestHead(self.0.into_owned())
    }

    /// The method, exactly as sent (methods are case-sensitive: `GET`, not `get`).
    #[inline]
    pub fn method(&self) -> &str {
        // httparse admits only token characters, which are ASCII.
        std::str::from_utf8(self.0.headers().slice(self.0.line().method)).unwrap_or("")
    }

    /// The request target as sent: a path and query, an absolute URI, an authority
    /// (CONNECT) or `*` (OPTIONS).
    #[inline]
    pub fn target(&self) -> &str {
        // httparse admits only UTF-8 targets.
        std::str::from_utf8(self.0.headers().slice(self.0.line().target)).unwrap_or("")
    }

    /// The HTTP version of the request.
    #[inline]
    pub fn version(&self) -> Version {
        self.0.line().version
    }

    /// The header fields, in order, duplicates kept.
    #[inline]
    pub fn headers(&self) -> Headers<'_> {
        self.0.headers()
    }

    /// How the request body is delimited.
    #[inline]
    pub fn body_kind(&self) -> BodyKind {
        self.0.line().body
    }

    /// Whether the client lets the connection carry another request after this one
    /// (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    #[inline]
    pub fn keep_alive(&self) -> bool {
        self.0.line().keep_alive
    }

    /// Whether the client sent `Expect: 100-continue` and waits for a 100 response
    /// (or a final one) before sending the body.
    #[inline]
    pub fn expects_continue(&self) -> bool {
        self.0.line().expects_continue
    }

    /// Whether the client asks to switch protocols (`Upgrade` with `Connection: upgrade`,
    /// HTTP/1.1 only). If the server answers 101, the connection stops speaking HTTP/1.1:
    /// take the remaining bytes with `RequestDecoder::take_buffered`.
    #[inline]
    pub fn is_upgrade(&self) -> bool {
        self.0.line().upgrade
    }

    /// Whether this is a CONNECT request: after a 2xx answer the connection is a tunnel.
    #[inline]
    pub fn is_connect(&self) -> bool {
        self.method() == "CONNECT"
    }

    /// Whether this is a HEAD request, whose response carries no body.
    #[inline]
    pub fn is_head(&self) -> bool {
        self.method() == "HEAD"
    }
}

impl fmt::Debug for RequestHead<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHead")
            .field("method", &self.method())
            .field("target", &self.target())
            .field("version", &self.0.line().version)
            .field("headers", &self.headers())
            .field("body", &self.0.line().body)
            .field("keep_alive", &self.0.line().keep_alive)
            .finish()
    }
}

/// A parsed response head: version, status, reason, fields, and its framing.
///
/// Lent by the decoder like [`RequestHead`]; [`ResponseHead::into_owned`] makes one to keep.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseHead<'a>(pub(crate) HeadRef<'a, ResponseLine>);

/// What a response head says besides its fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ResponseLine {
    pub(crate) status: u16,
    pub(crate) reason: (u32, u32),
    pub(crate) version: Version,
    pub(crate) body: BodyKind,
    pub(crate) keep_alive: bool,
    pub(crate) upgrade: bool,
}

impl ResponseHead<'_> {
    /// The same head, owning its bytes, so it outlives the decoder.
    pub fn into_owned(self) -> ResponseHead<'static> {
        ResponseHead(self.0.into_owned())
    }

    /// The status code, 100 to 999.
    #[inline]
    pub fn status(&self) -> u16 {
        self.0.line().status
    }

    /// The reason phrase as sent (may be empty; empty too if it was not valid UTF-8,
    /// see [`ResponseHead::reason_bytes`]).
    #[inline]
    pub fn reason(&self) -> &str {
        std::str::from_utf8(self.reason_bytes()).unwrap_or("")
    }

    /// The reason phrase as raw bytes.
    #[inline]
    pub fn reason_bytes(&self) -> &[u8] {
        self.0.headers().slice(self.0.line().reason)
    }

    /// The HTTP version of the response.
    #[inline]
    pub fn version(&self) -> Version {
        self.0.line().version
    }

    /// The header fields, in order, duplicates kept.
    #[inline]
    pub fn headers(&self) -> Headers<'_> {
        self.0.headers()
    }

    /// How the response body is delimited (this takes the request method into account).
    #[inline]
    pub fn body_kind(&self) -> BodyKind {
        self.0.line().body
    }

    /// Whether the connection may carry another request after this response: version and
    /// Connection tokens agree, and the framing does not end with the connection.
    #[inline]
    pub fn keep_alive(&self) -> bool {
        self.0.line().keep_alive
    }

    /// Whether the connection switches protocols after this head: a 101 response, or a
    /// 2xx answer to CONNECT. The decoder then stops; see `ResponseDecoder::take_buffered`.
    #[inline]
    pub fn is_upgrade(&self) -> bool {
        self.0.line().upgrade
    }

    /// Whether this is an interim (1xx) response, which a final response will follow,
    /// unless it is 101 Switching Protocols.
    #[inline]
    pub fn is_informational(&self) -> bool {
        (100..200).contains(&self.0.line().status)
    }
}

impl fmt::Debug for ResponseHead<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseHead")
            .field("status", &self.0.line().status)
            .field("reason", &self.reason())
            .field("version", &self.0.line().version)
            .field("headers", &self.headers())
            .field("body", &self.0.line().body)
            .field("keep_alive", &self.0.line().keep_alive)
            .finish()
    }
}

/// A head lent by a decoder (one pointer: the decoder holds its bytes, field table and
/// line), or an owned copy.
pub(crate) enum HeadRef<'a, L> {
    Lent(&'a Core<L>),
    Owned(Box<OwnedHead<L>>),
}

/// The storage of an owned head.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct OwnedHead<L> {
    section: Section,
    line: L,
}

impl<L: Copy> HeadRef<'_, L> {
    #[inline]
    fn parts(&self) -> (&[u8], &[Field], &L) {
        match self {
            HeadRef::Lent(core) => core.lent_head(),
            HeadRef::Owned(owned) => (&owned.section.text, &owned.section.fields, &owned.line),
        }
    }

    #[inline]
    fn line(&self) -> &L {
        self.parts().2
    }

    #[inline]
    fn headers(&self) -> Headers<'_> {
        let (text, fields, _) = self.parts();
        Headers::view(text, fields)
    }

    fn into_owned(self) -> HeadRef<'static, L> {
        match self {
            HeadRef::Lent(core) => {
                let (text, fields, line) = core.lent_head();
                HeadRef::Owned(Box::new(OwnedHead {
                    section: Section {
                        text: text.to_vec(),
                        fields: fields.to_vec(),
                    },
                    line: *line,
                }))
            }
            HeadRef::Owned(owned) => HeadRef::Owned(owned),
        }
    }
}

impl<L: Copy> Clone for HeadRef<'_, L> {
    fn clone(&self) -> Self {
        match self {
            HeadRef::Lent(core) => HeadRef::Lent(core),
            HeadRef::Owned(owned) => HeadRef::Owned(owned.clone()),
        }
    }
}

impl<L: Copy + PartialEq> PartialEq for HeadRef<'_, L> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.parts(), other.parts());
        a.0 == b.0 && a.1 == b.1 && a.2 == b.2
    }
}

impl<L: Copy + Eq> Eq for HeadRef<'_, L> {}
