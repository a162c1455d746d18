//! The encoders: exact bytes for heads and framed bodies, and refusals of writes that
//! would break framing or split a message.

use http_codec::{
    BodyKind, BodyLength, Error, Event, RequestDecoder, RequestEncoder, ResponseEncoder, Version,
};

const NONE: [(&str, &str); 0] = [];

fn request(bytes: &[u8]) -> http_codec::RequestHead {
    let mut dec = RequestDecoder::new();
    dec.feed(bytes);
    match dec.next_event() {
        Ok(Event::Head(h)) => h.clone(),
        other => panic!("expected a head, got {other:?}"),
    }
}

#[test]
fn chunked_response_with_trailers() {
    let req = request(b"GET / HTTP/1.1\r\n\r\n");
    let mut enc = ResponseEncoder::new(&req);
    let mut out = Vec::new();
    let kind = enc
        .write_head(200, "", [("x-a", "1")], BodyLength::Unknown, &mut out)
        .unwrap();
    assert_eq!(kind, BodyKind::Chunked);
    enc.write_body(b"hello", &mut out).unwrap();
    enc.write_body(b"", &mut out).unwrap();
    enc.write_body(&[b'z'; 26], &mut out).unwrap();
    enc.finish_with_trailers([("x-sum", "9")], &mut out)
        .unwrap();
    let expected = format!(
        "HTTP/1.1 200 OK\r\nx-a: 1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1a\r\n{}\r\n0\r\nx-sum: 9\r\n\r\n",
        "z".repeat(26)
    );
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert!(enc.keep_alive());
    assert!(enc.is_finished());
}

#[test]
fn unknown_length_for_http10_is_close_delimited() {
    let req = request(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    let mut enc = ResponseEncoder::new(&req);
    let mut out = Vec::new();
    let kind = enc
        .write_head(200, "OK", NONE, BodyLength::Unknown, &mut out)
        .unwrap();
    assert_eq!(kind, BodyKind::CloseDelimited);
    enc.write_body(b"abc", &mut out).unwrap();
    enc.finish(&mut out).unwrap();
    assert_eq!(out, b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc");
    assert!(!enc.keep_alive());
}

#[test]
fn http10_keep_alive_is_confirmed() {
    let req = request(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    let mut out = Vec::new();
    let mut enc = ResponseEncoder::new(&req);
    enc.write_full(404, "", NONE, b"", &mut out).unwrap();
    assert_eq!(
        out,
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"
    );
    assert!(enc.keep_alive());
}

#[test]
fn connection_close_requested_is_echoed() {
    let req = request(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    let mut out = Vec::new();
    let mut enc = ResponseEncoder::new(&req);
    enc.write_full(200, "", NONE, b"x", &mut out).unwrap();
    assert_eq!(
        out,
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"
    );
    assert!(!enc.keep_alive());
    // A server closing on its own says so.
    let req = request(b"GET / HTTP/1.1\r\n\r\n");
    let mut out = Vec::new();
    let mut enc = ResponseEncoder::new(&req);
    enc.write_full(200, "", [("Connection", "close")], b"", &mut out)
        .unwrap();
    assert!(!enc.keep_alive());
}

#[test]
fn content_length_is_enforced() {
    let mut enc = ResponseEncoder::for_request("GET", Version::Http11, true);
    let mut out = Vec::new();
    enc.write_head(200, "", NONE, BodyLength::Known(3), &mut out)
        .unwrap();
    enc.write_body(b"ab", &mut out).unwrap();
    let before = out.len();
    assert_eq!(enc.write_body(b"cd", &mut out), Err(Error::BodyTooLong));
    assert_eq!(out.len(), before, "a refused write writes nothing");
    assert_eq!(enc.finish(&mut out), Err(Error::BodyTooShort));
    enc.write_body(b"c", &mut out).unwrap();
    enc.finish(&mut out).unwrap();
    // The caller's own Content-Length decides.
    let mut enc = ResponseEncoder::for_request("GET", Version::Http11, true);
    let mut out = Vec::new();
    let kind = enc
        .write_head(
            200,
            "",
            [("Content-Length", "2")],
            BodyLength::Unknown,
            &mut out,
        )
        .unwrap();
    assert_eq!(kind, BodyKind::Length(2));
    assert_eq!(enc.write_body(b"abc", &mut out), Err(Error::BodyTooLong));
}

#[test]
fn no_body_allowed_for_head_204_304() {
    for (method, status) in [("HEAD", 200), ("GET", 204), ("GET", 304)] {
        let mut enc = ResponseEncoder::for_request(method, Version::Http11, true);
        let mut out = Vec::new();
        let kind = enc
            .write_head(status, "", NONE, BodyLength::Known(10), &mut out)
            .unwrap();
        assert_eq!(kind, BodyKind::None, "{method} {status}");
        let head = String::from_utf8(out.clone()).unwrap();
        assert_eq!(head.contains("Content-Length: 10"), status != 204, "{head}");
        assert_eq!(enc.write_body(b"x", &mut out), Err(Error::BodyNotAllowed));
        enc.finish(&mut out).unwrap();
    }
}

#[test]
fn interim_then_final() {
    let mut enc = ResponseEncoder::for_request("POST", Version::Http11, true);
    let mut out = Vec::new();
    enc.write_interim(100, NONE, &mut out).unwrap();
    enc.write_full(200, "", NONE, b"", &mut out).unwrap();
    assert_eq!(
        out,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
    );
    assert_eq!(
        enc.write_interim(100, NONE, &mut out),
        Err(Error::InvalidState("interim response after the final head"))
    );
    let mut old = ResponseEncoder::for_request("POST", Version::Http10, false);
    assert_eq!(
        old.write_interim(100, NONE, &mut out),
        Err(Error::InvalidStartLine)
    );
}

#[test]
fn header_injection_is_refused() {
    let cases: [(&str, &str); 5] = [
        ("x-a", "1\r\nSet-Cookie: evil"),
        ("x-a", "a\nb"),
        ("x-a", "a\0b"),
        ("bad name", "v"),
        ("", "v"),
    ];
    for (name, value) in cases {
        let mut enc = ResponseEncoder::for_request("GET", Version::Http11, true);
        let mut out = b"kept".to_vec();
        let r = enc.write_head(200, "", [(name, value)], BodyLength::Known(0), &mut out);
        assert_eq!(r, Err(Error::InvalidHeaderField), "{name:?}: {value:?}");
        assert_eq!(out, b"kept", "nothing written on error");
        assert_eq!(r.unwrap_err().status(), 500);
    }
    let mut enc = ResponseEncoder::for_request("GET", Version::Http11, true);
    assert_eq!(
        enc.write_head(
            200,
            "OK\r\nX: y",
            NONE,
            BodyLength::Known(0),
            &mut Vec::new()
        ),
        Err(Error::InvalidStartLine)
    );
    let mut enc = RequestEncoder::new();
    assert_eq!(
        enc.write_head("GET", "/a b", NONE, BodyLength::Known(0), &mut Vec::new()),
        Err(Error::InvalidStartLine)
    );
    // Conflicting framing from the caller.
    let mut enc = ResponseEncoder::for_request("GET", Version::Http11, true);
    let both = [("content-length", "1"), ("transfer-encoding", "chunked")];
    assert_eq!(
        enc.write_head(200, "", both, BodyLength::Unknown, &mut Vec::new()),
        Err(Error::InvalidHeaderField)
    );
}

#[test]
fn request_encoder_framing() {
    let mut out = Vec::new();
    let mut enc = RequestEncoder::new();
    let kind = enc
        .write_head("GET", "/x", [("Host", "h")], BodyLength::Known(0), &mut out)
        .unwrap();
    assert_eq!(kind, BodyKind::None);
    enc.finish(&mut out).unwrap();
    assert_eq!(out, b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n");

    let mut out = Vec::new();
    let mut enc = RequestEncoder::new();
    enc.write_head("POST", "/", [("Host", "h")], BodyLength::Known(0), &mut out)
        .unwrap();
    enc.finish(&mut out).unwrap();
    assert_eq!(
        out,
        b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"
    );

    let mut out = Vec::new();
    let mut enc = RequestEncoder::new();
    enc.write_head("PUT", "/", NONE, BodyLength::Unknown, &mut out)
        .unwrap();
    enc.write_body(b"abc", &mut out).unwrap();
    enc.finish(&mut out).unwrap();
    assert_eq!(
        out,
        b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    );
    assert_eq!(
        enc.write_body(b"x", &mut out),
        Err(Error::InvalidState("body written outside a message body"))
    );
}

#[test]
fn errors_name_a_status_and_a_message() {
    let all = [
        (Error::InvalidHead("x"), 400),
        (Error::UnsupportedVersion, 505),
        (Error::UriTooLong, 414),
        (Error::HeadTooLarge, 431),
        (Error::TooManyHeaders, 431),
        (Error::TrailersTooLarge, 431),
        (Error::BodyTooLarge, 413),
        (Error::UnknownTransferCoding, 501),
        (Error::ContentLengthWithTransferEncoding, 400),
        (Error::BodyTooLong, 500),
    ];
    for (e, status) in all {
        assert_eq!(e.status(), status, "{e:?}");
        assert!(e.to_string().len() > 10, "{e:?} has a message");
    }
}

#[test]
fn body_limit_gives_413() {
    let limits = http_codec::Limits {
        max_body_len: Some(4),
        ..Default::default()
    };
    let mut dec = RequestDecoder::with_limits(limits);
    dec.feed(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n");
    assert_eq!(dec.next_event().map(|_| ()).unwrap_err().status(), 413);
    let mut dec = RequestDecoder::with_limits(limits);
    dec.feed(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n");
    assert!(matches!(dec.next_event(), Ok(Event::Head(_))));
    assert_eq!(dec.next_event(), Ok(Event::Data(b"abc")));
    assert_eq!(dec.next_event(), Err(Error::BodyTooLarge));
    // Sticky: the connection cannot be resynchronised.
    assert_eq!(dec.next_event(), Err(Error::BodyTooLarge));
    assert_eq!(dec.start_next_cycle(), Err(Error::BodyTooLarge));
}

#[test]
fn reading_into_spare_room() {
    let mut dec = RequestDecoder::new();
    let input = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    let spare = dec.spare(input.len());
    assert!(spare.len() >= input.len());
    spare[..input.len()].copy_from_slice(input);
    dec.filled(input.len());
    assert!(
        matches!(dec.next_event(), Ok(Event::Head(h)) if h.headers().get("HOST") == Some(&b"a"[..]))
    );
}

#[test]
fn buffer_is_bounded() {
    let limits = http_codec::Limits::default();
    let mut dec = RequestDecoder::with_limits(limits);
    let junk = vec![b'a'; 1 << 20];
    let taken = dec.feed(&junk);
    assert!(taken <= limits.max_buffer, "took {taken}");
    assert!(dec.spare(1 << 20).len() <= limits.max_buffer);
    assert_eq!(dec.next_event().map(|_| ()).unwrap_err().status(), 400);
}

#[test]
fn switching_protocols_adds_no_connection_field() {
    let req = request(b"GET /ws HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n");
    assert!(req.is_upgrade());
    let mut enc = ResponseEncoder::new(&req);
    let mut out = Vec::new();
    let kind = enc
        .write_head(
            101,
            "",
            [("Upgrade", "websocket")],
            BodyLength::Unknown,
            &mut out,
        )
        .unwrap();
    assert_eq!(kind, BodyKind::None);
    assert_eq!(
        out,
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"
    );
    assert!(!enc.keep_alive(), "the connection is no longer HTTP/1.1");
    let req = request(b"CONNECT h:443 HTTP/1.1\r\n\r\n");
    let mut enc = ResponseEncoder::new(&req);
    let mut out = Vec::new();
    assert_eq!(
        enc.write_head(200, "", NONE, BodyLength::Unknown, &mut out)
            .unwrap(),
        BodyKind::None
    );
    assert_eq!(out, b"HTTP/1.1 200 OK\r\n\r\n");
}
