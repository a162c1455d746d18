//! Just enough DER to read a certificate's issuer and subject names, so that a refused chain
//! can be told apart: a self-signed certificate, or one whose issuer is simply unknown.

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

/// The DER of a certificate's issuer and subject names (as stored, so equal bytes mean the
/// same name), or `None` when `cert` is not a certificate.
pub(crate) fn issuer_and_subject(cert: &[u8]) -> Option<(&[u8], &[u8])> {
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
    // serialNumber, then the signature AlgorithmIdentifier.
    rest = element(rest)?.2;
    rest = element(rest)?.2;
    let (SEQUENCE, issuer, after_issuer) = element(rest)? else {
        return None;
    };
    // validity, then subject.
    let (SEQUENCE, _, rest) = element(after_issuer)? else {
        return None;
    };
    let (SEQUENCE, subject, _) = element(rest)? else {
        return None;
    };
    Some((issuer, subject))
}

/// Whether `cert` names itself as its issuer.
pub(crate) fn is_self_issued(cert: &[u8]) -> bool {
    issuer_and_subject(cert).is_some_and(|(issuer, subject)| issuer == subject)
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
}
