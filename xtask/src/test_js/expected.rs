//! `js-tests/expected-failures.txt`: tests known to fail, each with the reason why.
//!
//! One entry a line, `test-name.js: reason`; `#` starts a comment line. A line without a reason
//! is rejected, so the list cannot silently grow into a place where failures are hidden.

use std::collections::BTreeMap;

/// File name -> reason.
pub type ExpectedFailures = BTreeMap<String, String>;

pub fn parse(text: &str) -> Result<ExpectedFailures, String> {
    let mut out = ExpectedFailures::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |msg: String| format!("expected-failures.txt line {}: {msg}", index + 1);
        let Some((name, reason)) = line.split_once(':') else {
            return Err(at(format!("`{line}` has no `: reason`")));
        };
        let (name, reason) = (name.trim(), reason.trim());
        let test_file =
            name.starts_with("test-") && (name.ends_with(".js") || name.ends_with(".cjs"));
        if !test_file || name.contains('/') {
            return Err(at(format!(
                "`{name}` is not a test file name (test-*.js, test-*.cjs)"
            )));
        }
        if reason.is_empty() {
            return Err(at(format!(
                "`{name}` has no reason; say why it is expected to fail"
            )));
        }
        if out.insert(name.to_string(), reason.to_string()).is_some() {
            return Err(at(format!("`{name}` is listed twice")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_skips_comments() {
        let list = parse("# known\n\ntest-a.js: needs fetch: not yet\n  test-b.js :  slow host \n")
            .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list["test-a.js"], "needs fetch: not yet");
        assert_eq!(list["test-b.js"], "slow host");
    }

    #[test]
    fn rejects_entries_without_a_reason() {
        for (text, needle) in [
            ("test-a.js", "no `: reason`"),
            ("test-a.js:", "has no reason"),
            ("test-a.js:   ", "has no reason"),
            ("a.js: x", "not a test file name"),
            ("dir/test-a.js: x", "not a test file name"),
            ("test-a.js: x\ntest-a.js: y", "listed twice"),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.contains(needle), "{text:?} gave {err:?}");
        }
    }
}
