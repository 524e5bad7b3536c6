//! Stripe Billing for learning subscriptions. The checkout's PaymentIntent keeps the card on a
//! Customer (`setup_future_usage=off_session`); once the first period is paid, a Subscription
//! on a Price of the plan takes over the renewals, anchored on the local renewal date with
//! nothing charged before it. Stripe is the truth for these subscriptions: the shop reads them
//! back ([`remote`]) and follows their invoices by webhook (`super::stripe_events`).

use std::collections::HashMap;

use ::stripe_billing::subscription::{
    CancelSubscription, CreateSubscription, CreateSubscriptionItems,
    CreateSubscriptionProrationBehavior, CreateSubscriptionTrialEnd, RetrieveSubscription,
    UpdateSubscription, UpdateSubscriptionBillingCycleAnchor,
    UpdateSubscriptionBillingCycleAnchorType, UpdateSubscriptionItems,
    UpdateSubscriptionProrationBehavior,
};
use services::payments::{GatewayError, RemoteSubscription, StartSubscription, SwitchTo};
use storefront::subscription::Interval;
use stripe::{Client, StripeRequest};
use stripe_core::customer::CreateCustomer;
use stripe_core::payment_intent::RetrievePaymentIntent;
use stripe_product::price::{
    CreatePrice, CreatePriceProductData, CreatePriceRecurring, CreatePriceRecurringInterval,
};
use stripe_shared::Subscription;

use super::stripe::{currency, gateway_error, strategy};

/// A Customer for the shopper who starts a subscription (`email` may be empty for a guest):
/// the checkout's card is kept on it. Its key derives from the charge's, so a retried
/// checkout finds the same Customer.
pub(super) async fn create_customer(
    client: &Client,
    email: &str,
    order_number: &str,
    charge_key: &str,
) -> Result<String, GatewayError> {
    let mut create = CreateCustomer::new().metadata(HashMap::from([(
        "order_number".to_string(),
        order_number.to_string(),
    )]));
    if !email.is_empty() {
        create = create.email(email);
    }
    let customer = create
        .customize()
        .request_strategy(strategy(&format!("customer:{charge_key}"))?)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(customer.id.as_str().to_string())
}

/// Starts billing a subscription. Its first period paid at checkout: the PaymentIntent's
/// customer and card, a Subscription anchored on the first renewal without proration. A free
/// trial (nothing paid): a new customer keeps the checkout's card, and the Subscription is
/// trialing until the first renewal. Either way nothing is charged before that date.
pub(super) async fn start(
    client: &Client,
    req: StartSubscription<'_>,
) -> Result<RemoteSubscription, GatewayError> {
    let (customer, payment_method) = match (req.payment_reference, req.card) {
        (Some(reference), _) => paid_customer(client, reference).await?,
        (None, Some(card)) => (
            trial_customer(client, &req, card).await?,
            Some(card.to_string()),
        ),
        (None, None) => {
            return Err(GatewayError::Declined {
                code: "no_card".into(),
                message: "There is no card to bill the subscription with.".into(),
            });
        }
    };
    let price = create_price(
        client,
        req.price,
        req.interval,
        req.plan_name,
        &format!("{}:price", req.idempotency_key),
    )
    .await?;
    let mut item = CreateSubscriptionItems::new();
    item.price = Some(price);
    let mut create = CreateSubscription::new()
        .customer(customer)
        .items(vec![item])
        .metadata(HashMap::from([(
            "subscription_id".to_string(),
            req.local_id.to_string(),
        )]));
    create = if req.payment_reference.is_some() {
        create
            .billing_cycle_anchor(req.first_renewal)
            .proration_behavior(CreateSubscriptionProrationBehavior::None)
    } else {
        create.trial_end(CreateSubscriptionTrialEnd::Timestamp(req.first_renewal))
    };
    if let Some(pm) = payment_method {
        create = create.default_payment_method(pm);
    }
    let sub = create
        .customize()
        .request_strategy(strategy(req.idempotency_key)?)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(remote(&sub))
}

/// A recurring Price of the plan (its product created with it); the Price id.
async fn create_price(
    client: &Client,
    amount: storefront::Money,
    interval: Interval,
    plan_name: &str,
    key: &str,
) -> Result<String, GatewayError> {
    let interval = match interval {
        Interval::Month => CreatePriceRecurringInterval::Month,
        Interval::Year => CreatePriceRecurringInterval::Year,
    };
    let price = CreatePrice::new(currency(amount)?)
        .unit_amount(amount.minor())
        .recurring(CreatePriceRecurring::new(interval))
        .product_data(CreatePriceProductData::new(plan_name))
        .customize()
        .request_strategy(strategy(key)?)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(price.id.as_str().to_string())
}

/// Moves subscription `id` to a Price of `plan` from now: Stripe credits the unused time,
/// invoices the difference at once (`always_invoice`) and restarts the cycle today.
pub(super) async fn switch(
    client: &Client,
    id: &str,
    plan: SwitchTo<'_>,
    key: &str,
) -> Result<RemoteSubscription, GatewayError> {
    let current = RetrieveSubscription::new(id)
        .send(client)
        .await
        .map_err(gateway_error)?;
    let item_id = current
        .items
        .data
        .first()
        .map(|i| i.id.as_str().to_string())
        .ok_or_else(|| GatewayError::Declined {
            code: "no_items".into(),
            message: "The subscription has no plan to replace.".into(),
        })?;
    let price = create_price(
        client,
        plan.price,
        plan.interval,
        plan.plan_name,
        &format!("{key}:price"),
    )
    .await?;
    let mut item = UpdateSubscriptionItems::new();
    item.id = Some(item_id);
    item.price = Some(price);
    let sub = UpdateSubscription::new(id)
        .items(vec![item])
        .proration_behavior(UpdateSubscriptionProrationBehavior::AlwaysInvoice)
        .billing_cycle_anchor(UpdateSubscriptionBillingCycleAnchor::new(
            UpdateSubscriptionBillingCycleAnchorType::Now,
        ))
        .customize()
        .request_strategy(strategy(key)?)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(remote(&sub))
}

/// The customer and card of the checkout's PaymentIntent `reference`.
async fn paid_customer(
    client: &Client,
    reference: &str,
) -> Result<(String, Option<String>), GatewayError> {
    let pi = RetrievePaymentIntent::new(reference)
        .send(client)
        .await
        .map_err(gateway_error)?;
    let Some(customer) = pi.customer.as_ref().map(|c| c.id().as_str().to_string()) else {
        return Err(GatewayError::Declined {
            code: "no_customer".into(),
            message: "The payment did not keep the card for renewals.".into(),
        });
    };
    let payment_method = pi
        .payment_method
        .as_ref()
        .map(|m| m.id().as_str().to_string());
    Ok((customer, payment_method))
}

/// A new customer for a free trial, keeping the card the checkout collected.
async fn trial_customer(
    client: &Client,
    req: &StartSubscription<'_>,
    card: &str,
) -> Result<String, GatewayError> {
    let mut create = CreateCustomer::new()
        .payment_method(card)
        .metadata(HashMap::from([(
            "subscription_id".to_string(),
            req.local_id.to_string(),
        )]));
    if !req.email.is_empty() {
        create = create.email(req.email);
    }
    let customer = create
        .customize()
        .request_strategy(strategy(&format!("{}:customer", req.idempotency_key))?)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(customer.id.as_str().to_string())
}

/// Subscription `id` as Stripe has it now.
pub(super) async fn retrieve(
    client: &Client,
    id: &str,
) -> Result<RemoteSubscription, GatewayError> {
    let sub = RetrieveSubscription::new(id)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(remote(&sub))
}

/// Ends subscription `id` at the end of its period (an update, taken back by [`keep`]) or at
/// once (`DELETE`).
pub(super) async fn cancel(
    client: &Client,
    id: &str,
    at_period_end: bool,
    key: &str,
) -> Result<RemoteSubscription, GatewayError> {
    let sub = if at_period_end {
        UpdateSubscription::new(id)
            .cancel_at_period_end(true)
            .customize()
            .request_strategy(strategy(key)?)
            .send(client)
            .await
    } else {
        CancelSubscription::new(id)
            .customize()
            .request_strategy(strategy(key)?)
            .send(client)
            .await
    }
    .map_err(gateway_error)?;
    Ok(remote(&sub))
}

/// Takes back a cancellation at period end.
pub(super) async fn keep(
    client: &Client,
    id: &str,
    key: &str,
) -> Result<RemoteSubscription, GatewayError> {
    let sub = UpdateSubscription::new(id)
        .cancel_at_period_end(false)
        .customize()
        .request_strategy(strategy(key)?)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(remote(&sub))
}

/// A Stripe customer portal session for `customer` (card, invoices, cancellation), coming
/// back to `return_url`; its URL.
pub(super) async fn portal(
    client: &Client,
    customer: &str,
    return_url: &str,
) -> Result<String, GatewayError> {
    let session = ::stripe_billing::billing_portal_session::CreateBillingPortalSession::new()
        .customer(customer)
        .return_url(return_url)
        .send(client)
        .await
        .map_err(gateway_error)?;
    Ok(session.url)
}

/// A Stripe Subscription in the gateway's terms. Since API version 2025-03-31 the current
/// period is on the subscription's items (this SDK has it only there); a subscription without
/// items (never seen) falls back to its start and billing anchor.
pub(super) fn remote(sub: &Subscription) -> RemoteSubscription {
    let (current_period_start, current_period_end) = sub
        .items
        .data
        .first()
        .map_or((sub.start_date, sub.billing_cycle_anchor), |item| {
            (item.current_period_start, item.current_period_end)
        });
    RemoteSubscription {
        id: sub.id.as_str().to_string(),
        customer: sub.customer.id().as_str().to_string(),
        status: sub.status.as_str().to_string(),
        current_period_start,
        current_period_end,
        cancel_at_period_end: sub.cancel_at_period_end,
    }
}
