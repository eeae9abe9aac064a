//! argon2id password hashes. Hashing is deliberately slow, so it runs off the async threads.

use crate::error::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// Verifies `password` against `stored`. With no stored hash it still does the work of a
/// verification, so response time does not reveal which emails have accounts.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let decoy;
        let stored = match &stored {
            Some(s) => s.as_str(),
            None => {
                decoy = DECOY.get_or_init(|| {
                    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
                    Argon2::default()
                        .hash_password(b"decoy password", &salt)
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                });
                decoy.as_str()
            }
        };
        let ok = PasswordHash::new(stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        // The decoy hash never authenticates, whatever the password.
        ok && real
    })
    .await
    .unwrap_or(false)
}

static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
