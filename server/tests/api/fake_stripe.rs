//! A fake Stripe API on port 0 for the Stripe tests: PaymentIntents (create + confirm,
//! retrieve, capture, cancel) and refunds, with idempotency keys honoured the way Stripe
//! does (same key: the first answer again). async-stripe is pointed at it through
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
}

#[derive(Clone)]
pub struct FakeStripe {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

type Shared = Arc<Mutex<Inner>>;

fn intent(id: &str, form: &HashMap<String, String>, status: &str) -> Value {
    let amount: i64 = form.get("amount").and_then(|a| a.parse().ok()).unwrap_or(0);
    let metadata: serde_json::Map<String, Value> = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("metadata[")
                .and_then(|k| k.strip_suffix(']'))
                .map(|k| (k.to_string(), Value::String(v.clone())))
        })
        .collect();
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
    error(
        404,
        "invalid_request_error",
        "resource_missing",
        "No such payment_intent",
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
    let payload = json!({
        "id": event_id, "object": "event", "api_version": "2025-01-27.acacia",
        "created": 1_764_000_000, "livemode": false, "pending_webhooks": 1,
        "type": kind, "data": {"object": intent}
    })
    .to_string();
    let at = chrono::Utc::now().timestamp() - seconds_ago;
    let secret = if forged {
        "whsec_someone_else"
    } else {
        WEBHOOK_SECRET
    };
    let header = stripe_webhook::Webhook::generate_test_header(&payload, secret, Some(at));
    (payload, header)
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
