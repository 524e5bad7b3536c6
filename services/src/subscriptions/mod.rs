//! Learning subscriptions on the server: the cart rules (`cart_rules`), starting a
//! subscription when its first order is paid (`start`), and what a live subscription opens
//! (`access`). The state machine, periods, dunning and proration are
//! `storefront::subscription`. Imports no other feature module (learning calls in here).

pub mod access;
pub mod account;
pub mod billing_view;
pub mod card;
pub mod cart_rules;
pub mod invoice;
pub mod invoices;
pub mod record;
pub mod remote;
pub mod renew;
pub mod self_service;
pub mod start;
pub mod switch;
pub mod switch_stripe;

use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("subscription query", e)
}
