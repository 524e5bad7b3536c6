//! Accounts and sign-in: password hashing and rules, sessions, throttling, password resets, sign-up by emailed link.
//! Server functions and REST handlers both call these.

pub mod accounts;
pub mod client_ip;
pub mod password;
pub mod policy;
pub mod reset;
pub mod session;
pub mod signup;
pub mod throttle;
pub mod tokens;

pub use accounts::{load_user, login, logout};
pub use session::{SessionData, current_user};
pub use signup::{confirm_signup, request_signup};
