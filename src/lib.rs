//! Pure domain core of the storefront: money, validated identifiers, cart rules, checkout
//! pricing (promotions, shipping, tax), and the order and payment state machines.
//!
//! No IO, no framework dependencies; builds for native targets and `wasm32-unknown-unknown`
//! so the same rules run on the server and in the browser. Types are parsed once at the
//! edge ("parse, don't validate") and deserialization always goes through the same parsers,
//! so invalid data cannot be represented.
//!
//! ```
//! use storefront::{Currency, Money, OrderEvent, OrderStatus, Quantity, TaxRate};
//!
//! let price = Money::parse_amount("1,234.50", Currency::Usd)?;
//! let qty = Quantity::parse("2")?;
//! let subtotal = price.checked_mul_qty(qty.get())?;
//! let tax = subtotal.apply_rate("8.25%".parse::<TaxRate>()?);
//! assert_eq!(subtotal.to_string(), "$2,469.00");
//! assert_eq!(tax.to_string(), "$203.69");
//!
//! let shares = Money::new(10_000, Currency::Usd).allocate(&[1, 1, 1])?;
//! assert_eq!(shares.iter().map(Money::minor).collect::<Vec<_>>(), [3334, 3333, 3333]);
//!
//! let status = OrderStatus::Pending.apply(OrderEvent::Confirm)?;
//! assert_eq!(status.as_str(), "CONFIRMED");
//! assert_eq!(
//!     status.apply(OrderEvent::Ship).unwrap_err().to_string(),
//!     "cannot ship an order that is CONFIRMED"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cart;
pub mod catalog;
pub mod ids;
pub mod learning;
pub mod money;
pub mod order;
pub mod payment;
pub mod pricing;
pub mod subscription;

pub use cart::{CartLimits, CartRejection, CartTotals};
pub use catalog::{AttributeError, VariantAttributes, VariantSetError, product_options};
pub use ids::{
    CouponCode, CouponCodeError, Email, EmailError, Quantity, QuantityError, Sku, SkuError, Slug,
    SlugError, Units, UnitsError,
};
pub use money::{
    Currency, Money, MoneyError, ParseAmountError, TaxRate, TaxRateError, UnknownCurrency,
    parse_amount,
};
pub use order::{
    InvalidTransition as InvalidOrderTransition, LinePick, LinePickError, LineState, OrderEvent,
    OrderStatus, ReturnEvent, ReturnStatus, plan_fulfilment, plan_line_refund,
};
pub use payment::{
    InvalidTransition as InvalidPaymentTransition, PaymentEvent, PaymentStatus, RefundError,
};
