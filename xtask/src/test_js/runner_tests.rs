//! The runner end to end, with a stand-in host: a shell script that runs each "test file" as a
//! shell script. That exercises peers, drivers, time limits and clean-up without a wasm host.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Strips the `//` directive lines, exports each `--env`, and runs the script with its args.
const FAKE_HOST: &str = r#"
while [ "$1" = "--dir" ] || [ "$1" = "--env" ]; do
    if [ "$1" = "--env" ]; then export "$2"; fi
    shift 2
done
wasm="$1"; script="$2"; shift 2
grep -v '^//' "$script" | sh -s -- "$@"
"#;

/// A scratch workspace with `js-tests/` holding the given files; removed on drop.
struct Scratch {
    cx: Context,
}

impl Scratch {
    fn new(files: &[(&str, &str)]) -> Scratch {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "xtask-runner-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(root.join("js-tests")).unwrap();
        std::fs::write(root.join("fake-host.sh"), FAKE_HOST).unwrap();
        for (name, text) in files {
            std::fs::write(root.join("js-tests").join(name), text).unwrap();
        }
        let host = Host::from_command_line(&format!("sh {}", root.join("fake-host.sh").display()))
            .unwrap();
        let wasm = root.join("unused.wasm");
        Scratch {
            cx: Context { root, wasm, host },
        }
    }

    fn run(&self, name: &str) -> Outcome {
        run_guest_file(&self.cx, name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.cx.root);
    }
}

fn failure_reason(outcome: Outcome) -> String {
    match outcome {
        Outcome::Pass => "passed".into(),
        Outcome::Skip(why) => format!("skipped: {why}"),
        Outcome::Fail { reason, output } => format!("{reason}\n{}", output.join("\n")),
    }
}

#[test]
fn passes_checks_stdout_and_exit_status() {
    let s = Scratch::new(&[
        (
            "test-ok.js",
            "// @args: x y\n// @expect-stdout: args x y\necho noise\necho args \"$@\"\n",
        ),
        ("test-missing.js", "// @expect-stdout: never\necho other\n"),
        ("test-exit3.js", "echo about to fail\nexit 3\n"),
        ("test-exit3-expected.js", "// @expect-exit: 3\nexit 3\n"),
        (
            "test-env.js",
            "// @env: GREETING=hi there\n[ \"$GREETING\" = \"hi there\" ]\n",
        ),
    ]);
    assert!(matches!(s.run("test-ok.js"), Outcome::Pass));
    assert!(matches!(s.run("test-exit3-expected.js"), Outcome::Pass));
    assert!(matches!(s.run("test-env.js"), Outcome::Pass));
    let missing = failure_reason(s.run("test-missing.js"));
    assert!(
        missing.contains("no line `never`") && missing.contains("guest| other"),
        "{missing}"
    );
    let exit3 = failure_reason(s.run("test-exit3.js"));
    assert!(
        exit3.starts_with("exited with status 3") && exit3.contains("guest| about to fail"),
        "{exit3}"
    );
}

#[test]
fn a_hung_guest_is_stopped_at_its_time_limit() {
    let s = Scratch::new(&[("test-hang.js", "// @timeout: 0.5\nsleep 30\n")]);
    let started = Instant::now();
    let reason = failure_reason(s.run("test-hang.js"));
    assert!(reason.starts_with("timed out after 0.5 s"), "{reason}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn missing_commands_skip_and_bad_directives_fail() {
    let s = Scratch::new(&[
        (
            "test-req.js",
            "// @requires: no-such-command-for-xtask\nexit 0\n",
        ),
        ("test-bad.js", "// @frobnicate: yes\nexit 0\n"),
    ]);
    assert!(
        matches!(s.run("test-req.js"), Outcome::Skip(r) if r.contains("no-such-command-for-xtask"))
    );
    let bad = failure_reason(s.run("test-bad.js"));
    assert!(bad.contains("unknown directive `@frobnicate`"), "{bad}");
}

/// A peer that listens on $PORT and serves connections until it is stopped.
const PEER: &str = "python3 -c \"import os,socket; s=socket.create_server(('127.0.0.1', int(os.environ['PORT']))); [s.accept()[0].close() for _ in iter(int, 1)]\"";
/// Connects to the peer: proves the port variable reached the driver and the peer listens.
const CONNECT: &str = "python3 -c \"import os,socket; socket.create_connection(('127.0.0.1', int(os.environ['PEER_WEB_PORT'])), 5)\"";

#[test]
fn peers_and_drivers() {
    let good = format!(
        "// @peer web: {PEER}\n// @driver: test \"$PORT\" = 7777 && {CONNECT}\n\
         [ -n \"$PEER_WEB_PORT\" ] || exit 9\necho READY 7777\nsleep 0.3\necho \"port $PEER_WEB_PORT\"\n"
    );
    let s = Scratch::new(&[
        ("test-good.js", &good),
        (
            "test-driver-fails.js",
            "// @driver: echo nope; exit 5\necho READY 1\n",
        ),
        (
            "test-never-ready.js",
            "// @driver: exit 0\necho not ready\n",
        ),
        ("test-dead-peer.js", "// @peer web: exit 7\nexit 0\n"),
    ]);
    assert!(
        on_path("python3"),
        "python3 is needed for this test (cargo xtask doctor installs it)"
    );
    let reason = failure_reason(s.run("test-driver-fails.js"));
    assert!(
        reason.contains("the driver exited with status 5") && reason.contains("driver| nope"),
        "{reason}"
    );
    let reason = failure_reason(s.run("test-never-ready.js"));
    assert!(
        reason.contains("without printing `READY <port>`"),
        "{reason}"
    );
    let reason = failure_reason(s.run("test-dead-peer.js"));
    assert!(
        reason.contains("peer WEB exited with status 7 before listening"),
        "{reason}"
    );

    // The good file passes, and its peer is gone afterwards: nothing listens on its port.
    let d = directives::parse(&good).unwrap();
    let mut running = Running::default();
    let verdict = drive(&s.cx, "test-good.js", &d, &mut running);
    let (output, stdout, _stderr) = running.finish();
    assert_eq!(verdict, Ok(()), "{output:?}");
    let port: u16 = stdout
        .iter()
        .find_map(|l| l.strip_prefix("port ")?.parse().ok())
        .expect("the guest printed its peer port");
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "peer still listening"
    );
    assert!(matches!(s.run("test-good.js"), Outcome::Pass));
}
