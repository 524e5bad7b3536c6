//! Pricing a checkout (the one place the wizard, the API and placement get amounts from) and
//! the view the wizard renders.

use storefront::pricing::{
    CouponOutcome, Ineligible, Quote, QuoteInput, Shopper, TaxInput, check_order_amount, quote,
};
use storefront::{Currency, Money};

use super::lines::{CheckoutLine, load_lines};
use super::promotions::{self, CouponPromotion};
use super::rates::{self, MethodRow};
use super::record::CheckoutRecord;
use crate::cart::CartRef;
use crate::db::Db;
use crate::settings::ShopSettings;
use shared::account::Address;
use shared::checkout::{
    CheckoutView, GatewayInfo, OrderSummary, PaymentChoice, SavingView, ShippingOption, Step,
    SummaryLine,
};
use shared::errors::AppError;

/// A checkout priced now.
#[derive(Clone, Debug)]
pub struct Priced {
    pub currency: Currency,
    /// The lines being bought (withdrawn ones are in `unavailable`).
    pub lines: Vec<CheckoutLine>,
    /// Names of lines that can no longer be bought (they block placing the order).
    pub unavailable: Vec<String>,
    pub quote: Quote,
    pub coupon: Option<CouponPromotion>,
    pub coupon_problem: Option<String>,
    pub shipping_options: Vec<ShippingOption>,
    /// The chosen method, when it is still offered for the address and cart.
    pub shipping_method: Option<MethodRow>,
    /// The methods offered for the address and cart (same order as `shipping_options`).
    pub offered_methods: Vec<MethodRow>,
    pub amount_problem: Option<String>,
}

impl Priced {
    pub fn needs_shipping(&self) -> bool {
        self.quote.needs_shipping
    }

    /// The address tax is charged for: where it ships, else the billing address.
    fn tax_address(record: &CheckoutRecord) -> Option<&Address> {
        record
            .shipping_address
            .as_ref()
            .or(record.billing_address.as_ref())
    }

    pub fn summary(&self) -> OrderSummary {
        let lines = self
            .lines
            .iter()
            .zip(&self.quote.lines)
            .map(|(l, q)| SummaryLine {
                variant_id: l.variant_id,
                name: l.name.clone(),
                variant_name: l.variant_name.clone(),
                quantity: l.quantity,
                unit_price: l.priced.unit_price,
                subtotal: q.subtotal,
                discount: q.discount,
                tax: q.tax,
                total: q.total,
            })
            .collect();
        let q = &self.quote;
        OrderSummary {
            lines,
            subtotal: q.subtotal,
            discount: q.discount,
            shipping: q.shipping.map(|s| {
                s.checked_sub(q.shipping_discount)
                    .unwrap_or(Money::zero(self.currency))
            }),
            tax: q.tax.unwrap_or(Money::zero(self.currency)),
            tax_included: q.tax_included,
            total: q.total,
            savings: q
                .applied
                .iter()
                .map(|a| SavingView {
                    name: a.name.clone(),
                    code: a.code.clone(),
                    amount: a.amount,
                    free_shipping: a.free_shipping,
                })
                .collect(),
        }
    }

    /// The first step whose information is missing.
    pub fn next_step(&self, record: &CheckoutRecord) -> Step {
        if record.email.is_none() {
            Step::Contact
        } else if Self::tax_address(record).is_none()
            || (self.needs_shipping() && record.shipping_address.is_none())
        {
            Step::Address
        } else if self.needs_shipping() && self.shipping_method.is_none() {
            Step::Shipping
        } else if record.payment_token.is_none() && self.quote.total.is_positive() {
            Step::Payment
        } else {
            Step::Review
        }
    }
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Prices the checkout of `cart` as it stands: promotions (automatic + the cart's code),
/// shipping for the address, tax, and the store's order limits.
pub async fn priced(
    db: &Db,
    settings: &ShopSettings,
    record: &CheckoutRecord,
    cart: &CartRef,
    signed_in: bool,
) -> Result<Priced, AppError> {
    let currency: Currency = cart.currency;
    let (lines, withdrawn): (Vec<_>, Vec<_>) = load_lines(db, cart.id, currency)
        .await?
        .into_iter()
        .partition(|l| l.purchasable);
    let automatic = promotions::automatic(db, currency).await?;
    let coupon = promotions::cart_coupon(db, cart.id, currency).await?;
    let shopper = Shopper {
        now: unix_now(),
        signed_in,
        previous_orders: promotions::previous_orders(db, record.user_id, record.email.as_deref())
            .await?,
    };
    let usable_coupon = coupon.as_ref().filter(|c| c.usable).map(|c| &c.promotion);
    let priced_lines: Vec<_> = lines.iter().map(|l| l.priced.clone()).collect();
    let money_err = |e| AppError::internal("pricing", e);
    let base = quote(QuoteInput {
        currency,
        lines: &priced_lines,
        automatic: &automatic,
        coupon: usable_coupon,
        shopper,
        shipping: None,
        tax: None,
    })
    .map_err(money_err)?;
    let merchandise = base
        .subtotal
        .checked_sub(base.discount)
        .map_err(money_err)?;
    let address = Priced::tax_address(record);
    let (options, methods) = match record.shipping_address.as_ref() {
        Some(a) if base.needs_shipping => {
            let methods = rates::methods_for(db, &a.country, a.region.as_deref(), currency).await?;
            (
                rates::shipping_options_list(&methods, merchandise, base.weight_grams),
                methods,
            )
        }
        _ => (Vec::new(), Vec::new()),
    };
    let offered: Vec<MethodRow> = methods
        .into_iter()
        .filter(|m| options.iter().any(|o| o.code == m.rate.code))
        .collect();
    let chosen = record
        .shipping_method_id
        .and_then(|id| offered.iter().find(|m| m.rate.id == id).cloned());
    let tax_rules = match address {
        Some(a) => crate::tax::tax_rules(db, &a.country).await?,
        None => Vec::new(),
    };
    let full = quote(QuoteInput {
        currency,
        lines: &priced_lines,
        automatic: &automatic,
        coupon: usable_coupon,
        shopper,
        shipping: chosen.as_ref().map(|m| &m.rate),
        tax: address.map(|a| TaxInput {
            rules: &tax_rules,
            country: &a.country,
            region: a.region.as_deref(),
            prices_include_tax: settings.checkout.prices_include_tax,
        }),
    })
    .map_err(money_err)?;
    let coupon_problem = match (&coupon, &full.coupon) {
        (Some(c), _) if !c.usable => Some(Ineligible::Unavailable.to_string()),
        (_, CouponOutcome::Rejected(why)) => Some(why.to_string()),
        _ => None,
    };
    let limits = &settings.checkout;
    let amount_problem = check_order_amount(
        merchandise,
        limits.min_order_minor.map(|m| Money::new(m, currency)),
        limits.max_order_minor.map(|m| Money::new(m, currency)),
    )
    .err()
    .map(|e| e.to_string());
    Ok(Priced {
        currency,
        lines,
        unavailable: withdrawn.into_iter().map(|l| l.name).collect(),
        quote: full,
        coupon,
        coupon_problem,
        shipping_options: options,
        shipping_method: chosen,
        offered_methods: offered,
        amount_problem,
    })
}

/// The wizard's view of a priced checkout.
pub fn build_view(
    settings: &ShopSettings,
    gateway: GatewayInfo,
    record: &CheckoutRecord,
    priced: &Priced,
    signed_in: bool,
    saved_addresses: Vec<Address>,
    reserved_until: Option<String>,
) -> CheckoutView {
    CheckoutView {
        next_step: priced.next_step(record),
        signed_in,
        guest_checkout: settings.checkout.guest_checkout,
        email: record.email.clone(),
        shipping_address: record.shipping_address.clone(),
        billing_address: if record.billing_same_as_shipping {
            record.shipping_address.clone()
        } else {
            record.billing_address.clone()
        },
        billing_same_as_shipping: record.billing_same_as_shipping,
        saved_addresses,
        needs_shipping: priced.needs_shipping(),
        shipping_options: priced.shipping_options.clone(),
        shipping_method: priced.shipping_method.as_ref().map(|m| m.rate.code.clone()),
        payment: record.payment_method.as_ref().map(|m| PaymentChoice {
            method: m.clone(),
            brand: record.card_brand.clone(),
            last4: record.card_last4.clone(),
        }),
        gateway,
        coupon_code: priced.coupon.as_ref().map(|c| c.code.clone()),
        coupon_problem: priced.coupon_problem.clone(),
        summary: priced.summary(),
        amount_problem: priced.amount_problem.clone(),
        reserved_until,
        last_error: record.last_error.clone(),
        place_key: crate::tokens::random_token()[..24].to_string(),
    }
}
