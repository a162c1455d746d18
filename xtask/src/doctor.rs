//! The doctor: checks the tools the wasm build and the tests need, and installs the missing ones.
//!
//! As root it installs Debian packages itself (`apt-get`); otherwise it prints the exact command
//! to run and fails, so a fresh machine needs nothing but rustup and this workspace.

use crate::proc::{is_root, on_path};
use crate::Result;
use std::path::Path;
use std::process::{Command, Stdio};

/// The Rust target the runtime is built for.
pub const WASM_TARGET: &str = "wasm32-wasip1";

/// Where Debian's `wasi-libc` puts its headers; the QuickJS C build reads them.
const WASI_LIBC_HEADER: &str = "/usr/include/wasm32-wasi/stdio.h";

/// What the caller is about to do, which decides the tools to check.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Build,
    Tests,
    /// The tests' tools plus the load generator of `cargo xtask bench`.
    Bench,
    /// The build's tools plus valgrind, for `cargo xtask instructions`.
    Instructions,
}

/// One tool: how to see it is there, and the Debian package that provides it.
struct Tool {
    what: &'static str,
    present: fn() -> bool,
    package: &'static str,
    /// Required tools stop the build when missing; the others only narrow what can be done.
    required: bool,
    for_tests_only: bool,
}

const TOOLS: &[Tool] = &[
    Tool {
        what: "clang (compiles QuickJS and ring's C for wasm32-wasip1)",
        present: || on_path("clang"),
        package: "clang",
        required: true,
        for_tests_only: false,
    },
    Tool {
        what: "llvm-ar (archives the QuickJS objects)",
        present: || on_path("llvm-ar"),
        package: "llvm",
        required: true,
        for_tests_only: false,
    },
    Tool {
        what: "wasi-libc headers",
        present: || Path::new(WASI_LIBC_HEADER).is_file(),
        package: "wasi-libc",
        required: true,
        for_tests_only: false,
    },
    Tool {
        what: "wasm-opt (shrinks and speeds up the wasm)",
        present: || on_path("wasm-opt"),
        package: "binaryen",
        required: false,
        for_tests_only: false,
    },
    Tool {
        what: "wasm-objdump (inspecting the wasm)",
        present: || on_path("wasm-objdump"),
        package: "wabt",
        required: false,
        for_tests_only: false,
    },
    Tool {
        what: "curl (a peer in the JS tests)",
        present: || on_path("curl"),
        package: "curl",
        required: false,
        for_tests_only: true,
    },
    Tool {
        what: "python3 (a peer in the JS tests)",
        present: || on_path("python3"),
        package: "python3",
        required: false,
        for_tests_only: true,
    },
    Tool {
        what: "node (a peer in the JS tests, and runs the harness self-test)",
        present: || on_path("node"),
        package: "nodejs",
        required: false,
        for_tests_only: true,
    },
];

/// Only `cargo xtask bench` needs these.
const BENCH_TOOLS: &[Tool] = &[Tool {
    what: "wrk (the HTTP load generator of the bench)",
    present: || on_path("wrk"),
    package: "wrk",
    required: false,
    for_tests_only: true,
}];

/// Only `cargo xtask instructions` needs these.
const INSTRUCTIONS_TOOLS: &[Tool] = &[Tool {
    what: "valgrind (counts the instructions of `cargo xtask instructions`)",
    present: || on_path("valgrind"),
    package: "valgrind",
    required: true,
    for_tests_only: true,
}];

/// Checks everything `purpose` needs; installs what is missing when it can.
pub fn run(purpose: Purpose) -> Result<()> {
    ensure_rust_target()?;
    let (extra, tests): (&[Tool], bool) = match purpose {
        Purpose::Build => (&[], false),
        Purpose::Tests => (&[], true),
        Purpose::Bench => (BENCH_TOOLS, true),
        Purpose::Instructions => (INSTRUCTIONS_TOOLS, false),
    };
    let wanted = || {
        TOOLS
            .iter()
            .filter(move |t| tests || !t.for_tests_only)
            .chain(extra)
    };
    let missing: Vec<&Tool> = wanted().filter(|t| !(t.present)()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = missing.iter().map(|t| t.package).collect();
    for tool in &missing {
        eprintln!(
            "doctor: missing {} (Debian package `{}`)",
            tool.what, tool.package
        );
    }
    if is_root() {
        apt_install(&packages)?;
        let still: Vec<&str> = wanted()
            .filter(|t| t.required && !(t.present)())
            .map(|t| t.what)
            .collect();
        if !still.is_empty() {
            return Err(format!(
                "still missing after apt-get install: {}",
                still.join(", ")
            ));
        }
        return Ok(());
    }
    let command = format!(
        "sudo apt-get install -y --no-install-recommends {}",
        packages.join(" ")
    );
    if missing.iter().any(|t| t.required) {
        return Err(format!(
            "install the missing tools, then retry:\n    {command}"
        ));
    }
    eprintln!("doctor: optional tools are missing; to install them:\n    {command}");
    Ok(())
}

/// Makes sure the standard library for wasm32-wasip1 is installed.
fn ensure_rust_target() -> Result<()> {
    if !on_path("rustup") {
        // Without rustup (a distribution's Rust), the sysroot tells whether the target exists.
        let out = Command::new("rustc")
            .args(["--print", "target-libdir", "--target", WASM_TARGET])
            .output()
            .map_err(|e| format!("cannot run rustc: {e}"))?;
        let libdir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && Path::new(&libdir).is_dir() {
            return Ok(());
        }
        return Err(format!(
            "the Rust target {WASM_TARGET} is not installed and rustup is not on PATH; \
             install rustup (https://rustup.rs), then: rustup target add {WASM_TARGET}"
        ));
    }
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`rustup target list --installed` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    eprintln!("doctor: adding the Rust target {WASM_TARGET}");
    let status = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if !status.success() {
        return Err(format!("`rustup target add {WASM_TARGET}` failed"));
    }
    Ok(())
}

/// `apt-get update` then `apt-get install`, non-interactive (CI has no terminal).
fn apt_install(packages: &[&str]) -> Result<()> {
    let apt = |args: &[&str]| -> Result<()> {
        eprintln!("doctor: apt-get {}", args.join(" "));
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`apt-get {}` failed ({status})", args.join(" ")))
        }
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend_from_slice(packages);
    apt(&install)
}
