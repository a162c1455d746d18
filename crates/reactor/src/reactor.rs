//! The reactor: which tasks wait on which socket, the timer queue, and `park`, the one
//! blocking call that waits for either.
//!
//! Readiness is level-triggered and rebuilt on every park: a waiter registers after its
//! operation returned `WouldBlock`, the poll wakes it once, and it retries. Nothing is cached
//! between polls, so a stale entry costs one spurious wake-up and never a missed one.

use crate::executor;
use crate::sys::{self, Event, Interest, RawFd};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::task::Waker;
use std::time::{Duration, Instant};

/// Which half of a socket a task waits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Read,
    Write,
}

#[derive(Default)]
struct Waiters {
    read: Vec<Waker>,
    write: Vec<Waker>,
}

/// A timer's place in the queue: deadline first, then creation order for equal deadlines.
pub(crate) type TimerKey = (Instant, u64);

#[derive(Default)]
struct Reactor {
    io: HashMap<RawFd, Waiters>,
    timers: BTreeMap<TimerKey, Waker>,
    next_timer_seq: u64,
    // Reused between parks so a busy loop does not allocate.
    interests: Vec<Interest>,
    events: Vec<Event>,
}

thread_local! {
    static REACTOR: RefCell<Reactor> = RefCell::new(Reactor::default());
}

/// Runs `f` on this thread's reactor; `None` while the thread is being torn down, when the
/// callers (destructors) have nothing left to tell it.
fn with<R>(f: impl FnOnce(&mut Reactor) -> R) -> Option<R> {
    REACTOR.try_with(|r| f(&mut r.borrow_mut())).ok()
}

fn add_waker(list: &mut Vec<Waker>, waker: &Waker) {
    if !list.iter().any(|w| w.will_wake(waker)) {
        list.push(waker.clone());
    }
}

/// Asks for `waker` to be woken when `fd` is ready in `dir` (or fails).
pub(crate) fn register(fd: RawFd, dir: Direction, waker: &Waker) {
    with(|r| {
        let waiters = r.io.entry(fd).or_default();
        match dir {
            Direction::Read => add_waker(&mut waiters.read, waker),
            Direction::Write => add_waker(&mut waiters.write, waker),
        }
    });
}

/// Forgets `fd` before it is closed, waking its waiters so they see the socket is gone
/// rather than wait on a descriptor number that may be reused.
pub(crate) fn deregister(fd: RawFd) {
    let waiters = with(|r| r.io.remove(&fd)).flatten();
    if let Some(w) = waiters {
        w.read.into_iter().chain(w.write).for_each(Waker::wake);
    }
}

/// A fresh creation-order number for a timer.
pub(crate) fn timer_seq() -> u64 {
    with(|r| {
        r.next_timer_seq += 1;
        r.next_timer_seq
    })
    .unwrap_or(0)
}

/// Inserts or refreshes a timer's waker.
pub(crate) fn insert_timer(key: TimerKey, waker: &Waker) {
    with(|r| match r.timers.get_mut(&key) {
        Some(w) if w.will_wake(waker) => {}
        Some(w) => *w = waker.clone(),
        None => {
            r.timers.insert(key, waker.clone());
        }
    });
}

/// Removes a timer (cancelled, or fired and consumed).
pub(crate) fn remove_timer(key: TimerKey) {
    // The removed waker is dropped after the borrow ends: a waker's drop may run user code.
    let removed = with(|r| r.timers.remove(&key)).flatten();
    drop(removed);
}

/// Wakes every timer due at `now`, earliest (then oldest) first; returns how many.
fn fire_due_timers(now: Instant) -> usize {
    let due = with(|r| {
        let later = r.timers.split_off(&(now, u64::MAX));
        std::mem::replace(&mut r.timers, later)
    })
    .unwrap_or_default();
    let n = due.len();
    due.into_values().for_each(Waker::wake);
    n
}

/// Number of sockets with a waiter plus pending timers: zero means nothing can wake a park.
pub(crate) fn pending_sources() -> usize {
    with(|r| r.io.len() + r.timers.len()).unwrap_or(0)
}

/// Waits once for I/O readiness or the nearest timer, at most `timeout`, and wakes whatever
/// became ready. It returns at once, after a non-blocking look at the sockets, when a task is
/// already woken, and without any system call when there is nothing at all to wait for and no
/// `timeout`: such a wait could never end.
pub fn park(timeout: Option<Duration>) {
    let now = Instant::now();
    let fired = fire_due_timers(now);
    let busy = fired > 0 || executor::has_woken();

    // Build the interest list: one entry per descriptor, both directions merged, because
    // WasmEdge rejects a second subscription for the same descriptor and direction.
    let prepared = with(|r| {
        let mut interests = std::mem::take(&mut r.interests);
        interests.clear();
        interests.extend(r.io.iter().filter_map(|(&fd, w)| {
            let (read, write) = (!w.read.is_empty(), !w.write.is_empty());
            (read || write).then_some(Interest { fd, read, write })
        }));
        let next_timer = r
            .timers
            .keys()
            .next()
            .map(|(at, _)| at.saturating_duration_since(now));
        (interests, next_timer)
    });
    let Some((interests, next_timer)) = prepared else {
        return;
    };

    let wait = if busy {
        Some(Duration::ZERO)
    } else {
        match (timeout, next_timer) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    };
    if interests.is_empty() && (wait.is_none() || wait == Some(Duration::ZERO)) {
        give_back(interests, Vec::new());
        return;
    }

    let mut events = with(|r| std::mem::take(&mut r.events)).unwrap_or_default();
    events.clear();
    if sys::poll(&interests, wait, &mut events).is_err() {
        // A failed poll reports no readiness; wake every waiter so each retries its own
        // operation and meets the real error there instead of waiting forever.
        events.extend(interests.iter().map(|i| Event {
            fd: i.fd,
            read: true,
            write: true,
        }));
    }
    let mut to_wake = Vec::new();
    with(|r| {
        for ev in &events {
            let Some(w) = r.io.get_mut(&ev.fd) else {
                continue;
            };
            if ev.read {
                to_wake.append(&mut w.read);
            }
            if ev.write {
                to_wake.append(&mut w.write);
            }
            if w.read.is_empty() && w.write.is_empty() {
                r.io.remove(&ev.fd);
            }
        }
    });
    give_back(interests, events);
    to_wake.into_iter().for_each(Waker::wake);
    fire_due_timers(Instant::now());
}

fn give_back(interests: Vec<Interest>, events: Vec<Event>) {
    with(|r| {
        r.interests = interests;
        r.events = events;
    });
}
