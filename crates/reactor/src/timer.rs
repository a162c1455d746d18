//! Timers: one-shot deadlines and intervals, queued in the reactor and woken by `park`.

use crate::reactor::{self, TimerKey};
use futures_lite::Stream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// A timer: as a [`Future`] it completes with its deadline once that has passed; as a
/// [`Stream`] (see [`Timer::interval`]) it yields once per period.
///
/// Timers with equal deadlines fire in creation order. Dropping a timer cancels it. A
/// deadline too far away to represent never fires. After a one-shot timer has completed it
/// stays pending until given a new deadline with [`Timer::set_after`] or [`Timer::set_at`].
pub struct Timer {
    deadline: Option<Instant>,
    period: Option<Duration>,
    seq: u64,
    /// The queue key under which a waker is registered, if any.
    registered: Option<TimerKey>,
}

impl fmt::Debug for Timer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timer")
            .field("deadline", &self.deadline)
            .field("period", &self.period)
            .finish()
    }
}

impl Timer {
    fn new(deadline: Option<Instant>, period: Option<Duration>) -> Timer {
        Timer {
            deadline,
            period,
            seq: reactor::timer_seq(),
            registered: None,
        }
    }

    /// A timer that fires once, `duration` from now.
    pub fn after(duration: Duration) -> Timer {
        Timer::new(Instant::now().checked_add(duration), None)
    }

    /// A timer that fires once at `deadline` (at once if it has passed).
    pub fn at(deadline: Instant) -> Timer {
        Timer::new(Some(deadline), None)
    }

    /// A timer that fires every `period`, first one `period` from now. When the program
    /// falls behind, the next tick is one period after the late one rather than a burst of
    /// catch-up ticks. A zero period is treated as one millisecond, so an interval can never
    /// keep the loop busy.
    pub fn interval(period: Duration) -> Timer {
        let period = period.max(Duration::from_millis(1));
        Timer::new(Instant::now().checked_add(period), Some(period))
    }

    /// Re-arms the timer to fire once, `duration` from now (keeping any period).
    pub fn set_after(&mut self, duration: Duration) {
        self.set_deadline(Instant::now().checked_add(duration));
    }

    /// Re-arms the timer to fire once at `deadline` (keeping any period).
    pub fn set_at(&mut self, deadline: Instant) {
        self.set_deadline(Some(deadline));
    }

    /// The instant the timer fires next, if it is armed.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    fn set_deadline(&mut self, deadline: Option<Instant>) {
        self.unregister();
        // A re-armed timer queues behind timers created before the re-arm.
        self.seq = reactor::timer_seq();
        self.deadline = deadline;
    }

    fn unregister(&mut self) {
        if let Some(key) = self.registered.take() {
            reactor::remove_timer(key);
        }
    }

    fn poll_tick(&mut self, cx: &mut Context<'_>) -> Poll<Instant> {
        let Some(deadline) = self.deadline else {
            return Poll::Pending;
        };
        let now = Instant::now();
        if now >= deadline {
            self.unregister();
            self.deadline = self.period.and_then(|p| {
                let next = deadline.checked_add(p)?;
                if next > now {
                    Some(next)
                } else {
                    now.checked_add(p)
                }
            });
            return Poll::Ready(deadline);
        }
        let key = (deadline, self.seq);
        if self.registered != Some(key) {
            self.unregister();
        }
        reactor::insert_timer(key, cx.waker());
        self.registered = Some(key);
        Poll::Pending
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.unregister();
    }
}

impl Future for Timer {
    type Output = Instant;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Instant> {
        self.get_mut().poll_tick(cx)
    }
}

impl Stream for Timer {
    type Item = Instant;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Instant>> {
        self.get_mut().poll_tick(cx).map(Some)
    }
}

/// Waits for `duration`.
pub async fn sleep(duration: Duration) {
    Timer::after(duration).await;
}
