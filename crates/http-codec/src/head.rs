//! Parsed message heads: the request line or status line, the fields, and the framing
//! decisions taken from them.

use std::fmt;

use crate::buffer::Buffer;
use crate::headers::Field;
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
/// A decoder lends its heads as `&RequestHead`, borrowing the bytes received: parsing a
/// head copies and allocates nothing. `clone()` makes one to keep: it copies the head's
/// bytes and field table, nothing else of the decoder.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestHead(pub(crate) Stored<RequestLine>);

/// A request head parsed where its bytes lie, by [`HeadParser::parse_request`]: it
/// borrows those bytes and the parser's field table. The same accessors as
/// [`RequestHead`]; [`to_head`](Self::to_head) copies it into one to keep.
///
/// [`HeadParser::parse_request`]: crate::HeadParser::parse_request
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RequestHeadRef<'a> {
    pub(crate) text: &'a [u8],
    pub(crate) fields: &'a [Field],
    pub(crate) line: RequestLine,
}

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

/// The accessors every head has, request or response (`$what`), kept or lent.
macro_rules! message_accessors {
    ($out:lifetime, $what:literal, $body_note:literal) => {
        #[doc = concat!("The HTTP version of the ", $what, ".")]
        #[inline]
        pub fn version(&self) -> Version {
            self.parts().1.version
        }

        /// The header fields, in order, duplicates kept.
        #[inline]
        pub fn headers(&self) -> Headers<$out> {
            self.parts().0
        }

        #[doc = concat!("How the ", $what, " body is delimited", $body_note, ".")]
        #[inline]
        pub fn body_kind(&self) -> BodyKind {
            self.parts().1.body
        }
    };
}

/// The accessors of a request head, kept or lent; `$out` is the lifetime of what they
/// return, and `self.parts()` gives the fields and the line.
macro_rules! request_accessors {
    ($out:lifetime) => {
        /// The method, exactly as sent (methods are case-sensitive: `GET`, not `get`).
        #[inline]
        pub fn method(&self) -> &$out str {
            let (headers, line) = self.parts();
            // httparse admits only token characters, which are ASCII.
            std::str::from_utf8(headers.slice(line.method)).unwrap_or("")
        }

        /// The request target as sent: a path and query, an absolute URI, an authority
        /// (CONNECT) or `*` (OPTIONS).
        #[inline]
        pub fn target(&self) -> &$out str {
            let (headers, line) = self.parts();
            // httparse admits only UTF-8 targets.
            std::str::from_utf8(headers.slice(line.target)).unwrap_or("")
        }

        message_accessors!($out, "request", "");

        /// Whether the client lets the connection carry another request after this one
        /// (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
        #[inline]
        pub fn keep_alive(&self) -> bool {
            self.parts().1.keep_alive
        }

        /// Whether the client sent `Expect: 100-continue` and waits for a 100 response
        /// (or a final one) before sending the body.
        #[inline]
        pub fn expects_continue(&self) -> bool {
            self.parts().1.expects_continue
        }

        /// Whether the client asks to switch protocols (`Upgrade` with `Connection: upgrade`,
        /// HTTP/1.1 only). If the server answers 101, the connection stops speaking
        /// HTTP/1.1: the bytes after the head belong to the new protocol (a decoder hands
        /// them over with `take_buffered`).
        #[inline]
        pub fn is_upgrade(&self) -> bool {
            self.parts().1.upgrade
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
    };
}

impl RequestHead {
    request_accessors!('_);

    #[inline(always)]
    fn parts(&self) -> (Headers<'_>, RequestLine) {
        (self.0.headers(), self.0.line)
    }
}

impl<'a> RequestHeadRef<'a> {
    request_accessors!('a);

    #[inline(always)]
    fn parts(&self) -> (Headers<'a>, RequestLine) {
        (Headers::view(self.text, self.fields), self.line)
    }

    /// The head's length in bytes, start line to blank line: the body (or the next
    /// message) starts this far into the bytes parsed.
    #[inline]
    pub fn head_len(&self) -> usize {
        self.text.len()
    }

    /// A copy of the head to keep: its bytes and field table.
    pub fn to_head(&self) -> RequestHead {
        RequestHead(Stored::holding(self.text, self.fields, self.line))
    }
}

impl fmt::Debug for RequestHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_request(f, "RequestHead", self.headers(), &self.0.line)
    }
}

impl fmt::Debug for RequestHeadRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_request(f, "RequestHeadRef", self.headers(), &self.line)
    }
}

fn debug_request(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    headers: Headers<'_>,
    line: &RequestLine,
) -> fmt::Result {
    let text = |at| String::from_utf8_lossy(headers.slice(at));
    f.debug_struct(name)
        .field("method", &text(line.method))
        .field("target", &text(line.target))
        .field("version", &line.version)
        .field("headers", &headers)
        .field("body", &line.body)
        .field("keep_alive", &line.keep_alive)
        .finish()
}

/// A parsed response head: version, status, reason, fields, and its framing.
///
/// Lent by the decoder as `&ResponseHead`, like [`RequestHead`]; `clone()` makes one to
/// keep.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseHead(pub(crate) Stored<ResponseLine>);

/// A response head parsed where its bytes lie, by [`HeadParser::parse_response`]: it
/// borrows those bytes and the parser's field table. The same accessors as
/// [`ResponseHead`]; [`to_head`](Self::to_head) copies it into one to keep.
///
/// [`HeadParser::parse_response`]: crate::HeadParser::parse_response
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ResponseHeadRef<'a> {
    pub(crate) text: &'a [u8],
    pub(crate) fields: &'a [Field],
    pub(crate) line: ResponseLine,
}

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

/// The accessors of a response head, kept or lent, as `request_accessors`.
macro_rules! response_accessors {
    ($out:lifetime) => {
        /// The status code, 100 to 999.
        #[inline]
        pub fn status(&self) -> u16 {
            self.parts().1.status
        }

        /// The reason phrase as sent (may be empty; empty too if it was not valid UTF-8,
        /// see `reason_bytes`).
        #[inline]
        pub fn reason(&self) -> &$out str {
            std::str::from_utf8(self.reason_bytes()).unwrap_or("")
        }

        /// The reason phrase as raw bytes.
        #[inline]
        pub fn reason_bytes(&self) -> &$out [u8] {
            let (headers, line) = self.parts();
            headers.slice(line.reason)
        }

        message_accessors!($out, "response", " (this takes the request method into account)");

        /// Whether the connection may carry another request after this response: version
        /// and Connection tokens agree, and the framing does not end with the connection.
        #[inline]
        pub fn keep_alive(&self) -> bool {
            self.parts().1.keep_alive
        }

        /// Whether the connection switches protocols after this head: a 101 response, or a
        /// 2xx answer to CONNECT. The bytes after the head belong to the new protocol (a
        /// decoder stops and hands them over with `take_buffered`).
        #[inline]
        pub fn is_upgrade(&self) -> bool {
            self.parts().1.upgrade
        }

        /// Whether this is an interim (1xx) response, which a final response will follow,
        /// unless it is 101 Switching Protocols.
        #[inline]
        pub fn is_informational(&self) -> bool {
            (100..200).contains(&self.parts().1.status)
        }
    };
}

impl ResponseHead {
    response_accessors!('_);

    #[inline(always)]
    fn parts(&self) -> (Headers<'_>, ResponseLine) {
        (self.0.headers(), self.0.line)
    }
}

impl<'a> ResponseHeadRef<'a> {
    response_accessors!('a);

    #[inline(always)]
    fn parts(&self) -> (Headers<'a>, ResponseLine) {
        (Headers::view(self.text, self.fields), self.line)
    }

    /// The head's length in bytes, status line to blank line: the body (or the next
    /// message) starts this far into the bytes parsed.
    #[inline]
    pub fn head_len(&self) -> usize {
        self.text.len()
    }

    /// A copy of the head to keep: its bytes and field table.
    pub fn to_head(&self) -> ResponseHead {
        ResponseHead(Stored::holding(self.text, self.fields, self.line))
    }
}

impl fmt::Debug for ResponseHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_response(f, "ResponseHead", self.headers(), &self.0.line)
    }
}

impl fmt::Debug for ResponseHeadRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_response(f, "ResponseHeadRef", self.headers(), &self.line)
    }
}

fn debug_response(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    headers: Headers<'_>,
    line: &ResponseLine,
) -> fmt::Result {
    f.debug_struct(name)
        .field("status", &line.status)
        .field(
            "reason",
            &String::from_utf8_lossy(headers.slice(line.reason)),
        )
        .field("version", &line.version)
        .field("headers", &headers)
        .field("body", &line.body)
        .field("keep_alive", &line.keep_alive)
        .finish()
}

/// Where a head lives: in a decoder, its receive buffer (the head's text is the range
/// `at`, and body bytes may follow it); in a head kept with `clone()`, a buffer holding
/// just the head.
#[derive(Debug)]
pub(crate) struct Stored<L> {
    pub(crate) buf: Buffer,
    /// Field positions in the head's text; reused from head to head by a decoder.
    pub(crate) fields: Vec<Field>,
    /// What the head says besides its fields.
    pub(crate) line: L,
    /// Where the head's text is in `buf` (absolute positions).
    pub(crate) at: (usize, usize),
}

impl<L: Default> Stored<L> {
    /// An empty head around a decoder's receive buffer.
    pub(crate) fn new(buf: Buffer) -> Self {
        Stored {
            buf,
            fields: Vec::new(),
            line: L::default(),
            at: (0, 0),
        }
    }
}

impl<L> Stored<L> {
    /// The head's text, start line to blank line.
    #[inline]
    fn text(&self) -> &[u8] {
        self.buf.absolute(self.at.0, self.at.1)
    }

    /// The head's fields.
    #[inline]
    fn headers(&self) -> Headers<'_> {
        Headers::view(self.text(), &self.fields)
    }
}

impl<L: Copy> Stored<L> {
    /// A head of its own: a copy of `text`, its field table and line.
    pub(crate) fn holding(text: &[u8], fields: &[Field], line: L) -> Self {
        Stored {
            at: (0, text.len()),
            buf: Buffer::holding(text.to_vec()),
            fields: fields.to_vec(),
            line,
        }
    }
}

/// Copies the head alone: its text, field table and line, not the rest of the buffer.
impl<L: Copy> Clone for Stored<L> {
    fn clone(&self) -> Self {
        Stored::holding(self.text(), &self.fields, self.line)
    }
}

impl<L: PartialEq> PartialEq for Stored<L> {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.fields == other.fields && self.line == other.line
    }
}

impl<L: Eq> Eq for Stored<L> {}

/// A head type as a decoder holds it: the storage of the head it lends.
pub(crate) trait HeadStore {
    /// What the head says besides its fields.
    type Line: Copy + Default;
    /// A head type around its storage.
    fn from_stored(stored: Stored<Self::Line>) -> Self;
    /// The storage, to read.
    fn stored(&self) -> &Stored<Self::Line>;
    /// The storage, to parse the next head into.
    fn stored_mut(&mut self) -> &mut Stored<Self::Line>;
}

/// `HeadStore` for a head type that wraps its `Stored` storage.
macro_rules! head_store {
    ($head:ident, $line:ident) => {
        impl HeadStore for $head {
            type Line = $line;

            fn from_stored(stored: Stored<$line>) -> Self {
                $head(stored)
            }

            #[inline(always)]
            fn stored(&self) -> &Stored<$line> {
                &self.0
            }

            #[inline(always)]
            fn stored_mut(&mut self) -> &mut Stored<$line> {
                &mut self.0
            }
        }
    };
}

head_store!(RequestHead, RequestLine);
head_store!(ResponseHead, ResponseLine);
