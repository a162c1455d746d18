//! The engine evaluating JavaScript natively, against real sockets on 127.0.0.1 whose other
//! ends are plain Rust threads.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

fn run(source: &str) -> i32 {
    let options = engine::Options {
        argv: vec!["engine-test".into(), "test.js".into()],
        env: vec![("MODE".into(), "test".into())],
        allow_process_exit: false,
    };
    engine::run_main("test.js", source, options)
}

#[test]
fn exit_codes_follow_node() {
    assert_eq!(run("print('ok')"), 0);
    assert_eq!(run("throw new Error('uncaught')"), 1);
    assert_eq!(run("process.exitCode = 9"), 9);
    assert_eq!(
        run("setTimeout(() => process.exit(4), 1); setTimeout(() => {}, 10000)"),
        4
    );
    assert_eq!(run("Promise.reject(new Error('unhandled'))"), 1);
    assert_eq!(run("syntax error ("), 1);
    assert_eq!(
        run("if (process.env.MODE !== 'test' || process.argv[1] !== 'test.js') process.exitCode = 2"),
        0
    );
}

#[test]
fn timers_and_promises_run_in_order() {
    let code = run(r#"
        const seen = [];
        setTimeout(() => seen.push('t20'), 20);
        setTimeout(() => seen.push('t1'), 1);
        setImmediate(() => seen.push('immediate'));
        process.nextTick(() => seen.push('tick'));
        await new Promise((r) => setTimeout(r, 40));
        const expected = ['tick', 'immediate', 't1', 't20'];
        if (JSON.stringify(seen) !== JSON.stringify(expected)) {
            console.error(seen);
            process.exitCode = 3;
        }
    "#);
    assert_eq!(code, 0);
}

#[test]
fn wasi_net_client_talks_to_a_rust_server() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let peer = thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut buf = [0u8; 64];
        let n = s.read(&mut buf).expect("read");
        let mut reply = b"echo:".to_vec();
        reply.extend_from_slice(&buf[..n]);
        s.write_all(&reply).expect("write");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    });
    let code = run(&format!(
        r#"
        import {{ WasiTcpConn }} from 'wasi_net';
        const conn = await WasiTcpConn.connect('127.0.0.1:{port}');
        await conn.write('from js');
        let text = '';
        for (;;) {{
            const chunk = await conn.read();
            if (chunk === undefined) break;
            text += new TextDecoder().decode(chunk);
        }}
        conn.close();
        if (text !== 'echo:from js') {{ console.error(text); process.exitCode = 5; }}
    "#
    ));
    assert_eq!(code, 0);
    assert_eq!(peer.join().expect("peer thread"), "from js");
}

#[test]
fn wasi_net_server_answers_a_rust_client() {
    // A probe listener finds a free port for the script's server; the client retries until
    // the server listens.
    let probe = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = probe.local_addr().expect("addr").port();
    drop(probe);
    let client = thread::spawn(move || {
        for _ in 0..200 {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                s.set_read_timeout(Some(Duration::from_secs(10)))
                    .expect("timeout");
                s.write_all(b"ping").expect("write");
                s.shutdown(std::net::Shutdown::Write).expect("shutdown");
                let mut reply = String::new();
                s.read_to_string(&mut reply).expect("read");
                return reply;
            }
            thread::sleep(Duration::from_millis(10));
        }
        String::from("never connected")
    });
    let code = run(&format!(
        r#"
        import {{ WasiTcpServer }} from 'wasi_net';
        const server = new WasiTcpServer({port}, '127.0.0.1');
        const conn = await server.accept();
        if (!/^127\.0\.0\.1:\d+$/.test(conn.peer())) process.exitCode = 6;
        let got = '';
        for (;;) {{
            const chunk = await conn.read();
            if (chunk === undefined) break;
            got += new TextDecoder().decode(chunk);
        }}
        await conn.write('echo:' + got);
        conn.close();
        server.close();
    "#
    ));
    assert_eq!(code, 0);
    assert_eq!(client.join().expect("client thread"), "echo:ping");
}

#[test]
fn refused_connections_reject_with_node_codes() {
    let probe = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = probe.local_addr().expect("addr").port();
    drop(probe);
    let code = run(&format!(
        r#"
        import {{ WasiTcpConn }} from 'wasi_net';
        try {{
            await WasiTcpConn.connect('127.0.0.1:{port}');
            process.exitCode = 7;
        }} catch (e) {{
            if (e.code !== 'ECONNREFUSED') {{ console.error(e); process.exitCode = 8; }}
        }}
    "#
    ));
    assert_eq!(code, 0);
}

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[test]
fn an_idle_program_uses_no_cpu() {
    // A listening server and a one-second timer: the loop must sleep in poll, not spin.
    let wall = std::time::Instant::now();
    let cpu = thread_cpu();
    let code = run(r#"
        import { WasiTcpServer } from 'wasi_net';
        const server = new WasiTcpServer(0, '127.0.0.1');
        const pending = server.accept().catch(() => {});
        setTimeout(() => server.close(), 1000);
        await pending;
    "#);
    let cpu = thread_cpu() - cpu;
    let wall = wall.elapsed();
    assert_eq!(code, 0);
    assert!(wall >= Duration::from_millis(990), "woke early: {wall:?}");
    // Start-up and the module compile take a few milliseconds; 5% of the second is the bound.
    assert!(
        cpu < Duration::from_millis(50),
        "idle program used {cpu:?} of CPU in {wall:?}"
    );
}
