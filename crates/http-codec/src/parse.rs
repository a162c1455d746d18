//! Shared pieces of head parsing on top of httparse: field slots, error mapping, and the
//! size checks every role applies while a head is incomplete.

use std::mem::MaybeUninit;

use crate::{Error, Limits};

/// Field slots kept on the stack; a larger `Limits::max_headers` uses the heap.
pub(crate) const STACK_FIELDS: usize = 128;

/// A slot array for httparse that needs no initialisation.
pub(crate) type Slots<'b> = [MaybeUninit<httparse::Header<'b>>; STACK_FIELDS];

/// Fresh uninitialised slots.
pub(crate) fn stack_slots<'b>() -> Slots<'b> {
    [const { MaybeUninit::uninit() }; STACK_FIELDS]
}

/// Runs `parse` with exactly `limits.max_headers` field slots, from the stack when they fit.
pub(crate) fn with_slots<'b, T>(
    max_headers: usize,
    parse: impl FnOnce(&mut [MaybeUninit<httparse::Header<'b>>]) -> T,
) -> T {
    if max_headers <= STACK_FIELDS {
        let mut slots = stack_slots();
        parse(&mut slots[..max_headers])
    } else {
        let mut slots = vec![MaybeUninit::uninit(); max_headers];
        parse(&mut slots)
    }
}

/// `part`'s start and end as offsets into `base`, of which it is a sub-slice.
pub(crate) fn span(base: &[u8], part: &[u8]) -> (u32, u32) {
    let start = (part.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize) as u32;
    (start, start + part.len() as u32)
}

/// An httparse error as a codec error. A malformed version in a request is 505 only when
/// it looks like a real version (`HTTP/2.0`); anything else there is a bad request.
pub(crate) fn map_error(e: httparse::Error, start_line: &[u8]) -> Error {
    match e {
        httparse::Error::TooManyHeaders => Error::TooManyHeaders,
        httparse::Error::Version if looks_like_version(start_line) => Error::UnsupportedVersion,
        httparse::Error::HeaderName => Error::InvalidHead("invalid header name"),
        httparse::Error::HeaderValue => Error::InvalidHead("invalid header value"),
        httparse::Error::NewLine => Error::InvalidHead("invalid line ending"),
        httparse::Error::Status => Error::InvalidHead("invalid status code"),
        httparse::Error::Token => Error::InvalidHead("invalid start line"),
        httparse::Error::Version => Error::InvalidHead("invalid HTTP version"),
    }
}

/// Whether the start line holds a token of the form `HTTP/d.d` (first or last word).
fn looks_like_version(bytes: &[u8]) -> bool {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let is_version = |w: &[u8]| {
        matches!(w, [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit())
    };
    let mut words = line.split(|&b| b == b' ');
    words.next().is_some_and(is_version)
        || line.rsplit(|&b| b == b' ').next().is_some_and(is_version)
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
            return Err(Error::UriTooLong);
        }
    }
    if bytes.len() > limits.max_head_len {
        return Err(Error::HeadTooLarge);
    }
    Ok(())
}
