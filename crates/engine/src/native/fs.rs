//! Native half of `node:fs`: files and directories through the standard library (under WASI,
//! inside the directories the host preopened, as `--dir` gives them). Errors become Node's
//! (`ENOENT: no such file or directory, open 'x'`, with `code`, `errno`, `syscall`, `path`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::time::UNIX_EPOCH;

use rquickjs::{Array, Ctx, Exception, Function, Object, TypedArray};

use crate::bytes::with_bytes;
use crate::errors;

/// Node's code, errno and description for an I/O error.
fn describe(e: &std::io::Error) -> (&'static str, i32, &'static str) {
    match e.kind() {
        ErrorKind::NotFound => ("ENOENT", -2, "no such file or directory"),
        ErrorKind::PermissionDenied => ("EACCES", -13, "permission denied"),
        ErrorKind::AlreadyExists => ("EEXIST", -17, "file already exists"),
        ErrorKind::NotADirectory => ("ENOTDIR", -20, "not a directory"),
        ErrorKind::IsADirectory => ("EISDIR", -21, "illegal operation on a directory"),
        ErrorKind::DirectoryNotEmpty => ("ENOTEMPTY", -39, "directory not empty"),
        ErrorKind::InvalidInput => ("EINVAL", -22, "invalid argument"),
        ErrorKind::ReadOnlyFilesystem => ("EROFS", -30, "read-only file system"),
        ErrorKind::CrossesDevices => ("EXDEV", -18, "cross-device link not permitted"),
        ErrorKind::StorageFull => ("ENOSPC", -28, "no space left on device"),
        ErrorKind::Unsupported => ("ENOTSUP", -95, "operation not supported on socket"),
        _ => by_errno(e.raw_os_error()),
    }
}

/// The errors the standard library leaves uncategorised, by the host's error number.
#[cfg(target_os = "wasi")]
fn by_errno(errno: Option<i32>) -> (&'static str, i32, &'static str) {
    // WASI's numbering (wasi_snapshot_preview1).
    match errno {
        Some(55) => ("ENOTEMPTY", -39, "directory not empty"),
        Some(63) => ("EPERM", -1, "operation not permitted"),
        Some(76) => ("EACCES", -13, "permission denied"),
        Some(32) => ("ELOOP", -40, "too many symbolic links encountered"),
        Some(37) => ("ENAMETOOLONG", -36, "name too long"),
        Some(8) => ("EBADF", -9, "bad file descriptor"),
        _ => ("EIO", -5, "i/o error"),
    }
}

#[cfg(not(target_os = "wasi"))]
fn by_errno(errno: Option<i32>) -> (&'static str, i32, &'static str) {
    // Linux's numbering.
    match errno {
        Some(39) => ("ENOTEMPTY", -39, "directory not empty"),
        Some(1) => ("EPERM", -1, "operation not permitted"),
        Some(40) => ("ELOOP", -40, "too many symbolic links encountered"),
        Some(36) => ("ENAMETOOLONG", -36, "name too long"),
        Some(9) => ("EBADF", -9, "bad file descriptor"),
        _ => ("EIO", -5, "i/o error"),
    }
}

/// A Node-style file system error, thrown.
fn fs_error(
    ctx: &Ctx<'_>,
    e: &std::io::Error,
    syscall: &str,
    path: &str,
    dest: Option<&str>,
) -> rquickjs::Error {
    let (code, errno, text) = describe(e);
    let mut message = format!("{code}: {text}, {syscall} '{path}'");
    if let Some(dest) = dest {
        message.push_str(&format!(" -> '{dest}'"));
    }
    let ex = match errors::coded(ctx, "Error", code, &message) {
        Ok(ex) => ex,
        Err(e) => return e,
    };
    let _ = ex.set("errno", errno);
    let _ = ex.set("syscall", syscall);
    let _ = ex.set("path", path);
    if let Some(dest) = dest {
        let _ = ex.set("dest", dest);
    }
    ctx.throw(ex.into_value())
}

/// 1 file, 2 directory, 3 symbolic link, 0 anything else.
fn kind(file_type: std::fs::FileType) -> u8 {
    if file_type.is_file() {
        1
    } else if file_type.is_dir() {
        2
    } else if file_type.is_symlink() {
        3
    } else {
        0
    }
}

fn millis(t: std::io::Result<std::time::SystemTime>) -> Option<f64> {
    let t = t.ok()?;
    Some(match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64() * 1000.0,
        Err(e) => -(e.duration().as_secs_f64() * 1000.0),
    })
}

/// `[kind, size, mtimeMs, atimeMs, ctimeMs, birthtimeMs]`; times the host does not report
/// fall back to the modification time.
fn stat_array<'js>(ctx: &Ctx<'js>, m: &Metadata) -> rquickjs::Result<Array<'js>> {
    let out = Array::new(ctx.clone())?;
    let mtime = millis(m.modified()).unwrap_or(0.0);
    out.set(0, kind(m.file_type()))?;
    out.set(1, m.len() as f64)?;
    out.set(2, mtime)?;
    out.set(3, millis(m.accessed()).unwrap_or(mtime))?;
    out.set(4, mtime)?;
    out.set(5, millis(m.created()).unwrap_or(mtime))?;
    Ok(out)
}

/// The largest file read whole: a wasm32 instance could not hold much more, and refusing it is
/// better than growing memory until the instance traps.
const MAX_READ: u64 = 1 << 30;

/// Node's RangeError for a file too large to read whole.
fn too_large(ctx: &Ctx<'_>, size: u64) -> rquickjs::Error {
    let message = format!("File size ({size}) is greater than 1 GiB");
    errors::throw(
        ctx,
        errors::coded(ctx, "RangeError", "ERR_FS_FILE_TOO_LARGE", &message),
    )
}

thread_local! {
    /// Files opened with `fsOpen`, by the number handed to JavaScript.
    static FILES: RefCell<(u32, HashMap<u32, File>)> = RefCell::new((100, HashMap::new()));
}

fn with_file<R>(
    ctx: &Ctx<'_>,
    fd: u32,
    syscall: &str,
    f: impl FnOnce(&mut File) -> std::io::Result<R>,
) -> rquickjs::Result<R> {
    let result = FILES.with(|files| {
        let mut files = files.borrow_mut();
        files.1.get_mut(&fd).map(f)
    });
    match result {
        Some(Ok(r)) => Ok(r),
        Some(Err(e)) => Err(fs_error(ctx, &e, syscall, &fd.to_string(), None)),
        None => {
            let message = format!("EBADF: bad file descriptor, {syscall}");
            let ex = errors::coded(ctx, "Error", "EBADF", &message)?;
            ex.set("errno", -9)?;
            ex.set("syscall", syscall)?;
            Err(ctx.throw(ex.into_value()))
        }
    }
}

/// Open options for Node's flag strings.
fn open_options(flags: &str) -> Option<OpenOptions> {
    let mut o = OpenOptions::new();
    match flags {
        "r" | "rs" | "sr" => o.read(true),
        "r+" | "rs+" | "sr+" => o.read(true).write(true),
        "w" => o.write(true).create(true).truncate(true),
        "wx" | "xw" => o.write(true).create_new(true),
        "w+" => o.read(true).write(true).create(true).truncate(true),
        "wx+" | "xw+" => o.read(true).write(true).create_new(true),
        "a" | "as" | "sa" => o.append(true).create(true),
        "ax" | "xa" => o.append(true).create_new(true),
        "a+" | "as+" | "sa+" => o.read(true).append(true).create(true),
        "ax+" | "xa+" => o.read(true).append(true).create_new(true),
        _ => return None,
    };
    Some(o)
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set(
        "fsReadFile",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, path: String| {
            let mut file =
                File::open(&path).map_err(|e| fs_error(&ctx, &e, "open", &path, None))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            if size > MAX_READ {
                return Err(too_large(&ctx, size));
            }
            let mut bytes = Vec::with_capacity(size as usize);
            // Read in pieces up to the limit, for files that grow or report no size.
            let mut piece = [0u8; 65536];
            loop {
                let n = match file.read(&mut piece) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => return Err(fs_error(&ctx, &e, "read", &path, None)),
                };
                if (bytes.len() + n) as u64 > MAX_READ {
                    return Err(too_large(&ctx, (bytes.len() + n) as u64));
                }
                bytes.extend_from_slice(&piece[..n]);
            }
            TypedArray::<u8>::new(ctx, bytes)
        })?,
    )?;
    // fsWriteFile(path, bytes, flags): flags as for open ('w', 'a', 'wx', ...).
    native.set(
        "fsWriteFile",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             path: String,
             data: TypedArray<'js, u8>,
             flags: String|
             -> rquickjs::Result<()> {
                let Some(options) = open_options(&flags) else {
                    return Err(Exception::throw_type(
                        &ctx,
                        &format!("Invalid flags: {flags}"),
                    ));
                };
                let mut file = options
                    .open(&path)
                    .map_err(|e| fs_error(&ctx, &e, "open", &path, None))?;
                with_bytes(&ctx, &data, |b| file.write_all(b))?
                    .map_err(|e| fs_error(&ctx, &e, "write", &path, None))
            },
        )?,
    )?;
    native.set(
        "fsStat",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, follow: bool| -> rquickjs::Result<Array<'js>> {
                let (m, syscall) = if follow {
                    (std::fs::metadata(&path), "stat")
                } else {
                    (std::fs::symlink_metadata(&path), "lstat")
                };
                let m = m.map_err(|e| fs_error(&ctx, &e, syscall, &path, None))?;
                stat_array(&ctx, &m)
            },
        )?,
    )?;
    native.set(
        "fsExists",
        Function::new(ctx.clone(), |path: String| std::fs::metadata(path).is_ok())?,
    )?;
    // fsReaddir(path): [names, kinds], sorted by name.
    native.set(
        "fsReaddir",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String| -> rquickjs::Result<Array<'js>> {
                let fail = |e: &std::io::Error| fs_error(&ctx, e, "scandir", &path, None);
                let mut entries = Vec::new();
                for entry in std::fs::read_dir(&path).map_err(|e| fail(&e))? {
                    let entry = entry.map_err(|e| fail(&e))?;
                    let k = entry.file_type().map(kind).unwrap_or(0);
                    entries.push((entry.file_name().to_string_lossy().into_owned(), k));
                }
                entries.sort();
                let names = Array::new(ctx.clone())?;
                let kinds = Array::new(ctx.clone())?;
                for (i, (name, k)) in entries.into_iter().enumerate() {
                    names.set(i, name)?;
                    kinds.set(i, k)?;
                }
                let out = Array::new(ctx.clone())?;
                out.set(0, names)?;
                out.set(1, kinds)?;
                Ok(out)
            },
        )?,
    )?;
    // fsMkdir(path, recursive): with `recursive`, the first directory created, if any.
    native.set(
        "fsMkdir",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, recursive: bool| -> rquickjs::Result<Option<String>> {
                if !recursive {
                    std::fs::create_dir(&path)
                        .map_err(|e| fs_error(&ctx, &e, "mkdir", &path, None))?;
                    return Ok(None);
                }
                let mut first = None;
                let p = std::path::Path::new(&path);
                for ancestor in p.ancestors().collect::<Vec<_>>().into_iter().rev() {
                    if ancestor.as_os_str().is_empty() || ancestor.exists() {
                        continue;
                    }
                    std::fs::create_dir(ancestor)
                        .map_err(|e| fs_error(&ctx, &e, "mkdir", &path, None))?;
                    first.get_or_insert_with(|| ancestor.to_string_lossy().into_owned());
                }
                if !p.is_dir() {
                    let e = std::io::Error::from(ErrorKind::NotADirectory);
                    return Err(fs_error(&ctx, &e, "mkdir", &path, None));
                }
                Ok(first)
            },
        )?,
    )?;
    // fsRemove(path, how): 0 unlink a file, 1 rmdir an empty directory, 2 remove a tree.
    native.set(
        "fsRemove",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, how: u8| -> rquickjs::Result<()> {
                let (result, syscall) = match how {
                    0 => (std::fs::remove_file(&path), "unlink"),
                    1 => (std::fs::remove_dir(&path), "rmdir"),
                    _ => {
                        let tree = match std::fs::symlink_metadata(&path) {
                            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path),
                            Ok(_) => std::fs::remove_file(&path),
                            Err(e) => Err(e),
                        };
                        (tree, "rm")
                    }
                };
                result.map_err(|e| fs_error(&ctx, &e, syscall, &path, None))
            },
        )?,
    )?;
    native.set(
        "fsRename",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, from: String, to: String| -> rquickjs::Result<()> {
                std::fs::rename(&from, &to)
                    .map_err(|e| fs_error(&ctx, &e, "rename", &from, Some(&to)))
            },
        )?,
    )?;
    native.set(
        "fsCopyFile",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, from: String, to: String, exclusive: bool| -> rquickjs::Result<()> {
                if exclusive && std::fs::symlink_metadata(&to).is_ok() {
                    let e = std::io::Error::from(ErrorKind::AlreadyExists);
                    return Err(fs_error(&ctx, &e, "copyfile", &from, Some(&to)));
                }
                std::fs::copy(&from, &to)
                    .map(|_| ())
                    .map_err(|e| fs_error(&ctx, &e, "copyfile", &from, Some(&to)))
            },
        )?,
    )?;
    native.set(
        "fsOpen",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, flags: String| -> rquickjs::Result<u32> {
                let Some(options) = open_options(&flags) else {
                    return Err(Exception::throw_type(
                        &ctx,
                        &format!("Invalid flags: {flags}"),
                    ));
                };
                let file = options
                    .open(&path)
                    .map_err(|e| fs_error(&ctx, &e, "open", &path, None))?;
                Ok(FILES.with(|files| {
                    let mut files = files.borrow_mut();
                    let fd = files.0;
                    files.0 += 1;
                    files.1.insert(fd, file);
                    fd
                }))
            },
        )?,
    )?;
    // fsRead(fd, length, position): up to `length` bytes (fewer at the end; none past it),
    // from `position` when it is not negative, else from the current offset.
    native.set(
        "fsRead",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             fd: u32,
             length: usize,
             position: f64|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let bytes = with_file(&ctx, fd, "read", |file| {
                    if position >= 0.0 {
                        file.seek(SeekFrom::Start(position as u64))?;
                    }
                    let mut buf = vec![0u8; length];
                    let mut filled = 0;
                    while filled < length {
                        match file.read(&mut buf[filled..]) {
                            Ok(0) => break,
                            Ok(n) => filled += n,
                            Err(e) if e.kind() == ErrorKind::Interrupted => {}
                            Err(e) => return Err(e),
                        }
                    }
                    buf.truncate(filled);
                    Ok(buf)
                })?;
                TypedArray::new(ctx, bytes)
            },
        )?,
    )?;
    native.set(
        "fsWrite",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             fd: u32,
             data: TypedArray<'js, u8>,
             position: f64|
             -> rquickjs::Result<usize> {
                let bytes = crate::bytes::to_vec(&ctx, &data)?;
                with_file(&ctx, fd, "write", |file| {
                    if position >= 0.0 {
                        file.seek(SeekFrom::Start(position as u64))?;
                    }
                    file.write_all(&bytes)?;
                    Ok(bytes.len())
                })
            },
        )?,
    )?;
    native.set(
        "fsFstat",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, fd: u32| -> rquickjs::Result<Array<'js>> {
                let m = with_file(&ctx, fd, "fstat", |file| file.metadata())?;
                stat_array(&ctx, &m)
            },
        )?,
    )?;
    register_links_and_times(ctx, native)?;
    native.set(
        "fsClose",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, fd: u32| -> rquickjs::Result<()> {
                let closed = FILES.with(|files| files.borrow_mut().1.remove(&fd));
                match closed {
                    Some(file) => {
                        drop(file);
                        Ok(())
                    }
                    None => with_file(&ctx, fd, "close", |_| Ok(())),
                }
            },
        )?,
    )?;
    Ok(())
}

/// A time in seconds since the epoch (as Node's utimes takes it) as a SystemTime.
fn time_of(seconds: f64) -> std::time::SystemTime {
    if seconds >= 0.0 {
        UNIX_EPOCH + std::time::Duration::from_secs_f64(seconds)
    } else {
        UNIX_EPOCH - std::time::Duration::from_secs_f64(-seconds)
    }
}

fn set_times(file: &File, atime: f64, mtime: f64) -> std::io::Result<()> {
    let times = std::fs::FileTimes::new()
        .set_accessed(time_of(atime))
        .set_modified(time_of(mtime));
    file.set_times(times)
}

/// WASI's path_symlink through wasi-libc, which finds the preopened directory (the standard
/// library's own wrapper is not stable).
#[cfg(target_os = "wasi")]
fn symlink(target: &str, path: &str) -> std::io::Result<()> {
    use std::ffi::{c_char, c_int, CString};
    extern "C" {
        #[link_name = "symlink"]
        fn libc_symlink(target: *const c_char, path: *const c_char) -> c_int;
    }
    let target = CString::new(target).map_err(|_| std::io::Error::from(ErrorKind::InvalidInput))?;
    let path = CString::new(path).map_err(|_| std::io::Error::from(ErrorKind::InvalidInput))?;
    // SAFETY: both arguments are NUL-terminated strings that outlive the call, which only
    // reads them.
    let result = unsafe { libc_symlink(target.as_ptr(), path.as_ptr()) };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(unix)]
fn symlink(target: &str, path: &str) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, path)
}

#[cfg(not(any(unix, target_os = "wasi")))]
fn symlink(_target: &str, _path: &str) -> std::io::Result<()> {
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

#[cfg(unix)]
fn chmod(path: &str, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// WASI has no file modes: a file that exists gets ENOTSUP, one that does not ENOENT.
#[cfg(not(unix))]
fn chmod(path: &str, _mode: u32) -> std::io::Result<()> {
    std::fs::metadata(path)?;
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

/// An owner id as fs.chown takes it: -1 leaves it as it is.
fn owner_id(id: f64) -> Option<u32> {
    (id >= 0.0).then_some(id as u32)
}

#[cfg(unix)]
fn chown(path: &str, uid: f64, gid: f64, follow: bool) -> std::io::Result<()> {
    if follow {
        std::os::unix::fs::chown(path, owner_id(uid), owner_id(gid))
    } else {
        std::os::unix::fs::lchown(path, owner_id(uid), owner_id(gid))
    }
}

#[cfg(unix)]
fn fchown(file: &File, uid: f64, gid: f64) -> std::io::Result<()> {
    std::os::unix::fs::fchown(file, owner_id(uid), owner_id(gid))
}

#[cfg(unix)]
fn fchmod(file: &File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

/// WASI has no file owners: as `chmod`.
#[cfg(not(unix))]
fn chown(path: &str, uid: f64, gid: f64, follow: bool) -> std::io::Result<()> {
    let _ = (owner_id(uid), owner_id(gid));
    if follow {
        std::fs::metadata(path)?;
    } else {
        std::fs::symlink_metadata(path)?;
    }
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

#[cfg(not(unix))]
fn fchown(_file: &File, _uid: f64, _gid: f64) -> std::io::Result<()> {
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

#[cfg(not(unix))]
fn fchmod(_file: &File, _mode: u32) -> std::io::Result<()> {
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

/// Truncation, syncing, links and times: fsTruncate(path, len), fsFtruncate(fd, len),
/// fsSync(fd, dataOnly), fsSymlink(target, path), fsReadlink(path), fsLink(existing, new),
/// fsUtimes(path, atime, mtime), fsFutimes(fd, atime, mtime), fsChmod(path, mode).
fn register_links_and_times<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set(
        "fsTruncate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, len: f64| -> rquickjs::Result<()> {
                OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .and_then(|f| f.set_len(len.max(0.0) as u64))
                    .map_err(|e| fs_error(&ctx, &e, "open", &path, None))
            },
        )?,
    )?;
    native.set(
        "fsFtruncate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, fd: u32, len: f64| -> rquickjs::Result<()> {
                with_file(&ctx, fd, "ftruncate", |f| f.set_len(len.max(0.0) as u64))
            },
        )?,
    )?;
    native.set(
        "fsSync",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, fd: u32, data_only: bool| -> rquickjs::Result<()> {
                if data_only {
                    with_file(&ctx, fd, "fdatasync", |f| f.sync_data())
                } else {
                    with_file(&ctx, fd, "fsync", |f| f.sync_all())
                }
            },
        )?,
    )?;
    native.set(
        "fsSymlink",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, target: String, path: String| -> rquickjs::Result<()> {
                symlink(&target, &path)
                    .map_err(|e| fs_error(&ctx, &e, "symlink", &target, Some(&path)))
            },
        )?,
    )?;
    native.set(
        "fsReadlink",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String| -> rquickjs::Result<String> {
                std::fs::read_link(&path)
                    .map(|p| p.to_string_lossy().into_owned())
                    .map_err(|e| fs_error(&ctx, &e, "readlink", &path, None))
            },
        )?,
    )?;
    native.set(
        "fsLink",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, existing: String, new: String| -> rquickjs::Result<()> {
                std::fs::hard_link(&existing, &new)
                    .map_err(|e| fs_error(&ctx, &e, "link", &existing, Some(&new)))
            },
        )?,
    )?;
    native.set(
        "fsUtimes",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, atime: f64, mtime: f64| -> rquickjs::Result<()> {
                File::open(&path)
                    .and_then(|f| set_times(&f, atime, mtime))
                    .map_err(|e| fs_error(&ctx, &e, "utime", &path, None))
            },
        )?,
    )?;
    native.set(
        "fsFutimes",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, fd: u32, atime: f64, mtime: f64| -> rquickjs::Result<()> {
                with_file(&ctx, fd, "futime", |f| set_times(f, atime, mtime))
            },
        )?,
    )?;
    native.set(
        "fsChmod",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, mode: u32| -> rquickjs::Result<()> {
                chmod(&path, mode).map_err(|e| fs_error(&ctx, &e, "chmod", &path, None))
            },
        )?,
    )?;
    native.set(
        "fsFchmod",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, fd: u32, mode: u32| -> rquickjs::Result<()> {
                with_file(&ctx, fd, "fchmod", |f| fchmod(f, mode))
            },
        )?,
    )?;
    // fsChown(path, uid, gid, follow): chown, or lchown when `follow` is false; fsFchown.
    native.set(
        "fsChown",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             path: String,
             uid: f64,
             gid: f64,
             follow: bool|
             -> rquickjs::Result<()> {
                let syscall = if follow { "chown" } else { "lchown" };
                chown(&path, uid, gid, follow).map_err(|e| fs_error(&ctx, &e, syscall, &path, None))
            },
        )?,
    )?;
    native.set(
        "fsFchown",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, fd: u32, uid: f64, gid: f64| -> rquickjs::Result<()> {
                with_file(&ctx, fd, "fchown", |f| fchown(f, uid, gid))
            },
        )?,
    )?;
    Ok(())
}
