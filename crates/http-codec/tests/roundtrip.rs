//! Property tests: whatever the encoders write, the decoders read back unchanged,
//! however the bytes are split on the way.

mod common;

use http_codec::{
    BodyLength, Event, RequestDecoder, RequestEncoder, ResponseDecoder, ResponseEncoder, Version,
};
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}"
}

/// Field names that do not touch framing, so the encoder's choice stays in charge.
fn field_name() -> impl Strategy<Value = String> {
    token().prop_filter("framing fields are tested elsewhere", |n| {
        let n = n.to_ascii_lowercase();
        ![
            "content-length",
            "transfer-encoding",
            "connection",
            "upgrade",
            "expect",
        ]
        .contains(&n.as_str())
    })
}

/// Values without leading or trailing whitespace (the parser trims it) or controls.
fn field_value() -> impl Strategy<Value = String> {
    "([!-~]([ -~]{0,20}[!-~])?)?"
}

fn fields() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((field_name(), field_value()), 0..8)
}

/// A body as the pieces it is written in.
fn body() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 0..64), 0..5)
}

/// Fields as owned (name, value) pairs.
type Fields = Vec<(Vec<u8>, Vec<u8>)>;

/// Decodes one request from `pieces` of wire bytes; returns head, body and trailers.
fn decode_request(pieces: &[&[u8]]) -> (http_codec::RequestHead, Vec<u8>, Fields) {
    let mut dec = RequestDecoder::new();
    let (mut head, mut body, mut pieces) = (None, Vec::new(), pieces.iter());
    for _ in 0..10_000 {
        match dec.next_event().expect("encoder output decodes") {
            Event::Head(h) => head = Some(h.clone()),
            Event::Data(d) => body.extend_from_slice(d),
            Event::End(t) => {
                let trailers = t.iter().map(|(n, v)| (n.to_vec(), v.to_vec())).collect();
                return (head.expect("head before end"), body, trailers);
            }
            Event::NeedData => {
                let piece = pieces.next().expect("message complete before input ends");
                assert_eq!(dec.feed(piece), piece.len());
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    panic!("no end after 10000 events");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn request_round_trip(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
        target in "/[!-~]{0,30}",
        fields in fields(),
        pieces in body(),
        chunked in any::<bool>(),
        trailers in fields(),
        split in any::<prop::sample::Index>(),
    ) {
        let total: usize = pieces.iter().map(Vec::len).sum();
        let length = if chunked { BodyLength::Unknown } else { BodyLength::Known(total as u64) };
        let mut wire = Vec::new();
        let mut enc = RequestEncoder::new();
        enc.write_head(method, &target, fields.iter().map(|(n, v)| (n, v)), length, &mut wire).unwrap();
        for p in &pieces {
            enc.write_body(p, &mut wire).unwrap();
        }
        if chunked {
            enc.finish_with_trailers(trailers.iter().map(|(n, v)| (n, v)), &mut wire).unwrap();
        } else {
            enc.finish(&mut wire).unwrap();
        }
        let at = split.index(wire.len() + 1);
        let (head, body, got_trailers) = decode_request(&common::split_at(&wire, at));
        prop_assert_eq!(head.method(), method);
        prop_assert_eq!(head.target(), target.as_str());
        prop_assert_eq!(head.version(), Version::Http11);
        let got: Vec<(Vec<u8>, Vec<u8>)> = head.headers().iter()
            .map(|(n, v)| (n.to_vec(), v.to_vec()))
            .filter(|(n, _)| !n.eq_ignore_ascii_case(b"content-length") && !n.eq_ignore_ascii_case(b"transfer-encoding"))
            .collect();
        let sent: Vec<(Vec<u8>, Vec<u8>)> = fields.iter().map(|(n, v)| (n.clone().into_bytes(), v.clone().into_bytes())).collect();
        prop_assert_eq!(got, sent);
        prop_assert_eq!(body, pieces.concat());
        if chunked {
            let got = got_trailers;
            let sent: Vec<(Vec<u8>, Vec<u8>)> = trailers.iter().map(|(n, v)| (n.clone().into_bytes(), v.clone().into_bytes())).collect();
            prop_assert_eq!(got, sent);
        }
    }

    #[test]
    fn response_round_trip(
        status in prop::sample::select(vec![200u16, 201, 204, 301, 304, 404, 500]),
        head_request in any::<bool>(),
        http10 in any::<bool>(),
        fields in fields(),
        pieces in body(),
        known in any::<bool>(),
        split in any::<prop::sample::Index>(),
    ) {
        let method = if head_request { "HEAD" } else { "GET" };
        let version = if http10 { Version::Http10 } else { Version::Http11 };
        let mut enc = ResponseEncoder::for_request(method, version, true);
        let total: usize = pieces.iter().map(Vec::len).sum();
        let length = if known { BodyLength::Known(total as u64) } else { BodyLength::Unknown };
        let mut wire = Vec::new();
        let kind = enc.write_head(status, "", fields.iter().map(|(n, v)| (n, v)), length, &mut wire).unwrap();
        let bodyless = head_request || status == 204 || status == 304;
        prop_assert_eq!(kind.has_body(), !bodyless && (total > 0 || !known));
        if !bodyless {
            for p in &pieces {
                enc.write_body(p, &mut wire).unwrap();
            }
        }
        enc.finish(&mut wire).unwrap();
        let at = split.index(wire.len() + 1);
        let mut dec = ResponseDecoder::new(method);
        let mut body = Vec::new();
        let mut seen_head = None;
        let mut input = common::split_at(&wire, at).into_iter();
        let mut ended = false;
        for _ in 0..10_000 {
            match dec.next_event().unwrap() {
                Event::Head(h) => seen_head = Some(h.clone()),
                Event::Data(d) => body.extend_from_slice(d),
                Event::End(_) => { ended = true; break; }
                Event::NeedData => match input.next() {
                    Some(p) => { assert_eq!(dec.feed(p), p.len()); }
                    // A close-delimited body ends when the server closes.
                    None => dec.feed_eof(),
                },
                other => panic!("unexpected {other:?}"),
            }
        }
        prop_assert!(ended);
        let head = seen_head.unwrap();
        prop_assert_eq!(head.status(), status);
        prop_assert_eq!(head.body_kind(), kind);
        prop_assert_eq!(head.keep_alive(), enc.keep_alive());
        let expected = if bodyless { Vec::new() } else { pieces.concat() };
        prop_assert_eq!(body, expected);
    }
}
