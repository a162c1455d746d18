//! Request-head parsing with framing, and chunked body decoding, timed against bare
//! httparse on the same inputs. Run with `cargo bench -p http-codec`.

mod common;

use std::hint::black_box;

use common::{against_httparse, bare_parse, compare, BROWSER, ROUNDS, SMALL_GET};
use http_codec::{Event, HeadParser, RequestDecoder};

/// The codec: copy the bytes in (as a read from a socket would), parse the head, decide
/// the framing, reach End, start the next cycle. The head is lent from the decoder; with
/// `owned`, it is also copied out with `clone`, as a caller that keeps heads would.
fn codec_head(dec: &mut RequestDecoder, input: &[u8], owned: bool) -> usize {
    dec.feed(input);
    let n = match dec.next_event() {
        Ok(Event::Head(h)) if owned => black_box(h.clone()).headers().len(),
        Ok(Event::Head(h)) => black_box(h).headers().len(),
        other => panic!("bench input parses: {other:?}"),
    };
    assert!(matches!(dec.next_event(), Ok(Event::End(_))));
    dec.start_next_cycle().expect("paused");
    n
}

/// The codec's in-place parser on the caller's bytes, as bare httparse parses them: the
/// head with its framing decided, its fields in the parser's reused table.
fn in_place_head(parser: &mut HeadParser, input: &[u8]) -> usize {
    match parser.parse_request(input) {
        Ok(Some(h)) => black_box(h).headers().len(),
        other => panic!("bench input parses: {other:?}"),
    }
}

/// How many requests the pipelined rows send in one read.
const PIPELINED: usize = 32;

/// Bare httparse on `PIPELINED` heads back to back, each parsed where it lies.
fn bare_pipelined(bytes: &[u8]) -> usize {
    let mut at = 0;
    let mut fields = 0;
    while at < bytes.len() {
        let (len, n) = bare_parse(&bytes[at..]);
        at += len;
        fields += n;
    }
    fields
}

/// The codec on `PIPELINED` heads that arrive in one read: one copy in, then for each
/// head the same events as `codec_head`.
fn codec_pipelined(dec: &mut RequestDecoder, bytes: &[u8]) -> usize {
    dec.feed(bytes);
    let mut fields = 0;
    for _ in 0..PIPELINED {
        match dec.next_event() {
            Ok(Event::Head(h)) => fields += black_box(h).headers().len(),
            other => panic!("bench input parses: {other:?}"),
        }
        assert!(matches!(dec.next_event(), Ok(Event::End(_))));
        dec.start_next_cycle().expect("paused");
    }
    fields
}

/// A 1 MiB body in 16 KiB chunks, after a head.
fn chunked_message() -> Vec<u8> {
    let mut m = b"POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    let chunk = vec![b'x'; 16 * 1024];
    for _ in 0..64 {
        m.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        m.extend_from_slice(&chunk);
        m.extend_from_slice(b"\r\n");
    }
    m.extend_from_slice(b"0\r\n\r\n");
    m
}

/// Bare httparse's chunk-size parser walking the same body, touching no data.
fn bare_chunked(body: &[u8]) -> usize {
    let mut pos = 0;
    let mut total = 0;
    loop {
        match httparse::parse_chunk_size(&body[pos..]) {
            Ok(httparse::Status::Complete((used, 0))) => return total + used,
            Ok(httparse::Status::Complete((used, size))) => {
                total += size as usize;
                pos += used + size as usize + 2;
            }
            _ => panic!("bench body parses"),
        }
    }
}

/// The codec: the whole message fed as a socket would deliver it, every Data event seen.
fn codec_chunked(dec: &mut RequestDecoder, message: &[u8]) -> usize {
    let mut rest = message;
    let mut total = 0;
    loop {
        let taken = dec.feed(rest);
        rest = &rest[taken..];
        loop {
            match dec.next_event() {
                Ok(Event::Data(d)) => total += black_box(d).len(),
                Ok(Event::Head(_)) => {}
                Ok(Event::NeedData) => break,
                Ok(Event::End(_)) => {
                    dec.start_next_cycle().expect("paused");
                    return total;
                }
                other => panic!("bench body decodes: {other:?}"),
            }
        }
    }
}

fn main() {
    // `cargo bench -p http-codec -- small` runs only the inputs whose name contains "small".
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    println!("best of {ROUNDS} interleaved rounds, ns per head: httparse alone; httparse after");
    println!("reading the bytes into a receive buffer; the codec, which reads them in too and");
    println!("lends the head (\"owned\": the head is also copied out with clone).");
    println!("ratio = codec / httparse alone (best rounds); median = the same, median of");
    println!("per-round ratios; vs read+hp = codec / (read + httparse), best rounds.");
    println!("\"pipelined\": {PIPELINED} requests arrive in one read; figures are per head.");
    println!("\"in place\": HeadParser on the caller's bytes, as httparse alone (no read).");
    println!(
        "{:<32} {:>9} {:>9} {:>9} {:>6} {:>6} {:>10}",
        "input", "httparse", "read+hp", "codec", "ratio", "median", "vs read+hp"
    );
    for (name, input) in [
        ("small GET", SMALL_GET),
        ("browser GET, 15 fields", BROWSER),
    ] {
        for owned in [false, true] {
            let label = if owned {
                format!("{name}, owned")
            } else {
                name.to_string()
            };
            if !label.contains(&filter) {
                continue;
            }
            let mut dec = RequestDecoder::new();
            let ([bare, read_bare, codec], median) = against_httparse(input, &mut || {
                black_box(codec_head(&mut dec, black_box(input), owned));
            });
            println!(
                "{label:<32} {bare:>6.1} ns {read_bare:>6.1} ns {codec:>6.1} ns {:>5.2}x {:>5.2}x {:>9.2}x",
                codec / bare,
                median,
                codec / read_bare,
            );
        }
    }

    // The same heads parsed where they lie, as bare httparse parses them: no read.
    for (name, input) in [
        ("small GET", SMALL_GET),
        ("browser GET, 15 fields", BROWSER),
    ] {
        let label = format!("{name}, in place");
        if !label.contains(&filter) {
            continue;
        }
        let mut parser = HeadParser::new();
        let ([bare, _, codec], median) = against_httparse(input, &mut || {
            black_box(in_place_head(&mut parser, black_box(input)));
        });
        println!(
            "{label:<32} {bare:>6.1} ns {:>9} {codec:>6.1} ns {:>5.2}x {median:>5.2}x",
            "",
            codec / bare,
        );
    }

    // Many requests per read: the read's cost spreads over them, on both sides.
    for (label, input) in [
        ("small GET, pipelined", SMALL_GET),
        ("browser GET, pipelined", BROWSER),
    ] {
        if !label.contains(&filter) {
            continue;
        }
        let bytes = input.repeat(PIPELINED);
        let mut dec = RequestDecoder::new();
        let c = compare(
            2,
            &mut [
                &mut || {
                    black_box(bare_pipelined(black_box(&bytes)));
                },
                &mut || {
                    black_box(codec_pipelined(&mut dec, black_box(&bytes)));
                },
            ],
        );
        let per_head = |ns: f64| ns / PIPELINED as f64;
        println!(
            "{label:<32} {:>6.1} ns {:>9} {:>6.1} ns {:>5.2}x {:>5.2}x",
            per_head(c.best[0]),
            "",
            per_head(c.best[1]),
            c.best[1] / c.best[0],
            c.median_ratio[1],
        );
    }

    if !"1 MiB chunked body".contains(&filter) {
        return;
    }
    let message = chunked_message();
    let head_len = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(0, |p| p + 4);
    let body = &message[head_len..];
    let mut dec = RequestDecoder::new();
    let c = compare(
        20,
        &mut [
            &mut || {
                black_box(bare_chunked(black_box(body)));
            },
            &mut || {
                black_box(codec_chunked(&mut dec, black_box(&message)));
            },
        ],
    );
    // Bare httparse only hops from size line to size line; the codec hands out every byte.
    let gbps = |ns: f64| body.len() as f64 / ns;
    println!(
        "{:<32} {:>7.1} us {:>8.1} us   codec {:.2} GB/s ({:.2} MiB body)",
        "1 MiB chunked body",
        c.best[0] / 1000.0,
        c.best[1] / 1000.0,
        gbps(c.best[1]),
        body.len() as f64 / (1024.0 * 1024.0),
    );
}
