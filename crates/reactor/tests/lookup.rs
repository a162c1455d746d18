//! Name lookup: numeric addresses, `localhost`, and malformed input.

mod common;

use reactor::lookup;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

#[test]
fn numeric_addresses_are_parsed_in_place() {
    common::run_bounded(Duration::from_secs(5), async {
        let v4 = lookup("127.0.0.1", 8080).await.unwrap();
        assert_eq!(
            v4,
            vec![SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8080)]
        );
        let v6 = lookup("::1", 443).await.unwrap();
        assert_eq!(
            v6,
            vec![SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 443)]
        );
        let bracketed = lookup("[::1]", 1).await.unwrap();
        assert_eq!(
            bracketed,
            vec![SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 1)]
        );
    });
}

#[test]
fn localhost_resolves_to_loopback() {
    let addrs = common::run_bounded(Duration::from_secs(10), lookup("localhost", 80)).unwrap();
    assert!(!addrs.is_empty());
    for a in &addrs {
        assert!(a.ip().is_loopback() && a.port() == 80, "{a}");
    }
    println!("localhost: {addrs:?}");
}

#[test]
fn malformed_names_are_rejected() {
    common::run_bounded(Duration::from_secs(5), async {
        for bad in ["", "a\0b"] {
            let err = lookup(bad, 80).await.unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad:?}: {err}");
        }
        let long = "a".repeat(300);
        assert_eq!(
            lookup(&long, 80).await.unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
    });
}
