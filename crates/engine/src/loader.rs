//! The module loader: built-in modules compiled into the binary (`events` and `node:events`
//! alike), ES modules from files relative to the importing file (a missing `.js` is added), and
//! JSON modules.

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Module, Runtime};

/// Built-in modules: canonical name, and the JavaScript source.
const BUILTINS: &[(&str, &str)] = &[
    ("internal:bootstrap", include_str!("../js/bootstrap.js")),
    ("internal:lazy", include_str!("../js/lazy.js")),
    ("internal:inspect", include_str!("../js/inspect.js")),
    ("internal:errors", include_str!("../js/errors.js")),
    ("internal:shapes", include_str!("../js/shapes.js")),
    ("internal:encoding", include_str!("../js/encoding.js")),
    ("internal:url", include_str!("../js/url.js")),
    ("internal:blob", include_str!("../js/blob.js")),
    ("internal:formdata", include_str!("../js/formdata.js")),
    ("internal:web", include_str!("../js/web.js")),
    ("node:events", include_str!("../js/events.js")),
    ("node:util", include_str!("../js/util.js")),
    ("node:timers", include_str!("../js/timers.js")),
    ("node:buffer", include_str!("../js/buffer.js")),
    ("node:assert", include_str!("../js/assert.js")),
    ("node:process", include_str!("../js/process.js")),
    ("node:url", include_str!("../js/url_module.js")),
    ("node:wasi_net", include_str!("../js/wasi_net.js")),
    ("node:stream", include_str!("../js/stream.js")),
    ("node:crypto", include_str!("../js/crypto.js")),
    ("node:path", include_str!("../js/path.js")),
    ("node:os", include_str!("../js/os.js")),
    ("node:dns", include_str!("../js/dns.js")),
    ("node:net", include_str!("../js/net.js")),
    ("node:dns/promises", include_str!("../js/dns_promises.js")),
    ("node:zlib", include_str!("../js/zlib.js")),
    ("node:querystring", include_str!("../js/querystring.js")),
    (
        "node:string_decoder",
        include_str!("../js/string_decoder.js"),
    ),
    ("node:perf_hooks", include_str!("../js/perf_hooks.js")),
    (
        "node:timers/promises",
        include_str!("../js/timers_promises.js"),
    ),
    (
        "node:stream/promises",
        include_str!("../js/stream_promises.js"),
    ),
    ("node:assert/strict", include_str!("../js/assert_strict.js")),
    ("node:util/types", include_str!("../js/util_types.js")),
    ("node:fs", include_str!("../js/fs.js")),
    ("node:fs/promises", include_str!("../js/fs_promises.js")),
    ("node:http", include_str!("../js/http.js")),
    ("internal:http_common", include_str!("../js/http_common.js")),
    ("internal:http_server", include_str!("../js/http_server.js")),
    ("internal:http_client", include_str!("../js/http_client.js")),
    ("internal:fetch", include_str!("../js/fetch.js")),
];

/// The name of the native module, importable only by built-in modules.
const NATIVE: &str = "internal:native";

/// The source of the built-in module with canonical name `name`.
pub(crate) fn builtin_source(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
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
            if name == NATIVE || builtin_source(name).is_some() {
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
        if let Some(source) = builtin_source(name) {
            return Module::declare(ctx.clone(), name, source);
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
