//! The per-guest state a store carries, and the glue every host function
//! uses to reach guest memory and to return WASI errno values.

use wasmtime::{Caller, Extern, Memory};
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
    /// The guest's exported memory, found on the first call that needs it.
    pub memory: Option<Memory>,
}

/// A hasher for descriptor numbers and other small integer keys: a multiply and a rotate
/// per word (the FxHash scheme) instead of SipHash, whose resistance to chosen keys buys
/// nothing for numbers the host hands out itself.
#[derive(Default, Clone, Copy)]
pub struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`IntHasher`]s for `HashMap` and `HashSet`.
pub type IntHash = std::hash::BuildHasherDefault<IntHasher>;

/// Runs `f` with the guest's exported memory and the host state.
/// A module without a `memory` export traps: every WASI call needs one.
pub fn with_mem<R>(
    caller: &mut Caller<'_, HostState>,
    f: impl FnOnce(&mut [u8], &mut HostState) -> R,
) -> wasmtime::Result<R> {
    let memory = match caller.data().memory {
        Some(memory) => memory,
        None => {
            let Some(Extern::Memory(memory)) = caller.get_export("memory") else {
                wasmtime::bail!("the module has no exported memory named `memory`");
            };
            caller.data_mut().memory = Some(memory);
            memory
        }
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
