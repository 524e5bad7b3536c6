//! Checkout pricing: promotions, shipping and tax, computed only here so the wizard, the API
//! and the order agree to the cent. Pure functions over values the caller loaded.
//!
//! Order of work (see [`quote()`]):
//! 1. Line subtotals (`unit price × quantity`).
//! 2. Promotions ([`apply_promotions`]): line promotions first (buy X get Y on full prices,
//!    then percentage or amount off matching items), then order promotions (percentage, amount,
//!    tiered spend) on what is left, then free shipping. Within a group the higher priority
//!    goes first. Order-level discounts are split over the lines with [`Money::allocate`], so
//!    every line knows its exact share (refunds by line are exact). No line ever goes below
//!    zero, so neither does the total.
//! 3. Stacking: at most one coupon code plus every automatic promotion. A promotion marked
//!    exclusive is never combined: the shopper gets whichever is worth more, the exclusive one
//!    alone or everything else together.
//! 4. Shipping ([`ShippingRate::price_for`]) on the discounted merchandise total (so "free
//!    over $50" means $50 after discounts) and the parcel weight.
//! 5. Tax ([`TaxRule`]): one rate per line, the most specific rule for the address; tax is
//!    computed **per line** on the discounted line amount and rounded half-to-even, and the
//!    order's tax is the sum of the lines' (so each line's refund carries its exact tax).
//!    With prices that include tax, the tax is the part of the amount already inside it.
//!
//! [`Money::allocate`]: crate::Money::allocate

mod discount;
mod promotion;
mod quote;
mod shipping;
mod tax;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use discount::{AppliedPromotion, CouponOutcome, Discounts, apply_promotions};
pub use promotion::{
    Conditions, Ineligible, Percent, PricedLine, ProductKind, Promotion, PromotionKind, Shopper,
    Target, Tier, UnknownProductKind,
};
pub use quote::{
    LineQuote, OrderAmountError, Quote, QuoteInput, TaxInput, check_order_amount, quote,
};
pub use shipping::ShippingRate;
pub use tax::{TaxRule, tax_included, tax_on};
