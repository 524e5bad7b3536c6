//! Shipping methods and their prices.

use serde::{Deserialize, Serialize};

use crate::Money;

/// A shipping method of the address's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRate {
    /// Database id.
    pub id: i64,
    /// Stable code ("standard").
    pub code: String,
    /// Shown to the shopper.
    pub name: String,
    /// Flat price.
    pub price: Money,
    /// Free when the discounted merchandise reaches this.
    pub free_over: Option<Money>,
    /// Offered only from this parcel weight (grams)…
    pub min_weight_grams: Option<u32>,
    /// …up to and including this one (a weight table is several methods with ranges).
    pub max_weight_grams: Option<u32>,
}

impl ShippingRate {
    /// The price for a parcel of `weight_grams` holding `merchandise` (after discounts), or
    /// `None` when this method does not take that weight.
    pub fn price_for(&self, merchandise: Money, weight_grams: u64) -> Option<Money> {
        if self
            .min_weight_grams
            .is_some_and(|w| weight_grams < u64::from(w))
            || self
                .max_weight_grams
                .is_some_and(|w| weight_grams > u64::from(w))
        {
            return None;
        }
        match self.free_over {
            Some(t)
                if t.currency() == merchandise.currency() && merchandise.minor() >= t.minor() =>
            {
                Some(Money::zero(self.price.currency()))
            }
            _ => Some(self.price),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    fn standard() -> ShippingRate {
        ShippingRate {
            id: 1,
            code: "standard".into(),
            name: "Standard".into(),
            price: usd(599),
            free_over: Some(usd(5000)),
            min_weight_grams: None,
            max_weight_grams: Some(20_000),
        }
    }

    #[test]
    fn free_over_threshold_after_discounts() {
        assert_eq!(standard().price_for(usd(4999), 100), Some(usd(599)));
        assert_eq!(standard().price_for(usd(5000), 100), Some(usd(0)));
    }

    #[test]
    fn weight_table_brackets() {
        assert_eq!(standard().price_for(usd(100), 20_000), Some(usd(599)));
        assert_eq!(standard().price_for(usd(100), 20_001), None);
        let heavy = ShippingRate {
            min_weight_grams: Some(20_001),
            max_weight_grams: None,
            ..standard()
        };
        assert_eq!(heavy.price_for(usd(100), 20_000), None);
        assert!(heavy.price_for(usd(100), 50_000).is_some());
    }
}
