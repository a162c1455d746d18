//! Head parsing without a decoder: for a caller that keeps its own receive buffer and
//! wants a head parsed, checked and framed where its bytes lie.

use crate::decoder::KEEP_FIELDS_MAX;
use crate::head::{RequestLine, ResponseLine};
use crate::headers::InlineTable;
use crate::request::parse_request_head;
use crate::response::ResponseParser;
use crate::{Error, Limits, RequestHeadRef, ResponseHeadRef};

/// Parses request and response heads in the caller's bytes, without copying them: the
/// same parse, defences, limits and framing decisions as the decoders, for a caller that
/// already holds the bytes (its own receive buffer, a message read whole).
///
/// A head borrows the bytes and the parser, which keeps the positions of up to 16 fields in
/// place (more on the heap, reused from head to head): parsing a common head allocates
/// nothing. What comes
/// after the head ([`RequestHeadRef::head_len`] bytes in) is the caller's to handle as the
/// head's [`body_kind`](RequestHeadRef::body_kind) says; a
/// [`RequestDecoder`](crate::RequestDecoder) does that too, chunked bodies included.
///
/// ```
/// use http_codec::{BodyKind, HeadParser};
///
/// # fn main() -> Result<(), http_codec::Error> {
/// let mut parser = HeadParser::new();
/// let received = b"POST /items HTTP/1.1\r\nHost: example.com\r\nContent-Length: 2\r\n\r\n{}";
/// // An incomplete head asks for more bytes.
/// assert!(parser.parse_request(&received[..30])?.is_none());
/// let head = parser.parse_request(received)?.expect("a whole head");
/// assert_eq!((head.method(), head.target()), ("POST", "/items"));
/// assert_eq!(head.headers().get_str("host"), Some("example.com"));
/// assert_eq!(head.body_kind(), BodyKind::Length(2));
/// assert_eq!(&received[head.head_len()..], b"{}");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Default)]
pub struct HeadParser {
    limits: Limits,
    fields: InlineTable,
}

impl HeadParser {
    /// A parser with the default [`Limits`].
    pub fn new() -> Self {
        HeadParser::default()
    }

    /// A parser with the given limits (those on heads apply; body limits only to
    /// Content-Length values).
    pub fn with_limits(limits: Limits) -> Self {
        HeadParser {
            limits,
            fields: InlineTable::default(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Parses the request head at the start of `bytes` (empty lines before it are
    /// skipped and counted in its length). `Ok(None)`: the head is not complete yet;
    /// parse again when more bytes have arrived. An error names the status to answer;
    /// the connection cannot go on after one.
    #[inline]
    pub fn parse_request<'a>(
        &'a mut self,
        bytes: &'a [u8],
    ) -> Result<Option<RequestHeadRef<'a>>, Error> {
        self.trim_table();
        let mut line = RequestLine::default();
        Ok(
            parse_request_head(bytes, &self.limits, &mut self.fields, &mut line)?.map(|parsed| {
                RequestHeadRef {
                    text: &bytes[..parsed.len],
                    fields: self.fields.fields(),
                    line,
                }
            }),
        )
    }

    /// Parses the response head at the start of `bytes`, the answer to a request with
    /// `request_method` (which decides the framing of answers to HEAD and CONNECT).
    /// Interim (1xx) heads are returned like final ones; see
    /// [`ResponseHeadRef::is_informational`]. `Ok(None)` and errors as for
    /// [`parse_request`](Self::parse_request).
    pub fn parse_response<'a>(
        &'a mut self,
        bytes: &'a [u8],
        request_method: &str,
    ) -> Result<Option<ResponseHeadRef<'a>>, Error> {
        self.trim_table();
        let mut line = ResponseLine::default();
        let parser = ResponseParser::for_method(request_method);
        Ok(parser
            .parse(bytes, &self.limits, &mut self.fields, &mut line)?
            .map(|parsed| ResponseHeadRef {
                text: &bytes[..parsed.len],
                fields: self.fields.fields(),
                line,
            }))
    }

    /// A parser that once met a huge head does not keep its table.
    #[inline(always)]
    fn trim_table(&mut self) {
        self.fields.trim(KEEP_FIELDS_MAX);
    }
}
