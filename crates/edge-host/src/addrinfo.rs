//! Offline name lookup for `sock_getaddrinfo`: numeric addresses,
//! `localhost` and the entries of `/etc/hosts`. Anything else is AINONAME,
//! since these hosts have no DNS; WasmEdge would ask the system resolver.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::errno::{AINONAME, AISERVICE};
use crate::mem::{self, AbiResult};

/// Address family filter taken from the guest's hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Both IPv4 and IPv6.
    Any,
    /// IPv4 only.
    V4,
    /// IPv6 only.
    V6,
}

impl Family {
    fn admits(self, ip: &IpAddr) -> bool {
        match self {
            Family::Any => true,
            Family::V4 => ip.is_ipv4(),
            Family::V6 => ip.is_ipv6(),
        }
    }
}

/// Resolves `node` using `hosts` (the text of an `/etc/hosts` file).
/// An empty node means the wildcard address when `passive`, else loopback.
pub fn resolve(node: &str, family: Family, passive: bool, hosts: &str) -> AbiResult<Vec<IpAddr>> {
    let mut found: Vec<IpAddr> = Vec::new();
    if node.is_empty() {
        if passive {
            found.extend([
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            ]);
        } else {
            found.extend([
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ]);
        }
    } else if let Ok(ip) = node.trim_start_matches('[').trim_end_matches(']').parse() {
        found.push(ip);
    } else {
        for line in hosts.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut words = line.split_whitespace();
            let Some(Ok(ip)) = words.next().map(str::parse::<IpAddr>) else {
                continue;
            };
            if words.any(|w| w.eq_ignore_ascii_case(node)) && !found.contains(&ip) {
                found.push(ip);
            }
        }
        if found.is_empty() && node.eq_ignore_ascii_case("localhost") {
            found.extend([
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ]);
        }
        // IPv4 first: most guests take the first answer and expect IPv4.
        found.sort_by_key(|ip| ip.is_ipv6());
    }
    found.retain(|ip| family.admits(ip));
    if found.is_empty() {
        Err(AINONAME)
    } else {
        Ok(found)
    }
}

/// Parses a service: a port number, empty for 0, or a few well-known names.
pub fn service_port(service: &str) -> AbiResult<u16> {
    match service {
        "" => Ok(0),
        "http" => Ok(80),
        "https" => Ok(443),
        s => s.parse().map_err(|_| AISERVICE),
    }
}

/// Reads a string argument, dropping the NUL terminator(s) guests include.
fn guest_str(m: &[u8], ptr: u32, len: u32) -> AbiResult<String> {
    if ptr == 0 || len == 0 {
        return Ok(String::new());
    }
    let bytes = mem::slice(m, ptr, len)?;
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    std::str::from_utf8(&bytes[..end])
        .map(str::to_owned)
        .map_err(|_| AINONAME)
}

/// The `sock_getaddrinfo` call: fills up to `max_len` of the entries the
/// guest pre-linked at `*res` and stores how many in `*res_len`.
#[allow(clippy::too_many_arguments)]
pub fn getaddrinfo(
    m: &mut [u8],
    node: u32,
    node_len: u32,
    service: u32,
    service_len: u32,
    hints: u32,
    res: u32,
    max_len: u32,
    res_len: u32,
) -> AbiResult<()> {
    let node = guest_str(m, node, node_len)?;
    let service = guest_str(m, service, service_len)?;
    let (flags, family, socktype, protocol) = if hints == 0 {
        (0, 0, 0, 0)
    } else {
        (
            mem::read_u16(m, hints)?,
            mem::read_u8(m, hints + 2)?,
            mem::read_u8(m, hints + 3)?,
            mem::read_u8(m, hints + 4)?,
        )
    };
    let family = match family {
        1 => Family::V4,
        2 => Family::V6,
        _ => Family::Any,
    };
    let port = service_port(&service)?;
    let hosts = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
    let ips = resolve(&node, family, flags & 1 != 0, &hosts)?;
    // A socket type of "any" answers with stream entries only.
    let socktype = if socktype == 0 { 2 } else { socktype };
    let protocol = match (protocol, socktype) {
        (0, 2) => 1,
        (0, 1) => 2,
        (p, _) => p,
    };
    let mut entry = mem::read_u32(m, res)?;
    let mut written = 0u32;
    for ip in ips.iter().take(max_len as usize) {
        if entry == 0 {
            break;
        }
        mem::write_u16(m, entry, 0)?;
        mem::write_u8(m, entry + 2, if ip.is_ipv4() { 1 } else { 2 })?;
        mem::write_u8(m, entry + 3, socktype)?;
        mem::write_u8(m, entry + 4, protocol)?;
        mem::write_u32(m, entry + 8, 12)?;
        mem::write_u32(m, entry + 20, 0)?;
        let sockaddr = mem::read_u32(m, entry + 12)?;
        // __wasi_sockaddr_t: family, data length, data = port (BE) then the
        // address laid out as in the host's sockaddr_in / sockaddr_in6.
        let mut data = Vec::with_capacity(26);
        data.extend_from_slice(&port.to_be_bytes());
        match ip {
            IpAddr::V4(v4) => {
                data.extend_from_slice(&v4.octets());
                data.resize(14, 0);
            }
            IpAddr::V6(v6) => {
                data.extend_from_slice(&[0; 4]);
                data.extend_from_slice(&v6.octets());
                data.resize(26, 0);
            }
        }
        mem::write_u8(m, sockaddr, if ip.is_ipv4() { 1 } else { 2 })?;
        mem::write_u32(m, sockaddr + 4, data.len() as u32)?;
        let data_ptr = mem::read_u32(m, sockaddr + 8)?;
        mem::write(m, data_ptr, &data)?;
        written += 1;
        entry = mem::read_u32(m, entry + 24)?;
    }
    mem::write_u32(m, res_len, written)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTS: &str =
        "127.0.0.1 localhost\n::1 localhost ip6-localhost\n10.1.2.3 db.internal db # x\n";

    #[test]
    fn resolves_offline() {
        let r = resolve("localhost", Family::Any, false, HOSTS).unwrap();
        assert_eq!(r[0], IpAddr::from(Ipv4Addr::LOCALHOST));
        assert_eq!(r.len(), 2);
        assert_eq!(
            resolve("DB", Family::V4, false, HOSTS).unwrap(),
            vec![IpAddr::from([10, 1, 2, 3])]
        );
        assert_eq!(resolve("db", Family::V6, false, HOSTS), Err(AINONAME));
        assert_eq!(
            resolve("example.com", Family::Any, false, HOSTS),
            Err(AINONAME)
        );
        assert_eq!(resolve("::1", Family::Any, false, "").unwrap().len(), 1);
        assert_eq!(
            resolve("localhost", Family::V6, false, "").unwrap().len(),
            1
        );
        assert_eq!(service_port("8080"), Ok(8080));
        assert_eq!(service_port("x"), Err(AISERVICE));
    }
}
