//! Asymmetric keys and signatures for node:crypto (`createPrivateKey`, `createPublicKey`,
//! `sign`, `verify`, `createSign`, `createVerify`, `generateKeyPair`, JWK import and export).
//!
//! Keys are RSA, ECDSA on P-256 or P-384, Ed25519, or X25519 (for key agreement, in
//! `ecdh.rs`), read from PEM or DER (PKCS#8, PKCS#1,
//! SEC1, SPKI, or the SPKI inside an X.509 certificate) or from a JWK, and held as DER: PKCS#8
//! for a private key, SPKI for a public one. ring signs and verifies. New key pairs (Ed25519,
//! P-256, X25519) take their private bytes from `tls::fill_random`, not ring's random source.

use ring::signature::{self, KeyPair};

use super::keycrypt;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, TypedArray, Value};

/// What kind of key a DER structure holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Rsa,
    Ec(Curve),
    Ed25519,
    X25519,
}

/// The elliptic curves ECDSA keys may be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
}

impl Kind {
    /// Node's `asymmetricKeyType`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Rsa => "rsa",
            Kind::Ec(_) => "ec",
            Kind::Ed25519 => "ed25519",
            Kind::X25519 => "x25519",
        }
    }
}

impl Curve {
    /// OpenSSL's name, which Node reports as `namedCurve`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Curve::P256 => "prime256v1",
            Curve::P384 => "secp384r1",
        }
    }

    /// The JWK name (`crv`).
    fn jwk_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
        }
    }

    fn oid(self) -> &'static [u8] {
        match self {
            Curve::P256 => OID_P256,
            Curve::P384 => OID_P384,
        }
    }

    /// The digest signatures on this curve are made with here.
    fn digest(self) -> Digest {
        match self {
            Curve::P256 => Digest::Sha256,
            Curve::P384 => Digest::Sha384,
        }
    }

    /// Bytes of a field element (and of a private scalar).
    fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }

    fn of_oid(oid: &[u8]) -> Option<Curve> {
        match oid {
            OID_P256 => Some(Curve::P256),
            OID_P384 => Some(Curve::P384),
            _ => None,
        }
    }

    fn of_name(name: &str) -> Option<Curve> {
        match name {
            "P-256" | "prime256v1" | "secp256r1" => Some(Curve::P256),
            "P-384" | "secp384r1" => Some(Curve::P384),
            _ => None,
        }
    }
}

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_X25519: &[u8] = &[0x2b, 0x65, 0x6e];

pub(super) const SEQUENCE: u8 = 0x30;
pub(super) const INTEGER: u8 = 0x02;
pub(super) const BIT_STRING: u8 = 0x03;
pub(super) const OCTET_STRING: u8 = 0x04;
pub(super) const NULL: u8 = 0x05;
pub(super) const OID: u8 = 0x06;

/// Why a key could not be used, with the Node error code a caller throws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyError {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

fn invalid(message: &str) -> KeyError {
    KeyError {
        code: "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
        message: message.to_string(),
    }
}

pub(super) fn unsupported(message: String) -> KeyError {
    KeyError {
        code: "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
        message,
    }
}

fn bad_decode() -> KeyError {
    KeyError {
        code: "ERR_OSSL_UNSUPPORTED",
        message: "error:1E08010C:DECODER routines::unsupported".to_string(),
    }
}

// ---- DER ------------------------------------------------------------------------------------

/// The first TLV of `input`: its tag, its contents, and what follows it.
pub(super) fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 3 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &b| a << 8 | b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// The contents of a TLV with tag `tag` at the start of `input`, and what follows it.
pub(super) fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    match tlv(input)? {
        (t, content, rest) if t == tag => Some((content, rest)),
        _ => None,
    }
}

/// A TLV.
pub(super) fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A DER INTEGER from unsigned big-endian bytes.
fn der_uint(bytes: &[u8]) -> Vec<u8> {
    let trimmed = match bytes.iter().position(|&b| b != 0) {
        Some(i) => &bytes[i..],
        None => &[0u8][..],
    };
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    der(INTEGER, &content)
}

/// An unsigned INTEGER's magnitude, without its sign byte.
fn uint_bytes(content: &[u8]) -> &[u8] {
    match content {
        [0, rest @ ..] if !rest.is_empty() => rest,
        _ => content,
    }
}

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The AlgorithmIdentifier of a kind of key.
fn algorithm_id(kind: Kind) -> Vec<u8> {
    match kind {
        Kind::Rsa => der(SEQUENCE, &concat(&[&der(OID, OID_RSA), &[NULL, 0]])),
        Kind::Ec(curve) => der(
            SEQUENCE,
            &concat(&[&der(OID, OID_EC), &der(OID, curve.oid())]),
        ),
        Kind::Ed25519 => der(SEQUENCE, &der(OID, OID_ED25519)),
        Kind::X25519 => der(SEQUENCE, &der(OID, OID_X25519)),
    }
}

/// The kind named by an AlgorithmIdentifier's contents.
fn kind_of_algorithm(algorithm: &[u8]) -> Option<Kind> {
    let (oid, params) = expect(algorithm, OID)?;
    match oid {
        OID_RSA => Some(Kind::Rsa),
        OID_EC => Curve::of_oid(expect(params, OID)?.0).map(Kind::Ec),
        OID_ED25519 => Some(Kind::Ed25519),
        OID_X25519 => Some(Kind::X25519),
        _ => None,
    }
}

/// A SubjectPublicKeyInfo.
fn spki(kind: Kind, key: &[u8]) -> Vec<u8> {
    let bits = concat(&[&[0], key]);
    der(
        SEQUENCE,
        &concat(&[&algorithm_id(kind), &der(BIT_STRING, &bits)]),
    )
}

/// A PKCS#8 PrivateKeyInfo (version 0).
fn pkcs8(kind: Kind, key: &[u8]) -> Vec<u8> {
    der(
        SEQUENCE,
        &concat(&[
            &der(INTEGER, &[0]),
            &algorithm_id(kind),
            &der(OCTET_STRING, key),
        ]),
    )
}

/// The kind and public key bytes of a SubjectPublicKeyInfo.
fn parse_spki(input: &[u8]) -> Option<(Kind, &[u8])> {
    let (body, rest) = expect(input, SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (algorithm, body) = expect(body, SEQUENCE)?;
    let kind = kind_of_algorithm(algorithm)?;
    let (bits, _) = expect(body, BIT_STRING)?;
    match bits {
        [0, key @ ..] if !key.is_empty() => Some((kind, key)),
        _ => None,
    }
}

/// The kind and private key bytes (PKCS#1, SEC1, or an Ed25519 seed's OCTET STRING) of a
/// PKCS#8 PrivateKeyInfo.
fn parse_pkcs8(input: &[u8]) -> Option<(Kind, &[u8])> {
    let (body, rest) = expect(input, SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (_version, body) = expect(body, INTEGER)?;
    let (algorithm, body) = expect(body, SEQUENCE)?;
    let kind = kind_of_algorithm(algorithm)?;
    let (key, _) = expect(body, OCTET_STRING)?;
    Some((kind, key))
}

/// The SubjectPublicKeyInfo inside an X.509 certificate.
fn certificate_spki(input: &[u8]) -> Option<&[u8]> {
    let (cert, _) = expect(input, SEQUENCE)?;
    let (tbs, _) = expect(cert, SEQUENCE)?;
    let mut rest = tbs;
    // [0] version (optional), serial, signature algorithm, issuer, validity, subject.
    if rest.first() == Some(&0xa0) {
        rest = tlv(rest)?.2;
    }
    for _ in 0..5 {
        rest = tlv(rest)?.2;
    }
    let (tag, _, after) = tlv(rest)?;
    // The whole SEQUENCE, tag and length included.
    (tag == SEQUENCE).then(|| &rest[..rest.len() - after.len()])
}

/// The fields of an SEC1 ECPrivateKey: the scalar, the curve it names (if it does), and the
/// public point (if present).
type Sec1Fields<'a> = (&'a [u8], Option<Curve>, Option<&'a [u8]>);

fn parse_sec1(input: &[u8]) -> Option<Sec1Fields<'_>> {
    let (body, _) = expect(input, SEQUENCE)?;
    let (version, body) = expect(body, INTEGER)?;
    if version != [1] {
        return None;
    }
    let (scalar, mut body) = expect(body, OCTET_STRING)?;
    let mut curve = None;
    let mut public = None;
    while let Some((tag, content, rest)) = tlv(body) {
        match tag {
            0xa0 => curve = Curve::of_oid(expect(content, OID)?.0),
            0xa1 => match expect(content, BIT_STRING)?.0 {
                [0, point @ ..] => public = Some(point),
                _ => return None,
            },
            _ => {}
        }
        body = rest;
    }
    Some((scalar, curve, public))
}

/// An SEC1 ECPrivateKey with its public point, computing the point when `public` is `None`
/// (ring needs the point to load the key).
fn sec1(curve: Curve, scalar: &[u8], public: Option<&[u8]>) -> Result<Vec<u8>, KeyError> {
    let computed;
    let public = match public {
        Some(p) => p,
        None => {
            computed = super::ecdh::public_point(curve, scalar)
                .map_err(|_| invalid("invalid EC private key"))?;
            &computed[..]
        }
    };
    // The scalar padded to the curve's size, as RFC 5915 asks.
    let mut padded = vec![0u8; curve.size().saturating_sub(scalar.len())];
    padded.extend_from_slice(scalar);
    let public = der(0xa1, &der(BIT_STRING, &concat(&[&[0], public])));
    Ok(der(
        SEQUENCE,
        &concat(&[&der(INTEGER, &[1]), &der(OCTET_STRING, &padded), &public]),
    ))
}

// ---- Keys -----------------------------------------------------------------------------------

/// A key: PKCS#8 DER when private, SPKI DER when public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) private: bool,
    pub(crate) kind: Kind,
    pub(crate) der: Vec<u8>,
}

/// How a key's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Pem,
    Der,
}

/// The DER structures a key can be written in (Node's `type` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Pkcs8,
    Pkcs1,
    Sec1,
    Spki,
}

impl Encoding {
    pub(crate) fn of_name(name: &str) -> Option<Encoding> {
        match name {
            "pkcs8" => Some(Encoding::Pkcs8),
            "pkcs1" => Some(Encoding::Pkcs1),
            "sec1" => Some(Encoding::Sec1),
            "spki" => Some(Encoding::Spki),
            _ => None,
        }
    }

    /// The PEM label of this encoding for a key of `kind`.
    pub(crate) fn label(self, private: bool) -> &'static str {
        match (self, private) {
            (Encoding::Pkcs8, _) => "PRIVATE KEY",
            (Encoding::Pkcs1, true) => "RSA PRIVATE KEY",
            (Encoding::Pkcs1, false) => "RSA PUBLIC KEY",
            (Encoding::Sec1, _) => "EC PRIVATE KEY",
            (Encoding::Spki, _) => "PUBLIC KEY",
        }
    }
}

/// A block of a PEM text: its label, its headers (`Name: value` lines, which the older
/// encrypted keys carry) and its decoded bytes.
struct PemBlock {
    label: String,
    headers: Vec<(String, String)>,
    bytes: Vec<u8>,
}

/// The blocks of a PEM text.
fn pem_blocks(text: &[u8]) -> Vec<PemBlock> {
    let text = String::from_utf8_lossy(text);
    let mut blocks = Vec::new();
    // The block being read, with its base64 text so far.
    let mut current: Option<(PemBlock, String)> = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            let block = PemBlock {
                label: label.to_string(),
                headers: Vec::new(),
                bytes: Vec::new(),
            };
            current = Some((block, String::new()));
        } else if line.starts_with("-----END ") {
            if let Some((mut block, body)) = current.take() {
                if let Some(bytes) = base64_decode(&body) {
                    block.bytes = bytes;
                    blocks.push(block);
                }
            }
        } else if let Some((block, body)) = current.as_mut() {
            match line.split_once(':') {
                Some((name, value)) => block
                    .headers
                    .push((name.trim().to_string(), value.to_string())),
                None => body.push_str(line),
            }
        }
    }
    blocks
}

/// Reads a private key: PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`) or DER of
/// the given encoding (PKCS#8 when none is given).
pub(crate) fn private_key(
    input: &[u8],
    format: Format,
    encoding: Option<Encoding>,
) -> Result<Key, KeyError> {
    private_key_with(input, format, encoding, None)
}

/// Reads a private key that may be encrypted under `passphrase` (`ENCRYPTED PRIVATE KEY`,
/// encrypted PKCS#8 DER, or PEM with `Proc-Type: 4,ENCRYPTED`; see `keycrypt.rs`).
pub(crate) fn private_key_with(
    input: &[u8],
    format: Format,
    encoding: Option<Encoding>,
    passphrase: Option<&[u8]>,
) -> Result<Key, KeyError> {
    let needed = || passphrase.ok_or_else(keycrypt::missing_passphrase);
    let mut decrypted = false;
    let (encoding, der) = match format {
        Format::Der => {
            let encoding = encoding.unwrap_or(Encoding::Pkcs8);
            if encoding == Encoding::Pkcs8 && keycrypt::is_encrypted_pkcs8(input) {
                decrypted = true;
                (encoding, keycrypt::decrypt_pkcs8(input, needed()?)?)
            } else {
                (encoding, input.to_vec())
            }
        }
        Format::Pem => {
            let found = pem_blocks(input).into_iter().find_map(|block| {
                let encoding = match block.label.as_str() {
                    "PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => Encoding::Pkcs8,
                    "RSA PRIVATE KEY" => Encoding::Pkcs1,
                    "EC PRIVATE KEY" => Encoding::Sec1,
                    _ => return None,
                };
                Some((encoding, block))
            });
            let (encoding, block) = found.ok_or_else(bad_decode)?;
            if block.label == "ENCRYPTED PRIVATE KEY" {
                decrypted = true;
                (encoding, keycrypt::decrypt_pkcs8(&block.bytes, needed()?)?)
            } else if keycrypt::is_encrypted_pem(&block.headers) {
                decrypted = true;
                let der = keycrypt::decrypt_pem(&block.headers, &block.bytes, needed()?)?;
                (encoding, der)
            } else {
                (encoding, block.bytes)
            }
        }
    };
    // What a wrong passphrase decrypts to (when its padding happens to look right) is no key.
    private_key_der(encoding, der).map_err(|e| {
        if decrypted {
            keycrypt::bad_decrypt()
        } else {
            e
        }
    })
}

/// A private key from its DER in `encoding`, checked.
fn private_key_der(encoding: Encoding, der: Vec<u8>) -> Result<Key, KeyError> {
    let key = match encoding {
        Encoding::Pkcs8 => {
            let (kind, inner) = parse_pkcs8(&der).ok_or_else(bad_decode)?;
            match kind {
                // A SEC1 key without its public point, made whole.
                Kind::Ec(curve) => {
                    let (scalar, _, public) = parse_sec1(inner).ok_or_else(bad_decode)?;
                    match public {
                        Some(_) => Key {
                            private: true,
                            kind,
                            der,
                        },
                        None => Key {
                            private: true,
                            kind,
                            der: pkcs8(kind, &sec1(curve, scalar, None)?),
                        },
                    }
                }
                _ => Key {
                    private: true,
                    kind,
                    der,
                },
            }
        }
        Encoding::Pkcs1 => {
            expect(&der, SEQUENCE).ok_or_else(bad_decode)?;
            Key {
                private: true,
                kind: Kind::Rsa,
                der: pkcs8(Kind::Rsa, &der),
            }
        }
        Encoding::Sec1 => {
            let (scalar, curve, public) = parse_sec1(&der).ok_or_else(bad_decode)?;
            let curve = curve.ok_or_else(|| invalid("the EC private key names no curve"))?;
            let kind = Kind::Ec(curve);
            Key {
                private: true,
                kind,
                der: pkcs8(kind, &sec1(curve, scalar, public)?),
            }
        }
        Encoding::Spki => return Err(invalid("an spki key is not a private key")),
    };
    check_private(&key)?;
    Ok(key)
}

/// Checks every part of a private key: by loading it to sign, or for X25519 by its length.
fn check_private(key: &Key) -> Result<(), KeyError> {
    if key.kind == Kind::X25519 {
        x25519_secret(key)?;
        return Ok(());
    }
    signer(key).map(|_| ())
}

/// The 32 secret bytes of a private X25519 key.
pub(crate) fn x25519_secret(key: &Key) -> Result<[u8; 32], KeyError> {
    let inner = parse_pkcs8(&key.der).ok_or_else(bad_decode)?.1;
    let bytes = expect(inner, OCTET_STRING).ok_or_else(bad_decode)?.0;
    bytes
        .try_into()
        .map_err(|_| invalid("an X25519 private key has 32 bytes"))
}

/// The kind and the public bytes (an EC point, an X25519 or Ed25519 key) of a public key or
/// of a private key's public half.
pub(crate) fn public_bytes(key: &Key) -> Result<(Kind, Vec<u8>), KeyError> {
    let public = public_of(key)?;
    let (kind, bytes) = parse_spki(&public.der).ok_or_else(bad_decode)?;
    Ok((kind, bytes.to_vec()))
}

/// The private scalar of a private EC key.
pub(crate) fn ec_scalar(key: &Key) -> Result<Vec<u8>, KeyError> {
    let inner = parse_pkcs8(&key.der).ok_or_else(bad_decode)?.1;
    Ok(parse_sec1(inner).ok_or_else(bad_decode)?.0.to_vec())
}

/// An Ed25519 or X25519 key from its raw bytes (the secret when `private`).
#[cfg(test)]
pub(crate) fn raw_key(kind: Kind, private: bool, bytes: &[u8]) -> Key {
    let der = if private {
        pkcs8(kind, &der(OCTET_STRING, bytes))
    } else {
        spki(kind, bytes)
    };
    Key { private, kind, der }
}

/// Node's error for an operation the key's type does not do.
pub(crate) fn not_for_key_type() -> KeyError {
    KeyError {
        code: "ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE",
        message: "operation not supported for this keytype".to_string(),
    }
}

/// Reads a public key: PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`, or any private key,
/// whose public half is taken) or DER of the given encoding (SPKI when none is given).
/// A private key may be encrypted under `passphrase`.
pub(crate) fn public_key_with(
    input: &[u8],
    format: Format,
    encoding: Option<Encoding>,
    passphrase: Option<&[u8]>,
) -> Result<Key, KeyError> {
    let (encoding, der) = match format {
        Format::Der => (encoding.unwrap_or(Encoding::Spki), input.to_vec()),
        Format::Pem => {
            let blocks = pem_blocks(input);
            let public = blocks.iter().find_map(|b| match b.label.as_str() {
                "PUBLIC KEY" => Some((Encoding::Spki, b.bytes.clone())),
                "RSA PUBLIC KEY" => Some((Encoding::Pkcs1, b.bytes.clone())),
                "CERTIFICATE" => certificate_spki(&b.bytes).map(|s| (Encoding::Spki, s.to_vec())),
                _ => None,
            });
            match public {
                Some(found) => found,
                None => {
                    return private_key_with(input, format, None, passphrase)
                        .and_then(|k| public_of(&k))
                }
            }
        }
    };
    let key = match encoding {
        Encoding::Spki => {
            let (kind, _) = parse_spki(&der).ok_or_else(bad_decode)?;
            Key {
                private: false,
                kind,
                der,
            }
        }
        Encoding::Pkcs1 => match rsa_public_parts(&der) {
            Some(_) => Key {
                private: false,
                kind: Kind::Rsa,
                der: spki(Kind::Rsa, &der),
            },
            // PKCS#1 DER may hold a private key too.
            None => {
                return private_key(&der, Format::Der, Some(Encoding::Pkcs1))
                    .and_then(|k| public_of(&k))
            }
        },
        Encoding::Pkcs8 | Encoding::Sec1 => {
            return private_key_with(&der, Format::Der, Some(encoding), passphrase)
                .and_then(|k| public_of(&k))
        }
    };
    Ok(key)
}

/// The modulus and public exponent of a PKCS#1 RSAPublicKey.
fn rsa_public_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let (body, rest) = expect(der, SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (n, body) = expect(body, INTEGER)?;
    let (e, body) = expect(body, INTEGER)?;
    body.is_empty().then_some((uint_bytes(n), uint_bytes(e)))
}

/// The integers of a PKCS#1 RSAPrivateKey: n, e, d, p, q, dp, dq, qi.
fn rsa_private_parts(der: &[u8]) -> Option<Vec<&[u8]>> {
    let (mut body, _) = expect(der, SEQUENCE)?;
    let mut out = Vec::with_capacity(9);
    for _ in 0..9 {
        let (n, rest) = expect(body, INTEGER)?;
        out.push(uint_bytes(n));
        body = rest;
    }
    out.remove(0); // the version
    Some(out)
}

/// A loaded private key, ready to sign.
enum Signer {
    Rsa(signature::RsaKeyPair),
    /// Loaded with the curve's own digest; ring ties an ECDSA key to one digest and
    /// encoding, so a signature with others loads it again (`ecdsa_pair`).
    Ec(signature::EcdsaKeyPair, Curve),
    Ed25519(signature::Ed25519KeyPair),
}

/// The ECDSA key pair of a PKCS#8 key, for signatures with `digest` in DER or r || s.
fn ecdsa_pair(
    key: &Key,
    curve: Curve,
    digest: Digest,
    p1363: bool,
) -> Result<signature::EcdsaKeyPair, KeyError> {
    let alg = ecdsa_signing(curve, digest, p1363)?;
    signature::EcdsaKeyPair::from_pkcs8(alg, &key.der, &ring::rand::SystemRandom::new())
        .map_err(|e| invalid(&format!("invalid private key ({e})")))
}

fn signer(key: &Key) -> Result<Signer, KeyError> {
    let rejected = |e: ring::error::KeyRejected| invalid(&format!("invalid private key ({e})"));
    Ok(match key.kind {
        Kind::Rsa => Signer::Rsa(signature::RsaKeyPair::from_pkcs8(&key.der).map_err(rejected)?),
        Kind::Ec(curve) => Signer::Ec(ecdsa_pair(key, curve, curve.digest(), false)?, curve),
        Kind::Ed25519 => Signer::Ed25519(
            signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&key.der).map_err(rejected)?,
        ),
        Kind::X25519 => return Err(not_for_key_type()),
    })
}

/// The public half of a key (the key itself when it is public).
pub(crate) fn public_of(key: &Key) -> Result<Key, KeyError> {
    if !key.private {
        return Ok(key.clone());
    }
    if key.kind == Kind::X25519 {
        let secret = x25519_dalek::StaticSecret::from(x25519_secret(key)?);
        let public = x25519_dalek::PublicKey::from(&secret);
        return Ok(Key {
            private: false,
            kind: Kind::X25519,
            der: spki(Kind::X25519, public.as_bytes()),
        });
    }
    let public = match signer(key)? {
        Signer::Rsa(pair) => pair.public().as_ref().to_vec(),
        Signer::Ed25519(pair) => pair.public_key().as_ref().to_vec(),
        Signer::Ec(pair, _) => pair.public_key().as_ref().to_vec(),
    };
    Ok(Key {
        private: false,
        kind: key.kind,
        der: spki(key.kind, &public),
    })
}

/// Node's `asymmetricKeyDetails`: the modulus length and public exponent of an RSA key, the
/// curve of an EC key.
pub(crate) fn details(key: &Key) -> Result<Vec<(&'static str, DetailValue)>, KeyError> {
    let public = public_of(key)?;
    let (kind, bits) = parse_spki(&public.der).ok_or_else(bad_decode)?;
    Ok(match kind {
        Kind::Rsa => {
            let (n, e) = rsa_public_parts(bits).ok_or_else(bad_decode)?;
            let leading = n.first().map_or(8, |b| b.leading_zeros() as usize);
            let exponent = e.iter().fold(0u64, |a, &b| a << 8 | u64::from(b));
            vec![
                (
                    "modulusLength",
                    DetailValue::Number((n.len() * 8).saturating_sub(leading)),
                ),
                ("publicExponent", DetailValue::Number(exponent as usize)),
            ]
        }
        Kind::Ec(curve) => vec![("namedCurve", DetailValue::Text(curve.name()))],
        Kind::Ed25519 | Kind::X25519 => Vec::new(),
    })
}

/// One value of `asymmetricKeyDetails`.
pub(crate) enum DetailValue {
    Number(usize),
    Text(&'static str),
}

/// The key's DER in another encoding, as `KeyObject.export({ type })` asks.
pub(crate) fn export(key: &Key, encoding: Encoding) -> Result<Vec<u8>, KeyError> {
    let refuse = |what: &str| {
        Err(KeyError {
            code: "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS",
            message: format!(
                "The selected key encoding {what} can only be used for {}",
                match what {
                    "pkcs1" => "RSA keys",
                    "sec1" => "EC keys",
                    "spki" => "public keys",
                    _ => "private keys",
                }
            ),
        })
    };
    match (encoding, key.private) {
        (Encoding::Spki, false) => Ok(key.der.clone()),
        (Encoding::Pkcs8, true) => Ok(key.der.clone()),
        (Encoding::Pkcs1, _) if key.kind == Kind::Rsa => {
            if key.private {
                Ok(parse_pkcs8(&key.der).ok_or_else(bad_decode)?.1.to_vec())
            } else {
                Ok(parse_spki(&key.der).ok_or_else(bad_decode)?.1.to_vec())
            }
        }
        (Encoding::Sec1, true) if matches!(key.kind, Kind::Ec(_)) => {
            // With the curve named, as OpenSSL writes it.
            let Kind::Ec(curve) = key.kind else {
                unreachable!()
            };
            let inner = parse_pkcs8(&key.der).ok_or_else(bad_decode)?.1;
            let (scalar, _, public) = parse_sec1(inner).ok_or_else(bad_decode)?;
            let public = public.ok_or_else(bad_decode)?;
            Ok(der(
                SEQUENCE,
                &concat(&[
                    &der(INTEGER, &[1]),
                    &der(OCTET_STRING, scalar),
                    &der(0xa0, &der(OID, curve.oid())),
                    &der(0xa1, &der(BIT_STRING, &concat(&[&[0], public]))),
                ]),
            ))
        }
        (Encoding::Pkcs1, _) => refuse("pkcs1"),
        (Encoding::Sec1, _) => refuse("sec1"),
        (Encoding::Spki, true) => refuse("spki"),
        (Encoding::Pkcs8, false) => refuse("pkcs8"),
    }
}

/// PEM text of `der` under `label`, 64 characters a line.
pub(crate) fn pem(label: &str, der: &[u8]) -> String {
    let body = base64_encode(der, false);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

// ---- Signatures -----------------------------------------------------------------------------

/// The digests signatures are made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Digest {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    /// Node's digest names (`sha256`, `SHA256`, `SHA-256`, `RSA-SHA256`,
    /// `sha256WithRSAEncryption`).
    pub(crate) fn of_name(name: &str) -> Option<Digest> {
        let lower = name.to_ascii_lowercase();
        let bare = lower
            .strip_prefix("rsa-")
            .or_else(|| lower.strip_suffix("withrsaencryption"))
            .unwrap_or(&lower);
        match bare.replace('-', "").as_str() {
            "sha1" => Some(Digest::Sha1),
            "sha256" => Some(Digest::Sha256),
            "sha384" => Some(Digest::Sha384),
            "sha512" => Some(Digest::Sha512),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Digest::Sha1 => "sha1",
            Digest::Sha256 => "sha256",
            Digest::Sha384 => "sha384",
            Digest::Sha512 => "sha512",
        }
    }
}

/// How a signature is made besides its key and digest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Scheme {
    /// RSA: PSS padding (salt as long as the digest) instead of PKCS#1 v1.5.
    pub(crate) pss: bool,
    /// ECDSA: r || s of fixed size (`ieee-p1363`) instead of DER.
    pub(crate) p1363: bool,
}

impl Scheme {
    /// From JavaScript's flags: 1 for PSS, 2 for `ieee-p1363`.
    fn of_flags(flags: u32) -> Scheme {
        Scheme {
            pss: flags & 1 != 0,
            p1363: flags & 2 != 0,
        }
    }
}

fn no_combination(kind: Kind, digest: Option<Digest>, what: &str) -> KeyError {
    let digest = digest.map_or("no digest", Digest::name);
    let kind = match kind {
        Kind::Ec(curve) => format!("ECDSA on {}", curve.name()),
        Kind::Rsa => "RSA".to_string(),
        Kind::Ed25519 => "Ed25519".to_string(),
        Kind::X25519 => return not_for_key_type(),
    };
    unsupported(format!("{what} with {kind} and {digest} is not supported"))
}

fn ecdsa_signing(
    curve: Curve,
    digest: Digest,
    p1363: bool,
) -> Result<&'static signature::EcdsaSigningAlgorithm, KeyError> {
    use signature as s;
    Ok(match (curve, digest, p1363) {
        (Curve::P256, Digest::Sha256, false) => &s::ECDSA_P256_SHA256_ASN1_SIGNING,
        (Curve::P256, Digest::Sha256, true) => &s::ECDSA_P256_SHA256_FIXED_SIGNING,
        (Curve::P384, Digest::Sha384, false) => &s::ECDSA_P384_SHA384_ASN1_SIGNING,
        (Curve::P384, Digest::Sha384, true) => &s::ECDSA_P384_SHA384_FIXED_SIGNING,
        _ => return Err(no_combination(Kind::Ec(curve), Some(digest), "signing")),
    })
}

/// Signs `message` with the private `key`. Ed25519 takes no digest; RSA and ECDSA need one.
pub(crate) fn sign(
    key: &Key,
    digest: Option<Digest>,
    scheme: Scheme,
    message: &[u8],
) -> Result<Vec<u8>, KeyError> {
    if !key.private {
        return Err(invalid("signing needs a private key"));
    }
    let rng = ring::rand::SystemRandom::new();
    let failed = |_| KeyError {
        code: "ERR_CRYPTO_OPERATION_FAILED",
        message: "signing failed".to_string(),
    };
    match (signer(key)?, digest) {
        (Signer::Ed25519(pair), None) => Ok(pair.sign(message).as_ref().to_vec()),
        (Signer::Rsa(pair), Some(digest)) => {
            use signature as s;
            let padding: &'static dyn signature::RsaEncoding = match (digest, scheme.pss) {
                (Digest::Sha256, false) => &s::RSA_PKCS1_SHA256,
                (Digest::Sha384, false) => &s::RSA_PKCS1_SHA384,
                (Digest::Sha512, false) => &s::RSA_PKCS1_SHA512,
                (Digest::Sha256, true) => &s::RSA_PSS_SHA256,
                (Digest::Sha384, true) => &s::RSA_PSS_SHA384,
                (Digest::Sha512, true) => &s::RSA_PSS_SHA512,
                _ => return Err(no_combination(key.kind, Some(digest), "signing")),
            };
            let mut out = vec![0u8; pair.public().modulus_len()];
            pair.sign(padding, &rng, message, &mut out)
                .map_err(failed)?;
            Ok(out)
        }
        (Signer::Ec(_, curve), Some(digest)) => {
            let pair = ecdsa_pair(key, curve, digest, scheme.p1363)?;
            Ok(pair.sign(&rng, message).map_err(failed)?.as_ref().to_vec())
        }
        (_, digest) => Err(no_combination(key.kind, digest, "signing")),
    }
}

/// Checks `sig` over `message` with `key` (a public key, or a private key's public half).
pub(crate) fn verify(
    key: &Key,
    digest: Option<Digest>,
    scheme: Scheme,
    message: &[u8],
    sig: &[u8],
) -> Result<bool, KeyError> {
    use signature as s;
    let public = public_of(key)?;
    let (kind, bytes) = parse_spki(&public.der).ok_or_else(bad_decode)?;
    let algorithm: &'static dyn signature::VerificationAlgorithm = match (kind, digest) {
        (Kind::Ed25519, None) => &s::ED25519,
        (Kind::Rsa, Some(digest)) => match (digest, scheme.pss) {
            (Digest::Sha1, false) => &s::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            (Digest::Sha256, false) => &s::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            (Digest::Sha384, false) => &s::RSA_PKCS1_2048_8192_SHA384,
            (Digest::Sha512, false) => &s::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            (Digest::Sha256, true) => &s::RSA_PSS_2048_8192_SHA256,
            (Digest::Sha384, true) => &s::RSA_PSS_2048_8192_SHA384,
            (Digest::Sha512, true) => &s::RSA_PSS_2048_8192_SHA512,
            _ => return Err(no_combination(kind, Some(digest), "verifying")),
        },
        (Kind::Ec(curve), Some(digest)) => match (curve, digest, scheme.p1363) {
            (Curve::P256, Digest::Sha256, false) => &s::ECDSA_P256_SHA256_ASN1,
            (Curve::P256, Digest::Sha256, true) => &s::ECDSA_P256_SHA256_FIXED,
            (Curve::P256, Digest::Sha384, false) => &s::ECDSA_P256_SHA384_ASN1,
            (Curve::P384, Digest::Sha256, false) => &s::ECDSA_P384_SHA256_ASN1,
            (Curve::P384, Digest::Sha384, false) => &s::ECDSA_P384_SHA384_ASN1,
            (Curve::P384, Digest::Sha384, true) => &s::ECDSA_P384_SHA384_FIXED,
            _ => return Err(no_combination(kind, Some(digest), "verifying")),
        },
        (kind, digest) => return Err(no_combination(kind, digest, "verifying")),
    };
    Ok(signature::UnparsedPublicKey::new(algorithm, bytes)
        .verify(message, sig)
        .is_ok())
}

/// A new private key of `kind`, its secret bytes from `tls::fill_random`.
pub(crate) fn generate(kind: Kind) -> Result<Key, KeyError> {
    let random_failed = |_| KeyError {
        code: "ERR_CRYPTO_OPERATION_FAILED",
        message: "no random bytes".to_string(),
    };
    let der = match kind {
        Kind::Ed25519 | Kind::X25519 => {
            let mut seed = [0u8; 32];
            tls::fill_random(&mut seed).map_err(random_failed)?;
            let der = pkcs8(kind, &der(OCTET_STRING, &seed));
            seed.fill(0);
            der
        }
        Kind::Ec(curve) => {
            let mut scalar = super::ecdh::generate_scalar(curve)?;
            let der = pkcs8(kind, &sec1(curve, &scalar, None)?);
            scalar.fill(0);
            der
        }
        Kind::Rsa => {
            return Err(unsupported(
                "generating rsa keys is not supported (ed25519, x25519 and ec are)".to_string(),
            ))
        }
    };
    let key = Key {
        private: true,
        kind,
        der,
    };
    check_private(&key)?;
    Ok(key)
}

// ---- JWK ------------------------------------------------------------------------------------

/// A JWK's members: `kty`, `crv` and the base64url-coded numbers, in RFC 7518's order.
pub(crate) fn to_jwk(key: &Key) -> Result<Vec<(&'static str, String)>, KeyError> {
    let b64 = |b: &[u8]| base64_encode(b, true);
    let public = public_of(key)?;
    let (kind, bits) = parse_spki(&public.der).ok_or_else(bad_decode)?;
    let mut out = Vec::new();
    match kind {
        Kind::Rsa => {
            let (n, e) = rsa_public_parts(bits).ok_or_else(bad_decode)?;
            out.push(("kty", "RSA".to_string()));
            out.push(("n", b64(n)));
            out.push(("e", b64(e)));
            if key.private {
                let inner = parse_pkcs8(&key.der).ok_or_else(bad_decode)?.1;
                let parts = rsa_private_parts(inner).ok_or_else(bad_decode)?;
                for (name, value) in ["d", "p", "q", "dp", "dq", "qi"]
                    .into_iter()
                    .zip(&parts[2..])
                {
                    out.push((name, b64(value)));
                }
            }
        }
        Kind::Ec(curve) => {
            let point = match bits {
                [4, point @ ..] if point.len() == 2 * curve.size() => point,
                _ => return Err(bad_decode()),
            };
            out.push(("kty", "EC".to_string()));
            out.push(("crv", curve.jwk_name().to_string()));
            out.push(("x", b64(&point[..curve.size()])));
            out.push(("y", b64(&point[curve.size()..])));
            if key.private {
                let inner = parse_pkcs8(&key.der).ok_or_else(bad_decode)?.1;
                let scalar = parse_sec1(inner).ok_or_else(bad_decode)?.0;
                out.push(("d", b64(scalar)));
            }
        }
        Kind::Ed25519 | Kind::X25519 => {
            let crv = if kind == Kind::X25519 {
                "X25519"
            } else {
                "Ed25519"
            };
            out.push(("crv", crv.to_string()));
            out.push(("x", b64(bits)));
            if key.private {
                let inner = parse_pkcs8(&key.der).ok_or_else(bad_decode)?.1;
                let seed = expect(inner, OCTET_STRING).ok_or_else(bad_decode)?.0;
                out.push(("d", b64(seed)));
            }
            out.push(("kty", "OKP".to_string()));
        }
    }
    Ok(out)
}

/// A key from a JWK's members (`get` returns a member's string value). A private key when
/// `d` is present, unless `want_public`.
pub(crate) fn from_jwk(
    get: impl Fn(&str) -> Option<String>,
    want_public: bool,
) -> Result<Key, KeyError> {
    let bad = |what: &str| KeyError {
        code: "ERR_CRYPTO_INVALID_JWK",
        message: format!("Invalid JWK {what}"),
    };
    let field = |name: &str| -> Result<Vec<u8>, KeyError> {
        get(name)
            .and_then(|v| base64_decode(&v))
            .ok_or_else(|| bad(&format!("\"{name}\" parameter")))
    };
    let kty = get("kty").ok_or_else(|| bad("\"kty\" parameter"))?;
    let private = get("d").is_some() && !want_public;
    let key = match kty.as_str() {
        "RSA" => {
            let (n, e) = (field("n")?, field("e")?);
            if private {
                let names = ["d", "p", "q", "dp", "dq", "qi"];
                let mut ints = vec![der(INTEGER, &[0]), der_uint(&n), der_uint(&e)];
                for name in names {
                    ints.push(der_uint(&field(name)?));
                }
                let pkcs1 = der(SEQUENCE, &ints.concat());
                private_key(&pkcs1, Format::Der, Some(Encoding::Pkcs1))?
            } else {
                let pkcs1 = der(SEQUENCE, &concat(&[&der_uint(&n), &der_uint(&e)]));
                Key {
                    private: false,
                    kind: Kind::Rsa,
                    der: spki(Kind::Rsa, &pkcs1),
                }
            }
        }
        "EC" => {
            let crv = get("crv").unwrap_or_default();
            let curve = Curve::of_name(&crv).ok_or_else(|| bad("EC key curve"))?;
            let (x, y) = (field("x")?, field("y")?);
            if x.len() != curve.size() || y.len() != curve.size() {
                return Err(bad("EC key coordinates"));
            }
            let point = concat(&[&[4], &x, &y]);
            if private {
                let d = field("d")?;
                let kind = Kind::Ec(curve);
                let key = Key {
                    private: true,
                    kind,
                    der: pkcs8(kind, &sec1(curve, &d, Some(&point))?),
                };
                // ring checks that the point belongs to the scalar.
                signer(&key)?;
                key
            } else {
                Key {
                    private: false,
                    kind: Kind::Ec(curve),
                    der: spki(Kind::Ec(curve), &point),
                }
            }
        }
        "OKP" => {
            let kind = match get("crv").as_deref() {
                Some("Ed25519") => Kind::Ed25519,
                Some("X25519") => Kind::X25519,
                _ => return Err(bad("OKP key curve (Ed25519 and X25519 are supported)")),
            };
            let x = field("x")?;
            if x.len() != 32 {
                return Err(bad(&format!("{} key", get("crv").unwrap_or_default())));
            }
            if private {
                let d = field("d")?;
                let key = Key {
                    private: true,
                    kind,
                    der: pkcs8(kind, &der(OCTET_STRING, &d)),
                };
                check_private(&key)?;
                if public_of(&key)?.der != spki(kind, &x) {
                    return Err(bad("OKP key (x does not match d)"));
                }
                key
            } else {
                Key {
                    private: false,
                    kind,
                    der: spki(kind, &x),
                }
            }
        }
        _ => return Err(bad("\"kty\" parameter")),
    };
    if !key.private {
        // A public key is checked when it is used; a malformed one fails to decode now.
        parse_spki(&key.der).ok_or_else(bad_decode)?;
    }
    Ok(key)
}

// ---- Certificates ---------------------------------------------------------------------------

const OID_ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const OID_ECDSA_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
const OID_RSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const OID_RSA_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
const OID_RSA_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];

/// Whether the certificate `cert` (DER) carries a valid signature by `issuer`'s key (X.509's
/// `verify(publicKey)`): ECDSA with SHA-256/384, RSA PKCS#1 v1.5 with SHA-256/384/512, or
/// Ed25519. `Ok(false)` for a signature that does not verify, or one made some other way.
pub(crate) fn verify_certificate(cert: &[u8], issuer: &Key) -> Result<bool, KeyError> {
    let (body, _) = expect(cert, SEQUENCE).ok_or_else(bad_decode)?;
    // The TBSCertificate as signed: its whole TLV.
    let (tag, _, after_tbs) = tlv(body).ok_or_else(bad_decode)?;
    if tag != SEQUENCE {
        return Err(bad_decode());
    }
    let tbs = &body[..body.len() - after_tbs.len()];
    let (algorithm, rest) = expect(after_tbs, SEQUENCE).ok_or_else(bad_decode)?;
    let (oid, _) = expect(algorithm, OID).ok_or_else(bad_decode)?;
    let signature = match expect(rest, BIT_STRING) {
        Some(([0, sig @ ..], _)) => sig,
        _ => return Err(bad_decode()),
    };
    let digest = match oid {
        OID_ECDSA_SHA256 | OID_RSA_SHA256 => Some(Digest::Sha256),
        OID_ECDSA_SHA384 | OID_RSA_SHA384 => Some(Digest::Sha384),
        OID_RSA_SHA512 => Some(Digest::Sha512),
        OID_ED25519 => None,
        _ => return Ok(false),
    };
    let kind_fits = match oid {
        OID_ECDSA_SHA256 | OID_ECDSA_SHA384 => matches!(issuer.kind, Kind::Ec(_)),
        OID_ED25519 => issuer.kind == Kind::Ed25519,
        _ => issuer.kind == Kind::Rsa,
    };
    if !kind_fits {
        return Ok(false);
    }
    // A combination ring has no algorithm for cannot be checked: not verified.
    Ok(verify(issuer, digest, Scheme::default(), tbs, signature).unwrap_or(false))
}

// ---- Base64 ---------------------------------------------------------------------------------

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64, or base64url without padding when `url`.
fn base64_encode(bytes: &[u8], url: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |a, (i, &b)| a | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            let c = B64[(n >> (18 - 6 * i) & 63) as usize];
            out.push(match (url, c) {
                (true, b'+') => '-',
                (true, b'/') => '_',
                _ => c as char,
            });
        }
        if !url {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

/// Base64 or base64url, padded or not; `None` for any other character.
pub(super) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
    {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

// ---- Natives --------------------------------------------------------------------------------

pub(super) fn throw<'js>(ctx: &Ctx<'js>, e: KeyError) -> rquickjs::Error {
    let class = match e.code {
        "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE"
        | "ERR_CRYPTO_INVALID_JWK"
        | "ERR_CRYPTO_ECDH_INVALID_FORMAT"
        | "ERR_MISSING_PASSPHRASE" => "TypeError",
        "ERR_CRYPTO_INVALID_KEYTYPE" => "RangeError",
        _ => "Error",
    };
    crate::errors::throw_as(ctx, class, e.code, &e.message)
}

fn format_of(name: &str) -> Format {
    if name == "der" {
        Format::Der
    } else {
        Format::Pem
    }
}

/// The key a JavaScript KeyObject holds: `[der, private]`.
pub(super) fn key_of<'js>(
    ctx: &Ctx<'js>,
    der: &TypedArray<'js, u8>,
    private: bool,
) -> rquickjs::Result<Key> {
    let der = crate::bytes::to_vec(ctx, der)?;
    let parsed = if private {
        parse_pkcs8(&der).map(|(kind, _)| kind)
    } else {
        parse_spki(&der).map(|(kind, _)| kind)
    };
    let kind = parsed.ok_or_else(|| throw(ctx, bad_decode()))?;
    Ok(Key { private, kind, der })
}

/// `[kind, der, private, details]` for JavaScript's KeyObject.
fn key_value<'js>(ctx: &Ctx<'js>, key: &Key) -> rquickjs::Result<rquickjs::Array<'js>> {
    let out = rquickjs::Array::new(ctx.clone())?;
    out.set(0, key.kind.name())?;
    out.set(1, TypedArray::new(ctx.clone(), key.der.clone())?)?;
    out.set(2, key.private)?;
    let details = Object::new(ctx.clone())?;
    for (name, value) in details_of(ctx, key)? {
        match value {
            DetailValue::Number(n) => details.set(name, n as f64)?,
            DetailValue::Text(t) => details.set(name, t)?,
        }
    }
    out.set(3, details)?;
    Ok(out)
}

fn details_of<'js>(
    ctx: &Ctx<'js>,
    key: &Key,
) -> rquickjs::Result<Vec<(&'static str, DetailValue)>> {
    details(key).map_err(|e| throw(ctx, e))
}

/// A TypeError with Node's `code`, thrown.
fn type_error(ctx: &Ctx<'_>, code: &str, message: &str) -> rquickjs::Error {
    crate::errors::throw_as(ctx, "TypeError", code, message)
}

fn digest_of(ctx: &Ctx<'_>, name: Option<String>) -> rquickjs::Result<Option<Digest>> {
    match name {
        None => Ok(None),
        Some(name) => Digest::of_name(&name).map(Some).ok_or_else(|| {
            type_error(
                ctx,
                "ERR_CRYPTO_INVALID_DIGEST",
                &format!("Invalid digest: {name}"),
            )
        }),
    }
}

/// The key encoding Node's `type` option names.
fn encoding_of(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<Encoding> {
    Encoding::of_name(name).ok_or_else(|| {
        let message = format!("The property 'options.type' is invalid. Received '{name}'");
        type_error(ctx, "ERR_INVALID_ARG_VALUE", &message)
    })
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    // pkeyImport(bytes, format 'pem'|'der', type or undefined, private) -> [kind, der,
    // private, details]: a private key (PKCS#8 DER) or a public one (SPKI DER; from a private
    // key, its public half).
    native.set(
        "pkeyImport",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             bytes: TypedArray<'js, u8>,
             format: String,
             encoding: Option<String>,
             private: bool,
             passphrase: Opt<Option<TypedArray<'js, u8>>>|
             -> rquickjs::Result<rquickjs::Array<'js>> {
                let bytes = crate::bytes::to_vec(&ctx, &bytes)?;
                let encoding = match encoding {
                    Some(name) => Some(encoding_of(&ctx, &name)?),
                    None => None,
                };
                let passphrase = match passphrase.0.flatten() {
                    Some(p) => Some(crate::bytes::to_vec(&ctx, &p)?),
                    None => None,
                };
                let format = format_of(&format);
                let key = if private {
                    private_key_with(&bytes, format, encoding, passphrase.as_deref())
                } else {
                    public_key_with(&bytes, format, encoding, passphrase.as_deref())
                }
                .map_err(|e| throw(&ctx, e))?;
                key_value(&ctx, &key)
            },
        )?,
    )?;
    // pkeyPublic(der, private) -> [kind, der, false, details] of the public half.
    native.set(
        "pkeyPublic",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             der: TypedArray<'js, u8>,
             private: bool|
             -> rquickjs::Result<rquickjs::Array<'js>> {
                let key = key_of(&ctx, &der, private)?;
                let public = public_of(&key).map_err(|e| throw(&ctx, e))?;
                key_value(&ctx, &public)
            },
        )?,
    )?;
    // pkeyExport(der, private, type, format) -> DER bytes or PEM text.
    native.set(
        "pkeyExport",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             der: TypedArray<'js, u8>,
             private: bool,
             encoding: String,
             format: String,
             cipher: Opt<Option<String>>,
             passphrase: Opt<Option<TypedArray<'js, u8>>>|
             -> rquickjs::Result<Value<'js>> {
                let key = key_of(&ctx, &der, private)?;
                let encoding = encoding_of(&ctx, &encoding)?;
                let out = export(&key, encoding).map_err(|e| throw(&ctx, e))?;
                let der_format = format == "der";
                let value = |ctx: &Ctx<'js>, out: Vec<u8>, label: &str| {
                    if der_format {
                        Ok(TypedArray::new(ctx.clone(), out)?.into_value())
                    } else {
                        let text = pem(label, &out);
                        Ok(rquickjs::String::from_str(ctx.clone(), &text)?.into_value())
                    }
                };
                let (Some(cipher), Some(passphrase)) = (cipher.0.flatten(), passphrase.0.flatten())
                else {
                    return value(&ctx, out, encoding.label(private));
                };
                let passphrase = crate::bytes::to_vec(&ctx, &passphrase)?;
                match encoding {
                    Encoding::Pkcs8 => {
                        let sealed = keycrypt::encrypt_pkcs8(&out, &passphrase, &cipher)
                            .map_err(|e| throw(&ctx, e))?;
                        value(&ctx, sealed, "ENCRYPTED PRIVATE KEY")
                    }
                    _ if der_format => Err(throw(
                        &ctx,
                        KeyError {
                            code: "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS",
                            message: "The selected key encoding pkcs1 or sec1 can only be encrypted in PEM".to_string(),
                        },
                    )),
                    _ => {
                        let text = keycrypt::encrypt_pem(
                            encoding.label(private),
                            &out,
                            &passphrase,
                            &cipher,
                        )
                        .map_err(|e| throw(&ctx, e))?;
                        Ok(rquickjs::String::from_str(ctx.clone(), &text)?.into_value())
                    }
                }
            },
        )?,
    )?;
    // pkeySign(der, digest or undefined, flags, data) -> signature bytes; flags: 1 for RSA-PSS,
    // 2 for ECDSA signatures as r || s (ieee-p1363).
    native.set(
        "pkeySign",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             der: TypedArray<'js, u8>,
             digest: Option<String>,
             flags: u32,
             data: TypedArray<'js, u8>|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let key = key_of(&ctx, &der, true)?;
                let digest = digest_of(&ctx, digest)?;
                let scheme = Scheme::of_flags(flags);
                let sig = crate::bytes::with_bytes(&ctx, &data, |m| sign(&key, digest, scheme, m))?
                    .map_err(|e| throw(&ctx, e))?;
                TypedArray::new(ctx, sig)
            },
        )?,
    )?;
    // pkeyVerify(der, private, digest or undefined, flags, data, signature) -> boolean.
    native.set(
        "pkeyVerify",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             der: TypedArray<'js, u8>,
             private: bool,
             digest: Option<String>,
             flags: u32,
             data: TypedArray<'js, u8>,
             sig: TypedArray<'js, u8>|
             -> rquickjs::Result<bool> {
                let key = key_of(&ctx, &der, private)?;
                let digest = digest_of(&ctx, digest)?;
                let scheme = Scheme::of_flags(flags);
                let sig = crate::bytes::to_vec(&ctx, &sig)?;
                crate::bytes::with_bytes(&ctx, &data, |m| verify(&key, digest, scheme, m, &sig))?
                    .map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    // pkeyGenerate(type 'ed25519'|'ec'|'rsa', curve) -> [kind, der, true, details].
    native.set(
        "pkeyGenerate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             kind: String,
             curve: Option<String>|
             -> rquickjs::Result<rquickjs::Array<'js>> {
                let kind = match kind.as_str() {
                    "ed25519" => Kind::Ed25519,
                    "x25519" => Kind::X25519,
                    "rsa" => Kind::Rsa,
                    "ec" => {
                        let name = curve.unwrap_or_default();
                        Kind::Ec(Curve::of_name(&name).ok_or_else(|| {
                            type_error(&ctx, "ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name")
                        })?)
                    }
                    other => {
                        return Err(throw(
                            &ctx,
                            unsupported(format!("generating {other} keys is not supported")),
                        ))
                    }
                };
                let key = generate(kind).map_err(|e| throw(&ctx, e))?;
                key_value(&ctx, &key)
            },
        )?,
    )?;
    // x509Parse(der) -> the certificate's details (transport::certificate_value), or throws.
    native.set(
        "x509Parse",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, der: TypedArray<'js, u8>| -> rquickjs::Result<Value<'js>> {
                let der = crate::bytes::to_vec(&ctx, &der)?;
                let value = super::transport::certificate_value(&ctx, &der)?;
                if value.is_null() {
                    return Err(throw(&ctx, bad_decode()));
                }
                Ok(value)
            },
        )?,
    )?;
    // x509Verify(certDer, spkiDer) -> whether the certificate is signed by that public key.
    native.set(
        "x509Verify",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             cert: TypedArray<'js, u8>,
             spki: TypedArray<'js, u8>|
             -> rquickjs::Result<bool> {
                let cert = crate::bytes::to_vec(&ctx, &cert)?;
                let key = key_of(&ctx, &spki, false)?;
                verify_certificate(&cert, &key).map_err(|e| throw(&ctx, e))
            },
        )?,
    )?;
    // pkeyToJwk(der, private) -> the JWK's members.
    native.set(
        "pkeyToJwk",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             der: TypedArray<'js, u8>,
             private: bool|
             -> rquickjs::Result<Object<'js>> {
                let key = key_of(&ctx, &der, private)?;
                let out = Object::new(ctx.clone())?;
                for (name, value) in to_jwk(&key).map_err(|e| throw(&ctx, e))? {
                    out.set(name, value)?;
                }
                Ok(out)
            },
        )?,
    )?;
    // pkeyFromJwk(jwk, public) -> [kind, der, private, details].
    native.set(
        "pkeyFromJwk",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             jwk: Object<'js>,
             public: bool|
             -> rquickjs::Result<rquickjs::Array<'js>> {
                let get = |name: &str| jwk.get::<_, Option<String>>(name).ok().flatten();
                let key = from_jwk(get, public).map_err(|e| throw(&ctx, e))?;
                key_value(&ctx, &key)
            },
        )?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_both_alphabets() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 250) as u8).collect();
            for url in [false, true] {
                let text = base64_encode(&bytes, url);
                assert_eq!(base64_decode(&text).as_deref(), Some(&bytes[..]));
                assert_eq!(text.contains('='), !url && len % 3 != 0);
            }
        }
        assert_eq!(base64_encode(b"\xfb\xff", false), "+/8=");
        assert_eq!(base64_encode(b"\xfb\xff", true), "-_8");
        assert_eq!(base64_decode("a*b"), None);
    }

    #[test]
    fn digest_names() {
        for name in [
            "sha256",
            "SHA256",
            "RSA-SHA256",
            "sha256WithRSAEncryption",
            "SHA-256",
        ] {
            assert_eq!(Digest::of_name(name), Some(Digest::Sha256), "{name}");
        }
        assert_eq!(Digest::of_name("md5"), None);
        assert_eq!(Digest::of_name("ecdsa-with-SHA256"), None);
    }

    /// Generated keys sign, their public halves verify, and they survive every export and
    /// import: PEM, DER, JWK.
    #[test]
    fn generated_keys_round_trip() {
        for kind in [Kind::Ed25519, Kind::Ec(Curve::P256)] {
            let key = generate(kind).unwrap();
            let digest = (kind != Kind::Ed25519).then_some(Digest::Sha256);
            let sig = sign(&key, digest, Scheme::default(), b"message").unwrap();
            let public = public_of(&key).unwrap();
            assert!(verify(&public, digest, Scheme::default(), b"message", &sig).unwrap());
            assert!(!verify(&public, digest, Scheme::default(), b"massage", &sig).unwrap());
            assert!(verify(&key, digest, Scheme::default(), b"message", &sig).unwrap());

            let text = pem("PRIVATE KEY", &key.der);
            assert_eq!(
                private_key(text.as_bytes(), Format::Pem, None).unwrap(),
                key
            );
            let text = pem("PUBLIC KEY", &public.der);
            assert_eq!(
                public_key_with(text.as_bytes(), Format::Pem, None, None).unwrap(),
                public
            );
            let jwk = to_jwk(&key).unwrap();
            let get = |n: &str| jwk.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone());
            assert_eq!(from_jwk(get, false).unwrap(), key);
            assert_eq!(from_jwk(get, true).unwrap(), public);
            if let Kind::Ec(_) = kind {
                let sec1 = export(&key, Encoding::Sec1).unwrap();
                let text = pem("EC PRIVATE KEY", &sec1);
                assert_eq!(
                    private_key(text.as_bytes(), Format::Pem, None).unwrap(),
                    key
                );
            }
        }
        assert_ne!(
            generate(Kind::Ed25519).unwrap(),
            generate(Kind::Ed25519).unwrap()
        );
        assert_eq!(
            generate(Kind::Rsa).unwrap_err().code,
            "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM"
        );
    }

    /// Every single-byte change of a key's DER is refused or read as some key, never a panic.
    #[test]
    fn damaged_keys_never_panic() {
        for kind in [Kind::Ed25519, Kind::Ec(Curve::P256)] {
            let key = generate(kind).unwrap();
            let public = public_of(&key).unwrap();
            for der in [&key.der, &public.der] {
                for i in 0..der.len() {
                    for flip in [0x01, 0x80, 0xff] {
                        let mut bent = der.clone();
                        bent[i] ^= flip;
                        let _ = private_key(&bent, Format::Der, None);
                        let _ = public_key_with(&bent, Format::Der, None, None);
                        let _ = private_key(&bent, Format::Der, Some(Encoding::Sec1));
                        let _ = public_key_with(&bent, Format::Der, Some(Encoding::Pkcs1), None);
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_what_is_not_a_key() {
        for input in [
            &b""[..],
            b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            b"\x30\x03\x02\x01",
        ] {
            assert!(private_key(input, Format::Pem, None).is_err());
            assert!(public_key_with(input, Format::Pem, None, None).is_err());
            assert!(private_key(input, Format::Der, None).is_err());
            assert!(public_key_with(input, Format::Der, None, None).is_err());
        }
        let encrypted =
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMA==\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(
            private_key(encrypted, Format::Pem, None).unwrap_err().code,
            "ERR_MISSING_PASSPHRASE"
        );
        assert_eq!(
            private_key_with(encrypted, Format::Pem, None, Some(b"pw"))
                .unwrap_err()
                .code,
            "ERR_OSSL_BAD_DECRYPT"
        );
    }
}
