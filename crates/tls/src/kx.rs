//! Key exchange (X25519, then P-256, then P-384) whose private keys come from
//! [`fill_random`], and session ticket keys from the same source.
//!
//! ring's own key exchange and ticket keys draw from its `SystemRandom`, which inside wasm is
//! WASI's `random_get` and cannot be replaced. Some WasmEdge releases answer `random_get` from
//! a generator seeded with 32 bits, so a key share made from it could be found by trying every
//! seed against the public half sent on the wire. These groups and tickets take their secrets
//! from [`fill_random`] instead: `/dev/urandom` when the program can open it.

use std::fmt;

use rustls::crypto::{ActiveKeyExchange, SharedSecret, SupportedKxGroup};
use rustls::server::ProducesTickets;
use rustls::{NamedGroup, PeerMisbehaved};

use crate::random::fill_random;

/// The groups offered and accepted, most preferred first (as ring's provider orders them).
pub(crate) static GROUPS: &[&dyn SupportedKxGroup] = &[&X25519, &P256, &P384];

fn random_failed() -> rustls::Error {
    rustls::Error::FailedToGetRandomBytes
}

fn bad_share() -> rustls::Error {
    PeerMisbehaved::InvalidKeyShare.into()
}

/// X25519 (RFC 7748).
#[derive(Debug)]
struct X25519;

struct X25519Share {
    secret: x25519_dalek::StaticSecret,
    public: [u8; 32],
}

impl SupportedKxGroup for X25519 {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, rustls::Error> {
        let mut seed = [0u8; 32];
        fill_random(&mut seed).map_err(|_| random_failed())?;
        // Any 32 bytes are a valid key: the scalar is clamped where it is used.
        let secret = x25519_dalek::StaticSecret::from(seed);
        seed.fill(0);
        let public = x25519_dalek::PublicKey::from(&secret).to_bytes();
        Ok(Box::new(X25519Share { secret, public }))
    }

    fn name(&self) -> NamedGroup {
        NamedGroup::X25519
    }
}

impl ActiveKeyExchange for X25519Share {
    fn complete(self: Box<Self>, peer: &[u8]) -> Result<SharedSecret, rustls::Error> {
        let peer: [u8; 32] = peer.try_into().map_err(|_| bad_share())?;
        let shared = self
            .secret
            .diffie_hellman(&x25519_dalek::PublicKey::from(peer));
        // A low-order peer key gives the all-zero secret (RFC 7748 section 6.1, RFC 8446
        // section 7.4.2): refused, as ring does.
        if !shared.was_contributory() {
            return Err(bad_share());
        }
        Ok(SharedSecret::from(&shared.as_bytes()[..]))
    }

    fn pub_key(&self) -> &[u8] {
        &self.public
    }

    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }
}

/// ECDH on a NIST curve, with uncompressed points as TLS requires: `$group` (and its share
/// type `$share`) on the curve of crate `$krate`, whose scalars and coordinates have `$size`
/// bytes.
macro_rules! nist_group {
    ($doc:literal, $group:ident, $share:ident, $krate:ident, $size:expr, $named:ident) => {
        #[doc = $doc]
        #[derive(Debug)]
        struct $group;

        struct $share {
            secret: $krate::SecretKey,
            public: Vec<u8>,
        }

        impl SupportedKxGroup for $group {
            fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, rustls::Error> {
                let mut bytes = [0u8; $size];
                // A scalar must lie in [1, n-1]; a random string falls outside with a chance
                // near 2^-32, so one more draw is all a retry ever costs.
                let secret = loop {
                    fill_random(&mut bytes).map_err(|_| random_failed())?;
                    if let Ok(secret) = $krate::SecretKey::from_slice(&bytes) {
                        break secret;
                    }
                };
                bytes.fill(0);
                let public = $krate::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(
                    &secret.public_key(),
                    false,
                )
                .as_bytes()
                .to_vec();
                Ok(Box::new($share { secret, public }))
            }

            fn name(&self) -> NamedGroup {
                NamedGroup::$named
            }
        }

        impl ActiveKeyExchange for $share {
            fn complete(self: Box<Self>, peer: &[u8]) -> Result<SharedSecret, rustls::Error> {
                // RFC 8446 section 4.2.8.2: the uncompressed form only.
                if peer.len() != 1 + 2 * $size || peer[0] != 4 {
                    return Err(bad_share());
                }
                // Checks that the point is on the curve (and not the identity).
                let peer = $krate::PublicKey::from_sec1_bytes(peer).map_err(|_| bad_share())?;
                let shared =
                    $krate::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), peer.as_affine());
                Ok(SharedSecret::from(&shared.raw_secret_bytes()[..]))
            }

            fn pub_key(&self) -> &[u8] {
                &self.public
            }

            fn group(&self) -> NamedGroup {
                NamedGroup::$named
            }
        }
    };
}

nist_group!(
    "ECDH on NIST P-256 (secp256r1).",
    P256,
    P256Share,
    p256,
    32,
    secp256r1
);
nist_group!(
    "ECDH on NIST P-384 (secp384r1).",
    P384,
    P384Share,
    p384,
    48,
    secp384r1
);

/// Session tickets sealed with ChaCha20-Poly1305 under a key from [`fill_random`], rotated
/// every six hours (the old key still opens tickets for one more period).
pub(crate) fn ticketer() -> Result<std::sync::Arc<dyn ProducesTickets>, rustls::Error> {
    Ok(std::sync::Arc::new(rustls::ticketer::TicketRotator::new(
        TICKET_LIFETIME,
        || {
            Ok(Box::new(
                TicketKey::new().map_err(|_| rustls::crypto::GetRandomFailed)?,
            ))
        },
    )?))
}

/// Seconds a ticket is good for, as rustls's own ticketer says.
const TICKET_LIFETIME: u32 = 6 * 60 * 60;

/// One ticket key. A ticket is the nonce, then the sealed state with its tag.
struct TicketKey {
    key: ring::aead::LessSafeKey,
}

impl fmt::Debug for TicketKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TicketKey")
    }
}

impl TicketKey {
    fn new() -> std::io::Result<TicketKey> {
        let mut bytes = [0u8; 32];
        fill_random(&mut bytes)?;
        let key = ring::aead::UnboundKey::new(&ring::aead::CHACHA20_POLY1305, &bytes)
            .map_err(|_| std::io::Error::other("ticket key"))?;
        bytes.fill(0);
        Ok(TicketKey {
            key: ring::aead::LessSafeKey::new(key),
        })
    }
}

/// A ticket's nonce length.
const NONCE_LEN: usize = ring::aead::NONCE_LEN;

impl ProducesTickets for TicketKey {
    fn enabled(&self) -> bool {
        true
    }

    fn lifetime(&self) -> u32 {
        TICKET_LIFETIME
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce).ok()?;
        let mut out = Vec::with_capacity(NONCE_LEN + plain.len() + 16);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plain);
        let tag = self
            .key
            .seal_in_place_separate_tag(
                ring::aead::Nonce::assume_unique_for_key(nonce),
                ring::aead::Aad::empty(),
                &mut out[NONCE_LEN..],
            )
            .ok()?;
        out.extend_from_slice(tag.as_ref());
        Some(out)
    }

    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        if cipher.len() < NONCE_LEN + 16 {
            return None;
        }
        let (nonce, sealed) = cipher.split_at(NONCE_LEN);
        let nonce = ring::aead::Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut out = sealed.to_vec();
        let len = self
            .key
            .open_in_place(nonce, ring::aead::Aad::empty(), &mut out)
            .ok()?
            .len();
        out.truncate(len);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::agreement;

    /// Each group agrees with ring's implementation of the same group: both sides reach the
    /// same secret from the other's public key.
    #[test]
    fn agrees_with_ring() {
        let rng = ring::rand::SystemRandom::new();
        for (ours, theirs) in [
            (GROUPS[0], &agreement::X25519),
            (GROUPS[1], &agreement::ECDH_P256),
            (GROUPS[2], &agreement::ECDH_P384),
        ] {
            for _ in 0..8 {
                let share = ours.start().unwrap();
                let ring_key = agreement::EphemeralPrivateKey::generate(theirs, &rng).unwrap();
                let ring_public = ring_key.compute_public_key().unwrap();
                let ring_secret = agreement::agree_ephemeral(
                    ring_key,
                    &agreement::UnparsedPublicKey::new(theirs, share.pub_key()),
                    |s| s.to_vec(),
                )
                .unwrap();
                let our_secret = share.complete(ring_public.as_ref()).unwrap();
                assert_eq!(our_secret.secret_bytes(), &ring_secret[..], "{ours:?}");
            }
        }
    }

    /// RFC 7748 section 6.1: Alice's private key gives her public key, and with Bob's public
    /// key the shared secret.
    #[test]
    fn x25519_rfc7748_vector() {
        let hex = |s: &str| -> [u8; 32] {
            let v: Vec<u8> = (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect();
            v.try_into().unwrap()
        };
        let alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        let bob_public = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        let secret = x25519_dalek::StaticSecret::from(alice);
        let share = Box::new(X25519Share {
            public: x25519_dalek::PublicKey::from(&secret).to_bytes(),
            secret,
        });
        assert_eq!(
            share.pub_key(),
            hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        );
        let shared = share.complete(&bob_public).unwrap();
        assert_eq!(
            shared.secret_bytes(),
            hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        );
    }

    /// Malformed or hostile peer shares are refused, never turned into a secret.
    #[test]
    fn refuses_bad_shares() {
        let refused = |group: &dyn SupportedKxGroup, peer: &[u8]| {
            let e = group.start().unwrap().complete(peer).err();
            assert_eq!(e, Some(bad_share()), "{group:?} {peer:02x?}");
        };
        // Wrong length, and a low-order point (zero) that would give an all-zero secret.
        refused(&X25519, &[9u8; 31]);
        refused(&X25519, &[0u8; 32]);
        // Compressed form, the identity, and a point off the curve.
        let mut compressed = P256.start().unwrap().pub_key()[..33].to_vec();
        compressed[0] = 2;
        refused(&P256, &compressed);
        refused(&P256, &[0u8]);
        let mut off_curve = P256.start().unwrap().pub_key().to_vec();
        off_curve[64] ^= 1;
        refused(&P256, &off_curve);
        let mut off_curve = P384.start().unwrap().pub_key().to_vec();
        off_curve[96] ^= 1;
        refused(&P384, &off_curve);
        refused(&P384, P256.start().unwrap().pub_key());
    }

    /// Shares differ from one exchange to the next.
    #[test]
    fn fresh_keys_each_time() {
        for group in GROUPS {
            let a = group.start().unwrap();
            let b = group.start().unwrap();
            assert_ne!(a.pub_key(), b.pub_key());
        }
    }

    #[test]
    fn tickets_round_trip_and_refuse_tampering() {
        let key = TicketKey::new().unwrap();
        let other = TicketKey::new().unwrap();
        let ticket = key.encrypt(b"session state").unwrap();
        assert_eq!(ticket.len(), NONCE_LEN + 13 + 16);
        assert_eq!(key.decrypt(&ticket).as_deref(), Some(&b"session state"[..]));
        assert_ne!(key.encrypt(b"session state").unwrap(), ticket);
        assert_eq!(other.decrypt(&ticket), None);
        let mut tampered = ticket.clone();
        tampered[NONCE_LEN] ^= 1;
        assert_eq!(key.decrypt(&tampered), None);
        assert_eq!(key.decrypt(&ticket[..NONCE_LEN + 15]), None);
        let rotating = ticketer().unwrap();
        let t = rotating.encrypt(b"x").unwrap();
        assert_eq!(rotating.decrypt(&t).as_deref(), Some(&b"x"[..]));
        assert!(rotating.enabled());
    }
}
