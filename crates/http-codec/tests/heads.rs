//! Head accessors: field lookups, raw bytes, and the decisions read from the fields.

use http_codec::{BodyKind, Event, RequestDecoder, ResponseDecoder, Version};

fn head(bytes: &[u8]) -> http_codec::RequestHead {
    let mut dec = RequestDecoder::new();
    dec.feed(bytes);
    match dec.next_event() {
        Ok(Event::Head(h)) => h.clone(),
        other => panic!("expected a head, got {other:?}"),
    }
}

#[test]
fn field_lookups() {
    let raw = b"GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: a\r\nACCEPT: b\r\nConnection: keep-alive, Upgrade\r\n\r\n";
    let h = head(raw);
    assert_eq!(h.headers().raw(), &raw[..]);
    assert_eq!(h.headers().len(), 4);
    assert_eq!(h.headers().get("accept"), Some(&b"a"[..]));
    assert_eq!(h.headers().get_str("HOST"), Some("x"));
    assert_eq!(
        h.headers().get_all("Accept").collect::<Vec<_>>(),
        [&b"a"[..], b"b"]
    );
    assert_eq!(h.headers().get("missing"), None);
    assert!(h.headers().has_token("connection", "upgrade"));
    assert!(!h.headers().has_token("connection", "close"));
    assert_eq!(h.headers().get_index(2), Some((&b"ACCEPT"[..], &b"b"[..])));
    assert_eq!(h.headers().get_index(4), None);
    assert_eq!(h.headers().iter().len(), 4);
    // `Connection: upgrade` without an Upgrade field is no upgrade.
    assert!(!h.is_upgrade());
    assert_eq!(h.version(), Version::Http11);
    assert_eq!(h.body_kind(), BodyKind::None);
}

#[test]
fn http10_ignores_expect_and_upgrade() {
    let h = head(b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nConnection: upgrade\r\nUpgrade: x\r\nContent-Length: 1\r\n\r\n");
    assert!(!h.expects_continue());
    assert!(!h.is_upgrade());
    assert!(!h.keep_alive());
}

#[test]
fn response_head_accessors() {
    let mut dec = ResponseDecoder::new("GET");
    dec.feed(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    match dec.next_event() {
        Ok(Event::Head(h)) => {
            assert_eq!(h.status(), 404);
            assert_eq!(h.reason(), "Not Found");
            assert!(!h.is_informational());
            assert!(h.keep_alive());
        }
        other => panic!("expected a head, got {other:?}"),
    }
    assert!(matches!(dec.next_event(), Ok(Event::End(t)) if t.is_empty()));
    assert!(dec.is_paused());
    assert!(dec.start_next_cycle("HEAD").is_ok());
    // Starting a cycle twice is a caller mistake, reported as such.
    assert_eq!(
        dec.start_next_cycle("GET").map_err(|e| e.status()),
        Err(500)
    );
}
