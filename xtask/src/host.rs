//! The program that runs the wasm: `wasmedge` when installed, else the workspace's own `edge-host`.
//!
//! Both take the same command line, so everything else is the same whichever one runs.

use crate::proc::which;
use crate::{cargo, workspace_root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Host {
    program: PathBuf,
    /// Options placed before the host's own (from `XTASK_HOST`).
    leading_args: Vec<String>,
}

impl Host {
    /// `XTASK_HOST` when set, else `wasmedge` on PATH, else `target/release/edge-host`, built
    /// now when missing or stale (cargo's no-op check is quick).
    pub fn find() -> Result<Host> {
        if let Ok(custom) = std::env::var("XTASK_HOST") {
            return Host::from_command_line(&custom)
                .ok_or_else(|| "XTASK_HOST is set but empty".to_string());
        }
        if let Some(wasmedge) = which("wasmedge") {
            return Ok(Host {
                program: wasmedge,
                leading_args: Vec::new(),
            });
        }
        let program = workspace_root().join("target/release/edge-host");
        // `cargo test --workspace --release` already built this binary, with the features the
        // whole workspace unifies to; `cargo build -p edge-host` would select other features
        // and compile wasmtime a second time. A binary newer than every input is used as is.
        if !is_fresh(&program) {
            let status = Command::new(cargo())
                .args(["build", "--release", "-p", "edge-host"])
                .current_dir(workspace_root())
                .status()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if !status.success() {
                return Err("wasmedge is not on PATH and building edge-host failed".into());
            }
        }
        if !program.is_file() {
            return Err(format!(
                "edge-host was built but {} is missing",
                program.display()
            ));
        }
        Ok(Host {
            program,
            leading_args: Vec::new(),
        })
    }

    /// A host given as a command line such as `wasmedge --log-level=error` (split on whitespace).
    pub fn from_command_line(line: &str) -> Option<Host> {
        let mut words = line.split_whitespace().map(String::from);
        Some(Host {
            program: PathBuf::from(words.next()?),
            leading_args: words.collect(),
        })
    }

    /// A person-readable name, for messages.
    pub fn describe(&self) -> String {
        self.program.display().to_string()
    }

    /// `host --dir .:. [--env K=V]... WASM SCRIPT ARGS...`, to be run from the workspace root.
    pub fn command(
        &self,
        wasm: &Path,
        env: &[(String, String)],
        script: &str,
        script_args: &[String],
    ) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.leading_args).args(["--dir", ".:."]);
        for (key, value) in env {
            command.arg("--env").arg(format!("{key}={value}"));
        }
        // Relative to the workspace root (the cwd), so the guest's argv[0] names no machine path.
        let wasm = wasm.strip_prefix(workspace_root()).unwrap_or(wasm);
        command.arg(wasm).arg(script).args(script_args);
        command
    }
}

/// Whether `binary` exists and is newer than the edge-host's sources, manifests and the lock file.
pub fn is_fresh(binary: &Path) -> bool {
    let Ok(built) = binary.metadata().and_then(|m| m.modified()) else {
        return false;
    };
    let root = workspace_root();
    let inputs = [
        root.join("Cargo.lock"),
        root.join("Cargo.toml"),
        root.join("crates/edge-host/Cargo.toml"),
    ];
    let newest_input = inputs
        .iter()
        .cloned()
        .chain(files_under(&root.join("crates/edge-host/src")))
        .filter_map(|p| p.metadata().and_then(|m| m.modified()).ok())
        .max();
    newest_input.is_some_and(|input| input <= built)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}
