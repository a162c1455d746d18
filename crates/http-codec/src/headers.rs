//! Header fields of a head or trailer section: the raw bytes kept once, fields as offsets.

use std::fmt;

/// Bytes one field's position takes in the table: name start and end, value start and end,
/// each a little-endian u32.
const FIELD_POS_LEN: usize = 16;

/// The header (or trailer) fields of one message, in the order received.
///
/// Duplicates are kept; names and values are the exact bytes the peer sent (values without
/// surrounding whitespace). Lookups by name ignore ASCII case.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers {
    /// The section's text, then a table of field positions (offsets into the text), in one
    /// allocation whatever the number of fields: heads are parsed at a rate where a second
    /// allocation shows.
    buf: Vec<u8>,
    /// Length of the text; the table follows it.
    text_len: usize,
}

impl Headers {
    /// An empty field list, as found in a message without trailers.
    pub fn new() -> Self {
        Headers::default()
    }

    /// Builds the list from httparse's output: `section` is the parsed text (kept as the
    /// bytes of this list), `parsed` the fields httparse found, borrowing from `section`.
    pub(crate) fn from_parsed(section: &[u8], parsed: &[httparse::Header<'_>]) -> Headers {
        Headers::from_parsed_into(Vec::new(), section, parsed, |_, _| {})
    }

    /// As [`Headers::from_parsed`], but writes into `storage` (cleared first), so a
    /// recycled allocation is reused, and shows each field to `visit` on the way, so the
    /// caller needs no second pass over the fields.
    #[inline(always)]
    pub(crate) fn from_parsed_into(
        mut storage: Vec<u8>,
        section: &[u8],
        parsed: &[httparse::Header<'_>],
        mut visit: impl FnMut(&[u8], &[u8]),
    ) -> Headers {
        let text_len = section.len();
        let total = text_len + parsed.len() * FIELD_POS_LEN;
        storage.clear();
        storage.reserve(total);
        storage.extend_from_slice(section);
        // Sized once, then written in place: no capacity check per field.
        storage.extend(std::iter::repeat_n(0, total - text_len));
        let base = section.as_ptr() as usize;
        // httparse hands out sub-slices of `section`, so these differences are in bounds;
        // a section is limited to far below u32::MAX bytes.
        let offset = |p: *const u8| (p as usize).wrapping_sub(base) as u32;
        for (pos, h) in storage[text_len..]
            .chunks_exact_mut(FIELD_POS_LEN)
            .zip(parsed)
        {
            let name_start = offset(h.name.as_ptr());
            let value_start = offset(h.value.as_ptr());
            pos[0..4].copy_from_slice(&name_start.to_le_bytes());
            pos[4..8].copy_from_slice(&(name_start + h.name.len() as u32).to_le_bytes());
            pos[8..12].copy_from_slice(&value_start.to_le_bytes());
            pos[12..16].copy_from_slice(&(value_start + h.value.len() as u32).to_le_bytes());
            visit(h.name.as_bytes(), h.value);
        }
        Headers {
            buf: storage,
            text_len,
        }
    }

    /// The allocation behind the list, for a decoder to reuse.
    pub(crate) fn into_storage(self) -> Vec<u8> {
        self.buf
    }

    /// The raw bytes the fields were parsed from (for a head: the whole head, start line
    /// included, up to and including the blank line).
    pub fn raw(&self) -> &[u8] {
        &self.buf[..self.text_len]
    }

    /// A range of the raw bytes; crate-internal so heads can keep start-line parts as offsets.
    pub(crate) fn slice(&self, start: u32, end: u32) -> &[u8] {
        self.raw()
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// The number of fields, duplicates included.
    pub fn len(&self) -> usize {
        (self.buf.len() - self.text_len) / FIELD_POS_LEN
    }

    /// True when there are no fields.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Name and value of the field whose table entry is `pos`.
    fn field(&self, pos: &[u8]) -> (&[u8], &[u8]) {
        let at = |i: usize| {
            let mut n = [0; 4];
            n.copy_from_slice(&pos[i * 4..i * 4 + 4]);
            u32::from_le_bytes(n)
        };
        (self.slice(at(0), at(1)), self.slice(at(2), at(3)))
    }

    /// The field at `index` as (name, value) in the order received, if there is one.
    pub fn get_index(&self, index: usize) -> Option<(&[u8], &[u8])> {
        self.buf[self.text_len..]
            .chunks_exact(FIELD_POS_LEN)
            .nth(index)
            .map(|p| self.field(p))
    }

    /// All fields as (name, value) pairs, in the order received.
    pub fn iter(&self) -> HeaderIter<'_> {
        HeaderIter {
            headers: self,
            inner: self.buf[self.text_len..].chunks_exact(FIELD_POS_LEN),
        }
    }

    /// The value of the first field named `name` (ASCII case ignored).
    pub fn get(&self, name: impl AsRef<[u8]>) -> Option<&[u8]> {
        let name = name.as_ref();
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The value of the first field named `name`, if it is valid UTF-8.
    pub fn get_str(&self, name: impl AsRef<[u8]>) -> Option<&str> {
        self.get(name).and_then(|v| std::str::from_utf8(v).ok())
    }

    /// The values of every field named `name` (ASCII case ignored), in the order received.
    pub fn get_all<'a, N: AsRef<[u8]> + 'a>(
        &'a self,
        name: N,
    ) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name.as_ref()))
            .map(|(_, v)| v)
    }

    /// True when a field named `name` is present.
    pub fn contains(&self, name: impl AsRef<[u8]>) -> bool {
        self.get(name).is_some()
    }

    /// True when `token` is one of the comma-separated elements of any field named `name`,
    /// compared without ASCII case: `has_token("connection", "close")`.
    pub fn has_token(&self, name: impl AsRef<[u8]>, token: impl AsRef<[u8]>) -> bool {
        let (name, token) = (name.as_ref(), token.as_ref());
        self.iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .any(|(_, v)| list_elements(v).any(|e| e.eq_ignore_ascii_case(token)))
    }
}

/// The elements of a comma-separated field value, trimmed of spaces and tabs, empty ones
/// skipped (RFC 9110 section 5.6.1 lets senders leave empty elements).
pub(crate) fn list_elements(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value
        .split(|&b| b == b',')
        .map(trim_ows)
        .filter(|e| !e.is_empty())
}

/// `value` without leading and trailing spaces and tabs.
pub(crate) fn trim_ows(value: &[u8]) -> &[u8] {
    let is_ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value.iter().position(|b| !is_ows(b)).unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |i| i + 1);
    &value[start..end]
}

/// Iterator over the fields of [`Headers`], as (name, value) byte slices.
#[derive(Debug, Clone)]
pub struct HeaderIter<'a> {
    headers: &'a Headers,
    inner: std::slice::ChunksExact<'a, u8>,
}

impl<'a> Iterator for HeaderIter<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let headers = self.headers;
        self.inner.next().map(|p| headers.field(p))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for HeaderIter<'_> {}

impl<'a> IntoIterator for &'a Headers {
    type Item = (&'a [u8], &'a [u8]);
    type IntoIter = HeaderIter<'a>;

    fn into_iter(self) -> HeaderIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|(n, v)| {
                (
                    String::from_utf8_lossy(n).into_owned(),
                    String::from_utf8_lossy(v).into_owned(),
                )
            }))
            .finish()
    }
}
