//! An idle reactor must sleep in the kernel: one second with a pending accept and a timer
//! costs well under 5% of a core. Alone in its test binary so the process CPU clock
//! measures only this reactor.

mod common;

use reactor::{spawn, TcpListener};
use std::time::{Duration, Instant};

fn process_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into a live local.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0);
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[test]
fn idle_reactor_uses_under_five_percent_of_a_core() {
    let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let _accepting = spawn(async move { listener.accept().await });
    let cpu_before = process_cpu_time();
    let wall_before = Instant::now();
    common::run_bounded(
        Duration::from_secs(5),
        reactor::sleep(Duration::from_secs(1)),
    );
    let wall = wall_before.elapsed();
    let cpu = process_cpu_time() - cpu_before;
    let share = cpu.as_secs_f64() / wall.as_secs_f64() * 100.0;
    println!(
        "idle: {:.3} ms CPU over {:.0} ms wall = {share:.3}% of a core",
        cpu.as_secs_f64() * 1e3,
        wall.as_secs_f64() * 1e3
    );
    assert!(wall >= Duration::from_secs(1));
    assert!(share < 5.0, "idle reactor used {share:.2}% of a core");
}
