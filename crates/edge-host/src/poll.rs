//! `poll_oneoff` (and WasmEdge's `epoll_oneoff`) over sockets, stdin, other
//! descriptors and clocks. Level-triggered, like WasmEdge on Linux; the
//! thread sleeps in one `ppoll` until an fd is ready or the nearest clock
//! subscription expires, so a waiting guest uses no CPU.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use wasmtime_wasi::p1::wasi_snapshot_preview1::WasiSnapshotPreview1;
use wasmtime_wasi::runtime::in_tokio;

use crate::errno::{self, BADF, EXIST, INVAL};
use crate::mem::{self, AbiResult};
use crate::state::{delegate, HostState, IntHash};

const EVENTTYPE_CLOCK: u8 = 0;
const EVENTTYPE_FD_READ: u8 = 1;
const EVENTTYPE_FD_WRITE: u8 = 2;
/// `eventrwflags`: the peer hung up.
const HANGUP: u16 = 1;
const SUBSCRIPTION_SIZE: u32 = 48;
const EVENT_SIZE: u32 = 32;

/// One event to report.
#[derive(Debug, Clone, Copy, Default)]
struct Event {
    userdata: u64,
    error: u16,
    kind: u8,
    nbytes: u64,
    flags: u16,
}

/// A subscription waiting on the host.
enum Wait {
    Clock {
        userdata: u64,
        deadline: Option<Instant>,
    },
    Fd {
        userdata: u64,
        kind: u8,
        /// Host descriptor and guest socket fd (if a socket).
        host: i32,
        socket: Option<u32>,
    },
}

/// Nanoseconds on a host clock (`CLOCK_REALTIME`, `CLOCK_MONOTONIC`, ...).
pub fn clock_now(clock: libc::clockid_t) -> AbiResult<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    if unsafe { libc::clock_gettime(clock, &mut ts) } == -1 {
        return Err(errno::last_host());
    }
    Ok((ts.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec as u64))
}

/// The host clock for a WASI clock id.
pub fn host_clock(id: u32) -> AbiResult<libc::clockid_t> {
    match id {
        0 => Ok(libc::CLOCK_REALTIME),
        1 => Ok(libc::CLOCK_MONOTONIC),
        2 => Ok(libc::CLOCK_PROCESS_CPUTIME_ID),
        3 => Ok(libc::CLOCK_THREAD_CPUTIME_ID),
        _ => Err(INVAL),
    }
}

/// When a clock subscription expires; `None` is never.
fn clock_deadline(id: u32, timeout: u64, absolute: bool) -> AbiResult<Option<Instant>> {
    let clock = match id {
        0 | 1 => host_clock(id)?,
        _ => return Err(INVAL),
    };
    let wait = if absolute {
        timeout.saturating_sub(clock_now(clock)?)
    } else {
        timeout
    };
    Ok(Instant::now().checked_add(Duration::from_nanos(wait)))
}

/// Bytes readable on a host descriptor without blocking (0 if unknown).
fn readable_bytes(host: i32) -> u64 {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int through the pointer.
    if unsafe { libc::ioctl(host, libc::FIONREAD, &mut n) } == -1 {
        0
    } else {
        u64::try_from(n).unwrap_or(0)
    }
}

/// Sleeps in `ppoll` for at most `timeout` (`None` = no limit).
fn host_poll(fds: &mut [libc::pollfd], timeout: Option<Duration>) -> AbiResult<()> {
    let ts = timeout.map(|t| libc::timespec {
        tv_sec: libc::time_t::try_from(t.as_secs()).unwrap_or(libc::time_t::MAX),
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let ts_ptr = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `fds` is a valid array of pollfd of the given length and
    // `ts_ptr` is null or points to a live timespec.
    let r = unsafe {
        libc::ppoll(
            fds.as_mut_ptr(),
            fds.len() as libc::nfds_t,
            ts_ptr,
            std::ptr::null(),
        )
    };
    if r == -1 {
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        if e != libc::EINTR {
            return Err(errno::from_host(e));
        }
    }
    Ok(())
}

/// The `poll_oneoff` call.
pub fn poll_oneoff(
    m: &mut [u8],
    st: &mut HostState,
    subs: u32,
    out: u32,
    count: u32,
    nevents: u32,
) -> wasmtime::Result<AbiResult<()>> {
    if count == 0 {
        return Ok(Err(INVAL));
    }
    let subs_bytes = match count.checked_mul(SUBSCRIPTION_SIZE) {
        Some(n) => n,
        None => return Ok(Err(INVAL)),
    };
    let checks = mem::slice(m, subs, subs_bytes)
        .and_then(|_| mem::slice(m, out, count.saturating_mul(EVENT_SIZE)))
        .and_then(|_| mem::slice(m, nevents, 4));
    if let Err(e) = checks {
        return Ok(Err(e));
    }

    let mut ready: Vec<Event> = Vec::new();
    let mut waits: Vec<Wait> = Vec::new();
    let mut seen: HashSet<(u32, u8), IntHash> = HashSet::default();
    for i in 0..count {
        let base = subs + i * SUBSCRIPTION_SIZE;
        let parsed = (|| -> AbiResult<(u64, u8, u32, u64, u16)> {
            Ok((
                mem::read_u64(m, base)?,
                mem::read_u8(m, base + 8)?,
                mem::read_u32(m, base + 16)?,
                mem::read_u64(m, base + 24)?,
                mem::read_u16(m, base + 40)?,
            ))
        })();
        let (userdata, kind, id_or_fd, timeout, flags) = match parsed {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        };
        let failed = |error: i32| Event {
            userdata,
            error: error as u16,
            kind,
            ..Event::default()
        };
        match kind {
            EVENTTYPE_CLOCK => match clock_deadline(id_or_fd, timeout, flags & 1 != 0) {
                Ok(deadline) => waits.push(Wait::Clock { userdata, deadline }),
                Err(e) => ready.push(failed(e)),
            },
            EVENTTYPE_FD_READ | EVENTTYPE_FD_WRITE => {
                let fd = id_or_fd;
                if !seen.insert((fd, kind)) {
                    // WasmEdge allows one read and one write interest per fd.
                    ready.push(failed(EXIST));
                } else if let Ok(sock) = st.sockets.get(fd) {
                    waits.push(Wait::Fd {
                        userdata,
                        kind,
                        host: sock.raw(),
                        socket: Some(fd),
                    });
                } else if fd == 0 && kind == EVENTTYPE_FD_READ && st.stdin_open {
                    waits.push(Wait::Fd {
                        userdata,
                        kind,
                        host: 0,
                        socket: None,
                    });
                } else {
                    // Files, stdout and stderr never block: ready now, if the
                    // descriptor exists at all.
                    let stat = delegate(m, st, |ctx, gm| {
                        in_tokio(ctx.fd_fdstat_get(gm, fd.into())).map(|_| ())
                    })?;
                    match stat {
                        Ok(()) => ready.push(Event {
                            userdata,
                            kind,
                            ..Event::default()
                        }),
                        Err(e) => ready.push(failed(e)),
                    }
                }
            }
            _ => return Ok(Err(INVAL)),
        }
    }

    let mut pollfds: Vec<libc::pollfd> = waits
        .iter()
        .filter_map(|w| match w {
            Wait::Fd { kind, host, .. } => Some(libc::pollfd {
                fd: *host,
                events: if *kind == EVENTTYPE_FD_READ {
                    libc::POLLIN | libc::POLLRDHUP
                } else {
                    libc::POLLOUT
                },
                revents: 0,
            }),
            Wait::Clock { .. } => None,
        })
        .collect();
    let earliest = waits
        .iter()
        .filter_map(|w| match w {
            Wait::Clock { deadline, .. } => Some(*deadline),
            Wait::Fd { .. } => None,
        })
        .min_by(|a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y),
        });

    loop {
        let timeout = if !ready.is_empty() {
            Some(Duration::ZERO)
        } else {
            match earliest {
                Some(Some(d)) => Some(d.saturating_duration_since(Instant::now())),
                // Only clocks that never expire, or no clock at all.
                _ => None,
            }
        };
        if let Err(e) = host_poll(&mut pollfds, timeout) {
            return Ok(Err(e));
        }
        let now = Instant::now();
        let mut events = ready.clone();
        let mut polled = pollfds.iter();
        for w in &waits {
            match w {
                Wait::Clock { userdata, deadline } => {
                    if deadline.is_some_and(|d| d <= now) {
                        events.push(Event {
                            userdata: *userdata,
                            kind: EVENTTYPE_CLOCK,
                            ..Event::default()
                        });
                    }
                }
                Wait::Fd {
                    userdata,
                    kind,
                    host,
                    socket,
                } => {
                    let revents = polled.next().map_or(0, |p| p.revents);
                    if revents == 0 {
                        continue;
                    }
                    let mut ev = Event {
                        userdata: *userdata,
                        kind: *kind,
                        ..Event::default()
                    };
                    if revents & libc::POLLNVAL != 0 {
                        ev.error = BADF as u16;
                    } else if *kind == EVENTTYPE_FD_READ {
                        ev.nbytes = match socket {
                            Some(fd) => st.sockets.pending_bytes(*fd),
                            None => readable_bytes(*host),
                        };
                        if revents & (libc::POLLHUP | libc::POLLRDHUP) != 0 {
                            ev.flags = HANGUP;
                        }
                    } else if revents & libc::POLLHUP != 0 {
                        ev.flags = HANGUP;
                    }
                    events.push(ev);
                }
            }
        }
        if events.is_empty() {
            // Woken early (a signal, or the timer rounding): wait again.
            continue;
        }
        return Ok(write_events(m, out, nevents, &events));
    }
}

fn write_events(m: &mut [u8], out: u32, nevents: u32, events: &[Event]) -> AbiResult<()> {
    for (i, ev) in events.iter().enumerate() {
        let base = out + i as u32 * EVENT_SIZE;
        mem::write(m, base, &[0; EVENT_SIZE as usize])?;
        mem::write_u64(m, base, ev.userdata)?;
        mem::write_u16(m, base + 8, ev.error)?;
        mem::write_u8(m, base + 10, ev.kind)?;
        mem::write_u64(m, base + 16, ev.nbytes)?;
        mem::write_u16(m, base + 24, ev.flags)?;
    }
    mem::write_u32(m, nevents, events.len() as u32)
}
