//! Stripe Billing webhooks (`invoice.*`, `customer.subscription.*`), read from the raw JSON of
//! an event whose signature and age were already checked. The SDK's typed events follow one
//! API version; Stripe renders each event in the account's version, and invoices changed shape
//! in 2025-03-31 (`subscription` → `parent.subscription_details.subscription`, `tax` →
//! `total_taxes`, `payment_intent` → `payments`). Both shapes are read here, so a billing
//! event is never refused for a field this SDK does not expect.

use serde_json::Value;
use services::payments::{RemoteInvoice, WebhookEvent, WebhookRejected};

/// An event about a gateway-billed subscription or its invoices.
pub fn is_billing(kind: &str) -> bool {
    kind.starts_with("invoice.") || kind.starts_with("customer.subscription.")
}

/// The billing event in `payload` (already verified), or `None` when it is not one (not a JSON
/// object with a string `id` and a billing `type`). A billing event without the object it is
/// about is malformed.
pub fn billing_event(payload: &str) -> Result<Option<WebhookEvent>, WebhookRejected> {
    let Ok(event) = serde_json::from_str::<Value>(payload) else {
        return Ok(None);
    };
    let (Some(id), Some(kind)) = (text(&event, "/id"), text(&event, "/type")) else {
        return Ok(None);
    };
    if !is_billing(&kind) {
        return Ok(None);
    }
    let object = event
        .pointer("/data/object")
        .filter(|o| o.is_object())
        .ok_or_else(|| malformed("the event has no data.object"))?;
    let (subscription, invoice) = if kind.starts_with("invoice.") {
        (invoice_subscription(object), Some(invoice(object)?))
    } else {
        let id = text(object, "/id").ok_or_else(|| malformed("the subscription has no id"))?;
        (Some(id), None)
    };
    Ok(Some(WebhookEvent {
        id,
        kind,
        reference: None,
        order_number: None,
        subscription,
        invoice,
    }))
}

fn malformed(why: &str) -> WebhookRejected {
    WebhookRejected::Malformed(why.to_string())
}

/// A non-empty string at `pointer`.
fn text(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn int(v: &Value, pointer: &str) -> Option<i64> {
    v.pointer(pointer).and_then(Value::as_i64)
}

/// An expandable field: an id, or the object (with its `id`).
fn id_at(v: &Value, pointer: &str) -> Option<String> {
    match v.pointer(pointer)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        o @ Value::Object(_) => text(o, "/id"),
        _ => None,
    }
}

/// The sum of the `amount`s of the array at `pointer`, if there is one.
fn amounts(v: &Value, pointer: &str) -> Option<i64> {
    let list = v.pointer(pointer)?.as_array()?;
    Some(
        list.iter()
            .filter_map(|t| t.get("amount").and_then(Value::as_i64))
            .sum(),
    )
}

/// The subscription an invoice bills: `subscription` before 2025-03-31,
/// `parent.subscription_details.subscription` since.
fn invoice_subscription(inv: &Value) -> Option<String> {
    id_at(inv, "/subscription").or_else(|| id_at(inv, "/parent/subscription_details/subscription"))
}

fn invoice(inv: &Value) -> Result<RemoteInvoice, WebhookRejected> {
    let id = text(inv, "/id").ok_or_else(|| malformed("the invoice has no id"))?;
    // The period the invoice pays is its subscription line's: the invoice's own
    // period_start/period_end of a renewal are the period that just ended.
    let (period_start, period_end) = match (
        int(inv, "/lines/data/0/period/start"),
        int(inv, "/lines/data/0/period/end"),
    ) {
        (Some(start), Some(end)) => (start, end),
        _ => (
            int(inv, "/period_start").ok_or_else(|| malformed("the invoice has no period"))?,
            int(inv, "/period_end").ok_or_else(|| malformed("the invoice has no period"))?,
        ),
    };
    let tax = int(inv, "/tax")
        .or_else(|| amounts(inv, "/total_taxes"))
        .or_else(|| amounts(inv, "/total_tax_amounts"))
        .unwrap_or(0);
    Ok(RemoteInvoice {
        id,
        status: text(inv, "/status").unwrap_or_default(),
        amount_paid: int(inv, "/amount_paid").unwrap_or(0),
        subtotal: int(inv, "/subtotal").unwrap_or(0),
        tax,
        currency: text(inv, "/currency")
            .unwrap_or_default()
            .to_ascii_lowercase(),
        period_start,
        period_end,
        payment_reference: id_at(inv, "/payment_intent")
            .or_else(|| id_at(inv, "/payments/data/0/payment/payment_intent")),
        billing_reason: text(inv, "/billing_reason"),
        attempt_count: int(inv, "/attempt_count").unwrap_or(0),
        next_payment_attempt: int(inv, "/next_payment_attempt"),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use services::payments::PaymentGateway;

    use super::*;
    use crate::payments::stripe::{StripeConfig, StripeGateway};

    const SECRET: &str = "whsec_unit_test";

    fn event(kind: &str, object: Value) -> String {
        json!({"id": "evt_1", "object": "event", "type": kind, "data": {"object": object}})
            .to_string()
    }

    fn parsed(kind: &str, object: Value) -> WebhookEvent {
        billing_event(&event(kind, object))
            .unwrap()
            .expect("a billing event")
    }

    #[test]
    fn invoice_paid_in_the_current_api_shape() {
        let e = parsed(
            "invoice.paid",
            json!({
                "id": "in_1", "object": "invoice", "status": "paid", "currency": "USD",
                "amount_paid": 3_132, "subtotal": 2_900,
                "total_taxes": [{"amount": 200}, {"amount": 32}],
                "period_start": 1_000, "period_end": 2_000,
                "lines": {"object": "list", "data": [
                    {"id": "il_1", "period": {"start": 2_000, "end": 3_000}}
                ]},
                "parent": {"type": "subscription_details",
                           "subscription_details": {"subscription": "sub_1"}},
                "payments": {"data": [{"payment": {"type": "payment_intent",
                                                   "payment_intent": "pi_9"}}]},
                "billing_reason": "subscription_cycle", "attempt_count": 1,
                "next_payment_attempt": null
            }),
        );
        assert_eq!((e.id.as_str(), e.kind.as_str()), ("evt_1", "invoice.paid"));
        assert_eq!(e.subscription.as_deref(), Some("sub_1"));
        assert_eq!((e.reference, e.order_number), (None, None));
        assert_eq!(
            e.invoice,
            Some(RemoteInvoice {
                id: "in_1".into(),
                status: "paid".into(),
                amount_paid: 3_132,
                subtotal: 2_900,
                tax: 232,
                currency: "usd".into(),
                period_start: 2_000,
                period_end: 3_000,
                payment_reference: Some("pi_9".into()),
                billing_reason: Some("subscription_cycle".into()),
                attempt_count: 1,
                next_payment_attempt: None,
            })
        );
    }

    #[test]
    fn invoice_paid_in_the_older_api_shape() {
        let e = parsed(
            "invoice.payment_failed",
            json!({
                "id": "in_2", "status": "open", "currency": "eur",
                "amount_paid": 0, "subtotal": 2_900, "tax": 551,
                "subscription": "sub_2", "payment_intent": {"id": "pi_2", "object": "payment_intent"},
                "lines": {"data": [{"period": {"start": 5_000, "end": 6_000}}]},
                "billing_reason": "subscription_cycle", "attempt_count": 2,
                "next_payment_attempt": 7_000
            }),
        );
        assert_eq!(e.subscription.as_deref(), Some("sub_2"));
        let inv = e.invoice.unwrap();
        assert_eq!(
            (inv.tax, inv.period_start, inv.period_end),
            (551, 5_000, 6_000)
        );
        assert_eq!(inv.payment_reference.as_deref(), Some("pi_2"));
        assert_eq!(
            (inv.attempt_count, inv.next_payment_attempt),
            (2, Some(7_000))
        );

        // No lines: the invoice's own period; no tax at all: 0; an expanded subscription.
        let e = parsed(
            "invoice.paid",
            json!({
                "id": "in_3", "status": "paid", "period_start": 10, "period_end": 20,
                "tax": null, "subscription": {"id": "sub_3", "object": "subscription"}
            }),
        );
        assert_eq!(e.subscription.as_deref(), Some("sub_3"));
        let inv = e.invoice.unwrap();
        assert_eq!((inv.period_start, inv.period_end, inv.tax), (10, 20, 0));
        assert_eq!((inv.payment_reference, inv.attempt_count), (None, 0));
    }

    #[test]
    fn subscription_events_name_their_subscription() {
        let e = parsed(
            "customer.subscription.updated",
            json!({"id": "sub_7", "object": "subscription", "status": "past_due",
                   "some_field_from_the_future": {"x": 1}}),
        );
        assert_eq!(
            (e.kind.as_str(), e.subscription.as_deref()),
            ("customer.subscription.updated", Some("sub_7"))
        );
        assert_eq!(e.invoice, None);
    }

    #[test]
    fn other_or_incomplete_events() {
        let pi = event("payment_intent.succeeded", json!({"id": "pi_1"}));
        assert_eq!(billing_event(&pi), Ok(None));
        assert_eq!(billing_event("not json"), Ok(None));
        assert_eq!(
            billing_event(r#"{"type": "invoice.paid"}"#),
            Ok(None),
            "no id"
        );
        assert!(matches!(
            billing_event(r#"{"id": "evt_1", "type": "invoice.paid", "data": {}}"#),
            Err(WebhookRejected::Malformed(_))
        ));
        assert!(matches!(
            billing_event(&event("invoice.paid", json!({"status": "paid"}))),
            Err(WebhookRejected::Malformed(_))
        ));
        assert!(matches!(
            billing_event(&event("customer.subscription.deleted", json!({}))),
            Err(WebhookRejected::Malformed(_))
        ));
    }

    /// Through the gateway: the SDK cannot type this invoice (fields missing), but its
    /// signature is checked first — a forged one is refused as such, a stale one as stale, a
    /// genuine one is read from the JSON. An untyped non-billing event stays malformed.
    #[tokio::test]
    async fn signatures_are_checked_before_the_body_is_read() {
        let gateway = StripeGateway::new(&StripeConfig {
            secret_key: "sk_test_unit".into(),
            publishable_key: "pk_test_unit".into(),
            webhook_secret: Some(SECRET.into()),
            api_base: None,
        })
        .unwrap();
        let payload = event(
            "invoice.paid",
            json!({"id": "in_1", "period_start": 1, "period_end": 2,
                   "parent": {"subscription_details": {"subscription": "sub_1"}}}),
        );
        let now = chrono::Utc::now().timestamp();
        let sign = |secret: &str, at: i64| {
            stripe_webhook::Webhook::generate_test_header(&payload, secret, Some(at))
        };
        let (forged, stale, good) = (
            sign("whsec_forged", now),
            sign(SECRET, now - 600),
            sign(SECRET, now),
        );
        assert_eq!(
            gateway.parse_webhook(&payload, Some(forged.as_str())),
            Err(WebhookRejected::BadSignature)
        );
        assert_eq!(
            gateway.parse_webhook(&payload, Some(stale.as_str())),
            Err(WebhookRejected::Stale)
        );
        assert_eq!(
            gateway.parse_webhook(&payload, None),
            Err(WebhookRejected::BadSignature)
        );
        let e = gateway
            .parse_webhook(&payload, Some(good.as_str()))
            .unwrap();
        assert_eq!(e.subscription.as_deref(), Some("sub_1"));
        assert_eq!(e.invoice.map(|i| i.id), Some("in_1".to_string()));

        let other = event("payment_intent.succeeded", json!({"id": "pi_1"}));
        let header = stripe_webhook::Webhook::generate_test_header(&other, SECRET, Some(now));
        assert!(matches!(
            gateway.parse_webhook(&other, Some(header.as_str())),
            Err(WebhookRejected::Malformed(_))
        ));
    }
}
