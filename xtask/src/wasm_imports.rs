//! Reads the import section of a wasm module, so the build can check what the module needs.
//!
//! rustc links wasm32-wasip1 with `--allow-undefined`: a C symbol that nothing defines becomes an
//! `env.*` import and fails only when a host instantiates the module. The build rejects that.

/// One import: `module.name` and what kind of thing it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub kind: &'static str,
}

/// All imports of the binary module `wasm`, in order.
pub fn imports(wasm: &[u8]) -> Result<Vec<Import>, String> {
    let mut r = Reader {
        bytes: wasm,
        pos: 0,
    };
    if r.take(4)? != b"\0asm" {
        return Err("not a wasm module (bad magic number)".into());
    }
    let version = r.take(4)?;
    if version != [1, 0, 0, 0] {
        return Err(format!("unsupported wasm binary version {version:?}"));
    }
    while !r.at_end() {
        let id = r.byte()?;
        let size = r.u32()? as usize;
        let body = r.take(size)?;
        if id == 2 {
            return import_section(body);
        }
    }
    Ok(Vec::new())
}

fn import_section(body: &[u8]) -> Result<Vec<Import>, String> {
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let count = r.u32()?;
    let mut out = Vec::new();
    for _ in 0..count {
        let module = r.name()?;
        let name = r.name()?;
        let kind = match r.byte()? {
            0x00 => {
                r.u32()?; // type index
                "func"
            }
            0x01 => {
                r.byte()?; // reference type
                r.limits()?;
                "table"
            }
            0x02 => {
                r.limits()?;
                "memory"
            }
            0x03 => {
                r.byte()?; // value type
                r.byte()?; // mutability
                "global"
            }
            0x04 => {
                r.byte()?; // attribute
                r.u32()?; // type index
                "tag"
            }
            other => {
                return Err(format!(
                    "import {module}.{name}: unknown kind 0x{other:02x}"
                ))
            }
        };
        out.push(Import { module, name, kind });
    }
    if !r.at_end() {
        return Err("import section has trailing bytes".into());
    }
    Ok(out)
}

/// A cursor over bytes; every read is bounds-checked, so a truncated file is an error.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| format!("truncated wasm: {n} bytes wanted at offset {}", self.pos))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    /// Unsigned LEB128, at most 64 bits.
    fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(format!("LEB128 number too long at offset {}", self.pos))
    }

    fn u32(&mut self) -> Result<u32, String> {
        let v = self.leb()?;
        u32::try_from(v).map_err(|_| format!("number {v} too large at offset {}", self.pos))
    }

    fn name(&mut self) -> Result<String, String> {
        let len = self.u32()? as usize;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| "import name is not UTF-8".into())
    }

    /// Limits of a table or memory: flags, minimum, and a maximum when flag bit 0 says so.
    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Vec<u8> {
        let mut v = vec![s.len() as u8];
        v.extend_from_slice(s.as_bytes());
        v
    }

    /// A module with a type section (skipped) and an import section of each kind.
    fn module() -> Vec<u8> {
        let mut imports = vec![4u8];
        imports.extend(name("wasi_snapshot_preview1"));
        imports.extend(name("fd_write"));
        imports.extend([0x00, 0x00]);
        imports.extend(name("env"));
        imports.extend(name("memory"));
        imports.extend([0x02, 0x01, 0x02, 0x80, 0x01]); // min 2, max 128 (two-byte LEB)
        imports.extend(name("env"));
        imports.extend(name("table"));
        imports.extend([0x01, 0x70, 0x00, 0x01]);
        imports.extend(name("env"));
        imports.extend(name("g"));
        imports.extend([0x03, 0x7f, 0x01]);
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend([0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type section: one () -> ()
        m.push(0x02);
        m.push(imports.len() as u8);
        m.extend(imports);
        m
    }

    #[test]
    fn reads_every_kind_of_import() {
        let got = imports(&module()).unwrap();
        let summary: Vec<String> = got
            .iter()
            .map(|i| format!("{}.{}:{}", i.module, i.name, i.kind))
            .collect();
        assert_eq!(
            summary,
            [
                "wasi_snapshot_preview1.fd_write:func",
                "env.memory:memory",
                "env.table:table",
                "env.g:global"
            ]
        );
    }

    #[test]
    fn module_without_imports() {
        assert_eq!(imports(b"\0asm\x01\0\0\0").unwrap(), Vec::new());
    }

    #[test]
    fn rejects_bad_input_without_panicking() {
        assert!(imports(b"").is_err());
        assert!(imports(b"\x7fELF\x01\0\0\0").unwrap_err().contains("magic"));
        assert!(imports(b"\0asm\x02\0\0\0").unwrap_err().contains("version"));
        let m = module();
        // Cutting at 14, right after the type section, leaves a valid module; any other cut
        // lands inside a section.
        for cut in (9..m.len()).filter(|&c| c != 14) {
            assert!(imports(&m[..cut]).is_err(), "cut at {cut} accepted");
        }
        // A LEB128 that never ends.
        let mut endless = b"\0asm\x01\0\0\0\x02".to_vec();
        endless.extend([0xff; 12]);
        assert!(imports(&endless).is_err());
    }
}
