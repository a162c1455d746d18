//! The codec's error type: what went wrong, and which status a server should answer.

use std::fmt;

/// Everything that can go wrong while decoding or encoding a message.
///
/// Decoding errors come from the peer's bytes; [`Error::status`] names the HTTP status a
/// server should answer before closing the connection. Encoding errors come from the local
/// caller (a write that would break framing, a header that would split the message) and map
/// to 500. After an error the connection's framing is lost: answer if you can, then close.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The start line or a header line is malformed; the text says what httparse rejected.
    InvalidHead(&'static str),
    /// The request line names an HTTP version other than 1.0 or 1.1.
    UnsupportedVersion,
    /// The request target is longer than [`Limits::max_uri_len`](crate::Limits::max_uri_len).
    UriTooLong,
    /// The head is longer than [`Limits::max_head_len`](crate::Limits::max_head_len).
    HeadTooLarge,
    /// The head has more fields than [`Limits::max_headers`](crate::Limits::max_headers).
    TooManyHeaders,
    /// A Content-Length value is not a plain decimal number (sign, space, letters, overflow).
    InvalidContentLength,
    /// Several Content-Length values disagree.
    ConflictingContentLength,
    /// A request carries both Content-Length and Transfer-Encoding (a smuggling vector).
    ContentLengthWithTransferEncoding,
    /// An HTTP/1.0 request carries Transfer-Encoding, which 1.0 does not define.
    TransferEncodingInHttp10,
    /// A request's Transfer-Encoding does not end in `chunked`, or repeats `chunked`.
    ChunkedNotFinal,
    /// A request's Transfer-Encoding names a coding this codec does not know.
    UnknownTransferCoding,
    /// The chunked body is malformed; the text says where.
    InvalidChunk(&'static str),
    /// A chunk size does not fit in 64 bits.
    ChunkSizeOverflow,
    /// The chunk extensions of one message exceed
    /// [`Limits::max_chunk_ext_len`](crate::Limits::max_chunk_ext_len).
    ChunkExtensionsTooLarge,
    /// The trailer section exceeds [`Limits::max_trailer_len`](crate::Limits::max_trailer_len)
    /// or the header count limit.
    TrailersTooLarge,
    /// The body is longer than [`Limits::max_body_len`](crate::Limits::max_body_len).
    BodyTooLarge,
    /// The peer closed the connection in the middle of a message.
    IncompleteMessage,
    /// Encoder: a header name is not a token, or a value holds CR, LF or NUL.
    InvalidHeaderField,
    /// Encoder: the status code is outside 100..=999, or the method or target is malformed.
    InvalidStartLine,
    /// Encoder: more body bytes than the declared Content-Length.
    BodyTooLong,
    /// Encoder: the message ended before all Content-Length bytes were written.
    BodyTooShort,
    /// Encoder: this message may not have a body (HEAD, 1xx, 204, 304), yet bytes were written.
    BodyNotAllowed,
    /// Encoder or decoder: the call does not fit the current state (e.g. a body before a head).
    InvalidState(&'static str),
}

impl Error {
    /// The status code a server should send in answer to this error.
    ///
    /// 400 for malformed messages, 413 for a body over the limit, 414 for a long target,
    /// 431 for a head or trailers over the limits, 501 for an unknown transfer coding,
    /// 505 for an unsupported version, and 500 for local (encoder and state) errors.
    pub fn status(&self) -> u16 {
        match self {
            Error::InvalidHead(_)
            | Error::InvalidContentLength
            | Error::ConflictingContentLength
            | Error::ContentLengthWithTransferEncoding
            | Error::TransferEncodingInHttp10
            | Error::ChunkedNotFinal
            | Error::InvalidChunk(_)
            | Error::ChunkSizeOverflow
            | Error::ChunkExtensionsTooLarge
            | Error::IncompleteMessage => 400,
            Error::BodyTooLarge => 413,
            Error::UriTooLong => 414,
            Error::HeadTooLarge | Error::TooManyHeaders | Error::TrailersTooLarge => 431,
            Error::UnknownTransferCoding => 501,
            Error::UnsupportedVersion => 505,
            Error::InvalidHeaderField
            | Error::InvalidStartLine
            | Error::BodyTooLong
            | Error::BodyTooShort
            | Error::BodyNotAllowed
            | Error::InvalidState(_) => 500,
        }
    }

    /// True when the error comes from the peer's bytes, false for the local caller's mistakes.
    pub fn is_parse_error(&self) -> bool {
        self.status() != 500
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidHead(what) => write!(f, "malformed message head: {what}"),
            Error::UnsupportedVersion => f.write_str("unsupported HTTP version"),
            Error::UriTooLong => f.write_str("request target too long"),
            Error::HeadTooLarge => f.write_str("message head too large"),
            Error::TooManyHeaders => f.write_str("too many header fields"),
            Error::InvalidContentLength => f.write_str("invalid Content-Length value"),
            Error::ConflictingContentLength => f.write_str("conflicting Content-Length values"),
            Error::ContentLengthWithTransferEncoding => {
                f.write_str("both Content-Length and Transfer-Encoding present")
            }
            Error::TransferEncodingInHttp10 => {
                f.write_str("Transfer-Encoding in an HTTP/1.0 message")
            }
            Error::ChunkedNotFinal => {
                f.write_str("Transfer-Encoding must end with a single `chunked` coding")
            }
            Error::UnknownTransferCoding => f.write_str("unknown transfer coding"),
            Error::InvalidChunk(what) => write!(f, "malformed chunked body: {what}"),
            Error::ChunkSizeOverflow => f.write_str("chunk size too large"),
            Error::ChunkExtensionsTooLarge => f.write_str("chunk extensions too large"),
            Error::TrailersTooLarge => f.write_str("trailer section too large"),
            Error::BodyTooLarge => f.write_str("message body too large"),
            Error::IncompleteMessage => {
                f.write_str("connection closed before the message was complete")
            }
            Error::InvalidHeaderField => f.write_str(
                "invalid header field: name must be a token, value free of CR, LF and NUL",
            ),
            Error::InvalidStartLine => f.write_str("invalid method, target or status code"),
            Error::BodyTooLong => f.write_str("body longer than its Content-Length"),
            Error::BodyTooShort => f.write_str("body shorter than its Content-Length"),
            Error::BodyNotAllowed => f.write_str("this message may not have a body"),
            Error::InvalidState(what) => write!(f, "call out of order: {what}"),
        }
    }
}

impl std::error::Error for Error {}
