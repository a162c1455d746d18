//! The benchmark's own TCP clients: echo throughput, and many idle keep-alive connections.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const CHUNK: usize = 64 * 1024;

/// Sends `total` bytes to an echo server on one connection while reading them back; MiB/s of
/// the round trip (bytes echoed / wall time). Every byte read is checked.
pub fn echo_throughput(port: u16, total: usize, limit: Duration) -> Result<f64, String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).ok();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| format!("set_read_timeout: {e}"))?;
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| format!("set_write_timeout: {e}"))?;
    let mut writer = stream.try_clone().map_err(|e| format!("clone: {e}"))?;
    let pattern: Vec<u8> = (0..CHUNK).map(|i| (i * 7 + 3) as u8).collect();
    let started = Instant::now();
    let sending = std::thread::spawn(move || -> Result<(), String> {
        let mut sent = 0;
        while sent < total {
            let n = CHUNK.min(total - sent);
            writer
                .write_all(&pattern[..n])
                .map_err(|e| format!("write after {sent} bytes: {e}"))?;
            sent += n;
        }
        writer.shutdown(Shutdown::Write).ok();
        Ok(())
    });
    let mut reader = stream;
    let mut buf = vec![0u8; CHUNK];
    let mut received = 0usize;
    let deadline = started + limit;
    while received < total {
        if Instant::now() > deadline {
            return Err(format!(
                "only {received} of {total} bytes back within {limit:?}"
            ));
        }
        let n = reader
            .read(&mut buf)
            .map_err(|e| format!("read after {received} bytes: {e}"))?;
        if n == 0 {
            return Err(format!(
                "connection closed after {received} of {total} bytes"
            ));
        }
        for (i, byte) in buf[..n].iter().enumerate() {
            let at = (received + i) % CHUNK;
            if *byte != (at * 7 + 3) as u8 {
                return Err(format!("byte {} came back wrong", received + i));
            }
        }
        received += n;
    }
    let elapsed = started.elapsed();
    sending
        .join()
        .map_err(|_| "the sending thread panicked".to_string())??;
    Ok(total as f64 / (1024.0 * 1024.0) / elapsed.as_secs_f64())
}

/// Connections held open by [`open_idle`]; closed when dropped.
pub struct Idle {
    pub streams: Vec<TcpStream>,
    /// Why fewer than asked were opened, if so.
    pub shortfall: Option<String>,
}

/// What each idle connection sends once, and the answer it waits for.
#[derive(Clone, Copy)]
pub enum Probe {
    /// An HTTP request; waits for one response with a Content-Length body.
    Http(&'static [u8]),
    /// Bytes an echo server sends back.
    Echo(&'static [u8]),
}

/// Opens up to `count` connections to 127.0.0.1:`port`, in batches; on each sends the probe
/// and reads its answer, so the server holds a kept-alive connection that has served a
/// request. Stops early at `deadline` or at the first failure.
pub fn open_idle(port: u16, count: usize, probe: Probe, deadline: Instant) -> Idle {
    let (Probe::Http(request) | Probe::Echo(request)) = probe;
    const BATCH: usize = 100;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut streams: Vec<TcpStream> = Vec::with_capacity(count);
    let mut shortfall = None;
    'batches: while streams.len() < count {
        let first = streams.len();
        for _ in first..count.min(first + BATCH) {
            if Instant::now() > deadline {
                shortfall = Some("time limit".into());
                break 'batches;
            }
            match TcpStream::connect_timeout(&addr, Duration::from_secs(5)) {
                Ok(stream) => {
                    if let Err(e) = (&stream).write_all(request) {
                        shortfall = Some(format!("write: {e}"));
                        break 'batches;
                    }
                    streams.push(stream);
                }
                Err(e) => {
                    shortfall = Some(format!("connect: {e}"));
                    break 'batches;
                }
            }
        }
        for (i, stream) in streams[first..].iter().enumerate() {
            let answer = match probe {
                Probe::Http(_) => read_response(stream, deadline),
                Probe::Echo(sent) => read_echo(stream, sent.len(), deadline),
            };
            if let Err(e) = answer {
                shortfall = Some(format!("response on connection {}: {e}", first + i));
                streams.truncate(first + i);
                break 'batches;
            }
        }
    }
    Idle { streams, shortfall }
}

/// Reads `len` echoed bytes.
fn read_echo(mut stream: &TcpStream, len: usize, deadline: Instant) -> Result<(), String> {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(10));
    stream.set_read_timeout(Some(left)).ok();
    let mut buf = vec![0u8; len];
    stream.read_exact(&mut buf).map_err(|e| e.to_string())
}

/// Reads one HTTP response with a Content-Length body.
fn read_response(mut stream: &TcpStream, deadline: Instant) -> Result<(), String> {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(10));
    stream.set_read_timeout(Some(left)).ok();
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            if !head.starts_with("http/1.1 2") {
                return Err(head.lines().next().unwrap_or_default().to_string());
            }
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .ok_or("no Content-Length")?;
            if data.len() >= end + 4 + length {
                return Ok(());
            }
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("closed".into());
        }
        data.extend_from_slice(&buf[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Raises the soft open-files limit to the hard one (children inherit it); returns the new soft limit.
pub fn raise_nofile_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return raised.rlim_max;
            }
        }
    }
    limit.rlim_cur
}
