//! The JavaScript engine glue: QuickJS (through `rquickjs`), the module loader, the globals and
//! built-in modules a Node-style program expects, and the event loop that drives JavaScript jobs,
//! timers and sockets on one thread.
//!
//! The launcher builds an [`Options`] and calls [`run_main`]; everything else is internal.

mod bytes;
mod errors;
mod event_loop;
mod loader;
mod native;

pub use event_loop::{run_main, Options};
