//! Module natives behind CommonJS (`js/cjs.js`): compiling a CommonJS module, evaluating an ES
//! module synchronously for `require`, reading module files, and the list of built-ins.

use rquickjs::context::EvalOptions;
use rquickjs::promise::PromiseState;
use rquickjs::{Ctx, Function, Module, Object, Value};

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set(
        "compileCommonJs",
        Function::new(ctx.clone(), compile_common_js)?,
    )?;
    native.set("importSync", Function::new(ctx.clone(), import_sync)?)?;
    native.set(
        "readModuleText",
        Function::new(ctx.clone(), read_module_text)?,
    )?;
    native.set("pathKind", Function::new(ctx.clone(), path_kind)?)?;
    native.set(
        "packageType",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, filename: String| -> rquickjs::Result<Option<&'static str>> {
                crate::loader::package_type(&ctx, &filename)
            },
        )?,
    )?;
    native.set(
        "builtinModules",
        Function::new(ctx.clone(), crate::loader::public_builtins)?,
    )?;
    Ok(())
}

/// The parameters Node gives a CommonJS module's code.
const WRAPPER_HEAD: &str = "(function (exports, require, module, __filename, __dirname) { ";

/// Compiles the source of a CommonJS module, named `filename` in stack traces, into the
/// function that runs it. The file's first line shares the wrapper's line, so line numbers are
/// the file's own (columns on the first line are off by the wrapper's length). A SyntaxError
/// is thrown as QuickJS reports it.
pub(crate) fn compile_common_js<'js>(
    ctx: Ctx<'js>,
    source: String,
    filename: String,
) -> rquickjs::Result<Function<'js>> {
    // A `#!` line is allowed at the start of a file, not inside a function.
    let body = match source.strip_prefix("#!") {
        Some(rest) => format!("//{rest}"),
        None => source,
    };
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(filename);
    ctx.eval_with_options(format!("{WRAPPER_HEAD}{body}\n}})"), options)
}

/// Loads and evaluates the ES module `name` (a built-in's canonical name or a file's path) at
/// once, as `require` does, and returns its namespace. Node's errors for a module that cannot
/// finish synchronously (top-level await) and for one whose evaluation threw.
pub(crate) fn import_sync<'js>(ctx: Ctx<'js>, name: String) -> rquickjs::Result<Object<'js>> {
    let source = format!(
        "import * as ns from {};\nexport {{ ns }};\n",
        crate::loader::js_string(&name)
    );
    let (module, promise) =
        Module::declare(ctx.clone(), format!("internal:require:{name}"), source)?.eval()?;
    match promise.state() {
        PromiseState::Resolved => module.get("ns"),
        PromiseState::Rejected => {
            let reason = match promise.result::<Value<'js>>() {
                Some(Ok(v)) => v,
                Some(Err(rquickjs::Error::Exception)) => ctx.catch(),
                _ => Value::new_undefined(ctx.clone()),
            };
            Err(ctx.throw(reason))
        }
        PromiseState::Pending => Err(crate::errors::throw_coded(
            &ctx,
            "ERR_REQUIRE_ASYNC_MODULE",
            &format!(
                "require() cannot be used on an ESM graph with top-level await. Use import() \
                 instead.\n  From {name}"
            ),
        )),
    }
}

/// The text of the file at `path`, or `undefined` when it cannot be read (missing, a
/// directory, outside the directories the program was given). A UTF-8 byte order mark is
/// dropped, as Node does.
fn read_module_text(path: String) -> Option<String> {
    let bytes = std::fs::read(&path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// 1 for a file, 2 for a directory, 0 when there is nothing there (or nothing visible).
fn path_kind(path: String) -> i32 {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => 1,
        Ok(m) if m.is_dir() => 2,
        _ => 0,
    }
}
