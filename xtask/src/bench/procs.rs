//! The benchmark's child processes: bounded runs, servers that announce `READY`, memory samples,
//! and clean-up of every process group when the bench is interrupted.

use crate::proc::{Captured, OutputLog};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

/// Process groups alive right now, for the SIGINT/SIGTERM handler (0 = free slot).
static GROUPS: [AtomicI32; 16] = [const { AtomicI32::new(0) }; 16];

fn remember(pid: u32) {
    let Ok(pid) = i32::try_from(pid) else { return };
    for slot in &GROUPS {
        if slot
            .compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return;
        }
    }
}

fn forget(pid: u32) {
    let Ok(pid) = i32::try_from(pid) else { return };
    for slot in &GROUPS {
        let _ = slot.compare_exchange(pid, 0, Ordering::SeqCst, Ordering::SeqCst);
    }
}

extern "C" fn on_interrupt(signal: libc::c_int) {
    for slot in &GROUPS {
        let pid = slot.load(Ordering::SeqCst);
        if pid > 0 {
            // SAFETY: killpg is async-signal-safe; the groups are ones this process started.
            unsafe {
                libc::killpg(pid, libc::SIGKILL);
            }
        }
    }
    // SAFETY: _exit is async-signal-safe and ends the process without running destructors.
    unsafe { libc::_exit(128 + signal) }
}

/// On Ctrl-C or SIGTERM, kill the children's process groups (they are not in ours) and exit.
pub fn install_interrupt_handler() {
    let handler = on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only calls async-signal-safe functions and reads atomics.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// A child with captured output, registered for clean-up, stopped (group and all) when dropped.
pub struct Child {
    captured: Option<Captured>,
    pub pid: u32,
}

impl Child {
    pub fn spawn(command: &mut Command) -> Result<Child, String> {
        let program = command.get_program().to_string_lossy().into_owned();
        let captured =
            Captured::spawn(command).map_err(|e| format!("cannot start {program}: {e}"))?;
        let pid = captured.child.id();
        remember(pid);
        Ok(Child {
            captured: Some(captured),
            pid,
        })
    }

    fn captured(&mut self) -> &mut Captured {
        self.captured
            .as_mut()
            .expect("a child is captured until finished")
    }

    /// Waits for a stdout line starting with `READY`; `Err(Na)` for `N/A <reason>`.
    pub fn wait_ready(&mut self, limit: Duration) -> Result<(), Outcome> {
        let deadline = Instant::now() + limit;
        let Some(lines) = self.captured().stdout_lines.take() else {
            return Err(Outcome::Failed("no stdout to watch".into()));
        };
        let result = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) if line.starts_with("READY") => break Ok(()),
                Ok(line) if line.starts_with("N/A") => {
                    break Err(Outcome::Na(
                        line.trim_start_matches("N/A").trim().to_string(),
                    ))
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    break Err(Outcome::Failed(format!("not ready within {limit:?}")))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    break Err(Outcome::Failed("exited before it was ready".into()))
                }
            }
        };
        if let Err(Outcome::Failed(why)) = result {
            return Err(Outcome::Failed(with_last_line(why, &self.finish())));
        }
        result
    }

    /// Whether the child is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.captured().child.try_wait(), Ok(None))
    }

    /// Sends SIGTERM to the child's group and waits up to `limit` for the child to exit, for a
    /// program that writes on its way out (valgrind) and needs longer than [`Child::finish`]
    /// gives it; `None` when it is still running (the [`Child::finish`] that follows kills it).
    pub fn terminate(&mut self, limit: Duration) -> Option<ExitStatus> {
        let child = &mut self.captured().child;
        crate::proc::signal_group(child, libc::SIGTERM);
        crate::proc::wait_until(child, Instant::now() + limit)
            .ok()
            .flatten()
    }

    /// Stops the child's group and returns what it printed.
    pub fn finish(&mut self) -> OutputLog {
        match self.captured.take() {
            Some(captured) => {
                forget(self.pid);
                captured.finish()
            }
            None => OutputLog::default(),
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Why a cell of the table has no figure.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The feature is not there (yet): the program said `N/A <reason>`.
    Na(String),
    /// The program or the measurement failed.
    Failed(String),
}

/// Appends the most telling line of a child's output to `why`.
pub fn with_last_line(why: String, log: &OutputLog) -> String {
    let tail = log.tail();
    let telling = tail
        .iter()
        .rev()
        .find(|l| l.contains("rror") || l.contains("panic") || l.contains("not "))
        .or_else(|| tail.iter().rev().find(|l| !l.trim().is_empty()));
    match telling {
        Some(line) => format!("{why}: {}", shorten(line.trim(), 90)),
        None => why,
    }
}

pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// How a bounded run ended.
pub enum Finished {
    Exited(ExitStatus, OutputLog),
    TimedOut(OutputLog),
}

/// Runs `command` to its end with captured output, killing its group after `limit`.
pub fn run_bounded(command: &mut Command, limit: Duration) -> Result<Finished, String> {
    let mut child = Child::spawn(command)?;
    let deadline = Instant::now() + limit;
    let status = crate::proc::wait_until(&mut child.captured().child, deadline)
        .map_err(|e| format!("waiting for a child: {e}"))?;
    let log = child.finish();
    Ok(match status {
        Some(status) => Finished::Exited(status, log),
        None => Finished::TimedOut(log),
    })
}

/// Runs `command` with no output kept and returns its wall time; `Err` on failure or time-out.
/// Waits with a blocking `wait` (a polling loop would round the time to its period); a watchdog
/// thread kills the group at `limit`.
pub fn time_quiet(command: &mut Command, limit: Duration) -> Result<Duration, String> {
    let started = Instant::now();
    let mut child = crate::proc::in_own_group(command)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    let pid = child.id();
    remember(pid);
    let (done, watched) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let expired = matches!(watched.recv_timeout(limit), Err(RecvTimeoutError::Timeout));
        if expired {
            if let Ok(pid) = libc::pid_t::try_from(pid) {
                // SAFETY: killpg only sends a signal to the group this process started.
                unsafe {
                    libc::killpg(pid, libc::SIGKILL);
                }
            }
        }
        expired
    });
    let status = child.wait();
    let elapsed = started.elapsed();
    let _ = done.send(());
    let expired = watchdog.join().unwrap_or(false);
    crate::proc::signal_group(&child, libc::SIGKILL); // anything it left behind
    forget(pid);
    match status {
        _ if expired => Err(format!("did not finish within {limit:?}")),
        Ok(s) if s.success() => Ok(elapsed),
        Ok(s) => Err(format!("exited with {s}")),
        Err(e) => Err(format!("waiting for a child: {e}")),
    }
}

/// A field of `/proc/<pid>/status` in KiB (`VmRSS`, `VmHWM`).
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Samples a process's VmRSS every 50 ms on a thread until stopped; keeps the largest.
pub struct RssSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<u64>,
}

impl RssSampler {
    pub fn start(pid: u32) -> RssSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut peak = 0;
            while !flag.load(Ordering::Relaxed) {
                peak = peak.max(status_kib(pid, "VmRSS").unwrap_or(0));
                std::thread::sleep(Duration::from_millis(50));
            }
            peak.max(status_kib(pid, "VmRSS").unwrap_or(0))
        });
        RssSampler { stop, thread }
    }

    /// The largest VmRSS seen, in KiB.
    pub fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or(0)
    }
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("cannot bind 127.0.0.1:0: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("cannot read a local address: {e}"))
}

/// Lines of a child's stdout of the form `RESULT k=v k=v`, as pairs.
pub fn result_fields(log: &OutputLog) -> Option<Vec<(String, String)>> {
    let line = log
        .stdout_lines()
        .iter()
        .rev()
        .find(|l| l.starts_with("RESULT "))?;
    Some(
        line.split_whitespace()
            .skip(1)
            .filter_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                Some((k.to_string(), v.to_string()))
            })
            .collect(),
    )
}

/// A program run to its end that prints `RESULT ...` or `N/A ...`.
pub fn run_for_result(
    command: &mut Command,
    limit: Duration,
) -> Result<Vec<(String, String)>, Outcome> {
    match run_bounded(command, limit).map_err(Outcome::Failed)? {
        Finished::Exited(status, log) => {
            if let Some(na) = log.stdout_lines().iter().find(|l| l.starts_with("N/A")) {
                return Err(Outcome::Na(na.trim_start_matches("N/A").trim().to_string()));
            }
            if !status.success() {
                return Err(Outcome::Failed(with_last_line(
                    format!("exit {}", status.code().unwrap_or(-1)),
                    &log,
                )));
            }
            result_fields(&log)
                .ok_or_else(|| Outcome::Failed(with_last_line("no RESULT line".into(), &log)))
        }
        Finished::TimedOut(log) => Err(Outcome::Failed(with_last_line(
            format!("no result within {limit:?}"),
            &log,
        ))),
    }
}

pub fn field(fields: &[(String, String)], key: &str) -> Option<f64> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}
