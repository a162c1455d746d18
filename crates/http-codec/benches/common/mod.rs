//! What both benchmarks share: the inputs, bare httparse, and interleaved timing.

use std::hint::black_box;
use std::time::Instant;

pub const SMALL_GET: &[u8] = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";

pub const BROWSER: &[u8] = b"GET /static/app.js?v=1234 HTTP/1.1\r\n\
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
pub const ROUNDS: usize = 101;

/// The outcome of timing several sides in interleaved rounds.
pub struct Comparison {
    /// Each side's fastest round, in nanoseconds per call: on a shared machine the
    /// fastest round is the one least disturbed by other work.
    pub best: Vec<f64>,
    /// For each side, the median over rounds of its time divided by the first side's:
    /// sides timed in the same round see similar load, so this ratio is steadier than
    /// either time alone.
    pub median_ratio: Vec<f64>,
}

/// Times `sides` in interleaved short rounds of about `round_ms` each; short, so that
/// some rounds run without being descheduled.
pub fn compare(round_ms: u128, sides: &mut [&mut dyn FnMut()]) -> Comparison {
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
pub fn time(budget_ms: u128, f: &mut dyn FnMut()) -> f64 {
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
/// Returns the head's length and its field count.
pub fn bare_parse(input: &[u8]) -> (usize, usize) {
    let mut slots = [const { std::mem::MaybeUninit::uninit() }; 100];
    let mut req = httparse::Request::new(&mut []);
    match req.parse_with_uninit_headers(input, &mut slots) {
        Ok(httparse::Status::Complete(n)) => (n, req.headers.len()),
        _ => panic!("bench input parses"),
    }
}

fn bare_head(input: &[u8]) -> usize {
    let (len, fields) = bare_parse(input);
    len + fields
}

/// Bare httparse as a server uses it: the bytes are first read into the connection's
/// receive buffer (here a copy, as `read` would make), then parsed there. The codec side
/// makes the same copy with `feed`, so this is the like-for-like baseline.
fn bare_read_head(buf: &mut Vec<u8>, input: &[u8]) -> usize {
    buf.clear();
    buf.extend_from_slice(input);
    bare_head(buf)
}

/// Times bare httparse, httparse after reading the bytes into a buffer, and `side`, all on
/// `input`, in interleaved rounds of 2 ms. Returns the three sides' best rounds (ns per
/// call) and the median over rounds of `side`'s time divided by bare httparse's.
pub fn against_httparse(input: &[u8], side: &mut dyn FnMut()) -> ([f64; 3], f64) {
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
            side,
        ],
    );
    ([c.best[0], c.best[1], c.best[2]], c.median_ratio[2])
}
