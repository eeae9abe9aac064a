//! The Roster server: configuration, database, sessions, routes and background jobs around
//! the Leptos app. `main.rs` only reads the configuration and calls [`run`].

pub mod config;
pub mod db;
pub mod demo;
pub mod jobs;
pub mod mail;
pub mod routes;
pub mod session_store;

use app::auth::ssr::lookup::SessionLookup;
use app::domain::clock::Clock;
use app::pipeline::moves::Mover;
use app::realtime::bus::EventBus;
use app::state::{AppState, Settings};
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
    #[error("cannot seed the demo data: {0}")]
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
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| StartError::DataDir(config.data_dir.display().to_string(), e))?;
    }
    app::drafts::ssr::files::clear_partials(&config.data_dir);
    let db = db::connect(&config.database_url).await?;
    db::migrate(&db).await?;
    let events = EventBus::new();
    if !config.is_sqlite() {
        app::realtime::relay::start(&db, &events).await?;
    }
    Ok(AppState {
        mover: Mover::start(db.clone(), config.public_url.clone(), events.clone()),
        sessions: SessionLookup::start(db.clone()),
        db,
        clock,
        settings: Arc::new(Settings {
            public_url: config.public_url.clone(),
            trust_proxy: config.trust_proxy,
            data_dir: config.data_dir.clone(),
            upload_limit: config.upload_limit_mb * 1_000_000,
        }),
        events,
    })
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
    if config.demo {
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
    let mailer = config.smtp.as_ref().map(mail::Mailer::new).transpose()?;
    if mailer.is_none() {
        tracing::info!("SMTP is not configured: emails wait in the outbox (Team page)");
    }
    jobs::spawn_email(
        state.db.clone(),
        state.clock.clone(),
        config.public_url.clone(),
        mailer,
    );
    jobs::spawn_housekeeping(state.db.clone());
    jobs::spawn_checkpoints(state.db.clone());
    jobs::spawn_reminders(state.db.clone(), state.clock.clone(), state.events.clone());
    jobs::spawn_simulator(state.db.clone(), state.clock.clone(), state.events.clone());

    let app = routes::router(
        state.clone(),
        leptos_options(&config)?,
        config.secure_cookies,
    );
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| StartError::Bind(config.bind, e))?;

    println!("\nRoster is running at {}", config.public_url);
    if config.demo
        && let Ok(Some(logins)) = demo::logins(&state.db).await
    {
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
