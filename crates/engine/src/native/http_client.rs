//! HTTP/1.1 client natives behind `fetch` and `http.request`: one exchange per request over a
//! per-origin keep-alive pool, the request written with the codec's encoder, the response read
//! with its decoder, the head handed to JavaScript in one call and the body pulled chunk by chunk.
//!
//! JavaScript drives an exchange with these natives:
//! - `fetchSend({ host, port, method, target, headers, body, streamed, maxSockets })` encodes the head
//!   (and a one-piece body) at once, so a bad header throws synchronously, and returns
//!   `[id, Promise<head>]`. The head object carries the first body bytes already received and
//!   whether the body is complete, so a small response needs no further round trip.
//! - `fetchWrite(id, bytes)` / `fetchFinish(id)` send a streamed body, chunked unless a
//!   Content-Length was given.
//! - `fetchRead(id)` resolves with the next body bytes, or `undefined` at the end (the trailer
//!   fields, as an array, when the response ended with some). Nothing is read
//!   from the socket until JavaScript asks, so a body of any size takes bounded memory.
//! - `fetchAbort(id)` closes the connection and ends every pending operation of the exchange.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::{poll_fn, Future};
use std::io;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::{Duration, Instant};

use http_codec::{BodyLength, Event, RequestEncoder, ResponseDecoder};
use rquickjs::{Array, Ctx, Exception, Function, Object, Promise, TypedArray, Value};

use super::transport::{self, TlsOptions, Transport};
use crate::bytes;
use crate::errors;
use crate::event_loop::spawn_promise;

/// How long a kept-alive connection may wait in the pool before it is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(4);
/// Most body bytes handed to JavaScript in one chunk.
const MAX_CHUNK: usize = 256 * 1024;
/// Bytes asked of the socket per read.
const READ_SIZE: usize = 64 * 1024;

/// A flag that futures can wait for: set once, wakes every waiter.
#[derive(Default)]
struct Latch {
    set: Cell<bool>,
    wakers: RefCell<Vec<Waker>>,
}

impl Latch {
    fn fire(&self) {
        self.set.set(true);
        for w in self.wakers.borrow_mut().drain(..) {
            w.wake();
        }
    }

    async fn wait(&self) {
        poll_fn(|cx| {
            if self.set.get() {
                Poll::Ready(())
            } else {
                self.wakers.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}

/// Why an exchange failed: an I/O error (with the system call it came from) or a response the
/// codec refused.
enum Failure {
    Io(io::Error, &'static str),
    Codec(http_codec::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e, "read")
    }
}

fn aborted() -> Failure {
    Failure::Io(
        io::Error::new(io::ErrorKind::ConnectionAborted, "the request was aborted"),
        "abort",
    )
}

/// One connection with its response decoder, which keeps its buffer across responses.
struct Conn {
    stream: Transport,
    decoder: ResponseDecoder,
    /// True once the connection has carried an earlier exchange: a failure before any byte of
    /// the answer may then be the server closing an idle connection, worth one retry.
    reused: bool,
}

/// Where connections go, and how: connections are pooled (and reused) per origin only.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Origin {
    host: String,
    port: u16,
    /// For TLS: the options, and the name the certificate must be for (SNI).
    tls: Option<(TlsOptions, String)>,
}

/// The connections of one origin: idle ones ready for reuse, how many are lent out, and the
/// exchanges waiting for one when the cap is reached.
#[derive(Default)]
struct Pool {
    idle: Vec<(Conn, Instant, u64)>,
    active: usize,
    waiters: VecDeque<Rc<Waiter>>,
}

#[derive(Default)]
struct Waiter {
    granted: Cell<bool>,
    cancelled: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

thread_local! {
    static POOLS: RefCell<HashMap<Origin, Pool>> = RefCell::new(HashMap::new());
    static EXCHANGES: RefCell<HashMap<u32, Rc<Exchange>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    static NEXT_CONN: Cell<u64> = const { Cell::new(1) };
}

/// The right to use one connection of an origin; given back (to a waiter first) on drop.
struct Permit {
    origin: Origin,
}

impl Drop for Permit {
    fn drop(&mut self) {
        release_slot(&self.origin);
    }
}

fn release_slot(origin: &Origin) {
    let next = POOLS.with(|p| {
        let mut pools = p.borrow_mut();
        let pool = pools.entry(origin.clone()).or_default();
        while let Some(w) = pool.waiters.pop_front() {
            if !w.cancelled.get() {
                return Some(w);
            }
        }
        pool.active = pool.active.saturating_sub(1);
        None
    });
    if let Some(w) = next {
        w.granted.set(true);
        if let Some(waker) = w.waker.borrow_mut().take() {
            waker.wake();
        }
    }
}

/// Waits for a connection slot of `origin`; at most `limit` are lent out at once.
async fn acquire(origin: &Origin, limit: usize) -> Permit {
    let waiter = POOLS.with(|p| {
        let mut pools = p.borrow_mut();
        let pool = pools.entry(origin.clone()).or_default();
        if pool.active < limit.max(1) {
            pool.active += 1;
            None
        } else {
            let w = Rc::new(Waiter::default());
            pool.waiters.push_back(w.clone());
            Some(w)
        }
    });
    let Some(waiter) = waiter else {
        return Permit {
            origin: origin.clone(),
        };
    };
    // Dropped before it is granted, the waiter is skipped; dropped after, the slot it was
    // given passes on.
    struct Guard<'a>(&'a Waiter, &'a Origin, bool);
    impl Drop for Guard<'_> {
        fn drop(&mut self) {
            if !self.2 {
                self.0.cancelled.set(true);
                if self.0.granted.get() {
                    release_slot(self.1);
                }
            }
        }
    }
    let mut guard = Guard(&waiter, origin, false);
    poll_fn(|cx| {
        if waiter.granted.get() {
            Poll::Ready(())
        } else {
            *waiter.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    })
    .await;
    guard.2 = true;
    Permit {
        origin: origin.clone(),
    }
}

/// An idle connection of `origin` that is still open and quiet, if the pool has one.
fn checkout(origin: &Origin, method: &str) -> Option<Conn> {
    loop {
        let (mut conn, since, _) = POOLS.with(|p| p.borrow_mut().get_mut(origin)?.idle.pop())?;
        if since.elapsed() >= IDLE_TIMEOUT {
            conn.stream.close();
            continue;
        }
        // An idle connection must have nothing to say: end of stream or stray bytes mean the
        // server closed it or broke the protocol.
        let mut probe = [0u8; 1];
        match conn.stream.try_read(&mut probe) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            _ => {
                conn.stream.close();
                continue;
            }
        }
        if conn.decoder.start_next_cycle(method).is_err() {
            conn.stream.close();
            continue;
        }
        conn.reused = true;
        return Some(conn);
    }
}

/// Puts a connection whose exchange completed cleanly back in the pool, and closes it after
/// the idle timeout unless it was taken again.
fn checkin(origin: &Origin, conn: Conn) {
    let id = NEXT_CONN.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    POOLS.with(|p| {
        p.borrow_mut()
            .entry(origin.clone())
            .or_default()
            .idle
            .push((conn, Instant::now(), id))
    });
    let origin = origin.clone();
    // No LoopRef: an idle connection does not keep the program alive.
    reactor::spawn(async move {
        reactor::sleep(IDLE_TIMEOUT).await;
        let expired = POOLS.with(|p| {
            let mut pools = p.borrow_mut();
            let pool = pools.get_mut(&origin)?;
            let i = pool.idle.iter().position(|(_, _, c)| *c == id)?;
            Some(pool.idle.remove(i).0)
        });
        if let Some(conn) = expired {
            conn.stream.close();
        }
    })
    .detach();
}

async fn connect(origin: &Origin, method: &str) -> Result<Conn, Failure> {
    let connector = match &origin.tls {
        None => None,
        Some((options, name)) => Some((
            transport::connector(options).map_err(|(_, message)| {
                Failure::Io(
                    io::Error::new(io::ErrorKind::InvalidInput, message),
                    "connect",
                )
            })?,
            name.as_str(),
        )),
    };
    let tls = connector.as_ref().map(|(c, name)| (c, *name));
    let stream = transport::open(&origin.host, origin.port, tls)
        .await
        .map_err(|(e, syscall)| Failure::Io(e, syscall))?;
    let mut decoder = ResponseDecoder::with_limits(method, super::http_limits());
    decoder.set_skip_interim(true);
    Ok(Conn {
        stream,
        decoder,
        reused: false,
    })
}

/// One request and its response.
struct Exchange {
    id: u32,
    origin: Origin,
    method: String,
    limit: usize,
    /// The encoded head, with the whole body unless it is streamed; taken when sent.
    first: RefCell<Vec<u8>>,
    encoder: RefCell<RequestEncoder>,
    streamed: bool,
    conn: RefCell<Option<Conn>>,
    permit: RefCell<Option<Permit>>,
    /// Set once the head is on the wire (or the exchange failed): streamed body writes wait.
    head_sent: Latch,
    abort: Latch,
    sending_done: Cell<bool>,
    receiving_done: Cell<bool>,
    keep_alive: Cell<bool>,
    /// The response's trailer fields (name, value, ...), when it ended with some.
    trailers: RefCell<Option<Vec<String>>>,
}

impl Exchange {
    /// Runs `op` unless the exchange is aborted first.
    async fn guard<T>(&self, op: impl Future<Output = Result<T, Failure>>) -> Result<T, Failure> {
        if self.abort.set.get() {
            return Err(aborted());
        }
        futures_lite::future::or(op, async {
            self.abort.wait().await;
            Err(aborted())
        })
        .await
    }

    fn stream(&self) -> Option<Transport> {
        self.conn.borrow().as_ref().map(|c| c.stream.clone())
    }

    /// Reads more bytes into the decoder, waiting for the socket; end of stream is fed as such.
    async fn fill(&self) -> Result<(), Failure> {
        loop {
            let stream = self.stream().ok_or_else(aborted)?;
            let read = {
                let mut conn = self.conn.borrow_mut();
                let Some(conn) = conn.as_mut() else {
                    return Err(aborted());
                };
                let spare = conn.decoder.spare(READ_SIZE);
                if spare.is_empty() {
                    return Err(Failure::Codec(http_codec::Error::HeadTooLarge));
                }
                match conn.stream.try_read(spare) {
                    Ok(0) => {
                        conn.decoder.feed_eof();
                        Ok(())
                    }
                    Ok(n) => {
                        conn.decoder.filled(n);
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            };
            match read {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => stream.readable().await?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Failure::Io(e, "read")),
            }
        }
    }

    /// Takes the body bytes already buffered, up to [`MAX_CHUNK`]; marks the end when reached.
    /// Returns whether the decoder needs more bytes from the socket.
    fn drain_buffered(&self, out: &mut Vec<u8>) -> Result<bool, Failure> {
        let mut conn = self.conn.borrow_mut();
        let Some(conn) = conn.as_mut() else {
            return Err(aborted());
        };
        while out.len() < MAX_CHUNK {
            match conn.decoder.next_event().map_err(Failure::Codec)? {
                Event::Data(d) => out.extend_from_slice(d),
                Event::End(trailers) => {
                    if !trailers.is_empty() {
                        let fields = trailers
                            .iter()
                            .flat_map(|(name, value)| [latin1(name), latin1(value)]);
                        *self.trailers.borrow_mut() = Some(fields.collect());
                    }
                    self.receiving_done.set(true);
                    return Ok(false);
                }
                Event::Paused => {
                    self.receiving_done.set(true);
                    return Ok(false);
                }
                Event::NeedData => return Ok(true),
                _ => {
                    return Err(Failure::Codec(http_codec::Error::InvalidState(
                        "unexpected event in a response body",
                    )))
                }
            }
        }
        Ok(false)
    }

    /// Ends the exchange once both directions are done: the connection goes back to the pool
    /// when both sides allow it, else it is closed. Safe to call more than once.
    fn settle(&self) {
        if !(self.sending_done.get() && self.receiving_done.get()) {
            return;
        }
        self.release(self.keep_alive.get());
    }

    fn release(&self, reusable: bool) {
        let conn = self.conn.borrow_mut().take();
        if let Some(conn) = conn {
            let clean = conn.decoder.is_paused() && conn.decoder.buffered() == 0;
            if reusable && clean && self.encoder.borrow().keep_alive() {
                checkin(&self.origin, conn);
            } else {
                conn.stream.close();
            }
        }
        self.permit.borrow_mut().take();
        EXCHANGES.with(|t| t.borrow_mut().remove(&self.id));
    }

    /// Fails the exchange: the connection is closed, the slot given back.
    fn fail(&self) {
        self.head_sent.fire();
        self.release(false);
    }

    /// Connects (or reuses), sends what is ready, and reads up to the response head.
    async fn run_head(&self) -> Result<Head, Failure> {
        let permit = acquire(&self.origin, self.limit).await;
        *self.permit.borrow_mut() = Some(permit);
        let first = std::mem::take(&mut *self.first.borrow_mut());
        let mut retried = false;
        loop {
            let conn = match checkout(&self.origin, &self.method) {
                Some(c) => c,
                None => connect(&self.origin, &self.method).await?,
            };
            let reused = conn.reused;
            let stream = conn.stream.clone();
            *self.conn.borrow_mut() = Some(conn);
            let result = async {
                stream
                    .write_all(&first)
                    .await
                    .map_err(|e| Failure::Io(e, "write"))?;
                self.head_sent.fire();
                self.read_head().await
            }
            .await;
            match result {
                // A kept-alive connection the server had closed: try once on a new one, when
                // nothing of the answer arrived and the request can be sent again.
                Err(Failure::Io(_, _))
                | Err(Failure::Codec(http_codec::Error::IncompleteMessage))
                    if reused && !retried && !self.streamed && !self.got_bytes() =>
                {
                    retried = true;
                    if let Some(c) = self.conn.borrow_mut().take() {
                        c.stream.close();
                    }
                }
                other => return other,
            }
        }
    }

    fn got_bytes(&self) -> bool {
        self.conn
            .borrow()
            .as_ref()
            .is_some_and(|c| c.decoder.buffered() > 0)
    }

    async fn read_head(&self) -> Result<Head, Failure> {
        loop {
            let head = {
                let mut conn = self.conn.borrow_mut();
                let Some(conn) = conn.as_mut() else {
                    return Err(aborted());
                };
                match conn.decoder.next_event().map_err(Failure::Codec)? {
                    // The head is lent by the decoder: take what JavaScript needs now.
                    Event::Head(h) => Some((
                        h.is_upgrade(),
                        h.keep_alive(),
                        h.status(),
                        latin1(h.reason_bytes()),
                        h.headers()
                            .iter()
                            .flat_map(|(n, v)| [latin1(n), latin1(v)])
                            .collect(),
                    )),
                    Event::NeedData => None,
                    Event::Closed => {
                        return Err(Failure::Codec(http_codec::Error::IncompleteMessage));
                    }
                    _ => {
                        return Err(Failure::Codec(http_codec::Error::InvalidState(
                            "unexpected event before a response head",
                        )))
                    }
                }
            };
            let Some((upgraded, keep_alive, status, reason, headers)) = head else {
                self.fill().await?;
                continue;
            };
            self.keep_alive.set(keep_alive);
            let mut body = Vec::new();
            self.drain_buffered(&mut body)?;
            let done = self.receiving_done.get();
            return Ok(Head {
                status,
                reason,
                headers,
                body,
                done,
                upgraded,
                trailers: self.trailers.take(),
            });
        }
    }

    async fn read_body(&self) -> Result<Option<Vec<u8>>, Failure> {
        let mut out = Vec::new();
        loop {
            if self.receiving_done.get() {
                break;
            }
            if !self.drain_buffered(&mut out)? || !out.is_empty() {
                break;
            }
            self.fill().await?;
        }
        // The exchange ends when JavaScript sees the end, so that the id stays valid until then.
        if out.is_empty() && self.receiving_done.get() {
            self.settle();
            return Ok(None);
        }
        Ok(Some(out))
    }

    /// Sends body bytes, or (with `None`) ends the body, with trailer fields [name, value,
    /// ...] when it is chunked (a body with a Content-Length drops them, as Node does).
    async fn write_part(
        &self,
        data: Option<Vec<u8>>,
        trailers: Vec<String>,
    ) -> Result<(), Failure> {
        self.head_sent.wait().await;
        let stream = self.stream().ok_or_else(aborted)?;
        let mut out = Vec::new();
        {
            let mut enc = self.encoder.borrow_mut();
            let fields = trailers.chunks_exact(2).map(|f| (&f[0], &f[1]));
            match &data {
                Some(d) => enc.write_body(d, &mut out),
                None if trailers.is_empty() => enc.finish(&mut out),
                // Refused for a body that is not chunked (nothing written): dropped then.
                None => match enc.finish_with_trailers(fields, &mut out) {
                    Err(http_codec::Error::InvalidState(_)) => enc.finish(&mut out),
                    other => other,
                },
            }
            .map_err(Failure::Codec)?;
        }
        stream
            .write_all(&out)
            .await
            .map_err(|e| Failure::Io(e, "write"))?;
        if data.is_none() {
            self.sending_done.set(true);
            self.settle();
        }
        Ok(())
    }
}

/// A response head as JavaScript gets it, with the body bytes that came with it.
struct Head {
    status: u16,
    reason: String,
    headers: Vec<String>,
    body: Vec<u8>,
    done: bool,
    /// The connection switched protocols (101, or 2xx to CONNECT): JavaScript takes it with
    /// `fetchUpgrade`, or ends the exchange.
    upgraded: bool,
    /// The trailer fields of a response that ended with the head's read and had some.
    trailers: Option<Vec<String>>,
}

/// Header bytes as a string of the code points 0-255, as Fetch and Node treat them.
fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

/// A header string as bytes; a character above U+00FF cannot be sent.
fn to_latin1(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

/// Node's `code` for a response the codec refused, as llhttp names them.
fn codec_code(e: &http_codec::Error) -> &'static str {
    use http_codec::Error::*;
    match e {
        IncompleteMessage => "ECONNRESET",
        InvalidContentLength | ConflictingContentLength => "HPE_INVALID_CONTENT_LENGTH",
        ContentLengthWithTransferEncoding => "HPE_UNEXPECTED_CONTENT_LENGTH",
        InvalidChunk(_) | ChunkSizeOverflow | ChunkExtensionsTooLarge => "HPE_INVALID_CHUNK_SIZE",
        HeadTooLarge | TooManyHeaders | TrailersTooLarge => "HPE_HEADER_OVERFLOW",
        UnknownTransferCoding | ChunkedNotFinal => "HPE_INVALID_TRANSFER_ENCODING",
        InvalidHead(_) | UnsupportedVersion => "HPE_INVALID_CONSTANT",
        _ => "HPE_INTERNAL",
    }
}

fn failure_value<'js>(ctx: &Ctx<'js>, f: Failure, origin: &Origin) -> Value<'js> {
    match f {
        Failure::Io(e, "abort") => coded_error(ctx, "The operation was aborted", "ABORT_ERR")
            .unwrap_or_else(|| errors::io_error(ctx, &e, "abort", None)),
        Failure::Io(e, "getaddrinfo") => {
            let e = io::Error::new(io::ErrorKind::NotFound, e.to_string());
            errors::io_error(ctx, &e, "getaddrinfo", None)
        }
        Failure::Io(e, _) if tls::TlsError::of(&e).is_some() => {
            let host = origin
                .tls
                .as_ref()
                .map_or(origin.host.as_str(), |(_, name)| name);
            transport::tls_error_value(ctx, &e, host)
                .unwrap_or_else(|| Value::new_undefined(ctx.clone()))
        }
        Failure::Io(e, syscall) => {
            errors::io_error(ctx, &e, syscall, Some((origin.host.as_str(), origin.port)))
        }
        Failure::Codec(http_codec::Error::IncompleteMessage) => {
            coded_error(ctx, "socket hang up", "ECONNRESET")
                .unwrap_or_else(|| Value::new_undefined(ctx.clone()))
        }
        Failure::Codec(e) => {
            let message = format!("Parse Error: {e}");
            coded_error(ctx, &message, codec_code(&e))
                .unwrap_or_else(|| Value::new_undefined(ctx.clone()))
        }
    }
}

fn coded_error<'js>(ctx: &Ctx<'js>, message: &str, code: &str) -> Option<Value<'js>> {
    let ex = Exception::from_message(ctx.clone(), message).ok()?;
    ex.set("code", code).ok()?;
    Some(ex.into_value())
}

fn exchange(id: u32) -> Option<Rc<Exchange>> {
    EXCHANGES.with(|t| t.borrow().get(&id).cloned())
}

fn closed_error<'js>(ctx: &Ctx<'js>) -> rquickjs::Error {
    match coded_error(
        ctx,
        "The request was already closed",
        "ERR_STREAM_DESTROYED",
    ) {
        Some(v) => ctx.throw(v),
        None => rquickjs::Error::Unknown,
    }
}

fn bytes_value<'js>(ctx: &Ctx<'js>, b: Vec<u8>) -> Result<Value<'js>, Value<'js>> {
    TypedArray::<u8>::new(ctx.clone(), b)
        .map(|a| a.into_value())
        .map_err(|_| Value::new_undefined(ctx.clone()))
}

fn head_value<'js>(ctx: &Ctx<'js>, h: Head) -> rquickjs::Result<Value<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("status", h.status)?;
    o.set("statusText", h.reason)?;
    let headers = Array::new(ctx.clone())?;
    for (i, s) in h.headers.into_iter().enumerate() {
        headers.set(i, s)?;
    }
    o.set("headers", headers)?;
    if !h.body.is_empty() {
        o.set("body", TypedArray::<u8>::new(ctx.clone(), h.body)?)?;
    }
    o.set("done", h.done)?;
    if let Some(trailers) = h.trailers {
        o.set("trailers", trailers)?;
    }
    if h.upgraded {
        o.set("upgraded", true)?;
    }
    Ok(o.into_value())
}

/// `fetchSend({ host, port, method, target, headers, body, streamed, maxSockets })`.
fn send<'js>(ctx: Ctx<'js>, req: Object<'js>) -> rquickjs::Result<Array<'js>> {
    let host: String = req.get("host")?;
    let port: u16 = req.get("port")?;
    let method: String = req.get("method")?;
    let target: String = req.get("target")?;
    let headers: Vec<String> = req.get("headers")?;
    let body: Option<TypedArray<'js, u8>> = req.get("body")?;
    let streamed: bool = req.get::<_, Option<bool>>("streamed")?.unwrap_or(false);
    let max_sockets: Option<f64> = req.get("maxSockets")?;
    let body = match body {
        Some(b) => Some(bytes::to_vec(&ctx, &b)?),
        None => None,
    };
    let mut fields = Vec::with_capacity(headers.len() / 2);
    for pair in headers.chunks(2) {
        let (Some(n), Some(v)) = (pair.first(), pair.get(1)) else {
            break;
        };
        match (to_latin1(n), to_latin1(v)) {
            (Some(n), Some(v)) => fields.push((n, v)),
            _ => {
                return Err(Exception::throw_type(
                    &ctx,
                    &format!("Invalid character in header content [\"{n}\"]"),
                ))
            }
        }
    }
    let mut encoder = RequestEncoder::new();
    let mut first = Vec::with_capacity(256 + body.as_ref().map_or(0, Vec::len));
    let length = if streamed {
        BodyLength::Unknown
    } else {
        BodyLength::Known(body.as_ref().map_or(0, |b| b.len() as u64))
    };
    let encoded = encoder
        .write_head(&method, &target, fields, length, &mut first)
        .and_then(|_| match (&body, streamed) {
            (_, true) => Ok(()),
            (Some(b), false) => {
                encoder.write_body(b, &mut first)?;
                encoder.finish(&mut first)
            }
            (None, false) => encoder.finish(&mut first),
        });
    if let Err(e) = encoded {
        let code = match e {
            http_codec::Error::InvalidHeaderField => "ERR_INVALID_HTTP_TOKEN",
            http_codec::Error::InvalidStartLine => "ERR_UNESCAPED_CHARACTERS",
            _ => "ERR_HTTP_INVALID_HEADER_VALUE",
        };
        let v = coded_error(&ctx, &format!("Invalid request: {e}"), code)
            .unwrap_or_else(|| Value::new_undefined(ctx.clone()));
        if let Some(o) = v.as_object() {
            // Malformed input is a TypeError, as Node's header checks throw.
            let _ = o.set("name", "TypeError");
        }
        return Err(ctx.throw(v));
    }
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let limit = match max_sockets {
        Some(n) if n >= 1.0 && n.is_finite() => n as usize,
        Some(_) => usize::MAX,
        None => 16,
    };
    let tls = match req.get::<_, Option<Object<'js>>>("tls")? {
        Some(t) => {
            let options = TlsOptions::from_js(&t, vec!["http/1.1".to_string()])?;
            // A bad `ca`, `cert` or `key` fails the call, as Node's secure-context creation
            // does.
            transport::connector(&options)
                .map_err(|(code, message)| errors::throw_coded(&ctx, code, &message))?;
            let server_name = t
                .get::<_, Option<String>>("servername")?
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| host.clone());
            Some((options, server_name))
        }
        None => None,
    };
    let origin = Origin { host, port, tls };
    let ex = Rc::new(Exchange {
        id,
        origin: origin.clone(),
        method,
        limit,
        first: RefCell::new(first),
        encoder: RefCell::new(encoder),
        streamed,
        conn: RefCell::new(None),
        permit: RefCell::new(None),
        head_sent: Latch::default(),
        abort: Latch::default(),
        sending_done: Cell::new(!streamed),
        receiving_done: Cell::new(false),
        keep_alive: Cell::new(false),
        trailers: RefCell::new(None),
    });
    EXCHANGES.with(|t| t.borrow_mut().insert(id, ex.clone()));
    let fut = async move {
        let r = ex.guard(ex.run_head()).await;
        match &r {
            // A switched connection waits for JavaScript to take it (or to end the exchange).
            Ok(h) if h.done && !h.upgraded => ex.settle(),
            Ok(_) => {}
            Err(_) => ex.fail(),
        }
        r
    };
    let promise = spawn_promise(&ctx, fut, move |ctx, r| match r {
        Ok(h) => head_value(ctx, h).map_err(|e| errors::caught_value(ctx, e)),
        Err(f) => Err(failure_value(ctx, f, &origin)),
    })?;
    let out = Array::new(ctx.clone())?;
    out.set(0, id)?;
    out.set(1, promise)?;
    Ok(out)
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set("fetchSend", Function::new(ctx.clone(), send)?)?;
    // fetchRead(id) -> Promise<Uint8Array | undefined at the end of the body | the trailer
    // fields [name, value, ...] at the end of a body that had some>.
    native.set(
        "fetchRead",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32| -> rquickjs::Result<Promise<'js>> {
                let ex = exchange(id).ok_or_else(|| closed_error(&ctx))?;
                let origin = ex.origin.clone();
                let fut = async move {
                    let r = ex.guard(ex.read_body()).await;
                    if r.is_err() {
                        ex.fail();
                    }
                    // At the end: the trailers, if the response had any.
                    r.map(|b| b.ok_or_else(|| ex.trailers.take()))
                };
                spawn_promise(&ctx, fut, move |ctx, r| match r {
                    Ok(Ok(b)) => bytes_value(ctx, b),
                    Ok(Err(None)) => Ok(Value::new_undefined(ctx.clone())),
                    Ok(Err(Some(trailers))) => rquickjs::IntoJs::into_js(trailers, ctx)
                        .map_err(|_| Value::new_undefined(ctx.clone())),
                    Err(f) => Err(failure_value(ctx, f, &origin)),
                })
            },
        )?,
    )?;
    // fetchWrite(id, bytes) / fetchFinish(id, trailers) -> Promise<undefined>: a streamed
    // request body; trailers [name, value, ...] (or undefined) end a chunked one.
    native.set(
        "fetchWrite",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, data: TypedArray<'js, u8>| -> rquickjs::Result<Promise<'js>> {
                let ex = exchange(id).ok_or_else(|| closed_error(&ctx))?;
                let data = bytes::to_vec(&ctx, &data)?;
                write_promise(&ctx, ex, Some(data), Vec::new())
            },
        )?,
    )?;
    native.set(
        "fetchFinish",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             id: u32,
             trailers: rquickjs::function::Opt<Option<Vec<String>>>|
             -> rquickjs::Result<Promise<'js>> {
                let ex = exchange(id).ok_or_else(|| closed_error(&ctx))?;
                // Absent (fetch) or undefined (no addTrailers): none.
                write_promise(&ctx, ex, None, trailers.0.flatten().unwrap_or_default())
            },
        )?,
    )?;
    // fetchAbort(id): closes the connection; pending operations reject.
    native.set(
        "fetchAbort",
        Function::new(ctx.clone(), |id: u32| {
            if let Some(ex) = exchange(id) {
                ex.abort.fire();
                ex.fail();
            }
        })?,
    )?;
    // fetchUpgrade(id) -> [tcpId, head]: after a response that switched protocols, the
    // connection leaves HTTP for the net module (`tcp*` natives); `head` holds the bytes
    // received after the response head.
    native.set(
        "fetchUpgrade",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32| -> rquickjs::Result<Array<'js>> {
                let ex = exchange(id).ok_or_else(|| closed_error(&ctx))?;
                let conn = ex
                    .conn
                    .borrow_mut()
                    .take()
                    .ok_or_else(|| closed_error(&ctx))?;
                let mut decoder = conn.decoder;
                let head = decoder.take_buffered();
                ex.permit.borrow_mut().take();
                EXCHANGES.with(|t| t.borrow_mut().remove(&id));
                let tcp = super::net::adopt_stream(conn.stream);
                let out = Array::new(ctx.clone())?;
                out.set(0, tcp)?;
                out.set(1, TypedArray::<u8>::new(ctx, head)?)?;
                Ok(out)
            },
        )?,
    )?;
    Ok(())
}

fn write_promise<'js>(
    ctx: &Ctx<'js>,
    ex: Rc<Exchange>,
    data: Option<Vec<u8>>,
    trailers: Vec<String>,
) -> rquickjs::Result<Promise<'js>> {
    let origin = ex.origin.clone();
    let fut = async move {
        let r = ex.guard(ex.write_part(data, trailers)).await;
        if r.is_err() {
            ex.fail();
        }
        r
    };
    spawn_promise(ctx, fut, move |ctx, r| match r {
        Ok(()) => Ok(Value::new_undefined(ctx.clone())),
        Err(f) => Err(failure_value(ctx, f, &origin)),
    })
}
