//! Builds the `tests/wasm-smoke` guest for wasm32-wasip1 and runs it under the project's
//! WasmEdge-compatible host (`target/release/edge-host`), or under the host named by
//! `REACTOR_WASM_HOST` (for example `wasmedge`). Skips with a note when there is no host.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

fn host() -> Option<PathBuf> {
    if let Some(host) = std::env::var_os("REACTOR_WASM_HOST") {
        return Some(PathBuf::from(host));
    }
    let edge_host = target_dir().join("release/edge-host");
    edge_host.exists().then_some(edge_host)
}

#[test]
fn reactor_runs_under_a_wasmedge_compatible_host() {
    let Some(host) = host() else {
        println!(
            "skipped: no host at {} and REACTOR_WASM_HOST unset; build edge-host with \
             `cargo build --release -p edge-host` to run this test",
            target_dir().join("release/edge-host").display()
        );
        return;
    };
    let guest_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasm-smoke");
    // A target directory of its own: the outer cargo holds the lock on the test profile's.
    let guest_target = target_dir().join("wasm-smoke");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip1",
            "--target-dir",
        ])
        .arg(&guest_target)
        .current_dir(&guest_dir)
        .status()
        .expect("run cargo to build the wasm guest");
    assert!(status.success(), "building the wasm guest failed");
    let wasm = guest_target.join("wasm32-wasip1/release/reactor-wasm-smoke.wasm");

    let mut child = Command::new(&host)
        .args(["--dir", ".:."])
        .arg(&wasm)
        .current_dir(&guest_dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", host.display()));
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the host") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the wasm guest did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = reader.join().unwrap_or_default();
    println!("{out}");
    assert!(status.success(), "guest exited with {status}");
    assert!(out.contains("wasm-smoke: all checks passed"), "{out}");
}
