//! Bounded fuzzing inside `cargo test`: deterministic pseudo-random mutations of valid
//! messages, fed in random pieces. No input may panic, hang or grow the buffer past its cap.

#[macro_use]
mod common;

use http_codec::{Event, HeadParser, Limits, RequestDecoder, ResponseDecoder};
use std::time::{Duration, Instant};

/// A small xorshift generator: deterministic, so a failure replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEEDS: &[&[u8]] = &[
    b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    b"POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n",
    b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    b"HTTP/1.0 200 OK\r\n\r\nclose-delimited",
];

/// Interesting bytes to splice in: framing characters and field names.
const TOKENS: &[&[u8]] = &[
    b"\r\n",
    b"\n",
    b"\r",
    b"\0",
    b" ",
    b":",
    b";",
    b",",
    b"0",
    b"ffffffffffffffffff",
    b"Content-Length: ",
    b"Transfer-Encoding: chunked\r\n",
    b"HTTP/1.1",
    b"\r\n\r\n",
    b"\t",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(4) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            1 if at < v.len() => {
                v.remove(at);
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(at..at, t.iter().copied());
            }
            _ => v.insert(at, rng.next() as u8),
        }
    }
    v
}

/// Drives either decoder over the input in random pieces; returns normally if it
/// finished, errored or stopped cleanly.
fn drive<E>(
    input: &[u8],
    rng: &mut Rng,
    feed: &mut dyn FnMut(&[u8]) -> usize,
    eof: &mut dyn FnMut(),
    next: &mut dyn FnMut() -> Result<Option<bool>, E>,
    buffered: &dyn Fn() -> usize,
    cap: usize,
) {
    let mut rest = input;
    let mut steps = 0;
    loop {
        steps += 1;
        assert!(steps < 100_000, "no progress on {input:?}");
        let n = 1 + rng.below(rest.len().max(1));
        let taken = feed(&rest[..n.min(rest.len())]);
        rest = &rest[taken..];
        if rest.is_empty() {
            eof();
        }
        assert!(buffered() <= cap, "buffer over cap");
        loop {
            steps += 1;
            assert!(steps < 100_000, "no progress on {input:?}");
            match next() {
                Err(_) => return,
                // Some(true): stop (closed, upgraded, paused at end); Some(false): keep going.
                Ok(Some(true)) => return,
                Ok(Some(false)) => continue,
                Ok(None) => break,
            }
        }
        if rest.is_empty() {
            return;
        }
    }
}

/// The first head in `input` as a decoder fed all of it finds it (`None`: incomplete),
/// or the status of the error before it.
fn first_by_decoder(input: &[u8], response: bool) -> Option<Result<String, u16>> {
    let first = if response {
        let mut dec = ResponseDecoder::new("GET");
        dec.set_skip_interim(false);
        dec.feed(input);
        match dec.next_event() {
            Ok(Event::Head(h) | Event::Interim(h)) => Some(Ok(describe_response!(h))),
            Ok(_) => None,
            Err(e) => Some(Err(e.status())),
        }
    } else {
        let mut dec = RequestDecoder::new();
        dec.feed(input);
        match dec.next_event() {
            Ok(Event::Head(h)) => Some(Ok(describe_request!(h))),
            Ok(_) => None,
            Err(e) => Some(Err(e.status())),
        }
    };
    first
}

/// The same, as `HeadParser` finds it parsing `input` in place.
fn first_in_place(input: &[u8], response: bool) -> Option<Result<String, u16>> {
    let mut parser = HeadParser::new();
    if response {
        match parser.parse_response(input, "GET") {
            Ok(h) => h.map(|h| Ok(describe_response!(h))),
            Err(e) => Some(Err(e.status())),
        }
    } else {
        match parser.parse_request(input) {
            Ok(h) => h.map(|h| Ok(describe_request!(h))),
            Err(e) => Some(Err(e.status())),
        }
    }
}

#[test]
fn in_place_parsing_agrees_with_the_decoders() {
    let started = Instant::now();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut cases = 0;
    let mut heads = 0;
    while cases < 20_000 && started.elapsed() < Duration::from_secs(5) {
        cases += 1;
        let seed = SEEDS[rng.below(SEEDS.len())];
        let input = mutate(&mut rng, seed);
        for response in [false, true] {
            let expected = first_by_decoder(&input, response);
            heads += usize::from(matches!(expected, Some(Ok(_))));
            assert_eq!(
                first_in_place(&input, response),
                expected,
                "response={response} on {:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }
    assert!(cases >= 1_000, "only {cases} cases ran in time");
    // Mutations keep many heads valid: the comparison covers heads, not only errors.
    assert!(heads * 4 > cases, "{heads} heads in {cases} cases");
}

#[test]
fn mutated_messages_never_panic_or_hang() {
    let started = Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let limits = Limits::default();
    let mut cases = 0;
    while cases < 20_000 && started.elapsed() < Duration::from_secs(5) {
        cases += 1;
        let seed = SEEDS[rng.below(SEEDS.len())];
        let input = mutate(&mut rng, seed);
        let mut split_rng = Rng(rng.next() | 1);

        let dec = std::cell::RefCell::new(RequestDecoder::with_limits(limits));
        drive(
            &input,
            &mut split_rng,
            &mut |b| dec.borrow_mut().feed(b),
            &mut || dec.borrow_mut().feed_eof(),
            &mut || {
                let mut d = dec.borrow_mut();
                let r = match d.next_event()? {
                    Event::NeedData => None,
                    Event::Paused => Some(d.start_next_cycle().is_err()),
                    Event::Closed | Event::Upgraded => Some(true),
                    _ => Some(false),
                };
                Ok::<_, http_codec::Error>(r)
            },
            &|| dec.borrow().buffered(),
            limits.max_buffer,
        );

        let dec = std::cell::RefCell::new(ResponseDecoder::with_limits("GET", limits));
        drive(
            &input,
            &mut split_rng,
            &mut |b| dec.borrow_mut().feed(b),
            &mut || dec.borrow_mut().feed_eof(),
            &mut || {
                let mut d = dec.borrow_mut();
                let r = match d.next_event()? {
                    Event::NeedData => None,
                    Event::Paused => Some(d.start_next_cycle("GET").is_err()),
                    Event::Closed | Event::Upgraded => Some(true),
                    _ => Some(false),
                };
                Ok::<_, http_codec::Error>(r)
            },
            &|| dec.borrow().buffered(),
            limits.max_buffer,
        );
    }
    assert!(cases >= 1_000, "only {cases} cases ran in time");
}
