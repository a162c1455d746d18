//! The launcher: reads the command line and the entry script, runs the script in the engine to
//! completion, and gives back the process exit code.
//!
//! `wasmedge --dir .:. wasmedge_quickjs.wasm app.js a b` runs `app.js` (read through the WASI
//! preopen, relative to the current directory) with `process.argv` =
//! `["wasmedge_quickjs.wasm", "app.js", "a", "b"]`.

/// Exit code when no script is given or it cannot be read (EX_NOINPUT from sysexits).
const EXIT_NO_INPUT: i32 = 66;
/// Exit code when the command line is wrong (EX_USAGE from sysexits).
const EXIT_USAGE: i32 = 64;

/// Runs the program named by `std::env::args()`; returns the process exit code.
pub fn main() -> i32 {
    let argv: Vec<String> = std::env::args().collect();
    let env: Vec<(String, String)> = std::env::vars().collect();
    run(argv, env)
}

/// Runs the program named by `argv[1]` with `argv` and `env` as the process sees them.
pub fn run(argv: Vec<String>, env: Vec<(String, String)>) -> i32 {
    let Some(path) = argv.get(1).cloned() else {
        let me = argv
            .first()
            .map(String::as_str)
            .unwrap_or("wasmedge_quickjs.wasm");
        eprintln!("usage: wasmedge --dir .:. {me} <script.js> [args...]");
        return EXIT_USAGE;
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open script {path}: {}", describe(&e));
            return EXIT_NO_INPUT;
        }
    };
    let options = engine::Options {
        argv,
        env,
        allow_process_exit: true,
    };
    engine::run_main(&module_name(&path), &source, options)
}

/// The entry module's name: its path without a leading `./`, so that relative imports resolve
/// against its directory.
fn module_name(path: &str) -> String {
    path.strip_prefix("./").unwrap_or(path).to_string()
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            "no such file (is its directory mapped with --dir .:. ?)".to_string()
        }
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_modules_relative() {
        assert_eq!(module_name("./app.js"), "app.js");
        assert_eq!(module_name("dir/app.js"), "dir/app.js");
    }

    #[test]
    fn missing_script_is_an_error() {
        let code = run(
            vec!["q.wasm".into(), "definitely/not/here.js".into()],
            Vec::new(),
        );
        assert_eq!(code, EXIT_NO_INPUT);
        assert_eq!(run(vec!["q.wasm".into()], Vec::new()), EXIT_USAGE);
    }
}
