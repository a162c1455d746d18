//! Name lookup: numeric addresses are parsed here, names go to the backend's resolver.

use crate::sys;
use std::io;
use std::net::{IpAddr, SocketAddr};

/// Resolves `host` to socket addresses with `port`, IPv4 and IPv6 alike.
///
/// Numeric addresses (`127.0.0.1`, `::1`, `[::1]`) are answered without a system call.
/// Names go to the host's resolver (on WasmEdge `sock_getaddrinfo`), which blocks the
/// thread for the duration of the lookup. An empty name, or one the resolver does not
/// know, is an error; so is an empty answer.
pub async fn lookup(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    if host.is_empty() || host.len() > 253 || host.contains('\0') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("invalid host name {host:?}"),
        ));
    }
    let addrs = sys::resolve(host, port)
        .map_err(|e| io::Error::new(e.kind(), format!("lookup {host}: {e}")))?;
    if addrs.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("lookup {host}: no addresses"),
        ));
    }
    Ok(addrs)
}
