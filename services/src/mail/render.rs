//! Turning an outbox row's payload into a mail: loads what the template shows (the order, the
//! cart) and fills the template. Used by the sender and by the back office's preview.

use serde_json::Value;

use super::templates::{self, Body};
use crate::db::Db;
use shared::errors::AppError;

/// Real links (to send) or links with their secrets blanked (what the back office shows and
/// what is logged in `emails_sent`: staff never see a customer's reset or restore token).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkMode {
    Real,
    Redacted,
}

impl LinkMode {
    /// `secret`, or a placeholder in [`LinkMode::Redacted`].
    pub fn secret(self, secret: &str) -> &str {
        match self {
            LinkMode::Real => secret,
            LinkMode::Redacted => "REDACTED",
        }
    }
}

/// A rendered mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub template: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub unsubscribe_url: Option<String>,
    pub order_id: Option<i64>,
}

/// Why a payload could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The payload is wrong or what it names is gone: sending again will not help.
    #[error("{0}")]
    Unrenderable(String),
    /// The database failed; try again later.
    #[error(transparent)]
    Db(#[from] AppError),
}

/// What every template needs besides its payload.
#[derive(Clone, Copy, Debug)]
pub struct MailContext<'a> {
    pub store: &'a str,
    /// Absolute base of links, e.g. `https://shop.example`, without trailing slash.
    pub base_url: &'a str,
    pub links: LinkMode,
}

fn field<'a>(p: &'a Value, key: &str) -> Option<&'a str> {
    p.get(key).and_then(Value::as_str)
}

fn need<'a>(p: &'a Value, key: &str) -> Result<&'a str, RenderError> {
    field(p, key)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| RenderError::Unrenderable(format!("the payload has no {key:?}")))
}

/// Renders the outbox payload `payload` (its `template` names the template).
pub async fn render(
    db: &Db,
    cx: MailContext<'_>,
    payload: &Value,
) -> Result<Rendered, RenderError> {
    let template = need(payload, "template")?.to_string();
    let to = need(payload, "to")?.to_string();
    let mut order_id = None;
    let body: Body = match template.as_str() {
        "order_confirmation" | "order_shipped" | "order_delivered" | "order_cancelled"
        | "order_refunded" | "return_requested" => {
            let number = need(payload, "number")?;
            let (order, _) = crate::checkout::load_order(db, number)
                .await?
                .ok_or_else(|| RenderError::Unrenderable(format!("order {number} is gone")))?;
            order_id = payload.get("order_id").and_then(Value::as_i64);
            templates::order(cx, &template, &order, payload)
        }
        "password_reset" => templates::password_reset(cx, payload),
        "account_confirm" => templates::account_confirm(cx, payload),
        "account_exists" => templates::account_exists(payload),
        "email_changed" => templates::email_changed(payload),
        "password_reset_no_account" => templates::password_reset_no_account(cx, payload),
        "low_stock" => templates::low_stock(cx, payload),
        "licence_invite" => templates::licence_invite(cx, payload),
        "certificate_issued" => templates::certificate_issued(cx, payload),
        "subscription_renewed" => super::subscription_templates::renewed(cx, payload),
        "subscription_payment_failed" => super::subscription_templates::payment_failed(cx, payload),
        "subscription_canceled" => super::subscription_templates::canceled(cx, payload),
        "cart_recovery" => {
            let cart_id = payload
                .get("cart_id")
                .and_then(Value::as_i64)
                .ok_or_else(|| RenderError::Unrenderable("the payload has no cart_id".into()))?;
            let cart = super::recovery::cart_for_mail(db, cart_id).await?;
            templates::cart_recovery(cx, payload, &cart)
        }
        other => {
            return Err(RenderError::Unrenderable(format!(
                "no template called {other:?}"
            )));
        }
    };
    let unsubscribe = body.unsubscribe_url.as_deref();
    Ok(Rendered {
        text: super::html::text_page(cx.store, cx.base_url, &body.title, &body.text, unsubscribe),
        html: super::html::page(cx.store, cx.base_url, &body.title, &body.html, unsubscribe),
        subject: body.subject,
        unsubscribe_url: body.unsubscribe_url,
        template,
        to,
        order_id,
    })
}
