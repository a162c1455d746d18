//! `cargo xtask`: the workspace's build, run and test tasks.
//!
//! Commands: `doctor`, `build-wasm`, `run`, `test`, `test-js`, `bench`, `instructions`. Each one
//! that builds or runs starts with the doctor, so a fresh machine needs no set-up step of its own.

mod bench;
mod build_wasm;
mod doctor;
mod host;
mod instructions;
mod proc;
mod test_js;
mod wasm_imports;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// Errors are messages for a person at a terminal; each says what failed and why.
pub type Result<T> = std::result::Result<T, String>;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  doctor                 check (and when root, install) the tools the build and tests need
  build-wasm [--opt-level 3]
                         build target/wasmedge_quickjs.wasm (--opt-level 3 builds
                         target/wasmedge_quickjs-O3.wasm for comparison)
  run FILE [ARGS...]     build when stale, then run FILE under wasmedge or edge-host
  test                   cargo test --workspace --release, then test-js
  test-js [FILTER]       run js-tests/test-*.js (names containing FILTER)
  bench [--quick] [--only NAME,...]
                         measure this runtime (wasm under wasmedge and edge-host, native)
                         against Node.js; writes target/bench/results.json (--quick: under a
                         minute; NAME: startup, http, echo, fetch, tcp, idle, compute)
  instructions [--echo] [--wasm FILE]
                         count the instructions per HTTP request with valgrind: native, and
                         the wasm (FILE, or the shipped build) under edge-host; --echo: the
                         4 KiB POST echo server instead of hello-world

environment:
  XTASK_HOST             command that runs the wasm instead of wasmedge / edge-host
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<ExitCode> {
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    match command.as_str() {
        "doctor" => {
            no_extra_args(command, rest)?;
            doctor::run(doctor::Purpose::Tests)?;
            println!("doctor: everything needed is installed");
            Ok(ExitCode::SUCCESS)
        }
        "build-wasm" => {
            doctor::run(doctor::Purpose::Build)?;
            let opt = match rest {
                [] => build_wasm::OptLevel::Shipped,
                [flag, level] if flag == "--opt-level" && level == "3" => build_wasm::OptLevel::O3,
                _ => {
                    return Err(format!(
                        "build-wasm: unexpected arguments {rest:?}\n{USAGE}"
                    ))
                }
            };
            build_wasm::build(opt)?;
            Ok(ExitCode::SUCCESS)
        }
        "run" => {
            let Some((file, script_args)) = rest.split_first() else {
                return Err(format!("run: missing FILE\n{USAGE}"));
            };
            doctor::run(doctor::Purpose::Build)?;
            let wasm = build_wasm::build(build_wasm::OptLevel::Shipped)?;
            let host = host::Host::find()?;
            let status = host
                .command(&wasm, &[], file, script_args)
                .current_dir(workspace_root())
                .status()
                .map_err(|e| format!("cannot start {}: {e}", host.describe()))?;
            Ok(exit_code_of(status))
        }
        "test" => {
            no_extra_args(command, rest)?;
            doctor::run(doctor::Purpose::Tests)?;
            // Release: the edge-host the JS tests need is a release build, and testing in the
            // same profile compiles wasmtime once instead of twice.
            let status = Command::new(cargo())
                .args(["test", "--workspace", "--release"])
                .current_dir(workspace_root())
                .status()
                .map_err(|e| format!("cannot run cargo test: {e}"))?;
            if !status.success() {
                return Err("cargo test --workspace --release failed".into());
            }
            test_js::run(None)
        }
        "test-js" => {
            let filter = match rest {
                [] => None,
                [f] => Some(f.as_str()),
                _ => return Err(format!("test-js: takes at most one FILTER\n{USAGE}")),
            };
            doctor::run(doctor::Purpose::Tests)?;
            test_js::run(filter)
        }
        "bench" => {
            bench::run(rest)?;
            Ok(ExitCode::SUCCESS)
        }
        "instructions" => {
            let mut wasm = None;
            let mut scenario = instructions::Scenario::Hello;
            let mut args = rest.iter();
            while let Some(arg) = args.next() {
                match (arg.as_str(), args.clone().next()) {
                    ("--echo", _) => scenario = instructions::Scenario::Echo,
                    ("--wasm", Some(file)) => {
                        wasm = Some(PathBuf::from(file));
                        args.next();
                    }
                    _ => {
                        return Err(format!(
                            "instructions: unexpected arguments {rest:?}\n{USAGE}"
                        ))
                    }
                }
            }
            instructions::run(wasm, scenario)?;
            Ok(ExitCode::SUCCESS)
        }
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn no_extra_args(command: &str, rest: &[String]) -> Result<()> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(format!("{command}: unexpected arguments {rest:?}"))
    }
}

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// The cargo that runs us (so `cargo +toolchain xtask` keeps its toolchain).
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Maps a child's status to ours; a signal becomes 128 + signal, as shells report it.
pub fn exit_code_of(status: std::process::ExitStatus) -> ExitCode {
    use std::os::unix::process::ExitStatusExt;
    let code = match (status.code(), status.signal()) {
        (Some(c), _) => c,
        (None, Some(sig)) => 128 + sig,
        (None, None) => 1,
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
