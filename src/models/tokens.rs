//! Secret tokens sent in links and cookies. Only their SHA-256 is stored,
//! so a copy of the database does not let anyone sign in or accept an
//! invitation.

use sha2::{Digest, Sha256};

/// Characters of a token: 43 alphanumerics carry about 256 bits.
const TOKEN_LENGTH: usize = 43;

/// A fresh token and the hash to store.
#[must_use]
pub fn new_token() -> (String, String) {
    let token = loco_rs::hash::random_string(TOKEN_LENGTH);
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a token.
#[must_use]
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Compares two secrets in time that does not depend on where they differ.
#[must_use]
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |diff, (x, y)| diff | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let (token, hash) = new_token();
        let (other, _) = new_token();

        assert_eq!(token.len(), 43);
        assert_ne!(token, other);
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, hash_token(&token));
        assert!(same_secret(&token, &token.clone()));
        assert!(!same_secret(&token, &other));
    }
}
