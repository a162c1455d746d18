//! Header fields of a head or trailer section: the raw bytes kept once, fields as offsets.

use std::fmt;

/// Where one field sits in its section's text: name and value as start and end offsets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Field {
    name: (u32, u32),
    value: (u32, u32),
}

/// A section's text and its field table, owned: trailers kept by a decoder, and the
/// storage of an owned head.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Section {
    pub text: Vec<u8>,
    pub fields: Vec<Field>,
}

impl Section {
    /// Owned fields from httparse's output: `section` is the parsed text, `parsed` the
    /// fields httparse found, borrowing from `section`.
    pub fn from_parsed(section: &[u8], parsed: &[httparse::Header<'_>]) -> Self {
        let mut fields = Vec::with_capacity(parsed.len());
        fill_fields(&mut fields, section, parsed, |_, _| {});
        Section {
            text: section.to_vec(),
            fields,
        }
    }

    /// The fields as a view.
    pub fn headers(&self) -> Headers<'_> {
        Headers::view(&self.text, &self.fields)
    }
}

/// Where field `h`, a sub-slice of the section starting at address `base`, sits in it.
#[inline(always)]
fn field_at(base: usize, h: &httparse::Header<'_>) -> Field {
    // httparse hands out sub-slices of the section, so these differences are in bounds; a
    // section is limited to far below u32::MAX bytes.
    let offset = |p: &[u8]| {
        let start = (p.as_ptr() as usize).wrapping_sub(base) as u32;
        (start, start + p.len() as u32)
    };
    Field {
        name: offset(h.name.as_bytes()),
        value: offset(h.value),
    }
}

/// Writes the positions of httparse's `parsed` fields, which borrow from `section`, into
/// `fields` (cleared first, so its allocation is reused), and shows each field to `visit`
/// on the way, so the caller needs no second pass over them.
#[inline(always)]
pub(crate) fn fill_fields(
    fields: &mut Vec<Field>,
    section: &[u8],
    parsed: &[httparse::Header<'_>],
    mut visit: impl FnMut(&[u8], &[u8]),
) {
    let base = section.as_ptr() as usize;
    fields.clear();
    if parsed.len() <= FEW_FIELDS {
        // Pushing stores and reloads the table's length once per field (`visit` may call
        // out of line): cheap for a few, and it needs no call.
        fields.reserve(parsed.len());
        for h in parsed {
            visit(h.name.as_bytes(), h.value);
            fields.push(field_at(base, h));
        }
    } else {
        // Sized in one call, then written through an iterator: no chain through memory.
        fields.resize(parsed.len(), Field::default());
        for (slot, h) in fields.iter_mut().zip(parsed) {
            visit(h.name.as_bytes(), h.value);
            *slot = field_at(base, h);
        }
    }
}

/// Where a head parse writes the positions of the head's fields.
pub(crate) trait FieldTable {
    /// Replaces the table with `parsed`'s positions in `section`, showing each field to
    /// `visit` on the way.
    fn fill(
        &mut self,
        section: &[u8],
        parsed: &[httparse::Header<'_>],
        visit: impl FnMut(&[u8], &[u8]),
    );
}

impl FieldTable for Vec<Field> {
    #[inline(always)]
    fn fill(
        &mut self,
        section: &[u8],
        parsed: &[httparse::Header<'_>],
        visit: impl FnMut(&[u8], &[u8]),
    ) {
        fill_fields(self, section, parsed, visit);
    }
}

/// Fields an `InlineTable` keeps in place.
const INLINE_FIELDS: usize = 16;

/// A field table that keeps up to `INLINE_FIELDS` positions in place, and more on the heap:
/// filling it writes each position once and the count once, with no length kept in memory
/// between them.
#[derive(Debug, Clone)]
pub(crate) struct InlineTable {
    inline: [Field; INLINE_FIELDS],
    len: usize,
    heap: Vec<Field>,
}

impl Default for InlineTable {
    fn default() -> Self {
        InlineTable {
            inline: [Field::default(); INLINE_FIELDS],
            len: 0,
            heap: Vec::new(),
        }
    }
}

impl InlineTable {
    /// The positions of the last head's fields.
    #[inline(always)]
    pub fn fields(&self) -> &[Field] {
        match self.inline.get(..self.len) {
            Some(fields) => fields,
            None => &self.heap,
        }
    }

    /// Drops a heap table grown by a huge head.
    pub fn trim(&mut self, keep: usize) {
        if self.heap.capacity() > keep {
            self.heap = Vec::new();
        }
    }
}

impl FieldTable for InlineTable {
    #[inline(always)]
    fn fill(
        &mut self,
        section: &[u8],
        parsed: &[httparse::Header<'_>],
        mut visit: impl FnMut(&[u8], &[u8]),
    ) {
        if parsed.len() <= INLINE_FIELDS {
            let base = section.as_ptr() as usize;
            for (slot, h) in self.inline.iter_mut().zip(parsed) {
                visit(h.name.as_bytes(), h.value);
                *slot = field_at(base, h);
            }
        } else {
            fill_fields(&mut self.heap, section, parsed, visit);
        }
        self.len = parsed.len();
    }
}

/// Up to this many fields, `fill_fields` pushes them one by one.
const FEW_FIELDS: usize = 4;

/// The header (or trailer) fields of one message, in the order received: a view of the
/// bytes a decoder holds (or an owned head holds), cheap to copy.
///
/// Duplicates are kept; names and values are the exact bytes the peer sent (values without
/// surrounding whitespace). Lookups by name ignore ASCII case.
#[derive(Clone, Copy, Default)]
pub struct Headers<'a> {
    /// The section's text: for a head, the start line, the fields and the blank line.
    text: &'a [u8],
    /// Field positions, as offsets into `text`.
    fields: &'a [Field],
}

impl PartialEq for Headers<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Headers<'_> {}

impl Headers<'static> {
    /// An empty field list, as found in a message without trailers.
    pub fn new() -> Self {
        Headers::default()
    }
}

impl<'a> Headers<'a> {
    /// A view of `fields`, which index into `text`.
    #[inline]
    pub(crate) fn view(text: &'a [u8], fields: &'a [Field]) -> Self {
        Headers { text, fields }
    }

    /// The raw bytes the fields were parsed from (for a head: the whole head, start line
    /// included, up to and including the blank line).
    #[inline]
    pub fn raw(&self) -> &'a [u8] {
        self.text
    }

    /// A range of the raw bytes; crate-internal so heads can keep start-line parts as offsets.
    #[inline]
    pub(crate) fn slice(&self, (start, end): (u32, u32)) -> &'a [u8] {
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// The number of fields, duplicates included.
    #[inline]
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// True when there are no fields.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The field at `index` as (name, value) in the order received, if there is one.
    #[inline]
    pub fn get_index(&self, index: usize) -> Option<(&'a [u8], &'a [u8])> {
        self.fields
            .get(index)
            .map(|p| (self.slice(p.name), self.slice(p.value)))
    }

    /// All fields as (name, value) pairs, in the order received.
    #[inline]
    pub fn iter(&self) -> HeaderIter<'a> {
        HeaderIter {
            text: self.text,
            inner: self.fields.iter(),
        }
    }

    /// The value of the first field named `name` (ASCII case ignored).
    pub fn get(&self, name: impl AsRef<[u8]>) -> Option<&'a [u8]> {
        let name = name.as_ref();
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The value of the first field named `name`, if it is valid UTF-8.
    pub fn get_str(&self, name: impl AsRef<[u8]>) -> Option<&'a str> {
        self.get(name).and_then(|v| std::str::from_utf8(v).ok())
    }

    /// The values of every field named `name` (ASCII case ignored), in the order received.
    pub fn get_all<N: AsRef<[u8]> + 'a>(&self, name: N) -> impl Iterator<Item = &'a [u8]> + 'a {
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
    text: &'a [u8],
    inner: std::slice::Iter<'a, Field>,
}

impl<'a> Iterator for HeaderIter<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let slice =
            |(start, end): (u32, u32)| text.get(start as usize..end as usize).unwrap_or_default();
        self.inner.next().map(|p| (slice(p.name), slice(p.value)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for HeaderIter<'_> {}

impl<'a> IntoIterator for Headers<'a> {
    type Item = (&'a [u8], &'a [u8]);
    type IntoIter = HeaderIter<'a>;

    fn into_iter(self) -> HeaderIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Headers<'a> {
    type Item = (&'a [u8], &'a [u8]);
    type IntoIter = HeaderIter<'a>;

    fn into_iter(self) -> HeaderIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Headers<'_> {
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
