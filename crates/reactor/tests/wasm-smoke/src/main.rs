//! Reactor smoke test for WasmEdge: runs every check, prints one line per check, and exits
//! with 1 if any failed.

use futures_lite::{AsyncReadExt, AsyncWriteExt, StreamExt};
use reactor::{block_on, lookup, sleep, spawn, TcpListener, TcpStream, Timer};
use std::io::{self, IoSlice};
use std::net::{Shutdown, SocketAddr};
use std::time::{Duration, Instant};

type Check = io::Result<String>;
type CheckFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Check>>>;

fn fail(msg: impl Into<String>) -> io::Error {
    io::Error::other(msg.into())
}

fn pattern(seed: usize, i: usize) -> u8 {
    (i.wrapping_mul(31).wrapping_add(seed.wrapping_mul(7919)) % 251) as u8
}

fn spawn_echo_server(listener: TcpListener) {
    spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                while let Ok(n @ 1..) = (&conn).read(&mut buf).await {
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

async fn echo_clients(addr: SocketAddr, clients: usize, bytes: usize) -> Check {
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            spawn(async move {
                let conn = TcpStream::connect(addr).await?;
                if conn.peer_addr()? != addr {
                    return Err(fail(format!("peer_addr {} != {addr}", conn.peer_addr()?)));
                }
                let writer = conn.clone();
                let send = spawn(async move {
                    let data: Vec<u8> = (0..bytes).map(|i| pattern(c, i)).collect();
                    (&writer).write_all(&data).await?;
                    writer.shutdown(Shutdown::Write)
                });
                let mut got = Vec::new();
                (&conn).read_to_end(&mut got).await?;
                send.await?;
                if got.len() != bytes || got.iter().enumerate().any(|(i, &b)| b != pattern(c, i)) {
                    return Err(fail(format!(
                        "client {c}: echo mismatch ({} bytes)",
                        got.len()
                    )));
                }
                Ok(())
            })
        })
        .collect();
    for t in tasks {
        t.await?;
    }
    Ok(format!(
        "{clients} clients x {bytes} bytes in {:?}",
        start.elapsed()
    ))
}

async fn local_addr_is_real() -> Check {
    let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap())?;
    let addr = listener.local_addr()?;
    if addr.ip().to_string() != "127.0.0.1" || addr.port() == 0 {
        return Err(fail(format!("local_addr is {addr}")));
    }
    spawn_echo_server(listener);
    echo_clients(addr, 20, 32 * 1024)
        .await
        .map(|s| format!("{addr}; {s}"))
}

async fn timers() -> Check {
    let start = Instant::now();
    sleep(Duration::from_millis(50)).await;
    let slept = start.elapsed();
    if slept < Duration::from_millis(50) {
        return Err(fail(format!("sleep(50ms) returned after {slept:?}")));
    }
    let at = Instant::now() + Duration::from_millis(10);
    let order = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let tasks: Vec<_> = (0..4)
        .map(|i| (i, Timer::at(at)))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|(i, t)| {
            let order = order.clone();
            spawn(async move {
                t.await;
                order.borrow_mut().push(i);
            })
        })
        .collect();
    for t in tasks {
        t.await;
    }
    if *order.borrow() != [0, 1, 2, 3] {
        return Err(fail(format!(
            "equal deadlines fired as {:?}",
            order.borrow()
        )));
    }
    let ticks = Timer::interval(Duration::from_millis(5))
        .take(3)
        .count()
        .await;
    Ok(format!(
        "sleep(50ms) took {slept:?}; equal deadlines in order; {ticks} interval ticks"
    ))
}

async fn refused() -> Check {
    let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap())?;
    let addr = listener.local_addr()?;
    drop(listener);
    match TcpStream::connect(addr).await {
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => Ok(format!("{e}")),
        Err(e) => Err(fail(format!("wrong error kind {:?}: {e}", e.kind()))),
        Ok(_) => Err(fail("connected to a closed port")),
    }
}

async fn names() -> Check {
    let numeric = lookup("::1", 80).await?;
    let local = lookup("localhost", 80).await?;
    if local.is_empty()
        || local
            .iter()
            .any(|a| !a.ip().is_loopback() || a.port() != 80)
    {
        return Err(fail(format!("localhost -> {local:?}")));
    }
    Ok(format!("::1 -> {numeric:?}; localhost -> {local:?}"))
}

async fn ipv6() -> Check {
    let listener = match TcpListener::bind("[::1]:0".parse().unwrap()) {
        Ok(l) => l,
        Err(e) => return Ok(format!("skipped, cannot bind [::1]: {e}")),
    };
    let addr = listener.local_addr()?;
    if !addr.is_ipv6() || !addr.ip().is_loopback() {
        return Err(fail(format!("IPv6 local_addr is {addr}")));
    }
    spawn_echo_server(listener);
    echo_clients(addr, 2, 1024)
        .await
        .map(|s| format!("{addr}; {s}"))
}

async fn round_trips() -> Check {
    const HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n";
    const BODY: &[u8] = b"hello world\n";
    let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap())?;
    let addr = listener.local_addr()?;
    spawn(async move {
        if let Ok((conn, _)) = listener.accept().await {
            let mut req = [0u8; 4];
            while (&conn).read_exact(&mut req).await.is_ok() {
                let bufs = [IoSlice::new(HEAD), IoSlice::new(BODY)];
                if (&conn).write_vectored(&bufs).await.ok() != Some(HEAD.len() + BODY.len()) {
                    break;
                }
            }
        }
    })
    .detach();
    let mut conn = TcpStream::connect(addr).await?;
    let start = Instant::now();
    for _ in 0..1000 {
        conn.write_all(b"GET\n").await?;
        let mut resp = [0u8; 50];
        conn.read_exact(&mut resp).await?;
        if &resp[..HEAD.len()] != HEAD {
            return Err(fail("bad response"));
        }
    }
    let took = start.elapsed();
    if took > Duration::from_secs(1) {
        return Err(fail(format!("1000 round trips took {took:?}")));
    }
    Ok(format!("1000 round trips in {took:?}"))
}

fn main() {
    let failures = block_on(async {
        let mut failures = 0;
        let checks: [(&str, CheckFuture); 6] = [
            ("echo 127.0.0.1", Box::pin(local_addr_is_real())),
            ("timers", Box::pin(timers())),
            ("refused", Box::pin(refused())),
            ("lookup", Box::pin(names())),
            ("ipv6", Box::pin(ipv6())),
            ("round trips", Box::pin(round_trips())),
        ];
        for (name, check) in checks {
            let bounded = futures_lite::future::or(check, async {
                sleep(Duration::from_secs(20)).await;
                Err(fail("timed out after 20 s"))
            });
            match bounded.await {
                Ok(detail) => println!("ok   {name}: {detail}"),
                Err(e) => {
                    failures += 1;
                    println!("FAIL {name}: {e}");
                }
            }
        }
        failures
    });
    println!(
        "wasm-smoke: {}",
        if failures == 0 {
            "all checks passed"
        } else {
            "FAILED"
        }
    );
    std::process::exit(i32::from(failures != 0));
}
