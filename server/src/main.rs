#![recursion_limit = "512"]
//! `server` binary: runs the shop.

use std::process::ExitCode;

use server::config::{Config, SeedMode};
use server::{Application, telemetry};

const USAGE: &str = "\
Usage: server [--seed-demo]

  --seed-demo   load the demo catalog now (it loads by itself when the catalog is empty)

Configuration comes from the environment or a .env file; see README.md.";

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let mut force_seed = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--seed-demo" => force_seed = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument {other:?}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match run(force_seed).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(force_seed: bool) -> anyhow::Result<()> {
    let mut config = Config::from_env()?;
    if force_seed {
        config.seed = SeedMode::Force;
    }
    telemetry::init(config.app_env);
    let mut leptos_options = leptos::config::get_configuration(None)
        .map_err(|e| anyhow::anyhow!("reading Leptos configuration: {e}"))?
        .leptos_options;
    server::assets::apply_install_layout(&mut leptos_options);

    let app = Application::build(config.clone(), leptos_options).await?;
    print_banner(&config, &app);
    app.run_until_stopped(shutdown_signal()).await?;
    tracing::info!("shut down cleanly");
    Ok(())
}

fn print_banner(config: &Config, app: &Application) {
    let backend = app.db().backend().as_str();
    println!();
    println!("  Larkspur & Co. storefront");
    println!("  Shop:        {}/", app.base_url());
    println!(
        "  Database:    {backend} ({})",
        redact(config.database_url.expose())
    );
    if let Some(n) = app.bootstrap.seeded_products {
        println!("  Demo data:   loaded {n} products");
    }
    let secret_file = std::path::Path::new(server::demo::ADMIN_PASSWORD_FILE);
    match server::demo::admin_login_lines(&app.bootstrap.admin, config.is_production(), secret_file)
    {
        Ok(lines) => lines.iter().for_each(|l| println!("{l}")),
        Err(e) => eprintln!(
            "  Admin login: could not store the generated password ({e:#}); set ADMIN_PASSWORD and restart"
        ),
    }
    println!();
}

/// Hides the password part of a database URL.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
