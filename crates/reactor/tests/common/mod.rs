//! Shared by the integration tests: a time bound for every test future.

use std::future::Future;
use std::time::Duration;

/// Runs `fut` on the reactor, failing the test if it takes longer than `limit`.
pub fn run_bounded<T>(limit: Duration, fut: impl Future<Output = T>) -> T {
    reactor::block_on(futures_lite::future::or(async { Some(fut.await) }, async {
        reactor::sleep(limit).await;
        None
    }))
    .unwrap_or_else(|| panic!("test did not finish within {limit:?}"))
}
