//! Native backend: non-blocking libc sockets and one `poll(2)` per park.
//!
//! It mirrors the WASI backend on purpose (level-triggered readiness rebuilt every poll), so
//! the reactor logic that ships in the wasm module is the logic the native tests exercise.

use super::{Event, Interest, PollTimeout};
use std::io::{self, IoSlice};
use std::mem;
use std::net::{
    Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, SocketAddrV4, SocketAddrV6, ToSocketAddrs,
};

/// A socket descriptor number.
pub(crate) type RawFd = libc::c_int;

// Linux raises SIGPIPE on a send to a closed peer unless asked not to; an error value is what
// the callers want.
#[cfg(any(target_os = "linux", target_os = "android"))]
const SEND_FLAGS: libc::c_int = libc::MSG_NOSIGNAL;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const SEND_FLAGS: libc::c_int = 0;

// sendmsg refuses more buffers than this; a longer list is a partial write.
const MAX_IOVECS: usize = 1024;

fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

fn check_size(ret: libc::ssize_t) -> io::Result<usize> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret as usize)
    }
}

/// An owned, non-blocking stream socket; closed on drop.
#[derive(Debug)]
pub(crate) struct Socket {
    fd: RawFd,
}

impl Drop for Socket {
    fn drop(&mut self) {
        // SAFETY: `fd` is owned by this value and closed exactly once, here.
        unsafe { libc::close(self.fd) };
    }
}

impl Socket {
    /// Takes ownership of `fd` and makes it non-blocking and close-on-exec.
    fn adopt(fd: RawFd) -> io::Result<Socket> {
        let socket = Socket { fd };
        // SAFETY: plain fcntl calls on a descriptor this value owns.
        unsafe {
            let flags = check(libc::fcntl(fd, libc::F_GETFL))?;
            check(libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK))?;
            check(libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC))?;
        }
        Ok(socket)
    }

    /// Opens a non-blocking TCP socket of `addr`'s family.
    pub(crate) fn open(addr: &SocketAddr) -> io::Result<Socket> {
        let family = match addr {
            SocketAddr::V4(_) => libc::AF_INET,
            SocketAddr::V6(_) => libc::AF_INET6,
        };
        // SAFETY: socket(2) with constant arguments; the result is checked.
        let fd = check(unsafe { libc::socket(family, libc::SOCK_STREAM, 0) })?;
        Socket::adopt(fd)
    }

    /// The descriptor number, for the reactor's interest table.
    pub(crate) fn fd(&self) -> RawFd {
        self.fd
    }

    fn set_int_option(
        &self,
        level: libc::c_int,
        name: libc::c_int,
        value: libc::c_int,
    ) -> io::Result<()> {
        // SAFETY: the option value is a live c_int and its exact size is passed.
        check(unsafe {
            libc::setsockopt(
                self.fd,
                level,
                name,
                (&value as *const libc::c_int).cast(),
                mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        })
        .map(drop)
    }

    /// Lets a listener rebind a port that still has connections in TIME_WAIT.
    pub(crate) fn set_reuseaddr(&self) -> io::Result<()> {
        self.set_int_option(libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)
    }

    /// Turns Nagle's algorithm off (`true`) or on.
    pub(crate) fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.set_int_option(libc::IPPROTO_TCP, libc::TCP_NODELAY, nodelay as libc::c_int)
    }

    pub(crate) fn bind(&self, addr: &SocketAddr) -> io::Result<()> {
        let (storage, len) = to_sockaddr(addr);
        // SAFETY: `storage` holds a valid sockaddr of `len` bytes.
        check(unsafe {
            libc::bind(
                self.fd,
                (&storage as *const libc::sockaddr_storage).cast(),
                len,
            )
        })
        .map(drop)
    }

    pub(crate) fn listen(&self, backlog: u32) -> io::Result<()> {
        let backlog = backlog.min(libc::c_int::MAX as u32) as libc::c_int;
        // SAFETY: listen(2) on an owned descriptor.
        check(unsafe { libc::listen(self.fd, backlog) }).map(drop)
    }

    /// Accepts one pending connection: the new non-blocking socket and the peer's address.
    pub(crate) fn accept(&self) -> io::Result<(Socket, SocketAddr)> {
        // SAFETY: sockaddr_storage is plain data; all-zero is a valid value.
        let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
        let mut len = mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: accept(2) writes at most `len` bytes into `storage`.
        let fd = check(unsafe {
            libc::accept(
                self.fd,
                (&mut storage as *mut libc::sockaddr_storage).cast(),
                &mut len,
            )
        })?;
        let socket = Socket::adopt(fd)?;
        let peer = from_sockaddr(&storage)?;
        Ok((socket, peer))
    }

    /// Starts a connection: `Ok(true)` when already connected, `Ok(false)` while in progress.
    pub(crate) fn connect(&self, addr: &SocketAddr) -> io::Result<bool> {
        let (storage, len) = to_sockaddr(addr);
        // SAFETY: `storage` holds a valid sockaddr of `len` bytes.
        match check(unsafe {
            libc::connect(
                self.fd,
                (&storage as *const libc::sockaddr_storage).cast(),
                len,
            )
        }) {
            Ok(_) => Ok(true),
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Reads and clears the socket's pending error (`SO_ERROR`).
    pub(crate) fn take_error(&self) -> io::Result<Option<io::Error>> {
        let mut value: libc::c_int = 0;
        let mut len = mem::size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: getsockopt writes at most `len` bytes into `value`.
        check(unsafe {
            libc::getsockopt(
                self.fd,
                libc::SOL_SOCKET,
                libc::SO_ERROR,
                (&mut value as *mut libc::c_int).cast(),
                &mut len,
            )
        })?;
        Ok((value != 0).then(|| io::Error::from_raw_os_error(value)))
    }

    pub(crate) fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: recv writes at most `buf.len()` bytes into `buf`.
        check_size(unsafe { libc::recv(self.fd, buf.as_mut_ptr().cast(), buf.len(), 0) })
    }

    /// One `sendmsg` carrying every buffer (up to the system's limit), so a message written as
    /// several pieces leaves as one segment even with Nagle's algorithm on.
    pub(crate) fn send_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        let bufs = &bufs[..bufs.len().min(MAX_IOVECS)];
        // SAFETY: msghdr is plain data; all-zero is a valid empty header.
        let mut msg: libc::msghdr = unsafe { mem::zeroed() };
        // IoSlice is guaranteed ABI-compatible with iovec on Unix; sendmsg only reads them.
        msg.msg_iov = bufs.as_ptr() as *mut libc::iovec;
        msg.msg_iovlen = bufs.len() as _;
        // SAFETY: `msg` points at `bufs`, which outlive the call.
        check_size(unsafe { libc::sendmsg(self.fd, &msg, SEND_FLAGS) })
    }

    pub(crate) fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        let how = match how {
            Shutdown::Read => libc::SHUT_RD,
            Shutdown::Write => libc::SHUT_WR,
            Shutdown::Both => libc::SHUT_RDWR,
        };
        // SAFETY: shutdown(2) on an owned descriptor.
        check(unsafe { libc::shutdown(self.fd, how) }).map(drop)
    }

    pub(crate) fn local_addr(&self) -> io::Result<SocketAddr> {
        self.name(libc::getsockname)
    }

    pub(crate) fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.name(libc::getpeername)
    }

    fn name(
        &self,
        call: unsafe extern "C" fn(
            libc::c_int,
            *mut libc::sockaddr,
            *mut libc::socklen_t,
        ) -> libc::c_int,
    ) -> io::Result<SocketAddr> {
        // SAFETY: sockaddr_storage is plain data; all-zero is a valid value.
        let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
        let mut len = mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: getsockname/getpeername write at most `len` bytes into `storage`.
        check(unsafe {
            call(
                self.fd,
                (&mut storage as *mut libc::sockaddr_storage).cast(),
                &mut len,
            )
        })?;
        from_sockaddr(&storage)
    }
}

fn to_sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain data; all-zero is a valid value.
    let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            // SAFETY: sockaddr_in is plain data; all-zero is a valid value.
            let mut sin: libc::sockaddr_in = unsafe { mem::zeroed() };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr = libc::in_addr {
                s_addr: u32::from_ne_bytes(a.ip().octets()),
            };
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
            unsafe {
                (&mut storage as *mut libc::sockaddr_storage)
                    .cast::<libc::sockaddr_in>()
                    .write(sin)
            };
            mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            // SAFETY: sockaddr_in6 is plain data; all-zero is a valid value.
            let mut sin6: libc::sockaddr_in6 = unsafe { mem::zeroed() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_flowinfo = a.flowinfo();
            sin6.sin6_addr = libc::in6_addr {
                s6_addr: a.ip().octets(),
            };
            sin6.sin6_scope_id = a.scope_id();
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
            unsafe {
                (&mut storage as *mut libc::sockaddr_storage)
                    .cast::<libc::sockaddr_in6>()
                    .write(sin6)
            };
            mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

fn from_sockaddr(storage: &libc::sockaddr_storage) -> io::Result<SocketAddr> {
    match storage.ss_family as libc::c_int {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin =
                unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
            Ok(SocketAddr::V4(SocketAddrV4::new(
                ip,
                u16::from_be(sin.sin_port),
            )))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe {
                &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            Ok(SocketAddr::V6(SocketAddrV6::new(
                ip,
                u16::from_be(sin6.sin6_port),
                sin6.sin6_flowinfo,
                sin6.sin6_scope_id,
            )))
        }
        family => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("unsupported address family {family}"),
        )),
    }
}

/// One `poll(2)` over `interests`; appends what became ready to `events`.
pub(crate) fn poll(
    interests: &[Interest],
    timeout: PollTimeout,
    events: &mut Vec<Event>,
) -> io::Result<()> {
    let mut fds: Vec<libc::pollfd> = interests
        .iter()
        .map(|i| libc::pollfd {
            fd: i.fd,
            events: (if i.read { libc::POLLIN } else { 0 })
                | (if i.write { libc::POLLOUT } else { 0 }),
            revents: 0,
        })
        .collect();
    // Round up so a timer due in 0.3 ms does not turn into a run of zero-timeout polls.
    let timeout_ms = match timeout {
        None => -1,
        Some(d) => {
            let ms = d.as_nanos().div_ceil(1_000_000);
            ms.min(libc::c_int::MAX as u128) as libc::c_int
        }
    };
    // SAFETY: `fds` is a live array of exactly `fds.len()` pollfd entries.
    let ret = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    if ret < 0 {
        let err = io::Error::last_os_error();
        return if err.kind() == io::ErrorKind::Interrupted {
            Ok(())
        } else {
            Err(err)
        };
    }
    let failed = libc::POLLERR | libc::POLLHUP | libc::POLLNVAL;
    for p in fds.iter().filter(|p| p.revents != 0) {
        events.push(Event {
            fd: p.fd,
            read: p.revents & (libc::POLLIN | failed) != 0,
            write: p.revents & (libc::POLLOUT | failed) != 0,
        });
    }
    Ok(())
}

/// Resolves a host name through the system resolver. It blocks, like WasmEdge's
/// `sock_getaddrinfo`; numeric addresses never reach it.
pub(crate) fn resolve(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    Ok((host, port).to_socket_addrs()?.collect())
}
