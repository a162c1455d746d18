//! Native half of `node:zlib`: compression and decompression in the DEFLATE, zlib and gzip
//! formats (see `deflate.rs` and `inflate.rs`), whole or in pieces for the streams, with
//! zlib's error codes.
//!
//! Formats, as JavaScript numbers them: 0 raw DEFLATE, 1 zlib, 2 gzip; for decompression
//! also 3 gzip or zlib by the header, 4 zlib or else raw DEFLATE (HTTP's `deflate`).

use rquickjs::{Class, Ctx, Function, JsLifetime, Object, TypedArray};

use super::deflate;
use super::inflate::{self, DecodeError, Format, Inflater};
use crate::bytes::with_bytes;
use crate::errors;

/// A byte count from JavaScript; anything but a positive number means no limit.
fn size_limit(n: f64) -> usize {
    if n >= 1.0 && n < usize::MAX as f64 {
        n as usize
    } else {
        usize::MAX
    }
}

fn zlib_error(ctx: &Ctx<'_>, e: &DecodeError, max: usize) -> rquickjs::Error {
    let (code, errno) = match e {
        DecodeError::Truncated => ("Z_BUF_ERROR", -5),
        DecodeError::Data(_) => ("Z_DATA_ERROR", -3),
        DecodeError::TooLarge => {
            let message = format!("Cannot create a Buffer larger than {max} bytes");
            return errors::throw_as(ctx, "RangeError", "ERR_BUFFER_TOO_LARGE", &message);
        }
    };
    let made = errors::coded(ctx, "Error", code, e.message()).and_then(|ex| {
        ex.set("errno", errno)?;
        Ok(ex)
    });
    errors::throw(ctx, made)
}

/// A decompression stream in flight, held by a JavaScript Inflate, InflateRaw, Gunzip or
/// Unzip stream, a DecompressionStream or a compressed fetch body.
#[derive(rquickjs::class::Trace, JsLifetime)]
#[rquickjs::class]
pub(crate) struct NativeInflater {
    #[qjs(skip_trace)]
    inflater: Inflater,
    #[qjs(skip_trace)]
    max: usize,
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
    // zlibCrc32(bytes, value) -> the CRC-32 of `bytes`, continuing from `value`.
    native.set(
        "zlibCrc32",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, data: TypedArray<'js, u8>, value: u32| -> rquickjs::Result<f64> {
                with_bytes(&ctx, &data, |b| f64::from(deflate::crc32_update(value, b)))
            },
        )?,
    )?;
    // zlibInflater(format, maxOutput) -> a decompression stream; zlibInflatePiece(d, bytes,
    // end, limit) -> what decodes, stopping once `limit` bytes are out (call again with no
    // bytes for more); throws zlib's error for bad data, or at the end of an unfinished
    // stream when `end`.
    native.set(
        "zlibInflater",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, format: u8, max: f64| -> rquickjs::Result<Class<'js, NativeInflater>> {
                let max = size_limit(max);
                let inflater = Inflater::new(Format::from_number(format), max);
                Class::instance(ctx, NativeInflater { inflater, max })
            },
        )?,
    )?;
    native.set(
        "zlibInflatePiece",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             d: Class<'js, NativeInflater>,
             data: TypedArray<'js, u8>,
             end: bool,
             limit: f64|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let limit = size_limit(limit);
                let mut d = d.borrow_mut();
                let max = d.max;
                let out = with_bytes(&ctx, &data, |b| d.inflater.piece(b, end, limit))?
                    .map_err(|e| zlib_error(&ctx, &e, max))?;
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
                let max = size_limit(max);
                let format = Format::from_number(format);
                let out = with_bytes(&ctx, &data, |b| inflate::decompress(format, b, max))?
                    .map_err(|e| zlib_error(&ctx, &e, max))?;
                TypedArray::<u8>::new(ctx, out)
            },
        )?,
    )?;
    Ok(())
}
