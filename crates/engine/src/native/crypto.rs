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
    // pbkdf2(digest, password, salt, iterations, keylen) -> Uint8Array (RFC 8018, 5.2).
    native.set(
        "pbkdf2",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             password: TypedArray<'js, u8>,
             salt: TypedArray<'js, u8>,
             iterations: u32,
             keylen: usize|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let alg = Algorithm::from_name(&name).ok_or_else(|| {
                    crate::errors::throw_coded(
                        &ctx,
                        "ERR_CRYPTO_INVALID_DIGEST",
                        &format!("Invalid digest: {name}"),
                    )
                })?;
                let keyed = with_bytes(&ctx, &password, |p| Hmac::new(alg, p))?;
                let salt = crate::bytes::to_vec(&ctx, &salt)?;
                TypedArray::new(ctx, pbkdf2(&keyed, &salt, iterations, keylen))
            },
        )?,
    )?;
    // aeadSeal(cipher, key, iv, aad, plaintext) -> [ciphertext, tag];
    // aeadOpen(cipher, key, iv, aad, ciphertext, tag) -> plaintext, or throws when the data or
    // the tag was changed.
    native.set(
        "aeadSeal",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             key: TypedArray<'js, u8>,
             iv: TypedArray<'js, u8>,
             aad: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>|
             -> rquickjs::Result<Vec<TypedArray<'js, u8>>> {
                let (key, nonce) = aead_key(&ctx, &name, &key, &iv)?;
                let aad = crate::bytes::to_vec(&ctx, &aad)?;
                let mut out = crate::bytes::to_vec(&ctx, &data)?;
                let tag = key
                    .seal_in_place_separate_tag(nonce, ring::aead::Aad::from(&aad), &mut out)
                    .map_err(|_| Exception::throw_internal(&ctx, "encryption failed"))?;
                Ok(vec![
                    TypedArray::new(ctx.clone(), out)?,
                    TypedArray::new(ctx, tag.as_ref().to_vec())?,
                ])
            },
        )?,
    )?;
    native.set(
        "aeadOpen",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             key: TypedArray<'js, u8>,
             iv: TypedArray<'js, u8>,
             aad: TypedArray<'js, u8>,
             data: TypedArray<'js, u8>,
             tag: TypedArray<'js, u8>|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let (key, nonce) = aead_key(&ctx, &name, &key, &iv)?;
                let aad = crate::bytes::to_vec(&ctx, &aad)?;
                let mut sealed = crate::bytes::to_vec(&ctx, &data)?;
                sealed.extend_from_slice(&crate::bytes::to_vec(&ctx, &tag)?);
                let opened = key
                    .open_in_place(nonce, ring::aead::Aad::from(&aad), &mut sealed)
                    .map_err(|_| {
                        Exception::throw_message(
                            &ctx,
                            "Unsupported state or unable to authenticate data",
                        )
                    })?;
                let len = opened.len();
                sealed.truncate(len);
                TypedArray::new(ctx, sealed)
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

/// The AEAD key and nonce for the cipher `name` (`aes-128-gcm`, `aes-256-gcm`,
/// `chacha20-poly1305`), with Node's errors for a wrong key or IV length.
fn aead_key<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    key: &TypedArray<'js, u8>,
    iv: &TypedArray<'js, u8>,
) -> rquickjs::Result<(ring::aead::LessSafeKey, ring::aead::Nonce)> {
    let alg = match name {
        "aes-128-gcm" => &ring::aead::AES_128_GCM,
        "aes-256-gcm" => &ring::aead::AES_256_GCM,
        "chacha20-poly1305" => &ring::aead::CHACHA20_POLY1305,
        _ => {
            return Err(crate::errors::throw_coded(
                ctx,
                "ERR_CRYPTO_UNKNOWN_CIPHER",
                "Unknown cipher",
            ))
        }
    };
    let key = crate::bytes::to_vec(ctx, key)?;
    let key = ring::aead::UnboundKey::new(alg, &key).map_err(|_| {
        let made = crate::errors::coded(
            ctx,
            "RangeError",
            "ERR_CRYPTO_INVALID_KEYLEN",
            "Invalid key length",
        );
        crate::errors::throw(ctx, made)
    })?;
    let iv = crate::bytes::to_vec(ctx, iv)?;
    let nonce = ring::aead::Nonce::try_assume_unique_for_key(&iv).map_err(|_| {
        let made = crate::errors::coded(
            ctx,
            "TypeError",
            "ERR_CRYPTO_INVALID_IV",
            "Invalid initialization vector (this runtime takes 12-byte IVs for AEAD ciphers)",
        );
        crate::errors::throw(ctx, made)
    })?;
    Ok((ring::aead::LessSafeKey::new(key), nonce))
}

/// PBKDF2 with the HMAC `keyed` (already holding the password): `keylen` bytes of
/// T1 || T2 || ..., Ti = U1 ^ ... ^ Uc, U1 = HMAC(salt || INT(i)), Uj = HMAC(Uj-1).
fn pbkdf2(keyed: &Hmac, salt: &[u8], iterations: u32, keylen: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(keylen);
    let mut block: u32 = 1;
    while out.len() < keylen {
        let mut mac = keyed.clone();
        mac.update(salt);
        mac.update(&block.to_be_bytes());
        let mut u = mac.finish();
        let mut t = u.clone();
        for _ in 1..iterations {
            let mut mac = keyed.clone();
            mac.update(&u);
            u = mac.finish();
            for (t, u) in t.iter_mut().zip(&u) {
                *t ^= u;
            }
        }
        let take = (keylen - out.len()).min(t.len());
        out.extend_from_slice(&t[..take]);
        block = block.wrapping_add(1);
    }
    out
}

/// Node's error for using a digest after `digest()`.
fn finished(ctx: &Ctx<'_>) -> rquickjs::Error {
    crate::errors::throw_coded(ctx, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Password, salt, iterations, length, expected key in hex.
    type Vector = (&'static [u8], &'static [u8], u32, usize, &'static str);

    /// RFC 6070's PBKDF2-HMAC-SHA1 vectors (the 16,777,216-iteration one left out).
    #[test]
    fn rfc6070_vectors() {
        let cases: [Vector; 5] = [
            (
                b"password",
                b"salt",
                1,
                20,
                "0c60c80f961f0e71f3a9b524af6012062fe037a6",
            ),
            (
                b"password",
                b"salt",
                2,
                20,
                "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
            ),
            (
                b"password",
                b"salt",
                4096,
                20,
                "4b007901b765489abead49d926f721d065a429c1",
            ),
            (
                b"passwordPASSWORDpassword",
                b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
                4096,
                25,
                "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
            ),
            (
                b"pass\0word",
                b"sa\0lt",
                4096,
                16,
                "56fa6aa75548099dcc37d7f03425e0c3",
            ),
        ];
        for (password, salt, c, len, want) in cases {
            let keyed = Hmac::new(Algorithm::from_name("sha1").unwrap(), password);
            assert_eq!(hex(&pbkdf2(&keyed, salt, c, len)), want);
        }
    }
}
