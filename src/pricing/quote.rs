//! The whole price of a checkout.

use serde::{Deserialize, Serialize};

use super::discount::{AppliedPromotion, CouponOutcome, Discounts, apply_promotions};
use super::promotion::{PricedLine, Promotion, Shopper};
use super::shipping::ShippingRate;
use super::tax::{TaxRule, tax_included, tax_on};
use crate::{Currency, Money, MoneyError};

/// Where tax is due, and how prices are entered.
#[derive(Debug, Clone, Copy)]
pub struct TaxInput<'a> {
    /// The store's tax rules.
    pub rules: &'a [TaxRule],
    /// Shipping (or, for digital-only orders, billing) country.
    pub country: &'a str,
    /// Region, if the address has one.
    pub region: Option<&'a str>,
    /// Catalogue prices already include tax (store setting).
    pub prices_include_tax: bool,
}

/// Everything a quote depends on.
#[derive(Debug, Clone, Copy)]
pub struct QuoteInput<'a> {
    /// The cart's currency.
    pub currency: Currency,
    /// The lines, priced now.
    pub lines: &'a [PricedLine],
    /// Automatic promotions that are active (limits checked by the caller).
    pub automatic: &'a [Promotion],
    /// The promotion behind the entered code, if any.
    pub coupon: Option<&'a Promotion>,
    /// Who and when.
    pub shopper: Shopper,
    /// The chosen shipping method (`None`: not chosen yet, or nothing to ship).
    pub shipping: Option<&'a ShippingRate>,
    /// Tax, once the address is known.
    pub tax: Option<TaxInput<'a>>,
}

/// One line of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineQuote {
    /// The caller's key.
    pub key: i64,
    /// `unit price × quantity`.
    pub subtotal: Money,
    /// This line's share of every discount.
    pub discount: Money,
    /// Tax on (or, with tax-inclusive prices, inside) `subtotal − discount`.
    pub tax: Money,
    /// What the shopper pays for the line: `subtotal − discount` (+ `tax` when tax is added).
    pub total: Money,
}

/// A checkout's price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Per line, in input order.
    pub lines: Vec<LineQuote>,
    /// Σ line subtotals.
    pub subtotal: Money,
    /// Σ line discounts.
    pub discount: Money,
    /// Shipping before its discount (`None`: not chosen yet).
    pub shipping: Option<Money>,
    /// Taken off shipping.
    pub shipping_discount: Money,
    /// Σ line taxes + tax on shipping (`None`: address not known yet).
    pub tax: Option<Money>,
    /// Tax is already inside the prices (shown, not added).
    pub tax_included: bool,
    /// `subtotal − discount + shipping − shipping_discount (+ tax when added)`; never negative.
    pub total: Money,
    /// The promotions that apply.
    pub applied: Vec<AppliedPromotion>,
    /// The entered code's fate.
    pub coupon: CouponOutcome,
    /// Some line has to be shipped.
    pub needs_shipping: bool,
    /// Parcel weight.
    pub weight_grams: u64,
}

/// Why an order amount is refused (store's minimum / maximum order amount).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum OrderAmountError {
    /// Below the minimum.
    #[error("The minimum order is {minimum}; add {short_by} more to check out.")]
    BelowMinimum {
        /// The minimum.
        minimum: Money,
        /// What is missing.
        short_by: Money,
    },
    /// Above the maximum.
    #[error("Orders over {maximum} can't be placed online; please contact us.")]
    AboveMaximum {
        /// The maximum.
        maximum: Money,
    },
}

/// Checks the merchandise total (subtotal − discount) against the store's limits.
pub fn check_order_amount(
    merchandise: Money,
    minimum: Option<Money>,
    maximum: Option<Money>,
) -> Result<(), OrderAmountError> {
    if let Some(minimum) = minimum
        && merchandise.minor() < minimum.minor()
    {
        let short_by = Money::new(minimum.minor() - merchandise.minor(), minimum.currency());
        return Err(OrderAmountError::BelowMinimum { minimum, short_by });
    }
    if let Some(maximum) = maximum
        && merchandise.minor() > maximum.minor()
    {
        return Err(OrderAmountError::AboveMaximum { maximum });
    }
    Ok(())
}

/// Prices a checkout: promotions, shipping, tax, totals (see the module docs for the order).
pub fn quote(input: QuoteInput<'_>) -> Result<Quote, MoneyError> {
    let currency = input.currency;
    let lines = input.lines;
    let needs_shipping = lines.iter().any(|l| l.kind.needs_shipping());
    let weight_grams: u64 = lines
        .iter()
        .filter(|l| l.kind.needs_shipping())
        .map(|l| u64::from(l.unit_weight_grams) * u64::from(l.quantity))
        .sum();
    let subtotals: Vec<Money> = lines
        .iter()
        .map(PricedLine::subtotal)
        .collect::<Result<_, _>>()?;
    let subtotal = Money::sum(subtotals.iter().copied(), currency)?;

    // Free shipping needs the shipping price, and "free over" needs the discounts: price the
    // promotions without shipping first, then shipping on the discounted merchandise, then
    // the promotions again with the shipping price (line discounts do not depend on it).
    let first = apply_promotions(
        currency,
        lines,
        input.automatic,
        input.coupon,
        &input.shopper,
        None,
    )?;
    let merchandise = subtotal.checked_sub(first.merchandise(currency)?)?;
    let shipping = match (needs_shipping, input.shipping) {
        (true, Some(rate)) => rate.price_for(merchandise, weight_grams),
        (false, _) => Some(Money::zero(currency)),
        (true, None) => None,
    };
    let discounts: Discounts = match shipping {
        Some(s) if first.free_shipping && s.is_positive() => apply_promotions(
            currency,
            lines,
            input.automatic,
            input.coupon,
            &input.shopper,
            Some(s),
        )?,
        _ => first,
    };
    let shipping_discount = match shipping {
        Some(s) if discounts.free_shipping => s,
        _ => Money::zero(currency),
    };

    let mut out_lines = Vec::with_capacity(lines.len());
    let mut tax_total = Money::zero(currency);
    for (i, line) in lines.iter().enumerate() {
        let discount = discounts.per_line[i];
        let net = subtotals[i].checked_sub(discount)?;
        let tax = match input.tax {
            Some(t) => match TaxRule::for_line(t.rules, t.country, t.region, line) {
                Some(rule) if t.prices_include_tax => tax_included(net, rule.rate),
                Some(rule) => tax_on(net, rule.rate),
                None => Money::zero(currency),
            },
            None => Money::zero(currency),
        };
        tax_total = tax_total.checked_add(tax)?;
        let added = input.tax.is_some_and(|t| !t.prices_include_tax);
        out_lines.push(LineQuote {
            key: line.key,
            subtotal: subtotals[i],
            discount,
            tax,
            total: if added { net.checked_add(tax)? } else { net },
        });
    }
    let shipping_net = match shipping {
        Some(s) => s.checked_sub(shipping_discount)?,
        None => Money::zero(currency),
    };
    if let Some(t) = input.tax
        && let Some(rule) = TaxRule::for_shipping(t.rules, t.country, t.region)
    {
        let tax = if t.prices_include_tax {
            tax_included(shipping_net, rule.rate)
        } else {
            tax_on(shipping_net, rule.rate)
        };
        tax_total = tax_total.checked_add(tax)?;
    }
    let discount = discounts.merchandise(currency)?;
    let tax_added = input.tax.is_some_and(|t| !t.prices_include_tax);
    let mut total = subtotal.checked_sub(discount)?.checked_add(shipping_net)?;
    if tax_added {
        total = total.checked_add(tax_total)?;
    }
    Ok(Quote {
        lines: out_lines,
        subtotal,
        discount,
        shipping,
        shipping_discount,
        tax: input.tax.map(|_| tax_total),
        tax_included: input.tax.is_some_and(|t| t.prices_include_tax),
        total,
        applied: discounts.applied,
        coupon: discounts.coupon,
        needs_shipping,
        weight_grams,
    })
}
