//! Key agreement for node:crypto and Web Crypto: ECDH on P-256 (the p256 crate) and X25519
//! (x25519-dalek), between KeyObjects (`crypto.diffieHellman`, `subtle.deriveBits`) and on
//! raw keys (`crypto.createECDH('prime256v1')`). Secrets of new keys come from
//! `tls::fill_random`.

use p256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use rquickjs::{Ctx, Function, Object, TypedArray};

use super::pkey::{self, Curve, Key, KeyError, Kind};

fn error(code: &'static str, message: &str) -> KeyError {
    KeyError {
        code,
        message: message.to_string(),
    }
}

fn invalid_public() -> KeyError {
    error(
        "ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY",
        "Public key is not valid for specified curve",
    )
}

fn invalid_private() -> KeyError {
    error(
        "ERR_CRYPTO_INVALID_KEYTYPE",
        "Private key is not valid for specified curve.",
    )
}

/// The shared secret of a private key and another party's public key, of the same type.
pub(crate) fn agree(private: &Key, public: &Key) -> Result<Vec<u8>, KeyError> {
    if !private.private {
        return Err(error(
            "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
            "Invalid key object type public, expected private.",
        ));
    }
    let (kind, peer) = pkey::public_bytes(public)?;
    if kind != private.kind {
        return Err(error(
            "ERR_CRYPTO_INCOMPATIBLE_KEY",
            &format!(
                "Incompatible key types for Diffie-Hellman: {} and {}",
                private.kind.name(),
                kind.name()
            ),
        ));
    }
    match kind {
        Kind::X25519 => {
            let secret = x25519_dalek::StaticSecret::from(pkey::x25519_secret(private)?);
            let peer: [u8; 32] = peer.as_slice().try_into().map_err(|_| invalid_public())?;
            let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(peer));
            // A low-order peer key gives all zeros, which OpenSSL refuses.
            if !shared.was_contributory() {
                return Err(error(
                    "ERR_OSSL_FAILED_DURING_DERIVATION",
                    "failed during derivation",
                ));
            }
            Ok(shared.as_bytes().to_vec())
        }
        Kind::Ec(Curve::P256) => p256_agree(&pkey::ec_scalar(private)?, &peer),
        Kind::Ec(Curve::P384) => Err(error(
            "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
            "ECDH on P-384 is not supported (P-256 and X25519 are)",
        )),
        Kind::Rsa | Kind::Ed25519 => Err(pkey::not_for_key_type()),
    }
}

/// A P-256 private scalar of up to 32 bytes (shorter ones are padded, as OpenSSL reads a
/// number), checked to be in range.
fn p256_secret(scalar: &[u8]) -> Result<p256::SecretKey, KeyError> {
    if scalar.len() > 32 {
        return Err(invalid_private());
    }
    let mut padded = [0u8; 32];
    padded[32 - scalar.len()..].copy_from_slice(scalar);
    p256::SecretKey::from_slice(&padded).map_err(|_| invalid_private())
}

fn p256_point(point: &[u8]) -> Result<p256::PublicKey, KeyError> {
    // The hybrid form (06/07) is the uncompressed one with the parity of y in the tag.
    let mut owned;
    let mut bytes = point;
    if let [tag @ (6 | 7), rest @ ..] = point {
        if rest.len() != 64 || (rest[63] & 1) != (tag & 1) {
            return Err(invalid_public());
        }
        owned = point.to_vec();
        owned[0] = 4;
        bytes = &owned;
    }
    let encoded = p256::EncodedPoint::from_bytes(bytes).map_err(|_| invalid_public())?;
    Option::from(p256::PublicKey::from_encoded_point(&encoded)).ok_or_else(invalid_public)
}

fn p256_agree(scalar: &[u8], peer: &[u8]) -> Result<Vec<u8>, KeyError> {
    let secret = p256_secret(scalar)?;
    let peer = p256_point(peer)?;
    let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), peer.as_affine());
    Ok(shared.raw_secret_bytes().to_vec())
}

/// A point in the form node:crypto names: `uncompressed`, `compressed` or `hybrid`.
fn encode_point(point: &p256::PublicKey, form: &str) -> Result<Vec<u8>, KeyError> {
    match form {
        "uncompressed" => Ok(point.to_encoded_point(false).as_bytes().to_vec()),
        "compressed" => Ok(point.to_encoded_point(true).as_bytes().to_vec()),
        "hybrid" => {
            let mut out = point.to_encoded_point(false).as_bytes().to_vec();
            out[0] = 6 | (out[64] & 1);
            Ok(out)
        }
        _ => Err(error(
            "ERR_CRYPTO_ECDH_INVALID_FORMAT",
            &format!("Invalid ECDH format: {form}"),
        )),
    }
}

/// The curve `createECDH` names, if this runtime can do ECDH on it.
fn curve_of(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<()> {
    match name {
        "prime256v1" => Ok(()),
        "secp384r1" | "secp521r1" | "secp256k1" | "secp224r1" => Err(pkey::throw(
            ctx,
            error(
                "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
                &format!("ECDH on {name} is not supported (prime256v1 is)"),
            ),
        )),
        _ => Err(crate::errors::throw_as(
            ctx,
            "TypeError",
            "ERR_CRYPTO_INVALID_CURVE",
            "Invalid EC curve name",
        )),
    }
}

/// A new P-256 private scalar.
fn p256_generate() -> Result<Vec<u8>, KeyError> {
    let mut bytes = [0u8; 32];
    loop {
        tls::fill_random(&mut bytes)
            .map_err(|_| error("ERR_CRYPTO_OPERATION_FAILED", "no random bytes"))?;
        if p256::SecretKey::from_slice(&bytes).is_ok() {
            return Ok(bytes.to_vec());
        }
    }
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    // pkeyDerive(privateDer, publicDer, publicIsPrivate) -> the shared secret of two
    // KeyObjects.
    native.set(
        "pkeyDerive",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             private: TypedArray<'js, u8>,
             public: TypedArray<'js, u8>,
             public_is_private: bool|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let private = pkey::key_of(&ctx, &private, true)?;
                let public = pkey::key_of(&ctx, &public, public_is_private)?;
                let secret = agree(&private, &public).map_err(|e| pkey::throw(&ctx, e))?;
                TypedArray::new(ctx, secret)
            },
        )?,
    )?;
    // ecdhGenerate(curve) -> a new private scalar; ecdhPublic(curve, scalar, form) -> its
    // point; ecdhCompute(curve, scalar, point) -> the shared secret; ecdhConvert(curve,
    // point, form) -> the point in another form.
    native.set(
        "ecdhGenerate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, curve: String| -> rquickjs::Result<TypedArray<'js, u8>> {
                curve_of(&ctx, &curve)?;
                let scalar = p256_generate().map_err(|e| pkey::throw(&ctx, e))?;
                TypedArray::new(ctx, scalar)
            },
        )?,
    )?;
    native.set(
        "ecdhPublic",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             curve: String,
             scalar: TypedArray<'js, u8>,
             form: String|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                curve_of(&ctx, &curve)?;
                let scalar = crate::bytes::to_vec(&ctx, &scalar)?;
                let point = p256_secret(&scalar)
                    .and_then(|s| encode_point(&s.public_key(), &form))
                    .map_err(|e| pkey::throw(&ctx, e))?;
                TypedArray::new(ctx, point)
            },
        )?,
    )?;
    native.set(
        "ecdhCompute",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             curve: String,
             scalar: TypedArray<'js, u8>,
             point: TypedArray<'js, u8>|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                curve_of(&ctx, &curve)?;
                let scalar = crate::bytes::to_vec(&ctx, &scalar)?;
                let point = crate::bytes::to_vec(&ctx, &point)?;
                let secret = p256_agree(&scalar, &point).map_err(|e| pkey::throw(&ctx, e))?;
                TypedArray::new(ctx, secret)
            },
        )?,
    )?;
    native.set(
        "ecdhConvert",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             curve: String,
             point: TypedArray<'js, u8>,
             form: String|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                curve_of(&ctx, &curve)?;
                let point = crate::bytes::to_vec(&ctx, &point)?;
                let out = p256_point(&point)
                    .and_then(|p| encode_point(&p, &form))
                    .map_err(|e| pkey::throw(&ctx, e))?;
                TypedArray::new(ctx, out)
            },
        )?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0))
            .collect()
    }

    /// RFC 7748 section 6.1: Alice's and Bob's keys and their shared secret.
    #[test]
    fn x25519_agrees_as_rfc_7748_says() {
        let alice = pkey::raw_key(
            Kind::X25519,
            true,
            &hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
        );
        let bob = pkey::raw_key(
            Kind::X25519,
            false,
            &hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
        );
        assert_eq!(
            agree(&alice, &bob),
            Ok(hex(
                "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
            ))
        );
        assert_eq!(
            pkey::public_bytes(&alice).map(|p| p.1),
            Ok(hex(
                "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
            ))
        );
        // A low-order point gives no secret.
        let zero = pkey::raw_key(Kind::X25519, false, &[0u8; 32]);
        assert_eq!(
            agree(&alice, &zero).map_err(|e| e.code),
            Err("ERR_OSSL_FAILED_DURING_DERIVATION")
        );
        // Keys of different types do not agree.
        let ec = pkey::generate(Kind::Ec(Curve::P256)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            agree(&alice, &ec).map_err(|e| e.code),
            Err("ERR_CRYPTO_INCOMPATIBLE_KEY")
        );
    }

    #[test]
    fn p256_agrees_both_ways_in_every_point_form() {
        let a = p256_generate().unwrap_or_default();
        let b = p256_generate().unwrap_or_default();
        let pa = p256_secret(&a).map(|s| s.public_key()).ok();
        let pb = p256_secret(&b).map(|s| s.public_key()).ok();
        let (Some(pa), Some(pb)) = (pa, pb) else {
            panic!("no keys")
        };
        let ab = p256_agree(&a, &encode_point(&pb, "uncompressed").unwrap_or_default());
        for form in ["uncompressed", "compressed", "hybrid"] {
            let point = encode_point(&pa, form).unwrap_or_default();
            assert_eq!(p256_agree(&b, &point), ab.clone(), "{form}");
            assert_eq!(p256_point(&point).ok(), Some(pa), "{form}");
        }
        assert_eq!(ab.as_ref().map(Vec::len), Ok(32));
        // Off the curve, truncated, or the wrong parity in a hybrid point.
        let mut bad = encode_point(&pa, "uncompressed").unwrap_or_default();
        bad[40] ^= 1;
        assert_eq!(p256_agree(&b, &bad), Err(invalid_public()));
        assert_eq!(p256_agree(&b, &[4, 1, 2]), Err(invalid_public()));
        let mut hybrid = encode_point(&pa, "hybrid").unwrap_or_default();
        hybrid[0] ^= 1;
        assert_eq!(p256_point(&hybrid).err(), Some(invalid_public()));
        // Zero and the group order are no private keys; a short one is padded.
        assert_eq!(p256_secret(&[0u8; 32]).err(), Some(invalid_private()));
        assert_eq!(p256_secret(&[1u8; 33]).err(), Some(invalid_private()));
        assert!(p256_secret(&[1u8; 31]).is_ok());
        assert_eq!(
            encode_point(&pa, "bogus").map_err(|e| e.code),
            Err("ERR_CRYPTO_ECDH_INVALID_FORMAT")
        );
    }
}
