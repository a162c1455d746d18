//! The operating-system edge: sockets, one readiness poll, and name lookup.
//!
//! Each backend offers the same small surface, so everything above this module is shared:
//! `native` (libc sockets and `poll(2)`) is what `cargo test` exercises, and `wasi` is the same
//! surface over WasmEdge's socket extension and `poll_oneoff`.

use std::time::Duration;

#[cfg(not(target_os = "wasi"))]
mod native;
#[cfg(not(target_os = "wasi"))]
pub(crate) use native::{poll, resolve, RawFd, Socket};

#[cfg(target_os = "wasi")]
mod wasi;
#[cfg(target_os = "wasi")]
pub(crate) use wasi::{poll, resolve, RawFd, Socket};

/// What the reactor wants to hear about one descriptor in one poll.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Interest {
    pub fd: RawFd,
    pub read: bool,
    pub write: bool,
}

/// What one poll reported for one descriptor. Errors and hang-ups set both directions, so
/// every waiter retries its operation and sees the error itself.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Event {
    pub fd: RawFd,
    pub read: bool,
    pub write: bool,
}

/// How long a poll may block: `None` blocks until an event, `Some(ZERO)` only checks.
pub(crate) type PollTimeout = Option<Duration>;
