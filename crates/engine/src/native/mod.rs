//! The native module `internal:native`: the Rust functions that the built-in JavaScript modules
//! build on. Its default export is one object holding every native function.

mod encoding;
mod http_client;
mod http_server;
mod io;
mod net;
mod timers;
mod url;

pub(crate) use timers::retire_finished;

use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Object};

/// The `internal:native` module.
pub(crate) struct NativeModule;

impl ModuleDef for NativeModule {
    fn declare<'js>(decl: &Declarations<'js>) -> rquickjs::Result<()> {
        decl.declare("default")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> rquickjs::Result<()> {
        let native = Object::new(ctx.clone())?;
        io::register(ctx, &native)?;
        encoding::register(ctx, &native)?;
        url::register(ctx, &native)?;
        timers::register(ctx, &native)?;
        net::register(ctx, &native)?;
        http_server::register(ctx, &native)?;
        http_client::register(ctx, &native)?;
        exports.export("default", native)?;
        Ok(())
    }
}
