//! Byte and text codecs for TextEncoder, TextDecoder, Buffer, atob and btoa: UTF-8, latin1,
//! base64 and hex.

use rquickjs::{function::Opt, Ctx, Exception, Function, Object, TypedArray};

use crate::bytes::with_bytes;

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set(
        "utf8Encode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, s: rquickjs::String<'js>| {
            let s = s.to_string()?;
            TypedArray::<u8>::new(ctx, s.into_bytes())
        })?,
    )?;
    native.set(
        "utf8Length",
        Function::new(
            ctx.clone(),
            |s: rquickjs::String<'js>| -> rquickjs::Result<f64> { Ok(s.to_string()?.len() as f64) },
        )?,
    )?;
    // encodeInto: writes whole characters that fit; returns [read UTF-16 units, written bytes].
    native.set(
        "utf8EncodeInto",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, s: rquickjs::String<'js>, dest: TypedArray<'js, u8>| {
                let s = s.to_string()?;
                let Some(raw) = dest.as_raw() else {
                    return Err(Exception::throw_type(&ctx, "detached buffer"));
                };
                let cap = raw.len();
                let mut out = Vec::with_capacity(cap.min(s.len()));
                let mut read = 0usize;
                for ch in s.chars() {
                    let mut buf = [0u8; 4];
                    let enc = ch.encode_utf8(&mut buf);
                    if out.len() + enc.len() > cap {
                        break;
                    }
                    out.extend_from_slice(enc.as_bytes());
                    read += ch.len_utf16();
                }
                // SAFETY: `raw` is the live byte range of `dest`, which this call keeps alive;
                // no JavaScript runs between getting the pointer and this copy, and `out` is at
                // most `cap` bytes long.
                unsafe {
                    std::ptr::copy_nonoverlapping(out.as_ptr(), raw.as_ptr() as *mut u8, out.len());
                }
                Ok(vec![read as f64, out.len() as f64])
            },
        )?,
    )?;
    // utf8Decode(bytes, fatal): replacement characters for bad sequences unless fatal.
    native.set(
        "utf8Decode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, bytes: TypedArray<'js, u8>, fatal: Opt<bool>| {
                let fatal = fatal.0.unwrap_or(false);
                let decoded = with_bytes(&ctx, &bytes, |b| match std::str::from_utf8(b) {
                    Ok(s) => Ok(s.to_owned()),
                    Err(_) if fatal => Err(()),
                    Err(_) => Ok(String::from_utf8_lossy(b).into_owned()),
                })?;
                match decoded {
                    Ok(s) => rquickjs::String::from_str(ctx, &s),
                    Err(()) => Err(crate::errors::throw_as(
                        &ctx,
                        "TypeError",
                        "ERR_ENCODING_INVALID_ENCODED_DATA",
                        "The encoded data was not valid for encoding utf-8",
                    )),
                }
            },
        )?,
    )?;
    // How many bytes at the end of `bytes` start an incomplete UTF-8 sequence (for streaming).
    native.set(
        "utf8IncompleteTail",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, bytes: TypedArray<'js, u8>| {
            with_bytes(&ctx, &bytes, |b| incomplete_tail(b) as u32)
        })?,
    )?;
    native.set(
        "latin1Decode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, bytes: TypedArray<'js, u8>| {
            let s = with_bytes(&ctx, &bytes, |b| {
                b.iter().map(|&c| c as char).collect::<String>()
            })?;
            rquickjs::String::from_str(ctx, &s)
        })?,
    )?;
    native.set(
        "latin1Encode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, s: rquickjs::String<'js>| {
            let s = s.to_string()?;
            let v: Vec<u8> = s.encode_utf16().map(|u| u as u8).collect();
            TypedArray::<u8>::new(ctx, v)
        })?,
    )?;
    native.set(
        "base64Encode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, bytes: TypedArray<'js, u8>, url: Opt<bool>| {
                let s = with_bytes(&ctx, &bytes, |b| base64_encode(b, url.0.unwrap_or(false)))?;
                rquickjs::String::from_str(ctx, &s)
            },
        )?,
    )?;
    // base64Decode(text, strict): strict follows atob (forgiving-base64), returning null on
    // invalid input; lenient follows Buffer.from(text, 'base64') and skips what is not base64.
    native.set(
        "base64Decode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, s: rquickjs::String<'js>, strict: Opt<bool>| {
                let s = s.to_string()?;
                match base64_decode(s.as_bytes(), strict.0.unwrap_or(false)) {
                    Some(v) => Ok::<_, rquickjs::Error>(Some(TypedArray::<u8>::new(ctx, v)?)),
                    None => Ok(None),
                }
            },
        )?,
    )?;
    native.set(
        "hexEncode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, bytes: TypedArray<'js, u8>| {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let s = with_bytes(&ctx, &bytes, |b| {
                let mut s = String::with_capacity(b.len() * 2);
                for &c in b {
                    s.push(HEX[(c >> 4) as usize] as char);
                    s.push(HEX[(c & 15) as usize] as char);
                }
                s
            })?;
            rquickjs::String::from_str(ctx, &s)
        })?,
    )?;
    // Like Node: decoding stops at the first pair that is not hex.
    native.set(
        "hexDecode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, s: rquickjs::String<'js>| {
            let s = s.to_string()?;
            let b = s.as_bytes();
            let mut out = Vec::with_capacity(b.len() / 2);
            for pair in b.chunks_exact(2) {
                match (hex_val(pair[0]), hex_val(pair[1])) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => break,
                }
            }
            TypedArray::<u8>::new(ctx, out)
        })?,
    )?;
    Ok(())
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Bytes at the end of `b` that begin a UTF-8 sequence not yet complete.
fn incomplete_tail(b: &[u8]) -> usize {
    let n = b.len();
    for back in 1..=3.min(n) {
        let c = b[n - back];
        if c & 0xC0 == 0x80 {
            continue; // continuation byte: look further back for the lead byte
        }
        let need = if c >= 0xF0 {
            4
        } else if c >= 0xE0 {
            3
        } else if c >= 0xC0 {
            2
        } else {
            1
        };
        return if need > back { back } else { 0 };
    }
    0
}

fn base64_encode(b: &[u8], url: bool) -> String {
    let table: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = match chunk.len() {
            3 => (chunk[0] as u32) << 16 | (chunk[1] as u32) << 8 | chunk[2] as u32,
            2 => (chunk[0] as u32) << 16 | (chunk[1] as u32) << 8,
            _ => (chunk[0] as u32) << 16,
        };
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(table[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if !url {
                out.push('=');
            }
        }
    }
    out
}

fn base64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

fn base64_decode(s: &[u8], strict: bool) -> Option<Vec<u8>> {
    let mut vals = Vec::with_capacity(s.len());
    if strict {
        let cleaned: Vec<u8> = s
            .iter()
            .copied()
            .filter(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r'))
            .collect();
        let mut body = &cleaned[..];
        if body.len().is_multiple_of(4) {
            if body.ends_with(b"==") {
                body = &body[..body.len() - 2];
            } else if body.ends_with(b"=") {
                body = &body[..body.len() - 1];
            }
        }
        if body.len() % 4 == 1 {
            return None;
        }
        for &c in body {
            if c == b'-' || c == b'_' {
                return None;
            }
            vals.push(base64_value(c)?);
        }
    } else {
        for &c in s {
            if c == b'=' {
                break;
            }
            if let Some(v) = base64_value(c) {
                vals.push(v);
            }
        }
    }
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for chunk in vals.chunks(4) {
        let mut n = 0u32;
        for (i, &v) in chunk.iter().enumerate() {
            n |= (v as u32) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let take = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend_from_slice(&bytes[..take]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for len in 0..20 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let enc = base64_encode(&data, false);
            assert_eq!(base64_decode(enc.as_bytes(), true).unwrap(), data);
            assert_eq!(base64_decode(enc.as_bytes(), false).unwrap(), data);
            let url = base64_encode(&data, true);
            assert_eq!(base64_decode(url.as_bytes(), false).unwrap(), data);
        }
        assert_eq!(base64_encode(b"hello", false), "aGVsbG8=");
        assert_eq!(base64_decode(b"aGVsbG8", true).unwrap(), b"hello");
        assert!(base64_decode(b"a", true).is_none());
        assert!(base64_decode(b"a*bc", true).is_none());
    }

    #[test]
    fn finds_incomplete_tails() {
        assert_eq!(incomplete_tail(b"abc"), 0);
        assert_eq!(incomplete_tail(&[0x61, 0xE2, 0x82]), 2);
        assert_eq!(incomplete_tail(&[0xE2, 0x82, 0xAC]), 0);
        assert_eq!(incomplete_tail(&[0xF0]), 1);
    }
}
