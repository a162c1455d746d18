//! Lent heads: a head borrows the decoder's buffer and field table, which later heads
//! reuse; `clone` copies it out. Both must read exactly the same, at every split.

use http_codec::{Event, RequestDecoder, RequestHead, ResponseDecoder};

/// Requests of very different sizes, so the reused field table is sometimes larger and
/// sometimes smaller than the next head needs.
fn requests() -> Vec<Vec<u8>> {
    let big_cookie = "c".repeat(3000);
    vec![
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n".to_vec(),
        format!(
            "GET /big HTTP/1.1\r\nHost: example.com\r\nCookie: {big_cookie}\r\nAccept: */*\r\n\
             Connection: keep-alive\r\nX-Many: 1\r\nX-Many: 2\r\n\r\n"
        )
        .into_bytes(),
        b"POST /p HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc".to_vec(),
        b"GET /x HTTP/1.1\r\n\r\n".to_vec(),
        b"PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nT: 1\r\n\r\n"
            .to_vec(),
        b"GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n".to_vec(),
        b"GET /h10 HTTP/1.0\r\nConnection: KEEP-ALIVE\r\n\r\n".to_vec(),
        b"GET /last HTTP/1.1\r\nHost: z\r\nConnection: close\r\n\r\n".to_vec(),
    ]
}

/// Everything a head tells, as text.
fn describe(h: &RequestHead) -> String {
    format!(
        "{h:?} raw={:?} continue={} upgrade={} fields={:?}",
        String::from_utf8_lossy(h.headers().raw()),
        h.expects_continue(),
        h.is_upgrade(),
        h.headers().iter().collect::<Vec<_>>(),
    )
}

/// Decodes `pieces` fed in turn, describing each head as lent or, with `owned`, after
/// `clone` and once the decoder has moved on to the next events.
fn decode(pieces: &[&[u8]], owned: bool) -> Vec<String> {
    let mut dec = RequestDecoder::new();
    let mut log = Vec::new();
    let mut kept: Vec<(usize, RequestHead)> = Vec::new();
    for piece in pieces {
        assert_eq!(dec.feed(piece), piece.len());
        loop {
            match dec.next_event().expect("valid requests") {
                Event::Head(h) => {
                    if owned {
                        kept.push((log.len(), h.clone()));
                        log.push(String::new());
                    } else {
                        log.push(describe(h));
                    }
                }
                Event::Data(d) => log.push(format!("data {d:?}")),
                Event::End(t) => log.push(format!("end {t:?}")),
                Event::Paused => dec.start_next_cycle().expect("paused"),
                Event::NeedData => break,
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    // Owned heads are read only now, after every later byte went through the decoder.
    for (at, h) in kept {
        log[at] = describe(&h);
    }
    log
}

#[test]
fn lent_and_owned_heads_read_the_same_at_every_split() {
    let input = requests().concat();
    let whole = decode(&[&input], false);
    assert_eq!(
        whole
            .iter()
            .filter(|l| l.starts_with("RequestHead"))
            .count(),
        8
    );
    assert_eq!(decode(&[&input], true), whole);
    // How body bytes are pieced depends on the split, so each split is compared with
    // the same split decoded the other way.
    for step in [1, 2, 3, 7, 64] {
        let pieces: Vec<&[u8]> = input.chunks(step).collect();
        let lent = decode(&pieces, false);
        assert_eq!(
            lent.iter().filter(|l| l.starts_with("RequestHead")).count(),
            8
        );
        assert_eq!(decode(&pieces, true), lent, "pieces of {step} bytes");
    }
    for at in 0..=input.len() {
        let pieces = [&input[..at], &input[at..]];
        assert_eq!(
            decode(&pieces, true),
            decode(&pieces, false),
            "split at {at}"
        );
    }
}

#[test]
fn a_small_head_after_large_ones_shows_nothing_of_them() {
    let mut huge = b"GET /huge HTTP/1.1\r\nX: ".to_vec();
    huge.extend(std::iter::repeat_n(b'y', 40 * 1024));
    huge.extend_from_slice(b"\r\n");
    for i in 0..99 {
        huge.extend_from_slice(format!("F{i}: {i}\r\n").as_bytes());
    }
    huge.extend_from_slice(b"\r\n");
    let mut dec = RequestDecoder::new();
    for big in [&requests()[1], &huge] {
        dec.feed(big);
        let Ok(Event::Head(h)) = dec.next_event() else {
            panic!("a head")
        };
        assert_eq!(h.headers().raw(), &big[..]);
        assert!(matches!(dec.next_event(), Ok(Event::End(_))));
        dec.start_next_cycle().expect("paused");
    }
    let small = &requests()[0];
    dec.feed(small);
    let Ok(Event::Head(h)) = dec.next_event() else {
        panic!("a head")
    };
    assert_eq!(h.headers().raw(), &small[..]);
    assert_eq!(h.headers().len(), 1);
    assert_eq!(h.headers().get("host"), Some(&b"a"[..]));
    assert_eq!(h.headers().get("cookie"), None);
    assert_eq!(h.headers().get("f1"), None);
    let kept = h.clone();
    assert_eq!(&kept, h);
    assert_eq!(kept.headers().raw(), &small[..]);
}

#[test]
fn response_heads_lent_and_owned() {
    let input: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Long: aaaaaaaaaaaaaaaaaaaa\r\n\r\nhi\
HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
    let mut dec = ResponseDecoder::new("GET");
    dec.feed(input);
    let mut owned = Vec::new();
    loop {
        match dec.next_event().expect("valid responses") {
            Event::Head(h) => owned.push((format!("{h:?}"), h.clone())),
            Event::Data(d) => assert_eq!(d, b"hi"),
            Event::End(t) => assert!(t.is_empty()),
            Event::Paused => {
                if dec.buffered() == 0 {
                    break;
                }
                dec.start_next_cycle("GET").expect("paused");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(owned.len(), 2);
    for (lent, h) in &owned {
        assert_eq!(&format!("{h:?}"), lent);
    }
    assert_eq!(owned[0].1.status(), 200);
    assert_eq!(
        owned[0].1.headers().get("x-long"),
        Some(&b"aaaaaaaaaaaaaaaaaaaa"[..])
    );
    assert_eq!(owned[1].1.reason(), "No Content");
    assert!(!owned[1].1.keep_alive());
}

/// A raised field limit: heads past the 100 field slots kept on the stack parse into slots
/// on the heap, the decoder's field table grows past what it keeps between heads (256), and
/// the next small head reads exactly as on a fresh decoder; one field too many is 431.
#[test]
fn field_limit_raised_past_the_stack_slots() {
    let head_with = |n: usize| {
        let mut h = format!("GET /f{n} HTTP/1.1\r\n").into_bytes();
        for i in 0..n {
            h.extend_from_slice(format!("F{i}: v{i}\r\n").as_bytes());
        }
        h.extend_from_slice(b"\r\n");
        h
    };
    let limits = http_codec::Limits {
        max_headers: 400,
        ..Default::default()
    };
    let mut dec = RequestDecoder::with_limits(limits);
    for n in [150, 400, 3, 300] {
        dec.feed(&head_with(n));
        let Ok(Event::Head(h)) = dec.next_event() else {
            panic!("a head of {n} fields")
        };
        assert_eq!(h.target(), format!("/f{n}"));
        assert_eq!(h.headers().len(), n);
        let last = format!("F{}", n - 1);
        assert_eq!(
            h.headers().get(&last),
            Some(format!("v{}", n - 1).as_bytes())
        );
        assert_eq!(h.headers().get(format!("F{n}")), None);
        let kept = h.clone();
        assert!(matches!(dec.next_event(), Ok(Event::End(_))));
        dec.start_next_cycle().expect("paused");
        assert_eq!(kept.headers().len(), n);
        assert_eq!(kept.headers().get("F0"), Some(&b"v0"[..]));
    }
    let small = &requests()[0];
    dec.feed(small);
    let Ok(Event::Head(h)) = dec.next_event() else {
        panic!("a head")
    };
    assert_eq!(h.headers().raw(), &small[..]);
    assert_eq!(h.headers().iter().count(), 1);
    assert!(matches!(dec.next_event(), Ok(Event::End(_))));
    dec.start_next_cycle().expect("paused");

    let mut dec = RequestDecoder::with_limits(limits);
    dec.feed(&head_with(401));
    let e = dec.next_event().expect_err("one field over the limit");
    assert_eq!(e.status(), 431, "{e}");
}

/// A response decoder whose field limit is past the stack slots reads a head with more
/// fields than the stack holds (parsed again with slots from the heap), and refuses one over.
#[test]
fn response_field_limit_raised_past_the_stack_slots() {
    let head_with = |n: usize| {
        let mut h = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n".to_vec();
        for i in 1..n {
            h.extend_from_slice(format!("X-{i}: {i}\r\n").as_bytes());
        }
        h.extend_from_slice(b"\r\nok");
        h
    };
    let limits = http_codec::Limits {
        max_headers: 250,
        ..Default::default()
    };
    let mut dec = ResponseDecoder::with_limits("GET", limits);
    for n in [250, 101, 2] {
        dec.feed(&head_with(n));
        let Ok(Event::Head(h)) = dec.next_event() else {
            panic!("a head of {n} fields")
        };
        assert_eq!(h.headers().len(), n);
        assert_eq!(h.status(), 200);
        assert!(matches!(dec.next_event(), Ok(Event::Data(b"ok"))));
        assert!(matches!(dec.next_event(), Ok(Event::End(_))));
        dec.start_next_cycle("GET").expect("paused");
    }
    let mut dec = ResponseDecoder::with_limits("GET", limits);
    dec.feed(&head_with(251));
    assert!(dec.next_event().is_err(), "one field over the limit");
}
