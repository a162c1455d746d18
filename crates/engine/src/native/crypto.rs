//! Native half of `node:crypto` and the global `crypto`: random bytes from the host and
//! incremental digests and HMACs (see `digest.rs`), held by JavaScript objects whose lifetime
//! QuickJS's collector decides.

use rquickjs::class::Trace;
use rquickjs::{Class, Ctx, Exception, Function, JsLifetime, Object, TypedArray};

use super::digest::{Algorithm, Hasher, Hmac};
use crate::bytes::with_bytes;

/// What a digest object holds: a running digest or HMAC, or nothing once finished.
#[derive(Debug, Clone)]
enum Running {
    Hash(Hasher),
    Hmac(Hmac),
    Finished,
}

/// A digest or HMAC in progress, as a JavaScript object (`node:crypto`'s Hash and Hmac hold
/// one).
#[derive(Trace, JsLifetime)]
#[rquickjs::class]
pub(crate) struct NativeDigest {
    #[qjs(skip_trace)]
    running: Running,
}

/// The algorithm `name` names; Node's error (a plain Error, no code) for any other.
fn algorithm<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Algorithm> {
    Algorithm::from_name(name)
        .ok_or_else(|| Exception::throw_message(ctx, "Digest method not supported"))
}

/// `len` bytes fit for secrets: `/dev/urandom`, or the host's `random_get` through a DRBG
/// (see `tls::fill_random`).
fn random_bytes(len: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    tls::fill_random(&mut buf)?;
    Ok(buf)
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    native.set(
        "randomBytes",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, len: usize| -> rquickjs::Result<TypedArray<'js, u8>> {
                let bytes = random_bytes(len)
                    .map_err(|e| Exception::throw_internal(&ctx, &e.to_string()))?;
                TypedArray::new(ctx, bytes)
            },
        )?,
    )?;
    native.set(
        "hashCreate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, name: String| -> rquickjs::Result<Class<'js, NativeDigest>> {
                let running = Running::Hash(Hasher::new(algorithm(&ctx, &name)?));
                Class::instance(ctx, NativeDigest { running })
            },
        )?,
    )?;
    native.set(
        "hmacCreate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             key: TypedArray<'js, u8>|
             -> rquickjs::Result<Class<'js, NativeDigest>> {
                let alg = algorithm(&ctx, &name)?;
                let running = Running::Hmac(with_bytes(&ctx, &key, |k| Hmac::new(alg, k))?);
                Class::instance(ctx, NativeDigest { running })
            },
        )?,
    )?;
    native.set(
        "digestUpdate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             digest: Class<'js, NativeDigest>,
             data: TypedArray<'js, u8>|
             -> rquickjs::Result<()> {
                let mut digest = digest.borrow_mut();
                match &mut digest.running {
                    Running::Hash(h) => with_bytes(&ctx, &data, |b| h.update(b)),
                    Running::Hmac(m) => with_bytes(&ctx, &data, |b| m.update(b)),
                    Running::Finished => Err(finished(&ctx)),
                }
            },
        )?,
    )?;
    native.set(
        "digestFinish",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             digest: Class<'js, NativeDigest>|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let running =
                    std::mem::replace(&mut digest.borrow_mut().running, Running::Finished);
                let out = match running {
                    Running::Hash(h) => h.finish(),
                    Running::Hmac(m) => m.finish(),
                    Running::Finished => return Err(finished(&ctx)),
                };
                TypedArray::new(ctx, out)
            },
        )?,
    )?;
    native.set(
        "digestCopy",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             digest: Class<'js, NativeDigest>|
             -> rquickjs::Result<Class<'js, NativeDigest>> {
                let running = digest.borrow().running.clone();
                if let Running::Finished = running {
                    return Err(finished(&ctx));
                }
                Class::instance(ctx, NativeDigest { running })
            },
        )?,
    )?;
    native.set(
        "digestOnce",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             data: TypedArray<'js, u8>|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let mut h = Hasher::new(algorithm(&ctx, &name)?);
                with_bytes(&ctx, &data, |b| h.update(b))?;
                TypedArray::new(ctx, h.finish())
            },
        )?,
    )?;
    Ok(())
}

/// Node's error for using a digest after `digest()`.
fn finished(ctx: &Ctx<'_>) -> rquickjs::Error {
    crate::errors::throw_coded(ctx, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called")
}
