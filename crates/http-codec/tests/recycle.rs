//! `recycle`: heads handed back to a decoder lend their storage to later heads, which must
//! read exactly as heads built in fresh storage.

use http_codec::{Event, RequestDecoder, RequestHead, ResponseDecoder};

/// Requests of very different sizes, so recycled storage is sometimes larger and
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

/// Decodes `pieces` fed in turn; with `recycle`, each head is handed back as soon as it
/// has been described.
fn decode(pieces: &[&[u8]], recycle: bool) -> Vec<String> {
    let mut dec = RequestDecoder::new();
    let mut log = Vec::new();
    for piece in pieces {
        assert_eq!(dec.feed(piece), piece.len());
        loop {
            match dec.next_event().expect("valid requests") {
                Event::Head(h) => {
                    log.push(describe(&h));
                    if recycle {
                        dec.recycle(h);
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
    log
}

#[test]
fn recycled_heads_read_the_same_at_every_split() {
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
    // the same split decoded without recycling.
    for step in [1, 2, 3, 7, 64] {
        let pieces: Vec<&[u8]> = input.chunks(step).collect();
        assert_eq!(
            decode(&pieces, true),
            decode(&pieces, false),
            "pieces of {step} bytes"
        );
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
fn heads_from_another_decoder_and_large_heads_may_be_recycled() {
    let big = requests()[1].clone();
    let mut other = RequestDecoder::new();
    other.feed(&big);
    let Ok(Event::Head(foreign)) = other.next_event() else {
        panic!("a head")
    };
    let mut huge = b"GET /huge HTTP/1.1\r\nX: ".to_vec();
    huge.extend(std::iter::repeat_n(b'y', 40 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    let mut other = RequestDecoder::new();
    other.feed(&huge);
    let Ok(Event::Head(huge_head)) = other.next_event() else {
        panic!("a head")
    };

    let mut dec = RequestDecoder::new();
    dec.recycle(foreign);
    dec.recycle(huge_head);
    let small = &requests()[0];
    dec.feed(small);
    let Ok(Event::Head(h)) = dec.next_event() else {
        panic!("a head")
    };
    // Nothing of the larger head that lent its storage shows through.
    assert_eq!(h.headers().raw(), &small[..]);
    assert_eq!(h.headers().len(), 1);
    assert_eq!(h.headers().get("host"), Some(&b"a"[..]));
    assert_eq!(h.headers().get("cookie"), None);
}

#[test]
fn response_heads_can_be_recycled() {
    let input: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Long: aaaaaaaaaaaaaaaaaaaa\r\n\r\nhi\
HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
    let mut fresh = Vec::new();
    for recycle in [false, true] {
        let mut dec = ResponseDecoder::new("GET");
        dec.feed(input);
        let mut log = Vec::new();
        loop {
            match dec.next_event().expect("valid responses") {
                Event::Head(h) => {
                    log.push(format!("{h:?} {:?}", h.headers().raw()));
                    if recycle {
                        dec.recycle(h);
                    }
                }
                Event::Data(d) => log.push(format!("data {d:?}")),
                Event::End(t) => log.push(format!("end {t:?}")),
                Event::Paused => {
                    if dec.buffered() == 0 {
                        break;
                    }
                    dec.start_next_cycle("GET").expect("paused");
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        if recycle {
            assert_eq!(log, fresh);
        } else {
            assert_eq!(log.len(), 5);
            fresh = log;
        }
    }
}
