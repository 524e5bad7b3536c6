//! The error type server functions return, so pages can tell a bad request from a failure.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request itself is wrong (HTTP 400); the message tells the shopper what to fix.
    #[error("{0}")]
    BadRequest(String),
    /// The thing asked for does not exist (HTTP 404).
    #[error("{0}")]
    NotFound(String),
    /// Our fault (HTTP 500); details are in the server log, not shown.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The browser could not talk to the server function.
    #[error("We couldn't reach the shop ({0}). Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::NotFound(_) => 404,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// Logs an unexpected error and hides it from the shopper.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: impl std::fmt::Debug) -> Self {
        tracing::error!(error = ?err, "{context}");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Sets this error's HTTP status on the current response (server function or page).
    pub fn with_status(self) -> Self {
        if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(
                axum::http::StatusCode::from_u16(self.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        self
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}
