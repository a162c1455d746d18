//! The guest's sockets: a table from guest socket descriptors to host
//! sockets, and the host socket calls (libc) behind WasmEdge's `sock_*` ABI.
//!
//! Socket descriptors are allocated from [`SOCKET_FD_BASE`] upwards, so they
//! never collide with the descriptors wasmtime-wasi hands out for stdio,
//! preopens and files (it allocates from 0 and reuses freed numbers, so it
//! stays far below this range). WasmEdge itself hands out scattered numbers,
//! so guests cannot rely on small descriptors either.

use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use crate::errno::{self, AFNOSUPPORT, BADF, INVAL};
use crate::mem::AbiResult;
use crate::state::IntHash;

/// First guest descriptor number used for sockets.
pub const SOCKET_FD_BASE: u32 = 1 << 16;

/// One guest socket.
#[derive(Debug)]
pub struct Socket {
    fd: OwnedFd,
    /// Whether the guest asked for non-blocking mode.
    pub nonblocking: bool,
    /// True for SOCK_STREAM, false for SOCK_DGRAM.
    pub stream: bool,
}

impl Socket {
    /// The host descriptor.
    pub fn raw(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

/// All sockets of one guest.
#[derive(Debug, Default)]
pub struct SocketTable {
    sockets: HashMap<u32, Socket, IntHash>,
    free: BTreeSet<u32>,
    next: u32,
}

/// Returns `Err(last host errno)` when a libc call returned -1.
fn check(ret: libc::c_int) -> AbiResult<libc::c_int> {
    if ret == -1 {
        Err(errno::last_host())
    } else {
        Ok(ret)
    }
}

/// Same as [`check`] for calls returning `ssize_t`.
fn check_size(ret: libc::ssize_t) -> AbiResult<usize> {
    usize::try_from(ret).map_err(|_| errno::last_host())
}

/// A host `sockaddr_storage` with its used length.
struct HostAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl HostAddr {
    fn empty() -> Self {
        // SAFETY: sockaddr_storage is plain old data; all-zero is a valid value.
        let storage = unsafe { std::mem::zeroed() };
        HostAddr {
            storage,
            len: std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }

    fn from_std(addr: SocketAddr) -> Self {
        let mut out = HostAddr::empty();
        match addr {
            SocketAddr::V4(a) => {
                let sin = libc::sockaddr_in {
                    sin_family: libc::AF_INET as libc::sa_family_t,
                    sin_port: a.port().to_be(),
                    sin_addr: libc::in_addr {
                        s_addr: u32::from_ne_bytes(a.ip().octets()),
                    },
                    sin_zero: [0; 8],
                };
                // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
                unsafe {
                    std::ptr::write(
                        std::ptr::addr_of_mut!(out.storage).cast::<libc::sockaddr_in>(),
                        sin,
                    )
                };
                out.len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            }
            SocketAddr::V6(a) => {
                let sin6 = libc::sockaddr_in6 {
                    sin6_family: libc::AF_INET6 as libc::sa_family_t,
                    sin6_port: a.port().to_be(),
                    sin6_flowinfo: a.flowinfo(),
                    sin6_addr: libc::in6_addr {
                        s6_addr: a.ip().octets(),
                    },
                    sin6_scope_id: a.scope_id(),
                };
                // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
                unsafe {
                    std::ptr::write(
                        std::ptr::addr_of_mut!(out.storage).cast::<libc::sockaddr_in6>(),
                        sin6,
                    )
                };
                out.len = std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t;
            }
        }
        out
    }

    fn to_std(&self) -> AbiResult<SocketAddr> {
        match self.storage.ss_family as libc::c_int {
            libc::AF_INET => {
                // SAFETY: the family says the storage holds a sockaddr_in.
                let sin = unsafe {
                    std::ptr::read(std::ptr::addr_of!(self.storage).cast::<libc::sockaddr_in>())
                };
                let ip = Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
                Ok(SocketAddr::new(IpAddr::V4(ip), u16::from_be(sin.sin_port)))
            }
            libc::AF_INET6 => {
                // SAFETY: the family says the storage holds a sockaddr_in6.
                let sin6 = unsafe {
                    std::ptr::read(std::ptr::addr_of!(self.storage).cast::<libc::sockaddr_in6>())
                };
                let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
                Ok(SocketAddr::new(
                    IpAddr::V6(ip),
                    u16::from_be(sin6.sin6_port),
                ))
            }
            _ => Err(AFNOSUPPORT),
        }
    }

    fn ptr(&self) -> *const libc::sockaddr {
        std::ptr::addr_of!(self.storage).cast()
    }

    fn ptr_mut(&mut self) -> *mut libc::sockaddr {
        std::ptr::addr_of_mut!(self.storage).cast()
    }
}

/// Which half of a connection to shut down.
#[derive(Debug, Clone, Copy)]
pub enum Shutdown {
    /// No more receives.
    Read,
    /// No more sends.
    Write,
    /// Both.
    Both,
}

impl SocketTable {
    /// Whether `fd` is one of our sockets.
    pub fn contains(&self, fd: u32) -> bool {
        self.sockets.contains_key(&fd)
    }

    /// The socket behind `fd`: BADF if there is none.
    pub fn get(&self, fd: u32) -> AbiResult<&Socket> {
        self.sockets.get(&fd).ok_or(BADF)
    }

    fn insert(&mut self, socket: Socket) -> u32 {
        let fd = match self.free.pop_first() {
            Some(fd) => fd,
            None => {
                let fd = SOCKET_FD_BASE + self.next;
                self.next += 1;
                fd
            }
        };
        self.sockets.insert(fd, socket);
        fd
    }

    /// Closes a socket.
    pub fn close(&mut self, fd: u32) -> AbiResult<()> {
        self.sockets.remove(&fd).ok_or(BADF)?;
        self.free.insert(fd);
        Ok(())
    }

    /// Opens a socket: `v6` picks the family, `stream` TCP over UDP.
    pub fn open(&mut self, v6: bool, stream: bool) -> AbiResult<u32> {
        let domain = if v6 { libc::AF_INET6 } else { libc::AF_INET };
        let ty = if stream {
            libc::SOCK_STREAM
        } else {
            libc::SOCK_DGRAM
        };
        // SAFETY: plain syscall with constant arguments.
        let raw = check(unsafe { libc::socket(domain, ty | libc::SOCK_CLOEXEC, 0) })?;
        // SAFETY: `raw` is a fresh descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        Ok(self.insert(Socket {
            fd,
            nonblocking: false,
            stream,
        }))
    }

    /// Binds to a local address.
    pub fn bind(&self, fd: u32, addr: SocketAddr) -> AbiResult<()> {
        let s = self.get(fd)?;
        let a = HostAddr::from_std(addr);
        // SAFETY: `a` holds a valid sockaddr of length `a.len`.
        check(unsafe { libc::bind(s.raw(), a.ptr(), a.len) })?;
        Ok(())
    }

    /// Starts listening.
    pub fn listen(&self, fd: u32, backlog: u32) -> AbiResult<()> {
        let s = self.get(fd)?;
        let backlog = i32::try_from(backlog).unwrap_or(i32::MAX);
        // SAFETY: plain syscall on a descriptor we own.
        check(unsafe { libc::listen(s.raw(), backlog) })?;
        Ok(())
    }

    /// Accepts a connection; the new socket is non-blocking only if asked.
    pub fn accept(&mut self, fd: u32, nonblocking: bool) -> AbiResult<u32> {
        let s = self.get(fd)?;
        let flags = libc::SOCK_CLOEXEC | if nonblocking { libc::SOCK_NONBLOCK } else { 0 };
        let raw = loop {
            // SAFETY: null address pointers are allowed by accept4.
            let r = unsafe {
                libc::accept4(s.raw(), std::ptr::null_mut(), std::ptr::null_mut(), flags)
            };
            if r == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            break check(r)?;
        };
        // SAFETY: `raw` is a fresh descriptor that nothing else owns.
        let new = unsafe { OwnedFd::from_raw_fd(raw) };
        Ok(self.insert(Socket {
            fd: new,
            nonblocking,
            stream: true,
        }))
    }

    /// Connects; a non-blocking socket gives INPROGRESS.
    pub fn connect(&self, fd: u32, addr: SocketAddr) -> AbiResult<()> {
        let s = self.get(fd)?;
        let a = HostAddr::from_std(addr);
        // SAFETY: `a` holds a valid sockaddr of length `a.len`.
        check(unsafe { libc::connect(s.raw(), a.ptr(), a.len) })?;
        Ok(())
    }

    /// Receives into `buf`; returns the length and the sender.
    pub fn recv(
        &self,
        fd: u32,
        buf: &mut [u8],
        flags: i32,
    ) -> AbiResult<(usize, Option<SocketAddr>)> {
        let s = self.get(fd)?;
        let mut from = HostAddr::empty();
        // SAFETY: `buf` is valid for `buf.len()` bytes; `from` is a valid
        // sockaddr_storage with its length.
        let n = check_size(unsafe {
            libc::recvfrom(
                s.raw(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                flags,
                from.ptr_mut(),
                &mut from.len,
            )
        })?;
        Ok((n, from.to_std().ok()))
    }

    /// Sends `buf`, to `to` if given; never raises SIGPIPE.
    pub fn send(&self, fd: u32, buf: &[u8], to: Option<SocketAddr>) -> AbiResult<usize> {
        let s = self.get(fd)?;
        let flags = libc::MSG_NOSIGNAL;
        let n = match to {
            // SAFETY: `buf` is valid for `buf.len()` bytes; `a` is a valid sockaddr.
            Some(addr) => {
                let a = HostAddr::from_std(addr);
                unsafe {
                    libc::sendto(
                        s.raw(),
                        buf.as_ptr().cast(),
                        buf.len(),
                        flags,
                        a.ptr(),
                        a.len,
                    )
                }
            }
            // SAFETY: `buf` is valid for `buf.len()` bytes.
            None => unsafe { libc::send(s.raw(), buf.as_ptr().cast(), buf.len(), flags) },
        };
        check_size(n)
    }

    /// Shuts down one or both directions.
    pub fn shutdown(&self, fd: u32, how: Shutdown) -> AbiResult<()> {
        let s = self.get(fd)?;
        let how = match how {
            Shutdown::Read => libc::SHUT_RD,
            Shutdown::Write => libc::SHUT_WR,
            Shutdown::Both => libc::SHUT_RDWR,
        };
        // SAFETY: plain syscall on a descriptor we own.
        check(unsafe { libc::shutdown(s.raw(), how) })?;
        Ok(())
    }

    /// The local (`peer == false`) or remote address.
    pub fn address(&self, fd: u32, peer: bool) -> AbiResult<SocketAddr> {
        let s = self.get(fd)?;
        let mut a = HostAddr::empty();
        // SAFETY: `a` is a valid sockaddr_storage with its length.
        let r = unsafe {
            if peer {
                libc::getpeername(s.raw(), a.ptr_mut(), &mut a.len)
            } else {
                libc::getsockname(s.raw(), a.ptr_mut(), &mut a.len)
            }
        };
        check(r)?;
        a.to_std()
    }

    /// Sets the guest's blocking mode on the host socket.
    pub fn set_nonblocking(&mut self, fd: u32, nonblocking: bool) -> AbiResult<()> {
        let s = self.sockets.get_mut(&fd).ok_or(BADF)?;
        // SAFETY: plain fcntl calls on a descriptor we own.
        let flags = check(unsafe { libc::fcntl(s.fd.as_raw_fd(), libc::F_GETFL) })?;
        let new = if nonblocking {
            flags | libc::O_NONBLOCK
        } else {
            flags & !libc::O_NONBLOCK
        };
        // SAFETY: as above.
        check(unsafe { libc::fcntl(s.fd.as_raw_fd(), libc::F_SETFL, new) })?;
        s.nonblocking = nonblocking;
        Ok(())
    }

    /// Reads an integer socket option (WasmEdge's option numbering).
    /// `SO_ERROR` comes back as a WASI errno.
    pub fn get_option(&self, fd: u32, level: i32, name: i32) -> AbiResult<i32> {
        let s = self.get(fd)?;
        let opt = host_option(level, name)?;
        let v = get_int(s.raw(), libc::SOL_SOCKET, opt)?;
        Ok(match opt {
            libc::SO_ERROR => errno::from_host(v),
            libc::SO_TYPE => {
                if v == libc::SOCK_STREAM {
                    2
                } else {
                    1
                }
            }
            _ => v,
        })
    }

    /// Sets an integer socket option (WasmEdge's option numbering).
    pub fn set_option(&self, fd: u32, level: i32, name: i32, value: i32) -> AbiResult<()> {
        let s = self.get(fd)?;
        let opt = host_option(level, name)?;
        set_int(s.raw(), libc::SOL_SOCKET, opt, value)
    }

    /// Bytes waiting to be read on a socket (0 when unknown).
    pub fn pending_bytes(&self, fd: u32) -> u64 {
        let Ok(s) = self.get(fd) else { return 0 };
        let mut n: libc::c_int = 0;
        // SAFETY: FIONREAD writes one int through the pointer.
        let r = unsafe { libc::ioctl(s.raw(), libc::FIONREAD, &mut n) };
        if r == -1 {
            0
        } else {
            u64::try_from(n).unwrap_or(0)
        }
    }
}

/// Maps WasmEdge's SOL_SOCKET option number to the host's.
fn host_option(level: i32, name: i32) -> AbiResult<i32> {
    if level != 0 {
        return Err(INVAL);
    }
    Ok(match name {
        0 => libc::SO_REUSEADDR,
        1 => libc::SO_TYPE,
        2 => libc::SO_ERROR,
        3 => libc::SO_DONTROUTE,
        4 => libc::SO_BROADCAST,
        5 => libc::SO_SNDBUF,
        6 => libc::SO_RCVBUF,
        7 => libc::SO_KEEPALIVE,
        8 => libc::SO_OOBINLINE,
        10 => libc::SO_RCVLOWAT,
        13 => libc::SO_ACCEPTCONN,
        // LINGER, RCVTIMEO, SNDTIMEO and BINDTODEVICE take structs or
        // strings, not an int: not supported here.
        9 | 11 | 12 | 14 => return Err(errno::NOTSUP),
        _ => return Err(INVAL),
    })
}

fn get_int(fd: RawFd, level: i32, name: i32) -> AbiResult<i32> {
    let mut v: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `v` and `len` are valid for an int-sized option.
    check(unsafe {
        libc::getsockopt(fd, level, name, std::ptr::addr_of_mut!(v).cast(), &mut len)
    })?;
    Ok(v)
}

fn set_int(fd: RawFd, level: i32, name: i32, value: i32) -> AbiResult<()> {
    let len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` is a valid int for the duration of the call.
    check(unsafe { libc::setsockopt(fd, level, name, std::ptr::addr_of!(value).cast(), len) })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_round_trip_and_errors() {
        let mut t = SocketTable::default();
        let l = t.open(false, true).unwrap();
        assert!(l >= SOCKET_FD_BASE);
        t.bind(l, "127.0.0.1:0".parse().unwrap()).unwrap();
        t.listen(l, 16).unwrap();
        let addr = t.address(l, false).unwrap();
        let c = t.open(false, true).unwrap();
        t.connect(c, addr).unwrap();
        let a = t.accept(l, false).unwrap();
        assert_eq!(t.send(c, b"ping", None).unwrap(), 4);
        let mut buf = [0u8; 8];
        assert_eq!(t.recv(a, &mut buf, 0).unwrap().0, 4);
        assert_eq!(&buf[..4], b"ping");
        assert_eq!(t.get_option(c, 0, 2).unwrap(), 0);
        t.set_nonblocking(a, true).unwrap();
        assert_eq!(t.recv(a, &mut buf, 0).unwrap_err(), errno::AGAIN);
        assert_eq!(t.get(9).unwrap_err(), BADF);
        t.close(c).unwrap();
        assert_eq!(t.close(c).unwrap_err(), BADF);
        assert_eq!(t.open(false, true).unwrap(), c, "freed numbers are reused");
    }
}
