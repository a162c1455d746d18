//! The native module `internal:native`: the Rust functions that the built-in JavaScript modules
//! build on. Its default export is one object holding every native function.

mod block;
mod crypto;
mod deflate;
mod digest;
mod ecdh;
mod encoding;
mod fs;
mod http_client;
mod http_server;
mod inflate;
mod io;
mod keycrypt;
mod modules;
pub(crate) mod net;
mod pkey;
mod timers;
mod transport;
mod url;
mod zlib;

pub(crate) use modules::{compile_common_js, import_sync};
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
        type Register = for<'a> fn(&Ctx<'a>, &Object<'a>) -> rquickjs::Result<()>;
        let areas: [Register; 14] = [
            io::register,
            modules::register,
            zlib::register,
            crypto::register,
            block::register,
            pkey::register,
            ecdh::register,
            fs::register,
            encoding::register,
            url::register,
            timers::register,
            net::register,
            http_server::register,
            http_client::register,
        ];
        // Each area registers into its own object, merged here: two areas choosing the same
        // name is an error at start-up instead of one silently replacing the other.
        for register in areas {
            let part = Object::new(ctx.clone())?;
            register(ctx, &part)?;
            for key in part.keys::<String>() {
                let key = key?;
                if native.contains_key(key.as_str())? {
                    return Err(rquickjs::Exception::throw_internal(
                        ctx,
                        &format!("two native functions are named {key}"),
                    ));
                }
                native.set(
                    key.as_str(),
                    part.get::<_, rquickjs::Value<'js>>(key.as_str())?,
                )?;
            }
        }
        exports.export("default", native)?;
        Ok(())
    }
}

/// The codec limits of HTTP messages, server and client: the codec's defaults (64 KiB of
/// head), but as many fields as Node.js keeps (`maxHeadersCount`, 2000) rather than a
/// public server's 100. Heads with up to 100 fields still parse without allocating.
pub(crate) fn http_limits() -> http_codec::Limits {
    http_codec::Limits {
        max_headers: 2000,
        ..http_codec::Limits::default()
    }
}
