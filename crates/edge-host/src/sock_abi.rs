//! WasmEdge's `sock_*` host functions. WasmEdge registers two variants of
//! some of them ("V1" and "V2") and picks by the import's type; we do the
//! same by looking at each import's parameter count before linking.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use wasmtime::{Caller, ExternType, Linker, Module};

use crate::errno::{AFNOSUPPORT, INVAL};
use crate::mem::{self, AbiResult};
use crate::sockets::Shutdown;
use crate::state::{errno, with_mem, HostState};

const MODULE: &str = "wasi_snapshot_preview1";

/// Result type of every host function here: the errno, or a trap.
type Ret = wasmtime::Result<i32>;

/// Reads a guest `{u32 buf, u32 buf_len}` address plus a separate port.
fn read_addr(m: &[u8], addr: u32, port: u32) -> AbiResult<SocketAddr> {
    let buf = mem::read_u32(m, addr)?;
    let len = mem::read_u32(m, addr + 4)?;
    let port = u16::try_from(port).map_err(|_| INVAL)?;
    let ip: IpAddr = match len {
        4 => <[u8; 4]>::try_from(mem::slice(m, buf, 4)?)
            .map(Ipv4Addr::from)
            .map_err(|_| INVAL)?
            .into(),
        16 => <[u8; 16]>::try_from(mem::slice(m, buf, 16)?)
            .map(Ipv6Addr::from)
            .map_err(|_| INVAL)?
            .into(),
        // V2's `{u16 family, u8[126]}`.
        128 => match mem::read_u16(m, buf)? {
            1 => <[u8; 4]>::try_from(mem::slice(m, buf + 2, 4)?)
                .map(Ipv4Addr::from)
                .map_err(|_| INVAL)?
                .into(),
            2 => <[u8; 16]>::try_from(mem::slice(m, buf + 2, 16)?)
                .map(Ipv6Addr::from)
                .map_err(|_| INVAL)?
                .into(),
            _ => return Err(AFNOSUPPORT),
        },
        _ => return Err(INVAL),
    };
    Ok(SocketAddr::new(ip, port))
}

/// Writes an IP into a guest `{u32 buf, u32 buf_len}` address: raw bytes
/// when the buffer is 4 or 16 bytes, else V2's `{u16 family, bytes}` form.
fn write_ip(m: &mut [u8], addr: u32, ip: IpAddr) -> AbiResult<()> {
    let buf = mem::read_u32(m, addr)?;
    let len = mem::read_u32(m, addr + 4)?;
    let (family, bytes): (u16, Vec<u8>) = match ip {
        IpAddr::V4(v4) => (1, v4.octets().to_vec()),
        IpAddr::V6(v6) => (2, v6.octets().to_vec()),
    };
    if len as usize >= 2 + bytes.len() && len != 16 {
        mem::write_u16(m, buf, family)?;
        mem::write(m, buf + 2, &bytes)
    } else if len as usize >= bytes.len() {
        mem::write(m, buf, &bytes)
    } else {
        Err(INVAL)
    }
}

/// Guest pointer arguments arrive as i32; they are unsigned addresses.
fn p(v: i32) -> u32 {
    v as u32
}

/// Defines the `sock_*` functions `module` imports, in the variant its
/// import types ask for. Imports of other shapes are left undefined, so
/// instantiation reports them by name.
pub fn add_to_linker(linker: &mut Linker<HostState>, module: &Module) -> wasmtime::Result<()> {
    // wasmtime-wasi defines standard WASI's sock_accept/recv/send/shutdown,
    // which know nothing of our sockets: ours replace them.
    linker.allow_shadowing(true);
    for import in module.imports() {
        if import.module() != MODULE {
            continue;
        }
        let ExternType::Func(ty) = import.ty() else {
            continue;
        };
        let params = ty.params().len();
        match (import.name(), params) {
            ("sock_open", 3) => {
                linker.func_wrap(MODULE, "sock_open", sock_open)?;
            }
            ("sock_bind", 3) => {
                linker.func_wrap(MODULE, "sock_bind", sock_bind)?;
            }
            ("sock_connect", 3) => {
                linker.func_wrap(MODULE, "sock_connect", sock_connect)?;
            }
            ("sock_listen", 2) => {
                linker.func_wrap(MODULE, "sock_listen", sock_listen)?;
            }
            ("sock_accept", 2) => {
                linker.func_wrap(MODULE, "sock_accept", sock_accept_v1)?;
            }
            ("sock_accept", 3) => {
                linker.func_wrap(MODULE, "sock_accept", sock_accept_v2)?;
            }
            ("sock_recv", 6) => {
                linker.func_wrap(MODULE, "sock_recv", sock_recv)?;
            }
            ("sock_recv_from", 7) => {
                linker.func_wrap(MODULE, "sock_recv_from", sock_recv_from_v1)?;
            }
            ("sock_recv_from", 8) => {
                linker.func_wrap(MODULE, "sock_recv_from", sock_recv_from_v2)?;
            }
            ("sock_send", 5) => {
                linker.func_wrap(MODULE, "sock_send", sock_send)?;
            }
            ("sock_send_to", 7) => {
                linker.func_wrap(MODULE, "sock_send_to", sock_send_to)?;
            }
            ("sock_shutdown", 2) => {
                linker.func_wrap(MODULE, "sock_shutdown", sock_shutdown)?;
            }
            ("sock_getlocaladdr", 4) => {
                linker.func_wrap(MODULE, "sock_getlocaladdr", sock_getlocaladdr_v1)?;
            }
            ("sock_getlocaladdr", 3) => {
                linker.func_wrap(MODULE, "sock_getlocaladdr", sock_getlocaladdr_v2)?;
            }
            ("sock_getpeeraddr", 4) => {
                linker.func_wrap(MODULE, "sock_getpeeraddr", sock_getpeeraddr_v1)?;
            }
            ("sock_getpeeraddr", 3) => {
                linker.func_wrap(MODULE, "sock_getpeeraddr", sock_getpeeraddr_v2)?;
            }
            ("sock_getsockopt", 5) => {
                linker.func_wrap(MODULE, "sock_getsockopt", sock_getsockopt)?;
            }
            ("sock_setsockopt", 5) => {
                linker.func_wrap(MODULE, "sock_setsockopt", sock_setsockopt)?;
            }
            ("sock_getaddrinfo", 8) => {
                linker.func_wrap(MODULE, "sock_getaddrinfo", sock_getaddrinfo)?;
            }
            _ => {}
        }
    }
    linker.allow_shadowing(false);
    Ok(())
}

fn sock_open(mut c: Caller<'_, HostState>, af: i32, ty: i32, out: i32) -> Ret {
    with_mem(&mut c, |m, st| {
        errno((|| {
            let v6 = match af {
                1 => false,
                2 => true,
                _ => return Err(AFNOSUPPORT),
            };
            let stream = match ty {
                1 => false,
                0 | 2 => true,
                _ => return Err(INVAL),
            };
            // Check the result pointer before creating anything to leak.
            mem::slice(m, p(out), 4)?;
            let fd = st.sockets.open(v6, stream)?;
            mem::write_u32(m, p(out), fd)
        })())
    })
}

fn sock_bind(mut c: Caller<'_, HostState>, fd: i32, addr: i32, port: i32) -> Ret {
    with_mem(&mut c, |m, st| {
        errno(read_addr(m, p(addr), p(port)).and_then(|a| st.sockets.bind(p(fd), a)))
    })
}

fn sock_connect(mut c: Caller<'_, HostState>, fd: i32, addr: i32, port: i32) -> Ret {
    with_mem(&mut c, |m, st| {
        errno(read_addr(m, p(addr), p(port)).and_then(|a| st.sockets.connect(p(fd), a)))
    })
}

fn sock_listen(mut c: Caller<'_, HostState>, fd: i32, backlog: i32) -> Ret {
    with_mem(&mut c, |_, st| errno(st.sockets.listen(p(fd), p(backlog))))
}

fn accept(c: &mut Caller<'_, HostState>, fd: i32, nonblocking: bool, out: i32) -> Ret {
    with_mem(c, |m, st| {
        errno((|| {
            mem::slice(m, p(out), 4)?;
            let new = st.sockets.accept(p(fd), nonblocking)?;
            mem::write_u32(m, p(out), new)
        })())
    })
}

fn sock_accept_v1(mut c: Caller<'_, HostState>, fd: i32, out: i32) -> Ret {
    accept(&mut c, fd, false, out)
}

fn sock_accept_v2(mut c: Caller<'_, HostState>, fd: i32, flags: i32, out: i32) -> Ret {
    // fdflags NONBLOCK (4) asks for a non-blocking connection.
    accept(&mut c, fd, flags & 4 != 0, out)
}

/// Receives into the guest's iovecs; returns length and sender.
pub(crate) fn recv_into(
    m: &mut [u8],
    st: &mut HostState,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    ri_flags: u32,
) -> AbiResult<(u32, u16, Option<SocketAddr>)> {
    let iovs = mem::iovecs(m, iovs, iovs_len)?;
    let total = mem::capacity(&iovs);
    let mut flags = 0;
    if ri_flags & 1 != 0 {
        flags |= libc::MSG_PEEK;
    }
    if ri_flags & 2 != 0 {
        flags |= libc::MSG_WAITALL;
    }
    let stream = st.sockets.get(fd)?.stream;
    if stream && iovs.len() == 1 {
        // The usual read: straight into the guest's one buffer, as WasmEdge reads.
        let dst = mem::slice_mut(m, iovs[0].0, total as u32)?;
        let (n, from) = st.sockets.recv(fd, dst, flags)?;
        return Ok((n as u32, 0, from));
    }
    // A datagram larger than the buffers is cut; one byte more tells us so.
    let mut buf = vec![0u8; if stream { total } else { total + 1 }];
    let (n, from) = st.sockets.recv(fd, &mut buf, flags)?;
    let truncated = !stream && n > total;
    let n = n.min(total);
    mem::scatter(m, &iovs, &buf[..n])?;
    Ok((n as u32, u16::from(truncated), from))
}

fn sock_recv(
    mut c: Caller<'_, HostState>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    ri_flags: i32,
    ro_len: i32,
    ro_flags: i32,
) -> Ret {
    with_mem(&mut c, |m, st| {
        errno((|| {
            let (n, trunc, _) = recv_into(m, st, p(fd), p(iovs), p(iovs_len), p(ri_flags))?;
            mem::write_u32(m, p(ro_len), n)?;
            mem::write_u16(m, p(ro_flags), trunc)
        })())
    })
}

#[allow(clippy::too_many_arguments)]
fn recv_from(
    c: &mut Caller<'_, HostState>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    addr: i32,
    ri_flags: i32,
    port: Option<i32>,
    ro_len: i32,
    ro_flags: i32,
) -> Ret {
    with_mem(c, |m, st| {
        errno((|| {
            let (n, trunc, from) = recv_into(m, st, p(fd), p(iovs), p(iovs_len), p(ri_flags))?;
            if let Some(from) = from {
                write_ip(m, p(addr), from.ip())?;
                if let Some(port) = port {
                    // WasmEdge writes this port in network byte order.
                    mem::write_u32(m, p(port), u32::from(from.port().to_be()))?;
                }
            }
            mem::write_u32(m, p(ro_len), n)?;
            mem::write_u16(m, p(ro_flags), trunc)
        })())
    })
}

#[allow(clippy::too_many_arguments)]
fn sock_recv_from_v1(
    mut c: Caller<'_, HostState>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    addr: i32,
    ri_flags: i32,
    ro_len: i32,
    ro_flags: i32,
) -> Ret {
    recv_from(
        &mut c, fd, iovs, iovs_len, addr, ri_flags, None, ro_len, ro_flags,
    )
}

#[allow(clippy::too_many_arguments)]
fn sock_recv_from_v2(
    mut c: Caller<'_, HostState>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    addr: i32,
    ri_flags: i32,
    port: i32,
    ro_len: i32,
    ro_flags: i32,
) -> Ret {
    recv_from(
        &mut c,
        fd,
        iovs,
        iovs_len,
        addr,
        ri_flags,
        Some(port),
        ro_len,
        ro_flags,
    )
}

fn sock_send(
    mut c: Caller<'_, HostState>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    _si_flags: i32,
    so_len: i32,
) -> Ret {
    with_mem(&mut c, |m, st| {
        errno((|| {
            let iovs = mem::iovecs(m, p(iovs), p(iovs_len))?;
            let n = if let [(buf, len)] = iovs[..] {
                // One buffer: sent from guest memory as it is.
                let len = (len as usize).min(mem::MAX_TRANSFER) as u32;
                st.sockets.send(p(fd), mem::slice(m, buf, len)?, None)?
            } else {
                st.sockets.send(p(fd), &mem::gather(m, &iovs)?, None)?
            };
            mem::write_u32(m, p(so_len), n as u32)
        })())
    })
}

#[allow(clippy::too_many_arguments)]
fn sock_send_to(
    mut c: Caller<'_, HostState>,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    addr: i32,
    port: i32,
    _si_flags: i32,
    so_len: i32,
) -> Ret {
    with_mem(&mut c, |m, st| {
        errno((|| {
            let to = read_addr(m, p(addr), p(port))?;
            let iovs = mem::iovecs(m, p(iovs), p(iovs_len))?;
            let data = mem::gather(m, &iovs)?;
            let n = st.sockets.send(p(fd), &data, Some(to))?;
            mem::write_u32(m, p(so_len), n as u32)
        })())
    })
}

fn sock_shutdown(mut c: Caller<'_, HostState>, fd: i32, how: i32) -> Ret {
    with_mem(&mut c, |_, st| {
        errno((|| {
            let how = match how {
                1 => Shutdown::Read,
                2 => Shutdown::Write,
                3 => Shutdown::Both,
                _ => return Err(INVAL),
            };
            st.sockets.shutdown(p(fd), how)
        })())
    })
}

/// V1: `{buf, len}` gets the raw IP, `*addr_type` 4 or 6, `*port` host order.
fn address_v1(c: &mut Caller<'_, HostState>, peer: bool, args: [i32; 4]) -> Ret {
    let [fd, addr, addr_type, port] = args;
    with_mem(c, |m, st| {
        errno((|| {
            let a = st.sockets.address(p(fd), peer)?;
            let buf = mem::read_u32(m, p(addr))?;
            let len = mem::read_u32(m, p(addr) + 4)?;
            let bytes = match a.ip() {
                IpAddr::V4(v4) => v4.octets().to_vec(),
                IpAddr::V6(v6) => v6.octets().to_vec(),
            };
            if (len as usize) < bytes.len() {
                return Err(INVAL);
            }
            mem::write(m, buf, &bytes)?;
            mem::write_u32(m, p(addr_type), if a.is_ipv4() { 4 } else { 6 })?;
            mem::write_u32(m, p(port), u32::from(a.port()))
        })())
    })
}

/// V2: the address in `{u16 family, bytes}` form and the port.
fn address_v2(c: &mut Caller<'_, HostState>, peer: bool, args: [i32; 3]) -> Ret {
    let [fd, addr, port] = args;
    with_mem(c, |m, st| {
        errno((|| {
            let a = st.sockets.address(p(fd), peer)?;
            write_ip(m, p(addr), a.ip())?;
            mem::write_u32(m, p(port), u32::from(a.port()))
        })())
    })
}

fn sock_getlocaladdr_v1(mut c: Caller<'_, HostState>, a: i32, b: i32, t: i32, port: i32) -> Ret {
    address_v1(&mut c, false, [a, b, t, port])
}

fn sock_getpeeraddr_v1(mut c: Caller<'_, HostState>, a: i32, b: i32, t: i32, port: i32) -> Ret {
    address_v1(&mut c, true, [a, b, t, port])
}

fn sock_getlocaladdr_v2(mut c: Caller<'_, HostState>, a: i32, b: i32, port: i32) -> Ret {
    address_v2(&mut c, false, [a, b, port])
}

fn sock_getpeeraddr_v2(mut c: Caller<'_, HostState>, a: i32, b: i32, port: i32) -> Ret {
    address_v2(&mut c, true, [a, b, port])
}

fn sock_getsockopt(
    mut c: Caller<'_, HostState>,
    fd: i32,
    level: i32,
    name: i32,
    value: i32,
    len: i32,
) -> Ret {
    with_mem(&mut c, |m, st| {
        errno((|| {
            if mem::read_u32(m, p(len))? < 4 {
                return Err(INVAL);
            }
            let v = st.sockets.get_option(p(fd), level, name)?;
            mem::write_u32(m, p(value), v as u32)?;
            mem::write_u32(m, p(len), 4)
        })())
    })
}

fn sock_setsockopt(
    mut c: Caller<'_, HostState>,
    fd: i32,
    level: i32,
    name: i32,
    value: i32,
    len: i32,
) -> Ret {
    with_mem(&mut c, |m, st| {
        errno((|| {
            if len != 4 {
                return Err(INVAL);
            }
            let v = mem::read_u32(m, p(value))? as i32;
            st.sockets.set_option(p(fd), level, name, v)
        })())
    })
}

#[allow(clippy::too_many_arguments)]
fn sock_getaddrinfo(
    mut c: Caller<'_, HostState>,
    node: i32,
    node_len: i32,
    service: i32,
    service_len: i32,
    hints: i32,
    res: i32,
    max_len: i32,
    res_len: i32,
) -> Ret {
    with_mem(&mut c, |m, _| {
        errno(crate::addrinfo::getaddrinfo(
            m,
            p(node),
            p(node_len),
            p(service),
            p(service_len),
            p(hints),
            p(res),
            p(max_len),
            p(res_len),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_forms() {
        let mut m = vec![0u8; 256];
        // {buf = 64, len = 4} then 127.0.0.1
        m[0..4].copy_from_slice(&64u32.to_le_bytes());
        m[4..8].copy_from_slice(&4u32.to_le_bytes());
        m[64..68].copy_from_slice(&[127, 0, 0, 1]);
        assert_eq!(
            read_addr(&m, 0, 80).unwrap(),
            "127.0.0.1:80".parse().unwrap()
        );
        assert_eq!(read_addr(&m, 0, 70000), Err(INVAL));
        // the 128-byte form with family 2
        m[4..8].copy_from_slice(&128u32.to_le_bytes());
        write_ip(&mut m, 0, "::1".parse().unwrap()).unwrap();
        assert_eq!(read_addr(&m, 0, 1).unwrap(), "[::1]:1".parse().unwrap());
        m[64] = 9;
        assert_eq!(read_addr(&m, 0, 1), Err(AFNOSUPPORT));
        assert_eq!(read_addr(&m, 250, 1), Err(crate::errno::FAULT));
    }
}
