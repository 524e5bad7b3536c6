//! Tax rules: which rate applies where, and the tax in an amount.

use serde::{Deserialize, Serialize};

use super::promotion::{PricedLine, ProductKind};
use crate::money::round_half_even;
use crate::{Money, TaxRate};

/// A tax rate for a country, optionally narrowed to a region, a category or a product kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRule {
    /// Database id.
    pub id: i64,
    /// Shown on the receipt ("CA sales tax").
    pub name: String,
    /// ISO country code, upper case.
    pub country: String,
    /// Region (state, province) or `None` for the whole country.
    pub region: Option<String>,
    /// Only products in this category (or below it).
    pub category_id: Option<i64>,
    /// Only products of this kind.
    pub product_kind: Option<ProductKind>,
    /// The rate.
    pub rate: TaxRate,
    /// Shipping is taxed at this rate too.
    pub applies_to_shipping: bool,
    /// Breaks ties between equally specific rules (higher wins).
    pub priority: i32,
}

impl TaxRule {
    fn matches_place(&self, country: &str, region: Option<&str>) -> bool {
        self.country.eq_ignore_ascii_case(country)
            && match (&self.region, region) {
                (None, _) => true,
                (Some(r), Some(a)) => r.eq_ignore_ascii_case(a),
                (Some(_), None) => false,
            }
    }

    fn specificity(&self) -> (u8, i32, i64) {
        let s = u8::from(self.region.is_some()) * 4
            + u8::from(self.category_id.is_some()) * 2
            + u8::from(self.product_kind.is_some());
        (s, self.priority, -self.id)
    }

    /// The most specific rule for `line` at the address (`None`: untaxed).
    pub fn for_line<'a>(
        rules: &'a [TaxRule],
        country: &str,
        region: Option<&str>,
        line: &PricedLine,
    ) -> Option<&'a TaxRule> {
        rules
            .iter()
            .filter(|r| r.matches_place(country, region))
            .filter(|r| r.category_id.is_none_or(|c| line.category_ids.contains(&c)))
            .filter(|r| r.product_kind.is_none_or(|k| k == line.kind))
            .max_by_key(|r| r.specificity())
    }

    /// The rule taxing shipping at the address, if any.
    pub fn for_shipping<'a>(
        rules: &'a [TaxRule],
        country: &str,
        region: Option<&str>,
    ) -> Option<&'a TaxRule> {
        rules
            .iter()
            .filter(|r| {
                r.applies_to_shipping && r.category_id.is_none() && r.product_kind.is_none()
            })
            .filter(|r| r.matches_place(country, region))
            .max_by_key(|r| r.specificity())
    }
}

/// Tax on top of a net `amount`, rounded half-to-even.
pub fn tax_on(amount: Money, rate: TaxRate) -> Money {
    amount.apply_rate(rate)
}

/// The tax inside a gross `amount` (prices include tax): `amount × r / (1 + r)`, rounded
/// half-to-even.
pub fn tax_included(amount: Money, rate: TaxRate) -> Money {
    let d = rate.as_decimal();
    let m = d.mantissa();
    let scale = 10_i128.pow(d.scale());
    let numerator = i128::from(amount.minor()) * m;
    let magnitude = round_half_even(numerator.unsigned_abs(), (scale + m).unsigned_abs());
    let magnitude = i128::try_from(magnitude).unwrap_or(0);
    let signed = if numerator < 0 { -magnitude } else { magnitude };
    // |tax| < |amount|, so it fits.
    Money::new(i64::try_from(signed).unwrap_or(0), amount.currency())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    fn rule(id: i64, region: Option<&str>, category: Option<i64>, rate: &str) -> TaxRule {
        TaxRule {
            id,
            name: format!("rule {id}"),
            country: "US".into(),
            region: region.map(str::to_string),
            category_id: category,
            product_kind: None,
            rate: rate.parse().unwrap(),
            applies_to_shipping: false,
            priority: 0,
        }
    }

    fn line(categories: Vec<i64>) -> PricedLine {
        PricedLine {
            key: 1,
            product_id: 1,
            category_ids: categories,
            kind: ProductKind::Physical,
            unit_price: usd(1000),
            quantity: 1,
            unit_weight_grams: 0,
        }
    }

    #[test]
    fn most_specific_rule_wins() {
        let rules = [
            rule(1, None, None, "5%"),
            rule(2, Some("CA"), None, "7.25%"),
            rule(3, Some("CA"), Some(9), "0%"),
        ];
        let pick =
            |region, cats| TaxRule::for_line(&rules, "us", region, &line(cats)).map(|r| r.id);
        assert_eq!(pick(Some("NY"), vec![]), Some(1));
        assert_eq!(pick(Some("ca"), vec![]), Some(2));
        assert_eq!(pick(Some("CA"), vec![4, 9]), Some(3));
        assert_eq!(pick(None, vec![9]), Some(1));
        assert_eq!(TaxRule::for_line(&rules, "DE", None, &line(vec![])), None);
    }

    #[test]
    fn included_tax_is_the_part_inside() {
        // €119.00 at 19 % holds €19.00.
        let r: TaxRate = "19%".parse().unwrap();
        assert_eq!(tax_included(usd(11_900), r), usd(1_900));
        // $10.00 at 8.25 %: 10 − 10/1.0825 = 0.7621… → 0.76.
        assert_eq!(tax_included(usd(1_000), "8.25%".parse().unwrap()), usd(76));
        assert_eq!(tax_on(usd(1_000), "8.25%".parse().unwrap()), usd(82));
    }
}
