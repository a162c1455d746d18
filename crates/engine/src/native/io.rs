//! Process natives: standard output and error, argv and environment, exit, clocks and memory.

use std::io::Write;
use std::time::Instant;

use rquickjs::promise::PromiseState;
use rquickjs::{Array, Ctx, Exception, Function, Object, Value};

use crate::event_loop;

thread_local! {
    static START: Instant = Instant::now();
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    START.with(|_| ());
    // isatty(fd) -> whether standard input, output or error (0, 1, 2) is a terminal.
    native.set(
        "isatty",
        Function::new(ctx.clone(), |fd: i32| -> bool {
            use std::io::IsTerminal;
            match fd {
                0 => std::io::stdin().is_terminal(),
                1 => std::io::stdout().is_terminal(),
                2 => std::io::stderr().is_terminal(),
                _ => false,
            }
        })?,
    )?;
    native.set(
        "writeOut",
        Function::new(
            ctx.clone(),
            |s: rquickjs::String<'_>| -> rquickjs::Result<()> {
                let s = s.to_string()?;
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(s.as_bytes());
                Ok(())
            },
        )?,
    )?;
    native.set(
        "writeErr",
        Function::new(
            ctx.clone(),
            |s: rquickjs::String<'_>| -> rquickjs::Result<()> {
                let s = s.to_string()?;
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(s.as_bytes());
                Ok(())
            },
        )?,
    )?;
    native.set("promiseState", Function::new(ctx.clone(), promise_state)?)?;
    // stdinRead(max): the next bytes of standard input, up to `max`; empty at its end. The
    // read blocks until input comes (WASI gives no way to wait for stdin among the sockets).
    native.set(
        "stdinRead",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, max: usize| -> rquickjs::Result<rquickjs::TypedArray<'js, u8>> {
                let mut buf = vec![0u8; max.clamp(1, 1 << 20)];
                let n = loop {
                    match std::io::Read::read(&mut std::io::stdin().lock(), &mut buf) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            return Err(ctx.throw(crate::errors::io_error(&ctx, &e, "read", None)))
                        }
                    }
                };
                buf.truncate(n);
                rquickjs::TypedArray::new(ctx, buf)
            },
        )?,
    )?;
    native.set(
        "argv",
        Function::new(ctx.clone(), || event_loop::shared().options.argv.clone())?,
    )?;
    native.set(
        "env",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>| -> rquickjs::Result<Object<'js>> {
                let env = Object::new(ctx)?;
                for (k, v) in &event_loop::shared().options.env {
                    env.set(k.as_str(), v.as_str())?;
                }
                Ok(env)
            },
        )?,
    )?;
    native.set(
        "exit",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, code: i32| -> rquickjs::Result<()> {
                event_loop::exit_now(code);
                // Only reached when the embedder keeps the process: unwind the script.
                Err(Exception::throw_internal(&ctx, "process.exit() called"))
            },
        )?,
    )?;
    native.set(
        "now",
        Function::new(ctx.clone(), || {
            START.with(|s| s.elapsed().as_secs_f64() * 1000.0)
        })?,
    )?;
    native.set(
        "hrtime",
        Function::new(ctx.clone(), || -> f64 {
            START.with(|s| s.elapsed().as_nanos() as f64)
        })?,
    )?;
    native.set(
        "timeOrigin",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
            - START.with(|s| s.elapsed().as_secs_f64() * 1000.0),
    )?;
    native.set(
        "gc",
        Function::new(ctx.clone(), |ctx: Ctx<'js>| ctx.run_gc())?,
    )?;
    native.set(
        "memoryUsage",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>| -> rquickjs::Result<Object<'js>> {
                let o = Object::new(ctx.clone())?;
                // Linear memory size: what the wasm instance holds from its host.
                o.set("rss", linear_memory_bytes() as f64)?;
                let usage = event_loop::memory_usage(&ctx);
                o.set("heapUsed", usage.0 as f64)?;
                o.set("heapTotal", usage.1 as f64)?;
                Ok(o)
            },
        )?,
    )?;
    // cpuUsage(): [user, system] CPU time of this process so far, in microseconds.
    native.set(
        "cpuUsage",
        Function::new(ctx.clone(), || -> Vec<f64> {
            let (user, system) = cpu_time_us();
            vec![user, system]
        })?,
    )?;
    // loadBuiltin(name): evaluates a built-in module now, for globals that load on first use.
    native.set(
        "loadBuiltin",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, name: String| -> rquickjs::Result<()> { load_builtin_now(&ctx, &name) },
        )?,
    )?;
    native.set(
        "platform",
        if cfg!(target_os = "wasi") {
            "wasi"
        } else {
            std::env::consts::OS
        },
    )?;
    Ok(())
}

/// Loads and evaluates the built-in module `name` synchronously (QuickJS evaluates a module
/// without top-level await at once; only the namespace arrives later, through a promise that
/// is not needed here: the module hands its exports over as it evaluates).
fn load_builtin_now<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<()> {
    if !crate::loader::is_builtin_module(name) {
        return Err(Exception::throw_type(
            ctx,
            &format!("no built-in module {name}"),
        ));
    }
    let name = std::ffi::CString::new(name)?;
    // SAFETY: the context is live and locked for the duration of this native call; both
    // strings are NUL-terminated and outlive the call; the returned value is owned and handed
    // to `Value::from_raw`, which frees it when dropped.
    let result = unsafe {
        let raw = rquickjs::qjs::JS_LoadModule(
            ctx.as_raw().as_ptr(),
            c"internal:bootstrap".as_ptr(),
            name.as_ptr(),
        );
        rquickjs::Value::from_raw(ctx.clone(), raw)
    };
    if result.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    let promise = rquickjs::Promise::from_value(result)?;
    if let rquickjs::promise::PromiseState::Rejected = promise.state() {
        let reason: rquickjs::Value<'js> = match promise.result::<rquickjs::Value<'js>>() {
            Some(Err(rquickjs::Error::Exception)) => ctx.catch(),
            Some(Ok(v)) => v,
            _ => rquickjs::Value::new_undefined(ctx.clone()),
        };
        // Handled here: mark it so, then throw the reason where the global was read.
        let noop = Function::new(ctx.clone(), || ())?;
        let _ = promise
            .catch()?
            .call::<_, rquickjs::Value<'js>>((rquickjs::function::This(promise.clone()), noop));
        return Err(ctx.throw(reason));
    }
    Ok(())
}

/// CPU time used by the process, user and system, in microseconds. WASI reports one
/// process CPU clock, not the split: all of it counts as user time. Zero where the host
/// has no such clock.
#[cfg(target_os = "wasi")]
fn cpu_time_us() -> (f64, f64) {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        fn clock_time_get(id: u32, precision: u64, time: *mut u64) -> u16;
    }
    /// WASI's clock id for the CPU time of the whole process.
    const PROCESS_CPUTIME: u32 = 2;
    let mut ns = 0u64;
    // SAFETY: the host writes one u64 through the pointer, which points at a live local.
    let errno = unsafe { clock_time_get(PROCESS_CPUTIME, 1000, &mut ns) };
    if errno != 0 {
        return (0.0, 0.0);
    }
    ((ns / 1000) as f64, 0.0)
}

/// The same natively: utime and stime from /proc, in clock ticks of 10 ms.
#[cfg(not(target_os = "wasi"))]
fn cpu_time_us() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let mut fields = after.split_whitespace().skip(11);
    let mut ticks = || {
        fields
            .next()
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let (user, system) = (ticks(), ticks());
    (user * 10_000.0, system * 10_000.0)
}

#[cfg(target_arch = "wasm32")]
fn linear_memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) * 65536
}

#[cfg(not(target_arch = "wasm32"))]
fn linear_memory_bytes() -> usize {
    // Resident set size from /proc where there is one.
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<usize>().ok())
        })
        .map(|pages| pages * 4096)
        .unwrap_or(0)
}

/// What util.inspect shows of a promise: `undefined` for anything else, `[0]` while pending,
/// `[1, value]` once fulfilled, `[2, reason]` once rejected. Looking does not count as
/// handling a rejection.
fn promise_state<'js>(ctx: Ctx<'js>, value: Value<'js>) -> rquickjs::Result<Value<'js>> {
    let Some(promise) = value.as_promise() else {
        return Ok(Value::new_undefined(ctx));
    };
    let out = Array::new(ctx.clone())?;
    match promise.state() {
        PromiseState::Pending => out.set(0, 0)?,
        PromiseState::Resolved => {
            out.set(0, 1)?;
            if let Some(v) = promise.result::<Value<'js>>() {
                out.set(1, v?)?;
            }
        }
        PromiseState::Rejected => {
            out.set(0, 2)?;
            // rquickjs hands a rejection reason over as a thrown exception.
            if let Some(Err(rquickjs::Error::Exception)) = promise.result::<Value<'js>>() {
                out.set(1, ctx.catch())?;
            }
        }
    }
    Ok(out.into_value())
}
