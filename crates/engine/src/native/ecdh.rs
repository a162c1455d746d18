//! Key agreement for node:crypto and Web Crypto: ECDH on P-256 and P-384 (the p256 and p384
//! crates) and X25519 (x25519-dalek), between KeyObjects (`crypto.diffieHellman`,
//! `subtle.deriveBits`) and on raw keys (`crypto.createECDH('prime256v1' or 'secp384r1')`).
//! Secrets of new keys come from `tls::fill_random`.

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
        Kind::Ec(curve) => agree_raw(curve, &pkey::ec_scalar(private)?, &peer),
        Kind::Rsa | Kind::Ed25519 => Err(pkey::not_for_key_type()),
    }
}

/// The raw operations on one curve, for each curve (the p256 and p384 crates share their API).
macro_rules! curve_ops {
    ($module:ident, $krate:ident, $size:expr) => {
        mod $module {
            use super::{error, invalid_private, invalid_public, KeyError};
            use $krate::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};

            /// A private scalar of up to the curve's size (shorter ones are padded, as
            /// OpenSSL reads a number), checked to be in range.
            pub(super) fn secret(scalar: &[u8]) -> Result<$krate::SecretKey, KeyError> {
                if scalar.len() > $size {
                    return Err(invalid_private());
                }
                let mut padded = [0u8; $size];
                padded[$size - scalar.len()..].copy_from_slice(scalar);
                $krate::SecretKey::from_slice(&padded).map_err(|_| invalid_private())
            }

            /// A point in any SEC1 form, or the hybrid one (06/07: uncompressed, with the
            /// parity of y in the tag).
            pub(super) fn point(point: &[u8]) -> Result<$krate::PublicKey, KeyError> {
                let mut owned;
                let mut bytes = point;
                if let [tag @ (6 | 7), rest @ ..] = point {
                    if rest.len() != 2 * $size || (rest[2 * $size - 1] & 1) != (tag & 1) {
                        return Err(invalid_public());
                    }
                    owned = point.to_vec();
                    owned[0] = 4;
                    bytes = &owned;
                }
                let encoded =
                    $krate::EncodedPoint::from_bytes(bytes).map_err(|_| invalid_public())?;
                Option::from($krate::PublicKey::from_encoded_point(&encoded))
                    .ok_or_else(invalid_public)
            }

            pub(super) fn agree(scalar: &[u8], peer: &[u8]) -> Result<Vec<u8>, KeyError> {
                let secret = secret(scalar)?;
                let peer = point(peer)?;
                let shared =
                    $krate::ecdh::diffie_hellman(secret.to_nonzero_scalar(), peer.as_affine());
                Ok(shared.raw_secret_bytes().to_vec())
            }

            /// A point in the form node:crypto names: `uncompressed`, `compressed` or
            /// `hybrid`.
            pub(super) fn encode(
                point: &$krate::PublicKey,
                form: &str,
            ) -> Result<Vec<u8>, KeyError> {
                match form {
                    "uncompressed" => Ok(point.to_encoded_point(false).as_bytes().to_vec()),
                    "compressed" => Ok(point.to_encoded_point(true).as_bytes().to_vec()),
                    "hybrid" => {
                        let mut out = point.to_encoded_point(false).as_bytes().to_vec();
                        out[0] = 6 | (out[2 * $size] & 1);
                        Ok(out)
                    }
                    _ => Err(error(
                        "ERR_CRYPTO_ECDH_INVALID_FORMAT",
                        &format!("Invalid ECDH format: {form}"),
                    )),
                }
            }

            pub(super) fn public(scalar: &[u8], form: &str) -> Result<Vec<u8>, KeyError> {
                encode(&secret(scalar)?.public_key(), form)
            }

            pub(super) fn convert(bytes: &[u8], form: &str) -> Result<Vec<u8>, KeyError> {
                encode(&point(bytes)?, form)
            }

            /// A new private scalar, from `tls::fill_random`.
            pub(super) fn generate() -> Result<Vec<u8>, KeyError> {
                let mut bytes = [0u8; $size];
                loop {
                    tls::fill_random(&mut bytes)
                        .map_err(|_| error("ERR_CRYPTO_OPERATION_FAILED", "no random bytes"))?;
                    if $krate::SecretKey::from_slice(&bytes).is_ok() {
                        return Ok(bytes.to_vec());
                    }
                }
            }
        }
    };
}

curve_ops!(p256_ops, p256, 32);
curve_ops!(p384_ops, p384, 48);

/// Raw ECDH on `curve`: agreement, public points, conversions, new scalars.
fn agree_raw(curve: Curve, scalar: &[u8], peer: &[u8]) -> Result<Vec<u8>, KeyError> {
    match curve {
        Curve::P256 => p256_ops::agree(scalar, peer),
        Curve::P384 => p384_ops::agree(scalar, peer),
    }
}

fn public_raw(curve: Curve, scalar: &[u8], form: &str) -> Result<Vec<u8>, KeyError> {
    match curve {
        Curve::P256 => p256_ops::public(scalar, form),
        Curve::P384 => p384_ops::public(scalar, form),
    }
}

fn convert_raw(curve: Curve, point: &[u8], form: &str) -> Result<Vec<u8>, KeyError> {
    match curve {
        Curve::P256 => p256_ops::convert(point, form),
        Curve::P384 => p384_ops::convert(point, form),
    }
}

/// The uncompressed public point of a private scalar on `curve`.
pub(crate) fn public_point(curve: Curve, scalar: &[u8]) -> Result<Vec<u8>, KeyError> {
    public_raw(curve, scalar, "uncompressed")
}

/// A new private scalar on `curve`.
pub(crate) fn generate_scalar(curve: Curve) -> Result<Vec<u8>, KeyError> {
    match curve {
        Curve::P256 => p256_ops::generate(),
        Curve::P384 => p384_ops::generate(),
    }
}

/// The curve `createECDH` names, if this runtime can do ECDH on it.
fn curve_of(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<Curve> {
    match name {
        "prime256v1" => Ok(Curve::P256),
        "secp384r1" => Ok(Curve::P384),
        "secp521r1" | "secp256k1" | "secp224r1" => Err(pkey::throw(
            ctx,
            error(
                "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
                &format!("ECDH on {name} is not supported (prime256v1 and secp384r1 are)"),
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
                let curve = curve_of(&ctx, &curve)?;
                let scalar = generate_scalar(curve).map_err(|e| pkey::throw(&ctx, e))?;
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
                let curve = curve_of(&ctx, &curve)?;
                let scalar = crate::bytes::to_vec(&ctx, &scalar)?;
                let point = public_raw(curve, &scalar, &form).map_err(|e| pkey::throw(&ctx, e))?;
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
                let curve = curve_of(&ctx, &curve)?;
                let scalar = crate::bytes::to_vec(&ctx, &scalar)?;
                let point = crate::bytes::to_vec(&ctx, &point)?;
                let secret = agree_raw(curve, &scalar, &point).map_err(|e| pkey::throw(&ctx, e))?;
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
                let curve = curve_of(&ctx, &curve)?;
                let point = crate::bytes::to_vec(&ctx, &point)?;
                let out = convert_raw(curve, &point, &form).map_err(|e| pkey::throw(&ctx, e))?;
                TypedArray::new(ctx, out)
            },
        )?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::block::tests::hex;
    use super::*;

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
    fn both_curves_agree_both_ways_in_every_point_form() {
        for (curve, size) in [(Curve::P256, 32), (Curve::P384, 48)] {
            let a = generate_scalar(curve).unwrap_or_default();
            let b = generate_scalar(curve).unwrap_or_default();
            let pb = public_raw(curve, &b, "uncompressed").unwrap_or_default();
            let ab = agree_raw(curve, &a, &pb);
            assert_eq!(ab.as_ref().map(Vec::len), Ok(size));
            for form in ["uncompressed", "compressed", "hybrid"] {
                let pa = public_raw(curve, &a, form).unwrap_or_default();
                assert_eq!(agree_raw(curve, &b, &pa), ab.clone(), "{curve:?} {form}");
                let back = convert_raw(curve, &pa, "uncompressed");
                assert_eq!(
                    back,
                    public_raw(curve, &a, "uncompressed"),
                    "{curve:?} {form}"
                );
            }
            // Off the curve, truncated, the wrong parity in a hybrid point.
            let mut bad = public_raw(curve, &a, "uncompressed").unwrap_or_default();
            bad[size] ^= 1;
            assert_eq!(agree_raw(curve, &b, &bad), Err(invalid_public()));
            assert_eq!(agree_raw(curve, &b, &[4, 1, 2]), Err(invalid_public()));
            let mut hybrid = public_raw(curve, &a, "hybrid").unwrap_or_default();
            hybrid[0] ^= 1;
            assert_eq!(
                convert_raw(curve, &hybrid, "compressed"),
                Err(invalid_public())
            );
            // Zero is no private key; a longer one neither; a short one is padded.
            assert_eq!(
                public_raw(curve, &vec![0u8; size], "compressed"),
                Err(invalid_private())
            );
            assert_eq!(
                public_raw(curve, &vec![1u8; size + 1], "compressed"),
                Err(invalid_private())
            );
            assert!(public_raw(curve, &vec![1u8; size - 1], "compressed").is_ok());
            assert_eq!(
                public_raw(curve, &a, "bogus").map_err(|e| e.code),
                Err("ERR_CRYPTO_ECDH_INVALID_FORMAT")
            );
        }
        // The two curves' points do not mix.
        let a = generate_scalar(Curve::P256).unwrap_or_default();
        let b384 = public_raw(
            Curve::P384,
            &generate_scalar(Curve::P384).unwrap_or_default(),
            "uncompressed",
        );
        assert_eq!(
            agree_raw(Curve::P256, &a, &b384.unwrap_or_default()),
            Err(invalid_public())
        );
    }
}
