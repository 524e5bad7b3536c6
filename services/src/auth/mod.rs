//! Accounts: registering by emailed link, signing in and out, password hashing, rules and
//! resets, profile changes. Sessions, throttles, tokens and client addresses sit below, in
//! `crate::{session, throttle, tokens, client_ip}`, so carts and checkout need not depend on
//! accounts.

pub mod accounts;
pub mod password;
pub mod policy;
pub mod reset;
pub mod signup;

pub use accounts::{login, logout};
pub use signup::{confirm_signup, request_signup};
