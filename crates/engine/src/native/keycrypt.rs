//! Private keys under a passphrase, both ways, as OpenSSL writes them and Node reads them:
//! PKCS#8 `ENCRYPTED PRIVATE KEY` (PBES2: PBKDF2 with HMAC-SHA1/224/256/384/512, then
//! AES-128/192/256-CBC), and the older PEM form whose headers say `Proc-Type: 4,ENCRYPTED`
//! and `DEK-Info: AES-256-CBC,<iv>` (the key from MD5 as OpenSSL's EVP_BytesToKey makes it).
//! New encryptions use PBKDF2-HMAC-SHA256 with 2048 rounds (OpenSSL's choice), a 16-byte salt
//! and IV from `tls::fill_random`.

use super::block::BlockCipher;
use super::crypto::pbkdf2;
use super::digest::{Algorithm, Hasher, Hmac};
use super::pkey::{der, expect, KeyError, INTEGER, NULL, OCTET_STRING, OID, SEQUENCE};

const OID_PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
const OID_PBKDF2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
/// hmacWithSHA1 ... hmacWithSHA512 end in 7, 8 (SHA-224, not supported), 9, 10, 11.
const OID_HMAC_PREFIX: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02];
/// aes-128-cbc, aes-192-cbc, aes-256-cbc end in 2, 22, 42.
const OID_AES_PREFIX: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01];
const ROUNDS: u32 = 2048;
/// More PBKDF2 rounds than this are refused rather than spent.
const MAX_ROUNDS: u32 = 10_000_000;

pub(crate) fn bad_decrypt() -> KeyError {
    KeyError {
        code: "ERR_OSSL_BAD_DECRYPT",
        message: "error:1C800064:Provider routines::bad decrypt".to_string(),
    }
}

pub(crate) fn missing_passphrase() -> KeyError {
    KeyError {
        code: "ERR_MISSING_PASSPHRASE",
        message: "Passphrase required for encrypted key".to_string(),
    }
}

fn unknown_cipher() -> KeyError {
    KeyError {
        code: "ERR_CRYPTO_UNKNOWN_CIPHER",
        message: "Unknown cipher".to_string(),
    }
}

fn unsupported(what: &str) -> KeyError {
    super::pkey::unsupported(format!(
        "{what} is not supported for encrypted keys (PBES2 with PBKDF2 and AES-CBC is)"
    ))
}

fn small_uint(content: &[u8]) -> Option<u32> {
    if content.is_empty() || content.len() > 5 || content[0] & 0x80 != 0 {
        return None;
    }
    let v = content.iter().fold(0u64, |a, &b| a << 8 | u64::from(b));
    u32::try_from(v).ok()
}

/// The AES-CBC cipher name and key length of a cipher name as Node takes it.
fn cbc_cipher(name: &str) -> Option<(&'static str, usize)> {
    match name.to_ascii_lowercase().as_str() {
        "aes-128-cbc" | "aes128" => Some(("aes-128-cbc", 16)),
        "aes-192-cbc" | "aes192" => Some(("aes-192-cbc", 24)),
        "aes-256-cbc" | "aes256" => Some(("aes-256-cbc", 32)),
        _ => None,
    }
}

fn cbc(name: &str, key: &[u8], iv: &[u8], data: &[u8], decrypt: bool) -> Option<Vec<u8>> {
    let mut c = BlockCipher::new(name, key, iv, decrypt).ok()?;
    let mut out = c.update(data).ok()?;
    out.extend(c.finish().ok()?);
    Some(out)
}

/// Whether `der` is a PKCS#8 EncryptedPrivateKeyInfo (rather than a plain PrivateKeyInfo).
pub(crate) fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    (|| {
        let (body, _) = expect(der, SEQUENCE)?;
        let (algorithm, rest) = expect(body, SEQUENCE)?;
        expect(rest, OCTET_STRING)?;
        expect(algorithm, OID).map(|_| ())
    })()
    .is_some()
}

/// The PrivateKeyInfo inside an EncryptedPrivateKeyInfo, decrypted with `passphrase`.
pub(crate) fn decrypt_pkcs8(der: &[u8], passphrase: &[u8]) -> Result<Vec<u8>, KeyError> {
    let malformed = bad_decrypt;
    let (body, _) = expect(der, SEQUENCE).ok_or_else(malformed)?;
    let (algorithm, rest) = expect(body, SEQUENCE).ok_or_else(malformed)?;
    let (data, _) = expect(rest, OCTET_STRING).ok_or_else(malformed)?;
    let (oid, params) = expect(algorithm, OID).ok_or_else(malformed)?;
    if oid != OID_PBES2 {
        return Err(unsupported("a PBES1 (or other) scheme"));
    }
    let (params, _) = expect(params, SEQUENCE).ok_or_else(malformed)?;
    let (kdf, rest) = expect(params, SEQUENCE).ok_or_else(malformed)?;
    let (scheme, _) = expect(rest, SEQUENCE).ok_or_else(malformed)?;
    // The key derivation: PBKDF2 (salt, rounds, key length, PRF).
    let (kdf_oid, kdf_params) = expect(kdf, OID).ok_or_else(malformed)?;
    if kdf_oid != OID_PBKDF2 {
        return Err(unsupported("a key derivation other than PBKDF2 (scrypt?)"));
    }
    let (kdf_params, _) = expect(kdf_params, SEQUENCE).ok_or_else(malformed)?;
    let (salt, rest) = expect(kdf_params, OCTET_STRING).ok_or_else(malformed)?;
    let (rounds, mut rest) = expect(rest, INTEGER).ok_or_else(malformed)?;
    let rounds = small_uint(rounds).ok_or_else(malformed)?;
    if rounds == 0 || rounds > MAX_ROUNDS {
        return Err(unsupported(&format!("{rounds} PBKDF2 rounds")));
    }
    let mut key_len = None;
    if let Some((len, after)) = expect(rest, INTEGER) {
        key_len = Some(small_uint(len).ok_or_else(malformed)? as usize);
        rest = after;
    }
    let prf = match expect(rest, SEQUENCE) {
        None => Algorithm::Sha1,
        Some((prf, _)) => {
            let (prf_oid, _) = expect(prf, OID).ok_or_else(malformed)?;
            match prf_oid.strip_prefix(OID_HMAC_PREFIX) {
                Some([7]) => Algorithm::Sha1,
                Some([9]) => Algorithm::Sha256,
                Some([10]) => Algorithm::Sha384,
                Some([11]) => Algorithm::Sha512,
                _ => return Err(unsupported("this PBKDF2 hash")),
            }
        }
    };
    // The cipher: AES-CBC with its IV.
    let (cipher_oid, iv) = expect(scheme, OID).ok_or_else(malformed)?;
    let (iv, _) = expect(iv, OCTET_STRING).ok_or_else(malformed)?;
    let (name, len) = match cipher_oid.strip_prefix(OID_AES_PREFIX) {
        Some([2]) => ("aes-128-cbc", 16),
        Some([22]) => ("aes-192-cbc", 24),
        Some([42]) => ("aes-256-cbc", 32),
        _ => return Err(unsupported("this cipher (DES?)")),
    };
    if key_len.is_some_and(|l| l != len) {
        return Err(malformed());
    }
    let key = pbkdf2(&Hmac::new(prf, passphrase), salt, rounds, len);
    cbc(name, &key, iv, data, true).ok_or_else(bad_decrypt)
}

/// `der` (a PrivateKeyInfo) as an EncryptedPrivateKeyInfo under `passphrase` with the AES-CBC
/// cipher `cipher` names.
pub(crate) fn encrypt_pkcs8(
    der_bytes: &[u8],
    passphrase: &[u8],
    cipher: &str,
) -> Result<Vec<u8>, KeyError> {
    let (name, len) = cbc_cipher(cipher).ok_or_else(unknown_cipher)?;
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    random(&mut salt)?;
    random(&mut iv)?;
    let key = pbkdf2(
        &Hmac::new(Algorithm::Sha256, passphrase),
        &salt,
        ROUNDS,
        len,
    );
    let data = cbc(name, &key, &iv, der_bytes, false).ok_or_else(bad_decrypt)?;
    let last = match len {
        16 => 2,
        24 => 22,
        _ => 42,
    };
    let kdf = der(
        SEQUENCE,
        &[
            der(OID, OID_PBKDF2),
            der(
                SEQUENCE,
                &[
                    der(OCTET_STRING, &salt),
                    der(INTEGER, &ROUNDS.to_be_bytes()[2..]),
                    der(
                        SEQUENCE,
                        &[der(OID, &[OID_HMAC_PREFIX, &[9]].concat()), vec![NULL, 0]].concat(),
                    ),
                ]
                .concat(),
            ),
        ]
        .concat(),
    );
    let scheme = der(
        SEQUENCE,
        &[
            der(OID, &[OID_AES_PREFIX, &[last]].concat()),
            der(OCTET_STRING, &iv),
        ]
        .concat(),
    );
    let algorithm = der(
        SEQUENCE,
        &[der(OID, OID_PBES2), der(SEQUENCE, &[kdf, scheme].concat())].concat(),
    );
    Ok(der(
        SEQUENCE,
        &[algorithm, der(OCTET_STRING, &data)].concat(),
    ))
}

fn random(buf: &mut [u8]) -> Result<(), KeyError> {
    tls::fill_random(buf).map_err(|_| KeyError {
        code: "ERR_CRYPTO_OPERATION_FAILED",
        message: "no random bytes".to_string(),
    })
}

/// OpenSSL's EVP_BytesToKey with MD5 and one round: the key of the older encrypted PEM form.
fn bytes_to_key(passphrase: &[u8], salt: &[u8], len: usize) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(len + 16);
    let mut last: Vec<u8> = Vec::new();
    while out.len() < len {
        let mut h = Hasher::new(Algorithm::Md5);
        h.update(&last);
        h.update(passphrase);
        h.update(salt);
        last = h.finish();
        out.extend_from_slice(&last);
    }
    out.truncate(len);
    out
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Whether the headers of a PEM block say its body is encrypted (`Proc-Type: 4,ENCRYPTED`).
pub(crate) fn is_encrypted_pem(headers: &[(String, String)]) -> bool {
    headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("Proc-Type") && v.trim().ends_with("ENCRYPTED"))
}

/// The body of an encrypted PEM block (older form), decrypted as its `DEK-Info` says.
pub(crate) fn decrypt_pem(
    headers: &[(String, String)],
    body: &[u8],
    passphrase: &[u8],
) -> Result<Vec<u8>, KeyError> {
    let info = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("DEK-Info"))
        .map(|(_, v)| v.trim())
        .ok_or_else(bad_decrypt)?;
    let (cipher, iv) = info.split_once(',').ok_or_else(bad_decrypt)?;
    let (name, len) = cbc_cipher(cipher.trim()).ok_or_else(|| unsupported(cipher.trim()))?;
    let iv = from_hex(iv.trim())
        .filter(|iv| iv.len() == 16)
        .ok_or_else(bad_decrypt)?;
    let key = bytes_to_key(passphrase, &iv[..8], len);
    cbc(name, &key, &iv, body, true).ok_or_else(bad_decrypt)
}

/// `der` as an encrypted PEM block of the older form, under `label` (`RSA PRIVATE KEY`, `EC
/// PRIVATE KEY`).
pub(crate) fn encrypt_pem(
    label: &str,
    der_bytes: &[u8],
    passphrase: &[u8],
    cipher: &str,
) -> Result<String, KeyError> {
    let (name, len) = cbc_cipher(cipher).ok_or_else(unknown_cipher)?;
    let mut iv = [0u8; 16];
    random(&mut iv)?;
    let key = bytes_to_key(passphrase, &iv[..8], len);
    let data = cbc(name, &key, &iv, der_bytes, false).ok_or_else(bad_decrypt)?;
    let iv_hex: String = iv.iter().map(|b| format!("{b:02X}")).collect();
    let pem = super::pkey::pem(label, &data);
    let begin = format!("-----BEGIN {label}-----\n");
    let headers = format!(
        "Proc-Type: 4,ENCRYPTED\nDEK-Info: {},{iv_hex}\n\n",
        name.to_ascii_uppercase()
    );
    Ok(pem.replacen(&begin, &(begin.clone() + &headers), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs8_round_trips_with_every_aes_size() {
        let inner = b"0\x03\x02\x01\x00 and some more bytes of a key".to_vec();
        for cipher in ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes256"] {
            let sealed = encrypt_pkcs8(&inner, b"secret", cipher).unwrap_or_default();
            assert!(is_encrypted_pkcs8(&sealed));
            assert!(!is_encrypted_pkcs8(&inner));
            assert_eq!(decrypt_pkcs8(&sealed, b"secret"), Ok(inner.clone()));
            // A wrong passphrase: bad padding, almost always; never the key.
            assert_ne!(decrypt_pkcs8(&sealed, b"wrong"), Ok(inner.clone()));
        }
        assert_eq!(
            encrypt_pkcs8(&inner, b"x", "des-ede3-cbc").map_err(|e| e.code),
            Err("ERR_CRYPTO_UNKNOWN_CIPHER")
        );
    }

    #[test]
    fn pem_round_trips_and_bytes_to_key_matches_openssl() {
        // `openssl enc -aes-128-cbc -P -md md5 -S 0001020304050607 -pass pass:secret` prints
        // this key.
        assert_eq!(
            bytes_to_key(b"secret", &[0, 1, 2, 3, 4, 5, 6, 7], 16),
            from_hex("035FB8145B73CF111570DC936112BE9C").unwrap_or_default()
        );
        let body = b"a key's DER".to_vec();
        let pem = encrypt_pem("RSA PRIVATE KEY", &body, b"pw", "aes-256-cbc").unwrap_or_default();
        assert!(pem.contains("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,"));
        let iv = pem.split("AES-256-CBC,").nth(1).unwrap_or_default()[..32].to_string();
        let headers = vec![
            ("Proc-Type".to_string(), "4,ENCRYPTED".to_string()),
            ("DEK-Info".to_string(), format!("AES-256-CBC,{iv}")),
        ];
        assert!(is_encrypted_pem(&headers));
        let b64: String = pem
            .lines()
            .filter(|l| !l.contains(':') && !l.starts_with("-----") && !l.is_empty())
            .collect();
        let data = super::super::pkey::base64_decode(&b64).unwrap_or_default();
        assert_eq!(decrypt_pem(&headers, &data, b"pw"), Ok(body));
    }

    #[test]
    fn damaged_input_is_refused_without_a_panic() {
        let sealed = encrypt_pkcs8(b"0\x00", b"pw", "aes-128-cbc").unwrap_or_default();
        for at in 0..sealed.len() {
            for delta in [1u8, 0x80] {
                let mut bent = sealed.clone();
                bent[at] ^= delta;
                let _ = decrypt_pkcs8(&bent, b"pw");
            }
        }
        for cut in 0..sealed.len() {
            assert!(decrypt_pkcs8(&sealed[..cut], b"pw").is_err());
        }
    }
}
