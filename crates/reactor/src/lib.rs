//! A single-threaded executor and readiness reactor: TCP sockets, timers and name lookup
//! for a program that does all its I/O on one thread without blocking.
//!
//! The same API runs natively (libc sockets and `poll(2)`) and on `wasm32-wasip1` under
//! WasmEdge (its socket extension and `poll_oneoff`). Tasks are local (`!Send`) futures
//! owned by this thread's executor; the reactor wakes them when their socket is ready or
//! their timer is due. An event loop looks like this:
//!
//! ```no_run
//! loop {
//!     // ... run other queued work (for example JavaScript jobs) ...
//!     if reactor::run_ready() == 0 && reactor::live_tasks() == 0 {
//!         break;
//!     }
//!     reactor::park(None);
//! }
//! ```
//!
//! or, to drive one future to completion:
//!
//! ```
//! use futures_lite::{AsyncReadExt, AsyncWriteExt};
//! use reactor::{block_on, spawn, TcpListener, TcpStream};
//!
//! block_on(async {
//!     let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap())?;
//!     let addr = listener.local_addr()?;
//!     spawn(async move {
//!         while let Ok((mut conn, _peer)) = listener.accept().await {
//!             spawn(async move {
//!                 let mut buf = [0u8; 1024];
//!                 while let Ok(n @ 1..) = conn.read(&mut buf).await {
//!                     if conn.write_all(&buf[..n]).await.is_err() {
//!                         break;
//!                     }
//!                 }
//!             })
//!             .detach();
//!         }
//!     })
//!     .detach();
//!     let mut client = TcpStream::connect(addr).await?;
//!     client.write_all(b"ping").await?;
//!     let mut reply = [0u8; 4];
//!     client.read_exact(&mut reply).await?;
//!     assert_eq!(&reply, b"ping");
//!     std::io::Result::Ok(())
//! })
//! .unwrap();
//! ```

#![warn(missing_docs)]

mod executor;
mod lookup;
mod net;
mod reactor;
mod sys;
mod timer;

pub use executor::{block_on, live_tasks, run_ready, spawn, Task};
pub use lookup::lookup;
pub use net::{TcpListener, TcpStream, DEFAULT_BACKLOG};
pub use reactor::park;
pub use timer::{sleep, Timer};
