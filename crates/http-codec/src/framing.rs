//! Message framing per RFC 9112 section 6.3: which header fields decide how long a body is,
//! and whether the connection may carry another message.

use crate::headers::{list_elements, trim_ows};
use crate::{Error, Version};

/// How the body of a message is delimited, decided from its head.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BodyKind {
    /// No body at all (no framing fields in a request, HEAD responses, 1xx, 204, 304, or
    /// `Content-Length: 0`). The default.
    #[default]
    None,
    /// Exactly this many bytes follow the head (never zero: that is [`BodyKind::None`]).
    Length(u64),
    /// The body uses the chunked transfer coding and may end with trailers.
    Chunked,
    /// The body runs until the peer closes the connection (responses only).
    CloseDelimited,
}

impl BodyKind {
    /// True when a body may follow the head.
    pub fn has_body(&self) -> bool {
        !matches!(self, BodyKind::None)
    }
}

/// For each field-name length up to 17, the lowercase first letter of the framing field
/// of that length (Expect, Upgrade, Connection, Content-Length, Transfer-Encoding), or 0.
/// Two table lookups rule out nearly every other field before any name is compared.
const FRAMING_FIRST_LETTER: [u8; 18] = {
    let mut t = [0; 18];
    t[6] = b'e';
    t[7] = b'u';
    t[10] = b'c';
    t[14] = b'c';
    t[17] = b't';
    t
};

/// What the framing fields of one head say, gathered in one pass over its fields.
///
/// The yes/no findings are bits of one word, so a head starts with a few stores and a
/// head without framing fields (most GETs) is recognised by one test.
#[derive(Debug, Default)]
pub(crate) struct FramingFields {
    /// The one Content-Length value, after checking every copy agrees.
    pub content_length: Option<u64>,
    /// The first Content-Length problem, reported only after the head's size checks, so
    /// the answer does not depend on which check runs first.
    pub length_error: Option<Error>,
    /// `Flag` bits.
    flags: u16,
}

/// One finding of `FramingFields`, a bit of its `flags`.
#[derive(Debug, Clone, Copy)]
#[repr(u16)]
pub(crate) enum Flag {
    /// Some framing field was present (any of the five names).
    Any = 1,
    /// A Transfer-Encoding field was present.
    TransferEncoding = 1 << 1,
    /// `chunked` is the last coding named.
    ChunkedLast = 1 << 2,
    /// `chunked` appears more than once, or before another coding.
    ChunkedMisplaced = 1 << 3,
    /// A coding other than the ones registered for HTTP/1.1 appears.
    UnknownCoding = 1 << 4,
    /// Connection tokens.
    ConnClose = 1 << 5,
    ConnKeepAlive = 1 << 6,
    ConnUpgrade = 1 << 7,
    /// An Upgrade field was present.
    Upgrade = 1 << 8,
    /// Expect: 100-continue was present.
    ExpectContinue = 1 << 9,
}

impl FramingFields {
    /// Whether `flag` was found.
    #[inline(always)]
    pub fn has(&self, flag: Flag) -> bool {
        self.flags & flag as u16 != 0
    }

    #[inline(always)]
    fn set(&mut self, flag: Flag) {
        self.flags |= flag as u16;
    }

    /// Takes note of one field. Called for every field of every head, so it only looks
    /// at the name's length and first letter; candidates are compared out of line.
    #[inline(always)]
    pub fn note(&mut self, name: &[u8], value: &[u8]) {
        let expected = FRAMING_FIRST_LETTER.get(name.len()).copied().unwrap_or(0);
        if expected != 0 && name.first().map(|b| b | 0x20) == Some(expected) {
            self.note_candidate(name, value);
        }
    }

    /// A field that may be a framing field: compare the whole name and read the value.
    #[inline(never)]
    fn note_candidate(&mut self, name: &[u8], value: &[u8]) {
        let framing = match name.len() {
            14 if eq_lowercase(name, b"content-length") => {
                if let Err(e) = self.content_length(value) {
                    self.length_error.get_or_insert(e);
                }
                true
            }
            17 if eq_lowercase(name, b"transfer-encoding") => {
                self.set(Flag::TransferEncoding);
                self.transfer_coding(value);
                true
            }
            10 if eq_lowercase(name, b"connection") => {
                self.connection(value);
                true
            }
            7 if eq_lowercase(name, b"upgrade") => {
                self.set(Flag::Upgrade);
                true
            }
            6 if eq_lowercase(name, b"expect") => {
                if trim_ows(value).eq_ignore_ascii_case(b"100-continue") {
                    self.set(Flag::ExpectContinue);
                }
                true
            }
            // Same length and first letter, another name.
            _ => false,
        };
        if framing {
            self.set(Flag::Any);
        }
    }

    /// One Connection field.
    fn connection(&mut self, value: &[u8]) {
        // Most Connection fields hold a single token, which httparse has already trimmed:
        // try the whole value before splitting it.
        if self.connection_token(value) {
            return;
        }
        for token in list_elements(value) {
            self.connection_token(token);
        }
    }

    /// One Connection token; compared by length first, since most fields hold one
    /// token that matches only one of the three.
    /// Returns whether the token was one of them.
    fn connection_token(&mut self, token: &[u8]) -> bool {
        let flag = match token.len() {
            5 if eq_lowercase(token, b"close") => Flag::ConnClose,
            10 if eq_lowercase(token, b"keep-alive") => Flag::ConnKeepAlive,
            7 if eq_lowercase(token, b"upgrade") => Flag::ConnUpgrade,
            _ => return false,
        };
        self.set(flag);
        true
    }

    /// The Content-Length problem found while noting the fields, if any.
    pub fn check(&self) -> Result<(), Error> {
        match &self.length_error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// One Content-Length field: a list of decimal numbers that must all be equal
    /// (RFC 9110 section 8.6 lets a recipient accept `5, 5` as 5), and equal to any earlier one.
    fn content_length(&mut self, value: &[u8]) -> Result<(), Error> {
        let mut any = false;
        for element in value.split(|&b| b == b',') {
            let n = parse_decimal(trim_ows(element)).ok_or(Error::InvalidContentLength)?;
            any = true;
            match self.content_length {
                Some(prev) if prev != n => return Err(Error::ConflictingContentLength),
                _ => self.content_length = Some(n),
            }
        }
        if any {
            Ok(())
        } else {
            Err(Error::InvalidContentLength)
        }
    }

    /// One Transfer-Encoding field; several fields form one list in order.
    fn transfer_coding(&mut self, value: &[u8]) {
        for element in list_elements(value) {
            // Parameters (`;q=...`) do not change which coding it is.
            let name = trim_ows(element.split(|&b| b == b';').next().unwrap_or_default());
            if self.has(Flag::ChunkedLast) {
                // Anything after `chunked`, even another `chunked`, breaks the framing.
                self.set(Flag::ChunkedMisplaced);
            }
            let chunked = name.eq_ignore_ascii_case(b"chunked");
            self.flags &= !(Flag::ChunkedLast as u16);
            if chunked {
                self.set(Flag::ChunkedLast);
            }
            let known = chunked
                || [
                    &b"gzip"[..],
                    b"x-gzip",
                    b"deflate",
                    b"compress",
                    b"x-compress",
                ]
                .iter()
                .any(|k| name.eq_ignore_ascii_case(k));
            if !known {
                self.set(Flag::UnknownCoding);
            }
        }
    }

    /// The persistence rule of RFC 9112 section 9.3 from version and Connection tokens.
    pub fn keep_alive(&self, version: Version) -> bool {
        match version {
            Version::Http11 => !self.has(Flag::ConnClose),
            Version::Http10 => self.has(Flag::ConnKeepAlive) && !self.has(Flag::ConnClose),
        }
    }

    /// A request's body length (RFC 9112 section 6.3, items 3, 4, 5 and 6).
    ///
    /// Every ambiguity is refused rather than resolved, because a proxy in front of us
    /// may have resolved it the other way (request smuggling).
    pub fn request_body(&self, version: Version) -> Result<BodyKind, Error> {
        if self.has(Flag::TransferEncoding) {
            if version == Version::Http10 {
                return Err(Error::TransferEncodingInHttp10);
            }
            if self.content_length.is_some() {
                return Err(Error::ContentLengthWithTransferEncoding);
            }
            if self.has(Flag::ChunkedMisplaced) || !self.has(Flag::ChunkedLast) {
                return Err(Error::ChunkedNotFinal);
            }
            if self.has(Flag::UnknownCoding) {
                return Err(Error::UnknownTransferCoding);
            }
            return Ok(BodyKind::Chunked);
        }
        Ok(match self.content_length {
            Some(0) | None => BodyKind::None,
            Some(n) => BodyKind::Length(n),
        })
    }

    /// A response's body length (RFC 9112 section 6.3, items 1, 2, 3, 4, 5 and 7), given
    /// the status and whether the request was HEAD. Returns the kind and whether the
    /// framing still allows the connection to be reused.
    pub fn response_body(&self, status: u16, head_request: bool) -> (BodyKind, bool) {
        if head_request || (100..200).contains(&status) || status == 204 || status == 304 {
            return (BodyKind::None, true);
        }
        if self.has(Flag::TransferEncoding) {
            // Transfer-Encoding overrides Content-Length; the pair may be an attack on an
            // intermediary, so the connection is not reused afterwards.
            let misplaced = self.has(Flag::ChunkedMisplaced);
            let reusable = self.content_length.is_none() && !misplaced;
            return if self.has(Flag::ChunkedLast) && !misplaced {
                (BodyKind::Chunked, reusable)
            } else {
                (BodyKind::CloseDelimited, false)
            };
        }
        match self.content_length {
            Some(0) => (BodyKind::None, true),
            Some(n) => (BodyKind::Length(n), true),
            None => (BodyKind::CloseDelimited, false),
        }
    }
}

/// `bytes` equals `lower`, ignoring ASCII case, where `lower` holds only lowercase
/// letters and `-`, and `bytes` comes from a head httparse accepted.
///
/// Setting bit 0x20 lowercases a letter; the only other bytes it maps onto a letter or `-`
/// are control characters (such as CR onto `-`), which httparse refuses in names and
/// values. So this is exact there, and several times cheaper than
/// `eq_ignore_ascii_case`, which shows on every request with a Connection field.
///
/// Compared eight bytes at a time: the names and tokens compared here are 5 to 17 bytes.
fn eq_lowercase(bytes: &[u8], lower: &[u8]) -> bool {
    if bytes.len() != lower.len() {
        return false;
    }
    let (mut b, mut l) = (bytes.chunks_exact(8), lower.chunks_exact(8));
    let words_equal = b.by_ref().zip(l.by_ref()).all(|(b, l)| {
        let word = |c: &[u8]| u64::from_ne_bytes(c.try_into().unwrap_or_default());
        word(b) | 0x2020_2020_2020_2020 == word(l)
    });
    words_equal
        && b.remainder()
            .iter()
            .zip(l.remainder())
            .all(|(b, l)| b | 0x20 == *l)
}

/// A non-empty run of ASCII digits as a number; no sign, no spaces, no overflow.
pub(crate) fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eq_lowercase_agrees_with_eq_ignore_ascii_case_on_bytes_httparse_accepts() {
        // httparse admits tab, space, visible ASCII and bytes from 0x80 in values (names
        // are a subset); the literals hold lowercase letters and `-`.
        let accepted = (0..=255u8).filter(|&b| b == b'\t' || b >= b' ' && b != 0x7f);
        let alphabet: Vec<u8> = (b'a'..=b'z').chain([b'-']).collect();
        for b in accepted {
            for &l in &alphabet {
                assert_eq!(
                    eq_lowercase(&[b], &[l]),
                    b.eq_ignore_ascii_case(&l),
                    "byte {b:#04x} against {:?}",
                    l as char
                );
            }
        }
        // The same at every position of names long enough to take the word path.
        for lower in [&b"content-length"[..], b"transfer-encoding", b"keep-alive"] {
            let accepted = (0..=255u8).filter(|&b| b == b'\t' || b >= b' ' && b != 0x7f);
            for b in accepted {
                for at in 0..lower.len() {
                    let mut name = lower.to_vec();
                    name[at] = b;
                    assert_eq!(
                        eq_lowercase(&name, lower),
                        name.eq_ignore_ascii_case(lower),
                        "byte {b:#04x} at {at} of {:?}",
                        String::from_utf8_lossy(lower)
                    );
                }
            }
        }
        assert!(eq_lowercase(b"Content-LENGTH", b"content-length"));
        assert!(eq_lowercase(b"TRANSFER-ENCODING", b"transfer-encoding"));
        assert!(!eq_lowercase(b"content-lengt", b"content-length"));
    }

    #[test]
    fn connection_tokens_whole_or_listed() {
        let cases: &[(&[u8], [bool; 3])] = &[
            (b"keep-alive", [false, true, false]),
            (b"Keep-Alive", [false, true, false]),
            (b"CLOSE", [true, false, false]),
            (b"Upgrade", [false, false, true]),
            (b"close, upgrade", [true, false, true]),
            (b"keep-alive,Upgrade ,", [false, true, true]),
            (b"keep-alivex", [false, false, false]),
            (b"te", [false, false, false]),
        ];
        for (value, [close, keep_alive, upgrade]) in cases {
            let mut f = FramingFields::default();
            f.note(b"Connection", value);
            assert_eq!(
                [
                    f.has(Flag::ConnClose),
                    f.has(Flag::ConnKeepAlive),
                    f.has(Flag::ConnUpgrade)
                ],
                [*close, *keep_alive, *upgrade],
                "{:?}",
                String::from_utf8_lossy(value)
            );
        }
    }

    #[test]
    fn only_framing_names_are_noted() {
        let mut f = FramingFields::default();
        for name in [
            &b"Cookie"[..],
            b"Referer",
            b"User-Agent",
            b"Content-Type",
            b"X",
            // The length and first letter of a framing name, but another name.
            b"Content-Digest",
            b"Expiry",
        ] {
            f.note(name, b"close, 5, chunked, 100-continue");
        }
        assert_eq!(f.flags, 0, "nothing noted");
        assert_eq!(f.content_length, None);
        f.note(b"CONTENT-LENGTH", b"5");
        f.note(b"expect", b"100-Continue");
        f.note(b"UPGRADE", b"h2c");
        f.note(b"Transfer-Encoding", b"chunked");
        assert_eq!(f.content_length, Some(5));
        for flag in [
            Flag::Any,
            Flag::ExpectContinue,
            Flag::Upgrade,
            Flag::TransferEncoding,
            Flag::ChunkedLast,
        ] {
            assert!(f.has(flag), "{flag:?}");
        }
        f.note(b"content-length", b"6");
        assert_eq!(f.check(), Err(Error::ConflictingContentLength));
    }
}
