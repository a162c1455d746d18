//! The client side of a connection: decodes responses, knowing which request each answers.

use crate::decoder::{Core, HeadAttempt, ParseHead, Parsed};
use crate::framing::{Flag, FramingFields};
use crate::headers::{Field, FieldTable};
use std::mem::MaybeUninit;

use crate::head::ResponseLine;
use crate::parse::{
    check_partial, heap_slots, map_error, more_slots_allowed, span, stack_slots, STACK_FIELDS,
};
use crate::{BodyKind, Error, Event, Limits, ResponseHead, Version};

/// Decodes the responses of one connection (the client role).
///
/// A response's framing depends on the request it answers (no body after HEAD; a tunnel
/// after a 2xx to CONNECT), so the decoder is told each request's method: at creation,
/// then at each [`start_next_cycle`](Self::start_next_cycle).
#[derive(Debug)]
pub struct ResponseDecoder {
    core: Core<ResponseHead>,
    parser: ResponseParser,
}

impl ResponseDecoder {
    /// A decoder for the response to a request with this method, with default [`Limits`].
    pub fn new(request_method: &str) -> Self {
        ResponseDecoder::with_limits(request_method, Limits::default())
    }

    /// A decoder for the response to a request with this method, with the given limits.
    pub fn with_limits(request_method: &str, limits: Limits) -> Self {
        ResponseDecoder {
            core: Core::new(limits),
            parser: ResponseParser::for_method(request_method),
        }
    }

    /// Whether interim 1xx responses (other than 101) are dropped silently rather than
    /// reported as [`Event::Interim`]. Off by default.
    pub fn set_skip_interim(&mut self, skip: bool) {
        self.core.skip_interim = skip;
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        self.core.limits()
    }

    /// Copies received bytes in; returns how many were taken (see
    /// [`RequestDecoder::feed`](crate::RequestDecoder::feed)).
    #[inline]
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        self.core.feed(bytes)
    }

    /// Spare buffer room to read into directly (see
    /// [`RequestDecoder::spare`](crate::RequestDecoder::spare)).
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

    /// Tells the decoder the server closed its side: this ends a close-delimited body;
    /// any other message cut short becomes [`Error::IncompleteMessage`].
    pub fn feed_eof(&mut self) {
        self.core.feed_eof();
    }

    /// Whether [`feed_eof`](Self::feed_eof) was called: no more bytes will come.
    #[inline]
    pub fn is_eof(&self) -> bool {
        self.core.is_eof()
    }

    /// The next event from the bytes received so far. After an error, the same error is
    /// returned again.
    #[inline]
    pub fn next_event(&mut self) -> Result<Event<'_, ResponseHead>, Error> {
        self.core.next_event(&mut self.parser)
    }

    /// Leaves the [`Event::Paused`] state to decode the response to the next request,
    /// which was sent with `request_method`. Fails unless the current response has ended.
    #[inline]
    pub fn start_next_cycle(&mut self, request_method: &str) -> Result<(), Error> {
        self.core.start_next_cycle()?;
        self.parser = ResponseParser::for_method(request_method);
        Ok(())
    }

    /// Whether the current response has ended and the decoder waits for `start_next_cycle`.
    #[inline]
    pub fn is_paused(&self) -> bool {
        self.core.is_paused()
    }

    /// How many received bytes are not yet decoded.
    #[inline]
    pub fn buffered(&self) -> usize {
        self.core.buffered()
    }

    /// Takes every undecoded byte out: after [`Event::Upgraded`], the first bytes of the
    /// new protocol or tunnel.
    pub fn take_buffered(&mut self) -> Vec<u8> {
        self.core.take_buffered()
    }
}

/// Status-line parsing for the core decoder, aware of the request method.
#[derive(Debug)]
pub(crate) struct ResponseParser {
    head_request: bool,
    connect_request: bool,
}

impl ResponseParser {
    pub(crate) fn for_method(method: &str) -> Self {
        ResponseParser {
            head_request: method == "HEAD",
            connect_request: method == "CONNECT",
        }
    }
}

impl ParseHead for ResponseParser {
    type Head = ResponseHead;

    fn parse_head(
        &mut self,
        bytes: &[u8],
        limits: &Limits,
        attempt: &mut HeadAttempt,
        fields: &mut Vec<Field>,
        line: &mut ResponseLine,
    ) -> Result<Option<Parsed>, Error> {
        if !attempt.worth_parsing(bytes) {
            check_partial(bytes, limits, None)?;
            return Ok(None);
        }
        self.parse(bytes, limits, fields, line)
    }
}

impl ResponseParser {
    /// Parses a response head at the start of `bytes`, where they lie: its field positions
    /// go to `fields`, the rest of what it says to `line`. `Ok(None)` asks for more bytes.
    /// Both the decoder and [`HeadParser`](crate::HeadParser) parse heads with this.
    pub(crate) fn parse(
        &self,
        bytes: &[u8],
        limits: &Limits,
        fields: &mut impl FieldTable,
        line: &mut ResponseLine,
    ) -> Result<Option<Parsed>, Error> {
        let mut stack = [const { MaybeUninit::uninit() }; STACK_FIELDS];
        let mut heap = Vec::new();
        let mut res = httparse::Response::new(&mut []);
        let config = httparse::ParserConfig::default();
        let mut parsed = config.parse_response_with_uninit_headers(
            &mut res,
            bytes,
            stack_slots(limits, &mut stack),
        );
        if more_slots_allowed(&parsed, limits) {
            res = httparse::Response::new(&mut []);
            parsed = config.parse_response_with_uninit_headers(
                &mut res,
                bytes,
                heap_slots(limits, &mut heap),
            );
        }
        let len = match parsed {
            Ok(httparse::Status::Complete(len)) => len,
            Ok(httparse::Status::Partial) => {
                check_partial(bytes, limits, None)?;
                return Ok(None);
            }
            Err(e) => {
                if let Some(e) = map_error(e, bytes) {
                    return Err(e);
                }
                check_partial(bytes, limits, None)?;
                return Ok(None);
            }
        };
        if len > limits.max_head_len {
            return Err(Error::HeadTooLarge);
        }
        let status = res.code.unwrap_or_default();
        if !(100..=999).contains(&status) {
            return Err(Error::InvalidHead("invalid status code"));
        }
        let head = &bytes[..len];
        let reason = span(head, res.reason.unwrap_or_default().as_bytes());
        let version = Version::from_minor(res.version.unwrap_or(1));
        // One pass over the fields: note their positions and the framing ones.
        let mut framing = FramingFields::default();
        fields.fill(head, res.headers, |n, v| framing.note(n, v));
        framing.check()?;
        let tunnel = self.connect_request && (200..300).contains(&status);
        let upgrade = status == 101 || tunnel;
        let (body, reusable) = if tunnel {
            (BodyKind::None, true)
        } else {
            framing.response_body(status, self.head_request)
        };
        if let (BodyKind::Length(n), Some(max)) = (body, limits.max_body_len) {
            if n > max {
                return Err(Error::BodyTooLarge);
            }
        }
        // RFC 9112 section 6.1: Transfer-Encoding in a 1.0 message means faulty framing;
        // read this message, then close.
        let faulty_10 = version == Version::Http10 && framing.has(Flag::TransferEncoding);
        *line = ResponseLine {
            status,
            reason,
            version,
            body,
            keep_alive: framing.keep_alive(version) && reusable && !faulty_10 && !upgrade,
            upgrade,
        };
        Ok(Some(Parsed {
            len,
            body,
            interim: (100..200).contains(&status) && status != 101,
            upgrade,
        }))
    }
}
