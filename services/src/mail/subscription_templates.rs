//! The subscription mails: a period paid (the receipt, with its invoice), a payment refused
//! (when it is retried and until when access lasts), and the subscription ended.

use serde_json::Value;

use super::render::MailContext;
use super::templates::{Body, s};

/// A period paid: what, how much, the invoice number.
pub fn renewed(cx: MailContext<'_>, p: &Value) -> Body {
    let plan = s(p, "plan").unwrap_or("your subscription");
    let recovered = p.get("recovered").and_then(Value::as_bool) == Some(true);
    let mut b = Body::new(
        format!("Receipt: {plan}"),
        if recovered {
            "Payment received — you're all set"
        } else {
            "Your subscription renewed"
        },
    );
    b.para("Hi,");
    b.para(&format!(
        "We charged {} for {plan}, {} to {}.",
        s(p, "amount").unwrap_or("your card"),
        s(p, "period_start").unwrap_or("this period"),
        s(p, "period_end").unwrap_or("the next renewal")
    ));
    if let Some(invoice) = s(p, "invoice") {
        b.para(&format!(
            "Invoice {invoice} (order {}) is in your account, ready to print.",
            s(p, "order").unwrap_or("-")
        ));
    }
    b.link(
        "Manage your subscription",
        &format!("{}/account/subscriptions", cx.base_url),
    );
    b
}

/// A renewal refused: the reason, the next try, until when access lasts.
pub fn payment_failed(cx: MailContext<'_>, p: &Value) -> Body {
    let plan = s(p, "plan").unwrap_or("your subscription");
    let mut b = Body::new(
        format!("Action needed: payment for {plan} failed"),
        "We couldn't take your payment",
    );
    b.para("Hi,");
    b.para(&format!(
        "We tried to renew {plan} but the payment was refused: {}",
        s(p, "message").unwrap_or("your card was declined.")
    ));
    b.para(&format!(
        "We'll try again on {}. Your courses stay open until {} while we do; update your card to keep learning without a break.",
        s(p, "retry_on").unwrap_or("the next retry date"),
        s(p, "access_until").unwrap_or("the last retry")
    ));
    b.link(
        "Update your card",
        &format!("{}/account/subscriptions", cx.base_url),
    );
    b
}

/// The subscription ended: for non-payment, or at the end of the term the subscriber chose.
pub fn canceled(cx: MailContext<'_>, p: &Value) -> Body {
    let plan = s(p, "plan").unwrap_or("your subscription");
    let mut b = Body::new(
        format!("Your subscription has ended: {plan}"),
        "Your subscription has ended",
    );
    b.para("Hi,");
    match s(p, "reason") {
        Some("non_payment") => b.para(&format!(
            "We couldn't take payment for {plan} after several tries ({}), so it has been canceled and its courses are closed.",
            s(p, "message").unwrap_or("the card was declined")
        )),
        Some("staff") => b.para(&format!(
            "We have canceled {plan} as of today; contact us with any questions."
        )),
        _ => b.para(&format!(
            "{plan} ended on {} as you asked. Thank you for learning with {}.",
            s(p, "ended_on").unwrap_or("its renewal date"),
            cx.store
        )),
    }
    b.para("You can subscribe again at any time; your progress is kept.");
    b.link(
        "See the plans",
        &format!("{}/account/subscriptions", cx.base_url),
    );
    b
}
