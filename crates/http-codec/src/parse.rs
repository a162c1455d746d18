//! Shared pieces of head parsing on top of httparse: field slots, error mapping, and the
//! size checks every role applies while a head is incomplete.

use std::mem::MaybeUninit;

use crate::{Error, Limits};

/// Field slots kept on the stack. A head with more fields, when `Limits::max_headers` allows
/// them, is parsed again with slots from the heap: the common head costs no allocation.
pub(crate) const STACK_FIELDS: usize = 100;

/// One field slot for httparse.
pub(crate) type Slot<'b> = MaybeUninit<httparse::Header<'b>>;

/// The stack slots a first parse uses: up to `max_headers` of them.
///
/// The caller declares them in place (uninitialised slots cost nothing, while moving 4 KiB
/// of them out of a helper could cost a copy) and parses inline: no closure, so the
/// finished head is built where the decoder returns it instead of being copied out.
#[inline(always)]
pub(crate) fn stack_slots<'s, 'b>(
    limits: &Limits,
    stack: &'s mut [Slot<'b>; STACK_FIELDS],
) -> &'s mut [Slot<'b>] {
    &mut stack[..limits.max_headers.min(STACK_FIELDS)]
}

/// Whether a first parse ran out of stack slots where the limit allows more fields.
#[inline(always)]
pub(crate) fn more_slots_allowed<T>(parsed: &Result<T, httparse::Error>, limits: &Limits) -> bool {
    matches!(parsed, Err(httparse::Error::TooManyHeaders)) && limits.max_headers > STACK_FIELDS
}

/// Exactly `max_headers` slots from the heap, for the second parse.
#[cold]
pub(crate) fn heap_slots<'s, 'b>(
    limits: &Limits,
    heap: &'s mut Vec<Slot<'b>>,
) -> &'s mut [Slot<'b>] {
    *heap = vec![MaybeUninit::uninit(); limits.max_headers];
    heap
}

/// `part`'s start and end as offsets into `base`, of which it is a sub-slice.
pub(crate) fn span(base: &[u8], part: &[u8]) -> (u32, u32) {
    let start = (part.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize) as u32;
    (start, start + part.len() as u32)
}

/// An httparse error as a codec error, or `None` when the error may vanish with more
/// bytes. A malformed version is 505 only when it looks like a real version (`HTTP/2.0`);
/// httparse rejects `HTTP/2` before the `.0` arrives, so a prefix of such a version on an
/// unfinished line waits for the rest, keeping the answer independent of how bytes arrive.
pub(crate) fn map_error(e: httparse::Error, bytes: &[u8]) -> Option<Error> {
    Some(match e {
        httparse::Error::TooManyHeaders => Error::TooManyHeaders,
        httparse::Error::Version => {
            let (word, complete) = version_word(bytes);
            if word_matches_version(word) && (complete || word.len() == 8) {
                Error::UnsupportedVersion
            } else if !complete && word_matches_version(word) {
                return None;
            } else {
                Error::InvalidHead("invalid HTTP version")
            }
        }
        httparse::Error::HeaderName => Error::InvalidHead("invalid header name"),
        httparse::Error::HeaderValue => Error::InvalidHead("invalid header value"),
        httparse::Error::NewLine => Error::InvalidHead("invalid line ending"),
        httparse::Error::Status => Error::InvalidHead("invalid status code"),
        httparse::Error::Token => Error::InvalidHead("invalid start line"),
    })
}

/// The word of the start line that holds the version (the last one of a request line,
/// the first of a status line), and whether the line is complete. Empty lines before the
/// start line are passed over.
fn version_word(mut bytes: &[u8]) -> (&[u8], bool) {
    // Empty lines before the start line, which httparse skips (RFC 9112 section 2.2).
    while let Some(rest) = bytes
        .strip_prefix(b"\r\n")
        .or_else(|| bytes.strip_prefix(b"\n"))
    {
        bytes = rest;
    }
    let line_end = bytes.iter().position(|&b| b == b'\n');
    let line = &bytes[..line_end.unwrap_or(bytes.len())];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let word = if line.starts_with(b"HTTP/") {
        line.split(|&b| b == b' ').next().unwrap_or_default()
    } else {
        line.rsplit(|&b| b == b' ').next().unwrap_or_default()
    };
    // A status line's version is followed by a space, so its word is complete then too.
    let complete = line_end.is_some() || (line.starts_with(b"HTTP/") && line.contains(&b' '));
    (word, complete)
}

/// Whether `word` is `HTTP/d.d` or, if shorter, a prefix of that shape.
fn word_matches_version(word: &[u8]) -> bool {
    word.len() <= 8
        && word.iter().enumerate().all(|(i, &b)| match i {
            0..=4 => b == b"HTTP/"[i],
            6 => b == b'.',
            _ => b.is_ascii_digit(),
        })
}

/// Limits that apply while a head is still incomplete: the whole head, and for requests
/// the first line (whose bulk is the target, hence 414).
pub(crate) fn check_partial(
    bytes: &[u8],
    limits: &Limits,
    first_line_limit: Option<usize>,
) -> Result<(), Error> {
    if let Some(max) = first_line_limit {
        if bytes.len() > max && !bytes[..max].contains(&b'\n') {
            // Past a space the bulk is the target; without one, no method is that long.
            return Err(if bytes[..max].contains(&b' ') {
                Error::UriTooLong
            } else {
                Error::InvalidHead("method too long")
            });
        }
    }
    if bytes.len() > limits.max_head_len {
        return Err(Error::HeadTooLarge);
    }
    Ok(())
}
