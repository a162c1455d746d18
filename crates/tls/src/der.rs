//! Just enough DER to read a certificate's issuer and subject names, so that a refused chain
//! can be told apart (a self-signed certificate, or one whose issuer is simply unknown), and
//! the details Node.js's `getPeerCertificate()` shows.

/// One DER element at the start of `input`: its tag, its contents, and what follows it.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        // Long form: the low bits say how many length bytes follow (at most 4 here).
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

const SEQUENCE: u8 = 0x30;
/// `[0] EXPLICIT`: the version field of a v2 or v3 certificate.
const VERSION: u8 = 0xa0;

/// The fields of a certificate's TBSCertificate that are read here: the serial number's
/// contents, the issuer, validity and subject SEQUENCEs' contents, and what follows the
/// subject (the public key, then the optional fields and extensions).
struct Tbs<'a> {
    serial: &'a [u8],
    issuer: &'a [u8],
    validity: &'a [u8],
    subject: &'a [u8],
    after_subject: &'a [u8],
}

fn tbs(cert: &[u8]) -> Option<Tbs<'_>> {
    let (SEQUENCE, certificate, _) = element(cert)? else {
        return None;
    };
    let (SEQUENCE, tbs, _) = element(certificate)? else {
        return None;
    };
    let mut rest = tbs;
    if rest.first() == Some(&VERSION) {
        rest = element(rest)?.2;
    }
    let (INTEGER, serial, rest) = element(rest)? else {
        return None;
    };
    // The signature AlgorithmIdentifier.
    let rest = element(rest)?.2;
    let (SEQUENCE, issuer, rest) = element(rest)? else {
        return None;
    };
    let (SEQUENCE, validity, rest) = element(rest)? else {
        return None;
    };
    let (SEQUENCE, subject, after_subject) = element(rest)? else {
        return None;
    };
    Some(Tbs {
        serial,
        issuer,
        validity,
        subject,
        after_subject,
    })
}

/// The DER of a certificate's issuer and subject names (as stored, so equal bytes mean the
/// same name), or `None` when `cert` is not a certificate.
pub(crate) fn issuer_and_subject(cert: &[u8]) -> Option<(&[u8], &[u8])> {
    tbs(cert).map(|t| (t.issuer, t.subject))
}

/// Whether `cert` names itself as its issuer.
pub(crate) fn is_self_issued(cert: &[u8]) -> bool {
    issuer_and_subject(cert).is_some_and(|(issuer, subject)| issuer == subject)
}

/// What Node.js's `getPeerCertificate()` shows of a certificate, read from its DER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The subject's attributes in order, by OpenSSL's short names (`CN`, `O`, `C`, ...).
    pub subject: Vec<(String, String)>,
    /// The issuer's attributes, likewise.
    pub issuer: Vec<(String, String)>,
    /// The subject alternative names as OpenSSL writes them (`DNS:localhost`,
    /// `IP Address:127.0.0.1`, `email:a@example.com`, `URI:...`).
    pub subject_alt_names: Vec<String>,
    /// Start of validity, as OpenSSL prints it: `Nov  1 09:38:41 2026 GMT`.
    pub valid_from: String,
    /// End of validity, likewise.
    pub valid_to: String,
    /// The serial number in upper-case hexadecimal.
    pub serial_number: String,
    /// Whether basicConstraints says this is a CA.
    pub ca: bool,
    /// SHA-1 of the DER, as `AB:CD:...`.
    pub fingerprint: String,
    /// SHA-256 of the DER, likewise.
    pub fingerprint256: String,
}

/// The details of the certificate `cert` (DER), or `None` when it is not one.
pub fn certificate_info(cert: &[u8]) -> Option<CertificateInfo> {
    let Tbs {
        serial,
        issuer,
        validity,
        subject,
        after_subject,
    } = tbs(cert)?;
    let (_, _, mut rest) = element(after_subject)?; // subjectPublicKeyInfo
    let (not_before, after) = element(validity).map(|(t, c, r)| (time(t, c), r))?;
    let not_after = element(after).and_then(|(t, c, _)| time(t, c))?;
    let mut info = CertificateInfo {
        subject: name(subject)?,
        issuer: name(issuer)?,
        subject_alt_names: Vec::new(),
        valid_from: not_before?,
        valid_to: not_after,
        serial_number: hex(
            serial
                .strip_prefix(&[0])
                .filter(|s| !s.is_empty())
                .unwrap_or(serial),
            "",
        ),
        ca: false,
        fingerprint: hex(
            ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, cert).as_ref(),
            ":",
        ),
        fingerprint256: hex(
            ring::digest::digest(&ring::digest::SHA256, cert).as_ref(),
            ":",
        ),
    };
    // [1] and [2] unique IDs, then [3] extensions.
    while let Some((tag, content, after)) = element(rest) {
        if tag == 0xa3 {
            let (SEQUENCE, mut list, _) = element(content)? else {
                return None;
            };
            while let Some((SEQUENCE, extension, after)) = element(list) {
                let (OID, oid, mut body) = element(extension)? else {
                    return None;
                };
                if body.first() == Some(&BOOLEAN) {
                    body = element(body)?.2;
                }
                let (OCTET_STRING, value, _) = element(body)? else {
                    return None;
                };
                match oid {
                    OID_SUBJECT_ALT_NAME => info.subject_alt_names = alt_names(value)?,
                    OID_BASIC_CONSTRAINTS => {
                        let (SEQUENCE, constraints, _) = element(value)? else {
                            return None;
                        };
                        info.ca =
                            matches!(element(constraints), Some((BOOLEAN, [b], _)) if *b != 0);
                    }
                    _ => {}
                }
                list = after;
            }
        }
        rest = after;
    }
    Some(info)
}

const INTEGER: u8 = 0x02;
const BOOLEAN: u8 = 0x01;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const OID_SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
const OID_BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];

/// Bytes as upper-case hexadecimal, joined by `sep`.
fn hex(bytes: &[u8], sep: &str) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A Name's attributes in order, by short name.
fn name(mut rdns: &[u8]) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    while let Some((0x31, set, after)) = element(rdns) {
        let mut set = set;
        while let Some((SEQUENCE, pair, rest)) = element(set) {
            let (OID, oid, value) = element(pair)? else {
                return None;
            };
            let (tag, text, _) = element(value)?;
            let text = match tag {
                // BMPString: UTF-16BE.
                0x1e => String::from_utf16_lossy(
                    &text
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                        .collect::<Vec<_>>(),
                ),
                _ => String::from_utf8_lossy(text).into_owned(),
            };
            out.push((short_name(oid), text));
            set = rest;
        }
        rdns = after;
    }
    Some(out)
}

/// OpenSSL's short name of an attribute type, or its dotted OID.
fn short_name(oid: &[u8]) -> String {
    let known = match oid {
        [0x55, 0x04, 0x03] => "CN",
        [0x55, 0x04, 0x06] => "C",
        [0x55, 0x04, 0x07] => "L",
        [0x55, 0x04, 0x08] => "ST",
        [0x55, 0x04, 0x0a] => "O",
        [0x55, 0x04, 0x0b] => "OU",
        [0x55, 0x04, 0x05] => "serialNumber",
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01] => "emailAddress",
        [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19] => "DC",
        _ => return dotted(oid),
    };
    known.to_string()
}

fn dotted(oid: &[u8]) -> String {
    let mut parts = Vec::new();
    let mut value: u64 = 0;
    for (i, &b) in oid.iter().enumerate() {
        value = value << 7 | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if parts.is_empty() {
                let first = (value / 40).min(2);
                parts.push(first);
                parts.push(value - first * 40);
            } else {
                parts.push(value);
            }
            value = 0;
        } else if i == oid.len() - 1 {
            break;
        }
    }
    parts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// A UTCTime or GeneralizedTime as OpenSSL prints it.
fn time(tag: u8, text: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(text).ok()?.strip_suffix('Z')?;
    let (year, rest) = match tag {
        0x17 => {
            let yy: u32 = text.get(..2)?.parse().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, text.get(2..)?)
        }
        0x18 => (text.get(..4)?.parse().ok()?, text.get(4..)?),
        _ => return None,
    };
    let field = |i: usize| -> Option<u32> { rest.get(i..i + 2)?.parse().ok() };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.get(field(0)?.checked_sub(1)? as usize)?;
    Some(format!(
        "{month} {:>2} {:02}:{:02}:{:02} {year} GMT",
        field(2)?,
        field(4)?,
        field(6)?,
        field(8).unwrap_or(0)
    ))
}

/// The GeneralNames of a subjectAltName extension, as OpenSSL writes them.
fn alt_names(value: &[u8]) -> Option<Vec<String>> {
    let (SEQUENCE, mut names, _) = element(value)? else {
        return None;
    };
    let mut out = Vec::new();
    while let Some((tag, content, after)) = element(names) {
        let text = || String::from_utf8_lossy(content).into_owned();
        match tag {
            0x81 => out.push(format!("email:{}", text())),
            0x82 => out.push(format!("DNS:{}", text())),
            0x86 => out.push(format!("URI:{}", text())),
            0x87 => match content.len() {
                4 => out.push(format!(
                    "IP Address:{}",
                    std::net::Ipv4Addr::new(content[0], content[1], content[2], content[3])
                )),
                16 => {
                    let groups: Vec<String> = content
                        .chunks(2)
                        .map(|g| format!("{:X}", u16::from_be_bytes([g[0], g[1]])))
                        .collect();
                    out.push(format!("IP Address:{}", groups.join(":")));
                }
                _ => out.push("IP Address:<invalid>".to_string()),
            },
            _ => {}
        }
        names = after;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wraps `content` in a DER element, with a long-form length when it needs one.
    fn wrap(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(content.len() as u8);
        } else {
            let bytes = (content.len() as u32).to_be_bytes();
            let skip = bytes.iter().take_while(|&&b| b == 0).count();
            out.push(0x80 | (4 - skip) as u8);
            out.extend_from_slice(&bytes[skip..]);
        }
        out.extend_from_slice(content);
        out
    }

    fn name(cn: &str) -> Vec<u8> {
        wrap(SEQUENCE, &wrap(0x31, &wrap(SEQUENCE, cn.as_bytes())))
    }

    fn cert(issuer: &str, subject: &str, padding: usize) -> Vec<u8> {
        let mut tbs = wrap(VERSION, &wrap(0x02, &[2]));
        tbs.extend(wrap(0x02, &[1, 2, 3]));
        tbs.extend(wrap(SEQUENCE, &[0x06, 0x01, 0x2a]));
        tbs.extend(name(issuer));
        tbs.extend(wrap(SEQUENCE, &[]));
        tbs.extend(name(subject));
        tbs.extend(wrap(0x04, &vec![0u8; padding]));
        let mut body = wrap(SEQUENCE, &tbs);
        body.extend(wrap(SEQUENCE, &[]));
        wrap(SEQUENCE, &body)
    }

    #[test]
    fn reads_names_with_short_and_long_lengths() {
        for padding in [0, 200, 70_000] {
            let c = cert("ca", "leaf", padding);
            let (issuer, subject) = issuer_and_subject(&c).expect("parses");
            assert_eq!(issuer, &name("ca")[2..]);
            assert_eq!(subject, &name("leaf")[2..]);
            assert!(!is_self_issued(&c));
            assert!(is_self_issued(&cert("me", "me", padding)));
        }
    }

    #[test]
    fn refuses_what_is_not_a_certificate() {
        let c = cert("ca", "leaf", 10);
        for end in 0..c.len() {
            assert_eq!(issuer_and_subject(&c[..end]), None, "cut at {end}");
        }
        assert_eq!(issuer_and_subject(b"\x30\x85\xff\xff\xff\xff\xff"), None);
        assert_eq!(issuer_and_subject(&wrap(0x31, &[])), None);
    }

    /// The test CA's client certificate, against what `openssl x509 -text` says of it.
    #[test]
    fn reads_a_certificate_as_openssl_shows_it() {
        let pem = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../js-tests/fixtures/tls/client.pem"
        ))
        .unwrap();
        let der = rustls::pki_types::pem::PemObject::from_pem_slice(pem.as_bytes())
            .map(|c: rustls::pki_types::CertificateDer<'_>| c.to_vec())
            .unwrap();
        let info = certificate_info(&der).expect("a certificate");
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            info.subject,
            [
                pair("CN", "test-client"),
                pair("O", "wasmedge-quickjs tests")
            ]
        );
        assert_eq!(info.issuer, [pair("CN", "wasmedge-quickjs test CA")]);
        assert_eq!(info.subject_alt_names, ["DNS:test-client"]);
        assert!(!info.ca);
        assert_eq!(info.fingerprint256.len(), 32 * 3 - 1);
        assert!(info.valid_from.ends_with(" GMT") && info.valid_to.contains(" 2126 GMT"));
        // A certificate cut anywhere is not read as one (and nothing panics).
        for end in 0..der.len() {
            assert!(certificate_info(&der[..end]).is_none(), "cut at {end}");
        }
    }

    /// Every single-byte change of a real certificate (a peer's may be anything when
    /// verification is off) reads as some certificate or none, never a panic.
    #[test]
    fn damaged_certificates_never_panic() {
        let pem = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../js-tests/fixtures/tls/localhost.pem"
        ))
        .unwrap();
        let der = rustls::pki_types::pem::PemObject::from_pem_slice(pem.as_bytes())
            .map(|c: rustls::pki_types::CertificateDer<'_>| c.to_vec())
            .unwrap();
        for i in 0..der.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bent = der.clone();
                bent[i] ^= flip;
                let _ = certificate_info(&bent);
                let _ = issuer_and_subject(&bent);
            }
        }
    }

    #[test]
    fn times_and_oids_as_openssl_prints_them() {
        assert_eq!(
            time(0x17, b"261101093841Z").unwrap(),
            "Nov  1 09:38:41 2026 GMT"
        );
        assert_eq!(
            time(0x18, b"21261125093841Z").unwrap(),
            "Nov 25 09:38:41 2126 GMT"
        );
        assert_eq!(
            time(0x17, b"991231235959Z").unwrap(),
            "Dec 31 23:59:59 1999 GMT"
        );
        assert_eq!(time(0x17, b"991331235959Z"), None);
        assert_eq!(
            dotted(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]),
            "1.2.840.113549"
        );
    }
}
