//! Asynchronous TCP: a listener and a stream over the reactor, the same API on every backend.

use crate::reactor::{self, Direction};
use crate::sys::{self, RawFd};
use futures_lite::{AsyncRead, AsyncWrite};
use std::cell::RefCell;
use std::fmt;
use std::future::{poll_fn, Future};
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{Shutdown, SocketAddr};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// The backlog [`TcpListener::bind`] asks for.
pub const DEFAULT_BACKLOG: u32 = 1024;

/// A socket shared by every clone of a handle: closed once, by `close()` or the last drop.
struct Shared {
    socket: RefCell<Option<sys::Socket>>,
}

impl Shared {
    fn new(socket: sys::Socket) -> Rc<Shared> {
        Rc::new(Shared {
            socket: RefCell::new(Some(socket)),
        })
    }

    /// Runs a non-blocking operation on the socket, or fails if it was closed.
    fn with<R>(&self, op: impl FnOnce(&sys::Socket) -> io::Result<R>) -> io::Result<R> {
        match &*self.socket.borrow() {
            Some(socket) => op(socket),
            None => Err(io::Error::new(
                io::ErrorKind::NotConnected,
                "socket is closed",
            )),
        }
    }

    /// Runs `op`; on `WouldBlock` registers the task for `dir` readiness and stays pending.
    fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        mut op: impl FnMut(&sys::Socket) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        loop {
            let result = self.with(|s| match op(s) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    reactor::register(s.fd(), dir, cx.waker());
                    Err(e)
                }
                other => other,
            });
            match result {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Poll::Pending,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => return Poll::Ready(other),
            }
        }
    }

    fn fd(&self) -> Option<RawFd> {
        self.socket.borrow().as_ref().map(sys::Socket::fd)
    }

    fn close(&self) {
        let socket = self.socket.borrow_mut().take();
        if let Some(socket) = socket {
            reactor::deregister(socket.fd());
            drop(socket);
        }
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.close();
    }
}

/// Completes on the first poll after the reactor has woken it (readiness, an error, or a
/// spurious wake-up: callers retry their operation and wait again on `WouldBlock`).
fn readiness(shared: &Shared, dir: Direction) -> impl Future<Output = io::Result<()>> + '_ {
    let mut registered = false;
    poll_fn(move |cx| {
        if registered {
            return Poll::Ready(Ok(()));
        }
        match shared.fd() {
            Some(fd) => {
                reactor::register(fd, dir, cx.waker());
                registered = true;
                Poll::Pending
            }
            None => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::NotConnected,
                "socket is closed",
            ))),
        }
    })
}

/// A TCP listening socket.
#[derive(Clone)]
pub struct TcpListener {
    shared: Rc<Shared>,
}

impl fmt::Debug for TcpListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpListener")
            .field("local_addr", &self.local_addr().ok())
            .finish()
    }
}

impl TcpListener {
    /// Binds `addr` (port 0 picks a free port) with `SO_REUSEADDR` and a backlog of
    /// [`DEFAULT_BACKLOG`].
    pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
        TcpListener::bind_with_backlog(addr, DEFAULT_BACKLOG)
    }

    /// Binds `addr` with `SO_REUSEADDR` and the given listen backlog.
    pub fn bind_with_backlog(addr: SocketAddr, backlog: u32) -> io::Result<TcpListener> {
        let socket = sys::Socket::open(&addr)?;
        socket.set_reuseaddr()?;
        socket
            .bind(&addr)
            .map_err(|e| with_context(e, "bind", addr))?;
        socket.listen(backlog)?;
        Ok(TcpListener {
            shared: Shared::new(socket),
        })
    }

    /// The bound address, with the real port when bound to port 0.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.shared.with(sys::Socket::local_addr)
    }

    /// Waits for the next connection.
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        poll_fn(|cx| self.poll_accept(cx)).await
    }

    /// Polls for the next connection: the building block of [`TcpListener::accept`].
    pub fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<(TcpStream, SocketAddr)>> {
        self.shared
            .poll_io(cx, Direction::Read, sys::Socket::accept)
            .map_ok(|(socket, peer)| {
                (
                    TcpStream {
                        shared: Shared::new(socket),
                    },
                    peer,
                )
            })
    }

    /// Closes the listener now, for every clone; later calls fail with `NotConnected`.
    pub fn close(&self) {
        self.shared.close();
    }
}

/// A TCP connection. Clones share the socket, which closes when the last clone is dropped
/// or [`TcpStream::close`] is called.
///
/// Both `TcpStream` and `&TcpStream` implement [`AsyncRead`] and [`AsyncWrite`], so one
/// task can read while another writes. `poll_close` (e.g. `AsyncWriteExt::close`) shuts down
/// the write half; [`TcpStream::close`] closes the socket.
#[derive(Clone)]
pub struct TcpStream {
    shared: Rc<Shared>,
}

impl fmt::Debug for TcpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpStream")
            .field("local_addr", &self.local_addr().ok())
            .field("peer_addr", &self.peer_addr().ok())
            .finish()
    }
}

fn with_context(e: io::Error, what: &str, addr: SocketAddr) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {addr}: {e}"))
}

impl TcpStream {
    /// Connects to `addr` without blocking the thread. A refused connection fails with
    /// [`io::ErrorKind::ConnectionRefused`].
    pub async fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
        let socket = sys::Socket::open(&addr)?;
        let connected = socket
            .connect(&addr)
            .map_err(|e| with_context(e, "connect", addr))?;
        let stream = TcpStream {
            shared: Shared::new(socket),
        };
        if connected {
            return Ok(stream);
        }
        loop {
            readiness(&stream.shared, Direction::Write).await?;
            if let Some(e) = stream.shared.with(sys::Socket::take_error)? {
                return Err(with_context(e, "connect", addr));
            }
            // Writable without an error can still be a spurious wake: only a known peer
            // proves the connection is up.
            match stream.peer_addr() {
                Ok(_) => return Ok(stream),
                Err(e) if e.kind() == io::ErrorKind::NotConnected => continue,
                Err(e) => return Err(with_context(e, "connect", addr)),
            }
        }
    }

    /// The local address of the connection.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.shared.with(sys::Socket::local_addr)
    }

    /// The remote address of the connection.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.shared.with(sys::Socket::peer_addr)
    }

    /// Shuts down one or both halves; the socket stays open until closed or dropped.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.shared.with(|s| s.shutdown(how))
    }

    /// Turns Nagle's algorithm off (`true`) or on. WasmEdge offers no such option, so there
    /// it does nothing and succeeds; send each message with one vectored write instead.
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.shared.with(|s| s.set_nodelay(nodelay))
    }

    /// Closes the socket now, for every clone; later operations fail with `NotConnected`.
    pub fn close(&self) {
        self.shared.close();
    }

    /// Reads what is available without waiting: `WouldBlock` when nothing is; `Ok(0)` at
    /// end of stream.
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.shared.with(|s| s.recv(buf))
    }

    /// Writes what fits without waiting (`WouldBlock` when nothing does).
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.try_write_vectored(&[IoSlice::new(buf)])
    }

    /// Writes the buffers with one vectored send, without waiting.
    pub fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        if bufs.iter().all(|b| b.is_empty()) {
            return Ok(0);
        }
        self.shared.with(|s| s.send_vectored(bufs))
    }

    /// Waits until the socket may be readable (or has failed or closed). Like all
    /// readiness it can be spurious: `try_read` may still say `WouldBlock`.
    pub async fn readable(&self) -> io::Result<()> {
        readiness(&self.shared, Direction::Read).await
    }

    /// Waits until the socket may be writable (or has failed). It can be spurious.
    pub async fn writable(&self) -> io::Result<()> {
        readiness(&self.shared, Direction::Write).await
    }

    fn poll_read_priv(&self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        self.shared.poll_io(cx, Direction::Read, |s| s.recv(buf))
    }

    fn poll_read_vectored_priv(
        &self,
        cx: &mut Context<'_>,
        bufs: &mut [IoSliceMut<'_>],
    ) -> Poll<io::Result<usize>> {
        match bufs.iter_mut().find(|b| !b.is_empty()) {
            Some(buf) => self.poll_read_priv(cx, buf),
            None => Poll::Ready(Ok(0)),
        }
    }

    fn poll_write_vectored_priv(
        &self,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if bufs.iter().all(|b| b.is_empty()) {
            return Poll::Ready(Ok(0));
        }
        self.shared
            .poll_io(cx, Direction::Write, |s| s.send_vectored(bufs))
    }

    fn poll_close_priv(&self) -> Poll<io::Result<()>> {
        match self.shutdown(Shutdown::Write) {
            // The peer may already be gone; the write half is closed either way.
            Err(e) if e.kind() == io::ErrorKind::NotConnected => Poll::Ready(Ok(())),
            other => Poll::Ready(other),
        }
    }
}

macro_rules! impl_async_io {
    ($ty:ty) => {
        impl AsyncRead for $ty {
            fn poll_read(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &mut [u8],
            ) -> Poll<io::Result<usize>> {
                self.poll_read_priv(cx, buf)
            }

            fn poll_read_vectored(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                bufs: &mut [IoSliceMut<'_>],
            ) -> Poll<io::Result<usize>> {
                self.poll_read_vectored_priv(cx, bufs)
            }
        }

        impl AsyncWrite for $ty {
            fn poll_write(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &[u8],
            ) -> Poll<io::Result<usize>> {
                self.poll_write_vectored_priv(cx, &[IoSlice::new(buf)])
            }

            /// One vectored send for all `bufs`: a message split into head and body still
            /// leaves in one segment when the socket buffer has room.
            fn poll_write_vectored(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                bufs: &[IoSlice<'_>],
            ) -> Poll<io::Result<usize>> {
                self.poll_write_vectored_priv(cx, bufs)
            }

            fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                // Sends go straight to the socket; there is no buffer here to flush.
                Poll::Ready(Ok(()))
            }

            fn poll_close(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                self.poll_close_priv()
            }
        }
    };
}

impl_async_io!(TcpStream);
impl_async_io!(&TcpStream);
