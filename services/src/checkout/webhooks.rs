//! Gateway webhooks: verified by the gateway, recorded once per event id in
//! `webhook_events`, and acted on by asking the gateway where the payment stands now
//! ([`super::settle::reconcile`]) — so a duplicate changes nothing and an event that
//! arrives after a newer one cannot undo it.

use super::db_err;
use super::settle::{Settled, reconcile};
use crate::args;
use crate::db::dialect;
use crate::db::{Db, Ts};
use crate::payments::{PaymentGateway, WebhookRejected};
use shared::errors::AppError;

/// What the webhook endpoint answers (HTTP 200).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WebhookReply {
    pub received: bool,
    /// This event id was already processed; nothing was done again.
    pub duplicate: bool,
    /// The order the event was about, if it is one of ours.
    pub order: Option<String>,
    /// Where that order's payment stands after the event: confirmed, pending, action,
    /// cancelled.
    pub outcome: Option<String>,
}

/// Payment events checkout acts on; others are recorded and acknowledged.
fn acts_on(kind: &str) -> bool {
    kind.starts_with("payment_intent.")
}

/// Subscription billing events (Stripe Billing): the subscription follows Stripe.
fn is_billing(kind: &str) -> bool {
    kind.starts_with("invoice.") || kind.starts_with("customer.subscription.")
}

/// Marks a billing event processed (or records why not) and answers it.
async fn finish(
    db: &Db,
    row_id: i64,
    result: Result<Option<(Option<String>, String)>, AppError>,
) -> Result<WebhookReply, AppError> {
    match result {
        Ok(done) => {
            db.exec(
                "UPDATE webhook_events SET processed_at = $1, last_error = NULL WHERE id = $2",
                args![Ts::now(), row_id],
            )
            .await
            .map_err(db_err)?;
            let (order, outcome) = done.map_or((None, None), |(o, s)| (o, Some(s)));
            Ok(WebhookReply {
                received: true,
                duplicate: false,
                order,
                outcome,
            })
        }
        Err(e) => {
            let _ = db
                .exec(
                    "UPDATE webhook_events SET last_error = $1 WHERE id = $2",
                    args![e.to_string(), row_id],
                )
                .await;
            Err(e)
        }
    }
}

/// Handles one delivery: `Err` 400 for a bad signature, a stale timestamp or a body that is
/// not an event (nothing recorded), 503 when the gateway could not be asked (the gateway
/// delivers it again later).
#[tracing::instrument(skip_all)]
pub async fn handle_webhook(
    db: &Db,
    gateway: &dyn PaymentGateway,
    payload: &str,
    signature: Option<&str>,
) -> Result<WebhookReply, AppError> {
    let event = gateway
        .parse_webhook(payload, signature)
        .map_err(|e| match e {
            WebhookRejected::NotConfigured => AppError::NotFound(e.to_string()),
            other => AppError::bad(other.to_string()),
        })?;
    tracing::info!(id = event.id, kind = event.kind, "webhook received");
    let provider = gateway.provider().as_db();
    let now = Ts::now();
    let (row_id, processed): (i64, i64) = db
        .one(
            &format!(
                "INSERT INTO webhook_events (provider, event_id, event_type, payload, attempts, received_at)
                 VALUES ($1, $2, $3, {}, 1, $5)
                 ON CONFLICT (provider, event_id)
                 DO UPDATE SET attempts = webhook_events.attempts + 1
                 RETURNING id, CAST(CASE WHEN processed_at IS NULL THEN 0 ELSE 1 END AS BIGINT)",
                dialect::json_param(db.backend(), 4)
            ),
            args![provider, event.id.clone(), event.kind.clone(), payload, now],
        )
        .await
        .map_err(db_err)?;
    if processed == 1 {
        return Ok(WebhookReply {
            received: true,
            duplicate: true,
            order: None,
            outcome: None,
        });
    }
    if let Some(remote) = event
        .subscription
        .as_deref()
        .filter(|_| is_billing(&event.kind))
    {
        let synced = crate::subscriptions::remote::sync(
            db,
            gateway,
            remote,
            &event.kind,
            event.invoice.as_ref(),
            now,
        )
        .await;
        return finish(
            db,
            row_id,
            synced.map(|s| s.map(|s| (s.order, s.status.as_str().to_lowercase()))),
        )
        .await;
    }
    let result = if acts_on(&event.kind) {
        reconcile(
            db,
            gateway,
            event.reference.as_deref(),
            event.order_number.as_deref(),
        )
        .await
    } else {
        Ok(None)
    };
    match result {
        Ok(settled) => {
            db.exec(
                "UPDATE webhook_events SET processed_at = $1, last_error = NULL WHERE id = $2",
                args![Ts::now(), row_id],
            )
            .await
            .map_err(db_err)?;
            Ok(WebhookReply {
                received: true,
                duplicate: false,
                order: settled.as_ref().map(|(o, _)| o.number.clone()),
                outcome: settled.map(|(_, s)| {
                    match s {
                        Settled::Confirmed => "confirmed",
                        Settled::Action(_) => "action",
                        Settled::Pending => "pending",
                        Settled::Refused(_) => "cancelled",
                    }
                    .to_string()
                }),
            })
        }
        Err(e) => {
            let _ = db
                .exec(
                    "UPDATE webhook_events SET last_error = $1 WHERE id = $2",
                    args![e.to_string(), row_id],
                )
                .await;
            Err(e)
        }
    }
}
