//! A sans-IO HTTP/1.1 codec: bytes in, events out; heads and bodies in, bytes out.
//!
//! No sockets, no async, no threads: the caller moves bytes between the network and the
//! codec, so the same code serves blocking, async and WebAssembly hosts. Heads are parsed
//! by [`httparse`]; this crate adds what a connection needs around it:
//!
//! - [`RequestDecoder`] (server role) and [`ResponseDecoder`] (client role) turn received
//!   bytes into [`Event`]s: a head, body pieces lent from the decoder's buffer, the end of
//!   the message with its trailers, and a pause before the next message on a kept-alive
//!   connection (pipelined bytes stay buffered).
//! - [`HeadParser`] parses a head where the caller's bytes lie, with the same defences,
//!   limits and framing decisions, for a caller that keeps its own receive buffer.
//! - Framing per RFC 9112 section 6.3 ([`BodyKind`]): Content-Length, chunked, or until
//!   close; no body after HEAD, 1xx, 204 and 304; persistence ([`RequestHead::keep_alive`]),
//!   `Expect: 100-continue`, Upgrade and CONNECT.
//! - [`ResponseEncoder`] and [`RequestEncoder`] write heads and framed bodies into the
//!   caller's `Vec<u8>`, and refuse writes that would break the framing.
//! - Every ambiguity a request smuggler could use is refused, with the status a server
//!   should answer ([`Error::status`]); memory per connection is bounded by [`Limits`].
//!
//! # Example: parse a request, write a response
//!
//! ```
//! use http_codec::{Event, RequestDecoder, ResponseEncoder};
//!
//! # fn main() -> Result<(), http_codec::Error> {
//! let mut decoder = RequestDecoder::new();
//! // Bytes as they might arrive from a socket: a request with a body, split anywhere.
//! decoder.feed(b"POST /echo HTTP/1.1\r\nHost: example.com\r\nContent-Le");
//! decoder.feed(b"ngth: 5\r\n\r\nhello");
//!
//! let mut encoder = None;
//! let mut body = Vec::new();
//! loop {
//!     match decoder.next_event()? {
//!         Event::Head(head) => {
//!             // Lent from the decoder's buffer: no copy, no allocation. Read what is
//!             // needed now, or keep a copy of it with `head.clone()`.
//!             assert_eq!(head.method(), "POST");
//!             assert_eq!(head.target(), "/echo");
//!             assert_eq!(head.headers().get("host"), Some(&b"example.com"[..]));
//!             encoder = Some(ResponseEncoder::new(head));
//!         }
//!         Event::Data(bytes) => body.extend_from_slice(bytes),
//!         Event::End(_trailers) => break,
//!         Event::NeedData => unreachable!("the whole request was fed"),
//!         other => panic!("unexpected {other:?}"),
//!     }
//! }
//! assert_eq!(body, b"hello");
//!
//! // Head and body of the answer go out in one buffer, so in one send.
//! let mut out = Vec::new();
//! let mut encoder = encoder.expect("a head comes before the end");
//! encoder.write_full(200, "", [("content-type", "text/plain")], &body, &mut out)?;
//! assert_eq!(
//!     out,
//!     b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
//! );
//!
//! // Keep-alive: the decoder paused after the request; start the next cycle.
//! assert!(encoder.keep_alive());
//! assert_eq!(decoder.next_event()?, Event::Paused);
//! decoder.start_next_cycle()?;
//! assert_eq!(decoder.next_event()?, Event::NeedData);
//! # Ok(())
//! # }
//! ```
//!
//! # Decisions on ambiguous messages
//!
//! - A request with both Content-Length and Transfer-Encoding is refused (400) rather than
//!   resolved, since an intermediary may have resolved it the other way. In a response,
//!   Transfer-Encoding wins and the connection is not reused.
//! - A request whose Transfer-Encoding does not end in a single `chunked` is refused (400,
//!   RFC 9112 section 6.3); one naming an unknown coding gets 501; Transfer-Encoding in an
//!   HTTP/1.0 request gets 400.
//! - Several Content-Length values must agree (`5, 5` is 5); signs, spaces and letters
//!   are refused.
//! - Chunk framing requires CRLF; obs-fold, whitespace before a colon, and CR, LF or NUL
//!   inside values are refused by the head parser.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod buffer;
mod chunked;
mod decoder;
mod encoder;
mod error;
mod framing;
mod head;
mod head_parser;
mod headers;
mod limits;
mod parse;
mod request;
mod response;

pub use decoder::Event;
pub use encoder::{reason_phrase, BodyLength, RequestEncoder, ResponseEncoder};
pub use error::Error;
pub use framing::BodyKind;
pub use head::{RequestHead, RequestHeadRef, ResponseHead, ResponseHeadRef, Version};
pub use head_parser::HeadParser;
pub use headers::{HeaderIter, Headers};
pub use limits::Limits;
pub use request::RequestDecoder;
pub use response::ResponseDecoder;
