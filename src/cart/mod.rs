//! Cart rules: per-line and per-cart limits, what adding or merging does to quantities, and
//! cart totals. Pure functions over plain values; the app applies the decisions in SQL.

mod limits;
mod merge;
mod totals;

pub use limits::{CartLimits, CartRejection, plan_add, plan_set};
pub use merge::{MergeLine, MergeNotice, MergePlan, plan_merge};
pub use totals::{CartLine, CartTotals, cart_totals};

#[cfg(test)]
mod proptests;
