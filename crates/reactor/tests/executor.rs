//! Executor tests: spawning, run counts, cancellation on drop, detaching, parking.

mod common;

use reactor::{block_on, live_tasks, park, run_ready, sleep, spawn};
use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

struct SetOnDrop(Rc<Cell<bool>>);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[test]
fn run_ready_polls_each_woken_task_once() {
    let a = spawn(async { 1 });
    let b = spawn(async { 2 });
    assert_eq!(live_tasks(), 2);
    assert_eq!(run_ready(), 2);
    assert_eq!(live_tasks(), 0);
    assert_eq!(run_ready(), 0, "nothing was woken");
    assert!(a.is_finished() && b.is_finished());
    assert_eq!(block_on(async { a.await + b.await }), 3);
}

#[test]
fn self_waking_task_is_polled_once_per_call() {
    let polls = Rc::new(Cell::new(0));
    let p = polls.clone();
    spawn(async move {
        for _ in 0..3 {
            p.set(p.get() + 1);
            futures_lite::future::yield_now().await;
        }
    })
    .detach();
    assert_eq!(run_ready(), 1);
    assert_eq!(polls.get(), 1);
    assert_eq!(run_ready(), 1);
    assert_eq!(polls.get(), 2);
    while run_ready() > 0 {}
    assert_eq!(polls.get(), 3);
    assert_eq!(live_tasks(), 0);
}

#[test]
fn dropping_a_task_cancels_it_and_detach_keeps_it() {
    let dropped = Rc::new(Cell::new(false));
    let finished = Rc::new(Cell::new(false));
    let (d, f) = (dropped.clone(), finished.clone());
    let task = spawn(async move {
        let _guard = SetOnDrop(d);
        sleep(Duration::from_millis(20)).await;
        f.set(true);
    });
    run_ready();
    assert_eq!(live_tasks(), 1);
    drop(task);
    assert!(dropped.get(), "cancelling drops the future at once");
    assert_eq!(live_tasks(), 0);

    let detached_done = Rc::new(Cell::new(false));
    let dd = detached_done.clone();
    spawn(async move {
        sleep(Duration::from_millis(10)).await;
        dd.set(true);
    })
    .detach();
    common::run_bounded(Duration::from_secs(5), sleep(Duration::from_millis(50)));
    assert!(detached_done.get());
    assert!(
        !finished.get(),
        "the cancelled task never ran to completion"
    );
}

#[test]
fn a_task_can_await_another() {
    let out = common::run_bounded(Duration::from_secs(5), async {
        let inner = spawn(async {
            sleep(Duration::from_millis(5)).await;
            "done"
        });
        inner.await
    });
    assert_eq!(out, "done");
}

#[test]
fn park_with_nothing_to_wait_for_returns_at_once() {
    let start = Instant::now();
    for _ in 0..1000 {
        park(None);
    }
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "park(None) must not block when idle"
    );
    let start = Instant::now();
    park(Some(Duration::from_millis(30)));
    assert!(
        start.elapsed() >= Duration::from_millis(30),
        "park(timeout) waits the timeout"
    );
}

#[test]
fn park_does_not_block_when_a_task_is_woken() {
    let _timer_far_away = spawn(sleep(Duration::from_secs(60)));
    run_ready();
    spawn(async {}).detach();
    let start = Instant::now();
    park(None);
    assert!(start.elapsed() < Duration::from_millis(100));
}

#[test]
fn nested_block_on_inside_a_task_keeps_outer_wakes() {
    let out = common::run_bounded(Duration::from_secs(5), async {
        let outer = spawn(async {
            // A task that blocks on a future of its own, while it is itself woken by a timer
            // armed before: the wake must survive the inner loop.
            let timer = reactor::Timer::after(Duration::from_millis(5));
            let inner = block_on(async {
                sleep(Duration::from_millis(20)).await;
                7
            });
            timer.await;
            inner
        });
        outer.await
    });
    assert_eq!(out, 7);
}

/// The loop the JS engine runs: `run_ready`, stop when no task is left, else `park(None)`.
#[test]
fn engine_style_loop_runs_io_and_timers_to_completion() {
    use futures_lite::{AsyncReadExt, AsyncWriteExt};
    let result = Rc::new(Cell::new(None));
    let r = result.clone();
    spawn(async move {
        let listener = reactor::TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let server = spawn(async move {
            let (mut conn, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 5];
            conn.read_exact(&mut buf).await.unwrap();
            sleep(Duration::from_millis(10)).await;
            conn.write_all(&buf).await.unwrap();
        });
        let mut client = reactor::TcpStream::connect(addr).await.unwrap();
        client.write_all(b"hello").await.unwrap();
        let mut back = [0u8; 5];
        client.read_exact(&mut back).await.unwrap();
        server.await;
        r.set(Some(back));
    })
    .detach();
    let start = Instant::now();
    let mut iterations = 0;
    loop {
        run_ready();
        if live_tasks() == 0 {
            break;
        }
        park(None);
        iterations += 1;
        assert!(iterations < 10_000, "the loop spins instead of parking");
        assert!(start.elapsed() < Duration::from_secs(5), "the loop hangs");
    }
    assert_eq!(result.get(), Some(*b"hello"));
    println!("engine-style loop: {iterations} parks");
}
