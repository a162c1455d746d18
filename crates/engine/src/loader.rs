//! The module loader: built-in modules compiled into the binary as bytecode by build.rs
//! (`events` and `node:events` alike), ES modules from files relative to the importing file (a
//! missing `.js` is added), and JSON modules.

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Function, Module, Object, Persistent, Runtime};

include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// The name of the native module, importable only by built-in modules.
const NATIVE: &str = "internal:native";

/// The bytecode of the built-in module with canonical name `name`.
fn builtin_bytecode(name: &str) -> Option<&'static [u8]> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// Whether `name` is the canonical name of a built-in module.
pub(crate) fn is_builtin_module(name: &str) -> bool {
    builtin_bytecode(name).is_some()
}

/// Declares the built-in module with canonical name `name` from its bytecode.
pub(crate) fn declare_builtin<'js>(
    ctx: &Ctx<'js>,
    name: &str,
) -> rquickjs::Result<Module<'js, Declared>> {
    if !is_builtin_module(name) {
        return Err(rquickjs::Error::new_loading_message(
            name,
            format!("no built-in module {name}"),
        ));
    }
    // SAFETY: `read_builtin` returns a module of the context it is given, or null with an
    // exception pending.
    unsafe { Module::from_load_fn(ctx.clone(), name, read_builtin) }
}

/// Reads a built-in module from its bytecode and loads the modules it imports (a module
/// compiled from source has them loaded by the compiler; one read from bytecode does not,
/// and the first module evaluated, the bootstrap, needs them before it is linked).
/// Returns null, with an exception pending, when that fails.
unsafe extern "C" fn read_builtin(
    ctx: *mut rquickjs::qjs::JSContext,
    name: *const std::ffi::c_char,
) -> *mut rquickjs::qjs::JSModuleDef {
    use rquickjs::qjs;
    // SAFETY: QuickJS (through `Module::from_load_fn`) passes a live, locked context and
    // the NUL-terminated name it was given. The bytes are what build.rs wrote with
    // `Module::write` for this module, by the QuickJS release this binary runs (one pinned
    // rquickjs version), so they are valid bytecode. A module value read from them is
    // owned by the context's module list, as a compiled one is, so it is not freed here.
    unsafe {
        let name = std::ffi::CStr::from_ptr(name).to_str().unwrap_or_default();
        let Some(bytecode) = builtin_bytecode(name) else {
            return std::ptr::null_mut();
        };
        let value = qjs::JS_ReadObject(
            ctx,
            bytecode.as_ptr(),
            bytecode.len() as _,
            qjs::JS_READ_OBJ_BYTECODE as i32,
        );
        if qjs::JS_VALUE_GET_TAG(value) != qjs::JS_TAG_MODULE
            || qjs::JS_ResolveModule(ctx, value) < 0
        {
            return std::ptr::null_mut();
        }
        qjs::JS_VALUE_GET_PTR(value).cast()
    }
}

/// The canonical name of a built-in specifier (`events`, `node:events`), if it is one.
fn builtin_name(specifier: &str) -> Option<&'static str> {
    let bare = specifier.strip_prefix("node:").unwrap_or(specifier);
    BUILTINS
        .iter()
        .map(|(n, _)| *n)
        .find(|n| n.strip_prefix("node:") == Some(bare))
}

fn is_builtin(name: &str) -> bool {
    name.starts_with("node:") || name.starts_with("internal:")
}

/// The names of the built-in modules a program may import, without `node:`.
pub(crate) fn public_builtins() -> Vec<String> {
    BUILTINS
        .iter()
        .filter_map(|(n, _)| n.strip_prefix("node:"))
        .map(str::to_string)
        .collect()
}

/// Prefix of the modules `require` declares to evaluate an ES module synchronously.
const REQUIRE_PREFIX: &str = "internal:require:";

thread_local! {
    /// Files loaded as CommonJS for an `import`: their ES module faces import `internal:cjs`.
    static COMMONJS_FACES: std::cell::RefCell<std::collections::HashSet<String>> =
        Default::default();
}

/// Runs the program's file `name` if it is a CommonJS module (returns true); an ES module is
/// left to the caller (false).
pub(crate) fn run_common_js_main(
    ctx: &Ctx<'_>,
    name: &str,
    source: &str,
) -> rquickjs::Result<bool> {
    let Kind::CommonJs(function) = kind_of(ctx, name, source)? else {
        return Ok(false);
    };
    commonjs(ctx)?
        .get::<_, Function<'_>>("runMain")?
        .call::<_, ()>((absolute(name), function))?;
    Ok(true)
}

/// The exports of `internal:cjs`, loaded the first time a module needs them.
fn commonjs<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let shared = crate::event_loop::shared();
    if let Some(saved) = shared.commonjs.borrow().as_ref() {
        return saved.clone().restore(ctx);
    }
    let exports = crate::native::import_sync(ctx.clone(), "internal:cjs".to_string())?;
    *shared.commonjs.borrow_mut() = Some(Persistent::save(ctx, exports.clone()));
    Ok(exports)
}

/// Installs the resolver and loader on the runtime.
pub(crate) fn install(rt: &Runtime) {
    rt.set_loader(ModuleResolver, ModuleLoader);
}

struct ModuleResolver;

fn not_found<'js>(_ctx: &Ctx<'js>, name: &str, base: &str) -> rquickjs::Error {
    rquickjs::Error::new_resolving_message(
        base,
        name,
        format!("Cannot find module '{name}' imported from {base}"),
    )
}

impl Resolver for ModuleResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        if let Some(canonical) = builtin_name(name) {
            return Ok(canonical.to_string());
        }
        if name.starts_with("node:") {
            return Err(crate::errors::throw_coded(
                ctx,
                "ERR_UNKNOWN_BUILTIN_MODULE",
                &format!("No such built-in module: {name}"),
            ));
        }
        if name.starts_with("internal:") {
            let allowed = if is_builtin(base) {
                name == NATIVE || is_builtin_module(name)
            } else {
                name == "internal:cjs" && COMMONJS_FACES.with(|f| f.borrow().contains(base))
            };
            if allowed {
                return Ok(name.to_string());
            }
            return Err(not_found(ctx, name, base));
        }
        let relative = name.starts_with("./") || name.starts_with("../");
        // `require` of an ES module names it by its absolute path.
        let from_require = base.starts_with(REQUIRE_PREFIX);
        if is_builtin(base) && !(from_require && name.starts_with('/')) {
            return Err(not_found(ctx, name, base));
        }
        if !(relative || name.starts_with('/')) {
            // A package, found in node_modules as Node does.
            return commonjs(ctx)?
                .get::<_, Function<'_>>("resolveImport")?
                .call((name, base));
        }
        let joined = if relative {
            let dir = match base.rfind('/') {
                Some(i) => &base[..i + 1],
                None => "",
            };
            normalize(&format!("{dir}{name}"))
        } else {
            normalize(name)
        };
        let candidates = [
            joined.clone(),
            format!("{joined}.js"),
            format!("{joined}.mjs"),
            format!("{joined}/index.js"),
        ];
        candidates
            .into_iter()
            .find(|p| std::fs::metadata(p).map(|m| m.is_file()).unwrap_or(false))
            .ok_or_else(|| not_found(ctx, name, base))
    }
}

/// Removes `.` and resolves `..` segments; keeps the path relative when it was.
fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(p) if *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

struct ModuleLoader;

impl Loader for ModuleLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if name == NATIVE {
            return Module::declare_def::<crate::native::NativeModule, _>(ctx.clone(), name);
        }
        if is_builtin_module(name) {
            return declare_builtin(ctx, name);
        }
        let text = std::fs::read_to_string(name).map_err(|e| {
            rquickjs::Error::new_loading_message(name, format!("cannot read {name}: {e}"))
        })?;
        if !name.ends_with(".json") {
            if let Kind::CommonJs(function) = kind_of(ctx, name, &text)? {
                // A CommonJS file runs now; its ES module face offers its exports to `import`.
                let filename = absolute(name);
                let names: Vec<String> = commonjs(ctx)?
                    .get::<_, Function<'_>>("loadForImport")?
                    .call((filename.as_str(), function))?;
                COMMONJS_FACES.with(|f| f.borrow_mut().insert(name.to_string()));
                let face = common_js_face(&filename, &names);
                let module = Module::declare(ctx.clone(), name, face)?;
                set_meta(&module, name)?;
                return Ok(module);
            }
        }
        let module = if name.ends_with(".json") {
            // Parse first so that a syntax error names the file, then export the parsed value.
            ctx.json_parse(text.as_str()).map_err(|_| {
                rquickjs::Error::new_loading_message(name, format!("{name} is not valid JSON"))
            })?;
            let source = format!("export default JSON.parse({});", js_string(&text));
            Module::declare(ctx.clone(), name, source)?
        } else {
            Module::declare(ctx.clone(), name, text)?
        };
        set_meta(&module, name)?;
        Ok(module)
    }
}

/// `import.meta` of a module read from a file, as Node gives it: `url` (the file: URL of its
/// absolute path, relative names taken from `process.cwd()`), `filename` and `dirname`.
pub(crate) fn set_meta(module: &Module<'_, Declared>, name: &str) -> rquickjs::Result<()> {
    let filename = absolute(name);
    let dirname = match filename.rfind('/') {
        Some(i) if i > 0 => filename[..i].to_string(),
        _ => "/".to_string(),
    };
    let meta = module.meta()?;
    if let Ok(mut url) = url::Url::parse("file:///") {
        url.set_path(&filename);
        meta.set("url", url.as_str())?;
    }
    meta.set("filename", filename)?;
    meta.set("dirname", dirname)?;
    Ok(())
}

/// The ES module that stands for the CommonJS module `filename` to `import`: its default export is
/// `module.exports`, and each of `names` (the exports' own keys) is a named export.
fn common_js_face(filename: &str, names: &[String]) -> String {
    let mut source = format!(
        "import {{ exportsOf }} from 'internal:cjs';\n\
         const exports = exportsOf({});\nexport default exports;\n",
        js_string(filename)
    );
    if !names.is_empty() {
        let fields: Vec<String> = (0..names.len())
            .map(|i| format!("{}: $e{i}", js_string(&names[i])))
            .collect();
        let exported: Vec<String> = (0..names.len())
            .map(|i| format!("$e{i} as {}", js_string(&names[i])))
            .collect();
        source.push_str(&format!(
            "const {{ {} }} = exports;\nexport {{ {} }};\n",
            fields.join(", "),
            exported.join(", ")
        ));
    }
    source
}

/// The absolute, normalised path of the module file `name` (relative names are taken from
/// `process.cwd()`).
pub(crate) fn absolute(name: &str) -> String {
    if name.starts_with('/') {
        normalize(name)
    } else {
        normalize(&format!("{}/{name}", crate::event_loop::working_dir()))
    }
}

/// The `"type"` of the package the file `filename` (absolute) belongs to, from the nearest
/// package.json above it: `module`, `commonjs`, or `None` when it says neither or there is
/// none. A package.json that is not JSON is Node's ERR_INVALID_PACKAGE_CONFIG.
pub(crate) fn package_type(
    ctx: &Ctx<'_>,
    filename: &str,
) -> rquickjs::Result<Option<&'static str>> {
    let start = filename.rfind('/').map_or("", |i| &filename[..i]);
    if let Some(known) = PACKAGE_TYPES.with(|c| c.borrow().get(start).copied()) {
        return Ok(known);
    }
    let found = find_package_type(ctx, filename)?;
    PACKAGE_TYPES.with(|c| c.borrow_mut().insert(start.to_string(), found));
    Ok(found)
}

type TypeCache = std::collections::HashMap<String, Option<&'static str>>;

thread_local! {
    /// `package_type` by directory: the files of one directory share the answer, so the walk up
    /// to the nearest package.json runs once per directory, not once per module.
    static PACKAGE_TYPES: std::cell::RefCell<TypeCache> = Default::default();
}

/// The walk behind `package_type`: the nearest package.json above `filename`.
fn find_package_type(ctx: &Ctx<'_>, filename: &str) -> rquickjs::Result<Option<&'static str>> {
    let mut dir = filename;
    while let Some(slash) = dir.rfind('/') {
        dir = &dir[..slash];
        let path = format!("{dir}/package.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let parsed = ctx.json_parse(text).map_err(|_| {
            let _ = ctx.catch();
            crate::errors::throw_coded(
                ctx,
                "ERR_INVALID_PACKAGE_CONFIG",
                &format!("Invalid package config {path}."),
            )
        })?;
        let kind = parsed
            .as_object()
            .and_then(|o| o.get::<_, Option<String>>("type").ok().flatten());
        return Ok(match kind.as_deref() {
            Some("module") => Some("module"),
            Some("commonjs") => Some("commonjs"),
            _ => None,
        });
    }
    Ok(None)
}

/// How a module file runs: as an ES module, or as CommonJS through this compiled function.
pub(crate) enum Kind<'js> {
    Esm,
    CommonJs(Function<'js>),
}

/// Which kind the file `name` with text `source` is, as Node decides: `.mjs` and `.cjs` by
/// their extension, other files by their package's `"type"`, else by their syntax (a file that
/// does not compile as CommonJS only for a SyntaxError, such as an `import` statement, is an
/// ES module). Compiling it as CommonJS here gives the function that runs it, so a CommonJS
/// file is compiled once.
pub(crate) fn kind_of<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    source: &str,
) -> rquickjs::Result<Kind<'js>> {
    if name.ends_with(".mjs") {
        return Ok(Kind::Esm);
    }
    let filename = absolute(name);
    let declared = if name.ends_with(".cjs") {
        Some("commonjs")
    } else {
        package_type(ctx, &filename)?
    };
    if declared == Some("module") {
        return Ok(Kind::Esm);
    }
    match crate::native::compile_common_js(ctx.clone(), source.to_string(), filename) {
        Ok(function) => Ok(Kind::CommonJs(function)),
        Err(rquickjs::Error::Exception) if declared.is_none() => {
            let error = ctx.catch();
            let syntax = error
                .as_object()
                .and_then(|o| o.get::<_, String>("name").ok())
                .is_some_and(|n| n == "SyntaxError");
            if syntax {
                Ok(Kind::Esm)
            } else {
                Err(ctx.throw(error))
            }
        }
        Err(e) => Err(e),
    }
}

/// `s` as a JavaScript string literal.
pub(crate) fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("a/./b/../c.js"), "a/c.js");
        assert_eq!(normalize("../x.js"), "../x.js");
        assert_eq!(normalize("/a/../../b"), "/b");
        assert_eq!(normalize("./app.js"), "app.js");
    }

    #[test]
    fn maps_builtin_names() {
        assert_eq!(builtin_name("events"), Some("node:events"));
        assert_eq!(builtin_name("node:events"), Some("node:events"));
        assert_eq!(builtin_name("bootstrap"), None);
        assert_eq!(builtin_name("nope"), None);
    }

    #[test]
    fn escapes_strings() {
        assert_eq!(js_string("a\"b\\\n\u{1}"), "\"a\\\"b\\\\\\n\\u0001\"");
    }
}
