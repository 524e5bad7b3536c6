//! The checkout steps as the wizard's server functions and the JSON API call them: find the
//! shopper's cart and open checkout, validate a step's input, store it.

use tower_sessions::Session;

use super::place::{PlaceOutcome, Placer, place_order};
use super::record::{self, CheckoutRecord};
use super::view::priced;
use super::{promotions, reserve};
use crate::account::addresses::AddressInput;
use crate::cart::{CartRef, Owner};
use crate::payments::Provider;
use crate::payments::{CardInput, TestGateway};
use crate::state::AppState;
use shared::account::{Address, CurrentUser};
use shared::errors::AppError;

/// The shopper's cart and its open checkout.
pub struct Current {
    pub user: Option<CurrentUser>,
    pub owner: Owner,
    pub cart: CartRef,
    pub record: CheckoutRecord,
    /// Scopes idempotency keys to this shopper (account, or guest cart).
    pub scope: String,
    /// The client's throttle key (its address; IPv6 by /64), when known: stock holds are
    /// capped per client (`HOLD_MAX_UNITS_PER_IP`).
    pub client: Option<String>,
}

impl Current {
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }
}

/// Scopes idempotency keys to the shopper: the account, else the guest cart's token (kept in
/// the session after the cart converts, so a replay still finds its order).
fn scope_of(user: Option<&CurrentUser>, owner: &Owner) -> Option<String> {
    match (user, owner) {
        (Some(u), _) => Some(format!("u{}", u.id)),
        (None, Owner::Guest { token: Some(t) }) => Some(format!("g{}", &t[..t.len().min(16)])),
        _ => None,
    }
}

/// The caller's checkout, started if needed. No cart (or a converted one) is a 422 on `cart`.
/// `client` is the caller's throttle key (`crate::client_ip`).
pub async fn current(
    state: &AppState,
    session: &Session,
    client: Option<String>,
) -> Result<Current, AppError> {
    let (user, owner) = crate::cart::owner_of(&state.db, session, &state.settings.get()).await?;
    if user.is_none() && !state.settings.get().checkout.guest_checkout {
        return Err(AppError::Unauthorized("Sign in to check out.".into()));
    }
    let cart = crate::cart::find_cart(&state.db, &owner)
        .await?
        .ok_or_else(|| AppError::invalid("cart", "Your cart is empty."))?;
    if user.is_none() {
        // Access is granted to an account: say so before the guest fills in the steps.
        crate::learning::cart_rules::require_account(&state.db, cart.id).await?;
    }
    let record = record::open_checkout(
        &state.db,
        &cart,
        user.as_ref().map(|u| (u.id, u.email.as_str())),
    )
    .await?;
    let scope = scope_of(user.as_ref(), &owner).unwrap_or_else(|| format!("c{}", cart.id));
    Ok(Current {
        user,
        owner,
        cart,
        record,
        scope,
        client,
    })
}

/// Reloads the record after a step changed it.
pub async fn reload(state: &AppState, c: &mut Current) -> Result<(), AppError> {
    c.record = record::open_checkout(
        &state.db,
        &c.cart,
        c.user.as_ref().map(|u| (u.id, u.email.as_str())),
    )
    .await?;
    Ok(())
}

/// The outcome of an earlier request with the same idempotency key, if there was one (the
/// cart may be gone by then: a successful order converted it).
pub async fn replay(
    state: &AppState,
    session: &Session,
    channel: &str,
    key: &str,
) -> Result<Option<PlaceOutcome>, AppError> {
    let (user, owner) = crate::cart::owner_of(&state.db, session, &state.settings.get()).await?;
    let Some(scope) = scope_of(user.as_ref(), &owner) else {
        return Ok(None);
    };
    super::place::settled_by_key(&state.db, &format!("{channel}:{scope}:{}", key.trim())).await
}

/// Step 1 (guests): the email address.
pub async fn contact(state: &AppState, c: &Current, email: &str) -> Result<(), AppError> {
    if c.signed_in() {
        return Ok(()); // the account's email is used
    }
    record::set_contact(&state.db, &c.record, email)
        .await
        .map(|_| ())
}

fn parse_address(input: &AddressInput, field: &str) -> Result<Address, AppError> {
    input.parse().map_err(|e| match e {
        AppError::BadRequest(m) => AppError::invalid(field, m),
        other => other,
    })
}

/// Step 2: shipping address (typed, or one of the account's saved ones) and billing address
/// (`None`: same as shipping). A cart with nothing to ship (courses, licences, downloads)
/// keeps a billing address only: `billing`, or else the one given as `shipping`.
pub async fn address(
    state: &AppState,
    c: &Current,
    shipping: Option<&AddressInput>,
    billing: Option<&AddressInput>,
) -> Result<(), AppError> {
    let p = priced(
        &state.db,
        &state.settings.get(),
        &c.record,
        &c.cart,
        c.signed_in(),
    )
    .await?;
    if !p.needs_shipping() {
        let bill = billing
            .or(shipping)
            .ok_or_else(|| AppError::invalid("billingAddress", "`billingAddress` is required."))?;
        let bill = parse_address(bill, "billingAddress")?;
        return record::set_billing_only(&state.db, &c.record, &bill).await;
    }
    let shipping = shipping
        .ok_or_else(|| AppError::invalid("shippingAddress", "`shippingAddress` is required."))?;
    let ship = parse_address(shipping, "shippingAddress")?;
    let bill = billing
        .map(|b| parse_address(b, "billingAddress"))
        .transpose()?;
    record::set_address(&state.db, &c.record, &ship, bill.as_ref()).await
}

/// Step 2 from the address book.
pub async fn saved_address(state: &AppState, c: &Current, address_id: i64) -> Result<(), AppError> {
    let user = c
        .user
        .as_ref()
        .ok_or_else(|| AppError::Unauthorized("Sign in to use your saved addresses.".into()))?;
    let a = crate::account::addresses::get(&state.db, user.id, address_id).await?;
    record::set_address(&state.db, &c.record, &a, None).await
}

/// Step 3: a method offered for the address; then the payment step is entered, which holds
/// stock (an "only N left" error holds nothing). Returns when the hold ends (RFC 3339).
pub async fn shipping(
    state: &AppState,
    c: &mut Current,
    code: &str,
) -> Result<Option<String>, AppError> {
    let p = priced(
        &state.db,
        &state.settings.get(),
        &c.record,
        &c.cart,
        c.signed_in(),
    )
    .await?;
    if p.needs_shipping() {
        if c.record.shipping_address.is_none() {
            return Err(AppError::invalid(
                "shippingAddress",
                "Enter your address first.",
            ));
        }
        let code = code.trim();
        let Some(option) = p.shipping_options.iter().find(|o| o.code == code) else {
            let offered: Vec<&str> = p.shipping_options.iter().map(|o| o.code.as_str()).collect();
            return Err(AppError::invalid(
                "shippingMethod",
                if offered.is_empty() {
                    "We don't ship to that address yet. Try another address.".to_string()
                } else {
                    format!(
                        "Choose one of the shipping methods offered ({}).",
                        offered.join(", ")
                    )
                },
            ));
        };
        let id = p
            .offered_methods
            .iter()
            .find(|m| m.rate.code == option.code)
            .map(|m| m.rate.id)
            .ok_or(AppError::Internal)?;
        record::set_shipping(&state.db, &c.record, id).await?;
        reload(state, c).await?;
    }
    enter_payment(state, c, &p.lines).await
}

/// Entering the payment step: hold stock for every line (not while an order for this
/// checkout is being placed: its holds are the order's).
pub async fn enter_payment(
    state: &AppState,
    c: &Current,
    lines: &[super::CheckoutLine],
) -> Result<Option<String>, AppError> {
    if c.record.status != "OPEN" {
        return Ok(None);
    }
    if lines.is_empty() {
        return Err(AppError::invalid("cart", "Your cart is empty."));
    }
    let (until, _) = reserve::ensure_reserved(
        &state.db,
        c.record.id,
        c.cart.id,
        lines,
        c.client.as_deref(),
        state.settings.get().checkout.hold_policy(),
    )
    .await?;
    Ok(Some(until.0.to_rfc3339()))
}

/// What the shopper pays with.
#[derive(Clone, Debug)]
pub enum PaymentInput {
    TestCard(CardInput),
    Stripe { payment_method_id: String },
}

/// Step 4: the card form (test gateway) or Stripe's PaymentMethod id.
pub async fn payment(state: &AppState, c: &Current, input: &PaymentInput) -> Result<(), AppError> {
    match (input, state.payments.provider()) {
        (PaymentInput::TestCard(card), Provider::Test) => {
            let now = chrono::Utc::now();
            let t = TestGateway.tokenize(
                card,
                (chrono::Datelike::year(&now), chrono::Datelike::month(&now)),
            )?;
            record::set_payment_token(
                &state.db,
                &c.record,
                "test_card",
                &t.token,
                Some(&t.brand),
                Some(&t.last4),
            )
            .await
        }
        (PaymentInput::Stripe { payment_method_id }, Provider::Stripe) => {
            let id = payment_method_id.trim();
            if !id.starts_with("pm_") || id.len() > 255 {
                return Err(AppError::invalid(
                    "payment.paymentMethodId",
                    "That is not a Stripe PaymentMethod id (pm_…).",
                ));
            }
            record::set_payment_token(&state.db, &c.record, "stripe", id, None, None).await
        }
        (_, p) => Err(AppError::invalid(
            "payment.method",
            format!("This shop takes payment by {}.", p.method()),
        )),
    }
}

/// Applies a coupon code to the cart (one code per order; a new one replaces the old). Failed
/// codes are throttled per shopper and per client `ip`.
pub async fn apply_coupon(
    state: &AppState,
    c: &Current,
    code: &str,
    ip: Option<&str>,
) -> Result<(), AppError> {
    let who = promotions::CouponGuesser {
        scope: &c.scope,
        ip,
    };
    promotions::attach_coupon(&state.db, c.cart.id, code, &who).await
}

pub async fn remove_coupon(state: &AppState, c: &Current) -> Result<(), AppError> {
    promotions::detach_coupon(&state.db, c.cart.id).await
}

/// Step 5: place the order. `key` identifies this attempt (a double click or retry sends the
/// same key and gets the same order); `channel` keeps the wizard's and the API's keys apart.
pub async fn place(
    state: &AppState,
    c: &Current,
    channel: &str,
    key: &str,
) -> Result<PlaceOutcome, AppError> {
    let key = key.trim();
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::bad(
            "The Idempotency-Key must be 1 to 200 visible ASCII characters.",
        ));
    }
    let scoped = format!("{channel}:{}:{key}", c.scope);
    place_order(
        &state.db,
        &state.settings.get(),
        state.payments.as_ref(),
        &c.cart,
        &c.record,
        Placer {
            user_id: c.user.as_ref().map(|u| u.id),
            signed_in: c.signed_in(),
            idempotency_key: &scoped,
            site_url: &state.site.base_url,
            client: c.client.as_deref(),
        },
    )
    .await
}

/// Shipping methods for an address, priced for the caller's cart as it stands (discounts
/// applied, weight counted); an empty or missing cart prices them for an empty order.
pub async fn cart_shipping_options(
    state: &AppState,
    session: &Session,
    country: &str,
    region: Option<&str>,
) -> Result<Vec<shared::checkout::ShippingOption>, AppError> {
    use storefront::pricing::{QuoteInput, Shopper, quote};
    let (user, owner) = crate::cart::owner_of(&state.db, session, &state.settings.get()).await?;
    let cart = crate::cart::find_cart(&state.db, &owner).await?;
    let currency = cart
        .as_ref()
        .map_or(storefront::Currency::BASE, |c| c.currency);
    let lines = match &cart {
        Some(c) => super::lines::load_lines(&state.db, c.id, currency).await?,
        None => Vec::new(),
    };
    let priced: Vec<_> = lines
        .iter()
        .filter(|l| l.purchasable)
        .map(|l| l.priced.clone())
        .collect();
    let automatic = promotions::automatic(&state.db, currency).await?;
    let q = quote(QuoteInput {
        currency,
        lines: &priced,
        automatic: &automatic,
        coupon: None,
        shopper: Shopper {
            now: chrono::Utc::now().timestamp(),
            signed_in: user.is_some(),
            previous_orders: 0,
        },
        shipping: None,
        tax: None,
    })
    .map_err(|e| AppError::internal("pricing", e))?;
    let merchandise = q
        .subtotal
        .checked_sub(q.discount)
        .map_err(|e| AppError::internal("pricing", e))?;
    super::rates::shipping_options_for(&state.db, country, region, merchandise, q.weight_grams)
        .await
}
