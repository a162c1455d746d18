//! `test-js`: runs every `js-tests/test-*.js` in its own guest process, two at a time, with the
//! peers and drivers its directives ask for, and reports one line per file.

mod directives;
mod expected;
#[cfg(test)]
mod runner_tests;

use crate::build_wasm::{self, OptLevel};
use crate::host::Host;
use crate::proc::{on_path, wait_until, Captured, OutputLog};
use crate::{workspace_root, Result};
use directives::{missing_stdout, Directives};
use std::collections::VecDeque;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Files run at the same time: the machines this runs on have two cores.
const PARALLEL: usize = 2;
/// How long a peer may take to accept connections on its port.
const PEER_START_LIMIT: Duration = Duration::from_secs(10);
/// The harness self-test, run under Node.js itself to hold the harness to Node's behaviour.
const HARNESS_SELFTEST: &str = "harness/selftest.mjs";

enum Job {
    /// A `test-*.js` file, by name inside `js-tests/`.
    Guest(String),
    HarnessSelfTest,
}

impl Job {
    fn name(&self) -> &str {
        match self {
            Job::Guest(name) => name,
            Job::HarnessSelfTest => HARNESS_SELFTEST,
        }
    }
}

enum Outcome {
    Pass,
    Fail { reason: String, output: Vec<String> },
    Skip(String),
}

fn fail(reason: impl Into<String>, output: Vec<String>) -> Outcome {
    Outcome::Fail {
        reason: reason.into(),
        output,
    }
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
    expected_failures: usize,
}

/// Everything a worker needs to run a job.
struct Context {
    root: PathBuf,
    wasm: PathBuf,
    host: Host,
}

pub fn run(filter: Option<&str>) -> Result<ExitCode> {
    let root = workspace_root();
    let tests_dir = root.join("js-tests");
    let expected = match std::fs::read_to_string(tests_dir.join("expected-failures.txt")) {
        Ok(text) => expected::parse(&text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(e) => return Err(format!("cannot read expected-failures.txt: {e}")),
    };
    let files = test_files(&tests_dir)?;
    if let Some(stale) = expected.keys().find(|name| !files.contains(name)) {
        return Err(format!(
            "expected-failures.txt lists {stale}, which does not exist; remove the line"
        ));
    }
    let mut jobs: VecDeque<Job> = files.into_iter().map(Job::Guest).collect();
    jobs.push_back(Job::HarnessSelfTest);
    jobs.retain(|job| filter.is_none_or(|f| job.name().contains(f)));
    if jobs.is_empty() {
        return Err(format!("no JS test matches `{}`", filter.unwrap_or("")));
    }

    let wasm = build_wasm::build(OptLevel::Shipped)?;
    let host = Host::find()?;
    println!("running {} JS tests under {}", jobs.len(), host.describe());
    let context = Context { root, wasm, host };
    let queue = Mutex::new(jobs);
    let tally = Mutex::new(Tally::default());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL {
            scope.spawn(|| loop {
                let Some(job) = queue.lock().ok().and_then(|mut q| q.pop_front()) else {
                    return;
                };
                let started = Instant::now();
                let outcome = run_job(&context, &job);
                let secs = started.elapsed().as_secs_f64();
                let line = report(job.name(), outcome, secs, expected.get(job.name()), &tally);
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(line.as_bytes());
                let _ = out.flush();
            });
        }
    });

    let t = tally.into_inner().unwrap_or_else(|p| p.into_inner());
    if t.skipped + t.expected_failures > 0 {
        println!(
            "({} skipped, {} expected to fail)",
            t.skipped, t.expected_failures
        );
    }
    println!("{} passed, {} failed", t.passed, t.failed);
    Ok(if t.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `test-*.js` and `test-*.cjs` (CommonJS programs) in `dir`, sorted by name.
fn test_files(dir: &Path) -> Result<Vec<String>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("test-") && (n.ends_with(".js") || n.ends_with(".cjs")))
        .collect();
    names.sort();
    Ok(names)
}

/// Counts the outcome and formats its lines; an expected failure that passes is a failure.
fn report(
    name: &str,
    outcome: Outcome,
    secs: f64,
    expected_reason: Option<&String>,
    tally: &Mutex<Tally>,
) -> String {
    let mut t = tally.lock().unwrap_or_else(|p| p.into_inner());
    match (outcome, expected_reason) {
        (Outcome::Pass, None) => {
            t.passed += 1;
            format!("ok   {name} ({secs:.2} s)\n")
        }
        (Outcome::Pass, Some(_)) => {
            t.failed += 1;
            format!("FAIL {name}: passed, but expected-failures.txt lists it; remove that line\n")
        }
        (Outcome::Skip(reason), _) => {
            t.skipped += 1;
            format!("skip {name}: {reason}\n")
        }
        (Outcome::Fail { .. }, Some(why)) => {
            t.expected_failures += 1;
            format!("xfail {name} ({why})\n")
        }
        (Outcome::Fail { reason, output }, None) => {
            t.failed += 1;
            let mut text = format!("FAIL {name}: {reason}\n");
            for line in output {
                text.push_str("    | ");
                text.push_str(&line);
                text.push('\n');
            }
            text
        }
    }
}

fn run_job(cx: &Context, job: &Job) -> Outcome {
    match job {
        Job::Guest(name) => run_guest_file(cx, name),
        Job::HarnessSelfTest => run_harness_selftest(cx),
    }
}

fn run_harness_selftest(cx: &Context) -> Outcome {
    if !on_path("node") {
        return Outcome::Skip("requires node, which is not on PATH".into());
    }
    let mut command = Command::new("node");
    command
        .arg(Path::new("js-tests").join(HARNESS_SELFTEST))
        .current_dir(&cx.root);
    let Ok(mut node) = Captured::spawn(&mut command) else {
        return fail("cannot start node", Vec::new());
    };
    node.stdout_lines = None;
    let status = wait_until(
        &mut node.child,
        Instant::now() + directives::DEFAULT_TIMEOUT,
    );
    let log = node.finish();
    judge_exit("node", status, directives::DEFAULT_TIMEOUT, log.tail())
}

/// Pass when the process exited 0 in time; otherwise a failure that says how it ended.
fn judge_exit(
    who: &str,
    status: std::io::Result<Option<ExitStatus>>,
    limit: Duration,
    output: Vec<String>,
) -> Outcome {
    match status {
        Ok(Some(s)) if s.success() => Outcome::Pass,
        Ok(Some(s)) => fail(format!("{who} {}", describe_status(s)), output),
        Ok(None) => fail(
            format!("{who} timed out after {} s", limit.as_secs_f64()),
            output,
        ),
        Err(e) => fail(format!("cannot wait for {who}: {e}"), output),
    }
}

fn describe_status(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(sig)) => format!("was killed by signal {sig}"),
        (None, None) => "ended for an unknown reason".into(),
    }
}

/// The processes of one test file, stopped together whichever way the run ends.
#[derive(Default)]
struct Running {
    peers: Vec<(String, Captured)>,
    guest: Option<Captured>,
    driver: Option<Captured>,
}

impl Running {
    /// Stops everything; returns the last output of all of it, each line labelled with its
    /// source, and the guest's whole stdout and stderr.
    fn finish(mut self) -> (Vec<String>, Vec<String>, Vec<String>) {
        let mut out = Vec::new();
        let mut add = |label: &str, log: OutputLog| {
            out.extend(log.tail().into_iter().map(|l| format!("{label}| {l}")));
        };
        let mut guest_stdout = Vec::new();
        let mut guest_stderr = Vec::new();
        if let Some(g) = self.guest.take() {
            let log = g.finish();
            guest_stdout = log.stdout_lines().to_vec();
            guest_stderr = log.stderr_lines().to_vec();
            add("guest", log);
        }
        if let Some(d) = self.driver.take() {
            add("driver", d.finish());
        }
        for (name, p) in self.peers.drain(..) {
            add(&format!("peer {name}"), p.finish());
        }
        (out, guest_stdout, guest_stderr)
    }
}

fn run_guest_file(cx: &Context, name: &str) -> Outcome {
    let path = cx.root.join("js-tests").join(name);
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => return fail(format!("cannot read the file: {e}"), Vec::new()),
    };
    let d = match directives::parse(&source) {
        Ok(d) => d,
        Err(e) => return fail(format!("bad directive: {e}"), Vec::new()),
    };
    if let Some(missing) = d.requires.iter().find(|c| !on_path(c)) {
        return Outcome::Skip(format!("requires {missing}, which is not on PATH"));
    }
    let mut running = Running::default();
    let verdict = drive(cx, name, &d, &mut running);
    let (output, guest_stdout, guest_stderr) = running.finish();
    if let Err(reason) = verdict {
        return fail(reason, output);
    }
    if let Some(line) = missing_stdout(&d.expect_stdout, &guest_stdout) {
        return fail(
            format!("stdout has no line `{line}` (@expect-stdout, in order)"),
            output,
        );
    }
    if let Some(text) = d
        .expect_stderr
        .iter()
        .find(|text| !guest_stderr.iter().any(|l| l.contains(text.as_str())))
    {
        return fail(
            format!("stderr has no line containing `{text}` (@expect-stderr)"),
            output,
        );
    }
    Outcome::Pass
}

/// Runs one file to its end; `Err` is the reason it failed. The caller stops what is left.
fn drive(
    cx: &Context,
    name: &str,
    d: &Directives,
    running: &mut Running,
) -> std::result::Result<(), String> {
    let mut peer_env = Vec::new();
    for peer in &d.peers {
        let port = free_port().map_err(|e| format!("no free port for peer {}: {e}", peer.name))?;
        let mut command = shell(&peer.command, &cx.root);
        command.env("PORT", port.to_string());
        let captured = Captured::spawn(&mut command)
            .map_err(|e| format!("cannot start peer {}: {e}", peer.name))?;
        running.peers.push((peer.name.clone(), captured));
        let Some((_, started)) = running.peers.last_mut() else {
            return Err("internal error: peer list empty".into());
        };
        started.stdout_lines = None;
        wait_for_listener(&mut started.child, port)
            .map_err(|e| format!("peer {} {e}", peer.name))?;
        peer_env.push((peer.port_variable(), port.to_string()));
    }

    let script = format!("js-tests/{name}");
    let mut guest_env = peer_env.clone();
    guest_env.extend(d.env.iter().cloned());
    let mut command = cx.host.command(&cx.wasm, &guest_env, &script, &d.args);
    command.current_dir(&cx.root);
    let started = Instant::now();
    let deadline = started + d.timeout;
    let limit = d.timeout.as_secs_f64();
    let stdin = match &d.stdin {
        Some(file) => std::process::Stdio::from(
            std::fs::File::open(cx.root.join(file))
                .map_err(|e| format!("@stdin: cannot open {file}: {e}"))?,
        ),
        None => std::process::Stdio::null(),
    };
    let guest = running.guest.insert(
        Captured::spawn_with_stdin(&mut command, stdin)
            .map_err(|e| format!("cannot start {}: {e}", cx.host.describe()))?,
    );
    let ready = guest.stdout_lines.take();

    if let (Some(driver_command), Some(lines)) = (&d.driver, ready) {
        let port = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(port) = ready_port(&line) {
                        break port;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "timed out after {limit} s waiting for `READY <port>`"
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("the guest closed stdout without printing `READY <port>`".into())
                }
            }
        };
        let mut command = shell(driver_command, &cx.root);
        command.env("PORT", port.to_string()).envs(peer_env);
        let driver = running.driver.insert(
            Captured::spawn(&mut command).map_err(|e| format!("cannot start the driver: {e}"))?,
        );
        driver.stdout_lines = None;
        match wait_until(&mut driver.child, deadline) {
            Ok(Some(s)) if s.success() => {}
            Ok(Some(s)) => return Err(format!("the driver {}", describe_status(s))),
            Ok(None) => return Err(format!("the driver did not finish within {limit} s")),
            Err(e) => return Err(format!("cannot wait for the driver: {e}")),
        }
    }

    match wait_until(&mut guest.child, deadline) {
        Ok(Some(s)) if s.code() == Some(d.expect_exit) => {}
        Ok(Some(s)) if d.expect_exit != 0 => {
            return Err(format!(
                "{}, not with {} (@expect-exit)",
                describe_status(s),
                d.expect_exit
            ))
        }
        Ok(Some(s)) => return Err(describe_status(s)),
        Ok(None) => return Err(format!("timed out after {limit} s")),
        Err(e) => return Err(format!("cannot wait for the guest: {e}")),
    }
    Ok(())
}

/// `READY <port>` as the guest prints it once it listens.
fn ready_port(line: &str) -> Option<u16> {
    line.trim().strip_prefix("READY ")?.trim().parse().ok()
}

fn shell(command_line: &str, cwd: &Path) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(command_line).current_dir(cwd);
    command
}

/// A port that was free a moment ago; the peer binds it next.
fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Waits until 127.0.0.1:`port` accepts a connection, the peer exits, or the start limit passes.
fn wait_for_listener(peer: &mut std::process::Child, port: u16) -> std::result::Result<(), String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + PEER_START_LIMIT;
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(250)).is_ok() {
            return Ok(());
        }
        match peer.try_wait() {
            Ok(Some(status)) => {
                return Err(format!(
                    "{} before listening on port {port}",
                    describe_status(status)
                ))
            }
            Ok(None) => {}
            Err(e) => return Err(format!("cannot be waited for: {e}")),
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "did not listen on port {port} within {} s",
                PEER_START_LIMIT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_line() {
        assert_eq!(ready_port("READY 8080"), Some(8080));
        assert_eq!(ready_port("  READY 1 \r"), Some(1));
        assert_eq!(ready_port("READY"), None);
        assert_eq!(ready_port("READY 70000"), None);
        assert_eq!(ready_port("NOT READY 80"), None);
    }

    #[test]
    fn waits_for_a_real_listener_and_notices_an_early_exit() {
        let port = free_port().unwrap();
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
        let mut sleeper = Command::new("sleep").arg("5").spawn().unwrap();
        assert_eq!(wait_for_listener(&mut sleeper, port), Ok(()));
        drop(listener);
        let _ = sleeper.kill();
        let _ = sleeper.wait();

        let mut quitter = Command::new("sh").args(["-c", "exit 3"]).spawn().unwrap();
        let started = Instant::now();
        let err = wait_for_listener(&mut quitter, port).unwrap_err();
        assert!(err.contains("exited with status 3"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
