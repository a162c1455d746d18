//! `cargo xtask instructions`: the user-space instructions the HTTP server spends per request,
//! counted by valgrind's callgrind, for the native build and for the wasm under edge-host.
//!
//! Each runtime serves bench/http_hello.js (with `--echo`, bench/http_echo.js, sent 4 KiB
//! POSTs) under callgrind twice, to 8 keep-alive connections for 100 and then 400 rounds of one
//! request each; the difference of the two totals over the
//! 2,400 requests between them cancels start-up and exit. Unlike the timed bench, the figure is
//! the same from one run to the next (within a few tenths of a percent: how requests fall into
//! event-loop turns still varies) on a busy machine, so a change of a percent shows; but it
//! leaves out the kernel's share of the work (sockets, scheduling).

use crate::bench::procs::{self, Child, Outcome};
use crate::{build_wasm, cargo, doctor, workspace_root, Result};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 8;
/// Rounds of the two measured runs; their difference is what is divided among the requests.
const ROUNDS: [usize; 2] = [100, 400];

/// What is measured: the server program and the request each connection sends per round.
#[derive(Clone, Copy)]
pub enum Scenario {
    /// bench/http_hello.js answering GETs.
    Hello,
    /// bench/http_echo.js answering POSTs of 4 KiB with the same body.
    Echo,
}

impl Scenario {
    fn script(self) -> &'static str {
        match self {
            Scenario::Hello => "bench/http_hello.js",
            Scenario::Echo => "bench/http_echo.js",
        }
    }

    fn request(self) -> Vec<u8> {
        match self {
            Scenario::Hello => b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
            Scenario::Echo => {
                let mut r =
                    b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4096\r\n\r\n"
                        .to_vec();
                r.resize(r.len() + 4096, b'x');
                r
            }
        }
    }
}
/// The server's lifetime in seconds, counted from when its program starts: a server left behind
/// ends by itself.
const SERVER_LIFETIME_SECS: u32 = 120;
/// Under valgrind a server starts in seconds, where it takes milliseconds natively.
const READY_WITHIN: Duration = Duration::from_secs(120);
/// The first edge-host run compiles the wasm under valgrind, which takes much longer.
const WARM_UP_READY_WITHIN: Duration = Duration::from_secs(600);
/// Longest wait for any one read or write of the client.
const IO_WITHIN: Duration = Duration::from_secs(60);
/// Callgrind writes its file after SIGTERM, which takes a moment for a large program.
const EXIT_WITHIN: Duration = Duration::from_secs(120);

/// One runtime, run as `valgrind --tool=callgrind [valgrind_args] program [args] SCRIPT PORT SECS`.
struct Runtime {
    label: &'static str,
    program: PathBuf,
    args: Vec<String>,
    valgrind_args: &'static [&'static str],
    /// A first run whose figures are thrown away: edge-host keys its compiled-module cache by
    /// the CPU's features, which valgrind's virtual CPU changes, so its first run compiles.
    warm_up: bool,
}

/// Measures the native build and a wasm under edge-host: `wasm`, or the shipped build (built
/// when stale) when `None`.
pub fn run(wasm: Option<PathBuf>, scenario: Scenario) -> Result<()> {
    procs::install_interrupt_handler();
    doctor::run(doctor::Purpose::Instructions)?;
    let wasm = match wasm {
        Some(path) => std::path::absolute(&path)
            .map_err(|e| format!("instructions: cannot resolve {}: {e}", path.display()))?,
        None => build_wasm::build(build_wasm::OptLevel::Shipped)?,
    };
    if !wasm.is_file() {
        return Err(format!(
            "instructions: no such wasm file: {}",
            wasm.display()
        ));
    }
    // One cargo call for both: a no-op when fresh, and the same features as the workspace's
    // build (`cargo xtask test`), so wasmtime is not compiled a second time.
    let status = Command::new(cargo())
        .args([
            "build",
            "--release",
            "-p",
            "edge-host",
            "-p",
            "wasmedge_quickjs",
        ])
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release -p edge-host -p wasmedge_quickjs failed".into());
    }
    let root = workspace_root();
    let runtimes = [
        Runtime {
            label: "native",
            program: root.join("target/release/wasmedge_quickjs"),
            args: Vec::new(),
            valgrind_args: &[],
            warm_up: false,
        },
        Runtime {
            label: "edge-host",
            program: root.join("target/release/edge-host"),
            // Relative to the workspace root (the cwd), as `cargo xtask run` and bench pass them.
            args: vec![
                "--dir".into(),
                ".:.".into(),
                wasm.strip_prefix(&root)
                    .unwrap_or(&wasm)
                    .display()
                    .to_string(),
            ],
            // It compiles wasm to machine code at run time.
            valgrind_args: &["--smc-check=all-non-file"],
            warm_up: true,
        },
    ];
    let out_dir = root.join("target/instructions");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;

    let requests = CONNECTIONS * (ROUNDS[1] - ROUNDS[0]);
    println!(
        "\ninstructions: {} under valgrind's callgrind, {CONNECTIONS} keep-alive connections;\n  \
         per request = (total at {} rounds - total at {}) / {requests} requests.\n  \
         User-space instructions only (the kernel's work is not counted); deterministic, unlike\n  \
         the timed bench: the same build gives the same figure within a few tenths of a percent.",
        scenario.script(),
        ROUNDS[1],
        ROUNDS[0]
    );
    let started = Instant::now();
    let mut rows = Vec::new();
    for rt in &runtimes {
        let began = Instant::now();
        let result = measure(rt, scenario, &out_dir, started);
        rows.push((rt.label, result, began.elapsed()));
    }

    println!(
        "\n{:<12} {:>22} {:>10}",
        "runtime", "instructions/request", "wall time"
    );
    let mut failed = 0;
    for (label, result, took) in &rows {
        let figure = match result {
            Ok(per_request) => format!("{:>22}", thousands(per_request.round() as u64)),
            Err(why) => {
                failed += 1;
                format!("failed: {why}")
            }
        };
        println!("{label:<12} {figure} {:>8.0} s", took.as_secs_f64());
    }
    println!(
        "\ncallgrind files: {}/RUNTIME-ROUNDS.callgrind (`callgrind_annotate FILE` lists the functions)",
        out_dir.strip_prefix(&root).unwrap_or(&out_dir).display()
    );
    match failed {
        0 => Ok(()),
        n => Err(format!(
            "instructions: {n} of {} runtimes failed",
            rows.len()
        )),
    }
}

/// Instructions per request of one runtime: the warm-up when it needs one, then both runs.
fn measure(rt: &Runtime, scenario: Scenario, out_dir: &Path, started: Instant) -> Result<f64> {
    let progress = |what: &str| {
        println!(
            "  [{:>4.0} s] {}: {what}",
            started.elapsed().as_secs_f64(),
            rt.label
        );
    };
    if rt.warm_up {
        progress("warm-up (fills the compiled-module cache)");
        let out = out_dir.join(format!("{}-warm-up.callgrind", rt.label));
        serve(rt, scenario, &out, 0, WARM_UP_READY_WITHIN)?;
        let _ = std::fs::remove_file(out);
    }
    let mut totals = [0u64; 2];
    for (total, rounds) in totals.iter_mut().zip(ROUNDS) {
        progress(&format!("{rounds} rounds"));
        let out = out_dir.join(format!("{}-{rounds}.callgrind", rt.label));
        *total = serve(rt, scenario, &out, rounds, READY_WITHIN)?;
        progress(&format!("{} instructions in all", thousands(*total)));
    }
    let [small, large] = totals;
    if large <= small {
        return Err(format!(
            "{} rounds took no more instructions than {} ({large} <= {small})",
            ROUNDS[1], ROUNDS[0]
        ));
    }
    Ok((large - small) as f64 / (CONNECTIONS * (ROUNDS[1] - ROUNDS[0])) as f64)
}

/// Runs the server under callgrind, sends it `rounds` rounds of requests, stops it with SIGTERM
/// and returns the instructions callgrind counted (written to `out`).
fn serve(
    rt: &Runtime,
    scenario: Scenario,
    out: &Path,
    rounds: usize,
    ready_within: Duration,
) -> Result<u64> {
    let script = scenario.script();
    let _ = std::fs::remove_file(out);
    let port = procs::free_port()?;
    let mut command = Command::new("valgrind");
    command
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .args(rt.valgrind_args)
        .arg(&rt.program)
        .args(&rt.args)
        .args([script, &port.to_string(), &SERVER_LIFETIME_SECS.to_string()])
        .current_dir(workspace_root());
    let mut server = Child::spawn(&mut command)?;
    server.wait_ready(ready_within).map_err(|o| match o {
        Outcome::Na(why) => format!("{script} says N/A: {why}"),
        Outcome::Failed(why) => format!("the server under valgrind: {why}"),
    })?;
    let sent = send_requests(port, rounds, &scenario.request());
    let exited = server.terminate(EXIT_WITHIN);
    let log = server.finish();
    sent.map_err(|why| procs::with_last_line(format!("{rounds} rounds: {why}"), &log))?;
    if exited.is_none() {
        return Err(format!(
            "valgrind was still running {} s after SIGTERM",
            EXIT_WITHIN.as_secs()
        ));
    }
    let text = std::fs::read_to_string(out)
        .map_err(|e| procs::with_last_line(format!("cannot read {}: {e}", out.display()), &log))?;
    total_instructions(&text).ok_or_else(|| format!("no Ir total in {}", out.display()))
}

/// Opens the connections, then in each round sends one request on every connection and reads
/// every response.
fn send_requests(port: u16, rounds: usize, request: &[u8]) -> Result<()> {
    let mut connections = (0..CONNECTIONS)
        .map(|_| Connection::open(port))
        .collect::<Result<Vec<_>>>()?;
    for round in 0..rounds {
        for c in &mut connections {
            c.stream
                .write_all(request)
                .map_err(|e| format!("cannot send a request in round {round}: {e}"))?;
        }
        for c in &mut connections {
            c.read_response()
                .map_err(|why| format!("round {round}: {why}"))?;
        }
    }
    Ok(())
}

struct Connection {
    stream: TcpStream,
    /// Bytes read past the end of the last response.
    pending: Vec<u8>,
}

impl Connection {
    fn open(port: u16) -> Result<Connection> {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .map_err(|e| format!("cannot connect to 127.0.0.1:{port}: {e}"))?;
        stream.set_read_timeout(Some(IO_WITHIN)).ok();
        stream.set_write_timeout(Some(IO_WITHIN)).ok();
        Ok(Connection {
            stream,
            pending: Vec::new(),
        })
    }

    /// Reads one `HTTP/1.1 200` response with a Content-Length body.
    fn read_response(&mut self) -> Result<()> {
        let mut buf = [0u8; 4096];
        loop {
            if let Some(length) = complete_response(&self.pending)? {
                self.pending.drain(..length);
                return Ok(());
            }
            match self.stream.read(&mut buf) {
                Ok(0) => return Err("the server closed the connection".into()),
                Ok(n) => self.pending.extend_from_slice(&buf[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(format!("no response within {} s", IO_WITHIN.as_secs()))
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(format!("cannot read a response: {e}")),
            }
        }
    }
}

/// The length of the response at the start of `data` when all of it is there.
fn complete_response(data: &[u8]) -> Result<Option<usize>> {
    let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&data[..end]);
    if !head.starts_with("HTTP/1.1 200") {
        let status = head.lines().next().unwrap_or_default();
        return Err(format!("the server answered `{status}`, not HTTP/1.1 200"));
    }
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .ok_or("a response without a Content-Length")?;
    let total = end + 4 + length;
    Ok((data.len() >= total).then_some(total))
}

/// The Ir figure of a callgrind output file: its `summary:` line, else its `totals:` line.
fn total_instructions(text: &str) -> Option<u64> {
    let mut events = vec!["Ir"];
    let (mut summary, mut totals) = (None, None);
    for line in text.lines() {
        if let Some(list) = line.strip_prefix("events:") {
            events = list.split_whitespace().collect();
        } else if let Some(v) = line.strip_prefix("summary:") {
            summary = Some(v);
        } else if let Some(v) = line.strip_prefix("totals:") {
            totals = Some(v);
        }
    }
    let index = events.iter().position(|e| *e == "Ir")?;
    summary
        .or(totals)?
        .split_whitespace()
        .nth(index)?
        .parse()
        .ok()
}

/// 1234567 as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ir_total() {
        let text = "version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nsummary: 123456\n\nfn=main\n1 5\ntotals: 123456\n";
        assert_eq!(total_instructions(text), Some(123456));
        let two = "events: Bc Ir\ntotals: 7 99\n";
        assert_eq!(total_instructions(two), Some(99));
        assert_eq!(total_instructions("events: Ir\n"), None);
    }

    #[test]
    fn splits_responses() {
        let one = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
        let mut two = one.to_vec();
        two.extend_from_slice(b"HTTP/1.1 200");
        assert_eq!(complete_response(one), Ok(Some(one.len())));
        assert_eq!(complete_response(&two), Ok(Some(one.len())));
        assert_eq!(complete_response(&one[..one.len() - 1]), Ok(None));
        assert!(complete_response(b"HTTP/1.1 404 Not Found\r\n\r\n").is_err());
        assert!(complete_response(b"HTTP/1.1 200 OK\r\n\r\n").is_err());
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(85), "85");
    }
}
