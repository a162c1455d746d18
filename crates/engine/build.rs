//! Compiles the built-in JavaScript modules to QuickJS bytecode, so that a program's start
//! loads them instead of parsing their source (parsing was most of the start-up's work).
//!
//! The bytecode is written by the same QuickJS release the engine runs (the `rquickjs`
//! version is pinned in the workspace); its format does not depend on the pointer width or
//! the build, so bytecode made on the build machine loads in the wasm. A syntax error in a
//! built-in module fails the build, naming the file and line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{
    CatchResultExt, Context, Ctx, Module, Runtime, WriteOptions, WriteOptionsEndianness,
};

/// Every built-in module: its canonical name (what the loader resolves `events`,
/// `node:events` to) and its source file under `js/`.
const BUILTIN_FILES: &[(&str, &str)] = &[
    ("internal:bootstrap", "bootstrap.js"),
    ("internal:lazy", "lazy.js"),
    ("internal:inspect", "inspect.js"),
    ("internal:errors", "errors.js"),
    ("internal:shapes", "shapes.js"),
    ("internal:mime", "mime.js"),
    ("internal:messaging", "messaging.js"),
    ("internal:encoding", "encoding.js"),
    ("internal:url", "url.js"),
    ("internal:blob", "blob.js"),
    ("internal:formdata", "formdata.js"),
    ("internal:web", "web.js"),
    ("node:events", "events.js"),
    ("node:util", "util.js"),
    ("node:timers", "timers.js"),
    ("node:buffer", "buffer.js"),
    ("node:assert", "assert.js"),
    ("node:process", "process.js"),
    ("node:url", "url_module.js"),
    ("node:wasi_net", "wasi_net.js"),
    ("node:stream", "stream.js"),
    ("node:crypto", "crypto.js"),
    ("node:path", "path.js"),
    ("node:os", "os.js"),
    ("node:dns", "dns.js"),
    ("node:net", "net.js"),
    ("node:dns/promises", "dns_promises.js"),
    ("node:zlib", "zlib.js"),
    ("node:querystring", "querystring.js"),
    ("node:string_decoder", "string_decoder.js"),
    ("node:perf_hooks", "perf_hooks.js"),
    ("node:timers/promises", "timers_promises.js"),
    ("node:stream/promises", "stream_promises.js"),
    ("node:assert/strict", "assert_strict.js"),
    ("node:util/types", "util_types.js"),
    ("node:fs", "fs.js"),
    ("node:fs/promises", "fs_promises.js"),
    ("node:module", "module.js"),
    ("node:readline", "readline.js"),
    ("node:readline/promises", "readline_promises.js"),
    ("internal:stdin", "stdin.js"),
    ("internal:cjs", "cjs.js"),
    ("node:http", "http.js"),
    ("node:https", "https.js"),
    ("node:tls", "tls.js"),
    ("internal:tls_common", "tls_common.js"),
    ("internal:http_common", "http_common.js"),
    ("internal:http_server", "http_server.js"),
    ("internal:http_client", "http_client.js"),
    ("internal:fetch", "fetch.js"),
    ("internal:webstreams", "webstreams.js"),
    ("internal:websocket", "websocket.js"),
    ("node:stream/web", "stream_web.js"),
    ("node:tty", "tty.js"),
    ("node:worker_threads", "worker_threads.js"),
    ("node:cluster", "cluster.js"),
    ("node:diagnostics_channel", "diagnostics_channel.js"),
    ("node:punycode", "punycode.js"),
    ("node:constants", "constants.js"),
    ("node:async_hooks", "async_hooks.js"),
    ("internal:unavailable", "unavailable.js"),
    ("node:child_process", "child_process.js"),
    ("node:dgram", "dgram.js"),
    ("node:http2", "http2.js"),
    ("node:vm", "vm.js"),
    ("node:v8", "v8.js"),
];

fn main() {
    let js_dir = Path::new("js");
    println!("cargo::rerun-if-changed=js");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut table = String::from(
        "/// Every built-in module: canonical name and bytecode (written by build.rs).\n\
         const BUILTINS: &[(&str, &[u8])] = &[\n",
    );
    for (name, file) in BUILTIN_FILES {
        let path = js_dir.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
        // A runtime per module: the stand-ins for its imports must not meet the module
        // itself under the same name.
        let rt = Runtime::new().expect("a QuickJS runtime");
        rt.set_loader(StandIn, StandIn);
        let context = Context::full(&rt).expect("a QuickJS context");
        let bytecode = context.with(|ctx| {
            Module::declare(ctx.clone(), *name, source)
                .and_then(|module| {
                    module.write(WriteOptions {
                        // wasm32 is little-endian, whatever the build machine is.
                        endianness: WriteOptionsEndianness::Little,
                        ..WriteOptions::default()
                    })
                })
                .catch(&ctx)
                .map_err(|e| e.to_string())
        });
        let bytecode = bytecode.unwrap_or_else(|e| {
            fail(&format!(
                "{} ({name}) does not compile: {e}",
                path.display()
            ))
        });
        let out = out_dir.join(format!("{}.qbc", name.replace([':', '/'], "_")));
        std::fs::write(&out, bytecode)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
        let _ = writeln!(
            table,
            "    ({name:?}, include_bytes!({:?})),",
            out.display().to_string()
        );
    }
    table.push_str("];\n");
    let table_path = out_dir.join("builtins.rs");
    std::fs::write(&table_path, table)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", table_path.display())));
}

/// Compiling a module also loads the modules it imports; the build gives it empty stand-ins
/// instead, since only this module's own bytecode is written (the engine's loader resolves
/// its imports when it runs).
struct StandIn;

impl Resolver for StandIn {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        _base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        Ok(name.to_string())
    }
}

impl Loader for StandIn {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        Module::declare(ctx.clone(), name, "")
    }
}

/// Stops the build with `message`.
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
