//! Property tests for money arithmetic, allocation, rates and parsing.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::{Currency, Money, MoneyError, TaxRate, parse_amount};

fn currency() -> impl Strategy<Value = Currency> {
    proptest::sample::select(Currency::ALL.to_vec())
}

fn weight() -> impl Strategy<Value = u64> {
    // Up to 2^56 keeps `part × total` inside i128 for the exact-share check below.
    prop_oneof![
        0..=10_u64,
        any::<u32>().prop_map(u64::from),
        any::<u64>().prop_map(|w| w >> 8)
    ]
}

proptest! {
    #[test]
    fn allocate_preserves_total_and_stays_within_one_unit(
        minor in any::<i64>(),
        currency in currency(),
        weights in prop::collection::vec(weight(), 1..12),
    ) {
        let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
        prop_assume!(total > 0);
        let amount = Money::new(minor, currency);
        let parts = amount.allocate(&weights).unwrap();

        prop_assert_eq!(parts.len(), weights.len());
        let sum: i128 = parts.iter().map(|p| i128::from(p.minor())).sum();
        prop_assert_eq!(sum, i128::from(minor));
        for (part, &w) in parts.iter().zip(&weights) {
            prop_assert_eq!(part.currency(), currency);
            // |part − minor·w/total| < 1  ⇔  |part·total − minor·w| < total
            let diff = i128::from(part.minor()) * total - i128::from(minor) * i128::from(w);
            prop_assert!(diff.abs() < total, "part {} weight {} diff {}", part.minor(), w, diff);
            if w == 0 {
                prop_assert!(part.is_zero());
            }
            prop_assert!(part.is_zero() || part.is_negative() == amount.is_negative());
        }
    }

    #[test]
    fn allocate_rejects_all_zero_weights(minor in any::<i64>(), n in 0_usize..8) {
        prop_assert_eq!(
            Money::new(minor, Currency::Usd).allocate(&vec![0; n]),
            Err(MoneyError::InvalidWeights)
        );
    }

    #[test]
    fn checked_ops_never_panic_and_match_integer_semantics(
        a in any::<i64>(),
        b in any::<i64>(),
        qty in any::<u32>(),
        ca in currency(),
        cb in currency(),
    ) {
        let x = Money::new(a, ca);
        let y = Money::new(b, cb);
        let mismatch = Err(MoneyError::CurrencyMismatch { expected: ca, found: cb });
        let expect = |r: Option<i64>| r.map(|m| Money::new(m, ca)).ok_or(MoneyError::Overflow);
        if ca == cb {
            prop_assert_eq!(x.checked_add(y), expect(a.checked_add(b)));
            prop_assert_eq!(x.checked_sub(y), expect(a.checked_sub(b)));
            prop_assert_eq!(Money::sum([x, y], ca), expect(a.checked_add(b)));
        } else {
            prop_assert_eq!(x.checked_add(y), mismatch.clone());
            prop_assert_eq!(x.checked_sub(y), mismatch);
            prop_assert!(Money::sum([x, y], ca).is_err());
        }
        prop_assert_eq!(x.checked_mul_qty(qty), expect(a.checked_mul(i64::from(qty))));
        prop_assert_eq!(x.checked_neg(), expect(a.checked_neg()));
        let _ = (x.to_string(), x.to_plain_string());
    }

    #[test]
    fn apply_rate_is_within_half_a_unit_and_never_exceeds_the_amount(
        minor in any::<i64>(),
        scale in 0_u32..=TaxRate::MAX_DECIMALS,
        numerator_seed in any::<u64>(),
    ) {
        let denominator = 10_i128.pow(scale);
        let numerator = i128::from(numerator_seed) % (denominator + 1);
        let rate = TaxRate::new(Decimal::from_i128_with_scale(numerator, scale)).unwrap();
        let taxed = Money::new(minor, Currency::Usd).apply_rate(rate);
        prop_assert!(taxed.minor().unsigned_abs() <= minor.unsigned_abs());
        // |taxed − minor·rate| ≤ ½  ⇔  |2·taxed·den − 2·minor·num| ≤ den
        let diff = 2 * i128::from(taxed.minor()) * denominator
            - 2 * i128::from(minor) * numerator;
        prop_assert!(diff.abs() <= denominator);
    }

    #[test]
    fn plain_string_parses_back(minor in 0_i64.., currency in currency()) {
        let money = Money::new(minor, currency);
        prop_assert_eq!(parse_amount(&money.to_plain_string(), currency), Ok(money));
    }

    #[test]
    fn display_without_symbol_parses_back(minor in 0_i64.., currency in currency()) {
        let money = Money::new(minor, currency);
        let shown = money.to_string();
        let digits = shown.trim_start_matches(|c: char| !c.is_ascii_digit());
        prop_assert_eq!(parse_amount(digits, currency), Ok(money));
    }

    #[test]
    fn parse_amount_never_panics(input in "\\PC{0,24}", currency in currency()) {
        if let Ok(m) = parse_amount(&input, currency) {
            prop_assert!(!m.is_negative());
        }
    }

    #[test]
    fn serde_roundtrip(minor in any::<i64>(), currency in currency()) {
        let money = Money::new(minor, currency);
        let json = serde_json::to_string(&money).unwrap();
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
    }

    #[test]
    fn currency_deserializes_only_what_parses(code in "[A-Za-z]{0,4}") {
        let json = serde_json::to_string(&code).unwrap();
        let via_serde = serde_json::from_str::<Currency>(&json).ok();
        prop_assert_eq!(via_serde, Currency::parse(&code).ok());
    }
}
