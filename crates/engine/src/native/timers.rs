//! Timer and immediate natives: each armed timer is a reactor task that sleeps, then calls the
//! JavaScript dispatcher with the timer's id. The timer list itself lives in JavaScript.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use rquickjs::{function::Opt, Ctx, Function, Object, Persistent};

use crate::event_loop::{call_js, LoopRef};

struct Armed {
    task: reactor::Task<()>,
    hold: Option<LoopRef>,
}

thread_local! {
    static ARMED: RefCell<HashMap<u32, Armed>> = RefCell::new(HashMap::new());
    /// Handles of tasks that may be running right now: dropped by the loop between polls.
    static RETIRED: RefCell<Vec<reactor::Task<()>>> = const { RefCell::new(Vec::new()) };
    static ON_TIMER: RefCell<Option<Persistent<Function<'static>>>> = const { RefCell::new(None) };
    static ON_IMMEDIATE: RefCell<Option<Persistent<Function<'static>>>> = const { RefCell::new(None) };
    static IMMEDIATE_PENDING: RefCell<Option<LoopRef>> = const { RefCell::new(None) };
}

/// Drops the handles of timers that fired or were cleared. Called by the loop between polls,
/// never from inside a task.
pub(crate) fn retire_finished() {
    let retired = RETIRED.with(|r| std::mem::take(&mut *r.borrow_mut()));
    drop(retired);
}

fn disarm(id: u32) {
    if let Some(armed) = ARMED.with(|a| a.borrow_mut().remove(&id)) {
        drop(armed.hold);
        RETIRED.with(|r| r.borrow_mut().push(armed.task));
    }
}

fn fire(id: u32) {
    call_js(|ctx| {
        let handler = ON_TIMER.with(|h| h.borrow().clone());
        match handler {
            Some(h) => h.restore(ctx)?.call::<_, ()>((id,)),
            None => Ok(()),
        }
    });
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set(
        "ticksQueued",
        Function::new(ctx.clone(), crate::event_loop::ticks_queued)?,
    )?;
    native.set(
        "setTimerHandlers",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, on_timer: Function<'js>, on_immediate: Function<'js>| {
                ON_TIMER.with(|h| *h.borrow_mut() = Some(Persistent::save(&ctx, on_timer)));
                ON_IMMEDIATE.with(|h| *h.borrow_mut() = Some(Persistent::save(&ctx, on_immediate)));
            },
        )?,
    )?;
    // timerStart(id, ms, repeat, ref): arms (or re-arms) timer `id`.
    native.set(
        "timerStart",
        Function::new(
            ctx.clone(),
            |id: u32, ms: f64, repeat: Opt<bool>, refed: Opt<bool>| {
                disarm(id);
                let period = Duration::from_micros((ms.max(1.0) * 1000.0) as u64);
                let repeat = repeat.0.unwrap_or(false);
                let task = reactor::spawn(async move {
                    loop {
                        reactor::Timer::after(period).await;
                        if !repeat {
                            // One-shot: release the loop before the callback, as Node does.
                            disarm(id);
                            fire(id);
                            return;
                        }
                        fire(id);
                    }
                });
                let hold = refed.0.unwrap_or(true).then(LoopRef::new);
                ARMED.with(|a| a.borrow_mut().insert(id, Armed { task, hold }));
            },
        )?,
    )?;
    native.set("timerStop", Function::new(ctx.clone(), disarm)?)?;
    // timerRef(id, ref): whether an armed timer keeps the program alive.
    native.set(
        "timerRef",
        Function::new(ctx.clone(), |id: u32, refed: bool| {
            ARMED.with(|a| {
                if let Some(armed) = a.borrow_mut().get_mut(&id) {
                    if refed && armed.hold.is_none() {
                        armed.hold = Some(LoopRef::new());
                    } else if !refed {
                        armed.hold = None;
                    }
                }
            })
        })?,
    )?;
    // scheduleImmediate(): the JavaScript queue of immediates runs once in a later turn.
    native.set(
        "scheduleImmediate",
        Function::new(ctx.clone(), || {
            let already = IMMEDIATE_PENDING.with(|p| p.borrow().is_some());
            if already {
                return;
            }
            IMMEDIATE_PENDING.with(|p| *p.borrow_mut() = Some(LoopRef::new()));
            reactor::spawn(async {
                IMMEDIATE_PENDING.with(|p| p.borrow_mut().take());
                call_js(|ctx| {
                    let handler = ON_IMMEDIATE.with(|h| h.borrow().clone());
                    match handler {
                        Some(h) => h.restore(ctx)?.call::<_, ()>(()),
                        None => Ok(()),
                    }
                });
            })
            .detach();
        })?,
    )?;
    Ok(())
}
