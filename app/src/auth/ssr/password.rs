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

/// A new password, checked before it is kept: the length rule every form shows, then a
/// strength estimate (zxcvbn) that refuses common and breached passwords, keyboard walks,
/// dates and anything built from `about_the_user` (their name, email, organization), with
/// the estimator's reason.
pub fn check_new(password: &str, about_the_user: &[&str]) -> Result<(), String> {
    crate::domain::validate::password(password)?;
    // Each input whole, word by word, and its words run together ("Maya Chen" gives
    // "maya", "chen" and "mayachen"), so a password made of them is seen through.
    let mut words: Vec<String> = Vec::new();
    for input in about_the_user {
        let lower = input.to_lowercase();
        let parts: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.push(parts.concat());
        words.extend(parts.iter().map(|w| w.to_string()));
        words.push(lower.clone());
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let why = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!("{w} "))
        .unwrap_or_default();
    Err(format!(
        "{why}This password would be guessed too easily: add words of your own, or choose a longer one."
    ))
}

#[cfg(test)]
mod tests {
    use super::check_new;

    #[test]
    fn common_guessable_and_personal_passwords_are_refused_with_a_reason() {
        for weak in [
            "password1234",
            "qwertyuiop123",
            "123456789012",
            "aaaaaaaaaaaa",
            "Password2026",
        ] {
            let why = check_new(weak, &[]).expect_err(weak);
            assert!(why.contains("guessed too easily"), "{weak}: {why}");
        }
        // Long enough, but made of the user's own name and email.
        assert!(check_new("mayachen2026", &["Maya Chen", "maya.chen@brand.example"]).is_err());
        assert!(check_new("short", &[]).unwrap_err().contains("at least 12"));
        for strong in [
            "correct horse battery staple",
            "violet-harbor-ninety-kettle",
        ] {
            assert_eq!(check_new(strong, &[]), Ok(()), "{strong}");
        }
    }
}
