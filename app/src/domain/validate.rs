//! Input rules shared by every form: the browser shows the same message the server enforces.

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;
/// What a new password must be, said where one is chosen (the server also refuses common
/// and guessable ones).
pub const PASSWORD_HINT: &str = "At least 12 characters, and not a common one.";
pub const NAME_MAX: usize = 120;

/// Trims and lower-cases an email so that lookups and uniqueness ignore case.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately plain check: one `@`, something before it, a dotted domain after it,
/// no spaces. Real validation is the invitation email arriving.
pub fn email(email: &str) -> Result<(), String> {
    let email = email.trim();
    let ok = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if ok {
        Ok(())
    } else {
        Err("Enter a valid email address, like name@example.com.".into())
    }
}

pub fn name(name: &str) -> Result<(), String> {
    let n = name.trim().chars().count();
    if n == 0 {
        Err("Enter a name.".into())
    } else if name.chars().any(char::is_control) {
        // Names go into email subjects: a line break there would forge headers.
        Err("A name cannot contain line breaks or control characters.".into())
    } else if n > NAME_MAX {
        Err(format!("Keep the name under {NAME_MAX} characters."))
    } else {
        Ok(())
    }
}

pub fn password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        Err(format!(
            "Use at least {PASSWORD_MIN} characters for the password."
        ))
    } else if n > PASSWORD_MAX {
        Err(format!(
            "Keep the password under {PASSWORD_MAX} characters."
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "a@b.co",
            "first.last+tag@sub.example.com",
            "  ana@roster.example ",
        ] {
            assert!(email(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "plain",
            "@x.com",
            "a@",
            "a@b",
            "a b@c.com",
            "a@@b.com",
            "a@.com",
            "a@b.",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn normalizes_case_and_space() {
        assert_eq!(
            normalize_email("  Ana@Roster.Example "),
            "ana@roster.example"
        );
    }

    #[test]
    fn the_password_hint_says_the_rule() {
        assert!(PASSWORD_HINT.contains(&PASSWORD_MIN.to_string()));
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        assert!(password(&"é".repeat(PASSWORD_MIN - 1)).is_err());
        assert!(password(&"é".repeat(PASSWORD_MIN)).is_ok());
        assert!(password(&"x".repeat(PASSWORD_MAX + 1)).is_err());
    }

    #[test]
    fn names_must_have_content() {
        assert!(name("   ").is_err());
        assert!(name("Ana\r\nBcc: x@evil.example").is_err());
        assert!(name("Ana\tB").is_err());
        assert!(name("Ana").is_ok());
        assert!(name(&"x".repeat(NAME_MAX + 1)).is_err());
    }

    proptest! {
        #[test]
        fn validators_never_panic(s in ".*") {
            let _ = email(&s);
            let _ = name(&s);
            let _ = password(&s);
            prop_assert_eq!(normalize_email(&s), normalize_email(&normalize_email(&s)));
        }
    }
}

/// A post-login destination taken from the URL, only if it stays on this site: a path of
/// visible ASCII (browsers drop tabs and newlines, turning `/\t/evil` into `//evil`), never
/// `//host`, `/\host` or an absolute URL. No open redirects.
pub fn safe_next_path(next: Option<&str>) -> Option<&str> {
    next.filter(|p| {
        p.starts_with('/')
            && p.bytes().all(|b| b.is_ascii_graphic())
            && !p.starts_with("//")
            && !p.contains('\\')
            && !p.contains("://")
    })
}

#[cfg(test)]
mod next_path_tests {
    use super::safe_next_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next_path(Some("/team")), Some("/team"));
        assert_eq!(
            safe_next_path(Some("/campaigns?status=active")),
            Some("/campaigns?status=active")
        );
        for bad in [
            "",
            "team",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/x?u=https://e",
        ] {
            assert_eq!(safe_next_path(Some(bad)), None, "{bad}");
        }
        assert_eq!(safe_next_path(None), None);
    }
}
