//! The operator's commands: `server` alone serves Roster; `server admin …` manages
//! organizations and accounts from the server's terminal, for scripted installs and for
//! whoever locked themselves out.

use crate::config::Config;
use app::domain::clock::Clock;
use app::error::AppError;
use app::organization::{FirstAdmin, OrganizationSettings};
use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal};

#[derive(Debug, Parser)]
#[command(
    name = "server",
    about = "Roster's server. With no command it serves the app (configured by ROSTER_* variables, see README.md)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Organizations and their accounts, on the database of DATABASE_URL.
    #[command(subcommand)]
    Admin(Admin),
    /// Copies the database (SQLite, while the server runs) and the uploaded media into a
    /// new directory. On PostgreSQL, dump the database with pg_dump; this copies the media.
    Backup {
        /// A new or empty directory.
        dir: std::path::PathBuf,
    },
    /// Puts a backup back into the data directory (ROSTER_DATA_DIR), which must have no
    /// database yet; then start the server on it.
    Restore {
        /// A directory written by `server backup`.
        dir: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum Admin {
    /// Creates an organization with its first admin. The password is asked for on the
    /// terminal, or read as the first line of standard input.
    Create {
        /// The organization's name.
        #[arg(long)]
        org: String,
        /// The admin's name.
        #[arg(long)]
        name: String,
        /// The admin's email, to sign in with.
        #[arg(long)]
        email: String,
        /// The currency new campaigns start in.
        #[arg(long, default_value = "EUR")]
        currency: String,
        /// The IANA time zone of dates and reminders, e.g. Europe/Paris.
        #[arg(long, default_value = "UTC")]
        time_zone: String,
    },
    /// Sets a new password for an account and ends all its sessions. The password is asked
    /// for on the terminal, or read as the first line of standard input.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

/// Runs a command; answers what to print.
pub async fn run(config: &Config, command: Command) -> Result<String, String> {
    match command {
        Command::Backup { dir } => {
            let copied = crate::backup::backup(config, &dir).await?;
            let database = if copied.database {
                "the database and "
            } else {
                "(PostgreSQL: dump the database with pg_dump, see README.md) "
            };
            Ok(format!(
                "Backed up {database}{} media files into {}.",
                copied.media_files,
                dir.display()
            ))
        }
        Command::Restore { dir } => {
            let copied = crate::backup::restore(config, &dir).await?;
            Ok(format!(
                "Restored {}{} media files into {}. Start the server on it.",
                if copied.database {
                    "the database and "
                } else {
                    ""
                },
                copied.media_files,
                config.data_dir.display()
            ))
        }
        Command::Admin(admin) => run_admin(config, admin).await,
    }
}

async fn run_admin(config: &Config, command: Admin) -> Result<String, String> {
    // The database only: a server may be running on it (its uploads, queues and streams
    // are its own).
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
    }
    let db = crate::db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    crate::db::migrate(&db).await.map_err(|e| e.to_string())?;
    let now = Clock::system().now();
    let shown = |e: AppError| match e {
        AppError::Invalid(problems) => problems
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    };
    match command {
        Admin::Create {
            org,
            name,
            email,
            currency,
            time_zone,
        } => {
            let password = read_password()?;
            let settings = OrganizationSettings {
                name: org,
                currency,
                time_zone,
                admins_need_two_factor: false,
            };
            let admin = FirstAdmin {
                name,
                email,
                password,
            };
            let (org, admin) = app::organization::ssr::create(&db, now, settings, admin)
                .await
                .map_err(shown)?;
            Ok(format!(
                "Created {} with its admin {}. Sign in at {}/login",
                org.name, admin.email, config.public_url
            ))
        }
        Admin::ResetPassword { email } => {
            let password = read_password()?;
            let account = app::auth::ssr::reset::set_by_operator(&db, now, &email, &password)
                .await
                .map_err(shown)?;
            Ok(format!(
                "The password of {} is set; every session of the account has ended.",
                account.email
            ))
        }
    }
}

/// A new password: typed twice on a terminal (not shown), else the first line of standard
/// input (a script's pipe).
fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Once more: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("The two passwords differ; nothing was changed.".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\n', '\r']).to_string())
    }
}
