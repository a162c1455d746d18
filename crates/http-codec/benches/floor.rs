//! The floor under the codec's head parsing: the least any decoder that lends heads from
//! its own receive buffer does (read the bytes in, parse them with httparse, keep the
//! field positions in a reused table), timed against bare httparse on the same inputs;
//! and the same without the read, the floor for a decoder that parsed the caller's bytes
//! in place.
//! Run with `cargo bench -p http-codec --bench floor`.
//!
//! A separate binary from `parse`, so that its code does not move the codec's in memory:
//! on small heads, code placement alone shifts the codec's time by several nanoseconds.

mod common;

use std::hint::black_box;

use common::{against_httparse, BROWSER, ROUNDS, SMALL_GET};

/// Read, httparse, field table: no framing, no limits, no states, no events.
fn minimum_head(buf: &mut Vec<u8>, table: &mut Vec<[u32; 4]>, input: &[u8]) -> usize {
    buf.clear();
    buf.extend_from_slice(input);
    parsed_into_table(buf, table)
}

/// httparse and the field table on `bytes` where they are: what the floor would be for a
/// decoder that parsed the caller's bytes without reading them in.
fn parsed_into_table(bytes: &[u8], table: &mut Vec<[u32; 4]>) -> usize {
    let mut slots = [const { std::mem::MaybeUninit::uninit() }; 100];
    let mut req = httparse::Request::new(&mut []);
    let len = match req.parse_with_uninit_headers(bytes, &mut slots) {
        Ok(httparse::Status::Complete(n)) => n,
        _ => panic!("bench input parses"),
    };
    let base = bytes.as_ptr() as usize;
    let at = |p: &[u8]| (p.as_ptr() as usize - base) as u32;
    table.clear();
    table.extend(req.headers.iter().map(|h| {
        let (name, value) = (at(h.name.as_bytes()), at(h.value));
        [
            name,
            name + h.name.len() as u32,
            value,
            value + h.value.len() as u32,
        ]
    }));
    len + black_box(&*table).len()
}

fn main() {
    println!("best of {ROUNDS} interleaved rounds, ns per head: httparse alone; httparse after");
    println!("reading the bytes into a receive buffer; minimum = read, httparse, field table;");
    println!("unread = httparse and field table on the bytes where they are (no read).");
    println!("ratios to httparse alone (best rounds); median = of per-round minimum ratios.");
    println!(
        "{:<24} {:>9} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
        "input", "httparse", "read+hp", "unread", "minimum", "unread", "min", "median"
    );
    for (name, input) in [
        ("small GET", SMALL_GET),
        ("browser GET, 15 fields", BROWSER),
    ] {
        let mut buf = Vec::with_capacity(4096);
        let mut table = Vec::new();
        let ([bare, read_bare, minimum], median) = against_httparse(input, &mut || {
            black_box(minimum_head(&mut buf, &mut table, black_box(input)));
        });
        // Timed in rounds of their own, against httparse again, so each ratio compares
        // sides timed side by side.
        let ([bare_u, _, unread], _) = against_httparse(input, &mut || {
            black_box(parsed_into_table(black_box(input), &mut table));
        });
        let unread_ratio = unread / bare_u;
        println!(
            "{name:<24} {bare:>6.1} ns {read_bare:>6.1} ns {unread:>6.1} ns {minimum:>6.1} ns {unread_ratio:>5.2}x {:>5.2}x {median:>5.2}x",
            minimum / bare,
        );
    }
}
