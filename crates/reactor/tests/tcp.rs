//! TCP tests over real sockets on 127.0.0.1 and ::1: many concurrent echo clients, errors
//! (refused, reset), a large transfer with partial writes, and single-send round trips.

mod common;

use futures_lite::{AsyncReadExt, AsyncWriteExt};
use reactor::{spawn, TcpListener, TcpStream};
use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

/// A byte pattern that differs per stream and per position, so misplaced bytes are caught.
fn pattern(seed: usize, i: usize) -> u8 {
    (i.wrapping_mul(31).wrapping_add(seed.wrapping_mul(7919)) % 251) as u8
}

/// Accepts connections forever, echoing each one in its own task.
fn spawn_echo_server(listener: TcpListener) {
    spawn(async move {
        loop {
            let (conn, _) = listener.accept().await.expect("accept");
            spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                loop {
                    let n = match (&conn).read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if (&conn).write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            })
            .detach();
        }
    })
    .detach();
}

#[test]
fn two_hundred_concurrent_echo_clients() {
    const CLIENTS: usize = 200;
    const BYTES: usize = 64 * 1024;
    let start = Instant::now();
    common::run_bounded(Duration::from_secs(60), async {
        let listener = TcpListener::bind(loopback()).unwrap();
        let addr = listener.local_addr().unwrap();
        assert_ne!(addr.port(), 0, "local_addr reports the real port");
        spawn_echo_server(listener);
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                spawn(async move {
                    let conn = TcpStream::connect(addr).await?;
                    assert_eq!(conn.peer_addr()?, addr);
                    // Write and read concurrently: the echo would stall if we only wrote.
                    let writer = conn.clone();
                    let send = spawn(async move {
                        let data: Vec<u8> = (0..BYTES).map(|i| pattern(c, i)).collect();
                        for chunk in data.chunks(7 * 1024 + c) {
                            (&writer).write_all(chunk).await?;
                        }
                        writer.shutdown(Shutdown::Write)
                    });
                    let mut got = Vec::with_capacity(BYTES);
                    (&conn).read_to_end(&mut got).await?;
                    send.await?;
                    assert_eq!(got.len(), BYTES, "client {c} got every byte back");
                    for (i, &b) in got.iter().enumerate() {
                        assert_eq!(b, pattern(c, i), "client {c} byte {i}");
                    }
                    io::Result::Ok(())
                })
            })
            .collect();
        for (c, task) in clients.into_iter().enumerate() {
            task.await.unwrap_or_else(|e| panic!("client {c}: {e}"));
        }
    });
    let elapsed = start.elapsed();
    let total = (CLIENTS * BYTES * 2) as f64;
    println!(
        "echo: {CLIENTS} clients x {} KiB each way in {:.1} ms ({:.1} MiB/s through the echo server)",
        BYTES / 1024,
        elapsed.as_secs_f64() * 1e3,
        total / elapsed.as_secs_f64() / (1024.0 * 1024.0)
    );
}

#[test]
fn connection_refused_has_its_kind() {
    // Bind then drop a listener to find a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let err = common::run_bounded(Duration::from_secs(5), TcpStream::connect(addr)).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused, "{err}");
}

fn set_linger_zero(stream: &std::net::TcpStream) {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid descriptor and a live linger struct of the size passed.
    let rc = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "SO_LINGER: {}", io::Error::last_os_error());
}

#[test]
fn peer_reset_while_writing_is_an_error() {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = std_listener.local_addr().unwrap();
    let peer = std::thread::spawn(move || {
        let (mut s, _) = std_listener.accept().unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let mut seen = 0;
        while seen < 256 * 1024 {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen += n,
            }
        }
        set_linger_zero(&s);
        drop(s); // RST
    });
    let result = common::run_bounded(Duration::from_secs(10), async move {
        let mut conn = TcpStream::connect(addr).await?;
        let chunk = vec![0x5au8; 64 * 1024];
        // Far more than the socket buffers hold: the reset must surface as an error.
        for _ in 0..(1024 * 4) {
            conn.write_all(&chunk).await?;
        }
        io::Result::Ok(())
    });
    peer.join().unwrap();
    let err = result.expect_err("writing to a reset peer fails");
    assert!(
        matches!(
            err.kind(),
            io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe
        ),
        "unexpected error {err:?}"
    );
}

#[test]
fn peer_reset_while_reading_is_an_error() {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = std_listener.local_addr().unwrap();
    let peer = std::thread::spawn(move || {
        let (mut s, _) = std_listener.accept().unwrap();
        s.write_all(b"partial").unwrap();
        let mut one = [0u8; 1];
        // Wait for the client's go-ahead so it is mid-read when the reset comes.
        let _ = s.read(&mut one);
        set_linger_zero(&s);
    });
    let result = common::run_bounded(Duration::from_secs(10), async move {
        let mut conn = TcpStream::connect(addr).await?;
        let mut first = [0u8; 7];
        conn.read_exact(&mut first).await?;
        assert_eq!(&first, b"partial");
        conn.write_all(b"!").await?;
        let mut rest = Vec::new();
        conn.read_to_end(&mut rest).await.map(|_| rest)
    });
    peer.join().unwrap();
    let err = result.expect_err("reading from a reset peer fails");
    assert_eq!(err.kind(), io::ErrorKind::ConnectionReset, "{err:?}");
}

#[test]
fn sixty_four_mib_with_partial_writes() {
    const TOTAL: usize = 64 * 1024 * 1024;
    let start = Instant::now();
    let (partial_writes, received) = common::run_bounded(Duration::from_secs(60), async {
        let listener = TcpListener::bind(loopback()).unwrap();
        let addr = listener.local_addr().unwrap();
        let receiver = spawn(async move {
            let (mut conn, _) = listener.accept().await?;
            let mut buf = vec![0u8; 256 * 1024];
            let mut at = 0usize;
            loop {
                let n = conn.read(&mut buf).await?;
                if n == 0 {
                    break;
                }
                for (k, &b) in buf[..n].iter().enumerate() {
                    if b != pattern(1, at + k) {
                        return Err(io::Error::other(format!("byte {} is wrong", at + k)));
                    }
                }
                at += n;
            }
            io::Result::Ok(at)
        });
        let mut conn = TcpStream::connect(addr).await.unwrap();
        let data: Vec<u8> = (0..TOTAL).map(|i| pattern(1, i)).collect();
        let mut sent = 0;
        let mut partial = 0;
        while sent < TOTAL {
            // Offer everything that is left: the socket takes what fits.
            let n = conn.write(&data[sent..]).await.unwrap();
            assert!(n > 0);
            if n < TOTAL - sent {
                partial += 1;
            }
            sent += n;
        }
        conn.close();
        (partial, receiver.await.unwrap())
    });
    assert_eq!(received, TOTAL);
    assert!(
        partial_writes > 0,
        "a 64 MiB write cannot fit the socket buffer at once"
    );
    println!(
        "64 MiB transfer: {:.1} ms, {partial_writes} partial writes",
        start.elapsed().as_secs_f64() * 1e3
    );
}

/// Request/response round trips on one connection with Nagle's algorithm ON: the response
/// head and body leave in one vectored send, so no exchange waits for a delayed ACK.
#[test]
fn thousand_round_trips_with_vectored_responses() {
    const ROUNDS: usize = 1000;
    let (vectored, split) = common::run_bounded(Duration::from_secs(30), async {
        let listener = TcpListener::bind(loopback()).unwrap();
        let addr = listener.local_addr().unwrap();
        spawn(async move {
            loop {
                let Ok((conn, _)) = listener.accept().await else {
                    break;
                };
                conn.set_nodelay(false).unwrap();
                spawn(serve_requests(conn)).detach();
            }
        })
        .detach();

        let mut timings = Vec::new();
        for (mode, rounds) in [(b'V', ROUNDS), (b'S', 10)] {
            let mut conn = TcpStream::connect(addr).await.unwrap();
            conn.set_nodelay(false).unwrap();
            let start = Instant::now();
            for r in 0..rounds {
                let request = [mode, b'?', (r % 251) as u8, b'\n'];
                conn.write_all(&request).await.unwrap();
                let mut response = [0u8; HEAD.len() + BODY.len()];
                conn.read_exact(&mut response).await.unwrap();
                assert_eq!(&response[..HEAD.len()], HEAD);
                assert_eq!(&response[HEAD.len()..], BODY);
            }
            timings.push(start.elapsed() / rounds as u32);
            conn.close();
        }
        (timings[0], timings[1])
    });
    println!(
        "round trips (Nagle on): one vectored send {:.1} us each ({ROUNDS} in {:.1} ms); \
         head and body as two sends {:.1} us each",
        vectored.as_secs_f64() * 1e6,
        (vectored * ROUNDS as u32).as_secs_f64() * 1e3,
        split.as_secs_f64() * 1e6
    );
    assert!(
        vectored * ROUNDS as u32 <= Duration::from_millis(500),
        "{ROUNDS} round trips took {:?}",
        vectored * ROUNDS as u32
    );
}

const HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n";
const BODY: &[u8] = b"hello world\n";

/// Answers 4-byte requests; the first byte picks one vectored send ('V') or two sends ('S').
async fn serve_requests(conn: TcpStream) {
    let mut request = [0u8; 4];
    while (&conn).read_exact(&mut request).await.is_ok() {
        if request[0] == b'V' {
            let bufs = [IoSlice::new(HEAD), IoSlice::new(BODY)];
            let n = (&conn).write_vectored(&bufs).await.unwrap();
            // Loopback always has room for 50 bytes; a short send would defeat the test.
            assert_eq!(
                n,
                HEAD.len() + BODY.len(),
                "one send carried the whole response"
            );
        } else {
            (&conn).write_all(HEAD).await.unwrap();
            (&conn).write_all(BODY).await.unwrap();
        }
    }
}

#[test]
fn ipv6_loopback() {
    let addr: SocketAddr = "[::1]:0".parse().unwrap();
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => {
            println!("skipped: cannot bind [::1]: {e}");
            return;
        }
    };
    common::run_bounded(Duration::from_secs(10), async move {
        let addr = listener.local_addr().unwrap();
        assert!(
            addr.is_ipv6() && addr.ip().is_loopback() && addr.port() != 0,
            "{addr}"
        );
        spawn_echo_server(listener);
        let mut conn = TcpStream::connect(addr).await.unwrap();
        assert_eq!(conn.peer_addr().unwrap(), addr);
        assert!(conn.local_addr().unwrap().ip().is_loopback());
        conn.write_all(b"over ipv6").await.unwrap();
        let mut back = [0u8; 9];
        conn.read_exact(&mut back).await.unwrap();
        assert_eq!(&back, b"over ipv6");
    });
}

#[test]
fn accept_reports_the_peer_and_close_is_shared_by_clones() {
    common::run_bounded(Duration::from_secs(10), async {
        let listener = TcpListener::bind(loopback()).unwrap();
        let addr = listener.local_addr().unwrap();
        let accepting = spawn(async move { listener.accept().await });
        let conn = TcpStream::connect(addr).await.unwrap();
        let (server_side, peer) = accepting.await.unwrap();
        assert_eq!(peer, conn.local_addr().unwrap());
        assert_eq!(server_side.peer_addr().unwrap(), peer);

        let clone = conn.clone();
        conn.close();
        let err = clone.try_write(b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotConnected);
        let mut buf = [0u8; 8];
        // The server sees end of stream once the shared socket is closed.
        assert_eq!((&server_side).read(&mut buf).await.unwrap(), 0);
    });
}

#[test]
fn a_pending_read_fails_cleanly_when_another_clone_closes() {
    common::run_bounded(Duration::from_secs(10), async {
        let listener = TcpListener::bind(loopback()).unwrap();
        let addr = listener.local_addr().unwrap();
        let _keep = spawn(async move { listener.accept().await });
        let conn = TcpStream::connect(addr).await.unwrap();
        let reader = conn.clone();
        let read = spawn(async move {
            let mut buf = [0u8; 8];
            (&reader).read(&mut buf).await
        });
        reactor::sleep(Duration::from_millis(10)).await;
        conn.close();
        let err = read.await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotConnected);
    });
}

#[test]
fn try_read_and_readiness() {
    common::run_bounded(Duration::from_secs(10), async {
        let listener = TcpListener::bind(loopback()).unwrap();
        let addr = listener.local_addr().unwrap();
        let accepting = spawn(async move { listener.accept().await });
        let conn = TcpStream::connect(addr).await.unwrap();
        let (server_side, _) = accepting.await.unwrap();
        let mut buf = [0u8; 16];
        assert_eq!(
            conn.try_read(&mut buf).unwrap_err().kind(),
            io::ErrorKind::WouldBlock
        );
        conn.writable().await.unwrap();
        assert_eq!(server_side.try_write(b"ready").unwrap(), 5);
        let n = loop {
            conn.readable().await.unwrap();
            match conn.try_read(&mut buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                other => break other.unwrap(),
            }
        };
        assert_eq!(&buf[..n], b"ready");
    });
}

#[test]
fn binding_a_used_port_is_a_clear_error() {
    let first = TcpListener::bind(loopback()).unwrap();
    let err = TcpListener::bind(first.local_addr().unwrap()).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AddrInUse, "{err}");
    assert!(err.to_string().contains("bind 127.0.0.1:"), "{err}");
}
