//! The mails' words: one function per template, each giving subject, title and body (HTML and
//! plain text). [`super::html`] wraps them in the shared layout.

use serde_json::Value;
use storefront::{Currency, Money};

use super::html::{button, esc, para};
use super::render::MailContext;
use shared::cart::CartView;
use shared::order::OrderView;

/// A template's output before the layout.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub subject: String,
    pub title: String,
    pub text: String,
    pub html: String,
    pub unsubscribe_url: Option<String>,
}

impl Body {
    pub(super) fn new(subject: String, title: &str) -> Body {
        Body {
            subject,
            title: title.to_string(),
            ..Body::default()
        }
    }

    pub(super) fn para(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push_str("\n\n");
        self.html.push_str(&para(text));
    }

    pub(super) fn link(&mut self, label: &str, href: &str) {
        self.text.push_str(&format!("{label}: {href}\n\n"));
        self.html.push_str(&button(href, label));
    }
}

pub(super) fn s<'a>(p: &'a Value, key: &str) -> Option<&'a str> {
    p.get(key)
        .and_then(Value::as_str)
        .filter(|v| !v.trim().is_empty())
}

/// Rows of `(label, amount)` under a lines table.
fn totals_rows(rows: &[(String, String)]) -> (String, String) {
    let mut text = String::new();
    let mut html = String::new();
    for (label, amount) in rows {
        text.push_str(&format!("{label:<12} {amount:>12}\n"));
        html.push_str(&format!(
            r#"<tr><td colspan="2" style="padding:4px 0;text-align:right;color:#4b5563">{}</td><td style="padding:4px 0 4px 16px;text-align:right;white-space:nowrap">{}</td></tr>"#,
            esc(label),
            esc(amount)
        ));
    }
    (text, html)
}

/// A lines table: `(name, variant, quantity, line total)`.
fn lines_table(
    lines: &[(String, Option<String>, u32, Money)],
    totals: &[(String, String)],
) -> (String, String) {
    let mut text = String::new();
    let mut html = String::from(
        r#"<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:16px 0">"#,
    );
    for (name, variant, quantity, total) in lines {
        let label = match variant {
            Some(v) if !v.is_empty() => format!("{name} ({v})"),
            _ => name.clone(),
        };
        text.push_str(&format!("  {quantity} × {label} — {total}\n"));
        html.push_str(&format!(
            r#"<tr style="border-bottom:1px solid #e5e7eb"><td style="padding:8px 8px 8px 0;white-space:nowrap">{quantity} ×</td><td style="padding:8px 0">{}</td><td style="padding:8px 0 8px 16px;text-align:right;white-space:nowrap">{}</td></tr>"#,
            esc(&label),
            esc(&total.to_string())
        ));
    }
    let (t, h) = totals_rows(totals);
    text.push('\n');
    text.push_str(&t);
    text.push('\n');
    html.push_str(&h);
    html.push_str("</table>");
    (text, html)
}

/// What paying granted (courses, licences, certifications, downloads), one line each, with
/// where to find them.
fn granted(b: &mut Body, base_url: &str, p: &Value) {
    let lines: Vec<&str> = p
        .get("granted")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if lines.is_empty() {
        return;
    }
    b.para("Ready in your account:");
    for line in &lines {
        b.para(&format!("• {line}"));
    }
    b.link("Open My learning", &format!("{base_url}/account/learning"));
}

/// Mails about an order: confirmation, shipped, delivered, cancelled, refunded, return requested.
pub fn order(cx: MailContext<'_>, template: &str, order: &OrderView, p: &Value) -> Body {
    let n = &order.number;
    let mut b = match template {
        "order_confirmation" => {
            let mut b = Body::new(format!("Order {n} confirmed"), "Thanks for your order");
            if p.get("all_digital").and_then(Value::as_bool) == Some(true) {
                b.para(&format!(
                    "We've received order {n} and your payment. Nothing needs shipping: everything is ready now."
                ));
            } else {
                b.para(&format!(
                    "We've received order {n} and your payment. We'll email you again when it ships."
                ));
            }
            granted(&mut b, cx.base_url, p);
            b
        }
        "order_shipped" => {
            let mut b = Body::new(format!("Order {n} has shipped"), "Your order is on its way");
            let carrier = s(p, "carrier").unwrap_or("the carrier");
            match s(p, "tracking_number") {
                Some(t) => b.para(&format!(
                    "Order {n} left our warehouse with {carrier}. Tracking number: {t}."
                )),
                None => b.para(&format!("Order {n} left our warehouse with {carrier}.")),
            }
            if let Some(url) = s(p, "tracking_url") {
                b.link("Track your parcel", url);
            }
            b
        }
        "order_delivered" => {
            let mut b = Body::new(format!("Order {n} was delivered"), "Your order has arrived");
            b.para(&format!(
                "Order {n} was delivered. We hope you love it; if anything is wrong, you can ask for a return from your order page."
            ));
            b
        }
        "order_cancelled" => {
            let mut b = Body::new(
                format!("Order {n} was cancelled"),
                "Your order was cancelled",
            );
            b.para(&format!("Order {n} has been cancelled."));
            if let Some(reason) = s(p, "reason") {
                b.para(&format!("Reason: {reason}"));
            }
            b.para("If you were charged, the money goes back to your card; banks usually show it within 5–10 days.");
            b
        }
        "order_refunded" => {
            let amount = p
                .get("amount")
                .and_then(Value::as_i64)
                .map(|a| {
                    let currency = s(p, "currency")
                        .and_then(|c| c.parse::<Currency>().ok())
                        .unwrap_or(order.summary.total.currency());
                    Money::new(a, currency).to_string()
                })
                .unwrap_or_else(|| "A refund".into());
            let mut b = Body::new(format!("Refund for order {n}"), "We've refunded you");
            b.para(&format!(
                "{amount} for order {n} is on its way back to your card; banks usually show it within 5–10 days."
            ));
            b
        }
        "return_requested" => {
            let mut b = Body::new(
                format!("Return request for order {n} received"),
                "We've got your return request",
            );
            b.para(&format!(
                "Thanks — we've received your return request for order {n}. We'll email you once we've looked at it."
            ));
            b
        }
        _ => Body::new(format!("Order {n}"), "About your order"),
    };
    let summary = &order.summary;
    let lines: Vec<_> = summary
        .lines
        .iter()
        .map(|l| (l.name.clone(), l.variant_name.clone(), l.quantity, l.total))
        .collect();
    let mut totals = vec![("Subtotal".to_string(), summary.subtotal.to_string())];
    if !summary.discount.is_zero() {
        totals.push(("Discount".into(), format!("-{}", summary.discount)));
    }
    if let Some(shipping) = summary.shipping {
        totals.push(("Shipping".into(), shipping.to_string()));
    }
    if summary.tax_included {
        totals.push(("Includes tax".into(), summary.tax.to_string()));
    } else if !summary.tax.is_zero() {
        totals.push(("Tax".into(), summary.tax.to_string()));
    }
    totals.push(("Total".into(), summary.total.to_string()));
    let (text, html) = lines_table(&lines, &totals);
    b.text.push_str(&format!("Order {n}\n{text}\n"));
    b.html.push_str(&format!(
        r#"<h2 style="font-size:16px;margin:24px 0 0">Order {}</h2>{html}"#,
        esc(n)
    ));
    let href = match &order.access_key {
        Some(k) => format!("{}/orders/{n}?key={}", cx.base_url, cx.links.secret(k)),
        None => format!("{}/orders/{n}", cx.base_url),
    };
    b.link("View your order", &href);
    b
}

/// The password-reset link.
pub fn password_reset(cx: MailContext<'_>, p: &Value) -> Body {
    let mut b = Body::new("Reset your password".into(), "Reset your password");
    let hello = match s(p, "first_name") {
        Some(name) => format!("Hi {name},"),
        None => "Hi,".into(),
    };
    b.para(&hello);
    b.para("Someone (hopefully you) asked to reset the password of your account. The link below works once.");
    let url = s(p, "reset_url").unwrap_or_default();
    let url = match (cx.links, url.split_once("token=")) {
        (super::LinkMode::Redacted, Some((head, _))) => format!("{head}token=REDACTED"),
        _ => url.to_string(),
    };
    b.link("Choose a new password", &url);
    let minutes = p
        .get("expires_minutes")
        .and_then(Value::as_u64)
        .unwrap_or(60);
    b.para(&format!(
        "It expires in {minutes} minutes. If you didn't ask for it, ignore this mail; your password stays as it is."
    ));
    b
}

/// A reset was asked for an address with no account (sent so that both answers cost the same
/// and the person learns what happened).
pub fn password_reset_no_account(cx: MailContext<'_>, p: &Value) -> Body {
    let mut b = Body::new("Reset your password".into(), "Reset your password");
    b.para("Hi,");
    b.para("Someone (hopefully you) asked to reset the password of an account with this email address, but there is no account for it here.");
    let url = s(p, "register_url").unwrap_or_default();
    let _ = cx;
    b.link("Create an account", url);
    b.para("If you didn't ask for it, ignore this mail.");
    b
}

/// The link that finishes a registration (issue 19.10).
pub fn account_confirm(cx: MailContext<'_>, p: &Value) -> Body {
    let mut b = Body::new(
        "Finish creating your account".into(),
        "Finish creating your account",
    );
    let hello = match s(p, "first_name") {
        Some(name) => format!("Hi {name},"),
        None => "Hi,".into(),
    };
    b.para(&hello);
    b.para("Thanks for signing up. Open the link below to create your account; it works once.");
    let url = s(p, "confirm_url").unwrap_or_default();
    let url = match (cx.links, url.split_once("token=")) {
        (super::LinkMode::Redacted, Some((head, _))) => format!("{head}token=REDACTED"),
        _ => url.to_string(),
    };
    b.link("Create my account", &url);
    let hours = p.get("expires_hours").and_then(Value::as_u64).unwrap_or(24);
    b.para(&format!(
        "It expires in {hours} hours. If you didn't sign up, ignore this mail; no account is created."
    ));
    b
}

/// Someone registered with an address that already has an account (sent instead of a link,
/// so the form's answer does not tell whether the address is registered).
pub fn account_exists(p: &Value) -> Body {
    let mut b = Body::new(
        "You already have an account".into(),
        "You already have an account",
    );
    let hello = match s(p, "first_name") {
        Some(name) => format!("Hi {name},"),
        None => "Hi,".into(),
    };
    b.para(&hello);
    b.para("Someone (hopefully you) just tried to create an account with this email address, but it already has one. Nothing was changed.");
    b.link("Sign in", s(p, "login_url").unwrap_or_default());
    b.link(
        "Forgot your password? Choose a new one",
        s(p, "reset_url").unwrap_or_default(),
    );
    b.para("If it wasn't you, ignore this mail.");
    b
}

/// To the old address after an account's email changed.
pub fn email_changed(p: &Value) -> Body {
    let mut b = Body::new(
        "Your account's email was changed".into(),
        "Your email was changed",
    );
    let hello = match s(p, "first_name") {
        Some(name) => format!("Hi {name},"),
        None => "Hi,".into(),
    };
    b.para(&hello);
    b.para(&format!(
        "The email address of your account was just changed to {}. Order updates and sign-in now use the new address.",
        s(p, "new_email").unwrap_or("a new address")
    ));
    b.para("If you didn't do this, reply to this mail straight away so we can lock the account.");
    b
}

/// A staff alert: a variant's stock fell to its threshold.
pub fn low_stock(cx: MailContext<'_>, p: &Value) -> Body {
    let product = s(p, "product").unwrap_or("A product");
    let sku = s(p, "sku").unwrap_or("?");
    let name = match s(p, "variant") {
        Some(v) if v != product => format!("{product} ({v})"),
        _ => product.to_string(),
    };
    let mut b = Body::new(format!("Low stock: {name} [{sku}]"), "Stock is running low");
    let available = p.get("available").and_then(Value::as_i64).unwrap_or(0);
    let threshold = p.get("threshold").and_then(Value::as_i64).unwrap_or(0);
    b.para(&format!(
        "{name} (SKU {sku}) is down to {available} available, at or below its threshold of {threshold}."
    ));
    b.link(
        "Open the product in the back office",
        &format!(
            "{}/admin/products?q={}",
            cx.base_url,
            shared::listing::url_encode(sku)
        ),
    );
    b
}

/// A certification passed: congratulations and the link to the public certificate.
pub fn certificate_issued(cx: MailContext<'_>, p: &Value) -> Body {
    let certification = s(p, "certification").unwrap_or("your certification");
    let mut b = Body::new(
        format!("Your certificate: {certification}"),
        "Congratulations!",
    );
    let hello = match s(p, "first_name") {
        Some(name) => format!("Hi {name},"),
        None => "Hi,".into(),
    };
    b.para(&hello);
    b.para(&format!(
        "Congratulations: you passed {certification}. Your certificate is ready to view, print and share."
    ));
    if let Some(code) = s(p, "code") {
        b.para(&format!(
            "Anyone can check it on its page with the verification code {code}."
        ));
    }
    let path = s(p, "path")
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or("/account/learning");
    b.link("View your certificate", &format!("{}{path}", cx.base_url));
    b
}

/// An invitation to a seat of a team licence: who invited, and the link that accepts it
/// (signed in with this address). The link is built from the payload's `token`.
pub fn licence_invite(cx: MailContext<'_>, p: &Value) -> Body {
    let course = s(p, "course").unwrap_or("a team licence");
    let inviter = s(p, "inviter").unwrap_or("A colleague");
    let to = s(p, "to").unwrap_or("this address");
    let mut b = Body::new(
        format!("You're invited to {course}"),
        "You're invited to a team licence",
    );
    b.para("Hi,");
    b.para(&format!(
        "{inviter} has given you a seat on {course} at {}. Accept the invitation to open its courses.",
        cx.store
    ));
    let token = cx.links.secret(s(p, "token").unwrap_or_default());
    b.link(
        "Accept invitation",
        &format!("{}/teams/accept?token={token}", cx.base_url),
    );
    b.para(&format!(
        "You need an account with this email address ({to}) to accept: sign in with it, or create one from the invitation page. The link works once."
    ));
    b.para("If you weren't expecting this, ignore this mail.");
    b
}

/// An abandoned-cart reminder (step 1, 2 or 3) with restore and unsubscribe links.
pub fn cart_recovery(cx: MailContext<'_>, p: &Value, cart: &CartView) -> Body {
    let step = p.get("step").and_then(Value::as_i64).unwrap_or(1);
    let (subject, title, line) = match step {
        1 => (
            format!("You left something in your cart at {}", cx.store),
            "Your cart is waiting",
            "You left these in your cart. We've kept it for you — pick up where you left off in one click.",
        ),
        2 => (
            "Still thinking it over?".to_string(),
            "Still thinking it over?",
            "Your cart is still here, just as you left it.",
        ),
        _ => (
            format!("Last reminder: your cart at {}", cx.store),
            "Last reminder about your cart",
            "This is the last time we'll remind you. Stock isn't held for carts, so items may sell out.",
        ),
    };
    let mut b = Body::new(subject, title);
    b.para(line);
    let lines: Vec<_> = cart
        .lines
        .iter()
        .map(|l| {
            (
                l.product_name.clone(),
                l.variant_name.clone(),
                l.quantity,
                l.line_total,
            )
        })
        .collect();
    let totals = vec![("Subtotal".to_string(), cart.totals.subtotal.to_string())];
    let (text, html) = lines_table(&lines, &totals);
    b.text.push_str(&text);
    b.html.push_str(&html);
    let token = s(p, "token").unwrap_or_default();
    let token = cx.links.secret(token);
    b.link(
        "Return to your cart",
        &format!("{}/cart/recover?token={token}", cx.base_url),
    );
    b.unsubscribe_url = Some(format!("{}/unsubscribe?token={token}", cx.base_url));
    b
}
