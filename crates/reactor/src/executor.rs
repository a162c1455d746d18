//! The executor: this thread's local (non-`Send`) tasks, the queue of woken ones, and
//! `block_on`, which alternates between running them and parking in the reactor.
//!
//! Wakers only carry a task number into a shared queue, so they are `Send + Sync` as the
//! `Waker` type demands, while the futures themselves stay on the thread that spawned them.

use crate::reactor;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};

type TaskId = u64;
type LocalFuture = Pin<Box<dyn Future<Output = ()>>>;

/// Task numbers woken since they were last polled, in wake order.
#[derive(Default)]
struct WakeQueue {
    ids: Mutex<VecDeque<TaskId>>,
    /// Set when a `block_on` future (which is not a task) is woken.
    main_woken: AtomicBool,
}

impl WakeQueue {
    fn lock(&self) -> MutexGuard<'_, VecDeque<TaskId>> {
        // A panic while holding this lock cannot leave the queue half-updated.
        self.ids
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

struct TaskWaker {
    id: TaskId,
    /// True while the id sits in the queue, so repeated wakes queue it once.
    queued: AtomicBool,
    queue: Arc<WakeQueue>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.queue.lock().push_back(self.id);
        }
    }
}

struct MainWaker(Arc<WakeQueue>);

impl Wake for MainWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.main_woken.store(true, Ordering::Release);
    }
}

struct Slot {
    /// `None` while the task is being polled.
    future: Option<LocalFuture>,
    waker: Arc<TaskWaker>,
    /// Set when the task's handle is dropped while the task itself is running.
    cancelled: bool,
}

struct Executor {
    queue: Arc<WakeQueue>,
    tasks: RefCell<HashMap<TaskId, Slot>>,
    next_id: Cell<TaskId>,
}

thread_local! {
    static EXECUTOR: Executor = Executor {
        queue: Arc::default(),
        tasks: RefCell::default(),
        next_id: Cell::new(1),
    };
}

/// Whether a task or a `block_on` future is waiting to be polled.
pub(crate) fn has_woken() -> bool {
    EXECUTOR
        .try_with(|ex| !ex.queue.lock().is_empty() || ex.queue.main_woken.load(Ordering::Acquire))
        .unwrap_or(false)
}

/// What a task's handle and the task share: the output, once there is one.
enum JoinState<T> {
    Running(Option<Waker>),
    Done(T),
    Taken,
}

/// A handle to a spawned task; awaiting it gives the task's output.
///
/// Dropping the handle cancels the task (its future is dropped at once, or right after its
/// current poll when it drops its own handle); [`Task::detach`] lets it run to completion
/// unobserved instead.
#[must_use = "dropping a Task cancels it; call .detach() to let it run"]
pub struct Task<T> {
    id: TaskId,
    state: Rc<RefCell<JoinState<T>>>,
    detached: bool,
}

impl<T> fmt::Debug for Task<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Task")
            .field("id", &self.id)
            .field("finished", &self.is_finished())
            .finish()
    }
}

impl<T> Task<T> {
    /// Lets the task run to completion without a handle; its output is dropped.
    pub fn detach(mut self) {
        self.detached = true;
    }

    /// Whether the task has produced its output.
    pub fn is_finished(&self) -> bool {
        !matches!(*self.state.borrow(), JoinState::Running(_))
    }

    /// Cancels the task and returns its output if it had already finished.
    pub fn cancel(self) -> Option<T> {
        let out = match std::mem::replace(&mut *self.state.borrow_mut(), JoinState::Taken) {
            JoinState::Done(v) => Some(v),
            _ => None,
        };
        drop(self);
        out
    }
}

impl<T> Future for Task<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.state.borrow_mut();
        match std::mem::replace(&mut *state, JoinState::Taken) {
            JoinState::Done(v) => Poll::Ready(v),
            JoinState::Running(_) => {
                *state = JoinState::Running(Some(cx.waker().clone()));
                Poll::Pending
            }
            // Only reachable by polling after completion, which the Future contract forbids;
            // staying pending is the harmless answer.
            JoinState::Taken => Poll::Pending,
        }
    }
}

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        if !self.detached {
            cancel(self.id);
        }
    }
}

/// Removes a task's future. The future is dropped after the task table is released,
/// because its destructor may spawn or cancel other tasks.
fn cancel(id: TaskId) {
    let removed = EXECUTOR
        .try_with(|ex| {
            let mut tasks = ex.tasks.borrow_mut();
            match tasks.get_mut(&id) {
                Some(slot) if slot.future.is_none() => {
                    slot.cancelled = true;
                    None
                }
                Some(_) => tasks.remove(&id),
                None => None,
            }
        })
        .ok()
        .flatten();
    drop(removed);
}

/// Spawns a local task on this thread's executor. It first runs at the next
/// [`run_ready`] (or inside [`block_on`]).
pub fn spawn<T: 'static>(future: impl Future<Output = T> + 'static) -> Task<T> {
    let state = Rc::new(RefCell::new(JoinState::Running(None)));
    let shared = Rc::clone(&state);
    let wrapped = async move {
        let value = future.await;
        let waker = match std::mem::replace(&mut *shared.borrow_mut(), JoinState::Done(value)) {
            JoinState::Running(w) => w,
            _ => None,
        };
        if let Some(w) = waker {
            w.wake();
        }
    };
    let id = EXECUTOR.with(|ex| {
        let id = ex.next_id.get();
        ex.next_id.set(id + 1);
        let waker = Arc::new(TaskWaker {
            id,
            queued: AtomicBool::new(false),
            queue: Arc::clone(&ex.queue),
        });
        // A new task is runnable: queue it like a wake.
        waker.wake_by_ref();
        ex.tasks.borrow_mut().insert(
            id,
            Slot {
                future: Some(Box::pin(wrapped)),
                waker,
                cancelled: false,
            },
        );
        id
    });
    Task {
        id,
        state,
        detached: false,
    }
}

/// Polls, once each, the tasks woken (or spawned) since the last call, in wake order, and
/// returns how many were polled. Tasks woken during this call wait for the next one, so a
/// task that keeps waking itself cannot starve the reactor.
pub fn run_ready() -> usize {
    let Ok(batch) = EXECUTOR.try_with(|ex| std::mem::take(&mut *ex.queue.lock())) else {
        return 0;
    };
    let mut polled = 0;
    // Tasks running further up the stack (a `block_on` or `run_ready` nested inside a
    // task): their wake is kept for the next call instead of being lost.
    let mut running = Vec::new();
    for id in batch {
        let taken = EXECUTOR.with(|ex| {
            let mut tasks = ex.tasks.borrow_mut();
            let slot = tasks.get_mut(&id)?;
            let Some(future) = slot.future.take() else {
                running.push(id);
                return None;
            };
            // Cleared before polling so a wake during the poll queues the task again.
            slot.waker.queued.store(false, Ordering::Release);
            Some((future, Arc::clone(&slot.waker)))
        });
        let Some((mut future, task_waker)) = taken else {
            continue;
        };
        let waker = Waker::from(task_waker);
        let done = future
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_ready();
        polled += 1;
        let finished = EXECUTOR.with(|ex| {
            let mut tasks = ex.tasks.borrow_mut();
            match tasks.get_mut(&id) {
                Some(slot) if !done && !slot.cancelled => {
                    slot.future = Some(future);
                    None
                }
                _ => {
                    tasks.remove(&id);
                    Some(future)
                }
            }
        });
        drop(finished);
    }
    if !running.is_empty() {
        let _ = EXECUTOR.try_with(|ex| ex.queue.lock().extend(running));
    }
    polled
}

/// Spawned tasks that have neither finished nor been cancelled, detached ones included.
pub fn live_tasks() -> usize {
    EXECUTOR.try_with(|ex| ex.tasks.borrow().len()).unwrap_or(0)
}

/// Runs `future` to completion on this thread, driving spawned tasks and the reactor
/// meanwhile. Tasks still alive when it returns stay spawned.
///
/// # Panics
///
/// On `wasm32-wasip1` (no other thread exists) if `future` is pending while no task, timer
/// or socket remains that could ever wake it: that is a deadlock, reported rather than hung.
/// Natively the thread sleeps until another thread wakes `future`.
pub fn block_on<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let queue = EXECUTOR.with(|ex| Arc::clone(&ex.queue));
    let waker = Waker::from(Arc::new(MainWaker(Arc::clone(&queue))));
    let mut cx = Context::from_waker(&waker);
    loop {
        queue.main_woken.store(false, Ordering::Release);
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        run_ready();
        if !has_woken() && reactor::pending_sources() == 0 {
            wait_for_foreign_wake(&queue);
            continue;
        }
        reactor::park(None);
    }
}

#[cfg(not(target_os = "wasi"))]
fn wait_for_foreign_wake(queue: &WakeQueue) {
    // Nothing local can make progress; only another thread can wake us. Sleep in short
    // steps rather than spin, re-checking for that wake.
    while !queue.main_woken.load(Ordering::Acquire) && queue.lock().is_empty() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[cfg(target_os = "wasi")]
fn wait_for_foreign_wake(_queue: &WakeQueue) {
    panic!(
        "block_on: deadlock: the future is pending but no task, timer or socket is left to wake it"
    );
}
