//! End-to-end tests: a wasm32-wasip1 guest built with `wasmedge_wasi_socket`
//! runs under the `edge-host` binary against real sockets on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const HOST: &str = env!("CARGO_BIN_EXE_edge-host");
const LIMIT: Duration = Duration::from_secs(60);

/// Builds the test guest once per test run and returns its path.
fn guest() -> &'static Path {
    static GUEST: OnceLock<PathBuf> = OnceLock::new();
    GUEST.get_or_init(|| {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let target = here.join("../../target/edge-host-guest");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "--release", "--target", "wasm32-wasip1"])
            .arg("--manifest-path")
            .arg(here.join("tests/guest/Cargo.toml"))
            .arg("--target-dir")
            .arg(&target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the test guest builds");
        target.join("wasm32-wasip1/release/edge-host-test-guest.wasm")
    })
}

fn host(args: &[&str]) -> Command {
    let mut c = Command::new(HOST);
    c.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Waits for a child with a time limit; a hung child fails the test.
fn finish(mut child: Child) -> Output {
    let start = Instant::now();
    while child.try_wait().expect("try_wait").is_none() {
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("edge-host did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("output")
}

/// Runs the guest with `args` after the wasm and optional host options.
fn run_guest(opts: &[&str], args: &[&str]) -> Output {
    let g = guest().to_str().expect("utf-8 path").to_owned();
    let mut all: Vec<&str> = opts.to_vec();
    all.push(&g);
    all.extend_from_slice(args);
    finish(host(&all).spawn().expect("spawn edge-host"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_ok(o: &Output, marker: &str) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout(o).contains(marker),
        "stdout lacks {marker}: {}",
        stdout(o)
    );
}

#[test]
fn nonblocking_sockets_poll_and_timers() {
    assert_ok(&run_guest(&[], &["selftest"]), "SELFTEST OK");
}

#[test]
fn connection_refused_is_connrefused() {
    assert_ok(&run_guest(&[], &["refused"]), "REFUSED OK");
}

#[test]
fn address_in_use_is_addrinuse() {
    assert_ok(&run_guest(&[], &["addrinuse"]), "ADDRINUSE OK");
}

#[test]
fn hundreds_of_connect_close_cycles() {
    assert_ok(&run_guest(&[], &["cycles", "400"]), "CYCLES 400");
}

#[test]
fn offline_name_lookup() {
    assert_ok(&run_guest(&[], &["lookup"]), "LOOKUP OK");
}

#[test]
fn guest_echo_server_with_native_clients() {
    let g = guest().to_str().expect("utf-8 path").to_owned();
    let mut child = host(&[&g, "echo-server", "2"]).spawn().expect("spawn");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("port line");
    let port: u16 = line
        .trim()
        .strip_prefix("PORT ")
        .and_then(|p| p.parse().ok())
        .expect("PORT n");
    for size in [1usize << 20, 10] {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(LIMIT)).expect("timeout");
        let data: Vec<u8> = (0..size).map(|i| (i % 253) as u8).collect();
        let mut w = s.try_clone().expect("clone");
        let sent = data.clone();
        let writer = std::thread::spawn(move || {
            w.write_all(&sent).expect("send");
            w.shutdown(std::net::Shutdown::Write).expect("shutdown");
        });
        let mut back = Vec::new();
        s.read_to_end(&mut back).expect("read back");
        writer.join().expect("writer");
        assert_eq!(back.len(), size);
        assert!(back == data, "echo is byte-exact");
    }
    let status = finish(child).status;
    assert_eq!(status.code(), Some(0));
}

#[test]
fn guest_client_echoes_8_mib() {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = l.accept().expect("accept");
        s.set_read_timeout(Some(LIMIT)).expect("timeout");
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0usize;
        loop {
            let n = s.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            s.write_all(&buf[..n]).expect("write");
            total += n;
        }
        total
    });
    let size = (8usize << 20).to_string();
    let out = run_guest(&[], &["echo-client", &port.to_string(), &size]);
    assert_ok(&out, "ECHOED 8388608");
    assert_eq!(server.join().expect("server"), 8 << 20);
}

#[test]
fn exit_codes_and_traps() {
    for code in [0, 3, 200] {
        let out = run_guest(&[], &["exit", &code.to_string()]);
        assert_eq!(out.status.code(), Some(code), "exit {code}");
    }
    let out = run_guest(&[], &["trap"]);
    assert_eq!(out.status.code(), Some(134));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unreachable"));
}

#[test]
fn dir_env_and_args_like_wasmedge() {
    let dir = std::env::temp_dir().join(format!("edge-host-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("data.txt"), "relative file\n").expect("write");
    let g = guest().to_str().expect("utf-8 path").to_owned();
    let out = finish(
        host(&[
            "--dir",
            ".:.",
            "--enable-all",
            "--log-level=error",
            &g,
            "cat",
            "data.txt",
        ])
        .current_dir(&dir)
        .spawn()
        .expect("spawn"),
    );
    assert_ok(&out, "relative file");
    let _ = std::fs::remove_dir_all(&dir);

    let out = finish(
        host(&["--env", "A=b=c", &g, "env"])
            .env("EDGE_HOST_TEST_SECRET", "1")
            .spawn()
            .expect("spawn"),
    );
    assert_ok(&out, "(\"A\", \"b=c\")");
    assert!(
        !stdout(&out).contains("EDGE_HOST_TEST_SECRET"),
        "host env not inherited"
    );

    let out = run_guest(&["--no-cache"], &["args", "x", "--dir"]);
    assert_ok(&out, "edge-host-test-guest.wasm args x --dir");
}

#[test]
fn bad_command_lines_are_errors() {
    let out = finish(host(&[]).spawn().expect("spawn"));
    assert_eq!(out.status.code(), Some(2));
    let out = finish(host(&["no-such-file.wasm"]).spawn().expect("spawn"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.wasm"));
    let out = finish(
        host(&["--dir", "/no/such/dir", "x.wasm"])
            .spawn()
            .expect("spawn"),
    );
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn compiled_module_cache_is_written() {
    let out = run_guest(&[], &["exit", "0"]);
    assert_eq!(out.status.code(), Some(0));
    let exe = Path::new(HOST);
    let cache = exe
        .parent()
        .and_then(Path::parent)
        .expect("target dir")
        .join("edge-host-cache");
    let entries = std::fs::read_dir(&cache).expect("cache dir exists").count();
    assert!(
        entries > 0,
        "a compiled module is cached in {}",
        cache.display()
    );
}
