//! The event loop: one QuickJS context, the nextTick and microtask queues, and the reactor's
//! tasks, driven in Node's order on one thread until nothing is left to do.
//!
//! Native operations (timers, sockets, HTTP) run as reactor tasks. Each holds a [`LoopRef`] while
//! it keeps the program alive, and calls back into JavaScript through [`call_js`], which enters
//! the context, runs the callback, reports an uncaught error, and drains the nextTick queue and
//! the promise jobs before it returns, as Node does after every macrotask.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use std::future::Future;

use rquickjs::{Context, Ctx, Function, Module, Object, Persistent, Promise, Runtime, Value};

use crate::errors;

/// What the launcher tells the engine about the process.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `process.argv`: the runtime's name, the script's path, then the script's arguments.
    pub argv: Vec<String>,
    /// `process.env`, from the WASI environment.
    pub env: Vec<(String, String)>,
    /// When true, `process.exit()` ends the process at once. When false (tests embedding the
    /// engine), it only stops the loop and [`run_main`] returns the code.
    pub allow_process_exit: bool,
}

/// Functions of the bootstrap module that the loop calls.
struct Hooks {
    run_ticks: Persistent<Function<'static>>,
    report_error: Persistent<Function<'static>>,
    emit_exit: Persistent<Function<'static>>,
}

/// State shared by the loop and every native operation.
pub(crate) struct Shared {
    context: Context,
    refs: Cell<usize>,
    /// Set once the program must stop: `process.exit(code)` or an uncaught error.
    stop: Cell<Option<Stop>>,
    hooks: RefCell<Option<Hooks>>,
    /// The exports of `internal:cjs` (CommonJS), once a module needed them.
    pub(crate) commonjs: RefCell<Option<Persistent<Object<'static>>>>,
    /// The nextTick queue may hold callbacks. JavaScript raises it (`native.ticksQueued()`) when
    /// the queue stops being empty, so that a callback that queued nothing costs no call into
    /// `runTicks` afterwards.
    ticks: Cell<bool>,
    /// Promises rejected with no handler yet, with their reasons.
    unhandled: RefCell<Vec<(Persistent<Value<'static>>, Persistent<Value<'static>>)>>,
    pub(crate) options: Options,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// `process.exit(code)`: 'exit' listeners already ran.
    Exit(i32),
    /// An uncaught error: 'exit' listeners still run, with code 1.
    Fatal,
}

thread_local! {
    static SHARED: RefCell<Option<Rc<Shared>>> = const { RefCell::new(None) };
}

/// The loop's shared state. Panics if called outside [`run_main`], which is a bug in the engine.
/// The working directory `process.cwd()` reports: `PWD` from the environment, else `/` (under
/// WASI, paths are resolved against the preopened directories, `/` standing for them).
pub(crate) fn working_dir() -> String {
    SHARED
        .with(|s| s.borrow().clone())
        .and_then(|s| {
            s.options
                .env
                .iter()
                .find(|(k, v)| k == "PWD" && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
        .unwrap_or_else(|| "/".to_string())
}

pub(crate) fn shared() -> Rc<Shared> {
    SHARED
        .with(|s| s.borrow().clone())
        .expect("engine used outside run_main")
}

/// Keeps the program alive while it exists, as a pending timer or an open socket does in Node.
pub(crate) struct LoopRef {
    shared: Rc<Shared>,
}

impl LoopRef {
    /// Takes a new reference on the loop.
    pub(crate) fn new() -> Self {
        let shared = shared();
        shared.refs.set(shared.refs.get() + 1);
        LoopRef { shared }
    }
}

impl Drop for LoopRef {
    fn drop(&mut self) {
        self.shared.refs.set(self.shared.refs.get() - 1);
    }
}

/// Enters the context from a reactor task, runs `f`, reports what it throws as an uncaught
/// error, then drains the nextTick queue and the promise jobs.
pub(crate) fn call_js<F>(f: F)
where
    F: for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<()>,
{
    let shared = shared();
    if shared.stop.get().is_some() {
        return;
    }
    shared.context.with(|ctx| {
        let result = f(&ctx);
        after_callback(&shared, &ctx, result);
    });
}

fn after_callback<'js>(shared: &Shared, ctx: &Ctx<'js>, result: rquickjs::Result<()>) {
    if let Err(e) = result {
        handle_error(shared, ctx, e);
    }
    if shared.stop.get().is_none() {
        drain(shared, ctx);
    }
}

/// Turns an error returned to Rust into the uncaught-error path, unless the program is exiting.
fn handle_error<'js>(shared: &Shared, ctx: &Ctx<'js>, e: rquickjs::Error) {
    let value = errors::caught_value(ctx, e);
    if matches!(shared.stop.get(), Some(Stop::Exit(_))) {
        return;
    }
    report(shared, ctx, value, "uncaughtException");
}

/// Gives an uncaught error to the bootstrap's reporter, which prints it unless a
/// `process.on('uncaughtException')` listener takes it. Unhandled, the program stops.
fn report<'js>(shared: &Shared, ctx: &Ctx<'js>, value: Value<'js>, kind: &str) {
    let reporter = shared
        .hooks
        .borrow()
        .as_ref()
        .and_then(|h| h.report_error.clone().restore(ctx).ok());
    let handled = match reporter {
        Some(reporter) => match reporter.call::<_, bool>((value.clone(), kind)) {
            Ok(handled) => handled,
            Err(e) => {
                let inner = errors::caught_value(ctx, e);
                errors::print_plain(&inner);
                false
            }
        },
        None => {
            errors::print_plain(&value);
            false
        }
    };
    if !handled && shared.stop.get().is_none() {
        shared.stop.set(Some(Stop::Fatal));
    }
}

/// Runs nextTick callbacks and promise jobs until both queues are empty, Node's order, then
/// reports rejections that are still unhandled.
fn drain<'js>(shared: &Shared, ctx: &Ctx<'js>) {
    loop {
        let mut ran = 0usize;
        if shared.ticks.replace(false) {
            let run_ticks = shared
                .hooks
                .borrow()
                .as_ref()
                .and_then(|h| h.run_ticks.clone().restore(ctx).ok());
            if let Some(run_ticks) = run_ticks {
                match run_ticks.call::<_, usize>(()) {
                    Ok(n) => ran = n,
                    Err(e) => {
                        // A tick threw: the ones after it are still queued.
                        shared.ticks.set(true);
                        handle_error(shared, ctx, e);
                    }
                }
            }
        }
        if shared.stop.get().is_some() {
            return;
        }
        let mut jobs = false;
        while ctx.execute_pending_job() {
            jobs = true;
            if shared.stop.get().is_some() {
                return;
            }
        }
        if (ran == 0 || !shared.ticks.get()) && !jobs {
            break;
        }
    }
    let pending: Vec<_> = shared.unhandled.borrow_mut().drain(..).collect();
    for (_promise, reason) in pending {
        if shared.stop.get().is_some() {
            return;
        }
        if let Ok(reason) = reason.restore(ctx) {
            report(shared, ctx, reason, "unhandledRejection");
        }
    }
}

fn install_rejection_tracker(rt: &Runtime) {
    rt.set_host_promise_rejection_tracker(Some(Box::new(|ctx, promise, reason, handled| {
        let Some(shared) = SHARED.with(|s| s.borrow().clone()) else {
            return;
        };
        let mut list = shared.unhandled.borrow_mut();
        if handled {
            list.retain(|(p, _)| match p.clone().restore(&ctx) {
                Ok(p) => p != promise,
                Err(_) => false,
            });
        } else {
            list.push((
                Persistent::save(&ctx, promise),
                Persistent::save(&ctx, reason),
            ));
        }
    })));
}

/// Runs `source` as the entry ES module `name` and everything it starts, to completion.
/// Returns the process exit code: `process.exit(n)`'s, 1 after an uncaught error, else
/// `process.exitCode` (0 by default).
pub fn run_main(name: &str, source: &str, options: Options) -> i32 {
    let rt = match Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot create the JavaScript runtime: {e}");
            return 70;
        }
    };
    // Deep recursion in user code must raise a RangeError, not overflow the wasm stack.
    rt.set_max_stack_size(512 * 1024);
    // QuickJS collects cycles first at 256 KiB of heap, which start-up alone passes; from 1 MiB
    // on, a program's start runs no collection (later ones come at 1.5 times the heap left).
    rt.set_gc_threshold(1 << 20);
    let context = match Context::full(&rt) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot create the JavaScript context: {e}");
            return 70;
        }
    };
    crate::loader::install(&rt);
    install_rejection_tracker(&rt);
    let shared = Rc::new(Shared {
        context: context.clone(),
        refs: Cell::new(0),
        stop: Cell::new(None),
        hooks: RefCell::new(None),
        commonjs: RefCell::new(None),
        ticks: Cell::new(true),
        unhandled: RefCell::new(Vec::new()),
        options,
    });
    SHARED.with(|s| *s.borrow_mut() = Some(shared.clone()));

    let booted = context.with(|ctx| boot(&shared, &ctx));
    if booted {
        context.with(|ctx| {
            // A CommonJS program runs here and now; an ES module is evaluated below.
            let result = crate::loader::run_common_js_main(&ctx, name, source).and_then(|ran| {
                if ran {
                    return Ok(());
                }
                let module = Module::declare(ctx.clone(), name, source)?;
                crate::loader::set_meta(&module, name)?;
                module.eval().map(|_evaluated| ())
            });
            // Node evaluates the entry ES module inside a promise job, so the promise jobs it
            // queued run before the nextTick queue does.
            if result.is_ok() {
                while ctx.execute_pending_job() {}
            }
            after_callback(&shared, &ctx, result);
        });
        while shared.stop.get().is_none() {
            reactor::run_ready();
            crate::native::retire_finished();
            if shared.stop.get().is_some() || shared.refs.get() == 0 {
                break;
            }
            // Every turn looks at the sockets, even when tasks are already runnable (the park
            // then does not block): readiness is picked up in turn for every connection, and
            // a busy one cannot starve the others.
            reactor::park(None);
        }
    }
    let code = context.with(|ctx| finish(&shared, &ctx));
    flush_stdio();
    SHARED.with(|s| *s.borrow_mut() = None);
    drop(shared);
    // Tasks that were still pending (unref'd timers, sockets the program left open) hold
    // references into the runtime, and the process ends right after this returns: leave the
    // runtime to the process's end instead of freeing it under them.
    std::mem::forget(context);
    std::mem::forget(rt);
    code
}

/// Loads the bootstrap module, which installs the globals, and keeps its hooks.
fn boot<'js>(shared: &Shared, ctx: &Ctx<'js>) -> bool {
    let result = (|| -> rquickjs::Result<Object<'js>> {
        let (module, promise) =
            crate::loader::declare_builtin(ctx, "internal:bootstrap")?.eval()?;
        promise.finish::<()>()?;
        module.get::<_, Object<'js>>("hooks")
    })();
    match result {
        Ok(hooks) => {
            let get = |name: &str| -> rquickjs::Result<Persistent<Function<'static>>> {
                Ok(Persistent::save(ctx, hooks.get::<_, Function<'js>>(name)?))
            };
            match (get("runTicks"), get("reportError"), get("emitExit")) {
                (Ok(run_ticks), Ok(report_error), Ok(emit_exit)) => {
                    *shared.hooks.borrow_mut() = Some(Hooks {
                        run_ticks,
                        report_error,
                        emit_exit,
                    });
                    true
                }
                _ => {
                    eprintln!("internal error: the bootstrap module lacks its hooks");
                    shared.stop.set(Some(Stop::Fatal));
                    false
                }
            }
        }
        Err(e) => {
            let value = errors::caught_value(ctx, e);
            eprint!("internal error while starting: ");
            errors::print_plain(&value);
            shared.stop.set(Some(Stop::Fatal));
            false
        }
    }
}

/// Emits `process.on('exit')` (unless `process.exit` already did) and decides the exit code.
fn finish<'js>(shared: &Shared, ctx: &Ctx<'js>) -> i32 {
    match shared.stop.get() {
        Some(Stop::Exit(code)) => code,
        stop => {
            let fatal = stop == Some(Stop::Fatal);
            let emit = shared
                .hooks
                .borrow()
                .as_ref()
                .and_then(|h| h.emit_exit.clone().restore(ctx).ok());
            let Some(emit) = emit else {
                return if fatal { 1 } else { 0 };
            };
            match emit.call::<_, i32>((fatal,)) {
                Ok(code) => code,
                Err(e) => {
                    let value = errors::caught_value(ctx, e);
                    if let Some(Stop::Exit(code)) = shared.stop.get() {
                        return code;
                    }
                    errors::print_plain(&value);
                    7
                }
            }
        }
    }
}

/// The nextTick queue went from empty to not empty: the next drain runs it.
pub(crate) fn ticks_queued() {
    shared().ticks.set(true);
}

/// `process.exit(code)` after the 'exit' listeners ran: ends the process, or stops the loop when
/// the embedder forbade ending the process.
pub(crate) fn exit_now(code: i32) {
    let shared = shared();
    if shared.options.allow_process_exit {
        flush_stdio();
        std::process::exit(code);
    }
    shared.stop.set(Some(Stop::Exit(code)));
}

fn flush_stdio() {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

/// QuickJS heap figures: (bytes in use, bytes allocated).
pub(crate) fn memory_usage<'js>(ctx: &Ctx<'js>) -> (i64, i64) {
    let mut usage = std::mem::MaybeUninit::<rquickjs::qjs::JSMemoryUsage>::zeroed();
    // SAFETY: `ctx` is a live context whose runtime lock this thread holds; the call only fills
    // the struct it is given, which is zero-initialised and read only after the call.
    let usage = unsafe {
        let rt = rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr());
        rquickjs::qjs::JS_ComputeMemoryUsage(rt, usage.as_mut_ptr());
        usage.assume_init()
    };
    (usage.memory_used_size as i64, usage.malloc_size as i64)
}

/// Settles a new promise with the outcome of `fut`, in a task that keeps the program alive.
/// `settle` turns the Rust outcome into the JavaScript value, or an error value to reject with.
pub(crate) fn spawn_promise<'js, T, F, S>(
    ctx: &Ctx<'js>,
    fut: F,
    settle: S,
) -> rquickjs::Result<Promise<'js>>
where
    T: 'static,
    F: Future<Output = T> + 'static,
    S: for<'a> FnOnce(&Ctx<'a>, T) -> Result<Value<'a>, Value<'a>> + 'static,
{
    let (promise, resolve, reject) = Promise::new(ctx)?;
    let resolve = Persistent::save(ctx, resolve);
    let reject = Persistent::save(ctx, reject);
    let hold = LoopRef::new();
    reactor::spawn(async move {
        let out = fut.await;
        call_js(move |ctx| match settle(ctx, out) {
            Ok(v) => resolve.restore(ctx)?.call::<_, ()>((v,)),
            Err(e) => reject.restore(ctx)?.call::<_, ()>((e,)),
        });
        drop(hold);
    })
    .detach();
    Ok(promise)
}
