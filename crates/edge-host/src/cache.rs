//! The compiled-module cache: a module compiled once is serialized to a file
//! named by a hash of the wasm bytes and of the engine's configuration, so
//! the next start of the same wasm only maps the file in.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use wasmtime::{Engine, Module};

/// 64-bit FNV-1a, fed eight bytes at a time for speed on multi-megabyte
/// modules; the cache only needs a stable, well-spread key, not a secure one.
struct Fnv64(u64);

impl Fnv64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.0 = (self.0 ^ u64::from_le_bytes(word)).wrapping_mul(Self::PRIME);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The cache key of `wasm` for `engine`: content, engine settings, versions.
pub fn key(engine: &Engine, wasm: &[u8]) -> String {
    let mut h = Fnv64::new();
    h.write(wasm);
    h.write_usize(wasm.len());
    engine.precompile_compatibility_hash().hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Where compiled modules are kept: `<target>/edge-host-cache` when this
/// binary lives in a cargo target directory, else the user's cache dir.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(target) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(Path::to_path_buf))
    {
        if target.join("CACHEDIR.TAG").is_file() {
            return Some(target.join("edge-host-cache"));
        }
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("edge-host"))
}

/// Loads the compiled module from `dir`, or compiles and stores it.
/// Cache trouble (unwritable directory, stale file) never stops a run: it
/// falls back to compiling.
pub fn load_or_compile(
    engine: &Engine,
    wasm: &[u8],
    dir: Option<&Path>,
) -> wasmtime::Result<Module> {
    let Some(dir) = dir else {
        return Module::new(engine, wasm);
    };
    let path = dir.join(format!("{}.cwasm", key(engine, wasm)));
    if path.is_file() {
        // SAFETY: the file is one this program wrote with Module::serialize,
        // named by the hash of the wasm and of the engine configuration, and
        // replaced atomically (rename), so it is never seen half-written.
        match unsafe { Module::deserialize_file(engine, &path) } {
            Ok(module) => return Ok(module),
            Err(_) => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let module = Module::new(engine, wasm)?;
    if let Ok(bytes) = module.serialize() {
        let tmp = dir.join(format!(".{}.{}.tmp", key(engine, wasm), std::process::id()));
        let stored = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, &bytes))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if stored.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
    Ok(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_depends_on_content() {
        let engine = Engine::default();
        let a = key(&engine, b"\0asm\x01\0\0\0");
        assert_eq!(a, key(&engine, b"\0asm\x01\0\0\0"));
        assert_ne!(a, key(&engine, b"\0asm\x01\0\0\0\0"));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn second_load_comes_from_the_file() {
        let dir = std::env::temp_dir().join(format!("edge-host-cache-test-{}", std::process::id()));
        let engine = Engine::default();
        let wasm = b"\0asm\x01\0\0\0";
        load_or_compile(&engine, wasm, Some(&dir)).unwrap();
        let file = dir.join(format!("{}.cwasm", key(&engine, wasm)));
        assert!(file.is_file());
        // A damaged file is replaced, not trusted blindly.
        std::fs::write(&file, b"junk").unwrap();
        load_or_compile(&engine, wasm, Some(&dir)).unwrap();
        assert!(std::fs::metadata(&file).unwrap().len() > 4);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
