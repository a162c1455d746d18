//! Request-head parsing with framing, and chunked body decoding, timed against bare
//! httparse on the same inputs. Run with `cargo bench -p http-codec`.

use std::hint::black_box;
use std::time::Instant;

use http_codec::{Event, RequestDecoder};

const SMALL_GET: &[u8] = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";

const BROWSER: &[u8] = b"GET /static/app.js?v=1234 HTTP/1.1\r\n\
Host: www.example.com\r\n\
Connection: keep-alive\r\n\
sec-ch-ua: \"Chromium\";v=\"124\", \"Not-A.Brand\";v=\"99\"\r\n\
sec-ch-ua-mobile: ?0\r\n\
User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36\r\n\
sec-ch-ua-platform: \"Linux\"\r\n\
Accept: */*\r\n\
Sec-Fetch-Site: same-origin\r\n\
Sec-Fetch-Mode: no-cors\r\n\
Sec-Fetch-Dest: script\r\n\
Referer: https://www.example.com/\r\n\
Accept-Encoding: gzip, deflate, br, zstd\r\n\
Accept-Language: en-US,en;q=0.9\r\n\
Cookie: session=0123456789abcdef; theme=dark; consent=yes\r\n\
If-None-Match: \"5f3e-17a2b\"\r\n\r\n";

/// Rounds per comparison: each round times every side once, back to back.
const ROUNDS: usize = 101;

/// The outcome of timing several sides in interleaved rounds.
struct Comparison {
    /// Each side's fastest round, in nanoseconds per call: on a shared machine the
    /// fastest round is the one least disturbed by other work.
    best: Vec<f64>,
    /// For each side, the median over rounds of its time divided by the first side's:
    /// sides timed in the same round see similar load, so this ratio is steadier than
    /// either time alone.
    median_ratio: Vec<f64>,
}

/// Times `sides` in interleaved short rounds of about `round_ms` each; short, so that
/// some rounds run without being descheduled.
fn compare(round_ms: u128, sides: &mut [&mut dyn FnMut()]) -> Comparison {
    // Warm caches, branch predictors and the allocator before timing anything.
    for side in sides.iter_mut() {
        time(round_ms * 4, side);
    }
    let mut best = vec![f64::MAX; sides.len()];
    let mut ratios = vec![Vec::with_capacity(ROUNDS); sides.len()];
    for _ in 0..ROUNDS {
        let times: Vec<f64> = sides.iter_mut().map(|side| time(round_ms, side)).collect();
        for (b, t) in best.iter_mut().zip(&times) {
            *b = b.min(*t);
        }
        for (r, t) in ratios.iter_mut().zip(&times) {
            r.push(t / times[0]);
        }
    }
    let median_ratio = ratios
        .iter_mut()
        .map(|r| {
            r.sort_by(f64::total_cmp);
            r[ROUNDS / 2]
        })
        .collect();
    Comparison { best, median_ratio }
}

/// Runs `f` until about `budget_ms` have passed; returns nanoseconds per call.
fn time(budget_ms: u128, f: &mut dyn FnMut()) -> f64 {
    let mut iters: u64 = 0;
    let start = Instant::now();
    while start.elapsed().as_millis() < budget_ms {
        for _ in 0..1000 {
            f();
        }
        iters += 1000;
    }
    start.elapsed().as_nanos() as f64 / iters as f64
}

/// Bare httparse: parse the head into 100 uninitialised field slots (its fastest entry
/// point, the one the codec uses, with the codec's default field limit), and nothing else.
fn bare_head(input: &[u8]) -> usize {
    let mut slots = [const { std::mem::MaybeUninit::uninit() }; 100];
    let mut req = httparse::Request::new(&mut []);
    match req.parse_with_uninit_headers(input, &mut slots) {
        Ok(httparse::Status::Complete(n)) => n + req.headers.len(),
        _ => panic!("bench input parses"),
    }
}

/// Bare httparse as a server uses it: the bytes are first read into the connection's
/// receive buffer (here a copy, as `read` would make), then parsed there. The codec side
/// makes the same copy with `feed`, so this is the like-for-like baseline.
fn bare_read_head(buf: &mut Vec<u8>, input: &[u8]) -> usize {
    buf.clear();
    buf.extend_from_slice(input);
    bare_head(buf)
}

/// The codec: copy the bytes in (as a read from a socket would), parse the head, decide
/// the framing, reach End, start the next cycle. The head is lent from the decoder; with
/// `owned`, it is also copied out with `into_owned`, as a caller that keeps heads would.
fn codec_head(dec: &mut RequestDecoder, input: &[u8], owned: bool) -> usize {
    dec.feed(input);
    let n = match dec.next_event() {
        Ok(Event::Head(h)) if owned => black_box(h.into_owned()).headers().len(),
        Ok(Event::Head(h)) => black_box(&h).headers().len(),
        other => panic!("bench input parses: {other:?}"),
    };
    assert!(matches!(dec.next_event(), Ok(Event::End(_))));
    dec.start_next_cycle().expect("paused");
    n
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
    println!("lends the head (\"owned\": the head is also copied out with into_owned).");
    println!("ratio = codec / httparse alone (best rounds); median = the same, median of");
    println!("per-round ratios; vs read+hp = codec / (read + httparse), best rounds.");
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
            let mut buf = Vec::with_capacity(4096);
            // Bare httparse comes first: the median ratios are against it.
            let c = compare(
                2,
                &mut [
                    &mut || {
                        black_box(bare_head(black_box(input)));
                    },
                    &mut || {
                        black_box(bare_read_head(&mut buf, black_box(input)));
                    },
                    &mut || {
                        black_box(codec_head(&mut dec, black_box(input), owned));
                    },
                ],
            );
            let [bare, read_bare, codec] = c.best[..] else {
                unreachable!("three sides")
            };
            println!(
                "{label:<32} {bare:>6.1} ns {read_bare:>6.1} ns {codec:>6.1} ns {:>5.2}x {:>5.2}x {:>9.2}x",
                codec / bare,
                c.median_ratio[2],
                codec / read_bare,
            );
        }
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
