//! The server side of a connection: decodes requests from the bytes a client sends.

use crate::decoder::{Core, HeadAttempt, ParseHead, Parsed};
use crate::framing::{Flag, FramingFields};
use crate::headers::{Field, FieldTable};
use std::mem::MaybeUninit;

use crate::head::RequestLine;
use crate::parse::{
    check_partial, heap_slots, map_error, more_slots_allowed, span, stack_slots, STACK_FIELDS,
};
use crate::{BodyKind, Error, Event, Limits, RequestHead, Version};

/// Room on a request line beside the target: method, spaces, version, CRLF.
const REQUEST_LINE_OVERHEAD: usize = 64;

/// Decodes the requests of one connection (the server role).
///
/// Feed it bytes ([`feed`](Self::feed), or [`spare`](Self::spare) then
/// [`filled`](Self::filled)), then call [`next_event`](Self::next_event) until it returns
/// [`Event::NeedData`] (read more) or [`Event::Paused`] (answer, then
/// [`start_next_cycle`](Self::start_next_cycle) to read the next request).
#[derive(Debug)]
pub struct RequestDecoder {
    core: Core<RequestHead>,
}

impl Default for RequestDecoder {
    fn default() -> Self {
        RequestDecoder::new()
    }
}

impl RequestDecoder {
    /// A decoder with the default [`Limits`].
    pub fn new() -> Self {
        RequestDecoder::with_limits(Limits::default())
    }

    /// A decoder with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        RequestDecoder {
            core: Core::new(limits),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        self.core.limits()
    }

    /// Copies received bytes in; returns how many were taken. Fewer than offered (0 when
    /// full) means the buffer reached its cap: handle events, then offer the rest again.
    /// Bytes after [`feed_eof`](Self::feed_eof) are refused.
    #[inline]
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        self.core.feed(bytes)
    }

    /// Spare buffer room to read into directly, at least `min` bytes unless the buffer is
    /// at its cap (then possibly fewer, even none). Report what was read with
    /// [`filled`](Self::filled).
    #[inline]
    pub fn spare(&mut self, min: usize) -> &mut [u8] {
        self.core.spare(min)
    }

    /// Marks `n` bytes written into [`spare`](Self::spare) as received.
    ///
    /// # Panics
    ///
    /// If `n` is larger than the slice `spare` returned.
    #[inline]
    pub fn filled(&mut self, n: usize) {
        self.core.filled(n);
    }

    /// Tells the decoder the peer closed its side: a message cut short becomes
    /// [`Error::IncompleteMessage`]; between messages the decoder reports [`Event::Closed`].
    pub fn feed_eof(&mut self) {
        self.core.feed_eof();
    }

    /// Whether [`feed_eof`](Self::feed_eof) was called: no more bytes will come.
    #[inline]
    pub fn is_eof(&self) -> bool {
        self.core.is_eof()
    }

    /// The next event from the bytes received so far. After an error, the same error is
    /// returned again: the connection cannot be resynchronised.
    #[inline]
    pub fn next_event(&mut self) -> Result<Event<'_, RequestHead>, Error> {
        self.core.next_event(&mut RequestParser)
    }

    /// Leaves the [`Event::Paused`] state to decode the next request on this connection.
    /// Fails unless the current request has ended.
    #[inline]
    pub fn start_next_cycle(&mut self) -> Result<(), Error> {
        self.core.start_next_cycle()
    }

    /// Whether the current request has ended and the decoder waits for `start_next_cycle`.
    #[inline]
    pub fn is_paused(&self) -> bool {
        self.core.is_paused()
    }

    /// How many received bytes are not yet decoded.
    #[inline]
    pub fn buffered(&self) -> usize {
        self.core.buffered()
    }

    /// Takes every undecoded byte out, e.g. the first bytes of another protocol after the
    /// server accepted an upgrade or a CONNECT.
    pub fn take_buffered(&mut self) -> Vec<u8> {
        self.core.take_buffered()
    }
}

/// Request-line parsing for the core decoder.
struct RequestParser;

impl ParseHead for RequestParser {
    type Head = RequestHead;

    #[inline(always)]
    fn parse_head(
        &mut self,
        bytes: &[u8],
        limits: &Limits,
        attempt: &mut HeadAttempt,
        fields: &mut Vec<Field>,
        line: &mut RequestLine,
    ) -> Result<Option<Parsed>, Error> {
        if !attempt.worth_parsing(bytes) {
            check_partial(bytes, limits, first_line_limit(limits))?;
            return Ok(None);
        }
        parse_request_head(bytes, limits, fields, line)
    }
}

/// The most bytes a request line may take before its end arrives: the target's limit plus
/// room for the rest.
#[inline(always)]
fn first_line_limit(limits: &Limits) -> Option<usize> {
    Some(limits.max_uri_len.saturating_add(REQUEST_LINE_OVERHEAD))
}

/// Parses a request head at the start of `bytes`, where they lie: its field positions go
/// to `fields`, the rest of what it says to `line`. `Ok(None)` asks for more bytes. Both
/// the decoder and [`HeadParser`](crate::HeadParser) parse heads with this.
#[inline(always)]
pub(crate) fn parse_request_head(
    bytes: &[u8],
    limits: &Limits,
    fields: &mut impl FieldTable,
    line: &mut RequestLine,
) -> Result<Option<Parsed>, Error> {
    let first_line_limit = first_line_limit(limits);
    let mut stack = [const { MaybeUninit::uninit() }; STACK_FIELDS];
    let mut heap = Vec::new();
    let mut req = httparse::Request::new(&mut []);
    let mut parsed = req.parse_with_uninit_headers(bytes, stack_slots(limits, &mut stack));
    if more_slots_allowed(&parsed, limits) {
        req = httparse::Request::new(&mut []);
        parsed = req.parse_with_uninit_headers(bytes, heap_slots(limits, &mut heap));
    }
    let len = match parsed {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => {
            check_partial(bytes, limits, first_line_limit)?;
            return Ok(None);
        }
        Err(e) => {
            if let Some(e) = map_error(e, bytes) {
                return Err(e);
            }
            check_partial(bytes, limits, first_line_limit)?;
            return Ok(None);
        }
    };
    // Size checks first, so an oversized head is refused before it is copied.
    if len > limits.max_head_len {
        return Err(Error::HeadTooLarge);
    }
    let target = req.path.unwrap_or_default();
    if target.len() > limits.max_uri_len {
        return Err(Error::UriTooLong);
    }
    let head = &bytes[..len];
    let method = span(head, req.method.unwrap_or_default().as_bytes());
    let target = span(head, target.as_bytes());
    let version = Version::from_minor(req.version.unwrap_or(1));
    // One pass over the fields: note their positions and the framing ones.
    let mut framing = FramingFields::default();
    fields.fill(head, req.headers, |n, v| framing.note(n, v));
    let http11 = version == Version::Http11;
    let (body, keep_alive, expects_continue, upgrade) = if framing.has(Flag::Any) {
        framing.check()?;
        let body = framing.request_body(version)?;
        if let (BodyKind::Length(n), Some(max)) = (body, limits.max_body_len) {
            if n > max {
                return Err(Error::BodyTooLarge);
            }
        }
        (
            body,
            framing.keep_alive(version),
            // RFC 9110 sections 10.1.1 and 7.8: a 1.0 client's Expect and Upgrade are
            // ignored.
            http11 && framing.has(Flag::ExpectContinue),
            http11 && framing.has(Flag::Upgrade) && framing.has(Flag::ConnUpgrade),
        )
    } else {
        // No framing field at all (most GETs): no body, and the version alone
        // decides persistence.
        (BodyKind::None, http11, false, false)
    };
    *line = RequestLine {
        method,
        target,
        version,
        body,
        keep_alive,
        expects_continue,
        upgrade,
    };
    Ok(Some(Parsed {
        len,
        body,
        interim: false,
        // A request does not switch by itself: the server decides, after End.
        upgrade: false,
    }))
}
