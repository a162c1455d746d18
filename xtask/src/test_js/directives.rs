//! The directives in a JS test file's leading comments: how the runner must run the file.
//!
//! ```text
//! // @peer NAME: <shell command>   start a server on $PORT first; the guest gets PEER_NAME_PORT
//! // @driver: <shell command>      run after the guest prints `READY <port>`, with PORT=<port>
//! // @timeout: 120                 seconds for the whole file (default 60)
//! // @requires: node curl          commands that must be on PATH, else the file is skipped
//! // @env: KEY=VALUE               passed to the guest with --env
//! // @args: a b c                  arguments after the script name
//! // @stdin: js-tests/fixtures/f    the guest's standard input, a file (default: none)
//! // @expect-stdout: text          a stdout line equal to text (in order with the others)
//! // @expect-stderr: text          some stderr line contains text
//! // @expect-exit: 1                the guest's exit status for a pass (default 0)
//! ```
//!
//! Directives are read from the comment lines at the top of the file; the first line that is
//! neither a `//` comment nor blank ends them.

use std::time::Duration;

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// Upper-cased: the guest sees `PEER_<NAME>_PORT`.
    pub name: String,
    pub command: String,
}

impl Peer {
    pub fn port_variable(&self) -> String {
        format!("PEER_{}_PORT", self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directives {
    pub peers: Vec<Peer>,
    pub driver: Option<String>,
    pub timeout: Duration,
    pub requires: Vec<String>,
    pub env: Vec<(String, String)>,
    pub args: Vec<String>,
    /// A file (relative to the workspace root) given to the guest as standard input.
    pub stdin: Option<String>,
    pub expect_stdout: Vec<String>,
    pub expect_stderr: Vec<String>,
    pub expect_exit: i32,
}

impl Default for Directives {
    fn default() -> Self {
        Directives {
            peers: Vec::new(),
            driver: None,
            timeout: DEFAULT_TIMEOUT,
            requires: Vec::new(),
            env: Vec::new(),
            args: Vec::new(),
            stdin: None,
            expect_stdout: Vec::new(),
            expect_stderr: Vec::new(),
            expect_exit: 0,
        }
    }
}

/// Parses the directives of `source`; an unknown or malformed directive is an error naming its line.
pub fn parse(source: &str) -> Result<Directives, String> {
    let mut d = Directives::default();
    let mut timeout_seen = false;
    for (index, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix("//") else {
            break;
        };
        let Some(directive) = comment.trim_start().strip_prefix('@') else {
            continue;
        };
        let at = |msg: String| format!("line {}: {msg}", index + 1);
        let Some((head, value)) = directive.split_once(':') else {
            return Err(at(format!("`@{directive}` has no `:`")));
        };
        let value = value.trim();
        let (name, argument) = match head.trim().split_once(char::is_whitespace) {
            Some((n, a)) => (n, Some(a.trim())),
            None => (head.trim(), None),
        };
        if name != "peer" && argument.is_some() {
            return Err(at(format!("`@{name}` takes no argument before `:`")));
        }
        let non_empty = |what: &str| {
            if value.is_empty() {
                Err(at(format!("`@{name}` needs {what}")))
            } else {
                Ok(value.to_string())
            }
        };
        match name {
            "peer" => {
                let peer_name = argument.unwrap_or("");
                if peer_name.is_empty()
                    || !peer_name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    return Err(at(format!(
                        "`@peer NAME:` needs a NAME of letters, digits and _, got `{peer_name}`"
                    )));
                }
                let peer = Peer {
                    name: peer_name.to_ascii_uppercase(),
                    command: non_empty("a command")?,
                };
                if d.peers.iter().any(|p| p.name == peer.name) {
                    return Err(at(format!("two peers named {}", peer.name)));
                }
                d.peers.push(peer);
            }
            "driver" => {
                if d.driver.is_some() {
                    return Err(at("more than one @driver".into()));
                }
                d.driver = Some(non_empty("a command")?);
            }
            "timeout" => {
                if timeout_seen {
                    return Err(at("more than one @timeout".into()));
                }
                timeout_seen = true;
                let secs: f64 = value
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                    .ok_or_else(|| {
                        at(format!(
                            "@timeout needs seconds (0 < s <= 3600), got `{value}`"
                        ))
                    })?;
                d.timeout = Duration::from_secs_f64(secs);
            }
            "requires" => {
                let words: Vec<String> = value
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect();
                if words.is_empty() {
                    return Err(at("@requires needs command names".into()));
                }
                d.requires.extend(words);
            }
            "env" => {
                let Some((key, val)) = value.split_once('=') else {
                    return Err(at(format!("@env needs KEY=VALUE, got `{value}`")));
                };
                if key.is_empty() || key.contains(char::is_whitespace) {
                    return Err(at(format!("@env: bad variable name `{key}`")));
                }
                d.env.push((key.to_string(), val.to_string()));
            }
            "args" => d.args.extend(value.split_whitespace().map(String::from)),
            "stdin" => {
                if value.is_empty() {
                    return Err(at("@stdin needs a file path".to_string()));
                }
                d.stdin = Some(value.to_string());
            }
            "expect-stdout" => d.expect_stdout.push(value.to_string()),
            "expect-stderr" => d.expect_stderr.push(value.to_string()),
            "expect-exit" => {
                d.expect_exit = value
                    .parse()
                    .ok()
                    .filter(|c| (0..=255).contains(c))
                    .ok_or_else(|| at(format!("@expect-exit needs 0..=255, got `{value}`")))?;
            }
            other => return Err(at(format!("unknown directive `@{other}`"))),
        }
    }
    Ok(d)
}

/// Checks that `expected` lines appear in `stdout` in order (other lines may come between).
/// Returns the first expected line that was not found.
pub fn missing_stdout<'a>(expected: &'a [String], stdout: &[String]) -> Option<&'a str> {
    let mut lines = stdout.iter();
    expected
        .iter()
        .find(|want| !lines.any(|got| got == *want))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_directive() {
        let src = "\
// A test of things.
//
// @peer web: python3 -m http.server $PORT
// @peer Echo_2: node echo.js
// @driver: curl -s http://127.0.0.1:$PORT/
// @timeout: 2.5
// @requires: node, curl python3
// @env: GREETING=hi=there
// @args: one two
// @expect-stdout: hello world
// @expect-exit: 3

import x from './x.js';
// @timeout: 999 (not a directive: after the code started)
";
        let d = parse(src).unwrap();
        assert_eq!(
            d.peers,
            [
                Peer {
                    name: "WEB".into(),
                    command: "python3 -m http.server $PORT".into()
                },
                Peer {
                    name: "ECHO_2".into(),
                    command: "node echo.js".into()
                }
            ]
        );
        assert_eq!(d.peers[1].port_variable(), "PEER_ECHO_2_PORT");
        assert_eq!(d.driver.as_deref(), Some("curl -s http://127.0.0.1:$PORT/"));
        assert_eq!(d.timeout, Duration::from_millis(2500));
        assert_eq!(d.requires, ["node", "curl", "python3"]);
        assert_eq!(d.env, [("GREETING".to_string(), "hi=there".to_string())]);
        assert_eq!(d.args, ["one", "two"]);
        assert_eq!(d.expect_stdout, ["hello world"]);
        assert_eq!(d.expect_exit, 3);
    }

    #[test]
    fn no_directives_means_defaults() {
        assert_eq!(parse("print('x')\n").unwrap(), Directives::default());
        assert_eq!(parse("").unwrap(), Directives::default());
    }

    #[test]
    fn bad_directives_are_errors_with_a_line_number() {
        for (src, needle) in [
            ("// @bogus: x", "unknown directive"),
            ("// @timeout: soon", "@timeout needs seconds"),
            ("// @timeout: -1", "@timeout needs seconds"),
            ("// @timeout: 1\n// @timeout: 2", "more than one @timeout"),
            ("// @peer: cmd", "needs a NAME"),
            ("// @peer a-b: cmd", "needs a NAME"),
            ("// @peer a: ", "needs a command"),
            ("// @peer a: x\n// @peer A: y", "two peers named A"),
            ("// @driver: a\n// @driver: b", "more than one @driver"),
            ("// @driver x: a", "takes no argument"),
            ("// @env: NOVALUE", "KEY=VALUE"),
            ("// @requires:", "needs command names"),
            ("// @timeout 5", "has no `:`"),
            ("// @expect-exit: 256", "@expect-exit needs"),
        ] {
            let err = parse(src).unwrap_err();
            assert!(err.contains(needle), "{src:?} gave {err:?}");
            assert!(err.starts_with("line "), "{err:?}");
        }
    }

    #[test]
    fn expected_stdout_in_order() {
        let out: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let want = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(missing_stdout(&want(&["a", "c"]), &out), None);
        assert_eq!(missing_stdout(&want(&[]), &out), None);
        assert_eq!(missing_stdout(&want(&["c", "a"]), &out), Some("a"));
        assert_eq!(missing_stdout(&want(&["b", "d"]), &out), Some("d"));
    }
}
