//! The chunked transfer coding (RFC 9112 section 7.1), decoded as a state machine over
//! whatever bytes have arrived, so a body split anywhere decodes the same.

use crate::headers::Section;
use crate::{Error, Limits};

/// Where in the chunked grammar the next byte belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Hex digits of a chunk size; `digits` counts them.
    Size { size: u64, digits: u32 },
    /// After the size: whitespace and `;name=value` extensions, up to CR.
    Extension { size: u64 },
    /// The LF after a size line's CR.
    SizeLf { size: u64 },
    /// Chunk data still to come.
    Data { remaining: u64 },
    /// The CR that must follow chunk data.
    DataCr,
    /// The LF that must follow chunk data.
    DataLf,
    /// After the last chunk: trailer fields, up to an empty line.
    Trailers,
    /// The body is complete.
    Done,
}

/// One step of decoding.
#[derive(Debug)]
pub(crate) enum Step {
    /// Body bytes at `offset..offset + len` of the input (`len > 0`).
    Data { offset: usize, len: usize },
    /// All input used; more is needed.
    NeedData,
    /// The body ended, with these trailers, if any.
    End(Option<Section>),
}

/// Decoder state for one chunked body.
#[derive(Debug)]
pub(crate) struct ChunkedDecoder {
    state: State,
    /// Extension bytes seen in this body, bounded by `Limits::max_chunk_ext_len`.
    ext_len: usize,
    /// Data bytes announced so far, bounded by `Limits::max_body_len`.
    body_len: u64,
    /// Trailer bytes already searched for a line end without a complete parse; the
    /// trailer section is only re-parsed once a new LF arrives.
    trailer_scanned: usize,
}

impl ChunkedDecoder {
    pub fn new() -> Self {
        ChunkedDecoder {
            state: State::Size { size: 0, digits: 0 },
            ext_len: 0,
            body_len: 0,
            trailer_scanned: 0,
        }
    }

    /// Decodes from `input`; returns how many bytes were used and what they gave.
    /// Bytes not used (an incomplete trailer section) must be offered again.
    pub fn decode(&mut self, input: &[u8], limits: &Limits) -> Result<(usize, Step), Error> {
        let mut pos = 0;
        while pos < input.len() {
            let b = input[pos];
            self.state = match self.state {
                State::Size { size, digits } => match hex_value(b) {
                    Some(d) => {
                        let size = size
                            .checked_mul(16)
                            .and_then(|s| s.checked_add(d))
                            .ok_or(Error::ChunkSizeOverflow)?;
                        State::Size {
                            size,
                            digits: digits.saturating_add(1),
                        }
                    }
                    None if digits == 0 => return Err(Error::InvalidChunk("missing chunk size")),
                    None => match b {
                        b';' | b' ' | b'\t' => {
                            self.count_ext(limits)?;
                            State::Extension { size }
                        }
                        b'\r' => State::SizeLf { size },
                        b'\n' => {
                            return Err(Error::InvalidChunk("chunk size line ends without CR"))
                        }
                        _ => return Err(Error::InvalidChunk("invalid character in chunk size")),
                    },
                },
                State::Extension { size } => match b {
                    b'\r' => State::SizeLf { size },
                    b'\t' | b' '..=b'~' | 0x80..=0xff => {
                        self.count_ext(limits)?;
                        State::Extension { size }
                    }
                    _ => return Err(Error::InvalidChunk("invalid character in chunk extension")),
                },
                State::SizeLf { size } => {
                    if b != b'\n' {
                        return Err(Error::InvalidChunk("chunk size line not ended by CRLF"));
                    }
                    if size == 0 {
                        State::Trailers
                    } else {
                        self.body_len = self.body_len.saturating_add(size);
                        if limits.max_body_len.is_some_and(|max| self.body_len > max) {
                            return Err(Error::BodyTooLarge);
                        }
                        State::Data { remaining: size }
                    }
                }
                State::Data { remaining } => {
                    let available = (input.len() - pos) as u64;
                    let len = remaining.min(available);
                    self.state = if len == remaining {
                        State::DataCr
                    } else {
                        State::Data {
                            remaining: remaining - len,
                        }
                    };
                    // `len <= available`, which is a usize.
                    let len = len as usize;
                    return Ok((pos + len, Step::Data { offset: pos, len }));
                }
                State::DataCr if b == b'\r' => State::DataLf,
                State::DataLf if b == b'\n' => State::Size { size: 0, digits: 0 },
                State::DataCr | State::DataLf => {
                    return Err(Error::InvalidChunk("chunk data not followed by CRLF"))
                }
                State::Trailers => return self.trailers(input, pos, limits),
                State::Done => return Ok((pos, Step::End(None))),
            };
            pos += 1;
        }
        Ok((pos, Step::NeedData))
    }

    fn count_ext(&mut self, limits: &Limits) -> Result<(), Error> {
        self.ext_len += 1;
        if self.ext_len > limits.max_chunk_ext_len {
            return Err(Error::ChunkExtensionsTooLarge);
        }
        Ok(())
    }

    /// The trailer section starting at `input[pos..]`: parsed whole once complete,
    /// left in the input (unconsumed) until then.
    fn trailers(
        &mut self,
        input: &[u8],
        pos: usize,
        limits: &Limits,
    ) -> Result<(usize, Step), Error> {
        let section = &input[pos..];
        match section {
            [b'\r', b'\n', ..] => {
                self.state = State::Done;
                return Ok((pos + 2, Step::End(None)));
            }
            [b'\r'] => return Ok((pos, Step::NeedData)),
            [b'\n', ..] => return Err(Error::InvalidChunk("trailer section ends without CR")),
            _ => {}
        }
        let scan_from = self.trailer_scanned.min(section.len());
        let new_line = section[scan_from..].contains(&b'\n');
        self.trailer_scanned = section.len();
        if new_line {
            match parse_trailers(section, limits.max_headers) {
                Ok(Some((len, headers))) => {
                    if len > limits.max_trailer_len {
                        return Err(Error::TrailersTooLarge);
                    }
                    self.state = State::Done;
                    return Ok((pos + len, Step::End(Some(headers))));
                }
                Ok(None) => {}
                Err(httparse::Error::TooManyHeaders) => return Err(Error::TrailersTooLarge),
                Err(_) => return Err(Error::InvalidChunk("malformed trailer section")),
            }
        }
        if section.len() > limits.max_trailer_len {
            return Err(Error::TrailersTooLarge);
        }
        Ok((pos, Step::NeedData))
    }
}

/// Parses a complete trailer section into owned fields, or `None` if it is incomplete.
/// Trailers are rare, so the field slots come from the heap rather than the stack.
fn parse_trailers(
    section: &[u8],
    max_fields: usize,
) -> Result<Option<(usize, Section)>, httparse::Error> {
    let mut slots = vec![httparse::EMPTY_HEADER; max_fields];
    match httparse::parse_headers(section, &mut slots)? {
        httparse::Status::Complete((len, parsed)) => {
            Ok(Some((len, Section::from_parsed(&section[..len], parsed))))
        }
        httparse::Status::Partial => Ok(None),
    }
}

fn hex_value(b: u8) -> Option<u64> {
    match b {
        b'0'..=b'9' => Some(u64::from(b - b'0')),
        b'a'..=b'f' => Some(u64::from(b - b'a' + 10)),
        b'A'..=b'F' => Some(u64::from(b - b'A' + 10)),
        _ => None,
    }
}
