//! Size and count limits the decoder enforces, with defaults safe for a public server.

/// Limits on what a peer may send; every one bounds memory or work per connection.
///
/// The defaults suit a public server: 100 header fields, 64 KiB of head, 8 KiB of request
/// target, 16 KiB each of chunk extensions and trailers, and no body limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most header fields in a head (and, separately, in a trailer section). Default 100.
    pub max_headers: usize,
    /// Most bytes in a head, start line included. Default 64 KiB. Answer: 431.
    pub max_head_len: usize,
    /// Most bytes in a request target. Default 8 KiB. Answer: 414.
    pub max_uri_len: usize,
    /// Most bytes of chunk extensions in one message, summed over its chunks. Default 16 KiB.
    pub max_chunk_ext_len: usize,
    /// Most bytes in a trailer section. Default 16 KiB. Answer: 431.
    pub max_trailer_len: usize,
    /// Most body bytes in one message, if set. Default `None`. Answer: 413.
    pub max_body_len: Option<u64>,
    /// Most bytes the decoder buffers; `feed` and `spare` accept no more than this.
    /// Default 128 KiB; never less than `max_head_len` plus a little, whatever is set here.
    pub max_buffer: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_headers: 100,
            max_head_len: 64 * 1024,
            max_uri_len: 8 * 1024,
            max_chunk_ext_len: 16 * 1024,
            max_trailer_len: 16 * 1024,
            max_body_len: None,
            max_buffer: 128 * 1024,
        }
    }
}

impl Limits {
    /// The buffer capacity actually used: room for a whole head and its terminator,
    /// and for a whole trailer section, so a legal head always fits.
    pub(crate) fn buffer_cap(&self) -> usize {
        self.max_buffer
            .max(self.max_head_len.saturating_add(4))
            .max(self.max_trailer_len.saturating_add(4))
    }
}
