//! Layers every request passes through (see `startup::router` for their order): sessions,
//! cross-site request refusal, the staff guard, body and load limits, timing, flash
//! messages and security headers.

pub mod csrf;
pub mod flash;
pub mod limits;
pub mod security_headers;
pub mod sessions;
pub mod staff_guard;
pub mod timing;
