//! Merging a guest cart into a shopper's own cart when they sign in.

use serde::{Deserialize, Serialize};

use super::CartLimits;

/// One line of a cart being merged: which variant, how many, and how many can be sold
/// (`None` when stock is not tracked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeLine {
    /// The variant on the line.
    pub variant_id: i64,
    /// Units on the line.
    pub quantity: u32,
    /// Units available to sell, if tracked.
    pub available: Option<u32>,
}

/// Something the shopper should be told about a merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MergeNotice {
    /// The summed quantity was cut to `kept`.
    Capped {
        /// The variant whose line was capped.
        variant_id: i64,
        /// What the two carts held together.
        wanted: u32,
        /// What the merged line holds.
        kept: u32,
    },
    /// The line could not be added at all (cart full or out of stock).
    Dropped {
        /// The variant left out.
        variant_id: i64,
        /// Units that were in the guest cart.
        quantity: u32,
    },
}

/// What to write: new quantities for existing lines of the shopper's cart, and new lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergePlan {
    /// `(variant_id, new quantity)` for lines already in the shopper's cart.
    pub update: Vec<(i64, u32)>,
    /// `(variant_id, quantity)` lines to copy from the guest cart.
    pub insert: Vec<(i64, u32)>,
    /// What was capped or dropped, in guest-cart order.
    pub notices: Vec<MergeNotice>,
}

/// Merges `guest` lines into `own` lines: the same variant adds up, capped by the per-line
/// limit and by stock; new variants are added while the cart has room. Nothing is ever
/// silently lost: every cut produces a [`MergeNotice`].
pub fn plan_merge(limits: CartLimits, own: &[MergeLine], guest: &[MergeLine]) -> MergePlan {
    let mut plan = MergePlan::default();
    let mut lines = own.len() as u32;
    for g in guest {
        let cap = |wanted: u32| {
            let by_stock = g.available.unwrap_or(u32::MAX);
            wanted.min(limits.max_per_line).min(by_stock)
        };
        match own.iter().find(|o| o.variant_id == g.variant_id) {
            Some(o) => {
                let wanted = o.quantity.saturating_add(g.quantity);
                // Never lower what the shopper already had, even if stock fell since.
                let kept = cap(wanted).max(o.quantity);
                if kept != o.quantity {
                    plan.update.push((o.variant_id, kept));
                }
                if kept < wanted {
                    plan.notices.push(MergeNotice::Capped {
                        variant_id: g.variant_id,
                        wanted,
                        kept,
                    });
                }
            }
            None => {
                let kept = cap(g.quantity);
                if kept == 0 || lines >= limits.max_lines {
                    plan.notices.push(MergeNotice::Dropped {
                        variant_id: g.variant_id,
                        quantity: g.quantity,
                    });
                    continue;
                }
                lines += 1;
                plan.insert.push((g.variant_id, kept));
                if kept < g.quantity {
                    plan.notices.push(MergeNotice::Capped {
                        variant_id: g.variant_id,
                        wanted: g.quantity,
                        kept,
                    });
                }
            }
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(variant_id: i64, quantity: u32, available: Option<u32>) -> MergeLine {
        MergeLine {
            variant_id,
            quantity,
            available,
        }
    }

    #[test]
    fn same_variant_adds_up() {
        let plan = plan_merge(
            CartLimits::default(),
            &[line(1, 2, Some(50))],
            &[line(1, 3, Some(50)), line(2, 1, None)],
        );
        assert_eq!(plan.update, vec![(1, 5)]);
        assert_eq!(plan.insert, vec![(2, 1)]);
        assert!(plan.notices.is_empty());
    }

    #[test]
    fn sums_are_capped_by_line_limit_and_stock() {
        let plan = plan_merge(
            CartLimits::default(),
            &[line(1, 8, None), line(3, 2, Some(3))],
            &[line(1, 5, None), line(3, 4, Some(3)), line(4, 12, None)],
        );
        assert_eq!(plan.update, vec![(1, 10), (3, 3)]);
        assert_eq!(plan.insert, vec![(4, 10)]);
        assert_eq!(
            plan.notices,
            vec![
                MergeNotice::Capped {
                    variant_id: 1,
                    wanted: 13,
                    kept: 10
                },
                MergeNotice::Capped {
                    variant_id: 3,
                    wanted: 6,
                    kept: 3
                },
                MergeNotice::Capped {
                    variant_id: 4,
                    wanted: 12,
                    kept: 10
                },
            ]
        );
    }

    #[test]
    fn full_cart_and_sold_out_lines_are_dropped_with_a_notice() {
        let limits = CartLimits::new(2, 10);
        let plan = plan_merge(
            limits,
            &[line(1, 1, None)],
            &[line(2, 1, Some(0)), line(3, 2, None), line(4, 1, None)],
        );
        assert_eq!(plan.insert, vec![(3, 2)]);
        assert_eq!(
            plan.notices,
            vec![
                MergeNotice::Dropped {
                    variant_id: 2,
                    quantity: 1
                },
                MergeNotice::Dropped {
                    variant_id: 4,
                    quantity: 1
                },
            ]
        );
    }

    #[test]
    fn existing_quantity_is_never_lowered() {
        let plan = plan_merge(
            CartLimits::default(),
            &[line(1, 5, Some(2))],
            &[line(1, 1, Some(2))],
        );
        assert!(plan.update.is_empty());
        assert_eq!(
            plan.notices,
            vec![MergeNotice::Capped {
                variant_id: 1,
                wanted: 6,
                kept: 5
            }]
        );
    }
}
