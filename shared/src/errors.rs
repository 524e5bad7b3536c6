//! The error type server functions return, so pages can tell a bad request from a failure.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request itself is wrong (HTTP 400); the message tells the shopper what to fix.
    #[error("{0}")]
    BadRequest(String),
    /// The thing asked for does not exist, or is not the caller's (HTTP 404).
    #[error("{0}")]
    NotFound(String),
    /// The caller must sign in first (HTTP 401).
    #[error("{0}")]
    Unauthorized(String),
    /// Refused: cross-site request, or not allowed for this account (HTTP 403).
    #[error("{0}")]
    Forbidden(String),
    /// Clashes with what exists, e.g. an email already registered (HTTP 409).
    #[error("{0}")]
    Conflict(String),
    /// A field of an otherwise well-formed request is invalid (HTTP 422); `field` names it.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// The payment was refused (HTTP 402); the message says why and that nothing was charged.
    #[error("{0}")]
    PaymentFailed(String),
    /// A shop rule refused the change (HTTP 409), with a stable `code` for API clients
    /// (`ALREADY_ENROLLED`, `PREREQUISITE_MISSING` …) and, when it helps, a page to go to.
    #[error("{message}")]
    Refused {
        code: String,
        message: String,
        link: Option<String>,
    },
    /// Not enough stock for some lines (HTTP 409); nothing was reserved.
    #[error("{message}")]
    OutOfStock {
        message: String,
        items: Vec<StockShortage>,
    },
    /// Throttled (HTTP 429); `retry_after` seconds until the next attempt may succeed.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: u64 },
    /// A service we depend on (the payment gateway) did not answer (HTTP 503); try again.
    #[error("{0}")]
    Unavailable(String),
    /// Our fault (HTTP 500); details are in the server log, not shown.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The browser could not talk to the server function.
    #[error("We couldn't reach the shop ({0}). Check your connection and try again.")]
    Transport(String),
}

/// A line that cannot be had in the quantity asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockShortage {
    pub variant_id: i64,
    pub name: String,
    pub requested: u32,
    pub available: u32,
}

impl AppError {
    /// A 422 naming the field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// A 400 with `message`.
    pub fn bad(message: impl Into<String>) -> Self {
        AppError::BadRequest(message.into())
    }

    /// True for errors the shopper can act on (shown as-is beside the form).
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status())
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::NotFound(_) => 404,
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::Conflict(_) | AppError::Refused { .. } | AppError::OutOfStock { .. } => 409,
            AppError::Invalid { .. } => 422,
            AppError::PaymentFailed(_) => 402,
            AppError::TooManyRequests { .. } => 429,
            AppError::Unavailable(_) => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// Logs an unexpected error and hides it from the shopper. (A failed query goes through
    /// `services::db::query_error`, which tells an exhausted pool, a 503, from a bug.)
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
            if let AppError::TooManyRequests { retry_after, .. } = &self
                && let Ok(v) = axum::http::HeaderValue::from_str(&retry_after.to_string())
            {
                resp.insert_header(axum::http::header::RETRY_AFTER, v);
            }
        }
        self
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server these mean the request's arguments could not be read: the caller's
        // mistake, so a 400 with the reason (a plain form post keeps leptos' redirect back).
        #[cfg(feature = "ssr")]
        if let ServerFnErrorErr::Args(m)
        | ServerFnErrorErr::Deserialization(m)
        | ServerFnErrorErr::MissingArg(m) = &value
        {
            let err = AppError::BadRequest(format!("We couldn't read that request: {m}"));
            return if is_form_post() {
                err
            } else {
                err.with_status()
            };
        }
        AppError::Transport(value.to_string())
    }
}

/// True when the request is a browser's own form submission (it accepts HTML), not a
/// server-function call from the hydrated app.
#[cfg(feature = "ssr")]
pub fn is_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}
