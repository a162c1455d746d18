//! The module loader: built-in modules compiled into the binary as bytecode by build.rs
//! (`events` and `node:events` alike), ES modules from files relative to the importing file (a
//! missing `.js` is added), and JSON modules.

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Module, Runtime};

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
        if name.starts_with("internal:") && is_builtin(base) {
            if name == NATIVE || is_builtin_module(name) {
                return Ok(name.to_string());
            }
            return Err(not_found(ctx, name, base));
        }
        let relative = name.starts_with("./") || name.starts_with("../");
        if !(relative || name.starts_with('/')) || is_builtin(base) {
            return Err(not_found(ctx, name, base));
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
    let filename = if name.starts_with('/') {
        normalize(name)
    } else {
        normalize(&format!("{}/{name}", crate::event_loop::working_dir()))
    };
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

/// `s` as a JavaScript string literal.
fn js_string(s: &str) -> String {
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
