//! Configuration from environment variables, with defaults that need no setup at all.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `ROSTER_BIND`: where the server listens.
    pub bind: SocketAddr,
    /// `ROSTER_DATA_DIR`: the SQLite database and uploads live here.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `sqlite://…` (default, under the data directory) or `postgres://…`.
    pub database_url: String,
    /// `ROSTER_PUBLIC_URL`: the address people use; links in emails start with it.
    pub public_url: String,
    /// `ROSTER_DEMO`: seed a demo organization into an empty database: `on` (default) on a
    /// loopback address only, `force` on any address, `off` never.
    pub demo: Demo,
    /// `ROSTER_SIMULATOR`: start the demo's metrics simulator when the demo is seeded
    /// (default on; it can be switched on the dashboard).
    pub simulator: bool,
    /// Session cookies marked `Secure`: on when the public URL is https.
    pub secure_cookies: bool,
    /// `ROSTER_TRUST_PROXY`: behind a reverse proxy, take the client address from
    /// `X-Forwarded-For` (default off: the header is trivially forged without a proxy).
    pub trust_proxy: bool,
    /// `ROSTER_UPLOAD_LIMIT_MB`: the largest media file a creator may upload (default 500).
    pub upload_limit_mb: u64,
    /// `ROSTER_USER_QUOTA_MB`: what one person's uploads may add up to (default 5,000).
    pub user_quota_mb: u64,
    /// `ROSTER_DISK_RESERVE_MB`: free disk uploads leave for the database (default 1,000).
    pub disk_reserve_mb: u64,
    /// `SMTP_*`: when absent, email stays in the outbox that admins read in the app.
    pub smtp: Option<Smtp>,
}

/// Whether an empty database gets the demo organization, whose passwords are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    Off,
    /// On a loopback address only.
    On,
    /// On any address: the operator asked for it by name.
    Force,
}

impl Config {
    /// Whether to seed the demo here, or why not.
    pub fn seeds_demo(&self) -> Result<bool, String> {
        match self.demo {
            Demo::Off => Ok(false),
            Demo::Force => Ok(true),
            Demo::On if self.bind.ip().is_loopback() => Ok(true),
            Demo::On => Err(format!(
                "The demo organization is not seeded: its accounts use the password published in \
                 the README, and this server listens on {}, beyond this machine. Set \
                 ROSTER_DEMO=force to seed it anyway, or ROSTER_DEMO=off to silence this.",
                self.bind
            )),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
    /// `SMTP_TLS`: `starttls` (default), `tls` (port 465) or `none` (a relay on this host).
    pub tls: SmtpTls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    StartTls,
    Tls,
    None,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("{name} is not valid: {why}")]
    Invalid { name: &'static str, why: String },
}

fn invalid(name: &'static str, why: impl ToString) -> ConfigError {
    ConfigError::Invalid {
        name,
        why: why.to_string(),
    }
}

/// An on/off variable.
fn switch(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "on" | "yes") => Ok(true),
        Some("0" | "false" | "off" | "no") => Ok(false),
        Some(other) => Err(invalid(name, format!("{other:?}: use on or off"))),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// Reads configuration through `var`, so tests need not touch the process environment.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let bind: SocketAddr = var("ROSTER_BIND")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| invalid("ROSTER_BIND", e))?;
        let data_dir = PathBuf::from(var("ROSTER_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("roster.db").display())
        });
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err(invalid(
                "DATABASE_URL",
                "use sqlite://path/to/file.db or postgres://user@host/db",
            ));
        }
        let public_url = var("ROSTER_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(invalid(
                "ROSTER_PUBLIC_URL",
                "must start with http:// or https://",
            ));
        }
        let demo = match var("ROSTER_DEMO").as_deref() {
            Some("force") => Demo::Force,
            _ => match switch(&var, "ROSTER_DEMO", true) {
                Ok(true) => Demo::On,
                Ok(false) => Demo::Off,
                Err(_) => return Err(invalid("ROSTER_DEMO", "use on, off or force")),
            },
        };
        let simulator = switch(&var, "ROSTER_SIMULATOR", true)?;
        let trust_proxy = switch(&var, "ROSTER_TRUST_PROXY", false)?;
        let megabytes = |name: &'static str, default: u64, max: u64| match var(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|mb| (1..=max).contains(mb))
                .ok_or_else(|| invalid(name, "a whole number of megabytes")),
        };
        let upload_limit_mb = megabytes("ROSTER_UPLOAD_LIMIT_MB", 500, 100_000)?;
        let user_quota_mb = megabytes("ROSTER_USER_QUOTA_MB", 5_000, 10_000_000)?;
        let disk_reserve_mb = megabytes("ROSTER_DISK_RESERVE_MB", 1_000, 10_000_000)?;
        let smtp = match var("SMTP_HOST") {
            None => None,
            Some(host) => Some(Smtp {
                host,
                // Implicit TLS listens on 465; STARTTLS and plain relays on 587.
                port: match var("SMTP_PORT") {
                    Some(port) => port.parse().map_err(|e| invalid("SMTP_PORT", e))?,
                    None if var("SMTP_TLS").as_deref() == Some("tls") => 465,
                    None => 587,
                },
                username: var("SMTP_USERNAME"),
                password: var("SMTP_PASSWORD"),
                from: var("SMTP_FROM")
                    .ok_or_else(|| invalid("SMTP_FROM", "required with SMTP_HOST"))?,
                tls: match var("SMTP_TLS").as_deref() {
                    None | Some("starttls") => SmtpTls::StartTls,
                    Some("tls") => SmtpTls::Tls,
                    Some("none") => SmtpTls::None,
                    Some(other) => {
                        return Err(invalid(
                            "SMTP_TLS",
                            format!("{other:?}: use starttls, tls or none"),
                        ));
                    }
                },
            }),
        };
        Ok(Config {
            secure_cookies: public_url.starts_with("https://"),
            bind,
            data_dir,
            database_url,
            public_url,
            demo,
            simulator,
            trust_proxy,
            upload_limit_mb,
            user_quota_mb,
            disk_reserve_mb,
            smtp,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|k| vars.get(k).cloned())
    }

    #[test]
    fn defaults_need_no_setup() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/roster.db?mode=rwc");
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert_eq!(c.seeds_demo(), Ok(true));
        assert!(!c.secure_cookies && c.smtp.is_none() && c.is_sqlite() && !c.trust_proxy);
        assert_eq!(c.upload_limit_mb, 500);
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let c = config(&[("ROSTER_PUBLIC_URL", "https://roster.example.com/")]).unwrap();
        assert!(c.secure_cookies);
        assert_eq!(c.public_url, "https://roster.example.com");
    }

    #[test]
    fn bad_values_are_named() {
        assert!(matches!(
            config(&[("ROSTER_BIND", "nowhere")]),
            Err(ConfigError::Invalid {
                name: "ROSTER_BIND",
                ..
            })
        ));
        assert!(matches!(
            config(&[("DATABASE_URL", "mysql://x")]),
            Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                ..
            })
        ));
        assert!(matches!(
            config(&[("ROSTER_DEMO", "maybe")]),
            Err(ConfigError::Invalid {
                name: "ROSTER_DEMO",
                ..
            })
        ));
        assert!(matches!(
            config(&[("SMTP_HOST", "mail")]),
            Err(ConfigError::Invalid {
                name: "SMTP_FROM",
                ..
            })
        ));
        assert!(matches!(
            config(&[
                ("SMTP_HOST", "mail"),
                ("SMTP_FROM", "a@b.c"),
                ("SMTP_TLS", "ssl")
            ]),
            Err(ConfigError::Invalid {
                name: "SMTP_TLS",
                ..
            })
        ));
    }

    #[test]
    fn demo_can_be_turned_off_and_postgres_chosen() {
        let c = config(&[
            ("ROSTER_DEMO", "off"),
            ("DATABASE_URL", "postgres://roster@localhost/roster"),
        ])
        .unwrap();
        assert!(c.demo == Demo::Off && !c.is_sqlite());
    }

    #[test]
    fn the_demo_is_seeded_beyond_loopback_only_when_forced() {
        let public = config(&[("ROSTER_BIND", "0.0.0.0:3000")]).unwrap();
        let why = public.seeds_demo().unwrap_err();
        assert!(
            why.contains("0.0.0.0:3000") && why.contains("ROSTER_DEMO=force"),
            "{why}"
        );
        let forced = config(&[("ROSTER_BIND", "0.0.0.0:3000"), ("ROSTER_DEMO", "force")]).unwrap();
        assert_eq!(forced.seeds_demo(), Ok(true));
        let off = config(&[("ROSTER_BIND", "0.0.0.0:3000"), ("ROSTER_DEMO", "off")]).unwrap();
        assert_eq!(off.seeds_demo(), Ok(false));
        let v6 = config(&[("ROSTER_BIND", "[::1]:3000")]).unwrap();
        assert_eq!(v6.seeds_demo(), Ok(true));
    }
}
