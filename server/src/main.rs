//! Reads the configuration and starts Roster. Everything else lives in the library.

use clap::Parser;
use server::cli::Cli;
use server::config::Config;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// The allocator the server runs with (glibc's contends between threads under load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("Configuration error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(command) = cli.command {
        return match server::cli::run(&config, command).await {
            Ok(done) => {
                println!("{done}");
                ExitCode::SUCCESS
            }
            Err(why) => {
                eprintln!("{why}");
                ExitCode::FAILURE
            }
        };
    }
    match server::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Roster could not start: {e}");
            ExitCode::FAILURE
        }
    }
}
