//! Accounts and sign-in: password hashing and rules, sessions, throttling, password resets.
//! Server functions and REST handlers both call these.

pub mod accounts;
pub mod client_ip;
pub mod password;
pub mod policy;
pub mod reset;
pub mod session;
pub mod throttle;
pub mod tokens;

pub use accounts::{load_user, login, logout, register};
pub use session::{SessionData, current_user};
