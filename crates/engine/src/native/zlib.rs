//! Native half of `node:zlib`: whole-buffer compression and decompression in the DEFLATE,
//! zlib and gzip formats (see `deflate.rs`), with zlib's error codes, and compression in
//! pieces for the streams.

use rquickjs::{Class, Ctx, Function, JsLifetime, Object, TypedArray};

use super::deflate::{self, DecodeError};
use crate::bytes::with_bytes;
use crate::errors;

/// Formats, as JavaScript names them: 0 raw DEFLATE, 1 zlib, 2 gzip, 3 zlib or gzip by header.
fn decompress(format: u8, input: &[u8], max: usize) -> Result<Vec<u8>, DecodeError> {
    match format {
        0 => deflate::inflate_raw(input, max).map(|(out, _)| out),
        1 => deflate::inflate_zlib(input, max),
        2 => deflate::gunzip(input, max),
        _ if input.starts_with(&[0x1f, 0x8b]) => deflate::gunzip(input, max),
        _ => deflate::inflate_zlib(input, max),
    }
}

fn zlib_error(ctx: &Ctx<'_>, e: &DecodeError, max: usize) -> rquickjs::Error {
    let (code, errno) = match e {
        DecodeError::Truncated => ("Z_BUF_ERROR", -5),
        DecodeError::Data(_) => ("Z_DATA_ERROR", -3),
        DecodeError::TooLarge => {
            let message = format!("Cannot create a Buffer larger than {max} bytes");
            return errors::throw(
                ctx,
                errors::coded(ctx, "RangeError", "ERR_BUFFER_TOO_LARGE", &message),
            );
        }
    };
    let made = errors::coded(ctx, "Error", code, e.message()).and_then(|ex| {
        ex.set("errno", errno)?;
        Ok(ex)
    });
    errors::throw(ctx, made)
}

/// A compression stream in flight, held by a JavaScript Deflate, DeflateRaw or Gzip stream.
#[derive(rquickjs::class::Trace, JsLifetime)]
#[rquickjs::class]
pub(crate) struct NativeDeflater {
    #[qjs(skip_trace)]
    deflater: deflate::Deflater,
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    // zlibDeflater(format, level) -> a compression stream; zlibDeflatePiece(d, bytes, end)
    // -> the compressed bytes of the piece (byte-aligned), with the stream's end when `end`.
    native.set(
        "zlibDeflater",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             format: u8,
             level: i32|
             -> rquickjs::Result<Class<'js, NativeDeflater>> {
                let deflater = deflate::Deflater::new(format, level);
                Class::instance(ctx, NativeDeflater { deflater })
            },
        )?,
    )?;
    native.set(
        "zlibDeflatePiece",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             d: Class<'js, NativeDeflater>,
             data: TypedArray<'js, u8>,
             end: bool|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let out = with_bytes(&ctx, &data, |b| d.borrow_mut().deflater.piece(b, end))?;
                TypedArray::<u8>::new(ctx, out)
            },
        )?,
    )?;
    native.set(
        "zlibCompress",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, format: u8, data: TypedArray<'js, u8>, level: i32| {
                let out = with_bytes(&ctx, &data, |b| match format {
                    0 => deflate::deflate_raw(b, level),
                    1 => deflate::deflate_zlib(b, level),
                    _ => deflate::gzip(b, level),
                })?;
                TypedArray::<u8>::new(ctx, out)
            },
        )?,
    )?;
    native.set(
        "zlibDecompress",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, format: u8, data: TypedArray<'js, u8>, max: f64| {
                let max = if max >= 1.0 && max < usize::MAX as f64 {
                    max as usize
                } else {
                    usize::MAX
                };
                let out = with_bytes(&ctx, &data, |b| decompress(format, b, max))?
                    .map_err(|e| zlib_error(&ctx, &e, max))?;
                TypedArray::<u8>::new(ctx, out)
            },
        )?,
    )?;
    Ok(())
}
