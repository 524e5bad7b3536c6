//! Stripe through async-stripe: PaymentIntents confirmed on the server from the
//! PaymentMethod the Payment Element created in the browser, captured separately
//! (`capture_method=manual`: stock is committed before money is taken, and a payment that
//! arrives for a cancelled order is released, not refunded). Every create, capture, cancel
//! and refund carries an idempotency key. Webhooks are verified with the endpoint secret
//! (300 s tolerance) by `stripe_webhook`. Learning subscriptions are renewed by Stripe Billing
//! (`super::stripe_billing`); their webhooks are read by `super::stripe_events`.

use std::collections::HashMap;
use std::time::Duration;

use services::payments::{
    ChargeRequest, GatewayError, PaymentGateway, PaymentState, Provider, RemoteSubscription,
    StartSubscription, WebhookEvent, WebhookRejected,
};
use storefront::Money;
use stripe::{Client, ClientBuilder, RequestStrategy, StripeError, StripeRequest};
use stripe_core::payment_intent::{
    CancelPaymentIntent, CapturePaymentIntent, CreatePaymentIntent, RetrievePaymentIntent,
};
use stripe_core::refund::CreateRefund;
use stripe_shared::{
    PaymentIntent, PaymentIntentCaptureMethod, PaymentIntentSetupFutureUsage, PaymentIntentStatus,
};
use stripe_webhook::{EventObject, Webhook, WebhookError};

use super::{stripe_billing, stripe_events};

/// `STRIPE_SECRET_KEY`, `STRIPE_PUBLISHABLE_KEY`, `STRIPE_WEBHOOK_SECRET`, and
/// `STRIPE_API_BASE` (tests point it at a fake Stripe).
#[derive(Clone)]
pub struct StripeConfig {
    pub secret_key: String,
    pub publishable_key: String,
    pub webhook_secret: Option<String>,
    pub api_base: Option<String>,
}

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeConfig")
            .field("publishable_key", &self.publishable_key)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

pub struct StripeGateway {
    client: Client,
    webhook_secret: Option<String>,
}

impl std::fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeGateway").finish_non_exhaustive()
    }
}

impl StripeGateway {
    pub fn new(config: &StripeConfig) -> anyhow::Result<Self> {
        let mut builder =
            ClientBuilder::new(config.secret_key.clone()).timeout(Duration::from_secs(20));
        if let Some(base) = &config.api_base {
            builder = builder.url(base.clone());
        }
        Ok(StripeGateway {
            client: builder
                .build()
                .map_err(|e| anyhow::anyhow!("Stripe client: {e}"))?,
            webhook_secret: config.webhook_secret.clone(),
        })
    }
}

pub(super) fn strategy(key: &str) -> Result<RequestStrategy, GatewayError> {
    let key = stripe::IdempotencyKey::new(key)
        .map_err(|e| GatewayError::Unavailable(format!("idempotency key: {e}")))?;
    Ok(RequestStrategy::Idempotent(key))
}

/// Stripe's refusals become [`GatewayError::Declined`] (with Stripe's message for card
/// errors); everything else means Stripe could not be asked.
pub(super) fn gateway_error(e: StripeError) -> GatewayError {
    match e {
        StripeError::Stripe(err, status) => {
            let code = err
                .decline_code
                .clone()
                .or_else(|| err.code.as_ref().map(|c| c.as_str().to_string()))
                .unwrap_or_else(|| err.type_.as_str().to_string());
            match (err.type_.as_str(), status) {
                ("card_error", _) => GatewayError::Declined {
                    code,
                    message: err
                        .message
                        .clone()
                        .unwrap_or_else(|| "Your card was declined.".into()),
                },
                (_, 400..=499) if status != 429 && status != 409 => {
                    tracing::warn!(code, message = ?err.message, status, "Stripe refused the request");
                    GatewayError::Declined {
                        code,
                        message: "Your payment could not be processed.".into(),
                    }
                }
                _ => GatewayError::Unavailable(format!("Stripe answered {status}")),
            }
        }
        StripeError::Timeout => GatewayError::Unavailable("Stripe timed out".into()),
        other => GatewayError::Unavailable(other.to_string()),
    }
}

/// Where a PaymentIntent stands, in the shop's terms.
pub fn payment_state(pi: &PaymentIntent) -> PaymentState {
    let reference = pi.id.as_str().to_string();
    match &pi.status {
        PaymentIntentStatus::Succeeded => PaymentState::Captured {
            reference,
            amount: pi.amount_received,
        },
        PaymentIntentStatus::RequiresCapture => PaymentState::Authorized { reference },
        PaymentIntentStatus::RequiresAction => {
            match pi
                .next_action
                .as_ref()
                .and_then(|a| a.redirect_to_url.as_ref())
                .and_then(|r| r.url.clone())
            {
                Some(url) => PaymentState::RequiresAction { reference, url },
                None => PaymentState::Processing { reference },
            }
        }
        PaymentIntentStatus::RequiresPaymentMethod => {
            let err = pi.last_payment_error.as_deref();
            PaymentState::Failed {
                reference,
                code: err
                    .and_then(|e| {
                        e.decline_code
                            .clone()
                            .or_else(|| e.code.as_ref().map(|c| c.as_str().to_string()))
                    })
                    .unwrap_or_else(|| "payment_failed".into()),
                message: err
                    .and_then(|e| e.message.clone())
                    .unwrap_or_else(|| "The payment was not completed.".into()),
            }
        }
        PaymentIntentStatus::Canceled => PaymentState::Failed {
            reference,
            code: "canceled".into(),
            message: "The payment was cancelled.".into(),
        },
        // Processing, RequiresConfirmation, and states newer than this code.
        _ => PaymentState::Processing { reference },
    }
}

pub(super) fn currency(m: Money) -> Result<stripe_types::Currency, GatewayError> {
    m.currency()
        .code()
        .to_lowercase()
        .parse()
        .map_err(|_| GatewayError::Unavailable(format!("currency {}", m.currency().code())))
}

#[async_trait::async_trait]
impl PaymentGateway for StripeGateway {
    fn provider(&self) -> Provider {
        Provider::Stripe
    }

    #[tracing::instrument(skip_all, fields(order = req.order_number))]
    async fn authorize(&self, req: ChargeRequest<'_>) -> Result<PaymentState, GatewayError> {
        let mut create = CreatePaymentIntent::new(req.amount.minor(), currency(req.amount)?)
            .payment_method(req.token)
            .confirm(true)
            .capture_method(PaymentIntentCaptureMethod::Manual)
            .return_url(req.return_url)
            .description(req.description)
            .metadata(HashMap::from([(
                "order_number".to_string(),
                req.order_number.to_string(),
            )]));
        if let Some(email) = req.keep_card_for {
            // Stripe Billing charges the card again for the renewals: keep it on a Customer.
            let customer = stripe_billing::create_customer(
                &self.client,
                email,
                req.order_number,
                req.idempotency_key,
            )
            .await?;
            create = create
                .customer(customer)
                .setup_future_usage(PaymentIntentSetupFutureUsage::OffSession);
        }
        let pi = create
            .customize()
            .request_strategy(strategy(req.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        Ok(payment_state(&pi))
    }

    #[tracing::instrument(skip(self, amount))]
    async fn capture(
        &self,
        reference: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<PaymentState, GatewayError> {
        let pi = CapturePaymentIntent::new(reference)
            .amount_to_capture(amount.minor())
            .customize()
            .request_strategy(strategy(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        Ok(payment_state(&pi))
    }

    #[tracing::instrument(skip(self))]
    async fn status(&self, reference: &str) -> Result<PaymentState, GatewayError> {
        let pi = RetrievePaymentIntent::new(reference)
            .send(&self.client)
            .await
            .map_err(|e| match gateway_error(e) {
                // A payment Stripe does not know cannot be waited for.
                GatewayError::Declined { code, .. } => GatewayError::Declined {
                    code,
                    message: "The payment could not be found.".into(),
                },
                other => other,
            })?;
        Ok(payment_state(&pi))
    }

    #[tracing::instrument(skip(self, amount))]
    async fn refund(
        &self,
        reference: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, GatewayError> {
        let refund = CreateRefund::new()
            .payment_intent(reference)
            .amount(amount.minor())
            .customize()
            .request_strategy(strategy(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        Ok(refund.id.as_str().to_string())
    }

    #[tracing::instrument(skip(self))]
    async fn cancel(&self, reference: &str, idempotency_key: &str) -> Result<(), GatewayError> {
        CancelPaymentIntent::new(reference)
            .customize()
            .request_strategy(strategy(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        Ok(())
    }

    fn parse_webhook(
        &self,
        payload: &str,
        signature: Option<&str>,
    ) -> Result<WebhookEvent, WebhookRejected> {
        let secret = self
            .webhook_secret
            .as_deref()
            .ok_or(WebhookRejected::NotConfigured)?;
        let signature = signature.ok_or(WebhookRejected::BadSignature)?;
        // The signature and its age are checked before the body is parsed: an authentic
        // billing event this SDK cannot type (a newer API version's fields) is read from its
        // JSON; any other untyped body is malformed.
        let event = match Webhook::construct_event(payload, signature, secret) {
            Ok(event) => event,
            Err(WebhookError::BadParse(m)) => {
                return stripe_events::billing_event(payload)?.ok_or(WebhookRejected::Malformed(m));
            }
            Err(WebhookError::BadTimestamp(_)) => return Err(WebhookRejected::Stale),
            Err(WebhookError::BadKey) => return Err(WebhookRejected::NotConfigured),
            Err(WebhookError::BadSignature | WebhookError::BadHeader(_)) => {
                return Err(WebhookRejected::BadSignature);
            }
        };
        // Billing facts always come from the JSON, whichever API version rendered it.
        if stripe_events::is_billing(event.type_.as_str()) {
            return stripe_events::billing_event(payload)?.ok_or_else(|| {
                WebhookRejected::Malformed("the billing event has no id or type".into())
            });
        }
        let intent = match &event.data.object {
            EventObject::PaymentIntentAmountCapturableUpdated(pi)
            | EventObject::PaymentIntentCanceled(pi)
            | EventObject::PaymentIntentCreated(pi)
            | EventObject::PaymentIntentPartiallyFunded(pi)
            | EventObject::PaymentIntentPaymentFailed(pi)
            | EventObject::PaymentIntentProcessing(pi)
            | EventObject::PaymentIntentRequiresAction(pi)
            | EventObject::PaymentIntentSucceeded(pi) => Some(pi),
            _ => None,
        };
        Ok(WebhookEvent {
            id: event.id.as_str().to_string(),
            kind: event.type_.as_str().to_string(),
            reference: intent.map(|pi| pi.id.as_str().to_string()),
            order_number: intent.and_then(|pi| pi.metadata.get("order_number").cloned()),
            subscription: None,
            invoice: None,
        })
    }

    fn bills_subscriptions(&self) -> bool {
        true
    }

    #[tracing::instrument(skip_all, fields(subscription = req.local_id))]
    async fn start_subscription(
        &self,
        req: StartSubscription<'_>,
    ) -> Result<RemoteSubscription, GatewayError> {
        stripe_billing::start(&self.client, req).await
    }

    #[tracing::instrument(skip(self))]
    async fn subscription(&self, id: &str) -> Result<RemoteSubscription, GatewayError> {
        stripe_billing::retrieve(&self.client, id).await
    }

    #[tracing::instrument(skip(self))]
    async fn cancel_subscription(
        &self,
        id: &str,
        at_period_end: bool,
        idempotency_key: &str,
    ) -> Result<RemoteSubscription, GatewayError> {
        stripe_billing::cancel(&self.client, id, at_period_end, idempotency_key).await
    }

    #[tracing::instrument(skip(self))]
    async fn keep_subscription(
        &self,
        id: &str,
        idempotency_key: &str,
    ) -> Result<RemoteSubscription, GatewayError> {
        stripe_billing::keep(&self.client, id, idempotency_key).await
    }

    async fn switch_subscription(
        &self,
        id: &str,
        plan: services::payments::SwitchTo<'_>,
        idempotency_key: &str,
    ) -> Result<RemoteSubscription, GatewayError> {
        stripe_billing::switch(&self.client, id, plan, idempotency_key).await
    }

    async fn billing_portal(
        &self,
        customer: &str,
        return_url: &str,
    ) -> Result<String, GatewayError> {
        stripe_billing::portal(&self.client, customer, return_url).await
    }
}
