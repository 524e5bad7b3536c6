//! A fake Stripe API on port 0 for the Stripe tests: PaymentIntents (create + confirm,
//! retrieve, capture, cancel), refunds, and Stripe Billing's customers, prices and
//! subscriptions, with idempotency keys honoured the way Stripe does (same key: the first
//! answer again). Its answers carry every field async-stripe's typed objects require (a
//! missing one fails the client's parse). async-stripe is pointed at it through
//! `STRIPE_API_BASE`. PaymentMethods behave like Stripe's test ones:
//! `pm_card_visa` authorises, `pm_card_chargeDeclined` is declined,
//! `pm_card_authenticationRequired` needs 3-D Secure ([`FakeStripe::finish_3ds`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::{Value, json};

pub const WEBHOOK_SECRET: &str = "whsec_test_fake_secret";

#[derive(Default)]
struct Inner {
    intents: HashMap<String, Value>,
    /// (path, idempotency key) → the first answer.
    replies: HashMap<(String, String), (u16, Value)>,
    /// Every request: (method and path, idempotency key).
    calls: Vec<(String, Option<String>)>,
    next: u64,
    /// While true, refunds answer 500 (an outage) without doing anything.
    refunds_down: bool,
    /// Refunded minor units per PaymentIntent (each idempotency key counted once).
    refunded: HashMap<String, i64>,
    customers: HashMap<String, Value>,
    prices: HashMap<String, Value>,
    subscriptions: HashMap<String, Value>,
    /// The form each customer, price and subscription was created with, by id.
    created_with: HashMap<String, HashMap<String, String>>,
}

#[derive(Clone)]
pub struct FakeStripe {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

type Shared = Arc<Mutex<Inner>>;

/// The `metadata[…]` fields of a form.
fn metadata(form: &HashMap<String, String>) -> Value {
    Value::Object(
        form.iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("metadata[")
                    .and_then(|k| k.strip_suffix(']'))
                    .map(|k| (k.to_string(), Value::String(v.clone())))
            })
            .collect(),
    )
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn intent(id: &str, form: &HashMap<String, String>, status: &str) -> Value {
    let amount: i64 = form.get("amount").and_then(|a| a.parse().ok()).unwrap_or(0);
    let metadata = metadata(form);
    json!({
        "id": id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": if status == "requires_capture" { amount } else { 0 },
        "amount_received": 0,
        "capture_method": form.get("capture_method").cloned().unwrap_or_else(|| "automatic".into()),
        "confirmation_method": "automatic",
        "client_secret": format!("{id}_secret_fake"),
        "created": 1_764_000_000,
        "currency": form.get("currency").cloned().unwrap_or_else(|| "usd".into()),
        "description": form.get("description"),
        "livemode": false,
        "metadata": metadata,
        "payment_method": form.get("payment_method"),
        "payment_method_types": ["card"],
        "customer": form.get("customer"),
        "setup_future_usage": form.get("setup_future_usage"),
        "status": status,
    })
}

fn error(status: u16, kind: &str, code: &str, message: &str) -> (u16, Value) {
    (
        status,
        json!({"error": {"type": kind, "code": code, "message": message}}),
    )
}

fn missing() -> (u16, Value) {
    missing_a("payment_intent")
}

fn missing_a(what: &str) -> (u16, Value) {
    error(
        404,
        "invalid_request_error",
        "resource_missing",
        &format!("No such {what}"),
    )
}

fn reply((status, body): (u16, Value)) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Runs `f` once per idempotency key (a repeat gets the first answer), recording the call.
fn once(
    inner: &Shared,
    what: String,
    headers: &HeaderMap,
    f: impl FnOnce(&mut Inner) -> (u16, Value),
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut g = inner.lock().unwrap();
    g.calls.push((what.clone(), key.clone()));
    if let Some(k) = &key
        && let Some(r) = g.replies.get(&(what.clone(), k.clone()))
    {
        return reply(r.clone());
    }
    let r = f(&mut g);
    if let Some(k) = key {
        g.replies.insert((what, k), r.clone());
    }
    reply(r)
}

async fn create(
    State((inner, base)): State<(Shared, String)>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    once(&inner, "POST /v1/payment_intents".into(), &headers, |g| {
        if let Some(c) = form.get("customer")
            && !g.customers.contains_key(c)
        {
            return missing_a("customer");
        }
        g.next += 1;
        let id = format!("pi_fake{}", g.next);
        let pm = form.get("payment_method").cloned().unwrap_or_default();
        let confirm = form.get("confirm").is_some_and(|c| c == "true");
        let mut pi = intent(&id, &form, "requires_confirmation");
        if confirm {
            match pm.as_str() {
                "pm_card_chargeDeclined" => {
                    pi["status"] = json!("requires_payment_method");
                    g.intents.insert(id, pi);
                    return error(
                        402,
                        "card_error",
                        "card_declined",
                        "Your card was declined.",
                    );
                }
                "pm_card_authenticationRequired" => {
                    pi["status"] = json!("requires_action");
                    pi["next_action"] = json!({
                        "type": "redirect_to_url",
                        "redirect_to_url": {
                            "url": format!("{base}/3ds/{id}"),
                            "return_url": form.get("return_url"),
                        }
                    });
                }
                _ => {
                    pi["status"] = json!("requires_capture");
                    pi["amount_capturable"] = pi["amount"].clone();
                }
            }
        }
        g.intents.insert(id, pi.clone());
        (200, pi)
    })
}

async fn retrieve(State((inner, _)): State<(Shared, String)>, Path(id): Path<String>) -> Response {
    let mut g = inner.lock().unwrap();
    g.calls
        .push((format!("GET /v1/payment_intents/{id}"), None));
    match g.intents.get(&id) {
        Some(pi) => reply((200, pi.clone())),
        None => reply(missing()),
    }
}

async fn capture(
    State((inner, _)): State<(Shared, String)>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    once(
        &inner,
        format!("POST /v1/payment_intents/{id}/capture"),
        &headers,
        |g| {
            let Some(pi) = g.intents.get_mut(&id) else {
                return missing();
            };
            if pi["status"] != "requires_capture" {
                return error(
                    400,
                    "invalid_request_error",
                    "payment_intent_unexpected_state",
                    "This PaymentIntent could not be captured.",
                );
            }
            let amount = form
                .get("amount_to_capture")
                .and_then(|a| a.parse::<i64>().ok())
                .unwrap_or_else(|| pi["amount"].as_i64().unwrap());
            pi["status"] = json!("succeeded");
            pi["amount_received"] = json!(amount);
            pi["amount_capturable"] = json!(0);
            (200, pi.clone())
        },
    )
}

async fn cancel(
    State((inner, _)): State<(Shared, String)>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    once(
        &inner,
        format!("POST /v1/payment_intents/{id}/cancel"),
        &headers,
        |g| {
            let Some(pi) = g.intents.get_mut(&id) else {
                return missing();
            };
            if pi["status"] == "succeeded" {
                return error(
                    400,
                    "invalid_request_error",
                    "payment_intent_unexpected_state",
                    "This PaymentIntent has already succeeded.",
                );
            }
            pi["status"] = json!("canceled");
            (200, pi.clone())
        },
    )
}

async fn refund(
    State((inner, _)): State<(Shared, String)>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if inner.lock().unwrap().refunds_down {
        inner
            .lock()
            .unwrap()
            .calls
            .push(("POST /v1/refunds (down)".into(), None));
        return reply(error(
            500,
            "api_error",
            "outage",
            "Stripe is having a moment.",
        ));
    }
    once(&inner, "POST /v1/refunds".into(), &headers, |g| {
        g.next += 1;
        let pi_id = form.get("payment_intent").cloned().unwrap_or_default();
        let Some(pi) = g.intents.get(&pi_id) else {
            return missing();
        };
        if pi["status"] != "succeeded" {
            return error(
                400,
                "invalid_request_error",
                "charge_not_captured",
                "Nothing to refund.",
            );
        }
        let amount = form
            .get("amount")
            .and_then(|a| a.parse::<i64>().ok())
            .unwrap_or_else(|| pi["amount_received"].as_i64().unwrap());
        let received = pi["amount_received"].as_i64().unwrap_or(0);
        let done = g.refunded.get(&pi_id).copied().unwrap_or(0);
        if done + amount > received {
            return error(
                400,
                "invalid_request_error",
                "amount_too_large",
                "Refund amount is greater than the unrefunded amount.",
            );
        }
        *g.refunded.entry(pi_id.clone()).or_default() += amount;
        (
            200,
            json!({
                "id": format!("re_fake{}", g.next), "object": "refund", "amount": amount,
                "created": 1_764_000_000, "currency": pi["currency"], "payment_intent": pi_id,
                "status": "succeeded"
            }),
        )
    })
}

async fn create_customer(
    State((inner, _)): State<(Shared, String)>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    once(&inner, "POST /v1/customers".into(), &headers, |g| {
        g.next += 1;
        let id = format!("cus_fake{}", g.next);
        let customer = json!({
            "id": id, "object": "customer", "created": now(), "livemode": false,
            "email": form.get("email"), "metadata": metadata(&form),
            "delinquent": false, "balance": 0
        });
        g.customers.insert(id.clone(), customer.clone());
        g.created_with.insert(id, form.clone());
        (200, customer)
    })
}

/// A billing portal session for an existing customer: `{base}portal/{customer}`.
async fn create_portal_session(
    State((inner, base)): State<(Shared, String)>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    once(
        &inner,
        "POST /v1/billing_portal/sessions".into(),
        &headers,
        |g| {
            let Some(customer) = form
                .get("customer")
                .filter(|c| g.customers.contains_key(*c))
            else {
                return error(
                    400,
                    "invalid_request_error",
                    "resource_missing",
                    "No such customer",
                );
            };
            g.next += 1;
            (
                200,
                json!({
                    "id": format!("bps_fake{}", g.next), "object": "billing_portal.session",
                    "configuration": "bpc_fake", "created": now(), "customer": customer,
                    "livemode": false, "return_url": form.get("return_url"),
                    "url": format!("{base}/portal/{customer}")
                }),
            )
        },
    )
}

async fn create_price(
    State((inner, _)): State<(Shared, String)>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    once(&inner, "POST /v1/prices".into(), &headers, |g| {
        let (Some(currency), Some(amount)) = (
            form.get("currency"),
            form.get("unit_amount").and_then(|a| a.parse::<i64>().ok()),
        ) else {
            return error(
                400,
                "invalid_request_error",
                "parameter_missing",
                "currency and unit_amount are required",
            );
        };
        let Some(interval) = form.get("recurring[interval]") else {
            return error(
                400,
                "invalid_request_error",
                "parameter_missing",
                "this fake only makes recurring prices",
            );
        };
        g.next += 1;
        let id = format!("price_fake{}", g.next);
        let product = match form.get("product") {
            Some(p) => p.clone(),
            None => format!("prod_fake{}", g.next),
        };
        let price = json!({
            "id": id, "object": "price", "active": true, "billing_scheme": "per_unit",
            "created": now(), "currency": currency, "livemode": false, "metadata": {},
            "nickname": null, "product": product, "type": "recurring",
            "unit_amount": amount, "unit_amount_decimal": amount.to_string(),
            "recurring": {
                "interval": interval, "interval_count": 1, "usage_type": "licensed",
                "meter": null, "trial_period_days": null
            },
            "tax_behavior": "unspecified",
            "product_name": form.get("product_data[name]")
        });
        g.prices.insert(id.clone(), price.clone());
        g.created_with.insert(id, form.clone());
        (200, price)
    })
}

/// A subscription item for `price`, with the current period (Stripe API 2025-03-31+ keeps it
/// on the items).
fn subscription_item(sub: &str, n: u64, price: &Value, start: i64, end: i64) -> Value {
    json!({
        "id": format!("si_fake{n}"), "object": "subscription_item", "created": start,
        "current_period_start": start, "current_period_end": end,
        "discounts": [], "metadata": {}, "quantity": 1, "subscription": sub,
        "price": price,
        // The legacy Plan view of the same price (still required on items).
        "plan": {
            "id": price["id"], "object": "plan", "active": true, "amount": price["unit_amount"],
            "billing_scheme": "per_unit", "created": price["created"],
            "currency": price["currency"], "interval": price["recurring"]["interval"],
            "interval_count": 1, "livemode": false, "metadata": {},
            "product": price["product"], "usage_type": "licensed"
        },
        "tax_rates": []
    })
}

async fn create_subscription(
    State((inner, _)): State<(Shared, String)>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    once(&inner, "POST /v1/subscriptions".into(), &headers, |g| {
        let Some(customer) = form
            .get("customer")
            .filter(|c| g.customers.contains_key(*c))
        else {
            return missing_a("customer");
        };
        let Some(price) = form
            .get("items[0][price]")
            .and_then(|p| g.prices.get(p))
            .cloned()
        else {
            return missing_a("price");
        };
        let start = now();
        // A trial: `trialing` until `trial_end`, the first charge then.
        let trial_end = form.get("trial_end").and_then(|t| t.parse::<i64>().ok());
        if trial_end.is_some_and(|t| t <= start) {
            return error(
                400,
                "invalid_request_error",
                "parameter_invalid_integer",
                "trial_end must be a future Unix timestamp",
            );
        }
        let anchor = match form.get("billing_cycle_anchor") {
            None => trial_end.unwrap_or(start),
            Some(a) => match a.parse::<i64>() {
                Ok(a) if a > start => a,
                _ => {
                    return error(
                        400,
                        "invalid_request_error",
                        "parameter_invalid_integer",
                        "billing_cycle_anchor must be a future Unix timestamp",
                    );
                }
            },
        };
        g.next += 1;
        let n = g.next;
        let id = format!("sub_fake{n}");
        let sub = json!({
            "id": id, "object": "subscription",
            "automatic_tax": {"enabled": false, "disabled_reason": null, "liability": null},
            "billing_cycle_anchor": anchor,
            "billing_cycle_anchor_config": null,
            "billing_mode": {"type": "classic", "flexible": null, "updated_at": null},
            "billing_schedules": [],
            "cancel_at": null,
            "cancel_at_period_end": false,
            "canceled_at": null,
            "cancellation_details": {"comment": null, "feedback": null, "reason": null},
            "collection_method": "charge_automatically",
            "created": start,
            "currency": price["currency"],
            "customer": customer,
            "default_payment_method": form.get("default_payment_method"),
            "description": null,
            "discounts": [],
            "ended_at": null,
            "invoice_settings": {"account_tax_ids": null, "issuer": {"type": "self"}},
            "items": {
                "object": "list",
                "data": [subscription_item(&id, n, &price, start, anchor)],
                "has_more": false,
                "url": format!("/v1/subscription_items?subscription={id}")
            },
            "latest_invoice": null,
            "livemode": false,
            "metadata": metadata(&form),
            "start_date": start,
            "status": if trial_end.is_some() { "trialing" } else { "active" },
            "trial_end": trial_end,
            "trial_start": trial_end.map(|_| start),
            // Where API versions before 2025-03-31 had the period.
            "current_period_start": start,
            "current_period_end": anchor
        });
        g.subscriptions.insert(id.clone(), sub.clone());
        g.created_with.insert(id, form.clone());
        (200, sub)
    })
}

async fn retrieve_subscription(
    State((inner, _)): State<(Shared, String)>,
    Path(id): Path<String>,
) -> Response {
    let mut g = inner.lock().unwrap();
    g.calls.push((format!("GET /v1/subscriptions/{id}"), None));
    match g.subscriptions.get(&id) {
        Some(sub) => reply((200, sub.clone())),
        None => reply(missing_a("subscription")),
    }
}

async fn update_subscription(
    State((inner, _)): State<(Shared, String)>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    once(
        &inner,
        format!("POST /v1/subscriptions/{id}"),
        &headers,
        |g| {
            // A plan switch: the item's price replaced, the cycle restarted now.
            let new_price = form
                .get("items[0][price]")
                .map(|p| g.prices.get(p).cloned());
            let Some(sub) = g.subscriptions.get_mut(&id) else {
                return missing_a("subscription");
            };
            if let Some(price) = new_price {
                let Some(price) = price else {
                    return missing_a("price");
                };
                if form.get("items[0][id]")
                    != sub["items"]["data"][0]["id"]
                        .as_str()
                        .map(str::to_string)
                        .as_ref()
                {
                    return missing_a("subscription_item");
                }
                let start = now();
                let days = if price["recurring"]["interval"] == "year" {
                    365
                } else {
                    30
                };
                let end = start + days * 86_400;
                let item = &mut sub["items"]["data"][0];
                item["price"] = price.clone();
                item["plan"]["id"] = price["id"].clone();
                item["plan"]["amount"] = price["unit_amount"].clone();
                item["plan"]["interval"] = price["recurring"]["interval"].clone();
                item["current_period_start"] = json!(start);
                item["current_period_end"] = json!(end);
                sub["current_period_start"] = json!(start);
                sub["current_period_end"] = json!(end);
                sub["billing_cycle_anchor"] = json!(start);
            }
            if sub["status"] == "canceled" {
                return error(
                    400,
                    "invalid_request_error",
                    "resource_missing",
                    "A canceled subscription can only update its cancellation_details and metadata.",
                );
            }
            if let Some(flag) = form.get("cancel_at_period_end") {
                let at_end = flag == "true";
                sub["cancel_at_period_end"] = json!(at_end);
                sub["cancel_at"] = if at_end {
                    sub["items"]["data"][0]["current_period_end"].clone()
                } else {
                    Value::Null
                };
            }
            (200, sub.clone())
        },
    )
}

/// `DELETE /v1/subscriptions/{id}`: cancelled at once. (The body is ignored: the client sends
/// an empty form.)
async fn delete_subscription(
    State((inner, _)): State<(Shared, String)>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    once(
        &inner,
        format!("DELETE /v1/subscriptions/{id}"),
        &headers,
        |g| {
            let Some(sub) = g.subscriptions.get_mut(&id) else {
                return missing_a("subscription");
            };
            let at = now();
            sub["status"] = json!("canceled");
            sub["canceled_at"] = json!(at);
            sub["ended_at"] = json!(at);
            (200, sub.clone())
        },
    )
}

impl FakeStripe {
    pub async fn start() -> FakeStripe {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        let inner: Shared = Arc::default();
        let router = Router::new()
            .route("/v1/payment_intents", post(create))
            .route("/v1/payment_intents/{id}", get(retrieve))
            .route("/v1/payment_intents/{id}/capture", post(capture))
            .route("/v1/payment_intents/{id}/cancel", post(cancel))
            .route("/v1/refunds", post(refund))
            .route("/v1/customers", post(create_customer))
            .route("/v1/prices", post(create_price))
            .route("/v1/billing_portal/sessions", post(create_portal_session))
            .route("/v1/subscriptions", post(create_subscription))
            .route(
                "/v1/subscriptions/{id}",
                get(retrieve_subscription)
                    .post(update_subscription)
                    .delete(delete_subscription),
            )
            .route("/3ds/{id}", get(|| async { "Authenticate at your bank" }))
            .with_state((inner.clone(), base.trim_end_matches('/').to_string()));
        tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        FakeStripe { base, inner }
    }

    /// Refunds fail with a 500 while `down`.
    pub fn set_refunds_down(&self, down: bool) {
        self.inner.lock().unwrap().refunds_down = down;
    }

    /// What was refunded on PaymentIntent `id`.
    pub fn refunded(&self, id: &str) -> i64 {
        self.inner
            .lock()
            .unwrap()
            .refunded
            .get(id)
            .copied()
            .unwrap_or(0)
    }

    /// The shopper finished (or failed) 3-D Secure for `id`.
    pub fn finish_3ds(&self, id: &str, authenticated: bool) {
        let mut g = self.inner.lock().unwrap();
        let pi = g.intents.get_mut(id).expect("no such intent");
        pi["next_action"] = Value::Null;
        if authenticated {
            pi["status"] = json!("requires_capture");
            pi["amount_capturable"] = pi["amount"].clone();
        } else {
            pi["status"] = json!("requires_payment_method");
            pi["last_payment_error"] = json!({
                "type": "card_error", "code": "payment_intent_authentication_failure",
                "message": "We are unable to authenticate your payment method."
            });
        }
    }

    pub fn intent(&self, id: &str) -> Value {
        self.inner.lock().unwrap().intents[id].clone()
    }

    /// Subscription `id` as the fake Stripe has it now.
    pub fn subscription(&self, id: &str) -> Value {
        self.inner.lock().unwrap().subscriptions[id].clone()
    }

    /// The id of the one subscription created (panics unless there is exactly one).
    pub fn only_subscription_id(&self) -> String {
        let g = self.inner.lock().unwrap();
        let ids: Vec<&String> = g.subscriptions.keys().collect();
        assert_eq!(ids.len(), 1, "subscriptions at the fake Stripe: {ids:?}");
        ids[0].clone()
    }

    /// Stripe moved subscription `id` on (renewed, failed, cancelled…): its status and
    /// current period (Unix seconds), on the subscription and its item.
    pub fn set_subscription(&self, id: &str, status: &str, period_start: i64, period_end: i64) {
        let mut g = self.inner.lock().unwrap();
        let sub = g.subscriptions.get_mut(id).expect("no such subscription");
        sub["status"] = json!(status);
        sub["current_period_start"] = json!(period_start);
        sub["current_period_end"] = json!(period_end);
        sub["items"]["data"][0]["current_period_start"] = json!(period_start);
        sub["items"]["data"][0]["current_period_end"] = json!(period_end);
        if status == "canceled" && sub["ended_at"].is_null() {
            sub["canceled_at"] = json!(now());
            sub["ended_at"] = json!(now());
        }
    }

    /// The form the customer, price or subscription `id` was created with.
    pub fn created_with(&self, id: &str) -> HashMap<String, String> {
        self.inner.lock().unwrap().created_with[id].clone()
    }

    /// How many calls were made to `what` (e.g. "POST /v1/payment_intents").
    pub fn calls(&self, what: &str) -> usize {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|(w, _)| w == what)
            .count()
    }

    /// The idempotency keys sent to `what`.
    pub fn keys(&self, what: &str) -> Vec<Option<String>> {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|(w, _)| w == what)
            .map(|(_, k)| k.clone())
            .collect()
    }

    pub fn config(&self) -> server::payments::stripe::StripeConfig {
        server::payments::stripe::StripeConfig {
            secret_key: "sk_test_fake".into(),
            publishable_key: "pk_test_fake".into(),
            webhook_secret: Some(WEBHOOK_SECRET.into()),
            api_base: Some(self.base.clone()),
        }
    }
}

/// A Stripe event for the PaymentIntent as it is now, signed `seconds_ago` (or with the
/// wrong secret when `forged`).
pub fn signed_event(
    event_id: &str,
    kind: &str,
    intent: &Value,
    seconds_ago: i64,
    forged: bool,
) -> (String, String) {
    sign(
        json!({
            "id": event_id, "object": "event", "api_version": "2025-01-27.acacia",
            "created": 1_764_000_000, "livemode": false, "pending_webhooks": 1,
            "type": kind, "data": {"object": intent}
        }),
        seconds_ago,
        forged,
    )
}

/// A Stripe Billing event (`invoice.*`, `customer.subscription.*`) about `object`, rendered in
/// a newer API version than the SDK's, signed now.
#[allow(dead_code)]
pub fn signed_billing_event(event_id: &str, kind: &str, object: &Value) -> (String, String) {
    sign(
        json!({
            "id": event_id, "object": "event", "api_version": "2025-03-31.basil",
            "created": now(), "livemode": false, "pending_webhooks": 1,
            "request": {"id": null, "idempotency_key": null},
            "type": kind, "data": {"object": object}
        }),
        0,
        false,
    )
}

fn sign(event: Value, seconds_ago: i64, forged: bool) -> (String, String) {
    let payload = event.to_string();
    let at = chrono::Utc::now().timestamp() - seconds_ago;
    let secret = if forged {
        "whsec_someone_else"
    } else {
        WEBHOOK_SECRET
    };
    let header = stripe_webhook::Webhook::generate_test_header(&payload, secret, Some(at));
    (payload, header)
}

/// A subscription invoice in the API shape since 2025-03-31 (`parent.subscription_details`,
/// `total_taxes`, `payments`, the period on its line). `amount_paid` is what it charges, tax
/// included: paid when `status` is `paid`, else still due. The invoice's own
/// `period_start`/`period_end` are, as at Stripe, the period that just ended.
#[allow(dead_code, clippy::too_many_arguments)]
pub fn invoice_json(
    id: &str,
    subscription: &str,
    status: &str,
    amount_paid: i64,
    tax: i64,
    period_start: i64,
    period_end: i64,
    payment_intent: Option<&str>,
    billing_reason: &str,
    attempt_count: i64,
) -> Value {
    let paid = status == "paid";
    let payments: Vec<Value> = payment_intent
        .map(|pi| {
            json!({
                "id": format!("inpay_{id}"), "object": "invoice_payment", "invoice": id,
                "amount_paid": if paid { amount_paid } else { 0 },
                "amount_requested": amount_paid, "currency": "usd", "is_default": true,
                "livemode": false, "status": if paid { "paid" } else { "open" },
                "payment": {"type": "payment_intent", "payment_intent": pi}
            })
        })
        .into_iter()
        .collect();
    json!({
        "id": id, "object": "invoice", "status": status, "currency": "usd",
        "created": period_start, "livemode": false,
        "amount_due": amount_paid,
        "amount_paid": if paid { amount_paid } else { 0 },
        "amount_remaining": if paid { 0 } else { amount_paid },
        "subtotal": amount_paid - tax, "total": amount_paid,
        "total_excluding_tax": amount_paid - tax,
        "total_taxes": [{
            "amount": tax, "tax_behavior": "exclusive", "taxability_reason": "standard_rated",
            "taxable_amount": amount_paid - tax, "type": "tax_rate_details"
        }],
        "period_start": period_start - (period_end - period_start),
        "period_end": period_start,
        "lines": {
            "object": "list", "has_more": false, "url": format!("/v1/invoices/{id}/lines"),
            "data": [{
                "id": format!("il_{id}"), "object": "line_item", "amount": amount_paid - tax,
                "currency": "usd", "invoice": id,
                "period": {"start": period_start, "end": period_end},
                "parent": {
                    "type": "subscription_item_details",
                    "subscription_item_details": {"subscription": subscription}
                }
            }]
        },
        "parent": {
            "type": "subscription_details", "quote_details": null,
            "subscription_details": {"subscription": subscription, "metadata": {}}
        },
        "payments": {
            "object": "list", "has_more": false, "url": "/v1/invoice_payments",
            "data": payments
        },
        "billing_reason": billing_reason,
        "attempt_count": attempt_count,
        "attempted": attempt_count > 0,
        "next_payment_attempt": if paid { Value::Null } else { json!(period_start + 3 * 86_400) }
    })
}

#[allow(dead_code)]
pub async fn post_event(
    client: &reqwest::Client,
    shop: &str,
    (payload, header): (String, String),
) -> (u16, Value) {
    let r = client
        .post(format!("{shop}/webhooks/stripe"))
        .header("stripe-signature", header)
        .header("content-type", "application/json")
        .body(payload)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, body)
}
