//! The per-guest state a store carries, and the glue every host function
//! uses to reach guest memory and to return WASI errno values.

use wasmtime::{Caller, Extern};
use wasmtime_wasi::p1::types;
use wasmtime_wasi::p1::WasiP1Ctx;
use wiggle::GuestMemory;

use crate::mem::AbiResult;
use crate::sockets::SocketTable;

/// What a running guest owns on the host.
pub struct HostState {
    /// wasmtime-wasi's preview1 context: stdio, preopens, files, args, env.
    pub wasi: WasiP1Ctx,
    /// The guest's sockets (WasmEdge's extension).
    pub sockets: SocketTable,
    /// False once the guest closed descriptor 0.
    pub stdin_open: bool,
}

/// Runs `f` with the guest's exported memory and the host state.
/// A module without a `memory` export traps: every WASI call needs one.
pub fn with_mem<R>(
    caller: &mut Caller<'_, HostState>,
    f: impl FnOnce(&mut [u8], &mut HostState) -> R,
) -> wasmtime::Result<R> {
    let Some(Extern::Memory(memory)) = caller.get_export("memory") else {
        wasmtime::bail!("the module has no exported memory named `memory`");
    };
    let (data, state) = memory.data_and_store_mut(caller);
    Ok(f(data, state))
}

/// Turns an ABI result into the errno the guest sees.
pub fn errno(r: AbiResult<()>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) => e,
    }
}

/// Calls one of wasmtime-wasi's preview1 functions (for descriptors that are
/// not sockets). Its errors become errno values; its traps stay traps.
pub fn delegate<R>(
    data: &mut [u8],
    state: &mut HostState,
    f: impl FnOnce(&mut WasiP1Ctx, &mut GuestMemory<'_>) -> Result<R, types::Error>,
) -> wasmtime::Result<AbiResult<R>> {
    let mut memory = GuestMemory::Unshared(data);
    match f(&mut state.wasi, &mut memory) {
        Ok(v) => Ok(Ok(v)),
        Err(e) => {
            let errno = e.downcast()?;
            Ok(Err(errno as i32))
        }
    }
}
