//! Borrowing the bytes of a JavaScript `Uint8Array` from Rust: the one place where the engine
//! reads JavaScript memory directly.

use rquickjs::{Ctx, Exception, TypedArray};

/// Runs `f` over the bytes of `array`. A detached buffer reads as a TypeError.
pub(crate) fn with_bytes<'js, R>(
    ctx: &Ctx<'js>,
    array: &TypedArray<'js, u8>,
    f: impl FnOnce(&[u8]) -> R,
) -> rquickjs::Result<R> {
    // SAFETY: the slice points into the array's buffer, which `array` keeps alive. `f` is plain
    // Rust that cannot run JavaScript, so the buffer cannot be detached or resized while the
    // slice is in use, and the slice does not outlive this call.
    let bytes = unsafe { array.as_bytes() };
    match bytes {
        Some(b) => Ok(f(b)),
        None => Err(Exception::throw_type(
            ctx,
            "Cannot perform operation on a detached ArrayBuffer",
        )),
    }
}

/// Copies the bytes of `array` into a new vector.
pub(crate) fn to_vec<'js>(
    ctx: &Ctx<'js>,
    array: &TypedArray<'js, u8>,
) -> rquickjs::Result<Vec<u8>> {
    with_bytes(ctx, array, |b| b.to_vec())
}
