//! Running wrk and reading its report.

use super::procs::{run_bounded, Finished};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// What one wrk run measured.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WrkReport {
    pub requests_per_sec: f64,
    pub requests: u64,
    /// Latency percentiles, in milliseconds.
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Connect, read, write and timeout errors, summed.
    pub socket_errors: u64,
    pub non_2xx: u64,
}

impl WrkReport {
    pub fn errors_text(&self) -> String {
        format!("{}/{}", self.socket_errors, self.non_2xx)
    }
}

/// One wrk run against `url`; `lua` sets the method and body. Bounded by `seconds` plus a margin.
pub fn run(
    url: &str,
    connections: u32,
    seconds: u32,
    lua: Option<&Path>,
) -> Result<WrkReport, String> {
    let threads = connections.clamp(1, 2);
    let mut command = Command::new("wrk");
    command
        .arg(format!("-t{threads}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .args(["--timeout", "5s", "--latency"]);
    if let Some(script) = lua {
        command.arg("-s").arg(script);
    }
    command.arg(url);
    let limit = Duration::from_secs(u64::from(seconds) + 15);
    match run_bounded(&mut command, limit)? {
        Finished::Exited(status, log) if status.success() => parse(&log.stdout_lines().join("\n"))
            .ok_or_else(|| {
                format!(
                    "cannot read wrk's report: {}",
                    log.tail().last().cloned().unwrap_or_default()
                )
            }),
        Finished::Exited(status, log) => Err(format!(
            "wrk failed ({status}): {}",
            log.tail().last().cloned().unwrap_or_default()
        )),
        Finished::TimedOut(_) => Err(format!("wrk did not finish within {limit:?}")),
    }
}

/// Reads wrk's text report (with `--latency`).
pub fn parse(text: &str) -> Option<WrkReport> {
    let mut report = WrkReport::default();
    let mut saw_rate = false;
    let mut in_distribution = false;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Latency", "Distribution", ..] => in_distribution = true,
            [pct, value] if in_distribution && pct.ends_with('%') => match *pct {
                "50%" => report.p50_ms = duration_ms(value)?,
                "99%" => report.p99_ms = duration_ms(value)?,
                _ => {}
            },
            ["Requests/sec:", value] => {
                report.requests_per_sec = value.parse().ok()?;
                saw_rate = true;
            }
            [count, "requests", "in", ..] => {
                in_distribution = false;
                report.requests = count.parse().ok()?;
            }
            ["Socket", "errors:", rest @ ..] => {
                // connect 0, read 0, write 0, timeout 0
                report.socket_errors = rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum();
            }
            ["Non-2xx", "or", "3xx", "responses:", n] => report.non_2xx = n.parse().ok()?,
            _ => {}
        }
    }
    saw_rate.then_some(report)
}

/// `41.00us`, `1.23ms`, `2.00s`, `1.00m` in milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let scale = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        _ => return None,
    };
    Some(value * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
Running 2s test @ http://127.0.0.1:8080/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.00ms  20.00ms   90.00%
    Req/Sec    15.00k     1.00k   17.00k    70.00%
  Latency Distribution
     50%  812.00us
     75%    2.00ms
     90%    3.00ms
     99%    1.20s
  30000 requests in 2.00s, 3.00MB read
  Socket errors: connect 1, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  15000.50
Transfer/sec:      1.50MB
";

    #[test]
    fn reads_every_figure() {
        let r = parse(SAMPLE).unwrap();
        assert_eq!(r.requests, 30000);
        assert!((r.requests_per_sec - 15000.5).abs() < 1e-9);
        assert!((r.p50_ms - 0.812).abs() < 1e-9);
        assert!((r.p99_ms - 1200.0).abs() < 1e-9);
        assert_eq!(r.socket_errors, 6);
        assert_eq!(r.non_2xx, 7);
        assert_eq!(r.errors_text(), "6/7");
    }

    #[test]
    fn clean_run_has_no_errors_and_no_report_is_none() {
        let clean = SAMPLE
            .lines()
            .filter(|l| !l.contains("errors") && !l.contains("Non-2xx"))
            .collect::<Vec<_>>()
            .join("\n");
        let r = parse(&clean).unwrap();
        assert_eq!((r.socket_errors, r.non_2xx), (0, 0));
        assert_eq!(
            parse("unable to connect to 127.0.0.1:1 Connection refused"),
            None
        );
    }
}
