//! The Roster server: configuration, database, sessions, routes and background jobs around
//! the Leptos app. `main.rs` only reads the configuration and calls [`run`].

pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod fuzz;
pub mod jobs;
pub mod mail;
pub mod routes;
pub mod session_store;

use app::domain::clock::Clock;
use app::platform::sessions::SessionLookup;
use app::platform::state::{AppState, Settings};
use app::realtime::bus::EventBus;
use config::Config;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("cannot open the database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("cannot prepare the first organization (demo or setup link): {0}")]
    Demo(app::error::AppError),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("the Leptos configuration is invalid: {0}")]
    Leptos(String),
    #[error("cannot set up email: {0}")]
    Mail(#[from] mail::MailError),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// Connects, migrates and builds the shared state.
pub async fn prepare(config: &Config, clock: Clock) -> Result<AppState, StartError> {
    private_dir(&config.data_dir)
        .map_err(|e| StartError::DataDir(config.data_dir.display().to_string(), e))?;
    app::deliverables::ssr::files::clear_partials(&config.data_dir);
    let db = db::connect(&config.database_url).await?;
    db::migrate(&db).await?;
    let events = EventBus::new();
    if !config.is_sqlite() {
        app::realtime::relay::start(&db, &events).await?;
    }
    Ok(AppState {
        sessions: SessionLookup::start(db.clone()),
        streams: Default::default(),
        background: Default::default(),
        db,
        clock,
        settings: Arc::new(Settings {
            public_url: config.public_url.clone(),
            trust_proxy: config.trust_proxy,
            data_dir: config.data_dir.clone(),
            upload_limit: config.upload_limit_mb * 1_000_000,
            user_quota: config.user_quota_mb * 1_000_000,
            disk_reserve: config.disk_reserve_mb * 1_000_000,
            mail_server: config.smtp.is_some(),
        }),
        events,
    })
}

/// Creates the data directory (the database, uploaded media) readable by this server's
/// user alone, and closes an existing one to everyone else: it holds creators' addresses,
/// payment details and tax ids.
pub fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// The Leptos options: file locations come from cargo-leptos (or its defaults); the address
/// is ours.
pub fn leptos_options(config: &Config) -> Result<LeptosOptions, StartError> {
    let mut options = leptos::config::get_configuration(None)
        .map_err(|e| StartError::Leptos(e.to_string()))?
        .leptos_options;
    options.site_addr = config.bind;
    Ok(options)
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let state = prepare(&config, Clock::system()).await?;
    let demo = match config.seeds_demo() {
        Ok(demo) => demo,
        Err(why) => {
            tracing::warn!("{why}");
            false
        }
    };
    if demo {
        let now = state.clock.now();
        if demo::seed_if_empty(&state.db, now, true)
            .await
            .map_err(StartError::Demo)?
        {
            tracing::info!("seeded the demo organization");
            if config.simulator {
                demo::start_simulator(&state.db)
                    .await
                    .map_err(StartError::Demo)?;
                tracing::info!("the demo's metrics simulator is on (switch it on the dashboard)");
            }
        }
    }
    let setup_link =
        app::organization::ssr::issue_setup_link(&state.db, &config.public_url, state.clock.now())
            .await
            .map_err(StartError::Demo)?;
    let mailer = config.smtp.as_ref().map(mail::Mailer::new).transpose()?;
    if mailer.is_none() {
        tracing::info!("SMTP is not configured: emails wait in the outbox (Team page)");
    }
    jobs::start(
        &state,
        config.data_dir.clone(),
        config.public_url.clone(),
        mailer,
        jobs::Periods::default(),
    );

    let app = routes::router(
        state.clone(),
        leptos_options(&config)?,
        config.secure_cookies,
    );
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| StartError::Bind(config.bind, e))?;

    println!("\nRoster is running at {}", config.public_url);
    if let Some(link) = setup_link {
        println!(
            "\nThis server has no organization yet. Open this link to set one up (it works once;\n\
             a restart prints a new one):\n\n    {link}\n\n\
             or create it from a terminal: server admin create --org \"Your brand\" --name \"Your name\" --email you@example.com\n"
        );
    } else if demo && let Ok(Some(logins)) = demo::logins(&state.db).await {
        println!("{logins}");
    }
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(StartError::Serve)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_data_directory_is_private_to_the_server() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("roster_private_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        super::private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        let fresh = dir.join("fresh");
        super::private_dir(&fresh).unwrap();
        let fresh_mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!((mode, fresh_mode), (0o700, 0o700));
    }
}
