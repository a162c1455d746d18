//! HTTP server natives behind `node:http`'s Server (to be written).

use rquickjs::{Ctx, Object};

pub(super) fn register<'js>(_ctx: &Ctx<'js>, _native: &Object<'js>) -> rquickjs::Result<()> {
    Ok(())
}
