//! The preview1 functions that must also understand socket descriptors (and
//! the few whose wasmtime-wasi behaviour differs from WasmEdge's). They
//! shadow wasmtime-wasi's definitions and hand non-socket descriptors back to
//! it.

use wasmtime::{Caller, Linker};
use wasmtime_wasi::p1::wasi_snapshot_preview1::WasiSnapshotPreview1;
use wasmtime_wasi::runtime::in_tokio;
use wiggle::GuestPtr;

use crate::mem::{self, AbiResult};
use crate::poll::{clock_now, host_clock, poll_oneoff};
use crate::sock_abi::recv_into;
use crate::state::{delegate, errno, with_mem, HostState};

const MODULE: &str = "wasi_snapshot_preview1";
/// `fdflags` NONBLOCK.
const NONBLOCK: u16 = 4;

type Ret = wasmtime::Result<i32>;

fn p(v: i32) -> u32 {
    v as u32
}

/// Turns a delegated call's outcome into the guest's errno.
fn flat(r: wasmtime::Result<AbiResult<()>>) -> Ret {
    r.map(errno)
}

/// Adds the overriding functions; call after wasmtime-wasi's own.
pub fn add_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    linker.func_wrap(MODULE, "fd_close", fd_close)?;
    linker.func_wrap(MODULE, "fd_read", fd_read)?;
    linker.func_wrap(MODULE, "fd_write", fd_write)?;
    linker.func_wrap(MODULE, "fd_fdstat_get", fd_fdstat_get)?;
    linker.func_wrap(MODULE, "fd_fdstat_set_flags", fd_fdstat_set_flags)?;
    linker.func_wrap(MODULE, "poll_oneoff", poll)?;
    linker.func_wrap(MODULE, "epoll_oneoff", poll)?;
    linker.func_wrap(MODULE, "clock_time_get", clock_time_get)?;
    linker.func_wrap(MODULE, "proc_exit", proc_exit)?;
    linker.allow_shadowing(false);
    Ok(())
}

fn fd_close(mut c: Caller<'_, HostState>, fd: i32) -> Ret {
    flat(with_mem(&mut c, |m, st| {
        if st.sockets.contains(p(fd)) {
            return Ok(st.sockets.close(p(fd)));
        }
        let r = delegate(m, st, |ctx, gm| in_tokio(ctx.fd_close(gm, p(fd).into())))?;
        if fd == 0 && r.is_ok() {
            st.stdin_open = false;
        }
        Ok(r)
    })?)
}

fn fd_read(mut c: Caller<'_, HostState>, fd: i32, iovs: i32, iovs_len: i32, nread: i32) -> Ret {
    flat(with_mem(&mut c, |m, st| {
        if st.sockets.contains(p(fd)) {
            return Ok((|| {
                let (n, _, _) = recv_into(m, st, p(fd), p(iovs), p(iovs_len), 0)?;
                mem::write_u32(m, p(nread), n)
            })());
        }
        if fd == 0 && st.stdin_open {
            // Read the host's stdin directly so that reads agree with what
            // poll_oneoff saw on the same descriptor.
            return Ok(read_stdin(m, p(iovs), p(iovs_len), p(nread)));
        }
        delegate(m, st, |ctx, gm| {
            let n = in_tokio(ctx.fd_read(gm, p(fd).into(), GuestPtr::new((p(iovs), p(iovs_len)))))?;
            gm.write(GuestPtr::<u32>::new(p(nread)), n)?;
            Ok(())
        })
    })?)
}

fn read_stdin(m: &mut [u8], iovs: u32, iovs_len: u32, nread: u32) -> AbiResult<()> {
    let iovs = mem::iovecs(m, iovs, iovs_len)?;
    let total = mem::capacity(&iovs);
    let mut buf = vec![0u8; total];
    let n = loop {
        // SAFETY: `buf` is valid for `buf.len()` bytes.
        let r = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
        match usize::try_from(r) {
            Ok(n) => break n,
            Err(_) => {
                let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
                if e != libc::EINTR {
                    return Err(crate::errno::from_host(e));
                }
            }
        }
    };
    mem::scatter(m, &iovs, &buf[..n])?;
    mem::write_u32(m, nread, n as u32)
}

fn fd_write(mut c: Caller<'_, HostState>, fd: i32, iovs: i32, iovs_len: i32, nwritten: i32) -> Ret {
    flat(with_mem(&mut c, |m, st| {
        if st.sockets.contains(p(fd)) {
            return Ok((|| {
                let iovs = mem::iovecs(m, p(iovs), p(iovs_len))?;
                let data = mem::gather(m, &iovs)?;
                let n = st.sockets.send(p(fd), &data, None)?;
                mem::write_u32(m, p(nwritten), n as u32)
            })());
        }
        delegate(m, st, |ctx, gm| {
            let n =
                in_tokio(ctx.fd_write(gm, p(fd).into(), GuestPtr::new((p(iovs), p(iovs_len)))))?;
            gm.write(GuestPtr::<u32>::new(p(nwritten)), n)?;
            Ok(())
        })
    })?)
}

fn fd_fdstat_get(mut c: Caller<'_, HostState>, fd: i32, out: i32) -> Ret {
    flat(with_mem(&mut c, |m, st| {
        if let Ok(sock) = st.sockets.get(p(fd)) {
            let filetype: u8 = if sock.stream { 6 } else { 5 };
            let flags = if sock.nonblocking { NONBLOCK } else { 0 };
            return Ok((|| {
                mem::write(m, p(out), &[0; 24])?;
                mem::write_u8(m, p(out), filetype)?;
                mem::write_u16(m, p(out) + 2, flags)?;
                mem::write_u64(m, p(out) + 8, u64::MAX)?;
                mem::write_u64(m, p(out) + 16, u64::MAX)
            })());
        }
        delegate(m, st, |ctx, gm| {
            let stat = in_tokio(ctx.fd_fdstat_get(gm, p(fd).into()))?;
            gm.write(GuestPtr::new(p(out)), stat)?;
            Ok(())
        })
    })?)
}

fn fd_fdstat_set_flags(mut c: Caller<'_, HostState>, fd: i32, flags: i32) -> Ret {
    flat(with_mem(&mut c, |m, st| {
        if st.sockets.contains(p(fd)) {
            let nonblocking = (flags as u16) & NONBLOCK != 0;
            return Ok(st.sockets.set_nonblocking(p(fd), nonblocking));
        }
        delegate(m, st, |ctx, gm| {
            let flags = wasmtime_wasi::p1::types::Fdflags::from_bits(flags as u16)
                .ok_or(wasmtime_wasi::p1::types::Errno::Inval)?;
            ctx.fd_fdstat_set_flags(gm, p(fd).into(), flags)
        })
    })?)
}

fn poll(mut c: Caller<'_, HostState>, subs: i32, events: i32, count: i32, nevents: i32) -> Ret {
    flat(with_mem(&mut c, |m, st| {
        poll_oneoff(m, st, p(subs), p(events), p(count), p(nevents))
    })?)
}

/// The host's clocks directly, so that clock values and poll_oneoff's
/// absolute timeouts use the same time base.
fn clock_time_get(mut c: Caller<'_, HostState>, id: i32, _precision: i64, out: i32) -> Ret {
    with_mem(&mut c, |m, _| {
        errno(
            host_clock(p(id))
                .and_then(clock_now)
                .and_then(|now| mem::write_u64(m, p(out), now)),
        )
    })
}

/// Any status ends the guest, including 126 and above (wasmtime-wasi would
/// trap on those; WasmEdge passes them through).
fn proc_exit(_c: Caller<'_, HostState>, status: i32) -> wasmtime::Result<()> {
    Err(wasmtime_wasi::I32Exit(status).into())
}
