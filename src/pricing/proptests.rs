//! Properties of the pricing engine.

use proptest::prelude::*;

use super::*;
use crate::{Currency, Money, TaxRate};

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::Usd)
}

fn arb_line() -> impl Strategy<Value = (i64, u32, i64, bool)> {
    (0_i64..200_000, 1_u32..=10, 1_i64..6, any::<bool>())
}

fn arb_promotion() -> impl Strategy<Value = Promotion> {
    let kind = prop_oneof![
        (0_u32..=10_000, proptest::option::of(0_i64..50_000)).prop_map(|(bp, cap)| {
            PromotionKind::PercentOff {
                percent: Percent::from_basis_points(bp).unwrap(),
                max_discount: cap.map(usd),
            }
        }),
        (0_i64..300_000).prop_map(|a| PromotionKind::AmountOff { amount: usd(a) }),
        Just(PromotionKind::FreeShipping),
        (
            1_u32..4,
            1_u32..3,
            1_u32..=10_000,
            proptest::option::of(1_u32..4)
        )
            .prop_map(|(buy, get, bp, max)| PromotionKind::BuyXGetY {
                buy,
                get,
                percent: Percent::from_basis_points(bp).unwrap(),
                max_applications: max,
            }),
        proptest::collection::vec((0_i64..200_000, 0_i64..100_000), 1..4).prop_map(|t| {
            PromotionKind::Tiered {
                tiers: t
                    .into_iter()
                    .map(|(s, o)| Tier {
                        min_spend: usd(s),
                        amount_off: usd(o),
                    })
                    .collect(),
            }
        }),
    ];
    (
        1_i64..1000,
        kind,
        any::<bool>(),
        proptest::option::of(1_i64..6),
        any::<bool>(),
        -2_i32..3,
    )
        .prop_map(
            |(id, kind, items, product, exclusive, priority)| Promotion {
                id,
                name: format!("promo {id}"),
                code: None,
                kind,
                target: match (items, product) {
                    (true, Some(p)) => Target::Items {
                        product_ids: vec![p],
                        category_ids: vec![],
                    },
                    _ => Target::Order,
                },
                conditions: Conditions::default(),
                exclusive,
                priority,
            },
        )
}

prop_compose! {
    fn arb_case()(
        raw_lines in proptest::collection::vec(arb_line(), 1..8),
        automatic in proptest::collection::vec(arb_promotion(), 0..4),
        coupon in proptest::option::of(arb_promotion()),
        ship_price in 0_i64..3_000,
        free_over in proptest::option::of(0_i64..100_000),
        rate_bp in 0_u32..3_000,
        inclusive in any::<bool>(),
        tax_shipping in any::<bool>(),
        with_tax in any::<bool>(),
    ) -> (Vec<PricedLine>, Vec<Promotion>, Option<Promotion>, ShippingRate, Vec<TaxRule>, bool, bool) {
        let lines = raw_lines
            .into_iter()
            .enumerate()
            .map(|(i, (price, qty, product, digital))| PricedLine {
                key: i as i64,
                product_id: product,
                category_ids: vec![product * 10],
                kind: if digital { ProductKind::Digital } else { ProductKind::Physical },
                unit_price: usd(price),
                quantity: qty,
                unit_weight_grams: 250,
            })
            .collect();
        let coupon = coupon.map(|mut c| {
            c.id += 10_000;
            c.code = Some("SAVE".into());
            c
        });
        let shipping = ShippingRate {
            id: 1,
            code: "standard".into(),
            name: "Standard".into(),
            price: usd(ship_price),
            free_over: free_over.map(usd),
            min_weight_grams: None,
            max_weight_grams: None,
        };
        let rules = vec![TaxRule {
            id: 1,
            name: "tax".into(),
            country: "US".into(),
            region: None,
            category_id: None,
            product_kind: None,
            rate: TaxRate::new(rust_decimal::Decimal::new(i64::from(rate_bp), 4)).unwrap(),
            applies_to_shipping: tax_shipping,
            priority: 0,
        }];
        (lines, automatic, coupon, shipping, rules, inclusive, with_tax)
    }
}

proptest! {
    #[test]
    fn totals_add_up_and_never_go_negative(case in arb_case()) {
        let (lines, automatic, coupon, shipping, rules, inclusive, with_tax) = case;
        let input = QuoteInput {
            currency: Currency::Usd,
            lines: &lines,
            automatic: &automatic,
            coupon: coupon.as_ref(),
            shopper: Shopper { now: 0, signed_in: false, previous_orders: 0 },
            shipping: Some(&shipping),
            tax: with_tax.then_some(TaxInput {
                rules: &rules,
                country: "US",
                region: None,
                prices_include_tax: inclusive,
            }),
        };
        let q = quote(input).unwrap();
        let ship = q.shipping.unwrap();
        let tax_added = with_tax && !inclusive;
        let tax = q.tax.unwrap_or(usd(0));
        // total = Σ lines − discounts + shipping − shipping discount (+ tax when added)
        let expected = q.subtotal.minor() - q.discount.minor() + ship.minor()
            - q.shipping_discount.minor() + if tax_added { tax.minor() } else { 0 };
        prop_assert_eq!(q.total.minor(), expected);
        prop_assert!(!q.total.is_negative());
        prop_assert!(q.shipping_discount.minor() <= ship.minor());
        // Discounts are allocated to lines exactly, and no line goes below zero.
        let per_line: i64 = q.lines.iter().map(|l| l.discount.minor()).sum();
        prop_assert_eq!(per_line, q.discount.minor());
        for l in &q.lines {
            prop_assert!(l.discount.minor() >= 0);
            prop_assert!(l.discount.minor() <= l.subtotal.minor());
            prop_assert!(l.tax.minor() >= 0);
        }
        let sub: i64 = q.lines.iter().map(|l| l.subtotal.minor()).sum();
        prop_assert_eq!(sub, q.subtotal.minor());
        // The order's tax is the lines' tax (+ shipping's): per-line rounding, no drift.
        let line_tax: i64 = q.lines.iter().map(|l| l.tax.minor()).sum();
        prop_assert!(tax.minor() >= line_tax);
        if !(with_tax && rules[0].applies_to_shipping) {
            prop_assert_eq!(tax.minor(), line_tax);
        }
        // Applied promotions account for every discounted minor unit.
        let applied: i64 = q.applied.iter().map(|a| a.amount.minor()).sum();
        prop_assert_eq!(applied, q.discount.minor());
        // Re-pricing the same cart gives the same quote.
        prop_assert_eq!(quote(input).unwrap(), q);
    }
}
