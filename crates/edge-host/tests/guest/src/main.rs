//! Test guest for edge-host: each subcommand exercises one part of
//! WasmEdge's socket ABI and exits 0 on success, printing what failed
//! otherwise. Raw imports are used where the crate hides the detail under
//! test (errno values, poll events, SO_ERROR).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use wasmedge_wasi_socket::{TcpListener, TcpStream};

mod raw {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn poll_oneoff(subs: i32, events: i32, n: i32, nevents: i32) -> i32;
        pub fn sock_getsockopt(
            fd: u32,
            level: i32,
            name: i32,
            flag: *mut i32,
            len: *mut u32,
        ) -> u32;
    }
}

/// A subscription as poll_oneoff reads it (48 bytes).
#[repr(C, align(8))]
#[derive(Clone, Copy, Default)]
struct Sub {
    userdata: u64,
    tag: u8,
    _pad: [u8; 7],
    a: u64,
    b: u64,
    c: u64,
    flags: u64,
}

/// An event as poll_oneoff writes it (32 bytes).
#[repr(C, align(8))]
#[derive(Clone, Copy, Default, Debug)]
struct Ev {
    userdata: u64,
    error: u16,
    tag: u8,
    _pad: [u8; 5],
    nbytes: u64,
    flags: u64,
}

fn fd_sub(userdata: u64, write: bool, fd: i32) -> Sub {
    Sub {
        userdata,
        tag: if write { 2 } else { 1 },
        a: fd as u32 as u64,
        ..Sub::default()
    }
}

fn clock_sub(userdata: u64, relative: Duration) -> Sub {
    // clock id 1 (monotonic) in `a`'s low half, timeout in `b`.
    Sub {
        userdata,
        tag: 0,
        a: 1,
        b: relative.as_nanos() as u64,
        ..Sub::default()
    }
}

fn poll(subs: &[Sub]) -> Result<Vec<Ev>, i32> {
    let mut evs = vec![Ev::default(); subs.len()];
    let mut n: u32 = 0;
    // SAFETY: the arrays are laid out as WASI expects and outlive the call.
    let r = unsafe {
        raw::poll_oneoff(
            subs.as_ptr() as i32,
            evs.as_mut_ptr() as i32,
            subs.len() as i32,
            &mut n as *mut u32 as i32,
        )
    };
    if r != 0 {
        return Err(r);
    }
    evs.truncate(n as usize);
    Ok(evs)
}

fn so_error(fd: i32) -> i32 {
    let mut v = -1i32;
    let mut len = 4u32;
    // SAFETY: both pointers are valid for the call.
    let r = unsafe { raw::sock_getsockopt(fd as u32, 0, 2, &mut v, &mut len) };
    assert_eq!(r, 0, "getsockopt");
    v
}

fn check(cond: bool, what: &str) {
    if !cond {
        println!("FAILED: {what}");
        std::process::exit(1);
    }
}

fn local(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// Server on 127.0.0.1:0: prints its port, echoes `conns` connections one
/// after the other until each peer closes.
fn echo_server(conns: usize) {
    let l = TcpListener::bind(local(0), false).expect("bind");
    println!("PORT {}", l.local_addr().expect("local_addr").port());
    std::io::stdout().flush().ok();
    for _ in 0..conns {
        let (mut s, _) = l.accept(false).expect("accept");
        let mut buf = vec![0u8; 65536];
        loop {
            let n = s.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            s.write_all(&buf[..n]).expect("write");
        }
    }
}

/// Client: sends `size` bytes to an echo server and checks they come back,
/// with a non-blocking socket driven by poll_oneoff.
fn echo_client(port: u16, size: usize) {
    let mut s = TcpStream::connect(local(port)).expect("connect");
    s.set_nonblocking(true).expect("nonblocking");
    let fd = s.as_raw_fd();
    let data: Vec<u8> = (0..size).map(|i| (i * 7 + i / 251) as u8).collect();
    let mut sent = 0;
    let mut got = Vec::with_capacity(size);
    let mut buf = vec![0u8; 65536];
    let deadline = Instant::now() + Duration::from_secs(30);
    while got.len() < size {
        check(Instant::now() < deadline, "echo finished in time");
        let mut subs = vec![fd_sub(1, false, fd), clock_sub(9, Duration::from_secs(5))];
        if sent < size {
            subs.push(fd_sub(2, true, fd));
        }
        let evs = poll(&subs).expect("poll");
        for ev in evs {
            check(ev.error == 0, "event without error");
            match ev.userdata {
                1 => loop {
                    match s.read(&mut buf) {
                        Ok(0) => check(false, "early EOF"),
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                        Err(e) => check(false, &format!("read: {e}")),
                    }
                },
                2 => match s.write(&data[sent..]) {
                    Ok(n) => sent += n,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(e) => check(false, &format!("write: {e}")),
                },
                _ => {}
            }
        }
    }
    check(got == data, "echoed bytes equal sent bytes");
    println!("ECHOED {size}");
}

/// Everything inside one guest: non-blocking connect, SO_ERROR, timers
/// mixed with sockets, EXIST for a duplicate interest, HANGUP on close.
fn selftest() {
    let l = TcpListener::bind(local(0), true).expect("bind");
    let port = l.local_addr().expect("local_addr").port();
    let lfd = l.as_raw_fd();

    // Nothing pending: only the 30 ms timer fires, after at least 30 ms.
    let t0 = Instant::now();
    let evs = poll(&[
        fd_sub(1, false, lfd),
        clock_sub(2, Duration::from_millis(30)),
    ])
    .expect("poll");
    check(
        evs.len() == 1 && evs[0].userdata == 2 && evs[0].tag == 0,
        "timer event alone",
    );
    check(t0.elapsed() >= Duration::from_millis(29), "timer waited");

    // std's sleep is poll_oneoff with one clock subscription.
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    check(t0.elapsed() >= Duration::from_millis(19), "sleep waited");

    let c = wasmedge_wasi_socket::socket::Socket::new(
        wasmedge_wasi_socket::socket::AddressFamily::Inet4,
        wasmedge_wasi_socket::socket::SocketType::Stream,
    )
    .expect("socket");
    c.set_nonblocking(true).expect("nonblocking");
    match c.connect(&local(port)) {
        Ok(()) => {}
        Err(e) => check(
            e.raw_os_error() == Some(26),
            &format!("connect INPROGRESS, got {e}"),
        ),
    }
    let cfd = c.as_raw_fd();
    let evs = poll(&[fd_sub(1, true, cfd), clock_sub(2, Duration::from_secs(5))]).expect("poll");
    check(evs.iter().any(|e| e.userdata == 1), "connect completes");
    check(so_error(cfd) == 0, "SO_ERROR is 0 after connect");

    // The listener is readable; a duplicate read interest gets EXIST.
    let evs = poll(&[
        fd_sub(1, false, lfd),
        fd_sub(2, false, lfd),
        clock_sub(3, Duration::from_secs(5)),
    ])
    .expect("poll");
    check(
        evs.iter().any(|e| e.userdata == 1 && e.error == 0),
        "listener readable",
    );
    check(
        evs.iter().any(|e| e.userdata == 2 && e.error == 20),
        "duplicate gets EXIST",
    );
    let (mut a, _) = l.accept(true).expect("accept");

    c.send(b"hello").expect("send");
    let evs = poll(&[
        fd_sub(1, false, a.as_raw_fd()),
        clock_sub(2, Duration::from_secs(5)),
    ])
    .expect("poll");
    check(
        evs.iter().any(|e| e.userdata == 1 && e.nbytes == 5),
        "5 bytes readable",
    );
    let mut buf = [0u8; 16];
    let n = a.read(&mut buf).expect("read");
    check(&buf[..n] == b"hello", "read hello");
    check(
        a.read(&mut buf).err().map(|e| e.raw_os_error()) == Some(Some(6)),
        "empty non-blocking read is AGAIN",
    );

    drop(c);
    let evs = poll(&[
        fd_sub(1, false, a.as_raw_fd()),
        clock_sub(2, Duration::from_secs(5)),
    ])
    .expect("poll");
    check(
        evs.iter().any(|e| e.userdata == 1 && e.flags & 1 == 1),
        "HANGUP after peer close",
    );
    check(a.read(&mut buf).expect("read eof") == 0, "EOF after close");

    // Bad input is an error, not a crash.
    check(poll(&[]).err() == Some(28), "zero subscriptions is INVAL");
    let evs = poll(&[fd_sub(1, false, 9999)]).expect("poll bad fd");
    check(evs.len() == 1 && evs[0].error == 8, "unknown fd is BADF");
    println!("SELFTEST OK");
}

fn refused() {
    let port = {
        let l = TcpListener::bind(local(0), false).expect("bind");
        l.local_addr().expect("addr").port()
    };
    let e = TcpStream::connect(local(port))
        .err()
        .and_then(|e| e.raw_os_error());
    check(e == Some(14), &format!("CONNREFUSED, got {e:?}"));
    println!("REFUSED OK");
}

fn addr_in_use() {
    let l = TcpListener::bind(local(0), false).expect("bind");
    let port = l.local_addr().expect("addr").port();
    let e = TcpListener::bind(local(port), false)
        .err()
        .and_then(|e| e.raw_os_error());
    check(e == Some(3), &format!("ADDRINUSE, got {e:?}"));
    println!("ADDRINUSE OK");
}

fn cycles(n: usize) {
    let l = TcpListener::bind(local(0), false).expect("bind");
    let port = l.local_addr().expect("addr").port();
    for i in 0..n {
        let mut c = TcpStream::connect(local(port)).expect("connect");
        let (mut a, _) = l.accept(false).expect("accept");
        c.write_all(&[i as u8]).expect("write");
        let mut b = [0u8; 1];
        a.read_exact(&mut b).expect("read");
        check(b[0] == i as u8, "byte through");
    }
    println!("CYCLES {n}");
}

fn lookup() {
    let r = wasmedge_wasi_socket::nslookup("localhost", "80").expect("localhost");
    check(
        r.iter().any(|a| a.port() == 80 && a.ip().is_loopback()),
        "localhost resolves",
    );
    let r = wasmedge_wasi_socket::nslookup("127.0.0.1", "8080").expect("numeric");
    check(r.first() == Some(&local(8080)), "numeric resolves");
    let e = wasmedge_wasi_socket::nslookup("no-such-host.invalid", "80")
        .err()
        .and_then(|e| e.raw_os_error());
    check(e == Some(84), &format!("AINONAME, got {e:?}"));
    println!("LOOKUP OK");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    match arg(1) {
        "exit" => std::process::exit(arg(2).parse().unwrap_or(1)),
        "trap" => std::process::abort(),
        "echo-server" => echo_server(arg(2).parse().unwrap_or(1)),
        "echo-client" => echo_client(arg(2).parse().expect("port"), arg(3).parse().expect("size")),
        "selftest" => selftest(),
        "refused" => refused(),
        "addrinuse" => addr_in_use(),
        "cycles" => cycles(arg(2).parse().unwrap_or(100)),
        "lookup" => lookup(),
        "cat" => print!("{}", std::fs::read_to_string(arg(2)).expect("read file")),
        "args" => println!("{}", args.join(" ")),
        "env" => println!("{:?}", std::env::vars().collect::<Vec<_>>()),
        other => {
            println!("unknown command {other}");
            std::process::exit(2);
        }
    }
}
