//! Tracing: readable logs in development, JSON lines in production.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

use crate::config::AppEnv;

/// Installs the global subscriber. `RUST_LOG` overrides the default filter.
pub fn init(env: AppEnv) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,server=info,app=info,sqlx=warn,tower_http=info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match env {
        AppEnv::Production => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
        _ => registry.with(fmt::layer().compact()).try_init(),
    };
    // A second init (tests) is harmless.
    let _ = result;
}
