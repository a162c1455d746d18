//! Child processes: finding programs, process groups, captured output and time limits.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The path of `name` when it is an executable on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

pub fn on_path(name: &str) -> bool {
    which(name).is_some()
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Runs `command` as a process-group leader, so a time-out can end it with everything it started.
pub fn in_own_group(command: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    command.process_group(0)
}

/// Sends `signal` to the process group `child` leads (see [`in_own_group`]).
pub fn signal_group(child: &Child, signal: i32) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: killpg only sends a signal; the group is one this process started.
        unsafe {
            libc::killpg(pid, signal);
        }
    }
}

/// Ends a child's process group: SIGTERM, a moment to clean up, then SIGKILL; reaps the child.
pub fn stop_group(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        signal_group(child, libc::SIGKILL); // anything it left behind
        return;
    }
    signal_group(child, libc::SIGTERM);
    let deadline = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            signal_group(child, libc::SIGKILL);
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    signal_group(child, libc::SIGKILL);
    let _ = child.wait();
}

/// Waits for `child` until `deadline`; `None` when the deadline passed first.
pub fn wait_until(child: &mut Child, deadline: Instant) -> std::io::Result<Option<ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        // A test runner can afford to look every 10 ms; std has no wait-with-timeout.
        std::thread::sleep((deadline - now).min(Duration::from_millis(10)));
    }
}

/// How many lines of a child's output to keep for a failure report.
const TAIL_LINES: usize = 40;
/// Bound on the stdout (and, apart, the stderr) kept for `@expect-stdout` and `@expect-stderr`,
/// against a test that prints without end.
const STDOUT_KEEP_BYTES: usize = 4 << 20;

/// What a child printed: the last lines of stdout and stderr interleaved, and stdout in full.
#[derive(Default)]
pub struct OutputLog {
    tail: std::collections::VecDeque<String>,
    stdout: Vec<String>,
    stdout_bytes: usize,
    stderr: Vec<String>,
    stderr_bytes: usize,
}

impl OutputLog {
    fn push(&mut self, line: String, from_stdout: bool) {
        if from_stdout && self.stdout_bytes < STDOUT_KEEP_BYTES {
            self.stdout_bytes += line.len();
            self.stdout.push(line.clone());
        } else if !from_stdout && self.stderr_bytes < STDOUT_KEEP_BYTES {
            self.stderr_bytes += line.len();
            self.stderr.push(line.clone());
        }
        if self.tail.len() == TAIL_LINES {
            self.tail.pop_front();
        }
        self.tail.push_back(line);
    }

    pub fn tail(&self) -> Vec<String> {
        self.tail.iter().cloned().collect()
    }

    pub fn stdout_lines(&self) -> &[String] {
        &self.stdout
    }

    pub fn stderr_lines(&self) -> &[String] {
        &self.stderr
    }
}

/// A started child whose stdout and stderr are read by two threads into one [`OutputLog`].
pub struct Captured {
    pub child: Child,
    pub log: Arc<Mutex<OutputLog>>,
    /// Every stdout line, as it arrives (for `READY <port>`); take it to watch, or drop it so
    /// lines are not queued for nobody.
    pub stdout_lines: Option<Receiver<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Captured {
    pub fn spawn(command: &mut Command) -> std::io::Result<Captured> {
        Captured::spawn_with_stdin(command, Stdio::null())
    }

    /// [`spawn`](Self::spawn) with `stdin` as the child's standard input.
    pub fn spawn_with_stdin(command: &mut Command, stdin: Stdio) -> std::io::Result<Captured> {
        let mut child = in_own_group(command)
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let log = Arc::new(Mutex::new(OutputLog::default()));
        let (tx, rx) = mpsc::channel();
        let mut readers = Vec::new();
        if let Some(out) = child.stdout.take() {
            let log = Arc::clone(&log);
            readers.push(std::thread::spawn(move || {
                read_lines(out, |line| {
                    let _ = tx.send(line.clone());
                    lock(&log).push(line, true);
                })
            }));
        }
        if let Some(err) = child.stderr.take() {
            let log = Arc::clone(&log);
            readers.push(std::thread::spawn(move || {
                read_lines(err, |line| lock(&log).push(line, false))
            }));
        }
        Ok(Captured {
            child,
            log,
            stdout_lines: Some(rx),
            readers,
        })
    }

    /// Stops the child's group (if still running) and collects the rest of its output.
    pub fn finish(mut self) -> OutputLog {
        stop_group(&mut self.child);
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        std::mem::take(&mut *lock(&self.log))
    }
}

fn lock(log: &Mutex<OutputLog>) -> std::sync::MutexGuard<'_, OutputLog> {
    // A reader thread cannot panic while holding the lock, but stay usable if one did.
    log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Calls `each` for every line of `input`; bytes that are not UTF-8 are replaced, not fatal.
fn read_lines(input: impl Read, mut each: impl FnMut(String)) {
    let mut reader = BufReader::new(input);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let text = String::from_utf8_lossy(&buf);
                each(text.trim_end_matches(['\n', '\r']).to_string());
            }
        }
    }
}
