//! `cargo xtask bench [--quick] [--only NAME,...]`: measures this runtime's wasm (under wasmedge
//! when installed, and under edge-host), its native build, and Node.js as the reference, on the
//! same scenarios in one run; prints a table of figures and ratios to Node.js and writes
//! `target/bench/results.json`.
//!
//! It reports and never asserts: a scenario whose feature is missing shows `n/a (reason)`, a
//! failed measurement `failed (reason)`, and the targets are printed beside the figures.

mod client;
pub mod procs;
mod report;
mod runtimes;
mod wrk;

use crate::{build_wasm, doctor, proc::on_path, workspace_root, Result};
use procs::{field, run_for_result, Child, Outcome, RssSampler};
use report::{Cell, Row};
use runtimes::{Runtime, Script};
use std::time::{Duration, Instant};

const HELLO: Script = Script::same("bench/hello.js");
const HTTP_HELLO: Script = Script::same("bench/http_hello.js");
const HTTP_ECHO: Script = Script::same("bench/http_echo.js");
const FETCH_CLIENT: Script = Script::same("bench/fetch_client.js");
const FETCH_PEER: &str = "bench/node/fetch_peer.js";
const TLS_HANDSHAKES: Script = Script::same("bench/tls_handshakes.js");
/// What the TLS clients need to trust the peer's certificate (fetch_peer.js's TLS mode serves
/// js-tests/fixtures/tls/localhost.pem, issued by this CA); relative to the workspace root.
const TLS_ENV: &[(&str, &str)] = &[("NODE_EXTRA_CA_CERTS", "js-tests/fixtures/tls/ca.pem")];
const POST_4K_LUA: &str = "bench/post4k.lua";
const TCP_ECHO: Script = Script {
    path: "bench/tcp_echo.js",
    node: Some("bench/node/tcp_echo.js"),
};
const COMPUTE: Script = Script::same("bench/compute.js");

const SCENARIOS: &[&str] = &[
    "startup", "http", "echo", "fetch", "https", "tcp", "idle", "compute",
];

/// How much of everything: `--quick` or the default.
struct Plan {
    quick: bool,
    startup_runs: usize,
    wrk_c1_secs: u32,
    wrk_c64_secs: u32,
    echo_secs: u32,
    fetch_sequential: usize,
    fetch_concurrent: usize,
    https_sequential: usize,
    https_concurrent: usize,
    tls_handshakes: usize,
    tcp_mib: usize,
    idle_connections: usize,
    compute_runs: usize,
    /// Past this, the remaining measurements are skipped (reported as such).
    budget: Duration,
}

impl Plan {
    fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                quick,
                startup_runs: 10,
                wrk_c1_secs: 1,
                wrk_c64_secs: 2,
                echo_secs: 2,
                fetch_sequential: 200,
                fetch_concurrent: 20,
                https_sequential: 200,
                https_concurrent: 20,
                tls_handshakes: 40,
                tcp_mib: 32,
                idle_connections: 1000,
                compute_runs: 1,
                budget: Duration::from_secs(50),
            }
        } else {
            Plan {
                quick,
                startup_runs: 20,
                wrk_c1_secs: 5,
                wrk_c64_secs: 8,
                echo_secs: 5,
                fetch_sequential: 1000,
                fetch_concurrent: 100,
                https_sequential: 1000,
                https_concurrent: 100,
                tls_handshakes: 200,
                tcp_mib: 256,
                idle_connections: 10_000,
                compute_runs: 3,
                budget: Duration::from_secs(270),
            }
        }
    }
}

/// Rounds and records per round of bench/compute.js (the same in both plans, to compare runs).
const COMPUTE_ARGS: [&str; 2] = ["3", "5000"];
/// A server's lifetime when nobody stops it.
const SERVER_LIFETIME_SECS: u32 = 120;
const READY_WITHIN: Duration = Duration::from_secs(20);
const HTTP_REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

pub fn run(args: &[String]) -> Result<()> {
    let mut quick = false;
    let mut only: Option<Vec<String>> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--only" => {
                let list = it.next().ok_or("bench: --only needs NAME[,NAME...]")?;
                let names: Vec<String> = list.split(',').map(str::to_string).collect();
                if let Some(bad) = names.iter().find(|n| !SCENARIOS.contains(&n.as_str())) {
                    return Err(format!(
                        "bench: unknown scenario `{bad}` (known: {})",
                        SCENARIOS.join(", ")
                    ));
                }
                only = Some(names);
            }
            other => return Err(format!("bench: unexpected argument `{other}`")),
        }
    }
    let plan = Plan::new(quick);
    let wanted = |name: &str| only.as_ref().is_none_or(|o| o.iter().any(|n| n == name));

    procs::install_interrupt_handler();
    doctor::run(doctor::Purpose::Bench)?;
    let wasm = build_wasm::build(build_wasm::OptLevel::Shipped)?;
    let mut notes = Vec::new();
    let runtimes = runtimes::discover(&wasm, &mut notes)?;
    let nofile = client::raise_nofile_limit();
    let have_wrk = on_path("wrk");
    if !have_wrk {
        notes.push("wrk is not installed: the HTTP server scenarios are n/a".into());
    }

    let load_before = load_average();
    println!(
        "\nbench{}: {} cores, load average {} (shared machine: expect noise), open-files limit {nofile}",
        if quick { " --quick" } else { "" },
        cores(),
        load_before
    );
    for note in &notes {
        println!("  {note}");
    }

    // Warm-up: fills edge-host's compiled-module cache and checks that every runtime starts.
    for rt in &runtimes {
        let mut command = rt.command(HELLO, &[]);
        if let Err(why) = procs::time_quiet(&mut command, Duration::from_secs(180)) {
            println!(
                "  warm-up: {} failed to run bench/hello.js: {why}",
                rt.label
            );
        }
    }

    let mut bench = Bench {
        plan: &plan,
        runtimes: &runtimes,
        rows: Vec::new(),
        started: Instant::now(),
        wrk_runs: Vec::new(),
    };
    if wanted("startup") {
        bench.startup();
    }
    if wanted("http") {
        bench.http_hello(have_wrk);
    }
    if wanted("echo") {
        bench.http_echo(have_wrk);
    }
    if wanted("fetch") {
        bench.fetch();
    }
    if wanted("https") {
        bench.https();
    }
    if wanted("tcp") {
        bench.tcp_echo();
    }
    if wanted("idle") {
        bench.idle(nofile);
    }
    if wanted("compute") {
        bench.compute();
    }
    let elapsed = bench.started.elapsed();
    let load_after = load_average();

    let labels: Vec<String> = runtimes.iter().map(|r| r.label.clone()).collect();
    let node = runtimes.iter().position(Runtime::is_node).unwrap_or(0);
    println!(
        "\nmeasured in {:.0} s; load average {load_after} at the end; ratio = figure / Node's figure\n",
        elapsed.as_secs_f64()
    );
    print!("{}", report::print_table(&labels, node, &bench.rows));
    let targets = bench.targets();
    println!("\ntargets (reported, not enforced):");
    for t in &targets {
        println!("  {:<58} {:<28} {}", t.what, t.figure, t.verdict);
    }

    let json = bench.json(&load_before, &load_after, elapsed, &notes, &targets, nofile);
    let dir = workspace_root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create target/bench: {e}"))?;
    let path = dir.join("results.json");
    std::fs::write(&path, json).map_err(|e| format!("cannot write results.json: {e}"))?;
    println!("\nwrote target/bench/results.json");
    Ok(())
}

struct Target {
    what: String,
    figure: String,
    verdict: &'static str,
}

struct Bench<'a> {
    plan: &'a Plan,
    runtimes: &'a [Runtime],
    rows: Vec<Row>,
    started: Instant,
    /// (runtime label, run name, report) of every wrk run, for the zero-errors target.
    wrk_runs: Vec<(String, String, wrk::WrkReport)>,
}

impl Bench<'_> {
    fn over_budget(&self) -> Option<Outcome> {
        (self.started.elapsed() > self.plan.budget).then(|| {
            Outcome::Na(format!(
                "skipped: the {} s budget was spent",
                self.plan.budget.as_secs()
            ))
        })
    }

    fn row(
        &mut self,
        key: &str,
        label: String,
        unit: &'static str,
        higher: bool,
        cells: Vec<Cell>,
    ) {
        self.rows.push(Row {
            key: key.into(),
            label,
            unit,
            higher_is_better: higher,
            cells,
        });
    }

    fn progress(&self, what: &str, rt: &Runtime) {
        println!(
            "  [{:>3.0} s] {what}: {}",
            self.started.elapsed().as_secs_f64(),
            rt.label
        );
    }

    /// (1) Median wall time of bench/hello.js.
    fn startup(&mut self) {
        let mut cells = Vec::new();
        for rt in self.runtimes {
            self.progress("start-up", rt);
            if let Some(skip) = self.over_budget() {
                cells.push(Cell::Missing(skip));
                continue;
            }
            let mut times = Vec::new();
            let mut failure = None;
            for _ in 0..self.plan.startup_runs {
                match procs::time_quiet(&mut rt.command(HELLO, &[]), Duration::from_secs(30)) {
                    Ok(t) => times.push(t.as_secs_f64() * 1000.0),
                    Err(why) => {
                        failure = Some(why);
                        break;
                    }
                }
            }
            cells.push(match failure {
                Some(why) => Cell::Missing(Outcome::Failed(why)),
                None => Cell::Value(median(&mut times), None),
            });
        }
        let label = format!("start-up, hello.js (median of {})", self.plan.startup_runs);
        self.row("startup_ms", label, "ms", false, cells);
    }

    /// (2) and (6a): wrk at 1 and 64 connections on bench/http_hello.js; peak RSS under c64.
    fn http_hello(&mut self, have_wrk: bool) {
        let (c1s, c64s) = (self.plan.wrk_c1_secs, self.plan.wrk_c64_secs);
        let mut per_rt: Vec<std::result::Result<[wrk::WrkReport; 2], Outcome>> = Vec::new();
        let mut rss: Vec<Cell> = Vec::new();
        for rt in self.runtimes {
            self.progress("HTTP hello", rt);
            let result = (|| {
                if !have_wrk {
                    return Err(Outcome::Na("wrk is not installed".into()));
                }
                if let Some(skip) = self.over_budget() {
                    return Err(skip);
                }
                let (mut server, port) = start_server(rt, HTTP_HELLO)?;
                let url = format!("http://127.0.0.1:{port}/");
                let c1 = wrk::run(&url, 1, c1s, None).map_err(Outcome::Failed)?;
                let sampler = RssSampler::start(server.pid);
                let c64 = wrk::run(&url, 64, c64s, None);
                let peak = sampler.stop();
                let c64 = c64.map_err(Outcome::Failed)?;
                if !server.alive() {
                    let log = server.finish();
                    return Err(Outcome::Failed(procs::with_last_line(
                        "the server exited under load".into(),
                        &log,
                    )));
                }
                Ok(([c1, c64], peak))
            })();
            match result {
                Ok((reports, peak)) => {
                    rss.push(Cell::Value(peak as f64 / 1024.0, None));
                    for (name, r) in ["c1", "c64"].iter().zip(&reports) {
                        self.wrk_runs.push((
                            rt.label.clone(),
                            format!("HTTP hello {name}"),
                            r.clone(),
                        ));
                    }
                    per_rt.push(Ok(reports));
                }
                Err(why) => {
                    rss.push(Cell::Missing(why.clone()));
                    per_rt.push(Err(why));
                }
            }
        }
        for (i, (conns, secs)) in [(1, c1s), (64, c64s)].into_iter().enumerate() {
            let pick = |f: fn(&wrk::WrkReport) -> f64| -> Vec<Cell> {
                per_rt
                    .iter()
                    .map(|r| match r {
                        Ok(reports) => Cell::Value(f(&reports[i]), None),
                        Err(why) => Cell::Missing(why.clone()),
                    })
                    .collect()
            };
            let rps = pick(|r| r.requests_per_sec);
            let p50 = pick(|r| r.p50_ms);
            let p99 = pick(|r| r.p99_ms);
            let errors: Vec<Cell> = per_rt
                .iter()
                .map(|r| match r {
                    Ok(reports) => Cell::Text(reports[i].errors_text()),
                    Err(why) => Cell::Missing(why.clone()),
                })
                .collect();
            let tag = format!("c{conns}");
            self.row(
                &format!("http_hello_{tag}_rps"),
                format!("HTTP hello, {conns} conn, {secs} s: requests"),
                "req/s",
                true,
                rps,
            );
            self.row(
                &format!("http_hello_{tag}_p50_ms"),
                format!("  latency p50 ({tag})"),
                "ms",
                false,
                p50,
            );
            self.row(
                &format!("http_hello_{tag}_p99_ms"),
                format!("  latency p99 ({tag})"),
                "ms",
                false,
                p99,
            );
            self.row(
                &format!("http_hello_{tag}_errors"),
                format!("  wrk errors ({tag})"),
                "sock/non2xx",
                false,
                errors,
            );
        }
        self.row(
            "rss_peak_c64_mib",
            "peak RSS under the c64 load".into(),
            "MiB",
            false,
            rss,
        );
    }

    /// (3) wrk POSTing 4 KiB bodies to bench/http_echo.js at 64 connections.
    fn http_echo(&mut self, have_wrk: bool) {
        let secs = self.plan.echo_secs;
        let lua = workspace_root().join(POST_4K_LUA);
        let mut rps = Vec::new();
        let mut p99 = Vec::new();
        let mut errors = Vec::new();
        for rt in self.runtimes {
            self.progress("HTTP echo", rt);
            let result = (|| {
                if !have_wrk {
                    return Err(Outcome::Na("wrk is not installed".into()));
                }
                if let Some(skip) = self.over_budget() {
                    return Err(skip);
                }
                let (_server, port) = start_server(rt, HTTP_ECHO)?;
                let url = format!("http://127.0.0.1:{port}/echo");
                wrk::run(&url, 64, secs, Some(&lua)).map_err(Outcome::Failed)
            })();
            match result {
                Ok(r) => {
                    rps.push(Cell::Value(r.requests_per_sec, None));
                    p99.push(Cell::Value(r.p99_ms, None));
                    errors.push(Cell::Text(r.errors_text()));
                    self.wrk_runs
                        .push((rt.label.clone(), "HTTP echo 4 KiB".into(), r));
                }
                Err(why) => {
                    rps.push(Cell::Missing(why.clone()));
                    p99.push(Cell::Missing(why.clone()));
                    errors.push(Cell::Missing(why));
                }
            }
        }
        let label = format!("HTTP echo 4 KiB POST, 64 conn, {secs} s");
        self.row("http_echo_4k_rps", label, "req/s", true, rps);
        self.row(
            "http_echo_4k_p99_ms",
            "  latency p99".into(),
            "ms",
            false,
            p99,
        );
        self.row(
            "http_echo_4k_errors",
            "  wrk errors".into(),
            "sock/non2xx",
            false,
            errors,
        );
    }

    /// (4) bench/fetch_client.js against Node's bench/node/fetch_peer.js.
    fn fetch(&mut self) {
        let peer = self.start_peer(false);
        self.fetch_rows(&peer, false);
    }

    /// (4b) The same over HTTPS, then TLS handshakes (bench/tls_handshakes.js), against
    /// bench/node/fetch_peer.js in its TLS mode.
    fn https(&mut self) {
        let peer = self.start_peer(true);
        self.fetch_rows(&peer, true);
        self.tls_handshakes(&peer);
    }

    /// Node running bench/node/fetch_peer.js (with `tls`: over HTTPS), and its port.
    fn start_peer(&self, tls: bool) -> Peer {
        let node = self
            .runtimes
            .iter()
            .find(|r| r.is_node())
            .ok_or_else(|| Outcome::Failed("no node".into()))?;
        let port = procs::free_port().map_err(Outcome::Failed)?;
        let mut command = std::process::Command::new(match &node.kind {
            runtimes::Kind::Node(path) => path.clone(),
            _ => "node".into(),
        });
        command
            .arg(FETCH_PEER)
            .arg(port.to_string())
            .arg("600")
            .current_dir(workspace_root());
        if tls {
            command.arg("tls");
        }
        let mut child = Child::spawn(&mut command).map_err(Outcome::Failed)?;
        child.wait_ready(READY_WITHIN)?;
        Ok((child, port))
    }

    /// bench/fetch_client.js against `peer`: sequential small GETs and concurrent 1 MiB GETs.
    fn fetch_rows(&mut self, peer: &Peer, tls: bool) {
        let (seq, conc, what, key, base, env) = if tls {
            let (seq, conc) = (self.plan.https_sequential, self.plan.https_concurrent);
            (
                seq,
                conc,
                "fetch https",
                "fetch_https",
                "https://localhost",
                TLS_ENV,
            )
        } else {
            let (seq, conc) = (self.plan.fetch_sequential, self.plan.fetch_concurrent);
            (seq, conc, "fetch", "fetch", "http://127.0.0.1", &[][..])
        };
        let mut seq_cells = Vec::new();
        let mut conc_cells = Vec::new();
        for rt in self.runtimes {
            self.progress(what, rt);
            let result = (|| {
                let (_, port) = peer.as_ref().map_err(Clone::clone)?;
                if let Some(skip) = self.over_budget() {
                    return Err(skip);
                }
                let args = [format!("{base}:{port}"), seq.to_string(), conc.to_string()];
                let limit = Duration::from_secs(if self.plan.quick { 20 } else { 60 });
                let fields = run_for_result(&mut rt.command_env(FETCH_CLIENT, &args, env), limit)?;
                let get = |k| field(&fields, k).ok_or_else(|| Outcome::Failed(format!("no {k}")));
                Ok((get("seq_ms")?, get("conc_ms")?, get("conc_bytes")?))
            })();
            match result {
                Ok((seq_ms, conc_ms, bytes)) => {
                    seq_cells.push(Cell::Value(seq as f64 / (seq_ms / 1000.0), None));
                    conc_cells.push(Cell::Value(bytes / 1048576.0 / (conc_ms / 1000.0), None));
                }
                Err(why) => {
                    seq_cells.push(Cell::Missing(why.clone()));
                    conc_cells.push(Cell::Missing(why));
                }
            }
        }
        self.row(
            &format!("{key}_sequential_rps"),
            format!("{what}, {seq} sequential small GETs"),
            "req/s",
            true,
            seq_cells,
        );
        self.row(
            &format!("{key}_concurrent_mibs"),
            format!("{what}, {conc} concurrent 1 MiB GETs"),
            "MiB/s",
            true,
            conc_cells,
        );
    }

    /// bench/tls_handshakes.js against `peer` (TLS): each connection new, with one request.
    fn tls_handshakes(&mut self, peer: &Peer) {
        let count = self.plan.tls_handshakes;
        let mut cells = Vec::new();
        for rt in self.runtimes {
            self.progress("TLS handshakes", rt);
            let result = (|| {
                let (_, port) = peer.as_ref().map_err(Clone::clone)?;
                if let Some(skip) = self.over_budget() {
                    return Err(skip);
                }
                let args = ["127.0.0.1".to_string(), port.to_string(), count.to_string()];
                let limit = Duration::from_secs(if self.plan.quick { 20 } else { 60 });
                let fields =
                    run_for_result(&mut rt.command_env(TLS_HANDSHAKES, &args, TLS_ENV), limit)?;
                let get = |k| field(&fields, k).ok_or_else(|| Outcome::Failed(format!("no {k}")));
                Ok((get("ms")?, get("count")?))
            })();
            cells.push(match result {
                Ok((ms, n)) => Cell::Value(n / (ms / 1000.0), None),
                Err(why) => Cell::Missing(why),
            });
        }
        let label = format!("TLS handshakes, {count} tls.connect + 1 GET each");
        self.row("tls_handshakes_per_s", label, "conn/s", true, cells);
    }

    /// (5) One connection streaming through bench/tcp_echo.js (wasi_net; Node: net).
    fn tcp_echo(&mut self) {
        let mib = self.plan.tcp_mib;
        let mut cells = Vec::new();
        for rt in self.runtimes {
            self.progress("TCP echo", rt);
            let result = (|| {
                if let Some(skip) = self.over_budget() {
                    return Err(skip);
                }
                let (mut server, port) = start_server(rt, TCP_ECHO)?;
                client::echo_throughput(port, mib << 20, Duration::from_secs(60)).map_err(|why| {
                    let log = server.finish();
                    Outcome::Failed(procs::with_last_line(why, &log))
                })
            })();
            cells.push(match result {
                Ok(v) => Cell::Value(v, None),
                Err(why) => Cell::Missing(why),
            });
        }
        let label = format!("TCP echo, {mib} MiB on 1 conn (wasi_net / net)");
        self.row("tcp_echo_mibs", label, "MiB/s", true, cells);
    }

    /// (6b) RSS of bench/http_hello.js holding many idle keep-alive connections.
    fn idle(&mut self, nofile: u64) {
        self.idle_on(nofile, HTTP_HELLO, client::Probe::Http(HTTP_REQUEST));
        self.idle_on(nofile, TCP_ECHO, client::Probe::Echo(b"x"));
    }

    /// RSS of `script` holding idle connections, each of which has answered `probe` once.
    fn idle_on(&mut self, nofile: u64, script: Script, probe: client::Probe) {
        let wanted = self.plan.idle_connections;
        // This process and the server each hold one descriptor per connection.
        let possible = usize::try_from(nofile.saturating_sub(200)).unwrap_or(usize::MAX);
        let count = wanted.min(possible);
        let mut total = Vec::new();
        let mut per_conn = Vec::new();
        for rt in self.runtimes {
            self.progress("idle connections", rt);
            let result = (|| {
                if let Some(skip) = self.over_budget() {
                    return Err(skip);
                }
                let (mut server, port) = start_server(rt, script)?;
                std::thread::sleep(Duration::from_millis(200));
                let before = procs::status_kib(server.pid, "VmRSS").unwrap_or(0);
                let limit = Duration::from_secs(if self.plan.quick { 10 } else { 40 });
                let idle = client::open_idle(port, count, probe, Instant::now() + limit);
                std::thread::sleep(Duration::from_millis(500));
                let after = procs::status_kib(server.pid, "VmRSS");
                let alive = server.alive();
                let opened = idle.streams.len();
                drop(idle.streams);
                if !alive {
                    let log = server.finish();
                    return Err(Outcome::Failed(procs::with_last_line(
                        format!("the server exited with {opened} connections open"),
                        &log,
                    )));
                }
                let after = after.ok_or_else(|| Outcome::Failed("cannot read VmRSS".into()))?;
                if opened == 0 {
                    return Err(Outcome::Failed(format!(
                        "no connection served: {}",
                        idle.shortfall.unwrap_or_default()
                    )));
                }
                let mut note = None;
                if opened < wanted {
                    let why = match &idle.shortfall {
                        Some(s) => s.clone(),
                        None => format!("open-files limit {nofile}"),
                    };
                    note = Some(format!("only {opened} of {wanted} connections ({why})"));
                }
                Ok((after, before, opened, note))
            })();
            match result {
                Ok((after, before, opened, note)) => {
                    total.push(Cell::Value(after as f64 / 1024.0, note));
                    let delta = after.saturating_sub(before) as f64 / opened as f64;
                    per_conn.push(Cell::Value(delta, None));
                }
                Err(why) => {
                    total.push(Cell::Missing(why.clone()));
                    per_conn.push(Cell::Missing(why));
                }
            }
        }
        let (key, label) = match probe {
            client::Probe::Http(_) => (
                "idle_http",
                format!("RSS, {wanted} idle HTTP keep-alive conns"),
            ),
            client::Probe::Echo(_) => (
                "idle_tcp",
                format!("RSS, {wanted} idle TCP conns (wasi_net / net)"),
            ),
        };
        self.row(&format!("{key}_rss_mib"), label, "MiB", false, total);
        self.row(
            &format!("{key}_rss_per_conn_kib"),
            "  RSS growth per connection".into(),
            "KiB",
            false,
            per_conn,
        );
    }

    /// (7) bench/compute.js: JSON and sorting, timed inside the program.
    fn compute(&mut self) {
        let runs = self.plan.compute_runs;
        let args: Vec<String> = COMPUTE_ARGS.iter().map(|s| s.to_string()).collect();
        let mut cells = Vec::new();
        let mut node_check = None;
        for rt in self.runtimes {
            self.progress("compute", rt);
            let result = (|| {
                let mut times = Vec::new();
                let mut check = None;
                for _ in 0..runs {
                    if let Some(skip) = self.over_budget() {
                        return Err(skip);
                    }
                    let fields =
                        run_for_result(&mut rt.command(COMPUTE, &args), Duration::from_secs(60))?;
                    times
                        .push(field(&fields, "ms").ok_or_else(|| Outcome::Failed("no ms".into()))?);
                    check = field(&fields, "check");
                }
                Ok((median(&mut times), check))
            })();
            cells.push(match result {
                Ok((ms, check)) => {
                    if rt.is_node() {
                        node_check = check;
                    }
                    let wrong = node_check.is_some() && check != node_check;
                    Cell::Value(
                        ms,
                        wrong
                            .then(|| format!("check {check:?} differs from Node's {node_check:?}")),
                    )
                }
                Err(why) => Cell::Missing(why),
            });
        }
        let label = format!(
            "compute: JSON + sort, {}x{} records (median of {runs})",
            COMPUTE_ARGS[0], COMPUTE_ARGS[1]
        );
        self.row("compute_ms", label, "ms", false, cells);
    }

    fn find(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == key)
    }

    fn targets(&self) -> Vec<Target> {
        let mut out = Vec::new();
        let node = self.runtimes.iter().position(Runtime::is_node);
        let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
        for (i, rt) in self
            .runtimes
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_wasm())
        {
            if let Some(row) = self.find("http_hello_c64_rps") {
                let (what, figure, v) = match (row.value(i), node.and_then(|n| row.value(n))) {
                    (Some(v), Some(n)) if n > 0.0 => (
                        format!("{:.0} vs node {:.0} req/s", v, n),
                        format!("{:.2}x", v / n),
                        verdict(v / n >= 0.5),
                    ),
                    _ => ("no figure".into(), "n/a".into(), "n/a"),
                };
                out.push(Target {
                    what: format!("HTTP hello c64, {} >= 0.5x Node's req/s", rt.label),
                    figure: format!("{figure} ({what})"),
                    verdict: v,
                });
            }
            if let Some(row) = self.find("startup_ms") {
                let (figure, v) = match row.value(i) {
                    Some(ms) => (format!("{ms:.1} ms"), verdict(ms < 20.0)),
                    None => ("no figure".into(), "n/a"),
                };
                out.push(Target {
                    what: format!("start-up, {} with a cached compile, < 20 ms", rt.label),
                    figure,
                    verdict: v,
                });
            }
            if let Some(row) = self.find("idle_http_rss_mib") {
                let count = self.plan.idle_connections;
                let (figure, v) = match row.value(i) {
                    Some(mib) if count >= 10_000 => {
                        (format!("{mib:.1} MiB"), verdict(mib * 1.048576 < 100.0))
                    }
                    Some(mib) => (
                        format!("{mib:.1} MiB at {count} conns"),
                        "not measured at 10,000",
                    ),
                    None => ("no figure".into(), "n/a"),
                };
                out.push(Target {
                    what: format!("10,000 idle HTTP connections, {} < 100 MB", rt.label),
                    figure,
                    verdict: v,
                });
            }
        }
        if !self.wrk_runs.is_empty() {
            let bad: Vec<String> = self
                .wrk_runs
                .iter()
                .filter(|(_, _, r)| r.socket_errors + r.non_2xx > 0)
                .map(|(rt, run, r)| format!("{rt} {run}: {}", r.errors_text()))
                .collect();
            out.push(Target {
                what: "zero errors in every wrk run (socket/non-2xx)".into(),
                figure: if bad.is_empty() {
                    format!("0 in {} runs", self.wrk_runs.len())
                } else {
                    bad.join("; ")
                },
                verdict: verdict(bad.is_empty()),
            });
        }
        out
    }

    fn json(
        &self,
        load_before: &str,
        load_after: &str,
        elapsed: Duration,
        notes: &[String],
        targets: &[Target],
        nofile: u64,
    ) -> String {
        use report::json_string as s;
        let keys: Vec<&str> = self.runtimes.iter().map(|r| r.key).collect();
        let labels: Vec<String> = self.runtimes.iter().map(|r| s(&r.label)).collect();
        let node = self.runtimes.iter().position(Runtime::is_node).unwrap_or(0);
        let targets_json: Vec<String> = targets
            .iter()
            .map(|t| {
                format!(
                    "{{\"target\": {}, \"figure\": {}, \"verdict\": {}}}",
                    s(&t.what),
                    s(&t.figure),
                    s(t.verdict)
                )
            })
            .collect();
        let notes_json: Vec<String> = notes.iter().map(|n| s(n)).collect();
        format!(
            "{{\n  \"mode\": {},\n  \"unix_time\": {},\n  \"elapsed_s\": {:.1},\n  \"machine\": {{\"cores\": {}, \"cpu\": {}, \"load_average_start\": {}, \"load_average_end\": {}, \"open_files_limit\": {nofile}}},\n  \"runtimes\": {{{}}},\n  \"reference\": {},\n  \"notes\": [{}],\n  \"rows\": {},\n  \"targets\": [\n    {}\n  ]\n}}\n",
            s(if self.plan.quick { "quick" } else { "full" }),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            elapsed.as_secs_f64(),
            cores(),
            s(&cpu_model()),
            s(load_before),
            s(load_after),
            keys.iter()
                .zip(&labels)
                .map(|(k, l)| format!("{}: {l}", s(k)))
                .collect::<Vec<_>>()
                .join(", "),
            s(keys[node]),
            notes_json.join(", "),
            report::rows_json(&keys, node, &self.rows),
            targets_json.join(",\n    ")
        )
    }
}

/// The Node.js peer of the fetch scenarios and its port, or why there is none.
type Peer = std::result::Result<(Child, u16), Outcome>;

/// Starts `script` as a server on a free port and waits for its `READY`.
fn start_server(rt: &Runtime, script: Script) -> std::result::Result<(Child, u16), Outcome> {
    let port = procs::free_port().map_err(Outcome::Failed)?;
    let args = [port.to_string(), SERVER_LIFETIME_SECS.to_string()];
    let mut child = Child::spawn(&mut rt.command(script, &args)).map_err(Outcome::Failed)?;
    child.wait_ready(READY_WITHIN)?;
    Ok((child, port))
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, v)| v.trim().to_string())
            })
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&mut []).is_nan());
    }
}
