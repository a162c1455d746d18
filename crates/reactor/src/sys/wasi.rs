//! WasmEdge backend: sockets through `wasmedge_wasi_socket` where that crate is right, and
//! direct `wasi_snapshot_preview1` imports where it is wrong or lacking:
//!
//! - `sock_getlocaladdr` / `sock_getpeeraddr`: the crate hands the host an immutable buffer,
//!   which optimized builds read back as `0.0.0.0`;
//! - `sock_connect`: the crate's connect is IPv4 only;
//! - `sock_getaddrinfo`: the crate drops IPv6 answers;
//! - `poll_oneoff`: one subscription per descriptor and direction, plus one relative
//!   monotonic clock for the nearest deadline, never an empty subscription list.

use super::{Event, Interest, PollTimeout};
use std::io::{self, IoSlice};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::AsRawFd;
use wasmedge_wasi_socket::socket::{AddressFamily, SocketOptLevel, SocketOptName, SocketType};

/// A socket descriptor number.
pub(crate) type RawFd = std::os::fd::RawFd;

// WASI errno values this module tests for.
const ERRNO_AGAIN: u32 = 6;
const ERRNO_INPROGRESS: u32 = 26;

// The host rejects longer iovec lists; a longer write is a partial write.
const MAX_IOVECS: usize = 1024;

// A relative timeout of zero hangs some WasmEdge releases; a non-blocking look at the
// sockets uses the smallest non-zero one instead.
const NON_BLOCKING_TIMEOUT_NS: u64 = 1;

// userdata of the clock subscription; socket subscriptions carry `fd << 1 | direction`.
const CLOCK_USERDATA: u64 = u64::MAX;

/// WASI `address` as WasmEdge reads it: a buffer of 4 (IPv4) or 16 (IPv6) bytes.
// Fields exist for the host ABI; Rust code does not read them all.
#[allow(dead_code)]
#[repr(C)]
struct WasiAddress {
    buf: *mut u8,
    len: usize,
}

/// WASI `subscription` (48 bytes): `tag` selects the clock or the fd variant; the fd
/// variant uses only the first field of the union.
// Fields exist for the host ABI; Rust code does not read them all.
#[allow(dead_code)]
#[repr(C)]
struct Subscription {
    userdata: u64,
    tag: u8,
    _pad: [u8; 7],
    clock_id_or_fd: u32,
    _pad2: u32,
    timeout: u64,
    precision: u64,
    flags: u16,
    _pad3: [u8; 6],
}

/// WASI `event` (32 bytes).
// Fields exist for the host ABI; Rust code does not read them all.
#[allow(dead_code)]
#[repr(C)]
#[derive(Clone, Copy)]
struct WasiEvent {
    userdata: u64,
    error: u16,
    kind: u8,
    _pad: [u8; 5],
    nbytes: u64,
    flags: u16,
    _pad2: [u8; 6],
}

const EVENTTYPE_CLOCK: u8 = 0;
const EVENTTYPE_FD_READ: u8 = 1;
const EVENTTYPE_FD_WRITE: u8 = 2;
const CLOCKID_MONOTONIC: u32 = 1;

/// WASI `addrinfo` (28 bytes) as WasmEdge's `sock_getaddrinfo` fills it.
// Fields exist for the host ABI; Rust code does not read them all.
#[allow(dead_code)]
#[repr(C)]
struct AddrInfo {
    flags: u16,
    family: u8,
    socktype: u8,
    protocol: u8,
    _pad: [u8; 3],
    addrlen: u32,
    addr: *mut SockAddr,
    canonname: *mut u8,
    canonname_len: u32,
    next: *mut AddrInfo,
}

/// WASI `sockaddr` (12 bytes): `data` holds the port (big-endian) and then the rest of the
/// native socket address: for IPv6 the flow info, then the 16 address bytes.
// Fields exist for the host ABI; Rust code does not read them all.
#[allow(dead_code)]
#[repr(C)]
struct SockAddr {
    family: u8,
    _pad: [u8; 3],
    data_len: u32,
    data: *mut u8,
}

const FAMILY_INET4: u8 = 1;
const FAMILY_INET6: u8 = 2;
const SOCKTYPE_STREAM: u8 = 2;
const SOCKADDR_DATA_LEN: usize = 26;
const MAX_ADDRINFO: usize = 16;

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn sock_connect(fd: u32, addr: *mut WasiAddress, port: u32) -> u32;
    fn sock_getlocaladdr(
        fd: u32,
        addr: *mut WasiAddress,
        addr_type: *mut u32,
        port: *mut u32,
    ) -> u32;
    fn sock_getpeeraddr(
        fd: u32,
        addr: *mut WasiAddress,
        addr_type: *mut u32,
        port: *mut u32,
    ) -> u32;
    fn sock_getaddrinfo(
        node: *const u8,
        node_len: u32,
        service: *const u8,
        service_len: u32,
        hints: *const AddrInfo,
        res: *mut u32,
        max_len: u32,
        res_len: *mut u32,
    ) -> u32;
    fn poll_oneoff(
        subs: *const Subscription,
        events: *mut WasiEvent,
        nsubs: u32,
        nevents: *mut u32,
    ) -> u32;
}

fn errno(code: u32) -> io::Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(code as i32))
    }
}

/// An owned, non-blocking stream socket; closed on drop.
#[derive(Debug)]
pub(crate) struct Socket {
    inner: wasmedge_wasi_socket::socket::Socket,
}

impl Socket {
    fn adopt(inner: wasmedge_wasi_socket::socket::Socket) -> io::Result<Socket> {
        inner.set_nonblocking(true)?;
        Ok(Socket { inner })
    }

    /// Opens a non-blocking TCP socket of `addr`'s family.
    pub(crate) fn open(addr: &SocketAddr) -> io::Result<Socket> {
        let family = match addr {
            SocketAddr::V4(_) => AddressFamily::Inet4,
            SocketAddr::V6(_) => AddressFamily::Inet6,
        };
        Socket::adopt(wasmedge_wasi_socket::socket::Socket::new(
            family,
            SocketType::Stream,
        )?)
    }

    /// The descriptor number, for the reactor's interest table.
    pub(crate) fn fd(&self) -> RawFd {
        self.inner.as_raw_fd()
    }

    /// Lets a listener rebind a port that still has connections in TIME_WAIT.
    pub(crate) fn set_reuseaddr(&self) -> io::Result<()> {
        self.inner
            .setsockopt(SocketOptLevel::SolSocket, SocketOptName::SoReuseaddr, 1i32)
    }

    /// WasmEdge has no TCP_NODELAY: nothing to do.
    pub(crate) fn set_nodelay(&self, _nodelay: bool) -> io::Result<()> {
        Ok(())
    }

    pub(crate) fn bind(&self, addr: &SocketAddr) -> io::Result<()> {
        self.inner.bind(addr)
    }

    pub(crate) fn listen(&self, backlog: u32) -> io::Result<()> {
        self.inner.listen(backlog.min(i32::MAX as u32) as i32)
    }

    /// Accepts one pending connection: the new non-blocking socket and the peer's address.
    ///
    /// WasmEdge's accept does not return the peer, so it is asked for separately; a
    /// connection reset before that is dropped and the next one accepted, rather than
    /// failing the accept (and with it, typically, the server's accept loop).
    pub(crate) fn accept(&self) -> io::Result<(Socket, SocketAddr)> {
        loop {
            let socket = Socket {
                inner: self.inner.accept(true)?,
            };
            if let Ok(peer) = socket.peer_addr() {
                return Ok((socket, peer));
            }
        }
    }

    /// Starts a connection: `Ok(true)` when already connected, `Ok(false)` while in progress.
    pub(crate) fn connect(&self, addr: &SocketAddr) -> io::Result<bool> {
        let mut octets = ip_octets(addr);
        let mut address = WasiAddress {
            buf: octets.0.as_mut_ptr(),
            len: octets.1,
        };
        // SAFETY: `address` points at `octets`, which outlives the call; the host only reads it.
        let code = unsafe { sock_connect(self.fd() as u32, &mut address, u32::from(addr.port())) };
        match code {
            0 => Ok(true),
            ERRNO_INPROGRESS | ERRNO_AGAIN => Ok(false),
            e => errno(e).map(|_| false),
        }
    }

    /// Reads and clears the socket's pending error (`SO_ERROR`).
    pub(crate) fn take_error(&self) -> io::Result<Option<io::Error>> {
        // The crate folds "getsockopt failed" and "the socket has an error" into one Err;
        // either way the connection is not usable and this is the error to report.
        Ok(self.inner.take_error().err())
    }

    pub(crate) fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.recv(buf)
    }

    /// One `sock_send` carrying every buffer, so a message written as several pieces leaves
    /// in one segment despite Nagle's algorithm (WasmEdge cannot turn it off).
    pub(crate) fn send_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.inner
            .send_vectored(&bufs[..bufs.len().min(MAX_IOVECS)], 0)
    }

    pub(crate) fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.inner.shutdown(how)
    }

    pub(crate) fn local_addr(&self) -> io::Result<SocketAddr> {
        self.name(sock_getlocaladdr)
    }

    pub(crate) fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.name(sock_getpeeraddr)
    }

    fn name(
        &self,
        call: unsafe extern "C" fn(u32, *mut WasiAddress, *mut u32, *mut u32) -> u32,
    ) -> io::Result<SocketAddr> {
        let mut buf = [0u8; 16];
        let mut address = WasiAddress {
            buf: buf.as_mut_ptr(),
            len: buf.len(),
        };
        let (mut kind, mut port) = (0u32, 0u32);
        // SAFETY: every pointer is to a live local; the host writes at most 16 bytes to `buf`.
        errno(unsafe { call(self.fd() as u32, &mut address, &mut kind, &mut port) })?;
        let port = port as u16;
        match kind {
            // WasmEdge reports 4 or 6; the address-family enum values 1 and 2 are accepted too.
            4 | 1 => Ok(SocketAddr::V4(SocketAddrV4::new(
                Ipv4Addr::new(buf[0], buf[1], buf[2], buf[3]),
                port,
            ))),
            6 | 2 => Ok(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(buf),
                port,
                0,
                0,
            ))),
            other => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("unknown address type {other}"),
            )),
        }
    }
}

fn ip_octets(addr: &SocketAddr) -> ([u8; 16], usize) {
    let mut octets = [0u8; 16];
    match addr {
        SocketAddr::V4(a) => {
            octets[..4].copy_from_slice(&a.ip().octets());
            (octets, 4)
        }
        SocketAddr::V6(a) => {
            octets.copy_from_slice(&a.ip().octets());
            (octets, 16)
        }
    }
}

/// One `poll_oneoff` over `interests` and, when `timeout` is set, a relative monotonic
/// clock; appends what became ready to `events`.
pub(crate) fn poll(
    interests: &[Interest],
    timeout: PollTimeout,
    events: &mut Vec<Event>,
) -> io::Result<()> {
    let mut subs = Vec::with_capacity(interests.len() * 2 + 1);
    for i in interests {
        for (wanted, tag, dir) in [
            (i.read, EVENTTYPE_FD_READ, 0u64),
            (i.write, EVENTTYPE_FD_WRITE, 1u64),
        ] {
            if wanted {
                subs.push(subscription((i.fd as u64) << 1 | dir, tag, i.fd as u32, 0));
            }
        }
    }
    if let Some(t) = timeout {
        let ns = u64::try_from(t.as_nanos())
            .unwrap_or(u64::MAX)
            .max(NON_BLOCKING_TIMEOUT_NS);
        subs.push(subscription(
            CLOCK_USERDATA,
            EVENTTYPE_CLOCK,
            CLOCKID_MONOTONIC,
            ns,
        ));
    }
    if subs.is_empty() {
        // Nothing could ever end such a wait; the reactor never asks for one.
        return Ok(());
    }
    let mut out = vec![
        WasiEvent {
            userdata: 0,
            error: 0,
            kind: 0,
            _pad: [0; 5],
            nbytes: 0,
            flags: 0,
            _pad2: [0; 6],
        };
        subs.len()
    ];
    let mut n = 0u32;
    // SAFETY: `subs` and `out` are live arrays of `subs.len()` entries each; the host writes
    // at most that many events and their count into `n`.
    errno(unsafe { poll_oneoff(subs.as_ptr(), out.as_mut_ptr(), subs.len() as u32, &mut n) })?;
    for ev in &out[..(n as usize).min(out.len())] {
        if ev.userdata == CLOCK_USERDATA || ev.kind == EVENTTYPE_CLOCK {
            continue;
        }
        let fd = (ev.userdata >> 1) as RawFd;
        let write = ev.userdata & 1 == 1;
        // An error on a subscription is reported as readiness: the retried operation
        // returns the error itself.
        events.push(Event {
            fd,
            read: !write,
            write,
        });
    }
    Ok(())
}

fn subscription(userdata: u64, tag: u8, clock_id_or_fd: u32, timeout: u64) -> Subscription {
    Subscription {
        userdata,
        tag,
        _pad: [0; 7],
        clock_id_or_fd,
        _pad2: 0,
        timeout,
        precision: 0,
        flags: 0,
        _pad3: [0; 6],
    }
}

/// Resolves a host name with WasmEdge's `sock_getaddrinfo`, keeping IPv4 and IPv6 answers.
pub(crate) fn resolve(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    let node = format!("{host}\0");
    let service = format!("{port}\0");
    let hints = AddrInfo {
        flags: 0,
        family: 0,
        socktype: SOCKTYPE_STREAM,
        protocol: 0,
        _pad: [0; 3],
        addrlen: 0,
        addr: std::ptr::null_mut(),
        canonname: std::ptr::null_mut(),
        canonname_len: 0,
        next: std::ptr::null_mut(),
    };
    // The guest provides the result storage, pre-linked: entries, their socket addresses
    // and the address bytes. Everything stays in these vectors until parsed.
    let mut data = vec![[0u8; SOCKADDR_DATA_LEN]; MAX_ADDRINFO];
    let mut sockaddrs: Vec<SockAddr> = data
        .iter_mut()
        .map(|d| SockAddr {
            family: 0,
            _pad: [0; 3],
            data_len: SOCKADDR_DATA_LEN as u32,
            data: d.as_mut_ptr(),
        })
        .collect();
    let mut infos: Vec<AddrInfo> = sockaddrs
        .iter_mut()
        .map(|sa| AddrInfo {
            flags: 0,
            family: 0,
            socktype: 0,
            protocol: 0,
            _pad: [0; 3],
            addrlen: 0,
            addr: sa,
            canonname: std::ptr::null_mut(),
            canonname_len: 0,
            next: std::ptr::null_mut(),
        })
        .collect();
    for i in 1..infos.len() {
        let next: *mut AddrInfo = &mut infos[i];
        infos[i - 1].next = next;
    }
    let mut res = infos.as_mut_ptr() as u32;
    let mut count = 0u32;
    // SAFETY: the strings are NUL-terminated and their lengths include the NUL, as WasmEdge
    // expects; the result list is MAX_ADDRINFO pre-linked entries whose pointers all refer
    // to the vectors above, alive until after the parse below.
    errno(unsafe {
        sock_getaddrinfo(
            node.as_ptr(),
            node.len() as u32,
            service.as_ptr(),
            service.len() as u32,
            &hints,
            &mut res,
            MAX_ADDRINFO as u32,
            &mut count,
        )
    })?;
    let mut out = Vec::new();
    for (info, sa) in infos.iter().zip(&sockaddrs).take(count as usize) {
        if info.addrlen == 0 {
            continue;
        }
        // SAFETY: `sa.data` still points into `data`, which is alive and 26 bytes per entry.
        let d = unsafe { std::slice::from_raw_parts(sa.data, SOCKADDR_DATA_LEN) };
        let addr = match sa.family {
            FAMILY_INET4 => SocketAddr::V4(SocketAddrV4::new(
                Ipv4Addr::new(d[2], d[3], d[4], d[5]),
                port,
            )),
            FAMILY_INET6 => {
                let mut ip = [0u8; 16];
                ip.copy_from_slice(&d[6..22]);
                SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::from(ip), port, 0, 0))
            }
            _ => continue,
        };
        if !out.contains(&addr) {
            out.push(addr);
        }
    }
    drop(data);
    Ok(out)
}
