//! Timer tests: ordering, equal deadlines, cancellation, intervals, re-arming.

mod common;

use futures_lite::StreamExt;
use reactor::{live_tasks, sleep, spawn, Timer};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

#[test]
fn timers_fire_in_deadline_order() {
    let order = Rc::new(RefCell::new(Vec::new()));
    common::run_bounded(Duration::from_secs(5), async {
        let mut tasks = Vec::new();
        for ms in [30u64, 10, 20, 0, 5] {
            let order = order.clone();
            tasks.push(spawn(async move {
                sleep(Duration::from_millis(ms)).await;
                order.borrow_mut().push(ms);
            }));
        }
        for t in tasks {
            t.await;
        }
    });
    assert_eq!(*order.borrow(), vec![0, 5, 10, 20, 30]);
}

#[test]
fn equal_deadlines_fire_in_creation_order() {
    let order = Rc::new(RefCell::new(Vec::new()));
    common::run_bounded(Duration::from_secs(5), async {
        let at = Instant::now() + Duration::from_millis(20);
        let timers: Vec<Timer> = (0..8).map(|_| Timer::at(at)).collect();
        // Spawned in reverse, so poll order alone would give the opposite answer.
        let mut tasks = Vec::new();
        for (i, timer) in timers.into_iter().enumerate().rev() {
            let order = order.clone();
            tasks.push(spawn(async move {
                timer.await;
                order.borrow_mut().push(i);
            }));
        }
        for t in tasks {
            t.await;
        }
    });
    assert_eq!(*order.borrow(), (0..8).collect::<Vec<_>>());
}

#[test]
fn dropped_timer_never_fires() {
    let fired = Rc::new(RefCell::new(false));
    let f = fired.clone();
    common::run_bounded(Duration::from_secs(5), async move {
        let task = spawn(async move {
            sleep(Duration::from_millis(10)).await;
            *f.borrow_mut() = true;
        });
        sleep(Duration::from_millis(2)).await;
        drop(task);
        sleep(Duration::from_millis(40)).await;
    });
    assert!(!*fired.borrow());
    assert_eq!(live_tasks(), 0);
}

#[test]
fn timer_returns_its_deadline_and_not_before() {
    let start = Instant::now();
    let fired_at = common::run_bounded(
        Duration::from_secs(5),
        Timer::after(Duration::from_millis(25)),
    );
    assert!(fired_at >= start + Duration::from_millis(25));
    assert!(start.elapsed() >= Duration::from_millis(25));
}

#[test]
fn interval_ticks_repeatedly() {
    let start = Instant::now();
    let ticks: Vec<Instant> = common::run_bounded(Duration::from_secs(5), async {
        Timer::interval(Duration::from_millis(10))
            .take(5)
            .collect()
            .await
    });
    assert_eq!(ticks.len(), 5);
    assert!(ticks.windows(2).all(|w| w[1] > w[0]));
    let elapsed = start.elapsed();
    assert!(
        elapsed >= Duration::from_millis(50),
        "5 ticks of 10 ms took {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_millis(1000),
        "5 ticks of 10 ms took {elapsed:?}"
    );
}

#[test]
fn rearmed_timer_fires_at_new_deadline() {
    common::run_bounded(Duration::from_secs(5), async {
        let mut t = Timer::after(Duration::from_secs(30));
        t.set_after(Duration::from_millis(5));
        let start = Instant::now();
        (&mut t).await;
        assert!(start.elapsed() < Duration::from_secs(5));
        assert!(t.deadline().is_none(), "a fired one-shot timer is disarmed");
    });
}

#[test]
fn far_future_timer_does_not_panic() {
    let t = Timer::after(Duration::MAX);
    assert!(t.deadline().is_none());
    let won = common::run_bounded(Duration::from_secs(5), async {
        futures_lite::future::or(
            async {
                t.await;
                false
            },
            async {
                sleep(Duration::from_millis(5)).await;
                true
            },
        )
        .await
    });
    assert!(won);
}
