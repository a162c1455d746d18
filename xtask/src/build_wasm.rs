//! `build-wasm`: cargo builds the runtime for wasm32-wasip1, wasm-opt shrinks it, and the result
//! is checked to import nothing but WASI before it is written to `target/wasmedge_quickjs.wasm`.

use crate::doctor::WASM_TARGET;
use crate::proc::on_path;
use crate::wasm_imports;
use crate::{cargo, workspace_root, Result};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// binaryen 108 cannot tell which features a stripped module uses; rustc's wasm32-wasip1 emits these.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-mutable-globals",
];

/// The wasm-opt level. Measured on this runtime (README.md, "Measurements"): -Os and -Oz give the
/// same size within 0.1%, -O2 and -O3 are 0.3-0.7% larger, and no level ran a JS benchmark
/// measurably faster; -Os is the quicker of the two smallest.
const WASM_OPT_LEVEL: &str = "-Os";

/// The only module a shipped wasm may import from: the rest is a link error that the linker let by.
const ALLOWED_IMPORT_MODULE: &str = "wasi_snapshot_preview1";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OptLevel {
    /// The `wasm-release` profile as it is in Cargo.toml (opt-level "s", QuickJS at 2, fat LTO).
    Shipped,
    /// The same profile with everything at opt-level 3, in its own target directory, for size
    /// and speed comparisons.
    O3,
}

/// Builds the wasm when stale and returns the path of the checked, optimised module.
pub fn build(opt: OptLevel) -> Result<PathBuf> {
    let target_dir = target_dir();
    let (cargo_target_dir, output) = match opt {
        OptLevel::Shipped => (target_dir.clone(), target_dir.join("wasmedge_quickjs.wasm")),
        OptLevel::O3 => (
            target_dir.join("wasm-o3"),
            target_dir.join("wasmedge_quickjs-O3.wasm"),
        ),
    };
    let started = Instant::now();
    let mut command = Command::new(cargo());
    command
        .args(["build", "--target", WASM_TARGET, "-p", "wasmedge_quickjs"])
        .args(["--profile", "wasm-release", "--target-dir"])
        .arg(&cargo_target_dir)
        .current_dir(workspace_root());
    if opt == OptLevel::O3 {
        // Everything at 3, QuickJS too (Cargo.toml gives it a level of its own).
        command
            .env("CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL", "3")
            .args([
                "--config",
                "profile.wasm-release.package.rquickjs-sys.opt-level=3",
            ]);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build of the wasm failed (see above)".into());
    }
    let cargo_secs = started.elapsed().as_secs_f64();

    let input = cargo_target_dir.join(format!("{WASM_TARGET}/wasm-release/wasmedge_quickjs.wasm"));
    let bytes =
        std::fs::read(&input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let started = Instant::now();
    let optimised = optimise(&input, &bytes, &output)?;
    let opt_secs = started.elapsed().as_secs_f64();

    let final_bytes =
        std::fs::read(&output).map_err(|e| format!("cannot read {}: {e}", output.display()))?;
    check_imports(&final_bytes)?;
    let step = match optimised {
        Optimised::Ran => format!("wasm-opt {WASM_OPT_LEVEL} {opt_secs:.1} s"),
        Optimised::UpToDate => "wasm-opt up to date".into(),
        Optimised::NotInstalled => "wasm-opt not installed: not optimised".into(),
    };
    println!(
        "{} ({} bytes; cargo {cargo_secs:.1} s, {step}; {} bytes before wasm-opt)",
        output.display(),
        final_bytes.len(),
        bytes.len()
    );
    Ok(output)
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

enum Optimised {
    Ran,
    UpToDate,
    NotInstalled,
}

/// Writes `output` from `input` with wasm-opt, or copies it when wasm-opt is missing.
/// A stamp beside the output records what it was made from, so an unchanged input costs nothing.
fn optimise(input: &Path, bytes: &[u8], output: &Path) -> Result<Optimised> {
    let have_wasm_opt = on_path("wasm-opt");
    let recipe = if have_wasm_opt {
        format!("wasm-opt {WASM_OPT_LEVEL} {}", WASM_OPT_FEATURES.join(" "))
    } else {
        "copy".to_string()
    };
    let stamp_path = output.with_extension("wasm.stamp");
    let stamp = format!("{:016x} {} {recipe}\n", content_hash(bytes), bytes.len());
    if output.is_file() && std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(&stamp) {
        return Ok(Optimised::UpToDate);
    }
    // Write beside the output, then rename: a half-written module is never left in place.
    let partial = output.with_extension("wasm.partial");
    if have_wasm_opt {
        let status = Command::new("wasm-opt")
            .args(WASM_OPT_FEATURES)
            .arg(WASM_OPT_LEVEL)
            .arg(input)
            .arg("-o")
            .arg(&partial)
            .status()
            .map_err(|e| format!("cannot run wasm-opt: {e}"))?;
        if !status.success() {
            return Err(format!("wasm-opt failed on {} ({status})", input.display()));
        }
    } else {
        std::fs::write(&partial, bytes)
            .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    }
    std::fs::rename(&partial, output)
        .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    std::fs::write(&stamp_path, stamp)
        .map_err(|e| format!("cannot write {}: {e}", stamp_path.display()))?;
    Ok(if have_wasm_opt {
        Optimised::Ran
    } else {
        Optimised::NotInstalled
    })
}

/// A fingerprint of the input: only compared with the previous build's, so SipHash with its
/// fixed keys is enough (no attacker chooses our build outputs).
fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn check_imports(wasm: &[u8]) -> Result<()> {
    let imports = wasm_imports::imports(wasm)?;
    let foreign: Vec<String> = imports
        .iter()
        .filter(|i| i.module != ALLOWED_IMPORT_MODULE)
        .map(|i| format!("{}.{} ({})", i.module, i.name, i.kind))
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the wasm imports from outside {ALLOWED_IMPORT_MODULE}, which no WASI host provides \
         (usually an undefined C symbol):\n    {}",
        foreign.join("\n    ")
    ))
}
