//! Encoders: request and response heads to bytes, and bodies framed by Content-Length or
//! chunked coding, refusing any write that would break the framing.
//!
//! Everything is appended to a caller's `Vec<u8>`, so a head and its body can leave in one
//! send.

use std::io::Write;

use crate::framing::{parse_decimal, BodyKind};
use crate::headers::list_elements;
use crate::{Error, RequestHead, Version};

/// What the caller knows of a body's length, used when its own fields do not frame it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLength {
    /// Exactly this many bytes will be written: sent as Content-Length.
    Known(u64),
    /// The length is not known up front: chunked to HTTP/1.1 peers, close-delimited for
    /// HTTP/1.0 clients (the connection then ends with the body).
    Unknown,
}

/// How the body being written is framed, and how much of it is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    NoBody,
    Length(u64),
    Chunked,
    Close,
}

/// Where an encoder is in its one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Head,
    Body(Framing),
    Done,
}

/// What the caller's own fields say about framing and the connection.
#[derive(Debug, Default)]
struct CallerFields {
    content_length: Option<u64>,
    chunked: bool,
    connection: bool,
    close: bool,
}

/// Writes `name: value\r\n` for each field after checking it cannot split the message,
/// and notes the framing fields among them.
fn write_fields<I, N, V>(fields: I, out: &mut Vec<u8>) -> Result<CallerFields, Error>
where
    I: IntoIterator<Item = (N, V)>,
    N: AsRef<[u8]>,
    V: AsRef<[u8]>,
{
    let mut seen = CallerFields::default();
    for (name, value) in fields {
        let (name, value) = (name.as_ref(), value.as_ref());
        if name.is_empty() || !name.iter().all(|&b| is_token(b)) {
            return Err(Error::InvalidHeaderField);
        }
        // CR or LF would end the line early (response splitting); NUL is refused by peers.
        if value.iter().any(|&b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(Error::InvalidHeaderField);
        }
        if name.eq_ignore_ascii_case(b"content-length") {
            let n = parse_decimal(value).ok_or(Error::InvalidHeaderField)?;
            if seen.content_length.is_some_and(|prev| prev != n) {
                return Err(Error::InvalidHeaderField);
            }
            seen.content_length = Some(n);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            // Only chunked-last codings keep the body self-delimiting.
            seen.chunked = list_elements(value)
                .last()
                .is_some_and(|c| c.eq_ignore_ascii_case(b"chunked"));
            if !seen.chunked {
                return Err(Error::InvalidHeaderField);
            }
        } else if name.eq_ignore_ascii_case(b"connection") {
            seen.connection = true;
            seen.close |= list_elements(value).any(|t| t.eq_ignore_ascii_case(b"close"));
        }
        out.extend_from_slice(name);
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    if seen.chunked && seen.content_length.is_some() {
        return Err(Error::InvalidHeaderField);
    }
    Ok(seen)
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn write_decimal(out: &mut Vec<u8>, n: u64) {
    // Writing into a Vec cannot fail.
    let _ = write!(out, "{n}");
}

/// The body-writing half shared by both encoders.
#[derive(Debug)]
struct BodyWriter {
    state: State,
}

impl BodyWriter {
    fn write(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        let State::Body(framing) = &mut self.state else {
            return Err(Error::InvalidState("body written outside a message body"));
        };
        if data.is_empty() {
            // An empty chunk would end a chunked body; nothing to write.
            return Ok(());
        }
        match framing {
            Framing::NoBody => return Err(Error::BodyNotAllowed),
            Framing::Length(remaining) => {
                let len = data.len() as u64;
                if len > *remaining {
                    return Err(Error::BodyTooLong);
                }
                *remaining -= len;
                out.extend_from_slice(data);
            }
            Framing::Chunked => {
                let _ = write!(out, "{:x}\r\n", data.len());
                out.extend_from_slice(data);
                out.extend_from_slice(b"\r\n");
            }
            Framing::Close => out.extend_from_slice(data),
        }
        Ok(())
    }

    fn finish<I, N, V>(&mut self, trailers: I, out: &mut Vec<u8>) -> Result<(), Error>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        let State::Body(framing) = self.state else {
            return Err(Error::InvalidState("finish outside a message body"));
        };
        let mut trailers = trailers.into_iter().peekable();
        match framing {
            Framing::Chunked => {
                let start = out.len();
                out.extend_from_slice(b"0\r\n");
                if let Err(e) = write_fields(trailers, out) {
                    out.truncate(start);
                    return Err(e);
                }
                out.extend_from_slice(b"\r\n");
            }
            _ if trailers.peek().is_some() => {
                return Err(Error::InvalidState("trailers need a chunked body"));
            }
            Framing::Length(remaining) if remaining > 0 => return Err(Error::BodyTooShort),
            Framing::Length(_) | Framing::NoBody | Framing::Close => {}
        }
        self.state = State::Done;
        Ok(())
    }

    fn body_kind(framing: Framing) -> BodyKind {
        match framing {
            Framing::NoBody | Framing::Length(0) => BodyKind::None,
            Framing::Length(n) => BodyKind::Length(n),
            Framing::Chunked => BodyKind::Chunked,
            Framing::Close => BodyKind::CloseDelimited,
        }
    }
}

/// No trailers, for [`ResponseEncoder::finish_with_trailers`] callers that have none.
const NO_FIELDS: [(&[u8], &[u8]); 0] = [];

/// Writes one response (the server role), framed to suit the request it answers.
///
/// Call [`write_head`](Self::write_head), then [`write_body`](Self::write_body) any number
/// of times, then [`finish`](Self::finish); or [`write_full`](Self::write_full) for all
/// three at once. Interim responses (100 Continue) may precede the head.
#[derive(Debug)]
pub struct ResponseEncoder {
    head_request: bool,
    connect_request: bool,
    version: Version,
    request_keep_alive: bool,
    keep_alive: bool,
    body: BodyWriter,
}

impl ResponseEncoder {
    /// An encoder for the response to `request`.
    pub fn new(request: &RequestHead) -> Self {
        ResponseEncoder::for_request(request.method(), request.version(), request.keep_alive())
    }

    /// An encoder for the response to a request with this method and version, whose
    /// client did (`keep_alive`) or did not offer to keep the connection open.
    pub fn for_request(method: &str, version: Version, keep_alive: bool) -> Self {
        ResponseEncoder {
            head_request: method == "HEAD",
            connect_request: method == "CONNECT",
            version,
            request_keep_alive: keep_alive,
            keep_alive,
            body: BodyWriter { state: State::Head },
        }
    }

    /// Writes an interim 1xx response (100 Continue, 103 Early Hints) before the final head.
    /// 101 is not interim: send it with [`write_head`](Self::write_head).
    pub fn write_interim<I, N, V>(
        &mut self,
        status: u16,
        headers: I,
        out: &mut Vec<u8>,
    ) -> Result<(), Error>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        if self.body.state != State::Head {
            return Err(Error::InvalidState("interim response after the final head"));
        }
        // 1xx did not exist in HTTP/1.0: such clients must not get one (RFC 9110 15.2).
        if !(100..200).contains(&status) || status == 101 || self.version == Version::Http10 {
            return Err(Error::InvalidStartLine);
        }
        let start = out.len();
        write_status_line(status, "", out);
        if let Err(e) = write_fields(headers, out) {
            out.truncate(start);
            return Err(e);
        }
        out.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// Writes the status line and fields, then framing fields the caller left out:
    /// Content-Length for a [`BodyLength::Known`] body, `Transfer-Encoding: chunked` for an
    /// unknown one (close-delimited for HTTP/1.0 clients), and `Connection: close` or
    /// `keep-alive` when the decision differs from the client's default.
    ///
    /// Fields the caller set win: a Content-Length or `Transfer-Encoding: chunked` among
    /// `headers` decides the framing, and `length` is then ignored. An empty `reason` writes
    /// the standard phrase. Returns how the body is framed. On error nothing is written.
    pub fn write_head<I, N, V>(
        &mut self,
        status: u16,
        reason: &str,
        headers: I,
        length: BodyLength,
        out: &mut Vec<u8>,
    ) -> Result<BodyKind, Error>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        if self.body.state != State::Head {
            return Err(Error::InvalidState("response head written twice"));
        }
        if !(100..=999).contains(&status) || (100..200).contains(&status) && status != 101 {
            return Err(Error::InvalidStartLine);
        }
        if reason.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(Error::InvalidStartLine);
        }
        let start = out.len();
        write_status_line(status, reason, out);
        let caller = match write_fields(headers, out) {
            Ok(c) => c,
            Err(e) => {
                out.truncate(start);
                return Err(e);
            }
        };
        // After 101, or 2xx to CONNECT, the connection stops speaking HTTP/1.1.
        let switching = status == 101 || (self.connect_request && (200..300).contains(&status));
        let no_body = self.head_request || switching || status == 204 || status == 304;
        let framing = if no_body {
            // HEAD and 304 may announce the length the body would have had.
            if let (BodyLength::Known(n), None, false) =
                (length, caller.content_length, caller.chunked)
            {
                if self.head_request || status == 304 {
                    out.extend_from_slice(b"Content-Length: ");
                    write_decimal(out, n);
                    out.extend_from_slice(b"\r\n");
                }
            }
            Framing::NoBody
        } else if let Some(n) = caller.content_length {
            Framing::Length(n)
        } else if caller.chunked {
            Framing::Chunked
        } else {
            match length {
                BodyLength::Known(n) => {
                    out.extend_from_slice(b"Content-Length: ");
                    write_decimal(out, n);
                    out.extend_from_slice(b"\r\n");
                    Framing::Length(n)
                }
                BodyLength::Unknown if self.version == Version::Http11 => {
                    out.extend_from_slice(b"Transfer-Encoding: chunked\r\n");
                    Framing::Chunked
                }
                BodyLength::Unknown => Framing::Close,
            }
        };
        self.keep_alive =
            self.request_keep_alive && !caller.close && framing != Framing::Close && !switching;
        // A switching response carries the caller's `Connection: upgrade`, never ours.
        // Say when the connection ends after this response (RFC 9112 section 9.6), whether the
        // client asked for that or the server decided it.
        if !caller.connection && !switching {
            if !self.keep_alive {
                out.extend_from_slice(b"Connection: close\r\n");
            } else if self.version == Version::Http10 {
                out.extend_from_slice(b"Connection: keep-alive\r\n");
            }
        }
        out.extend_from_slice(b"\r\n");
        self.body.state = State::Body(framing);
        Ok(BodyWriter::body_kind(framing))
    }

    /// Appends body bytes, framed. Fails, writing nothing, if they exceed the declared
    /// Content-Length or this response may not have a body.
    pub fn write_body(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        self.body.write(data, out)
    }

    /// Ends the body: the last chunk of a chunked body; a check that a Content-Length body
    /// is complete.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        self.body.finish(NO_FIELDS, out)
    }

    /// Ends a chunked body with trailer fields.
    pub fn finish_with_trailers<I, N, V>(
        &mut self,
        trailers: I,
        out: &mut Vec<u8>,
    ) -> Result<(), Error>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        self.body.finish(trailers, out)
    }

    /// Head, whole body and end in one call: the usual small response, ready for one send.
    pub fn write_full<I, N, V>(
        &mut self,
        status: u16,
        reason: &str,
        headers: I,
        body: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), Error>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        self.write_head(
            status,
            reason,
            headers,
            BodyLength::Known(body.len() as u64),
            out,
        )?;
        self.write_body(body, out)?;
        self.finish(out)
    }

    /// Whether the connection may carry another request once this response is sent.
    /// Final after [`write_head`](Self::write_head).
    pub fn keep_alive(&self) -> bool {
        self.keep_alive
    }

    /// Whether the response has been finished.
    pub fn is_finished(&self) -> bool {
        self.body.state == State::Done
    }
}

fn write_status_line(status: u16, reason: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"HTTP/1.1 ");
    write_decimal(out, u64::from(status));
    out.push(b' ');
    let reason = if reason.is_empty() {
        reason_phrase(status)
    } else {
        reason
    };
    out.extend_from_slice(reason.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// The standard reason phrase of a status code (RFC 9110 section 15), or "" if unknown.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes one request (the client role), always as HTTP/1.1.
///
/// Call [`write_head`](Self::write_head), then [`write_body`](Self::write_body) any number
/// of times, then [`finish`](Self::finish). Tell the
/// [`ResponseDecoder`](crate::ResponseDecoder) the method, so it frames the answer right.
#[derive(Debug)]
pub struct RequestEncoder {
    keep_alive: bool,
    body: BodyWriter,
}

impl Default for RequestEncoder {
    fn default() -> Self {
        RequestEncoder::new()
    }
}

impl RequestEncoder {
    /// An encoder for one request.
    pub fn new() -> Self {
        RequestEncoder {
            keep_alive: true,
            body: BodyWriter { state: State::Head },
        }
    }

    /// Writes the request line and fields (the caller supplies Host), then the framing
    /// field the caller left out: Content-Length for a [`BodyLength::Known`] body (omitted
    /// for an empty body unless the method is POST, PUT or PATCH), `Transfer-Encoding:
    /// chunked` for an unknown one. Caller-set framing fields win. On error nothing is written.
    pub fn write_head<I, N, V>(
        &mut self,
        method: &str,
        target: &str,
        headers: I,
        length: BodyLength,
        out: &mut Vec<u8>,
    ) -> Result<BodyKind, Error>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        if self.body.state != State::Head {
            return Err(Error::InvalidState("request head written twice"));
        }
        let target_ok = !target.is_empty() && target.bytes().all(|b| b > b' ' && b != 0x7f);
        if method.is_empty() || !method.bytes().all(is_token) || !target_ok {
            return Err(Error::InvalidStartLine);
        }
        let start = out.len();
        out.extend_from_slice(method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        let caller = match write_fields(headers, out) {
            Ok(c) => c,
            Err(e) => {
                out.truncate(start);
                return Err(e);
            }
        };
        let framing = if let Some(n) = caller.content_length {
            Framing::Length(n)
        } else if caller.chunked {
            Framing::Chunked
        } else {
            match length {
                BodyLength::Known(0) if !matches!(method, "POST" | "PUT" | "PATCH") => {
                    Framing::Length(0)
                }
                BodyLength::Known(n) => {
                    out.extend_from_slice(b"Content-Length: ");
                    write_decimal(out, n);
                    out.extend_from_slice(b"\r\n");
                    Framing::Length(n)
                }
                BodyLength::Unknown => {
                    out.extend_from_slice(b"Transfer-Encoding: chunked\r\n");
                    Framing::Chunked
                }
            }
        };
        self.keep_alive = !caller.close;
        out.extend_from_slice(b"\r\n");
        self.body.state = State::Body(framing);
        Ok(BodyWriter::body_kind(framing))
    }

    /// Appends body bytes, framed; fails, writing nothing, past the declared Content-Length.
    pub fn write_body(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        self.body.write(data, out)
    }

    /// Ends the body (the last chunk of a chunked body).
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        self.body.finish(NO_FIELDS, out)
    }

    /// Ends a chunked body with trailer fields.
    pub fn finish_with_trailers<I, N, V>(
        &mut self,
        trailers: I,
        out: &mut Vec<u8>,
    ) -> Result<(), Error>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        self.body.finish(trailers, out)
    }

    /// Whether the request lets the connection be reused (no `Connection: close` sent).
    pub fn keep_alive(&self) -> bool {
        self.keep_alive
    }

    /// Whether the request has been finished.
    pub fn is_finished(&self) -> bool {
        self.body.state == State::Done
    }
}
