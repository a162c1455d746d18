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
                let (key, nonce, aad) = aead_parts(&ctx, &name, &key, &iv, &aad)?;
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
                let (key, nonce, aad) = aead_parts(&ctx, &name, &key, &iv, &aad)?;
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
    // scrypt(password, salt, N, r, p, keylen) -> Uint8Array (RFC 7914); JavaScript checks
    // the parameters and the memory bound first.
    native.set(
        "scrypt",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             password: TypedArray<'js, u8>,
             salt: TypedArray<'js, u8>,
             n: u32,
             r: u32,
             p: u32,
             keylen: usize|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let password = crate::bytes::to_vec(&ctx, &password)?;
                let salt = crate::bytes::to_vec(&ctx, &salt)?;
                let key = scrypt(&password, &salt, n as usize, r as usize, p as usize, keylen);
                TypedArray::new(ctx, key)
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

/// Node's RangeError for a cipher key of the wrong length, thrown.
pub(super) fn invalid_key_length(ctx: &Ctx<'_>) -> rquickjs::Error {
    crate::errors::throw_as(
        ctx,
        "RangeError",
        "ERR_CRYPTO_INVALID_KEYLEN",
        "Invalid key length",
    )
}

/// Node's TypeError for a cipher IV of the wrong length, thrown.
pub(super) fn invalid_iv(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    crate::errors::throw_as(ctx, "TypeError", "ERR_CRYPTO_INVALID_IV", message)
}

/// The AEAD key, nonce and additional data for the cipher `name` (`aes-128-gcm`,
/// `aes-256-gcm`, `chacha20-poly1305`), with Node's errors for a wrong key or IV length.
fn aead_parts<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    key: &TypedArray<'js, u8>,
    iv: &TypedArray<'js, u8>,
    aad: &TypedArray<'js, u8>,
) -> rquickjs::Result<(ring::aead::LessSafeKey, ring::aead::Nonce, Vec<u8>)> {
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
    let key = ring::aead::UnboundKey::new(alg, &key).map_err(|_| invalid_key_length(ctx))?;
    let iv = crate::bytes::to_vec(ctx, iv)?;
    let nonce = ring::aead::Nonce::try_assume_unique_for_key(&iv).map_err(|_| {
        invalid_iv(
            ctx,
            "Invalid initialization vector (this runtime takes 12-byte IVs for AEAD ciphers)",
        )
    })?;
    let aad = crate::bytes::to_vec(ctx, aad)?;
    Ok((ring::aead::LessSafeKey::new(key), nonce, aad))
}

/// PBKDF2 with the HMAC `keyed` (already holding the password): `keylen` bytes of
/// T1 || T2 || ..., Ti = U1 ^ ... ^ Uc, U1 = HMAC(salt || INT(i)), Uj = HMAC(Uj-1).
pub(super) fn pbkdf2(keyed: &Hmac, salt: &[u8], iterations: u32, keylen: usize) -> Vec<u8> {
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

/// scrypt (RFC 7914): PBKDF2-HMAC-SHA256 spreads the password over p blocks of 128·r
/// bytes, each mixed by ROMix with an N-entry table, then PBKDF2 again gives the key.
/// The caller keeps N a power of two above 1 and the memory (128·r·N) bounded.
fn scrypt(password: &[u8], salt: &[u8], n: usize, r: usize, p: usize, keylen: usize) -> Vec<u8> {
    let keyed = Hmac::new(Algorithm::Sha256, password);
    let mut blocks = pbkdf2(&keyed, salt, 1, p * 128 * r);
    let mut table = vec![0u32; 32 * r * n];
    for block in blocks.chunks_mut(128 * r) {
        ro_mix(block, r, n, &mut table);
    }
    pbkdf2(&keyed, &blocks, 1, keylen)
}

/// scryptROMix on one block of 128·r bytes, with `table` of N·32·r words as scratch.
fn ro_mix(block: &mut [u8], r: usize, n: usize, table: &mut [u32]) {
    let words = 32 * r;
    let mut x: Vec<u32> = block
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut scratch = vec![0u32; words];
    for i in 0..n {
        table[i * words..(i + 1) * words].copy_from_slice(&x);
        block_mix(&mut x, &mut scratch, r);
    }
    for _ in 0..n {
        let j = (x[words - 16] as usize) & (n - 1);
        for (xi, vi) in x.iter_mut().zip(&table[j * words..(j + 1) * words]) {
            *xi ^= vi;
        }
        block_mix(&mut x, &mut scratch, r);
    }
    for (out, w) in block.chunks_exact_mut(4).zip(&x) {
        out.copy_from_slice(&w.to_le_bytes());
    }
}

/// scryptBlockMix with Salsa20/8: 2·r sub-blocks of 16 words; even results first, then odd.
fn block_mix(b: &mut [u32], scratch: &mut [u32], r: usize) {
    let mut x = [0u32; 16];
    x.copy_from_slice(&b[(2 * r - 1) * 16..]);
    for i in 0..2 * r {
        for (xk, bk) in x.iter_mut().zip(&b[i * 16..(i + 1) * 16]) {
            *xk ^= bk;
        }
        salsa20_8(&mut x);
        let at = if i % 2 == 0 { i / 2 } else { r + i / 2 };
        scratch[at * 16..(at + 1) * 16].copy_from_slice(&x);
    }
    b.copy_from_slice(scratch);
}

/// The Salsa20/8 core: eight rounds, then the input added back.
fn salsa20_8(b: &mut [u32; 16]) {
    let mut x = *b;
    let quarter = |x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize| {
        x[b] ^= x[a].wrapping_add(x[d]).rotate_left(7);
        x[c] ^= x[b].wrapping_add(x[a]).rotate_left(9);
        x[d] ^= x[c].wrapping_add(x[b]).rotate_left(13);
        x[a] ^= x[d].wrapping_add(x[c]).rotate_left(18);
    };
    for _ in 0..4 {
        quarter(&mut x, 0, 4, 8, 12);
        quarter(&mut x, 5, 9, 13, 1);
        quarter(&mut x, 10, 14, 2, 6);
        quarter(&mut x, 15, 3, 7, 11);
        quarter(&mut x, 0, 1, 2, 3);
        quarter(&mut x, 5, 6, 7, 4);
        quarter(&mut x, 10, 11, 8, 9);
        quarter(&mut x, 15, 12, 13, 14);
    }
    for (bi, xi) in b.iter_mut().zip(&x) {
        *bi = bi.wrapping_add(*xi);
    }
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

    /// RFC 7914's first two scrypt vectors.
    #[test]
    fn rfc7914_vectors() {
        assert_eq!(
            hex(&scrypt(b"", b"", 16, 1, 1, 64)),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442\
             fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"
        );
        assert_eq!(
            hex(&scrypt(b"password", b"NaCl", 1024, 8, 16, 64)),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162\
             2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        );
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
