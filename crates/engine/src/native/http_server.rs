//! HTTP server natives behind `node:http`'s Server: an accept-loop task per listener and a task
//! per connection that decodes requests with the codec, hands each head (one call) and body
//! piece to JavaScript, and frames what JavaScript answers with the codec's encoder.
//!
//! Requests on one connection are handled one at a time: pipelined bytes stay in the decoder
//! until the response before them has finished, so responses leave in order. Response bytes
//! collect in one buffer per connection and are sent from the JavaScript call that produced
//! them, so a head and its body leave in one send (no Nagle stall); whatever the socket does
//! not take at once is sent by the connection task when it becomes writable.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{self, Write as _};
use std::net::{IpAddr, SocketAddr};
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_codec::{
    BodyKind, BodyLength, Error as CodecError, Event, RequestDecoder, ResponseEncoder,
};
use rquickjs::{Array, Ctx, Function, Object, Persistent, TypedArray, Value};

use super::transport::Transport;
use crate::bytes;
use crate::errors::{self, throw_coded};
use crate::event_loop::{call_js, LoopRef};

/// Bytes asked of the decoder for each read.
const READ_SIZE: usize = 16 * 1024;
/// An output buffer larger than this is given back once drained, so one big response does not
/// pin its memory for the rest of the connection.
const OUT_KEEP: usize = 64 * 1024;
/// How long a closing connection waits for the peer's end of stream after its own, so that
/// unread request bytes do not turn the close into a reset that could destroy the response.
const LINGER: Duration = Duration::from_secs(2);

/// A flag a task waits on, raised by natives called from JavaScript.
#[derive(Default)]
struct Notify {
    raised: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Notify {
    fn raise(&self) {
        self.raised.set(true);
        if let Some(w) = self.waker.borrow_mut().take() {
            w.wake();
        }
    }

    async fn wait(&self) {
        std::future::poll_fn(|cx| {
            if self.raised.replace(false) {
                Poll::Ready(())
            } else {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}

/// The JavaScript functions a server reports to.
struct Callbacks {
    connection: Persistent<Function<'static>>,
    request: Persistent<Function<'static>>,
    body: Persistent<Function<'static>>,
    drain: Persistent<Function<'static>>,
    close: Persistent<Function<'static>>,
    client_error: Persistent<Function<'static>>,
    /// An HTTPS server's: a client's handshake failed (error, remote address and port).
    tls_client_error: Option<Persistent<Function<'static>>>,
}

/// Timeouts in milliseconds; 0 disables one.
#[derive(Clone, Copy)]
struct Timeouts {
    keep_alive: u64,
    headers: u64,
    request: u64,
}

struct Server {
    listener: reactor::TcpListener,
    /// For an HTTPS server: its certificate and key.
    tls: Option<tls::Acceptor>,
    stop: Notify,
    stopped: Cell<bool>,
    callbacks: Callbacks,
    timeouts: Cell<Timeouts>,
    /// The listener's hold on the loop; dropped by `unref()` or when it closes.
    hold: RefCell<Option<LoopRef>>,
}

/// Where a connection is in its current request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    /// Waiting for (the rest of) a request head.
    Head,
    /// Delivering the request body.
    Body,
    /// The request is read; waiting for the response to finish.
    Respond,
    /// Handed to JavaScript after a client error: no more HTTP, only raw writes.
    Raw,
    /// Ending: send what is buffered, then close.
    Closing,
}

/// Why a connection task waits.
enum Wait {
    Read,
    Idle,
    Close,
    Exit,
}

struct Conn {
    /// Plain TCP, or TLS for an HTTPS server.
    stream: Transport,
    server: Rc<Server>,
    decoder: RefCell<RequestDecoder>,
    encoder: RefCell<Option<ResponseEncoder>>,
    phase: Cell<Phase>,
    /// The response may carry body bytes (not HEAD, 204, 304).
    body_allowed: Cell<bool>,
    /// The current response has been finished by JavaScript.
    res_done: Cell<bool>,
    /// The connection stays open after the current response.
    keep_alive: Cell<bool>,
    /// JavaScript paused the request body.
    paused: Cell<bool>,
    /// Nobody will read the rest of the request body: its bytes are dropped here, and only
    /// its end is reported.
    discard_body: Cell<bool>,
    out: RefCell<Vec<u8>>,
    out_pos: Cell<usize>,
    /// Trailer fields for the end of the current (chunked) response: `res.addTrailers`.
    trailers: RefCell<Vec<(Vec<u8>, Vec<u8>)>>,
    /// JavaScript waits to hear when `out` is drained.
    want_drain: Cell<bool>,
    destroyed: Cell<bool>,
    /// Closing between requests (server.close(), keepAliveTimeout): no request bytes are in
    /// flight, so the close need not linger for the peer's end of stream.
    idle_close: Cell<bool>,
    /// The socket left HTTP for the net module (an upgrade or CONNECT): the task ends without
    /// closing it or reporting a close.
    detached: Cell<bool>,
    requests: Cell<u64>,
    /// When reading the current head (or idling before it) began.
    cycle_start: Cell<Instant>,
    notify: Notify,
}

thread_local! {
    static SERVERS: RefCell<HashMap<u32, Rc<Server>>> = RefCell::new(HashMap::new());
    static CONNS: RefCell<HashMap<u32, Rc<Conn>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    static DATE: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
}

fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    })
}

fn conn(id: u32) -> Option<Rc<Conn>> {
    CONNS.with(|t| t.borrow().get(&id).cloned())
}

fn server(id: u32) -> Option<Rc<Server>> {
    SERVERS.with(|t| t.borrow().get(&id).cloned())
}

/// The current time as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), formatted once a second.
fn with_http_date<R>(f: impl FnOnce(&str) -> R) -> R {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    DATE.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.0 != secs {
            cell.0 = secs;
            cell.1 = format_http_date(secs);
        }
        f(&cell.1)
    })
}

fn format_http_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs / 86400;
    let rem = secs % 86400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        day,
        MONTHS[(month - 1) as usize],
        year,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Header bytes as a JavaScript string: UTF-8 when they are, else Latin-1 as Node reads them.
fn header_text(b: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(b) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(b.iter().map(|&c| c as char).collect()),
    }
}

/// Node's `code` for a request the codec refused.
fn client_error_code(e: &CodecError) -> &'static str {
    match e.status() {
        413 => "HPE_CONTENT_LENGTH_TOO_LARGE",
        414 => "HPE_URI_TOO_LONG",
        431 => "HPE_HEADER_OVERFLOW",
        501 => "HPE_INVALID_TRANSFER_ENCODING",
        505 => "HPE_INVALID_VERSION",
        _ => "HPE_INVALID",
    }
}

impl Conn {
    /// Bytes not yet handed to the socket (encrypted records TLS still queues count as one).
    fn pending_out(&self) -> usize {
        self.out.borrow().len() - self.out_pos.get() + usize::from(self.stream.has_queued())
    }

    /// Sends what the socket takes now. `Ok(true)` once everything buffered is sent.
    fn try_flush(&self) -> io::Result<bool> {
        let mut out = self.out.borrow_mut();
        let mut pos = self.out_pos.get();
        while pos < out.len() {
            match self.stream.try_write(&out[pos..]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => pos += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.out_pos.set(pos);
                    return Ok(false);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.out_pos.set(pos);
                    return Err(e);
                }
            }
        }
        out.clear();
        if out.capacity() > OUT_KEEP {
            *out = Vec::new();
        }
        self.out_pos.set(0);
        self.stream.try_flush_queued()
    }

    /// Sends buffered output from a native call: the task takes over what does not fit, and a
    /// failed send ends the connection.
    fn flush_now(&self) {
        match self.try_flush() {
            Ok(true) => {}
            Ok(false) => self.notify.raise(),
            Err(_) => self.destroy(),
        }
    }

    fn destroy(&self) {
        self.destroyed.set(true);
        self.notify.raise();
    }

    /// The response was finished: the task may go on to the next request (or close).
    fn response_done(&self) {
        self.res_done.set(true);
        let keep = self
            .encoder
            .borrow()
            .as_ref()
            .is_some_and(ResponseEncoder::keep_alive);
        if !keep {
            self.keep_alive.set(false);
        }
        self.notify.raise();
    }

    /// The deadline of the current wait, from the server's timeouts.
    fn deadline(&self) -> Option<Instant> {
        let t = self.server.timeouts.get();
        let ms = match self.phase.get() {
            Phase::Head if self.requests.get() > 0 && self.decoder.borrow().buffered() == 0 => {
                t.keep_alive
            }
            Phase::Head => t.headers,
            Phase::Body => t.request,
            _ => 0,
        };
        (ms > 0).then(|| self.cycle_start.get() + Duration::from_millis(ms))
    }
}

/// Tells JavaScript about a request the codec refused (or a timeout) and, unless a
/// 'clientError' listener takes the socket, answers with the status and closes.
fn client_error(conn: &Rc<Conn>, id: u32, status: u16, code: &str, message: &str) {
    let mut handled = false;
    let cb = &conn.server.callbacks.client_error;
    call_js(|ctx| {
        let f = cb.clone().restore(ctx)?;
        handled = f.call::<_, bool>((id, status, code, message))?;
        Ok(())
    });
    if handled {
        // The listener may already have ended the socket; otherwise it owns it from now on.
        if conn.phase.get() != Phase::Closing {
            conn.phase.set(Phase::Raw);
        }
        return;
    }
    if !conn.destroyed.get() {
        let reason = http_codec::reason_phrase(status);
        let mut out = conn.out.borrow_mut();
        let _ = write!(
            out,
            "HTTP/1.1 {status} {reason}\r\nConnection: close\r\n\r\n"
        );
    }
    conn.flush_now();
    conn.phase.set(Phase::Closing);
}

/// Runs the codec as far as the bytes received and JavaScript's progress allow.
fn progress(conn: &Rc<Conn>, id: u32) -> Wait {
    loop {
        if conn.destroyed.get() {
            return Wait::Exit;
        }
        match conn.phase.get() {
            Phase::Head => {
                if conn.server.stopped.get()
                    && conn.requests.get() > 0
                    && conn.decoder.borrow().buffered() == 0
                {
                    return Wait::Close;
                }
                // Nothing to decode: wait for bytes without a call into JavaScript (at
                // the end of input the decoder still has to report it).
                let idle = {
                    let decoder = conn.decoder.borrow();
                    decoder.buffered() == 0 && !decoder.is_eof()
                };
                if idle {
                    return Wait::Read;
                }
                // The head is lent by the decoder: JavaScript gets its values straight
                // from the decoder's buffer, inside the call that hands them over.
                // Unchanged only if JavaScript is not called: the program is exiting.
                let mut step = HeadStep::Wait(Wait::Exit);
                call_js(|ctx| start_request(conn, id, ctx, &mut step));
                match step {
                    HeadStep::Started => {}
                    HeadStep::Wait(wait) => return wait,
                    HeadStep::Refused(e) => {
                        let status = e.status();
                        client_error(conn, id, status, client_error_code(&e), &e.to_string());
                    }
                }
            }
            Phase::Body => {
                if conn.res_done.get() && !conn.keep_alive.get() {
                    // The body would only be read to be thrown away.
                    conn.phase.set(Phase::Closing);
                    continue;
                }
                // A request answered early still gets the rest of its body, as in Node (the
                // handler may read it after answering), unless nobody will read it.
                if conn.paused.get() && !conn.discard_body.get() {
                    return Wait::Idle;
                }
                let mut decoder = conn.decoder.borrow_mut();
                match decoder.next_event() {
                    Ok(Event::Data(d)) => {
                        if conn.discard_body.get() {
                            continue;
                        }
                        let chunk = d.to_vec();
                        drop(decoder);
                        deliver_body(conn, id, Some(chunk));
                    }
                    Ok(Event::End(trailers)) => {
                        let trailers: Vec<String> = trailers
                            .iter()
                            .flat_map(|(n, v)| {
                                [header_text(n).into_owned(), header_text(v).into_owned()]
                            })
                            .collect();
                        drop(decoder);
                        conn.phase.set(Phase::Respond);
                        deliver_end(conn, id, trailers);
                    }
                    Ok(Event::NeedData) => return Wait::Read,
                    Ok(_) => return Wait::Close,
                    Err(CodecError::IncompleteMessage) => return Wait::Exit,
                    Err(e) => {
                        drop(decoder);
                        if conn
                            .encoder
                            .borrow()
                            .as_ref()
                            .is_some_and(|e| !e.is_finished())
                            && !conn.res_done.get()
                            && conn.out.borrow().is_empty()
                        {
                            let status = e.status();
                            client_error(conn, id, status, client_error_code(&e), &e.to_string());
                        } else {
                            return Wait::Exit;
                        }
                    }
                }
            }
            Phase::Respond => {
                if !conn.res_done.get() {
                    return Wait::Idle;
                }
                if !conn.keep_alive.get() || conn.server.stopped.get() {
                    conn.phase.set(Phase::Closing);
                    continue;
                }
                *conn.encoder.borrow_mut() = None;
                if conn.decoder.borrow_mut().start_next_cycle().is_err() {
                    return Wait::Close;
                }
                conn.cycle_start.set(Instant::now());
                conn.phase.set(Phase::Head);
            }
            Phase::Raw => return Wait::Idle,
            Phase::Closing => return Wait::Close,
        }
    }
}

/// `s` as bytes when every character is in 0-255 (HTTP field text), else `None`.
fn latin1_bytes(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(c as u32).ok()).collect()
}

/// The end of a request body: `body(connId, undefined, rawTrailers)` (no third argument
/// without trailers).
fn deliver_end(conn: &Rc<Conn>, id: u32, trailers: Vec<String>) {
    if trailers.is_empty() {
        deliver_body(conn, id, None);
        return;
    }
    let cb = &conn.server.callbacks.body;
    call_js(|ctx| {
        let f = cb.clone().restore(ctx)?;
        f.call::<_, ()>((id, Value::new_undefined(ctx.clone()), trailers))
    });
}

fn deliver_body(conn: &Rc<Conn>, id: u32, chunk: Option<Vec<u8>>) {
    let cb = &conn.server.callbacks.body;
    call_js(|ctx| {
        let f = cb.clone().restore(ctx)?;
        match chunk {
            Some(c) => f.call::<_, ()>((id, TypedArray::<u8>::new(ctx.clone(), c)?)),
            None => f.call::<_, ()>((id, Value::new_undefined(ctx.clone()))),
        }
    });
}

/// What became of an attempt to start a request from the bytes received.
enum HeadStep {
    Started,
    Wait(Wait),
    Refused(CodecError),
}

/// Takes the next request head from the decoder, sets the connection up for it and hands
/// it to JavaScript in one call: `request(connId, method, url, flags, rawHeaders)`, flags
/// 1 keep-alive, 2 expects 100-continue, 4 upgrade, 8 HTTP/1.0, 16 no body (the request
/// is already complete), 32 CONNECT.
fn start_request<'js>(
    conn: &Rc<Conn>,
    id: u32,
    ctx: &Ctx<'js>,
    step: &mut HeadStep,
) -> rquickjs::Result<()> {
    let mut decoder = conn.decoder.borrow_mut();
    let head = match decoder.next_event() {
        Ok(Event::Head(head)) => head,
        Ok(Event::NeedData) => {
            *step = HeadStep::Wait(Wait::Read);
            return Ok(());
        }
        Ok(_) => {
            *step = HeadStep::Wait(Wait::Close);
            return Ok(());
        }
        Err(e) => {
            *step = HeadStep::Refused(e);
            return Ok(());
        }
    };
    *step = HeadStep::Started;
    let mut flags = 0u32;
    if head.keep_alive() {
        flags |= 1;
    }
    if head.expects_continue() {
        flags |= 2;
    }
    if head.is_upgrade() {
        flags |= 4;
    }
    if head.version() == http_codec::Version::Http10 {
        flags |= 8;
    }
    if head.is_connect() {
        flags |= 32;
    }
    *conn.encoder.borrow_mut() = Some(ResponseEncoder::new(head));
    conn.body_allowed.set(!head.is_head());
    conn.res_done.set(false);
    conn.paused.set(false);
    conn.discard_body.set(false);
    conn.keep_alive.set(head.keep_alive());
    conn.requests.set(conn.requests.get() + 1);
    conn.cycle_start.set(Instant::now());
    conn.phase.set(Phase::Body);
    let method = rquickjs::String::from_str(ctx.clone(), head.method())?;
    let target = rquickjs::String::from_str(ctx.clone(), head.target())?;
    let raw = Array::new(ctx.clone())?;
    for (i, (name, value)) in head.headers().iter().enumerate() {
        raw.set(2 * i, header_text(name).as_ref())?;
        raw.set(2 * i + 1, header_text(value).as_ref())?;
    }
    let complete = head.body_kind() == BodyKind::None;
    // The end follows at once: take it now so that one call carries the whole request.
    if complete && matches!(decoder.next_event(), Ok(Event::End(_))) {
        conn.phase.set(Phase::Respond);
        flags |= 16;
    }
    // JavaScript may write the response at once, which reads the decoder again.
    drop(decoder);
    let f = conn.server.callbacks.request.clone().restore(ctx)?;
    f.call::<_, ()>((id, method, target, flags, raw))
}

/// Reads into the decoder what the socket has. `Ok(false)`: nothing now.
fn read_some(conn: &Conn) -> io::Result<bool> {
    let mut decoder = conn.decoder.borrow_mut();
    // A head fits in the decoder's smallest buffer; only bodies get big reads. An idle
    // keep-alive connection (most of them, on a busy server) then holds 4 KiB, not 16.
    let want = if conn.phase.get() == Phase::Body {
        READ_SIZE
    } else {
        1
    };
    let spare = decoder.spare(want);
    if spare.is_empty() {
        // The decoder's buffer is at its cap; it reports the limit on the next event.
        return Ok(true);
    }
    match conn.stream.try_read(spare) {
        Ok(0) => {
            decoder.feed_eof();
            Ok(true)
        }
        Ok(n) => {
            decoder.filled(n);
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(true),
        Err(e) => Err(e),
    }
}

/// Waits until `cond` future, the notify, or the deadline: whichever comes first.
async fn wait_for(conn: &Conn, read: bool, deadline: Option<Instant>) -> bool {
    let write = conn.pending_out() > 0;
    let io = async {
        match (read, write) {
            (true, true) => {
                let _ =
                    futures_lite::future::or(conn.stream.readable(), conn.stream.writable()).await;
            }
            (true, false) => {
                let _ = conn.stream.readable().await;
            }
            (false, true) => {
                let _ = conn.stream.writable().await;
            }
            (false, false) => std::future::pending::<()>().await,
        }
        false
    };
    let timer = async {
        match deadline {
            Some(d) => {
                reactor::Timer::at(d).await;
                true
            }
            None => std::future::pending().await,
        }
    };
    let notified = async {
        conn.notify.wait().await;
        false
    };
    futures_lite::future::or(io, futures_lite::future::or(notified, timer)).await
}

/// The life of one connection: decode, hand to JavaScript, send, until it closes.
async fn run_conn(conn: Rc<Conn>, id: u32) {
    let _hold = LoopRef::new();
    let mut lingering: Option<Instant> = None;
    let mut served = conn.requests.get();
    loop {
        if conn.requests.get() != served {
            // One request per turn: a client that sends the next request at once must not
            // keep the other connections waiting.
            served = conn.requests.get();
            futures_lite::future::yield_now().await;
        }
        let wait = progress(&conn, id);
        if conn.pending_out() > 0 && conn.try_flush().is_err() {
            break;
        }
        if conn.pending_out() == 0 && conn.want_drain.replace(false) {
            let cb = &conn.server.callbacks.drain;
            call_js(|ctx| cb.clone().restore(ctx)?.call::<_, ()>((id,)));
            // JavaScript may have written more, finished, or destroyed the connection.
            continue;
        }
        let (read, deadline) = match wait {
            Wait::Exit => break,
            Wait::Read => match read_some(&conn) {
                Ok(true) => continue,
                Ok(false) => (true, conn.deadline()),
                Err(_) => break,
            },
            Wait::Idle => (false, conn.deadline()),
            Wait::Close => {
                if conn.pending_out() > 0 {
                    (false, None)
                } else {
                    // Our end of stream, then wait (briefly) for the peer's; an idle
                    // connection only drops what is already there.
                    let until = *lingering.get_or_insert_with(|| {
                        conn.stream.shutdown_write();
                        let linger = if conn.idle_close.get() {
                            Duration::ZERO
                        } else {
                            LINGER
                        };
                        Instant::now() + linger
                    });
                    let mut scratch = [0u8; 4096];
                    match conn.stream.try_read(&mut scratch) {
                        Ok(0) => break,
                        Ok(_) => continue,
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                        Err(_) => break,
                    }
                    if Instant::now() >= until {
                        break;
                    }
                    (true, Some(until))
                }
            }
        };
        let timed_out = wait_for(&conn, read, deadline).await;
        if timed_out && lingering.is_none() {
            match conn.phase.get() {
                Phase::Head if conn.requests.get() > 0 && conn.decoder.borrow().buffered() == 0 => {
                    // keepAliveTimeout: an idle connection just ends.
                    conn.idle_close.set(true);
                    conn.phase.set(Phase::Closing);
                }
                Phase::Head | Phase::Body => {
                    let msg = "request timed out before the whole request arrived";
                    client_error(&conn, id, 408, "ERR_HTTP_REQUEST_TIMEOUT", msg);
                }
                _ => {}
            }
        }
    }
    conn.destroyed.set(true);
    if conn.detached.get() {
        return;
    }
    conn.stream.close();
    CONNS.with(|t| t.borrow_mut().remove(&id));
    let aborted = conn.phase.get() == Phase::Body && !conn.res_done.get();
    let cb = &conn.server.callbacks.close;
    call_js(|ctx| cb.clone().restore(ctx)?.call::<_, ()>((id, aborted)));
}

/// Accepts connections until the server closes.
async fn run_listener(server: Rc<Server>) {
    loop {
        let stopped = async {
            server.stop.wait().await;
            None
        };
        let accepted = async { Some(server.listener.accept().await) };
        let (stream, peer) = match futures_lite::future::or(stopped, accepted).await {
            None => break,
            Some(Ok(pair)) => pair,
            Some(Err(_)) if server.stopped.get() => break,
            // A failed accept (the peer already gone, no descriptors left) ends no server.
            Some(Err(_)) => {
                reactor::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        // Where the platform allows it (not WasmEdge), small responses leave at once.
        let _ = stream.set_nodelay(true);
        match &server.tls {
            None => start_conn(&server, Transport::Tcp(stream), peer),
            // The handshake runs in the connection's own task: a slow or silent client must
            // not hold up the others.
            Some(acceptor) => {
                let (acceptor, server) = (acceptor.clone(), server.clone());
                reactor::spawn(async move {
                    let _hold = LoopRef::new();
                    // A failed handshake (the client refused the certificate, spoke no TLS,
                    // had no certificate to show, went away or said nothing) ends only this
                    // connection, and is the server's 'tlsClientError'.
                    match super::transport::accept(&acceptor, stream).await {
                        Ok(tls) if !server.stopped.get() => {
                            start_conn(&server, Transport::Tls(tls), peer)
                        }
                        Ok(_) => {}
                        Err(e) => {
                            if let Some(cb) = &server.callbacks.tls_client_error {
                                call_js(|ctx| {
                                    let f = cb.clone().restore(ctx)?;
                                    let err = super::transport::tls_error_value(ctx, &e, "")
                                        .unwrap_or_else(|| {
                                            errors::io_error(ctx, &e, "handshake", None)
                                        });
                                    f.call::<_, ()>((err, peer.ip().to_string(), peer.port()))
                                });
                            }
                        }
                    }
                })
                .detach();
            }
        }
    }
    server.listener.close();
    server.hold.borrow_mut().take();
}

/// Serves a new connection: registers it, tells JavaScript, and starts its task.
fn start_conn(server: &Rc<Server>, stream: Transport, peer: SocketAddr) {
    let id = next_id();
    let conn = Rc::new(Conn {
        stream,
        trailers: RefCell::new(Vec::new()),
        server: server.clone(),
        decoder: RefCell::new(RequestDecoder::with_limits(super::http_limits())),
        encoder: RefCell::new(None),
        phase: Cell::new(Phase::Head),
        body_allowed: Cell::new(true),
        res_done: Cell::new(false),
        keep_alive: Cell::new(true),
        paused: Cell::new(false),
        discard_body: Cell::new(false),
        out: RefCell::new(Vec::new()),
        out_pos: Cell::new(0),
        want_drain: Cell::new(false),
        destroyed: Cell::new(false),
        idle_close: Cell::new(false),
        detached: Cell::new(false),
        requests: Cell::new(0),
        cycle_start: Cell::new(Instant::now()),
        notify: Notify::default(),
    });
    CONNS.with(|t| t.borrow_mut().insert(id, conn.clone()));
    let local = conn.stream.tcp().local_addr().ok();
    let cb = &server.callbacks.connection;
    call_js(|ctx| {
        let f = cb.clone().restore(ctx)?;
        let (lip, lport) = match local {
            Some(a) => (a.ip().to_string(), a.port()),
            None => (String::new(), 0),
        };
        f.call::<_, ()>((
            id,
            peer.ip().to_string(),
            peer.port(),
            lip,
            lport,
            peer.is_ipv6(),
        ))
    });
    reactor::spawn(run_conn(conn, id)).detach();
}

/// Body bytes from JavaScript: a string (UTF-8) or a Uint8Array, or nothing.
enum Chunk<'js> {
    None,
    Text(String),
    Bytes(TypedArray<'js, u8>),
}

fn chunk<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> rquickjs::Result<Chunk<'js>> {
    if v.is_undefined() || v.is_null() {
        Ok(Chunk::None)
    } else if let Some(s) = v.as_string() {
        Ok(Chunk::Text(s.to_string()?))
    } else if let Ok(a) = TypedArray::<u8>::from_value(v.clone()) {
        Ok(Chunk::Bytes(a))
    } else {
        Err(throw_coded(
            ctx,
            "ERR_INVALID_ARG_TYPE",
            "The \"chunk\" argument must be of type string or an instance of Buffer or Uint8Array",
        ))
    }
}

fn with_chunk<'js, R>(
    ctx: &Ctx<'js>,
    c: &Chunk<'js>,
    f: impl FnOnce(&[u8]) -> R,
) -> rquickjs::Result<R> {
    match c {
        Chunk::None => Ok(f(&[])),
        Chunk::Text(s) => Ok(f(s.as_bytes())),
        Chunk::Bytes(a) => bytes::with_bytes(ctx, a, f),
    }
}

/// Encodes a body piece (dropped when the response may carry no body: HEAD, 204, 304) and, when
/// `end`, the end of the message.
/// `trailers` end a chunked body; without chunked framing they are dropped, as Node drops them.
fn write_body_and_end(
    enc: &mut ResponseEncoder,
    body: &[u8],
    allowed: bool,
    end: bool,
    trailers: &[(Vec<u8>, Vec<u8>)],
    out: &mut Vec<u8>,
) -> Result<(), CodecError> {
    if allowed {
        enc.write_body(body, out)?;
    }
    if end {
        if trailers.is_empty() {
            enc.finish(out)?;
        } else {
            let pairs = trailers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
            match enc.finish_with_trailers(pairs, out) {
                Err(CodecError::InvalidState(_)) => enc.finish(out)?,
                other => other?,
            }
        }
    }
    Ok(())
}

fn encode_error<'js>(ctx: &Ctx<'js>, e: CodecError) -> rquickjs::Error {
    match e {
        CodecError::BodyTooLong | CodecError::BodyTooShort => throw_coded(
            ctx,
            "ERR_HTTP_CONTENT_LENGTH_MISMATCH",
            "Response body's content-length does not match the bytes written",
        ),
        CodecError::InvalidHeaderField => {
            throw_coded(ctx, "ERR_INVALID_HTTP_TOKEN", "Invalid header field")
        }
        CodecError::InvalidStartLine => throw_coded(
            ctx,
            "ERR_HTTP_INVALID_STATUS_CODE",
            "Invalid status code or message",
        ),
        other => throw_coded(ctx, "ERR_HTTP_INVALID_STATE", &other.to_string()),
    }
}

/// After a write: how many bytes wait for the socket (-1 when the connection is gone), and
/// a request for a drain report when any do.
fn after_write(conn: &Conn) -> f64 {
    if conn.res_done.get()
        && conn.phase.get() == Phase::Respond
        && conn.decoder.borrow().buffered() > 0
    {
        // A pipelined request is already waiting: its response joins this one in the same
        // send (the task sends after answering what is buffered), rather than a second small
        // send that Nagle would hold back until the client's delayed ACK.
        conn.want_drain.set(true);
        conn.notify.raise();
        return conn.pending_out() as f64;
    }
    conn.flush_now();
    if conn.destroyed.get() {
        return -1.0;
    }
    let pending = conn.pending_out();
    if pending > 0 {
        conn.want_drain.set(true);
        conn.notify.raise();
    }
    pending as f64
}

/// The bytes of a string as QuickJS hands it out: UTF-8, except that a lone surrogate comes
/// in its three-byte form (so `CString::as_str`, which assumes valid UTF-8, is not used).
fn js_bytes<'a>(text: &'a rquickjs::CString<'_>) -> &'a [u8] {
    // SAFETY: QuickJS keeps `len()` bytes at `as_ptr()` until `text` is dropped.
    unsafe { std::slice::from_raw_parts(text.as_ptr().cast::<u8>(), text.len()) }
}

/// A flat `[name, value, ...]` list of strings from JavaScript, read in place: no copy of
/// each string into Rust's heap.
struct FlatFields<'js>(Vec<rquickjs::CString<'js>>);

impl<'js> FlatFields<'js> {
    fn new(ctx: &Ctx<'js>, list: &Array<'js>) -> rquickjs::Result<Self> {
        let mut texts = Vec::with_capacity(list.len());
        for i in 0..list.len() {
            let text = list.get::<rquickjs::String<'js>>(i)?.to_cstring()?;
            if std::str::from_utf8(js_bytes(&text)).is_err() {
                return Err(throw_coded(
                    ctx,
                    "ERR_INVALID_CHAR",
                    "Invalid character in header content",
                ));
            }
            texts.push(text);
        }
        Ok(FlatFields(texts))
    }

    /// The fields as name/value pairs (checked to be UTF-8 by `new`).
    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> + use<'_, 'js> {
        fn text<'a>(t: &'a rquickjs::CString<'_>) -> &'a str {
            std::str::from_utf8(js_bytes(t)).unwrap_or_default()
        }
        self.0.chunks_exact(2).map(|p| (text(&p[0]), text(&p[1])))
    }
}

fn listen_error<'js>(ctx: &Ctx<'js>, e: &io::Error, host: &str, port: u16) -> rquickjs::Error {
    ctx.throw(errors::io_error(ctx, e, "listen", Some((host, port))))
}

fn save<'js>(
    ctx: &Ctx<'js>,
    o: &Object<'js>,
    name: &str,
) -> rquickjs::Result<Persistent<Function<'static>>> {
    Ok(Persistent::save(ctx, o.get::<_, Function<'js>>(name)?))
}

/// Whether a header value, as QuickJS hands it out (UTF-8; lone surrogates as their
/// three-byte form), holds a character a field value may not carry: a control character
/// other than tab, DEL, or anything above U+00FF (Node's rule for header values).
fn bad_value_char(value: &[u8]) -> bool {
    value
        .iter()
        .any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f || b >= 0xc4)
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    // httpBadValue(string) -> whether it holds a character no header value may carry.
    native.set(
        "httpBadValue",
        Function::new(
            ctx.clone(),
            |value: rquickjs::String<'js>| -> rquickjs::Result<bool> {
                Ok(bad_value_char(js_bytes(&value.to_cstring()?)))
            },
        )?,
    )?;
    // httpListen(host, port, backlog, callbacks, [keepAlive, headers, request] ms) -> id.
    native.set(
        "httpListen",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             host: String,
             port: u16,
             backlog: u32,
             cbs: Object<'js>,
             t: Vec<f64>,
             acceptor: rquickjs::function::Opt<u32>|
             -> rquickjs::Result<Vec<f64>> {
                let tls = match acceptor.0 {
                    Some(a) => Some(super::transport::acceptor(a).ok_or_else(|| {
                        throw_coded(&ctx, "ERR_INVALID_ARG_VALUE", "unknown TLS context")
                    })?),
                    None => None,
                };
                let ip: IpAddr = match host.trim_start_matches('[').trim_end_matches(']') {
                    "localhost" => IpAddr::from([127, 0, 0, 1]),
                    h => h.parse().map_err(|_| {
                        throw_coded(
                            &ctx,
                            "ERR_INVALID_IP_ADDRESS",
                            &format!("Invalid IP address: {host}"),
                        )
                    })?,
                };
                let listener = reactor::TcpListener::bind_with_backlog(
                    SocketAddr::new(ip, port),
                    backlog.max(1),
                )
                .map_err(|e| listen_error(&ctx, &e, &host, port))?;
                let local = listener
                    .local_addr()
                    .map_err(|e| listen_error(&ctx, &e, &host, port))?;
                let callbacks = Callbacks {
                    connection: save(&ctx, &cbs, "connection")?,
                    request: save(&ctx, &cbs, "request")?,
                    body: save(&ctx, &cbs, "body")?,
                    drain: save(&ctx, &cbs, "drain")?,
                    close: save(&ctx, &cbs, "close")?,
                    client_error: save(&ctx, &cbs, "clientError")?,
                    tls_client_error: cbs
                        .get::<_, Option<Function<'js>>>("tlsClientError")?
                        .map(|f| Persistent::save(&ctx, f)),
                };
                let ms = |i: usize| t.get(i).copied().unwrap_or(0.0).max(0.0) as u64;
                let server = Rc::new(Server {
                    listener,
                    tls,
                    stop: Notify::default(),
                    stopped: Cell::new(false),
                    callbacks,
                    timeouts: Cell::new(Timeouts {
                        keep_alive: ms(0),
                        headers: ms(1),
                        request: ms(2),
                    }),
                    hold: RefCell::new(Some(LoopRef::new())),
                });
                let id = next_id();
                SERVERS.with(|t| t.borrow_mut().insert(id, server.clone()));
                reactor::spawn(run_listener(server)).detach();
                Ok(vec![id as f64, f64::from(local.port())])
            },
        )?,
    )?;
    // tlsAcceptor(certPem, keyPem, alpn, clients) -> id: a TLS server's certificate and key,
    // checked now (a bad one throws, as Node's createServer does), for httpListen and
    // tlsServerHandshake. `clients`, when given, is `{ ca, required }`: ask clients for
    // certificates issued by `ca` (PEM; undefined: Mozilla's roots), refusing those without
    // one that verifies when `required`.
    native.set(
        "tlsAcceptor",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             cert: String,
             key: String,
             alpn: Vec<String>,
             clients: rquickjs::function::Opt<Option<Object<'js>>>|
             -> rquickjs::Result<u32> {
                let alpn: Vec<&[u8]> = alpn.iter().map(|p| p.as_bytes()).collect();
                let auth = match clients.0.flatten() {
                    Some(c) => Some(tls::ClientAuth {
                        ca_pem: c.get::<_, Option<String>>("ca")?.map(String::into_bytes),
                        required: c.get::<_, Option<bool>>("required")?.unwrap_or(true),
                    }),
                    None => None,
                };
                let acceptor =
                    tls::Acceptor::with_client_auth(cert.as_bytes(), key.as_bytes(), &alpn, auth)
                        .map_err(|e| {
                        let code = match e {
                            tls::ConfigError::BadKey(_) => "ERR_TLS_INVALID_KEY",
                            _ => "ERR_TLS_INVALID_CERT",
                        };
                        throw_coded(&ctx, code, &e.to_string())
                    })?;
                Ok(super::transport::add_acceptor(acceptor))
            },
        )?,
    )?;
    // httpTlsInfo(connId) -> transport::tls_info of an HTTPS connection (empty for HTTP).
    native.set(
        "httpTlsInfo",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32| -> rquickjs::Result<rquickjs::Array<'js>> {
                match conn(id).as_deref().map(|c| &c.stream) {
                    Some(Transport::Tls(tls)) => super::transport::tls_info(&ctx, tls, "", false),
                    _ => rquickjs::Array::new(ctx.clone()),
                }
            },
        )?,
    )?;
    native.set(
        "httpServerTimeouts",
        Function::new(ctx.clone(), |id: u32, t: Vec<f64>| {
            if let Some(s) = server(id) {
                let ms = |i: usize| t.get(i).copied().unwrap_or(0.0).max(0.0) as u64;
                s.timeouts.set(Timeouts {
                    keep_alive: ms(0),
                    headers: ms(1),
                    request: ms(2),
                });
                // Waiting connections pick up the new deadlines.
                CONNS.with(|c| {
                    for conn in c.borrow().values() {
                        if Rc::ptr_eq(&conn.server, &s) {
                            conn.notify.raise();
                        }
                    }
                });
            }
        })?,
    )?;
    native.set(
        "httpServerRef",
        Function::new(ctx.clone(), |id: u32, keep: bool| {
            if let Some(s) = server(id) {
                let mut hold = s.hold.borrow_mut();
                if keep && hold.is_none() && !s.stopped.get() {
                    *hold = Some(LoopRef::new());
                } else if !keep {
                    hold.take();
                }
            }
        })?,
    )?;
    // httpUpgrade(connId) -> [tcpId, head]: the connection leaves HTTP ('upgrade' and
    // 'connect' listeners take it): its socket becomes a `tcp*` resource, and `head` holds the
    // bytes received after the request head. Output still buffered is sent first if the
    // socket takes it now.
    native.set(
        "httpUpgrade",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32| -> rquickjs::Result<Array<'js>> {
                let Some(conn) = conn(id) else {
                    return Err(crate::errors::throw_coded(
                        &ctx,
                        "ERR_SOCKET_CLOSED",
                        "This socket has been closed",
                    ));
                };
                let head = conn.decoder.borrow_mut().take_buffered();
                if conn.pending_out() > 0 {
                    let _ = conn.try_flush();
                }
                conn.detached.set(true);
                conn.destroy();
                CONNS.with(|t| t.borrow_mut().remove(&id));
                let tcp = super::net::adopt_stream(conn.stream.clone());
                let out = Array::new(ctx.clone())?;
                out.set(0, tcp)?;
                out.set(1, rquickjs::TypedArray::new(ctx, head)?)?;
                Ok(out)
            },
        )?,
    )?;
    // httpServerClose(id, mode): bits 1 stop accepting, 2 end idle connections, 4 end all,
    // 8 forget the server (after its 'close').
    native.set(
        "httpServerClose",
        Function::new(ctx.clone(), |id: u32, mode: u32| {
            let Some(s) = server(id) else { return };
            if mode & 1 != 0 && !s.stopped.get() {
                s.stopped.set(true);
                s.stop.raise();
            }
            if mode & 8 != 0 {
                SERVERS.with(|t| t.borrow_mut().remove(&id));
            }
            if mode & 6 == 0 {
                return;
            }
            CONNS.with(|c| {
                for conn in c.borrow().values() {
                    if !Rc::ptr_eq(&conn.server, &s) {
                        continue;
                    }
                    let idle =
                        conn.phase.get() == Phase::Head && conn.decoder.borrow().buffered() == 0;
                    if mode & 4 != 0 {
                        conn.destroy();
                    } else if idle {
                        conn.idle_close.set(true);
                        conn.phase.set(Phase::Closing);
                        conn.notify.raise();
                    }
                }
            });
        })?,
    )?;
    // httpRespond(connId, status, reason, headers [n, v, ...], body, flags) -> pending bytes.
    // flags: 1 end (the body is the whole body), 2 add a Date field.
    native.set(
        "httpRespond",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             id: u32,
             status: u16,
             reason: String,
             headers: Array<'js>,
             body: Value<'js>,
             flags: u32|
             -> rquickjs::Result<f64> {
                let Some(conn) = conn(id) else {
                    return Ok(-1.0);
                };
                let headers = FlatFields::new(&ctx, &headers)?;
                if conn.destroyed.get() {
                    return Ok(-1.0);
                }
                let end = flags & 1 != 0;
                let body = chunk(&ctx, body)?;
                let mut enc_slot = conn.encoder.borrow_mut();
                let Some(enc) = enc_slot.as_mut() else {
                    return Err(throw_coded(
                        &ctx,
                        "ERR_HTTP_HEADERS_SENT",
                        "Cannot write headers after they are sent to the client",
                    ));
                };
                let no_body = (100..200).contains(&status) || status == 204 || status == 304;
                if no_body {
                    conn.body_allowed.set(false);
                }
                let allowed = conn.body_allowed.get();
                // Trailers set for this response go with it (or are dropped with it).
                let trailers = if end {
                    conn.trailers.take()
                } else {
                    Vec::new()
                };
                let mut out = conn.out.borrow_mut();
                let r = with_chunk(&ctx, &body, |b| {
                    let length = if end {
                        // HEAD announces the length the body would have had.
                        BodyLength::Known(b.len() as u64)
                    } else {
                        BodyLength::Unknown
                    };
                    let written = if flags & 2 != 0 {
                        with_http_date(|date| {
                            enc.write_head(
                                status,
                                &reason,
                                headers.pairs().chain([("Date", date)]),
                                length,
                                &mut out,
                            )
                        })
                    } else {
                        enc.write_head(status, &reason, headers.pairs(), length, &mut out)
                    };
                    written
                        .and_then(|_| write_body_and_end(enc, b, allowed, end, &trailers, &mut out))
                })?;
                drop(out);
                drop(enc_slot);
                if let Err(e) = r {
                    return Err(encode_error(&ctx, e));
                }
                if end {
                    conn.response_done();
                }
                Ok(after_write(&conn))
            },
        )?,
    )?;
    // httpTrailers(connId, [name, value, ...]): trailer fields for the end of the response
    // (sent with a chunked body only).
    native.set(
        "httpTrailers",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, fields: Vec<String>| -> rquickjs::Result<()> {
                let Some(conn) = conn(id) else {
                    return Ok(());
                };
                let mut pairs = Vec::with_capacity(fields.len() / 2);
                for pair in fields.chunks(2) {
                    let (Some(n), Some(v)) = (pair.first(), pair.get(1)) else {
                        break;
                    };
                    let (Some(n), Some(v)) = (latin1_bytes(n), latin1_bytes(v)) else {
                        return Err(throw_coded(
                            &ctx,
                            "ERR_INVALID_CHAR",
                            &format!("Invalid character in trailer content [\"{n}\"]"),
                        ));
                    };
                    pairs.push((n, v));
                }
                *conn.trailers.borrow_mut() = pairs;
                Ok(())
            },
        )?,
    )?;
    // httpWrite(connId, body, end) -> pending bytes: more of the body after httpRespond.
    native.set(
        "httpWrite",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, body: Value<'js>, end: bool| -> rquickjs::Result<f64> {
                let Some(conn) = conn(id) else {
                    return Ok(-1.0);
                };
                if conn.destroyed.get() {
                    return Ok(-1.0);
                }
                let body = chunk(&ctx, body)?;
                let allowed = conn.body_allowed.get();
                let mut enc_slot = conn.encoder.borrow_mut();
                let Some(enc) = enc_slot.as_mut() else {
                    return Ok(-1.0);
                };
                let trailers = if end {
                    conn.trailers.take()
                } else {
                    Vec::new()
                };
                let mut out = conn.out.borrow_mut();
                let r = with_chunk(&ctx, &body, |b| {
                    write_body_and_end(enc, b, allowed, end, &trailers, &mut out)
                })?;
                drop(out);
                drop(enc_slot);
                if let Err(e) = r {
                    if end {
                        // The framing is broken: the connection cannot carry another message.
                        conn.keep_alive.set(false);
                        conn.response_done();
                    }
                    return Err(encode_error(&ctx, e));
                }
                if end {
                    conn.response_done();
                }
                Ok(after_write(&conn))
            },
        )?,
    )?;
    // httpContinue(connId): an interim `100 Continue`.
    native.set(
        "httpContinue",
        Function::new(ctx.clone(), |id: u32| {
            let Some(conn) = conn(id) else { return };
            if let Some(enc) = conn.encoder.borrow_mut().as_mut() {
                let no_fields: [(&str, &str); 0] = [];
                let _ = enc.write_interim(100, no_fields, &mut conn.out.borrow_mut());
            }
            conn.flush_now();
        })?,
    )?;
    // httpRawWrite(connId, bytes|string, end) -> pending: the socket outside HTTP framing
    // (a 'clientError' listener's answer).
    native.set(
        "httpRawWrite",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, data: Value<'js>, end: bool| -> rquickjs::Result<f64> {
                let Some(conn) = conn(id) else {
                    return Ok(-1.0);
                };
                let data = chunk(&ctx, data)?;
                with_chunk(&ctx, &data, |b| conn.out.borrow_mut().extend_from_slice(b))?;
                if end {
                    conn.keep_alive.set(false);
                    conn.phase.set(Phase::Closing);
                }
                Ok(after_write(&conn))
            },
        )?,
    )?;
    native.set(
        "httpPause",
        Function::new(ctx.clone(), |id: u32, paused: bool| {
            if let Some(conn) = conn(id) {
                conn.paused.set(paused);
                if !paused {
                    conn.notify.raise();
                }
            }
        })?,
    )?;
    native.set(
        "httpDiscardBody",
        Function::new(ctx.clone(), |id: u32| {
            if let Some(conn) = conn(id) {
                conn.discard_body.set(true);
                conn.notify.raise();
            }
        })?,
    )?;
    native.set(
        "httpDestroy",
        Function::new(ctx.clone(), |id: u32| {
            if let Some(conn) = conn(id) {
                conn.destroy();
            }
        })?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{bad_value_char, format_http_date};

    #[test]
    fn header_value_characters() {
        for ok in ["", "text/plain", "a\tb", "caf\u{e9}", "\u{ff}", " ~"] {
            assert!(!bad_value_char(ok.as_bytes()), "{ok:?}");
        }
        for bad in [
            "\u{100}",
            "a\nb",
            "a\rb",
            "nul\0",
            "\u{7f}",
            "\u{1b}",
            "\u{2028}",
            "\u{1f600}",
        ] {
            assert!(bad_value_char(bad.as_bytes()), "{bad:?}");
        }
        // A lone surrogate as QuickJS writes it (three bytes from 0xED).
        assert!(bad_value_char(&[b'a', 0xed, 0xa0, 0x80]));
    }

    #[test]
    fn formats_dates() {
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            format_http_date(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(
            format_http_date(951_782_400),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
    }
}
