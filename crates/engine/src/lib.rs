//! The JavaScript engine glue (work in progress).

use rquickjs::{Context, Function, Module, Runtime};

/// Runs `source` as an ES module named `name`; returns the exit code.
pub fn run_module(name: &str, source: &str) -> i32 {
    let rt = match Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot create runtime: {e}");
            return 1;
        }
    };
    let ctx = match Context::full(&rt) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot create context: {e}");
            return 1;
        }
    };
    ctx.with(|ctx| {
        let print = Function::new(ctx.clone(), |s: String| println!("{s}")).unwrap();
        ctx.globals().set("print", print).unwrap();
        match Module::evaluate(ctx.clone(), name, source) {
            Ok(p) => {
                if let Err(e) = p.finish::<()>() {
                    eprintln!("{e}");
                    return 1;
                }
                0
            }
            Err(e) => {
                eprintln!("{e}");
                1
            }
        }
    })
}
