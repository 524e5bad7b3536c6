use proptest::prelude::*;

use super::*;
use crate::Quantity;

fn lines() -> impl Strategy<Value = Vec<MergeLine>> {
    proptest::collection::vec((1i64..20, 1u32..=10, proptest::option::of(0u32..30)), 0..25)
        .prop_map(|v| {
            let mut seen = std::collections::HashSet::new();
            v.into_iter()
                .filter(|(id, _, _)| seen.insert(*id))
                .map(|(variant_id, quantity, available)| MergeLine {
                    variant_id,
                    quantity,
                    available,
                })
                .collect()
        })
}

proptest! {
    /// A merge never breaks a limit it was given, never loses a unit without a notice, and
    /// never lowers a line the shopper already had.
    #[test]
    fn merge_respects_limits_and_reports_every_cut(
        own in lines(), guest in lines(), max_lines in 1u32..30, max_per_line in 1u32..12,
    ) {
        let limits = CartLimits::new(max_lines, max_per_line);
        let own: Vec<MergeLine> = own.into_iter().take(max_lines as usize)
            .map(|mut l| { l.quantity = l.quantity.min(max_per_line); l }).collect();
        let plan = plan_merge(limits, &own, &guest);
        prop_assert!(own.len() + plan.insert.len() <= max_lines as usize);
        for (_, q) in &plan.insert { prop_assert!(*q >= 1 && *q <= max_per_line); }
        for (v, q) in &plan.update {
            let before = own.iter().find(|o| o.variant_id == *v).unwrap().quantity;
            prop_assert!(*q > before && *q <= max_per_line);
        }
        for g in &guest {
            let before = own.iter().find(|o| o.variant_id == g.variant_id).map_or(0, |o| o.quantity);
            let after = plan.update.iter().chain(&plan.insert)
                .find(|(v, _)| *v == g.variant_id).map_or(before, |(_, q)| *q);
            let noticed = plan.notices.iter().any(|n| matches!(n,
                MergeNotice::Capped { variant_id, .. } | MergeNotice::Dropped { variant_id, .. }
                if *variant_id == g.variant_id));
            prop_assert!(after == before + g.quantity || noticed);
        }
    }

    /// Adding one unit at a time never exceeds the limits or the stock.
    #[test]
    fn repeated_adds_stop_at_the_limit(max_per_line in 1u32..20, available in proptest::option::of(0u32..30)) {
        let limits = CartLimits::new(50, max_per_line);
        let mut in_cart = 0;
        for _ in 0..40 {
            if let Ok(q) = plan_add(limits, 1, in_cart, Quantity::ONE, available) { in_cart = q; }
        }
        prop_assert_eq!(in_cart, limits.max_per_line.min(available.unwrap_or(u32::MAX)));
    }
}
