//! AES in CBC (PKCS#7 padding, or none) and CTR modes for node:crypto's `createCipheriv` and
//! `createDecipheriv`, streamed: each `update` returns what it can, `final` the rest. The AES
//! block function is the `aes` crate's (constant-time in software; AES-NI where present).

use aes::cipher::{generic_array::GenericArray, BlockDecrypt, BlockEncrypt, KeyInit};
use rquickjs::{Class, Ctx, Function, JsLifetime, Object, TypedArray};

use super::crypto::{invalid_iv, invalid_key_length};

const BLOCK: usize = 16;

/// An AES key of one of the three sizes.
enum Aes {
    A128(Box<aes::Aes128>),
    A192(Box<aes::Aes192>),
    A256(Box<aes::Aes256>),
}

impl Aes {
    fn new(key: &[u8]) -> Option<Aes> {
        Some(match key.len() {
            16 => Aes::A128(Box::new(aes::Aes128::new_from_slice(key).ok()?)),
            24 => Aes::A192(Box::new(aes::Aes192::new_from_slice(key).ok()?)),
            32 => Aes::A256(Box::new(aes::Aes256::new_from_slice(key).ok()?)),
            _ => return None,
        })
    }

    fn encrypt(&self, block: &mut [u8; BLOCK]) {
        let b = GenericArray::from_mut_slice(block);
        match self {
            Aes::A128(k) => k.encrypt_block(b),
            Aes::A192(k) => k.encrypt_block(b),
            Aes::A256(k) => k.encrypt_block(b),
        }
    }

    fn decrypt(&self, block: &mut [u8; BLOCK]) {
        let b = GenericArray::from_mut_slice(block);
        match self {
            Aes::A128(k) => k.decrypt_block(b),
            Aes::A192(k) => k.decrypt_block(b),
            Aes::A256(k) => k.decrypt_block(b),
        }
    }
}

/// The ciphers this module runs: (name, key bytes, CTR rather than CBC).
const CIPHERS: &[(&str, usize, bool)] = &[
    ("aes-128-cbc", 16, false),
    ("aes-192-cbc", 24, false),
    ("aes-256-cbc", 32, false),
    ("aes128", 16, false),
    ("aes192", 24, false),
    ("aes256", 32, false),
    ("aes-128-ctr", 16, true),
    ("aes-192-ctr", 24, true),
    ("aes-256-ctr", 32, true),
];

/// Why a cipher could not go on, as Node reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockError {
    /// The input did not end on a block boundary (no padding) or a padded message was cut.
    WrongFinalBlockLength,
    /// The padding of a decrypted message is not PKCS#7's: a wrong key or damaged input.
    BadDecrypt,
    /// `update` or `final` after `final`.
    Finished,
}

impl BlockError {
    fn code_and_message(self) -> (&'static str, &'static str) {
        match self {
            BlockError::WrongFinalBlockLength => (
                "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH",
                "error:1C80006B:Provider routines::wrong final block length",
            ),
            BlockError::BadDecrypt => (
                "ERR_OSSL_BAD_DECRYPT",
                "error:1C800064:Provider routines::bad decrypt",
            ),
            BlockError::Finished => ("ERR_CRYPTO_INVALID_STATE", "Invalid state for operation"),
        }
    }
}

enum Mode {
    /// `chain` is the IV, then the last ciphertext block.
    Cbc { chain: [u8; BLOCK], decrypt: bool },
    /// `counter` is the next counter block; `stream` the current key stream block, of
    /// which `used` bytes are spent.
    Ctr {
        counter: [u8; BLOCK],
        stream: [u8; BLOCK],
        used: usize,
    },
}

/// One message being encrypted or decrypted.
pub(crate) struct BlockCipher {
    aes: Aes,
    mode: Mode,
    /// CBC: bytes short of a whole block, or (decrypting with padding) the last whole block,
    /// which may hold the padding.
    pending: Vec<u8>,
    padding: bool,
    finished: bool,
}

/// Whether a cipher name is one of this module's, and its key length.
pub(crate) fn known(name: &str) -> Option<(usize, bool)> {
    CIPHERS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, len, ctr)| (len, ctr))
}

impl BlockCipher {
    /// A cipher for `name` (see [`known`]); `Err(true)` for a bad key length, `Err(false)`
    /// for a bad IV length.
    pub(crate) fn new(name: &str, key: &[u8], iv: &[u8], decrypt: bool) -> Result<Self, bool> {
        let (len, ctr) = known(name).ok_or(true)?;
        if key.len() != len {
            return Err(true);
        }
        let aes = Aes::new(key).ok_or(true)?;
        let iv: [u8; BLOCK] = iv.try_into().map_err(|_| false)?;
        let mode = if ctr {
            Mode::Ctr {
                counter: iv,
                stream: [0; BLOCK],
                used: BLOCK,
            }
        } else {
            Mode::Cbc { chain: iv, decrypt }
        };
        Ok(BlockCipher {
            aes,
            mode,
            pending: Vec::new(),
            padding: true,
            finished: false,
        })
    }

    /// PKCS#7 padding on or off (CBC only; CTR has none).
    pub(crate) fn set_padding(&mut self, on: bool) {
        self.padding = on;
    }

    /// Encrypts or decrypts `data`: what is ready now.
    pub(crate) fn update(&mut self, data: &[u8]) -> Result<Vec<u8>, BlockError> {
        if self.finished {
            return Err(BlockError::Finished);
        }
        match &mut self.mode {
            Mode::Ctr {
                counter,
                stream,
                used,
            } => {
                let mut out = data.to_vec();
                for byte in &mut out {
                    if *used == BLOCK {
                        *stream = *counter;
                        self.aes.encrypt(stream);
                        increment(counter);
                        *used = 0;
                    }
                    *byte ^= stream[*used];
                    *used += 1;
                }
                Ok(out)
            }
            Mode::Cbc { chain, decrypt } => {
                self.pending.extend_from_slice(data);
                // Decrypting with padding keeps the last whole block back for `final`.
                let keep = if *decrypt && self.padding {
                    match self.pending.len() % BLOCK {
                        0 => BLOCK.min(self.pending.len()),
                        partial => partial,
                    }
                } else {
                    self.pending.len() % BLOCK
                };
                let ready = self.pending.len() - keep;
                let mut out = Vec::with_capacity(ready);
                for chunk in self.pending[..ready].chunks_exact(BLOCK) {
                    let mut block: [u8; BLOCK] = chunk.try_into().unwrap_or([0; BLOCK]);
                    cbc_block(&self.aes, chain, &mut block, *decrypt);
                    out.extend_from_slice(&block);
                }
                self.pending.drain(..ready);
                Ok(out)
            }
        }
    }

    /// The end of the message: the padded last block, or the last block unpadded.
    pub(crate) fn finish(&mut self) -> Result<Vec<u8>, BlockError> {
        if self.finished {
            return Err(BlockError::Finished);
        }
        self.finished = true;
        let Mode::Cbc { chain, decrypt } = &mut self.mode else {
            return Ok(Vec::new());
        };
        let pending = std::mem::take(&mut self.pending);
        match (*decrypt, self.padding) {
            (_, false) if pending.is_empty() => Ok(Vec::new()),
            (_, false) => Err(BlockError::WrongFinalBlockLength),
            (false, true) => {
                let pad = (BLOCK - pending.len()) as u8;
                let mut block = [pad; BLOCK];
                block[..pending.len()].copy_from_slice(&pending);
                cbc_block(&self.aes, chain, &mut block, false);
                Ok(block.to_vec())
            }
            (true, true) => {
                let mut block: [u8; BLOCK] = pending
                    .as_slice()
                    .try_into()
                    .map_err(|_| BlockError::WrongFinalBlockLength)?;
                cbc_block(&self.aes, chain, &mut block, true);
                let pad = block[BLOCK - 1] as usize;
                let valid = (1..=BLOCK).contains(&pad)
                    && block[BLOCK - pad..].iter().all(|&b| b as usize == pad);
                if !valid {
                    return Err(BlockError::BadDecrypt);
                }
                Ok(block[..BLOCK - pad].to_vec())
            }
        }
    }
}

/// One CBC step on `block`, in place, moving the chain on.
fn cbc_block(aes: &Aes, chain: &mut [u8; BLOCK], block: &mut [u8; BLOCK], decrypt: bool) {
    if decrypt {
        let cipher = *block;
        aes.decrypt(block);
        block
            .iter_mut()
            .zip(chain.iter())
            .for_each(|(b, c)| *b ^= c);
        *chain = cipher;
    } else {
        block
            .iter_mut()
            .zip(chain.iter())
            .for_each(|(b, c)| *b ^= c);
        aes.encrypt(block);
        *chain = *block;
    }
}

/// The next counter block: the whole block as one big-endian number, as OpenSSL counts.
fn increment(counter: &mut [u8; BLOCK]) {
    for byte in counter.iter_mut().rev() {
        *byte = byte.wrapping_add(1);
        if *byte != 0 {
            break;
        }
    }
}

/// A cipher in flight, held by a JavaScript Cipheriv or Decipheriv.
#[derive(rquickjs::class::Trace, JsLifetime)]
#[rquickjs::class]
pub(crate) struct NativeBlockCipher {
    #[qjs(skip_trace)]
    cipher: BlockCipher,
}

fn throw_block<'js>(ctx: &Ctx<'js>, e: BlockError) -> rquickjs::Error {
    let (code, message) = e.code_and_message();
    crate::errors::throw_coded(ctx, code, message)
}

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    // blockCipherCreate(name, key, iv, decrypt) -> a cipher, with Node's errors for lengths.
    native.set(
        "blockCipherCreate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             key: TypedArray<'js, u8>,
             iv: TypedArray<'js, u8>,
             decrypt: bool|
             -> rquickjs::Result<Class<'js, NativeBlockCipher>> {
                let key = crate::bytes::to_vec(&ctx, &key)?;
                let iv = crate::bytes::to_vec(&ctx, &iv)?;
                match BlockCipher::new(&name, &key, &iv, decrypt) {
                    Ok(cipher) => Class::instance(ctx, NativeBlockCipher { cipher }),
                    Err(true) => Err(invalid_key_length(&ctx)),
                    Err(false) => Err(invalid_iv(&ctx, "Invalid initialization vector")),
                }
            },
        )?,
    )?;
    native.set(
        "blockCipherUpdate",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             cipher: Class<'js, NativeBlockCipher>,
             data: TypedArray<'js, u8>|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let out = crate::bytes::with_bytes(&ctx, &data, |d| {
                    cipher.borrow_mut().cipher.update(d)
                })?
                .map_err(|e| throw_block(&ctx, e))?;
                TypedArray::new(ctx, out)
            },
        )?,
    )?;
    native.set(
        "blockCipherFinal",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             cipher: Class<'js, NativeBlockCipher>|
             -> rquickjs::Result<TypedArray<'js, u8>> {
                let out = cipher
                    .borrow_mut()
                    .cipher
                    .finish()
                    .map_err(|e| throw_block(&ctx, e))?;
                TypedArray::new(ctx, out)
            },
        )?,
    )?;
    native.set(
        "blockCipherSetPadding",
        Function::new(
            ctx.clone(),
            |cipher: Class<'js, NativeBlockCipher>, on: bool| {
                cipher.borrow_mut().cipher.set_padding(on);
            },
        )?,
    )?;
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Bytes from hex text (test vectors).
    pub(crate) fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    const PLAIN: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
                         30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

    /// NIST SP 800-38A, F.2.1/F.2.5 (CBC) and F.5.1/F.5.5 (CTR), fed whole and byte by byte,
    /// without padding (the vectors are whole blocks).
    #[test]
    fn sp800_38a_vectors() {
        let key128 = "2b7e151628aed2a6abf7158809cf4f3c";
        let key256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
        let cases = [
            (
                "aes-128-cbc",
                key128,
                "000102030405060708090a0b0c0d0e0f",
                "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2\
                 73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
            ),
            (
                "aes-256-cbc",
                key256,
                "000102030405060708090a0b0c0d0e0f",
                "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d\
                 39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
            ),
            (
                "aes-128-ctr",
                key128,
                "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
                "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff\
                 5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
            ),
            (
                "aes-256-ctr",
                key256,
                "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
                "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5\
                 2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
            ),
        ];
        let plain = hex(PLAIN);
        for (name, key, iv, cipher) in cases {
            let (key, iv, cipher) = (hex(key), hex(iv), hex(cipher));
            for (decrypt, input, output) in [(false, &plain, &cipher), (true, &cipher, &plain)] {
                for step in [input.len(), 1, 7] {
                    let mut c = BlockCipher::new(name, &key, &iv, decrypt).unwrap();
                    c.set_padding(false);
                    let mut out = Vec::new();
                    for chunk in input.chunks(step) {
                        out.extend(c.update(chunk).unwrap());
                    }
                    out.extend(c.finish().unwrap());
                    assert_eq!(&out, output, "{name} decrypt={decrypt} step={step}");
                }
            }
        }
    }

    /// Padded CBC round trips for every length around a block boundary; a wrong key or a
    /// damaged or cut message is refused.
    #[test]
    fn padding_round_trips_and_refusals() {
        let key = [7u8; 32];
        let iv = [9u8; 16];
        for len in 0..50 {
            let plain: Vec<u8> = (0..len as u8).collect();
            let mut enc = BlockCipher::new("aes-256-cbc", &key, &iv, false).unwrap();
            let mut sealed = enc.update(&plain).unwrap();
            sealed.extend(enc.finish().unwrap());
            assert_eq!(sealed.len(), (len / 16 + 1) * 16);
            let mut dec = BlockCipher::new("aes-256-cbc", &key, &iv, true).unwrap();
            let mut opened = Vec::new();
            for b in &sealed {
                opened.extend(dec.update(&[*b]).unwrap());
            }
            opened.extend(dec.finish().unwrap());
            assert_eq!(opened, plain);
        }
        let mut enc = BlockCipher::new("aes-256-cbc", &key, &iv, false).unwrap();
        let mut sealed = enc.update(b"attack at dawn").unwrap();
        sealed.extend(enc.finish().unwrap());
        assert_eq!(enc.finish(), Err(BlockError::Finished));
        let mut wrong = BlockCipher::new("aes-256-cbc", &[8u8; 32], &iv, true).unwrap();
        wrong.update(&sealed).unwrap();
        assert_eq!(wrong.finish(), Err(BlockError::BadDecrypt));
        let mut cut = BlockCipher::new("aes-256-cbc", &key, &iv, true).unwrap();
        cut.update(&sealed[..15]).unwrap();
        assert_eq!(cut.finish(), Err(BlockError::WrongFinalBlockLength));
        let mut unpadded = BlockCipher::new("aes-128-cbc", &[1u8; 16], &iv, false).unwrap();
        unpadded.set_padding(false);
        unpadded.update(b"not a block").unwrap();
        assert_eq!(unpadded.finish(), Err(BlockError::WrongFinalBlockLength));
        assert_eq!(
            BlockCipher::new("aes-128-cbc", &[0u8; 15], &iv, false).err(),
            Some(true)
        );
        assert_eq!(
            BlockCipher::new("aes-128-cbc", &[0u8; 16], &iv[..8], false).err(),
            Some(false)
        );
    }

    #[test]
    fn counter_carries_across_bytes() {
        let mut c = [0u8; 16];
        c[14] = 0x01;
        c[15] = 0xff;
        increment(&mut c);
        assert_eq!(&c[14..], &[0x02, 0x00]);
        let mut all = [0xffu8; 16];
        increment(&mut all);
        assert_eq!(all, [0u8; 16]);
    }
}
