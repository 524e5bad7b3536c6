//! Worked examples of the pricing rules (the documented behaviour, one case each).

use super::*;
use crate::{Currency, Money};

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::Usd)
}

fn line(key: i64, product: i64, price: i64, qty: u32) -> PricedLine {
    PricedLine {
        key,
        product_id: product,
        category_ids: vec![100 + product],
        kind: ProductKind::Physical,
        unit_price: usd(price),
        quantity: qty,
        unit_weight_grams: 500,
    }
}

fn promo(id: i64, kind: PromotionKind) -> Promotion {
    Promotion {
        id,
        name: format!("promo {id}"),
        code: None,
        kind,
        target: Target::Order,
        conditions: Conditions::default(),
        exclusive: false,
        priority: 0,
    }
}

fn coupon(id: i64, kind: PromotionKind) -> Promotion {
    Promotion {
        code: Some("SAVE".into()),
        ..promo(id, kind)
    }
}

fn guest() -> Shopper {
    Shopper {
        now: 1_800_000_000,
        signed_in: false,
        previous_orders: 0,
    }
}

fn percent(p: u32) -> Percent {
    Percent::from_basis_points(p * 100).unwrap()
}

fn bxgy(buy: u32, get: u32, max: Option<u32>) -> PromotionKind {
    PromotionKind::BuyXGetY {
        buy,
        get,
        percent: Percent::ALL,
        max_applications: max,
    }
}

fn discounts(lines: &[PricedLine], auto: &[Promotion], code: Option<&Promotion>) -> Discounts {
    apply_promotions(Currency::Usd, lines, auto, code, &guest(), Some(usd(599))).unwrap()
}

fn minors(v: &[Money]) -> Vec<i64> {
    v.iter().map(Money::minor).collect()
}

#[test]
fn buy_two_get_one_discounts_the_cheapest_unit() {
    let lines = [line(1, 1, 1000, 2), line(2, 2, 500, 1)];
    let d = discounts(&lines, &[promo(1, bxgy(2, 1, None))], None);
    assert_eq!(minors(&d.per_line), [0, 500]);
}

#[test]
fn buy_x_get_y_repeats_up_to_its_maximum() {
    let lines = [line(1, 1, 1000, 6)];
    let d = discounts(&lines, &[promo(1, bxgy(2, 1, None))], None);
    assert_eq!(minors(&d.per_line), [2000]);
    let d = discounts(&lines, &[promo(1, bxgy(2, 1, Some(1)))], None);
    assert_eq!(minors(&d.per_line), [1000]);
    // Five units make one group of three, not two.
    let d = discounts(&[line(1, 1, 1000, 5)], &[promo(1, bxgy(2, 1, None))], None);
    assert_eq!(minors(&d.per_line), [1000]);
}

#[test]
fn buy_x_get_y_only_counts_matching_items() {
    let mut p = promo(1, bxgy(1, 1, None));
    p.target = Target::Items {
        product_ids: vec![],
        category_ids: vec![101],
    };
    // One matching unit (product 1 is in category 101) is not a group of two.
    let lines = [line(1, 1, 1000, 1), line(2, 2, 100, 5)];
    assert_eq!(
        minors(&discounts(&lines, &[p.clone()], None).per_line),
        [0, 0]
    );
    let lines = [line(1, 1, 1000, 2), line(2, 2, 100, 5)];
    assert_eq!(minors(&discounts(&lines, &[p], None).per_line), [1000, 0]);
}

#[test]
fn an_amount_off_never_takes_the_total_below_zero() {
    let lines = [line(1, 1, 1500, 1), line(2, 2, 1500, 1)];
    let big = coupon(1, PromotionKind::AmountOff { amount: usd(5000) });
    let d = discounts(&lines, &[], Some(&big));
    assert_eq!(minors(&d.per_line), [1500, 1500]);
    assert_eq!(d.coupon, CouponOutcome::Applied);
    let q = quote(QuoteInput {
        currency: Currency::Usd,
        lines: &lines,
        automatic: &[],
        coupon: Some(&big),
        shopper: guest(),
        shipping: Some(&standard_shipping()),
        tax: None,
    })
    .unwrap();
    assert_eq!(q.total, usd(599), "only shipping is left to pay");
}

#[test]
fn order_discounts_are_split_over_lines_exactly() {
    let lines = [
        line(1, 1, 1000, 1),
        line(2, 2, 1000, 1),
        line(3, 3, 1000, 1),
    ];
    let d = discounts(
        &lines,
        &[promo(1, PromotionKind::AmountOff { amount: usd(1000) })],
        None,
    );
    assert_eq!(minors(&d.per_line), [334, 333, 333]);
}

#[test]
fn percentage_off_respects_its_cap() {
    let lines = [line(1, 1, 10_000, 3)];
    let p = promo(
        1,
        PromotionKind::PercentOff {
            percent: percent(20),
            max_discount: Some(usd(2500)),
        },
    );
    assert_eq!(minors(&discounts(&lines, &[p], None).per_line), [2500]);
}

#[test]
fn line_promotions_come_before_order_promotions() {
    // 50 % off product 1, then 10 % off the order on what is left.
    let mut half = promo(
        1,
        PromotionKind::PercentOff {
            percent: percent(50),
            max_discount: None,
        },
    );
    half.target = Target::Items {
        product_ids: vec![1],
        category_ids: vec![],
    };
    let tenth = promo(
        2,
        PromotionKind::PercentOff {
            percent: percent(10),
            max_discount: None,
        },
    );
    let lines = [line(1, 1, 2000, 1), line(2, 2, 1000, 1)];
    let d = discounts(&lines, &[tenth, half], None);
    // Line 1: 1000 off, then 10 % of 1000 = 100; line 2: 10 % of 1000 = 100.
    assert_eq!(minors(&d.per_line), [1100, 100]);
}

#[test]
fn tiers_give_the_highest_reached() {
    let tiers = PromotionKind::Tiered {
        tiers: vec![
            Tier {
                min_spend: usd(10_000),
                amount_off: usd(1000),
            },
            Tier {
                min_spend: usd(20_000),
                amount_off: usd(2500),
            },
        ],
    };
    let d = discounts(&[line(1, 1, 12_500, 2)], &[promo(1, tiers.clone())], None);
    assert_eq!(minors(&d.per_line), [2500]);
    let d = discounts(&[line(1, 1, 9_999, 1)], &[promo(1, tiers)], None);
    assert!(d.applied.is_empty());
}

#[test]
fn free_shipping_takes_the_shipping_price_off() {
    let lines = [line(1, 1, 1000, 1)];
    let d = discounts(&lines, &[], Some(&coupon(1, PromotionKind::FreeShipping)));
    assert!(d.free_shipping);
    assert_eq!(d.shipping, usd(599));
    assert_eq!(d.coupon, CouponOutcome::Applied);
}

#[test]
fn an_exclusive_code_worth_less_than_the_automatic_savings_is_refused() {
    let lines = [line(1, 1, 10_000, 1)];
    let auto = [promo(
        1,
        PromotionKind::PercentOff {
            percent: percent(20),
            max_discount: None,
        },
    )];
    let mut code = coupon(2, PromotionKind::AmountOff { amount: usd(500) });
    code.exclusive = true;
    let d = discounts(&lines, &auto, Some(&code));
    assert_eq!(minors(&d.per_line), [2000]);
    assert_eq!(d.coupon, CouponOutcome::Rejected(Ineligible::NotCombinable));
    // Worth more, it wins alone.
    code.kind = PromotionKind::AmountOff { amount: usd(5000) };
    let d = discounts(&lines, &auto, Some(&code));
    assert_eq!(minors(&d.per_line), [5000]);
    assert_eq!(d.coupon, CouponOutcome::Applied);
    assert_eq!(d.applied.len(), 1);
}

#[test]
fn coupon_conditions_explain_themselves() {
    let lines = [line(1, 1, 4000, 1)];
    let mut code = coupon(
        1,
        PromotionKind::PercentOff {
            percent: percent(10),
            max_discount: None,
        },
    );
    code.conditions.min_subtotal = Some(usd(5000));
    let why = |c: &Promotion| match discounts(&lines, &[], Some(c)).coupon {
        CouponOutcome::Rejected(w) => w.to_string(),
        other => format!("{other:?}"),
    };
    assert_eq!(
        why(&code),
        "Spend $10.00 more to use this code (minimum $50.00)."
    );
    code.conditions = Conditions {
        requires_account: true,
        ..Conditions::default()
    };
    assert_eq!(why(&code), "Sign in to use this code.");
    code.conditions = Conditions {
        ends_at: Some(guest().now),
        ..Conditions::default()
    };
    assert_eq!(why(&code), "This code has expired.");
    code.conditions = Conditions::default();
    code.kind = bxgy(2, 1, None);
    assert_eq!(
        why(&code),
        "This code doesn't lower the price of your cart yet."
    );
}

#[test]
fn first_order_only_checks_earlier_orders() {
    let lines = [line(1, 1, 4000, 1)];
    let mut code = coupon(
        1,
        PromotionKind::PercentOff {
            percent: percent(10),
            max_discount: None,
        },
    );
    code.conditions.first_order_only = true;
    let returning = Shopper {
        previous_orders: 1,
        ..guest()
    };
    let d = apply_promotions(Currency::Usd, &lines, &[], Some(&code), &returning, None).unwrap();
    assert_eq!(
        d.coupon,
        CouponOutcome::Rejected(Ineligible::FirstOrderOnly)
    );
    let d = apply_promotions(Currency::Usd, &lines, &[], Some(&code), &guest(), None).unwrap();
    assert_eq!(d.coupon, CouponOutcome::Applied);
}

fn standard_shipping() -> ShippingRate {
    ShippingRate {
        id: 1,
        code: "standard".into(),
        name: "Standard".into(),
        price: usd(599),
        free_over: Some(usd(5000)),
        min_weight_grams: None,
        max_weight_grams: None,
    }
}

fn tax_rules(rate: &str, shipping: bool) -> Vec<TaxRule> {
    vec![TaxRule {
        id: 1,
        name: "Sales tax".into(),
        country: "US".into(),
        region: None,
        category_id: None,
        product_kind: None,
        rate: rate.parse().unwrap(),
        applies_to_shipping: shipping,
        priority: 0,
    }]
}

#[test]
fn tax_is_rounded_per_line_and_summed() {
    // Three 5¢ lines at 10 %: each line's 0.5¢ rounds half-to-even to 0¢, so the order's tax
    // is 0¢ (rounding the order's 1.5¢ once would give 2¢). Per-line rounding is the rule: a
    // refunded line takes back exactly the tax it was charged.
    let lines = [line(1, 1, 5, 1), line(2, 2, 5, 1), line(3, 3, 5, 1)];
    let rules = tax_rules("10%", false);
    let q = quote(QuoteInput {
        currency: Currency::Usd,
        lines: &lines,
        automatic: &[],
        coupon: None,
        shopper: guest(),
        shipping: None,
        tax: Some(TaxInput {
            rules: &rules,
            country: "US",
            region: None,
            prices_include_tax: false,
        }),
    })
    .unwrap();
    assert_eq!(q.tax, Some(usd(0)));
    assert_eq!(q.shipping, None, "not chosen yet");
}

#[test]
fn a_full_quote_with_discount_shipping_and_tax() {
    // $40 + 2 × $7.50 = $55; 10 % coupon → $49.50, under the $50 free-shipping threshold, so
    // shipping is $5.99; tax 8.25 % on goods and shipping.
    let lines = [line(1, 1, 4000, 1), line(2, 2, 750, 2)];
    let code = coupon(
        1,
        PromotionKind::PercentOff {
            percent: percent(10),
            max_discount: None,
        },
    );
    let rules = tax_rules("8.25%", true);
    let shipping = standard_shipping();
    let q = quote(QuoteInput {
        currency: Currency::Usd,
        lines: &lines,
        automatic: &[],
        coupon: Some(&code),
        shopper: guest(),
        shipping: Some(&shipping),
        tax: Some(TaxInput {
            rules: &rules,
            country: "US",
            region: Some("TX"),
            prices_include_tax: false,
        }),
    })
    .unwrap();
    assert_eq!(q.subtotal, usd(5500));
    assert_eq!(q.discount, usd(550));
    assert_eq!(
        minors(&q.lines.iter().map(|l| l.discount).collect::<Vec<_>>()),
        [400, 150]
    );
    assert_eq!(q.shipping, Some(usd(599)));
    // 3600 × 8.25 % = 297; 1350 × 8.25 % = 111.375 → 111; 599 × 8.25 % = 49.4175 → 49.
    assert_eq!(q.tax, Some(usd(297 + 111 + 49)));
    assert_eq!(q.total, usd(4950 + 599 + 457));
    assert_eq!(q.coupon, CouponOutcome::Applied);
}

#[test]
fn digital_only_orders_need_no_shipping() {
    let mut l = line(1, 1, 1000, 1);
    l.kind = ProductKind::Digital;
    let q = quote(QuoteInput {
        currency: Currency::Usd,
        lines: &[l],
        automatic: &[],
        coupon: None,
        shopper: guest(),
        shipping: None,
        tax: None,
    })
    .unwrap();
    assert!(!q.needs_shipping);
    assert_eq!(q.shipping, Some(usd(0)));
    assert_eq!(q.total, usd(1000));
}

#[test]
fn order_amount_limits() {
    assert!(check_order_amount(usd(500), Some(usd(1000)), None).is_err());
    assert_eq!(
        check_order_amount(usd(500), Some(usd(1000)), None)
            .unwrap_err()
            .to_string(),
        "The minimum order is $10.00; add $5.00 more to check out."
    );
    assert!(check_order_amount(usd(1000), Some(usd(1000)), Some(usd(1000))).is_ok());
    assert!(check_order_amount(usd(1001), None, Some(usd(1000))).is_err());
}
