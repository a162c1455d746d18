//! The runtimes a bench compares: this runtime's wasm under wasmedge (AOT when it compiles) and
//! under edge-host, its native build, and Node.js as the reference.

use super::procs::{run_bounded, Finished};
use crate::proc::which;
use crate::{cargo, workspace_root};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

pub enum Kind {
    Node(PathBuf),
    Native(PathBuf),
    Wasm {
        host: PathBuf,
        leading: Vec<String>,
        module: PathBuf,
    },
}

pub struct Runtime {
    /// Column heading.
    pub label: String,
    /// Key in the JSON file.
    pub key: &'static str,
    pub kind: Kind,
}

/// A benchmark program: the one this runtime runs, and Node's reference when it differs.
#[derive(Clone, Copy)]
pub struct Script {
    pub path: &'static str,
    pub node: Option<&'static str>,
}

impl Script {
    pub const fn same(path: &'static str) -> Script {
        Script { path, node: None }
    }
}

impl Runtime {
    pub fn is_node(&self) -> bool {
        matches!(self.kind, Kind::Node(_))
    }

    pub fn is_wasm(&self) -> bool {
        matches!(self.kind, Kind::Wasm { .. })
    }

    /// The command that runs `script` with `args`, from the workspace root.
    pub fn command(&self, script: Script, args: &[String]) -> Command {
        self.command_env(script, args, &[])
    }

    /// [`Runtime::command`] with environment variables for the program: in the process's
    /// environment for Node and the native build, as `--env K=V` for the wasm's host.
    pub fn command_env(&self, script: Script, args: &[String], env: &[(&str, &str)]) -> Command {
        let root = workspace_root();
        let mut command = match &self.kind {
            Kind::Node(node) => {
                let mut c = Command::new(node);
                c.envs(env.iter().copied());
                c.arg(script.node.unwrap_or(script.path));
                c
            }
            Kind::Native(binary) => {
                let mut c = Command::new(binary);
                c.envs(env.iter().copied());
                c.arg(script.path);
                c
            }
            Kind::Wasm {
                host,
                leading,
                module,
            } => {
                let mut c = Command::new(host);
                c.args(leading).args(["--dir", ".:."]);
                for (key, value) in env {
                    c.arg("--env").arg(format!("{key}={value}"));
                }
                c.arg(module.strip_prefix(&root).unwrap_or(module));
                c.arg(script.path);
                c
            }
        };
        command.args(args).current_dir(root);
        command
    }
}

/// Finds and builds every runtime that can run here. Messages about the ones left out go to
/// `notes`.
pub fn discover(wasm: &Path, notes: &mut Vec<String>) -> Result<Vec<Runtime>, String> {
    let mut runtimes = Vec::new();
    let node =
        which("node").ok_or("node is not on PATH; it is the reference (apt-get install nodejs)")?;
    runtimes.push(Runtime {
        label: "node".into(),
        key: "node",
        kind: Kind::Node(node),
    });

    if let Some(wasmedge) = which("wasmedge") {
        let so = workspace_root().join("target/bench/wasmedge_quickjs.so");
        match aot_compile(&wasmedge, wasm, &so) {
            Ok(()) => runtimes.push(Runtime {
                label: "wasmedge AOT".into(),
                key: "wasmedge_aot",
                kind: Kind::Wasm {
                    host: wasmedge,
                    leading: vec!["--run-mode=aot".into()],
                    module: so,
                },
            }),
            Err(why) => {
                notes.push(format!(
                    "wasmedge: AOT compile failed ({why}); measured in the interpreter"
                ));
                runtimes.push(Runtime {
                    label: "wasmedge interp".into(),
                    key: "wasmedge_interpreter",
                    kind: Kind::Wasm {
                        host: wasmedge,
                        leading: Vec::new(),
                        module: wasm.to_path_buf(),
                    },
                });
            }
        }
    } else {
        notes.push("wasmedge: not on PATH, not measured".into());
    }

    // An edge-host newer than its inputs (built by `cargo xtask test` or `run`) is used as is:
    // asking cargo again with another package selection would unify other features and
    // compile wasmtime a second time. The native binary does not involve wasmtime.
    let build = |package: &str| {
        if package == "edge-host"
            && crate::host::is_fresh(&workspace_root().join("target/release/edge-host"))
        {
            release_binary(package)
        } else {
            cargo_release(&[package]).and_then(|()| release_binary(package))
        }
    };
    match build("edge-host") {
        Ok(host) => runtimes.push(Runtime {
            label: "edge-host".into(),
            key: "edge_host",
            kind: Kind::Wasm {
                host,
                leading: Vec::new(),
                module: wasm.to_path_buf(),
            },
        }),
        Err(why) => notes.push(format!("edge-host: {why}; not measured")),
    }

    match build("wasmedge_quickjs") {
        Ok(binary) => runtimes.push(Runtime {
            label: "native".into(),
            key: "native",
            kind: Kind::Native(binary),
        }),
        Err(why) => notes.push(format!("native build: {why}; not measured")),
    }
    Ok(runtimes)
}

/// `cargo build --release -p PACKAGE...` (a no-op when fresh).
fn cargo_release(packages: &[&str]) -> Result<(), String> {
    let mut command = Command::new(cargo());
    command.args(["build", "--release"]);
    for p in packages {
        command.args(["-p", p]);
    }
    let status = command
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo build --release -p {} failed",
            packages.join(" -p ")
        ))
    }
}

/// The path of a release binary that was just built.
fn release_binary(binary: &str) -> Result<PathBuf, String> {
    let path = workspace_root().join("target/release").join(binary);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} is missing after the build", path.display()))
    }
}

/// `wasmedge compile WASM SO` unless SO is newer than WASM.
fn aot_compile(wasmedge: &Path, wasm: &Path, so: &Path) -> Result<(), String> {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    if let (Some(out), Some(input)) = (modified(so), modified(wasm)) {
        if out > input {
            return Ok(());
        }
    }
    if let Some(dir) = so.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    println!("bench: wasmedge compile (once per wasm build; not part of the timed run)");
    let mut command = Command::new(wasmedge);
    command.arg("compile").arg(wasm).arg(so);
    match run_bounded(&mut command, Duration::from_secs(600))? {
        Finished::Exited(status, _) if status.success() && so.is_file() => Ok(()),
        Finished::Exited(status, log) => Err(format!(
            "{status}: {}",
            log.tail().last().cloned().unwrap_or_default()
        )),
        Finished::TimedOut(_) => Err("took over 10 minutes".into()),
    }
}
