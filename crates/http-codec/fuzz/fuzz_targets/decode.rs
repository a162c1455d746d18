//! Fuzz target: arbitrary bytes through both decoders, fed in pieces whose size the input
//! picks, must never panic, stall with a full buffer, or loop without progress.
//!
//! Run with `cargo fuzz run decode` from `crates/http-codec`.

#![no_main]

use http_codec::{Error, Event, Limits, RequestDecoder, ResponseDecoder};
use libfuzzer_sys::fuzz_target;

/// Most events per input; a decoder needing more is looping.
const MAX_EVENTS: usize = 1_000_000;

/// What the driver needs from either decoder.
trait Decoder {
    fn feed(&mut self, bytes: &[u8]) -> usize;
    fn feed_eof(&mut self);
    fn buffered(&self) -> usize;
    /// `Ok(true)` when the decoder wants bytes, `Ok(false)` when it stopped for good.
    fn drain(&mut self, events: &mut usize) -> Result<bool, Error>;
}

impl Decoder for RequestDecoder {
    fn feed(&mut self, bytes: &[u8]) -> usize {
        RequestDecoder::feed(self, bytes)
    }
    fn feed_eof(&mut self) {
        RequestDecoder::feed_eof(self)
    }
    fn buffered(&self) -> usize {
        RequestDecoder::buffered(self)
    }
    fn drain(&mut self, events: &mut usize) -> Result<bool, Error> {
        loop {
            *events += 1;
            assert!(*events < MAX_EVENTS, "no progress");
            match self.next_event()? {
                Event::NeedData => return Ok(true),
                Event::Paused => self.start_next_cycle()?,
                Event::Closed | Event::Upgraded => return Ok(false),
                Event::Data(d) => assert!(!d.is_empty()),
                _ => {}
            }
        }
    }
}

/// A response decoder with the method of the requests it answers.
struct Responses(ResponseDecoder, &'static str);

impl Decoder for Responses {
    fn feed(&mut self, bytes: &[u8]) -> usize {
        self.0.feed(bytes)
    }
    fn feed_eof(&mut self) {
        self.0.feed_eof()
    }
    fn buffered(&self) -> usize {
        self.0.buffered()
    }
    fn drain(&mut self, events: &mut usize) -> Result<bool, Error> {
        loop {
            *events += 1;
            assert!(*events < MAX_EVENTS, "no progress");
            match self.0.next_event()? {
                Event::NeedData => return Ok(true),
                Event::Paused => self.0.start_next_cycle(self.1)?,
                Event::Closed | Event::Upgraded => return Ok(false),
                Event::Data(d) => assert!(!d.is_empty()),
                _ => {}
            }
        }
    }
}

/// Feeds `input` in `piece`-byte reads, as a socket would, until the decoder stops.
fn drive(dec: &mut dyn Decoder, input: &[u8], piece: usize, cap: usize) {
    let mut events = 0;
    let mut rest = input;
    loop {
        let n = piece.min(rest.len());
        let taken = dec.feed(&rest[..n]);
        rest = &rest[taken..];
        assert!(dec.buffered() <= cap, "buffer over its cap");
        if rest.is_empty() {
            dec.feed_eof();
        }
        match dec.drain(&mut events) {
            Ok(true) if rest.is_empty() => {
                panic!("decoder wants data after end of input")
            }
            Ok(true) => assert!(
                taken > 0 || n == 0,
                "buffer full, yet the decoder wants data"
            ),
            Ok(false) | Err(_) => return,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the read size and the method the responses answer.
    let Some((&control, input)) = data.split_first() else {
        return;
    };
    let piece = 1 + usize::from(control & 0x3f);
    let method = ["GET", "HEAD", "CONNECT", "POST"][usize::from(control >> 6)];
    // Small limits, so the fuzzer reaches them.
    let limits = Limits {
        max_buffer: 4096,
        max_head_len: 2048,
        max_uri_len: 512,
        max_trailer_len: 512,
        max_chunk_ext_len: 256,
        max_headers: 16,
        ..Limits::default()
    };
    drive(&mut RequestDecoder::with_limits(limits), input, piece, 4096);
    drive(
        &mut Responses(ResponseDecoder::with_limits(method, limits), method),
        input,
        piece,
        4096,
    );
});
