//! Secret tokens for links: random, URL-safe, stored only as a hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new token and the hash to store for it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// SHA-256 in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_and_stored_as_their_sha256() {
        let (a, stored) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        let bits = URL_SAFE_NO_PAD.decode(&a).expect("URL-safe base64");
        assert_eq!(bits.len(), 32);
        assert_ne!(stored, a, "the token itself is never stored");
        assert_eq!(stored, hash_token(&a));
        // SHA-256 in lower-case hex, checked against the standard's own example (FIPS 180-2,
        // "abc"), not against this code.
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
