//! Cart totals, computed only here so the page, the API and checkout agree to the cent.

use serde::{Deserialize, Serialize};

use crate::{Currency, Money, MoneyError};

/// A line as priced now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartLine {
    /// The catalog price now; this is what the shopper pays.
    pub unit_price: Money,
    /// The price when the line was added (or last confirmed).
    pub added_price: Money,
    /// Units on the line.
    pub quantity: u32,
}

impl CartLine {
    /// `unit_price × quantity`.
    pub fn total(&self) -> Result<Money, MoneyError> {
        self.unit_price.checked_mul_qty(self.quantity)
    }

    /// `(was, now)` when the catalog price moved since the line was added.
    pub fn price_change(&self) -> Option<(Money, Money)> {
        (self.unit_price != self.added_price).then_some((self.added_price, self.unit_price))
    }
}

/// What the cart page and API show. Tax and shipping are estimated at checkout (`None` here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartTotals {
    /// Sum of line totals.
    pub subtotal: Money,
    /// Promotions (applied at checkout; zero in the cart for now).
    pub discount: Money,
    /// Estimated tax, once an address is known.
    pub tax: Option<Money>,
    /// Estimated shipping, once an address is known.
    pub shipping: Option<Money>,
    /// `subtotal − discount + tax + shipping`, never below zero.
    pub total: Money,
    /// Units across all lines (the header badge).
    pub item_count: u32,
}

/// Totals of `lines`, all in `currency`.
pub fn cart_totals(currency: Currency, lines: &[CartLine]) -> Result<CartTotals, MoneyError> {
    let mut subtotal = Money::zero(currency);
    let mut item_count: u32 = 0;
    for line in lines {
        subtotal = subtotal.checked_add(line.total()?)?;
        item_count = item_count.saturating_add(line.quantity);
    }
    let discount = Money::zero(currency);
    let mut total = subtotal.checked_sub(discount)?;
    if total.is_negative() {
        total = Money::zero(currency);
    }
    Ok(CartTotals {
        subtotal,
        discount,
        tax: None,
        shipping: None,
        total,
        item_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    #[test]
    fn totals_add_lines_at_the_current_price() {
        let lines = [
            CartLine {
                unit_price: usd(1999),
                added_price: usd(1999),
                quantity: 2,
            },
            CartLine {
                unit_price: usd(550),
                added_price: usd(600),
                quantity: 3,
            },
        ];
        let t = cart_totals(Currency::Usd, &lines).unwrap();
        assert_eq!(t.subtotal, usd(5648));
        assert_eq!(t.total, usd(5648));
        assert_eq!(t.item_count, 5);
        assert_eq!(lines[0].price_change(), None);
        assert_eq!(lines[1].price_change(), Some((usd(600), usd(550))));
    }

    #[test]
    fn empty_cart_is_zero() {
        let t = cart_totals(Currency::Usd, &[]).unwrap();
        assert!(t.total.is_zero());
        assert_eq!(t.item_count, 0);
    }

    #[test]
    fn mixed_currencies_and_overflow_are_errors() {
        let eur = Money::new(100, Currency::Eur);
        let line = CartLine {
            unit_price: eur,
            added_price: eur,
            quantity: 1,
        };
        assert!(matches!(
            cart_totals(Currency::Usd, &[line]),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        let huge = CartLine {
            unit_price: usd(i64::MAX / 2),
            added_price: usd(0),
            quantity: 3,
        };
        assert_eq!(
            cart_totals(Currency::Usd, &[huge]),
            Err(MoneyError::Overflow)
        );
    }
}
