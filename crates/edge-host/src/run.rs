//! Runs one wasm32-wasip1 command module: engine, cache, WASI context,
//! linker (wasmtime-wasi plus our socket and override functions), `_start`.

use wasmtime::{Config, Engine, Linker, Store};
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtxBuilder};

use crate::cli::Options;
use crate::sockets::SocketTable;
use crate::state::HostState;

/// Exit status WasmEdge gives a trapped guest.
pub const TRAP_EXIT: i32 = 134;

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// The guest returned or called `proc_exit`.
    Exit(i32),
    /// The guest trapped; the message says why.
    Trap(String),
}

/// Loads, links and runs the module; `Err` is a setup failure (unreadable
/// file, invalid module, missing import), not a guest failure.
pub fn run(opts: &Options) -> wasmtime::Result<Outcome> {
    let wasm = std::fs::read(&opts.wasm)
        .map_err(|e| wasmtime::format_err!("cannot read {}: {e}", opts.wasm.display()))?;
    let mut config = Config::new();
    config.strategy(wasmtime::Strategy::Cranelift);
    let engine = Engine::new(&config)?;
    let cache_dir = if opts.cache {
        crate::cache::default_dir()
    } else {
        None
    };
    let module = crate::cache::load_or_compile(&engine, &wasm, cache_dir.as_deref())?;

    let mut builder = WasiCtxBuilder::new();
    builder.inherit_stdio().allow_blocking_current_thread(true);
    builder.arg(opts.wasm.to_string_lossy());
    for arg in &opts.args {
        builder.arg(arg);
    }
    for (k, v) in &opts.env {
        builder.env(k, v);
    }
    for d in &opts.dirs {
        let perms = if d.readonly {
            FsPerms::ReadOnly
        } else {
            FsPerms::ReadWrite
        };
        builder
            .preopened_dir(&d.host, &d.guest, perms)
            .map_err(|e| wasmtime::format_err!("--dir {}: {e:#}", d.host.display()))?;
    }
    let state = HostState {
        wasi: builder.build_p1(),
        sockets: SocketTable::default(),
        stdin_open: true,
        memory: None,
    };

    let mut linker: Linker<HostState> = Linker::new(&engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s: &mut HostState| &mut s.wasi)?;
    crate::wasi_fd::add_to_linker(&mut linker)?;
    crate::sock_abi::add_to_linker(&mut linker, &module)?;

    let mut store = Store::new(&engine, state);
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    Ok(match start.call(&mut store, ()) {
        Ok(()) => Outcome::Exit(0),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => Outcome::Exit(exit.0),
            None => Outcome::Trap(format!("{e:?}")),
        },
    })
}
