//! The receive buffer of a decoder: a bounded byte queue that can also lend its spare room
//! so the caller reads from the socket straight into it.

/// Bytes received but not yet decoded live in `data[start..end]`; `data[end..]` is spare
/// room, already initialised so it can be lent out without `unsafe`.
#[derive(Debug, Default)]
pub(crate) struct Buffer {
    data: Vec<u8>,
    start: usize,
    end: usize,
    cap: usize,
}

/// The smallest allocation worth making: most heads fit, and growth doubles from here.
const MIN_ALLOC: usize = 4096;

impl Buffer {
    /// An empty buffer that will never hold more than `cap` bytes.
    pub fn new(cap: usize) -> Self {
        Buffer {
            data: Vec::new(),
            start: 0,
            end: 0,
            cap,
        }
    }

    /// A full buffer holding exactly `bytes` (a kept copy of a head).
    pub fn holding(bytes: Vec<u8>) -> Self {
        Buffer {
            start: 0,
            end: bytes.len(),
            cap: bytes.len(),
            data: bytes,
        }
    }

    /// The bytes received and not yet consumed.
    #[inline]
    pub fn bytes(&self) -> &[u8] {
        &self.data[self.start..self.end]
    }

    /// How many bytes are waiting.
    #[inline]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Bytes by absolute position; stays valid after `consume` until the next write.
    #[inline]
    pub fn absolute(&self, from: usize, to: usize) -> &[u8] {
        &self.data[from..to]
    }

    /// The absolute position of the first waiting byte.
    #[inline]
    pub fn start(&self) -> usize {
        self.start
    }

    /// Drops `n` bytes from the front (no more than are waiting).
    #[inline]
    pub fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            // Empty: later writes start at the front, so no bytes ever need moving.
            // The old bytes stay in place, so a slice just returned remains readable.
            self.start = 0;
            self.end = 0;
        }
    }

    /// Makes room for up to `want` more bytes and returns how much room there is,
    /// never letting the waiting bytes plus the room exceed the cap.
    #[inline]
    fn reserve(&mut self, want: usize) -> usize {
        let room = self.data.len() - self.end;
        if room >= want {
            return room;
        }
        self.make_room(want)
    }

    /// The rare half of `reserve`, out of line so that the common case inlines into
    /// `feed` and `spare`.
    #[inline(never)]
    fn make_room(&mut self, want: usize) -> usize {
        if self.start > 0 {
            self.data.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let needed = (self.end + want).min(self.cap);
        if needed > self.data.len() {
            let grown = (self.data.len() * 2)
                .max(MIN_ALLOC)
                .max(needed)
                .min(self.cap);
            self.data.resize(grown, 0);
        }
        self.data.len() - self.end
    }

    /// Copies as much of `src` as fits under the cap; returns how many bytes were taken.
    #[inline]
    pub fn feed(&mut self, src: &[u8]) -> usize {
        let n = self.reserve(src.len()).min(src.len());
        self.data[self.end..self.end + n].copy_from_slice(&src[..n]);
        self.end += n;
        n
    }

    /// Spare room of at least `min` bytes if the cap allows, possibly more; empty when full.
    pub fn spare(&mut self, min: usize) -> &mut [u8] {
        self.reserve(min.max(1));
        &mut self.data[self.end..]
    }

    /// Marks `n` bytes of the spare room as received.
    ///
    /// # Panics
    ///
    /// If `n` exceeds the room last returned by `spare`: that is a bug in the caller.
    pub fn filled(&mut self, n: usize) {
        assert!(
            n <= self.data.len() - self.end,
            "filled({n}) exceeds the spare room of {}",
            self.data.len() - self.end
        );
        self.end += n;
    }

    /// Takes every waiting byte out, leaving the buffer empty.
    pub fn take(&mut self) -> Vec<u8> {
        let out = self.bytes().to_vec();
        self.consume(self.len());
        out
    }
}
