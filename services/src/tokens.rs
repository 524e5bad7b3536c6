//! Random tokens (carts, password resets) and their stored hashes.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes as 64 lower-case hex characters.
pub fn random_token() -> String {
    random_hex(32)
}

/// `n` random bytes as `2n` lower-case hex characters (ids for files, visitors).
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// SHA-256 of a token, hex encoded: what the database keeps instead of the token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// True for a string that could be one of our tokens (cheap rejection of junk input).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_hash_stably() {
        let t = random_token();
        assert!(looks_like_token(&t));
        assert_ne!(t, random_token());
        assert_eq!(token_hash("abc"), token_hash("abc"));
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
