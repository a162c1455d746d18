//! Turning Rust-side errors into JavaScript values, and the last-resort error printer used when
//! the JavaScript reporter itself is unavailable.

use rquickjs::{Ctx, Exception, Object, Value};

/// The JavaScript value behind `e`: the pending exception for [`rquickjs::Error::Exception`],
/// otherwise a new `Error` carrying the Rust error's message.
pub(crate) fn caught_value<'js>(ctx: &Ctx<'js>, e: rquickjs::Error) -> Value<'js> {
    if e.is_exception() {
        return ctx.catch();
    }
    match Exception::from_message(ctx.clone(), &e.to_string()) {
        Ok(ex) => ex.into_value(),
        Err(_) => Value::new_undefined(ctx.clone()),
    }
}

/// A new error of the global class `class` (`Error`, `TypeError`, `RangeError`) carrying
/// Node's `code`, for the caller to add fields to before throwing it with [`throw`].
pub(crate) fn coded<'js>(
    ctx: &Ctx<'js>,
    class: &str,
    code: &str,
    message: &str,
) -> rquickjs::Result<Exception<'js>> {
    let ex = Exception::from_message(ctx.clone(), message)?;
    ex.set("code", code)?;
    if class != "Error" {
        let ctor: Object<'js> = ctx.globals().get(class)?;
        let proto: Object<'js> = ctor.get("prototype")?;
        ex.as_object().set_prototype(Some(&proto))?;
    }
    Ok(ex)
}

/// Throws the error `made` (from [`coded`]), or the failure to make it.
pub(crate) fn throw<'js>(
    ctx: &Ctx<'js>,
    made: rquickjs::Result<Exception<'js>>,
) -> rquickjs::Error {
    match made {
        Ok(ex) => ctx.throw(ex.into_value()),
        Err(e) => e,
    }
}

/// An `Error` with Node's `code`, thrown.
pub(crate) fn throw_coded(ctx: &Ctx<'_>, code: &str, message: &str) -> rquickjs::Error {
    throw_as(ctx, "Error", code, message)
}

/// An error of the global class `class` (`TypeError`, `RangeError`, ...) with Node's `code`,
/// thrown.
pub(crate) fn throw_as(ctx: &Ctx<'_>, class: &str, code: &str, message: &str) -> rquickjs::Error {
    throw(ctx, coded(ctx, class, code, message))
}

/// Prints `value` to stderr without help from JavaScript: its stack when it has one.
pub(crate) fn print_plain(value: &Value<'_>) {
    if let Some(ex) = value.as_exception() {
        let message = ex.message().unwrap_or_default();
        let stack = ex.stack().unwrap_or_default();
        eprintln!("Uncaught Error: {message}\n{stack}");
    } else if let Some(s) = value.as_string().and_then(|s| s.to_string().ok()) {
        eprintln!("Uncaught {s}");
    } else {
        eprintln!("Uncaught {value:?}");
    }
}

/// Node's `code` for an I/O error (`ECONNREFUSED`, `EADDRINUSE`, ...).
pub(crate) fn io_code(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused => "ECONNREFUSED",
        ConnectionReset => "ECONNRESET",
        ConnectionAborted => "ECONNABORTED",
        AddrInUse => "EADDRINUSE",
        AddrNotAvailable => "EADDRNOTAVAIL",
        BrokenPipe => "EPIPE",
        TimedOut => "ETIMEDOUT",
        PermissionDenied => "EACCES",
        NotConnected => "ENOTCONN",
        InvalidInput => "EINVAL",
        NotFound => "ENOTFOUND",
        HostUnreachable => "EHOSTUNREACH",
        NetworkUnreachable => "ENETUNREACH",
        UnexpectedEof => "ECONNRESET",
        _ => "EIO",
    }
}

/// A Node-style system error: message `"<syscall> <CODE> <address>"`, with `code`, `syscall`,
/// and `address`/`port` when known.
pub(crate) fn io_error<'js>(
    ctx: &Ctx<'js>,
    e: &std::io::Error,
    syscall: &str,
    address: Option<(&str, u16)>,
) -> Value<'js> {
    let code = io_code(e);
    let message = match address {
        Some((host, port)) => format!("{syscall} {code} {host}:{port}"),
        None => format!("{syscall} {code}"),
    };
    let Ok(ex) = Exception::from_message(ctx.clone(), &message) else {
        return Value::new_undefined(ctx.clone());
    };
    let _ = ex.set("code", code);
    let _ = ex.set("syscall", syscall);
    let _ = ex.set("errno", e.raw_os_error().map(|n| -n).unwrap_or(-5));
    if let Some((host, port)) = address {
        let _ = ex.set("address", host);
        let _ = ex.set("port", port);
    }
    let _ = ex.set("detail", e.to_string());
    ex.into_value()
}
