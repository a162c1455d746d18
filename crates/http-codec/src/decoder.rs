//! The role-independent half of a decoder: the receive buffer, the per-message state
//! machine, and body decoding. The request and response decoders add head parsing.
//!
//! ```text
//!             head parsed               body complete
//!   Head ───────────────────▶ Body ───────────────────▶ Paused ──start_next_cycle──▶ Head
//!    │  ▲                      │                          │
//!    │  └── 1xx interim head   │ (101, 2xx to CONNECT)    └─(caller accepted an upgrade:
//!    │                         └──────────────────▶ Upgraded   take_buffered)
//!    └── peer closed between messages ──▶ Closed          any error ──▶ Failed (sticky)
//! ```

use crate::buffer::Buffer;
use crate::chunked::{ChunkedDecoder, Step};
use crate::head::{HeadStore, Stored};
use crate::headers::{Field, Section};
use crate::{BodyKind, Error, Headers, Limits};

/// What the decoder found next in the received bytes.
///
/// `H` is [`RequestHead`](crate::RequestHead) for a server, [`ResponseHead`](crate::ResponseHead)
/// for a client. Heads and body bytes are lent from the decoder's buffer: use them, copy
/// them (a head's `clone()` copies just the head) before the next call. Events borrow
/// and own nothing, so they are `Copy`.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<'a, H> {
    /// A message head. Body events follow, then [`Event::End`], even when there is no body.
    Head(&'a H),
    /// An interim 1xx response head (not 101); the final response follows. Only a
    /// response decoder yields this, and only unless it was told to skip them.
    Interim(&'a H),
    /// A piece of the body, never empty. Pieces follow the order of the bytes received.
    Data(&'a [u8]),
    /// The message is complete; holds its trailer fields (empty for most messages).
    End(Headers<'a>),
    /// The bytes received so far do not complete the next event: feed more.
    NeedData,
    /// A message ended and the decoder waits for `start_next_cycle`; bytes of a pipelined
    /// message stay buffered until then.
    Paused,
    /// The connection switched protocols (101, or 2xx to CONNECT); the decoder parses no
    /// more HTTP. Take the bytes that followed the head with `take_buffered`.
    Upgraded,
    /// The peer closed the connection cleanly between messages.
    Closed,
}

/// What the core needs to know of a head a role parsed to decode the rest.
pub(crate) struct Parsed {
    /// Bytes of the head, start line to blank line.
    pub len: usize,
    pub body: BodyKind,
    /// A 1xx (not 101) response: another head follows instead of a body.
    pub interim: bool,
    /// The connection switches protocols when this message ends.
    pub upgrade: bool,
}

/// Head parsing, the part of a decoder that differs between roles.
pub(crate) trait ParseHead {
    /// The role's head.
    type Head: HeadStore;
    /// Parses a head at the start of `bytes` (leading empty lines already dropped).
    /// `Ok(None)` asks for more bytes. `attempt` is crate-owned scratch state that lets
    /// the role skip re-parsing when nothing new could complete the head. The positions
    /// of the head's fields go to `fields`, the rest of it to `line` (both are written
    /// in place, and are meaningful only when a head is returned).
    fn parse_head(
        &mut self,
        bytes: &[u8],
        limits: &Limits,
        attempt: &mut HeadAttempt,
        fields: &mut Vec<Field>,
        line: &mut <Self::Head as HeadStore>::Line,
    ) -> Result<Option<Parsed>, Error>;
}

/// Remembers the previous incomplete parse of a head, so that bytes arriving one at a time
/// do not make parsing quadratic: httparse is re-run only when a line end arrived, or the
/// buffered bytes doubled (so early garbage is still caught early).
#[derive(Debug, Default)]
pub(crate) struct HeadAttempt {
    len: usize,
}

impl HeadAttempt {
    /// Whether parsing `bytes` again could give a different answer than last time.
    #[inline(always)]
    pub fn worth_parsing(&mut self, bytes: &[u8]) -> bool {
        // The first attempt at a head, and for most heads the only one.
        if self.len == 0 {
            self.len = bytes.len();
            return true;
        }
        self.worth_parsing_again(bytes)
    }

    /// `worth_parsing` after an attempt that found the head incomplete.
    #[inline(never)]
    fn worth_parsing_again(&mut self, bytes: &[u8]) -> bool {
        let from = self.len.min(bytes.len());
        let worth = bytes.len() >= self.len * 2 || bytes[from..].contains(&b'\n');
        if worth {
            self.len = bytes.len();
        }
        worth
    }
}

/// The decoding state of the message in flight.
#[derive(Debug)]
enum State {
    Head,
    Body(Body),
    Paused,
    Upgraded,
    Closed,
    Failed(Error),
}

/// How the rest of the current body is delimited.
#[derive(Debug)]
enum Body {
    Length(u64),
    /// Decoded by `Core::chunked`.
    Chunked,
    /// Until the peer closes; `seen` counts bytes for `Limits::max_body_len`.
    Close {
        seen: u64,
    },
}

/// An event whose head or body bytes are still named by position, so the borrow of the
/// buffer is taken only once the state has been updated.
enum Found {
    NeedData,
    Paused,
    Upgraded,
    Closed,
    /// The message ended; `true` when the decoder holds trailers for it.
    End(bool),
    /// Body bytes at these absolute buffer positions.
    Data(usize, usize),
    /// The decoder holds a new head; `true` for an interim one.
    Head(bool),
}

/// The most field positions a decoder keeps room for between heads (16 bytes each).
pub(crate) const KEEP_FIELDS_MAX: usize = 256;

/// Buffer plus state machine, shared by the request and response decoders.
#[derive(Debug)]
pub(crate) struct Core<H> {
    /// The last head parsed, lent as `&H`, around the receive buffer that holds it; its
    /// field table is reused for every head.
    head: H,
    limits: Limits,
    state: State,
    /// The chunked body in flight, if the current body is chunked.
    chunked: ChunkedDecoder,
    /// What follows the end of the current message.
    upgrade_after_end: bool,
    eof: bool,
    attempt: HeadAttempt,
    /// Trailers of the message that ended last.
    trailers: Section,
    /// Interim (1xx) heads are dropped instead of reported.
    pub skip_interim: bool,
}

impl<H: HeadStore> Core<H> {
    pub fn new(limits: Limits) -> Self {
        Core {
            head: H::from_stored(Stored::new(Buffer::new(limits.buffer_cap()))),
            limits,
            state: State::Head,
            chunked: ChunkedDecoder::new(),
            upgrade_after_end: false,
            eof: false,
            attempt: HeadAttempt::default(),
            trailers: Section::default(),
            skip_interim: false,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The receive buffer.
    #[inline(always)]
    fn buf(&self) -> &Buffer {
        &self.head.stored().buf
    }

    #[inline(always)]
    fn buf_mut(&mut self) -> &mut Buffer {
        &mut self.head.stored_mut().buf
    }

    #[inline]
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        if self.eof {
            return 0;
        }
        self.buf_mut().feed(bytes)
    }

    #[inline]
    pub fn spare(&mut self, min: usize) -> &mut [u8] {
        self.buf_mut().spare(min)
    }

    #[inline]
    pub fn filled(&mut self, n: usize) {
        self.buf_mut().filled(n);
    }

    pub fn feed_eof(&mut self) {
        self.eof = true;
    }

    #[inline]
    pub fn is_eof(&self) -> bool {
        self.eof
    }

    #[inline]
    pub fn buffered(&self) -> usize {
        self.buf().len()
    }

    pub fn take_buffered(&mut self) -> Vec<u8> {
        self.buf_mut().take()
    }

    #[inline]
    pub fn is_paused(&self) -> bool {
        matches!(self.state, State::Paused)
    }

    #[inline]
    pub fn start_next_cycle(&mut self) -> Result<(), Error> {
        match self.state {
            State::Paused => {
                self.state = State::Head;
                if !self.trailers.text.is_empty() {
                    self.trailers = Section::default();
                }
                Ok(())
            }
            State::Failed(ref e) => Err(e.clone()),
            _ => Err(Error::InvalidState(
                "start_next_cycle before the message ended",
            )),
        }
    }

    #[inline]
    pub fn next_event<P: ParseHead<Head = H>>(
        &mut self,
        role: &mut P,
    ) -> Result<Event<'_, H>, Error> {
        // The end of a message without body bytes left (every GET) is decided here, inline
        // in the caller: a call into the large decoding function costs more than this.
        if let State::Body(Body::Length(0)) = self.state {
            self.end();
            return Ok(Event::End(Headers::new()));
        }
        self.decode(role)
    }

    /// The events `next_event` does not decide inline.
    fn decode<P: ParseHead<Head = H>>(&mut self, role: &mut P) -> Result<Event<'_, H>, Error> {
        // Every message passes through a head; it gets a path of its own, inlined here.
        let found = match self.state {
            State::Head => self.head(role),
            _ => self.step(),
        };
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                self.state = State::Failed(e.clone());
                return Err(e);
            }
        };
        Ok(match found {
            Found::NeedData => Event::NeedData,
            Found::Paused => Event::Paused,
            Found::Upgraded => Event::Upgraded,
            Found::Closed => Event::Closed,
            Found::End(false) => Event::End(Headers::new()),
            Found::End(true) => Event::End(self.trailers.headers()),
            Found::Data(from, to) => Event::Data(self.buf().absolute(from, to)),
            Found::Head(false) => Event::Head(&self.head),
            Found::Head(true) => Event::Interim(&self.head),
        })
    }

    /// The `Head` state: drops empty lines, parses a head, and moves on to its body.
    #[inline(always)]
    fn head<P: ParseHead<Head = H>>(&mut self, role: &mut P) -> Result<Found, Error> {
        if self.head.stored().fields.capacity() > KEEP_FIELDS_MAX {
            // A connection that once sent a huge head should not keep its table.
            self.head.stored_mut().fields = Vec::new();
        }
        loop {
            // RFC 9112 section 2.2: empty lines before a start line are ignored. Nearly
            // every head starts with a letter, so that check stays inline.
            if let None | Some(b'\r' | b'\n') = self.buf().bytes().first() {
                if self.only_empty_lines() {
                    if self.eof {
                        self.state = State::Closed;
                        return Ok(Found::Closed);
                    }
                    return Ok(Found::NeedData);
                }
            }
            let stored = self.head.stored_mut();
            let Some(parsed) = role.parse_head(
                stored.buf.bytes(),
                &self.limits,
                &mut self.attempt,
                &mut stored.fields,
                &mut stored.line,
            )?
            else {
                if self.eof {
                    return Err(Error::IncompleteMessage);
                }
                return Ok(Found::NeedData);
            };
            let start = stored.buf.start();
            // The head's bytes stay in place until the next write into the buffer, which
            // cannot happen while the head is lent.
            stored.buf.consume(parsed.len);
            stored.at = (start, start + parsed.len);
            self.attempt = HeadAttempt::default();
            if parsed.interim && self.skip_interim {
                continue;
            }
            if !parsed.interim {
                self.upgrade_after_end = parsed.upgrade;
                self.state = State::Body(match parsed.body {
                    BodyKind::None => Body::Length(0),
                    BodyKind::Length(n) => Body::Length(n),
                    BodyKind::Chunked => {
                        self.chunked = ChunkedDecoder::new();
                        Body::Chunked
                    }
                    BodyKind::CloseDelimited => Body::Close { seen: 0 },
                });
            }
            return Ok(Found::Head(parsed.interim));
        }
    }

    /// Drops the empty lines at the front of the buffer (dropping them keeps the head
    /// parse attempts bounded by the field count); returns whether nothing but a possible
    /// start of one more (a lone CR) is left.
    #[inline(never)]
    fn only_empty_lines(&mut self) -> bool {
        let bytes = self.buf().bytes();
        let mut blank = 0;
        loop {
            match &bytes[blank..] {
                [b'\r', b'\n', ..] => blank += 2,
                [b'\n', ..] => blank += 1,
                _ => break,
            }
        }
        if blank > 0 {
            self.buf_mut().consume(blank);
            self.attempt = HeadAttempt::default();
        }
        matches!(self.buf().bytes(), [] | [b'\r'])
    }

    /// Every state but `Head`.
    fn step(&mut self) -> Result<Found, Error> {
        match &mut self.state {
            State::Failed(e) => Err(e.clone()),
            State::Paused => Ok(Found::Paused),
            State::Upgraded => Ok(Found::Upgraded),
            State::Closed => Ok(Found::Closed),
            // `decode` parses heads itself, so that the head code is inlined only once.
            State::Head => unreachable!("head state handled by decode"),
            State::Body(Body::Length(0)) => {
                self.end();
                Ok(Found::End(false))
            }
            State::Body(Body::Length(remaining)) => {
                let available = self.head.stored().buf.len();
                if available == 0 {
                    if self.eof {
                        return Err(Error::IncompleteMessage);
                    }
                    return Ok(Found::NeedData);
                }
                // `n <= available`, a usize.
                let n = (*remaining).min(available as u64) as usize;
                *remaining -= n as u64;
                Ok(self.data(n))
            }
            State::Body(Body::Close { seen }) => {
                let n = self.head.stored().buf.len();
                if n > 0 {
                    *seen = seen.saturating_add(n as u64);
                    if self.limits.max_body_len.is_some_and(|max| *seen > max) {
                        return Err(Error::BodyTooLarge);
                    }
                    return Ok(self.data(n));
                }
                if self.eof {
                    self.end();
                    return Ok(Found::End(false));
                }
                Ok(Found::NeedData)
            }
            State::Body(Body::Chunked) => {
                let buf = &mut self.head.stored_mut().buf;
                let start = buf.start();
                let (used, step) = self.chunked.decode(buf.bytes(), &self.limits)?;
                buf.consume(used);
                match step {
                    Step::Data { offset, len } => {
                        Ok(Found::Data(start + offset, start + offset + len))
                    }
                    Step::NeedData if self.eof => Err(Error::IncompleteMessage),
                    Step::NeedData => Ok(Found::NeedData),
                    Step::End(trailers) => {
                        self.end();
                        let any = trailers.is_some();
                        if let Some(trailers) = trailers {
                            self.trailers = trailers;
                        }
                        Ok(Found::End(any))
                    }
                }
            }
        }
    }

    /// Takes `n` body bytes from the front of the buffer.
    fn data(&mut self, n: usize) -> Found {
        let buf = self.buf_mut();
        let start = buf.start();
        buf.consume(n);
        Found::Data(start, start + n)
    }

    /// The message ended: pause, or switch protocols.
    #[inline]
    fn end(&mut self) {
        self.state = if self.upgrade_after_end {
            State::Upgraded
        } else {
            State::Paused
        };
    }
}
