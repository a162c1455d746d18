//! Test drivers: run a decoder over input fed in given pieces and write down what it
//! reported, so that different splits of the same bytes can be compared.

#![allow(dead_code)]

use http_codec::{Event, HeadParser, Headers, RequestDecoder, ResponseDecoder};

/// Most events one run may produce; a decoder that loops without progress fails the test.
const MAX_EVENTS: usize = 100_000;

/// The fields of a head or trailer section, as a transcript writes them.
pub fn fields(h: &Headers<'_>) -> String {
    h.iter()
        .map(|(n, v)| {
            format!(
                "{}: {}",
                String::from_utf8_lossy(n),
                String::from_utf8_lossy(v)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A request head as a transcript line; a macro, so it takes lent, kept and in-place heads.
macro_rules! describe_request {
    ($h:expr) => {{
        let h = $h;
        format!(
            "head {} {} {} {:?} ka={} continue={} upgrade={} [{}]",
            h.method(),
            h.target(),
            h.version(),
            h.body_kind(),
            h.keep_alive(),
            h.expects_continue(),
            h.is_upgrade() || h.is_connect(),
            crate::common::fields(&h.headers())
        )
    }};
}

/// A response head as a transcript line, as `describe_request`.
macro_rules! describe_response {
    ($h:expr) => {{
        let h = $h;
        if h.is_informational() && h.status() != 101 {
            let fields = crate::common::fields(&h.headers());
            format!("interim {} [{}]", h.status(), fields)
        } else {
            format!(
                "head {} {} {} {:?} ka={} upgrade={} [{}]",
                h.version(),
                h.status(),
                h.reason(),
                h.body_kind(),
                h.keep_alive(),
                h.is_upgrade(),
                crate::common::fields(&h.headers())
            )
        }
    }};
}

/// The first request head in `input` as `HeadParser` reads it in place: its transcript
/// line, `error N`, or `None` while it is incomplete.
pub fn request_in_place(input: &[u8]) -> Option<String> {
    let mut parser = HeadParser::new();
    match parser.parse_request(input) {
        Ok(Some(h)) => {
            assert!(h.head_len() <= input.len());
            assert_eq!(h.headers().raw(), &input[..h.head_len()]);
            // A copy kept reads the same.
            assert_eq!(describe_request!(&h.to_head()), describe_request!(&h));
            Some(describe_request!(&h))
        }
        Ok(None) => None,
        Err(e) => Some(format!("error {}", e.status())),
    }
}

/// The first response head in `input`, answering `method`, as `request_in_place`.
pub fn response_in_place(input: &[u8], method: &str) -> Option<String> {
    let mut parser = HeadParser::new();
    match parser.parse_response(input, method) {
        Ok(Some(h)) => {
            assert_eq!(h.headers().raw(), &input[..h.head_len()]);
            assert_eq!(describe_response!(&h.to_head()), describe_response!(&h));
            Some(describe_response!(&h))
        }
        Ok(None) => None,
        Err(e) => Some(format!("error {}", e.status())),
    }
}

/// Every prefix of `input` parsed in place gives nothing yet or the whole input's answer
/// (a head, or an error found early); returns that answer.
pub fn in_place_prefixes(input: &[u8], parse: &dyn Fn(&[u8]) -> Option<String>) -> Option<String> {
    let whole = parse(input);
    for at in 0..input.len() {
        let part = parse(&input[..at]);
        assert!(
            part.is_none() || part == whole,
            "prefix of {at} bytes: {part:?}, whole: {whole:?}"
        );
    }
    whole
}

/// Body bytes are gathered per message, since splits change how they are pieced.
fn flush_data(log: &mut Vec<String>, data: &mut Vec<u8>) {
    if !data.is_empty() {
        log.push(format!("data {}", String::from_utf8_lossy(data)));
        data.clear();
    }
}

/// Feeds `pieces` to a request decoder, then the end of input; returns the transcript.
/// Kept-alive connections go on to the next request; an upgrade or CONNECT stops the
/// decoding and records the bytes left over.
pub fn run_requests(pieces: &[&[u8]]) -> Vec<String> {
    run_requests_owning(pieces, false)
}

/// As [`run_requests`]; with `owned`, every head is copied out (`clone`) before it
/// is written down, so owned heads are held to the same transcript as lent ones.
pub fn run_requests_owning(pieces: &[&[u8]], owned: bool) -> Vec<String> {
    let mut dec = RequestDecoder::new();
    let mut log = Vec::new();
    let mut data = Vec::new();
    let mut events = 0;
    let mut switch = false;
    let total = pieces.len();
    for (i, piece) in pieces.iter().enumerate() {
        let mut rest: &[u8] = piece;
        loop {
            let taken = dec.feed(rest);
            rest = &rest[taken..];
            let last = i + 1 == total && rest.is_empty();
            let before = dec.buffered();
            if last {
                dec.feed_eof();
            }
            // Drain events until the decoder wants bytes or stops.
            loop {
                events += 1;
                assert!(events < MAX_EVENTS, "no progress: {log:?}");
                match dec.next_event() {
                    Ok(Event::Head(h)) => {
                        let kept;
                        let h = if owned {
                            kept = h.clone();
                            &kept
                        } else {
                            h
                        };
                        log.push(describe_request!(h));
                        switch = h.is_upgrade() || h.is_connect();
                    }
                    Ok(Event::Data(d)) => {
                        assert!(!d.is_empty(), "empty data event");
                        data.extend_from_slice(d);
                    }
                    Ok(Event::End(t)) => {
                        flush_data(&mut log, &mut data);
                        log.push(format!("end [{}]", fields(&t)));
                    }
                    Ok(Event::Paused) if switch => {
                        if last {
                            let left = dec.take_buffered();
                            log.push(format!("switched {}", String::from_utf8_lossy(&left)));
                            return log;
                        }
                        break;
                    }
                    Ok(Event::Paused) => {
                        dec.start_next_cycle().expect("paused decoder restarts");
                    }
                    Ok(Event::NeedData) => {
                        if last {
                            log.push("stuck at end of input".into());
                            return log;
                        }
                        break;
                    }
                    Ok(Event::Closed) => {
                        log.push("closed".into());
                        return log;
                    }
                    Ok(other) => panic!("request decoder gave {other:?}"),
                    Err(e) => {
                        flush_data(&mut log, &mut data);
                        log.push(format!("error {}", e.status()));
                        return log;
                    }
                }
            }
            if rest.is_empty() {
                break;
            }
            if taken == 0 && dec.buffered() == before {
                log.push("stuck: buffer full".into());
                return log;
            }
        }
    }
    if pieces.is_empty() {
        dec.feed_eof();
        if let Ok(Event::Closed) = dec.next_event() {
            log.push("closed".into());
        }
    }
    log
}

/// Feeds `pieces` to a response decoder answering requests with `methods` in turn.
pub fn run_responses(methods: &[&str], skip_interim: bool, pieces: &[&[u8]]) -> Vec<String> {
    run_responses_owning(methods, skip_interim, false, pieces)
}

/// As [`run_responses`]; with `owned`, every head is made owned before it is written down.
pub fn run_responses_owning(
    methods: &[&str],
    skip_interim: bool,
    owned: bool,
    pieces: &[&[u8]],
) -> Vec<String> {
    let mut methods = methods.iter();
    let mut dec = ResponseDecoder::new(methods.next().copied().unwrap_or("GET"));
    dec.set_skip_interim(skip_interim);
    let mut log = Vec::new();
    let mut data = Vec::new();
    let mut events = 0;
    let total = pieces.len();
    for (i, piece) in pieces.iter().enumerate() {
        let mut rest: &[u8] = piece;
        loop {
            let taken = dec.feed(rest);
            rest = &rest[taken..];
            let last = i + 1 == total && rest.is_empty();
            let before = dec.buffered();
            if last {
                dec.feed_eof();
            }
            loop {
                events += 1;
                assert!(events < MAX_EVENTS, "no progress: {log:?}");
                match dec.next_event() {
                    Ok(Event::Head(h)) => {
                        let kept;
                        let h = if owned {
                            kept = h.clone();
                            &kept
                        } else {
                            h
                        };
                        log.push(describe_response!(h));
                    }
                    Ok(Event::Interim(h)) => {
                        let kept;
                        let h = if owned {
                            kept = h.clone();
                            &kept
                        } else {
                            h
                        };
                        log.push(describe_response!(h));
                    }
                    Ok(Event::Data(d)) => {
                        assert!(!d.is_empty(), "empty data event");
                        data.extend_from_slice(d);
                    }
                    Ok(Event::End(t)) => {
                        flush_data(&mut log, &mut data);
                        log.push(format!("end [{}]", fields(&t)));
                    }
                    Ok(Event::Paused) => match methods.next() {
                        Some(m) => dec.start_next_cycle(m).expect("paused decoder restarts"),
                        None => {
                            if last {
                                log.push(format!("paused, {} left", dec.buffered()));
                                return log;
                            }
                            break;
                        }
                    },
                    Ok(Event::Upgraded) => {
                        if last {
                            let left = dec.take_buffered();
                            log.push(format!("upgraded {}", String::from_utf8_lossy(&left)));
                            return log;
                        }
                        break;
                    }
                    Ok(Event::NeedData) => {
                        if last {
                            log.push("stuck at end of input".into());
                            return log;
                        }
                        break;
                    }
                    Ok(Event::Closed) => {
                        log.push("closed".into());
                        return log;
                    }
                    Err(e) => {
                        flush_data(&mut log, &mut data);
                        log.push(format!("error {}", e.status()));
                        return log;
                    }
                }
            }
            if rest.is_empty() {
                break;
            }
            if taken == 0 && dec.buffered() == before {
                log.push("stuck: buffer full".into());
                return log;
            }
        }
    }
    log
}

/// `input` in two pieces split at `at`.
pub fn split_at(input: &[u8], at: usize) -> [&[u8]; 2] {
    let (a, b) = input.split_at(at);
    [a, b]
}

/// `input` one byte at a time.
pub fn bytewise(input: &[u8]) -> Vec<&[u8]> {
    input.chunks(1).collect()
}
