//! Thin launcher (work in progress).

/// Entry point of the wasm binary; returns the process exit code.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: wasmedge_quickjs.wasm script.js [args...]");
        return 2;
    };
    match std::fs::read_to_string(path) {
        Ok(src) => engine::run_module(path, &src),
        Err(e) => {
            eprintln!("cannot open {path}: {e}");
            2
        }
    }
}
