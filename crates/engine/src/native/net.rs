//! TCP natives behind the `wasi_net` module: listeners and connections in a resource table,
//! each asynchronous operation a reactor task that settles a JavaScript promise.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::rc::Rc;

use rquickjs::{
    function::Opt, ArrayBuffer, Ctx, Exception, Function, Object, Promise, TypedArray, Value,
};

use super::transport::{self, TlsOptions, Transport};
use crate::bytes;
use crate::errors;
use crate::event_loop::spawn_promise;

enum Resource {
    Listener(Rc<reactor::TcpListener>, Rc<Closer>),
    Stream(Transport, Rc<Closer>),
}

/// Wakes the pending operations of a resource when JavaScript closes it, so that they end (and
/// drop their handles on the socket) instead of waiting forever.
#[derive(Default)]
pub(crate) struct Closer {
    closed: std::cell::Cell<bool>,
    wakers: RefCell<Vec<std::task::Waker>>,
}

impl Closer {
    fn close(&self) {
        self.closed.set(true);
        for w in self.wakers.borrow_mut().drain(..) {
            w.wake();
        }
    }

    /// Resolves once the resource is closed.
    async fn closed(&self) {
        std::future::poll_fn(|cx| {
            if self.closed.get() {
                std::task::Poll::Ready(())
            } else {
                self.wakers.borrow_mut().push(cx.waker().clone());
                std::task::Poll::Pending
            }
        })
        .await
    }

    /// Runs `op` unless the resource is closed first, which ends it with an error.
    async fn guard<T>(&self, op: impl Future<Output = std::io::Result<T>>) -> std::io::Result<T> {
        futures_lite::future::or(op, async {
            self.closed().await;
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "the socket was closed",
            ))
        })
        .await
    }
}

thread_local! {
    static TABLE: RefCell<HashMap<u32, Resource>> = RefCell::new(HashMap::new());
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

fn insert(r: Resource) -> u32 {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    TABLE.with(|t| t.borrow_mut().insert(id, r));
    id
}

fn listener(id: u32) -> Option<(Rc<reactor::TcpListener>, Rc<Closer>)> {
    TABLE.with(|t| match t.borrow().get(&id) {
        Some(Resource::Listener(l, c)) => Some((l.clone(), c.clone())),
        _ => None,
    })
}

fn stream(id: u32) -> Option<(Transport, Rc<Closer>)> {
    TABLE.with(|t| match t.borrow().get(&id) {
        Some(Resource::Stream(s, c)) => Some((s.clone(), c.clone())),
        _ => None,
    })
}

fn new_stream(s: Transport) -> u32 {
    insert(Resource::Stream(s, Rc::default()))
}

/// Takes over a connection another module opened (an HTTP connection, after an upgrade): it
/// becomes a `tcp*` resource; returns its id.
pub(crate) fn adopt_stream(s: Transport) -> u32 {
    new_stream(s)
}

/// A resource id that names nothing open: the operation fails like Node's on a destroyed socket.
fn closed_error<'js>(ctx: &Ctx<'js>) -> rquickjs::Error {
    errors::throw_coded(ctx, "ERR_SOCKET_CLOSED", "This socket has been closed")
}

thread_local! {
    /// One receive buffer for every connection: a waiting read holds no memory, and the bytes
    /// that arrive are copied out at their own size.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Waits until `s` is readable, then reads at most `max` bytes into a vector of exactly the
/// size received (empty at end of stream).
async fn read_exact_size(s: &Transport, max: usize) -> std::io::Result<Vec<u8>> {
    loop {
        let attempt = SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            if scratch.len() < max {
                scratch.resize(max, 0);
            }
            s.try_read(&mut scratch[..max])
                .map(|n| scratch[..n].to_vec())
        });
        match attempt {
            Ok(bytes) => return Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => s.readable().await?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn parse_ip<'js>(ctx: &Ctx<'js>, host: &str) -> rquickjs::Result<IpAddr> {
    let trimmed = host.trim_start_matches('[').trim_end_matches(']');
    if trimmed == "localhost" {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    trimmed.parse::<IpAddr>().map_err(|_| {
        let ex = Exception::from_message(ctx.clone(), &format!("Invalid IP address: {host}"));
        match ex {
            Ok(ex) => {
                let _ = ex.set("code", "ERR_INVALID_IP_ADDRESS");
                ctx.throw(ex.into_value())
            }
            Err(e) => e,
        }
    })
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    // tcpListen(host, port, backlog) -> id; throws a system error (EADDRINUSE, ...).
    native.set(
        "tcpListen",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, host: String, port: u16, backlog: Opt<u32>| -> rquickjs::Result<u32> {
                let ip = parse_ip(&ctx, &host)?;
                let addr = SocketAddr::new(ip, port);
                let backlog = backlog.0.unwrap_or(511);
                match reactor::TcpListener::bind_with_backlog(addr, backlog) {
                    Ok(l) => Ok(insert(Resource::Listener(Rc::new(l), Rc::default()))),
                    Err(e) => {
                        Err(ctx.throw(errors::io_error(&ctx, &e, "listen", Some((&host, port)))))
                    }
                }
            },
        )?,
    )?;
    native.set(
        "tcpListenerAddr",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32| -> rquickjs::Result<Vec<String>> {
                let (l, _) = listener(id).ok_or_else(|| closed_error(&ctx))?;
                let a = l
                    .local_addr()
                    .map_err(|e| ctx.throw(errors::io_error(&ctx, &e, "getsockname", None)))?;
                let family = if a.is_ipv4() { "IPv4" } else { "IPv6" };
                Ok(vec![
                    a.ip().to_string(),
                    a.port().to_string(),
                    family.to_string(),
                ])
            },
        )?,
    )?;
    // tcpAccept(id) -> Promise<[connId, remoteIp, remotePort]>.
    native.set(
        "tcpAccept",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32| -> rquickjs::Result<Promise<'js>> {
                let (l, closer) = listener(id).ok_or_else(|| closed_error(&ctx))?;
                let fut = async move { closer.guard(l.accept()).await };
                spawn_promise(&ctx, fut, |ctx, r| match r {
                    Ok((s, peer)) => {
                        let id = new_stream(Transport::Tcp(s));
                        let arr = rquickjs::Array::new(ctx.clone())
                            .map_err(|_| Value::new_undefined(ctx.clone()))?;
                        let _ = arr.set(0, id);
                        let _ = arr.set(1, peer.ip().to_string());
                        let _ = arr.set(2, peer.port());
                        Ok(arr.into_value())
                    }
                    Err(e) => Err(errors::io_error(ctx, &e, "accept", None)),
                })
            },
        )?,
    )?;
    // dnsLookup(hostname) -> Promise<[[address, family], ...]>, in the resolver's order.
    native.set(
        "dnsLookup",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, host: String| -> rquickjs::Result<Promise<'js>> {
                let h = host.clone();
                let fut = async move { reactor::lookup(&h, 0).await };
                spawn_promise(&ctx, fut, move |ctx, r| match r {
                    Ok(addrs) => {
                        let fail = |_| Value::new_undefined(ctx.clone());
                        let out = rquickjs::Array::new(ctx.clone()).map_err(fail)?;
                        for (i, a) in addrs.iter().enumerate() {
                            let pair = rquickjs::Array::new(ctx.clone()).map_err(fail)?;
                            let family = if a.is_ipv4() { 4 } else { 6 };
                            let _ = pair.set(0, a.ip().to_string());
                            let _ = pair.set(1, family);
                            let _ = out.set(i, pair);
                        }
                        Ok(out.into_value())
                    }
                    Err(e) => Err(lookup_error(ctx, &e, &host)),
                })
            },
        )?,
    )?;
    // tcpConnect(host, port) -> Promise<connId>; names are looked up first.
    native.set(
        "tcpConnect",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, host: String, port: u16| -> rquickjs::Result<Promise<'js>> {
                let h = host.clone();
                let fut = async move { transport::open(&h, port, None).await };
                spawn_promise(&ctx, fut, move |ctx, r| match r {
                    Ok(s) => Ok(Value::new_number(ctx.clone(), new_stream(s) as f64)),
                    Err((e, syscall)) => {
                        Err(errors::io_error(ctx, &e, syscall, Some((&host, port))))
                    }
                })
            },
        )?,
    )?;
    // tlsConnect(host, port, { ca, rejectUnauthorized, servername, alpn }) -> Promise<connId>:
    // a TCP connection with a finished TLS handshake; the `tcp*` natives then carry plaintext.
    native.set(
        "tlsConnect",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             host: String,
             port: u16,
             opts: Object<'js>|
             -> rquickjs::Result<Promise<'js>> {
                let alpn = opts
                    .get::<_, Option<Vec<String>>>("alpn")?
                    .unwrap_or_default();
                let options = TlsOptions::from_js(&opts, alpn)?;
                let connector = transport::connector(&options)
                    .map_err(|(code, message)| errors::throw_coded(&ctx, code, &message))?;
                let server_name = opts
                    .get::<_, Option<String>>("servername")?
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| {
                        host.trim_start_matches('[')
                            .trim_end_matches(']')
                            .to_string()
                    });
                let h = host.clone();
                let name = server_name.clone();
                let fut = async move { transport::open(&h, port, Some((&connector, &name))).await };
                spawn_promise(&ctx, fut, move |ctx, r| match r {
                    Ok(s) => Ok(Value::new_number(ctx.clone(), new_stream(s) as f64)),
                    Err((e, syscall)) => Err(transport::tls_error_value(ctx, &e, &server_name)
                        .unwrap_or_else(|| {
                            errors::io_error(ctx, &e, syscall, Some((&host, port)))
                        })),
                })
            },
        )?,
    )?;
    // tlsServerHandshake(id, acceptorId) -> Promise<undefined>: the server side of the TLS
    // handshake on the accepted connection `id`, which then carries plaintext under the same
    // id. On failure the connection is closed.
    native.set(
        "tlsServerHandshake",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, acceptor: u32| -> rquickjs::Result<Promise<'js>> {
                let acceptor = transport::acceptor(acceptor).ok_or_else(|| {
                    errors::throw_coded(&ctx, "ERR_INVALID_ARG_VALUE", "unknown TLS context")
                })?;
                let taken = TABLE.with(|t| match t.borrow_mut().remove(&id) {
                    Some(Resource::Stream(Transport::Tcp(s), closer)) => Some((s, closer)),
                    Some(other) => {
                        t.borrow_mut().insert(id, other);
                        None
                    }
                    None => None,
                });
                let (tcp, closer) = taken.ok_or_else(|| closed_error(&ctx))?;
                let fut = async move {
                    let tls = closer
                        .guard(transport::accept(&acceptor, tcp.clone()))
                        .await;
                    match tls {
                        Ok(tls) => {
                            TABLE.with(|t| {
                                t.borrow_mut()
                                    .insert(id, Resource::Stream(Transport::Tls(tls), closer))
                            });
                            Ok(())
                        }
                        Err(e) => {
                            tcp.close();
                            Err(e)
                        }
                    }
                };
                spawn_promise(&ctx, fut, |ctx, r| match r {
                    Ok(()) => Ok(Value::new_undefined(ctx.clone())),
                    Err(e) => Err(transport::tls_error_value(ctx, &e, "")
                        .unwrap_or_else(|| errors::io_error(ctx, &e, "handshake", None))),
                })
            },
        )?,
    )?;
    // tlsInfo(id, host, check) -> see transport::tls_info; with `check`, the server's chain is
    // verified now (for a connection made without verifying).
    // tlsCertificateDetails(der) -> a certificate as getPeerCertificate() shows it, or null.
    native.set(
        "tlsCertificateDetails",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, der: TypedArray<'js, u8>| -> rquickjs::Result<Value<'js>> {
                let der = crate::bytes::to_vec(&ctx, &der)?;
                transport::certificate_value(&ctx, &der)
            },
        )?,
    )?;
    native.set(
        "tlsInfo",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             id: u32,
             host: String,
             check: bool|
             -> rquickjs::Result<rquickjs::Array<'js>> {
                let (s, _) = stream(id).ok_or_else(|| closed_error(&ctx))?;
                match s {
                    Transport::Tls(tls) => transport::tls_info(&ctx, &tls, &host, check),
                    _ => rquickjs::Array::new(ctx.clone()),
                }
            },
        )?,
    )?;
    // tcpRead(id, max) -> Promise<ArrayBuffer | undefined at end of stream>.
    native.set(
        "tcpRead",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, max: Opt<u32>| -> rquickjs::Result<Promise<'js>> {
                let (s, closer) = stream(id).ok_or_else(|| closed_error(&ctx))?;
                let max = max.0.unwrap_or(65536).clamp(1, 16 << 20) as usize;
                let fut = async move { closer.guard(read_exact_size(&s, max)).await };
                spawn_promise(&ctx, fut, |ctx, r| match r {
                    Ok(buf) if buf.is_empty() => Ok(Value::new_undefined(ctx.clone())),
                    Ok(buf) => ArrayBuffer::new(ctx.clone(), buf)
                        .map(|b| b.into_value())
                        .map_err(|_| Value::new_undefined(ctx.clone())),
                    Err(e) => Err(errors::io_error(ctx, &e, "read", None)),
                })
            },
        )?,
    )?;
    // tcpWrite(id, bytes) -> Promise<undefined> once every byte is handed to the system.
    native.set(
        "tcpWrite",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, data: TypedArray<'js, u8>| -> rquickjs::Result<Promise<'js>> {
                let (s, closer) = stream(id).ok_or_else(|| closed_error(&ctx))?;
                let data = bytes::to_vec(&ctx, &data)?;
                let fut = async move { closer.guard(s.write_all(&data)).await };
                spawn_promise(&ctx, fut, |ctx, r| match r {
                    Ok(()) => Ok(Value::new_undefined(ctx.clone())),
                    Err(e) => Err(errors::io_error(ctx, &e, "write", None)),
                })
            },
        )?,
    )?;
    native.set(
        "tcpShutdown",
        Function::new(ctx.clone(), |id: u32| {
            if let Some((s, _)) = stream(id) {
                s.shutdown_write();
            }
        })?,
    )?;
    native.set(
        "tcpClose",
        Function::new(ctx.clone(), |id: u32| {
            let removed = TABLE.with(|t| t.borrow_mut().remove(&id));
            match removed {
                Some(Resource::Listener(_, closer)) | Some(Resource::Stream(_, closer)) => {
                    closer.close()
                }
                None => {}
            }
        })?,
    )?;
    // tcpAddr(id, peer) -> [ip, port, family]
    native.set(
        "tcpAddr",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: u32, peer: bool| -> rquickjs::Result<Vec<String>> {
                let (s, _) = stream(id).ok_or_else(|| closed_error(&ctx))?;
                let a = if peer {
                    s.tcp().peer_addr()
                } else {
                    s.tcp().local_addr()
                };
                let a = a.map_err(|e| {
                    ctx.throw(errors::io_error(
                        &ctx,
                        &e,
                        if peer { "getpeername" } else { "getsockname" },
                        None,
                    ))
                })?;
                let family = if a.is_ipv4() { "IPv4" } else { "IPv6" };
                Ok(vec![
                    a.ip().to_string(),
                    a.port().to_string(),
                    family.to_string(),
                ])
            },
        )?,
    )?;
    Ok(())
}

/// Node's error for a failed name lookup: `getaddrinfo ENOTFOUND <host>`, with `code`,
/// `syscall` and `hostname`.
fn lookup_error<'js>(ctx: &Ctx<'js>, e: &std::io::Error, host: &str) -> Value<'js> {
    let code = match errors::io_code(e) {
        "ENOTFOUND" | "EIO" | "EINVAL" => "ENOTFOUND",
        other => other,
    };
    let Ok(ex) = errors::coded(ctx, "Error", code, &format!("getaddrinfo {code} {host}")) else {
        return Value::new_undefined(ctx.clone());
    };
    let _ = ex.set("errno", if code == "ENOTFOUND" { -3008 } else { -5 });
    let _ = ex.set("syscall", "getaddrinfo");
    let _ = ex.set("hostname", host);
    ex.into_value()
}
