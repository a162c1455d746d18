//! The command line, shaped like `wasmedge`'s: options, then the wasm file,
//! then the guest's arguments.

use std::path::PathBuf;

/// One `--dir` mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirMap {
    /// Path the guest sees.
    pub guest: String,
    /// Host directory.
    pub host: PathBuf,
    /// Whether the guest may only read.
    pub readonly: bool,
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// Preopened directories.
    pub dirs: Vec<DirMap>,
    /// Guest environment, `K=V` pairs split.
    pub env: Vec<(String, String)>,
    /// Whether to use the compiled-module cache.
    pub cache: bool,
    /// The wasm file.
    pub wasm: PathBuf,
    /// Guest arguments after the wasm file.
    pub args: Vec<String>,
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Run a module.
    Run(Options),
    /// Print usage.
    Help,
    /// Print the version.
    Version,
}

/// Usage text for `--help` and errors.
pub const USAGE: &str = "usage: edge-host [--dir GUEST:HOST[:readonly] | --dir HOST]... [--env K=V]... [--no-cache] app.wasm [args...]";

/// WasmEdge options that take a separate value; accepted and ignored.
const IGNORED_WITH_VALUE: &[&str] = &[
    "--time-limit",
    "--gas-limit",
    "--memory-page-limit",
    "--forbidden-plugin",
    "--log-level",
    "--run-mode",
    "--optimize",
    "--nn-preload",
];

fn parse_dir(spec: &str) -> Result<DirMap, String> {
    if spec.is_empty() {
        return Err("--dir needs a directory".into());
    }
    let parts: Vec<&str> = spec.split(':').collect();
    let (guest, host, readonly) = match parts.as_slice() {
        [host] => (*host, *host, false),
        [guest, host] => (*guest, *host, false),
        [guest, host, "readonly"] => (*guest, *host, true),
        _ => {
            return Err(format!(
                "bad --dir `{spec}`: expected GUEST:HOST[:readonly]"
            ))
        }
    };
    if guest.is_empty() || host.is_empty() {
        return Err(format!("bad --dir `{spec}`: empty path"));
    }
    Ok(DirMap {
        guest: guest.to_owned(),
        host: PathBuf::from(host),
        readonly,
    })
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut opts = Options {
        cache: true,
        ..Options::default()
    };
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if !arg.starts_with('-') || arg == "-" {
            opts.wasm = PathBuf::from(arg);
            opts.args = args[i + 1..].to_vec();
            return Ok(Command::Run(opts));
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name {
            "--dir" => opts.dirs.push(parse_dir(&value()?)?),
            "--env" => {
                let kv = value()?;
                let (k, v) = kv.split_once('=').unwrap_or((kv.as_str(), ""));
                if k.is_empty() {
                    return Err(format!("bad --env `{kv}`: expected K=V"));
                }
                opts.env.push((k.to_owned(), v.to_owned()));
            }
            "--no-cache" => opts.cache = false,
            "-h" | "--help" => return Ok(Command::Help),
            "-v" | "--version" => return Ok(Command::Version),
            n if IGNORED_WITH_VALUE.contains(&n) => {
                value()?;
            }
            // Feature switches (`--enable-*`, `--disable-*`, `--reactor`, ...)
            // change nothing here.
            n if n.starts_with("--") => {}
            _ => return Err(format!("unknown option `{arg}`\n{USAGE}")),
        }
        i += 1;
    }
    Err(format!("no wasm file given\n{USAGE}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn wasmedge_style() {
        let Command::Run(o) = parse(&v(&[
            "--dir",
            ".:.",
            "--dir=/data",
            "--dir",
            "/g:/h:readonly",
            "--env",
            "A=1=2",
            "--enable-all",
            "--log-level=error",
            "--time-limit",
            "5",
            "app.wasm",
            "--dir",
            "x",
        ]))
        .unwrap() else {
            panic!("expected run")
        };
        assert_eq!(o.dirs.len(), 3);
        assert_eq!(o.dirs[0].guest, ".");
        assert_eq!(o.dirs[1].guest, "/data");
        assert!(o.dirs[2].readonly);
        assert_eq!(o.env, vec![("A".into(), "1=2".into())]);
        assert_eq!(o.wasm, PathBuf::from("app.wasm"));
        assert_eq!(o.args, v(&["--dir", "x"]));
        assert!(o.cache);
    }

    #[test]
    fn errors_are_clear() {
        assert!(parse(&v(&[])).unwrap_err().contains("no wasm file"));
        assert!(parse(&v(&["--dir"])).unwrap_err().contains("needs a value"));
        assert!(parse(&v(&["--dir", "a:b:c:d", "x.wasm"])).is_err());
        assert!(parse(&v(&["--env", "=1", "x.wasm"])).is_err());
        assert!(parse(&v(&["-q", "x.wasm"])).is_err());
        assert_eq!(parse(&v(&["--help"])), Ok(Command::Help));
    }
}
