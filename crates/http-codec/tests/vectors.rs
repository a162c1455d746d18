//! Table-driven decoding vectors, each also fed split at every byte boundary and one byte
//! at a time, which must give the same transcript as feeding it whole.

mod common;

use common::{
    bytewise, in_place_prefixes, request_in_place, response_in_place, run_requests,
    run_requests_owning, run_responses, run_responses_owning, split_at,
};

/// A request vector: name, input, expected transcript.
type Vector = (&'static str, &'static [u8], &'static [&'static str]);

const REQUESTS: &[Vector] = &[
    (
        "simple GET",
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        &["head GET / HTTP/1.1 None ka=true continue=false upgrade=false [Host: a]", "end []", "closed"],
    ),
    (
        "content-length body",
        b"POST /p?q=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        &[
            "head POST /p?q=1 HTTP/1.1 Length(5) ka=true continue=false upgrade=false [Host: a; Content-Length: 5]",
            "data hello",
            "end []",
            "closed",
        ],
    ),
    (
        "repeated equal content-length",
        b"POST / HTTP/1.1\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc",
        &[
            "head POST / HTTP/1.1 Length(3) ka=true continue=false upgrade=false [Content-Length: 3, 3; Content-Length: 3]",
            "data abc",
            "end []",
            "closed",
        ],
    ),
    (
        "chunked with extensions and trailers",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n6 ; x\r\n world\r\n0\r\nX-Sum: 1\r\nX-Two: 2\r\n\r\n",
        &[
            "head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: chunked]",
            "data hello world",
            "end [X-Sum: 1; X-Two: 2]",
            "closed",
        ],
    ),
    (
        "chunked with upper-case hex and leading zeros",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n00A\r\n0123456789\r\n000\r\n\r\n",
        &[
            "head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: gzip, chunked]",
            "data 0123456789",
            "end []",
            "closed",
        ],
    ),
    (
        "pipelined requests stay buffered until the next cycle",
        b"GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nok\r\nGET /3 HTTP/1.1\r\n\r\n",
        &[
            "head GET /1 HTTP/1.1 None ka=true continue=false upgrade=false []",
            "end []",
            "head POST /2 HTTP/1.1 Length(2) ka=true continue=false upgrade=false [Content-Length: 2]",
            "data ok",
            "end []",
            "head GET /3 HTTP/1.1 None ka=true continue=false upgrade=false []",
            "end []",
            "closed",
        ],
    ),
    (
        "HTTP/1.0 closes unless keep-alive",
        b"GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
        &[
            "head GET /a HTTP/1.0 None ka=false continue=false upgrade=false []",
            "end []",
            "head GET /b HTTP/1.0 None ka=true continue=false upgrade=false [Connection: Keep-Alive]",
            "end []",
            "closed",
        ],
    ),
    (
        "connection close in a list, expect continue",
        b"PUT / HTTP/1.1\r\nConnection: foo, CLOSE\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx",
        &[
            "head PUT / HTTP/1.1 Length(1) ka=false continue=true upgrade=false [Connection: foo, CLOSE; Expect: 100-Continue; Content-Length: 1]",
            "data x",
            "end []",
            "closed",
        ],
    ),
    (
        "empty lines before a request are ignored",
        b"\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        &["head GET / HTTP/1.1 None ka=true continue=false upgrade=false [Host: a]", "end []", "closed"],
    ),
    (
        "bare LF line endings in a head",
        b"GET / HTTP/1.1\nHost: a\n\n",
        &["head GET / HTTP/1.1 None ka=true continue=false upgrade=false [Host: a]", "end []", "closed"],
    ),
    (
        "duplicate fields kept in order, raw case kept",
        b"GET / HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nHOST: h\r\n\r\n",
        &["head GET / HTTP/1.1 None ka=true continue=false upgrade=false [X-A: 1; x-a: 2; HOST: h]", "end []", "closed"],
    ),
    (
        "upgrade hands over the bytes that follow",
        b"GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x00raw",
        &[
            "head GET /ws HTTP/1.1 None ka=true continue=false upgrade=true [Connection: Upgrade; Upgrade: websocket]",
            "end []",
            "switched \u{fffd}\0raw",
        ],
    ),
    (
        "CONNECT hands over the tunnel bytes",
        b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03",
        &[
            "head CONNECT example.com:443 HTTP/1.1 None ka=true continue=false upgrade=true [Host: example.com:443]",
            "end []",
            "switched \u{16}\u{3}",
        ],
    ),
    ("clean close with nothing sent", b"", &["closed"]),
    // Defences.
    ("content-length with transfer-encoding", b"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", &["error 400"]),
    ("differing content-lengths", b"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", &["error 400"]),
    ("differing content-lengths in one field", b"POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\nabcd", &["error 400"]),
    ("content-length with a plus sign", b"POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\nabc", &["error 400"]),
    ("content-length negative", b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", &["error 400"]),
    ("content-length with letters", b"POST / HTTP/1.1\r\nContent-Length: 3a\r\n\r\nabc", &["error 400"]),
    ("content-length hex", b"POST / HTTP/1.1\r\nContent-Length: 0x3\r\n\r\nabc", &["error 400"]),
    ("content-length empty", b"POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", &["error 400"]),
    ("content-length overflow", b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", &["error 400"]),
    ("transfer-encoding not ending in chunked", b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", &["error 400"]),
    ("transfer-encoding gzip alone", b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", &["error 400"]),
    ("chunked twice", b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", &["error 400"]),
    ("unknown transfer coding", b"POST / HTTP/1.1\r\nTransfer-Encoding: br2, chunked\r\n\r\n0\r\n\r\n", &["error 501"]),
    ("transfer-encoding in HTTP/1.0", b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", &["error 400"]),
    (
        "chunk size overflow",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
        &["head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: chunked]", "error 400"],
    ),
    (
        "chunk data not followed by CRLF",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n",
        &["head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: chunked]", "data abc", "error 400"],
    ),
    (
        "chunk size line with bare LF",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n",
        &["head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: chunked]", "error 400"],
    ),
    (
        "chunk size missing",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\n",
        &["head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: chunked]", "error 400"],
    ),
    (
        "chunk size with a sign",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n+3\r\nabc\r\n0\r\n\r\n",
        &["head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: chunked]", "error 400"],
    ),
    ("obs-fold", b"GET / HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n", &["error 400"]),
    ("whitespace before the colon", b"GET / HTTP/1.1\r\nHost : a\r\n\r\n", &["error 400"]),
    ("NUL in a value", b"GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", &["error 400"]),
    ("CR inside a value", b"GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n", &["error 400"]),
    ("garbage request line", b"GARBAGE\r\n\r\n", &["error 400"]),
    ("binary garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", &["error 400"]),
    ("missing target", b"GET  HTTP/1.1\r\n\r\n", &["error 400"]),
    ("lower-case version", b"GET / http/1.1\r\n\r\n", &["error 400"]),
    ("HTTP/2.0 request line", b"GET / HTTP/2.0\r\n\r\n", &["error 505"]),
    ("HTTP/1.2 request line", b"GET / HTTP/1.2\r\n\r\n", &["error 505"]),
    ("truncated head at close", b"GET / HTTP/1.1\r\nHost: a\r\n", &["error 400"]),
    (
        "truncated body at close",
        b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
        &["head POST / HTTP/1.1 Length(10) ka=true continue=false upgrade=false [Content-Length: 10]", "data abc", "error 400"],
    ),
    (
        "truncated chunked body at close",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
        &["head POST / HTTP/1.1 Chunked ka=true continue=false upgrade=false [Transfer-Encoding: chunked]", "data ab", "error 400"],
    ),
];

/// Runs every vector whole, split at every byte boundary, and one byte at a time.
fn check_all_splits(
    name: &str,
    run: &dyn Fn(&[&[u8]]) -> Vec<String>,
    input: &[u8],
    expected: &[String],
) {
    let whole = run(&[input]);
    assert_eq!(whole, expected, "vector {name:?} fed whole");
    for at in 0..=input.len() {
        assert_eq!(
            run(&split_at(input, at)),
            expected,
            "vector {name:?} split at {at}"
        );
    }
    assert_eq!(
        run(&bytewise(input)),
        expected,
        "vector {name:?} fed bytewise"
    );
}

#[test]
fn request_vectors() {
    for (name, input, expected) in REQUESTS {
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        check_all_splits(name, &run_requests, input, &expected);
        // Owned heads must read exactly as lent ones, at every split.
        let owning = |pieces: &[&[u8]]| run_requests_owning(pieces, true);
        check_all_splits(name, &owning, input, &expected);
    }
}

/// What the decoders report first, `HeadParser` reports parsing the same bytes in place:
/// the first head, or the error in it, and nothing before the head is complete.
fn check_in_place(name: &str, first: &str, in_place: Option<String>) {
    match in_place {
        Some(answer) => assert_eq!(answer, first, "vector {name:?} parsed in place"),
        // Only the end of input decides these.
        None => assert!(
            first == "error 400" || first == "closed" || first.starts_with("stuck"),
            "vector {name:?} parsed in place: incomplete, but the decoder said {first:?}"
        ),
    }
}

#[test]
fn request_vectors_in_place() {
    for (name, input, expected) in REQUESTS {
        let in_place = in_place_prefixes(input, &request_in_place);
        check_in_place(name, expected[0], in_place);
    }
}

#[test]
fn response_vectors_in_place() {
    // Skipping interim heads is the decoder's; the parser reports every head.
    for (name, methods, _, input, expected) in RESPONSES.iter().filter(|v| !v.2) {
        let method = methods.first().copied().unwrap_or("GET");
        let in_place = in_place_prefixes(input, &|b: &[u8]| response_in_place(b, method));
        check_in_place(name, expected[0], in_place);
    }
}

#[test]
fn request_limits() {
    let long_uri = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(8 * 1024));
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: 1\r\n".repeat(101));
    let huge = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        format!("X-A: {}\r\n", "b".repeat(1000)).repeat(70)
    );
    let big_trailers = format!(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n{}\r\n",
        format!("X-T: {}\r\n", "c".repeat(1000)).repeat(17)
    );
    let big_ext = format!(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;{}\r\na\r\n0\r\n\r\n",
        "e".repeat(17 * 1024)
    );
    let cases = [
        (long_uri, "error 414"),
        (many, "error 431"),
        (huge, "error 431"),
        (big_trailers, "error 431"),
        (big_ext, "error 400"),
    ];
    for (input, expected) in cases {
        let input = input.as_bytes();
        let whole = run_requests(&[input]);
        assert_eq!(
            whole.last().map(String::as_str),
            Some(expected),
            "{whole:?}"
        );
        // Parsed in place: the same first head, or the same error in it.
        assert_eq!(request_in_place(input).as_ref(), whole.first());
        // Byte-at-a-time feeding must hit the same limit (and must not take long).
        assert_eq!(run_requests(&bytewise(input)), whole);
        for at in (0..input.len()).step_by(997) {
            assert_eq!(run_requests(&split_at(input, at)), whole, "split at {at}");
        }
    }
}

#[test]
fn long_uri_just_under_the_limit_passes() {
    let target = format!("/{}", "a".repeat(8 * 1024 - 1));
    let input = format!("GET {target} HTTP/1.1\r\n\r\n");
    let log = run_requests(&[input.as_bytes()]);
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log[0].starts_with("head GET /aaa"));
}

/// A response vector: name, request methods in turn, skip interim, input, transcript.
type ResponseVector = (
    &'static str,
    &'static [&'static str],
    bool,
    &'static [u8],
    &'static [&'static str],
);

const RESPONSES: &[ResponseVector] = &[
    (
        "content-length",
        &["GET"],
        false,
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
        &["head HTTP/1.1 200 OK Length(2) ka=true upgrade=false [Content-Length: 2]", "data hi", "end []", "paused, 0 left"],
    ),
    (
        "close-delimited ends at close",
        &["GET"],
        false,
        b"HTTP/1.1 200 OK\r\n\r\nall of it",
        &["head HTTP/1.1 200 OK CloseDelimited ka=false upgrade=false []", "data all of it", "end []", "paused, 0 left"],
    ),
    (
        "HEAD response has no body whatever it says",
        &["HEAD", "GET"],
        false,
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
        &[
            "head HTTP/1.1 200 OK None ka=true upgrade=false [Content-Length: 10]",
            "end []",
            "head HTTP/1.1 204 No Content None ka=true upgrade=false []",
            "end []",
            "paused, 48 left",
        ],
    ),
    (
        "304 has no body",
        &["GET"],
        false,
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
        &["head HTTP/1.1 304 Not Modified None ka=true upgrade=false [Content-Length: 5]", "end []", "paused, 0 left"],
    ),
    (
        "interim responses reported",
        &["POST"],
        false,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
        &[
            "interim 100 []",
            "interim 103 [Link: </a>]",
            "head HTTP/1.1 201 Created None ka=true upgrade=false [Content-Length: 0]",
            "end []",
            "paused, 0 left",
        ],
    ),
    (
        "interim responses skipped",
        &["POST"],
        true,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        &["head HTTP/1.1 200 OK None ka=true upgrade=false [Content-Length: 0]", "end []", "paused, 0 left"],
    ),
    (
        "101 switches protocols",
        &["GET"],
        false,
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\nframes",
        &[
            "head HTTP/1.1 101 Switching Protocols None ka=false upgrade=true [Upgrade: websocket; Connection: upgrade]",
            "end []",
            "upgraded frames",
        ],
    ),
    (
        "2xx to CONNECT opens a tunnel",
        &["CONNECT"],
        false,
        b"HTTP/1.1 200 Connection Established\r\n\r\ntunnel",
        &["head HTTP/1.1 200 Connection Established None ka=false upgrade=true []", "end []", "upgraded tunnel"],
    ),
    (
        "transfer-encoding wins over content-length, no reuse",
        &["GET"],
        false,
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        &[
            "head HTTP/1.1 200 OK Chunked ka=false upgrade=false [Content-Length: 100; Transfer-Encoding: chunked]",
            "data ok",
            "end []",
            "paused, 0 left",
        ],
    ),
    (
        "transfer-encoding without chunked reads to close",
        &["GET"],
        false,
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz",
        &["head HTTP/1.1 200 OK CloseDelimited ka=false upgrade=false [Transfer-Encoding: gzip]", "data zzz", "end []", "paused, 0 left"],
    ),
    (
        "HTTP/1.0 response with keep-alive",
        &["GET"],
        false,
        b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
        &["head HTTP/1.0 200 OK Length(1) ka=true upgrade=false [Connection: keep-alive; Content-Length: 1]", "data x", "end []", "paused, 0 left"],
    ),
    (
        "truncated content-length response",
        &["GET"],
        false,
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab",
        &["head HTTP/1.1 200 OK Length(5) ka=true upgrade=false [Content-Length: 5]", "data ab", "error 400"],
    ),
    ("differing content-lengths in a response", &["GET"], false, b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", &["error 400"]),
    ("bad status code", &["GET"], false, b"HTTP/1.1 2000 OK\r\n\r\n", &["error 400"]),
    ("empty lines, then a malformed version", &["GET"], false, b"\r\n\nHTTP\r1.0 200 OK\r\n\r\n", &["error 400"]),
    ("empty lines, then HTTP/2.0", &["GET"], false, b"\r\nHTTP/2.0 200 OK\r\n\r\n", &["error 505"]),
    ("obs-fold in a response", &["GET"], false, b"HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\n\r\n", &["error 400"]),
];

#[test]
fn response_vectors() {
    for (name, methods, skip, input, expected) in RESPONSES {
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        let run = |pieces: &[&[u8]]| run_responses(methods, *skip, pieces);
        check_all_splits(name, &run, input, &expected);
        let owning = |pieces: &[&[u8]]| run_responses_owning(methods, *skip, true, pieces);
        check_all_splits(name, &owning, input, &expected);
    }
}

#[test]
fn in_place_heads_of_every_size_read_the_same() {
    // Heads of a few fields and of many, in turn, through one parser: each reads as the
    // decoder reads it, whichever way the parser keeps its field table.
    let mut parser = http_codec::HeadParser::new();
    for fields in [0, 1, 15, 16, 17, 40, 2, 99, 3] {
        let mut head = String::from("GET /t HTTP/1.1\r\n");
        for i in 0..fields {
            head.push_str(&format!("X-Field-{i}: value {i}\r\n"));
        }
        head.push_str("\r\n");
        let input = head.as_bytes();
        assert_eq!(
            request_in_place(input).as_ref(),
            run_requests(&[input]).first(),
            "{fields} fields"
        );
        let parsed = parser.parse_request(input).unwrap().unwrap();
        let names: Vec<String> = parsed
            .headers()
            .iter()
            .map(|(n, v)| {
                format!(
                    "{}={}",
                    String::from_utf8_lossy(n),
                    String::from_utf8_lossy(v)
                )
            })
            .collect();
        let expected: Vec<String> = (0..fields)
            .map(|i| format!("X-Field-{i}=value {i}"))
            .collect();
        assert_eq!(names, expected, "{fields} fields through one parser");
    }
}
