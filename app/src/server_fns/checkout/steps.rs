#![allow(clippy::too_many_arguments)] // one argument per form field
//! One server function per wizard step. Script calls get the result (or the error with its
//! status); plain form posts get a redirect to the next step, or back with the reason.

use leptos::prelude::*;

use shared::errors::AppError;

/// What a step answers: where the wizard goes next.
pub type Next = String;

#[cfg(feature = "ssr")]
async fn run<F, Fut>(ok_message: Option<&'static str>, f: F) -> Result<Next, AppError>
where
    F: FnOnce(crate::server_fns::ctx::Ctx) -> Fut,
    Fut: std::future::Future<Output = (crate::server_fns::ctx::Ctx, Result<Next, AppError>)>,
{
    use shared::account::Flash;
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let (ctx, result) = f(ctx).await;
    let to = result.as_ref().ok().cloned();
    ctx.finish(result, |_| ok_message.map(Flash::success), to)
        .await
}

/// The caller's checkout, keyed to their client address (stock holds are capped per address).
#[cfg(feature = "ssr")]
async fn current(
    ctx: &crate::server_fns::ctx::Ctx,
) -> Result<services::checkout::Current, AppError> {
    let client = crate::server_fns::ctx::client_ip().await;
    services::checkout::steps::current(&ctx.state, &ctx.session, client).await
}

/// Records that the shopper completed checkout step `step`.
#[cfg(feature = "ssr")]
fn checkout_event(ctx: &crate::server_fns::ctx::Ctx, c: &services::checkout::Current, step: &str) {
    let mut event = services::analytics::Event::new("checkout_step", None);
    event.cart_id = Some(c.cart.id);
    event.user_id = c.user.as_ref().map(|u| u.id);
    event.properties = serde_json::json!({ "step": step });
    crate::server_fns::visitor::record_here(&ctx.state, event);
}

#[cfg(feature = "ssr")]
fn next_href(step: shared::checkout::Step) -> Next {
    step.href()
}

/// Step 1 (guests): the email for the confirmation.
#[server(prefix = "/_fn", endpoint = "checkout/contact")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_contact(#[server(default)] email: String) -> Result<Next, AppError> {
    use services::checkout::steps;
    use shared::checkout::Step;
    run(None, |ctx| async move {
        let r = async {
            let c = current(&ctx).await?;
            steps::contact(&ctx.state, &c, &email).await?;
            checkout_event(&ctx, &c, "contact");
            Ok(next_href(Step::Address))
        }
        .await;
        (ctx, r)
    })
    .await
}

/// Step 2: the shipping address (typed, or `saved_address` from the address book) and the
/// billing address (`billing_same` ticked: the same).
#[server(prefix = "/_fn", endpoint = "checkout/address")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_address(
    #[server(default)] saved_address: Option<String>,
    #[server(default)] recipient_name: String,
    #[server(default)] company: String,
    #[server(default)] line1: String,
    #[server(default)] line2: String,
    #[server(default)] city: String,
    #[server(default)] region: String,
    #[server(default)] postal_code: String,
    #[server(default)] country: String,
    #[server(default)] phone: String,
    #[server(default)] billing_same: Option<String>,
    #[server(default)] billing_recipient_name: String,
    #[server(default)] billing_line1: String,
    #[server(default)] billing_line2: String,
    #[server(default)] billing_city: String,
    #[server(default)] billing_region: String,
    #[server(default)] billing_postal_code: String,
    #[server(default)] billing_country: String,
) -> Result<Next, AppError> {
    use services::account::addresses::AddressInput;
    use services::checkout::steps;
    use shared::checkout::Step;
    run(None, |ctx| async move {
        let r = async {
            let c = current(&ctx).await?;
            let saved = saved_address
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "new");
            if let Some(id) = saved {
                let id = crate::server_fns::ctx::parse_id(id, "address")?;
                steps::saved_address(&ctx.state, &c, id).await?;
                checkout_event(&ctx, &c, "address");
            } else {
                let ship = AddressInput {
                    recipient_name,
                    company,
                    line1,
                    line2,
                    city,
                    region,
                    postal_code,
                    country,
                    phone,
                    ..AddressInput::default()
                };
                let same = billing_same
                    .as_deref()
                    .is_none_or(|v| matches!(v, "on" | "true" | "1" | "yes"));
                let bill = (!same).then(|| AddressInput {
                    recipient_name: billing_recipient_name,
                    line1: billing_line1,
                    line2: billing_line2,
                    city: billing_city,
                    region: billing_region,
                    postal_code: billing_postal_code,
                    country: billing_country,
                    ..AddressInput::default()
                });
                steps::address(&ctx.state, &c, Some(&ship), bill.as_ref()).await?;
                checkout_event(&ctx, &c, "address");
            }
            let mut c = c;
            steps::reload(&ctx.state, &mut c).await?;
            let p = services::checkout::priced(
                ctx.db(),
                &ctx.settings(),
                &c.record,
                &c.cart,
                c.signed_in(),
            )
            .await?;
            Ok(next_href(if p.needs_shipping() {
                Step::Shipping
            } else {
                Step::Payment
            }))
        }
        .await;
        (ctx, r)
    })
    .await
}

/// Step 3: the shipping method; entering the payment step holds stock.
#[server(prefix = "/_fn", endpoint = "checkout/shipping")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_shipping(#[server(default)] method: String) -> Result<Next, AppError> {
    use services::checkout::steps;
    use shared::checkout::Step;
    run(None, |ctx| async move {
        let r = async {
            let mut c = current(&ctx).await?;
            steps::shipping(&ctx.state, &mut c, &method).await?;
            checkout_event(&ctx, &c, "shipping");
            Ok(next_href(Step::Payment))
        }
        .await;
        (ctx, r)
    })
    .await
}

/// Step 4: the card (test gateway). Only brand and last four digits are kept.
#[server(prefix = "/_fn", endpoint = "checkout/payment")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_payment(
    #[server(default)] card_number: String,
    #[server(default)] exp_month: String,
    #[server(default)] exp_year: String,
    #[server(default)] cvc: String,
    #[server(default)] payment_method_id: String,
) -> Result<Next, AppError> {
    use services::checkout::steps::{self, PaymentInput};
    use services::payments::{CardInput, Provider};
    use shared::checkout::Step;
    run(None, |ctx| async move {
        let r = async {
            let c = current(&ctx).await?;
            let input = match ctx.state.payments.provider() {
                Provider::Stripe => PaymentInput::Stripe { payment_method_id },
                Provider::Test => PaymentInput::TestCard(CardInput {
                    number: card_number,
                    exp_month,
                    exp_year,
                    cvc,
                }),
            };
            steps::payment(&ctx.state, &c, &input).await?;
            checkout_event(&ctx, &c, "payment");
            Ok(next_href(Step::Review))
        }
        .await;
        (ctx, r)
    })
    .await
}

/// Applies a coupon code (shown with why it does or does not lower the price).
#[server(prefix = "/_fn", endpoint = "checkout/coupon")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn apply_coupon(#[server(default)] code: String) -> Result<Next, AppError> {
    use services::checkout::steps;
    run(Some("Code applied."), |ctx| async move {
        let r = async {
            let c = current(&ctx).await?;
            steps::apply_coupon(&ctx.state, &c, &code, c.client.as_deref()).await?;
            Ok(crate::server_fns::ctx::back_path("/checkout"))
        }
        .await;
        (ctx, r)
    })
    .await
}

/// Removes the coupon code.
#[server(prefix = "/_fn", endpoint = "checkout/coupon/remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_coupon() -> Result<Next, AppError> {
    use services::checkout::steps;
    run(Some("Code removed."), |ctx| async move {
        let r = async {
            let c = current(&ctx).await?;
            steps::remove_coupon(&ctx.state, &c).await?;
            Ok(crate::server_fns::ctx::back_path("/checkout"))
        }
        .await;
        (ctx, r)
    })
    .await
}

/// Step 5: places the order. `key` comes from the review page, so a double click or a
/// resubmitted form places one order. Answers the confirmation page's address.
#[server(prefix = "/_fn", endpoint = "checkout/place")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn place_order(#[server(default)] key: String) -> Result<Next, AppError> {
    use services::checkout::{PlaceOutcome, steps};
    // Paid: the confirmation page. Waiting for 3-D Secure: the bank's page (it sends the
    // shopper back to /checkout/return, which shows the confirmation).
    fn destination(o: &PlaceOutcome) -> Next {
        o.next_action
            .clone()
            .unwrap_or_else(|| format!("/orders/{}?key={}", o.number, o.access_token))
    }
    run(None, |ctx| async move {
        let r = async {
            let key = key.trim().to_string();
            if let Some(done) = steps::replay(&ctx.state, &ctx.session, "web", &key).await? {
                return Ok(destination(&done));
            }
            let c = current(&ctx).await?;
            let placed = steps::place(&ctx.state, &c, "web", &key).await?;
            let mut event = services::analytics::Event::new("purchase", None);
            event.order_id = Some(placed.order_id);
            event.cart_id = Some(c.cart.id);
            event.user_id = c.user.as_ref().map(|u| u.id);
            crate::server_fns::visitor::record_here(&ctx.state, event);
            Ok(destination(&placed))
        }
        .await;
        (ctx, r)
    })
    .await
}
